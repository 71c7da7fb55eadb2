//! The schemes Mamori ships, with definitions and handling rules in Mamori's own words,
//! following the structure of the MIC guidelines' 2022 and 2024 editions and of IPA's
//! three-level rating. An organization starts from one and may edit it.
//!
//! The rules are kept in small groups so that a scheme with more steps (IPA rates
//! integrity and availability 3/2/1 where MIC has 2/1) can give its middle step part
//! of what the top step gets, without a second wording of the same rule.

use super::{HandlingRule, ImportanceRule, Level, Preset, Scale, Scheme};

type Rules = &'static [(&'static str, &'static str)];

/// The text of one level; rank is its position, counted by [`scale`].
struct Spec {
    code: &'static str,
    importance: u8,
    label_ja: &'static str,
    label_en: &'static str,
    definition_ja: &'static str,
    definition_en: &'static str,
    aliases: &'static [&'static str],
    /// Groups of rules, applied together.
    handling: &'static [Rules],
}

/// A scale from its levels, lowest first; ranks are 1, 2, 3 … in that order.
fn scale(specs: &[Spec]) -> Scale {
    let levels = specs
        .iter()
        .zip(1u8..)
        .map(|(s, rank)| Level {
            code: s.code.to_owned(),
            rank,
            importance: s.importance,
            label_ja: s.label_ja.to_owned(),
            label_en: s.label_en.to_owned(),
            definition_ja: s.definition_ja.to_owned(),
            definition_en: s.definition_en.to_owned(),
            aliases: s.aliases.iter().map(|a| (*a).to_owned()).collect(),
            handling: s
                .handling
                .iter()
                .flat_map(|group| group.iter())
                .map(|(ja, en)| HandlingRule::new(*ja, *en))
                .collect(),
        })
        .collect();
    Scale { levels }
}

/// For information whose leak would do serious harm: every step from copying to
/// disposal is restricted and leaves a trace.
const STRICT: Rules = &[
    (
        "複製は業務に必要な最小限にとどめる。",
        "Copy it only as far as the work requires.",
    ),
    (
        "庁外へ送るときは、暗号化するかパスワードで保護する。",
        "Encrypt or password-protect it whenever it is sent outside the office.",
    ),
    (
        "庁外への持ち出しは、情報セキュリティ管理者の許可を得た場合に限る。",
        "Take it out of the office only with the information security manager's approval.",
    ),
    (
        "施錠できる場所、又はアクセスできる職員を限ったフォルダに保管する。",
        "Keep it in a locked place, or in a folder only the staff who need it can open.",
    ),
    (
        "廃棄は裁断・磁気消去・物理的破壊など復元できない方法で行い、廃棄の記録を残す。",
        "Dispose of it so it cannot be recovered (shredding, degaussing, physical destruction) and record the disposal.",
    ),
];

/// Added to [`STRICT`] for information kept like a secret document.
const SECRET: Rules = &[(
    "閲覧・利用できる職員を指定し、その範囲を記録しておく。",
    "Name the staff who may see or use it, and keep that list on record.",
)];

const INTERNAL: Rules = &[
    (
        "許可なく組織の外へ提供・公開しない。",
        "Do not give it or show it to anyone outside the organization without approval.",
    ),
    (
        "来庁者など職員以外の人が見られる場所に放置しない。",
        "Do not leave it where visitors or other outsiders can see it.",
    ),
];

const PUBLIC: Rules = &[(
    "特別な制限はないが、公開する前に公開してよい内容か確認する。",
    "No special restriction, but check that it is cleared for release before publishing it.",
)];

/// Integrity that matters to the work: changes are limited and can be undone.
const INTEGRITY_GUARDED: Rules = &[
    (
        "変更は権限を与えられた職員だけが行う。",
        "Only staff given the authority may change it.",
    ),
    (
        "バックアップを取り、元の状態に戻せるようにしておく。",
        "Keep backups so that it can be put back as it was.",
    ),
];

/// Added to [`INTEGRITY_GUARDED`] where a wrong value could harm people: every change
/// can be traced afterwards.
const CHANGE_LOG: Rules = &[(
    "変更したときは、日時・担当者・内容を記録する。",
    "Record each change: when, by whom and what.",
)];

const INTEGRITY_LOW: Rules = &[(
    "誤りに気づいたら速やかに訂正する。",
    "Correct errors as soon as they are found.",
)];

/// Availability that matters to the work: it can be brought back after a loss.
const RECOVERABLE: Rules = &[(
    "バックアップと復旧手順を用意し、定期的に復旧を試しておく。",
    "Keep backups and a recovery procedure, and rehearse recovery regularly.",
)];

/// Added to [`RECOVERABLE`] where an outage itself does harm: it should not stop, and
/// when it does, it comes back in time.
const RESILIENT: Rules = &[
    (
        "機器や回線の二重化など、止まらないための備えをする。",
        "Guard against outages, for example with redundant equipment and lines.",
    ),
    (
        "止まったときは、業務が許す時間内に復旧させる。",
        "If it stops, restore it within the time the business can tolerate.",
    ),
];

