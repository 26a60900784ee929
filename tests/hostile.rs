//! Hostile inputs. The contract under test:
//!
//! - bad input → exit 2, exactly one `tmxalign: error:` line on stderr naming the file and
//!   the problem, nothing on stdout, no output file and no `.tmxalign-*` temporary file left
//!   in the output folder;
//! - good-but-odd input → exit 0, a well-formed TMX, and every input sentence ends in a TU
//!   or is listed on stderr as `tmxalign: omitted …` (checked by counts from the summary,
//!   by the `x-bead` props, and by the visible characters of each side);
//! - never a panic (exit 101), a crash (killed by a signal) or a hang (killed by the
//!   timeout of every run).
//!
//! Tests marked `#[ignore = "BUG: …"]` describe what the contract requires and the tool
//! does not do yet; run them with `cargo test --release --test hostile -- --ignored`.

use assert_cmd::Command;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EN: &str = "The talks took place in Minsk.\nThey lasted three hours.\n";
const RU: &str = "Переговоры прошли в Минске.\nОни длились три часа.\n";
const BE: &str = "Перамовы прайшлі ў Мінску.\nЯны доўжыліся тры гадзіны.\n";

/// What one run of tmxalign produced.
struct Run {
    case: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The end of stderr, for assertion messages (stderr may list 100,000 omissions).
    fn err_tail(&self) -> String {
        let n = self.stderr.chars().count();
        if n <= 2000 {
            self.stderr.clone()
        } else {
            let tail: String = self.stderr.chars().skip(n - 2000).collect();
            format!("…{tail}")
        }
    }
}

/// An argument: anything that is an OS string (str, Path, PathBuf).
fn a<P: AsRef<OsStr> + ?Sized>(p: &P) -> &OsStr {
    p.as_ref()
}

/// Runs tmxalign with `args` (in `cwd` when given) and checks that it neither panicked,
/// crashed nor hung for `timeout`.
fn run_with(case: &str, cwd: Option<&Path>, timeout: u64, args: &[&OsStr]) -> Run {
    let mut cmd = Command::cargo_bin("tmxalign").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("TMXALIGN_TIMING")
        .timeout(Duration::from_secs(timeout))
        .args(args);
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    let r = Run {
        case: case.to_string(),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        r.code.is_some(),
        "{case}: tmxalign was killed (a crash, or hung longer than {timeout} s); stderr: {}",
        r.err_tail()
    );
    assert_ne!(r.code, Some(101), "{case}: panic; stderr: {}", r.err_tail());
    assert!(
        !r.stderr.contains("panicked at"),
        "{case}: panic; stderr: {}",
        r.err_tail()
    );
    assert!(
        matches!(r.code, Some(0 | 2 | 3)),
        "{case}: exit code {:?} is not in the contract (0, 2, 3); stderr: {}",
        r.code,
        r.err_tail()
    );
    r
}

fn run(case: &str, args: &[&OsStr]) -> Run {
    run_with(case, None, 120, args)
}

/// `tmxalign align SRC TGT -o OUT EXTRA…`.
fn align(case: &str, src: &Path, tgt: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![a("align"), a(src), a(tgt), a("-o"), a(out)];
    args.extend(extra.iter().map(a));
    run(case, &args)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian {
            &[0xFE, 0xFF]
        } else {
            &[0xFF, 0xFE]
        });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn mkfifo(path: &Path) {
    let st = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(st.success(), "mkfifo {} failed", path.display());
}

/// Bad input: exit 2, one `tmxalign: error:` line naming `file` and `problem`, nothing on
/// stdout. Returns the error line.
fn expect_refused(r: &Run, file: &str, problem: &str) -> String {
    expect_refused_any(r, file, &[problem])
}

/// Like [`expect_refused`], accepting any of `problems` as the key phrase.
fn expect_refused_any(r: &Run, file: &str, problems: &[&str]) -> String {
    let case = &r.case;
    assert_eq!(
        r.code,
        Some(2),
        "{case}: expected exit 2 (bad input); stdout: {}; stderr: {}",
        r.stdout(),
        r.err_tail()
    );
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("tmxalign: error:"))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "{case}: expected one 'tmxalign: error:' line; stderr: {}",
        r.err_tail()
    );
    let line = errors[0];
    assert!(
        line.contains(file),
        "{case}: the error does not name '{file}': {line}"
    );
    assert!(
        problems.iter().any(|p| line.contains(p)),
        "{case}: the error does not say {problems:?}: {line}"
    );
    assert!(
        r.stdout.is_empty(),
        "{case}: stdout is not empty on error: {}",
        r.stdout()
    );
    line.to_string()
}

/// No output file at `out` and no temporary file in its folder.
fn expect_no_output(case: &str, out: &Path) {
    assert!(!out.exists(), "{case}: {} was left behind", out.display());
    no_temp_files(case, out.parent().unwrap());
}

fn no_temp_files(case: &str, dir: &Path) {
    if !dir.is_dir() {
        return;
    }
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmxalign-"))
        .collect();
    assert!(
        left.is_empty(),
        "{case}: temporary files left in {}: {left:?}",
        dir.display()
    );
}

/// One TU as written by tmxalign.
struct Tu {
    bead: (usize, usize),
    langs: Vec<String>,
    src: String,
    tgt: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<(&'a str, &'a str)> {
    let k = s.find(open)? + open.len();
    let e = s[k..].find(close)? + k;
    Some((&s[k..e], &s[e + close.len()..]))
}

/// Whether XML 1.0 allows `c` (the characters tmxalign keeps in a TMX).
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Reads a TMX written by tmxalign and checks its shape: declaration, `<tmx
/// version="1.4">`, a header with srclang, balanced `<tu>`s with two TUVs each, the closing
/// `</tmx>`, and no character XML 1.0 forbids.
fn read_tmx(case: &str, path: &Path) -> Vec<Tu> {
    let bytes = std::fs::read(path)
        .unwrap_or_else(|e| panic!("{case}: cannot read {}: {e}", path.display()));
    let text = String::from_utf8(bytes)
        .unwrap_or_else(|_| panic!("{case}: {} is not UTF-8", path.display()));
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{case}: no XML declaration"
    );
    assert!(text.contains("<tmx version=\"1.4\">"), "{case}: no <tmx>");
    assert!(
        text.contains("<header ") && text.contains(" srclang=\""),
        "{case}: no header with srclang"
    );
    assert!(text.trim_end().ends_with("</tmx>"), "{case}: not closed");
    if let Some(c) = text.chars().find(|&c| !xml_allowed(c)) {
        panic!(
            "{case}: the TMX holds U+{:04X}, forbidden in XML 1.0",
            c as u32
        );
    }
    let opened = text.matches("<tu ").count();
    assert_eq!(
        opened,
        text.matches("</tu>").count(),
        "{case}: unbalanced <tu>"
    );
    let mut tus = Vec::with_capacity(opened);
    for chunk in text.split("<tu tuid=").skip(1) {
        let body = &chunk[..chunk.find("</tu>").expect("</tu>")];
        let (bead, _) = between(body, "<prop type=\"x-bead\">", "</prop>")
            .unwrap_or_else(|| panic!("{case}: a TU without x-bead"));
        let (a, b) = bead.split_once('-').unwrap();
        let mut langs = Vec::new();
        let mut segs = Vec::new();
        let mut rest = body;
        while let Some((lang, after)) = between(rest, "<tuv xml:lang=\"", "\"") {
            let (seg, after) = between(after, "<seg>", "</seg>").expect("seg");
            langs.push(lang.to_string());
            segs.push(unescape(seg));
            rest = after;
        }
        assert_eq!(segs.len(), 2, "{case}: a TU with {} TUVs", segs.len());
        let tgt = segs.pop().unwrap();
        let src = segs.pop().unwrap();
        tus.push(Tu {
            bead: (a.parse().unwrap(), b.parse().unwrap()),
            langs,
            src,
            tgt,
        });
    }
    assert_eq!(tus.len(), opened, "{case}: TUs not parsed");
    tus
}

/// Sentences per side from the summary line `tmxalign: en 2 sentences, ru 2 sentences; …`.
fn summary_counts(r: &Run) -> (usize, usize) {
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("tmxalign: ") && l.contains("; beads: "))
        .unwrap_or_else(|| panic!("{}: no summary on stderr: {}", r.case, r.err_tail()));
    let head = line["tmxalign: ".len()..].split(';').next().unwrap();
    let n: Vec<usize> = head
        .split(", ")
        .map(|p| p.split_whitespace().nth(1).unwrap().parse().unwrap())
        .collect();
    (n[0], n[1])
}

/// Texts of the sentences stderr lists as omitted on `side` ("source" or "target").
fn omitted(r: &Run, side: &str) -> Vec<String> {
    let prefix = format!("tmxalign: omitted {side} sentence ");
    r.stderr
        .split('\n')
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .map(|rest| rest.split_once("): ").map_or("", |x| x.1).to_string())
        .collect()
}

/// Characters that must survive alignment: not whitespace, not a BOM, allowed in XML.
fn visible(s: &str) -> usize {
    s.chars()
        .filter(|&c| !c.is_whitespace() && c != '\u{FEFF}' && xml_allowed(c))
        .count()
}

