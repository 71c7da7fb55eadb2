//! Reading the register: a page of items, one item with where it is and has been, the
//! export, the items of an asset, and the figures for the dashboard.

use std::collections::HashSet;

use mamori_domain::media::{ItemKind, ItemStatus};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{item, takeout};
use mamori_store::media::ItemFilter;
use mamori_store::media::takeouts::TakeoutFilter;
use uuid::Uuid;

use super::input::ItemQuery;
use super::row::{Names, check_view, item_view, state_of, takeout_number};
use super::view::{ItemDetail, ItemView, MediaCounts, Named, OutOn};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page, PageRequest};

/// The columns of the register's export, in Japanese and English.
pub const ITEM_HEADERS: [(&str, &str); 15] = [
    ("管理番号", "Number"),
    ("種類", "Kind"),
    ("名称", "Name"),
    ("資産番号", "Asset"),
    ("製造番号", "Serial number"),
    ("備品番号", "Asset tag"),
    ("容量", "Capacity"),
    ("暗号化", "Encrypted"),
    ("持出可能な機密性", "Highest confidentiality"),
    ("所管課", "Department"),
    ("使用者", "Holder"),
    ("保管場所", "Kept in"),
    ("ラック・棚", "Rack"),
    ("状態", "Status"),
    ("持ち出し中", "Out on"),
];

/// The most rows one export writes.
pub const ITEM_EXPORT_LIMIT: u64 = 200_000;

impl App {
    /// What the ids of these items and take-outs read as.
    pub(super) async fn media_names(
        &self,
        org_id: Uuid,
        items: &[item::Model],
        takeouts: &[takeout::Model],
    ) -> AppResult<Names> {
        let conn = self.store.conn();
        let mut people: HashSet<Uuid> = items.iter().filter_map(|i| i.holder_staff_id).collect();
        people.extend(takeouts.iter().filter_map(|t| t.requester_staff_id));
        let assets: Vec<Uuid> = items.iter().filter_map(|i| i.asset_id).collect();
        let mut item_ids: Vec<Uuid> = takeouts.iter().filter_map(|t| t.item_id).collect();
        item_ids.sort();
        item_ids.dedup();
        let open_out = mamori_store::media::takeouts::all(
            conn,
            org_id,
            &TakeoutFilter {
                out: true,
                ..TakeoutFilter::default()
            },
        )
        .await?;
        Ok(Names {
            depts: Some(self.dept_tree(org_id).await?),
            people: self.people_of(conn, org_id, people).await?,
            areas: mamori_store::physical::places(conn, org_id)
                .await?
                .into_iter()
                .map(|p| (p.id, (p.code, p.name)))
                .collect(),
            assets: mamori_store::assets::by_ids(conn, org_id, &assets)
                .await?
                .into_iter()
                .map(|a| (a.id, a.number))
                .collect(),
            items: mamori_store::media::by_ids(conn, org_id, &item_ids)
                .await?
                .into_iter()
                .map(|i| (i.id, (i.number, i.name)))
                .chain(
                    items
                        .iter()
                        .map(|i| (i.id, (i.number.clone(), i.name.clone()))),
                )
                .collect(),
            out: open_out
                .into_iter()
                .filter_map(|t| {
                    t.item_id.map(|i| {
                        let out = OutOn {
                            takeout_id: t.id,
                            number: takeout_number(t.number),
                            destination: t.destination,
                            due_on: t.due_on,
                        };
                        (i, out)
                    })
                })
                .collect(),
        })
    }

