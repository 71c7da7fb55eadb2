//! A year of risk work for みどり市: last fiscal year's assessment campaign, assessed,
//! treated, partly accepted by the CISO and closed with its snapshot; this year's
//! campaign under way; the controls the city applies, with evidence files; and the
//! Statements of Applicability. The heat map, the trend and the SoA pages then show
//! something real on first start.
//!
//! Everything goes through the use cases, so the audit log holds the year as it would
//! have been recorded. Work done on earlier days runs on a copy of the app whose clock
//! is set to each step's day (the same store, randomness and register caches). The
//! choices are drawn from the demo's seed, never from the operating system.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use mamori_domain::AssetKind;
use mamori_domain::risk::{Factors, Treatment};
use mamori_domain::wareki::fiscal_year;
use mamori_store::entity::{department, risk};
use mamori_store::risks::RiskFilter;
use uuid::Uuid;

use crate::authz::{Actor, ActorKind, Capability};
use crate::controls::AppliedControlInput;
use crate::risks::campaigns::CampaignInput;
use crate::risks::{RiskInput, RiskView, StageInput};
use crate::{App, AppResult, FixedClock};

/// Risks drafted for last year's campaign, at most, and across both campaigns. A
/// department gets one draft per threat and (asset kind, importance) group of its
/// assets, 50 to 120 in the demo city, so two departments take part last year and
/// one has begun this year.
const LAST_YEAR_BUDGET: usize = 120;
const TOTAL_BUDGET: usize = 175;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// 令和 year of a fiscal year (2025 → 7).
fn reiwa(year: i32) -> i32 {
    year - 2018
}

/// SplitMix64 on a stream of its own.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// A copy of the app whose clock the loader sets to the day of each step. Days after
/// the real present are held at the present, so nothing is dated in the future.
struct Diary {
    app: App,
    clock: Arc<FixedClock>,
    limit: DateTime<Utc>,
}

impl Diary {
    fn new(app: &App) -> Self {
        let limit = app.now();
        let clock = Arc::new(FixedClock::new(limit));
        let mut copy = app.clone();
        copy.clock = clock.clone();
        Self {
            app: copy,
            clock,
            limit,
        }
    }

    /// The app as of 9:00 (JST) on `day`, plus `minutes`.
    fn on(&self, day: NaiveDate, minutes: u32) -> &App {
        let start = Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN));
        let t = start + chrono::Duration::minutes(i64::from(minutes.min(9 * 60)));
        self.clock.set(t.min(self.limit));
        &self.app
    }
}

/// An asset as the loader needs it.
struct AssetInfo {
    number: String,
    kind: String,
    importance: i16,
    department_id: Option<Uuid>,
    in_use: bool,
}

/// What the loader reads once: departments, assets, staff and the threat catalog.
struct World {
    departments: Vec<department::Model>,
    assets: HashMap<Uuid, AssetInfo>,
    /// Staff ids per department, regular staff first (by employee number).
    staff: HashMap<Uuid, Vec<String>>,
    /// Threat id → (code, name, asset kinds).
    threats: HashMap<Uuid, (String, String, Vec<String>)>,
    vulnerabilities: BTreeSet<String>,
}

impl World {
    async fn load(app: &App, org_id: Uuid) -> AppResult<Self> {
        let conn = app.store.conn();
        let departments = mamori_store::departments::all(conn, org_id).await?;
        let assets = mamori_store::assets::all(conn, org_id, None)
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    AssetInfo {
                        in_use: a.status == "in_use",
                        number: a.number,
                        kind: a.kind,
                        importance: a.importance,
                        department_id: a.department_id,
                    },
                )
            })
            .collect();
        let mut people =
            mamori_store::staff::all(conn, org_id, &mamori_store::staff::StaffFilter::default())
                .await?;
        people.sort_by(|a, b| {
            (a.category != "regular", &a.employee_number)
                .cmp(&(b.category != "regular", &b.employee_number))
        });
        let mut staff: HashMap<Uuid, Vec<String>> = HashMap::new();
        for s in people {
            if let Some(d) = s.department_id {
                staff.entry(d).or_default().push(s.id.to_string());
            }
        }
        let threats = mamori_store::risks::threats(conn, org_id)
            .await?
            .into_iter()
            .filter(|t| !t.retired)
            .map(|t| {
                let kinds = t.asset_kinds.split(',').map(str::to_owned).collect();
                (t.id, (t.code, t.name_ja, kinds))
            })
            .collect();
        let vulnerabilities = mamori_store::risks::vulnerabilities(conn, org_id)
            .await?
            .into_iter()
            .filter(|v| !v.retired)
            .map(|v| v.code)
            .collect();
        Ok(Self {
            departments,
            assets,
            staff,
            threats,
            vulnerabilities,
        })
    }

    /// How many drafts a campaign would make for a department: one per threat and
    /// (asset kind, importance) group of its assets in use.
    fn drafts_for(&self, department_id: Uuid) -> usize {
        let groups: BTreeSet<(&str, i16)> = self
            .assets
            .values()
            .filter(|a| a.in_use && a.department_id == Some(department_id))
            .map(|a| (a.kind.as_str(), a.importance))
            .collect();
        groups
            .iter()
            .map(|(kind, _)| {
                self.threats
                    .values()
                    .filter(|(_, _, kinds)| kinds.iter().any(|k| k == kind))
                    .count()
            })
            .sum()
    }

    /// Departments holding assets in use, most assets first.
    fn candidates(&self) -> Vec<Candidate> {
        let mut held: HashMap<Uuid, usize> = HashMap::new();
        for a in self.assets.values().filter(|a| a.in_use) {
            if let Some(d) = a.department_id {
                *held.entry(d).or_default() += 1;
            }
        }
        let mut out: Vec<(Candidate, &str)> = self
            .departments
            .iter()
            .filter_map(|d| {
                let c = Candidate {
                    id: d.id,
                    assets: held.get(&d.id).copied()?,
                    drafts: self.drafts_for(d.id),
                };
                (c.drafts > 0).then_some((c, d.code.as_str()))
            })
            .collect();
        out.sort_by(|a, b| b.0.assets.cmp(&a.0.assets).then_with(|| a.1.cmp(b.1)));
        out.into_iter().map(|(c, _)| c).collect()
    }

    fn department(&self, id: Option<Uuid>) -> Option<&department::Model> {
        self.departments.iter().find(|d| Some(d.id) == id)
    }

    fn department_by_code(&self, code: &str) -> Option<&department::Model> {
        self.departments.iter().find(|d| d.code == code)
    }

    fn owner(&self, department_id: Option<Uuid>, rng: &mut Rng) -> String {
        department_id
            .and_then(|d| self.staff.get(&d))
            .and_then(|s| rng.pick(&s[..s.len().min(4)]))
            .cloned()
            .unwrap_or_default()
    }
}

/// A department that could take part in a campaign.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    id: Uuid,
    /// Assets in use.
    assets: usize,
    /// Risks a campaign would draft for it.
    drafts: usize,
}

/// The departments (at most `most`) whose drafts fit the budget: as many departments
/// as fit, and among those the most assets. When none fits, the one with the fewest
/// drafts.
fn choose(candidates: &[Candidate], budget: usize, most: usize) -> Vec<Candidate> {
    fn walk(
        c: &[Candidate],
        budget: usize,
        k: usize,
        from: usize,
        cur: &mut Vec<usize>,
        best: &mut Option<(usize, Vec<usize>)>,
    ) {
        if cur.len() == k {
            let drafts: usize = cur.iter().filter_map(|i| c.get(*i)).map(|x| x.drafts).sum();
            let assets: usize = cur.iter().filter_map(|i| c.get(*i)).map(|x| x.assets).sum();
            if drafts <= budget && best.as_ref().is_none_or(|(a, _)| assets > *a) {
                *best = Some((assets, cur.clone()));
            }
            return;
        }
        for i in from..c.len() {
            cur.push(i);
            walk(c, budget, k, i + 1, cur, best);
            cur.pop();
        }
    }
    for k in (1..=most.min(candidates.len())).rev() {
        let mut best = None;
        walk(candidates, budget, k, 0, &mut Vec::new(), &mut best);
        if let Some((_, picked)) = best {
            return picked
                .iter()
                .filter_map(|i| candidates.get(*i).copied())
                .collect();
        }
    }
    candidates
        .iter()
        .min_by_key(|c| c.drafts)
        .copied()
        .into_iter()
        .collect()
}

