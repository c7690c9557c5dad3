//! # stat_018_causal
//!
//! Potential outcomes, inverse propensity weighting, 1-NN matching, instrumental variables
//! (Wald and 2SLS), difference in differences and the sharp regression discontinuity.
//! The statement is in `README.md`; replace every `todo!()` below.
//!
//! Common validation order of every function: n = 0 → `EmptyInput`; length mismatches →
//! `LengthMismatch` (every input against the length of `y`, in argument order);
//! non-finite numbers → `NonFinite` (inputs in argument order, first bad index); then the
//! function-specific checks.

// The stubs do not use their parameters yet; remove this line once every body is written.
#![allow(unused_variables)]

use ndarray::{Array1, ArrayView1, ArrayView2};

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
    /// α_right − α_left: the jump of the two local linear fits at the cutoff.
    pub tau: f64,
    /// α_left: the left fit's value at x = c.
    pub intercept_left: f64,
    /// α_right: the right fit's value at x = c.
    pub intercept_right: f64,
    /// Units with x < c and weight w > 0.
    pub n_left: usize,
    /// Units with x ≥ c and weight w > 0.
    pub n_right: usize,
}

/// Inverse-propensity-weighted estimate of the ATE, ATT or ATC.
///
/// Validates in this order: n = 0 → `EmptyInput`; `treated`, then `propensity`, of another
/// length than `y` → `LengthMismatch`; the first non-finite `y[i]`, then the first non-finite
/// `propensity[i]` (NaN included) → `NonFinite { what, index }`; no treated units →
/// `NoTreated`; no controls → `NoControl`; the first e_i ∉ (0, 1) →
/// `PropensityOutOfRange { index, value }`.
///
/// The weights are: treated w¹ = 1/e (ATE), 1 (ATT), (1−e)/e (ATC); control w⁰ = 1/(1−e)
/// (ATE), e/(1−e) (ATT), 1 (ATC).
/// * `normalized = false` (Horvitz–Thompson): ATE = (1/n)Σ[T Y/e − (1−T)Y/(1−e)];
///   ATT = (1/n₁)Σ[T Y − (1−T)Y·e/(1−e)]; ATC = (1/n₀)Σ[T Y(1−e)/e − (1−T)Y].
/// * `normalized = true` (Hájek): Σ_T w¹Y/Σ_T w¹ − Σ_C w⁰Y/Σ_C w⁰.
///
/// Complexity: O(n).
pub fn ipw_estimate(
    y: &[f64],
    treated: &[bool],
    propensity: &[f64],
    estimand: Estimand,
    normalized: bool,
) -> Result<f64, Error> {
    todo!()
}

/// 1-nearest-neighbour matching on a score, with replacement: the ATT.
///
/// Validates in this order: n = 0 → `EmptyInput`; `treated`, then `score`, of another length
/// than `y` → `LengthMismatch`; the first non-finite `y[i]`, then `score[i]` → `NonFinite`;
/// no treated units → `NoTreated`; no controls → `NoControl`.
///
/// Each treated unit i is matched to the control j minimising |score_i − score_j|, with
/// replacement (a control may serve many treated units); **ties go to the smallest control
/// index in input order**. ATT = mean over treated i of (Y_i − Y_{m(i)}).
///
/// Complexity: O(n₁·n₀) is fine.
pub fn matching_att(y: &[f64], treated: &[bool], score: &[f64]) -> Result<f64, Error> {
    todo!()
}

/// The Wald (instrumental-variable) estimator with a binary instrument.
///
/// Validates in this order: n = 0 → `EmptyInput`; `treatment`, then `instrument`, of another
/// length than `y` → `LengthMismatch`; the first non-finite `y[i]`, then `treatment[i]` →
/// `NonFinite`; either instrument group empty → `EmptyInstrumentGroup`; |first stage| < 1e-12
/// → `WeakInstrument { first_stage }` (the first stage is T̄_{Z=1} − T̄_{Z=0}).
///
/// The result is (Ȳ_{Z=1} − Ȳ_{Z=0}) / (T̄_{Z=1} − T̄_{Z=0}).
///
/// Complexity: O(n).
pub fn wald_estimate(y: &[f64], treatment: &[f64], instrument: &[bool]) -> Result<f64, Error> {
    todo!()
}

/// Two-stage least squares: β = (X̂ᵀX)⁻¹X̂ᵀy with X̂ = Z(ZᵀZ)⁻¹ZᵀX.
///
/// y has length n; X is n×k and holds all regressors (the caller includes an intercept
/// column and the exogenous controls; nothing is added automatically); Z is n×l and holds
/// all instruments (including the exogenous regressors).
///
/// Validates in this order: n = 0 or k = 0 → `EmptyInput`; X, then Z, with another number of
/// rows than n → `LengthMismatch`; a non-finite entry of y, then X, then Z → `NonFinite`
/// (index = the row); l < k → `Underidentified { instruments: l, regressors: k }`; a singular
/// ZᵀZ or X̂ᵀX (a pivot ≤ 1e-12 × the largest absolute entry of that matrix, in Gaussian
/// elimination with partial pivoting) → `SingularMatrix`.
///
/// Write the linear solver yourself (Gaussian elimination with partial pivoting).
/// Complexity: O(n·l² + l³ + n·k·l + k³).
pub fn two_stage_least_squares(
    y: ArrayView1<f64>,
    x: ArrayView2<f64>,
    z: ArrayView2<f64>,
) -> Result<Array1<f64>, Error> {
    todo!()
}

/// The 2×2 difference-in-differences estimator from cell means.
///
/// Validates in this order: n = 0 → `EmptyInput`; `treated`, then `post`, of another length
/// than `y` → `LengthMismatch`; the first non-finite `y[i]` → `NonFinite`; any of the four
/// (treated, post) cells empty → `EmptyCell { treated, post }`, checked in the order (F,F),
/// (F,T), (T,F), (T,T).
///
/// The result is (Ȳ_{T,post} − Ȳ_{T,pre}) − (Ȳ_{C,post} − Ȳ_{C,pre}) from cell means, so it
/// works for repeated cross-sections as well as panels. It equals the interaction coefficient
/// of the saturated OLS y ~ 1 + treated + post + treated·post.
///
/// Complexity: O(n).
pub fn difference_in_differences(y: &[f64], treated: &[bool], post: &[bool]) -> Result<f64, Error> {
    todo!()
}

/// The sharp regression discontinuity with local linear fits and a triangular kernel.
///
/// Validates in this order: n = 0 → `EmptyInput`; `running` of another length than `y` →
/// `LengthMismatch`; the first non-finite `y[i]`, then `running[i]`, then a non-finite
/// `cutoff` (index 0) → `NonFinite`; `bandwidth` not finite or ≤ 0 →
/// `InvalidBandwidth { value }`; a side with fewer than 2 distinct x values of positive
/// weight → `InsufficientData { side }` (Left is checked first).
///
/// Units with x ≥ cutoff are treated (right side); units with x < cutoff are on the left.
/// The weights are w = max(0, 1 − |x − c|/h), triangular. Each side gets its own weighted
/// least-squares fit y = α + β(x − c) using only units with w > 0. tau = α_right − α_left;
/// n_left and n_right count the units with w > 0.
///
/// Complexity: O(n).
pub fn sharp_rdd(y: &[f64], running: &[f64], cutoff: f64, bandwidth: f64) -> Result<RddEstimate, Error> {
    todo!()
}
