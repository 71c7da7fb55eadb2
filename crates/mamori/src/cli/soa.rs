//! `mamori export soa|catalog` and `mamori import catalog`: the Statement of
//! Applicability as a spreadsheet, and control catalogs in and out as TOML.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use mamori_app::controls::soa::{SOA_HEADERS, SoaRow};

use super::shared::{DbArgs, TableFormat, explain, open_as_operator, sign, write_table};

/// Writes a catalog's SoA as it stands today.
pub(crate) async fn export_soa(
    db: &DbArgs,
    catalog: &str,
    format: TableFormat,
    output: &Path,
) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let soa = app.soa(&actor, catalog).await.map_err(explain)?;
    let mut rows = soa.rows.iter().map(SoaRow::cells);
    write_table(format, "適用宣言書", &SOA_HEADERS, &mut rows, output)?;
    eprintln!(
        "exported the SoA of {catalog}: {} controls ({} applicable, {} not applicable, {} undecided) to {}",
        soa.rows.len(),
        soa.applicable,
        soa.not_applicable,
        soa.undecided,
        output.display()
    );
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

/// Writes a catalog (the organization's version when it has one) as TOML.
pub(crate) async fn export_catalog(db: &DbArgs, catalog: &str, output: &Path) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let text = app.export_catalog(&actor, catalog).await.map_err(explain)?;
    std::fs::write(output, text).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!("exported catalog {catalog} to {}", output.display());
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

/// Imports a catalog file; a dry run checks it and reports without writing.
pub(crate) async fn import_catalog(db: &DbArgs, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow!(
            "{} is not UTF-8 text / UTF-8 のテキストではありません",
            file.display()
        )
    })?;
    let r = app
        .import_catalog(&actor, text.trim_start_matches('\u{feff}'), dry_run)
        .await
        .map_err(explain)?;
    for (c, x) in &r.unresolved {
        eprintln!("warning: {c} refers to {x}, which does not exist / 関連先が見つかりません");
    }
    let what = if r.shadows_builtin {
        " (replaces the built-in catalog for this organization)"
    } else {
        ""
    };
    if r.committed {
        println!("imported catalog {}: {} controls{what}", r.id, r.controls);
    } else {
        println!(
            "dry run: catalog {} would be imported with {} controls{what}{}; nothing was written",
            r.id,
            r.controls,
            if r.replaced {
                ", replacing the imported version"
            } else {
                ""
            }
        );
    }
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}
