//! `tmxalign batch` and `tmxalign tmx`: pairing, unpaired files, a failing document,
//! resume, sharding, merge, the report's JSON shape, and the TMX tools.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("tmxalign").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1767225600");
    c
}

/// A folder with two demo statements in both layouts, an unpaired file, a document
/// whose Russian version is binary, and a stray text file.
fn corpus(dir: &Path) {
    let c = root().join("corpora");
    let copy = |from: &str, to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(c.join(from), to).unwrap();
    };
    copy("mfa-un-general-assembly.en.txt", "mfa.en.txt");
    copy("mfa-un-general-assembly.ru.txt", "mfa.ru.txt");
    copy("mfa-un-general-assembly.be.txt", "mfa.be.txt");
    copy("belarus-russia-trade-commission.en.txt", "en/trade.txt");
    copy("belarus-russia-trade-commission.ru.txt", "ru/trade.txt");
    copy("government-science-parks-program.be.txt", "lonely.be.txt");
    copy(
        "lukashenko-hubei-industrial-cooperation.en.txt",
        "broken.en.txt",
    );
    std::fs::write(dir.join("broken.ru.txt"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::write(dir.join("notes.txt"), "a stray file").unwrap();
}

#[test]
fn batch_pairs_reports_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    corpus(&input);
    let out = d.path().join("out");
    let rep = d.path().join("rep");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&rep)
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("failed: broken en-ru")
                .and(predicate::str::contains("unpaired (not aligned)"))
                .and(predicate::str::contains("lonely.be.txt"))
                .and(predicate::str::contains("notes.txt"))
                .and(predicate::str::contains("3 pairs aligned")),
        );
    for f in ["mfa.en-ru.tmx", "mfa.en-be.tmx", "trade.en-ru.tmx"] {
        let t = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(t.matches("<tu ").count() >= 15, "{f}");
    }
    assert!(!out.join("broken.en-ru.tmx").exists());

    // The report's JSON shape.
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(rep.join("report.json")).unwrap()).unwrap();
    assert_eq!(v["tool"], "tmxalign");
    assert_eq!(v["totals"]["documents"], 3);
    assert_eq!(v["totals"]["failed"], 1);
    assert_eq!(v["failures"][0]["id"], "broken");
    assert!(v["failures"][0]["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    for doc in docs {
        for key in [
            "id",
            "pair",
            "src_sentences",
            "tgt_sentences",
            "beads_by_type",
            "tus",
            "mean_confidence",
            "histogram",
            "flagged",
            "omitted",
            "beads",
        ] {
            assert!(!doc[key].is_null(), "document lacks {key}");
        }
        assert_eq!(doc["histogram"].as_array().unwrap().len(), 10);
        let beads: u64 = doc["beads_by_type"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(beads as usize, doc["beads"].as_array().unwrap().len());
    }
    // mfa en-be leaves one English sentence out (corpora/gold): it is listed.
    let be = docs
        .iter()
        .find(|d| d["id"] == "mfa" && d["pair"] == "en-be")
        .unwrap();
    assert_eq!(be["omitted"][0]["side"], "source");
    assert!(be["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "omission")));
    let tsv = std::fs::read_to_string(rep.join("flagged.tsv")).unwrap();
    assert!(tsv.starts_with("document\tpair\tbead\ttype\tconfidence\treasons\tsource\ttarget\n"));
    assert!(tsv.contains("mfa\ten-be"));
    assert!(std::fs::read_to_string(rep.join("report.html"))
        .unwrap()
        .contains("mfa"));

    // Resume: nothing to redo; --force redoes.
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("0 pairs aligned, 3 up to date"));
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("3 pairs aligned, 0 up to date"));
    // A dictionary newer than the outputs makes them stale; once they are newer, they
    // are up to date with it. --learn-lexicon always realigns (its lexicon comes from
    // the whole batch).
    let dict = d.path().join("d.tsv");
    std::fs::write(&dict, "talks\tпереговоры\n").unwrap();
    // Newer than every output, by a microsecond (file times can be coarser than the
    // time between two runs).
    let newest = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
        .max()
        .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&dict)
        .unwrap()
        .set_modified(newest + std::time::Duration::from_micros(1))
        .unwrap();
    let batch_with = |extra: &[&str], want: &str| {
        bin()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--dict")
            .arg(&dict)
            .args(extra)
            .assert()
            .code(3)
            .stderr(predicate::str::contains(want.to_string()));
    };
    batch_with(&[], "3 pairs aligned, 0 up to date");
    batch_with(&[], "0 pairs aligned, 3 up to date");
    batch_with(&["--learn-lexicon"], "3 pairs aligned, 0 up to date");
    // With --report nothing is skipped: the new report covers every document again.
    let rep2 = d.path().join("report2");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&rep2)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("3 pairs aligned, 0 up to date"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rep2.join("report.json")).unwrap()).unwrap();
    assert_eq!(
        json["documents"].as_array().map(Vec::len),
        Some(3),
        "{json}"
    );
}

