//! Every row of the statement's edge-input table, and the validation order of each function.

use grading_support::{assert_all_close, assert_close, assert_same_bits, ensure};
use stat_016_multiple_testing::{
    Arm, BetaPrior, Correction, Error, Group, SpendingFunction, alpha_spending, multiple_test,
    permutation_test_exact, permutation_test_monte_carlo, prob_b_beats_a,
};

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::{ADJ_ATOL, ADJ_RTOL, ALL_METHODS, SPEND_ATOL, adjust, spend};

// ----- multiple_test ---------------------------------------------------------------------

#[test]
fn multiple_test_of_no_p_values_is_empty() {
    for method in ALL_METHODS {
        let out = multiple_test(&[], 0.05, method);
        ensure(
            matches!(&out, Ok(o) if o.adjusted.is_empty() && o.reject.is_empty()),
            || {
                format!(
                    "multiple_test([], 0.05, {method:?}): expected Ok with empty vectors, got {out:?}"
                )
            },
            "an empty family is valid: return Ok with two empty vectors (no error, no panic)",
        );
    }
}

#[test]
fn multiple_test_of_one_p_value_leaves_it_unchanged() {
    for method in ALL_METHODS {
        for p in [0.0, 0.0123, 0.37, 0.999, 1.0] {
            let out = adjust(&[p], 0.05, method);
            assert_close(
                &format!("multiple_test([{p}], 0.05, {method:?}).adjusted[0]"),
                out.adjusted[0],
                p,
                ADJ_RTOL,
                ADJ_ATOL,
                "with m = 1 every correction is the identity (m = 1, H_1 = 1, m - j + 1 = 1)",
            );
            ensure(
                out.reject[0] == (p <= 0.05),
                || {
                    format!(
                        "multiple_test([{p}], 0.05, {method:?}).reject: expected [{}], got {:?}",
                        p <= 0.05,
                        out.reject
                    )
                },
                "reject[i] is adjusted[i] <= alpha",
            );
        }
    }
}

#[test]
fn benjamini_hochberg_gives_ties_equal_values() {
    let out = adjust(&[0.03, 0.03], 0.05, Correction::BenjaminiHochberg);
    assert_all_close(
        "multiple_test([0.03, 0.03], 0.05, BH).adjusted",
        &out.adjusted,
        &[0.03, 0.03],
        ADJ_RTOL,
        ADJ_ATOL,
        "BH takes the running minimum of p_(j) * m / j from the largest p-value down: \
         2 * 0.03 / 2 = 0.03 for both",
    );
    assert_same_bits(
        "multiple_test([0.03, 0.03], 0.05, BH): adjusted[1] against adjusted[0]",
        out.adjusted[1],
        out.adjusted[0],
        "tied p-values must get identical adjusted values (cumulative minimum)",
    );
    ensure(
        out.reject == [true, true],
        || {
            format!(
                "multiple_test([0.03, 0.03], 0.05, BH).reject: expected [true, true], got {:?}",
                out.reject
            )
        },
        "reject[i] is adjusted[i] <= alpha",
    );
}

#[test]
fn multiple_test_reports_the_first_nan_by_index() {
    for method in ALL_METHODS {
        let r = multiple_test(&[0.5, f64::NAN], 0.05, method);
        ensure(
            matches!(r, Err(Error::NotAProbability { index: 1, .. })),
            || {
                format!(
                    "multiple_test([0.5, NaN], 0.05, {method:?}): expected Err(NotAProbability {{ index: 1, .. }}), got {r:?}"
                )
            },
            "NaN fails every comparison: test `0.0 <= p && p <= 1.0` (or `!(..)` of the range) so NaN is rejected",
        );
    }
    let r = multiple_test(&[0.2, -0.1, 1.5], 0.05, Correction::Holm);
    ensure(
        matches!(r, Err(Error::NotAProbability { index: 1, .. })),
        || {
            format!(
                "multiple_test([0.2, -0.1, 1.5], 0.05, Holm): expected Err(NotAProbability {{ index: 1, .. }}), got {r:?}"
            )
        },
        "report the first p-value outside [0, 1]",
    );
    let r = multiple_test(
        &[0.2, 0.3, 1.0000000000000002],
        0.05,
        Correction::Bonferroni,
    );
    ensure(
        matches!(r, Err(Error::NotAProbability { index: 2, .. })),
        || {
            format!(
                "multiple_test([0.2, 0.3, 1.0000000000000002], 0.05, Bonferroni): expected Err(NotAProbability {{ index: 2, .. }}), got {r:?}"
            )
        },
        "p must lie in the closed interval [0, 1]",
    );
}

