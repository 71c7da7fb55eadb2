//! Control catalogs, applied controls with evidence, the Statement of Applicability and the risk treatment plan.

mod applied;
mod catalogs;
mod soa;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mamori_app::controls::evidence::EvidenceFile;

use crate::i18n::Lang;
use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/controls" => get(applied::list),
        "/controls/new" => get(applied::new_page).post(applied::create),
        "/controls/plan" => get(soa::plan),
        "/controls/plan.xlsx" => get(soa::plan_xlsx),
        "/controls/plan.csv" => get(soa::plan_csv),
        "/controls/{id}" => get(applied::detail),
        "/controls/{id}/edit" => get(applied::edit_page).post(applied::update),
        "/evidence/{id}" => get(applied::download),
        "/evidence/{id}/delete" => post(applied::delete_evidence),
        "/catalogs" => get(catalogs::list),
        "/catalogs/import" => get(catalogs::import_page).post(catalogs::import_submit),
        "/catalogs/{id}" => get(catalogs::detail),
        "/catalogs/{id}/export.toml" => get(catalogs::export),
        "/soa/{catalog}" => get(soa::page),
        "/soa/{catalog}/entry" => post(soa::entry),
        "/soa/{catalog}/approve" => post(soa::approve),
        "/soa/{catalog}/export.xlsx" => get(soa::export_xlsx),
        "/soa/{catalog}/export.csv" => get(soa::export_csv),
        "/soa/{catalog}/print" => get(soa::print),
        "/soa/{catalog}/versions/{version}" => get(soa::version),
    }
}

// Evidence uploads get their own body limit (see `crate::router`).
route_table! {
    pub const UPLOAD_ROUTES = {
        "/controls/{id}/evidence" => post(applied::upload),
    }
}

/// A list typed into a textarea: commas (half- or full-width), 、, semicolons, spaces
/// and line breaks all separate entries.
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An ASCII-only rendering of a file name for the `filename=` fallback: anything but
/// letters, digits, `.`, `-` and `_` becomes `_`; never empty, never a dot file.
fn ascii_name(name: &str, ext: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = cleaned.trim_matches(|c| c == '.' || c == '_');
    if stem.is_empty() || !stem.to_ascii_lowercase().ends_with(&format!(".{ext}")) {
        format!("evidence.{ext}")
    } else {
        stem.to_owned()
    }
}

/// An evidence file as a download that no browser renders or runs: always an
/// attachment, typed by what the content was checked to be, sandboxed, not sniffed.
/// The stored SHA-256 goes along so the receiver can verify the copy.
pub(crate) fn evidence_download(f: EvidenceFile) -> Response {
    let ext = f.file_type.extension();
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(&f.file_name, ext),
        form_urlencoded::byte_serialize(f.file_name.as_bytes()).collect::<String>()
    );
    let mut res = f.body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.file_type.mime()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    } else {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&f.sha256) {
        h.insert("x-checksum-sha256", v);
    }
    res
}

/// A byte count as people read it (KB / MB, one decimal).
pub(crate) fn size_text(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}

