//! Tokenisation: words and numbers of a sentence, with stop words removed.

use crate::lang::Lang;

/// What kind of content a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word in lower case.
    Word,
    /// A word that starts with a capital letter in the text (a name candidate).
    Capitalised,
    /// A number, normalised: digit groups joined (`1,000` / `1 000` → `1000`); a decimal
    /// separator (`.` in English, `,` in Russian and Belarusian) is written as `.`; a
    /// scale word after it is multiplied in and consumed (`1.5 million`, `1,5 млн` →
    /// `1500000`; see [`SCALES`]).
    Number,
}

/// A token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-case word, or normalised number.
    pub text: String,
    /// Kind of token.
    pub kind: TokenKind,
}

const EN_STOP: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these",
    "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your",
    "him", "them", "us", "me", "as", "than", "so", "if", "not", "no", "do", "does", "did", "has",
    "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "there",
    "here", "which", "who", "whom", "whose", "what", "when", "where", "how", "also", "s", "t",
    "into", "about", "over", "such", "all", "any", "some", "very", "just", "then", "up", "out",
    "said", "says", "say",
];
const RU_STOP: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "к",
    "ко",
    "по",
    "о",
    "об",
    "от",
    "до",
    "из",
    "за",
    "для",
    "у",
    "не",
    "что",
    "как",
    "это",
    "а",
    "но",
    "же",
    "бы",
    "ли",
    "то",
    "он",
    "она",
    "они",
    "оно",
    "мы",
    "я",
    "вы",
    "ты",
    "его",
    "ее",
    "её",
    "их",
    "мне",
    "нам",
    "вас",
    "им",
    "ему",
    "ей",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "есть",
    "так",
    "также",
    "этот",
    "эта",
    "эти",
    "этого",
    "этой",
    "том",
    "тот",
    "та",
    "те",
    "при",
    "или",
    "все",
    "всё",
    "уже",
    "еще",
    "ещё",
    "который",
    "которая",
    "которые",
    "которых",
    "которого",
    "которой",
    "свой",
    "своей",
    "своих",
    "их",
    "сказал",
    "заявил",
    "отметил",
];
const BE_STOP: &[&str] = &[
    "і",
    "й",
    "ў",
    "у",
    "на",
    "з",
    "са",
    "да",
    "па",
    "пра",
    "аб",
    "ад",
    "для",
    "за",
    "не",
    "што",
    "як",
    "гэта",
    "а",
    "але",
    "ж",
    "бы",
    "ці",
    "то",
    "ён",
    "яна",
    "яны",
    "яно",
    "мы",
    "я",
    "вы",
    "ты",
    "яго",
    "яе",
    "іх",
    "мне",
    "нам",
    "вам",
    "яму",
    "ёй",
    "быў",
    "была",
    "былі",
    "было",
    "быць",
    "ёсць",
    "так",
    "таксама",
    "гэты",
    "гэтая",
    "гэтыя",
    "гэтага",
    "гэтай",
    "той",
    "тая",
    "тыя",
    "пры",
    "або",
    "усе",
    "ўсе",
    "ужо",
    "ўжо",
    "яшчэ",
    "які",
    "якая",
    "якія",
    "якіх",
    "якога",
    "якой",
    "свой",
    "сваёй",
    "сваіх",
    "сказаў",
    "заявіў",
    "адзначыў",
];

