//! Messages of opening a revision of the policy (`revision.*`).

#[rustfmt::skip]
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    ("revision.title", "規程の見直しを起こす", "Open a revision of the policy"),
    ("revision.intro", "監査の指摘事項、インシデントの教訓、法令の改正をもとに、規程の見直しを起こします。準備中の版があればその版に、なければ現在の版から次の版の起案を作り、契機と理由を記録します。", "From an audit finding, an incident's lessons or a law's amendment, open a revision of a policy document. It joins the version being prepared, or drafts the next version from the current one, with what led to it and why."),
    ("revision.earlier", "この記録から起こした見直し", "Revisions this record led to"),
    ("revision.trigger", "見直しの契機", "What led to it"),
    ("revision.document", "見直す規程", "Policy document"),
    ("revision.section", "対象の章・節", "Section"),
    ("revision.section_hint", "例: 第5章 物理的セキュリティ。空欄のときは全体。", "e.g. Chapter 5, physical security. Empty for the whole document."),
    ("revision.reason", "見直しの理由", "Reason"),
    ("revision.reason_hint", "何を、なぜ改めるかを書いてください。", "What should change, and why."),
    ("revision.open", "見直しを起こす", "Open the revision"),
    ("revision.opened", "見直しを起こしました。この版を起案してください。", "The revision is open. Draft this version."),
    ("revision.from_finding", "この指摘から規程の見直しを起こす", "Open a policy revision from this finding"),
    ("revision.from_incident", "この教訓から規程の見直しを起こす", "Open a policy revision from these lessons"),
    ("revision.from_amendment", "この改正から規程の見直しを起こす", "Open a policy revision from this amendment"),
    ("revision.history", "見直しの経緯", "Revisions"),
    ("revision.none", "見直しの記録はありません。", "No revisions recorded."),
];
