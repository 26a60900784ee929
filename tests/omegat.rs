//! A real CAT tool: the demo TMX files pass `../shared/tools/tmx_validate.sh` and OmegaT
//! (`../shared/tools/omegat_check.sh`) fills every English segment that the gold
//! alignment pairs on its own (1-1 or 1-2 units) from them; our English segments equal
//! OmegaT's on the demo corpora. Needs Debian's omegat, libxml2-utils and
//! translate-toolkit (installed by `.ci/run`); skipped elsewhere when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use tmxalign::segment::{split_text, RuleSegmenter};
use tmxalign::Lang;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tools() -> Option<PathBuf> {
    let t = root().join("../shared/tools");
    let ok =
        t.join("omegat_check.sh").exists() && Path::new("/usr/share/omegat/OmegaT.jar").exists();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install omegat (see .ci/run) and provide ../shared/tools"
        );
        eprintln!("skipping: OmegaT or ../shared/tools not available");
        return None;
    }
    Some(t)
}

fn demo_pairs() -> Vec<(String, &'static str)> {
    let mut v = Vec::new();
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
            v.push((n.clone(), t));
        }
    }
    v
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn demo_tmx_passes_the_validator() {
    let Some(t) = tools() else { return };
    for (n, tgt) in demo_pairs() {
        let tmx = root().join(format!("tmx/{n}.en-{tgt}.tmx"));
        let out = run(Command::new("bash")
            .arg(t.join("tmx_validate.sh"))
            .arg(&tmx)
            .args(["en", tgt]));
        let last = out.lines().last().unwrap_or("");
        assert!(
            last.starts_with("tmx_validate: OK"),
            "{}: {out}",
            tmx.display()
        );
    }
}

#[test]
fn omegat_fills_every_segment_the_gold_pairs_on_its_own() {
    let Some(t) = tools() else { return };
    let seg = RuleSegmenter::new(Lang::En);
    for (n, tgt) in demo_pairs() {
        let gold =
            std::fs::read_to_string(root().join(format!("corpora/gold/{n}.en-{tgt}.tsv"))).unwrap();
        // Source segments the gold pairs on their own, with their gold translation.
        let mut expected = std::collections::HashMap::new();
        for line in gold.lines().filter(|l| !l.trim().is_empty()) {
            let (s, t) = line.split_once('\t').unwrap();
            if !s.is_empty() && !t.is_empty() && split_text(&seg, s).len() == 1 {
                expected.insert(s.to_string(), t.to_string());
            }
        }
        let tmx = root().join(format!("tmx/{n}.en-{tgt}.tmx"));
        let src = root().join(format!("corpora/{n}.en.txt"));
        let dump = tempfile::NamedTempFile::new().unwrap();
        let out = run(Command::new("bash")
            .env("OMEGAT_CHECK_DUMP", dump.path())
            .arg(t.join("omegat_check.sh"))
            .arg(&tmx)
            .arg(&src)
            .args(["en", tgt]));
        // entry, state, source, translation
        let table = std::fs::read_to_string(dump.path()).unwrap();
        for (source, translation) in &expected {
            let row = table
                .lines()
                .find(|l| l.split('\t').nth(2) == Some(source.as_str()));
            let row =
                row.unwrap_or_else(|| panic!("{n} en-{tgt}: OmegaT has no segment {source:?}"));
            let cells: Vec<&str> = row.split('\t').collect();
            assert!(
                cells[1].starts_with("filled"),
                "{n} en-{tgt}: not filled: {source}"
            );
            assert_eq!(
                cells.get(3).copied(),
                Some(translation.as_str()),
                "{n} en-{tgt}: wrong translation for {source}"
            );
        }
        let expected = expected.len();
        let last = out.lines().last().unwrap_or("");
        let filled: usize = last
            .strip_prefix("omegat: ")
            .and_then(|r| r.split(' ').next())
            .and_then(|x| x.parse().ok())
            .unwrap_or_else(|| panic!("{n} en-{tgt}: unexpected OmegaT output:\n{out}"));
        assert!(filled >= expected, "{n} en-{tgt}: OmegaT filled {filled}, the gold pairs {expected} segments on their own:\n{out}");
    }
}

