//! Equipment and removable media (policy §8; the MIC guideline's control of devices
//! and media): the register of devices and media with where each is kept and who
//! holds it, inventories (棚卸) that check them department by department, and
//! take-outs (持ち出し) approved by the role the rules name for the data's
//! confidentiality, with the daily reminder of late returns; and disposal (廃棄)
//! with its witness and erasure certificate.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`], the organization's [`rules`], then the use cases
//! [`reads`], [`writes`], [`inventory`], [`listing`] and [`takeouts`], [`disposals`]
//! and [`disposal_reads`], and the job in [`reminders`].

mod disposal_reads;
mod disposals;
mod input;
mod inventory;
mod listing;
mod reads;
mod reminders;
mod row;
mod rules;
mod takeouts;
mod view;
mod writes;

pub use disposal_reads::{DISPOSAL_HEADERS, log_row};
pub use input::{
    CertificateInput, CompleteInput, DisposalInput, DisposalQuery, DisposalRulesInput,
    FindingInput, InventoryInput, ItemInput, ItemQuery, LevelRuleInput, ReturnInput,
    TakeoutDecision, TakeoutInput, TakeoutQuery, TakeoutRulesInput,
};
pub use inventory::INVENTORY_HEADERS;
pub use listing::TAKEOUT_HEADERS;
pub use reads::{ITEM_EXPORT_LIMIT, ITEM_HEADERS};
pub(crate) use row::audited_item;
pub use view::{
    ApproverLine, DeptCoverage, DisposalFileView, DisposalItemView, DisposalRuleLine,
    DisposalRulesView, DisposalView, InventoryCheckView, InventoryDetail, InventoryView,
    ItemDetail, ItemView, MediaCounts, Named, OutOn, TakeoutRulesView, TakeoutView,
};
