//! みどり市's devices and media: 150 encrypted USB memories spread over the sections,
//! the server room's servers (each the hardware asset of the register it is), the 40
//! disks of the retired document server, and a paper ledger.
//! This half-year's inventory is under way: every department has answered but one,
//! and 市民課 could not find one USB memory, which became a loss incident. The take-out
//! rules name the deputy CISO for 機密性3B as well as 3A. Three take-outs are open: a
//! USB memory out for a resident briefing, a notebook PC out to a branch office and four
//! days late (its holder reminded, the department's officer told), and paper records
//! waiting for the officer's approval; older ones came back. This year a contractor
//! destroyed the forty disks with a staff witness and a certificate whose serial
//! numbers match, which disposed of the server's asset; two USB memories wait for
//! their certificate.

use chrono::Duration;

use super::diary::Diary;
use crate::authz::Actor;
use crate::media::{
    CertificateInput, CompleteInput, DisposalInput, FindingInput, InventoryInput, ItemInput,
    ReturnInput, TakeoutDecision, TakeoutInput, TakeoutRulesInput,
};
use crate::{App, AppError, AppResult};

/// The USB memory 市民課 could not find.
const MISSING_USB: &str = "USB-0087";

impl App {
    pub(super) async fn load_demo_media(&self, actor: &Actor) -> AppResult<()> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let today = self.today();
        let diary = Diary::new(self);
        let depts = mamori_store::departments::all(conn, org).await?;
        let staff = mamori_store::staff::all(conn, org, &Default::default()).await?;
        let dept = |code: &str| depts.iter().find(|d| d.code == code).map(|d| d.id);
        // Every unit with people holds some of the USB memories.
        let mut sections: Vec<_> = depts
            .iter()
            .filter(|d| {
                d.valid_to.is_none()
                    && staff
                        .iter()
                        .any(|s| s.department_id == Some(d.id) && !s.retired)
            })
            .collect();
        sections.sort_by(|a, b| a.code.cmp(&b.code));
        if sections.is_empty() {
            return Err(AppError::NotFound);
        }
        let bought = today - Duration::days(400);
        for i in 1..=150 {
            let section = sections[(i - 1) % sections.len()];
            // USB-0087 is 市民課's, whatever the spread gives.
            let department = if format!("USB-{i:04}") == MISSING_USB {
                dept("311").or(Some(section.id))
            } else {
                Some(section.id)
            };
            let holder = staff
                .iter()
                .filter(|s| s.department_id == department && !s.retired)
                .nth(i % 3)
                .map(|s| s.employee_number.clone())
                .unwrap_or_default();
            let input = ItemInput {
                number: format!("USB-{i:04}"),
                kind: "usb".into(),
                name: "USBメモリ 32GB（暗号化機能付き）".into(),
                serial: format!("UE32-{:06}", 310_000 + i * 7),
                asset_tag: format!("備-R05-{i:04}"),
                capacity: "32GB".into(),
                encrypted: true,
                max_level: "3B".into(),
                department,
                holder,
                ..ItemInput::default()
            };
            diary.on(bought, 0).create_item(actor, &input).await?;
        }
        // The server room's servers are hardware assets of the register.
        let hardware: Vec<_> = mamori_store::assets::all(conn, org, None)
            .await?
            .into_iter()
            .filter(|a| a.kind == "hardware")
            .take(6)
            .collect();
        for (i, a) in hardware.iter().enumerate() {
            let input = ItemInput {
                number: format!("SV-{:03}", i + 1),
                kind: "server".into(),
                name: a.name.clone(),
                asset: a.number.clone(),
                serial: format!("JPX{:07}", 4_200_100 + i * 13),
                asset_tag: format!("備-R03-S{:02}", i + 1),
                department: dept("131"),
                area: "HQ-3F-SR".into(),
                rack: format!("ラック R0{}", i / 2 + 1),
                ..ItemInput::default()
            };
            diary.on(bought, 10).create_item(actor, &input).await?;
        }
        // Forty disks taken out of the retired document server, kept locked until
        // destroyed; destroying them disposes of the server's asset.
        let retired = mamori_store::assets::all(conn, org, None)
            .await?
            .into_iter()
            .find(|a| a.kind == "hardware" && a.status == "retired")
            .map(|a| a.number)
            .unwrap_or_default();
        for i in 1..=40 {
            let input = ItemInput {
                number: format!("HDD-{i:04}"),
                kind: "disk".into(),
                name: "ハードディスク 600GB（旧文書管理システム サーバ）".into(),
                asset: retired.clone(),
                serial: format!("WD6S-{:05}", 81_000 + i * 11),
                capacity: "600GB".into(),
                department: dept("131"),
                area: "HQ-B1-DC".into(),
                rack: "施錠保管庫（廃棄待ち）".into(),
                ..ItemInput::default()
            };
            diary
                .on(today - Duration::days(60), 0)
                .create_item(actor, &input)
                .await?;
        }
        let ledger = ItemInput {
            number: "LEDGER-001".into(),
            kind: "paper_ledger".into(),
            name: "窓口交付簿（住民票の写し等）".into(),
            department: dept("311"),
            max_level: "3B".into(),
            notes: "鍵付きキャビネットで保管".into(),
            ..ItemInput::default()
        };
        diary.on(bought, 20).create_item(actor, &ledger).await?;
        let notebook = ItemInput {
            number: "PC-N-012".into(),
            kind: "pc".into(),
            name: "ノートPC（出張窓口用）".into(),
            serial: "5CG2417XQ1".into(),
            encrypted: true,
            max_level: "3B".into(),
            department: dept("311"),
            ..ItemInput::default()
        };
        diary.on(bought, 30).create_item(actor, &notebook).await?;