fn ipa(importance: u8, likelihood: u8, vulnerability: u8) -> Factors {
    Factors::Ipa {
        importance,
        likelihood,
        vulnerability,
    }
}

/// The three evaluations and the treatment an assessor settles on.
struct Judgement {
    inherent: Factors,
    current: Factors,
    residual: Factors,
    treatment: Treatment,
}

/// The lowest likelihood × vulnerability reachable within the tolerance (a score of 4
/// or less), keeping as much of today's level as that allows.
fn within_tolerance(importance: u8, likelihood: u8, vulnerability: u8) -> Factors {
    let mut best = (1, 1);
    for l in 1..=likelihood {
        for v in 1..=vulnerability {
            if importance * l * v <= 4 && l * v > best.0 * best.1 {
                best = (l, v);
            }
        }
    }
    ipa(importance, best.0, best.1)
}

fn judge(rng: &mut Rng, importance: u8, threat_likelihood: u8) -> Judgement {
    let importance = importance.clamp(1, 3);
    let base = threat_likelihood.clamp(1, 3);
    let likelihood = match rng.below(10) {
        0 | 1 => (base + 1).min(3),
        2 => (base - 1).max(1),
        _ => base,
    };
    let vulnerability = match rng.below(20) {
        0..=2 => 1,
        3..=7 => 3,
        _ => 2,
    };
    let current = ipa(importance, likelihood, vulnerability);
    let treatment = if importance * likelihood * vulnerability <= 4 {
        if rng.percent(60) {
            Treatment::Accept
        } else {
            Treatment::Reduce
        }
    } else {
        match rng.below(100) {
            0..=71 => Treatment::Reduce,
            72..=83 => Treatment::Accept,
            84..=93 => Treatment::Transfer,
            _ => Treatment::Avoid,
        }
    };
    let residual = match treatment {
        Treatment::Accept => current,
        Treatment::Avoid => ipa(importance, 1, 1),
        Treatment::Transfer => ipa(importance, 1, if importance == 3 { 1 } else { 2 }),
        Treatment::Reduce if rng.percent(80) => {
            within_tolerance(importance, likelihood, vulnerability)
        }
        Treatment::Reduce => ipa(importance, likelihood.min(2), vulnerability.min(2)),
    };
    Judgement {
        inherent: ipa(importance, likelihood, 3),
        current,
        residual,
        treatment,
    }
}

/// The weaknesses an assessor names for each threat.
const WEAKNESSES: &[(&str, &[&str])] = &[
    ("T-MISSEND", &["V-NO-SEND-CHECK", "V-TRAINING"]),
    ("T-LOSS-DEVICE", &["V-TAKEOUT", "V-NO-ENCRYPTION"]),
    ("T-LOSS-PAPER", &["V-TAKEOUT", "V-CLEAR-DESK", "V-LOCK"]),
    ("T-MALWARE", &["V-PATCH", "V-TRAINING"]),
    (
        "T-RANSOMWARE",
        &["V-BACKUP", "V-PATCH", "V-NO-SEGMENTATION"],
    ),
    (
        "T-UNAUTH-ACCESS",
        &["V-WEAK-PASSWORD", "V-NO-MFA", "V-EXCESS-PRIVILEGE"],
    ),
    ("T-PHISHING", &["V-TRAINING", "V-NO-MFA"]),
    ("T-INSIDER", &["V-EXCESS-PRIVILEGE", "V-NO-LOG"]),
    ("T-VENDOR-INCIDENT", &["V-VENDOR-MGMT"]),
    ("T-CLOUD-OUTAGE", &["V-SPOF", "V-VENDOR-MGMT"]),
    ("T-POWER-OUTAGE", &["V-NO-UPS", "V-SPOF"]),
    ("T-EARTHQUAKE", &["V-QUAKE-FIRE"]),
    ("T-LIGHTNING", &["V-NO-UPS"]),
    ("T-FIRE", &["V-QUAKE-FIRE"]),
    ("T-FLOOD", &["V-FLOOD-SITE"]),
    ("T-MISDISPOSAL", &["V-DISPOSAL-PROC", "V-NO-REGISTER"]),
    ("T-MISCONFIG", &["V-EXCESS-PRIVILEGE", "V-NO-LOG"]),
    ("T-VULN-EXPLOIT", &["V-PATCH", "V-EOL"]),
    ("T-SHOULDER", &["V-CLEAR-DESK"]),
    ("T-HW-FAILURE", &["V-SPOF", "V-EOL", "V-BACKUP"]),
    ("T-NETWORK-FAILURE", &["V-SPOF"]),
    ("T-DDOS", &["V-SPOF", "V-NO-LOG"]),
    ("T-WEB-DEFACE", &["V-PATCH", "V-WEAK-PASSWORD"]),
    ("T-MISOPERATION", &["V-BACKUP", "V-TRAINING"]),
    ("T-INTRUSION", &["V-LOCK"]),
];

const REDUCE_NOTES: &[&str] = &[
    "手順を業務マニュアルに追記し、課内研修で周知する。実施状況は四半期ごとに課長が確認する。",
    "設定を見直し、操作ログを月1回確認する運用に改める。",
    "送付前のダブルチェックを必須とし、チェック欄付きの送付簿で記録を残す。",
    "施錠できるキャビネットへ保管場所を移し、鍵の管理簿をつける。",
    "次期機器更新に合わせて対策機能を導入し、それまでは運用で補う。",
    "情報政策課の支援を受けて設定を点検し、不要な権限を削除する。",
];

const ACCEPT_NOTES: &[&str] = &[
    "許容水準内のため、現行の管理を継続する。",
    "発生の可能性が低く、発生時も紙の控えで業務を継続できるため、現状を維持する。",
    "追加の対策費用が想定される損失を上回るため、現行の管理で受容する。",
];

const TRANSFER_NOTES: &[&str] = &[
    "保守委託契約に復旧の責任と期限を明記し、障害対応を事業者へ移転する。",
    "個人情報漏えい保険に加入し、損害賠償や通知に要する費用を移転する。",
];

const AVOID_NOTES: &[&str] = &[
    "当該業務での外部記録媒体の利用をやめ、庁内ネットワーク経由の受け渡しに切り替える。",
    "紙の台帳を廃止し、基幹システムでの管理に一本化する。",
];

const ACCEPTANCE_REASONS: &[&str] = &[
    "追加の対策に要する費用が想定される損失を大きく上回るため、次回の機器更新までは現行の管理で受容する。",
    "発生の可能性は低く、発生した場合も紙の控えと手作業で業務を継続できるため受容する。",
    "システム更改で解消する見込みのため、それまでの間は運用上の注意を徹底したうえで受容する。",
    "代替手段がなく業務上の必要性が高いため、課長による月次確認を条件として受容する。",
];

fn notes(t: Treatment) -> &'static [&'static str] {
    match t {
        Treatment::Reduce => REDUCE_NOTES,
        Treatment::Accept => ACCEPT_NOTES,
        Treatment::Transfer => TRANSFER_NOTES,
        Treatment::Avoid => AVOID_NOTES,
    }
}

