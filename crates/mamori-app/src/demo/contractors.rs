//! みどり市's contractor register: twenty companies with their 法人番号, the contracts
//! the departments let this year (and one of last year's, ended), the clauses each
//! has, the systems they handle, and their certifications — an ISMAP-registered cloud
//! provider, an approved sub-contractor for data entry and one not yet approved, an
//! ISO/IEC 27001 certificate that lapsed two months ago, a PrivacyMark expiring in
//! forty days, and a call-centre contract that ends next month.

use chrono::Duration;

use super::diary::Diary;
use crate::authz::Actor;
use crate::compliance::contractors::{
    CertificationInput, CheckInput, ContractInput, ContractorInput, SubcontractApproval,
    SubcontractorInput,
};
use crate::{App, AppResult};

/// `(name, kana, 法人番号, certifications as (kind, number, days to expiry))`.
type Company = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, i64)],
);

const COMPANIES: [Company; 20] = [
    (
        "みどりシステムサービス株式会社",
        "ミドリシステムサービス",
        "5749562111997",
        &[
            ("iso27001", "IS 512345", 400),
            ("privacy_mark", "10820123(05)", 500),
        ],
    ),
    (
        "株式会社グリーンデータ",
        "グリーンデータ",
        "3244071367498",
        &[("iso27001", "IS 623456", 300)],
    ),
    (
        "東都クラウド株式会社",
        "トウトクラウド",
        "1622284859645",
        &[
            ("ismap", "C22-0123-1", 365),
            ("iso27017", "CLOUD 734567", 250),
        ],
    ),
    (
        "株式会社みどり印刷",
        "ミドリインサツ",
        "2738342608038",
        &[("privacy_mark", "21000456(03)", 600)],
    ),
    (
        "北関東ネットワーク株式会社",
        "キタカントウネットワーク",
        "3766001375193",
        &[("iso27001", "IS 845678", -60)],
    ),
    (
        "株式会社アオバ情報処理",
        "アオバジョウホウショリ",
        "3618992977833",
        &[("iso27001", "IS 956789", 200)],
    ),
    (
        "有限会社データ入力センター",
        "データニュウリョクセンター",
        "4706704305732",
        &[],
    ),
    (
        "みどり警備保障株式会社",
        "ミドリケイビホショウ",
        "8311459841331",
        &[],
    ),
    (
        "株式会社エコ・リサイクル",
        "エコリサイクル",
        "4890255277174",
        &[("iso27001", "IS 167890", 500)],
    ),
    (
        "株式会社ヘルスケアシステムズ",
        "ヘルスケアシステムズ",
        "7694725253236",
        &[("privacy_mark", "17001234(04)", 40)],
    ),
    (
        "株式会社こどもネット",
        "コドモネット",
        "2704887996021",
        &[("privacy_mark", "17002345(02)", 700)],
    ),
    (
        "福祉ソリューションズ株式会社",
        "フクシソリューションズ",
        "2535837618352",
        &[("iso27001", "IS 278901", 450)],
    ),
    (
        "株式会社ウェブデザイン緑",
        "ウェブデザインミドリ",
        "3354049963077",
        &[],
    ),
    (
        "株式会社セキュアテック",
        "セキュアテック",
        "6265935463039",
        &[("iso27001", "IS 389012", 320)],
    ),
    (
        "株式会社人財開発センター",
        "ジンザイカイハツセンター",
        "2527448808496",
        &[],
    ),
    (
        "株式会社アーカイブ保管",
        "アーカイブホカン",
        "8116068554393",
        &[("privacy_mark", "21003456(01)", 900)],
    ),
    (
        "株式会社コールセンター東日本",
        "コールセンターヒガシニホン",
        "2953287214936",
        &[("privacy_mark", "17004567(06)", 380)],
    ),
    (
        "株式会社みどり測量",
        "ミドリソクリョウ",
        "8272073704785",
        &[],
    ),
    (
        "株式会社ネクストメール",
        "ネクストメール",
        "7145488426346",
        &[("ismap_liu", "L23-0045-1", 280)],
    ),
    (
        "一般社団法人みどり市情報センター",
        "ミドリシジョウホウセンター",
        "3955992426655",
        &[("iso27001", "IS 490123", 150)],
    ),
];

/// `(company index, subject, department, days to its end, personal data, My Number,
/// clauses left out, an asset whose name has this)`.
type Deal = (
    usize,
    &'static str,
    &'static str,
    i64,
    bool,
    bool,
    &'static [&'static str],
    &'static str,
);

const CONTRACTS: [Deal; 18] = [
    (
        0,
        "住民記録システム保守業務",
        "310",
        115,
        true,
        true,
        &[],
        "住民記録システム",
    ),
    (
        2,
        "ガバメントクラウド運用支援業務",
        "130",
        115,
        true,
        false,
        &[],
        "",
    ),
    (
        3,
        "納税通知書等の印刷・封入封緘業務",
        "320",
        115,
        true,
        false,
        &[],
        "",
    ),
    (
        4,
        "庁内ネットワーク保守業務",
        "130",
        115,
        false,
        false,
        &[],
        "",
    ),
    (
        5,
        "税務システム運用支援業務",
        "320",
        115,
        true,
        true,
        &[],
        "税務システム",
    ),
    (
        7,
        "庁舎警備業務",
        "110",
        115,
        false,
        false,
        &["subcontracting", "return"],
        "",
    ),
    (
        8,
        "情報機器の廃棄及びデータ消去業務",
        "130",
        115,
        true,
        false,
        &[],
        "",
    ),
    (
        9,
        "健康管理システム保守業務",
        "520",
        115,
        true,
        false,
        &[],
        "",
    ),
    (
        10,
        "子育て支援アプリ運用業務",
        "510",
        115,
        true,
        false,
        &[],
        "",
    ),
    (
        11,
        "福祉総合システム保守業務",
        "410",
        115,
        true,
        true,
        &[],
        "",
    ),
    (
        12,
        "市ホームページ運用業務",
        "110",
        115,
        false,
        false,
        &["inspection"],
        "",
    ),
    (
        13,
        "情報システム脆弱性診断業務",
        "130",
        115,
        false,
        false,
        &[],
        "",
    ),
    (
        14,
        "情報セキュリティ研修実施業務",
        "120",
        115,
        false,
        false,
        &["return"],
        "",
    ),
    (15, "公文書の外部保管業務", "110", 115, true, false, &[], ""),
    (
        16,
        "市税に関する問合せ窓口業務",
        "320",
        30,
        true,
        false,
        &[],
        "",
    ),
    (
        17,
        "地理情報システム保守業務",
        "610",
        115,
        false,
        false,
        &[],
        "",
    ),
    (
        18,
        "電子メールサービス提供業務",
        "130",
        115,
        true,
        false,
        &[],
        "",
    ),
    (19, "統計データ処理業務", "220", 115, false, false, &[], ""),
];

