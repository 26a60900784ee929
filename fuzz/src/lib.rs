//! The checks behind the fuzz targets, one function per target. Each takes the raw fuzz
//! input and panics when tmxalign breaks one of its documented guarantees (or panics
//! itself). They depend on tmxalign alone, so `tests/fuzz_regressions.rs` includes this
//! file with `#[path]` and replays `fuzz/regressions/<target>/*` on stable `cargo test`.

use std::ops::Range;
use tmxalign::document::Document;
use tmxalign::features::lexicon::Lexicon;
use tmxalign::input::{decode_bytes, paragraphs};
use tmxalign::pipeline::align_documents;
use tmxalign::score::Model;
use tmxalign::segment::srx::SrxFile;
use tmxalign::segment::{split_text, RuleSegmenter, Segmenter};
use tmxalign::Lang;

/// The fuzz targets, by name (also the folder names under `fuzz/regressions/`).
pub const TARGETS: &[&str] = &["segment", "tmx_reader", "align"];

/// Largest side (in bytes) the `align` target aligns; longer sides are cut.
pub const MAX_ALIGN_SIDE: usize = 4096;

/// Runs the check of target `name` on `data`. Panics on an unknown name.
pub fn check(name: &str, data: &[u8]) {
    match name {
        "segment" => check_segment(data),
        "tmx_reader" => check_tmx_reader(data),
        "align" => check_align(data),
        _ => panic!("unknown fuzz target '{name}' (expected one of {TARGETS:?})"),
    }
}

/// `segment`: encoding detection must not panic; on UTF-8 input, every line split by the
/// built-in rules of each language gives non-empty, trimmed, ordered, non-overlapping
/// segments of the line with only whitespace between them.
pub fn check_segment(data: &[u8]) {
    let _ = decode_bytes(data, None);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let segmenters = [Lang::En, Lang::Ru, Lang::Be].map(RuleSegmenter::new);
    // Raw lines (untrimmed): a segmenter must trim by itself.
    for line in text.split(['\n', '\r']) {
        for seg in &segmenters {
            check_split(seg, line);
        }
    }
    for p in paragraphs(text) {
        assert!(!p.text.is_empty(), "empty paragraph at line {}", p.line);
        assert_eq!(
            p.text.trim(),
            p.text,
            "untrimmed paragraph at line {}",
            p.line
        );
        assert!(
            !p.text.contains(['\n', '\r']),
            "line break inside paragraph at line {}",
            p.line
        );
    }
}

/// Checks the contract of [`Segmenter::split`] on one paragraph.
pub fn check_split(seg: &dyn Segmenter, para: &str) {
    let ranges: Vec<Range<usize>> = seg.split(para);
    let texts = split_text(seg, para);
    assert_eq!(ranges.len(), texts.len(), "split and split_text disagree");
    let mut prev_end = 0;
    for (k, (r, t)) in ranges.iter().zip(&texts).enumerate() {
        assert!(
            r.start >= prev_end,
            "segment {k} {r:?} overlaps or precedes the previous one (ended at {prev_end}) in {para:?}"
        );
        assert!(
            r.start < r.end && r.end <= para.len(),
            "segment {k} {r:?} is empty or out of bounds (len {}) in {para:?}",
            para.len()
        );
        assert!(!t.is_empty(), "segment {k} is empty in {para:?}");
        assert_eq!(t.trim(), *t, "segment {k} is not trimmed in {para:?}");
        let offset = t.as_ptr() as usize - para.as_ptr() as usize;
        assert_eq!(
            offset..offset + t.len(),
            *r,
            "segment {k} text is not para[range]"
        );
        assert!(
            para[prev_end..r.start].trim().is_empty(),
            "non-whitespace text {:?} dropped before segment {k} in {para:?}",
            &para[prev_end..r.start]
        );
        prev_end = r.end;
    }
    assert!(
        para[prev_end..].trim().is_empty(),
        "non-whitespace text {:?} dropped after the last segment in {para:?}",
        &para[prev_end..]
    );
}

/// A short bilingual sample split with SRX rules that parsed and compiled.
const SRX_SAMPLE: &str =
    "Mr. Smith went to the U.S. Army base. He left! «Да.» Ушёл… Then no. 1. Item 2.";

/// `tmx_reader`: the streaming TMX reader must return (Ok or Err) on any bytes; on UTF-8
/// input, the SRX parser must too, and rules that parse and compile must segment a
/// sample within the [`Segmenter::split`] contract.
pub fn check_tmx_reader(data: &[u8]) {
    let mut seen = 0usize;
    let res = tmxalign::tmx::reader::for_each_tu(data, |_| {
        seen += 1;
        Ok(())
    });
    if let Ok(n) = res {
        assert_eq!(
            n, seen,
            "for_each_tu counted {n} TUs but called back {seen} times"
        );
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(srx) = SrxFile::parse(text) {
        for lang in ["en", "ru-RU", "be"] {
            if let Ok(seg) = srx.for_language(lang) {
                check_split(&seg, SRX_SAMPLE);
            }
        }
    }
}

/// `align`: the input is an English side and a Russian side separated by the first 0xFF
/// byte (never part of UTF-8), each decoded lossily and cut to [`MAX_ALIGN_SIDE`] bytes.
/// When both sides have sentences, the alignment must be a complete monotonic ladder and
/// every confidence a finite number in [0, 1].
pub fn check_align(data: &[u8]) {
    let (a, b) = match data.iter().position(|&x| x == 0xFF) {
        Some(k) => (&data[..k], &data[k + 1..]),
        None => (data, &[][..]),
    };
    let a = String::from_utf8_lossy(&a[..a.len().min(MAX_ALIGN_SIDE)]);
    let b = String::from_utf8_lossy(&b[..b.len().min(MAX_ALIGN_SIDE)]);
    let s = Document::segment(Lang::En, &paragraphs(&a), &RuleSegmenter::new(Lang::En));
    let t = Document::segment(Lang::Ru, &paragraphs(&b), &RuleSegmenter::new(Lang::Ru));
    if s.is_empty() || t.is_empty() {
        return;
    }
    let alignment = align_documents(&s, &t, Lexicon::builtin(Lang::Ru), Model::builtin());
    if let Err(e) = alignment.check(s.len(), t.len()) {
        panic!(
            "alignment of {} x {} sentences breaks the ladder: {e}",
            s.len(),
            t.len()
        );
    }
    for (k, bead) in alignment.beads.iter().enumerate() {
        assert!(
            bead.confidence.is_finite() && (0.0..=1.0).contains(&bead.confidence),
            "bead {k} ({}) has confidence {}",
            bead.kind(),
            bead.confidence
        );
    }
}
