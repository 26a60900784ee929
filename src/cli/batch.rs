//! `tmxalign batch`.

use crate::batch::discover::{discover_dir, read_manifest, BatchDoc};
use crate::batch::{learn_lexicons, run_batch, BatchOptions, Shard};
use crate::error::{Error, Result, EXIT_OK, EXIT_PARTIAL};
use crate::input::ReadOptions;
use crate::job::creation_date;
use crate::lang::Lang;
use crate::output::plural;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Documents streamed from a folder listing or a manifest.
type DocStream = Box<dyn Iterator<Item = Result<BatchDoc>>>;

/// Arguments of `tmxalign batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A folder tree (versions paired by name: `name.en.txt` / `name.ru.txt` /
    /// `name.be.txt`, or `en/name.txt` / `ru/name.txt` / `be/name.txt`), or a manifest:
    /// TSV with a header `id en ru be`, or JSON lines (`.jsonl`) with those keys; paths
    /// relative to the manifest.
    pub input: PathBuf,
    /// Output folder: `<id>.en-ru.tmx` and `<id>.en-be.tmx` per document (or, with
    /// --merge, `en-ru.tmx` and `en-be.tmx`).
    #[arg(short = 'o', long = "output", value_name = "OUTDIR")]
    pub output: PathBuf,
    /// Write report.json, report.html and flagged.tsv into this folder.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// One TMX per language pair; every TU carries `<prop type="x-document">id</prop>`.
    /// A pair whose documents all fail gets no merged file: one left by an earlier run is
    /// removed (and stderr says so); a pair with no document in this run keeps its file.
    #[arg(long)]
    pub merge: bool,
    /// Worker threads, 1 to 256 (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Only shard K of N (1 <= K <= N), chosen by a hash of the document id: run N copies
    /// with K = 1..N under any scheduler, then join with `tmxalign tmx merge`.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Realign documents whose outputs are newer than their inputs (skipped by default).
    #[arg(long)]
    pub force: bool,
    /// No progress bar, only the final summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// TMX creationdate (UTC, 2026-01-01T00:00:00Z); default SOURCE_DATE_EPOCH or now.
    #[arg(long, value_name = "DATE")]
    pub creation_date: Option<String>,
    /// Beads below this confidence are flagged in the report.
    #[arg(long, default_value_t = crate::report::DEFAULT_MIN_CONFIDENCE, value_name = "P", value_parser = super::parse_probability)]
    pub min_confidence: f64,
    /// Segment with the rules of this SRX 2.0 file instead of the built-in rules.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// xml:lang written for a language, e.g. ru=ru-RU (repeatable).
    #[arg(long = "tmx-lang", value_parser = super::parse_tmx_lang, value_name = "LANG=TAG")]
    pub tmx_lang: Vec<(Lang, String)>,
    /// Learn word pairs from the whole batch before aligning: a first pass aligns every
    /// document, the confident 1-1 beads of all of them teach the lexicon (Dice
    /// coefficient), and the second pass aligns with it. Costs a second alignment; helps
    /// archives whose vocabulary the embedded lexicons lack.
    #[arg(long)]
    pub learn_lexicon: bool,
    /// How input files are read: format, paragraphs, entities.
    #[command(flatten)]
    pub reading: super::InputArgs,
    /// Input encoding of every file (e.g. windows-1251). Default: detected per file.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// The inputs are one sentence per line; they are not re-segmented.
    #[arg(long)]
    pub presegmented: bool,
    /// Extra bilingual dictionary for every pair: lines `english<TAB>target` (the target
    /// language is each pair's own) or hunalign's `target @ english`.
    #[arg(long, value_name = "FILE")]
    pub dict: Option<PathBuf>,
}

/// Runs `tmxalign batch`; returns 0, or 3 when some documents failed.
///
/// Most worker threads `--jobs` may ask for: each has its own stack and caches, and the
/// work is CPU-bound, so more threads than cores only cost memory and start-up time.
pub const MAX_JOBS: usize = 256;

