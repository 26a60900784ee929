//! Fitting the [`Model`]: the Gale–Church variance from gold 1-1 beads, the bead weights
//! by an averaged structured perceptron (Collins 2002) that decodes with the aligner's
//! own DP, and the confidence calibration by logistic regression (Platt 1999) on the
//! beads the trained aligner predicts for held-out tasks.

use super::{calibration_inputs, Context, Model, NC, NF};
use crate::align::align_banded;
use crate::features::SentFeat;
use crate::pipeline::INITIAL_BAND;
use rayon::prelude::*;
use std::collections::HashSet;

/// A ladder of beads `(i0, di, j0, dj)`.
pub type Path = Vec<(usize, usize, usize, usize)>;

/// One training task: sentence features of both sides and the gold ladder.
pub struct Task {
    /// Source sentence features.
    pub src: Vec<SentFeat>,
    /// Target sentence features.
    pub tgt: Vec<SentFeat>,
    /// Gold beads `(i0, di, j0, dj)` in order, covering both sides.
    pub gold: Path,
}

impl Task {
    fn context<'a>(
        &'a self,
        zeros: &'a [usize],
        zeros2: &'a [usize],
        model: &'a Model,
    ) -> Context<'a> {
        Context::new(
            &self.src,
            &self.tgt,
            &zeros[..self.src.len()],
            &zeros2[..self.tgt.len()],
            model,
        )
    }

    /// Decodes with `model`: the predicted path and the posterior of each bead.
    pub fn decode(&self, model: &Model) -> (Path, Vec<f64>) {
        let z1 = vec![0usize; self.src.len()];
        let z2 = vec![0usize; self.tgt.len()];
        let ctx = self.context(&z1, &z2, model);
        let r = align_banded(
            self.src.len(),
            self.tgt.len(),
            &ctx,
            INITIAL_BAND,
            model.temperature,
        );
        (r.path, r.posteriors)
    }

    fn phi(&self, model: &Model, path: &[(usize, usize, usize, usize)]) -> [f64; NF] {
        let z1 = vec![0usize; self.src.len()];
        let z2 = vec![0usize; self.tgt.len()];
        let ctx = self.context(&z1, &z2, model);
        let mut acc = [0.0; NF];
        for &(i0, di, j0, dj) in path {
            let f = ctx.features(i0, di, j0, dj);
            for (a, v) in acc.iter_mut().zip(f) {
                *a += v;
            }
        }
        acc
    }
}

/// Estimates the Gale–Church s² from the gold 1-1 beads of `tasks`: the mean of
/// `(l2 − c·l1)² / ((l1 + l2/c)/2)`, with c per task.
pub fn estimate_s2(tasks: &[Task]) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for t in tasks {
        let l1: f64 = t.src.iter().map(|s| s.chars as f64).sum();
        let l2: f64 = t.tgt.iter().map(|s| s.chars as f64).sum();
        if l1 == 0.0 || l2 == 0.0 {
            continue;
        }
        let c = l2 / l1;
        for &(i0, di, j0, dj) in &t.gold {
            if (di, dj) == (1, 1) {
                let (a, b) = (t.src[i0].chars as f64, t.tgt[j0].chars as f64);
                let d = b - c * a;
                sum += d * d / ((a + b / c) / 2.0).max(1.0);
                n += 1;
            }
        }
    }
    if n == 0 {
        6.8
    } else {
        sum / n as f64
    }
}

/// Trains bead weights by the averaged perceptron for `epochs` passes over `tasks`,
/// starting from `model.weights`. Returns the averaged weights.
pub fn perceptron(tasks: &[Task], model: &Model, epochs: usize) -> Vec<f64> {
    let mut m = model.clone();
    let mut sum = [0.0; NF];
    let mut steps = 0usize;
    for epoch in 0..epochs {
        let mut errors = 0;
        // A fixed, epoch-dependent order (deterministic).
        let mut order: Vec<usize> = (0..tasks.len()).collect();
        order.sort_by_key(|&k| (k * 7919 + epoch * 104_729) % tasks.len().max(1));
        for &k in &order {
            let t = &tasks[k];
            let (pred, _) = t.decode(&m);
            if pred != t.gold {
                errors += 1;
                let g = t.phi(&m, &t.gold);
                let p = t.phi(&m, &pred);
                for (i, w) in m.weights.iter_mut().enumerate() {
                    *w += 0.1 * (g[i] - p[i]);
                }
            }
            for (s, w) in sum.iter_mut().zip(&m.weights) {
                *s += w;
            }
            steps += 1;
        }
        eprintln!(
            "perceptron epoch {}: {errors} of {} tasks decoded wrongly",
            epoch + 1,
            tasks.len()
        );
    }
    sum.iter().map(|s| s / steps.max(1) as f64).collect()
}

