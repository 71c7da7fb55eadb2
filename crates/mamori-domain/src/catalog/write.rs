//! Writing a catalog back as TOML, in the layout of the shipped files: the
//! `[catalog]` table, then one `[[controls]]` table per entry in the same order.
//!
//! Written by hand rather than through serde: the output cannot fail, empty optional
//! fields (notes, the MIC `chapter`) are left out as in the shipped files, and an
//! export diffs cleanly against the file it came from.

use std::fmt::Write;

use super::Catalog;

pub(super) fn catalog(c: &Catalog) -> String {
    let mut out = String::with_capacity(256 * (c.controls.len() + 1));
    let m = &c.meta;
    out.push_str("[catalog]\n");
    for (key, value) in [
        ("id", &m.id),
        ("name_ja", &m.name_ja),
        ("name_en", &m.name_en),
        ("version", &m.version),
        ("source_ja", &m.source_ja),
        ("source_en", &m.source_en),
    ] {
        line(&mut out, key, value);
    }
    for (key, value) in [("note_ja", &m.note_ja), ("note_en", &m.note_en)] {
        if !value.is_empty() {
            line(&mut out, key, value);
        }
    }
    for ctl in &c.controls {
        out.push_str("\n[[controls]]\n");
        line(&mut out, "id", &ctl.id);
        line(&mut out, "parent", &ctl.parent);
        line(&mut out, "level", &ctl.level);
        if !ctl.chapter.is_empty() {
            line(&mut out, "chapter", &ctl.chapter);
        }
        for (key, value) in [
            ("title_ja", &ctl.title_ja),
            ("title_en", &ctl.title_en),
            ("description_ja", &ctl.description_ja),
            ("description_en", &ctl.description_en),
        ] {
            line(&mut out, key, value);
        }
        line(&mut out, "category", ctl.category.code());
        out.push_str("refs = [");
        for (i, r) in ctl.refs.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            quote(&mut out, r);
        }
        out.push_str("]\n");
    }
    out
}

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    quote(out, value);
    out.push('\n');
}

/// `value` as a TOML basic string: quotes, backslashes and control characters
/// escaped, everything else (Japanese included) as is.
fn quote(out: &mut String, value: &str) {
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_escapes_what_toml_requires() {
        let mut s = String::new();
        quote(&mut s, "a\"b\\c\nd\te\u{1}f\u{7f}情報");
        assert_eq!(s, r#""a\"b\\c\nd\te\u0001f\u007F情報""#);
    }
}
