//! A door system's log read into entries. Logs come in two shapes: one row per stay
//! (an entry time and an exit time), or one row per swipe with its direction (in or
//! out), which [`Pairer`] pairs by badge and area in the order of the file.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// Which way a swipe went.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Direction {
        In => ("in", "入室", "In", ["入", "入場", "入館", "IN", "enter", "entry", "1"]),
        Out => ("out", "退室", "Out", ["出", "退場", "退館", "OUT", "exit", "leave", "2"]),
    }

    /// Accepts the code, either label or the words door systems write.
    fn parse {
        empty: ("入退の区分が空欄です。", "The direction is empty."),
        unknown: choices("入退の区分", "a direction"),
    }
}

/// A stay worked out from swipes: who (the key), from which row, in and out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay<K> {
    pub key: K,
    /// The row of the swipe in.
    pub row: usize,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
}

/// Pairs swipes in file order: a swipe in opens a stay for its key, the next swipe
/// out of the same key closes it. The log must run forward in time; a swipe out with
/// nothing open is an exit before its entry. A second swipe in while a stay is open
/// leaves the first with no exit.
#[derive(Debug)]
pub struct Pairer<K> {
    open: HashMap<K, Stay<K>>,
    last: Option<(usize, DateTime<Utc>)>,
}

impl<K: Hash + Eq + Clone> Default for Pairer<K> {
    fn default() -> Self {
        Self {
            open: HashMap::new(),
            last: None,
        }
    }
}

impl<K: Hash + Eq + Clone> Pairer<K> {
    /// Takes one swipe; returns the stays it completes (or leaves without an exit).
    pub fn push(
        &mut self,
        key: K,
        row: usize,
        direction: Direction,
        at: DateTime<Utc>,
    ) -> Result<Vec<Stay<K>>, Problem> {
        if let Some((prev_row, prev)) = self.last
            && at < prev
        {
            return Err(Problem::new(
                format!("時刻が{prev_row}行目より前に戻っています。ログを時刻順に並べてください。"),
                format!("The time goes back before row {prev_row}'s; sort the log by time."),
            ));
        }
        self.last = Some((row, at));
        match direction {
            Direction::In => {
                let stay = Stay {
                    key: key.clone(),
                    row,
                    entered_at: at,
                    exited_at: None,
                };
                Ok(self.open.insert(key, stay).into_iter().collect())
            }
            Direction::Out => match self.open.remove(&key) {
                Some(mut stay) => {
                    stay.exited_at = Some(at);
                    Ok(vec![stay])
                }
                None => Err(Problem::new(
                    "入室の記録がない退室です（退室が入室より前）。",
                    "An exit with no entry before it.",
                )),
            },
        }
    }

    /// The stays still open at the end of the log, in the order they began.
    pub fn finish(self) -> Vec<Stay<K>> {
        let mut v: Vec<Stay<K>> = self.open.into_values().collect();
        v.sort_by_key(|s| s.row);
        v
    }
}
