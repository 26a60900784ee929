//! Replays every input saved under `fuzz/regressions/<target>/` through the same checks
//! the fuzz targets run (`fuzz/src/lib.rs`, included here so stable `cargo test` needs no
//! fuzzing dependency). A file there is an input that once crashed a target.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions")
}

/// Files of `fuzz/regressions/<target>/`, sorted (none when the folder is missing).
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = regressions_dir().join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("read fuzz/regressions entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs `target`'s check on each saved input and reports every one that panics.
fn replay(target: &str) {
    let mut failures = Vec::new();
    for path in inputs(target) {
        let data = std::fs::read(&path).expect("read regression input");
        let result = std::panic::catch_unwind(|| checks::check(target, &data));
        if let Err(e) = result {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic".into());
            failures.push(format!("{}: {msg}", path.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fuzz regression input(s) of '{target}' fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn regression_folders_name_targets() {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else {
        return;
    };
    for e in entries {
        let e = e.unwrap();
        if e.path().is_dir() {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                checks::TARGETS.contains(&name.as_str()),
                "fuzz/regressions/{name} is not a fuzz target ({:?})",
                checks::TARGETS
            );
        }
    }
}

#[test]
fn segment_regressions() {
    replay("segment");
}

#[test]
fn tmx_reader_regressions() {
    replay("tmx_reader");
}

#[test]
fn align_regressions() {
    replay("align");
}

/// The checks themselves pass on the demo corpus, so a regression failing here is the
/// library's fault, not the check's.
#[test]
fn checks_accept_the_demo_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read(root.join(p)).unwrap();
    let en = read("corpora/mfa-un-general-assembly.en.txt");
    let ru = read("corpora/mfa-un-general-assembly.ru.txt");
    checks::check("segment", &en);
    checks::check("segment", &ru);
    checks::check("tmx_reader", &read("tmx/mfa-un-general-assembly.en-ru.tmx"));
    checks::check("tmx_reader", &read("data/srx/omegat-3.6-defaults.srx"));
    let mut pair = en.clone();
    pair.push(0xFF);
    pair.extend_from_slice(&ru);
    checks::check("align", &pair);
}

/// The segment check is not vacuous: it rejects a segmenter that breaks the contract.
#[test]
fn split_check_rejects_a_broken_segmenter() {
    struct Untrimmed;
    impl tmxalign::segment::Segmenter for Untrimmed {
        fn split(&self, para: &str) -> Vec<std::ops::Range<usize>> {
            let whole = 0..para.len();
            vec![whole]
        }
    }
    struct Dropping;
    impl tmxalign::segment::Segmenter for Dropping {
        fn split(&self, para: &str) -> Vec<std::ops::Range<usize>> {
            let head = 0..para.len().min(3);
            vec![head]
        }
    }
    assert!(std::panic::catch_unwind(|| checks::check_split(&Untrimmed, " One. ")).is_err());
    assert!(std::panic::catch_unwind(|| checks::check_split(&Dropping, "One. Two.")).is_err());
    checks::check_split(&Untrimmed, "One. Two.");
}
