//! The notices of evaluation and review: a self-inspection to answer (or items
//! returned), one submitted for review, an audit's finding, and a reminder of
//! something due, in either language.

use super::Notice;

/// The subject and body of a review notice (`None` for the other kinds).
pub(super) fn text(n: &Notice, en: bool) -> Option<(String, String)> {
    Some(match n {
        Notice::InspectionRequested {
            name,
            department,
            due,
            returned,
        } => match (en, *returned) {
            (true, 0) => (
                format!("Self-inspection \"{name}\" for {department}"),
                format!(
                    "Answer every item of \"{name}\" for {department} by {due}, then the department officer submits it. The sheet is under Self-inspection in Mamori."
                ),
            ),
            (true, n) => (
                format!("{n} items of \"{name}\" came back"),
                format!(
                    "The review returned {n} items of {department}'s self-inspection \"{name}\". Read the reviewer's notes, answer them again and submit (due {due})."
                ),
            ),
            (false, 0) => (
                format!("自己点検「{name}」の回答をお願いします（{department}）"),
                format!(
                    "{department}の自己点検「{name}」の全項目に {due} までに回答し、情報セキュリティ責任者が提出してください。Mamori の「自己点検」から回答できます。"
                ),
            ),
            (false, n) => (
                format!("自己点検「{name}」の {n} 項目が差し戻されました"),
                format!(
                    "{department}の自己点検「{name}」の {n} 項目が差し戻されました。確認者のコメントを読んで回答し直し、再提出してください（期限 {due}）。"
                ),
            ),
        },
        Notice::InspectionSubmitted { name, department } => {
            if en {
                (
                    format!("{department} submitted \"{name}\""),
                    format!(
                        "{department} submitted its self-inspection \"{name}\". Accept it, or return the items that need another answer, in Mamori."
                    ),
                )
            } else {
                (
                    format!("{department}が自己点検「{name}」を提出しました"),
                    format!(
                        "{department}が自己点検「{name}」を提出しました。Mamori で内容を確認し、確認済みとするか、回答し直しが必要な項目を差し戻してください。"
                    ),
                )
            }
        }
        Notice::AuditFinding {
            audit,
            number,
            grade,
            department,
        } => {
            if en {
                (
                    format!("Audit finding {number} for {department}"),
                    format!(
                        "The audit \"{audit}\" recorded finding {number} ({grade}) for {department}. Answer it and plan its corrective actions in Mamori."
                    ),
                )
            } else {
                (
                    format!("監査の指摘事項 {number}（{department}）"),
                    format!(
                        "監査「{audit}」で{department}に指摘事項 {number}（{grade}）がありました。Mamori で回答し、是正処置を計画してください。"
                    ),
                )
            }
        }
        Notice::DueReminder {
            due_kind,
            label,
            due,
            days,
            escalated,
        } => {
            let what = crate::review::due::DueKind::from_code(due_kind)
                .map_or("", |k| k.label(if en { "en" } else { "ja" }));
            let when_en = match *days {
                0 => "today".to_owned(),
                d if d > 0 => format!("in {d} days ({due})"),
                d => format!("{} days ago ({due})", -d),
            };
            let when_ja = match *days {
                0 => "本日".to_owned(),
                d if d > 0 => format!("{d}日後（{due}）"),
                d => format!("{}日前（{due}）に期限を過ぎています", -d),
            };
            match (en, *escalated) {
                (true, false) => (
                    format!("{what}: {label}"),
                    format!(
                        "{what} \"{label}\" is due {when_en}. It is on your calendar under Due dates in Mamori."
                    ),
                ),
                (true, true) => (
                    format!("Overdue in your department: {label}"),
                    format!(
                        "{what} \"{label}\" was due {when_en} and is not done. Those who owe it have been reminded; please follow it up."
                    ),
                ),
                (false, false) => (
                    format!("{what}：{label}"),
                    format!(
                        "{what}「{label}」の期限は{when_ja}。Mamori の「期限」で確認できます。"
                    ),
                ),
                (false, true) => (
                    format!("期限切れ（所管の案件）：{label}"),
                    format!(
                        "{what}「{label}」の期限は{when_ja}。担当者には通知済みです。状況を確認してください。"
                    ),
                ),
            }
        }
        _ => return None,
    })
}
