//! The rule table: what each route needs, and which of the demo's users have it.

pub(super) use super::need::Need;

pub(super) fn rule(method: &str, path: &str) -> Option<Need> {
    use Need::*;
    let api = path.strip_prefix("/api/v1");
    Some(match (method, api.unwrap_or(path), api.is_some()) {
        (_, "/openapi.json", true) => Public,
        // A webhook proves itself with its source's secret, not a person's token.
        ("post", "/events/ingest/{source}", true) => Public,
        ("get", "/events" | "/events/{id}", true) => Events,
        (
            "get",
            "/policies"
            | "/policies/{id}"
            | "/policies/{id}/diff"
            | "/policies/{id}/versions/{version}",
            true,
        ) => SignedIn,
        ("post", "/policies", true) => CreatePolicy,
        (
            _,
            "/policies/{id}"
            | "/policies/{id}/versions"
            | "/policies/{id}/versions/{version}"
            | "/policies/{id}/versions/{version}/move",
            true,
        ) => EditPolicy,
        ("post", "/policies/{id}/versions/{version}/approve", true) => ApprovePolicy,
        ("get", "/policies/{id}/campaigns" | "/acknowledgements/mine", true) => SignedIn,
        ("post", "/policies/{id}/versions/{version}/campaigns", true) => ManageAcks,
        ("get", "/acknowledgements/{id}", true) => Coverage,
        // One's own acknowledgement; a campaign that does not bind one is a 404.
        ("post", "/acknowledgements/{id}", true) => SignedIn,
        (
            "get",
            "/trainings"
            | "/trainings/mine"
            | "/trainings/{id}"
            | "/training-sessions"
            | "/training-sessions/{id}",
            true,
        ) => SignedIn,
        (
            "get",
            "/trainings/coverage" | "/trainings/{id}/coverage" | "/drills" | "/drills/{id}",
            true,
        ) => Coverage,
        // One's own completion and quiz; a session or attempt out of reach is a 404.
        (
            _,
            "/training-sessions/{id}/complete"
            | "/training-sessions/{id}/attempts"
            | "/quiz-attempts/{id}",
            true,
        ) => SignedIn,
        (
            _,
            "/trainings"
            | "/trainings/{id}"
            | "/trainings/{id}/sessions"
            | "/trainings/{id}/quiz"
            | "/training-sessions/{id}"
            | "/training-sessions/{id}/attendance"
            | "/drills",
            true,
        ) => ManageTraining,
        // As on the pages: a report is anyone's, an incident out of reach is a 404.
        (
            _,
            "/incidents"
            | "/incidents/{id}"
            | "/incidents/{id}/triage"
            | "/incidents/{id}/move"
            | "/incidents/{id}/timeline"
            | "/incidents/{id}/tasks"
            | "/incidents/{id}/breach"
            | "/incidents/{id}/breach/submissions",
            true,
        ) => SignedIn,
        (_, "/inbox" | "/inbox/read-all" | "/inbox/{id}/read" | "/notification-preferences", _) => {
            SignedIn
        }
        ("get", "/org", true) => SignedIn,
        ("put", "/org", true) => Org,
        ("get", "/departments" | "/departments/{id}", true) => View,
        ("post", "/departments", true) | ("put", "/departments/{id}", true) => Departments,
        ("get", "/staff" | "/staff/{id}" | "/staff/{id}/roles" | "/roles", true) => View,
        ("post", "/staff", true)
        | ("put", "/staff/{id}", true)
        | ("post", "/staff/{id}/retire", true) => EditStaff,
        ("post", "/staff/{id}/roles", true) | ("delete", "/roles/{id}", true) => Roles,
        (
            "get",
            "/assets" | "/assets/{id}" | "/assets/{id}/relations" | "/classification-schemes",
            true,
        ) => View,
        ("post", "/assets", true) => CreateAsset,
        (
            _,
            "/assets/{id}"
            | "/assets/{id}/retire"
            | "/assets/{id}/relations"
            | "/assets/{id}/relations/{rel}",
            true,
        ) => EditAsset,
        (
            "get",
            "/risks" | "/risks/heatmap" | "/risks/{id}" | "/threats" | "/vulnerabilities"
            | "/risk-method" | "/campaigns" | "/campaigns/{id}",
            true,
        ) => View,
        ("post", "/risks", true) => CreateRisk,
        (
            _,
            "/risks/{id}" | "/risks/{id}/close" | "/risks/{id}/reopen" | "/campaigns/{id}/draft",
            true,
        ) => EditRisk,
        ("post", "/risks/{id}/accept", true) => AcceptRisk,
        (
            "get",
            "/catalogs"
            | "/catalogs/{id}"
            | "/catalogs/{id}/controls"
            | "/applied-controls"
            | "/applied-controls/{id}"
            | "/applied-controls/{id}/evidence"
            | "/evidence/{id}"
            | "/soa/{catalog}"
            | "/treatment-plan",
            true,
        ) => View,
        ("post", "/applied-controls", true) => CreateRisk,
        (_, "/applied-controls/{id}" | "/applied-controls/{id}/evidence", true) => EditRisk,
        (_, "/catalogs" | "/soa/{catalog}/{control}", true) => Catalogs,
        ("post", "/soa/{catalog}/approve", true) => ApproveSoa,
        (_, "/risk-method" | "/campaigns" | "/campaigns/{id}/close", true) => RiskMethod,
        (
            _,
            "/login"
            | "/login/mfa"
            | "/login/oidc"
            | "/login/oidc/callback"
            | "/setup"
            | "/reset"
            | "/activate",
            false,
        ) => Public,
        (_, "/admin/invitations", false) => Invite,
        (
            _,
            "/healthz"
            | "/readyz"
            | "/static/mamori.css"
            | "/static/favicon.svg"
            | "/static/slips.css",
            false,
        ) => Public,
        (_, "/logout" | "/account/logout-everywhere", false) => EndsSession,
        ("get", "/", false) => SignedIn,
        (
            _,
            "/account"
            | "/account/preferences"
            | "/account/lang"
            | "/account/password"
            | "/account/tokens",
            false,
        ) => SignedIn,
        (_, "/account/mfa" | "/account/mfa/disable", false) => SignedIn,
        (_, "/account/notifications" | "/account/notifications/test", false) => SignedIn,
        (
            _,
            "/admin/mail"
            | "/admin/mail/test"
            | "/admin/mail/resend"
            | "/admin/mail/{id}/resend"
            | "/admin/jobs"
            | "/admin/jobs/{name}/run"
            | "/admin/directory"
            | "/admin/directory/test"
            | "/admin/directory/oidc-test"
            | "/admin/settings/directory"
            | "/admin/settings/oidc"
            | "/admin/settings/mail",
            false,
        ) => Operate,
        ("post", "/account/tokens/{id}/revoke", false) => Users,
        ("get", "/staff" | "/staff/new" | "/staff/{id}" | "/roles" | "/departments", false) => View,
        ("post", "/staff/new", false) | (_, "/staff/{id}/edit" | "/staff/{id}/retire", false) => {
            EditStaff
        }
        (_, "/staff/export.csv" | "/staff/export.xlsx", false) => Export,
        (_, "/staff/{id}/roles" | "/roles/{id}/remove", false) => Roles,
        (_, "/staff/{id}/account" | "/staff/{id}/account/reset" | "/accounts", false) => Users,
        (_, "/departments/new" | "/departments/{id}/edit", false) => Departments,
        (_, "/import/staff" | "/import/staff/{id}/commit" | "/admin/directory/sync", false) => {
            Import
        }
        (_, "/import/assets" | "/import/assets/{id}/commit", false) => ImportAssets,
        ("get", "/assets" | "/assets/{id}" | "/classification", false) => View,
        (_, "/assets/new", false) => CreateAsset,
        (_, "/assets/export.csv" | "/assets/export.xlsx" | "/assets/print", false) => Export,
        (
            _,
            "/assets/bulk"
            | "/assets/{id}/edit"
            | "/assets/{id}/relations"
            | "/assets/{id}/relations/{rel}/remove",
            false,
        ) => EditAsset,
        (
            _,
            "/classification/add" | "/classification/{id}/edit" | "/classification/migrate",
            false,
        ) => Classification,
        (
            "get",
            "/risks"
            | "/risks/{id}"
            | "/risks/heatmap"
            | "/risks/method"
            | "/risks/threats"
            | "/risks/campaigns"
            | "/risks/campaigns/{id}"
            | "/risks/export.csv"
            | "/risks/export.xlsx",
            false,
        ) => View,
        (_, "/risks/new", false) => CreateRisk,
        (
            _,
            "/risks/{id}/edit"
            | "/risks/{id}/close"
            | "/risks/{id}/reopen"
            | "/risks/campaigns/{id}/draft"
            | "/risks/campaigns/{id}/complete",
            false,
        ) => EditRisk,
        (_, "/risks/{id}/accept", false) => AcceptRisk,
        (
            "get",
            "/controls"
            | "/controls/{id}"
            | "/controls/plan"
            | "/controls/plan.xlsx"
            | "/controls/plan.csv"
            | "/evidence/{id}"
            | "/catalogs"
            | "/catalogs/{id}"
            | "/catalogs/{id}/export.toml"
            | "/soa/{catalog}"
            | "/soa/{catalog}/export.xlsx"
            | "/soa/{catalog}/export.csv"
            | "/soa/{catalog}/print"
            | "/soa/{catalog}/versions/{version}",
            false,
        ) => View,
        (_, "/controls/new", false) => CreateRisk,
        (_, "/controls/{id}/edit" | "/controls/{id}/evidence" | "/evidence/{id}/delete", false) => {
            EditRisk
        }
        (_, "/catalogs/import" | "/soa/{catalog}/entry", false) => Catalogs,
        (_, "/soa/{catalog}/approve", false) => ApproveSoa,
        (
            _,
            "/risks/method"
            | "/risks/threats/new"
            | "/risks/threats/{id}/edit"
            | "/risks/vulnerabilities/new"
            | "/risks/vulnerabilities/{id}/edit"
            | "/risks/campaigns"
            | "/risks/campaigns/{id}/close",
            false,
        ) => RiskMethod,
        // Every staff member reports and sees their own reports; an incident outside
        // one's reach is "not found" rather than forbidden (a 404 even to someone
        // who guesses its id), so these routes answer no 403 to anyone signed in.
        // Who reaches and handles which incident is tested with the use cases.
        (
            _,
            "/incidents"
            | "/incidents/new"
            | "/incidents/{id}"
            | "/incidents/{id}/triage"
            | "/incidents/{id}/move"
            | "/incidents/{id}/entries"
            | "/incidents/{id}/analysis"
            | "/incidents/{id}/breach"
            | "/incidents/{id}/submissions"
            | "/incidents/{id}/notice"
            | "/incidents/{id}/ppc-report"
            | "/incidents/{id}/ppc-report/print"
            | "/incidents/{id}/ppc-report.xlsx"
            | "/incidents/{id}/prevention"
            | "/incidents/{id}/parties"
            | "/incidents/{id}/tasks"
            | "/incidents/{id}/tasks/{task}/done"
            | "/incidents/{id}/report",
            false,
        ) => SignedIn,
        (_, "/incidents/settings", false) => Org,
        (
            "get",
            "/events"
            | "/events/{id}"
            | "/events/sources"
            | "/events/sources/{id}"
            | "/events/rules"
            | "/events/rules/{id}",
            false,
        ) => Events,
        (
            "post",
            "/events/sources"
            | "/events/sources/{id}"
            | "/events/sources/{id}/secret"
            | "/events/rules"
            | "/events/rules/{id}"
            | "/events/rules/{id}/delete"
            | "/events/settings",
            false,
        ) => ManageEvents,
        ("get", "/incidents/export.csv" | "/incidents/export.xlsx", false) => Incidents,
        ("get", "/incidents/statistics", false) => Statistics,
        (
            "get",
            "/policies"
            | "/policies/{id}"
            | "/policies/{id}/v/{version}"
            | "/policies/{id}/diff"
            | "/policies/{id}/attachments/{file}",
            false,
        ) => SignedIn,
        (_, "/policies/new", false) => CreatePolicy,
        (
            _,
            "/policies/{id}"
            | "/policies/{id}/versions"
            | "/policies/{id}/v/{version}/edit"
            | "/policies/{id}/v/{version}/move"
            | "/policies/{id}/v/{version}/discard"
            | "/policies/{id}/v/{version}/attachments"
            | "/policies/{id}/v/{version}/import",
            false,
        ) => EditPolicy,
        ("post", "/policies/{id}/v/{version}/approve", false) => ApprovePolicy,
        (
            "post",
            "/policies/{id}/v/{version}/campaigns" | "/acknowledgements/{id}/close",
            false,
        ) => ManageAcks,
        (
            _,
            "/acknowledgements/{id}"
            | "/acknowledgements/{id}/pending"
            | "/acknowledgements/{id}/paper",
            false,
        ) => Coverage,
        // A campaign out of reach, a scan of one, is a 404 to everyone.
        (_, "/acknowledge/{id}" | "/acknowledgements/{id}/scans/{ack}", false) => SignedIn,
        (
            "get",
            "/public/{org}/policy"
            | "/public/{org}/policy/{number}"
            | "/public/{org}/policy/{number}/v/{version}",
            false,
        ) => Public,
        ("get", "/training" | "/training/{id}" | "/training/sessions/{id}", false) => SignedIn,
        (
            _,
            "/training/sessions/{id}/complete"
            | "/training/sessions/{id}/quiz"
            | "/training/attempts/{id}"
            | "/training/certificates/{id}",
            false,
        ) => SignedIn,
        (
            "get",
            "/training/{id}/coverage"
            | "/training/coverage.xlsx"
            | "/training/drills"
            | "/training/drills/{id}",
            false,
        ) => Coverage,
        (
            _,
            "/training/new"
            | "/training/{id}"
            | "/training/{id}/sessions"
            | "/training/{id}/quiz"
            | "/training/{id}/quiz/{q}/retire"
            | "/training/sessions/{id}"
            | "/training/sessions/{id}/attendance"
            | "/training/sessions/{id}/attendance/{staff}/remove"
            | "/training/drills"
            | "/import/attendance"
            | "/import/attendance/{id}/commit"
            | "/import/phishing"
            | "/import/phishing/{id}/commit",
            false,
        ) => ManageTraining,
        (_, "/audit", false) => Audit,
        (_, "/org", false) => Org,
        (_, rest, api) => {
            return super::compliance_rules::rule(method, rest, api)
                .or_else(|| super::physical_rules::rule(method, rest, api))
                .or_else(|| super::media_rules::rule(method, rest, api))
                .or_else(|| super::review_rules::rule(method, rest, api));
        }
    })
}

