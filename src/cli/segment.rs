//! `tmxalign segment`.

use crate::error::{Error, Result, EXIT_OK};
use crate::input::ReadOptions;
use crate::job::{load_bitext, load_side, SideOptions};
use crate::lang::Lang;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `tmxalign segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// File to segment: plain text (UTF-8, UTF-16 with BOM, or a legacy Cyrillic
    /// encoding), HTML or DOCX; or a TMX/XLIFF file (its side in --lang, else its source
    /// side).
    pub file: PathBuf,
    /// Language of the text (en, ru, be; tags like en-US are accepted). Detected from the
    /// script when omitted.
    #[arg(long, value_parser = super::parse_lang_option)]
    pub lang: Option<Lang>,
    /// Segment with the rules of this SRX 2.0 file instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Force the input encoding (e.g. windows-1251, koi8-r, utf-16le).
    #[arg(long)]
    pub encoding: Option<String>,
    /// How input files are read: format, paragraphs, entities.
    #[command(flatten)]
    pub reading: super::InputArgs,
}

/// Runs `tmxalign segment`; prints one segment per line and returns 0.
///
/// Errors: unreadable input, undetectable language, or bad SRX (exit 2).
pub fn run(a: SegmentArgs) -> Result<i32> {
    let srx = a.srx.as_deref().map(crate::job::Srx::read).transpose()?;
    let opt = SideOptions {
        read: ReadOptions {
            encoding: a.encoding.as_deref(),
            format: a.reading.format,
            paragraphs: a.reading.paragraphs,
            keep_entities: a.reading.keep_entities,
        },
        presegmented: false,
        srx: srx.as_ref(),
        max_sentences: None,
    };
    let mut notes = Vec::new();
    let (format, _) = crate::input::format::detect(&a.file, a.reading.format)?;
    // Messages name the option `segment` has (--lang), not align's --tgt-lang.
    const OPTS: [&str; 2] = crate::input::bitext::SEGMENT_OPTIONS;
    let doc = if format.is_bitext() {
        // The side in --lang: try it as the target first (a TMX with several target
        // languages needs it named), else read the file's own pair.
        let pair = match a.lang {
            Some(l) => load_bitext(&a.file, format, None, Some(l), OPTS, &opt, &mut notes)
                .or_else(|_| load_bitext(&a.file, format, None, None, OPTS, &opt, &mut notes)),
            None => load_bitext(&a.file, format, None, None, OPTS, &opt, &mut notes),
        };
        let [s, t] = pair?;
        match a.lang {
            Some(l) if s.0.lang == l => s.0,
            Some(l) if t.0.lang == l => t.0,
            Some(l) => {
                return Err(Error::input(
                    &a.file,
                    format!(
                        "has no side in language '{l}' (source {}, target {})",
                        s.0.lang, t.0.lang
                    ),
                ))
            }
            None => s.0,
        }
    } else {
        load_side(&a.file, a.lang, "", &opt, &mut notes)?.0
    };
    // What `align` would say about this file (format, language, paragraph mode).
    for n in &notes {
        eprintln!("tmxalign: {n}");
    }
    let mut out = std::io::BufWriter::new(crate::output::QuietStdout::new());
    let werr = |e: std::io::Error| {
        Error::output(
            std::path::Path::new("-"),
            format!(
                "cannot write to standard output: {}",
                crate::output::short(&e)
            ),
        )
    };
    for s in &doc.sentences {
        writeln!(out, "{s}").map_err(werr)?;
    }
    out.flush().map_err(werr)?;
    Ok(EXIT_OK)
}
