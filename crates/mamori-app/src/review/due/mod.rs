//! One calendar of what is due (期限): every date the modules keep, for the person
//! who owes it, for a department and for the CISO; the iCalendar feed behind a
//! revocable secret; and the daily reminders of the dates no module's own job covers,
//! all by the domain's one rule table (`mamori_domain::review::due::rule`).

mod calendar;
mod feed;
mod reminders;
mod view;

pub use view::{DueItemView, DueList, DueQuery, FeedState};
