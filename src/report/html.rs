//! `report.html`: one self-contained page (no external scripts, fonts, stylesheets or
//! images; inline CSS, inline SVG and a little inline JS), readable offline.
//!
//! The page has a corpus summary, a confidence histogram and a bead-type chart (inline
//! SVG), a sortable table of documents (worst mean confidence first) and, per document, a
//! side-by-side view of every bead with flagged beads highlighted and omissions shown as
//! hatched gaps.
//!
//! Documents are read from the JSON-lines file twice, one line at a time: once for the
//! table (keeping only a small summary and the line's offset per document), once for the
//! per-document sections (in table order, seeking to each line). A batch of thousands of
//! documents is never held in memory at once.
//!
//! Large batches stay light in the browser: the sections are hidden while the page is
//! parsed (laying them out piece by piece during parsing made a 10,000-document page
//! several times slower to show), and when there are more than [`OPEN_DOCS`] documents,
//! their sections start folded with each bead table kept as inert text
//! (`<script type="text/html">`, every text in it escaped) that the page's script turns
//! into a table when the section is first opened.

use super::writer::ReportMeta;
use super::{BeadView, DocReport, FlaggedBead, HIST_BINS};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;

/// HTML-escapes text (`& < > " '`) for element content and quoted attribute values.
/// Control characters other than tab, line feed and carriage return become U+FFFD.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '\t' | '\n' | '\r' => continue,
                c if c.is_control() => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

/// The fields of a document line needed for the documents table; the texts are skipped.
#[derive(Deserialize)]
struct DocSummary {
    id: String,
    pair: String,
    src_sentences: usize,
    tgt_sentences: usize,
    tus: usize,
    mean_confidence: f64,
    #[serde(default)]
    flagged: Vec<IgnoredAny>,
    #[serde(default)]
    omitted: Vec<IgnoredAny>,
}

/// One row of the documents table: the summary, the document's anchor number (its line
/// number among the documents) and where its line starts in the JSON-lines file.
struct Row {
    n: usize,
    offset: u64,
    id: String,
    pair: String,
    src_sentences: usize,
    tgt_sentences: usize,
    tus: usize,
    mean: f64,
    flagged: usize,
    omitted: usize,
}

fn bad_data(line: usize, e: serde_json::Error) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("document line {line}: {e}"),
    )
}

/// Reads the summaries of all documents, one line at a time.
fn read_rows(docs: &Path) -> io::Result<Vec<Row>> {
    let mut r = BufReader::new(File::open(docs)?);
    let mut rows = Vec::new();
    let mut line = String::new();
    let mut offset = 0u64;
    let mut lineno = 0;
    loop {
        line.clear();
        let len = r.read_line(&mut line)?;
        if len == 0 {
            break;
        }
        lineno += 1;
        let start = offset;
        offset += len as u64;
        if line.trim().is_empty() {
            continue;
        }
        let s: DocSummary = serde_json::from_str(&line).map_err(|e| bad_data(lineno, e))?;
        rows.push(Row {
            n: rows.len(),
            offset: start,
            id: s.id,
            pair: s.pair,
            src_sentences: s.src_sentences,
            tgt_sentences: s.tgt_sentences,
            tus: s.tus,
            mean: s.mean_confidence,
            flagged: s.flagged.len(),
            omitted: s.omitted.len(),
        });
    }
    Ok(rows)
}

/// Default order of the documents: worst mean confidence first, then most flagged beads,
/// then id.
fn sort_rows(rows: &mut [Row]) {
    rows.sort_by(|a, b| {
        a.mean
            .total_cmp(&b.mean)
            .then(b.flagged.cmp(&a.flagged))
            .then(a.id.cmp(&b.id))
            .then(a.n.cmp(&b.n))
    });
}