/// Dates an assessment sets: when the treatment is due and when to look again.
struct Dates {
    due: NaiveDate,
    review: NaiveDate,
    /// A review date already passed, for the few risks that show 要見直し.
    review_lapsed: NaiveDate,
}

/// Context of one assessment round.
struct Round<'a> {
    world: &'a World,
    diary: &'a Diary,
    actor: &'a Actor,
    dates: Dates,
    /// Applied control numbers per threat code, linked when assessing.
    controls: HashMap<String, Vec<String>>,
}

impl Round<'_> {
    /// Assesses one drafted risk on `day`: the three evaluations, a treatment, an
    /// owner of the department and the dates.
    async fn assess(
        &self,
        rng: &mut Rng,
        m: &risk::Model,
        day: NaiveDate,
        minutes: u32,
    ) -> AppResult<(RiskView, Treatment)> {
        let w = self.world;
        let conn = self.diary.app.store.conn();
        let (code, threat, kinds) = m
            .threat_id
            .and_then(|t| w.threats.get(&t))
            .cloned()
            .unwrap_or_default();
        let asset_ids = mamori_store::risks::asset_ids(conn, m.org_id, m.id).await?;
        let assets: Vec<&AssetInfo> = asset_ids.iter().filter_map(|a| w.assets.get(a)).collect();
        let kind = assets
            .first()
            .map(|a| a.kind.clone())
            .or_else(|| kinds.first().cloned())
            .unwrap_or_default();
        let importance = m
            .inherent_f1
            .and_then(|v| u8::try_from(v).ok())
            .unwrap_or(2);
        let likelihood = m
            .inherent_f2
            .and_then(|v| u8::try_from(v).ok())
            .unwrap_or(2);
        let j = judge(rng, importance, likelihood);
        let weak: Vec<&str> = WEAKNESSES
            .iter()
            .find(|(t, _)| *t == code)
            .map(|(_, v)| v.to_vec())
            .unwrap_or_default()
            .into_iter()
            .filter(|v| w.vulnerabilities.contains(*v))
            .collect();
        let vulnerability = rng.pick(&weak).map(|v| (*v).to_owned()).unwrap_or_default();
        let dept = w
            .department(m.department_id)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        let kind_ja = AssetKind::parse(&kind).map_or("情報資産", |k| k.label_ja());
        let description = format!(
            "{dept}が管理する{kind_ja}（{}件、重要度{importance}）について、「{threat}」が起きた場合の影響と起こりやすさを評価した。",
            assets.len()
        );
        let review = if rng.percent(5) {
            self.dates.review_lapsed
        } else {
            self.dates.review
        };
        let input = RiskInput {
            title: m.title.clone(),
            description,
            department: m.department_id.map(|d| d.to_string()).unwrap_or_default(),
            assets: assets.iter().map(|a| a.number.clone()).collect(),
            asset_group: m.asset_group.clone(),
            threat: code.clone(),
            vulnerability,
            inherent: StageInput::of(j.inherent),
            current: StageInput::of(j.current),
            residual: StageInput::of(j.residual),
            treatment: j.treatment.code().to_owned(),
            treatment_note: rng
                .pick(notes(j.treatment))
                .map(|s| (*s).to_owned())
                .unwrap_or_default(),
            owner: w.owner(m.department_id, rng),
            due_on: iso(self.dates.due),
            review_on: iso(review),
            controls: self
                .controls
                .get(&code)
                .map(|c| c.iter().take(2).cloned().collect())
                .unwrap_or_default(),
        };
        let view = self
            .diary
            .on(day, minutes)
            .update_risk(self.actor, m.id, &input)
            .await?;
        Ok((view, j.treatment))
    }
}

/// The drafts of one department in a campaign, by number.
async fn drafts_of(
    app: &App,
    org_id: Uuid,
    campaign: Uuid,
    department: Uuid,
) -> AppResult<Vec<risk::Model>> {
    let mut f = RiskFilter::new(app.today());
    f.campaign = Some(campaign);
    f.departments = Some(vec![department]);
    let mut rows: Vec<risk::Model> = mamori_store::risks::all(app.store.conn(), org_id, &f)
        .await?
        .into_iter()
        .filter(|r| r.status == "draft")
        .collect();
    rows.sort_by_key(|r| r.number_seq);
    Ok(rows)
}

/// One applied control of the demo.
struct ControlSpec {
    name: &'static str,
    description: &'static str,
    category: &'static str,
    department: &'static str,
    status: &'static str,
    implements: &'static [&'static str],
    /// Threats whose risks it treats.
    threats: &'static [&'static str],
    /// Kinds of assets it protects.
    kinds: &'static [&'static str],
    evidence: Option<Evidence>,
}