#[test]
fn multiple_test_allows_p_equal_to_zero_and_one() {
    let p = [0.0, 1.0, 0.5, 0.0];
    let want = [
        (Correction::Bonferroni, [0.0, 1.0, 1.0, 0.0]),
        (Correction::Holm, [0.0, 1.0, 1.0, 0.0]),
        (Correction::BenjaminiHochberg, [0.0, 1.0, 2.0 / 3.0, 0.0]),
        (Correction::BenjaminiYekutieli, [0.0, 1.0, 1.0, 0.0]),
    ];
    for (method, want) in want {
        let out = adjust(&p, 0.05, method);
        assert_all_close(
            &format!("multiple_test({p:?}, 0.05, {method:?}).adjusted"),
            &out.adjusted,
            &want,
            ADJ_RTOL,
            ADJ_ATOL,
            "p = 0 and p = 1 are valid probabilities; adjusted values are capped at 1",
        );
        ensure(
            out.reject == [true, false, false, true],
            || {
                format!(
                    "multiple_test({p:?}, 0.05, {method:?}).reject: expected [true, false, false, true], got {:?}",
                    out.reject
                )
            },
            "reject[i] is adjusted[i] <= alpha",
        );
    }
}

#[test]
fn multiple_test_checks_alpha_first() {
    for alpha in [0.0, 1.0, -0.05, 1.5, f64::NAN, f64::INFINITY] {
        for method in ALL_METHODS {
            // An invalid p as well: alpha is checked first.
            let r = multiple_test(&[0.01, f64::NAN], alpha, method);
            ensure(
                matches!(r, Err(Error::InvalidAlpha { .. })),
                || {
                    format!(
                        "multiple_test([0.01, NaN], {alpha}, {method:?}): expected Err(InvalidAlpha {{ .. }}), got {r:?}"
                    )
                },
                "alpha must lie in the open interval (0, 1), NaN rejected, and it is checked before the p-values",
            );
            let r = multiple_test(&[], alpha, method);
            ensure(
                matches!(r, Err(Error::InvalidAlpha { .. })),
                || {
                    format!(
                        "multiple_test([], {alpha}, {method:?}): expected Err(InvalidAlpha {{ .. }}), got {r:?}"
                    )
                },
                "alpha is validated even when p is empty",
            );
        }
    }
}

// ----- permutation_test_exact ------------------------------------------------------------

#[test]
fn exact_test_of_one_value_per_group_is_one() {
    for (x, y) in [(3.0, 7.0), (-2.5, 0.25), (4.0, 4.0), (0.0, 1e6)] {
        let r = permutation_test_exact(&[x], &[y]);
        ensure(
            r == Ok(1.0),
            || format!("permutation_test_exact([{x}], [{y}]): expected Ok(1.0), got {r:?}"),
            "the two splits have T = x - y and y - x: equal |T|, so both count (>=, the observed split included)",
        );
    }
}

#[test]
fn exact_test_of_all_equal_values_is_one() {
    let cases: [(&[f64], &[f64]); 3] = [
        (&[2.5, 2.5, 2.5], &[2.5, 2.5, 2.5, 2.5]),
        (&[7.0], &[7.0, 7.0, 7.0, 7.0, 7.0]),
        (&[-1.0, -1.0, -1.0, -1.0], &[-1.0, -1.0]),
    ];
    for (a, b) in cases {
        let r = permutation_test_exact(a, b);
        ensure(
            r == Ok(1.0),
            || format!("permutation_test_exact({a:?}, {b:?}): expected Ok(1.0), got {r:?}"),
            "every split has T = 0 = T_obs, and ties count: |T_S| >= |T_obs| (1 - 1e-12)",
        );
    }
}

