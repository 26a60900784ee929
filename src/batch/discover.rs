//! Finding the documents of a batch: a folder tree paired by name, or a manifest.

use crate::error::{Error, Result};
use crate::lang::Lang;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One document of a batch: an id and its language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDoc {
    /// Document id: the path relative to the input folder without language and
    /// extension (`2018/minsk-talks`), or the manifest's id.
    pub id: String,
    /// English version.
    pub en: Option<PathBuf>,
    /// Russian version.
    pub ru: Option<PathBuf>,
    /// Belarusian version.
    pub be: Option<PathBuf>,
}

impl BatchDoc {
    /// The version in `lang`, if any.
    pub fn path(&self, lang: Lang) -> Option<&Path> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::Ru => self.ru.as_deref(),
            Lang::Be => self.be.as_deref(),
        }
    }

    fn slot(&mut self, lang: Lang) -> &mut Option<PathBuf> {
        match lang {
            Lang::En => &mut self.en,
            Lang::Ru => &mut self.ru,
            Lang::Be => &mut self.be,
        }
    }

    /// Whether the document can be aligned: English and at least one of ru/be.
    pub fn is_paired(&self) -> bool {
        self.en.is_some() && (self.ru.is_some() || self.be.is_some())
    }

    /// The files of an unpaired document, for the report.
    pub fn files(&self) -> Vec<String> {
        [&self.en, &self.ru, &self.be]
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect()
    }
}

/// Extensions of the files a folder batch reads (plain text, HTML, DOCX).
pub const EXTENSIONS: &[&str] = &["txt", "html", "htm", "xhtml", "docx"];

/// The language and document id of a file name: `name.en.txt` (or `.html`, `.htm`,
/// `.xhtml`, `.docx`) → (`name`, en), and a file `en/name.txt` under a language folder →
/// (`name`, en).
///
/// Names that are not valid UTF-8 keep their other characters; each invalid byte is
/// written `%XX` (hexadecimal) in the id, so the id, and the output file named after it,
/// stay distinct and printable.
fn classify(rel: &Path) -> Option<(String, Lang)> {
    let name = escaped(rel.file_name()?);
    let (stem, ext) = name.rsplit_once('.')?;
    if !EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
        return None;
    }
    let parent = rel
        .parent()
        .map(|p| escaped(p.as_os_str()).replace('\\', "/"))
        .unwrap_or_default();
    if let Some((base, code)) = stem.rsplit_once('.') {
        if let Ok(l) = Lang::parse_tag(code) {
            if code.len() == 2 {
                let id = if parent.is_empty() {
                    base.to_string()
                } else {
                    format!("{parent}/{base}")
                };
                return Some((id, l));
            }
        }
    }
    // Language folder: the first component of the relative path, or the last folder.
    let comps: Vec<&str> = parent.split('/').filter(|c| !c.is_empty()).collect();
    for (k, c) in comps.iter().enumerate().rev() {
        if c.len() == 2 {
            if let Ok(l) = Lang::parse_tag(c) {
                let mut rest: Vec<&str> = comps[..k].to_vec();
                rest.extend(&comps[k + 1..]);
                rest.push(stem);
                return Some((rest.join("/"), l));
            }
        }
    }
    None
}

/// `s` as UTF-8, with every byte that is not part of valid UTF-8 written as `%XX`, and
/// `%` itself as `%25` (so `x%FF` and `x` + byte 0xFF stay two names).
fn escaped(s: &std::ffi::OsStr) -> String {
    let mut out = String::new();
    for chunk in s.as_encoded_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('%', "%25"));
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What [`discover_dir`] found in a folder tree.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The documents, sorted by id.
    pub docs: Vec<BatchDoc>,
    /// Files (with one of [`EXTENSIONS`]) whose language could not be told from their
    /// name, or that are a second version of a document in the same language
    /// (`a.en.txt` and `a.en.html`: the first by path is used).
    pub unpaired: Vec<String>,
    /// Parts of the tree that could not be read, each an [`Error::Input`] naming the
    /// folder or entry: a subfolder that cannot be listed (permission denied), a
    /// symbolic link to nothing (an unmounted archive) or in a loop, a listing broken
    /// off by an I/O error. The documents in them are missing from `docs`, so a batch
    /// counts each as a failure.
    pub unreadable: Vec<Error>,
}

