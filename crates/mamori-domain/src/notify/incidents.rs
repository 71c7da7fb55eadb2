//! The notices of incidents (reported, assigned, escalated) and of breach-report
//! deadlines, in either language.

use super::Notice;

/// The subject and body of an incident notice (`None` for the other kinds).
pub(super) fn text(n: &Notice, en: bool) -> Option<(String, String)> {
    Some(match n {
        Notice::IncidentReported {
            number,
            title,
            category,
            restricted,
            personal_data,
        } => {
            let what = shown_title(title, *restricted, en);
            let pd = match (*personal_data, en) {
                (false, _) => "",
                (true, true) => {
                    " Personal data may be involved: the breach assessment's clock is running."
                }
                (true, false) => {
                    "個人情報が関わる可能性があります。報告期限の起算が始まっています。"
                }
            };
            if en {
                (
                    format!("Incident {number} reported"),
                    format!(
                        "Incident {number} ({}) was reported{what}.{pd} Open it in Mamori to respond.",
                        category.label_en()
                    ),
                )
            } else {
                (
                    format!("インシデント {number} が報告されました"),
                    format!(
                        "インシデント {number}（{}）が報告されました{what}。{pd}Mamori で開いて対応してください。",
                        category.label_ja()
                    ),
                )
            }
        }
        Notice::IncidentAssigned {
            number,
            title,
            restricted,
        } => {
            let what = shown_title(title, *restricted, en);
            if en {
                (
                    format!("Incident {number} is yours to handle"),
                    format!("You are now handling incident {number}{what}."),
                )
            } else {
                (
                    format!("インシデント {number} の担当になりました"),
                    format!("インシデント {number}{what}の担当になりました。"),
                )
            }
        }
        Notice::IncidentEscalated {
            number,
            title,
            restricted,
        } => {
            let what = shown_title(title, *restricted, en);
            if en {
                (
                    format!("Incident {number} has had no first response"),
                    format!(
                        "Nobody has acted on incident {number}{what} by its first-response target. Assign it and take the first step."
                    ),
                )
            } else {
                (
                    format!("インシデント {number} の初動が遅れています"),
                    format!(
                        "インシデント {number}{what}は、初動の目標時刻を過ぎても対応が記録されていません。担当を決め、初動を取ってください。"
                    ),
                )
            }
        }
        Notice::BreachDeadline {
            number,
            final_report,
            due,
            days_left,
        } => {
            let (ja, en_name) = if *final_report {
                ("確報", "final report")
            } else {
                ("速報", "preliminary report")
            };
            match (en, *days_left < 0) {
                (true, false) => (
                    format!("The {en_name} of {number} is due in {days_left} day(s)"),
                    format!(
                        "The {en_name} to the Personal Information Protection Commission on incident {number} is due on {due} ({days_left} day(s) left)."
                    ),
                ),
                (true, true) => (
                    format!("The {en_name} of {number} is overdue"),
                    format!(
                        "The {en_name} to the Personal Information Protection Commission on incident {number} was due on {due}. File it now."
                    ),
                ),
                (false, false) => (
                    format!("{number} の{ja}の期限まであと{days_left}日です"),
                    format!(
                        "インシデント {number} の個人情報保護委員会への{ja}は{due}が期限です（あと{days_left}日）。"
                    ),
                ),
                (false, true) => (
                    format!("{number} の{ja}が期限を過ぎています"),
                    format!(
                        "インシデント {number} の個人情報保護委員会への{ja}は{due}が期限でした。直ちに提出してください。"
                    ),
                ),
            }
        }
        _ => return None,
    })
}

/// An incident's title for a notice: left out when the incident is restricted.
fn shown_title(title: &str, restricted: bool, en: bool) -> String {
    match (restricted, en) {
        (true, _) => String::new(),
        (false, true) => format!(": \"{title}\""),
        (false, false) => format!("「{title}」"),
    }
}
