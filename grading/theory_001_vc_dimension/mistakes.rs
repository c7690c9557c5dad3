//! One test per classic mistake of the statement, on the input that exposes it, and a few
//! more mistakes the statement warns about.

use grading_support::{assert_close, ensure};
use theory_001_vc_dimension::{HypothesisClass, PacSetting, log_sauer_shelah};

use crate::{
    BOUND_RTOL, RAD_ATOL, RAD_RTOL, SAUER_RTOL, count_line, matrix, pac, rad_bound, rademacher, vc,
};

#[test]
fn sauer_sum_runs_up_to_d_inclusive() {
    assert_close(
        "log_sauer_shelah(3, 10)",
        log_sauer_shelah(3, 10),
        176.0_f64.ln(),
        SAUER_RTOL,
        0.0,
        "the sum is over i = 0..=d: 1 + 10 + 45 + 120 = 176; stopping at d - 1 gives \
         ln 56 = 4.0254",
    );
}

#[test]
fn sauer_value_is_the_sum_not_the_en_over_d_bound() {
    let got = log_sauer_shelah(3, 10);
    assert_close(
        "log_sauer_shelah(3, 10)",
        got,
        5.170483995038151,
        SAUER_RTOL,
        0.0,
        "return ln sum_(i <= d) C(n, i) itself (ln 176 = 5.1705), not the looser \
         d ln(en/d) = 3 ln(10e/3) = 6.6119",
    );
}

#[test]
fn duplicate_points_share_their_label() {
    let got = count_line(&[0.0, 0.0, 1.0], HypothesisClass::Intervals1D);
    ensure(
        got == 4,
        || format!("count_dichotomies([0, 0, 1], Intervals1D): expected 4, got {got}"),
        "duplicates are one point: count k(k+1)/2 + 1 with k = 2 distinct values (4), not with \
         n = 3 points (7)",
    );
    let got = count_line(&[5.0, 5.0, 5.0, 5.0], HypothesisClass::Thresholds1D);
    ensure(
        got == 2,
        || format!("count_dichotomies([5, 5, 5, 5], Thresholds1D): expected 2, got {got}"),
        "four copies of one point can only be labeled all 0 or all 1",
    );
}

#[test]
fn thresholds_include_the_all_zero_and_all_one_labelings() {
    let got = count_line(&[0.3, -1.25, 2.0, 7.5], HypothesisClass::Thresholds1D);
    ensure(
        got == 5,
        || format!("count_dichotomies([0.3, -1.25, 2, 7.5], Thresholds1D): expected 5, got {got}"),
        "t ranges over R and +-inf: t below every point labels all 1, t above every point \
         labels all 0, plus one labeling per gap; n distinct points give n + 1, not n",
    );
}

#[test]
fn pac_uses_natural_logarithms() {
    let got = pac(1e6_f64.ln(), 0.1, 0.05, PacSetting::Realizable);
    ensure(
        got == 169,
        || format!("pac_sample_complexity(ln 1e6, 0.1, 0.05, Realizable): expected 169, got {got}"),
        "the union bound gives |H| e^(-eps m) <= delta, so m >= (ln|H| + ln(1/delta))/eps with \
         natural logarithms; log2 gives 243",
    );
}

#[test]
fn pac_rounds_up() {
    let got = pac(1e6_f64.ln(), 0.1, 0.05, PacSetting::Realizable);
    ensure(
        got == 169,
        || {
            format!(
                "pac_sample_complexity(ln 1e6, 0.1, 0.05, Realizable): expected 169 = ceil(168.11), got {got}"
            )
        },
        "m must be at least the bound: take the ceiling, not the floor (168) or round",
    );
    let got = pac(0.0, 0.5, 0.5, PacSetting::Realizable);
    ensure(
        got == 2,
        || {
            format!(
                "pac_sample_complexity(0, 0.5, 0.5, Realizable): expected 2 = ceil(1.386), got {got}"
            )
        },
        "m must be at least the bound: take the ceiling",
    );
}

#[test]
fn vc_bound_uses_ln_2n_over_d_and_ln_4_over_delta() {
    assert_close(
        "vc_generalization_bound(0.05, 10, 10000, 0.05)",
        vc(0.05, 10, 10_000, 0.05),
        0.14507420850582703,
        BOUND_RTOL,
        0.0,
        "sqrt((d (ln(2n/d) + 1) + ln(4/delta)) / n): with ln(n/d) you get 0.14136, with \
         ln(1/delta) 0.14434",
    );
}

// ----- beyond the statement's table ---------------------------------------------------------

#[test]
fn rademacher_takes_no_absolute_value() {
    let got = rademacher(&matrix(&[&[1.0, 1.0]]));
    assert_close(
        "empirical_rademacher([[1, 1]])",
        got,
        0.0,
        RAD_RTOL,
        RAD_ATOL,
        "R = E_sigma max_h (1/n) sum sigma_i h_i without |.|: a single hypothesis has \
         complexity 0 (with |.| it would be E|sigma_1 + sigma_2|/2 = 0.5)",
    );
}

#[test]
fn intervals_include_the_all_zero_labeling() {
    let got = count_line(&[1.0, 2.0, 3.0], HypothesisClass::Intervals1D);
    ensure(
        got == 7,
        || format!("count_dichotomies([1, 2, 3], Intervals1D): expected 7, got {got}"),
        "the 6 contiguous runs of the sorted points plus the all-zero labeling (an interval \
         away from every point, or the empty hypothesis): forgetting it gives 6",
    );
}

#[test]
fn rademacher_bound_uses_the_data_dependent_constants() {
    assert_close(
        "rademacher_generalization_bound(0.1, 0.05, 1000, 0.05)",
        rad_bound(0.1, 0.05, 1000, 0.05),
        0.32884082250402125,
        BOUND_RTOL,
        0.0,
        "with the empirical R the bound is L + 2R + 3 sqrt(ln(2/delta)/(2n)); \
         L + 2R + sqrt(ln(1/delta)/(2n)) = 0.23870 is the form for the expected R_n",
    );
}