#[test]
fn shards_cover_the_batch_and_merge_joins_them() {
    let d = tempfile::tempdir().unwrap();
    let c = root().join("corpora");
    let all = d.path().join("all");
    bin()
        .arg("batch")
        .arg(&c)
        .arg("-o")
        .arg(&all)
        .args(["--merge", "--quiet"])
        .assert()
        .success();
    let whole = std::fs::read_to_string(all.join("en-ru.tmx")).unwrap();
    let n_whole = whole.matches("<tu ").count();
    assert_eq!(whole.matches("<prop type=\"x-document\">").count(), n_whole);
    let mut parts = Vec::new();
    let mut docs = 0;
    for k in 1..=3 {
        let o = d.path().join(format!("s{k}"));
        let out = bin()
            .arg("batch")
            .arg(&c)
            .arg("-o")
            .arg(&o)
            .args(["--merge", "--shard", &format!("{k}/3")])
            .assert()
            .success()
            .get_output()
            .stderr
            .clone();
        let s = String::from_utf8(out).unwrap();
        let n: usize = s
            .split("batch: ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        docs += n;
        if o.join("en-ru.tmx").exists() {
            parts.push(o.join("en-ru.tmx"));
        }
    }
    assert_eq!(docs, 4, "every document in exactly one shard");
    let merged = d.path().join("merged.tmx");
    bin()
        .args(["tmx", "merge"])
        .args(&parts)
        .args(&parts)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success()
        .stderr(predicate::str::contains("exact duplicates removed"));
    let m = std::fs::read_to_string(&merged).unwrap();
    assert_eq!(
        m.matches("<tu ").count(),
        n_whole,
        "duplicates removed, nothing lost"
    );
    bin()
        .args(["batch", "x", "-o", "y", "--shard", "4/3"])
        .assert()
        .code(2);
}

#[test]
fn manifest_tsv_and_jsonl() {
    let d = tempfile::tempdir().unwrap();
    let c = root().join("corpora");
    let tsv = d.path().join("m.tsv");
    std::fs::write(
        &tsv,
        format!("id\ten\tru\tbe\nmfa\t{0}/mfa-un-general-assembly.en.txt\t{0}/mfa-un-general-assembly.ru.txt\t\nmissing\t{0}/nope.en.txt\t{0}/nope.ru.txt\t\n", c.display()),
    )
    .unwrap();
    bin()
        .arg("batch")
        .arg(&tsv)
        .arg("-o")
        .arg(d.path().join("o1"))
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("nope.en.txt").and(predicate::str::contains("no such file")),
        );
    assert!(d.path().join("o1/mfa.en-ru.tmx").exists());
    let jl = d.path().join("m.jsonl");
    std::fs::write(&jl, format!("{{\"id\": \"t\", \"en\": \"{0}/belarus-russia-trade-commission.en.txt\", \"be\": \"{0}/belarus-russia-trade-commission.be.txt\"}}\nnot json\n", c.display())).unwrap();
    bin()
        .arg("batch")
        .arg(&jl)
        .arg("-o")
        .arg(d.path().join("o2"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("line 2: not valid JSON"));
    assert!(d.path().join("o2/t.en-be.tmx").exists());

    // A manifest read from a pipe is read once, not counted first and found empty.
    let piped = format!(
        "id\ten\tru\nmfa\t{0}/mfa-un-general-assembly.en.txt\t{0}/mfa-un-general-assembly.ru.txt\n",
        c.display()
    );
    bin()
        .args(["batch", "/dev/stdin", "-o"])
        .arg(d.path().join("piped"))
        .write_stdin(piped.clone())
        .assert()
        .success();
    assert!(d.path().join("piped/mfa.en-ru.tmx").exists());
    bin()
        .args(["batch", "/dev/stdin", "--learn-lexicon", "-o"])
        .arg(d.path().join("piped-learn"))
        .write_stdin(piped)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "must be a regular file, not a pipe",
        ));

    // A misspelt or unsupported language column is refused, not skipped in silence;
    // longer metadata columns and keys are ignored.
    let typo = d.path().join("typo.tsv");
    std::fs::write(&typo, format!("id\ten\tru\tby\ttitle\nmfa\t{0}/mfa-un-general-assembly.en.txt\t{0}/mfa-un-general-assembly.ru.txt\t{0}/mfa-un-general-assembly.be.txt\tUN\n", c.display())).unwrap();
    bin()
        .arg("batch")
        .arg(&typo)
        .arg("-o")
        .arg(d.path().join("o3"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("typo.tsv")
                .and(predicate::str::contains("unknown language column 'by'")),
        );
    assert!(!d.path().join("o3/mfa.en-ru.tmx").exists());
    let meta = d.path().join("meta.tsv");
    std::fs::write(&meta, format!("id\ten\tru\ttitle\nmfa\t{0}/mfa-un-general-assembly.en.txt\t{0}/mfa-un-general-assembly.ru.txt\tUN\n", c.display())).unwrap();
    bin()
        .arg("batch")
        .arg(&meta)
        .arg("-o")
        .arg(d.path().join("o4"))
        .arg("-q")
        .assert()
        .success();
    assert!(d.path().join("o4/mfa.en-ru.tmx").exists());
    let jl = d.path().join("fr.jsonl");
    std::fs::write(&jl, format!("{{\"id\": \"t\", \"en\": \"{0}/mfa-un-general-assembly.en.txt\", \"fr\": \"x.fr.txt\", \"url\": \"https://example.org\"}}\n", c.display())).unwrap();
    bin()
        .arg("batch")
        .arg(&jl)
        .arg("-o")
        .arg(d.path().join("o5"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "line 1: unknown language key 'fr'",
        ));
}

