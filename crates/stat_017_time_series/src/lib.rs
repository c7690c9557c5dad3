//! # stat_017_time_series
//!
//! Differencing, the biased ACF and the Durbin–Levinson PACF, Yule–Walker AR fitting, the ADF
//! and KPSS statistics with fixed lags, and the Engle–Granger cointegration statistic.
//! The statement is in `README.md`; replace every `todo!()` below.

// The stubs do not use their parameters yet; remove this line once every body is written.
#![allow(unused_variables)]

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the input is empty")]
    EmptyInput,
    #[error("the input has a non-finite value at index {index}")]
    NonFinite { index: usize },
    #[error("lag {lag} is not allowed here")]
    InvalidLag { lag: usize },
    #[error("{n} observations are too few: at least {required} are needed")]
    TooShort { n: usize, required: usize },
    #[error("the series (or its residuals) has zero variance")]
    ZeroVariance,
    #[error("y has {y} observations but x has {x}")]
    LengthMismatch { y: usize, x: usize },
    #[error("the regressors are linearly dependent (X^T X is singular)")]
    SingularDesign,
    #[error("y is a perfect linear function of x (R^2 = 1)")]
    PerfectFit,
}

/// The sample autocorrelations and partial autocorrelations at lags 0..=nlags.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlogram {
    /// acf[k] = γ_k / γ_0 (biased, demeaned); acf[0] = 1.
    pub acf: Vec<f64>,
    /// pacf[k] = φ_kk from Durbin–Levinson; pacf[0] = 1.
    pub pacf: Vec<f64>,
}

/// A Yule–Walker AR(p) fit.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct ArFit {
    /// (φ_1, …, φ_p) of x_t − x̄ = Σ_j φ_j (x_{t−j} − x̄) + ε_t.
    pub phi: Vec<f64>,
    /// The innovation variance v_p = γ_0 − Σ_j φ_j γ_j (a variance, not a standard deviation).
    pub sigma2: f64,
}

/// The deterministic terms of the ADF regression.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deterministic {
    /// No deterministic term (statsmodels `regression='n'`).
    None,
    /// A constant (`'c'`).
    Constant,
    /// A constant and a linear trend t = 1..nobs (`'ct'`).
    ConstantTrend,
}

/// The ADF t-ratio and the number of regression rows.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdfResult {
    pub statistic: f64,
    pub nobs: usize,
}

/// The null hypothesis of KPSS.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpssNull {
    /// Stationary around a level (statsmodels `regression='c'`).
    Level,
    /// Stationary around a linear trend (`'ct'`).
    Trend,
}

/// Applies (1 − B^lag)^order: y_t = x_t − x_{t−lag}, repeated `order` times. The output has
/// length n − order·lag. `order = 0` returns a copy of x (n = 0 is then allowed).
///
/// Validates in this order: `lag == 0` → `InvalidLag { lag }`; the first non-finite x_i →
/// `NonFinite { index: i }`; order ≥ 1 and n ≤ order·lag → `TooShort { n, required:
/// order·lag + 1 }` (exact payload).
///
/// Order and lag are different things: (1 − B)² x = [2, 2, 2] for x = [1, 4, 9, 16, 25], while
/// (1 − B²) x = [8, 12, 16].
///
/// Complexity: O(order · n).
pub fn difference(x: &[f64], order: usize, lag: usize) -> Result<Vec<f64>, Error> {
    todo!()
}

/// The biased, demeaned ACF and the Durbin–Levinson PACF at lags 0..=nlags.
///
/// Validates in this order: n = 0 → `EmptyInput`; the first non-finite x_i → `NonFinite {
/// index: i }`; n < 2 → `TooShort { n, required: 2 }`; nlags = 0 or nlags > ⌊n/2⌋ →
/// `InvalidLag { lag: nlags }`; x constant (every |x_t − x̄| ≤ 1e-12 · max|x_t|) →
/// `ZeroVariance`.
///
/// γ_k = (1/n) Σ_{t=0}^{n−1−k} (x_t − x̄)(x_{t+k} − x̄) and acf[k] = ρ_k = γ_k/γ_0 (one
/// denominator, n, at every lag). Durbin–Levinson on γ: φ_11 = ρ_1;
/// φ_kk = (γ_k − Σ_{j=1}^{k−1} φ_{k−1,j} γ_{k−j}) / v_{k−1};
/// φ_kj = φ_{k−1,j} − φ_kk φ_{k−1,k−j}; v_k = v_{k−1}(1 − φ_kk²), v_0 = γ_0.
/// pacf[k] = φ_kk and acf[0] = pacf[0] = 1. Both vectors have length nlags + 1.
///
/// Complexity: O(n · nlags + nlags²).
pub fn acf_pacf(x: &[f64], nlags: usize) -> Result<Correlogram, Error> {
    todo!()
}

