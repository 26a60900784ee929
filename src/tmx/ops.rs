//! Operations on TMX files, all streaming (one TU in memory at a time): merge, stats,
//! validate, filter, convert, split.

use super::open::open_tmx;
use super::reader::{for_each_tu_with_header, ReadTu};
use super::{Header, TmxWriter, Tu};
use crate::error::{Error, Result};
use crate::output::Pending;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Calls `f` for every TU of `path`, and `on_header` with its header attributes.
///
/// Errors ([`Error::Input`] naming the file): unreadable or malformed TMX, or an error `f`
/// returns.
pub fn scan(
    path: &Path,
    on_header: impl FnMut(Vec<(String, String)>),
    f: impl FnMut(ReadTu) -> std::result::Result<(), String>,
) -> Result<usize> {
    crate::input::check_regular(path)?;
    let r = open_tmx(path).map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    for_each_tu_with_header(r, on_header, f).map_err(|e| Error::input(path, e))
}

fn hash64<T: Hash>(t: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// Writes a TU read from a TMX file. `tuid` empty writes none (the attribute is optional
/// in TMX 1.4, and a made-up number could repeat one the file already uses). A TU without
/// any TUV is not written: the DTD requires one, and it holds no text.
fn write_read_tu<W: Write>(w: &mut TmxWriter<W>, tu: &ReadTu, tuid: String) -> std::io::Result<()> {
    if tu.tuvs.is_empty() {
        return Ok(());
    }
    w.write_tu(&Tu {
        tuid,
        props: tu
            .props
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
        tuvs: tu
            .tuvs
            .iter()
            .map(|t| (t.lang.as_str(), t.text.clone()))
            .collect(),
    })
}

/// What [`merge`] did.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct MergeStats {
    /// TUs read from all inputs.
    pub read: usize,
    /// TUs written.
    pub written: usize,
    /// Exact duplicates removed (same TUVs, languages and texts).
    pub duplicates: usize,
    /// Sources translated differently in different TUs: (source, first target, other target).
    pub conflicts: Vec<(String, String, String)>,
    /// Number of conflicts (the list above keeps the first 20).
    pub conflict_count: usize,
    /// The language combinations of the TUs written (each TU's primary subtags, sorted
    /// and joined with `+`: `be+en`, `en+ru`), sorted, at most 100; more than one means
    /// the merged file mixes pairs.
    pub language_sets: Vec<String>,
}

/// The header `srclang` of a TMX file, read up to the first TU; `en` when the file has
/// none (or cannot be read: the full scan that follows reports that error).
fn read_srclang(path: &Path) -> String {
    let mut srclang = None;
    let _ = scan(
        path,
        |h| srclang = get_attr(&h, "srclang").map(str::to_string),
        |_| Err("stop".into()),
    );
    srclang
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "en".into())
}

