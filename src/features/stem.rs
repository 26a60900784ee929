//! Stemming per language: Snowball (Porter 2001) for English and Russian through the
//! `rust-stemmers` crate, and a suffix-stripping stemmer for Belarusian, which Snowball
//! does not cover.

use crate::lang::Lang;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Belarusian inflectional endings, longest first within each length, stripped once.
/// Written by the tmxalign team from the standard noun, adjective and verb paradigms
/// (Беларуская граматыка, 1985); `ў` endings cover genitive plural (-аў, -оў).
const BE_ENDINGS: &[&str] = &[
    "ямі",
    "амі",
    "ага",
    "яга",
    "аму",
    "яму",
    "ому",
    "ымі",
    "імі",
    "ыма",
    "ога",
    "ёга",
    "ецца",
    "уцца",
    "юцца",
    "ацца",
    "яцца",
    "іцца",
    "ыцца",
    "ішся",
    "ешся",
    "аецца",
    "ваць",
    "яваць",
    "ыся",
    "іся",
    "ася",
    "яся",
    "лася",
    "лiся",
    "ліся",
    "ўся",
    "ая",
    "яя",
    "ое",
    "ее",
    "ыя",
    "ія",
    "ую",
    "юю",
    "ай",
    "ой",
    "ей",
    "ый",
    "ій",
    "ым",
    "ім",
    "ых",
    "іх",
    "ам",
    "ям",
    "ах",
    "ях",
    "аў",
    "яў",
    "оў",
    "ёў",
    "еў",
    "ць",
    "ці",
    "ла",
    "лі",
    "ло",
    "ем",
    "ём",
    "ою",
    "ёю",
    "яю",
    "аю",
    "юць",
    "уць",
    "аць",
    "яць",
    "іць",
    "ыць",
    "ець",
    "ан",
    "ян",
    "ен",
    "ы",
    "і",
    "а",
    "я",
    "е",
    "о",
    "у",
    "ю",
    "ь",
    "й",
    "ў",
];

/// Minimum length, in characters, of what stemming leaves of a word.
const MIN_STEM: usize = 3;

fn english() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

fn russian() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::Russian))
}

/// Stems a lower-case word of `lang`. Returns the stem (possibly the word itself).
pub fn stem(lang: Lang, word: &str) -> String {
    match lang {
        Lang::En => english().stem(word).into_owned(),
        Lang::Ru => russian().stem(&word.replace('ё', "е")).into_owned(),
        Lang::Be => stem_belarusian(word),
    }
}

/// Strips the longest Belarusian ending that leaves at least [`MIN_STEM`] characters.
pub fn stem_belarusian(word: &str) -> String {
    let w = word.replace('ё', "е").replace('’', "'");
    let n = w.chars().count();
    let mut best = 0usize;
    for e in BE_ENDINGS {
        let el = e.chars().count();
        if el > best && n >= el + MIN_STEM && w.ends_with(e) {
            best = el;
        }
    }
    if best == 0 {
        return w;
    }
    w.chars().take(n - best).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_inflected_forms_together() {
        assert_eq!(stem(Lang::En, "meetings"), stem(Lang::En, "meeting"));
        assert_eq!(stem(Lang::Ru, "встречи"), stem(Lang::Ru, "встреча"));
        assert_eq!(stem(Lang::Ru, "министром"), stem(Lang::Ru, "министр"));
        assert_eq!(stem(Lang::Be, "сустрэчы"), stem(Lang::Be, "сустрэча"));
        assert_eq!(stem(Lang::Be, "міністрам"), "міністр");
        assert_eq!(stem(Lang::Be, "беларускага"), stem(Lang::Be, "беларускі"));
        assert_eq!(stem(Lang::Be, "лаўроў"), "лаўр");
        assert_eq!(stem(Lang::Be, "дом"), "дом");
    }
}
