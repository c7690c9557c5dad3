//! # theory_001_vc_dimension
//!
//! PAC learning, VC dimension, Sauer–Shelah, Rademacher complexity: generalization theory
//! turned into numbers. The statement is in `README.md`; replace every `todo!()` below.

// The stubs do not use their parameters yet; remove this line once every body is written.
#![allow(unused_variables)]

use ndarray::ArrayView2;

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the prediction matrix is empty (no hypotheses or no points)")]
    EmptyInput,
    #[error("this hypothesis class needs {expected_cols} column(s) per point, got {got}")]
    DimensionMismatch { expected_cols: usize, got: usize },
    #[error("{n} points: at most 20 are supported")]
    TooManyPoints { n: usize },
    #[error("{k} hypotheses on {n} points: need n <= 20 and k * 2^n <= 2^28")]
    TooLarge { k: usize, n: usize },
    #[error("entry ({row}, {col}) is not finite")]
    NonFinite { row: usize, col: usize },
    #[error("risk {value} is not in [0, 1]")]
    InvalidRisk { value: f64 },
    #[error("the VC dimension must be at least 1")]
    InvalidVcDim,
    #[error("the sample size must be at least 1")]
    InvalidSampleSize,
    #[error("the sample size n = {n} is smaller than the VC dimension d = {d}")]
    SampleSmallerThanVcDim { n: u64, d: u64 },
    #[error("delta = {value} is not in the open interval (0, 1)")]
    InvalidDelta { value: f64 },
    #[error("epsilon = {value} is not in the open interval (0, 1)")]
    InvalidEpsilon { value: f64 },
    #[error("ln|H| = {ln_h} must be finite and >= 0")]
    InvalidHypothesisCount { ln_h: f64 },
    #[error("the Rademacher complexity {value} must be finite and >= 0")]
    InvalidComplexity { value: f64 },
    #[error("the sample complexity exceeds 2^53")]
    Overflow,
}

/// ln Σ_{i=0}^{min(d,n)} C(n, i) with d = `vc_dim`: the logarithm of the Sauer–Shelah bound
/// on the growth function Π_H(n) of a class of VC dimension d.
///
/// Total (no error, no panic, for every `u64` input):
/// * n = 0 or d = 0 gives 0.0 (only C(n, 0) = 1);
/// * n ≤ d gives n·ln 2 (the whole sum 2ⁿ);
/// * otherwise compute in log-space: ln C(n, i) = ln C(n, i−1) + ln(n − i + 1) − ln i,
///   accumulated with log-sum-exp. Never form C(n, i) or the sum as a number, and do not
///   use ln Γ differences (they lose about 1e-6 absolute at n = 10⁹ to cancellation).
///
/// Tolerance: rtol 1e-12 for n ≤ 10⁴, rtol 1e-10 for larger n (up to 2⁶⁴ − 1).
/// Expected: O(1) when d = 0, n = 0 or n ≤ d; O(d) time and O(1) memory otherwise (the
/// grader keeps d ≤ 10⁴ whenever d < n).
pub fn log_sauer_shelah(vc_dim: u64, n: u64) -> f64 {
    todo!()
}

/// The three hypothesis classes of [`count_dichotomies`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HypothesisClass {
    /// h_t(x) = 1[x ≥ t], t ∈ ℝ ∪ {±∞} (so all-0 and all-1 are included). VC dimension 1.
    Thresholds1D,
    /// h_{a,b}(x) = 1[a ≤ x ≤ b], closed, a ≤ b, plus the empty hypothesis. VC dimension 2.
    Intervals1D,
    /// Closed [a₁, b₁] × [a₂, b₂], plus the empty hypothesis. VC dimension 4.
    AxisAlignedRectangles2D,
}

/// The number of distinct labelings (h(x₁), …, h(x_n)) ∈ {0,1}ⁿ, over h ∈ H, of the n points
/// given as the rows of `points`.
///
/// `points` has shape (n, 1) for the 1-D classes and (n, 2) for rectangles. Validation order:
/// 1. any other number of columns (also for n = 0) → `DimensionMismatch { expected_cols, got }`;
/// 2. n > 20 → `TooManyPoints { n }`;
/// 3. the first non-finite entry in row-major order → `NonFinite { row, col }`.
///
/// n = 0 gives `Ok(1)` (the empty labeling). Duplicate points must receive identical labels
/// (−0.0 and 0.0 are the same point). Hint: a labeling is realizable iff it has no positive
/// point, or the smallest hypothesis that covers all positives (the threshold at the smallest
/// positive, the interval or the bounding box spanned by the positives) covers no negative.
///
/// Tolerance: exact. Expected: polynomial in n for the 1-D classes; brute force over the 2ⁿ
/// labelings is acceptable for rectangles (n ≤ 20).
pub fn count_dichotomies(points: ArrayView2<f64>, class: HypothesisClass) -> Result<u64, Error> {
    todo!()
}

