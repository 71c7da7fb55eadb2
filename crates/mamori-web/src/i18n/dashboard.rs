//! Messages of the dashboard: keys `dash.*`, `dashboard.*`.

#[rustfmt::skip]
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    ("dashboard.assets", "情報資産", "Information assets"),
    ("dashboard.assets_by_kind", "種別ごとの件数（使用中）", "By kind (in use)"),
    ("dashboard.assets_by_importance", "重要度ごとの件数", "By importance"),
    ("dashboard.personal_assets", "個人情報を含む資産", "Assets with personal data"),
    ("dashboard.reviews_overdue", "見直し期限切れ", "Reviews overdue"),
    ("dashboard.under_protected", "保護の引上げが必要", "Need stronger protection"),
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
];
