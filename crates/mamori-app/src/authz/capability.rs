//! What an actor may be allowed to do, one value per kind of act.

use mamori_domain::Role;
use uuid::Uuid;

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
    /// Read the buildings, floors and secure areas and their authorized lists.
    ViewAreas,
    /// Set up buildings, floors and areas, and issue entry badges: the system
    /// administrators.
    KeepPlaces,
    /// Keep an area's authorized list and its reviews, enter and settle its log, and
    /// sign it off: the area's manager (whether the actor is, passed in) or the system
    /// administrators.
    ManageArea {
        manager: bool,
    },
    /// Read an area's entry log (where people went is personal): its manager, the
    /// system administrators and the auditors.
    ViewEntries {
        manager: bool,
    },
    /// Read the equipment and media register, its inventories and the take-outs.
    ViewMedia,
    /// Record and change the devices and media of a department, and check them in an
    /// inventory: the department's officers and the system administrators.
    KeepMedia {
        department: Option<Uuid>,
    },
    /// Open and close inventories: the system administrators.
    RunInventories,
    /// Ask to take something out: every staff member.
    RequestTakeout,
    /// Approve or refuse a take-out that needs `required` (a role at least as senior,
    /// in scope for the department). The other top officer may not stand in for a
    /// more senior one.
    ApproveTakeout {
        required: Role,
        department: Option<Uuid>,
    },
    /// Record a take-out going out and coming back, or open an incident from it: the
    /// one who asked (`own`) or those who keep the department's media.
    HandleTakeout {
        own: bool,
        department: Option<Uuid>,
    },
    /// Set who approves take-outs: the CISO and the deputy.
    SetTakeoutRules,
    /// Read self-inspection campaigns, every department's sheet and the scores.
    ViewInspections,
    /// Open and close self-inspection campaigns, and accept or return a
    /// department's sheet: the CISO and the deputy (統括情報セキュリティ責任者).
    RunInspections,
    /// Answer a department's self-inspection items: its officers and section managers.
    AnswerInspection {
        department: Uuid,
    },
    /// Submit a department's self-inspection: its department officer (情報セキュリティ
    /// 責任者).
    SubmitInspection {
        department: Uuid,
    },
    /// Read the audit programmes, audits, findings and corrective actions.
    ViewAudits,
    /// Plan audits and programmes: the auditors (監査人 role) and the top officers.
    PlanAudits,
    /// Record an audit's findings, move it through its stages, verify corrective
    /// actions and close findings: the audit's own auditors (`assigned`) and the top
    /// officers.
    ConductAudit {
        assigned: bool,
    },
    /// Read every department's calendar of due dates (the CISO's): the top officers
    /// and the auditors.
    ViewAllDue,
    /// Read a department's calendar of due dates: its officers and section managers,
    /// the auditors and the top officers.
    ViewDepartmentDue {
        department: Uuid,
    },
    /// Read the committee's members, meetings, agendas, decisions and minutes: the
    /// members (the CISO, the deputy, those holding the committee role) and the
    /// auditors, who examine its decisions.
    ViewCommittee,
    /// Keep the committee's records — schedule meetings, set the agenda, record the
    /// decisions (which approve a policy version or accept a risk) and the minutes:
    /// the CISO and the deputy, who chair it and run its secretariat.
    RunCommittee,
    /// Answer a finding about a department and plan and report its corrective actions:
    /// the department's officers and section managers.
    RespondFinding {
        department: Uuid,
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
            Capability::ViewAreas => "view_areas",
            Capability::KeepPlaces => "keep_places",
            Capability::ManageArea { .. } => "manage_area",
            Capability::ViewEntries { .. } => "view_entries",
            Capability::ViewMedia => "view_media",
            Capability::KeepMedia { .. } => "keep_media",
            Capability::RunInventories => "run_inventories",
            Capability::RequestTakeout => "request_takeout",
            Capability::ApproveTakeout { .. } => "approve_takeout",
            Capability::HandleTakeout { .. } => "handle_takeout",
            Capability::SetTakeoutRules => "set_takeout_rules",
            Capability::ViewInspections => "view_inspections",
            Capability::RunInspections => "run_inspections",
            Capability::AnswerInspection { .. } => "answer_inspection",
            Capability::SubmitInspection { .. } => "submit_inspection",
            Capability::ViewAudits => "view_audits",
            Capability::PlanAudits => "plan_audits",
            Capability::ConductAudit { .. } => "conduct_audit",
            Capability::RespondFinding { .. } => "respond_finding",
            Capability::ViewCommittee => "view_committee",
            Capability::ViewAllDue => "view_all_due",
            Capability::ViewDepartmentDue { .. } => "view_department_due",
            Capability::RunCommittee => "run_committee",
        }
    }
}
