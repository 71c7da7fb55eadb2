//! The register index: what lists, counts and dashboard tiles of the asset register
//! need of every asset, kept compact in memory and answered without the database.
//!
//! A register holds a city's assets by the hundred thousand, and a list page combines
//! any of a dozen filters with any sort and a count of all matches. No set of database
//! indexes serves every combination, and a count must visit every match; scanning a
//! compact in-memory array answers any of them in about a millisecond. The array is
//! kept in number order, so the default sort costs nothing, and other orders are
//! computed once per revision of the register and reused.
//!
//! The index holds no text but the number, the name and the search key, and no
//! restricted content: who may see a restricted asset is decided here, from the
//! department and owner columns, before any row is read.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind};

/// Orders a list can take; ties are broken by the number, so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssetSort {
    #[default]
    Number,
    Name,
    Department,
    Importance,
    Review,
    Updated,
}

impl AssetSort {
    const ALL: [AssetSort; 6] = [
        AssetSort::Number,
        AssetSort::Name,
        AssetSort::Department,
        AssetSort::Importance,
        AssetSort::Review,
        AssetSort::Updated,
    ];

    fn slot(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// Which restricted records (要配慮・特定個人情報) the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Everything (CISO, auditors, the command line).
    #[default]
    All,
    /// Unrestricted assets, plus restricted ones of these departments or owned by this
    /// staff member.
    NeedToKnow {
        departments: Vec<Uuid>,
        staff_id: Option<Uuid>,
    },
}

impl Visibility {
    /// Whether an asset (restricted or not, of a department, owned by a staff member)
    /// may be named to this reader.
    pub fn shows(&self, restricted: bool, department: Option<Uuid>, owner: Option<Uuid>) -> bool {
        match self {
            Visibility::All => true,
            Visibility::NeedToKnow {
                departments,
                staff_id,
            } => {
                !restricted
                    || department.is_some_and(|d| departments.contains(&d))
                    || (owner.is_some() && owner == *staff_id)
            }
        }
    }
}

/// A list's filters, all of which must hold.
#[derive(Debug, Clone, Default)]
pub struct AssetFilter {
    /// A `crate::text::search_key` of the query, matched anywhere in the asset's
    /// number, name, description, business process and medium.
    pub search_key: Option<String>,
    pub kind: Option<String>,
    /// Assets of any of these departments (an already expanded subtree).
    pub departments: Option<Vec<Uuid>>,
    pub c_rank: Option<i16>,
    pub i_rank: Option<i16>,
    pub a_rank: Option<i16>,
    pub importance: Option<i16>,
    pub personal_data: Option<String>,
    /// Any personal data at all (個人情報 or more sensitive).
    pub has_personal_data: bool,
    pub network_layer: Option<String>,
    pub status: Option<String>,
    pub scheme_id: Option<Uuid>,
    /// Review date before this day (overdue), for assets in use.
    pub review_before: Option<NaiveDate>,
    /// Required protection above the asset's own in some dimension.
    pub under_protected: bool,
    pub visibility: Visibility,
    pub sort: AssetSort,
    pub descending: bool,
}

/// What the index keeps of one asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: Uuid,
    pub number: Box<str>,
    pub name: Box<str>,
    /// What text queries match, as read; [`Register::apply`] moves it into the
    /// register's contiguous key buffer (the entry's own copy is then empty), so each
    /// key is held once.
    pub search_key: Box<str>,
    pub kind: AssetKind,
    pub status: AssetStatus,
    pub network_layer: NetworkLayer,
    pub personal_data: PersonalDataKind,
    pub restricted: bool,
    pub department_id: Option<Uuid>,
    pub owner_staff_id: Option<Uuid>,
    pub scheme_id: Uuid,
    /// Own ranks (C, I, A), importance, and required ranks (C, I, A).
    pub ranks: [i16; 3],
    pub importance: i16,
    pub required: [i16; 3],
    pub review_on: Option<NaiveDate>,
    /// Last update, as microseconds since the epoch (for the "updated" order).
    pub updated_us: i64,
}

/// Required protection (C, I, A ranks) above the asset's own in some dimension.
pub fn under_protected(own: [i16; 3], required: [i16; 3]) -> bool {
    required.iter().zip(own).any(|(r, o)| *r > o)
}

/// In use with its review date before `today`.
pub fn review_overdue(status: AssetStatus, review_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == AssetStatus::InUse && review_on.is_some_and(|d| d < today)
}

