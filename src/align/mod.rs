//! Sentence alignment by dynamic programming over beads (Gale & Church 1993; Moore 2002),
//! restricted to a band around the diagonal so that time and memory grow linearly with
//! document length, plus forward–backward posteriors of the chosen beads.
//!
//! The aligner knows only a [`BeadScorer`]: how good a bead covering some source and
//! target sentences is. It returns an [`Alignment`], the ladder of beads that every
//! writer (TMX, bead file, report) consumes.

mod band;
mod dp;

pub use band::Band;
pub use dp::{align_banded, bead_marginals, BeadSpan, DpResult, MAX_CELLS};

use std::ops::Range;

/// The bead shapes the aligner considers, as (source sentences, target sentences):
/// 1-1, 1-0, 0-1, 2-1, 1-2, 2-2.
pub const SHAPES: [(usize, usize); 6] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)];

/// Scores beads. Implementations must be thread-safe: the aligner may score in parallel.
pub trait BeadScorer: Sync {
    /// Log-domain score (higher is better) of the bead covering source sentences
    /// `i0..i0+di` and target sentences `j0..j0+dj` (0-based), with `(di, dj)` one of
    /// [`SHAPES`].
    fn score(&self, i0: usize, di: usize, j0: usize, dj: usize) -> f64;

    /// Scores every bead that ends at state `(i, j)` for `j` in `lo..=hi`: writes the
    /// score of shape `s` ending at `(i, j)` to `out[(j - lo) * SHAPES.len() + s]`, for
    /// the shapes that fit (`i >= di`, `j >= dj`); other entries are left untouched.
    /// Implementations may override this to share work between neighbouring beads.
    fn score_row(&self, i: usize, lo: usize, hi: usize, out: &mut [f32]) {
        for j in lo..=hi {
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                if i >= di && j >= dj {
                    out[(j - lo) * SHAPES.len() + s] = self.score(i - di, di, j - dj, dj) as f32;
                }
            }
        }
    }
}

/// Mean bead confidence below which a document pair is reported as probably not a
/// translation pair. On NTREX, true pairs have a mean of at least 0.78 (246 pairs) and
/// the statements paired with the wrong translation (the next document's) at most 0.76,
/// mostly below 0.3; with [`UNRELATED_OMITTED_SHARE`] the warning caught 240 of 244
/// wrong pairs and none of the true ones (even and odd documents alike).
pub const UNRELATED_MEAN_CONFIDENCE: f64 = 0.6;

/// Share of sentences in 1-0/0-1 beads above which a document pair is reported as
/// probably not a translation pair (NTREX true pairs: at most 0.12; wrong pairs: at
/// least 0.14, mostly above 0.5).
pub const UNRELATED_OMITTED_SHARE: f64 = 0.25;

/// Why a bead's confidence is low, or why it deserves a reviewer's look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// The target is much longer or shorter than the source predicts (|δ| > 2.5 in the
    /// Gale–Church length model).
    LengthRatio,
    /// A number appears on one side and not on the other.
    NumberMismatch,
    /// The two sides share no word, name or number although both have content words.
    NoLexicalMatch,
    /// A sentence with no counterpart (1-0 or 0-1 bead).
    Omission,
    /// A 2-2 bead: two sentences on each side, which may hide two 1-1 pairs.
    SuspiciousMerge,
    /// The confidence is below the threshold in force.
    LowConfidence,
    /// The target equals the source or is written in the source's script.
    Untranslated,
    /// A 1-1 bead whose sentences read as two different sentences rather than a
    /// translation (a sentence rewritten or replaced in the translation): the
    /// translation check is below [`crate::score::UNRELATED_BELOW`].
    Unrelated,
}

impl Reason {
    /// The kebab-case name used in reports (`length-ratio`, `number-mismatch`, …).
    pub fn name(self) -> &'static str {
        match self {
            Reason::LengthRatio => "length-ratio",
            Reason::NumberMismatch => "number-mismatch",
            Reason::NoLexicalMatch => "no-lexical-match",
            Reason::Omission => "omission",
            Reason::SuspiciousMerge => "suspicious-merge",
            Reason::LowConfidence => "low-confidence",
            Reason::Untranslated => "untranslated",
            Reason::Unrelated => "unrelated",
        }
    }
}

