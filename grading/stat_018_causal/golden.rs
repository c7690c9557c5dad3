//! Golden values from numpy formulas, statsmodels (WLS, OLS, IV2SLS, the DiD formula) and
//! linearmodels (IV2SLS), at the statement's tolerances.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_018_causal::Estimand;

use crate::fixtures::*;
use crate::{ATOL, RTOL, TSLS_RTOL, did, ipw, matching, rdd, tsls, wald};

#[test]
fn ipw_on_forty_units_matches_numpy_and_statsmodels_wls() {
    let cases = [
        (Estimand::Ate, false, IPW_ATE_HT),
        (Estimand::Ate, true, IPW_ATE_HAJEK),
        (Estimand::Att, false, IPW_ATT_HT),
        (Estimand::Att, true, IPW_ATT_HAJEK),
        (Estimand::Atc, false, IPW_ATC_HT),
        (Estimand::Atc, true, IPW_ATC_HAJEK),
    ];
    for (estimand, normalized, want) in cases {
        assert_close(
            &format!("ipw_estimate(IPW fixture, {estimand:?}, normalized = {normalized})"),
            ipw(IPW_Y, IPW_T, IPW_E, estimand, normalized),
            want,
            RTOL,
            ATOL,
            "HT divides the weighted difference by n (ATE), n1 (ATT) or n0 (ATC); Hajek divides \
             each group's weighted sum by that group's sum of weights. Treated weights: 1/e, 1, \
             (1-e)/e; control weights: 1/(1-e), e/(1-e), 1",
        );
    }
}

#[test]
fn matching_matches_brute_force_argmin() {
    assert_close(
        "matching_att(MATCH fixture: 30 units, scores k/16, 4 tied treated units)",
        matching(MATCH_Y, MATCH_T, MATCH_S),
        MATCH_ATT,
        RTOL,
        ATOL,
        "each treated unit takes the control with the smallest |score difference|, ties to the \
         smallest control index, with replacement; ATT is the mean of y_i - y_m(i) over treated \
         units",
    );
}

#[test]
fn wald_matches_statsmodels_iv2sls() {
    assert_close(
        "wald_estimate(WALD fixture, n = 50)",
        wald(WALD_Y, WALD_T, WALD_Z),
        WALD,
        RTOL,
        ATOL,
        "Wald = (mean y | Z=1 - mean y | Z=0) / (mean T | Z=1 - mean T | Z=0): reduced form over \
         first stage",
    );
}

#[test]
fn overidentified_2sls_matches_statsmodels_and_linearmodels() {
    let one = vec![1.0; TSLS_Y.len()];
    let got = tsls(TSLS_Y, &[&one, TSLS_W, TSLS_T], &[&one, TSLS_W, TSLS_Z1, TSLS_Z2]);
    assert_all_close(
        "two_stage_least_squares(y, X = [1, w, t], Z = [1, w, z1, z2])",
        &got,
        TSLS_OVER_BETA,
        TSLS_RTOL,
        ATOL,
        "beta = (Xhat^T X)^-1 Xhat^T y with Xhat = Z (Z^T Z)^-1 Z^T X, every column of X \
         projected on all of Z",
    );
}

#[test]
fn just_identified_2sls_matches_statsmodels_and_linearmodels() {
    let one = vec![1.0; TSLS_Y.len()];
    let got = tsls(TSLS_Y, &[&one, TSLS_W, TSLS_T], &[&one, TSLS_W, TSLS_Z1]);
    assert_all_close(
        "two_stage_least_squares(y, X = [1, w, t], Z = [1, w, z1])",
        &got,
        TSLS_JUST_BETA,
        TSLS_RTOL,
        ATOL,
        "beta = (Xhat^T X)^-1 Xhat^T y with Xhat = Z (Z^T Z)^-1 Z^T X",
    );
}

#[test]
fn did_matches_the_ols_interaction_coefficient() {
    assert_close(
        "difference_in_differences(DID fixture, n = 40)",
        did(DID_Y, DID_TREATED, DID_POST),
        DID,
        RTOL,
        ATOL,
        "DiD = (treated post - treated pre) - (control post - control pre) from the four cell \
         means; it equals the treated:post coefficient of OLS y ~ treated * post",
    );
}

#[test]
fn rdd_matches_per_side_weighted_least_squares() {
    let got = rdd(RDD_Y, RDD_X, RDD_CUTOFF, RDD_H);
    let mistake = "each side gets its own WLS fit y = a + b (x - c) with triangular weights \
                   1 - |x - c|/h on the units with |x - c| < h; tau = a_right - a_left";
    assert_close("sharp_rdd(RDD fixture).intercept_left", got.intercept_left, RDD_INTERCEPT_LEFT, RTOL, ATOL, mistake);
    assert_close("sharp_rdd(RDD fixture).intercept_right", got.intercept_right, RDD_INTERCEPT_RIGHT, RTOL, ATOL, mistake);
    assert_close("sharp_rdd(RDD fixture).tau", got.tau, RDD_TAU, RTOL, ATOL, mistake);
    ensure(
        (got.n_left, got.n_right) == (RDD_N_LEFT, RDD_N_RIGHT),
        || format!(
            "sharp_rdd(RDD fixture): expected (n_left, n_right) = ({RDD_N_LEFT}, {RDD_N_RIGHT}), \
             got ({}, {})",
            got.n_left, got.n_right
        ),
        "n_left and n_right count the units with positive weight (|x - c| < h) on each side; \
         x >= c is the right side",
    );
}
