//! Paragraphs of an HTML page as saved from a news site: the main text, without menus,
//! scripts, headers and footers.
//!
//! Parsing follows the HTML Living Standard (html5ever, through `scraper`): malformed
//! markup is repaired as browsers do and character references are decoded by the parser.

use super::{decode_markup, Decoded, Paragraph};
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Largest HTML file accepted, in bytes (64 MiB; a news page is well under 5 MiB): the
/// parsed tree takes several times the file's size in memory.
pub const MAX_HTML_BYTES: u64 = 64 << 20;

/// Bytes searched for a `<meta charset>` (the HTML standard's prescan looks at 1024;
/// pages saved from the web often have long `<head>`s, so we look further).
const META_SCAN: usize = 8192;

/// Elements whose content is never main text (HTML Living Standard §4: scripting,
/// navigation, forms, embedded content) — skipped with everything inside.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "menu",
    "button", "select", "textarea", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "map", "dialog", "rp",
];

/// Elements that start and end a paragraph (HTML's block-level grouping, sectioning and
/// table elements); `br` and `hr` also break one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "br",
];

/// Decodes an HTML file's bytes: `forced` (`--encoding`) first, then a byte-order mark,
/// then the charset a `<meta charset="…">` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` declares, then detection as for plain text
/// ([`decode_markup`]). A declared charset the bytes are not valid in falls back to
/// detection, with a note. Returns the text and notes for the user.
///
/// Errors: a one-line problem, as [`decode_markup`].
pub fn decode_html(bytes: &[u8], forced: Option<&str>) -> Result<(Decoded, Vec<String>), String> {
    if forced.is_some() || encoding_rs::Encoding::for_bom(bytes).is_some() {
        return Ok((decode_markup(bytes, forced)?, Vec::new()));
    }
    let Some(declared) = meta_charset(&bytes[..bytes.len().min(META_SCAN)]) else {
        return Ok((decode_markup(bytes, None)?, Vec::new()));
    };
    // Text that is valid UTF-8 and not plain ASCII is UTF-8 whatever a <meta> says (a
    // stale declaration, or one inside a comment or script): legacy Cyrillic text is
    // practically never valid UTF-8, while a single-byte decoding "succeeds" on anything.
    if declared != encoding_rs::UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        let note = format!(
            "the page declares charset {} but is valid UTF-8; read as UTF-8",
            declared.name()
        );
        return Ok((decode_markup(bytes, Some("utf-8"))?, vec![note]));
    }
    match decode_markup(bytes, Some(declared.name())) {
        Ok(d) => Ok((d, Vec::new())),
        Err(_) => {
            let d = decode_markup(bytes, None)?;
            let note = format!(
                "the page declares charset {} but is not valid in it; read as {}",
                declared.name(),
                d.encoding
            );
            Ok((d, vec![note]))
        }
    }
}

/// The encoding a `<meta>` tag in `head` declares (`charset=` in a `charset` or
/// `content` attribute). UTF-16 labels mean UTF-8, as the HTML standard says (a page
/// that really is UTF-16 has a BOM).
pub fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = find(&lower[from..], b"<meta") {
        let start = from + k;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or(rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label: Vec<u8> = rest
                    .iter()
                    .copied()
                    .take_while(|b| b.is_ascii_alphanumeric() || b"-_:.".contains(b))
                    .collect();
                if let Some(enc) = encoding_rs::Encoding::for_label(&label) {
                    return Some(
                        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                            encoding_rs::UTF_8
                        } else {
                            enc
                        },
                    );
                }
            }
        }
        from = end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(s: &[u8]) -> &[u8] {
    let k = s
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(s.len());
    &s[k..]
}

/// Upper bound on the parser's scope-check work allowed, in element-depth units (the sum,
/// over start tags, of how many open elements they are nested in). html5ever checks
/// scopes by walking the stack of open elements, so a page nesting elements thousands
/// deep costs time quadratic in its size; real pages are under 10 million.
pub const MAX_NESTING_WORK: u64 = 200_000_000;

