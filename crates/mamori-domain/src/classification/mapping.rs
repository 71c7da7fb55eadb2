//! Moving classified assets from one scheme to another (a new edition of the MIC
//! guidelines, or an organization's own revision), level code by level code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Dimension, Level, Scale, Scheme};
use crate::error::{FieldError, Invalid};

/// For each dimension, which level code of the old scheme becomes which code of the
/// new one. Reviewed by a person before it is applied; [`Scheme::default_mapping`]
/// proposes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SchemeMapping {
    pub c: BTreeMap<String, String>,
    pub i: BTreeMap<String, String>,
    pub a: BTreeMap<String, String>,
}

impl SchemeMapping {
    pub fn for_dimension(&self, d: Dimension) -> &BTreeMap<String, String> {
        match d {
            Dimension::C => &self.c,
            Dimension::I => &self.i,
            Dimension::A => &self.a,
        }
    }

    pub fn for_dimension_mut(&mut self, d: Dimension) -> &mut BTreeMap<String, String> {
        match d {
            Dimension::C => &mut self.c,
            Dimension::I => &mut self.i,
            Dimension::A => &mut self.a,
        }
    }

    /// The new code for an old one.
    pub fn get(&self, d: Dimension, from: &str) -> Option<&str> {
        self.for_dimension(d).get(from).map(String::as_str)
    }

    /// Checks that the mapping can be applied: every level of `from` is mapped, to a
    /// level that exists in `to`, and nothing else is mapped (an entry for a code
    /// `from` does not have is a sign the mapping was made for another scheme).
    /// Fields are named like `c.3`.
    pub fn check(&self, from: &Scheme, to: &Scheme) -> Result<(), Invalid> {
        let mut errors = Invalid::new();
        for d in Dimension::ALL {
            let map = self.for_dimension(d);
            let (dim, dim_ja, dim_en) = (d.code(), d.label_ja(), d.label_en());
            for level in &from.scale(d).levels {
                let code = &level.code;
                match map.get(code) {
                    None => errors.push(FieldError::new(
                        format!("{dim}.{code}"),
                        format!("{dim_ja}「{code}」の移行先が指定されていません。"),
                        format!("The {dim_en} level \"{code}\" is not mapped to a new level."),
                    )),
                    Some(target) if to.scale(d).by_code(target).is_none() => {
                        errors.push(FieldError::new(
                            format!("{dim}.{code}"),
                            format!(
                                "{dim_ja}「{code}」の移行先「{target}」は新しい分類基準にありません。{} のいずれかにしてください。",
                                to.scale(d).codes_descending().join("、")
                            ),
                            format!(
                                "The {dim_en} level \"{code}\" is mapped to \"{target}\", which the new scheme does not have. Use one of: {}.",
                                to.scale(d).codes_descending().join(", ")
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            for code in map.keys() {
                if from.scale(d).by_code(code).is_none() {
                    errors.push(FieldError::new(
                        format!("{dim}.{code}"),
                        format!("{dim_ja}「{code}」は移行元の分類基準にない区分です。"),
                        format!("The current scheme has no {dim_en} level \"{code}\" to map."),
                    ));
                }
            }
        }
        errors.into_result()
    }
}

impl Scheme {
    /// Proposes a mapping from this scheme to `to`: each level goes to the level of
    /// `to` with the same importance, and among several (3 → 3A/3B/3C) to the highest
    /// rank, so that no asset loses protection in the move until a person lowers it.
    /// A level whose importance `to` lacks goes to the nearest higher importance, and
    /// failing that to the highest level of `to`.
    pub fn default_mapping(&self, to: &Scheme) -> SchemeMapping {
        let mut mapping = SchemeMapping::default();
        for d in Dimension::ALL {
            let target = to.scale(d);
            let map = mapping.for_dimension_mut(d);
            for level in &self.scale(d).levels {
                if let Some(t) = map_level(level, target) {
                    map.insert(level.code.clone(), t.code.clone());
                }
            }
        }
        mapping
    }
}

/// The level of `to` that `level` becomes; `None` only when `to` is empty.
fn map_level<'a>(level: &Level, to: &'a Scale) -> Option<&'a Level> {
    let highest_of = |importance: u8| {
        to.levels
            .iter()
            .filter(|t| t.importance == importance)
            .max_by_key(|t| t.rank)
    };
    highest_of(level.importance)
        .or_else(|| {
            let nearest_higher = to
                .levels
                .iter()
                .map(|t| t.importance)
                .filter(|&imp| imp > level.importance)
                .min()?;
            highest_of(nearest_higher)
        })
        .or_else(|| to.levels.iter().max_by_key(|t| t.rank))
}
