//! `tmxalign eval`.

use super::say;
use crate::error::{Error, Result, EXIT_OK};
use crate::eval::{eval_tree, format_text, units};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `tmxalign eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder tree with gold files: `gold.txt` bead files (or `gold.tsv` units with --units).
    pub gold_root: PathBuf,
    /// Folder tree mirroring GOLD_ROOT with `pred.txt` bead files (or `pred.tmx` with --units).
    pub pred_root: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// End-to-end scoring: TMX translation units (`pred.tmx`) against gold units
    /// (`gold.tsv`, source TAB target).
    #[arg(long)]
    pub units: bool,
    /// With --units: after the scores, list per task the gold units not found and the
    /// TUs that match none (source ⇥ target).
    #[arg(long, requires = "units", conflicts_with = "json")]
    pub misses: bool,
}

/// Runs `tmxalign eval`; prints the scores and returns 0.
///
/// Errors: missing or malformed gold or prediction trees (exit 2).
pub fn run(a: EvalArgs) -> Result<i32> {
    let missing = |n: usize, tasks: usize, file: &str| {
        if n > 0 {
            eprintln!(
                "tmxalign: warning: {n} of {tasks} tasks have no {file} under {}; they are scored as empty predictions",
                a.pred_root.display()
            );
        }
    };
    let text = if a.units {
        let (s, misses) = units::eval_units_tree_with_misses(&a.gold_root, &a.pred_root)?;
        missing(s.counts.missing_pred, s.counts.tasks, "pred.tmx");
        let mut text = if a.json {
            serde_json::to_string_pretty(&s).map_err(|e| Error::Internal(e.to_string()))?
        } else {
            units::format_text(&s)
        };
        if a.misses {
            text = format!("{}\n{}", text.trim_end(), units::format_misses(&misses));
        }
        text
    } else {
        let s = eval_tree(&a.gold_root, &a.pred_root)?;
        missing(s.counts.missing_pred, s.counts.tasks, "pred.txt");
        if a.json {
            serde_json::to_string_pretty(&s).map_err(|e| Error::Internal(e.to_string()))?
        } else {
            format_text(&s)
        }
    };
    say!("{}", text.trim_end());
    Ok(EXIT_OK)
}
