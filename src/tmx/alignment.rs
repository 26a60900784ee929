//! Writing an [`Alignment`] as TMX: one TU per bead with text on both sides.

use super::{Header, TmxWriter, Tu};
use crate::align::{Alignment, Bead};
use crate::document::Document;
use std::io::Write;

/// Longest segment, in characters, that all CAT tools accept (Trados Cloud's limit);
/// longer ones are written but warned about.
pub const MAX_SEGMENT_CHARS: usize = 2000;

/// What writing an alignment produced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// TUs written.
    pub units: usize,
    /// Characters removed because XML 1.0 forbids them.
    pub removed_chars: usize,
    /// TUs (1-based tuid) with a segment longer than [`MAX_SEGMENT_CHARS`].
    pub long_segments: Vec<usize>,
}

/// The text of a bead's side: its sentences joined by one space.
pub fn side_text(doc: &Document, r: &std::ops::Range<usize>) -> String {
    doc.sentences[r.clone()].join(" ")
}

/// Options of [`write_alignment`].
#[derive(Debug, Clone)]
pub struct TuOptions<'a> {
    /// `xml:lang` of source TUVs (canonical BCP-47).
    pub src_tag: &'a str,
    /// `xml:lang` of target TUVs.
    pub tgt_tag: &'a str,
    /// A document id, written as `<prop type="x-document">` in every TU when set.
    pub document: Option<&'a str>,
    /// Prefix of tuids (`"doc-"` gives `doc-1`, `doc-2`, …).
    pub tuid_prefix: &'a str,
}

/// The QA flags a TU carries in its `x-flags` property: the names of the bead's reasons
/// ([`crate::align::Reason::name`]: `length-ratio`, `number-mismatch`,
/// `no-lexical-match`, `unrelated`, `suspicious-merge`) and `untranslated` (see
/// [`crate::report::untranslated`]), separated by spaces; empty for a clean TU. Low
/// confidence is not a flag here: `x-confidence` holds it.
pub fn tu_flags(b: &Bead, source: &str, target: &str, src: &Document, tgt: &Document) -> String {
    let mut names: Vec<&str> = b.reasons.iter().map(|r| r.name()).collect();
    if crate::report::untranslated(source, target, tgt, src) {
        names.push(crate::align::Reason::Untranslated.name());
    }
    names.join(" ")
}

/// Writes one TU per bead of `alignment` that has text on both sides (omissions are not
/// TUs), with `x-confidence` (two decimals), `x-bead` and, for a TU the quality report
/// flags, `x-flags` (see [`tu_flags`]) properties, into `w`.
///
/// Errors: I/O errors of the writer.
pub fn write_alignment<W: Write>(
    w: &mut TmxWriter<W>,
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    opt: &TuOptions,
    stats: &mut WriteStats,
) -> std::io::Result<()> {
    let removed_before = w.removed_chars;
    for b in alignment.beads.iter().filter(|b: &&Bead| !b.is_null()) {
        let s = side_text(src, &b.src);
        let t = side_text(tgt, &b.tgt);
        if s.trim().is_empty() || t.trim().is_empty() {
            continue;
        }
        let n = stats.units + 1;
        if s.chars().count() > MAX_SEGMENT_CHARS || t.chars().count() > MAX_SEGMENT_CHARS {
            stats.long_segments.push(n);
        }
        let mut props = Vec::with_capacity(3);
        if let Some(d) = opt.document {
            props.push(("x-document", d.to_string()));
        }
        props.push(("x-confidence", format!("{:.2}", b.confidence)));
        props.push(("x-bead", b.kind()));
        let flags = tu_flags(b, &s, &t, src, tgt);
        if !flags.is_empty() {
            props.push(("x-flags", flags));
        }
        w.write_tu(&Tu {
            tuid: format!("{}{n}", opt.tuid_prefix),
            props,
            tuvs: vec![(opt.src_tag, s), (opt.tgt_tag, t)],
        })?;
        stats.units += 1;
    }
    stats.removed_chars += w.removed_chars - removed_before;
    Ok(())
}

/// Convenience: a complete TMX document for one alignment, as bytes.
pub fn alignment_to_tmx(
    header: &Header,
    src: &Document,
    tgt: &Document,
    alignment: &Alignment,
    opt: &TuOptions,
) -> std::io::Result<(Vec<u8>, WriteStats)> {
    let mut w = TmxWriter::new(Vec::new(), header)?;
    let mut stats = WriteStats::default();
    write_alignment(&mut w, src, tgt, alignment, opt, &mut stats)?;
    Ok((w.finish()?, stats))
}
