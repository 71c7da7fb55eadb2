//! Self-inspection (自己点検): a campaign asks each department in scope the same
//! checklist (plus the items of its own applied controls); the department answers
//! every item, its officer submits, the deputy CISO accepts or returns items.
//!
//! The score counts 実施 as one and 一部実施 as a half, over the items that apply
//! (該当なし is left out), so a department is not marked down for what it does not
//! do at all.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::error::{FieldError, Invalid, Problem};
use crate::labelled::labelled_enum;
use crate::text::clean;

labelled_enum! {
    /// How far a department carries out what an item asks.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Answer {
        Done => ("done", "実施", "Done", ["○", "済", "実施済"]),
        Partial => ("partial", "一部実施", "Partly done", ["△", "一部"]),
        NotDone => ("not_done", "未実施", "Not done", ["×", "未"]),
        NotApplicable => ("not_applicable", "該当なし", "Not applicable", ["-", "対象外", "N/A", "na"]),
    }

    /// Accepts the code, either label or the usual marks (○ △ × -).
    fn parse {
        empty: ("回答が選ばれていません。", "No answer was chosen."),
        unknown: choices("回答", "an answer"),
    }
}

impl Answer {
    /// An answer that says something is missing, which the department explains.
    pub fn needs_comment(self) -> bool {
        matches!(self, Answer::Partial | Answer::NotDone)
    }
}

labelled_enum! {
    /// Where a department's sheet stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SheetState {
        Answering => ("answering", "回答中", "Answering"),
        Submitted => ("submitted", "提出済み", "Submitted"),
        Returned => ("returned", "差戻し", "Returned"),
        Accepted => ("accepted", "確認済み", "Accepted"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状態が入力されていません。", "The state is empty."),
        unknown: choices("状態", "a state"),
    }
}

impl SheetState {
    /// The department may change its answers: before it submits, and after items
    /// come back to it.
    pub fn may_answer(self) -> bool {
        matches!(self, SheetState::Answering | SheetState::Returned)
    }
}

labelled_enum! {
    /// Whom a campaign asks: each department about itself, or each information system
    /// (answered by the department that runs it).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Scope {
        Departments => ("departments", "所属ごと", "By department", ["所属", "部署", "department"]),
        Systems => ("systems", "情報システムごと", "By information system", ["システム", "情報システム", "system"]),
    }

    /// Accepts the code, either label or the usual words (所属, システム).
    fn parse {
        empty: ("点検の単位が選ばれていません。", "No scope was chosen."),
        unknown: choices("点検の単位", "a scope"),
    }
}

/// Whether an asset may have a sheet of its own in a campaign by system: it must be
/// in use, and kept by a department, which answers for it.
pub fn check_system(number: &str, in_use: bool, has_department: bool) -> Result<(), Problem> {
    if !in_use {
        return Err(Problem::new(
            format!("{number} は使用中ではないため、点検の対象にできません。"),
            format!("{number} is not in use, so it cannot be inspected."),
        ));
    }
    if !has_department {
        return Err(Problem::new(
            format!("{number} には管理する所属がないため、回答する所属が決まりません。"),
            format!("{number} has no department keeping it, so nobody would answer for it."),
        ));
    }
    Ok(())
}

/// The answers of a sheet, an area or the whole city, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Tally {
    pub done: u32,
    pub partial: u32,
    pub not_done: u32,
    pub not_applicable: u32,
    pub blank: u32,
}

