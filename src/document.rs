//! A segmented document: the sentences of one language version, with their paragraphs.

use crate::input::Paragraph;
use crate::lang::Lang;
use crate::segment::Segmenter;

/// One language version of a statement, split into sentences (segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The language of the text.
    pub lang: Lang,
    /// Sentences in order, each the original text trimmed.
    pub sentences: Vec<String>,
    /// Paragraph index (0-based) of each sentence; non-decreasing.
    pub para: Vec<usize>,
    /// 1-based line number in the input file of each sentence's paragraph.
    pub line: Vec<usize>,
    /// Number of paragraphs.
    pub n_paragraphs: usize,
    /// Characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) that [`clean_text`]
    /// removed from the sentences, for the user's warning.
    pub removed_chars: usize,
    /// The input's own BCP-47 tag for its language (a TMX or XLIFF declares `en-GB`), which
    /// the TMX written from it keeps unless `--tmx-lang` says otherwise.
    pub declared_tag: Option<String>,
}

impl Document {
    /// Segments `paragraphs` with `seg`, after [`clean_text`]. The segmenter does not see
    /// invisible characters ([`segmentation_view`]), so `end.\u{200B} Next` still splits
    /// and `www.\u{200B}gov.by` does not; the sentences keep them.
    pub fn segment(lang: Lang, paragraphs: &[Paragraph], seg: &dyn Segmenter) -> Document {
        let mut d = Document::empty(lang);
        for p in paragraphs {
            let before = d.sentences.len();
            let (text, removed) = clean_text(&p.text);
            d.removed_chars += removed;
            let view = segmentation_view(&text);
            for r in seg.split(&view.text) {
                d.push(text[view.original(r)].to_string(), p.line);
            }
            if d.sentences.len() > before {
                d.n_paragraphs += 1;
            }
        }
        d
    }

    /// A document already split one sentence per line: every non-blank line is a
    /// sentence (trimmed, after [`clean_text`]); blank lines (also lines of invisible
    /// characters only) separate paragraphs. Sentence `k` is the `k`-th non-blank line, so
    /// indices equal line indices when there are no blank lines.
    pub fn presegmented(lang: Lang, text: &str) -> Document {
        let mut d = Document::empty(lang);
        let mut new_para = true;
        for (k, line) in crate::input::split_lines(text).enumerate() {
            let (line, removed) = clean_text(line);
            d.removed_chars += removed;
            let t = line.trim();
            if segmentation_view(t).text.trim().is_empty() {
                new_para = true;
                continue;
            }
            if new_para && !d.sentences.is_empty() {
                d.n_paragraphs += 1;
            }
            new_para = false;
            d.push(t.to_string(), k + 1);
        }
        if !d.sentences.is_empty() {
            d.n_paragraphs += 1;
        }
        // `push` numbers paragraphs by n_paragraphs at the time; fix up to 0-based ids.
        d
    }

    /// A document whose sentences are given: each paragraph's text is one sentence, all
    /// in one paragraph (presegmented HTML, DOCX, TMX or XLIFF input: nothing says where
    /// paragraphs end, as in presegmented text without blank lines).
    pub fn units(lang: Lang, paragraphs: &[crate::input::Paragraph]) -> Document {
        let mut d = Document::empty(lang);
        for p in paragraphs {
            let (text, removed) = clean_text(&p.text);
            d.removed_chars += removed;
            let t = text.trim();
            if !segmentation_view(t).text.trim().is_empty() {
                d.push(t.to_string(), p.line);
            }
        }
        if !d.sentences.is_empty() {
            d.n_paragraphs = 1;
        }
        d
    }

    fn empty(lang: Lang) -> Document {
        Document {
            lang,
            sentences: Vec::new(),
            para: Vec::new(),
            line: Vec::new(),
            n_paragraphs: 0,
            removed_chars: 0,
            declared_tag: None,
        }
    }

