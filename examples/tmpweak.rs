use tmxalign::features::{extract, lexicon::Lexicon};
use tmxalign::score::{Context, Model};
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
    for bench in &a[2..] {
        let s = std::fs::read_to_string(format!("{bench}/src.txt")).unwrap();
        let t = std::fs::read_to_string(format!("{bench}/tgt.txt")).unwrap();
        let gold = std::fs::read_to_string(format!("{bench}/gold.txt")).unwrap();
        let s: Vec<&str> = s.lines().collect();
        let t: Vec<&str> = t.lines().collect();
        let lex = Lexicon::builtin(lang);
        let (sf, tf) = extract(&s, Lang::En, &t, lang, lex);
        let model = Model::builtin();
        let sp = vec![0; s.len()];
        let tp = vec![0; t.len()];
        let ctx = Context::new(&sf, &tf, &sp, &tp, model);
        for b in gold.lines().filter(|l| !l.is_empty()).map(parse) {
            if b.0.is_empty() || b.1.is_empty() { continue; }
            let f = ctx.features(b.0[0], b.0.len(), b.1[0], b.1.len());
            println!("{}-{} weak {:.3} cov {:.3}", b.0.len(), b.1.len(), f[20], f[9] + f[10] + f[11]);
        }
    }
}
