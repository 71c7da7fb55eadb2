//! A generated risk register over the generated asset register: each risk belongs to
//! a section that holds assets, names one of the catalog's threats (and often a
//! vulnerability), links one to three of that section's assets, and carries IPA
//! evaluations, a treatment and a status drawn from a seeded generator, so that the
//! register's filters and the heat map have a realistic selectivity.
//!
//! The same [`Spec`] becomes either an API body (`POST /api/v1/risks`, always open
//! since that is what creating a risk makes) or a stored row written in bulk through
//! the store, evaluated by the domain's method exactly as the application stores it.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, anyhow};
use chrono::{DateTime, Days, NaiveDate, Utc};
use mamori_domain::risk::{Factors, RiskMethod};
use mamori_store::entity::{risk, risk_asset};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::assets::register::{self, Rng};

/// The catalog's threats with a word their risks' titles carry; `T-MISSEND`'s is the
/// search term.
pub const THREATS: [(&str, &str); 25] = [
    ("T-MISSEND", "誤送信"),
    ("T-LOSS-DEVICE", "端末の紛失"),
    ("T-LOSS-PAPER", "書類の紛失"),
    ("T-MALWARE", "マルウェア感染"),
    ("T-RANSOMWARE", "ランサムウェア"),
    ("T-UNAUTH-ACCESS", "不正アクセス"),
    ("T-PHISHING", "標的型攻撃メール"),
    ("T-INSIDER", "内部不正"),
    ("T-VENDOR-INCIDENT", "委託先事故"),
    ("T-CLOUD-OUTAGE", "クラウド停止"),
    ("T-POWER-OUTAGE", "停電"),
    ("T-EARTHQUAKE", "地震"),
    ("T-LIGHTNING", "落雷"),
    ("T-FIRE", "火災"),
    ("T-FLOOD", "水害"),
    ("T-MISDISPOSAL", "誤廃棄"),
    ("T-MISCONFIG", "設定ミス"),
    ("T-VULN-EXPLOIT", "脆弱性の悪用"),
    ("T-SHOULDER", "のぞき見"),
    ("T-HW-FAILURE", "機器の故障"),
    ("T-NETWORK-FAILURE", "通信障害"),
    ("T-DDOS", "DoS攻撃"),
    ("T-WEB-DEFACE", "改ざん"),
    ("T-MISOPERATION", "誤操作"),
    ("T-INTRUSION", "不審者の侵入"),
];
pub const SEARCH: &str = "誤送信";

const VULNERABILITIES: [&str; 21] = [
    "V-TRAINING",
    "V-LOCK",
    "V-PATCH",
    "V-WEAK-PASSWORD",
    "V-NO-MFA",
    "V-BACKUP",
    "V-VENDOR-MGMT",
    "V-NO-LOG",
    "V-TAKEOUT",
    "V-NO-ENCRYPTION",
    "V-QUAKE-FIRE",
    "V-NO-UPS",
    "V-SPOF",
    "V-NO-SEND-CHECK",
    "V-EXCESS-PRIVILEGE",
    "V-EOL",
    "V-NO-REGISTER",
    "V-DISPOSAL-PROC",
    "V-NO-SEGMENTATION",
    "V-CLEAR-DESK",
    "V-FLOOD-SITE",
];

const SUBJECTS: [&str; 8] = [
    "住民記録",
    "課税資料",
    "福祉台帳",
    "業務端末",
    "申請書類",
    "業務システム",
    "ファイルサーバ",
    "執務室",
];

/// Where a generated risk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Inherent evaluation only, as a campaign drafts it.
    Draft,
    Open,
    /// Closed with an acceptance in force.
    Accepted,
    /// Closed with an acceptance that expired (due for review).
    Expired,
    /// Closed, its review date passed (due for review).
    ReviewPassed,
    /// Closed, residual risk low, review date ahead.
    Closed,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Draft => "draft",
            Kind::Open => "open",
            Kind::Accepted => "closed, accepted",
            Kind::Expired => "closed, acceptance expired",
            Kind::ReviewPassed => "closed, review date passed",
            Kind::Closed => "closed",
        }
    }
}

/// One risk to create.
#[derive(Debug, Clone)]
pub struct Spec {
    pub section: String,
    pub threat: usize,
    pub vulnerability: Option<&'static str>,
    pub assets: Vec<String>,
    pub subject: &'static str,
    /// Importance, likelihood, vulnerability per stage.
    pub inherent: [u8; 3],
    pub current: [u8; 3],
    pub residual: [u8; 3],
    pub treatment: Option<&'static str>,
    pub kind: Kind,
    /// Days from today.
    pub due: i64,
    pub review: i64,
}

