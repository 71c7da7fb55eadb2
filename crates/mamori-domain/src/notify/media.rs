//! The notices of physical security: entries flagged for an area's manager, and
//! take-outs (持ち出し), in either language.

use super::Notice;

/// The subject and body of a physical-security notice (`None` for the other kinds).
pub(super) fn text(n: &Notice, en: bool) -> Option<(String, String)> {
    Some(match n {
        Notice::EntriesFlagged {
            area,
            count,
            source,
        } => {
            if en {
                (
                    format!("{count} entries of {area} to check"),
                    format!(
                        "{count} of the entries that came in ({source}) were flagged: without leave, without an exit or outside the hours. Explain each on the area's page in Mamori, or open an incident from it."
                    ),
                )
            } else {
                (
                    format!("管理区域「{area}」の入退室記録に確認が必要です（{count}件）"),
                    format!(
                        "取り込んだ入退室記録（{source}）のうち {count} 件が照合で確認対象になりました（許可のない入室、退室記録のない入室、時間外の入室）。Mamori の区域の画面で説明を記録するか、インシデントを起票してください。"
                    ),
                )
            }
        }
        Notice::TakeoutRequested {
            number,
            what,
            level,
            requester,
            due,
        } => {
            if en {
                (
                    format!("Take-out {number} waits for your approval"),
                    format!(
                        "{requester} asks to take out \"{what}\" (confidentiality {level}) until {due}. Approve or refuse it in Mamori."
                    ),
                )
            } else {
                (
                    format!("持ち出し {number} の承認をお願いします"),
                    format!(
                        "{requester}さんが「{what}」（機密性{level}）の持ち出しを申請しています（返却予定 {due}）。Mamori で承認または不承認としてください。"
                    ),
                )
            }
        }
        Notice::TakeoutDecided {
            number,
            what,
            approved,
            note,
        } => match (en, approved) {
            (true, true) => (
                format!("Take-out {number} was approved"),
                format!("Your take-out of \"{what}\" was approved. {note}"),
            ),
            (true, false) => (
                format!("Take-out {number} was refused"),
                format!("Your take-out of \"{what}\" was refused. {note}"),
            ),
            (false, true) => (
                format!("持ち出し {number} が承認されました"),
                format!("「{what}」の持ち出しが承認されました。{note}"),
            ),
            (false, false) => (
                format!("持ち出し {number} は承認されませんでした"),
                format!("「{what}」の持ち出しは承認されませんでした。{note}"),
            ),
        },
        Notice::TakeoutOverdue {
            number,
            what,
            holder,
            due,
            days,
            escalated,
        } => match (en, escalated) {
            (true, false) => (
                format!("Return take-out {number}"),
                format!(
                    "\"{what}\" was due back on {due} and is {days} day(s) late. Return it and record the return in Mamori."
                ),
            ),
            (true, true) => (
                format!("Take-out {number} is {days} day(s) late"),
                format!(
                    "{holder} has not returned \"{what}\", due back on {due}. Find out where it is; if it is lost, open an incident from the take-out."
                ),
            ),
            (false, false) => (
                format!("持ち出し {number} を返却してください"),
                format!(
                    "「{what}」の返却予定日（{due}）を{days}日過ぎています。返却し、Mamori に返却を記録してください。"
                ),
            ),
            (false, true) => (
                format!("持ち出し {number} の返却が{days}日遅れています"),
                format!(
                    "{holder}さんが「{what}」（返却予定 {due}）を返却していません。所在を確認し、紛失のおそれがあれば持ち出しの画面からインシデントを起票してください。"
                ),
            ),
        },
        _ => return None,
    })
}
