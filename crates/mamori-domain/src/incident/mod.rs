//! Incidents (the policy's §8 operations and §9 personal information): what can happen,
//! how bad it is, the states the CSIRT takes it through, and the checks on what a
//! reporter types. The personal-data breach assessment and its deadlines are in
//! [`breach`].

pub mod breach;
pub mod stats;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::japan_time;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// What happened, from the catalog a reporter picks from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Category {
        Misdelivery => ("misdelivery", "誤送信・誤交付", "Mis-sent or mis-delivered", [
            "誤送信", "誤送付", "誤交付", "誤配布", "メール誤送信", "FAX誤送信",
        ]),
        LossTheft => ("loss_theft", "紛失・盗難", "Loss or theft", ["紛失", "盗難", "置き忘れ"]),
        Malware => ("malware", "マルウェア感染", "Malware", ["マルウェア", "ウイルス", "ランサムウェア"]),
        UnauthorizedAccess => ("unauthorized_access", "不正アクセス", "Unauthorized access", [
            "不正侵入", "不正ログイン",
        ]),
        TargetedMail => ("targeted_mail", "標的型メール・フィッシング", "Targeted mail or phishing", [
            "標的型メール", "フィッシング", "不審メール",
        ]),
        SystemFailure => ("system_failure", "システム障害", "System failure", ["障害", "システム停止"]),
        Insider => ("insider", "内部不正", "Insider wrongdoing", ["内部不正行為", "不正持ち出し"]),
        Contractor => ("contractor", "委託先事故", "Contractor incident", ["委託先", "委託事業者の事故"]),
        Disaster => ("disaster", "災害", "Disaster", ["地震", "火災", "水害", "停電"]),
        Defacement => ("defacement", "Webサイト改ざん", "Website defacement", ["改ざん", "改竄"]),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code, either label or a usual word for it.
    fn parse {
        empty: ("何が起きたか（区分）を選んでください。", "Choose what happened (the category)."),
        unknown: choices("インシデントの区分", "an incident category"),
    }
}

impl Category {
    /// Insider wrongdoing is restricted from the start: only those who must know see it.
    pub fn is_insider(self) -> bool {
        self == Category::Insider
    }
}

labelled_enum! {
    /// Where an incident stands, in the order the CSIRT usually takes it (the MIC
    /// guideline's flow), and the two ways it ends without a closure.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum State {
        Received => ("received", "受付", "Received"),
        InitialResponse => ("initial_response", "初動対応", "Initial response"),
        Investigating => ("investigating", "調査", "Investigating"),
        Containment => ("containment", "封じ込め・復旧", "Containment and recovery", ["封じ込め", "復旧"]),
        RootCause => ("root_cause", "原因分析", "Root cause analysis"),
        Prevention => ("prevention", "再発防止", "Recurrence prevention"),
        Closed => ("closed", "完了", "Closed", ["終了", "クローズ"]),
        FalseAlarm => ("false_alarm", "誤報", "False alarm"),
        Duplicate => ("duplicate", "重複", "Duplicate"),
    }

    fn parse {
        empty: ("状態を選んでください。", "Choose a state."),
        unknown: choices("インシデントの状態", "an incident state"),
    }
}

impl State {
    /// The working states, in order.
    pub const FLOW: [State; 7] = [
        State::Received,
        State::InitialResponse,
        State::Investigating,
        State::Containment,
        State::RootCause,
        State::Prevention,
        State::Closed,
    ];

    pub fn is_open(self) -> bool {
        !matches!(self, State::Closed | State::FalseAlarm | State::Duplicate)
    }

    fn step(self) -> Option<usize> {
        Self::FLOW.iter().position(|s| *s == self)
    }

    /// Whether moving from `self` to `to` needs a reason: going back, re-opening, or
    /// ending as a false alarm or a duplicate.
    pub fn needs_reason(self, to: State) -> bool {
        match (self.step(), to.step()) {
            _ if matches!(to, State::FalseAlarm | State::Duplicate) => true,
            _ if !self.is_open() => true,
            (Some(a), Some(b)) => b < a,
            _ => true,
        }
    }

