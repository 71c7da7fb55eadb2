//! Disposal (廃棄) with proof: which methods the rules allow for data of a
//! confidentiality level, when a staff witness and an erasure certificate are needed,
//! and the check that the serial numbers on the certificate are exactly those of the
//! register.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::serial_key;
use crate::classification::Scale;
use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// How data is destroyed with what holds it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Method {
        PhysicalDestruction => ("physical_destruction", "物理的破壊", "Physical destruction", ["破壊", "粉砕", "穿孔"]),
        Degaussing => ("degaussing", "磁気消去", "Degaussing", ["消磁"]),
        Overwrite => ("overwrite", "上書き消去", "Overwriting", ["上書き", "データ消去"]),
        CryptoErase => ("crypto_erase", "暗号化消去", "Cryptographic erase", ["暗号消去"]),
        Shredding => ("shredding", "裁断", "Shredding", ["シュレッダー", "細断"]),
        Dissolving => ("dissolving", "溶解", "Dissolving", ["溶解処理"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("廃棄の方法が入力されていません。", "The method is empty."),
        unknown: choices("廃棄の方法", "a disposal method"),
    }
}

impl Method {
    /// Whether it destroys paper (else electronic media).
    pub fn for_paper(self) -> bool {
        matches!(self, Method::Shredding | Method::Dissolving)
    }
}

/// What the rules ask for disposing of data of one confidentiality level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    /// The methods allowed (codes).
    pub methods: Vec<Method>,
    /// A staff member must witness it.
    pub witness: bool,
}

/// The organization's disposal rules, per confidentiality level; a level not named
/// takes the default for its rank: the lowest level any method and no witness, the
/// highest no overwriting or cryptographic erase and a witness, those between any
/// method with a witness.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisposalRules {
    #[serde(default)]
    pub by_level: BTreeMap<String, LevelRule>,
}

impl DisposalRules {
    pub fn rule(&self, scale: &Scale, level: &str) -> LevelRule {
        if let Some(r) = self.by_level.get(level) {
            return r.clone();
        }
        let rank = scale.by_code(level).map_or(u8::MAX, |l| l.rank);
        if rank <= scale.lowest().rank {
            LevelRule {
                methods: Method::ALL.to_vec(),
                witness: false,
            }
        } else if rank >= scale.highest().rank {
            LevelRule {
                methods: vec![
                    Method::PhysicalDestruction,
                    Method::Degaussing,
                    Method::Shredding,
                    Method::Dissolving,
                ],
                witness: true,
            }
        } else {
            LevelRule {
                methods: Method::ALL.to_vec(),
                witness: true,
            }
        }
    }
}

/// Checks a method against the rules and against what is disposed of (paper or
/// electronic).
pub fn check_method(rule: &LevelRule, method: Method, paper: bool) -> Result<(), Problem> {
    if !rule.methods.contains(&method) {
        let allowed: Vec<&str> = rule.methods.iter().map(|m| m.label("ja")).collect();
        let allowed_en: Vec<&str> = rule.methods.iter().map(|m| m.label("en")).collect();
        return Err(Problem::new(
            format!(
                "この機密性の情報には「{}」は使えません（使える方法: {}）。",
                method.label("ja"),
                allowed.join("、")
            ),
            format!(
                "{} is not allowed for this confidentiality (allowed: {}).",
                method.label("en"),
                allowed_en.join(", ")
            ),
        ));
    }
    if method.for_paper() != paper {
        return Err(if paper {
            Problem::new(
                "紙の廃棄は裁断か溶解にしてください。",
                "Paper is shredded or dissolved.",
            )
        } else {
            Problem::new(
                "電子媒体は裁断・溶解ではなく、破壊・磁気消去・上書き消去・暗号化消去で廃棄してください。",
                "Electronic media are destroyed, degaussed, overwritten or cryptographically erased, not shredded.",
            )
        });
    }
    Ok(())
}

/// The serial numbers written on a certificate, one per line or separated by commas.
pub fn parse_serials(text: &str) -> Vec<String> {
    text.split(['\n', '\r', ',', '、', '\t', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Compares the register's serial numbers with a certificate's, ignoring case, width,
/// spaces and hyphens: every disk must be on it, and nothing else.
pub fn check_serials(register: &[String], certificate: &[String]) -> Result<(), Problem> {
    let ours: BTreeSet<String> = register.iter().map(|s| serial_key(s)).collect();
    let theirs: BTreeSet<String> = certificate.iter().map(|s| serial_key(s)).collect();
    let missing: Vec<&String> = register
        .iter()
        .filter(|s| !theirs.contains(&serial_key(s)))
        .collect();
    let extra: Vec<&String> = certificate
        .iter()
        .filter(|s| !ours.contains(&serial_key(s)))
        .collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    let list = |v: &[&String]| {
        let mut s: Vec<&str> = v.iter().take(5).map(|s| s.as_str()).collect();
        if v.len() > 5 {
            s.push("…");
        }
        s.join(", ")
    };
    let (mut ja, mut en) = (
        String::from("証明書の製造番号が台帳と一致しません。"),
        String::from("The certificate's serial numbers do not match the register."),
    );
    if !missing.is_empty() {
        ja.push_str(&format!(
            " 証明書にない: {}（{}件）。",
            list(&missing),
            missing.len()
        ));
        en.push_str(&format!(
            " Not on the certificate: {} ({}).",
            list(&missing),
            missing.len()
        ));
    }
    if !extra.is_empty() {
        ja.push_str(&format!(
            " 台帳にない: {}（{}件）。",
            list(&extra),
            extra.len()
        ));
        en.push_str(&format!(
            " Not in the register: {} ({}).",
            list(&extra),
            extra.len()
        ));
    }
    Err(Problem::new(ja, en))
}

/// Whether completing a disposal needs an erasure certificate: whenever a contractor
/// does it (the proof is theirs to give), and for electronic media that held more
/// than public information.
pub fn certificate_required(by_contractor: bool, paper: bool, above_lowest: bool) -> bool {
    by_contractor || (!paper && above_lowest)
}