impl Tally {
    pub fn add(&mut self, a: Option<Answer>) {
        match a {
            Some(Answer::Done) => self.done += 1,
            Some(Answer::Partial) => self.partial += 1,
            Some(Answer::NotDone) => self.not_done += 1,
            Some(Answer::NotApplicable) => self.not_applicable += 1,
            None => self.blank += 1,
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        self.done += o.done;
        self.partial += o.partial;
        self.not_done += o.not_done;
        self.not_applicable += o.not_applicable;
        self.blank += o.blank;
    }

    pub fn items(&self) -> u32 {
        self.done + self.partial + self.not_done + self.not_applicable + self.blank
    }

    pub fn answered(&self) -> u32 {
        self.items() - self.blank
    }

    /// Percent to one decimal: 実施 counts one, 一部実施 a half, over the items
    /// answered as applying. `None` while nothing applicable is answered.
    pub fn score(&self) -> Option<f64> {
        let applicable = self.done + self.partial + self.not_done;
        if applicable == 0 {
            return None;
        }
        let tenths = (u64::from(self.done) * 2 + u64::from(self.partial)) * 500;
        Some((tenths as f64 / f64::from(applicable)).round() / 10.0)
    }

    /// The score as shown: `85.5` or `—`.
    pub fn score_text(&self) -> String {
        self.score()
            .map(|s| format!("{s:.1}"))
            .unwrap_or_else(|| "—".into())
    }
}

/// The change between two scores in points, as shown (`+4.5`, `-2.0`), or empty
/// when either is missing.
pub fn change_text(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => format!("{:+.1}", ((n - b) * 10.0).round() / 10.0),
        _ => String::new(),
    }
}

/// One question of a checklist, before it is numbered in a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// What groups it: a catalog chapter's id, a control category's code, or the
    /// organization's own heading.
    pub area_code: String,
    /// The group as shown (「組織体制」).
    pub area: String,
    pub question: String,
    /// What a department reads to answer it (the catalog control's description).
    pub guidance: String,
    /// `catalog:control` when it comes from a catalog.
    pub control_ref: String,
}

/// The longest question kept, in characters.
const MAX_QUESTION: usize = 500;
/// The most items a checklist may have: a longer one is not a self-inspection
/// anybody answers.
pub const MAX_ITEMS: usize = 400;

/// Reads the organization's own checklist, one question a line under headings:
///
/// ```text
/// ## 人的対策
/// - 職員は年1回以上の研修を受講しているか
/// ```
///
/// A line starting with `#` names an area; other non-empty lines are questions (a
/// leading `-`, `・` or `1.` is dropped). Every problem names its line.
pub fn parse_checklist(text: &str) -> Result<Vec<ChecklistItem>, Invalid> {
    let mut inv = Invalid::new();
    let mut area: Option<String> = None;
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = clean(raw);
        if line.is_empty() {
            continue;
        }
        let at = format!("checklist.{}", n + 1);
        if let Some(h) = line.strip_prefix('#') {
            let h = clean(h.trim_start_matches('#'));
            if h.is_empty() {
                inv.push(FieldError::new(
                    at,
                    format!("{}行目: 区分の名前がありません。", n + 1),
                    format!("Line {}: the heading has no name.", n + 1),
                ));
            } else {
                area = Some(h);
            }
            continue;
        }
        let question = clean(strip_marker(&line));
        let Some(area) = &area else {
            inv.push(FieldError::new(
                at,
                format!(
                    "{}行目: 最初の質問の前に「## 区分」の行を書いてください。",
                    n + 1
                ),
                format!(
                    "Line {}: write a heading (\"## area\") before the first question.",
                    n + 1
                ),
            ));
            continue;
        };
        if question.chars().count() > MAX_QUESTION {
            inv.push(FieldError::new(
                at,
                format!(
                    "{}行目: 質問は{MAX_QUESTION}文字以内にしてください。",
                    n + 1
                ),
                format!(
                    "Line {}: a question is at most {MAX_QUESTION} characters.",
                    n + 1
                ),
            ));
            continue;
        }
        out.push(ChecklistItem {
            area_code: area.clone(),
            area: area.clone(),
            question,
            guidance: String::new(),
            control_ref: String::new(),
        });
    }
    if out.is_empty() && inv.is_empty() {
        inv.push(FieldError::new(
            "checklist",
            "点検項目がありません。「## 区分」の下に質問を1行ずつ書いてください。",
            "The checklist has no questions: write one a line under a \"## area\" heading.",
        ));
    }
    if out.len() > MAX_ITEMS {
        inv.push(too_many(out.len()).at("checklist"));
    }
    inv.into_result()?;
    Ok(out)
}

