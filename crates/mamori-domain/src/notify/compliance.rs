//! The notices of the compliance registers, in either language.

use super::Notice;

/// The subject and body of a compliance notice (`None` for the other kinds, which
/// `Notice::text` writes itself).
pub(super) fn text(n: &Notice, en: bool) -> Option<(String, String)> {
    Some(match n {
        Notice::ExceptionRequested {
            number,
            title,
            department,
            urgent,
            late,
        } => match (en, urgent, late) {
            (true, _, true) => (
                format!("Exception {number} has not been reported for approval in time"),
                format!(
                    "Exception {number} \"{title}\" of {department} was taken urgently and its report for approval is overdue. Decide it in Mamori."
                ),
            ),
            (true, true, false) => (
                format!("Exception {number} was taken urgently"),
                format!(
                    "{department} took exception {number} \"{title}\" at once and reports it for approval. Approve or refuse it in Mamori."
                ),
            ),
            (true, false, false) => (
                format!("Exception {number} waits for your decision"),
                format!(
                    "{department} asks for exception {number} \"{title}\". Approve or refuse it in Mamori."
                ),
            ),
            (false, _, true) => (
                format!("例外措置 {number} の事後報告が期限を過ぎています"),
                format!(
                    "{department}が緊急に実施した例外措置 {number}「{title}」は、承認の期限を過ぎています。Mamori で承認または却下してください。"
                ),
            ),
            (false, true, false) => (
                format!("例外措置 {number} が緊急に実施されました"),
                format!(
                    "{department}が例外措置 {number}「{title}」を緊急に実施し、事後報告しています。Mamori で承認または却下してください。"
                ),
            ),
            (false, false, false) => (
                format!("例外措置 {number} の承認をお願いします"),
                format!(
                    "{department}から例外措置 {number}「{title}」の申請がありました。Mamori で承認または却下してください。"
                ),
            ),
        },
        Notice::ExceptionDecided {
            number,
            title,
            approved,
        } => match (en, approved) {
            (true, true) => (
                format!("Exception {number} was approved"),
                format!(
                    "Exception {number} \"{title}\" was approved. Keep to its conditions and compensating measures; they are on its page in Mamori."
                ),
            ),
            (true, false) => (
                format!("Exception {number} was refused"),
                format!(
                    "Exception {number} \"{title}\" was refused: the rule applies as written. The reason is on its page in Mamori."
                ),
            ),
            (false, true) => (
                format!("例外措置 {number} が承認されました"),
                format!(
                    "例外措置 {number}「{title}」が承認されました。承認の条件と代替の対策を守ってください（Mamori の例外措置の画面にあります）。"
                ),
            ),
            (false, false) => (
                format!("例外措置 {number} が却下されました"),
                format!(
                    "例外措置 {number}「{title}」は却下されました。規定どおりに運用してください。理由は Mamori の例外措置の画面にあります。"
                ),
            ),
        },
        Notice::ExceptionExpiry {
            number,
            title,
            until,
            days_left,
            lapsed,
        } => match (en, lapsed) {
            (true, true) => (
                format!("Exception {number} has ended"),
                format!(
                    "Exception {number} \"{title}\" ended on {until}. From today the rule applies again; if the departure is still needed, ask for a renewal."
                ),
            ),
            (true, false) => (
                format!("Exception {number} ends in {days_left} day(s)"),
                format!(
                    "Exception {number} \"{title}\" ends on {until}. After that the rule applies again; ask for a renewal in Mamori if it is still needed."
                ),
            ),
            (false, true) => (
                format!("例外措置 {number} の期間が終了しました"),
                format!(
                    "例外措置 {number}「{title}」は{until}で終了しました。本日から規定が再び適用されます。引き続き必要な場合は更新を申請してください。"
                ),
            ),
            (false, false) => (
                format!("例外措置 {number} の終了まであと{days_left}日です"),
                format!(
                    "例外措置 {number}「{title}」は{until}に終了します。終了後は規定が再び適用されます。引き続き必要な場合は Mamori で更新を申請してください。"
                ),
            ),
        },
        Notice::LawReview {
            number,
            title,
            due,
            days_left,
            overdue,
            amendment,
        } => match (en, amendment, overdue) {
            (true, Some(what), _) => (
                format!("{title} was amended: review {number}"),
                format!(
                    "An amendment of {title} ({number}) was recorded: {what}. Check its obligations and the policy sections and controls that meet them, then record the review in Mamori."
                ),
            ),
            (true, None, true) => (
                format!("The review of {title} is overdue"),
                format!(
                    "{title} ({number}) was due for review on {due}. Check its obligations and record the review in Mamori."
                ),
            ),
            (true, None, false) => (
                format!("{title} is due for review in {days_left} day(s)"),
                format!(
                    "{title} ({number}) is due for review on {due}. Check its obligations and record the review in Mamori."
                ),
            ),
            (false, Some(what), _) => (
                format!("{title}が改正されました（{number}）"),
                format!(
                    "{title}（{number}）の改正が登録されました: {what}。義務の内容と、それを満たすポリシーの節・管理策を確認し、Mamori で見直しを記録してください。"
                ),
            ),
            (false, None, true) => (
                format!("{title}の見直し期限を過ぎています"),
                format!(
                    "{title}（{number}）の見直し期限は{due}でした。義務の内容を確認し、Mamori で見直しを記録してください。"
                ),
            ),
            (false, None, false) => (
                format!("{title}の見直しまであと{days_left}日です"),
                format!(
                    "{title}（{number}）の見直し期限は{due}です。義務の内容を確認し、Mamori で見直しを記録してください。"
                ),
            ),
        },
        Notice::ContractEnding {
            number,
            subject,
            until,
            days_left,
            ended,
            personal_data,
        } => {
            let data_en = if *personal_data {
                " Personal data was entrusted: confirm it is returned or deleted, with proof."
            } else {
                ""
            };
            let data_ja = if *personal_data {
                "個人情報を委託しているため、返却または消去とその証明を確認してください。"
            } else {
                ""
            };
            match (en, ended) {
                (true, true) => (
                    format!("Contract {number} has ended"),
                    format!("Contract {number} \"{subject}\" ended on {until}.{data_en}"),
                ),
                (true, false) => (
                    format!("Contract {number} ends in {days_left} day(s)"),
                    format!(
                        "Contract {number} \"{subject}\" ends on {until}. Prepare its renewal or its end in Mamori.{data_en}"
                    ),
                ),
                (false, true) => (
                    format!("委託契約 {number} が終了しました"),
                    format!("委託契約 {number}「{subject}」は{until}で終了しました。{data_ja}"),
                ),
                (false, false) => (
                    format!("委託契約 {number} の終了まであと{days_left}日です"),
                    format!(
                        "委託契約 {number}「{subject}」は{until}に終了します。更新または終了の準備をしてください。{data_ja}"
                    ),
                ),
            }
        }
        _ => return None,
    })
}