#[test]
fn tmx_tools_stats_validate_filter_convert_split() {
    let d = tempfile::tempdir().unwrap();
    let t = root().join("tmx/mfa-un-general-assembly.en-ru.tmx");
    let out = bin()
        .args(["tmx", "stats", "--json"])
        .arg(&t)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["tus"], 21);
    assert_eq!(v["languages"]["ru"], 21);
    bin()
        .args(["tmx", "validate"])
        .arg(&t)
        .assert()
        .success()
        .stdout(predicate::str::contains("OK"));
    let bad = d.path().join("bad.tmx");
    std::fs::write(&bad, "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg> A </seg></tuv></tu>\n</body></tmx>\n").unwrap();
    bin()
        .args(["tmx", "validate"])
        .arg(&bad)
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("bad.tmx:3: TU 1: 1 TUV(s)")
                .and(predicate::str::contains("whitespace")),
        );
    let same = d.path().join("same.tmx");
    std::fs::write(&same, "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>A</seg></tuv><tuv xml:lang=\"en-GB\"><seg>B</seg></tuv></tu>\n</body></tmx>\n").unwrap();
    bin()
        .args(["tmx", "validate"])
        .arg(&same)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "same.tmx:3: TU 1: every TUV is in 'en'",
        ));
    let f = d.path().join("f.tmx");
    bin()
        .args(["tmx", "filter", "--min-confidence", "0.99"])
        .arg(&t)
        .arg("-o")
        .arg(&f)
        .assert()
        .success()
        .stderr(predicate::str::contains("kept"));
    let kept = std::fs::read_to_string(&f).unwrap().matches("<tu ").count();
    assert!(kept > 0 && kept <= 21);
    let j = d.path().join("x.jsonl");
    bin()
        .args(["tmx", "convert", "--to", "jsonl"])
        .arg(&t)
        .arg("-o")
        .arg(&j)
        .assert()
        .success();
    let first: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&j).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["languages"][1], "ru");
    let s = d.path().join("part.tmx");
    bin()
        .args(["tmx", "split", "--max-tus", "10"])
        .arg(&t)
        .arg("-o")
        .arg(&s)
        .assert()
        .success();
    let counts: Vec<usize> = (1..=3)
        .map(|k| {
            std::fs::read_to_string(d.path().join(format!("part-{k:03}.tmx")))
                .unwrap()
                .matches("<tu ")
                .count()
        })
        .collect();
    assert_eq!(counts, [10, 10, 1]);
    // UTF-16 input with BOM.
    let text = std::fs::read_to_string(&t)
        .unwrap()
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut u16 = vec![0xFF, 0xFE];
    for c in text.encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    let u = d.path().join("u16.tmx");
    std::fs::write(&u, u16).unwrap();
    let out = bin()
        .args(["tmx", "stats", "--json"])
        .arg(&u)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["tus"], 21);
}

