//! SRX 2.0 segmentation rules (LISA, "Segmentation Rules eXchange", 2008), the format
//! OmegaT, Okapi, Trados and memoQ exchange: language rules made of ordered break /
//! no-break rules, each a `beforebreak` and an `afterbreak` regular expression, selected
//! by map rules whose `languagepattern` matches the language code; with `cascade="yes"`
//! the rules of every matching map apply in order, otherwise only the first map's.
//!
//! At each position between two characters the first rule whose `beforebreak` matches
//! the text just before the position and whose `afterbreak` matches the text just after
//! it decides; no matching rule means no break. Patterns are Java regular expressions;
//! the common subset (classes, `\p{Lu}`, `\s`, `\b`, quantifiers, groups) is accepted,
//! lookaround is not (the regex crate has none) and is reported as an error.

use super::Segmenter;
use quick_xml::events::Event;
use quick_xml::Reader;
use regex::Regex;
use std::ops::Range;

/// How far, in bytes, a rule looks before and after a position.
const WINDOW: usize = 256;

/// One SRX rule, compiled.
#[derive(Debug, Clone)]
struct Rule {
    brk: bool,
    before: Option<Regex>,
    after: Option<Regex>,
}

/// The rules of an SRX file selected for one language.
#[derive(Debug, Clone)]
pub struct SrxSegmenter {
    rules: Vec<Rule>,
}

/// A rule as read: (break, beforebreak pattern, afterbreak pattern).
type RawRule = (bool, String, String);

