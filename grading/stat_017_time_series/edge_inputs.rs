//! Every row of the statement's edge-input table, and the errors of each function in their
//! validation order.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_017_time_series::{
    Deterministic, Error, KpssNull, acf_pacf, adf_statistic, difference,
    engle_granger_statistic, kpss_statistic, yule_walker,
};

use crate::{ATOL, RTOL, correlogram, yw};

const SQUARES: [f64; 5] = [1.0, 4.0, 9.0, 16.0, 25.0];
const ONE_TO_FIVE: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];

#[track_caller]
fn ok_difference(x: &[f64], order: usize, lag: usize) -> Vec<f64> {
    match difference(x, order, lag) {
        Ok(v) => v,
        Err(e) => panic!("difference({x:?}, {order}, {lag}): expected Ok, got Err({e:?})"),
    }
}

#[track_caller]
fn expect_err<T: std::fmt::Debug>(
    call: &str,
    r: Result<T, Error>,
    want: &str,
    ok: impl FnOnce(&Error) -> bool,
    mistake: &str,
) {
    let good = matches!(&r, Err(e) if ok(e));
    ensure(good, || format!("{call}: expected Err({want}), got {r:?}"), mistake);
}

#[test]
fn second_difference_of_squares_is_constant() {
    let got = ok_difference(&SQUARES, 2, 1);
    assert_all_close("difference([1,4,9,16,25], 2, 1)", &got, &[2.0, 2.0, 2.0], 0.0, 0.0,
        "order 2 applies (1 - B) twice: [3,5,7,9] and then [2,2,2]");
}

#[test]
fn lag_two_difference_of_squares() {
    let got = ok_difference(&SQUARES, 1, 2);
    assert_all_close("difference([1,4,9,16,25], 1, 2)", &got, &[8.0, 12.0, 16.0], 0.0, 0.0,
        "lag 2 subtracts the value two steps back: x_t - x_(t-2)");
}

#[test]
fn difference_too_short_reports_n_and_required() {
    let r = difference(&[1.0, 2.0], 1, 2);
    ensure(
        r == Err(Error::TooShort { n: 2, required: 3 }),
        || format!("difference([1, 2], 1, 2): expected Err(TooShort {{ n: 2, required: 3 }}), got {r:?}"),
        "n <= order * lag leaves nothing: required = order * lag + 1 (exact payload)",
    );
}

#[test]
fn difference_of_order_zero_is_a_copy() {
    let x = [3.5, -1.25, 7.0, 0.0];
    let got = ok_difference(&x, 0, 1);
    assert_all_close("difference(x, 0, 1)", &got, &x, 0.0, 0.0, "order 0 returns x unchanged");
    let empty = ok_difference(&[], 0, 3);
    ensure(empty.is_empty(), || format!("difference([], 0, 3): expected [], got {empty:?}"),
        "order 0 returns a copy, and an empty x is allowed then");
}

#[test]
fn difference_rejects_lag_zero_then_non_finite_then_short_input() {
    expect_err("difference([1, 2, 3], 1, 0)", difference(&[1.0, 2.0, 3.0], 1, 0), "InvalidLag { lag: 0 }",
        |e| matches!(e, Error::InvalidLag { lag: 0 }), "lag 0 is refused (x_t - x_t is meaningless), for every order");
    expect_err("difference([1, NaN, 3], 1, 0)", difference(&[1.0, f64::NAN, 3.0], 1, 0), "InvalidLag { lag: 0 }",
        |e| matches!(e, Error::InvalidLag { .. }), "the lag is checked before the data");
    expect_err("difference([1, 2, inf, 4], 1, 1)", difference(&[1.0, 2.0, f64::INFINITY, 4.0], 1, 1),
        "NonFinite { index: 2 }", |e| matches!(e, Error::NonFinite { index: 2 }),
        "the first non-finite value is reported by its index");
    expect_err("difference([NaN], 2, 1)", difference(&[f64::NAN], 2, 1), "NonFinite { index: 0 }",
        |e| matches!(e, Error::NonFinite { index: 0 }), "non-finite values are checked before the length");
    expect_err("difference([], 1, 1)", difference(&[], 1, 1), "TooShort { n: 0, required: 2 }",
        |e| matches!(e, Error::TooShort { n: 0, required: 2 }), "n = 0 with order >= 1 is too short");
}

