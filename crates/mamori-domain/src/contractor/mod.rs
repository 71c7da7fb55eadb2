//! Contractors (外部委託, the MIC guideline's outsourcing chapter): the companies that
//! handle the organization's information, their certifications, and the contracts under
//! which they do — with the security clauses the city ticks per contract, the
//! sub-contractors each one may use with the approval it needs, and the periodic checks
//! made of them.
//!
//! A company is named by its 法人番号 when it has one, checked with its check digit
//! ([`corporate_number`]). Whether a certification or a contract is current follows
//! from its dates and the day ([`cert_status`], [`contract_standing`]); nothing about
//! lapsing is stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::wareki::format_western;

/// Days before its end from which a certification or a contract shows as ending.
pub const ENDING_DAYS: i64 = 60;

/// Reads a 法人番号: 13 digits (full width, spaces and hyphens allowed), the first of
/// which is the check digit of the other twelve. Empty is `None`: a sole proprietor or
/// a foreign company has none.
pub fn corporate_number(raw: &str) -> Result<Option<String>, Problem> {
    let folded = crate::text::fold_width(raw);
    let digits: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | 'ー' | '−'))
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    let shown = crate::text::excerpt(raw.trim());
    if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            format!("法人番号「{shown}」は 13 桁の数字ではありません。"),
            format!("The corporate number \"{shown}\" is not 13 digits."),
        ));
    }
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    if d[0] != check_digit(&d[1..]) {
        return Err(Problem::new(
            format!(
                "法人番号「{shown}」の検査用数字（先頭の 1 桁）が合いません。番号を確かめてください。"
            ),
            format!(
                "The check digit (the first) of the corporate number \"{shown}\" does not match; check the number."
            ),
        ));
    }
    Ok(Some(digits))
}

/// The check digit of a 法人番号's twelve-digit base: nine less the remainder by nine of
/// the digits weighted 1 and 2 alternately, counting from the lowest.
fn check_digit(base: &[u32]) -> u32 {
    let sum: u32 = base
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| d * if i % 2 == 0 { 1 } else { 2 })
        .sum();
    9 - sum % 9
}

labelled_enum! {
    /// A certification a contractor holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CertKind {
        Iso27001 => ("iso27001", "ISO/IEC 27001（ISMS）", "ISO/IEC 27001", ["ISMS", "ISO27001"]),
        PrivacyMark => ("privacy_mark", "プライバシーマーク", "PrivacyMark", ["Pマーク"]),
        /// The government's cloud service register.
        Ismap => ("ismap", "ISMAP", "ISMAP"),
        IsmapLiu => ("ismap_liu", "ISMAP-LIU", "ISMAP-LIU"),
        Iso27017 => ("iso27017", "ISO/IEC 27017（クラウド）", "ISO/IEC 27017"),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("認証の種類が入力されていません。", "The kind of certification is empty."),
        unknown: choices("認証の種類", "a kind of certification"),
    }
}

labelled_enum! {
    /// Whether a certification holds on a day.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CertStatus {
        Valid => ("valid", "有効", "Valid"),
        /// Expires within [`ENDING_DAYS`].
        Expiring => ("expiring", "期限間近", "Expiring"),
        Expired => ("expired", "失効", "Lapsed"),
        /// No expiry was recorded.
        Open => ("open", "期限未登録", "No expiry recorded"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("認証の状態が入力されていません。", "The certification status is empty."),
        unknown: choices("認証の状態", "a certification status"),
    }
}

/// Whether a certification expiring on `expires` holds on `today`.
pub fn cert_status(expires: Option<NaiveDate>, today: NaiveDate) -> CertStatus {
    match expires {
        None => CertStatus::Open,
        Some(e) if today > e => CertStatus::Expired,
        Some(e) if (e - today).num_days() <= ENDING_DAYS => CertStatus::Expiring,
        Some(_) => CertStatus::Valid,
    }
}

/// Checks a certification as entered: a number, and an expiry not before the
/// registration.
pub fn check_certification(
    number: &str,
    registered: Option<NaiveDate>,
    expires: Option<NaiveDate>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if number.trim().is_empty() {
        out.push((
            "number",
            Problem::new(
                "登録番号・認証番号を入力してください。",
                "Give the registration or certificate number.",
            ),
        ));
    }
    if let (Some(r), Some(e)) = (registered, expires)
        && e < r
    {
        let (r, e) = (format_western(r), format_western(e));
        out.push((
            "expires_on",
            Problem::new(
                format!("有効期限（{e}）が登録日（{r}）より前になっています。"),
                format!("The expiry ({e}) is before the registration ({r})."),
            ),
        ));
    }
    out
}

labelled_enum! {
    /// Where a contract stands on a day.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Standing {
        Upcoming => ("upcoming", "開始前", "Not started"),
        Active => ("active", "契約中", "In force"),
        /// In force and ending within [`ENDING_DAYS`].
        Ending => ("ending", "終了間近", "Ending soon"),
        Ended => ("ended", "終了", "Ended"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("契約の状況が入力されていません。", "The contract standing is empty."),
        unknown: choices("契約の状況", "a contract standing"),
    }
}

