//! The steps every command shares: reading and segmenting a side, choosing the lexicon,
//! the TMX creation date and language tags.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::features::lexicon::Lexicon;
use crate::input::bitext::read_bitext;
use crate::input::{read_side, read_text, Format, Paragraph, ReadOptions};
use crate::lang::{canonical_tag, Lang, ScriptCounts};
use crate::segment::RuleSegmenter;
use crate::tmx::date;
use std::path::Path;

/// SRX rules read from a file (see [`crate::segment::srx`]).
#[derive(Debug, Clone)]
pub struct Srx {
    /// The file, for messages.
    pub path: std::path::PathBuf,
    /// Its rules.
    pub file: crate::segment::srx::SrxFile,
}

impl Srx {
    /// Reads an SRX file.
    ///
    /// Errors ([`Error::Input`] naming the file): unreadable, or not SRX.
    pub fn read(path: &Path) -> Result<Srx> {
        let text = read_text(path, None)?;
        let file =
            crate::segment::srx::SrxFile::parse(&text.text).map_err(|e| Error::input(path, e))?;
        Ok(Srx {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The segmenter of `lang`.
    ///
    /// Errors ([`Error::Input`] naming the file): no rules for the language, or an
    /// unsupported pattern.
    pub fn segmenter(&self, lang: Lang) -> Result<crate::segment::srx::SrxSegmenter> {
        self.file
            .for_language(lang.code())
            .map_err(|e| Error::input(&self.path, e))
    }
}

/// How to read and segment one side of a pair.
#[derive(Debug, Clone, Copy, Default)]
pub struct SideOptions<'a> {
    /// Encoding, format and paragraph mode of the file.
    pub read: ReadOptions<'a>,
    /// The paragraphs are sentences already (`--presegmented`): plain text is one sentence
    /// per line (blank lines separate paragraphs), other formats one per paragraph.
    pub presegmented: bool,
    /// SRX rules to segment with instead of the built-in ones.
    pub srx: Option<&'a Srx>,
    /// Refuse a side with more sentences than this (alignment memory grows with length;
    /// [`MAX_SENTENCES`] for `align` and `batch`, no limit for `segment`).
    pub max_sentences: Option<usize>,
}

/// The option that sets the language of `role` (`--src-lang`, `--tgt-lang`, or `--lang`
/// for an empty role).
fn lang_flag(role: &str) -> String {
    if role.is_empty() {
        "--lang".into()
    } else {
        format!("--{role}-lang")
    }
}

/// Reads and segments one side of a pair: plain text, HTML or DOCX (see
/// [`read_side`]).
///
/// `lang` is the declared language (detected from the script when `None`); `role` is
/// `"src"` or `"tgt"` (for messages; `""` for a single file, whose option is `--lang`).
/// Messages for the user (format, detected language or encoding, a declared language
/// that does not match the script) are appended to `notes`.
///
/// Returns the document and the language its script suggests (see [`crate::lang::detect`]).
///
/// Errors: the file cannot be read or decoded (see [`read_side`]), has no letters to
/// detect a language from, or yields no sentence.
pub fn load_side(
    path: &Path,
    lang: Option<Lang>,
    role: &str,
    opt: &SideOptions<'_>,
    notes: &mut Vec<String>,
) -> Result<(Document, Option<Lang>)> {
    let side = read_side(path, &opt.read)?;
    notes.extend(side.notes);
    build(
        path,
        lang,
        role,
        &side.paragraphs,
        side.text.as_deref(),
        opt,
        notes,
    )
}

/// Reads and segments both sides of a TMX or XLIFF file for re-alignment (see
/// [`read_bitext`]): each unit side is a paragraph, segmented as usual (one sentence
/// with `presegmented`). `src`/`tgt` override the languages the file declares; `options`
/// names the options that set them, for messages (see [`read_bitext`]).
///
/// Returns (source, target), each a document and the language its script suggests.
///
/// Errors: see [`read_bitext`]; a side with no text or no letters to detect its
/// language from.
pub fn load_bitext(
    path: &Path,
    format: Format,
    src: Option<Lang>,
    tgt: Option<Lang>,
    options: [&str; 2],
    opt: &SideOptions<'_>,
    notes: &mut Vec<String>,
) -> Result<[(Document, Option<Lang>); 2]> {
    let b = read_bitext(path, format, src, tgt, options)?;
    notes.extend(b.notes);
    let mut out = Vec::with_capacity(2);
    for (role, lang, paras, tag) in [
        ("src", b.src_lang, &b.src, &b.src_tag),
        ("tgt", b.tgt_lang, &b.tgt, &b.tgt_tag),
    ] {
        if paras.is_empty() {
            let which = if role == "src" { "source" } else { "target" };
            return Err(Error::input(
                path,
                format!("has no {which} text in any of its {} units", b.units),
            ));
        }
        let (mut d, seen) = build(path, lang, role, paras, None, opt, notes)?;
        d.declared_tag = tag
            .clone()
            .filter(|t| Lang::parse_tag(t).ok() == Some(d.lang));
        out.push((d, seen));
    }
    let t = out.pop().expect("two sides");
    let s = out.pop().expect("two sides");
    Ok([s, t])
}

/// Whether letter counts (URLs and e-mail addresses left out) contradict the declared
/// language `l` beyond doubt, and the evidence to quote: the other script holds at least
/// 95% of 20+ letters (English declared for a Cyrillic text, or the reverse; a Russian
/// text listing English names keeps more than 5% Cyrillic), or, between Russian and
/// Belarusian, 20+ letters of the other language only (і/ў against и/щ/ъ) and at most
/// one in twenty of the declared one's. A weaker contradiction (a short text, mixed
/// scripts) is only warned about: short texts can mislead the detector.
fn clear_contradiction(l: Lang, c: &ScriptCounts) -> Option<String> {
    let total = c.latin + c.cyrillic;
    let (other, name) = if l == Lang::En {
        (c.cyrillic, "Cyrillic")
    } else {
        (c.latin, "Latin")
    };
    if total >= 20 && other * 20 >= total * 19 {
        return Some(format!("{other} of its {total} letters are {name}"));
    }
    let (theirs, ours, letters) = match l {
        Lang::Ru => (c.be_only, c.ru_only, "і/ў, which Russian does not use"),
        Lang::Be => (c.ru_only, c.be_only, "и/щ/ъ, which Belarusian does not use"),
        Lang::En => return None,
    };
    (theirs >= 20 && ours * 20 <= theirs).then(|| format!("{theirs} letters {letters}"))
}

/// Language detection and segmentation of paragraphs read from `path`.
fn build(
    path: &Path,
    lang: Option<Lang>,
    role: &str,
    paragraphs: &[Paragraph],
    text: Option<&str>,
    opt: &SideOptions<'_>,
    notes: &mut Vec<String>,
) -> Result<(Document, Option<Lang>)> {
    // URLs and e-mail addresses are Latin in every language: left out of the count,
    // unless they are all the text has.
    let mut prose = ScriptCounts::default();
    for p in paragraphs {
        prose += ScriptCounts::of_prose(&p.text);
    }
    let detected = prose.guess().or_else(|| {
        let mut all = ScriptCounts::default();
        for p in paragraphs {
            all += ScriptCounts::of(&p.text);
        }
        all.guess()
    });
    let what = if role.is_empty() {
        String::new()
    } else {
        format!("{role} ")
    };
    // What the pair check sees: a declared language stands unless the text plainly
    // contradicts it (which is an error below), so a Russian text full of English names
    // is not taken for a second English one.
    let seen = match lang {
        Some(l) => Some(l),
        None => detected,
    };
    let lang = match lang {
        Some(l) => {
            if let Some(d) = detected.filter(|&d| d != l) {
                if let Some(evidence) = clear_contradiction(l, &prose) {
                    return Err(Error::input(
                        path,
                        format!(
                            "declared {what}language '{l}' but the text is '{d}' ({evidence}); check the order of the files and the language given for it ({}, or in a batch the file name)",
                            lang_flag(role)
                        ),
                    ));
                }
                notes.push(format!(
                    "warning: {}: declared {what}language '{l}' but the text looks like '{d}'",
                    path.display()
                ));
            }
            l
        }
        None => {
            let d = detected.ok_or_else(|| {
                Error::input(
                    path,
                    format!(
                        "has no letters to detect its language from; pass {}",
                        lang_flag(role)
                    ),
                )
            })?;
            notes.push(format!("{}: detected language {d}", path.display()));
            d
        }
    };
    let doc = match (opt.presegmented, text) {
        (true, Some(t)) => Document::presegmented(lang, t),
        (true, None) => Document::units(lang, paragraphs),
        (false, _) => match opt.srx {
            Some(s) => Document::segment(lang, paragraphs, &s.segmenter(lang)?),
            None => Document::segment(lang, paragraphs, &RuleSegmenter::new(lang)),
        },
    };
    if doc.is_empty() {
        return Err(Error::input(path, "contains no sentences"));
    }
    if let Some(max) = opt.max_sentences.filter(|&m| doc.len() > m) {
        return Err(Error::input(
            path,
            format!(
                "has {} sentences, more than the {max} tmxalign aligns in one document (memory grows with length, about 4 KB per sentence); split it into parts",
                doc.len()
            ),
        ));
    }
    Ok((doc, seen))
}

/// Most sentences one side of a document may have: alignment memory grows linearly
/// with length (about 4 KB per sentence pair, measured on NTREX book-noisy ×10), so this
/// bounds a run at about 1 GB however the input was compressed (a small DOCX can unpack
/// to 200 MB of text).
pub const MAX_SENTENCES: usize = 250_000;

/// A user dictionary (`--dict FILE`) as read from disk: its path (for messages) and its
/// decoded text, so that a batch reads it once for both target languages.
pub struct Dict {
    /// The file the user named.
    pub path: std::path::PathBuf,
    /// Its text, decoded (see [`crate::input::read_bilingual_text`]).
    pub text: String,
}

impl Dict {
    /// Reads and decodes a dictionary file.
    ///
    /// Errors ([`Error::Input`] naming the file): see [`crate::input::read_bilingual_text`].
    pub fn read(path: &Path) -> Result<Dict> {
        Ok(Dict {
            path: path.to_path_buf(),
            text: crate::input::read_bilingual_text(path, None)?.text,
        })
    }
}

/// The lexicon for a language pair (the embedded core lexicon of the non-English side),
/// plus a user dictionary when `dict` is given; then a note (how many word pairs were
/// read and lines skipped) is pushed to `notes`, for the caller to print.
///
/// Errors: a malformed dictionary line ([`Error::Input`]); [`Error::Usage`] for a
/// dictionary with a pair that has no English side (ru-be).
pub fn lexicon_for(
    src: Lang,
    tgt: Lang,
    dict: Option<&Dict>,
    notes: &mut Vec<String>,
) -> Result<std::borrow::Cow<'static, Lexicon>> {
    let other = if src == Lang::En { tgt } else { src };
    let base = if src == Lang::En || tgt == Lang::En {
        Lexicon::builtin(other)
    } else {
        Lexicon::builtin(Lang::En)
    };
    let Some(Dict { path, text }) = dict else {
        return Ok(std::borrow::Cow::Borrowed(base));
    };
    if src != Lang::En && tgt != Lang::En {
        return Err(Error::Usage(format!(
            "--dict {}: dictionaries pair English with Russian or Belarusian (english<TAB>translation); a {src}-{tgt} pair has no English side",
            path.display()
        )));
    }
    let mut l = base.clone();
    let (added, skipped) = l.add_tsv(text, other).map_err(|e| Error::input(path, e))?;
    let mut note = format!(
        "--dict {}: {added} word {} read",
        path.display(),
        if added == 1 { "pair" } else { "pairs" }
    );
    if skipped.multi_word > 0 {
        note.push_str(&format!(
            "; {} lines skipped with a side of several words (a dictionary pairs single words)",
            skipped.multi_word
        ));
    }
    if skipped.not_english > 0 {
        note.push_str(&format!(
            "; {} lines skipped whose first column has no Latin letter (the columns are english<TAB>translation)",
            skipped.not_english
        ));
    }
    notes.push(note);
    Ok(std::borrow::Cow::Owned(l))
}

/// The TMX creation date (`YYYYMMDDThhmmssZ`): the option, else SOURCE_DATE_EPOCH, else now.
///
/// Errors ([`Error::Usage`]): a malformed date or SOURCE_DATE_EPOCH.
pub fn creation_date(opt: Option<&str>) -> Result<String> {
    if let Some(d) = opt {
        return date::parse_user_date(d).map_err(Error::Usage);
    }
    if let Ok(e) = std::env::var("SOURCE_DATE_EPOCH")
        .map(|e| e.trim().to_string())
        .and_then(|e| {
            if e.is_empty() {
                Err(std::env::VarError::NotPresent)
            } else {
                Ok(e)
            }
        })
    {
        let secs: i64 = e.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "SOURCE_DATE_EPOCH='{e}' is not a number of seconds"
            ))
        })?;
        // TMX dates have four-digit years: 0000-01-01 .. 9999-12-31.
        if !(-62_167_219_200..=253_402_300_799).contains(&secs) {
            return Err(Error::Usage(format!(
                "SOURCE_DATE_EPOCH={e} is outside the years 0–9999"
            )));
        }
        return Ok(date::format_unix(secs));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(date::format_unix(now.as_secs() as i64))
}