/// Whether `word` (lower case) is a stop word of `lang`.
pub fn is_stop(lang: Lang, word: &str) -> bool {
    use std::collections::HashSet;
    use std::sync::OnceLock;
    static SETS: OnceLock<[HashSet<&'static str>; 3]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        [
            EN_STOP.iter().copied().collect(),
            RU_STOP.iter().copied().collect(),
            BE_STOP.iter().copied().collect(),
        ]
    });
    let k = match lang {
        Lang::En => 0,
        Lang::Ru => 1,
        Lang::Be => 2,
    };
    sets[k].contains(word)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Splits `text` (a sentence in `lang`) into content tokens: words of letters (with
/// inner apostrophes), numbers, stop words removed. English possessive `'s` is dropped.
pub fn tokenize(lang: Lang, text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if c.is_ascii_digit() {
            let currency = k > 0 && matches!(chars[k - 1], '$' | '£' | '€' | '¥' | '₽');
            let (num, next) = match read_time(lang, &chars, k) {
                Some(t) => t,
                None => {
                    let (num, next) = read_number(lang, &chars, k);
                    spoken_time(lang, &num, &chars, next).unwrap_or((num, next))
                }
            };
            let (num, next) = match scale_word(&chars, next, currency) {
                Some((zeros, after)) => (scaled(&num, zeros), after),
                None => match date_month(lang, &chars, k, next) {
                    Some(m) => (format!("{m}/{num}"), next),
                    None => (num, next),
                },
            };
            out.push(Token {
                text: num,
                kind: TokenKind::Number,
            });
            k = next;
        } else if is_letter(c) {
            let start = k;
            while k < chars.len()
                && (is_letter(chars[k])
                    || (is_apostrophe(chars[k]) && chars.get(k + 1).is_some_and(|&n| is_letter(n))))
            {
                k += 1;
            }
            let mut w = String::with_capacity(2 * (k - start));
            for &ch in &chars[start..k] {
                push_lower(&mut w, ch);
            }
            if lang == Lang::En {
                for suffix in ["'s", "’s"] {
                    if let Some(s) = w.strip_suffix(suffix) {
                        w = s.to_string();
                    }
                }
            }
            if w.contains(['’', 'ʼ']) {
                w = w.replace(['’', 'ʼ'], "'");
            }
            if !is_stop(lang, &w) {
                let kind = if c.is_uppercase() {
                    TokenKind::Capitalised
                } else {
                    TokenKind::Word
                };
                out.push(Token { text: w, kind });
            }
        } else {
            k += 1;
        }
    }
    out
}

/// The month (1–12) that the lower-case word `w` names in `lang`, in any case form
/// (`november`, `nov`, `sept`; `ноября`, `ноябре`; `лістапада`, `траўня`), or `None`.
/// Adjectives (`июньский`) and names (`Мартин`) are not months.
fn month(lang: Lang, w: &str) -> Option<u8> {
    // English: whole words. Russian and Belarusian: stems followed by at most two
    // letters (the case endings), or with `=` whole words.
    const EN: [&[&str]; 12] = [
        &["january", "jan"],
        &["february", "feb"],
        &["march", "mar"],
        &["april", "apr"],
        &["may"],
        &["june", "jun"],
        &["july", "jul"],
        &["august", "aug"],
        &["september", "sep", "sept"],
        &["october", "oct"],
        &["november", "nov"],
        &["december", "dec"],
    ];
    const RU: [&[&str]; 12] = [
        &["январ"],
        &["феврал"],
        &["март"],
        &["апрел"],
        &["=май", "=мая", "=мае", "=маем"],
        &["июн"],
        &["июл"],
        &["август"],
        &["сентябр"],
        &["октябр"],
        &["ноябр"],
        &["декабр"],
    ];
    const BE: [&[&str]; 12] = [
        &["студзен"],
        &["=люты", "=лютага", "=лютым", "=лютаму"],
        &["сакавік"],
        &["красавік"],
        &["травен", "траўн", "=май", "=мая", "=маі"],
        &["чэрвен"],
        &["ліпен"],
        &["жнівен", "жніўн"],
        &["верасен", "верасн"],
        &["кастрычнік"],
        &["лістапад"],
        &["снежан", "снежн"],
    ];
    let table = match lang {
        Lang::En => &EN,
        Lang::Ru => &RU,
        Lang::Be => &BE,
    };
    let hit = |f: &&str| match f.strip_prefix('=') {
        Some(whole) => w == whole,
        None if lang == Lang::En => w == *f,
        None => w.starts_with(f) && w.chars().count() <= f.chars().count() + 2,
    };
    table
        .iter()
        .position(|forms| forms.iter().any(hit))
        .map(|m| m as u8 + 1)
}