#[test]
fn exact_test_of_123_against_456_is_one_tenth() {
    let r = permutation_test_exact(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]);
    ensure(
        r == Ok(0.1),
        || {
            format!(
                "permutation_test_exact([1, 2, 3], [4, 5, 6]): expected Ok(0.1) (2 of 20 splits), got {r:?}"
            )
        },
        "the observed split and its mirror image {4, 5, 6} | {1, 2, 3} both have |T| = 3",
    );
}

#[test]
fn exact_test_validates_groups_in_order() {
    type Check = (
        &'static [f64],
        &'static [f64],
        fn(&Result<f64, Error>) -> bool,
        &'static str,
    );
    let checks: [Check; 6] = [
        (
            &[],
            &[1.0],
            |r| matches!(r, Err(Error::EmptyGroup { group: Group::A })),
            "EmptyGroup { group: A }",
        ),
        (
            &[],
            &[],
            |r| matches!(r, Err(Error::EmptyGroup { group: Group::A })),
            "EmptyGroup { group: A }",
        ),
        (
            &[1.0],
            &[],
            |r| matches!(r, Err(Error::EmptyGroup { group: Group::B })),
            "EmptyGroup { group: B }",
        ),
        (
            &[1.0, 2.0],
            &[3.0, f64::INFINITY],
            |r| {
                matches!(
                    r,
                    Err(Error::NonFinite {
                        group: Group::B,
                        index: 1
                    })
                )
            },
            "NonFinite { group: B, index: 1 }",
        ),
        (
            &[1.0, f64::NAN],
            &[f64::NAN],
            |r| {
                matches!(
                    r,
                    Err(Error::NonFinite {
                        group: Group::A,
                        index: 1
                    })
                )
            },
            "NonFinite { group: A, index: 1 }",
        ),
        (
            &[f64::NEG_INFINITY],
            &[],
            |r| matches!(r, Err(Error::EmptyGroup { group: Group::B })),
            "EmptyGroup { group: B }",
        ),
    ];
    for (a, b, ok, want) in checks {
        let r = permutation_test_exact(a, b);
        ensure(
            ok(&r),
            || format!("permutation_test_exact({a:?}, {b:?}): expected Err({want}), got {r:?}"),
            "validate in order: a empty, b empty, then the first non-finite value (a before b)",
        );
    }
}

#[test]
fn exact_test_refuses_more_than_two_million_splits_without_overflow() {
    // C(30, 7) = 2 035 800 > 2 000 000; C(26, 13) = 10 400 600; C(70, 30) > u64::MAX and
    // C(2 000 001, 1) = 2 000 001 (a naive factorial overflows; enumerating first is too slow).
    let sizes = [
        (7usize, 23usize),
        (13, 13),
        (23, 7),
        (30, 40),
        (1, 2_000_000),
    ];
    for (n_a, n_b) in sizes {
        let a: Vec<f64> = (0..n_a).map(|i| i as f64).collect();
        let b: Vec<f64> = (0..n_b).map(|i| (i % 17) as f64).collect();
        let r = permutation_test_exact(&a, &b);
        ensure(
            matches!(r, Err(Error::TooManyPermutations { .. })),
            || {
                format!(
                    "permutation_test_exact(n_a = {n_a}, n_b = {n_b}): expected Err(TooManyPermutations {{ .. }}), got {r:?}"
                )
            },
            "compute C(n_a + n_b, n_a) incrementally (C = C * (n - k + i) / i, stop once it passes \
             2 000 000) before enumerating anything",
        );
    }
}

// ----- permutation_test_monte_carlo ------------------------------------------------------

