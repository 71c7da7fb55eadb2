//! The disposal log as a PDF for the committee: A4 portrait, the period, then each
//! disposal done in it — what, the information and its confidentiality, the method,
//! who did it and who witnessed it, the devices' numbers, and the SHA-256 of its
//! certificate — carried over pages with the page number at the foot.

use mamori_app::media::DisposalView;

use super::{A4, Pdf, face, set_pages, wrapped};
use crate::ctx::format_date;
use crate::i18n::{Lang, t};

const MARGIN: f32 = 45.0;

/// The log's PDF bytes; `period` is the from and until as asked (either may be empty).
pub fn disposal_log(
    log: &[DisposalView],
    (from, until): (&str, &str),
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let face = face()?;
    let max = A4.0 - 2.0 * MARGIN;
    let mut lines = Vec::new();
    let mut push = |size: f32, indent: f32, gap: f32, text: &str| {
        lines.extend(wrapped(face, max, (size, indent, gap), text));
    };
    let title = t(lang, "disposal.log");
    push(16.0, 0.0, 0.0, title);
    push(
        9.0,
        0.0,
        4.0,
        &format!(
            "{from} 〜 {until}　{} {}",
            log.len(),
            t(lang, "common.results")
        ),
    );
    let label = |key: &str| t(lang, key);
    for d in log {
        let done = d
            .completed_on
            .map(|c| format_date(c, lang == Lang::Ja))
            .unwrap_or_default();
        push(
            11.5,
            0.0,
            14.0,
            &format!("{}　{done}　{}", d.number, d.what),
        );
        push(
            9.0,
            12.0,
            2.0,
            &format!(
                "{}: {}（{} {}）",
                label("disposal.data"),
                d.data,
                label("disposal.level"),
                d.level
            ),
        );
        let performer = match &d.contractor {
            Some(c) => format!("{} {}", c.name, d.performer_name),
            None => format!("{} {}", label("disposal.by_staff"), d.performer_name),
        };
        let witness = d
            .witness
            .as_ref()
            .map(|w| format!("{}（{}）", w.name, w.employee_number))
            .unwrap_or_else(|| label("disposal.no_witness").to_owned());
        push(
            9.0,
            12.0,
            0.0,
            &format!(
                "{}: {}　{}: {}　{}: {witness}",
                label("disposal.method"),
                d.method.label(lang.code()),
                label("disposal.performer"),
                performer.trim(),
                label("disposal.witness"),
            ),
        );
        if !d.items.is_empty() {
            let numbers: Vec<String> = d
                .items
                .iter()
                .map(|i| {
                    if i.serial.is_empty() {
                        i.number.clone()
                    } else {
                        format!("{}（{}）", i.number, i.serial)
                    }
                })
                .collect();
            push(8.0, 12.0, 0.0, &numbers.join(", "));
        }
        for f in d.files.iter().filter(|f| f.kind == "certificate") {
            push(
                8.0,
                12.0,
                0.0,
                &format!(
                    "{}: {} SHA-256 {}",
                    label("disposal.certificate"),
                    f.file_name,
                    f.sha256
                ),
            );
        }
        let photos = d.files.iter().filter(|f| f.kind == "photo").count();
        if photos > 0 {
            push(
                8.0,
                12.0,
                0.0,
                &format!("{}: {photos}", label("disposal.photo")),
            );
        }
    }
    let mut pdf = Pdf::new(title, lang.code())?;
    set_pages(&mut pdf, &lines, MARGIN, |n, count| {
        format!("{title}　{n}/{count}")
    })?;
    pdf.finish()
}
