//! The annual report laid out once as titled tables (with a chart where one helps),
//! which the page, the printable HTML file, the PDF and the spreadsheet all draw
//! from: the same figures under the same labels whatever the format.

use mamori_app::review::annual::{AnnualReport, Coverage, Figure, Posture};

use crate::charts::{self, Bar, escape};
use crate::i18n::{Lang, t};

/// One table of the report.
pub struct Table {
    pub id: &'static str,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// An SVG drawn from the same rows, for the page and the HTML file.
    pub chart: Option<String>,
}

fn n(v: u64) -> String {
    v.to_string()
}

fn pct(p: Option<u32>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
}

fn score(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.1}")).unwrap_or_else(|| "—".into())
}

fn heads(lang: Lang, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| t(lang, k).to_owned()).collect()
}

/// Counts with their shares, and a bar chart of them.
fn figures(id: &'static str, title: &str, figs: &[Figure], lang: Lang, chart: bool) -> Table {
    let code = lang.code();
    let rows = figs
        .iter()
        .map(|f| vec![f.label(code).to_owned(), n(f.count), pct(f.percent)])
        .collect();
    let chart = chart.then(|| {
        let bars: Vec<Bar> = figs
            .iter()
            .filter(|f| f.count > 0)
            .map(|f| Bar {
                label: f.label(code).to_owned(),
                value: f.count as f64,
                text: n(f.count),
            })
            .collect();
        charts::rows(id, title, &bars)
    });
    Table {
        id,
        title: title.to_owned(),
        headers: heads(lang, &["annual.item", "annual.count", "annual.share"]),
        rows,
        chart: chart.filter(|c| c.contains("class=\"bar\"")),
    }
}

/// Pairs of a label and a value.
fn pairs(id: &'static str, title: &str, lang: Lang, rows: Vec<(&str, String)>) -> Table {
    Table {
        id,
        title: title.to_owned(),
        headers: heads(lang, &["annual.item", "annual.value"]),
        rows: rows
            .into_iter()
            .map(|(k, v)| vec![t(lang, k).to_owned(), v])
            .collect(),
        chart: None,
    }
}

fn coverage(id: &'static str, title: &str, lang: Lang, rows: &[Coverage]) -> Table {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            value: f64::from(c.percent.unwrap_or(0)),
            text: pct(c.percent),
        })
        .collect();
    Table {
        id,
        title: title.to_owned(),
        headers: heads(
            lang,
            &[
                "annual.item",
                "annual.required",
                "annual.done",
                "annual.rate",
            ],
        ),
        rows: rows
            .iter()
            .map(|c| vec![c.label.clone(), n(c.required), n(c.done), pct(c.percent)])
            .collect(),
        chart: (!rows.is_empty()).then(|| charts::percent_rows(id, title, &bars)),
    }
}

/// A heat map as a table: one row per likelihood, one column per impact.
fn heat(id: &'static str, title: String, p: &Posture, lang: Lang) -> Table {
    let (x, y) = match lang {
        Lang::Ja => (&p.x_label_ja, &p.y_label_ja),
        Lang::En => (&p.x_label_en, &p.y_label_en),
    };
    let mut headers = vec![format!("{y} \\ {x}")];
    headers.extend(p.columns.iter().map(u8::to_string));
    let rows = p
        .rows
        .iter()
        .map(|row| {
            let mut r = vec![row.first().map(|c| c.y.to_string()).unwrap_or_default()];
            r.extend(row.iter().map(|c| n(c.count)));
            r
        })
        .collect();
    Table {
        id,
        title,
        headers,
        rows,
        chart: Some(charts::heat_grid(id, p, x, y)),
    }
}

