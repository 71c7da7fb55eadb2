//! Protection that flows from information to what supports it.
//!
//! Classification is decided for information (§7). A server, the system on it and the
//! room it stands in hold that information, so they need at least the protection of
//! the most sensitive information they carry: a break-in to the room exposes every
//! record stored there. This module computes that inherited protection over the
//! relations between assets, and checks which relations make sense.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::Hash;

use serde::{Deserialize, Serialize};

use crate::asset::AssetKind;
use crate::classification::{Dimension, Level, Scheme};
use crate::error::Problem;
use crate::labelled::labelled_enum;

/// Ranks of the three dimensions (1 = lowest), the unit propagation works in.
/// 0 means "nothing known", below every level, so it never raises anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Protection {
    pub c: u8,
    pub i: u8,
    pub a: u8,
}

impl Protection {
    /// Dimension by dimension, the higher of the two.
    pub fn max(self, o: Protection) -> Protection {
        Protection {
            c: self.c.max(o.c),
            i: self.i.max(o.i),
            a: self.a.max(o.a),
        }
    }

    /// Whether this is at least `o` in every dimension.
    pub fn at_least(self, o: Protection) -> bool {
        self.c >= o.c && self.i >= o.i && self.a >= o.a
    }

    pub fn get(self, d: Dimension) -> u8 {
        match d {
            Dimension::C => self.c,
            Dimension::I => self.i,
            Dimension::A => self.a,
        }
    }

    /// The ranks of the levels with these codes in `scheme`; `None` when a code is not
    /// one of the scheme's.
    pub fn from_codes(scheme: &Scheme, c: &str, i: &str, a: &str) -> Option<Protection> {
        Some(Protection {
            c: scheme.level(Dimension::C, c)?.rank,
            i: scheme.level(Dimension::I, i)?.rank,
            a: scheme.level(Dimension::A, a)?.rank,
        })
    }

    /// The levels of `scheme` at these ranks, in the order C, I, A; `None` when a rank
    /// has no level (0, or beyond the scale).
    pub fn levels(self, scheme: &Scheme) -> Option<[&Level; 3]> {
        Some([
            scheme.scale(Dimension::C).by_rank(self.c)?,
            scheme.scale(Dimension::I).by_rank(self.i)?,
            scheme.scale(Dimension::A).by_rank(self.a)?,
        ])
    }
}

/// A supporting asset's required protection is at least the highest of everything that
/// depends on it, transitively (data stored on a system, which runs on hardware, which
/// sits in a facility).
///
/// `own`: every node in the region with its own protection (nodes outside the region
/// that depend on it may be passed with their already-known REQUIRED protection as
/// their own — max is idempotent). `edges`: (dependent, supporting) pairs. Returns the
/// required protection of every node in `own`. A node only mentioned in `edges` has
/// no protection of its own and is left out of the answer, but protection still flows
/// through it, so a chain is never cut by a missing link.
///
/// A worklist over the finite lattice of ranks: a node is revisited only when its value
/// rose, and each value can rise only a bounded number of times, so cycles terminate;
/// within a cycle every node ends with the maximum of the cycle. O((V + E) · levels).
pub fn propagate<K: Copy + Eq + Hash>(
    own: &HashMap<K, Protection>,
    edges: &[(K, K)],
) -> HashMap<K, Protection> {
    let supports = adjacency(edges);
    let mut required: HashMap<K, Protection> = own.clone();
    let mut queue: VecDeque<K> = own.keys().copied().collect();
    let mut queued: HashSet<K> = queue.iter().copied().collect();
    while let Some(node) = queue.pop_front() {
        queued.remove(&node);
        let here = required.get(&node).copied().unwrap_or_default();
        for &s in supports.get(&node).into_iter().flatten() {
            let there = required.entry(s).or_default();
            let raised = there.max(here);
            if raised != *there {
                *there = raised;
                if queued.insert(s) {
                    queue.push_back(s);
                }
            }
        }
    }
    required.retain(|k, _| own.contains_key(k));
    required
}