#[test]
fn correlogram_of_one_to_five() {
    let c = correlogram(&ONE_TO_FIVE, 2);
    assert_all_close("acf_pacf([1,2,3,4,5], 2).acf", &c.acf, &[1.0, 0.4, -0.1], RTOL, ATOL,
        "gamma_k = (1/n) sum (x_t - 3)(x_(t+k) - 3): gamma = [2, 0.8, -0.2]");
    assert_all_close("acf_pacf([1,2,3,4,5], 2).pacf", &c.pacf, &[1.0, 0.4, -0.30952380952380953], RTOL, ATOL,
        "phi_22 = (rho_2 - rho_1^2) / (1 - rho_1^2) = (-0.1 - 0.16) / 0.84");
}

#[test]
fn acf_pacf_refuses_more_than_half_the_series() {
    expect_err("acf_pacf([1,2,3,4,5], 3)", acf_pacf(&ONE_TO_FIVE, 3), "InvalidLag { lag: 3 }",
        |e| matches!(e, Error::InvalidLag { lag: 3 }), "nlags must be at most floor(n/2) = 2");
    expect_err("acf_pacf([1,2,3,4,5], 0)", acf_pacf(&ONE_TO_FIVE, 0), "InvalidLag { lag: 0 }",
        |e| matches!(e, Error::InvalidLag { lag: 0 }), "nlags must be at least 1");
}

#[test]
fn acf_pacf_errors_in_order() {
    expect_err("acf_pacf([], 1)", acf_pacf(&[], 1), "EmptyInput", |e| matches!(e, Error::EmptyInput),
        "an empty series is EmptyInput");
    expect_err("acf_pacf([1, NaN, 3, 4], 1)", acf_pacf(&[1.0, f64::NAN, 3.0, 4.0], 1), "NonFinite { index: 1 }",
        |e| matches!(e, Error::NonFinite { index: 1 }), "report the first non-finite index");
    expect_err("acf_pacf([2], 1)", acf_pacf(&[2.0], 1), "TooShort { n: 1, required: 2 }",
        |e| matches!(e, Error::TooShort { n: 1, required: 2 }), "n = 1 is too short, checked before nlags");
    // The mean of [0.1; 4] is 0.10000000000000002: deviations are not exactly zero.
    expect_err("acf_pacf([0.1, 0.1, 0.1, 0.1], 1)", acf_pacf(&[0.1; 4], 1), "ZeroVariance",
        |e| matches!(e, Error::ZeroVariance), "decide 'constant' with a relative threshold, not gamma_0 == 0");
}

#[test]
fn yule_walker_of_one_to_five() {
    let one = yw(&ONE_TO_FIVE, 1);
    assert_all_close("yule_walker([1..5], 1).phi", &one.phi, &[0.4], RTOL, ATOL, "phi_11 = rho_1");
    assert_close("yule_walker([1..5], 1).sigma2", one.sigma2, 1.68, RTOL, ATOL, "v_1 = gamma_0 (1 - rho_1^2) = 2 * 0.84");
    let two = yw(&ONE_TO_FIVE, 2);
    assert_all_close("yule_walker([1..5], 2).phi", &two.phi, &[0.5238095238095238, -0.30952380952380953], RTOL, ATOL,
        "phi_21 = phi_11 - phi_22 phi_11");
    assert_close("yule_walker([1..5], 2).sigma2", two.sigma2, 1.519047619047619, RTOL, ATOL,
        "v_2 = v_1 (1 - phi_22^2)");
}

#[test]
fn yule_walker_errors_in_order() {
    expect_err("yule_walker([], 1)", yule_walker(&[], 1), "EmptyInput", |e| matches!(e, Error::EmptyInput), "n = 0");
    expect_err("yule_walker([1, 2, -inf], 1)", yule_walker(&[1.0, 2.0, f64::NEG_INFINITY], 1), "NonFinite { index: 2 }",
        |e| matches!(e, Error::NonFinite { index: 2 }), "report the first non-finite index");
    expect_err("yule_walker([1..5], 0)", yule_walker(&ONE_TO_FIVE, 0), "InvalidLag { lag: 0 }",
        |e| matches!(e, Error::InvalidLag { lag: 0 }), "order 0 is refused");
    expect_err("yule_walker([1..5], 5)", yule_walker(&ONE_TO_FIVE, 5), "InvalidLag { lag: 5 }",
        |e| matches!(e, Error::InvalidLag { lag: 5 }), "order must be at most n - 1 = 4");
    expect_err("yule_walker([7; 6], 2)", yule_walker(&[7.0; 6], 2), "ZeroVariance",
        |e| matches!(e, Error::ZeroVariance), "a constant series has no autocorrelation");
}

