//! Fitting the [`Model`]: the Gale–Church variance from gold 1-1 beads, the bead weights
//! as a CRF over beads (logistic regression over ladders, [`crf`]), by logistic
//! regression per candidate bead ([`logistic`]) or by an averaged structured perceptron
//! (Collins 2002) that decodes with the aligner's own DP, and the
//! confidence calibration by logistic regression (Platt 1999) on the
//! beads the trained aligner predicts for held-out tasks.

use super::{calibration_inputs, Context, Model, NC, NF, NT};
use crate::align::{align_banded, bead_marginals};
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

/// Weights that training leaves as they are: `crosses-paragraph` (the benchmark tasks
/// have no paragraphs, so it never fires; its weight is set by hand).
const FIXED: [usize; 1] = [19];

/// A bead scorer that adds `cost` to every bead not in `gold`: the cost-augmented
/// distribution of softmax-margin training (Gimpel & Smith 2010).
struct CostAugmented<'a> {
    ctx: &'a Context<'a>,
    gold: &'a HashSet<(usize, usize, usize, usize)>,
    cost: f64,
}

impl crate::align::BeadScorer for CostAugmented<'_> {
    fn score(&self, i0: usize, di: usize, j0: usize, dj: usize) -> f64 {
        let wrong = !self.gold.contains(&(i0, di, j0, dj));
        self.ctx.score(i0, di, j0, dj) + if wrong { self.cost } else { 0.0 }
    }

    fn score_row(&self, i: usize, lo: usize, hi: usize, out: &mut [f32]) {
        use crate::align::SHAPES;
        self.ctx.score_row(i, lo, hi, out);
        for j in lo..=hi {
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                if i >= di && j >= dj && !self.gold.contains(&(i - di, di, j - dj, dj)) {
                    out[(j - lo) * SHAPES.len() + s] += self.cost as f32;
                }
            }
        }
    }
}

/// Conditional log-likelihood of the gold ladders under weights `w` (scores are `w · φ`,
/// temperature 1), and its gradient `Σ φ(gold) − E[φ]`, summed over `tasks`. With
/// `cost` > 0 the expectation is under the cost-augmented distribution (every bead not
/// in the gold ladder scores `cost` more): the softmax-margin objective of Gimpel &
/// Smith (2010), which asks the gold ladder to beat wrong ones by a margin that grows
/// with their number of wrong beads.
fn crf_objective(tasks: &[Task], model: &Model, w: &[f64], cost: f64) -> (f64, [f64; NF]) {
    let mut m = model.clone();
    m.weights = w.to_vec();
    tasks
        .par_iter()
        .map(|t| {
            let z1 = vec![0usize; t.src.len()];
            let z2 = vec![0usize; t.tgt.len()];
            let ctx = t.context(&z1, &z2, &m);
            let gold: HashSet<_> = t.gold.iter().copied().collect();
            let aug = CostAugmented {
                ctx: &ctx,
                gold: &gold,
                cost,
            };
            let (log_z, marg) = bead_marginals(t.src.len(), t.tgt.len(), &aug, 1.0);
            let mut grad = [0.0; NF];
            let mut gold = 0.0;
            for &(i0, di, j0, dj) in &t.gold {
                let f = ctx.features(i0, di, j0, dj);
                gold += super::dot(w, &f);
                for (g, v) in grad.iter_mut().zip(f) {
                    *g += v;
                }
            }
            for ((i0, di, j0, dj), p) in marg {
                let f = ctx.features(i0, di, j0, dj);
                for (g, v) in grad.iter_mut().zip(f) {
                    *g -= p * v;
                }
            }
            (gold - log_z, grad)
        })
        .reduce(
            || (0.0, [0.0; NF]),
            |(a, mut ga), (b, gb)| {
                for (x, y) in ga.iter_mut().zip(gb) {
                    *x += y;
                }
                (a + b, ga)
            },
        )
}

