//! Every row of the statement's edge-input table, the boundaries of each function, and the
//! validation order of each function.

use std::f64::consts::LN_2;

use grading_support::{assert_close, ensure};
use ndarray::Array2;
use theory_001_vc_dimension::{
    Error, HypothesisClass, PacSetting, count_dichotomies, empirical_rademacher, log_sauer_shelah,
    pac_sample_complexity, rademacher_generalization_bound, vc_generalization_bound,
};

use crate::{
    ALL_CLASSES, ALL_SETTINGS, BOUND_RTOL, RAD_ATOL, RAD_RTOL, RAD_RTOL_LARGE_N, SAUER_RTOL, count,
    count_line, line, matrix, pac, plane, rad_bound, rademacher, vc,
};

// ----- log_sauer_shelah -------------------------------------------------------------------

#[test]
fn sauer_3_10_is_ln_176() {
    // 1 + 10 + 45 + 120 = 176.
    assert_close(
        "log_sauer_shelah(3, 10)",
        log_sauer_shelah(3, 10),
        5.170483995038151,
        SAUER_RTOL,
        0.0,
        "ln(C(10,0) + C(10,1) + C(10,2) + C(10,3)) = ln 176",
    );
}

#[test]
fn sauer_10_1000_is_below_its_en_over_d_bound() {
    let got = log_sauer_shelah(10, 1000);
    assert_close(
        "log_sauer_shelah(10, 1000)",
        got,
        53.938128649236845,
        SAUER_RTOL,
        0.0,
        "the exact ln sum_(i <= 10) C(1000, i), computed in log space",
    );
    let bound = 10.0 * (1000.0_f64 * std::f64::consts::E / 10.0).ln();
    ensure(
        got < bound,
        || format!("log_sauer_shelah(10, 1000) = {got:?}: expected below d ln(en/d) = {bound:?}"),
        "return the sum itself, not its (en/d)^d upper bound",
    );
}

#[test]
fn sauer_with_n_at_most_d_is_n_ln_2() {
    for (d, n) in [(5u64, 3u64), (1, 1), (60, 60), (1000, 999), (u64::MAX, 40)] {
        assert_close(
            &format!("log_sauer_shelah({d}, {n})"),
            log_sauer_shelah(d, n),
            n as f64 * LN_2,
            SAUER_RTOL,
            0.0,
            "for n <= d all of sum_i C(n, i) = 2^n is included: the result is n ln 2",
        );
    }
    let n = u64::MAX;
    assert_close(
        "log_sauer_shelah(u64::MAX, u64::MAX)",
        log_sauer_shelah(n, n),
        n as f64 * LN_2,
        SAUER_RTOL,
        0.0,
        "n <= d gives n ln 2 directly (no loop over d terms, no 2^n)",
    );
}

#[test]
fn sauer_with_no_points_or_dimension_zero_is_zero() {
    for (d, n) in [(0u64, 0u64), (0, 5), (5, 0), (0, u64::MAX), (u64::MAX, 0)] {
        let got = log_sauer_shelah(d, n);
        ensure(
            got == 0.0,
            || format!("log_sauer_shelah({d}, {n}): expected 0.0 = ln 1, got {got:?}"),
            "d = 0 or n = 0 leaves only the term C(n, 0) = 1",
        );
    }
}

// ----- count_dichotomies --------------------------------------------------------------------

/// k distinct values in scrambled order (23 is prime and larger than every k used).
fn distinct(k: usize) -> Vec<f64> {
    (0..k).map(|i| ((i * 23) % k) as f64 * 1.5 - 4.0).collect()
}

#[test]
fn thresholds_on_k_distinct_values_give_k_plus_1() {
    for k in 0..=20 {
        let x = distinct(k);
        let got = count_line(&x, HypothesisClass::Thresholds1D);
        ensure(
            got == k as u64 + 1,
            || {
                format!(
                    "count_dichotomies({x:?}, Thresholds1D): expected {}, got {got}",
                    k + 1
                )
            },
            "t below all points gives all ones, t above all gives all zeros, and each of the \
             k - 1 gaps one more: k + 1",
        );
    }
}

