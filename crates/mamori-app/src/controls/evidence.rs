//! Evidence files (証跡) of applied controls: a file is checked by its content, not
//! by its name, stored with its SHA-256 in the database, and only ever offered back as
//! a download (see the web layer), so an uploaded page or script never runs in a
//! colleague's browser. Evidence may carry an expiry; stale evidence shows in lists.

use chrono::NaiveDate;
use mamori_domain::control::evidence_stale;
use mamori_domain::evidence::{
    EvidenceType, MAX_EVIDENCE_BYTES, classify, safe_file_name, sha256_hex,
};
use mamori_store::controls::EvidenceInfo;
use mamori_store::entity::evidence;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// An evidence file's record (the file itself: `GET /evidence/{id}`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct EvidenceView {
    pub id: Uuid,
    pub applied_control_id: Uuid,
    pub file_name: String,
    /// `pdf`, `png`, `jpeg`, `text`, `csv`, `xlsx`, `docx`, `pptx`, `odt`, `ods`.
    pub file_type: String,
    /// Bytes.
    pub size: i64,
    /// Hex SHA-256 of the stored bytes.
    pub sha256: String,
    pub description: String,
    pub expires_on: Option<NaiveDate>,
    /// Past its expiry.
    pub stale: bool,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

impl EvidenceView {
    pub(crate) fn new(e: EvidenceInfo, today: NaiveDate) -> Self {
        Self {
            stale: evidence_stale(e.expires_on, today),
            id: e.id,
            applied_control_id: e.applied_control_id,
            file_name: e.file_name,
            file_type: e.file_type,
            size: e.size,
            sha256: e.sha256,
            description: e.description,
            expires_on: e.expires_on,
            uploaded_by: e.uploaded_by,
            uploaded_at: e.uploaded_at,
        }
    }
}

/// A file offered as evidence, as it arrives: checked by its content when stored.
#[derive(Debug, Clone, Default)]
pub struct NewEvidence {
    pub file_name: String,
    pub body: Vec<u8>,
    pub description: String,
    /// ISO or 和暦; empty: it does not expire.
    pub expires_on: String,
}

/// A file to hand back: its safe name, its type (which fixes the Content-Type) and body.
#[derive(Debug, Clone)]
pub struct EvidenceFile {
    pub file_name: String,
    pub file_type: EvidenceType,
    pub sha256: String,
    pub body: Vec<u8>,
}

impl App {
    /// Attaches an evidence file to an applied control.
    pub async fn upload_evidence(
        &self,
        actor: &Actor,
        control_id: Uuid,
        file_name: &str,
        body: Vec<u8>,
        description: &str,
        expires_on: &str,
    ) -> AppResult<EvidenceView> {
        let control =
            mamori_store::controls::get_applied(self.store.conn(), actor.org_id, control_id)
                .await?
                .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditControl {
                department: control.department_id,
            },
        )
        .await?;
        let file = NewEvidence {
            file_name: file_name.to_owned(),
            body,
            description: description.to_owned(),
            expires_on: expires_on.to_owned(),
        };
        let (m, view) = self.evidence_row(actor, control_id, file)?;
        let tx = self.store.begin_write().await?;
        self.insert_evidence(&*tx, actor, m, &view).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// A checked evidence file as it will be stored, and as it reads back; refused by
    /// field (`file`, `expires_on`) when too large, of a type not kept, or misdated.
    pub(crate) fn evidence_row(
        &self,
        actor: &Actor,
        control_id: Uuid,
        file: NewEvidence,
    ) -> AppResult<(evidence::Model, EvidenceView)> {
        let NewEvidence {
            file_name,
            body,
            description,
            expires_on,
        } = file;
        if body.len() > MAX_EVIDENCE_BYTES {
            return Err(AppError::field(
                "file",
                format!(
                    "ファイルが大きすぎます（上限 {} MB）。",
                    MAX_EVIDENCE_BYTES / (1024 * 1024)
                ),
                format!(
                    "The file is too large (limit {} MB).",
                    MAX_EVIDENCE_BYTES / (1024 * 1024)
                ),
            ));
        }
        let kind = classify(&file_name, &body).map_err(|p| p.at("file"))?;
        let expires_on = match expires_on.trim() {
            "" => None,
            s => Some(mamori_domain::wareki::parse_date(s).map_err(|p| p.at("expires_on"))?),
        };
        let sha256 = sha256_hex(&body);
        let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
        let m = evidence::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            applied_control_id: control_id,
            file_name: safe_file_name(&file_name),
            file_type: kind.code().into(),
            size,
            sha256: sha256.clone(),
            body,
            description: description.trim().to_owned(),
            expires_on,
            uploaded_by: actor.label.clone(),
            uploaded_at: self.now(),
        };
        let view = EvidenceView {
            id: m.id,
            applied_control_id: control_id,
            file_name: m.file_name.clone(),
            file_type: m.file_type.clone(),
            size,
            sha256,
            description: m.description.clone(),
            expires_on,
            stale: evidence_stale(expires_on, self.today()),
            uploaded_by: m.uploaded_by.clone(),
            uploaded_at: m.uploaded_at,
        };
        Ok((m, view))
    }

    /// Writes an evidence file on its control, audited (its name, type, size and hash).
    pub(crate) async fn insert_evidence<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        m: evidence::Model,
        view: &EvidenceView,
    ) -> AppResult<()> {
        let control_id = m.applied_control_id;
        mamori_store::controls::insert_evidence(tx, m).await?;
        self.audit(tx, actor, "evidence.upload", "applied_control", &control_id.to_string(), vec![mamori_domain::audit::Change {
            field: "evidence".into(),
            before: None,
            after: Some(serde_json::json!({"id": view.id, "file_name": view.file_name, "type": view.file_type, "size": view.size, "sha256": view.sha256, "expires_on": view.expires_on})),
        }])
        .await?;
        Ok(())
    }

    /// An evidence file's body, for download.
    pub async fn evidence_file(&self, actor: &Actor, id: Uuid) -> AppResult<EvidenceFile> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let m = mamori_store::controls::evidence_file(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let file_type = EvidenceType::parse(&m.file_type)
            .map_err(|_| AppError::Internal(format!("stored evidence type {}", m.file_type)))?;
        Ok(EvidenceFile {
            file_name: m.file_name,
            file_type,
            sha256: m.sha256,
            body: m.body,
        })
    }

    /// Removes an evidence file; the audit log keeps its name and hash. Returns the id
    /// of the applied control it belonged to.
    pub async fn delete_evidence(&self, actor: &Actor, id: Uuid) -> AppResult<Uuid> {
        let conn = self.store.conn();
        let m = mamori_store::controls::evidence_file(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let control = mamori_store::controls::get_applied(conn, actor.org_id, m.applied_control_id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditControl {
                department: control.department_id,
            },
        )
        .await?;
        let tx = self.store.begin_write().await?;
        mamori_store::controls::delete_evidence(&*tx, actor.org_id, id).await?;
        self.audit(
            &*tx,
            actor,
            "evidence.delete",
            "applied_control",
            &control.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "evidence".into(),
                before: Some(
                    serde_json::json!({"id": id, "file_name": m.file_name, "sha256": m.sha256}),
                ),
                after: None,
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(control.id)
    }
}
