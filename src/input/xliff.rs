//! A streaming XLIFF reader (quick-xml): the source and target text of each unit, and the
//! declared languages. Like the TMX reader ([`crate::tmx::reader`]) it processes no DTD:
//! a DOCTYPE with an internal subset is refused and only the five predefined XML entities
//! and character references are expanded, so entity-expansion bombs and external
//! entities cannot work.
//!
//! Follows XLIFF 1.2 (OASIS Standard, 1 Feb 2008: `<file source-language
//! target-language>`, `<trans-unit>` with `<source>`/`<target>`) and XLIFF 2.0 (OASIS
//! Standard, 5 Aug 2014: `<xliff srcLang trgLang>`, `<unit>` with `<segment>` and
//! `<ignorable>`, each holding `<source>`/`<target>`).

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::io::BufRead;

/// The XLIFF core namespaces (1.0, 1.1, 1.2, 2.0 and 2.1/2.2 share the 2.0 one).
const CORE_NS: &[&[u8]] = &[
    b"urn:oasis:names:tc:xliff:document:1.1",
    b"urn:oasis:names:tc:xliff:document:1.2",
    b"urn:oasis:names:tc:xliff:document:2.0",
];

/// Core elements skipped with their content: alternatives and proposals (`alt-trans`),
/// the segmented copy of the source (`seg-source`), notes, original code data, headers,
/// binary units and property groups.
const SKIPPED: &[&[u8]] = &[
    b"alt-trans",
    b"seg-source",
    b"note",
    b"notes",
    b"originalData",
    b"header",
    b"bin-unit",
    b"context-group",
    b"count-group",
    b"prop-group",
];

/// Inline elements whose content is native code, not text (XLIFF 1.2 §2.5.1: `bpt`,
/// `ept`, `ph`, `it`, and `sub` inside them).
const CODE: &[&[u8]] = &[b"bpt", b"ept", b"ph", b"it"];

/// One translation unit as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// Byte offset of the unit's start tag in the (UTF-8) stream.
    pub offset: u64,
    /// Source text: inline code dropped, the text of `<g>`, `<pc>`, `<mrk>` kept; the
    /// segments of an XLIFF 2.0 unit joined with a space.
    pub source: String,
    /// Target text, the same way; empty when the unit has no target.
    pub target: String,
}

/// What an XLIFF file declares and holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Xliff {
    /// The `version` attribute of `<xliff>`.
    pub version: String,
    /// `srcLang` (2.0) or the first `<file>`'s `source-language` (1.2).
    pub src_lang: Option<String>,
    /// `trgLang` (2.0) or the first `<file>`'s `target-language` (1.2).
    pub tgt_lang: Option<String>,
    /// Units (`<trans-unit>` / `<unit>`) in document order.
    pub units: Vec<Unit>,
}

