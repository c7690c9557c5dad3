//! # prob_004_mcmc
//!
//! Metropolis–Hastings with the Hastings correction, Gibbs sampling, the leapfrog integrator
//! and HMC, and the diagnostics that tell whether a chain can be trusted: the biased sample
//! autocorrelation, the split-chain effective sample size (Geyer's initial monotone sequence)
//! and split-R̂, exactly as ArviZ computes them. The statement is in `README.md`; replace every
//! `todo!()` below.
//!
//! Conventions shared by the samplers:
//! * d = `x0.len()` ≥ 1, else `EmptyInput`.
//! * `n_samples = 0` gives an empty 0 × d chain.
//! * Row t of `samples` is the state **after** transition t: x0 is not included, and there is
//!   no burn-in.
//! * log π(x0) must be finite, else `InvalidInitialState`.
//! * A log-target value of NaN or +∞ at a proposed state is an error,
//!   `InvalidLogDensity { iteration, value }`, with the 0-based iteration of that proposal.
//!   −∞ means zero density, and the move is rejected.
//! * All randomness comes from `rng`: `Z()` = `rng.sample(rand_distr::StandardNormal)`,
//!   `U()` = `rng.random::<f64>()` (trait `rand::RngExt`). The same inputs and seed give
//!   bitwise-identical output.

// The stubs do not use their parameters yet; remove this line once every body is written.
#![allow(unused_variables)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the state has no coordinates (d = 0)")]
    EmptyInput,
    #[error("parameter {name} = {value} is out of range")]
    InvalidParameter { name: &'static str, value: f64 },
    #[error(
        "the initial state is invalid: a non-finite coordinate, a coordinate out of the proposal's support, or log π(x0) not finite"
    )]
    InvalidInitialState,
    #[error("log π returned {value} at the proposal of iteration {iteration} (NaN or +inf)")]
    InvalidLogDensity { iteration: usize, value: f64 },
    #[error("expected length {expected}, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    #[error("non-finite value in chain {chain} at draw {draw}")]
    NonFinite { chain: usize, draw: usize },
    #[error("{n} draws per chain, at least {min} are needed")]
    TooFewDraws { n: usize, min: usize },
    #[error("{n} values: the autocorrelation needs at least 2")]
    TooShort { n: usize },
    #[error("max_lag = {max_lag} exceeds n - 1 for n = {n}")]
    InvalidLag { max_lag: usize, n: usize },
    #[error("every value is the same: the variance is zero")]
    ZeroVariance,
}

/// The proposal of [`metropolis_hastings`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Proposal {
    /// x'_j = x_j + scale·z_j: symmetric, so the Hastings term is 0.
    RandomWalk { scale: f64 },
    /// x'_j = x_j·exp(sigma·z_j): asymmetric, the Hastings term is Σ_j (ln x'_j − ln x_j).
    /// Needs every x_j > 0.
    MultiplicativeLogNormal { sigma: f64 },
}

/// The output of an MCMC run: row t of `samples` (n_samples × d) is the state after
/// transition t; `n_accepted` counts the accepted proposals.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    pub samples: Array2<f64>,
    pub n_accepted: usize,
}

/// Step size ε, number of leapfrog steps L per iteration, and number of iterations of
/// [`hmc`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HmcConfig {
    pub step_size: f64,
    pub n_leapfrog: usize,
    pub n_samples: usize,
}

/// The two diagnostics of [`convergence_diagnostics`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diagnostics {
    pub ess: f64,
    pub rhat: f64,
}

