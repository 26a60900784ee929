//! Criterion benchmarks of the hot paths: segmentation, feature extraction, bead scoring
//! with the banded DP, and the whole pipeline, on the demo statements in `corpora/`
//! (about 22 sentences a side) and, when `../shared/bench/ntrex` is present, on the
//! en-ru book-noisy text (about 1,800 sentences a side).
//!
//! Run with `cargo bench --bench align`. Wall time and peak memory of the whole command
//! on 18,000 sentences are printed by `scripts/bench-speed.sh`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::Path;
use tmxalign::document::Document;
use tmxalign::features::{extract, lexicon::Lexicon};
use tmxalign::input::paragraphs;
use tmxalign::pipeline::{align_documents, align_features};
use tmxalign::score::Model;
use tmxalign::segment::RuleSegmenter;
use tmxalign::Lang;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn demo(lang: Lang) -> Document {
    let name = format!("corpora/belarus-russia-trade-commission.{lang}.txt");
    let text = std::fs::read_to_string(root().join(name)).expect("demo statement");
    Document::segment(lang, &paragraphs(&text), &RuleSegmenter::new(lang))
}

fn texts(d: &Document) -> Vec<&str> {
    d.sentences.iter().map(String::as_str).collect()
}

fn statement(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("corpora/mfa-un-general-assembly.ru.txt"))
        .expect("demo statement");
    let paras = paragraphs(&text);
    let seg = RuleSegmenter::new(Lang::Ru);
    c.bench_function("segment/statement-ru", |b| {
        b.iter(|| Document::segment(Lang::Ru, black_box(&paras), &seg))
    });

    let (en, ru) = (demo(Lang::En), demo(Lang::Ru));
    let lex = Lexicon::builtin(Lang::Ru);
    let model = Model::builtin();
    let (s, t) = (texts(&en), texts(&ru));
    c.bench_function("features/statement-en-ru", |b| {
        b.iter(|| extract(black_box(&s), Lang::En, black_box(&t), Lang::Ru, lex))
    });
    let (sf, tf) = extract(&s, Lang::En, &t, Lang::Ru, lex);
    c.bench_function("align/statement-en-ru", |b| {
        b.iter(|| align_features(black_box(&sf), black_box(&tf), &en, &ru, model))
    });
    c.bench_function("pipeline/statement-en-ru", |b| {
        b.iter(|| align_documents(black_box(&en), black_box(&ru), lex, model))
    });
}

fn book(c: &mut Criterion) {
    let dir = root().join("../shared/bench/ntrex/en-ru/book-noisy/all");
    let (Ok(src), Ok(tgt)) = (
        std::fs::read_to_string(dir.join("src.txt")),
        std::fs::read_to_string(dir.join("tgt.txt")),
    ) else {
        eprintln!("skipping book benchmarks: {} not found", dir.display());
        return;
    };
    let en = Document::presegmented(Lang::En, &src);
    let ru = Document::presegmented(Lang::Ru, &tgt);
    let lex = Lexicon::builtin(Lang::Ru);
    let model = Model::builtin();
    let (s, t) = (texts(&en), texts(&ru));
    let mut g = c.benchmark_group("book-noisy-en-ru");
    g.sample_size(10);
    g.bench_function("features", |b| {
        b.iter(|| extract(black_box(&s), Lang::En, black_box(&t), Lang::Ru, lex))
    });
    let (sf, tf) = extract(&s, Lang::En, &t, Lang::Ru, lex);
    g.bench_function("align", |b| {
        b.iter(|| align_features(black_box(&sf), black_box(&tf), &en, &ru, model))
    });
    g.finish();
}

criterion_group!(benches, statement, book);
criterion_main!(benches);
