#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

const KNOWN: &[&str] = &[
    "職員番号",
    "氏名",
    "フリガナ",
    "所属",
    "ID",
    "備考",
    "取得日",
    "数量",
];

fn known(h: &str) -> bool {
    KNOWN.contains(&h)
}

fn read(bytes: &[u8]) -> Result<Table<'_>, TabularError> {
    read_table(bytes, &ReadOptions::default(), &known)
}

fn cells(table: &Table) -> Vec<Vec<String>> {
    table.rows().map(|r| r.cells.to_vec()).collect()
}

fn numbers(table: &Table) -> Vec<usize> {
    table.rows().map(|r| r.number).collect()
}

fn rows_of(data: &[&[&str]]) -> Vec<Vec<String>> {
    data.iter()
        .map(|r| r.iter().map(|c| (*c).to_string()).collect())
        .collect()
}

#[test]
fn title_rows_above_the_header_are_skipped() {
    let csv = "令和7年度 職員名簿,,\n作成日,2025-04-01,\n,,\n職員番号,氏名,所属\n001,山田 太郎,総務課\n,,\n002, 佐藤 花子 ,企画課\n";
    let t = read(csv.as_bytes()).unwrap();
    assert_eq!(t.format, Format::Csv);
    assert_eq!(t.encoding, Some(Encoding::Utf8));
    assert_eq!(t.header_row, 4);
    assert_eq!(t.headers, ["職員番号", "氏名", "所属"]);
    assert_eq!(
        cells(&t),
        [
            ["001", "山田 太郎", "総務課"],
            ["002", "佐藤 花子", "企画課"]
        ]
    );
    assert_eq!(numbers(&t), [5, 7]);
}

#[test]
fn a_title_row_with_one_known_word_is_not_a_header() {
    // "氏名" alone in a row is a header only when it is the row's only cell.
    let csv = "氏名,の一覧\n職員番号,氏名\n1,A\n";
    let t = read(csv.as_bytes()).unwrap();
    assert_eq!(t.header_row, 2);
    let t = read("名簿\n氏名\n山田\n".as_bytes()).unwrap();
    assert_eq!(t.header_row, 2);
    assert_eq!(t.headers, ["氏名"]);
    assert_eq!(cells(&t), [["山田"]]);
}

#[test]
fn utf8_bom_is_detected_and_not_part_of_the_first_header() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("職員番号,氏名\r\n1,山田\r\n".as_bytes());
    let t = read(&bytes).unwrap();
    assert_eq!(t.encoding, Some(Encoding::Utf8Bom));
    assert_eq!(t.headers, ["職員番号", "氏名"]);
    assert_eq!(cells(&t), [["1", "山田"]]);
}

#[test]
fn shift_jis_with_japanese_headers() {
    let text = "職員番号,氏名,フリガナ,所属\r\n00123,山田　太郎,ヤマダ　タロウ,総務部総務課\r\n";
    let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!had_errors);
    let t = read(&bytes).unwrap();
    assert_eq!(t.encoding, Some(Encoding::ShiftJis));
    assert_eq!(t.headers, ["職員番号", "氏名", "フリガナ", "所属"]);
    assert_eq!(
        cells(&t),
        [["00123", "山田　太郎", "ヤマダ　タロウ", "総務部総務課"]]
    );
    // CP932 extensions (NEC special characters such as ①) decode too.
    let (bytes, _, had_errors) = encoding_rs::SHIFT_JIS.encode("氏名,備考\n山田,①\n");
    assert!(!had_errors);
    assert_eq!(cells(&read(&bytes).unwrap()), [["山田", "①"]]);
}

#[test]
fn undecodable_bytes_and_utf16_are_refused() {
    assert!(matches!(
        read(b"a,b\n\xFD\xFE\xFF\n"),
        Err(TabularError::UnknownEncoding)
    ));
    assert!(matches!(
        read(b"\xFF\xFEa\0,\0b\0"),
        Err(TabularError::Utf16)
    ));
    assert!(matches!(
        read(b"a\0,\0b\0"),
        Err(TabularError::UnknownEncoding)
    ));
}

