//! A lexicon learned from the input itself: after a first alignment, word pairs that
//! co-occur in the confident 1-1 beads far more often than chance are added to the
//! lexicon, and the documents are aligned again (the second pass of hunalign, Varga et
//! al. 2005, with the Dice coefficient of Smadja et al. 1996 instead of IBM Model 1).

use super::lexicon::Lexicon;
use super::stem::stem;
use super::tokens::{tokenize, TokenKind};
use crate::lang::Lang;
use std::collections::{HashMap, HashSet};

/// Beads below this confidence do not teach the lexicon.
pub const MIN_CONFIDENCE: f64 = 0.9;
/// A pair must co-occur in at least this many beads.
pub const MIN_COUNT: u32 = 3;
/// Dice coefficient a pair needs: 2·c(s,t) / (c(s) + c(t)).
pub const MIN_DICE: f64 = 0.7;

fn reduce(stem: &str, lang: Lang) -> String {
    if lang.is_cyrillic() {
        super::translit::reduce_cyrillic(stem)
    } else {
        super::translit::reduce_latin(stem)
    }
}

fn stems(lang: Lang, text: &str) -> HashSet<String> {
    tokenize(lang, text)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Number && t.text.chars().count() >= 3)
        .map(|t| stem(lang, &t.text))
        .collect()
}

/// Learns word pairs from aligned sentence pairs `(source, target)` (the confident 1-1
/// beads of a first pass) and returns `base` plus them, with the number of pairs added.
/// Stems are paired one to one: each source stem keeps only its best target stem.
pub fn learn(
    pairs: &[(&str, &str)],
    src_lang: Lang,
    tgt_lang: Lang,
    base: &Lexicon,
) -> (Lexicon, usize) {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut intern = |s: String| -> u32 {
        if let Some(&k) = ids.get(&s) {
            return k;
        }
        let k = names.len() as u32;
        names.push(s.clone());
        ids.insert(s, k);
        k
    };
    let mut c1: HashMap<u32, u32> = HashMap::new();
    let mut c2: HashMap<u32, u32> = HashMap::new();
    let mut c12: HashMap<(u32, u32), u32> = HashMap::new();
    for (s, t) in pairs {
        let ss: Vec<u32> = stems(src_lang, s)
            .into_iter()
            .map(|x| intern(format!("s:{x}")))
            .collect();
        let ts: Vec<u32> = stems(tgt_lang, t)
            .into_iter()
            .map(|x| intern(format!("t:{x}")))
            .collect();
        for &a in &ss {
            *c1.entry(a).or_default() += 1;
        }
        for &b in &ts {
            *c2.entry(b).or_default() += 1;
        }
        for &a in &ss {
            for &b in &ts {
                *c12.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut best: HashMap<u32, (f64, u32)> = HashMap::new();
    for (&(a, b), &n) in &c12 {
        if n < MIN_COUNT {
            continue;
        }
        let dice = 2.0 * n as f64 / (c1[&a] + c2[&b]) as f64;
        if dice < MIN_DICE {
            continue;
        }
        // Ties (words that always occur together) go to the most similar spelling
        // across scripts: names and cognates.
        let sim = strsim::jaro_winkler(
            &reduce(&names[a as usize][2..], src_lang),
            &reduce(&names[b as usize][2..], tgt_lang),
        );
        let score = dice + 1e-3 * sim;
        if best.get(&a).is_none_or(|x| score > x.0) {
            best.insert(a, (score, b));
        }
    }
    let mut lex = base.clone();
    let mut added = 0;
    let mut learned: Vec<(&str, &str)> = best
        .iter()
        .map(|(&a, &(_, b))| (&names[a as usize][2..], &names[b as usize][2..]))
        .collect();
    learned.sort_unstable();
    for (s, t) in learned {
        // The lexicon is English→other; orient the pair accordingly.
        if src_lang == Lang::En || tgt_lang != Lang::En {
            lex.add_stem_pair(s, t);
        } else {
            lex.add_stem_pair(t, s);
        }
        added += 1;
    }
    (lex, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_consistent_pair_and_not_noise() {
        let pairs: Vec<(String, String)> = (0..6)
            .map(|k| {
                (
                    format!("The zorblax factory number {k} opened."),
                    format!("Фабрика зорбакс номер {k} открылась, сказал директор{k}."),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let base = Lexicon::new();
        let (lex, added) = learn(&refs, Lang::En, Lang::Ru, &base);
        assert!(added >= 1);
        let c = lex
            .src_concept(&stem(Lang::En, "zorblax"))
            .expect("learned");
        assert!(lex.tgt_concepts(&stem(Lang::Ru, "зорбакс")).contains(&c));
        // A word seen once does not teach anything.
        assert!(lex.tgt_concepts(&stem(Lang::Ru, "директор0")).is_empty());
    }
}
