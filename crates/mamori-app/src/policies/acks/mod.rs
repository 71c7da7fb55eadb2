//! Acknowledgement of policy versions (the policy's §5): campaigns that name who must
//! confirm and by when, each person confirming the text they were shown (its
//! fingerprint recorded), signed paper forms recorded by department officers, the
//! coverage by department and category with the names still missing, reminders at the
//! campaign's interval and escalation to department officers once people are late.

mod input;
mod reads;
mod reminders;
mod row;
mod view;
mod writes;

pub(crate) use input::staff_audience;
pub(crate) use reads::Loaded;
pub(crate) use row::audience_words;

pub use input::{AckInput, CampaignInput, PaperAckInput};
pub use view::{
    AckPage, AckedPerson, CampaignView, CoverageRow, CoverageView, MyAck, PendingPerson,
};
