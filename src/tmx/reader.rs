//! A streaming TMX reader on quick-xml: constant memory per TU, no DTD processing and no
//! entity expansion beyond the five predefined XML entities and character references.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::BufRead;
use std::path::Path;

/// TMX inline elements that hold native code (TMX 1.4b §3.7.2, .3, .5, .6, .7).
const INLINE_CODE: &[&[u8]] = &[b"bpt", b"ept", b"ph", b"it", b"ut"];

/// Inline codes that stand alone between words (a line break, an image, a code whose
/// pair is outside the segment, an unknown code: `<ph>`, `<it>`, `<ut>`, and XLIFF's
/// `<x/>`), so a space goes where one stood (see [`push_gap`]). A paired `<bpt>`/`<ept>`
/// usually sits inside a word (`<bpt>&lt;b&gt;</bpt>word`) and leaves none.
const STANDALONE_CODE: &[&[u8]] = &[b"ph", b"it", b"ut", b"x"];

/// One TUV as read: language tag (`xml:lang` or TMX 1.1's `lang`) and segment text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tuv {
    /// The language attribute, as written.
    pub lang: String,
    /// The `<seg>` text, entities resolved, inline markup dropped: the tags of `<hi>` and
    /// `<sub>`, and the native code inside `<bpt>`, `<ept>`, `<ph>`, `<it>` and `<ut>`
    /// (TMX 1.4b §3.7) with its content.
    pub text: String,
}

/// One TU as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadTu {
    /// The `tuid` attribute, if any.
    pub tuid: Option<String>,
    /// The TU's own `srclang` attribute, if any (it overrides the header's).
    pub srclang: Option<String>,
    /// `(type, value)` of each `<prop>` of the TU.
    pub props: Vec<(String, String)>,
    /// The TUVs in order.
    pub tuvs: Vec<Tuv>,
    /// 1-based line of the `<tu>` start tag... approximated by byte offset when lines are
    /// not tracked: the byte offset of the `<tu>` tag.
    pub offset: u64,
}

/// Reads TUs from `reader` one at a time, calling `f` for each. Stops at the first error
/// `f` returns.
///
/// Errors: malformed XML (with the byte offset), a DOCTYPE with an internal subset
/// (entity declarations are refused, so no entity-expansion attack can work), or an
/// unknown entity.
pub fn for_each_tu<R: BufRead>(
    reader: R,
    f: impl FnMut(ReadTu) -> std::result::Result<(), String>,
) -> std::result::Result<usize, String> {
    for_each_tu_with_header(reader, |_| {}, f)
}

