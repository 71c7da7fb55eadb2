//! Evaluation and review (§12). Self-inspection (自己点検): a campaign per fiscal year
//! asks each department in scope — or each information system, answered by the
//! department that runs it — a checklist (the organization's own, or a catalog's
//! controls, plus the department's or system's applied controls); the department answers every
//! item with a comment and the evidence on record, its officer submits, and the deputy
//! CISO accepts the sheet or returns items. Scores per department and per area are
//! compared with the year before; an item not done can become a risk in one step.

pub mod annual;
mod answers;
mod attach;
pub mod audit;
pub mod committee;
mod counts;
pub mod due;
mod gaps;
mod input;
mod inspections;
mod opening;
pub mod revisions;
mod scores;
mod sheet;
mod view;

pub use attach::SheetEvidence;
pub use counts::InspectionCounts;
pub use input::{AnswerLine, InspectionInput, ReturnedItem, SheetAnswers, SheetReview};
pub use inspections::INSPECTION_HEADERS;
pub use view::{
    AnswerView, AreaScore, EvidenceLink, FrequentGap, InspectionDetail, InspectionView,
    SheetDetail, SheetSummary,
};
