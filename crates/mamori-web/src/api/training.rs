//! `/api/v1/trainings`: courses, their sessions and completions, quizzes, coverage,
//! and targeted-mail drills. Bodies are the application's own inputs, so the API
//! accepts exactly what the forms accept.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::training::{
    AnswersInput, AttemptView, AttendanceInput, CourseCoverage, CourseDetail, CourseInput,
    CourseView, CoverageOverview, DrillDetail, DrillInput, DrillTrend, MyCourse, QuestionInput,
    QuizDetail, SessionDetail, SessionInput, SessionView,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/trainings" => get(list_courses).post(create_course),
        "/trainings/mine" => get(my_courses),
        "/trainings/coverage" => get(coverage_overview),
        "/trainings/{id}" => get(get_course).put(update_course),
        "/trainings/{id}/coverage" => get(course_coverage),
        "/trainings/{id}/sessions" => post(create_session),
        "/trainings/{id}/quiz" => get(get_quiz).post(add_question),
        "/training-sessions" => get(list_sessions),
        "/training-sessions/{id}" => get(get_session).put(update_session),
        "/training-sessions/{id}/attendance" => post(record_attendance),
        "/training-sessions/{id}/complete" => post(complete_session),
        "/training-sessions/{id}/attempts" => post(start_attempt),
        "/quiz-attempts/{id}" => get(get_attempt).post(submit_attempt),
        "/drills" => get(list_drills).post(create_drill),
        "/drills/{id}" => get(get_drill),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_courses,
        create_course,
        my_courses,
        coverage_overview,
        get_course,
        update_course,
        course_coverage,
        create_session,
        get_quiz,
        add_question,
        list_sessions,
        get_session,
        update_session,
        record_attendance,
        complete_session,
        start_attempt,
        get_attempt,
        submit_attempt,
        list_drills,
        create_drill,
        get_drill
    ),
    components(schemas(
        CourseView,
        CourseDetail,
        CourseInput,
        CourseCoverage,
        CoverageOverview,
        SessionView,
        SessionDetail,
        SessionInput,
        AttendanceInput,
        Recorded,
        QuestionInput,
        QuizDetail,
        AnswersInput,
        AttemptView,
        MyCourse,
        DrillInput,
        DrillTrend,
        DrillDetail,
        Created,
        mamori_app::training::AttendeeView,
        mamori_app::training::TraineeView,
        mamori_app::training::RoleOverdue,
        mamori_app::training::QuestionStats,
        mamori_app::training::ShownQuestion,
        mamori_app::training::DrillView,
        mamori_app::training::DrillDepartment,
        mamori_app::training::DrillPerson,
        mamori_app::training::RatesView,
        mamori_app::coverage::CoverageRow
    ))
)]
pub struct TrainingDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: Uuid,
}

/// Completions just recorded.
#[derive(Serialize, ToSchema)]
pub struct Recorded {
    /// New completions (those already recorded are not counted again).
    pub added: usize,
}

/// Which department's coverage.
#[derive(Deserialize, IntoParams)]
pub struct CoverageParams {
    /// Counts the departments under this one, and lists the names of who is not done
    /// there (for those who answer for it).
    pub department: Option<Uuid>,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(Created { id })).into_response()
}

/// The organization's courses with today's counts.
#[utoipa::path(get, path = "/trainings", tag = "training", responses((status = 200, body = [CourseView])))]
pub async fn list_courses(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CourseView>>> {
    Ok(Json(api(s.app.training_courses(&a.actor).await)?))
}

/// Adds a course.
#[utoipa::path(post, path = "/trainings", tag = "training", request_body = CourseInput, responses((status = 201, body = Created), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_course(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<CourseInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_course(&a.actor, &w).await)?))
}

/// The courses that bind the caller, with where they stand.
#[utoipa::path(get, path = "/trainings/mine", tag = "training", responses((status = 200, body = [MyCourse])))]
pub async fn my_courses(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<Vec<MyCourse>>> {
    Ok(Json(api(s.app.my_training(&a.actor).await)?))
}

/// Every current course's coverage, and role holders overdue on their role's course.
#[utoipa::path(get, path = "/trainings/coverage", tag = "training", responses((status = 200, body = CoverageOverview), (status = 403, body = ApiError)))]
pub async fn coverage_overview(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<CoverageOverview>> {
    Ok(Json(api(s.app.training_coverage(&a.actor).await)?))
}

/// A course with its sessions.
#[utoipa::path(get, path = "/trainings/{id}", tag = "training", params(("id" = Uuid, Path)), responses((status = 200, body = CourseDetail), (status = 404, body = ApiError)))]
pub async fn get_course(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CourseDetail>> {
    Ok(Json(api(s.app.training_course(&a.actor, id).await)?))
}

/// Changes a course (or retires it).
#[utoipa::path(put, path = "/trainings/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = CourseInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_course(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CourseInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_course(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A course's coverage by department, category and role.
#[utoipa::path(get, path = "/trainings/{id}/coverage", tag = "training", params(("id" = Uuid, Path), CoverageParams), responses((status = 200, body = CourseCoverage), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn course_coverage(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Query(q): Query<CoverageParams>,
) -> ApiResult<Json<CourseCoverage>> {
    Ok(Json(api(s
        .app
        .course_coverage(&a.actor, id, q.department, false)
        .await)?))
}

/// Adds a session to a course.
#[utoipa::path(post, path = "/trainings/{id}/sessions", tag = "training", params(("id" = Uuid, Path)), request_body = SessionInput, responses((status = 201, body = Created), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_session(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<SessionInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_session(&a.actor, id, &w).await)?))
}

/// A course's quiz questions with each one's results.
#[utoipa::path(get, path = "/trainings/{id}/quiz", tag = "training", params(("id" = Uuid, Path)), responses((status = 200, body = QuizDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_quiz(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<QuizDetail>> {
    Ok(Json(api(s.app.quiz_detail(&a.actor, id).await)?))
}

