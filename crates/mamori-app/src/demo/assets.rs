//! みどり市's information asset register (情報資産台帳) for `mamori demo`: about 500
//! assets of every kind, from the residents' register down to the USB sticks.
//!
//! The register is produced as the rows of an import file, in the columns the
//! importer reads, and loaded through [`App::import_assets`]: a city's own ledger takes
//! that path, so the demo shows validation, relations and the propagation of required
//! protection exactly as users meet them. A generator error therefore fails the demo
//! (and its tests) instead of loading a register nobody could have imported.
//!
//! Classification follows the default scheme (MIC 2024). Supporting assets carry
//! levels of their own below those of the data they hold, as a city typically rates a
//! server by itself, so that propagation visibly raises what they must be protected to.
//!
//! Tables are pipe-separated lines, one asset or template per line: a register this
//! size stays readable and easy to review, which tuples spread one field per line by
//! rustfmt would not. Randomness (counts of persons, dates, serials, a few retired or
//! disposed entries) comes from the caller's seed.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use mamori_domain::asset::{AssetKind, AssetNumber, AssetStatus, PersonalDataKind};
use mamori_domain::classification::{Dimension, Preset, Scheme};
use mamori_domain::protection::RelationKind;

use super::city::DemoCity;
use crate::assets::AssetInput;
use crate::authz::Actor;
use crate::import::assets::{export_headers, export_row, format_relations};
use crate::import::{ImportOptions, ImportPlan};
use crate::{App, AppError, AppResult};

/// One row of the register and its outgoing relations (kind, target number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAsset {
    pub input: AssetInput,
    pub relations: Vec<(RelationKind, String)>,
}

/// `key|name|dept|building|room|location|c/i/a|contractor|description`
const FACILITIES: &[&str] = &[
    "f_srv|本庁舎サーバ室|131|本庁舎|3階 サーバ室|みどり市役所本庁舎|2/1/2||ICカードによる入退室管理、監視カメラ、UPS・空調・ガス消火設備を備える。",
    "f_archive|本庁舎書庫|110|本庁舎|地下1階 書庫|みどり市役所本庁舎|2/1/1||施錠管理。鍵は総務課で貸出簿により管理する。",
    "f_office|本庁舎執務室|110|本庁舎|1〜5階 執務室|みどり市役所本庁舎|2/1/1||来庁者の立入りはカウンターまで。閉庁後は機械警備。",
    "f_east|東支所|310|東支所|窓口・執務室|みどり市東町|2/1/1||住民票・税証明の交付窓口。",
    "f_west|西支所|310|西支所|窓口・執務室|みどり市西原|2/1/1||住民票・税証明の交付窓口。",
    "f_north|北支所|310|北支所|窓口・執務室|みどり市北山|2/1/1||住民票・税証明の交付窓口。土曜開庁あり。",
    "f_dc|データセンター（委託）|131|委託先データセンター|共用ラック 2架|県内（所在地は契約書に記載）|2/2/2|みどりデータシステム株式会社|基幹系システムを設置。入館は事前申請と本人確認による。",
    "f_health|保健センター|520|保健センター|相談室・書類保管室|みどり市中央二丁目|2/1/1||健診・相談で来所者が多く、書類保管室は施錠する。",
    "f_archive2|第2書庫（旧南分庁舎）|110|旧南分庁舎|1階 書庫|みどり市南台|2/1/1||長期保存文書を保管。常駐者なし、月1回巡回。",
    "f_council|議会棟|950|議会棟|委員会室・議会図書室|みどり市役所議会棟|2/1/1||会期中以外は施錠。",
];

/// `key|name|layer|segment|address range|c/i/a|provider|description`
const NETWORKS: &[&str] = &[
    "n_mn|マイナンバー利用事務系 庁内LAN|mynumber|VLAN 10|10.10.0.0/16|2/2/2||他の系統とは論理的・物理的に分離する。",
    "n_mn_wan|マイナンバー利用事務系 支所WAN|mynumber|VLAN 11|10.11.0.0/16|2/2/2|通信事業者（閉域網）|本庁舎と3支所を結ぶ。",
    "n_mn_dc|データセンター接続回線（閉域）|mynumber|VLAN 12|10.12.0.0/24|2/2/2|みどりデータシステム株式会社|基幹系とデータセンターを結ぶ専用線。二重化済み。",
    "n_lg|LGWAN接続系 庁内LAN|lgwan|VLAN 20|172.16.0.0/16|2/2/2||内部事務用。",
    "n_lg_wan|LGWAN接続系 支所WAN|lgwan|VLAN 21|172.17.0.0/16|2/2/1|通信事業者（閉域網）|",
    "n_lgwan|LGWAN回線|lgwan|LGWAN|172.18.0.0/24|2/2/2|地方公共団体情報システム機構|国・他団体とのLGWAN接続。",
    "n_inet|インターネット接続系 LAN|internet|VLAN 30|10.30.0.0/16|2/1/1||画面転送とファイル無害化でLGWAN接続系から分離する。",
    "n_cloud|自治体情報セキュリティクラウド接続|internet|上位回線|203.0.113.0/28|2/2/2|県（自治体情報セキュリティクラウド）|",
    "n_wifi|庁内無線LAN（LGWAN接続系）|lgwan|VLAN 22|172.19.0.0/22|2/1/1||会議室・議会棟。端末証明書で認証する。",
    "n_guest|来庁者向け公衆無線LAN|internet|独立回線|192.168.100.0/22|1/1/1||庁内ネットワークとは接続しない。",
];

