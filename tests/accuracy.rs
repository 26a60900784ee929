//! Accuracy regression on a fast subset of the NTREX benchmark (odd-numbered documents
//! below 60, which training never sees): strict F1 on noisy, no invented merge on clean,
//! calibration, and end-to-end unit F1 on raw. Thresholds sit a little under the values
//! measured when they were set (see the README's accuracy table for the full runs).

use std::path::{Path, PathBuf};
use tmxalign::align::Alignment;
use tmxalign::beads::{parse_beads, BeadLine};
use tmxalign::document::Document;
use tmxalign::eval::units::{add_task, UnitCounts};
use tmxalign::eval::Counts;
use tmxalign::features::lexicon::Lexicon;
use tmxalign::pipeline::align_documents;
use tmxalign::score::Model;
use tmxalign::tmx::alignment::side_text;
use tmxalign::Lang;

fn bench() -> Option<PathBuf> {
    let b = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/ntrex");
    if !b.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide ../shared/bench/ntrex"
        );
        eprintln!("skipping: ../shared/bench/ntrex not found");
        return None;
    }
    Some(b)
}

fn subset(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n: usize = p.file_name().unwrap().to_str().unwrap()[..3]
                .parse()
                .unwrap();
            n % 2 == 1 && n < 60
        })
        .collect();
    v.sort();
    v
}

fn to_lines(a: &Alignment) -> Vec<BeadLine> {
    a.beads
        .iter()
        .map(|b| BeadLine {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
            confidence: Some(b.confidence),
        })
        .collect()
}

fn score(pair: &str, lang: Lang, variant: &str) -> Option<tmxalign::eval::Scores> {
    let b = bench()?;
    let mut c = Counts::default();
    for d in subset(&b.join(pair).join(variant)) {
        let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
        let s = Document::presegmented(Lang::En, &read("src.txt"));
        let t = Document::presegmented(lang, &read("tgt.txt"));
        let a = align_documents(&s, &t, Lexicon::builtin(lang), Model::builtin());
        c.add(&parse_beads(&read("gold.txt")).unwrap(), &to_lines(&a));
    }
    Some(c.scores())
}

#[test]
fn noisy_strict_f1_and_calibration() {
    // Thresholds a little under the measured values (strict F1 0.981 / 0.986, omission F1
    // 0.918 / 0.931, ECE 0.028 / 0.008 on this subset; the translation check's prior of
    // rewritten pairs, which NTREX lacks, costs en-ru 0.005 of ECE here).
    for (pair, lang, min_f1, min_omission) in [
        ("en-ru", Lang::Ru, 0.965, 0.87),
        ("en-be", Lang::Be, 0.975, 0.90),
    ] {
        let Some(s) = score(pair, lang, "noisy") else {
            return;
        };
        eprintln!(
            "{pair} noisy subset: strict F1 {:.4}, omission F1 {:.4}, ECE {:.4}",
            s.strict.f1, s.omission.f1, s.ece
        );
        assert!(
            s.strict.f1 >= min_f1,
            "{pair}: strict F1 {} < {min_f1}",
            s.strict.f1
        );
        assert!(
            s.omission.f1 >= min_omission,
            "{pair}: omission F1 {}",
            s.omission.f1
        );
        assert!(s.ece <= 0.03, "{pair}: ECE {}", s.ece);
    }
}

#[test]
fn clean_has_no_invented_merges() {
    for (pair, lang) in [("en-ru", Lang::Ru), ("en-be", Lang::Be)] {
        let Some(s) = score(pair, lang, "clean") else {
            return;
        };
        assert_eq!(
            s.strict.f1, 1.0,
            "{pair} clean subset: strict F1 {}",
            s.strict.f1
        );
    }
}

#[test]
fn raw_end_to_end_unit_f1() {
    let Some(b) = bench() else { return };
    for (pair, lang) in [("en-ru", Lang::Ru), ("en-be", Lang::Be)] {
        let mut c = UnitCounts::default();
        for d in subset(&b.join(pair).join("raw")) {
            let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap();
            let seg = |l: Lang, text: &str| {
                Document::segment(
                    l,
                    &tmxalign::input::paragraphs(text),
                    &tmxalign::segment::RuleSegmenter::new(l),
                )
            };
            let s = seg(Lang::En, &read("src.txt"));
            let t = seg(lang, &read("tgt.txt"));
            let a = align_documents(&s, &t, Lexicon::builtin(lang), Model::builtin());
            let tus: Vec<(String, String)> = a
                .beads
                .iter()
                .filter(|b| !b.is_null())
                .map(|b| (side_text(&s, &b.src), side_text(&t, &b.tgt)))
                .collect();
            let gold = tmxalign::eval::units::read_gold_tsv(&d.join("gold.tsv")).unwrap();
            let _ = add_task(&mut c, &gold, &tus);
        }
        let s = c.scores();
        eprintln!("{pair} raw subset: unit F1 {:.4}", s.strict.f1);
        // Measured 0.968 / 0.964 on this subset.
        assert!(s.strict.f1 >= 0.955, "{pair}: raw unit F1 {}", s.strict.f1);
    }
}