fn get_attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Joins TMX files into `out`, removing exact duplicate TUs (the same TUVs, in any order,
/// language tags compared case-insensitively) and reporting conflicting
/// translations of the same source. The header (srclang) comes from the first input.
/// Memory: three 8-byte hashes per distinct TU (the TU, its source and its target; about
/// 50 MB per million TUs), no text; the first translation of each of the (at most 20)
/// conflicts shown is found by reading the inputs once more.
///
/// Errors: an input cannot be read or parsed; the output cannot be written (nothing is
/// left behind).
pub fn merge(inputs: &[&Path], out: &Path, creation_date: &str) -> Result<MergeStats> {
    let srclang = read_srclang(inputs[0]);
    let mut p = Pending::create(out)?;
    let werr = |e: std::io::Error| {
        Error::output(out, format!("cannot write: {}", crate::output::short(&e)))
    };
    let mut stats = MergeStats::default();
    {
        let header = Header {
            srclang: srclang.clone(),
            creation_date: creation_date.to_string(),
        };
        let mut w = TmxWriter::new(p.writer(), &header).map_err(werr)?;
        let mut seen: HashSet<u64> = HashSet::new();
        // Source key → hash of its first target; the texts of up to 20 conflicts are
        // found again afterwards, so memory does not hold any text.
        let mut by_source: HashMap<u64, u64> = HashMap::new();
        let mut conflict_keys: Vec<u64> = Vec::new();
        let mut io_err: Option<std::io::Error> = None;
        for input in inputs {
            let file_srclang = std::cell::RefCell::new(None::<String>);
            scan(
                input,
                |h| *file_srclang.borrow_mut() = get_attr(&h, "srclang").map(str::to_string),
                |tu| {
                    stats.read += 1;
                    // The same TUVs in another order are the same TU.
                    let mut key: Vec<(String, &str)> = tu
                        .tuvs
                        .iter()
                        .map(|t| (t.lang.to_lowercase(), t.text.as_str()))
                        .collect();
                    key.sort_unstable();
                    if !seen.insert(hash64(&key)) {
                        stats.duplicates += 1;
                        return Ok(());
                    }
                    if let Some((sk, s, t)) = source_key(&tu, file_srclang.borrow().as_deref()) {
                        let th = hash64(&t.text);
                        match by_source.get(&sk) {
                            Some(h) if *h != th => {
                                stats.conflict_count += 1;
                                if stats.conflicts.len() < 20 {
                                    stats.conflicts.push((
                                        s.text.clone(),
                                        String::new(),
                                        t.text.clone(),
                                    ));
                                    conflict_keys.push(sk);
                                }
                            }
                            Some(_) => {}
                            None => {
                                by_source.insert(sk, th);
                            }
                        }
                    }
                    let mut langs: Vec<String> = tu
                        .tuvs
                        .iter()
                        .map(|t| {
                            t.lang
                                .split(['-', '_'])
                                .next()
                                .unwrap_or("")
                                .to_ascii_lowercase()
                        })
                        .collect();
                    langs.sort_unstable();
                    langs.dedup();
                    let set = langs.join("+");
                    if !stats.language_sets.contains(&set) && stats.language_sets.len() < 100 {
                        stats.language_sets.push(set);
                    }
                    stats.written += 1;
                    if let Err(e) = write_read_tu(&mut w, &tu, stats.written.to_string()) {
                        io_err = Some(e);
                        return Err("write failed".into());
                    }
                    Ok(())
                },
            )
            .map_err(|e| match io_err.take() {
                Some(io) => werr(io),
                None => e,
            })?;
        }
        w.finish().map_err(werr)?;
        if !conflict_keys.is_empty() {
            first_targets(inputs, &conflict_keys, &mut stats.conflicts)?;
        }
    }
    p.commit()?;
    stats.language_sets.sort();
    Ok(stats)
}

/// The key [`merge`] groups translations by (a hash of the source TUV's language and
/// text and the first target TUV's language, tags compared case-insensitively), the
/// source TUV and the target TUV (the translation); `None` for a TU with fewer than two
/// TUVs. The source is the TUV in the `srclang` ([`ReadTu::source_index`]).
fn source_key<'a>(
    tu: &'a ReadTu,
    srclang: Option<&str>,
) -> Option<(u64, &'a super::reader::Tuv, &'a super::reader::Tuv)> {
    let (s, targets) = tu.source_and_targets(srclang)?;
    let t = targets.first()?;
    let key = hash64(&(s.lang.to_lowercase(), &s.text, t.lang.to_lowercase()));
    Some((key, s, t))
}

/// Fills in the first target text of each conflict (`keys[k]` is the source key of
/// `conflicts[k]`) by scanning `inputs` again: the first TU with that key, in input
/// order, is the one `merge` kept. Texts are cut to 200 characters.
fn first_targets(
    inputs: &[&Path],
    keys: &[u64],
    conflicts: &mut [(String, String, String)],
) -> Result<()> {
    let mut missing: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, key) in keys.iter().enumerate() {
        missing.entry(*key).or_default().push(k);
    }
    for input in inputs {
        if missing.is_empty() {
            break;
        }
        let file_srclang = std::cell::RefCell::new(None::<String>);
        scan(
            input,
            |h| *file_srclang.borrow_mut() = get_attr(&h, "srclang").map(str::to_string),
            |tu| {
                if let Some((sk, _, t)) = source_key(&tu, file_srclang.borrow().as_deref()) {
                    if let Some(ks) = missing.remove(&sk) {
                        let first: String = t.text.chars().take(200).collect();
                        for k in ks {
                            conflicts[k].1 = first.clone();
                        }
                    }
                }
                Ok(())
            },
        )?;
    }
    Ok(())
}

