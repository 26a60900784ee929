//! Reading input files: checks that a path is a readable text file, decodes it, and
//! splits it into paragraphs.

mod decode;

pub use decode::{decode_bytes, Decoded};

use crate::error::{Error, Result};
use std::path::Path;

/// Largest input file accepted, in bytes (1 GiB): bigger files are refused rather than
/// exhausting memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// One paragraph of an input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph text, trimmed, without line breaks.
    pub text: String,
    /// 1-based line number of the paragraph's first line in the file.
    pub line: usize,
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
    let meta = std::fs::metadata(path).map_err(|e| Error::input(path, io_problem(&e)))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, expected a text file"));
    }
    if !meta.is_file() {
        return Err(Error::input(
            path,
            "is not a regular file (device, pipe or socket), expected a text file",
        ));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Error::input(
            path,
            format!("is {} bytes, larger than the 1 GiB limit", meta.len()),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::input(path, io_problem(&e)))?;
    if bytes.is_empty() {
        return Err(Error::input(path, "is empty"));
    }
    let decoded = decode_bytes(&bytes, encoding).map_err(|p| Error::input(path, p))?;
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
