//! Paragraphs of a Word document (DOCX, Office Open XML WordprocessingML).
//!
//! Follows ECMA-376 Part 1 (5th ed.) §17.3: the main document part `word/document.xml`
//! holds paragraphs `w:p` (§17.3.1.22) made of runs `w:r` (§17.3.2.25) whose text is in
//! `w:t` (§17.3.3.31); tracked changes are `w:del`/`w:delText` (§17.13.5.14, .15) and
//! `w:ins` (§17.13.5.18). The part is streamed (quick-xml), never held whole in memory.

use super::Paragraph;
use crate::error::{Error, Result};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::io::{BufReader, Read};
use std::path::Path;

/// Largest `word/document.xml` read, in decompressed bytes (256 MiB): a zip bomb stops
/// here. The longest novels are under 20 MiB.
pub const MAX_DOCUMENT_XML: u64 = 256 << 20;

/// The WordprocessingML namespaces: transitional and strict.
const W_NS: &[&[u8]] = &[
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// The markup-compatibility namespace (ECMA-376 Part 3): `mc:Fallback` repeats the
/// content of `mc:Choice` for older readers, so it is skipped.
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// WordprocessingML elements skipped with their content: properties (which hold tab
/// stops, not tabs), deleted and moved-away text, field instructions, footnote and
/// comment references.
const SKIPPED: &[&[u8]] = &[
    b"pPr",
    b"rPr",
    b"sectPr",
    b"del",
    b"delText",
    b"moveFrom",
    b"instrText",
    b"delInstrText",
    b"footnoteReference",
    b"endnoteReference",
    b"commentReference",
];

/// Reads the paragraphs of the DOCX file at `path`, in document order (a paragraph inside
/// a text box comes before the paragraph that anchors it).
///
/// Each `w:p` with text is one paragraph: the text of its `w:t` elements, `w:tab` and
/// `w:ptab` as a space, `w:br` and `w:cr` as a space (a soft line break is not a
/// paragraph or sentence break), `w:noBreakHyphen` as `-`; deleted text (`w:del`,
/// `w:delText`, `w:moveFrom`) is left out and inserted text (`w:ins`, `w:moveTo`) kept.
/// Whitespace collapses to single spaces; empty paragraphs are dropped. Headers,
/// footers, footnotes and comments (other parts of the package) are not read.
/// [`Paragraph::line`] is the paragraph's 1-based position in the returned list.
///
/// Errors ([`Error::Input`] naming the file): not a zip archive, a damaged archive, no
/// `word/document.xml`, an encrypted or unsupported entry, a document part larger than
/// [`MAX_DOCUMENT_XML`] once decompressed, malformed XML, a DOCTYPE with an internal
/// subset.
pub fn read_docx(path: &Path) -> Result<Vec<Paragraph>> {
    let file = std::fs::File::open(path).map_err(|e| Error::input(path, super::io_problem(&e)))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        Error::input(
            path,
            match e {
                zip::result::ZipError::Io(e) => super::io_problem(&e),
                e => format!("is not a DOCX file (a damaged zip archive: {e})"),
            },
        )
    })?;
    let entry = zip.by_name("word/document.xml").map_err(|e| {
        Error::input(
            path,
            match e {
                zip::result::ZipError::FileNotFound => {
                    "is a zip archive without word/document.xml, not a DOCX file".to_string()
                }
                e => format!("cannot read word/document.xml: {e}"),
            },
        )
    })?;
    if entry.size() > MAX_DOCUMENT_XML {
        return Err(Error::input(path, too_big(Some(entry.size()))));
    }
    let limited = Limited {
        inner: entry,
        left: MAX_DOCUMENT_XML,
    };
    parse_document_xml(BufReader::new(limited)).map_err(|e| Error::input(path, e))
}

/// The problem of a document part over [`MAX_DOCUMENT_XML`]; `n` is its declared size,
/// `None` when the archive understated it.
fn too_big(n: Option<u64>) -> String {
    let limit = MAX_DOCUMENT_XML >> 20;
    match n {
        Some(n) => format!(
            "word/document.xml unpacks to {n} bytes, more than the {limit} MiB limit (a zip bomb?)"
        ),
        None => {
            format!("word/document.xml unpacks to more than the {limit} MiB limit (a zip bomb?)")
        }
    }
}

