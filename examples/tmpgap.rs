use tmxalign::features::{extract, lexicon::Lexicon};
use tmxalign::score::{dot, Context, Model};
use tmxalign::Lang;
fn parse(l: &str) -> (Vec<usize>, Vec<usize>) {
    let p: Vec<&str> = l.split(':').collect();
    let f = |s: &str| -> Vec<usize> {
        s.trim_matches(|c| c == '[' || c == ']').split(',').filter(|x| !x.is_empty()).map(|x| x.trim().parse().unwrap()).collect()
    };
    (f(p[0]), f(p[1]))
}
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let lang = if a[1] == "ru" { Lang::Ru } else { Lang::Be };
    for dir in &a[2..] {
        let bench = dir.replace("/tmp/bn-new/pred", "../shared/bench/ntrex");
        let s = std::fs::read_to_string(format!("{bench}/src.txt")).unwrap();
        let t = std::fs::read_to_string(format!("{bench}/tgt.txt")).unwrap();
        let gold = std::fs::read_to_string(format!("{bench}/gold.txt")).unwrap();
        let gold: Vec<_> = gold.lines().filter(|l| !l.is_empty()).map(parse).collect();
        let s: Vec<&str> = s.lines().collect();
        let t: Vec<&str> = t.lines().collect();
        let lex = Lexicon::builtin(lang);
        let (sf, tf) = extract(&s, Lang::En, &t, lang, lex);
        let model = Model::builtin();
        let sp = vec![0; s.len()];
        let tp = vec![0; t.len()];
        let ctx = Context::new(&sf, &tf, &sp, &tp, model);
        let sc = |b: &(Vec<usize>, Vec<usize>), i0: usize, j0: usize| {
            dot(&model.weights, &ctx.features(b.0.first().copied().unwrap_or(i0), b.0.len(), b.1.first().copied().unwrap_or(j0), b.1.len()))
        };
        let pred = std::fs::read_to_string(format!("{dir}/pred.txt")).unwrap();
        let pred: Vec<_> = pred.lines().filter(|l| !l.is_empty()).map(|l| parse(&l[..l.rfind(':').unwrap()])).collect();
        // start positions
        let mut pos = vec![(0usize, 0usize)];
        for b in &pred { let (i, j) = *pos.last().unwrap(); pos.push((i + b.0.len(), j + b.1.len())); }
        for k in 0..pred.len().saturating_sub(1) {
            let (x, y) = (&pred[k], &pred[k + 1]);
            let shapes = ((x.0.len(), x.1.len()), (y.0.len(), y.1.len()));
            let (i, j) = pos[k];
            let ok = [(1, 0), (1, 2)] == [shapes.0, shapes.1] || [(1, 2), (1, 0)] == [shapes.0, shapes.1] || [(0, 1), (2, 1)] == [shapes.0, shapes.1] || [(2, 1), (0, 1)] == [shapes.0, shapes.1];
            if !ok { continue; }
            let alt1 = (vec![i], vec![j]);
            let alt2 = (vec![i + 1], vec![j + 1]);
            let gap = sc(x, i, j) + sc(y, pos[k + 1].0, pos[k + 1].1) - sc(&alt1, i, j) - sc(&alt2, i, j);
            let correct = gold.contains(x) && gold.contains(y);
            println!("{gap:8.3} pattern_correct={correct} {dir} {:?}", (x, y));
        }
    }
}
