//! Transliteration of Latin and Cyrillic words into one reduced Latin alphabet, so that
//! names and cognates can be compared across scripts (Lavrov / Лавров / Лаўроў all become
//! `lavrov`; Minsk / Минск / Мінск become `minsk`).
//!
//! The reduced alphabet merges letters the two spelling systems render differently: `w`
//! and Belarusian `ў` become `v`; `z` and `s` become `s`; `c`/`k`/`q` become `k` (`c` before
//! `e i y` becomes `s`); English digraphs `sh`, `ch`, `zh`, `kh`, `ts`, `ph`, `th` map to
//! single symbols; `y` and `j` become `j`. The mapping follows the BGN/PCGN romanisation of
//! Russian and Belarusian (1947/1979), reduced to what English news spelling keeps.

/// Reduces a lower-case Latin word to the comparison alphabet.
pub fn reduce_latin(word: &str) -> String {
    let b: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        let c = b[k];
        let next = b.get(k + 1).copied().unwrap_or(' ');
        let rest: String = b[k..(k + 4).min(b.len())].iter().collect();
        let (sym, used): (&str, usize) = if rest.starts_with("shch") {
            ("S", 4)
        } else if rest.starts_with("sch") {
            ("S", 3)
        } else {
            match (c, next) {
                ('s', 'h') => ("S", 2),
                ('c', 'h') => ("C", 2),
                ('z', 'h') => ("Z", 2),
                ('k', 'h') => ("x", 2),
                ('t', 's') | ('t', 'z') => ("c", 2),
                ('c', 'k') => ("k", 2),
                ('p', 'h') => ("f", 2),
                ('t', 'h') => ("t", 2),
                ('g', 'h') => ("g", 2),
                ('c', 'e' | 'i' | 'y') => ("s", 1),
                ('c' | 'q', _) => ("k", 1),
                ('x', _) => ("ks", 1),
                ('w', _) => ("v", 1),
                ('z', _) => ("s", 1),
                ('y', _) => ("j", 1),
                ('h', _) => ("x", 1),
                _ => ("", 1),
            }
        };
        if sym.is_empty() {
            if c.is_alphanumeric() {
                out.push(c);
            }
        } else {
            out.push_str(sym);
        }
        k += used;
    }
    out
}

/// Reduces a lower-case Cyrillic (Russian or Belarusian) word to the comparison alphabet.
/// Latin letters in the word are reduced as by [`reduce_latin`].
pub fn reduce_cyrillic(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut latin = String::new();
    for c in word.chars() {
        if c.is_ascii_alphabetic() {
            latin.push(c);
            continue;
        }
        if !latin.is_empty() {
            out.push_str(&reduce_latin(&latin));
            latin.clear();
        }
        let s = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'ґ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' | 'є' => "e",
            'ж' => "Z",
            'з' => "s",
            'и' | 'і' | 'ы' | 'ї' => "i",
            'й' => "j",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ў' => "v",
            'ф' => "f",
            'х' => "x",
            'ц' => "c",
            'ч' => "C",
            'ш' => "S",
            'щ' => "S",
            'ю' => "ju",
            'я' => "ja",
            'ъ' | 'ь' | '\'' | '’' => "",
            c if c.is_alphanumeric() => {
                out.push(c);
                ""
            }
            _ => "",
        };
        out.push_str(s);
    }
    if !latin.is_empty() {
        out.push_str(&reduce_latin(&latin));
    }
    out
}

/// The consonant skeleton of a reduced word: vowels and `j` dropped, `x` (h) dropped,
/// doubled letters collapsed (`lavrov` → `lvrv`, `lukashenko` → `lkSnk`).
pub fn skeleton(reduced: &str) -> String {
    let mut out = String::with_capacity(reduced.len());
    let mut last = ' ';
    for c in reduced.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'j' | 'x') {
            last = ' ';
            continue;
        }
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_across_scripts_share_a_skeleton() {
        let l = skeleton(&reduce_latin("lavrov"));
        assert_eq!(l, "lvrv");
        assert_eq!(skeleton(&reduce_cyrillic("лавров")), l);
        assert_eq!(skeleton(&reduce_cyrillic("лаўроў")), l);
        let m = skeleton(&reduce_latin("minsk"));
        assert_eq!(skeleton(&reduce_cyrillic("минск")), m);
        assert_eq!(skeleton(&reduce_cyrillic("мінск")), m);
        assert_eq!(
            skeleton(&reduce_latin("lukashenko")),
            skeleton(&reduce_cyrillic("лукашэнка"))
        );
        assert_eq!(
            skeleton(&reduce_latin("yeltsin")),
            skeleton(&reduce_cyrillic("ельцин"))
        );
        assert_eq!(reduce_latin("makei"), "makei");
        assert_eq!(reduce_cyrillic("макей"), "makej");
    }
}