/// Statistics of a TMX file.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct TmxStats {
    /// TUs.
    pub tus: usize,
    /// Header srclang.
    pub srclang: String,
    /// TUVs per language tag.
    pub languages: BTreeMap<String, usize>,
    /// TUs per `x-bead` type.
    pub beads: BTreeMap<String, usize>,
    /// TUs per `x-confidence` bin [k/10, (k+1)/10).
    pub confidence_histogram: [usize; 10],
    /// TUs without an `x-confidence` prop.
    pub without_confidence: usize,
}

/// Computes [`TmxStats`] of a file.
pub fn stats(path: &Path) -> Result<TmxStats> {
    let mut s = TmxStats::default();
    let mut srclang = String::new();
    scan(
        path,
        |h| srclang = get_attr(&h, "srclang").unwrap_or("").to_string(),
        |tu| {
            s.tus += 1;
            for t in &tu.tuvs {
                *s.languages.entry(t.lang.clone()).or_default() += 1;
            }
            match confidence(&tu) {
                Some(c) => s.confidence_histogram[((c * 10.0) as usize).min(9)] += 1,
                None => s.without_confidence += 1,
            }
            if let Some((_, b)) = tu.props.iter().find(|(k, _)| k == "x-bead") {
                *s.beads.entry(b.clone()).or_default() += 1;
            }
            Ok(())
        },
    )?;
    s.srclang = srclang;
    Ok(s)
}

/// The `x-confidence` of a TU, if present and a number in [0, 1].
pub fn confidence(tu: &ReadTu) -> Option<f64> {
    confidence_prop(tu).flatten()
}

/// The `x-confidence` prop of a TU: `None` when the TU has none (unscored),
/// `Some(None)` when it has one that is not a number in [0, 1] (`nan`, `-0.5`, `7`,
/// `high`), `Some(Some(c))` otherwise.
pub fn confidence_prop(tu: &ReadTu) -> Option<Option<f64>> {
    tu.props
        .iter()
        .find(|(k, _)| k == "x-confidence")
        .map(|(_, v)| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|c| (0.0..=1.0).contains(c))
        })
}

/// One problem found by [`validate`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    /// 1-based TU number (0 for the header).
    pub tu: usize,
    /// 1-based line of the TU start in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Checks what CAT tools need: a header srclang; every TU with at least two TUVs in at
/// least two languages (primary subtags), each with a language and a non-empty segment
/// without leading/trailing whitespace or line breaks; a TUV in the srclang; segments of
/// at most 2,000 characters.
///
/// Errors: the file cannot be read or is not well-formed XML.
pub fn validate(path: &Path) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut offsets = Vec::new();
    let srclang = std::cell::RefCell::new(None::<String>);
    let mut n = 0usize;
    scan(
        path,
        |h| *srclang.borrow_mut() = get_attr(&h, "srclang").map(str::to_string),
        |tu| {
            n += 1;
            let mut add = |m: String| {
                problems.push(Problem {
                    tu: n,
                    line: 0,
                    message: m,
                });
                offsets.push(tu.offset);
            };
            if tu.tuvs.len() < 2 {
                add(format!(
                    "{} TUV(s); a TU needs a source and a target",
                    tu.tuvs.len()
                ));
            }
            for t in &tu.tuvs {
                if t.lang.trim().is_empty() {
                    add("a TUV without xml:lang (OmegaT drops the whole file)".into());
                }
                if t.text.trim().is_empty() {
                    add(format!("empty segment in {}", t.lang));
                } else if t.text.trim() != t.text {
                    add(format!(
                        "segment in {} has leading or trailing whitespace",
                        t.lang
                    ));
                }
                if t.text.contains(['\n', '\r']) {
                    add(format!("segment in {} contains a line break", t.lang));
                }
                if t.text.chars().count() > crate::tmx::alignment::MAX_SEGMENT_CHARS {
                    add(format!("segment in {} is over 2,000 characters", t.lang));
                }
            }
            let primary = |s: &str| s.split(['-', '_']).next().unwrap_or("").to_lowercase();
            // A TU's own srclang overrides the header's.
            let header_sl = srclang.borrow().clone();
            if let Some(sl) = tu.srclang.as_deref().or(header_sl.as_deref()) {
                if sl != "*all*" && !tu.tuvs.iter().any(|t| primary(&t.lang) == primary(sl)) {
                    add(format!("no TUV in the srclang '{sl}'"));
                }
            }
            // A CAT tool looks a segment up in one language and takes the translation
            // from another: TUVs all in one language give it nothing to take.
            if tu.tuvs.len() >= 2 {
                let first = primary(&tu.tuvs[0].lang);
                if tu.tuvs.iter().all(|t| primary(&t.lang) == first) {
                    add(format!(
                        "every TUV is in '{}'; a TU needs a target language",
                        tu.tuvs[0].lang
                    ));
                }
            }
            Ok(())
        },
    )?;
    if srclang.borrow().is_none() {
        problems.insert(
            0,
            Problem {
                tu: 0,
                line: 0,
                message: "no <header> with srclang".into(),
            },
        );
        offsets.insert(0, 0);
    }
    // Byte offsets → line numbers, in one more streaming pass.
    let lines = super::open::line_numbers(path, &offsets)
        .map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    for (p, l) in problems.iter_mut().zip(lines) {
        p.line = l;
    }
    Ok(problems)
}

