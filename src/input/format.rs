//! Telling the format of an input file from its content and its name.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// The format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text (see [`super::read_text`]).
    Text,
    /// An HTML page (see [`super::html`]).
    Html,
    /// A Word document, Office Open XML (see [`super::docx`]).
    Docx,
    /// A TMX translation memory, both languages in one file (see [`super::bitext`]).
    Tmx,
    /// An XLIFF 1.2 or 2.0 file, both languages in one file (see [`super::xliff`]).
    Xliff,
}

impl Format {
    /// Whether the file holds both languages (TMX, XLIFF).
    pub fn is_bitext(self) -> bool {
        matches!(self, Format::Tmx | Format::Xliff)
    }

    /// The name used in messages (`plain text`, `HTML`, `DOCX`, `TMX`, `XLIFF`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Html => "HTML",
            Format::Docx => "DOCX",
            Format::Tmx => "TMX",
            Format::Xliff => "XLIFF",
        }
    }

    /// The format a file name's extension suggests (case-insensitive): `.html` `.htm`
    /// `.xhtml` → HTML, `.docx` → DOCX, `.tmx` → TMX, `.xlf` `.xliff` → XLIFF; `None`
    /// for anything else (read as plain text).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "tmx" => Some(Format::Tmx),
            "xlf" | "xliff" => Some(Format::Xliff),
            _ => None,
        }
    }
}

/// The `--format` option: automatic detection, or a forced single-language format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatChoice {
    /// From the content, else the file name.
    #[default]
    Auto,
    /// Plain text.
    Text,
    /// HTML.
    Html,
    /// DOCX.
    Docx,
}

/// Bytes read from the start of a file to tell its format.
const HEAD: usize = 4096;

/// The start of a zip archive (local file header), as DOCX files begin.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// Checks that `path` is a non-empty regular file no larger than
/// [`super::MAX_INPUT_BYTES`]; returns its size in bytes.
///
/// Errors ([`Error::Input`] naming the file): missing, unreadable, a directory, a
/// device/pipe/socket, too large, or empty.
pub fn check_input(path: &Path) -> Result<u64> {
    let meta = std::fs::metadata(path).map_err(|e| Error::input(path, super::io_problem(&e)))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, expected a text file"));
    }
    if !meta.is_file() {
        return Err(Error::input(
            path,
            "is not a regular file (device, pipe or socket), expected a text file",
        ));
    }
    if meta.len() > super::MAX_INPUT_BYTES {
        return Err(Error::input(
            path,
            format!("is {} bytes, larger than the 1 GiB limit", meta.len()),
        ));
    }
    if meta.len() == 0 {
        return Err(Error::input(path, "is empty"));
    }
    Ok(meta.len())
}

