//! A process stopped by SIGINT or SIGTERM while writing removes its hidden temporary
//! files (`.tmxalign-*.tmp`), leaves no final output, and exits with 130 or 143.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The en-ru book of the benchmark (about 1,800 sentences a side), or, without
/// `../shared`, a made-up text of the same size.
fn book() -> (String, String) {
    let dir = root().join("../shared/bench/ntrex/en-ru/book-noisy/all");
    match (
        std::fs::read_to_string(dir.join("src.txt")),
        std::fs::read_to_string(dir.join("tgt.txt")),
    ) {
        (Ok(s), Ok(t)) => (s, t),
        _ => {
            eprintln!("note: no ../shared book; using a made-up text");
            let mut s = String::new();
            let mut t = String::new();
            for k in 0..1800 {
                s.push_str(&format!(
                    "The talks in Minsk on {k} March lasted {k} hours.\n"
                ));
                t.push_str(&format!(
                    "Переговоры в Минске {k} марта длились {k} часов.\n"
                ));
            }
            (s, t)
        }
    }
}

/// Every `.tmxalign-*` file under `dir` (any depth).
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e.file_name().to_string_lossy().starts_with(".tmxalign-") {
                found.push(p);
            }
        }
    }
    found
}

/// Runs tmxalign with `args`, waits until an output's temporary file (not the start-up
/// probe) exists under `dir`, sends `sig`, and returns the exit status; `None` when the
/// process finished before the signal came (the caller tries again).
fn interrupt(args: &[&std::ffi::OsStr], dir: &Path, sig: libc::c_int) -> Option<ExitStatus> {
    interrupt_with(args, dir, sig, libc::SIG_DFL)
}

/// [`interrupt`], with the child starting with `disposition` for `sig`.
fn interrupt_with(
    args: &[&std::ffi::OsStr],
    dir: &Path,
    sig: libc::c_int,
    disposition: libc::sighandler_t,
) -> Option<ExitStatus> {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tmxalign"));
    // A test run started in the background of a non-interactive shell ignores SIGINT,
    // and tmxalign rightly keeps a signal ignored at start: set the child's own.
    // SAFETY: signal(2) is async-signal-safe, as pre_exec requires.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(sig, disposition);
            Ok(())
        });
    }
    let mut child = cmd
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success(), "exited before any temporary file: {st}");
            return None;
        }
        let open = temporaries(dir)
            .iter()
            .any(|p| !p.to_string_lossy().contains(".tmxalign-probe-"));
        if open {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_micros(300));
    }
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, sig) }, 0);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return None; // renamed into place just before the signal
    }
    assert!(
        stderr.contains("unfinished output files removed"),
        "{stderr}"
    );
    Some(out.status)
}

#[test]
fn align_interrupted_by_sigint_removes_its_temporary_files_and_exits_130() {
    let (s, t) = book();
    let d = tempfile::tempdir().unwrap();
    let (src, tgt) = (d.path().join("book.en"), d.path().join("book.ru"));
    std::fs::write(&src, s.repeat(10)).unwrap();
    std::fs::write(&tgt, t.repeat(10)).unwrap();
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let (tmx, beads) = (out.join("book.tmx"), out.join("book.beads"));
    let args = [
        "align".as_ref(),
        "-q".as_ref(),
        "--presegmented".as_ref(),
        src.as_os_str(),
        tgt.as_os_str(),
        "-o".as_ref(),
        tmx.as_os_str(),
        "--beads".as_ref(),
        beads.as_os_str(),
    ];
    let mut status = None;
    for _ in 0..3 {
        status = interrupt(&args, &out, libc::SIGINT);
        if status.is_some() {
            break;
        }
        let _ = std::fs::remove_file(&tmx);
        let _ = std::fs::remove_file(&beads);
    }
    let status = status.expect("the signal came while the TMX was being written");
    assert_eq!(status.code(), Some(130), "{status}");
    assert_eq!(temporaries(d.path()), Vec::<PathBuf>::new());
    assert!(!tmx.exists() && !beads.exists());
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn batch_terminated_by_sigterm_removes_its_temporary_files_and_exits_143() {
    let (s, t) = book();
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // More documents than a chunk (64), so the merged TMX is open while the second chunk
    // is aligned; the report's document list is open throughout.
    for k in 0..70 {
        std::fs::write(input.join(format!("d{k:02}.en.txt")), &s).unwrap();
        std::fs::write(input.join(format!("d{k:02}.ru.txt")), &t).unwrap();
    }
    let (out, rep) = (d.path().join("out"), d.path().join("rep"));
    let args = [
        "batch".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--merge".as_ref(),
        "--report".as_ref(),
        rep.as_os_str(),
        "--presegmented".as_ref(),
        "--quiet".as_ref(),
    ];
    let status = interrupt(&args, &out, libc::SIGTERM).expect("interrupted mid-batch");
    assert_eq!(status.code(), Some(143), "{status}");
    assert_eq!(temporaries(d.path()), Vec::<PathBuf>::new());
    assert!(!out.join("en-ru.tmx").exists());
    for f in ["report.json", "report.html", "flagged.tsv"] {
        assert!(!rep.join(f).exists(), "{f}");
    }
}

/// A SIGINT ignored when tmxalign starts (`nohup`, a background job) stays ignored: the
/// run completes.
#[test]
fn an_ignored_sigint_stays_ignored() {
    let (s, t) = book();
    let d = tempfile::tempdir().unwrap();
    let (src, tgt) = (d.path().join("book.en"), d.path().join("book.ru"));
    std::fs::write(&src, s.repeat(3)).unwrap();
    std::fs::write(&tgt, t.repeat(3)).unwrap();
    let out = d.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let tmx = out.join("book.tmx");
    let args = [
        "align".as_ref(),
        "-q".as_ref(),
        "--presegmented".as_ref(),
        src.as_os_str(),
        tgt.as_os_str(),
        "-o".as_ref(),
        tmx.as_os_str(),
    ];
    assert_eq!(
        interrupt_with(&args, &out, libc::SIGINT, libc::SIG_IGN),
        None,
        "finished normally"
    );
    assert!(tmx.exists());
    assert_eq!(temporaries(d.path()), Vec::<PathBuf>::new());
}
