//! Input normalization that is safe for Japanese names.
//!
//! The design asks for "NFKC where it is safe". Full NFKC is not safe for a register of
//! people: it rewrites CJK compatibility ideographs that appear in family names, turns
//! ① into 1 and ㈱ into (株), and decomposes half-width ﾞ into a combining mark. So this
//! module applies only the parts of NFKC that users mean when they type: full-width
//! ASCII, the ideographic space and half-width katakana. Everything else is left as
//! typed.

use crate::error::Problem;

/// Offset between a full-width ASCII form (U+FF01–U+FF5E) and its ASCII character.
const FULLWIDTH_OFFSET: u32 = 0xFEE0;

/// Full-width forms of the half-width katakana block U+FF61–U+FF9F, in order. The last
/// two are the spacing sound marks, used when a ﾞ/ﾟ has no kana to combine with.
const HALFWIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

const HALFWIDTH_DAKUTEN: char = '\u{FF9E}';
const HALFWIDTH_HANDAKUTEN: char = '\u{FF9F}';
const COMBINING_DAKUTEN: char = '\u{3099}';
const COMBINING_HANDAKUTEN: char = '\u{309A}';

/// Folds the widths users mix up without meaning anything by it: full-width ASCII
/// (including U+FF0D) to ASCII, the ideographic space to a space, and half-width
/// katakana to full-width, joining ﾞ/ﾟ (or a combining mark) to the kana before it.
///
/// Kanji, CJK compatibility ideographs (﨑), circled numbers (①), ㈱ and dash variants
/// such as U+2212 or U+2015 are kept exactly, because they may be part of a name.
pub fn fold_width(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let code = c as u32;
        match c {
            '\u{FF01}'..='\u{FF5E}' => {
                out.push(char::from_u32(code - FULLWIDTH_OFFSET).unwrap_or(c));
            }
            '\u{3000}' => out.push(' '),
            HALFWIDTH_DAKUTEN | COMBINING_DAKUTEN => {
                join_mark(&mut out, c, voiced, '\u{309B}');
            }
            HALFWIDTH_HANDAKUTEN | COMBINING_HANDAKUTEN => {
                join_mark(&mut out, c, semi_voiced, '\u{309C}');
            }
            '\u{FF61}'..='\u{FF9D}' => {
                let index = (code - 0xFF61) as usize;
                out.push(HALFWIDTH_KANA.chars().nth(index).unwrap_or(c));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Replaces the last kana of `out` by its voiced (or semi-voiced) form. A half-width
/// mark that follows nothing it can voice becomes the full-width spacing mark; a
/// combining mark is left as it came.
fn join_mark(out: &mut String, mark: char, compose: fn(char) -> Option<char>, spacing: char) {
    if let Some(joined) = out.chars().next_back().and_then(compose) {
        out.pop();
        out.push(joined);
    } else if mark == HALFWIDTH_DAKUTEN || mark == HALFWIDTH_HANDAKUTEN {
        out.push(spacing);
    } else {
        out.push(mark);
    }
}

/// The kana with a dakuten (カ → ガ), when there is one.
fn voiced(c: char) -> Option<char> {
    match c {
        // In both scripts the voiced form of these is the next code point.
        'か' | 'き' | 'く' | 'け' | 'こ' | 'さ' | 'し' | 'す' | 'せ' | 'そ' | 'た' | 'ち'
        | 'つ' | 'て' | 'と' | 'は' | 'ひ' | 'ふ' | 'へ' | 'ほ' | 'カ' | 'キ' | 'ク' | 'ケ'
        | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ' | 'ツ' | 'テ' | 'ト' | 'ハ'
        | 'ヒ' | 'フ' | 'ヘ' | 'ホ' | 'ゝ' | 'ヽ' => char::from_u32(c as u32 + 1),
        'う' => Some('ゔ'),
        'ウ' => Some('ヴ'),
        'ワ' => Some('ヷ'),
        'ヰ' => Some('ヸ'),
        'ヱ' => Some('ヹ'),
        'ヲ' => Some('ヺ'),
        _ => None,
    }
}

/// The kana with a handakuten (ハ → パ), when there is one.
fn semi_voiced(c: char) -> Option<char> {
    match c {
        'は' | 'ひ' | 'ふ' | 'へ' | 'ほ' | 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ' => {
            char::from_u32(c as u32 + 2)
        }
        _ => None,
    }
}

/// [`fold_width`], then trims and collapses every run of whitespace into one space.
pub fn clean(s: &str) -> String {
    let folded = fold_width(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Hiragana to katakana, one character (others unchanged).
fn hiragana_to_katakana(c: char) -> char {
    match c {
        // ぁ..ゖ and ゝゞ sit exactly 0x60 below their katakana.
        '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

/// [`fold_width`], then hiragana to katakana.
pub fn to_katakana(s: &str) -> String {
    // Kana become katakana before folding, so a sound mark after a hiragana without a
    // composed form (わ゙) composes on the first pass (ヷ), not on a second one.
    let kata: String = s.chars().map(hiragana_to_katakana).collect();
    fold_width(&kata)
}

/// A key for matching names and readings loosely: width folded, ASCII lowercased,
/// hiragana as katakana, without whitespace or the middle dot. "やまだ　たろう",
/// "ヤマダ タロウ" and "ﾔﾏﾀﾞﾀﾛｳ" all give "ヤマダタロウ".
pub fn search_key(s: &str) -> String {
    // Dropping spaces and dots before folding lets a sound mark that followed one join
    // the kana now before it, so that the key of a key is the key itself.
    let kept: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '･'))
        .collect();
    let kata: String = kept.chars().map(hiragana_to_katakana).collect();
    fold_width(&kata)
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A record's search key from several fields: each a [`search_key`], joined by a
/// control character that queries never hold ([`search_query`] drops them), so a
/// query never matches across the end of one field and the start of the next.
pub fn search_key_fields(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| search_key(f))
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The longest free-text query the lists take. Names, titles and numbers are far
/// shorter; a longer "query" is a mistake or an attempt to make the server work.
pub const MAX_QUERY_CHARS: usize = 200;

/// A list's free-text query as the [`search_key`] it is matched with, or `None` when
/// there is nothing to match: an empty query, or one of only spaces and symbols
/// ("  ", "・・", "%%"), lists everything rather than nothing. A query longer than
/// [`MAX_QUERY_CHARS`] is refused.
pub fn search_query(raw: &str) -> Result<Option<String>, Problem> {
    let chars = raw.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(Problem::new(
            format!("検索語が長すぎます（{chars}文字、上限{MAX_QUERY_CHARS}文字）。"),
            format!("The search text is too long ({chars} characters; at most {MAX_QUERY_CHARS})."),
        ));
    }
    // Control characters are never part of what is searched (stored keys use one to
    // keep fields apart).
    let key: String = search_key(raw)
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    Ok(key.chars().any(char::is_alphanumeric).then_some(key))
}

/// True when `s`, after [`clean`], is a non-empty run of katakana (U+30A0–U+30FF, which
/// includes ー and ・) and spaces: the shape of a フリガナ field.
pub fn is_katakana_reading(s: &str) -> bool {
    let cleaned = clean(s);
    !cleaned.is_empty()
        && cleaned
            .chars()
            .all(|c| c == ' ' || ('\u{30A0}'..='\u{30FF}').contains(&c))
}

/// Key for matching a typed label against codes and labels: [`search_key`] without
/// the punctuation people vary freely ("fiscal-year appointee", "FISCAL_YEAR_APPOINTEE").
pub(crate) fn label_key(s: &str) -> String {
    search_key(s)
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '(' | ')' | '.'))
        .collect()
}

/// A value as quoted in a message: whole when short, cut with "…" when long, so a
/// pasted paragraph does not flood the message.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 30;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut cut: String = s.chars().take(MAX).collect();
        cut.push('…');
        cut
    }
}

