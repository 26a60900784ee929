//! The bead file format of the NTREX benchmark: one bead per line, `[3,4]:[5]` with
//! 0-based sentence indices, optionally followed by `:0.97`, the bead's confidence.
//! `[5]:[]` is a source sentence without translation.

use crate::align::Alignment;
use std::fmt::Write as _;

/// A bead as read from a bead file: source and target sentence indices, and confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct BeadLine {
    /// Source sentence indices (0-based), possibly empty.
    pub src: Vec<usize>,
    /// Target sentence indices (0-based), possibly empty.
    pub tgt: Vec<usize>,
    /// Confidence in [0, 1], when given.
    pub confidence: Option<f64>,
}

/// Writes `alignment` in bead-file format, confidence with two decimals, one bead per
/// line with a final newline.
pub fn write_beads(alignment: &Alignment) -> String {
    let mut out = String::new();
    let list = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    for b in &alignment.beads {
        let _ = writeln!(
            out,
            "[{}]:[{}]:{:.2}",
            list(&b.src),
            list(&b.tgt),
            b.confidence
        );
    }
    out
}

fn parse_list(s: &str) -> Result<Vec<usize>, String> {
    let inner = s
        .trim()
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .ok_or_else(|| format!("expected [i,j,…], found '{s}'"))?;
    if inner.trim().is_empty() {
        return Ok(Vec::new());
    }
    inner
        .split(',')
        .map(|x| {
            x.trim()
                .parse::<usize>()
                .map_err(|_| format!("bad index '{x}'"))
        })
        .collect()
}

/// Parses bead-file text. Blank lines are skipped.
///
/// Errors: `line N: …` (1-based) for a line that is not `[…]:[…]` or `[…]:[…]:p` with
/// p in [0, 1].
pub fn parse_beads(text: &str) -> Result<Vec<BeadLine>, String> {
    Ok(parse_numbered_beads(text)?
        .into_iter()
        .map(|(_, b)| b)
        .collect())
}

/// Parses bead-file text that must be a ladder (see [`check_ladder`]).
///
/// Errors: those of [`parse_beads`] and of [`check_ladder`], each `line N: …`.
pub fn parse_ladder(text: &str) -> Result<Vec<BeadLine>, String> {
    let beads = parse_numbered_beads(text)?;
    check_ladder(&beads)?;
    Ok(beads.into_iter().map(|(_, b)| b).collect())
}

/// [`parse_beads`], each bead with its 1-based line number.
///
/// Errors: as [`parse_beads`].
pub fn parse_numbered_beads(text: &str) -> Result<Vec<(usize, BeadLine)>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |e: String| format!("line {}: {e}", n + 1);
        let close = line
            .find("]:")
            .ok_or_else(|| err("expected '[…]:[…]'".into()))?;
        let src = parse_list(&line[..=close]).map_err(err)?;
        let rest = &line[close + 2..];
        let close2 = rest
            .find(']')
            .ok_or_else(|| err("expected '[…]:[…]'".into()))?;
        let tgt = parse_list(&rest[..=close2]).map_err(err)?;
        let tail = rest[close2 + 1..].trim();
        let confidence = if tail.is_empty() {
            None
        } else {
            let p: f64 = tail
                .strip_prefix(':')
                .and_then(|x| x.trim().parse().ok())
                .ok_or_else(|| err(format!("bad confidence '{tail}'")))?;
            if !(0.0..=1.0).contains(&p) {
                return Err(err(format!("confidence {p} outside [0, 1]")));
            }
            Some(p)
        };
        out.push((
            n + 1,
            BeadLine {
                src,
                tgt,
                confidence,
            },
        ));
    }
    Ok(out)
}

