//! Scoring alignments against gold beads: strict and lax precision, recall and F1,
//! omission F1 and expected calibration error, as defined in the NTREX benchmark README
//! (after Sennrich & Volk 2011, as used by vecalign and bertalign).

pub mod units;

use crate::beads::{check_ladder, parse_numbered_beads, BeadLine};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Number of equal-width confidence bins for ECE and the reliability table.
pub const BINS: usize = 10;

/// Counts accumulated over tasks (micro-averaging).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Counts {
    /// Tasks scored.
    pub tasks: usize,
    /// Predicted beads (null beads included).
    pub pred: usize,
    /// Predicted beads equal to a gold bead.
    pub pred_strict: usize,
    /// Predicted beads that overlap a gold bead on both sides (null beads: equal one).
    pub pred_lax: usize,
    /// Gold beads with both sides non-empty.
    pub gold: usize,
    /// Such gold beads predicted exactly.
    pub gold_strict: usize,
    /// Such gold beads overlapped on both sides by a predicted bead.
    pub gold_lax: usize,
    /// Sentences the prediction leaves unaligned.
    pub omit_pred: usize,
    /// Sentences the gold leaves unaligned.
    pub omit_gold: usize,
    /// Sentences both leave unaligned.
    pub omit_both: usize,
    /// Per confidence bin: beads, sum of confidence, beads strictly correct.
    pub bins: Vec<(usize, f64, usize)>,
    /// Tasks without a prediction file, scored as empty predictions.
    pub missing_pred: usize,
}

/// One row of the reliability table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BinRow {
    /// Lower edge of the bin.
    pub from: f64,
    /// Upper edge of the bin.
    pub to: f64,
    /// Beads whose confidence falls in the bin.
    pub beads: usize,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// Share of them that are strictly correct.
    pub accuracy: f64,
}

/// Final scores.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scores {
    /// Raw counts.
    pub counts: Counts,
    /// Strict precision, recall, F1.
    pub strict: Prf,
    /// Lax precision, recall, F1.
    pub lax: Prf,
    /// Omission precision, recall, F1 over unaligned sentence ids.
    pub omission: Prf,
    /// Expected calibration error (10 bins) of confidence against strict correctness.
    pub ece: f64,
    /// Reliability table.
    pub reliability: Vec<BinRow>,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1, the harmonic mean.
    pub f1: f64,
}

impl Prf {
    /// From hit counts: `p_hit` of `p_all` predicted, `r_hit` of `r_all` gold. An empty
    /// denominator gives 1 (nothing to find, nothing wrong).
    pub fn new(p_hit: usize, p_all: usize, r_hit: usize, r_all: usize) -> Prf {
        let p = if p_all == 0 {
            1.0
        } else {
            p_hit as f64 / p_all as f64
        };
        let r = if r_all == 0 {
            1.0
        } else {
            r_hit as f64 / r_all as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Prf {
            precision: p,
            recall: r,
            f1,
        }
    }
}

impl Counts {
    /// Adds one task: `gold` and `pred` beads of the same document pair. Predicted beads
    /// without a confidence count as confidence 1.
    pub fn add(&mut self, gold: &[BeadLine], pred: &[BeadLine]) {
        if self.bins.is_empty() {
            self.bins = vec![(0, 0.0, 0); BINS];
        }
        self.tasks += 1;
        let key = |b: &BeadLine| (b.src.clone(), b.tgt.clone());
        let gold_set: HashSet<_> = gold.iter().map(key).collect();
        let pred_overlaps = overlapping(pred, gold);
        for (p, overlaps) in pred.iter().zip(pred_overlaps) {
            self.pred += 1;
            let strict = gold_set.contains(&key(p));
            if strict {
                self.pred_strict += 1;
            }
            if strict || overlaps {
                self.pred_lax += 1;
            }
            let c = p.confidence.unwrap_or(1.0);
            let bin = ((c * BINS as f64) as usize).min(BINS - 1);
            self.bins[bin].0 += 1;
            self.bins[bin].1 += c;
            self.bins[bin].2 += strict as usize;
        }
        let pred_set: HashSet<_> = pred.iter().map(key).collect();
        let gold_overlaps = overlapping(gold, pred);
        for (g, overlaps) in gold.iter().zip(gold_overlaps) {
            if g.src.is_empty() || g.tgt.is_empty() {
                continue;
            }
            self.gold += 1;
            if pred_set.contains(&key(g)) {
                self.gold_strict += 1;
            }
            if overlaps {
                self.gold_lax += 1;
            }
        }
        let unaligned = |beads: &[BeadLine]| -> HashSet<(bool, usize)> {
            let mut s = HashSet::new();
            for b in beads {
                if b.tgt.is_empty() {
                    s.extend(b.src.iter().map(|&i| (true, i)));
                }
                if b.src.is_empty() {
                    s.extend(b.tgt.iter().map(|&j| (false, j)));
                }
            }
            s
        };
        let (up, ug) = (unaligned(pred), unaligned(gold));
        self.omit_pred += up.len();
        self.omit_gold += ug.len();
        self.omit_both += up.intersection(&ug).count();
    }

