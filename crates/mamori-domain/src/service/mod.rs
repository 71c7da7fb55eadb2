//! External services (外部サービスの利用, the MIC guideline's chapter on cloud and
//! other services used under the provider's terms): SaaS, cloud platforms, LGWAN-ASP
//! and public web services the organization puts information into.
//!
//! Each service carries a ceiling — the highest classification and the most sensitive
//! personal information the organization allows on it — and an asset placed on it above
//! that ceiling is flagged on both ([`excesses`]). Whether its ISMAP listing holds and
//! where its use stands follow from dates and the day, as a contractor's certification
//! does; nothing about lapsing is stored.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::asset::PersonalDataKind;
use crate::classification::Dimension;
use crate::contractor::{CertStatus, ENDING_DAYS, cert_status, check_certification};
use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::wareki::format_western;

labelled_enum! {
    /// What kind of service it is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Kind {
        Saas => ("saas", "SaaS（業務アプリケーション）", "SaaS", ["クラウドサービス"]),
        /// IaaS or PaaS: a platform the organization builds on.
        Platform => ("platform", "IaaS・PaaS（基盤）", "IaaS / PaaS", ["IaaS", "PaaS"]),
        LgwanAsp => ("lgwan_asp", "LGWAN-ASP", "LGWAN-ASP", ["LGWAN"]),
        /// Services anyone may use under general terms: social media, web forms,
        /// video sites.
        PublicWeb => ("public_web", "インターネット上の公開サービス（SNS 等）", "Public web service", ["SNS"]),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("サービスの種類が入力されていません。", "The kind of service is empty."),
        unknown: choices("サービスの種類", "a kind of service"),
    }
}

impl Kind {
    /// Cloud services the government's ISMAP register lists: the guideline asks that
    /// one holding information above the lowest confidentiality be chosen from it.
    pub fn is_cloud(self) -> bool {
        matches!(self, Kind::Saas | Kind::Platform)
    }
}

labelled_enum! {
    /// The service's entry in the government's cloud register.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Listing {
        Unlisted => ("none", "登録なし", "Not listed", ["", "なし", "-"]),
        Ismap => ("ismap", "ISMAP", "ISMAP"),
        /// The register for low-risk SaaS.
        IsmapLiu => ("ismap_liu", "ISMAP-LIU", "ISMAP-LIU"),
    }

    /// Accepts the code or either label; empty is not listed.
    fn parse {
        unknown: choices("ISMAP の登録", "an ISMAP listing"),
    }
}

labelled_enum! {
    /// Where the service keeps the organization's data.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Location {
        Domestic => ("domestic", "国内", "In Japan"),
        Abroad => ("abroad", "国外", "Abroad"),
        Both => ("both", "国内及び国外", "In Japan and abroad"),
        Unknown => ("unknown", "不明", "Not known", ["", "-"]),
    }

    /// Accepts the code or either label; empty is not known.
    fn parse {
        unknown: choices("データの保存場所", "a data location"),
    }
}

labelled_enum! {
    /// Where the organization's use of a service stands on a day.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Usage {
        Planned => ("planned", "利用開始前", "Not started"),
        InUse => ("in_use", "利用中", "In use"),
        /// In use and ending within [`ENDING_DAYS`].
        Ending => ("ending", "利用終了間近", "Ending soon"),
        /// Ended, and the deletion of the data not yet confirmed.
        Deleting => ("deleting", "終了（データ消去未確認）", "Ended, deletion not confirmed"),
        Closed => ("closed", "終了（消去確認済）", "Ended, data deleted"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("利用状況が入力されていません。", "The usage is empty."),
        unknown: choices("利用状況", "a usage"),
    }
}

/// Where a use from `starts` to `ends` stands on `today`, given the day the deletion
/// of the data was confirmed.
pub fn usage(
    starts: Option<NaiveDate>,
    ends: Option<NaiveDate>,
    deleted: Option<NaiveDate>,
    today: NaiveDate,
) -> Usage {
    match ends {
        Some(e) if today > e => {
            if deleted.is_some() {
                Usage::Closed
            } else {
                Usage::Deleting
            }
        }
        _ if starts.is_some_and(|s| today < s) => Usage::Planned,
        Some(e) if (e - today).num_days() <= ENDING_DAYS => Usage::Ending,
        _ => Usage::InUse,
    }
}

