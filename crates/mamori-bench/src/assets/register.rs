//! A generated information asset register (情報資産台帳) for the import: a UTF-8 CSV
//! in the importer's columns, as a city's ledger keeps it, with the relations that
//! carry required protection from information down to what holds it.
//!
//! The register is built of blocks of 100 assets: 77 data (25 paper, 52 electronic),
//! 5 software, 15 hardware, 1 network and 2 facilities, i.e. the mix the issue asks
//! for (2 % facilities, 1 % networks, 15 % hardware, 5 % software). A block belongs to
//! one section (課) and its relations stay inside it, so every relation target is in
//! the file and every kind pair is one [`RelationKind::allows`]. Within a block the
//! information comes first, as a ledger sorted by number lists it, so most relations
//! point forward and the importer has to resolve them within the file.
//!
//! Everything else (levels, personal data, retention, dates) is drawn from a seeded
//! generator: the same seed and size give the same bytes.

use mamori_app::import::assets::format_relations;
use mamori_domain::asset::{AssetKind, NetworkLayer, PersonalDataKind};
use mamori_domain::protection::RelationKind;

/// The importer's headers (the first name of each field, as exports write them).
pub const HEADERS: [&str; 17] = [
    "管理番号",
    "資産種別",
    "情報資産名称",
    "説明",
    "業務分類",
    "管理部署",
    "媒体・保存先",
    "ネットワーク区分",
    "保存期限",
    "登録日",
    "次回見直し日",
    "機密性",
    "完全性",
    "可用性",
    "個人情報の種類",
    "本人数",
    "依存先",
];
pub const COLUMNS: usize = HEADERS.len();

/// Assets per block (see the module comment); sizes are rounded up to whole blocks.
pub const BLOCK: usize = 100;
const PAPER: usize = 25;
const DATA: usize = 77;
const SOFTWARE: usize = 5;
const HARDWARE: usize = 15;
const NETWORKS: usize = 1;
const FACILITIES: usize = 2;

/// 20 部 of 10 課 each: 200 sections, a block going to section `block % SECTIONS`.
pub const BU: usize = 20;
pub const KA_PER_BU: usize = 10;
pub const SECTIONS: usize = BU * KA_PER_BU;

/// The search term: in the name of one data asset per block (1 %), nowhere else.
pub const SEARCH: &str = "災害";
pub const SEED: u64 = 2026;

const BUSINESS: [&str; 24] = [
    "住民記録",
    "国民健康保険",
    "介護保険",
    "後期高齢者医療",
    "児童手当",
    "生活保護",
    "障害福祉",
    "保育",
    "健康診断",
    "予防接種",
    "住民税",
    "固定資産税",
    "収納",
    "選挙",
    "学校教育",
    "上下水道",
    "道路管理",
    "都市計画",
    "農業委員会",
    "人事給与",
    "財務会計",
    "文書管理",
    "広報",
    "環境衛生",
];
const RECORDS: [&str; 10] = [
    "台帳",
    "申請書",
    "名簿",
    "決定通知書控",
    "照会回答",
    "集計表",
    "データベース",
    "課税資料",
    "相談記録",
    "統計資料",
];
const SEARCHED: [&str; 4] = [
    "災害時要援護者名簿",
    "災害見舞金支給台帳",
    "災害対策本部記録",
    "災害復旧工事台帳",
];
const PAPER_MEDIA: [&str; 3] = ["紙（執務室キャビネット）", "紙（書庫）", "紙（耐火金庫）"];
const ELECTRONIC_MEDIA: [&str; 4] = [
    "業務システムDB",
    "ファイルサーバ",
    "外部記録媒体",
    "クラウドサービス",
];
const RETENTION: [&str; 7] = ["1年", "3年", "5年", "10年", "30年", "永年", "常用"];
const DEVICES: [&str; 6] = [
    "業務端末",
    "ノートPC",
    "サーバ",
    "ファイルサーバ",
    "複合機",
    "ネットワークスイッチ",
];
const ROOMS: [&str; 2] = ["執務室", "書庫"];

