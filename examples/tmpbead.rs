use tmxalign::features::{extract, lexicon::Lexicon};
use tmxalign::score::{dot, Context, Model, FEATURE_NAMES};
use tmxalign::Lang;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = std::fs::read_to_string(&a[1]).unwrap();
    let t = std::fs::read_to_string(&a[2]).unwrap();
    let s: Vec<&str> = s.lines().collect();
    let t: Vec<&str> = t.lines().collect();
    let lex = Lexicon::builtin(Lang::Ru);
    let (sf, tf) = extract(&s, Lang::En, &t, Lang::Ru, lex);
    let model = Model::builtin();
    let sp = vec![0; s.len()];
    let tp = vec![0; t.len()];
    let ctx = Context::new(&sf, &tf, &sp, &tp, model);
    for b in a[3..].chunks(4) {
        let v: Vec<usize> = b.iter().map(|x| x.parse().unwrap()).collect();
        let f = ctx.features(v[0], v[1], v[2], v[3]);
        let sc = dot(&model.weights, &f);
        println!("bead {:?} score {:.3}", v, sc);
        for (k, x) in f.iter().enumerate() {
            if *x != 0.0 {
                println!("   {:32} {:8.3} w {:8.3} -> {:8.3}", FEATURE_NAMES[k], x, model.weights[k], x * model.weights[k]);
            }
        }
    }
}