/// `key|name|dept|model|vendor|layer|c/i/a|located in|connected to (a,b)|description|status`;
/// devices kept as a group (terminals) are one asset with a count in the name.
const HARDWARE: &[&str] = &[
    "h_kikan1|基幹系仮想化基盤 ホスト1（本番）|131|MD-SV7200|ミドリ電機|mynumber|2/2/2|f_dc|n_mn_dc|住民記録・税務システムを載せる。|",
    "h_kikan2|基幹系仮想化基盤 ホスト2（本番）|131|MD-SV7200|ミドリ電機|mynumber|2/2/2|f_dc|n_mn_dc|国保・福祉・子育てシステムを載せる。|",
    "h_kikan3|基幹系仮想化基盤 ホスト3（待機）|131|MD-SV7200|ミドリ電機|mynumber|2/2/2|f_dc|n_mn_dc|本番ホスト障害時の切替先。|",
    "h_kenko_sv|健康管理システム サーバ|131|AB-R540|アオバ情報機器|mynumber|2/2/1|f_dc|n_mn_dc||",
    "h_backup|バックアップサーバ（基幹系）|131|AB-R740|アオバ情報機器|mynumber|2/2/2|f_dc|n_mn_dc|毎夜の差分と週次の全体を取得する。|",
    "h_atena|団体内統合宛名システム サーバ|131|AB-R540|アオバ情報機器|mynumber|2/2/2|f_srv|n_mn||",
    "h_chukan|中間サーバー接続端末|131|MD-PC5400|ミドリ電機|mynumber|2/2/2|f_srv|n_mn|情報提供ネットワークシステムとの連携に使う。|",
    "h_cs|住基ネット コミュニケーションサーバ（CS）|131|AB-R540|アオバ情報機器|mynumber|2/2/2|f_srv|n_mn||",
    "h_ad_mn|認証サーバ（マイナンバー利用事務系）|131|AB-R340|アオバ情報機器|mynumber|2/2/2|f_srv|n_mn|二要素認証（生体認証）を提供する。|",
    "h_core_mn|コアスイッチ（マイナンバー利用事務系）|131|SW-9300|カエデネットワークス|mynumber|2/2/2|f_srv|n_mn,n_mn_wan||",
    "h_kiosk|証明書自動交付機|310|KS-200|ミドリ電機|mynumber|2/2/1|f_office|n_mn|本庁舎1階ロビー。|",
    "h_vm1|内部情報系 仮想化基盤 ホスト1|131|MD-SV5100|ミドリ電機|lgwan|2/2/2|f_srv|n_lg|財務会計・文書管理を載せる。|",
    "h_vm2|内部情報系 仮想化基盤 ホスト2|131|MD-SV5100|ミドリ電機|lgwan|2/2/2|f_srv|n_lg|グループウェア・メール・運用管理を載せる。|",
    "h_vm3|内部情報系 仮想化基盤 ホスト3|131|MD-SV5100|ミドリ電機|lgwan|2/2/1|f_srv|n_lg|人事給与と各課の個別システムを載せる。|",
    "h_file|ファイルサーバ（LGWAN接続系）|131|NS-4800|アオバ情報機器|lgwan|2/2/2|f_srv|n_lg|課ごとの共有フォルダ。アクセス権は課単位。|",
    "h_ad_lg|認証サーバ（LGWAN接続系）|131|AB-R340|アオバ情報機器|lgwan|2/2/2|f_srv|n_lg||",
    "h_core_lg|コアスイッチ（LGWAN接続系）|131|SW-9300|カエデネットワークス|lgwan|2/2/2|f_srv|n_lg,n_lg_wan||",
    "h_fw_lg|LGWAN接続ルータ・ファイアウォール|131|FW-600|カエデネットワークス|lgwan|2/2/2|f_srv|n_lg,n_lgwan||",
    "h_vdi|画面転送サーバ（インターネット分離）|131|AB-R540|アオバ情報機器|internet|2/1/1|f_srv|n_inet,n_lg|インターネット閲覧は画面の転送だけで行う。|",
    "h_mutoku|ファイル無害化サーバ|131|AB-R340|アオバ情報機器|internet|2/2/1|f_srv|n_inet,n_lg||",
    "h_fw_inet|ファイアウォール（インターネット接続系）|131|FW-600|カエデネットワークス|internet|2/2/2|f_srv|n_inet,n_cloud||",
    "h_rt_east|東支所 ルータ|131|RT-210|カエデネットワークス|mynumber|2/2/1|f_east|n_mn_wan,n_lg_wan||",
    "h_rt_west|西支所 ルータ|131|RT-210|カエデネットワークス|mynumber|2/2/1|f_west|n_mn_wan,n_lg_wan||",
    "h_rt_north|北支所 ルータ|131|RT-210|カエデネットワークス|mynumber|2/2/1|f_north|n_mn_wan,n_lg_wan||",
    "h_ap|無線LANアクセスポイント（24台）|131|AP-60|カエデネットワークス|lgwan|2/1/1|f_office|n_wifi||",
    "h_guest_ap|公衆無線LAN アクセスポイント（1階ロビー）|131|AP-20|カエデネットワークス|internet|1/1/1|f_office|n_guest||",
    "h_lto|LTOテープ装置・媒体|131|LT-9|アオバ情報機器|lgwan|2/2/2|f_srv|n_lg|媒体の一部は第2書庫に遠隔保管する。|",
    "h_ups|無停電電源装置（サーバ室）|131|UP-10K|ミドリ電機||1/1/2|f_srv||停電時に15分給電し、サーバを順に停止させる。|",
    "h_entry|入退室管理装置（サーバ室・書庫）|110|EC-30|ヤマブキ設備|lgwan|2/2/1|f_srv|n_lg||",
    "h_cam|防犯カメラ 録画装置|110|CR-16|ヤマブキ設備||2/1/1|f_office|||",
    "h_tablet|議会タブレット端末（32台）|950|TB-11|ミドリ電機|lgwan|2/1/1|f_council|n_wifi|会議資料の閲覧に使う。|",
    "h_sv_old|旧文書管理システム サーバ|131|MD-SV3000|ミドリ電機|lgwan|2/2/1|f_srv|n_lg|令和7年度末で運用停止。データ消去の上で廃棄予定。|retired",
    "t_mn_east|窓口端末（マイナンバー利用事務系・東支所）4台|310|MD-PC5400|ミドリ電機|mynumber|2/2/1|f_east|n_mn_wan||",
    "t_lg_east|事務端末（LGWAN接続系・東支所）4台|310|MD-PC5400|ミドリ電機|lgwan|2/1/1|f_east|n_lg_wan||",
    "mfp_east|複合機（東支所）|310|KE-MF4500|カエデ事務機|lgwan|2/1/1|f_east|n_lg_wan||",
    "t_mn_west|窓口端末（マイナンバー利用事務系・西支所）3台|310|MD-PC5400|ミドリ電機|mynumber|2/2/1|f_west|n_mn_wan||",
    "t_lg_west|事務端末（LGWAN接続系・西支所）3台|310|MD-PC5400|ミドリ電機|lgwan|2/1/1|f_west|n_lg_wan||",
    "mfp_west|複合機（西支所）|310|KE-MF4500|カエデ事務機|lgwan|2/1/1|f_west|n_lg_wan||",
    "t_mn_north|窓口端末（マイナンバー利用事務系・北支所）3台|310|MD-PC5400|ミドリ電機|mynumber|2/2/1|f_north|n_mn_wan||",
    "t_lg_north|事務端末（LGWAN接続系・北支所）3台|310|MD-PC5400|ミドリ電機|lgwan|2/1/1|f_north|n_lg_wan||",
    "mfp_north|複合機（北支所）|310|KE-MF4500|カエデ事務機|lgwan|2/1/1|f_north|n_lg_wan||",
];

/// Devices of each working unit, in the columns of [`HARDWARE`] with the units in
/// place of the department (`*` for all) and the unit's own premises as location. In
/// the name, `{u}` is the unit and a count follows its staff: `{n}` one each, `{m}` two
/// in three, `{q}` one in four, `{l}` one in five.
const UNIT_DEVICES: &[&str] = &[
    "t_lg|業務端末（LGWAN接続系・{u}）{n}台|*|MD-PC5400|ミドリ電機|lgwan|2/1/1||n_lg|個々の端末は資産管理ソフトで管理する。|",
    "t_mn|業務端末（マイナンバー利用事務系・{u}）{m}台|310,311,320,330,410,420,510,520,910|MD-PC5400|ミドリ電機|mynumber|2/2/1||n_mn|生体認証でログオンする。|",
    "mfp|複合機（{u}）|*|KE-MF6500|カエデ事務機|lgwan|2/1/1||n_lg|ICカードで認証してから印刷物を出力する。|",
    "usb|USBメモリ（暗号化・{u}）{q}本|*|SB-32E|アオバ情報機器||2/1/1|||所属長が貸出簿で管理する。|",
    "pc|持出用ノートPC（{u}）{l}台|410,420,520,710,910|MD-NB3300|ミドリ電機|lgwan|2/1/1||n_lg|ディスク暗号化済み。持出しは所属長の許可による。|",
    "old|業務端末（{u}・更新前機種）{n}台|310,320,330,410,510|MD-PC4100|ミドリ電機|lgwan|2/1/1|||令和7年度に更新し、データ消去証明を受けて廃棄した。|disposed",
];