/// Writes the HTML report for `meta` and the documents in the JSON-lines file `docs`
/// (one [`super::DocReport`] per line), streaming.
///
/// Errors: I/O errors reading `docs` or writing `w`; a line of `docs` that is not a
/// document report ([`io::ErrorKind::InvalidData`]).
pub fn write_html<W: Write>(w: &mut W, meta: &ReportMeta, docs: &Path) -> io::Result<()> {
    let mut rows = read_rows(docs)?;
    sort_rows(&mut rows);
    let t = &meta.totals;
    let open_all = rows.len() <= OPEN_DOCS;

    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\" class=\"loading\" data-report-js=\"no\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n\
         <title>tmxalign report: {} document{}</title>\n<style>{CSS}</style>\n\
         <noscript><style>html.loading #sections{{display:block}}#loading{{display:none}}</style></noscript>\n</head>\n<body>\n",
        t.documents,
        plural(t.documents)
    )?;

    // Header and navigation.
    writeln!(
        w,
        "<header><h1>tmxalign quality report</h1><p class=\"sub\">{} {} · beads below \
         <b>{:.2}</b> confidence are flagged <span class=\"r\">low-confidence</span></p>\
         <nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a>\
         <a href=\"#documents\">Documents ({})</a>{}</nav></header>\n<main>",
        Esc(&meta.tool),
        Esc(&meta.version),
        meta.min_confidence,
        group(rows.len()),
        if meta.failures.is_empty() {
            String::new()
        } else {
            format!(
                "<a href=\"#failures\" class=\"bad\">Failed ({})</a>",
                group(meta.failures.len())
            )
        }
    )?;

    write_summary(w, meta)?;
    write_charts(w, meta)?;
    write_table(w, meta, &rows)?;

    // Per-document sections, in the table's default order.
    writeln!(
        w,
        "<p id=\"loading\" class=\"muted\">Loading the documents…</p>\n\
         <section id=\"sections\"><h2>Documents side by side</h2>"
    )?;
    if !open_all {
        writeln!(
            w,
            "<p class=\"muted\">{} documents, folded: open one here or from the table.\
             <noscript> (Needs JavaScript.)</noscript></p>",
            group(rows.len())
        )?;
    }
    if rows.is_empty() {
        writeln!(w, "<p class=\"muted\">No document was aligned.</p>")?;
    }
    let mut r = BufReader::new(File::open(docs)?);
    let mut line = String::new();
    for row in &rows {
        r.seek(SeekFrom::Start(row.offset))?;
        line.clear();
        r.read_line(&mut line)?;
        let d: DocReport = serde_json::from_str(&line).map_err(|e| bad_data(row.n + 1, e))?;
        write_doc(w, meta, row.n, &d, open_all)?;
    }
    writeln!(w, "</section>\n</main>")?;
    writeln!(
        w,
        "<footer>Written by {} {}. Self-contained: no external resources.</footer>",
        Esc(&meta.tool),
        Esc(&meta.version)
    )?;
    writeln!(w, "<script>{JS}</script>\n</body>\n</html>")
}

/// Documents whose sections are open (and their bead tables plain HTML) when the page
/// loads: all of them up to this many documents; beyond, none (a table link opens its
/// document and the script builds its bead table).
pub const OPEN_DOCS: usize = 50;

/// Failures or unpaired files listed openly up to this many; more are folded.
const OPEN_LIST: usize = 20;

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `1234567` → `1,234,567`.
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Short count for chart labels: `987`, `12.3k`, `4.5M`.
fn short_count(n: usize) -> String {
    if n < 10_000 {
        n.to_string()
    } else if n < 1_000_000 {
        format!("{:.1}k", n as f64 / 1e3)
    } else {
        format!("{:.1}M", n as f64 / 1e6)
    }
}

/// A confidence with `digits` decimals, or `–` when not a number.
fn conf(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "–".into()
    }
}

/// The class of a confidence: `lo` below the threshold, `mid` within 0.15 above it.
fn conf_class(x: f64, min: f64) -> &'static str {
    if !x.is_finite() || x < min {
        "lo"
    } else if x < min + 0.15 {
        "mid"
    } else {
        ""
    }
}

/// The `lang` of each side from a pair like `en-be`, when it looks like a language code.
fn langs(pair: &str) -> (&str, &str) {
    let ok = |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_alphabetic());
    match pair.split_once('-') {
        Some((a, b)) if ok(a) && ok(b) => (a, b),
        _ => ("", ""),
    }
}

fn lang_attr(l: &str) -> String {
    if l.is_empty() {
        String::new()
    } else {
        format!(" lang=\"{l}\"")
    }
}