/// Good-but-odd input: exit 0, a well-formed TMX at `out`, and every sentence of `src`
/// and `tgt` (the decoded input texts) in a TU or listed as omitted. Returns the TUs.
fn expect_aligned(r: &Run, out: &Path, src: &str, tgt: &str) -> Vec<Tu> {
    let case = &r.case;
    assert_eq!(
        r.code,
        Some(0),
        "{case}: expected success; stderr: {}",
        r.err_tail()
    );
    no_temp_files(case, out.parent().unwrap());
    let tus = read_tmx(case, out);
    let (ns, nt) = summary_counts(r);
    let (os, ot) = (omitted(r, "source"), omitted(r, "target"));
    let in_tus_s: usize = tus.iter().map(|t| t.bead.0).sum();
    let in_tus_t: usize = tus.iter().map(|t| t.bead.1).sum();
    assert_eq!(
        in_tus_s + os.len(),
        ns,
        "{case}: source sentences in TUs ({in_tus_s}) + omitted ({}) != {ns}",
        os.len()
    );
    assert_eq!(
        in_tus_t + ot.len(),
        nt,
        "{case}: target sentences in TUs ({in_tus_t}) + omitted ({}) != {nt}",
        ot.len()
    );
    assert!(
        r.stderr.contains(&format!(
            "; {} TU{} written to ",
            tus.len(),
            if tus.len() == 1 { "" } else { "s" }
        )),
        "{case}: the summary does not say {} TUs; stderr: {}",
        tus.len(),
        r.err_tail()
    );
    let seen_s: usize = tus.iter().map(|t| visible(&t.src)).sum::<usize>()
        + os.iter().map(|s| visible(s)).sum::<usize>();
    let seen_t: usize = tus.iter().map(|t| visible(&t.tgt)).sum::<usize>()
        + ot.iter().map(|s| visible(s)).sum::<usize>();
    assert_eq!(seen_s, visible(src), "{case}: source text lost or invented");
    assert_eq!(seen_t, visible(tgt), "{case}: target text lost or invented");
    tus
}

/// `expect_aligned`, and the TU texts, in order, are exactly `pairs`.
fn expect_pairs(r: &Run, out: &Path, src: &str, tgt: &str, pairs: &[(&str, &str)]) {
    let tus = expect_aligned(r, out, src, tgt);
    let got: Vec<(&str, &str)> = tus
        .iter()
        .map(|t| (t.src.as_str(), t.tgt.as_str()))
        .collect();
    assert_eq!(got, pairs, "{}: TU texts", r.case);
}

/// Deterministic filler words (xorshift), `bytes` long at least, one line.
fn words(vocab: &[&str], bytes: usize, seed: u64) -> String {
    let mut x = seed;
    let mut s = String::with_capacity(bytes + 32);
    while s.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(vocab[(x % vocab.len() as u64) as usize]);
    }
    s
}

const VOCAB_EN: &[&str] = &[
    "trade",
    "Minsk",
    "president",
    "talks",
    "economy",
    "cooperation",
    "agreement",
    "meeting",
];
const VOCAB_RU: &[&str] = &[
    "торговля",
    "Минск",
    "президент",
    "переговоры",
    "экономика",
    "сотрудничество",
    "соглашение",
    "встреча",
];

// ───────────────────────── empty, blank and binary input ─────────────────────────

#[test]
fn empty_source_file() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "empty.en.txt", "");
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("empty source", &s, &t, &out, &[]);
    expect_refused(&r, "empty.en.txt", "is empty");
    expect_no_output(&r.case, &out);
}

#[test]
fn empty_target_file() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "empty.ru.txt", "");
    let out = d.path().join("o.tmx");
    let r = align("empty target", &s, &t, &out, &["--presegmented"]);
    expect_refused(&r, "empty.ru.txt", "is empty");
    expect_no_output(&r.case, &out);
}

#[test]
fn whitespace_only_file() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(
        d.path(),
        "blank.ru.txt",
        " \n\t\r\n\u{A0}\u{3000}\n\u{2028}  \r",
    );
    let out = d.path().join("o.tmx");
    let r = align("whitespace only", &s, &t, &out, &[]);
    expect_refused(&r, "blank.ru.txt", "only whitespace");
    expect_no_output(&r.case, &out);
}

#[test]
fn file_with_only_a_bom() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    for (name, bytes) in [
        ("bom8.en.txt", &b"\xEF\xBB\xBF"[..]),
        ("bom8nl.en.txt", &b"\xEF\xBB\xBF\r\n\r\n"[..]),
        ("bom16le.en.txt", &b"\xFF\xFE"[..]),
        ("bom16be.en.txt", &b"\xFE\xFF"[..]),
    ] {
        let s = write(d.path(), name, bytes);
        let r = align(&format!("only a BOM ({name})"), &s, &t, &out, &[]);
        expect_refused_any(&r, name, &["is empty", "only whitespace"]);
        expect_no_output(&r.case, &out);
    }
}

#[test]
fn nul_bytes_are_binary() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(
        d.path(),
        "nul.ru.txt",
        "Переговоры прошли\0 в Минске.\n".as_bytes(),
    );
    let out = d.path().join("o.tmx");
    let r = align("NUL byte", &s, &t, &out, &[]);
    // "Переговоры прошли" is 10 + 1 + 6 Cyrillic letters: 33 bytes.
    let line = expect_refused(&r, "nul.ru.txt", "binary");
    assert!(line.contains("NUL byte at offset 33"), "{line}");
    expect_no_output(&r.case, &out);
}

#[test]
fn dense_control_characters_are_binary() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "ctrl.en.txt",
        "The\x01 talks\x02 took\x03 place\x04 in\x05 Minsk.\x06\n",
    );
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("dense control characters", &s, &t, &out, &[]);
    let line = expect_refused(&r, "ctrl.en.txt", "binary");
    assert!(line.contains("6 control bytes"), "{line}");
    expect_no_output(&r.case, &out);
}

#[test]
fn stray_control_characters_are_removed_with_a_warning() {
    let d = tempfile::tempdir().unwrap();
    // A form feed, an ESC and a U+FFFF in each ~200-byte line: text, not binary
    // data. The form feed falls between two sentences (whitespace); ESC and U+FFFF stay
    // inside sentences and are removed from the TMX (XML 1.0 forbids them): 2 × 3 lines.
    let en = "The talks took place in Minsk on Monday morning.\x0C They lasted three hours and ended with a joint statement.\x1B Both sides praised the results of the meeting.\u{FFFF} Trade grew by ten percent.\n".repeat(3);
    let ru = "Переговоры прошли в Минске в понедельник утром. Они длились три часа и завершились совместным заявлением. Обе стороны высоко оценили итоги встречи. Торговля выросла на десять процентов.\n".repeat(3);
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let r = align("stray control characters", &s, &t, &out, &[]);
    expect_aligned(&r, &out, &en, &ru);
    assert!(
        r.stderr
            .contains("warning: removed 6 characters that XML 1.0 does not allow"),
        "{}",
        r.err_tail()
    );
}

#[test]
fn invalid_utf8() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "bad.en.txt",
        b"Hello \xC3\x28 world. This is plain English text.\n",
    );
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("invalid UTF-8", &s, &t, &out, &[]);
    let line = expect_refused(&r, "bad.en.txt", "not valid UTF-8");
    assert!(line.contains("0xC3 at offset 6"), "{line}");
    expect_no_output(&r.case, &out);
}

#[test]
fn utf8_cyrillic_cut_inside_a_character() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let bytes = RU.as_bytes();
    // Drop ".\n" and the second byte of the final "а": the file ends inside a character.
    let cut = &bytes[..bytes.len() - 3];
    let t = write(d.path(), "cut.ru.txt", cut);
    let out = d.path().join("o.tmx");
    let r = align("UTF-8 cut inside a character", &s, &t, &out, &[]);
    let line = expect_refused(&r, "cut.ru.txt", "not valid UTF-8");
    assert!(
        line.contains(&format!("offset {}", cut.len() - 1)),
        "{line}"
    );
    expect_no_output(&r.case, &out);
}

// ───────────────────────── encodings ─────────────────────────

#[test]
fn utf16_le_with_bom() {
    let d = tempfile::tempdir().unwrap();
    let en = "The talks took place in Minsk 😀.\nThey lasted three hours.\n";
    let ru = "Переговоры прошли в Минске 😀.\nОни длились три часа.\n";
    let s = write(d.path(), "s.en.txt", utf16(en, false, true));
    let t = write(d.path(), "t.ru.txt", utf16(ru, false, true));
    let out = d.path().join("o.tmx");
    let r = align("UTF-16 LE with BOM", &s, &t, &out, &[]);
    expect_pairs(
        &r,
        &out,
        en,
        ru,
        &[
            (
                "The talks took place in Minsk 😀.",
                "Переговоры прошли в Минске 😀.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
}

#[test]
fn utf16_be_with_bom() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", utf16(EN, true, true));
    let t = write(d.path(), "t.be.txt", utf16(BE, true, true));
    let out = d.path().join("o.tmx");
    let r = align("UTF-16 BE with BOM", &s, &t, &out, &[]);
    expect_pairs(
        &r,
        &out,
        EN,
        BE,
        &[
            (
                "The talks took place in Minsk.",
                "Перамовы прайшлі ў Мінску.",
            ),
            ("They lasted three hours.", "Яны доўжыліся тры гадзіны."),
        ],
    );
    assert!(r.stderr.contains("detected language be"), "{}", r.stderr);
}

#[test]
fn utf16_with_a_lone_surrogate() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let out = d.path().join("o.tmx");
    for big in [false, true] {
        let mut bytes = utf16("Переговоры ", big, true);
        let lone: u16 = if big { 0xDC00 } else { 0xD800 };
        bytes.extend_from_slice(&if big {
            lone.to_be_bytes()
        } else {
            lone.to_le_bytes()
        });
        bytes.extend_from_slice(&utf16("прошли в Минске.\n", big, false));
        let name = if big {
            "lone-be.ru.txt"
        } else {
            "lone-le.ru.txt"
        };
        let t = write(d.path(), name, &bytes);
        let r = align(&format!("lone surrogate ({name})"), &s, &t, &out, &[]);
        expect_refused(&r, name, "malformed UTF-16");
        expect_no_output(&r.case, &out);
    }
}

#[test]
fn utf16_with_odd_length() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let mut bytes = utf16(RU, false, true);
    bytes.push(b'A');
    let t = write(d.path(), "odd.ru.txt", &bytes);
    let out = d.path().join("o.tmx");
    let r = align("UTF-16 of odd length", &s, &t, &out, &[]);
    expect_refused(&r, "odd.ru.txt", "malformed UTF-16");
    expect_no_output(&r.case, &out);
}

