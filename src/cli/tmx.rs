//! `tmxalign tmx …`: work on TMX files (streaming, constant memory).

use super::say;
use crate::error::{Error, Result, EXIT_BAD_INPUT, EXIT_OK};
use crate::job::creation_date;
use crate::tmx::ops;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// Arguments of `tmxalign tmx`.
#[derive(Debug, Args)]
pub struct TmxArgs {
    /// The operation.
    #[command(subcommand)]
    pub op: TmxOp,
}

/// TMX operations.
#[derive(Debug, Subcommand)]
pub enum TmxOp {
    /// Join TMX files into one, removing exact duplicate TUs and reporting conflicting
    /// translations of the same source.
    Merge {
        /// Input TMX files (TMX 1.1–1.4, UTF-8 or UTF-16 with BOM).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output TMX file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// TMX creationdate (UTC); default SOURCE_DATE_EPOCH or now.
        #[arg(long)]
        creation_date: Option<String>,
    },
    /// Count TUs, languages, bead types and the confidence histogram.
    Stats {
        /// TMX file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check what CAT tools need; each problem with its TU number and line. Exit 2 when
    /// problems are found.
    Validate {
        /// TMX file.
        file: PathBuf,
    },
    /// Keep the TUs whose x-confidence is at least --min-confidence. Unscored TUs (no
    /// x-confidence prop) are kept unless --drop-unscored; a TU whose x-confidence is not
    /// a number in [0, 1] (nan, -0.5, 7, …) fails the threshold and is dropped.
    Filter {
        /// Input TMX file.
        input: PathBuf,
        /// Output TMX file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Lowest confidence kept (unscored TUs: see --drop-unscored; an x-confidence
        /// that is not a number in [0, 1] fails it). Default 0, so that `--drop-flagged`
        /// or `--drop-unscored` can be used alone.
        #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = super::parse_probability)]
        min_confidence: f64,
        /// Drop TUs that have no x-confidence (kept by default).
        #[arg(long)]
        drop_unscored: bool,
        /// Drop TUs that carry QA flags (an `x-flags` property: number-mismatch,
        /// length-ratio, no-lexical-match, unrelated, suspicious-merge, untranslated).
        #[arg(long)]
        drop_flagged: bool,
        /// TMX creationdate (UTC); default SOURCE_DATE_EPOCH or now.
        #[arg(long)]
        creation_date: Option<String>,
    },
    /// Write the TUs as TSV, CSV or JSON lines, one row per translation. The source is
    /// the TUV in the TU's srclang attribute, else the header's srclang (compared on the
    /// primary subtag: en matches en-GB), or the first TUV when srclang is *all* or
    /// missing. Every other TUV is a target: a TU in three languages gives two rows with
    /// the same source, one per target, in file order (use --to jsonl to see each row's
    /// target_lang). CSV quotes every field (RFC 4180).
    Convert {
        /// Input TMX file.
        input: PathBuf,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Output format.
        #[arg(long = "to", value_enum)]
        to: ops::Format,
    },
    /// Split into files of at most --max-tus TUs (OUT-001.tmx, OUT-002.tmx, …).
    ///
    /// Part numbers have three digits, or as many as the number of parts needs so that
    /// the names sort in order (1,200 parts: OUT-0001.tmx … OUT-1200.tmx). Parts are
    /// written one at a time into hidden temporary files and put in place only once the
    /// whole input has been read: a bad input leaves the parts of an earlier run as they
    /// were. The parts replace those of an earlier split with the same OUT: its parts
    /// that this run did not rewrite (OUT-004.tmx after a split into 3 parts) are removed
    /// and listed on stderr. Only files whose header marks them as parts of OUT (the
    /// header property x-split-of, which every part carries) are removed; other files
    /// named like parts (OUT-2024.tmx) are left alone, with a warning.
    #[command(verbatim_doc_comment)]
    Split {
        /// Input TMX file.
        input: PathBuf,
        /// Output name pattern: OUT.tmx gives OUT-001.tmx, … (see above for the width of
        /// the numbers and the parts of an earlier split).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Most TUs per file.
        #[arg(long, default_value_t = 10_000)]
        max_tus: usize,
        /// TMX creationdate (UTC); default SOURCE_DATE_EPOCH or now.
        #[arg(long)]
        creation_date: Option<String>,
    },
}

fn refuse_overwrite(out: &Path, inputs: &[&Path]) -> Result<()> {
    for i in inputs {
        if crate::job::same_file(out, i) {
            return Err(Error::Usage(format!(
                "output {} is an input file; refusing to overwrite it",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Runs `tmxalign tmx …`; returns 0, or 2 when `validate` finds problems.
///
/// Errors: unreadable or malformed TMX, unwritable output (exit 2).
pub fn run(a: TmxArgs) -> Result<i32> {
    match a.op {
        TmxOp::Merge {
            inputs,
            output,
            creation_date: d,
        } => {
            let ins: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
            refuse_overwrite(&output, &ins)?;
            let s = ops::merge(&ins, &output, &creation_date(d.as_deref())?)?;
            for (src, a, b) in &s.conflicts {
                eprintln!("tmxalign: conflict: \"{src}\" is translated as \"{a}\" and as \"{b}\"");
            }
            eprintln!(
                "tmxalign: merged {} files: {} TUs read, {} written, {} exact duplicates removed, {} conflicting translations",
                inputs.len(),
                s.read,
                s.written,
                s.duplicates,
                s.conflict_count
            );
            let sets = &s.language_sets;
            if sets.len() > 1 {
                eprintln!(
                    "tmxalign: warning: {} mixes language combinations ({}); CAT tools take each TU's languages from its TUVs, but a TSV or CSV conversion of it does not say which target each row is in",
                    output.display(),
                    sets.join(", ")
                );
            }
        }
        TmxOp::Stats { file, json } => {
            let s = ops::stats(&file)?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&s).map_err(|e| Error::Internal(e.to_string()))?
                );
            } else {
                say!("TUs: {}\nsrclang: {}", s.tus, s.srclang);
                for (l, n) in &s.languages {
                    say!("TUVs in {l}: {n}");
                }
                for (b, n) in &s.beads {
                    say!("beads {b}: {n}");
                }
                say!(
                    "confidence histogram (0.0–0.1 … 0.9–1.0): {:?}",
                    s.confidence_histogram
                );
                say!("TUs without x-confidence: {}", s.without_confidence);
            }
        }
        TmxOp::Validate { file } => {
            let problems = ops::validate(&file)?;
            for p in &problems {
                say!("{}:{}: TU {}: {}", file.display(), p.line, p.tu, p.message);
            }
            if problems.is_empty() {
                say!("{}: OK", file.display());
            } else {
                let n = problems.len();
                let noun = if n == 1 { "problem" } else { "problems" };
                eprintln!("tmxalign: {}: {n} {noun}", file.display());
                return Ok(EXIT_BAD_INPUT);
            }
        }
        TmxOp::Filter {
            input,
            output,
            min_confidence,
            drop_unscored,
            drop_flagged,
            creation_date: d,
        } => {
            refuse_overwrite(&output, &[&input])?;
            let (k, dr) = ops::filter(
                &input,
                &output,
                min_confidence,
                !drop_unscored,
                drop_flagged,
                &creation_date(d.as_deref())?,
            )?;
            eprintln!("tmxalign: kept {k} TUs, dropped {dr}");
        }
        TmxOp::Convert { input, output, to } => {
            refuse_overwrite(&output, &[&input])?;
            let c = ops::convert(&input, &output, to)?;
            if c.rows == c.tus {
                eprintln!("tmxalign: wrote {} TUs to {}", c.tus, output.display());
            } else {
                eprintln!(
                    "tmxalign: wrote {} rows from {} TUs to {} ({} TUs have several target languages: one row per target)",
                    c.rows,
                    c.tus,
                    output.display(),
                    c.multi_target
                );
            }
        }
        TmxOp::Split {
            input,
            output,
            max_tus,
            creation_date: d,
        } => {
            let (stem, ext) = ops::split_pattern(&output);
            if let Some(name) = input.file_name().and_then(|n| n.to_str()) {
                // The folder a path is in (`.` for a bare file name), canonical.
                let dir_of = |f: &std::path::Path| {
                    f.parent()
                        .map(|p| {
                            if p.as_os_str().is_empty() {
                                std::path::Path::new(".")
                            } else {
                                p
                            }
                        })
                        .and_then(|p| p.canonicalize().ok())
                };
                let (in_dir, out_dir) = (dir_of(&input), dir_of(&output));
                if in_dir == out_dir
                    && name.starts_with(&format!("{stem}-"))
                    && name.ends_with(&format!(".{ext}"))
                {
                    return Err(Error::Usage(format!(
                        "output pattern {} would overwrite the input {}; refusing to overwrite it",
                        output.display(),
                        input.display()
                    )));
                }
            }
            let r = ops::split(&input, &output, max_tus, &creation_date(d.as_deref())?)?;
            eprintln!(
                "tmxalign: wrote {}",
                crate::output::plural(r.files.len(), "file")
            );
            for f in &r.removed {
                eprintln!(
                    "tmxalign: removed {}: a part of an earlier split into more parts or with wider numbers",
                    f.display()
                );
            }
            for f in &r.foreign {
                eprintln!(
                    "tmxalign: warning: {} is named like a part but was not written by a split to {}; left as it is",
                    f.display(),
                    output.display()
                );
            }
            for f in r.files {
                say!("{}", f.display());
            }
        }
    }
    Ok(EXIT_OK)
}
