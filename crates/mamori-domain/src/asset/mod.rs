//! Information assets (§2, §4, §7, §9 of the basic policy): what kind of thing an asset
//! is, whether it is still in use, which network it lives on, what personal data it
//! holds, its number, its retention and the marks of an asset register.
//!
//! Asset registers arrive as spreadsheets that every department fills in its own way,
//! so each parser here accepts the codes and labels Mamori shows plus the words offices
//! actually write (紙, サーバ, 運用中 …), after width folding and in any case.

mod layer;
mod mark;
mod number;
mod retention;

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::text::{clean, excerpt, label_key};

pub use layer::{NetworkLayer, PersonalDataKind};
pub use mark::parse_mark;
pub use number::AssetNumber;
pub use retention::Retention;

/// The value among `all` one of whose names reads like `s` (same [`label_key`]).
/// Shared by the enums of this module, whose names never overlap within one enum.
fn lookup<T: Copy>(all: &[T], s: &str, names: impl Fn(T) -> Vec<&'static str>) -> Option<T> {
    let key = label_key(s);
    all.iter()
        .copied()
        .find(|v| names(*v).iter().any(|n| label_key(n) == key))
}

/// The answer when a value is none of `choices`: quotes the value and lists the labels.
fn unknown(s: &str, what_ja: &str, what_en: &str, ja: &[&str], en: &[&str]) -> Problem {
    let v = excerpt(&clean(s));
    Problem::new(
        format!(
            "「{v}」は{what_ja}として読み取れません。{}のいずれかを入力してください。",
            ja.join("、")
        ),
        format!("\"{v}\" is not {what_en}. Use one of: {}.", en.join(", ")),
    )
}

/// The kinds of information asset the basic policy names (§2 定義): information on
/// paper and in electronic form, and the hardware, software, networks and facilities
/// that hold or carry it. The data kinds come first: classification starts from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    DataPaper,
    DataElectronic,
    Hardware,
    Software,
    Network,
    Facility,
}

impl AssetKind {
    pub const ALL: [AssetKind; 6] = [
        AssetKind::DataPaper,
        AssetKind::DataElectronic,
        AssetKind::Hardware,
        AssetKind::Software,
        AssetKind::Network,
        AssetKind::Facility,
    ];