/// Trains bead weights as a linear-chain CRF over beads — multinomial logistic
/// regression over ladders (Lafferty et al. 2001) — by maximising the conditional
/// log-likelihood of the gold ladders minus an L2 penalty `l2/2 · |w|²`, with L-BFGS
/// (Nocedal & Wright 2006, Algorithm 7.4, 10 pairs) and a backtracking (Armijo) line
/// search, for at most `iterations` steps, starting from `model.weights`. `cost` > 0
/// trains by softmax-margin instead (see [`crf_objective`]). Weights in
/// [`FIXED`] are left alone. Returns the weights.
pub fn crf(tasks: &[Task], model: &Model, iterations: usize, l2: f64, cost: f64) -> Vec<f64> {
    // Minimise f(w) = −LL + l2/2 |w|².
    let eval = |w: &[f64]| -> (f64, Vec<f64>) {
        let (ll, g) = crf_objective(tasks, model, w, cost);
        let mut f = -ll;
        let mut grad = vec![0.0; NF];
        for k in 0..NF {
            if FIXED.contains(&k) {
                continue;
            }
            f += 0.5 * l2 * w[k] * w[k];
            grad[k] = -g[k] + l2 * w[k];
        }
        (f, grad)
    };
    let dotv = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut w = model.weights.clone();
    let (mut f, mut g) = eval(&w);
    let mut hist: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    for it in 0..iterations {
        // Two-loop recursion: d = −H·g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(hist.len());
        for (s, y) in hist.iter().rev() {
            let a = dotv(s, &q) / dotv(y, s);
            for (qk, yk) in q.iter_mut().zip(y) {
                *qk -= a * yk;
            }
            alphas.push(a);
        }
        let gamma = hist.last().map_or(1e-3, |(s, y)| dotv(s, y) / dotv(y, y));
        for qk in q.iter_mut() {
            *qk *= gamma;
        }
        for ((s, y), a) in hist.iter().zip(alphas.into_iter().rev()) {
            let b = dotv(y, &q) / dotv(y, s);
            for (qk, sk) in q.iter_mut().zip(s) {
                *qk += (a - b) * sk;
            }
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dotv(&g, &d);
        if slope >= 0.0 {
            hist.clear();
            continue;
        }
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            let wn: Vec<f64> = w.iter().zip(&d).map(|(a, b)| a + step * b).collect();
            let (fnew, gnew) = eval(&wn);
            if fnew <= f + 1e-4 * step * slope {
                accepted = Some((wn, fnew, gnew));
                break;
            }
            step *= 0.5;
        }
        let Some((wn, fnew, gnew)) = accepted else {
            break;
        };
        let s_vec: Vec<f64> = wn.iter().zip(&w).map(|(a, b)| a - b).collect();
        let y_vec: Vec<f64> = gnew.iter().zip(&g).map(|(a, b)| a - b).collect();
        if dotv(&s_vec, &y_vec) > 1e-12 {
            hist.push((s_vec, y_vec));
            if hist.len() > 10 {
                hist.remove(0);
            }
        }
        let done = (f - fnew).abs() < 1e-7 * f.abs().max(1.0);
        w = wn;
        f = fnew;
        g = gnew;
        eprintln!("crf iteration {}: objective {f:.3}", it + 1);
        if done {
            break;
        }
    }
    w
}

/// Labelled bead candidates for local logistic regression: at every state `(i0, j0)`
/// where a gold bead starts, every bead shape of [`crate::align::SHAPES`] that fits in the
/// task, labelled `true` for the gold bead and `false` for the others. These are the
/// choices the DP makes at that point of the gold ladder (pair, skip, merge), so the
/// negatives are the hard ones rather than unrelated sentence pairs. Returns
/// (features, label) pairs, about six per gold bead.
pub fn local_examples(tasks: &[Task], model: &Model) -> Vec<([f64; NF], bool)> {
    use crate::align::SHAPES;
    tasks
        .par_iter()
        .flat_map_iter(|t| {
            let z1 = vec![0usize; t.src.len()];
            let z2 = vec![0usize; t.tgt.len()];
            let ctx = t.context(&z1, &z2, model);
            let mut out = Vec::with_capacity(t.gold.len() * SHAPES.len());
            for &(i0, di, j0, dj) in &t.gold {
                for &(a, b) in &SHAPES {
                    if i0 + a > t.src.len() || j0 + b > t.tgt.len() {
                        continue;
                    }
                    out.push((ctx.features(i0, a, j0, b), (a, b) == (di, dj)));
                }
            }
            out
        })
        .collect()
}

