//! `report.html`: self-contained, escaped, with the summary, both SVG charts, the sortable
//! documents table (worst first) and the side-by-side bead view with flagged beads and
//! omission gaps. Built from hand-made `DocReport`s in a JSON-lines file, as the report
//! writer passes them.
//!
//! Set `REPORT_HTML_SAMPLE_DIR` to keep the generated pages there (for a look in a
//! browser or with `scripts/check-report-html.sh`).

use regex::Regex;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use tmxalign::report::html::write_html;
use tmxalign::report::writer::ReportMeta;
use tmxalign::report::{BeadView, DocReport, Failure, FlaggedBead, Omitted, Totals, HIST_BINS};

fn bead(kind: &str, confidence: f64, flagged: bool, source: &str, target: &str) -> BeadView {
    BeadView {
        kind: kind.into(),
        confidence,
        flagged,
        source: source.into(),
        target: target.into(),
    }
}

fn histogram(beads: &[BeadView]) -> [usize; HIST_BINS] {
    let mut h = [0; HIST_BINS];
    for b in beads {
        h[((b.confidence * HIST_BINS as f64) as usize).min(HIST_BINS - 1)] += 1;
    }
    h
}

fn doc(id: &str, pair: &str, beads: Vec<BeadView>, flagged: Vec<FlaggedBead>) -> DocReport {
    let mut by_type = BTreeMap::new();
    let mut omitted = Vec::new();
    let (mut s, mut t, mut tus) = (0, 0, 0);
    for b in &beads {
        *by_type.entry(b.kind.clone()).or_insert(0) += 1;
        let (a, c) = b.kind.split_once('-').unwrap();
        let (a, c): (usize, usize) = (a.parse().unwrap(), c.parse().unwrap());
        if a == 0 {
            omitted.push(Omitted {
                side: "target".into(),
                sentence: t,
                line: t + 1,
                text: b.target.clone(),
            });
        } else if c == 0 {
            omitted.push(Omitted {
                side: "source".into(),
                sentence: s,
                line: s + 1,
                text: b.source.clone(),
            });
        } else {
            tus += 1;
        }
        s += a;
        t += c;
    }
    let mean = if beads.is_empty() {
        0.0
    } else {
        beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64
    };
    DocReport {
        id: id.into(),
        pair: pair.into(),
        src_file: format!("in/{id}.en.txt"),
        tgt_file: format!("in/{id}.{}.txt", &pair[3..]),
        src_sentences: s,
        tgt_sentences: t,
        beads_by_type: by_type,
        tus,
        mean_confidence: mean,
        histogram: histogram(&beads),
        flagged,
        omitted,
        beads,
    }
}

fn flag(
    bead: usize,
    b: &BeadView,
    reasons: &[&str],
    src: Vec<usize>,
    tgt: Vec<usize>,
) -> FlaggedBead {
    FlaggedBead {
        bead,
        kind: b.kind.clone(),
        confidence: b.confidence,
        reasons: reasons.iter().map(|r| r.to_string()).collect(),
        src,
        tgt,
        source: b.source.clone(),
        target: b.target.clone(),
    }
}

/// Three documents: a clean en-ru one, a hostile en-be one (script tag, `&`, quotes,
/// emoji, a 1-0 and a 0-1 bead, a low-confidence bead), and a middling one.
fn docs() -> Vec<DocReport> {
    let clean = doc(
        "clean-doc",
        "en-ru",
        vec![
            bead("1-1", 0.99, false, "Meeting in Minsk", "Встреча в Минске"),
            bead(
                "2-1",
                0.93,
                false,
                "They met. They talked.",
                "Они встретились и поговорили.",
            ),
        ],
        vec![],
    );
    let hostile_beads = vec![
        bead(
            "1-1",
            0.97,
            false,
            "Trade & investment <script>alert(1)</script>",
            "Гандаль і інвестыцыі <script>alert(2)</script>",
        ),
        bead("1-0", 0.95, true, "An \"orphan\" sentence 'quoted' 🇧🇾.", ""),
        bead("0-1", 0.91, true, "", "Сказ без пары — «адзін» 😀."),
        bead(
            "1-1",
            0.31,
            true,
            "The figure was 42 (see https://example.org/x).",
            "Лічба была 24.",
        ),
    ];
    let hostile_flags = vec![
        flag(1, &hostile_beads[1], &["omission"], vec![1], vec![]),
        flag(2, &hostile_beads[2], &["omission"], vec![], vec![1]),
        flag(
            3,
            &hostile_beads[3],
            &["low-confidence", "number-mismatch"],
            vec![2],
            vec![2],
        ),
    ];
    let hostile = doc("doc<&>\"hostile\"", "en-be", hostile_beads, hostile_flags);
    let middling_beads = vec![
        bead("1-1", 0.72, false, "First sentence.", "Первое предложение."),
        bead(
            "1-1",
            0.64,
            false,
            "Second sentence.",
            "Второе предложение.",
        ),
    ];
    let middling = doc("middling", "en-ru", middling_beads, vec![]);
    vec![clean, hostile, middling]
}

