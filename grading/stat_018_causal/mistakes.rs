//! One test per classic mistake of the statement, on the input that exposes it.

use grading_support::{assert_all_close, assert_close, ensure};
use stat_018_causal::Estimand;

use crate::fixtures::*;
use crate::{ATOL, D1_E, D1_T, D1_Y, RTOL, TSLS_RTOL, did, ipw, matching, rdd, rdd_example, tsls};

#[test]
fn ipw_normalized_flag_switches_between_horvitz_thompson_and_hajek() {
    let ht = ipw(&D1_Y, &D1_T, &D1_E, Estimand::Ate, false);
    let hajek = ipw(&D1_Y, &D1_T, &D1_E, Estimand::Ate, true);
    let mistake = "normalized = false is Horvitz-Thompson (divide by n), normalized = true is Hajek \
                   (divide by each group's sum of weights); ignoring the flag gives equal values";
    assert_close("ipw_estimate(D1, Ate, normalized = false)", ht, D1_ATE_HT, RTOL, ATOL, mistake);
    assert_close("ipw_estimate(D1, Ate, normalized = true)", hajek, D1_ATE_HAJEK, RTOL, ATOL, mistake);
}

#[test]
fn att_weights_treated_units_by_one() {
    assert_close(
        "ipw_estimate(D1, Att, normalized = true)",
        ipw(&D1_Y, &D1_T, &D1_E, Estimand::Att, true),
        D1_ATT_HAJEK,
        RTOL,
        ATOL,
        &format!(
            "for the ATT the treated units are the target population and keep weight 1; only the \
             controls are reweighted by e/(1-e). Weighting the treated by 1/e gives \
             {D1_ATT_HAJEK_WRONG_TREATED_WEIGHTS}"
        ),
    );
}

#[test]
fn matching_ties_go_to_the_smallest_control_index() {
    let y = [5.0, 8.0, 3.0, 4.0, 6.0];
    let t = [true, true, false, false, false];
    let s = [0.5, 0.75, 0.25, 0.75, 1.0];
    assert_close(
        "matching_att(treated (0.5, 5), (0.75, 8); controls (0.25, 3), (0.75, 4), (1.0, 6))",
        matching(&y, &t, &s),
        3.0,
        RTOL,
        ATOL,
        "the first treated unit is equally close to controls 0 and 1 and must take control 0 (the \
         first in input order); taking the last one (<= instead of <) gives 2.5",
    );
}

#[test]
fn matching_is_with_replacement() {
    // Treated (0.5, 10) and (0.625, 12); controls (0.5625, 1) and (1.0, 5). Both treated units
    // are nearest to control 0.
    let y = [10.0, 1.0, 12.0, 5.0];
    let t = [true, false, true, false];
    let s = [0.5, 0.5625, 0.625, 1.0];
    assert_close(
        "matching_att(treated (0.5, 10), (0.625, 12); controls (0.5625, 1), (1.0, 5))",
        matching(&y, &t, &s),
        10.0,
        RTOL,
        ATOL,
        "matching is with replacement: both treated units use control 0, ((10 - 1) + (12 - 1)) / 2 = \
         10; removing a used control sends the second to a worse match (8)",
    );
}

#[test]
fn two_stage_least_squares_keeps_exogenous_controls_among_the_instruments() {
    let one = vec![1.0; TSLS_Y.len()];
    let got = tsls(TSLS_Y, &[&one, TSLS_W, TSLS_T], &[&one, TSLS_W, TSLS_Z1]);
    assert_all_close(
        "two_stage_least_squares(y, X = [1, w, t], Z = [1, w, z1])",
        &got,
        TSLS_JUST_BETA,
        TSLS_RTOL,
        ATOL,
        &format!(
            "project every column of X on ALL of Z, exogenous control w included; a first stage of \
             t on [1, z1] alone (controls dropped) gives {TSLS_DROPPED_BETA:?}"
        ),
    );
}

#[test]
fn did_subtracts_the_control_trend() {
    let y = [9.0, 8.0, 15.0, 10.0, 11.0, 12.0];
    let t = [true, false, true, false, true, false];
    let p = [false, false, true, true, false, true];
    let got = did(&y, &t, &p);
    ensure(
        (got - 5.0).abs() > 1e-6,
        || format!("difference_in_differences(T: pre 10, post 15; C: pre 8, post 11): expected 2, got {got}"),
        "the before-after change of the treated (5) includes the common trend; subtract the \
         control group's change (3)",
    );
    assert_close("difference_in_differences(statement example)", got, 2.0, RTOL, ATOL, "DiD = (15 - 10) - (11 - 8)");
}

#[test]
fn did_is_treated_change_minus_control_change() {
    let y = [9.0, 8.0, 15.0, 10.0, 11.0, 12.0];
    let t = [true, false, true, false, true, false];
    let p = [false, false, true, true, false, true];
    let got = did(&y, &t, &p);
    assert_close(
        "difference_in_differences(T: pre 10, post 15; C: pre 8, post 11)",
        got,
        2.0,
        RTOL,
        ATOL,
        "the sign convention is (treated post - treated pre) - (control post - control pre); \
         control minus treated gives -2",
    );
}

#[test]
fn rdd_fits_a_separate_slope_on_each_side() {
    let (x, y) = rdd_example();
    let got = rdd(&y, &x, 0.0, 1.0);
    assert_close(
        "sharp_rdd(statement example: slope 1 left, 3 right).tau",
        got.tau,
        2.0,
        RTOL,
        ATOL,
        &format!(
            "fit each side on its own; one pooled regression y ~ 1 + D + (x - c) forces a common \
             slope and gives {RDD_EXAMPLE_POOLED}"
        ),
    );
}

#[test]
fn rdd_uses_the_triangular_kernel() {
    let got = rdd(RDD_Y, RDD_X, RDD_CUTOFF, RDD_H);
    assert_close(
        "sharp_rdd(curved fixture y = exp(x) + 1[x >= c] + noise, c = 0.1, h = 0.8).tau",
        got.tau,
        RDD_TAU,
        RTOL,
        ATOL,
        &format!(
            "weight each unit by 1 - |x - c|/h (triangular), not 1 (uniform kernel, which gives \
             {RDD_TAU_UNIFORM})"
        ),
    );
}
