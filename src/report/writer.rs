//! Streaming report output: documents are appended to a temporary JSON-lines file as they
//! complete; `finish` writes `report.json`, `report.html` and `flagged.tsv` from it.

use super::{flagged_tsv_lines, html, DocReport, Failure, Totals, FLAGGED_TSV_HEADER};
use crate::error::{Error, Result};
use crate::output::{short, Pending};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

/// Everything in a report but the documents.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportMeta {
    /// `"tmxalign"`.
    pub tool: String,
    /// tmxalign's version.
    pub version: String,
    /// Confidence below which beads are flagged.
    pub min_confidence: f64,
    /// Corpus totals.
    pub totals: Totals,
    /// Documents that failed, with their errors.
    pub failures: Vec<Failure>,
    /// Input files that had no counterpart and were not aligned.
    pub unpaired: Vec<String>,
}

/// The files a report folder receives: `report.json`, `flagged.tsv`, `report.html`.
pub const REPORT_FILES: [&str; 3] = ["report.json", "flagged.tsv", "report.html"];

/// Collects document reports and writes the report files into a folder.
pub struct ReportWriter {
    dir: PathBuf,
    docs: BufWriter<tempfile::NamedTempFile>,
    meta: ReportMeta,
    /// The record of `docs` for the signal handler; dropped after it.
    _tracked: Option<crate::cleanup::Tracked>,
}

fn werr(path: &Path, e: std::io::Error) -> Error {
    Error::output(path, format!("cannot write: {}", short(&e)))
}

impl ReportWriter {
    /// Prepares `dir` (created if missing) for a report.
    ///
    /// Errors ([`Error::Output`]): the folder cannot be created or written.
    pub fn create(dir: &Path, min_confidence: f64) -> Result<ReportWriter> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::output(dir, "exists and is not a folder"));
        }
        std::fs::create_dir_all(dir).map_err(|e| werr(dir, e))?;
        let creating = crate::cleanup::creating();
        let tmp = tempfile::Builder::new()
            .prefix(".tmxalign-docs-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| werr(dir, e))?;
        let tracked = creating.track(tmp.path());
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            _tracked: tracked,
            docs: BufWriter::new(tmp),
            meta: ReportMeta {
                tool: "tmxalign".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                min_confidence,
                totals: Totals::default(),
                failures: Vec::new(),
                unpaired: Vec::new(),
            },
        })
    }

    /// Appends one document's report.
    pub fn add(&mut self, d: &DocReport) -> Result<()> {
        self.meta.totals.add(d);
        let line = serde_json::to_string(d).map_err(|e| Error::Internal(e.to_string()))?;
        writeln!(self.docs, "{line}").map_err(|e| werr(&self.dir, e))
    }

    /// Records a failed document.
    pub fn fail(&mut self, f: Failure) {
        self.meta.totals.failed += 1;
        self.meta.failures.push(f);
    }

    /// Records an input file without counterpart.
    pub fn unpaired(&mut self, path: String) {
        self.meta.unpaired.push(path);
    }

    /// The totals so far.
    pub fn totals(&self) -> &Totals {
        &self.meta.totals
    }

    /// Writes `report.json`, `report.html` and `flagged.tsv` (each atomically) and removes
    /// the temporary file. Returns the metadata written.
    pub fn finish(self) -> Result<ReportMeta> {
        let dir = self.dir;
        let tmp = self
            .docs
            .into_inner()
            .map_err(|e| werr(&dir, e.into_error()))?;
        let mut file = tmp.reopen().map_err(|e| werr(&dir, e))?;
        let meta = self.meta;

        // report.json: the metadata fields, then "documents" streamed from the JSONL.
        let json_path = dir.join(REPORT_FILES[0]);
        let mut p = Pending::create(&json_path)?;
        {
            let w = p.writer();
            let head =
                serde_json::to_string_pretty(&meta).map_err(|e| Error::Internal(e.to_string()))?;
            let head = head
                .trim_end()
                .strip_suffix('}')
                .unwrap_or(&head)
                .trim_end();
            write!(w, "{head},\n  \"documents\": [").map_err(|e| werr(&json_path, e))?;
            file.rewind().map_err(|e| werr(&json_path, e))?;
            for (k, line) in BufReader::new(&file).lines().enumerate() {
                let line = line.map_err(|e| werr(&json_path, e))?;
                write!(w, "{}\n    {line}", if k == 0 { "" } else { "," })
                    .map_err(|e| werr(&json_path, e))?;
            }
            writeln!(w, "\n  ]\n}}").map_err(|e| werr(&json_path, e))?;
        }
        p.commit()?;

        // flagged.tsv
        let tsv_path = dir.join(REPORT_FILES[1]);
        let mut p = Pending::create(&tsv_path)?;
        {
            let w = p.writer();
            writeln!(w, "{FLAGGED_TSV_HEADER}").map_err(|e| werr(&tsv_path, e))?;
            file.rewind().map_err(|e| werr(&tsv_path, e))?;
            for line in BufReader::new(&file).lines() {
                let line = line.map_err(|e| werr(&tsv_path, e))?;
                let d: DocReport =
                    serde_json::from_str(&line).map_err(|e| Error::Internal(e.to_string()))?;
                for l in flagged_tsv_lines(&d) {
                    writeln!(w, "{l}").map_err(|e| werr(&tsv_path, e))?;
                }
            }
        }
        p.commit()?;

        // report.html
        let html_path = dir.join(REPORT_FILES[2]);
        let mut p = Pending::create(&html_path)?;
        file.rewind().map_err(|e| werr(&html_path, e))?;
        let docs_path = tmp.path().to_path_buf();
        html::write_html(&mut p.writer(), &meta, &docs_path).map_err(|e| werr(&html_path, e))?;
        p.commit()?;
        drop(tmp);
        Ok(meta)
    }
}