impl Spec {
    fn threat(&self) -> (&'static str, &'static str) {
        THREATS
            .get(self.threat)
            .copied()
            .unwrap_or(("T-MISSEND", SEARCH))
    }

    pub fn title(&self) -> String {
        let (_, word) = self.threat();
        format!("{word}による{}の漏えい・停止", self.subject)
    }

    fn description(&self) -> String {
        format!(
            "{}の{}について、{}が起きた場合の影響を評価する。",
            self.section,
            self.subject,
            self.threat().1
        )
    }
}

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let n = Days::new(offset.unsigned_abs());
    if offset >= 0 {
        today.checked_add_days(n)
    } else {
        today.checked_sub_days(n)
    }
    .unwrap_or(today)
}

/// The generated register's assets by section path, in register order.
pub fn assets_by_section(rows: &[Vec<String>]) -> BTreeMap<String, Vec<String>> {
    let department = register::HEADERS
        .iter()
        .position(|h| *h == "管理部署")
        .unwrap_or(5);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        if let (Some(number), Some(section)) = (row.first(), row.get(department)) {
            out.entry(section.clone()).or_default().push(number.clone());
        }
    }
    out
}

/// `n` risks over the sections of `sections` (path → asset numbers).
pub fn generate(n: usize, seed: u64, sections: &BTreeMap<String, Vec<String>>) -> Vec<Spec> {
    let mut rng = Rng(seed ^ 0x5249_534B);
    let paths: Vec<(&String, &Vec<String>)> = sections.iter().collect();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let Some((section, numbers)) = paths.get(rng.below(paths.len())).copied() else {
            break;
        };
        let links = 1 + rng.below(3);
        let assets = (0..links)
            .filter_map(|_| numbers.get(rng.below(numbers.len())).cloned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let importance = match rng.below(100) {
            0..30 => 1,
            30..75 => 2,
            _ => 3,
        };
        let inherent = [importance, 1 + rng.below(3) as u8, 1 + rng.below(3) as u8];
        let lower = |v: u8, rng: &mut Rng, p: usize| {
            if v > 1 && rng.percent(p) { v - 1 } else { v }
        };
        let current = [importance, inherent[1], lower(inherent[2], &mut rng, 50)];
        let residual = [
            importance,
            lower(current[1], &mut rng, 40),
            lower(current[2], &mut rng, 60),
        ];
        let kind = match rng.below(100) {
            0..8 => Kind::Draft,
            8..65 => Kind::Open,
            65..85 => Kind::Accepted,
            85..90 => Kind::Expired,
            90..95 => Kind::ReviewPassed,
            _ => Kind::Closed,
        };
        let treatment = match kind {
            Kind::Draft => None,
            Kind::Accepted | Kind::Expired => Some("accept"),
            _ => Some(match rng.below(100) {
                0..65 => "reduce",
                65..75 => "transfer",
                75..80 => "avoid",
                _ => "accept",
            }),
        };
        let review = match kind {
            Kind::ReviewPassed => -(1 + rng.below(180) as i64),
            _ => 30 + rng.below(400) as i64,
        };
        out.push(Spec {
            section: section.clone(),
            threat: rng.below(THREATS.len()),
            vulnerability: rng
                .percent(60)
                .then(|| rng.pick(&VULNERABILITIES))
                .filter(|v| !v.is_empty()),
            assets,
            subject: rng.pick(&SUBJECTS),
            inherent,
            current,
            residual,
            treatment,
            kind,
            due: rng.below(360) as i64 - 60,
            review,
        });
    }
    out
}

/// The `POST /api/v1/risks` body of a spec: an open, fully evaluated risk.
pub fn api_body(s: &Spec, today: NaiveDate) -> Value {
    let stage = |f: [u8; 3]| json!({"importance": f[0], "likelihood": f[1], "vulnerability": f[2]});
    json!({
        "title": s.title(),
        "description": s.description(),
        "department": s.section,
        "assets": s.assets,
        "threat": s.threat().0,
        "vulnerability": s.vulnerability.unwrap_or(""),
        "inherent": stage(s.inherent),
        "current": stage(s.current),
        "residual": stage(s.residual),
        "treatment": s.treatment.unwrap_or("reduce"),
        "due_on": day(today, s.due).to_string(),
        "review_on": day(today, s.review).to_string(),
    })
}

