//! Targeted-mail drills (標的型メール訓練): what each recipient did with the drill mail,
//! as the drill vendor's report says, and the rates a department is judged by.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// Reads a vendor's yes/no cell. Vendors write a mark (○, 1, yes, 済), a timestamp of
/// when it happened, or nothing; "no" is written as blank, 0, ×, －, no, false, 未 or なし.
pub fn flag(cell: &str) -> Result<bool, Problem> {
    let folded = crate::text::fold_width(cell.trim()).to_lowercase();
    const NO: [&str; 10] = ["", "0", "×", "x", "-", "－", "no", "false", "未", "なし"];
    const YES: [&str; 8] = ["1", "○", "〇", "◯", "yes", "true", "済", "あり"];
    if NO.contains(&folded.as_str()) {
        return Ok(false);
    }
    // A timestamp or date says when it happened.
    if YES.contains(&folded.as_str()) || folded.starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(true);
    }
    Err(Problem::new(
        format!(
            "「{}」は「あり／なし」として読めません（○、1、日時、空欄など）。",
            cell.trim()
        ),
        format!(
            "\"{}\" cannot be read as yes or no (write ○, 1, a time, or leave it blank).",
            cell.trim()
        ),
    ))
}

/// What one recipient did. A click implies the mail was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub opened: bool,
    pub clicked: bool,
    pub reported: bool,
}

impl Outcome {
    pub fn new(opened: bool, clicked: bool, reported: bool) -> Self {
        Self {
            opened: opened || clicked,
            clicked,
            reported,
        }
    }
}

/// Counts and rates over a group of recipients.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub sent: u32,
    pub opened: u32,
    pub clicked: u32,
    pub reported: u32,
}

impl Rates {
    pub fn add(&mut self, o: Outcome) {
        self.sent += 1;
        self.opened += u32::from(o.opened);
        self.clicked += u32::from(o.clicked);
        self.reported += u32::from(o.reported);
    }

    /// A share of those sent, in tenths of a percent (12.5% is 125), so a table can
    /// show one decimal without floating point drifting between runs.
    fn permille(&self, n: u32) -> u32 {
        (n * 1000).checked_div(self.sent).unwrap_or(0)
    }

    pub fn open_permille(&self) -> u32 {
        self.permille(self.opened)
    }

    pub fn click_permille(&self) -> u32 {
        self.permille(self.clicked)
    }

    pub fn report_permille(&self) -> u32 {
        self.permille(self.reported)
    }
}

/// Tenths of a percent written as a percentage with one decimal ("12.5%").
pub fn percent_text(permille: u32) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}
