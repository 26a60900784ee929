//! Bead scoring and confidence.
//!
//! A bead's score is a linear function `w · φ(bead)` of the features below; the weights
//! are learned on the even-numbered documents of the NTREX benchmark by an averaged
//! structured perceptron (Collins 2002) that decodes with the aligner itself
//! ([`train`]). A bead's confidence is its forward–backward posterior, mapped to a
//! calibrated probability of being placed right by logistic regression (Platt 1999)
//! fitted on held-out beads; for a 1-1 bead it is multiplied by the probability that the
//! two sentences translate each other (the translation check, a logistic regression
//! fitted on gold pairs against pairs of a sentence with another one of its document,
//! with a prior share of rewritten pairs: [`Model::translation_probability_at`]).

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
    /// Logistic weights of the translation check over [`translation_inputs`], bias
    /// first: the probability that a 1-1 bead's sentences translate each other rather
    /// than being two different sentences of the same text. Empty: no check.
    #[serde(default)]
    pub translation: Vec<f64>,
    /// Expected share of 1-1 beads whose sentences are not translations of each other;
    /// the prior of the translation check in [`Model::confidence`]. 0: no check.
    #[serde(default)]
    pub rewrite_prior: f64,
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

    /// Probability that the sentences of a 1-1 bead with features `f` translate each
    /// other rather than being two different sentences (a sentence rewritten or replaced
    /// in the translation), when a share `prior` of 1-1 beads are such pairs: the
    /// translation check, fitted on balanced classes, with its log-odds shifted by
    /// `ln((1 − prior) / prior)` (Bayes' rule). 1 when the model has no check or `prior`
    /// is 0. Inputs: `x` from [`translation_inputs`].
    pub fn translation_probability_at(&self, x: &[f64; NT], prior: f64) -> f64 {
        if self.translation.len() != NT || prior <= 0.0 {
            return 1.0;
        }
        let z: f64 = self.translation.iter().zip(x).map(|(w, v)| w * v).sum();
        let z = z + ((1.0 - prior) / prior).ln();
        1.0 / (1.0 + (-z).exp())
    }

    /// Probability that a bead is exactly right, from its posterior and features `f`:
    /// the calibrated probability that the aligner placed it right (Platt scaling over
    /// [`calibration_inputs`]), times, for a 1-1 bead with translation-check inputs `tx`
    /// ([`Context::translation_inputs`]), the probability that its two sentences
    /// translate each other ([`Model::translation_probability_at`] at
    /// [`Model::rewrite_prior`]). In [0, 1].
    pub fn confidence(&self, posterior: f64, f: &[f64; NF], tx: Option<&[f64; NT]>) -> f64 {
        let x = calibration_inputs(posterior, f);
        let z: f64 = self
            .calibration
            .iter()
            .zip(x.iter())
            .map(|(w, v)| w * v)
            .sum();
        let placed = 1.0 / (1.0 + (-z).exp());
        match tx {
            Some(tx) => placed * self.translation_probability_at(tx, self.rewrite_prior),
            None => placed,
        }
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

/// The translation check (at balanced classes) below which a 1-1 bead is flagged
/// `unrelated`. On the NTREX calibration documents (≡ 2 mod 4, never fitted on) it flags
/// 1.3% of the gold 1-1 beads and 92% of pairs of a source sentence with another
/// sentence of the same translated document (`tmxalign train` prints the figures).
pub const UNRELATED_BELOW: f64 = 0.2;

/// Number of translation-check inputs.
pub const NT: usize = 9;

/// Inputs of the translation check of a 1-1 bead, from its features `f` and the number
/// of its tokens (both sides) that have a lexicon entry but found no partner:
/// `[1, coverage, matched tokens/10, unmatched tokens/10, length log-prob, numbers
/// matched, numbers unmatched, one side without content, unmatched known tokens/10]`.
pub fn translation_inputs(f: &[f64; NF], known_unmatched: u32) -> [f64; NT] {
    [
        1.0,
        f[9],
        f[12],
        f[13],
        f[6],
        f[14],
        f[15],
        f[16],
        known_unmatched as f64 / 10.0,
    ]
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
    /// Where the target sentences' keys occur, to match one source sentence against a
    /// range of target sentences at once.
    index: KeyIndex,
    /// Score of the 1-0 bead of each source sentence.
    null_src: Vec<f64>,
    /// Score of the 0-1 bead of each target sentence.
    null_tgt: Vec<f64>,
}

/// An inverted index of the target sentences' keys: for each key, its occurrences
/// `(sentence, token)` sorted by sentence.
struct KeyIndex {
    /// `(sentence index, token index)` of every key occurrence, grouped by key.
    postings: Vec<(u32, u8)>,
    /// Key → range of `postings`.
    ranges: std::collections::HashMap<u32, (u32, u32), KeyHash>,
}

/// A multiplicative hash for `u32` keys (Fibonacci hashing, Knuth TAOCP vol. 3 §6.4);
/// the keys are already well spread, and SipHash would dominate the lookups.
#[derive(Default, Clone, Copy)]
struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u32(&mut self, k: u32) {
        self.0 = (k as u64 ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

impl KeyIndex {
    fn new(sents: &[SentFeat]) -> KeyIndex {
        let mut all: Vec<(u32, u32, u8)> = sents
            .iter()
            .enumerate()
            .flat_map(|(j, f)| f.keys.iter().map(move |&(k, t)| (k, j as u32, t)))
            .collect();
        all.sort_unstable();
        let mut ranges = std::collections::HashMap::with_hasher(KeyHash);
        let mut start = 0;
        for x in 1..=all.len() {
            if x == all.len() || all[x].0 != all[start].0 {
                ranges.insert(all[start].0, (start as u32, x as u32));
                start = x;
            }
        }
        KeyIndex {
            postings: all.into_iter().map(|(_, j, t)| (j, t)).collect(),
            ranges,
        }
    }

    /// Matches `s` with every target sentence `j` in `first..end`, OR-ing the result into
    /// `row[j - first]` (as [`match_pair`] would compute it pair by pair).
    fn match_row(&self, s: &SentFeat, first: usize, end: usize, row: &mut [PairMatch]) {
        let mut x = 0;
        let keys = &s.keys;
        while x < keys.len() {
            let key = keys[x].0;
            let x1 = x + keys[x..].iter().take_while(|p| p.0 == key).count();
            if let Some(&(a, b)) = self.ranges.get(&key) {
                let post = &self.postings[a as usize..b as usize];
                let from = post.partition_point(|p| (p.0 as usize) < first);
                let mut src_bits = 0u64;
                for &(_, t) in &keys[x..x1] {
                    src_bits |= 1 << t;
                }
                for &(j, t) in &post[from..] {
                    let j = j as usize;
                    if j >= end {
                        break;
                    }
                    let slot = &mut row[j - first];
                    slot.src |= src_bits;
                    slot.tgt |= 1 << t;
                }
            }
            x = x1;
        }
    }
}

/// What a bead's features are computed from: everything about the bead that is not a
/// constant of its shape.
#[derive(Debug, Clone, Copy)]
struct BeadStats {
    /// Shape index: 0 = 1-1, 1 = 1-0, 2 = 0-1, 3 = 2-1, 4 = 1-2, 5 = 2-2.
    ty: usize,
    /// Null beads: characters of the sentence and its number + name tokens.
    null_chars: u32,
    null_strong: u32,
    /// Gale–Church log probability of the lengths.
    lp: f64,
    matched: u32,
    total: u32,
    nums_matched: u32,
    nums_unmatched: u32,
    no_content: bool,
    crosses: bool,
    weakest: f64,
    question_mismatch: bool,
}

impl BeadStats {
    /// The length/coverage feature group of the shape (0: 1-1, 1: 2-1/1-2, 2: 2-2) and
    /// the share of content tokens matched (0 when there are none).
    fn group_and_coverage(&self) -> (usize, f64) {
        let group = match self.ty {
            0 => 0,
            5 => 2,
            _ => 1,
        };
        let cov = if self.total == 0 {
            0.0
        } else {
            self.matched as f64 / self.total as f64
        };
        (group, cov)
    }

    /// The feature vector (see [`FEATURE_NAMES`]).
    fn features(&self) -> [f64; NF] {
        let mut f = [0.0; NF];
        f[self.ty] = 1.0;
        if self.ty == 1 || self.ty == 2 {
            f[17] = (1.0 + self.null_chars as f64).ln() / 5.0;
            f[18] = (self.null_strong as f64).min(5.0) / 5.0;
            return f;
        }
        let (group, cov) = self.group_and_coverage();
        f[6 + group] = self.lp;
        f[9 + group] = cov;
        f[12] = self.matched as f64 / 10.0;
        f[13] = (self.total - self.matched) as f64 / 10.0;
        f[14] = (self.nums_matched as f64).min(3.0);
        f[15] = (self.nums_unmatched as f64).min(4.0);
        f[16] = self.no_content as u8 as f64;
        f[19] = self.crosses as u8 as f64;
        if self.ty != 0 {
            f[20] = self.weakest;
        }
        f[21] = self.question_mismatch as u8 as f64;
        f
    }
}

impl BeadStats {
    /// `w · features()`, summing the non-zero terms in feature order (so the result is
    /// the same number as the dot product), without building the vector.
    fn score(&self, w: &[f64]) -> f64 {
        if self.ty == 1 || self.ty == 2 {
            return dot(w, &self.features());
        }
        let (group, cov) = self.group_and_coverage();
        let mut sum = w[self.ty];
        sum += w[6 + group] * self.lp;
        sum += w[9 + group] * cov;
        sum += w[12] * (self.matched as f64 / 10.0);
        sum += w[13] * ((self.total - self.matched) as f64 / 10.0);
        sum += w[14] * (self.nums_matched as f64).min(3.0);
        sum += w[15] * (self.nums_unmatched as f64).min(4.0);
        sum += w[16] * (self.no_content as u8 as f64);
        sum += w[19] * (self.crosses as u8 as f64);
        if self.ty != 0 {
            sum += w[20] * self.weakest;
        }
        sum + w[21] * (self.question_mismatch as u8 as f64)
    }
}

impl<'a> Context<'a> {
    /// A context with `c` estimated as total target characters / total source characters
    /// (1 when a side is empty). Builds an index of the target keys: O(total keys) time
    /// and memory.
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
        let mut ctx = Context {
            src,
            tgt,
            src_para,
            tgt_para,
            c,
            model,
            index: KeyIndex::new(tgt),
            null_src: Vec::new(),
            null_tgt: Vec::new(),
        };
        let no_match = [[PairMatch::default(); 2]; 2];
        ctx.null_src = (0..src.len())
            .map(|i| dot(&model.weights, &ctx.features_with(i, 1, 0, 0, &no_match)))
            .collect();
        ctx.null_tgt = (0..tgt.len())
            .map(|j| dot(&model.weights, &ctx.features_with(0, 0, j, 1, &no_match)))
            .collect();
        ctx
    }

    /// This context with the length ratio `c` (target characters per source character)
    /// instead of the one estimated from the whole texts. Null-bead scores do not depend
    /// on `c`, so nothing else changes.
    pub fn with_ratio(mut self, c: f64) -> Context<'a> {
        self.c = c;
        self
    }

    /// The Gale–Church δ of a bead with `l1` source and `l2` target characters:
    /// `(l2 − c·l1) / sqrt(s² · (l1 + l2/c) / 2)` (symmetric in the two lengths).
    pub fn delta(&self, l1: f64, l2: f64) -> f64 {
        let denom = (self.model.s2 * (l1 + l2 / self.c).max(1.0) / 2.0).sqrt();
        (l2 - self.c * l1) / denom
    }

    /// Inputs of the translation check ([`translation_inputs`]) of the 1-1 bead pairing
    /// source sentence `i` with target sentence `j` (0-based).
    pub fn translation_inputs(&self, i: usize, j: usize) -> [f64; NT] {
        let (s, t) = (&self.src[i], &self.tgt[j]);
        let pm = match_pair(s, t);
        let unknown = (!pm.src & s.known & s.all_tokens()).count_ones()
            + (!pm.tgt & t.known & t.all_tokens()).count_ones();
        translation_inputs(&self.features_with(i, 1, j, 1, &[[pm; 2]; 2]), unknown)
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
    /// (absolute indices), matching each source sentence with the target range once
    /// through the key index. `(i_base, j_base)` is where the block being aligned starts
    /// (no bead starts before it); `out` is laid out as in [`BeadScorer::score_row`]
    /// relative to `lo`. The scores equal `w · features(bead)`.
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
        // rows[a][j - first]: match of source sentence i-1-a with target sentence j < hi.
        let mut rows = [
            vec![PairMatch::default(); width],
            vec![PairMatch::default(); width],
        ];
        for (a, row) in rows.iter_mut().enumerate() {
            if i < a + 1 || i - 1 - a < i_base {
                continue;
            }
            self.index.match_row(&self.src[i - 1 - a], first, hi, row);
        }
        for j in lo..=hi {
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                if i < di + i_base || j < dj + j_base {
                    continue;
                }
                let (i0, j0) = (i - di, j - dj);
                let score = match (di, dj) {
                    (1, 0) => self.null_src[i0],
                    (0, 1) => self.null_tgt[j0],
                    _ => {
                        let mut pm = [[PairMatch::default(); 2]; 2];
                        for (a, pa) in pm.iter_mut().enumerate().take(di) {
                            // Source sentence i0 + a is i - 1 - (di - 1 - a).
                            let row = &rows[di - 1 - a];
                            for (b, slot) in pa.iter_mut().enumerate().take(dj) {
                                *slot = row[j0 + b - first];
                            }
                        }
                        self.stats(i0, di, j0, dj, &pm).score(&self.model.weights)
                    }
                };
                out[(j - lo) * SHAPES.len() + s] = score as f32;
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
        self.stats(i0, di, j0, dj, pm).features()
    }

    fn stats(
        &self,
        i0: usize,
        di: usize,
        j0: usize,
        dj: usize,
        pm: &[[PairMatch; 2]; 2],
    ) -> BeadStats {
        let ty = match (di, dj) {
            (1, 1) => 0,
            (1, 0) => 1,
            (0, 1) => 2,
            (2, 1) => 3,
            (1, 2) => 4,
            _ => 5,
        };
        let ss = &self.src[i0..i0 + di];
        let ts = &self.tgt[j0..j0 + dj];
        let mut st = BeadStats {
            ty,
            null_chars: 0,
            null_strong: 0,
            lp: 0.0,
            matched: 0,
            total: 0,
            nums_matched: 0,
            nums_unmatched: 0,
            no_content: false,
            crosses: false,
            weakest: f64::INFINITY,
            question_mismatch: false,
        };
        if di == 0 || dj == 0 {
            let s = if di == 0 { &ts[0] } else { &ss[0] };
            st.null_chars = s.chars;
            st.null_strong = (s.numbers | s.names).count_ones();
            return st;
        }
        let cov_of = |mask: u64, n: u8| {
            if n == 0 {
                0.5
            } else {
                mask.count_ones() as f64 / n as f64
            }
        };
        for (a, s) in ss.iter().enumerate() {
            let mask = (0..dj).fold(0u64, |acc, b| acc | pm[a][b].src);
            st.matched += mask.count_ones();
            st.total += s.n_tokens as u32;
            st.nums_matched += (mask & s.numbers).count_ones();
            st.nums_unmatched += (!mask & s.numbers & s.all_tokens()).count_ones();
            st.weakest = st.weakest.min(cov_of(mask, s.n_tokens));
        }
        for (b, t) in ts.iter().enumerate() {
            let mask = (0..di).fold(0u64, |acc, a| acc | pm[a][b].tgt);
            st.matched += mask.count_ones();
            st.total += t.n_tokens as u32;
            st.nums_unmatched += (!mask & t.numbers & t.all_tokens()).count_ones();
            st.weakest = st.weakest.min(cov_of(mask, t.n_tokens));
        }
        let l1: f64 = ss.iter().map(|s| s.chars as f64).sum();
        let l2: f64 = ts.iter().map(|t| t.chars as f64).sum();
        st.lp = log_two_sided_tail(self.delta(l1, l2));
        st.no_content = ss.iter().all(|s| s.n_tokens == 0) || ts.iter().all(|t| t.n_tokens == 0);
        let para = |p: &[usize], r: std::ops::Range<usize>| p[r.start] != p[r.end - 1];
        st.crosses = para(self.src_para, i0..i0 + di) || para(self.tgt_para, j0..j0 + dj);
        st.question_mismatch = ss.iter().any(|s| s.question) != ts.iter().any(|t| t.question);
        st
    }

    /// The reasons a bead of `di` source and `dj` target sentences deserves a look, from
    /// its features `f` and, for a 1-1 bead, its translation-check inputs `tx` (see
    /// [`Reason`]).
    pub fn reasons(
        &self,
        f: &[f64; NF],
        di: usize,
        dj: usize,
        tx: Option<&[f64; NT]>,
    ) -> Vec<Reason> {
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
        if tx.is_some_and(|tx| self.model.translation_probability_at(tx, 0.5) < UNRELATED_BELOW) {
            r.push(Reason::Unrelated);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{extract, lexicon::Lexicon};
    use crate::Lang;

    #[test]
    fn the_prior_shifts_the_translation_check_by_its_log_odds() {
        let mut m = Model::builtin().clone();
        m.translation = vec![0.0; NT];
        m.translation[0] = -1.0;
        let x = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let sig = |z: f64| 1.0 / (1.0 + (-z).exp());
        // Balanced classes: the fitted log-odds as they are.
        assert!((m.translation_probability_at(&x, 0.5) - sig(-1.0)).abs() < 1e-12);
        // A 2% prior adds ln(49) to the log-odds.
        assert!((m.translation_probability_at(&x, 0.02) - sig(-1.0 + 49f64.ln())).abs() < 1e-12);
        // No prior, or no check in the model: no effect.
        assert_eq!(m.translation_probability_at(&x, 0.0), 1.0);
        m.translation.clear();
        assert_eq!(m.translation_probability_at(&x, 0.5), 1.0);
    }

    #[test]
    fn the_translation_check_tells_a_translation_from_a_rewritten_sentence() {
        let model = Model::builtin();
        let en = ["The minister said that cooperation between the two countries was growing."];
        let ru = [
            "Министр заявил, что сотрудничество между двумя странами растет.",
            "Погода в столице в эти выходные будет дождливой и холодной.",
        ];
        let (sf, tf) = extract(&en, Lang::En, &ru, Lang::Ru, Lexicon::builtin(Lang::Ru));
        let (p1, p2) = ([0usize], [0usize, 0]);
        let ctx = Context::new(&sf, &tf, &p1, &p2, model);
        let good = ctx.translation_inputs(0, 0);
        let bad = ctx.translation_inputs(0, 1);
        // Known words without a partner: at most one in the translation, several in the
        // other sentence.
        assert!(good[8] <= 0.1, "{good:?}");
        assert!(bad[8] >= 0.3, "{bad:?}");
        assert!(model.translation_probability_at(&good, 0.5) > 0.9);
        assert!(model.translation_probability_at(&bad, 0.5) < UNRELATED_BELOW);
        let f = ctx.features(0, 1, 0, 1);
        assert!(!ctx
            .reasons(&f, 1, 1, Some(&good))
            .contains(&Reason::Unrelated));
        let f = ctx.features(0, 1, 1, 1);
        assert!(ctx
            .reasons(&f, 1, 1, Some(&bad))
            .contains(&Reason::Unrelated));
        // The confidence of the rewritten pair is below that of the translation, even
        // when the aligner is sure of its place.
        let c_good = model.confidence(0.999, &ctx.features(0, 1, 0, 1), Some(&good));
        let c_bad = model.confidence(0.999, &ctx.features(0, 1, 1, 1), Some(&bad));
        assert!(c_good > 0.99 && c_bad < 0.95, "{c_good} {c_bad}");
    }
}
