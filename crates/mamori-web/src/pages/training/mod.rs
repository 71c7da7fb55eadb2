//! Training and drills on the screens: the courses with their coverage, a course with
//! its sessions, quiz and settings, a session with its completions, the quiz a person
//! takes, certificates, coverage by department and role, and targeted-mail drills.

mod courses;
mod drills;
mod quiz;
mod sessions;

use mamori_domain::Role;
use mamori_domain::training::{CourseKind, Frequency, SessionMode};

use crate::i18n::Lang;
use crate::pages::{Choice, choices};
use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/training" => get(courses::list),
        "/training/new" => get(courses::new_page).post(courses::create),
        "/training/coverage.xlsx" => get(courses::export),
        "/training/{id}" => get(courses::page).post(courses::update),
        "/training/{id}/coverage" => get(courses::coverage),
        "/training/{id}/sessions" => post(sessions::create),
        "/training/{id}/quiz" => get(quiz::bank).post(quiz::add),
        "/training/{id}/quiz/{q}/retire" => post(quiz::retire),
        "/training/sessions/{id}" => get(sessions::page).post(sessions::update),
        "/training/sessions/{id}/attendance" => post(sessions::record),
        "/training/sessions/{id}/attendance/{staff}/remove" => post(sessions::remove),
        "/training/sessions/{id}/complete" => post(sessions::complete),
        "/training/sessions/{id}/quiz" => post(quiz::start),
        "/training/attempts/{id}" => get(quiz::attempt).post(quiz::submit),
        "/training/certificates/{id}" => get(sessions::certificate),
        "/training/drills" => get(drills::list).post(drills::create),
        "/training/drills/{id}" => get(drills::page),
    }
}

fn kind_choices(lang: Lang) -> Vec<Choice> {
    choices(&CourseKind::ALL, CourseKind::code, CourseKind::label, lang)
}

fn frequency_choices(lang: Lang) -> Vec<Choice> {
    choices(&Frequency::ALL, Frequency::code, Frequency::label, lang)
}

fn mode_choices(lang: Lang) -> Vec<Choice> {
    choices(
        &SessionMode::ALL,
        SessionMode::code,
        SessionMode::label,
        lang,
    )
}

fn role_choices(lang: Lang) -> Vec<Choice> {
    choices(&Role::ALL, Role::code, Role::label, lang)
}