const AVAILABILITY_LOW: Rules = &[(
    "止まっても業務は続けられるが、復旧の手順は把握しておく。",
    "The work can go on without it for a while, but know how it is restored.",
)];

const C3_DEFINITION_JA: &str = "漏えいすると住民の権利を大きく損ない、又は行政事務に重大な支障が出るおそれのある情報。秘密文書と同じように取り扱う。";
const C3_DEFINITION_EN: &str = "Information whose disclosure could seriously harm residents' rights or gravely hinder the administration's work; handled as a secret document would be.";
const C2_DEFINITION_JA: &str =
    "公開はしないが、秘密文書ほどの扱いは要しない情報。組織の中で使うもの。";
const C2_DEFINITION_EN: &str = "Information not for the public that does not need secret-document care: for use within the organization.";
const C1_DEFINITION_JA: &str = "公開されている情報、又は公開しても支障のない情報。";
const C1_DEFINITION_EN: &str = "Information that is public, or could be made public without harm.";

/// The integrity and availability scales, the same in both editions.
fn integrity() -> Scale {
    scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "完全性1",
            label_en: "Integrity 1",
            definition_ja: "改ざんや誤りがあっても影響が小さい情報。",
            definition_en: "Information where tampering or errors would have little effect.",
            aliases: &["低"],
            handling: &[INTEGRITY_LOW],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "完全性2",
            label_en: "Integrity 2",
            definition_ja: "改ざん・誤り・破損によって住民の権利を損ない、又は行政事務を正しく進められなくなるおそれのある情報。",
            definition_en: "Information whose tampering, errors or corruption could harm residents' rights or keep the administration from doing its work correctly.",
            aliases: &["高"],
            handling: &[INTEGRITY_GUARDED, CHANGE_LOG],
        },
    ])
}

fn availability() -> Scale {
    scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "可用性1",
            label_en: "Availability 1",
            definition_ja: "使えなくなっても業務への影響が小さい情報。",
            definition_en: "Information whose loss or unavailability would affect the work little.",
            aliases: &["低"],
            handling: &[AVAILABILITY_LOW],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "可用性2",
            label_en: "Availability 2",
            definition_ja: "失われたり使えなくなったりすると、住民の権利を損ない、又は行政事務を安定して進められなくなるおそれのある情報。",
            definition_en: "Information whose loss or unavailability could harm residents' rights or keep the administration from running steadily.",
            aliases: &["高"],
            handling: &[RECOVERABLE, RESILIENT],
        },
    ])
}

pub(super) fn mic2022() -> Scheme {
    let c = scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "機密性1",
            label_en: "Confidentiality 1",
            definition_ja: C1_DEFINITION_JA,
            definition_en: C1_DEFINITION_EN,
            aliases: &["低"],
            handling: &[PUBLIC],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "機密性2",
            label_en: "Confidentiality 2",
            definition_ja: C2_DEFINITION_JA,
            definition_en: C2_DEFINITION_EN,
            aliases: &["中"],
            handling: &[INTERNAL],
        },
        Spec {
            code: "3",
            importance: 3,
            label_ja: "機密性3",
            label_en: "Confidentiality 3",
            definition_ja: C3_DEFINITION_JA,
            definition_en: C3_DEFINITION_EN,
            aliases: &["高"],
            handling: &[STRICT],
        },
    ]);
    Scheme {
        name: Preset::Mic2022.label_ja().to_owned(),
        preset: Some(Preset::Mic2022),
        c,
        i: integrity(),
        a: availability(),
        importance_rule: ImportanceRule::Highest,
    }
}

pub(super) fn mic2024() -> Scheme {
    // "高" is deliberately no alias here: it could mean any of 3A, 3B and 3C, and a
    // guess would put an asset under the wrong rules.
    let c = scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "機密性1",
            label_en: "Confidentiality 1",
            definition_ja: C1_DEFINITION_JA,
            definition_en: C1_DEFINITION_EN,
            aliases: &["低"],
            handling: &[PUBLIC],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "機密性2",
            label_en: "Confidentiality 2",
            definition_ja: C2_DEFINITION_JA,
            definition_en: C2_DEFINITION_EN,
            aliases: &["中"],
            handling: &[INTERNAL],
        },
        Spec {
            code: "3C",
            importance: 3,
            label_ja: "機密性3C",
            label_en: "Confidentiality 3C",
            definition_ja: "3A・3Bには当たらないが、取扱いに特に注意を要する情報。",
            definition_en: "Information that is neither 3A nor 3B but still needs particular care in handling.",
            aliases: &[],
            handling: &[STRICT],
        },
        Spec {
            code: "3B",
            importance: 3,
            label_ja: "機密性3B",
            label_en: "Confidentiality 3B",
            definition_ja: "漏えいすると住民の生命・財産・プライバシー、又は行政事務の遂行に重大な影響が出る情報。特定個人情報や、多くの人の個人情報をまとめたデータベースなど。",
            definition_en: "Information whose leak would seriously affect residents' lives, property or privacy, or the administration's work: for example specific personal information (My Number) or a database of many people's personal data.",
            aliases: &[],
            handling: &[STRICT],
        },
        Spec {
            code: "3A",
            importance: 3,
            label_ja: "機密性3A",
            label_en: "Confidentiality 3A",
            definition_ja: "行政事務で扱う情報のうち、秘密文書に相当する機密性を要するもの。",
            definition_en: "Information of the administration that needs the confidentiality of a secret document.",
            aliases: &[],
            // As for a secret document: the strict rules and a named list of readers.
            handling: &[STRICT, SECRET],
        },
    ]);
    Scheme {
        name: Preset::Mic2024.label_ja().to_owned(),
        preset: Some(Preset::Mic2024),
        c,
        i: integrity(),
        a: availability(),
        importance_rule: ImportanceRule::Highest,
    }
}

