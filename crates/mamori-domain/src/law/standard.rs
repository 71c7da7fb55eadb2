//! The standard set: the laws, ordinances and rules that bind a Japanese municipality's
//! handling of information, seeded into every new organization's register so that the
//! city starts from a working list rather than a blank page.
//!
//! The entries are the ones an information security audit of a city asks about: the
//! personal information and My Number acts, the Local Autonomy Act's duty (from April
//! 2026) to set a cybersecurity policy, the Local Public Service Act's secrecy duty,
//! and the city's own ordinances, rules and security policy. Each carries only the
//! obligations that touch information handling, in plain words a staff member can
//! follow, not every article of the law.
//!
//! Seeding is a starting point: the city renames, edits, adds and removes entries
//! afterwards. Its own ordinances and rules have no common number, so their
//! `reference` is empty and their `article` names the provision, for the city to
//! replace with its own article number. `key` is what makes seeding idempotent: an
//! entry whose key the organization already has is skipped, so seeding twice adds
//! nothing and never overwrites the city's edits.

use super::Kind;

/// One entry of the standard set.
pub struct Standard {
    /// Stable key, so seeding twice adds nothing (ascii, e.g. "appi").
    pub key: &'static str,
    pub title: &'static str,
    /// Short English name.
    pub title_en: &'static str,
    pub kind: Kind,
    /// 法令番号 (e.g. "平成15年法律第57号"); empty for the city's own ordinances whose number differs per city.
    pub reference: &'static str,
    /// Months between reviews (12 for most).
    pub review_months: u32,
    pub obligations: &'static [Duty],
}

/// One obligation: the article and the duty in plain words.
pub struct Duty {
    pub article: &'static str,
    pub duty: &'static str,
    pub duty_en: &'static str,
}

