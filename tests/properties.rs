//! Property tests: for random inputs, every sentence appears in exactly one bead, in
//! order (the ladder invariant), confidences are probabilities, and TMX output parses.

use proptest::prelude::*;
use tmxalign::document::Document;
use tmxalign::features::lexicon::Lexicon;
use tmxalign::pipeline::align_documents;
use tmxalign::score::Model;
use tmxalign::Lang;

const EN_WORDS: &[&str] = &[
    "Minsk",
    "the",
    "President",
    "said",
    "trade",
    "2018",
    "grew",
    "by",
    "5%",
    "Lavrov",
    "meeting",
    "economy",
    "cooperation",
    "on",
    "21",
    "November",
    "and",
    "talks",
    "were",
    "held",
];
const RU_WORDS: &[&str] = &[
    "Минск",
    "Президент",
    "заявил",
    "торговля",
    "2018",
    "выросла",
    "на",
    "5%",
    "Лавров",
    "встреча",
    "экономика",
    "сотрудничество",
    "21",
    "ноября",
    "и",
    "переговоры",
    "прошли",
    "в",
];

fn sentence(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(words), 1..12),
        prop::sample::select(vec![".", "?", "!", ""]),
    )
        .prop_map(|(w, p)| format!("{}{p}", w.join(" ")))
}

fn text(words: &'static [&'static str]) -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(sentence(words), 1..5), 1..6)
}

fn doc(lang: Lang, paras: &[Vec<String>]) -> Document {
    let joined: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
    let t = joined.join("\n\n");
    let ps = tmxalign::input::paragraphs(&t);
    Document::segment(lang, &ps, &tmxalign::segment::RuleSegmenter::new(lang))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_sentence_in_exactly_one_bead(src in text(EN_WORDS), tgt in text(RU_WORDS)) {
        let s = doc(Lang::En, &src);
        let t = doc(Lang::Ru, &tgt);
        let a = align_documents(&s, &t, Lexicon::builtin(Lang::Ru), Model::builtin());
        prop_assert!(a.check(s.len(), t.len()).is_ok(), "{:?}", a.check(s.len(), t.len()));
        let mut seen_s = vec![0; s.len()];
        let mut seen_t = vec![0; t.len()];
        for b in &a.beads {
            prop_assert!((0.0..=1.0).contains(&b.confidence));
            prop_assert!(b.src.len() <= 2 && b.tgt.len() <= 2);
            for i in b.src.clone() { seen_s[i] += 1; }
            for j in b.tgt.clone() { seen_t[j] += 1; }
        }
        prop_assert!(seen_s.iter().all(|&c| c == 1));
        prop_assert!(seen_t.iter().all(|&c| c == 1));
    }

    /// Aligning B with A gives the mirror image of aligning A with B, for every pair
    /// of languages (Russian–Belarusian uses the Russian word list on both sides).
    #[test]
    fn aligning_b_with_a_mirrors_a_with_b(src in text(EN_WORDS), tgt in text(RU_WORDS), pair in 0usize..3) {
        let (la, lb, lex) = [
            (Lang::En, Lang::Ru, Lexicon::builtin(Lang::Ru)),
            (Lang::En, Lang::Be, Lexicon::builtin(Lang::Be)),
            (Lang::Ru, Lang::Be, Lexicon::builtin(Lang::En)),
        ][pair];
        let a = doc(la, if la == Lang::En { &src } else { &tgt });
        let b = doc(lb, &tgt);
        let ab = align_documents(&a, &b, lex, Model::builtin());
        let ba = align_documents(&b, &a, lex, Model::builtin());
        prop_assert!(ba.check(b.len(), a.len()).is_ok());
        prop_assert_eq!(ba.mirrored(), ab);
    }

    #[test]
    fn presegmented_random_lines_form_a_ladder(n in 0usize..40, m in 0usize..40, seed in 0u64..1000) {
        let line = |k: usize, words: &[&str]| -> String {
            let w = words[(k * 7 + seed as usize) % words.len()];
            format!("{w} {} {}.", words[(k + seed as usize) % words.len()], k % 13)
        };
        let st: String = (0..n).map(|k| line(k, EN_WORDS) + "\n").collect();
        let tt: String = (0..m).map(|k| line(k, RU_WORDS) + "\n").collect();
        let s = Document::presegmented(Lang::En, &st);
        let t = Document::presegmented(Lang::Ru, &tt);
        let a = align_documents(&s, &t, Lexicon::builtin(Lang::Ru), Model::builtin());
        prop_assert!(a.check(n, m).is_ok());
    }
}

/// Markup-ish random text: tags, entities, line breaks and words.
fn markup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<br>",
            "<script>",
            "</script>",
            "<nav>",
            "</nav>",
            "<article>",
            "</article>",
            "<b>",
            "</b>",
            "&amp;",
            "&nbsp;",
            "&#10;",
            "&#xD800;",
            "&bogus;",
            "AT&T",
            "\n",
            "\r\n",
            "\n\n",
            "  ",
            "\t",
            "Minsk",
            "talks.",
            "Минск",
            "ended",
            "<!--",
            "-->",
            "<",
            ">",
            "&",
            ";",
            "<source>",
            "</source>",
            "<target>",
            "</target>",
            "<xliff>",
            "</xliff>",
            "<unit>",
            "</unit>",
            "<w:p>",
            "</w:p>",
            "<w:t>",
            "</w:t>",
            "<!DOCTYPE x [",
            "]>",
        ]),
        0..60,
    )
    .prop_map(|v| v.concat())
}

/// A paragraph as every reader must give it: trimmed, one line, no doubled whitespace.
fn clean(p: &str) -> bool {
    !p.is_empty() && p.trim() == p && !p.contains(['\n', '\r']) && !p.contains("  ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Input readers never panic, and give clean paragraphs.
    #[test]
    fn input_readers_give_clean_paragraphs(s in markup()) {
        use tmxalign::input::{entities, html, wrap, xliff, docx};
        let (dec, _) = entities::decode_entities(&s);
        prop_assert_eq!(dec.matches('\n').count(), s.matches('\n').count());
        for p in wrap::paragraphs_in(&s, wrap::ParagraphMode::Blank) {
            prop_assert!(clean(&p.text), "{:?}", p.text);
        }
        for p in html::extract(&s) {
            prop_assert!(clean(&p.text), "{:?}", p.text);
        }
        let _ = html::check_nesting(&s);
        if let Ok(x) = xliff::read_xliff(s.as_bytes()) {
            for u in x.units {
                prop_assert!(u.source.is_empty() || clean(&u.source));
            }
        }
        let w = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{s}</w:document>");
        if let Ok(ps) = docx::parse_document_xml(w.as_bytes()) {
            for p in ps {
                prop_assert!(clean(&p.text), "{:?}", p.text);
            }
        }
    }
}
