//! Notifications: what Mamori tells a person, written in Japanese and English, and the
//! rules of delivering it by mail (what a person may turn off, when a daily digest
//! waits, how long a mail that the server refused is retried).
//!
//! A notice is stored as its kind and its data (this enum as JSON), not as finished
//! text, so the inbox shows it in the reader's language of the day.

use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;
use crate::role::Role;

mod compliance;
mod delivery;
mod incidents;
mod media;
mod review;

pub use delivery::{Delivery, MAIL_ATTEMPTS, NoticePrefs, retry_delay};

labelled_enum! {
    /// What a notice is about; a person chooses per kind whether it also comes by mail.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum NoticeKind {
        #[serde(rename = "role.granted")]
        RoleGranted => ("role.granted", "役割の付与", "A role given to you"),
        #[serde(rename = "role.removed")]
        RoleRemoved => ("role.removed", "役割の解除", "A role taken from you"),
        #[serde(rename = "account.security")]
        AccountSecurity => ("account.security", "アカウントの安全に関わる変更", "Changes to your account's security"),
        #[serde(rename = "incident.reported")]
        IncidentReported => ("incident.reported", "インシデントの報告", "An incident reported"),
        #[serde(rename = "incident.assigned")]
        IncidentAssigned => ("incident.assigned", "インシデントの担当", "An incident given to you"),
        #[serde(rename = "incident.escalated")]
        IncidentEscalated => ("incident.escalated", "初動の遅れたインシデント", "An incident past its first-response target"),
        #[serde(rename = "incident.deadline")]
        BreachDeadline => ("incident.deadline", "個人情報保護委員会への報告期限", "A breach report coming due"),
        #[serde(rename = "policy.ack")]
        PolicyAck => ("policy.ack", "ポリシーの確認のお願い", "A policy to acknowledge"),
        #[serde(rename = "policy.ack_overdue")]
        PolicyAckOverdue => ("policy.ack_overdue", "ポリシーの確認の遅れ（所属）", "Late acknowledgements in your department"),
        #[serde(rename = "training.due")]
        TrainingDue => ("training.due", "研修の受講期限", "Training coming due"),
        #[serde(rename = "exception.requested")]
        ExceptionRequested => ("exception.requested", "例外措置の申請・事後報告", "Exceptions to decide"),
        #[serde(rename = "exception.decided")]
        ExceptionDecided => ("exception.decided", "例外措置の決定", "Decisions on exceptions"),
        #[serde(rename = "exception.expiry")]
        ExceptionExpiry => ("exception.expiry", "例外措置の期限", "Exceptions ending"),
        #[serde(rename = "law.review")]
        LawReview => ("law.review", "法令等の見直し", "Laws to review"),
        #[serde(rename = "contract.ending")]
        ContractEnding => ("contract.ending", "委託契約の終了", "Contracts ending"),
        #[serde(rename = "entries.flagged")]
        EntriesFlagged => ("entries.flagged", "入退室記録の確認依頼", "Entries to check"),
        #[serde(rename = "takeout.requested")]
        TakeoutRequested => ("takeout.requested", "持ち出しの承認依頼", "Take-outs to approve"),
        #[serde(rename = "takeout.decided")]
        TakeoutDecided => ("takeout.decided", "持ち出しの承認結果", "Decisions on your take-outs"),
        #[serde(rename = "takeout.overdue")]
        TakeoutOverdue => ("takeout.overdue", "持ち出しの返却遅れ", "Take-outs not returned"),
        #[serde(rename = "inspection.requested")]
        InspectionRequested => ("inspection.requested", "自己点検の回答依頼", "Self-inspections to answer"),
        #[serde(rename = "inspection.submitted")]
        InspectionSubmitted => ("inspection.submitted", "自己点検の提出", "Self-inspections submitted"),
        #[serde(rename = "audit.finding")]
        AuditFinding => ("audit.finding", "監査の指摘事項", "Audit findings"),
        #[serde(rename = "due.reminder")]
        DueReminder => ("due.reminder", "期限の通知", "Due dates"),
        #[serde(rename = "test")]
        Test => ("test", "テスト通知", "Test notice"),
    }

    fn parse {
        empty: ("通知の種類が入力されていません。", "The kind of notice is empty."),
        unknown: choices("通知の種類", "a kind of notice"),
    }
}

impl NoticeKind {
    /// A change to a person's own account always comes by mail as well, at once: if
    /// someone else made it, the mail is how the owner finds out.
    pub fn mail_required(self) -> bool {
        self == NoticeKind::AccountSecurity
    }
}

