//! Training coverage: for every course, who is done, due and overdue, by department,
//! category and role; the names of who is not done for those who answer for them; and
//! role holders overdue on their role's course, called out first.

use mamori_domain::Role;
use uuid::Uuid;

use super::row::Trainee;
use super::view::{CourseCoverage, CoverageOverview, RoleOverdue, TraineeView};
use crate::authz::{Actor, Capability};
use crate::coverage::{self, Counted};
use crate::{App, AppResult};

fn counted<'a>(trainees: &'a [Trainee<'a>]) -> Vec<Counted<'a>> {
    trainees
        .iter()
        .map(|t| Counted {
            chain: t.chain,
            category: t.category,
            roles: t.roles.iter().map(|r| r.role).collect(),
            done: t.standing.is_done(),
            overdue: t.standing.is_overdue(),
        })
        .collect()
}

fn due_by(t: &Trainee<'_>) -> Option<chrono::NaiveDate> {
    match t.standing {
        mamori_domain::training::Standing::Due { by }
        | mamori_domain::training::Standing::Overdue { by } => Some(by),
        mamori_domain::training::Standing::Done { .. } => None,
    }
}

impl App {
    /// Every current course's counts, and role holders overdue on their role's course
    /// (names only where the reader may see them).
    pub async fn training_coverage(&self, actor: &Actor) -> AppResult<CoverageOverview> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let l = self.load_training(actor.org_id, None).await?;
        let mut courses = Vec::new();
        let mut role_overdue = Vec::new();
        let mut total = mamori_domain::policy::ack::Tally::default();
        for c in l.courses.iter().filter(|c| !c.retired) {
            let trainees = l.trainees(c);
            let view = l.view_with(c, super::row::tally(&trainees));
            total.required += view.total.required;
            total.done += view.total.done;
            total.overdue += view.total.overdue;
            let audience_roles = super::row::audience_of(c).roles;
            for t in trainees
                .iter()
                .filter(|t| t.by_role && t.standing.is_overdue())
            {
                let Some(role) = t
                    .roles
                    .iter()
                    .map(|r| r.role)
                    .find(|r| audience_roles.contains(r))
                else {
                    continue;
                };
                let named = actor.can(Capability::CoverageNames {
                    department: t.person.department_id,
                });
                role_overdue.push(RoleOverdue {
                    course_id: c.id,
                    course_code: view.code.clone(),
                    course_title: view.title.clone(),
                    role: role.code().into(),
                    role_ja: role.label_ja().into(),
                    role_en: role.label_en().into(),
                    name: if named {
                        t.person.name.clone()
                    } else {
                        String::new()
                    },
                    department: if named {
                        l.register.department_path(t.person)
                    } else {
                        String::new()
                    },
                    due_by: due_by(t).unwrap_or(l.today),
                });
            }
            courses.push(view);
        }
        // The CSIRT first: an incident will not wait for its members to be trained.
        role_overdue.sort_by_key(|r| {
            (
                r.role != Role::Csirt.code(),
                r.due_by,
                r.course_code.clone(),
            )
        });
        Ok(CoverageOverview {
            courses,
            role_overdue,
            percent: total.percent(),
            total,
        })
    }

    /// One course's coverage by department (the top level, or under `department`),
    /// category and role; with `department` (or `every_name`), the names of who is
    /// not done, for those who answer for them.
    pub async fn course_coverage(
        &self,
        actor: &Actor,
        id: Uuid,
        department: Option<Uuid>,
        every_name: bool,
    ) -> AppResult<CourseCoverage> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let l = self.load_training(actor.org_id, Some(id)).await?;
        let c = l.course(id)?;
        let trainees = l.trainees(c);
        let counted = counted(&trainees);
        let by_role = coverage::by_role(&counted);
        let names_shown = (department.is_some() || every_name)
            && actor.can(Capability::CoverageNames { department });
        let mut pending = Vec::new();
        if names_shown {
            for t in trainees
                .iter()
                .filter(|t| !t.standing.is_done())
                .filter(|t| department.is_none_or(|d| t.chain.contains(&d)))
            {
                pending.push(TraineeView {
                    staff_id: t.person.id,
                    employee_number: t.person.employee_number.clone(),
                    name: t.person.name.clone(),
                    department: l.register.department_path(t.person),
                    category: t.category.code().into(),
                    roles: t.roles.iter().map(|r| r.role.code().to_owned()).collect(),
                    due_by: due_by(t).unwrap_or(l.today),
                    overdue: t.standing.is_overdue(),
                    by_role: t.by_role,
                });
            }
            // Overdue role holders first, then overdue, then by due date.
            pending.sort_by_key(|p| (!(p.overdue && p.by_role), !p.overdue, p.due_by));
        }
        Ok(CourseCoverage {
            course: l.view(c, true),
            by_department: coverage::by_department(&counted, department, &l.register.depts),
            by_category: coverage::by_category(&counted),
            by_role,
            department,
            names_shown,
            pending,
        })
    }
}

/// The headers of the coverage table an export writes.
pub const COVERAGE_HEADERS: [&str; 8] = [
    "研修番号",
    "研修名",
    "所属",
    "対象者数",
    "受講済",
    "未受講",
    "期限超過",
    "受講率(%)",
];

impl App {
    /// Every current course's coverage by top-level department, with a line for the
    /// whole organization first: the table `mamori export coverage` and the download
    /// write.
    pub async fn coverage_table(&self, actor: &Actor) -> AppResult<Vec<Vec<String>>> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let l = self.load_training(actor.org_id, None).await?;
        let mut out = Vec::new();
        for c in l.courses.iter().filter(|c| !c.retired) {
            let trainees = l.trainees(c);
            let counted = counted(&trainees);
            let code = mamori_domain::training::course_code(c.number);
            let line = |name: &str, t: &mamori_domain::policy::ack::Tally| {
                vec![
                    code.clone(),
                    c.title.clone(),
                    name.to_owned(),
                    t.required.to_string(),
                    t.done.to_string(),
                    t.pending().to_string(),
                    t.overdue.to_string(),
                    t.percent().to_string(),
                ]
            };
            out.push(line("（全体）", &super::row::tally(&trainees)));
            for r in coverage::by_department(&counted, None, &l.register.depts) {
                out.push(line(&r.label, &r.tally));
            }
        }
        Ok(out)
    }
}

impl App {
    /// Every current course as `(code, title, counts today)`: the annual report's
    /// coverage, read without a reader's check (counts only).
    pub(crate) async fn training_totals(
        &self,
        org_id: Uuid,
    ) -> AppResult<Vec<(String, String, mamori_domain::policy::ack::Tally)>> {
        let l = self.load_training(org_id, None).await?;
        Ok(l.courses
            .iter()
            .filter(|c| !c.retired)
            .map(|c| {
                let view = l.view_with(c, super::row::tally(&l.trainees(c)));
                (view.code, view.title, view.total)
            })
            .collect())
    }
}
