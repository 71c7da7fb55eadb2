//! What an assessor settles on for one risk: the three evaluations and the treatment
//! ([`judge`]), drawn from the seed, and the words written down with them (the
//! weaknesses named per threat, the treatment notes and the CISO's reasons for
//! accepting). Pure: nothing here touches the database.

use mamori_domain::risk::{Factors, Treatment};

use crate::demo::city::SplitMix64;

pub(super) fn ipa(importance: u8, likelihood: u8, vulnerability: u8) -> Factors {
    Factors::Ipa {
        importance,
        likelihood,
        vulnerability,
    }
}

/// The three evaluations and the treatment an assessor settles on.
pub(super) struct Judgement {
    pub(super) inherent: Factors,
    pub(super) current: Factors,
    pub(super) residual: Factors,
    pub(super) treatment: Treatment,
}

/// The lowest likelihood × vulnerability reachable within the tolerance (a score of 4
/// or less), keeping as much of today's level as that allows.
pub(super) fn within_tolerance(importance: u8, likelihood: u8, vulnerability: u8) -> Factors {
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

pub(super) fn judge(rng: &mut SplitMix64, importance: u8, threat_likelihood: u8) -> Judgement {
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
pub(super) const WEAKNESSES: &[(&str, &[&str])] = &[
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

pub(super) const ACCEPTANCE_REASONS: &[&str] = &[
    "追加の対策に要する費用が想定される損失を大きく上回るため、次回の機器更新までは現行の管理で受容する。",
    "発生の可能性は低く、発生した場合も紙の控えと手作業で業務を継続できるため受容する。",
    "システム更改で解消する見込みのため、それまでの間は運用上の注意を徹底したうえで受容する。",
    "代替手段がなく業務上の必要性が高いため、課長による月次確認を条件として受容する。",
];

pub(super) fn notes(t: Treatment) -> &'static [&'static str] {
    match t {
        Treatment::Reduce => REDUCE_NOTES,
        Treatment::Accept => ACCEPT_NOTES,
        Treatment::Transfer => TRANSFER_NOTES,
        Treatment::Avoid => AVOID_NOTES,
    }
}
