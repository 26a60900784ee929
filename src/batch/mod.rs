//! Batch alignment: many documents, in parallel, with outputs written as documents
//! complete so that memory is bounded by the largest document, not the batch.

pub mod discover;

use crate::align::Alignment;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::features::learn;
use crate::features::lexicon::Lexicon;
use crate::input::ReadOptions;
use crate::job::{check_pair, load_side, SideOptions};
use crate::lang::Lang;
use crate::output::Pending;
use crate::pipeline::align_documents;
use crate::report::writer::ReportWriter;
use crate::report::{doc_report, Failure};
use crate::score::Model;
use crate::tmx::alignment::{write_alignment, TuOptions, WriteStats};
use crate::tmx::{Header, TmxWriter};
use discover::BatchDoc;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Documents aligned in parallel at a time; their results are written before the next
/// chunk starts, which bounds memory.
pub const CHUNK: usize = 64;

/// A deterministic share of the documents: shard `k` (1-based) of `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 1..=n.
    pub k: u64,
    /// Number of shards.
    pub n: u64,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    ///
    /// Errors: any other shape, as a one-line message.
    pub fn parse(s: &str) -> std::result::Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected K/N (e.g. 2/8), found '{s}'"))?;
        let k: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("bad shard number in '{s}'"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("bad shard count in '{s}'"))?;
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard '{s}': need 1 <= K <= N"));
        }
        Ok(Shard { k, n })
    }

    /// Whether document `id` belongs to this shard: FNV-1a 64 of the id, modulo N,
    /// equals K − 1. Independent of the order and number of other documents.
    pub fn contains(&self, id: &str) -> bool {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in id.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h % self.n == self.k - 1
    }
}

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Output folder.
    pub out_dir: PathBuf,
    /// Report folder, if any.
    pub report: Option<PathBuf>,
    /// One TMX per language pair instead of one per document.
    pub merge: bool,
    /// Redo documents whose outputs are up to date.
    pub force: bool,
    /// Files every output depends on besides its inputs (`--dict`, `--srx`): an output
    /// older than one of them is not up to date.
    pub depends_on: Vec<PathBuf>,
    /// Only this shard of the documents.
    pub shard: Option<Shard>,
    /// TMX creation date (`YYYYMMDDThhmmssZ`).
    pub creation_date: String,
    /// Confidence below which beads are flagged.
    pub min_confidence: f64,
    /// xml:lang per language.
    pub tags: Vec<(Lang, String)>,
    /// SRX rules replacing the built-in segmentation.
    pub srx: Option<crate::job::Srx>,
    /// Print nothing but errors (no per-document warnings).
    pub quiet: bool,
    /// How input files are read (format, paragraphs, entities); its encoding is
    /// `encoding`.
    pub read: ReadOptions<'static>,
    /// Forced input encoding label for every file (`--encoding`).
    pub encoding: Option<String>,
    /// The inputs are one sentence per line (`--presegmented`).
    pub presegmented: bool,
    /// Lexicons used instead of the embedded ones for their target languages: the
    /// embedded lexicon with a `--dict` file, then with the pairs learned from the batch
    /// ([`learn_lexicons`]). At most one per language: see [`BatchOptions::set_lexicon`].
    pub lexicons: Vec<(Lang, Lexicon)>,
}

impl BatchOptions {
    /// The lexicon to align English with `tgt`: the learned one if any, else the
    /// embedded core lexicon.
    pub fn lexicon(&self, tgt: Lang) -> &Lexicon {
        self.lexicons
            .iter()
            .find(|(l, _)| *l == tgt)
            .map_or_else(|| Lexicon::builtin(tgt), |(_, lex)| lex)
    }

    /// Uses `lex` to align English with `tgt` from now on, replacing any lexicon set
    /// before for `tgt`.
    pub fn set_lexicon(&mut self, tgt: Lang, lex: Lexicon) {
        self.lexicons.retain(|(l, _)| *l != tgt);
        self.lexicons.push((tgt, lex));
    }
}

/// Most sentence pairs per language pair that the batch lexicon learns from (about
/// 300 bytes each): memory stays bounded on archives of any size.
pub const MAX_LEARN_PAIRS: usize = 200_000;