/// Finds the documents of a folder tree (see [`Discovered`]). The report files
/// (`report.html`…) inside the folders `skip` (tmxalign's own output and report folders)
/// are not inputs. Entries that cannot be examined are reported in
/// [`Discovered::unreadable`], except those whose name has an extension other than
/// [`EXTENSIONS`] (files a batch ignores anyway); a broken link named like an input
/// (`a.ru.txt`) is paired as usual and fails when it is read.
///
/// Errors ([`Error::Input`] naming `root`): the root folder cannot be read.
pub fn discover_dir(root: &Path, skip: &[&Path]) -> Result<Discovered> {
    // tmxalign's own output folders (the report's report.html would look like an input).
    let skip: Vec<PathBuf> = skip
        .iter()
        .filter_map(|d| std::fs::canonicalize(d).ok())
        .collect();
    let mut docs: BTreeMap<String, BatchDoc> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut unreadable = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    // Folders already walked (canonical paths): a symbolic link back up the tree is
    // walked once, not forever.
    let mut seen = std::collections::HashSet::new();
    while let Some(d) = stack.pop() {
        let canonical = std::fs::canonicalize(&d).unwrap_or_else(|_| d.clone());
        if !seen.insert(canonical.clone()) {
            continue;
        }
        let own_output = skip.contains(&canonical);
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            // The root must be readable; an unreadable subfolder is a failure of the
            // batch (its documents are missing), and the rest of the batch goes on.
            Err(e) if d == root => return Err(Error::input(&d, crate::input::io_problem(&e))),
            Err(e) => {
                unreadable.push(Error::input(
                    &d,
                    format!(
                        "folder not read, its documents are not aligned: {}",
                        folder_problem(&e)
                    ),
                ));
                continue;
            }
        };
        for e in entries {
            let e = match e {
                Ok(e) => e,
                Err(e) => {
                    unreadable.push(Error::input(
                        &d,
                        format!(
                            "folder listing broken off, some documents may be missing: {}",
                            folder_problem(&e)
                        ),
                    ));
                    break;
                }
            };
            let p = e.path();
            match std::fs::metadata(&p) {
                Ok(m) if m.is_dir() => {
                    stack.push(p);
                    continue;
                }
                Ok(_) => {}
                // A link to nothing, or in a loop: a folder or an input that cannot be
                // read, unless its name says it is some other kind of file.
                Err(err) => {
                    let ext = p
                        .extension()
                        .and_then(|x| x.to_str())
                        .map(str::to_ascii_lowercase);
                    match ext {
                        Some(x) if EXTENSIONS.contains(&x.as_str()) => {}
                        Some(_) => continue,
                        None => {
                            let problem = match std::fs::read_link(&p) {
                                Ok(to) if err.kind() == std::io::ErrorKind::NotFound => format!(
                                    "a symbolic link to {}, which does not exist (an archive not mounted?)",
                                    to.display()
                                ),
                                _ => folder_problem(&err),
                            };
                            unreadable.push(Error::input(
                                &p,
                                format!("not read, its documents (if a folder) are not aligned: {problem}"),
                            ));
                            continue;
                        }
                    }
                }
            }
            if own_output
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| crate::report::writer::REPORT_FILES.contains(&n))
            {
                continue;
            }
            if p.extension()
                .and_then(|x| x.to_str())
                .is_none_or(|x| !EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
            {
                continue;
            }
            let rel = p.strip_prefix(root).unwrap_or(&p);
            match classify(rel) {
                Some((id, lang)) => {
                    let doc = docs.entry(id.clone()).or_insert_with(|| BatchDoc {
                        id,
                        en: None,
                        ru: None,
                        be: None,
                    });
                    let id = doc.id.clone();
                    let slot = doc.slot(lang);
                    match slot {
                        Some(q) if *q <= p => unknown.push(format!(
                            "{} (a second {lang} version of '{}'; {} is aligned)",
                            p.display(),
                            id,
                            q.display()
                        )),
                        Some(q) => {
                            unknown.push(format!(
                                "{} (a second {lang} version of '{}'; {} is aligned)",
                                q.display(),
                                id,
                                p.display()
                            ));
                            *slot = Some(p.clone());
                        }
                        None => *slot = Some(p.clone()),
                    }
                }
                None => unknown.push(p.display().to_string()),
            }
        }
    }
    unknown.sort();
    Ok(Discovered {
        docs: docs.into_values().collect(),
        unpaired: unknown,
        unreadable,
    })
}

