//! Check marks in the columns of an asset register.

use crate::error::Problem;
use crate::text::{clean, excerpt};

/// Marks that mean "applies" (after width folding, in lower case).
const YES: [&str; 21] = [
    "○", "◯", "〇", "●", "✓", "✔", "レ", "有", "あり", "有り", "該当", "対象", "はい", "1", "true",
    "yes", "y", "○印", "◯印", "〇印", "●印",
];

/// Marks that mean "does not apply". A blank cell is the commonest "no".
const NO: [&str; 19] = [
    "",
    "×",
    "✕",
    "✗",
    "-",
    "ー",
    "―",
    "—",
    "無",
    "なし",
    "無し",
    "0",
    "false",
    "no",
    "n",
    "非該当",
    "該当なし",
    "対象外",
    "いいえ",
];

/// Reads a check column of an asset register (個人情報の有無, 外部持出し …) as offices
/// mark them: ○, ◯, 〇, ●, ✓, レ, 有, あり, 該当, 対象, 1, yes, true for yes; a blank cell,
/// ×, a dash, 無, なし, 非該当, 0, no, false for no. Anything else is an error rather than
/// a guess, since a wrong "no" would leave information unprotected.
pub fn parse_mark(s: &str) -> Result<bool, Problem> {
    let v = clean(s).to_lowercase();
    if YES.contains(&v.as_str()) {
        Ok(true)
    } else if NO.contains(&v.as_str()) {
        Ok(false)
    } else {
        let v = excerpt(&clean(s));
        Err(Problem::new(
            format!(
                "「{v}」は印として読み取れません。該当する場合は ○・✓・レ・有・あり・該当・1、該当しない場合は 空欄・×・-・無・なし・非該当・0 で入力してください。"
            ),
            format!(
                "\"{v}\" is not a mark we read. For yes use ○, ✓, レ, 有, あり, 該当, 1 or yes; for no leave the cell empty or use ×, -, 無, なし, 非該当, 0 or no."
            ),
        ))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn yes_marks() {
        for s in [
            "○",
            "◯",
            "〇",
            "●",
            "✓",
            "✔",
            "レ",
            "ﾚ",
            "有",
            "あり",
            "有り",
            "該当",
            "対象",
            "1",
            "１",
            "TRUE",
            "true",
            "Yes",
            "y",
            "Y",
            "○印",
            " ○ ",
            "\u{3000}〇",
        ] {
            assert!(parse_mark(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn no_marks() {
        for s in [
            "",
            " ",
            "\u{3000}",
            "×",
            "✕",
            "-",
            "－",
            "ー",
            "―",
            "無",
            "なし",
            "無し",
            "0",
            "０",
            "FALSE",
            "false",
            "no",
            "NO",
            "n",
            "非該当",
        ] {
            assert!(!parse_mark(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn other_text_is_refused_with_the_accepted_marks() {
        for bad in ["△", "2", "不明", "済"] {
            let p = parse_mark(bad).unwrap_err();
            assert!(p.ja.contains(&format!("「{bad}」")), "{p}");
            assert!(p.ja.contains("非該当") && p.en.contains("empty"), "{p}");
        }
    }
}
