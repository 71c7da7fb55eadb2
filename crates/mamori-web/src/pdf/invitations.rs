//! The invitation sheet as a PDF: A4 portrait, eight slips a page (two across, four
//! down) with dashed lines to cut along, each with the person, the link as text and as
//! a QR code — the same content as the printable HTML page.

use mamori_app::invitations::{InvitationSheet, InvitationSlip};
use qrcode::{Color, QrCode};

use super::{A4, Canvas, Pdf};
use crate::ctx::format_date;
use crate::i18n::{Lang, t};

const MARGIN: f32 = 14.0;
/// Room above the slips for the sheet's heading.
const HEAD: f32 = 34.0;
const ACROSS: usize = 2;
const DOWN: usize = 4;
const PAD: f32 = 12.0;
const QR_SIDE: f32 = 92.0;

/// The sheet's PDF bytes.
pub fn invitation_sheet(
    sheet: &InvitationSheet,
    lang: Lang,
    wareki: bool,
) -> Result<Vec<u8>, String> {
    let expires = format_date(
        (sheet.expires_at + chrono::Duration::hours(9)).date_naive(),
        wareki,
    );
    let title = t(lang, "invite.sheet_title");
    let mut heading = format!("{title} — {}", sheet.org_name);
    if let Some(d) = &sheet.department {
        heading.push_str(&format!(" / {d}"));
    }
    let mut pdf = Pdf::new(&heading, lang.code())?;
    let per_page = ACROSS * DOWN;
    let pages = sheet.slips.len().div_ceil(per_page).max(1);
    for page in 0..pages {
        pdf.page(|c| {
            let summary = format!(
                "{} {} — {} {expires} — {}/{pages}",
                sheet.slips.len(),
                t(lang, "invite.people"),
                t(lang, "invite.valid_until"),
                page + 1,
            );
            c.text(MARGIN, MARGIN + 12.0, 12.0, &heading);
            c.text(MARGIN, MARGIN + 26.0, 8.0, &summary);
            if sheet.slips.is_empty() {
                c.paragraph(
                    MARGIN,
                    MARGIN + HEAD + 10.0,
                    11.0,
                    A4.0 - 2.0 * MARGIN,
                    t(lang, "invite.nobody"),
                );
                return;
            }
            let slips = sheet.slips.iter().skip(page * per_page).take(per_page);
            let (w, h) = slip_size();
            for (i, slip) in slips.enumerate() {
                let x = MARGIN + (i % ACROSS) as f32 * w;
                let y = MARGIN + HEAD + (i / ACROSS) as f32 * h;
                draw_slip(c, slip, (x, y), lang, &expires);
            }
            cut_lines(c);
        })?;
    }
    pdf.finish()
}

fn slip_size() -> (f32, f32) {
    (
        (A4.0 - 2.0 * MARGIN) / ACROSS as f32,
        (A4.1 - 2.0 * MARGIN - HEAD) / DOWN as f32,
    )
}

fn cut_lines(c: &mut Canvas<'_, '_>) {
    let (w, h) = slip_size();
    let (left, top) = (MARGIN, MARGIN + HEAD);
    let (right, bottom) = (left + w * ACROSS as f32, top + h * DOWN as f32);
    for row in 0..=DOWN {
        let y = top + row as f32 * h;
        c.cut_line((left, y), (right, y));
    }
    for col in 0..=ACROSS {
        let x = left + col as f32 * w;
        c.cut_line((x, top), (x, bottom));
    }
}

fn draw_slip(
    c: &mut Canvas<'_, '_>,
    s: &InvitationSlip,
    (x, y): (f32, f32),
    lang: Lang,
    expires: &str,
) {
    let (w, _) = slip_size();
    let inner = w - 2.0 * PAD;
    let column = inner - QR_SIDE - 8.0;
    let (left, mut top) = (x + PAD, y + PAD);
    top = c.paragraph(left, top, 8.0, inner, t(lang, "invite.slip_heading")) + 2.0;
    let qr_top = top;
    c.text(left, top + 14.0, 14.0, &s.name);
    top += 20.0;
    top = c.paragraph(left, top, 8.0, column, &format!("({})", s.employee_number));
    if let Some(d) = &s.department {
        top = c.paragraph(left, top, 8.0, column, d);
    }
    top = c.paragraph(
        left,
        top,
        8.0,
        column,
        &format!("{} {expires}", t(lang, "invite.valid_until")),
    );
    c.paragraph(left, top + 3.0, 7.0, column, t(lang, "invite.slip_how"));
    qr(c, &s.link, (x + w - PAD - QR_SIDE, qr_top), QR_SIDE);
    c.paragraph(left, qr_top + QR_SIDE + 6.0, 7.0, inner, &s.link);
}

/// The link as a QR code `side` points wide, with its quiet zone.
fn qr(c: &mut Canvas<'_, '_>, link: &str, (x, y): (f32, f32), side: f32) {
    let Ok(code) = QrCode::new(link.as_bytes()) else {
        return;
    };
    let n = code.width();
    let quiet = 2;
    let module = side / (n + 2 * quiet) as f32;
    let mut runs = Vec::new();
    for (row, line) in code.to_colors().chunks(n).enumerate() {
        let mut col = 0;
        while col < n {
            let len = line[col..]
                .iter()
                .take_while(|m| **m == Color::Dark)
                .count();
            if len > 0 {
                runs.push((row + quiet, col + quiet, len));
            }
            col += len.max(1);
        }
    }
    c.grid((x, y), module, &runs);
}
