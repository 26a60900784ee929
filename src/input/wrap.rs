//! Paragraphs of plain text: one per line, or one per blank-line-separated block whose
//! hard-wrapped lines are joined (`--paragraphs auto|lines|blank`).

use super::{split_lines, Paragraph};

/// How plain text is split into paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ParagraphMode {
    /// `blank` when the text looks hard-wrapped, else `lines`.
    #[default]
    Auto,
    /// Every non-blank line is a paragraph.
    Lines,
    /// Blank lines separate paragraphs; the lines of a block are joined with one space.
    Blank,
}

impl ParagraphMode {
    /// The mode in force for `text`: `Auto` resolved to `Lines` or `Blank`.
    pub fn resolve(self, text: &str) -> ParagraphMode {
        match self {
            ParagraphMode::Auto if looks_hard_wrapped(text) => ParagraphMode::Blank,
            ParagraphMode::Auto => ParagraphMode::Lines,
            m => m,
        }
    }
}

/// Splits `text` into paragraphs in `mode` (`Auto` is resolved first).
///
/// `Lines`: see [`super::paragraphs`]. `Blank`: each run of non-blank lines is one
/// paragraph, its lines trimmed and joined with single spaces (and inner runs of
/// whitespace collapsed), so a paragraph never holds a line break or doubled, leading or
/// trailing whitespace. [`Paragraph::line`] is the 1-based number of the block's first
/// line.
pub fn paragraphs_in(text: &str, mode: ParagraphMode) -> Vec<Paragraph> {
    match mode.resolve(text) {
        ParagraphMode::Blank => blocks(text)
            .into_iter()
            .map(|(line, lines)| Paragraph {
                text: lines
                    .iter()
                    .flat_map(|l| l.split_whitespace())
                    .collect::<Vec<_>>()
                    .join(" "),
                line,
            })
            .collect(),
        _ => super::paragraphs(text),
    }
}

/// Blocks of non-blank lines: (1-based first line, the lines trimmed). A list item
/// starts a block of its own (see [`list_marker`]).
fn blocks(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut open = false;
    // Whether the open block is a list item.
    let mut in_list = false;
    for (k, line) in split_lines(text).enumerate() {
        let t = line.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let item = match list_marker(t) {
            Some(Marker::Bullet) => true,
            // A dash or a number may also be a wrapped line's first word: it starts an
            // item only after a line that ends a sentence or clause, or inside a list.
            Some(Marker::Ambiguous) => {
                in_list
                    || out
                        .last()
                        .and_then(|b| b.1.last())
                        .is_some_and(|l| ends_sentence(l))
            }
            None => false,
        };
        if open && !item {
            out.last_mut().expect("open block").1.push(t);
        } else {
            out.push((k + 1, vec![t]));
            open = true;
            in_list = item;
        }
    }
    out
}

/// How sure a line's first characters mark a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A bullet character (`•`, `▪`, `◦`, `‣`, `●`, `■`, `·`): never text.
    Bullet,
    /// A dash or asterisk, or a number or letter with `.` or `)` (`1.`, `2)`, `a)`),
    /// followed by a space: also how a wrapped sentence line may begin.
    Ambiguous,
}

/// The list marker a (trimmed) line starts with, if any.
fn list_marker(line: &str) -> Option<Marker> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let spaced = |rest: &str| rest.starts_with(char::is_whitespace);
    if matches!(first, '•' | '▪' | '◦' | '‣' | '●' | '■' | '·') {
        return Some(Marker::Bullet);
    }
    if matches!(first, '-' | '–' | '—' | '*') && spaced(chars.as_str()) {
        return Some(Marker::Ambiguous);
    }
    // `1.`, `2)`, `1.2.`, `3.1)`: numbers of 1–3 digits joined by dots, then `.` or `)`;
    // or one lower-case letter and `)`.
    let token = line.split(char::is_whitespace).next().unwrap_or("");
    if token.len() == line.len() {
        return None; // nothing follows the marker
    }
    let inner = token.strip_suffix(['.', ')'])?;
    let numbered = !inner.is_empty()
        && inner
            .split('.')
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let lettered = token.ends_with(')')
        && inner.chars().count() == 1
        && inner.chars().all(|c| c.is_alphabetic() && c.is_lowercase());
    (numbered || lettered).then_some(Marker::Ambiguous)
}

/// Whether `text` looks hard-wrapped: blank lines separate at least two blocks, and in its blocks of two or
/// more lines at least 2 lines, and more than half of them, break mid-sentence — the line
/// does not end with `. ! ? … : ;` (optionally followed by closing quotes or brackets),
/// or the next line starts with a lower-case letter. The last line of a block is not
/// counted. Text with one paragraph per line (blank lines between them or not) is not
/// hard-wrapped.
pub fn looks_hard_wrapped(text: &str) -> bool {
    let bl = blocks(text);
    if bl.len() < 2 {
        return false;
    }
    let (mut inner, mut mid) = (0usize, 0usize);
    for (_, lines) in &bl {
        for w in lines.windows(2) {
            inner += 1;
            if !ends_sentence(w[0]) || starts_lower(w[1]) {
                mid += 1;
            }
        }
    }
    inner >= 2 && mid * 2 > inner
}

