//! The document against what the handlers really read: schemathesis builds requests
//! from it, so a property marked required that serde defaults, or a page bound that
//! differs from the checked one, would be fuzzed wrongly.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;

use mamori_app::PageRequest;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

type Reader = fn(Value) -> Result<(), String>;

fn reads<T: DeserializeOwned>(v: Value) -> Result<(), String> {
    serde_json::from_value::<T>(v)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Every JSON request body, by schema name, with the type its handler deserializes.
fn bodies() -> Vec<(&'static str, Reader)> {
    use mamori_app::assets::AssetInput;
    use mamori_app::controls::AppliedControlInput;
    use mamori_app::departments::DepartmentInput;
    use mamori_app::incidents::{
        BreachInput, EntryInput, MoveInput, ReportInput, SubmissionInput, TaskInput, TriageInput,
    };
    use mamori_app::notify::NoticePrefsInput;
    use mamori_app::orgs::OrgInput;
    use mamori_app::risks::RiskInput;
    use mamori_app::risks::campaigns::CampaignInput;
    use mamori_app::roles::RoleInput;
    vec![
        ("OrgInput", reads::<OrgInput>),
        ("SectionsInput", reads::<crate::api::annual::SectionsInput>),
        ("PlaceInput", reads::<mamori_app::physical::PlaceInput>),
        ("GrantInput", reads::<mamori_app::physical::GrantInput>),
        (
            "AreaEntryInput",
            reads::<mamori_app::physical::AreaEntryInput>,
        ),
        ("EntryBatch", reads::<mamori_app::physical::EntryBatch>),
        ("SettleInput", reads::<mamori_app::physical::SettleInput>),
        ("SignoffInput", reads::<mamori_app::physical::SignoffInput>),
        ("BadgeInput", reads::<mamori_app::physical::BadgeInput>),
        ("ItemInput", reads::<mamori_app::media::ItemInput>),
        ("TakeoutInput", reads::<mamori_app::media::TakeoutInput>),
        (
            "TakeoutDecision",
            reads::<mamori_app::media::TakeoutDecision>,
        ),
        ("ReturnInput", reads::<mamori_app::media::ReturnInput>),
        ("DisposalInput", reads::<mamori_app::media::DisposalInput>),
        ("CompleteInput", reads::<mamori_app::media::CompleteInput>),
        (
            "InspectionInput",
            reads::<mamori_app::review::InspectionInput>,
        ),
        ("SheetAnswers", reads::<mamori_app::review::SheetAnswers>),
        ("SheetReview", reads::<mamori_app::review::SheetReview>),
        (
            "ProgrammeInput",
            reads::<mamori_app::review::audit::ProgrammeInput>,
        ),
        ("AuditInput", reads::<mamori_app::review::audit::AuditInput>),
        ("NewFinding", reads::<mamori_app::review::audit::NewFinding>),
        (
            "FindingResponse",
            reads::<mamori_app::review::audit::FindingResponse>,
        ),
        (
            "CorrectiveActionInput",
            reads::<mamori_app::review::audit::CorrectiveActionInput>,
        ),
        (
            "ActionReport",
            reads::<mamori_app::review::audit::ActionReport>,
        ),
        (
            "ActionVerification",
            reads::<mamori_app::review::audit::ActionVerification>,
        ),
        (
            "MeetingInput",
            reads::<mamori_app::review::committee::MeetingInput>,
        ),
        (
            "AgendaInput",
            reads::<mamori_app::review::committee::AgendaInput>,
        ),
        (
            "CommitteeDecision",
            reads::<mamori_app::review::committee::CommitteeDecision>,
        ),
        (
            "MinutesInput",
            reads::<mamori_app::review::committee::MinutesInput>,
        ),
        (
            "RevisionInput",
            reads::<mamori_app::review::revisions::RevisionInput>,
        ),
        (
            "MinutesApproval",
            reads::<mamori_app::review::committee::MinutesApproval>,
        ),
        ("DepartmentInput", reads::<DepartmentInput>),
        ("StaffWrite", reads::<super::StaffWrite>),
        ("RetireWrite", reads::<super::RetireWrite>),
        ("RoleInput", reads::<RoleInput>),
        ("AssetInput", reads::<AssetInput>),
        ("RelationWrite", reads::<super::assets::RelationWrite>),
        ("RiskInput", reads::<RiskInput>),
        ("AcceptWrite", reads::<super::risks::AcceptWrite>),
        ("CampaignInput", reads::<CampaignInput>),
        ("DraftWrite", reads::<super::risks::DraftWrite>),
        ("AppliedControlInput", reads::<AppliedControlInput>),
        ("SoaEntryWrite", reads::<super::controls::SoaEntryWrite>),
        ("SoaApproveWrite", reads::<super::controls::SoaApproveWrite>),
        ("NoticePrefsInput", reads::<NoticePrefsInput>),
        ("ReportInput", reads::<ReportInput>),
        (
            "DocumentInput",
            reads::<mamori_app::policies::DocumentInput>,
        ),
        ("DraftInput", reads::<mamori_app::policies::DraftInput>),
        ("StepInput", reads::<mamori_app::policies::StepInput>),
        (
            "ApprovalInput",
            reads::<mamori_app::policies::ApprovalInput>,
        ),
        ("TriageInput", reads::<TriageInput>),
        ("MoveInput", reads::<MoveInput>),
        ("EntryInput", reads::<EntryInput>),
        ("TaskInput", reads::<TaskInput>),
        ("BreachInput", reads::<BreachInput>),
        ("SubmissionInput", reads::<SubmissionInput>),
        ("CourseInput", reads::<mamori_app::training::CourseInput>),
        ("SessionInput", reads::<mamori_app::training::SessionInput>),
        (
            "AttendanceInput",
            reads::<mamori_app::training::AttendanceInput>,
        ),
        (
            "QuestionInput",
            reads::<mamori_app::training::QuestionInput>,
        ),
        ("AnswersInput", reads::<mamori_app::training::AnswersInput>),
        ("DrillInput", reads::<mamori_app::training::DrillInput>),
        (
            "ExceptionInput",
            reads::<mamori_app::compliance::exceptions::ExceptionInput>,
        ),
        (
            "DecisionInput",
            reads::<mamori_app::compliance::exceptions::DecisionInput>,
        ),
        (
            "ReviewInput",
            reads::<mamori_app::compliance::exceptions::ReviewInput>,
        ),
        (
            "ViolationInput",
            reads::<mamori_app::compliance::violations::ViolationInput>,
        ),
        (
            "AssessInput",
            reads::<mamori_app::compliance::violations::AssessInput>,
        ),
        (
            "DecideInput",
            reads::<mamori_app::compliance::violations::DecideInput>,
        ),
        (
            "ExplanationInput",
            reads::<mamori_app::compliance::violations::ExplanationInput>,
        ),
        (
            "MeasureInput",
            reads::<mamori_app::compliance::violations::MeasureInput>,
        ),
        ("CloseInput", reads::<super::compliance::CloseInput>),
        ("LawInput", reads::<mamori_app::compliance::laws::LawInput>),
        (
            "ObligationInput",
            reads::<mamori_app::compliance::laws::ObligationInput>,
        ),
        (
            "AmendmentInput",
            reads::<mamori_app::compliance::laws::AmendmentInput>,
        ),
        (
            "LawReviewInput",
            reads::<mamori_app::compliance::laws::LawReviewInput>,
        ),
        ("RepealInput", reads::<super::laws::RepealInput>),
        (
            "ContractorInput",
            reads::<mamori_app::compliance::contractors::ContractorInput>,
        ),
        (
            "CertificationInput",
            reads::<mamori_app::compliance::contractors::CertificationInput>,
        ),
        (
            "ContractInput",
            reads::<mamori_app::compliance::contractors::ContractInput>,
        ),
        (
            "SubcontractorInput",
            reads::<mamori_app::compliance::contractors::SubcontractorInput>,
        ),
        (
            "SubcontractApproval",
            reads::<mamori_app::compliance::contractors::SubcontractApproval>,
        ),
        (
            "CheckInput",
            reads::<mamori_app::compliance::contractors::CheckInput>,
        ),
        (
            "PersonInput",
            reads::<mamori_app::compliance::contractors::PersonInput>,
        ),
        (
            "ServiceInput",
            reads::<mamori_app::compliance::services::ServiceInput>,
        ),
    ]
}

fn document() -> Value {
    serde_json::from_str(&super::openapi_document()).unwrap()
}

/// A value of the property's type that its reader accepts.
fn sample(doc: &Value, prop: &Value) -> Value {
    if let Some(r) = prop["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return sample(doc, &doc["components"]["schemas"][name]);
    }
    let ty = match &prop["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").cloned(),
        t => Some(t.clone()),
    };
    match ty.as_ref().and_then(Value::as_str) {
        Some("string") if prop["format"] == "uuid" => json!("0190d5b2-9c1e-7000-8000-000000000001"),
        Some("string") => json!("x"),
        Some("boolean") => json!(true),
        Some("integer") => json!(1),
        Some("array") => json!([]),
        _ => json!({}),
    }
}

