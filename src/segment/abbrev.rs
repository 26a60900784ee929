//! Abbreviations that veto a sentence break after their period, per language.
//!
//! Entries are written without their final period and compared case-insensitively
//! (`U.S.` is stored as `u.s`). Three kinds: titles and the like never end a sentence
//! (`Mr.`, `т.е.`); `No.`/`p.`/`Art.` are abbreviations only before a number; and a
//! few (`etc.`, `млн.`, `т.д.`) may end a sentence, so they break before a capitalised
//! word only.

use crate::lang::Lang;

/// How an abbreviation affects a break after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Never break after it.
    NeverBreak,
    /// No break when a number follows (`No. 5`), otherwise break.
    BeforeNumber,
    /// Break only before a capitalised word (`etc. The`), not before a lower-case one.
    MayEnd,
    /// Break only before a function word that starts sentences. For the year mark `г.`
    /// after a number (`в 2028 г. Его стоимость…` splits; `от 8 января 2014 г. N 130-З`,
    /// `подписанное в 2016 г. Россией`, `В 2016 г. Лінсі…` do not), `a.m.` / `p.m.`
    /// (`by 1 p.m. However, …` splits; `7 p.m. ET`, `10 a.m. Tuesday`, `5 p.m. Moscow
    /// time` do not) and company suffixes (`Alphabet Inc. Class C`, `Belaruskali Co.
    /// Director`; `…by Acme Inc. The deal…` splits).
    BeforeFunctionWord,
}

const EN_NEVER: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "messrs", "e.g", "i.e", "vs", "v",
    "cf", "approx", "dept", "est", "fig", "mt", "ft",
];
/// See [`Kind::BeforeFunctionWord`].
const EN_BEFORE_FUNCTION_WORD: &[&str] = &[
    "a.m", "p.m", "inc", "ltd", "corp", "co", "bros", "u.s", "u.k", "u.n", "u.s.a", "e.u",
];
const EN_BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "art", "p", "pp", "vol", "ch", "sec", "para", "tel", "ext", "fax", "ph",
];
/// Month abbreviations are here, not in [`EN_NEVER`]: US news style ends sentences with
/// them (`closed until Oct. President Widodo…`), while a date goes on with a number
/// (`Oct. 2`) or a lower-case word.
const EN_MAY_END: &[&str] = &[
    "etc", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
];

const RU_NEVER: &[&str] = &[
    "г",
    "гг",
    "т.е",
    "им",
    "ул",
    "д",
    "см",
    "стр",
    "проф",
    "акад",
    "напр",
    "пр",
    "пл",
    "обл",
    "р-н",
    "ст",
    "тел",
    "рис",
    "табл",
    "гл",
    "п",
    "пп",
    "доц",
    "канд",
    "чл.-корр",
    "кв",
    "корп",
    "т.н",
    "т.к",
    "т.о",
    "и.о",
    "зам",
    "нач",
    "ген",
    "ч",
    "мин",
    "сек",
    "янв",
    "фев",
    "февр",
    "апр",
    "авг",
    "сент",
    "окт",
    "нояб",
    "дек",
    "вл",
    "пер",
    "просп",
    "наб",
    "пос",
    "с",
    "дер",
    "т.ч",
    "пом",
];
const RU_MAY_END: &[&str] = &[
    "т.д", "т.п", "млн", "млрд", "тыс", "руб", "коп", "др", "пр", "долл", "дол", "мес", "п.п",
];

const BE_NEVER: &[&str] = &[
    "г",
    "гг",
    "т.зн",
    "вул",
    "праф",
    "акад",
    "напр",
    "пл",
    "пр",
    "вобл",
    "р-н",
    "ст",
    "тэл",
    "мал",
    "табл",
    "гл",
    "п",
    "пп",
    "дац",
    "канд",
    "кв",
    "корп",
    "т.б",
    "в.а",
    "нам",
    "нач",
    "ген",
    "ч",
    "мін",
    "сек",
    "студз",
    "лют",
    "сак",
    "крас",
    "жн",
    "вер",
    "кастр",
    "ліст",
    "снеж",
    "пас",
    "в",
    "д",
    "см",
    "стар",
    "ім",
    "пам",
];
const BE_MAY_END: &[&str] = &[
    "г.д", "млн", "млрд", "тыс", "руб", "кап", "інш", "долл", "дал", "мес", "п.п",
];

