//! The command-line contract of `tmxalign align`, `segment` and `eval`: exit codes, error
//! messages naming the file, no output left behind on failure, determinism.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const EN: &str = "Meeting in Minsk\n\nPresident Aleksandr Lukashenko met Sergei Lavrov on 21 November. They discussed trade worth $1.5 billion.\n\n“We have good relations,” the President said.\n";
const RU: &str = "Встреча в Минске\n\nПрезидент Александр Лукашенко встретился с Сергеем Лавровым 21 ноября. Они обсудили торговлю на 1,5 млрд долларов.\n\n«У нас хорошие отношения», – сказал Президент.\n";
const BE: &str = "Сустрэча ў Мінску\n\nПрэзідэнт Аляксандр Лукашэнка сустрэўся з Сяргеем Лаўровым 21 лістапада. Яны абмеркавалі гандаль на 1,5 млрд долараў.\n\n«У нас добрыя адносіны», – сказаў Прэзідэнт.\n";

fn bin() -> Command {
    let mut c = Command::cargo_bin("tmxalign").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs `align SRC TGT -o OUT` expecting exit 2, an error naming `named`, and no output.
fn expect_bad_input(src: &Path, tgt: &Path, out: &Path, named: &str, problem: &str) {
    bin()
        .arg("align")
        .arg(src)
        .arg(tgt)
        .arg("-o")
        .arg(out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(named).and(predicate::str::contains(problem)));
    assert!(!out.exists(), "{} was left behind", out.display());
    if let Some(dir) = out.parent().filter(|d| d.is_dir()) {
        let leftovers: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmxalign-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }
}

#[test]
fn aligns_and_reports_summary() {
    let d = tempfile::tempdir().unwrap();
    let (s, t) = (
        write(d.path(), "s.en.txt", EN.as_bytes()),
        write(d.path(), "s.ru.txt", RU.as_bytes()),
    );
    let out = d.path().join("s.en-ru.tmx");
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("detected language en")
                .and(predicate::str::contains("detected language ru"))
                .and(predicate::str::contains("en 4 sentences, ru 4 sentences"))
                .and(predicate::str::contains("beads: 1-1 4"))
                .and(predicate::str::contains("mean confidence"))
                .and(predicate::str::contains("low-confidence")),
        );
    let tmx = std::fs::read_to_string(&out).unwrap();
    assert_eq!(tmx.matches("<tu ").count(), 4);
    assert!(tmx.contains(
        "<tuv xml:lang=\"ru\"><seg>«У нас хорошие отношения», – сказал Президент.</seg></tuv>"
    ));
    assert!(tmx.contains("<prop type=\"x-bead\">1-1</prop>"));
    assert!(tmx.contains("srclang=\"en\""));
}

#[test]
fn belarusian_is_detected_and_tags_can_be_set() {
    let d = tempfile::tempdir().unwrap();
    let (s, t) = (
        write(d.path(), "a.txt", EN.as_bytes()),
        write(d.path(), "b.txt", BE.as_bytes()),
    );
    let out = d.path().join("o.tmx");
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .args([
            "-o",
            out.to_str().unwrap(),
            "--tmx-lang",
            "be=be_by",
            "--tmx-lang",
            "en=EN-us",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("detected language be"));
    let tmx = std::fs::read_to_string(&out).unwrap();
    assert!(tmx.contains("xml:lang=\"be-BY\""));
    assert!(tmx.contains("srclang=\"en-US\""));
    assert!(tmx.contains("xml:lang=\"en-US\""));
}

#[test]
fn same_input_and_date_give_identical_bytes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "s.txt", EN.as_bytes());
    write(d.path(), "t.txt", RU.as_bytes());
    let run = |out: &str, env: Option<&str>| {
        let mut c = bin();
        c.current_dir(d.path())
            .args(["align", "s.txt", "t.txt", "-o", out]);
        if let Some(e) = env {
            c.env("SOURCE_DATE_EPOCH", e);
        } else {
            c.args(["--creation-date", "2018-11-21T11:33:20Z"]);
        }
        c.assert().success();
        std::fs::read(d.path().join(out)).unwrap()
    };
    let a = run("a.tmx", None);
    let b = run("b.tmx", None);
    let c = run("c.tmx", Some("1542800000"));
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert!(String::from_utf8(a)
        .unwrap()
        .contains("creationdate=\"20181121T113320Z\""));
}

#[test]
fn bom_and_crlf_inputs_work() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "s.txt",
        format!("\u{FEFF}{}", EN.replace('\n', "\r\n")).as_bytes(),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for u in RU.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let t = write(d.path(), "t.txt", &utf16);
    let out = d.path().join("o.tmx");
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let tmx = std::fs::read_to_string(&out).unwrap();
    assert_eq!(tmx.matches("<tu ").count(), 4);
    assert!(!tmx.contains('\r') && !tmx.contains('\u{FEFF}'));
}

#[test]
fn presegmented_with_bead_file() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "s.txt",
        b"The talks took place in Minsk.\nThey lasted 3 hours.\nThe weather was fine.\n",
    );
    let t = write(
        d.path(),
        "t.txt",
        "Переговоры прошли в Минске.\nОни длились 3 часа.\n".as_bytes(),
    );
    let beads = d.path().join("b.txt");
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .args([
            "--presegmented",
            "--src-lang",
            "en",
            "--tgt-lang",
            "ru",
            "-o",
        ])
        .arg(d.path().join("o.tmx"))
        .arg("--beads")
        .arg(&beads)
        .assert()
        .success()
        .stderr(predicate::str::contains("omitted source sentence 2"));
    let b = std::fs::read_to_string(&beads).unwrap();
    let lines: Vec<&str> = b.lines().map(|l| l.rsplit_once(':').unwrap().0).collect();
    assert_eq!(lines, ["[0]:[0]", "[1]:[1]", "[2]:[]"]);
    for l in b.lines() {
        let c: f64 = l.rsplit_once(':').unwrap().1.parse().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
}

