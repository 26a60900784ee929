//! Reading input files: checks that a path is a readable file, tells its format (plain
//! text, HTML, DOCX, or a bilingual TMX/XLIFF), decodes it, and splits it into
//! paragraphs.

pub mod bitext;
mod decode;
pub mod docx;
pub mod entities;
pub mod format;
pub mod html;
pub mod wrap;
pub mod xliff;

pub use decode::{decode_bytes, decode_markup, Decoded};
pub use format::{Format, FormatChoice};
pub use wrap::ParagraphMode;

use crate::error::{Error, Result};
use std::path::Path;

/// Largest input file accepted, in bytes (1 GiB): bigger files are refused rather than
/// exhausting memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Largest plain-text side accepted by [`read_side`], in bytes (64 MiB, as for HTML):
/// reading and segmenting takes about 20 bytes of memory per input byte, and 64 MiB
/// already holds more sentences than `align` accepts
/// ([`crate::job::MAX_SENTENCES`]).
pub const MAX_TEXT_BYTES: u64 = 64 << 20;

/// One paragraph of an input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph text, trimmed, without line breaks.
    pub text: String,
    /// Where the paragraph is, 1-based: the line of its first line in plain text, TMX and
    /// XLIFF (the unit's start tag); its position among the paragraphs read from HTML and
    /// DOCX (their parsers keep no line numbers).
    pub line: usize,
}

/// How to read a single-language input file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Forced encoding label (`--encoding`), for plain text and HTML.
    pub encoding: Option<&'a str>,
    /// Forced format (`--format`), or automatic detection.
    pub format: FormatChoice,
    /// Paragraph mode of plain text (`--paragraphs`).
    pub paragraphs: ParagraphMode,
    /// Leave HTML character references in plain text as written (`--keep-entities`).
    pub keep_entities: bool,
}

/// A single-language input file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideText {
    /// The format it was read as.
    pub format: Format,
    /// Its paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// For plain text: the decoded text (entity references decoded), which presegmented
    /// input splits by lines.
    pub text: Option<String>,
    /// Messages for the user (format, encoding, entities, paragraph mode).
    pub notes: Vec<String>,
}