/// A notice with what it needs to be written in either language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A role was assigned; `department` is the name of its department, if it has one.
    RoleGranted {
        role: Role,
        department: Option<String>,
    },
    RoleRemoved {
        role: Role,
        department: Option<String>,
    },
    /// The account's password was changed (by its owner, signed in).
    PasswordChanged,
    /// The account's second factor was turned off (by its owner, signed in).
    SecondFactorDisabled,
    /// An administrator issued a password reset link for the account (`by` is who).
    PasswordResetIssued { by: String },
    /// An administrator checking that notices reach people.
    Test { by: String },
    /// An invitation to make one's own account: by mail only, since the person has no
    /// account (and so no inbox) yet. `expires` is the last day, as people write it.
    Invitation {
        org: String,
        link: String,
        expires: String,
    },
    /// An incident was reported to the reporting line. A restricted one (personal data,
    /// an insider) is named by its number only: the mail may be read where the
    /// incident may not.
    IncidentReported {
        number: String,
        title: String,
        category: crate::incident::Category,
        restricted: bool,
        personal_data: bool,
    },
    /// An incident was given to the reader to handle.
    IncidentAssigned {
        number: String,
        title: String,
        restricted: bool,
    },
    /// Nobody has acted on an incident by its first-response target.
    IncidentEscalated {
        number: String,
        title: String,
        restricted: bool,
    },
    /// A policy version waits for the reader's acknowledgement, due on `due`.
    AckRequested {
        title: String,
        version: i32,
        due: String,
    },
    /// A course the reader must take comes due on `due` (as people write dates), or is
    /// past it (`overdue`).
    TrainingDue {
        title: String,
        due: String,
        overdue: bool,
    },
    /// An exception waits for the reader's decision (`urgent`: taken already, to be
    /// approved afterwards); `late`: its report for approval is overdue.
    ExceptionRequested {
        number: String,
        title: String,
        department: String,
        urgent: bool,
        late: bool,
    },
    /// An exception the reader's department asked for was approved or refused.
    ExceptionDecided {
        number: String,
        title: String,
        approved: bool,
    },
    /// An exception ends on `until` in `days_left` days, or (`lapsed`) ended: the rule
    /// applies again.
    ExceptionExpiry {
        number: String,
        title: String,
        until: String,
        days_left: u32,
        lapsed: bool,
    },
    /// A law the reader's department owns is to be reviewed: its review comes due on
    /// `due` in `days_left` days, is `overdue`, or (`amendment`) it was amended.
    LawReview {
        number: String,
        title: String,
        due: String,
        days_left: u32,
        overdue: bool,
        amendment: Option<String>,
    },
    /// A contract of the reader's department ends on `until` in `days_left` days, or
    /// (`ended`) has ended; `personal_data`: data entrusted must be returned or deleted.
    ContractEnding {
        number: String,
        subject: String,
        until: String,
        days_left: u32,
        ended: bool,
        personal_data: bool,
    },
    /// Entries of an area the reader manages were flagged as they came in (`source`:
    /// a door system's batch or a door log).
    EntriesFlagged {
        area: String,
        count: u64,
        source: String,
    },
    /// A take-out waits for the reader's approval (`level`: the confidentiality of
    /// what goes out, as the scheme writes it).
    TakeoutRequested {
        number: String,
        what: String,
        level: String,
        requester: String,
        due: String,
    },
    /// The reader's take-out was approved or refused.
    TakeoutDecided {
        number: String,
        what: String,
        approved: bool,
        note: String,
    },
    /// A take-out is `days` past its return date `due`; `escalated`: the reader is an
    /// officer of the holder's department, not the holder.
    TakeoutOverdue {
        number: String,
        what: String,
        holder: String,
        due: String,
        days: i64,
        escalated: bool,
    },
    /// The reader's department is asked to answer a self-inspection by `due`, or
    /// (`returned` > 0) items of its submitted sheet came back to it.
    InspectionRequested {
        name: String,
        department: String,
        due: String,
        returned: u32,
    },
    /// A department submitted its self-inspection for the reader's review.
    InspectionSubmitted { name: String, department: String },
    /// An audit found something in the reader's department (`grade` as people write
    /// it), to answer and correct.
    AuditFinding {
        audit: String,
        number: String,
        grade: String,
        department: String,
    },
    /// Something the reader owes (or, `escalated`, someone under them owes) is due in
    /// `days` days (`days` < 0: that many days late). `kind` is a due kind's code.
    DueReminder {
        due_kind: String,
        label: String,
        due: String,
        days: i64,
        escalated: bool,
    },
    /// People of the reader's department are past their due date.
    AckOverdue {
        title: String,
        version: i32,
        department: String,
        count: u32,
    },
    /// A report to the PPC comes due (`final_report`: the 確報, else the 速報), on
    /// `due` (as people write dates), in `days_left` days (negative: overdue).
    BreachDeadline {
        number: String,
        final_report: bool,
        due: String,
        days_left: i64,
    },
}