#[test]
fn help_documents_every_flag() {
    let out = bin()
        .args(["align", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for flag in [
        "--output",
        "--src-lang",
        "--tgt-lang",
        "--presegmented",
        "--beads",
        "--creation-date",
        "--tmx-lang",
        "--encoding",
        "--dict",
        "--min-confidence",
        "--quiet",
    ] {
        assert!(help.contains(flag), "align --help lacks {flag}");
    }
    bin()
        .args(["segment", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--lang"));
    bin()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--json"));
}

#[test]
fn missing_file_directory_and_unreadable() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.txt", RU.as_bytes());
    let out = d.path().join("o.tmx");
    expect_bad_input(
        &d.path().join("nope.txt"),
        &t,
        &out,
        "nope.txt",
        "no such file",
    );
    let sub = d.path().join("adir");
    std::fs::create_dir(&sub).unwrap();
    expect_bad_input(&sub, &t, &out, "adir", "is a directory");
}

#[test]
fn empty_whitespace_binary_and_invalid_utf8() {
    let d = tempfile::tempdir().unwrap();
    let t = write(d.path(), "t.txt", RU.as_bytes());
    let out = d.path().join("o.tmx");
    let e = write(d.path(), "empty.txt", b"");
    expect_bad_input(&e, &t, &out, "empty.txt", "is empty");
    let w = write(d.path(), "blank.txt", b"  \n\t\r\n  \n");
    expect_bad_input(&w, &t, &out, "blank.txt", "only whitespace");
    let b = write(
        d.path(),
        "bin.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00binary",
    );
    expect_bad_input(&b, &t, &out, "bin.txt", "binary");
    let u = write(
        d.path(),
        "bad.txt",
        b"Hello \xC3\x28 world. This is English text.\n",
    );
    expect_bad_input(&u, &t, &out, "bad.txt", "not valid UTF-8");
}

#[test]
fn both_files_in_the_same_language() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "a.ru.txt", RU.as_bytes());
    let t = write(d.path(), "b.ru.txt", RU.as_bytes());
    expect_bad_input(&s, &t, &d.path().join("o.tmx"), "b.ru.txt", "same language");
}

#[test]
fn unwritable_output_paths() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.txt", EN.as_bytes());
    let t = write(d.path(), "t.txt", RU.as_bytes());
    let missing = d.path().join("no/such/folder/o.tmx");
    expect_bad_input(&s, &t, &missing, "o.tmx", "does not exist");
    let dir_out = d.path().join("outdir");
    std::fs::create_dir(&dir_out).unwrap();
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .arg("-o")
        .arg(&dir_out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    // A read-only folder (skipped when running as root, which may write anyway).
    let ro = d.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_err() {
        expect_bad_input(&s, &t, &ro.join("o.tmx"), "o.tmx", "cannot write");
    }
}

#[test]
fn bad_options_are_usage_errors() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.txt", EN.as_bytes());
    let t = write(d.path(), "t.txt", RU.as_bytes());
    let out = d.path().join("o.tmx");
    for (args, msg) in [
        (vec!["--src-lang", "de"], "unsupported language 'de'"),
        (vec!["--creation-date", "tomorrow"], "invalid creation date"),
        (vec!["--tmx-lang", "ru=be-BY"], "not a tag of language"),
        (vec!["--min-confidence", "1.5"], "outside [0, 1]"),
    ] {
        bin()
            .arg("align")
            .arg(&s)
            .arg(&t)
            .arg("-o")
            .arg(&out)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(msg));
        assert!(!out.exists());
    }
    bin().arg("align").assert().code(2);
    bin().arg("frobnicate").assert().code(2);
}

#[test]
fn segment_prints_one_sentence_per_line() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "r.txt", "В 2018 г. в г. Минске А.Г. Лукашенко встретился с С.В. Лавровым. Обсудили торговлю, т.е. экспорт.\n".as_bytes());
    bin()
        .arg("segment")
        .arg(&f)
        .args(["--lang", "ru"])
        .assert()
        .success()
        .stdout("В 2018 г. в г. Минске А.Г. Лукашенко встретился с С.В. Лавровым.\nОбсудили торговлю, т.е. экспорт.\n");
    // The notes align would print (here: the hard-wrapping hint) are printed too.
    let w = write(
        d.path(),
        "w.txt",
        b"This is a long line that is wrapped at a fixed\nwidth as in an email so the sentence goes on\nhere and ends. Then another sentence is written\nacross the lines too.\n",
    );
    bin().arg("segment").arg(&w).assert().success().stderr(
        predicate::str::contains("detected language en")
            .and(predicate::str::contains("--paragraphs blank")),
    );
}

#[test]
fn eval_scores_a_tree() {
    let d = tempfile::tempdir().unwrap();
    let g = d.path().join("gold/doc1");
    let p = d.path().join("pred/doc1");
    std::fs::create_dir_all(&g).unwrap();
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(g.join("gold.txt"), "[0]:[0]\n[1,2]:[1]\n[3]:[]\n").unwrap();
    std::fs::write(
        p.join("pred.txt"),
        "[0]:[0]:0.9\n[1]:[1]:0.6\n[2]:[]:0.3\n[3]:[]:0.8\n",
    )
    .unwrap();
    let out = bin()
        .arg("eval")
        .arg(d.path().join("gold"))
        .arg(d.path().join("pred"))
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["strict"]["precision"], 0.5);
    assert_eq!(v["strict"]["recall"], 0.5);
    assert_eq!(v["counts"]["omit_both"], 1);
    bin()
        .arg("eval")
        .arg(d.path().join("gold"))
        .arg(d.path().join("pred"))
        .assert()
        .success()
        .stdout(predicate::str::contains("strict").and(predicate::str::contains("ECE")));
    bin()
        .arg("eval")
        .arg(d.path().join("nope"))
        .arg(d.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope"));
}