impl App {
    /// Loads the contractor register (see the module documentation). Called after the
    /// departments and the assets.
    pub(super) async fn load_demo_contractors(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let conn = self.store.conn();
        let depts = mamori_store::departments::all(conn, actor.org_id).await?;
        let assets = mamori_store::assets::all(conn, actor.org_id, None).await?;
        let started = today - Duration::days(250);
        let app = diary.on(started - Duration::days(30), 60);
        let mut ids = Vec::new();
        for (name, kana, number, certs) in COMPANIES {
            let input = ContractorInput {
                name: name.into(),
                kana: kana.into(),
                corporate_number: number.into(),
                address: "みどり県みどり市".into(),
                ..ContractorInput::default()
            };
            let id = app.create_contractor(actor, &input).await?;
            for (kind, cert, left) in certs {
                let expires = today + Duration::days(*left);
                let c = CertificationInput {
                    kind: (*kind).into(),
                    number: (*cert).into(),
                    scope: String::new(),
                    registered_on: (expires - Duration::days(3 * 365)).to_string(),
                    expires_on: expires.to_string(),
                };
                app.add_certification(actor, id, &c).await?;
            }
            ids.push(id);
        }
        let template: Vec<String> = self
            .compliance_settings_of(actor.org_id)
            .await?
            .contractors
            .clauses
            .into_iter()
            .map(|c| c.code)
            .collect();
        let mut made = Vec::new();
        for (company, subject, dept, left, personal, my_number, missing, system) in CONTRACTS {
            let input = ContractInput {
                contractor: ids.get(company).copied(),
                subject: subject.into(),
                department: depts.iter().find(|d| d.code == dept).map(|d| d.id),
                starts_on: started.to_string(),
                ends_on: (today + Duration::days(left)).to_string(),
                personal_data: personal,
                my_number,
                clauses: template
                    .iter()
                    .filter(|c| !missing.contains(&c.as_str()))
                    .cloned()
                    .collect(),
                assets: assets
                    .iter()
                    .filter(|a| !system.is_empty() && a.name.contains(system))
                    .map(|a| a.number.clone())
                    .collect(),
                notes: String::new(),
            };
            made.push(app.create_contract(actor, &input).await?);
        }
        // Last year's maintenance of the resident register, ended.
        let last_year = ContractInput {
            contractor: ids.first().copied(),
            subject: "住民記録システム保守業務（前年度）".into(),
            department: depts.iter().find(|d| d.code == "310").map(|d| d.id),
            starts_on: (started - Duration::days(365)).to_string(),
            ends_on: (started - Duration::days(1)).to_string(),
            personal_data: true,
            my_number: true,
            clauses: template.clone(),
            ..ContractInput::default()
        };
        diary
            .on(started - Duration::days(380), 60)
            .create_contract(actor, &last_year)
            .await?;
        // Data entry sub-contracted: approved for the resident register, not yet for
        // the tax system.
        let later = diary.on(started + Duration::days(20), 90);
        let sub = |who: usize, scope: &str| SubcontractorInput {
            contractor: ids.get(who).copied(),
            scope: scope.into(),
        };
        let (jyuki, tax) = (made[0], made[4]);
        let s1 = later
            .add_subcontractor(actor, jyuki, &sub(1, "異動届のデータ入力"))
            .await?;
        later
            .approve_subcontractor(
                actor,
                jyuki,
                s1,
                &SubcontractApproval {
                    approved_on: (started + Duration::days(20)).to_string(),
                    approval_ref: "み市第1234号".into(),
                },
            )
            .await?;
        diary
            .on(today - Duration::days(10), 90)
            .add_subcontractor(actor, tax, &sub(6, "申告書のデータ入力"))
            .await?;
        // The year's checks: a report for the resident register, an inspection of the
        // tax system's operator with a finding.
        let check = |kind: &str, findings: &str, issues: bool, ago: i64| CheckInput {
            checked_on: (today - Duration::days(ago)).to_string(),
            kind: kind.into(),
            findings: findings.into(),
            issues,
        };
        let c1 = check(
            "report",
            "月次の作業報告とアクセスログを確認した。指摘なし。",
            false,
            40,
        );
        diary
            .on(today - Duration::days(40), 120)
            .record_contract_check(actor, jyuki, &c1)
            .await?;
        let c2 = check(
            "onsite",
            "作業場所への私物スマートフォンの持込みを確認。持込み禁止の徹底を求めた。",
            true,
            25,
        );
        diary
            .on(today - Duration::days(25), 120)
            .record_contract_check(actor, tax, &c2)
            .await?;
        Ok(())
    }
}
