//! Bilingual files as input for re-alignment: the source side and the target side of a
//! TMX or XLIFF file, each unit's text one paragraph.

use super::format::Format;
use super::xliff::{collapse, read_xliff};
use super::Paragraph;
use crate::error::{Error, Result};
use crate::lang::Lang;
use std::path::Path;

/// Both sides of a bilingual file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitext {
    /// Source language: the override, else the file's declaration; `None` when the file
    /// declares none (detect it from the script).
    pub src_lang: Option<Lang>,
    /// Target language, the same way.
    pub tgt_lang: Option<Lang>,
    /// The file's own BCP-47 tag for the source language (canonical case, e.g. `en-GB`),
    /// when it declares one for the language in force; the TMX written from it keeps it.
    pub src_tag: Option<String>,
    /// The same for the target language.
    pub tgt_tag: Option<String>,
    /// Source paragraphs: the non-empty source text of each unit, in order;
    /// [`Paragraph::line`] is the 1-based line of the unit's start tag.
    pub src: Vec<Paragraph>,
    /// Target paragraphs, the same way.
    pub tgt: Vec<Paragraph>,
    /// Units (TUs) read.
    pub units: usize,
    /// Messages for the user (which languages were taken from where).
    pub notes: Vec<String>,
}

/// Reads the two sides of the TMX or XLIFF file at `path` (`format` says which).
///
/// Languages: `src`/`tgt` (from `--src-lang`/`--tgt-lang`) win. A TMX's source language
/// is the header's `srclang` (else the first TUV's), its target the single other language
/// of its TUVs (`xml:lang`, or `lang` in TMX 1.1), compared on the primary subtag; an
/// XLIFF's are `srcLang`/`trgLang` (2.0) or `source-language`/`target-language` (1.2).
/// Inline markup is handled as in [`crate::tmx::reader`] and [`super::xliff`]; each unit
/// side's whitespace collapses to single spaces.
///
/// `options` names the command-line options that set the source and the target
/// language in the command at hand, for messages ([`ALIGN_OPTIONS`], or
/// [`SEGMENT_OPTIONS`] for `segment`, which has only `--lang`).
///
/// Errors ([`Error::Input`] naming the file): unreadable or malformed (see the readers),
/// no unit with text, a TMX with more than one language besides the source and no
/// `tgt`, a TMX in one language only, a declared language tmxalign does not support.
pub fn read_bitext(
    path: &Path,
    format: Format,
    src: Option<Lang>,
    tgt: Option<Lang>,
    options: [&str; 2],
) -> Result<Bitext> {
    let (declared, units, mut notes) = match format {
        Format::Xliff => read_xliff_units(path)?,
        _ => read_tmx_units(path, src, tgt, options[1])?,
    };
    let parse = |tag: Option<String>, what: &str| -> Result<Option<Lang>> {
        tag.map(|t| {
            Lang::parse_tag(&t).map_err(|_| {
                Error::input(
                    path,
                    format!(
                        "declares {what} language '{t}', which tmxalign does not support (en, ru, be); pass {}",
                        if what == "source" { options[0] } else { options[1] }
                    ),
                )
            })
        })
        .transpose()
    };
    // The declared tag, kept when it names the language in force.
    let keep = |tag: &Option<String>, lang: Option<Lang>| {
        tag.as_deref()
            .filter(|t| lang.is_some() && Lang::parse_tag(t).ok() == lang)
            .and_then(|t| crate::lang::canonical_tag(t).ok())
    };
    let src_lang = match src {
        Some(l) => Some(l),
        None => parse(declared.0.clone(), "source")?,
    };
    let tgt_lang = match tgt {
        Some(l) => Some(l),
        None => parse(declared.1.clone(), "target")?,
    };
    let (src_tag, tgt_tag) = (keep(&declared.0, src_lang), keep(&declared.1, tgt_lang));
    let offsets: Vec<u64> = units.iter().map(|u| u.0).collect();
    let lines = crate::tmx::open::line_numbers(path, &offsets)
        .map_err(|e| Error::input(path, super::io_problem(&e)))?;
    let (mut s, mut t) = (Vec::new(), Vec::new());
    for ((_, a, b), line) in units.iter().zip(lines) {
        for (side, text) in [(&mut s, a), (&mut t, b)] {
            if !text.is_empty() {
                side.push(Paragraph {
                    text: text.clone(),
                    line,
                });
            }
        }
    }
    if s.is_empty() && t.is_empty() {
        return Err(Error::input(
            path,
            format!(
                "contains no {} with text ({} read)",
                if format == Format::Xliff {
                    "translation unit"
                } else {
                    "TU"
                },
                units.len()
            ),
        ));
    }
    if let (Some(a), Some(b)) = (src_lang, tgt_lang) {
        notes.push(format!(
            "{}: {} {} units, source {a}, target {b}",
            path.display(),
            units.len(),
            format.name()
        ));
    }
    Ok(Bitext {
        src_lang,
        tgt_lang,
        src_tag,
        tgt_tag,
        src: s,
        tgt: t,
        units: units.len(),
        notes,
    })
}