/// The format of `path`: forced by `choice`, else told by content and name.
///
/// Content wins: a zip archive is DOCX; markup whose first element (after a BOM,
/// whitespace, the XML declaration, comments and a DOCTYPE) is `<html>` or whose DOCTYPE
/// is `html` is HTML; `<tmx>` is TMX; `<xliff>` is XLIFF. Content that says none of these
/// leaves it to the extension ([`Format::from_extension`]), and plain text otherwise.
/// When content and extension disagree, the content's format is returned with a note
/// for the user.
///
/// Errors ([`Error::Input`] naming the file): see [`check_input`]; a `.docx` (or
/// `--format docx`) file that is not a zip archive; a legacy Word `.doc` or a PDF file.
pub fn detect(path: &Path, choice: FormatChoice) -> Result<(Format, Option<String>)> {
    check_input(path)?;
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD as u64).read_to_end(&mut head))
        .map_err(|e| Error::input(path, super::io_problem(&e)))?;
    let content = sniff(&head);
    let forced = match choice {
        FormatChoice::Auto => None,
        FormatChoice::Text => Some(Format::Text),
        FormatChoice::Html => Some(Format::Html),
        FormatChoice::Docx => Some(Format::Docx),
    };
    let by_name = Format::from_extension(path);
    let want_docx = forced.or(by_name) == Some(Format::Docx);
    if want_docx && content != Some(Format::Docx) {
        return Err(Error::input(path, "is not a DOCX file (not a zip archive)"));
    }
    if let Some(f) = forced {
        return Ok((f, None));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(Error::input(
            path,
            "is a legacy binary Office file (Word .doc?); save it as .docx, .html or .txt",
        ));
    }
    if head.starts_with(b"%PDF-") {
        return Err(Error::input(
            path,
            "is a PDF file; tmxalign reads plain text, HTML, DOCX, TMX and XLIFF (save it as text first)",
        ));
    }
    Ok(match (content, by_name) {
        (Some(c), n) if n.is_some_and(|n| n != c) || (n.is_none() && c != Format::Text) => {
            let named = match n {
                Some(n) => n.name(),
                None => "plain text",
            };
            let note = format!(
                "{}: the name says {named} but the content is {}; read as {}{}",
                path.display(),
                c.name(),
                c.name(),
                if c.is_bitext() {
                    ""
                } else {
                    " (--format overrides)"
                }
            );
            (c, Some(note))
        }
        (Some(c), _) => (c, None),
        // A file named .html without a single tag in its first bytes is plain text: read
        // as HTML, its line breaks would be lost and its paragraphs run together.
        (None, Some(Format::Html)) if !has_markup(&head) && !file_has_markup(path) => {
            let note = format!(
                "{}: the name says HTML but the content has no markup; read as plain text (--format html overrides)",
                path.display()
            );
            (Format::Text, Some(note))
        }
        (None, Some(n)) => (n, None),
        (None, None) => (Format::Text, None),
    })
}

/// [`has_markup`] over the whole file (read in blocks; unreadable → true, so the
/// HTML reader reports the problem).
fn file_has_markup(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return true;
    };
    let mut buf = vec![0u8; 1 << 16];
    // The last 3 bytes of a block are kept, so a tag split across blocks is seen.
    let mut keep = 0;
    loop {
        match f.read(&mut buf[keep..]) {
            Ok(0) => return false,
            Ok(n) => {
                let end = keep + n;
                if has_markup(&buf[..end]) {
                    return true;
                }
                let k = end.min(3);
                buf.copy_within(end - k..end, 0);
                keep = k;
            }
            Err(_) => return true,
        }
    }
}

/// Whether `head` holds something that looks like a tag: `<` followed by a letter, `/`
/// or `!` (ASCII, so any ASCII-compatible encoding or UTF-16 with a BOM sniffed as bytes
/// still shows it).
fn has_markup(head: &[u8]) -> bool {
    head.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!')))
        || head.windows(4).any(|w| {
            w[0] == b'<' && w[1] == 0 && (w[2].is_ascii_alphabetic() || matches!(w[2], b'/' | b'!'))
        })
}