    fn push(&mut self, s: String, line: usize) {
        self.sentences.push(s);
        self.para.push(self.n_paragraphs);
        self.line.push(line);
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// Whether the document has no sentences.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }

    /// Sentence index ranges of each paragraph, in order.
    pub fn paragraph_ranges(&self) -> Vec<std::ops::Range<usize>> {
        let mut out: Vec<std::ops::Range<usize>> = Vec::new();
        for (k, &p) in self.para.iter().enumerate() {
            match out.last_mut() {
                Some(r) if self.para[r.start] == p => r.end = k + 1,
                _ => out.push(k..k + 1),
            }
        }
        out
    }
}

/// Text as it goes into sentences: layout controls that separate words (form feed,
/// vertical tab — pdftotext page breaks, Word line breaks — the C0 separators, U+0085,
/// U+2028, U+2029) become spaces, and the other characters XML 1.0 forbids
/// ([`crate::tmx::xml_allowed`]; the TMX writer would drop them) are removed, so no
/// segment glues two words or comes out empty. Tabs and line breaks are kept, and so are
/// invisible characters such as zero-width spaces (see [`segmentation_view`]): the TM
/// keeps the text as published.
///
/// Returns the text (the input, borrowed, when it has none of these characters) and how
/// many characters were removed (those turned into spaces not counted).
pub fn clean_text(s: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let layout = |c: char| {
        matches!(
            c,
            '\u{0B}' | '\u{0C}' | '\u{1C}'..='\u{1F}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    if s.chars().all(|c| !layout(c) && crate::tmx::xml_allowed(c)) {
        return (std::borrow::Cow::Borrowed(s), 0);
    }
    let mut removed = 0;
    let out = s
        .chars()
        .filter_map(|c| {
            if layout(c) {
                Some(' ')
            } else if crate::tmx::xml_allowed(c) {
                Some(c)
            } else {
                removed += 1;
                None
            }
        })
        .collect();
    (std::borrow::Cow::Owned(out), removed)
}

/// Characters that show nothing: zero-width space, non-joiner and joiner, the
/// left-to-right and right-to-left marks, bidirectional embeddings, overrides and
/// isolates, the word joiner and invisible operators, the soft hyphen, DEL, and U+FEFF.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{7F}'
            | '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// What the segmenter splits: a text without its invisible characters
/// ([`is_invisible`]), and the way back to the original's byte offsets.
pub struct SegView<'a> {
    /// The text without invisible characters.
    pub text: std::borrow::Cow<'a, str>,
    /// For each byte offset of `text` and its end, the offset in the original; `None`
    /// when nothing was left out.
    map: Option<Vec<usize>>,
}

impl SegView<'_> {
    /// The original byte range of `r`, a range of [`SegView::text`] (0-based byte
    /// offsets). Its end is where the next visible character starts, so invisible
    /// characters right after a sentence stay with it (`stayed.\u{AD}`).
    pub fn original(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.map {
            None => r,
            Some(m) => m[r.start]..m[r.end],
        }
    }
}

/// `s` as the segmenter should see it: without invisible characters, so that a full
/// stop followed by a zero-width space still ends a sentence, `www.\u{200B}gov.by` and
/// `3.\u{AD}5` stay whole, and a line of invisible characters is blank.
pub fn segmentation_view(s: &str) -> SegView<'_> {
    if !s.chars().any(is_invisible) {
        return SegView {
            text: std::borrow::Cow::Borrowed(s),
            map: None,
        };
    }
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    for (o, c) in s.char_indices() {
        if !is_invisible(c) {
            text.push(c);
            map.extend(o..o + c.len_utf8());
        }
    }
    map.push(s.len());
    SegView {
        text: std::borrow::Cow::Owned(text),
        map: Some(map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::paragraphs;
    use crate::segment::RuleSegmenter;

    #[test]
    fn sentences_keep_paragraphs_and_lines() {
        let d = Document::segment(
            Lang::En,
            &paragraphs("Title\n\nOne. Two.\n\nThree.\n"),
            &RuleSegmenter::new(Lang::En),
        );
        assert_eq!(d.sentences, ["Title", "One.", "Two.", "Three."]);
        assert_eq!(d.para, [0, 1, 1, 2]);
        assert_eq!(d.line, [1, 3, 3, 5]);
        assert_eq!(d.n_paragraphs, 3);
        assert_eq!(d.paragraph_ranges(), vec![0..1, 1..3, 3..4]);
    }

    #[test]
    fn presegmented_lines() {
        let d = Document::presegmented(Lang::Ru, "Один.\nДва.\n\nТри.\n");
        assert_eq!(d.sentences, ["Один.", "Два.", "Три."]);
        assert_eq!(d.para, [0, 0, 1]);
        assert_eq!(d.n_paragraphs, 2);
    }

    #[test]
    fn invisible_and_layout_characters_are_cleaned_before_segmenting() {
        let seg = RuleSegmenter::new(Lang::En);
        let d = Document::segment(
            Lang::En,
            &paragraphs("One here.\u{200B} Two here.\u{200E} Three on page one\u{0C}and\u{0B}more.\u{AD}\n\n\u{200B}\u{FFFE}\u{07}\n"),
            &seg,
        );
        // Invisible characters stay with the sentence they follow; the form feed and
        // vertical tab are spaces; the line of invisible and forbidden characters is no
        // sentence.
        assert_eq!(
            d.sentences,
            [
                "One here.\u{200B}",
                "Two here.\u{200E}",
                "Three on page one and more.\u{AD}"
            ]
        );
        // Invisible characters inside a URL or a number do not make a break.
        let u = Document::segment(
            Lang::En,
            &paragraphs("See https://\u{200B}www.\u{200B}president.gov.by and Article 3.\u{AD}5 of it. Next.\n"),
            &seg,
        );
        assert_eq!(u.sentences.len(), 2, "{:?}", u.sentences);
        assert!(u.sentences[0].ends_with("of it."));
        assert_eq!(d.removed_chars, 2);
        let p = Document::presegmented(Lang::En, "A.\n\u{200B}\nB\u{AD}c.\n");
        assert_eq!(p.sentences, ["A.", "B\u{AD}c."]);
        assert_eq!(p.n_paragraphs, 2, "the invisible line is blank");
        assert!(matches!(
            clean_text("plain").0,
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