/// Copies the TUs whose `x-confidence` is at least `min` (TUs without one are kept when
/// `keep_unscored`; one that is not a number in [0, 1], such as `nan` or `7`, fails the
/// threshold), leaving out those with a non-empty `x-flags` property when
/// `drop_flagged`. Returns (kept, dropped).
pub fn filter(
    input: &Path,
    out: &Path,
    min: f64,
    keep_unscored: bool,
    drop_flagged: bool,
    creation_date: &str,
) -> Result<(usize, usize)> {
    let srclang = read_srclang(input);
    let mut p = Pending::create(out)?;
    let werr = |e: std::io::Error| {
        Error::output(out, format!("cannot write: {}", crate::output::short(&e)))
    };
    let (mut kept, mut dropped) = (0, 0);
    {
        let mut w = TmxWriter::new(
            p.writer(),
            &Header {
                srclang,
                creation_date: creation_date.into(),
            },
        )
        .map_err(werr)?;
        let mut io_err = None;
        scan(
            input,
            |_| {},
            |tu| {
                // A TU without any TUV holds no text and is not written (see
                // write_read_tu): it counts as dropped.
                let flagged = tu
                    .props
                    .iter()
                    .any(|(k, v)| k == "x-flags" && !v.trim().is_empty());
                let keep = !tu.tuvs.is_empty()
                    && confidence_prop(&tu).map_or(keep_unscored, |c| c.is_some_and(|c| c >= min))
                    && !(drop_flagged && flagged);
                if !keep {
                    dropped += 1;
                    return Ok(());
                }
                kept += 1;
                let id = tu.tuid.clone().unwrap_or_default();
                write_read_tu(&mut w, &tu, id).map_err(|e| {
                    io_err = Some(e);
                    "write failed".to_string()
                })
            },
        )
        .map_err(|e| io_err.take().map(werr).unwrap_or(e))?;
        w.finish().map_err(werr)?;
    }
    p.commit()?;
    Ok((kept, dropped))
}

/// Output formats of [`convert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tab-separated: source, target, confidence (tabs/newlines in text become spaces).
    Tsv,
    /// RFC 4180 CSV with a header: source, target, confidence, bead, document, flags;
    /// every field quoted.
    Csv,
    /// One JSON object per line: tuid, source, target, source_lang, target_lang,
    /// languages, props.
    Jsonl,
}

/// One CSV field as RFC 4180 writes it: in double quotes, with each inner double quote
/// doubled, so commas, quotes and line breaks stay inside the field.
pub fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// What [`convert`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConvertStats {
    /// TUs read.
    pub tus: usize,
    /// Rows (lines) written: one per target TUV, or one for a TU with a source only.
    pub rows: usize,
    /// TUs with more than one target TUV (several rows each).
    pub multi_target: usize,
}

