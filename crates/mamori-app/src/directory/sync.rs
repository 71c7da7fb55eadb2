//! Keeping the staff register in step with the directory: people new to the directory
//! join the register, changes of name, mail and department follow (a department change
//! is a move, kept in the department history), and people gone from the directory, or
//! whose account there is disabled or expired, are retired.
//!
//! The same validation as the CSV import applies, and it is all or nothing: one entry
//! the register cannot take (no employee number, one number on two entries, an unknown
//! department) stops the sync with every such entry named. A sync that would retire more
//! than a set share of the current staff stops too, since a broken filter looks exactly
//! like everybody leaving. Staff with a local Mamori account (the break-glass
//! administrator among them) and contractors' staff are never retired by a sync: the
//! directory does not know them.

use std::collections::{HashMap, HashSet};

use mamori_domain::Problem;
use mamori_domain::audit::{Change, diff};
use mamori_domain::directory::{AuthSource, DEFAULT_MAX_RETIRE_PERCENT, check_leaver_share};
use mamori_domain::staff::StaffCategory;
use mamori_store::entity::staff;
use mamori_store::staff::StaffFilter;
use serde::Serialize;
use uuid::Uuid;

use super::{DirUser, Directory, Person};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::staff::{StaffInput, apply, blank, snapshot, validate};
use crate::{App, AppError, AppResult};

/// One person in a sync's report.
#[derive(Debug, Clone, Serialize)]
pub struct SyncLine {
    pub employee_number: String,
    pub name: String,
    /// What changes for an updated person; empty otherwise.
    pub changes: Vec<Change>,
}

/// What a sync would do (a dry run) or did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    /// Entries the directory returned.
    pub read: usize,
    pub created: Vec<SyncLine>,
    pub updated: Vec<SyncLine>,
    pub retired: Vec<SyncLine>,
    /// Current staff the directory does not know, kept: they have a local account or
    /// are a contractor's staff.
    pub kept: Vec<SyncLine>,
    pub unchanged: usize,
    /// Entries the register cannot take, or the leaver share exceeded: nothing applies.
    pub problems: Vec<Problem>,
    pub applied: bool,
    /// Roles granted or removed because of directory groups (when applied).
    pub roles_changed: usize,
}

impl SyncReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Default)]
struct Writes {
    inserts: Vec<staff::Model>,
    updates: Vec<(staff::Model, staff::Model)>,
    retires: Vec<staff::Model>,
}

/// The register's record as input, so the directory's values replace only the fields
/// the directory holds and the rest (category, dates, part-time) stay as they are.
fn input_of(s: &staff::Model, idx: &DeptIndex) -> StaffInput {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    StaffInput {
        employee_number: s.employee_number.clone(),
        name: s.name.clone(),
        kana: s.kana.clone(),
        email: s.email.clone().unwrap_or_default(),
        department: s
            .department_id
            .and_then(|d| idx.get(d))
            .map(|d| d.code.clone())
            .unwrap_or_default(),
        category: s.category.clone(),
        part_time: if s.part_time {
            "1".into()
        } else {
            String::new()
        },
        start_date: date(s.start_date),
        end_date: date(s.end_date),
    }
}

fn line(s: &staff::Model, changes: Vec<Change>) -> SyncLine {
    SyncLine {
        employee_number: s.employee_number.clone(),
        name: s.name.clone(),
        changes,
    }
}