/// Like [`for_each_tu`], and calls `on_header` with the `<header>` attributes
/// (`(name, value)` pairs) when it is read.
pub fn for_each_tu_with_header<R: BufRead>(
    reader: R,
    mut on_header: impl FnMut(Vec<(String, String)>),
    mut f: impl FnMut(ReadTu) -> std::result::Result<(), String>,
) -> std::result::Result<usize, String> {
    let mut r = Reader::from_reader(reader);
    r.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut cur: Option<ReadTu> = None;
    let mut in_seg = 0usize;
    // Depth inside inline code elements of a <seg>, whose content is not text.
    let mut code = 0usize;
    let mut seg_text = String::new();
    // A standalone code (`<ph>`, `<it>`, `<ut>`: a line break, an image) separates the
    // words around it: a space goes between them unless the text has one there.
    let mut ph_gap = false;
    let mut tuv_lang = String::new();
    let mut prop: Option<(String, String)> = None;
    let (mut saw_root, mut saw_end) = (false, false);
    // Open elements, and whether the root element has been closed.
    let (mut depth, mut root_closed) = (0usize, false);
    let mut n = 0;
    loop {
        let pos = r.buffer_position();
        let ev = r
            .read_event_into(&mut buf)
            .map_err(|e| format!("malformed XML near byte {}: {e}", r.error_position()))?;
        well_formed(&ev, pos, &mut depth, &mut root_closed)?;
        match ev {
            Event::DocType(d) => {
                let s = String::from_utf8_lossy(&d);
                // An internal subset that declares something (`[<!ENTITY …>]`); an
                // empty one (`[]`) is harmless.
                if s.find('[').is_some_and(|i| s[i..].contains("<!")) {
                    return Err(
                        "the DOCTYPE declares an internal subset (entities); refused".into(),
                    );
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"header" => {
                let mut attrs = Vec::new();
                for a in e.attributes().flatten() {
                    let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                    attrs.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), v));
                }
                on_header(attrs);
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"tu" => {
                let mut tu = ReadTu {
                    offset: pos,
                    ..ReadTu::default()
                };
                for a in e.attributes().flatten() {
                    let v = || -> std::result::Result<String, String> {
                        Ok(a.unescape_value().map_err(|e| e.to_string())?.into_owned())
                    };
                    match a.key.as_ref() {
                        b"tuid" => tu.tuid = Some(v()?),
                        b"srclang" => tu.srclang = Some(v()?),
                        _ => {}
                    }
                }
                cur = Some(tu);
            }
            Event::Start(e) if e.name().as_ref() == b"tuv" => {
                tuv_lang.clear();
                for a in e.attributes().flatten() {
                    if matches!(a.key.as_ref(), b"xml:lang" | b"lang") {
                        tuv_lang = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                    }
                }
            }
            Event::Start(e) if e.name().as_ref() == b"prop" && in_seg == 0 => {
                let mut ty = String::new();
                for a in e.attributes().flatten() {
                    if a.key.as_ref() == b"type" {
                        ty = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                    }
                }
                prop = Some((ty, String::new()));
            }
            Event::End(e) if e.name().as_ref() == b"prop" => {
                if let (Some(p), Some(tu)) = (prop.take(), cur.as_mut()) {
                    tu.props.push(p);
                }
            }
            Event::Start(e) if e.name().as_ref() == b"seg" => {
                in_seg += 1;
                code = 0;
                ph_gap = false;
                seg_text.clear();
            }
            // `<seg/>` is an empty segment, the same as `<seg></seg>`.
            Event::Empty(e) if e.name().as_ref() == b"seg" && in_seg == 0 => {
                if let Some(tu) = cur.as_mut() {
                    tu.tuvs.push(Tuv {
                        lang: tuv_lang.clone(),
                        text: String::new(),
                    });
                }
            }
            Event::Start(e)
                if in_seg > 0 && (code > 0 || INLINE_CODE.contains(&e.name().as_ref())) =>
            {
                ph_gap |= code == 0 && STANDALONE_CODE.contains(&e.name().as_ref());
                code += 1;
            }
            Event::Empty(e)
                if in_seg > 0 && code == 0 && STANDALONE_CODE.contains(&e.name().as_ref()) =>
            {
                ph_gap = true;
            }
            Event::End(e) if in_seg > 0 && code > 0 && e.name().as_ref() != b"seg" => {
                code -= 1;
            }
            Event::End(e) if e.name().as_ref() == b"seg" => {
                in_seg = in_seg.saturating_sub(1);
                if let Some(tu) = cur.as_mut() {
                    tu.tuvs.push(Tuv {
                        lang: tuv_lang.clone(),
                        text: std::mem::take(&mut seg_text),
                    });
                }
            }
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| format!("near byte {pos}: {e}"))?;
                if in_seg > 0 {
                    if code == 0 {
                        if std::mem::take(&mut ph_gap) {
                            push_gap(&mut seg_text, &s);
                        }
                        seg_text.push_str(&s);
                    }
                } else if let Some(p) = prop.as_mut() {
                    p.1.push_str(&s);
                }
            }
            Event::CData(t) if in_seg > 0 && code == 0 => {
                let s = String::from_utf8_lossy(&t);
                if std::mem::take(&mut ph_gap) {
                    push_gap(&mut seg_text, &s);
                }
                seg_text.push_str(&s);
            }
            Event::End(e) if e.name().as_ref() == b"tu" => {
                if let Some(tu) = cur.take() {
                    n += 1;
                    f(tu)?;
                }
            }
            Event::Eof => {
                if cur.is_some() || in_seg > 0 {
                    return Err("the file ends inside a <tu> (truncated?)".into());
                }
                if !saw_root {
                    return Err("not a TMX file: no <tmx> element".into());
                }
                if !saw_end || depth > 0 {
                    return Err("the file ends before </tmx> (truncated?)".into());
                }
                break;
            }
            Event::Start(e) if e.name().as_ref() == b"tmx" => saw_root = true,
            Event::End(e) if e.name().as_ref() == b"tmx" => saw_end = true,
            _ => {}
        }
        buf.clear();
    }
    Ok(n)
}

