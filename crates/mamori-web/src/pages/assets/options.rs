//! What the ledger's filter bar and the asset form offer: kinds, statuses, network
//! layers, personal data, the active scheme's levels and the departments.

use mamori_app::assets::Schemes;
use mamori_domain::asset::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind};
use mamori_domain::classification::{Dimension, Scheme};

use crate::i18n::Lang;
use crate::pages::{Choice, DeptOption, choices};

fn level_choices(scheme: &Scheme, dim: Dimension, lang: Lang) -> Vec<Choice> {
    scheme
        .scale(dim)
        .levels
        .iter()
        .rev()
        .map(|l| Choice {
            value: l.code.clone(),
            label: format!(
                "{} {}",
                l.code,
                if lang == Lang::En {
                    &l.label_en
                } else {
                    &l.label_ja
                }
            ),
        })
        .collect()
}

/// Everything a filter bar or a form offers.
pub struct Options {
    pub(super) kinds: Vec<Choice>,
    pub(super) statuses: Vec<Choice>,
    pub(super) layers: Vec<Choice>,
    pub(super) personal: Vec<Choice>,
    pub(super) c: Vec<Choice>,
    pub(super) i: Vec<Choice>,
    pub(super) a: Vec<Choice>,
    pub(super) departments: Vec<DeptOption>,
}

pub(super) fn options(schemes: &Schemes, depts: Vec<DeptOption>, lang: Lang) -> Options {
    let scheme = schemes.active();
    Options {
        kinds: choices(&AssetKind::ALL, AssetKind::code, AssetKind::label, lang),
        statuses: choices(
            &AssetStatus::ALL,
            AssetStatus::code,
            AssetStatus::label,
            lang,
        ),
        layers: choices(
            &NetworkLayer::ALL,
            NetworkLayer::code,
            NetworkLayer::label,
            lang,
        ),
        personal: choices(
            &PersonalDataKind::ALL,
            PersonalDataKind::code,
            PersonalDataKind::label,
            lang,
        ),
        c: level_choices(scheme, Dimension::C, lang),
        i: level_choices(scheme, Dimension::I, lang),
        a: level_choices(scheme, Dimension::A, lang),
        departments: depts,
    }
}