/// `--learn-lexicon` learns word pairs from the whole batch (the four demo statements),
/// says how many, and then aligns every pair; the demo gold alignments still hold.
#[test]
fn learn_lexicon_over_the_batch() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let assert = bin()
        .arg("batch")
        .arg(root().join("corpora"))
        .arg("-o")
        .arg(&out)
        .arg("--learn-lexicon")
        .assert()
        .code(0);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for pair in ["en-ru", "en-be"] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!(" {pair} word pairs from ")))
            .unwrap_or_else(|| panic!("no learned-lexicon line for {pair}: {err}"));
        let n: usize = line
            .split_whitespace()
            .nth(2)
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{line}"));
        assert!(n > 0, "{line}");
    }
    assert!(err.contains("8 pairs aligned"), "{err}");
    // The demo gold (corpora/gold/*.tsv) leaves 7 sentences without a counterpart.
    assert!(err.contains("7 sentences omitted (no counterpart"), "{err}");
    // Same TUs as the checked-in demo TMX (aligned without learning) for every pair.
    for e in std::fs::read_dir(root().join("tmx")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "tmx") {
            continue;
        }
        let name = p.file_name().unwrap();
        let segs = |f: &Path| -> Vec<String> {
            let t = std::fs::read_to_string(f).unwrap();
            t.split("<seg>")
                .skip(1)
                .map(|s| s[..s.find("</seg>").unwrap()].to_string())
                .collect()
        };
        assert_eq!(
            segs(&out.join(name)),
            segs(&p),
            "{}",
            name.to_string_lossy()
        );
    }
}

/// A reader that stops early (`tmxalign tmx validate big.tmx | head -1`) ends the command
/// quietly with exit code 0, not with a panic (exit 101).
#[test]
fn closed_stdout_is_not_a_panic() {
    let d = tempfile::tempdir().unwrap();
    let tmx = d.path().join("many.tmx");
    let tus: String = (0..5000)
        .map(|_| "<tu><tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>")
        .collect();
    std::fs::write(
        &tmx,
        format!("<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"en\"/><body>{tus}</body></tmx>"),
    )
    .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmxalign"))
        .args(["tmx", "validate"])
        .arg(&tmx)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// `-o -` means standard output for the TMX tools, not a file named `-`.
#[test]
fn tmx_tools_write_to_stdout_with_dash() {
    let d = tempfile::tempdir().unwrap();
    let tmx = root().join("tmx/mfa-un-general-assembly.en-ru.tmx");
    let out = bin()
        .current_dir(d.path())
        .args(["tmx", "convert", "--to", "tsv", "-o", "-"])
        .arg(&tmx)
        .assert()
        .code(0);
    let tsv = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        tsv.starts_with("Belarusian delegation at the 80th session of the UN General Assembly\t"),
        "{tsv}"
    );
    let tus = std::fs::read_to_string(&tmx)
        .unwrap()
        .matches("<tu ")
        .count();
    assert_eq!(tsv.lines().count(), tus);
    let out = bin()
        .current_dir(d.path())
        .args(["tmx", "filter", "--min-confidence", "0", "-o", "-"])
        .arg(&tmx)
        .assert()
        .code(0);
    let filtered = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(filtered.matches("<tu ").count(), tus);
    assert!(!d.path().join("-").exists());
    // split writes several files: "-" is refused rather than naming them --001.tmx, ….
    bin()
        .current_dir(d.path())
        .args(["tmx", "split", "--max-tus", "5", "-o", "-"])
        .arg(&tmx)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give a file name"));
    assert!(!d.path().join("--001.tmx").exists());
}

/// A file whose name says Belarusian but whose text is plainly Russian fails (a TM with
/// Russian under `be` would mislead every user of it), as `align` refuses it; the other
/// pair of the document is still aligned.
#[test]
fn batch_fails_a_file_whose_text_contradicts_its_name() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let c = root().join("corpora");
    std::fs::copy(
        c.join("mfa-un-general-assembly.en.txt"),
        input.join("news.en.txt"),
    )
    .unwrap();
    std::fs::copy(
        c.join("mfa-un-general-assembly.ru.txt"),
        input.join("news.be.txt"),
    )
    .unwrap();
    std::fs::copy(
        c.join("mfa-un-general-assembly.ru.txt"),
        input.join("news.ru.txt"),
    )
    .unwrap();
    let out = d.path().join("out");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(d.path().join("rp"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "declared tgt language 'be' but the text is 'ru'",
        ));
    assert!(out.join("news.en-ru.tmx").exists());
    assert!(!out.join("news.en-be.tmx").exists());
    let report = std::fs::read_to_string(d.path().join("rp/report.json")).unwrap();
    assert!(
        report.contains("but the text is 'ru'"),
        "the failure is in the report"
    );
}

