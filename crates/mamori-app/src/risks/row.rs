//! A risk's row as stored: its three evaluations in their columns, its acceptance, and
//! a new row's defaults. The mapping between the domain's `Factors` and `Evaluation`
//! and the `inherent_*`, `current_*` and `residual_*` columns lives here: read back
//! ([`stage_of`]), written ([`set_stage`]) and named for the store's filters
//! ([`stage_cols`]).

use chrono::NaiveDate;
use mamori_domain::risk::{
    Acceptance, Evaluation, Factors, RiskMethod, RiskStatus, Stage, Treatment, close_check,
};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::risk;
use mamori_store::risks::StageCols;
use uuid::Uuid;

fn small(v: Option<i16>) -> Option<u8> {
    v.and_then(|v| u8::try_from(v).ok())
}

/// A stored evaluation, read back as the method understands it.
pub(super) fn stage_of(
    m: &risk::Model,
    stage: Stage,
    method: &RiskMethod,
) -> Option<(Factors, Evaluation)> {
    let (f1, f2, f3, score, level) = match stage {
        Stage::Inherent => (
            m.inherent_f1,
            m.inherent_f2,
            m.inherent_f3,
            m.inherent_score,
            m.inherent_level,
        ),
        Stage::Current => (
            m.current_f1,
            m.current_f2,
            m.current_f3,
            m.current_score,
            m.current_level,
        ),
        Stage::Residual => (
            m.residual_f1,
            m.residual_f2,
            m.residual_f3,
            m.residual_score,
            m.residual_level,
        ),
    };
    let factors = Factors::from_columns(method.is_ipa(), small(f1)?, small(f2)?, small(f3))?;
    let e = Evaluation {
        score: small(score)?,
        level: usize::try_from(level?).ok()?,
    };
    Some((factors, e))
}

/// Writes one stage's evaluation into the row (or clears it).
pub(super) fn set_stage(
    m: &mut risk::Model,
    stage: Stage,
    method: &RiskMethod,
    factors: Option<Factors>,
) -> Result<Option<Evaluation>, FieldError> {
    let e = factors
        .map(|f| method.evaluate(f))
        .transpose()
        .map_err(|mut e| {
            e.field = format!("{}.{}", stage.code(), e.field);
            e
        })?;
    let cols = match (factors, e) {
        (Some(f), Some(e)) => {
            let (f1, f2, f3) = f.to_columns();
            let (x, y) = method.cell(f);
            [
                Some(i16::from(f1)),
                Some(i16::from(f2)),
                f3.map(i16::from),
                Some(i16::from(e.score)),
                i16::try_from(e.level).ok(),
                Some(i16::from(x)),
                Some(i16::from(y)),
            ]
        }
        _ => [None; 7],
    };
    let [f1, f2, f3, score, level, x, y] = cols;
    match stage {
        Stage::Inherent => {
            (m.inherent_f1, m.inherent_f2, m.inherent_f3) = (f1, f2, f3);
            (
                m.inherent_score,
                m.inherent_level,
                m.inherent_x,
                m.inherent_y,
            ) = (score, level, x, y);
        }
        Stage::Current => {
            (m.current_f1, m.current_f2, m.current_f3) = (f1, f2, f3);
            (m.current_score, m.current_level, m.current_x, m.current_y) = (score, level, x, y);
        }
        Stage::Residual => {
            (m.residual_f1, m.residual_f2, m.residual_f3) = (f1, f2, f3);
            (
                m.residual_score,
                m.residual_level,
                m.residual_x,
                m.residual_y,
            ) = (score, level, x, y);
        }
    }
    Ok(e)
}

/// The store's columns of a stage, for filters and heat maps.
pub(super) fn stage_cols(s: Stage) -> StageCols {
    match s {
        Stage::Inherent => StageCols::Inherent,
        Stage::Current => StageCols::Current,
        Stage::Residual => StageCols::Residual,
    }
}

/// The acceptance recorded on a risk, if any.
pub(super) fn acceptance_of(m: &risk::Model) -> Option<Acceptance> {
    Some(Acceptance {
        by: m.accepted_by.clone(),
        on: m.accepted_on?,
        reason: m.acceptance_reason.clone(),
        expires_on: m.acceptance_expires_on?,
    })
}

/// Voids a recorded acceptance.
pub(super) fn clear_acceptance(m: &mut risk::Model) {
    m.accepted_by.clear();
    m.accepted_on = None;
    m.acceptance_reason.clear();
    m.acceptance_expires_on = None;
}

/// Whether the domain's closing rule holds for the stored risk.
pub(super) fn closable(
    m: &risk::Model,
    method: &RiskMethod,
    today: NaiveDate,
) -> Result<(), Invalid> {
    let residual = stage_of(m, Stage::Residual, method).map(|(_, e)| e);
    let treatment = m
        .treatment
        .as_deref()
        .and_then(|t| Treatment::parse(t).ok());
    close_check(
        method,
        residual,
        treatment,
        acceptance_of(m).as_ref(),
        today,
    )
}

/// Risk numbers: `R-0001`, per organization.
fn risk_number(seq: i64) -> String {
    format!("R-{seq:04}")
}

/// A new row: a draft with nothing evaluated.
pub(super) fn blank(
    id: Uuid,
    org_id: Uuid,
    seq: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> risk::Model {
    risk::Model {
        id,
        org_id,
        number: risk_number(seq),
        number_seq: Some(seq),
        title: String::new(),
        description: String::new(),
        department_id: None,
        asset_group: String::new(),
        threat_id: None,
        vulnerability_id: None,
        inherent_f1: None,
        inherent_f2: None,
        inherent_f3: None,
        inherent_score: None,
        inherent_level: None,
        inherent_x: None,
        inherent_y: None,
        current_f1: None,
        current_f2: None,
        current_f3: None,
        current_score: None,
        current_level: None,
        current_x: None,
        current_y: None,
        residual_f1: None,
        residual_f2: None,
        residual_f3: None,
        residual_score: None,
        residual_level: None,
        residual_x: None,
        residual_y: None,
        treatment: None,
        treatment_note: String::new(),
        status: RiskStatus::Draft.code().into(),
        owner_staff_id: None,
        due_on: None,
        review_on: None,
        campaign_id: None,
        accepted_by: String::new(),
        accepted_on: None,
        acceptance_reason: String::new(),
        acceptance_expires_on: None,
        search_key: String::new(),
        created_at: now,
        updated_at: now,
    }
}