/// `key|name|dept|vendor|version|licence|layer|c/i/a|runs on|connected to|provider|description|status`
const SOFTWARE: &[&str] = &[
    "s_jyuki|住民記録システム|311|ツバキソフト|8.2|保守付き永続ライセンス|mynumber|3C/2/2|h_kikan1||||",
    "s_cs|住基ネット CSソフトウェア|311|地方公共団体情報システム機構|R7.1|機構提供|mynumber|3C/2/2|h_cs||地方公共団体情報システム機構||",
    "s_tax|税務システム（住民税・固定資産税・収納）|320|ツバキソフト|8.2|保守付き永続ライセンス|mynumber|3C/2/2|h_kikan1||||",
    "s_kokuho|国保・年金システム|330|ツバキソフト|8.1|保守付き永続ライセンス|mynumber|3C/2/2|h_kikan2||||",
    "s_fukushi|福祉システム（生活保護・障害福祉）|410|ハクチョウ・システムズ|5.4|年間利用契約|mynumber|3C/2/2|h_kikan2||||",
    "s_kodomo|子ども・子育て支援システム（児童手当・保育）|510|ハクチョウ・システムズ|5.4|年間利用契約|mynumber|3C/2/2|h_kikan2||||",
    "s_kenko|健康管理システム（健診・予防接種）|520|サクラ情報サービス|3.9|年間利用契約|mynumber|2/2/1|h_kenko_sv||||",
    "s_atena|団体内統合宛名システム|131|ツバキソフト|2.3|保守付き永続ライセンス|mynumber|3C/2/2|h_atena||||",
    "s_chukan|中間サーバー接続ソフト|131|地方公共団体情報システム機構|4.0|機構提供|mynumber|3C/2/2|h_chukan||||",
    "s_zaimu|財務会計システム|800|サクラ情報サービス|11.0|年間利用契約|lgwan|2/2/2|h_vm1||||",
    "s_bunsho|文書管理システム|110|サクラ情報サービス|6.2|年間利用契約|lgwan|2/2/1|h_vm1|||令和8年度に旧システムから移行。|",
    "s_gw|グループウェア|130|ツバキソフト|10.4|1,900ユーザー|lgwan|2/1/1|h_vm2||||",
    "s_mail|庁内メール（LGWAN）|130|ツバキソフト|10.4|1,900ユーザー|lgwan|2/1/2|h_vm2||||",
    "s_jinji|人事給与システム|120|サクラ情報サービス|7.0|年間利用契約|lgwan|2/2/1|h_vm3||||",
    "s_road|道路台帳システム（GIS）|710|アオバ情報機器|4.2|5ライセンス|lgwan|1/2/1|h_vm3||||",
    "s_gakurei|学齢簿・就学援助システム|910|ハクチョウ・システムズ|3.1|年間利用契約|lgwan|2/2/1|h_vm3||||",
    "s_kankyo|環境・ごみ収集管理システム|610|サクラ情報サービス|2.8|年間利用契約|lgwan|2/1/1|h_vm3||||",
    "s_log|資産管理・ログ管理ソフト|131|ツバキソフト|12.1|1,200台|lgwan|2/2/1|h_vm2||||",
    "s_av|ウイルス対策ソフト（管理サーバ）|131|カエデネットワークス|2026|1,300台 年間|lgwan|2/2/2|h_vm2||||",
    "s_ad|ディレクトリサービス（認証基盤）|131|ツバキソフト|2022|サーバ・CAL|lgwan|2/2/2|h_ad_lg||||",
    "s_backup|バックアップソフト|131|アオバ情報機器|9.3|サーバ2台分|mynumber|2/2/2|h_backup||||",
    "s_vdi|インターネット閲覧・メール（画面転送方式）|131|カエデネットワークス|6.0|1,200ユーザー|internet|2/1/1|h_vdi||||",
    "s_mutoku|ファイル無害化ソフト|131|カエデネットワークス|3.2|年間|internet|2/2/1|h_mutoku||||",
    "s_cms|ホームページ管理システム（CMS）|110|サクラ情報サービス|クラウド|年間利用契約|internet|1/2/1||n_inet|サクラ情報サービス（クラウド）|公開前に所属長が承認する。|",
    "s_shinsei|電子申請システム（県共同利用）|110|県・市町村共同|クラウド|共同利用負担金|lgwan|2/2/1||n_lgwan|県（共同調達）|LGWAN-ASPとして利用する。|",
    "s_kaigiroku|会議録検索システム|950|ハクチョウ・システムズ|クラウド|年間利用契約|internet|1/2/1||n_inet|ハクチョウ・システムズ（クラウド）||",
    "s_office|オフィスソフト|130|ツバキソフト|2024|ボリュームライセンス 1,300|lgwan|1/1/1||||全業務端末に導入。|",
    "s_old_bunsho|旧文書管理システム|110|サクラ情報サービス|4.5|保守終了|lgwan|2/2/1|h_sv_old|||データ移行済み。参照のみ。|retired",
];