#[test]
fn special_files_and_inputs_are_never_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.txt", EN.as_bytes());
    let t = write(d.path(), "t.txt", RU.as_bytes());
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .args(["-o", "/dev/null"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a regular file"));
    assert!(
        !std::fs::metadata("/dev/null").unwrap().is_file(),
        "/dev/null was replaced"
    );
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .arg("-o")
        .arg(&s)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&s).unwrap(), EN);
    let out = d.path().join("o.tmx");
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .arg("-o")
        .arg(&out)
        .arg("--beads")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("same file"));
    assert!(!out.exists());
}

#[test]
fn two_latin_texts_are_refused_whatever_the_flags() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "a.txt", EN.as_bytes());
    let t = write(d.path(), "b.txt", EN.as_bytes());
    expect_bad_input_args(
        &s,
        &t,
        &d.path().join("o.tmx"),
        &["--src-lang", "en", "--tgt-lang", "ru"],
        "declared tgt language 'ru' but the text is 'en'",
    );
}

fn expect_bad_input_args(src: &Path, tgt: &Path, out: &Path, args: &[&str], problem: &str) {
    bin()
        .arg("align")
        .arg(src)
        .arg(tgt)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(problem));
    assert!(!out.exists());
}

#[test]
fn output_to_stdout() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.txt", EN.as_bytes());
    let t = write(d.path(), "t.txt", BE.as_bytes());
    let out = bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .args(["-o", "-", "-q"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let tmx = String::from_utf8(out).unwrap();
    assert!(
        tmx.starts_with("<?xml")
            && tmx.contains("xml:lang=\"be\"")
            && tmx.trim_end().ends_with("</tmx>")
    );
}

#[test]
fn swapped_files_or_a_wrong_language_are_refused() {
    // Plainly contradicted declarations are errors: the TMX would carry Russian text
    // under xml:lang="en" (or Russian under "be") and mislead every user of the TM.
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o.tmx");
    let en = c.join("mfa-un-general-assembly.en.txt");
    let ru = c.join("mfa-un-general-assembly.ru.txt");
    bin()
        .arg("align")
        .arg(&ru)
        .arg(&en)
        .args(["--src-lang", "en", "--tgt-lang", "ru", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "mfa-un-general-assembly.ru.txt: declared src language 'en' but the text is 'ru'",
            )
            .and(predicate::str::contains("letters are Cyrillic"))
            .and(predicate::str::contains("--src-lang")),
        );
    bin()
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .args(["--tgt-lang", "be", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "declared tgt language 'be' but the text is 'ru'",
        ));
    assert!(!out.exists());
}

/// URLs do not count, and a Russian text listing English names keeps its declared
/// language: neither is refused.
#[test]
fn urls_and_english_names_do_not_contradict_a_declared_language() {
    let d = tempfile::tempdir().unwrap();
    let url = "https://www.belta.by/president/view/aleksandr-lukashenko-provel-soveschanie-po-voprosam-razvitija-ekonomiki-612345-2024/";
    let en = write(
        d.path(),
        "u.en.txt",
        format!("Full text of the interview: {url}\n").as_bytes(),
    );
    let ru = write(
        d.path(),
        "u.ru.txt",
        format!("Полный текст интервью: {url}\n").as_bytes(),
    );
    let en2 = write(d.path(), "l.en.txt", b"Accredited media. Reuters, Associated Press, Bloomberg, Agence France-Presse, Financial Times.\n");
    let ru2 = write(d.path(), "l.ru.txt", "Аккредитованные СМИ. Reuters, Associated Press, Bloomberg, Agence France-Presse, Financial Times.\n".as_bytes());
    for (s, t) in [(&en, &ru), (&en2, &ru2)] {
        bin()
            .arg("align")
            .args([s, t])
            .args(["--src-lang", "en", "--tgt-lang", "ru", "-o"])
            .arg(d.path().join("o.tmx"))
            .assert()
            .success();
    }
}

/// A short text is weak evidence: its declared language stands, with a warning.
#[test]
fn declared_language_contradicting_the_script_is_warned() {
    let d = tempfile::tempdir().unwrap();
    let s = write(d.path(), "s.txt", EN.as_bytes());
    let t = write(d.path(), "t.txt", BE.as_bytes());
    bin()
        .arg("align")
        .arg(&s)
        .arg(&t)
        .args(["--tgt-lang", "ru", "-o"])
        .arg(d.path().join("o.tmx"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "declared tgt language 'ru' but the text looks like 'be'",
        ));
}

/// A statement paired with the translation of another statement gets a warning; a true
/// pair does not.
#[test]
fn unrelated_texts_are_warned_about() {
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let d = tempfile::tempdir().unwrap();
    let run = |en: &str, ru: &str| -> String {
        let out = bin()
            .arg("align")
            .arg(c.join(en))
            .arg(c.join(ru))
            .arg("-o")
            .arg(d.path().join("x.tmx"))
            .assert()
            .code(0);
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    };
    let wrong = run(
        "mfa-un-general-assembly.en.txt",
        "belarus-russia-trade-commission.ru.txt",
    );
    assert!(
        wrong.contains("do not look like translations of each other"),
        "{wrong}"
    );
    let right = run(
        "mfa-un-general-assembly.en.txt",
        "mfa-un-general-assembly.ru.txt",
    );
    assert!(!right.contains("do not look like translations"), "{right}");
}

/// Same number of paragraphs by chance (one dropped, one added): the paragraphs are not
/// paired by position; the dropped and added sentences are omissions.
#[test]
fn paragraphs_matched_by_count_alone_are_not_paired() {
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "s.en.txt", "The talks took place in Minsk on 21 November. They lasted three hours.\n\nThe weather in the capital was cold and rainy. Snow fell in the north.\n\nThe parties signed a trade protocol. It covers 2025 and 2026.\n".as_bytes());
    let ru = write(d.path(), "s.ru.txt", "Переговоры прошли в Минске 21 ноября. Они длились три часа.\n\nСтороны подписали торговый протокол. Он охватывает 2025 и 2026 годы.\n\nСледующая встреча состоится весной. Место пока не выбрано.\n".as_bytes());
    let beads = d.path().join("s.beads");
    bin()
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .arg("-o")
        .arg(d.path().join("s.tmx"))
        .arg("--beads")
        .arg(&beads)
        .assert()
        .code(0);
    let got: Vec<String> = std::fs::read_to_string(&beads)
        .unwrap()
        .lines()
        .map(|l| l.rsplit_once(':').unwrap().0.to_string())
        .collect();
    assert_eq!(
        got,
        ["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[]", "[4]:[2]", "[5]:[3]", "[]:[4]", "[]:[5]"]
    );
}

