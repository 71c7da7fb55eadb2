//! みどり市's external services: ten of them — the government cloud platform its core
//! systems move to, the prefecture's shared e-application and procurement services on
//! LGWAN-ASP, the web site's CMS, the city's social media accounts, an online storage
//! whose ISMAP-LIU listing has lapsed, a child-care app that is not ISMAP-listed and
//! holds the child-care system (confidentiality 3C) above what it allows, a web meeting
//! service, a health check booking service, and a survey service whose use ended last
//! month without the deletion of its data confirmed. The contractor staff of the staff
//! register are linked to the companies they work for.

use chrono::Duration;

use super::diary::Diary;
use crate::authz::Actor;
use crate::compliance::contractors::PersonInput;
use crate::compliance::services::ServiceInput;
use crate::{App, AppResult};

/// One service: name, kind, provider (a contractor's name), department code, purpose,
/// ceiling (C, I, A, personal), listing (kind, number, days to expiry), the asset names
/// placed on it (a part of the name), and the days to its end (negative: ended).
struct Demo {
    name: &'static str,
    kind: &'static str,
    provider: &'static str,
    dept: &'static str,
    purpose: &'static str,
    ceiling: [&'static str; 4],
    listing: (&'static str, &'static str, i64),
    assets: &'static [&'static str],
    ends_in: Option<i64>,
}

const SERVICES: [Demo; 10] = [
    Demo {
        name: "ガバメントクラウド（基幹業務システムの基盤）",
        kind: "platform",
        provider: "東都クラウド株式会社",
        dept: "130",
        purpose: "標準準拠システムへの移行後、住民記録・税務システムを載せる。",
        ceiling: ["3A", "2", "2", "my_number"],
        listing: ("ismap", "C22-0123-1", 365),
        assets: &["住民記録システム", "税務システム"],
        ends_in: None,
    },
    Demo {
        name: "電子申請システム（県共同利用）",
        kind: "lgwan_asp",
        provider: "一般社団法人みどり市情報センター",
        dept: "110",
        purpose: "住民からの各種申請・届出の受付。",
        ceiling: ["2", "2", "2", "personal"],
        listing: ("none", "", 0),
        assets: &["電子申請システム"],
        ends_in: None,
    },
    Demo {
        name: "電子調達システム（県共同利用）",
        kind: "lgwan_asp",
        provider: "一般社団法人みどり市情報センター",
        dept: "800",
        purpose: "入札参加資格審査と電子入札。",
        ceiling: ["2", "2", "2", "personal"],
        listing: ("none", "", 0),
        assets: &[],
        ends_in: None,
    },
    Demo {
        name: "ホームページ CMS（クラウド）",
        kind: "saas",
        provider: "株式会社ウェブデザイン緑",
        dept: "110",
        purpose: "市公式ホームページの作成と公開。公開情報のみを扱う。",
        ceiling: ["1", "2", "2", "none"],
        listing: ("none", "", 0),
        assets: &["ホームページ管理システム"],
        ends_in: None,
    },
    Demo {
        name: "市公式 SNS アカウント（X・LINE）",
        kind: "public_web",
        provider: "株式会社ウェブデザイン緑",
        dept: "110",
        purpose: "災害情報・イベントの発信。個人情報は扱わない。",
        ceiling: ["1", "1", "1", "none"],
        listing: ("none", "", 0),
        assets: &[],
        ends_in: None,
    },
    Demo {
        name: "オンラインストレージ（外部とのファイル受渡し）",
        kind: "saas",
        provider: "株式会社ネクストメール",
        dept: "130",
        purpose: "委託先・他団体との大容量ファイルの受渡し。",
        ceiling: ["2", "2", "1", "personal"],
        listing: ("ismap_liu", "L21-0007-1", -20),
        assets: &[],
        ends_in: None,
    },
    Demo {
        name: "子育て支援アプリ",
        kind: "saas",
        provider: "株式会社こどもネット",
        dept: "510",
        purpose: "予防接種・健診のお知らせと保育所の空き状況の配信。",
        ceiling: ["2", "2", "1", "personal"],
        listing: ("none", "", 0),
        assets: &["子ども・子育て支援システム"],
        ends_in: None,
    },
    Demo {
        name: "Web 会議サービス",
        kind: "saas",
        provider: "株式会社ネクストメール",
        dept: "130",
        purpose: "庁外との打合せ。機密性2以上の資料は画面共有しない。",
        ceiling: ["2", "1", "1", "none"],
        listing: ("ismap_liu", "L23-0045-1", 280),
        assets: &[],
        ends_in: None,
    },
    Demo {
        name: "健診予約サービス",
        kind: "saas",
        provider: "株式会社ヘルスケアシステムズ",
        dept: "520",
        purpose: "特定健診・がん検診の予約受付。",
        ceiling: ["2", "2", "1", "sensitive"],
        listing: ("ismap_liu", "L24-0112-1", 500),
        assets: &[],
        ends_in: Some(160),
    },
    Demo {
        name: "アンケート集計サービス（令和7年度市民意識調査）",
        kind: "saas",
        provider: "株式会社ウェブデザイン緑",
        dept: "110",
        purpose: "市民意識調査の回答受付と集計。",
        ceiling: ["2", "1", "1", "personal"],
        listing: ("none", "", 0),
        assets: &[],
        ends_in: Some(-30),
    },
];

