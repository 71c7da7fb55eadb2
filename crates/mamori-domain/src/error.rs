//! Validation failures that users see.
//!
//! Every rule in the domain reports what is wrong in both of the UI's languages at the
//! moment it is found, so the message can travel unchanged to a form, an API answer or an
//! import report. A [`Problem`] says what is wrong with a value; the caller, who knows
//! where the value came from (a form field, an import column), turns it into a
//! [`FieldError`].

use serde::Serialize;

/// What is wrong with one value, in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub ja: String,
    pub en: String,
}

impl Problem {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// Attaches the field the value came from.
    pub fn at(self, field: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            ja: self.ja,
            en: self.en,
        }
    }

    /// The message in the requested language (`"en"` or anything else for Japanese).
    pub fn text(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.ja }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.ja, self.en)
    }
}

/// A problem tied to the field (form input, API property, import column) it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as the input names it (`name`, `residual.likelihood` …).
    pub field: String,
    pub ja: String,
    pub en: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            ja: ja.into(),
            en: en.into(),
        }
    }

    pub fn text(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.ja }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} / {}", self.field, self.ja, self.en)
    }
}

/// Collects every problem of an input before answering, so a user fixes them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Invalid(pub Vec<FieldError>);

impl Invalid {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Keeps the parsed value, or records the problem under `field` and gives `None`.
    pub fn check<T>(&mut self, field: &str, r: Result<T, Problem>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(p) => {
                self.0.push(p.at(field));
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<FieldError> for Invalid {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}