    /// Checks a move. Going forward may skip steps (a lost stick needs no containment
    /// phase of its own); going back, re-opening an ended incident and ending it as a
    /// false alarm or duplicate each need a reason. Closing has further conditions the
    /// caller checks ([`closure_problems`]).
    pub fn check_move(self, to: State, reason: &str) -> Result<(), Problem> {
        if self == to {
            return Err(Problem::new(
                format!("既に「{}」です。", self.label_ja()),
                format!("It is already \"{}\".", self.label_en()),
            ));
        }
        if self.needs_reason(to) && reason.trim().is_empty() {
            return Err(Problem::new(
                format!(
                    "「{}」から「{}」にするには理由を書いてください。",
                    self.label_ja(),
                    to.label_ja()
                ),
                format!(
                    "Give the reason for moving from \"{}\" to \"{}\".",
                    self.label_en(),
                    to.label_en()
                ),
            ));
        }
        Ok(())
    }
}

labelled_enum! {
    /// The kind of root cause, for statistics and for the committee: what the
    /// recurrence prevention must address.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CauseCategory {
        HumanError => ("human_error", "人為的なミス（確認不足・誤操作）", "Human error", ["人的ミス", "ヒューマンエラー", "確認不足", "誤操作"]),
        Procedure => ("procedure", "手順・ルールの不備", "Missing or unclear procedure", ["手順不備", "ルール不備"]),
        Technical => ("technical", "技術的な脆弱性・設定不備", "Technical weakness or misconfiguration", ["脆弱性", "設定不備"]),
        Malicious => ("malicious", "外部からの攻撃", "External attack", ["攻撃", "サイバー攻撃"]),
        Insider => ("insider", "内部の不正行為", "Insider wrongdoing", ["内部不正"]),
        Contractor => ("contractor", "委託先の管理不備", "Contractor management", ["委託先"]),
        Equipment => ("equipment", "機器の故障・老朽化", "Equipment failure", ["故障", "老朽化"]),
        Natural => ("natural", "自然災害・外的要因", "Natural disaster or outside cause", ["災害"]),
        Other => ("other", "その他", "Other"),
    }

    fn parse {
        empty: ("原因の区分を選んでください。", "Choose the kind of root cause."),
        unknown: choices("原因の区分", "a kind of root cause"),
    }
}

/// What must be on record before an incident is closed.
#[derive(Debug, Clone, Default)]
pub struct ClosureFacts {
    pub severity_set: bool,
    pub root_cause_set: bool,
    pub open_tasks: usize,
    /// The breach assessment says a report is required and its final report is not
    /// yet submitted.
    pub final_report_missing: bool,
    /// A personal-data incident without an assessment.
    pub assessment_missing: bool,
}

/// Everything that keeps an incident from closing, each said plainly.
pub fn closure_problems(f: &ClosureFacts) -> Vec<Problem> {
    let mut out = Vec::new();
    if !f.severity_set {
        out.push(Problem::new(
            "深刻度が決まっていません。",
            "The severity is not set.",
        ));
    }
    if !f.root_cause_set {
        out.push(Problem::new(
            "原因（原因の区分）が記録されていません。",
            "The root cause (its category) is not recorded.",
        ));
    }
    if f.open_tasks > 0 {
        out.push(Problem::new(
            format!("未完了のタスクが {} 件あります。", f.open_tasks),
            format!("{} task(s) are not done.", f.open_tasks),
        ));
    }
    if f.assessment_missing {
        out.push(Problem::new(
            "個人情報が関わるため、漏えい等の報告の要否の判定が必要です。",
            "Personal data is involved: assess whether a breach report is required.",
        ));
    }
    if f.final_report_missing {
        out.push(Problem::new(
            "個人情報保護委員会への確報がまだ提出されていません。",
            "The final report to the PPC has not been submitted.",
        ));
    }
    out
}