/// Per working unit: `unit|name|business process|form|personal|persons|c/i/a|retention|stored on|user scope|status`.
/// `*` is every unit and `{u}` its name; forms are E electronic, P paper, B both (the
/// paper copy kept on the unit's premises), Y paper filed per fiscal year (three
/// years listed); personal is n none, p 個人情報, s 要配慮個人情報, m 特定個人情報, o 個人情報
/// that the city's ordinance treats as 要配慮; persons `~` is the unit's headcount.
const DATA: &[&str] = &[
    "*|職員名簿（{u}）|庶務・服務管理|E|p|~|2/1/1|常用|h_file|{u} 職員",
    "*|起案・決裁文書（{u}）|文書事務|E|n||2/2/1|10年|s_bunsho|",
    "*|契約書・仕様書（{u}）|契約事務|P|n||2/2/1|5年|f_archive|",
    "*|出勤簿・休暇等届出（{u}）|庶務・服務管理|P|p|~|2/1/1|5年|f_office|{u} 所属長・庶務担当",
    "*|収受・発送文書綴（{u}）|文書事務|P|p||2/1/1|5年|f_office|",
    "*|課内会議資料（{u}）|課内調整|E|n||2/1/1|1年|h_file|",
    "*|予算要求・執行資料（{u}）|予算・経理|E|n||2/1/1|5年|s_zaimu|",
    "*|ホームページ掲載原稿（{u}）|広報・情報発信|E|n||1/2/1|1年|s_cms|",
    "110|例規集（条例・規則原稿）|法制執務|E|n||1/2/1|永年|s_bunsho|全職員",
    "110|文書管理台帳|文書管理|E|n||2/2/1|常用|s_bunsho|全職員",
    "110|情報公開請求書・決定通知書|情報公開|Y|p|400|2/2/1|5年|f_archive|",
    "110|個人情報開示請求書・決定通知書|個人情報保護|Y|p|150|3C/2/1|5年|f_archive|総務課 個人情報保護担当",
    "110|広報みどり 原稿・写真|広報|E|n||1/2/1|5年|h_file|",
    "110|公印管理簿|公印管理|P|n||2/2/1|永年|f_office|",
    "110|庁舎入退室記録|庁舎管理|E|p|2000|2/2/1|1年|h_entry|総務課 庁舎管理担当",
    "110|防犯カメラ映像（本庁舎）|庁舎管理|E|p||3C/2/1|1年|h_cam|総務課 庁舎管理担当",
    "120|人事記録（職員台帳）|人事管理|E|p|1850|3C/2/1|常用|s_jinji|人事課 人事担当",
    "120|給与支給・源泉徴収データ|給与事務|E|m|1850|3B/2/2|7年|s_jinji|人事課 給与担当",
    "120|扶養控除等申告書|給与事務|Y|m|1850|3B/2/1|7年|f_archive|人事課 給与担当",
    "120|職員健康診断結果|健康管理|B|s|1850|3B/2/1|5年|s_jinji|人事課 健康管理担当・産業医",
    "120|人事評価記録|人事評価|E|p|1850|3A/2/1|5年|s_jinji|人事課長・人事担当",
    "120|人事異動内示案|人事異動|E|p|400|3A/2/1|1年|h_file|人事課長・人事担当",
    "120|懲戒処分記録|服務|P|p|20|3A/2/1|30年|f_archive|人事課長",
    "120|職員採用試験 答案・採点表|職員採用|Y|p|600|3C/2/1|1年|f_archive|",
    "120|研修受講記録|研修|E|p|1850|2/1/1|5年|h_file|",
    "130|ネットワーク構成図・機器設定書|情報システム管理|E|n||3C/2/2|常用|h_file|情報政策課 システム担当",
    "130|管理者パスワード封印台帳|情報システム管理|P|n||3A/2/1|常用|f_srv|情報政策課長・システム係長",
    "130|特権ID管理台帳|情報システム管理|E|p|40|3C/2/1|5年|s_ad|情報政策課 システム担当",
    "130|アクセスログ・操作ログ|情報システム管理|E|p|1850|3C/2/1|1年|s_log|情報政策課 システム担当",
    "130|情報セキュリティ監査報告書|情報セキュリティ監査|E|n||3C/2/1|5年|h_file|CISO・情報政策課",
    "130|セキュリティインシデント対応記録|インシデント対応|E|p|50|3C/2/1|5年|h_file|CSIRT",
    "130|外部委託先管理台帳|委託管理|E|n||2/2/1|5年|h_file|",
    "130|情報セキュリティ研修 受講記録|研修|E|p|1850|2/1/1|5年|s_gw|",
    "131|住民記録システム バックアップデータ|バックアップ運用|E|m|230000|3B/2/2|2027-03-31|h_backup|システム係（委託先運用者を含む）",
    "131|LGWAN接続系 ファイルサーバ バックアップ|バックアップ運用|E|p||3C/2/2|1年|h_lto|システム係",
    "131|住民情報 移行用抽出データ|システム更改|E|m|212000|3B/2/1|2026-03-31|h_file|システム係|disposed",
    "131|システム運用手順書|情報システム運用|E|n||2/2/2|常用|h_file|",
    "131|障害・作業記録|情報システム運用|E|n||2/2/1|5年|s_gw|",
    "131|外部記録媒体 持出管理簿|媒体管理|P|p|60|2/2/1|5年|f_srv|",
    "220|予算編成資料（公表前）|予算編成|E|n||3C/2/1|10年|s_zaimu|財政課",
    "220|予算書・決算書（公表用）|予算・決算|E|n||1/2/1|永年|h_file|全職員",
    "220|入札予定価格調書|契約・入札|Y|n||3A/2/1|5年|f_archive|財政課 契約担当（決裁者に限る）",
    "220|入札参加資格者名簿|契約・入札|E|p|1200|2/2/1|5年|s_zaimu|",
    "220|地方債台帳|財政管理|E|n||2/2/1|永年|s_zaimu|",
    "220|公有財産台帳|財産管理|E|n||2/2/1|永年|s_zaimu|",
    "310|住民票写し等交付請求書|証明書交付|Y|p|48000|3C/2/1|5年|f_archive|市民課 窓口担当・窓口業務委託先",
    "310|マイナンバーカード交付・管理記録|個人番号カード事務|E|m|150000|3B/2/2|常用|s_jyuki|市民課 マイナンバーカード担当",
    "310|個人番号カード交付申請書（窓口受付分）|個人番号カード事務|Y|m|9000|3B/2/1|5年|f_archive|",
    "310|印鑑登録原票|印鑑登録|P|p|95000|3C/2/1|常用|f_archive|",
    "310|戸籍届書（写し）|戸籍事務|Y|p|5000|3C/2/1|5年|f_archive|",
    "310|窓口混雑状況・取扱件数統計|窓口サービス|E|n||1/1/1|1年|h_file|",
    "310|証明書交付請求書（東支所）|証明書交付（支所）|Y|p|6000|3C/2/1|5年|f_east|東支所 職員",
    "310|証明書交付請求書（西支所）|証明書交付（支所）|Y|p|5000|3C/2/1|5年|f_west|西支所 職員",
    "310|証明書交付請求書（北支所）|証明書交付（支所）|Y|p|4000|3C/2/1|5年|f_north|北支所 職員",
    "310|窓口業務委託 業務報告書|窓口業務委託|E|n||2/2/1|5年|h_file|",
    "311|住民基本台帳（住民票データ）|住民基本台帳事務|E|m|212000|3B/2/2|常用|s_jyuki|住民記録係 職員",
    "311|住民票の除票|住民基本台帳事務|E|m|64000|3B/2/1|永年|s_jyuki|",
    "311|戸籍の附票|戸籍附票事務|E|p|268000|3B/2/2|常用|s_jyuki|",
    "311|住民異動届|住民基本台帳事務|Y|m|21000|3B/2/1|5年|f_archive|",
    "311|本人確認情報（住基ネット）|住基ネット事務|E|m|212000|3B/2/2|常用|s_cs|",
    "311|DV等支援措置 対象者一覧|住民基本台帳事務（支援措置）|B|o|180|3A/2/2|常用|s_jyuki|住民記録係長・指定職員",
    "311|住民票コード通知 返戻分|住民基本台帳事務|P|m|300|3B/2/1|1年|f_office|",
    "311|職権記載・消除 実態調査記録|実態調査|P|p|400|3C/2/1|5年|f_archive|",
    "320|個人住民税 課税台帳|個人住民税|E|m|112000|3B/2/2|常用|s_tax|税務課 市民税担当",
    "320|固定資産課税台帳|固定資産税|E|p|71000|3C/2/2|常用|s_tax|税務課 資産税担当",
    "320|給与支払報告書|個人住民税|Y|m|98000|3B/2/1|5年|f_archive|",
    "320|確定申告書・住民税申告書（写し）|個人住民税|Y|m|42000|3B/2/1|5年|f_archive|",
    "320|滞納整理記録（差押・交渉経過）|収納・滞納整理|B|p|5200|3B/2/1|5年|s_tax|税務課 収納担当",
    "320|口座振替・収納データ|収納|E|p|88000|3C/2/2|5年|s_tax|",
    "320|課税・納税証明書 交付申請書|税証明|Y|p|15000|3C/2/1|1年|f_archive|",
    "320|家屋評価調書|固定資産税|P|p|52000|2/2/1|30年|f_archive2|",
    "320|税務概要（公表用）|税務統計|E|n||1/2/1|10年|h_file|全職員",
    "330|国民健康保険 被保険者資格データ|国民健康保険|E|m|38000|3B/2/2|常用|s_kokuho|",
    "330|国民健康保険 給付記録（高額療養費等）|国民健康保険|E|s|21000|3B/2/1|5年|s_kokuho|",
    "330|国民健康保険税 賦課・収納データ|国民健康保険|E|m|24000|3B/2/2|5年|s_kokuho|",
    "330|国民年金 被保険者記録|国民年金|E|m|19000|3B/2/1|常用|s_kokuho|",
    "330|後期高齢者医療 資格・保険料データ|後期高齢者医療|E|m|31000|3B/2/2|常用|s_kokuho|",
    "330|国保資格取得・喪失届|国民健康保険|Y|m|9000|3B/2/1|5年|f_archive|",
    "330|年金相談記録|国民年金|P|p|1500|3C/2/1|5年|f_office|",
    "330|レセプト点検結果|国民健康保険|E|s|38000|3B/2/1|5年|h_file|国保年金課 給付担当",
    "410|生活保護 ケース記録|生活保護|B|s|2100|3B/2/1|5年|s_fukushi|福祉総務課 ケースワーカー",
    "410|生活保護 決定・支給データ|生活保護|E|m|2100|3B/2/2|5年|s_fukushi|",
    "410|避難行動要支援者名簿|災害時要援護者支援|B|s|6200|3B/2/2|常用|s_fukushi|福祉総務課・防災担当（平常時は同意者分のみ外部提供）",
    "410|民生委員・児童委員 名簿|民生委員|E|p|310|2/1/1|常用|h_file|",
    "410|福祉相談記録|福祉相談|P|s|900|3B/2/1|5年|f_office|",
    "410|社会福祉法人 指導監査資料|法人指導|P|n||2/2/1|5年|f_archive|",
    "410|家庭訪問記録（持出用端末）|生活保護|E|s|600|3B/2/1|1年|pc_410|福祉総務課 ケースワーカー",
    "420|身体障害者手帳 交付台帳|障害者手帳|E|s|7400|3B/2/2|常用|s_fukushi|",
    "420|療育手帳 交付台帳|障害者手帳|E|s|1900|3B/2/2|常用|s_fukushi|",
    "420|精神障害者保健福祉手帳 交付台帳|障害者手帳|E|s|2600|3B/2/2|常用|s_fukushi|",
    "420|障害福祉サービス 支給決定データ|障害福祉サービス|E|m|3300|3B/2/2|5年|s_fukushi|",
    "420|障害福祉サービス 支給申請書|障害福祉サービス|Y|m|1200|3B/2/1|5年|f_archive|",
    "420|医師意見書・診断書|障害認定|Y|s|1500|3B/2/1|5年|f_archive|",
    "420|補装具費 支給記録|補装具|E|s|700|3C/2/1|5年|s_fukushi|",
    "510|児童手当 受給者台帳|児童手当|E|m|14500|3B/2/2|常用|s_kodomo|",
    "510|児童手当 認定請求書・現況届|児童手当|Y|m|2400|3B/2/1|5年|f_archive|",
    "510|児童扶養手当 資格データ|児童扶養手当|E|m|1300|3B/2/2|5年|s_kodomo|",
    "510|保育所等 利用申込書|保育|Y|s|2800|3B/2/1|5年|f_archive|",
    "510|保育所等 入所選考資料|保育|E|s|2800|3B/2/1|5年|s_kodomo|",
    "510|要保護児童 ケース記録|児童虐待対応|B|s|320|3A/2/2|30年|s_kodomo|家庭児童相談担当（指定職員）",
    "510|子育てイベント案内|子育て支援|E|n||1/1/1|1年|s_cms|全職員",
    "520|特定健診・がん検診 結果データ|健康診査|E|s|26000|3B/2/1|5年|s_kenko|",
    "520|予防接種台帳|予防接種|E|m|41000|3B/2/2|常用|s_kenko|",
    "520|母子健康手帳 交付記録|母子保健|E|s|1600|3B/2/1|10年|s_kenko|",
    "520|乳幼児健診 問診票|母子保健|Y|s|4500|3B/2/1|5年|f_health|健康増進課 保健師・管理栄養士",
    "520|健康相談・訪問指導記録|保健指導|B|s|1800|3B/2/1|5年|s_kenko|健康増進課 保健師",
    "520|健康教室 参加者名簿|健康づくり|P|p|400|2/1/1|1年|f_health|",
    "520|保健だより 原稿|健康づくり|E|n||1/1/1|1年|s_cms|全職員",
    "520|感染症 対応記録|感染症対策|E|s|3000|3B/2/1|10年|h_file|健康増進課 保健師",
    "610|ごみ収集カレンダー原稿|廃棄物対策|E|n||1/2/1|1年|s_cms|全職員",
    "610|一般廃棄物処理業 許可台帳|廃棄物対策|E|p|60|2/2/1|常用|s_kankyo|",
    "610|犬の登録台帳|動物愛護|E|p|9400|2/2/1|常用|s_kankyo|",
    "610|粗大ごみ収集 申込記録|廃棄物対策|E|p|7800|2/1/1|1年|s_kankyo|",
    "610|公害苦情 相談記録|公害対策|P|p|150|3C/2/1|5年|f_archive|",
    "610|環境測定データ（大気・水質）|環境監視|E|n||1/2/1|30年|h_file|全職員",
    "710|道路台帳（図面・調書）|道路管理|E|n||1/2/2|永年|s_road|全職員",
    "710|道路占用許可 申請書|道路管理|Y|p|900|2/2/1|5年|f_archive|",
    "710|工事設計書・図面|道路工事|E|n||2/2/1|10年|h_file|",
    "710|工事積算資料（入札前）|道路工事|E|n||3A/2/1|5年|h_file|道路課長・積算担当",
    "710|道路損傷 通報記録|道路維持|E|p|1300|2/1/1|1年|s_gw|",
    "710|境界確定 図面・協議書|用地管理|P|p|2500|2/2/1|永年|f_archive2|",
    "710|工事現場写真（持出用端末）|道路工事|E|n||2/1/1|1年|pc_710|",
    "800|支出命令書・支出負担行為書|会計事務|Y|p|8000|2/2/1|5年|f_archive|",
    "800|債権者（支払先）登録データ|会計事務|E|p|8200|3C/2/2|常用|s_zaimu|会計課・各課会計担当",
    "800|公金収納 日計表|公金収納|P|n||2/2/1|5年|f_archive|",
    "800|決算書・附属書類|決算|E|n||1/2/1|永年|s_zaimu|全職員",
    "800|指定金融機関 振込依頼データ|会計事務|E|p|8200|3C/2/2|5年|s_zaimu|",
    "910|学齢簿|就学事務|E|p|16300|3C/2/2|5年|s_gakurei|",
    "910|就学援助 認定データ|就学援助|E|m|2300|3B/2/1|5年|s_gakurei|",
    "910|就学援助 申請書|就学援助|Y|m|2300|3B/2/1|5年|f_archive|",
    "910|就学相談・教育支援 記録|教育支援|P|s|450|3B/2/1|5年|f_office|",
    "910|いじめ重大事態 調査記録|生徒指導|P|s|12|3A/2/1|10年|f_archive|学校教育課長・指導主事（指定職員）",
    "910|教職員 連絡名簿|学校人事|E|p|1100|2/1/1|常用|h_file|",
    "910|学校施設台帳|学校施設管理|E|n||1/2/1|常用|h_file|全職員",
    "950|本会議 会議録|議会運営|E|n||1/2/1|永年|s_kaigiroku|公開",
    "950|委員会 記録|議会運営|E|n||1/2/1|永年|s_kaigiroku|公開",
    "950|秘密会 記録|議会運営|P|n||3A/2/1|永年|f_council|議会事務局長（議長の許可を要する）",
    "950|議員名簿・連絡先|議会運営|E|p|30|2/1/1|常用|h_file|",
    "950|政務活動費 収支報告書|政務活動費|Y|n||1/2/1|5年|f_council|公開",
    "950|請願・陳情文書|議会運営|Y|p|80|2/2/1|5年|f_council|",
    "950|会議録 反訳原稿|議会運営|E|n||2/2/1|1年|h_file|",
];