/// The options that set the source and target language in `align` and `batch`.
pub const ALIGN_OPTIONS: [&str; 2] = ["--src-lang", "--tgt-lang"];
/// The option that sets the language in `segment` (it reads one side).
pub const SEGMENT_OPTIONS: [&str; 2] = ["--lang", "--lang"];

/// Declared (source, target) language tags.
type Declared = (Option<String>, Option<String>);
/// (byte offset, source text, target text) of each unit.
type Units = Vec<(u64, String, String)>;

fn read_xliff_units(path: &Path) -> Result<(Declared, Units, Vec<String>)> {
    let r =
        crate::tmx::open::open_tmx(path).map_err(|e| Error::input(path, super::io_problem(&e)))?;
    let x = read_xliff(r).map_err(|e| Error::input(path, e))?;
    let units = x
        .units
        .into_iter()
        .map(|u| (u.offset, u.source, u.target))
        .collect();
    Ok(((x.src_lang, x.tgt_lang), units, Vec::new()))
}

/// The primary subtag of a language tag, lower case (`en-US` → `en`).
fn primary(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn read_tmx_units(
    path: &Path,
    src: Option<Lang>,
    tgt: Option<Lang>,
    tgt_option: &str,
) -> Result<(Declared, Units, Vec<String>)> {
    let mut srclang: Option<String> = None;
    // Per TU: offset, and (primary language, text) of each TUV.
    let mut tus: Vec<(u64, Vec<(String, String)>)> = Vec::new();
    // The first full tag seen for each primary language (`en-GB` for `en`).
    let mut full: Vec<(String, String)> = Vec::new();
    crate::tmx::ops::scan(
        path,
        |h| {
            srclang = h
                .into_iter()
                .find(|(k, _)| k == "srclang")
                .map(|(_, v)| v)
                .filter(|v| !v.trim().is_empty() && !v.eq_ignore_ascii_case("*all*"));
        },
        |tu| {
            let tuvs = tu
                .tuvs
                .into_iter()
                .map(|t| {
                    let p = primary(&t.lang);
                    if !full.iter().any(|(q, _)| *q == p) {
                        full.push((p.clone(), t.lang.trim().to_string()));
                    }
                    (p, collapse(&t.text))
                })
                .collect();
            tus.push((tu.offset, tuvs));
            Ok(())
        },
    )?;
    if !tus
        .iter()
        .any(|(_, tuvs)| tuvs.iter().any(|(_, t)| !t.is_empty()))
    {
        return Err(Error::input(
            path,
            format!("contains no TU with text ({} TUs read)", tus.len()),
        ));
    }
    // Languages in order of first appearance.
    let mut langs: Vec<String> = Vec::new();
    for (_, tuvs) in &tus {
        for (l, _) in tuvs {
            if !l.is_empty() && !langs.contains(l) {
                langs.push(l.clone());
            }
        }
    }
    let src_code = match (src, &srclang) {
        (Some(l), _) => l.code().to_string(),
        (None, Some(s)) => primary(s),
        (None, None) => match langs.first() {
            Some(l) => l.clone(),
            None => {
                return Err(Error::input(
                    path,
                    format!(
                        "contains no TU with a language-tagged TUV ({} TUs read)",
                        tus.len()
                    ),
                ))
            }
        },
    };
    let tgt_code = match tgt {
        Some(l) => l.code().to_string(),
        None => {
            let others: Vec<&String> = langs.iter().filter(|l| **l != src_code).collect();
            match others.as_slice() {
                [one] => (*one).clone(),
                [] => {
                    return Err(Error::input(
                        path,
                        format!(
                            "has TUVs in one language only ({src_code}); expected a source and a target language"
                        ),
                    ))
                }
                many => {
                    let list: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
                    return Err(Error::input(
                        path,
                        format!(
                            "has {} target languages besides {src_code} ({}); pass {tgt_option} to choose one",
                            many.len(),
                            list.join(", ")
                        ),
                    ));
                }
            }
        }
    };
    // Several TUVs of one language in a TU (variants, or a split segment) are joined
    // with a space, so none of their text is lost.
    let mut several = 0usize;
    let mut pick = |tuvs: &[(String, String)], code: &str| {
        let texts: Vec<&str> = tuvs
            .iter()
            .filter(|(l, t)| l == code && !t.trim().is_empty())
            .map(|(_, t)| t.as_str())
            .collect();
        if texts.len() > 1 {
            several += 1;
        }
        texts.join(" ")
    };
    let units = tus
        .iter()
        .map(|(off, tuvs)| (*off, pick(tuvs, &src_code), pick(tuvs, &tgt_code)))
        .collect();
    let mut notes = Vec::new();
    if several > 0 {
        notes.push(format!(
            "{}: {several} TU side(s) hold more than one TUV in the same language; their texts are joined",
            path.display()
        ));
    }
    // Declare the full tags the file uses (the header's srclang first for the source).
    let full_of = |code: &str| {
        full.iter()
            .find(|(p, _)| p == code)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| code.to_string())
    };
    let src_full = match &srclang {
        Some(s) if src.is_none() && primary(s) == src_code => s.trim().to_string(),
        _ => full_of(&src_code),
    };
    Ok(((Some(src_full), Some(full_of(&tgt_code))), units, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(d: &Path, name: &str, s: &str) -> std::path::PathBuf {
        let p = d.join(name);
        std::fs::write(&p, s).unwrap();
        p
    }

    const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en-US" segtype="paragraph" adminlang="en" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/>
<body>
<tu tuid="1"><tuv xml:lang="en-US"><seg>The talks took place in Minsk. They lasted <bpt i="1">&lt;b&gt;</bpt>three<ept i="1">&lt;/b&gt;</ept> hours.</seg></tuv>
  <tuv xml:lang="ru-RU"><seg>Переговоры прошли в Минске. Они длились три часа.</seg></tuv></tu>
<tu tuid="2"><tuv lang="RU"><seg>Стороны подписали протокол.</seg></tuv><tuv lang="EN"><seg>The parties
   signed a protocol.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="en"><seg>Only English.</seg></tuv></tu>
</body></tmx>
"#;

    #[test]
    fn a_second_tuv_in_one_language_is_joined_not_dropped() {
        let d = tempfile::tempdir().unwrap();
        let doc = TMX.replacen(
            "<tuv lang=\"EN\"><seg>The parties",
            "<tuv lang=\"RU\"><seg>Документ вступает в силу.</seg></tuv><tuv lang=\"EN\"><seg>The parties",
            1,
        );
        let p = write(d.path(), "two.tmx", &doc);
        let b = read_bitext(&p, Format::Tmx, None, None, ALIGN_OPTIONS).unwrap();
        let t: Vec<&str> = b.tgt.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            t[1],
            "Стороны подписали протокол. Документ вступает в силу."
        );
        assert!(
            b.notes
                .iter()
                .any(|n| n.contains("1 TU side(s) hold more than one TUV")),
            "{:?}",
            b.notes
        );
    }

    #[test]
    fn tmx_sides_and_languages() {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "a.tmx", TMX);
        let b = read_bitext(&p, Format::Tmx, None, None, ALIGN_OPTIONS).unwrap();
        assert_eq!((b.src_lang, b.tgt_lang), (Some(Lang::En), Some(Lang::Ru)));
        let s: Vec<&str> = b.src.iter().map(|p| p.text.as_str()).collect();
        let t: Vec<&str> = b.tgt.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            s,
            [
                "The talks took place in Minsk. They lasted three hours.",
                "The parties signed a protocol.",
                "Only English."
            ]
        );
        assert_eq!(
            t,
            [
                "Переговоры прошли в Минске. Они длились три часа.",
                "Стороны подписали протокол."
            ]
        );
        assert_eq!(b.src.iter().map(|p| p.line).collect::<Vec<_>>(), [4, 6, 8]);
        assert_eq!(b.units, 3);
    }

    #[test]
    fn tmx_with_three_languages_needs_tgt_lang() {
        let d = tempfile::tempdir().unwrap();
        let three = TMX.replace(
            "<tu tuid=\"3\"><tuv xml:lang=\"en\"><seg>Only English.</seg></tuv></tu>",
            "<tu tuid=\"3\"><tuv xml:lang=\"en\"><seg>Hi.</seg></tuv><tuv xml:lang=\"be\"><seg>Прывітанне.</seg></tuv></tu>",
        );
        let p = write(d.path(), "three.tmx", &three);
        let e = read_bitext(&p, Format::Tmx, None, None, ALIGN_OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("three.tmx") && e.contains("--tgt-lang") && e.contains("ru, be"),
            "{e}"
        );
        let e = read_bitext(&p, Format::Tmx, None, None, SEGMENT_OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("three.tmx")
                && e.contains("pass --lang to choose")
                && !e.contains("--tgt-lang"),
            "{e}"
        );
        let b = read_bitext(&p, Format::Tmx, None, Some(Lang::Be), ALIGN_OPTIONS).unwrap();
        assert_eq!(b.tgt.len(), 1);
        assert_eq!(b.tgt[0].text, "Прывітанне.");
        let one = write(
            d.path(),
            "one.tmx",
            &TMX.replace("ru-RU", "en").replace("\"RU\"", "\"en\""),
        );
        let e = read_bitext(&one, Format::Tmx, None, None, ALIGN_OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("one language only"), "{e}");
        let empty = write(
            d.path(),
            "empty.tmx",
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body></body></tmx>",
        );
        let e = read_bitext(&empty, Format::Tmx, None, None, ALIGN_OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty.tmx") && e.contains("no TU"), "{e}");
    }

    #[test]
    fn xliff_sides_and_languages() {
        let d = tempfile::tempdir().unwrap();
        let x = r#"<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="be">
<file id="f"><unit id="1"><segment><source>One.</source><target>Адзін.</target></segment></unit>
<unit id="2"><segment><source>Two.</source></segment></unit></file></xliff>"#;
        let p = write(d.path(), "a.xlf", x);
        let b = read_bitext(&p, Format::Xliff, None, None, ALIGN_OPTIONS).unwrap();
        assert_eq!((b.src_lang, b.tgt_lang), (Some(Lang::En), Some(Lang::Be)));
        assert_eq!(b.src.len(), 2);
        assert_eq!(b.tgt.len(), 1);
        assert_eq!((b.src[1].line, b.tgt[0].line), (3, 2));
        let b = read_bitext(&p, Format::Xliff, None, Some(Lang::Ru), ALIGN_OPTIONS).unwrap();
        assert_eq!(b.tgt_lang, Some(Lang::Ru));
        let de = write(
            d.path(),
            "de.xlf",
            &x.replace("trgLang=\"be\"", "trgLang=\"de\""),
        );
        let e = read_bitext(&de, Format::Xliff, None, None, ALIGN_OPTIONS)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'de'") && e.contains("--tgt-lang"), "{e}");
    }
}