/// `-o` and `--beads` may not overwrite the `--dict` or `--srx` file, nor each other
/// before either exists.
#[test]
fn outputs_never_overwrite_the_dictionary_or_each_other() {
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "a.en.txt", EN.as_bytes());
    let ru = write(d.path(), "a.ru.txt", RU.as_bytes());
    let dict = write(d.path(), "d.tsv", "talks\tпереговоры\n".as_bytes());
    bin()
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .arg("--dict")
        .arg(&dict)
        .arg("-o")
        .arg(&dict)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(&dict).unwrap(),
        "talks\tпереговоры\n"
    );
    let out = d.path().join("same.tmx");
    bin()
        .current_dir(d.path())
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .arg("-o")
        .arg("same.tmx")
        .arg("--beads")
        .arg("./same.tmx")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name the same file"));
    assert!(!out.exists());
}

/// A dictionary pairs English with Russian or Belarusian: a ru-be alignment refuses one
/// (it used to stem the columns with the wrong stemmers, differently in each direction).
#[test]
fn dict_without_an_english_side_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let ru = write(
        d.path(),
        "s.ru.txt",
        "Переговоры прошли в Минске.\n".as_bytes(),
    );
    let be = write(
        d.path(),
        "s.be.txt",
        "Перамовы прайшлі ў Мінску.\n".as_bytes(),
    );
    let dict = write(d.path(), "d.tsv", "переговоры\tперамовы\n".as_bytes());
    let out = d.path().join("o.tmx");
    bin()
        .arg("align")
        .args([&ru, &be])
        .args(["--src-lang", "ru", "--tgt-lang", "be", "--dict"])
        .arg(&dict)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("d.tsv").and(predicate::str::contains("no English side")));
    assert!(!out.exists());
    // The same dictionary with English on one side is fine.
    let en = write(d.path(), "s.en.txt", b"The talks took place in Minsk.\n");
    let dict = write(
        d.path(),
        "e.tsv",
        "talks\tпереговоры\tnoun\nprime minister\tпремьер\nвыборы\telection\n".as_bytes(),
    );
    bin()
        .arg("align")
        .args([&en, &ru])
        .arg("--dict")
        .arg(&dict)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("e.tsv: 1 word pair read")
                .and(predicate::str::contains(
                    "1 lines skipped with a side of several words",
                ))
                .and(predicate::str::contains(
                    "1 lines skipped whose first column has no Latin letter",
                )),
        );
    assert!(out.exists());
}

/// `train` refuses bad hyper-parameters and a gold ladder that does not fit its texts,
/// with usage or input errors instead of a panic or a useless model.
#[test]
fn train_checks_its_inputs() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("m.json");
    for (flag, value) in [
        ("--l2", "-1"),
        ("--cost", "NaN"),
        ("--cost", "1e6"),
        ("--epochs", "0"),
    ] {
        bin()
            .arg("train")
            .arg(d.path())
            .arg("-o")
            .arg(&out)
            .arg(format!("{flag}={value}"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag));
    }
    // A bench with no numbered task folders would give an all-zero model.
    let empty = tempfile::tempdir().unwrap();
    for variant in ["noisy", "clean"] {
        for pair in ["en-ru", "en-be"] {
            std::fs::create_dir_all(empty.path().join(pair).join(variant).join("doc-a")).unwrap();
        }
    }
    bin()
        .arg("train")
        .arg(empty.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "has no task folders numbered 0 mod 4",
        ));
    assert!(!out.exists());
    // A bench whose gold names sentences the texts do not have (a BOM is no problem).
    for variant in ["noisy", "clean"] {
        for pair in ["en-ru", "en-be"] {
            let doc = d.path().join(pair).join(variant).join("000-doc");
            std::fs::create_dir_all(&doc).unwrap();
            std::fs::write(doc.join("src.txt"), "a\n").unwrap();
            std::fs::write(doc.join("tgt.txt"), "б\n").unwrap();
            std::fs::write(doc.join("gold.txt"), "\u{FEFF}[0]:[0]\n[1]:[1]\n").unwrap();
        }
    }
    bin()
        .arg("train")
        .arg(d.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("gold.txt").and(predicate::str::contains("cover 2 source")),
        );
    assert!(!out.exists());
}