    /// Stable code, as stored and in the API (same as the serde form).
    pub const fn code(self) -> &'static str {
        match self {
            AssetKind::DataPaper => "data_paper",
            AssetKind::DataElectronic => "data_electronic",
            AssetKind::Hardware => "hardware",
            AssetKind::Software => "software",
            AssetKind::Network => "network",
            AssetKind::Facility => "facility",
        }
    }

    pub const fn label_ja(self) -> &'static str {
        match self {
            AssetKind::DataPaper => "紙の情報",
            AssetKind::DataElectronic => "電子データ",
            AssetKind::Hardware => "ハードウェア",
            AssetKind::Software => "ソフトウェア",
            AssetKind::Network => "ネットワーク",
            AssetKind::Facility => "施設・設備",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            AssetKind::DataPaper => "Paper records",
            AssetKind::DataElectronic => "Electronic data",
            AssetKind::Hardware => "Hardware",
            AssetKind::Software => "Software",
            AssetKind::Network => "Network",
            AssetKind::Facility => "Facilities and equipment",
        }
    }

    /// The label in the requested language (`"en"` or anything else for Japanese).
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_ja()
        }
    }

    /// Words asset registers use for each kind, besides the code and labels.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            AssetKind::DataPaper => &["紙", "書類", "文書", "紙文書", "紙媒体", "paper"],
            AssetKind::DataElectronic => &[
                "電子",
                "データ",
                "電子情報",
                "電子ファイル",
                "electronic",
                "data",
            ],
            AssetKind::Hardware => &[
                "機器",
                "端末",
                "サーバ",
                "サーバー",
                "ハード",
                "パソコン",
                "PC",
                "HW",
            ],
            AssetKind::Software => &[
                "システム",
                "ソフト",
                "アプリケーション",
                "アプリ",
                "system",
                "SW",
            ],
            AssetKind::Network => &["回線", "通信回線", "NW"],
            AssetKind::Facility => &["施設", "建物", "設備", "部屋", "facilities"],
        }
    }

    fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.code(), self.label_ja(), self.label_en()];
        names.extend_from_slice(self.aliases());
        names
    }

    /// Accepts the code, either label and the words registers use (紙 → paper, サーバ →
    /// hardware, システム → software, NW → network, 建物 → facility …), in any case or
    /// width.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        if label_key(s).is_empty() {
            return Err(Problem::new(
                "資産の種類が入力されていません。",
                "The asset kind is empty.",
            ));
        }
        lookup(&Self::ALL, s, Self::names).ok_or_else(|| {
            let ja: Vec<&str> = Self::ALL.iter().map(|k| k.label_ja()).collect();
            let en: Vec<&str> = Self::ALL.iter().map(|k| k.label_en()).collect();
            unknown(s, "資産の種類", "an asset kind", &ja, &en)
        })
    }

    /// Information itself, on paper or electronic: what the classification is about.
    /// The other kinds are supporting assets that inherit protection from it.
    pub fn is_data(self) -> bool {
        matches!(self, AssetKind::DataPaper | AssetKind::DataElectronic)
    }

    /// Guesses whether information is on paper from the medium a register names
    /// (紙, 書類, 書庫, 帳票, ファイル綴, 簿冊, キャビネット …), for imports without a kind
    /// column. Anything else is taken as electronic, the common case today. A medium
    /// that says it is electronic (電子帳票, PDF) is electronic even when it also names a
    /// paper word.
    pub fn infer_from_medium(medium: &str) -> AssetKind {
        const ELECTRONIC: [&str; 2] = ["電子", "pdf"];
        const PAPER: [&str; 10] = [
            "紙",
            "書類",
            "書庫",
            "帳票",
            "ファイル綴",
            "簿冊",
            "キャビネット",
            "バインダー",
            "綴り",
            "台帳(紙)",
        ];
        let m = clean(medium).to_lowercase();
        if ELECTRONIC.iter().any(|w| m.contains(w)) {
            AssetKind::DataElectronic
        } else if PAPER.iter().any(|w| m.contains(w)) {
            AssetKind::DataPaper
        } else {
            AssetKind::DataElectronic
        }
    }
}

/// Where an asset is in its life. A retired asset stays in the register (its data may
/// still be kept); a disposed one is gone, and its disposal is on record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetStatus {
    InUse,
    Retired,
    Disposed,
}

impl AssetStatus {
    pub const ALL: [AssetStatus; 3] = [
        AssetStatus::InUse,
        AssetStatus::Retired,
        AssetStatus::Disposed,
    ];