#[test]
fn our_english_segments_equal_omegats_on_the_demo() {
    let Some(t) = tools() else { return };
    let seg = RuleSegmenter::new(Lang::En);
    for (n, _) in demo_pairs().into_iter().filter(|p| p.1 == "ru") {
        let src = root().join(format!("corpora/{n}.en.txt"));
        let out = run(Command::new("bash")
            .arg(t.join("omegat_segments.sh"))
            .arg(&src)
            .arg("en"));
        let theirs: Vec<&str> = out
            .lines()
            .filter(|l| !l.starts_with("omegat_segments:") && !l.is_empty())
            .collect();
        let text = std::fs::read_to_string(&src).unwrap();
        let ours: Vec<&str> = text.lines().flat_map(|p| split_text(&seg, p)).collect();
        assert_eq!(ours, theirs, "{n}: segments differ from OmegaT's");
    }
}

#[test]
fn srx_with_omegat_defaults_reproduces_omegat_segments() {
    let Some(t) = tools() else { return };
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("tricky.txt");
    std::fs::write(
        &f,
        "President A.G. Lukashenko met Mr. Smith of the U.S. and Canada on Jan. 1, 2026. He said \"Stop.\" Then he left.\n\n\
         Exports grew, e.g. potash, i.e. fertiliser, etc. and more. Decree No. 5 was signed at 6 p.m. yesterday. Really? Yes!\n\n\
         «Привет.» Он ушёл. Wait… Then it rained. She waited... and waited. (It was cold.) Next one.\n",
    )
    .unwrap();
    let out = run(Command::new("bash")
        .arg(t.join("omegat_segments.sh"))
        .arg(&f)
        .arg("en"));
    let theirs: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("omegat_segments:") && !l.is_empty())
        .collect();
    let ours = assert_cmd::Command::cargo_bin("tmxalign")
        .unwrap()
        .args(["segment", "--lang", "en", "--srx"])
        .arg(root().join("data/srx/omegat-3.6-defaults.srx"))
        .arg(&f)
        .output()
        .unwrap();
    let ours = String::from_utf8(ours.stdout).unwrap();
    assert_eq!(ours.lines().collect::<Vec<_>>(), theirs);
    // The built-in rules differ exactly where OmegaT's are wrong (U.S. and, A.G. Lukashenko).
    let builtin = assert_cmd::Command::cargo_bin("tmxalign")
        .unwrap()
        .args(["segment", "--lang", "en"])
        .arg(&f)
        .output()
        .unwrap();
    let builtin = String::from_utf8(builtin.stdout).unwrap();
    assert!(builtin.lines().any(|l| l.starts_with(
        "President A.G. Lukashenko met Mr. Smith of the U.S. and Canada on Jan. 1, 2026."
    )));
}

/// What README's "Exact matches in OmegaT" says about hard-wrapped text: OmegaT keeps the
/// line breaks in its segments, so a TMX of the wrapped text (whose TUs tmxalign joins)
/// fills nothing in the wrapped source and everything in the unwrapped one (made with the
/// README's perl line).
#[test]
fn hard_wrapped_source_matches_only_once_unwrapped() {
    let Some(t) = tools() else { return };
    let d = tempfile::tempdir().unwrap();
    let en = d.path().join("w.en.txt");
    let ru = d.path().join("w.ru.txt");
    std::fs::write(&en, "The talks took place in Minsk on 21\nNovember. The parties discussed trade\nworth $1.5 billion.\n\nThe next meeting will be held in\nMoscow.\n").unwrap();
    std::fs::write(&ru, "Переговоры прошли в Минске\n21 ноября. Стороны обсудили\nторговлю на 1,5 млрд долларов.\n\nСледующая встреча состоится\nв Москве.\n").unwrap();
    let tmx = d.path().join("w.tmx");
    let st = assert_cmd::Command::cargo_bin("tmxalign")
        .unwrap()
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .arg("-o")
        .arg(&tmx)
        .args(["--creation-date", "2026-01-01T00:00:00Z", "-q"])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let unwrapped = d.path().join("u.en.txt");
    let perl = Command::new("perl")
        .args(["-00", "-lpe", r"s/[ \t]*\r?\n[ \t]*/ /g"])
        .arg(&en)
        .output()
        .unwrap();
    std::fs::write(&unwrapped, &perl.stdout).unwrap();
    let last = |src: &Path| {
        let out = run(Command::new("bash")
            .arg(t.join("omegat_check.sh"))
            .arg(&tmx)
            .arg(src)
            .args(["en", "ru"]));
        out.lines()
            .rfind(|l| l.starts_with("omegat: "))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        last(&en),
        "omegat: 0 of 3 source segments filled from the TMX"
    );
    assert_eq!(
        last(&unwrapped),
        "omegat: 3 of 3 source segments filled from the TMX"
    );
}