/// Errors: an unreadable input, an input with nothing to align, or unwritable output (exit 2).
pub fn run(a: BatchArgs) -> Result<i32> {
    let t0 = Instant::now();
    if let Some(j) = a.jobs {
        if !(1..=MAX_JOBS).contains(&j) {
            return Err(Error::Usage(format!(
                "--jobs {j}: must be from 1 to {MAX_JOBS}"
            )));
        }
        // Ignore the error if a pool already exists (library callers).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j)
            .build_global();
    }
    let opt = BatchOptions {
        out_dir: a.output.clone(),
        report: a.report.clone(),
        merge: a.merge,
        // A lexicon learned from the batch changes with the batch: realign everything.
        force: a.force || a.learn_lexicon,
        depends_on: a.dict.iter().chain(a.srx.iter()).cloned().collect(),
        shard: a.shard,
        creation_date: creation_date(a.creation_date.as_deref())?,
        min_confidence: a.min_confidence,
        tags: a.tmx_lang.clone(),
        srx: a.srx.as_deref().map(crate::job::Srx::read).transpose()?,
        quiet: a.quiet,
        read: ReadOptions {
            encoding: None,
            format: a.reading.format,
            paragraphs: a.reading.paragraphs,
            keep_entities: a.reading.keep_entities,
        },
        encoding: a.encoding.clone(),
        presegmented: a.presegmented,
        lexicons: Vec::new(),
    };
    let mut opt = opt;
    if let Some(path) = a.dict.as_deref() {
        // Read once, built into a lexicon per target language.
        let dict = crate::job::Dict::read(path)?;
        for tgt in [Lang::Ru, Lang::Be] {
            let mut notes = Vec::new();
            let lex = crate::job::lexicon_for(Lang::En, tgt, Some(&dict), &mut notes)?;
            // The same file is read for both languages: say it once.
            if tgt == Lang::Ru && !a.quiet {
                for n in &notes {
                    eprintln!("tmxalign: {n}");
                }
            }
            opt.set_lexicon(tgt, lex.into_owned());
        }
    }
    let meta = std::fs::metadata(&a.input)
        .map_err(|e| Error::input(&a.input, crate::input::io_problem(&e)))?;
    let open = || -> Result<(DocStream, Option<usize>, Vec<String>)> {
        Ok(if meta.is_dir() {
            let found = discover_dir(
                &a.input,
                &[a.report.as_deref(), Some(a.output.as_path())]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
            )?;
            let n = found.docs.len();
            // Unreadable parts of the tree come first, as failures (like a bad manifest row).
            let docs = found
                .unreadable
                .into_iter()
                .map(Err)
                .chain(found.docs.into_iter().map(Ok));
            (Box::new(docs), Some(n), found.unpaired)
        } else {
            // Count rows for the progress bar, then stream the manifest. A pipe
            // (`batch /dev/stdin`, `<(…)`) can be read once only: no count.
            let rows = meta
                .is_file()
                .then(|| std::fs::read_to_string(&a.input).ok())
                .flatten()
                .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count());
            (Box::new(read_manifest(&a.input)?), rows, Vec::new())
        })
    };
    if a.learn_lexicon {
        if !meta.is_dir() && !meta.is_file() {
            return Err(Error::Usage(format!(
                "{}: --learn-lexicon reads the manifest twice, so it must be a regular file, not a pipe",
                a.input.display()
            )));
        }
        let (mut docs, _, _) = open()?;
        for l in learn_lexicons(&mut docs, &opt) {
            if !a.quiet {
                eprintln!(
                    "tmxalign: learned {} en-{} word pairs from {} confident sentence pairs",
                    l.added, l.tgt, l.sentence_pairs
                );
            }
            opt.set_lexicon(l.tgt, l.lexicon);
        }
    }
    let (mut docs, total, unknown) = open()?;
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(total.map(|n| n as u64), ProgressDrawTarget::hidden())
    } else {
        let b = ProgressBar::new(total.unwrap_or(0) as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents  {msg}  ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
    let started = Instant::now();
    let summary = run_batch(&mut docs, &unknown, &opt, &|done, sentences| {
        bar.set_position(done as u64);
        let secs = started.elapsed().as_secs_f64().max(1e-6);
        bar.set_message(format!("{:.0} sentences/s", sentences as f64 / secs));
    })?;
    bar.finish_and_clear();
    let mut unpaired = unknown;
    unpaired.extend(summary.unpaired.iter().cloned());
    let secs = t0.elapsed().as_secs_f64();
    for (id, pair, e) in &summary.failed {
        // Without an id: a manifest row or a part of the folder tree, named in `e`.
        if id.is_empty() {
            eprintln!("tmxalign: failed: {e}");
        } else {
            eprintln!("tmxalign: failed: {id} {pair}: {e}");
        }
    }
    for f in &unpaired {
        eprintln!("tmxalign: unpaired (not aligned): {f}");
    }
    for (path, failed) in &summary.stale_removed {
        eprintln!(
            "tmxalign: removed {}: written by an earlier run, and {} of its language pair failed in this one (see above), so no merged file is written",
            path.display(),
            if *failed == 1 {
                "the only document".to_string()
            } else {
                format!("all {failed} documents")
            }
        );
    }
    for path in &summary.stale_kept {
        eprintln!(
            "tmxalign: note: {} is from an earlier run (this run had no document of its language pair); left as it is",
            path.display()
        );
    }
    eprintln!(
        "tmxalign: batch: {}; {} aligned, {} up to date (skipped), {} failed; {}; {}, {}, {} omitted (no counterpart: in no TU{}); {:.2} s ({:.0} documents/s)",
        plural(summary.documents, "document"),
        plural(summary.aligned, "pair"),
        summary.skipped,
        summary.failed.len(),
        plural(unpaired.len(), "unpaired file"),
        plural(summary.sentences, "sentence"),
        plural(summary.tus, "TU"),
        plural(summary.omitted, "sentence"),
        if a.report.is_some() { ", listed in the report" } else { "; --report DIR lists them" },
        secs,
        summary.documents as f64 / secs.max(1e-6)
    );
    // An empty shard is normal; an input with nothing to align is not.
    if summary.aligned + summary.skipped == 0 && summary.failed.is_empty() && a.shard.is_none() {
        return Err(Error::input(
            &a.input,
            "has no document with an English version and a Russian or Belarusian one (see the unpaired files above)",
        ));
    }
    Ok(if summary.failed.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}
