//! Who may do what. Decided here, for every entry point (pages, API, CLI), and never
//! only by hiding a link in a template.
//!
//! An [`Actor`] carries the ISMS roles its staff member holds today, each with the
//! department subtree it is scoped to. [`Actor::can`] answers for one [`Capability`];
//! [`App::authorize`] does the same and records a refusal in the audit log.

use std::collections::HashSet;

use mamori_domain::Role;
use uuid::Uuid;

use crate::{App, AppError, AppResult};

mod capability;
pub use capability::Capability;

/// How the actor reached us; the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    Token,
    /// `mamori` on the server's command line: whoever runs it already holds the data
    /// directory, so it acts with full rights and is recorded as `cli:<os-user>`.
    Cli,
}

/// A role held today, with the departments it covers (`None` = the whole organization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub scope: Option<HashSet<Uuid>>,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub org_id: Uuid,
    pub kind: ActorKind,
    pub user_id: Option<Uuid>,
    pub staff_id: Option<Uuid>,
    /// `user:<login>`, `token:<name>@<login>` or `cli:<os-user>`.
    pub label: String,
    /// Source address, or `cli`.
    pub source: String,
    pub grants: Vec<Grant>,
    pub is_contractor: bool,
}

impl Actor {
    /// The command line acting on an organization.
    pub fn cli(org_id: Uuid, os_user: &str) -> Self {
        Self {
            org_id,
            kind: ActorKind::Cli,
            user_id: None,
            staff_id: None,
            label: format!("cli:{os_user}"),
            source: "cli".into(),
            grants: Vec::new(),
            is_contractor: false,
        }
    }

    /// Mamori itself, writing what an organization gets on first use (its default
    /// classification scheme, its threat catalog); recorded as `system`.
    pub fn system(org_id: Uuid) -> Self {
        Self {
            label: "system".into(),
            source: "system".into(),
            ..Self::cli(org_id, "system")
        }
    }

    /// A monitoring source, drafting incidents from events by the organization's
    /// rules; recorded as `monitor:<source>`.
    pub fn monitor(org_id: Uuid, source: &str) -> Self {
        Self {
            label: format!("monitor:{source}"),
            source: "monitor".into(),
            ..Self::cli(org_id, "monitor")
        }
    }

    /// The directory, making the account of a person at their first sign-in and
    /// keeping the roles its groups grant; recorded as `directory`.
    pub fn directory(org_id: Uuid) -> Self {
        Self {
            label: "directory".into(),
            source: "directory".into(),
            ..Self::cli(org_id, "directory")
        }
    }

    /// The organization's OpenID provider, making the account of a person at their
    /// first sign-in through it; recorded as `oidc`.
    pub fn identity_provider(org_id: Uuid) -> Self {
        Self {
            label: "oidc".into(),
            source: "oidc".into(),
            ..Self::cli(org_id, "oidc")
        }
    }