/// Trains bead weights by local logistic regression: P(bead is the gold one | its start
/// state is on the gold ladder) = σ(w · φ(bead)), fitted by Newton's method on
/// [`local_examples`] with an L2 penalty `l2/2 · |w|²` (the shape indicators act as the
/// intercepts and are not penalised). The bead score the DP sums is then the log-odds
/// `w · φ`. Weights in [`FIXED`] keep `model`'s values. Returns the weights.
pub fn logistic(tasks: &[Task], model: &Model, l2: f64) -> Vec<f64> {
    let data = local_examples(tasks, model);
    let positives = data.iter().filter(|d| d.1).count();
    eprintln!("logistic: {} candidate beads, {positives} gold", data.len());
    let mut pen = [l2; NF];
    for p in pen.iter_mut().take(6) {
        *p = 1e-6;
    }
    for &k in &FIXED {
        pen[k] = 1.0;
    }
    let w = fit_logistic_l2(&data, [0.0; NF], &pen);
    let mut out = w.to_vec();
    for &k in &FIXED {
        out[k] = model.weights[k];
    }
    out
}

/// Bead-level F1 of `model` on `tasks`: a predicted bead counts when it is in the gold
/// ladder exactly (null beads included). Returns (hits, predicted, gold) summed.
pub fn bead_counts(tasks: &[Task], model: &Model) -> (usize, usize, usize) {
    tasks
        .par_iter()
        .map(|t| {
            let (path, _) = t.decode(model);
            let gold: HashSet<_> = t.gold.iter().copied().collect();
            let hits = path.iter().filter(|b| gold.contains(b)).count();
            (hits, path.len(), t.gold.len())
        })
        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
}