/// The format the first bytes of a file show, if any (see [`detect`]).
pub fn sniff(head: &[u8]) -> Option<Format> {
    if head.starts_with(ZIP_MAGIC) {
        return Some(Format::Docx);
    }
    let text: String = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&head[bom..]).0.into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    };
    let mut s = text.trim_start_matches('\u{FEFF}');
    loop {
        s = s.trim_start();
        if let Some(r) = s.strip_prefix("<?") {
            s = &r[r.find("?>")? + 2..];
        } else if let Some(r) = s.strip_prefix("<!--") {
            s = &r[r.find("-->")? + 3..];
        } else if starts_with_ci(s, "<!doctype") {
            let rest = s["<!doctype".len()..].trim_start();
            for (name, f) in [
                ("html", Format::Html),
                ("tmx", Format::Tmx),
                ("xliff", Format::Xliff),
            ] {
                if starts_with_ci(rest, name)
                    && !rest[name.len()..].starts_with(char::is_alphanumeric)
                {
                    return Some(f);
                }
            }
            s = &s[s.find('>')? + 1..];
        } else if let Some(r) = s.strip_prefix('<') {
            let name: String = r
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_'))
                .collect::<String>()
                .to_ascii_lowercase();
            let local = name.rsplit(':').next().unwrap_or("");
            return match local {
                "html" => Some(Format::Html),
                "tmx" => Some(Format::Tmx),
                "xliff" => Some(Format::Xliff),
                _ => None,
            };
        } else {
            return None;
        }
    }
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_file_named_html_is_read_as_text() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("a.ru.html");
        std::fs::write(&t, "Заголовок\n\nПервое предложение. Второе.\n").unwrap();
        let (f, note) = detect(&t, FormatChoice::Auto).unwrap();
        assert_eq!(f, Format::Text);
        assert!(note.unwrap().contains("has no markup"));
        let h = d.path().join("b.ru.html");
        std::fs::write(&h, "Заголовок <p>Первое предложение.</p>\n").unwrap();
        assert_eq!(
            detect(&h, FormatChoice::Auto).unwrap(),
            (Format::Html, None)
        );
        assert_eq!(detect(&t, FormatChoice::Html).unwrap().0, Format::Html);
        // The first tag may come after the bytes sniffed.
        let late = d.path().join("c.ru.html");
        let text = "Длинный абзац без разметки. ".repeat(400);
        std::fs::write(&late, format!("{text}\n<p>Второй абзац.</p>\n")).unwrap();
        assert_eq!(
            detect(&late, FormatChoice::Auto).unwrap(),
            (Format::Html, None)
        );
    }

    #[test]
    fn sniffs_content() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Format::Docx));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF  <!-- saved --> <!DOCTYPE html><html>"),
            Some(Format::Html)
        );
        assert_eq!(sniff(b"<HTML lang=en>"), Some(Format::Html));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"),
            Some(Format::Html)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">"),
            Some(Format::Tmx)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><xliff version=\"2.0\">"),
            Some(Format::Xliff)
        );
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<tmx version=\"1.4\">".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(sniff(&utf16), Some(Format::Tmx));
        assert_eq!(sniff(b"The talks took place in Minsk."), None);
        assert_eq!(sniff(b"<p>A fragment</p>"), None);
        assert_eq!(sniff(b"<!DOCTYPE htmlx>"), None);
        assert_eq!(sniff(b"<!-- never closed"), None);
    }

    #[test]
    fn content_wins_over_the_name_with_a_note() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("page.txt");
        std::fs::write(&p, "<!DOCTYPE html><p>Hi.</p>").unwrap();
        let (f, note) = detect(&p, FormatChoice::Auto).unwrap();
        assert_eq!(f, Format::Html);
        assert!(note.unwrap().contains("page.txt"));
        assert_eq!(
            detect(&p, FormatChoice::Text).unwrap(),
            (Format::Text, None)
        );
        let p = d.path().join("frag.html");
        std::fs::write(&p, "<p>Hi.</p>").unwrap();
        assert_eq!(
            detect(&p, FormatChoice::Auto).unwrap(),
            (Format::Html, None)
        );
        let p = d.path().join("notes.txt");
        std::fs::write(&p, "Hi.").unwrap();
        assert_eq!(
            detect(&p, FormatChoice::Auto).unwrap(),
            (Format::Text, None)
        );
        let p = d.path().join("fake.docx");
        std::fs::write(&p, "Hi.").unwrap();
        let e = detect(&p, FormatChoice::Auto).unwrap_err().to_string();
        assert!(
            e.contains("fake.docx") && e.contains("not a zip archive"),
            "{e}"
        );
        let e = detect(&d.path().join("notes.txt"), FormatChoice::Docx).unwrap_err();
        assert!(e.to_string().contains("not a DOCX file"), "{e}");
    }
}
