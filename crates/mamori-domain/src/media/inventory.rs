//! The inventory (棚卸): each department confirms every device and medium it holds.
//! A check is present, missing or not yet done; coverage counts them per department.

use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;

labelled_enum! {
    /// What a department found when it looked for an item.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Finding {
        Present => ("present", "所在確認", "Present", ["有", "あり", "確認済"]),
        Missing => ("missing", "所在不明", "Missing", ["無", "なし", "紛失"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("確認結果が入力されていません。", "The finding is empty."),
        unknown: choices("確認結果", "a finding"),
    }
}

/// How far a department (or the whole city) has got with an inventory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub items: u64,
    pub present: u64,
    pub missing: u64,
}

impl Coverage {
    /// Counts one check (`None`: not yet done).
    pub fn add(&mut self, finding: Option<Finding>) {
        self.items += 1;
        match finding {
            Some(Finding::Present) => self.present += 1,
            Some(Finding::Missing) => self.missing += 1,
            None => {}
        }
    }

    pub fn checked(&self) -> u64 {
        self.present + self.missing
    }

    /// Whole percent checked, rounded down so 99.6% never shows as done.
    pub fn percent(&self) -> u64 {
        (self.checked() * 100)
            .checked_div(self.items)
            .unwrap_or(100)
    }

    pub fn is_done(&self) -> bool {
        self.checked() == self.items
    }
}
