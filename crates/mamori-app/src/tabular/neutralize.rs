//! Formula-injection defence for CSV exports (OWASP "CSV Injection").
//!
//! Excel runs a CSV cell as a formula when it starts with `=`, `+`, `-` or `@`
//! (and TAB/CR lead to the same on some import paths). A leading `'` makes Excel
//! treat the cell as text. Reading strips the `'` again so exports re-import
//! exactly.
//!
//! To keep that round trip exact for every string, a cell that already starts
//! with apostrophes followed by a trigger (`'=x`) also gets a prefix (`''=x`), and
//! the reader strips one apostrophe from exactly those cells. Any other cell
//! beginning with `'` (`'abc`) is left alone both ways.

use std::borrow::Cow;

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether `cell` is apostrophes (possibly none) followed by a trigger.
fn needs_prefix(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(is_trigger)
}

/// `cell` made safe to put in a CSV opened by Excel: prefixed with `'` when it
/// would otherwise run as a formula.
pub fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if needs_prefix(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralize_formula`]: strips the `'` it added, and nothing else.
pub fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}