/// `align --learn-lexicon` says what its second pass did: nothing on a short statement,
/// word pairs learned on a long text.
#[test]
fn learn_lexicon_says_what_it_learned() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("o.tmx");
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    bin()
        .arg("align")
        .arg(c.join("mfa-un-general-assembly.en.txt"))
        .arg(c.join("mfa-un-general-assembly.ru.txt"))
        .arg("-o")
        .arg(&out)
        .arg("--learn-lexicon")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "--learn-lexicon: no second pass, a side has fewer than 100 sentences",
        ));
    // 120 sentence pairs in which "florp" / "квакша" recurs.
    let (mut en, mut ru) = (String::new(), String::new());
    for k in 0..120 {
        en.push_str(&format!("Minsk florp report number {k}.\n"));
        ru.push_str(&format!("Минск квакша доклад номер {k}.\n"));
    }
    let s = write(d.path(), "l.en.txt", en.as_bytes());
    let t = write(d.path(), "l.ru.txt", ru.as_bytes());
    bin()
        .arg("align")
        .args([&s, &t])
        .args(["--presegmented", "--learn-lexicon", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(
            predicate::str::is_match(r"--learn-lexicon: learned [1-9][0-9]* word pairs from 1[0-9]{2} confident 1-1 beads and realigned")
                .unwrap(),
        );
}

#[test]
fn outputs_may_not_be_the_report_files() {
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "a.en.txt", EN.as_bytes());
    let ru = write(d.path(), "a.ru.txt", RU.as_bytes());
    let rp = d.path().join("rp");
    std::fs::create_dir(&rp).unwrap();
    for (flag, name) in [("-o", "report.json"), ("--beads", "flagged.tsv")] {
        let mut c = bin();
        c.arg("align").arg(&en).arg(&ru).arg("--report").arg(&rp);
        if flag == "-o" {
            c.arg("-o").arg(rp.join(name));
        } else {
            c.arg("-o").arg(d.path().join("out.tmx"));
            c.arg(flag).arg(rp.join(name));
        }
        c.assert().code(2).stderr(
            predicate::str::contains(format!("is the {name} that --report"))
                .and(predicate::str::contains("own folder")),
        );
        assert!(!rp.join(name).exists());
        assert!(!d.path().join("out.tmx").exists());
    }
    // The report folder named as the TMX or the beads file: refused before any work.
    let x = d.path().join("x.tmx");
    for flag in ["-o", "--beads"] {
        let mut c = bin();
        c.arg("align").arg(&en).arg(&ru).arg("--report").arg(&x);
        if flag == "-o" {
            c.arg("-o").arg(&x);
        } else {
            c.arg("-o")
                .arg(d.path().join("out.tmx"))
                .arg("--beads")
                .arg(&x);
        }
        c.assert().code(2).stderr(predicate::str::contains(
            "both an output file and the --report folder",
        ));
        assert!(!x.exists());
        assert!(!d.path().join("out.tmx").exists());
    }
}

#[test]
fn numbers_with_scale_words_are_not_flagged_as_mismatches() {
    // 150,000 = 150 тыс., 1,500,000 = 1,5 млн: correct translations, not QA findings;
    // 2,400 against 2,5 тыс. is a real mismatch and stays flagged.
    let d = tempfile::tempdir().unwrap();
    let en = write(
        d.path(),
        "n.en.txt",
        "Exports reached 150,000 tonnes in 2024.\n\nThe fund holds 1,500,000 dollars.\n\nImports fell to 2,400 tonnes.\n".as_bytes(),
    );
    let ru = write(
        d.path(),
        "n.ru.txt",
        "Экспорт достиг 150 тыс. тонн в 2024 году.\n\nФонд располагает 1,5 млн долларов.\n\nИмпорт упал до 2,5 тыс. тонн.\n".as_bytes(),
    );
    let rp = d.path().join("rp");
    bin()
        .arg("align")
        .arg(&en)
        .arg(&ru)
        .arg("-o")
        .arg(d.path().join("n.tmx"))
        .arg("--report")
        .arg(&rp)
        .arg("-q")
        .assert()
        .success();
    let flagged = std::fs::read_to_string(rp.join("flagged.tsv")).unwrap();
    let mismatches: Vec<&str> = flagged
        .lines()
        .filter(|l| l.contains("number-mismatch"))
        .collect();
    assert_eq!(mismatches.len(), 1, "{flagged}");
    assert!(mismatches[0].contains("2,400"), "{flagged}");
}

#[test]
fn eval_says_when_predictions_are_missing_or_invalid() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("g"), d.path().join("p"));
    for t in ["d1", "d2"] {
        std::fs::create_dir_all(g.join(t)).unwrap();
        std::fs::write(g.join(t).join("gold.txt"), "[0]:[0]\n[1]:[]\n[2]:[1]\n").unwrap();
    }
    std::fs::create_dir_all(p.join("d1")).unwrap();
    std::fs::create_dir_all(p.join("D2")).unwrap();
    std::fs::write(p.join("d1/pred.txt"), "[0]:[0]\n[1]:[]\n[2]:[1]\n").unwrap();
    std::fs::write(p.join("D2/pred.txt"), "[0]:[0]\n").unwrap();
    bin()
        .arg("eval")
        .arg(&g)
        .arg(&p)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 of 2 tasks have no pred.txt under",
        ))
        .stdout(predicate::str::contains("tasks: 2"));
    for (bad, problem) in [
        ("[0]:[0]\n[]:[]\n", "a bead with no sentence"),
        (
            "[0]:[0]\n[5]:[1]\n",
            "source sentence 5, but the gold has 3",
        ),
        (
            "[0]:[0]\n[0]:[1]\n",
            "source sentence 0 is in more than one bead",
        ),
        ("[0]:[1]\n[1]:[0]\n", "cross"),
        ("[0,2]:[0]\n", "not a run of consecutive sentences"),
    ] {
        std::fs::write(p.join("d1/pred.txt"), bad).unwrap();
        bin()
            .arg("eval")
            .arg(&g)
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("d1/pred.txt").and(predicate::str::contains(problem)));
    }
    // A gold.tsv tree scored without --units gets the hint.
    std::fs::write(g.join("d1/gold.tsv"), "a\tб\n").unwrap();
    for t in ["d1", "d2"] {
        std::fs::remove_file(g.join(t).join("gold.txt")).unwrap();
    }
    bin()
        .arg("eval")
        .arg(&g)
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--units"));
}

