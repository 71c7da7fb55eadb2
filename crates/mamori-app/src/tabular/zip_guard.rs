//! A look at an xlsx's ZIP directory before anything is inflated.
//!
//! calamine holds a workbook's shared strings in memory and streams its sheets, so
//! a small upload that declares gigabytes of content ("zip bomb") would cost that
//! much memory or time. The sizes checked here are the ones the archive declares;
//! ZIP writers (Excel included) declare them truthfully, and a forged archive
//! that lies is still bounded by this module's row and cell limits while its
//! sheet is read.

use super::{MAX_XLSX_EXPANDED_BYTES, TabularError};

const EOCD_SIG: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
const CDH_SIG: [u8; 4] = [0x50, 0x4B, 0x01, 0x02];
const EOCD_LEN: usize = 22;
const CDH_LEN: usize = 46;
/// Zip64 marks sizes it moved elsewhere with all-ones; no xlsx needs it.
const ZIP64_U32: u32 = u32::MAX;
const ZIP64_U16: u16 = u16::MAX;

fn bytes_at<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    b.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    bytes_at(b, at).map(u16::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    bytes_at(b, at).map(u32::from_le_bytes)
}

fn invalid(detail: &str) -> TabularError {
    TabularError::InvalidXlsx {
        detail: detail.to_string(),
    }
}

/// Refuses an archive whose entries declare more than
/// [`MAX_XLSX_EXPANDED_BYTES`] in total.
pub(crate) fn check(bytes: &[u8]) -> Result<(), TabularError> {
    // The end-of-central-directory record sits at the end, after a comment of at
    // most 64 KiB; search backwards for its signature.
    let search_from = bytes.len().saturating_sub(EOCD_LEN + usize::from(u16::MAX));
    let eocd = (search_from..=bytes.len().saturating_sub(EOCD_LEN))
        .rev()
        .find(|&i| bytes_at(bytes, i) == Some(EOCD_SIG))
        .ok_or_else(|| invalid("no ZIP end-of-central-directory record"))?;
    let entries = u16_at(bytes, eocd + 10).ok_or_else(|| invalid("truncated EOCD"))?;
    let dir_offset = u32_at(bytes, eocd + 16).ok_or_else(|| invalid("truncated EOCD"))?;
    if entries == ZIP64_U16 || dir_offset == ZIP64_U32 {
        return Err(TabularError::TooLarge);
    }
    let mut at = usize::try_from(dir_offset).map_err(|_| invalid("directory offset"))?;
    let mut total: u64 = 0;
    for _ in 0..entries {
        if bytes_at(bytes, at) != Some(CDH_SIG) {
            return Err(invalid("bad central directory entry"));
        }
        let field = |off: usize| u32_at(bytes, at + off).ok_or_else(|| invalid("truncated entry"));
        let short = |off: usize| u16_at(bytes, at + off).ok_or_else(|| invalid("truncated entry"));
        let compressed = field(20)?;
        let size = field(24)?;
        if compressed == ZIP64_U32 || size == ZIP64_U32 {
            return Err(TabularError::TooLarge);
        }
        total = total.saturating_add(u64::from(size));
        if total > MAX_XLSX_EXPANDED_BYTES {
            return Err(TabularError::TooLarge);
        }
        let name_len = usize::from(short(28)?);
        let extra_len = usize::from(short(30)?);
        let comment_len = usize::from(short(32)?);
        at = at
            .saturating_add(CDH_LEN)
            .saturating_add(name_len)
            .saturating_add(extra_len)
            .saturating_add(comment_len);
    }
    Ok(())
}
