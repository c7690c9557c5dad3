//! Golden values from statsmodels (`multipletests`), scipy (`permutation_test`) and mpmath
//! (spending functions, Bayesian A/B), at the statement's tolerances.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_016_multiple_testing::{
    Arm, BetaPrior, Correction, SpendingFunction, permutation_test_exact, prob_b_beats_a,
};

use crate::fixtures::{BAYES, MULTIPLE_TEST, PERMUTATION_EXACT, SPENDING};
use crate::{ADJ_ATOL, ADJ_RTOL, SPEND_ATOL, SPEND_RTOL, adjust, spend};

fn check_method(
    method: Correction,
    pick: fn(&crate::fixtures::MultipleTestCase) -> (&[f64], &[bool]),
    mistake: &str,
) {
    for case in MULTIPLE_TEST {
        let out = adjust(case.p, case.alpha, method);
        let (want_adj, want_reject) = pick(case);
        assert_all_close(
            &format!(
                "multiple_test(case {:?}, alpha {}, {method:?}).adjusted",
                case.name, case.alpha
            ),
            &out.adjusted,
            want_adj,
            ADJ_RTOL,
            ADJ_ATOL,
            mistake,
        );
        ensure(
            out.reject == want_reject,
            || {
                format!(
                    "multiple_test(case {:?}, alpha {}, {method:?}).reject: expected {want_reject:?}, got {:?}",
                    case.name, case.alpha, out.reject
                )
            },
            "reject must be exactly adjusted[i] <= alpha (with <=, not <), in the caller's order",
        );
    }
}

#[test]
fn bonferroni_matches_statsmodels() {
    check_method(
        Correction::Bonferroni,
        |c| (c.bonferroni, c.bonferroni_reject),
        "Bonferroni is min(1, m * p_i) for each p-value, in the caller's order",
    );
}

#[test]
fn holm_matches_statsmodels() {
    check_method(
        Correction::Holm,
        |c| (c.holm, c.holm_reject),
        "Holm sorts ascending, multiplies p_(j) by (m - j + 1), takes the running maximum, \
         caps at 1 and scatters back to the caller's order",
    );
}

#[test]
fn benjamini_hochberg_matches_statsmodels() {
    check_method(
        Correction::BenjaminiHochberg,
        |c| (c.benjamini_hochberg, c.benjamini_hochberg_reject),
        "BH sorts ascending, forms p_(j) * (m / j), takes the running minimum from the largest \
         p-value down, caps at 1 and scatters back to the caller's order",
    );
}

#[test]
fn benjamini_yekutieli_matches_statsmodels() {
    check_method(
        Correction::BenjaminiYekutieli,
        |c| (c.benjamini_yekutieli, c.benjamini_yekutieli_reject),
        "BY is BH with every factor multiplied by c_m = 1 + 1/2 + ... + 1/m",
    );
}

#[test]
fn exact_permutation_matches_scipy() {
    for case in PERMUTATION_EXACT {
        let got = permutation_test_exact(case.a, case.b).unwrap_or_else(|e| {
            panic!(
                "permutation_test_exact(case {:?}): expected Ok, got Err({e:?})",
                case.name
            )
        });
        assert_close(
            &format!(
                "permutation_test_exact(case {:?}, a = {:?}, b = {:?}) ({} of {} splits as extreme)",
                case.name, case.a, case.b, case.count, case.splits
            ),
            got,
            case.p,
            1e-15,
            0.0,
            "enumerate each subset of size n_a exactly once, compare |T_S| >= |T_obs| (1 - 1e-12) \
             (ties count, the observed split counts) and divide by C(n_a + n_b, n_a)",
        );
    }
}

fn check_spending(
    kind: SpendingFunction,
    pick: fn(&crate::fixtures::SpendingCase) -> &[f64],
    mistake: &str,
) {
    for case in SPENDING {
        let got = spend(case.t, case.alpha, kind);
        assert_all_close(
            &format!("alpha_spending({:?}, {}, {kind:?})", case.t, case.alpha),
            &got,
            pick(case),
            SPEND_RTOL,
            SPEND_ATOL,
            mistake,
        );
    }
}

#[test]
fn obrien_fleming_spending_matches_mpmath() {
    check_spending(
        SpendingFunction::OBrienFleming,
        |c| c.obrien_fleming,
        "O'Brien-Fleming type spending is 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)) with \
         z_q = Phi^-1(q), and exactly alpha at t = 1",
    );
}

#[test]
fn pocock_spending_matches_mpmath() {
    check_spending(
        SpendingFunction::Pocock,
        |c| c.pocock,
        "Pocock type spending is alpha * ln(1 + (e - 1) t), exactly alpha at t = 1",
    );
}

fn check_bayes(large: bool) {
    for case in BAYES
        .iter()
        .filter(|c| (c.a.1.max(c.b.1) > 10_000) == large)
    {
        let a = Arm {
            successes: case.a.0,
            trials: case.a.1,
        };
        let b = Arm {
            successes: case.b.0,
            trials: case.b.1,
        };
        let prior = BetaPrior {
            alpha: case.prior.0,
            beta: case.prior.1,
        };
        let got = prob_b_beats_a(a, b, prior).unwrap_or_else(|e| {
            panic!(
                "prob_b_beats_a(case {:?}): expected Ok, got Err({e:?})",
                case.name
            )
        });
        assert_close(
            &format!(
                "prob_b_beats_a({a:?}, {b:?}, {prior:?}) (case {:?})",
                case.name
            ),
            got,
            case.p,
            0.0,
            case.atol,
            "posteriors are Beta(prior.alpha + s, prior.beta + n - s); sum Evan Miller's terms \
             i = 0 .. alpha_B - 1 in log space with ln_gamma/ln_beta (or 1 - the swapped sum)",
        );
    }
}

#[test]
fn bayes_small_counts_match_mpmath_quadrature() {
    check_bayes(false);
}

#[test]
fn bayes_large_counts_match_the_closed_form_at_30_digits() {
    check_bayes(true);
}
