//! Decoding bytes to text: BOMs, UTF-8, UTF-16 and the legacy Cyrillic encodings.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The WHATWG name of the encoding used (`UTF-8`, `UTF-16LE`, `windows-1251`, …).
    pub encoding: &'static str,
    /// Whether the encoding was guessed from the content (legacy Cyrillic encodings).
    pub guessed: bool,
    /// Whether a forced non-UTF-8 encoding was used on bytes that are valid UTF-8 with
    /// non-ASCII characters (text that encoding most likely garbles).
    pub forced_over_utf8: bool,
    /// Plain text detected as a legacy encoding whose lines with non-ASCII characters
    /// include some that are valid UTF-8 (a file pasted together from two sources): how
    /// many such lines were read as UTF-8 instead (0 otherwise).
    pub utf8_lines: usize,
}

/// Legacy encodings of Russian and Belarusian archives that detection may choose.
const CYRILLIC_LEGACY: &[&str] = &["windows-1251", "KOI8-R", "KOI8-U", "ISO-8859-5", "IBM866"];

/// Decodes `bytes`.
///
/// With `forced` (an encoding label such as `windows-1251`, `koi8-r`, `cp866`,
/// `utf-16le`), that encoding is used. Otherwise: a UTF-8 BOM or valid UTF-8 gives UTF-8;
/// a UTF-16 BOM gives UTF-16 (LE or BE); other bytes are tried as a legacy Cyrillic
/// encoding, chosen with `chardetng`, and accepted only when most letters of the result
/// are Cyrillic.
///
/// Errors (a one-line problem description): unknown encoding label, binary data (NUL
/// bytes or many control characters), malformed UTF-16 (e.g. a lone surrogate), or bytes
/// that are neither UTF-8 nor plausible Cyrillic text (with the offset of the first
/// invalid byte).
pub fn decode_bytes(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, String> {
    decode_impl(bytes, forced, Kind::Plain)
}

/// Like [`decode_bytes`], for bilingual text (an English–Russian dictionary): a legacy
/// Cyrillic encoding is accepted when Cyrillic letters are at least half as many as
/// Latin ones (each line has an English and a Cyrillic side), which a Latin-1 text with
/// a few accented letters misread as Cyrillic never reaches; too short a text for
/// `chardetng` is tried as windows-1251 and KOI8-R. The error advises saving the file
/// as UTF-8 (`--encoding` is for texts).
pub fn decode_bilingual(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, String> {
    decode_impl(bytes, forced, Kind::Bilingual)
}

/// What kind of text is decoded: how Cyrillic a legacy-encoding guess must look.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Monolingual text: Cyrillic letters at least 4 times the Latin ones.
    Plain,
    /// HTML: outside the markup, Cyrillic letters at least as many as Latin ones.
    Markup,
    /// Bilingual text: Cyrillic letters at least half the Latin ones.
    Bilingual,
}

/// Like [`decode_bytes`], for markup (HTML): when guessing a legacy Cyrillic encoding,
/// only the text outside tags, scripts and style sheets is weighed, and Cyrillic letters
/// need only outnumber Latin ones there.
pub fn decode_markup(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, String> {
    decode_impl(bytes, forced, Kind::Markup)
}

/// Text outside `<…>` tags and `<script>`/`<style>` elements (roughly: for weighing
/// letters only).
fn outside_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() / 2);
    let lower = s.to_ascii_lowercase();
    let mut k = 0;
    while let Some(lt) = s[k..].find('<') {
        out.push_str(&s[k..k + lt]);
        let at = k + lt;
        let end_tag = ["script", "style"].iter().find_map(|t| {
            lower[at + 1..]
                .starts_with(t)
                .then(|| lower[at..].find(&format!("</{t}")).map(|e| at + e + 2))
                .flatten()
        });
        let from = end_tag.unwrap_or(at);
        match s[from..].find('>') {
            Some(gt) => k = from + gt + 1,
            None => return out,
        }
    }
    out.push_str(&s[k..]);
    out
}

