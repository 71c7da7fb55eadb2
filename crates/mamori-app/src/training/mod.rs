//! Training and drills (研修・訓練, the policy's §8): courses with whom they bind and
//! how often, sessions, completions (recorded by the trainer, imported from a sheet,
//! completed by the person in e-learning, or earned by passing the quiz), quizzes
//! scored question by question, certificates of completion, coverage by department,
//! category and role, and targeted-mail drills with their trend.
//!
//! Who is due is worked out from the staff register and role assignments on the day
//! asked (see `mamori_domain::training`), never stored.

mod bulk;
mod coverage;
pub use coverage::COVERAGE_HEADERS;
pub(crate) use reads::Loaded;
mod input;
pub mod phishing;
mod quiz;
mod reads;
mod reminders;
mod row;
mod view;
mod writes;

pub use input::{
    AnswersInput, AttendanceInput, CourseInput, DrillInput, QuestionInput, SessionInput,
};
pub use view::{
    AttemptView, AttendeeView, Certificate, CourseCoverage, CourseDetail, CourseView,
    CoverageOverview, DrillDepartment, DrillDetail, DrillPerson, DrillTrend, DrillView, MyCourse,
    QuestionStats, QuizDetail, RatesView, RoleOverdue, SessionDetail, SessionView, ShownQuestion,
    TraineeView,
};