/// Whether a listing expiring on `expires` holds on `today` (as a certification).
pub fn listing_status(
    listing: Listing,
    expires: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<CertStatus> {
    (listing != Listing::Unlisted).then(|| cert_status(expires, today))
}

/// The dates of a service as entered.
#[derive(Debug, Clone, Copy)]
pub struct Dates {
    pub listed_on: Option<NaiveDate>,
    pub listing_expires_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub deleted_on: Option<NaiveDate>,
}

/// Checks a service as entered: a name; a listing with its number and an expiry not
/// before its registration; an end not before the start; a deletion confirmed only
/// for a use with an end, and not before it.
pub fn check_service(
    name: &str,
    listing: Listing,
    listing_number: &str,
    dates: Dates,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if name.trim().is_empty() {
        out.push((
            "name",
            Problem::new(
                "サービスの名称を入力してください。",
                "Give the service's name.",
            ),
        ));
    }
    if listing != Listing::Unlisted {
        for (field, p) in
            check_certification(listing_number, dates.listed_on, dates.listing_expires_on)
        {
            let field = if field == "number" {
                "listing_number"
            } else {
                "listing_expires_on"
            };
            out.push((field, p));
        }
    }
    if let (Some(s), Some(e)) = (dates.starts_on, dates.ends_on)
        && e < s
    {
        let (s, e) = (format_western(s), format_western(e));
        out.push((
            "ends_on",
            Problem::new(
                format!("利用終了日（{e}）が利用開始日（{s}）より前になっています。"),
                format!("The last day of use ({e}) is before the first ({s})."),
            ),
        ));
    }
    match (dates.deleted_on, dates.ends_on) {
        (Some(_), None) => out.push((
            "deleted_on",
            Problem::new(
                "データ消去の確認日は、利用終了日を入力してから記録してください。",
                "Give the last day of use before the day the deletion was confirmed.",
            ),
        )),
        (Some(d), Some(e)) if d < e => {
            let (d, e) = (format_western(d), format_western(e));
            out.push((
                "deleted_on",
                Problem::new(
                    format!("データ消去の確認日（{d}）が利用終了日（{e}）より前になっています。"),
                    format!("The deletion was confirmed ({d}) before the use ended ({e})."),
                ),
            ));
        }
        _ => {}
    }
    out
}

/// What information is, or may be, on a service: its ranks on the three scales (1
/// is the lowest) and the most sensitive personal information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks {
    pub c: u8,
    pub i: u8,
    pub a: u8,
    pub personal: PersonalDataKind,
}

/// Where an asset goes beyond what a service allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Excess {
    /// Classified above the service's ceiling on this scale.
    Level(Dimension),
    /// Holds personal information more sensitive than the service allows.
    Personal,
}

impl Excess {
    /// What went over, for a flag's text.
    pub fn label(self, lang: &str) -> String {
        match (self, lang) {
            (Excess::Level(d), "en") => format!("{} above the allowed level", d.label_en()),
            (Excess::Level(d), _) => format!("{}が上限を超過", d.label_ja()),
            (Excess::Personal, "en") => "personal information not allowed".to_owned(),
            (Excess::Personal, _) => "許可されていない個人情報".to_owned(),
        }
    }
}

/// Where `asset` goes beyond `allowed`, in the order C, I, A, personal information;
/// empty when it fits.
pub fn excesses(asset: Marks, allowed: Marks) -> Vec<Excess> {
    let mut out = Vec::new();
    for (d, has, may) in [
        (Dimension::C, asset.c, allowed.c),
        (Dimension::I, asset.i, allowed.i),
        (Dimension::A, asset.a, allowed.a),
    ] {
        if has > may {
            out.push(Excess::Level(d));
        }
    }
    if asset.personal > allowed.personal {
        out.push(Excess::Personal);
    }
    out
}

/// A service's number as people write it: `SVC-0007`.
pub fn code(number: i32) -> String {
    format!("SVC-{number:04}")
}

#[cfg(test)]
mod tests;