/// A reader that fails once more than `left` bytes have been read.
struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(too_big(None)));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Paragraphs of a `word/document.xml` part read from `r` (see [`read_docx`]).
///
/// Errors: a one-line problem (malformed XML with its byte offset, the size limit, a
/// DOCTYPE with an internal subset).
pub fn parse_document_xml<R: std::io::BufRead>(
    r: R,
) -> std::result::Result<Vec<Paragraph>, String> {
    let mut reader = NsReader::from_reader(r);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    // Open paragraphs (text boxes nest paragraphs inside runs of another).
    let mut open: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut skip = 0usize; // depth inside a skipped element
    let mut in_t = 0usize;
    loop {
        let (ns, ev) = match reader.read_resolved_event_into(&mut buf) {
            Ok(x) => x,
            Err(e) => {
                let msg = e.to_string();
                return Err(if msg.contains("zip bomb") {
                    msg.split_once(": ")
                        .map_or(msg.clone(), |x| x.1.to_string())
                } else if let quick_xml::Error::Io(io) = &e {
                    // The zip reader failed (a checksum error, a truncated archive).
                    format!("cannot unpack word/document.xml: {io} (a damaged DOCX file?)")
                } else {
                    format!(
                        "word/document.xml is not well-formed XML near byte {}: {msg}",
                        reader.error_position()
                    )
                });
            }
        };
        let is_w = matches!(ns, ResolveResult::Bound(n) if W_NS.contains(&n.as_ref()));
        let is_mc = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == MC_NS);
        match ev {
            Event::DocType(d) if d.contains(&b'[') => {
                return Err(
                    "word/document.xml has a DOCTYPE with an internal subset (entities); refused"
                        .into(),
                );
            }
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 || (is_w && SKIPPED.contains(&name)) || (is_mc && name == b"Fallback") {
                    skip += 1;
                } else if is_w && name == b"p" {
                    open.push(String::new());
                } else if is_w && name == b"t" {
                    in_t += 1;
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    skip -= 1;
                } else if is_w && name == b"p" {
                    if let Some(p) = open.pop() {
                        let text = p.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !text.is_empty() {
                            out.push(Paragraph {
                                text,
                                line: out.len() + 1,
                            });
                        }
                    }
                } else if is_w && name == b"t" {
                    in_t = in_t.saturating_sub(1);
                }
            }
            Event::Empty(e) if skip == 0 && is_w => {
                let piece = match e.local_name().as_ref() {
                    b"tab" | b"ptab" | b"br" | b"cr" => " ",
                    b"noBreakHyphen" => "-",
                    _ => "",
                };
                if let Some(p) = open.last_mut() {
                    p.push_str(piece);
                }
            }
            Event::Text(t) if skip == 0 && in_t > 0 => {
                let s = t.unescape().map_err(|e| {
                    format!(
                        "word/document.xml: bad text near byte {}: {e}",
                        reader.buffer_position()
                    )
                })?;
                if let Some(p) = open.last_mut() {
                    p.push_str(&s);
                }
            }
            Event::CData(t) if skip == 0 && in_t > 0 => {
                if let Some(p) = open.last_mut() {
                    p.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal DOCX (zip with `[Content_Types].xml` and `word/document.xml`) whose body
    /// is `body` (WordprocessingML inside `<w:body>`).
    pub fn docx_bytes(body: &str) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opt = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("[Content_Types].xml", opt).unwrap();
        z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
        z.start_file("word/document.xml", opt).unwrap();
        write!(
            z,
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
        )
        .unwrap();
        z.finish().unwrap().into_inner()
    }

    fn texts(body: &str) -> Vec<String> {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.docx");
        std::fs::write(&p, docx_bytes(body)).unwrap();
        read_docx(&p).unwrap().into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn paragraphs_tabs_breaks_and_tracked_changes() {
        let body = r#"
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>The talks took</w:t></w:r><w:r><w:t xml:space="preserve"> place in Minsk.</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Name</w:t><w:tab/><w:t>Value</w:t></w:r></w:p>
<w:p><w:r><w:t>A sentence broken</w:t><w:br/><w:t>by a soft break.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">They </w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>never </w:delText></w:r></w:del><w:ins w:id="2" w:author="x"><w:r><w:t>always </w:t></w:r></w:ins><w:r><w:t>agree &amp; sign.</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>Linked.</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box text.</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent><w:t>Anchor.</w:t></w:r></w:p>
"#;
        assert_eq!(
            texts(body),
            [
                "The talks took place in Minsk.",
                "Name Value",
                "A sentence broken by a soft break.",
                "They always agree & sign.",
                "Cell text.",
                "Linked.",
                "Box text.",
                "Anchor.",
            ]
        );
    }

    #[test]
    fn no_text_gives_no_paragraphs() {
        assert!(texts("<w:p/><w:p><w:r><w:t>  </w:t></w:r></w:p>").is_empty());
    }

    #[test]
    fn refuses_non_docx_and_bombs() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.docx");
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("other.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"hello").unwrap();
        std::fs::write(&p, z.finish().unwrap().into_inner()).unwrap();
        let e = read_docx(&p).unwrap_err().to_string();
        assert!(
            e.contains("x.docx") && e.contains("without word/document.xml"),
            "{e}"
        );
        std::fs::write(&p, b"PK\x03\x04 truncated").unwrap();
        let e = read_docx(&p).unwrap_err().to_string();
        assert!(e.contains("not a DOCX file"), "{e}");
        // The size cap, on the reader.
        let mut l = Limited {
            inner: std::io::repeat(b'a'),
            left: 10,
        };
        let mut sink = Vec::new();
        let e = std::io::copy(&mut l, &mut sink).unwrap_err();
        assert!(e.to_string().contains("zip bomb"), "{e}");
        let bomb = r#"<!DOCTYPE w [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
        assert!(parse_document_xml(bomb.as_bytes())
            .unwrap_err()
            .contains("internal subset"));
        assert!(parse_document_xml(&b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:t>x</w:p>"[..])
            .unwrap_err()
            .contains("not well-formed"));
    }
}
