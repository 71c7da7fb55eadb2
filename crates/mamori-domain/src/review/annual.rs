//! The annual report (年次報告): which fiscal year and which day it is written as of,
//! when a year has nothing to report, how a figure becomes a percentage, whether a
//! breach report was filed in time, and the committee's text sections with the rule
//! for issuing (確定) the report.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{FieldError, Invalid};

/// The first year a report may be asked for (nothing older is kept by Mamori).
const FIRST_YEAR: i32 = 2000;
/// The most characters a text section may hold.
pub const SECTION_MAX: usize = 20_000;

/// A fiscal year (April to March) and the day its figures are read as of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportYear {
    pub year: i32,
    /// 1 April.
    pub from: NaiveDate,
    /// 31 March of the next calendar year.
    pub until: NaiveDate,
    /// The day the figures are as of: the year's end, or today while it runs.
    pub as_of: NaiveDate,
}

impl ReportYear {
    /// The year asked for, as of `as_of` (the year's end, or today if sooner):
    /// refused on `year` for a year not yet begun, on `as_of` for a day outside it.
    pub fn new(year: i32, as_of: Option<NaiveDate>, today: NaiveDate) -> Result<Self, FieldError> {
        let start = |y: i32| NaiveDate::from_ymd_opt(y, 4, 1);
        let next_year = year.checked_add(1);
        let (Some(from), Some(next)) = (start(year), next_year.and_then(start)) else {
            return Err(year_error(year));
        };
        if year < FIRST_YEAR || from > today {
            return Err(FieldError::new(
                "year",
                format!(
                    "{}はまだ始まっていないか、対象外の年度です。",
                    crate::wareki::fiscal_year_label(year)
                ),
                format!("Fiscal year {year} has not begun or is out of range."),
            ));
        }
        let until = next.pred_opt().unwrap_or(next);
        let as_of = as_of.unwrap_or_else(|| until.min(today));
        if as_of < from || as_of > until {
            return Err(FieldError::new(
                "as_of",
                "基準日は年度内（4月1日から3月31日まで）の日付にしてください。",
                "The as-of date must fall within the fiscal year (1 April to 31 March).",
            ));
        }
        if as_of > today {
            return Err(FieldError::new(
                "as_of",
                "基準日に未来の日付は指定できません。",
                "The as-of date cannot be in the future.",
            ));
        }
        Ok(Self {
            year,
            from,
            until,
            as_of,
        })
    }

    /// 令和7年度.
    pub fn label_ja(&self) -> String {
        crate::wareki::fiscal_year_label(self.year)
    }

    /// Whether the figures stop before the year's end (a report of a year still
    /// running, or read part way).
    pub fn is_partial(&self) -> bool {
        self.as_of < self.until
    }

    /// The day after `as_of`: dated records before it count.
    pub fn end_exclusive(&self) -> NaiveDate {
        self.as_of.succ_opt().unwrap_or(self.as_of)
    }

    /// The fiscal year of a day (April to March).
    pub fn year_of(day: NaiveDate) -> i32 {
        if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        }
    }
}

fn year_error(year: i32) -> FieldError {
    FieldError::new(
        "year",
        format!("{year}年度は指定できません。"),
        format!("{year} is not a fiscal year that can be reported."),
    )
}

/// Refuses a year whose records hold nothing to report: no asset registered by its
/// end and no dated record within it.
pub fn check_has_data(year: &ReportYear, records: u64) -> Result<(), FieldError> {
    if records == 0 {
        return Err(FieldError::new(
            "year",
            format!(
                "{}の記録がありません。資産・インシデント・監査などを登録してから作成してください。",
                year.label_ja()
            ),
            format!(
                "There are no records for fiscal year {}; the report has nothing to show.",
                year.year
            ),
        ));
    }
    Ok(())
}

/// `part` of `whole` as a whole percentage, rounded half up; none of nothing.
pub fn percent(part: u64, whole: u64) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let p = (part.min(whole) * 200 + whole) / (2 * whole);
    u32::try_from(p).ok()
}

/// How a report due by a day stood on the report's as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timeliness {
    /// Filed on or before its due day.
    OnTime,
    /// Filed after its due day.
    Late,
    /// Not filed, and its due day has not passed.
    Pending,
    /// Not filed, and its due day has passed.
    Overdue,
}

/// Whether a report due on `due` and filed on `filed` (if it was by `as_of`) was in
/// time.
pub fn timeliness(due: NaiveDate, filed: Option<NaiveDate>, as_of: NaiveDate) -> Timeliness {
    match filed.filter(|f| *f <= as_of) {
        Some(f) if f <= due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if as_of > due => Timeliness::Overdue,
        None => Timeliness::Pending,
    }
}

/// How a corrective action stood on `as_of`, from its own days and its state now:
/// `(open, overdue)`. It is open until verified; overdue while neither reported done
/// nor verified past its due day, as `audit::action_overdue` says of today. An action
/// planned again (its report sent back) counts as not reported.
pub fn action_on(
    due: NaiveDate,
    state: crate::review::audit::ActionState,
    done_on: Option<NaiveDate>,
    verified_on: Option<NaiveDate>,
    as_of: NaiveDate,
) -> (bool, bool) {
    use crate::review::audit::ActionState;
    let by = |d: Option<NaiveDate>| d.is_some_and(|d| d <= as_of);
    let verified = state == ActionState::Verified && by(verified_on);
    let reported = state != ActionState::Planned && by(done_on);
    (!verified, !verified && !reported && due < as_of)
}

/// The committee's words around the figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    /// 総括: the year in a few paragraphs.
    pub overview: String,
    /// 評価: how the measures worked.
    pub evaluation: String,
    /// 次年度の重点: what the next year will focus on.
    pub next_year: String,
}

impl Sections {
    /// Trims each section and refuses one too long (by field).
    pub fn checked(self) -> Result<Self, Invalid> {
        let mut inv = Invalid::new();
        let mut take = |field: &'static str, s: String| {
            let s = s.trim().replace("\r\n", "\n");
            if s.chars().count() > SECTION_MAX {
                inv.push(FieldError::new(
                    field,
                    format!("{SECTION_MAX}文字以内で入力してください。"),
                    format!("Use at most {SECTION_MAX} characters."),
                ));
            }
            s
        };
        let out = Self {
            overview: take("overview", self.overview),
            evaluation: take("evaluation", self.evaluation),
            next_year: take("next_year", self.next_year),
        };
        inv.into_result().map(|()| out)
    }
}

/// A report may be issued once, when its year has ended and its overview is written:
/// an issued report is what the committee heard, and does not change after.
pub fn check_issue(
    year: &ReportYear,
    issued: bool,
    sections: &Sections,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if issued {
        return Err(FieldError::new(
            "year",
            "この年度の報告は確定済みです。",
            "This year's report has already been issued.",
        ));
    }
    if today <= year.until {
        return Err(FieldError::new(
            "year",
            "年度が終わってから確定してください。",
            "Issue the report once the fiscal year has ended.",
        ));
    }
    if sections.overview.trim().is_empty() {
        return Err(FieldError::new(
            "overview",
            "総括を書いてから確定してください。",
            "Write the overview before issuing the report.",
        ));
    }
    Ok(())
}