fn write_summary<W: Write>(w: &mut W, meta: &ReportMeta) -> io::Result<()> {
    let t = &meta.totals;
    writeln!(
        w,
        "<section id=\"summary\"><h2>Corpus summary</h2>\n<div class=\"cards\">"
    )?;
    let card = |w: &mut W, label: &str, value: &str, class: &str, note: &str| {
        writeln!(
            w,
            "<div class=\"card {class}\"><div class=\"v\">{value}</div><div class=\"l\">{label}</div>{}</div>",
            if note.is_empty() {
                String::new()
            } else {
                format!("<div class=\"note\">{note}</div>")
            }
        )
    };
    card(w, "documents aligned", &group(t.documents), "", "")?;
    card(
        w,
        "failed documents",
        &group(t.failed),
        if t.failed > 0 { "bad" } else { "good" },
        "",
    )?;
    card(
        w,
        "unpaired files",
        &group(meta.unpaired.len()),
        if meta.unpaired.is_empty() { "" } else { "warn" },
        "",
    )?;
    card(
        w,
        "sentences source / target",
        &format!("{} / {}", group(t.src_sentences), group(t.tgt_sentences)),
        "",
        "",
    )?;
    card(w, "TUs written", &group(t.tus), "", "")?;
    let by_type = type_order(&t.beads_by_type)
        .iter()
        .map(|(k, v)| format!("{} ×{}", Esc(k), group(*v)))
        .collect::<Vec<_>>()
        .join(", ");
    card(w, "beads", &group(t.beads), "", &by_type)?;
    card(
        w,
        "mean confidence",
        &conf(t.mean_confidence, 3),
        if t.beads > 0 && t.mean_confidence < meta.min_confidence {
            "bad"
        } else {
            ""
        },
        "",
    )?;
    card(
        w,
        "flagged beads",
        &group(t.flagged),
        if t.flagged > 0 { "bad" } else { "good" },
        "",
    )?;
    card(
        w,
        "omitted sentences",
        &group(t.omitted),
        if t.omitted > 0 { "warn" } else { "good" },
        "",
    )?;
    card(
        w,
        "min-confidence threshold",
        &format!("{:.2}", meta.min_confidence),
        "",
        "",
    )?;
    writeln!(w, "</div>")?;

    if !meta.failures.is_empty() {
        let n = meta.failures.len();
        writeln!(
            w,
            "<details id=\"failures\" class=\"list\"{}><summary class=\"bad\">{} failed document{}</summary>\
             <table class=\"plain\"><thead><tr><th>document</th><th>pair</th><th>error</th></tr></thead><tbody>",
            if n <= OPEN_LIST { " open" } else { "" },
            group(n),
            plural(n)
        )?;
        for f in &meta.failures {
            writeln!(
                w,
                "<tr><td>{}</td><td>{}</td><td class=\"err\">{}</td></tr>",
                Esc(&f.id),
                Esc(&f.pair),
                Esc(&f.error)
            )?;
        }
        writeln!(w, "</tbody></table></details>")?;
    }
    if !meta.unpaired.is_empty() {
        let n = meta.unpaired.len();
        writeln!(
            w,
            "<details id=\"unpaired\" class=\"list\"{}><summary class=\"warn\">{} unpaired file{} (not aligned)</summary><ul>",
            if n <= OPEN_LIST { " open" } else { "" },
            group(n),
            plural(n)
        )?;
        for u in &meta.unpaired {
            writeln!(w, "<li><code>{}</code></li>", Esc(u))?;
        }
        writeln!(w, "</ul></details>")?;
    }
    writeln!(w, "</section>")
}

/// Bead types in display order: 1-1, then merges, then omissions (types with a 0).
fn type_order(m: &std::collections::BTreeMap<String, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = m.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    v.sort_by_key(|(k, _)| (type_rank(k), *k));
    v
}

fn type_rank(k: &str) -> u8 {
    if k == "1-1" {
        0
    } else if k.split('-').any(|s| s == "0") {
        2
    } else {
        1
    }
}

// Chart geometry (SVG user units).
const CW: f64 = 520.0;
const CH: f64 = 250.0;
const ML: f64 = 56.0;
const MR: f64 = 14.0;
const MT: f64 = 22.0;
const MB: f64 = 48.0;

/// A "nice" axis top and step for a maximum count.
fn axis(max: usize) -> (f64, f64) {
    let max = max.max(1) as f64;
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    ((max / step).ceil() * step, step)
}

/// Writes the frame of a vertical bar chart: y grid, ticks and labels, axis titles.
/// Returns the y-axis top value.
fn chart_frame<W: Write>(
    w: &mut W,
    title: &str,
    max: usize,
    x_title: &str,
    y_title: &str,
) -> io::Result<f64> {
    let (top, step) = axis(max);
    let (pw, ph) = (CW - ML - MR, CH - MT - MB);
    writeln!(
        w,
        "<svg class=\"chart\" viewBox=\"0 0 {CW} {CH}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = Esc(title)
    )?;
    let mut v = 0.0;
    while v <= top + 1e-9 {
        let y = MT + ph - v / top * ph;
        writeln!(
            w,
            "<line class=\"grid\" x1=\"{ML}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            ML + pw,
            ML - 6.0,
            y + 3.5,
            short_count(v.round() as usize)
        )?;
        v += step;
    }
    writeln!(
        w,
        "<line class=\"ax\" x1=\"{ML}\" x2=\"{ML}\" y1=\"{MT}\" y2=\"{:.1}\"/>\
         <line class=\"ax\" x1=\"{ML}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\
         <text class=\"axt\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
         <text class=\"axt\" transform=\"translate(14 {:.1}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        MT + ph,
        ML + pw,
        MT + ph,
        MT + ph,
        ML + pw / 2.0,
        CH - 8.0,
        Esc(x_title),
        MT + ph / 2.0,
        Esc(y_title)
    )?;
    Ok(top)
}

