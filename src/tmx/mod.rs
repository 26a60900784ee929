//! TMX 1.4b output (LISA OSCAR, 2005): a streaming writer on quick-xml that emits one
//! `<tu>` per aligned bead, valid against the TMX 1.4 DTD.

pub mod alignment;
pub mod date;
pub mod open;
pub mod ops;
pub mod reader;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// The header fields tmxalign sets (TMX 1.4b §3.2).
#[derive(Debug, Clone)]
pub struct Header {
    /// `srclang`: the BCP-47 tag of the source TUVs.
    pub srclang: String,
    /// `creationdate` in `YYYYMMDDThhmmssZ` form.
    pub creation_date: String,
}

/// One translation unit to write.
#[derive(Debug, Clone)]
pub struct Tu<'a> {
    /// `tuid` attribute; empty writes none.
    pub tuid: String,
    /// `(type, value)` properties, written as `<prop type="…">…</prop>` in order.
    pub props: Vec<(&'a str, String)>,
    /// `(xml:lang, segment text)` of each TUV, source first.
    pub tuvs: Vec<(&'a str, String)>,
}

/// Whether XML 1.0 allows `c` in character data (XML 1.0 §2.2, production [2] Char).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `s` without the characters XML 1.0 forbids ([`xml_allowed`]), and how many were removed.
pub fn strip_disallowed(s: &str) -> (String, usize) {
    if s.chars().all(xml_allowed) {
        return (s.to_string(), 0);
    }
    let out: String = s.chars().filter(|&c| xml_allowed(c)).collect();
    let removed = s.chars().count() - out.chars().count();
    (out, removed)
}

/// Streams a TMX document to `W`. Create with [`TmxWriter::new`], add units with
/// [`TmxWriter::write_tu`], and close with [`TmxWriter::finish`].
pub struct TmxWriter<W: Write> {
    xml: Writer<W>,
    /// Units written so far.
    pub units: usize,
    /// Characters removed because XML 1.0 forbids them.
    pub removed_chars: usize,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration, DOCTYPE, `<tmx version="1.4">`, the header and
    /// `<body>`. Errors: I/O errors of `w`.
    pub fn new(w: W, header: &Header) -> std::io::Result<TmxWriter<W>> {
        TmxWriter::with_header_props(w, header, &[])
    }

    /// As [`TmxWriter::new`], with `(type, value)` properties written inside the header
    /// as `<prop type="…">…</prop>` (escaped; characters XML 1.0 forbids removed).
    /// Errors: I/O errors of `w`.
    pub fn with_header_props(
        w: W,
        header: &Header,
        props: &[(&str, &str)],
    ) -> std::io::Result<TmxWriter<W>> {
        let mut xml = Writer::new(w);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.get_mut()
            .write_all(b"\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n")?;
        let mut tmx = BytesStart::new("tmx");
        tmx.push_attribute(("version", "1.4"));
        xml.write_event(Event::Start(tmx))?;
        xml.get_mut().write_all(b"\n  ")?;
        let mut h = BytesStart::new("header");
        h.push_attribute(("creationtool", "tmxalign"));
        h.push_attribute(("creationtoolversion", env!("CARGO_PKG_VERSION")));
        h.push_attribute(("segtype", "sentence"));
        h.push_attribute(("o-tmf", "tmxalign"));
        h.push_attribute(("adminlang", "en"));
        let (srclang, _) = strip_disallowed(&header.srclang);
        let (date, _) = strip_disallowed(&header.creation_date);
        h.push_attribute(("srclang", srclang.as_str()));
        h.push_attribute(("datatype", "plaintext"));
        h.push_attribute(("creationdate", date.as_str()));
        if props.is_empty() {
            xml.write_event(Event::Empty(h))?;
        } else {
            xml.write_event(Event::Start(h))?;
            for (ty, value) in props {
                let (ty, _) = strip_disallowed(ty);
                let (value, _) = strip_disallowed(value);
                xml.get_mut().write_all(b"\n    ")?;
                let mut p = BytesStart::new("prop");
                p.push_attribute(("type", ty.as_str()));
                xml.write_event(Event::Start(p))?;
                xml.write_event(Event::Text(BytesText::new(&value)))?;
                xml.write_event(Event::End(BytesEnd::new("prop")))?;
            }
            xml.get_mut().write_all(b"\n  ")?;
            xml.write_event(Event::End(BytesEnd::new("header")))?;
        }
        xml.get_mut().write_all(b"\n  ")?;
        xml.write_event(Event::Start(BytesStart::new("body")))?;
        Ok(TmxWriter {
            xml,
            units: 0,
            removed_chars: 0,
        })
    }

    fn clean(&mut self, s: &str) -> String {
        let (out, removed) = strip_disallowed(s);
        self.removed_chars += removed;
        out
    }

    /// Writes one `<tu>`. Text and attribute values are escaped; characters XML 1.0
    /// forbids are removed from both (a document id taken from a file name may hold
    /// control characters) and counted in [`TmxWriter::removed_chars`]. Errors: I/O
    /// errors.
    pub fn write_tu(&mut self, tu: &Tu) -> std::io::Result<()> {
        self.xml.get_mut().write_all(b"\n    ")?;
        let mut start = BytesStart::new("tu");
        let tuid = self.clean(&tu.tuid);
        if !tuid.is_empty() {
            start.push_attribute(("tuid", tuid.as_str()));
        }
        self.xml.write_event(Event::Start(start))?;
        for (ty, value) in &tu.props {
            let v = self.clean(value);
            let ty = self.clean(ty);
            self.xml.get_mut().write_all(b"\n      ")?;
            let mut p = BytesStart::new("prop");
            p.push_attribute(("type", ty.as_str()));
            self.xml.write_event(Event::Start(p))?;
            self.xml.write_event(Event::Text(BytesText::new(&v)))?;
            self.xml.write_event(Event::End(BytesEnd::new("prop")))?;
        }
        for (lang, text) in &tu.tuvs {
            let t = self.clean(text);
            let lang = self.clean(lang);
            self.xml.get_mut().write_all(b"\n      ")?;
            let mut tuv = BytesStart::new("tuv");
            tuv.push_attribute(("xml:lang", lang.as_str()));
            self.xml.write_event(Event::Start(tuv))?;
            // The segment text is written as one text event: no indentation enters it.
            self.xml.write_event(Event::Start(BytesStart::new("seg")))?;
            self.xml.write_event(Event::Text(BytesText::new(&t)))?;
            self.xml.write_event(Event::End(BytesEnd::new("seg")))?;
            self.xml.write_event(Event::End(BytesEnd::new("tuv")))?;
        }
        self.xml.get_mut().write_all(b"\n    ")?;
        self.xml.write_event(Event::End(BytesEnd::new("tu")))?;
        self.units += 1;
        Ok(())
    }

    /// Closes `<body>` and `<tmx>`, adds a final newline, and returns the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.xml.get_mut().write_all(b"\n  ")?;
        self.xml.write_event(Event::End(BytesEnd::new("body")))?;
        self.xml.get_mut().write_all(b"\n")?;
        self.xml.write_event(Event::End(BytesEnd::new("tmx")))?;
        let mut w = self.xml.into_inner();
        w.write_all(b"\n")?;
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_shaped_tmx() {
        let h = Header {
            srclang: "en".into(),
            creation_date: "20260101T000000Z".into(),
        };
        let mut w = TmxWriter::new(Vec::new(), &h).unwrap();
        w.write_tu(&Tu {
            tuid: "1".into(),
            props: vec![("x-confidence", "0.97".into()), ("x-bead", "1-1".into())],
            tuvs: vec![
                ("en", "A & B <c> \u{1F600}\u{0001}".into()),
                ("ru-RU", "А и Б".into()),
            ],
        })
        .unwrap();
        assert_eq!(w.removed_chars, 1);
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"), "{out}");
        assert!(out.contains("srclang=\"en\""));
        assert!(out.contains("creationdate=\"20260101T000000Z\""));
        assert!(
            out.contains("<seg>A &amp; B &lt;c&gt; \u{1F600}</seg>"),
            "{out}"
        );
        assert!(out.contains("<prop type=\"x-confidence\">0.97</prop>"));
        assert!(out.contains("<tuv xml:lang=\"ru-RU\">"));
        assert!(out.ends_with("</tmx>\n"));
    }
}
