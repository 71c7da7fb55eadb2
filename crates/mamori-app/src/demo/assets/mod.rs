//! みどり市's information asset register (情報資産台帳) for `mamori demo`: about 500
//! assets of every kind, from the residents' register down to the USB sticks.
//!
//! The register is produced as the rows of an import file, in the columns the
//! importer reads, and loaded through [`App::import_assets`]: a city's own ledger takes
//! that path, so the demo shows validation, relations and the propagation of required
//! protection exactly as users meet them. A generator error therefore fails the demo
//! (and its tests) instead of loading a register nobody could have imported.
//!
//! Classification follows the default scheme (MIC 2024). Supporting assets carry
//! levels of their own below those of the data they hold, as a city typically rates a
//! server by itself, so that propagation visibly raises what they must be protected to.
//!
//! Tables are pipe-separated lines, one asset or template per line: a register this
//! size stays readable and easy to review, which tuples spread one field per line by
//! rustfmt would not. Randomness (counts of persons, dates, serials, a few retired or
//! disposed entries) comes from the caller's seed.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use mamori_domain::asset::{AssetKind, AssetNumber, AssetStatus, PersonalDataKind};
use mamori_domain::classification::{Dimension, Preset, Scheme};
use mamori_domain::protection::RelationKind;

use super::city::DemoCity;
use crate::assets::AssetInput;
use crate::authz::Actor;
use crate::import::assets::{export_headers, export_row, format_relations};
use crate::import::{ImportOptions, ImportPlan};
use crate::{App, AppError, AppResult};

/// One row of the register and its outgoing relations (kind, target number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAsset {
    pub input: AssetInput,
    pub relations: Vec<(RelationKind, String)>,
}

mod tables;

use tables::{DATA, FACILITIES, HARDWARE, NETWORKS, SOFTWARE, UNIT_DEVICES};

/// Fiscal years whose paper files are listed one per year (令和6〜8年度).
const FILE_YEARS: [i32; 3] = [2024, 2025, 2026];

/// Builds the register for `city`. `today` places review dates around the day the demo
/// is loaded, so that a few reviews are overdue and most are not whenever it is run;
/// the same seed and day always give the same register.
pub fn generate_assets(city: &DemoCity, seed: u64, today: NaiveDate) -> Vec<DemoAsset> {
    let mut b = Builder::new(city, seed, today);
    for line in FACILITIES {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Facility, f.at(1), f.at(2), f.at(6));
        (input.building, input.room, input.location) = (f.s(3), f.s(4), f.s(5));
        (input.contractor, input.description) = (f.s(7), f.s(8));
        b.push(f.at(0), input, &[]);
    }
    for line in NETWORKS {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Network, f.at(1), "131", f.at(5));
        (input.network_layer, input.segment, input.address_range) = (f.s(2), f.s(3), f.s(4));
        (input.provider, input.description) = (f.s(6), f.s(7));
        b.push(f.at(0), input, &[]);
    }
    for line in HARDWARE {
        let f = Line::new(line);
        b.device(f.at(0), f.at(1), f.at(2), &f);
    }
    for line in UNIT_DEVICES {
        b.unit_devices(&Line::new(line));
    }
    for line in SOFTWARE {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Software, f.at(1), f.at(2), f.at(7));
        (input.vendor, input.version, input.licence) = (f.s(3), f.s(4), f.s(5));
        (input.network_layer, input.provider, input.description) = (f.s(6), f.s(10), f.s(11));
        if !f.at(12).is_empty() {
            input.status = f.s(12);
        }
        let rels = [
            (RelationKind::RunsOn, f.at(8)),
            (RelationKind::ConnectedTo, f.at(9)),
        ];
        b.push(f.at(0), input, &rels);
    }
    for line in DATA {
        b.data(&Line::new(line));
    }
    b.out
}

/// The register as a CSV file in the importer's columns (those an export writes), with
/// the importance the default scheme derives, so that the import has nothing to warn of.
pub fn register_file(assets: &[DemoAsset]) -> Vec<u8> {
    let scheme = Scheme::preset(Preset::Mic2024);
    let importance = |a: &AssetInput| {
        let c = scheme.level(Dimension::C, &a.c);
        match (
            c,
            scheme.level(Dimension::I, &a.i),
            scheme.level(Dimension::A, &a.a),
        ) {
            (Some(c), Some(i), Some(a)) => scheme.importance(c, i, a),
            _ => 0,
        }
    };
    let rows: Vec<Vec<String>> = assets
        .iter()
        .map(|a| {
            export_row(
                &a.input,
                importance(&a.input),
                &format_relations(&a.relations),
            )
        })
        .collect();
    crate::tabular::write_csv(&export_headers(), &mut rows.into_iter())
}