#[test]
fn a_dictionary_in_a_legacy_cyrillic_encoding_is_read() {
    // windows-1251 and KOI8-R bytes of "commission\tкомиссия\ntrade\tторговля\n": half the
    // letters are Latin, which must not stop the legacy-encoding guess.
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "a.en.txt", EN.as_bytes());
    let ru = write(d.path(), "a.ru.txt", RU.as_bytes());
    let cp1251: &[u8] =
        b"commission\t\xea\xee\xec\xe8\xf1\xf1\xe8\xff\ntrade\t\xf2\xee\xf0\xe3\xee\xe2\xeb\xff\n";
    let koi8: &[u8] =
        b"commission\t\xcb\xcf\xcd\xc9\xd3\xd3\xc9\xd1\ntrade\t\xd4\xcf\xd2\xc7\xcf\xd7\xcc\xd1\n";
    // Three short lines are too few for the statistical guess.
    let tiny: &[u8] = b"harvest\x09\xf3\xf0\xee\xe6\xe0\xe9\x0afarmer\x09\xf4\xe5\xf0\xec\xe5\xf0\x0agrain\x09\xe7\xe5\xf0\xed\xee\x0a";
    for (name, bytes, pairs) in [("w.tsv", cp1251, 2), ("k.tsv", koi8, 2), ("t.tsv", tiny, 3)] {
        let dict = write(d.path(), name, bytes);
        bin()
            .arg("align")
            .args([&en, &ru])
            .arg("--dict")
            .arg(&dict)
            .arg("-o")
            .arg(d.path().join("o.tmx"))
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "--dict {}: {pairs} word pairs read",
                dict.display()
            )));
    }
    // Latin-1 is not Cyrillic: refused, with advice that applies to a dictionary.
    let dict = write(d.path(), "l.tsv", b"caf\xe9\tcaf\xe9 au lait\n");
    bin()
        .arg("align")
        .args([&en, &ru])
        .arg("--dict")
        .arg(&dict)
        .arg("-o")
        .arg(d.path().join("o.tmx"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("l.tsv")
                .and(predicate::str::contains("save the dictionary as UTF-8")),
        );
}

#[test]
fn a_forced_legacy_encoding_on_utf8_text_is_warned_about() {
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "a.en.txt", EN.as_bytes());
    let ru = write(d.path(), "a.ru.txt", RU.as_bytes());
    bin()
        .arg("align")
        .args([&en, &ru])
        .args(["--tgt-encoding", "windows-1251", "-o"])
        .arg(d.path().join("o.tmx"))
        .assert()
        .stderr(predicate::str::contains(
            "a.ru.txt: read as windows-1251 as the encoding option (windows-1251) says, but it is valid UTF-8",
        ));
    // An ASCII side reads the same in any of these encodings: no warning for it.
    let ascii = write(
        d.path(),
        "b.en.txt",
        EN.replace(['“', '”'], "\"").as_bytes(),
    );
    bin()
        .arg("align")
        .args([&ascii, &ru])
        .args(["--src-encoding", "windows-1251", "-o"])
        .arg(d.path().join("o.tmx"))
        .assert()
        .success()
        .stderr(predicate::str::contains("valid UTF-8").not());
}

#[test]
fn a_language_pair_given_as_one_language_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let en = write(d.path(), "a.en.txt", EN.as_bytes());
    let ru = write(d.path(), "a.ru.txt", RU.as_bytes());
    for bad in ["en-ru", "ru_en"] {
        bin()
            .arg("align")
            .args([&en, &ru])
            .args(["--tgt-lang", bad, "-o"])
            .arg(d.path().join("o.tmx"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("looks like a language pair"));
    }
    // A region subtag is still fine.
    bin()
        .arg("align")
        .args([&en, &ru])
        .args(["--tgt-lang", "ru-RU", "-q", "-o"])
        .arg(d.path().join("o.tmx"))
        .assert()
        .success();
}

#[test]
fn eval_units_reads_utf16_predictions_and_an_empty_doctype_subset() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("g/t1"), d.path().join("p/t1"));
    std::fs::create_dir_all(&g).unwrap();
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(g.join("gold.tsv"), "One.\tОдин.\nTwo.\tДва.\n").unwrap();
    let tmx = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\" []>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n<tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"ru\"><seg>Один.</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>Two.</seg></tuv><tuv xml:lang=\"ru\"><seg>Два.</seg></tuv></tu>\n</body></tmx>\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in tmx.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(p.join("pred.tmx"), bytes).unwrap();
    bin()
        .args(["eval", "--units"])
        .arg(d.path().join("g"))
        .arg(d.path().join("p"))
        .assert()
        .success()
        .stdout(predicate::str::contains("F1 1.0000"));
}