/// Elements that never hold others open (void elements), or that the parser closes
/// implicitly when a sibling starts (so unclosed ones do not deepen the tree).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
    "tbody", "thead", "tfoot", "colgroup", "rb", "rt", "rp", "caption",
];

/// Most elements the parser may create again by "reconstructing the active formatting
/// elements" (WHATWG HTML § 13.2.4.3): formatting elements (`b`, `i`, `a`…) left open
/// when a block closes are re-created inside every following block, so a page with
/// thousands of distinct unclosed `<b id=…>` followed by thousands of `<div>`s would make
/// millions of elements. Real pages re-create a handful per paragraph.
pub const MAX_RECONSTRUCTED: u64 = 1_000_000;

/// Most attributes one element may have: the parser checks each new attribute against
/// the earlier ones, so time grows with the square of their number.
pub const MAX_ATTRIBUTES: usize = 10_000;

/// Formatting elements, whose end tag runs the adoption agency algorithm and which the
/// parser re-creates after a block closes them (WHATWG HTML § 13.2.4.3).
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Refuses markup that would take the parser too long or too much memory, by a linear
/// pre-scan of its tags (comments, scripts and style sheets skipped) that models the
/// parser's stack of open elements:
/// - nesting so deep that scope checks cost more than [`MAX_NESTING_WORK`]; a misnested
///   formatting end tag (`<b><div>x</b>`) closes only its element, as the adoption agency
///   does, so the blocks it leaves open count;
/// - more than [`MAX_RECONSTRUCTED`] formatting elements re-created after blocks close them;
/// - an element with more than [`MAX_ATTRIBUTES`] attributes.
///
/// Inside `<svg>` and `<math>`, `title` and `style` are ordinary elements, not raw text.
///
/// Errors: a one-line problem naming what was found.
pub fn check_nesting(html: &str) -> Result<(), String> {
    let b = html.as_bytes();
    let (mut depth, mut max_depth, mut work) = (0u64, 0u64, 0u64);
    let mut reconstructed = 0u64;
    // Open elements (name, and for a formatting element its whole start tag, which tells
    // identical elements apart), and how many of each name are open: a closing tag closes
    // up to the matching open element, and one that matches none is ignored, as
    // html5ever does (so stray `</span>` tags cannot hide real nesting).
    let mut open: Vec<(String, Option<String>)> = Vec::new();
    let mut open_count: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    // Formatting elements (name, start tag) closed by a block's end tag: still active,
    // re-created at the next text or start tag. As in the parser's "Noah's Ark" clause,
    // at most three identical ones stay active.
    let mut pending: Vec<(String, String)> = Vec::new();
    let mut foreign = 0u32; // open <svg>/<math>
    let mut k = 0;
    let mut text_from = 0;
    let mut pending_sigs: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    let mut pending_names: std::collections::HashMap<String, u32> =
        std::collections::HashMap::new();
    let too_many = || {
        format!(
            "leaves formatting elements such as <b> or <a> open across blocks, which the HTML parser would re-create in every block (over {MAX_RECONSTRUCTED} elements); refused"
        )
    };
    macro_rules! reconstruct {
        () => {
            reconstructed += pending.len() as u64;
            if reconstructed > MAX_RECONSTRUCTED {
                return Err(too_many());
            }
            pending_sigs.clear();
            pending_names.clear();
            for (name, sig) in pending.drain(..) {
                *open_count.entry(name.clone()).or_insert(0) += 1;
                open.push((name, Some(sig)));
            }
            depth = open.len() as u64;
        };
    }
    // A formatting element's end tag (or a new `<a>`/`<nobr>`): the adoption agency
    // closes the open element and leaves the blocks opened inside it open; one closed
    // earlier by a block leaves the pending list. Counts are checked first, so a stray
    // end tag does not search the whole stack.
    macro_rules! close_formatting {
        ($name:expr) => {
            let name: &str = $name;
            if open_count.get(name).copied().unwrap_or(0) > 0 {
                if let Some(at) = open.iter().rposition(|o| o.0 == name) {
                    open.remove(at);
                    *open_count.get_mut(name).expect("counted when opened") -= 1;
                    depth = open.len() as u64;
                }
            } else if pending_names.get(name).copied().unwrap_or(0) > 0 {
                if let Some(at) = pending.iter().rposition(|o| o.0 == name) {
                    let (n, sig) = pending.remove(at);
                    *pending_sigs.get_mut(&sig).expect("counted when pending") -= 1;
                    *pending_names.get_mut(&n).expect("counted when pending") -= 1;
                }
            }
        };
    }
    while let Some(lt) = b[k..].iter().position(|&c| c == b'<') {
        // (A `<` inside the previous tag's quoted attribute comes before its `>`.)
        let has_text = b[text_from.min(k + lt)..k + lt]
            .iter()
            .any(|c| !c.is_ascii_whitespace());
        k += lt + 1;
        if b[k..].starts_with(b"!--") {
            k = find(&b[k..], b"-->").map_or(b.len(), |e| k + e + 3);
            text_from = k;
            continue;
        }
        let close = b.get(k) == Some(&b'/');
        let start = k + usize::from(close);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        // Text before this tag re-creates the pending formatting elements.
        if has_text && !pending.is_empty() {
            reconstruct!();
        }
        let name = html[start..start + len].to_ascii_lowercase();
        k = start + len;
        // The tag's end and its attribute count (quoted values skipped).
        let (mut attrs, mut quote, mut in_space, mut gt) = (0usize, 0u8, true, b.len());
        for (off, &c) in b[k..].iter().enumerate() {
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
                continue;
            }
            match c {
                b'>' => {
                    gt = k + off;
                    break;
                }
                b'"' | b'\'' => quote = c,
                c if c.is_ascii_whitespace() || c == b'/' => in_space = true,
                b'=' => in_space = false,
                _ => {
                    if in_space {
                        attrs += 1;
                    }
                    in_space = false;
                }
            }
        }
        if attrs > MAX_ATTRIBUTES {
            return Err(format!(
                "has an element <{name}> with {attrs} attributes, more than the {MAX_ATTRIBUTES} the HTML reader accepts; refused"
            ));
        }
        if gt == b.len() {
            // A tag never closed: the rest of the page is inside it.
            break;
        }
        let self_closing = gt > k && b[gt - 1] == b'/';
        // Go on after the tag's `>` (a `<` inside it is no new tag, and each byte is
        // scanned once).
        k = gt + 1;
        text_from = k;
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        let formatting = FORMATTING.contains(&name.as_str());
        if close {
            if formatting {
                close_formatting!(&name);
                continue;
            }
            if open_count.get(&name).copied().unwrap_or(0) > 0 {
                while let Some((top, sig)) = open.pop() {
                    let c = open_count.get_mut(&top).expect("counted when opened");
                    *c -= 1;
                    if top == name {
                        break;
                    }
                    if let Some(sig) = sig {
                        let n = pending_sigs.entry(sig.clone()).or_insert(0);
                        if *n >= 3 {
                            let first = pending.iter().position(|p| p.1 == sig);
                            let (gone, _) = pending.remove(first.expect("counted"));
                            *pending_names.get_mut(&gone).expect("counted") -= 1;
                        } else {
                            *n += 1;
                        }
                        *pending_names.entry(top.clone()).or_insert(0) += 1;
                        pending.push((top, sig));
                    }
                }
                if matches!(name.as_str(), "svg" | "math") {
                    foreign = foreign.saturating_sub(1);
                }
                depth = open.len() as u64;
            }
            continue;
        }
        if foreign == 0 && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let end = format!("</{name}");
            k = b[k..]
                .windows(end.len())
                .position(|w| w.eq_ignore_ascii_case(end.as_bytes()))
                .map_or(b.len(), |e| k + e);
            text_from = k;
            continue;
        }
        // A new `<a>` (or `<nobr>`) first closes the one still active, as its end tag
        // would (WHATWG HTML § 13.2.6.4.7): unclosed `<a name=…>` anchors do not pile up.
        if matches!(name.as_str(), "a" | "nobr") {
            close_formatting!(&name);
        }
        // The parser re-creates them before text and inline elements, inside the block
        // that holds them (a block start tag itself does not).
        if formatting && !pending.is_empty() {
            reconstruct!();
        }
        work += depth;
        // `<div/>` opens a div like `<div>`: HTML honours a self-closing slash only on
        // void elements (left out above) and inside SVG and MathML.
        if !(self_closing && (foreign > 0 || matches!(name.as_str(), "svg" | "math"))) {
            if matches!(name.as_str(), "svg" | "math") {
                foreign += 1;
            }
            // The start tag tells identical elements apart; its first 200 bytes do.
            let sig = formatting.then(|| {
                let mut end = gt.min(start + 200);
                while !html.is_char_boundary(end) {
                    end -= 1;
                }
                html[start..end].to_ascii_lowercase()
            });
            *open_count.entry(name.clone()).or_insert(0) += 1;
            open.push((name, sig));
            depth = open.len() as u64;
            max_depth = max_depth.max(depth);
        }
        if work > MAX_NESTING_WORK {
            return Err(format!(
                "nests HTML elements too deep to parse in reasonable time ({max_depth} levels); refused"
            ));
        }
    }
    Ok(())
}