/// Fiscal years whose paper files are listed one per year (令和6〜8年度).
const FILE_YEARS: [i32; 3] = [2024, 2025, 2026];

/// Builds the register for `city`. `today` places review dates around the day the demo
/// is loaded, so that a few reviews are overdue and most are not whenever it is run;
/// the same seed and day always give the same register.
pub fn generate_assets(city: &DemoCity, seed: u64, today: NaiveDate) -> Vec<DemoAsset> {
    let mut b = Builder::new(city, seed, today);
    for line in FACILITIES {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Facility, f.at(1), f.at(2), f.at(6));
        (input.building, input.room, input.location) = (f.s(3), f.s(4), f.s(5));
        (input.contractor, input.description) = (f.s(7), f.s(8));
        b.push(f.at(0), input, &[]);
    }
    for line in NETWORKS {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Network, f.at(1), "131", f.at(5));
        (input.network_layer, input.segment, input.address_range) = (f.s(2), f.s(3), f.s(4));
        (input.provider, input.description) = (f.s(6), f.s(7));
        b.push(f.at(0), input, &[]);
    }
    for line in HARDWARE {
        let f = Line::new(line);
        b.device(f.at(0), f.at(1), f.at(2), &f);
    }
    for line in UNIT_DEVICES {
        b.unit_devices(&Line::new(line));
    }
    for line in SOFTWARE {
        let f = Line::new(line);
        let mut input = b.base(AssetKind::Software, f.at(1), f.at(2), f.at(7));
        (input.vendor, input.version, input.licence) = (f.s(3), f.s(4), f.s(5));
        (input.network_layer, input.provider, input.description) = (f.s(6), f.s(10), f.s(11));
        if !f.at(12).is_empty() {
            input.status = f.s(12);
        }
        let rels = [
            (RelationKind::RunsOn, f.at(8)),
            (RelationKind::ConnectedTo, f.at(9)),
        ];
        b.push(f.at(0), input, &rels);
    }
    for line in DATA {
        b.data(&Line::new(line));
    }
    b.out
}