/// SplitMix64: tiny, fast, and enough for test data (the workspace has no `rand`).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    pub(crate) fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    /// A date `days` days or fewer after `(y, m, d)`, as `YYYY-MM-DD`.
    fn date(&mut self, (y, m, d): (i32, u32, u32), days: usize) -> String {
        let from = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let day = from + chrono::Days::new(self.below(days + 1) as u64);
        day.format("%Y-%m-%d").to_string()
    }
}

/// What the register holds, for the report and the filters' expected matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composition {
    pub assets: usize,
    pub paper: usize,
    pub electronic: usize,
    pub software: usize,
    pub hardware: usize,
    pub networks: usize,
    pub facilities: usize,
    pub personal: usize,
    pub sensitive: usize,
    pub my_number: usize,
    pub relations: usize,
    /// Sections (課) used, and the 部 above them.
    pub sections: usize,
    pub bu: usize,
    /// Assets whose name holds [`SEARCH`].
    pub searched: usize,
    /// Assets whose review date is before 2026-11-01 (overdue from then on).
    pub review_past: usize,
}

/// The rows of the register, each in the order of [`HEADERS`].
pub struct Register {
    pub rows: Vec<Vec<String>>,
    pub composition: Composition,
}

/// The department path of a section: `部01/課0101`. Section names carry their 部's
/// number, so each name is unique and resolves on its own too.
pub fn section_path(section: usize) -> String {
    let bu = section / KA_PER_BU + 1;
    let ka = section % KA_PER_BU + 1;
    format!("部{bu:02}/課{bu:02}{ka:02}")
}

/// A register of at least `n` assets (rounded up to whole blocks).
pub fn generate(n: usize, seed: u64) -> Register {
    generate_with(n, seed, 0)
}

/// The section of block `b`: round-robin over [`SECTIONS`], or, with `heavy` blocks
/// for the first section, those first and the rest round-robin over the others.
fn section_of(b: usize, heavy: usize) -> usize {
    if heavy == 0 {
        b % SECTIONS
    } else if b < heavy {
        0
    } else {
        1 + (b - heavy) % (SECTIONS - 1)
    }
}

/// Like [`generate`], but the first section (`部01/課0101`) holds the first `heavy`
/// blocks (`heavy × 100` assets) — a department large enough for a campaign's draft
/// generation (the `risks` scenario). `heavy = 0` is [`generate`] exactly.
pub fn generate_with(n: usize, seed: u64, heavy: usize) -> Register {
    let blocks = n.div_ceil(BLOCK).max(1);
    let heavy = heavy.min(blocks);
    let mut g = Generator {
        rng: Rng(seed),
        rows: Vec::with_capacity(blocks * BLOCK),
        c: Composition::default(),
        next: [0; 5],
    };
    let mut used = [false; SECTIONS];
    for b in 0..blocks {
        let section = section_of(b, heavy);
        if let Some(u) = used.get_mut(section) {
            *u = true;
        }
        g.block(section);
    }
    let sections = used.iter().filter(|u| **u).count();
    g.c.assets = g.rows.len();
    g.c.sections = sections;
    g.c.bu = (0..BU)
        .filter(|bu| used.iter().skip(bu * KA_PER_BU).take(KA_PER_BU).any(|u| *u))
        .count();
    Register {
        rows: g.rows,
        composition: g.c,
    }
}

