//! Bilingual lexicons: the embedded English–Russian and English–Belarusian core lexicons
//! (`data/lexicon/*.tsv`, written by the tmxalign team) and user dictionaries.
//!
//! Entries are matched on stems ([`super::stem`]), so inflected forms hit. Every English
//! stem is a *concept*; a target stem maps to the concepts of all English words it
//! translates. A source token and a target token match when they share a concept.

use super::stem::stem;
use crate::lang::Lang;
use rustc_hash::FxBuildHasher;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A bilingual lexicon between English and one Cyrillic language, on stems.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// English stem → concept id.
    src: HashMap<String, u32, FxBuildHasher>,
    /// Target stem → concept ids (sorted, deduplicated).
    tgt: HashMap<String, Vec<u32>, FxBuildHasher>,
    /// Number of entry lines read.
    entries: usize,
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Lexicon {
        Lexicon::default()
    }

    /// The embedded core lexicon for English–`tgt`. `tgt` must be Russian or Belarusian
    /// (English returns an empty lexicon). Built once per process, then shared.
    pub fn builtin(tgt: Lang) -> &'static Lexicon {
        static RU: OnceLock<Lexicon> = OnceLock::new();
        static BE: OnceLock<Lexicon> = OnceLock::new();
        static EMPTY: OnceLock<Lexicon> = OnceLock::new();
        match tgt {
            Lang::Ru => RU.get_or_init(|| Lexicon::from_stem_table(RU_STEMS)),
            Lang::Be => BE.get_or_init(|| Lexicon::from_stem_table(BE_STEMS)),
            Lang::En => EMPTY.get_or_init(Lexicon::new),
        }
    }

    /// The stem table of dictionary text (see [`Lexicon::add_tsv`] for the format): one
    /// `english_stem<TAB>target_stem` line per word pair, in input order, after a `#`
    /// header line. Loading it with [`Lexicon::from_stem_table`] gives the same lexicon
    /// (same concept ids) as `add_tsv` on the text, without stemming: the embedded
    /// lexicons ship as such tables (`data/lexicon/*.stems.tsv`) so that a process
    /// starts in well under a millisecond instead of stemming 13,000 words.
    ///
    /// Errors: as [`Lexicon::add_tsv`].
    pub fn stem_table(text: &str, tgt: Lang) -> Result<String, String> {
        let mut out = String::from(
            "# Generated from the lexicon TSV by Lexicon::stem_table; do not edit (see README.md).\n",
        );
        let mut entries = 0;
        for_each_pair(text, |en, target| {
            entries += 1;
            if let Some((es, ts)) = stem_pair(en, target, tgt) {
                out.push_str(&es);
                out.push('\t');
                out.push_str(&ts);
                out.push('\n');
            }
        })?;
        out.push_str(&format!("# entries\t{entries}\n"));
        Ok(out)
    }

    /// A lexicon from a stem table made by [`Lexicon::stem_table`].
    ///
    /// Panics on a malformed table: the tables are embedded, and a test checks them.
    fn from_stem_table(table: &str) -> Lexicon {
        let mut l = Lexicon::new();
        let lines = table.lines().count();
        l.src.reserve(lines);
        l.tgt.reserve(lines);
        for line in table.lines() {
            if let Some(n) = line.strip_prefix("# entries\t") {
                l.entries = n.parse().expect("entry count in embedded stem table");
            } else if !line.starts_with('#') {
                let (es, ts) = line.split_once('\t').expect("embedded stem table line");
                l.add_stem_pair(es, ts);
            }
        }
        l
    }

    /// Number of entries read (lines that gave at least one word pair).
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether no entries were read.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Adds one pair of single words (any case) in English and `tgt`.
    pub fn add_pair(&mut self, en: &str, target: &str, tgt: Lang) {
        if let Some((es, ts)) = stem_pair(en, target, tgt) {
            self.add_stem_pair(&es, &ts);
        }
    }

    /// Adds a pair of stems as they are (no stemming): used by the learned lexicon.
    pub fn add_stem_pair(&mut self, en_stem: &str, tgt_stem: &str) {
        let next = self.src.len() as u32;
        let id = match self.src.get(en_stem) {
            Some(&id) => id,
            None => {
                self.src.insert(en_stem.to_string(), next);
                next
            }
        };
        let v = match self.tgt.get_mut(tgt_stem) {
            Some(v) => v,
            None => self.tgt.entry(tgt_stem.to_string()).or_default(),
        };
        if let Err(pos) = v.binary_search(&id) {
            v.insert(pos, id);
        }
    }

    /// Reads dictionary text: lines `english<TAB>target` (the tmxalign format) or
    /// `target @ english` (hunalign's format). Blank lines and lines starting with `#`
    /// are skipped. Multi-word sides pair every word of one side with every word of the
    /// other only when both sides have one word; other multi-word lines are skipped.
    ///
    /// Returns the number of entries added. Errors: a line that has neither a TAB nor
    /// ` @ `, as `line N: …` (1-based).
    pub fn add_tsv(&mut self, text: &str, tgt: Lang) -> Result<usize, String> {
        let mut added = 0;
        for_each_pair(text, |en, target| {
            self.add_pair(en, target, tgt);
            added += 1;
        })?;
        self.entries += added;
        Ok(added)
    }

    /// The concept of an English stem, if the lexicon knows it.
    pub fn src_concept(&self, en_stem: &str) -> Option<u32> {
        self.src.get(en_stem).copied()
    }

    /// The concepts a target stem translates (empty if unknown).
    pub fn tgt_concepts(&self, tgt_stem: &str) -> &[u32] {
        self.tgt.get(tgt_stem).map_or(&[], |v| v.as_slice())
    }

    /// Adds every entry of `other` to this lexicon (concept ids are renumbered).
    pub fn merge(&mut self, other: &Lexicon) {
        let mut by_id: Vec<&str> = vec![""; other.src.len()];
        for (s, &id) in &other.src {
            by_id[id as usize] = s;
        }
        for (t, ids) in &other.tgt {
            for &id in ids {
                let next = self.src.len() as u32;
                let nid = *self
                    .src
                    .entry(by_id[id as usize].to_string())
                    .or_insert(next);
                let v = self.tgt.entry(t.clone()).or_default();
                if let Err(pos) = v.binary_search(&nid) {
                    v.insert(pos, nid);
                }
            }
        }
        self.entries += other.entries;
    }
}