/// Vapnik's VC generalization bound (Burges 1998, eq. 3), with d = `vc_dim`:
///
/// R_emp + sqrt( (d·(ln(2n/d) + 1) + ln(4/δ)) / n ),   natural logarithms.
///
/// Validation order: `train_error` ∉ [0, 1] or NaN → `InvalidRisk { value }`; d = 0 →
/// `InvalidVcDim`; n = 0 → `InvalidSampleSize`; n < d → `SampleSmallerThanVcDim { n, d }`;
/// δ ∉ (0, 1) or NaN → `InvalidDelta { value }`. No clipping: the result can exceed 1.
///
/// Tolerance: rtol 1e-12. Expected: O(1).
pub fn vc_generalization_bound(
    train_error: f64,
    vc_dim: u64,
    n: u64,
    delta: f64,
) -> Result<f64, Error> {
    todo!()
}

/// The three guarantees of [`pac_sample_complexity`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacSetting {
    /// Some h ∈ H has zero true error; every ERM output has error ≤ ε.
    Realizable,
    /// Every h ∈ H has |L_S(h) − L_D(h)| ≤ ε.
    UniformConvergence,
    /// ERM's excess risk over the best h ∈ H is ≤ ε (uniform convergence at ε/2).
    Agnostic,
}

/// The number of examples m that suffices for a finite class with ln|H| = `ln_hypotheses`
/// (natural log, so that |H| may be astronomically large), accuracy ε and confidence 1 − δ:
///
/// * Realizable: m = ⌈(ln|H| + ln(1/δ)) / ε⌉;
/// * UniformConvergence: m = ⌈(ln|H| + ln(2/δ)) / (2ε²)⌉;
/// * Agnostic: m = ⌈2·(ln|H| + ln(2/δ)) / ε²⌉.
///
/// Validation order: `ln_hypotheses` not finite or < 0 → `InvalidHypothesisCount { ln_h }`;
/// ε ∉ (0, 1) → `InvalidEpsilon { value }`; δ ∉ (0, 1) → `InvalidDelta { value }` (NaN is
/// rejected everywhere). A result > 2⁵³ (including +∞) → `Overflow`.
///
/// Tolerance: exact (the grader's inputs keep the unrounded value at least 1e-9·max(1, m)
/// away from an integer). Expected: O(1).
pub fn pac_sample_complexity(
    ln_hypotheses: f64,
    epsilon: f64,
    delta: f64,
    setting: PacSetting,
) -> Result<u64, Error> {
    todo!()
}

/// The exact empirical Rademacher complexity of the k × n matrix `predictions`, whose row h is
/// (h(x₁), …, h(x_n)):
///
/// R̂ = 2⁻ⁿ Σ_{σ ∈ {±1}ⁿ} max_h (1/n) Σᵢ σᵢ·H[h, i].
///
/// There is **no absolute value** (the Shalev-Shwartz & Ben-David / Mohri et al. definition).
/// Every σ is visited exactly once; the enumeration order is free. Validation order: k = 0 or
/// n = 0 → `EmptyInput`; n > 20 or k·2ⁿ > 2²⁸ → `TooLarge { k, n }`; the first non-finite
/// entry in row-major order → `NonFinite { row, col }` (row = hypothesis, col = point).
///
/// Tolerance: rtol 1e-12, atol 1e-15 for n ≤ 12; rtol 1e-9 for 13 ≤ n ≤ 20 (a sum of 2ⁿ
/// terms). Expected: O(k·n·2ⁿ) time, or O(k·2ⁿ) with precomputed half sums.
pub fn empirical_rademacher(predictions: ArrayView2<f64>) -> Result<f64, Error> {
    todo!()
}

/// The data-dependent Rademacher bound (Mohri, Rostamizadeh & Talwalkar, *Foundations of ML*,
/// 2nd ed., Thm 3.3; losses in [0, 1]), with R̂ = `rademacher` the empirical Rademacher
/// complexity of the **loss class** on the sample:
///
/// train_loss + 2·R̂ + 3·sqrt( ln(2/δ) / (2n) ).
///
/// Validation order: `train_loss` ∉ [0, 1] or NaN → `InvalidRisk { value }`; R̂ not finite or
/// < 0 → `InvalidComplexity { value }`; n = 0 → `InvalidSampleSize`; δ ∉ (0, 1) →
/// `InvalidDelta { value }`. No clipping.
///
/// Tolerance: rtol 1e-12. Expected: O(1).
pub fn rademacher_generalization_bound(
    train_loss: f64,
    rademacher: f64,
    n: u64,
    delta: f64,
) -> Result<f64, Error> {
    todo!()
}