/// The common rule for a free-text name: [`clean`], not empty, at most `max`
/// characters, no control characters. `what_ja`/`what_en` name the field in messages.
pub(crate) fn parse_bounded(
    s: &str,
    max: usize,
    what_ja: &str,
    what_en: &str,
) -> Result<String, Problem> {
    let cleaned = clean(s);
    if cleaned.is_empty() {
        return Err(Problem::new(
            format!("{what_ja}が入力されていません。"),
            format!("The {what_en} is empty."),
        ));
    }
    let len = cleaned.chars().count();
    if len > max {
        return Err(Problem::new(
            format!(
                "{what_ja}「{}」は{len}文字です。{max}文字以内で入力してください。",
                excerpt(&cleaned)
            ),
            format!(
                "The {what_en} \"{}\" has {len} characters; at most {max} are allowed.",
                excerpt(&cleaned)
            ),
        ));
    }
    if cleaned.chars().any(char::is_control) {
        return Err(Problem::new(
            format!(
                "{what_ja}「{}」に制御文字が含まれています。文字だけで入力してください。",
                excerpt(&cleaned).escape_debug()
            ),
            format!(
                "The {what_en} \"{}\" contains a control character; use printable text only.",
                excerpt(&cleaned).escape_debug()
            ),
        ));
    }
    Ok(cleaned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn search_queries_fold_and_symbols_alone_list_everything() {
        assert_eq!(search_query("ｻｲｶﾞｲ").unwrap(), Some("サイガイ".into()));
        assert_eq!(
            search_query("さいがい　対策").unwrap(),
            Some("サイガイ対策".into())
        );
        assert_eq!(search_query("ＡＢＣ").unwrap(), Some("abc".into()));
        assert_eq!(search_query("税").unwrap(), Some("税".into()));
        for nothing in ["", "   ", "　", "・・", "%%", "_", "!?"] {
            assert_eq!(search_query(nothing).unwrap(), None, "{nothing:?}");
        }
        assert_eq!(
            search_query("a%").unwrap(),
            Some("a%".into()),
            "kept: escaped later"
        );
        assert_eq!(search_query("a\u{1f}b").unwrap(), Some("ab".into()));
        let long = "災".repeat(MAX_QUERY_CHARS + 1);
        let p = search_query(&long).unwrap_err();
        assert!(p.ja.contains("長すぎ") && p.en.contains("too long"));
        assert!(search_query(&"災".repeat(MAX_QUERY_CHARS)).is_ok());
    }

    #[test]
    fn full_width_ascii_matches_nfkc() {
        for code in 0xFF01..=0xFF5E {
            let c = char::from_u32(code).unwrap();
            let expected: String = c.to_string().nfkc().collect();
            assert_eq!(fold_width(&c.to_string()), expected, "U+{code:04X}");
        }
        assert_eq!(fold_width("ＡＢＣ１２３－＠"), "ABC123-@");
        assert_eq!(fold_width("山田\u{3000}太郎"), "山田 太郎");
    }

    #[test]
    fn half_width_kana_matches_nfkc_letter_by_letter() {
        for code in 0xFF61..=0xFF9D {
            let c = char::from_u32(code).unwrap();
            let expected: String = c.to_string().nfkc().collect();
            assert_eq!(fold_width(&c.to_string()), expected, "U+{code:04X}");
        }
    }

    #[test]
    fn sound_marks_join_the_kana_before_them() {
        assert_eq!(fold_width("ｶﾞ"), "ガ");
        assert_eq!(fold_width("ﾊﾟ"), "パ");
        assert_eq!(fold_width("ｳﾞ"), "ヴ");
        assert_eq!(fold_width("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ タロウ");
        assert_eq!(fold_width("ﾎﾟﾝﾄﾞ"), "ポンド");
        // A full-width kana followed by a half-width mark, and combining marks.
        assert_eq!(fold_width("カﾞ"), "ガ");
        assert_eq!(fold_width("ハ\u{309A}"), "パ");
        assert_eq!(fold_width("か\u{3099}"), "が");
        // Nothing to voice: the mark stays visible rather than vanishing.
        assert_eq!(fold_width("ｱﾞ"), "ア゛");
        assert_eq!(fold_width("ﾟ"), "゜");
        assert_eq!(fold_width("ｱ\u{3099}"), "ア\u{3099}");
    }

    #[test]
    fn names_and_symbols_survive() {
        // 﨑 (U+FA11), 髙 (U+9AD9) and a compatibility ideograph NFKC would rewrite (U+FA30).
        for s in ["山﨑", "髙橋", "\u{FA30}", "①", "㈱", "℡", "￥"] {
            assert_eq!(fold_width(s), s);
        }
        for dash in [
            '\u{2212}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}',
        ] {
            assert_eq!(fold_width(&dash.to_string()), dash.to_string());
        }
        assert_eq!(fold_width("\u{FF0D}"), "-");
        assert_eq!(fold_width("ｰ"), "ー");
    }

    #[test]
    fn clean_trims_and_collapses() {
        assert_eq!(clean("\u{3000} 山田 \u{3000}\t太郎  "), "山田 太郎");
        assert_eq!(clean("ＡＢＣ  ｶﾌﾞｼｷ"), "ABC カブシキ");
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn search_key_matches_spellings_of_one_name() {
        let expected = "ヤマダタロウ";
        assert_eq!(search_key("やまだ　たろう"), expected);
        assert_eq!(search_key("ヤマダ タロウ"), expected);
        assert_eq!(search_key("ﾔﾏﾀﾞﾀﾛｳ"), expected);
        assert_eq!(search_key("ジョン・スミス"), "ジョンスミス");
        assert_eq!(search_key("Ｙａｍａｄａ Taro"), "yamadataro");
        assert_ne!(search_key("やまだ"), search_key("やまた"));
    }

    #[test]
    fn katakana_reading() {
        assert!(is_katakana_reading("ヤマダ タロウ"));
        assert!(is_katakana_reading("ﾔﾏﾀﾞ ﾀﾛｳ"));
        assert!(is_katakana_reading("ジョン・スミス"));
        assert!(is_katakana_reading("サトー"));
        assert!(!is_katakana_reading("やまだ"));
        assert!(!is_katakana_reading("山田"));
        assert!(!is_katakana_reading("YAMADA"));
        assert!(!is_katakana_reading("  "));
        assert_eq!(to_katakana("やまだ ゆゞ"), "ヤマダ ユヾ");
        assert_eq!(to_katakana("ﾔﾏﾀﾞ"), "ヤマダ");
    }

    #[test]
    fn bounded_names() {
        assert_eq!(
            parse_bounded(" 総務課 ", 10, "名称", "name").unwrap(),
            "総務課"
        );
        let empty = parse_bounded("\u{3000}", 10, "名称", "name").unwrap_err();
        assert!(empty.ja.contains("名称が入力されていません"), "{empty}");
        let long = parse_bounded("あいうえおかきくけこさ", 10, "名称", "name").unwrap_err();
        assert!(
            long.ja.contains("11文字") && long.en.contains("at most 10"),
            "{long}"
        );
        let ctl = parse_bounded("総務\u{7}課", 10, "名称", "name").unwrap_err();
        assert!(ctl.en.contains("control character"), "{ctl}");
    }

    proptest::proptest! {
        #[test]
        fn normalizing_twice_changes_nothing(
            // Any text, and text dense in the characters that fold.
            s in "\\PC*|[ 　ｱ-ﾝﾞﾟあ-んア-ン\u{3099}\u{309A}・･Ａ-ｚ]{0,12}",
        ) {
            let once = clean(&s);
            proptest::prop_assert_eq!(clean(&once), once);
            let key = search_key(&s);
            proptest::prop_assert_eq!(search_key(&key), key);
        }

        #[test]
        fn ideographs_are_never_changed(c in proptest::char::ranges(vec![
            '\u{4E00}'..='\u{9FFF}',
            '\u{F900}'..='\u{FAFF}',
            '\u{20000}'..='\u{2FA1F}',
        ].into())) {
            let s = format!("{c}{c}");
            proptest::prop_assert_eq!(fold_width(&s), s.clone());
            proptest::prop_assert_eq!(search_key(&s), s);
        }
    }

    #[test]
    fn excerpt_cuts_long_values() {
        assert_eq!(excerpt("短い"), "短い");
        let long = "あ".repeat(40);
        assert_eq!(excerpt(&long).chars().count(), 31);
        assert!(excerpt(&long).ends_with('…'));
    }
}