/// What the bulk rows refer to, read from the database.
pub struct Refs {
    pub org_id: Uuid,
    pub departments: HashMap<String, Uuid>,
    pub threats: HashMap<String, Uuid>,
    pub vulnerabilities: HashMap<String, Uuid>,
    pub assets: HashMap<String, Uuid>,
}

/// Writes one stage's evaluation into the row as the application does (factors,
/// score, level index, heat-map cell).
fn stage_cols(method: &RiskMethod, f: [u8; 3]) -> Result<[Option<i16>; 7]> {
    let factors = Factors::Ipa {
        importance: f[0],
        likelihood: f[1],
        vulnerability: f[2],
    };
    let e = method
        .evaluate(factors)
        .map_err(|e| anyhow!("evaluating {f:?}: {e:?}"))?;
    let (f1, f2, f3) = factors.to_columns();
    let (x, y) = method.cell(factors);
    Ok([
        Some(i16::from(f1)),
        Some(i16::from(f2)),
        f3.map(i16::from),
        Some(i16::from(e.score)),
        i16::try_from(e.level).ok(),
        Some(i16::from(x)),
        Some(i16::from(y)),
    ])
}

/// A spec as the stored row `R-{seq}` (and its asset links).
pub fn model(
    s: &Spec,
    seq: i64,
    refs: &Refs,
    method: &RiskMethod,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(risk::Model, Vec<risk_asset::Model>)> {
    let [i1, i2, i3, is, il, ix, iy] = stage_cols(method, s.inherent)?;
    let evaluated = s.kind != Kind::Draft;
    let later = |f| {
        if evaluated {
            stage_cols(method, f)
        } else {
            Ok([None; 7])
        }
    };
    let [c1, c2, c3, cs, cl, cx, cy] = later(s.current)?;
    let [r1, r2, r3, rs, rl, rx, ry] = later(s.residual)?;
    let (status, accepted) = match s.kind {
        Kind::Draft => ("draft", None),
        Kind::Open => ("open", None),
        Kind::Accepted => ("closed", Some(day(today, 200))),
        Kind::Expired => ("closed", Some(day(today, -10))),
        Kind::ReviewPassed | Kind::Closed => ("closed", None),
    };
    let (threat_code, _) = s.threat();
    let id = Uuid::now_v7();
    let m = risk::Model {
        id,
        org_id: refs.org_id,
        number: format!("R-{seq:04}"),
        number_seq: Some(seq),
        title: s.title(),
        description: s.description(),
        department_id: refs.departments.get(&s.section).copied(),
        asset_group: String::new(),
        threat_id: refs.threats.get(threat_code).copied(),
        vulnerability_id: s
            .vulnerability
            .and_then(|v| refs.vulnerabilities.get(v).copied()),
        inherent_f1: i1,
        inherent_f2: i2,
        inherent_f3: i3,
        inherent_score: is,
        inherent_level: il,
        inherent_x: ix,
        inherent_y: iy,
        current_f1: c1,
        current_f2: c2,
        current_f3: c3,
        current_score: cs,
        current_level: cl,
        current_x: cx,
        current_y: cy,
        residual_f1: r1,
        residual_f2: r2,
        residual_f3: r3,
        residual_score: rs,
        residual_level: rl,
        residual_x: rx,
        residual_y: ry,
        treatment: s.treatment.map(str::to_owned),
        treatment_note: String::new(),
        status: status.into(),
        owner_staff_id: None,
        due_on: evaluated.then(|| day(today, s.due)),
        review_on: evaluated.then(|| day(today, s.review)),
        campaign_id: None,
        accepted_by: if accepted.is_some() {
            "ベンチ 太郎".into()
        } else {
            String::new()
        },
        accepted_on: accepted.map(|_| day(today, -100)),
        acceptance_reason: if accepted.is_some() {
            "対策費用に見合わないため残留リスクを受容する。".into()
        } else {
            String::new()
        },
        acceptance_expires_on: accepted,
        search_key: String::new(),
        created_at: now,
        updated_at: now,
    };
    let links = s
        .assets
        .iter()
        .filter_map(|n| refs.assets.get(n))
        .map(|a| risk_asset::Model {
            id: Uuid::now_v7(),
            org_id: refs.org_id,
            risk_id: id,
            asset_id: *a,
        })
        .collect();
    Ok((m, links))
}

/// How many specs of each kind, for the report.
pub fn kinds(specs: &[Spec]) -> BTreeMap<Kind, usize> {
    let mut out = BTreeMap::new();
    for s in specs {
        *out.entry(s.kind).or_default() += 1;
    }
    out
}
