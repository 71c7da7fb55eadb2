//! The plumbing every labelled enum shares: a stable code, a Japanese and an English
//! label, and a `parse` that reads the code, either label or an alias as typed.
//!
//! [`labelled_enum!`] writes the enum and those methods from one table, so each enum
//! only lists its values and keeps its own rules in an ordinary `impl` block beside it.
//! Every `parse` matches through [`find`], so they all accept spellings the same way.

use crate::error::Problem;
use crate::text::{clean, excerpt, label_key};

/// The value among `all` one of whose `names` reads like `s`: the same [`label_key`],
/// so width (full-width ASCII, half-width kana), ASCII case, hiragana or katakana,
/// spacing and the punctuation people vary (`-`, `_`, `.`, brackets) do not matter.
/// The first value in `all` wins, though no labelled enum has two values that share a
/// spelling.
pub(crate) fn find<T: Copy>(
    all: &[T],
    names: fn(T) -> &'static [&'static str],
    s: &str,
) -> Option<T> {
    // Codes and labels as written match without folding; imports repeat them on
    // every row, and folding allocates.
    if let Some(v) = all.iter().copied().find(|&v| names(v).contains(&s)) {
        return Some(v);
    }
    let key = label_key(s);
    all.iter()
        .copied()
        .find(|&v| names(v).iter().any(|n| label_key(n) == key))
}

/// The `parse` of a labelled enum. With `empty` (Japanese, English), a value with
/// nothing to match is refused with that message before any lookup; without it, a
/// value may well be blank on purpose (an alias `""` then matches it). A value that is
/// none of the names is refused with `unknown` of the value as quoted in messages.
pub(crate) fn parse<T: Copy>(
    s: &str,
    all: &[T],
    names: fn(T) -> &'static [&'static str],
    empty: Option<(&str, &str)>,
    unknown: impl FnOnce(&str) -> Problem,
) -> Result<T, Problem> {
    if let Some((ja, en)) = empty
        && label_key(s).is_empty()
    {
        return Err(Problem::new(ja, en));
    }
    find(all, names, s).ok_or_else(|| unknown(&excerpt(&clean(s))))
}

/// The usual answer when `v` is none of the values: it names what was expected
/// (`what_ja`, `what_en`, as in "an asset kind") and lists every label.
pub(crate) fn not_one_of(
    v: &str,
    what_ja: &str,
    what_en: &str,
    ja: &[&str],
    en: &[&str],
) -> Problem {
    Problem::new(
        format!(
            "「{v}」は{what_ja}として読み取れません。{}のいずれかを入力してください。",
            ja.join("、")
        ),
        format!("\"{v}\" is not {what_en}. Use one of: {}.", en.join(", ")),
    )
}

