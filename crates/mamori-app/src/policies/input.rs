//! What a form, the API or an import sends about policy documents, and its checks.
//! Each problem is reported under the field it belongs to, in Japanese and English.

use chrono::NaiveDate;
use mamori_domain::policy::sections::{Split, split};
use mamori_domain::policy::{
    Approval, Disclosure, Move, Tier, check_approval, check_title, markdown,
};
use mamori_domain::{FieldError, Invalid};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::departments::{DeptIndex, optional_date};

/// A document's settings; on creation also its first draft's text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DocumentInput {
    /// `basic`, `standards` or `procedure` (or 基本方針, 対策基準, 実施手順).
    pub tier: String,
    pub title: String,
    /// `public`, `internal` or `restricted` (公開, 庁内限定, 関係者限定); empty: the
    /// tier's usual one (a basic policy public, standards staff-only, a procedure for
    /// those concerned).
    #[serde(default)]
    pub disclosure: String,
    /// The owning department (id, code, name or path); a procedure must name one.
    #[serde(default)]
    pub department: String,
    /// The controls it governs, one per line: `catalog:control` or `AC-0001`.
    #[serde(default)]
    pub governs: String,
    /// The first draft's Markdown (when creating; ignored on an update).
    #[serde(default)]
    pub body: String,
}

/// A draft's title and text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DraftInput {
    pub title: String,
    /// Markdown. Each heading starts a numbered section.
    #[serde(default)]
    pub body: String,
    /// What changed, for the committee and the history.
    #[serde(default)]
    pub note: String,
}

/// The committee's approval of a version in review.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ApprovalInput {
    /// The meeting (第3回情報セキュリティ委員会).
    pub meeting: String,
    /// The day of the decision (`2026-11-20` or 和暦).
    pub decided_on: String,
    /// The decision number.
    pub decision_no: String,
    /// The day it takes effect.
    pub effective_on: String,
}

/// A step of a version through review.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct StepInput {
    /// `submit` (draft → review) or `return` (review → draft).
    pub step: String,
}

impl StepInput {
    pub fn step(&self) -> Option<Move> {
        Move::from_code(self.step.trim()).filter(|m| *m != Move::Approve)
    }
}

/// A document's settings, checked (the governed controls are checked by the app,
/// which reads the catalogs).
pub(super) struct CheckedDocument {
    pub tier: Tier,
    pub title: String,
    pub disclosure: Disclosure,
    pub department_id: Option<Uuid>,
    pub governs: Vec<String>,
}

impl DocumentInput {
    pub(super) fn check(&self, depts: &DeptIndex, inv: &mut Invalid) -> Option<CheckedDocument> {
        let tier = inv.check("tier", Tier::parse(&self.tier));
        let title = inv.check("title", check_title(&self.title));
        let disclosure = match (self.disclosure.trim(), tier) {
            ("", Some(t)) => Some(t.default_disclosure()),
            ("", None) => None,
            (d, _) => inv.check("disclosure", Disclosure::parse(d)),
        };
        let department_id = match self.department.trim() {
            "" => {
                if tier == Some(Tier::Procedure) {
                    inv.push(FieldError::new(
                        "department",
                        "実施手順には所管の所属を指定してください。",
                        "A procedure needs the department it belongs to.",
                    ));
                }
                None
            }
            d => depts
                .resolve(d)
                .map(|m| m.id)
                .map_err(|p| inv.push(p.at("department")))
                .ok(),
        };
        Some(CheckedDocument {
            tier: tier?,
            title: title?,
            disclosure: disclosure?,
            department_id,
            governs: governed(&self.governs),
        })
    }
}

/// The governed-control references as given, one per line or comma, blanks dropped.
pub(super) fn governed(raw: &str) -> Vec<String> {
    raw.split(['\n', ',', '、'])
        .map(mamori_domain::text::clean)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a reference names an applied control (`AC-0001`) rather than a catalog's.
pub(super) fn is_applied_number(r: &str) -> bool {
    // Slices by `get`: a reference may be any text, and a byte index inside a
    // character must not panic.
    match (r.get(..3), r.get(3..)) {
        (Some(prefix), Some(digits)) => {
            prefix.eq_ignore_ascii_case("AC-")
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// A checked draft: its title and its text split into sections.
pub(super) struct CheckedDraft {
    pub title: String,
    pub split: Split,
    pub note: String,
}

/// Checks a draft's title and text: no HTML but a few inline tags, no script links,
/// no images, no duplicated section numbers. Every problem names its line.
pub(super) fn check_draft(title: &str, body: &str, note: &str) -> Result<CheckedDraft, Invalid> {
    let mut inv = Invalid::new();
    let title = inv.check("title", check_title(title));
    let body = markdown::normalize(body);
    for p in markdown::check(&body) {
        inv.push(p.at("body"));
    }
    let parts = match split(&body) {
        Ok(s) => Some(s),
        Err(ps) => {
            for p in ps {
                inv.push(p.at("body"));
            }
            None
        }
    };
    let note = mamori_domain::text::clean(note);
    if note.chars().count() > 2_000 {
        inv.push(FieldError::new(
            "note",
            "改定の概要は2000文字以内で入力してください。",
            "The note is longer than 2,000 characters.",
        ));
    }
    match (title, parts) {
        (Some(title), Some(split)) if inv.is_empty() => Ok(CheckedDraft { title, split, note }),
        _ => Err(inv),
    }
}

impl ApprovalInput {
    pub(super) fn check(&self, today: NaiveDate) -> Result<Approval, Invalid> {
        let mut inv = Invalid::new();
        let decided_on = optional_date(&mut inv, "decided_on", &self.decided_on);
        let effective_on = optional_date(&mut inv, "effective_on", &self.effective_on);
        if !inv.is_empty() {
            return Err(inv);
        }
        check_approval(
            &self.meeting,
            decided_on,
            &self.decision_no,
            effective_on,
            today,
        )
        .map_err(|errs| {
            let mut inv = Invalid::new();
            for (f, p) in errs {
                inv.push(p.at(f));
            }
            inv
        })
    }
}

/// Largest file read into a draft.
const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// The Markdown of an uploaded policy file: a Word document (.docx) read into
/// headings, lists and tables, or a Markdown or text file (UTF-8 or Shift_JIS) as it
/// is. Problems are reported under `file`.
pub fn text_from_file(bytes: &[u8]) -> Result<String, Invalid> {
    let refuse = |ja: &str, en: &str| Invalid::from(FieldError::new("file", ja, en));
    if bytes.is_empty() {
        return Err(refuse(
            "取り込むファイル（.docx または .md）を選んでください。",
            "Choose a file to import (.docx or .md).",
        ));
    }
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(refuse(
            "ファイルが大きすぎます（20 MB まで）。",
            "The file is too large (at most 20 MB).",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(refuse(
            "PDF は取り込めません。元の Word ファイル（.docx）か Markdown を選んでください（PDF は原本として添付できます）。",
            "A PDF cannot be imported. Choose the Word original (.docx) or Markdown (a PDF can be attached as an original).",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return mamori_domain::policy::docx::docx_to_markdown(bytes)
            .map_err(|p| Invalid::from(p.at("file")));
    }
    match crate::tabular::decode_text(bytes) {
        Ok((_, text)) => Ok(markdown::normalize(&text)),
        Err(_) => Err(refuse(
            "Word ファイル（.docx）か、Markdown・テキストのファイル（UTF-8 または Shift_JIS）を選んでください。",
            "Choose a Word file (.docx) or a Markdown or text file (UTF-8 or Shift_JIS).",
        )),
    }
}
