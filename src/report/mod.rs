//! Quality reports for reviewers: per document, sentences, beads by type, confidence
//! histogram, flagged beads with their reasons and text, and omitted sentences; corpus
//! totals. Written as `report.json`, `report.html` (self-contained) and `flagged.tsv`.
//!
//! Documents are reported one at a time ([`DocReport`]) and written as they complete, so
//! a batch's memory does not grow with the number of documents.

pub mod html;
pub mod writer;

use crate::align::{Alignment, Reason};
use crate::document::Document;
use crate::tmx::alignment::side_text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Number of equal-width confidence bins in histograms.
pub const HIST_BINS: usize = 10;

/// Default confidence below which a bead is flagged. Chosen from the calibration: on
/// held-out NTREX documents, beads below 0.5 are right less than half the time, beads
/// above it more than 90 % of the time.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// A bead that deserves a reviewer's look.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FlaggedBead {
    /// Index of the bead in the document's ladder (0-based).
    pub bead: usize,
    /// Bead type, `"2-1"` etc.
    pub kind: String,
    /// Calibrated confidence in [0, 1].
    pub confidence: f64,
    /// Reasons, kebab-case (`low-confidence`, `number-mismatch`, `length-ratio`,
    /// `no-lexical-match`, `unrelated`, `untranslated`, `omission`, `suspicious-merge`).
    pub reasons: Vec<String>,
    /// Source sentence indices (0-based).
    pub src: Vec<usize>,
    /// Target sentence indices (0-based).
    pub tgt: Vec<usize>,
    /// Source text (sentences joined by a space; empty for 0-1).
    pub source: String,
    /// Target text (empty for 1-0).
    pub target: String,
}

/// A sentence left without a counterpart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Omitted {
    /// `"source"` or `"target"`.
    pub side: String,
    /// Sentence index in its document (0-based).
    pub sentence: usize,
    /// 1-based line of its paragraph in the input file.
    pub line: usize,
    /// The sentence.
    pub text: String,
}

/// One bead for the side-by-side view.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BeadView {
    /// Bead type.
    pub kind: String,
    /// Confidence.
    pub confidence: f64,
    /// Whether the bead is flagged.
    pub flagged: bool,
    /// Source text (empty for a 0-1 bead: shown as a gap).
    pub source: String,
    /// Target text (empty for a 1-0 bead: shown as a gap).
    pub target: String,
}

/// The report of one aligned document pair.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocReport {
    /// Document id (file stem or manifest id).
    pub id: String,
    /// Language pair, `"en-ru"` or `"en-be"`.
    pub pair: String,
    /// Source file path as given.
    pub src_file: String,
    /// Target file path as given.
    pub tgt_file: String,
    /// Source sentences.
    pub src_sentences: usize,
    /// Target sentences.
    pub tgt_sentences: usize,
    /// Beads by type.
    pub beads_by_type: BTreeMap<String, usize>,
    /// TUs written (beads with text on both sides).
    pub tus: usize,
    /// Mean bead confidence.
    pub mean_confidence: f64,
    /// Beads per confidence bin `[k/10, (k+1)/10)`, the last bin including 1.0.
    pub histogram: [usize; HIST_BINS],
    /// Flagged beads.
    pub flagged: Vec<FlaggedBead>,
    /// Omitted sentences.
    pub omitted: Vec<Omitted>,
    /// Every bead, for the side-by-side view.
    pub beads: Vec<BeadView>,
}

/// A document that could not be aligned.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Failure {
    /// Document id.
    pub id: String,
    /// Language pair attempted (`"en-ru"`), or empty when reading failed before pairing.
    pub pair: String,
    /// The error, one line.
    pub error: String,
}