#[test]
fn monte_carlo_with_zero_resamples_is_an_error() {
    let mut rng = StdRng::seed_from_u64(1);
    let r = permutation_test_monte_carlo(&[1.0, 2.0], &[3.0, 4.0], 0, &mut rng);
    ensure(
        matches!(r, Err(Error::InvalidResamples)),
        || {
            format!(
                "permutation_test_monte_carlo(.., n_resamples = 0): expected Err(InvalidResamples), got {r:?}"
            )
        },
        "B = 0 resamples gives no test at all; reject it",
    );
}

#[test]
fn monte_carlo_validates_groups_like_the_exact_test() {
    let mut rng = StdRng::seed_from_u64(2);
    let r = permutation_test_monte_carlo(&[], &[1.0], 100, &mut rng);
    ensure(
        matches!(r, Err(Error::EmptyGroup { group: Group::A })),
        || {
            format!(
                "permutation_test_monte_carlo([], [1], 100): expected Err(EmptyGroup {{ group: A }}), got {r:?}"
            )
        },
        "a empty is checked first",
    );
    let r = permutation_test_monte_carlo(&[1.0], &[], 100, &mut rng);
    ensure(
        matches!(r, Err(Error::EmptyGroup { group: Group::B })),
        || {
            format!(
                "permutation_test_monte_carlo([1], [], 100): expected Err(EmptyGroup {{ group: B }}), got {r:?}"
            )
        },
        "b empty is checked second",
    );
    let r = permutation_test_monte_carlo(&[1.0, 2.0], &[f64::NAN, 0.0], 100, &mut rng);
    ensure(
        matches!(
            r,
            Err(Error::NonFinite {
                group: Group::B,
                index: 0
            })
        ),
        || {
            format!(
                "permutation_test_monte_carlo([1, 2], [NaN, 0], 100): expected Err(NonFinite {{ group: B, index: 0 }}), got {r:?}"
            )
        },
        "non-finite values are rejected, with their group and index",
    );
    // No size limit: 40 + 40 values would be far too many splits for the exact test.
    let a: Vec<f64> = (0..40).map(|i| i as f64).collect();
    let b: Vec<f64> = (0..40).map(|i| (i + 3) as f64).collect();
    let r = permutation_test_monte_carlo(&a, &b, 50, &mut rng);
    ensure(
        matches!(r, Ok(p) if (1.0 / 51.0..=1.0).contains(&p)),
        || {
            format!(
                "permutation_test_monte_carlo(40 values, 40 values, 50): expected Ok(p) with 1/51 <= p <= 1, got {r:?}"
            )
        },
        "the Monte-Carlo test has no size limit",
    );
}

// ----- alpha_spending --------------------------------------------------------------------

#[test]
fn spending_at_full_information_is_alpha() {
    for alpha in [0.05, 0.025, 0.01, 0.1, 0.2, 0.5, 1e-6] {
        for kind in [SpendingFunction::OBrienFleming, SpendingFunction::Pocock] {
            let got = spend(&[1.0], alpha, kind);
            ensure(
                got.len() == 1,
                || {
                    format!(
                        "alpha_spending([1.0], {alpha}, {kind:?}): expected 1 value, got {got:?}"
                    )
                },
                "one cumulative value per information fraction",
            );
            assert_close(
                &format!("alpha_spending([1.0], {alpha}, {kind:?})[0]"),
                got[0],
                alpha,
                0.0,
                SPEND_ATOL,
                "all of alpha is spent at t = 1; return alpha itself there (Phi and Phi^-1 are \
                 only accurate to about 1e-10 relative)",
            );
        }
    }
}

#[test]
fn spending_rejects_a_repeated_information_fraction() {
    for kind in [SpendingFunction::OBrienFleming, SpendingFunction::Pocock] {
        let r = alpha_spending(&[0.5, 0.5], 0.05, kind);
        ensure(
            matches!(r, Err(Error::InvalidInformationFractions { index: 1 })),
            || {
                format!(
                    "alpha_spending([0.5, 0.5], 0.05, {kind:?}): expected Err(InvalidInformationFractions {{ index: 1 }}), got {r:?}"
                )
            },
            "information fractions must increase strictly: t_k <= t_(k-1) is an error at index k",
        );
    }
}