#[test]
fn kpss_level_of_one_to_five() {
    let got = kpss_statistic(&ONE_TO_FIVE, 1, KpssNull::Level);
    match got {
        Ok(v) => assert_close("kpss_statistic([1..5], 1, Level)", v, 0.37142857142857144, RTOL, ATOL,
            "eta = 26/25 from S = [-2,-3,-3,-2,0]; sigma^2 = (10 + 2 * 0.5 * 4)/5 = 2.8"),
        Err(e) => panic!("kpss_statistic([1..5], 1, Level): expected Ok(0.37142857142857144), got Err({e:?})"),
    }
}

#[test]
fn kpss_errors_in_order() {
    expect_err("kpss_statistic([], 1, Level)", kpss_statistic(&[], 1, KpssNull::Level), "EmptyInput",
        |e| matches!(e, Error::EmptyInput), "n = 0");
    expect_err("kpss_statistic([1, NaN, 3], 1, Level)", kpss_statistic(&[1.0, f64::NAN, 3.0], 1, KpssNull::Level),
        "NonFinite { index: 1 }", |e| matches!(e, Error::NonFinite { index: 1 }), "report the first non-finite index");
    expect_err("kpss_statistic([1, 2], 0, Level)", kpss_statistic(&[1.0, 2.0], 0, KpssNull::Level),
        "TooShort { n: 2, required: 3 }", |e| matches!(e, Error::TooShort { n: 2, required: 3 }), "n >= 3 is required");
    expect_err("kpss_statistic([1..5], 5, Level)", kpss_statistic(&ONE_TO_FIVE, 5, KpssNull::Level),
        "InvalidLag { lag: 5 }", |e| matches!(e, Error::InvalidLag { lag: 5 }), "lags must be at most n - 1 = 4");
    expect_err("kpss_statistic([0.1; 3], 1, Level)", kpss_statistic(&[0.1; 3], 1, KpssNull::Level), "ZeroVariance",
        |e| matches!(e, Error::ZeroVariance), "residuals that are rounding noise (1e-17) count as zero: use a relative threshold");
    // statsmodels returns 1.3319 here, from residuals of size 1e-16: not a statistic.
    expect_err("kpss_statistic([1..5], 1, Trend)", kpss_statistic(&ONE_TO_FIVE, 1, KpssNull::Trend), "ZeroVariance",
        |e| matches!(e, Error::ZeroVariance), "a straight line has zero residuals around its trend");
}

#[test]
fn adf_of_a_constant_series_is_zero_variance() {
    expect_err("adf_statistic([5; 8], 1, Constant)", adf_statistic(&[5.0; 8], 1, Deterministic::Constant),
        "ZeroVariance", |e| matches!(e, Error::ZeroVariance), "a constant series is refused before any regression");
}