/// The register as a CSV file in the importer's columns (those an export writes), with
/// the importance the default scheme derives, so that the import has nothing to warn of.
pub fn register_file(assets: &[DemoAsset]) -> Vec<u8> {
    let scheme = Scheme::preset(Preset::Mic2024);
    let importance = |a: &AssetInput| {
        let c = scheme.level(Dimension::C, &a.c);
        match (
            c,
            scheme.level(Dimension::I, &a.i),
            scheme.level(Dimension::A, &a.a),
        ) {
            (Some(c), Some(i), Some(a)) => scheme.importance(c, i, a),
            _ => 0,
        }
    };
    let rows: Vec<Vec<String>> = assets
        .iter()
        .map(|a| {
            export_row(
                &a.input,
                importance(&a.input),
                &format_relations(&a.relations),
            )
        })
        .collect();
    crate::tabular::write_csv(&export_headers(), &mut rows.into_iter())
}

impl App {
    /// Imports the demo register as `actor`. A problem in the plan is an internal error
    /// naming the first one: the generator wrote the file, not a user.
    pub(super) async fn load_demo_assets(
        &self,
        actor: &Actor,
        city: &DemoCity,
        seed: u64,
    ) -> AppResult<ImportPlan> {
        let bytes = register_file(&generate_assets(city, seed, self.today()));
        let plan = self
            .import_assets(actor, &bytes, &ImportOptions::default(), true)
            .await?;
        match plan.errors.first() {
            Some(e) => Err(AppError::Internal(format!(
                "demo asset register, row {} column {:?} value {:?}: {}",
                e.row, e.column, e.value, e.en
            ))),
            None => Ok(plan),
        }
    }
}

/// The fields of a table line; a missing field reads as empty.
struct Line<'l>(Vec<&'l str>);

impl<'l> Line<'l> {
    fn new(line: &'l str) -> Self {
        Self(line.split('|').collect())
    }

    fn at(&self, i: usize) -> &'l str {
        self.0.get(i).copied().unwrap_or("")
    }

    fn s(&self, i: usize) -> String {
        self.at(i).to_owned()
    }
}

/// SplitMix64 on a stream of its own, so the register does not shift when the roster
/// draws more or fewer numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    /// A day in `from..=to`.
    fn day(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = u64::try_from((to - from).num_days()).unwrap_or(0);
        from + Days::new(self.below(span + 1))
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

struct Builder<'a> {
    rng: Rng,
    today: NaiveDate,
    /// Department code → its name and its path as the department index prints it
    /// (市民生活部/市民課), which the importer resolves.
    units: HashMap<&'a str, (&'a str, String)>,
    /// Units below the 部 level, in the city's order: where the work and the data are.
    working: Vec<&'a str>,
    /// Department code → employee number of its head (its first regular employee).
    heads: HashMap<&'a str, &'a str>,
    headcount: HashMap<&'a str, usize>,
    /// Table key → (asset number, name).
    keys: HashMap<String, (String, String)>,
    serials: HashMap<&'static str, u64>,
    out: Vec<DemoAsset>,
}

impl<'a> Builder<'a> {
    fn new(city: &'a DemoCity, seed: u64, today: NaiveDate) -> Self {
        let by_code: HashMap<&str, _> = city
            .departments
            .iter()
            .map(|d| (d.code.as_str(), d))
            .collect();
        let path = |code: &str| {
            let mut names = Vec::new();
            let mut at = by_code.get(code);
            while let Some(d) = at {
                names.insert(0, d.name.as_str());
                at = d.parent_code.as_deref().and_then(|p| by_code.get(p));
            }
            names.join("/")
        };
        let (mut heads, mut headcount) = (HashMap::new(), HashMap::new());
        for s in &city.staff {
            let code = s.department_code.as_str();
            *headcount.entry(code).or_insert(0) += 1;
            if s.category == "regular" {
                heads.entry(code).or_insert(s.employee_number.as_str());
            }
        }
        let depts = &city.departments;
        Self {
            rng: Rng(seed ^ 0x6173_7365_7473_2121),
            today,
            units: depts
                .iter()
                .map(|d| (d.code.as_str(), (d.name.as_str(), path(&d.code))))
                .collect(),
            working: depts
                .iter()
                .filter(|d| d.kind != "bu")
                .map(|d| d.code.as_str())
                .collect(),
            heads,
            headcount,
            keys: HashMap::new(),
            serials: HashMap::new(),
            out: Vec::new(),
        }
    }

