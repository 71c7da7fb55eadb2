//! What forms send that `Form` cannot read: fields that repeat (several departments
//! ticked) and multipart uploads with a file.

use std::collections::HashMap;

use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::FormState;

/// A form whose fields may repeat (several departments ticked): its pairs as sent.
pub(crate) type Pairs = Vec<(String, String)>;

pub(crate) fn get<'a>(p: &'a Pairs, k: &str) -> &'a str {
    p.iter()
        .find(|(key, _)| key == k)
        .map_or("", |(_, v)| v.as_str())
}

pub(crate) fn all<'a>(p: &'a Pairs, k: &'a str) -> impl Iterator<Item = &'a str> {
    p.iter()
        .filter(move |(key, _)| key == k)
        .map(|(_, v)| v.as_str())
}

pub(crate) fn state_of(p: &Pairs, lang: Lang) -> FormState {
    p.iter().fold(FormState::new(lang), |f, (k, v)| {
        if f.values.contains_key(k) {
            f
        } else {
            f.with(k, v.clone())
        }
    })
}

/// A multipart form as sent: its text fields and its file (the field named `file`).
#[derive(Debug, Default)]
pub struct Upload {
    fields: HashMap<String, String>,
    /// The file's name as the browser gave it, and its bytes.
    pub file: Option<(String, Vec<u8>)>,
}

impl Upload {
    /// A text field, empty when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Reads a multipart form whole (its size is bounded by the route's body limit); a
/// broken body is a bad request.
pub async fn read_upload(mut mp: axum::extract::Multipart, lang: Lang) -> Result<Upload, WebError> {
    let mut up = Upload::default();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| WebError::bad_request(lang))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| WebError::bad_request(lang))?;
            up.file = Some((file_name, bytes.to_vec()));
        } else {
            let text = field.text().await.unwrap_or_default();
            up.fields.insert(name, text);
        }
    }
    Ok(up)
}
