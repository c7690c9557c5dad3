//! Golden values from pandas and statsmodels 0.14.6, at the statement's tolerances.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_017_time_series::difference;

use crate::fixtures::{ACF_PACF, ADF, COINT, DIFFERENCE, KPSS, YULE_WALKER};
use crate::{
    ADF_ATOL, ADF_RTOL, ATOL, RTOL, adf, correlogram, deterministic, engle_granger, kpss,
    kpss_null, yw,
};

#[test]
fn difference_matches_pandas_diff() {
    for case in DIFFERENCE {
        let got = match difference(case.x, case.order, case.lag) {
            Ok(v) => v,
            Err(e) => panic!(
                "difference(x of length {}, order {}, lag {}): expected Ok, got Err({e:?})",
                case.x.len(),
                case.order,
                case.lag
            ),
        };
        let what = format!("difference(x of length {}, order {}, lag {})", case.x.len(), case.order, case.lag);
        ensure(
            got.len() == case.want.len(),
            || format!("{what}: expected {} values, got {}", case.want.len(), got.len()),
            "the output has n - order * lag values",
        );
        // Order 1 is one subtraction (rtol 1e-15); higher orders are on integer data (exact).
        assert_all_close(
            &what,
            &got,
            case.want,
            1e-15,
            0.0,
            "y_t = x_t - x_(t-lag), applied order times, starting at t = lag each time",
        );
    }
}

#[test]
fn acf_matches_statsmodels() {
    for case in ACF_PACF {
        let c = correlogram(case.x, case.nlags);
        assert_all_close(
            &format!("acf_pacf(x of length {}, {}).acf", case.x.len(), case.nlags),
            &c.acf,
            case.acf,
            RTOL,
            ATOL,
            "rho_k = gamma_k / gamma_0 with gamma_k = (1/n) sum (x_t - mean)(x_(t+k) - mean): \
             the full-sample mean and the same divisor n at every lag",
        );
    }
}

#[test]
fn pacf_matches_statsmodels_durbin_levinson() {
    for case in ACF_PACF {
        let c = correlogram(case.x, case.nlags);
        assert_all_close(
            &format!("acf_pacf(x of length {}, {}).pacf", case.x.len(), case.nlags),
            &c.pacf,
            case.pacf,
            RTOL,
            ATOL,
            "Durbin-Levinson: phi_kk = (gamma_k - sum_j phi_(k-1,j) gamma_(k-j)) / v_(k-1), \
             update phi_kj = phi_(k-1,j) - phi_kk phi_(k-1,k-j) from the OLD vector, \
             v_k = v_(k-1) (1 - phi_kk^2)",
        );
    }
}

#[test]
fn yule_walker_matches_statsmodels_mle() {
    for case in YULE_WALKER {
        let fit = yw(case.x, case.order);
        let what = format!("yule_walker(x of length {}, {})", case.x.len(), case.order);
        assert_all_close(
            &format!("{what}.phi"),
            &fit.phi,
            case.phi,
            RTOL,
            ATOL,
            "phi is the last Durbin-Levinson vector (phi_p1, ..., phi_pp) on the BIASED \
             autocovariances (divisor n)",
        );
        assert_close(
            &format!("{what}.sigma2"),
            fit.sigma2,
            case.sigma2,
            RTOL,
            ATOL,
            "sigma2 = gamma_0 - sum_j phi_pj gamma_j = v_p, a variance (statsmodels returns its \
             square root, sigma)",
        );
    }
}

#[test]
fn adf_matches_statsmodels_adfuller() {
    for case in ADF {
        let r = adf(case.x, case.lags, deterministic(case.regression));
        let what = format!(
            "adf_statistic(x of length {}, {}, {:?})",
            case.x.len(),
            case.lags,
            deterministic(case.regression)
        );
        ensure(
            r.nobs == case.nobs,
            || format!("{what}.nobs: expected {}, got {}", case.nobs, r.nobs),
            "the regression rows are s = lags + 1 ..= n - 1, so nobs = n - 1 - lags",
        );
        assert_close(
            &format!("{what}.statistic"),
            r.statistic,
            case.statistic,
            ADF_RTOL,
            ADF_ATOL,
            "regress dx_s on [x_(s-1), dx_(s-1), ..., dx_(s-lags)] (+ constant, + trend 1..nobs); \
             statistic = gamma_hat / sqrt(RSS / (nobs - k) * [(X'X)^-1]_11)",
        );
    }
}

#[test]
fn kpss_matches_statsmodels() {
    for case in KPSS {
        let null = kpss_null(case.regression);
        assert_close(
            &format!("kpss_statistic(x of length {}, {}, {null:?})", case.x.len(), case.lags),
            kpss(case.x, case.lags, null),
            case.statistic,
            RTOL,
            ATOL,
            "eta = sum S_t^2 / n^2 over the partial sums of the residuals; the long-run variance \
             is (1/n)[sum e^2 + 2 sum_s (1 - s/(lags+1)) sum_t e_t e_(t-s)]",
        );
    }
}

#[test]
fn engle_granger_matches_statsmodels_coint() {
    for case in COINT {
        assert_close(
            &format!("engle_granger_statistic(y, x of length {}, {})", case.x.len(), case.lags),
            engle_granger(case.y, case.x, case.lags),
            case.statistic,
            ADF_RTOL,
            ADF_ATOL,
            "OLS of y on [x, 1], then the ADF t-ratio of the residuals with NO deterministic terms",
        );
    }
}