/// Writes the TUs of `input` as TSV, CSV or JSON lines. The source is the TUV in the
/// TU's `srclang` attribute, else the header's (primary subtag, case-insensitive; the
/// first TUV when it is `*all*`, absent or matches none); each other TUV is a target and
/// gets its own row, in file order, so a TU in three languages gives two rows with the
/// same source. A TU with no target gives one row with an empty target.
///
/// Errors: the input cannot be read or parsed, the output cannot be written.
pub fn convert(input: &Path, out: &Path, fmt: Format) -> Result<ConvertStats> {
    let mut p = Pending::create(out)?;
    let werr = |e: std::io::Error| {
        Error::output(out, format!("cannot write: {}", crate::output::short(&e)))
    };
    let mut st = ConvertStats::default();
    {
        let w = p.writer();
        if fmt == Format::Csv {
            writeln!(w, "source,target,confidence,bead,document,flags").map_err(werr)?;
        }
        let prop = |tu: &ReadTu, k: &str| {
            tu.props
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut io_err = None;
        let srclang = std::cell::RefCell::new(None::<String>);
        scan(
            input,
            |h| *srclang.borrow_mut() = get_attr(&h, "srclang").map(str::to_string),
            |tu| {
                st.tus += 1;
                let (s, targets) = match tu.source_and_targets(srclang.borrow().as_deref()) {
                    Some((s, t)) => (Some(s), t),
                    None => (None, Vec::new()),
                };
                if targets.len() > 1 {
                    st.multi_target += 1;
                }
                fn text(t: Option<&super::reader::Tuv>) -> &str {
                    t.map_or("", |t| t.text.as_str())
                }
                fn lang(t: Option<&super::reader::Tuv>) -> &str {
                    t.map_or("", |t| t.lang.as_str())
                }
                let rows: Vec<Option<&super::reader::Tuv>> = if targets.is_empty() {
                    vec![None]
                } else {
                    targets.into_iter().map(Some).collect()
                };
                for t in rows {
                    let line = match fmt {
                        Format::Tsv => {
                            let c = |x: &str| x.replace(['\t', '\n', '\r'], " ");
                            format!(
                                "{}\t{}\t{}",
                                c(text(s)),
                                c(text(t)),
                                c(&prop(&tu, "x-confidence"))
                            )
                        }
                        Format::Csv => [
                            text(s).to_string(),
                            text(t).to_string(),
                            prop(&tu, "x-confidence"),
                            prop(&tu, "x-bead"),
                            prop(&tu, "x-document"),
                            prop(&tu, "x-flags"),
                        ]
                        .iter()
                        .map(|f| csv_field(f))
                        .collect::<Vec<_>>()
                        .join(","),
                        Format::Jsonl => serde_json::json!({
                            "tuid": tu.tuid,
                            "source": text(s),
                            "target": text(t),
                            "source_lang": lang(s),
                            "target_lang": lang(t),
                            "languages": tu.tuvs.iter().map(|t| t.lang.clone()).collect::<Vec<_>>(),
                            "props": tu.props.iter().cloned().collect::<BTreeMap<_, _>>(),
                        })
                        .to_string(),
                    };
                    st.rows += 1;
                    if let Err(e) = writeln!(w, "{line}") {
                        io_err = Some(e);
                        return Err("write failed".to_string());
                    }
                }
                Ok(())
            },
        )
        .map_err(|e| io_err.take().map(werr).unwrap_or(e))?;
    }
    p.commit()?;
    Ok(st)
}

/// The header property that marks a part written by [`split`]; its value is the file
/// name of the output pattern (`part.tmx`), so that a later split with the same pattern
/// recognises its parts.
pub const SPLIT_PROP: &str = "x-split-of";

/// What [`split`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SplitResult {
    /// The parts written, in order.
    pub files: Vec<PathBuf>,
    /// Parts of an earlier split with the same pattern that this one did not rewrite
    /// (`part-004.tmx` after a split into three parts, or `part-001.tmx` after one into
    /// 1,000 parts, named `part-0001.tmx` …): removed.
    pub removed: Vec<PathBuf>,
    /// Files named like parts of the pattern (`part-2024.tmx`) that no split with this
    /// pattern wrote (no [`SPLIT_PROP`] header property naming it): left alone.
    pub foreign: Vec<PathBuf>,
}

/// The number of digits of part numbers for `parts` parts: 3, or more when there are
/// 1,000 parts or more, so that the names sort in order.
pub fn part_width(parts: usize) -> usize {
    parts.max(1).to_string().len().max(3)
}