#[test]
fn utf16_le_without_bom_gets_a_hint_and_the_hint_works() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "nobom.ru.txt", utf16(RU, false, false));
    let out = d.path().join("o.tmx");
    let r = align("UTF-16 LE without BOM", &s, &t, &out, &[]);
    expect_refused(&r, "nobom.ru.txt", "pass --encoding utf-16le");
    expect_no_output(&r.case, &out);
    let r = align(
        "UTF-16 LE without BOM, --tgt-encoding utf-16le",
        &s,
        &t,
        &out,
        &["--tgt-encoding", "utf-16le"],
    );
    expect_pairs(
        &r,
        &out,
        EN,
        RU,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
}

#[test]
fn utf16_be_without_bom_gets_a_hint() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "nobom.en.txt", utf16(EN, true, false));
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("UTF-16 BE without BOM", &s, &t, &out, &[]);
    expect_refused(&r, "nobom.en.txt", "pass --encoding utf-16be");
    expect_no_output(&r.case, &out);
}

#[test]
fn windows_1251_russian_is_detected() {
    let d = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(RU);
    assert!(std::str::from_utf8(&bytes).is_err());
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "cp1251.ru.txt", &bytes);
    let out = d.path().join("o.tmx");
    let r = align("windows-1251", &s, &t, &out, &[]);
    assert!(
        r.stderr
            .contains("cp1251.ru.txt: read as windows-1251 (detected)"),
        "{}",
        r.stderr
    );
    expect_pairs(
        &r,
        &out,
        EN,
        RU,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
}

#[test]
fn koi8_r_russian_is_detected() {
    let d = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(RU);
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "koi8.ru.txt", &bytes);
    let out = d.path().join("o.tmx");
    let r = align("KOI8-R", &s, &t, &out, &[]);
    // Reported as KOI8-R or KOI8-U: the two agree on every Russian letter.
    assert!(
        r.stderr.contains("koi8.ru.txt: read as KOI8-"),
        "{}",
        r.stderr
    );
    expect_pairs(
        &r,
        &out,
        EN,
        RU,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
}

#[test]
fn windows_1251_belarusian_is_detected() {
    let d = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(BE);
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "cp1251.be.txt", &bytes);
    let out = d.path().join("o.tmx");
    let r = align("windows-1251 Belarusian", &s, &t, &out, &[]);
    let tus = expect_aligned(&r, &out, EN, BE);
    assert_eq!(tus[0].tgt, "Перамовы прайшлі ў Мінску.");
    assert_eq!(tus[0].langs, ["en", "be"]);
}

#[test]
fn unknown_encoding_label() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align(
        "unknown encoding label",
        &s,
        &t,
        &out,
        &["--tgt-encoding", "klingon-8"],
    );
    expect_refused(&r, "t.ru.txt", "unknown encoding 'klingon-8'");
    expect_no_output(&r.case, &out);
}

// ───────────────────────── line ends, tabs, odd text ─────────────────────────

#[test]
fn crlf_line_ends() {
    let d = tempfile::tempdir().unwrap();
    let (en, ru) = (EN.replace('\n', "\r\n"), RU.replace('\n', "\r\n"));
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", &ru);
    for pre in [false, true] {
        let out = d.path().join(format!("o{pre}.tmx"));
        let extra: &[&str] = if pre { &["--presegmented"] } else { &[] };
        let r = align(&format!("CRLF (presegmented: {pre})"), &s, &t, &out, extra);
        expect_pairs(
            &r,
            &out,
            &en,
            &ru,
            &[
                (
                    "The talks took place in Minsk.",
                    "Переговоры прошли в Минске.",
                ),
                ("They lasted three hours.", "Они длились три часа."),
            ],
        );
        assert!(!std::fs::read_to_string(&out).unwrap().contains('\r'));
    }
}

#[test]
fn lone_cr_line_ends() {
    let d = tempfile::tempdir().unwrap();
    let en = EN.replace('\n', "\r");
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", RU.replace('\n', "\r\n"));
    let out = d.path().join("o.tmx");
    let r = align("lone CR", &s, &t, &out, &[]);
    expect_pairs(
        &r,
        &out,
        &en,
        RU,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
    assert!(r.stderr.contains("en 2 sentences, ru 2 sentences"));
}

#[test]
fn lone_cr_line_ends_presegmented() {
    let d = tempfile::tempdir().unwrap();
    let en = EN.replace('\n', "\r");
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("lone CR, presegmented", &s, &t, &out, &["--presegmented"]);
    assert!(
        r.stderr.contains("en 2 sentences, ru 2 sentences"),
        "lone CR, presegmented: the two CR-separated lines are not two sentences: {}",
        r.stderr
    );
    expect_pairs(
        &r,
        &out,
        &en,
        RU,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
        ],
    );
}

#[test]
fn sentence_containing_a_tab() {
    let d = tempfile::tempdir().unwrap();
    let en = "The talks\ttook place in Minsk.\nThey lasted three hours.\n";
    let s = write(d.path(), "s.en.txt", en);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("tab in a sentence", &s, &t, &out, &["--presegmented"]);
    let tus = expect_aligned(&r, &out, en, RU);
    assert_eq!(tus.len(), 2);
    assert!(tus[0].src.starts_with("The talks") && tus[0].src.ends_with("in Minsk."));
    let v = run(
        "tab in a sentence: tmx validate",
        &[a("tmx"), a("validate"), a(&out)],
    );
    assert_eq!(v.code, Some(0), "{}{}", v.stdout(), v.stderr);
    // TSV: tabs in text become spaces, so every line has exactly two tabs.
    let tsv = d.path().join("o.tsv");
    let c = run(
        "tab in a sentence: tmx convert --to tsv",
        &[
            a("tmx"),
            a("convert"),
            a(&out),
            a("-o"),
            a(&tsv),
            a("--to"),
            a("tsv"),
        ],
    );
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    let tsv = std::fs::read_to_string(&tsv).unwrap();
    assert_eq!(tsv.lines().count(), 2);
    for l in tsv.lines() {
        assert_eq!(l.matches('\t').count(), 2, "{l:?}");
    }
    assert!(tsv.starts_with("The talks took place in Minsk.\t"), "{tsv}");
}

#[test]
fn text_without_punctuation() {
    let d = tempfile::tempdir().unwrap();
    let en =
        "president met the delegation\ntalks on trade and economy\nagreement signed in minsk\n";
    let ru = "президент встретился с делегацией\nпереговоры о торговле и экономике\nсоглашение подписано в минске\n";
    let s = write(d.path(), "s.en.txt", en);
    let t = write(d.path(), "t.ru.txt", ru);
    let out = d.path().join("o.tmx");
    let r = align("no punctuation", &s, &t, &out, &[]);
    let tus = expect_aligned(&r, &out, en, ru);
    assert!(
        r.stderr.contains("en 3 sentences, ru 3 sentences"),
        "{}",
        r.stderr
    );
    assert_eq!(tus.len(), 3);
}

#[test]
fn only_numbers_without_declared_languages() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "numbers.txt", "1500 2018\n21 11 2018\n");
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("only numbers", &s, &t, &out, &[]);
    let line = expect_refused(&r, "numbers.txt", "has no letters");
    assert!(line.contains("--src-lang"), "{line}");
    expect_no_output(&r.case, &out);
}

#[test]
fn only_numbers_with_declared_languages() {
    let d = tempfile::tempdir().unwrap();
    let en = "1,500 2018\n21 11 2018\n";
    let ru = "1 500 2018\n21 11 2018\n";
    let s = write(d.path(), "n.en.txt", en);
    let t = write(d.path(), "n.ru.txt", ru);
    let out = d.path().join("o.tmx");
    let r = align(
        "only numbers, languages declared",
        &s,
        &t,
        &out,
        &["--src-lang", "en", "--tgt-lang", "ru"],
    );
    expect_pairs(
        &r,
        &out,
        en,
        ru,
        &[("1,500 2018", "1 500 2018"), ("21 11 2018", "21 11 2018")],
    );
}

#[test]
fn mixed_latin_and_cyrillic_in_one_file() {
    let d = tempfile::tempdir().unwrap();
    let en = "The President met the delegation from Moscow. Они обсудили торговлю. The talks were long.\nThe minister quoted «Дружба народов» and left.\n";
    let ru = "Президент встретился с делегацией из Москвы. Они обсудили торговлю. Переговоры были долгими.\nМинистр процитировал «Дружба народов» и ушёл.\n";
    let s = write(d.path(), "mixed.en.txt", en);
    let t = write(d.path(), "t.ru.txt", ru);
    let out = d.path().join("o.tmx");
    let r = align("mixed Latin and Cyrillic", &s, &t, &out, &[]);
    assert!(r.stderr.contains("mixed.en.txt: detected language en"));
    let tus = expect_aligned(&r, &out, en, ru);
    assert!(
        r.stderr.contains("en 4 sentences, ru 4 sentences"),
        "{}",
        r.stderr
    );
    assert_eq!(tus.len(), 4, "mixed Latin and Cyrillic: TUs");
    assert_eq!(tus[1].src, "Они обсудили торговлю.");
}