/// Tunes the decision bias of the bead shapes on `tasks` for bead F1, by coordinate
/// ascent over three groups — null beads (1-0 and 0-1), 2-1/1-2 merges, and 2-2 — each
/// bias in −3…3 in steps of 0.25 added to the shapes' type weights, two rounds. A
/// likelihood-trained model is calibrated for probabilities, not for the Viterbi
/// decision on rare bead types; shifting their bias is the usual threshold tuning for F1.
/// Returns the tuned weights.
pub fn tune_shape_bias(tasks: &[Task], model: &Model) -> Vec<f64> {
    let groups: [&[usize]; 3] = [&[1, 2], &[3, 4], &[5]];
    let f1_of = |m: &Model| {
        let (h, p, g) = bead_counts(tasks, m);
        2.0 * h as f64 / (p + g).max(1) as f64
    };
    let mut m = model.clone();
    let mut best = f1_of(&m);
    eprintln!("train: bead F1 {best:.4} on the calibration tasks before bias tuning");
    for _round in 0..2 {
        for (gi, group) in groups.iter().enumerate() {
            let base = m.clone();
            let mut best_d = 0.0;
            for k in -12..=12 {
                let d = k as f64 * 0.25;
                if d == 0.0 {
                    continue;
                }
                let mut t = base.clone();
                for &s in *group {
                    t.weights[s] += d;
                }
                let f1 = f1_of(&t);
                if f1 > best + 1e-9 {
                    best = f1;
                    best_d = d;
                }
            }
            for &s in *group {
                m.weights[s] = base.weights[s] + best_d;
            }
            eprintln!(
                "train: bias group {gi} {best_d:+.2} (bead F1 {best:.4} on the calibration tasks)"
            );
        }
    }
    m.weights
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

/// Labelled examples for the translation check ([`Context::translation_inputs`]):
/// every gold 1-1 bead of `tasks` (a translation) and, for each, the same source sentence
/// paired with a target sentence of the same document at least two places away from its
/// own (a rewritten or replaced sentence: same topic, names and numbers, other content).
/// The other sentence is drawn by splitmix64 from `seed`, so the data are the same on
/// every run.
pub fn translation_data(tasks: &[Task], model: &Model, seed: u64) -> Vec<([f64; NT], bool)> {
    let mut out = Vec::new();
    let mut state = seed;
    for t in tasks {
        let z1 = vec![0usize; t.src.len()];
        let z2 = vec![0usize; t.tgt.len()];
        let ctx = t.context(&z1, &z2, model);
        let m = t.tgt.len();
        for &(i, di, j, dj) in &t.gold {
            if (di, dj) != (1, 1) {
                continue;
            }
            out.push((ctx.translation_inputs(i, j), true));
            if m < 5 {
                continue;
            }
            let other = loop {
                let k = (splitmix64(&mut state) % m as u64) as usize;
                if k.abs_diff(j) >= 2 {
                    break k;
                }
            };
            out.push((ctx.translation_inputs(i, other), false));
        }
    }
    out
}

/// Fits the translation check on `tasks` ([`translation_data`], balanced classes):
/// logistic-regression weights over [`translation_inputs`], bias first.
pub fn fit_translation(tasks: &[Task], model: &Model) -> [f64; NT] {
    let data = translation_data(tasks, model, 0x7a11);
    let mut init = [0.0; NT];
    init[1] = 1.0;
    fit_logistic_l2(&data, init, &[1e-3; NT])
}

/// splitmix64 (Steele, Lea & Flood 2014): a small deterministic generator, so that
/// generated data, and hence a fitted model, are the same on every machine.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d4_9bb8_2331_13eb);
    z ^ (z >> 31)
}

/// Fits logistic-regression weights to `data` by Newton's method (IRLS) with a small L2
/// penalty (1e-3) for stability. Returns the weights, bias first.
pub fn fit_logistic(data: &[([f64; NC], bool)]) -> Vec<f64> {
    let mut init = [0.0; NC];
    init[1] = 1.0;
    fit_logistic_l2(data, init, &[1e-3; NC]).to_vec()
}