/// Splits `input` into files of at most `max` TUs: `OUT` with `-001`, `-002`, … before
/// its extension, zero-padded to the width the number of parts needs (`-0001` … `-1200`
/// for 1,200 parts; [`part_width`]). Each part's header carries
/// `<prop type="x-split-of">OUT's file name</prop>` ([`SPLIT_PROP`]).
///
/// Parts are written one at a time (one output file open at once, whatever the number
/// of parts) into hidden temporary files, and renamed to their names only when the whole
/// input has been read: a malformed or truncated input leaves no part behind and the
/// parts of an earlier run untouched. Then the parts of an earlier split with the same
/// pattern that were not rewritten are removed (a shorter run leaves no stale
/// `part-004.tmx`); files that only look like parts are left alone
/// ([`SplitResult::foreign`]).
///
/// Errors ([`Error::Usage`]): `max` is 0, `out` is `-` (split writes several files), or a
/// part would overwrite `input`; ([`Error::Input`]) the input cannot be read or parsed;
/// ([`Error::Output`] naming the file) a part cannot be written or a stale part removed.
pub fn split(input: &Path, out: &Path, max: usize, creation_date: &str) -> Result<SplitResult> {
    if max == 0 {
        return Err(Error::Usage("--max-tus must be at least 1".into()));
    }
    if out.as_os_str() == "-" {
        return Err(Error::Usage(
            "tmx split -o -: split writes several files (NAME-001.tmx, …); give a file name".into(),
        ));
    }
    let srclang = read_srclang(input);
    let header = Header {
        srclang,
        creation_date: creation_date.into(),
    };
    let (stem, ext) = split_pattern(out);
    let pattern = format!("{stem}.{ext}");
    let marker: [(&str, &str); 1] = [(SPLIT_PROP, &pattern)];
    // Finished parts, closed (no file descriptor kept), named at the end.
    let mut parts: Vec<crate::output::Closed> = Vec::new();
    let mut cur: Option<(TmxWriter<std::io::BufWriter<Pending>>, usize)> = None;
    let mut err: Option<Error> = None;
    let werr = |e: std::io::Error| {
        Error::output(out, format!("cannot write: {}", crate::output::short(&e)))
    };
    let finish = |w: TmxWriter<std::io::BufWriter<Pending>>| -> Result<crate::output::Closed> {
        let buf = w.finish().map_err(werr)?;
        let p = buf.into_inner().map_err(|e| werr(e.into_error()))?;
        p.close()
    };
    scan(
        input,
        |_| {},
        |tu| {
            if cur.as_ref().is_some_and(|c| c.1 >= max) {
                let (w, _) = cur.take().expect("open");
                match finish(w) {
                    Ok(c) => parts.push(c),
                    Err(e) => {
                        err = Some(e);
                        return Err("stop".into());
                    }
                }
            }
            if cur.is_none() {
                // The temporary file goes in the parts' folder; its name comes later.
                let w = Pending::create(out).and_then(|p| {
                    TmxWriter::with_header_props(std::io::BufWriter::new(p), &header, &marker)
                        .map_err(werr)
                });
                match w {
                    Ok(w) => cur = Some((w, 0)),
                    Err(e) => {
                        err = Some(e);
                        return Err("stop".into());
                    }
                }
            }
            let c = cur.as_mut().expect("open");
            c.1 += 1;
            let id = tu.tuid.clone().unwrap_or_default();
            write_read_tu(&mut c.0, &tu, id).map_err(|e| {
                err = Some(werr(e));
                "stop".to_string()
            })
        },
    )
    .map_err(|e| err.take().unwrap_or(e))?;
    if let Some((w, _)) = cur.take() {
        parts.push(finish(w)?);
    }
    let width = part_width(parts.len());
    let names: Vec<PathBuf> = (1..=parts.len())
        .map(|k| out.with_file_name(format!("{stem}-{k:0width$}.{ext}")))
        .collect();
    if let Some(n) = names.iter().find(|n| crate::job::same_file(n, input)) {
        return Err(Error::Usage(format!(
            "part {} would overwrite the input {}; refusing to overwrite it",
            n.display(),
            input.display()
        )));
    }
    for (part, name) in parts.into_iter().zip(&names) {
        part.commit_as(name)?;
    }
    let mut result = SplitResult {
        files: names,
        ..SplitResult::default()
    };
    remove_stale_parts(input, out, &stem, &ext, &pattern, &mut result)?;
    Ok(result)
}

/// The stem and extension of a split's output pattern: `part.tmx` → (`part`, `tmx`);
/// `part` for a name that is not UTF-8, `tmx` for a name without an extension.
pub fn split_pattern(out: &Path) -> (String, String) {
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("part")
        .to_string();
    let ext = out
        .extension()
        .and_then(|s| s.to_str())
        .unwrap_or("tmx")
        .to_string();
    (stem, ext)
}