/// Nodes whose required protection may change when `changed` nodes change: `changed`
/// plus everything they support, transitively (following edges dependent → supporting).
/// What depends on a changed node is unaffected: protection flows only downwards.
pub fn affected<K: Copy + Eq + Hash>(changed: &[K], edges: &[(K, K)]) -> HashSet<K> {
    let supports = adjacency(edges);
    let mut seen: HashSet<K> = changed.iter().copied().collect();
    let mut queue: VecDeque<K> = seen.iter().copied().collect();
    while let Some(node) = queue.pop_front() {
        for &s in supports.get(&node).into_iter().flatten() {
            if seen.insert(s) {
                queue.push_back(s);
            }
        }
    }
    seen
}

/// Whether adding dependent→supporting closes a cycle: it does when `dependent` is
/// `supporting` itself, or is already reachable from it.
pub fn would_cycle<K: Copy + Eq + Hash>(edges: &[(K, K)], dependent: K, supporting: K) -> bool {
    affected(&[supporting], edges).contains(&dependent)
}

/// The check before a relation is recorded: an asset cannot support itself, and a
/// relation that closes a loop (A on B on A) is refused, since it describes no real
/// arrangement and would tie the protection of every asset in the loop together.
pub fn check_new_edge<K: Copy + Eq + Hash>(
    edges: &[(K, K)],
    dependent: K,
    supporting: K,
) -> Result<(), Problem> {
    if dependent == supporting {
        return Err(Problem::new(
            "資産を、その資産自身に関連付けることはできません。",
            "An asset cannot be related to itself.",
        ));
    }
    if would_cycle(edges, dependent, supporting) {
        return Err(Problem::new(
            "この関連を追加すると、関連がたどって元の資産に戻る循環になります。関連の向き（依存する側 → 支える側）を確かめてください。",
            "This relation would make a loop leading back to the same asset. Check its direction (dependent → supporting).",
        ));
    }
    Ok(())
}

/// Supporting nodes of each dependent.
fn adjacency<K: Copy + Eq + Hash>(edges: &[(K, K)]) -> HashMap<K, Vec<K>> {
    let mut supports: HashMap<K, Vec<K>> = HashMap::new();
    for &(dependent, supporting) in edges {
        supports.entry(dependent).or_default().push(supporting);
    }
    supports
}

labelled_enum! {
    /// How one asset relies on another. The first asset (the dependent) needs the second
    /// (the supporting asset), which therefore inherits the dependent's protection.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum RelationKind {
        StoredOn => ("stored_on", "保存先", "Stored on", ["保存", "保管先", "格納先"]),
        RunsOn => ("runs_on", "稼働基盤", "Runs on", ["稼働", "動作環境", "稼働環境"]),
        LocatedIn => ("located_in", "設置場所", "Located in", ["設置", "保管場所", "所在"]),
        ConnectedTo => ("connected_to", "接続先", "Connected to", ["接続"]),
        DependsOn => ("depends_on", "依存", "Depends on", ["依存先", "利用"]),
    }

    /// Accepts the code, either label and a few synonyms (保管先, 設置, 接続 …).
    fn parse {
        unknown: choices("資産の関連", "a relation between assets"),
    }
}

impl RelationKind {
    /// Whether `from` (the dependent) may have this relation to `to` (the supporting
    /// asset):
    /// - stored on: information → software, hardware or a facility (paper sits in a
    ///   facility's cabinet; electronic data on a system or a device);
    /// - runs on: software → hardware;
    /// - located in: hardware, a network or paper → a facility;
    /// - connected to: hardware or software → a network;
    /// - depends on: any kind → any kind, for what the others do not describe. That an
    ///   asset does not depend on itself is checked on the assets ([`check_new_edge`]).
    pub fn allows(self, from: AssetKind, to: AssetKind) -> bool {
        use AssetKind::*;
        match self {
            RelationKind::StoredOn => {
                from.is_data() && matches!(to, Software | Hardware | Facility)
            }
            RelationKind::RunsOn => from == Software && to == Hardware,
            RelationKind::LocatedIn => {
                matches!(from, Hardware | Network | DataPaper) && to == Facility
            }
            RelationKind::ConnectedTo => matches!(from, Hardware | Software) && to == Network,
            RelationKind::DependsOn => true,
        }
    }

