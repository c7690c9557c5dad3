//! # stat_018_causal — reference solution
//!
//! Potential outcomes, inverse propensity weighting, 1-NN matching, instrumental variables
//! (Wald and 2SLS), difference in differences and the sharp regression discontinuity.
//! The statement is in `crates/stat_018_causal/README.md`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// The side of the cutoff in a regression discontinuity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the input is empty")]
    EmptyInput,
    #[error("{what} has length {got}, expected {expected}")]
    LengthMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("{what}[{index}] is not finite")]
    NonFinite { what: &'static str, index: usize },
    #[error("there are no treated units")]
    NoTreated,
    #[error("there are no control units")]
    NoControl,
    #[error("propensity[{index}] = {value} is not in the open interval (0, 1)")]
    PropensityOutOfRange { index: usize, value: f64 },
    #[error("one of the two instrument groups is empty")]
    EmptyInstrumentGroup,
    #[error("the first stage {first_stage} is (numerically) zero: the instrument does not move the treatment")]
    WeakInstrument { first_stage: f64 },
    #[error("{instruments} instruments cannot identify {regressors} coefficients")]
    Underidentified {
        instruments: usize,
        regressors: usize,
    },
    #[error("the matrix is singular")]
    SingularMatrix,
    #[error("the cell (treated = {treated}, post = {post}) is empty")]
    EmptyCell { treated: bool, post: bool },
    #[error("bandwidth {value} is not finite and positive")]
    InvalidBandwidth { value: f64 },
    #[error("the {side:?} side has fewer than 2 distinct running values with positive weight")]
    InsufficientData { side: Side },
}

/// Which average treatment effect [`ipw_estimate`] targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimand {
    /// E[Y(1) − Y(0)].
    Ate,
    /// E[Y(1) − Y(0) | T = 1].
    Att,
    /// E[Y(1) − Y(0) | T = 0].
    Atc,
}

/// Result of [`sharp_rdd`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RddEstimate {
    pub tau: f64,
    pub intercept_left: f64,
    pub intercept_right: f64,
    pub n_left: usize,
    pub n_right: usize,
}

// ---------------------------------------------------------------------------------------
// Shared validation
// ---------------------------------------------------------------------------------------

fn check_len(what: &'static str, expected: usize, got: usize) -> Result<(), Error> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::LengthMismatch { what, expected, got })
    }
}

fn check_finite(what: &'static str, v: &[f64]) -> Result<(), Error> {
    match v.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(Error::NonFinite { what, index }),
        None => Ok(()),
    }
}

fn check_groups(treated: &[bool]) -> Result<(), Error> {
    if !treated.iter().any(|&t| t) {
        return Err(Error::NoTreated);
    }
    if treated.iter().all(|&t| t) {
        return Err(Error::NoControl);
    }
    Ok(())
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    s / n as f64
}

// ---------------------------------------------------------------------------------------
// IPW
// ---------------------------------------------------------------------------------------

/// The (treated, control) weights of one unit with propensity `e`.
fn ipw_weights(e: f64, estimand: Estimand) -> (f64, f64) {
    match estimand {
        Estimand::Ate => (1.0 / e, 1.0 / (1.0 - e)),
        Estimand::Att => (1.0, e / (1.0 - e)),
        Estimand::Atc => ((1.0 - e) / e, 1.0),
    }
}

pub fn ipw_estimate(
    y: &[f64],
    treated: &[bool],
    propensity: &[f64],
    estimand: Estimand,
    normalized: bool,
) -> Result<f64, Error> {
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("treated", n, treated.len())?;
    check_len("propensity", n, propensity.len())?;
    check_finite("y", y)?;
    check_finite("propensity", propensity)?;
    check_groups(treated)?;
    if let Some(index) = propensity.iter().position(|&e| !(e > 0.0 && e < 1.0)) {
        return Err(Error::PropensityOutOfRange { index, value: propensity[index] });
    }

    // Weighted sums of each group: Σ w·Y and Σ w.
    let (mut s1, mut w1_sum, mut s0, mut w0_sum) = (0.0, 0.0, 0.0, 0.0);
    let mut n1 = 0usize;
    for i in 0..n {
        let (w1, w0) = ipw_weights(propensity[i], estimand);
        if treated[i] {
            s1 += w1 * y[i];
            w1_sum += w1;
            n1 += 1;
        } else {
            s0 += w0 * y[i];
            w0_sum += w0;
        }
    }
    if normalized {
        // Hájek: each group's weighted mean; the weights sum to one within a group, which
        // makes the estimate invariant under y ↦ y + c.
        Ok(s1 / w1_sum - s0 / w0_sum)
    } else {
        // Horvitz–Thompson: divide by the known size of the target population instead.
        let denominator = match estimand {
            Estimand::Ate => n,
            Estimand::Att => n1,
            Estimand::Atc => n - n1,
        };
        Ok((s1 - s0) / denominator as f64)
    }
}