/// Embedded stem tables of the core lexicons (see [`Lexicon::stem_table`]).
const RU_STEMS: &str = include_str!("../../data/lexicon/en-ru.stems.tsv");
const BE_STEMS: &str = include_str!("../../data/lexicon/en-be.stems.tsv");

/// Calls `f(english, target)` for each single-word pair of dictionary text (format of
/// [`Lexicon::add_tsv`]). Errors: a line with neither a TAB nor ` @ `, as `line N: …`.
fn for_each_pair(text: &str, mut f: impl FnMut(&str, &str)) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (en, target) = if let Some((a, b)) = line.split_once('\t') {
            (a.trim(), b.trim())
        } else if let Some((t, e)) = line.split_once(" @ ") {
            (e.trim(), t.trim())
        } else {
            return Err(format!(
                "line {}: expected 'source<TAB>target' or 'target @ source'",
                n + 1
            ));
        };
        if en.is_empty() || target.is_empty() || en.contains(' ') || target.contains(' ') {
            continue;
        }
        f(en, target);
    }
    Ok(())
}

/// The stems of an English word and its `tgt` translation, or `None` when one is empty.
fn stem_pair(en: &str, target: &str, tgt: Lang) -> Option<(String, String)> {
    let es = stem(Lang::En, &en.to_lowercase());
    let ts = stem(tgt, &target.to_lowercase());
    (!es.is_empty() && !ts.is_empty()).then_some((es, ts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded stem tables are what `stem_table` makes of the lexicon TSV files.
    /// Run with `TMXALIGN_BLESS=1` to regenerate them after editing a TSV file.
    #[test]
    fn embedded_stem_tables_are_up_to_date() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon");
        for (tgt, name, table) in [(Lang::Ru, "en-ru", RU_STEMS), (Lang::Be, "en-be", BE_STEMS)] {
            let tsv = std::fs::read_to_string(root.join(format!("{name}.tsv"))).unwrap();
            let want = Lexicon::stem_table(&tsv, tgt).unwrap();
            if std::env::var_os("TMXALIGN_BLESS").is_some() {
                std::fs::write(root.join(format!("{name}.stems.tsv")), &want).unwrap();
                continue;
            }
            assert!(
                table == want,
                "data/lexicon/{name}.stems.tsv is stale: run TMXALIGN_BLESS=1 cargo test --lib embedded_stem_tables"
            );
            let mut from_tsv = Lexicon::new();
            from_tsv.add_tsv(&tsv, tgt).unwrap();
            let loaded = Lexicon::from_stem_table(table);
            assert_eq!(loaded.src, from_tsv.src);
            assert_eq!(loaded.tgt, from_tsv.tgt);
            assert_eq!(loaded.entries, from_tsv.entries);
            assert!(loaded.entries > 6000, "{}", loaded.entries);
        }
    }

    #[test]
    fn inflected_forms_hit_through_stems() {
        let mut l = Lexicon::new();
        let n = l
            .add_tsv(
                "# comment\nmeeting\tвстреча\nвстреча @ encounter\n",
                Lang::Ru,
            )
            .unwrap();
        assert_eq!(n, 2);
        let en = l.src_concept(&stem(Lang::En, "meetings")).unwrap();
        assert!(l.tgt_concepts(&stem(Lang::Ru, "встречи")).contains(&en));
        let enc = l.src_concept(&stem(Lang::En, "encounter")).unwrap();
        assert!(l.tgt_concepts(&stem(Lang::Ru, "встречу")).contains(&enc));
        assert!(l
            .add_tsv("no separator here", Lang::Ru)
            .unwrap_err()
            .contains("line 1"));
    }
}
