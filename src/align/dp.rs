//! Viterbi and forward–backward over the banded bead lattice.

use super::{Band, BeadScorer, SHAPES};
use rayon::prelude::*;

/// The best ladder found by the DP, with per-bead scores and posteriors.
#[derive(Debug, Clone, Default)]
pub struct DpResult {
    /// Beads as `(i0, di, j0, dj)`: source `i0..i0+di`, target `j0..j0+dj`, in order.
    pub path: Vec<(usize, usize, usize, usize)>,
    /// The scorer's score of each bead on the path.
    pub scores: Vec<f64>,
    /// Posterior probability of each bead on the path, from forward–backward with the
    /// scores divided by the temperature.
    pub posteriors: Vec<f64>,
    /// Half-width of the band the final DP used (target sentences).
    pub band_width: usize,
}

/// Most DP states the band may grow to by widening (about 50 bytes each): widening stops
/// there, so memory stays bounded even when the texts are not translations of each other.
pub const MAX_CELLS: usize = 4_000_000;

/// Aligns `n` source with `m` target sentences.
///
/// Starts with a band of half-width `w0` around the diagonal and doubles it while the
/// best path touches the band's inner edge (so a path the band cut off is found again),
/// up to the full lattice or [`MAX_CELLS`] states, whichever is smaller. `temperature`
/// (> 0) scales scores for the posteriors. Returns the ladder as `(i0, di, j0, dj)` beads
/// (0-based sentence indices) with scores and posteriors. Time O(n · w), memory O(n · w)
/// for the final width w.
pub fn align_banded(
    n: usize,
    m: usize,
    scorer: &dyn BeadScorer,
    w0: usize,
    temperature: f64,
) -> DpResult {
    let mut w = w0.max(4);
    loop {
        let band = Band::diagonal(n, m, w);
        let (res, touched) = run(&band, scorer, temperature);
        let next_cells = (n + 1) * (4 * w + 1);
        if !touched || w >= n.max(m) || next_cells > MAX_CELLS {
            return DpResult {
                band_width: w,
                ..res
            };
        }
        w *= 2;
    }
}

fn run(band: &Band, scorer: &dyn BeadScorer, temperature: f64) -> (DpResult, bool) {
    let (n, m) = (band.n, band.m);
    let ns = SHAPES.len();
    let rows = score_rows(band, scorer);
    let bead = |i: usize, j: usize, s: usize| -> f64 {
        let lo = band.row(i).0;
        rows[i][(j - lo) * ns + s] as f64
    };

    let cells = band.cells();
    let last = band.index(n, m).expect("end in band");
    let t = temperature.max(1e-6);
    // Viterbi, forward and backward only read the bead scores: run them side by side.
    let ((path, touched), (alpha, beta)) = rayon::join(
        || viterbi(band, &bead),
        || {
            rayon::join(
                || forward(band, &bead, t),
                || backward(band, &bead, t, last),
            )
        },
    );
    debug_assert_eq!(alpha.len(), cells);
    let z = alpha[last];
    let mut scores = Vec::with_capacity(path.len());
    let mut posteriors = Vec::with_capacity(path.len());
    for &(i0, di, j0, dj, s) in &path {
        let sc = bead(i0 + di, j0 + dj, s);
        let a = alpha[band.index(i0, j0).expect("on path")];
        let b = beta[band.index(i0 + di, j0 + dj).expect("on path")];
        scores.push(sc);
        posteriors.push((a + sc / t + b - z).exp().clamp(0.0, 1.0));
    }
    let path = path
        .into_iter()
        .map(|(a, b, c, d, _)| (a, b, c, d))
        .collect();
    (
        DpResult {
            path,
            scores,
            posteriors,
            band_width: 0,
        },
        touched,
    )
}

/// Scores of the beads ending at each state of `band`, computed in parallel by row:
/// `rows[i][(j - lo_i) * SHAPES.len() + s]`, −∞ for beads that leave the band.
fn score_rows(band: &Band, scorer: &dyn BeadScorer) -> Vec<Vec<f32>> {
    let ns = SHAPES.len();
    (0..=band.n)
        .into_par_iter()
        .map(|i| {
            let (lo, hi) = band.row(i);
            let mut v = vec![f32::NEG_INFINITY; (hi - lo + 1) * ns];
            scorer.score_row(i, lo, hi, &mut v);
            for j in lo..=hi {
                for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                    if i < di || j < dj || band.index(i - di, j - dj).is_none() {
                        v[(j - lo) * ns + s] = f32::NEG_INFINITY;
                    }
                }
            }
            v
        })
        .collect()
}