    fn unit_name(&self, code: &'a str) -> &'a str {
        self.units.get(code).map_or(code, |u| u.0)
    }

    fn number(&mut self, kind: AssetKind) -> String {
        let prefix = match kind {
            AssetKind::Facility => "F",
            AssetKind::Network => "N",
            AssetKind::Hardware => "H",
            AssetKind::Software => "S",
            _ => "A",
        };
        let n = self.serials.entry(prefix).or_insert(0);
        *n += 1;
        match prefix {
            "N" => format!("N-{n:02}"),
            "H" => format!("H-{n:04}"),
            "A" => AssetNumber::generated(*n).as_str().to_owned(),
            _ => format!("{prefix}-{n:03}"),
        }
    }

    /// The fields every asset has. About one review in eight has already passed; the
    /// rest fall within the next eighteen months.
    fn base(&mut self, kind: AssetKind, name: &str, unit: &str, cia: &str) -> AssetInput {
        let mut levels = cia.split('/').map(str::to_owned);
        let registered = self.rng.day(ymd(2017, 4, 1), ymd(2025, 3, 31));
        let t = self.today;
        let review = if self.rng.percent(12) {
            self.rng.day(t - Days::new(240), t - Days::new(15))
        } else {
            self.rng.day(t + Days::new(20), t + Days::new(540))
        };
        AssetInput {
            number: self.number(kind),
            kind: kind.code().to_owned(),
            name: name.to_owned(),
            department: self
                .units
                .get(unit)
                .map_or_else(|| unit.to_owned(), |u| u.1.clone()),
            owner: self
                .heads
                .get(unit)
                .map(|s| (*s).to_owned())
                .unwrap_or_default(),
            status: AssetStatus::InUse.code().to_owned(),
            registered_on: iso(registered),
            review_on: iso(review),
            c: levels.next().unwrap_or_default(),
            i: levels.next().unwrap_or_default(),
            a: levels.next().unwrap_or_default(),
            ..AssetInput::default()
        }
    }

    /// Records the asset under `key` (if any). Relation targets are table keys; one
    /// that names nothing stays as `?key`, which is no asset's number, so the import
    /// and the tests catch it.
    fn push(&mut self, key: &str, mut input: AssetInput, rels: &[(RelationKind, &str)]) {
        if !key.is_empty() {
            self.keys
                .insert(key.to_owned(), (input.number.clone(), input.name.clone()));
        }
        // A disposed asset has nothing left to review and sits on nothing.
        let disposed = input.status == AssetStatus::Disposed.code();
        if disposed {
            input.review_on.clear();
        }
        let number = |k: &str| {
            self.keys
                .get(k)
                .map_or_else(|| format!("?{k}"), |v| v.0.clone())
        };
        let relations = rels
            .iter()
            .filter(|(_, k)| !k.is_empty() && !disposed)
            .map(|(kind, k)| (*kind, number(k)))
            .collect();
        self.out.push(DemoAsset { input, relations });
    }

    /// A device in the columns of [`HARDWARE`]; an empty location is the unit's own
    /// premises.
    fn device(&mut self, key: &str, name: &str, unit: &'a str, f: &Line<'_>) {
        let mut input = self.base(AssetKind::Hardware, name, unit, f.at(6));
        (input.model, input.vendor, input.network_layer) = (f.s(3), f.s(4), f.s(5));
        input.description = f.s(9);
        // A group counted in the name ("12台", "4本") has no one serial number.
        let chars: Vec<char> = name.chars().collect();
        if !chars
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && matches!(w[1], '台' | '本'))
        {
            input.serial = format!("SN{:08}", self.rng.below(100_000_000));
        }
        let reiwa = input
            .registered_on
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(2019)
            - 2018;
        input.asset_tag = format!("R{reiwa}-{:04}", self.rng.below(10_000));
        if !f.at(10).is_empty() {
            input.status = f.s(10);
        }
        let site = match (f.at(7), unit) {
            ("", "520") => "f_health",
            ("", "950") => "f_council",
            ("", _) => "f_office",
            (site, _) => site,
        };
        let mut rels = vec![(RelationKind::LocatedIn, site)];
        rels.extend(f.at(8).split(',').map(|n| (RelationKind::ConnectedTo, n)));
        self.push(key, input, &rels);
    }