/// A notice written out in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
}

impl Notice {
    pub fn kind(&self) -> NoticeKind {
        match self {
            Notice::RoleGranted { .. } => NoticeKind::RoleGranted,
            Notice::RoleRemoved { .. } => NoticeKind::RoleRemoved,
            Notice::PasswordChanged
            | Notice::SecondFactorDisabled
            | Notice::PasswordResetIssued { .. }
            | Notice::Invitation { .. } => NoticeKind::AccountSecurity,
            Notice::Test { .. } => NoticeKind::Test,
            Notice::IncidentReported { .. } => NoticeKind::IncidentReported,
            Notice::IncidentAssigned { .. } => NoticeKind::IncidentAssigned,
            Notice::IncidentEscalated { .. } => NoticeKind::IncidentEscalated,
            Notice::BreachDeadline { .. } => NoticeKind::BreachDeadline,
            Notice::AckRequested { .. } => NoticeKind::PolicyAck,
            Notice::AckOverdue { .. } => NoticeKind::PolicyAckOverdue,
            Notice::TrainingDue { .. } => NoticeKind::TrainingDue,
            Notice::ExceptionRequested { .. } => NoticeKind::ExceptionRequested,
            Notice::ExceptionDecided { .. } => NoticeKind::ExceptionDecided,
            Notice::ExceptionExpiry { .. } => NoticeKind::ExceptionExpiry,
            Notice::LawReview { .. } => NoticeKind::LawReview,
            Notice::ContractEnding { .. } => NoticeKind::ContractEnding,
            Notice::EntriesFlagged { .. } => NoticeKind::EntriesFlagged,
            Notice::TakeoutRequested { .. } => NoticeKind::TakeoutRequested,
            Notice::TakeoutDecided { .. } => NoticeKind::TakeoutDecided,
            Notice::TakeoutOverdue { .. } => NoticeKind::TakeoutOverdue,
            Notice::InspectionRequested { .. } => NoticeKind::InspectionRequested,
            Notice::InspectionSubmitted { .. } => NoticeKind::InspectionSubmitted,
            Notice::AuditFinding { .. } => NoticeKind::AuditFinding,
            Notice::DueReminder { .. } => NoticeKind::DueReminder,
        }
    }

