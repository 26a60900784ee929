//! Bead scoring and confidence.
//!
//! A bead's score is a linear function `w · φ(bead)` of the features below; the weights
//! are learned on the even-numbered documents of the NTREX benchmark by an averaged
//! structured perceptron (Collins 2002) that decodes with the aligner itself
//! ([`train`]). A bead's confidence is its forward–backward posterior, mapped to a
//! calibrated probability of being exactly right by logistic regression (Platt 1999)
//! fitted on held-out beads.

pub mod gauss;
pub mod train;

use crate::align::{BeadScorer, Reason};
use crate::features::{match_pair, PairMatch, SentFeat};
use gauss::log_two_sided_tail;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Number of bead features.
pub const NF: usize = 22;

/// Names of the bead features, in order (documentation and model files).
pub const FEATURE_NAMES: [&str; NF] = [
    "type-1-1",
    "type-1-0",
    "type-0-1",
    "type-2-1",
    "type-1-2",
    "type-2-2",
    "length-logprob-1-1",
    "length-logprob-2-1/1-2",
    "length-logprob-2-2",
    "coverage-1-1",
    "coverage-2-1/1-2",
    "coverage-2-2",
    "matched-tokens/10",
    "unmatched-tokens/10",
    "numbers-matched",
    "numbers-unmatched",
    "one-side-without-content",
    "null-bead-log-length",
    "null-bead-strong-tokens",
    "crosses-paragraph",
    "merge-weakest-part-coverage",
    "question-mark-mismatch",
];

/// Number of calibration inputs.
pub const NC: usize = 6;

/// Learned parameters of the bead score and of the confidence calibration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// Feature weights, one per [`FEATURE_NAMES`] entry.
    pub weights: Vec<f64>,
    /// Gale–Church variance per character of the length difference (s² in the paper).
    pub s2: f64,
    /// Temperature dividing scores in forward–backward.
    pub temperature: f64,
    /// Logistic calibration weights over [`calibration_inputs`]: bias first.
    pub calibration: Vec<f64>,
    /// Free-text provenance: how and on what the model was fitted.
    #[serde(default)]
    pub provenance: String,
}

impl Model {
    /// The model shipped with tmxalign (`data/model.json`), fitted on the even-numbered
    /// NTREX documents (see `scripts/train.sh`).
    pub fn builtin() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| {
            serde_json::from_str(include_str!("../../data/model.json"))
                .expect("embedded data/model.json is valid")
        })
    }

    /// Probability that a bead is exactly right, from its posterior and features.
    pub fn confidence(&self, posterior: f64, f: &[f64; NF]) -> f64 {
        let x = calibration_inputs(posterior, f);
        let z: f64 = self
            .calibration
            .iter()
            .zip(x.iter())
            .map(|(w, v)| w * v)
            .sum();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Inputs of the confidence calibration: `[1, logit(posterior), coverage, length log-prob,
/// is-null, is-merge]`. The posterior is clamped to [1e-6, 1 − 1e-6].
pub fn calibration_inputs(posterior: f64, f: &[f64; NF]) -> [f64; NC] {
    let p = posterior.clamp(1e-6, 1.0 - 1e-6);
    let cov = f[9] + f[10] + f[11];
    let len = f[6] + f[7] + f[8];
    let null = f[1] + f[2];
    let merge = f[3] + f[4] + f[5];
    [1.0, (p / (1.0 - p)).ln(), cov, len, null, merge]
}

/// Everything the bead scorer needs about one document pair.
pub struct Context<'a> {
    /// Source sentence features.
    pub src: &'a [SentFeat],
    /// Target sentence features.
    pub tgt: &'a [SentFeat],
    /// Paragraph index of each source sentence (0-based).
    pub src_para: &'a [usize],
    /// Paragraph index of each target sentence (0-based).
    pub tgt_para: &'a [usize],
    /// Expected target characters per source character (Gale–Church c), from the pair.
    pub c: f64,
    /// The model.
    pub model: &'a Model,
}