    async fn item_filter(&self, actor: &Actor, q: &ItemQuery) -> AppResult<ItemFilter> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let mut inv = Invalid::new();
        let kinds = match q.kind.as_deref().map(str::trim).unwrap_or("") {
            "" => Vec::new(),
            "removable" => ItemKind::ALL
                .into_iter()
                .filter(|k| k.is_removable())
                .map(|k| k.code().to_owned())
                .collect(),
            k => inv
                .check("kind", ItemKind::parse(k))
                .map(|k| vec![k.code().to_owned()])
                .unwrap_or_default(),
        };
        let status = match q.status.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            s => inv
                .check("status", ItemStatus::parse(s))
                .map(|s| s.code().to_owned()),
        };
        let departments = match q.department {
            Some(d) => {
                let idx = self.dept_tree(actor.org_id).await?;
                if idx.get(d).is_none() {
                    inv.push(FieldError::new(
                        "department",
                        "選んだ所属はこの団体にありません。",
                        "The department chosen is not this organization's.",
                    ));
                }
                idx.subtree(d).into_iter().collect()
            }
            None => Vec::new(),
        };
        inv.into_result()?;
        Ok(ItemFilter {
            kinds,
            departments,
            status,
            text: q
                .q
                .as_deref()
                .map(mamori_domain::text::clean)
                .filter(|t| !t.is_empty()),
            area: q.area,
            ..ItemFilter::default()
        })
    }

    /// A page of the equipment and media register, by number.
    pub async fn items(
        &self,
        actor: &Actor,
        q: &ItemQuery,
        page: PageRequest,
    ) -> AppResult<Page<ItemView>> {
        let f = self.item_filter(actor, q).await?;
        let page = mamori_store::media::list(self.store.conn(), actor.org_id, &f, page).await?;
        let names = self.media_names(actor.org_id, &page.items, &[]).await?;
        Ok(page.map(|m| item_view(&m, &names)))
    }

    /// An item of the organization, or not found.
    pub(super) async fn item_row(&self, org_id: Uuid, id: Uuid) -> AppResult<item::Model> {
        mamori_store::media::get(self.store.conn(), org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// One item: where it is now, its take-outs and the inventories that checked it.
    pub async fn item(&self, actor: &Actor, id: Uuid) -> AppResult<ItemDetail> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let conn = self.store.conn();
        let m = self.item_row(actor.org_id, id).await?;
        let takeouts = mamori_store::media::takeouts::all(
            conn,
            actor.org_id,
            &TakeoutFilter {
                item: Some(id),
                ..TakeoutFilter::default()
            },
        )
        .await?;
        let names = self
            .media_names(actor.org_id, std::slice::from_ref(&m), &takeouts)
            .await?;
        let today = self.today();
        let inventories = mamori_store::media::inventory::list(conn, actor.org_id).await?;
        let checks = mamori_store::media::inventory::checks_of_item(conn, actor.org_id, id)
            .await?
            .iter()
            .map(|c| {
                let name = inventories
                    .iter()
                    .find(|i| i.id == c.inventory_id)
                    .map(|i| i.name.as_str())
                    .unwrap_or_default();
                check_view(c, name, Some(&m), &names)
            })
            .collect();
        let mut shown = Vec::new();
        for t in &takeouts {
            shown.push(self.takeout_shown(actor, t, &names, today));
        }
        let mut disposals = Vec::new();
        for d in mamori_store::media::disposals::of_item(conn, actor.org_id, id).await? {
            // Withdrawn ones are left out; the name is the day it was done, empty
            // while it is under way.
            if let Some(d) = mamori_store::media::disposals::get(conn, actor.org_id, d)
                .await?
                .filter(|d| !d.cancelled)
            {
                disposals.push(Named {
                    id: d.id,
                    code: super::row::disposal_number(d.number),
                    name: d.completed_on.map(|c| c.to_string()).unwrap_or_default(),
                });
            }
        }
        Ok(ItemDetail {
            item: item_view(&m, &names),
            takeouts: shown,
            checks,
            disposals,
            may_edit: actor.can(Capability::KeepMedia {
                department: m.department_id,
            }),
        })
    }

    /// The devices and media that belong to an asset of the register (its page shows
    /// where they are).
    pub async fn items_of_asset(&self, actor: &Actor, asset: Uuid) -> AppResult<Vec<ItemView>> {
        if !actor.can(Capability::ViewMedia) {
            return Ok(Vec::new());
        }
        let f = ItemFilter {
            asset: Some(asset),
            ..ItemFilter::default()
        };
        let rows = mamori_store::media::all(self.store.conn(), actor.org_id, &f, 1000).await?;
        let names = self.media_names(actor.org_id, &rows, &[]).await?;
        Ok(rows.iter().map(|m| item_view(m, &names)).collect())
    }

    /// The register as rows of text (at most [`ITEM_EXPORT_LIMIT`]), for a CSV or
    /// Excel download; audited with the number of rows.
    pub async fn items_table(
        &self,
        actor: &Actor,
        q: &ItemQuery,
        lang: &str,
    ) -> AppResult<Vec<Vec<String>>> {
        let f = self.item_filter(actor, q).await?;
        let rows = mamori_store::media::all(self.store.conn(), actor.org_id, &f, ITEM_EXPORT_LIMIT)
            .await?;
        let names = self.media_names(actor.org_id, &rows, &[]).await?;
        let yes = |b: bool| if b { "○" } else { "" }.to_owned();
        let out: Vec<Vec<String>> = rows
            .iter()
            .map(|m| {
                let v = item_view(m, &names);
                vec![
                    v.number,
                    v.kind.label(lang).to_owned(),
                    v.name,
                    v.asset.map(|a| a.code).unwrap_or_default(),
                    v.serial,
                    v.asset_tag,
                    v.capacity,
                    yes(v.encrypted),
                    v.max_level,
                    v.department,
                    v.holder
                        .map(|h| format!("{}（{}）", h.name, h.employee_number))
                        .unwrap_or_default(),
                    v.area
                        .map(|a| format!("{} {}", a.code, a.name))
                        .unwrap_or_default(),
                    v.rack,
                    v.status.label(lang).to_owned(),
                    v.out_on.map(|o| o.number).unwrap_or_default(),
                ]
            })
            .collect();
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "item.export",
            "items",
            "",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(out.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Figures for the dashboard: items, missing ones, take-outs out and late, and
    /// those waiting for the reader's approval.
    pub async fn media_counts(&self, actor: &Actor) -> AppResult<MediaCounts> {
        let conn = self.store.conn();
        let mut c = MediaCounts::default();
        if actor.can(Capability::ViewMedia) {
            for (status, n) in mamori_store::media::status_counts(conn, actor.org_id).await? {
                let n = u64::try_from(n).unwrap_or(0);
                c.items += n;
                if status == ItemStatus::Lost.code() {
                    c.missing += n;
                }
            }
        }
        if actor.can(Capability::ViewMedia) {
            let undone = mamori_store::media::disposals::all(
                conn,
                actor.org_id,
                &mamori_store::media::disposals::DisposalFilter {
                    open: true,
                    ..Default::default()
                },
            )
            .await?;
            c.awaiting_proof = self
                .disposal_views(actor, &undone, false)
                .await?
                .iter()
                .filter(|d| !d.missing.is_empty())
                .count() as u64;
        }
        let open = mamori_store::media::takeouts::all(
            conn,
            actor.org_id,
            &TakeoutFilter {
                open: true,
                ..TakeoutFilter::default()
            },
        )
        .await?;
        let today = self.today();
        for t in &open {
            let state = state_of(t);
            let mine = actor.staff_id.is_some() && t.requester_staff_id == actor.staff_id;
            if state == mamori_domain::media::takeout::State::Out
                && (mine || actor.can(Capability::ViewMedia))
            {
                c.out += 1;
                if super::row::days_overdue(t, today) > 0 {
                    c.overdue += 1;
                }
            }
            if state == mamori_domain::media::takeout::State::Requested && self.may_decide(actor, t)
            {
                c.to_approve += 1;
            }
        }
        Ok(c)
    }
}