/// Labelled calibration examples: inputs and whether the predicted bead is in the gold.
pub fn calibration_data(tasks: &[Task], model: &Model) -> Vec<([f64; NC], bool)> {
    tasks
        .par_iter()
        .flat_map_iter(|t| {
            let (path, post) = t.decode(model);
            let gold: HashSet<_> = t.gold.iter().copied().collect();
            let z1 = vec![0usize; t.src.len()];
            let z2 = vec![0usize; t.tgt.len()];
            let ctx = t.context(&z1, &z2, model);
            path.iter()
                .zip(post)
                .map(|(b, p)| {
                    let f = ctx.features(b.0, b.1, b.2, b.3);
                    (calibration_inputs(p, &f), gold.contains(b))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Fits logistic-regression weights to `data` by Newton's method (IRLS) with a small L2
/// penalty (1e-3) for stability. Returns the weights, bias first.
pub fn fit_logistic(data: &[([f64; NC], bool)]) -> Vec<f64> {
    let mut w = vec![0.0; NC];
    w[1] = 1.0;
    for _ in 0..50 {
        let mut g = [0.0; NC];
        let mut h = [[0.0; NC]; NC];
        for (x, y) in data {
            let z: f64 = (0..NC).map(|k| w[k] * x[k]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let r = p - (*y as u8 as f64);
            let s = (p * (1.0 - p)).max(1e-9);
            for a in 0..NC {
                g[a] += r * x[a];
                for b in 0..NC {
                    h[a][b] += s * x[a] * x[b];
                }
            }
        }
        for a in 0..NC {
            g[a] += 1e-3 * w[a];
            h[a][a] += 1e-3;
        }
        let step = solve(h, g);
        let mut change = 0.0;
        for a in 0..NC {
            w[a] -= step[a];
            change += step[a].abs();
        }
        if change < 1e-9 {
            break;
        }
    }
    w
}

/// Solves `h · x = g` by Gaussian elimination with partial pivoting.
fn solve(mut h: [[f64; NC]; NC], mut g: [f64; NC]) -> [f64; NC] {
    for c in 0..NC {
        let p = (c..NC)
            .max_by(|&a, &b| h[a][c].abs().total_cmp(&h[b][c].abs()))
            .unwrap_or(c);
        h.swap(c, p);
        g.swap(c, p);
        let d = if h[c][c].abs() < 1e-12 {
            1e-12
        } else {
            h[c][c]
        };
        for r in c + 1..NC {
            let f = h[r][c] / d;
            let pivot = h[c];
            for (x, p) in h[r][c..].iter_mut().zip(&pivot[c..]) {
                *x -= f * p;
            }
            g[r] -= f * g[c];
        }
    }
    let mut x = [0.0; NC];
    for c in (0..NC).rev() {
        let s: f64 = (c + 1..NC).map(|k| h[c][k] * x[k]).sum();
        let d = if h[c][c].abs() < 1e-12 {
            1e-12
        } else {
            h[c][c]
        };
        x[c] = (g[c] - s) / d;
    }
    x
}

/// Mean log loss of `model`'s confidence on `data`.
pub fn log_loss(w: &[f64], data: &[([f64; NC], bool)]) -> f64 {
    let mut l = 0.0;
    for (x, y) in data {
        let z: f64 = (0..NC).map(|k| w[k] * x[k]).sum();
        let p = (1.0 / (1.0 + (-z).exp())).clamp(1e-12, 1.0 - 1e-12);
        l -= if *y { p.ln() } else { (1.0 - p).ln() };
    }
    l / data.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_regression_recovers_a_known_slope() {
        // y = 1 exactly when x > 0, with x on a grid: the fit must separate them.
        let data: Vec<([f64; NC], bool)> = (-50..50)
            .map(|k| {
                let x = k as f64 / 10.0 + 0.05;
                ([1.0, x, 0.0, 0.0, 0.0, 0.0], x > 0.0)
            })
            .collect();
        let w = fit_logistic(&data);
        assert!(w[1] > 5.0, "{w:?}");
        assert!(log_loss(&w, &data) < 0.1);
    }
}