/// The month of a date whose day is the number `chars[start..end]` (1–31, digits
/// only): the month word right after it, past an ordinal ending and spaces (`21
/// November`, `30th September`, `29-го сентября`, `3 лістапада`), or right before it,
/// past spaces and a period (`November 21`, `Nov. 3`, `May 30, 2005`). The day of
/// such a date is keyed with its month (`11/21`), so that `21 November` and `21
/// октября` no longer share a number and the pair is flagged `number-mismatch`.
fn date_month(lang: Lang, chars: &[char], start: usize, end: usize) -> Option<u8> {
    let day: u32 = chars[start..end].iter().collect::<String>().parse().ok()?;
    // `21.11.2024` and `21,5` never get here as a day: the number reader has taken the
    // separator and what follows, and such text does not parse as an integer.
    if !(1..=31).contains(&day) {
        return None;
    }
    let word_at = |from: usize| -> String {
        let mut w = String::new();
        for &c in chars[from..].iter().take_while(|c| is_letter(**c)) {
            push_lower(&mut w, c);
        }
        w
    };
    let space = |c: char| matches!(c, ' ' | '\u{a0}');
    // After: an ordinal ending (letters, or a hyphen and letters), then spaces.
    let mut k = end;
    if chars.get(k) == Some(&'-') {
        k += 1;
    }
    let ending = chars[k..].iter().take_while(|c| is_letter(**c)).count();
    if ending <= 3 && (ending == 0 || chars[k..k + ending].iter().all(|c| c.is_lowercase())) {
        k += ending;
    } else {
        k = end;
    }
    let spaces = chars[k..].iter().take_while(|&&c| space(c)).count();
    if spaces > 0 {
        let mut next = word_at(k + spaces);
        if lang == Lang::En && next == "of" {
            // `the 21st of November`
            let after_of = k + spaces + 2;
            let more = chars[after_of..].iter().take_while(|&&c| space(c)).count();
            next = if more > 0 {
                word_at(after_of + more)
            } else {
                String::new()
            };
        }
        if let Some(m) = month(lang, &next) {
            return Some(m);
        }
    }
    // Before: spaces and at most one period, then a word.
    let mut b = start;
    while b > 0 && space(chars[b - 1]) {
        b -= 1;
    }
    if b == start {
        return None;
    }
    if b > 0 && chars[b - 1] == '.' {
        b -= 1;
    }
    let len = chars[..b]
        .iter()
        .rev()
        .take_while(|c| is_letter(**c))
        .count();
    if len == 0 {
        return None;
    }
    month(lang, &word_at(b - len))
}

/// `c.is_alphabetic()`, answered without a table lookup for ASCII and basic Cyrillic
/// (U+0400–U+04FF), the letters of almost every token.
#[inline]
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{400}'..='\u{4ff}').contains(&c) {
        // Letters except the combining marks and signs U+0482–U+0489.
        !('\u{482}'..='\u{489}').contains(&c)
    } else {
        c.is_alphabetic()
    }
}