impl App {
    /// Reads the directory and plans the sync; applies it unless `dry_run` or a
    /// problem stops it. `max_retire_percent` bounds the share of current staff it
    /// may retire.
    pub async fn sync_staff(
        &self,
        actor: &Actor,
        directory: &Directory,
        dry_run: bool,
        max_retire_percent: u32,
    ) -> AppResult<SyncReport> {
        self.authorize(actor, Capability::ImportStaff).await?;
        let people = directory
            .people()
            .await
            .map_err(|e| AppError::Unavailable(e.problem))?;
        if dry_run {
            let (report, _) = self
                .plan_sync(actor, &people, max_retire_percent, self.store.conn())
                .await?;
            return Ok(report);
        }
        let tx = self.store.begin_write().await?;
        let (mut report, writes) = self
            .plan_sync(actor, &people, max_retire_percent, &*tx)
            .await?;
        if !report.is_ok() {
            return Ok(report);
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let mut entries = Vec::new();
        self.write_staff_batch(
            &*tx,
            actor,
            writes.inserts,
            &writes.updates,
            &idx,
            &mut entries,
        )
        .await?;
        for before in &writes.retires {
            let after = self.write_retirement(&*tx, before, self.today()).await?;
            entries.push(self.change_entry(
                actor,
                "staff.retire",
                ("staff", after.id),
                Some(&snapshot(before, &idx)),
                Some(&snapshot(&after, &idx)),
            ));
        }
        let summary = serde_json::json!({
            "read": report.read, "created": report.created.len(),
            "updated": report.updated.len(), "retired": report.retired.len(),
            "unchanged": report.unchanged,
        });
        self.commit_staff_batch(tx, actor, "staff.sync", &summary, entries)
            .await?;
        report.applied = true;
        // The roles the directory's groups decide follow too, so that someone taken
        // out of a group loses its role without waiting to sign in again.
        if let Some(link) = self.directory_link().await? {
            let present: Vec<&DirUser> = people
                .iter()
                .filter_map(|p| p.as_ref().ok())
                .filter(|p| p.check(self.now()).is_ok())
                .collect();
            let numbers: Vec<String> = present.iter().map(|p| p.employee_number.clone()).collect();
            let ids: HashMap<String, Uuid> =
                mamori_store::staff::by_numbers(self.store.conn(), actor.org_id, &numbers)
                    .await?
                    .into_iter()
                    .map(|s| (s.employee_number, s.id))
                    .collect();
            let pairs: Vec<(Uuid, &[String])> = present
                .iter()
                .filter_map(|p| {
                    ids.get(&p.employee_number)
                        .map(|id| (*id, p.groups.as_slice()))
                })
                .collect();
            report.roles_changed = self
                .apply_group_roles(actor.org_id, &link.group_roles, &pairs)
                .await?;
        }
        Ok(report)
    }

    /// The nightly sync, for the organization the directory signs people into, within
    /// the default leaver share. A sync that stops fails the job, with the first
    /// problem as its message, for administrators to see on the jobs page.
    pub(crate) async fn scheduled_staff_sync(&self) -> AppResult<String> {
        let Some(link) = self.directory_link().await? else {
            return Ok("ディレクトリ未設定 / no directory configured".into());
        };
        let org = self
            .cli_actor(link.org_code.as_deref(), "directory")
            .await?
            .org_id;
        let actor = Actor::directory(org);
        let r = self
            .sync_staff(&actor, &link.directory, false, DEFAULT_MAX_RETIRE_PERCENT)
            .await?;
        if let Some(p) = r.problems.first() {
            return Err(AppError::Conflict(Problem::new(
                format!("{}（ほか {} 件）", p.ja, r.problems.len() - 1),
                format!("{} ({} more)", p.en, r.problems.len() - 1),
            )));
        }
        Ok(format!(
            "{} new, {} changed, {} retired, {} unchanged",
            r.created.len(),
            r.updated.len(),
            r.retired.len(),
            r.unchanged
        ))
    }

    async fn plan_sync<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        people: &[Result<DirUser, super::DirectoryError>],
        max_retire_percent: u32,
        conn: &C,
    ) -> AppResult<(SyncReport, Writes)> {
        let org = actor.org_id;
        let now = self.now();
        let idx = DeptIndex::new(mamori_store::departments::all(conn, org).await?);
        let register = mamori_store::staff::all(conn, org, &StaffFilter::default()).await?;
        let by_number: HashMap<&str, &staff::Model> = register
            .iter()
            .map(|s| (s.employee_number.as_str(), s))
            .collect();
        let local_accounts: HashSet<Uuid> = mamori_store::users::all(conn, org)
            .await?
            .into_iter()
            .filter(|u| AuthSource::parse(&u.auth_source) == AuthSource::Local)
            .map(|u| u.staff_id)
            .collect();
        let mut report = SyncReport {
            read: people.len(),
            ..SyncReport::default()
        };
        let mut writes = Writes::default();
        // Employee number → the entry that had it first, to name both of a pair.
        let mut seen: HashMap<String, &str> = HashMap::new();
        for p in people {
            let person = match p {
                Ok(person) => person,
                Err(e) => {
                    report.problems.push(e.problem.clone());
                    continue;
                }
            };
            // A disabled or expired account is someone who left: not present.
            if person.check(now).is_err() {
                continue;
            }
            let before = by_number.get(person.employee_number.as_str()).copied();
            let mut input = before.map_or_else(StaffInput::default, |s| input_of(s, &idx));
            input.employee_number = person.employee_number.clone();
            input.name = person.name.clone();
            if let Some(k) = &person.kana {
                input.kana = k.clone();
            }
            input.email = person.mail.clone().unwrap_or_default();
            let described = Person::from(person);
            if let Some(d) = described.department_in(&idx) {
                input.department = d;
            } else if let Some(code) = &person.department {
                // A code the register does not know is reported, as the import does.
                input.department = code.clone();
            }
            if let Some(c) = &person.category {
                input.category = c.clone();
            }
            let v = match validate(&input, &idx) {
                Ok(v) => v,
                Err(inv) => {
                    for f in inv.0 {
                        report.problems.push(Problem::new(
                            format!("{}: {}", person.dn, f.ja),
                            format!("{}: {}", person.dn, f.en),
                        ));
                    }
                    continue;
                }
            };
            if let Some(first) = seen.insert(v.employee_number.clone(), &person.dn) {
                report.problems.push(Problem::new(
                    format!(
                        "職員番号「{}」が {} と {} の二つにあります。",
                        v.employee_number, first, person.dn
                    ),
                    format!(
                        "Employee number \"{}\" is on two entries: {} and {}.",
                        v.employee_number, first, person.dn
                    ),
                ));
                continue;
            }
            match before {
                None => {
                    let m = apply(blank(self.new_id(), org, now), &v, now);
                    report.created.push(line(&m, Vec::new()));
                    writes.inserts.push(m);
                }
                Some(b) => {
                    // Present in the directory again: back from retirement.
                    let after = staff::Model {
                        retired: false,
                        ..apply(b.clone(), &v, now)
                    };
                    let changes = diff(
                        serde_json::to_value(snapshot(b, &idx)).ok().as_ref(),
                        serde_json::to_value(snapshot(&after, &idx)).ok().as_ref(),
                    );
                    if changes.is_empty() {
                        report.unchanged += 1;
                    } else {
                        report.updated.push(line(&after, changes));
                        writes.updates.push((b.clone(), after));
                    }
                }
            }
        }
        let active = register.iter().filter(|s| !s.retired).count();
        for s in register.iter().filter(|s| !s.retired) {
            if seen.contains_key(&s.employee_number) {
                continue;
            }
            let contractor = s.category == StaffCategory::Contractor.code();
            if local_accounts.contains(&s.id) || contractor {
                report.kept.push(line(s, Vec::new()));
            } else {
                report.retired.push(line(s, Vec::new()));
                writes.retires.push(s.clone());
            }
        }
        if let Err(p) = check_leaver_share(report.retired.len(), active, max_retire_percent) {
            report.problems.push(p);
        }
        Ok((report, writes))
    }
}