/// What a scan compares, per asset, in 40 bytes: ids (department, owner, scheme) are
/// replaced by small numbers, so 100,000 assets scan as 4 MB rather than the 17 MB
/// of their entries.
#[derive(Debug, Clone, Copy)]
struct Hot {
    kind: AssetKind,
    status: AssetStatus,
    network_layer: NetworkLayer,
    personal_data: PersonalDataKind,
    restricted: bool,
    ranks: [i16; 3],
    importance: i16,
    required: [i16; 3],
    department: u32,
    owner: u32,
    scheme: u32,
    review_on: Option<NaiveDate>,
}

/// Stands for "no id" among interned ids.
const NONE: u32 = u32::MAX;

/// Small numbers for the ids assets refer to; they are only ever added.
#[derive(Debug, Default)]
struct Interner {
    numbers: HashMap<Uuid, u32>,
}

impl Interner {
    fn intern(&mut self, id: Option<Uuid>) -> u32 {
        let Some(id) = id else { return NONE };
        let next = u32::try_from(self.numbers.len()).unwrap_or(NONE);
        *self.numbers.entry(id).or_insert(next)
    }

    fn get(&self, id: Uuid) -> u32 {
        self.numbers.get(&id).copied().unwrap_or(NONE)
    }

    /// A membership table over interned numbers for `ids`.
    fn set(&self, ids: &[Uuid]) -> Vec<bool> {
        let mut set = vec![false; self.numbers.len()];
        for id in ids {
            if let Some(n) = self.numbers.get(id) {
                set[*n as usize] = true;
            }
        }
        set
    }
}

fn contains(set: &[bool], n: u32) -> bool {
    set.get(n as usize).copied().unwrap_or(false)
}

/// A filter with its codes parsed and its sets built, once per query.
struct Compiled<'a> {
    f: &'a AssetFilter,
    /// `Err(())` when the filter names a code no asset can have: nothing matches.
    kind: Result<Option<AssetKind>, ()>,
    personal: Result<Option<PersonalDataKind>, ()>,
    layer: Result<Option<NetworkLayer>, ()>,
    status: Result<Option<AssetStatus>, ()>,
    scheme: Option<u32>,
    departments: Option<Vec<bool>>,
    /// Need-to-know: the departments whose restricted assets are visible, and the
    /// reader as an owner.
    known: Option<(Vec<bool>, u32)>,
    /// For a text query, which positions' search keys contain it.
    text: Option<Vec<bool>>,
}

fn code<T>(v: &Option<String>, parse: fn(&str) -> Option<T>) -> Result<Option<T>, ()> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some).ok_or(()),
    }
}

impl<'a> Compiled<'a> {
    fn new(f: &'a AssetFilter, r: &Register) -> Self {
        let (departments, owners, schemes) = (&r.departments, &r.owners, &r.schemes);
        Self {
            f,
            kind: code(&f.kind, AssetKind::from_code),
            personal: code(&f.personal_data, PersonalDataKind::from_code),
            layer: code(&f.network_layer, NetworkLayer::from_code),
            status: code(&f.status, AssetStatus::from_code),
            scheme: f.scheme_id.map(|s| schemes.get(s)),
            departments: f.departments.as_deref().map(|d| departments.set(d)),
            known: match &f.visibility {
                Visibility::All => None,
                Visibility::NeedToKnow {
                    departments: known,
                    staff_id,
                } => Some((
                    departments.set(known),
                    // An owner no asset names matches nothing.
                    staff_id.map_or(NONE, |s| owners.get(s)),
                )),
            },
            text: f
                .search_key
                .as_deref()
                .filter(|k| !k.is_empty())
                .map(|k| r.text_hits(k)),
        }
    }

    fn impossible(&self) -> bool {
        self.kind.is_err()
            || self.personal.is_err()
            || self.layer.is_err()
            || self.status.is_err()
            || self.scheme == Some(NONE)
    }

    fn matches(&self, p: usize, h: &Hot) -> bool {
        let f = self.f;
        if let Some((departments, owner)) = &self.known
            && h.restricted
            && !contains(departments, h.department)
            && !(*owner != NONE && h.owner == *owner)
        {
            return false;
        }
        let eq = |want: Option<i16>, have: i16| want.is_none_or(|w| w == have);
        eq(f.c_rank, h.ranks[0])
            && eq(f.i_rank, h.ranks[1])
            && eq(f.a_rank, h.ranks[2])
            && eq(f.importance, h.importance)
            && self.kind.is_ok_and(|k| k.is_none_or(|k| k == h.kind))
            && self.status.is_ok_and(|s| s.is_none_or(|s| s == h.status))
            && self
                .layer
                .is_ok_and(|l| l.is_none_or(|l| l == h.network_layer))
            && self
                .personal
                .is_ok_and(|p| p.is_none_or(|p| p == h.personal_data))
            && (!f.has_personal_data || h.personal_data != PersonalDataKind::None)
            && self.scheme.is_none_or(|s| s == h.scheme)
            && f.review_before
                .is_none_or(|d| review_overdue(h.status, h.review_on, d))
            && (!f.under_protected || under_protected(h.ranks, h.required))
            && self
                .departments
                .as_ref()
                .is_none_or(|ds| contains(ds, h.department))
            && self.text.as_ref().is_none_or(|hits| hits[p])
    }
}

