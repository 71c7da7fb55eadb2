//! The asset register, from the command line and over HTTP: a municipal ledger as Excel
//! exports it (Shift_JIS, Japanese headers, full-width digits, 和暦, ○ marks) imports with
//! the right levels, personal-data flags and relations; export → import changes nothing;
//! one bad row refuses the whole file; restricted assets are need-to-know.

mod api;
mod ledger;
mod schemes;

use std::path::{Path, PathBuf};

use crate::support::{Db, fixture};

/// Exports the register (retired and disposed assets too) to a file in the data directory.
fn export(db: &Db, name: &str, format: &str) -> PathBuf {
    let out = db.dir.path().join(name);
    let (ok, o, e) = db.run(&[
        "export",
        "assets",
        "--all",
        "--format",
        format,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "[{}] export failed: {o}{e}", db.label());
    out
}

/// Imports a fixture ledger, creating the departments it names.
fn import_ledger(db: &Db, name: &str) -> (String, String) {
    let file = fixture(name);
    let (ok, out, err) = db.run(&[
        "import",
        "assets",
        file.to_str().unwrap(),
        "--create-departments",
    ]);
    assert!(ok, "[{}] import of {name} failed: {out}{err}", db.label());
    (out, err)
}

/// The exported CSV as rows of cells (BOM stripped).
fn rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// The cell of an asset (by number) under a header.
fn cell<'a>(table: &'a [Vec<String>], number: &str, header: &str) -> &'a str {
    let col = table[0].iter().position(|h| h == header).unwrap();
    let row = table
        .iter()
        .find(|r| r[0] == number)
        .unwrap_or_else(|| panic!("no row {number}"));
    &row[col]
}

/// The active scheme's line of `mamori scheme list`.
fn active_scheme(db: &Db) -> String {
    let (ok, out, err) = db.run(&["scheme", "list"]);
    assert!(ok, "{out}{err}");
    out.lines()
        .find(|l| l.starts_with('*'))
        .unwrap_or_else(|| panic!("no active scheme: {out}"))
        .to_owned()
}