#[test]
fn header_cells_are_cleaned() {
    let csv = "\"職員\r\n番号\",氏名※,ＩＤ,所属 *, 備考　,フリガナ＊※\n1,2,3,4,5,6\n";
    let t = read(csv.as_bytes()).unwrap();
    assert_eq!(t.header_row, 1);
    assert_eq!(
        t.headers,
        ["職員番号", "氏名", "ID", "所属", "備考", "フリガナ"]
    );
    assert_eq!(numbers(&t), [3]);
}

#[test]
fn wrapped_header_cell_in_xlsx() {
    let bytes = write_xlsx(
        "名簿",
        &["職員\n番号", "氏名※"],
        &mut rows_of(&[&["1", "山田"]]).into_iter(),
    )
    .unwrap();
    let t = read(&bytes).unwrap();
    assert_eq!(t.format, Format::Xlsx);
    assert_eq!(t.encoding, None);
    assert_eq!(t.sheet.as_deref(), Some("名簿"));
    assert_eq!(t.headers, ["職員番号", "氏名"]);
    assert_eq!(cells(&t), [["1", "山田"]]);
    assert_eq!(numbers(&t), [2]);
}

#[test]
fn old_xls_and_encrypted_workbooks_are_refused_with_advice() {
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(1024, 0);
    let err = read(&xls).unwrap_err();
    assert!(matches!(err, TabularError::LegacyXls));
    assert!(err.problem().ja.contains(".xlsx"));
    assert!(err.problem().en.contains(".xlsx"));

    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    xls.extend_from_slice(&name);
    assert!(matches!(read(&xls), Err(TabularError::Encrypted)));
}

#[test]
fn row_numbers_follow_quoted_multi_line_cells() {
    let csv = "職員番号,氏名,備考\r\n1,山田,\"一行目\r\n二行目\r\n三行目\"\r\n2,佐藤,\"a\"\"b\"\r\n\r\n3,鈴木,x\r\n";
    let t = read(csv.as_bytes()).unwrap();
    assert_eq!(numbers(&t), [2, 5, 7]);
    let rows: Vec<_> = t.rows().collect();
    assert_eq!(rows[0].cells.get(2), Some("一行目\r\n二行目\r\n三行目"));
    assert_eq!(rows[1].cells.get(2), Some("a\"b"));
    assert_eq!(
        t.row(1).as_ref(),
        rows.get(1),
        "a row read on its own reads the same"
    );
}

#[test]
fn classic_mac_line_ends_are_counted() {
    let t = read(b"ID,\xE6\xB0\x8F\xE5\x90\x8D\r1,a\r2,b\r").unwrap();
    assert_eq!(numbers(&t), [2, 3]);
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let csv = "職員番号,氏名\n1,山田\n2,\"佐藤\n3,鈴木\n";
    let err = read(csv.as_bytes()).unwrap_err();
    assert!(
        matches!(err, TabularError::MalformedCsv { row: 3 }),
        "{err:?}"
    );
    assert!(err.problem().ja.contains('3'));
    // A quote inside an unquoted field is literal, as in Excel.
    let t = read("職員番号,氏名\n1,山田\"太郎\n".as_bytes()).unwrap();
    assert_eq!(cells(&t), [["1", "山田\"太郎"]]);
}

#[test]
fn rows_are_padded_or_cut_to_the_header() {
    let t = read("職員番号,氏名,所属,,\n1\n2,b,c,d,e\n,,,,\n".as_bytes()).unwrap();
    assert_eq!(t.headers.len(), 3);
    assert_eq!(cells(&t), [["1", "", ""], ["2", "b", "c"]]);
}

#[test]
fn width_and_size_limits() {
    // A far-right cell in a title row is no reason to refuse the file.
    let mut csv = format!("名簿{}x\n", ",".repeat(MAX_COLUMNS + 5));
    csv.push_str("職員番号,氏名\n1,a\n");
    assert_eq!(read(csv.as_bytes()).unwrap().headers, ["職員番号", "氏名"]);
    // A header wider than Excel allows is.
    let csv = format!("職員番号,氏名{}x\n1,a\n", ",".repeat(MAX_COLUMNS));
    assert!(matches!(
        read(csv.as_bytes()),
        Err(TabularError::TooManyColumns { .. })
    ));
    // Short rows under a wide header are padded; the padding is what counts.
    let mut csv = format!("職員番号,氏名{}x\n", ",".repeat(MAX_COLUMNS - 3));
    csv.push_str(&"1\n".repeat(MAX_CELLS / MAX_COLUMNS + 1));
    assert!(matches!(read(csv.as_bytes()), Err(TabularError::TooLarge)));
}

