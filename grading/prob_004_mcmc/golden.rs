//! Golden values: leapfrog against the recursion in numpy (cross-checked at 40 digits), the
//! ACF against statsmodels `acf(adjusted=False, fft=False)`, and ESS and split-R̂ against
//! ArviZ 0.23.4 `ess(method="mean")` and `rhat(method="split")`.

use grading_support::{assert_all_close, assert_close, ensure};
use ndarray::ArrayView2;

use crate::fixtures::{ACF, DIAGNOSTICS, DiagnosticsCase, LEAPFROG};
use crate::{
    ACF_ATOL, ACF_RTOL, DIAGNOSTICS_RTOL, LEAPFROG_ATOL, LEAPFROG_RTOL, acf, diagnose,
    fixture_gradient, run_leapfrog,
};

#[test]
fn leapfrog_matches_the_reference_recursion() {
    for case in LEAPFROG {
        let (x, p) = run_leapfrog(
            fixture_gradient(case.target),
            case.x,
            case.p,
            case.step_size,
            case.n_steps,
        );
        let what = |part: &str| {
            format!(
                "leapfrog case {} ({}, x = {:?}, p = {:?}, step_size = {}, n_steps = {}): {part}",
                case.name, case.target, case.x, case.p, case.step_size, case.n_steps
            )
        };
        let mistake = "p += (eps/2) grad(x); then L times: x += eps p, p += eps grad(x), with \
                       eps/2 instead of eps in the last momentum update";
        assert_all_close(
            &what("x_L"),
            &x,
            case.x_out,
            LEAPFROG_RTOL,
            LEAPFROG_ATOL,
            mistake,
        );
        assert_all_close(
            &what("p_L"),
            &p,
            case.p_out,
            LEAPFROG_RTOL,
            LEAPFROG_ATOL,
            mistake,
        );
    }
}

#[test]
fn autocorrelation_matches_statsmodels() {
    for case in ACF {
        let got = acf(case.x, case.max_lag);
        assert_all_close(
            &format!(
                "autocorrelation(case {}, n = {}, max_lag = {})",
                case.name,
                case.x.len(),
                case.max_lag
            ),
            &got,
            case.acf,
            ACF_RTOL,
            ACF_ATOL,
            "the biased estimator divides every lag's sum by the same sum of squares \
             (denominator n), after subtracting the mean of the whole series",
        );
    }
}

fn chains(case: &DiagnosticsCase) -> ArrayView2<'static, f64> {
    ArrayView2::from_shape((case.m, case.n), case.chains).expect("fixture shape")
}

#[test]
fn ess_matches_arviz() {
    for case in DIAGNOSTICS {
        let d = diagnose(chains(case));
        assert_close(
            &format!(
                "convergence_diagnostics(case {}, M = {}, N = {}).ess",
                case.name, case.m, case.n
            ),
            d.ess,
            case.ess,
            DIAGNOSTICS_RTOL,
            0.0,
            "follow steps 1-7 exactly: split each chain in halves (dropping the middle draw of \
             an odd N), rho_t = 1 - (W - mean autocovariance at lag t) / var+, Geyer's pairs \
             (rho_{t+1}, rho_{t+2}) for odd t, the monotone fix-up, and the floor \
             1/log10(M'N') on tau",
        );
    }
}

#[test]
fn split_rhat_matches_arviz() {
    for case in DIAGNOSTICS {
        let d = diagnose(chains(case));
        assert_close(
            &format!(
                "convergence_diagnostics(case {}, M = {}, N = {}).rhat",
                case.name, case.m, case.n
            ),
            d.rhat,
            case.rhat,
            DIAGNOSTICS_RTOL,
            0.0,
            "rhat = sqrt((B/W + N' - 1)/N') on the 2M split chains of length N' = floor(N/2), \
             with B = N' times the sample variance (denominator M' - 1) of the split-chain \
             means and W the mean of their unbiased variances",
        );
    }
}

#[test]
fn ess_of_a_perfectly_alternating_chain_is_capped() {
    // 1 + rho_1 < 0 here, so max_t = -1 and tau = -1 + r[0] = 0, below the floor.
    let case = DIAGNOSTICS
        .iter()
        .find(|c| c.name == "alternating_sign")
        .expect("fixture");
    let d = diagnose(chains(case));
    let total = (2 * case.m * (case.n / 2)) as f64;
    ensure(
        (d.ess - total * total.log10()).abs() <= 1e-9 * d.ess.abs(),
        || {
            format!(
                "convergence_diagnostics(alternating signs, M = 2, N = 20).ess: expected \
                 M'N' log10(M'N') = {}, got {}",
                total * total.log10(),
                d.ess
            )
        },
        "when 1 + rho_1 <= 0 the scan stops at once: max_t = t - 2 = -1 (keep it signed), \
         tau = -1 + r[0] = 0, and the floor 1/log10(M'N') applies",
    );
}
