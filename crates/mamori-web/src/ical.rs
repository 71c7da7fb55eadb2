//! A calendar of what is due as iCalendar (RFC 5545), for calendar programs: one
//! all-day event per date, named by its kind and what it concerns, with a stable id so
//! a program updates rather than duplicates it when the feed is read again.

use icalendar::{Calendar, Component, Event, EventLike};
use mamori_app::review::due::DueList;

/// The feed's text, in the user's language (`en` or Japanese).
pub fn calendar(list: &DueList, lang: &str) -> String {
    let en = lang == "en";
    let mut cal = Calendar::new();
    cal.name(if en {
        "Mamori: due dates"
    } else {
        "Mamori 期限"
    });
    for i in &list.items {
        let kind = i.kind.label(lang);
        let mut about = Vec::new();
        if let Some(d) = &i.department {
            about.push(d.name.clone());
        }
        if let Some(o) = &i.owner {
            about.push(o.name.clone());
        }
        let event = Event::new()
            .uid(&format!("{}-{}-{}@mamori", i.kind.code(), i.id, i.due_on))
            .summary(&format!("{kind}: {}", i.label))
            .description(&format!("{}\n{}", about.join(" / "), i.href))
            .all_day(i.due_on)
            .done();
        cal.push(event);
    }
    cal.done().to_string()
}
