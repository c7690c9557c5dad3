//! Hidden tests of `stat_018_causal`, compiled against the learner's crate (or the reference
//! solution): golden values from statsmodels and linearmodels, every edge input of the
//! statement, its properties, a simulation of confounding that IPW must remove, and one test
//! per classic mistake.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;
mod statistical;

/// The golden values, written by `fixtures/stat_018_causal/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/stat_018_causal/golden.rs");
}

use ndarray::{Array1, Array2};
use stat_018_causal::{
    Estimand, RddEstimate, difference_in_differences, ipw_estimate, matching_att, sharp_rdd,
    two_stage_least_squares, wald_estimate,
};

/// Tolerances of the statement: every estimator, and 2SLS against statsmodels.
const RTOL: f64 = 1e-10;
const ATOL: f64 = 1e-12;
const TSLS_RTOL: f64 = 1e-8;

/// Reference data D1 of the statement.
const D1_Y: [f64; 6] = [3.0, 5.0, 2.0, 1.0, 4.0, 0.0];
const D1_T: [bool; 6] = [true, true, true, false, false, false];
const D1_E: [f64; 6] = [0.5, 0.75, 0.25, 0.5, 0.25, 0.75];

/// `ipw_estimate` that must succeed.
#[track_caller]
fn ipw(y: &[f64], t: &[bool], e: &[f64], estimand: Estimand, normalized: bool) -> f64 {
    match ipw_estimate(y, t, e, estimand, normalized) {
        Ok(v) => v,
        Err(err) => panic!(
            "ipw_estimate(y = {y:?}, treated = {t:?}, propensity = {e:?}, {estimand:?}, \
             normalized = {normalized}): expected Ok, got Err({err:?}).\n\
             Likely mistake: rejecting a valid input (both groups present, every e in (0, 1))"
        ),
    }
}

/// `matching_att` that must succeed.
#[track_caller]
fn matching(y: &[f64], t: &[bool], s: &[f64]) -> f64 {
    match matching_att(y, t, s) {
        Ok(v) => v,
        Err(err) => panic!(
            "matching_att(y = {y:?}, treated = {t:?}, score = {s:?}): expected Ok, got \
             Err({err:?}).\nLikely mistake: rejecting a valid input"
        ),
    }
}

/// `wald_estimate` that must succeed.
#[track_caller]
fn wald(y: &[f64], t: &[f64], z: &[bool]) -> f64 {
    match wald_estimate(y, t, z) {
        Ok(v) => v,
        Err(err) => panic!(
            "wald_estimate(y = {y:?}, treatment = {t:?}, instrument = {z:?}): expected Ok, got \
             Err({err:?}).\nLikely mistake: rejecting a valid input (both instrument groups \
             present, first stage away from 0)"
        ),
    }
}

/// An n×k matrix from its columns.
fn columns(cols: &[&[f64]]) -> Array2<f64> {
    let n = cols[0].len();
    Array2::from_shape_fn((n, cols.len()), |(i, j)| cols[j][i])
}

/// `two_stage_least_squares` on column lists, which must succeed.
#[track_caller]
fn tsls(y: &[f64], x: &[&[f64]], z: &[&[f64]]) -> Vec<f64> {
    let (xm, zm) = (columns(x), columns(z));
    let yv = Array1::from(y.to_vec());
    match two_stage_least_squares(yv.view(), xm.view(), zm.view()) {
        Ok(b) => {
            assert_eq!(
                b.len(),
                x.len(),
                "two_stage_least_squares: expected {} coefficients (one per column of X), got {}",
                x.len(),
                b.len()
            );
            b.to_vec()
        }
        Err(err) => panic!(
            "two_stage_least_squares(n = {}, k = {}, l = {}): expected Ok, got Err({err:?}).\n\
             Likely mistake: rejecting a full-rank, identified system, or a singularity \
             threshold that is not relative to the matrix's scale",
            y.len(),
            x.len(),
            z.len()
        ),
    }
}

/// `difference_in_differences` that must succeed.
#[track_caller]
fn did(y: &[f64], t: &[bool], p: &[bool]) -> f64 {
    match difference_in_differences(y, t, p) {
        Ok(v) => v,
        Err(err) => panic!(
            "difference_in_differences(y = {y:?}, treated = {t:?}, post = {p:?}): expected Ok, \
             got Err({err:?}).\nLikely mistake: rejecting a valid input (all four cells present)"
        ),
    }
}

/// `sharp_rdd` that must succeed.
#[track_caller]
fn rdd(y: &[f64], x: &[f64], c: f64, h: f64) -> RddEstimate {
    match sharp_rdd(y, x, c, h) {
        Ok(v) => v,
        Err(err) => panic!(
            "sharp_rdd(y = {y:?}, running = {x:?}, cutoff = {c}, bandwidth = {h}): expected Ok, \
             got Err({err:?}).\nLikely mistake: rejecting a valid input (each side has at least \
             two distinct running values with |x - c| < h)"
        ),
    }
}

/// The statement's RDD example: x = −0.9, …, −0.1, 0, 0.2, …, 0.8; y = x left, 2 + 3x right.
fn rdd_example() -> (Vec<f64>, Vec<f64>) {
    let mut x: Vec<f64> = (1..=9).rev().map(|k| -f64::from(k) / 10.0).collect();
    x.extend([0.0, 0.2, 0.4, 0.6, 0.8]);
    let y = x.iter().map(|&v| if v < 0.0 { v } else { 2.0 + 3.0 * v }).collect();
    (x, y)
}