impl App {
    /// Imports the demo register as `actor`. A problem in the plan is an internal error
    /// naming the first one: the generator wrote the file, not a user.
    pub(super) async fn load_demo_assets(
        &self,
        actor: &Actor,
        city: &DemoCity,
        seed: u64,
    ) -> AppResult<ImportPlan> {
        let bytes = register_file(&generate_assets(city, seed, self.today()));
        let plan = self
            .import_assets(actor, &bytes, &ImportOptions::default(), true)
            .await?;
        match plan.errors.first() {
            Some(e) => Err(AppError::Internal(format!(
                "demo asset register, row {} column {:?} value {:?}: {}",
                e.row, e.column, e.value, e.en
            ))),
            None => Ok(plan),
        }
    }
}

/// The fields of a table line; a missing field reads as empty.
struct Line<'l>(Vec<&'l str>);

impl<'l> Line<'l> {
    fn new(line: &'l str) -> Self {
        Self(line.split('|').collect())
    }

    fn at(&self, i: usize) -> &'l str {
        self.0.get(i).copied().unwrap_or("")
    }

    fn s(&self, i: usize) -> String {
        self.at(i).to_owned()
    }
}

/// SplitMix64 on a stream of its own, so the register does not shift when the roster
/// draws more or fewer numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    /// A day in `from..=to`.
    fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = u64::try_from((to - from).num_days()).unwrap_or(0);
        from + Days::new(self.below(span + 1))
    }
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

struct Builder<'a> {
    rng: Rng,
    today: NaiveDate,
    /// Department code → its name and its path as the department index prints it
    /// (市民生活部/市民課), which the importer resolves.
    units: HashMap<&'a str, (&'a str, String)>,
    /// Units below the 部 level, in the city's order: where the work and the data are.
    working: Vec<&'a str>,
    /// Department code → employee number of its head (its first regular employee).
    heads: HashMap<&'a str, &'a str>,
    headcount: HashMap<&'a str, usize>,
    /// Table key → (asset number, name).
    keys: HashMap<String, (String, String)>,
    serials: HashMap<&'static str, u64>,
    out: Vec<DemoAsset>,
}

