//! Disposal (廃棄) with proof: a request names the devices and media (or paper records)
//! destroyed, the data they held and its confidentiality, a method the rules allow for
//! it, who performs it (staff, or a contractor of the register) and who witnesses it.
//! The erasure certificate (with the serial numbers it lists) and photos are attached
//! with their SHA-256 in the audit trail. Completing it needs the witness and the
//! certificate the rules ask for, and the certificate's serial numbers must be exactly
//! the register's; then the items are disposed of, and the assets that were them too.

use std::collections::HashSet;

use mamori_domain::evidence::{EvidenceType, classify, safe_file_name, sha256_hex};
use mamori_domain::media::disposal::{Method, check_method, parse_serials};
use mamori_domain::media::takeout::State;
use mamori_domain::media::{ItemKind, ItemStatus, parse_number};
use mamori_domain::{Dimension, FieldError, Invalid};
use mamori_store::entity::{disposal, disposal_file, disposal_item, item};
use mamori_store::media::takeouts::TakeoutFilter;
use uuid::Uuid;

use super::input::{CertificateInput, CompleteInput, DisposalInput};
use super::row::{audited_item, disposal_number, state_of};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// The most items one disposal destroys.
const MAX_ITEMS: usize = 5_000;

/// A disposal as its audit entries record it.
fn audited(m: &disposal::Model, items: &[String]) -> serde_json::Value {
    serde_json::json!({
        "number": disposal_number(m.number),
        "what": m.what,
        "data": m.data,
        "level": m.level,
        "method": m.method,
        "performer": m.performer,
        "contractor_id": m.contractor_id,
        "performer_name": m.performer_name,
        "witness_staff_id": m.witness_staff_id,
        "planned_on": m.planned_on,
        "items": items,
        "certificate_serials": parse_serials(&m.certificate_serials),
        "completed_on": m.completed_on,
        "cancelled": m.cancelled,
    })
}

impl App {
    /// The items a request names, each checked: in the register, not disposed of,
    /// not out, not in another disposal under way.
    async fn disposal_items(
        &self,
        org_id: Uuid,
        raw: &str,
        inv: &mut Invalid,
    ) -> AppResult<Vec<item::Model>> {
        let conn = self.store.conn();
        let mut out: Vec<item::Model> = Vec::new();
        let numbers = parse_serials(raw);
        if numbers.len() > MAX_ITEMS {
            inv.push(FieldError::new(
                "items",
                format!("一度に廃棄できるのは {MAX_ITEMS} 件までです。"),
                format!("One disposal destroys at most {MAX_ITEMS} items."),
            ));
            return Ok(out);
        }
        let out_now: HashSet<Uuid> = mamori_store::media::takeouts::all(
            conn,
            org_id,
            &TakeoutFilter {
                out: true,
                ..TakeoutFilter::default()
            },
        )
        .await?
        .iter()
        .filter(|t| state_of(t) == State::Out)
        .filter_map(|t| t.item_id)
        .collect();
        let open = mamori_store::media::disposals::all(
            conn,
            org_id,
            &mamori_store::media::disposals::DisposalFilter {
                open: true,
                ..Default::default()
            },
        )
        .await?;
        let open_ids: Vec<Uuid> = open.iter().map(|d| d.id).collect();
        let pending: HashSet<Uuid> = mamori_store::media::disposals::items(conn, org_id, &open_ids)
            .await?
            .into_iter()
            .map(|i| i.item_id)
            .collect();
        for raw in numbers {
            let Some(n) = inv.check("items", parse_number(&raw)) else {
                continue;
            };
            let found = mamori_store::media::by_number(conn, org_id, &n).await?;
            let problem = match &found {
                None => Some((
                    format!("管理番号「{n}」は機器・媒体台帳にありません。"),
                    format!("There is no \"{n}\" in the register."),
                )),
                Some(m) if m.status == ItemStatus::Disposed.code() => Some((
                    format!("「{n}」は既に廃棄済みです。"),
                    format!("\"{n}\" has already been disposed of."),
                )),
                Some(m) if out_now.contains(&m.id) => Some((
                    format!("「{n}」は持ち出し中です。返却されてから廃棄してください。"),
                    format!("\"{n}\" is out; dispose of it once it is back."),
                )),
                Some(m) if pending.contains(&m.id) => Some((
                    format!("「{n}」は別の廃棄の手続き中です。"),
                    format!("\"{n}\" is already in another disposal under way."),
                )),
                Some(m) if out.iter().any(|o| o.id == m.id) => Some((
                    format!("「{n}」が二度書かれています。"),
                    format!("\"{n}\" is written twice."),
                )),
                _ => None,
            };
            match (problem, found) {
                (Some((ja, en)), _) => inv.push(FieldError::new("items", ja, en)),
                (None, Some(m)) => out.push(m),
                (None, None) => {}
            }
        }
        Ok(out)
    }

