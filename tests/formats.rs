//! Input formats end to end: HTML, DOCX, TMX and XLIFF re-alignment, hard-wrapped text,
//! HTML entities in text, and batch discovery of HTML/DOCX versions.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    let mut c = Command::cargo_bin("tmxalign").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1767225600")
        .env_remove("TMXALIGN_TIMING");
    c
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The (source, target) segment texts of every TU of a TMX written by tmxalign.
fn tus(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    text.split("<tu ")
        .skip(1)
        .map(|tu| {
            let segs: Vec<String> = tu
                .split("<seg>")
                .skip(1)
                .map(|s| unescape(&s[..s.find("</seg>").unwrap()]))
                .collect();
            assert_eq!(segs.len(), 2, "{tu}");
            (segs[0].clone(), segs[1].clone())
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Runs `align ARGS… -o OUT` and returns the TUs; panics with stderr on failure.
fn align_ok(args: &[&Path], extra: &[&str], out: &Path) -> (Vec<(String, String)>, String) {
    let o = bin()
        .arg("align")
        .args(args)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "align failed: {err}");
    (tus(out), err)
}

const RU3: &str = "Переговоры прошли в Минске 21 ноября.\nСтороны обсудили торговлю на 1,5 млрд долларов.\nСледующая встреча состоится в Москве.\n";

const EN3: [(&str, &str); 3] = [
    (
        "The talks took place in Minsk on 21 November.",
        "Переговоры прошли в Минске 21 ноября.",
    ),
    (
        "The parties discussed trade worth $1.5 billion.",
        "Стороны обсудили торговлю на 1,5 млрд долларов.",
    ),
    (
        "The next meeting will be held in Moscow.",
        "Следующая встреча состоится в Москве.",
    ),
];

#[test]
fn html_page_with_a_text_version() {
    let d = tempfile::tempdir().unwrap();
    let html = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Talks | News</title>
<script>var menu = "Home News Politics"; trackPageView();</script>
<style>.nav { color: red }</style></head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<div class="page">
  <article>
    <p>The talks took place in <a href="/minsk">Minsk</a> on 21&nbsp;November.</p>
    <p>The parties discussed trade worth <b>$1.5 billion</b>. The next meeting will be held in Moscow.</p>
    <script>document.write("Subscribe now!")</script>
  </article>
  <aside>Read also: Weather in Minsk</aside>
</div>
<footer>© 2024 News agency. All rights reserved.</footer>
</body></html>"#;
    let s = write(d.path(), "talks.en.html", html);
    let t = write(d.path(), "talks.ru.txt", RU3);
    let out = d.path().join("o.tmx");
    let (got, err) = align_ok(&[&s, &t], &[], &out);
    assert_eq!(got, pairs(&EN3), "{err}");
    let tmx = std::fs::read_to_string(&out).unwrap();
    for junk in [
        "Home",
        "Politics",
        "trackPageView",
        "Subscribe",
        "Read also",
        "rights reserved",
    ] {
        assert!(!tmx.contains(junk), "{junk} leaked into the TMX");
    }
    // The same page named .txt: read as HTML by its content, with a note.
    let s2 = write(d.path(), "saved.txt", html);
    let out2 = d.path().join("o2.tmx");
    let (got, err) = align_ok(&[&s2, &t], &[], &out2);
    assert_eq!(got, pairs(&EN3));
    assert!(
        err.contains("saved.txt: the name says plain text but the content is HTML"),
        "{err}"
    );
    // --format text reads the markup as text: the menu and script then appear.
    let out3 = d.path().join("o3.tmx");
    let (got, err) = align_ok(&[&s2, &t], &["--format", "text"], &out3);
    assert_ne!(got, pairs(&EN3));
    assert!(
        err.contains("omitted source sentence") && err.contains("trackPageView"),
        "{err}"
    );
}

#[test]
fn html_in_windows_1251_declared_by_meta() {
    let d = tempfile::tempdir().unwrap();
    let page = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><main>{}</main></body></html>",
        RU3.lines().map(|l| format!("<p>{l}</p>")).collect::<String>()
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&page);
    let t = write(d.path(), "t.ru.htm", bytes);
    let s = write(
        d.path(),
        "s.en.txt",
        EN3.iter().map(|p| format!("{}\n", p.0)).collect::<String>(),
    );
    let out = d.path().join("o.tmx");
    let (got, _) = align_ok(&[&s, &t], &[], &out);
    assert_eq!(got, pairs(&EN3));
}

/// A minimal DOCX whose `w:body` is `body`.
fn docx(body: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", opt).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .unwrap();
    z.start_file("word/document.xml", opt).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
    .unwrap();
    z.finish().unwrap().into_inner()
}

fn para(runs: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>{runs}</w:p>")
}

fn run(t: &str) -> String {
    format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{t}</w:t></w:r>")
}

#[test]
fn docx_pair() {
    let d = tempfile::tempdir().unwrap();
    let en = [
        para(&format!(
            "{}{}",
            run("The talks took place in Minsk "),
            run("on 21 November.")
        )),
        para(&format!(
            "{}<w:r><w:br/></w:r>{}",
            run("The parties discussed trade worth"),
            run("$1.5 billion. The next meeting will be held in Moscow.")
        )),
    ]
    .concat();
    let ru = [
        para(&format!(
            "{}<w:del w:id=\"1\" w:author=\"ed\"><w:r><w:delText>в Москве </w:delText></w:r></w:del>{}",
            run("Переговоры прошли "),
            run("в Минске 21 ноября.")
        )),
        para(&run("Стороны обсудили торговлю на 1,5 млрд долларов.")),
        "<w:p/>".to_string(),
        para(&format!(
            "{}<w:ins w:id=\"2\" w:author=\"ed\">{}</w:ins>",
            run("Следующая встреча "),
            run("состоится в Москве.")
        )),
    ]
    .concat();
    let s = write(d.path(), "talks.en.docx", docx(&en));
    let t = write(d.path(), "talks.ru.docx", docx(&ru));
    let out = d.path().join("o.tmx");
    let (got, err) = align_ok(&[&s, &t], &[], &out);
    assert_eq!(got, pairs(&EN3), "{err}");
}

#[test]
fn paragraph_level_tmx_is_realigned_into_sentences() {
    let d = tempfile::tempdir().unwrap();
    // Two paragraph-level TUs, the way a careless export makes them.
    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="x" creationtoolversion="1" segtype="paragraph" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
<body>
<tu tuid="1"><tuv xml:lang="en-US"><seg>The talks took place in Minsk on 21 November. The parties discussed trade worth $1.5 billion.</seg></tuv>
<tuv xml:lang="ru-RU"><seg>Переговоры прошли в Минске 21 ноября. Стороны обсудили торговлю на 1,5 млрд долларов.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="en-US"><seg>The next meeting will be held <ph x="1">&lt;br/&gt;</ph>in Moscow.</seg></tuv>
<tuv xml:lang="ru-RU"><seg>Следующая встреча состоится в Москве.</seg></tuv></tu>
</body></tmx>
"#;
    let f = write(d.path(), "para.tmx", tmx);
    let out = d.path().join("o.tmx");
    let (got, err) = align_ok(&[&f], &[], &out);
    assert_eq!(got, pairs(&EN3), "{err}");
    assert!(
        err.contains("para.tmx: 2 TMX units, source en, target ru"),
        "{err}"
    );
    // The file's own tags (en-US, ru-RU) are kept; --tmx-lang overrides one.
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("srclang=\"en-US\""), "{written}");
    assert!(written.contains("xml:lang=\"ru-RU\""), "{written}");
    let out2 = d.path().join("o2.tmx");
    align_ok(&[&f], &["--tmx-lang", "en=en-GB"], &out2);
    let written = std::fs::read_to_string(&out2).unwrap();
    assert!(written.contains("srclang=\"en-GB\""), "{written}");
    assert!(written.contains("xml:lang=\"ru-RU\""), "{written}");
    // --presegmented keeps each TU side as one segment.
    let out = d.path().join("p.tmx");
    let (got, _) = align_ok(&[&f], &["--presegmented"], &out);
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].0, "The next meeting will be held in Moscow.");
    // A TGT beside a bitext is a usage error.
    let t = write(d.path(), "t.ru.txt", RU3);
    let o = bin()
        .arg("align")
        .arg(&f)
        .arg(&t)
        .arg("-o")
        .arg(d.path().join("x.tmx"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("para.tmx is a TMX file holding both languages"),
        "{err}"
    );
    assert!(!d.path().join("x.tmx").exists());
}