#[test]
fn unbalanced_quotes_and_brackets() {
    let d = tempfile::tempdir().unwrap();
    let en = "\"He said (that the talks [were long. They ended at noon.\n«Unclosed quote. Another sentence) here. And ] one more}.\n“Why? he asked. ”No.” (Yes.\n";
    let ru = "«Он сказал (что переговоры [были долгими. Они закончились в полдень.\n\"Незакрытая кавычка. Другое предложение) здесь. И ] ещё одно}.\n„Почему? спросил он. “Нет.” (Да.\n";
    let s = write(d.path(), "q.en.txt", en);
    let t = write(d.path(), "q.ru.txt", ru);
    let out = d.path().join("o.tmx");
    let r = align("unbalanced quotes", &s, &t, &out, &[]);
    let tus = expect_aligned(&r, &out, en, ru);
    // Unbalanced quotes and brackets do not glue sentences together: 8 a side, 1-1.
    assert!(
        r.stderr.contains("en 8 sentences, ru 8 sentences"),
        "{}",
        r.stderr
    );
    assert_eq!(tus.len(), 8, "unbalanced quotes: TUs");
    assert_eq!(tus[7].src, "(Yes.");
    assert_eq!(tus[7].tgt, "(Да.");
}

#[test]
fn emoji_and_xml_specials_are_escaped_and_round_trip() {
    let d = tempfile::tempdir().unwrap();
    let en_lines = [
        "Tom & Jerry said \"5 < 6 > 4\" 😀 today.",
        "The <b>bold</b> claim &amp; it's ']]>' more.",
    ];
    let ru_lines = [
        "Том & Джерри сказали \"5 < 6 > 4\" 😀 сегодня.",
        "Смелое <b>заявление</b> &amp; это ']]>' ещё.",
    ];
    let (en, ru) = (en_lines.join("\n"), ru_lines.join("\n"));
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    // --keep-entities: the literal `&amp;` must survive (by default text's HTML character
    // references are decoded, see tests/formats.rs).
    let r = align(
        "emoji and & < > \"",
        &s,
        &t,
        &out,
        &["--presegmented", "--keep-entities"],
    );
    expect_pairs(
        &r,
        &out,
        &en,
        &ru,
        &[(en_lines[0], ru_lines[0]), (en_lines[1], ru_lines[1])],
    );
    let raw = std::fs::read_to_string(&out).unwrap();
    assert!(raw.contains("Tom &amp; Jerry said &quot;5 &lt; 6 &gt; 4&quot; 😀 today."));
    assert!(raw.contains("&amp;amp;") && !raw.contains("<b>") && !raw.contains("]]>"));

    // tmx stats reads it back.
    let st = run(
        "emoji: tmx stats --json",
        &[a("tmx"), a("stats"), a(&out), a("--json")],
    );
    assert_eq!(st.code, Some(0), "{}", st.stderr);
    let v: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(v["tus"], 2);
    assert_eq!(v["languages"]["en"], 2);
    assert_eq!(v["languages"]["ru"], 2);
    assert_eq!(v["beads"]["1-1"], 2);

    // The texts round-trip exactly through tmx convert --to jsonl.
    let jl = d.path().join("o.jsonl");
    let c = run(
        "emoji: tmx convert --to jsonl",
        &[
            a("tmx"),
            a("convert"),
            a(&out),
            a("-o"),
            a(&jl),
            a("--to"),
            a("jsonl"),
        ],
    );
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&jl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row["source"], en_lines[k]);
        assert_eq!(row["target"], ru_lines[k]);
        assert_eq!(row["languages"], serde_json::json!(["en", "ru"]));
    }
}

#[test]
fn very_long_sentence_without_spaces() {
    let d = tempfile::tempdir().unwrap();
    let en = format!("{}.\nThe talks ended.\n", "Minsk".repeat(200_000));
    let ru = format!("{}.\nПереговоры закончились.\n", "Минск".repeat(200_000));
    let s = write(d.path(), "s.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let r = align("1 MB without spaces", &s, &t, &out, &[]);
    let tus = expect_aligned(&r, &out, &en, &ru);
    assert_eq!(tus.len(), 2);
    assert_eq!(tus[0].src.len(), 1_000_001);
    assert_eq!(tus[1].tgt, "Переговоры закончились.");
    assert!(
        r.stderr
            .contains("warning: 1 TUs have a segment over 2000 characters (tuid [1])"),
        "{}",
        r.err_tail()
    );
}

#[test]
fn presegmented_with_blank_lines() {
    let d = tempfile::tempdir().unwrap();
    let en = "\n\nThe talks took place in Minsk.\n\n\n  \t\nThey lasted three hours.\nThe weather was fine.\n\n";
    let ru = "Переговоры прошли в Минске.\n\nОни длились три часа.\n\n\nПогода была хорошей.\n";
    let s = write(d.path(), "s.en.txt", en);
    let t = write(d.path(), "t.ru.txt", ru);
    let out = d.path().join("o.tmx");
    let beads = d.path().join("o.beads");
    let r = align(
        "presegmented with blank lines",
        &s,
        &t,
        &out,
        &["--presegmented", "--beads", beads.to_str().unwrap()],
    );
    expect_pairs(
        &r,
        &out,
        en,
        ru,
        &[
            (
                "The talks took place in Minsk.",
                "Переговоры прошли в Минске.",
            ),
            ("They lasted three hours.", "Они длились три часа."),
            ("The weather was fine.", "Погода была хорошей."),
        ],
    );
    // Blank lines are not sentences: indices count non-blank lines only.
    let b = std::fs::read_to_string(&beads).unwrap();
    let ladder: Vec<&str> = b.lines().map(|l| l.rsplit_once(':').unwrap().0).collect();
    assert_eq!(ladder, ["[0]:[0]", "[1]:[1]", "[2]:[2]"]);
}

// ───────────────────────── size ─────────────────────────

#[test]
fn ten_megabyte_single_line() {
    let d = tempfile::tempdir().unwrap();
    let en = words(VOCAB_EN, 10 << 20, 0x9E37_79B9_7F4A_7C15) + "\n";
    let ru = words(VOCAB_RU, 10 << 20, 0xD1B5_4A32_D192_ED03) + "\n";
    let s = write(d.path(), "big.en.txt", &en);
    let t = write(d.path(), "big.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    // Measured: 2.9 s in release mode on 2 busy cores (no sentence punctuation: one 10 MB
    // sentence a side).
    let r = align("10 MB line", &s, &t, &out, &[]);
    let secs = t0.elapsed().as_secs_f64();
    let tus = expect_aligned(&r, &out, &en, &ru);
    assert_eq!(tus.len(), 1);
    assert_eq!(tus[0].src.len(), en.len() - 1);
    assert!(r.stderr.contains("segment over 2000 characters"));
    assert!(secs < 30.0, "10 MB line: {secs:.1} s");
}

#[test]
fn ten_megabyte_single_line_presegmented() {
    let d = tempfile::tempdir().unwrap();
    let en = words(VOCAB_EN, 10 << 20, 0x2545_F491_4F6C_DD1D) + "\n";
    let ru = words(VOCAB_RU, 10 << 20, 0x0123_4567_89AB_CDEF);
    let s = write(d.path(), "big.en.txt", &en);
    let t = write(d.path(), "big.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    // Measured: 2.1 s in release mode on 2 busy cores.
    let r = align(
        "10 MB line, presegmented",
        &s,
        &t,
        &out,
        &["--presegmented"],
    );
    let secs = t0.elapsed().as_secs_f64();
    let tus = expect_aligned(&r, &out, &en, &ru);
    assert_eq!(tus.len(), 1);
    assert_eq!(tus[0].tgt, ru);
    assert!(secs < 30.0, "10 MB line, presegmented: {secs:.1} s");
}

fn one_word_lines(vocab: &[&str], n: usize) -> String {
    (0..n)
        .map(|k| format!("{}\n", vocab[(k * 5 + k / 8) % vocab.len()]))
        .collect()
}

#[test]
fn hundred_thousand_one_word_lines() {
    let d = tempfile::tempdir().unwrap();
    let en = one_word_lines(VOCAB_EN, 100_000);
    let ru = one_word_lines(VOCAB_RU, 100_000);
    let s = write(d.path(), "lines.en.txt", &en);
    let t = write(d.path(), "lines.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    // Measured (release, 2 busy cores): 1.2–1.7 s for tmxalign alone, 2.5 s for this test
    // alone. Every line is a paragraph and both sides have the same paragraphs, so they
    // are aligned paragraph by paragraph.
    let r = align("100,000 lines", &s, &t, &out, &[]);
    let secs = t0.elapsed().as_secs_f64();
    let tus = expect_aligned(&r, &out, &en, &ru);
    assert!(r
        .stderr
        .contains("en 100000 sentences, ru 100000 sentences"));
    assert_eq!(tus.len(), 100_000);
    assert!(tus.iter().all(|t| t.bead == (1, 1)));
    let last = (en.lines().last().unwrap(), ru.lines().last().unwrap());
    assert_eq!((tus[99_999].src.as_str(), tus[99_999].tgt.as_str()), last);
    assert!(secs < 120.0, "100,000 lines: {secs:.1} s");
}

/// More sentences than one document may have (tmxalign::job::MAX_SENTENCES = 250,000):
/// a clear error before any alignment memory is spent.
#[test]
fn too_many_sentences_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let en = one_word_lines(VOCAB_EN, 250_001);
    let s = write(d.path(), "huge.en.txt", &en);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("250,001 lines", &s, &t, &out, &["--presegmented"]);
    expect_refused(&r, "huge.en.txt", "250001 sentences");
    expect_no_output(&r.case, &out);
}

#[test]
fn hundred_thousand_one_word_lines_presegmented() {
    let d = tempfile::tempdir().unwrap();
    let en = one_word_lines(VOCAB_EN, 100_000);
    let ru = one_word_lines(VOCAB_RU, 100_000);
    let s = write(d.path(), "lines.en.txt", &en);
    let t = write(d.path(), "lines.ru.txt", &ru);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    // Measured (release, 2 busy cores): 6–10 s and 260 MB for tmxalign alone, 18.6 s for
    // this test alone under load: one paragraph of 100,000 sentences a side, aligned by one
    // banded DP. The slowest case of this file.
    let r = align(
        "100,000 lines, presegmented",
        &s,
        &t,
        &out,
        &["--presegmented", "-q"],
    );
    let secs = t0.elapsed().as_secs_f64();
    assert_eq!(r.code, Some(0), "{}", r.err_tail());
    assert!(r.stderr.is_empty(), "-q printed: {}", r.err_tail());
    let tus = read_tmx(&r.case, &out);
    assert_eq!(tus.len(), 100_000);
    for (k, (tu, (e, ru))) in tus.iter().zip(en.lines().zip(ru.lines())).enumerate() {
        assert_eq!((tu.src.as_str(), tu.tgt.as_str()), (e, ru), "TU {k}");
    }
    assert!(secs < 120.0, "100,000 lines, presegmented: {secs:.1} s");
}

// ───────────────────────── special files and paths ─────────────────────────

#[test]
fn directory_where_a_file_is_expected() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("adir");
    std::fs::create_dir(&dir).unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("directory as SRC", &dir, &t, &out, &[]);
    expect_refused(&r, "adir", "is a directory");
    expect_no_output(&r.case, &out);
}

#[test]
fn dev_null_as_input() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let out = d.path().join("o.tmx");
    let r = align("/dev/null as TGT", &s, Path::new("/dev/null"), &out, &[]);
    expect_refused(&r, "/dev/null", "not a regular file");
    expect_no_output(&r.case, &out);
}

#[test]
fn fifo_as_input_is_refused_without_blocking() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.en.txt");
    mkfifo(&fifo);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let mut args = vec![a("align"), a(&fifo), a(&t), a("-o"), a(&out)];
    let r = run_with("FIFO as SRC", None, 10, &args);
    expect_refused(&r, "pipe.en.txt", "not a regular file");
    expect_no_output(&r.case, &out);
    args = vec![a("segment"), a(&fifo)];
    let r = run_with("segment on a FIFO", None, 10, &args);
    expect_refused(&r, "pipe.en.txt", "not a regular file");
}