fn decode_impl(bytes: &[u8], forced: Option<&str>, kind: Kind) -> Result<Decoded, String> {
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            format!("unknown encoding '{label}' (try utf-8, utf-16le, windows-1251, koi8-r, koi8-u, iso-8859-5, cp866)")
        })?;
        // A byte-order mark is stronger evidence than a label given for several files
        // (`--encoding` applies to both sides): the BOM's encoding wins.
        if let Some((bom_enc, bom_len)) = Encoding::for_bom(bytes) {
            return decode_with(&bytes[bom_len..], bom_enc, false);
        }
        let mut d = decode_with(bytes, enc, false)?;
        d.forced_over_utf8 =
            enc != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok();
        if kind == Kind::Plain && !d.forced_over_utf8 && CYRILLIC_LEGACY.contains(&enc.name()) {
            return Ok(mend_utf8_lines(bytes, enc, d));
        }
        return Ok(d);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(&bytes[bom_len..], enc, false);
    }
    check_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(strip_boms(Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
            guessed: false,
            forced_over_utf8: false,
            utf8_lines: 0,
        })),
        Err(e) => {
            let offset = e.valid_up_to();
            let mut det = chardetng::EncodingDetector::new();
            // Lines that are valid UTF-8 (pasted in from another source) would mislead
            // the detector: it sees only the others.
            let legacy: Vec<u8> = if kind == Kind::Plain {
                bytes
                    .split(|&b| b == b'\n')
                    .filter(|l| std::str::from_utf8(l).is_err())
                    .flat_map(|l| l.iter().copied().chain([b'\n']))
                    .collect()
            } else {
                bytes.to_vec()
            };
            det.feed(&legacy, true);
            let enc = det.guess(None, true);
            if CYRILLIC_LEGACY.contains(&enc.name()) {
                let d = match decode_with(bytes, enc, true) {
                    Ok(d) if kind == Kind::Plain => mend_utf8_lines(bytes, enc, d),
                    other => other?,
                };
                // Cyrillic letters needed per Latin one, in halves.
                let (c, halves) = match kind {
                    Kind::Markup => (crate::lang::ScriptCounts::of(&outside_markup(&d.text)), 2),
                    Kind::Plain => (crate::lang::ScriptCounts::of(&d.text), 8),
                    Kind::Bilingual => (crate::lang::ScriptCounts::of(&d.text), 1),
                };
                if c.cyrillic > 0 && 2 * c.cyrillic >= halves * c.latin {
                    return Ok(d);
                }
            }
            // A few short lines (a small dictionary) are too little for chardetng: of
            // windows-1251 and KOI8-R, take the reading with the most lower-case Cyrillic
            // letters (the wrong one swaps the case of most of them).
            if kind == Kind::Bilingual {
                let best = [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R]
                    .into_iter()
                    .filter_map(|e| decode_with(bytes, e, true).ok())
                    .map(|d| {
                        let lower = d
                            .text
                            .chars()
                            .filter(|c| ('\u{430}'..='\u{44f}').contains(c))
                            .count();
                        (lower, d)
                    })
                    .max_by_key(|(lower, _)| *lower);
                if let Some((lower, d)) = best {
                    let c = crate::lang::ScriptCounts::of(&d.text);
                    if lower * 2 > c.cyrillic && 2 * c.cyrillic >= c.latin {
                        return Ok(d);
                    }
                }
            }
            // --encoding applies to texts; a dictionary's encoding is only detected.
            let advice = if kind == Kind::Bilingual {
                "save the dictionary as UTF-8"
            } else {
                "pass --encoding if you know it"
            };
            Err(format!(
                "is not valid UTF-8 (invalid byte 0x{:02X} at offset {offset}) and does not look like Cyrillic text in a legacy encoding; {advice}",
                bytes[offset]
            ))
        }
    }
}