#[test]
fn intervals_on_k_distinct_values_give_k_choose_2_plus_k_plus_1() {
    for k in 0..=20 {
        let x = distinct(k);
        let want = (k * (k + 1) / 2 + 1) as u64;
        let got = count_line(&x, HypothesisClass::Intervals1D);
        ensure(
            got == want,
            || format!("count_dichotomies({x:?}, Intervals1D): expected {want}, got {got}"),
            "a non-empty labeling is a contiguous run of the sorted points (k(k+1)/2 runs), \
             plus the all-zero labeling of the empty hypothesis; 3 points give 7",
        );
    }
}

#[test]
fn intervals_on_0_0_1_give_4() {
    let got = count_line(&[0.0, 0.0, 1.0], HypothesisClass::Intervals1D);
    ensure(
        got == 4,
        || format!("count_dichotomies([0, 0, 1], Intervals1D): expected 4, got {got}"),
        "the two copies of 0 always get the same label: (0,0,0), (1,1,0), (0,0,1), (1,1,1)",
    );
}

#[test]
fn signed_zeros_are_the_same_point() {
    let x = [0.0, -0.0, 0.0];
    for (class, want) in [
        (HypothesisClass::Thresholds1D, 2),
        (HypothesisClass::Intervals1D, 2),
    ] {
        let got = count_line(&x, class);
        ensure(
            got == want,
            || {
                format!(
                    "count_dichotomies([0.0, -0.0, 0.0], {class:?}): expected {want}, got {got}"
                )
            },
            "-0.0 and 0.0 are the same real number (-0.0 == 0.0), so every hypothesis labels \
             them alike; do not compare bit patterns",
        );
    }
    let got = count(
        &plane(&[[0.0, -0.0], [-0.0, 0.0]]),
        HypothesisClass::AxisAlignedRectangles2D,
    );
    ensure(
        got == 2,
        || format!("count_dichotomies([(0, -0), (-0, 0)], rectangles): expected 2, got {got}"),
        "(0, -0) and (-0, 0) are the same point of the plane",
    );
}

#[test]
fn rectangles_shatter_the_diamond() {
    let diamond = [[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]];
    let got = count(&plane(&diamond), HypothesisClass::AxisAlignedRectangles2D);
    ensure(
        got == 16,
        || {
            format!(
                "count_dichotomies(diamond {diamond:?}, rectangles): expected 16 = 2^4, got {got}"
            )
        },
        "every subset of the diamond is cut out by a closed rectangle (its bounding box); \
         check that boundaries are included (a <= x <= b) and the empty set is counted",
    );
}

#[test]
fn rectangles_never_shatter_five_points() {
    let sets: [[[f64; 2]; 5]; 5] = [
        [[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0], [0.0, 0.0]],
        [
            [0.0, 3.0],
            [3.0, 1.0],
            [2.0, -2.0],
            [-2.0, -2.0],
            [-3.0, 1.0],
        ],
        [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]],
        [
            [0.5, 2.0],
            [2.0, 0.5],
            [-1.0, 1.5],
            [1.5, -1.0],
            [0.25, 0.125],
        ],
        [[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0], [0.0, 1.0]],
    ];
    for pts in sets {
        let got = count(&plane(&pts), HypothesisClass::AxisAlignedRectangles2D);
        ensure(
            got < 32,
            || format!("count_dichotomies({pts:?}, rectangles): expected fewer than 32, got {got}"),
            "the VC dimension of axis-aligned rectangles is 4: for any 5 points, labeling the \
             extreme points (min/max x, min/max y) positive and the remaining one negative is \
             not realizable; count only labelings whose positives' bounding box excludes every \
             negative",
        );
    }
}