/// What [`learn_lexicons`] learned for one language pair.
#[derive(Debug, Clone)]
pub struct Learned {
    /// Target language (the source is English).
    pub tgt: Lang,
    /// The lexicon learned from (embedded, with `--dict` entries) plus the learned word
    /// pairs.
    pub lexicon: Lexicon,
    /// Confident 1-1 sentence pairs learned from (at most [`MAX_LEARN_PAIRS`]).
    pub sentence_pairs: usize,
    /// Word pairs added to the lexicon learned from.
    pub added: usize,
}

/// The first pass of a batch with `--learn-lexicon`: aligns every paired document of
/// `docs` (in this shard) with the lexicons of `opt` ([`BatchOptions::lexicon`]: the
/// embedded ones, with `--dict` entries if given), collects the 1-1 beads with
/// confidence at least [`learn::MIN_CONFIDENCE`] across all documents, and learns word
/// pairs from them per language pair ([`learn::learn`], Dice coefficient). Nothing is
/// written. Documents that fail are skipped here; the second pass reports them.
///
/// Returns one [`Learned`] per target language that had aligned documents.
pub fn learn_lexicons(
    docs: &mut dyn Iterator<Item = Result<BatchDoc>>,
    opt: &BatchOptions,
) -> Vec<Learned> {
    let mut pairs: Vec<(Lang, Vec<(String, String)>)> =
        vec![(Lang::Ru, Vec::new()), (Lang::Be, Vec::new())];
    loop {
        let chunk: Vec<BatchDoc> = (&mut *docs)
            .filter_map(|d| d.ok())
            .filter(|d| d.is_paired() && opt.shard.is_none_or(|s| s.contains(&d.id)))
            .take(CHUNK)
            .collect();
        if chunk.is_empty() {
            break;
        }
        let jobs = pair_jobs(&chunk);
        let found: Vec<(Lang, Vec<(String, String)>)> = jobs
            .par_iter()
            .filter_map(|&(d, l)| {
                let (s, t, a) = load_and_align(d, l, opt, opt.lexicon(l)).ok()?;
                let confident = a
                    .beads
                    .iter()
                    .filter(|b| {
                        b.src.len() == 1
                            && b.tgt.len() == 1
                            && b.confidence >= learn::MIN_CONFIDENCE
                    })
                    .map(|b| {
                        (
                            s.sentences[b.src.start].clone(),
                            t.sentences[b.tgt.start].clone(),
                        )
                    })
                    .collect();
                Some((l, confident))
            })
            .collect();
        for (l, ps) in found {
            let slot = &mut pairs.iter_mut().find(|(x, _)| *x == l).expect("ru or be").1;
            let room = MAX_LEARN_PAIRS.saturating_sub(slot.len());
            slot.extend(ps.into_iter().take(room));
        }
    }
    pairs
        .into_iter()
        .filter(|(_, ps)| !ps.is_empty())
        .map(|(tgt, ps)| {
            let refs: Vec<(&str, &str)> =
                ps.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            let (lexicon, added) = learn::learn(&refs, Lang::En, tgt, opt.lexicon(tgt));
            Learned {
                tgt,
                lexicon,
                sentence_pairs: ps.len(),
                added,
            }
        })
        .collect()
}

/// What a batch run did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchSummary {
    /// Documents seen (in this shard).
    pub documents: usize,
    /// Document pairs aligned.
    pub aligned: usize,
    /// Document pairs skipped because their output was up to date.
    pub skipped: usize,
    /// Failures: (document id, pair, error).
    pub failed: Vec<(String, String, String)>,
    /// Files without a counterpart.
    pub unpaired: Vec<String>,
    /// Sentences aligned (both sides).
    pub sentences: usize,
    /// TUs written.
    pub tus: usize,
    /// Sentences without a counterpart (in 1-0 or 0-1 beads, so in no TU), both sides.
    pub omitted: usize,
    /// With `merge`: merged files of an earlier run removed because every document of
    /// their language pair failed in this one (the file would have looked current), with
    /// the number of documents that failed.
    pub stale_removed: Vec<(PathBuf, usize)>,
    /// With `merge`: merged files of an earlier run left in place because this run had no
    /// document of their language pair (another manifest or shard may own them).
    pub stale_kept: Vec<PathBuf>,
}