#[test]
fn missing_header_and_empty_files() {
    assert!(matches!(read(b""), Err(TabularError::Empty)));
    assert!(matches!(read(b" , \n\n  \n"), Err(TabularError::Empty)));
    assert!(matches!(read(b"\xEF\xBB\xBF"), Err(TabularError::Empty)));
    let err = read("a,b\n1,2\n".as_bytes()).unwrap_err();
    assert!(matches!(err, TabularError::NoHeader { scanned: 30 }));
    assert!(err.problem().ja.contains("30"));
    // The header must be within the scan window.
    let mut late = "x\n".repeat(5);
    late.push_str("職員番号,氏名\n1,a\n");
    let opts = ReadOptions {
        max_header_scan: 5,
        ..ReadOptions::default()
    };
    assert!(matches!(
        read_table(late.as_bytes(), &opts, &known),
        Err(TabularError::NoHeader { scanned: 5 })
    ));
    let mut blank_then_content = "\n".repeat(40);
    blank_then_content.push_str("a,b\n");
    assert!(matches!(
        read(blank_then_content.as_bytes()),
        Err(TabularError::NoHeader { .. })
    ));
}

#[test]
fn too_many_rows_are_refused() {
    let opts = ReadOptions {
        max_rows: 2,
        ..ReadOptions::default()
    };
    let ok = "職員番号,氏名\n1,a\n2,b\n";
    assert_eq!(read_table(ok.as_bytes(), &opts, &known).unwrap().len(), 2);
    let too_many = "職員番号,氏名\n1,a\n2,b\n3,c\n";
    assert!(matches!(
        read_table(too_many.as_bytes(), &opts, &known),
        Err(TabularError::TooManyRows { max: 2 })
    ));
    let xlsx = write_xlsx(
        "s",
        &["職員番号", "氏名"],
        &mut rows_of(&[&["1", "a"], &["2", "b"], &["3", "c"]]).into_iter(),
    )
    .unwrap();
    assert!(matches!(
        read_table(&xlsx, &opts, &known),
        Err(TabularError::TooManyRows { max: 2 })
    ));
}