/// Reads an XLIFF 1.x or 2.x document from `r` (UTF-8).
///
/// Errors (a one-line problem): malformed XML (with the byte offset), a DOCTYPE with an
/// internal subset, an unknown entity (e.g. one an external DTD would define), no
/// `<xliff>` root, a file that ends before `</xliff>` (truncated).
pub fn read_xliff<R: BufRead>(r: R) -> Result<Xliff, String> {
    let mut reader = NsReader::from_reader(r);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut out = Xliff::default();
    let (mut saw_root, mut saw_end, mut saw_file) = (false, false, false);
    let mut skip = 0usize;
    let mut code = 0usize;
    let mut cur: Option<Unit> = None;
    // 1 = in <source>, 2 = in <target>.
    let mut side = 0u8;
    // A standalone code just passed: the next text is a new word.
    let mut gap = false;
    loop {
        let pos = reader.buffer_position();
        let (ns, ev) = match reader.read_resolved_event_into(&mut buf) {
            Ok(x) => x,
            Err(e) => {
                return Err(format!(
                    "malformed XML near byte {}: {e}",
                    reader.error_position()
                ))
            }
        };
        // Elements without a namespace are read as core (some tools omit xmlns).
        let core = match ns {
            ResolveResult::Bound(n) => CORE_NS.contains(&n.as_ref()),
            ResolveResult::Unbound => true,
            ResolveResult::Unknown(_) => false,
        };
        match ev {
            Event::DocType(d) if d.contains(&b'[') => {
                return Err("the DOCTYPE declares an internal subset (entities); refused".into());
            }
            Event::Start(e) => {
                if skip > 0 || !core || SKIPPED.contains(&e.local_name().as_ref()) {
                    skip += 1;
                } else if code > 0 || (side > 0 && CODE.contains(&e.local_name().as_ref())) {
                    gap |= code == 0 && e.local_name().as_ref() == b"ph";
                    code += 1;
                } else {
                    open(
                        &e,
                        &mut out,
                        &mut cur,
                        &mut side,
                        &mut saw_root,
                        &mut saw_file,
                        pos,
                    )?;
                }
            }
            Event::Empty(e) if skip == 0 && core && code == 0 => {
                if side > 0 && matches!(e.local_name().as_ref(), b"ph" | b"x") {
                    // A standalone code (XLIFF 1.2 `<x/>`, 2.0 `<ph/>`): a line break,
                    // an image or a variable between words.
                    gap = true;
                } else if side > 0 && e.local_name().as_ref() == b"cp" {
                    // XLIFF 2.0 <cp hex="…"/>: a character XML cannot hold as is.
                    if let Some(c) = attr(&e, b"hex")?
                        .and_then(|h| u32::from_str_radix(&h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        push(&mut cur, side, &c.to_string());
                    }
                } else if side == 0 {
                    let mut dummy = 0;
                    open(
                        &e,
                        &mut out,
                        &mut cur,
                        &mut dummy,
                        &mut saw_root,
                        &mut saw_file,
                        pos,
                    )?;
                    close(
                        e.local_name().as_ref(),
                        &mut out,
                        &mut cur,
                        &mut dummy,
                        &mut saw_end,
                    );
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                } else if code > 0 {
                    code -= 1;
                } else {
                    close(
                        e.local_name().as_ref(),
                        &mut out,
                        &mut cur,
                        &mut side,
                        &mut saw_end,
                    );
                }
            }
            Event::Text(t) if side > 0 && skip == 0 && code == 0 => {
                let s = t.unescape().map_err(|e| format!("near byte {pos}: {e}"))?;
                let left = cur.as_ref().and_then(|u| {
                    if side == 1 { &u.source } else { &u.target }
                        .chars()
                        .next_back()
                });
                if std::mem::take(&mut gap) && crate::tmx::reader::needs_gap(left, s.chars().next())
                {
                    // Segments are collapsed afterwards, so a doubled space is harmless.
                    push(&mut cur, side, " ");
                }
                push(&mut cur, side, &s);
            }
            Event::CData(t) if side > 0 && skip == 0 && code == 0 => {
                push(&mut cur, side, &String::from_utf8_lossy(&t));
            }
            Event::Eof => {
                if !saw_root {
                    return Err("not an XLIFF file: no <xliff> element".into());
                }
                if cur.is_some() || !saw_end {
                    return Err("the file ends before </xliff> (truncated?)".into());
                }
                break;
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn push(cur: &mut Option<Unit>, side: u8, s: &str) {
    if let Some(u) = cur.as_mut() {
        if side == 1 {
            u.source.push_str(s);
        } else {
            u.target.push_str(s);
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Result<Option<String>, String> {
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == name {
            return Ok(Some(
                a.unescape_value().map_err(|e| e.to_string())?.into_owned(),
            ));
        }
    }
    Ok(None)
}

fn open(
    e: &BytesStart<'_>,
    out: &mut Xliff,
    cur: &mut Option<Unit>,
    side: &mut u8,
    saw_root: &mut bool,
    saw_file: &mut bool,
    pos: u64,
) -> Result<(), String> {
    match e.local_name().as_ref() {
        b"xliff" => {
            *saw_root = true;
            out.version = attr(e, b"version")?.unwrap_or_default();
            out.src_lang = attr(e, b"srcLang")?;
            out.tgt_lang = attr(e, b"trgLang")?;
        }
        b"file" if !*saw_file => {
            *saw_file = true;
            if let Some(l) = attr(e, b"source-language")? {
                out.src_lang.get_or_insert(l);
            }
            if let Some(l) = attr(e, b"target-language")? {
                out.tgt_lang.get_or_insert(l);
            }
        }
        b"file" => {
            // Every <file> must hold the first one's language pair: units of another
            // pair (or the reverse direction) would get the wrong language tags.
            let primary = |l: &Option<String>| {
                l.as_deref().map(|l| {
                    l.split(['-', '_'])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase()
                })
            };
            let (s, t) = (attr(e, b"source-language")?, attr(e, b"target-language")?);
            let differs = |mine: &Option<String>, first: &Option<String>| {
                mine.is_some() && first.is_some() && primary(mine) != primary(first)
            };
            // A language the first file left undeclared cannot be checked either.
            let unknown =
                |mine: &Option<String>, first: &Option<String>| mine.is_some() && first.is_none();
            if differs(&s, &out.src_lang)
                || differs(&t, &out.tgt_lang)
                || unknown(&s, &out.src_lang)
                || unknown(&t, &out.tgt_lang)
            {
                return Err(format!(
                    "near byte {pos}: a <file> translates {} to {}, the first {} to {}; give each language pair its own XLIFF file",
                    s.as_deref().unwrap_or("?"),
                    t.as_deref().unwrap_or("?"),
                    out.src_lang.as_deref().unwrap_or("?"),
                    out.tgt_lang.as_deref().unwrap_or("?")
                ));
            }
        }
        b"trans-unit" | b"unit" if cur.is_none() => {
            *cur = Some(Unit {
                offset: pos,
                ..Unit::default()
            });
        }
        n @ (b"source" | b"target") if cur.is_some() => {
            *side = if n == b"source" { 1 } else { 2 };
            // Segments of one unit are joined with a space.
            push(cur, *side, " ");
        }
        _ => {}
    }
    Ok(())
}

fn close(name: &[u8], out: &mut Xliff, cur: &mut Option<Unit>, side: &mut u8, saw_end: &mut bool) {
    match name {
        b"source" | b"target" => *side = 0,
        b"trans-unit" | b"unit" => {
            if let Some(mut u) = cur.take() {
                u.source = collapse(&u.source);
                u.target = collapse(&u.target);
                out.units.push(u);
            }
        }
        b"xliff" => *saw_end = true,
        _ => {}
    }
}

/// Whitespace runs collapsed to one space, trimmed.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xliff_1_2_units_languages_and_inline_markup() {
        let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file source-language="en-US" target-language="ru-RU" datatype="plaintext" original="a.txt">
  <header><note>Not text.</note></header>
  <body>
   <trans-unit id="1"><source>The talks took place in <g id="1">Minsk</g>.<x id="2"/> They lasted <bpt id="3">&lt;b&gt;</bpt>three<ept id="3">&lt;/b&gt;</ept> hours.</source>
     <seg-source><mrk mtype="seg" mid="1">The talks took place in Minsk.</mrk></seg-source>
     <target>Переговоры прошли в <g id="1">Минске</g>. Они длились <mrk mtype="x">три</mrk> часа.</target>
     <alt-trans><target>Wrong alternative.</target></alt-trans>
     <note>A note.</note></trans-unit>
   <group><trans-unit id="2"><source>Untranslated &amp; alone.</source></trans-unit></group>
  </body>
 </file>
</xliff>"#;
        let d = read_xliff(x.as_bytes()).unwrap();
        assert_eq!(d.version, "1.2");
        assert_eq!(d.src_lang.as_deref(), Some("en-US"));
        assert_eq!(d.tgt_lang.as_deref(), Some("ru-RU"));
        assert_eq!(d.units.len(), 2);
        assert_eq!(
            d.units[0].source,
            "The talks took place in Minsk. They lasted three hours."
        );
        assert_eq!(
            d.units[0].target,
            "Переговоры прошли в Минске. Они длились три часа."
        );
        assert_eq!(d.units[1].source, "Untranslated & alone.");
        assert_eq!(d.units[1].target, "");
        assert!(x[d.units[0].offset as usize..].starts_with("<trans-unit id=\"1\">"));
    }

    #[test]
    fn xliff_2_0_segments_are_joined() {
        let x = r##"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" version="2.0" srcLang="en" trgLang="be">
 <file id="f1"><notes><note>n</note></notes>
  <unit id="u1"><originalData><data id="d1">&lt;b&gt;</data></originalData>
   <mtc:matches><mtc:match ref="#1"><source>Match source.</source><target>Match target.</target></mtc:match></mtc:matches>
   <segment><source>One <pc id="1" dataRefStart="d1">bold</pc> word.</source><target>Адно <pc id="1">тлустае</pc> слова.</target></segment>
   <ignorable><source> </source></ignorable>
   <segment><source>Two<ph id="2"/>.</source><target>Два<cp hex="0009"/>.</target></segment>
  </unit>
 </file>
</xliff>"##;
        let d = read_xliff(x.as_bytes()).unwrap();
        assert_eq!(d.version, "2.0");
        assert_eq!(
            (d.src_lang.as_deref(), d.tgt_lang.as_deref()),
            (Some("en"), Some("be"))
        );
        assert_eq!(d.units.len(), 1);
        assert_eq!(d.units[0].source, "One bold word. Two.");
        assert_eq!(d.units[0].target, "Адно тлустае слова. Два .");
    }

    #[test]
    fn files_of_another_language_pair_are_refused_and_placeholders_separate_words() {
        let two = |tgt: &str, src: &str| {
            format!(
                r#"<xliff version="1.2"><file source-language="en-US" target-language="ru"><body><trans-unit id="1"><source>One.</source><target>Один.</target></trans-unit></body></file><file source-language="{src}" target-language="{tgt}"><body><trans-unit id="2"><source>Two<x id="1"/>words.</source><target>Два<ph id="2">&lt;br/&gt;</ph>слова.</target></trans-unit></body></file></xliff>"#
            )
        };
        let d = read_xliff(two("ru-RU", "en").as_bytes()).unwrap();
        assert_eq!(d.units[1].source, "Two words.");
        assert_eq!(d.units[1].target, "Два слова.");
        for (t, s) in [("be", "en"), ("en", "ru")] {
            let e = read_xliff(two(t, s).as_bytes()).unwrap_err();
            assert!(e.contains(&format!("translates {s} to {t}")), "{e}");
        }
        // The first file declares no target language, the second Belarusian.
        let x = two("be", "en").replacen(" target-language=\"ru\"", "", 1);
        let e = read_xliff(x.as_bytes()).unwrap_err();
        assert!(
            e.contains("translates en to be, the first en-US to ?"),
            "{e}"
        );
    }

    #[test]
    fn hostile_xliff_is_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>"#;
        assert!(read_xliff(bomb.as_bytes())
            .unwrap_err()
            .contains("internal subset"));
        let ext = r#"<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "http://example.com/x.dtd"><xliff version="1.2"><file><body><trans-unit id="1"><source>&xxe;</source></trans-unit></body></file></xliff>"#;
        let e = read_xliff(ext.as_bytes()).unwrap_err();
        assert!(e.contains("xxe"), "{e}");
        let cut = r#"<xliff version="1.2"><file><body><trans-unit id="1"><source>abc"#;
        assert!(read_xliff(cut.as_bytes())
            .unwrap_err()
            .contains("truncated"));
        let cut = r#"<xliff version="1.2"><file><body><trans-unit id="1"><source>abc</source></trans-unit>"#;
        assert!(read_xliff(cut.as_bytes())
            .unwrap_err()
            .contains("truncated"));
        assert!(read_xliff(&b"plain words"[..])
            .unwrap_err()
            .contains("not an XLIFF"));
        assert!(read_xliff(&b"<xliff><file></xliff>"[..])
            .unwrap_err()
            .contains("malformed"));
    }
}