// ---------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------

pub fn matching_att(y: &[f64], treated: &[bool], score: &[f64]) -> Result<f64, Error> {
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("treated", n, treated.len())?;
    check_len("score", n, score.len())?;
    check_finite("y", y)?;
    check_finite("score", score)?;
    check_groups(treated)?;

    let controls: Vec<usize> = (0..n).filter(|&j| !treated[j]).collect();
    let mut total = 0.0;
    let mut n1 = 0usize;
    for i in (0..n).filter(|&i| treated[i]) {
        // Scan the controls in input order and keep a new one only if it is strictly
        // closer: ties stay with the smallest index. Every control is available to every
        // treated unit (with replacement).
        let mut best: Option<(usize, f64)> = None;
        for &j in &controls {
            let d = (score[i] - score[j]).abs();
            if best.is_none_or(|(_, bd)| d < bd) {
                best = Some((j, d));
            }
        }
        let m = best.map_or(controls[0], |(j, _)| j);
        total += y[i] - y[m];
        n1 += 1;
    }
    Ok(total / n1 as f64)
}

// ---------------------------------------------------------------------------------------
// Instrumental variables
// ---------------------------------------------------------------------------------------

pub fn wald_estimate(y: &[f64], treatment: &[f64], instrument: &[bool]) -> Result<f64, Error> {
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("treatment", n, treatment.len())?;
    check_len("instrument", n, instrument.len())?;
    check_finite("y", y)?;
    check_finite("treatment", treatment)?;
    if instrument.iter().all(|&z| z) || !instrument.iter().any(|&z| z) {
        return Err(Error::EmptyInstrumentGroup);
    }
    let group_mean = |v: &[f64], g: bool| mean((0..n).filter(|&i| instrument[i] == g).map(|i| v[i]));
    let reduced_form = group_mean(y, true) - group_mean(y, false);
    let first_stage = group_mean(treatment, true) - group_mean(treatment, false);
    if first_stage.abs() < 1e-12 {
        return Err(Error::WeakInstrument { first_stage });
    }
    Ok(reduced_form / first_stage)
}

/// Solves A·X = B (A square, B with any number of columns) by Gaussian elimination with
/// partial pivoting. A pivot ≤ 1e-12 · max|A_ij| means A is singular for our purposes.
fn solve(mut a: Array2<f64>, mut b: Array2<f64>) -> Result<Array2<f64>, Error> {
    let m = a.nrows();
    let scale = a.iter().fold(0.0_f64, |s, v| s.max(v.abs()));
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::SingularMatrix);
    }
    let tol = 1e-12 * scale;
    for col in 0..m {
        // Partial pivoting: bring the largest remaining entry of this column up.
        let p = (col..m)
            .max_by(|&r, &s| a[[r, col]].abs().total_cmp(&a[[s, col]].abs()))
            .unwrap_or(col);
        let pivot = a[[p, col]].abs();
        if pivot.is_nan() || pivot <= tol {
            return Err(Error::SingularMatrix);
        }
        if p != col {
            for c in 0..m {
                a.swap([p, c], [col, c]);
            }
            for c in 0..b.ncols() {
                b.swap([p, c], [col, c]);
            }
        }
        for r in col + 1..m {
            let f = a[[r, col]] / a[[col, col]];
            if f == 0.0 {
                continue;
            }
            for c in col..m {
                a[[r, c]] -= f * a[[col, c]];
            }
            for c in 0..b.ncols() {
                b[[r, c]] -= f * b[[col, c]];
            }
        }
    }
    // Back substitution.
    for c in 0..b.ncols() {
        for r in (0..m).rev() {
            let mut s = b[[r, c]];
            for k in r + 1..m {
                s -= a[[r, k]] * b[[k, c]];
            }
            b[[r, c]] = s / a[[r, r]];
        }
    }
    Ok(b)
}

pub fn two_stage_least_squares(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    z: ArrayView2<f64>,
) -> Result<Array1<f64>, Error> {
    let n = y.len();
    if n == 0 || x.ncols() == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("x rows", n, x.nrows())?;
    check_len("z rows", n, z.nrows())?;
    if let Some(index) = y.iter().position(|v| !v.is_finite()) {
        return Err(Error::NonFinite { what: "y", index });
    }
    for (what, m) in [("x", &x), ("z", &z)] {
        if let Some(index) = m.rows().into_iter().position(|r| r.iter().any(|v| !v.is_finite())) {
            return Err(Error::NonFinite { what, index });
        }
    }
    let (k, l) = (x.ncols(), z.ncols());
    if l < k {
        return Err(Error::Underidentified { instruments: l, regressors: k });
    }

    // First stage: regress every column of X on all of Z, Π = (ZᵀZ)⁻¹ZᵀX, X̂ = ZΠ.
    // Exogenous columns of X are columns of Z, so they come back unchanged.
    let instruments = z.to_owned();
    let pi = solve(instruments.t().dot(&instruments), instruments.t().dot(&x))?;
    let xhat = instruments.dot(&pi);

    // Second stage: β = (X̂ᵀX)⁻¹ X̂ᵀy.
    let rhs = xhat.t().dot(&y).insert_axis(ndarray::Axis(1));
    let beta = solve(xhat.t().dot(&x), rhs)?;
    Ok(beta.column(0).to_owned())
}