#[test]
fn no_points_give_exactly_one_labeling() {
    for class in ALL_CLASSES {
        let cols = if class == HypothesisClass::AxisAlignedRectangles2D {
            2
        } else {
            1
        };
        let r = count_dichotomies(Array2::<f64>::zeros((0, cols)).view(), class);
        ensure(
            r == Ok(1),
            || {
                format!(
                    "count_dichotomies(0 points, shape (0, {cols}), {class:?}): expected Ok(1), got {r:?}"
                )
            },
            "the empty labeling is the one labeling of zero points",
        );
    }
}

#[test]
fn twenty_points_are_allowed_and_twenty_one_are_not() {
    let x: Vec<f64> = (0..20).map(f64::from).collect();
    let got = count_line(&x, HypothesisClass::Intervals1D);
    ensure(
        got == 211,
        || format!("count_dichotomies(0..20, Intervals1D): expected 211, got {got}"),
        "n = 20 is the largest allowed size",
    );
    let x21: Vec<f64> = (0..21).map(f64::from).collect();
    for class in [HypothesisClass::Thresholds1D, HypothesisClass::Intervals1D] {
        let r = count_dichotomies(line(&x21).view(), class);
        ensure(
            matches!(r, Err(Error::TooManyPoints { .. })),
            || {
                format!(
                    "count_dichotomies(21 points, {class:?}): expected Err(TooManyPoints {{ .. }}), got {r:?}"
                )
            },
            "more than 20 points is TooManyPoints { n }",
        );
    }
    let p21: Vec<[f64; 2]> = (0..21).map(|i| [f64::from(i), -f64::from(i)]).collect();
    let r = count_dichotomies(plane(&p21).view(), HypothesisClass::AxisAlignedRectangles2D);
    ensure(
        matches!(r, Err(Error::TooManyPoints { .. })),
        || {
            format!(
                "count_dichotomies(21 points, rectangles): expected Err(TooManyPoints {{ .. }}), got {r:?}"
            )
        },
        "more than 20 points is TooManyPoints { n }",
    );
}

#[test]
fn wrong_number_of_columns_is_a_dimension_mismatch() {
    let cases = [
        (HypothesisClass::Thresholds1D, (3, 2)),
        (HypothesisClass::Intervals1D, (3, 2)),
        (HypothesisClass::Thresholds1D, (2, 0)),
        (HypothesisClass::AxisAlignedRectangles2D, (3, 1)),
        (HypothesisClass::AxisAlignedRectangles2D, (3, 3)),
        (HypothesisClass::AxisAlignedRectangles2D, (0, 1)),
    ];
    for (class, shape) in cases {
        let r = count_dichotomies(Array2::<f64>::ones(shape).view(), class);
        ensure(
            matches!(r, Err(Error::DimensionMismatch { .. })),
            || {
                format!(
                    "count_dichotomies(shape {shape:?}, {class:?}): expected Err(DimensionMismatch {{ .. }}), got {r:?}"
                )
            },
            "the 1-D classes need exactly 1 column and rectangles exactly 2, even for 0 points",
        );
    }
}

#[test]
fn non_finite_coordinates_are_rejected() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for class in [HypothesisClass::Thresholds1D, HypothesisClass::Intervals1D] {
            let r = count_dichotomies(line(&[0.0, bad, 1.0]).view(), class);
            ensure(
                matches!(r, Err(Error::NonFinite { .. })),
                || {
                    format!(
                        "count_dichotomies([0, {bad}, 1], {class:?}): expected Err(NonFinite {{ .. }}), got {r:?}"
                    )
                },
                "every coordinate must be finite (NaN and +-inf are rejected)",
            );
        }
        let r = count_dichotomies(
            plane(&[[0.0, 0.0], [1.0, bad]]).view(),
            HypothesisClass::AxisAlignedRectangles2D,
        );
        ensure(
            matches!(r, Err(Error::NonFinite { .. })),
            || {
                format!(
                    "count_dichotomies([(0, 0), (1, {bad})], rectangles): expected Err(NonFinite {{ .. }}), got {r:?}"
                )
            },
            "both coordinates must be finite",
        );
    }
}

