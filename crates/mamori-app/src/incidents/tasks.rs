//! Tasks on an incident (who does what by when), and the organization's incident
//! settings: who signs off a closure, the 速報 target, the reminder days.

use chrono::NaiveDate;
use mamori_domain::{Invalid, Problem, Role};
use mamori_store::entity::{incident_setting, incident_task};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::IncidentSettings;
use super::row::entry;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A task to add.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TaskInput {
    pub title: String,
    /// The owner's employee number; empty for none.
    pub owner: String,
    /// The due date (`2026-12-10` or 和暦); empty for none.
    pub due_on: String,
}

/// A task as the incident's page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TaskView {
    pub id: Uuid,
    pub title: String,
    pub owner: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub done: bool,
    pub overdue: bool,
}

/// The settings form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct IncidentSettingsInput {
    /// The role that signs off a closure (`ciso`, `deputy-ciso` or `csirt`).
    pub closer_role: String,
    /// The 速報 target in days, counting the day of knowing (1–5).
    pub preliminary_days: String,
    /// Days before a due date on which reminders go out, e.g. `7,3,1`.
    pub reminder_days: String,
}

impl IncidentSettingsInput {
    pub fn of(s: &IncidentSettings) -> Self {
        Self {
            closer_role: s.closer.code().into(),
            preliminary_days: s.preliminary_days.to_string(),
            reminder_days: s
                .reminder_days
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    fn check(&self) -> Result<IncidentSettings, Invalid> {
        let mut inv = Invalid::default();
        let closer = inv.check("closer_role", Role::parse(&self.closer_role));
        if let Some(r) = closer
            && !matches!(r, Role::Ciso | Role::DeputyCiso | Role::Csirt)
        {
            inv.check::<()>(
                "closer_role",
                Err(Problem::new(
                    "完了を承認できるのは CISO・統括情報セキュリティ責任者・CSIRT要員のいずれかです。",
                    "A closure is signed off by the CISO, the deputy CISO or a CSIRT member.",
                )),
            );
        }
        let days = match self.preliminary_days.trim().parse::<u32>() {
            Ok(d @ 1..=5) => Some(d),
            _ => inv.check::<u32>(
                "preliminary_days",
                Err(Problem::new(
                    "速報の目標は 1〜5 日です（個人情報保護委員会の目安は概ね3〜5日）。",
                    "The preliminary report target is 1 to 5 days (the PPC reads \"promptly\" as roughly 3 to 5).",
                )),
            ),
        };
        let mut reminders = Vec::new();
        for part in self
            .reminder_days
            .split([',', '、', ' '])
            .filter(|p| !p.trim().is_empty())
        {
            match part.trim().parse::<u32>() {
                Ok(d) if d <= 60 => reminders.push(d),
                _ => {
                    inv.check::<()>(
                        "reminder_days",
                        Err(Problem::new(
                            format!("「{part}」は日数として読めません（0〜60 をカンマ区切り）。"),
                            format!(
                                "\"{part}\" is not a number of days (0 to 60, separated by commas)."
                            ),
                        )),
                    );
                }
            }
        }
        reminders.sort_unstable_by(|a, b| b.cmp(a));
        reminders.dedup();
        match (closer, days) {
            (Some(closer), Some(preliminary_days)) if inv.is_empty() => Ok(IncidentSettings {
                closer,
                preliminary_days,
                reminder_days: reminders,
            }),
            _ => Err(inv),
        }
    }
}

impl App {
    pub async fn add_incident_task(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &TaskInput,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let mut inv = Invalid::default();
        let title = mamori_domain::text::clean(&input.title);
        if title.is_empty() || title.chars().count() > 200 {
            inv.check::<()>(
                "title",
                Err(Problem::new(
                    "タスクの内容を入力してください（200文字以内）。",
                    "Enter the task (at most 200 characters).",
                )),
            );
        }
        let due_on = if input.due_on.trim().is_empty() {
            None
        } else {
            inv.check("due_on", mamori_domain::wareki::parse_date(&input.due_on))
        };
        let owner = match input.owner.trim() {
            "" => None,
            n => {
                match mamori_store::staff::by_number(self.store.conn(), m.org_id, &n.to_uppercase())
                    .await?
                {
                    Some(s) if !s.retired => Some(s),
                    _ => {
                        inv.check::<()>(
                            "owner",
                            Err(Problem::new(
                                format!("職員番号「{n}」の職員が見つかりません。"),
                                format!("No current staff member has the number \"{n}\"."),
                            )),
                        );
                        None
                    }
                }
            }
        };
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let now = self.now();
        let task = incident_task::Model {
            id: self.new_id(),
            org_id: m.org_id,
            incident_id: m.id,
            title: title.clone(),
            owner_staff_id: owner.as_ref().map(|s| s.id),
            due_on,
            done_at: None,
            created_at: now,
        };
        let body = format!(
            "{title}（{}{}）",
            owner
                .as_ref()
                .map(|s| s.name.as_str())
                .unwrap_or("担当未定"),
            due_on.map(|d| format!("、{d}まで")).unwrap_or_default()
        );
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::add_task(&*tx, task).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("task", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.task",
            ("incident", m.id),
            None,
            Some(&serde_json::json!({ "title": title, "owner": owner.map(|s| s.employee_number), "due_on": due_on })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn complete_incident_task(
        &self,
        actor: &Actor,
        id: Uuid,
        task: Uuid,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let now = self.now();
        let title = mamori_store::incidents::tasks_of(self.store.conn(), m.org_id, m.id)
            .await?
            .into_iter()
            .find(|t| t.id == task)
            .map(|t| t.title)
            .ok_or(AppError::NotFound)?;
        let tx = self.store.begin_write().await?;
        if !mamori_store::incidents::complete_task(&*tx, m.org_id, m.id, task, now).await? {
            return Err(AppError::Conflict(Problem::new(
                "このタスクは完了済みです。",
                "This task is already done.",
            )));
        }
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("task_done", title.clone()),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.task_done",
            ("incident", m.id),
            None,
            Some(&serde_json::json!({ "task": title })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn task_views(
        &self,
        org_id: Uuid,
        incident_id: Uuid,
    ) -> AppResult<Vec<TaskView>> {
        let tasks =
            mamori_store::incidents::tasks_of(self.store.conn(), org_id, incident_id).await?;
        let owners: Vec<Uuid> = tasks.iter().filter_map(|t| t.owner_staff_id).collect();
        let names: std::collections::HashMap<Uuid, String> =
            mamori_store::staff::by_ids(self.store.conn(), org_id, &owners)
                .await?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
        let today = self.today();
        Ok(tasks
            .into_iter()
            .map(|t| TaskView {
                id: t.id,
                overdue: t.done_at.is_none() && t.due_on.is_some_and(|d| d < today),
                done: t.done_at.is_some(),
                owner: t.owner_staff_id.and_then(|o| names.get(&o).cloned()),
                due_on: t.due_on,
                title: t.title,
            })
            .collect())
    }

    /// The incident settings as their form shows them (the CISO and deputy).
    pub async fn incident_settings_form(&self, actor: &Actor) -> AppResult<IncidentSettingsInput> {
        self.authorize(actor, Capability::ManageOrg).await?;
        Ok(IncidentSettingsInput::of(
            &self.incident_settings(actor.org_id).await?,
        ))
    }

    pub async fn save_incident_settings(
        &self,
        actor: &Actor,
        input: &IncidentSettingsInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageOrg).await?;
        let s = input.check().map_err(AppError::Invalid)?;
        let before = IncidentSettingsInput::of(&self.incident_settings(actor.org_id).await?);
        let after = IncidentSettingsInput::of(&s);
        let row = incident_setting::Model {
            org_id: actor.org_id,
            closer_role: s.closer.code().into(),
            preliminary_days: i32::try_from(s.preliminary_days).unwrap_or(3),
            reminder_days: after.reminder_days.clone(),
            updated_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::put_settings(&*tx, row).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.settings",
            ("org", actor.org_id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