    /// [`RelationKind::allows`], with a message naming both kinds and saying what the
    /// relation can link `from` to instead.
    pub fn check(self, from: AssetKind, to: AssetKind) -> Result<(), Problem> {
        if self.allows(from, to) {
            return Ok(());
        }
        let targets: Vec<AssetKind> = AssetKind::ALL
            .into_iter()
            .filter(|t| self.allows(from, *t))
            .collect();
        let (rel_ja, rel_en) = (self.label_ja(), self.label_en());
        let (from_ja, from_en) = (from.label_ja(), from.label_en());
        let (to_ja, to_en) = (to.label_ja(), to.label_en());
        let (hint_ja, hint_en) = if targets.is_empty() {
            (
                format!("{from_ja}には「{rel_ja}」の関連を設定できません。"),
                format!("{from_en} cannot have a \"{rel_en}\" relation at all."),
            )
        } else {
            let ja: Vec<&str> = targets.iter().map(|t| t.label_ja()).collect();
            let en: Vec<&str> = targets.iter().map(|t| t.label_en()).collect();
            (
                format!("{from_ja}の「{rel_ja}」にできるのは{}です。", ja.join("、")),
                format!(
                    "The \"{rel_en}\" of {from_en} can only be: {}.",
                    en.join(", ")
                ),
            )
        };
        Err(Problem::new(
            format!(
                "{from_ja}から{to_ja}へ「{rel_ja}」の関連は設定できません。{hint_ja}それ以外の関係は「{}」で登録してください。",
                RelationKind::DependsOn.label_ja()
            ),
            format!(
                "A \"{rel_en}\" relation cannot go from {from_en} to {to_en}. {hint_en} Record any other relationship as \"{}\".",
                RelationKind::DependsOn.label_en()
            ),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::classification::Preset;
    use proptest::prelude::*;

    fn p(c: u8, i: u8, a: u8) -> Protection {
        Protection { c, i, a }
    }

    #[test]
    fn lattice_operations() {
        assert_eq!(p(3, 1, 2).max(p(1, 2, 1)), p(3, 2, 2));
        assert!(p(3, 2, 2).at_least(p(3, 1, 2)));
        assert!(!p(3, 1, 2).at_least(p(1, 2, 1)));
        assert_eq!(p(3, 1, 2).get(Dimension::A), 2);
        assert_eq!(Protection::default(), p(0, 0, 0));
    }

    #[test]
    fn a_chain_raises_every_supporting_asset() {
        // data → system → server → server room
        let own = HashMap::from([
            ("data", p(5, 2, 1)),
            ("system", p(1, 1, 2)),
            ("server", p(1, 1, 1)),
            ("room", p(1, 1, 1)),
        ]);
        let edges = [("data", "system"), ("system", "server"), ("server", "room")];
        let r = propagate(&own, &edges);
        assert_eq!(r["data"], p(5, 2, 1));
        assert_eq!(r["system"], p(5, 2, 2));
        assert_eq!(r["server"], p(5, 2, 2));
        assert_eq!(r["room"], p(5, 2, 2));
        assert_eq!(r["room"].c, own["data"].c);
    }

    #[test]
    fn a_diamond_takes_the_highest_of_both_sides() {
        //   secret   public
        //      \       /
        //     app1   app2
        //        \   /
        //        server
        let own = HashMap::from([
            ("secret", p(3, 1, 1)),
            ("public", p(1, 2, 2)),
            ("app1", p(1, 1, 1)),
            ("app2", p(1, 1, 1)),
            ("server", p(1, 1, 1)),
        ]);
        let edges = [
            ("secret", "app1"),
            ("public", "app2"),
            ("app1", "server"),
            ("app2", "server"),
        ];
        let r = propagate(&own, &edges);
        assert_eq!(r["app1"], p(3, 1, 1));
        assert_eq!(r["app2"], p(1, 2, 2));
        assert_eq!(r["server"], p(3, 2, 2));
        assert_eq!(r["public"], p(1, 2, 2), "dependents are not raised");
    }

    #[test]
    fn a_cycle_terminates_with_its_maximum() {
        let own = HashMap::from([
            (1, p(2, 1, 1)),
            (2, p(1, 3, 1)),
            (3, p(1, 1, 2)),
            (4, p(1, 1, 1)),
        ]);
        let edges = [(1, 2), (2, 3), (3, 1), (3, 4), (4, 4)];
        let r = propagate(&own, &edges);
        for n in [1, 2, 3, 4] {
            assert_eq!(r[&n], p(2, 3, 2), "{n}");
        }
    }

    #[test]
    fn unknown_nodes_pass_protection_on_but_are_not_returned() {
        let own = HashMap::from([("data", p(3, 1, 1)), ("room", p(1, 1, 1))]);
        let edges = [("data", "pc"), ("pc", "room")];
        let r = propagate(&own, &edges);
        assert_eq!(r.len(), 2);
        assert_eq!(r["room"], p(3, 1, 1));
        assert!(propagate(&HashMap::<u8, Protection>::new(), &[(1, 2)]).is_empty());
    }

    #[test]
    fn affected_follows_the_supporting_chain_only() {
        // data → system → server → room; a sibling data set on the same system, and
        // a second system that the data does not use.
        let edges = [
            ("data", "system"),
            ("sibling", "system"),
            ("system", "server"),
            ("server", "room"),
            ("other", "server"),
        ];
        let a = affected(&["data"], &edges);
        let expected: HashSet<&str> = ["data", "system", "server", "room"].into();
        assert_eq!(a, expected);
        assert!(affected(&["room"], &edges).len() == 1);
        assert!(affected::<u8>(&[], &[(1, 2)]).is_empty());
    }

    #[test]
    fn cycles_are_detected_before_they_are_made() {
        let edges = [(1, 2), (2, 3)];
        assert!(would_cycle(&edges, 3, 1));
        assert!(would_cycle(&edges, 2, 2));
        assert!(!would_cycle(&edges, 1, 3));
        assert!(!would_cycle(&edges, 4, 1));
        assert!(check_new_edge(&edges, 1, 4).is_ok());
        assert!(
            check_new_edge(&edges, 5, 5)
                .unwrap_err()
                .en
                .contains("itself")
        );
        let e = check_new_edge(&edges, 3, 1).unwrap_err();
        assert!(e.en.contains("loop") && e.ja.contains("循環"), "{e}");
    }

    #[test]
    fn codes_and_ranks() {
        let s = Scheme::preset(Preset::Mic2024);
        let prot = Protection::from_codes(&s, "3B", "2", "1").unwrap();
        assert_eq!(prot, p(4, 2, 1));
        let [c, i, a] = prot.levels(&s).unwrap();
        assert_eq!(
            (c.code.as_str(), i.code.as_str(), a.code.as_str()),
            ("3B", "2", "1")
        );
        assert!(Protection::from_codes(&s, "3", "2", "1").is_none());
        assert!(p(0, 1, 1).levels(&s).is_none());
        assert!(p(6, 1, 1).levels(&s).is_none());
    }

    #[test]
    fn relation_kinds() {
        for r in RelationKind::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.code())
            );
            assert_eq!(RelationKind::parse(r.code()).unwrap(), r);
            assert_eq!(RelationKind::parse(r.label("ja")).unwrap(), r);
            assert_eq!(RelationKind::parse(r.label("en")).unwrap(), r);
        }
        assert_eq!(
            RelationKind::parse("設置").unwrap(),
            RelationKind::LocatedIn
        );
        assert!(
            RelationKind::parse("所有")
                .unwrap_err()
                .ja
                .contains("保存先")
        );
    }