#[test]
fn count_dichotomies_checks_shape_then_size_then_values() {
    // Wrong columns, too many points and a NaN: the shape decides.
    let mut m = Array2::<f64>::zeros((25, 3));
    m[[0, 0]] = f64::NAN;
    let r = count_dichotomies(m.view(), HypothesisClass::AxisAlignedRectangles2D);
    ensure(
        matches!(r, Err(Error::DimensionMismatch { .. })),
        || {
            format!(
                "count_dichotomies(25 x 3 with a NaN, rectangles): expected Err(DimensionMismatch {{ .. }}), got {r:?}"
            )
        },
        "validation order: the number of columns first",
    );
    // Too many points and a NaN: the size decides.
    let mut x: Vec<f64> = (0..21).map(f64::from).collect();
    x[3] = f64::NAN;
    let r = count_dichotomies(line(&x).view(), HypothesisClass::Thresholds1D);
    ensure(
        matches!(r, Err(Error::TooManyPoints { .. })),
        || {
            format!(
                "count_dichotomies(21 points with a NaN, Thresholds1D): expected Err(TooManyPoints {{ .. }}), got {r:?}"
            )
        },
        "validation order: the number of points before the values",
    );
}

// ----- vc_generalization_bound --------------------------------------------------------------

#[test]
fn vc_bound_of_the_statement() {
    assert_close(
        "vc_generalization_bound(0.05, 10, 10000, 0.05)",
        vc(0.05, 10, 10_000, 0.05),
        0.14507420850582703,
        BOUND_RTOL,
        0.0,
        "0.05 + sqrt((10 (ln(2000) + 1) + ln(80)) / 10000)",
    );
}

#[test]
fn vc_bound_allows_n_equal_to_d_and_is_not_clipped() {
    assert_close(
        "vc_generalization_bound(0, 5, 5, 0.1)",
        vc(0.0, 5, 5, 0.1),
        1.559141773984243,
        BOUND_RTOL,
        0.0,
        "n = d is allowed: sqrt((5 (ln 2 + 1) + ln 40) / 5), and the bound is not clipped to 1",
    );
    let b = vc(0.5, 10, 10, 0.05);
    assert_close(
        "vc_generalization_bound(0.5, 10, 10, 0.05)",
        b,
        1.9599143276327324,
        BOUND_RTOL,
        0.0,
        "the bound may exceed 1 (it is then vacuous); do not clip it",
    );
    for r in [0.0, 1.0] {
        let got = vc(r, 1, 100, 0.5);
        ensure(
            got > r,
            || {
                format!(
                    "vc_generalization_bound({r}, 1, 100, 0.5): expected a value above {r}, got {got:?}"
                )
            },
            "R_emp = 0 and R_emp = 1 are valid risks",
        );
    }
}

