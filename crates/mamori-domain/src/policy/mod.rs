//! Policy documents (the policy's §3: the policy is the root of the ISMS): the three
//! tiers the MIC guideline gives them, who may read each, and the life of a version —
//! drafted, reviewed, approved by the committee, in force from a date, superseded by
//! the next. Markdown bodies are split into numbered sections ([`sections`]), checked
//! and rendered safely ([`markdown`]) and compared version to version ([`diff`]).

pub mod ack;
pub mod diff;
pub mod docx;
pub mod markdown;
pub mod sections;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::text::clean;

labelled_enum! {
    /// The three tiers of the information security policy.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Tier {
        Basic => ("basic", "基本方針", "Basic policy", ["情報セキュリティ基本方針", "サイバーセキュリティ確保方針"]),
        Standards => ("standards", "対策基準", "Standards", ["情報セキュリティ対策基準"]),
        Procedure => ("procedure", "実施手順", "Procedure", ["手順", "実施手順書"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("文書の種類が入力されていません。", "The document tier is empty."),
        unknown: choices("文書の種類", "a document tier"),
    }
}

labelled_enum! {
    /// Who may read a document. Only 公開 documents ever reach the public page.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Disclosure {
        Public => ("public", "公開", "Public"),
        Internal => ("internal", "庁内限定", "Staff only", ["職員限定"]),
        Restricted => ("restricted", "関係者限定", "Those concerned only", ["関係者"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("公開区分が入力されていません。", "The disclosure is empty."),
        unknown: choices("公開区分", "a disclosure"),
    }
}

impl Tier {
    /// What a new document of this tier is disclosed as unless its author says
    /// otherwise: the basic policy is published (地方自治法 requires the
    /// cybersecurity policy to be), standards stay inside, procedures with those
    /// concerned.
    pub fn default_disclosure(self) -> Disclosure {
        match self {
            Tier::Basic => Disclosure::Public,
            Tier::Standards => Disclosure::Internal,
            Tier::Procedure => Disclosure::Restricted,
        }
    }
}

labelled_enum! {
    /// Where a version stands as stored. Whether an approved version is in force yet,
    /// or already superseded, follows from the dates ([`Status`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum VersionState {
        Draft => ("draft", "起案中", "Draft"),
        Review => ("review", "審議中", "In review"),
        Approved => ("approved", "承認済み", "Approved"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("版の状態が入力されていません。", "The version state is empty."),
        unknown: choices("版の状態", "a version state"),
    }
}

labelled_enum! {
    /// Where a version stands on a given day.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Draft => ("draft", "起案中", "Draft"),
        Review => ("review", "審議中", "In review"),
        Scheduled => ("scheduled", "施行待ち", "Approved, not yet in force"),
        InForce => ("in_force", "施行中", "In force"),
        Superseded => ("superseded", "改定済み", "Superseded"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状態が入力されていません。", "The status is empty."),
        unknown: choices("状態", "a status"),
    }
}

/// What the status of a version depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    pub version: i32,
    pub state: VersionState,
    pub effective_on: Option<NaiveDate>,
}

/// The version of a document in force on `day`: of the approved versions whose date
/// has come, the one that took effect last (the higher version if two share a day).
pub fn in_force(versions: &[Dated], day: NaiveDate) -> Option<i32> {
    versions
        .iter()
        .filter(|v| v.state == VersionState::Approved)
        .filter_map(|v| v.effective_on.filter(|d| *d <= day).map(|d| (d, v.version)))
        .max()
        .map(|(_, n)| n)
}

/// The status of `v` among its document's `versions` on `day`.
pub fn status(v: &Dated, versions: &[Dated], day: NaiveDate) -> Status {
    match v.state {
        VersionState::Draft => Status::Draft,
        VersionState::Review => Status::Review,
        VersionState::Approved => match (in_force(versions, day), v.effective_on) {
            (Some(n), _) if n == v.version => Status::InForce,
            (_, Some(d)) if d > day => Status::Scheduled,
            _ => Status::Superseded,
        },
    }
}

/// The moves a version may make, and why a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    /// Draft → review: the text is ready for the committee.
    Submit,
    /// Review → draft: sent back for changes.
    Return,
    /// Review → approved, with the committee's decision and the date it takes effect.
    Approve,
}