/// An aligned pair (source, target, alignment, source file, target file); `None` when the
/// pair was skipped as up to date; `Err` with the error when it failed.
type Outcome = std::result::Result<Option<(Document, Document, Alignment, String, String)>, String>;

/// The result of aligning one document pair.
struct PairResult {
    id: String,
    tgt: Lang,
    outcome: Outcome,
}

fn output_path(out_dir: &Path, id: &str, tgt: Lang) -> PathBuf {
    out_dir.join(format!("{id}.en-{tgt}.tmx"))
}

fn up_to_date(out: &Path, inputs: &[&Path]) -> bool {
    let Ok(o) = std::fs::metadata(out).and_then(|m| m.modified()) else {
        return false;
    };
    inputs.iter().all(|i| {
        std::fs::metadata(i)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t <= o)
    })
}

fn align_pair(doc: &BatchDoc, tgt: Lang, opt: &BatchOptions) -> Outcome {
    let (Some(en), Some(tp)) = (doc.path(Lang::En), doc.path(tgt)) else {
        return Ok(None);
    };
    // A report covers every document, so with --report nothing is skipped.
    if !opt.merge
        && !opt.force
        && opt.report.is_none()
        && up_to_date(
            &output_path(&opt.out_dir, &doc.id, tgt),
            &[en, tp]
                .into_iter()
                .chain(opt.depends_on.iter().map(PathBuf::as_path))
                .collect::<Vec<_>>(),
        )
    {
        return Ok(None);
    }
    match load_and_align(doc, tgt, opt, opt.lexicon(tgt)) {
        Ok((s, t, a)) => Ok(Some((
            s,
            t,
            a,
            en.display().to_string(),
            tp.display().to_string(),
        ))),
        Err(e) => Err(e.to_string()),
    }
}

/// The language pairs to align in `chunk`: each document with each of its Russian and
/// Belarusian versions.
fn pair_jobs(chunk: &[BatchDoc]) -> Vec<(&BatchDoc, Lang)> {
    chunk
        .iter()
        .flat_map(|d| {
            [Lang::Ru, Lang::Be]
                .into_iter()
                .filter(move |&l| d.path(l).is_some())
                .map(move |l| (d, l))
        })
        .collect()
}

/// Reads, segments and aligns the English and `tgt` versions of `doc` with `lex`.
fn load_and_align(
    doc: &BatchDoc,
    tgt: Lang,
    opt: &BatchOptions,
    lex: &Lexicon,
) -> Result<(Document, Document, Alignment)> {
    let (Some(en), Some(tp)) = (doc.path(Lang::En), doc.path(tgt)) else {
        return Err(Error::Internal(format!("{}: no en-{tgt} pair", doc.id)));
    };
    let mut notes = Vec::new();
    let side = SideOptions {
        read: ReadOptions {
            encoding: opt.encoding.as_deref(),
            ..opt.read
        },
        presegmented: opt.presegmented,
        srx: opt.srx.as_ref(),
        max_sentences: Some(crate::job::MAX_SENTENCES),
    };
    let (s, s_seen) = load_side(en, Some(Lang::En), "src", &side, &mut notes)?;
    let (t, t_seen) = load_side(tp, Some(tgt), "tgt", &side, &mut notes)?;
    check_pair(en, tp, (s.lang, s_seen), (t.lang, t_seen))?;
    // Warnings (a file name's language that the text contradicts, a suspected hard-wrapped
    // text…) are worth a line each; informational notes would flood a batch.
    if !opt.quiet {
        for n in notes.iter().filter(|n| n.starts_with("warning: ")) {
            eprintln!("tmxalign: {n}");
        }
    }
    let a = align_documents(&s, &t, lex, Model::builtin());
    a.check(s.len(), t.len()).map_err(Error::Internal)?;
    Ok((s, t, a))
}

fn tag(lang: Lang, tags: &[(Lang, String)]) -> String {
    crate::job::tag_for(lang, tags)
}

