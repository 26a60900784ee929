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
use std::path::Path;

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
            scan(
                input,
                |_| {},
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
                    if let Some((sk, t)) = source_key(&tu) {
                        let th = hash64(&t.text);
                        match by_source.get(&sk) {
                            Some(h) if *h != th => {
                                stats.conflict_count += 1;
                                if stats.conflicts.len() < 20 {
                                    stats.conflicts.push((
                                        tu.tuvs[0].text.clone(),
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

/// The key [`merge`] groups translations by (a hash of the first TUV's language and
/// text and the second TUV's language, tags compared case-insensitively), and the second
/// TUV (the translation); `None` for a TU with fewer than two TUVs.
fn source_key(tu: &ReadTu) -> Option<(u64, &super::reader::Tuv)> {
    let [s, t, ..] = tu.tuvs.as_slice() else {
        return None;
    };
    let key = hash64(&(s.lang.to_lowercase(), &s.text, t.lang.to_lowercase()));
    Some((key, t))
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
        scan(
            input,
            |_| {},
            |tu| {
                if let Some((sk, t)) = source_key(&tu) {
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
    tu.props
        .iter()
        .find(|(k, _)| k == "x-confidence")
        .and_then(|(_, v)| v.trim().parse::<f64>().ok())
        .filter(|c| (0.0..=1.0).contains(c))
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
            if let Some(sl) = srclang.borrow().as_deref() {
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
/// `keep_unscored`), leaving out those with a non-empty `x-flags` property when
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
                    && confidence(&tu).map_or(keep_unscored, |c| c >= min)
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
    /// RFC 4180 CSV with a header: source, target, confidence, bead, document, flags.
    Csv,
    /// One JSON object per line: tuid, source, target, languages, props.
    Jsonl,
}

/// Writes the TUs of `input` as TSV, CSV or JSON lines (first TUV = source, second =
/// target). Returns the number of TUs.
pub fn convert(input: &Path, out: &Path, fmt: Format) -> Result<usize> {
    let mut p = Pending::create(out)?;
    let werr = |e: std::io::Error| {
        Error::output(out, format!("cannot write: {}", crate::output::short(&e)))
    };
    let mut n = 0;
    {
        let w = p.writer();
        if fmt == Format::Csv {
            writeln!(w, "source,target,confidence,bead,document,flags").map_err(werr)?;
        }
        let csv = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let prop = |tu: &ReadTu, k: &str| {
            tu.props
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut io_err = None;
        scan(
            input,
            |_| {},
            |tu| {
                n += 1;
                let s = tu.tuvs.first().map(|t| t.text.as_str()).unwrap_or("");
                let t = tu.tuvs.get(1).map(|t| t.text.as_str()).unwrap_or("");
                let line = match fmt {
                    Format::Tsv => {
                        let c = |x: &str| x.replace(['\t', '\n', '\r'], " ");
                        format!("{}\t{}\t{}", c(s), c(t), prop(&tu, "x-confidence"))
                    }
                    Format::Csv => format!(
                        "{},{},{},{},{},{}",
                        csv(s),
                        csv(t),
                        prop(&tu, "x-confidence"),
                        prop(&tu, "x-bead"),
                        csv(&prop(&tu, "x-document")),
                        csv(&prop(&tu, "x-flags"))
                    ),
                    Format::Jsonl => serde_json::json!({
                        "tuid": tu.tuid,
                        "source": s,
                        "target": t,
                        "languages": tu.tuvs.iter().map(|t| t.lang.clone()).collect::<Vec<_>>(),
                        "props": tu.props.iter().cloned().collect::<BTreeMap<_, _>>(),
                    })
                    .to_string(),
                };
                writeln!(w, "{line}").map_err(|e| {
                    io_err = Some(e);
                    "write failed".to_string()
                })
            },
        )
        .map_err(|e| io_err.take().map(werr).unwrap_or(e))?;
    }
    p.commit()?;
    Ok(n)
}

/// Splits `input` into files of at most `max` TUs: `OUT` with `-001`, `-002`, … before
/// its extension. Returns the files written.
///
/// Errors ([`Error::Usage`]): `max` is 0, or `out` is `-` (split writes several files).
pub fn split(
    input: &Path,
    out: &Path,
    max: usize,
    creation_date: &str,
) -> Result<Vec<std::path::PathBuf>> {
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
    let name = |k: usize| out.with_file_name(format!("{stem}-{k:03}.{ext}"));
    let mut files = Vec::new();
    let mut cur: Option<(TmxWriter<std::io::BufWriter<Pending>>, usize)> = None;
    let mut pending_done: Vec<Pending> = Vec::new();
    let mut err: Option<Error> = None;
    scan(
        input,
        |_| {},
        |tu| {
            let full = cur.as_ref().is_some_and(|c| c.1 >= max);
            if full || cur.is_none() {
                if let Some((w, _)) = cur.take() {
                    match close(w) {
                        Some(p) => pending_done.push(p),
                        None => {
                            err = Some(Error::output(out, "cannot write"));
                            return Err("stop".into());
                        }
                    }
                }
                let path = name(files.len() + 1);
                let w = Pending::create(&path).and_then(|p| {
                    TmxWriter::new(std::io::BufWriter::new(p), &header)
                        .map_err(|e| Error::output(&path, e.to_string()))
                });
                match w {
                    Ok(w) => cur = Some((w, 0)),
                    Err(e) => {
                        err = Some(e);
                        return Err("stop".into());
                    }
                }
                files.push(path);
            }
            let c = cur.as_mut().expect("open");
            c.1 += 1;
            let id = tu.tuid.clone().unwrap_or_default();
            write_read_tu(&mut c.0, &tu, id).map_err(|e| e.to_string())
        },
    )
    .map_err(|e| err.take().unwrap_or(e))?;
    if let Some((w, _)) = cur.take() {
        pending_done.push(close(w).ok_or_else(|| Error::output(out, "cannot write"))?);
    }
    for p in pending_done {
        p.commit()?;
    }
    Ok(files)
}

/// Finishes a TMX written into a pending file; `None` on an I/O error.
fn close(w: TmxWriter<std::io::BufWriter<Pending>>) -> Option<Pending> {
    w.finish().ok()?.into_inner().ok()
}
