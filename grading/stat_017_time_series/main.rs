//! Hidden tests of `stat_017_time_series`, compiled against the learner's crate (or the
//! reference solution): golden values from pandas and statsmodels, every edge input of the
//! statement, its properties and sanity checks on simulated series, and one test per classic
//! mistake.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/stat_017_time_series/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/stat_017_time_series/golden.rs");
}

use stat_017_time_series::{
    AdfResult, ArFit, Correlogram, Deterministic, KpssNull, acf_pacf, adf_statistic,
    engle_granger_statistic, kpss_statistic, yule_walker,
};

/// acf, pacf, Yule–Walker and KPSS: rtol 1e-10, atol 1e-12.
const RTOL: f64 = 1e-10;
const ATOL: f64 = 1e-12;
/// ADF and Engle–Granger against statsmodels (QR there, normal equations here): rtol 1e-8.
const ADF_RTOL: f64 = 1e-8;
const ADF_ATOL: f64 = 1e-12;

/// statsmodels' spelling of the deterministic terms.
fn deterministic(code: &str) -> Deterministic {
    match code {
        "n" => Deterministic::None,
        "c" => Deterministic::Constant,
        "ct" => Deterministic::ConstantTrend,
        other => panic!("unknown regression code {other:?} in the fixtures"),
    }
}

fn kpss_null(code: &str) -> KpssNull {
    match code {
        "c" => KpssNull::Level,
        "ct" => KpssNull::Trend,
        other => panic!("unknown regression code {other:?} in the fixtures"),
    }
}

/// `acf_pacf` that must succeed, with both vectors of length nlags + 1.
#[track_caller]
fn correlogram(x: &[f64], nlags: usize) -> Correlogram {
    match acf_pacf(x, nlags) {
        Ok(c) => {
            assert!(
                c.acf.len() == nlags + 1 && c.pacf.len() == nlags + 1,
                "acf_pacf(x of length {}, {nlags}): expected acf and pacf of length {}, got {} and {}.\n\
                 Likely mistake: both vectors include lag 0 (value 1)",
                x.len(),
                nlags + 1,
                c.acf.len(),
                c.pacf.len()
            );
            c
        }
        Err(e) => panic!(
            "acf_pacf(x of length {}, {nlags}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (1 <= nlags <= n/2, non-constant x)",
            x.len()
        ),
    }
}

#[track_caller]
fn yw(x: &[f64], order: usize) -> ArFit {
    match yule_walker(x, order) {
        Ok(f) => {
            assert!(
                f.phi.len() == order,
                "yule_walker(x of length {}, {order}): expected {order} coefficients, got {}",
                x.len(),
                f.phi.len()
            );
            f
        }
        Err(e) => panic!(
            "yule_walker(x of length {}, {order}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (1 <= order <= n - 1, non-constant x)",
            x.len()
        ),
    }
}

#[track_caller]
fn adf(x: &[f64], lags: usize, regression: Deterministic) -> AdfResult {
    match adf_statistic(x, lags, regression) {
        Ok(r) => r,
        Err(e) => panic!(
            "adf_statistic(x of length {}, {lags}, {regression:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (lags <= n/2 - k_det - 1, positive residual dof)",
            x.len()
        ),
    }
}

#[track_caller]
fn kpss(x: &[f64], lags: usize, null: KpssNull) -> f64 {
    match kpss_statistic(x, lags, null) {
        Ok(r) => r,
        Err(e) => panic!(
            "kpss_statistic(x of length {}, {lags}, {null:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (n >= 3, lags <= n - 1, non-zero residuals)",
            x.len()
        ),
    }
}

#[track_caller]
fn engle_granger(y: &[f64], x: &[f64], lags: usize) -> f64 {
    match engle_granger_statistic(y, x, lags) {
        Ok(r) => r,
        Err(e) => panic!(
            "engle_granger_statistic(y, x of length {}, {lags}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid pair (equal lengths, non-constant x, imperfect fit)",
            x.len()
        ),
    }
}
