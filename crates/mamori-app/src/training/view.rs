//! What the app shows of courses, sessions, coverage, quizzes and drills.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::policy::ack::Tally;
use mamori_domain::training::Standing;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub use crate::coverage::CoverageRow;

/// A course as lists show it, with its counts today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseView {
    pub id: Uuid,
    /// TRN-001.
    pub code: String,
    pub kind: String,
    pub kind_ja: String,
    pub kind_en: String,
    pub title: String,
    pub description: String,
    pub frequency: String,
    pub frequency_ja: String,
    pub frequency_en: String,
    pub audience_ja: String,
    pub audience_en: String,
    /// Role codes a holder of which is bound (empty: not by role).
    pub roles: Vec<String>,
    /// Category codes bound (empty: every category).
    pub categories: Vec<String>,
    /// Departments bound, with those under them (empty: every department).
    pub departments: Vec<Uuid>,
    pub contractors: bool,
    pub grace_days: i32,
    pub applies_from: NaiveDate,
    pub pass_percent: i32,
    pub max_attempts: i32,
    pub retired: bool,
    /// Questions asked in its quiz (0: no quiz).
    pub questions: usize,
    /// This fiscal year's deadline for an annual course.
    pub year_deadline: Option<NaiveDate>,
    /// Bound, done and overdue today; zero for a retired course and for readers who
    /// do not follow coverage.
    #[schema(value_type = Object)]
    pub total: Tally,
    pub percent: u32,
}

/// A session of a course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    /// S-0001: how attendance sheets name it.
    pub code: String,
    pub course_id: Uuid,
    pub course_code: String,
    pub course_title: String,
    pub held_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub mode: String,
    pub mode_ja: String,
    pub mode_en: String,
    pub place: String,
    pub trainer: String,
    pub materials: String,
    /// Completions recorded.
    pub attendees: usize,
    /// An e-learning window open today (people complete it themselves).
    pub open_now: bool,
}

/// Someone who completed a session.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendeeView {
    pub attendance_id: Uuid,
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub department: String,
    pub completed_on: NaiveDate,
    pub source: String,
    pub source_ja: String,
    pub source_en: String,
}

/// A course's own page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseDetail {
    pub course: CourseView,
    pub sessions: Vec<SessionView>,
    pub may_manage: bool,
    /// Where the reader stands, if the course binds them.
    #[schema(value_type = Option<Object>)]
    pub mine: Option<Standing>,
}

/// A session's page: the completions recorded, of those the reader may see by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionDetail {
    pub session: SessionView,
    pub course: CourseView,
    pub attendees: Vec<AttendeeView>,
    /// Completions recorded but not listed (people of departments the reader does not
    /// answer for).
    pub not_listed: usize,
    pub may_manage: bool,
    /// The reader's own completion of this session.
    pub my_completion: Option<Uuid>,
    /// The reader may mark this e-learning session completed (bound, window open, no
    /// quiz to pass instead).
    pub may_self_complete: bool,
    /// The reader may take the course's quiz in this session.
    pub may_take_quiz: bool,
}

/// Someone bound by a course who is not done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TraineeView {
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub department: String,
    pub category: String,
    /// Role codes held today.
    pub roles: Vec<String>,
    pub due_by: NaiveDate,
    pub overdue: bool,
    /// The course binds by role and they hold such a role (a CSIRT member on the
    /// CSIRT exercise): overdue, it is the first thing to fix.
    pub by_role: bool,
}

/// A course's coverage: counts by department, category and role; with a department,
/// the names of who is not done there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseCoverage {
    pub course: CourseView,
    pub by_department: Vec<CoverageRow>,
    pub by_category: Vec<CoverageRow>,
    pub by_role: Vec<CoverageRow>,
    pub department: Option<Uuid>,
    pub names_shown: bool,
    pub pending: Vec<TraineeView>,
}

/// One person overdue on a course that binds them by a role they hold.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoleOverdue {
    pub course_id: Uuid,
    pub course_code: String,
    pub course_title: String,
    pub role: String,
    pub role_ja: String,
    pub role_en: String,
    /// Shown to those who may see the person's department's names; otherwise empty.
    pub name: String,
    pub department: String,
    pub due_by: NaiveDate,
}

