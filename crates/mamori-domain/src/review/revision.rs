//! Review (見直し, policy §12): what an evaluation found — an audit's finding, an
//! incident's lessons, a law's amendment — opens a revision of a policy document, so
//! the loop evaluation → review → approval can be followed from either end.

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::text::clean;

labelled_enum! {
    /// What led to a revision.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Trigger {
        Finding => ("finding", "監査の指摘事項", "Audit finding", ["指摘", "指摘事項"]),
        Incident => ("incident", "インシデントの教訓", "Lessons of an incident", ["インシデント"]),
        LawAmendment => ("law_amendment", "法令の改正", "Amendment of a law", ["法改正", "改正"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("見直しの契機が選ばれていません。", "What led to the review is empty."),
        unknown: choices("見直しの契機", "what led to the review"),
    }
}

/// The longest reason kept.
const REASON_MAX: usize = 2_000;

/// A revision's reason: what should change and why, in 1–2,000 characters.
pub fn check_reason(reason: &str) -> Result<String, Problem> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Problem::new(
            "見直しの理由（何をなぜ改めるか）を入力してください。",
            "Say what should change and why.",
        ));
    }
    if r.chars().count() > REASON_MAX {
        return Err(Problem::new(
            format!("見直しの理由は{REASON_MAX}文字以内にしてください。"),
            format!("Keep the reason within {REASON_MAX} characters."),
        ));
    }
    Ok(r.to_owned())
}

/// The section a revision concerns, as people name it (`第5章 物理的セキュリティ`);
/// empty for the whole document. One line, at most 200 characters.
pub fn check_section(section: &str) -> Result<String, Problem> {
    let s = clean(section);
    if s.chars().count() > 200 {
        return Err(Problem::new(
            "対象の章・節は200文字以内にしてください。",
            "Name the section in at most 200 characters.",
        ));
    }
    Ok(s)
}
