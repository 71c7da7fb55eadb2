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

/// Things an actor may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Read the staff register and the department tree.
    ViewRegister,
    /// Read one staff member's profile (own profile is always allowed).
    ViewStaff {
        staff_id: Uuid,
        department: Option<Uuid>,
    },
    /// Create, edit or retire a staff member of this department (None: no department).
    EditStaff {
        department: Option<Uuid>,
    },
    ManageDepartments,
    ManageRoles,
    ManageUsers,
    ImportStaff,
    ExportStaff,
    ViewAudit,
    ManageOrg,
    /// Read the asset register (restricted records need [`Capability::ViewRestricted`] too).
    ViewAssets,
    /// Create, edit or retire an asset of this department. `technical`: hardware,
    /// software, networks and facilities, which system administrators look after.
    EditAsset {
        department: Option<Uuid>,
        technical: bool,
    },
    ImportAssets,
    ExportAssets,
    /// Create an asset in some department or of a technical kind: decides whether the
    /// "new" form is offered (the exact check waits until the department is known).
    CreateAssets,
    /// Read a restricted record (要配慮・特定個人情報): need-to-know only.
    ViewRestricted {
        department: Option<Uuid>,
        owner: Option<Uuid>,
    },
    /// Edit classification schemes and move assets between them.
    ManageClassification,
    /// Read the risk register, catalogs, applied controls, evidence and the SoA.
    ViewRisks,
    /// Assess or treat a risk of this department (None: a risk of no department).
    EditRisk {
        department: Option<Uuid>,
    },
    /// Formally accept a residual risk: the role the organization designates (the
    /// CISO unless it says otherwise). Passed in, because it is the organization's.
    AcceptRisk {
        acceptor: Role,
    },
    /// Change the risk method, the threat and vulnerability catalogs, and campaigns.
    ManageRiskMethod,
    /// Assess a new risk for some department (the form is refused to everyone else
    /// before anything they sent is read).
    CreateRisks,
    /// Record an applied control for some department.
    CreateControls,
    /// Import control catalogs and edit the Statement of Applicability.
    ManageCatalogs,
    /// Record or edit a control the organization applies, and its evidence.
    EditControl {
        department: Option<Uuid>,
    },
    /// Approve a version of the Statement of Applicability (the committee).
    ApproveSoa,
    /// Watch the server's scheduled jobs and the mail queue, resend failed mail and
    /// send test mail.
    OperateServer,
    /// Report an incident: every staff member, without exception (§5).
    ReportIncident,
    /// Open the incident register (each reader still reaches only what their roles
    /// allow; everyone sees their own reports without it).
    ViewIncidents,
    /// Triage and run incidents: the CSIRT and the top officers (an assignee or a
    /// member of an incident may work on that one).
    HandleIncidents,
    /// Sign off an incident's closure: the role the organization designates.
    /// Read the security events from monitoring, their sources and rules.
    ViewEvents,
    /// Add and change event sources, rules and how long events are kept.
    ManageEventSources,
    CloseIncident {
        closer: Role,
    },
    /// Read a policy document. Public and staff-only documents: everyone of the
    /// organization. One for those concerned only (関係者限定): the top officers, the
    /// committee, auditors, system administrators, the CSIRT, the owning department's
    /// officer and managers, and its members (`member`, looked up by the caller).
    ReadPolicy {
        restricted: bool,
        department: Option<Uuid>,
        member: bool,
    },
    /// Draft and edit policy documents: the top officers and system administrators
    /// (the secretariat); a procedure also its own department's officer and managers.
    EditPolicy {
        procedure: bool,
        department: Option<Uuid>,
    },
    /// Start a document (decides whether the "new" form is offered).
    CreatePolicies,
    /// Record the committee's approval of a version.
    ApprovePolicy,
    /// Start and close acknowledgement campaigns: the top officers and system
    /// administrators (the secretariat).
    ManageAcknowledgements,
    /// See how far acknowledgement and training have come, by department, category
    /// and role.
    ViewCoverage,
    /// See who of this department has not acknowledged or been trained yet, who
    /// attended, and who clicked in a drill.
    CoverageNames {
        department: Option<Uuid>,
    },
    /// Record a signed paper acknowledgement of someone of this department.
    RecordPaperAck {
        department: Option<Uuid>,
    },
    /// Run training: courses, sessions, attendance, quizzes, drills (the secretariat).
    ManageTraining,
    /// Read the exception register (例外措置): the same readers as the risk register.
    ViewExceptions,
    /// Ask for, change before its decision, withdraw, review or renew an exception of
    /// this department.
    RequestException {
        department: Option<Uuid>,
    },
    /// Ask for an exception for some department (decides whether the form is offered).
    CreateExceptions,
    /// Decide an exception: the role the organization designates (the CISO unless it
    /// says otherwise). Passed in, because it is the organization's.
    DecideException {
        approver: Role,
    },
    /// Read and handle violation records: the roles the organization designates
    /// (the CISO and the deputy CISO unless it says otherwise), never by rank alone.
    HandleViolations {
        readers: mamori_domain::role::RoleSet,
    },
    /// Change how the compliance registers are run (who decides exceptions, report
    /// and reminder days), and add, repeal or reassign the laws of the register: the
    /// top officers.
    ManageCompliance,
    /// Read the laws and obligations register: the same readers as the risk register.
    ViewLaws,
    /// Keep a law this department owns: its obligations and what meets them, its
    /// amendments and reviews.
    EditLaw {
        department: Option<Uuid>,
    },
    /// Read the contractor register: the same readers as the risk register.
    ViewContractors,
    /// Add and change contractors and their certifications (a shared register): those
    /// who let contracts — officers, managers and system administrators.
    KeepContractors,
    /// Record and change a contract of this department, its assets and checks, and
    /// propose its sub-contractors.
    EditContract {
        department: Option<Uuid>,
    },
    /// Approve a sub-contractor (再委託) of this department's contract: its officer.
    ApproveSubcontract {
        department: Option<Uuid>,
    },
    /// Record and change an external service this department keeps: its ceiling,
    /// listing, assets and administrators.
    EditService {
        department: Option<Uuid>,
    },
}