    /// The scores these counts give.
    pub fn scores(&self) -> Scores {
        let mut bins = self.bins.clone();
        if bins.is_empty() {
            bins = vec![(0, 0.0, 0); BINS];
        }
        let total: usize = bins.iter().map(|b| b.0).sum();
        let mut ece = 0.0;
        let mut reliability = Vec::new();
        for (k, &(n, sum, ok)) in bins.iter().enumerate() {
            let (mc, acc) = if n == 0 {
                (0.0, 0.0)
            } else {
                (sum / n as f64, ok as f64 / n as f64)
            };
            if total > 0 {
                ece += n as f64 / total as f64 * (acc - mc).abs();
            }
            reliability.push(BinRow {
                from: k as f64 / BINS as f64,
                to: (k + 1) as f64 / BINS as f64,
                beads: n,
                mean_confidence: mc,
                accuracy: acc,
            });
        }
        Scores {
            counts: self.clone(),
            strict: Prf::new(self.pred_strict, self.pred, self.gold_strict, self.gold),
            lax: Prf::new(self.pred_lax, self.pred, self.gold_lax, self.gold),
            omission: Prf::new(
                self.omit_both,
                self.omit_pred,
                self.omit_both,
                self.omit_gold,
            ),
            ece,
            reliability,
        }
    }
}

/// For each bead of `a`: whether some bead of `b` shares a source sentence and a target
/// sentence with it (so never for a null bead). The beads of `b` are indexed by sentence,
/// so each bead of `a` meets only the beads sharing one of its sentences: linear time in
/// the sentence indices listed, in any order of the beads (the lax overlap was a loop
/// over all pairs of beads, quadratic).
fn overlapping(a: &[BeadLine], b: &[BeadLine]) -> Vec<bool> {
    let index = |side: fn(&BeadLine) -> &Vec<usize>| {
        let mut by: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, x) in b.iter().enumerate() {
            for &i in side(x) {
                by.entry(i).or_default().push(k);
            }
        }
        by
    };
    let (by_src, by_tgt) = (index(|x| &x.src), index(|x| &x.tgt));
    // seen[m] == k + 1: bead m of `b` shares a source sentence with bead k of `a`.
    let mut seen = vec![0usize; b.len()];
    a.iter()
        .enumerate()
        .map(|(k, x)| {
            for i in &x.src {
                for &m in by_src.get(i).into_iter().flatten() {
                    seen[m] = k + 1;
                }
            }
            x.tgt.iter().any(|j| {
                by_tgt
                    .get(j)
                    .is_some_and(|v| v.iter().any(|&m| seen[m] == k + 1))
            })
        })
        .collect()
}

/// Finds every `gold.txt` under `gold_root` (sorted by path) and scores the `pred.txt` at
/// the same relative path under `pred_root` (missing → empty prediction, counted in
/// [`Counts::missing_pred`]).
///
/// Errors: `gold_root` is not a directory or holds no `gold.txt`; a bead file that cannot
/// be read or parsed, or is no ladder (naming the file and line, see [`check_ladder`]); a
/// prediction that is no alignment of the gold's sentences (see [`check_prediction`]).
pub fn eval_tree(gold_root: &Path, pred_root: &Path) -> Result<Scores> {
    check_pred_root(gold_root, pred_root)?;
    let golds = find_files(gold_root, "gold.txt")?;
    if golds.is_empty() {
        let hint = if find_files(gold_root, "gold.tsv").is_ok_and(|v| !v.is_empty()) {
            " (it holds gold.tsv files: score those with --units)"
        } else {
            ""
        };
        return Err(Error::input(
            gold_root,
            format!("contains no gold.txt files{hint}"),
        ));
    }
    let mut counts = Counts::default();
    for g in golds {
        let rel = g.strip_prefix(gold_root).expect("under root");
        let p = pred_root.join(rel).with_file_name("pred.txt");
        let gold = read_ladder(&g)?;
        let pred = if p.exists() {
            let pred = read_numbered_beads(&p)?;
            let beads: Vec<BeadLine> = pred.iter().map(|(_, b)| b.clone()).collect();
            check_prediction(&gold, &beads).map_err(|e| Error::input(&p, e))?;
            check_ladder(&pred).map_err(|e| Error::input(&p, e))?;
            beads
        } else {
            counts.missing_pred += 1;
            Vec::new()
        };
        counts.add(&gold, &pred);
    }
    Ok(counts.scores())
}