/// Adds a question to a course's quiz.
#[utoipa::path(post, path = "/trainings/{id}/quiz", tag = "training", params(("id" = Uuid, Path)), request_body = QuestionInput, responses((status = 201, body = Created), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_question(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<QuestionInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_question(&a.actor, id, &w).await)?))
}

/// Every course's sessions, newest first.
#[utoipa::path(get, path = "/training-sessions", tag = "training", responses((status = 200, body = [SessionView])))]
pub async fn list_sessions(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<SessionView>>> {
    Ok(Json(api(s.app.training_sessions(&a.actor).await)?))
}

/// A session with the completions the caller may see by name.
#[utoipa::path(get, path = "/training-sessions/{id}", tag = "training", params(("id" = Uuid, Path)), responses((status = 200, body = SessionDetail), (status = 404, body = ApiError)))]
pub async fn get_session(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<SessionDetail>> {
    Ok(Json(api(s.app.training_session(&a.actor, id).await)?))
}

/// Changes a session.
#[utoipa::path(put, path = "/training-sessions/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = SessionInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_session(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<SessionInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_session(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records completions by employee number; all or nothing.
#[utoipa::path(post, path = "/training-sessions/{id}/attendance", tag = "training", params(("id" = Uuid, Path)), request_body = AttendanceInput, responses((status = 200, body = Recorded), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_attendance(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AttendanceInput>,
) -> ApiResult<Json<Recorded>> {
    let added = api(s.app.record_attendance(&a.actor, id, &w).await)?;
    Ok(Json(Recorded { added }))
}

/// The caller completes an open e-learning session that has no quiz.
#[utoipa::path(post, path = "/training-sessions/{id}/complete", tag = "training", params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn complete_session(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.complete_session(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Starts (or resumes) the caller's attempt at the session's quiz.
#[utoipa::path(post, path = "/training-sessions/{id}/attempts", tag = "training", params(("id" = Uuid, Path)), responses((status = 201, body = Created), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn start_attempt(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.start_attempt(&a.actor, id).await)?))
}

/// The caller's attempt: questions in the order drawn, and its result once scored.
#[utoipa::path(get, path = "/quiz-attempts/{id}", tag = "training", params(("id" = Uuid, Path)), responses((status = 200, body = AttemptView), (status = 404, body = ApiError)))]
pub async fn get_attempt(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AttemptView>> {
    Ok(Json(api(s.app.attempt(&a.actor, id).await)?))
}

/// Scores the caller's answers; a pass completes the course.
#[utoipa::path(post, path = "/quiz-attempts/{id}", tag = "training", params(("id" = Uuid, Path)), request_body = AnswersInput, responses((status = 200, body = AttemptView), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn submit_attempt(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AnswersInput>,
) -> ApiResult<Json<AttemptView>> {
    Ok(Json(api(s.app.submit_attempt(&a.actor, id, &w).await)?))
}

/// Drills in the order sent, with each department's click rate in each.
#[utoipa::path(get, path = "/drills", tag = "training", responses((status = 200, body = DrillTrend), (status = 403, body = ApiError)))]
pub async fn list_drills(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<DrillTrend>> {
    Ok(Json(api(s.app.drill_trend(&a.actor).await)?))
}

/// Records a drill (its results are imported from the vendor's report).
#[utoipa::path(post, path = "/drills", tag = "training", request_body = DrillInput, responses((status = 201, body = Created), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_drill(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<DrillInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_drill(&a.actor, &w).await)?))
}

/// A drill's results by department, and who clicked where the caller may see names.
#[utoipa::path(get, path = "/drills/{id}", tag = "training", params(("id" = Uuid, Path)), responses((status = 200, body = DrillDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_drill(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DrillDetail>> {
    Ok(Json(api(s.app.drill_detail(&a.actor, id).await)?))
}