/// The `required` list of each request body is exactly what serde requires: the body
/// of only the required properties is read, and leaving any one of them out is not.
#[test]
fn request_bodies_require_what_serde_requires() {
    let doc = document();
    let mut documented = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let schema = &op["requestBody"]["content"]["application/json"]["schema"];
            if let Some(r) = schema["$ref"].as_str() {
                documented.insert(r.rsplit('/').next().unwrap().to_owned());
            }
        }
    }
    let bodies = bodies();
    let listed: BTreeSet<String> = bodies.iter().map(|(n, _)| (*n).to_owned()).collect();
    assert_eq!(documented, listed, "a JSON body is missing from `bodies()`");
    for (name, read) in bodies {
        let schema = &doc["components"]["schemas"][name];
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        let body: serde_json::Map<String, Value> = required
            .iter()
            .map(|p| ((*p).to_owned(), sample(&doc, &schema["properties"][*p])))
            .collect();
        if let Err(e) = read(Value::Object(body.clone())) {
            panic!("{name}: the required properties alone are refused: {e}");
        }
        for p in &required {
            let mut less = body.clone();
            less.remove(*p);
            assert!(
                read(Value::Object(less)).is_err(),
                "{name}: `{p}` is documented as required, but a body without it is read"
            );
        }
    }
}

/// The documented page bounds are the ones the API checks.
#[test]
fn list_pages_are_bounded_as_checked() {
    let doc = document();
    for list in ["/staff", "/assets", "/risks"] {
        let params = doc["paths"][list]["get"]["parameters"].as_array().unwrap();
        let bound = |name: &str, key: &str| {
            let p = params.iter().find(|p| p["name"] == name).unwrap();
            p["schema"][key].as_u64().unwrap()
        };
        for (name, which) in [("page", 0), ("per_page", 1)] {
            let (min, max) = (bound(name, "minimum"), bound(name, "maximum"));
            let ask = |n: u64| {
                let (page, per_page) = if which == 0 { (n, 1) } else { (1, n) };
                PageRequest::checked(Some(page), Some(per_page)).is_ok()
            };
            assert!(ask(min) && ask(max), "{list} {name}: {min}..={max} refused");
            assert!(
                !ask(min - 1) && !ask(max + 1),
                "{list} {name}: wider than documented"
            );
        }
    }
}