/// Metropolis–Hastings in log space, with the Hastings correction for an asymmetric proposal.
///
/// Validates in this order: d = 0 → `EmptyInput`; `scale` (or `sigma`) not finite or ≤ 0 →
/// `InvalidParameter { name: "scale" | "sigma", value }`; a non-finite x0_j, or (for
/// `MultiplicativeLogNormal`) an x0_j ≤ 0 → `InvalidInitialState`; log π(x0) not finite →
/// `InvalidInitialState`.
///
/// Each iteration t = 0..n_samples−1: draw z_j = Z() for j = 0..d−1 and form x'; compute
/// log α = log π(x') − log π(x) + log q(x | x') − log q(x' | x), where the Hastings term is 0
/// for `RandomWalk` and Σ_j (ln x'_j − ln x_j) = Σ_j sigma·z_j for `MultiplicativeLogNormal`;
/// log π(x') NaN or +∞ → `InvalidLogDensity { iteration: t, value }`; draw u = U() (on every
/// iteration is simplest; skipping it when log α ≥ 0 is also correct); accept iff
/// u < exp(log α) (so log α ≥ 0 always accepts, and log π(x') = −∞ never does). On rejection the current state is recorded again. `n_accepted` counts the
/// accepts. Everything stays in log space: never form π(x')/π(x).
///
/// Complexity: O(n_samples · d) plus n_samples evaluations of log π (keep log π(x) of the
/// current state instead of evaluating it again).
pub fn metropolis_hastings(
    log_target: impl Fn(ArrayView1<f64>) -> f64,
    proposal: Proposal,
    x0: ArrayView1<f64>,
    n_samples: usize,
    rng: &mut impl Rng,
) -> Result<Chain, Error> {
    todo!()
}

/// Systematic-scan Gibbs sampler of the standard bivariate normal (unit variances,
/// correlation rho). Returns n_samples × 2, row t = [x_t, y_t].
///
/// Validates in this order: rho not finite or |rho| ≥ 1 →
/// `InvalidParameter { name: "rho", value }`; y0 not finite → `InvalidInitialState`.
///
/// Each iteration: x ← rho·y + sqrt(1 − rho²)·Z(); then y ← rho·x + sqrt(1 − rho²)·Z(), using
/// the new x; record [x, y]. The full conditionals are x | y ~ N(rho·y, 1 − rho²) and
/// y | x ~ N(rho·x, 1 − rho²). `n_samples = 0` gives a 0 × 2 array.
///
/// Complexity: O(n_samples).
pub fn gibbs_bivariate_normal(
    rho: f64,
    y0: f64,
    n_samples: usize,
    rng: &mut impl Rng,
) -> Result<Array2<f64>, Error> {
    todo!()
}

/// L = `n_steps` leapfrog steps of Hamiltonian dynamics with identity mass matrix; returns
/// (x_L, p_L).
///
/// Validates in this order: d = `x.len()` = 0 → `EmptyInput`; `step_size` not finite or ≤ 0 →
/// `InvalidParameter { name: "step_size", value }`; `p.len()` ≠ d →
/// `DimensionMismatch { expected: d, got: p.len() }`; a gradient output of length ≠ d →
/// `DimensionMismatch { expected: d, got }`.
///
/// p ← p + (ε/2)∇log π(x); then for l = 1..L: x ← x + ε·p, and p ← p + ε∇log π(x), except
/// that the last momentum update (l = L) uses ε/2. L = 0 returns (x, p) unchanged. There are
/// exactly L + 1 gradient evaluations for L ≥ 1. Non-finite values are propagated, not
/// reported as errors ([`hmc`] handles them).
///
/// Complexity: O(L · d) plus L + 1 gradient evaluations.
pub fn leapfrog(
    grad_log_target: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: ArrayView1<f64>,
    p: ArrayView1<f64>,
    step_size: f64,
    n_steps: usize,
) -> Result<(Array1<f64>, Array1<f64>), Error> {
    todo!()
}

/// Hamiltonian Monte Carlo with identity mass matrix and a fixed number of leapfrog steps.
///
/// Validates in this order: d = 0 → `EmptyInput`; `step_size` not finite or ≤ 0 →
/// `InvalidParameter { name: "step_size", value }`; `n_leapfrog` = 0 →
/// `InvalidParameter { name: "n_leapfrog", value: 0.0 }`; a non-finite x0_j or log π(x0) not
/// finite → `InvalidInitialState`. A gradient of the wrong length is the
/// `DimensionMismatch` of [`leapfrog`].
///
/// H(x, p) = −log π(x) + ½pᵀp. Each iteration t: p_j = Z() for j = 0..d−1;
/// (x*, p*) = leapfrog(x, p); u = U() (drawn every iteration is simplest). If x* or p*
/// contains a non-finite value the move is rejected as divergent (without an error);
/// otherwise log π(x*) NaN or +∞ → `InvalidLogDensity { iteration: t, value }`,
/// log π(x*) = −∞ → rejected, and else accept iff u < exp(H(x, p) − H(x*, p*)). On rejection
/// the current state is recorded again.
///
/// Complexity: O(n_samples · L · d) plus n_samples·(L + 1) gradient and n_samples
/// log-density evaluations.
pub fn hmc(
    log_target: impl Fn(ArrayView1<f64>) -> f64,
    grad_log_target: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x0: ArrayView1<f64>,
    config: HmcConfig,
    rng: &mut impl Rng,
) -> Result<Chain, Error> {
    todo!()
}