    #[test]
    fn which_relations_make_sense() {
        use AssetKind::*;
        use RelationKind::*;
        let yes = [
            (StoredOn, DataElectronic, Software),
            (StoredOn, DataElectronic, Hardware),
            (StoredOn, DataPaper, Facility),
            (RunsOn, Software, Hardware),
            (LocatedIn, Hardware, Facility),
            (LocatedIn, Network, Facility),
            (LocatedIn, DataPaper, Facility),
            (ConnectedTo, Hardware, Network),
            (ConnectedTo, Software, Network),
            (DependsOn, Software, Software),
            (DependsOn, Facility, Network),
        ];
        for (r, from, to) in yes {
            assert!(r.allows(from, to), "{r:?} {from:?} {to:?}");
            assert!(r.check(from, to).is_ok());
        }
        let no = [
            (StoredOn, Software, Hardware),
            (StoredOn, DataElectronic, Network),
            (RunsOn, Hardware, Hardware),
            (RunsOn, Software, Facility),
            (LocatedIn, Software, Facility),
            (LocatedIn, DataElectronic, Facility),
            (LocatedIn, Hardware, Hardware),
            (ConnectedTo, Network, Network),
            (ConnectedTo, DataElectronic, Network),
        ];
        for (r, from, to) in no {
            assert!(!r.allows(from, to), "{r:?} {from:?} {to:?}");
        }
        let e = RunsOn.check(Software, Facility).unwrap_err();
        assert!(
            e.ja.contains("ソフトウェア") && e.ja.contains("施設・設備"),
            "{e}"
        );
        assert!(e.ja.contains("ハードウェアです"), "{e}");
        assert!(
            e.en.contains("Software") && e.en.contains("Facilities"),
            "{e}"
        );
        let e = RunsOn.check(Hardware, Hardware).unwrap_err();
        assert!(e.en.contains("at all") && e.ja.contains("依存"), "{e}");
    }

