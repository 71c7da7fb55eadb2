//! Checking a scheme before it is used: an organization may edit its scales, and every
//! rule downstream (parsing, propagation, mapping) relies on the shape checked here.

use std::collections::HashMap;

use super::{Dimension, Scale, Scheme};
use crate::error::{FieldError, Invalid};
use crate::text::{clean, label_key};

/// The fewest and most levels a scale may have. One level would classify nothing; more
/// than nine is more than anyone can apply consistently.
const MIN_LEVELS: usize = 2;
const MAX_LEVELS: usize = 9;
const MAX_CODE_CHARS: usize = 16;

impl Scheme {
    /// Checks everything at once, so an editor sees all problems together:
    /// - the name is not empty;
    /// - each scale has 2–9 levels, ranked exactly 1, 2, 3 … in order;
    /// - codes are non-empty, short, without spaces, and distinct even ignoring case
    ///   and width (parsing ignores both);
    /// - importance is 1–3 and never falls as the rank rises;
    /// - labels are not empty, and no label or alias names two levels;
    /// - handling rules have text in both languages.
    ///
    /// Fields are named like `c.levels[2].code`.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut errors = Invalid::new();
        if clean(&self.name).is_empty() {
            errors.push(FieldError::new(
                "name",
                "分類基準の名称が入力されていません。",
                "The scheme's name is empty.",
            ));
        }
        for d in Dimension::ALL {
            check_scale(d, self.scale(d), &mut errors);
        }
        errors.into_result()
    }
}

fn check_scale(d: Dimension, scale: &Scale, errors: &mut Invalid) {
    let dim = d.code();
    let (dim_ja, dim_en) = (d.label_ja(), d.label_en());
    let n = scale.levels.len();
    if !(MIN_LEVELS..=MAX_LEVELS).contains(&n) {
        errors.push(FieldError::new(
            format!("{dim}.levels"),
            format!("{dim_ja}の区分は{MIN_LEVELS}〜{MAX_LEVELS}個にしてください（現在{n}個）。"),
            format!(
                "The {dim_en} scale must have {MIN_LEVELS} to {MAX_LEVELS} levels; it has {n}."
            ),
        ));
    }
    // Which level each spelling (code, label, alias) already names, to find spellings
    // that would make parsing ambiguous.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut previous_importance = 0;
    for (k, level) in scale.levels.iter().enumerate() {
        let at = |field: &str| format!("{dim}.levels[{k}].{field}");
        let code = level.code.as_str();
        let code_key = label_key(code);
        if code_key.is_empty() {
            errors.push(FieldError::new(
                at("code"),
                format!(
                    "{dim_ja}の{}番目の区分のコードが入力されていません。",
                    k + 1
                ),
                format!("Level {} of the {dim_en} scale has no code.", k + 1),
            ));
        } else if code.chars().count() > MAX_CODE_CHARS
            || code.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            errors.push(FieldError::new(
                at("code"),
                format!(
                    "{dim_ja}の区分コード「{}」は使えません。空白を含まない{MAX_CODE_CHARS}文字以内にしてください。",
                    code.escape_debug()
                ),
                format!(
                    "The {dim_en} code \"{}\" is not allowed: use at most {MAX_CODE_CHARS} characters and no spaces.",
                    code.escape_debug()
                ),
            ));
        } else if let Some(&other) = seen.get(&code_key) {
            errors.push(FieldError::new(
                at("code"),
                format!(
                    "{dim_ja}の区分コード「{code}」が{}番目の区分と重複しています。",
                    other + 1
                ),
                format!(
                    "The {dim_en} code \"{code}\" repeats the code of level {}.",
                    other + 1
                ),
            ));
        } else {
            seen.insert(code_key, k);
        }
        let expected_rank = k + 1;
        if usize::from(level.rank) != expected_rank {
            errors.push(FieldError::new(
                at("rank"),
                format!(
                    "{dim_ja}「{code}」の順位は{expected_rank}にしてください（低い区分から1、2、3…と順に並べます）。"
                ),
                format!(
                    "The rank of {dim_en} level \"{code}\" must be {expected_rank}: levels are ranked 1, 2, 3 … from the lowest."
                ),
            ));
        }
        if !(1..=3).contains(&level.importance) {
            errors.push(FieldError::new(
                at("importance"),
                format!("{dim_ja}「{code}」の重要度は1〜3で指定してください。"),
                format!("The importance of {dim_en} level \"{code}\" must be 1 to 3."),
            ));
        } else if level.importance < previous_importance {
            errors.push(FieldError::new(
                at("importance"),
                format!(
                    "{dim_ja}「{code}」の重要度（{}）が一つ下の区分（{previous_importance}）より低くなっています。",
                    level.importance
                ),
                format!(
                    "The importance of {dim_en} level \"{code}\" ({}) is below that of the level beneath it ({previous_importance}).",
                    level.importance
                ),
            ));
        }
        previous_importance = previous_importance.max(level.importance);
        for (field, label, lang_ja, lang_en) in [
            ("label_ja", &level.label_ja, "日本語", "Japanese"),
            ("label_en", &level.label_en, "英語", "English"),
        ] {
            if clean(label).is_empty() {
                errors.push(FieldError::new(
                    at(field),
                    format!("{dim_ja}「{code}」の{lang_ja}の名称が入力されていません。"),
                    format!("The {lang_en} label of {dim_en} level \"{code}\" is empty."),
                ));
            }
        }
        for (r, rule) in level.handling.iter().enumerate() {
            if clean(&rule.ja).is_empty() || clean(&rule.en).is_empty() {
                errors.push(FieldError::new(
                    format!("{dim}.levels[{k}].handling[{r}]"),
                    format!(
                        "{dim_ja}「{code}」の取扱いの{}番目に、日本語と英語の両方を入力してください。",
                        r + 1
                    ),
                    format!(
                        "Handling rule {} of {dim_en} level \"{code}\" needs text in both Japanese and English.",
                        r + 1
                    ),
                ));
            }
        }
    }
    // Labels and aliases after every code is known, so that one naming a later level's
    // code is caught too.
    for (k, level) in scale.levels.iter().enumerate() {
        let names = [
            ("label_ja".to_owned(), &level.label_ja),
            ("label_en".to_owned(), &level.label_en),
        ]
        .into_iter()
        .chain(
            level
                .aliases
                .iter()
                .enumerate()
                .map(|(a, alias)| (format!("aliases[{a}]"), alias)),
        );
        for (field, name) in names {
            let key = label_key(name);
            if key.is_empty() {
                if field.starts_with("aliases") {
                    errors.push(FieldError::new(
                        format!("{dim}.levels[{k}].{field}"),
                        format!("{dim_ja}「{}」の別名が空です。", level.code),
                        format!("An alias of {dim_en} level \"{}\" is empty.", level.code),
                    ));
                }
                continue;
            }
            match seen.get(&key) {
                Some(&other) if other != k => {
                    let other_code = scale.levels.get(other).map_or("", |l| l.code.as_str());
                    errors.push(FieldError::new(
                        format!("{dim}.levels[{k}].{field}"),
                        format!(
                            "「{}」は{dim_ja}の区分「{other_code}」を指す書き方と同じため、区分「{}」には使えません。",
                            clean(name),
                            level.code
                        ),
                        format!(
                            "\"{}\" already names {dim_en} level \"{other_code}\", so it cannot also name level \"{}\".",
                            clean(name),
                            level.code
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(key, k);
                }
            }
        }
    }
}
