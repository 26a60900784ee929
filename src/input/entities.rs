//! Decoding HTML character references in plain text (text copied out of a CMS often keeps
//! `&amp;`, `&quot;`, `&nbsp;`, `&#8212;`).
//!
//! Follows the named character references of the HTML Living Standard (§13.5, the table
//! html5ever ships), but stricter than an HTML parser: only *well-formed* references are
//! decoded — `&name;` with a known name and the semicolon, `&#NNN;` or `&#xHHH;` — so
//! `AT&T`, `R&D` and `&copy` without a semicolon stay as written.

use std::borrow::Cow;

/// Longest entity name in the HTML table (`&CounterClockwiseContourIntegral;` is 31
/// letters); longer runs are not looked up.
const MAX_NAME: usize = 32;

/// Decodes the well-formed HTML character references in `text`; returns the text and the
/// number of references decoded.
///
/// - `&name;` with a name of the HTML table → its one or two characters;
/// - `&#NNN;` / `&#xHHH;` → that character; 0x80–0x9F are read as windows-1252 (as the
///   HTML standard does: `&#150;` is an en dash); references to NUL, surrogates, values
///   past U+10FFFF and other control characters are left as written;
/// - whitespace a reference produces (`&nbsp;`, `&#9;`, `&#10;`, `&ensp;`…) becomes one
///   ordinary space, so decoding never adds a line break to the text;
/// - anything else (`AT&T`, `&unknown;`, `&amp` without `;`) is kept as written.
///
/// Borrowed when there is nothing to decode.
pub fn decode_entities(text: &str) -> (Cow<'_, str>, usize) {
    if !text.contains('&') {
        return (Cow::Borrowed(text), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut rest = text;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        match reference(after) {
            Some((chars, len)) => {
                for c in chars.into_iter().flatten() {
                    out.push(if c.is_whitespace() { ' ' } else { c });
                }
                n += 1;
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if n == 0 {
        (Cow::Borrowed(text), 0)
    } else {
        (Cow::Owned(out), n)
    }
}

/// The characters of the reference at the start of `s` (just after the `&`) and its
/// length in bytes including the `;`, or `None` when it is not a well-formed reference.
fn reference(s: &str) -> Option<([Option<char>; 2], usize)> {
    let semi = s
        .as_bytes()
        .iter()
        .take(MAX_NAME + 2)
        .position(|&b| b == b';')?;
    let body = &s[..semi];
    if let Some(num) = body.strip_prefix('#') {
        let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            if hex.is_empty() || hex.len() > 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(hex, 16).ok()?
        } else {
            if num.is_empty() || num.len() > 10 || !num.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            num.parse::<u32>().ok()?
        };
        let c = numeric(v)?;
        return Some(([Some(c), None], semi + 1));
    }
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let key = format!("{body};");
    let &(a, b) = html5ever::data::NAMED_ENTITIES.get(key.as_str())?;
    if a == 0 {
        return None; // a prefix of a longer name, not a name
    }
    Some((
        [char::from_u32(a), char::from_u32(b).filter(|_| b != 0)],
        semi + 1,
    ))
}

/// The character of a numeric reference, or `None` for values left undecoded.
fn numeric(v: u32) -> Option<char> {
    if (0x80..=0x9F).contains(&v) {
        return html5ever::data::C1_REPLACEMENTS[(v - 0x80) as usize];
    }
    let c = char::from_u32(v)?;
    if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
        return None;
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> String {
        decode_entities(s).0.into_owned()
    }

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(
            dec("Tom &amp; Jerry &quot;said&quot; &laquo;да&raquo; &mdash; &#8212; &#x2014; &#X2014;"),
            "Tom & Jerry \"said\" «да» — — — —"
        );
        assert_eq!(decode_entities("a &amp; b &lt; c").1, 2);
        // Two-character entity.
        assert_eq!(dec("&NotEqualTilde;"), "\u{2242}\u{338}");
        // windows-1252 range, as browsers read it.
        assert_eq!(dec("1990&#150;2000 &#133;"), "1990–2000 …");
    }

    #[test]
    fn nbsp_and_whitespace_become_one_space() {
        assert_eq!(dec("100&nbsp;000"), "100 000");
        assert_eq!(dec("line&#10;break&#9;tab"), "line break tab");
    }

    #[test]
    fn ill_formed_and_unknown_references_stay() {
        for s in [
            "AT&T and R&D",
            "&copy 2024",
            "&amp without semicolon",
            "&nosuchentity;",
            "&#;",
            "&#x;",
            "&#xZZ;",
            "&#0;",
            "&#1;",
            "&#xD800;",
            "&#99999999999;",
            "& amp;",
            "fish & chips; salt",
        ] {
            assert_eq!(decode_entities(s), (Cow::Borrowed(s), 0), "{s}");
        }
        assert_eq!(dec("AT&T &amp; R&D"), "AT&T & R&D");
        assert_eq!(dec("&&amp;;"), "&&;");
    }
}
