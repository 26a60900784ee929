//! End-to-end scoring of TMX output against gold units (`gold.tsv`: one correct unit per
//! line, `source<TAB>target`, empty cell = omission), as defined in the NTREX benchmark
//! README: a TU is *exact* when its source and target (whitespace collapsed) equal a gold
//! unit, *fine* when 2–4 consecutive TUs together equal one gold unit; unit recall is the
//! share of gold units (both sides non-empty) found either way; strict precision counts
//! exact and fine TUs, lax also TUs that join 2–4 consecutive gold units. A gold unit is
//! matched (exactly or by a finer split) at most as often as it occurs in the gold; a TU
//! repeating it beyond that is wrong.

use crate::error::{Error, Result};
use crate::eval::{find_files, Prf};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Counts of end-to-end scoring.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct UnitCounts {
    /// Tasks scored.
    pub tasks: usize,
    /// TUs read.
    pub tus: usize,
    /// TUs equal to a gold unit.
    pub exact: usize,
    /// TUs that are part of a finer split of a gold unit.
    pub fine: usize,
    /// TUs that join consecutive gold units.
    pub joined: usize,
    /// Gold units with both sides non-empty.
    pub gold: usize,
    /// Of those, found exactly or as a finer split.
    pub found: usize,
    /// Tasks without a `pred.tmx`, scored as no TUs.
    pub missing_pred: usize,
}

/// End-to-end scores.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitScores {
    /// Counts.
    pub counts: UnitCounts,
    /// Strict: precision (exact + fine TUs), recall (gold units found), F1.
    pub strict: Prf,
    /// Lax: precision also counts TUs joining consecutive gold units.
    pub lax: Prf,
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What one task got wrong, for a reviewer: gold units (both sides non-empty) found
/// neither exactly nor as a finer split, and TUs that are neither (whitespace collapsed;
/// in order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskMisses {
    /// Gold units not found.
    pub missed: Vec<(String, String)>,
    /// TUs that match no gold unit (joined ones included).
    pub wrong: Vec<(String, String)>,
}

/// Scores one task: `gold` units and predicted `tus`, both `(source, target)` in order.
/// Adds to `c` and returns the task's misses.
pub fn add_task(
    c: &mut UnitCounts,
    gold: &[(String, String)],
    tus: &[(String, String)],
) -> TaskMisses {
    c.tasks += 1;
    c.tus += tus.len();
    let norm = |v: &[(String, String)]| -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (collapse(a), collapse(b))).collect()
    };
    let gold = norm(gold);
    let tus = norm(tus);
    let mut gold_count: HashMap<&(String, String), usize> = HashMap::new();
    for g in gold.iter().filter(|g| !g.0.is_empty() && !g.1.is_empty()) {
        *gold_count.entry(g).or_default() += 1;
    }
    let mut tu_used = vec![false; tus.len()];
    let mut found_units: HashMap<&(String, String), usize> = HashMap::new();
    // A gold unit is matched at most once per occurrence: exact TUs first, in order, then
    // finer splits, while the unit has occurrences left. A TU repeating a unit already
    // matched as often as the gold has it is wrong.
    let mut left = gold_count.clone();
    for (k, t) in tus.iter().enumerate() {
        if let Some((g, n)) = left.get_key_value(t) {
            if *n > 0 {
                let g = *g;
                tu_used[k] = true;
                c.exact += 1;
                *found_units.entry(g).or_default() += 1;
                *left.get_mut(g).expect("present") -= 1;
            }
        }
    }
    let join = |v: &[(String, String)]| -> (String, String) {
        let s: Vec<&str> = v
            .iter()
            .map(|x| x.0.as_str())
            .filter(|x| !x.is_empty())
            .collect();
        let t: Vec<&str> = v
            .iter()
            .map(|x| x.1.as_str())
            .filter(|x| !x.is_empty())
            .collect();
        (s.join(" "), t.join(" "))
    };
    // Finer splits: 2–4 consecutive TUs equal one gold unit. Each window of TUs is
    // joined once and looked up, so the cost is linear in the TUs.
    for start in 0..tus.len() {
        for r in 2..=4 {
            if start + r > tus.len() {
                break;
            }
            let joined = join(&tus[start..start + r]);
            if let Some((&g, &n)) = left.get_key_value(&joined) {
                if n == 0 {
                    continue;
                }
                *left.get_mut(g).expect("present") -= 1;
                for u in &mut tu_used[start..start + r] {
                    if !*u {
                        *u = true;
                        c.fine += 1;
                    }
                }
                *found_units.entry(g).or_default() += 1;
            }
        }
    }
    for (g, n) in &gold_count {
        c.gold += n;
        c.found += found_units.get(g).copied().unwrap_or(0).min(*n);
    }
    let mut misses = TaskMisses::default();
    // In gold order; a unit occurring n times is missed as often as it is short of n.
    let mut left: HashMap<&(String, String), usize> = found_units.clone();
    for g in gold.iter().filter(|g| gold_count.contains_key(g)) {
        match left.get_mut(g) {
            Some(n) if *n > 0 => *n -= 1,
            _ => misses.missed.push(g.clone()),
        }
    }
    misses.wrong = tus
        .iter()
        .zip(&tu_used)
        .filter(|(_, used)| !**used)
        .map(|(t, _)| t.clone())
        .collect();
    // Joins: a TU equal to 2–4 consecutive gold units (omitted units skipped); the
    // windows of gold units are joined once into a set.
    let nonnull: Vec<(String, String)> = gold
        .iter()
        .filter(|g| !g.0.is_empty() || !g.1.is_empty())
        .cloned()
        .collect();
    let mut windows: std::collections::HashSet<(String, String)> = Default::default();
    for start in 0..nonnull.len() {
        for r in 2..=4 {
            if start + r > nonnull.len() {
                break;
            }
            windows.insert(join(&nonnull[start..start + r]));
        }
    }
    for (k, t) in tus.iter().enumerate() {
        if !tu_used[k] && windows.contains(t) {
            c.joined += 1;
        }
    }
    misses
}

