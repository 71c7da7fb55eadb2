//! A policy document as a PDF: A4 portrait, the organization and title, the version
//! with its approval and effective dates, then the sections in order, wrapped as
//! Japanese is set and carried over pages; the history of versions at the end and the
//! page number at the foot of every page. The same content as the public page.

use mamori_app::policies::PublicPolicy;
use mamori_domain::policy::markdown::plain;
use mamori_domain::policy::sections::split;

use super::{A4, Line, Pdf, face, set_pages, wrapped};
use crate::ctx::{format_date, version_name};
use crate::i18n::{Lang, t};

const MARGIN: f32 = 50.0;
const BODY: f32 = 10.5;

fn date(d: Option<chrono::NaiveDate>, lang: Lang) -> String {
    d.map(|d| format_date(d, lang == Lang::Ja))
        .unwrap_or_default()
}

/// The document's lines, before they are put on pages.
fn lines(p: &PublicPolicy, lang: Lang) -> Result<Vec<Line>, String> {
    let face = face()?;
    let max = A4.0 - 2.0 * MARGIN;
    let mut out = Vec::new();
    let mut push = |size: f32, indent: f32, gap: f32, text: &str| {
        out.extend(wrapped(face, max, (size, indent, gap), text));
    };
    let v = &p.shown.version;
    push(9.0, 0.0, 0.0, &p.org_name);
    push(16.0, 0.0, 6.0, &v.title);
    let facts = format!(
        "{}　{} {}　{} {}",
        version_name(lang, v.version),
        t(lang, "policy.approved_on"),
        date(v.decided_on, lang),
        t(lang, "policy.effective_on"),
        date(v.effective_on, lang),
    );
    push(9.0, 0.0, 4.0, &facts);
    // The stored text, split again: its preamble and each section's Markdown.
    let split = split(&p.shown.body).map_err(|_| "the stored text does not split".to_owned())?;
    if !split.preamble.is_empty() {
        push(BODY, 0.0, 12.0, &plain(&split.preamble));
    }
    for s in &split.sections {
        let indent = f32::from(s.depth.max(1) - 1) * 12.0;
        let size = if s.depth <= 1 { 12.5 } else { 11.0 };
        push(size, indent, 12.0, &s.heading);
        let text = plain(&s.body);
        if !text.is_empty() {
            push(BODY, indent, 2.0, &text);
        }
    }
    push(12.0, 0.0, 18.0, t(lang, "policy.history"));
    for h in &p.history {
        let line = format!(
            "{}　{} {}　{} {}　{}",
            version_name(lang, h.version),
            t(lang, "policy.approved_on"),
            date(h.decided_on, lang),
            t(lang, "policy.effective_on"),
            date(h.effective_on, lang),
            h.note
        );
        push(9.0, 0.0, 2.0, &line);
    }
    Ok(out)
}

/// The document's PDF bytes.
pub fn policy_document(p: &PublicPolicy, lang: Lang) -> Result<Vec<u8>, String> {
    let all = lines(p, lang)?;
    let title = format!("{} — {}", p.shown.version.title, p.org_name);
    let mut pdf = Pdf::new(&title, lang.code())?;
    set_pages(&mut pdf, &all, MARGIN, |n, count| {
        format!(
            "{} {}　{n}/{count}",
            p.shown.version.title,
            version_name(lang, p.shown.version.version),
        )
    })?;
    pdf.finish()
}