/// The register as a UTF-8 CSV (no BOM, LF line ends). No generated cell holds a
/// comma, quote or line break, so none needs quoting.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::with_capacity(256 * (rows.len() + 1));
    out.push_str(&HEADERS.join(","));
    out.push('\n');
    for row in rows {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

struct Generator {
    rng: Rng,
    rows: Vec<Vec<String>>,
    c: Composition,
    /// The last number handed out per prefix: D, S, H, N, F.
    next: [usize; 5],
}

/// One asset before it becomes a row.
#[derive(Default)]
struct Asset {
    number: String,
    kind: Option<AssetKind>,
    name: String,
    description: String,
    business: String,
    medium: String,
    layer: Option<NetworkLayer>,
    retention: String,
    c: &'static str,
    i: &'static str,
    a: &'static str,
    personal: Option<PersonalDataKind>,
    persons: String,
    relations: Vec<(RelationKind, String)>,
}

impl Generator {
    fn number(&mut self, prefix: usize) -> String {
        let slot = self.next.get_mut(prefix).map(|n| {
            *n += 1;
            *n
        });
        let n = slot.unwrap_or(0);
        match prefix {
            0 => format!("D-{n:06}"),
            1 => format!("S-{n:05}"),
            2 => format!("H-{n:05}"),
            3 => format!("N-{n:04}"),
            _ => format!("F-{n:04}"),
        }
    }

    fn layer(&mut self) -> NetworkLayer {
        match self.rng.below(100) {
            0..15 => NetworkLayer::MyNumber,
            15..80 => NetworkLayer::Lgwan,
            _ => NetworkLayer::Internet,
        }
    }

    fn block(&mut self, section: usize) {
        let department = section_path(section);
        let ka = format!(
            "課{:02}{:02}",
            section / KA_PER_BU + 1,
            section % KA_PER_BU + 1
        );
        // Numbers first, so dependents can name what supports them.
        let data: Vec<String> = (0..DATA).map(|_| self.number(0)).collect();
        let software: Vec<String> = (0..SOFTWARE).map(|_| self.number(1)).collect();
        let hardware: Vec<String> = (0..HARDWARE).map(|_| self.number(2)).collect();
        let networks: Vec<String> = (0..NETWORKS).map(|_| self.number(3)).collect();
        let facilities: Vec<String> = (0..FACILITIES).map(|_| self.number(4)).collect();
        let mut assets = Vec::with_capacity(BLOCK);
        for (j, number) in data.iter().enumerate() {
            assets.push(self.data(j, number, &software, &hardware, &facilities));
        }
        for number in &software {
            let business = self.rng.pick(&BUSINESS);
            let mut relations = vec![(RelationKind::RunsOn, self.one(&hardware))];
            if self.rng.percent(60) {
                relations.push((RelationKind::ConnectedTo, self.one(&networks)));
            }
            let layer = self.layer();
            assets.push(Asset {
                kind: Some(AssetKind::Software),
                name: format!("{business}システム"),
                business: business.into(),
                layer: Some(layer),
                relations,
                ..self.supporting(number)
            });
        }
        for (k, number) in hardware.iter().enumerate() {
            let device = self.rng.pick(&DEVICES);
            let relations = vec![
                (RelationKind::LocatedIn, self.one(&facilities)),
                (RelationKind::ConnectedTo, self.one(&networks)),
            ];
            let layer = self.layer();
            assets.push(Asset {
                kind: Some(AssetKind::Hardware),
                name: format!("{ka} {device} {}号機", k + 1),
                layer: Some(layer),
                relations,
                ..self.supporting(number)
            });
        }
        for number in &networks {
            let layer = self.layer();
            assets.push(Asset {
                kind: Some(AssetKind::Network),
                name: format!("{}ネットワーク（{ka}）", layer.label("ja")),
                layer: Some(layer),
                relations: vec![(RelationKind::LocatedIn, self.one(&facilities))],
                ..self.supporting(number)
            });
        }
        for (k, number) in facilities.iter().enumerate() {
            let room = ROOMS.get(k % ROOMS.len()).copied().unwrap_or("執務室");
            assets.push(Asset {
                kind: Some(AssetKind::Facility),
                name: format!("{ka}{room}"),
                ..self.supporting(number)
            });
        }
        for a in assets {
            self.push(a, &department);
        }
    }

    fn one(&mut self, of: &[String]) -> String {
        of.get(self.rng.below(of.len()))
            .cloned()
            .unwrap_or_default()
    }

    /// Levels of a supporting asset rated by itself: mostly below the information it
    /// holds, so propagation raises what it must be protected to.
    fn supporting(&mut self, number: &str) -> Asset {
        Asset {
            number: number.to_owned(),
            c: if self.rng.percent(50) { "2" } else { "1" },
            i: if self.rng.percent(50) { "2" } else { "1" },
            a: if self.rng.percent(60) { "2" } else { "1" },
            ..Asset::default()
        }
    }

    fn data(
        &mut self,
        j: usize,
        number: &str,
        software: &[String],
        hardware: &[String],
        facilities: &[String],
    ) -> Asset {
        let paper = j < PAPER;
        let (business, name) = if j == 0 {
            ("防災", self.rng.pick(&SEARCHED).to_owned())
        } else {
            let business = self.rng.pick(&BUSINESS);
            let record = self.rng.pick(&RECORDS);
            let year = 2016 + self.rng.below(10);
            (business, format!("{business}{record}（{year}年度）"))
        };
        let personal = match self.rng.below(1000) {
            0..30 => Some(PersonalDataKind::MyNumber),
            30..80 => Some(PersonalDataKind::Sensitive),
            80..300 => Some(PersonalDataKind::Personal),
            _ => None,
        };
        let c = match personal {
            Some(PersonalDataKind::MyNumber) if self.rng.percent(70) => "3A",
            Some(PersonalDataKind::MyNumber | PersonalDataKind::Sensitive) => "3B",
            Some(_) if self.rng.percent(50) => "3C",
            Some(_) => "2",
            None if self.rng.percent(65) => "2",
            None => "1",
        };
        let relations = if paper {
            vec![(RelationKind::StoredOn, self.one(facilities))]
        } else {
            let mut r = vec![(RelationKind::StoredOn, self.one(software))];
            if self.rng.percent(20) {
                r.push((RelationKind::StoredOn, self.one(hardware)));
            }
            r
        };
        let layer = (!paper).then(|| self.layer());
        Asset {
            number: number.to_owned(),
            kind: Some(if paper {
                AssetKind::DataPaper
            } else {
                AssetKind::DataElectronic
            }),
            description: if j % 4 == 1 {
                format!("{business}事務で作成・取得する記録。")
            } else {
                String::new()
            },
            name,
            business: business.to_owned(),
            medium: if paper {
                self.rng.pick(&PAPER_MEDIA)
            } else {
                self.rng.pick(&ELECTRONIC_MEDIA)
            }
            .to_owned(),
            layer,
            retention: if self.rng.percent(5) {
                self.rng.date((2030, 3, 31), 3650)
            } else {
                self.rng.pick(&RETENTION).to_owned()
            },
            c,
            i: if self.rng.percent(40) { "2" } else { "1" },
            a: if self.rng.percent(25) { "2" } else { "1" },
            persons: personal
                .map(|_| (10 + self.rng.below(200_000)).to_string())
                .unwrap_or_default(),
            personal,
            relations,
        }
    }

    fn push(&mut self, a: Asset, department: &str) {
        let kind = a.kind.unwrap_or(AssetKind::DataElectronic);
        match kind {
            AssetKind::DataPaper => self.c.paper += 1,
            AssetKind::DataElectronic => self.c.electronic += 1,
            AssetKind::Software => self.c.software += 1,
            AssetKind::Hardware => self.c.hardware += 1,
            AssetKind::Network => self.c.networks += 1,
            AssetKind::Facility => self.c.facilities += 1,
        }
        match a.personal {
            Some(PersonalDataKind::Personal) => self.c.personal += 1,
            Some(PersonalDataKind::Sensitive) => self.c.sensitive += 1,
            Some(PersonalDataKind::MyNumber) => self.c.my_number += 1,
            _ => {}
        }
        if a.name.contains(SEARCH) {
            self.c.searched += 1;
        }
        self.c.relations += a.relations.len();
        let registered = self.rng.date((2015, 4, 1), 3650);
        // One in ten reviews fell due between April 2025 and October 2026.
        let past = self.rng.percent(10);
        let review = if past {
            self.c.review_past += 1;
            self.rng.date((2025, 4, 1), 578)
        } else {
            self.rng.date((2027, 4, 1), 1095)
        };
        let relations = format_relations(&a.relations);
        self.rows.push(vec![
            a.number,
            kind.label("ja").to_owned(),
            a.name,
            a.description,
            a.business,
            department.to_owned(),
            a.medium,
            a.layer.map(|l| l.label("ja")).unwrap_or("").to_owned(),
            a.retention,
            registered,
            review,
            a.c.to_owned(),
            a.i.to_owned(),
            a.a.to_owned(),
            a.personal.map(|p| p.label("ja")).unwrap_or("").to_owned(),
            a.persons,
            relations,
        ]);
    }
}

#[cfg(test)]
#[path = "register_tests.rs"]
mod tests;