/// Checks that `pred` could be an alignment of the sentences `gold` covers: no bead
/// without sentences, no index past the last one the gold names on its side, and no
/// sentence in two beads. Errors: what is wrong, with the bead.
pub fn check_prediction(gold: &[BeadLine], pred: &[BeadLine]) -> std::result::Result<(), String> {
    let n = |side: fn(&BeadLine) -> &Vec<usize>| {
        gold.iter()
            .flat_map(|b| side(b).iter().copied())
            .max()
            .map_or(0, |m| m + 1)
    };
    let (ns, nt) = (n(|b| &b.src), n(|b| &b.tgt));
    let show = |b: &BeadLine| format!("{:?}:{:?}", b.src, b.tgt);
    let (mut seen_s, mut seen_t) = (HashSet::new(), HashSet::new());
    for b in pred {
        if b.src.is_empty() && b.tgt.is_empty() {
            return Err("a bead with no sentence ([]:[])".into());
        }
        let contiguous = |v: &[usize]| v.windows(2).all(|w| w[1] == w[0] + 1);
        if !contiguous(&b.src) || !contiguous(&b.tgt) {
            return Err(format!(
                "bead {} is not a run of consecutive sentences",
                show(b)
            ));
        }
        for (ids, len, seen, side) in [
            (&b.src, ns, &mut seen_s, "source"),
            (&b.tgt, nt, &mut seen_t, "target"),
        ] {
            for &i in ids {
                if i >= len {
                    return Err(format!(
                        "bead {} names {side} sentence {i}, but the gold has {len} {side} sentences (0-based indices)",
                        show(b)
                    ));
                }
                if !seen.insert(i) {
                    return Err(format!(
                        "{side} sentence {i} is in more than one bead (again in {})",
                        show(b)
                    ));
                }
            }
        }
    }
    // Beads that pair sentences may not cross (null beads may be listed anywhere).
    let mut pairs: Vec<&BeadLine> = pred
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .collect();
    pairs.sort_by_key(|b| b.src[0]);
    if let Some(w) = pairs.windows(2).find(|w| w[1].tgt[0] < w[0].tgt[0]) {
        return Err(format!(
            "beads {} and {} cross (an alignment keeps the order of the sentences)",
            show(w[0]),
            show(w[1])
        ));
    }
    Ok(())
}

/// Reads a bead file that must be a ladder ([`check_ladder`]): a gold file of `eval`
/// or `train`. A leading BOM is skipped.
///
/// Errors ([`Error::Input`] naming the file): not a regular file, unreadable, a line that
/// is no bead, or a bead that breaks the ladder (with its line number).
pub fn read_ladder(path: &Path) -> Result<Vec<BeadLine>> {
    let beads = read_numbered_beads(path)?;
    check_ladder(&beads).map_err(|e| Error::input(path, e))?;
    Ok(beads.into_iter().map(|(_, b)| b).collect())
}