/// Fits logistic-regression weights `w` (P(y) = σ(w · x)) to `data` by Newton's method
/// (iteratively reweighted least squares), from `init`, minimising the mean log loss
/// times the number of examples plus `Σ l2[k]/2 · w[k]²`. Stops after 50 steps or when
/// a step changes the weights by less than 1e-9 in total. Returns the weights.
pub fn fit_logistic_l2<const N: usize>(
    data: &[([f64; N], bool)],
    init: [f64; N],
    l2: &[f64; N],
) -> [f64; N] {
    let mut w = init;
    for _ in 0..50 {
        let (mut g, mut h) = data
            .par_chunks(4096)
            .map(|chunk| {
                let mut g = [0.0; N];
                let mut h = [[0.0; N]; N];
                for (x, y) in chunk {
                    let z: f64 = (0..N).map(|k| w[k] * x[k]).sum();
                    let p = 1.0 / (1.0 + (-z).exp());
                    let r = p - (*y as u8 as f64);
                    let s = (p * (1.0 - p)).max(1e-9);
                    for a in 0..N {
                        if x[a] == 0.0 {
                            continue;
                        }
                        g[a] += r * x[a];
                        for b in 0..N {
                            h[a][b] += s * x[a] * x[b];
                        }
                    }
                }
                (g, h)
            })
            .reduce(
                || ([0.0; N], [[0.0; N]; N]),
                |(mut g, mut h), (g2, h2)| {
                    for a in 0..N {
                        g[a] += g2[a];
                        for b in 0..N {
                            h[a][b] += h2[a][b];
                        }
                    }
                    (g, h)
                },
            );
        for a in 0..N {
            g[a] += l2[a] * w[a];
            h[a][a] += l2[a];
        }
        let step = solve(h, g);
        let mut change = 0.0;
        for a in 0..N {
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
fn solve<const N: usize>(mut h: [[f64; N]; N], mut g: [f64; N]) -> [f64; N] {
    for c in 0..N {
        let p = (c..N)
            .max_by(|&a, &b| h[a][c].abs().total_cmp(&h[b][c].abs()))
            .unwrap_or(c);
        h.swap(c, p);
        g.swap(c, p);
        let d = if h[c][c].abs() < 1e-12 {
            1e-12
        } else {
            h[c][c]
        };
        for r in c + 1..N {
            let f = h[r][c] / d;
            let pivot = h[c];
            for (x, p) in h[r][c..].iter_mut().zip(&pivot[c..]) {
                *x -= f * p;
            }
            g[r] -= f * g[c];
        }
    }
    let mut x = [0.0; N];
    for c in (0..N).rev() {
        let s: f64 = (c + 1..N).map(|k| h[c][k] * x[k]).sum();
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
    use crate::align::BeadScorer;
    use crate::features::{extract, lexicon::Lexicon};
    use crate::Lang;

    fn toy_task() -> Task {
        let en = [
            "The president met the minister in Minsk on 21 November.",
            "They discussed trade and energy.",
            "The talks lasted three hours.",
        ];
        let ru = [
            "Президент встретился с министром в Минске 21 ноября.",
            "Они обсудили торговлю и энергетику.",
            "Переговоры длились три часа.",
        ];
        let (src, tgt) = extract(&en, Lang::En, &ru, Lang::Ru, Lexicon::builtin(Lang::Ru));
        Task {
            src,
            tgt,
            gold: vec![(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 1)],
        }
    }

    #[test]
    fn cost_augmented_rows_add_the_cost_to_wrong_beads_only() {
        use crate::align::SHAPES;
        let t = toy_task();
        let model = Model::builtin();
        let z = vec![0usize; 3];
        let ctx = t.context(&z, &z, model);
        let gold: HashSet<_> = t.gold.iter().copied().collect();
        let aug = CostAugmented {
            ctx: &ctx,
            gold: &gold,
            cost: 2.5,
        };
        let mut plain = vec![f32::NEG_INFINITY; 4 * SHAPES.len()];
        let mut with_cost = plain.clone();
        ctx.score_row(2, 0, 3, &mut plain);
        aug.score_row(2, 0, 3, &mut with_cost);
        for j in 0..=3 {
            for (s, &(di, dj)) in SHAPES.iter().enumerate() {
                if 2 < di || j < dj {
                    continue;
                }
                let k = j * SHAPES.len() + s;
                let bead = (2 - di, di, j - dj, dj);
                let want = if gold.contains(&bead) { 0.0 } else { 2.5 };
                assert!((with_cost[k] - plain[k] - want).abs() < 1e-4, "{bead:?}");
                let one = aug.score(bead.0, di, bead.2, dj) as f32;
                assert!((with_cost[k] - one).abs() < 1e-3, "{bead:?}");
            }
        }
    }

    #[test]
    fn softmax_margin_lowers_the_likelihood_of_the_gold_ladder() {
        // The cost raises every wrong ladder's score and leaves the gold one alone, so the
        // cost-augmented log-likelihood is lower, and more so for a larger cost.
        // Weights scaled down so that the gold ladder is likely but not certain.
        let tasks = [toy_task()];
        let model = Model::builtin();
        let w: Vec<f64> = model.weights.iter().map(|w| w * 0.2).collect();
        let (ll0, _) = crf_objective(&tasks, model, &w, 0.0);
        let (ll1, _) = crf_objective(&tasks, model, &w, 1.0);
        let (ll3, _) = crf_objective(&tasks, model, &w, 3.0);
        assert!(ll0 < -1e-3 && ll0 > -3.0, "{ll0}");
        assert!(ll1 < ll0 - 1e-6, "{ll1} vs {ll0}");
        assert!(ll3 < ll1 - 1e-6, "{ll3} vs {ll1}");
    }

    #[test]
    fn null_bias_tuning_restores_a_missed_omission() {
        // The second English sentence has no translation. With the null beads' weights
        // lowered by 8 the decoder glues it to a neighbour; tuning must find a bias
        // back up that decodes the gold ladder exactly.
        let en = [
            "The president met the minister in Minsk on 21 November.",
            "The weather in the capital was cold and wet that morning.",
            "They discussed trade and energy.",
            "The talks lasted three hours.",
        ];
        let ru = [
            "Президент встретился с министром в Минске 21 ноября.",
            "Они обсудили торговлю и энергетику.",
            "Переговоры длились три часа.",
        ];
        let (src, tgt) = extract(&en, Lang::En, &ru, Lang::Ru, Lexicon::builtin(Lang::Ru));
        let gold = vec![(0, 1, 0, 1), (1, 1, 1, 0), (2, 1, 1, 1), (3, 1, 2, 1)];
        let tasks = [Task { src, tgt, gold }];
        let mut model = Model::builtin().clone();
        assert_eq!(bead_counts(&tasks, &model), (4, 4, 4));
        model.weights[1] -= 8.0;
        model.weights[2] -= 8.0;
        let (hits, _, _) = bead_counts(&tasks, &model);
        assert!(hits < 4, "the lowered null weight must lose the omission");
        let tuned = tune_shape_bias(&tasks, &model);
        let shift = tuned[1] - model.weights[1];
        assert!(shift > 0.0 && shift <= 3.0, "{shift}");
        assert_eq!(tuned[2] - model.weights[2], shift);
        assert_eq!(tuned[0], model.weights[0]);
        model.weights = tuned;
        assert_eq!(bead_counts(&tasks, &model), (4, 4, 4));
    }

    #[test]
    fn newton_recovers_the_weights_that_generated_the_labels() {
        // Labels drawn from P(y) = σ(0.5 + 1.5·x1 − 2·x2) with a fixed pseudo-random
        // sequence (a 64-bit LCG, Knuth MMIX constants).
        let mut state = 42u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut data = Vec::new();
        for a in -20..=20 {
            for b in -20..=20 {
                let (x1, x2) = (a as f64 / 10.0, b as f64 / 10.0);
                let p = 1.0 / (1.0 + (-(0.5 + 1.5 * x1 - 2.0 * x2)).exp());
                for _ in 0..5 {
                    data.push(([1.0, x1, x2], uniform() < p));
                }
            }
        }
        let w = fit_logistic_l2(&data, [0.0; 3], &[1e-6; 3]);
        for (got, want) in w.iter().zip([0.5, 1.5, -2.0]) {
            assert!((got - want).abs() < 0.15, "{w:?}");
        }
    }

    #[test]
    fn local_examples_hold_one_gold_bead_per_ladder_state() {
        let t = toy_task();
        let model = Model::builtin();
        let ex = local_examples(std::slice::from_ref(&t), model);
        // Three gold beads; from (0,0) and (1,1) all six shapes fit, from (2,2) only
        // 1-1, 1-0 and 0-1 (the sides end there).
        assert_eq!(ex.len(), 6 + 6 + 3);
        assert_eq!(ex.iter().filter(|e| e.1).count(), 3);
        // Each positive is a 1-1 bead (type indicator 0).
        assert!(ex.iter().filter(|e| e.1).all(|e| e.0[0] == 1.0));
        // Logistic weights fitted on the toy task decode its gold ladder.
        let mut m = model.clone();
        m.weights = logistic(&[t], model, 0.1);
        assert_eq!(m.weights[19], model.weights[19], "fixed weight kept");
        assert_eq!(bead_counts(&[toy_task()], &m), (3, 3, 3));
    }

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
