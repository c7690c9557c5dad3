//! Golden values from exact arithmetic (Python integers, fractions and mpmath), at the
//! statement's tolerances.

use grading_support::{assert_close, ensure};
use theory_001_vc_dimension::{HypothesisClass, log_sauer_shelah};

use crate::fixtures::{
    ONE_D, PAC, RADEMACHER, RADEMACHER_BOUND, RECTANGLES, SAUER_HUGE, SAUER_LARGE, SAUER_TABLE,
    VC_BOUND,
};
use crate::{
    BOUND_RTOL, RAD_ATOL, RAD_RTOL, count, count_line, pac, plane, rad_bound, rademacher,
    sauer_rtol, setting_named, vc,
};

#[test]
fn sauer_matches_exact_binomial_sums_for_n_up_to_60() {
    for (n, row) in SAUER_TABLE.iter().enumerate() {
        for (d, &want) in row.iter().enumerate() {
            assert_close(
                &format!(
                    "log_sauer_shelah({d}, {n}) = ln sum_(i <= {}) C({n}, i)",
                    d.min(n)
                ),
                log_sauer_shelah(d as u64, n as u64),
                want,
                sauer_rtol(n as u64),
                0.0,
                "the sum runs over i = 0, 1, ..., min(d, n) (d + 1 terms, C(n, 0) = 1 included); \
                 it is 0 for d = 0 or n = 0 and n ln 2 for n <= d",
            );
        }
    }
}

#[test]
fn sauer_matches_exact_sums_for_large_n() {
    for &(d, n, want) in SAUER_LARGE {
        assert_close(
            &format!("log_sauer_shelah({d}, {n})"),
            log_sauer_shelah(d, n),
            want,
            sauer_rtol(n),
            0.0,
            "accumulate ln C(n, i) = ln C(n, i - 1) + ln(n - i + 1) - ln i and add the terms with \
             log-sum-exp; ln Gamma(n + 1) - ln Gamma(i + 1) - ln Gamma(n - i + 1) loses about \
             1e-6 absolute at n = 1e9 to cancellation",
        );
    }
}

#[test]
fn sauer_stays_finite_and_accurate_for_n_near_u64_max() {
    for &(d, n, want) in SAUER_HUGE {
        assert_close(
            &format!("log_sauer_shelah({d}, {n})"),
            log_sauer_shelah(d, n),
            want,
            SAUER_RTOL_HUGE,
            0.0,
            "work with logarithms only and form n - i + 1 in integers before converting to f64: \
             C(n, i) itself overflows u64/u128 and f64 long before n = 2^64",
        );
    }
}

const SAUER_RTOL_HUGE: f64 = 1e-10;

#[test]
fn thresholds_count_matches_brute_force() {
    for case in ONE_D {
        let got = count_line(case.x, HypothesisClass::Thresholds1D);
        ensure(
            got == case.thresholds,
            || {
                format!(
                    "count_dichotomies({:?}, Thresholds1D) (case {:?}): expected {}, got {got}",
                    case.x, case.name, case.thresholds
                )
            },
            "thresholds 1[x >= t] with t in R or +-inf give k + 1 labelings on k distinct \
             values: duplicates (and -0.0 vs 0.0) count once, and all-0 and all-1 are included",
        );
    }
}

#[test]
fn intervals_count_matches_brute_force() {
    for case in ONE_D {
        let got = count_line(case.x, HypothesisClass::Intervals1D);
        ensure(
            got == case.intervals,
            || {
                format!(
                    "count_dichotomies({:?}, Intervals1D) (case {:?}): expected {}, got {got}",
                    case.x, case.name, case.intervals
                )
            },
            "a closed interval labels a contiguous run of the sorted distinct values: k(k+1)/2 \
             runs plus the empty hypothesis; duplicate points must share a label",
        );
    }
}

#[test]
fn rectangles_count_matches_brute_force() {
    for case in RECTANGLES {
        let got = count(
            &plane(case.points),
            HypothesisClass::AxisAlignedRectangles2D,
        );
        ensure(
            got == case.count,
            || {
                format!(
                    "count_dichotomies({:?}, AxisAlignedRectangles2D) (case {:?}): expected {}, got {got}",
                    case.points, case.name, case.count
                )
            },
            "a labeling is realizable iff it has no positive point or the bounding box of the \
             positives (closed: boundary included) contains no negative point; count each \
             distinct label vector once",
        );
    }
}

#[test]
fn rademacher_matches_exact_enumeration() {
    for case in RADEMACHER {
        let h = ndarray::Array2::from_shape_vec((case.k, case.n), case.predictions.to_vec())
            .expect("fixture shape");
        assert_close(
            &format!(
                "empirical_rademacher(case {:?}, k = {}, n = {})",
                case.name, case.k, case.n
            ),
            rademacher(&h),
            case.value,
            RAD_RTOL,
            RAD_ATOL,
            "average over all 2^n sign vectors sigma of max over rows h of (1/n) sum_i sigma_i \
             H[h, i]: no absolute value, every sigma exactly once, divide by 2^n and by n",
        );
    }
}

#[test]
fn vc_bound_matches_the_formula_at_50_digits() {
    for &(r, d, n, delta, want) in VC_BOUND {
        assert_close(
            &format!("vc_generalization_bound({r}, {d}, {n}, {delta})"),
            vc(r, d, n, delta),
            want,
            BOUND_RTOL,
            0.0,
            "R_emp + sqrt((d (ln(2n/d) + 1) + ln(4/delta)) / n), natural logarithms, no clipping",
        );
    }
}

#[test]
fn rademacher_bound_matches_the_formula_at_50_digits() {
    for &(loss, r, n, delta, want) in RADEMACHER_BOUND {
        assert_close(
            &format!("rademacher_generalization_bound({loss}, {r}, {n}, {delta})"),
            rad_bound(loss, r, n, delta),
            want,
            BOUND_RTOL,
            0.0,
            "train_loss + 2 R + 3 sqrt(ln(2/delta) / (2n))",
        );
    }
}

#[test]
fn pac_sample_complexity_matches_the_exact_ceiling() {
    for &(ln_h, eps, delta, setting, m, unrounded) in PAC {
        let setting = setting_named(setting);
        let got = pac(ln_h, eps, delta, setting);
        ensure(
            got == m,
            || {
                format!(
                    "pac_sample_complexity({ln_h}, {eps}, {delta}, {setting:?}): expected {m} \
                     (= ceil({unrounded})), got {got}"
                )
            },
            "Realizable ceil((ln|H| + ln(1/delta))/eps); UniformConvergence \
             ceil((ln|H| + ln(2/delta))/(2 eps^2)); Agnostic ceil(2 (ln|H| + ln(2/delta))/eps^2); \
             natural logarithms, and round up",
        );
    }
}
