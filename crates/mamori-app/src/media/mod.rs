//! Equipment and removable media (policy §8; the MIC guideline's control of devices
//! and media): the register of devices and media with where each is kept and who
//! holds it, inventories (棚卸) that check them department by department, and
//! take-outs (持ち出し) approved by the role the rules name for the data's
//! confidentiality, with the daily reminder of late returns.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`], then the use cases [`reads`], [`writes`],
//! [`inventory`], [`listing`] and [`takeouts`], and the job in [`reminders`].

mod input;
mod inventory;
mod listing;
mod reads;
mod reminders;
mod row;
mod takeouts;
mod view;
mod writes;

pub use input::{
    FindingInput, InventoryInput, ItemInput, ItemQuery, ReturnInput, TakeoutDecision, TakeoutInput,
    TakeoutQuery, TakeoutRulesInput,
};
pub use listing::TAKEOUT_HEADERS;
pub use reads::{ITEM_EXPORT_LIMIT, ITEM_HEADERS};
pub use view::{
    ApproverLine, DeptCoverage, InventoryCheckView, InventoryDetail, InventoryView, ItemDetail,
    ItemView, MediaCounts, Named, OutOn, TakeoutRulesView, TakeoutView,
};
