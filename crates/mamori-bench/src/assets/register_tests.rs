use std::collections::HashMap;

use mamori_domain::asset::AssetKind;
use mamori_domain::protection::RelationKind;

use super::*;

fn column(name: &str) -> usize {
    HEADERS
        .iter()
        .position(|h| *h == name)
        .unwrap_or(usize::MAX)
}

fn cell<'a>(row: &'a [String], name: &str) -> &'a str {
    row.get(column(name)).map(String::as_str).unwrap_or("")
}

#[test]
fn headers_are_the_importers() {
    let export = mamori_app::import::assets::export_headers();
    for h in HEADERS {
        assert!(export.contains(&h), "{h} is not an export header");
    }
}

#[test]
fn blocks_give_the_mix_and_the_same_seed_the_same_rows() {
    let r = generate(950, SEED);
    assert_eq!(r.rows.len(), 1000, "rounded up to whole blocks");
    assert_eq!(r.rows, generate(1000, SEED).rows);
    assert_ne!(r.rows, generate(1000, SEED + 1).rows);
    let c = &r.composition;
    assert_eq!(
        (
            c.paper,
            c.electronic,
            c.software,
            c.hardware,
            c.networks,
            c.facilities
        ),
        (250, 520, 50, 150, 10, 20)
    );
    assert_eq!((c.assets, c.sections, c.bu, c.searched), (1000, 10, 1, 10));
    let personal = c.personal + c.sensitive + c.my_number;
    assert!(
        (150..=320).contains(&personal),
        "{personal} of 770 data assets"
    );
    assert!((50..=150).contains(&c.review_past), "{}", c.review_past);
    for row in &r.rows {
        assert_eq!(row.len(), COLUMNS);
        for v in row {
            assert!(
                !v.contains([',', '"', '\r', '\n']),
                "{v:?} would need quoting"
            );
        }
    }
    let csv = csv(&r.rows);
    assert_eq!(csv.iter().filter(|b| **b == b'\n').count(), 1001);
}

#[test]
fn relations_resolve_in_the_file_and_fit_their_kinds() {
    let r = generate(500, 7);
    let kinds: HashMap<&str, AssetKind> = r
        .rows
        .iter()
        .map(|row| {
            let kind = AssetKind::parse(cell(row, "資産種別")).unwrap_or(AssetKind::Network);
            (cell(row, "管理番号"), kind)
        })
        .collect();
    assert_eq!(kinds.len(), 500, "numbers are unique");
    let mut seen = 0;
    let mut forward = 0;
    for (i, row) in r.rows.iter().enumerate() {
        let from = kinds[cell(row, "管理番号")];
        for part in cell(row, "依存先").split("; ").filter(|p| !p.is_empty()) {
            let (label, number) = part.split_once(':').unwrap_or(("?", part));
            let kind = RelationKind::parse(label);
            assert!(kind.is_ok(), "{label}");
            let to = kinds.get(number).copied();
            assert!(to.is_some(), "{number} is not in the file");
            if let (Ok(kind), Some(to)) = (kind, to) {
                assert!(kind.allows(from, to), "{from:?} {label} {to:?}");
            }
            let at = r.rows.iter().position(|x| cell(x, "管理番号") == number);
            forward += usize::from(at > Some(i));
            seen += 1;
        }
    }
    assert_eq!(seen, r.composition.relations);
    assert!(forward > seen / 2, "most relations point forward");
}

#[test]
fn the_search_term_is_in_one_percent_of_the_rows() {
    let r = generate(2000, SEED);
    let hits = r
        .rows
        .iter()
        .filter(|row| row.iter().any(|v| v.contains(SEARCH)))
        .count();
    assert_eq!(hits, 20);
    assert_eq!(r.composition.searched, 20);
}

#[test]
fn the_full_register_fits_the_import_limit() {
    let r = generate(100_000, SEED);
    let bytes = csv(&r.rows).len();
    let limit = mamori_app::AppConfig::default().max_import_bytes;
    assert!(bytes < limit * 9 / 10, "{bytes} bytes, limit {limit}");
    assert_eq!(r.composition.sections, SECTIONS);
    assert_eq!(r.composition.bu, BU);
}

/// The real importer takes the file as it is: every row valid, every relation found
/// and allowed, departments created.
#[tokio::test]
async fn the_importer_takes_it() -> anyhow::Result<()> {
    use mamori_app::{App, AppConfig, Store};
    let dir = tempfile::tempdir()?;
    let store = Store::open(&mamori_store::sqlite_url_for_dir(dir.path())?, 4).await?;
    let app = App::with_system(store.clone(), AppConfig::default());
    crate::data::set_up_city(&app, "ciso").await?;
    let actor = app
        .cli_actor(None, "bench")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let r = generate(300, SEED);
    let opts = mamori_app::import::ImportOptions {
        create_departments: true,
        ..Default::default()
    };
    let plan = app
        .import(
            &actor,
            mamori_app::import::ImportKind::Assets,
            &csv(&r.rows),
            &opts,
            true,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.first());
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings.first());
    assert!(
        plan.unknown_columns.is_empty(),
        "{:?}",
        plan.unknown_columns
    );
    assert_eq!((plan.creates, plan.new_departments.len()), (300, 3));
    let relations = crate::assets::count_rows(&store, "asset_relations").await?;
    assert_eq!(relations, r.composition.relations as u64);
    Ok(())
}

#[test]
fn a_heavy_first_section_holds_its_blocks() {
    assert_eq!(generate_with(1000, SEED, 0).rows, generate(1000, SEED).rows);
    let r = generate_with(10_000, SEED, 20);
    let first = section_path(0);
    let held = r
        .rows
        .iter()
        .filter(|row| cell(row, "管理部署") == first)
        .count();
    assert_eq!(held, 2_000);
    assert_eq!(r.rows.len(), 10_000);
    // The other 80 blocks go round-robin over the other 199 sections.
    assert_eq!(r.composition.sections, 81);
}
