//! Quizzes: a bank of single- and multiple-choice questions, an attempt that shows
//! them (and their options) in an order drawn from the injected randomness, and a
//! score per question so the trainer sees what was misunderstood.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A question with its options; `correct` holds the indexes of the right options
/// (one for single choice, one or more for multiple choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: u32,
    pub text: String,
    pub options: Vec<String>,
    pub correct: Vec<usize>,
    pub multiple: bool,
}

impl Question {
    /// Checks a question as written: text, two to ten options, a correct answer that
    /// is one of them, exactly one for single choice.
    pub fn check(&self) -> Result<(), Problem> {
        if self.text.trim().is_empty() {
            return Err(Problem::new(
                "問題文を入力してください。",
                "Enter the question.",
            ));
        }
        if !(2..=10).contains(&self.options.len()) {
            return Err(Problem::new(
                "選択肢は2〜10個にしてください。",
                "A question has 2 to 10 options.",
            ));
        }
        if self.correct.is_empty() || self.correct.iter().any(|&i| i >= self.options.len()) {
            return Err(Problem::new(
                "正解には選択肢のどれかを指定してください。",
                "Mark one of the options as correct.",
            ));
        }
        if !self.multiple && self.correct.len() != 1 {
            return Err(Problem::new(
                "単一選択の問題は、正解を1つにしてください。",
                "A single-choice question has exactly one correct option.",
            ));
        }
        Ok(())
    }
}

/// The order questions and their options are shown in: a permutation of each, drawn
/// from `draw` (the caller's injected randomness: `draw(n)` returns 0..n).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shuffle {
    /// Question indexes in the order shown.
    pub questions: Vec<usize>,
    /// For each question (by bank index), its option indexes in the order shown.
    pub options: Vec<Vec<usize>>,
}

fn permutation(n: usize, draw: &mut impl FnMut(usize) -> usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    // Fisher–Yates, from the end.
    for i in (1..n).rev() {
        let j = draw(i + 1).min(i);
        v.swap(i, j);
    }
    v
}

pub fn shuffle(bank: &[Question], mut draw: impl FnMut(usize) -> usize) -> Shuffle {
    let questions = permutation(bank.len(), &mut draw);
    let options = bank
        .iter()
        .map(|q| permutation(q.options.len(), &mut draw))
        .collect();
    Shuffle { questions, options }
}

/// One question's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub question: u32,
    pub right: bool,
}

/// Scores answers (`(question id, chosen option indexes in the bank's order)`): a
/// question is right when exactly its correct options were chosen. An answer to a
/// question not in the bank is refused, naming it.
pub fn score(bank: &[Question], answers: &[(u32, Vec<usize>)]) -> Result<Vec<Mark>, Problem> {
    if let Some((id, _)) = answers
        .iter()
        .find(|(id, _)| !bank.iter().any(|q| q.id == *id))
    {
        return Err(Problem::new(
            format!("問題 {id} はこの受験にありません。"),
            format!("Question {id} is not in this attempt."),
        ));
    }
    for (id, chosen) in answers {
        let Some(q) = bank.iter().find(|q| q.id == *id) else {
            continue;
        };
        if chosen.iter().any(|&c| c >= q.options.len()) {
            return Err(Problem::new(
                format!("問題 {id} の答えに、ない選択肢が含まれています。"),
                format!("The answer to question {id} names an option it does not have."),
            ));
        }
        if !q.multiple && chosen.len() > 1 {
            return Err(Problem::new(
                format!("問題 {id} は選択肢を1つだけ選んでください。"),
                format!("Question {id} takes one option only."),
            ));
        }
    }
    Ok(bank
        .iter()
        .map(|q| {
            let mut chosen: Vec<usize> = answers
                .iter()
                .find(|(id, _)| *id == q.id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default();
            chosen.sort_unstable();
            chosen.dedup();
            let mut correct = q.correct.clone();
            correct.sort_unstable();
            Mark {
                question: q.id,
                right: chosen == correct,
            }
        })
        .collect())
}

/// Whether `marks` reach `pass_percent` (0–100) of the questions.
pub fn passed(marks: &[Mark], pass_percent: u32) -> bool {
    let right = marks.iter().filter(|m| m.right).count() as u64;
    let total = marks.len().max(1) as u64;
    right * 100 >= u64::from(pass_percent) * total
}