/// One bar with its count above it and a tooltip.
fn bar<W: Write>(
    w: &mut W,
    x: f64,
    bw: f64,
    count: usize,
    top: f64,
    class: &str,
    tip: &str,
) -> io::Result<()> {
    let ph = CH - MT - MB;
    let mut h = count as f64 / top * ph;
    if count > 0 {
        h = h.max(2.0);
    }
    let y = MT + ph - h;
    writeln!(
        w,
        "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{h:.1}\"><title>{}</title></rect>\
         <text class=\"cnt{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        Esc(tip),
        if count == 0 { " zero" } else { "" },
        x + bw / 2.0,
        y - 4.0,
        short_count(count)
    )
}

fn write_charts<W: Write>(w: &mut W, meta: &ReportMeta) -> io::Result<()> {
    let t = &meta.totals;
    writeln!(
        w,
        "<section id=\"charts\"><h2>Charts</h2><div class=\"charts\"><figure>"
    )?;

    // Confidence histogram.
    let max = t.histogram.iter().copied().max().unwrap_or(0);
    let top = chart_frame(
        w,
        "Confidence histogram: beads per confidence bin",
        max,
        "bead confidence",
        "beads",
    )?;
    let pw = CW - ML - MR;
    let slot = pw / HIST_BINS as f64;
    let min = meta.min_confidence;
    for (k, &c) in t.histogram.iter().enumerate() {
        let lo = k as f64 / HIST_BINS as f64;
        let hi = (k + 1) as f64 / HIST_BINS as f64;
        let class = if hi <= min + 1e-9 {
            "b-lo"
        } else if lo < min {
            "b-mid"
        } else {
            "b-ok"
        };
        let tip = format!(
            "{} bead{} with confidence {lo:.1}–{hi:.1}{}",
            group(c),
            plural(c),
            if k + 1 == HIST_BINS {
                " (incl. 1.0)"
            } else {
                ""
            }
        );
        bar(
            w,
            ML + k as f64 * slot + 3.0,
            slot - 6.0,
            c,
            top,
            class,
            &tip,
        )?;
    }
    let ybase = CH - MB;
    for k in 0..=HIST_BINS {
        writeln!(
            w,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.1}</text>",
            ML + k as f64 * slot,
            ybase + 15.0,
            k as f64 / HIST_BINS as f64
        )?;
    }
    if (0.0..=1.0).contains(&min) {
        let x = ML + min * pw;
        writeln!(
            w,
            "<line class=\"thr\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{ybase:.1}\"/>\
             <text class=\"thrt\" x=\"{:.1}\" y=\"{:.1}\">min {min:.2}</text>",
            MT - 6.0,
            x + 4.0,
            MT + 2.0
        )?;
    }
    writeln!(
        w,
        "</svg><figcaption>Confidence of {} bead{} in 10 bins; red: below the \
         {min:.2} threshold.</figcaption></figure><figure>",
        group(t.beads),
        plural(t.beads)
    )?;

    // Bead types.
    let types = type_order(&t.beads_by_type);
    let max = types.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let top = chart_frame(
        w,
        "Beads by type",
        max,
        "bead type (source-target)",
        "beads",
    )?;
    if types.is_empty() {
        writeln!(
            w,
            "<text class=\"axt\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">no beads</text>",
            ML + pw / 2.0,
            MT + (CH - MT - MB) / 2.0
        )?;
    } else {
        let slot = pw / types.len().max(4) as f64;
        let bw = (slot * 0.7).min(60.0);
        for (k, (name, c)) in types.iter().enumerate() {
            let x = ML + k as f64 * slot + (slot - bw) / 2.0;
            let class = match type_rank(name) {
                0 => "t-11",
                1 => "t-merge",
                _ => "t-null",
            };
            let tip = format!("{} bead{} of type {name}", group(*c), plural(*c));
            bar(w, x, bw, *c, top, class, &tip)?;
            writeln!(
                w,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bw / 2.0,
                ybase + 15.0,
                Esc(name)
            )?;
        }
    }
    writeln!(
        w,
        "</svg><figcaption>Blue: 1-1; purple: merges; orange: omissions (a sentence without \
         counterpart).</figcaption></figure></div></section>"
    )
}

