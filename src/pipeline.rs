//! From two documents to an [`Alignment`]: features → banded DP (per paragraph when the
//! two versions share their paragraph structure) → calibrated confidence.

use crate::align::{align_banded, Alignment, Bead, BeadScorer};
use crate::document::Document;
use crate::features::{extract, learn, lexicon::Lexicon, SentFeat};
use crate::score::{Context, Model};
use rayon::prelude::*;
use std::ops::Range;

/// Initial half-width of the DP band, in target sentences; it doubles while the path
/// touches the band's edge.
pub const INITIAL_BAND: usize = 24;

/// Documents with at least this many sentences on both sides get a second alignment pass
/// with a lexicon learned from the first ([`learn`]).
pub const SECOND_PASS_MIN_SENTENCES: usize = 100;

/// Aligns `src` with `tgt` using `lex` and `model`.
///
/// The pair is aligned in the direction the model was fitted for (the source earlier in
/// en, ru, be order); when `src` comes later than `tgt` in that order the documents are
/// swapped and the result mirrored, so `align_documents(b, a)` is the mirror image of
/// `align_documents(a, b)`.
///
/// When both documents have the same number of paragraphs (more than one) and every
/// paragraph pair has a plausible length ratio, sentences are aligned within paragraph
/// pairs (in parallel); otherwise over the whole documents, with a penalty for beads
/// that cross a paragraph boundary. Output: an alignment covering every sentence of both
/// documents exactly once.
pub fn align_documents(src: &Document, tgt: &Document, lex: &Lexicon, model: &Model) -> Alignment {
    align_with(src, tgt, lex, model, false).0
}

/// What the second pass of [`align_documents_learning`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondPass {
    /// Fewer than [`SECOND_PASS_MIN_SENTENCES`] sentences on a side: no second pass.
    TooShort,
    /// Word pairs learned and the confident 1-1 beads they were learned from (the texts
    /// were realigned when at least one pair was learned).
    Learned { pairs: usize, beads: usize },
}

/// Like [`align_documents`], then, for documents with at least
/// [`SECOND_PASS_MIN_SENTENCES`] sentences on both sides, a second pass with the lexicon
/// extended by word pairs learned from the first pass's confident beads ([`learn`]).
/// Costs a second alignment; on the NTREX book-noisy texts it raised strict F1 from 0.9767
/// to 0.9779 (en-ru) and 0.9856 to 0.9877 (en-be). Returns the alignment and what the
/// second pass did.
pub fn align_documents_learning(
    src: &Document,
    tgt: &Document,
    lex: &Lexicon,
    model: &Model,
) -> (Alignment, SecondPass) {
    let (a, pass) = align_with(src, tgt, lex, model, true);
    (a, pass.unwrap_or(SecondPass::TooShort))
}

fn align_with(
    src: &Document,
    tgt: &Document,
    lex: &Lexicon,
    model: &Model,
    learn_pass: bool,
) -> (Alignment, Option<SecondPass>) {
    // The model was fitted with English (then Russian) as the source: a pair given the
    // other way round is aligned in that direction and mirrored, so aligning B with A
    // always gives the mirror image of aligning A with B.
    if tgt.lang < src.lang {
        let (a, pass) = align_directed(tgt, src, lex, model, learn_pass);
        return (a.mirrored(), pass);
    }
    align_directed(src, tgt, lex, model, learn_pass)
}