#[derive(Clone, Copy)]
enum Body {
    Csv(&'static str),
    Text(&'static str),
    Pdf(&'static [&'static str]),
}

#[derive(Clone, Copy)]
struct Evidence {
    file_name: &'static str,
    description: &'static str,
    body: Body,
    /// Expired before this fiscal year, so the control shows stale evidence.
    stale: bool,
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        name: "標的型メール訓練の年1回実施",
        description: "全職員を対象に、不審メールを模した訓練メールを年1回送信し、開封率と報告率を集計して研修に反映する。",
        category: "human",
        department: "130",
        status: "implemented",
        implements: &[
            "basic-policy:BP-HUM-03",
            "mic-guideline:MIC-6.5.3",
            "nist-csf-2.0:PR.AT-01",
        ],
        threats: &["T-PHISHING", "T-MALWARE"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "標的型メール訓練結果.csv",
            description: "訓練メールの開封・報告の集計（所属別）",
            body: Body::Csv(
                "所属,送信数,開封数,報告数,報告率\n総務課,15,3,11,73.3%\n税務課,22,6,14,63.6%\n市民課,24,5,17,70.8%\n福祉総務課,17,4,12,70.6%\n子育て支援課,16,2,13,81.3%\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "情報セキュリティ研修（全職員・eラーニング）",
        description: "会計年度任用職員を含む全職員が年1回受講する。未受講者には所属長から督促する。",
        category: "human",
        department: "120",
        status: "implemented",
        implements: &[
            "basic-policy:BP-HUM-02",
            "mic-guideline:MIC-5.2.1",
            "nist-csf-2.0:PR.AT-01",
        ],
        threats: &["T-MISSEND", "T-SHOULDER", "T-INSIDER"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "研修受講記録.csv",
            description: "eラーニングの受講状況（所属別）",
            body: Body::Csv(
                "所属,対象者数,受講者数,受講率\n総務課,15,15,100.0%\n人事課,11,11,100.0%\n税務課,22,21,95.5%\n市民課,24,23,95.8%\n国保年金課,17,17,100.0%\n福祉総務課,17,16,94.1%\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "管理職・システム担当者向け役割別研修",
        description: "課長級とシステム担当者を対象に、インシデント発生時の判断と報告を中心とした研修を行う。",
        category: "human",
        department: "120",
        status: "in_progress",
        implements: &["mic-guideline:MIC-5.2.2", "nist-csf-2.0:PR.AT-02"],
        threats: &["T-MISCONFIG"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "情報セキュリティ誓約書の徴取",
        description: "着任時と委託契約の締結時に、遵守事項を説明したうえで誓約書の提出を受ける。",
        category: "human",
        department: "120",
        status: "implemented",
        implements: &[
            "basic-policy:BP-HUM-01",
            "mic-guideline:MIC-5.1.4",
            "nist-csf-2.0:GV.RR-04",
        ],
        threats: &["T-INSIDER"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "誓約書提出状況.txt",
            description: "年度当初の誓約書提出状況のまとめ",
            body: Body::Text(
                "誓約書提出状況（年度当初）\n\n対象：新規採用職員・会計年度任用職員・委託事業者の従事者\n提出：対象者全員から提出を受けた。\n保管：人事課の施錠キャビネットで保管している。\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "管理区域（サーバ室）の入退室記録",
        description: "ICカードで入室を制限し、入退室記録を月1回システム係長が確認する。来訪者は職員が同行する。",
        category: "physical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-PHY-01",
            "mic-guideline:MIC-4.2.2",
            "nist-csf-2.0:PR.AA-06",
        ],
        threats: &["T-INTRUSION"],
        kinds: &["facility"],
        evidence: Some(Evidence {
            file_name: "入退室記録点検結果.pdf",
            description: "サーバ室入退室記録の月次点検結果",
            body: Body::Pdf(&[
                "サーバ室 入退室記録 点検結果",
                "点検者：システム係長",
                "点検内容：ICカードの入室記録と入退室管理簿の突合",
                "結果：不一致なし。同行者の記入漏れ1件を是正済み。",
            ]),
            stale: false,
        }),
    },
    ControlSpec {
        name: "サーバ室の無停電電源装置と定期点検",
        description: "基幹系サーバを無停電電源装置に接続し、バッテリーを年1回点検する。自家発電設備との切替試験も行う。",
        category: "physical",
        department: "131",
        status: "partial",
        implements: &[
            "basic-policy:BP-PHY-02",
            "mic-guideline:MIC-4.1.3",
            "nist-csf-2.0:PR.IR-02",
        ],
        threats: &["T-POWER-OUTAGE", "T-LIGHTNING"],
        kinds: &["facility", "hardware"],
        evidence: None,
    },
    ControlSpec {
        name: "USBメモリの登録制と持ち出し簿",
        description: "業務で使うUSBメモリは情報政策課に登録したものに限り、持ち出しは持ち出し簿に記録して課長が承認する。",
        category: "physical",
        department: "130",
        status: "implemented",
        implements: &[
            "basic-policy:BP-PHY-04",
            "mic-guideline:MIC-4.4.2",
            "mic-guideline:MIC-5.1.2",
        ],
        threats: &["T-LOSS-DEVICE"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "USBメモリ登録台帳.csv",
            description: "登録済みUSBメモリの一覧と棚卸結果",
            body: Body::Csv(
                "管理番号,所属,種別,暗号化,棚卸結果\nUSB-001,総務課,USBメモリ,あり,所在確認\nUSB-002,税務課,USBメモリ,あり,所在確認\nUSB-003,市民課,USBメモリ,あり,所在確認\nUSB-004,福祉総務課,USBメモリ,あり,所在確認\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "書類の施錠保管とクリアデスク",
        description: "個人情報を含む書類は退庁時に施錠保管し、離席時は画面をロックする。月1回、課内で相互点検する。",
        category: "physical",
        department: "110",
        status: "partial",
        implements: &["basic-policy:BP-PHY-06", "mic-guideline:MIC-4.4.4"],
        threats: &["T-LOSS-PAPER", "T-SHOULDER"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "文書・機器の廃棄証明書の取得",
        description: "機密文書の溶解処理と、記録媒体を含む機器の廃棄は、事業者から廃棄証明書を受け取って保管する。",
        category: "physical",
        department: "110",
        status: "implemented",
        implements: &[
            "basic-policy:BP-PHY-05",
            "mic-guideline:MIC-4.1.5",
            "mic-guideline:MIC-2.2.4",
        ],
        threats: &["T-MISDISPOSAL"],
        kinds: &["hardware"],
        evidence: Some(Evidence {
            file_name: "廃棄証明書.pdf",
            description: "機密文書溶解処理・機器廃棄の証明書（写し）",
            body: Body::Pdf(&[
                "廃棄証明書（写し）",
                "廃棄物：機密文書（段ボール42箱）、ハードディスク18台",
                "方法：溶解処理、ハードディスクは物理破壊",
                "立会い：総務課職員",
            ]),
            stale: false,
        }),
    },
    ControlSpec {
        name: "三層分離の維持",
        description: "マイナンバー利用事務系・LGWAN接続系・インターネット接続系の分離を維持し、構成変更時は情報政策課が確認する。",
        category: "technical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-TEC-05",
            "mic-guideline:MIC-3.1.1",
            "nist-csf-2.0:PR.IR-01",
        ],
        threats: &["T-MALWARE", "T-RANSOMWARE", "T-UNAUTH-ACCESS"],
        kinds: &["network"],
        evidence: Some(Evidence {
            file_name: "ネットワーク構成点検.txt",
            description: "三層の分離の年次点検メモ",
            body: Body::Text(
                "ネットワーク構成点検\n\n1. マイナンバー利用事務系と他の領域との通信：遮断を確認\n2. LGWAN接続系からインターネットへの通信：画面転送のみを確認\n3. 無害化装置の定義更新：自動更新を確認\n指摘事項：なし\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "インターネットから受け取ったファイルの無害化",
        description: "インターネット接続系で受信したファイルは無害化してからLGWAN接続系へ取り込む。",
        category: "technical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-TEC-03",
            "mic-guideline:MIC-3.2.1",
            "mic-guideline:MIC-6.4.2",
        ],
        threats: &["T-MALWARE", "T-PHISHING"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "端末の多要素認証（生体認証とパスワード）",
        description: "LGWAN接続系とマイナンバー利用事務系の端末に、顔認証とパスワードによる多要素認証を導入する。",
        category: "technical",
        department: "131",
        status: "in_progress",
        implements: &[
            "basic-policy:BP-TEC-02",
            "mic-guideline:MIC-3.1.2",
            "nist-csf-2.0:PR.AA-03",
        ],
        threats: &["T-UNAUTH-ACCESS", "T-PHISHING"],
        kinds: &["hardware"],
        evidence: None,
    },
    ControlSpec {
        name: "ウイルス対策ソフトの導入と定義ファイルの自動更新",
        description: "全端末とサーバにウイルス対策ソフトを導入し、定義ファイルの更新状況を管理画面で週1回確認する。",
        category: "technical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-TEC-03",
            "mic-guideline:MIC-6.4.1",
            "nist-csf-2.0:PR.PS-05",
        ],
        threats: &["T-MALWARE", "T-RANSOMWARE"],
        kinds: &["software"],
        evidence: Some(Evidence {
            file_name: "定義ファイル更新状況.csv",
            description: "ウイルス対策ソフトの定義ファイル更新状況（前年度末時点）",
            body: Body::Csv("区分,台数,最新の定義,更新遅れ\n業務端末,412,409,3\nサーバ,38,38,0\n"),
            stale: true,
        }),
    },
    ControlSpec {
        name: "月次のセキュリティパッチ適用",
        description: "OSと主要ソフトウェアの更新プログラムを検証環境で確認したうえで、毎月第3週に適用する。",
        category: "technical",
        department: "131",
        status: "partial",
        implements: &[
            "basic-policy:BP-TEC-04",
            "mic-guideline:MIC-6.6.1",
            "nist-csf-2.0:PR.PS-02",
        ],
        threats: &["T-VULN-EXPLOIT", "T-WEB-DEFACE"],
        kinds: &["software"],
        evidence: None,
    },
    ControlSpec {
        name: "バックアップの世代管理とオフライン保管",
        description: "基幹系データを日次で取得し7世代を保管する。週1回の取得分は庁舎外の金庫にオフラインで保管する。",
        category: "technical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-TEC-06",
            "mic-guideline:MIC-6.1.2",
            "nist-csf-2.0:PR.DS-11",
        ],
        threats: &["T-RANSOMWARE", "T-HW-FAILURE", "T-MISOPERATION"],
        kinds: &["software"],
        evidence: Some(Evidence {
            file_name: "バックアップ復元テスト報告.pdf",
            description: "バックアップからの復元テストの報告書",
            body: Body::Pdf(&[
                "バックアップ復元テスト報告",
                "対象：住民記録システム、税務システム",
                "方法：7世代前のバックアップを検証環境に復元",
                "結果：いずれも正常に復元でき、所要時間は目標内であった。",
            ]),
            stale: false,
        }),
    },
    ControlSpec {
        name: "利用者IDの棚卸し（年2回）",
        description: "人事異動の後に、退職者・異動者のIDと不要な権限が残っていないかを所属ごとに確認する。",
        category: "technical",
        department: "131",
        status: "implemented",
        implements: &[
            "basic-policy:BP-TEC-01",
            "mic-guideline:MIC-6.2.1",
            "nist-csf-2.0:PR.AA-05",
        ],
        threats: &["T-INSIDER", "T-MISCONFIG", "T-UNAUTH-ACCESS"],
        kinds: &["software"],
        evidence: Some(Evidence {
            file_name: "ID棚卸結果.csv",
            description: "利用者IDの棚卸結果（前年度下期）",
            body: Body::Csv(
                "システム,ID数,削除,権限変更,確認者\n住民記録システム,86,4,2,市民課長\n税務システム,64,3,1,税務課長\n財務会計システム,210,9,5,会計管理者\n",
            ),
            stale: true,
        }),
    },
    ControlSpec {
        name: "特権IDの貸出管理",
        description: "サーバ管理者IDは申請に基づいて貸し出し、作業後にパスワードを変更する。作業記録を残す。",
        category: "technical",
        department: "131",
        status: "not_started",
        implements: &["mic-guideline:MIC-6.2.2", "nist-csf-2.0:PR.AA-05"],
        threats: &["T-INSIDER"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "メール誤送信防止ツールの導入",
        description: "外部宛てメールの送信を一時保留し、宛先と添付ファイルの確認画面を表示する。",
        category: "technical",
        department: "130",
        status: "in_progress",
        implements: &["mic-guideline:MIC-6.1.4", "nist-csf-2.0:PR.DS-02"],
        threats: &["T-MISSEND"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "FAX・郵送時のダブルチェック",
        description: "個人情報を含む書類のFAX送信と郵送は、2人で宛先と内容を確認し、送付簿に記録する。",
        category: "operational",
        department: "110",
        status: "implemented",
        implements: &["mic-guideline:MIC-2.2.3", "basic-policy:BP-HUM-06"],
        threats: &["T-MISSEND"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "委託先のセキュリティ確認",
        description: "個人情報を扱う委託先に、契約時と年1回、チェックシートによる確認を行い、必要に応じて立入検査する。",
        category: "operational",
        department: "130",
        status: "implemented",
        implements: &[
            "basic-policy:BP-OPS-03",
            "mic-guideline:MIC-8.1.3",
            "nist-csf-2.0:GV.SC-07",
        ],
        threats: &["T-VENDOR-INCIDENT", "T-CLOUD-OUTAGE"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "委託先確認結果一覧.csv",
            description: "委託先セキュリティチェックシートの回収・確認結果",
            body: Body::Csv(
                "委託業務,委託先,チェックシート,指摘,対応状況\n住民記録システム保守,みどり情報サービス株式会社,回収済,なし,―\n税務システム運用,東和システム株式会社,回収済,1件,改善計画受領\n健診データ入力,さくらデータ株式会社,回収済,なし,―\n",
            ),
            stale: false,
        }),
    },
    ControlSpec {
        name: "契約書への情報セキュリティ条項の明記",
        description: "委託契約書の標準様式に、再委託の制限、事故時の報告、契約終了時のデータ消去を明記する。",
        category: "operational",
        department: "110",
        status: "implemented",
        implements: &[
            "basic-policy:BP-OPS-03",
            "mic-guideline:MIC-8.1.2",
            "nist-csf-2.0:GV.SC-05",
        ],
        threats: &["T-VENDOR-INCIDENT"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "ログの定期確認（月次レビュー）",
        description: "ファイアウォールと認証サーバのログを月1回確認し、不審な通信やログイン失敗の多発を調べる。",
        category: "operational",
        department: "131",
        status: "partial",
        implements: &[
            "basic-policy:BP-OPS-01",
            "mic-guideline:MIC-7.1.2",
            "nist-csf-2.0:DE.CM-01",
        ],
        threats: &["T-UNAUTH-ACCESS", "T-DDOS"],
        kinds: &["network"],
        evidence: None,
    },
    ControlSpec {
        name: "インシデント対応手順の整備とCSIRT訓練",
        description: "ランサムウェア感染を想定した対応手順を整備し、CSIRTの机上訓練を年1回行う。",
        category: "operational",
        department: "130",
        status: "in_progress",
        implements: &[
            "basic-policy:BP-OPS-02",
            "mic-guideline:MIC-7.3.1",
            "nist-csf-2.0:RS.MA-01",
        ],
        threats: &["T-RANSOMWARE"],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "ICT部門の業務継続計画（ICT-BCP）の見直し",
        description: "地震と水害を想定し、重要システムの復旧優先順位と目標時間を見直す。",
        category: "operational",
        department: "130",
        status: "not_started",
        implements: &[
            "basic-policy:BP-OPS-06",
            "mic-guideline:MIC-7.3.3",
            "nist-csf-2.0:RC.RP-01",
        ],
        threats: &["T-EARTHQUAKE", "T-FLOOD", "T-FIRE"],
        kinds: &["facility"],
        evidence: None,
    },
    ControlSpec {
        name: "情報資産台帳の年次更新",
        description: "毎年度当初に全所属へ台帳の更新を依頼し、分類と管理者の記載を確認する。",
        category: "organizational",
        department: "130",
        status: "implemented",
        implements: &["mic-guideline:MIC-2.1.3", "nist-csf-2.0:ID.AM-07"],
        threats: &["T-MISDISPOSAL"],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "情報資産台帳更新依頼.pdf",
            description: "全所属への台帳更新依頼（通知文）",
            body: Body::Pdf(&[
                "情報資産台帳の更新について（依頼）",
                "各所属で管理する情報資産について、台帳の記載内容を確認し更新してください。",
                "特に、機密性の分類、管理者、保存期間の記載を確認してください。",
                "情報政策課",
            ]),
            stale: false,
        }),
    },
    ControlSpec {
        name: "全所属の自己点検",
        description: "チェックリストによる自己点検を全所属で年1回行い、結果を情報セキュリティ委員会へ報告する。",
        category: "organizational",
        department: "130",
        status: "not_started",
        implements: &[
            "basic-policy:BP-OPS-04",
            "mic-guideline:MIC-9.2.1",
            "nist-csf-2.0:ID.IM-01",
        ],
        threats: &[],
        kinds: &[],
        evidence: None,
    },
    ControlSpec {
        name: "情報セキュリティ委員会の定期開催",
        description: "年2回委員会を開催し、リスクアセスメントの結果と対策の進み具合を審議する。",
        category: "organizational",
        department: "130",
        status: "implemented",
        implements: &["mic-guideline:MIC-1.2.1", "mic-guideline:MIC-1.2.2"],
        threats: &[],
        kinds: &[],
        evidence: Some(Evidence {
            file_name: "委員会議事録.pdf",
            description: "情報セキュリティ委員会の議事録",
            body: Body::Pdf(&[
                "情報セキュリティ委員会 議事録",
                "議題1：リスクアセスメントの結果について",
                "議題2：適用宣言書（基本方針第8項）の承認について",
                "結果：いずれも原案のとおり承認した。",
            ]),
            stale: false,
        }),
    },
];

/// Justifications of the basic policy's SoA, by control.
const BASIC_POLICY_SOA: &[(&str, &str)] = &[
    (
        "BP-HUM-01",
        "全職員・委託事業者に遵守事項を周知し、誓約書で確認している。",
    ),
    ("BP-HUM-02", "全職員向けのeラーニングを毎年度実施している。"),
    ("BP-HUM-03", "標的型メール訓練を年1回実施している。"),
    (
        "BP-HUM-04",
        "ID・パスワードの取扱いを実施手順で定めている。",
    ),
    (
        "BP-HUM-05",
        "会計年度任用職員と委託事業者にも同じ遵守事項を適用している。",
    ),
    (
        "BP-HUM-06",
        "事故・違反の報告窓口を情報政策課に置いている。",
    ),
    (
        "BP-PHY-01",
        "サーバ室を管理区域とし、入退室を記録している。",
    ),
    ("BP-PHY-02", "サーバ室に無停電電源装置と空調を備えている。"),
    ("BP-PHY-03", "庁舎内の配線を床下とラックで保護している。"),
    ("BP-PHY-04", "端末とUSBメモリの持ち出しを許可制としている。"),
    ("BP-PHY-05", "廃棄時に証明書を取得している。"),
    (
        "BP-PHY-06",
        "退庁時の施錠保管と離席時の画面ロックを定めている。",
    ),
    (
        "BP-TEC-01",
        "利用者IDを所属と職務に応じて付与し、年2回棚卸ししている。",
    ),
    (
        "BP-TEC-02",
        "マイナンバー利用事務系の端末に多要素認証を導入している。",
    ),
    (
        "BP-TEC-03",
        "全端末にウイルス対策ソフトを導入し、受信ファイルを無害化している。",
    ),
    ("BP-TEC-04", "更新プログラムを毎月適用している。"),
    ("BP-TEC-05", "三層の対策（αモデル）を採用している。"),
    (
        "BP-TEC-06",
        "基幹系データのバックアップを世代管理している。",
    ),
    (
        "BP-OPS-01",
        "ファイアウォールと認証サーバのログを確認している。",
    ),
    ("BP-OPS-02", "CSIRTを設置し、対応手順を定めている。"),
    (
        "BP-OPS-03",
        "委託契約にセキュリティ条項を明記し、委託先を確認している。",
    ),
    ("BP-OPS-04", "全所属で自己点検を行っている。"),
    (
        "BP-OPS-05",
        "例外措置はCISOの許可制とし、記録を残している。",
    ),
    ("BP-OPS-06", "ICT部門の業務継続計画を定めている。"),
];

/// Justifications of the MIC guideline's SoA rows decided so far, by section.
const MIC_SOA: &[(&str, &str)] = &[
    (
        "MIC-1.",
        "情報セキュリティ推進体制として規程に定め、毎年度の体制表で確認している。",
    ),
    (
        "MIC-2.",
        "情報資産台帳と分類基準に基づいて全所属で実施している。",
    ),
    (
        "MIC-3.",
        "三層の対策（αモデル）として全庁のネットワークに適用している。",
    ),
    (
        "MIC-4.",
        "庁舎・サーバ室・端末の物理的対策として実施している。",
    ),
];

/// The MIC guideline rows the city decided not to apply, with the reason.
const MIC_EXCLUDED: &[(&str, &str)] = &[(
    "MIC-3.3.3",
    "αモデルを採用しており、β・β'モデル向けの追加対策は対象外のため。",
)];

/// A one-page PDF showing `lines` in a standard Japanese font (not embedded).
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT\n/F1 14 Tf\n56 780 Td\n24 TL\n");
    for line in lines {
        let hex: String = line.encode_utf16().map(|u| format!("{u:04X}")).collect();
        text.push_str(&format!("<{hex}> Tj\nT*\n"));
    }
    text.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H /DescendantFonts [5 0 R] >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 /StemV 114 >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        tail.push_str(&format!("{o:010} 00000 n \n"));
    }
    tail.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.extend_from_slice(tail.as_bytes());
    out
}

fn body_bytes(b: Body) -> Vec<u8> {
    match b {
        // With a BOM, so Excel opens the Japanese text as UTF-8.
        Body::Csv(s) => [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
        Body::Text(s) => s.as_bytes().to_vec(),
        Body::Pdf(lines) => pdf(lines),
    }
}

impl App {
    /// The CISO as a signed-in user would act, for the acceptances; the command line
    /// when the demo has no CISO account.
    async fn demo_ciso(&self, actor: &Actor) -> AppResult<Actor> {
        let conn = self.store.conn();
        let roles = mamori_store::roles::all(conn, actor.org_id, Some("ciso")).await?;
        for r in roles {
            if let Some(u) = mamori_store::users::by_staff(conn, actor.org_id, r.staff_id).await? {
                let label = format!("user:{}", u.login);
                let ciso = self.user_actor(&u, ActorKind::User, label, "cli").await?;
                let method = self.risk_method(actor.org_id).await?;
                if ciso.can(Capability::AcceptRisk {
                    acceptor: method.acceptor,
                }) {
                    return Ok(ciso);
                }
            }
        }
        Ok(actor.clone())
    }

    /// Loads a year of risk work (see the module documentation). Called by
    /// [`App::load_demo`] once the asset register is in.
    pub(super) async fn load_demo_risks(&self, actor: &Actor, seed: u64) -> AppResult<()> {
        let org_id = actor.org_id;
        self.ensure_threat_catalog(org_id).await?;
        let world = World::load(self, org_id).await?;
        let diary = Diary::new(self);
        let mut rng = Rng(seed ^ 0x6D61_6D6F_7269_5249);
        let today = self.today();
        let fy = fiscal_year(today);
        let last = fy - 1;
        let ciso = self.demo_ciso(actor).await?;

        // Last fiscal year's campaign: the departments with the most assets.
        let candidates = world.candidates();
        let chosen = choose(&candidates, LAST_YEAR_BUDGET, 3);
        let drafted_before: usize = chosen.iter().map(|c| c.drafts).sum();
        let before: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
        let started = ymd(last, 6, 2);
        let campaign = diary
            .on(started, 0)
            .create_campaign(
                actor,
                &CampaignInput {
                    name: format!("令和{}年度 情報セキュリティリスクアセスメント", reiwa(last)),
                    kind: "yearly".into(),
                    fiscal_year: Some(last),
                    departments: before.clone(),
                },
            )
            .await?;
        for (i, d) in before.iter().enumerate() {
            let minutes = 10 + u32::try_from(i).unwrap_or(0) * 5;
            diary
                .on(started, minutes)
                .draft_campaign_risks(actor, campaign, *d)
                .await?;
        }
        let round = Round {
            world: &world,
            diary: &diary,
            actor,
            dates: Dates {
                due: ymd(fy, 3, 15),
                review: ymd(fy + 1, 3, 31),
                review_lapsed: ymd(fy, 3, 31),
            },
            controls: HashMap::new(),
        };
        // Each department assesses its drafts in a month of its own, July onwards.
        let mut assessed = Vec::new();
        for (i, d) in before.iter().enumerate() {
            let month = 7 + u32::try_from(i).unwrap_or(0).min(4);
            let drafts = drafts_of(&diary.app, org_id, campaign, *d).await?;
            for (j, m) in drafts.iter().enumerate() {
                let j = u32::try_from(j).unwrap_or(0);
                let day = ymd(last, month, 1 + j % 27);
                assessed.push(round.assess(&mut rng, m, day, 30 + j * 7).await?);
            }
        }

        // The CISO accepts residual risks above the tolerance: those treated by
        // acceptance, and a few whose reduction falls short. Two were accepted early,
        // until the end of last fiscal year, and now stand for review.
        let mut above: Vec<&(RiskView, Treatment)> = assessed
            .iter()
            .filter(|(v, _)| v.residual.as_ref().is_some_and(|s| s.above_tolerance))
            .collect();
        above.sort_by_key(|(v, t)| (*t != Treatment::Accept, v.number.clone()));
        let mut accepted = BTreeSet::new();
        let mut reduce_accepted = 0;
        for (n, (v, t)) in above.iter().enumerate() {
            if *t != Treatment::Accept {
                if reduce_accepted >= 3 {
                    continue;
                }
                reduce_accepted += 1;
            }
            if accepted.len() >= 12 {
                break;
            }
            let early = n < 2;
            let (day, expires) = if early {
                (ymd(last, 11, 28), ymd(fy, 3, 31))
            } else {
                (ymd(fy, 1, 20), ymd(fy + 1, 3, 31))
            };
            let reason = rng
                .pick(ACCEPTANCE_REASONS)
                .copied()
                .unwrap_or("業務上やむを得ないため受容する。");
            let minutes = u32::try_from(n).unwrap_or(0) * 3;
            diary
                .on(day, minutes)
                .accept_risk(&ciso, v.id, reason, &iso(expires))
                .await?;
            accepted.insert(v.id);
        }

        // Applied controls, with their evidence, through December.
        let mut by_threat: HashMap<String, Vec<&RiskView>> = HashMap::new();
        for (v, _) in &assessed {
            by_threat.entry(v.threat.clone()).or_default().push(v);
        }
        let threat_names: HashMap<&str, &str> = world
            .threats
            .values()
            .map(|(code, name, _)| (code.as_str(), name.as_str()))
            .collect();
        let mut controls_by_threat: HashMap<String, Vec<String>> = HashMap::new();
        for (i, spec) in CONTROLS.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(0);
            let day = ymd(last, 12, 1) + Days::new(u64::from(i));
            let dept = world.department_by_code(spec.department);
            let mut risks = Vec::new();
            for t in spec.threats {
                let name = threat_names.get(t).copied().unwrap_or_default();
                let mine = by_threat.get(name).cloned().unwrap_or_default();
                let take = 2.min(mine.len());
                let from = rng.below(mine.len().saturating_sub(take) + 1);
                risks.extend(mine.iter().skip(from).take(take).map(|v| v.number.clone()));
            }
            let mut assets: Vec<&AssetInfo> = world
                .assets
                .values()
                .filter(|a| a.in_use && a.importance == 3 && spec.kinds.contains(&a.kind.as_str()))
                .collect();
            assets.sort_by(|a, b| a.number.cmp(&b.number));
            let from = rng.below(assets.len().saturating_sub(3) + 1);
            let status = spec.status;
            let done = status == "implemented";
            let input = AppliedControlInput {
                name: spec.name.into(),
                description: spec.description.into(),
                category: spec.category.into(),
                status: status.into(),
                department: dept.map(|d| d.id.to_string()).unwrap_or_default(),
                owner: world.owner(dept.map(|d| d.id), &mut rng),
                due_on: if done {
                    String::new()
                } else {
                    iso(*rng
                        .pick(&[ymd(fy, 9, 30), ymd(fy, 12, 25), ymd(fy + 1, 3, 31)])
                        .unwrap_or(&ymd(fy + 1, 3, 31)))
                },
                review_on: if done && i % 7 == 3 {
                    // Its yearly review was due at the end of last fiscal year.
                    iso(ymd(fy, 3, 31))
                } else {
                    iso(ymd(fy + 1, 3, 31))
                },
                implements: spec.implements.iter().map(|s| (*s).to_owned()).collect(),
                assets: assets
                    .iter()
                    .skip(from)
                    .take(3)
                    .map(|a| a.number.clone())
                    .collect(),
                risks,
            };
            let view = diary
                .on(day, 60)
                .save_applied_control(actor, None, &input)
                .await?;
            for t in spec.threats {
                controls_by_threat
                    .entry((*t).to_owned())
                    .or_default()
                    .push(view.number.clone());
            }
            if let Some(e) = spec.evidence {
                let expires = if e.stale {
                    iso(ymd(fy, 3, 31))
                } else if i % 2 == 0 {
                    iso(ymd(fy + 1, 3, 31))
                } else {
                    String::new()
                };
                diary
                    .on(day, 90)
                    .upload_evidence(
                        actor,
                        view.id,
                        e.file_name,
                        body_bytes(e.body),
                        e.description,
                        &expires,
                    )
                    .await?;
            }
        }

        // February: most risks closed; those still being treated stay open.
        for (n, (v, _)) in assessed.iter().enumerate() {
            let above = v.residual.as_ref().is_some_and(|s| s.above_tolerance);
            if (above && !accepted.contains(&v.id)) || rng.percent(10) {
                continue;
            }
            let n = u32::try_from(n).unwrap_or(0);
            let day = ymd(fy, 2, 2 + n % 24);
            diary.on(day, n % 400).close_risk(actor, v.id).await?;
        }
        for (i, d) in before.iter().enumerate() {
            let minutes = u32::try_from(i).unwrap_or(0) * 20;
            diary
                .on(ymd(fy, 2, 27), minutes)
                .complete_campaign_department(actor, campaign, *d)
                .await?;
        }

        // March: the SoAs, then the committee closes the campaign and approves the
        // basic policy's SoA.
        self.load_demo_soa(&diary, actor, fy).await?;
        diary
            .on(ymd(fy, 3, 18), 0)
            .close_campaign(actor, campaign)
            .await?;
        diary
            .on(ymd(fy, 3, 18), 30)
            .approve_soa(
                actor,
                "basic-policy",
                &iso(ymd(fy, 3, 18)),
                "情報セキュリティ委員会",
                &format!("令和{}年度第2回委員会で承認", reiwa(last)),
            )
            .await?;

        // This fiscal year's campaign, under way.
        let remaining = TOTAL_BUDGET.saturating_sub(drafted_before);
        let rest: Vec<Candidate> = candidates
            .iter()
            .filter(|c| !before.contains(&c.id))
            .copied()
            .collect();
        let now_depts: Vec<Uuid> = choose(&rest, remaining, 1).iter().map(|c| c.id).collect();
        // Two more departments take part and have not begun.
        let listed: Vec<Uuid> = now_depts
            .iter()
            .copied()
            .chain(
                rest.iter()
                    .map(|c| c.id)
                    .filter(|id| !now_depts.contains(id))
                    .take(2),
            )
            .collect();
        let start = ymd(fy, 5, 15).min(today);
        let campaign = diary
            .on(start, 0)
            .create_campaign(
                actor,
                &CampaignInput {
                    name: format!("令和{}年度 情報セキュリティリスクアセスメント", reiwa(fy)),
                    kind: "yearly".into(),
                    fiscal_year: Some(fy),
                    departments: listed,
                },
            )
            .await?;
        let round = Round {
            dates: Dates {
                due: ymd(fy + 1, 2, 28),
                review: ymd(fy + 2, 3, 31),
                review_lapsed: ymd(fy + 2, 3, 31),
            },
            controls: controls_by_threat,
            ..round
        };
        // The department that has begun has assessed about three in five drafts.
        for (i, d) in now_depts.iter().enumerate() {
            let k = u32::try_from(i).unwrap_or(0);
            diary
                .on(start, 10 + k * 5)
                .draft_campaign_risks(actor, campaign, *d)
                .await?;
            let drafts = drafts_of(&diary.app, org_id, campaign, *d).await?;
            for (j, m) in drafts.iter().take(drafts.len() * 3 / 5).enumerate() {
                let j = u32::try_from(j).unwrap_or(0);
                let day = start + Days::new(u64::from(14 + k * 20 + j / 3));
                round.assess(&mut rng, m, day, 30 + j * 7).await?;
            }
        }
        Ok(())
    }

    /// The basic policy's SoA decided row by row, and a first part of the MIC
    /// guideline's, in March of last fiscal year.
    async fn load_demo_soa(&self, diary: &Diary, actor: &Actor, fy: i32) -> AppResult<()> {
        let org_id = actor.org_id;
        let basic = self.catalog(org_id, "basic-policy").await?;
        let leaves: BTreeSet<String> = basic.leaves().map(|l| l.id.clone()).collect();
        for (n, c) in basic
            .ordered()
            .into_iter()
            .filter(|c| leaves.contains(&c.id))
            .enumerate()
        {
            let why = BASIC_POLICY_SOA
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or("基本方針第8項の対策として全庁で実施している。", |(_, j)| j);
            let minutes = u32::try_from(n).unwrap_or(0) * 2;
            diary
                .on(ymd(fy, 3, 3), minutes)
                .set_soa_entry(actor, "basic-policy", &c.id, true, why)
                .await?;
        }
        let mic = self.catalog(org_id, "mic-guideline").await?;
        let leaves: BTreeSet<String> = mic.leaves().map(|l| l.id.clone()).collect();
        let mut n = 0u32;
        for c in mic.ordered().into_iter().filter(|c| leaves.contains(&c.id)) {
            let excluded = MIC_EXCLUDED.iter().find(|(id, _)| *id == c.id);
            let section = MIC_SOA.iter().find(|(p, _)| c.id.starts_with(p));
            let (applicable, why) = match (excluded, section) {
                (Some((_, why)), _) => (false, *why),
                (None, Some((_, why))) => (true, *why),
                (None, None) => continue,
            };
            diary
                .on(ymd(fy, 3, 10), n * 2)
                .set_soa_entry(actor, "mic-guideline", &c.id, applicable, why)
                .await?;
            n += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;
    use std::time::Instant;

    use mamori_domain::risk::{RiskStatus, Stage, Standing};

    use super::*;
    use crate::clock::SeededRandom;
    use crate::controls::ControlQuery;
    use crate::risks::RiskQuery;
    use crate::{AppConfig, Store};

    #[test]
    fn the_pdf_evidence_is_a_pdf_with_a_cross_reference_table() {
        let b = pdf(&["証跡", "テスト"]);
        assert!(b.starts_with(b"%PDF-1.4") && b.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&b);
        let at: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|s| s.lines().next())
            .and_then(|s| s.parse().ok())
            .unwrap();
        assert!(b[at..].starts_with(b"xref"));
        assert_eq!(
            mamori_domain::evidence::classify("a.pdf", &b).unwrap(),
            mamori_domain::evidence::EvidenceType::Pdf
        );
    }

    #[test]
    fn residual_risk_within_tolerance_keeps_what_it_can() {
        assert_eq!(within_tolerance(3, 3, 3), ipa(3, 1, 1));
        assert_eq!(within_tolerance(2, 2, 2), ipa(2, 1, 2));
        assert_eq!(within_tolerance(1, 3, 3), ipa(1, 2, 2));
    }

    #[tokio::test]
    async fn the_demo_loads_a_year_of_risk_work() {
        let dir = tempfile::tempdir().unwrap();
        let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
        let store = Store::open(&url, 4).await.unwrap();
        let clock = Arc::new(FixedClock::new("2026-10-01T00:00:00Z".parse().unwrap()));
        let random = Arc::new(SeededRandom::new(7));
        let app = App::new(store, clock, random, AppConfig::default());
        let started = Instant::now();
        app.load_demo(42, None, "cli:test").await.unwrap();
        let elapsed = started.elapsed();

        let conn = app.store.conn();
        let org = mamori_store::orgs::all(conn).await.unwrap().remove(0);
        let actor = Actor::cli(org.id, "test");
        let all = app.all_risks(&actor, &RiskQuery::default()).await.unwrap();
        assert!((120..=180).contains(&all.len()), "{}", all.len());

        let campaigns = app.campaigns(&actor).await.unwrap();
        let closed: Vec<_> = campaigns.iter().filter(|c| c.status == "closed").collect();
        let open: Vec<_> = campaigns.iter().filter(|c| c.status == "open").collect();
        assert_eq!((closed.len(), open.len()), (1, 1));
        let snap = closed[0].snapshot.as_ref().unwrap();
        assert!(snap.total > 0);
        assert_eq!(closed[0].fiscal_year, 2025);
        assert!(closed[0].closed_on.is_some_and(|d| d < app.today()));
        assert_eq!(app.campaign_trend(&actor).await.unwrap().len(), 1);

        let count = |f: &dyn Fn(&RiskView) -> bool| all.iter().filter(|r| f(r)).count();
        let review = count(&|r| r.standing == Standing::Review);
        let closed_accepted = count(&|r| r.status == RiskStatus::Closed && r.acceptance.is_some());
        let drafts = count(&|r| r.standing == Standing::Draft);
        let open_risks = count(&|r| r.standing == Standing::Open);
        let closed_risks = count(&|r| r.standing == Standing::Closed);
        assert!(
            review > 0 && closed_accepted > 0 && drafts > 0 && open_risks > 0,
            "review {review} closed with acceptance {closed_accepted} drafts {drafts} open {open_risks} closed {closed_risks} of {}",
            all.len()
        );
        assert!(closed_risks > all.len() / 3, "{closed_risks}");
        let lapsed = count(&|r| {
            r.acceptance
                .as_ref()
                .is_some_and(|a| a.expired(app.today()))
        });
        assert!(lapsed > 0);

        let residual = count(&|r| r.residual.is_some());
        let heat = app
            .risk_heatmap(&actor, &RiskQuery::default(), Stage::Residual)
            .await
            .unwrap();
        assert_eq!(heat.map.total(), residual as u64);
        assert!(residual > 0);

        let controls = app
            .applied_controls(&actor, &ControlQuery::default())
            .await
            .unwrap();
        assert!(controls.len() >= 20, "{}", controls.len());
        let evidence: Vec<_> = controls.iter().flat_map(|c| &c.evidence).collect();
        assert!(evidence.len() >= 8, "{}", evidence.len());
        for e in &evidence {
            let file = app.evidence_file(&actor, e.id).await.unwrap();
            assert_eq!(e.sha256.len(), 64);
            assert_eq!(
                mamori_domain::evidence::sha256_hex(&file.body),
                e.sha256,
                "{}",
                e.file_name
            );
        }
        assert!(evidence.iter().filter(|e| e.stale).count() >= 2);
        let statuses: BTreeSet<String> = controls
            .iter()
            .map(|c| c.status.code().to_owned())
            .collect();
        assert!(statuses.len() >= 4, "{statuses:?}");
        let linked = app.applied_control(&actor, controls[0].id).await.unwrap();
        assert!(!linked.risks.is_empty() && !linked.implements.is_empty());

        let soa = app.soa(&actor, "basic-policy").await.unwrap();
        assert_eq!(soa.undecided, 0);
        assert_eq!(
            soa.versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            [1]
        );
        let mic = app.soa(&actor, "mic-guideline").await.unwrap();
        assert!(mic.undecided > 0 && mic.applicable > 0 && mic.not_applicable > 0);
        assert!(mic.versions.is_empty());

        println!(
            "risks {} (draft {drafts}, open {open_risks}, closed {closed_risks}, review {review}; \
             closed with acceptance {closed_accepted}, lapsed {lapsed}); residual evaluated {residual}; \
             snapshot total {}; controls {} {statuses:?}; evidence {}; basic-policy SoA {} rows; \
             mic SoA {}/{} decided; load_demo {elapsed:?}",
            all.len(),
            snap.total,
            controls.len(),
            evidence.len(),
            soa.rows.len(),
            mic.applicable + mic.not_applicable,
            mic.rows.len(),
        );
    }
}
