//! One calendar of what is due (期限): every kind of date the modules keep, who owes
//! it, and when they are reminded. The rules of who is reminded when live here, in
//! [`rule`], and nowhere else.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;

labelled_enum! {
    /// A kind of date something is due by.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum DueKind {
        RiskReview => ("risk_review", "リスクの見直し", "Risk review"),
        RiskAcceptance => ("risk_acceptance", "リスク受容の期限", "Risk acceptance ends"),
        ExceptionEnd => ("exception_end", "例外の終了", "Exception ends"),
        ExceptionReport => ("exception_report", "例外の事後報告", "Exception report due"),
        ControlDue => ("control_due", "管理策の実施期限", "Control due"),
        ControlReview => ("control_review", "管理策の見直し", "Control review"),
        EvidenceExpiry => ("evidence_expiry", "証跡の有効期限", "Evidence expires"),
        CorrectiveAction => ("corrective_action", "是正処置の期限", "Corrective action due"),
        AuditEnd => ("audit_end", "監査の実施期間の終了", "Audit fieldwork ends"),
        InspectionDue => ("inspection_due", "自己点検の提出期限", "Self-inspection due"),
        AckDue => ("ack_due", "方針の確認期限", "Policy acknowledgement due"),
        TakeoutReturn => ("takeout_return", "持ち出しの返却予定", "Take-out due back"),
        ContractEnd => ("contract_end", "契約の終了", "Contract ends"),
        CertificationEnd => ("certification_end", "委託先の認証の有効期限", "Certification expires"),
        ServiceEnd => ("service_end", "外部サービスの利用終了", "Service ends"),
        BreachReport => ("breach_report", "漏えい等の報告期限", "Breach report due"),
        GrantEnd => ("grant_end", "入室許可の終了", "Access grant ends"),
        AreaReview => ("area_review", "入室許可の見直し", "Access review due"),
        LawReview => ("law_review", "法令の見直し", "Law review due"),
        IncidentTask => ("incident_task", "インシデント対応の作業", "Incident task due"),
        InventoryDue => ("inventory_due", "棚卸しの期限", "Inventory due"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("期限の種類が選ばれていません。", "The kind of due date is empty."),
        unknown: choices("期限の種類", "a kind of due date"),
    }
}

/// Who owes a kind of date, and is reminded of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Owes {
    /// The staff member the record names (owner, asker, assignee), or, when it names
    /// none, the department's officers and managers.
    Person,
    /// The officers and managers of the record's department.
    Department,
    /// The CISO and the deputy.
    Top,
    /// The CSIRT (and the top officers).
    Csirt,
    /// System administrators (and the top officers).
    Admins,
}

/// The rule for a kind of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRule {
    pub owes: Owes,
    /// Days before the date a reminder goes out (`0`: on the day).
    pub lead_days: &'static [i64],
    /// Once overdue, the officer above is told too (the department's officer for a
    /// person, the deputy CISO for a department), at most once.
    pub escalate: bool,
    /// Something still owed after its date stays on the calendar until done; an end
    /// date (a contract, a grant) drops off a month after it passes.
    pub owed: bool,
    /// The module's own job that reminds of it (with its own settings), if any; the
    /// calendar's job reminds of the rest.
    pub job: Option<&'static str>,
}

/// Who owes each kind of date and when they hear of it: the one table.
pub fn rule(kind: DueKind) -> DueRule {
    use DueKind::*;
    let (owes, lead_days, escalate, owed): (Owes, &'static [i64], bool, bool) = match kind {
        RiskReview => (Owes::Department, &[30, 7], true, true),
        RiskAcceptance => (Owes::Top, &[60, 14], false, false),
        ExceptionEnd => (Owes::Person, &[30, 7], false, false),
        ExceptionReport => (Owes::Person, &[3, 0], true, true),
        ControlDue => (Owes::Person, &[30, 7], true, true),
        ControlReview => (Owes::Person, &[30, 7], true, true),
        EvidenceExpiry => (Owes::Person, &[30, 7], false, false),
        CorrectiveAction => (Owes::Person, &[30, 7, 0], true, true),
        AuditEnd => (Owes::Top, &[14], false, true),
        InspectionDue => (Owes::Department, &[14, 3, 0], true, true),
        AckDue => (Owes::Admins, &[7, 0], false, true),
        TakeoutReturn => (Owes::Person, &[1, 0], true, true),
        ContractEnd => (Owes::Department, &[60, 14], false, false),
        CertificationEnd => (Owes::Department, &[60, 14], false, false),
        ServiceEnd => (Owes::Department, &[60, 14], false, false),
        BreachReport => (Owes::Csirt, &[7, 3, 1, 0], true, true),
        GrantEnd => (Owes::Admins, &[14], false, false),
        AreaReview => (Owes::Admins, &[14, 3], true, true),
        LawReview => (Owes::Department, &[30, 7], true, true),
        IncidentTask => (Owes::Person, &[3, 0], true, true),
        InventoryDue => (Owes::Admins, &[14, 3], true, true),
    };
    let job = match kind {
        ExceptionEnd | ExceptionReport => Some("exceptions.reminders"),
        AckDue => Some("policy.acknowledgements"),
        TakeoutReturn => Some("takeouts.overdue"),
        ContractEnd => Some("contracts.reminders"),
        BreachReport => Some("incident.deadlines"),
        LawReview => Some("laws.reviews"),
        _ => None,
    };
    DueRule {
        owes,
        lead_days,
        escalate,
        owed,
        job,
    }
}

/// How a date stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Overdue,
    Today,
    Upcoming,
}

pub fn standing(due_on: NaiveDate, today: NaiveDate) -> Standing {
    match due_on.cmp(&today) {
        std::cmp::Ordering::Less => Standing::Overdue,
        std::cmp::Ordering::Equal => Standing::Today,
        std::cmp::Ordering::Greater => Standing::Upcoming,
    }
}

/// A reminder to send on a day: ahead of the date by one of the rule's lead times,
/// or, for what is still owed, the day after it passed and each week after that. Only
/// the first late reminder goes to the officer above as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Reminder {
    /// So many days before (0: on the day).
    Ahead(i64),
    /// So many days late.
    Late(i64),
}

impl Reminder {
    /// Whether the officer above hears of it too.
    pub fn escalates(self, kind: DueKind) -> bool {
        self == Reminder::Late(1) && rule(kind).escalate
    }
}

/// The reminder due on `today` for a date of this kind, if any. Reminders go out on
/// their day; a day the server did not run is not made up.
pub fn reminder_on(kind: DueKind, due_on: NaiveDate, today: NaiveDate) -> Option<Reminder> {
    let r = rule(kind);
    let ahead = (due_on - today).num_days();
    if ahead >= 0 {
        return r
            .lead_days
            .contains(&ahead)
            .then_some(Reminder::Ahead(ahead));
    }
    let late = -ahead;
    (r.owed && late % 7 == 1).then_some(Reminder::Late(late))
}

/// Whether a date shows on a calendar on `today`: what is owed shows until done,
/// however late; an end date from a month before today.
pub fn shows(kind: DueKind, due_on: NaiveDate, today: NaiveDate) -> bool {
    rule(kind).owed || (today - due_on).num_days() <= 30
}

/// The order of a list: overdue first (the oldest first), then by date.
pub fn order_key(due_on: NaiveDate, today: NaiveDate) -> (Standing, NaiveDate) {
    (standing(due_on, today), due_on)
}