fn align_directed(
    src: &Document,
    tgt: &Document,
    lex: &Lexicon,
    model: &Model,
    learn_pass: bool,
) -> (Alignment, Option<SecondPass>) {
    let s: Vec<&str> = src.sentences.iter().map(String::as_str).collect();
    let t: Vec<&str> = tgt.sentences.iter().map(String::as_str).collect();
    let timing = std::env::var_os("TMXALIGN_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let (sf, tf) = extract(&s, src.lang, &t, tgt.lang, lex);
    let t1 = std::time::Instant::now();
    let mut a = align_features(&sf, &tf, src, tgt, model);
    let mut pass = None;
    if learn_pass && src.len().min(tgt.len()) >= SECOND_PASS_MIN_SENTENCES {
        let pairs: Vec<(&str, &str)> = a
            .beads
            .iter()
            .filter(|b| {
                b.src.len() == 1 && b.tgt.len() == 1 && b.confidence >= learn::MIN_CONFIDENCE
            })
            .map(|b| (s[b.src.start], t[b.tgt.start]))
            .collect();
        let (lex2, added) = learn::learn(&pairs, src.lang, tgt.lang, lex);
        if added > 0 {
            let (sf, tf) = extract(&s, src.lang, &t, tgt.lang, &lex2);
            a = align_features(&sf, &tf, src, tgt, model);
        }
        pass = Some(SecondPass::Learned {
            pairs: added,
            beads: pairs.len(),
        });
    } else if learn_pass {
        pass = Some(SecondPass::TooShort);
    }
    if timing {
        eprintln!(
            "timing: features {:.4} s, alignment {:.4} s",
            (t1 - t0).as_secs_f64(),
            t1.elapsed().as_secs_f64()
        );
    }
    (a, pass)
}

/// Aligns documents whose sentence features are already computed.
pub fn align_features(
    sf: &[SentFeat],
    tf: &[SentFeat],
    src: &Document,
    tgt: &Document,
    model: &Model,
) -> Alignment {
    let mut ctx = Context::new(sf, tf, &src.para, &tgt.para, model);
    // Texts whose length ratio is far from the language pair's (one side has a long
    // passage the other lacks) start from the usual ratio instead.
    if let Some(usual) = usual_ratio(src.lang, tgt.lang) {
        if (ctx.c / usual).ln().abs() > RATIO_OUTLIER.ln() {
            ctx = ctx.with_ratio(usual);
        }
    }
    let first = align_with_context(&ctx, sf, tf, src, tgt);
    // The length ratio c comes from the whole texts, so a long passage present on one side
    // only (an added paragraph, an untranslated quote) skews it and every length score
    // with it. Re-estimate c from the confident 1-1 beads, as one EM step, and realign
    // when it moved by more than RATIO_REESTIMATE.
    let (mut ls, mut lt, mut n) = (0u64, 0u64, 0usize);
    for b in first
        .beads
        .iter()
        .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
    {
        if b.confidence >= 0.5 {
            ls += sf[b.src.start].chars as u64;
            lt += tf[b.tgt.start].chars as u64;
            n += 1;
        }
    }
    if n < 3 || ls == 0 || lt == 0 {
        return first;
    }
    let c = lt as f64 / ls as f64;
    if (c / ctx.c).ln().abs() <= RATIO_REESTIMATE.ln() {
        return first;
    }
    let ctx = ctx.with_ratio(c);
    align_with_context(&ctx, sf, tf, src, tgt)
}

/// How far (as a factor) the length ratio of the confident 1-1 beads may stray from the
/// ratio the first pass used before [`align_features`] realigns with it. Fitted on the
/// even-numbered NTREX documents (1.15 lowered en-ru omission F1 there; 1.3 and 1.5 lower
/// nothing, 1.3 raises en-be noisy omission F1 from 0.954 to 0.961).
pub const RATIO_REESTIMATE: f64 = 1.3;

/// How far (as a factor) a text pair's length ratio may stray from [`usual_ratio`]
/// before the first pass uses the usual ratio instead: the even-numbered NTREX documents
/// range 0.97–1.39 (en-ru) and 0.92–1.16 (en-be) characters per English character, all
/// within this factor.
pub const RATIO_OUTLIER: f64 = 1.5;

/// Target characters per source character of a typical translation, for pairs with
/// English as the source: the totals of the even-numbered NTREX clean documents (en-ru
/// 1.103, en-be 1.038). `None` for other pairs.
pub fn usual_ratio(src: crate::Lang, tgt: crate::Lang) -> Option<f64> {
    use crate::Lang::*;
    match (src, tgt) {
        (En, Ru) => Some(1.103),
        (En, Be) => Some(1.038),
        _ => None,
    }
}

/// [`align_features`] with a given context: by paragraph blocks when the paragraphs pair
/// up, else whole.
fn align_with_context(
    ctx: &Context,
    sf: &[SentFeat],
    tf: &[SentFeat],
    src: &Document,
    tgt: &Document,
) -> Alignment {
    let blocks = paragraph_blocks(src, tgt, sf, tf, ctx.c);
    let parts: Vec<(Vec<Bead>, f64)> = blocks
        .par_iter()
        .map(|(sr, tr)| align_block(ctx, sr.clone(), tr.clone()))
        .collect();
    let block_score: f64 = parts.iter().map(|p| p.1).sum();
    let by_blocks = Alignment {
        beads: parts.into_iter().flat_map(|p| p.0).collect(),
    };
    if blocks.len() < 2 {
        return by_blocks;
    }
    // Paragraph pairs matched by position can be wrong (one paragraph dropped, another
    // added): keep them only if aligning the whole documents, where crossing a paragraph
    // boundary costs the `crosses-paragraph` weight, does not score clearly higher.
    let (whole, whole_score) = align_block(ctx, 0..src.len(), 0..tgt.len());
    if whole_score > block_score + PARAGRAPH_PAIRING_MARGIN {
        Alignment { beads: whole }
    } else {
        by_blocks
    }
}

/// How much higher (in score units) the whole-document alignment must score than the
/// paragraph-by-paragraph one for the paragraph pairing to be dropped: the weight of one
/// bead crossing a paragraph boundary.
pub const PARAGRAPH_PAIRING_MARGIN: f64 = 5.0;

/// Pairs of (source, target) sentence ranges to align independently.
fn paragraph_blocks(
    src: &Document,
    tgt: &Document,
    sf: &[SentFeat],
    tf: &[SentFeat],
    c: f64,
) -> Vec<(Range<usize>, Range<usize>)> {
    let whole = vec![(0..src.len(), 0..tgt.len())];
    if src.n_paragraphs != tgt.n_paragraphs || src.n_paragraphs < 2 {
        return whole;
    }
    let sp = src.paragraph_ranges();
    let tp = tgt.paragraph_ranges();
    let chars =
        |f: &[SentFeat], r: &Range<usize>| f[r.clone()].iter().map(|s| s.chars as f64).sum::<f64>();
    for (a, b) in sp.iter().zip(&tp) {
        let ratio = chars(tf, b) / (c * chars(sf, a)).max(1.0);
        if !(0.25..=4.0).contains(&ratio) {
            return whole;
        }
    }
    sp.into_iter().zip(tp).collect()
}

struct Offset<'a> {
    ctx: &'a Context<'a>,
    i: usize,
    j: usize,
}

