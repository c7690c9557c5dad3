//! One test per classic mistake of the statement, on the input that exposes it.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_016_multiple_testing::{
    Arm, BetaPrior, Correction, SpendingFunction, permutation_test_exact, prob_b_beats_a,
};

use crate::{ADJ_ATOL, ADJ_RTOL, SPEND_ATOL, SPEND_RTOL, adjust, spend};

#[test]
fn benjamini_hochberg_steps_up_not_down() {
    // Sorted: 0.02 <= 0.05/3? no. 0.035 <= 3 * 0.05 / 3 = 0.05: yes, so k* = 3 and all three
    // go. A step-down scan stops at the first failure (0.02 > 0.0167) and rejects none.
    let p = [0.02, 0.03, 0.035];
    let out = adjust(&p, 0.05, Correction::BenjaminiHochberg);
    ensure(
        out.reject == [true, true, true],
        || {
            format!(
                "multiple_test({p:?}, 0.05, BH).reject: expected [true, true, true], got {:?}",
                out.reject
            )
        },
        "BH is step-up: k* = max{k : p_(k) <= k alpha / m} and all of 1..k* are rejected; \
         scanning from the smallest and stopping at the first failure is step-down",
    );
}

#[test]
fn benjamini_hochberg_takes_the_running_minimum_from_the_top() {
    let p = [0.02, 0.03, 0.035];
    let out = adjust(&p, 0.05, Correction::BenjaminiHochberg);
    assert_all_close(
        "multiple_test([0.02, 0.03, 0.035], 0.05, BH).adjusted",
        &out.adjusted,
        &[0.035, 0.035, 0.035],
        ADJ_RTOL,
        ADJ_ATOL,
        "adj_(k) = min over j >= k of p_(j) m / j: without the running minimum you get \
         [0.06, 0.045, 0.035]",
    );
}

#[test]
fn holm_takes_the_running_maximum() {
    let p = [0.01, 0.011, 0.04];
    let out = adjust(&p, 0.05, Correction::Holm);
    assert_all_close(
        "multiple_test([0.01, 0.011, 0.04], 0.05, Holm).adjusted",
        &out.adjusted,
        &[0.03, 0.03, 0.04],
        ADJ_RTOL,
        ADJ_ATOL,
        "adj_(k) = max over j <= k of (m - j + 1) p_(j): without the running maximum the second \
         value is 2 * 0.011 = 0.022, below the first",
    );
}

#[test]
fn holm_multiplies_the_smallest_p_value_by_m() {
    let p = [0.01, 0.011, 0.04];
    let out = adjust(&p, 0.05, Correction::Holm);
    assert_close(
        "multiple_test([0.01, 0.011, 0.04], 0.05, Holm).adjusted[0]",
        out.adjusted[0],
        0.03,
        ADJ_RTOL,
        ADJ_ATOL,
        "the multiplier of p_(j) is m - j + 1 with j counted from 1 (3 for the smallest of \
         three), not m - j",
    );
}

#[test]
fn benjamini_yekutieli_uses_the_harmonic_number() {
    let p = [0.04, 0.001, 0.9];
    let out = adjust(&p, 0.05, Correction::BenjaminiYekutieli);
    assert_all_close(
        "multiple_test([0.04, 0.001, 0.9], 0.05, BY).adjusted",
        &out.adjusted,
        &[0.11, 0.0055, 1.0],
        ADJ_RTOL,
        ADJ_ATOL,
        "BY's constant is c_m = 1 + 1/2 + ... + 1/m (11/6 for m = 3), not ln m",
    );
}

#[test]
fn exact_test_counts_splits_tied_with_the_observed_one() {
    let r = permutation_test_exact(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]);
    ensure(
        r == Ok(0.1),
        || {
            format!(
                "permutation_test_exact([1, 2, 3], [4, 5, 6]): expected Ok(0.1) = 2/20, got {r:?}"
            )
        },
        "count |T_S| >= |T_obs| (1 - 1e-12), with >=: the observed split and its mirror image \
         both have |T| = 3 (a strict > gives 0.0; excluding the observed split gives 0.05)",
    );
}

#[test]
fn exact_test_counts_the_observed_split() {
    // The observed split is the only one with |T| = 9.5: p = 1 / C(5, 2) = 0.1.
    let r = permutation_test_exact(&[1.0, 2.0], &[10.0, 11.0, 12.0]);
    ensure(
        r == Ok(0.1),
        || {
            format!(
                "permutation_test_exact([1, 2], [10, 11, 12]): expected Ok(0.1) = 1/10, got {r:?}"
            )
        },
        "the observed split is one of the C(n, n_a) subsets and always counts, so p >= 1/C \
         (excluding it, or comparing with a strict >, gives 0)",
    );
}

#[test]
fn exact_test_is_two_sided_through_abs_t_not_by_doubling() {
    let r = permutation_test_exact(&[0.0, 1.0], &[2.0, 3.0, 10.0]);
    ensure(
        r == Ok(0.3),
        || {
            format!(
                "permutation_test_exact([0, 1], [2, 3, 10]): expected Ok(0.3) = 3/10, got {r:?}"
            )
        },
        "compare |T_S| with |T_obs|; doubling the smaller one-sided p-value (scipy's \
         alternative='two-sided') is a different test and gives 0.2 here",
    );
}

#[test]
fn obrien_fleming_uses_the_two_sided_quantile() {
    let got = spend(&[0.5, 1.0], 0.05, SpendingFunction::OBrienFleming);
    assert_all_close(
        "alpha_spending([0.5, 1.0], 0.05, O'Brien-Fleming)",
        &got,
        &[0.00557459668078441, 0.05],
        SPEND_RTOL,
        SPEND_ATOL,
        "alpha*(t) = 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)): with z_{1 - alpha} it spends 0.02 at \
         t = 0.5 and 2 alpha = 0.1 at t = 1",
    );
}

#[test]
fn miller_sum_has_alpha_b_terms() {
    let flat = BetaPrior { alpha: 1, beta: 1 };
    // Beta(2, 3) against Beta(5, 4), both ways round: 8/11 and 3/11.
    let cases = [
        (
            Arm {
                successes: 1,
                trials: 3,
            },
            Arm {
                successes: 4,
                trials: 7,
            },
            8.0 / 11.0,
        ),
        (
            Arm {
                successes: 4,
                trials: 7,
            },
            Arm {
                successes: 1,
                trials: 3,
            },
            3.0 / 11.0,
        ),
    ];
    for (a, b, want) in cases {
        let r = prob_b_beats_a(a, b, flat);
        ensure(
            matches!(r, Ok(p) if (p - want).abs() <= 1e-9),
            || {
                format!(
                    "prob_b_beats_a({a:?}, {b:?}, prior (1, 1)): expected {want} (atol 1e-9), got {r:?}"
                )
            },
            "the sum runs over i = 0 .. alpha_B - 1 (alpha_B terms, not alpha_B + 1); with \
             alpha_B + 1 terms Beta(2,3) vs Beta(5,4) gives 0.7832 instead of 8/11",
        );
    }
}