fn too_many(n: usize) -> Problem {
    Problem::new(
        format!("点検項目が{n}件あります。{MAX_ITEMS}件以内にしてください。"),
        format!("The checklist has {n} items; at most {MAX_ITEMS}."),
    )
}

/// A line's question without the list marker people type before it.
fn strip_marker(line: &str) -> &str {
    let s = line.trim_start_matches(['-', '*', '・', '●', '○', ' ', '\u{3000}']);
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len()
        && let Some(rest) = digits
            .strip_prefix('.')
            .or_else(|| digits.strip_prefix(')'))
            .or_else(|| digits.strip_prefix('．'))
    {
        return rest;
    }
    s
}

/// The checklist a catalog gives: each control it applies (its leaves, in reading
/// order), grouped by the top-level entry (chapter) above it. `within` keeps only the
/// chapters named by id; empty keeps all.
pub fn from_catalog(catalog: &Catalog, within: &[String]) -> Result<Vec<ChecklistItem>, Problem> {
    let by_id: HashMap<&str, &crate::catalog::Control> = catalog
        .controls
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let top = |id: &str| {
        let mut c = by_id.get(id).copied();
        let mut steps = 0;
        while let Some(x) = c {
            match by_id.get(x.parent.as_str()) {
                Some(p) if !x.parent.is_empty() && steps < by_id.len() => {
                    c = Some(p);
                    steps += 1;
                }
                _ => return Some(x),
            }
        }
        None
    };
    let leaves: std::collections::HashSet<&str> = catalog.leaves().map(|c| c.id.as_str()).collect();
    let mut out = Vec::new();
    for c in catalog.ordered() {
        if !leaves.contains(c.id.as_str()) {
            continue;
        }
        let Some(t) = top(&c.id) else { continue };
        if !within.is_empty() && !within.iter().any(|w| w == &t.id) {
            continue;
        }
        out.push(ChecklistItem {
            area_code: t.id.clone(),
            area: if t.chapter.is_empty() {
                t.title_ja.clone()
            } else {
                format!("{} {}", t.chapter, t.title_ja)
            },
            question: c.title_ja.clone(),
            guidance: c.description_ja.clone(),
            control_ref: format!("{}:{}", catalog.meta.id, c.id),
        });
    }
    if out.is_empty() {
        return Err(Problem::new(
            "選んだ章に点検項目がありません。",
            "The chapters chosen have no controls to ask about.",
        ));
    }
    if out.len() > MAX_ITEMS {
        return Err(too_many(out.len()));
    }
    Ok(out)
}

/// What a department must have done before it submits: every item answered, and a
/// comment (why, and what next) on each 一部実施 or 未実施. Items are named by their
/// numbers in the campaign.
pub fn check_submit(answers: &[(u32, Option<Answer>, &str)]) -> Result<(), Invalid> {
    let mut inv = Invalid::new();
    let blank: Vec<String> = answers
        .iter()
        .filter(|(_, a, _)| a.is_none())
        .map(|(n, ..)| n.to_string())
        .collect();
    if !blank.is_empty() {
        inv.push(FieldError::new(
            "answers",
            format!("未回答の項目があります（項目 {}）。", list(&blank)),
            format!("Some items are not answered (items {}).", list(&blank)),
        ));
    }
    let unexplained: Vec<String> = answers
        .iter()
        .filter(|(_, a, c)| a.is_some_and(Answer::needs_comment) && clean(c).is_empty())
        .map(|(n, ..)| n.to_string())
        .collect();
    if !unexplained.is_empty() {
        inv.push(FieldError::new(
            "comment",
            format!(
                "一部実施・未実施の項目には理由と今後の対応を記入してください（項目 {}）。",
                list(&unexplained)
            ),
            format!(
                "Explain each item partly done or not done, and what comes next (items {}).",
                list(&unexplained)
            ),
        ));
    }
    inv.into_result()
}

/// At most twenty numbers, then how many more.
fn list(numbers: &[String]) -> String {
    if numbers.len() <= 20 {
        return numbers.join(", ");
    }
    format!("{} … +{}", numbers[..20].join(", "), numbers.len() - 20)
}
