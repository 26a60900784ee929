//! The normal-distribution tail used by the Gale–Church length model.

/// `ln(2 · (1 − Φ(|x|)))`, the log probability that a standard normal variable is at least
/// `|x|` away from 0 (two-sided), clamped below at -50.
///
/// Uses the complementary error function approximation of Numerical Recipes (Press et al.,
/// 2nd ed., §6.2, `erfcc`, fractional error < 1.2e-7), evaluated in log space so that
/// large `|x|` does not underflow.
pub fn log_two_sided_tail(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    (t.ln() + poly).max(-50.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_known_tail_probabilities() {
        assert!((log_two_sided_tail(0.0) - 0.0).abs() < 1e-6);
        // P(|Z| > 1.96) = 0.05
        assert!((log_two_sided_tail(1.96).exp() - 0.05).abs() < 1e-4);
        assert!((log_two_sided_tail(-1.0).exp() - 0.3173).abs() < 1e-3);
        assert!(log_two_sided_tail(100.0) == -50.0);
    }
}
