//! Hidden tests of `stat_016_multiple_testing`, compiled against the learner's crate (or the
//! reference solution): golden values from statsmodels, scipy and mpmath, every edge input of
//! the statement, its properties, statistical checks of the Monte-Carlo permutation test and
//! of the error rates each correction controls, and one test per classic mistake.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;
mod statistical;

/// The golden values, written by `fixtures/stat_016_multiple_testing/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/stat_016_multiple_testing/golden.rs");
}

use stat_016_multiple_testing::{
    Correction, SpendingFunction, TestOutcome, alpha_spending, multiple_test,
};

/// Tolerances of the statement.
const ADJ_RTOL: f64 = 1e-12;
const ADJ_ATOL: f64 = 1e-15;
const SPEND_RTOL: f64 = 1e-9;
const SPEND_ATOL: f64 = 1e-12;

const ALL_METHODS: [Correction; 4] = [
    Correction::Bonferroni,
    Correction::Holm,
    Correction::BenjaminiHochberg,
    Correction::BenjaminiYekutieli,
];

/// `multiple_test` that must succeed; an error is a test failure that names the call.
#[track_caller]
fn adjust(p: &[f64], alpha: f64, method: Correction) -> TestOutcome {
    match multiple_test(p, alpha, method) {
        Ok(out) => {
            assert_eq!(
                (out.adjusted.len(), out.reject.len()),
                (p.len(), p.len()),
                "multiple_test({p:?}, {alpha}, {method:?}): expected {} adjusted values and \
                 decisions, got {} and {}",
                p.len(),
                out.adjusted.len(),
                out.reject.len()
            );
            out
        }
        Err(e) => panic!(
            "multiple_test({p:?}, {alpha}, {method:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (p in [0, 1], alpha in (0, 1))"
        ),
    }
}

/// `alpha_spending` that must succeed.
#[track_caller]
fn spend(t: &[f64], alpha: f64, kind: SpendingFunction) -> Vec<f64> {
    match alpha_spending(t, alpha, kind) {
        Ok(v) => v,
        Err(e) => panic!(
            "alpha_spending({t:?}, {alpha}, {kind:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting valid information fractions (strictly increasing, in (0, 1])"
        ),
    }
}

/// Number of k-subsets of n things (small n only: the tests' own arithmetic).
fn binomial(n: u64, k: u64) -> u64 {
    let k = k.min(n - k);
    (1..=k).fold(1u64, |c, i| c * (n - k + i) / i)
}
