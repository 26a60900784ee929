//! `tmxalign align`.

use crate::align::Alignment;
use crate::beads::write_beads;
use crate::document::Document;
use crate::error::{Error, Result, EXIT_OK};
use crate::input::ReadOptions;
use crate::job::{
    check_pair, creation_date, lexicon_for, load_bitext, load_side, same_file, SideOptions,
};
use crate::lang::Lang;
use crate::output::plural;
use crate::output::Pending;
use crate::pipeline::align_documents;
use crate::score::Model;
use crate::tmx::alignment::{write_alignment, TuOptions, WriteStats, MAX_SEGMENT_CHARS};
use crate::tmx::{Header, TmxWriter};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `tmxalign align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// Source file (normally English): plain text (UTF-8 with or without BOM, UTF-16 with
    /// BOM, or a legacy Cyrillic encoding), HTML or DOCX. Or a TMX or XLIFF file holding
    /// both languages, given alone, to re-align.
    pub src: PathBuf,
    /// Target file (Russian or Belarusian), same formats. Omitted when SRC is a TMX or
    /// XLIFF file.
    pub tgt: Option<PathBuf>,
    /// Output TMX file, or - for standard output. Written atomically: no file is left
    /// behind on failure.
    #[arg(short = 'o', long = "output", value_name = "OUT.tmx")]
    pub output: PathBuf,
    /// Language of SRC: en, ru or be (en-US, EN, en_GB… accepted). Detected from the
    /// script when omitted.
    #[arg(long, value_parser = super::parse_lang_option, value_name = "LANG")]
    pub src_lang: Option<Lang>,
    /// Language of TGT: en, ru or be. Detected from the script when omitted
    /// (Cyrillic with more і/ў than и/щ/ъ: be; other Cyrillic: ru).
    #[arg(long, value_parser = super::parse_lang_option, value_name = "LANG")]
    pub tgt_lang: Option<Lang>,
    /// The inputs are already split, one sentence per line (blank lines separate
    /// paragraphs); they are not re-segmented. For HTML and DOCX every paragraph, for TMX
    /// and XLIFF every unit side, is one sentence.
    #[arg(long)]
    pub presegmented: bool,
    /// How input files are read: format, paragraphs, entities.
    #[command(flatten)]
    pub reading: super::InputArgs,
    /// Also write the alignment as a bead file: `[3,4]:[5]:0.97` per line, 0-based
    /// sentence indices, confidence last; omissions included.
    #[arg(long, value_name = "FILE")]
    pub beads: Option<PathBuf>,
    /// TMX creationdate, UTC, as 2026-01-01T00:00:00Z. Default: SOURCE_DATE_EPOCH if set,
    /// else now. Same input and date give byte-identical output.
    #[arg(long, value_name = "DATE")]
    pub creation_date: Option<String>,
    /// xml:lang written for a language, e.g. ru=ru-RU (repeatable). Default: en, ru, be,
    /// or the tags of a TMX/XLIFF being re-aligned (en-GB, ru-RU).
    #[arg(long = "tmx-lang", value_parser = super::parse_tmx_lang, value_name = "LANG=TAG")]
    pub tmx_lang: Vec<(Lang, String)>,
    /// Input encoding of both files (e.g. windows-1251, koi8-r, cp866, utf-16le). Default:
    /// detected per file (BOM, UTF-8, or a legacy Cyrillic encoding).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Segment with the rules of this SRX 2.0 file (e.g. one exported from a CAT tool)
    /// instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Input encoding of SRC only (overrides --encoding for it).
    #[arg(long, value_name = "LABEL")]
    pub src_encoding: Option<String>,
    /// Input encoding of TGT only (overrides --encoding for it).
    #[arg(long, value_name = "LABEL")]
    pub tgt_encoding: Option<String>,
    /// Extra bilingual dictionary: lines `english<TAB>target` or hunalign's
    /// `target @ english`.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
    /// Second pass for long texts (100+ sentences a side): learn word pairs from the
    /// confident beads of a first alignment (Dice coefficient) and align again.
    #[arg(long)]
    pub learn_lexicon: bool,
    /// Beads below this confidence count as low-confidence (summary, report).
    #[arg(long, default_value_t = crate::report::DEFAULT_MIN_CONFIDENCE, value_name = "P", value_parser = super::parse_probability)]
    pub min_confidence: f64,
    /// Write a quality report into this folder: report.json, report.html, flagged.tsv.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `tmxalign align`; returns the exit code.
///
/// Errors: bad input, usage or output (exit 2), internal failures (exit 1).
pub fn run(a: AlignArgs) -> Result<i32> {
    let t0 = Instant::now();
    let date = creation_date(a.creation_date.as_deref())?;
    let to_stdout = a.output.as_os_str() == "-";
    // Check the outputs first: an unwritable path fails before any work.
    for out in std::iter::once(&a.output)
        .filter(|_| !to_stdout)
        .chain(a.beads.iter())
    {
        crate::output::probe(out)?;
        let inputs = std::iter::once(&a.src)
            .chain(a.tgt.iter())
            .chain(a.dict.iter())
            .chain(a.srx.iter());
        for input in inputs {
            if same_file(out, input) {
                return Err(Error::Usage(format!(
                    "output {} is the input file {}; refusing to overwrite it",
                    out.display(),
                    input.display()
                )));
            }
        }
    }
    if let Some(dir) = a.report.as_deref() {
        // The report's files may replace neither an input nor another output.
        let inputs = std::iter::once(&a.src)
            .chain(a.tgt.iter())
            .chain(a.dict.iter())
            .chain(a.srx.iter())
            .map(|p| (p, true));
        let outs = std::iter::once(&a.output)
            .filter(|_| !to_stdout)
            .chain(a.beads.iter().filter(|b| b.as_os_str() != "-"))
            .map(|p| (p, false));
        for (path, is_input) in inputs.chain(outs) {
            if !is_input && same_file(path, dir) {
                return Err(Error::Usage(format!(
                    "{} is both an output file and the --report folder; give the report its own folder",
                    path.display()
                )));
            }
            let Some(name) = crate::report::writer::REPORT_FILES
                .into_iter()
                .find(|name| same_file(path, &dir.join(name)))
            else {
                continue;
            };
            return Err(Error::Usage(if is_input {
                format!(
                    "--report {} would overwrite the input {} with its {name}; give the report its own folder",
                    dir.display(),
                    path.display()
                )
            } else {
                format!(
                    "{} is the {name} that --report {} writes; give the report its own folder",
                    path.display(),
                    dir.display()
                )
            }));
        }
    }
    if let Some(b) = &a.beads {
        if b == &a.output || same_file(b, &a.output) {
            return Err(Error::Usage(format!(
                "--beads and -o name the same file ({})",
                b.display()
            )));
        }
    }

    let mut notes = Vec::new();
    let srx = a.srx.as_deref().map(crate::job::Srx::read).transpose()?;
    let src_opt = side_options(&a, &a.src_encoding, srx.as_ref());
    let tgt_opt = side_options(&a, &a.tgt_encoding, srx.as_ref());
    let (src_format, note) = crate::input::format::detect(&a.src, a.reading.format)?;
    notes.extend(note);
    let ((src, src_seen), (tgt, tgt_seen)) = match (&a.tgt, src_format.is_bitext()) {
        (Some(t), true) => {
            return Err(Error::Usage(format!(
                "{} is a {} file holding both languages: give it alone to re-align it (tmxalign align {} -o OUT.tmx), or give two single-language files (not {})",
                a.src.display(),
                src_format.name(),
                a.src.display(),
                t.display()
            )))
        }
        (None, false) => {
            return Err(Error::Usage(format!(
                "missing TGT: give the target-language version of {} (or one TMX/XLIFF file holding both languages)",
                a.src.display()
            )))
        }
        (None, true) => {
            let [s, t] = load_bitext(
                &a.src,
                src_format,
                a.src_lang,
                a.tgt_lang,
                crate::input::bitext::ALIGN_OPTIONS,
                &src_opt,
                &mut notes,
            )?;
            (s, t)
        }
        (Some(tgt_path), false) => {
            if same_file(&a.src, tgt_path) {
                return Err(Error::input(tgt_path, format!("is the same file as {} (the same language on both sides); expected two language versions", a.src.display())));
            }
            let s = load_side(
                &a.src,
                a.src_lang,
                "src",
                &src_opt,
                &mut notes,
            )?;
            let t = load_side(
                tgt_path,
                a.tgt_lang,
                "tgt",
                &tgt_opt,
                &mut notes,
            )?;
            (s, t)
        }
    };
    let tgt_path = a.tgt.as_deref().unwrap_or(&a.src);
    if !a.quiet {
        for n in &notes {
            eprintln!("tmxalign: {n}");
        }
    }
    check_pair(&a.src, tgt_path, (src.lang, src_seen), (tgt.lang, tgt_seen))?;
    let mut dict_notes = Vec::new();
    let dict = a.dict.as_deref().map(crate::job::Dict::read).transpose()?;
    let lex = lexicon_for(src.lang, tgt.lang, dict.as_ref(), &mut dict_notes)?;
    if !a.quiet {
        for n in &dict_notes {
            eprintln!("tmxalign: {n}");
        }
    }
    if std::env::var_os("TMXALIGN_TIMING").is_some() {
        eprintln!(
            "timing: read+segment+lexicon {:.4} s",
            t0.elapsed().as_secs_f64()
        );
    }
    let alignment = if a.learn_lexicon {
        use crate::pipeline::{SecondPass, SECOND_PASS_MIN_SENTENCES};
        let (al, pass) =
            crate::pipeline::align_documents_learning(&src, &tgt, &lex, Model::builtin());
        if !a.quiet {
            match pass {
                SecondPass::TooShort => eprintln!(
                    "tmxalign: --learn-lexicon: no second pass, a side has fewer than {SECOND_PASS_MIN_SENTENCES} sentences"
                ),
                SecondPass::Learned { pairs, beads } => eprintln!(
                    "tmxalign: --learn-lexicon: learned {pairs} word pairs from {beads} confident 1-1 beads{}",
                    if pairs > 0 { " and realigned" } else { "" }
                ),
            }
        }
        al
    } else {
        align_documents(&src, &tgt, &lex, Model::builtin())
    };
    alignment
        .check(src.len(), tgt.len())
        .map_err(|e| Error::Internal(format!("alignment is not a ladder: {e}")))?;
    if let Some(w) = alignment.unrelated_warning().filter(|_| !a.quiet) {
        let files = match &a.tgt {
            Some(t) => format!("{} and {}", a.src.display(), t.display()),
            None => a.src.display().to_string(),
        };
        eprintln!("tmxalign: warning: {files}: {w}");
    }

    let (src_tag, tgt_tag) = (
        crate::job::doc_tag(&src, &a.tmx_lang),
        crate::job::doc_tag(&tgt, &a.tmx_lang),
    );
    let header = Header {
        srclang: src_tag.clone(),
        creation_date: date,
    };
    let opt = TuOptions {
        src_tag: &src_tag,
        tgt_tag: &tgt_tag,
        document: None,
        tuid_prefix: "",
    };
    let werr = |e: std::io::Error| {
        Error::output(
            &a.output,
            format!("cannot write: {}", crate::output::short(&e)),
        )
    };
    let mut stats = WriteStats::default();
    let mut tmx_out = None;
    // TMX for standard output is written last, after the other outputs are in place: a
    // reader that stops early (`| head`) ends the process quietly.
    let mut stdout_tmx = Vec::new();
    if to_stdout {
        let mut w = TmxWriter::new(&mut stdout_tmx, &header).map_err(werr)?;
        write_alignment(&mut w, &src, &tgt, &alignment, &opt, &mut stats).map_err(werr)?;
        w.finish().map_err(werr)?;
    } else {
        let mut p = Pending::create(&a.output)?;
        let mut w = TmxWriter::new(p.writer(), &header).map_err(werr)?;
        write_alignment(&mut w, &src, &tgt, &alignment, &opt, &mut stats).map_err(werr)?;
        w.finish().map_err(werr)?;
        tmx_out = Some(p);
    }
    let mut beads_out = None;
    if let Some(path) = a.beads.as_deref() {
        let mut p = Pending::create(path)?;
        p.writer()
            .write_all(write_beads(&alignment).as_bytes())
            .map_err(|e| {
                Error::output(path, format!("cannot write: {}", crate::output::short(&e)))
            })?;
        beads_out = Some(p);
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
            &tgt_path.display().to_string(),
            &src,
            &tgt,
            &alignment,
            a.min_confidence,
        ))?;
        rw.finish()?;
    }
    if let Some(p) = beads_out {
        p.commit()?;
    }
    if let Some(p) = tmx_out {
        p.commit()?;
    }
    if to_stdout {
        let mut out = crate::output::QuietStdout::new();
        out.write_all(&stdout_tmx)
            .and_then(|_| out.flush())
            .map_err(werr)?;
    }
    if std::env::var_os("TMXALIGN_TIMING").is_some() {
        eprintln!("timing: total {:.4} s", t0.elapsed().as_secs_f64());
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

/// How to read one side: its encoding option (`--src-encoding`/`--tgt-encoding`), else
/// `--encoding`, and the options shared by both sides.
fn side_options<'a>(
    a: &'a AlignArgs,
    enc: &'a Option<String>,
    srx: Option<&'a crate::job::Srx>,
) -> SideOptions<'a> {
    SideOptions {
        read: ReadOptions {
            encoding: enc.as_deref().or(a.encoding.as_deref()),
            format: a.reading.format,
            paragraphs: a.reading.paragraphs,
            keep_entities: a.reading.keep_entities,
        },
        presegmented: a.presegmented,
        srx,
        max_sentences: Some(crate::job::MAX_SENTENCES),
    }
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
            ("target", tgt, b.tgt.start, a.tgt.as_ref().unwrap_or(&a.src))
        };
        let _ = writeln!(
            e,
            "tmxalign: omitted {side} sentence {k} ({}:{}): {}",
            path.display(),
            doc.line[k],
            doc.sentences[k]
        );
    }
    let removed = st.removed_chars + src.removed_chars + tgt.removed_chars;
    if removed > 0 {
        let _ = writeln!(
            e,
            "tmxalign: warning: removed {removed} characters that XML 1.0 does not allow"
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
        "tmxalign: {} {}, {} {}; beads: {}; {} written to {}; mean confidence {:.2}; {} (< {}); {:.3} s",
        src.lang,
        plural(src.len(), "sentence"),
        tgt.lang,
        plural(tgt.len(), "sentence"),
        types.join(", "),
        plural(st.units, "TU"),
        if a.output.as_os_str() == "-" { "standard output".to_string() } else { a.output.display().to_string() },
        al.mean_confidence(),
        plural(low, "low-confidence bead"),
        a.min_confidence,
        secs
    );
}