impl<'a> Builder<'a> {
    fn new(city: &'a DemoCity, seed: u64, today: NaiveDate) -> Self {
        let by_code: HashMap<&str, _> = city
            .departments
            .iter()
            .map(|d| (d.code.as_str(), d))
            .collect();
        let path = |code: &str| {
            let mut names = Vec::new();
            let mut at = by_code.get(code);
            while let Some(d) = at {
                names.insert(0, d.name.as_str());
                at = d.parent_code.as_deref().and_then(|p| by_code.get(p));
            }
            names.join("/")
        };
        let (mut heads, mut headcount) = (HashMap::new(), HashMap::new());
        for s in &city.staff {
            let code = s.department_code.as_str();
            *headcount.entry(code).or_insert(0) += 1;
            if s.category == "regular" {
                heads.entry(code).or_insert(s.employee_number.as_str());
            }
        }
        let depts = &city.departments;
        Self {
            rng: Rng(seed ^ 0x6173_7365_7473_2121),
            today,
            units: depts
                .iter()
                .map(|d| (d.code.as_str(), (d.name.as_str(), path(&d.code))))
                .collect(),
            working: depts
                .iter()
                .filter(|d| d.kind != "bu")
                .map(|d| d.code.as_str())
                .collect(),
            heads,
            headcount,
            keys: HashMap::new(),
            serials: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn unit_name(&self, code: &'a str) -> &'a str {
        self.units.get(code).map_or(code, |u| u.0)
    }

    fn number(&mut self, kind: AssetKind) -> String {
        let prefix = match kind {
            AssetKind::Facility => "F",
            AssetKind::Network => "N",
            AssetKind::Hardware => "H",
            AssetKind::Software => "S",
            _ => "A",
        };
        let n = self.serials.entry(prefix).or_insert(0);
        *n += 1;
        match prefix {
            "N" => format!("N-{n:02}"),
            "H" => format!("H-{n:04}"),
            "A" => AssetNumber::generated(*n).as_str().to_owned(),
            _ => format!("{prefix}-{n:03}"),
        }
    }

    /// The fields every asset has. About one review in eight has already passed; the
    /// rest fall within the next eighteen months.
    fn base(&mut self, kind: AssetKind, name: &str, unit: &str, cia: &str) -> AssetInput {
        let mut levels = cia.split('/').map(str::to_owned);
        let registered = self.rng.day(ymd(2017, 4, 1), ymd(2025, 3, 31));
        let t = self.today;
        let review = if self.rng.percent(12) {
            self.rng.day(t - Days::new(240), t - Days::new(15))
        } else {
            self.rng.day(t + Days::new(20), t + Days::new(540))
        };
        AssetInput {
            number: self.number(kind),
            kind: kind.code().to_owned(),
            name: name.to_owned(),
            department: self
                .units
                .get(unit)
                .map_or_else(|| unit.to_owned(), |u| u.1.clone()),
            owner: self
                .heads
                .get(unit)
                .map(|s| (*s).to_owned())
                .unwrap_or_default(),
            status: AssetStatus::InUse.code().to_owned(),
            registered_on: iso(registered),
            review_on: iso(review),
            c: levels.next().unwrap_or_default(),
            i: levels.next().unwrap_or_default(),
            a: levels.next().unwrap_or_default(),
            ..AssetInput::default()
        }
    }

    /// Records the asset under `key` (if any). Relation targets are table keys; one
    /// that names nothing stays as `?key`, which is no asset's number, so the import
    /// and the tests catch it.
    fn push(&mut self, key: &str, mut input: AssetInput, rels: &[(RelationKind, &str)]) {
        if !key.is_empty() {
            self.keys
                .insert(key.to_owned(), (input.number.clone(), input.name.clone()));
        }
        // A disposed asset has nothing left to review and sits on nothing.
        let disposed = input.status == AssetStatus::Disposed.code();
        if disposed {
            input.review_on.clear();
        }
        let number = |k: &str| {
            self.keys
                .get(k)
                .map_or_else(|| format!("?{k}"), |v| v.0.clone())
        };
        let relations = rels
            .iter()
            .filter(|(_, k)| !k.is_empty() && !disposed)
            .map(|(kind, k)| (*kind, number(k)))
            .collect();
        self.out.push(DemoAsset { input, relations });
    }

    /// A device in the columns of [`HARDWARE`]; an empty location is the unit's own
    /// premises.
    fn device(&mut self, key: &str, name: &str, unit: &'a str, f: &Line<'_>) {
        let mut input = self.base(AssetKind::Hardware, name, unit, f.at(6));
        (input.model, input.vendor, input.network_layer) = (f.s(3), f.s(4), f.s(5));
        input.description = f.s(9);
        // A group counted in the name ("12台", "4本") has no one serial number.
        let chars: Vec<char> = name.chars().collect();
        if !chars
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && matches!(w[1], '台' | '本'))
        {
            input.serial = format!("SN{:08}", self.rng.below(100_000_000));
        }
        let reiwa = input
            .registered_on
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(2019)
            - 2018;
        input.asset_tag = format!("R{reiwa}-{:04}", self.rng.below(10_000));
        if !f.at(10).is_empty() {
            input.status = f.s(10);
        }
        let site = match (f.at(7), unit) {
            ("", "520") => "f_health",
            ("", "950") => "f_council",
            ("", _) => "f_office",
            (site, _) => site,
        };
        let mut rels = vec![(RelationKind::LocatedIn, site)];
        rels.extend(f.at(8).split(',').map(|n| (RelationKind::ConnectedTo, n)));
        self.push(key, input, &rels);
    }

    /// One line of [`UNIT_DEVICES`] for each unit it applies to.
    fn unit_devices(&mut self, f: &Line<'_>) {
        let units: Vec<&'a str> = match f.at(2) {
            "*" => self.working.clone(),
            list => self
                .working
                .iter()
                .copied()
                .filter(|u| list.split(',').any(|l| l == *u))
                .collect(),
        };
        for u in units {
            let n = self.headcount.get(u).copied().unwrap_or(1).max(1);
            let name = f
                .at(1)
                .replace("{u}", self.unit_name(u))
                .replace("{n}", &n.to_string())
                .replace("{m}", &(n * 2 / 3).max(2).to_string())
                .replace("{q}", &(n / 4 + 1).to_string())
                .replace("{l}", &(n / 5 + 1).to_string());
            self.device(&format!("{}_{u}", f.at(0)), &name, u, f);
        }
    }

    /// One line of [`DATA`]: for `*`, one asset per unit; form B gives an electronic and
    /// a paper asset, form Y one paper file per fiscal year.
    fn data(&mut self, f: &Line<'_>) {
        let units = match f.at(0) {
            "*" => self.working.clone(),
            u => vec![u],
        };
        for u in units {
            let unit_name = self.unit_name(u);
            let name = f.at(1).replace("{u}", unit_name);
            let store = f.at(8);
            let premises = match u {
                _ if store.starts_with("f_") => store,
                "520" => "f_health",
                _ => "f_office",
            };
            let (paper, electronic) = (AssetKind::DataPaper, AssetKind::DataElectronic);
            let items: Vec<(String, AssetKind, &str, Option<i32>)> = match f.at(3) {
                "E" => vec![(name, electronic, store, None)],
                "P" => vec![(name, paper, premises, None)],
                "B" => vec![
                    (format!("{name}（紙）"), paper, premises, None),
                    (name, electronic, store, None),
                ],
                _ => FILE_YEARS
                    .iter()
                    .map(|&y| {
                        (
                            format!("{name}（令和{}年度）", y - 2018),
                            paper,
                            premises,
                            Some(y),
                        )
                    })
                    .collect(),
            };
            for (name, kind, home, year) in items {
                let mut input = self.base(kind, &name, u, f.at(6));
                input.business_process = f.s(2);
                input.user_scope = match f.at(9) {
                    "" => format!("{unit_name} 職員"),
                    s => s.replace("{u}", unit_name),
                };
                let held_in = self.keys.get(home).map(|v| v.1.clone()).unwrap_or_default();
                input.medium = match kind {
                    AssetKind::DataPaper => format!("紙（簿冊）・{held_in}"),
                    _ => format!("電子データ（{held_in}）"),
                };
                let personal = match f.at(4) {
                    "p" | "o" => PersonalDataKind::Personal,
                    "s" => PersonalDataKind::Sensitive,
                    "m" => PersonalDataKind::MyNumber,
                    _ => PersonalDataKind::None,
                };
                input.personal_data = personal.code().to_owned();
                if f.at(4) == "o" {
                    input.ordinance_sensitive = "○".into();
                }
                input.persons = match f.at(5) {
                    "" => String::new(),
                    "~" => self.headcount.get(u).copied().unwrap_or(1).to_string(),
                    n => {
                        (n.parse::<u64>().unwrap_or(0) * (96 + self.rng.below(9)) / 100).to_string()
                    }
                };
                input.retention = f.s(7);
                if !f.at(10).is_empty() {
                    input.status = f.s(10);
                } else if self.rng.percent(3) {
                    input.status = AssetStatus::Retired.code().to_owned();
                    input.notes =
                        "事務の見直しで新たな作成を止めた。保存期間が満ちるまで保管する。".into();
                }
                if let Some(year) = year {
                    self.fiscal_file(&mut input, year);
                }
                self.push("", input, &[(RelationKind::StoredOn, home)]);
            }
        }
    }

    /// A file of one fiscal year: registered when the year opened, kept until a date
    /// counted from the year's close, and disposed once that date has passed.
    fn fiscal_file(&mut self, input: &mut AssetInput, year: i32) {
        input.registered_on = iso(self.rng.day(ymd(year, 4, 1), ymd(year, 4, 30)));
        input.description = format!("令和{}年度分。", year - 2018);
        if let Some(n) = input
            .retention
            .strip_suffix('年')
            .and_then(|n| n.parse::<i32>().ok())
        {
            let until = ymd(year + 1 + n, 3, 31);
            input.retention = iso(until);
            if until < self.today {
                input.status = AssetStatus::Disposed.code().to_owned();
                input.notes = "保存期間の満了により溶解処理した（廃棄証明書あり）。".into();
            }
        }
    }
}

#[cfg(test)]
mod tests;
