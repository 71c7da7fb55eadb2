//! What a route needs: one value per kind of right the matrix tells apart.

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    /// Anyone, signed in or not (sign-in pages, health checks, static files).
    Public,
    /// Any signed-in user (own settings, dashboard).
    SignedIn,
    /// Ends the session; checked with a session of its own.
    EndsSession,
    /// Read the staff register and department tree.
    View,
    /// Create/edit/retire staff of 環境部 (no role-scoped user below covers it).
    EditStaff,
    Departments,
    Users,
    Roles,
    Import,
    Export,
    Audit,
    Org,
    /// Create an asset of some department or kind (the form and an empty submission).
    CreateAsset,
    /// Edit classification schemes and move assets between them.
    Classification,
    /// Edit a data asset of 環境保全課 (no role-scoped user below covers it; system
    /// administrators edit only technical assets).
    EditAsset,
    ImportAssets,
    /// Record a risk or an applied control of one's own department.
    CreateRisk,
    /// Assess, close or reopen a risk, or edit an applied control and its evidence, of
    /// 環境保全課 (system administrators may do so for every department; no
    /// role-scoped user below covers it).
    EditRisk,
    /// Formally accept a risk: the CISO alone, as the demo designates no one else.
    AcceptRisk,
    /// Change the risk method, the threat catalogs and campaigns.
    RiskMethod,
    /// Import control catalogs and decide the Statement of Applicability.
    Catalogs,
    /// Approve a version of the SoA: the committee (and the top officers).
    ApproveSoa,
    /// Watch the mail queue and scheduled jobs, resend mail, send a test mail.
    Operate,
    /// Invite staff without an account: administrators for everyone, officers and
    /// managers for their own departments.
    Invite,
    /// Open the incident register (and its exports): the CSIRT, officers and managers,
    /// committee members and auditors.
    Incidents,
    /// Read security events, their sources and rules: the CSIRT, system administrators
    /// and operators, auditors.
    Events,
    /// Add and change event sources and rules, and the retention: the CSIRT and
    /// system administrators.
    ManageEvents,
    /// The incident statistics: the top officers, the committee, the CSIRT, auditors.
    Statistics,
    /// Start a policy document: the top officers, system administrators (the
    /// secretariat), officers and managers (procedures of their own departments).
    CreatePolicy,
    /// Edit the matrix's staff-only standards document: the top officers and system
    /// administrators.
    EditPolicy,
    /// Record the committee's approval of a policy version: the committee (and the top
    /// officers).
    ApprovePolicy,
    /// Start and close acknowledgement campaigns: the top officers and system
    /// administrators.
    ManageAcks,
    /// Follow acknowledgement and training coverage (and drill results): the top
    /// officers, system administrators, the committee, auditors, officers and managers.
    Coverage,
    /// Run training: courses, sessions, attendance, quizzes, drills: the top officers
    /// and system administrators.
    ManageTraining,
    /// Set up places and badges, and keep the demo's server room (its manager is the
    /// system administrator): the top officers and system administrators.
    Places,
    /// Read the entry log and the badges: the top officers, system administrators and
    /// auditors.
    EntryLog,
    /// Keep the register's devices of システム係 and run inventories: the top officers
    /// and system administrators.
    Media,
    /// Set who approves take-outs: the top officers.
    TakeoutRules,
    /// Decide the demo's pending take-out (市民課長's, of level 2): the top officers and
    /// the officer of 市民生活部.
    ApproveTakeout,
    /// Record the pending take-out going out or back, withdraw it, or open an incident
    /// from it: its asker (the manager), the officer over them, the system
    /// administrators and the top officers.
    HandleTakeout,
    /// Open and close self-inspections and review a department's sheet: the top
    /// officers.
    RunInspections,
    /// Answer 市民課's self-inspection: its section manager, the officer of 市民生活部
    /// over it, and the top officers.
    AnswerInspection,
    /// Submit 市民課's self-inspection: the officer of 市民生活部 and the top officers.
    SubmitInspection,
    /// Plan audits and programmes: the auditors and the top officers.
    PlanAudits,
    /// Conduct the demo's audits (record findings, move the stage, verify actions,
    /// close findings): their auditor (the demo's auditor) and the top officers.
    ConductAudit,
    /// Answer the demo's finding about 市民課 and plan and report its actions: its
    /// section manager, the officer of 市民生活部 and the top officers.
    RespondFinding,
    /// Read the committee's members, meetings, decisions and minutes: its members (the
    /// top officers, and the demo's officer and committee member, who hold the
    /// committee role) and the auditors.
    ViewCommittee,
    /// Keep the committee's records (meetings, agenda, decisions, minutes): the top
    /// officers.
    RunCommittee,
    /// Violation records: the roles the organization designates (the demo keeps the
    /// default, the CISO and the deputy CISO); to everyone else a 404, not a 403.
    Violations,
}