/// The well-formedness checks quick-xml leaves to its caller (XML 1.0 §2.1, §2.2,
/// §3.1): every attribute list parses (quoted values, no attribute twice), text and
/// attribute values hold only characters XML allows (also when written as character
/// references such as `&#1;`), and nothing but white space, comments and processing
/// instructions stands outside the one root element. `depth` counts open elements and
/// `root_closed` records that the root element has ended; `pos` is the event's byte
/// offset. Errors: a message naming the byte offset.
fn well_formed(
    ev: &Event,
    pos: u64,
    depth: &mut usize,
    root_closed: &mut bool,
) -> std::result::Result<(), String> {
    let bad_char = |s: &str| s.chars().find(|&c| !super::xml_allowed(c));
    let outside =
        |what: &str| format!("not well-formed near byte {pos}: {what} outside the root element");
    let bad = |what: &str| format!("not well-formed near byte {pos}: {what}");
    match ev {
        Event::Decl(_) if pos > 0 => {
            return Err(bad("the XML declaration is not at the start of the file"));
        }
        Event::DocType(_) if *depth > 0 || *root_closed => {
            return Err(bad("a DOCTYPE after the root element has started"));
        }
        Event::Comment(c) if c.windows(2).any(|w| w == b"--") => {
            return Err(bad("'--' inside a comment"));
        }
        Event::Start(e) | Event::Empty(e) => {
            if *root_closed {
                return Err(outside("a second element"));
            }
            if e.name()
                .as_ref()
                .first()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'.'))
            {
                return Err(bad("an element name starts with a digit, '-' or '.'"));
            }
            for a in e.attributes() {
                let a = a.map_err(|e| format!("not well-formed near byte {pos}: {e}"))?;
                if a.value.contains(&b'<') {
                    return Err(bad("'<' inside an attribute value"));
                }
                let v = a
                    .unescape_value()
                    .map_err(|e| format!("not well-formed near byte {pos}: {e}"))?;
                if let Some(c) = bad_char(&v) {
                    return Err(format!(
                        "not well-formed near byte {pos}: an attribute value holds U+{:04X}, which XML forbids",
                        c as u32
                    ));
                }
            }
            if matches!(ev, Event::Start(_)) {
                *depth += 1;
            } else if *depth == 0 {
                *root_closed = true;
            }
        }
        Event::End(_) => {
            *depth = depth.saturating_sub(1);
            if *depth == 0 {
                *root_closed = true;
            }
        }
        Event::Text(t) => {
            if t.windows(3).any(|w| w == b"]]>") {
                return Err(bad("']]>' in text"));
            }
            let s = t
                .unescape()
                .map_err(|e| format!("not well-formed near byte {pos}: {e}"))?;
            // XML white space is space, tab, CR and LF only (§2.3), not U+00A0.
            if *depth == 0 && !s.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
                return Err(if *root_closed {
                    outside("text")
                } else {
                    format!("not a TMX file: text before the root element, near byte {pos}")
                });
            }
            if let Some(c) = bad_char(&s) {
                return Err(format!(
                    "not well-formed near byte {pos}: the text holds U+{:04X}, which XML forbids",
                    c as u32
                ));
            }
        }
        Event::CData(t) => {
            if *depth == 0 {
                return Err(outside("CDATA"));
            }
            if let Some(c) = bad_char(&String::from_utf8_lossy(t)) {
                return Err(format!(
                    "not well-formed near byte {pos}: CDATA holds U+{:04X}, which XML forbids",
                    c as u32
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

/// The primary subtag of a language tag, lower case (`en-US` → `en`, `RU_ru` → `ru`).
pub fn primary_subtag(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl ReadTu {
    /// The index of the source TUV: the first TUV whose language has the primary subtag
    /// of the TU's own `srclang` attribute, else of `header_srclang` (compared
    /// case-insensitively, so `en-GB` matches `EN`); the first TUV when the `srclang`
    /// in force is absent, empty or `*all*`, or no TUV is in it. `None` for a TU without
    /// TUVs.
    pub fn source_index(&self, header_srclang: Option<&str>) -> Option<usize> {
        if self.tuvs.is_empty() {
            return None;
        }
        let sl = self
            .srclang
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .or(header_srclang)
            .map(primary_subtag)
            .filter(|s| !s.is_empty() && s != "*all*");
        Some(
            sl.and_then(|sl| self.tuvs.iter().position(|t| primary_subtag(&t.lang) == sl))
                .unwrap_or(0),
        )
    }

    /// The source TUV (see [`ReadTu::source_index`]) and the other TUVs, the targets, in
    /// file order; `None` for a TU without TUVs.
    pub fn source_and_targets(&self, header_srclang: Option<&str>) -> Option<(&Tuv, Vec<&Tuv>)> {
        let k = self.source_index(header_srclang)?;
        let targets = self
            .tuvs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != k)
            .map(|(_, t)| t)
            .collect();
        Some((&self.tuvs[k], targets))
    }
}

/// Reads `(source, target)` text pairs of every TU in a TMX file: the source TUV is the
/// one in the `srclang` (see [`ReadTu::source_index`]), the target the first other TUV.
///
/// Errors ([`Error::Input`] naming the file): unreadable or malformed TMX.
pub fn read_pairs(path: &Path) -> Result<Vec<(String, String)>> {
    // open_tmx reads UTF-16 with a BOM too, as the tmx tools do.
    let f = super::open::open_tmx(path)
        .map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    let mut out = Vec::new();
    let srclang = std::cell::RefCell::new(None::<String>);
    for_each_tu_with_header(
        f,
        |h| *srclang.borrow_mut() = h.into_iter().find(|(k, _)| k == "srclang").map(|(_, v)| v),
        |tu| {
            let pair = match tu.source_and_targets(srclang.borrow().as_deref()) {
                Some((s, t)) => (
                    s.text.clone(),
                    t.first().map(|t| t.text.clone()).unwrap_or_default(),
                ),
                None => Default::default(),
            };
            out.push(pair);
            Ok(())
        },
    )
    .map_err(|e| Error::input(path, e))?;
    Ok(out)
}

/// Adds a space to `text` before `next` where a placeholder code such as `<ph>` (a line
/// break, an image) stood: unless there is whitespace on either side, `next` starts with
/// closing punctuation (`.`, `,`, `)`, `»`…) or `text` ends with opening punctuation
/// (`(`, `«`, `“`…). So `Click<ph/>here` reads `Click here` and `win.”<ph/>(Applause.)`
/// reads `win.” (Applause.)`, while `word<ph/>.` stays `word.`.
pub fn push_gap(text: &mut String, next: &str) {
    if needs_gap(text.chars().next_back(), next.chars().next()) {
        text.push(' ');
    }
}

/// Whether a dropped placeholder between `left` and `right` leaves a space (see
/// [`push_gap`]).
pub fn needs_gap(left: Option<char>, right: Option<char>) -> bool {
    let (Some(l), Some(r)) = (left, right) else {
        return false;
    };
    !l.is_whitespace()
        && !r.is_whitespace()
        && !matches!(l, '(' | '[' | '{' | '«' | '“' | '„' | '‘' | '‹' | '/')
        && !matches!(
            r,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '”' | '’' | '›' | '%' | '…'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_code_separates_the_words_around_it() {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Click<ph x="1">&lt;br/&gt;</ph>here, <ph x="2"/>then<ph/> <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv></tu>
</body></tmx>"#;
        let mut got = Vec::new();
        for_each_tu(xml.as_bytes(), |tu| {
            got.push(tu);
            Ok(())
        })
        .unwrap();
        assert_eq!(got[0].tuvs[0].text, "Click here, then Save.");
        assert!(needs_gap(Some('.'), Some('(')));
        assert!(needs_gap(Some(':'), Some('«')));
        assert!(!needs_gap(Some('d'), Some('.')));
        assert!(!needs_gap(Some('«'), Some('W')));
    }

    fn read_all(xml: &str) -> Vec<ReadTu> {
        let mut got = Vec::new();
        for_each_tu(xml.as_bytes(), |tu| {
            got.push(tu);
            Ok(())
        })
        .unwrap();
        got
    }

    #[test]
    fn the_source_tuv_is_the_one_in_the_srclang() {
        let xml = r#"<tmx version="1.4"><header srclang="EN-us"/><body>
<tu><tuv xml:lang="ru"><seg>Привет.</seg></tuv><tuv xml:lang="en-GB"><seg>Hello.</seg></tuv></tu>
<tu srclang="ru"><tuv xml:lang="en"><seg>Yes.</seg></tuv><tuv xml:lang="ru"><seg>Да.</seg></tuv><tuv xml:lang="be"><seg>Так.</seg></tuv></tu>
<tu><tuv xml:lang="de"><seg>Ja.</seg></tuv><tuv xml:lang="fr"><seg>Oui.</seg></tuv></tu>
<tu><prop type="x">y</prop></tu>
</body></tmx>"#;
        let got = read_all(xml);
        assert_eq!(got[0].source_index(Some("EN-us")), Some(1));
        assert_eq!(got[0].source_index(Some("*all*")), Some(0));
        assert_eq!(got[0].source_index(None), Some(0));
        assert_eq!(got[1].srclang.as_deref(), Some("ru"));
        let (s, t) = got[1].source_and_targets(Some("en")).unwrap();
        assert_eq!(s.text, "Да.");
        let t: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(t, ["Yes.", "Так."]);
        // No TUV in the srclang: the first one.
        assert_eq!(got[2].source_index(Some("en")), Some(0));
        assert_eq!(got[3].source_index(Some("en")), None);
    }

    #[test]
    fn a_self_closing_seg_is_an_empty_segment() {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="ru-RU"><seg/></tuv></tu>
<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="ru-RU"><seg></seg></tuv></tu>
</body></tmx>"#;
        let got = read_all(xml);
        let want = vec![
            Tuv {
                lang: "en".into(),
                text: "Hello.".into(),
            },
            Tuv {
                lang: "ru-RU".into(),
                text: String::new(),
            },
        ];
        assert_eq!(got[0].tuvs, want);
        assert_eq!(got[1].tuvs, want);
    }

    #[test]
    fn standalone_codes_separate_words_and_paired_codes_do_not() {
        let xml = r#"<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Both ministers<ut>{\line}</ut>welcomed it.<it pos="begin">&lt;i&gt;</it>Then<it pos="end"/>, un<bpt i="1">&lt;b&gt;</bpt>believ<ept i="1">&lt;/b&gt;</ept>able<ut/><![CDATA[x]]>.</seg></tuv></tu>
</body></tmx>"#;
        let got = read_all(xml);
        assert_eq!(
            got[0].tuvs[0].text,
            "Both ministers welcomed it. Then, unbelievable x."
        );
    }

    #[test]
    fn reads_what_the_writer_writes_and_refuses_entity_bombs() {
        let xml = r#"<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>
<tu tuid="7"><prop type="x-confidence">0.91</prop><tuv xml:lang="en"><seg>A &amp; B</seg></tuv><tuv lang="ru"><seg>А <bpt i="1">x</bpt>и Б</seg></tuv></tu>
</body></tmx>"#;
        let mut got = Vec::new();
        let n = for_each_tu(xml.as_bytes(), |tu| {
            got.push(tu);
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 1);
        assert_eq!(got[0].tuid.as_deref(), Some("7"));
        assert_eq!(
            got[0].props,
            vec![("x-confidence".to_string(), "0.91".to_string())]
        );
        assert_eq!(
            got[0].tuvs[0],
            Tuv {
                lang: "en".into(),
                text: "A & B".into()
            }
        );
        assert_eq!(got[0].tuvs[1].lang, "ru");
        assert_eq!(got[0].tuvs[1].text, "А и Б");
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><tmx><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>"#;
        assert!(for_each_tu(bomb.as_bytes(), |_| Ok(()))
            .unwrap_err()
            .contains("internal subset"));
        let truncated = r#"<tmx><body><tu><tuv xml:lang="en"><seg>abc"#;
        assert!(for_each_tu(truncated.as_bytes(), |_| Ok(())).is_err());
        let between = r#"<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu>"#;
        assert!(for_each_tu(between.as_bytes(), |_| Ok(()))
            .unwrap_err()
            .contains("before </tmx>"));
        assert!(for_each_tu(&b""[..], |_| Ok(()))
            .unwrap_err()
            .contains("not a TMX file"));
        assert!(for_each_tu(&b"notes"[..], |_| Ok(()))
            .unwrap_err()
            .contains("not a TMX file"));
    }
}