// ---------------------------------------------------------------------------------------
// Difference in differences
// ---------------------------------------------------------------------------------------

pub fn difference_in_differences(y: &[f64], treated: &[bool], post: &[bool]) -> Result<f64, Error> {
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("treated", n, treated.len())?;
    check_len("post", n, post.len())?;
    check_finite("y", y)?;
    let mut cell = [[0.0_f64; 2]; 2];
    for (t, p) in [(false, false), (false, true), (true, false), (true, true)] {
        let members = (0..n).filter(|&i| treated[i] == t && post[i] == p);
        if members.clone().next().is_none() {
            return Err(Error::EmptyCell { treated: t, post: p });
        }
        cell[usize::from(t)][usize::from(p)] = mean(members.map(|i| y[i]));
    }
    let (c_pre, c_post, t_pre, t_post) = (cell[0][0], cell[0][1], cell[1][0], cell[1][1]);
    // Treated change minus control change: the control trend stands in for the treated
    // group's counterfactual trend (parallel trends).
    let did = (t_post - t_pre) - (c_post - c_pre);
    Ok(did)
}

// ---------------------------------------------------------------------------------------
// Sharp RDD
// ---------------------------------------------------------------------------------------

/// Weighted least squares by the normal equations: minimises Σ w_i (y_i − rows_i·β)².
fn weighted_least_squares(rows: &[Vec<f64>], y: &[f64], w: &[f64]) -> Result<Vec<f64>, Error> {
    let p = rows[0].len();
    let mut a = Array2::<f64>::zeros((p, p));
    let mut b = Array2::<f64>::zeros((p, 1));
    for ((r, &yi), &wi) in rows.iter().zip(y).zip(w) {
        for j in 0..p {
            b[[j, 0]] += wi * r[j] * yi;
            for k in 0..p {
                a[[j, k]] += wi * r[j] * r[k];
            }
        }
    }
    Ok(solve(a, b)?.column(0).to_vec())
}

/// One side's local linear fit: (intercept at the cutoff, number of units with w > 0).
fn side_fit(units: &[(f64, f64, f64)], side: Side) -> Result<(f64, usize), Error> {
    // units: (u = x − c, y, w) with w > 0.
    let distinct = units.iter().any(|&(u, _, _)| u != units[0].0);
    if units.len() < 2 || !distinct {
        return Err(Error::InsufficientData { side });
    }
    let rows: Vec<Vec<f64>> = units.iter().map(|&(u, _, _)| vec![1.0, u]).collect();
    let ys: Vec<f64> = units.iter().map(|&(_, y, _)| y).collect();
    let ws: Vec<f64> = units.iter().map(|&(_, _, w)| w).collect();
    let coef = weighted_least_squares(&rows, &ys, &ws)?;
    Ok((coef[0], units.len()))
}

pub fn sharp_rdd(y: &[f64], running: &[f64], cutoff: f64, bandwidth: f64) -> Result<RddEstimate, Error> {
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_len("running", n, running.len())?;
    check_finite("y", y)?;
    check_finite("running", running)?;
    if !cutoff.is_finite() {
        return Err(Error::NonFinite { what: "cutoff", index: 0 });
    }
    if !(bandwidth.is_finite() && bandwidth > 0.0) {
        return Err(Error::InvalidBandwidth { value: bandwidth });
    }
    let h = bandwidth;
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for i in 0..n {
        let u = running[i] - cutoff;
        // Triangular kernel: weight 1 at the cutoff, falling linearly to 0 at |u| = h.
        let w = 1.0 - u.abs() / h;
        if w > 0.0 {
            if running[i] >= cutoff {
                right.push((u, y[i], w));
            } else {
                left.push((u, y[i], w));
            }
        }
    }
    let (intercept_left, n_left) = side_fit(&left, Side::Left)?;
    let (intercept_right, n_right) = side_fit(&right, Side::Right)?;
    // Separate fits on each side: the slopes may differ, only the jump at c is the effect.
    let tau = intercept_right - intercept_left;
    Ok(RddEstimate { tau, intercept_left, intercept_right, n_left, n_right })
}
