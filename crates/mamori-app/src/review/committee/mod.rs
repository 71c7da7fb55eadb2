//! The security committee (§6): its members (the CISO, the deputy and those holding
//! the committee role), meetings with their attendees and agenda, numbered decisions
//! that approve a policy version or accept a risk in the same write, and minutes
//! approved at the next meeting.

mod agenda;
mod decisions;
mod input;
mod meetings;
mod records;
mod view;

pub use input::{AgendaInput, CommitteeDecision, MeetingInput, MinutesApproval, MinutesInput};
pub use view::{
    AgendaCandidate, AgendaView, DecisionView, MeetingDetail, MeetingView, MemberView, RecordLink,
};
