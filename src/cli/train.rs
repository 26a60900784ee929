//! `tmxalign train` (hidden): fits `data/model.json` on the even-numbered documents of
//! the NTREX benchmark. See `scripts/train.sh`.

use crate::document::Document;
use crate::error::{Error, Result, EXIT_OK};
use crate::features::{extract, lexicon::Lexicon};
use crate::lang::Lang;
use crate::score::train::{
    calibration_data, crf, estimate_s2, fit_logistic, fit_translation, log_loss, perceptron,
    translation_data, Task,
};
use crate::score::{Model, UNRELATED_BELOW};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `tmxalign train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The benchmark root (`../shared/bench/ntrex`).
    pub bench: PathBuf,
    /// Where to write the model JSON.
    #[arg(short = 'o', long)]
    pub output: PathBuf,
    /// How the bead weights are learned: `perceptron` (averaged structured perceptron,
    /// the shipped model), `crf` (logistic regression over ladders, L-BFGS; with
    /// `--cost`, softmax-margin) or `logistic` (logistic regression per candidate bead at
    /// the gold ladder's states, Newton). After `crf` and `logistic` the biases of the
    /// null, 2-1/1-2 and 2-2 beads are tuned for bead F1 on the calibration documents.
    /// Both do worse than the perceptron on the odd-numbered NTREX documents (noisy strict
    /// F1 en-ru 0.977 converged CRF, 0.968 logistic, against 0.984), so the perceptron is
    /// shipped (README, "Accuracy").
    #[arg(long, default_value = "perceptron", value_parser = ["crf", "logistic", "perceptron"])]
    pub objective: String,
    /// Perceptron epochs, or CRF L-BFGS iterations / 10 (`logistic` runs Newton to
    /// convergence and ignores it).
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// L2 penalty of `crf` and `logistic` (not on the bead-shape weights for `logistic`).
    #[arg(long, default_value_t = 1.0)]
    pub l2: f64,
    /// CRF softmax-margin cost of each wrong bead (Gimpel & Smith 2010); 0 trains by
    /// plain conditional likelihood.
    #[arg(long, default_value_t = 0.0)]
    pub cost: f64,
    /// Share of the target sentences (0 to 0.5) replaced, in an extra copy of every clean
    /// document, by a sentence of another document of the same fitting set: the gold
    /// ladder then has a 1-0 and a 0-1 bead there. It teaches the weights and the
    /// calibration that a 1-1 pair of unrelated sentences (a sentence rewritten or
    /// replaced in the translation) is not a translation; NTREX itself has deletions and
    /// merges but no such pairs. 0 adds no copies.
    #[arg(long, default_value_t = 0.0)]
    pub substitute: f64,
    /// Keep the shipped bead weights and s² and refit only the temperature and the
    /// confidence calibration.
    #[arg(long)]
    pub calibrate_only: bool,
    /// Expected share of 1-1 beads whose sentences are not translations of each other
    /// (a sentence rewritten or replaced in the translation): the prior with which the
    /// translation check lowers a 1-1 bead's confidence (see `Model::rewrite_prior`).
    #[arg(long, default_value_t = 0.01)]
    pub rewrite_prior: f64,
}

/// One clean document (all beads 1-1): source and target sentences.
type CleanDoc = (Vec<String>, Vec<String>);

/// Copies of the clean documents `docs` with a share `rate` of their target sentences
/// (never the first) replaced by target sentences of the other documents, and the
/// ladders that go with them: each replaced pair `[i]:[i]` becomes `[i]:[]`, `[]:[i]`.
/// Output: one (source, target, ladder of `(i0, di, j0, dj)` beads) per document, in order.
fn substituted(docs: &[CleanDoc], rate: f64) -> Vec<GeneratedTask> {
    use crate::score::train::splitmix64;
    let mut out = Vec::with_capacity(docs.len());
    for (k, (src, tgt)) in docs.iter().enumerate() {
        let mut state = 0x5eed_0000 + k as u64;
        let mut new_tgt = Vec::with_capacity(tgt.len());
        let mut gold = Vec::with_capacity(tgt.len() + 8);
        for (i, t) in tgt.iter().enumerate() {
            let draw = (splitmix64(&mut state) >> 11) as f64 / (1u64 << 53) as f64;
            let other = (splitmix64(&mut state) % docs.len() as u64) as usize;
            if i > 0 && draw < rate && other != k && !docs[other].1.is_empty() {
                let pick = (splitmix64(&mut state) % docs[other].1.len() as u64) as usize;
                new_tgt.push(docs[other].1[pick].clone());
                gold.push((i, 1, i, 0));
                gold.push((i + 1, 0, i, 1));
            } else {
                new_tgt.push(t.clone());
                gold.push((i, 1, i, 1));
            }
        }
        out.push((src.clone(), new_tgt, gold));
    }
    out
}

/// A generated task: source sentences, target sentences and the gold ladder.
type GeneratedTask = (Vec<String>, Vec<String>, crate::score::train::Path);

/// The tasks of the documents numbered `residue` mod 4 under `bench`'s en-ru and en-be
/// noisy and clean folders, plus, when `substitute` > 0, a substituted copy of every clean
/// one (see [`substituted`]).
fn load_tasks(bench: &Path, residue: usize, substitute: f64) -> Result<Vec<Task>> {
    let mut tasks = Vec::new();
    for (pair, lang) in [("en-ru", Lang::Ru), ("en-be", Lang::Be)] {
        let lex = Lexicon::builtin(lang);
        let mut clean: Vec<CleanDoc> = Vec::new();
        for variant in ["noisy", "clean"] {
            let dir = bench.join(pair).join(variant);
            let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| Error::input(&dir, crate::input::io_problem(&e)))?
                .flatten()
                .map(|e| e.path())
                .collect();
            docs.sort();
            for d in docs {
                let name = d.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let num: usize = name
                    .split('-')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                if num % 4 != residue {
                    continue;
                }
                let read = |f: &str| {
                    std::fs::read_to_string(d.join(f))
                        .map_err(|e| Error::input(&d.join(f), crate::input::io_problem(&e)))
                };
                let s = Document::presegmented(Lang::En, &read("src.txt")?);
                let t = Document::presegmented(lang, &read("tgt.txt")?);
                let gold = crate::eval::read_ladder(&d.join("gold.txt"))?;
                // Null beads need the position of the other side: follow the ladder.
                let mut fixed = Vec::with_capacity(gold.len());
                let (mut i, mut j) = (0, 0);
                for (di, dj) in gold.iter().map(|b| (b.src.len(), b.tgt.len())) {
                    if !crate::align::SHAPES.contains(&(di, dj)) {
                        return Err(Error::input(
                            &d.join("gold.txt"),
                            format!("a {di}-{dj} bead: the aligner's beads are 1-1, 1-0, 0-1, 2-1, 1-2 and 2-2"),
                        ));
                    }
                    fixed.push((i, di, j, dj));
                    i += di;
                    j += dj;
                }
                if (i, j) != (s.len(), t.len()) {
                    return Err(Error::input(
                        &d.join("gold.txt"),
                        format!(
                            "the beads cover {i} source and {j} target sentences, but src.txt has {} and tgt.txt {}",
                            s.len(),
                            t.len()
                        ),
                    ));
                }
                if variant == "clean" && fixed.iter().all(|b| b.1 == 1 && b.3 == 1) {
                    clean.push((s.sentences.clone(), t.sentences.clone()));
                }
                tasks.push(task(&s.sentences, &t.sentences, lang, lex, fixed));
            }
        }
        if substitute > 0.0 {
            for (s, t, gold) in substituted(&clean, substitute) {
                tasks.push(task(&s, &t, lang, lex, gold));
            }
        }
    }
    Ok(tasks)
}

/// The features of one document pair (English source) and its gold ladder as a task.
fn task(
    src: &[String],
    tgt: &[String],
    lang: Lang,
    lex: &Lexicon,
    gold: crate::score::train::Path,
) -> Task {
    let ss: Vec<&str> = src.iter().map(String::as_str).collect();
    let ts: Vec<&str> = tgt.iter().map(String::as_str).collect();
    let (sf, tf) = extract(&ss, Lang::En, &ts, lang, lex);
    Task {
        src: sf,
        tgt: tf,
        gold,
    }
}

/// Runs `tmxalign train`: fits the model on the benchmark and writes it; returns 0.
///
/// Errors: missing benchmark files or unwritable output.
pub fn run(a: TrainArgs) -> Result<i32> {
    let check = |ok: bool, option: &str, value: String, rule: &str| {
        if ok {
            Ok(())
        } else {
            Err(Error::Usage(format!("{option} {value}: must be {rule}")))
        }
    };
    check(
        a.l2.is_finite() && a.l2 >= 0.0,
        "--l2",
        a.l2.to_string(),
        "a number >= 0",
    )?;
    check(
        a.cost.is_finite() && (0.0..=100.0).contains(&a.cost),
        "--cost",
        a.cost.to_string(),
        "a number from 0 to 100",
    )?;
    check(
        (1..=1000).contains(&a.epochs),
        "--epochs",
        a.epochs.to_string(),
        "from 1 to 1000",
    )?;
    check(
        a.rewrite_prior.is_finite() && (0.0..0.5).contains(&a.rewrite_prior),
        "--rewrite-prior",
        a.rewrite_prior.to_string(),
        "a share from 0 to below 0.5",
    )?;
    check(
        a.substitute.is_finite() && (0.0..=0.5).contains(&a.substitute),
        "--substitute",
        a.substitute.to_string(),
        "a share from 0 to 0.5",
    )?;
    crate::output::check_target(&a.output)?;
    let fit = load_tasks(&a.bench, 0, a.substitute)?;
    let held = load_tasks(&a.bench, 2, a.substitute)?;
    // Without tasks every weight would stay zero: a model that cannot align.
    for (tasks, which) in [(&fit, "0"), (&held, "2")] {
        if tasks.is_empty() {
            return Err(Error::input(
                &a.bench,
                format!("has no task folders numbered {which} mod 4 under en-ru/ and en-be/ noisy/ and clean/ (folders are named NNN-…, as in ../shared/bench/ntrex); nothing to fit on"),
            ));
        }
    }
    eprintln!(
        "train: {} weight tasks (docs ≡ 0 mod 4), {} calibration tasks (≡ 2 mod 4)",
        fit.len(),
        held.len()
    );
    let mut model = Model::builtin().clone();
    if !a.calibrate_only {
        model.s2 = estimate_s2(&fit);
        eprintln!("train: s2 = {:.3}", model.s2);
    }
    model.weights = if a.calibrate_only {
        model.weights.clone()
    } else if a.objective == "crf" {
        model.weights = crf(&fit, &model, a.epochs * 10, a.l2, a.cost);
        // Likelihood training leaves the rare null beads' Viterbi decision untuned.
        crate::score::train::tune_shape_bias(&held, &model)
    } else if a.objective == "logistic" {
        model.weights = crate::score::train::logistic(&fit, &model, a.l2);
        crate::score::train::tune_shape_bias(&held, &model)
    } else {
        perceptron(&fit, &model, a.epochs)
    };
    // The translation check: fitted on the weight documents, measured on the
    // calibration ones.
    model.translation = fit_translation(&fit, &model).to_vec();
    model.rewrite_prior = a.rewrite_prior;
    let test = translation_data(&held, &model, 0x7a12);
    let flagged = |want: bool| {
        test.iter()
            .filter(|e| {
                e.1 == want && model.translation_probability_at(&e.0, 0.5) < UNRELATED_BELOW
            })
            .count()
    };
    let n_pos = test.iter().filter(|e| e.1).count();
    eprintln!(
        "train: translation check below {UNRELATED_BELOW} on the calibration documents: {} of {} translations, {} of {} same-document unrelated pairs",
        flagged(true),
        n_pos,
        flagged(false),
        test.len() - n_pos
    );
    let mut best: Option<(f64, f64, Vec<f64>)> = None;
    for t in [0.5, 1.0, 2.0, 4.0] {
        model.temperature = t;
        let data = calibration_data(&held, &model);
        let w = fit_logistic(&data);
        let l = log_loss(&w, &data);
        eprintln!(
            "train: temperature {t}: calibration log loss {l:.4} on {} beads",
            data.len()
        );
        if best.as_ref().is_none_or(|b| l < b.0) {
            best = Some((l, t, w));
        }
    }
    let (_, t, w) = best.expect("at least one temperature");
    model.temperature = t;
    model.calibration = w;
    model.provenance = if a.calibrate_only {
        let builtin = &Model::builtin().provenance;
        let kept = builtin.split("; calibration").next().unwrap_or(builtin);
        format!(
            "{kept}; calibration refitted on 2 mod 4 (substitute {}), translation check on 0 mod 4 (rewrite prior {})",
            a.substitute, a.rewrite_prior
        )
    } else {
        format!(
            "tmxalign train, {} weights ({} epochs/10s of iterations, l2 {}, cost {}, substitute {}): weights and translation check (rewrite prior {}) on NTREX en-ru/en-be noisy+clean documents numbered 0 mod 4, calibration on 2 mod 4; odd documents never seen",
            a.objective, a.epochs, a.l2, a.cost, a.substitute, a.rewrite_prior
        )
    };
    let json = serde_json::to_string_pretty(&model).map_err(|e| Error::Internal(e.to_string()))?;
    crate::output::write_atomic(&a.output, format!("{json}\n").as_bytes())?;
    eprintln!("train: wrote {}", a.output.display());
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<CleanDoc> {
        (0..4)
            .map(|d| {
                let n = 200;
                let src = (0..n).map(|i| format!("s{d}.{i}")).collect();
                let tgt = (0..n).map(|i| format!("t{d}.{i}")).collect();
                (src, tgt)
            })
            .collect()
    }

    #[test]
    fn substituted_copies_replace_a_share_of_targets_and_keep_a_valid_ladder() {
        let docs = docs();
        let out = substituted(&docs, 0.1);
        assert_eq!(out.len(), 4);
        let mut replaced = 0;
        for (k, (src, tgt, gold)) in out.iter().enumerate() {
            assert_eq!(src, &docs[k].0);
            assert_eq!(tgt.len(), docs[k].1.len());
            // The first target sentence is never replaced.
            assert_eq!(tgt[0], docs[k].1[0]);
            // The ladder covers every sentence once, in order.
            let (mut i, mut j) = (0, 0);
            for &(i0, di, j0, dj) in gold {
                assert_eq!((i0, j0), (i, j));
                i += di;
                j += dj;
            }
            assert_eq!((i, j), (src.len(), tgt.len()));
            for (j, t) in tgt.iter().enumerate() {
                if t != &docs[k].1[j] {
                    replaced += 1;
                    // From another document, and the gold ladder has 1-0 then 0-1 there.
                    assert!(!t.starts_with(&format!("t{k}.")), "{t}");
                    assert!(gold.contains(&(j, 1, j, 0)) && gold.contains(&(j + 1, 0, j, 1)));
                } else {
                    assert!(gold.contains(&(j, 1, j, 1)));
                }
            }
        }
        // About 10% of 796 replaceable sentences, less the draws of the same document.
        assert!((40..=100).contains(&replaced), "{replaced}");
        // Deterministic.
        assert_eq!(substituted(&docs, 0.1), out);
        assert!(substituted(&docs, 0.0)
            .iter()
            .all(|(_, _, g)| g.iter().all(|b| b.1 == 1 && b.3 == 1)));
    }
}