pub const STANDARD: &[Standard] = &[
    Standard {
        key: "appi",
        title: "個人情報の保護に関する法律",
        title_en: "Act on the Protection of Personal Information",
        kind: Kind::Law,
        reference: "平成15年法律第57号",
        review_months: 12,
        obligations: &[
            Duty {
                article: "第61条・第69条",
                duty: "個人情報は、法令で決められた仕事に必要な範囲で、目的をはっきりさせて持つ。目的以外に使ったり外に渡したりするのは、法律が認める場合に限る。",
                duty_en: "Hold personal information only as far as the city's duties need it, for a stated purpose; use it otherwise or pass it on only where the Act allows.",
            },
            Duty {
                article: "第66条・第67条",
                duty: "漏えい・紛失・破損を防ぐ安全管理の対策をとり、委託先にも同じ対策を契約で求めて確かめる（第66条第2項）。職員も委託先の従事者も、仕事で知った個人情報を漏らしたり不当に使ったりしない。",
                duty_en: "Safeguard personal information against leaks, loss and damage, and require and check the same of contractors (Art. 66(2)). Staff and contractors' workers must not disclose or misuse what they learn at work.",
            },
            Duty {
                article: "第68条",
                duty: "要配慮個人情報の漏えい、不正アクセスなど不正な目的による漏えい、100人を超える漏えいなど規則で定める事態（おそれを含む）が起きたら、個人情報保護委員会に報告し、本人にも知らせる。",
                duty_en: "Report serious breaches (sensitive data, malicious causes, more than 100 people, or the risk of these) to the Personal Information Protection Commission and notify the people affected.",
            },
            Duty {
                article: "第75条",
                duty: "本人が1,000人以上の個人情報ファイルは個人情報ファイル簿に載せて公表し、ファイルの内容が変わったら帳簿も直す。",
                duty_en: "List personal information files covering 1,000 or more people in the published file register, and update it when a file changes.",
            },
        ],
    },
    Standard {
        key: "appi_ordinance",
        title: "個人情報の保護に関する法律施行条例",
        title_en: "Ordinance Implementing the Act on the Protection of Personal Information",
        kind: Kind::Ordinance,
        reference: "",
        review_months: 12,
        obligations: &[
            Duty {
                article: "開示請求等の手続（手数料・期限）",
                duty: "本人からの開示・訂正・利用停止の請求は、法律と条例が定める手数料と期限に従って処理する。",
                duty_en: "Handle people's requests for disclosure, correction or suspension of use with the fees and time limits set by the Act and this ordinance.",
            },
            Duty {
                article: "審議会への諮問",
                duty: "個人情報の扱い方について専門的な意見が特に必要なときは、条例で置いた審議会に意見を聴く。",
                duty_en: "Consult the council the ordinance sets up when expert advice on handling personal information is especially needed.",
            },
        ],
    },
    Standard {
        key: "my_number",
        title: "行政手続における特定の個人を識別するための番号の利用等に関する法律",
        title_en: "My Number Act",
        kind: Kind::Law,
        reference: "平成25年法律第27号",
        review_months: 12,
        obligations: &[
            Duty {
                article: "第10条〜第12条",
                duty: "マイナンバーの漏えいや紛失を防ぐ対策をとる。事務を委託するときは委託先をきちんと監督し、再委託は市が許した場合に限る。",
                duty_en: "Protect My Numbers against leaks and loss; supervise contractors handling them, who may subcontract only with the city's permission.",
            },
            Duty {
                article: "第19条・第20条",
                duty: "法律が認める場合を除き、マイナンバーを含む個人情報を人に渡したり、集めたり、手元に置いたりしない。",
                duty_en: "Do not give, collect or keep personal information containing My Numbers except where the Act allows.",
            },
            Duty {
                article: "第28条",
                duty: "マイナンバーを含むファイルを持つ前と大きく変える前に、特定個人情報保護評価を行い、評価書を公表する。",
                duty_en: "Carry out and publish a specific personal information protection assessment before holding, or significantly changing, a file with My Numbers.",
            },
            Duty {
                article: "第29条の4",
                duty: "マイナンバーを含む情報の漏えいなど規則で定める重大な事態が起きたら、個人情報保護委員会に報告し、本人に知らせる。",
                duty_en: "Report serious breaches of My Number data to the Personal Information Protection Commission and notify the people affected.",
            },
        ],
    },
    Standard {
        key: "local_autonomy",
        title: "地方自治法",
        title_en: "Local Autonomy Act",
        kind: Kind::Law,
        reference: "昭和22年法律第67号",
        review_months: 12,
        obligations: &[
            Duty {
                article: "第244条の6",
                duty: "議会と市長などの執行機関は、それぞれサイバーセキュリティを確保する方針を定め、それに沿って対策をとり、方針を公表する（令和6年改正、令和8年4月1日施行）。",
                duty_en: "The assembly and each executive body set a cybersecurity policy, act on it and publish it (2024 amendment, in force from 1 April 2026).",
            },
            Duty {
                article: "第244条の5",
                duty: "仕事の内容に応じて情報システムを有効に使い、他の自治体や国と協力してその使い方を最適にするよう努める。",
                duty_en: "Use information systems effectively for each kind of work and strive, with other local governments and the State, to optimize their use.",
            },
        ],
    },
    Standard {
        key: "cybersecurity_basic",
        title: "サイバーセキュリティ基本法",
        title_en: "Basic Act on Cybersecurity",
        kind: Kind::Law,
        reference: "平成26年法律第104号",
        review_months: 12,
        obligations: &[Duty {
            article: "第5条",
            duty: "国との役割分担を踏まえ、地域の実情に合ったサイバーセキュリティの施策を自ら考えて実施する。",
            duty_en: "Plan and carry out the city's own cybersecurity measures, suited to local conditions and sharing roles with the State.",
        }],
    },
    Standard {
        key: "unauthorized_access",
        title: "不正アクセス行為の禁止等に関する法律",
        title_en: "Act on the Prohibition of Unauthorized Computer Access",
        kind: Kind::Law,
        reference: "平成11年法律第128号",
        review_months: 24,
        obligations: &[
            Duty {
                article: "第8条",
                duty: "システムを管理する立場として、IDとパスワードをきちんと管理し、アクセス制御の仕組みを点検・改善して不正アクセスを防ぐよう努める。",
                duty_en: "As the systems' access administrator, manage IDs and passwords and check and improve access controls to keep intruders out.",
            },
            Duty {
                article: "第3条〜第5条",
                duty: "他人のIDやパスワードでログインしない。他人のIDやパスワードを、正当な理由なく聞き出したり第三者に教えたりしない。",
                duty_en: "Never log in with someone else's ID or password, and never obtain or pass on others' credentials without a legitimate reason.",
            },
        ],
    },
    Standard {
        key: "local_public_service",
        title: "地方公務員法",
        title_en: "Local Public Service Act",
        kind: Kind::Law,
        reference: "昭和25年法律第261号",
        review_months: 12,
        obligations: &[
            Duty {
                article: "第34条",
                duty: "仕事で知った秘密は、在職中も辞めた後も漏らさない。漏らすと刑事罰の対象にもなる（第60条）。",
                duty_en: "Keep secrets learnt at work, while in office and after leaving; disclosure is also a criminal offence (Art. 60).",
            },
            Duty {
                article: "第32条",
                duty: "法令・条例・規則・規程と上司の職務上の命令に従って仕事をする。規程として定めた情報セキュリティポリシーもこれに含まれる。",
                duty_en: "Follow laws, ordinances, rules and superiors' official orders, including the information security policy adopted as an internal rule.",
            },
            Duty {
                article: "第29条",
                duty: "法令や規程に違反すると、戒告・減給・停職・免職の懲戒処分の対象となる。",
                duty_en: "Breaking laws or rules can lead to disciplinary action: reprimand, pay cut, suspension or dismissal.",
            },
        ],
    },
    Standard {
        key: "copyright",
        title: "著作権法",
        title_en: "Copyright Act",
        kind: Kind::Law,
        reference: "昭和45年法律第48号",
        review_months: 24,
        obligations: &[
            Duty {
                article: "第21条",
                duty: "ソフトウェアや文章・画像を、ライセンスや権利者の許しの範囲を超えて複製しない。許されたより多くの端末に入れることも複製に当たる。",
                duty_en: "Do not copy software, text or images beyond the licence or the owner's permission; installing on more devices than licensed is copying too.",
            },
            Duty {
                article: "第47条の3",
                duty: "正規に持っているプログラムのバックアップなどは自分で使うのに必要な分だけにし、元のプログラムを手放したら複製も消す。",
                duty_en: "Copies of a lawfully owned program (such as backups) are limited to what its own use needs, and must go when the original is given up.",
            },
        ],
    },
    Standard {
        key: "system_standardization",
        title: "地方公共団体情報システムの標準化に関する法律",
        title_en: "Act on the Standardization of Local Government Information Systems",
        kind: Kind::Law,
        reference: "令和3年法律第40号",
        review_months: 12,
        obligations: &[Duty {
            article: "第8条",
            duty: "住民記録や税など標準化の対象となる事務のシステムは、国が定めた標準化基準に合ったものを使う。",
            duty_en: "Run the systems for the standardized functions (resident records, taxes and the rest) on systems that meet the national standards.",
        }],
    },
    Standard {
        key: "public_records",
        title: "公文書等の管理に関する法律",
        title_en: "Public Records and Archives Management Act",
        kind: Kind::Law,
        reference: "平成21年法律第66号",
        review_months: 12,
        obligations: &[Duty {
            article: "第34条",
            duty: "この法律の考え方に沿って、市が持つ文書をきちんと管理するための仕組みを作り、実施するよう努める。",
            duty_en: "Strive to set up and run measures for managing the city's records properly, in the spirit of the Act.",
        }],
    },
    Standard {
        key: "disclosure_ordinance",
        title: "情報公開条例",
        title_en: "Information Disclosure Ordinance",
        kind: Kind::Ordinance,
        reference: "",
        review_months: 12,
        obligations: &[
            Duty {
                article: "開示決定等の期限",
                duty: "開示請求には、条例が定める期限内に開示するかどうかを決めて通知する。期限を延ばすときは、理由を請求者に知らせる。",
                duty_en: "Decide and notify on each disclosure request within the ordinance's time limit; when extending it, tell the requester why.",
            },
            Duty {
                article: "不開示情報・部分開示",
                duty: "個人情報など条例が定める不開示情報に当たる部分だけを隠し、残りは開示する。",
                duty_en: "Withhold only the parts that fall under the ordinance's exemptions (such as personal information) and disclose the rest.",
            },
        ],
    },
    Standard {
        key: "records_rule",
        title: "文書管理規則",
        title_en: "Records Management Rules",
        kind: Kind::Regulation,
        reference: "",
        review_months: 12,
        obligations: &[
            Duty {
                article: "文書の作成",
                duty: "意思決定の過程や仕事の結果が後から確かめられるよう、文書に残す。",
                duty_en: "Put decisions, how they were reached and the work done on record, so they can be checked later.",
            },
            Duty {
                article: "保存期間",
                duty: "文書ごとに保存期間を決め、期間中は決められた場所で保管する。電子文書も同じ。",
                duty_en: "Give every record a retention period and keep it in the designated place until then, electronic records included.",
            },
            Duty {
                article: "廃棄",
                duty: "保存期間が終わった文書は決められた手続で廃棄し、廃棄した記録を残す。",
                duty_en: "Dispose of records whose retention has ended by the set procedure, and keep a record of the disposal.",
            },
        ],
    },
    Standard {
        key: "security_policy",
        title: "情報セキュリティポリシー（基本方針・対策基準）",
        title_en: "Information Security Policy (basic policy and standards)",
        kind: Kind::InternalRule,
        reference: "",
        review_months: 12,
        obligations: &[
            Duty {
                article: "職員等の遵守事項",
                duty: "すべての職員等は、基本方針・対策基準・実施手順を守る。守れない事情があるときは、事前に例外の許可を得る。",
                duty_en: "Every member of staff follows the basic policy, standards and procedures; where one cannot, an exception is approved beforehand.",
            },
            Duty {
                article: "インシデントの報告",
                duty: "情報の漏えい、ウイルス感染、機器やUSBメモリの紛失などに気づいたら、すぐに決められた連絡先に報告する。",
                duty_en: "Report any leak, malware infection or lost device or USB stick at once, through the designated contact.",
            },
            Duty {
                article: "研修・訓練",
                duty: "決められた情報セキュリティの研修と訓練を受ける。",
                duty_en: "Attend the required information security training and drills.",
            },
            Duty {
                article: "評価・見直し",
                duty: "監査と自己点検の結果を踏まえて、ポリシーを毎年見直す。",
                duty_en: "Review the policy every year in the light of audits and self-assessments.",
            },
        ],
    },
    Standard {
        key: "mic_guideline",
        title: "地方公共団体における情報セキュリティポリシーに関するガイドライン",
        title_en: "MIC Guidelines on Information Security Policy for Local Governments",
        kind: Kind::Guideline,
        reference: "令和7年3月版",
        review_months: 12,
        obligations: &[
            Duty {
                article: "ポリシーの例文と解説",
                duty: "市の情報セキュリティポリシーは、このガイドラインの例文と解説を基に、市の実情に合わせて作る。",
                duty_en: "Base the city's information security policy on the guideline's model text and commentary, adapted to the city.",
            },
            Duty {
                article: "改定への対応",
                duty: "ガイドラインが改定されたら変更点を確かめ、必要に応じて市のポリシーを見直す。",
                duty_en: "When the guideline is revised, check what changed and revise the city's policy as needed.",
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::{Kind, STANDARD};

    #[test]
    fn keys_are_unique_lowercase_ascii() {
        let mut seen = HashSet::new();
        for s in STANDARD {
            let ascii = s.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            assert!(!s.key.is_empty() && ascii, "bad key {:?}", s.key);
            assert!(seen.insert(s.key), "duplicate key {}", s.key);
        }
        assert!(STANDARD.len() >= 12, "only {} entries", STANDARD.len());
    }

    #[test]
    fn every_entry_is_complete() {
        for s in STANDARD {
            assert!(!s.title.trim().is_empty(), "{}: no title", s.key);
            assert!(!s.title_en.trim().is_empty(), "{}: no English title", s.key);
            assert!(
                (1..=60).contains(&s.review_months),
                "{}: review period",
                s.key
            );
            assert!(!s.obligations.is_empty(), "{}: no obligation", s.key);
            for d in s.obligations {
                let (key, article) = (s.key, d.article);
                assert!(
                    !article.trim().is_empty(),
                    "{key}: an obligation has no article"
                );
                assert!(!d.duty.trim().is_empty(), "{key} {article}: no duty");
                assert!(
                    !d.duty_en.trim().is_empty(),
                    "{key} {article}: no English duty"
                );
            }
        }
    }

    #[test]
    fn national_laws_carry_their_number_and_the_citys_own_rules_none() {
        for s in STANDARD {
            let (key, reference) = (s.key, s.reference);
            match s.kind {
                Kind::Law => assert!(reference.contains("法律第"), "{key}: {reference:?}"),
                Kind::Ordinance | Kind::Regulation | Kind::InternalRule => {
                    assert!(
                        reference.is_empty(),
                        "{key}: the city's own rule has a number"
                    )
                }
                _ => {}
            }
        }
    }
}
