//! The demo corpus: `tmxalign align` reproduces the committed TMX files in `tmx/` byte for
//! byte, reproduces each pair's gold alignment (`corpora/gold/*.tsv`), and its TMX is
//! valid against the TMX 1.4 DTD.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tmxalign::tmx::reader::read_pairs;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (name, target language) of every demo pair.
fn pairs() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(root().join("corpora"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".en.txt")
                .map(String::from)
        })
        .collect();
    names.sort();
    for n in names {
        for t in ["ru", "be"] {
            if root().join(format!("corpora/{n}.{t}.txt")).exists() {
                out.push((n.clone(), t));
            }
        }
    }
    out
}

fn run_align(name: &str, tgt: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let tmx = dir.join(format!("{name}.en-{tgt}.tmx"));
    let beads = dir.join(format!("{name}.en-{tgt}.beads"));
    Command::cargo_bin("tmxalign")
        .unwrap()
        .current_dir(root())
        .args([
            "align",
            &format!("corpora/{name}.en.txt"),
            &format!("corpora/{name}.{tgt}.txt"),
        ])
        .args([
            "--src-lang",
            "en",
            "--tgt-lang",
            tgt,
            "--creation-date",
            "2026-01-01T00:00:00Z",
        ])
        .arg("-o")
        .arg(&tmx)
        .arg("--beads")
        .arg(&beads)
        .assert()
        .success();
    (tmx, beads)
}

#[test]
fn demo_pairs_exist() {
    let p = pairs();
    assert!(
        p.len() >= 6,
        "expected at least three statements in two pairs, found {p:?}"
    );
}

#[test]
fn regenerated_tmx_is_byte_identical_to_tmx_folder() {
    let dir = tempfile::tempdir().unwrap();
    for (name, tgt) in pairs() {
        let (tmx, beads) = run_align(&name, tgt, dir.path());
        for (made, kept) in [
            (tmx, root().join(format!("tmx/{name}.en-{tgt}.tmx"))),
            (beads, root().join(format!("tmx/{name}.en-{tgt}.beads"))),
        ] {
            let a = std::fs::read(&made).unwrap();
            let b = std::fs::read(&kept)
                .unwrap_or_else(|_| panic!("{} missing: run scripts/demo.sh", kept.display()));
            assert!(
                a == b,
                "{} differs from a fresh run: run scripts/demo.sh and review the diff",
                kept.display()
            );
        }
    }
}

fn read_gold(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (a, b) = l.split_once('\t').expect("gold line has a TAB");
            (a.to_string(), b.to_string())
        })
        .collect()
}

#[test]
fn alignment_reproduces_gold() {
    let dir = tempfile::tempdir().unwrap();
    for (name, tgt) in pairs() {
        let gold = read_gold(&root().join(format!("corpora/gold/{name}.en-{tgt}.tsv")));
        let (tmx, _) = run_align(&name, tgt, dir.path());
        let tus = read_pairs(&tmx).unwrap();
        let want: Vec<(String, String)> = gold
            .iter()
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
            .cloned()
            .collect();
        assert_eq!(tus, want, "{name} en-{tgt}: TUs differ from the gold units");
        // Omissions: gold units with an empty side are listed on stderr by align.
        let out = Command::cargo_bin("tmxalign")
            .unwrap()
            .current_dir(root())
            .args([
                "align",
                &format!("corpora/{name}.en.txt"),
                &format!("corpora/{name}.{tgt}.txt"),
            ])
            .arg("-o")
            .arg(dir.path().join("x.tmx"))
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let omitted: Vec<&str> = stderr
            .lines()
            .filter_map(|l| {
                l.split_once("): ")
                    .filter(|_| l.starts_with("tmxalign: omitted"))
                    .map(|x| x.1)
            })
            .collect();
        let gold_omitted: Vec<&str> = gold
            .iter()
            .filter(|(a, b)| a.is_empty() || b.is_empty())
            .map(|(a, b)| if a.is_empty() { b.as_str() } else { a.as_str() })
            .collect();
        assert_eq!(omitted, gold_omitted, "{name} en-{tgt}: omissions differ");
    }
}

#[test]
fn demo_tmx_is_valid_against_the_dtd() {
    let dtd = root().join("../shared/tmx/tmx14.dtd");
    let have_xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !have_xmllint || !dtd.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install xmllint (libxml2-utils) and provide ../shared"
        );
        eprintln!("skipping: xmllint or ../shared/tmx/tmx14.dtd not available");
        return;
    }
    for (name, tgt) in pairs() {
        let f = root().join(format!("tmx/{name}.en-{tgt}.tmx"));
        let out = std::process::Command::new("xmllint")
            .args(["--noout", "--nonet", "--dtdvalid"])
            .arg(&dtd)
            .arg(&f)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Translation units (source, target) of aligning `en` with `ru` (file paths).
fn tus_of(en: &Path, ru: &Path, dir: &Path) -> Vec<(String, String)> {
    let out = dir.join("o.tmx");
    Command::cargo_bin("tmxalign")
        .unwrap()
        .arg("align")
        .arg(en)
        .arg(ru)
        .arg("-o")
        .arg(&out)
        .args(["-q", "--creation-date", "2026-01-01T00:00:00Z"])
        .assert()
        .success();
    read_pairs(&out).unwrap()
}

/// A long passage in one version only (20 added sentences, or one 3,000-character
/// sentence) skews the texts' length ratio; the aligner falls back on the language
/// pair's usual ratio and re-estimates it from its confident beads, so the other
/// sentences still pair exactly as without the passage (it used to leave 2 of 21 TUs).
#[test]
fn a_long_passage_in_one_version_leaves_the_other_units_alone() {
    let d = tempfile::tempdir().unwrap();
    let en = root().join("corpora/belarus-russia-trade-commission.en.txt");
    let ru = root().join("corpora/belarus-russia-trade-commission.ru.txt");
    let want = tus_of(&en, &ru, d.path());
    assert_eq!(want.len(), 21);
    let text = std::fs::read_to_string(&ru).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let sentence = "Кроме того, в тексте приводится подробная справка о работе комиссии за последние годы, включая перечень всех совещаний, их участников и принятых решений.";
    let one_long = format!(
        "Справка: {}.",
        vec![
            "в тексте приводится подробная справка о работе комиссии за последние годы";
            40
        ]
        .join(", ")
    );
    assert!(one_long.chars().count() > 2900);
    for insert in [vec![sentence; 20].join(" "), one_long] {
        let mut l = lines.clone();
        l.insert(6, insert);
        let edited = d.path().join("edited.ru.txt");
        std::fs::write(&edited, l.join("\n")).unwrap();
        let got = tus_of(&en, &edited, d.path());
        assert_eq!(got, want);
    }
}