/// Coverage of every current course, with role holders overdue on their role's
/// course called out.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CoverageOverview {
    pub courses: Vec<CourseView>,
    pub role_overdue: Vec<RoleOverdue>,
    /// Done over required across every course.
    #[schema(value_type = Object)]
    pub total: Tally,
    pub percent: u32,
}

/// A course as it stands for the reader, for their home page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyCourse {
    pub course_id: Uuid,
    pub code: String,
    pub title: String,
    #[schema(value_type = Object)]
    pub standing: Standing,
    /// An e-learning session open today they can complete or take the quiz in.
    pub open_session: Option<Uuid>,
    pub has_quiz: bool,
    /// Their latest completion (for the certificate).
    pub last_completion: Option<Uuid>,
}

/// A question as an attempt shows it: options in the shuffled order, each carrying its
/// position in the question as written (what the answer names).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShownQuestion {
    pub id: Uuid,
    pub text: String,
    pub multiple: bool,
    /// `(position as written, counting from 1; text)`, in the order shown.
    pub options: Vec<(u32, String)>,
}

/// An attempt: open to answer, or submitted with its result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    pub id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub session_id: Uuid,
    pub pass_percent: i32,
    pub questions: Vec<ShownQuestion>,
    pub started_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub right: i32,
    pub total: i32,
    pub passed: bool,
    /// For a submitted attempt: each question shown, right or not.
    pub marks: Vec<(Uuid, bool)>,
    /// Attempts made, and allowed (0: no limit).
    pub attempts_made: usize,
    pub max_attempts: i32,
}

/// How one question has been answered over every attempt, for the trainer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionStats {
    pub id: Uuid,
    pub number: i32,
    pub text: String,
    pub options: Vec<String>,
    /// Correct positions, counting from 1.
    pub correct: Vec<u32>,
    pub multiple: bool,
    pub retired: bool,
    pub answered: i64,
    pub right: i64,
    /// Right as a whole percentage of those answered (100 with none).
    pub percent_right: i64,
}

/// A course's quiz for the trainer: the questions with their results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuizDetail {
    pub course: CourseView,
    pub questions: Vec<QuestionStats>,
    pub attempts: u64,
    pub passed: u64,
}

/// A certificate of completion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Certificate {
    /// TRN-001-S-0003-1234: course, session and employee number.
    pub number: String,
    pub org_name: String,
    pub name: String,
    pub employee_number: String,
    pub department: String,
    pub course_title: String,
    pub course_kind_ja: String,
    pub course_kind_en: String,
    pub session_code: String,
    pub mode_ja: String,
    pub mode_en: String,
    pub trainer: String,
    pub completed_on: NaiveDate,
}

/// A drill's counts (sent, opened, clicked, reported) with rates in tenths of a
/// percent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RatesView {
    pub sent: u32,
    pub opened: u32,
    pub clicked: u32,
    pub reported: u32,
    pub open_permille: u32,
    pub click_permille: u32,
    pub report_permille: u32,
}

/// A targeted-mail drill.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillView {
    pub id: Uuid,
    /// PD-01.
    pub code: String,
    pub title: String,
    pub sent_on: NaiveDate,
    pub vendor: String,
    pub note: String,
    pub rates: RatesView,
}

/// A department's results in one drill.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillDepartment {
    pub department_id: Option<Uuid>,
    /// Empty for recipients placed in no department.
    pub department: String,
    pub rates: RatesView,
}

/// Someone who clicked, or did not report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillPerson {
    pub employee_number: String,
    pub name: String,
    pub department: String,
    pub opened: bool,
    pub clicked: bool,
    pub reported: bool,
}

/// A drill's page: counts by department, and names for those who may see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillDetail {
    pub drill: DrillView,
    pub by_department: Vec<DrillDepartment>,
    /// Those who clicked, of departments the reader answers for.
    pub clicked: Vec<DrillPerson>,
    pub may_manage: bool,
}

/// Drills in the order they were sent, with each department's click rate in each:
/// the trend across drills.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrillTrend {
    pub drills: Vec<DrillView>,
    /// `(department, click rate per drill in tenths of a percent; None where it had
    /// no recipients)`.
    pub departments: Vec<(String, Vec<Option<u32>>)>,
}