/// An I/O error on a folder or link as one line, without "(os error N)".
fn folder_problem(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => crate::output::short(e),
    }
}

/// Whether a manifest column or key (lower case) of two or three letters is neither `id`
/// nor a language tmxalign aligns: a misspelt language (`by` for `be`) or an unsupported
/// one (`fr`), whose files would otherwise be skipped without a word.
/// Language names spelt out (`belarusian`) count too.
fn looks_like_unknown_language(key: &str) -> bool {
    const NAMES: &[&str] = &[
        "english",
        "russian",
        "belarusian",
        "byelorussian",
        "ukrainian",
        "polish",
        "german",
        "french",
        "spanish",
        "italian",
        "chinese",
        "lithuanian",
        "latvian",
        "kazakh",
    ];
    NAMES.contains(&key)
        || ((2..=3).contains(&key.len())
            && key.chars().all(|c| c.is_ascii_alphabetic())
            && !METADATA_KEYS.contains(&key)
            && Lang::parse_tag(key).is_err())
}

/// The language a manifest column or key (lower case) names: a code (`en`, `eng`) or a
/// language tag whose other subtags are a script or region (`en-us`, `ru-cyrl-ru`).
/// `en_url` or `ru_title` are metadata about a language version, not the version itself.
fn manifest_lang(key: &str) -> Option<Lang> {
    let mut parts = key.split(['-', '_']);
    let lang = Lang::parse_tag(parts.next()?).ok()?;
    parts
        .all(|p| {
            (p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
                || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
                || (p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
                // A variant (BCP 47 §2.2.5), hyphenated: `be-tarask` is Belarusian in the
                // classical orthography (`ru_title` stays metadata).
                || (!key.contains('_')
                    && (5..=8).contains(&p.len())
                    && p.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .then_some(lang)
}

/// What a manifest column or key (lower case) fills: the language's code for a language
/// column (`en-us` → `en`, so `en` and `en-US` clash), else the name itself.
fn column_slot(key: &str) -> String {
    manifest_lang(key).map_or_else(|| key.to_string(), |l| l.code().to_string())
}

/// Short manifest columns and keys that are metadata, not languages.
const METADATA_KEYS: &[&str] = &[
    "id", "url", "uri", "doc", "ref", "tag", "src", "key", "no", "pdf", "sha", "md5", "dt", "ts",
];

/// The `(key, value)` pairs of a JSON object in their order, duplicates kept (serde_json's
/// map keeps the last of two equal keys). Errors: not JSON, or not an object.
fn json_object_pairs(line: &str) -> std::result::Result<Vec<(String, serde_json::Value)>, String> {
    struct Pairs;
    impl<'de> serde::de::Visitor<'de> for Pairs {
        type Value = Vec<(String, serde_json::Value)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut v = Vec::new();
            while let Some(kv) = m.next_entry()? {
                v.push(kv);
            }
            Ok(v)
        }
    }
    let mut de = serde_json::Deserializer::from_str(line);
    let pairs = serde::Deserializer::deserialize_map(&mut de, Pairs).map_err(|e| {
        if e.is_data() {
            "expected a JSON object".to_string()
        } else {
            format!("not valid JSON: {e}")
        }
    })?;
    de.end().map_err(|e| format!("not valid JSON: {e}"))?;
    Ok(pairs)
}

/// Reads a manifest: TSV with a header naming the columns `id` and any of `en`, `ru`,
/// `be`, or JSON lines `{"id": …, "en": …, "ru": …, "be": …}`. Paths are relative to the
/// manifest's folder. Rows are yielded one at a time (the manifest is streamed).
///
/// Errors: a TSV header without `id` or with a column that is not a language tmxalign
/// aligns; per row (naming the manifest and line): malformed JSON, a JSON key of two or
/// three letters that is no such language, a TSV row with a different number of cells
/// than the header, a missing id.
pub fn read_manifest(path: &Path) -> Result<impl Iterator<Item = Result<BatchDoc>>> {
    let f =
        std::fs::File::open(path).map_err(|e| Error::input(path, crate::input::io_problem(&e)))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let jsonl = path
        .extension()
        .is_some_and(|x| x == "jsonl" || x == "json");
    let mut lines = std::io::BufReader::new(f).lines().enumerate();
    let mut header: Option<Vec<String>> = None;
    if !jsonl {
        match lines.next() {
            Some((_, Ok(h))) => {
                let cols: Vec<String> = h
                    .trim_start_matches('\u{FEFF}')
                    .split('\t')
                    .map(|c| c.trim().to_lowercase())
                    .collect();
                if !cols.iter().any(|c| c == "id") {
                    return Err(Error::input(
                        path,
                        "line 1: the TSV header must name an 'id' column (and en, ru, be); a manifest is TSV (tab-separated) or JSON lines (.jsonl)",
                    ));
                }
                // A misspelt language column would drop that language's files silently;
                // longer names (title, url) are metadata and ignored.
                if let Some(bad) = cols.iter().find(|c| looks_like_unknown_language(c)) {
                    return Err(Error::input(
                        path,
                        format!("line 1: unknown language column '{bad}' (the columns are id, en, ru and be)"),
                    ));
                }
                for (k, c) in cols.iter().enumerate() {
                    if !c.is_empty() && cols[..k].iter().any(|p| column_slot(p) == column_slot(c)) {
                        return Err(Error::input(
                            path,
                            format!("line 1: column '{c}' is named twice"),
                        ));
                    }
                }
                header = Some(cols);
            }
            Some((_, Err(e))) => return Err(Error::input(path, crate::input::io_problem(&e))),
            None => return Err(Error::input(path, "is empty")),
        }
    }
    let path = path.to_path_buf();
    // Line of each id seen: a second row with the same id would overwrite its outputs.
    let mut seen: HashMap<String, usize> = HashMap::new();
    Ok(lines.filter_map(move |(n, line)| {
        let err = |m: String| Error::input(&path, format!("line {}: {m}", n + 1));
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(err(e.to_string()))),
        };
        let line = if n == 0 {
            line.trim_start_matches('\u{FEFF}').to_string()
        } else {
            line
        };
        // Comment lines start with '#'; in TSV only when they hold no tab, so an id
        // starting with '#' is still a row.
        if line.trim().is_empty() || (line.starts_with('#') && (jsonl || !line.contains('\t')))
        {
            return None;
        }
        let mut doc = BatchDoc {
            id: String::new(),
            en: None,
            ru: None,
            be: None,
        };
        let set = |doc: &mut BatchDoc, key: &str, val: &str| {
            let val = val.trim();
            if val.is_empty() {
                return;
            }
            if key == "id" {
                doc.id = val.to_string();
            } else if let Some(l) = manifest_lang(key) {
                *doc.slot(l) = Some(base.join(val));
            }
        };
        if let Some(h) = &header {
            let mut cells: Vec<&str> = line.split('\t').collect();
            // Editors drop the tabs of empty cells at the end of a row: they are empty.
            if cells.len() < h.len() {
                cells.resize(h.len(), "");
            }
            if cells.len() != h.len() {
                return Some(Err(err(format!(
                    "{} cells, the header has {}",
                    cells.len(),
                    h.len()
                ))));
            }
            for (k, c) in h.iter().zip(cells) {
                set(&mut doc, k, c);
            }
        } else {
            let obj = match json_object_pairs(&line) {
                Ok(v) => v,
                Err(e) => return Some(Err(err(e))),
            };
            let mut keys: Vec<String> = Vec::new();
            for (k, val) in &obj {
                let key = k.to_lowercase();
                // `en` and `en-US` name the same version twice.
                let slot = column_slot(&key);
                if keys.contains(&slot) {
                    return Some(Err(err(format!("key '{k}' is given twice"))));
                }
                keys.push(slot);
                // Other keys (a title, a URL) are metadata; a two- or three-letter key
                // that is no language tmxalign knows is a misspelt language.
                if looks_like_unknown_language(&key) {
                    return Some(Err(err(format!(
                        "unknown language key '{k}' (the keys are id, en, ru and be)"
                    ))));
                }
                let s = match val {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(_) if manifest_lang(&key).is_some() => {
                        return Some(Err(err(format!(
                            "key '{k}' must be a string (a path), not a number"
                        ))))
                    }
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Null => continue,
                    _ if key == "id" || manifest_lang(&key).is_some() => {
                        return Some(Err(err(format!(
                            "key '{k}' must be a string (a path, or the id)"
                        ))))
                    }
                    _ => continue,
                };
                set(&mut doc, &key, &s);
            }
        }
        if doc.id.is_empty() {
            return Some(Err(err("no id".into())));
        }
        // Output files are named after the id, inside the output folder.
        let escapes = Path::new(&doc.id).components().any(|c| {
            !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir)
        });
        if escapes {
            return Some(Err(err(format!(
                "id '{}' is an absolute path or contains '..'; ids name files inside the output folder",
                doc.id
            ))));
        }
        // The output file is `<last part>.en-ru.tmx`: `.` or `a/` would name a hidden
        // file (`..en-ru.tmx`) or none.
        let last = doc.id.rsplit(['/', '\\']).next().unwrap_or("");
        if matches!(last, "" | "." | "..") {
            return Some(Err(err(format!(
                "id '{}' does not end with a file name; ids name output files (e.g. 2025/statement-12)",
                doc.id
            ))));
        }
        // `x//b`, `./x/b` and `x/b` name the same output files.
        let same_files: String = Path::new(&doc.id)
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if let Some(first) = seen.get(&same_files) {
            return Some(Err(err(format!(
                "id '{}' is already used on line {first}; each document needs its own id (its outputs are named after it)",
                doc.id
            ))));
        }
        seen.insert(same_files, n + 1);
        Some(Ok(doc))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn escaped_names_cannot_collide() {
        use std::os::unix::ffi::OsStrExt;
        let raw = std::ffi::OsStr::from_bytes(b"x\xff");
        let lit = std::ffi::OsStr::new("x%FF");
        assert_eq!(escaped(raw), "x%FF");
        assert_eq!(escaped(lit), "x%25FF");
        assert_eq!(escaped(std::ffi::OsStr::new("plain")), "plain");
    }

    #[test]
    fn report_files_in_the_output_folders_are_not_inputs() {
        let d = tempfile::tempdir().unwrap();
        for f in ["a.en.txt", "a.ru.txt", "report.html", "rp/report.html"] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let Discovered {
            docs,
            unpaired: unknown,
            ..
        } = discover_dir(d.path(), &[]).unwrap();
        assert_eq!((docs.len(), unknown.len()), (1, 2), "{unknown:?}");
        let rp = d.path().join("rp");
        let unknown = discover_dir(d.path(), &[d.path(), &rp]).unwrap().unpaired;
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn manifest_rows_are_never_dropped_or_overwritten_silently() {
        let d = tempfile::tempdir().unwrap();
        // TSV: a repeated id fails its row; an id starting with '#' is a row, a '#' line
        // without a tab is a comment; url is metadata.
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "id\ten\tru\turl\n# a comment\ndup\ta.en.txt\ta.ru.txt\thttp://x\n#2\tb.en.txt\tb.ru.txt\t\ndup\tc.en.txt\tc.ru.txt\t\n",
        )
        .unwrap();
        let rows: Vec<_> = read_manifest(&m).unwrap().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].as_ref().unwrap().id, "dup");
        assert_eq!(rows[1].as_ref().unwrap().id, "#2");
        let e = rows[2].as_ref().unwrap_err().to_string();
        assert!(
            e.contains("line 5: id 'dup' is already used on line 3"),
            "{e}"
        );
        // A column named twice is refused up front, also as en and en-US.
        std::fs::write(&m, "id\ten\ten\tru\nx\ta\tb\tc\n").unwrap();
        let e = read_manifest(&m).err().unwrap().to_string();
        assert!(e.contains("column 'en' is named twice"), "{e}");
        std::fs::write(&m, "id\ten\ten-us\tru\nx\ta\tb\tc\n").unwrap();
        let e = read_manifest(&m).err().unwrap().to_string();
        assert!(e.contains("column 'en-us' is named twice"), "{e}");
        // A language spelt out is refused; a tag with a variant is that language.
        std::fs::write(&m, "id\ten\tru\tbelarusian\nx\ta\tb\tc\n").unwrap();
        let e = read_manifest(&m).err().unwrap().to_string();
        assert!(e.contains("unknown language column 'belarusian'"), "{e}");
        std::fs::write(&m, "id\ten\tbe-tarask\nx\ta.en.txt\tb.be.txt\n").unwrap();
        let rows: Vec<_> = read_manifest(&m).unwrap().collect();
        let doc = rows[0].as_ref().unwrap();
        assert!(
            doc.be.as_ref().is_some_and(|p| p.ends_with("b.be.txt")),
            "{doc:?}"
        );
        // A row without the tabs of its empty last cells is read; one with too many
        // cells is not.
        std::fs::write(
            &m,
            "id\ten\tru\turl\nx\ta.en.txt\ta.ru.txt\ny\ta\tb\tc\td\n",
        )
        .unwrap();
        let rows: Vec<_> = read_manifest(&m).unwrap().collect();
        assert_eq!(
            rows[0].as_ref().unwrap().ru,
            Some(d.path().join("a.ru.txt"))
        );
        let e = rows[1].as_ref().unwrap_err().to_string();
        assert!(e.contains("line 3: 5 cells, the header has 4"), "{e}");
        // Metadata about a version (en_url, ru_title) is not the version; x//b is x/b.
        std::fs::write(
            &m,
            "id\ten\tru\ten_url\tru_title\nx/b\ta.en.txt\ta.ru.txt\thttps://x.org/a\tЗаголовок\nx//b\tc.en.txt\tc.ru.txt\t\t\n",
        )
        .unwrap();
        let rows: Vec<_> = read_manifest(&m).unwrap().collect();
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.en, Some(d.path().join("a.en.txt")));
        assert_eq!(first.ru, Some(d.path().join("a.ru.txt")));
        let e = rows[1].as_ref().unwrap_err().to_string();
        assert!(e.contains("id 'x//b' is already used on line 2"), "{e}");
        // JSONL: a BOM is skipped; a repeated key, a non-string path and a repeated id
        // are errors naming the line.
        let j = d.path().join("m.jsonl");
        std::fs::write(
            &j,
            "\u{FEFF}{\"id\":\"a\",\"en\":\"a.en.txt\",\"ru\":\"a.ru.txt\",\"title\":[1],\"ru_title\":\"T\"}\n{\"id\":\"b\",\"EN\":\"x\",\"en-US\":\"y\"}\n{\"id\":\"c\",\"en\":\"c.en.txt\",\"ru\":[\"c.ru.txt\"]}\n{\"id\":\"a\",\"en\":\"d.en.txt\",\"ru\":\"d.ru.txt\"}\n[1]\n{\"id\":\"e\",\"en\":\"e.en.txt\",\"ru\":5}\n",
        )
        .unwrap();
        let rows: Vec<_> = read_manifest(&j).unwrap().collect();
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[0].as_ref().unwrap().ru,
            Some(d.path().join("a.ru.txt"))
        );
        let errs: Vec<String> = rows[1..]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            errs[0].contains("line 2: key 'en-US' is given twice"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].contains("line 3: key 'ru' must be a string"),
            "{}",
            errs[1]
        );
        assert!(
            errs[2].contains("line 4: id 'a' is already used on line 1"),
            "{}",
            errs[2]
        );
        assert!(
            errs[3].contains("line 5: expected a JSON object"),
            "{}",
            errs[3]
        );
        assert!(errs[4].contains("line 6: key 'ru' must be a string (a path), not a number"));
    }

    #[test]
    fn manifest_ids_cannot_leave_the_output_folder() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("m.tsv");
        std::fs::write(
            &m,
            "id\ten\tru\n../../up\ta.en.txt\ta.ru.txt\n/tmp/abs\ta.en.txt\ta.ru.txt\n2018/ok\ta.en.txt\ta.ru.txt\n",
        )
        .unwrap();
        let rows: Vec<_> = read_manifest(&m).unwrap().collect();
        assert_eq!(rows.len(), 3);
        for r in &rows[..2] {
            let e = r.as_ref().unwrap_err().to_string();
            assert!(e.contains("output folder"), "{e}");
        }
        assert_eq!(rows[2].as_ref().unwrap().id, "2018/ok");
        // Ids that name no file: `.` would write `..en-ru.tmx`.
        std::fs::write(
            &m,
            "id\ten\tru\n.\ta.en.txt\ta.ru.txt\n2018/\tb.en.txt\tb.ru.txt\n",
        )
        .unwrap();
        for r in read_manifest(&m).unwrap() {
            let e = r.unwrap_err().to_string();
            assert!(e.contains("does not end with a file name"), "{e}");
        }
    }

    #[test]
    fn walks_a_symlink_loop_once_and_reads_upper_case_extensions() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("B.EN.TXT"), "x").unwrap();
        std::fs::write(d.path().join("B.RU.TXT"), "x").unwrap();
        std::os::unix::fs::symlink(".", d.path().join("loop")).unwrap();
        std::os::unix::fs::symlink(".", d.path().join("loop2")).unwrap();
        let Discovered {
            docs,
            unpaired: unknown,
            unreadable,
        } = discover_dir(d.path(), &[]).unwrap();
        assert!(unreadable.is_empty(), "{unreadable:?}");
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert_eq!(docs[0].id, "B");
        assert!(docs[0].en.is_some() && docs[0].ru.is_some());
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn links_to_nothing_are_unreadable_unless_named_like_other_files() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.en.txt"), "x").unwrap();
        std::fs::write(d.path().join("a.ru.txt"), "x").unwrap();
        let link = |name: &str, to: &str| {
            std::os::unix::fs::symlink(d.path().join(to), d.path().join(name)).unwrap()
        };
        link("archive", "mnt/archive"); // a folder not mounted
        link("self", "self"); // a loop
        link("b.en.txt", "gone.txt"); // an input: paired, fails when read
        link("notes.pdf", "gone.pdf"); // not an input
        let found = discover_dir(d.path(), &[]).unwrap();
        let ids: Vec<&str> = found.docs.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let mut errs: Vec<String> = found.unreadable.iter().map(|e| e.to_string()).collect();
        errs.sort();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].starts_with(&format!("{}: not read", d.path().join("archive").display()))
                && errs[0].contains("which does not exist"),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with(&format!("{}: not read", d.path().join("self").display())),
            "{}",
            errs[1]
        );
        assert!(found.unpaired.is_empty(), "{:?}", found.unpaired);
    }

    #[test]
    fn html_and_docx_pair_and_duplicates_are_listed() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "a.en.html",
            "a.ru.docx",
            "b.en.txt",
            "b.en.htm",
            "b.be.txt",
            "c.txt",
        ] {
            std::fs::write(d.path().join(f), "x").unwrap();
        }
        let Discovered {
            docs,
            unpaired: unknown,
            unreadable,
        } = discover_dir(d.path(), &[]).unwrap();
        assert!(unreadable.is_empty(), "{unreadable:?}");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].en, Some(d.path().join("a.en.html")));
        assert_eq!(docs[0].ru, Some(d.path().join("a.ru.docx")));
        assert_eq!(docs[1].en, Some(d.path().join("b.en.htm")));
        let root = format!("{}/", d.path().display());
        let names: Vec<&str> = unknown
            .iter()
            .map(|u| u.strip_prefix(&root).unwrap_or(u))
            .collect();
        assert_eq!(
            names,
            [
                format!("b.en.txt (a second en version of 'b'; {root}b.en.htm is aligned)"),
                "c.txt".to_string()
            ]
        );
    }

    #[test]
    fn classifies_both_layouts() {
        assert_eq!(
            classify(Path::new("talks.en.txt")),
            Some(("talks".into(), Lang::En))
        );
        assert_eq!(
            classify(Path::new("2018/talks.be.txt")),
            Some(("2018/talks".into(), Lang::Be))
        );
        assert_eq!(
            classify(Path::new("ru/talks.txt")),
            Some(("talks".into(), Lang::Ru))
        );
        assert_eq!(
            classify(Path::new("news/en/a.txt")),
            Some(("news/a".into(), Lang::En))
        );
        assert_eq!(
            classify(Path::new("talks.en.html")),
            Some(("talks".into(), Lang::En))
        );
        assert_eq!(
            classify(Path::new("be/2018/talks.docx")),
            Some(("2018/talks".into(), Lang::Be))
        );
        assert_eq!(classify(Path::new("talks.en.pdf")), None);
        assert_eq!(classify(Path::new("notes.txt")), None);
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"2018/x\xFFy.ru.txt");
            assert_eq!(
                classify(Path::new(name)),
                Some(("2018/x%FFy".to_string(), Lang::Ru))
            );
        }
        assert_eq!(classify(Path::new("talks.de.txt")), None);
    }
}