/// A bead: consecutive source sentences aligned with consecutive target sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence indices (0-based, half-open); empty for a 0-1 bead.
    pub src: Range<usize>,
    /// Target sentence indices (0-based, half-open); empty for a 1-0 bead.
    pub tgt: Range<usize>,
    /// Probability in [0, 1] that this bead is exactly right.
    pub confidence: f64,
    /// Why the bead may be wrong, most important first.
    pub reasons: Vec<Reason>,
}

impl Bead {
    /// The bead type as written in reports and TMX: `"1-1"`, `"2-1"`, `"0-1"`, …
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }

    /// Whether one side is empty (an omission).
    pub fn is_null(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

/// A complete alignment of two documents: beads in order, covering every source and
/// target sentence exactly once (a monotonic ladder).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// The beads, in document order.
    pub beads: Vec<Bead>,
}

impl Alignment {
    /// Checks the ladder invariant against `n` source and `m` target sentences: beads are
    /// contiguous, in order, non-empty, and cover `0..n` and `0..m` exactly.
    pub fn check(&self, n: usize, m: usize) -> Result<(), String> {
        let (mut i, mut j) = (0, 0);
        for (k, b) in self.beads.iter().enumerate() {
            if b.src.start != i || b.tgt.start != j {
                return Err(format!(
                    "bead {k} starts at ({}, {}), expected ({i}, {j})",
                    b.src.start, b.tgt.start
                ));
            }
            if b.src.is_empty() && b.tgt.is_empty() {
                return Err(format!("bead {k} is empty"));
            }
            i = b.src.end;
            j = b.tgt.end;
        }
        if (i, j) != (n, m) {
            return Err(format!("beads end at ({i}, {j}), expected ({n}, {m})"));
        }
        Ok(())
    }

    /// The same alignment seen from the other side: every bead's source and target
    /// ranges swapped (a 2-1 bead becomes 1-2, an omitted source sentence an omitted
    /// target sentence), confidences and reasons kept.
    pub fn mirrored(self) -> Alignment {
        Alignment {
            beads: self
                .beads
                .into_iter()
                .map(|b| Bead {
                    src: b.tgt,
                    tgt: b.src,
                    ..b
                })
                .collect(),
        }
    }

    /// Share of all sentences (both sides) that are left in 1-0 or 0-1 beads.
    pub fn omitted_share(&self) -> f64 {
        let (mut all, mut omitted) = (0usize, 0usize);
        for b in &self.beads {
            let n = b.src.len() + b.tgt.len();
            all += n;
            if b.is_null() {
                omitted += n;
            }
        }
        omitted as f64 / all.max(1) as f64
    }

    /// A warning when the two documents do not look like translations of each other:
    /// mean confidence below [`UNRELATED_MEAN_CONFIDENCE`] or more than
    /// [`UNRELATED_OMITTED_SHARE`] of the sentences omitted. `None` for documents with
    /// fewer than 4 sentences in all (too little evidence) and for plausible pairs.
    pub fn unrelated_warning(&self) -> Option<String> {
        let sentences: usize = self.beads.iter().map(|b| b.src.len() + b.tgt.len()).sum();
        if sentences < 4 {
            return None;
        }
        let (mean, omitted) = (self.mean_confidence(), self.omitted_share());
        (mean < UNRELATED_MEAN_CONFIDENCE || omitted > UNRELATED_OMITTED_SHARE).then(|| {
            format!(
                "the two texts do not look like translations of each other (mean confidence {mean:.2}, {:.0}% of sentences without a counterpart); check that the files belong together",
                100.0 * omitted
            )
        })
    }

    /// Counts beads by type, as `(type, count)` sorted by type.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let mut m = std::collections::BTreeMap::new();
        for b in &self.beads {
            *m.entry(b.kind()).or_insert(0) += 1;
        }
        m.into_iter().collect()
    }

    /// Mean confidence of the beads (0 when there are none).
    pub fn mean_confidence(&self) -> f64 {
        if self.beads.is_empty() {
            return 0.0;
        }
        self.beads.iter().map(|b| b.confidence).sum::<f64>() / self.beads.len() as f64
    }
}