#[test]
fn control_characters_in_a_document_id_stay_out_of_the_xml() {
    // The id comes from the file name; a name may hold characters XML forbids, and the
    // merged TMX (tuid attributes) must still be well-formed.
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let c = root().join("corpora");
    for l in ["en", "ru"] {
        std::fs::copy(
            c.join(format!("mfa-un-general-assembly.{l}.txt")),
            input.join(format!("a\u{1}b\u{1b}c.{l}.txt")),
        )
        .unwrap();
    }
    let out = d.path().join("out");
    bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--merge", "--quiet"])
        .assert()
        .success();
    let tmx = std::fs::read_to_string(out.join("en-ru.tmx")).unwrap();
    assert!(tmx.contains("tuid=\"abc-1\""), "{}", &tmx[..600]);
    assert!(!tmx.contains(['\u{1}', '\u{1b}']));
    bin()
        .args(["tmx", "validate"])
        .arg(out.join("en-ru.tmx"))
        .assert()
        .success();
}

#[test]
fn merge_reports_conflicting_translations_with_both_texts() {
    let d = tempfile::tempdir().unwrap();
    let tmx = |tus: &[(&str, &str)]| {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n");
        for (e, r) in tus {
            s += &format!("<tu><tuv xml:lang=\"en\"><seg>{e}</seg></tuv><tuv xml:lang=\"ru\"><seg>{r}</seg></tuv></tu>\n");
        }
        s + "</body></tmx>\n"
    };
    let a = d.path().join("a.tmx");
    let b = d.path().join("b.tmx");
    std::fs::write(
        &a,
        tmx(&[("Good morning.", "Доброе утро."), ("Thanks.", "Спасибо.")]),
    )
    .unwrap();
    std::fs::write(
        &b,
        tmx(&[
            ("Thanks.", "Спасибо."),
            ("Good morning.", "С добрым утром."),
        ]),
    )
    .unwrap();
    let out = d.path().join("m.tmx");
    bin()
        .args(["tmx", "merge"])
        .args([&a, &b])
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(
            predicate::str::contains(
                "conflict: \"Good morning.\" is translated as \"Доброе утро.\" and as \"С добрым утром.\"",
            )
            .and(predicate::str::contains("4 TUs read, 3 written, 1 exact duplicates removed, 1 conflicting")),
        );
    // The same TUVs in the other order (a TMX whose srclang is ru) are a duplicate too.
    let c = d.path().join("c.tmx");
    std::fs::write(
        &c,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"ru\" datatype=\"plaintext\"/><body>\n<tu><tuv xml:lang=\"ru\"><seg>Спасибо.</seg></tuv><tuv xml:lang=\"EN\"><seg>Thanks.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    bin()
        .args(["tmx", "merge"])
        .args([&a, &c])
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 TUs read, 2 written, 1 exact duplicates removed",
        ));
}

#[test]
fn filter_keeps_tuids_as_they_are_and_writes_no_empty_tu() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("f.tmx");
    std::fs::write(
        &f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ru\"><seg>Один.</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv><tuv xml:lang=\"ru\"><seg>Два.</seg></tuv></tu>\n<tu tuid=\"9\"></tu>\n</body></tmx>\n",
    )
    .unwrap();
    let out = d.path().join("g.tmx");
    bin()
        .args(["tmx", "filter"])
        .arg(&f)
        .args(["--min-confidence", "0.5", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("kept 2 TUs, dropped 1"));
    let g = std::fs::read_to_string(&out).unwrap();
    // The TU without a tuid gets none (a made-up "2" would repeat the first one's).
    assert_eq!(g.matches("<tu tuid=\"2\">").count(), 1, "{g}");
    assert_eq!(g.matches("<tu>").count(), 1, "{g}");
    assert!(!g.contains("tuid=\"9\""), "{g}");
    bin().args(["tmx", "validate"]).arg(&out).assert().success();
}

#[test]
fn tmx_merge_warns_when_language_pairs_mix() {
    let d = tempfile::tempdir().unwrap();
    let c = root().join("corpora");
    let stem = "mfa-un-general-assembly";
    for (tgt, out) in [("ru", "a.tmx"), ("be", "b.tmx")] {
        bin()
            .args(["align", "-q"])
            .arg(c.join(format!("{stem}.en.txt")))
            .arg(c.join(format!("{stem}.{tgt}.txt")))
            .arg("-o")
            .arg(d.path().join(out))
            .assert()
            .success();
    }
    let merge = |ins: &[&str], warns: bool| {
        let mut cmd = bin();
        cmd.args(["tmx", "merge"]);
        for i in ins {
            cmd.arg(d.path().join(i));
        }
        let a = cmd.arg("-o").arg(d.path().join("m.tmx")).assert().success();
        let p = predicate::str::contains("mixes language combinations (be+en, en+ru)");
        if warns {
            a.stderr(p);
        } else {
            a.stderr(p.not());
        }
    };
    merge(&["a.tmx", "b.tmx"], true);
    merge(&["a.tmx", "a.tmx"], false);
}

