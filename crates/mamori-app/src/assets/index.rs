//! The in-memory register index of each organization (see
//! `mamori_domain::asset::register`), kept current from the database's register
//! revisions.
//!
//! Each request first reads the organization's revision (one indexed row). When
//! another request, command or app server has written since, the rows stamped above
//! the revision held are read and applied; otherwise the index answers at once. One
//! request refreshes at a time per organization; the others wait for it rather than
//! repeating its read. The first request after start reads the whole register once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard};

use mamori_domain::asset::register::{AssetSort, Entry, Register};
use mamori_domain::asset::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind};
use mamori_store::assets::RegisterRow;
use uuid::Uuid;

use crate::departments::DeptIndex;
use crate::error::stored;
use crate::{App, AppResult};

/// Rows read per query while catching up: a first read of 100,000 assets holds a
/// page of database values at a time, not all of them.
const PAGE: u64 = 2_000;

/// Every organization's register index, and its department tree as of a revision,
/// shared by the clones of an [`App`].
#[derive(Default)]
pub struct Registers {
    orgs: Mutex<HashMap<Uuid, Arc<OrgRegister>>>,
    departments: Mutex<HashMap<Uuid, (i64, DeptIndex)>>,
}

impl Registers {
    /// The department tree kept for `rev`, if that is the one kept.
    pub(crate) fn departments(&self, org_id: Uuid, rev: i64) -> Option<DeptIndex> {
        let kept = self
            .departments
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        kept.get(&org_id)
            .filter(|(at, _)| *at == rev)
            .map(|(_, idx)| idx.clone())
    }

    pub(crate) fn keep_departments(&self, org_id: Uuid, rev: i64, idx: &DeptIndex) {
        self.departments
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(org_id, (rev, idx.clone()));
    }
}

#[derive(Default)]
pub(crate) struct OrgRegister {
    register: RwLock<Register>,
    /// Held while reading changes from the database, so only one request does.
    refreshing: tokio::sync::Mutex<()>,
}

impl OrgRegister {
    /// The index for reading. Queries hold it for about a millisecond and never
    /// across an await.
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, Register> {
        self.register.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn rev(&self) -> i64 {
        self.read().rev()
    }
}

fn entry(r: RegisterRow) -> AppResult<Entry> {
    Ok(Entry {
        id: r.id,
        number: r.number.into(),
        name: r.name.into(),
        search_key: r.search_key.into(),
        kind: stored("asset kind", &r.kind, AssetKind::from_code(&r.kind))?,
        status: stored("asset status", &r.status, AssetStatus::from_code(&r.status))?,
        network_layer: stored(
            "network layer",
            &r.network_layer,
            NetworkLayer::from_code(&r.network_layer),
        )?,
        personal_data: stored(
            "personal data kind",
            &r.personal_data,
            PersonalDataKind::from_code(&r.personal_data),
        )?,
        restricted: r.restricted,
        department_id: r.department_id,
        owner_staff_id: r.owner_staff_id,
        scheme_id: r.scheme_id,
        ranks: [r.c_rank, r.i_rank, r.a_rank],
        importance: r.importance,
        required: [r.req_c, r.req_i, r.req_a],
        review_on: r.review_on,
        updated_us: r.updated_at.timestamp_micros(),
    })
}

impl App {
    /// The organization's register index, current as of this call.
    pub(crate) async fn register(&self, org_id: Uuid) -> AppResult<Arc<OrgRegister>> {
        let org = {
            let mut orgs = self
                .registers
                .orgs
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            orgs.entry(org_id).or_default().clone()
        };
        let conn = self.store.conn();
        let head = mamori_store::assets::head_rev(conn, org_id).await?;
        if org.rev() < head {
            let _refreshing = org.refreshing.lock().await;
            let held = org.rev();
            if held < head {
                // Rows stamped after `head` may come too; applying them twice is harmless.
                let mut changed: Vec<Entry> = Vec::new();
                let mut after = None;
                loop {
                    let page = mamori_store::assets::changed_since(conn, org_id, held, after, PAGE)
                        .await?;
                    let full = page.len() as u64 == PAGE;
                    after = page.last().map(|r| r.id);
                    for r in page {
                        changed.push(entry(r)?);
                    }
                    if !full {
                        break;
                    }
                }
                org.register
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .apply(changed, head);
            }
        }
        Ok(org)
    }
}

/// The department order a query with `sort` needs: departments ranked by their path
/// as shown for the department sort (assets without one last), nothing otherwise.
pub(crate) fn department_order(sort: AssetSort, idx: &DeptIndex) -> impl Fn(Option<Uuid>) -> u32 {
    let mut ranks: HashMap<Uuid, u32> = HashMap::new();
    if sort == AssetSort::Department {
        let mut paths: Vec<(String, Uuid)> =
            idx.all.iter().map(|d| (idx.path(d.id), d.id)).collect();
        paths.sort();
        ranks = paths
            .into_iter()
            .enumerate()
            .map(|(i, (_, id))| (id, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
    }
    move |d: Option<Uuid>| d.and_then(|d| ranks.get(&d).copied()).unwrap_or(u32::MAX)
}