        // The deputy CISO approves 3B as well as 3A.
        let mut approvers = std::collections::BTreeMap::new();
        approvers.insert("3B".to_owned(), "deputy-ciso".to_owned());
        approvers.insert("3A".to_owned(), "deputy-ciso".to_owned());
        diary
            .on(bought, 40)
            .set_takeout_rules(actor, &TakeoutRulesInput { approvers })
            .await?;

        self.demo_takeouts(actor, &diary).await?;
        self.demo_inventory(actor, &diary).await?;
        self.demo_disposals(actor, &diary).await
    }

    /// This year's disposals: the forty old disks, destroyed by a contractor with a
    /// certificate and a witness; two old USB memories of システム係 waiting for their
    /// certificate; and last year's reception ledger, shredded by staff.
    async fn demo_disposals(&self, actor: &Actor, diary: &Diary) -> AppResult<()> {
        let today = self.today();
        let Some(admin) = self.demo_login(actor, "sysadmin").await? else {
            return Ok(());
        };
        let conn = self.store.conn();
        let org = actor.org_id;
        let witness = mamori_store::staff::get(conn, org, admin.staff_id.unwrap_or_default())
            .await?
            .map(|s| s.employee_number)
            .unwrap_or_default();
        let contractor = mamori_store::compliance::contractors::all(conn, org)
            .await?
            .into_iter()
            .next()
            .map(|c| mamori_domain::contractor::code(c.number))
            .unwrap_or_default();
        let disks: Vec<String> = (1..=40).map(|i| format!("HDD-{i:04}")).collect();
        let serials: Vec<String> = mamori_store::media::all(
            conn,
            org,
            &mamori_store::media::ItemFilter {
                kinds: vec!["disk".into()],
                ..Default::default()
            },
            100,
        )
        .await?
        .into_iter()
        .map(|i| i.serial)
        .collect();
        let planned = today - Duration::days(20);
        let input = DisposalInput {
            what: String::new(),
            items: disks.join("\n"),
            data: "旧文書管理システムの文書データ（個人情報を含む）".into(),
            level: "3B".into(),
            method: "physical_destruction".into(),
            performer: "contractor".into(),
            contractor: contractor.clone(),
            performer_name: "回収作業員 2 名".into(),
            witness: witness.clone(),
            planned_on: planned.to_string(),
            notes: "破砕機による物理破壊。職員立会いのうえ搬出前に実施。".into(),
        };
        let app = diary.on(planned - Duration::days(7), 0);
        let id = app.request_disposal(&admin, &input).await?;
        let mut lines = vec![
            "データ消去証明書".to_owned(),
            "ハードディスク 40 台 物理破壊".to_owned(),
        ];
        for chunk in serials.chunks(5) {
            lines.push(chunk.join("  "));
        }
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let cert = super::risks::pdf::pdf(&lines);
        let done = diary.on(planned, 120);
        done.attach_disposal_file(
            &admin,
            id,
            Some(&CertificateInput {
                serials: serials.join("\n"),
            }),
            ("消去証明書_HDD40台.pdf".into(), cert),
        )
        .await?;
        let photo = super::risks::pdf::pdf(&["破砕後のディスク（写真）"]);
        done.attach_disposal_file(&admin, id, None, ("破砕後.pdf".into(), photo))
            .await?;
        let complete = CompleteInput {
            completed_on: planned.to_string(),
            witness: String::new(),
        };
        done.complete_disposal(&admin, id, &complete).await?;

        // Two old USB memories of システム係 wait for the contractor's certificate.
        let system = mamori_store::departments::all(conn, org)
            .await?
            .into_iter()
            .find(|d| d.code == "131")
            .map(|d| d.id);
        let old: Vec<String> = mamori_store::media::all(
            conn,
            org,
            &mamori_store::media::ItemFilter {
                kinds: vec!["usb".into()],
                departments: system.into_iter().collect(),
                ..Default::default()
            },
            2,
        )
        .await?
        .into_iter()
        .map(|i| i.number)
        .collect();
        let old = DisposalInput {
            items: old.join("\n"),
            data: "業務データ（機密性2）".into(),
            level: "2".into(),
            method: "physical_destruction".into(),
            performer: "contractor".into(),
            contractor,
            witness,
            planned_on: (today + Duration::days(10)).to_string(),
            ..DisposalInput::default()
        };
        diary.on(today, 0).request_disposal(&admin, &old).await?;
        Ok(())
    }

    /// Older take-outs that came back, and the three open ones.
    async fn demo_takeouts(&self, actor: &Actor, diary: &Diary) -> AppResult<()> {
        let today = self.today();
        let (Some(clerk), Some(officer), Some(manager), Some(deputy)) = (
            self.demo_login(actor, "staff").await?,
            self.demo_login(actor, "officer").await?,
            self.demo_login(actor, "manager").await?,
            self.demo_login(actor, "deputy").await?,
        ) else {
            return Ok(());
        };
        let usb = mamori_store::staff::get(
            self.store.conn(),
            actor.org_id,
            clerk.staff_id.unwrap_or_default(),
        )
        .await?
        .and_then(|s| s.department_id);
        let clerk_usb = mamori_store::media::all(
            self.store.conn(),
            actor.org_id,
            &mamori_store::media::ItemFilter {
                kinds: vec!["usb".into()],
                departments: usb.into_iter().collect(),
                ..Default::default()
            },
            10,
        )
        .await?
        .into_iter()
        .map(|i| i.number)
        .find(|n| n != MISSING_USB)
        .unwrap_or_else(|| "USB-0001".into());
        // Each trip: what goes, how many days ago it went out, for how many days,
        // and whether it came back.
        let trip =
            |item: &str, data: &str, level: &str, purpose: &str, to: &str, m: &str| TakeoutInput {
                item: item.into(),
                data: data.into(),
                level: level.into(),
                purpose: purpose.into(),
                destination: to.into(),
                measures: m.into(),
                ..TakeoutInput::default()
            };
        let notebook = "encrypted,password,carried_in_person";
        let paper = TakeoutInput {
            what: "住民異動届（紙）の写し 一式".into(),
            ..trip(
                "",
                "住民異動届の写し 22件",
                "2",
                "監査資料の確認",
                "本庁舎 5階 監査委員事務局",
                "locked_case,carried_in_person",
            )
        };
        let trips: [(TakeoutInput, i64, i64, bool); 5] = [
            (
                trip(
                    &clerk_usb,
                    "転入手続の説明資料（個人情報なし）",
                    "1",
                    "地区説明会",
                    "みどり市東公民館",
                    "",
                ),
                70,
                1,
                true,
            ),
            (
                trip(
                    "PC-N-012",
                    "住民記録システムの出張窓口用データ 40件",
                    "3B",
                    "出張窓口",
                    "みどり市北出張所",
                    notebook,
                ),
                45,
                2,
                true,
            ),
            (
                trip(
                    &clerk_usb,
                    "住民説明会の参加者名簿 35名",
                    "2",
                    "住民説明会の受付",
                    "みどり市中央公民館",
                    "encrypted,carried_in_person",
                ),
                1,
                3,
                false,
            ),
            (
                trip(
                    "PC-N-012",
                    "転入者の届出データ 18件",
                    "3B",
                    "出張窓口",
                    "みどり市北出張所",
                    notebook,
                ),
                12,
                8,
                false,
            ),
            (paper, 0, 1, false),
        ];
        for (i, (trip, ago, days, back)) in trips.into_iter().enumerate() {
            let out = today - Duration::days(ago);
            let requester = if i == 4 { &manager } else { &clerk };
            let level = trip.level.clone();
            let input = TakeoutInput {
                out_on: out.to_string(),
                due_on: (out + Duration::days(days)).to_string(),
                ..trip
            };
            let id = diary.on(out, 0).request_takeout(requester, &input).await?;
            // The last waits for the officer; the others were decided at once.
            if i == 4 {
                continue;
            }
            let approver = if level == "3B" { &deputy } else { &officer };
            let decision = TakeoutDecision {
                approve: true,
                note: "暗号化と常時携行を徹底すること。".into(),
            };
            diary
                .on(out, 30)
                .decide_takeout(approver, id, &decision)
                .await?;
            diary.on(out, 60).check_out(requester, id).await?;
            if back {
                let note = ReturnInput {
                    note: "内容を確認し返却".into(),
                };
                let due = out + Duration::days(days);
                diary
                    .on(due, 400)
                    .return_takeout(requester, id, &note)
                    .await?;
            } else if out + Duration::days(days) < today {
                // The daily job ran on each day since it fell due.
                let mut day = out + Duration::days(days + 1);
                while day <= today {
                    diary.on(day, 0).remind_overdue_takeouts().await?;
                    day += Duration::days(1);
                }
            }
        }
        Ok(())
    }

    /// This half-year's inventory: every department answered but 会計課, and 市民課
    /// could not find one USB memory, which became a loss incident.
    async fn demo_inventory(&self, actor: &Actor, diary: &Diary) -> AppResult<()> {
        let today = self.today();
        let opened = today - Duration::days(14);
        let input = InventoryInput {
            name: "令和8年度 下期 機器・媒体の棚卸".into(),
            due_on: (opened + Duration::days(28)).to_string(),
        };
        let id = diary.on(opened, 0).open_inventory(actor, &input).await?;
        let conn = self.store.conn();
        let org = actor.org_id;
        let missing = mamori_store::media::by_number(conn, org, MISSING_USB)
            .await?
            .ok_or(AppError::NotFound)?;
        let checks = mamori_store::media::inventory::checks(conn, org, id, None).await?;
        let depts = mamori_store::departments::all(conn, org).await?;
        let late = depts.iter().find(|d| d.code == "800").map(|d| d.id);
        if let Some(c) = checks.iter().find(|c| c.item_id == missing.id) {
            let finding = FindingInput {
                finding: "missing".into(),
                note: "係内・窓口・倉庫を捜索したが見つからない".into(),
            };
            let app = diary.on(opened + Duration::days(3), 0);
            app.record_finding(actor, id, c.id, &finding).await?;
            app.missing_incident(actor, id, c.id).await?;
        }
        let mut answered: Vec<Option<uuid::Uuid>> =
            checks.iter().map(|c| c.department_id).collect();
        answered.sort();
        answered.dedup();
        for (n, d) in answered.into_iter().enumerate() {
            if d.is_some() && d == late {
                continue;
            }
            let day = opened + Duration::days(2 + (n as i64 % 9));
            diary.on(day, 120).confirm_rest(actor, id, d).await?;
        }
        Ok(())
    }
}