#[test]
fn qa_flags_reach_the_tmx_and_filter_can_drop_them() {
    let d = tempfile::tempdir().unwrap();
    let en = "The talks took place in Minsk on Monday.\nThe parties signed 12 agreements worth $1.5 billion.\nThe next meeting will be held in Kazan in 2026.\n";
    // The second sentence has another number; the third is left in English.
    let ru = "Переговоры прошли в Минске в понедельник.\nСтороны подписали 14 соглашений на 1,5 млрд долларов.\nThe next meeting will be held in Kazan in 2026.\n";
    std::fs::write(d.path().join("s.en.txt"), en).unwrap();
    std::fs::write(d.path().join("s.ru.txt"), ru).unwrap();
    let tmx = d.path().join("s.tmx");
    bin()
        .args(["align", "-q", "--presegmented"])
        .arg(d.path().join("s.en.txt"))
        .arg(d.path().join("s.ru.txt"))
        .arg("-o")
        .arg(&tmx)
        .assert()
        .success();
    let text = std::fs::read_to_string(&tmx).unwrap();
    assert!(
        text.contains("<prop type=\"x-flags\">number-mismatch</prop>"),
        "{text}"
    );
    assert!(
        text.contains("<prop type=\"x-flags\">untranslated</prop>"),
        "{text}"
    );
    assert_eq!(text.matches("x-flags").count(), 2, "{text}");
    let kept = d.path().join("kept.tmx");
    bin()
        .args(["tmx", "filter", "--drop-flagged"])
        .arg(&tmx)
        .arg("-o")
        .arg(&kept)
        .assert()
        .success()
        .stderr(predicate::str::contains("kept 1 TUs, dropped 2"));
    let kept = std::fs::read_to_string(&kept).unwrap();
    assert!(kept.contains("Переговоры прошли в Минске"));
    bin()
        .args(["tmx", "convert", "--to", "csv", "-o", "-"])
        .arg(&tmx)
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("source,target,confidence,bead,document,flags\n")
                .and(predicate::str::contains(",\"untranslated\"\n")),
        );
}

#[test]
fn tmx_inline_codes_source_side_and_segment_option() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("ut.tmx");
    std::fs::write(
        &t,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
<tu><tuv xml:lang=\"ru\"><seg>Оба министра<ut>{\\line}</ut>приветствовали это.</seg></tuv>\
<tuv xml:lang=\"en\"><seg>Both ministers<ut>{\\line}</ut>welcomed it.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    bin()
        .args(["tmx", "convert", "--to", "tsv", "-o", "-"])
        .arg(&t)
        .assert()
        .success()
        .stdout("Both ministers welcomed it.\tОба министра приветствовали это.\t\n");
    bin()
        .arg("segment")
        .arg(&t)
        .assert()
        .success()
        .stdout("Both ministers welcomed it.\n");
    let three = d.path().join("three.tmx");
    std::fs::write(
        &three,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n\
<tu><tuv xml:lang=\"en\"><seg>Hi.</seg></tuv><tuv xml:lang=\"ru\"><seg>Привет.</seg></tuv><tuv xml:lang=\"be\"><seg>Прывітанне.</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    bin().arg("segment").arg(&three).assert().code(2).stderr(
        predicate::str::contains("three.tmx")
            .and(predicate::str::contains("pass --lang"))
            .and(predicate::str::contains("--tgt-lang").not()),
    );
    bin()
        .args(["segment", "--lang", "be"])
        .arg(&three)
        .assert()
        .success()
        .stdout("Прывітанне.\n");
    bin()
        .args(["tmx", "convert", "--to", "csv", "-o", "-"])
        .arg(&three)
        .assert()
        .success()
        .stdout("source,target,confidence,bead,document,flags\n\"Hi.\",\"Привет.\",\"\",\"\",\"\",\"\"\n\"Hi.\",\"Прывітанне.\",\"\",\"\",\"\",\"\"\n")
        .stderr(predicate::str::contains("wrote 2 rows from 1 TUs"));
}

/// A TMX of `n` TUs, `<seg>Sentence k.</seg>` / `<seg>Предложение k.</seg>`, k = 1..n.
fn numbered_tmx(n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n",
    );
    for k in 1..=n {
        s.push_str(&format!(
            "<tu tuid=\"{k}\"><tuv xml:lang=\"en\"><seg>Sentence {k}.</seg></tuv><tuv xml:lang=\"ru\"><seg>Предложение {k}.</seg></tuv></tu>\n"
        ));
    }
    s.push_str("</body></tmx>\n");
    s
}

