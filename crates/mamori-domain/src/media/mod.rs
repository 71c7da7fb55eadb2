//! Equipment and removable media (§8 physical controls): the register of devices and
//! media a city holds (with where each is kept and who holds it), the inventory that
//! checks them (棚卸), taking them out of the building (持ち出し), and destroying
//! them with their data, with proof (廃棄).
//!
//! A device of the asset register (a PC, a server) and a medium that carries data (a
//! USB memory, a paper ledger) are both *items* here: each has a number, a kind, a
//! serial number, a holder and a place, and the same checks and take-outs apply.

pub mod disposal;
pub mod inventory;
pub mod takeout;

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;

labelled_enum! {
    /// What an item is. Devices come first; the removable media after them are what
    /// an inventory most often finds missing.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ItemKind {
        Pc => ("pc", "パソコン", "Computer", ["PC", "端末", "ノートPC", "ノートパソコン", "タブレット"]),
        Server => ("server", "サーバ", "Server", ["サーバー"]),
        NetworkDevice => ("network_device", "ネットワーク機器", "Network device", ["ルータ", "スイッチ", "NW機器"]),
        Disk => ("disk", "内蔵ディスク", "Internal disk", ["HDD", "SSD", "ハードディスク"]),
        Usb => ("usb", "USBメモリ", "USB memory", ["USB", "USBメモリー"]),
        ExternalDisk => ("external_disk", "外付けディスク", "External disk", ["外付けHDD", "外付けSSD", "ポータブルHDD"]),
        Optical => ("optical", "光ディスク", "Optical disc", ["CD", "DVD", "BD", "CD-R", "DVD-R"]),
        SdCard => ("sd_card", "SDカード", "SD card", ["SD", "microSD", "メモリカード"]),
        PaperLedger => ("paper_ledger", "紙の台帳", "Paper ledger", ["台帳", "紙台帳", "帳簿", "紙"]),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code, either label and the usual words (USB, HDD, DVD, 台帳 …).
    fn parse {
        empty: ("種類が入力されていません。", "The kind is empty."),
        unknown: choices("機器・媒体の種類", "a kind of device or medium"),
    }
}

impl ItemKind {
    /// Removable media: what is carried out in a bag and lost on a train. Their
    /// encryption and the classification they may carry are asked for.
    pub fn is_removable(self) -> bool {
        matches!(
            self,
            ItemKind::Usb
                | ItemKind::ExternalDisk
                | ItemKind::Optical
                | ItemKind::SdCard
                | ItemKind::PaperLedger
        )
    }

    /// Whether it holds data electronically (and so can be encrypted and must be
    /// erased before disposal).
    pub fn is_electronic(self) -> bool {
        self != ItemKind::PaperLedger
    }
}

labelled_enum! {
    /// Where an item is in its life. Out on a take-out is not a status: it is worked out
    /// from the take-outs, so it can never disagree with them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ItemStatus {
        InUse => ("in_use", "使用中", "In use", ["使用", "保管中"]),
        Lost => ("lost", "所在不明", "Missing", ["紛失", "不明"]),
        Disposed => ("disposed", "廃棄済", "Disposed", ["廃棄"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("状態が入力されていません。", "The status is empty."),
        unknown: choices("状態", "a status"),
    }
}

/// An item's number as the register writes it (USB-0001, PC-2024-015): letters, digits,
/// hyphens and underscores, at most 32, upper-cased after width folding so that what a
/// label printer and a spreadsheet write match.
pub fn parse_number(s: &str) -> Result<String, Problem> {
    let n = crate::text::fold_width(s.trim()).to_ascii_uppercase();
    if n.is_empty() {
        return Err(Problem::new(
            "管理番号が入力されていません。",
            "The number is empty.",
        ));
    }
    if n.len() > 32
        || !n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Problem::new(
            format!("管理番号「{s}」は英数字とハイフンで 32 文字以内にしてください。"),
            format!("Write the number \"{s}\" in letters, digits and hyphens, at most 32."),
        ));
    }
    Ok(n)
}

/// A serial number as compared with a certificate or a label: width folded, upper
/// case, without spaces and hyphens, which vendors print differently.
pub fn serial_key(s: &str) -> String {
    crate::text::fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests;