/// Removes, from the folder of `out`, the files named `STEM-<3 or more digits>.EXT` that
/// are not among `result.files` and whose header marks them as parts of a split with
/// the same pattern; lists the others named so in `result.foreign`. `input` is never
/// touched.
fn remove_stale_parts(
    input: &Path,
    out: &Path,
    stem: &str,
    ext: &str,
    pattern: &str,
    result: &mut SplitResult,
) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let (head, tail) = (format!("{stem}-"), format!(".{ext}"));
    // The exact header property a part of this pattern carries.
    let marker = {
        let v = TmxWriter::with_header_props(
            Vec::new(),
            &Header {
                srclang: String::new(),
                creation_date: String::new(),
            },
            &[(SPLIT_PROP, pattern)],
        )
        .and_then(TmxWriter::finish)
        .map_err(|e| Error::Internal(e.to_string()))?;
        let s = String::from_utf8_lossy(&v).into_owned();
        let start = s.find("<prop ").unwrap_or(0);
        s[start..]
            .split_once('\n')
            .map_or(s[start..].to_string(), |(l, _)| l.to_string())
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut candidates: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let digits = name.strip_prefix(&head)?.strip_suffix(&tail)?;
            (digits.len() >= 3 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| e.path())
        })
        .filter(|p| !result.files.iter().any(|f| f.file_name() == p.file_name()))
        .filter(|p| !crate::job::same_file(p, input))
        .collect();
    candidates.sort();
    for p in candidates {
        if is_part_of(&p, &marker) {
            std::fs::remove_file(&p).map_err(|e| {
                Error::output(
                    &p,
                    format!(
                        "cannot remove this part of an earlier split: {}",
                        crate::output::short(&e)
                    ),
                )
            })?;
            result.removed.push(p);
        } else {
            result.foreign.push(p);
        }
    }
    Ok(())
}