fn meta_for(docs: &[DocReport], min_confidence: f64) -> ReportMeta {
    let mut totals = Totals::default();
    for d in docs {
        totals.add(d);
    }
    let failures = vec![Failure {
        id: "broken<doc>".into(),
        pair: "en-ru".into(),
        error: "cannot decode \"broken.ru.txt\": not UTF-8 & not CP1251".into(),
    }];
    totals.failed = failures.len();
    ReportMeta {
        tool: "tmxalign".into(),
        version: "0.1.0".into(),
        min_confidence,
        totals,
        failures,
        unpaired: vec!["in/lonely<1>.en.txt".into()],
    }
}

/// Writes `docs` as JSON lines and renders the page.
fn render(docs: &[DocReport], meta: &ReportMeta, name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
    for d in docs {
        writeln!(f, "{}", serde_json::to_string(d).unwrap()).unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let mut out = Vec::new();
    write_html(&mut out, meta, &jsonl).unwrap();
    let html = String::from_utf8(out).expect("report.html is UTF-8");
    if let Ok(keep) = std::env::var("REPORT_HTML_SAMPLE_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), &html).unwrap();
    }
    html
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Asserts that the page loads nothing from elsewhere.
fn assert_self_contained(html: &str) {
    let external = Regex::new(
        r#"(?i)(\b(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?//)|@import|url\(\s*["']?\s*(https?:)?//"#,
    )
    .unwrap();
    assert!(
        external.find(html).is_none(),
        "external resource reference: {:?}",
        external.find(html).map(|m| m.as_str())
    );
    for tag in [
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "<script src",
    ] {
        assert!(!html.to_lowercase().contains(tag), "page has {tag}");
    }
}

/// Asserts that the elements the page opens are closed as often.
fn assert_balanced(html: &str) {
    for tag in [
        "table", "tr", "td", "th", "details", "summary", "svg", "section", "script", "style",
    ] {
        let open = Regex::new(&format!(r"<{tag}[\s>]")).unwrap();
        let opened = open.find_iter(html).count();
        let closed = count(html, &format!("</{tag}>"));
        assert_eq!(
            opened, closed,
            "<{tag}> opened {opened} times, closed {closed}"
        );
    }
}

#[test]
fn report_has_summary_charts_table_and_side_by_side_view() {
    let docs = docs();
    let meta = meta_for(&docs, 0.65);
    let html = render(&docs, &meta, "three-docs.html");

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert_self_contained(&html);
    assert_balanced(&html);

    // Both charts, with their axis titles and the threshold line.
    assert_eq!(count(&html, "<svg"), 2, "a histogram and a bead-type chart");
    assert!(html.contains("Confidence histogram"));
    assert!(html.contains("Beads by type"));
    assert!(html.contains("bead confidence") && html.contains("bead type (source-target)"));
    assert!(
        html.contains("min 0.65"),
        "threshold marked on the histogram"
    );

    // Summary: the threshold, totals, the failure and the unpaired file (escaped).
    assert!(html.contains("<div class=\"v\">0.65</div><div class=\"l\">min-confidence threshold"));
    assert!(html.contains("<div class=\"v\">3</div><div class=\"l\">documents aligned"));
    assert!(html.contains("<div class=\"v\">3</div><div class=\"l\">flagged beads"));
    assert!(html.contains("<div class=\"v\">2</div><div class=\"l\">omitted sentences"));
    assert!(html.contains("broken&lt;doc&gt;"));
    assert!(html.contains("cannot decode &quot;broken.ru.txt&quot;: not UTF-8 &amp; not CP1251"));
    assert!(html.contains("in/lonely&lt;1&gt;.en.txt"));

    // Escaping: no raw markup from the texts, the texts themselves present.
    assert!(
        !html.contains("<script>alert"),
        "unescaped script from a text"
    );
    assert!(html.contains("Trade &amp; investment &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Гандаль і інвестыцыі &lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(html.contains("An &quot;orphan&quot; sentence &#39;quoted&#39; 🇧🇾."));
    assert!(html.contains("Сказ без пары — «адзін» 😀."));
    assert!(html.contains("doc&lt;&amp;&gt;&quot;hostile&quot;"));
    assert!(!html.contains("doc<&>"));
    assert!(
        html.contains("see https://example.org/x"),
        "URLs in text are kept as text"
    );
    assert_eq!(count(&html, "<script>"), 1, "only the page's own script");

    // Documents table: every document, linked, worst mean confidence first.
    let table = &html[html.find("<table id=\"docs\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let ids: Vec<&str> = Regex::new(r##"<a href="#doc-\d+">([^<]*)</a>"##)
        .unwrap()
        .captures_iter(table)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    // Means: hostile 0.785, middling 0.68, clean 0.96.
    assert_eq!(
        ids,
        [
            "middling",
            "doc&lt;&amp;&gt;&quot;hostile&quot;",
            "clean-doc"
        ]
    );
    assert!(table.contains("aria-sort=\"ascending\" class=\"num\">mean conf."));
    for h in [
        "document",
        "pair",
        "src sent.",
        "tgt sent.",
        "TUs",
        "flagged",
        "omitted",
    ] {
        assert!(table.contains(&format!(">{h}</th>")), "column {h}");
    }
    // Each link has its section.
    for n in 0..3 {
        assert!(table.contains(&format!("href=\"#doc-{n}\"")));
        assert!(html.contains(&format!("id=\"doc-{n}\"")));
    }

    // Side by side: the hostile document's section has every bead, in order.
    let start = html
        .find("<details class=\"doc\" id=\"doc-1\"")
        .expect("section of doc 1");
    let sec = &html[start..];
    let sec = &sec[..sec.find("</details>").unwrap()];
    assert!(sec.contains("source (en)") && sec.contains("target (be)"));
    let p0 = sec.find("alert(1)").unwrap();
    let p1 = sec.find("orphan").unwrap();
    let p2 = sec.find("Сказ без пары").unwrap();
    let p3 = sec.find("The figure was 42").unwrap();
    assert!(p0 < p1 && p1 < p2 && p2 < p3, "beads in order");
    assert_eq!(
        count(sec, "<tr class=\"f\""),
        3,
        "three flagged beads highlighted"
    );
    assert_eq!(count(sec, "<tr class=\"ok\""), 1);
    // The omissions as gaps in the other column: target gap for 1-0, source gap for 0-1.
    assert_eq!(count(sec, "<td class=\"gap\""), 2);
    let row1 = &sec[sec.find("id=\"doc-1-b-1\"").unwrap()..];
    let row1 = &row1[..row1.find("</tr>").unwrap()];
    assert!(row1.contains("1-0") && row1.contains("<span class=\"r\">omission</span>"));
    assert!(row1.find("orphan").unwrap() < row1.find("class=\"gap\"").unwrap());
    let row2 = &sec[sec.find("id=\"doc-1-b-2\"").unwrap()..];
    let row2 = &row2[..row2.find("</tr>").unwrap()];
    assert!(row2.find("class=\"gap\"").unwrap() < row2.find("Сказ без пары").unwrap());
    assert!(
        row2.contains("target line 2"),
        "line of the omitted sentence"
    );
    // Reasons of the low-confidence bead, matched by bead index, and its confidence.
    let row3 = &sec[sec.find("id=\"doc-1-b-3\"").unwrap()..];
    let row3 = &row3[..row3.find("</tr>").unwrap()];
    assert!(row3.contains(
        "<span class=\"r\">low-confidence</span><span class=\"r\">number-mismatch</span>"
    ));
    assert!(row3.contains("<span class=\"c lo\">0.31</span>"));

    // The clean documents have no gaps and no flags.
    let clean = &html[html.find("id=\"doc-0\"").unwrap()..];
    let clean = &clean[..clean.find("</details>").unwrap()];
    assert!(!clean.contains("class=\"gap\"") && !clean.contains("<tr class=\"f\""));
    assert!(clean.contains("Встреча в Минске") && clean.contains("2-1"));

    // Few documents: their sections are open, their tables plain HTML.
    assert!(!html.contains("beads-src\">"));
    assert_eq!(count(&html, "<details class=\"doc"), 3);
    assert_eq!(
        Regex::new(r#"<details class="doc[^"]*" id="doc-\d+" open>"#)
            .unwrap()
            .find_iter(&html)
            .count(),
        3
    );
}

#[test]
fn empty_corpus_still_renders_charts_and_table() {
    let meta = meta_for(&[], 0.5);
    let html = render(&[], &meta, "empty.html");
    assert_self_contained(&html);
    assert_balanced(&html);
    assert_eq!(count(&html, "<svg"), 2);
    assert!(html.contains("no beads"));
    assert!(html.contains("<table id=\"docs\""));
    assert!(html.contains("No document was aligned."));
    assert!(html.contains("broken&lt;doc&gt;"), "failures listed");
}

#[test]
fn many_documents_are_streamed_sorted_and_folded() {
    // 300 documents with different mean confidences; the worst must come first, in the
    // table and in the sections, and the sections start folded.
    let base = docs();
    let mut many = Vec::new();
    for k in 0..300usize {
        let mut d = base[k % 3].clone();
        d.id = format!("doc-{k:03}");
        d.mean_confidence = ((k * 37) % 300) as f64 / 300.0;
        many.push(d);
    }
    let meta = meta_for(&many, 0.5);
    let html = render(&many, &meta, "many.html");
    assert_self_contained(&html);
    assert_balanced(&html);

    let table = &html[html.find("<table id=\"docs\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let means: Vec<f64> = Regex::new(r#"data-v="([^"]+)""#)
        .unwrap()
        .captures_iter(table)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(means.len(), 300);
    assert!(
        means.windows(2).all(|w| w[0] <= w[1]),
        "ascending mean confidence"
    );

    let sections: Vec<usize> = Regex::new(r#"<details class="doc[^"]*" id="doc-(\d+)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].parse().unwrap())
        .collect();
    let links: Vec<usize> = Regex::new(r##"<a href="#doc-(\d+)">"##)
        .unwrap()
        .captures_iter(table)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(sections, links, "sections follow the table's order");
    assert_eq!(sections[0], 0, "mean 0.0 first");
    assert!(
        !html.contains("\" open><summary><span class=\"did\">"),
        "folded"
    );
    // Folded documents keep their bead tables as inert text for the script to insert.
    let blobs =
        Regex::new(r#"(?s)<script type="text/html" class="beads-src">(.*?)</script>"#).unwrap();
    let tables: Vec<&str> = blobs
        .captures_iter(&html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(tables.len(), 300);
    for t in &tables {
        assert!(t.starts_with("<table class=\"beads\">") && t.ends_with("</tbody></table>"));
        assert!(!t.to_lowercase().contains("<script") && !t.contains("<!--"));
    }
    assert_eq!(
        count(&html, "class=\"gap\""),
        200,
        "two gaps in each hostile copy"
    );
}

#[test]
fn bad_json_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    std::fs::write(&jsonl, "{\"id\": 1}\n").unwrap();
    let err = write_html(&mut Vec::new(), &meta_for(&[], 0.5), &jsonl).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains("line 1"));
}

/// A batch-sized report: 10,000 documents of 20 beads. Ignored by default (a few
/// seconds); `cargo test --release --test report_html -- --ignored` runs it.
#[test]
#[ignore]
fn ten_thousand_documents() {
    let base = docs();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&jsonl).unwrap());
    let mut totals = Totals::default();
    for k in 0..10_000usize {
        let mut d = base[k % 3].clone();
        let beads = d.beads.clone();
        for _ in 0..5 {
            d.beads.extend(beads.iter().cloned());
        }
        d.id = format!("batch/doc-{k:05}");
        d.mean_confidence = ((k * 7919) % 10_000) as f64 / 10_000.0;
        totals.add(&d);
        writeln!(f, "{}", serde_json::to_string(&d).unwrap()).unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let mut meta = meta_for(&[], 0.5);
    meta.totals = totals;
    let t = std::time::Instant::now();
    let out_path = match std::env::var("REPORT_HTML_SAMPLE_DIR") {
        Ok(keep) => {
            std::fs::create_dir_all(&keep).unwrap();
            Path::new(&keep).join("ten-thousand.html")
        }
        Err(_) => dir.path().join("report.html"),
    };
    let mut out = std::io::BufWriter::new(std::fs::File::create(&out_path).unwrap());
    write_html(&mut out, &meta, &jsonl).unwrap();
    out.flush().unwrap();
    let size = std::fs::metadata(&out_path).unwrap().len();
    eprintln!(
        "10,000 documents: {} MB of HTML in {:.2} s",
        size / 1_000_000,
        t.elapsed().as_secs_f64()
    );
    let html = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(count(&html, "<details class=\"doc"), 10_000);
    assert!(!html.contains("<script>alert"));
}
