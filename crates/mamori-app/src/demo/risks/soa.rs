//! The Statements of Applicability of the demo year: why each control of the basic
//! policy applies, the first sections of the MIC guideline decided (and the one row
//! the city excludes), and the March steps that record them and have the committee
//! approve the basic policy's SoA.

use std::collections::BTreeSet;

use super::{Diary, reiwa};
use crate::authz::Actor;
use crate::demo::assets::{iso, ymd};
use crate::{App, AppResult};

/// Justifications of the basic policy's SoA, by control.
const BASIC_POLICY_SOA: &[(&str, &str)] = &[
    (
        "BP-HUM-01",
        "全職員・委託事業者に遵守事項を周知し、誓約書で確認している。",
    ),
    ("BP-HUM-02", "全職員向けのeラーニングを毎年度実施している。"),
    ("BP-HUM-03", "標的型メール訓練を年1回実施している。"),
    (
        "BP-HUM-04",
        "ID・パスワードの取扱いを実施手順で定めている。",
    ),
    (
        "BP-HUM-05",
        "会計年度任用職員と委託事業者にも同じ遵守事項を適用している。",
    ),
    (
        "BP-HUM-06",
        "事故・違反の報告窓口を情報政策課に置いている。",
    ),
    (
        "BP-PHY-01",
        "サーバ室を管理区域とし、入退室を記録している。",
    ),
    ("BP-PHY-02", "サーバ室に無停電電源装置と空調を備えている。"),
    ("BP-PHY-03", "庁舎内の配線を床下とラックで保護している。"),
    ("BP-PHY-04", "端末とUSBメモリの持ち出しを許可制としている。"),
    ("BP-PHY-05", "廃棄時に証明書を取得している。"),
    (
        "BP-PHY-06",
        "退庁時の施錠保管と離席時の画面ロックを定めている。",
    ),
    (
        "BP-TEC-01",
        "利用者IDを所属と職務に応じて付与し、年2回棚卸ししている。",
    ),
    (
        "BP-TEC-02",
        "マイナンバー利用事務系の端末に多要素認証を導入している。",
    ),
    (
        "BP-TEC-03",
        "全端末にウイルス対策ソフトを導入し、受信ファイルを無害化している。",
    ),
    ("BP-TEC-04", "更新プログラムを毎月適用している。"),
    ("BP-TEC-05", "三層の対策（αモデル）を採用している。"),
    (
        "BP-TEC-06",
        "基幹系データのバックアップを世代管理している。",
    ),
    (
        "BP-OPS-01",
        "ファイアウォールと認証サーバのログを確認している。",
    ),
    ("BP-OPS-02", "CSIRTを設置し、対応手順を定めている。"),
    (
        "BP-OPS-03",
        "委託契約にセキュリティ条項を明記し、委託先を確認している。",
    ),
    ("BP-OPS-04", "全所属で自己点検を行っている。"),
    (
        "BP-OPS-05",
        "例外措置はCISOの許可制とし、記録を残している。",
    ),
    ("BP-OPS-06", "ICT部門の業務継続計画を定めている。"),
];

/// Justifications of the MIC guideline's SoA rows decided so far, by section.
const MIC_SOA: &[(&str, &str)] = &[
    (
        "MIC-1.",
        "情報セキュリティ推進体制として規程に定め、毎年度の体制表で確認している。",
    ),
    (
        "MIC-2.",
        "情報資産台帳と分類基準に基づいて全所属で実施している。",
    ),
    (
        "MIC-3.",
        "三層の対策（αモデル）として全庁のネットワークに適用している。",
    ),
    (
        "MIC-4.",
        "庁舎・サーバ室・端末の物理的対策として実施している。",
    ),
];

/// The MIC guideline rows the city decided not to apply, with the reason.
const MIC_EXCLUDED: &[(&str, &str)] = &[(
    "MIC-3.3.3",
    "αモデルを採用しており、β・β'モデル向けの追加対策は対象外のため。",
)];

impl App {
    /// The basic policy's SoA decided row by row, and a first part of the MIC
    /// guideline's, in March of last fiscal year.
    pub(super) async fn load_demo_soa(
        &self,
        diary: &Diary,
        actor: &Actor,
        fy: i32,
    ) -> AppResult<()> {
        let org_id = actor.org_id;
        let basic = self.catalog(org_id, "basic-policy").await?;
        let leaves: BTreeSet<String> = basic.leaves().map(|l| l.id.clone()).collect();
        for (n, c) in basic
            .ordered()
            .into_iter()
            .filter(|c| leaves.contains(&c.id))
            .enumerate()
        {
            let why = BASIC_POLICY_SOA
                .iter()
                .find(|(id, _)| *id == c.id)
                .map_or("基本方針第8項の対策として全庁で実施している。", |(_, j)| j);
            let minutes = u32::try_from(n).unwrap_or(0) * 2;
            diary
                .on(ymd(fy, 3, 3), minutes)
                .set_soa_entry(actor, "basic-policy", &c.id, true, why)
                .await?;
        }
        let mic = self.catalog(org_id, "mic-guideline").await?;
        let leaves: BTreeSet<String> = mic.leaves().map(|l| l.id.clone()).collect();
        let mut n = 0u32;
        for c in mic.ordered().into_iter().filter(|c| leaves.contains(&c.id)) {
            let excluded = MIC_EXCLUDED.iter().find(|(id, _)| *id == c.id);
            let section = MIC_SOA.iter().find(|(p, _)| c.id.starts_with(p));
            let (applicable, why) = match (excluded, section) {
                (Some((_, why)), _) => (false, *why),
                (None, Some((_, why))) => (true, *why),
                (None, None) => continue,
            };
            diary
                .on(ymd(fy, 3, 10), n * 2)
                .set_soa_entry(actor, "mic-guideline", &c.id, applicable, why)
                .await?;
            n += 1;
        }
        Ok(())
    }
}

/// The committee approves the basic policy's SoA at its March meeting.
pub(super) async fn approve_basic_policy_soa(
    diary: &Diary,
    actor: &Actor,
    fy: i32,
) -> AppResult<()> {
    let last = fy - 1;
    diary
        .on(ymd(fy, 3, 18), 30)
        .approve_soa(
            actor,
            "basic-policy",
            &iso(ymd(fy, 3, 18)),
            "情報セキュリティ委員会",
            &format!("令和{}年度第2回委員会で承認", reiwa(last)),
        )
        .await?;
    Ok(())
}