    /// Stable code, as stored and in the API (same as the serde form).
    pub const fn code(self) -> &'static str {
        match self {
            AssetStatus::InUse => "in_use",
            AssetStatus::Retired => "retired",
            AssetStatus::Disposed => "disposed",
        }
    }

    pub const fn label_ja(self) -> &'static str {
        match self {
            AssetStatus::InUse => "使用中",
            AssetStatus::Retired => "廃止",
            AssetStatus::Disposed => "廃棄済",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            AssetStatus::InUse => "In use",
            AssetStatus::Retired => "Retired",
            AssetStatus::Disposed => "Disposed",
        }
    }

    /// The label in the requested language (`"en"` or anything else for Japanese).
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_ja()
        }
    }

    const fn aliases(self) -> &'static [&'static str] {
        match self {
            AssetStatus::InUse => &["運用中", "利用中", "稼働中", "使用", "運用", "active"],
            AssetStatus::Retired => &["休止", "停止", "利用停止", "休止中", "停止中", "廃止済"],
            AssetStatus::Disposed => &["廃棄", "廃棄済み", "処分済"],
        }
    }

    fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.code(), self.label_ja(), self.label_en()];
        names.extend_from_slice(self.aliases());
        names
    }

    /// Accepts the code, either label and the usual words (運用中 → in use, 休止 →
    /// retired, 廃棄 → disposed), in any case or width.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        if label_key(s).is_empty() {
            return Err(Problem::new(
                "資産の状態が入力されていません。",
                "The asset status is empty.",
            ));
        }
        lookup(&Self::ALL, s, Self::names).ok_or_else(|| {
            let ja: Vec<&str> = Self::ALL.iter().map(|k| k.label_ja()).collect();
            let en: Vec<&str> = Self::ALL.iter().map(|k| k.label_en()).collect();
            unknown(s, "資産の状態", "an asset status", &ja, &en)
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_match_serde_and_parse_back() {
        for k in AssetKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
            assert_eq!(AssetKind::parse(k.code()).unwrap(), k);
            assert_eq!(AssetKind::parse(k.label("ja")).unwrap(), k);
            assert_eq!(AssetKind::parse(k.label("en")).unwrap(), k);
            assert_eq!(AssetKind::parse(&k.code().to_uppercase()).unwrap(), k);
        }
        assert_eq!(AssetKind::Facility.label("ja"), "施設・設備");
        assert_eq!(AssetKind::DataPaper.code(), "data_paper");
    }

    #[test]
    fn kind_aliases() {
        use AssetKind::*;
        let cases = [
            ("紙", DataPaper),
            ("書類", DataPaper),
            (" 文書 ", DataPaper),
            ("電子", DataElectronic),
            ("ﾃﾞｰﾀ", DataElectronic),
            ("電子情報", DataElectronic),
            ("機器", Hardware),
            ("端末", Hardware),
            ("サーバ", Hardware),
            ("ﾊｰﾄﾞ", Hardware),
            ("システム", Software),
            ("ソフト", Software),
            ("アプリケーション", Software),
            ("回線", Network),
            ("通信回線", Network),
            ("ＮＷ", Network),
            ("nw", Network),
            ("施設", Facility),
            ("建物", Facility),
            ("設備", Facility),
            ("部屋", Facility),
            ("施設 設備", Facility),
            ("DATA-ELECTRONIC", DataElectronic),
        ];
        for (s, expected) in cases {
            assert_eq!(AssetKind::parse(s).unwrap(), expected, "{s}");
        }
    }

    #[test]
    fn unknown_kind_lists_the_choices() {
        let p = AssetKind::parse("人材").unwrap_err();
        assert!(
            p.ja.contains("「人材」") && p.ja.contains("施設・設備"),
            "{p}"
        );
        assert!(
            p.en.contains("\"人材\"") && p.en.contains("Electronic data"),
            "{p}"
        );
        assert!(AssetKind::parse("　").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn data_kinds() {
        let data: Vec<AssetKind> = AssetKind::ALL.into_iter().filter(|k| k.is_data()).collect();
        assert_eq!(data, [AssetKind::DataPaper, AssetKind::DataElectronic]);
    }

    #[test]
    fn medium_inference() {
        for paper in [
            "紙",
            "紙媒体",
            "書類",
            "書庫",
            "申請書（帳票）",
            "台帳(紙)",
            "台帳（紙）",
            "ファイル綴",
            "簿冊",
            "鍵付きキャビネット",
        ] {
            assert_eq!(
                AssetKind::infer_from_medium(paper),
                AssetKind::DataPaper,
                "{paper}"
            );
        }
        for electronic in [
            "ファイルサーバ",
            "USBメモリ",
            "",
            "電子帳票",
            "PDF（書類をスキャン）",
            "基幹システム",
        ] {
            assert_eq!(
                AssetKind::infer_from_medium(electronic),
                AssetKind::DataElectronic,
                "{electronic}"
            );
        }
    }

    #[test]
    fn statuses() {
        use AssetStatus::*;
        for s in AssetStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
            assert_eq!(AssetStatus::parse(s.code()).unwrap(), s);
            assert_eq!(AssetStatus::parse(s.label("ja")).unwrap(), s);
            assert_eq!(AssetStatus::parse(s.label("en")).unwrap(), s);
        }
        assert_eq!(InUse.code(), "in_use");
        for (s, expected) in [
            ("運用中", InUse),
            ("利用中", InUse),
            ("稼働中", InUse),
            ("IN USE", InUse),
            ("休止", Retired),
            ("停止", Retired),
            ("利用停止", Retired),
            ("廃止", Retired),
            ("廃棄", Disposed),
            ("廃棄済", Disposed),
        ] {
            assert_eq!(AssetStatus::parse(s).unwrap(), expected, "{s}");
        }
        let p = AssetStatus::parse("紛失").unwrap_err();
        assert!(p.ja.contains("使用中、廃止、廃棄済"), "{p}");
        assert!(
            AssetStatus::parse("")
                .unwrap_err()
                .ja
                .contains("入力されていません")
        );
    }
}
