//! Importing the equipment and media register, on SQLite and PostgreSQL: a ledger in
//! Shift_JIS with an unknown kind, a number written twice, a yes/no that is neither and
//! a department the importer does not keep is refused by row and column and writes
//! nothing; a good one creates the items, and the register's own export reads back
//! unchanged.

use mamori_app::PageRequest;
use mamori_app::departments::DepartmentInput;
use mamori_app::import::ImportOptions;
use mamori_app::media::{ITEM_HEADERS, ItemQuery};

use crate::common::{envs, signed_in, staff};

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usb_ledger_imports_all_or_nothing_and_its_export_reads_back() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        for (code, dname) in [("350", "市民税課"), ("360", "固定資産税課")] {
            let d = DepartmentInput {
                code: code.into(),
                name: dname.into(),
                ..DepartmentInput::default()
            };
            app.create_department(&cli, &d).await.unwrap();
        }
        let officer = signed_in(
            app,
            &cli,
            staff("Q-1", "市民 一郎", "350"),
            "officer",
            &[("department-officer", "350")],
        )
        .await;
        let opts = ImportOptions::default();
        let bad = sjis(
            "管理番号,種類,名称,製造番号,暗号化,所管課,使用者\n\
             USB-0001,USBメモリ,32GB,SN1,○,350,Q-1\n\
             USB-0002,自転車,,SN2,○,350,\n\
             USB-0001,USB,,SN3,あり,350,\n\
             USB-0004,USB,,SN4,たぶん,350,\n\
             USB-0005,USB,,SN5,○,固定資産税課,\n",
        );
        let plan = app.import_media(&officer, &bad, &opts, true).await.unwrap();
        assert!(!plan.committed, "[{name}]");
        let found: Vec<(usize, String)> = plan
            .errors
            .iter()
            .map(|i| (i.row, i.column.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (3, "種類".to_owned()),
                (4, "管理番号".to_owned()),
                (5, "暗号化".to_owned()),
                (6, "所管課".to_owned()),
            ],
            "[{name}] {:?}",
            plan.errors
        );
        let all = ItemQuery::default();
        assert_eq!(
            app.items(&officer, &all, PageRequest::default())
                .await
                .unwrap()
                .total,
            0,
            "[{name}] nothing written"
        );
        let good = sjis(
            "管理番号,種類,名称,製造番号,暗号化,所管課,使用者\n\
             usb-0001,USBメモリ,USBメモリ 32GB,SN1,○,350,Q-1\n\
             USB-0002,SDカード,,SN2,,市民税課,\n",
        );
        let plan = app
            .import_media(&officer, &good, &opts, true)
            .await
            .unwrap();
        assert!(
            plan.committed && plan.creates == 2,
            "[{name}] {:?}",
            plan.errors
        );
        let list = app
            .items(&officer, &all, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(list.items[0].number, "USB-0001");
        assert_eq!(
            list.items[0].holder.as_ref().unwrap().employee_number,
            "Q-1"
        );
        assert!(list.items[0].encrypted && !list.items[1].encrypted);
        assert_eq!(list.items[1].name, "SDカード", "[{name}] the kind names it");

        // The export, as CSV, reads back with nothing to change.
        let rows = app.items_table(&officer, &all, "ja").await.unwrap();
        let mut csv = ITEM_HEADERS
            .iter()
            .map(|(ja, _)| *ja)
            .collect::<Vec<_>>()
            .join(",");
        for r in rows {
            csv.push('\n');
            csv.push_str(&r.join(","));
        }
        let plan = app
            .import_media(&officer, csv.as_bytes(), &opts, false)
            .await
            .unwrap();
        assert!(plan.is_ok(), "[{name}] {:?}", plan.errors);
        assert_eq!(
            (plan.creates, plan.updates, plan.unchanged),
            (0, 0, 2),
            "[{name}]"
        );
    }
}
