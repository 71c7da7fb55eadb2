//! Generated staff: a UTF-8 CSV as a municipal HR system would write for the import,
//! and a register written straight through the store for scenarios that start from one.

use std::fmt::Write as _;

/// The importer's headers.
pub const HEADERS: &str = "職員番号,氏名,フリガナ,所属,区分";

const FAMILY: [(&str, &str); 20] = [
    ("山田", "ヤマダ"),
    ("佐藤", "サトウ"),
    ("鈴木", "スズキ"),
    ("高橋", "タカハシ"),
    ("田中", "タナカ"),
    ("伊藤", "イトウ"),
    ("渡辺", "ワタナベ"),
    ("山本", "ヤマモト"),
    ("中村", "ナカムラ"),
    ("小林", "コバヤシ"),
    ("加藤", "カトウ"),
    ("吉田", "ヨシダ"),
    ("山口", "ヤマグチ"),
    ("松本", "マツモト"),
    ("井上", "イノウエ"),
    ("木村", "キムラ"),
    ("林", "ハヤシ"),
    ("清水", "シミズ"),
    ("森", "モリ"),
    ("池田", "イケダ"),
];

const GIVEN: [(&str, &str); 20] = [
    ("太郎", "タロウ"),
    ("花子", "ハナコ"),
    ("一郎", "イチロウ"),
    ("美咲", "ミサキ"),
    ("健太", "ケンタ"),
    ("陽子", "ヨウコ"),
    ("大輔", "ダイスケ"),
    ("由美", "ユミ"),
    ("翔", "ショウ"),
    ("彩", "アヤ"),
    ("誠", "マコト"),
    ("恵", "メグミ"),
    ("拓也", "タクヤ"),
    ("愛", "アイ"),
    ("直樹", "ナオキ"),
    ("真由美", "マユミ"),
    ("浩", "ヒロシ"),
    ("舞", "マイ"),
    ("亮", "リョウ"),
    ("薫", "カオル"),
];

/// Number of 部 and of 課 under each: 10 × 5 = 50 sections.
pub const BU: usize = 10;
pub const KA_PER_BU: usize = 5;

/// The search term of the search target: a kana substring that matches three of the
/// twenty family names (ヤマダ, ヤマモト, ヤマグチ), i.e. 15 % of the staff.
pub const SEARCH: &str = "ヤマ";

/// A CSV of `n` staff spread over [`BU`] × [`KA_PER_BU`] sections, mostly regular
/// staff with some fiscal-year appointees and temporary staff.
pub fn staff_csv(n: usize) -> String {
    let mut out = String::with_capacity(64 * (n + 1));
    out.push_str(HEADERS);
    out.push('\n');
    for i in 0..n {
        let (family, family_kana) = FAMILY[i % FAMILY.len()];
        let (given, given_kana) = GIVEN[(i / FAMILY.len()) % GIVEN.len()];
        let section = i % (BU * KA_PER_BU);
        let bu = section / KA_PER_BU + 1;
        let ka = section % KA_PER_BU + 1;
        let category = if i % 50 == 49 {
            "臨時職員"
        } else if i % 7 == 6 {
            "会計年度任用職員"
        } else {
            "一般職員"
        };
        let _ = writeln!(
            out,
            "{:06},{family} {given},{family_kana} {given_kana},部{bu:02}/課{bu:02}{ka:02},{category}",
            100_001 + i
        );
    }
    out
}

/// The bench's organization, ベンチ市, with its CISO signing in as `login` with
/// [`crate::audit::PASSWORD`] (no second factor).
pub async fn set_up_city(app: &mamori_app::App, login: &str) -> anyhow::Result<()> {
    app.initialize(
        &mamori_app::setup::SetupInput {
            org: mamori_app::orgs::OrgInput {
                name: "ベンチ市".into(),
                code: "131016".into(),
                prefecture: String::new(),
            },
            login: login.into(),
            name: "ベンチ 太郎".into(),
            employee_number: String::new(),
            password: crate::audit::PASSWORD.into(),
            require_mfa_for_admins: Some(false),
            scheme: String::new(),
        },
        "cli:bench",
        "cli",
    )
    .await
    .map_err(|e| anyhow::anyhow!("setting up the bench organization: {e}"))?;
    Ok(())
}

/// A register of `people` regular staff spread over `departments` departments (ベンチ課N),
/// written through the store in one transaction; returns the staff rows.
pub async fn seed_register(
    store: &mamori_app::Store,
    org_id: uuid::Uuid,
    people: usize,
    departments: usize,
) -> anyhow::Result<Vec<mamori_store::entity::staff::Model>> {
    use mamori_store::entity::{department, staff};
    let err = |e: mamori_store::StoreError| anyhow::anyhow!("{e}");
    let now = chrono::Utc::now();
    let depts: Vec<department::Model> = (0..departments)
        .map(|i| department::Model {
            id: uuid::Uuid::now_v7(),
            org_id,
            code: format!("B{i:02}"),
            name: format!("ベンチ課{i}"),
            kind: "ka".into(),
            parent_id: None,
            valid_from: None,
            valid_to: None,
            sort_order: i32::try_from(i).unwrap_or(0),
            created_at: now,
            updated_at: now,
        })
        .collect();
    let rows: Vec<staff::Model> = (0..people)
        .map(|i| staff::Model {
            id: uuid::Uuid::now_v7(),
            org_id,
            employee_number: format!("B{i:06}"),
            name: format!("職員 {i}"),
            kana: String::new(),
            email: None,
            department_id: Some(depts[i % departments].id),
            category: "regular".into(),
            part_time: false,
            start_date: None,
            end_date: None,
            retired: false,
            search_key: format!("b{i:06}"),
            created_at: now,
            updated_at: now,
        })
        .collect();
    let tx = store.begin_write().await.map_err(err)?;
    for d in &depts {
        mamori_store::departments::insert(&*tx, d.clone())
            .await
            .map_err(err)?;
    }
    for chunk in rows.chunks(1_000) {
        mamori_store::staff::insert_many(&*tx, chunk.to_vec())
            .await
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_and_n_rows_over_fifty_sections() {
        let csv = staff_csv(120);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 121);
        assert_eq!(lines[0], HEADERS);
        assert_eq!(
            lines[1],
            "100001,山田 太郎,ヤマダ タロウ,部01/課0101,一般職員"
        );
        let sections: std::collections::BTreeSet<&str> = lines[1..]
            .iter()
            .filter_map(|l| l.split(',').nth(3))
            .collect();
        assert_eq!(sections.len(), BU * KA_PER_BU);
    }
}