    /// One line of [`UNIT_DEVICES`] for each unit it applies to.
    fn unit_devices(&mut self, f: &Line<'_>) {
        let units: Vec<&'a str> = match f.at(2) {
            "*" => self.working.clone(),
            list => self
                .working
                .iter()
                .copied()
                .filter(|u| list.split(',').any(|l| l == *u))
                .collect(),
        };
        for u in units {
            let n = self.headcount.get(u).copied().unwrap_or(1).max(1);
            let name = f
                .at(1)
                .replace("{u}", self.unit_name(u))
                .replace("{n}", &n.to_string())
                .replace("{m}", &(n * 2 / 3).max(2).to_string())
                .replace("{q}", &(n / 4 + 1).to_string())
                .replace("{l}", &(n / 5 + 1).to_string());
            self.device(&format!("{}_{u}", f.at(0)), &name, u, f);
        }
    }

    /// One line of [`DATA`]: for `*`, one asset per unit; form B gives an electronic and
    /// a paper asset, form Y one paper file per fiscal year.
    fn data(&mut self, f: &Line<'_>) {
        let units = match f.at(0) {
            "*" => self.working.clone(),
            u => vec![u],
        };
        for u in units {
            let unit_name = self.unit_name(u);
            let name = f.at(1).replace("{u}", unit_name);
            let store = f.at(8);
            let premises = match u {
                _ if store.starts_with("f_") => store,
                "520" => "f_health",
                _ => "f_office",
            };
            let (paper, electronic) = (AssetKind::DataPaper, AssetKind::DataElectronic);
            let items: Vec<(String, AssetKind, &str, Option<i32>)> = match f.at(3) {
                "E" => vec![(name, electronic, store, None)],
                "P" => vec![(name, paper, premises, None)],
                "B" => vec![
                    (format!("{name}（紙）"), paper, premises, None),
                    (name, electronic, store, None),
                ],
                _ => FILE_YEARS
                    .iter()
                    .map(|&y| {
                        (
                            format!("{name}（令和{}年度）", y - 2018),
                            paper,
                            premises,
                            Some(y),
                        )
                    })
                    .collect(),
            };
            for (name, kind, home, year) in items {
                let mut input = self.base(kind, &name, u, f.at(6));
                input.business_process = f.s(2);
                input.user_scope = match f.at(9) {
                    "" => format!("{unit_name} 職員"),
                    s => s.replace("{u}", unit_name),
                };
                let held_in = self.keys.get(home).map(|v| v.1.clone()).unwrap_or_default();
                input.medium = match kind {
                    AssetKind::DataPaper => format!("紙（簿冊）・{held_in}"),
                    _ => format!("電子データ（{held_in}）"),
                };
                let personal = match f.at(4) {
                    "p" | "o" => PersonalDataKind::Personal,
                    "s" => PersonalDataKind::Sensitive,
                    "m" => PersonalDataKind::MyNumber,
                    _ => PersonalDataKind::None,
                };
                input.personal_data = personal.code().to_owned();
                if f.at(4) == "o" {
                    input.ordinance_sensitive = "○".into();
                }
                input.persons = match f.at(5) {
                    "" => String::new(),
                    "~" => self.headcount.get(u).copied().unwrap_or(1).to_string(),
                    n => {
                        (n.parse::<u64>().unwrap_or(0) * (96 + self.rng.below(9)) / 100).to_string()
                    }
                };
                input.retention = f.s(7);
                if !f.at(10).is_empty() {
                    input.status = f.s(10);
                } else if self.rng.percent(3) {
                    input.status = AssetStatus::Retired.code().to_owned();
                    input.notes =
                        "事務の見直しで新たな作成を止めた。保存期間が満ちるまで保管する。".into();
                }
                if let Some(year) = year {
                    self.fiscal_file(&mut input, year);
                }
                self.push("", input, &[(RelationKind::StoredOn, home)]);
            }
        }
    }

    /// A file of one fiscal year: registered when the year opened, kept until a date
    /// counted from the year's close, and disposed once that date has passed.
    fn fiscal_file(&mut self, input: &mut AssetInput, year: i32) {
        input.registered_on = iso(self.rng.day(ymd(year, 4, 1), ymd(year, 4, 30)));
        input.description = format!("令和{}年度分。", year - 2018);
        if let Some(n) = input
            .retention
            .strip_suffix('年')
            .and_then(|n| n.parse::<i32>().ok())
        {
            let until = ymd(year + 1 + n, 3, 31);
            input.retention = iso(until);
            if until < self.today {
                input.status = AssetStatus::Disposed.code().to_owned();
                input.notes = "保存期間の満了により溶解処理した（廃棄証明書あり）。".into();
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn register(seed: u64) -> Vec<DemoAsset> {
        generate_assets(&super::super::generate(seed), seed, ymd(2026, 10, 1))
    }

    fn kind(a: &DemoAsset) -> AssetKind {
        AssetKind::parse(&a.input.kind).unwrap()
    }

    #[test]
    fn deterministic_for_a_seed() {
        assert_eq!(register(7), register(7));
        assert_ne!(register(7), register(8));
        assert_eq!(register_file(&register(7)), register_file(&register(7)));
    }

    #[test]
    fn about_500_assets_of_every_kind_numbered_by_kind() {
        let r = register(1);
        assert!((450..=550).contains(&r.len()), "{} assets", r.len());
        for k in AssetKind::ALL {
            assert!(r.iter().filter(|a| kind(a) == k).count() >= 10, "{k:?}");
        }
        let numbers: HashSet<&str> = r.iter().map(|a| a.input.number.as_str()).collect();
        assert_eq!(numbers.len(), r.len(), "numbers repeat");
        for a in &r {
            let n = AssetNumber::parse(&a.input.number).unwrap();
            let prefix = match kind(a) {
                AssetKind::Facility => "F-",
                AssetKind::Network => "N-",
                AssetKind::Hardware => "H-",
                AssetKind::Software => "S-",
                _ => "A-",
            };
            assert!(n.as_str().starts_with(prefix), "{n}");
            assert_eq!(kind(a).is_data(), n.sequence().is_some(), "{n}");
        }
        assert!(numbers.contains("F-001") && numbers.contains("N-01"));
        assert!(numbers.contains("H-0001") && numbers.contains("S-001"));
        assert!(numbers.contains("A-000001"));
    }

    #[test]
    fn every_relation_target_exists_and_fits() {
        let r = register(3);
        let kinds: HashMap<&str, AssetKind> = r
            .iter()
            .map(|a| (a.input.number.as_str(), kind(a)))
            .collect();
        let mut edges = 0;
        for a in &r {
            for (rel, to) in &a.relations {
                let target = kinds.get(to.as_str());
                assert!(target.is_some(), "{} → {to}", a.input.number);
                let target = target.copied().unwrap();
                assert!(
                    rel.allows(kind(a), target),
                    "{} {rel:?} {to}",
                    a.input.number
                );
                edges += 1;
            }
            let disposed = a.input.status == AssetStatus::Disposed.code();
            // Everything still held is kept somewhere; what is gone sits nowhere.
            if kind(a).is_data() {
                assert_eq!(a.relations.is_empty(), disposed, "{}", a.input.name);
            }
            if disposed {
                assert!(a.relations.is_empty() && a.input.review_on.is_empty());
            }
        }
        assert!(edges > 400, "{edges}");
    }

    #[test]
    fn departments_owners_and_levels_are_the_citys() {
        let city = super::super::generate(5);
        let r = generate_assets(&city, 5, ymd(2026, 10, 1));
        let staff: HashMap<&str, &str> = city
            .staff
            .iter()
            .map(|s| (s.employee_number.as_str(), s.department_code.as_str()))
            .collect();
        let scheme = Scheme::preset(Preset::Mic2024);
        for a in &r {
            let i = &a.input;
            let dept = city
                .departments
                .iter()
                .find(|d| i.department.rsplit('/').next() == Some(d.name.as_str()));
            let dept = dept.map(|d| d.code.as_str()).unwrap_or("none");
            assert_eq!(staff.get(i.owner.as_str()), Some(&dept), "{}", i.name);
            for (d, code) in [
                (Dimension::C, &i.c),
                (Dimension::I, &i.i),
                (Dimension::A, &i.a),
            ] {
                assert!(scheme.level(d, code).is_some(), "{} {d:?} {code}", i.name);
            }
            let personal = PersonalDataKind::parse(&i.personal_data).unwrap();
            assert!(kind(a).is_data() || personal == PersonalDataKind::None);
            if personal == PersonalDataKind::MyNumber {
                assert_eq!(i.c, "3B", "{}", i.name);
            }
        }
        assert!(city.departments.iter().any(|d| d.code == "310"));
        assert!(r.iter().any(|a| a.input.department == "市民生活部/市民課"));
        let overdue = r.iter().filter(|a| {
            let review = a.input.review_on.as_str();
            !review.is_empty() && review < "2026-10-01"
        });
        assert!(overdue.count() > 20);
        for status in [AssetStatus::Retired, AssetStatus::Disposed] {
            assert!(
                r.iter().any(|a| a.input.status == status.code()),
                "{status:?}"
            );
        }
        assert!(r.iter().any(|a| a.input.c == "3A") && r.iter().any(|a| a.input.c == "1"));
    }

    #[test]
    fn the_file_has_the_importers_columns() {
        let bytes = register_file(&register(2));
        let text = String::from_utf8(bytes).unwrap();
        let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert_eq!(header, export_headers().join(","));
        assert!(
            text.contains("保存先:S-001"),
            "relations are written by label"
        );
    }
}