/// Where a contract from `from` to `until` stands on `today`.
pub fn contract_standing(from: NaiveDate, until: NaiveDate, today: NaiveDate) -> Standing {
    if today < from {
        Standing::Upcoming
    } else if today > until {
        Standing::Ended
    } else if (until - today).num_days() <= ENDING_DAYS {
        Standing::Ending
    } else {
        Standing::Active
    }
}

/// Checks a contract as entered: a subject and a period whose end is not before its
/// start.
pub fn check_contract(
    subject: &str,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if subject.trim().is_empty() {
        out.push((
            "subject",
            Problem::new(
                "契約の件名を入力してください。",
                "Give the contract's subject.",
            ),
        ));
    }
    if from.is_none() {
        out.push((
            "starts_on",
            Problem::new(
                "契約の開始日を入力してください。",
                "Give the contract's first day.",
            ),
        ));
    }
    if until.is_none() {
        out.push((
            "ends_on",
            Problem::new(
                "契約の終了日を入力してください。",
                "Give the contract's last day.",
            ),
        ));
    }
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        let (f, u) = (format_western(f), format_western(u));
        out.push((
            "ends_on",
            Problem::new(
                format!("契約の終了日（{u}）が開始日（{f}）より前になっています。"),
                format!("The contract's last day ({u}) is before its first ({f})."),
            ),
        ));
    }
    out
}

labelled_enum! {
    /// How a contractor was checked.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CheckKind {
        Report => ("report", "報告書の受領・確認", "Report received"),
        Onsite => ("onsite", "立入検査", "On-site inspection"),
        Questionnaire => ("questionnaire", "チェックシート・自己点検", "Questionnaire"),
        Audit => ("audit", "監査報告書の確認", "Audit report reviewed"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("確認の方法が入力されていません。", "The kind of check is empty."),
        unknown: choices("確認の方法", "a kind of check"),
    }
}

/// A security clause of the organization's contract template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Stable code, kept on each contract that has the clause.
    pub code: String,
    pub ja: String,
    pub en: String,
}

/// How an organization runs its contractor register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The clauses a contract is checked for, in order.
    pub clauses: Vec<Clause>,
}

impl Default for Settings {
    fn default() -> Self {
        let clause = |code: &str, ja: &str, en: &str| Clause {
            code: code.into(),
            ja: ja.into(),
            en: en.into(),
        };
        Self {
            clauses: vec![
                clause(
                    "policy",
                    "情報セキュリティポリシーの遵守",
                    "Compliance with the security policy",
                ),
                clause(
                    "confidentiality",
                    "守秘義務（契約終了後を含む）",
                    "Confidentiality, also after the contract",
                ),
                clause(
                    "purpose",
                    "目的外利用・第三者提供の禁止",
                    "No use beyond the purpose, no disclosure",
                ),
                clause(
                    "subcontracting",
                    "再委託の制限と事前承認",
                    "Sub-contracting limited and approved beforehand",
                ),
                clause(
                    "incident",
                    "事故発生時の報告義務",
                    "Duty to report incidents",
                ),
                clause(
                    "inspection",
                    "発注者による立入検査・監査の権利",
                    "The city's right to inspect and audit",
                ),
                clause(
                    "return",
                    "契約終了時の資料の返却・データの消去",
                    "Return of records and deletion of data at the end",
                ),
                clause("staff", "従事者の特定・教育", "Named and trained workers"),
                clause(
                    "liability",
                    "違反時の契約解除・損害賠償",
                    "Termination and damages on breach",
                ),
            ],
        }
    }
}

impl Settings {
    /// Checks a template as entered: each clause has a code (unique, ASCII) and a
    /// Japanese label.
    pub fn check(&self) -> Vec<(&'static str, Problem)> {
        let mut out = Vec::new();
        if self.clauses.is_empty() {
            out.push((
                "clauses",
                Problem::new(
                    "条項を 1 つ以上入力してください。",
                    "Give at least one clause.",
                ),
            ));
        }
        let mut seen = Vec::new();
        for c in &self.clauses {
            let ok = !c.code.is_empty()
                && c.code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !ok || c.ja.trim().is_empty() || seen.contains(&c.code) {
                out.push((
                    "clauses",
                    Problem::new(
                        format!(
                            "条項「{}」: コード（半角英数字、重複なし）と名称が必要です。",
                            c.ja
                        ),
                        format!(
                            "Clause \"{}\": it needs a code (ASCII, unique) and a label.",
                            c.en
                        ),
                    ),
                ));
            }
            seen.push(c.code.clone());
        }
        out
    }
}

/// A contractor's number as people write it: `CTR-0007`.
pub fn code(number: i32) -> String {
    format!("CTR-{number:04}")
}

/// A contract's number as people write it: `CON-0007`.
pub fn contract_code(number: i32) -> String {
    format!("CON-{number:04}")
}

#[cfg(test)]
mod tests;