#[test]
fn symlink_loop_as_input() {
    let d = tempfile::tempdir().unwrap();
    let lp = d.path().join("loop.en.txt");
    std::os::unix::fs::symlink(&lp, &lp).unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("symlink loop", &lp, &t, &out, &[]);
    expect_refused(&r, "loop.en.txt", "symbolic links");
    expect_no_output(&r.case, &out);
}

#[test]
fn non_ascii_paths() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "Дакументы/тэкст.txt", EN);
    write(d.path(), "Дакументы/тэкст.be.txt", BE);
    let args = [
        a("align"),
        a("Дакументы/тэкст.txt"),
        a("Дакументы/тэкст.be.txt"),
        a("-o"),
        a("Дакументы/вынік.tmx"),
    ];
    let r = run_with("non-ASCII paths", Some(d.path()), 60, &args);
    let out = d.path().join("Дакументы/вынік.tmx");
    expect_pairs(
        &r,
        &out,
        EN,
        BE,
        &[
            (
                "The talks took place in Minsk.",
                "Перамовы прайшлі ў Мінску.",
            ),
            ("They lasted three hours.", "Яны доўжыліся тры гадзіны."),
        ],
    );
    assert!(r
        .stderr
        .contains("Дакументы/тэкст.txt: detected language en"));
    assert!(r.stderr.contains("written to Дакументы/вынік.tmx"));

    let args = [
        a("align"),
        a("Дакументы/няма.txt"),
        a("Дакументы/тэкст.be.txt"),
        a("-o"),
        a("Дакументы/другі.tmx"),
    ];
    let r = run_with("missing non-ASCII path", Some(d.path()), 60, &args);
    expect_refused(&r, "Дакументы/няма.txt", "no such file");
    expect_no_output(&r.case, &d.path().join("Дакументы/другі.tmx"));
}

#[test]
fn file_name_with_a_newline_gives_a_one_line_error() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align(
        "file name with a newline",
        &d.path().join("bad\nname.txt"),
        &t,
        &out,
        &[],
    );
    assert_eq!(r.code, Some(2));
    assert_eq!(
        r.stderr.lines().count(),
        1,
        "file name with a newline: the error is not one line: {:?}",
        r.stderr
    );
    assert!(r.stderr.contains("no such file") && r.stderr.contains("name.txt"));
}

// ───────────────────────── outputs ─────────────────────────

#[test]
fn output_into_a_missing_folder() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("no/such/folder/o.tmx");
    let r = align("output into a missing folder", &s, &t, &out, &[]);
    let line = expect_refused(&r, "o.tmx", "does not exist");
    assert!(line.contains("no/such/folder"), "{line}");
    assert!(!d.path().join("no").exists());
    no_temp_files(&r.case, d.path());
}

#[test]
fn output_with_a_trailing_slash() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = format!("{}/newdir/", d.path().display());
    let r = align("output with a trailing slash", &s, &t, Path::new(&out), &[]);
    expect_refused(&r, "newdir/", "cannot write");
    assert!(!d.path().join("newdir").exists());
    no_temp_files(&r.case, d.path());
}

#[test]
fn output_onto_dev_null() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let r = align("output onto /dev/null", &s, &t, Path::new("/dev/null"), &[]);
    expect_refused(&r, "/dev/null", "not a regular file");
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
}

#[test]
fn output_onto_a_fifo() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let fifo = d.path().join("out.tmx");
    mkfifo(&fifo);
    let args = [a("align"), a(&s), a(&t), a("-o"), a(&fifo)];
    let r = run_with("output onto a FIFO", None, 10, &args);
    expect_refused(&r, "out.tmx", "pipe");
    no_temp_files(&r.case, d.path());
}

#[test]
fn output_onto_an_input_file() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let r = align("output onto SRC", &s, &t, &s, &[]);
    expect_refused(&r, "s.en.txt", "refusing to overwrite");
    assert_eq!(std::fs::read_to_string(&s).unwrap(), EN);
    // Through a symlink to TGT.
    let link = d.path().join("link.tmx");
    std::os::unix::fs::symlink(&t, &link).unwrap();
    let r = align("output onto TGT through a symlink", &s, &t, &link, &[]);
    expect_refused(&r, "t.ru.txt", "refusing to overwrite");
    assert_eq!(std::fs::read_to_string(&t).unwrap(), RU);
    // The bead file onto TGT.
    let out = d.path().join("o.tmx");
    let r = align(
        "--beads onto TGT",
        &s,
        &t,
        &out,
        &["--beads", t.to_str().unwrap()],
    );
    expect_refused(&r, "t.ru.txt", "refusing to overwrite");
    assert_eq!(std::fs::read_to_string(&t).unwrap(), RU);
    expect_no_output(&r.case, &out);
}

// ───────────────────────── languages ─────────────────────────

#[test]
fn two_english_files_with_tgt_lang_ru() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "a.en.txt", EN);
    let t = write(
        d.path(),
        "b.en.txt",
        "The negotiations were held in Minsk.\nThey took three hours.\n",
    );
    let out = d.path().join("o.tmx");
    let r = align(
        "two English files, --tgt-lang ru",
        &s,
        &t,
        &out,
        &["--tgt-lang", "ru"],
    );
    let line = expect_refused(
        &r,
        "b.en.txt",
        "declared tgt language 'ru' but the text is 'en'",
    );
    assert!(line.contains("--tgt-lang"), "{line}");
    expect_no_output(&r.case, &out);
}

#[test]
fn same_english_file_as_src_and_tgt() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.txt", EN);
    let out = d.path().join("o.tmx");
    let r = align("same file as SRC and TGT", &s, &s, &out, &[]);
    expect_refused(&r, "s.en.txt", "same language");
    expect_no_output(&r.case, &out);
}

#[test]
fn same_cyrillic_file_as_src_and_tgt_with_declared_languages() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align(
        "same Russian file as SRC and TGT, --src-lang en --tgt-lang ru",
        &t,
        &t,
        &out,
        &["--src-lang", "en", "--tgt-lang", "ru"],
    );
    expect_refused(&r, "t.ru.txt", "same");
    expect_no_output(&r.case, &out);
}

// ───────────────────────── segment ─────────────────────────

#[test]
fn segment_a_binary_file() {
    // The test executable itself: an ELF file with NUL bytes.
    let exe = std::env::current_exe().unwrap();
    let name = exe.file_name().unwrap().to_str().unwrap().to_string();
    let r = run("segment on a binary", &[a("segment"), a(&exe)]);
    expect_refused(&r, &name, "binary");
    // Bytes without NUL, mostly control characters.
    let d = tempfile::tempdir().unwrap();
    let junk: Vec<u8> = (0..4096u32).map(|k| (k * 7 % 31 + 1) as u8).collect();
    let f = write(d.path(), "junk.bin", &junk);
    let r = run(
        "segment on control bytes",
        &[a("segment"), a(&f), a("--lang"), a("en")],
    );
    expect_refused(&r, "junk.bin", "binary");
}

#[test]
fn segment_a_ten_megabyte_line() {
    let d = tempfile::tempdir().unwrap();
    let sentence = "The talks took place in Minsk.";
    let n = (10 << 20) / (sentence.len() + 1) + 1;
    let text = vec![sentence; n].join(" ") + "\n";
    assert!(text.len() >= 10 << 20);
    let f = write(d.path(), "big.en.txt", &text);
    let t0 = Instant::now();
    // Measured: 0.6 s in release mode.
    let r = run("segment on a 10 MB line", &[a("segment"), a(&f)]);
    let secs = t0.elapsed().as_secs_f64();
    assert_eq!(r.code, Some(0), "{}", r.err_tail());
    let out = r.stdout();
    assert_eq!(out.lines().count(), n, "segment on a 10 MB line");
    assert!(out.lines().all(|l| l == sentence));
    assert!(secs < 30.0, "segment on a 10 MB line: {secs:.1} s");
}

