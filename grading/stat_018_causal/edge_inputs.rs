//! Every row of the statement's edge-input table, and the errors with their validation order.

use grading_support::{assert_close, ensure};
use ndarray::{Array1, Array2};
use stat_018_causal::{
    Error, Estimand, Side, difference_in_differences, ipw_estimate, matching_att, sharp_rdd,
    two_stage_least_squares, wald_estimate,
};

use crate::fixtures::*;
use crate::{ATOL, D1_E, D1_T, D1_Y, RTOL, did, ipw, matching, rdd, rdd_example, wald};

#[track_caller]
fn expect_err<T: std::fmt::Debug>(what: &str, r: &Result<T, Error>, ok: bool, want: &str, mistake: &str) {
    ensure(ok, || format!("{what}: expected Err({want}), got {r:?}"), mistake);
}

// ---------------------------------------------------------------------------------------
// IPW
// ---------------------------------------------------------------------------------------

#[test]
fn naive_difference_on_d1_is_hajek_with_a_constant_propensity() {
    let e = [0.5; 6];
    assert_close(
        "ipw_estimate(D1 with e = 0.5 everywhere, Ate, normalized = true)",
        ipw(&D1_Y, &D1_T, &e, Estimand::Ate, true),
        1.6666666666666667,
        RTOL,
        ATOL,
        "with a constant propensity the Hajek weights are constant within each group, so the \
         estimate is the naive difference of means (10/3 - 5/3)",
    );
}

#[test]
fn ipw_on_d1_matches_the_exact_fractions() {
    let cases = [
        (Estimand::Ate, false, D1_ATE_HT, "20/9"),
        (Estimand::Ate, true, D1_ATE_HAJEK, "20/11"),
        (Estimand::Att, false, D1_ATT_HT, "23/9"),
        (Estimand::Att, true, D1_ATT_HAJEK, "109/39"),
        (Estimand::Atc, false, D1_ATC_HT, "17/9"),
        (Estimand::Atc, true, D1_ATC_HAJEK, "31/39"),
    ];
    for (estimand, normalized, want, fraction) in cases {
        assert_close(
            &format!("ipw_estimate(D1, {estimand:?}, normalized = {normalized}) (= {fraction})"),
            ipw(&D1_Y, &D1_T, &D1_E, estimand, normalized),
            want,
            RTOL,
            ATOL,
            "HT: ATE = (1/n) sum[T Y/e - (1-T) Y/(1-e)], ATT = (1/n1) sum[T Y - (1-T) Y e/(1-e)], \
             ATC = (1/n0) sum[T Y (1-e)/e - (1-T) Y]; Hajek: sum_T w1 Y / sum_T w1 - sum_C w0 Y / sum_C w0",
        );
    }
}

#[test]
fn a_propensity_of_exactly_zero_or_one_is_out_of_range() {
    for (bad, index) in [(0.0, 1usize), (1.0, 4), (-0.25, 0), (1.5, 5)] {
        let mut e = D1_E;
        e[index] = bad;
        let r = ipw_estimate(&D1_Y, &D1_T, &e, Estimand::Ate, false);
        expect_err(
            &format!("ipw_estimate(D1 with e[{index}] = {bad})"),
            &r,
            matches!(r, Err(Error::PropensityOutOfRange { index: i, value }) if i == index && value == bad),
            &format!("PropensityOutOfRange {{ index: {index}, value: {bad} }}"),
            "the propensity must lie in the open interval (0, 1): 1/e or 1/(1-e) is infinite at the ends",
        );
    }
}