/// Appends the lower case of `c` to `w` (as `str::to_lowercase` would, except for the
/// context-dependent Greek final sigma, irrelevant here), with fast paths for ASCII and
/// the Cyrillic capitals U+0400–U+042F.
#[inline]
fn push_lower(w: &mut String, c: char) {
    match c {
        'A'..='Z' => w.push(c.to_ascii_lowercase()),
        'a'..='z' => w.push(c),
        '\u{410}'..='\u{42f}' => w.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        '\u{400}'..='\u{40f}' => w.push(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
        '\u{430}'..='\u{45f}' => w.push(c),
        _ => w.extend(c.to_lowercase()),
    }
}

/// Scale words after a number, by the prefix of their lower-case form, and the power of
/// ten each stands for: English `thousand`, `million`, `billion`/`bn`, `trillion`;
/// Russian `тыс.`, `млн`, `млрд`, `трлн` and their full forms (`тысяч`, `миллиона`…);
/// Belarusian `мільён`, `мільярд`, `трыльён`.
const SCALES: &[(&str, usize)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("bn", 9),
    ("mln", 6),
    ("bln", 9),
    ("trillion", 12),
    ("тыс", 3),
    ("млн", 6),
    ("млрд", 9),
    ("трлн", 12),
    ("миллион", 6),
    ("миллиард", 9),
    ("триллион", 12),
    ("мільён", 6),
    ("мільярд", 9),
    ("трыльён", 12),
];

/// If the number ending at `chars[k]` is followed (after at most one space, or glued:
/// `£11million`, `$5bn`) by a scale word, returns its power of ten and the index after
/// the word. A word that only starts like one (`billionaire`, `тысячелетие`) is no scale:
/// the English words must end there (a plural, `in 2022 thousands of …`, is no
/// multiplier), and the Russian and Belarusian ones may go on only with an inflection of
/// at most 3 letters (`тысячи`, `миллионов`), or with a period after an abbreviation
/// (`тыс.`). After a currency sign (`currency`), a glued `m` or `k` is one too (`£11m`).
fn scale_word(chars: &[char], k: usize, currency: bool) -> Option<(usize, usize)> {
    let mut start = k;
    if chars
        .get(k)
        .is_some_and(|&c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
    {
        start += 1;
    }
    let end = start + chars[start..].iter().take_while(|&&c| is_letter(c)).count();
    if end == start {
        return None;
    }
    let mut w = String::new();
    for &c in &chars[start..end] {
        push_lower(&mut w, c);
    }
    if currency && start == k {
        match w.as_str() {
            "m" => return Some((6, end)),
            "k" => return Some((3, end)),
            _ => {}
        }
    }
    for &(prefix, zeros) in SCALES {
        let Some(rest) = w.strip_prefix(prefix) else {
            continue;
        };
        let rest_len = rest.chars().count();
        let ok = if prefix.is_ascii() {
            rest.is_empty()
        } else if prefix == "тыс" {
            // тыс. / тысяч / тысячи / тысячам; not тысячелетие.
            rest.is_empty() || (rest.starts_with('я') && rest_len <= 4)
        } else {
            rest_len <= 3
        };
        if ok {
            return Some((zeros, end));
        }
    }
    None
}

/// `num` (digits, optionally one `.` and a fraction) times 10^`zeros`, written without a
/// decimal point when the result is whole: `scaled("1.5", 6)` is `1500000`.
fn scaled(num: &str, zeros: usize) -> String {
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let mut digits = String::from(int);
    let moved = frac.len().min(zeros);
    digits.push_str(&frac[..moved]);
    digits.extend(std::iter::repeat_n('0', zeros - moved));
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    if moved < frac.len() {
        format!("{digits}.{}", &frac[moved..])
    } else {
        digits.to_string()
    }
}

/// Reads a number starting at `chars[k]`: digit groups separated by `,` `.` or a
/// (narrow, no-break) space followed by exactly three digits are thousands groups; a
/// decimal separator followed by 1–2 (or 4+) digits is kept as `.`.
/// Reads a clock time at `chars[k]` as the key `H:MM` (24-hour, hour without a leading
/// zero), so that `8 p.m.`, `8:00 p.m.`, `20:00` and Russian/Belarusian `20.00` all give
/// `20:00`: `H:MM` in any language, `H.MM` in Russian and Belarusian (whose decimal
/// separator is the comma), and in English `H` or `H:MM` followed by `a.m.`/`p.m.`
/// (`am`/`pm`, either case). Hours 0–24, minutes 00–59. Returns the key and the index
/// after the time, or `None` when no time starts at `k`.
fn read_time(lang: Lang, chars: &[char], k: usize) -> Option<(String, usize)> {
    let digits = |k: usize| chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let num = |a: usize, n: usize| -> u32 {
        chars[a..a + n]
            .iter()
            .fold(0, |v, c| v * 10 + c.to_digit(10).unwrap_or(0))
    };
    let hd = digits(k);
    if hd == 0 || hd > 2 {
        return None;
    }
    let mut hour = num(k, hd);
    let mut end = k + hd;
    let mut minute = None;
    if let Some(&sep) = chars.get(end) {
        let time_sep = sep == ':' || (sep == '.' && lang != Lang::En);
        // `21.11.2024` is a date: the two digits must not go on with a digit or `.digit`.
        let goes_on = chars.get(end + 3).is_some_and(char::is_ascii_digit)
            || (chars.get(end + 3) == Some(&'.')
                && chars.get(end + 4).is_some_and(char::is_ascii_digit));
        if time_sep && digits(end + 1) == 2 && !goes_on {
            minute = Some(num(end + 1, 2));
            end += 3;
        }
    }
    if lang == Lang::En {
        // ` p.m.`, `pm`, `PM`: letters a/p, optional period, m, optional period.
        let mut j = end;
        while chars.get(j) == Some(&' ') || chars.get(j) == Some(&'\u{a0}') {
            j += 1;
        }
        let ap = chars.get(j).map(|c| c.to_ascii_lowercase());
        if matches!(ap, Some('a' | 'p')) {
            let mut m = j + 1;
            if chars.get(m) == Some(&'.') {
                m += 1;
            }
            if chars.get(m).map(|c| c.to_ascii_lowercase()) == Some('m')
                && !chars.get(m + 1).is_some_and(|c| c.is_alphanumeric())
                && (1..=12).contains(&hour)
            {
                let mut after = m + 1;
                if chars.get(after) == Some(&'.') {
                    after += 1;
                }
                hour = match (ap, hour) {
                    (Some('a'), 12) => 0,
                    (Some('p'), h) if h < 12 => h + 12,
                    (_, h) => h,
                };
                let minute = minute.unwrap_or(0);
                return (minute < 60).then(|| (format!("{hour}:{minute:02}"), after));
            }
        }
    }
    match minute {
        Some(m) if hour <= 24 && m < 60 => Some((format!("{hour}:{m:02}"), end)),
        _ => None,
    }
}

/// A Russian or Belarusian hour said with the part of the day, after the number `num`
/// read up to `chars[k]`: `5 часов утра`, `в 2 часа дня`, `8 вечера`, `а 7 гадзін
/// раніцы`. Returns the time key `H:00` (24-hour, as [`read_time`] gives for `5 a.m.` and
/// `20.00`) and the index after the part-of-day word; `None` otherwise.
fn spoken_time(lang: Lang, num: &str, chars: &[char], k: usize) -> Option<(String, usize)> {
    if lang == Lang::En {
        return None;
    }
    let hour: u32 = num.parse().ok().filter(|h| (1..=12).contains(h))?;
    let word_at = |mut j: usize| -> (String, usize) {
        while chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let mut w = String::new();
        while let Some(&c) = chars.get(j).filter(|c| is_letter(**c)) {
            push_lower(&mut w, c);
            j += 1;
        }
        (w, j)
    };
    let (mut w, mut end) = word_at(k);
    if matches!(
        w.as_str(),
        "час" | "часа" | "часов" | "гадзіна" | "гадзіны" | "гадзін"
    ) {
        (w, end) = word_at(end);
    }
    let h = match w.as_str() {
        "утра" | "раніцы" => hour % 12,
        "дня" if hour <= 5 || hour == 12 => hour % 12 + 12,
        "вечера" | "вечара" if hour >= 4 => hour % 12 + 12,
        "ночи" | "ночы" if hour <= 4 || hour == 12 => hour % 12,
        "ночи" | "ночы" => hour + 12,
        _ => return None,
    };
    Some((format!("{h}:00"), end))
}

fn read_number(lang: Lang, chars: &[char], mut k: usize) -> (String, usize) {
    let mut s = String::new();
    let digits = |k: usize| chars[k..].iter().take_while(|c| c.is_ascii_digit()).count();
    let d = digits(k);
    s.extend(&chars[k..k + d]);
    k += d;
    while let Some(&sep) = chars.get(k) {
        if !matches!(sep, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}') {
            break;
        }
        if !chars.get(k + 1).is_some_and(|c| c.is_ascii_digit()) {
            break;
        }
        let d = digits(k + 1);
        let decimal_sep = if lang == Lang::En { '.' } else { ',' };
        if d == 3 && (sep != decimal_sep || (lang == Lang::En && sep == ',')) {
            s.extend(&chars[k + 1..k + 1 + d]);
        } else if matches!(sep, '.' | ',') && !s.contains('.') {
            s.push('.');
            s.extend(&chars[k + 1..k + 1 + d]);
        } else {
            break;
        }
        k += 1 + d;
    }
    (s, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_letter_paths_agree_with_the_unicode_tables() {
        for c in (0u32..0x600).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            let mut w = String::new();
            push_lower(&mut w, c);
            assert_eq!(w, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    fn texts(lang: Lang, t: &str) -> Vec<String> {
        tokenize(lang, t).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn a_day_is_keyed_with_its_month() {
        let has = |lang, t: &str, key: &str| texts(lang, t).contains(&key.to_string());
        for (lang, t) in [
            (Lang::En, "Talks on 21 November in Minsk."),
            (Lang::En, "Talks on November 21 in Minsk."),
            (Lang::En, "Talks on Nov. 21 in Minsk."),
            (Lang::En, "Talks on the 21st of November."),
            (Lang::Ru, "Переговоры 21 ноября в Минске."),
            (Lang::Ru, "Переговоры 21-го ноября."),
            (Lang::Be, "Перамовы 21 лістапада ў Мінску."),
        ] {
            assert!(has(lang, t, "11/21"), "{t}: {:?}", texts(lang, t));
        }
        assert!(has(Lang::En, "on 30th September", "9/30"));
        assert!(has(Lang::En, "on May 30, 2005 in Xining", "5/30"));
        assert!(has(Lang::En, "on May 30, 2005 in Xining", "2005"));
        assert!(has(Lang::Be, "30 траўня 2005 года", "5/30"));
        assert!(has(Lang::Ru, "в субботу, 29-го сентября", "9/29"));
        // A wrong month gives another key: the pair is flagged number-mismatch.
        assert!(has(Lang::Ru, "Переговоры 21 октября.", "10/21"));
        // Not dates: numbers without a month, adjectives, names, years.
        assert!(has(Lang::En, "5 people came in May", "5"));
        assert!(has(Lang::Ru, "июньского саммита 12 стран", "12"));
        assert!(has(Lang::Ru, "церковь Св. Мартина 5 раз", "5"));
        assert!(has(Lang::En, "November 2024 was cold", "2024"));
        assert!(has(
            Lang::En,
            "on 21.11.2024",
            &texts(Lang::En, "on 21.11.2024")[0]
        ));
        assert!(!texts(Lang::En, "on 21.11.2024")[0].contains('/'));
    }

    #[test]
    fn clock_times_have_one_key_in_every_language() {
        let en = texts(
            Lang::En,
            "Doors open at 8 p.m., talks run from 10 a.m. to 12:30 PM and close at 11:45pm.",
        );
        assert_eq!(
            en.iter().filter(|t| t.contains(':')).collect::<Vec<_>>(),
            ["20:00", "10:00", "12:30", "23:45"]
        );
        assert_eq!(
            texts(Lang::Ru, "Начало в 20.00, перерыв с 12:30."),
            ["начало", "20:00", "перерыв", "12:30"]
        );
        assert_eq!(texts(Lang::Be, "Пачатак а 20.00."), ["пачатак", "20:00"]);
        // The hour with the part of the day, as translations often say it.
        assert_eq!(
            texts(Lang::Ru, "В 5 часов утра и в 2 часа дня, к 8 вечера."),
            ["5:00", "14:00", "20:00"]
        );
        assert_eq!(texts(Lang::Be, "А 7 гадзін раніцы."), ["7:00"]);
        // Not times: decimals, dates, an English period, a stray `a`.
        assert_eq!(
            texts(Lang::Ru, "Рост 3,25 и дата 21.11.2024."),
            ["рост", "3.25", "дата", "21.11", "2024"]
        );
        assert_eq!(
            texts(Lang::En, "Growth was 20.00 and 3 apples."),
            ["growth", "20.00", "3", "apples"]
        );
    }

    #[test]
    fn words_numbers_and_stop_words() {
        assert_eq!(
            texts(
                Lang::En,
                "Russia's trade grew by 1,500 tonnes, or 3.5%, in 2018."
            ),
            ["russia", "trade", "grew", "1500", "tonnes", "3.5", "2018"]
        );
        assert_eq!(
            texts(
                Lang::Ru,
                "Товарооборот вырос на 1 500 тонн, или 3,5%, в 2018 году."
            ),
            [
                "товарооборот",
                "вырос",
                "1500",
                "тонн",
                "3.5",
                "2018",
                "году"
            ]
        );
        assert_eq!(
            texts(Lang::Be, "З’езд адбыўся ў Мінску."),
            ["з'езд", "адбыўся", "мінску"]
        );
        assert_eq!(texts(Lang::En, "21.11.2018"), ["21.11", "2018"]);
    }

    #[test]
    fn scale_words_multiply_the_number() {
        // Every way of writing 1.5 million (and 150 thousand) gives one and the same token.
        for (lang, t) in [
            (Lang::En, "1,500,000 people"),
            (Lang::En, "1.5 million people"),
            (Lang::En, "£1.5million"),
            (Lang::Ru, "1,5 млн человек"),
            (Lang::Ru, "1,5 миллиона человек"),
            (Lang::Ru, "1 500 000 человек"),
            (Lang::Be, "1,5 мільёна чалавек"),
        ] {
            assert_eq!(texts(lang, t)[0], "1500000", "{t}");
        }
        for (lang, t) in [
            (Lang::En, "150,000 tonnes"),
            (Lang::En, "150 thousand tonnes"),
            (Lang::Ru, "150 тыс. тонн"),
            (Lang::Ru, "150 тысяч тонн"),
            (Lang::Be, "150 тыс. тон"),
        ] {
            assert_eq!(texts(lang, t)[0], "150000", "{t}");
        }
        assert_eq!(texts(Lang::En, "$5bn deal")[0], "5000000000");
        assert_eq!(texts(Lang::En, "£11m deal")[0], "11000000");
        assert_eq!(texts(Lang::En, "$3 mln")[0], "3000000");
        assert_eq!(texts(Lang::En, "$1.5 bln")[0], "1500000000");
        // A plural is no multiplier; nor is a glued m without a currency sign (metres).
        assert_eq!(
            texts(Lang::En, "In 2022 thousands fled")[..2],
            ["2022", "thousands"]
        );
        assert_eq!(texts(Lang::En, "a 5m wall")[0], "5");
        assert_eq!(texts(Lang::Ru, "2,5 тыс.")[0], "2500");
        assert_eq!(texts(Lang::En, "1.2345 thousand")[0], "1234.5");
        // Words that only start like a scale stay words.
        assert_eq!(texts(Lang::En, "3 billionaires"), ["3", "billionaires"]);
        assert_eq!(texts(Lang::Ru, "2 тысячелетия"), ["2", "тысячелетия"]);
        assert_eq!(texts(Lang::En, "5 bnx"), ["5", "bnx"]);
    }

    #[test]
    fn capitalised_words_are_marked() {
        let t = tokenize(Lang::En, "Sergei Lavrov met officials.");
        assert_eq!(t[0].kind, TokenKind::Capitalised);
        assert_eq!(t[2].kind, TokenKind::Word);
    }
}