    /// Asks for a disposal.
    pub async fn request_disposal(&self, actor: &Actor, input: &DisposalInput) -> AppResult<Uuid> {
        let org = actor.org_id;
        let mut inv = Invalid::new();
        let items = self.disposal_items(org, &input.items, &mut inv).await?;
        // The department is the items' (all of one), else the requester's.
        let requester = match actor.staff_id {
            Some(s) => mamori_store::staff::get(self.store.conn(), org, s).await?,
            None => None,
        };
        let mut departments: Vec<Option<Uuid>> = items.iter().map(|i| i.department_id).collect();
        departments.sort();
        departments.dedup();
        let department = match departments.as_slice() {
            [] => requester.as_ref().and_then(|r| r.department_id),
            [one] => *one,
            _ => {
                inv.push(FieldError::new(
                    "items",
                    "一度の廃棄は一つの所管課の物にしてください。",
                    "One disposal is of one department's items.",
                ));
                None
            }
        };
        self.authorize(actor, Capability::KeepMedia { department })
            .await?;
        let what = mamori_domain::text::clean(&input.what);
        if items.is_empty() && what.is_empty() && input.items.trim().is_empty() {
            inv.push(FieldError::new(
                "items",
                "廃棄する物（台帳の管理番号か、その内容）を入力してください。",
                "Say what is destroyed: its numbers in the register, or what it is.",
            ));
        }
        let data = mamori_domain::text::clean(&input.data);
        if data.is_empty() {
            inv.push(FieldError::new(
                "data",
                "記録されていた情報を入力してください。",
                "Say which information it held.",
            ));
        }
        let schemes = self.schemes_or_seed(org).await?;
        let scale = schemes.active().scale(Dimension::C);
        let level = inv.check("level", scale.parse_level(Dimension::C, &input.level));
        let method = inv.check("method", Method::parse(&input.method));
        // Paper when every item is a paper ledger, or when nothing is registered and
        // the method says so.
        let paper = if items.is_empty() {
            method.is_some_and(Method::for_paper)
        } else {
            items
                .iter()
                .all(|i| ItemKind::from_code(&i.kind) == Some(ItemKind::PaperLedger))
        };
        if !items.is_empty()
            && !paper
            && items
                .iter()
                .any(|i| ItemKind::from_code(&i.kind) == Some(ItemKind::PaperLedger))
        {
            inv.push(FieldError::new(
                "items",
                "紙と電子媒体は別々に廃棄してください。",
                "Paper and electronic media are disposed of separately.",
            ));
        }
        let rules = self.media_rules(org).await?.disposal;
        if let (Some(l), Some(m)) = (level, method)
            && let Err(p) = check_method(&rules.rule(scale, &l.code), m, paper)
        {
            inv.push(p.at("method"));
        }
        let by_contractor = match input.performer.trim() {
            "contractor" | "委託事業者" => true,
            "staff" | "職員" | "" => false,
            _ => {
                inv.push(FieldError::new(
                    "performer",
                    "実施者は職員（staff）か委託事業者（contractor）です。",
                    "The performer is staff or contractor.",
                ));
                false
            }
        };
        let contractor = match (by_contractor, input.contractor.trim()) {
            (false, _) => None,
            (true, "") => {
                inv.push(FieldError::new(
                    "contractor",
                    "廃棄を行う委託事業者を選んでください。",
                    "Choose the contractor who performs it.",
                ));
                None
            }
            (true, c) => {
                let all =
                    mamori_store::compliance::contractors::all(self.store.conn(), org).await?;
                let found = all.into_iter().find(|x| {
                    mamori_domain::contractor::code(x.number).eq_ignore_ascii_case(c)
                        || x.id.to_string() == c
                });
                if found.is_none() {
                    inv.push(FieldError::new(
                        "contractor",
                        format!("委託事業者「{c}」は委託先の台帳にありません。"),
                        format!("There is no contractor \"{c}\" in the register."),
                    ));
                }
                found
            }
        };
        let witness = self
            .staff_by_number(org, "witness", &input.witness, &mut inv)
            .await?;
        let planned_on = optional_date(&mut inv, "planned_on", &input.planned_on);
        if input.planned_on.trim().is_empty() {
            inv.push(FieldError::new(
                "planned_on",
                "実施予定日を入力してください。",
                "Give the day it is to be done.",
            ));
        }
        let (Some(level), Some(method), Some(planned_on), true) =
            (level, method, planned_on, inv.is_empty())
        else {
            return Err(AppError::Invalid(inv));
        };
        let what = if what.is_empty() {
            let mut kinds: Vec<&str> = items
                .iter()
                .filter_map(|i| ItemKind::from_code(&i.kind))
                .map(|k| k.label("ja"))
                .collect();
            kinds.dedup();
            format!("{} {} 件", kinds.join("・"), items.len())
        } else {
            what
        };
        let tx = self.store.begin_write().await?;
        let number = mamori_store::media::disposals::next_number(&*tx, org).await?;
        let m = disposal::Model {
            id: self.new_id(),
            org_id: org,
            number,
            what,
            data,
            level: level.code.clone(),
            method: method.code().to_owned(),
            paper,
            department_id: department,
            performer: if by_contractor { "contractor" } else { "staff" }.into(),
            contractor_id: contractor.as_ref().map(|c| c.id),
            performer_name: mamori_domain::text::clean(&input.performer_name),
            witness_staff_id: witness.map(|w| w.id),
            planned_on,
            requester_staff_id: actor.staff_id,
            requested_by: actor.label.clone(),
            requested_at: self.now(),
            certificate_serials: String::new(),
            completed_on: None,
            completed_by: String::new(),
            completed_at: None,
            cancelled: false,
            notes: input.notes.trim().to_owned(),
        };
        let rows: Vec<disposal_item::Model> = items
            .iter()
            .map(|i| disposal_item::Model {
                id: self.new_id(),
                org_id: org,
                disposal_id: m.id,
                item_id: i.id,
                number: i.number.clone(),
                serial: i.serial.clone(),
            })
            .collect();
        let numbers: Vec<String> = items.iter().map(|i| i.number.clone()).collect();
        mamori_store::media::disposals::insert(&*tx, m.clone(), rows).await?;
        self.audit_change(
            &*tx,
            actor,
            "disposal.request",
            ("disposal", m.id),
            None,
            Some(&audited(&m, &numbers)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// A disposal the actor may work on: under way, of a department they keep.
    async fn open_disposal(&self, actor: &Actor, id: Uuid) -> AppResult<disposal::Model> {
        let m = self.disposal_row(actor, id).await?;
        self.authorize(
            actor,
            Capability::KeepMedia {
                department: m.department_id,
            },
        )
        .await?;
        if m.completed_on.is_some() || m.cancelled {
            return Err(AppError::field(
                "state",
                "この廃棄は完了または取下げ済みです。",
                "This disposal is done or withdrawn.",
            ));
        }
        Ok(m)
    }

    pub(super) async fn disposal_row(&self, actor: &Actor, id: Uuid) -> AppResult<disposal::Model> {
        mamori_store::media::disposals::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Attaches the erasure certificate (with the serial numbers it lists) or a photo;
    /// its SHA-256 goes into the audit trail.
    pub async fn attach_disposal_file(
        &self,
        actor: &Actor,
        id: Uuid,
        certificate: Option<&CertificateInput>,
        (name, bytes): (String, Vec<u8>),
    ) -> AppResult<Uuid> {
        let before = self.open_disposal(actor, id).await?;
        let mut inv = Invalid::new();
        let kind = match classify(&name, &bytes) {
            Ok(k @ (EvidenceType::Pdf | EvidenceType::Png | EvidenceType::Jpeg)) => Some(k),
            Ok(_) => {
                inv.push(FieldError::new(
                    "file",
                    "証明書と写真は PDF、PNG、JPEG のいずれかにしてください。",
                    "Certificates and photos are PDF, PNG or JPEG.",
                ));
                None
            }
            Err(p) => {
                inv.push(p.at("file"));
                None
            }
        };
        let serials = certificate.map(|c| parse_serials(&c.serials));
        if serials
            .as_ref()
            .is_some_and(|s| s.is_empty() && !before.paper)
        {
            inv.push(FieldError::new(
                "serials",
                "証明書に記載された製造番号を入力してください（1 行に 1 つ）。",
                "Type the serial numbers the certificate lists, one per line.",
            ));
        }
        let (Some(kind), true) = (kind, inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let f = disposal_file::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            disposal_id: id,
            kind: if certificate.is_some() {
                "certificate"
            } else {
                "photo"
            }
            .into(),
            file_name: safe_file_name(&name),
            file_type: kind.code().into(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
            sha256: sha256_hex(&bytes),
            body: bytes,
            uploaded_by: actor.label.clone(),
            uploaded_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::media::disposals::insert_file(&*tx, f.clone()).await?;
        if let Some(s) = &serials {
            let after = disposal::Model {
                certificate_serials: s.join("\n"),
                ..before.clone()
            };
            mamori_store::media::disposals::update(&*tx, after).await?;
        }
        self.audit_change(
            &*tx,
            actor,
            &format!("disposal.{}", f.kind),
            ("disposal", id),
            None,
            Some(&serde_json::json!({
                "file": f.file_name,
                "sha256": f.sha256,
                "size": f.size,
                "serials": serials,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(f.id)
    }

    /// Records the disposal as done: refused without the witness or certificate the
    /// rules ask for, or when the certificate's serial numbers are not the register's.
    /// The items are disposed of, and every asset whose devices are now all gone.
    pub async fn complete_disposal(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &CompleteInput,
    ) -> AppResult<()> {
        let before = self.open_disposal(actor, id).await?;
        let org = actor.org_id;
        let mut inv = Invalid::new();
        let witness = self
            .staff_by_number(org, "witness", &input.witness, &mut inv)
            .await?
            .map(|w| w.id)
            .or(before.witness_staff_id);
        let completed_on = optional_date(&mut inv, "completed_on", &input.completed_on)
            .unwrap_or_else(|| self.today());
        if completed_on > self.today() {
            inv.push(FieldError::new(
                "completed_on",
                "実施日に未来の日付は入力できません。",
                "The day it was done cannot be in the future.",
            ));
        }
        inv.into_result()?;
        let after = disposal::Model {
            witness_staff_id: witness,
            completed_on: Some(completed_on),
            completed_by: actor.label.clone(),
            completed_at: Some(self.now()),
            ..before.clone()
        };
        let conn = self.store.conn();
        let rows = mamori_store::media::disposals::items(conn, org, &[id]).await?;
        let files = mamori_store::media::disposals::files(conn, org, id).await?;
        let missing = self.disposal_missing(&after, &rows, &files).await?;
        if !missing.is_empty() {
            let mut inv = Invalid::new();
            for (field, ja, en) in missing {
                inv.push(FieldError::new(field, ja, en));
            }
            return Err(AppError::Invalid(inv));
        }
        let item_ids: Vec<Uuid> = rows.iter().map(|r| r.item_id).collect();
        let items = mamori_store::media::by_ids(conn, org, &item_ids).await?;
        let numbers: Vec<String> = rows.iter().map(|r| r.number.clone()).collect();
        let tx = self.store.begin_write().await?;
        mamori_store::media::disposals::update(&*tx, after.clone()).await?;
        let mut assets: Vec<Uuid> = Vec::new();
        for i in &items {
            let gone = item::Model {
                status: ItemStatus::Disposed.code().to_owned(),
                updated_at: self.now(),
                ..i.clone()
            };
            mamori_store::media::update(&*tx, gone.clone()).await?;
            self.audit_change(
                &*tx,
                actor,
                "item.dispose",
                ("item", i.id),
                Some(&audited_item(i)),
                Some(&audited_item(&gone)),
            )
            .await?;
            assets.extend(i.asset_id);
        }
        assets.sort();
        assets.dedup();
        // An asset goes when none of its devices is left.
        let mut retired = Vec::new();
        for a in assets {
            let left = mamori_store::media::all(
                &*tx,
                org,
                &mamori_store::media::ItemFilter {
                    asset: Some(a),
                    ..Default::default()
                },
                10_000,
            )
            .await?
            .iter()
            .any(|i| i.status != ItemStatus::Disposed.code());
            if !left {
                retired.push(a);
            }
        }
        let asset_numbers = self.dispose_assets(&*tx, actor, &retired).await?;
        let mut record = audited(&after, &numbers);
        record["assets"] = serde_json::json!(asset_numbers);
        self.audit_change(
            &*tx,
            actor,
            "disposal.complete",
            ("disposal", id),
            Some(&audited(&before, &numbers)),
            Some(&record),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws a disposal not yet done.
    pub async fn cancel_disposal(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        let before = self.open_disposal(actor, id).await?;
        let after = disposal::Model {
            cancelled: true,
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::media::disposals::update(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "disposal.cancel",
            ("disposal", id),
            Some(&serde_json::json!({"cancelled": false})),
            Some(&serde_json::json!({"cancelled": true})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
