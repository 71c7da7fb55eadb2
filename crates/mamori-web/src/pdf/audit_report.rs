//! The audit report as a PDF: A4 portrait, the audit's plan (title, kind, year, dates,
//! scope, criteria, auditors), the report's summary, the findings counted by grade,
//! then each finding with its criterion, what was found, the department's answer and
//! its corrective actions, carried over pages with the page number at the foot.

use mamori_app::review::audit::AuditDetail;

use super::{A4, Pdf, face, set_pages, wrapped};
use crate::ctx::format_date;
use crate::i18n::{Lang, t};

const MARGIN: f32 = 45.0;

/// The report's PDF bytes.
pub fn audit_report(d: &AuditDetail, lang: Lang) -> Result<Vec<u8>, String> {
    let face = face()?;
    let max = A4.0 - 2.0 * MARGIN;
    let ja = lang == Lang::Ja;
    let mut lines = Vec::new();
    let mut push = |size: f32, indent: f32, gap: f32, text: &str| {
        lines.extend(wrapped(face, max, (size, indent, gap), text));
    };
    let label = |key: &str| t(lang, key);
    let a = &d.audit;
    let title = label("audits.report_title");
    push(16.0, 0.0, 0.0, title);
    push(9.0, 0.0, 4.0, &a.number);
    push(
        12.0,
        0.0,
        14.0,
        &format!("1. {}", label("audits.report_plan")),
    );
    let year = if ja {
        mamori_domain::wareki::fiscal_year_label(a.fiscal_year)
    } else {
        format!("FY{}", a.fiscal_year)
    };
    let scope: Vec<&str> = a.departments.iter().map(|x| x.name.as_str()).collect();
    let auditors: Vec<String> = a
        .auditors
        .iter()
        .map(|x| {
            if x.lead {
                format!("{}（{}）", x.name, label("audits.lead"))
            } else {
                x.name.clone()
            }
        })
        .collect();
    let kind = if a.external_body.is_empty() {
        a.kind.label(lang.code()).to_owned()
    } else {
        format!("{}（{}）", a.kind.label(lang.code()), a.external_body)
    };
    let systems: Vec<String> = a
        .systems
        .iter()
        .map(|x| {
            if x.name.is_empty() {
                format!("{} {}", x.code, label("inspection.system_withheld"))
            } else {
                format!("{} {}", x.code, x.name)
            }
        })
        .collect();
    let mut rows = vec![
        ("audits.audit_title", a.title.clone()),
        ("audits.kind", kind),
        ("audits.year", year),
        (
            "audits.period",
            format!(
                "{} 〜 {}",
                format_date(a.planned_from, ja),
                format_date(a.planned_until, ja)
            ),
        ),
        ("audits.scope", scope.join("、")),
        ("audits.systems", systems.join("、")),
        ("audits.criteria", a.criteria.clone()),
        ("audits.auditors", auditors.join("、")),
    ];
    // An audit of departments alone says nothing of systems.
    rows.retain(|(key, value)| *key != "audits.systems" || !value.is_empty());
    for (key, value) in rows {
        push(9.5, 12.0, 2.0, &format!("{}: {value}", label(key)));
    }
    push(12.0, 0.0, 14.0, &format!("2. {}", label("audits.summary")));
    let summary = if a.summary.is_empty() {
        label("audits.no_summary").to_owned()
    } else {
        a.summary.clone()
    };
    for para in summary.lines().filter(|l| !l.trim().is_empty()) {
        push(9.5, 12.0, 2.0, para);
    }
    push(12.0, 0.0, 14.0, &format!("3. {}", label("audits.findings")));
    let c = &a.findings;
    push(
        9.5,
        12.0,
        2.0,
        &format!(
            "{} {}: {} {} / {} {} / {} {} / {} {}",
            label("audits.findings"),
            c.total,
            mamori_domain::review::audit::Grade::Major.label(lang.code()),
            c.major,
            mamori_domain::review::audit::Grade::Minor.label(lang.code()),
            c.minor,
            mamori_domain::review::audit::Grade::Improvement.label(lang.code()),
            c.improvement,
            mamori_domain::review::audit::Grade::Good.label(lang.code()),
            c.good,
        ),
    );
    for f in &d.findings {
        push(
            10.5,
            12.0,
            10.0,
            &format!(
                "{}　{}　{}",
                f.number,
                f.grade.label(lang.code()),
                f.department.name
            ),
        );
        push(
            9.0,
            24.0,
            2.0,
            &format!("{}: {}", label("audits.criterion"), f.criterion),
        );
        push(9.0, 24.0, 0.0, &f.description);
        if !f.response.is_empty() {
            push(
                9.0,
                24.0,
                2.0,
                &format!("{}: {}", label("audits.response"), f.response),
            );
        }
        for x in &f.actions {
            push(
                8.5,
                36.0,
                0.0,
                &format!(
                    "{}: {}（{} {}, {}）",
                    label("audits.action"),
                    x.action,
                    label("audits.due_on"),
                    format_date(x.due_on, ja),
                    x.state.label(lang.code())
                ),
            );
        }
    }
    let mut pdf = Pdf::new(title, lang.code())?;
    set_pages(&mut pdf, &lines, MARGIN, |n, count| {
        format!("{title} {}　{n}/{count}", a.number)
    })?;
    pdf.finish()
}