/// Runs a batch over `docs` (already paired; unpaired ones are reported), calling
/// `progress(done)` after each chunk. `unpaired_files` (files found beside the
/// documents that are not aligned, with the reason) go into the report as unpaired.
///
/// With `merge`, a merged file (`en-ru.tmx`, `en-be.tmx`) that this run does not write
/// because every document of its pair failed is removed, so that no output of an earlier
/// run looks current ([`BatchSummary::stale_removed`]); one whose pair had no document in
/// this run is left ([`BatchSummary::stale_kept`]).
///
/// Errors: the output or report folder cannot be created or written, or a stale merged
/// file cannot be removed. Failures of single documents are not errors: they are in the
/// summary and the report.
pub fn run_batch(
    docs: &mut dyn Iterator<Item = Result<BatchDoc>>,
    unpaired_files: &[String],
    opt: &BatchOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<BatchSummary> {
    std::fs::create_dir_all(&opt.out_dir).map_err(|e| {
        Error::output(
            &opt.out_dir,
            format!("cannot create: {}", crate::output::short(&e)),
        )
    })?;
    let mut report = opt
        .report
        .as_deref()
        .map(|d| ReportWriter::create(d, opt.min_confidence))
        .transpose()?;
    if let Some(r) = report.as_mut() {
        for f in unpaired_files {
            r.unpaired(f.clone());
        }
    }
    let mut summary = BatchSummary::default();
    let header = Header {
        srclang: tag(Lang::En, &opt.tags),
        creation_date: opt.creation_date.clone(),
    };
    // Merged outputs, opened on first use: (pair target, pending file, stats).
    let mut merged: Vec<(Lang, TmxWriter<std::io::BufWriter<Pending>>)> = Vec::new();
    let mut done = 0usize;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for d in &mut *docs {
            match d {
                Ok(d) => {
                    if opt.shard.is_some_and(|s| !s.contains(&d.id)) {
                        continue;
                    }
                    summary.documents += 1;
                    if !d.is_paired() {
                        let files = d.files();
                        for f in &files {
                            if let Some(r) = report.as_mut() {
                                r.unpaired(f.clone());
                            }
                        }
                        summary.unpaired.extend(files);
                        continue;
                    }
                    chunk.push(d);
                    if chunk.len() == CHUNK {
                        break;
                    }
                }
                Err(e) => {
                    summary
                        .failed
                        .push((String::new(), String::new(), e.to_string()));
                    if let Some(r) = report.as_mut() {
                        r.fail(Failure {
                            id: String::new(),
                            pair: String::new(),
                            error: e.to_string(),
                        });
                    }
                }
            }
        }
        if chunk.is_empty() {
            break;
        }
        let jobs = pair_jobs(&chunk);
        let results: Vec<PairResult> = jobs
            .par_iter()
            .map(|&(d, l)| {
                let outcome = align_pair(d, l, opt);
                // Per-document files are written here, in parallel.
                let outcome = match outcome {
                    Ok(Some((s, t, a, sf, tf))) if !opt.merge => {
                        match write_doc_tmx(
                            &output_path(&opt.out_dir, &d.id, l),
                            &s,
                            &t,
                            &a,
                            opt,
                            &header,
                        ) {
                            Ok(()) => Ok(Some((s, t, a, sf, tf))),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    other => other,
                };
                PairResult {
                    id: d.id.clone(),
                    tgt: l,
                    outcome,
                }
            })
            .collect();
        for r in results {
            let pair = format!("en-{}", r.tgt);
            match r.outcome {
                Ok(None) => summary.skipped += 1,
                Ok(Some((s, t, a, sf, tf))) => {
                    if let Some(w) = a.unrelated_warning().filter(|_| !opt.quiet) {
                        eprintln!("tmxalign: warning: {} {pair}: {w}", r.id);
                    }
                    summary.aligned += 1;
                    summary.sentences += s.len() + t.len();
                    summary.tus += a.beads.iter().filter(|b| !b.is_null()).count();
                    summary.omitted += a
                        .beads
                        .iter()
                        .filter(|b| b.is_null())
                        .map(|b| b.src.len() + b.tgt.len())
                        .sum::<usize>();
                    if opt.merge {
                        let pos = match merged.iter().position(|(l, _)| *l == r.tgt) {
                            Some(p) => p,
                            None => {
                                let path = opt.out_dir.join(format!("{pair}.tmx"));
                                let p = Pending::create(&path)?;
                                let w = TmxWriter::new(std::io::BufWriter::new(p), &header)
                                    .map_err(|e| Error::output(&path, e.to_string()))?;
                                merged.push((r.tgt, w));
                                merged.len() - 1
                            }
                        };
                        let (st, tt) = (tag(Lang::En, &opt.tags), tag(r.tgt, &opt.tags));
                        let prefix = format!("{}-", r.id);
                        let o = TuOptions {
                            src_tag: &st,
                            tgt_tag: &tt,
                            document: Some(&r.id),
                            tuid_prefix: &prefix,
                        };
                        let mut stats = WriteStats::default();
                        write_alignment(&mut merged[pos].1, &s, &t, &a, &o, &mut stats)
                            .map_err(|e| Error::output(&opt.out_dir, e.to_string()))?;
                    }
                    if let Some(rep) = report.as_mut() {
                        rep.add(&doc_report(&r.id, &sf, &tf, &s, &t, &a, opt.min_confidence))?;
                    }
                }
                Err(e) => {
                    if let Some(rep) = report.as_mut() {
                        rep.fail(Failure {
                            id: r.id.clone(),
                            pair: pair.clone(),
                            error: e.clone(),
                        });
                    }
                    summary.failed.push((r.id, pair, e));
                }
            }
        }
        done += chunk.len();
        progress(done, summary.sentences);
    }
    let written: Vec<Lang> = merged.iter().map(|(l, _)| *l).collect();
    for (_, w) in merged {
        let buf = w
            .finish()
            .map_err(|e| Error::output(&opt.out_dir, e.to_string()))?;
        let p = buf
            .into_inner()
            .map_err(|e| Error::output(&opt.out_dir, e.to_string()))?;
        p.commit()?;
    }
    if opt.merge {
        // A merged file this run did not write is from an earlier run.
        for tgt in [Lang::Ru, Lang::Be] {
            let path = opt.out_dir.join(format!("en-{tgt}.tmx"));
            if written.contains(&tgt) || std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            let pair = format!("en-{tgt}");
            let failed = summary.failed.iter().filter(|f| f.1 == pair).count();
            if failed > 0 {
                std::fs::remove_file(&path).map_err(|e| {
                    Error::output(
                        &path,
                        format!(
                            "cannot remove this merged file of an earlier run (every {pair} document failed in this one): {}",
                            crate::output::short(&e)
                        ),
                    )
                })?;
                summary.stale_removed.push((path, failed));
            } else {
                summary.stale_kept.push(path);
            }
        }
    }
    if let Some(r) = report {
        r.finish()?;
    }
    Ok(summary)
}

fn write_doc_tmx(
    path: &Path,
    s: &Document,
    t: &Document,
    a: &Alignment,
    opt: &BatchOptions,
    header: &Header,
) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Error::output(
                path,
                format!("cannot create folder: {}", crate::output::short(&e)),
            )
        })?;
    }
    let mut p = Pending::create(path)?;
    let (st, tt) = (tag(s.lang, &opt.tags), tag(t.lang, &opt.tags));
    let o = TuOptions {
        src_tag: &st,
        tgt_tag: &tt,
        document: None,
        tuid_prefix: "",
    };
    let werr = |e: std::io::Error| {
        Error::output(path, format!("cannot write: {}", crate::output::short(&e)))
    };
    {
        let mut w = TmxWriter::new(p.writer(), header).map_err(werr)?;
        write_alignment(&mut w, s, t, a, &o, &mut WriteStats::default()).map_err(werr)?;
        w.finish().map_err(werr)?;
    }
    p.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word pair the embedded lexicon lacks ("florp" / "квакша", invented), used
    /// consistently across several documents, is learned from the batch as a whole.
    #[test]
    fn learns_a_word_pair_across_documents() {
        use crate::features::stem::stem;
        let dir = tempfile::tempdir().unwrap();
        let mut docs = Vec::new();
        for d in 0..4 {
            let (mut en, mut ru) = (String::new(), String::new());
            // Only "florp" / "квакша" recurs; names and numbers anchor the beads.
            let cities = [
                ("Minsk", "Минск"),
                ("Moscow", "Москва"),
                ("Brest", "Брест"),
                ("Paris", "Париж"),
                ("London", "Лондон"),
            ];
            for (k, (c_en, c_ru)) in cities.iter().enumerate() {
                let n = 100 * d + 10 * k + 7;
                en.push_str(&format!("{c_en}: florp {n}.\n"));
                ru.push_str(&format!("{c_ru}: квакша {n}.\n"));
            }
            let (e, r) = (
                dir.path().join(format!("d{d}.en.txt")),
                dir.path().join(format!("d{d}.ru.txt")),
            );
            std::fs::write(&e, en).unwrap();
            std::fs::write(&r, ru).unwrap();
            docs.push(Ok(BatchDoc {
                id: format!("d{d}"),
                en: Some(e),
                ru: Some(r),
                be: None,
            }));
        }
        let mut opt = BatchOptions {
            out_dir: dir.path().join("out"),
            report: None,
            merge: false,
            force: false,
            depends_on: Vec::new(),
            shard: None,
            creation_date: "20260101T000000Z".into(),
            min_confidence: 0.5,
            tags: Vec::new(),
            srx: None,
            quiet: true,
            read: ReadOptions::default(),
            encoding: None,
            presegmented: false,
            lexicons: Vec::new(),
        };
        let builtin = Lexicon::builtin(Lang::Ru);
        let (florp, kvaksha) = (stem(Lang::En, "florp"), stem(Lang::Ru, "квакша"));
        assert_eq!(builtin.src_concept(&florp), None);
        let again = || {
            docs.iter()
                .map(|d: &Result<BatchDoc>| Ok(d.as_ref().unwrap().clone()))
        };
        let learned = learn_lexicons(&mut again(), &opt);
        assert_eq!(learned.len(), 1);
        let l = &learned[0];
        assert_eq!(l.tgt, Lang::Ru);
        assert_eq!(l.sentence_pairs, 20);
        assert!(l.added >= 1, "{}", l.added);
        let concept = l.lexicon.src_concept(&florp).expect("florp learned");
        assert!(
            l.lexicon.tgt_concepts(&kvaksha).contains(&concept),
            "{concept} {:?} {kvaksha}",
            l.lexicon.tgt_concepts(&kvaksha)
        );

        // With a --dict lexicon, the learned lexicon extends it (it used to be learned
        // from the embedded one alone, and the dictionary then shadowed it).
        let mut with_dict = builtin.clone();
        with_dict.add_pair("zorblax", "дыродел", Lang::Ru);
        opt.set_lexicon(Lang::Ru, with_dict);
        let learned = learn_lexicons(&mut again(), &opt);
        let lex = learned[0].lexicon.clone();
        let zorblax = lex
            .src_concept(&stem(Lang::En, "zorblax"))
            .expect("dict kept");
        assert!(lex
            .tgt_concepts(&stem(Lang::Ru, "дыродел"))
            .contains(&zorblax));
        let concept = lex
            .src_concept(&florp)
            .expect("florp learned over the dict");
        assert!(lex.tgt_concepts(&kvaksha).contains(&concept));
        opt.set_lexicon(Lang::Ru, lex);
        assert_eq!(opt.lexicons.len(), 1, "one lexicon per language");
        assert!(opt.lexicon(Lang::Ru).src_concept(&florp).is_some());
    }

    #[test]
    fn shards_partition_the_ids() {
        let ids: Vec<String> = (0..1000).map(|k| format!("doc-{k}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { k, n: 4 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1);
        }
        let sizes: Vec<usize> = shards
            .iter()
            .map(|s| ids.iter().filter(|i| s.contains(i)).count())
            .collect();
        assert!(sizes.iter().all(|&n| (200..300).contains(&n)), "{sizes:?}");
        assert_eq!(Shard::parse("2/8"), Ok(Shard { k: 2, n: 8 }));
        assert!(
            Shard::parse("0/8").is_err()
                && Shard::parse("9/8").is_err()
                && Shard::parse("x").is_err()
        );
    }
}