/// A bead's position `(i0, di, j0, dj)`: source `i0..i0+di`, target `j0..j0+dj`.
pub type BeadSpan = (usize, usize, usize, usize);

/// Posterior marginals of every bead of the full `n` × `m` lattice under the
/// distribution P(ladder) ∝ exp(Σ score / temperature) (a linear-chain CRF over beads,
/// Lafferty et al. 2001), from forward–backward.
///
/// Returns `ln Z` (the log partition function, in score / temperature units) and every
/// bead `(i0, di, j0, dj)` (0-based) whose posterior exceeds 1e-12, with that posterior.
/// Time and memory O(n · m): for training on short documents.
pub fn bead_marginals(
    n: usize,
    m: usize,
    scorer: &dyn BeadScorer,
    temperature: f64,
) -> (f64, Vec<(BeadSpan, f64)>) {
    let band = Band::diagonal(n, m, n.max(m));
    let rows = score_rows(&band, scorer);
    let ns = SHAPES.len();
    let bead = |i: usize, j: usize, s: usize| -> f64 {
        let lo = band.row(i).0;
        rows[i][(j - lo) * ns + s] as f64
    };
    let t = temperature.max(1e-6);
    let last = band.index(n, m).expect("end in band");
    let alpha = forward(&band, &bead, t);
    let beta = backward(&band, &bead, t, last);
    let z = alpha[last];
    let mut out = Vec::new();
    for i in 0..=n {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let c = band.index(i, j).expect("in band");
            for (s, p, sc) in preds(&band, &bead, i, j) {
                let (di, dj) = SHAPES[s];
                let post = (alpha[p] + sc / t + beta[c] - z).exp();
                if post > 1e-12 {
                    out.push(((i - di, di, j - dj, dj), post.min(1.0)));
                }
            }
        }
    }
    (z, out)
}

/// The beads ending at state `(i, j)` that start inside the band: `(shape index,
/// flat index of the state they start from, score)`.
fn preds<'a>(
    band: &'a Band,
    bead: &'a (dyn Fn(usize, usize, usize) -> f64 + Sync),
    i: usize,
    j: usize,
) -> impl Iterator<Item = (usize, usize, f64)> + 'a {
    SHAPES.iter().enumerate().filter_map(move |(s, &(di, dj))| {
        let sc = bead(i, j, s);
        (sc != f64::NEG_INFINITY).then(|| {
            (
                s,
                band.index(i - di, j - dj).expect("checked when scoring"),
                sc,
            )
        })
    })
}

/// A bead of the best path: `(i0, di, j0, dj, shape index)`.
type PathBead = (usize, usize, usize, usize, usize);