/// The files in `dir` whose names start with `prefix`, sorted by name.
fn names_with(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// 1,200 parts: written one at a time (the old split kept every part open and failed
/// past `ulimit -n`), numbered with four digits so that the names sort in order.
#[test]
fn tmx_split_into_1200_parts_under_a_low_open_file_limit() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("big.tmx");
    std::fs::write(&t, numbered_tmx(1200)).unwrap();
    let out_dir = d.path().join("parts");
    std::fs::create_dir(&out_dir).unwrap();
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 40 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("tmxalign"))
        .args(["tmx", "split", "--max-tus", "1"])
        .arg(&t)
        .arg("-o")
        .arg(out_dir.join("part.tmx"))
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("wrote 1200 files"), "{stderr}");
    let names = names_with(&out_dir, "");
    assert_eq!(names.len(), 1200, "{:?}", &names[..names.len().min(5)]);
    let expected: Vec<String> = (1..=1200).map(|k| format!("part-{k:04}.tmx")).collect();
    assert_eq!(
        names, expected,
        "sorted by name = in order, no temporary file"
    );
    // Standard output lists them in order; each part holds its own TU, and its header
    // names the pattern it belongs to.
    let listed: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(listed, expected);
    for k in [1usize, 999, 1000, 1200] {
        let part = std::fs::read_to_string(out_dir.join(format!("part-{k:04}.tmx"))).unwrap();
        assert_eq!(part.matches("<tu ").count(), 1);
        assert!(
            part.contains(&format!("<seg>Sentence {k}.</seg>")),
            "{part}"
        );
        assert!(
            part.contains("<prop type=\"x-split-of\">part.tmx</prop>"),
            "{part}"
        );
    }
}

/// A second split with the same pattern replaces the first one's parts: the ones it does
/// not rewrite are removed (also when the width of the numbers changes), files that only
/// look like parts stay, and a bad input leaves the earlier parts as they were.
#[test]
fn tmx_split_replaces_the_parts_of_an_earlier_split() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("in.tmx");
    std::fs::write(&t, numbered_tmx(10)).unwrap();
    let parts = d.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    let pattern = parts.join("tm.tmx");
    let split = |max: &str| {
        let o = bin()
            .args(["tmx", "split", "--max-tus", max])
            .arg(&t)
            .arg("-o")
            .arg(&pattern)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, _) = split("2");
    assert_eq!(code, Some(0));
    assert_eq!(
        names_with(&parts, "tm-"),
        [
            "tm-001.tmx",
            "tm-002.tmx",
            "tm-003.tmx",
            "tm-004.tmx",
            "tm-005.tmx"
        ]
    );
    // Someone's own file named like a part, and another split's part: both stay.
    std::fs::write(parts.join("tm-2024.tmx"), numbered_tmx(1)).unwrap();
    std::fs::copy(parts.join("tm-005.tmx"), parts.join("other-001.tmx")).unwrap();
    let (code, err) = split("4");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        names_with(&parts, "tm-"),
        ["tm-001.tmx", "tm-002.tmx", "tm-003.tmx", "tm-2024.tmx"]
    );
    assert!(
        err.contains("removed") && err.contains("tm-004.tmx") && err.contains("tm-005.tmx"),
        "{err}"
    );
    assert!(
        err.contains("warning") && err.contains("tm-2024.tmx") && err.contains("left as it is"),
        "{err}"
    );
    assert!(parts.join("other-001.tmx").exists());
    let third = std::fs::read_to_string(parts.join("tm-003.tmx")).unwrap();
    assert_eq!(third.matches("<tu ").count(), 2);
    assert!(third.contains("<seg>Sentence 10.</seg>"));
    // A truncated input: an error naming it, no part written, the earlier ones intact,
    // no temporary file left.
    let before = std::fs::read(parts.join("tm-001.tmx")).unwrap();
    let full = numbered_tmx(10);
    std::fs::write(&t, &full[..full.len() / 2]).unwrap();
    let (code, err) = split("1");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("in.tmx"), "{err}");
    assert_eq!(
        names_with(&parts, "tm-"),
        ["tm-001.tmx", "tm-002.tmx", "tm-003.tmx", "tm-2024.tmx"]
    );
    assert_eq!(std::fs::read(parts.join("tm-001.tmx")).unwrap(), before);
    assert!(names_with(&parts, ".tmxalign-").is_empty());
    // Wider numbers: the three-digit parts are stale too.
    std::fs::write(&t, numbered_tmx(1000)).unwrap();
    let (code, err) = split("1");
    assert_eq!(code, Some(0), "{err}");
    let names = names_with(&parts, "tm-");
    assert_eq!(names.len(), 1001, "1,000 parts and tm-2024.tmx");
    assert_eq!(names[0], "tm-0001.tmx");
    assert!(!parts.join("tm-001.tmx").exists());
    assert!(parts.join("tm-2024.tmx").exists());
}