fn write_table<W: Write>(w: &mut W, meta: &ReportMeta, rows: &[Row]) -> io::Result<()> {
    writeln!(
        w,
        "<section id=\"documents\"><h2>Documents</h2>\n<div class=\"tools\">\
         <input id=\"filter\" type=\"search\" placeholder=\"Filter by id…\" aria-label=\"Filter documents by id\">\
         <label><input id=\"only-flagged\" type=\"checkbox\"> show only flagged beads</label>\
         <button type=\"button\" id=\"expand\">Expand all</button>\
         <button type=\"button\" id=\"collapse\">Collapse all</button>\
         <span class=\"muted\">Click a column header to sort; worst mean confidence first.</span></div>\n\
         <div class=\"tablewrap\"><table id=\"docs\" class=\"docs\"><thead><tr>\
         <th data-t=\"s\" data-d=\"1\" aria-sort=\"none\">document</th>\
         <th data-t=\"s\" data-d=\"1\" aria-sort=\"none\">pair</th>\
         <th data-t=\"n\" data-d=\"-1\" aria-sort=\"none\" class=\"num\">src sent.</th>\
         <th data-t=\"n\" data-d=\"-1\" aria-sort=\"none\" class=\"num\">tgt sent.</th>\
         <th data-t=\"n\" data-d=\"-1\" aria-sort=\"none\" class=\"num\">TUs</th>\
         <th data-t=\"n\" data-d=\"1\" aria-sort=\"ascending\" class=\"num\">mean conf.</th>\
         <th data-t=\"n\" data-d=\"-1\" aria-sort=\"none\" class=\"num\">flagged</th>\
         <th data-t=\"n\" data-d=\"-1\" aria-sort=\"none\" class=\"num\">omitted</th>\
         </tr></thead><tbody>"
    )?;
    for r in rows {
        let mean_v = if r.mean.is_finite() { r.mean } else { -1.0 };
        writeln!(
            w,
            "<tr{}><td><a href=\"#doc-{n}\">{id}</a></td><td>{pair}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num {}\" data-v=\"{mean_v}\">{}</td>\
             <td class=\"num{}\">{}</td><td class=\"num{}\">{}</td></tr>",
            if r.flagged > 0 { " class=\"f\"" } else { "" },
            r.src_sentences,
            r.tgt_sentences,
            r.tus,
            conf_class(r.mean, meta.min_confidence),
            conf(r.mean, 3),
            if r.flagged > 0 { " lo" } else { "" },
            r.flagged,
            if r.omitted > 0 { " mid" } else { "" },
            r.omitted,
            n = r.n,
            id = Esc(&r.id),
            pair = Esc(&r.pair),
        )?;
    }
    if rows.is_empty() {
        writeln!(
            w,
            "<tr><td colspan=\"8\" class=\"muted\">No document was aligned.</td></tr>"
        )?;
    }
    writeln!(w, "</tbody></table></div></section>")
}

/// A side's text cell, or a hatched gap when the side is empty.
fn text_cell<W: Write>(w: &mut W, text: &str, lang: &str, gap_title: &str) -> io::Result<()> {
    if text.trim().is_empty() {
        write!(
            w,
            "<td class=\"gap\" title=\"{gap_title}\"><span>no counterpart</span></td>"
        )
    } else {
        write!(w, "<td{}>{}</td>", lang_attr(lang), Esc(text))
    }
}