/// One page of a query: the ids to show, in order, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    pub total: usize,
    pub ids: Vec<Uuid>,
}

/// Every asset of one organization, in number order, as of revision `rev`.
#[derive(Debug, Default)]
pub struct Register {
    rev: i64,
    entries: Vec<Entry>,
    /// What scans compare, position by position with `entries`.
    hot: Vec<Hot>,
    /// Every search key end to end in position order, each followed by a NUL (which
    /// no key contains), and where each ends: a text query is one pass of a SIMD
    /// substring search over contiguous memory rather than 100,000 pointer chases.
    keys: String,
    key_ends: Vec<u32>,
    departments: Interner,
    owners: Interner,
    schemes: Interner,
    position: HashMap<Uuid, usize>,
    /// Positions in each sort's ascending order, built on first use per revision.
    orders: [OnceLock<Vec<u32>>; 6],
}

impl Register {
    pub fn rev(&self) -> i64 {
        self.rev
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: Uuid) -> Option<&Entry> {
        self.position.get(&id).map(|p| &self.entries[*p])
    }

    /// Takes in the assets written after the last revision (new or changed; assets
    /// are never deleted), then records `rev` as the revision now held.
    pub fn apply(&mut self, changed: Vec<Entry>, rev: i64) {
        // The search keys of entries already held live only in the key buffer (see
        // `Entry::search_key`); keep the old buffer to copy them from.
        let old_keys = std::mem::take(&mut self.keys);
        let old_ends = std::mem::take(&mut self.key_ends);
        let first_read = self.entries.is_empty();
        let old_position = if first_read {
            HashMap::new()
        } else {
            self.position.clone()
        };
        // On a first read every entry is new; no set of them is needed.
        let fresh: HashSet<Uuid> = if first_read {
            HashSet::new()
        } else {
            changed.iter().map(|e| e.id).collect()
        };
        let mut reorder = false;
        if first_read {
            // A first read, in id order: take it whole rather than entry by entry.
            self.entries = changed;
            self.entries.shrink_to_fit();
            reorder = true;
        } else {
            for e in changed {
                match self.position.get(&e.id) {
                    Some(&p) => {
                        reorder |= self.entries[p].number != e.number;
                        self.entries[p] = e;
                    }
                    None => {
                        reorder |= self
                            .entries
                            .last()
                            .is_some_and(|last| last.number >= e.number);
                        self.position.insert(e.id, self.entries.len());
                        self.entries.push(e);
                    }
                }
            }
        }
        if reorder {
            self.entries.sort_by(|a, b| a.number.cmp(&b.number));
            self.position = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id, i))
                .collect();
        }
        self.hot = self
            .entries
            .iter()
            .map(|e| Hot {
                kind: e.kind,
                status: e.status,
                network_layer: e.network_layer,
                personal_data: e.personal_data,
                restricted: e.restricted,
                ranks: e.ranks,
                importance: e.importance,
                required: e.required,
                department: self.departments.intern(e.department_id),
                owner: self.owners.intern(e.owner_staff_id),
                scheme: self.schemes.intern(Some(e.scheme_id)),
                review_on: e.review_on,
            })
            .collect();
        let old_key = |id: &Uuid| -> &str {
            let Some(&p) = old_position.get(id) else {
                return "";
            };
            let start = p.checked_sub(1).map_or(0, |q| old_ends[q] as usize);
            // Each key is followed by its NUL.
            let end = (old_ends[p] as usize).saturating_sub(1);
            old_keys.get(start..end).unwrap_or_default()
        };
        self.keys.reserve(old_keys.len());
        self.key_ends.reserve(self.entries.len());
        for e in &mut self.entries {
            if first_read || fresh.contains(&e.id) {
                self.keys.push_str(&e.search_key);
                e.search_key = Box::default();
            } else {
                self.keys.push_str(old_key(&e.id));
            }
            self.keys.push('\0');
            self.key_ends
                .push(u32::try_from(self.keys.len()).unwrap_or(u32::MAX));
        }
        self.orders = Default::default();
        self.rev = rev;
    }

    /// Which positions' search keys contain `key`.
    fn text_hits(&self, key: &str) -> Vec<bool> {
        let mut hits = vec![false; self.entries.len()];
        if key.contains('\0') {
            return hits;
        }
        for at in memchr::memmem::find_iter(self.keys.as_bytes(), key.as_bytes()) {
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            // The key holding byte `at` is the first whose end lies beyond it.
            let p = self.key_ends.partition_point(|end| *end <= at);
            if let Some(hit) = hits.get_mut(p) {
                *hit = true;
            }
        }
        hits
    }

    /// Positions in ascending `sort` order. `department_rank` orders departments (by
    /// their path as shown); departments change without the register changing, so
    /// that order is computed afresh, while the others are kept per revision.
    fn order(
        &self,
        sort: AssetSort,
        department_rank: &dyn Fn(Option<Uuid>) -> u32,
    ) -> Cow<'_, [u32]> {
        let sorted = |sort: AssetSort| {
            let mut order: Vec<u32> =
                (0..u32::try_from(self.entries.len()).unwrap_or(u32::MAX)).collect();
            let e = |i: &u32| &self.entries[*i as usize];
            // Entries are in number order, so a stable sort keeps it among ties.
            match sort {
                AssetSort::Number => {}
                AssetSort::Name => order.sort_by(|a, b| e(a).name.cmp(&e(b).name)),
                AssetSort::Department => {
                    order.sort_by_cached_key(|i| department_rank(e(i).department_id))
                }
                AssetSort::Importance => order.sort_by_key(|i| e(i).importance),
                AssetSort::Review => order.sort_by(|a, b| cmp_review(e(a), e(b))),
                AssetSort::Updated => order.sort_by_key(|i| e(i).updated_us),
            }
            order
        };
        match sort {
            AssetSort::Department => Cow::Owned(sorted(sort)),
            _ => Cow::Borrowed(self.orders[sort.slot()].get_or_init(|| sorted(sort))),
        }
    }

    /// The page `offset .. offset + limit` of the assets matching `f`, in its order.
    pub fn query(
        &self,
        f: &AssetFilter,
        department_rank: &dyn Fn(Option<Uuid>) -> u32,
        offset: usize,
        limit: usize,
    ) -> Matches {
        let mut ids = Vec::with_capacity(limit.min(1000));
        let total = self.scan(f, department_rank, |n, e| {
            if n >= offset && ids.len() < limit {
                ids.push(e.id);
            }
        });
        Matches { total, ids }
    }

    /// Calls `each` with the running match number and the entry, for every asset
    /// matching `f` in its order; returns how many matched.
    pub fn scan(
        &self,
        f: &AssetFilter,
        department_rank: &dyn Fn(Option<Uuid>) -> u32,
        mut each: impl FnMut(usize, &Entry),
    ) -> usize {
        let c = Compiled::new(f, self);
        if c.impossible() {
            return 0;
        }
        let mut n = 0;
        let mut visit = |p: usize| {
            if c.matches(p, &self.hot[p]) {
                each(n, &self.entries[p]);
                n += 1;
            }
        };
        // The number order is the entries' own; other orders are their permutations.
        // A stable ascending sort keeps ties in number order, so walking one backwards
        // gives ties in descending number order.
        match (f.sort, f.descending) {
            (AssetSort::Number, false) => (0..self.entries.len()).for_each(&mut visit),
            (AssetSort::Number, true) => (0..self.entries.len()).rev().for_each(&mut visit),
            (sort, descending) => {
                let order = self.order(sort, department_rank);
                let at = |p: &u32| *p as usize;
                if descending {
                    order.iter().rev().map(at).for_each(&mut visit);
                } else {
                    order.iter().map(at).for_each(&mut visit);
                }
            }
        }
        n
    }

    /// Counts of the assets matching `f`, grouped by `key`.
    pub fn count_by<K: std::hash::Hash + Eq>(
        &self,
        f: &AssetFilter,
        key: impl Fn(&Entry) -> K,
    ) -> HashMap<K, usize> {
        let mut out = HashMap::new();
        self.scan(f, &|_| 0, |_, e| *out.entry(key(e)).or_insert(0) += 1);
        out
    }
}

/// Review dates ascending with assets without one last.
fn cmp_review(a: &Entry, b: &Entry) -> Ordering {
    match (a.review_on, b.review_on) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