/// `batch --merge`: a merged file of an earlier run is not left looking current when every
/// document of its language pair fails in a later run; one whose pair has no document in
/// the later run is kept, and stderr says so either way.
#[test]
fn merge_removes_a_stale_merged_file_when_its_pair_fails() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let c = root().join("corpora");
    for l in ["en", "ru", "be"] {
        std::fs::copy(
            c.join(format!("mfa-un-general-assembly.{l}.txt")),
            input.join(format!("mfa.{l}.txt")),
        )
        .unwrap();
    }
    let out = d.path().join("out");
    let run = || {
        let o = bin()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--merge")
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run();
    assert_eq!(code, Some(0), "{err}");
    let (ru, be) = (out.join("en-ru.tmx"), out.join("en-be.tmx"));
    assert!(ru.exists() && be.exists());
    let first_be = std::fs::read_to_string(&be).unwrap();
    assert!(first_be.matches("<tu ").count() > 10);

    // No Belarusian version in this run: the earlier en-be.tmx stays, with a note.
    std::fs::rename(input.join("mfa.be.txt"), d.path().join("mfa.be.txt")).unwrap();
    let (code, err) = run();
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(std::fs::read_to_string(&be).unwrap(), first_be);
    assert!(
        err.contains("en-be.tmx is from an earlier run") && err.contains("left as it is"),
        "{err}"
    );

    // The Belarusian version fails: en-be.tmx is removed, the failure and the removal
    // are reported, en-ru.tmx is rewritten, exit 3.
    std::fs::write(input.join("mfa.be.txt"), b"\x00\x01\x02binary\x00").unwrap();
    let (code, err) = run();
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("failed: mfa en-be"), "{err}");
    assert!(
        err.contains(&format!("removed {}", be.display()))
            && err.contains("the only document of its language pair failed"),
        "{err}"
    );
    assert!(!be.exists());
    assert!(ru.exists());
    assert!(
        std::fs::read_to_string(&ru)
            .unwrap()
            .matches("<tu ")
            .count()
            > 10
    );
}

/// A part of the input tree that cannot be read fails the batch (exit 3) with the folder
/// named, instead of being skipped (it used to be listed as unpaired, with exit 0, and
/// a symbolic link to an unmounted folder was skipped without a word).
#[test]
fn batch_fails_on_an_unreadable_part_of_the_input_tree() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    let c = root().join("corpora");
    let copy = |from: &str, to: &str| {
        let to = input.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(c.join(from), to).unwrap();
    };
    copy("mfa-un-general-assembly.en.txt", "mfa.en.txt");
    copy("mfa-un-general-assembly.ru.txt", "mfa.ru.txt");
    // An archive folder linked from somewhere that is not mounted: tests run as root
    // here, so a link to nothing is the way to make a folder unreadable for anyone.
    let gone = d.path().join("unmounted/2019");
    std::os::unix::fs::symlink(&gone, input.join("2019")).unwrap();
    let (out, rep) = (d.path().join("out"), d.path().join("rep"));
    let o = bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&rep)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    let link = input.join("2019");
    assert!(
        err.contains(&format!(
            "failed: {}: not read, its documents (if a folder) are not aligned: a symbolic link to {}, which does not exist",
            link.display(),
            gone.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("1 pair aligned") && err.contains("1 failed"),
        "{err}"
    );
    assert!(out.join("mfa.en-ru.tmx").exists());
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(rep.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["failed"], 1);
    assert!(report["failures"][0]["error"]
        .as_str()
        .unwrap()
        .contains("2019"));

    // A folder without read permission: the same, where permissions apply (not as root).
    use std::os::unix::fs::PermissionsExt;
    std::fs::remove_file(input.join("2019")).unwrap();
    let locked = input.join("locked");
    copy("mfa-un-general-assembly.en.txt", "locked/a.en.txt");
    copy("mfa-un-general-assembly.ru.txt", "locked/a.ru.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        eprintln!("skipping the permission case: permissions do not apply (running as root)");
    } else {
        let o = bin()
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(
            err.contains(&format!(
                "failed: {}: folder not read, its documents are not aligned: permission denied",
                locked.display()
            )),
            "{err}"
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