/// The text of the first problem of each field, in `lang`, joined.
pub(crate) fn problems(inv: &mamori_domain::Invalid, lang: Lang) -> String {
    inv.0
        .iter()
        .map(|e| e.text(lang.code()).to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// This module's messages (key, 日本語, English), merged into the catalog.
#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("nav.controls", "管理策", "Controls"),
    ("control.title", "管理策", "Applied controls"),
    ("control.intro", "団体が実際に行っている対策（管理策）の一覧です。カタログの管理策、リスク、情報資産と結び付け、証跡を添付します。", "The measures the organization actually takes, linked to catalog controls, risks and assets, with their evidence."),
    ("control.new", "管理策を登録", "New applied control"),
    ("control.edit", "管理策を編集", "Edit applied control"),
    ("control.back", "管理策の一覧へ", "Back to applied controls"),
    ("control.search", "番号・名称・説明", "Number, name, description"),
    ("control.none", "該当する管理策はありません。", "No applied controls match."),
    ("control.number", "番号", "Number"),
    ("control.name", "名称", "Name"),
    ("control.description", "説明", "Description"),
    ("control.category", "区分", "Category"),
    ("control.status", "実施状況", "Status"),
    ("control.department", "担当所属", "Department"),
    ("control.owner", "担当者", "Owner"),
    ("control.owner_hint", "職員番号または氏名", "Employee number or name"),
    ("control.due_on", "実施期限", "Due"),
    ("control.review_on", "次回見直し日", "Next review"),
    ("control.review_due", "見直し期限", "Review due"),
    ("control.basics", "基本情報", "Basics"),
    ("control.links", "関連付け", "Links"),
    ("control.implements", "対応するカタログの管理策", "Implements catalog controls"),
    ("control.implements_hint", "「カタログ:管理策」をカンマまたは改行で区切って入力（例: nist-csf-2.0:PR.AA-01）", "catalog:control, separated by commas or line breaks (e.g. nist-csf-2.0:PR.AA-01)"),
    ("control.assets", "対象の情報資産", "Assets protected"),
    ("control.assets_hint", "資産番号をカンマまたは改行で区切って入力（例: A-000001）", "Asset numbers, separated by commas or line breaks (e.g. A-000001)"),
    ("control.risks", "対応するリスク", "Risks treated"),
    ("control.risks_hint", "リスク番号をカンマまたは改行で区切って入力", "Risk numbers, separated by commas or line breaks"),
    ("control.no_implements", "カタログの管理策とはまだ結び付いていません。", "Not yet linked to any catalog control."),
    ("control.no_risks", "結び付いたリスクはありません。", "No linked risks."),
    ("control.no_assets", "結び付いた情報資産はありません。", "No linked assets."),
    ("control.evidence", "証跡", "Evidence"),
    ("control.created", "管理策を登録しました。", "The applied control was recorded."),
    ("control.updated", "管理策を更新しました。", "The applied control was updated."),
    ("evidence.title", "証跡", "Evidence"),
    ("evidence.intro", "証跡はダウンロードでのみ提供され、ブラウザー内で開かれることはありません。SHA-256 で改ざんの有無を確かめられます。", "Evidence is only ever offered as a download, never opened in the browser. Its SHA-256 lets you check a copy is unchanged."),
    ("evidence.none", "証跡はまだありません。", "No evidence yet."),
    ("evidence.file", "ファイル", "File"),
    ("evidence.file_hint", "PDF・画像（PNG/JPEG）・テキスト・CSV・Office/OpenDocument 文書、20 MB まで。HTML・スクリプト・マクロ付きのファイルは受け付けません。", "PDF, images (PNG/JPEG), text, CSV, Office or OpenDocument files up to 20 MB. HTML, scripts and files with macros are refused."),
    ("evidence.description", "説明", "Description"),
    ("evidence.expires_on", "有効期限", "Valid until"),
    ("evidence.expires_hint", "この日を過ぎると期限切れとして表示します（空欄なら期限なし）。", "Shown as stale after this date (empty: never)."),
    ("evidence.size", "サイズ", "Size"),
    ("evidence.uploaded", "登録", "Uploaded"),
    ("evidence.upload", "証跡を登録", "Upload evidence"),
    ("evidence.stale", "期限切れ", "Stale"),
    ("evidence.stale_hint", "有効期限を過ぎた証跡がある、または実施済なのに証跡がありません。", "Some evidence has expired, or the control is implemented without evidence."),
    ("evidence.saved", "証跡を登録しました。", "The evidence was saved."),
    ("evidence.removed", "証跡を削除しました。", "The evidence was removed."),
    ("catalog.title", "管理策カタログ", "Control catalogs"),
    ("catalog.intro", "組み込みのカタログと、団体が取り込んだカタログです。", "The built-in catalogs and the ones the organization imported."),
    ("catalog.back", "カタログの一覧へ", "Back to catalogs"),
    ("catalog.name", "名称", "Name"),
    ("catalog.id", "識別子", "Identifier"),
    ("catalog.version", "版", "Version"),
    ("catalog.origin", "出所", "Origin"),
    ("catalog.builtin", "組み込み", "Built-in"),
    ("catalog.imported", "取り込み", "Imported"),
    ("catalog.builtin_imported", "組み込み（団体の版で置き換え）", "Built-in (replaced by the organization's version)"),
    ("catalog.controls", "項目数", "Entries"),
    ("catalog.levels", "階層ごとの数", "Entries per level"),
    ("catalog.note", "注記", "Note"),
    ("catalog.export", "TOML で書き出し", "Export as TOML"),
    ("catalog.control", "管理策", "Control"),
    ("catalog.level", "階層", "Level"),
    ("catalog.control_title", "見出し", "Title"),
    ("catalog.refs", "関連", "Related"),
    ("catalog.applied", "実施している管理策", "Applied controls"),
    ("catalog.add_applied", "＋管理策を登録", "+ Record a control"),
    ("catalog.import", "カタログの取り込み", "Import a catalog"),
    ("catalog.import_intro", "Mamori の TOML 形式のカタログを取り込みます。まず内容を確認し、問題がなければ取り込みます。組み込みと同じ識別子のカタログは、この団体ではそれを置き換えます。", "Imports a catalog in Mamori's TOML format. It is checked first; import it once the check passes. A catalog with a built-in's identifier replaces the built-in for this organization."),
    ("catalog.file", "TOML ファイル", "TOML file"),
    ("catalog.paste", "または TOML を貼り付け", "Or paste the TOML"),
    ("catalog.check", "確認する（まだ取り込みません）", "Check (imports nothing yet)"),
    ("catalog.preview", "確認結果", "Check result"),
    ("catalog.replaces", "取り込み済みの版を置き換える", "Replaces an imported version"),
    ("catalog.shadows", "組み込みのカタログを置き換える", "Replaces a built-in catalog"),
    ("catalog.unresolved", "次の関連先は見つかりません（取り込みはできます）:", "These related entries do not exist (the import can still go ahead):"),
    ("catalog.dry_run_note", "まだ何も取り込んでいません。", "Nothing has been imported yet."),
    ("catalog.import_commit", "取り込む", "Import"),
    ("catalog.import_refused", "このカタログは取り込めません", "This catalog cannot be imported"),
    ("catalog.import_done", "カタログを取り込みました。", "The catalog was imported."),
    ("catalog.not_utf8", "ファイルが UTF-8 のテキストではありません。", "The file is not UTF-8 text."),
    ("soa.title", "適用宣言書", "Statement of Applicability"),
    ("soa.intro", "カタログの各管理策について、適用するかどうかとその理由、実施状況と証跡をまとめたものです。実施状況と証跡は、結び付いた管理策から自動で求めます。", "For each control of the catalog: whether it applies and why, how far it is implemented and the evidence. Status and evidence come from the linked applied controls."),
    ("soa.catalog", "カタログを見る", "View the catalog"),
    ("soa.export_xlsx", "Excel で書き出し", "Export to Excel"),
    ("soa.export_csv", "CSV で書き出し", "Export to CSV"),
    ("soa.applicable", "適用", "Applicable"),
    ("soa.not_applicable", "適用除外", "Not applicable"),
    ("soa.undecided", "未決定", "Undecided"),
    ("soa.implemented", "実施済", "Implemented"),
    ("soa.applicability", "適用", "Applies"),
    ("soa.yes", "適用", "Applies"),
    ("soa.no", "適用除外", "Does not apply"),
    ("soa.justification", "理由", "Justification"),
    ("soa.applied", "実施している管理策", "Applied controls"),
    ("soa.not_covered", "未対応", "Not covered"),
    ("soa.saved", "適用宣言書を更新しました。", "The Statement of Applicability was updated."),
    ("soa.versions", "承認された版", "Approved versions"),
    ("soa.no_versions", "承認された版はまだありません。", "No version has been approved yet."),
    ("soa.version", "版", "Version"),
    ("soa.approve", "この内容で承認する", "Approve as it stands"),
    ("soa.approve_hint", "すべての管理策の適用・適用除外を決めてから承認してください。承認した版はその時点の内容で固定されます。", "Decide every control first. An approved version is frozen as it stood."),
    ("soa.approved_on", "承認日", "Approved on"),
    ("soa.approved_by", "承認した会議体", "Approved by"),
    ("soa.approved_by_hint", "例: 情報セキュリティ委員会", "e.g. the information security committee"),
    ("soa.note", "備考", "Note"),
    ("soa.approved_done", "適用宣言書を承認しました。", "The Statement of Applicability was approved."),
    ("soa.back", "適用宣言書へ戻る", "Back to the Statement of Applicability"),
    ("soa.print_note", "ブラウザーの印刷機能で A4 縦に印刷できます。", "Print with the browser's print command (A4 portrait)."),
    ("soa.draft", "案（未承認）", "Draft (not approved)"),
    ("soa.latest_approved", "最新の承認版", "latest approved version"),
    ("soa.printed_on", "作成日", "Printed on"),
    ("plan.title", "リスク対応計画", "Risk treatment plan"),
    ("plan.intro", "対応中のリスクごとに、予定している管理策と担当・期限をまとめたものです。", "Each risk under treatment with its planned controls, owners and due dates."),
    ("plan.none", "対応が必要なリスクはありません。", "No risks need treatment."),
    ("plan.export_xlsx", "Excel で書き出し", "Export to Excel"),
    ("plan.export_csv", "CSV で書き出し", "Export to CSV"),
];

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_the_separators_people_type() {
        assert_eq!(
            split_list("nist-csf-2.0:PR.AA-01, mic:3.1\n A-000001、A-000002；R-1"),
            vec![
                "nist-csf-2.0:PR.AA-01",
                "mic:3.1",
                "A-000001",
                "A-000002",
                "R-1"
            ]
        );
        assert!(split_list(" \n ,").is_empty());
    }

    #[test]
    fn fallback_file_names_are_plain_ascii_with_the_checked_extension() {
        assert_eq!(ascii_name("点検記録.pdf", "pdf"), "evidence.pdf");
        assert_eq!(ascii_name("report 2026.pdf", "pdf"), "report_2026.pdf");
        assert_eq!(ascii_name("a\"b.pdf", "pdf"), "a_b.pdf");
        assert_eq!(ascii_name("x.html", "pdf"), "evidence.pdf");
    }
}
