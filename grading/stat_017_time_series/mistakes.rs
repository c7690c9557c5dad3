//! One test per classic mistake of the statement, on the input that exposes it.

use grading_support::{assert_all_close, assert_close};
use stat_017_time_series::difference;

use crate::fixtures::{ADF, AR1, COINT, TREND_STATIONARY};
use crate::{ADF_ATOL, ADF_RTOL, ATOL, RTOL, adf, correlogram, deterministic, engle_granger, kpss, yw};

const ONE_TO_FIVE: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];

fn adf_case(x: &[f64], lags: usize, regression: &str) -> &'static crate::fixtures::AdfCase {
    ADF.iter()
        .find(|c| std::ptr::eq(c.x, x) && c.lags == lags && c.regression == regression)
        .expect("the fixture case exists")
}

#[test]
fn difference_order_is_repetition_and_lag_is_distance() {
    let got = difference(&[1.0, 4.0, 9.0, 16.0, 25.0], 2, 1);
    match got {
        Ok(v) => assert_all_close("difference([1,4,9,16,25], order 2, lag 1)", &v, &[2.0, 2.0, 2.0], 0.0, 0.0,
            "order and lag confused: (1 - B)^2 gives [2, 2, 2]; [8, 12, 16] is (1 - B^2), one difference at lag 2"),
        Err(e) => panic!("difference([1,4,9,16,25], 2, 1): expected Ok([2, 2, 2]), got Err({e:?})"),
    }
}

#[test]
fn acf_uses_the_full_sample_mean_and_one_denominator() {
    let c = correlogram(&ONE_TO_FIVE, 2);
    assert_close("acf_pacf([1,2,3,4,5], 2).acf[1]", c.acf[1], 0.4, RTOL, ATOL,
        "the ACF is not the correlation of the shifted slices x[..n-k] and x[k..] (that gives 1.0 \
         for a line): use gamma_k / gamma_0 with the full-sample mean and the divisor n");
}

#[test]
fn pacf_is_not_the_acf() {
    let c = correlogram(&ONE_TO_FIVE, 2);
    assert_close("acf_pacf([1,2,3,4,5], 2).pacf[2]", c.pacf[2], -0.30952380952380953, RTOL, ATOL,
        "pacf[2] = (rho_2 - rho_1^2)/(1 - rho_1^2) = -0.3095 from Durbin-Levinson; -0.1 is acf[2]: \
         the PACF removes the effect of the intermediate lags");
}

#[test]
fn yule_walker_sigma2_is_a_variance() {
    let fit = yw(&ONE_TO_FIVE, 1);
    assert_close("yule_walker([1,2,3,4,5], 1).sigma2", fit.sigma2, 1.68, RTOL, ATOL,
        "sigma2 = v_1 = gamma_0 (1 - rho_1^2) = 1.68 is a variance; 1.2961 is its square root \
         (statsmodels' yule_walker returns sigma, the standard deviation)");
}

#[test]
fn adf_reports_the_t_ratio_not_the_coefficient() {
    let case = adf_case(AR1, 1, "c");
    let got = adf(AR1, 1, deterministic("c")).statistic;
    assert_close("adf_statistic(fixture AR1, 1, Constant).statistic", got, case.statistic, ADF_RTOL, ADF_ATOL,
        "the statistic is gamma_hat / se(gamma_hat), a t-ratio (about -5.8 here), not the coefficient \
         gamma_hat itself (about -0.5 for an AR(1) with phi = 0.5)");
}

#[test]
fn adf_residual_variance_uses_nobs_minus_k() {
    let case = adf_case(TREND_STATIONARY, 3, "ct");
    let got = adf(TREND_STATIONARY, 3, deterministic("ct")).statistic;
    assert_close("adf_statistic(fixture TREND_STATIONARY, 3, ConstantTrend).statistic", got, case.statistic,
        ADF_RTOL, ADF_ATOL,
        "s^2 = RSS / (nobs - k) with k = 1 + lags + k_det regressors (here 136 - 6); dividing by \
         nobs shrinks the standard error and inflates |t| by sqrt(nobs / (nobs - k))");
}

#[test]
fn kpss_divides_eta_by_n_squared() {
    let got = kpss(&ONE_TO_FIVE, 1, stat_017_time_series::KpssNull::Level);
    assert_close("kpss_statistic([1,2,3,4,5], 1, Level)", got, 0.37142857142857144, RTOL, ATOL,
        "eta = sum S_t^2 / n^2 = 26/25; with / n the statistic is 1.8571, n times too large");
}

#[test]
fn engle_granger_residual_adf_has_no_constant() {
    let case = COINT.iter().find(|c| c.lags == 1).expect("the fixture case exists");
    let got = engle_granger(case.y, case.x, 1);
    assert_close("engle_granger_statistic(fixture cointegrated pair, 1)", got, case.statistic, ADF_RTOL, ADF_ATOL,
        &format!(
            "the residual ADF has NO deterministic terms (the levels regression already has the \
             intercept); with a constant it gives {:?}",
            case.with_constant
        ));
}
