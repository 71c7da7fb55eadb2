//! Keeping the register: adding and changing devices and media. Each write is checked
//! in full first and audited in its own transaction.

use mamori_domain::media::{ItemKind, ItemStatus, parse_number};
use mamori_domain::{Dimension, FieldError, Invalid};
use mamori_store::entity::item;
use uuid::Uuid;

use super::input::ItemInput;
use super::row::audited_item;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The longest a free-text field of an item may be.
const MAX_TEXT: usize = 200;

fn short(inv: &mut Invalid, field: &str, raw: &str) -> String {
    let v = mamori_domain::text::clean(raw);
    if v.chars().count() > MAX_TEXT {
        inv.push(FieldError::new(
            field,
            format!("{MAX_TEXT} 文字以内にしてください。"),
            format!("Write at most {MAX_TEXT} characters."),
        ));
    }
    v
}

impl App {
    /// Checks an item as entered and returns the row to write.
    pub(crate) async fn checked_item(
        &self,
        actor: &Actor,
        input: &ItemInput,
        before: Option<&item::Model>,
    ) -> AppResult<item::Model> {
        let mut inv = Invalid::new();
        let conn = self.store.conn();
        let org = actor.org_id;
        let number = inv.check("number", parse_number(&input.number));
        if let Some(n) = &number
            && let Some(other) = mamori_store::media::by_number(conn, org, n).await?
            && Some(other.id) != before.map(|b| b.id)
        {
            inv.push(FieldError::new(
                "number",
                format!("管理番号「{n}」は既に使われています。"),
                format!("The number \"{n}\" is already used."),
            ));
        }
        let kind = inv.check("kind", ItemKind::parse(&input.kind));
        let status = match input.status.trim() {
            "" => Some(ItemStatus::InUse),
            s => inv.check("status", ItemStatus::parse(s)),
        };
        let asset = match mamori_domain::text::fold_width(input.asset.trim()) {
            a if a.is_empty() => None,
            a => {
                let found = mamori_store::assets::by_number(conn, org, &a.to_uppercase()).await?;
                if found.is_none() {
                    inv.push(FieldError::new(
                        "asset",
                        format!("資産番号「{a}」は情報資産台帳にありません。"),
                        format!("There is no asset \"{a}\" in the register."),
                    ));
                }
                found.map(|f| f.id)
            }
        };
        let max_level = match input.max_level.trim() {
            "" => String::new(),
            l => {
                let schemes = self.schemes_or_seed(org).await?;
                inv.check("max_level", schemes.active().parse_level(Dimension::C, l))
                    .map(|l| l.code.clone())
                    .unwrap_or_default()
            }
        };
        if let Some(d) = input.department
            && self.dept_tree(org).await?.get(d).is_none()
        {
            inv.push(FieldError::new(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            ));
        }
        let holder = self
            .staff_by_number(org, "holder", &input.holder, &mut inv)
            .await?;
        let area = match input.area.trim() {
            "" => None,
            code => {
                let code = code.to_ascii_uppercase();
                let found = mamori_store::physical::place_by_code(conn, org, &code).await?;
                if found.is_none() {
                    inv.push(FieldError::new(
                        "area",
                        format!("場所「{code}」は管理区域の一覧にありません。"),
                        format!("There is no place \"{code}\" among the secure areas."),
                    ));
                }
                found.map(|p| p.id)
            }
        };
        let name = short(&mut inv, "name", &input.name);
        let serial = short(&mut inv, "serial", &input.serial);
        let asset_tag = short(&mut inv, "asset_tag", &input.asset_tag);
        let capacity = short(&mut inv, "capacity", &input.capacity);
        let rack = short(&mut inv, "rack", &input.rack);
        let (Some(number), Some(kind), Some(status), true) = (number, kind, status, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        Ok(item::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: org,
            number,
            kind: kind.code().to_owned(),
            name: if name.is_empty() {
                kind.label("ja").to_owned()
            } else {
                name
            },
            asset_id: asset,
            serial,
            asset_tag,
            capacity,
            encrypted: input.encrypted,
            max_level,
            department_id: input.department,
            holder_staff_id: holder.map(|h| h.id),
            area_id: area,
            rack,
            status: status.code().to_owned(),
            notes: input.notes.trim().to_owned(),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        })
    }

    /// Adds a device or medium to the register.
    pub async fn create_item(&self, actor: &Actor, input: &ItemInput) -> AppResult<Uuid> {
        self.authorize(
            actor,
            Capability::KeepMedia {
                department: input.department,
            },
        )
        .await?;
        let m = self.checked_item(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::media::insert(&*tx, vec![m.clone()]).await?;
        self.audit_change(
            &*tx,
            actor,
            "item.create",
            ("item", m.id),
            None,
            Some(&audited_item(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a device or medium (moving it to another department needs the right
    /// over both).
    pub async fn update_item(&self, actor: &Actor, id: Uuid, input: &ItemInput) -> AppResult<()> {
        let before = self.item_row(actor.org_id, id).await?;
        for department in [before.department_id, input.department] {
            self.authorize(actor, Capability::KeepMedia { department })
                .await?;
        }
        let m = self.checked_item(actor, input, Some(&before)).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::media::update(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "item.update",
            ("item", id),
            Some(&audited_item(&before)),
            Some(&audited_item(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