/// Best path through the band: `(i0, di, j0, dj, shape)` beads in order, and whether it
/// touches the band's inner edge.
fn viterbi(
    band: &Band,
    bead: &(dyn Fn(usize, usize, usize) -> f64 + Sync),
) -> (Vec<PathBead>, bool) {
    let (n, m) = (band.n, band.m);
    let cells = band.cells();
    let mut best = vec![f64::NEG_INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    best[0] = 0.0;
    for i in 0..=n {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let c = band.index(i, j).expect("in band");
            for (s, p, sc) in preds(band, bead, i, j) {
                let v = best[p] + sc;
                if v > best[c] {
                    best[c] = v;
                    back[c] = s as u8;
                }
            }
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut touched = false;
    while i > 0 || j > 0 {
        touched |= band.on_inner_edge(i, j);
        let c = band.index(i, j).expect("path stays in band");
        let s = back[c] as usize;
        let (di, dj) = SHAPES[s];
        path.push((i - di, di, j - dj, dj, s));
        i -= di;
        j -= dj;
    }
    path.reverse();
    (path, touched)
}

/// `ln Σ exp(v)` over `vals` (−∞ when empty), with one logarithm.
fn log_sum(vals: &[f64]) -> f64 {
    let mx = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if mx == f64::NEG_INFINITY {
        return mx;
    }
    mx + vals.iter().map(|v| (v - mx).exp()).sum::<f64>().ln()
}

/// Forward log-probabilities: `alpha[c]` sums over all paths from (0, 0) to state `c`
/// of exp(score / t).
fn forward(band: &Band, bead: &(dyn Fn(usize, usize, usize) -> f64 + Sync), t: f64) -> Vec<f64> {
    let mut alpha = vec![f64::NEG_INFINITY; band.cells()];
    alpha[0] = 0.0;
    let mut vals = [0.0f64; SHAPES.len()];
    for i in 0..=band.n {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let c = band.index(i, j).expect("in band");
            let mut k = 0;
            for (_, p, sc) in preds(band, bead, i, j) {
                vals[k] = alpha[p] + sc / t;
                k += 1;
            }
            if k > 0 {
                alpha[c] = log_sum(&vals[..k]);
            }
        }
    }
    alpha
}

/// Backward log-probabilities: `beta[c]` sums over all paths from state `c` to the end
/// `last` of exp(score / t).
fn backward(
    band: &Band,
    bead: &(dyn Fn(usize, usize, usize) -> f64 + Sync),
    t: f64,
    last: usize,
) -> Vec<f64> {
    let mut beta = vec![f64::NEG_INFINITY; band.cells()];
    beta[last] = 0.0;
    let mut vals = [0.0f64; SHAPES.len()];
    for i in (0..=band.n).rev() {
        let (lo, hi) = band.row(i);
        for j in (lo..=hi).rev() {
            let c = band.index(i, j).expect("in band");
            if c == last {
                continue;
            }
            // Pull from the successors (i + di, j + dj).
            let mut k = 0;
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                let Some(q) = band.index(i + di, j + dj) else {
                    continue;
                };
                let sc = bead(i + di, j + dj, s);
                if sc == f64::NEG_INFINITY || beta[q] == f64::NEG_INFINITY {
                    continue;
                }
                vals[k] = beta[q] + sc / t;
                k += 1;
            }
            if k > 0 {
                beta[c] = log_sum(&vals[..k]);
            }
        }
    }
    beta
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores 1-1 beads on the pairs listed in `good` high, everything else low.
    struct Toy {
        good: Vec<(usize, usize, usize, usize)>,
    }
    impl BeadScorer for Toy {
        fn score(&self, i0: usize, di: usize, j0: usize, dj: usize) -> f64 {
            if self.good.contains(&(i0, di, j0, dj)) {
                0.0
            } else if di == 0 || dj == 0 {
                -3.0
            } else {
                -10.0
            }
        }
    }

    #[test]
    fn finds_the_planted_ladder() {
        let good = vec![
            (0, 1, 0, 1),
            (1, 2, 1, 1),
            (3, 1, 2, 0),
            (4, 1, 2, 2),
            (5, 1, 4, 1),
        ];
        let r = align_banded(6, 5, &Toy { good: good.clone() }, 4, 1.0);
        assert_eq!(r.path, good);
        assert!(
            r.posteriors.iter().all(|&p| p > 0.5 && p <= 1.0),
            "{:?}",
            r.posteriors
        );
    }

    #[test]
    fn widens_the_band_for_a_long_drift() {
        // 60 source sentences of which the first 30 have no translation.
        let mut good: Vec<_> = (0..30).map(|i| (i, 1, 0, 0)).collect();
        good.extend((0..30).map(|k| (30 + k, 1, k, 1)));
        let r = align_banded(60, 30, &Toy { good: good.clone() }, 4, 1.0);
        assert_eq!(r.path, good);
        assert!(r.band_width > 4);
    }

    #[test]
    fn marginals_cover_every_sentence_once_in_expectation() {
        let good = vec![(0, 1, 0, 1), (1, 2, 1, 1), (3, 1, 2, 0), (4, 1, 2, 2)];
        let (log_z, marg) = bead_marginals(5, 4, &Toy { good }, 2.0);
        assert!(log_z.is_finite());
        // Each sentence lies in exactly one bead of every ladder, so the posteriors of
        // the beads covering it sum to 1.
        for i in 0..5 {
            let s: f64 = marg
                .iter()
                .filter(|((i0, di, _, _), _)| (*i0..i0 + di).contains(&i))
                .map(|(_, p)| p)
                .sum();
            assert!((s - 1.0).abs() < 1e-6, "source {i}: {s}");
        }
        for j in 0..4 {
            let s: f64 = marg
                .iter()
                .filter(|((_, _, j0, dj), _)| (*j0..j0 + dj).contains(&j))
                .map(|(_, p)| p)
                .sum();
            assert!((s - 1.0).abs() < 1e-6, "target {j}: {s}");
        }
        let best = marg
            .iter()
            .find(|(b, _)| *b == (1, 2, 1, 1))
            .expect("planted bead has a marginal");
        assert!(best.1 > 0.5, "{best:?}");
    }

    #[test]
    fn empty_sides() {
        let r = align_banded(0, 3, &Toy { good: vec![] }, 4, 1.0);
        assert_eq!(r.path, vec![(0, 0, 0, 1), (0, 0, 1, 1), (0, 0, 2, 1)]);
        let r = align_banded(0, 0, &Toy { good: vec![] }, 4, 1.0);
        assert!(r.path.is_empty());
    }
}
