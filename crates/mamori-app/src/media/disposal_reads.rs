//! Reading disposals: a page of them, one with its items, files and what completing it
//! still needs, a file to download, and the disposal log (completed ones over a
//! period) that the committee reads on A4 and that exports as CSV or Excel.

use std::collections::HashMap;

use mamori_domain::Dimension;
use mamori_domain::evidence::EvidenceType;
use mamori_domain::media::disposal::{Method, parse_serials};
use mamori_store::entity::{disposal, disposal_file, disposal_item};
use mamori_store::media::disposals::DisposalFilter;
use uuid::Uuid;

use super::input::DisposalQuery;
use super::row::disposal_number;
use super::view::{DisposalFileView, DisposalItemView, DisposalView, Named};
use crate::authz::{Actor, Capability};
use crate::controls::evidence::EvidenceFile;
use crate::departments::optional_date;
use crate::{App, AppError, AppResult, Page, PageRequest};

/// The columns of the disposal log, in Japanese and English.
pub const DISPOSAL_HEADERS: [(&str, &str); 14] = [
    ("番号", "Number"),
    ("実施日", "Done on"),
    ("廃棄した物", "What"),
    ("件数", "Items"),
    ("管理番号", "Numbers"),
    ("記録されていた情報", "Information"),
    ("機密性", "Confidentiality"),
    ("方法", "Method"),
    ("実施者", "Performed by"),
    ("立会者", "Witness"),
    ("証明書 SHA-256", "Certificate SHA-256"),
    ("写真", "Photos"),
    ("所管課", "Department"),
    ("記録者", "Recorded by"),
];

impl App {
    fn disposal_filter(&self, q: &DisposalQuery) -> AppResult<DisposalFilter> {
        let mut inv = mamori_domain::Invalid::new();
        let from = optional_date(&mut inv, "from", q.from.as_deref().unwrap_or(""));
        let until = optional_date(&mut inv, "until", q.until.as_deref().unwrap_or(""));
        let show = q.show.as_deref().map(str::trim).unwrap_or("");
        if !matches!(show, "" | "open" | "done") {
            inv.push(mamori_domain::FieldError::new(
                "show",
                "show は open か done です。",
                "show is open or done.",
            ));
        }
        inv.into_result()?;
        Ok(DisposalFilter {
            open: show == "open",
            done: show == "done",
            completed_from: from,
            completed_until: until,
            ..DisposalFilter::default()
        })
    }

