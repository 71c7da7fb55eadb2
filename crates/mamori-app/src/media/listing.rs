//! Reading take-outs: who sees which (a reader of the register sees all, anyone else
//! their own and those waiting for their approval), what each may do with one, the
//! list and its export.

use mamori_domain::Role;
use mamori_domain::media::takeout::State;
use mamori_store::entity::takeout;
use mamori_store::media::takeouts::TakeoutFilter;
use uuid::Uuid;

use super::input::TakeoutQuery;
use super::row::{Names, state_of, takeout_view};
use super::view::TakeoutView;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page, PageRequest};

/// The columns of the take-outs' export, in Japanese and English.
pub const TAKEOUT_HEADERS: [(&str, &str); 16] = [
    ("番号", "Number"),
    ("状態", "State"),
    ("持ち出す物", "What"),
    ("情報", "Information"),
    ("機密性", "Confidentiality"),
    ("目的", "Purpose"),
    ("持ち出し先", "Destination"),
    ("対策", "Measures"),
    ("持ち出し日", "Out on"),
    ("返却予定日", "Due back"),
    ("所属", "Department"),
    ("申請者", "Requested by"),
    ("承認者", "Decided by"),
    ("持ち出し日時", "Went out"),
    ("返却日時", "Came back"),
    ("遅延日数", "Days late"),
];

/// The most rows one export writes.
const EXPORT_LIMIT: u64 = 100_000;

impl App {
    /// Whether the actor may approve or refuse this take-out now.
    pub(super) fn may_decide(&self, actor: &Actor, t: &takeout::Model) -> bool {
        let required = Role::from_code(&t.approver_role).unwrap_or(Role::Ciso);
        state_of(t) == State::Requested
            && (actor.staff_id.is_none() || actor.staff_id != t.requester_staff_id)
            && actor.can(Capability::ApproveTakeout {
                required,
                department: t.department_id,
            })
    }

    pub(super) fn handle_cap(actor: &Actor, t: &takeout::Model) -> Capability {
        Capability::HandleTakeout {
            own: actor.staff_id.is_some() && actor.staff_id == t.requester_staff_id,
            department: t.department_id,
        }
    }

    /// A take-out as the actor sees it, with what they may do.
    pub(super) fn takeout_shown(
        &self,
        actor: &Actor,
        t: &takeout::Model,
        names: &Names,
        today: chrono::NaiveDate,
    ) -> TakeoutView {
        let mut v = takeout_view(t, names, today);
        v.may_decide = self.may_decide(actor, t);
        v.may_handle = matches!(v.state, State::Approved | State::Out)
            && actor.can(Self::handle_cap(actor, t));
        v
    }

    /// A take-out the actor may see: a reader of the register, the one who asked, or
    /// one who may decide it.
    pub(super) async fn visible_takeout(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<takeout::Model> {
        let t = mamori_store::media::takeouts::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let own = actor.staff_id.is_some() && t.requester_staff_id == actor.staff_id;
        if !own && !self.may_decide(actor, &t) {
            // Take-outs are not restricted records: a refusal, not a 404.
            self.authorize(actor, Capability::ViewMedia).await?;
        }
        Ok(t)
    }

    /// The filter a list query asks for, over what the actor may see.
    fn takeout_filter(&self, actor: &Actor, q: &TakeoutQuery) -> AppResult<TakeoutFilter> {
        let show = q.show.as_deref().map(str::trim).unwrap_or("");
        let mut f = TakeoutFilter::default();
        match show {
            "" | "mine" => {}
            "open" => f.open = true,
            "out" => f.out = true,
            "overdue" => {
                f.out = true;
                f.due_before = Some(self.today());
            }
            _ => {
                return Err(AppError::field(
                    "show",
                    "show は open・out・overdue・mine のいずれかです。",
                    "show is open, out, overdue or mine.",
                ));
            }
        }
        if show == "mine" || !actor.can(Capability::ViewMedia) {
            f.requester = Some(actor.staff_id.unwrap_or_else(Uuid::nil));
        }
        Ok(f)
    }

    /// A page of take-outs, latest first. Someone who does not read the register sees
    /// their own only.
    pub async fn takeouts(
        &self,
        actor: &Actor,
        q: &TakeoutQuery,
        page: PageRequest,
    ) -> AppResult<Page<TakeoutView>> {
        self.authorize(actor, Capability::RequestTakeout).await?;
        let f = self.takeout_filter(actor, q)?;
        let page =
            mamori_store::media::takeouts::list(self.store.conn(), actor.org_id, &f, page).await?;
        let names = self.media_names(actor.org_id, &[], &page.items).await?;
        let today = self.today();
        Ok(page.map(|t| self.takeout_shown(actor, &t, &names, today)))
    }

    /// One take-out.
    pub async fn takeout(&self, actor: &Actor, id: Uuid) -> AppResult<TakeoutView> {
        let t = self.visible_takeout(actor, id).await?;
        let names = self
            .media_names(actor.org_id, &[], std::slice::from_ref(&t))
            .await?;
        Ok(self.takeout_shown(actor, &t, &names, self.today()))
    }

    /// Take-outs as rows of text, latest first, for a CSV or Excel download; audited
    /// with the number of rows.
    pub async fn takeouts_table(
        &self,
        actor: &Actor,
        q: &TakeoutQuery,
        lang: &str,
    ) -> AppResult<Vec<Vec<String>>> {
        self.authorize(actor, Capability::RequestTakeout).await?;
        let f = self.takeout_filter(actor, q)?;
        let page = mamori_store::media::takeouts::list(
            self.store.conn(),
            actor.org_id,
            &f,
            PageRequest {
                page: 1,
                per_page: EXPORT_LIMIT,
            },
        )
        .await?;
        let names = self.media_names(actor.org_id, &[], &page.items).await?;
        let today = self.today();
        let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| {
                mamori_domain::japan_time::local(t)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
        };
        let out: Vec<Vec<String>> = page
            .items
            .iter()
            .map(|t| {
                let v = takeout_view(t, &names, today);
                vec![
                    v.number,
                    v.state.label(lang).to_owned(),
                    v.what,
                    v.data,
                    v.level,
                    v.purpose,
                    v.destination,
                    v.measures
                        .iter()
                        .map(|m| m.label(lang))
                        .collect::<Vec<_>>()
                        .join(", "),
                    v.out_on.to_string(),
                    v.due_on.to_string(),
                    v.department,
                    v.requester
                        .map(|r| format!("{}（{}）", r.name, r.employee_number))
                        .unwrap_or_default(),
                    v.decided_by,
                    time(v.checked_out_at),
                    time(v.returned_at),
                    if v.days_overdue > 0 {
                        v.days_overdue.to_string()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "takeout.export",
            "takeouts",
            "",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(out.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }
}
