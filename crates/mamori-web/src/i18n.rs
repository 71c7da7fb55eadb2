//! The message catalog: every UI string, Japanese and English side by side so the two
//! cannot drift apart. Templates call `ctx.t("key")`; a test checks that every key a
//! template uses exists here.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" | "ja-jp" | "jp" => Some(Lang::Ja),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(l) = Lang::parse(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// (key, 日本語, English)
#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("app.name", "守り Mamori", "Mamori"),
    ("app.tagline", "自治体の情報セキュリティマネジメント", "Information security management for municipalities"),
    ("nav.assets", "情報資産台帳", "Asset register"),
    ("asset.title", "情報資産台帳", "Information asset register"),
    ("asset.new", "情報資産の登録", "New asset"),
    ("asset.edit", "情報資産の編集", "Edit asset"),
    ("asset.import", "台帳の取込", "Import ledger"),
    ("asset.search", "管理番号・名称・説明・業務・媒体（かな可）", "Number, name, description, process, medium (kana ok)"),
    ("asset.number", "管理番号", "Asset number"),
    ("asset.number_hint", "空欄なら A-000123 の形式で自動採番します。", "Leave empty to assign the next A-000123 number."),
    ("asset.kind", "資産種別", "Kind"),
    ("asset.name", "情報資産名称", "Name"),
    ("asset.description", "説明", "Description"),
    ("asset.business_process", "業務分類", "Business process"),
    ("asset.department", "管理部署", "Department"),
    ("asset.owner", "責任者（職員番号）", "Responsible staff (employee number)"),
    ("asset.owner_hint", "職員番号で指定します（同姓同名がいなければ氏名でも可）。", "Give the employee number (or a name that is unique)."),
    ("asset.user_scope", "利用者範囲", "User scope"),
    ("asset.medium", "媒体・保存先", "Medium / storage"),
    ("asset.location", "設置場所", "Location"),
    ("asset.network_layer", "ネットワーク区分", "Network layer"),
    ("asset.provider", "外部サービス・クラウド", "External service / cloud"),
    ("asset.contractor", "委託先", "Contractor"),
    ("asset.retention", "保存期限", "Retention"),
    ("asset.retention_hint", "日付、または 1年・5年・10年・30年・永年・常用", "A date, or 1年, 5年, 10年, 30年, 永年 (permanent), 常用 (while in use)"),
    ("asset.registered_on", "登録日", "Registered"),
    ("asset.review_on", "次回見直し日", "Next review"),
    ("asset.status", "状態", "Status"),
    ("asset.notes", "備考", "Notes"),
    ("asset.basics", "基本情報", "Basics"),
    ("asset.classification", "分類（機密性・完全性・可用性）", "Classification (C/I/A)"),
    ("asset.c", "機密性", "Confidentiality"),
    ("asset.i", "完全性", "Integrity"),
    ("asset.a", "可用性", "Availability"),
    ("asset.importance", "重要度", "Importance"),
    ("asset.required", "必要な保護", "Required protection"),
    ("asset.own_level", "自らの分類", "Own level"),
    ("asset.under_protected", "必要な保護が分類を上回るもの", "Required protection above own level"),
    ("asset.under_protected_note", "この資産に依存する資産の方が重要なため、より高い保護が必要です。取扱制限は必要な保護の水準で表示しています。", "Assets that depend on this one are more important, so it needs stronger protection; the handling rules shown are for the required level."),
    ("asset.personal_data", "個人情報", "Personal data"),
    ("asset.personal_any", "個人情報を含むもの（すべて）", "Any personal data"),
    ("asset.ordinance_sensitive", "条例要配慮個人情報", "Sensitive under the local ordinance"),
    ("asset.persons", "本人数（概数）", "Persons (approx.)"),
    ("asset.details", "種別ごとの項目", "Kind-specific details"),
    ("asset.details_hint", "機器は機種・製造番号・資産タグ、ソフトウェアはベンダー・バージョン・ライセンス、ネットワークはセグメント・アドレス範囲、施設は建物・部屋を記入します。", "Hardware: model, serial, asset tag; software: vendor, version, licence; networks: segment, address range; facilities: building, room."),
    ("asset.model", "機種", "Model"),
    ("asset.serial", "製造番号", "Serial number"),
    ("asset.asset_tag", "資産タグ", "Asset tag"),
    ("asset.vendor", "ベンダー", "Vendor"),
    ("asset.version", "バージョン", "Version"),
    ("asset.licence", "ライセンス", "Licence"),
    ("asset.segment", "セグメント", "Segment"),
    ("asset.address_range", "アドレス範囲", "Address range"),
    ("asset.building", "建物", "Building"),
    ("asset.room", "部屋", "Room"),
    ("asset.overdue", "見直し期限切れのみ", "Review overdue only"),
    ("asset.overdue_short", "期限切れ", "overdue"),
    ("asset.none", "該当する情報資産はありません。", "No assets match."),
    ("asset.select", "選択", "Select"),
    ("asset.restricted", "要配慮", "Restricted"),
    ("asset.restricted_hint", "要配慮個人情報または特定個人情報を含むため、閲覧は必要な職員に限られ、記録されます。", "Holds sensitive or My Number data: only those who need it may read it, and every read is recorded."),
    ("asset.bulk", "選択した資産の一括操作", "Bulk action on selected assets"),
    ("asset.bulk_reassign", "管理部署を変更（組織改正）", "Move to department (reorganization)"),
    ("asset.bulk_review", "次回見直し日を設定", "Set next review date"),
    ("asset.bulk_retire", "廃止にする", "Retire"),
    ("asset.bulk_dispose", "廃棄済にする", "Mark disposed"),
    ("asset.bulk_apply", "実行", "Apply"),
    ("asset.bulk_done", "選択した資産を更新しました。", "The selected assets were updated."),
    ("asset.bulk_none", "資産が選ばれていません。", "No assets were selected."),
    ("asset.bulk_bad_date", "見直し日を正しく入力してください。", "Enter a valid review date."),
    ("asset.bulk_bad_department", "変更先の管理部署を選んでください。", "Choose the department to move to."),
    ("asset.created", "情報資産を登録しました。", "The asset was registered."),
    ("asset.updated", "情報資産を更新しました。", "The asset was updated."),
    ("asset.related", "関連を追加しました。", "The relation was added."),
    ("asset.unrelated", "関連を削除しました。", "The relation was removed."),
    ("asset.back", "台帳へ戻る", "Back to the register"),
    ("asset.handling", "取扱制限", "Handling rules"),
    ("asset.no_handling", "この分類に定められた取扱制限はありません。", "No handling rules apply at this level."),
    ("asset.dimension", "観点", "Dimension"),
    ("asset.level", "区分", "Level"),
    ("asset.rule", "取扱い", "Rule"),
    ("asset.relations", "関連する資産", "Related assets"),
    ("asset.no_relations", "関連する資産はありません。", "No related assets."),
    ("asset.relation_kind", "関連の種類", "Relation"),
    ("asset.relation_other", "資産", "Asset"),
    ("asset.relation_to", "関連先の管理番号", "Asset number to relate to"),
    ("asset.relate", "関連を追加", "Add relation"),
    ("asset.supports", "この資産に依存", "Depends on this"),
    ("asset.hidden", "（閲覧権限のない資産）", "(an asset you may not see)"),
    ("import.assets_title", "情報資産台帳の取込", "Import the asset ledger"),
    ("import.assets_intro", "Excel や CSV（UTF-8 / Shift_JIS）の情報資産管理台帳を取り込みます。見出しの名前で列を判断し、和暦・全角数字・○印も読み取ります。まず内容を確認し、問題がなければ確定します。管理番号が一致する資産は更新されます。", "Import an asset ledger from Excel or CSV (UTF-8 or Shift_JIS). Columns are matched by their headings; 和暦 dates, full-width digits and ○ marks are read. Check the preview, then commit. Assets with a matching number are updated."),
    ("import.sheet", "シート名（任意）", "Sheet name (optional)"),
    ("import.scheme", "台帳の分類基準", "Classification scheme of the ledger"),
    ("import.scheme_hint", "台帳の機密性・完全性・可用性がどの区分で書かれているか。まだ資産のない組織は、その分類基準に切り替えて取り込みます。", "Which levels the ledger's confidentiality, integrity and availability are written in. An organization with no assets yet switches to that scheme with the import."),
    ("import.scheme_auto", "台帳の値から判定する", "Recognise from the ledger's values"),
    ("import.sheet_hint", "空欄なら見出し行のある最初のシートを読みます。", "Empty: the first sheet with a header row."),
    ("import.warnings", "確認してください（取込は可能です）", "Please check (the import can proceed)"),
    ("classification.title", "分類基準", "Classification schemes"),
    ("classification.intro", "情報資産の機密性・完全性・可用性の区分と、それぞれの取扱制限です。分類基準を変えても登録済みの資産は自動では再分類されません。", "The C/I/A levels for information assets and the handling rules of each. Changing a scheme never reclassifies stored assets by itself."),
    ("classification.active", "使用中", "In use"),
    ("classification.label", "名称", "Label"),
    ("classification.definition", "定義", "Definition"),
    ("classification.rule_highest", "3観点のうち最も高い区分の重要度", "The highest importance of the three"),
    ("classification.rule_sum", "3観点の合計による段階", "Banded from the sum of the three"),
    ("dashboard.assets", "情報資産", "Information assets"),
    ("dashboard.assets_by_kind", "種別ごとの件数（使用中）", "By kind (in use)"),
    ("dashboard.assets_by_importance", "重要度ごとの件数", "By importance"),
    ("dashboard.personal_assets", "個人情報を含む資産", "Assets with personal data"),
    ("dashboard.reviews_overdue", "見直し期限切れ", "Reviews overdue"),
    ("dashboard.under_protected", "保護の引上げが必要", "Need stronger protection"),
    ("classification.preset", "プリセット", "Preset"),
    ("classification.add", "分類基準を追加", "Add scheme"),
    ("classification.added", "分類基準を追加しました。資産はまだ移行されていません。", "The scheme was added; no asset has been moved to it yet."),
    ("classification.exists", "その分類基準は既にあります。", "That scheme already exists."),
    ("classification.saved", "分類基準を保存しました。", "The scheme was saved."),
    ("classification.edit", "分類基準の編集", "Edit scheme"),
    ("classification.edit_intro", "区分の名称・定義・別名・取扱制限を、自団体の対策基準に合わせて編集できます。区分そのもの（コードと順位）は変わらないため、登録済みの資産の分類は変わりません。", "Edit the labels, definitions, aliases and handling rules to match your own standards. The levels themselves (codes and ranks) stay, so stored assets keep their classification."),
    ("classification.name", "名称", "Name"),
    ("classification.aliases", "取込で受け付ける別名（読点区切り）", "Other spellings accepted on import (comma-separated)"),
    ("classification.handling_hint", "1行に1つ、「日本語 | English」の形で書きます。", "One rule per line, written as 日本語 | English."),
    ("classification.migrate_to", "この基準へ資産を移行", "Move assets to this scheme"),
    ("classification.migrate_title", "分類基準の移行", "Move assets to another scheme"),
    ("classification.assets_move", "件の資産が移行されます", "assets will move"),
    ("classification.migrate_intro", "現在の分類基準の各区分を、移行先のどの区分にするか確認してください。初期値は重要度を下げない対応です。確定すると、資産ごとに変更が監査ログに記録され、移行先が使用中の基準になります。", "Check which level of the new scheme each current level becomes. The defaults never lower importance. On commit every asset's change is recorded in the audit log and the new scheme becomes the one in use."),
    ("classification.from", "現在", "Now"),
    ("classification.to", "移行後", "After"),
    ("classification.migrate_commit", "移行を確定", "Commit the move"),
    ("classification.migrated", "資産を新しい分類基準へ移行しました。", "The assets were moved to the new scheme."),
    ("asset.print", "印刷用台帳", "Printable register"),
    ("asset.print_note", "印刷はブラウザの印刷機能で（A4横）。", "Print with the browser (A4 landscape)."),
    ("asset.printed_on", "出力日", "Printed on"),
    ("nav.skip", "本文へ移動", "Skip to content"),
    ("nav.dashboard", "ダッシュボード", "Dashboard"),
    ("nav.staff", "職員", "Staff"),
    ("nav.departments", "所属", "Departments"),
    ("nav.roles", "ISMS体制", "ISMS roles"),
    ("nav.import", "職員の取込", "Import staff"),
    ("nav.audit", "監査ログ", "Audit log"),
    ("nav.org", "団体設定", "Organization"),
    ("nav.accounts", "アカウント", "Accounts"),
    ("nav.account", "個人設定", "My account"),
    ("nav.logout", "ログアウト", "Sign out"),
    ("nav.main", "メインメニュー", "Main menu"),
    ("lang.switch", "English", "日本語"),
    ("lang.switch_label", "表示言語を切り替える", "Switch the display language"),
    ("common.save", "保存", "Save"),
    ("common.cancel", "キャンセル", "Cancel"),
    ("common.edit", "編集", "Edit"),
    ("common.search", "検索", "Search"),
    ("common.create", "登録", "Create"),
    ("common.back", "戻る", "Back"),
    ("common.yes", "はい", "Yes"),
    ("common.no", "いいえ", "No"),
    ("common.none", "なし", "None"),
    ("common.all", "すべて", "All"),
    ("common.actions", "操作", "Actions"),
    ("common.print", "印刷", "Print"),
    ("common.results", "件", "results"),
    ("common.count", "人数", "Count"),
    ("common.total", "全", "Total"),
    ("common.page", "ページ", "Page"),
    ("common.prev", "前へ", "Previous"),
    ("common.next", "次へ", "Next"),
    ("common.remove", "削除", "Remove"),
    ("common.optional", "任意", "optional"),
    ("common.required", "必須", "required"),
    ("common.date_hint", "例: 2026-04-01 または 令和8年4月1日", "e.g. 2026-04-01 or 令和8年4月1日"),
    ("errors.title", "入力内容を確認してください", "Please check your input"),
    ("errors.not_found", "ページが見つかりません", "Page not found"),
    ("errors.not_found_body", "お探しのページは存在しないか、移動しました。", "The page you asked for does not exist or has moved."),
    ("errors.forbidden", "権限がありません", "Not allowed"),
    ("errors.forbidden_body", "この操作を行う権限がありません。必要な場合は情報セキュリティ管理者に相談してください。", "You are not allowed to do this. Ask your security manager if you need access."),
    ("errors.internal", "エラーが発生しました", "Something went wrong"),
    ("errors.internal_body", "処理中にエラーが発生しました。管理者に次の参照番号を伝えてください。", "An error occurred. Give this reference to your administrator."),
    ("errors.reference", "参照番号", "Reference"),
    ("errors.conflict", "処理できません", "Cannot proceed"),
    ("errors.csrf", "フォームの有効期限が切れました。もう一度操作してください。", "The form has expired. Please try again."),
    ("errors.go_home", "ダッシュボードへ戻る", "Back to the dashboard"),
    ("login.title", "ログイン", "Sign in"),
    ("login.login", "ログインID", "Login"),
    ("login.password", "パスワード", "Password"),
    ("login.submit", "ログイン", "Sign in"),
    ("login.failed", "ログインIDまたはパスワードが正しくありません。しばらく待ってから再度お試しください。", "The login or password is not correct. Wait a moment and try again."),
    ("login.expired", "セッションの有効期限が切れました。もう一度ログインしてください。", "Your session has expired. Please sign in again."),
    ("login.logged_out", "ログアウトしました。", "You have signed out."),
    ("setup.title", "初期設定", "First-time setup"),
    ("setup.intro", "団体と、最初の管理者（最高情報セキュリティ責任者）を登録します。この画面は一度だけ使えます。", "Register the organization and its first administrator (the CISO). This page works only once."),
    ("setup.org", "団体", "Organization"),
    ("setup.org_name", "団体名", "Organization name"),
    ("setup.org_code", "地方公共団体コード（6桁）", "Local government code (6 digits)"),
    ("setup.org_code_hint", "検査数字を含む6桁。例: 131016", "Six digits including the check digit, e.g. 131016"),
    ("setup.prefecture", "都道府県", "Prefecture"),
    ("setup.prefecture_hint", "空欄なら団体コードから判定します", "Leave empty to derive it from the code"),
    ("setup.admin", "最初の管理者（CISO）", "First administrator (CISO)"),
    ("setup.name", "氏名", "Name"),
    ("setup.password_hint", "12文字以上。推測されにくい文を使ってください。", "At least 12 characters; a phrase that is hard to guess."),
    ("setup.scheme", "情報資産の分類基準", "Classification scheme for information assets"),
    ("setup.scheme_hint", "後から「分類基準」で変更・移行できます。既存の台帳を取り込むと、まだ資産がなければ台帳の区分に合わせます。", "It can be changed or migrated later under Classification schemes. Importing an existing ledger before any asset exists switches to the ledger's levels."),
    ("setup.submit", "登録して始める", "Register and start"),
    ("setup.invalid_token", "初期設定のURLが正しくないか、既に使用されています。", "The setup link is not valid or has already been used."),
    ("setup.done", "初期設定が完了しました。ログインしてください。", "Setup is complete. Please sign in."),
    ("dash.title", "ダッシュボード", "Dashboard"),
    ("dash.welcome", "ようこそ", "Welcome"),
    ("dash.staff_current", "在職職員", "Current staff"),
    ("dash.staff_retired", "退職者", "Retired"),
    ("dash.departments", "所属数", "Departments"),
    ("dash.accounts", "アカウント", "Accounts"),
    ("dash.audit_entries", "監査ログ記録数", "Audit log entries"),
    ("dash.by_category", "区分別の職員数", "Staff by category"),
    ("dash.unfilled", "未設定のISMS役割", "ISMS roles not yet filled"),
    ("dash.all_filled", "主要なISMS役割はすべて設定されています。", "All key ISMS roles are filled."),
    ("dash.my_profile", "自分の職員情報", "My staff profile"),
    ("dash.limited", "あなたのアカウントで利用できる機能は、自分の職員情報の確認と個人設定です。", "With your account you can see your own staff profile and your settings."),
    ("staff.title", "職員一覧", "Staff"),
    ("staff.new", "職員を登録", "Add staff member"),
    ("staff.edit", "職員情報の編集", "Edit staff member"),
    ("staff.search", "氏名・フリガナ・職員番号", "Name, kana or employee number"),
    ("staff.employee_number", "職員番号", "Employee number"),
    ("staff.name", "氏名", "Name"),
    ("staff.kana", "フリガナ", "Kana"),
    ("staff.email", "メールアドレス", "Email"),
    ("staff.department", "所属", "Department"),
    ("staff.department_hint", "所属コード、名称、または「部/課」", "Code, name, or a path such as Division/Section"),
    ("staff.category", "区分", "Category"),
    ("staff.part_time", "非常勤", "Part-time"),
    ("staff.start_date", "開始日", "Start date"),
    ("staff.end_date", "終了日", "End date"),
    ("staff.status", "在職状況", "Status"),
    ("staff.status_current", "在職", "Current"),
    ("staff.status_retired", "退職", "Retired"),
    ("staff.retire", "退職処理", "Retire"),
    ("staff.retire_on", "退職日", "Retirement date"),
    ("staff.retire_confirm", "この職員を退職済みにします。アカウントは無効になります。", "This marks the staff member as retired and disables their account."),
    ("staff.moved_on", "異動日（所属を変えた場合）", "Date of the move (if the department changed)"),
    ("staff.history", "所属の履歴", "Department history"),
    ("staff.roles", "ISMSの役割", "ISMS roles"),
    ("staff.account", "アカウント", "Account"),
    ("staff.no_account", "アカウントはありません。", "No account."),
    ("staff.create_account", "アカウントを作成", "Create account"),
    ("staff.changes", "変更履歴", "Change history"),
    ("staff.none", "該当する職員はいません。", "No staff members match."),
    ("staff.export_csv", "CSV出力", "Export CSV"),
    ("staff.export_xlsx", "Excel出力", "Export Excel"),
    ("staff.created", "職員を登録しました。", "The staff member was added."),
    ("staff.updated", "職員情報を更新しました。", "The staff member was updated."),
    ("staff.retired_done", "退職処理をしました。", "The staff member was retired."),
    ("role.role", "役割", "Role"),
    ("role.scope", "担当所属", "Department"),
    ("role.term", "任期", "Term"),
    ("role.term_from", "任期の開始", "Term from"),
    ("role.term_to", "任期の終了", "Term to"),
    ("role.assign", "役割を割り当てる", "Assign role"),
    ("role.whole_org", "団体全体", "Whole organization"),
    ("role.none", "役割はありません。", "No roles."),
    ("role.title", "ISMS体制", "ISMS roles"),
    ("role.holder", "担当者", "Holder"),
    ("role.assigned", "役割を割り当てました。", "The role was assigned."),
    ("role.removed", "役割を解除しました。", "The role was removed."),
    ("dept.title", "所属一覧", "Departments"),
    ("dept.new", "所属を登録", "Add department"),
    ("dept.edit", "所属の編集", "Edit department"),
    ("dept.code", "所属コード", "Code"),
    ("dept.name", "名称", "Name"),
    ("dept.kind", "種別", "Kind"),
    ("dept.kind_auto", "名称から判定", "From the name"),
    ("dept.parent", "上位所属", "Parent"),
    ("dept.parent_none", "（最上位）", "(top level)"),
    ("dept.valid_from", "設置日", "Valid from"),
    ("dept.valid_to", "廃止日", "Valid to"),
    ("dept.inactive", "廃止", "Closed"),
    ("dept.created", "所属を登録しました。", "The department was added."),
    ("dept.updated", "所属を更新しました。", "The department was updated."),
    ("dept.none", "所属が登録されていません。", "No departments yet."),
    ("import.title", "職員の取込", "Import staff"),
    ("import.intro", "人事システムの職員一覧（CSV: UTF-8 / Shift_JIS、または Excel .xlsx）を取り込みます。まず内容を確認し、問題がなければ確定します。職員番号が一致する職員は更新されます。", "Import a personnel list from the HR system (CSV in UTF-8 or Shift_JIS, or Excel .xlsx). Check the preview first, then commit. Staff with a matching employee number are updated."),
    ("import.file", "ファイル", "File"),
    ("import.create_departments", "見つからない所属を新規作成する", "Create departments that do not exist"),
    ("import.preview", "内容を確認", "Preview"),
    ("import.commit", "取込を確定", "Commit import"),
    ("import.format", "形式", "Format"),
    ("import.header_row", "見出し行", "Header row"),
    ("import.columns", "列の対応", "Columns"),
    ("import.unknown_columns", "取り込まれない列", "Columns not imported"),
    ("import.creates", "新規", "New"),
    ("import.updates", "更新", "Updated"),
    ("import.unchanged", "変更なし", "Unchanged"),
    ("import.new_departments", "新規作成される所属", "Departments to be created"),
    ("import.errors", "問題のある行があるため取り込めません。ファイルを修正して再度アップロードしてください。", "The file has problems and cannot be imported. Fix the file and upload it again."),
    ("import.row", "行", "Row"),
    ("import.column", "列", "Column"),
    ("import.value", "値", "Value"),
    ("import.reason", "理由", "Reason"),
    ("import.action", "処理", "Action"),
    ("import.changes", "変更内容", "Changes"),
    ("import.another", "別のファイルを取り込む", "Import another file"),
    ("import.done", "取込が完了しました。", "The import is complete."),
    ("import.expired", "アップロードされたファイルが見つかりません。もう一度アップロードしてください。", "The uploaded file is no longer available; please upload it again."),
    ("audit.title", "監査ログ", "Audit log"),
    ("audit.at", "日時", "Time"),
    ("audit.actor", "実行者", "Actor"),
    ("audit.source", "接続元", "Source"),
    ("audit.action", "操作", "Action"),
    ("audit.object", "対象", "Object"),
    ("audit.changes", "変更内容", "Changes"),
    ("audit.seq", "番号", "No."),
    ("audit.since", "開始日", "From"),
    ("audit.until", "終了日", "Until"),
    ("audit.none", "記録はありません。", "No entries."),
    ("mfa.title", "二要素認証", "Two-factor authentication"),
    ("mfa.login_title", "確認コードの入力", "Enter your code"),
    ("mfa.login_intro", "認証アプリに表示されている6桁の確認コード、または回復コードを入力してください。", "Enter the 6-digit code from your authenticator app, or a recovery code."),
    ("mfa.code", "確認コード", "Code"),
    ("mfa.code_hint", "6桁の数字、または xxxxx-xxxxx 形式の回復コード", "6 digits, or a recovery code such as xxxxx-xxxxx"),
    ("mfa.code_hint_setup", "認証アプリに表示されている6桁の数字", "The 6 digits your authenticator app shows"),
    ("mfa.failed", "確認コードが正しくありません。", "The code is not correct."),
    ("mfa.required", "あなたの役割では二要素認証の設定が必須です。設定が終わるまで他の機能は使えません。", "Your role requires two-factor authentication. Set it up to continue."),
    ("mfa.step_app", "スマートフォン等に認証アプリ（TOTP対応）を用意します。", "Have an authenticator app (TOTP) ready on your phone or another device."),
    ("mfa.step_scan", "アプリで次のQRコードを読み取るか、秘密鍵を入力します。", "Scan this QR code with the app, or type in the secret."),
    ("mfa.step_confirm", "アプリに表示された6桁の確認コードを入力して有効にします。", "Enter the 6-digit code the app shows to turn it on."),
    ("mfa.secret", "秘密鍵", "Secret"),
    ("mfa.enable", "有効にする", "Turn on"),
    ("mfa.enabled", "二要素認証は有効です。", "Two-factor authentication is on."),
    ("mfa.disabled", "二要素認証は設定されていません。", "Two-factor authentication is off."),
    ("mfa.codes_left", "残りの回復コード", "Recovery codes left"),
    ("mfa.disable", "無効にする", "Turn off"),
    ("mfa.setup", "設定する", "Set up"),
    ("mfa.recovery_title", "回復コード", "Recovery codes"),
    ("mfa.recovery_intro", "認証アプリが使えないときに、それぞれ1回だけ使えます。今だけ表示されます。印刷するか安全な場所に保管してください。", "Each works once when your authenticator app is unavailable. They are shown only now: print them or keep them somewhere safe."),
    ("mfa.turned_off_done", "二要素認証を無効にしました。", "Two-factor authentication was turned off."),
    ("reset.issue", "パスワード再設定リンクを発行", "Issue a password reset link"),
    ("reset.issued_title", "パスワード再設定リンク", "Password reset link"),
    ("reset.issued_intro", "次のリンクを本人に渡してください。アカウント:", "Give this link to the account holder. Account:"),
    ("reset.issued_expiry", "リンクは24時間有効で、一度だけ使えます。新しいリンクを発行すると以前のリンクは無効になります。", "The link works once, for 24 hours. Issuing a new link voids the earlier one."),
    ("reset.title", "パスワードの再設定", "Set a new password"),
    ("reset.intro", "新しいパスワードを設定します。アカウント:", "Choose a new password for the account:"),
    ("reset.invalid", "このリンクは無効か、期限切れか、既に使われています。管理者に新しいリンクを依頼してください。", "This link is not valid, has expired or was already used. Ask your administrator for a new one."),
    ("reset.done", "パスワードを設定しました。新しいパスワードでログインしてください。", "Your password was set. Sign in with the new password."),
    ("org.title", "団体設定", "Organization"),
    ("org.saved", "団体設定を保存しました。", "The organization settings were saved."),
    ("org.require_mfa", "CISO・統括責任者・システム管理者に二要素認証を必須とする", "Require a second factor for the CISO, deputy CISO and system administrators"),
    ("account.title", "個人設定", "My account"),
    ("account.preferences", "表示設定", "Display"),
    ("account.language", "表示言語", "Language"),
    ("account.date_style", "日付の表示", "Date style"),
    ("account.wareki", "和暦（令和8年4月1日）", "Japanese era (令和8年4月1日)"),
    ("account.western", "西暦（2026-04-01）", "Western (2026-04-01)"),
    ("account.saved", "設定を保存しました。", "Your settings were saved."),
    ("account.password", "パスワードの変更", "Change password"),
    ("account.current_password", "現在のパスワード", "Current password"),
    ("account.new_password", "新しいパスワード", "New password"),
    ("account.password_changed", "パスワードを変更しました。もう一度ログインしてください。", "Your password was changed. Please sign in again."),
    ("account.tokens", "APIトークン", "API tokens"),
    ("account.token_name", "トークン名", "Token name"),
    ("account.token_expires", "有効期限", "Expires"),
    ("account.token_create", "トークンを発行", "Create token"),
    ("account.token_shown_once", "このトークンは今だけ表示されます。安全な場所に控えてください。", "This token is shown only now. Store it somewhere safe."),
    ("account.token_revoke", "失効", "Revoke"),
    ("account.token_revoked", "失効済み", "Revoked"),
    ("account.token_last_used", "最終使用", "Last used"),
    ("account.never", "未使用", "Never"),
    ("account.sign_out_everywhere", "すべての端末からログアウト", "Sign out everywhere"),
    ("accounts.title", "アカウント一覧", "Accounts"),
    ("accounts.login", "ログインID", "Login"),
    ("accounts.last_login", "最終ログイン", "Last sign-in"),
    ("accounts.disabled", "無効", "Disabled"),
    ("accounts.created", "アカウントを作成しました。", "The account was created."),
];

fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| {
        MESSAGES
            .iter()
            .chain(crate::pages::risks::MESSAGES)
            .chain(crate::pages::controls::MESSAGES)
            .map(|(k, ja, en)| (*k, (*ja, *en)))
            .collect()
    })
}

/// The text of `key` in `lang`; the key itself when missing (a test prevents that).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match table().get(key) {
        Some((ja, en)) => match lang {
            Lang::Ja => ja,
            Lang::En => en,
        },
        None => {
            tracing::warn!(key, "missing message");
            "?"
        }
    }
}

pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = std::collections::HashSet::new();
        for (k, ja, en) in MESSAGES {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!ja.is_empty() && !en.is_empty(), "empty text for {k}");
        }
    }

    /// Every `t("…")` in a template names a catalog entry.
    #[test]
    fn templates_use_only_known_keys() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("t(\"") {
                let rest = &text[i + 3..];
                let key = &rest[..rest.find('"').unwrap()];
                assert!(
                    has(key),
                    "{} uses unknown message key {key}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 50,
            "expected templates to use the catalog ({checked} uses)"
        );
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr, ja;q=0.5, en;q=0.4"),
            Some(Lang::Ja)
        );
        assert_eq!(Lang::from_accept_language("fr"), None);
    }
}