    /// The disposals as shown, with their items and (`full`) files and what they
    /// still need.
    pub(super) async fn disposal_views(
        &self,
        actor: &Actor,
        rows: &[disposal::Model],
        full: bool,
    ) -> AppResult<Vec<DisposalView>> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let ids: Vec<Uuid> = rows.iter().map(|d| d.id).collect();
        let mut items: HashMap<Uuid, Vec<disposal_item::Model>> = HashMap::new();
        for i in mamori_store::media::disposals::items(conn, org, &ids).await? {
            items.entry(i.disposal_id).or_default().push(i);
        }
        let mut people = Vec::new();
        for d in rows {
            people.extend(d.witness_staff_id);
            people.extend(d.requester_staff_id);
        }
        let people = self.people_of(conn, org, people).await?;
        let contractors: HashMap<Uuid, (String, String)> =
            mamori_store::compliance::contractors::all(conn, org)
                .await?
                .into_iter()
                .map(|c| (c.id, (mamori_domain::contractor::code(c.number), c.name)))
                .collect();
        let idx = self.dept_tree(org).await?;
        let schemes = self.schemes_or_seed(org).await?;
        let scale = schemes.active().scale(Dimension::C);
        let rules = self.media_rules(org).await?.disposal;
        let mut out = Vec::with_capacity(rows.len());
        for d in rows {
            let its = items.remove(&d.id).unwrap_or_default();
            let files = if full || d.completed_on.is_none() {
                mamori_store::media::disposals::files(conn, org, d.id).await?
            } else {
                Vec::new()
            };
            let missing = if d.completed_on.is_none() && !d.cancelled {
                missing_of(d, &its, &files, scale, &rules)
            } else {
                Vec::new()
            };
            let mismatch = missing
                .iter()
                .find(|m| m.0 == "serials")
                .map(|m| m.1.clone())
                .unwrap_or_default();
            out.push(DisposalView {
                id: d.id,
                number: disposal_number(d.number),
                what: d.what.clone(),
                data: d.data.clone(),
                level: d.level.clone(),
                method: Method::from_code(&d.method).unwrap_or(Method::PhysicalDestruction),
                paper: d.paper,
                department: d
                    .department_id
                    .and_then(|x| idx.get(x))
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                performer: d.performer.clone(),
                contractor: d.contractor_id.and_then(|c| {
                    contractors.get(&c).map(|(code, name)| Named {
                        id: c,
                        code: code.clone(),
                        name: name.clone(),
                    })
                }),
                performer_name: d.performer_name.clone(),
                witness: d.witness_staff_id.and_then(|w| people.get(&w).cloned()),
                planned_on: d.planned_on,
                requester: d.requester_staff_id.and_then(|r| people.get(&r).cloned()),
                requested_at: d.requested_at,
                items: its
                    .iter()
                    .map(|i| DisposalItemView {
                        item_id: i.item_id,
                        number: i.number.clone(),
                        serial: i.serial.clone(),
                    })
                    .collect(),
                certificate_serials: parse_serials(&d.certificate_serials),
                files: files.iter().map(file_view).collect(),
                completed_on: d.completed_on,
                completed_by: d.completed_by.clone(),
                cancelled: d.cancelled,
                missing: missing.iter().map(|m| m.0.to_owned()).collect(),
                mismatch,
                may_edit: d.completed_on.is_none()
                    && !d.cancelled
                    && actor.can(Capability::KeepMedia {
                        department: d.department_id,
                    }),
            });
        }
        Ok(out)
    }

    /// What completing a disposal still needs, as (field, Japanese, English).
    pub(super) async fn disposal_missing(
        &self,
        m: &disposal::Model,
        items: &[disposal_item::Model],
        files: &[disposal_file::Model],
    ) -> AppResult<Vec<Missing>> {
        let schemes = self.schemes_or_seed(m.org_id).await?;
        let rules = self.media_rules(m.org_id).await?.disposal;
        Ok(missing_of(
            m,
            items,
            files,
            schemes.active().scale(Dimension::C),
            &rules,
        ))
    }
}