/// A parsed SRX file: language rules by name, and the map rules.
#[derive(Debug, Clone, Default)]
pub struct SrxFile {
    cascade: bool,
    languages: Vec<(String, Vec<RawRule>)>,
    maps: Vec<(String, String)>,
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

impl SrxFile {
    /// Parses SRX 2.0 (1.0 files with the same elements are read too).
    ///
    /// Errors: malformed XML or a document without `<languagerule>`s, as a one-line
    /// message.
    pub fn parse(xml: &str) -> Result<SrxFile, String> {
        let mut r = Reader::from_str(xml);
        let mut f = SrxFile {
            cascade: true,
            ..SrxFile::default()
        };
        let mut cur_rule: Option<(bool, String, String)> = None;
        let mut field = 0u8; // 1 before, 2 after
        loop {
            match r
                .read_event()
                .map_err(|e| format!("malformed SRX near byte {}: {e}", r.error_position()))?
            {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"header" => f.cascade = attr(&e, b"cascade").is_none_or(|v| v != "no"),
                    b"languagerule" => f.languages.push((
                        attr(&e, b"languagerulename").unwrap_or_default(),
                        Vec::new(),
                    )),
                    b"rule" => {
                        cur_rule = Some((
                            attr(&e, b"break").is_none_or(|v| v != "no"),
                            String::new(),
                            String::new(),
                        ))
                    }
                    b"beforebreak" => field = 1,
                    b"afterbreak" => field = 2,
                    b"languagemap" => f.maps.push((
                        attr(&e, b"languagepattern").unwrap_or_default(),
                        attr(&e, b"languagerulename").unwrap_or_default(),
                    )),
                    _ => {}
                },
                ev @ (Event::Text(_) | Event::CData(_)) => {
                    if let Some(rule) = cur_rule.as_mut() {
                        // Patterns may be written as CDATA (`<![CDATA[[\.?!]+]]>`).
                        let s = match ev {
                            Event::Text(t) => t.unescape().map_err(|e| e.to_string())?,
                            Event::CData(t) => std::borrow::Cow::Owned(
                                String::from_utf8(t.into_inner().into_owned())
                                    .map_err(|e| e.to_string())?,
                            ),
                            _ => unreachable!("matched above"),
                        };
                        match field {
                            1 => rule.1.push_str(&s),
                            2 => rule.2.push_str(&s),
                            _ => {}
                        }
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"beforebreak" | b"afterbreak" => field = 0,
                    b"rule" => {
                        if let (Some(rule), Some(lang)) = (cur_rule.take(), f.languages.last_mut())
                        {
                            lang.1.push(rule);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        if f.languages.is_empty() {
            return Err("no <languagerule> found: not an SRX file?".into());
        }
        Ok(f)
    }

    /// The segmenter for language code `lang` (e.g. `en`, `ru-RU`).
    ///
    /// Errors: no map rule matches the language, a map names a missing language rule, or
    /// a pattern is not a regular expression the regex crate supports (naming the rule).
    pub fn for_language(&self, lang: &str) -> Result<SrxSegmenter, String> {
        let mut rules = Vec::new();
        let mut matched = false;
        for (pattern, name) in &self.maps {
            let re = Regex::new(&format!("(?i)^(?:{pattern})$"))
                .map_err(|e| format!("languagepattern '{pattern}': {e}"))?;
            if !re.is_match(lang) {
                continue;
            }
            matched = true;
            let (_, list) = self
                .languages
                .iter()
                .find(|(n, _)| n == name)
                .ok_or_else(|| format!("languagemap names a missing languagerule '{name}'"))?;
            for (k, (brk, b, a)) in list.iter().enumerate() {
                let compile = |p: &str, before: bool| -> Result<Option<Regex>, String> {
                    if p.is_empty() {
                        return Ok(None);
                    }
                    let full = if before {
                        format!("(?:{p})$")
                    } else {
                        format!("^(?:{p})")
                    };
                    Regex::new(&full).map(Some).map_err(|e| {
                        format!(
                            "languagerule '{name}', rule {}: pattern '{p}' is not supported: {}",
                            k + 1,
                            e.to_string().lines().last().unwrap_or("")
                        )
                    })
                };
                rules.push(Rule {
                    brk: *brk,
                    before: compile(b, true)?,
                    after: compile(a, false)?,
                });
            }
            if !self.cascade {
                break;
            }
        }
        if !matched {
            return Err(format!("no languagemap matches language '{lang}'"));
        }
        Ok(SrxSegmenter { rules })
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl SrxSegmenter {
    fn breaks_at(&self, text: &str, pos: usize) -> bool {
        let lo = floor_boundary(text, pos.saturating_sub(WINDOW));
        let hi = ceil_boundary(text, (pos + WINDOW).min(text.len()));
        let (before, after) = (&text[lo..pos], &text[pos..hi]);
        for r in &self.rules {
            let b = r.before.as_ref().is_none_or(|re| re.is_match(before));
            if b && r.after.as_ref().is_none_or(|re| re.is_match(after)) {
                return r.brk;
            }
        }
        false
    }
}

impl Segmenter for SrxSegmenter {
    fn split(&self, para: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (pos, _) in para.char_indices().skip(1) {
            if self.breaks_at(para, pos) {
                super::push_trimmed(&mut out, para, start..pos);
                start = pos;
            }
        }
        super::push_trimmed(&mut out, para, start..para.len());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::split_text;

    const SRX: &str = r#"<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="English">
        <rule break="no"><beforebreak>\b(?:Mr|Dr|U\.S)\.</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="yes"><beforebreak>[\.\?!]+["”»]?</beforebreak><afterbreak>\s+\p{Lu}</afterbreak></rule>
        <rule break="yes"><beforebreak>\n</beforebreak><afterbreak></afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="EN.*" languagerulename="English"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>"#;

    #[test]
    fn cascading_rules_in_order() {
        let f = SrxFile::parse(SRX).unwrap();
        let en = f.for_language("en").unwrap();
        assert_eq!(
            split_text(
                &en,
                "Mr. Smith went to the U.S. Army base. He left! “Yes.” Then no."
            ),
            [
                "Mr. Smith went to the U.S. Army base.",
                "He left! “Yes.”",
                "Then no."
            ]
        );
        // Russian gets only the Default rules.
        let ru = f.for_language("ru-RU").unwrap();
        assert_eq!(
            split_text(&ru, "Mr. Smith. Ушёл."),
            ["Mr.", "Smith.", "Ушёл."]
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(SrxFile::parse("<srx/>")
            .unwrap_err()
            .contains("no <languagerule>"));
        let f = SrxFile::parse(&SRX.replace(r"\b(?:Mr|Dr|U\.S)\.", r"Mr(?=\.)")).unwrap();
        let e = f.for_language("en").unwrap_err();
        assert!(e.contains("rule 1") && e.contains("not supported"), "{e}");
        let f =
            SrxFile::parse(&SRX.replace(r#"languagepattern=".*""#, r#"languagepattern="DE.*""#))
                .unwrap();
        assert!(f.for_language("ru").unwrap_err().contains("no languagemap"));
    }

    #[test]
    fn patterns_in_cdata_sections_are_read() {
        let cdata = SRX.replace(
            r#"<beforebreak>[\.\?!]+["”»]?</beforebreak><afterbreak>\s+\p{Lu}</afterbreak>"#,
            r#"<beforebreak><![CDATA[[\.\?!]+["”»]?]]></beforebreak><afterbreak><![CDATA[\s+\p{Lu}]]></afterbreak>"#,
        );
        assert!(cdata.contains("CDATA"));
        let ru = SrxFile::parse(&cdata).unwrap().for_language("ru").unwrap();
        assert_eq!(
            split_text(&ru, "Он ушёл. Она «да». Всё."),
            ["Он ушёл.", "Она «да».", "Всё."]
        );
    }
}