#[test]
fn ipw_errors_follow_the_validation_order() {
    let r = ipw_estimate(&[], &[], &[], Estimand::Ate, true);
    expect_err("ipw_estimate(empty)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = ipw_estimate(&D1_Y, &D1_T[..5], &D1_E, Estimand::Ate, true);
    expect_err("ipw_estimate(5 treated flags for 6 outcomes)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check that every input has the length of y");
    let r = ipw_estimate(&D1_Y, &D1_T, &D1_E[..4], Estimand::Ate, true);
    expect_err("ipw_estimate(4 propensities for 6 outcomes)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check that every input has the length of y");
    let mut y = D1_Y;
    y[2] = f64::NAN;
    let r = ipw_estimate(&y, &D1_T, &D1_E, Estimand::Att, false);
    expect_err("ipw_estimate(y[2] = NaN)", &r, matches!(r, Err(Error::NonFinite { index: 2, .. })), "NonFinite { index: 2, .. }", "reject non-finite outcomes before computing");
    let mut e = D1_E;
    e[3] = f64::NAN;
    let r = ipw_estimate(&D1_Y, &D1_T, &e, Estimand::Att, false);
    expect_err("ipw_estimate(e[3] = NaN)", &r, matches!(r, Err(Error::NonFinite { index: 3, .. })), "NonFinite { index: 3, .. }", "the common non-finite check covers the propensities and comes before the range check");
    let r = ipw_estimate(&D1_Y, &[false; 6], &D1_E, Estimand::Atc, true);
    expect_err("ipw_estimate(no treated units)", &r, matches!(r, Err(Error::NoTreated)), "NoTreated", "an effect needs both groups");
    let r = ipw_estimate(&D1_Y, &[true; 6], &D1_E, Estimand::Atc, true);
    expect_err("ipw_estimate(no control units)", &r, matches!(r, Err(Error::NoControl)), "NoControl", "an effect needs both groups");
    let mut e = D1_E;
    e[0] = 0.0;
    let r = ipw_estimate(&D1_Y, &[true; 6], &e, Estimand::Ate, true);
    expect_err("ipw_estimate(no controls and e[0] = 0)", &r, matches!(r, Err(Error::NoControl)), "NoControl", "NoTreated/NoControl are checked before the propensity range");
}

// ---------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------

#[test]
fn matching_example_breaks_the_tie_towards_the_first_control() {
    // Treated (0.5, 5), (0.75, 8); controls (0.25, 3), (0.75, 4), (1.0, 6).
    let y = [5.0, 8.0, 3.0, 4.0, 6.0];
    let t = [true, true, false, false, false];
    let s = [0.5, 0.75, 0.25, 0.75, 1.0];
    assert_close(
        "matching_att(statement example)",
        matching(&y, &t, &s),
        3.0,
        RTOL,
        ATOL,
        "the first treated unit is 0.25 from controls 0 and 1 and takes control 0 (y = 3); the \
         second matches control 1 exactly (y = 4): ((5 - 3) + (8 - 4)) / 2 = 3",
    );
}

#[test]
fn matching_errors_follow_the_validation_order() {
    let r = matching_att(&[], &[], &[]);
    expect_err("matching_att(empty)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = matching_att(&[1.0, 2.0], &[true, false], &[0.5]);
    expect_err("matching_att(1 score for 2 units)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check every length against y");
    let r = matching_att(&[1.0, 2.0], &[true, false], &[0.5, f64::INFINITY]);
    expect_err("matching_att(score[1] = inf)", &r, matches!(r, Err(Error::NonFinite { index: 1, .. })), "NonFinite { index: 1, .. }", "reject non-finite scores");
    let r = matching_att(&[1.0, 2.0], &[false, false], &[0.5, 0.25]);
    expect_err("matching_att(no treated)", &r, matches!(r, Err(Error::NoTreated)), "NoTreated", "ATT needs treated units");
    let r = matching_att(&[1.0, 2.0], &[true, true], &[0.5, 0.25]);
    expect_err("matching_att(no controls)", &r, matches!(r, Err(Error::NoControl)), "NoControl", "matching needs controls");
}

// ---------------------------------------------------------------------------------------
// Wald
// ---------------------------------------------------------------------------------------

/// Z = 1: mean y 5, mean T 0.8; Z = 0: mean y 3, mean T 0.3, interleaved.
fn wald_example() -> (Vec<f64>, Vec<f64>, Vec<bool>) {
    let g1 = [(5.0, 1.0), (6.0, 1.0), (4.0, 1.0), (5.0, 1.0), (5.0, 0.0)];
    let g0 = [(2.0, 1.0), (4.0, 1.0), (3.0, 1.0), (3.0, 0.0), (1.0, 0.0), (5.0, 0.0), (3.0, 0.0), (3.0, 0.0), (2.0, 0.0), (4.0, 0.0)];
    let (mut y, mut t, mut z) = (vec![], vec![], vec![]);
    for i in 0..10 {
        if i < 5 {
            y.push(g1[i].0);
            t.push(g1[i].1);
            z.push(true);
        }
        y.push(g0[i].0);
        t.push(g0[i].1);
        z.push(false);
    }
    (y, t, z)
}

#[test]
fn wald_example_is_reduced_form_over_first_stage() {
    let (y, t, z) = wald_example();
    assert_close(
        "wald_estimate(Z=1: mean y 5, mean T 0.8; Z=0: mean y 3, mean T 0.3)",
        wald(&y, &t, &z),
        4.0,
        RTOL,
        ATOL,
        "(5 - 3) / (0.8 - 0.3) = 4: the difference in outcomes divided by the difference in \
         treatment take-up",
    );
}

#[test]
fn wald_with_equal_take_up_is_a_weak_instrument() {
    let y = [1.0, 2.0, 3.0, 4.0];
    let t = [1.0, 0.0, 0.0, 1.0];
    let z = [true, true, false, false];
    let r = wald_estimate(&y, &t, &z);
    expect_err("wald_estimate(mean T = 0.5 in both groups)", &r, matches!(r, Err(Error::WeakInstrument { .. })), "WeakInstrument", "|first stage| < 1e-12 must be an error, not a division by zero");
}

#[test]
fn wald_errors_follow_the_validation_order() {
    let r = wald_estimate(&[], &[], &[]);
    expect_err("wald_estimate(empty)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = wald_estimate(&[1.0, 2.0], &[1.0, 0.0], &[true]);
    expect_err("wald_estimate(1 instrument for 2 units)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check every length against y");
    let r = wald_estimate(&[1.0, 2.0], &[f64::NAN, 0.0], &[true, false]);
    expect_err("wald_estimate(treatment[0] = NaN)", &r, matches!(r, Err(Error::NonFinite { index: 0, .. })), "NonFinite { index: 0, .. }", "reject non-finite treatments");
    let r = wald_estimate(&[1.0, 2.0], &[1.0, 0.0], &[true, true]);
    expect_err("wald_estimate(every Z = 1)", &r, matches!(r, Err(Error::EmptyInstrumentGroup)), "EmptyInstrumentGroup", "a mean over an empty group is 0/0");
    let r = wald_estimate(&[1.0, 2.0], &[1.0, 1.0], &[false, false]);
    expect_err("wald_estimate(every Z = 0)", &r, matches!(r, Err(Error::EmptyInstrumentGroup)), "EmptyInstrumentGroup", "empty groups are checked before the first stage");
}

// ---------------------------------------------------------------------------------------
// 2SLS
// ---------------------------------------------------------------------------------------

fn tsls_raw(y: &[f64], x: Array2<f64>, z: Array2<f64>) -> Result<Array1<f64>, Error> {
    let yv = Array1::from(y.to_vec());
    two_stage_least_squares(yv.view(), x.view(), z.view())
}

#[test]
fn two_stage_least_squares_errors() {
    let r = tsls_raw(&[], Array2::zeros((0, 1)), Array2::zeros((0, 1)));
    expect_err("2SLS(n = 0)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = tsls_raw(&[1.0, 2.0, 3.0], Array2::ones((2, 1)), Array2::ones((3, 1)));
    expect_err("2SLS(X with 2 rows for 3 outcomes)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "X and Z need one row per outcome");
    let r = tsls_raw(&[1.0, 2.0, 3.0], Array2::ones((3, 1)), Array2::ones((4, 1)));
    expect_err("2SLS(Z with 4 rows for 3 outcomes)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "X and Z need one row per outcome");
    let mut x = Array2::ones((3, 1));
    x[[1, 0]] = f64::NAN;
    let r = tsls_raw(&[1.0, 2.0, 3.0], x, Array2::ones((3, 1)));
    expect_err("2SLS(X[1, 0] = NaN)", &r, matches!(r, Err(Error::NonFinite { .. })), "NonFinite", "reject non-finite regressors");
    let x = Array2::from_shape_vec((3, 2), vec![1.0, 0.0, 1.0, 1.0, 1.0, 2.0]).unwrap();
    let r = tsls_raw(&[1.0, 2.0, 3.0], x, Array2::ones((3, 1)));
    expect_err("2SLS(k = 2 regressors, l = 1 instrument)", &r, matches!(r, Err(Error::Underidentified { instruments: 1, regressors: 2 })), "Underidentified { instruments: 1, regressors: 2 }", "l < k instruments cannot identify k coefficients");
}

#[test]
fn two_stage_least_squares_detects_singular_systems() {
    let y = [1.0, 3.0, 2.0, 5.0];
    let x = Array2::from_shape_vec((4, 2), vec![1.0, 0.0, 1.0, 1.0, 1.0, 2.0, 1.0, 3.0]).unwrap();
    // Z with a repeated column: Z^T Z is singular.
    let z = Array2::from_shape_vec((4, 2), vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]).unwrap();
    let r = tsls_raw(&y, x, z);
    expect_err("2SLS(Z = [1, 1])", &r, matches!(r, Err(Error::SingularMatrix)), "SingularMatrix", "a pivot <= 1e-12 * scale in Z^T Z must be reported, not divided by");
    // X with a repeated column and full-rank Z: Xhat^T X is singular.
    let x = Array2::from_shape_vec((4, 2), vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]).unwrap();
    let z = Array2::from_shape_vec((4, 2), vec![1.0, 0.0, 1.0, 1.0, 1.0, 4.0, 1.0, 9.0]).unwrap();
    let r = tsls_raw(&y, x, z);
    expect_err("2SLS(X = [x, x])", &r, matches!(r, Err(Error::SingularMatrix)), "SingularMatrix", "a pivot <= 1e-12 * scale in Xhat^T X must be reported, not divided by");
}

// ---------------------------------------------------------------------------------------
// DiD
// ---------------------------------------------------------------------------------------

#[test]
fn did_example_from_cell_means() {
    // Treated: pre 9, 11 (mean 10), post 15. Control: pre 8, post 10, 12 (mean 11).
    let y = [9.0, 8.0, 15.0, 10.0, 11.0, 12.0];
    let t = [true, false, true, false, true, false];
    let p = [false, false, true, true, false, true];
    assert_close(
        "difference_in_differences(T: pre 10, post 15; C: pre 8, post 11)",
        did(&y, &t, &p),
        2.0,
        RTOL,
        ATOL,
        "(15 - 10) - (11 - 8) = 2 from the four cell means (cells of different sizes)",
    );
}

#[test]
fn did_reports_the_first_empty_cell() {
    let cells = [(false, false), (false, true), (true, false), (true, true)];
    for missing in 0..4 {
        let mut y = vec![];
        let mut t = vec![];
        let mut p = vec![];
        for (c, &(tc, pc)) in cells.iter().enumerate() {
            if c != missing {
                y.extend([1.0 + c as f64, 2.0]);
                t.extend([tc, tc]);
                p.extend([pc, pc]);
            }
        }
        let (tw, pw) = cells[missing];
        let r = difference_in_differences(&y, &t, &p);
        expect_err(
            &format!("difference_in_differences(no unit with treated = {tw}, post = {pw})"),
            &r,
            r == Err(Error::EmptyCell { treated: tw, post: pw }),
            &format!("EmptyCell {{ treated: {tw}, post: {pw} }}"),
            "a cell mean over no units is 0/0; name the empty cell",
        );
    }
    // Two empty cells: (F,F) is checked first.
    let r = difference_in_differences(&[1.0, 2.0], &[true, true], &[false, true]);
    expect_err("difference_in_differences(no control units at all)", &r, r == Err(Error::EmptyCell { treated: false, post: false }), "EmptyCell { treated: false, post: false }", "cells are checked in the order (F,F), (F,T), (T,F), (T,T)");
}

#[test]
fn did_errors_follow_the_validation_order() {
    let r = difference_in_differences(&[], &[], &[]);
    expect_err("difference_in_differences(empty)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = difference_in_differences(&[1.0, 2.0], &[true, false], &[true]);
    expect_err("difference_in_differences(1 post flag for 2 units)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check every length against y");
    let r = difference_in_differences(&[1.0, f64::NAN], &[true, false], &[true, false]);
    expect_err("difference_in_differences(y[1] = NaN)", &r, matches!(r, Err(Error::NonFinite { index: 1, .. })), "NonFinite { index: 1, .. }", "non-finite outcomes come before the cell checks");
}

// ---------------------------------------------------------------------------------------
// RDD
// ---------------------------------------------------------------------------------------

#[test]
fn rdd_example_recovers_the_jump_and_both_intercepts() {
    let (x, y) = rdd_example();
    let got = rdd(&y, &x, 0.0, 1.0);
    let mistake = "fit y = a + b (x - c) separately on each side with triangular weights; the \
                   data are exactly linear on each side, so any weights give a_left = 0, a_right = 2";
    assert_close("sharp_rdd(example).tau", got.tau, 2.0, RTOL, ATOL, mistake);
    assert_close("sharp_rdd(example).intercept_left", got.intercept_left, 0.0, RTOL, ATOL, mistake);
    assert_close("sharp_rdd(example).intercept_right", got.intercept_right, 2.0, RTOL, ATOL, mistake);
    ensure(
        (got.n_left, got.n_right) == (9, 5),
        || format!("sharp_rdd(example): expected (n_left, n_right) = (9, 5), got ({}, {})", got.n_left, got.n_right),
        "x = 0 belongs to the right side (x >= c); every unit has |x - c| < h = 1",
    );
}

#[test]
fn rdd_with_a_bandwidth_below_the_gaps_has_insufficient_data() {
    // h = 0.15: only x = -0.1 on the left and x = 0 on the right; Left is checked first.
    let (x, y) = rdd_example();
    let r = sharp_rdd(&y, &x, 0.0, 0.15);
    expect_err("sharp_rdd(example, h = 0.15)", &r, r == Err(Error::InsufficientData { side: Side::Left }), "InsufficientData { side: Left }", "a line needs two distinct running values with positive weight; Left is checked before Right");
    // Dense left side, right side x = 0, 0.5: with h = 0.3 only x = 0 remains on the right.
    let x = [-0.3, -0.2, -0.1, 0.0, 0.5];
    let y = [1.0, 2.0, 3.0, 4.0, 5.0];
    let r = sharp_rdd(&y, &x, 0.0, 0.3);
    expect_err("sharp_rdd(right side x = 0, 0.5; h = 0.3)", &r, r == Err(Error::InsufficientData { side: Side::Right }), "InsufficientData { side: Right }", "x = 0.5 has weight max(0, 1 - 0.5/0.3) = 0 and is not used");
    // Two units at the same running value are one distinct value.
    let x = [-0.2, -0.1, 0.1, 0.1];
    let r = sharp_rdd(&y[..4], &x, 0.0, 1.0);
    expect_err("sharp_rdd(right side x = 0.1, 0.1)", &r, r == Err(Error::InsufficientData { side: Side::Right }), "InsufficientData { side: Right }", "count distinct running values, not units");
}

#[test]
fn rdd_rejects_bad_bandwidths_and_inputs() {
    let (x, y) = rdd_example();
    for h in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let r = sharp_rdd(&y, &x, 0.0, h);
        expect_err(&format!("sharp_rdd(example, h = {h})"), &r, matches!(r, Err(Error::InvalidBandwidth { .. })), "InvalidBandwidth", "the bandwidth must be finite and > 0");
    }
    let r = sharp_rdd(&[], &[], 0.0, 1.0);
    expect_err("sharp_rdd(empty)", &r, matches!(r, Err(Error::EmptyInput)), "EmptyInput", "n = 0 comes first");
    let r = sharp_rdd(&y, &x[..3], 0.0, 1.0);
    expect_err("sharp_rdd(3 running values for 14 outcomes)", &r, matches!(r, Err(Error::LengthMismatch { .. })), "LengthMismatch", "check every length against y");
    let mut xb = x.clone();
    xb[4] = f64::NAN;
    let r = sharp_rdd(&y, &xb, 0.0, -1.0);
    expect_err("sharp_rdd(running[4] = NaN, h = -1)", &r, matches!(r, Err(Error::NonFinite { index: 4, .. })), "NonFinite { index: 4, .. }", "non-finite inputs come before the bandwidth check");
    let r = sharp_rdd(&y, &x, f64::NAN, 1.0);
    expect_err("sharp_rdd(cutoff = NaN)", &r, matches!(r, Err(Error::NonFinite { .. })), "NonFinite", "a NaN cutoff puts every unit on no side");
}
