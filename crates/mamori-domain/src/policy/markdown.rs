//! Markdown as policy documents are written: checked before it is stored, rendered
//! safely when shown.
//!
//! The check refuses what has no place in a policy and would be dangerous on a page —
//! HTML other than a few harmless inline tags, links that run script
//! (`javascript:`, `data:` …) and images (they would load from outside, and a closed
//! network cannot reach outside) — and names the line. Rendering then cleans the
//! HTML with an allow-list sanitizer anyway, so a bug in the check is not a hole.

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

use crate::error::Problem;

/// Inline tags a policy may carry (ruby for readings, sub/sup, underline, line break),
/// written without attributes.
const INLINE_TAGS: [&str; 11] = [
    "br", "sup", "sub", "u", "ruby", "rt", "rp", "s", "del", "ins", "mark",
];

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Line endings to `\n`, NUL removed, trailing spaces of the whole text trimmed.
pub fn normalize(body: &str) -> String {
    let s = body
        .replace("\r\n", "\n")
        .replace(['\r'], "\n")
        .replace('\0', "");
    let mut s = s.trim_end().to_string();
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

/// A tag such as `<br>`, `</sup>` or `<br />` from the list, without attributes.
fn harmless_tag(tag: &str) -> bool {
    let t = tag.trim();
    if t.starts_with("<!--") && t.ends_with("-->") {
        return true;
    }
    let Some(inner) = t.strip_prefix('<').and_then(|x| x.strip_suffix('>')) else {
        return false;
    };
    let inner = inner
        .trim()
        .trim_start_matches('/')
        .trim_end_matches('/')
        .trim();
    INLINE_TAGS.contains(&inner.to_ascii_lowercase().as_str())
}

/// The scheme of a link target (`javascript`), if it names one. Browsers ignore
/// whitespace and control characters inside a scheme, so they are ignored here too.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|&c| c != '/' && c != '?' && c != '#')
        .collect();
    let (s, _) = cleaned.split_once(':')?;
    let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| s.to_ascii_lowercase())
}

fn safe_link(url: &str) -> bool {
    scheme(url).is_none_or(|s| matches!(s.as_str(), "http" | "https" | "mailto"))
}

/// Every problem of `body`, each naming its line.
pub fn check(body: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    if body.len() > super::sections::MAX_BODY_BYTES {
        // `split` says so; checking a text that will be refused anyway is wasted work.
        return out;
    }
    let lines = super::Lines::new(body);
    let mut html_lines = HashSet::new();
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = lines.of(range.start);
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                // An HTML block arrives line by line; report each tag once per line.
                for tag in tags_in(&h) {
                    if !harmless_tag(tag) && html_lines.insert((line, tag.to_string())) {
                        let shown: String = tag.chars().take(40).collect();
                        out.push(Problem::new(
                            format!(
                                "{line}行目: HTML のタグ {shown} は使えません。Markdown で書いてください。"
                            ),
                            format!("Line {line}: the HTML tag {shown} is not allowed. Write Markdown instead."),
                        ));
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if !safe_link(&dest_url) => {
                let shown: String = dest_url.chars().take(40).collect();
                out.push(Problem::new(
                    format!("{line}行目: リンク先 {shown} は使えません。http、https、mailto のリンクか、文書内のリンクにしてください。"),
                    format!("Line {line}: the link {shown} is not allowed. Link to http, https or mailto addresses, or within the document."),
                ));
            }
            Event::Start(Tag::Image { .. }) => out.push(Problem::new(
                format!(
                    "{line}行目: 画像は本文に埋め込めません。図は添付ファイルとして付けてください。"
                ),
                format!("Line {line}: images cannot be embedded. Attach figures as files instead."),
            )),
            _ => {}
        }
    }
    out
}

/// The tags (`<…>`) in a piece of raw HTML; text outside tags is not a tag.
fn tags_in(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start..];
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|e| e + 3)
        } else {
            after.find('>').map(|e| e + 1)
        };
        match end {
            Some(e) => {
                out.push(&after[..e]);
                rest = &after[e..];
            }
            None => {
                out.push(after);
                break;
            }
        }
    }
    out
}

/// HTML for a page. The Markdown is rendered, then cleaned by an allow-list sanitizer
/// whatever it contains: only http, https and mailto links survive, images and
/// scripts never do, and links leave without the page as referrer.
pub fn render(body: &str) -> String {
    let mut raw = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(body, options()));
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .rm_tags(&["img"])
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// The plain text of a piece of Markdown, for search and for the PDF.
pub fn plain(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for ev in Parser::new_ext(body, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}
