//! A certificate of completion as a PDF: one A4 page, portrait, framed, with the
//! person, the course, the day and the certificate's number, centred as such
//! certificates are set.

use mamori_app::training::Certificate;

use super::{A4, Canvas, Pdf, face, width};
use crate::ctx::format_date;
use crate::i18n::{Lang, t};

const MARGIN: f32 = 40.0;

fn centred(c: &mut Canvas<'_, '_>, baseline: f32, size: f32, text: &str) -> Result<(), String> {
    let w = width(face()?, text, size);
    c.text((A4.0 - w) / 2.0, baseline, size, text);
    Ok(())
}

/// The certificate's PDF bytes.
pub fn certificate(cert: &Certificate, lang: Lang) -> Result<Vec<u8>, String> {
    let title = t(lang, "training.certificate");
    let mut pdf = Pdf::new(&format!("{title} {}", cert.number), lang.code())?;
    let en = lang == Lang::En;
    let mut result = Ok(());
    pdf.page(|c| {
        let (l, r, top, bottom) = (MARGIN, A4.0 - MARGIN, MARGIN, A4.1 - MARGIN);
        c.cut_line((l, top), (r, top));
        c.cut_line((r, top), (r, bottom));
        c.cut_line((r, bottom), (l, bottom));
        c.cut_line((l, bottom), (l, top));
        let kind = if en {
            &cert.course_kind_en
        } else {
            &cert.course_kind_ja
        };
        let mode = if en { &cert.mode_en } else { &cert.mode_ja };
        let lines: [(f32, f32, String); 8] = [
            (190.0, 30.0, title.to_owned()),
            (280.0, 22.0, cert.name.clone()),
            (
                310.0,
                10.0,
                format!(
                    "{} {}　{}",
                    t(lang, "ack.employee_number"),
                    cert.employee_number,
                    cert.department
                ),
            ),
            (380.0, 16.0, cert.course_title.clone()),
            (
                405.0,
                10.0,
                format!("{kind}　{mode}　{}", cert.session_code),
            ),
            (
                450.0,
                11.0,
                format!(
                    "{} {}",
                    t(lang, "training.completed_on"),
                    format_date(cert.completed_on, !en)
                ),
            ),
            (540.0, 11.0, t(lang, "training.certificate_text").to_owned()),
            (640.0, 14.0, cert.org_name.clone()),
        ];
        for (y, size, text) in &lines {
            if let Err(e) = centred(c, *y, *size, text) {
                result = Err(e);
            }
        }
        if !cert.trainer.is_empty() {
            let trainer = format!("{} {}", t(lang, "training.trainer"), cert.trainer);
            if let Err(e) = centred(c, 665.0, 10.0, &trainer) {
                result = Err(e);
            }
        }
        c.text(
            MARGIN + 12.0,
            A4.1 - MARGIN - 12.0,
            8.0,
            &format!("No. {}", cert.number),
        );
    })?;
    result?;
    pdf.finish()
}