/// The main-text paragraphs of an HTML document, in document order.
///
/// - Scope: the `<article>` with the most text, unless a `<main>` (or `role="main"`)
///   holds more than twice as much text (then the article is a teaser beside the story
///   and `<main>` is taken); else `<main>`; else the whole page.
/// - Skipped with their content: `head`, `script`, `style`, `noscript`, `template`,
///   `nav`, `footer`, `aside`, `form`, `menu`, `button`, `select`, `svg`, `iframe` and
///   other embedded content; `header` unless it is inside an `<article>` (where it holds
///   the headline); elements with the `hidden` attribute, `aria-hidden="true"`, or an
///   inline style `display:none` / `visibility:hidden`.
/// - Paragraphs: block elements (`p`, `h1`–`h6`, `li`, `blockquote`, `td`, `div`, …)
///   start and end one, so a `div`'s own text outside its nested blocks is a paragraph of
///   its own; `<br>` ends one. Inline elements (`a`, `b`, `span`, `em`…) stay inside.
/// - Whitespace (including no-break spaces) collapses to single spaces; paragraphs are
///   trimmed and empty ones dropped.
///
/// [`Paragraph::line`] is the paragraph's 1-based position in the returned list (the
/// parser keeps no line numbers).
pub fn extract(html: &str) -> Vec<Paragraph> {
    let doc = Html::parse_document(html);
    let root = scope(&doc);
    let mut out = Vec::new();
    collect(root, &mut out);
    out.into_iter()
        .enumerate()
        .map(|(k, text)| Paragraph { text, line: k + 1 })
        .collect()
}

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// The subtree to take paragraphs from (see [`extract`]).
fn scope(doc: &Html) -> NodeRef<'_> {
    let mut articles = Vec::new();
    let mut mains = Vec::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => {
                if let Node::Element(e) = n.value() {
                    if is_skipped(n) {
                        skip = Some(n.id());
                    } else if e.name() == "article" {
                        // Only outermost articles: one nested in another holds less text
                        // and would be measured again (quadratic in the nesting).
                        if !n.ancestors().any(|a| is_element(a, "article")) {
                            articles.push(n);
                        }
                    } else if (e.name() == "main" || e.attr("role") == Some("main"))
                        && !n.ancestors().any(is_main)
                    {
                        mains.push(n);
                    }
                }
            }
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    fn text_chars(n: NodeRef<'_>) -> usize {
        let mut p = Vec::new();
        collect(n, &mut p);
        p.iter().map(|s| s.chars().count()).sum()
    }
    fn best(cands: Vec<NodeRef<'_>>) -> Option<(usize, NodeRef<'_>)> {
        cands
            .into_iter()
            .map(|n| (text_chars(n), n))
            .filter(|(chars, _)| *chars > 0)
            // The first of equals: max_by_key keeps the last, so compare reversed order.
            .rev()
            .max_by_key(|(chars, _)| *chars)
    }
    // The article with the most text, unless a <main> holds more than twice as much (the
    // story is in <main> and the article is a teaser card beside it).
    match (best(articles), best(mains)) {
        (Some((a_chars, a)), Some((m_chars, m))) => {
            if 2 * a_chars >= m_chars {
                a
            } else {
                m
            }
        }
        (Some((_, a)), None) => a,
        (None, Some((_, m))) => m,
        (None, None) => doc.tree.root(),
    }
}