/// Biased sample autocorrelation at lags 0..=max_lag.
///
/// Validates in this order: n = `x.len()` < 2 → `TooShort { n }`; max_lag > n − 1 →
/// `InvalidLag { max_lag, n }`; the first non-finite x_i → `NonFinite { chain: 0, draw: i }`;
/// every value equal → `ZeroVariance` (compare the values: the computed mean of a constant
/// sequence need not equal it exactly).
///
/// ρ̂_k = Σ_{t=0}^{n−1−k}(x_t − x̄)(x_{t+k} − x̄) / Σ_{t=0}^{n−1}(x_t − x̄)², the same
/// denominator for every lag (the biased estimator, as statsmodels `acf(adjusted=False)`), so
/// ρ̂_0 = 1.
///
/// Complexity: O(n · (max_lag + 1)).
pub fn autocorrelation(x: &[f64], max_lag: usize) -> Result<Vec<f64>, Error> {
    todo!()
}

/// Split-chain effective sample size and split-R̂ of M chains of N draws (`chains` is M × N,
/// row = chain), as ArviZ 0.x `ess(method="mean")` and `rhat(method="split")`.
///
/// Validates in this order: M = 0 → `EmptyInput`; N < 10 → `TooFewDraws { n: N, min: 10 }`;
/// the first non-finite value, chain by chain → `NonFinite { chain, draw }`; every value that
/// the split keeps is equal → `ZeroVariance`.
///
/// 1. Split: h = ⌊N/2⌋; the chains become the first halves C[:, 0..h] and the last halves
///    C[:, N−h..N], so M' = 2M chains of length N' = h (for odd N the middle draw is dropped).
/// 2. For each split chain m: the mean x̄_m and the autocovariance
///    γ_m(t) = (1/N') Σ_{i=0}^{N'−1−t}(x_{m,i} − x̄_m)(x_{m,i+t} − x̄_m).
/// 3. W = (1/M') Σ_m γ_m(0)·N'/(N'−1); var⁺ = W·(N'−1)/N' + s²(x̄_·), with s² the sample
///    variance (denominator M'−1) of the chain means.
/// 4. ρ̂_t = 1 − (W − (1/M')Σ_m γ_m(t))/var⁺.
/// 5. Geyer's initial positive sequence (r[0..N'] initialised to 0): r[0] = 1, r[1] = ρ̂_1,
///    even = 1, odd = ρ̂_1, t = 1. While t < N' − 3 and even + odd > 0: even = ρ̂_{t+1},
///    odd = ρ̂_{t+2}; if even + odd ≥ 0 then r[t+1] = even and r[t+2] = odd; t += 2.
///    Afterwards max_t = t − 2 (which is −1 when 1 + ρ̂_1 ≤ 0), and if even > 0 then
///    r[max_t + 1] = even.
/// 6. Initial monotone sequence: t = 1; while t ≤ max_t − 2: if r[t+1] + r[t+2] >
///    r[t−1] + r[t] then r[t+1] = r[t+2] = (r[t−1] + r[t])/2; t += 2.
/// 7. τ = −1 + 2·Σ_{t=0}^{max_t} r[t] + r[max_t + 1]; τ = max(τ, 1/log₁₀(M'N'));
///    ess = M'·N'/τ.
/// 8. B = N'·s²(x̄_·); W_R = the mean of the unbiased within-chain variances (= W);
///    rhat = sqrt((B/W_R + N' − 1)/N'), which is +∞ when W_R = 0 < B.
///
/// Complexity: O(M·N·(max_t + 3)): compute ρ̂_t only for the lags that step 5 reaches
/// (every lag would cost O(M·N²), too slow for the grader's chains of 20 000 draws).
pub fn convergence_diagnostics(chains: ArrayView2<f64>) -> Result<Diagnostics, Error> {
    todo!()
}