fn write_doc<W: Write>(
    w: &mut W,
    meta: &ReportMeta,
    n: usize,
    d: &DocReport,
    open: bool,
) -> io::Result<()> {
    let min = meta.min_confidence;
    let nflag = d
        .flagged
        .len()
        .max(d.beads.iter().filter(|b| b.flagged).count());
    write!(
        w,
        "<details class=\"doc{}\" id=\"doc-{n}\"{}><summary><span class=\"did\">{}</span> \
         <span class=\"pair\">{}</span> <span class=\"stats\">{} / {} sentences · {} TUs · \
         mean <span class=\"{}\">{}</span> · ",
        if nflag == 0 { " clean" } else { "" },
        if open { " open" } else { "" },
        Esc(&d.id),
        Esc(&d.pair),
        group(d.src_sentences),
        group(d.tgt_sentences),
        group(d.tus),
        conf_class(d.mean_confidence, min),
        conf(d.mean_confidence, 3)
    )?;
    if nflag > 0 {
        write!(w, "<b class=\"lo\">{} flagged</b>", group(nflag))?;
    } else {
        write!(w, "0 flagged")?;
    }
    writeln!(w, " · {} omitted</span></summary>", group(d.omitted.len()))?;

    let types = type_order(&d.beads_by_type)
        .iter()
        .map(|(k, v)| format!("{} ×{}", Esc(k), group(*v)))
        .collect::<Vec<_>>()
        .join(", ");
    write!(
        w,
        "<p class=\"files\"><code>{}</code> ↔ <code>{}</code> · beads: {}",
        Esc(&d.src_file),
        Esc(&d.tgt_file),
        if types.is_empty() {
            "none".into()
        } else {
            types
        }
    )?;
    if !d.flagged.is_empty() {
        write!(w, " · flagged:")?;
        for f in &d.flagged {
            write!(w, " <a href=\"#doc-{n}-b-{b}\">#{b}</a>", b = f.bead)?;
        }
    }
    writeln!(w, "</p>")?;

    // Flagged reasons by bead index, lines of omitted sentences by (side, sentence).
    let by_bead: HashMap<usize, &FlaggedBead> = d.flagged.iter().map(|f| (f.bead, f)).collect();
    let lines: HashMap<(bool, usize), usize> = d
        .omitted
        .iter()
        .map(|o| ((o.side == "source", o.sentence), o.line))
        .collect();
    let (sl, tl) = langs(&d.pair);

    if d.beads.is_empty() && d.flagged.is_empty() {
        writeln!(w, "<p class=\"muted\">No beads.</p></details>")?;
        return Ok(());
    }
    if !open {
        // Folded: the table as inert text, made a table by the script on opening.
        write!(w, "<script type=\"text/html\" class=\"beads-src\">")?;
    }
    writeln!(
        w,
        "<table class=\"beads\"><colgroup><col class=\"c-n\"><col class=\"c-m\"><col class=\"c-t\"><col class=\"c-t\"></colgroup>\
         <thead><tr><th>#</th><th>bead</th><th>source{}</th><th>target{}</th></tr></thead><tbody>",
        if sl.is_empty() { String::new() } else { format!(" ({sl})") },
        if tl.is_empty() { String::new() } else { format!(" ({tl})") },
    )?;
    if d.beads.is_empty() {
        // No side-by-side view in this report: show the flagged beads alone.
        for f in &d.flagged {
            let view = BeadView {
                kind: f.kind.clone(),
                confidence: f.confidence,
                flagged: true,
                source: f.source.clone(),
                target: f.target.clone(),
            };
            write_bead(w, n, f.bead, &view, Some(f), &lines, (sl, tl), min)?;
        }
    } else {
        for (k, b) in d.beads.iter().enumerate() {
            write_bead(w, n, k, b, by_bead.get(&k).copied(), &lines, (sl, tl), min)?;
        }
    }
    writeln!(
        w,
        "</tbody></table>{}</details>",
        if open { "" } else { "</script>" }
    )
}

#[allow(clippy::too_many_arguments)]
fn write_bead<W: Write>(
    w: &mut W,
    n: usize,
    k: usize,
    b: &BeadView,
    f: Option<&FlaggedBead>,
    lines: &HashMap<(bool, usize), usize>,
    (sl, tl): (&str, &str),
    min: f64,
) -> io::Result<()> {
    let flagged = b.flagged || f.is_some();
    if flagged {
        write!(w, "<tr class=\"f\" id=\"doc-{n}-b-{k}\">")?;
    } else {
        write!(w, "<tr class=\"ok\">")?;
    }
    write!(
        w,
        "<td class=\"n\">{k}</td><td class=\"m\"><span class=\"k\">{}</span> <span class=\"c {}\">{}</span>",
        Esc(&b.kind),
        conf_class(b.confidence, min),
        conf(b.confidence, 2)
    )?;
    if let Some(f) = f {
        write!(w, "<div class=\"rs\">")?;
        for r in &f.reasons {
            write!(w, "<span class=\"r\">{}</span>", Esc(r))?;
        }
        let omitted_lines: Vec<String> = if f.tgt.is_empty() {
            f.src
                .iter()
                .filter_map(|i| lines.get(&(true, *i)))
                .map(|l| l.to_string())
                .collect()
        } else if f.src.is_empty() {
            f.tgt
                .iter()
                .filter_map(|i| lines.get(&(false, *i)))
                .map(|l| l.to_string())
                .collect()
        } else {
            Vec::new()
        };
        if !omitted_lines.is_empty() {
            write!(
                w,
                "<span class=\"ln\">{} line {}</span>",
                if f.tgt.is_empty() { "source" } else { "target" },
                omitted_lines.join(", ")
            )?;
        }
        write!(w, "</div>")?;
    } else if flagged {
        write!(
            w,
            "<div class=\"rs\"><span class=\"r\">flagged</span></div>"
        )?;
    }
    write!(w, "</td>")?;
    text_cell(w, &b.source, sl, "no source sentence: target omitted")?;
    text_cell(w, &b.target, tl, "no target sentence: source omitted")?;
    writeln!(w, "</tr>")
}