    fn graph() -> impl Strategy<Value = (HashMap<u8, Protection>, Vec<(u8, u8)>)> {
        let node = 0u8..12;
        (
            proptest::collection::hash_map(node.clone(), (0u8..6, 0u8..4, 0u8..4), 1..12),
            proptest::collection::vec((node.clone(), node), 0..30),
        )
            .prop_map(|(own, edges)| {
                let own = own
                    .into_iter()
                    .map(|(k, (c, i, a))| (k, p(c, i, a)))
                    .collect();
                (own, edges)
            })
    }

    proptest! {
        /// The answer is the least fixpoint: nothing below its own protection, every
        /// supporting asset at least its dependents, and every value reached by a path.
        #[test]
        fn propagation_is_the_closure((own, edges) in graph()) {
            let r = propagate(&own, &edges);
            prop_assert_eq!(r.len(), own.len());
            for (k, v) in &r {
                prop_assert!(v.at_least(own[k]));
                // The value is exactly the max over everything that reaches k.
                let mut expected = own[k];
                for (j, w) in &own {
                    if affected(&[*j], &edges).contains(k) {
                        expected = expected.max(*w);
                    }
                }
                prop_assert_eq!(*v, expected);
            }
            for (d, s) in &edges {
                if let (Some(dv), Some(sv)) = (r.get(d), r.get(s)) {
                    prop_assert!(sv.at_least(*dv));
                }
            }
            // Running it again on its own answer changes nothing.
            prop_assert_eq!(propagate(&r, &edges), r);
        }
    }
}