#[test]
fn segment_utf16_without_bom_gets_the_hint() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "nobom.txt", utf16(RU, false, false));
    let r = run("segment UTF-16 without BOM", &[a("segment"), a(&f)]);
    expect_refused(&r, "nobom.txt", "--encoding utf-16le");
    let r = run(
        "segment UTF-16 with --encoding utf-16le",
        &[a("segment"), a(&f), a("--encoding"), a("utf-16le")],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout(), RU);
}

// ───────────────────────── TMX tools ─────────────────────────

const TMX_HEAD: &str = r#"<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>"#;

fn good_tmx() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{TMX_HEAD}\n<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ru\"><seg>Один.</seg></tuv></tu>\n<tu tuid=\"2\"><tuv xml:lang=\"en\"><seg>Two.</seg></tuv><tuv xml:lang=\"ru\"><seg>Два.</seg></tuv></tu>\n</body></tmx>\n"
    )
}

/// `tmx stats` and `tmx validate` on `file`: both refuse with exit 2 naming it and saying
/// `problem`; nothing of /etc/passwd appears.
fn expect_tmx_refused(case: &str, file: &Path, problem: &str) {
    let name = file.file_name().unwrap().to_str().unwrap();
    for op in ["stats", "validate"] {
        let r = run_with(
            &format!("{case}: tmx {op}"),
            None,
            20,
            &[a("tmx"), a(op), a(file)],
        );
        expect_refused(&r, name, problem);
        assert!(
            !r.stderr.contains("root:") && !r.stdout().contains("root:"),
            "{case}: /etc/passwd leaked"
        );
    }
}

#[test]
fn tmx_entity_expansion_bomb() {
    let d = tempfile::tempdir().unwrap();
    let mut doc = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n<!ENTITY a0 \"lollollollollol\">\n",
    );
    for k in 1..=12 {
        let p = k - 1;
        doc += &format!("<!ENTITY a{k} \"{}\">\n", format!("&a{p};").repeat(10));
    }
    doc += &format!("]>\n{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg>&a12;</seg></tuv><tuv xml:lang=\"ru\"><seg>&a12;</seg></tuv></tu></body></tmx>\n");
    let f = write(d.path(), "bomb.tmx", &doc);
    expect_tmx_refused("entity bomb", &f, "internal subset");
    let out = d.path().join("o.jsonl");
    let r = run(
        "entity bomb: tmx convert",
        &[
            a("tmx"),
            a("convert"),
            a(&f),
            a("-o"),
            a(&out),
            a("--to"),
            a("jsonl"),
        ],
    );
    expect_refused(&r, "bomb.tmx", "internal subset");
    expect_no_output(&r.case, &out);
}

#[test]
fn tmx_external_entity_in_internal_subset() {
    let d = tempfile::tempdir().unwrap();
    let doc = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg>&xxe;</seg></tuv><tuv xml:lang=\"ru\"><seg>&xxe;</seg></tuv></tu></body></tmx>\n");
    let f = write(d.path(), "xxe.tmx", doc);
    expect_tmx_refused("external entity", &f, "internal subset");
    let doc = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n{TMX_HEAD}</body></tmx>\n");
    let f = write(d.path(), "xxe-param.tmx", doc);
    expect_tmx_refused("external parameter entity", &f, "internal subset");
}

#[test]
fn tmx_external_dtd_with_entity_reference() {
    let d = tempfile::tempdir().unwrap();
    let doc = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"file:///etc/passwd\">\n{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg>&xxe;</seg></tuv><tuv xml:lang=\"ru\"><seg>x</seg></tuv></tu></body></tmx>\n");
    let f = write(d.path(), "xxe-dtd.tmx", doc);
    expect_tmx_refused("external DTD", &f, "unrecognized entity");
}

#[test]
fn tmx_that_is_not_well_formed() {
    // Each of these breaks a rule of XML 1.0 that quick-xml leaves to its caller; CAT
    // tools refuse such files, so `validate` must not call them OK.
    let d = tempfile::tempdir().unwrap();
    let good = good_tmx();
    let cases: [(&str, String, &str); 6] = [
        (
            "dup-attr",
            good.replacen(
                "<tuv xml:lang=\"en\">",
                "<tuv xml:lang=\"en\" xml:lang=\"de\">",
                1,
            ),
            "duplicated attribute",
        ),
        (
            "unquoted",
            good.replacen("tuid=\"1\"", "tuid=1", 1),
            "must be enclosed",
        ),
        ("charref", good.replacen("One.", "On&#1;e.", 1), "U+0001"),
        ("control", good.replacen("One.", "On\u{1}e.", 1), "U+0001"),
        (
            "trailing",
            format!("{good}<extra/>\n"),
            "outside the root element",
        ),
        (
            "leading",
            format!("\u{1}{good}"),
            "text before the root element",
        ),
    ];
    for (name, doc, problem) in cases {
        let f = write(d.path(), &format!("{name}.tmx"), doc);
        expect_tmx_refused(&format!("not well-formed TMX ({name})"), &f, problem);
    }
    // A root left open around a complete inner <tmx> is truncated, not OK.
    let nested = good.replacen("<tmx version", "<tmx version=\"1.4\"><tmx version", 1);
    let f = write(d.path(), "nested.tmx", nested);
    expect_tmx_refused("not well-formed TMX (nested)", &f, "truncated");
}

#[test]
fn tmx_truncated_inside_a_tu() {
    let d = tempfile::tempdir().unwrap();
    let full = good_tmx();
    let cut = &full[..full.find("Two").unwrap()];
    let f = write(d.path(), "cut.tmx", cut);
    expect_tmx_refused("TMX truncated in a TU", &f, "truncated");
    // Cut inside a multi-byte character.
    let k = full.find("Два").unwrap() + 1;
    let f = write(d.path(), "cut8.tmx", &full.as_bytes()[..k]);
    expect_tmx_refused("TMX truncated in a character", &f, "UTF-8");
}

#[test]
fn tmx_truncated_between_tus() {
    let d = tempfile::tempdir().unwrap();
    let full = good_tmx();
    let k = full.find("</tu>").unwrap() + "</tu>\n".len();
    let f = write(d.path(), "cut.tmx", &full[..k]);
    expect_tmx_refused("TMX truncated between TUs", &f, "truncated");
    let out = d.path().join("o.jsonl");
    let r = run(
        "TMX truncated between TUs: tmx convert",
        &[
            a("tmx"),
            a("convert"),
            a(&f),
            a("-o"),
            a(&out),
            a("--to"),
            a("jsonl"),
        ],
    );
    expect_refused(&r, "cut.tmx", "truncated");
    expect_no_output(&r.case, &out);
}

#[test]
fn tmx_utf16_with_a_lone_surrogate() {
    let d = tempfile::tempdir().unwrap();
    let full = good_tmx().replace("UTF-8", "UTF-16");
    let (head, tail) = full.split_at(full.find("Один").unwrap());
    let mut bytes = utf16(head, false, true);
    bytes.extend_from_slice(&0xD800u16.to_le_bytes());
    bytes.extend_from_slice(&utf16(tail, false, false));
    let f = write(d.path(), "lone16.tmx", &bytes);
    expect_tmx_refused("UTF-16 TMX with a lone surrogate", &f, "UTF-16");
    // Without the surrogate it is fine.
    let f = write(d.path(), "ok16.tmx", utf16(&full, false, true));
    let r = run(
        "UTF-16 TMX: tmx stats",
        &[a("tmx"), a("stats"), a(&f), a("--json")],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["tus"], 2);
}

#[test]
fn tmx_tuv_without_xml_lang() {
    let d = tempfile::tempdir().unwrap();
    let doc = good_tmx().replacen("<tuv xml:lang=\"ru\"><seg>Два.", "<tuv><seg>Два.", 1);
    let f = write(d.path(), "nolang.tmx", doc);
    let r = run(
        "TUV without xml:lang: tmx validate",
        &[a("tmx"), a("validate"), a(&f)],
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let out = r.stdout();
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.contains("nolang.tmx:4: TU 2: a TUV without xml:lang"),
        "{out}"
    );
    assert!(r.stderr.contains("nolang.tmx: 1 problem"), "{}", r.stderr);
    let r = run(
        "TUV without xml:lang: tmx stats",
        &[a("tmx"), a("stats"), a(&f), a("--json")],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["tus"], 2);
    assert_eq!(v["languages"]["en"], 2);
    assert_eq!(v["languages"]["ru"], 1);
}

#[test]
fn tmx_stats_on_a_directory() {
    let d = tempfile::tempdir().unwrap();
    let r = run(
        "tmx stats on a directory",
        &[a("tmx"), a("stats"), a(d.path())],
    );
    let name = d.path().file_name().unwrap().to_str().unwrap();
    expect_refused(&r, name, "is a directory");
}

#[test]
fn tmx_stats_on_an_empty_file() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "empty.tmx", "");
    let r = run("tmx stats on an empty file", &[a("tmx"), a("stats"), a(&f)]);
    expect_refused(&r, "empty.tmx", "empty");
}

#[test]
fn tmx_stats_on_a_file_that_is_not_xml() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "notes.tmx", "These are my notes, not a TMX.\n");
    let r = run("tmx stats on plain text", &[a("tmx"), a("stats"), a(&f)]);
    expect_refused_any(&r, "notes.tmx", &["not a TMX", "no <tmx>", "not TMX"]);
}

#[test]
fn tmx_stats_on_dev_null() {
    let r = run(
        "tmx stats /dev/null",
        &[a("tmx"), a("stats"), a("/dev/null")],
    );
    expect_refused(&r, "/dev/null", "not a regular file");
}