/// What completing a disposal still needs: (field, Japanese, English).
type Missing = (&'static str, String, String);

/// [`App::disposal_missing`] with the scale and rules already read (a list reads them
/// once for all its rows).
fn missing_of(
    m: &disposal::Model,
    items: &[disposal_item::Model],
    files: &[disposal_file::Model],
    scale: &mamori_domain::Scale,
    rules: &mamori_domain::media::disposal::DisposalRules,
) -> Vec<Missing> {
    use mamori_domain::media::disposal::{certificate_required, check_serials};
    let rule = rules.rule(scale, &m.level);
    let above_lowest = scale
        .by_code(&m.level)
        .is_some_and(|l| l.rank > scale.lowest().rank);
    let mut out = Vec::new();
    if rule.witness && m.witness_staff_id.is_none() {
        out.push((
            "witness",
            "この機密性の情報の廃棄には職員の立会いが必要です。立会者を入力してください。"
                .to_owned(),
            "Disposing of this confidentiality needs a staff witness; give the witness.".to_owned(),
        ));
    }
    let has_certificate = files.iter().any(|f| f.kind == "certificate");
    if certificate_required(m.performer == "contractor", m.paper, above_lowest) && !has_certificate
    {
        out.push((
            "certificate",
            "消去証明書（廃棄証明書）を添付してください。".to_owned(),
            "Attach the erasure certificate.".to_owned(),
        ));
    }
    let register: Vec<String> = items
        .iter()
        .map(|i| i.serial.clone())
        .filter(|s| !s.is_empty())
        .collect();
    if has_certificate
        && !register.is_empty()
        && let Err(p) = check_serials(&register, &parse_serials(&m.certificate_serials))
    {
        out.push(("serials", p.ja, p.en));
    }
    out
}

impl App {
    /// A page of disposals, latest first.
    pub async fn disposals(
        &self,
        actor: &Actor,
        q: &DisposalQuery,
        page: PageRequest,
    ) -> AppResult<Page<DisposalView>> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let f = self.disposal_filter(q)?;
        let page =
            mamori_store::media::disposals::list(self.store.conn(), actor.org_id, &f, page).await?;
        let views = self.disposal_views(actor, &page.items, false).await?;
        Ok(mamori_store::page::Page {
            items: views,
            page: page.page,
            per_page: page.per_page,
            total: page.total,
        })
    }

    /// One disposal with its items, files and what it still needs.
    pub async fn disposal(&self, actor: &Actor, id: Uuid) -> AppResult<DisposalView> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let m = self.disposal_row(actor, id).await?;
        self.disposal_views(actor, std::slice::from_ref(&m), true)
            .await?
            .pop()
            .ok_or(AppError::NotFound)
    }

    /// A disposal's certificate or photo, to download.
    pub async fn disposal_file(
        &self,
        actor: &Actor,
        id: Uuid,
        file: Uuid,
    ) -> AppResult<EvidenceFile> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let f = mamori_store::media::disposals::file(self.store.conn(), actor.org_id, file)
            .await?
            .filter(|f| f.disposal_id == id)
            .ok_or(AppError::NotFound)?;
        Ok(EvidenceFile {
            file_name: f.file_name,
            file_type: EvidenceType::from_code(&f.file_type).ok_or(AppError::NotFound)?,
            sha256: f.sha256,
            body: f.body,
        })
    }

    /// The disposal log: the disposals done over a period (all, when none is given),
    /// oldest first, with everything the committee reads.
    pub async fn disposal_log(
        &self,
        actor: &Actor,
        q: &DisposalQuery,
    ) -> AppResult<Vec<DisposalView>> {
        self.authorize(actor, Capability::ViewMedia).await?;
        let mut f = self.disposal_filter(q)?;
        f.open = false;
        f.done = true;
        let rows = mamori_store::media::disposals::all(self.store.conn(), actor.org_id, &f).await?;
        self.disposal_views(actor, &rows, true).await
    }

    /// The disposal log to write out as a file (the PDF); audited as an export.
    pub async fn disposal_log_export(
        &self,
        actor: &Actor,
        q: &DisposalQuery,
    ) -> AppResult<Vec<DisposalView>> {
        let log = self.disposal_log(actor, q).await?;
        self.audit_disposal_export(actor, log.len()).await?;
        Ok(log)
    }

    /// The disposal log as rows of text, for a CSV or Excel download; audited.
    pub async fn disposals_table(
        &self,
        actor: &Actor,
        q: &DisposalQuery,
        lang: &str,
    ) -> AppResult<Vec<Vec<String>>> {
        let log = self.disposal_log(actor, q).await?;
        let out: Vec<Vec<String>> = log.into_iter().map(|d| log_row(d, lang)).collect();
        self.audit_disposal_export(actor, out.len()).await?;
        Ok(out)
    }

    async fn audit_disposal_export(&self, actor: &Actor, rows: usize) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "disposal.export",
            "disposals",
            "",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(rows)),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

fn file_view(f: &disposal_file::Model) -> DisposalFileView {
    DisposalFileView {
        id: f.id,
        kind: f.kind.clone(),
        file_name: f.file_name.clone(),
        size: f.size,
        sha256: f.sha256.clone(),
        uploaded_by: f.uploaded_by.clone(),
        uploaded_at: f.uploaded_at,
    }
}

/// One disposal as a row of the log.
pub fn log_row(d: DisposalView, lang: &str) -> Vec<String> {
    let performer = match &d.contractor {
        Some(c) => format!("{} {}", c.name, d.performer_name).trim().to_owned(),
        None => d.performer_name.clone(),
    };
    vec![
        d.number,
        d.completed_on.map(|c| c.to_string()).unwrap_or_default(),
        d.what,
        d.items.len().to_string(),
        d.items
            .iter()
            .map(|i| i.number.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        d.data,
        d.level,
        d.method.label(lang).to_owned(),
        performer,
        d.witness
            .map(|w| format!("{}（{}）", w.name, w.employee_number))
            .unwrap_or_default(),
        d.files
            .iter()
            .filter(|f| f.kind == "certificate")
            .map(|f| f.sha256.clone())
            .collect::<Vec<_>>()
            .join(" "),
        d.files
            .iter()
            .filter(|f| f.kind == "photo")
            .count()
            .to_string(),
        d.department,
        d.completed_by,
    ]
}