fn is_element(n: NodeRef<'_>, name: &str) -> bool {
    matches!(n.value(), Node::Element(e) if e.name() == name)
}

fn is_main(n: NodeRef<'_>) -> bool {
    matches!(n.value(), Node::Element(e) if e.name() == "main" || e.attr("role") == Some("main"))
}

/// Whether an element is skipped with its content (see [`extract`]).
fn is_skipped(n: NodeRef<'_>) -> bool {
    let Node::Element(e) = n.value() else {
        return false;
    };
    let name = e.name();
    if SKIPPED.contains(&name) {
        return true;
    }
    if name == "header"
        && !n
            .ancestors()
            .any(|a| matches!(a.value(), Node::Element(p) if p.name() == "article"))
    {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true") {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Appends the paragraphs under `root` to `out` (iteratively: deep nesting cannot
/// overflow the stack).
fn collect(root: NodeRef<'_>, out: &mut Vec<String>) {
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            out.push(t);
        }
        cur.clear();
    };
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Text(t) => cur.push_str(&t.text),
                Node::Element(e) => {
                    if is_skipped(n) {
                        skip = Some(n.id());
                        // A skipped block (e.g. an inline script) still separates words.
                        cur.push(' ');
                    } else if BLOCKS.contains(&e.name()) {
                        flush(&mut cur, out);
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                } else if skip.is_none() {
                    if let Node::Element(e) = n.value() {
                        if BLOCKS.contains(&e.name()) {
                            flush(&mut cur, out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        extract(html).into_iter().map(|p| p.text).collect()
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>News</title><style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Home</a> <a href="/news">News</a></header>
<nav><ul><li>Politics</li><li>Economy</li></ul></nav>
<div class="content">
  <h1>Talks in   Minsk</h1>
  <p>The talks took place in <a href="/minsk">Minsk</a> on <b>21&nbsp;November</b>.
     They lasted three hours.</p>
  <p>Prices rose by 5&nbsp;% &mdash; &laquo;a record&raquo;, said R&amp;D head of AT&T.</p>
  <div>Loose div text<p>Nested paragraph.</p>tail text</div>
  <p>First line<br>Second line</p>
  <p hidden>Hidden paragraph.</p><p aria-hidden="true">Also hidden.</p>
  <p style="display: none">Invisible.</p>
  <script>document.write("x")</script>
  <ul><li>Item one</li><li>Item <em>two</em></li></ul>
  <table><tr><td>Cell A</td><td>Cell B</td></tr></table>
</div>
<aside>Read also: other news</aside>
<footer>© 2024 News agency</footer>
</body></html>"#;

    #[test]
    fn main_text_without_chrome() {
        assert_eq!(
            texts(PAGE),
            [
                "Talks in Minsk",
                "The talks took place in Minsk on 21 November. They lasted three hours.",
                "Prices rose by 5 % — «a record», said R&D head of AT&T.",
                "Loose div text",
                "Nested paragraph.",
                "tail text",
                "First line",
                "Second line",
                "Item one",
                "Item two",
                "Cell A",
                "Cell B",
            ]
        );
        let p = extract(PAGE);
        assert_eq!(p[0].line, 1);
        assert_eq!(p[2].line, 3);
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_or_commented_meta_charset() {
        let page = "<html><head><!-- old: <meta charset=\"windows-1251\"> --></head><body><p>Переговоры прошли в Минске.</p></body></html>";
        let (d, notes) = decode_html(page.as_bytes(), None).unwrap();
        assert!(d.text.contains("Переговоры прошли"), "{}", d.text);
        assert_eq!(notes.len(), 1, "{notes:?}");
        // A real windows-1251 page is still read by its declaration.
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<html><head><meta charset=\"windows-1251\"></head><body><p>Переговоры.</p></body></html>",
        );
        let (d, notes) = decode_html(&cp, None).unwrap();
        assert!(d.text.contains("Переговоры."), "{}", d.text);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_teaser_article_does_not_replace_the_story() {
        let page = r#"<!DOCTYPE html><html><body><main><h1>Talks in Minsk</h1><div class="story">
<p>The talks took place in Minsk on 21 November. They lasted three hours.</p>
<p>The parties discussed trade worth 1.5 billion dollars. They agreed to meet again.</p>
<p>The next meeting will be held in Moscow in spring.</p></div>
<div class="related"><article class="card"><p>Read also: Prime minister visits Gomel.</p></article></div>
</main></body></html>"#;
        let texts: Vec<String> = extract(page).into_iter().map(|p| p.text).collect();
        assert_eq!(texts.len(), 5, "{texts:?}");
        assert_eq!(texts[0], "Talks in Minsk");
        assert!(texts[1].starts_with("The talks took place"));
    }

    #[test]
    fn article_is_preferred() {
        let html = r#"<html><body><div>Site menu text</div>
<article class="teaser"><p>Short teaser.</p></article>
<article><header><h1>Headline here</h1></header><p>Body sentence one. Body two.</p>
<footer>Tags: politics</footer></article>
<p>Comments below.</p></body></html>"#;
        assert_eq!(
            texts(html),
            ["Headline here", "Body sentence one. Body two."]
        );
        let html = "<body><div>Menu</div><main><p>Main text.</p></main><div>Footer</div></body>";
        assert_eq!(texts(html), ["Main text."]);
        let html = "<body><div role=\"main\"><p>Role main.</p></div><p>Other.</p></body>";
        assert_eq!(texts(html), ["Role main."]);
    }

    #[test]
    fn script_only_page_has_no_paragraphs() {
        assert!(texts("<html><head><script>alert(1)</script><style>p{}</style></head><body><script>x()</script></body></html>").is_empty());
        assert!(texts("").is_empty());
    }

    #[test]
    fn deep_nesting_does_not_overflow_and_is_bounded() {
        let html = "<div>".repeat(5_000) + "Deep text." + &"</div>".repeat(5_000);
        assert!(check_nesting(&html).is_ok());
        assert_eq!(texts(&html), ["Deep text."]);
        let html = "<div>".repeat(30_000) + "Deep." + &"</div>".repeat(30_000);
        let e = check_nesting(&html).unwrap_err();
        assert!(e.contains("too deep") && e.contains("levels"), "{e}");
        // Unclosed paragraphs and list items, void elements, scripts: flat.
        let flat = "<p>One<li>Two<br><img src=x><script><div><div></script>".repeat(200_000);
        assert!(check_nesting(&flat).is_ok());
    }

    #[test]
    fn parser_blow_ups_are_refused_before_parsing() {
        // Distinct formatting elements left open when a block closes are re-created in
        // every later block.
        let mut html = String::from("<div>");
        for k in 0..2_000 {
            html += &format!("<b id=a{k}>");
        }
        html += "Start.</div>";
        html += &"<div>Text here.</div>".repeat(1_000);
        let e = check_nesting(&html).unwrap_err();
        assert!(e.contains("re-create"), "{e}");
        // Identical ones are bounded by the parser (three at most stay active): a sloppy
        // page with an unclosed <b> in every block is fine.
        let sloppy = "<div><b>Bold text</div>".repeat(20_000);
        assert!(check_nesting(&sloppy).is_ok());
        // A new <a> closes the previous one: a legal code's unclosed anchors are fine.
        let mut code = String::new();
        for k in 0..2_000 {
            code +=
                &format!("<h3><a name=\"a{k}\">Article {k}</h3><div>Text of article {k}.</div>");
        }
        assert!(check_nesting(&code).is_ok());
        // Stray end tags after deep nesting cost nothing each.
        let stray = "<div>".repeat(5_000) + &"</b>".repeat(200_000);
        assert!(check_nesting(&stray).is_ok());
        // A tag that never closes ends the scan (this page is one unclosed tag); a
        // formatting element keeps only its start tag's first bytes (it held 9 GB).
        assert!(check_nesting(&"<b\"x\"".repeat(100_000)).is_ok());
        assert!(check_nesting(&("<div>".to_string() + &"<b x=\"1\">".repeat(200_000))).is_err());
        assert_eq!(texts("<div><b>One</div><div>Two</div>"), ["One", "Two"]);
        // Misnested formatting end tags leave the blocks open (adoption agency).
        let e = check_nesting(&"<div/>".repeat(30_000)).unwrap_err();
        assert!(e.contains("too deep"), "{e}");
        assert!(
            check_nesting(&("<svg>".to_string() + &"<path/>".repeat(30_000) + "</svg>")).is_ok()
        );
        let e = check_nesting(&"<b><div>x</b>".repeat(30_000)).unwrap_err();
        assert!(e.contains("too deep"), "{e}");
        // Inside SVG, <title> is no raw-text element: the nesting after it counts.
        let svg = String::from("<svg><title>") + &"<div>".repeat(30_000);
        assert!(check_nesting(&svg).unwrap_err().contains("too deep"));
        assert!(check_nesting("<svg><title>A</title></svg><p>Text.</p>").is_ok());
        // A `<` inside a quoted attribute value.
        assert!(check_nesting("<p title=\"a<b\">x</p><a href='<'>y</a>").is_ok());
        // A tag that never closes is scanned once, not once per `<` inside it (quadratic
        // before): `<a <a <a …` is one element with 300,000 attributes, as the parser
        // reads it; an unclosed quote holds the rest of the page.
        let e = check_nesting(&"<a ".repeat(300_000)).unwrap_err();
        assert!(e.contains("attributes"), "{e}");
        let unclosed_quote = String::from("<p title=\"") + &"x <b><div> ".repeat(200_000);
        assert!(check_nesting(&unclosed_quote).is_ok());
        // Tens of thousands of attributes on one element.
        let attrs = format!("<p {}>Text.</p>", "a=1 ".repeat(20_000));
        assert!(check_nesting(&attrs)
            .unwrap_err()
            .contains("20000 attributes"));
        assert!(
            check_nesting(&format!("<p title=\"{}\">Text.</p>", "a b ".repeat(20_000))).is_ok()
        );
    }

    #[test]
    fn nested_articles_are_measured_once() {
        let html = "<article><p>Outer story text.</p>".repeat(3_000) + "<p>End.</p>";
        let t = texts(&html);
        assert_eq!(t.len(), 3_001);
        assert_eq!(t[0], "Outer story text.");
    }

    #[test]
    fn charset_from_meta() {
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1251\">"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            meta_charset(
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-r\">"
            ),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(
            meta_charset(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(meta_charset(b"<meta name=description content=x>"), None);
        let (cp, _, _) =
            encoding_rs::WINDOWS_1251.encode("<meta charset=windows-1251><p>Мінск, ці Менск</p>");
        let (d, notes) = decode_html(&cp, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.contains("Мінск"));
        assert!(notes.is_empty());
        // Declared UTF-8 but the bytes are windows-1251 Russian: detection takes over.
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<meta charset=utf-8><p>Переговоры прошли в Минске, стороны обсудили торговлю.</p>",
        );
        let (d, notes) = decode_html(&cp, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(notes[0].contains("declares charset UTF-8"), "{notes:?}");
    }
}