#[test]
fn xliff_2_0_input() {
    let d = tempfile::tempdir().unwrap();
    let x = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
 <file id="f1">
  <unit id="u1">
   <segment><source>The talks took place in <pc id="1">Minsk</pc> on 21 November. The parties discussed trade worth $1.5 billion.</source>
   <target>Переговоры прошли в <pc id="1">Минске</pc> 21 ноября. Стороны обсудили торговлю на 1,5 млрд долларов.</target></segment>
  </unit>
  <unit id="u2">
   <segment><source>The next meeting will be held in Moscow.</source><target>Следующая встреча состоится в Москве.</target></segment>
  </unit>
 </file>
</xliff>"#;
    let f = write(d.path(), "job.xlf", x);
    let out = d.path().join("o.tmx");
    let (got, err) = align_ok(&[&f], &[], &out);
    assert_eq!(got, pairs(&EN3), "{err}");
    // `segment` prints either side.
    let o = bin()
        .arg("segment")
        .arg(&f)
        .arg("--lang")
        .arg("ru")
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), RU3);
}

#[test]
fn hard_wrapped_text_gives_the_same_tus_as_unwrapped() {
    let d = tempfile::tempdir().unwrap();
    let en = "Meeting in Minsk\n\nThe talks took place in Minsk on 21 November. The parties discussed trade worth $1.5 billion.\n\nThe next meeting will be held in Moscow. The date will be agreed later.\n";
    let ru = "Встреча в Минске\n\nПереговоры прошли в Минске 21 ноября. Стороны обсудили торговлю на 1,5 млрд долларов.\n\nСледующая встреча состоится в Москве. Дату согласуют позже.\n";
    let en_wrapped = "Meeting in Minsk\n\nThe talks took place in Minsk on 21\nNovember. The parties discussed trade\nworth $1.5 billion.\n\nThe next meeting will be held in\nMoscow. The date will be agreed later.\n";
    let ru_wrapped = "Встреча в Минске\r\n\r\nПереговоры прошли в Минске 21\r\nноября. Стороны обсудили торговлю на\r\n  1,5 млрд долларов.\r\n\r\nСледующая встреча состоится в\r\nМоскве. Дату согласуют позже.\r\n";
    let out = d.path().join("flat.tmx");
    let (flat, _) = align_ok(
        &[
            &write(d.path(), "f.en.txt", en),
            &write(d.path(), "f.ru.txt", ru),
        ],
        &[],
        &out,
    );
    assert_eq!(flat.len(), 5);
    let out = d.path().join("wrapped.tmx");
    let (wrapped, err) = align_ok(
        &[
            &write(d.path(), "w.en.txt", en_wrapped),
            &write(d.path(), "w.ru.txt", ru_wrapped),
        ],
        &[],
        &out,
    );
    assert_eq!(wrapped, flat, "{err}");
    assert!(err.contains("w.en.txt: hard-wrapped lines joined"), "{err}");
    for (s, t) in &wrapped {
        for seg in [s, t] {
            assert!(
                !seg.contains('\n') && !seg.contains("  ") && seg.trim() == seg,
                "{seg:?}"
            );
        }
    }
    // --paragraphs lines keeps the broken lines apart.
    let out = d.path().join("lines.tmx");
    let (lines, _) = align_ok(
        &[&d.path().join("w.en.txt"), &d.path().join("w.ru.txt")],
        &["--paragraphs", "lines"],
        &out,
    );
    assert_ne!(lines, flat);
    // `segment` agrees.
    let o = bin()
        .arg("segment")
        .arg(d.path().join("w.en.txt"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Meeting in Minsk\nThe talks took place in Minsk on 21 November.\nThe parties discussed trade worth $1.5 billion.\nThe next meeting will be held in Moscow.\nThe date will be agreed later.\n"
    );
}

#[test]
fn html_entities_in_text_are_decoded() {
    let d = tempfile::tempdir().unwrap();
    let s = write(
        d.path(),
        "e.en.txt",
        "AT&amp;T and R&D signed a deal&nbsp;&mdash; worth &#36;5&#x20;million.\nThe &quot;talks&quot; lasted three hours.\n",
    );
    let t = write(
        d.path(),
        "e.ru.txt",
        "AT&T и R&D подписали сделку&nbsp;&mdash; на 5&nbsp;млн долларов.\nПереговоры &laquo;длились&raquo; три часа.\n",
    );
    let out = d.path().join("o.tmx");
    let (got, err) = align_ok(&[&s, &t], &[], &out);
    assert_eq!(
        got,
        pairs(&[
            (
                "AT&T and R&D signed a deal — worth $5 million.",
                "AT&T и R&D подписали сделку — на 5 млн долларов."
            ),
            (
                "The \"talks\" lasted three hours.",
                "Переговоры «длились» три часа."
            ),
        ])
    );
    assert!(
        err.contains("e.en.txt: decoded 7 HTML character references"),
        "{err}"
    );
}

#[test]
fn batch_pairs_html_and_docx_versions() {
    let d = tempfile::tempdir().unwrap();
    let input = d.path().join("in");
    std::fs::create_dir(&input).unwrap();
    write(
        &input,
        "talks.en.html",
        format!(
            "<!DOCTYPE html><nav>Home</nav><p>{}</p>",
            EN3.iter().map(|p| p.0).collect::<Vec<_>>().join(" ")
        ),
    );
    write(
        &input,
        "talks.ru.docx",
        docx(&RU3.lines().map(|l| para(&run(l))).collect::<String>()),
    );
    let out = d.path().join("out");
    let o = bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(tus(&out.join("talks.en-ru.tmx")), pairs(&EN3));
}
