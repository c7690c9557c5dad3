//! Statistical checks on the fixed seeds 1..=5, each at >= 5.5 sigma (sigma from the binomial
//! distribution), never depending on the order or number of random draws:
//! * under the global null the FWER of Bonferroni and of Holm is 1 - (1 - alpha/m)^m and
//!   the FDR of BH is alpha (the p-values are drawn here, in the test code);
//! * the Monte-Carlo permutation p-value agrees with the exact one;
//! * p * (B + 1) is a whole number in [1, B + 1], and the same seed gives the same p.

use grading_support::{STATISTICAL_SEEDS, ensure, same_bits};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use stat_016_multiple_testing::{Correction, permutation_test_monte_carlo};

use crate::adjust;
use crate::fixtures::PERMUTATION_EXACT;

const M: usize = 20;
const REPLICATIONS: usize = 20_000;
const ALPHA: f64 = 0.05;

/// Fraction of `REPLICATIONS` global-null families of `M` uniform p-values in which `method`
/// rejects at least one hypothesis. Under the global null every rejection is false, so this
/// is both the FWER and the FDR (V / max(R, 1) is 1 when R > 0, else 0).
/// Also returns the same fraction for the uncorrected rule p_i <= alpha.
///
/// Each family is drawn directly as the order statistics of M uniforms (exponential
/// spacings: U_(k) = S_k / S_(M+1) with S_k a sum of k Exp(1) draws), in ascending order.
/// Whether anything is rejected depends only on the set of p-values, and presorted input keeps
/// the 100 000 calls per test fast; equivariance under reordering is property 2, and the
/// golden tests use unsorted input.
fn any_rejection_rate(method: Correction, seed: u64) -> (f64, f64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut corrected = 0usize;
    let mut uncorrected = 0usize;
    let mut p = [0.0; M];
    for _ in 0..REPLICATIONS {
        let mut s = 0.0;
        for x in p.iter_mut() {
            s += -(1.0 - rng.random::<f64>()).ln();
            *x = s;
        }
        let total = s - (1.0 - rng.random::<f64>()).ln();
        for x in p.iter_mut() {
            *x /= total;
        }
        if adjust(&p, ALPHA, method).reject.iter().any(|&r| r) {
            corrected += 1;
        }
        if p.iter().any(|&x| x <= ALPHA) {
            uncorrected += 1;
        }
    }
    (
        corrected as f64 / REPLICATIONS as f64,
        uncorrected as f64 / REPLICATIONS as f64,
    )
}

/// 1 - (1 - alpha/m)^m = 0.048830...: the FWER of Bonferroni (and Holm) under the global null.
fn bonferroni_fwer() -> f64 {
    1.0 - (1.0 - ALPHA / M as f64).powi(M as i32)
}

fn check_rate(what: &str, seed: u64, got: f64, want: f64, tol: f64, mistake: &str) {
    ensure(
        (got - want).abs() <= tol,
        || {
            format!(
                "{what} (seed {seed}, {REPLICATIONS} families of {M} null p-values, alpha {ALPHA}): expected {want:.6} +- {tol}, got {got:.6}"
            )
        },
        mistake,
    );
}

// sigma of a rate near 0.0488 over 20 000 replications: sqrt(0.0488 * 0.9512 / 20000)
// = 0.00152, so 0.0095 is 6.2 sigma. Near 0.05: 0.00154, 6.2 sigma. Near 0.6415: 0.00339,
// so 0.02 is 5.9 sigma.
const RATE_TOL: f64 = 0.0095;
const UNCORRECTED_TOL: f64 = 0.02;

#[test]
fn bonferroni_controls_the_fwer_under_the_global_null() {
    for seed in STATISTICAL_SEEDS {
        let (fwer, uncorrected) = any_rejection_rate(Correction::Bonferroni, seed);
        check_rate(
            "FWER of Bonferroni",
            seed,
            fwer,
            bonferroni_fwer(),
            RATE_TOL,
            "Bonferroni rejects p_i <= alpha / m, i.e. adjusted m p_i <= alpha",
        );
        // The reason for correcting at all: 1 - 0.95^20 = 0.6415 of null families have a "discovery".
        check_rate(
            "FWER without correction (sanity check of the simulation)",
            seed,
            uncorrected,
            1.0 - (1.0 - ALPHA).powi(M as i32),
            UNCORRECTED_TOL,
            "(the simulation itself)",
        );
    }
}