fn read_numbered_beads(path: &Path) -> Result<Vec<(usize, BeadLine)>> {
    crate::input::check_regular(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    parse_numbered_beads(text.trim_start_matches('\u{FEFF}')).map_err(|e| Error::input(path, e))
}

/// Refuses a prediction root that is missing, not a folder, or the gold root itself.
///
/// Errors ([`Error::Input`] naming the prediction root).
pub fn check_pred_root(gold_root: &Path, pred_root: &Path) -> Result<()> {
    if !pred_root.is_dir() {
        return Err(Error::input(
            pred_root,
            "is not a directory (expected the prediction tree)",
        ));
    }
    if let (Ok(a), Ok(b)) = (gold_root.canonicalize(), pred_root.canonicalize()) {
        if a == b {
            return Err(Error::input(
                pred_root,
                "is the gold tree itself; pass the prediction tree",
            ));
        }
    }
    Ok(())
}

/// All files named `name` under `root`, recursively, sorted by path. Symlinked folders
/// are followed; a folder reached again (a symlink loop, or two links to one folder) is
/// read only the first time, in path order, so no task is counted twice.
///
/// Errors: `root` is missing or not a directory; a folder under it cannot be read.
pub fn find_files(root: &Path, name: &str) -> Result<Vec<PathBuf>> {
    if !root.is_dir() {
        return Err(Error::input(root, "is not a directory"));
    }
    let mut out = Vec::new();
    let mut visited = HashSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        if let Ok(real) = d.canonicalize() {
            if !visited.insert(real) {
                continue;
            }
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .map_err(|e| Error::input(&d, crate::input::io_problem(&e)))?
            .flatten()
            .map(|e| e.path())
            .collect();
        // Depth first in path order: the first path to a folder is the one kept.
        entries.sort();
        for p in entries.into_iter().rev() {
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|f| f == name) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Formats scores as the text report of `tmxalign eval`.
pub fn format_text(s: &Scores) -> String {
    let c = &s.counts;
    let mut o = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(
        o,
        "tasks: {}   predicted beads: {}   gold beads (non-null): {}",
        c.tasks, c.pred, c.gold
    );
    let _ = writeln!(
        o,
        "{:<10} {:>9} {:>9} {:>9}",
        "", "precision", "recall", "F1"
    );
    for (name, p) in [
        ("strict", s.strict),
        ("lax", s.lax),
        ("omission", s.omission),
    ] {
        let _ = writeln!(
            o,
            "{:<10} {:>9.4} {:>9.4} {:>9.4}",
            name, p.precision, p.recall, p.f1
        );
    }
    let _ = writeln!(o, "ECE (10 bins): {:.4}", s.ece);
    let _ = writeln!(o, "reliability:  bin         beads  mean-conf  correct");
    for r in &s.reliability {
        let _ = writeln!(
            o,
            "              [{:.1}, {:.1}) {:>6}  {:>9.3}  {:>7.3}",
            r.from, r.to, r.beads, r.mean_confidence, r.accuracy
        );
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize], c: f64) -> BeadLine {
        BeadLine {
            src: src.to_vec(),
            tgt: tgt.to_vec(),
            confidence: Some(c),
        }
    }

    #[test]
    fn strict_lax_and_omission() {
        let gold = vec![
            b(&[0], &[0], 1.0),
            b(&[1, 2], &[1], 1.0),
            b(&[3], &[], 1.0),
            b(&[4], &[2], 1.0),
        ];
        let pred = vec![
            b(&[0], &[0], 0.9),
            b(&[1], &[1], 0.8),
            b(&[2], &[], 0.4),
            b(&[3], &[], 0.7),
            b(&[4], &[2], 0.95),
        ];
        let mut c = Counts::default();
        c.add(&gold, &pred);
        let s = c.scores();
        // Strict: pred [0]:[0], [3]:[], [4]:[2] are gold → 3/5; gold non-null found 2/3.
        assert_eq!((c.pred_strict, c.pred, c.gold_strict, c.gold), (3, 5, 2, 3));
        assert!((s.strict.f1 - 2.0 * 0.6 * (2.0 / 3.0) / (0.6 + 2.0 / 3.0)).abs() < 1e-12);
        // Lax: [1]:[1] overlaps [1,2]:[1]; null [2]:[] is not gold → 4/5; gold 3/3.
        assert_eq!((c.pred_lax, c.gold_lax), (4, 3));
        // Omission: pred {s2, s3}, gold {s3}.
        assert_eq!((c.omit_pred, c.omit_gold, c.omit_both), (2, 1, 1));
        assert!((s.omission.f1 - 2.0 / 3.0).abs() < 1e-12);
        // ECE: bins 0.9 (1 bead, right), 0.8 (wrong), 0.4 (wrong), 0.7 (right), 0.9 (0.95, right).
        let expect = (0.1 + 0.05) / 5.0 + 0.8 / 5.0 + 0.4 / 5.0 + 0.3 / 5.0;
        assert!((s.ece - expect).abs() < 1e-9, "{}", s.ece);
    }

    #[test]
    fn lax_overlap_needs_both_sides_and_ignores_order() {
        let gold = vec![
            b(&[0], &[0], 1.0),
            b(&[1, 2], &[1], 1.0),
            b(&[3], &[2], 1.0),
            b(&[], &[3], 1.0),
        ];
        // [1]:[2] shares a source sentence with one gold bead and a target sentence with
        // another: not lax. [2,3]:[1,2] overlaps two gold beads. Listed out of order.
        let pred = vec![
            b(&[2, 3], &[1, 2], 0.5),
            b(&[0], &[0], 0.5),
            b(&[], &[3], 0.5),
            b(&[1], &[2], 0.5),
        ];
        let mut c = Counts::default();
        c.add(&gold, &pred);
        assert_eq!((c.pred, c.pred_strict, c.pred_lax), (4, 2, 3));
        assert_eq!((c.gold, c.gold_strict, c.gold_lax), (3, 1, 3));
        assert_eq!(overlapping(&pred, &gold), [true, true, false, false]);
        assert_eq!(overlapping(&gold, &pred), [true, true, true, false]);
    }

    #[test]
    fn lax_scoring_of_a_long_ladder_is_fast() {
        // 200 000 beads scored against themselves took over a minute when every bead met
        // every other.
        let gold: Vec<BeadLine> = (0..200_000)
            .map(|k| {
                if k % 10 == 9 {
                    b(&[k], &[], 1.0)
                } else {
                    b(&[k], &[k], 1.0)
                }
            })
            .collect();
        let t = std::time::Instant::now();
        let mut c = Counts::default();
        c.add(&gold, &gold);
        assert_eq!(
            (c.pred, c.pred_lax, c.gold, c.gold_lax),
            (200_000, 200_000, 180_000, 180_000)
        );
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
    }
}
