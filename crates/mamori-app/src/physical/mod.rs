//! Physical security (policy §8; the MIC guideline's 管理区域): the buildings, floors
//! and secure areas, who may enter each unescorted and the reviews of those lists,
//! entry badges, and the entry log — typed at the door or sent by a door system —
//! with its flags, their settling and the monthly sign-off.
//!
//! The parts, each depending only on those before it: [`row`] (stored ↔ shown and
//! audited), [`view`], [`input`], the rules of an area ([`reconcile`]) and where checked
//! entries go ([`sink`]), then the use cases [`reads`], [`writes`] and [`log`].

mod input;
mod log;
mod reads;
mod reconcile;
mod row;
mod sink;
mod view;
mod writes;

pub use input::{
    AreaEntryInput, BadgeInput, ConfirmInput, EntryBatch, EntryQuery, GrantInput, LogColumns,
    PlaceInput, RemoveGrantInput, ReviewInput, SettleInput, SignoffInput,
};
pub use reads::{EXPORT_HEADERS, EXPORT_LIMIT};
pub(crate) use row::People;
pub use sink::IngestReport;
pub(crate) use sink::{EntrySink, Who};
pub use view::{
    AreaDetail, BadgeView, EntryView, GrantView, Person, PhysicalCounts, PlaceView, ReviewView,
    SignoffView,
};