impl App {
    /// Loads the external service register (see the module documentation). Called
    /// after the contractors.
    pub(super) async fn load_demo_services(&self, actor: &Actor) -> AppResult<()> {
        let diary = Diary::new(self);
        let today = self.today();
        let conn = self.store.conn();
        let depts = mamori_store::departments::all(conn, actor.org_id).await?;
        let companies = mamori_store::compliance::contractors::all(conn, actor.org_id).await?;
        let assets = mamori_store::assets::all(conn, actor.org_id, None).await?;
        let staff = mamori_store::staff::all(conn, actor.org_id, &Default::default()).await?;
        let started = today - Duration::days(400);
        for (i, s) in SERVICES.iter().enumerate() {
            let dept = depts.iter().find(|d| d.code == s.dept).map(|d| d.id);
            // The department's first two people administer it.
            let admins = staff
                .iter()
                .filter(|p| p.department_id.is_some() && p.department_id == dept)
                .take(2)
                .map(|p| p.employee_number.clone())
                .collect();
            let (listing, number, left) = s.listing;
            let expires = today + Duration::days(left);
            let listed = listing != "none";
            let day = |d: chrono::NaiveDate| d.to_string();
            let input = ServiceInput {
                name: s.name.into(),
                kind: s.kind.into(),
                contractor: companies
                    .iter()
                    .find(|c| c.name == s.provider)
                    .map(|c| c.id),
                department: dept,
                purpose: s.purpose.into(),
                max_c: s.ceiling[0].into(),
                max_i: s.ceiling[1].into(),
                max_a: s.ceiling[2].into(),
                max_personal: s.ceiling[3].into(),
                listing: listing.into(),
                listing_number: number.into(),
                listed_on: if listed {
                    day(expires - Duration::days(2 * 365))
                } else {
                    String::new()
                },
                listing_expires_on: if listed { day(expires) } else { String::new() },
                location: "domestic".into(),
                location_note: "国内リージョン。準拠法は日本法、管轄は東京地方裁判所。".into(),
                terms_accepted_on: day(started),
                terms_ref: "利用規約（令和7年4月1日版）".into(),
                admins,
                assets: assets
                    .iter()
                    .filter(|a| s.assets.iter().any(|n| a.name.contains(n)))
                    .map(|a| a.number.clone())
                    .collect(),
                starts_on: day(started),
                ends_on: s
                    .ends_in
                    .map(|n| day(today + Duration::days(n)))
                    .unwrap_or_default(),
                deletion: "利用終了時に提供者がデータを消去し、消去証明書を提出する。".into(),
                ..ServiceInput::default()
            };
            diary
                .on(started - Duration::days(20 - i as i64), 120)
                .create_service(actor, &input)
                .await?;
        }
        // The resident engineers work for the IT vendor, the window staff for the
        // call-centre company.
        let app = diary.on(started, 60);
        for p in staff.iter().filter(|p| p.category == "contractor") {
            let code = depts
                .iter()
                .find(|d| Some(d.id) == p.department_id)
                .map_or("", |d| d.code.as_str());
            let company = match code {
                "131" => "みどりシステムサービス株式会社",
                "310" => "株式会社コールセンター東日本",
                _ => continue,
            };
            if let Some(c) = companies.iter().find(|c| c.name == company) {
                let input = PersonInput {
                    employee_number: p.employee_number.clone(),
                };
                app.link_contractor_person(actor, c.id, &input).await?;
            }
        }
        Ok(())
    }
}