#[test]
fn outputs_never_replace_inputs_and_write_errors_are_reported() {
    let d = tempfile::tempdir().unwrap();
    // An input named like a report file in the report folder.
    let src = write(d.path(), "report.html", EN.as_bytes());
    let tgt = write(d.path(), "ru.txt", RU.as_bytes());
    bin()
        .current_dir(d.path())
        .args([
            "align",
            "--format",
            "text",
            "--src-lang",
            "en",
            "--tgt-lang",
            "ru",
        ])
        .arg(&src)
        .arg(&tgt)
        .args(["-o", "out.tmx", "--report", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite the input"));
    assert_eq!(std::fs::read_to_string(&src).unwrap(), EN);
    assert!(!d.path().join("out.tmx").exists());

    // `tmx split` refuses a pattern that names its own input, given as a bare name.
    let en = write(d.path(), "s.en.txt", EN.as_bytes());
    bin()
        .arg("align")
        .arg(&en)
        .arg(&tgt)
        .arg("-o")
        .arg(d.path().join("part-001.tmx"))
        .assert()
        .success();
    let before = std::fs::read(d.path().join("part-001.tmx")).unwrap();
    bin()
        .current_dir(d.path())
        .args([
            "tmx",
            "split",
            "part-001.tmx",
            "--max-tus",
            "1",
            "-o",
            "part.tmx",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("would overwrite the input"));
    assert_eq!(
        std::fs::read(d.path().join("part-001.tmx")).unwrap(),
        before
    );

    // `segment` reports a full disk instead of exiting 0.
    if Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmxalign"))
            .arg("segment")
            .arg(&en)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write to standard output"));
    }
}

#[test]
fn batch_jobs_are_bounded() {
    let d = tempfile::tempdir().unwrap();
    bin()
        .arg("batch")
        .arg(d.path())
        .arg("-o")
        .arg(d.path().join("out"))
        .args(["--jobs", "10000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--jobs 10000: must be from 1 to 256",
        ));
}

#[test]
fn eval_units_counts_a_repeated_tu_once_per_gold_occurrence() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("g/t1"), d.path().join("p/t1"));
    std::fs::create_dir_all(&g).unwrap();
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(
        g.join("gold.tsv"),
        "Hello.\tПривет.\nBye.\tПока.\nYes.\tДа.\nNo.\tНет.\n",
    )
    .unwrap();
    let tu = |s: &str, t: &str| {
        format!("<tu><tuv xml:lang=\"en\"><seg>{s}</seg></tuv><tuv xml:lang=\"ru\"><seg>{t}</seg></tuv></tu>\n")
    };
    let tus = tu("Hello.", "Привет.").repeat(10) + &tu("Wrong.", "Не то.");
    let tmx = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"en\" datatype=\"plaintext\"/><body>\n{tus}</body></tmx>\n");
    std::fs::write(p.join("pred.tmx"), tmx).unwrap();
    let out = bin()
        .args(["eval", "--units", "--json"])
        .arg(d.path().join("g"))
        .arg(d.path().join("p"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["counts"]["tus"], 11);
    assert_eq!(v["counts"]["exact"], 1);
    assert_eq!(v["counts"]["found"], 1);
    let precision = v["strict"]["precision"].as_f64().unwrap();
    assert!((precision - 1.0 / 11.0).abs() < 1e-12, "{precision}");
    assert_eq!(v["strict"]["recall"], 0.25);
}

#[test]
fn eval_units_refuses_a_gold_line_with_three_cells() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("g/t1"), d.path().join("p/t1"));
    std::fs::create_dir_all(&g).unwrap();
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(g.join("gold.tsv"), "One.\tОдин.\nHello.\tПривет.\tnote\n").unwrap();
    bin()
        .args(["eval", "--units"])
        .arg(d.path().join("g"))
        .arg(d.path().join("p"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("t1/gold.tsv")
                .and(predicate::str::contains("line 2: 3 tab-separated cells")),
        );
    std::fs::write(g.join("gold.tsv"), "One.\tОдин.\nHello.\n").unwrap();
    bin()
        .args(["eval", "--units"])
        .arg(d.path().join("g"))
        .arg(d.path().join("p"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2: no TAB"));
}

#[cfg(unix)]
#[test]
fn eval_follows_symlinked_task_folders_once() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().unwrap();
    let (store, g, p) = (
        d.path().join("store"),
        d.path().join("g"),
        d.path().join("p"),
    );
    for t in ["a", "b", "c"] {
        std::fs::create_dir_all(store.join(t)).unwrap();
        std::fs::write(store.join(t).join("gold.txt"), "[0]:[0]\n[1]:[1]\n").unwrap();
        std::fs::create_dir_all(p.join(t)).unwrap();
        std::fs::write(p.join(t).join("pred.txt"), "[0]:[0]\n[1]:[]\n[]:[1]\n").unwrap();
    }
    std::fs::create_dir_all(&g).unwrap();
    for t in ["a", "b", "c"] {
        symlink(store.join(t), g.join(t)).unwrap();
    }
    // A loop back to the root, and a second link to a task: neither counts again.
    symlink(&g, g.join("loop")).unwrap();
    symlink(store.join("a"), g.join("z")).unwrap();
    bin()
        .arg("eval")
        .arg(&g)
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "tasks: 3   predicted beads: 9   gold beads (non-null): 6",
        ));
}