impl UnitCounts {
    /// The scores of these counts.
    pub fn scores(&self) -> UnitScores {
        UnitScores {
            counts: self.clone(),
            strict: Prf::new(self.exact + self.fine, self.tus, self.found, self.gold),
            lax: Prf::new(
                self.exact + self.fine + self.joined,
                self.tus,
                self.found,
                self.gold,
            ),
        }
    }
}

/// Reads a gold unit file: `source<TAB>target` per line (blank lines skipped).
///
/// Errors: unreadable file, or a line without exactly two tab-separated cells (naming
/// the line).
pub fn read_gold_tsv(path: &Path) -> Result<Vec<(String, String)>> {
    crate::input::check_regular(path)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    let mut out = Vec::new();
    for (n, line) in text.trim_start_matches('\u{FEFF}').lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let [s, t] = cells[..] else {
            let what = if cells.len() == 1 {
                "no TAB".to_string()
            } else {
                format!("{} tab-separated cells", cells.len())
            };
            return Err(Error::input(
                path,
                format!("line {}: {what}, expected source<TAB>target", n + 1),
            ));
        };
        out.push((s.to_string(), t.to_string()));
    }
    Ok(out)
}

/// Scores every `gold.tsv` under `gold_root` against `pred.tmx` at the same relative
/// folder under `pred_root` (missing → no TUs). The source TUV is the first TUV of each TU.
///
/// Errors: no gold files; unreadable or malformed files.
pub fn eval_units_tree(gold_root: &Path, pred_root: &Path) -> Result<UnitScores> {
    Ok(eval_units_tree_with_misses(gold_root, pred_root)?.0)
}

/// [`eval_units_tree`], and each task's misses (tasks with none left out), by the gold
/// file's path relative to `gold_root`.
///
/// Errors: as [`eval_units_tree`].
pub fn eval_units_tree_with_misses(
    gold_root: &Path,
    pred_root: &Path,
) -> Result<(UnitScores, Vec<(std::path::PathBuf, TaskMisses)>)> {
    crate::eval::check_pred_root(gold_root, pred_root)?;
    let golds = find_files(gold_root, "gold.tsv")?;
    if golds.is_empty() {
        return Err(Error::input(gold_root, "contains no gold.tsv files"));
    }
    let mut c = UnitCounts::default();
    let mut all = Vec::new();
    for g in golds {
        let rel = g.strip_prefix(gold_root).expect("under root");
        let p = pred_root.join(rel).with_file_name("pred.tmx");
        let gold = read_gold_tsv(&g)?;
        let tus = if p.exists() {
            crate::tmx::reader::read_pairs(&p)?
        } else {
            c.missing_pred += 1;
            Vec::new()
        };
        let m = add_task(&mut c, &gold, &tus);
        if !m.missed.is_empty() || !m.wrong.is_empty() {
            all.push((rel.to_path_buf(), m));
        }
    }
    Ok((c.scores(), all))
}