#[test]
fn adf_errors_in_order() {
    let x = [1.0, 3.0, 2.0, 5.0, 4.0, 4.5, 7.0, 6.0, 8.5, 8.0];
    expect_err("adf_statistic([], 0, None)", adf_statistic(&[], 0, Deterministic::None), "EmptyInput",
        |e| matches!(e, Error::EmptyInput), "n = 0");
    expect_err("adf_statistic([1, 2, NaN, 3], 0, None)", adf_statistic(&[1.0, 2.0, f64::NAN, 3.0], 0, Deterministic::None),
        "NonFinite { index: 2 }", |e| matches!(e, Error::NonFinite { index: 2 }), "report the first non-finite index");
    // n = 10, Constant: lags <= 5 - 1 - 1 = 3.
    ensure(adf_statistic(&x, 3, Deterministic::Constant).is_ok(),
        || format!("adf_statistic(x of length 10, 3, Constant): expected Ok, got {:?}", adf_statistic(&x, 3, Deterministic::Constant)),
        "the limit is lags <= floor(n/2) - k_det - 1, inclusive");
    expect_err("adf_statistic(x of length 10, 4, Constant)", adf_statistic(&x, 4, Deterministic::Constant),
        "TooShort", |e| matches!(e, Error::TooShort { n: 10, .. }), "lags > floor(n/2) - k_det - 1 is too many (statsmodels' limit)");
    expect_err("adf_statistic(x of length 10, 3, ConstantTrend)", adf_statistic(&x, 3, Deterministic::ConstantTrend),
        "TooShort", |e| matches!(e, Error::TooShort { n: 10, .. }), "with a trend the limit is floor(n/2) - 3 = 2");
    // n = 4, None, lags 1: within the lag limit, but nobs = 2 rows for k = 2 regressors.
    expect_err("adf_statistic([1, 3, 2, 5], 1, None)", adf_statistic(&[1.0, 3.0, 2.0, 5.0], 1, Deterministic::None),
        "TooShort", |e| matches!(e, Error::TooShort { n: 4, .. }), "nobs - k = 0 residual degrees of freedom leaves s^2 undefined");
    // A straight line: x_(s-1) is a constant plus a trend.
    let line: Vec<f64> = (0..20).map(|t| 2.0 + 0.5 * f64::from(t)).collect();
    expect_err("adf_statistic(2 + 0.5 t, 1, ConstantTrend)", adf_statistic(&line, 1, Deterministic::ConstantTrend),
        "SingularDesign", |e| matches!(e, Error::SingularDesign), "detect a singular X'X (a vanishing pivot) instead of dividing by it");
}

#[test]
fn engle_granger_of_an_exact_line_is_a_perfect_fit() {
    let x: Vec<f64> = (0..30).map(|t| f64::from((t * 7) % 11) + 0.25 * f64::from(t)).collect();
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v + 1.0).collect();
    expect_err("engle_granger_statistic(2x + 1, x, 1)", engle_granger_statistic(&y, &x, 1), "PerfectFit",
        |e| matches!(e, Error::PerfectFit), "R^2 >= 1 - 100 sqrt(eps) means the residuals are rounding noise: refuse it");
}

#[test]
fn engle_granger_errors_in_order() {
    let x: Vec<f64> = (0..30).map(|t| f64::from((t * 7) % 11)).collect();
    let y: Vec<f64> = (0..30).map(|t| f64::from((t * 5) % 13)).collect();
    let r = engle_granger_statistic(&y[..29], &x, 1);
    ensure(r == Err(Error::LengthMismatch { y: 29, x: 30 }),
        || format!("engle_granger_statistic(y of 29, x of 30, 1): expected Err(LengthMismatch {{ y: 29, x: 30 }}), got {r:?}"),
        "lengths are compared first, exact payload (y's length, then x's)");
    expect_err("engle_granger_statistic([], [], 1)", engle_granger_statistic(&[], &[], 1), "EmptyInput",
        |e| matches!(e, Error::EmptyInput), "n = 0");
    let mut bad = x.clone();
    bad[4] = f64::NAN;
    expect_err("engle_granger_statistic(y, x with NaN at 4, 1)", engle_granger_statistic(&y, &bad, 1), "NonFinite { index: 4 }",
        |e| matches!(e, Error::NonFinite { index: 4 }), "report the first non-finite index");
    expect_err("engle_granger_statistic(y, [3; 30], 1)", engle_granger_statistic(&y, &[3.0; 30], 1), "SingularDesign",
        |e| matches!(e, Error::SingularDesign), "a constant x is collinear with the intercept");
    // statsmodels returns -1.7249 for a constant y: the residuals are rounding noise.
    expect_err("engle_granger_statistic([0.1; 30], x, 1)", engle_granger_statistic(&[0.1; 30], &x, 1), "PerfectFit",
        |e| matches!(e, Error::PerfectFit), "a constant y is fitted exactly (b = 0): its residuals are rounding noise");
    expect_err("engle_granger_statistic(y of 6, x of 6, 2)", engle_granger_statistic(&y[..6], &x[..6], 2), "TooShort",
        |e| matches!(e, Error::TooShort { n: 6, .. }), "the residual ADF keeps its own limits: lags <= floor(6/2) - 1 = 2, but dof = 6 - 2 - 4 = 0");
}