/// Re-reads as UTF-8 the lines of a legacy-encoded text `d` (decoded from `bytes` with
/// `enc`) that are valid UTF-8 with non-ASCII characters: legacy Cyrillic text is
/// practically never valid UTF-8 (its lower-case letters are bytes 0xE0–0xFF, which UTF-8
/// allows only as lead bytes of three- and four-byte sequences), so such a line was pasted
/// in from a UTF-8 source and would otherwise come out as mojibake (`РџРµ…`).
fn mend_utf8_lines(bytes: &[u8], enc: &'static Encoding, d: Decoded) -> Decoded {
    let is_utf8_line = |l: &[u8]| !l.is_ascii() && std::str::from_utf8(l).is_ok();
    let n = bytes
        .split(|&b| b == b'\n')
        .filter(|l| is_utf8_line(l))
        .count();
    if n == 0 {
        return d;
    }
    let mut text = String::with_capacity(d.text.len());
    for (k, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if k > 0 {
            text.push('\n');
        }
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => text.push_str(&enc.decode_without_bom_handling(line).0),
        }
    }
    strip_boms(Decoded {
        text,
        utf8_lines: n,
        ..d
    })
}

/// Removes byte-order marks (U+FEFF) left inside the text, e.g. by concatenating files.
fn strip_boms(mut d: Decoded) -> Decoded {
    if d.text.contains('\u{FEFF}') {
        d.text = d.text.replace('\u{FEFF}', "");
    }
    d
}

fn decode_with(bytes: &[u8], enc: &'static Encoding, guessed: bool) -> Result<Decoded, String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        let what = if enc == UTF_16LE || enc == UTF_16BE {
            "malformed UTF-16 (odd length or an unpaired surrogate)".to_string()
        } else {
            format!("not valid {}", enc.name())
        };
        return Err(format!("is {what}"));
    }
    check_binary_text(&text)?;
    Ok(strip_boms(Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        guessed,
        forced_over_utf8: false,
        utf8_lines: 0,
    }))
}

/// Rejects byte strings that are not text: a NUL byte, or more than 1 in 100 bytes being
/// C0 control characters other than tab, LF, CR and form feed.
fn check_binary(bytes: &[u8]) -> Result<(), String> {
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a BOM: every other byte is NUL in Latin or Cyrillic text.
        let zeros_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = bytes.len() / 2;
        let lopsided = |a: usize, b: usize| a * 10 > half && b * 4 < a;
        if half >= 4 && (lopsided(zeros_odd, zeros_even) || lopsided(zeros_even, zeros_odd)) {
            let guess = if zeros_odd > zeros_even {
                "utf-16le"
            } else {
                "utf-16be"
            };
            return Err(format!(
                "looks like UTF-16 without a byte-order mark (NUL byte at offset {p}); pass --encoding {guess}"
            ));
        }
        return Err(format!(
            "looks like binary data (NUL byte at offset {p}), expected text"
        ));
    }
    let ctrl = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        .count();
    if ctrl * 100 > bytes.len().max(1) {
        return Err(format!(
            "looks like binary data ({ctrl} control bytes in {}), expected text",
            bytes.len()
        ));
    }
    Ok(())
}