impl Capability {
    /// Stable name for audit entries of refusals.
    pub fn name(&self) -> &'static str {
        match self {
            Capability::ViewRegister => "view_register",
            Capability::ViewStaff { .. } => "view_staff",
            Capability::EditStaff { .. } => "edit_staff",
            Capability::ManageDepartments => "manage_departments",
            Capability::ManageRoles => "manage_roles",
            Capability::ManageUsers => "manage_users",
            Capability::ImportStaff => "import_staff",
            Capability::ExportStaff => "export_staff",
            Capability::ViewAudit => "view_audit",
            Capability::ManageOrg => "manage_org",
            Capability::ViewAssets => "view_assets",
            Capability::EditAsset { .. } => "edit_asset",
            Capability::ImportAssets => "import_assets",
            Capability::ExportAssets => "export_assets",
            Capability::CreateAssets => "create_asset",
            Capability::ViewRestricted { .. } => "view_restricted",
            Capability::ManageClassification => "manage_classification",
            Capability::ViewRisks => "view_risks",
            Capability::EditRisk { .. } => "edit_risk",
            Capability::AcceptRisk { .. } => "accept_risk",
            Capability::ManageRiskMethod => "manage_risk_method",
            Capability::CreateRisks => "create_risk",
            Capability::CreateControls => "create_control",
            Capability::ManageCatalogs => "manage_catalogs",
            Capability::EditControl { .. } => "edit_control",
            Capability::ApproveSoa => "approve_soa",
            Capability::OperateServer => "operate_server",
            Capability::ReportIncident => "report_incident",
            Capability::ViewIncidents => "view_incidents",
            Capability::HandleIncidents => "handle_incidents",
            Capability::CloseIncident { .. } => "close_incident",
            Capability::ViewEvents => "view_events",
            Capability::ManageEventSources => "manage_event_sources",
            Capability::ReadPolicy { .. } => "read_policy",
            Capability::EditPolicy { .. } => "edit_policy",
            Capability::CreatePolicies => "create_policy",
            Capability::ApprovePolicy => "approve_policy",
            Capability::ManageAcknowledgements => "manage_acknowledgements",
            Capability::ViewCoverage => "view_coverage",
            Capability::CoverageNames { .. } => "coverage_names",
            Capability::RecordPaperAck { .. } => "record_paper_ack",
            Capability::ManageTraining => "manage_training",
            Capability::ViewExceptions => "view_exceptions",
            Capability::RequestException { .. } => "request_exception",
            Capability::CreateExceptions => "create_exception",
            Capability::DecideException { .. } => "decide_exception",
            Capability::ManageCompliance => "manage_compliance",
            Capability::HandleViolations { .. } => "handle_violations",
            Capability::ViewLaws => "view_laws",
            Capability::EditLaw { .. } => "edit_law",
            Capability::ViewContractors => "view_contractors",
            Capability::KeepContractors => "keep_contractors",
            Capability::EditContract { .. } => "edit_contract",
            Capability::EditService { .. } => "edit_service",
            Capability::ApproveSubcontract { .. } => "approve_subcontract",
        }
    }
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
        // Every staff member reports; so does the command line (an operator entering a
        // report made on paper).
        if cap == Capability::ReportIncident {
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
            Capability::EditLaw { department } => {
                self.covers(&[DeptOfficer, SectionManager], department)
            }
            Capability::ReportIncident
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