#[test]
fn vc_bound_rejects_each_invalid_argument() {
    let cases: [(f64, u64, u64, f64, &str); 12] = [
        (-0.01, 10, 100, 0.05, "InvalidRisk"),
        (1.01, 10, 100, 0.05, "InvalidRisk"),
        (f64::NAN, 10, 100, 0.05, "InvalidRisk"),
        (0.1, 0, 100, 0.05, "InvalidVcDim"),
        (0.1, 10, 0, 0.05, "InvalidSampleSize"),
        (0.1, 10, 9, 0.05, "SampleSmallerThanVcDim"),
        (0.1, 10, 100, 0.0, "InvalidDelta"),
        (0.1, 10, 100, 1.0, "InvalidDelta"),
        (0.1, 10, 100, -0.5, "InvalidDelta"),
        (0.1, 10, 100, f64::NAN, "InvalidDelta"),
        (0.1, 10, 100, f64::INFINITY, "InvalidDelta"),
        (f64::INFINITY, 10, 100, 0.05, "InvalidRisk"),
    ];
    for (r, d, n, delta, want) in cases {
        let got = vc_generalization_bound(r, d, n, delta);
        let ok = match want {
            "InvalidRisk" => matches!(got, Err(Error::InvalidRisk { .. })),
            "InvalidVcDim" => matches!(got, Err(Error::InvalidVcDim)),
            "InvalidSampleSize" => matches!(got, Err(Error::InvalidSampleSize)),
            "SampleSmallerThanVcDim" => matches!(got, Err(Error::SampleSmallerThanVcDim { .. })),
            _ => matches!(got, Err(Error::InvalidDelta { .. })),
        };
        ensure(
            ok,
            || {
                format!(
                    "vc_generalization_bound({r}, {d}, {n}, {delta}): expected Err({want}), got {got:?}"
                )
            },
            "R_emp in [0, 1] (NaN rejected), d >= 1, n >= 1, n >= d, delta in the open (0, 1)",
        );
    }
}

#[test]
fn vc_bound_validates_in_the_documented_order() {
    let cases: [(f64, u64, u64, f64, &str); 4] = [
        (f64::NAN, 0, 0, 2.0, "InvalidRisk"),
        (0.5, 0, 0, 2.0, "InvalidVcDim"),
        (0.5, 3, 0, 2.0, "InvalidSampleSize"),
        (0.5, 3, 2, 2.0, "SampleSmallerThanVcDim"),
    ];
    for (r, d, n, delta, want) in cases {
        let got = vc_generalization_bound(r, d, n, delta);
        let ok = match want {
            "InvalidRisk" => matches!(got, Err(Error::InvalidRisk { .. })),
            "InvalidVcDim" => matches!(got, Err(Error::InvalidVcDim)),
            "InvalidSampleSize" => matches!(got, Err(Error::InvalidSampleSize)),
            _ => matches!(got, Err(Error::SampleSmallerThanVcDim { .. })),
        };
        ensure(
            ok,
            || {
                format!(
                    "vc_generalization_bound({r}, {d}, {n}, {delta}): expected Err({want}), got {got:?}"
                )
            },
            "validation order: risk, d = 0, n = 0, n < d, delta",
        );
    }
}

// ----- pac_sample_complexity ----------------------------------------------------------------

#[test]
fn pac_for_a_million_hypotheses() {
    let ln_h = 1e6_f64.ln();
    for (setting, want) in [
        (PacSetting::Realizable, 169),
        (PacSetting::UniformConvergence, 876),
        (PacSetting::Agnostic, 3501),
    ] {
        let got = pac(ln_h, 0.1, 0.05, setting);
        ensure(
            got == want,
            || {
                format!(
                    "pac_sample_complexity(ln 1e6, 0.1, 0.05, {setting:?}): expected {want}, got {got}"
                )
            },
            "Realizable ceil(168.11), UniformConvergence ceil(875.22), Agnostic ceil(3500.88): \
             (ln|H| + ln(1/delta))/eps, (ln|H| + ln(2/delta))/(2 eps^2), 2 (ln|H| + ln(2/delta))/eps^2",
        );
    }
}

#[test]
fn pac_with_a_single_hypothesis() {
    // |H| = 1: ln|H| = 0 is allowed. ln(20)/0.1 = 29.96 -> 30.
    let got = pac(0.0, 0.1, 0.05, PacSetting::Realizable);
    ensure(
        got == 30,
        || format!("pac_sample_complexity(0, 0.1, 0.05, Realizable): expected 30, got {got}"),
        "ln|H| = 0 (one hypothesis) is valid; m = ceil(ln(1/delta)/eps)",
    );
}