/// The report's tables, in the order the report reads.
pub fn tables(r: &AnnualReport, lang: Lang) -> Vec<Table> {
    let l = |k| t(lang, k);
    let code = lang.code();
    let mut out = vec![pairs(
        "summary",
        l("annual.summary"),
        lang,
        vec![
            ("annual.assets_total", n(r.assets.total)),
            ("annual.assets_registered", n(r.assets.registered)),
            ("annual.risks_total", n(r.risks.end.total)),
            ("annual.risks_above", n(r.risks.end.above)),
            (
                "annual.controls_implemented",
                pct(r.controls.implemented_percent),
            ),
            (
                "annual.controls_evidenced",
                pct(r.controls.evidenced_percent),
            ),
            ("annual.incidents_total", n(r.incidents.total)),
            ("annual.training_rate", pct(r.people.training_percent)),
            ("annual.findings", n(r.audits.findings)),
            ("annual.actions_overdue", n(r.audits.actions_overdue)),
            ("annual.meetings", n(r.committee.meetings_held)),
        ],
    )];
    out.push(figures(
        "assets-kind",
        l("annual.assets_by_kind"),
        &r.assets.by_kind,
        lang,
        true,
    ));
    out.push(figures(
        "assets-importance",
        l("annual.assets_by_importance"),
        &r.assets.by_importance,
        lang,
        true,
    ));
    out.push(figures(
        "assets-status",
        l("annual.assets_by_status"),
        &r.assets.by_status,
        lang,
        false,
    ));
    // The levels at the start and the end side by side.
    let start_of = |code: &str| {
        r.risks.start.as_ref().map_or("—".to_owned(), |s| {
            n(s.levels
                .iter()
                .find(|f| f.code == code)
                .map_or(0, |f| f.count))
        })
    };
    let mut levels = Table {
        id: "risk-levels",
        title: l("annual.risk_levels").to_owned(),
        headers: heads(lang, &["annual.level", "annual.start", "annual.end"]),
        rows: r
            .risks
            .end
            .levels
            .iter()
            .rev()
            .map(|f| vec![f.label(code).to_owned(), start_of(&f.code), n(f.count)])
            .collect(),
        chart: None,
    };
    // Each column says the day its map was taken.
    let days = [
        r.risks.start.as_ref().map(|s| s.taken_on),
        Some(r.risks.end.taken_on),
    ];
    for (h, day) in levels.headers.iter_mut().skip(1).zip(days) {
        if let Some(d) = day {
            h.push_str(&format!("（{d}）"));
        }
    }
    levels.rows.push(vec![
        l("annual.risks_above").to_owned(),
        r.risks.start.as_ref().map_or("—".into(), |s| n(s.above)),
        n(r.risks.end.above),
    ]);
    out.push(levels);
    if let Some(s) = &r.risks.start {
        out.push(heat(
            "heat-start",
            format!("{}（{}）", l("annual.heat_start"), s.taken_on),
            s,
            lang,
        ));
    }
    out.push(heat(
        "heat-end",
        format!("{}（{}）", l("annual.heat_end"), r.risks.end.taken_on),
        &r.risks.end,
        lang,
    ));
    out.push(pairs(
        "acceptances",
        l("annual.acceptances"),
        lang,
        vec![
            ("annual.accepted", n(r.risks.accepted)),
            (
                "annual.acceptances_in_force",
                n(r.risks.acceptances_in_force),
            ),
        ],
    ));
    out.push(figures(
        "controls",
        l("annual.controls"),
        &r.controls.by_status,
        lang,
        true,
    ));
    out.push(figures(
        "incidents-category",
        l("annual.incidents_by_category"),
        &r.incidents.by_category,
        lang,
        true,
    ));
    out.push(figures(
        "incidents-severity",
        l("annual.incidents_by_severity"),
        &r.incidents.by_severity,
        lang,
        false,
    ));
    let b = &r.incidents.breach;
    out.push(pairs(
        "breach",
        l("annual.breach"),
        lang,
        vec![
            ("annual.personal_data", n(r.incidents.personal_data)),
            ("annual.breach_reportable", n(b.assessed_reportable)),
            ("annual.breach_on_time", n(b.on_time)),
            ("annual.breach_late", n(b.late)),
            ("annual.breach_pending", n(b.pending)),
            ("annual.breach_overdue", n(b.overdue)),
        ],
    ));
    out.push(coverage(
        "acks",
        l("annual.acks"),
        lang,
        &r.people.acknowledgements,
    ));
    out.push(coverage(
        "training",
        l("annual.training"),
        lang,
        &r.people.training,
    ));
    let p = &r.physical;
    out.push(pairs(
        "physical",
        l("annual.physical"),
        lang,
        vec![
            ("annual.takeouts", n(p.takeouts)),
            ("annual.returned_late", n(p.returned_late)),
            ("annual.not_returned", n(p.not_returned)),
            ("annual.area_entries", n(p.area_entries)),
            ("annual.visitor_entries", n(p.visitor_entries)),
            ("annual.flagged_entries", n(p.flagged_entries)),
            ("annual.disposals", n(p.disposals)),
            ("annual.inventories", n(p.inventories)),
        ],
    ));
    let c = &r.compliance;
    let mut compliance = pairs(
        "compliance",
        l("annual.compliance"),
        lang,
        vec![
            ("annual.exceptions_asked", n(c.exceptions_asked)),
            ("annual.exceptions_in_force", n(c.exceptions_in_force)),
            ("annual.violations_found", n(c.violations_found)),
            ("annual.violations_decided", n(c.violations_decided)),
        ],
    );
    for f in c.exceptions_by_state.iter().filter(|f| f.count > 0) {
        compliance
            .rows
            .insert(1, vec![format!("　{}", f.label(code)), n(f.count)]);
    }
    out.push(compliance);
    if let Some(i) = &r.inspection {
        let mut t = Table {
            id: "inspection",
            title: format!("{}（{}）", l("annual.inspection"), i.name),
            headers: heads(lang, &["annual.area", "annual.score", "annual.previous"]),
            rows: i
                .areas
                .iter()
                .map(|a| vec![a.area.clone(), score(a.score), score(a.previous)])
                .collect(),
            chart: None,
        };
        t.rows.insert(
            0,
            vec![
                format!(
                    "{} {}/{}（{} {}）",
                    l("annual.sheets_submitted"),
                    i.submitted,
                    i.sheets,
                    l("annual.sheets_accepted"),
                    i.accepted
                ),
                score(i.score),
                String::new(),
            ],
        );
        let bars: Vec<Bar> = i
            .areas
            .iter()
            .map(|a| Bar {
                label: a.area.clone(),
                value: a.score.unwrap_or(0.0),
                text: score(a.score),
            })
            .collect();
        t.chart = (!bars.is_empty()).then(|| charts::percent_rows("inspection", &t.title, &bars));
        out.push(t);
    }
    out.push(figures(
        "audits",
        l("annual.audits"),
        &r.audits.by_state,
        lang,
        false,
    ));
    out.push(figures(
        "findings",
        l("annual.findings_by_grade"),
        &r.audits.by_grade,
        lang,
        true,
    ));
    out.push(pairs(
        "actions",
        l("annual.actions"),
        lang,
        vec![
            ("annual.actions_total", n(r.audits.actions)),
            ("annual.actions_open", n(r.audits.actions_open)),
            ("annual.actions_overdue", n(r.audits.actions_overdue)),
            (
                "annual.actions_verified",
                n(r.audits.actions_verified_in_year),
            ),
        ],
    ));
    let mut committee = figures(
        "committee",
        l("annual.committee"),
        &r.committee.by_outcome,
        lang,
        false,
    );
    committee.rows.insert(
        0,
        vec![
            l("annual.meetings").to_owned(),
            n(r.committee.meetings_held),
            String::new(),
        ],
    );
    out.push(committee);
    out
}