/// Whether the file at `p` is a TMX written by tmxalign whose header holds `marker`
/// (read from its first 4 KB).
fn is_part_of(p: &Path, marker: &str) -> bool {
    use std::io::Read;
    let Ok(meta) = std::fs::symlink_metadata(p) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(p).and_then(|f| f.take(4096).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let header_end = head.find("</header>").unwrap_or(head.len());
    head.contains("creationtool=\"tmxalign\"") && head[..header_end].contains(marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(d: &Path, name: &str, s: &str) -> std::path::PathBuf {
        let p = d.join(name);
        std::fs::write(&p, s).unwrap();
        p
    }

    const TMX: &str = r#"<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="1"><prop type="x-bead">1,1</prop><prop type="x-confidence">0.95</prop><prop type="x-document">a "b", c</prop><tuv xml:lang="ru"><seg>Привет.</seg></tuv><tuv xml:lang="EN-GB"><seg>Hello, "you".</seg></tuv></tu>
<tu tuid="2"><prop type="x-confidence">nan</prop><tuv xml:lang="en"><seg>A</seg></tuv><tuv xml:lang="ru"><seg>Б</seg></tuv><tuv xml:lang="be"><seg>В</seg></tuv></tu>
<tu tuid="3"><prop type="x-confidence">7</prop><tuv xml:lang="en"><seg>C</seg></tuv><tuv xml:lang="ru"><seg>Ц</seg></tuv></tu>
<tu tuid="4"><prop type="x-confidence">-0.5</prop><tuv xml:lang="en"><seg>D</seg></tuv><tuv xml:lang="ru"><seg>Д</seg></tuv></tu>
<tu tuid="5"><prop type="x-confidence">high</prop><tuv xml:lang="en"><seg>E</seg></tuv><tuv xml:lang="ru"><seg>Е</seg></tuv></tu>
<tu tuid="6"><tuv xml:lang="en"><seg>F</seg></tuv><tuv xml:lang="ru"><seg>Ф</seg></tuv></tu>
<tu tuid="7" srclang="ru"><prop type="x-confidence">0.9</prop><tuv xml:lang="en"><seg>G</seg></tuv><tuv xml:lang="ru"><seg>Г</seg></tuv></tu>
</body></tmx>
"#;

    #[test]
    fn part_numbers_widen_past_999_parts() {
        assert_eq!(
            [0, 1, 999, 1000, 9999, 10_000].map(part_width),
            [3, 3, 3, 4, 4, 5]
        );
        assert_eq!(
            split_pattern(Path::new("d/tm.tmx")),
            ("tm".into(), "tmx".into())
        );
        assert_eq!(split_pattern(Path::new("tm")), ("tm".into(), "tmx".into()));
    }

    #[test]
    fn csv_fields_are_quoted_per_rfc_4180() {
        assert_eq!(csv_field("1,1"), "\"1,1\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("a\nb\r"), "\"a\nb\r\"");
        assert_eq!(csv_field(""), "\"\"");
    }

    #[test]
    fn convert_takes_the_source_by_srclang_and_writes_a_row_per_target() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "a.tmx", TMX);
        let o = d.path().join("a.tsv");
        let st = convert(&p, &o, Format::Tsv).unwrap();
        assert_eq!(
            st,
            ConvertStats {
                tus: 7,
                rows: 8,
                multi_target: 1
            }
        );
        let tsv = std::fs::read_to_string(&o).unwrap();
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "Hello, \"you\".\tПривет.\t0.95");
        assert_eq!(lines[1], "A\tБ\tnan");
        assert_eq!(lines[2], "A\tВ\tnan");
        // The TU's own srclang overrides the header's.
        assert_eq!(lines[7], "Г\tG\t0.9");
        let o = d.path().join("a.csv");
        convert(&p, &o, Format::Csv).unwrap();
        let csv = std::fs::read_to_string(&o).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "source,target,confidence,bead,document,flags");
        assert_eq!(
            lines[1],
            r#""Hello, ""you"".","Привет.","0.95","1,1","a ""b"", c","""#
        );
        let o = d.path().join("a.jsonl");
        convert(&p, &o, Format::Jsonl).unwrap();
        let j = std::fs::read_to_string(&o).unwrap();
        let rows: Vec<serde_json::Value> = j
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 8);
        assert_eq!(rows[0]["source"], "Hello, \"you\".");
        assert_eq!(rows[0]["source_lang"], "EN-GB");
        assert_eq!(rows[2]["target"], "В");
        assert_eq!(rows[2]["target_lang"], "be");
    }

    #[test]
    fn filter_fails_a_confidence_that_is_not_a_probability() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "a.tmx", TMX);
        let o = d.path().join("f.tmx");
        // Kept: 0.95, 0.9 and the unscored TU 6; nan, 7, -0.5 and "high" fail.
        assert_eq!(
            filter(&p, &o, 0.9, true, false, "20260101T000000Z").unwrap(),
            (3, 4)
        );
        let out = std::fs::read_to_string(&o).unwrap();
        for kept in ["Привет.", "Ф", "Г"] {
            assert!(out.contains(kept), "{out}");
        }
        for dropped in [
            "<seg>A</seg>",
            "<seg>C</seg>",
            "<seg>D</seg>",
            "<seg>E</seg>",
        ] {
            assert!(!out.contains(dropped), "{out}");
        }
        assert_eq!(
            filter(&p, &o, 0.9, false, false, "20260101T000000Z").unwrap(),
            (2, 5)
        );
        // Even a zero threshold does not pass an invalid confidence.
        assert_eq!(
            filter(&p, &o, 0.0, true, false, "20260101T000000Z").unwrap(),
            (3, 4)
        );
    }

    #[test]
    fn an_empty_self_closing_seg_is_kept_and_reported() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            d.path(),
            "e.tmx",
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>Hello.</seg></tuv><tuv xml:lang=\"ru-RU\"><seg/></tuv></tu>\n</body></tmx>\n",
        );
        let problems = validate(&p).unwrap();
        let m: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(m, ["empty segment in ru-RU"]);
        assert_eq!(problems[0].line, 3);
        let o = d.path().join("m.tmx");
        merge(&[&p], &o, "20260101T000000Z").unwrap();
        let out = std::fs::read_to_string(&o).unwrap();
        assert!(
            out.contains("<tuv xml:lang=\"ru-RU\"><seg></seg></tuv>"),
            "{out}"
        );
        filter(&p, &o, 0.5, true, false, "20260101T000000Z").unwrap();
        let out = std::fs::read_to_string(&o).unwrap();
        assert!(out.contains("xml:lang=\"ru-RU\""), "{out}");
    }
}