/// Checks that `beads` (with their line numbers) form a ladder: no bead without
/// sentences, and on each side the indices, read bead after bead, are 0, 1, 2, … — each
/// bead a run of strictly increasing consecutive indices, every sentence up to the last
/// in exactly one bead, the beads in document order (an omitted sentence is a bead of
/// its own, `[3]:[]`).
///
/// Errors: `line N: …` saying what is wrong with the first bead that breaks the ladder.
pub fn check_ladder(beads: &[(usize, BeadLine)]) -> Result<(), String> {
    let show = |v: &[usize]| {
        v.iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let (mut next_src, mut next_tgt) = (0usize, 0usize);
    for (n, b) in beads {
        let bead = format!("[{}]:[{}]", show(&b.src), show(&b.tgt));
        if b.src.is_empty() && b.tgt.is_empty() {
            return Err(format!("line {n}: a bead with no sentence ([]:[])"));
        }
        for (ids, next, side) in [
            (&b.src, &mut next_src, "source"),
            (&b.tgt, &mut next_tgt, "target"),
        ] {
            for (k, &i) in ids.iter().enumerate() {
                if k > 0 && i <= ids[k - 1] {
                    return Err(format!(
                        "line {n}: bead {bead}: the {side} indices are not strictly increasing"
                    ));
                }
                if i < *next {
                    return Err(format!(
                        "line {n}: bead {bead}: {side} sentence {i} is already in an earlier bead (each sentence belongs to exactly one bead)"
                    ));
                }
                if i > *next {
                    return Err(format!(
                        "line {n}: bead {bead}: {side} sentence {} is in no bead (beads must cover the sentences in order from 0; an omission is a bead like [3]:[] or []:[3])",
                        *next
                    ));
                }
                *next += 1;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn round_trip() {
        let a = Alignment {
            beads: vec![
                Bead {
                    src: 0..2,
                    tgt: 0..1,
                    confidence: 0.974,
                    reasons: vec![],
                },
                Bead {
                    src: 2..3,
                    tgt: 1..1,
                    confidence: 0.5,
                    reasons: vec![],
                },
            ],
        };
        let text = write_beads(&a);
        assert_eq!(text, "[0,1]:[0]:0.97\n[2]:[]:0.50\n");
        let p = parse_beads(&text).unwrap();
        assert_eq!(
            p[0],
            BeadLine {
                src: vec![0, 1],
                tgt: vec![0],
                confidence: Some(0.97)
            }
        );
        assert_eq!(p[1].tgt, Vec::<usize>::new());
        assert_eq!(parse_beads("[3]:[4]\n").unwrap()[0].confidence, None);
        assert!(parse_beads("[3]:[x]").unwrap_err().starts_with("line 1"));
        assert!(parse_beads("[3]:[4]:1.5").is_err());
    }

    #[test]
    fn ladders() {
        // The shapes of the NTREX gold files: omissions on either side, merges, blank lines.
        let ok = "[0]:[0]\n[1]:[1,2]\n\n[2]:[]\n[]:[3]\n[3,4]:[4]:0.5\n";
        let beads = parse_ladder(ok).unwrap();
        assert_eq!(beads.len(), 5);
        assert_eq!(beads[4].src, vec![3, 4]);
        assert_eq!(parse_ladder("").unwrap(), Vec::<BeadLine>::new());
        for (bad, err) in [
            (
                "[999]:[7,7]\n",
                "line 1: bead [999]:[7,7]: source sentence 0 is in no bead",
            ),
            (
                "[0]:[0,0]\n",
                "line 1: bead [0]:[0,0]: the target indices are not strictly increasing",
            ),
            (
                "[0]:[0]\n\n[0]:[1]\n",
                "line 3: bead [0]:[1]: source sentence 0 is already in an earlier bead",
            ),
            (
                "[0]:[0]\n[2]:[1]\n",
                "line 2: bead [2]:[1]: source sentence 1 is in no bead",
            ),
            (
                "[0]:[0]\n[1]:[2]\n[2]:[1]\n",
                "line 2: bead [1]:[2]: target sentence 1 is in no bead",
            ),
            ("[0]:[0]\n[]:[]\n", "line 2: a bead with no sentence"),
            (
                "[0]:[0]\n[1]:[1]\n[1]:[1]\n",
                "line 3: bead [1]:[1]: source sentence 1 is already",
            ),
        ] {
            let e = parse_ladder(bad).unwrap_err();
            assert!(e.starts_with(err), "{bad:?}: {e}");
        }
    }
}