    /// Someone trying to sign in as `login`, before anything proves who they are.
    pub(crate) fn anonymous(org_id: Uuid, login: &str, source: &str) -> Self {
        Self {
            org_id,
            kind: ActorKind::User,
            user_id: None,
            staff_id: None,
            label: format!("anonymous:{login}"),
            source: source.to_owned(),
            grants: vec![],
            is_contractor: false,
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    fn has_any(&self, roles: &[Role]) -> bool {
        self.grants.iter().any(|g| roles.contains(&g.role))
    }

    /// Whether the actor answers for a department as one of its officers or section
    /// managers (the department's calendar is theirs).
    pub(crate) fn answers_for(&self, department: Option<Uuid>) -> bool {
        self.covers(&[Role::DeptOfficer, Role::SectionManager], department)
    }

    /// Whether a department lies in the scope of one of `roles`.
    fn covers(&self, roles: &[Role], department: Option<Uuid>) -> bool {
        self.grants.iter().any(|g| {
            roles.contains(&g.role)
                && match (&g.scope, department) {
                    (None, _) => true,
                    (Some(s), Some(d)) => s.contains(&d),
                    (Some(_), None) => false,
                }
        })
    }

    /// The departments whose restricted records this actor may read, `None` meaning
    /// all of them.
    pub fn restricted_scope(&self) -> Option<Vec<Uuid>> {
        if self.is_top() || self.has_role(Role::Auditor) {
            return None;
        }
        let mut out = HashSet::new();
        for g in &self.grants {
            if matches!(g.role, Role::DeptOfficer | Role::SectionManager) {
                match &g.scope {
                    None => return None,
                    Some(s) => out.extend(s.iter().copied()),
                }
            }
        }
        Some(out.into_iter().collect())
    }

    pub fn is_top(&self) -> bool {
        self.kind == ActorKind::Cli || self.has_any(&[Role::Ciso, Role::DeputyCiso])
    }

    pub fn can(&self, cap: Capability) -> bool {
        use Role::*;
        // Accepting a risk is the designated role's decision alone; the other top
        // officer may not stand in for it (the command line may: it holds the data).
        if let Capability::AcceptRisk { acceptor }
        | Capability::CloseIncident { closer: acceptor }
        | Capability::DecideException { approver: acceptor } = cap
        {
            return self.kind == ActorKind::Cli || self.has_role(acceptor);
        }
        // Violation records are the designated roles' alone: a top officer the
        // organization left out does not read them (the command line does).
        if let Capability::HandleViolations { readers } = cap {
            return self.kind == ActorKind::Cli
                || self.grants.iter().any(|g| readers.contains(g.role));
        }
        // A take-out is approved by a role at least as senior as the rules ask for, in
        // scope for the department; seniority, not being a top officer, decides.
        if let Capability::ApproveTakeout {
            required,
            department,
        } = cap
        {
            return self.kind == ActorKind::Cli
                || self.grants.iter().any(|g| {
                    mamori_domain::media::takeout::may_approve(g.role, required)
                        && (!g.role.requires_department()
                            || match (&g.scope, department) {
                                (None, _) => true,
                                (Some(s), Some(d)) => s.contains(&d),
                                (Some(_), None) => false,
                            })
                });
        }
        // Every staff member reports and asks to take things out; so does the command
        // line (an operator entering a report made on paper).
        if cap == Capability::ReportIncident || cap == Capability::RequestTakeout {
            return self.staff_id.is_some() || self.kind == ActorKind::Cli || self.is_top();
        }
        if self.is_top() {
            return true;
        }
        let readers = [
            DeptOfficer,
            SectionManager,
            SystemAdmin,
            SystemOperator,
            Committee,
            Csirt,
            Auditor,
        ];
        match cap {
            Capability::ViewRegister => self.has_any(&readers),
            Capability::ViewStaff { staff_id, .. } => {
                self.staff_id == Some(staff_id) || self.has_any(&readers)
            }
            Capability::EditStaff { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ManageDepartments
            | Capability::ManageUsers
            | Capability::ImportStaff
            | Capability::OperateServer => self.has_role(SystemAdmin),
            Capability::ExportStaff => {
                self.has_any(&[SystemAdmin, DeptOfficer, SectionManager, Committee, Auditor])
            }
            Capability::ViewAudit => self.has_role(Auditor),
            Capability::ViewAssets => self.has_any(&readers),
            Capability::EditAsset {
                department,
                technical,
            } => {
                (technical && self.has_role(SystemAdmin))
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ImportAssets
            | Capability::CreateAssets
            | Capability::CreateRisks
            | Capability::CreateControls => {
                self.has_any(&[SystemAdmin, DeptOfficer, SectionManager])
            }
            Capability::ExportAssets => {
                self.has_any(&[SystemAdmin, DeptOfficer, SectionManager, Committee, Auditor])
            }
            Capability::ViewRestricted { department, owner } => {
                self.has_role(Auditor)
                    || (owner.is_some() && self.staff_id == owner)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ViewRisks => self.has_any(&readers),
            Capability::EditRisk { department } | Capability::EditControl { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ManageCatalogs => self.has_role(SystemAdmin),
            Capability::ApproveSoa => self.has_role(Committee),
            Capability::ViewIncidents => {
                self.has_any(&[Csirt, DeptOfficer, SectionManager, Auditor, Committee])
            }
            Capability::HandleIncidents => self.has_role(Csirt),
            Capability::ViewEvents => self.has_any(&[Csirt, SystemAdmin, SystemOperator, Auditor]),
            Capability::ManageEventSources => self.has_any(&[Csirt, SystemAdmin]),
            Capability::ReadPolicy {
                restricted,
                department,
                member,
            } => {
                !restricted
                    || member
                    || self.has_any(&[Committee, Auditor, SystemAdmin, Csirt])
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::EditPolicy {
                procedure,
                department,
            } => {
                self.has_role(SystemAdmin)
                    || (procedure && self.covers(&[DeptOfficer, SectionManager], department))
            }
            Capability::CreatePolicies => self.has_any(&[SystemAdmin, DeptOfficer, SectionManager]),
            Capability::ApprovePolicy => self.has_role(Committee),
            Capability::ManageAcknowledgements => self.has_role(SystemAdmin),
            Capability::ViewCoverage => {
                self.has_any(&[SystemAdmin, Committee, Auditor, DeptOfficer, SectionManager])
            }
            Capability::CoverageNames { department } => {
                self.has_any(&[SystemAdmin, Committee, Auditor])
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::RecordPaperAck { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ManageTraining => self.has_role(SystemAdmin),
            Capability::ViewExceptions => self.has_any(&readers),
            Capability::RequestException { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::CreateExceptions => {
                self.has_any(&[SystemAdmin, DeptOfficer, SectionManager])
            }
            Capability::ViewLaws | Capability::ViewContractors => self.has_any(&readers),
            Capability::KeepContractors => {
                self.has_any(&[SystemAdmin, DeptOfficer, SectionManager])
            }
            Capability::EditContract { department } | Capability::EditService { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ApproveSubcontract { department } => {
                self.covers(&[DeptOfficer], department)
            }
            Capability::ViewAreas => self.has_any(&readers),
            Capability::KeepPlaces => self.has_role(SystemAdmin),
            Capability::ManageArea { manager } => manager || self.has_role(SystemAdmin),
            Capability::ViewEntries { manager } => manager || self.has_any(&[SystemAdmin, Auditor]),
            Capability::ViewMedia => self.has_any(&readers),
            Capability::KeepMedia { department } => {
                self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::RunInventories => self.has_role(SystemAdmin),
            Capability::ViewInspections => self.has_any(&readers),
            Capability::AnswerInspection { department } => {
                self.covers(&[DeptOfficer, SectionManager], Some(department))
            }
            Capability::SubmitInspection { department } => {
                self.covers(&[DeptOfficer], Some(department))
            }
            Capability::ViewAudits => self.has_any(&readers),
            Capability::PlanAudits => self.has_role(Auditor),
            Capability::ConductAudit { assigned } => assigned,
            Capability::ViewCommittee => self.has_any(&[Committee, Auditor]),
            Capability::ViewAllDue => self.has_role(Auditor),
            Capability::ViewDepartmentDue { department } => {
                self.has_role(Auditor)
                    || self.covers(&[DeptOfficer, SectionManager], Some(department))
            }
            Capability::RespondFinding { department } => {
                self.covers(&[DeptOfficer, SectionManager], Some(department))
            }
            Capability::HandleTakeout { own, department } => {
                own || self.has_role(SystemAdmin)
                    || self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::EditLaw { department } => {
                self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ReportIncident
            | Capability::RequestTakeout
            | Capability::ApproveTakeout { .. }
            | Capability::SetTakeoutRules
            | Capability::RunInspections
            | Capability::RunCommittee
            | Capability::CloseIncident { .. }
            | Capability::DecideException { .. }
            | Capability::HandleViolations { .. } => false,
            Capability::ManageRoles
            | Capability::ManageOrg
            | Capability::ManageClassification
            | Capability::ManageRiskMethod
            | Capability::ManageCompliance
            | Capability::AcceptRisk { .. } => false,
        }
    }
}

impl App {
    /// Allows, or records the refusal in the audit log and answers `Forbidden`.
    pub async fn authorize(&self, actor: &Actor, cap: Capability) -> AppResult<()> {
        if actor.can(cap) {
            return Ok(());
        }
        self.record_denial(actor, cap).await;
        Err(AppError::Forbidden)
    }

    /// Records a refusal and returns the error to answer with; for callers that checked
    /// [`Actor::can`] themselves (e.g. inside a write transaction they have released).
    pub async fn deny(&self, actor: &Actor, cap: Capability) -> AppError {
        self.record_denial(actor, cap).await;
        AppError::Forbidden
    }

    /// Records a refused request; failure to record is logged, not raised, so the user
    /// still gets the 403 they are owed.
    pub(crate) async fn record_denial(&self, actor: &Actor, cap: Capability) {
        let what = cap.name();
        let detail = serde_json::json!({ "capability": what });
        let r = async {
            let tx = self.store.begin_write().await?;
            self.audit(
                &*tx,
                actor,
                "access.denied",
                "capability",
                what,
                vec![mamori_domain::audit::Change {
                    field: "capability".into(),
                    before: None,
                    after: Some(detail),
                }],
            )
            .await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        }
        .await;
        if let Err(e) = r {
            tracing::error!(error = %e, "could not record a permission denial");
        }
    }
}

#[cfg(test)]
mod tests;