#[test]
fn spending_validates_in_order() {
    type Check = (
        &'static [f64],
        f64,
        fn(&Result<Vec<f64>, Error>) -> bool,
        &'static str,
    );
    let checks: [Check; 10] = [
        (
            &[0.5],
            0.0,
            |r| matches!(r, Err(Error::InvalidAlpha { .. })),
            "InvalidAlpha",
        ),
        (
            &[0.5],
            1.0,
            |r| matches!(r, Err(Error::InvalidAlpha { .. })),
            "InvalidAlpha",
        ),
        (
            &[0.5],
            f64::NAN,
            |r| matches!(r, Err(Error::InvalidAlpha { .. })),
            "InvalidAlpha",
        ),
        (
            &[],
            2.0,
            |r| matches!(r, Err(Error::InvalidAlpha { .. })),
            "InvalidAlpha",
        ),
        (
            &[],
            0.05,
            |r| matches!(r, Err(Error::EmptyInput)),
            "EmptyInput",
        ),
        (
            &[0.0, 0.5],
            0.05,
            |r| matches!(r, Err(Error::InvalidInformationFractions { index: 0 })),
            "InvalidInformationFractions { index: 0 }",
        ),
        (
            &[0.3, 1.2],
            0.05,
            |r| matches!(r, Err(Error::InvalidInformationFractions { index: 1 })),
            "InvalidInformationFractions { index: 1 }",
        ),
        (
            &[0.2, f64::NAN, 0.9],
            0.05,
            |r| matches!(r, Err(Error::InvalidInformationFractions { index: 1 })),
            "InvalidInformationFractions { index: 1 }",
        ),
        (
            &[0.2, 0.6, 0.4, 0.3],
            0.05,
            |r| matches!(r, Err(Error::InvalidInformationFractions { index: 2 })),
            "InvalidInformationFractions { index: 2 }",
        ),
        (
            &[0.2, 0.6, -1.0],
            0.05,
            |r| matches!(r, Err(Error::InvalidInformationFractions { index: 2 })),
            "InvalidInformationFractions { index: 2 }",
        ),
    ];
    for (t, alpha, ok, want) in checks {
        for kind in [SpendingFunction::OBrienFleming, SpendingFunction::Pocock] {
            let r = alpha_spending(t, alpha, kind);
            ensure(
                ok(&r),
                || {
                    format!(
                        "alpha_spending({t:?}, {alpha}, {kind:?}): expected Err({want}), got {r:?}"
                    )
                },
                "validate in order: alpha in (0, 1), then t non-empty, then the first t_k outside \
                 (0, 1] (NaN included) or not larger than t_(k-1)",
            );
        }
    }
}

// ----- prob_b_beats_a --------------------------------------------------------------------

#[test]
fn identical_arms_are_a_coin_flip() {
    let cases = [
        (
            Arm {
                successes: 0,
                trials: 0,
            },
            BetaPrior { alpha: 1, beta: 1 },
        ),
        (
            Arm {
                successes: 3,
                trials: 10,
            },
            BetaPrior { alpha: 1, beta: 1 },
        ),
        (
            Arm {
                successes: 57,
                trials: 400,
            },
            BetaPrior { alpha: 2, beta: 7 },
        ),
        (
            Arm {
                successes: 1_000,
                trials: 10_000,
            },
            BetaPrior { alpha: 1, beta: 1 },
        ),
    ];
    for (arm, prior) in cases {
        let r = prob_b_beats_a(arm, arm, prior);
        ensure(
            matches!(r, Ok(p) if (p - 0.5).abs() <= 1e-9),
            || {
                format!(
                    "prob_b_beats_a({arm:?}, {arm:?}, {prior:?}): expected 0.5 (atol 1e-9), got {r:?}"
                )
            },
            "with identical posteriors P(B > A) = 1/2 by symmetry; check the posterior \
             parameters and the number of terms (alpha_B)",
        );
    }
}

