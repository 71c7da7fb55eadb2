//! The one error type of the use cases.

use mamori_domain::{FieldError, Invalid, Problem};
use mamori_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad input: every problem, each naming its field; nothing was written.
    #[error("invalid input: {0}")]
    Invalid(Invalid),
    /// A request no input could make valid (a search text far too long): 400.
    #[error("bad request: {0}")]
    BadRequest(Problem),
    #[error("not found")]
    NotFound,
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Not signed in, or the session/token is no longer valid.
    #[error("authentication required")]
    Unauthenticated,
    /// The request conflicts with the current state (duplicate number, …).
    #[error("conflict: {0}")]
    Conflict(Problem),
    /// A service outside Mamori (the mail server, the directory) failed; the message
    /// says which and how: 502.
    #[error("unavailable: {0}")]
    Unavailable(Problem),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

/// A code read back from the database, which this build must know: a value it does not
/// (a row written by a newer Mamori, or edited by hand) is refused as an internal error
/// rather than read as some default, which would show and re-save a wrong value.
pub(crate) fn stored<T>(what: &'static str, code: &str, known: Option<T>) -> AppResult<T> {
    known.ok_or_else(|| AppError::Internal(format!("stored {what} has an unknown code {code:?}")))
}

impl From<Invalid> for AppError {
    fn from(i: Invalid) -> Self {
        AppError::Invalid(i)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(Invalid::from(e))
    }
}

impl From<sea_orm_err::DbErr> for AppError {
    fn from(e: sea_orm_err::DbErr) -> Self {
        AppError::Store(StoreError::Db(e))
    }
}

mod sea_orm_err {
    pub use mamori_store::DbErr;
}

impl AppError {
    /// A single-field input error.
    pub fn field(field: &str, ja: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Invalid(Invalid::from(FieldError::new(field, ja, en)))
    }
}

/// An error with its causes on one line (what an outside library reports is often only
/// in the innermost cause), for messages to operators.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    s
}

/// A list's free-text query, ready to match (see `mamori_domain::text::search_query`):
/// `None` to list everything, a 400 when it is far too long.
pub(crate) fn search_text(raw: &str) -> AppResult<Option<String>> {
    mamori_domain::text::search_query(raw).map_err(AppError::BadRequest)
}

/// A list parameter that must be one of a fixed set (a sort, a status): an unknown
/// value is refused naming the parameter, rather than silently read as the default.
pub(crate) fn one_of<'a>(param: &str, value: &'a str, allowed: &[&str]) -> AppResult<&'a str> {
    if value.is_empty() || allowed.contains(&value) {
        return Ok(value);
    }
    Err(AppError::field(
        param,
        format!(
            "「{value}」は{param}に指定できません。{} のいずれかです。",
            allowed.join("、")
        ),
        format!(
            "\"{value}\" is not a value of {param}; use one of: {}.",
            allowed.join(", ")
        ),
    ))
}

/// A list parameter naming a code of a coded enum (`from_code`), checked the same way.
pub(crate) fn code_of<T>(
    param: &str,
    value: &str,
    from_code: impl Fn(&str) -> Option<T>,
    all: &[&str],
) -> AppResult<Option<T>> {
    if value.is_empty() {
        return Ok(None);
    }
    match from_code(value) {
        Some(v) => Ok(Some(v)),
        None => one_of(param, value, all).map(|_| None),
    }
}