impl BeadScorer for Offset<'_> {
    fn score(&self, i0: usize, di: usize, j0: usize, dj: usize) -> f64 {
        self.ctx.score(i0 + self.i, di, j0 + self.j, dj)
    }

    fn score_row(&self, i: usize, lo: usize, hi: usize, out: &mut [f32]) {
        self.ctx
            .score_row_at(i + self.i, lo + self.j, hi + self.j, (self.i, self.j), out)
    }
}

/// Aligns source sentences `sr` with target sentences `tr`; returns the beads and the
/// ladder's total score.
fn align_block(ctx: &Context, sr: Range<usize>, tr: Range<usize>) -> (Vec<Bead>, f64) {
    let scorer = Offset {
        ctx,
        i: sr.start,
        j: tr.start,
    };
    let r = align_banded(
        sr.len(),
        tr.len(),
        &scorer,
        INITIAL_BAND,
        ctx.model.temperature,
    );
    if std::env::var_os("TMXALIGN_TIMING").is_some() && sr.len() > 200 {
        eprintln!(
            "timing: block of {}x{} sentences, band half-width {}",
            sr.len(),
            tr.len(),
            r.band_width
        );
    }
    let total: f64 = r.scores.iter().sum();
    let beads = r
        .path
        .iter()
        .zip(&r.posteriors)
        .map(|(&(i0, di, j0, dj), &post)| {
            let (i0, j0) = (i0 + sr.start, j0 + tr.start);
            let f = ctx.features(i0, di, j0, dj);
            let tx = ((di, dj) == (1, 1)).then(|| ctx.translation_inputs(i0, j0));
            Bead {
                src: i0..i0 + di,
                tgt: j0..j0 + dj,
                confidence: ctx.model.confidence(post, &f, tx.as_ref()),
                reasons: ctx.reasons(&f, di, dj, tx.as_ref()),
            }
        })
        .collect();
    (beads, total)
}