/// The committee's sections, titled, in the report's order (empty ones left out).
pub fn sections(r: &AnnualReport, lang: Lang) -> Vec<(&'static str, String)> {
    [
        ("annual.overview", &r.sections.overview),
        ("annual.evaluation", &r.sections.evaluation),
        ("annual.next_year", &r.sections.next_year),
    ]
    .into_iter()
    .filter(|(_, s)| !s.trim().is_empty())
    .map(|(k, s)| (t(lang, k), s.clone()))
    .collect()
}

/// The report's title line: 令和7年度 情報セキュリティ年次報告.
pub fn title(r: &AnnualReport, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{} {}", r.label_ja, t(lang, "annual.title")),
        Lang::En => format!("{} {}", t(lang, "annual.title"), r.label_en),
    }
}

/// The line under the title: the period, the as-of day, and whether it is issued.
pub fn subtitle(r: &AnnualReport, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let day = |d| crate::ctx::format_date(d, ja);
    let mut s = format!(
        "{}: {} 〜 {}　{}: {}",
        t(lang, "annual.period"),
        day(r.year.from),
        day(r.year.until),
        t(lang, "annual.as_of"),
        day(r.year.as_of)
    );
    match r.issued_on {
        Some(d) => s.push_str(&format!(
            "　{}: {}（{}）",
            t(lang, "annual.issued"),
            day(d),
            r.issued_by
        )),
        None => s.push_str(&format!("　{}", t(lang, "annual.draft"))),
    }
    s
}