fn check_binary_text(text: &str) -> Result<(), String> {
    if let Some(p) = text.chars().position(|c| c == '\0') {
        return Err(format!(
            "looks like binary data (NUL character at position {p}), expected text"
        ));
    }
    let n = text.chars().count().max(1);
    let ctrl = text
        .chars()
        .filter(|&c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
        .count();
    if ctrl * 100 > n {
        return Err(format!(
            "looks like binary data ({ctrl} control characters), expected text"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_lines_in_a_windows_1251_text_are_read_as_utf8() {
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(
            "Переговоры прошли в Минске в понедельник.\nСтороны обсудили торговлю и энергетику.\n",
        );
        let mut bytes = cp.into_owned();
        bytes.extend_from_slice("Переговоры длились три часа.\n".as_bytes());
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert_eq!(d.utf8_lines, 1);
        assert!(
            d.text.ends_with("Переговоры длились три часа.\n"),
            "{}",
            d.text
        );
        assert!(d.text.starts_with("Переговоры прошли"));
        // A third of the lines in UTF-8: still detected from the others.
        let mut bytes = Vec::new();
        for k in 0..9 {
            let line = format!("Строка номер {k}: переговоры прошли успешно и завершились.\n");
            if k % 3 == 0 {
                bytes.extend_from_slice(line.as_bytes());
            } else {
                bytes.extend_from_slice(&encoding_rs::WINDOWS_1251.encode(&line).0);
            }
        }
        let d = decode_bytes(&bytes, None).unwrap();
        assert_eq!((d.encoding, d.utf8_lines), ("windows-1251", 3));
        assert!(
            d.text.lines().all(|l| l.starts_with("Строка номер")),
            "{}",
            d.text
        );
        // Forced, the same.
        let d = decode_bytes(&bytes, Some("windows-1251")).unwrap();
        assert_eq!(d.utf8_lines, 3);
        assert!(
            d.text.lines().all(|l| l.starts_with("Строка номер")),
            "{}",
            d.text
        );
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode_bytes("\u{FEFF}Мінск".as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Мінск", "UTF-8"));
        let d = decode_bytes("Minsk".as_bytes(), None).unwrap();
        assert_eq!(d.text, "Minsk");
    }

    #[test]
    fn a_bom_beats_a_forced_label_and_a_vertical_tab_is_text() {
        let d = decode_bytes(
            "\u{FEFF}Belarus\u{2019} trade".as_bytes(),
            Some("windows-1251"),
        )
        .unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Belarus\u{2019} trade", "UTF-8")
        );
        let d = decode_bytes(b"The talks took place in Minsk.\x0bThey lasted.", None).unwrap();
        assert!(d.text.contains('\u{b}'));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "Минск.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_bytes(&le, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Минск.", "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        for u in "Мінск".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_bytes(&be, None).unwrap().text, "Мінск");
        // A lone high surrogate.
        let bad = [0xFF, 0xFE, 0x3E, 0xD8, 0x41, 0x00];
        assert!(decode_bytes(&bad, None).unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn legacy_cyrillic_is_detected() {
        let text = "Президент Республики Беларусь встретился с министром иностранных дел России. Стороны обсудили сотрудничество.";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let d = decode_bytes(&cp1251, None).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.guessed),
            (text, "windows-1251", true)
        );
        let (koi, _, _) = encoding_rs::KOI8_R.encode(text);
        let d = decode_bytes(&koi, Some("koi8-r")).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf16_without_bom_gets_a_hint() {
        let mut le = Vec::new();
        for u in "Минск, 21 ноября. Президент встретился с министром.".encode_utf16()
        {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let e = decode_bytes(&le, None).unwrap_err();
        assert!(e.contains("--encoding utf-16le"), "{e}");
        assert_eq!(
            decode_bytes(&le, Some("utf-16le")).unwrap().text,
            "Минск, 21 ноября. Президент встретился с министром."
        );
    }

    #[test]
    fn legacy_cyrillic_html_is_detected_despite_its_markup() {
        let page = "<html><head><script>var longScriptName = function() { return 1; };</script></head><body><p class=\"article-text\">Переговоры прошли в Минске.</p></body></html>";
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert!(decode_bytes(&cp1251, None).is_err());
        let d = decode_markup(&cp1251, None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (page, "windows-1251"));
        assert_eq!(
            outside_markup("a<b>c</b><script>x<y</script>d<style>e</style>f"),
            "acdf"
        );
    }

    #[test]
    fn stray_byte_order_marks_are_removed() {
        let d = decode_bytes("One.\u{FEFF} Two.".as_bytes(), None).unwrap();
        assert_eq!(d.text, "One. Two.");
    }

    #[test]
    fn invalid_utf8_and_binary_are_refused() {
        let e = decode_bytes(b"Hello \xFF\xFE world, plain English text.", None).unwrap_err();
        assert!(
            e.contains("not valid UTF-8") && e.contains("offset 6"),
            "{e}"
        );
        let e = decode_bytes(b"PK\x03\x04\x00\x00binary", None).unwrap_err();
        assert!(e.contains("binary"), "{e}");
        let e = decode_bytes(b"abc", Some("klingon")).unwrap_err();
        assert!(e.contains("unknown encoding"), "{e}");
    }
}