/// Reads a single-language input file (plain text, HTML or DOCX) into paragraphs.
///
/// Plain text: decoded ([`read_text`]), HTML character references decoded
/// ([`entities::decode_entities`]) unless `opt.keep_entities`, split by `opt.paragraphs` ([`wrap::paragraphs_in`]).
/// HTML: decoded ([`html::decode_html`]), main text extracted ([`html::extract`]).
/// DOCX: [`docx::read_docx`].
///
/// Errors ([`Error::Input`] naming the file): see [`format::detect`], [`read_text`],
/// [`docx::read_docx`]; an HTML file larger than [`html::MAX_HTML_BYTES`]; HTML or DOCX
/// without a text paragraph; a TMX or XLIFF file (it holds two languages: see
/// [`bitext::read_bitext`]).
pub fn read_side(path: &Path, opt: &ReadOptions<'_>) -> Result<SideText> {
    let (format, note) = format::detect(path, opt.format)?;
    let mut notes: Vec<String> = note.into_iter().collect();
    let shown = path.display();
    let (paragraphs, text) = match format {
        Format::Text => {
            let len = format::check_input(path)?;
            if len > MAX_TEXT_BYTES {
                return Err(Error::input(
                    path,
                    format!("is {len} bytes, larger than the {} MiB limit for a plain-text side (align takes at most {} sentences a side; split it)", MAX_TEXT_BYTES >> 20, crate::job::MAX_SENTENCES),
                ));
            }
            let d = read_text(path, opt.encoding)?;
            if d.guessed {
                notes.push(format!("{shown}: read as {} (detected)", d.encoding));
            }
            if d.utf8_lines > 0 {
                notes.push(format!("warning: {shown}: mixes encodings: {} in {} text {} UTF-8 and {} read as UTF-8 (save the file in one encoding)", crate::output::plural(d.utf8_lines, "line"), d.encoding, if d.utf8_lines == 1 { "is" } else { "are" }, if d.utf8_lines == 1 { "was" } else { "were" }));
            }
            if let Some(label) = opt.encoding {
                if d.forced_over_utf8 {
                    notes.push(format!("warning: {shown}: read as {} as the encoding option ({label}) says, but it is valid UTF-8 with non-ASCII text; if its letters come out garbled, drop the option", d.encoding));
                }
            }
            let (text, n) = if opt.keep_entities {
                (std::borrow::Cow::Borrowed(d.text.as_str()), 0)
            } else {
                entities::decode_entities(&d.text)
            };
            if n > 0 {
                notes.push(format!("{shown}: decoded {n} HTML character references such as &amp; or &#8212; (--keep-entities leaves them as written)"));
            }
            let text = text.into_owned();
            let mode = opt.paragraphs.resolve(&text);
            if opt.paragraphs == ParagraphMode::Auto && mode == ParagraphMode::Blank {
                notes.push(format!("{shown}: hard-wrapped lines joined into paragraphs at blank lines (--paragraphs lines keeps one per line)"));
            } else if opt.paragraphs == ParagraphMode::Auto && wrap::maybe_wrapped_single_block(&text) {
                notes.push(format!("warning: {shown}: most lines end mid-sentence; if the text is hard-wrapped, pass --paragraphs blank (read as one paragraph per line)"));
            }
            (wrap::paragraphs_in(&text, mode), Some(text))
        }
        Format::Html => {
            let len = format::check_input(path)?;
            if len > html::MAX_HTML_BYTES {
                return Err(Error::input(
                    path,
                    format!("is {len} bytes, larger than the {} MiB limit for HTML", html::MAX_HTML_BYTES >> 20),
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| Error::input(path, io_problem(&e)))?;
            let (d, html_notes) =
                html::decode_html(&bytes, opt.encoding).map_err(|p| Error::input(path, p))?;
            notes.extend(html_notes.into_iter().map(|n| format!("{shown}: {n}")));
            if let (Some(label), true) = (opt.encoding, d.forced_over_utf8) {
                notes.push(format!("warning: {shown}: read as {} as the encoding option ({label}) says, but it is valid UTF-8 with non-ASCII text; if its letters come out garbled, drop the option", d.encoding));
            }
            html::check_nesting(&d.text).map_err(|p| Error::input(path, p))?;
            if d.guessed {
                notes.push(format!("{shown}: read as {} (detected)", d.encoding));
            }
            (html::extract(&d.text), None)
        }
        Format::Docx => (docx::read_docx(path)?, None),
        Format::Tmx | Format::Xliff => {
            return Err(Error::input(
                path,
                format!(
                    "is a {} file, which holds both languages; re-align it on its own: tmxalign align {} -o OUT.tmx",
                    format.name(),
                    shown
                ),
            ))
        }
    };
    if paragraphs.is_empty() && format != Format::Text {
        return Err(Error::input(
            path,
            format!("contains no text paragraphs (read as {})", format.name()),
        ));
    }
    Ok(SideText {
        format,
        paragraphs,
        text,
        notes,
    })
}

/// Reads `path` and decodes it to text.
///
/// `encoding` forces an encoding label (as understood by `encoding_rs`, e.g.
/// `windows-1251`, `koi8-r`); `None` detects it (see [`decode_bytes`]).
///
/// Errors ([`Error::Input`], naming the file): the path does not exist, is a directory
/// or not a regular file, cannot be read, is larger than [`MAX_INPUT_BYTES`], is empty
/// or whitespace only, holds binary data, or is not valid in its encoding.
pub fn read_text(path: &Path, encoding: Option<&str>) -> Result<Decoded> {
    read_text_with(path, encoding, decode_bytes)
}

/// Like [`read_text`], for a bilingual file (a dictionary): see
/// [`decode::decode_bilingual`].
pub fn read_bilingual_text(path: &Path, encoding: Option<&str>) -> Result<Decoded> {
    read_text_with(path, encoding, decode::decode_bilingual)
}

fn read_text_with(
    path: &Path,
    encoding: Option<&str>,
    decode: fn(&[u8], Option<&str>) -> std::result::Result<Decoded, String>,
) -> Result<Decoded> {
    format::check_input(path)?;
    let bytes = std::fs::read(path).map_err(|e| Error::input(path, io_problem(&e)))?;
    if bytes.is_empty() {
        return Err(Error::input(path, "is empty"));
    }
    let decoded = decode(&bytes, encoding).map_err(|p| Error::input(path, p))?;
    if decoded.text.trim().is_empty() {
        return Err(Error::input(path, "contains only whitespace, no text"));
    }
    Ok(decoded)
}

/// Checks that `path` is an existing regular file (not a directory, device, pipe or
/// socket, which could block or never end).
///
/// Errors ([`Error::Input`] naming the file).
pub fn check_regular(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| Error::input(path, io_problem(&e)))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, expected a file"));
    }
    if !meta.is_file() {
        return Err(Error::input(
            path,
            "is not a regular file (device, pipe or socket)",
        ));
    }
    Ok(())
}

/// A one-line description of an I/O error, without the OS error number.
pub fn io_problem(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "cannot read it: permission denied".into(),
        IsADirectory => "is a directory, expected a text file".into(),
        _ => format!("cannot read it: {e}"),
    }
}

/// Splits decoded text into paragraphs: every non-blank line is a paragraph (blank lines
/// only separate). Line breaks may be LF, CRLF or CR. Each paragraph is trimmed.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for (k, line) in split_lines(text).enumerate() {
        let t = line.trim();
        if !t.is_empty() {
            out.push(Paragraph {
                text: t.to_string(),
                line: k + 1,
            });
        }
    }
    out
}

/// Lines of `text` split at LF, CRLF or a lone CR, without the terminators.
/// (Used for paragraphs and for presegmented input.)
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_per_line_with_crlf_and_blank_lines() {
        let p = paragraphs("Title\r\n\r\n  First para.  \r\nSecond.\rThird\n\n");
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Title", "First para.", "Second.", "Third"]);
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [1, 3, 4, 5]);
    }
}