/// The report's body as HTML (sections, then each table with its chart): the page
/// shows it inside its frame and the HTML file inside its own.
pub fn body_html(r: &AnnualReport, lang: Lang) -> String {
    let mut out = String::new();
    for (title, text) in sections(r, lang) {
        out.push_str(&format!("<h2>{}</h2>", escape(title)));
        for para in text.split('\n').filter(|p| !p.trim().is_empty()) {
            out.push_str(&format!("<p>{}</p>", escape(para)));
        }
    }
    for tb in tables(r, lang) {
        out.push_str(&format!(
            "<section class=\"report-table\" id=\"{}\"><h2>{}</h2>",
            tb.id,
            escape(&tb.title)
        ));
        if let Some(svg) = &tb.chart {
            out.push_str(svg);
        }
        out.push_str("<table class=\"register\"><thead><tr>");
        for h in &tb.headers {
            out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &tb.rows {
            out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let class = if i == 0 { "" } else { " class=\"num\"" };
                out.push_str(&format!("<td{class}>{}</td>", escape(c)));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></section>");
    }
    out
}

/// The report as one HTML file that needs nothing else (styles inline, charts
/// drawn in it), to keep or print.
pub fn html_file(r: &AnnualReport, lang: Lang) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body><main><article class=\"a4 report\"><h1>{}</h1><p>{}</p>{}</article></main></body></html>",
        lang.code(),
        escape(&title(r, lang)),
        include_str!("../static/mamori.css"),
        escape(&title(r, lang)),
        escape(&subtitle(r, lang)),
        body_html(r, lang)
    )
}

/// The tables on one sheet, one row per line of a table (the table's title first),
/// for Excel.
pub fn xlsx(r: &AnnualReport, lang: Lang) -> Result<Vec<u8>, String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for tb in tables(r, lang) {
        let mut head = vec![tb.title.clone()];
        head.extend(tb.headers.iter().cloned());
        rows.push(head);
        for row in &tb.rows {
            let mut line = vec![tb.title.clone()];
            line.extend(row.iter().cloned());
            rows.push(line);
        }
    }
    // Heat maps are the widest tables: a column for each impact.
    let width = rows.iter().map(Vec::len).max().unwrap_or(3);
    let mut headers = vec![t(lang, "annual.table"), t(lang, "annual.item")];
    headers.resize(width.max(3), t(lang, "annual.value"));
    mamori_app::tabular::write_xlsx(&title(r, lang), &headers, &mut rows.into_iter())
        .map_err(|e| e.to_string())
}