/// Whether `text` is a single block (no blank lines) of at least three lines, more than
/// two thirds of which break mid-sentence (as in [`looks_hard_wrapped`]): hard-wrapped
/// text that `auto` cannot tell from one-paragraph-per-line text, worth a warning.
pub fn maybe_wrapped_single_block(text: &str) -> bool {
    let bl = blocks(text);
    let [(_, lines)] = bl.as_slice() else {
        return false;
    };
    let inner = lines.len().saturating_sub(1);
    let mid = lines
        .windows(2)
        .filter(|w| !ends_sentence(w[0]) || starts_lower(w[1]))
        .count();
    inner >= 2 && mid * 3 > inner * 2
}

/// Whether a (trimmed) line ends with sentence-final punctuation, possibly followed by
/// closing quotes or brackets.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '»', '”', '’', ')', ']', '›', '“']);
    t.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRAPPED: &str = "The talks took place in Minsk on\n21 November. They lasted three\nhours and ended with a protocol.\n\nThe parties agreed to meet again\nin spring.\n";

    #[test]
    fn hard_wrapped_text_is_joined_into_paragraphs() {
        assert!(looks_hard_wrapped(WRAPPED));
        let p = paragraphs_in(WRAPPED, ParagraphMode::Auto);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The talks took place in Minsk on 21 November. They lasted three hours and ended with a protocol.",
                "The parties agreed to meet again in spring."
            ]
        );
        assert_eq!(p.iter().map(|p| p.line).collect::<Vec<_>>(), [1, 5]);
        // CRLF and stray spaces.
        let crlf = "  One two\r\n   three.  \r\n\r\nFour\r\nfive.\r\n";
        let p = paragraphs_in(crlf, ParagraphMode::Blank);
        assert_eq!(p[0].text, "One two three.");
        assert_eq!(p[1].text, "Four five.");
    }

    #[test]
    fn a_single_wrapped_block_is_suspected_not_joined() {
        let t = "The talks took place in Minsk on 21\nNovember. The parties discussed trade\nworth $1.5 billion.\n";
        assert!(!looks_hard_wrapped(t));
        assert!(maybe_wrapped_single_block(t));
        assert!(!maybe_wrapped_single_block("One.\nTwo.\nThree.\n"));
        assert!(!maybe_wrapped_single_block(WRAPPED));
    }

    #[test]
    fn one_paragraph_per_line_stays_lines() {
        // Paragraphs separated by blank lines (the demo corpora).
        let demo = "Meeting in Minsk\n\nThe talks took place in Minsk. They lasted three hours.\n\nThe parties signed a protocol.\n";
        assert!(!looks_hard_wrapped(demo));
        // One sentence per line inside blocks.
        let sents = "One sentence.\nAnother one!\nA third?\n\n«Quoted.»\nDone (really.)\n";
        assert!(!looks_hard_wrapped(sents));
        // No blank line at all.
        assert!(!looks_hard_wrapped(
            "The talks took place in\nMinsk on 21 November.\n"
        ));
        // A heading on its own line above its paragraph is one mid-sentence line: too few.
        assert!(!looks_hard_wrapped(
            "Minsk, 21 November\nThe talks ended.\n\nNext.\n"
        ));
        let p = paragraphs_in(sents, ParagraphMode::Auto);
        assert_eq!(p.len(), 5);
        // Forced blank mode joins anyway.
        assert_eq!(paragraphs_in(sents, ParagraphMode::Blank).len(), 2);
        assert_eq!(paragraphs_in(WRAPPED, ParagraphMode::Lines).len(), 5);
    }

    #[test]
    fn lower_case_continuation_counts_as_mid_sentence() {
        let t = "He met Mr.\nsmith and Dr.\nwatson there.\n\nEnd.\n";
        assert!(looks_hard_wrapped(t));
    }

    #[test]
    fn list_items_start_paragraphs_in_wrapped_text() {
        let text = "The projects include:\n• a plant for electric\nbuses;\n• joint production.\n\nThe steps are:\n1. sign the\nagreement;\n2) build it.\n1.1. First point.\n1.2. Second\npoint.\n\nПрезидент отметил, что экспорт\n– важнейший показатель, и рост\n2024. года продолжится.\n";
        let p: Vec<String> = paragraphs_in(text, ParagraphMode::Blank)
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            p,
            [
                "The projects include:",
                "• a plant for electric buses;",
                "• joint production.",
                "The steps are:",
                "1. sign the agreement;",
                "2) build it.",
                "1.1. First point.",
                "1.2. Second point.",
                "Президент отметил, что экспорт – важнейший показатель, и рост 2024. года продолжится."
            ]
        );
    }
}
