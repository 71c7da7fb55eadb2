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
pub mod register;
mod retention;

use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;
use crate::text::clean;

pub use layer::{NetworkLayer, PersonalDataKind};
pub use mark::parse_mark;
pub use number::AssetNumber;
pub use retention::Retention;

labelled_enum! {
    /// The kinds of information asset the basic policy names (§2 定義): information on
    /// paper and in electronic form, and the hardware, software, networks and facilities
    /// that hold or carry it. The data kinds come first: classification starts from them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AssetKind {
        // Besides the code and labels, the words asset registers use for each kind.
        DataPaper => ("data_paper", "紙の情報", "Paper records", [
            "紙", "書類", "文書", "紙文書", "紙媒体", "paper",
        ]),
        DataElectronic => ("data_electronic", "電子データ", "Electronic data", [
            "電子", "データ", "電子情報", "電子ファイル", "electronic", "data",
        ]),
        Hardware => ("hardware", "ハードウェア", "Hardware", [
            "機器", "端末", "サーバ", "サーバー", "ハード", "パソコン", "PC", "HW",
        ]),
        Software => ("software", "ソフトウェア", "Software", [
            "システム", "ソフト", "アプリケーション", "アプリ", "system", "SW",
        ]),
        Network => ("network", "ネットワーク", "Network", ["回線", "通信回線", "NW"]),
        Facility => ("facility", "施設・設備", "Facilities and equipment", [
            "施設", "建物", "設備", "部屋", "facilities",
        ]),
    }

    /// Accepts the code, either label and the words registers use (紙 → paper, サーバ →
    /// hardware, システム → software, NW → network, 建物 → facility …), in any case or
    /// width.
    fn parse {
        empty: ("資産の種類が入力されていません。", "The asset kind is empty."),
        unknown: choices("資産の種類", "an asset kind"),
    }
}

impl AssetKind {
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

labelled_enum! {
    /// Where an asset is in its life. A retired asset stays in the register (its data may
    /// still be kept); a disposed one is gone, and its disposal is on record.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum AssetStatus {
        InUse => ("in_use", "使用中", "In use", [
            "運用中", "利用中", "稼働中", "使用", "運用", "active",
        ]),
        Retired => ("retired", "廃止", "Retired", [
            "休止", "停止", "利用停止", "休止中", "停止中", "廃止済",
        ]),
        Disposed => ("disposed", "廃棄済", "Disposed", ["廃棄", "廃棄済み", "処分済"]),
    }

    /// Accepts the code, either label and the usual words (運用中 → in use, 休止 →
    /// retired, 廃棄 → disposed), in any case or width.
    fn parse {
        empty: ("資産の状態が入力されていません。", "The asset status is empty."),
        unknown: choices("資産の状態", "an asset status"),
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