impl<'a> Context<'a> {
    /// A context with `c` estimated as total target characters / total source characters
    /// (1 when a side is empty).
    pub fn new(
        src: &'a [SentFeat],
        tgt: &'a [SentFeat],
        src_para: &'a [usize],
        tgt_para: &'a [usize],
        model: &'a Model,
    ) -> Context<'a> {
        let ls: u64 = src.iter().map(|s| s.chars as u64).sum();
        let lt: u64 = tgt.iter().map(|s| s.chars as u64).sum();
        let c = if ls == 0 || lt == 0 {
            1.0
        } else {
            lt as f64 / ls as f64
        };
        Context {
            src,
            tgt,
            src_para,
            tgt_para,
            c,
            model,
        }
    }

    /// The Gale–Church δ of a bead with `l1` source and `l2` target characters:
    /// `(l2 − c·l1) / sqrt(s² · (l1 + l2/c) / 2)` (symmetric in the two lengths).
    pub fn delta(&self, l1: f64, l2: f64) -> f64 {
        let denom = (self.model.s2 * (l1 + l2 / self.c).max(1.0) / 2.0).sqrt();
        (l2 - self.c * l1) / denom
    }

    /// Features of the bead covering source `i0..i0+di` and target `j0..j0+dj`.
    pub fn features(&self, i0: usize, di: usize, j0: usize, dj: usize) -> [f64; NF] {
        let mut pm = [[PairMatch::default(); 2]; 2];
        for (a, row) in pm.iter_mut().enumerate().take(di) {
            for (b, slot) in row.iter_mut().enumerate().take(dj) {
                *slot = match_pair(&self.src[i0 + a], &self.tgt[j0 + b]);
            }
        }
        self.features_with(i0, di, j0, dj, &pm)
    }

    /// Scores the beads ending at source position `i` and target positions `lo..=hi`
    /// (absolute indices), computing each sentence-pair match once. `(i_base, j_base)` is
    /// where the block being aligned starts (no bead starts before it); `out` is laid out
    /// as in [`BeadScorer::score_row`] relative to `lo`.
    pub fn score_row_at(
        &self,
        i: usize,
        lo: usize,
        hi: usize,
        (i_base, j_base): (usize, usize),
        out: &mut [f32],
    ) {
        use crate::align::SHAPES;
        let first = lo.saturating_sub(2).max(j_base);
        let width = hi + 1 - first;
        // rows[a][j - first]: match of source sentence i-1-a with target sentence j.
        let mut rows = [
            vec![PairMatch::default(); width],
            vec![PairMatch::default(); width],
        ];
        for (a, row) in rows.iter_mut().enumerate() {
            if i < a + 1 || i - 1 - a < i_base {
                continue;
            }
            let s = &self.src[i - 1 - a];
            for (k, slot) in row.iter_mut().enumerate() {
                let j = first + k;
                if j < hi {
                    *slot = match_pair(s, &self.tgt[j]);
                }
            }
        }
        for j in lo..=hi {
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                if i < di + i_base || j < dj + j_base {
                    continue;
                }
                let (i0, j0) = (i - di, j - dj);
                let mut pm = [[PairMatch::default(); 2]; 2];
                for (a, pa) in pm.iter_mut().enumerate().take(di) {
                    // Source sentence i0 + a is i - 1 - (di - 1 - a).
                    let row = &rows[di - 1 - a];
                    for (b, slot) in pa.iter_mut().enumerate().take(dj) {
                        *slot = row[j0 + b - first];
                    }
                }
                let f = self.features_with(i0, di, j0, dj, &pm);
                out[(j - lo) * SHAPES.len() + s] = dot(&self.model.weights, &f) as f32;
            }
        }
    }

    /// Features of a bead given the matches `pm[a][b]` of its source sentence `i0 + a`
    /// with its target sentence `j0 + b`.
    pub fn features_with(
        &self,
        i0: usize,
        di: usize,
        j0: usize,
        dj: usize,
        pm: &[[PairMatch; 2]; 2],
    ) -> [f64; NF] {
        let mut f = [0.0; NF];
        let ty = match (di, dj) {
            (1, 1) => 0,
            (1, 0) => 1,
            (0, 1) => 2,
            (2, 1) => 3,
            (1, 2) => 4,
            _ => 5,
        };
        f[ty] = 1.0;
        let ss = &self.src[i0..i0 + di];
        let ts = &self.tgt[j0..j0 + dj];
        if di == 0 || dj == 0 {
            let side = if di == 0 { ts } else { ss };
            let s = &side[0];
            f[17] = (1.0 + s.chars as f64).ln() / 5.0;
            f[18] = ((s.numbers | s.names).count_ones() as f64).min(5.0) / 5.0;
            return f;
        }
        let mut matched = 0u32;
        let mut total = 0u32;
        let mut nums_matched = 0u32;
        let mut nums_unmatched = 0u32;
        let mut part_cov = [1.0f64; 4];
        let mut k = 0;
        for (a, s) in ss.iter().enumerate() {
            let mask = (0..dj).fold(0u64, |acc, b| acc | pm[a][b].src);
            matched += mask.count_ones();
            total += s.n_tokens as u32;
            nums_matched += (mask & s.numbers).count_ones();
            nums_unmatched += (!mask & s.numbers & s.all_tokens()).count_ones();
            part_cov[k] = if s.n_tokens == 0 {
                0.5
            } else {
                mask.count_ones() as f64 / s.n_tokens as f64
            };
            k += 1;
        }
        for (b, t) in ts.iter().enumerate() {
            let mask = (0..di).fold(0u64, |acc, a| acc | pm[a][b].tgt);
            matched += mask.count_ones();
            total += t.n_tokens as u32;
            nums_unmatched += (!mask & t.numbers & t.all_tokens()).count_ones();
            part_cov[k] = if t.n_tokens == 0 {
                0.5
            } else {
                mask.count_ones() as f64 / t.n_tokens as f64
            };
            k += 1;
        }
        let l1: f64 = ss.iter().map(|s| s.chars as f64).sum();
        let l2: f64 = ts.iter().map(|t| t.chars as f64).sum();
        let lp = log_two_sided_tail(self.delta(l1, l2));
        let cov = if total == 0 {
            0.0
        } else {
            matched as f64 / total as f64
        };
        let group = match ty {
            0 => 0,
            5 => 2,
            _ => 1,
        };
        f[6 + group] = lp;
        f[9 + group] = cov;
        f[12] = matched as f64 / 10.0;
        f[13] = (total - matched) as f64 / 10.0;
        f[14] = (nums_matched as f64).min(3.0);
        f[15] = (nums_unmatched as f64).min(4.0);
        f[16] =
            (ss.iter().all(|s| s.n_tokens == 0) || ts.iter().all(|t| t.n_tokens == 0)) as u8 as f64;
        let para = |p: &[usize], r: std::ops::Range<usize>| p[r.start] != p[r.end - 1];
        f[19] = (para(self.src_para, i0..i0 + di) || para(self.tgt_para, j0..j0 + dj)) as u8 as f64;
        if ty != 0 {
            f[20] = part_cov[..k].iter().copied().fold(f64::INFINITY, f64::min);
        }
        let q1 = ss.iter().any(|s| s.question);
        let q2 = ts.iter().any(|t| t.question);
        f[21] = (q1 != q2) as u8 as f64;
        f
    }

    /// The reasons a bead deserves a look, from its features (see [`Reason`]).
    pub fn reasons(&self, f: &[f64; NF], di: usize, dj: usize) -> Vec<Reason> {
        let mut r = Vec::new();
        if di == 0 || dj == 0 {
            r.push(Reason::Omission);
            return r;
        }
        if f[15] > 0.0 {
            r.push(Reason::NumberMismatch);
        }
        if f[6] + f[7] + f[8] < log_two_sided_tail(2.5) {
            r.push(Reason::LengthRatio);
        }
        if f[12] == 0.0 && f[16] == 0.0 {
            r.push(Reason::NoLexicalMatch);
        }
        if di >= 2 && dj >= 2 {
            r.push(Reason::SuspiciousMerge);
        }
        r
    }
}

/// Dot product of weights and features.
pub fn dot(w: &[f64], f: &[f64; NF]) -> f64 {
    w.iter().zip(f.iter()).map(|(a, b)| a * b).sum()
}

impl BeadScorer for Context<'_> {
    fn score(&self, i0: usize, di: usize, j0: usize, dj: usize) -> f64 {
        dot(&self.model.weights, &self.features(i0, di, j0, dj))
    }

    fn score_row(&self, i: usize, lo: usize, hi: usize, out: &mut [f32]) {
        self.score_row_at(i, lo, hi, (0, 0), out)
    }
}
