//! Physical security (policy §8's physical controls; the MIC guideline's 管理区域):
//! the buildings, floors and secure areas of the organization, who may enter each
//! ([`grant`]), and the entry and exit records kept at their doors ([`entry`]), typed
//! by hand or read from a door system's log ([`doorlog`]).
//!
//! Whether a grant stands and what an entry is flagged for follow from dates, the
//! area's hours and the time of reading; the rules are here, without a clock.

pub mod doorlog;
pub mod entry;
pub mod grant;

use chrono::{Datelike, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// Where a place sits in the tree: a building holds floors, a floor holds areas.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PlaceKind {
        Building => ("building", "建物", "Building", ["庁舎", "棟"]),
        Floor => ("floor", "フロア", "Floor", ["階"]),
        Area => ("area", "区域", "Area", ["管理区域", "室"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("種別が入力されていません。", "The kind of place is empty."),
        unknown: choices("場所の種別", "a kind of place"),
    }
}

impl PlaceKind {
    /// Whether a place of this kind may sit under `parent` (`None`: at the top).
    /// Buildings stand alone; a floor is in a building; an area is on a floor or,
    /// in a one-storey building, directly in it.
    pub fn fits_under(self, parent: Option<PlaceKind>) -> bool {
        matches!(
            (self, parent),
            (PlaceKind::Building, None)
                | (PlaceKind::Floor, Some(PlaceKind::Building))
                | (
                    PlaceKind::Area,
                    Some(PlaceKind::Floor | PlaceKind::Building)
                )
        )
    }

    /// Why a place of this kind may not sit where it was put.
    pub fn misplaced(self) -> Problem {
        match self {
            PlaceKind::Building => Problem::new(
                "建物は他の場所の下に置けません。",
                "A building is not placed under another place.",
            ),
            PlaceKind::Floor => Problem::new(
                "フロアは建物の下に置いてください。",
                "Place a floor in a building.",
            ),
            PlaceKind::Area => Problem::new(
                "区域は建物かフロアの下に置いてください。",
                "Place an area in a building or on a floor.",
            ),
        }
    }
}

labelled_enum! {
    /// How closely an area is controlled, as the guideline names its rooms.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Level {
        /// Server rooms, data-centre rooms: the strictest.
        SystemRoom => ("system_room", "情報システム室", "Information system room", ["サーバ室", "サーバー室", "電算室", "データセンター"]),
        Archive => ("archive", "書庫", "Records store", ["文書庫"]),
        Office => ("office", "執務室", "Office", ["事務室"]),
        Storage => ("storage", "倉庫", "Storeroom"),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("区域の区分が入力されていません。", "The level of the area is empty."),
        unknown: choices("区域の区分", "a level of area"),
    }
}

labelled_enum! {
    /// A control at an area's door.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EntryControl {
        Card => ("card", "IC カード", "Card", ["カード", "入館証"]),
        Key => ("key", "鍵", "Key"),
        Biometric => ("biometric", "生体認証", "Biometric", ["指紋", "静脈"]),
        /// Anyone not on the authorized list enters only with a listed person.
        Escort => ("escort", "同行者必須", "Escort required", ["同行"]),
    }

    /// Accepts the code or either label.
    fn parse {
        unknown: choices("入退室の管理方法", "an entry control"),
    }
}

/// Reads a list of entry controls ("card, escort", "カード・鍵"), each once, in order.
pub fn parse_controls(s: &str) -> Result<Vec<EntryControl>, Problem> {
    let mut out = Vec::new();
    for part in s.split([',', '、', '，', '・', '/', ' ', '　']) {
        if part.trim().is_empty() {
            continue;
        }
        let c = EntryControl::parse(part)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// The codes of a list of entry controls, as stored ("card,escort").
pub fn controls_code(controls: &[EntryControl]) -> String {
    controls
        .iter()
        .map(|c| c.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// The hours an area may be entered without standing out, in Japan time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub from: NaiveTime,
    pub to: NaiveTime,
    /// Whether Saturdays and Sundays are ordinary days for it.
    pub weekends: bool,
}

impl Hours {
    /// Every hour of every day: the area never flags an entry for its time.
    pub const ALWAYS: Hours = Hours {
        from: NaiveTime::MIN,
        to: NaiveTime::MIN,
        weekends: true,
    };

    /// Reads "08:30-18:00" (or "8:30〜18:00"); empty is every hour. `weekends` says
    /// whether Saturdays and Sundays are allowed.
    pub fn parse(s: &str, weekends: bool) -> Result<Hours, Problem> {
        let t = crate::text::fold_width(s.trim()).replace(['〜', '~', '－', '—'], "-");
        if t.is_empty() {
            return Ok(Hours {
                weekends,
                ..Hours::ALWAYS
            });
        }
        let bad = || {
            Problem::new(
                format!("「{s}」は時間帯として読めません（例: 08:30-18:00）。"),
                format!("\"{s}\" is not a span of hours (e.g. 08:30-18:00)."),
            )
        };
        let (a, b) = t.split_once('-').ok_or_else(bad)?;
        let time = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").map_err(|_| bad());
        let (from, to) = (time(a)?, time(b)?);
        if from == to {
            return Err(Problem::new(
                "時間帯の開始と終了が同じです。終日なら空欄にしてください。",
                "The hours start and end at the same time; leave them empty for all day.",
            ));
        }
        Ok(Hours { from, to, weekends })
    }

    /// "08:30-18:00", or "" for every hour.
    pub fn span(&self) -> String {
        if self.from == self.to {
            String::new()
        } else {
            format!("{}-{}", self.from.format("%H:%M"), self.to.format("%H:%M"))
        }
    }

    /// Whether an entry at this wall-clock time in Japan is within the hours. A span
    /// that ends before it starts ("22:00-06:00") runs over midnight.
    pub fn allows(&self, local: NaiveDateTime) -> bool {
        if !self.weekends && matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        let t = local.time();
        if self.from == self.to {
            true
        } else if self.from < self.to {
            self.from <= t && t < self.to
        } else {
            t >= self.from || t < self.to
        }
    }
}

/// Checks a place's code: 1 to 32 letters, digits and hyphens ("HQ-3F-SR"), kept in
/// capitals. Door systems and the command line name areas by it.
pub fn parse_code(s: &str) -> Result<String, Problem> {
    let code = crate::text::fold_width(s.trim()).to_ascii_uppercase();
    if code.is_empty() {
        return Err(Problem::new(
            "コードが入力されていません。",
            "The code is empty.",
        ));
    }
    if code.len() > 32
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Problem::new(
            format!("コード「{s}」は英数字とハイフンで 32 文字以内にしてください。"),
            format!("Write the code \"{s}\" in letters, digits and hyphens, at most 32."),
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests;