#[test]
fn tmx_stats_on_a_fifo() {
    let d = tempfile::tempdir().unwrap();
    let fifo = d.path().join("pipe.tmx");
    mkfifo(&fifo);
    let r = run_with(
        "tmx stats on a FIFO",
        None,
        10,
        &[a("tmx"), a("stats"), a(&fifo)],
    );
    expect_refused(&r, "pipe.tmx", "not a regular file");
}

#[test]
fn tmx_split_onto_its_input() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "part-001.tmx", good_tmx());
    let out = d.path().join("part.tmx");
    let r = run(
        "tmx split onto its input",
        &[
            a("tmx"),
            a("split"),
            a(&input),
            a("-o"),
            a(&out),
            a("--max-tus"),
            a("1"),
        ],
    );
    expect_refused(&r, "part-001.tmx", "refusing to overwrite");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), good_tmx());
    no_temp_files(&r.case, d.path());
}

#[test]
fn tmx_convert_onto_its_input() {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "in.tmx", good_tmx());
    let r = run(
        "tmx convert onto its input",
        &[
            a("tmx"),
            a("convert"),
            a(&input),
            a("-o"),
            a(&input),
            a("--to"),
            a("tsv"),
        ],
    );
    expect_refused(&r, "in.tmx", "refusing to overwrite");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), good_tmx());
    no_temp_files(&r.case, d.path());
}

// ───────────────────────── input formats ─────────────────────────

/// `tmxalign align FILE -o OUT` (a bilingual TMX/XLIFF given alone).
fn realign(case: &str, file: &Path, out: &Path) -> Run {
    run(case, &[a("align"), a(file), a("-o"), a(out)])
}

/// A zip archive holding `entries` (name, content), stored without compression.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn docx_that_is_not_a_zip() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.en.docx", EN);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("a .docx holding plain text", &s, &t, &out, &[]);
    expect_refused(&r, "s.en.docx", "is not a DOCX file (not a zip archive)");
    expect_no_output(&r.case, &out);
    // Forced with --format docx on a text file.
    let r = align("--format docx on text", &t, &t, &out, &["--format", "docx"]);
    expect_refused_any(&r, "t.ru.txt", &["not a DOCX file", "same file"]);
    expect_no_output(&r.case, &out);
}

#[test]
fn zip_without_word_document_xml() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "sheet.en.docx",
        zip_of(&[
            ("xl/workbook.xml", b"<workbook/>"),
            ("[Content_Types].xml", b"<Types/>"),
        ]),
    );
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("zip without word/document.xml", &s, &t, &out, &[]);
    expect_refused(&r, "sheet.en.docx", "without word/document.xml");
    expect_no_output(&r.case, &out);
}

#[test]
fn docx_without_text() {
    let d = tempfile::tempdir().unwrap();
    let doc = br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/><w:p><w:r><w:t> </w:t></w:r></w:p></w:body></w:document>"#;
    let s = write(
        d.path(),
        "blank.en.docx",
        zip_of(&[("word/document.xml", doc)]),
    );
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("DOCX without text", &s, &t, &out, &[]);
    expect_refused(&r, "blank.en.docx", "contains no text paragraphs");
    expect_no_output(&r.case, &out);
}

#[test]
fn docx_zip_bomb() {
    let d = tempfile::tempdir().unwrap();
    // 300 MiB of one byte deflates to ~300 KiB; the cap is 256 MiB.
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("word/document.xml", opt).unwrap();
    let chunk = vec![b' '; 1 << 20];
    z.write_all(b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
        .unwrap();
    for _ in 0..300 {
        z.write_all(&chunk).unwrap();
    }
    z.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    let bytes = z.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "the bomb is {} bytes", bytes.len());
    let s = write(d.path(), "bomb.en.docx", bytes);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    let r = align("DOCX zip bomb", &s, &t, &out, &[]);
    expect_refused(&r, "bomb.en.docx", "zip bomb");
    expect_no_output(&r.case, &out);
    assert!(
        t0.elapsed().as_secs() < 60,
        "zip bomb took {:?}",
        t0.elapsed()
    );
}

#[test]
fn html_page_without_text() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    for (name, page) in [
        ("empty.en.html", "<!DOCTYPE html><html><head><title>Empty</title></head><body>\n  <div> </div>\n</body></html>"),
        ("menu.en.html", "<!DOCTYPE html><html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><footer>© 2024</footer></body></html>"),
    ] {
        let s = write(d.path(), name, page);
        let r = align(&format!("HTML without text: {name}"), &s, &t, &out, &[]);
        expect_refused(&r, name, "contains no text paragraphs");
        expect_no_output(&r.case, &out);
    }
}

#[test]
fn html_with_only_script_and_style() {
    let d = tempfile::tempdir().unwrap();
    let page = "<html><head><style>body { font: 12px serif }</style><script>var text = 'The talks took place in Minsk.';</script></head><body><script>document.write(text)</script><noscript>Enable JavaScript.</noscript><template><p>Later.</p></template></body></html>";
    let s = write(d.path(), "app.en.htm", page);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("HTML with only script and style", &s, &t, &out, &[]);
    expect_refused(&r, "app.en.htm", "contains no text paragraphs");
    expect_no_output(&r.case, &out);
}

#[test]
fn html_nested_a_hundred_thousand_deep() {
    let d = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><body>".to_string()
        + &"<div>".repeat(100_000)
        + "The talks took place in Minsk."
        + &"</div>".repeat(100_000);
    let s = write(d.path(), "deep.en.html", page);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    let r = align("HTML nested 100,000 deep", &s, &t, &out, &[]);
    expect_refused(&r, "deep.en.html", "too deep");
    expect_no_output(&r.case, &out);
    assert!(t0.elapsed().as_secs() < 30, "took {:?}", t0.elapsed());
}

/// Stray closing tags (`</span>` with no open span, ignored by HTML parsers) must not hide
/// the real nesting from the depth guard.
#[test]
fn html_deep_nesting_hidden_by_stray_closing_tags() {
    let d = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><body>".to_string()
        + &"<div></span>".repeat(100_000)
        + "The talks took place in Minsk.</body>";
    let s = write(d.path(), "stray.en.html", page);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let t0 = Instant::now();
    let r = align(
        "HTML nesting hidden by stray closing tags",
        &s,
        &t,
        &out,
        &[],
    );
    expect_refused(&r, "stray.en.html", "too deep");
    expect_no_output(&r.case, &out);
    assert!(t0.elapsed().as_secs() < 30, "took {:?}", t0.elapsed());
}

const XLIFF_UNIT: &str = "<trans-unit id=\"1\"><source>The talks took place in Minsk.</source><target>Переговоры прошли в Минске.</target></trans-unit>";

fn xliff12(doctype: &str, body: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n{doctype}<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file source-language=\"en\" target-language=\"ru\" datatype=\"plaintext\" original=\"x\"><body>{body}</body></file></xliff>\n")
}

#[test]
fn xliff_entity_expansion_bomb() {
    let d = tempfile::tempdir().unwrap();
    let mut dtd = String::from("<!DOCTYPE xliff [\n<!ENTITY a0 \"lollollollollol\">\n");
    for k in 1..=12 {
        dtd += &format!(
            "<!ENTITY a{k} \"{}\">\n",
            format!("&a{};", k - 1).repeat(10)
        );
    }
    dtd += "]>\n";
    let doc = xliff12(
        &dtd,
        "<trans-unit id=\"1\"><source>&a12;</source><target>&a12;</target></trans-unit>",
    );
    let f = write(d.path(), "bomb.xlf", doc);
    let out = d.path().join("o.tmx");
    let r = realign("XLIFF entity bomb", &f, &out);
    expect_refused(&r, "bomb.xlf", "internal subset");
    expect_no_output(&r.case, &out);
}

#[test]
fn xliff_external_entity() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o.tmx");
    let body = "<trans-unit id=\"1\"><source>The talks &xxe;</source><target>Переговоры &xxe;</target></trans-unit>";
    let f = write(
        d.path(),
        "xxe.xliff",
        xliff12(
            "<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n",
            body,
        ),
    );
    let r = realign("XLIFF external entity", &f, &out);
    expect_refused(&r, "xxe.xliff", "internal subset");
    assert!(!r.stderr.contains("root:"), "/etc/passwd leaked");
    expect_no_output(&r.case, &out);
    // An external DTD that would define it: the reference is unknown, never fetched.
    let f = write(
        d.path(),
        "xxe-dtd.xlf",
        xliff12("<!DOCTYPE xliff SYSTEM \"file:///etc/passwd\">\n", body),
    );
    let r = realign("XLIFF external DTD", &f, &out);
    expect_refused(&r, "xxe-dtd.xlf", "xxe");
    assert!(!r.stderr.contains("root:"), "/etc/passwd leaked");
    expect_no_output(&r.case, &out);
}

#[test]
fn xliff_truncated() {
    let d = tempfile::tempdir().unwrap();
    let full = xliff12("", &XLIFF_UNIT.repeat(3));
    let out = d.path().join("o.tmx");
    let cut = &full[..full.rfind("Минске").unwrap()];
    let f = write(d.path(), "cut.xlf", cut);
    let r = realign("XLIFF truncated in a unit", &f, &out);
    expect_refused(&r, "cut.xlf", "truncated");
    expect_no_output(&r.case, &out);
    let cut = &full[..full.find("</body>").unwrap()];
    let f = write(d.path(), "cut2.xlf", cut);
    let r = realign("XLIFF truncated after the units", &f, &out);
    expect_refused(&r, "cut2.xlf", "truncated");
    expect_no_output(&r.case, &out);
}

