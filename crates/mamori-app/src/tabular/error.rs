//! Why a file could not be read or written. Every variant is the user's problem to
//! fix (a wrong file, a wrong setting), so each has a ja/en message that says what
//! to do; `detail` fields keep the parser's own words for the log only.

use mamori_domain::Problem;

#[derive(Debug, thiserror::Error)]
pub enum TabularError {
    #[error("the file is empty")]
    Empty,
    #[error("cannot detect the character encoding (UTF-8 or Shift_JIS expected)")]
    UnknownEncoding,
    #[error("UTF-16 text is not supported")]
    Utf16,
    #[error("old binary .xls file")]
    LegacyXls,
    #[error("password-protected workbook")]
    Encrypted,
    #[error("not a valid xlsx file: {detail}")]
    InvalidXlsx { detail: String },
    #[error("sheet {name:?} not found (sheets: {available:?})")]
    SheetNotFound {
        name: String,
        available: Vec<String>,
    },
    #[error("the workbook has no worksheet")]
    NoWorksheet,
    #[error("no header row found within the first {scanned} rows")]
    NoHeader { scanned: usize },
    #[error("more than {max} data rows")]
    TooManyRows { max: usize },
    #[error("more than {max} columns")]
    TooManyColumns { max: usize },
    #[error("the table is too large")]
    TooLarge,
    #[error("malformed CSV at row {row}: a quoted field is never closed")]
    MalformedCsv { row: usize },
    #[error("cell at row {row}, column {column} is longer than {max} characters")]
    CellTooLong {
        row: usize,
        column: usize,
        max: usize,
    },
    #[error("cannot write xlsx: {detail}")]
    Export { detail: String },
}

impl TabularError {
    /// The message shown to the user.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Empty => Problem::new(
                "ファイルが空です。データの入ったファイルを指定してください。",
                "The file is empty. Choose a file that contains data.",
            ),
            Self::UnknownEncoding => Problem::new(
                "文字コードを判別できません。UTF-8 または Shift_JIS の CSV を指定してください。",
                "Cannot detect the character encoding. Use a CSV file in UTF-8 or Shift_JIS.",
            ),
            Self::Utf16 => Problem::new(
                "UTF-16（Unicode テキスト）形式には対応していません。Excel で「CSV UTF-8（コンマ区切り）」または Excel ブック（.xlsx）として保存し直してください。",
                "UTF-16 (Unicode text) files are not supported. In Excel, save the file as \"CSV UTF-8 (Comma delimited)\" or as an Excel workbook (.xlsx).",
            ),
            Self::LegacyXls => Problem::new(
                "古い Excel 形式（.xls）には対応していません。Excel で .xlsx 形式または CSV として保存し直してください。",
                "The old Excel format (.xls) is not supported. In Excel, save the file as .xlsx or as CSV.",
            ),
            Self::Encrypted => Problem::new(
                "パスワードで保護された Excel ファイルは読み込めません。パスワードを解除して保存し直してください。",
                "Password-protected Excel files cannot be read. Remove the password and save the file again.",
            ),
            Self::InvalidXlsx { .. } => Problem::new(
                "Excel ファイル（.xlsx）として読み込めません。ファイルが壊れていないか確認し、Excel で保存し直してください。",
                "The file cannot be read as an Excel workbook (.xlsx). Check that it is not damaged and save it again from Excel.",
            ),
            Self::SheetNotFound { name, available } => {
                let list = available.join("、");
                Problem::new(
                    format!("シート「{name}」が見つかりません。ブック内のシート: {list}"),
                    format!(
                        "Sheet \"{name}\" not found. Sheets in the workbook: {}",
                        available.join(", ")
                    ),
                )
            }
            Self::NoWorksheet => Problem::new(
                "ブックにワークシートがありません。",
                "The workbook contains no worksheet.",
            ),
            Self::NoHeader { scanned } => Problem::new(
                format!(
                    "先頭 {scanned} 行以内に見出し行が見つかりません。列名（例: 職員番号、氏名）の行があるか確認してください。"
                ),
                format!(
                    "No header row found within the first {scanned} rows. Check that the file has a row of column names (e.g. staff number, name)."
                ),
            ),
            Self::TooManyRows { max } => Problem::new(
                format!("行数が多すぎます（上限 {max} 行）。ファイルを分割してください。"),
                format!("Too many rows (at most {max}). Split the file."),
            ),
            Self::TooManyColumns { max } => Problem::new(
                format!("列数が多すぎます（上限 {max} 列）。"),
                format!("Too many columns (at most {max})."),
            ),
            Self::TooLarge => Problem::new(
                "ファイルの内容が大きすぎます。ファイルを分割してください。",
                "The file's contents are too large. Split the file.",
            ),
            Self::MalformedCsv { row } => Problem::new(
                format!(
                    "CSV の {row} 行目で始まる引用符（\"）が閉じられていません。ファイルを確認してください。"
                ),
                format!("Malformed CSV: the quote (\") opened at row {row} is never closed."),
            ),
            Self::CellTooLong { row, column, max } => Problem::new(
                format!(
                    "{row} 行目 {column} 列目のセルが長すぎます（Excel の上限は {max} 文字）。"
                ),
                format!(
                    "The cell at row {row}, column {column} is too long (Excel allows {max} characters)."
                ),
            ),
            Self::Export { .. } => Problem::new(
                "Excel ファイルを作成できませんでした。",
                "Could not create the Excel file.",
            ),
        }
    }
}