/// Yule–Walker fit of a demeaned AR(order) ("mle" method: biased autocovariances).
///
/// Validates in this order: n = 0 → `EmptyInput`; the first non-finite x_i → `NonFinite {
/// index: i }`; order = 0 or order > n − 1 → `InvalidLag { lag: order }`; x constant →
/// `ZeroVariance`.
///
/// phi = (φ_{p,1}, …, φ_{p,p}) from the Durbin–Levinson recursion of [`acf_pacf`] run to p =
/// order, and sigma2 = v_p = γ_0 − Σ_j φ_{p,j} γ_j, a variance (not its square root).
///
/// Complexity: O(n · p + p²).
pub fn yule_walker(x: &[f64], order: usize) -> Result<ArFit, Error> {
    todo!()
}

/// The augmented Dickey–Fuller t-ratio with `lags` lagged differences (no lag selection).
///
/// Validates in this order: n = 0 → `EmptyInput`; the first non-finite x_i → `NonFinite {
/// index: i }`; x constant → `ZeroVariance`; with k_det = 0, 1, 2 for None, Constant,
/// ConstantTrend, lags > ⌊n/2⌋ − k_det − 1 or a residual dof nobs − k ≤ 0 → `TooShort { n,
/// required }` with required = max(2(lags + k_det + 1), 2·lags + k_det + 3), the smallest n
/// that passes both; XᵀX singular → `SingularDesign`.
///
/// Rows s = lags + 1 ..= n − 1 (0-based), nobs = n − 1 − lags. Response Δx_s = x_s − x_{s−1};
/// regressors [x_{s−1}, Δx_{s−1}, …, Δx_{s−lags}], then a constant (Constant), or a constant
/// and a trend t = 1..nobs (ConstantTrend). OLS gives γ̂ (the coefficient of x_{s−1});
/// s² = RSS/(nobs − k) with k the number of regressors; se(γ̂) = sqrt(s² [(XᵀX)⁻¹]_{11});
/// statistic = γ̂ / se(γ̂).
///
/// Complexity: O(nobs · k²).
pub fn adf_statistic(x: &[f64], lags: usize, regression: Deterministic) -> Result<AdfResult, Error> {
    todo!()
}

/// The KPSS statistic with a Bartlett-kernel long-run variance of bandwidth `lags`.
///
/// Validates in this order: n = 0 → `EmptyInput`; the first non-finite x_i → `NonFinite {
/// index: i }`; n < 3 → `TooShort { n, required: 3 }`; lags > n − 1 → `InvalidLag { lag:
/// lags }`; residuals all zero (every |e_t| ≤ 1e-12 · max|x_t|) → `ZeroVariance`.
///
/// e = x − x̄ (Level) or the OLS residuals of x on [1, t] (Trend). With S_t = Σ_{i≤t} e_i:
/// η = Σ_t S_t² / n²; σ̂² = (1/n)[Σ e_t² + 2 Σ_{s=1}^{lags} (1 − s/(lags+1)) Σ_{t=s}^{n−1} e_t e_{t−s}];
/// statistic = η / σ̂².
///
/// Complexity: O(n · lags).
pub fn kpss_statistic(x: &[f64], lags: usize, null: KpssNull) -> Result<f64, Error> {
    todo!()
}

/// Engle–Granger: OLS y = a + b·x + u, then the ADF statistic (no deterministic terms) of û.
///
/// Validates in this order: y.len() ≠ x.len() → `LengthMismatch { y, x }` (exact payload);
/// n = 0 → `EmptyInput`; the first non-finite y_i, then the first non-finite x_i →
/// `NonFinite { index }`; x constant (the design [x, 1] is singular) → `SingularDesign`;
/// R² ≥ 1 − 100·sqrt(f64::EPSILON), i.e. RSS ≤ 100·sqrt(ε)·TSS, or residuals that are all
/// below 1e-12 · max|y_t| → `PerfectFit`. Otherwise it returns
/// `adf_statistic(û, lags, Deterministic::None)?.statistic`, with the same errors.
///
/// Complexity: O(n · lags²).
pub fn engle_granger_statistic(y: &[f64], x: &[f64], lags: usize) -> Result<f64, Error> {
    todo!()
}
