//! `tmxalign align`.

use crate::align::Alignment;
use crate::beads::write_beads;
use crate::document::Document;
use crate::error::{Error, Result, EXIT_OK};
use crate::features::lexicon::Lexicon;
use crate::input::{paragraphs, read_text};
use crate::lang::{canonical_tag, detect, Lang};
use crate::output::Pending;
use crate::pipeline::align_documents;
use crate::score::Model;
use crate::segment::RuleSegmenter;
use crate::tmx::alignment::{write_alignment, TuOptions, WriteStats, MAX_SEGMENT_CHARS};
use crate::tmx::{date, Header, TmxWriter};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `tmxalign align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Source text (normally English): UTF-8 with or without BOM, UTF-16 with BOM, or a
    /// legacy Cyrillic encoding; one paragraph per line, blank lines allowed.
    pub src: PathBuf,
    /// Target text (Russian or Belarusian), same formats.
    pub tgt: PathBuf,
    /// Output TMX file. Written atomically: no file is left behind on failure.
    #[arg(short = 'o', long = "output", value_name = "OUT.tmx")]
    pub output: PathBuf,
    /// Language of SRC: en, ru or be (en-US, EN, en_GB… accepted). Detected from the
    /// script when omitted.
    #[arg(long, value_parser = Lang::parse_tag, value_name = "LANG")]
    pub src_lang: Option<Lang>,
    /// Language of TGT: en, ru or be. Detected from the script when omitted
    /// (Cyrillic with і/ў and without и/щ/ъ: be; other Cyrillic: ru).
    #[arg(long, value_parser = Lang::parse_tag, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,
    /// The inputs are already split, one sentence per line (blank lines separate
    /// paragraphs); they are not re-segmented.
    #[arg(long)]
    pub presegmented: bool,
    /// Also write the alignment as a bead file: `[3,4]:[5]:0.97` per line, 0-based
    /// sentence indices, confidence last; omissions included.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// TMX creationdate, UTC, as 2026-01-01T00:00:00Z. Default: SOURCE_DATE_EPOCH if set,
    /// else now. Same input and date give byte-identical output.
    #[arg(long, value_name = "DATE")]
    pub creation_date: Option<String>,
    /// xml:lang written for a language, e.g. ru=ru-RU (repeatable). Default: en, ru, be.
    #[arg(long = "tmx-lang", value_parser = super::parse_tmx_lang, value_name = "LANG=TAG")]
    pub tmx_lang: Vec<(Lang, String)>,
    /// Input encoding of both files (e.g. windows-1251, koi8-r, cp866, utf-16le). Default:
    /// detected.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Extra bilingual dictionary: lines `english<TAB>target` or hunalign's
    /// `target @ english`.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Beads below this confidence count as low-confidence (summary, report).
    #[arg(long, default_value_t = crate::report::DEFAULT_MIN_CONFIDENCE, value_name = "P")]
    pub min_confidence: f64,
    /// Write a quality report into this folder: report.json, report.html, flagged.tsv.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Reads and segments one side.
pub(crate) fn load_side(
    path: &Path,
    lang: Option<Lang>,
    presegmented: bool,
    encoding: Option<&str>,
    role: &str,
    quiet: bool,
) -> Result<Document> {
    let text = read_text(path, encoding)?;
    if text.guessed && !quiet {
        eprintln!(
            "tmxalign: {}: read as {} (detected)",
            path.display(),
            text.encoding
        );
    }
    let detected = detect(&text.text);
    let lang = match lang {
        Some(l) => {
            if let Some(d) = detected {
                if d.is_cyrillic() != l.is_cyrillic() && !quiet {
                    eprintln!(
                        "tmxalign: warning: {}: declared {role} language '{l}' but the text looks like '{d}'",
                        path.display()
                    );
                }
            }
            l
        }
        None => {
            let d = detected.ok_or_else(|| {
                Error::input(
                    path,
                    format!("has no letters to detect its language from; pass --{role}-lang"),
                )
            })?;
            if !quiet {
                eprintln!("tmxalign: {}: detected language {d}", path.display());
            }
            d
        }
    };
    let doc = if presegmented {
        Document::presegmented(lang, &text.text)
    } else {
        Document::segment(lang, &paragraphs(&text.text), &RuleSegmenter::new(lang))
    };
    if doc.is_empty() {
        return Err(Error::input(path, "contains no sentences"));
    }
    Ok(doc)
}

/// The lexicon for a language pair, plus a user dictionary.
pub(crate) fn lexicon_for(
    src: Lang,
    tgt: Lang,
    dict: Option<&Path>,
) -> Result<std::borrow::Cow<'static, Lexicon>> {
    let other = if src == Lang::En { tgt } else { src };
    let base = if src == Lang::En || tgt == Lang::En {
        Lexicon::builtin(other)
    } else {
        Lexicon::builtin(Lang::En)
    };
    let Some(path) = dict else {
        return Ok(std::borrow::Cow::Borrowed(base));
    };
    let text = read_text(path, None)?;
    let mut l = base.clone();
    l.add_tsv(&text.text, other)
        .map_err(|e| Error::input(path, e))?;
    Ok(std::borrow::Cow::Owned(l))
}

/// The TMX creation date: the option, else SOURCE_DATE_EPOCH, else now.
pub(crate) fn creation_date(opt: Option<&str>) -> Result<String> {
    if let Some(d) = opt {
        return date::parse_user_date(d).map_err(Error::Usage);
    }
    if let Ok(e) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = e.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH='{e}' is not a number of seconds"
            ))
        })?;
        return Ok(date::format_unix(secs));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(date::format_unix(now.as_secs() as i64))
}

/// The xml:lang tag of `lang`, from `--tmx-lang` or the default (`en`, `ru`, `be`).
pub(crate) fn tag_for(lang: Lang, map: &[(Lang, String)]) -> String {
    map.iter()
        .rev()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| canonical_tag(lang.code()).expect("supported"))
}

pub fn run(a: AlignArgs) -> Result<i32> {
    let t0 = Instant::now();
    if !(0.0..=1.0).contains(&a.min_confidence) {
        return Err(Error::Usage(format!(
            "--min-confidence {} is outside [0, 1]",
            a.min_confidence
        )));
    }
    let date = creation_date(a.creation_date.as_deref())?;
    // Open the outputs first: an unwritable path fails before any work.
    let mut tmx_out = Pending::create(&a.output)?;
    let beads_out = a.beads.as_deref().map(Pending::create).transpose()?;

    let src = load_side(
        &a.src,
        a.src_lang,
        a.presegmented,
        a.encoding.as_deref(),
        "src",
        a.quiet,
    )?;
    let tgt = load_side(
        &a.tgt,
        a.tgt_lang,
        a.presegmented,
        a.encoding.as_deref(),
        "tgt",
        a.quiet,
    )?;
    if src.lang == tgt.lang {
        return Err(Error::input(
            &a.tgt,
            format!(
                "is in the same language as {} ({}); expected two different languages (en with ru or be)",
                a.src.display(),
                src.lang
            ),
        ));
    }
    let lex = lexicon_for(src.lang, tgt.lang, a.dict.as_deref())?;
    if std::env::var_os("TMXALIGN_TIMING").is_some() {
        eprintln!(
            "timing: read+segment+lexicon {:.3} s",
            t0.elapsed().as_secs_f64()
        );
    }
    let alignment = align_documents(&src, &tgt, &lex, Model::builtin());
    alignment
        .check(src.len(), tgt.len())
        .map_err(|e| Error::Internal(format!("alignment is not a ladder: {e}")))?;

    let (src_tag, tgt_tag) = (
        tag_for(src.lang, &a.tmx_lang),
        tag_for(tgt.lang, &a.tmx_lang),
    );
    let header = Header {
        srclang: src_tag.clone(),
        creation_date: date,
    };
    let werr = |e: std::io::Error| {
        Error::output(
            &a.output,
            format!("cannot write: {}", crate::output::short(&e)),
        )
    };
    let mut stats = WriteStats::default();
    {
        let mut w = TmxWriter::new(tmx_out.writer(), &header).map_err(werr)?;
        let opt = TuOptions {
            src_tag: &src_tag,
            tgt_tag: &tgt_tag,
            document: None,
            tuid_prefix: "",
        };
        write_alignment(&mut w, &src, &tgt, &alignment, &opt, &mut stats).map_err(werr)?;
        w.finish().map_err(werr)?;
    }
    if let (Some(mut p), Some(path)) = (beads_out, a.beads.as_deref()) {
        p.writer()
            .write_all(write_beads(&alignment).as_bytes())
            .map_err(|e| {
                Error::output(path, format!("cannot write: {}", crate::output::short(&e)))
            })?;
        p.commit()?;
    }
    if let Some(dir) = a.report.as_deref() {
        let mut rw = crate::report::writer::ReportWriter::create(dir, a.min_confidence)?;
        let id = a
            .src
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("document");
        let id = id.strip_suffix(&format!(".{}", src.lang)).unwrap_or(id);
        rw.add(&crate::report::doc_report(
            id,
            &a.src.display().to_string(),
            &a.tgt.display().to_string(),
            &src,
            &tgt,
            &alignment,
            a.min_confidence,
        ))?;
        rw.finish()?;
    }
    tmx_out.commit()?;
    if std::env::var_os("TMXALIGN_TIMING").is_some() {
        eprintln!("timing: total {:.3} s", t0.elapsed().as_secs_f64());
    }
    if !a.quiet {
        print_summary(
            &a,
            &src,
            &tgt,
            &alignment,
            &stats,
            t0.elapsed().as_secs_f64(),
        );
    }
    Ok(EXIT_OK)
}

fn print_summary(
    a: &AlignArgs,
    src: &Document,
    tgt: &Document,
    al: &Alignment,
    st: &WriteStats,
    secs: f64,
) {
    let mut e = std::io::stderr().lock();
    for b in al.beads.iter().filter(|b| b.is_null()) {
        let (side, doc, k, path) = if b.tgt.is_empty() {
            ("source", src, b.src.start, &a.src)
        } else {
            ("target", tgt, b.tgt.start, &a.tgt)
        };
        let _ = writeln!(
            e,
            "tmxalign: omitted {side} sentence {k} ({}:{}): {}",
            path.display(),
            doc.line[k],
            doc.sentences[k]
        );
    }
    if st.removed_chars > 0 {
        let _ = writeln!(
            e,
            "tmxalign: warning: removed {} characters that XML 1.0 does not allow",
            st.removed_chars
        );
    }
    if !st.long_segments.is_empty() {
        let _ = writeln!(
            e,
            "tmxalign: warning: {} TUs have a segment over {MAX_SEGMENT_CHARS} characters (tuid {:?}); some CAT tools reject them",
            st.long_segments.len(),
            st.long_segments
        );
    }
    let types: Vec<String> = al
        .counts()
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let low = al
        .beads
        .iter()
        .filter(|b| b.confidence < a.min_confidence)
        .count();
    let _ = writeln!(
        e,
        "tmxalign: {} {} sentences, {} {} sentences; beads: {}; {} TUs written to {}; mean confidence {:.2}; {low} low-confidence beads (< {:.2}); {:.3} s",
        src.lang,
        src.len(),
        tgt.lang,
        tgt.len(),
        types.join(", "),
        st.units,
        a.output.display(),
        al.mean_confidence(),
        a.min_confidence,
        secs
    );
}