#[test]
fn eval_and_train_refuse_gold_files_that_are_no_ladder() {
    let d = tempfile::tempdir().unwrap();
    let (g, p) = (d.path().join("g"), d.path().join("p"));
    std::fs::create_dir_all(g.join("d1")).unwrap();
    std::fs::create_dir_all(p.join("d1")).unwrap();
    for (gold, problem) in [
        (
            "[999]:[7,7]\n",
            "line 1: bead [999]:[7,7]: source sentence 0 is in no bead",
        ),
        (
            "[0]:[0]\n[1]:[1]\n[1]:[2]\n",
            "line 3: bead [1]:[2]: source sentence 1 is already in an earlier bead",
        ),
        (
            "[0]:[0]\n\n[2]:[1]\n",
            "line 3: bead [2]:[1]: source sentence 1 is in no bead",
        ),
        (
            "[0,0]:[0]\n",
            "the source indices are not strictly increasing",
        ),
    ] {
        std::fs::write(g.join("d1/gold.txt"), gold).unwrap();
        bin()
            .arg("eval")
            .arg(&g)
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("d1/gold.txt").and(predicate::str::contains(problem)));
    }
    // Omissions on either side are part of a ladder; a prediction must be one too.
    std::fs::write(g.join("d1/gold.txt"), "[0]:[0]\n[1]:[]\n[]:[1]\n[2]:[2]\n").unwrap();
    std::fs::write(p.join("d1/pred.txt"), "[0]:[0]\n[2]:[2]\n[1]:[]\n[]:[1]\n").unwrap();
    bin().arg("eval").arg(&g).arg(&p).assert().code(2).stderr(
        predicate::str::contains("d1/pred.txt").and(predicate::str::contains(
            "line 2: bead [2]:[2]: source sentence 1 is in no bead",
        )),
    );
    std::fs::write(p.join("d1/pred.txt"), "[0]:[0]\n[1]:[]\n[]:[1]\n[2]:[2]\n").unwrap();
    bin()
        .arg("eval")
        .arg(&g)
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "strict        1.0000    1.0000    1.0000",
        ));
    // train reads gold through the same check.
    let bench = d.path().join("bench");
    for pair in ["en-ru", "en-be"] {
        for variant in ["noisy", "clean"] {
            std::fs::create_dir_all(bench.join(pair).join(variant)).unwrap();
        }
    }
    let t = bench.join("en-ru/noisy/000-x");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("src.txt"), "One.\nTwo.\n").unwrap();
    std::fs::write(t.join("tgt.txt"), "Один.\nДва.\n").unwrap();
    std::fs::write(t.join("gold.txt"), "[0]:[0]\n[0]:[1]\n").unwrap();
    bin()
        .arg("train")
        .arg(&bench)
        .arg("-o")
        .arg(d.path().join("model.json"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("000-x/gold.txt").and(predicate::str::contains(
                "line 2: bead [0]:[1]: source sentence 0 is already",
            )),
        );
}

/// The Linux binary is linked position-dependent (`build.rs`, `-no-pie`), so the dynamic
/// loader has no relative relocations to apply at start-up: ELF type ET_EXEC (2), not
/// ET_DYN (3).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn linux_binary_is_position_dependent() {
    if std::env::var_os("TMXALIGN_PIE").is_some() {
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_tmxalign")).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    assert_eq!(e_type, 2, "ELF type {e_type}: expected ET_EXEC");
}

/// Aligns presegmented English and Russian texts (one sentence per line) in a fresh
/// folder, with `--report DIR/qa`; returns the TUs of the TMX (the text after each
/// `<tu `) and the report's `flagged.tsv`.
fn align_en_ru_lines(en: &str, ru: &str) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "en.txt", en.as_bytes());
    let tgt = write(dir.path(), "ru.txt", ru.as_bytes());
    let out = dir.path().join("o.tmx");
    let report = dir.path().join("qa");
    bin()
        .args(["align", "-q", "--presegmented", "--src-lang", "en"])
        .args(["--tgt-lang", "ru"])
        .arg(&src)
        .arg(&tgt)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let tmx = std::fs::read_to_string(&out).unwrap();
    let tus = tmx.split("<tu ").skip(1).map(str::to_string).collect();
    (
        tus,
        std::fs::read_to_string(report.join("flagged.tsv")).unwrap(),
    )
}

/// A sentence replaced by an unrelated one in the translation (same place, other
/// content) stays a 1-1 TU, but is flagged `unrelated` in the TMX and the report and
/// has a lower confidence than the true translations around it.
#[test]
fn a_rewritten_sentence_is_flagged_unrelated_with_lower_confidence() {
    let (tus, flagged) = align_en_ru_lines(
        "The Minister of Foreign Affairs met the Ambassador of Germany on Monday.\nThey discussed trade, energy and the situation in the region.\nThe minister said that cooperation between the two countries was growing.\nExports to Germany rose by 12 percent last year.\nThe sides agreed to hold the next meeting in Berlin in March.\nThe ambassador thanked the minister for the warm welcome.\n",
        "Министр иностранных дел встретился с послом Германии в понедельник.\nОни обсудили торговлю, энергетику и ситуацию в регионе.\nПогода в столице в эти выходные будет дождливой и холодной.\nЭкспорт в Германию вырос на 12 процентов в прошлом году.\nСтороны договорились провести следующую встречу в Берлине в марте.\nПосол поблагодарил министра за теплый прием.\n",
    );
    assert_eq!(tus.len(), 6);
    let conf = |tu: &str| -> f64 {
        let a = tu.find("x-confidence\">").unwrap() + 14;
        tu[a..a + 4].parse().unwrap()
    };
    for (k, tu) in tus.iter().enumerate() {
        if k == 2 {
            assert!(tu.contains("unrelated"), "{tu}");
            assert!(conf(tu) < 0.95, "{tu}");
        } else {
            assert!(!tu.contains("x-flags"), "{tu}");
            assert!(conf(tu) >= 0.99, "{tu}");
        }
    }
    assert_eq!(flagged.lines().count(), 2, "{flagged}");
    assert!(
        flagged.contains("unrelated\tThe minister said"),
        "{flagged}"
    );
}

/// A wrong month (`21 November` / `21 октября`) is flagged `number-mismatch`; the
/// correct date is not.
#[test]
fn a_wrong_month_is_a_number_mismatch() {
    let (tus, _) = align_en_ru_lines(
        "The talks will take place on 21 November in Minsk.\nThe conference will open on Monday, 3 March.\n",
        "Переговоры пройдут 21 октября в Минске.\nКонференция откроется в понедельник, 3 марта.\n",
    );
    assert_eq!(tus.len(), 2);
    assert!(tus[0].contains("number-mismatch"), "{}", tus[0]);
    assert!(!tus[1].contains("x-flags"), "{}", tus[1]);
}