labelled_enum! {
    /// The default severity scale; an organization may rename the levels and set their
    /// first-response targets.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Severity {
        Low => ("low", "低", "Low", ["軽微"]),
        Medium => ("medium", "中", "Medium"),
        High => ("high", "高", "High"),
        Critical => ("critical", "重大", "Critical", ["緊急", "致命的"]),
    }

    fn parse {
        empty: ("深刻度を選んでください。", "Choose a severity."),
        unknown: choices("深刻度", "a severity"),
    }
}

impl Severity {
    /// How long the CSIRT has to take a first step (the default targets).
    pub fn first_response(self) -> Duration {
        match self {
            Severity::Critical => Duration::hours(1),
            Severity::High => Duration::hours(4),
            Severity::Medium => Duration::hours(24),
            Severity::Low => Duration::hours(72),
        }
    }

    /// High and critical incidents are told to the CISO and deputy at once.
    pub fn escalates(self) -> bool {
        self >= Severity::High
    }
}

/// The target for a first response of an incident not yet given a severity.
pub const UNTRIAGED_RESPONSE: Duration = Duration::hours(4);

/// The display number, `INC-2026-0007`.
pub fn number(year: i32, seq: i64) -> String {
    format!("INC-{year}-{seq:04}")
}

/// The calendar year in Japan of an instant (for the incident number).
pub fn year_in_japan(t: DateTime<Utc>) -> i32 {
    use chrono::Datelike;
    japan_time::date(t).year()
}

/// Reads a time as typed in Japan: `2026-12-06T09:30` (a browser's date-time field),
/// `2026-12-06 09:30`, `2026/12/6 9:30`, seconds optional.
pub fn parse_local_time(s: &str) -> Result<DateTime<Utc>, Problem> {
    let t = crate::text::fold_width(s.trim())
        .replace('/', "-")
        .replace('T', " ");
    let parsed = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&t, f).ok());
    let Some(naive) = parsed else {
        return Err(Problem::new(
            format!("「{s}」は日時として読めません（例: 2026-12-06 09:30）。"),
            format!("\"{s}\" is not a date and time (e.g. 2026-12-06 09:30)."),
        ));
    };
    Ok(japan_time::instant(naive))
}

/// A typed time may run ahead of the server's clock by this much (clocks differ).
const SKEW: Duration = Duration::minutes(5);

/// Checks when it happened (if known) and when it became known against each other and
/// the clock: `(field, problem)` for each that is wrong.
pub fn check_times(
    occurred: Option<DateTime<Utc>>,
    known: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    let future = |ja: &str, en: &str| {
        Problem::new(
            format!("{ja}が未来の日時になっています。"),
            format!("The {en} is in the future."),
        )
    };
    if known > now + SKEW {
        out.push(("known_at", future("知った日時", "time it became known")));
    }
    if let Some(o) = occurred {
        if o > now + SKEW {
            out.push(("occurred_at", future("発生日時", "time it happened")));
        } else if o > known {
            out.push((
                "known_at",
                Problem::new(
                    "知った日時が発生日時より前になっています。起きる前に知ることはできません。",
                    "The time it became known is before the time it happened.",
                ),
            ));
        }
    }
    out
}

/// The rough number of persons whose data may be involved: a whole number of at
/// least 1 (empty when unknown).
pub fn parse_persons(s: &str) -> Result<Option<i64>, Problem> {
    let t = crate::text::fold_width(s.trim()).replace([',', '，'], "");
    if t.is_empty() {
        return Ok(None);
    }
    match t.trim_end_matches(['人', '名']).trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        Ok(_) => Err(Problem::new(
            "本人の数は 1 以上で入力してください（分からなければ空欄）。",
            "The number of persons is at least 1 (leave it empty when unknown).",
        )),
        Err(_) => Err(Problem::new(
            format!("「{s}」は人数として読めません。"),
            format!("\"{s}\" is not a number of persons."),
        )),
    }
}

#[cfg(test)]
mod tests;