/// Formats the misses of [`eval_units_tree_with_misses`]: per task, its gold file, then
/// `missed:` gold units and `wrong TU:` TUs, each as source ⇥ target.
pub fn format_misses(misses: &[(std::path::PathBuf, TaskMisses)]) -> String {
    let mut out = String::new();
    for (rel, m) in misses {
        out += &format!("== {}\n", rel.display());
        for (s, t) in &m.missed {
            out += &format!("  missed:   {s} \u{21E5} {t}\n");
        }
        for (s, t) in &m.wrong {
            out += &format!("  wrong TU: {s} \u{21E5} {t}\n");
        }
    }
    out
}

/// Formats end-to-end scores as text.
pub fn format_text(s: &UnitScores) -> String {
    let c = &s.counts;
    format!(
        "tasks: {}   TUs: {} (exact {}, finer split {}, joined {})   gold units: {} (found {})\n\
         strict  precision {:.4}  recall {:.4}  F1 {:.4}\n\
         lax     precision {:.4}  recall {:.4}  F1 {:.4}\n",
        c.tasks,
        c.tus,
        c.exact,
        c.fine,
        c.joined,
        c.gold,
        c.found,
        s.strict.precision,
        s.strict.recall,
        s.strict.f1,
        s.lax.precision,
        s.lax.recall,
        s.lax.f1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn exact_fine_and_joined() {
        let gold = vec![
            p("A. B.", "А. Б."),
            p("C.", "В."),
            p("D.", ""),
            p("E.", "Д."),
            p("F.", "Е."),
        ];
        let tus = vec![
            p("A.", "А."),
            p("B.", "Б."),
            p("C.", "В."),
            p("E.  F.", "Д. Е."),
        ];
        let mut c = UnitCounts::default();
        let m = add_task(&mut c, &gold, &tus);
        assert_eq!(
            (c.exact, c.fine, c.joined, c.gold, c.found),
            (1, 2, 1, 4, 2)
        );
        assert_eq!(m.missed, [p("E.", "Д."), p("F.", "Е.")]);
        assert_eq!(m.wrong, [p("E. F.", "Д. Е.")]);
        let text = format_misses(&[(std::path::PathBuf::from("001/gold.tsv"), m)]);
        assert_eq!(
            text,
            "== 001/gold.tsv\n  missed:   E. \u{21E5} Д.\n  missed:   F. \u{21E5} Е.\n  wrong TU: E. F. \u{21E5} Д. Е.\n"
        );
        let s = c.scores();
        assert!((s.strict.precision - 0.75).abs() < 1e-12);
        assert!((s.strict.recall - 0.5).abs() < 1e-12);
        assert!((s.lax.precision - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_gold_unit_is_matched_once_per_occurrence() {
        let gold = vec![
            p("Hello.", "Привет."),
            p("Bye.", "Пока."),
            p("Yes.", "Да."),
            p("No. Never.", "Нет. Никогда."),
        ];
        let mut tus = vec![p("Hello.", "Привет."); 10];
        tus.push(p("Wrong.", "Не то."));
        let mut c = UnitCounts::default();
        let m = add_task(&mut c, &gold, &tus);
        assert_eq!((c.tus, c.exact, c.fine, c.gold, c.found), (11, 1, 0, 4, 1));
        assert_eq!(m.wrong.len(), 10);
        assert_eq!(m.wrong[0], p("Hello.", "Привет."));
        let s = c.scores();
        assert!((s.strict.precision - 1.0 / 11.0).abs() < 1e-12);
        assert!((s.strict.recall - 0.25).abs() < 1e-12);
        // A unit twice in the gold matches twice; a finer split repeated matches once.
        let gold = vec![p("A.", "А."), p("A.", "А."), p("B. C.", "Б. В.")];
        let tus = vec![
            p("A.", "А."),
            p("B.", "Б."),
            p("C.", "В."),
            p("A.", "А."),
            p("A.", "А."),
            p("B.", "Б."),
            p("C.", "В."),
        ];
        let mut c = UnitCounts::default();
        let m = add_task(&mut c, &gold, &tus);
        assert_eq!((c.exact, c.fine, c.gold, c.found), (2, 2, 3, 3));
        assert_eq!(m.wrong, [p("A.", "А."), p("B.", "Б."), p("C.", "В.")]);
        assert!(m.missed.is_empty());
    }
}
