//! Properties of `mamori_app::tabular`: untrusted input never panics, and what the
//! exporters write the reader gives back unchanged, in every supported encoding.

use std::sync::OnceLock;

use mamori_app::tabular::{ReadOptions, Table, read_table, write_csv, write_xlsx};
use proptest::prelude::*;

fn opts() -> ReadOptions<'static> {
    ReadOptions {
        sheet: None,
        max_rows: 10_000,
        max_header_scan: 30,
    }
}

fn any_header(_: &str) -> bool {
    true
}

/// A generated table: distinct clean headers and trimmed cells.
#[derive(Debug, Clone)]
struct Sample {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Sample {
    fn header_refs(&self) -> Vec<&str> {
        self.headers.iter().map(String::as_str).collect()
    }

    fn is_known(&self) -> impl Fn(&str) -> bool + '_ {
        |h| self.headers.iter().any(|x| x == h)
    }

    /// The rows the reader should return: those with any content.
    fn expected_rows(&self) -> Vec<(usize, Vec<String>)> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
            .map(|(i, r)| (i, r.clone()))
            .collect()
    }
}

fn header_strategy() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(
        "[A-Za-z職員番号氏名所属][A-Za-z0-9_職員番号氏名所属]{0,8}",
        1..6,
    )
    .prop_map(|set| set.into_iter().collect())
}

/// Cells with what breaks naive CSV and invites formula injection: commas,
/// quotes, line breaks, tabs, apostrophes, leading = + - @, Japanese text.
fn cell_strategy(alphabet: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        8 => alphabet.prop_map(|s| s.trim().to_string()),
    ]
}

const UNICODE_CELL: &str = "[a-zA-Z0-9 ,\"'\n\r\t=+@_\\-あ職員番号山田太郎、。ｱ＝①]{0,12}";
/// Only characters that Shift_JIS round-trips, and no half-width katakana: a
/// string of those can be valid UTF-8 as well, and detection would rightly
/// pick UTF-8.
const SJIS_CELL: &str = "[a-zA-Z0-9 ,\"'\n\t=+@_\\-あ職員番号山田太郎、。]{0,12}";

fn sample_strategy(alphabet: &'static str) -> impl Strategy<Value = Sample> {
    header_strategy().prop_flat_map(move |headers| {
        let width = headers.len();
        let row = prop::collection::vec(cell_strategy(alphabet), width);
        prop::collection::vec(row, 0..8).prop_map(move |rows| Sample {
            headers: headers.clone(),
            rows,
        })
    })
}

fn assert_matches_sample(table: &Table, sample: &Sample, row_number: impl Fn(usize) -> usize) {
    assert_eq!(table.header_row, 1);
    assert_eq!(table.headers, sample.headers);
    let got: Vec<(usize, Vec<String>)> =
        table.rows().map(|r| (r.number, r.cells.to_vec())).collect();
    // Each row read on its own (as an error message reads it) is the same row.
    for (pos, row) in table.rows().enumerate() {
        assert_eq!(table.row(pos), Some(row));
    }
    assert_eq!(table.len(), got.len());
    let want: Vec<(usize, Vec<String>)> = sample
        .expected_rows()
        .into_iter()
        .map(|(i, cells)| (row_number(i), cells))
        .collect();
    assert_eq!(got, want);
}

/// The line a CSV record starts on: one line per record before it, plus the
/// line breaks inside its quoted cells.
fn csv_line(sample: &Sample, index: usize) -> usize {
    let inner: usize = sample.rows[..index]
        .iter()
        .flatten()
        .map(|c| c.matches('\n').count())
        .sum();
    2 + index + inner
}

fn base_xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let rows = vec![
            vec![
                "00123".to_string(),
                "山田 太郎".to_string(),
                "=1+1".to_string(),
            ],
            vec![
                "00124".to_string(),
                "佐藤\n花子".to_string(),
                "総務課".to_string(),
            ],
        ];
        write_xlsx("職員", &["職員番号", "氏名", "所属"], &mut rows.into_iter()).unwrap()
    })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in prop_oneof![
            Just(Vec::new()),
            Just(b"PK\x03\x04".to_vec()),
            Just(vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Just(b"\xEF\xBB\xBF".to_vec()),
            Just(b"\xFF\xFE".to_vec()),
        ],
        body in prop::collection::vec(any::<u8>(), 0..4096),
    ) {
        let mut bytes = prefix;
        bytes.extend_from_slice(&body);
        let _ = read_table(&bytes, &opts(), &any_header);
        let _ = read_table(&bytes, &opts(), &|_| false);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z職員,\"\r\n =']{0,200}") {
        let _ = read_table(text.as_bytes(), &opts(), &any_header);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mangled_xlsx_never_panics(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..16),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = base_xlsx().to_vec();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let _ = read_table(&bytes, &opts(), &any_header);
    }
}

proptest! {
    #[test]
    fn csv_round_trip(sample in sample_strategy(UNICODE_CELL)) {
        let bytes = write_csv(&sample.header_refs(), &mut sample.rows.clone().into_iter());
        let table = read_table(&bytes, &opts(), &sample.is_known()).unwrap();
        assert_matches_sample(&table, &sample, |i| csv_line(&sample, i));
    }

    #[test]
    fn xlsx_round_trip(sample in sample_strategy(UNICODE_CELL)) {
        let bytes = write_xlsx("一覧", &sample.header_refs(), &mut sample.rows.clone().into_iter()).unwrap();
        let table = read_table(&bytes, &opts(), &sample.is_known()).unwrap();
        assert_matches_sample(&table, &sample, |i| i + 2);
    }

    #[test]
    fn shift_jis_reads_like_utf8(sample in sample_strategy(SJIS_CELL)) {
        let utf8 = write_csv(&sample.header_refs(), &mut sample.rows.clone().into_iter());
        let text = std::str::from_utf8(&utf8[3..]).unwrap();
        let (sjis, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
        prop_assert!(!had_errors);
        let from_sjis = read_table(&sjis, &opts(), &sample.is_known()).unwrap();
        let from_utf8 = read_table(text.as_bytes(), &opts(), &sample.is_known()).unwrap();
        if !text.is_ascii() {
            prop_assert_eq!(from_sjis.encoding, Some(mamori_app::tabular::Encoding::ShiftJis));
        }
        prop_assert_eq!(&from_sjis.headers, &from_utf8.headers);
        prop_assert!(from_sjis.rows().eq(from_utf8.rows()));
        assert_matches_sample(&from_sjis, &sample, |i| csv_line(&sample, i));
    }
}