/// The xml:lang tag of `lang`, from `--tmx-lang` or the default (`en`, `ru`, `be`).
pub fn tag_for(lang: Lang, map: &[(Lang, String)]) -> String {
    map.iter()
        .rev()
        .find(|(l, _)| *l == lang)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| canonical_tag(lang.code()).expect("supported"))
}

/// The TMX language tag of a document: `--tmx-lang`'s for its language (see
/// [`tag_for`]), else the tag its input declared (a TMX or XLIFF being re-aligned), else
/// the bare language code.
pub fn doc_tag(doc: &Document, map: &[(Lang, String)]) -> String {
    match (&doc.declared_tag, map.iter().any(|(l, _)| *l == doc.lang)) {
        (Some(t), false) => t.clone(),
        _ => tag_for(doc.lang, map),
    }
}

/// Refuses a pair whose two sides are in one language: by the languages in force, or by
/// what the texts' scripts say (both Latin, or both the same Cyrillic language when the
/// user did not declare them different).
///
/// Errors ([`Error::Input`] naming the target file).
pub fn check_pair(
    src_path: &Path,
    tgt_path: &Path,
    src: (Lang, Option<Lang>),
    tgt: (Lang, Option<Lang>),
) -> Result<()> {
    let same = |l: Lang| {
        Err(Error::input(
            tgt_path,
            format!(
                "is in the same language as {} ({l}); expected two different languages (en with ru or be)",
                src_path.display()
            ),
        ))
    };
    if src.0 == tgt.0 {
        return same(src.0);
    }
    if let (Some(a), Some(b)) = (src.1, tgt.1) {
        // Russian and Belarusian share a script; detection between them can err on short
        // texts, so declared languages win there. Two Latin texts are never a pair.
        if a == b && !a.is_cyrillic() {
            return same(a);
        }
    }
    Ok(())
}

/// Whether two paths name the same file: an existing one, or one still to be written
/// (compared by its folder and name).
pub fn same_file(a: &Path, b: &Path) -> bool {
    // A path that does not exist yet (an output) is its folder's canonical path plus its
    // name, so `out.tmx` and `./out.tmx` are the same file before either is written.
    fn canonical(p: &Path) -> Option<std::path::PathBuf> {
        std::fs::canonicalize(p).ok().or_else(|| {
            let name = p.file_name()?;
            let parent = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            Some(std::fs::canonicalize(parent).ok()?.join(name))
        })
    }
    match (canonical(a), canonical(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