/// Corpus totals.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    /// Document pairs aligned.
    pub documents: usize,
    /// Document pairs that failed.
    pub failed: usize,
    /// Source sentences.
    pub src_sentences: usize,
    /// Target sentences.
    pub tgt_sentences: usize,
    /// Beads by type.
    pub beads_by_type: BTreeMap<String, usize>,
    /// TUs written.
    pub tus: usize,
    /// Beads in all.
    pub beads: usize,
    /// Mean bead confidence over all beads.
    pub mean_confidence: f64,
    /// Beads per confidence bin.
    pub histogram: [usize; HIST_BINS],
    /// Flagged beads.
    pub flagged: usize,
    /// Omitted sentences.
    pub omitted: usize,
}

impl Totals {
    /// Adds a document's figures.
    pub fn add(&mut self, d: &DocReport) {
        let beads: usize = d.beads_by_type.values().sum();
        let sum = self.mean_confidence * self.beads as f64 + d.mean_confidence * beads as f64;
        self.documents += 1;
        self.src_sentences += d.src_sentences;
        self.tgt_sentences += d.tgt_sentences;
        for (k, v) in &d.beads_by_type {
            *self.beads_by_type.entry(k.clone()).or_default() += v;
        }
        self.tus += d.tus;
        self.beads += beads;
        self.mean_confidence = if self.beads == 0 {
            0.0
        } else {
            sum / self.beads as f64
        };
        for (a, b) in self.histogram.iter_mut().zip(d.histogram) {
            *a += b;
        }
        self.flagged += d.flagged.len();
        self.omitted += d.omitted.len();
    }
}

/// Whether a TU looks untranslated: its target equals its source (case-insensitively, when
/// it has letters), or either side is written in another language than its document's
/// (see [`in_other_language`]): English left in a Russian text, a Russian paragraph in the
/// English file, a Russian quote kept in a Belarusian translation.
pub fn untranslated(source: &str, target: &str, tgt: &Document, src: &Document) -> bool {
    let has_letters = target.chars().any(char::is_alphabetic);
    if !has_letters {
        return false;
    }
    if source.trim().to_lowercase() == target.trim().to_lowercase() {
        return true;
    }
    in_other_language(target, tgt.lang) || in_other_language(source, src.lang)
}

/// Whether `text` (12+ letters) is plainly in another language than `lang`: more than 80%
/// of its letters in the other script, or, for Russian and Belarusian, 3+ letters only the
/// other one uses (и/щ/ъ against і/ў) and none of its own.
pub fn in_other_language(text: &str, lang: crate::lang::Lang) -> bool {
    use crate::lang::Lang;
    let c = crate::lang::ScriptCounts::of_prose(text);
    let letters = c.latin + c.cyrillic;
    if letters < 12 {
        return false;
    }
    let other_script = if lang.is_cyrillic() {
        c.latin
    } else {
        c.cyrillic
    };
    if other_script * 10 > letters * 8 {
        return true;
    }
    match lang {
        Lang::Ru => c.be_only >= 3 && c.ru_only == 0,
        Lang::Be => c.ru_only >= 3 && c.be_only == 0,
        Lang::En => false,
    }
}