const CSS: &str = r#"
:root{--red:#c62828;--redbg:#fdecea;--amber:#a15c00;--amberbg:#fff4e0;--green:#2e7d32;--muted:#666;--line:#dcdcdc;--head:#f3f4f6}
*{box-sizing:border-box}
html{color-scheme:light}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji";color:#1d1d1f;background:#fff}
header{padding:14px 24px 8px;border-bottom:1px solid var(--line);background:#fafafa}
h1{font-size:20px;margin:0 0 2px}
h2{font-size:16px;margin:22px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
.sub{margin:0;color:var(--muted)}
nav{margin-top:6px}
nav a{margin-right:16px}
a{color:#1f5fbf;text-decoration:none}
a:hover{text-decoration:underline}
main{padding:0 24px 24px}
footer{padding:12px 24px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
.muted{color:var(--muted)}
html.loading #sections{display:none}
html:not(.loading) #loading{display:none}
.bad{color:var(--red)}
.warn{color:var(--amber)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(118px,1fr));gap:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:#fff}
.card .v{font-size:19px;font-weight:600}
.card .l{color:var(--muted);font-size:12px}
.card .note{font-size:12px;margin-top:2px}
.card.bad{border-color:#f0b4b4;background:var(--redbg)}
.card.bad .v{color:var(--red)}
.card.warn{border-color:#f1d19c;background:var(--amberbg)}
.card.warn .v{color:var(--amber)}
.card.good .v{color:var(--green)}
details.list{margin-top:12px}
details.list summary{cursor:pointer;font-weight:600}
table{border-collapse:collapse}
table.plain td,table.plain th{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
td.err{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0;flex:1 1 420px;max-width:560px}
figcaption{color:var(--muted);font-size:12px}
svg.chart{width:100%;height:auto;display:block;font-family:inherit}
svg .grid{stroke:#ececec}
svg .ax{stroke:#777}
svg .tick{font-size:11px;fill:#555}
svg .axt{font-size:12px;fill:#333}
svg .cnt{font-size:11px;fill:#222;font-weight:600}
svg .cnt.zero{fill:#aaa;font-weight:400}
svg .b-lo{fill:#d9534f}
svg .b-mid{fill:#f0ad4e}
svg .b-ok{fill:#4a7fc1}
svg .t-11{fill:#4a7fc1}
svg .t-merge{fill:#8a63b8}
svg .t-null{fill:#e08a2c}
svg .thr{stroke:var(--red);stroke-width:1.5;stroke-dasharray:4 3}
svg .thrt{font-size:11px;fill:var(--red)}
.tools{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}
.tools input[type=search]{padding:3px 6px;min-width:220px}
.tablewrap{max-height:70vh;overflow:auto;border:1px solid var(--line);display:inline-block;max-width:100%}
table.docs th{position:sticky;top:0;background:var(--head);cursor:pointer;user-select:none;white-space:nowrap;text-align:left;padding:5px 10px;border-bottom:1px solid #bbb}
table.docs th:hover{background:#e6e8eb}
table.docs th[aria-sort=ascending]::after{content:" \25B2";font-size:10px}
table.docs th[aria-sort=descending]::after{content:" \25BC";font-size:10px}
table.docs td{padding:3px 10px;border-bottom:1px solid #eee;white-space:nowrap}
table.docs tr.f td:first-child{box-shadow:inset 3px 0 var(--red)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td.lo,span.lo,b.lo,.c.lo{color:var(--red);font-weight:600}
td.mid,span.mid,.c.mid{color:var(--amber)}
#sections{margin-top:8px}
details.doc{border:1px solid var(--line);border-radius:6px;margin:10px 0}
details.doc>summary{cursor:pointer;padding:7px 10px;background:var(--head);border-radius:6px 6px 0 0}
details.doc:not([open])>summary{border-radius:6px}
details.doc:not(.clean)>summary{box-shadow:inset 4px 0 var(--red)}
details.doc:target>summary{outline:2px solid #1f5fbf}
.did{font-weight:700}
.pair{font-size:12px;background:#e3e7ee;border-radius:3px;padding:1px 5px}
.stats{color:#444;margin-left:6px}
.files{margin:6px 10px;color:var(--muted);font-size:12px;overflow-wrap:anywhere}
table.beads{width:100%;table-layout:fixed}
table.beads col.c-n{width:44px}
table.beads col.c-m{width:150px}
table.beads th{text-align:left;font-weight:600;font-size:12px;color:var(--muted);padding:4px 8px;border-bottom:1px solid var(--line)}
table.beads td{padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:anywhere}
table.beads td+td+td{border-left:1px solid #eee}
table.beads td.n{color:#999;font-size:12px;text-align:right;font-variant-numeric:tabular-nums}
table.beads td.m{font-size:12px;white-space:nowrap}
table.beads .k{display:inline-block;min-width:28px;font-family:ui-monospace,"DejaVu Sans Mono",monospace;color:#555}
table.beads .c{font-variant-numeric:tabular-nums}
table.beads tr.f td{background:var(--redbg)}
table.beads tr.f td.n{box-shadow:inset 4px 0 var(--red);color:var(--red);font-weight:600}
table.beads td.gap,table.beads tr.f td.gap{background:repeating-linear-gradient(135deg,#e4e4e4 0 5px,#f7f7f7 5px 10px)}
table.beads td.gap span{font-size:11px;color:#888;font-style:italic;background:#f7f7f7;padding:0 4px}
.rs{white-space:normal;margin-top:2px}
.r{display:inline-block;font-size:11px;line-height:1.3;background:var(--red);color:#fff;border-radius:3px;padding:0 5px;margin:1px 3px 1px 0}
.sub .r{vertical-align:1px}
.ln{display:inline-block;font-size:11px;color:var(--muted)}
body.only-flagged table.beads tr.ok{display:none}
body.only-flagged details.doc.clean{display:none}
"#;

const JS: &str = r#"
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.remove('loading');
  // A folded document's bead table is kept as text until the document is opened.
  function render(d) {
    var src = d.querySelector('script.beads-src');
    if (!src) return false;
    src.insertAdjacentHTML('afterend', src.textContent);
    src.parentNode.removeChild(src);
    return true;
  }
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    if (d.open && d.classList && d.classList.contains('doc')) render(d);
  }, true);
  var table = document.getElementById('docs');
  var heads = table.tHead.rows[0].cells;
  var body = table.tBodies[0];
  function key(row, i, num) {
    var cell = row.cells[i];
    if (!cell) return num ? -Infinity : '';
    var v = cell.getAttribute('data-v');
    if (v === null) v = cell.textContent;
    if (!num) return v;
    var x = parseFloat(v);
    return isNaN(x) ? -Infinity : x;
  }
  function sortBy(i, dir) {
    var num = heads[i].getAttribute('data-t') === 'n';
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length > 0 && rows[0].cells.length < heads.length) return;
    var keyed = rows.map(function (r, j) { return [key(r, i, num), j, r]; });
    keyed.sort(function (a, b) {
      var c = num ? (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
                  : a[0].localeCompare(b[0], undefined, { numeric: true });
      return c * dir || a[1] - b[1];
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k[2]); });
    body.appendChild(frag);
    for (var h = 0; h < heads.length; h++) {
      heads[h].setAttribute('aria-sort', h === i ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.title = 'Sort by ' + th.textContent;
    th.addEventListener('click', function () {
      var s = th.getAttribute('aria-sort');
      var dir = s === 'ascending' ? -1 : s === 'descending' ? 1 : parseInt(th.getAttribute('data-d'), 10) || 1;
      sortBy(i, dir);
    });
  });
  var filter = document.getElementById('filter');
  filter.addEventListener('input', function () {
    var q = filter.value.trim().toLowerCase();
    Array.prototype.forEach.call(body.rows, function (r) {
      r.style.display = !q || r.cells[0].textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
  var only = document.getElementById('only-flagged');
  only.addEventListener('change', function () {
    document.body.classList.toggle('only-flagged', only.checked);
  });
  function setAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll('details.doc'), function (d) {
      if (open) render(d);
      d.open = open;
    });
  }
  document.getElementById('expand').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse').addEventListener('click', function () { setAll(false); });
  function openHash() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : '';
    var doc = /^doc-[0-9]+/.exec(id);
    var changed = false;
    if (doc) {
      var d = document.getElementById(doc[0]);
      if (d && d.tagName === 'DETAILS') changed = render(d);
    }
    var target = id ? document.getElementById(id) : null;
    if (!target) return;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === 'DETAILS' && !el.open) { el.open = true; changed = true; }
    }
    if (changed) target.scrollIntoView();
  }
  window.addEventListener('hashchange', openHash);
  openHash();
  root.setAttribute('data-report-js', 'ok');
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five() {
        assert_eq!(
            Esc("a&b<c>d\"e'f\u{1}g").to_string(),
            "a&amp;b&lt;c&gt;d&quot;e&#39;f\u{FFFD}g"
        );
        assert_eq!(Esc("Беларусь 🇧🇾").to_string(), "Беларусь 🇧🇾");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1234567), "1,234,567");
    }

    #[test]
    fn nice_axis() {
        assert_eq!(axis(0), (1.0, 1.0));
        assert_eq!(axis(20), (20.0, 5.0));
        assert_eq!(axis(7), (8.0, 2.0));
        let (top, step) = axis(12345);
        assert!(top >= 12345.0 && step >= 1000.0);
    }
}