impl Move {
    pub fn code(self) -> &'static str {
        match self {
            Move::Submit => "submit",
            Move::Return => "return",
            Move::Approve => "approve",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [Move::Submit, Move::Return, Move::Approve]
            .into_iter()
            .find(|m| m.code() == s)
    }

    /// The state after the move, or why it cannot be made from `from`.
    pub fn apply(self, from: VersionState) -> Result<VersionState, Problem> {
        match (self, from) {
            (Move::Submit, VersionState::Draft) => Ok(VersionState::Review),
            (Move::Return, VersionState::Review) => Ok(VersionState::Draft),
            (Move::Approve, VersionState::Review) => Ok(VersionState::Approved),
            (_, VersionState::Approved) => Err(Problem::new(
                "承認済みの版は変更できません。改定するには新しい版を起案してください。",
                "An approved version cannot change. Draft a new version to amend it.",
            )),
            (Move::Submit, _) => Err(Problem::new(
                "この版はすでに審議中です。",
                "This version is already in review.",
            )),
            (Move::Return | Move::Approve, _) => Err(Problem::new(
                "起案中の版は、審議に付してから差し戻し・承認します。",
                "A draft is submitted for review before it is returned or approved.",
            )),
        }
    }
}

/// The committee's approval of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    /// The meeting, as the minutes name it (第3回情報セキュリティ委員会).
    pub meeting: String,
    pub decided_on: NaiveDate,
    /// The decision number (議決番号), as the committee numbers them.
    pub decision_no: String,
    pub effective_on: NaiveDate,
}

/// Checks an approval; `today` bounds the decision date (a decision is not recorded
/// before it is taken).
pub fn check_approval(
    meeting: &str,
    decided_on: Option<NaiveDate>,
    decision_no: &str,
    effective_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Approval, Vec<(&'static str, Problem)>> {
    let mut errs = Vec::new();
    let meeting = clean(meeting);
    if meeting.is_empty() {
        errs.push((
            "meeting",
            Problem::new("会議名を入力してください。", "Enter the meeting."),
        ));
    }
    let decision_no = clean(decision_no);
    if decision_no.is_empty() {
        errs.push((
            "decision_no",
            Problem::new("議決番号を入力してください。", "Enter the decision number."),
        ));
    }
    match decided_on {
        None => errs.push((
            "decided_on",
            Problem::new(
                "議決日を入力してください。",
                "Enter the date of the decision.",
            ),
        )),
        Some(d) if d > today => errs.push((
            "decided_on",
            Problem::new(
                "議決日が未来の日付です。",
                "The date of the decision is in the future.",
            ),
        )),
        Some(_) => {}
    }
    match (decided_on, effective_on) {
        (_, None) => errs.push((
            "effective_on",
            Problem::new(
                "施行日を入力してください。",
                "Enter the date it takes effect.",
            ),
        )),
        (Some(d), Some(e)) if e < d => errs.push((
            "effective_on",
            Problem::new(
                "施行日が議決日より前です。",
                "It cannot take effect before the decision.",
            ),
        )),
        _ => {}
    }
    match (decided_on, effective_on) {
        (Some(decided_on), Some(effective_on)) if errs.is_empty() => Ok(Approval {
            meeting,
            decided_on,
            decision_no,
            effective_on,
        }),
        _ => Err(errs),
    }
}

/// Checks a document title: one line, 1–200 characters.
pub fn check_title(s: &str) -> Result<String, Problem> {
    let t = clean(s);
    if t.is_empty() {
        return Err(Problem::new(
            "文書名を入力してください。",
            "Enter the document's title.",
        ));
    }
    if t.chars().count() > 200 {
        return Err(Problem::new(
            "文書名は200文字以内で入力してください。",
            "The title is longer than 200 characters.",
        ));
    }
    Ok(t)
}

/// Where each line of a text starts, to name the line of an offset without counting
/// from the top each time (a long standards document has thousands of events).
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Self {
        Self(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line of byte `offset`.
    pub(crate) fn of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// A document's number as people cite it (`POL-003`).
pub fn document_code(number: i32) -> String {
    format!("POL-{number:03}")
}

/// The fingerprint of a version's text, recorded with each acknowledgement so a
/// reader's confirmation names exactly the words they were shown.
pub fn text_hash(title: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update([0u8]);
    h.update(body.as_bytes());
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests;