#[test]
fn pac_overflows_past_2_to_the_53() {
    // Realizable with eps = delta = 0.5: m = ceil(2 (ln_h + ln 2)).
    let below = pac(4.4e15, 0.5, 0.5, PacSetting::Realizable);
    let x = 2.0 * (4.4e15 + LN_2);
    ensure(
        (below as f64 - x).abs() <= 2.0,
        || {
            format!(
                "pac_sample_complexity(4.4e15, 0.5, 0.5, Realizable): expected about {x} (below 2^53), got {below}"
            )
        },
        "results up to 2^53 = 9007199254740992 are returned",
    );
    for (ln_h, eps, setting) in [
        (4.6e15, 0.5, PacSetting::Realizable),
        (1e300, 1e-300, PacSetting::Realizable),
        (10.0, 1e-200, PacSetting::Agnostic),
        (10.0, 1e-200, PacSetting::UniformConvergence),
        (1e6, 1e-6, PacSetting::Agnostic),
    ] {
        let r = pac_sample_complexity(ln_h, eps, 0.5, setting);
        ensure(
            matches!(r, Err(Error::Overflow)),
            || {
                format!(
                    "pac_sample_complexity({ln_h}, {eps}, 0.5, {setting:?}): expected Err(Overflow), got {r:?}"
                )
            },
            "a result above 2^53 (including +inf when eps^2 underflows to 0) is Overflow; \
             never cast an out-of-range float to u64",
        );
    }
}

#[test]
fn pac_rejects_each_invalid_argument() {
    let cases: [(f64, f64, f64, &str); 13] = [
        (-1.0, 0.1, 0.05, "InvalidHypothesisCount"),
        (f64::NAN, 0.1, 0.05, "InvalidHypothesisCount"),
        (f64::INFINITY, 0.1, 0.05, "InvalidHypothesisCount"),
        (-1e-300, 0.1, 0.05, "InvalidHypothesisCount"),
        (1.0, 0.0, 0.05, "InvalidEpsilon"),
        (1.0, 1.0, 0.05, "InvalidEpsilon"),
        (1.0, -0.1, 0.05, "InvalidEpsilon"),
        (1.0, f64::NAN, 0.05, "InvalidEpsilon"),
        (1.0, 0.1, 0.0, "InvalidDelta"),
        (1.0, 0.1, 1.0, "InvalidDelta"),
        (1.0, 0.1, f64::NAN, "InvalidDelta"),
        (1.0, 0.1, -0.2, "InvalidDelta"),
        (1.0, f64::INFINITY, 0.05, "InvalidEpsilon"),
    ];
    for setting in ALL_SETTINGS {
        for (ln_h, eps, delta, want) in cases {
            let got = pac_sample_complexity(ln_h, eps, delta, setting);
            let ok = match want {
                "InvalidHypothesisCount" => {
                    matches!(got, Err(Error::InvalidHypothesisCount { .. }))
                }
                "InvalidEpsilon" => matches!(got, Err(Error::InvalidEpsilon { .. })),
                _ => matches!(got, Err(Error::InvalidDelta { .. })),
            };
            ensure(
                ok,
                || {
                    format!(
                        "pac_sample_complexity({ln_h}, {eps}, {delta}, {setting:?}): expected Err({want}), got {got:?}"
                    )
                },
                "ln|H| finite and >= 0, epsilon in (0, 1), delta in (0, 1), NaN rejected",
            );
        }
    }
}

#[test]
fn pac_validates_in_the_documented_order() {
    let got = pac_sample_complexity(f64::NAN, 2.0, 2.0, PacSetting::Agnostic);
    ensure(
        matches!(got, Err(Error::InvalidHypothesisCount { .. })),
        || {
            format!(
                "pac_sample_complexity(NaN, 2, 2, Agnostic): expected Err(InvalidHypothesisCount), got {got:?}"
            )
        },
        "validation order: ln|H|, epsilon, delta",
    );
    let got = pac_sample_complexity(1.0, 2.0, 2.0, PacSetting::Agnostic);
    ensure(
        matches!(got, Err(Error::InvalidEpsilon { .. })),
        || {
            format!(
                "pac_sample_complexity(1, 2, 2, Agnostic): expected Err(InvalidEpsilon), got {got:?}"
            )
        },
        "validation order: ln|H|, epsilon, delta",
    );
}