/// Whether `word` (without its period) abbreviates "dollars" in Russian or Belarusian
/// (`долл.`, `дол.`, `дал.`): before `США`/`ЗША` it goes on (`млрд долл. США`).
pub fn is_dollar(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "долл" | "дол" | "дал")
}

/// Looks up the word that a period ends (without the period) for `lang`. `prev_word` is
/// the word before it, needed for the Belarusian `і г.д.` ("and so on") and for the year
/// mark `г.` after a number.
///
/// Returns `None` when the word is not an abbreviation of the language.
pub fn lookup(lang: Lang, word: &str, prev_word: &str) -> Option<Kind> {
    let w = word.to_lowercase();
    // A range of abbreviations (`Jan.-Sept.`, `янв.-сент.`): the last one decides.
    let w = match w.rfind(".-") {
        Some(i) => &w[i + 2..],
        None => w.as_str(),
    };
    let (never, before_number, may_end): (&[&str], &[&str], &[&str]) = match lang {
        Lang::En => (EN_NEVER, EN_BEFORE_NUMBER, EN_MAY_END),
        Lang::Ru => (RU_NEVER, &[], RU_MAY_END),
        Lang::Be => (BE_NEVER, &[], BE_MAY_END),
    };
    if lang == Lang::Be && w == "г.д" && prev_word != "і" {
        return Some(Kind::NeverBreak);
    }
    // Spaced forms of two-letter abbreviations: `и т. д.`, `т. е.`, `3 п. п.`, `і г. д.`
    // are looked up as `т.д`, `т.е`, `п.п`, `г.д` when the word before is a single letter
    // with its period.
    if lang != Lang::En {
        let p = prev_word.to_lowercase();
        if p.chars().count() == 2 && p.ends_with('.') && w.chars().count() == 1 {
            let joined = format!("{p}{w}");
            if may_end.contains(&joined.as_str()) {
                return Some(Kind::MayEnd);
            }
            if never.contains(&joined.as_str()) {
                return Some(Kind::NeverBreak);
            }
        }
    }
    // "в 2024 г. Его стоимость…": see [`Kind::BeforeFunctionWord`].
    if lang != Lang::En
        && matches!(w, "г" | "гг")
        && prev_word.chars().next().is_some_and(|c| c.is_ascii_digit())
    {
        return Some(Kind::BeforeFunctionWord);
    }
    // The century after a Roman numeral (`в XX в.`, `у XX ст.`) is like the year mark:
    // `В XX в. Минск вырос` goes on, `построен в XIX в. Сейчас здесь музей` splits.
    if matches!(
        (lang, w),
        (Lang::Ru, "в" | "вв") | (Lang::Be, "ст" | "стст")
    ) && is_roman_numeral(prev_word)
    {
        return Some(Kind::BeforeFunctionWord);
    }
    // `на пр. Победителей` (avenue) never ends a sentence; `и пр.` (and so on) may.
    if lang != Lang::En
        && w == "пр"
        && matches!(
            prev_word.to_lowercase().as_str(),
            "на" | "по" | "с" | "от" | "до" | "у" | "па" | "з" | "ад" | "ля" | "возле"
        )
    {
        return Some(Kind::NeverBreak);
    }
    // Russian and Belarusian texts quote English abbreviations too (U.S., e.g.).
    if lang == Lang::En && EN_BEFORE_FUNCTION_WORD.contains(&w) {
        Some(Kind::BeforeFunctionWord)
    } else if may_end.contains(&w) {
        Some(Kind::MayEnd)
    } else if never.contains(&w) || (lang != Lang::En && (w == "u.s" || w == "u.k")) {
        Some(Kind::NeverBreak)
    } else if before_number.contains(&w) {
        Some(Kind::BeforeNumber)
    } else {
        None
    }
}

/// Whether `word` is a Roman numeral in capitals (`XX`, `XIX`, also with a range
/// `XIX–XX`), as centuries are written in Russian and Belarusian.
fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M' | '-' | '–'))
        && word.chars().any(|c| c != '-' && c != '–')
}