/// Builds the report of one document pair. Beads below `min_confidence` are flagged
/// `low-confidence`; beads with other reasons (number mismatch, length ratio, no lexical
/// match, omission, 2-2 merge, untranslated) are flagged too.
pub fn doc_report(
    id: &str,
    src_file: &str,
    tgt_file: &str,
    src: &Document,
    tgt: &Document,
    al: &Alignment,
    min_confidence: f64,
) -> DocReport {
    let mut flagged = Vec::new();
    let mut omitted = Vec::new();
    let mut beads = Vec::with_capacity(al.beads.len());
    let mut histogram = [0usize; HIST_BINS];
    let mut tus = 0;
    for (k, b) in al.beads.iter().enumerate() {
        let source = side_text(src, &b.src);
        let target = side_text(tgt, &b.tgt);
        let bin = ((b.confidence * HIST_BINS as f64) as usize).min(HIST_BINS - 1);
        histogram[bin] += 1;
        let mut reasons: Vec<Reason> = b.reasons.clone();
        if b.confidence < min_confidence {
            reasons.insert(0, Reason::LowConfidence);
        }
        if !b.is_null() {
            tus += 1;
            if untranslated(&source, &target, tgt, src) {
                reasons.push(Reason::Untranslated);
            }
        }
        for i in b.src.clone().filter(|_| b.tgt.is_empty()) {
            omitted.push(Omitted {
                side: "source".into(),
                sentence: i,
                line: src.line[i],
                text: src.sentences[i].clone(),
            });
        }
        for j in b.tgt.clone().filter(|_| b.src.is_empty()) {
            omitted.push(Omitted {
                side: "target".into(),
                sentence: j,
                line: tgt.line[j],
                text: tgt.sentences[j].clone(),
            });
        }
        let is_flagged = !reasons.is_empty();
        if is_flagged {
            flagged.push(FlaggedBead {
                bead: k,
                kind: b.kind(),
                confidence: b.confidence,
                reasons: reasons.iter().map(|r| r.name().to_string()).collect(),
                src: b.src.clone().collect(),
                tgt: b.tgt.clone().collect(),
                source: source.clone(),
                target: target.clone(),
            });
        }
        beads.push(BeadView {
            kind: b.kind(),
            confidence: b.confidence,
            flagged: is_flagged,
            source,
            target,
        });
    }
    DocReport {
        id: id.to_string(),
        pair: format!("{}-{}", src.lang, tgt.lang),
        src_file: src_file.to_string(),
        tgt_file: tgt_file.to_string(),
        src_sentences: src.len(),
        tgt_sentences: tgt.len(),
        beads_by_type: al.counts().into_iter().collect(),
        tus,
        mean_confidence: al.mean_confidence(),
        histogram,
        flagged,
        omitted,
        beads,
    }
}

/// One line of `flagged.tsv` per flagged bead: document, bead, type, confidence, reasons
/// (comma-separated), source, target. Tabs and line breaks inside text become spaces.
pub fn flagged_tsv_lines(d: &DocReport) -> Vec<String> {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    d.flagged
        .iter()
        .map(|f| {
            format!(
                "{}\t{}\t{}\t{}\t{:.2}\t{}\t{}\t{}",
                clean(&d.id),
                d.pair,
                f.bead,
                f.kind,
                f.confidence,
                f.reasons.join(","),
                clean(&f.source),
                clean(&f.target)
            )
        })
        .collect()
}

/// Header line of `flagged.tsv`.
pub const FLAGGED_TSV_HEADER: &str =
    "document\tpair\tbead\ttype\tconfidence\treasons\tsource\ttarget";

#[cfg(test)]
mod tests {
    use super::in_other_language;
    use crate::lang::Lang;

    #[test]
    fn sides_in_another_language_are_found() {
        // English left in a Russian text, and Russian in the English file.
        assert!(in_other_language(
            "The ministry declined to comment.",
            Lang::Ru
        ));
        assert!(in_other_language(
            "Министерство отказалось от комментариев.",
            Lang::En
        ));
        // A Russian quote kept in a Belarusian translation, and the reverse.
        assert!(in_other_language(
            "Мы будем вместе и никогда не сдадимся.",
            Lang::Be
        ));
        assert!(in_other_language(
            "Мы будзем разам і ніколі не здадзімся.",
            Lang::Ru
        ));
        // Names and URLs in the other script do not count; short texts are not judged.
        assert!(!in_other_language(
            "Компания Apple Inc. открыла офис на www.example.com в Минске.",
            Lang::Ru
        ));
        assert!(!in_other_language("Мінск — сталіца.", Lang::Be));
        assert!(!in_other_language("Он ответил: «Вельмі добра».", Lang::Ru));
        assert!(!in_other_language("OK, Минск", Lang::En));
    }
}
