//! Messages of the audit log: keys `audit.*`.

#[rustfmt::skip]
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
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
];