    /// The notice in `lang` ("en" for English, Japanese otherwise).
    pub fn text(&self, lang: &str) -> Text {
        let en = lang == "en";
        let (subject, body) = match self {
            Notice::RoleGranted { role, department } => {
                let role = role.label(lang);
                let scope = in_department(department.as_deref(), en);
                if en {
                    (
                        format!("You are now {role}"),
                        format!(
                            "You have been given the role \"{role}\"{scope}. Its duties are in the basic information security policy."
                        ),
                    )
                } else {
                    (
                        format!("{role}に任命されました"),
                        format!(
                            "{scope}「{role}」の役割が付与されました。役割の務めは情報セキュリティ基本方針に定められています。"
                        ),
                    )
                }
            }
            Notice::RoleRemoved { role, department } => {
                let role = role.label(lang);
                let scope = in_department(department.as_deref(), en);
                if en {
                    (
                        format!("You are no longer {role}"),
                        format!("The role \"{role}\"{scope} has been taken from you."),
                    )
                } else {
                    (
                        format!("{role}の役割が解除されました"),
                        format!("{scope}「{role}」の役割が解除されました。"),
                    )
                }
            }
            Notice::PasswordChanged => security(
                en,
                ("パスワードが変更されました", "Your password was changed"),
                (
                    "あなたのアカウントのパスワードが変更されました。".to_string(),
                    "The password of your account was changed.".to_string(),
                ),
            ),
            Notice::SecondFactorDisabled => security(
                en,
                (
                    "二要素認証が解除されました",
                    "Your second sign-in factor was turned off",
                ),
                (
                    "あなたのアカウントの二要素認証（認証アプリ）が解除されました。".to_string(),
                    "The second factor (authenticator app) of your account was turned off."
                        .to_string(),
                ),
            ),
            Notice::PasswordResetIssued { by } => security(
                en,
                (
                    "パスワード再設定リンクが発行されました",
                    "A password reset link was issued",
                ),
                (
                    format!("{by} があなたのアカウントのパスワード再設定リンクを発行しました。"),
                    format!("{by} issued a password reset link for your account."),
                ),
            ),
            Notice::Test { by } => {
                if en {
                    (
                        "Test notice from Mamori".to_string(),
                        format!("{by} sent this notice to check that notices reach you."),
                    )
                } else {
                    (
                        "Mamori からのテスト通知".to_string(),
                        format!("{by} が、通知が届くことを確かめるために送りました。"),
                    )
                }
            }
            Notice::Invitation { org, link, expires } => {
                if en {
                    (
                        "Make your Mamori account".to_string(),
                        format!(
                            "{org} invites you to make your account in Mamori, its information security management system. Open this link and choose your login and password. It works once, until {expires}.\n\n{link}\n\nIf you did not expect this, tell your security officer."
                        ),
                    )
                } else {
                    (
                        "Mamori のアカウントを作成してください".to_string(),
                        format!(
                            "{org}の情報セキュリティ管理システム Mamori のアカウントを作成してください。次のリンクを開き、ログインIDとパスワードを決めてください。リンクは{expires}まで、一度だけ使えます。\n\n{link}\n\n心当たりがない場合は、情報セキュリティ責任者に連絡してください。"
                        ),
                    )
                }
            }
            n @ (Notice::IncidentReported { .. }
            | Notice::IncidentAssigned { .. }
            | Notice::IncidentEscalated { .. }
            | Notice::BreachDeadline { .. }) => incidents::text(n, en).unwrap_or_default(),
            Notice::AckRequested {
                title,
                version,
                due,
            } => {
                if en {
                    (
                        format!("Please acknowledge {title} (version {version})"),
                        format!(
                            "Read version {version} of {title} and confirm that you will comply, by {due}. It is on your home page in Mamori."
                        ),
                    )
                } else {
                    (
                        format!("{title}（第{version}版）の確認をお願いします"),
                        format!(
                            "{due}までに、{title}（第{version}版）を読み、遵守することを確認してください。Mamori のホーム画面から確認できます。"
                        ),
                    )
                }
            }
            Notice::TrainingDue {
                title,
                due,
                overdue,
            } => match (en, overdue) {
                (true, false) => (
                    format!("{title}: please complete it by {due}"),
                    format!(
                        "You are due to complete {title} by {due}. Its sessions and any e-learning open now are on your home page in Mamori."
                    ),
                ),
                (true, true) => (
                    format!("{title} is overdue"),
                    format!(
                        "You were due to complete {title} by {due}. Please take it as soon as you can; its sessions are on your home page in Mamori."
                    ),
                ),
                (false, false) => (
                    format!("{title}の受講期限は{due}です"),
                    format!(
                        "{due}までに{title}を受講してください。実施回と受講中のeラーニングは Mamori のホーム画面にあります。"
                    ),
                ),
                (false, true) => (
                    format!("{title}の受講期限を過ぎています"),
                    format!(
                        "{title}の受講期限（{due}）を過ぎています。できるだけ早く受講してください。実施回は Mamori のホーム画面にあります。"
                    ),
                ),
            },
            Notice::AckOverdue {
                title,
                version,
                department,
                count,
            } => {
                if en {
                    (
                        format!("{count} in {department} have not acknowledged {title}"),
                        format!(
                            "{count} people of {department} are past the date to acknowledge version {version} of {title}. The names are on the campaign's coverage page."
                        ),
                    )
                } else {
                    (
                        format!("{department}で{count}人が{title}を未確認です"),
                        format!(
                            "{department}の{count}人が、{title}（第{version}版）の確認期限を過ぎています。氏名は確認状況の画面で確認できます。"
                        ),
                    )
                }
            }
            n @ (Notice::ExceptionRequested { .. }
            | Notice::ExceptionDecided { .. }
            | Notice::ExceptionExpiry { .. }
            | Notice::LawReview { .. }
            | Notice::ContractEnding { .. }) => compliance::text(n, en).unwrap_or_default(),
            n @ (Notice::EntriesFlagged { .. }
            | Notice::TakeoutRequested { .. }
            | Notice::TakeoutDecided { .. }
            | Notice::TakeoutOverdue { .. }) => media::text(n, en).unwrap_or_default(),
            n @ (Notice::InspectionRequested { .. }
            | Notice::InspectionSubmitted { .. }
            | Notice::AuditFinding { .. }
            | Notice::DueReminder { .. }) => review::text(n, en).unwrap_or_default(),
        };
        Text { subject, body }
    }
}

/// A security notice: what happened, and what to do if it was not the reader.
fn security(en: bool, subject: (&str, &str), what: (String, String)) -> (String, String) {
    if en {
        (
            subject.1.to_string(),
            format!(
                "{} If you did not do or ask for this, tell your security officer at once.",
                what.1
            ),
        )
    } else {
        (
            subject.0.to_string(),
            format!(
                "{}心当たりがない場合は、すぐに情報セキュリティ責任者に連絡してください。",
                what.0
            ),
        )
    }
}

fn in_department(department: Option<&str>, en: bool) -> String {
    match (department, en) {
        (Some(d), true) => format!(" for {d}"),
        (Some(d), false) => format!("{d}の"),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests;