#[test]
fn empty_tmx_as_bitext() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o.tmx");
    let f = write(d.path(), "zero.tmx", "");
    let r = realign("zero-byte TMX", &f, &out);
    expect_refused(&r, "zero.tmx", "empty");
    expect_no_output(&r.case, &out);
    let f = write(
        d.path(),
        "nobody.tmx",
        format!("<?xml version=\"1.0\"?>\n{TMX_HEAD}\n</body></tmx>\n"),
    );
    let r = realign("TMX without TUs", &f, &out);
    expect_refused(&r, "nobody.tmx", "no TU");
    expect_no_output(&r.case, &out);
    // TUs whose segments are all empty.
    let f = write(
        d.path(),
        "blank.tmx",
        format!("<?xml version=\"1.0\"?>\n{TMX_HEAD}<tu><tuv xml:lang=\"en\"><seg> </seg></tuv><tuv xml:lang=\"ru\"><seg/></tuv></tu></body></tmx>\n"),
    );
    let r = realign("TMX with empty segments", &f, &out);
    expect_refused(&r, "blank.tmx", "no TU with text");
    expect_no_output(&r.case, &out);
}

#[test]
fn bitext_with_a_tgt_and_text_without_one() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "good.tmx", good_tmx());
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("TMX with a TGT", &f, &t, &out, &[]);
    expect_refused(&r, "good.tmx", "holding both languages");
    expect_no_output(&r.case, &out);
    let r = realign("text without a TGT", &t, &out);
    expect_refused(&r, "t.ru.txt", "missing TGT");
    expect_no_output(&r.case, &out);
    // A TMX as the target of a text pair.
    let r = align("TMX as TGT", &t, &f, &out, &[]);
    expect_refused(&r, "good.tmx", "holds both languages");
    expect_no_output(&r.case, &out);
}

// ───────────────────────── eval ─────────────────────────

fn eval_tree(d: &Path, gold: &[u8]) -> (PathBuf, PathBuf) {
    let (g, p) = (d.join("gold"), d.join("pred"));
    write(&g, "doc1/gold.txt", gold);
    write(&p, "doc1/pred.txt", "[0]:[0]:0.9\n[1]:[1]:0.8\n");
    (g, p)
}

#[test]
fn eval_with_a_missing_pred_folder() {
    let d = tempfile::tempdir().unwrap();
    let (g, _) = eval_tree(d.path(), b"[0]:[0]\n[1]:[1]\n");
    let r = run(
        "eval, missing pred folder",
        &[a("eval"), a(&g), a(&d.path().join("nopred"))],
    );
    expect_refused(&r, "nopred", "not a directory");
}

#[test]
fn eval_with_a_garbage_gold_file() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = eval_tree(d.path(), b"[0]:[0]\nthis is not a bead\n");
    let r = run("eval, garbage gold", &[a("eval"), a(&g), a(&p)]);
    let line = expect_refused(&r, "gold.txt", "line 2");
    assert!(line.contains("expected '[…]:[…]'"), "{line}");
    let (g, p) = eval_tree(&d.path().join("b"), b"[0]:[0]\n\x00\xFF\xFE garbage");
    let r = run("eval, binary gold", &[a("eval"), a(&g), a(&p), a("--json")]);
    expect_refused(&r, "gold.txt", "UTF-8");
    let (g, p) = eval_tree(
        &d.path().join("c"),
        b"[0]:[0]\n[99999999999999999999]:[1]\n",
    );
    let r = run("eval, huge index", &[a("eval"), a(&g), a(&p)]);
    expect_refused(&r, "gold.txt", "bad index");
}

#[test]
fn eval_with_a_bom_in_gold_and_pred() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = eval_tree(d.path(), "\u{FEFF}[0]:[0]\r\n[1]:[1]\r\n".as_bytes());
    write(&p, "doc1/pred.txt", "\u{FEFF}[0]:[0]:0.9\n[1]:[1]:0.8\n");
    let r = run("eval, BOM", &[a("eval"), a(&g), a(&p), a("--json")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["counts"]["gold"], 2);
    assert_eq!(v["counts"]["pred"], 2);
    assert_eq!(v["strict"]["precision"], 1.0);
    assert_eq!(v["strict"]["recall"], 1.0);
}

#[test]
fn eval_with_a_fifo_gold_file() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("gold"), d.path().join("pred"));
    std::fs::create_dir_all(g.join("doc1")).unwrap();
    mkfifo(&g.join("doc1/gold.txt"));
    write(&p, "doc1/pred.txt", "[0]:[0]:0.9\n");
    let r = run_with("eval, FIFO gold", None, 10, &[a("eval"), a(&g), a(&p)]);
    expect_refused(&r, "gold.txt", "not a regular file");
}

// ───────────────────────── batch ─────────────────────────

#[test]
fn batch_on_a_missing_folder() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    let r = run(
        "batch on a missing folder",
        &[
            a("batch"),
            a(&d.path().join("nope")),
            a("-o"),
            a(&out),
            a("-q"),
        ],
    );
    expect_refused(&r, "nope", "no such file");
}

#[test]
fn batch_on_an_empty_folder() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("empty");
    std::fs::create_dir(&input).unwrap();
    let out = d.path().join("out");
    let r = run(
        "batch on an empty folder",
        &[a("batch"), a(&input), a("-o"), a(&out), a("-q")],
    );
    expect_refused_any(
        &r,
        "empty",
        &["no document", "nothing to align", "no pair", "no text"],
    );
}

#[test]
fn batch_on_a_folder_with_only_unpaired_files() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("lonely");
    write(&input, "a.en.txt", EN);
    write(&input, "b.ru.txt", RU);
    write(&input, "c.be.txt", BE);
    let out = d.path().join("out");
    let r = run(
        "batch, only unpaired files",
        &[a("batch"), a(&input), a("-o"), a(&out), a("-q")],
    );
    for f in ["a.en.txt", "b.ru.txt", "c.be.txt"] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains("unpaired") && l.contains(f)),
            "{f} not listed as unpaired: {}",
            r.stderr
        );
    }
    let tmx: Vec<_> = std::fs::read_dir(&out)
        .map(|rd| rd.flatten().collect())
        .unwrap_or_default();
    assert!(tmx.is_empty(), "outputs written: {tmx:?}");
    assert_eq!(
        r.code,
        Some(2),
        "batch, only unpaired files: nothing was aligned but the exit code is {:?}",
        r.code
    );
    let errors = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("tmxalign: error:"));
    assert_eq!(
        errors.filter(|l| l.contains("lonely")).count(),
        1,
        "{}",
        r.stderr
    );
}

#[test]
/// A pair whose file names are not UTF-8 is aligned; the invalid bytes are written
/// `%XX` in the document id and the output name.
fn batch_with_non_utf8_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join(OsStr::from_bytes(b"x\xFF.en.txt")), EN).unwrap();
    std::fs::write(input.join(OsStr::from_bytes(b"x\xFF.ru.txt")), RU).unwrap();
    let out = d.path().join("out");
    let r = run(
        "batch, non-UTF-8 names",
        &[a("batch"), a(&input), a("-o"), a(&out), a("-q")],
    );
    let aligned = out.join("x%FF.en-ru.tmx");
    assert_eq!(r.code, Some(0), "batch, non-UTF-8 names: {}", r.stderr);
    let tmx = std::fs::read_to_string(&aligned).unwrap_or_else(|e| {
        panic!(
            "batch, non-UTF-8 names: no {}: {e}; {}",
            aligned.display(),
            r.stderr
        )
    });
    assert!(tmx.contains("Минске"), "{tmx}");
}

#[test]
fn tmx_that_breaks_rarer_xml_rules() {
    let d = tempfile::tempdir().unwrap();
    let good = good_tmx();
    let cases: [(&str, String, &str); 6] = [
        (
            "lt-in-attr",
            good.replacen("tuid=\"1\"", "tuid=\"1<2\"", 1),
            "'<' inside an attribute value",
        ),
        (
            "cdata-end",
            good.replacen("One.", "On]]>e.", 1),
            "']]>' in text",
        ),
        (
            "comment",
            good.replacen("<body>", "<body><!-- a -- b -->", 1),
            "'--' inside a comment",
        ),
        (
            "late-decl",
            format!("\n{good}"),
            "XML declaration is not at the start",
        ),
        (
            "digit-name",
            good.replacen("<body>", "<body><1a/>", 1),
            "element name starts with a digit",
        ),
        (
            "nbsp-after",
            format!("{good}\u{a0}\n"),
            "outside the root element",
        ),
    ];
    for (name, doc, problem) in cases {
        let f = write(d.path(), &format!("{name}.tmx"), doc);
        expect_tmx_refused(&format!("not well-formed TMX ({name})"), &f, problem);
    }
}

#[test]
fn an_oversized_plain_text_side_is_refused_before_reading() {
    let d = tempfile::tempdir().unwrap();
    // A sparse 65 MiB file: refused by its size, so nothing is read.
    let big = d.path().join("big.en.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("oversized text", &big, &t, &out, &[]);
    expect_refused(&r, "big.en.txt", "64 MiB limit for a plain-text side");
    expect_no_output(&r.case, &out);
}

#[test]
fn docx_with_a_damaged_entry() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let doc = br#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The talks took place in Minsk.</w:t></w:r></w:p></w:body></w:document>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored),
    )
    .unwrap();
    z.write_all(doc).unwrap();
    let mut bytes = z.finish().unwrap().into_inner();
    // Change one letter of the stored text: its CRC no longer matches.
    let at = bytes
        .windows(5)
        .position(|w| w == b"talks")
        .expect("stored text");
    bytes[at] = b'w';
    let s = write(d.path(), "crc.en.docx", bytes);
    let t = write(d.path(), "t.ru.txt", RU);
    let out = d.path().join("o.tmx");
    let r = align("DOCX with a checksum error", &s, &t, &out, &[]);
    expect_refused(&r, "crc.en.docx", "cannot unpack word/document.xml");
    expect_no_output(&r.case, &out);
}
