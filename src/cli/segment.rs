//! `tmxalign segment`.

use crate::document::Document;
use crate::error::{Error, Result, EXIT_OK};
use crate::input::{paragraphs, read_text};
use crate::lang::{detect, Lang};
use crate::segment::RuleSegmenter;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `tmxalign segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Text file to segment (UTF-8, UTF-16 with BOM, or a legacy Cyrillic encoding).
    pub file: PathBuf,
    /// Language of the text (en, ru, be; tags like en-US are accepted). Detected from the
    /// script when omitted.
    #[arg(long, value_parser = Lang::parse_tag)]
    pub lang: Option<Lang>,
    /// Segment with the rules of this SRX 2.0 file instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Force the input encoding (e.g. windows-1251, koi8-r, utf-16le).
    #[arg(long)]
    pub encoding: Option<String>,
}

/// Runs `tmxalign segment`; prints one segment per line and returns 0.
///
/// Errors: unreadable input, undetectable language, or bad SRX (exit 2).
pub fn run(a: SegmentArgs) -> Result<i32> {
    let text = read_text(&a.file, a.encoding.as_deref())?;
    let lang = match a.lang {
        Some(l) => l,
        None => detect(&text.text).ok_or_else(|| {
            Error::input(
                &a.file,
                "has no letters to detect its language from; pass --lang",
            )
        })?,
    };
    let paras = paragraphs(&text.text);
    let doc = match a.srx.as_deref() {
        Some(p) => Document::segment(lang, &paras, &crate::job::Srx::read(p)?.segmenter(lang)?),
        None => Document::segment(lang, &paras, &RuleSegmenter::new(lang)),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in &doc.sentences {
        if writeln!(out, "{s}").is_err() {
            return Ok(EXIT_OK);
        }
    }
    let _ = out.flush();
    Ok(EXIT_OK)
}