// ----- empirical_rademacher -----------------------------------------------------------------

#[test]
fn rademacher_of_a_single_hypothesis_is_zero() {
    let got = rademacher(&matrix(&[&[1.0, 1.0]]));
    assert_close(
        "empirical_rademacher([[1, 1]])",
        got,
        0.0,
        RAD_RTOL,
        RAD_ATOL,
        "with one hypothesis the max is that row, and E[sum sigma_i h_i] = 0: no absolute value",
    );
}

#[test]
fn rademacher_of_a_vector_and_its_negation_is_one_half() {
    let got = rademacher(&matrix(&[&[1.0, 1.0], &[-1.0, -1.0]]));
    assert_close(
        "empirical_rademacher([[1, 1], [-1, -1]])",
        got,
        0.5,
        RAD_RTOL,
        RAD_ATOL,
        "sigma = ++ and -- give 1, +- and -+ give 0: the average is 1/2",
    );
}

#[test]
fn rademacher_of_all_sign_patterns_is_one() {
    let rows: Vec<Vec<f64>> = (0..8u32)
        .map(|m| {
            (0..3)
                .map(|i| if m >> i & 1 == 1 { 1.0 } else { -1.0 })
                .collect()
        })
        .collect();
    let refs: Vec<&[f64]> = rows.iter().map(Vec::as_slice).collect();
    let got = rademacher(&matrix(&refs));
    assert_close(
        "empirical_rademacher(all 8 sign rows, n = 3)",
        got,
        1.0,
        RAD_RTOL,
        RAD_ATOL,
        "a class that shatters the points matches every sigma exactly: (1/n) sum sigma_i^2 = 1",
    );
}

#[test]
fn rademacher_allows_twenty_points() {
    // E|sigma_1 + ... + sigma_20| / 20 = C(20, 10) / 2^20. Summing 2^20 terms in f64 may
    // lose up to about 2^20 ulps, so the statement's tolerance for n > 12 is rtol 1e-9.
    let got = rademacher(&matrix(&[&[1.0; 20], &[-1.0; 20]]));
    assert_close(
        "empirical_rademacher([[1; 20], [-1; 20]])",
        got,
        0.176_197_052_001_953_12,
        RAD_RTOL_LARGE_N,
        RAD_ATOL,
        "n = 20 is allowed (2^20 sign vectors); the value is E|sum sigma_i| / 20 = C(20, 10)/2^20",
    );
}

#[test]
fn rademacher_rejects_empty_and_too_large_inputs() {
    for shape in [(0usize, 3usize), (3, 0), (0, 0), (0, 30)] {
        let r = empirical_rademacher(Array2::<f64>::zeros(shape).view());
        ensure(
            matches!(r, Err(Error::EmptyInput)),
            || {
                format!(
                    "empirical_rademacher(shape {shape:?}): expected Err(EmptyInput), got {r:?}"
                )
            },
            "k = 0 or n = 0 is EmptyInput, checked first",
        );
    }
    for shape in [(1usize, 21usize), (257, 20), (1025, 18), (65_537, 12)] {
        let r = empirical_rademacher(Array2::<f64>::zeros(shape).view());
        ensure(
            matches!(r, Err(Error::TooLarge { .. })),
            || {
                format!(
                    "empirical_rademacher(shape {shape:?}): expected Err(TooLarge {{ .. }}), got {r:?}"
                )
            },
            "n > 20 or k 2^n > 2^28 is TooLarge { k, n } (compute k 2^n without overflow)",
        );
    }
}

