//! What a form or the API sends to write courses, sessions, attendance, quiz
//! questions and answers, and drills.

use std::collections::HashMap;

use mamori_domain::training::{CourseKind, Frequency};
use mamori_domain::{Invalid, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A course, new or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CourseInput {
    /// `all_staff`, `new_hire`, `managers`, `csirt`, `phishing`, `contractors`,
    /// `it_staff` or `other` (or the Japanese label).
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// `annual`, `on_hire`, `on_role` or `once`.
    pub frequency: String,
    /// Categories of staff (codes or labels); empty: every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Departments (ids), each with those under it; empty: every department.
    #[serde(default)]
    pub departments: Vec<Uuid>,
    /// Contractors' staff are bound too.
    #[serde(default)]
    pub contractors: bool,
    /// Roles (codes such as `csirt`); when given, only their holders are bound.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Days a newly bound person has (new hire, new role). Default 30.
    #[serde(default)]
    pub grace_days: Option<i32>,
    /// The day the course began to bind (default: today).
    #[serde(default)]
    pub applies_from: String,
    /// The quiz's pass mark in percent (default 80).
    #[serde(default)]
    pub pass_percent: Option<i32>,
    /// Attempts allowed at the quiz; 0: no limit (default 3).
    #[serde(default)]
    pub max_attempts: Option<i32>,
    /// When changing a course: take it out of coverage and home pages (its records
    /// are kept). Ignored when adding one.
    #[serde(default)]
    pub retired: bool,
}

pub(super) struct ParsedCourse {
    pub kind: CourseKind,
    pub frequency: Frequency,
    pub audience: mamori_domain::training::Audience,
}

impl CourseInput {
    pub(super) fn parse(&self, inv: &mut Invalid) -> Option<ParsedCourse> {
        let kind = inv.check("kind", CourseKind::parse(&self.kind));
        let frequency = inv.check("frequency", Frequency::parse(&self.frequency));
        let staff = crate::policies::acks::staff_audience(
            &self.categories,
            &self.departments,
            self.contractors,
            inv,
        );
        let mut roles = Vec::new();
        for r in self.roles.iter().filter(|r| !r.trim().is_empty()) {
            if let Some(r) = inv.check("roles", Role::parse(r)) {
                roles.push(r);
            }
        }
        roles.sort();
        roles.dedup();
        Some(ParsedCourse {
            kind: kind?,
            frequency: frequency?,
            audience: mamori_domain::training::Audience { staff, roles },
        })
    }

    pub(super) fn grace_days(&self) -> i32 {
        self.grace_days.unwrap_or(30)
    }

    pub(super) fn pass_percent(&self) -> i32 {
        self.pass_percent.unwrap_or(80)
    }

    pub(super) fn max_attempts(&self) -> i32 {
        self.max_attempts.unwrap_or(3)
    }
}

/// A session of a course.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct SessionInput {
    /// The day it is held, or an e-learning window's first day.
    pub held_on: String,
    /// An e-learning window's last day.
    #[serde(default)]
    pub until: String,
    /// `classroom`, `e_learning` or `exercise`.
    pub mode: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub trainer: String,
    /// What was used (slides, a video, the policy's sections), as text.
    #[serde(default)]
    pub materials: String,
}

/// Completions recorded by the trainer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AttendanceInput {
    /// Employee numbers, one per line (or separated by commas or spaces).
    pub employee_numbers: String,
    /// The day they completed it (default: the session's day).
    #[serde(default)]
    pub completed_on: String,
}

impl AttendanceInput {
    pub(super) fn numbers(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .employee_numbers
            .split(|c: char| c == ',' || c == '、' || c.is_whitespace())
            .map(mamori_domain::text::clean)
            .filter(|s| !s.is_empty())
            .collect();
        out.dedup();
        out
    }
}

/// A quiz question, new or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct QuestionInput {
    pub text: String,
    /// The options, in the order written (2 to 10).
    pub options: Vec<String>,
    /// The correct options' positions, counting from 1.
    pub correct: Vec<u32>,
    /// More than one option may be right, and all of them must be chosen.
    #[serde(default)]
    pub multiple: bool,
}

/// The answers to an attempt: for each question's id, the options chosen by their
/// position in the question as written, counting from 1.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AnswersInput {
    #[serde(default)]
    pub answers: HashMap<Uuid, Vec<u32>>,
}

/// A targeted-mail drill.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DrillInput {
    pub title: String,
    /// The day the drill mail was sent.
    pub sent_on: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub note: String,
}