/// Writes a fieldless enum whose values have a code, two labels and aliases, with
/// `ALL`, `const fn code`, `const fn label_ja`, `const fn label_en`, `fn label(lang)`
/// and `fn parse`:
///
/// ```text
/// labelled_enum! {
///     /// Docs and attributes (derives, serde) go on the enum as written.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
///     #[serde(rename_all = "snake_case")]
///     pub enum Colour {
///         /// Variants keep their docs and attributes too.
///         Red => ("red", "赤", "Red", ["レッド", "R"]),
///         Blue => ("blue", "青", "Blue"),
///     }
///
///     /// The doc of `parse`.
///     fn parse {
///         // Optional: refuse a blank value with this message.
///         empty: ("色が入力されていません。", "The colour is empty."),
///         // Either the usual "is not a colour, use one of …" naming what was expected,
///         unknown: choices("色", "a colour"),
///         // or any `FnOnce(&str) -> Problem` given the value as quoted in messages:
///         // unknown: Self::not_a_colour,
///     }
/// }
/// ```
///
/// `parse` accepts the code, both labels and the aliases through [`find`]. The serde
/// form is whatever the attributes make it; each enum's tests check it is the code.
macro_rules! labelled_enum {
    (@empty) => {
        ::core::option::Option::None
    };
    (@empty ($ja:literal, $en:literal)) => {
        ::core::option::Option::Some(($ja, $en))
    };
    (@unknown $name:ident, choices($what_ja:literal, $what_en:literal) $(,)?) => {
        |v: &str| {
            $crate::labelled::not_one_of(
                v,
                $what_ja,
                $what_en,
                &$name::ALL.map($name::label_ja),
                &$name::ALL.map($name::label_en),
            )
        }
    };
    (@unknown $name:ident, $unknown:expr $(,)?) => {
        $unknown
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => (
                    $code:literal, $ja:literal, $en:literal
                    $(, [$($alias:literal),* $(,)?])? $(,)?
                )
            ),+ $(,)?
        }

        $(#[$parse_meta:meta])*
        fn parse {
            $(empty: ($empty_ja:literal, $empty_en:literal),)?
            unknown: $($unknown:tt)+
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// Stable code, as stored and in the API (same as the serde form).
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub const fn label_ja(self) -> &'static str {
                match self {
                    $($name::$variant => $ja,)+
                }
            }

            pub const fn label_en(self) -> &'static str {
                match self {
                    $($name::$variant => $en,)+
                }
            }

            /// The label in the requested language (`"en"` or anything else for Japanese).
            /// The value whose code is exactly `code` (as stored), without the folding
            /// and aliases of `parse`.
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }

            pub fn label(self, lang: &str) -> &'static str {
                if lang == "en" {
                    self.label_en()
                } else {
                    self.label_ja()
                }
            }

            /// Every spelling `parse` reads as this value: the code, the labels, the aliases.
            const fn names(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$code, $ja, $en $($(, $alias)*)?],)+
                }
            }

            $(#[$parse_meta])*
            pub fn parse(s: &str) -> ::core::result::Result<Self, $crate::error::Problem> {
                $crate::labelled::parse(
                    s,
                    &Self::ALL,
                    Self::names,
                    $crate::labelled::labelled_enum!(@empty $(($empty_ja, $empty_en))?),
                    $crate::labelled::labelled_enum!(@unknown $name, $($unknown)+),
                )
            }
        }
    };
}

pub(crate) use labelled_enum;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Colour {
        Red,
        Blue,
    }

    fn names(c: Colour) -> &'static [&'static str] {
        match c {
            Colour::Red => &["red", "赤", "Dark-Red", "", "ｱｶ"],
            Colour::Blue => &["blue", "青", "ブルー", "red"],
        }
    }

    const ALL: [Colour; 2] = [Colour::Red, Colour::Blue];

    #[test]
    fn find_folds_width_case_kana_spacing_and_punctuation() {
        for s in [
            "red",
            "RED",
            "ｒｅｄ",
            " Red\u{3000}",
            "赤",
            "dark red",
            "DARK_RED",
            "あか",
            "アカ",
        ] {
            assert_eq!(find(&ALL, names, s), Some(Colour::Red), "{s:?}");
        }
        for s in ["ぶるー", "ﾌﾞﾙｰ", "Ｂｌｕｅ", "青"] {
            assert_eq!(find(&ALL, names, s), Some(Colour::Blue), "{s:?}");
        }
        // Blank matches the blank name, the first value with a name wins, and nothing
        // is matched by a part of a name.
        assert_eq!(find(&ALL, names, "-"), Some(Colour::Red));
        assert_eq!(find(&ALL, names, "re"), None);
        assert_eq!(find(&ALL, names, "青い"), None);
    }

    #[test]
    fn parse_refuses_blank_only_when_asked() {
        let empty = Some(("色が入力されていません。", "The colour is empty."));
        let unknown = |v: &str| not_one_of(v, "色", "a colour", &["赤", "青"], &["Red", "Blue"]);
        assert_eq!(parse(" ", &ALL, names, None, unknown).unwrap(), Colour::Red);
        let p = parse("\u{3000}", &ALL, names, empty, unknown).unwrap_err();
        assert_eq!(p.en, "The colour is empty.");
        let p = parse(" ﾐﾄﾞﾘ ", &ALL, names, empty, unknown).unwrap_err();
        assert_eq!(
            p.ja,
            "「ミドリ」は色として読み取れません。赤、青のいずれかを入力してください。"
        );
        assert_eq!(p.en, "\"ミドリ\" is not a colour. Use one of: Red, Blue.");
    }
}