/// IPA's rating (中小企業の情報セキュリティ対策ガイドライン, risk-analysis sheet): each
/// dimension 3/2/1, and an asset is as important as its highest value. Many smaller
/// organizations and their contractors rate their ledgers this way, so a city taking
/// over such a ledger can import it as written and map it onto MIC later.
pub(super) fn ipa() -> Scheme {
    let c = scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "機密性1",
            label_en: "Confidentiality 1",
            definition_ja: "漏えいしても、業務にほとんど影響がない情報。",
            definition_en: "Information whose leak would hardly affect the work.",
            aliases: &["低"],
            handling: &[PUBLIC],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "機密性2",
            label_en: "Confidentiality 2",
            definition_ja: "漏えいすると、業務に大きな影響が出る情報。",
            definition_en: "Information whose leak would seriously disrupt the work.",
            aliases: &["中"],
            handling: &[INTERNAL],
        },
        Spec {
            code: "3",
            importance: 3,
            label_ja: "機密性3",
            label_en: "Confidentiality 3",
            definition_ja: "法令で安全管理が義務づけられている情報や守秘義務の対象となる情報など、漏えいすると組織や住民・取引先に深刻な影響が出る情報。",
            definition_en: "Information the law requires to be kept safe or that is under a duty of confidentiality: a leak would do serious harm to the organization, to residents or to business partners.",
            aliases: &["高"],
            handling: &[STRICT],
        },
    ]);
    let i = scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "完全性1",
            label_en: "Integrity 1",
            definition_ja: "誤りや改ざんがあっても、業務にほとんど影響がない情報。",
            definition_en: "Information where errors or tampering would hardly affect the work.",
            aliases: &["低"],
            handling: &[INTEGRITY_LOW],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "完全性2",
            label_en: "Integrity 2",
            definition_ja: "誤りや改ざんがあると、業務に大きな影響が出る情報。",
            definition_en: "Information where errors or tampering would seriously disrupt the work.",
            aliases: &["中"],
            handling: &[INTEGRITY_GUARDED],
        },
        Spec {
            code: "3",
            importance: 3,
            label_ja: "完全性3",
            label_en: "Integrity 3",
            definition_ja: "誤りや改ざんがあると、組織や住民・取引先に深刻な影響が出る情報。法令で正確さの確保が求められているものを含む。",
            definition_en: "Information where errors or tampering would do serious harm to the organization, to residents or to business partners, including information the law requires to be kept accurate.",
            aliases: &["高"],
            handling: &[INTEGRITY_GUARDED, CHANGE_LOG],
        },
    ]);
    let a = scale(&[
        Spec {
            code: "1",
            importance: 1,
            label_ja: "可用性1",
            label_en: "Availability 1",
            definition_ja: "使えなくなっても、業務にほとんど影響がない情報。",
            definition_en: "Information whose unavailability would hardly affect the work.",
            aliases: &["低"],
            handling: &[AVAILABILITY_LOW],
        },
        Spec {
            code: "2",
            importance: 2,
            label_ja: "可用性2",
            label_en: "Availability 2",
            definition_ja: "使えなくなると、業務に大きな影響が出る情報。",
            definition_en: "Information whose unavailability would seriously disrupt the work.",
            aliases: &["中"],
            handling: &[RECOVERABLE],
        },
        Spec {
            code: "3",
            importance: 3,
            label_ja: "可用性3",
            label_en: "Availability 3",
            definition_ja: "使えなくなると、組織や住民・取引先に深刻な影響が出る情報。",
            definition_en: "Information whose unavailability would do serious harm to the organization, to residents or to business partners.",
            aliases: &["高"],
            handling: &[RECOVERABLE, RESILIENT],
        },
    ]);
    Scheme {
        name: Preset::Ipa.label_ja().to_owned(),
        preset: Some(Preset::Ipa),
        c,
        i,
        a,
        importance_rule: ImportanceRule::Highest,
    }
}