#[test]
fn neutralize_and_unneutralize() {
    for (raw, safe) in [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+81", "'+81"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("abc", "abc"),
        ("'abc", "'abc"),
        ("a=b", "a=b"),
        ("", ""),
        ("'", "'"),
        ("＝全角", "＝全角"),
    ] {
        assert_eq!(neutralize_formula(raw), safe, "{raw:?}");
        assert_eq!(unneutralize(safe), raw, "{safe:?}");
    }
    assert!(matches!(
        neutralize_formula("abc"),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn csv_export_is_excel_friendly() {
    let bytes = write_csv(
        &["職員番号", "氏名", "備考"],
        &mut rows_of(&[
            &["=1+1", "山田, 太郎", "say \"hi\"\nbye"],
            &["-3", "", "@x"],
        ])
        .into_iter(),
    );
    let expected = "\u{FEFF}職員番号,氏名,備考\r\n'=1+1,\"山田, 太郎\",\"say \"\"hi\"\"\nbye\"\r\n'-3,,'@x\r\n";
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
    let t = read(&bytes).unwrap();
    assert_eq!(t.encoding, Some(Encoding::Utf8Bom));
    assert_eq!(
        cells(&t),
        [["=1+1", "山田, 太郎", "say \"hi\"\nbye"], ["-3", "", "@x"]]
    );
    assert_eq!(numbers(&t), [2, 4]);
}

#[test]
fn xlsx_export_reimports_exactly() {
    let data = rows_of(&[
        &["=HYPERLINK(\"http://x\")", "'=x", "'plain"],
        &["", "", ""],
        &["00123", "山田\n太郎", "a\rb\t_x0041_"],
    ]);
    let bytes = write_xlsx(
        "資産[台帳]:2025/04",
        &["ID", "氏名", "備考"],
        &mut data.clone().into_iter(),
    )
    .unwrap();
    let t = read(&bytes).unwrap();
    assert_eq!(t.sheet.as_deref(), Some("資産台帳202504"));
    assert_eq!(t.header_row, 1);
    assert_eq!(
        cells(&t),
        [
            ["=HYPERLINK(\"http://x\")", "'=x", "'plain"],
            ["00123", "山田\n太郎", "a\rb\t_x0041_"]
        ]
    );
    assert_eq!(numbers(&t), [2, 4]);
}

#[test]
fn xlsx_export_refuses_cells_excel_cannot_hold() {
    let long = "あ".repeat(32_768);
    let err = write_xlsx("s", &["ID"], &mut vec![vec![long]].into_iter()).unwrap_err();
    assert!(matches!(
        err,
        TabularError::CellTooLong {
            row: 2,
            column: 1,
            ..
        }
    ));
}

/// A workbook as municipal offices make them: a cover sheet, then a sheet with a
/// title, a blank margin column and rows, typed values.
fn typed_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime as XDate, Format as XFormat, Workbook};
    let mut wb = Workbook::new();
    let cover = wb.add_worksheet();
    cover.set_name("表紙").unwrap();
    cover.write_string(0, 0, "情報資産台帳").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("台帳").unwrap();
    let date = XFormat::new().set_num_format("yyyy-mm-dd");
    let datetime = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let time = XFormat::new().set_num_format("hh:mm");
    ws.write_string(1, 1, "令和7年度 情報資産台帳").unwrap();
    for (c, h) in ["ID", "取得日", "数量", "備考", "所属"].iter().enumerate() {
        ws.write_string(3, 1 + c as u16, *h).unwrap();
    }
    ws.write_number(4, 1, 123.0).unwrap();
    ws.write_datetime_with_format(4, 2, XDate::from_ymd(2025, 4, 1).unwrap(), &date)
        .unwrap();
    ws.write_number(4, 3, 0.1 + 0.2).unwrap();
    ws.write_boolean(4, 4, true).unwrap();
    ws.write_string(4, 5, "  総務課  ").unwrap();
    ws.write_number(6, 1, -7.0).unwrap();
    let dt = XDate::from_ymd(2025, 4, 1)
        .unwrap()
        .and_hms(9, 30, 0)
        .unwrap();
    ws.write_datetime_with_format(6, 2, dt, &datetime).unwrap();
    ws.write_number(6, 3, 1e20).unwrap();
    ws.write_formula(6, 4, rust_xlsxwriter::Formula::new("=1+1").set_result("2"))
        .unwrap();
    let t = XDate::from_hms(9, 30, 0).unwrap();
    ws.write_datetime_with_format(6, 5, t, &time).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_values_rows_and_sheets() {
    let bytes = typed_workbook();
    let t = read(&bytes).unwrap();
    assert_eq!(t.sheet.as_deref(), Some("台帳"));
    assert_eq!(t.header_row, 4);
    // Column A is the sheet's blank margin.
    assert_eq!(t.headers, ["", "ID", "取得日", "数量", "備考", "所属"]);
    assert_eq!(
        cells(&t),
        [
            ["", "123", "2025-04-01", "0.3", "TRUE", "総務課"],
            [
                "",
                "-7",
                "2025-04-01 09:30:00",
                "100000000000000000000",
                "2",
                "09:30:00"
            ],
        ]
    );
    assert_eq!(numbers(&t), [5, 7]);

    let opts = ReadOptions {
        sheet: Some("台帳"),
        ..ReadOptions::default()
    };
    assert_eq!(read_table(&bytes, &opts, &known).unwrap().header_row, 4);

    let opts = ReadOptions {
        sheet: Some("Sheet9"),
        ..ReadOptions::default()
    };
    let err = read_table(&bytes, &opts, &known).unwrap_err();
    assert!(
        matches!(&err, TabularError::SheetNotFound { available, .. } if available == &["表紙", "台帳"])
    );
    assert!(err.problem().ja.contains("表紙、台帳"));
    assert!(err.problem().en.contains("表紙, 台帳"));

    let opts = ReadOptions {
        sheet: Some("表紙"),
        ..ReadOptions::default()
    };
    assert!(matches!(
        read_table(&bytes, &opts, &known),
        Err(TabularError::NoHeader { .. })
    ));
}

#[test]
fn mangled_zip_is_invalid_xlsx() {
    let mut bytes = typed_workbook();
    bytes.truncate(bytes.len() / 2);
    let err = read(&bytes).unwrap_err();
    assert!(matches!(err, TabularError::InvalidXlsx { .. }), "{err:?}");
    assert!(matches!(
        read(b"PK\x03\x04"),
        Err(TabularError::InvalidXlsx { .. })
    ));
}

#[test]
fn zip_declaring_huge_contents_is_refused_before_inflating() {
    // A local header, then a central directory entry claiming 3 GiB, then the
    // end-of-central-directory record pointing at it.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.resize(30, 0);
    let dir_offset = bytes.len() as u32;
    let mut entry = vec![0u8; 46];
    entry[..4].copy_from_slice(b"PK\x01\x02");
    entry[20..24].copy_from_slice(&1000u32.to_le_bytes());
    entry[24..28].copy_from_slice(&(3u32 << 30).to_le_bytes());
    bytes.extend_from_slice(&entry);
    let mut eocd = vec![0u8; 22];
    eocd[..4].copy_from_slice(b"PK\x05\x06");
    eocd[10..12].copy_from_slice(&1u16.to_le_bytes());
    eocd[16..20].copy_from_slice(&dir_offset.to_le_bytes());
    bytes.extend_from_slice(&eocd);
    assert!(matches!(read(&bytes), Err(TabularError::TooLarge)));
}

#[test]
fn every_error_has_both_languages() {
    let all = [
        TabularError::Empty,
        TabularError::UnknownEncoding,
        TabularError::Utf16,
        TabularError::LegacyXls,
        TabularError::Encrypted,
        TabularError::InvalidXlsx { detail: "x".into() },
        TabularError::SheetNotFound {
            name: "a".into(),
            available: vec!["b".into()],
        },
        TabularError::NoWorksheet,
        TabularError::NoHeader { scanned: 30 },
        TabularError::TooManyRows { max: 10 },
        TabularError::TooManyColumns { max: 10 },
        TabularError::TooLarge,
        TabularError::MalformedCsv { row: 3 },
        TabularError::CellTooLong {
            row: 1,
            column: 2,
            max: 3,
        },
        TabularError::Export { detail: "x".into() },
    ];
    for e in all {
        let p = e.problem();
        assert!(!p.ja.is_empty() && !p.en.is_empty(), "{e:?}");
        assert!(!p.ja.is_ascii(), "{e:?} ja should be Japanese");
    }
}

#[test]
fn cells_keep_empty_and_multibyte_values_in_place() {
    let cells: super::Cells = ["", "山田", "", "a\"b"].into_iter().collect();
    assert_eq!(cells.len(), 4);
    assert_eq!(cells.get(0), Some(""));
    assert_eq!(cells.get(1), Some("山田"));
    assert_eq!(cells.get(3), Some("a\"b"));
    assert_eq!(cells.get(4), None);
    assert_eq!(cells.iter().collect::<Vec<_>>(), ["", "山田", "", "a\"b"]);
}

#[test]
fn row_cells_are_placed_by_column_in_any_order() {
    use super::header::shape_row;
    let shaped = |cells: &[(usize, &str)]| {
        shape_row(4, &mut cells.iter().map(|(c, t)| (*c, *t))).map(|c| c.to_vec())
    };
    assert_eq!(
        shaped(&[(0, " a "), (2, "'=1+1"), (9, "beyond")]),
        Some(vec![
            "a".into(),
            String::new(),
            "=1+1".into(),
            String::new()
        ]),
        "padded, cleaned, and cut at the header's width"
    );
    assert_eq!(
        shaped(&[(3, "d"), (1, "b"), (0, "a"), (1, "b2")]),
        Some(vec!["a".into(), "b2".into(), String::new(), "d".into()]),
        "a sheet listing cells out of order, a repeated cell winning"
    );
    assert_eq!(shaped(&[(0, "  "), (1, "")]), None, "no content: skipped");
}
