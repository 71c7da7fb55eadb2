//! Version 16: training and drills.
//!
//! - `training_courses`: a course, the rule over the staff register it binds (as
//!   JSON), how often, how long a newly bound person has, and its quiz's pass mark.
//! - `training_sessions`: when and how a course is held (a room, an e-learning
//!   window, an exercise), by whom, with what materials.
//! - `training_attendance`: one person's completion of a session, and how it came to
//!   be recorded (by the trainer, an imported sheet, the person, a passed quiz).
//! - `quiz_questions`, `quiz_attempts`, `quiz_marks`: a course's question bank, each
//!   sitting with the order it was shown in, and each question's result, so the
//!   trainer sees which question people get wrong.
//! - `phishing_drills`, `phishing_results`: targeted-mail drills and what each
//!   recipient did (opened, clicked, reported).

use sea_orm::sea_query::{ColumnDef, ForeignKeyAction, IndexCreateStatement, TableCreateStatement};

use super::cols::{boolean, date, fk, idx, tenant_table, text, ts, uuid_col};

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn day(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().to_owned()
}

pub(super) fn v16_tables() -> Vec<TableCreateStatement> {
    vec![
        tenant_table("training_courses")
            .col(int("number"))
            .col(text("kind", false))
            .col(text("title", false))
            .col(text("description", false))
            .col(text("frequency", false))
            .col(text("audience", false))
            .col(int("grace_days"))
            .col(day("applies_from"))
            .col(int("pass_percent"))
            .col(int("max_attempts"))
            .col(boolean("retired"))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .col(ts("updated_at", false))
            .to_owned(),
        tenant_table("training_sessions")
            .col(uuid_col("course_id", false))
            .col(int("number"))
            .col(day("held_on"))
            .col(date("until"))
            .col(text("mode", false))
            .col(text("place", false))
            .col(text("trainer", false))
            .col(text("materials", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .foreign_key(&mut fk(
                "training_sessions",
                "course_id",
                "training_courses",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("training_attendance")
            .col(uuid_col("course_id", false))
            .col(uuid_col("session_id", false))
            .col(uuid_col("staff_id", false))
            .col(day("completed_on"))
            .col(text("source", false))
            .col(text("recorded_by", false))
            .col(ts("recorded_at", false))
            .foreign_key(&mut fk(
                "training_attendance",
                "session_id",
                "training_sessions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("quiz_questions")
            .col(uuid_col("course_id", false))
            .col(int("number"))
            .col(text("text", false))
            .col(text("options", false))
            .col(text("correct", false))
            .col(boolean("multiple"))
            .col(boolean("retired"))
            .col(ts("created_at", false))
            .foreign_key(&mut fk(
                "quiz_questions",
                "course_id",
                "training_courses",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("quiz_attempts")
            .col(uuid_col("course_id", false))
            .col(uuid_col("session_id", false))
            .col(uuid_col("staff_id", false))
            .col(text("shown", false))
            .col(ts("started_at", false))
            .col(ts("submitted_at", true))
            .col(int("right_count"))
            .col(int("total"))
            .col(boolean("passed"))
            .foreign_key(&mut fk(
                "quiz_attempts",
                "session_id",
                "training_sessions",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("quiz_marks")
            .col(uuid_col("attempt_id", false))
            .col(uuid_col("course_id", false))
            .col(uuid_col("question_id", false))
            .col(text("chosen", false))
            .col(boolean("right"))
            .foreign_key(&mut fk(
                "quiz_marks",
                "attempt_id",
                "quiz_attempts",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
        tenant_table("phishing_drills")
            .col(int("number"))
            .col(text("title", false))
            .col(day("sent_on"))
            .col(text("vendor", false))
            .col(text("note", false))
            .col(text("created_by", false))
            .col(ts("created_at", false))
            .to_owned(),
        tenant_table("phishing_results")
            .col(uuid_col("drill_id", false))
            .col(uuid_col("staff_id", false))
            .col(boolean("opened"))
            .col(boolean("clicked"))
            .col(boolean("reported"))
            .foreign_key(&mut fk(
                "phishing_results",
                "drill_id",
                "phishing_drills",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    ]
}

pub(super) fn v16_indexes() -> Vec<IndexCreateStatement> {
    vec![
        idx(
            "ux_training_courses_number",
            "training_courses",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ux_training_sessions_number",
            "training_sessions",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ix_training_sessions_course",
            "training_sessions",
            &["course_id", "held_on"],
            false,
        ),
        idx(
            "ux_training_attendance_person",
            "training_attendance",
            &["session_id", "staff_id"],
            true,
        ),
        // Coverage reads each person's latest completion of each course.
        idx(
            "ix_training_attendance_course",
            "training_attendance",
            &["org_id", "course_id", "staff_id", "completed_on"],
            false,
        ),
        idx(
            "ix_training_attendance_staff",
            "training_attendance",
            &["org_id", "staff_id"],
            false,
        ),
        idx(
            "ix_quiz_questions_course",
            "quiz_questions",
            &["course_id", "number"],
            false,
        ),
        idx(
            "ix_quiz_attempts_person",
            "quiz_attempts",
            &["org_id", "course_id", "staff_id"],
            false,
        ),
        idx(
            "ix_quiz_marks_attempt",
            "quiz_marks",
            &["attempt_id"],
            false,
        ),
        idx(
            "ix_quiz_marks_course",
            "quiz_marks",
            &["course_id", "question_id"],
            false,
        ),
        idx(
            "ux_phishing_drills_number",
            "phishing_drills",
            &["org_id", "number"],
            true,
        ),
        idx(
            "ux_phishing_results_person",
            "phishing_results",
            &["drill_id", "staff_id"],
            true,
        ),
    ]
}