#[test]
fn rademacher_rejects_non_finite_entries() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let r = empirical_rademacher(matrix(&[&[1.0, 0.0], &[0.5, bad]]).view());
        ensure(
            matches!(r, Err(Error::NonFinite { .. })),
            || {
                format!(
                    "empirical_rademacher([[1, 0], [0.5, {bad}]]): expected Err(NonFinite {{ .. }}), got {r:?}"
                )
            },
            "every prediction must be finite",
        );
    }
}

#[test]
fn rademacher_validates_in_the_documented_order() {
    let mut m = Array2::<f64>::zeros((1, 21));
    m[[0, 0]] = f64::NAN;
    let r = empirical_rademacher(m.view());
    ensure(
        matches!(r, Err(Error::TooLarge { .. })),
        || {
            format!(
                "empirical_rademacher(1 x 21 with a NaN): expected Err(TooLarge {{ .. }}), got {r:?}"
            )
        },
        "validation order: empty, too large, then non-finite entries",
    );
}

// ----- rademacher_generalization_bound ------------------------------------------------------

#[test]
fn rademacher_bound_of_the_statement() {
    assert_close(
        "rademacher_generalization_bound(0.1, 0.05, 1000, 0.05)",
        rad_bound(0.1, 0.05, 1000, 0.05),
        0.32884082250402125,
        BOUND_RTOL,
        0.0,
        "0.1 + 2 * 0.05 + 3 sqrt(ln(40) / 2000)",
    );
}

#[test]
fn rademacher_bound_rejects_each_invalid_argument() {
    let cases: [(f64, f64, u64, f64, &str); 11] = [
        (-0.1, 0.05, 100, 0.05, "InvalidRisk"),
        (1.5, 0.05, 100, 0.05, "InvalidRisk"),
        (f64::NAN, 0.05, 100, 0.05, "InvalidRisk"),
        (0.1, -0.01, 100, 0.05, "InvalidComplexity"),
        (0.1, f64::NAN, 100, 0.05, "InvalidComplexity"),
        (0.1, f64::INFINITY, 100, 0.05, "InvalidComplexity"),
        (0.1, 0.05, 0, 0.05, "InvalidSampleSize"),
        (0.1, 0.05, 100, 0.0, "InvalidDelta"),
        (0.1, 0.05, 100, 1.0, "InvalidDelta"),
        (0.1, 0.05, 100, f64::NAN, "InvalidDelta"),
        (f64::NAN, f64::NAN, 0, f64::NAN, "InvalidRisk"),
    ];
    for (loss, r, n, delta, want) in cases {
        let got = rademacher_generalization_bound(loss, r, n, delta);
        let ok = match want {
            "InvalidRisk" => matches!(got, Err(Error::InvalidRisk { .. })),
            "InvalidComplexity" => matches!(got, Err(Error::InvalidComplexity { .. })),
            "InvalidSampleSize" => matches!(got, Err(Error::InvalidSampleSize)),
            _ => matches!(got, Err(Error::InvalidDelta { .. })),
        };
        ensure(
            ok,
            || {
                format!(
                    "rademacher_generalization_bound({loss}, {r}, {n}, {delta}): expected Err({want}), got {got:?}"
                )
            },
            "validation order: train_loss in [0, 1], Rademacher finite and >= 0, n >= 1, delta in (0, 1)",
        );
    }
    let got = rademacher_generalization_bound(0.5, f64::NAN, 0, 2.0);
    ensure(
        matches!(got, Err(Error::InvalidComplexity { .. })),
        || {
            format!(
                "rademacher_generalization_bound(0.5, NaN, 0, 2): expected Err(InvalidComplexity), got {got:?}"
            )
        },
        "validation order: the complexity before n and delta",
    );
    let got = rademacher_generalization_bound(0.5, 0.1, 0, 2.0);
    ensure(
        matches!(got, Err(Error::InvalidSampleSize)),
        || {
            format!(
                "rademacher_generalization_bound(0.5, 0.1, 0, 2): expected Err(InvalidSampleSize), got {got:?}"
            )
        },
        "validation order: n before delta",
    );
}
