//! Languages tmxalign supports, their BCP-47 tags, and script-based detection.

use std::fmt;
use std::str::FromStr;

/// A language tmxalign can segment and align.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Russian.
    Ru,
    /// Belarusian.
    Be,
}

/// The languages accepted on the command line, as primary subtags.
pub const SUPPORTED: &[&str] = &["en", "ru", "be"];

impl Lang {
    /// The ISO 639-1 primary subtag (`en`, `ru`, `be`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Be => "be",
        }
    }

    /// Whether the language is written in Cyrillic script.
    pub fn is_cyrillic(self) -> bool {
        !matches!(self, Lang::En)
    }

    /// Parses a language tag as users write it: `en`, `EN`, `en-US`, `en_US`, `ru-ru`,
    /// `be_BY`. Only the primary subtag decides the language.
    ///
    /// Errors: a message listing the supported languages when the primary subtag is
    /// not one of them.
    pub fn parse_tag(tag: &str) -> Result<Lang, String> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" => Ok(Lang::En),
            "ru" | "rus" => Ok(Lang::Ru),
            "be" | "bel" => Ok(Lang::Be),
            _ => Err(format!(
                "unsupported language '{tag}' (supported: {})",
                SUPPORTED.join(", ")
            )),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse_tag(s)
    }
}

/// Canonical BCP-47 form of a user-written tag: primary subtag lower case, a two-letter
/// region upper case, `_` replaced by `-` (`en_us` → `en-US`, `RU-ru` → `ru-RU`).
///
/// Errors: the tag's primary subtag is not a supported language, or a subtag is empty
/// or not alphanumeric.
pub fn canonical_tag(tag: &str) -> Result<String, String> {
    Lang::parse_tag(tag)?;
    let mut out = Vec::new();
    for (k, part) in tag.trim().split(['-', '_']).enumerate() {
        if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("malformed language tag '{tag}'"));
        }
        let p = if k == 0 {
            part.to_ascii_lowercase()
        } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            part.to_ascii_uppercase()
        } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
            // Script subtag, title case (RFC 5646 §2.1.1).
            let lower = part.to_ascii_lowercase();
            lower[..1].to_ascii_uppercase() + &lower[1..]
        } else {
            part.to_ascii_lowercase()
        };
        out.push(p);
    }
    // The primary subtag itself is written as ISO 639-1.
    out[0] = Lang::parse_tag(&out[0])?.code().to_string();
    Ok(out.join("-"))
}

/// Counts of the letters that decide the language of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCounts {
    /// ASCII Latin letters.
    pub latin: usize,
    /// Cyrillic letters (U+0400–U+04FF).
    pub cyrillic: usize,
    /// Belarusian-only letters: і, ў (either case).
    pub be_only: usize,
    /// Letters Belarusian does not use: и, щ, ъ (either case).
    pub ru_only: usize,
}

impl std::ops::AddAssign for ScriptCounts {
    fn add_assign(&mut self, o: ScriptCounts) {
        self.latin += o.latin;
        self.cyrillic += o.cyrillic;
        self.be_only += o.be_only;
        self.ru_only += o.ru_only;
    }
}

impl ScriptCounts {
    /// Counts letters in `text` outside URLs and e-mail addresses (words containing
    /// `://` or `@`, or starting with `www.`), which are Latin in every language.
    pub fn of_prose(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        for w in text
            .split_whitespace()
            .filter(|w| !(w.contains("://") || w.starts_with("www.") || w.contains('@')))
        {
            c += ScriptCounts::of(w);
        }
        c
    }

    /// Counts letters in `text`.
    pub fn of(text: &str) -> ScriptCounts {
        let mut c = ScriptCounts::default();
        for ch in text.chars() {
            if ch.is_ascii_alphabetic() {
                c.latin += 1;
            } else if ('\u{0400}'..='\u{04FF}').contains(&ch) {
                c.cyrillic += 1;
                match ch {
                    'і' | 'І' | 'ў' | 'Ў' => c.be_only += 1,
                    'и' | 'И' | 'щ' | 'Щ' | 'ъ' | 'Ъ' => c.ru_only += 1,
                    _ => {}
                }
            }
        }
        c
    }

    /// The language these counts suggest: Latin majority → en; Cyrillic with more і/ў
    /// (Belarusian only) than и/щ/ъ (Russian only) → be; other Cyrillic → ru. `None` when
    /// the text has no letters. The two sets are about equally frequent in running text
    /// (и ≈ 7% of Russian letters, і + ў ≈ 8% of Belarusian ones), so the majority
    /// decides: a Belarusian text quoting Russian names or a Russian paragraph stays
    /// Belarusian.
    pub fn guess(&self) -> Option<Lang> {
        if self.latin == 0 && self.cyrillic == 0 {
            return None;
        }
        if self.latin >= self.cyrillic {
            return Some(Lang::En);
        }
        if self.be_only > self.ru_only {
            Some(Lang::Be)
        } else {
            Some(Lang::Ru)
        }
    }
}

/// Detects the language of `text` from its script (see [`ScriptCounts::guess`]).
pub fn detect(text: &str) -> Option<Lang> {
    ScriptCounts::of(text).guess()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_tags() {
        for t in ["en", "EN", "en-US", "en_US", "eng"] {
            assert_eq!(Lang::parse_tag(t), Ok(Lang::En), "{t}");
        }
        assert_eq!(Lang::parse_tag("ru-ru"), Ok(Lang::Ru));
        assert_eq!(Lang::parse_tag("be_BY"), Ok(Lang::Be));
        let e = Lang::parse_tag("de").unwrap_err();
        assert!(e.contains("en, ru, be"), "{e}");
    }

    #[test]
    fn canonical_tags() {
        assert_eq!(canonical_tag("en").unwrap(), "en");
        assert_eq!(canonical_tag("ru-ru").unwrap(), "ru-RU");
        assert_eq!(canonical_tag("be_by").unwrap(), "be-BY");
        assert_eq!(canonical_tag("EN_us").unwrap(), "en-US");
        assert_eq!(canonical_tag("ru-cyrl-ru").unwrap(), "ru-Cyrl-RU");
        assert!(canonical_tag("fr-FR").is_err());
        assert!(canonical_tag("ru--RU").is_err());
    }

    #[test]
    fn detects_script() {
        assert_eq!(detect("Minsk is the capital."), Some(Lang::En));
        assert_eq!(detect("Минск — столица, и это щедро."), Some(Lang::Ru));
        assert_eq!(
            detect("Мінск — сталіца Беларусі, горад і вуліца."),
            Some(Lang::Be)
        );
        assert_eq!(detect("12 345 — …"), None);
    }

    #[test]
    fn quoted_russian_does_not_make_belarusian_russian() {
        // 7 і/ў against one и (a Russian newspaper title): was Russian before.
        let be = "Прэзідэнт даў інтэрв’ю газеце «Советская Белоруссия». Ён расказаў пра эканоміку і ўраджай.";
        let c = ScriptCounts::of(be);
        assert_eq!((c.be_only, c.ru_only), (7, 1));
        assert_eq!(detect(be), Some(Lang::Be));
        // A Russian text with a Belarusian name stays Russian.
        let ru = "Он прочитал стихи Янкі Купалы и высказал мнение о книге.";
        assert_eq!(detect(ru), Some(Lang::Ru));
    }
}