#[test]
fn beta_2_3_against_beta_5_4_is_eight_elevenths() {
    let a = Arm {
        successes: 1,
        trials: 3,
    };
    let b = Arm {
        successes: 4,
        trials: 7,
    };
    let r = prob_b_beats_a(a, b, BetaPrior { alpha: 1, beta: 1 });
    ensure(
        matches!(r, Ok(p) if (p - 8.0 / 11.0).abs() <= 1e-9),
        || {
            format!(
                "prob_b_beats_a(1/3, 4/7, prior (1, 1)) = P(Beta(5,4) > Beta(2,3)): expected 8/11 = 0.7272727272727273 (atol 1e-9), got {r:?}"
            )
        },
        "posterior alpha = prior.alpha + successes, beta = prior.beta + failures; the sum runs \
         over i = 0 .. alpha_B - 1",
    );
}

#[test]
fn ten_of_hundred_against_fifteen_of_hundred() {
    let a = Arm {
        successes: 10,
        trials: 100,
    };
    let b = Arm {
        successes: 15,
        trials: 100,
    };
    let r = prob_b_beats_a(a, b, BetaPrior { alpha: 1, beta: 1 });
    ensure(
        matches!(r, Ok(p) if (p - 0.8532837899339661).abs() <= 1e-9),
        || {
            format!(
                "prob_b_beats_a(10/100, 15/100, prior (1, 1)): expected 0.8532837899339661 (atol 1e-9), got {r:?}"
            )
        },
        "use the exact closed form, not a normal approximation",
    );
}

#[test]
fn bayes_validates_counts_then_prior() {
    let ok_arm = Arm {
        successes: 2,
        trials: 5,
    };
    let bad_arm = Arm {
        successes: 6,
        trials: 5,
    };
    let flat = BetaPrior { alpha: 1, beta: 1 };
    let zero = BetaPrior { alpha: 0, beta: 1 };
    let r = prob_b_beats_a(bad_arm, bad_arm, zero);
    ensure(
        matches!(r, Err(Error::InvalidCounts { arm: Group::A, .. })),
        || {
            format!(
                "prob_b_beats_a(6/5, 6/5, prior (0, 1)): expected Err(InvalidCounts {{ arm: A, .. }}), got {r:?}"
            )
        },
        "check arm A's counts first, then arm B's, then the prior",
    );
    let r = prob_b_beats_a(ok_arm, bad_arm, zero);
    ensure(
        matches!(r, Err(Error::InvalidCounts { arm: Group::B, .. })),
        || {
            format!(
                "prob_b_beats_a(2/5, 6/5, prior (0, 1)): expected Err(InvalidCounts {{ arm: B, .. }}), got {r:?}"
            )
        },
        "successes > trials is impossible; arm B is checked after arm A and before the prior",
    );
    for prior in [
        zero,
        BetaPrior { alpha: 3, beta: 0 },
        BetaPrior { alpha: 0, beta: 0 },
    ] {
        let r = prob_b_beats_a(ok_arm, ok_arm, prior);
        ensure(
            matches!(r, Err(Error::InvalidPrior)),
            || {
                format!(
                    "prob_b_beats_a(2/5, 2/5, {prior:?}): expected Err(InvalidPrior), got {r:?}"
                )
            },
            "a Beta prior needs alpha > 0 and beta > 0",
        );
    }
    let r = prob_b_beats_a(
        Arm {
            successes: 5,
            trials: 5,
        },
        Arm {
            successes: 0,
            trials: 5,
        },
        flat,
    );
    ensure(
        matches!(r, Ok(p) if (p - 1.0 / 924.0).abs() <= 1e-9),
        || {
            format!(
                "prob_b_beats_a(5/5, 0/5, prior (1, 1)) = P(Beta(1, 6) > Beta(6, 1)): expected 1/924 = 0.0010822510822510823 (atol 1e-9), got {r:?}"
            )
        },
        "successes == trials and successes == 0 are valid counts",
    );
}
