//! Stored campaigns ↔ what the app shows, and the coverage worked out from the staff
//! register.

use chrono::NaiveDate;
use mamori_domain::StaffCategory;
use mamori_domain::policy::ack::{Audience, Tally, due_for};
use mamori_domain::policy::{Status, document_code};
use mamori_store::entity::{ack_campaign, acknowledgement, policy_document};
use mamori_store::policies::{Person, VersionHead};
use uuid::Uuid;

use super::view::CampaignView;
use crate::departments::DeptIndex;
use crate::policies::row::status_of;

pub(super) fn audience_of(c: &ack_campaign::Model) -> Audience {
    serde_json::from_str(&c.audience).unwrap_or_default()
}

/// Who a campaign binds, in Japanese and English words.
pub(crate) fn audience_words(a: &Audience, depts: &DeptIndex) -> (String, String) {
    let names: Vec<&str> = a
        .departments
        .iter()
        .filter_map(|d| depts.get(*d))
        .map(|d| d.name.as_str())
        .collect();
    let (mut ja, mut en): (Vec<String>, Vec<String>) = a
        .categories
        .iter()
        .map(|c| (c.label_ja().to_string(), c.label_en().to_string()))
        .unzip();
    if ja.is_empty() {
        ja.push("全職員".into());
        en.push("All staff".into());
    }
    let mut ja = ja.join("・");
    let mut en = en.join(", ");
    if !names.is_empty() {
        ja = format!("{ja}（{}）", names.join("・"));
        en = format!("{en} of {}", names.join(", "));
    }
    if a.contractors {
        ja.push_str("・委託事業者");
        en.push_str(" and contractors' staff");
    }
    (ja, en)
}

/// One person bound by a campaign: their due date and acknowledgement, if given.
pub(super) struct Bound<'a> {
    pub person: &'a Person,
    pub category: StaffCategory,
    pub chain: Vec<Uuid>,
    pub due_on: NaiveDate,
    pub ack: Option<&'a acknowledgement::Model>,
    pub overdue: bool,
}

/// Everyone on the register the campaign binds today: in its audience, started
/// (a future hire is not yet bound) and not gone.
pub(super) fn bound<'a>(
    c: &ack_campaign::Model,
    people: &'a [Person],
    acks: &'a [acknowledgement::Model],
    depts: &DeptIndex,
    today: NaiveDate,
) -> Vec<Bound<'a>> {
    let audience = audience_of(c);
    let starts = c.starts_on.unwrap_or(today);
    let due = c.due_on.unwrap_or(today);
    // By person: a campaign of 5,000 has thousands of acknowledgements to match.
    let given: std::collections::HashMap<Uuid, &acknowledgement::Model> =
        acks.iter().map(|a| (a.staff_id, a)).collect();
    // Each department's chain from the top, worked out once per department.
    let mut chains: std::collections::HashMap<Uuid, Vec<Uuid>> = std::collections::HashMap::new();
    people
        .iter()
        .filter(|p| p.start_date.is_none_or(|s| s <= today))
        .filter(|p| p.end_date.is_none_or(|e| e >= today))
        .filter_map(|p| {
            let category = StaffCategory::from_code(&p.category)?;
            let chain: Vec<Uuid> = p
                .department_id
                .map(|d| {
                    chains
                        .entry(d)
                        .or_insert_with(|| depts.chain(d).iter().map(|m| m.id).collect())
                        .clone()
                })
                .unwrap_or_default();
            if !audience.includes(category, &chain) {
                return None;
            }
            let due_on = due_for(starts, due, c.new_hire_days, p.start_date);
            let ack = given.get(&p.id).copied();
            Some(Bound {
                person: p,
                category,
                chain,
                due_on,
                overdue: ack.is_none() && today > due_on,
                ack,
            })
        })
        .collect()
}

/// The campaign as lists show it.
pub(super) fn campaign_view(
    c: &ack_campaign::Model,
    d: &policy_document::Model,
    heads: &[VersionHead],
    depts: &DeptIndex,
    total: Tally,
    today: NaiveDate,
) -> CampaignView {
    let head = heads.iter().find(|h| h.id == c.version_id);
    let version_status = head
        .map(|h| status_of(h, heads, today))
        .unwrap_or(Status::Superseded);
    let title = head.map_or_else(|| d.title.clone(), |h| h.title.clone());
    let (audience_ja, audience_en) = audience_words(&audience_of(c), depts);
    CampaignView {
        id: c.id,
        document_id: d.id,
        document_code: document_code(d.number),
        title,
        version: c.version,
        version_status,
        audience_ja,
        audience_en,
        starts_on: c.starts_on,
        due_on: c.due_on,
        remind_every_days: c.remind_every_days,
        new_hire_days: c.new_hire_days,
        last_reminded_on: c.last_reminded_on,
        open: c.closed_at.is_none() && version_status != Status::Superseded,
        percent: total.percent(),
        total,
        created_by: c.created_by.clone(),
    }
}

/// Counts over everyone bound.
pub(super) fn tally(bound: &[Bound<'_>]) -> Tally {
    let mut t = Tally::default();
    for b in bound {
        t.add(b.ack.is_some(), b.overdue);
    }
    t
}

/// A campaign as its audit entries record it.
pub(super) fn audited_campaign(c: &ack_campaign::Model) -> serde_json::Value {
    serde_json::json!({
        "version": c.version,
        "audience": serde_json::from_str::<serde_json::Value>(&c.audience).unwrap_or_default(),
        "due_on": c.due_on,
        "remind_every_days": c.remind_every_days,
        "new_hire_days": c.new_hire_days,
        "closed": c.closed_at.is_some(),
    })
}