#[test]
fn holm_controls_the_fwer_under_the_global_null() {
    for seed in STATISTICAL_SEEDS {
        let (fwer, _) = any_rejection_rate(Correction::Holm, seed);
        check_rate(
            "FWER of Holm",
            seed,
            fwer,
            bonferroni_fwer(),
            RATE_TOL,
            "under the global null Holm rejects something exactly when Bonferroni does (min p <= alpha / m): check the multiplier m - j + 1 and the running maximum",
        );
    }
}

#[test]
fn benjamini_hochberg_controls_the_fdr_under_the_global_null() {
    for seed in STATISTICAL_SEEDS {
        let (fdr, _) = any_rejection_rate(Correction::BenjaminiHochberg, seed);
        check_rate(
            "FDR of Benjamini-Hochberg",
            seed,
            fdr,
            ALPHA,
            RATE_TOL,
            "under the global null BH's FDR is exactly alpha (Simes): check the step-up rule with running minimum and the factor m / j",
        );
    }
}

const MC_RESAMPLES: usize = 20_000;

/// |p_mc - p_exact| <= 5.5 sqrt(p (1 - p) / B) + 1 / (B + 1): c ~ Binomial(B, p) and the +1
/// correction moves the mean by at most 1 / (B + 1).
#[test]
fn monte_carlo_agrees_with_the_exact_test() {
    let names = [
        "spec_two_sided_not_doubled",
        "five_vs_twelve_with_ties",
        "ten_vs_four",
    ];
    for name in names {
        let case = PERMUTATION_EXACT
            .iter()
            .find(|c| c.name == name)
            .expect("fixture case");
        let b = MC_RESAMPLES as f64;
        let tol = 5.5 * (case.p * (1.0 - case.p) / b).sqrt() + 1.0 / (b + 1.0);
        for seed in STATISTICAL_SEEDS {
            let r = permutation_test_monte_carlo(
                case.a,
                case.b,
                MC_RESAMPLES,
                &mut StdRng::seed_from_u64(seed),
            );
            ensure(
                matches!(r, Ok(p) if (p - case.p).abs() <= tol),
                || {
                    format!(
                        "permutation_test_monte_carlo(a = {:?}, b = {:?}, B = {MC_RESAMPLES}, seed {seed}): expected the exact p {} +- {tol:.5}, got {r:?}",
                        case.a, case.b, case.p
                    )
                },
                "each resample is a uniform random split of a ++ b into n_a and n_b values; count |T_r| >= |T_obs| (1 - 1e-12) and return (c + 1) / (B + 1)",
            );
        }
    }
}

#[test]
fn monte_carlo_p_times_b_plus_one_is_a_whole_number() {
    let samples: [(&[f64], &[f64]); 3] = [
        (&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]),
        (&[0.5, -1.25, 3.0, 3.0], &[2.0, 7.5]),
        (&[10.0, 11.0, 12.0, 13.0, 14.0], &[0.0, 1.0, 2.0, 3.0, 4.0]),
    ];
    for (a, b) in samples {
        for n_resamples in [1usize, 2, 7, 99, 1000] {
            for seed in STATISTICAL_SEEDS {
                let r = permutation_test_monte_carlo(
                    a,
                    b,
                    n_resamples,
                    &mut StdRng::seed_from_u64(seed),
                );
                let whole = |p: f64| {
                    let k = p * (n_resamples as f64 + 1.0);
                    (k - k.round()).abs() <= 1e-9 * k.max(1.0)
                        && k.round() >= 1.0
                        && k.round() <= n_resamples as f64 + 1.0
                };
                ensure(
                    matches!(r, Ok(p) if whole(p)),
                    || {
                        format!(
                            "permutation_test_monte_carlo({a:?}, {b:?}, B = {n_resamples}, seed {seed}): expected (c + 1) / (B + 1) with c a whole number in [0, B], got {r:?}"
                        )
                    },
                    "the Monte-Carlo p-value is (c + 1) / (B + 1) (Phipson & Smyth), never c / B",
                );
            }
        }
    }
}

#[test]
fn monte_carlo_is_deterministic_for_a_seed() {
    let a = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0];
    let b = [2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0];
    for seed in STATISTICAL_SEEDS {
        let first = permutation_test_monte_carlo(&a, &b, 500, &mut StdRng::seed_from_u64(seed));
        let second = permutation_test_monte_carlo(&a, &b, 500, &mut StdRng::seed_from_u64(seed));
        ensure(
            matches!((&first, &second), (Ok(p), Ok(q)) if same_bits(*p, *q)),
            || {
                format!(
                    "permutation_test_monte_carlo twice with seed {seed}: expected the same p both times, got {first:?} and {second:?}"
                )
            },
            "draw every random number from the rng argument: no thread_rng, no other source of randomness",
        );
    }
}