/// What each kind of user may do, from the policy (issue 3, §4).
pub(super) fn allowed(login: &str, need: Need) -> bool {
    use Need::*;
    match need {
        Public | SignedIn | EndsSession => true,
        _ => match login {
            "ciso" => true,
            "deputy" => need != AcceptRisk,
            "sysadmin" => matches!(
                need,
                View | EditStaff
                    | Departments
                    | Users
                    | Import
                    | Export
                    | CreateAsset
                    | ImportAssets
                    | CreateRisk
                    | EditRisk
                    | Catalogs
                    | Operate
                    | Invite
                    | Events
                    | ManageEvents
                    | CreatePolicy
                    | EditPolicy
                    | ManageAcks
                    | Coverage
                    | ManageTraining
                    | Places
                    | EntryLog
                    | Media
                    | HandleTakeout
            ),
            // The demo's committee member is 福祉部長, also that department's security
            // officer, so they too may register assets (of 福祉部 only).
            // Department heads (部長) sit on the security committee, so the officer
            // too approves the SoA.
            "officer" | "committee" => {
                matches!(
                    need,
                    View | Export
                        | CreateAsset
                        | ImportAssets
                        | CreateRisk
                        | ApproveSoa
                        | Invite
                        | Incidents
                        | Statistics
                        | CreatePolicy
                        | ApprovePolicy
                        | Coverage
                        | ViewCommittee
                ) || (login == "officer"
                    && matches!(
                        need,
                        ApproveTakeout
                            | HandleTakeout
                            | AnswerInspection
                            | SubmitInspection
                            | RespondFinding
                    ))
            }
            "manager" => matches!(
                need,
                View | Export
                    | CreateAsset
                    | ImportAssets
                    | CreateRisk
                    | Invite
                    | Incidents
                    | CreatePolicy
                    | Coverage
                    | HandleTakeout
                    | AnswerInspection
                    | RespondFinding
            ),
            "auditor" => matches!(
                need,
                View | Audit
                    | Export
                    | Incidents
                    | Events
                    | Statistics
                    | Coverage
                    | EntryLog
                    | PlanAudits
                    | ConductAudit
                    | ViewCommittee
            ),
            "csirt" => matches!(need, View | Incidents | Events | ManageEvents | Statistics),
            "operator" => matches!(need, View | Events),
            _ => false, // "staff": own profile and own settings only
        },
    }
}

/// The demo's users, one of each kind, that the matrix signs in as.
pub(super) const LOGINS: [&str; 10] = [
    "ciso",
    "deputy",
    "sysadmin",
    "auditor",
    "officer",
    "committee",
    "manager",
    "operator",
    "csirt",
    "staff",
];
