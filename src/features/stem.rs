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

/// The regular inflected forms of a lower-case English headword: the word, its -s/-es
/// plural or third person, its -ed past and -ing participle (with final-e drop, y → ie/i,
/// and the doubled final consonant of short words: stop → stopped). Irregular forms are
/// not guessed. Used to give a lexicon entry every stem its forms reach: Porter stems
/// differ within a paradigm (add → "add" but added → "ad"), so a lexicon matched on the
/// headword's stem alone would miss them.
pub fn english_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let Some(last) = w.chars().last() else {
        return out;
    };
    if w.chars().count() < 3 || !w.chars().all(|c| c.is_ascii_lowercase()) {
        return out;
    }
    let vowel = |c: char| "aeiou".contains(c);
    let before = w.chars().rev().nth(1).unwrap_or('a');
    let stem_y = last == 'y' && !vowel(before);
    let base = if stem_y { &w[..w.len() - 1] } else { w };
    // -s / -es
    out.push(if stem_y {
        format!("{base}ies")
    } else if w.ends_with(['s', 'x', 'z']) || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else {
        format!("{w}s")
    });
    // -ed, -ing
    if stem_y {
        out.push(format!("{base}ied"));
        out.push(format!("{w}ing"));
    } else if last == 'e' {
        out.push(format!("{w}d"));
        out.push(format!("{}ing", &w[..w.len() - 1]));
    } else {
        let third = w.chars().rev().nth(2).unwrap_or('a');
        let cvc = !vowel(last) && !"wxy".contains(last) && vowel(before) && !vowel(third);
        // Vowel groups: a one-syllable word ending consonant-vowel-consonant always
        // doubles (plan → planned, never "planed", whose stem is plane's).
        let syllables = w
            .chars()
            .zip(w.chars().skip(1))
            .filter(|&(a, b)| !vowel(a) && vowel(b))
            .count()
            + usize::from(w.starts_with(vowel));
        if !(cvc && syllables == 1) {
            out.push(format!("{w}ed"));
            out.push(format!("{w}ing"));
        }
        if cvc {
            out.push(format!("{w}{last}ed"));
            out.push(format!("{w}{last}ing"));
        }
    }
    out
}

/// Endings of Russian and Belarusian nouns whose last vowel drops in the other forms
/// (рынок → рынка, отец → отца, день → дня, церковь → церкви; Belarusian рынак → рынку).
const FLEETING_ENDINGS: &[&str] = &["ок", "ек", "ёк", "ец", "ень", "овь", "ак"];

/// The stem of a Russian or Belarusian headword with its fleeting vowel dropped, when the
/// headword has one of the [`FLEETING_ENDINGS`] and its stem ends in consonant, vowel,
/// consonant (церковь → церков → церкв, as in церкви; рынок → рынк, as in рынка). The
/// lexicon lists it beside the plain stem, since the stemmer keeps the vowel of the
/// headword but not of the oblique forms. `None` for other words (город keeps its
/// vowel: "горд" would be the stem of гордый, "proud") and when `lang` is not Cyrillic.
pub fn fleeting_vowel_variant(lang: Lang, headword: &str, stem: &str) -> Option<String> {
    if !lang.is_cyrillic() || !FLEETING_ENDINGS.iter().any(|e| headword.ends_with(e)) {
        return None;
    }
    let c: Vec<char> = stem.chars().collect();
    let n = c.len();
    if n < 4 {
        return None;
    }
    let vowels = "аеёиоуыэюяіўьй";
    let (a, v, z) = (c[n - 3], c[n - 2], c[n - 1]);
    if vowels.contains(a) || !"оеёа".contains(v) || vowels.contains(z) {
        return None;
    }
    let mut out: String = c[..n - 2].iter().collect();
    out.push(z);
    Some(out)
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
    fn english_forms_reach_every_stem_of_the_paradigm() {
        assert_eq!(english_forms("add"), ["add", "adds", "added", "adding"]);
        assert_eq!(
            english_forms("stop"),
            ["stop", "stops", "stopped", "stopping"]
        );
        // One syllable: only the doubled forms (no "planed", "wined", "cared", "sited").
        assert_eq!(
            english_forms("plan"),
            ["plan", "plans", "planned", "planning"]
        );
        assert_eq!(english_forms("car"), ["car", "cars", "carred", "carring"]);
        for (head, other) in [
            ("plan", "plane"),
            ("win", "wine"),
            ("car", "care"),
            ("sit", "site"),
        ] {
            let stems: Vec<String> = english_forms(head)
                .iter()
                .map(|f| stem(Lang::En, f))
                .collect();
            assert!(!stems.contains(&stem(Lang::En, other)), "{head}: {stems:?}");
        }
        // Longer words keep the plain forms too (visit → visited; admit → admitted).
        assert_eq!(
            english_forms("visit"),
            [
                "visit",
                "visits",
                "visited",
                "visiting",
                "visitted",
                "visitting"
            ]
        );
        assert_eq!(
            english_forms("agree"),
            ["agree", "agrees", "agreed", "agreing"]
        );
        assert_eq!(
            english_forms("country"),
            ["country", "countries", "countried", "countrying"]
        );
        assert_eq!(english_forms("tax"), ["tax", "taxes", "taxed", "taxing"]);
        assert_eq!(english_forms("un"), ["un"]);
        // The point: "added" stems to "ad", not to the headword's "add".
        assert_ne!(stem(Lang::En, "added"), stem(Lang::En, "add"));
        let stems: Vec<String> = english_forms("add")
            .iter()
            .map(|f| stem(Lang::En, f))
            .collect();
        assert!(stems.contains(&stem(Lang::En, "added")));
    }

    #[test]
    fn fleeting_vowels_are_dropped_from_the_stem() {
        let v = |w: &str| fleeting_vowel_variant(Lang::Ru, w, &stem(Lang::Ru, w));
        assert_eq!(v("церковь"), Some(stem(Lang::Ru, "церкви")));
        assert_eq!(v("рынок"), Some(stem(Lang::Ru, "рынка")));
        assert_eq!(v("отец"), Some(stem(Lang::Ru, "отца")));
        assert_eq!(v("министр"), None);
        // Not a fleeting vowel: город → города, and "горд" is гордый's stem.
        assert_eq!(v("город"), None);
        let b = |w: &str| fleeting_vowel_variant(Lang::Be, w, &stem(Lang::Be, w));
        assert_eq!(b("рынак"), Some(stem(Lang::Be, "рынку")));
        assert_eq!(fleeting_vowel_variant(Lang::En, "market", "market"), None);
    }

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
