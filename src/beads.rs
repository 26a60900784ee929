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
        out.push(BeadLine {
            src,
            tgt,
            confidence,
        });
    }
    Ok(out)
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
}
