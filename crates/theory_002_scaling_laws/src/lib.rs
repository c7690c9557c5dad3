//! # theory_002_scaling_laws: scaling laws
//!
//! Chinchilla's parametric loss L(N, D) = E + A/N^α + B/D^β and its compute-optimal
//! allocation under C = 6ND; Kaplan's joint law; power-law fits in log-log space; and the
//! inference-aware optimum (train once with 6ND FLOPs, then pay 2N FLOPs per token served).
//!
//! The statement is `README.md` beside this file. Replace every `todo!()`; the items marked
//! "Provided: not part of the exercise" are already complete. Check your work with
//! `cargo test -p theory_002_scaling_laws` (visible examples) and `cargo xtask grade`, and
//! draw your results with `cargo run -p theory_002_scaling_laws --example loss_vs_compute`.

// The stubs below do not use their parameters yet; this keeps the crate free of warnings.
#![allow(unused_variables)]

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A size or budget out of range: `name` is the argument's name (`"n_params"`,
    /// `"n_tokens"`, `"compute_flops"`, `"x"`, `"y"` or `"inference_tokens"`) and `value`
    /// the offending value.
    #[error(
        "{name} = {value} is out of range (sizes and budgets must be > 0, inference_tokens \
         >= 0; NaN is never allowed)"
    )]
    NonPositive { name: &'static str, value: f64 },
    /// The scaling-law parameters are not e >= 0 and a, b, alpha, beta > 0, all finite.
    #[error("invalid scaling-law parameters: need e >= 0 and a, b, alpha, beta > 0, all finite")]
    InvalidParams,
    /// `fit_power_law` got slices of different lengths.
    #[error("x has {x} values but y has {y}")]
    LengthMismatch { x: usize, y: usize },
    /// `fit_power_law` needs at least two points.
    #[error("a power-law fit needs at least 2 points, got {n}")]
    TooFewPoints { n: usize },
    /// Every x is the same: the slope in log-log space is undefined.
    #[error("all x values are equal: the exponent of a power law is undefined")]
    DegenerateX,
    /// The target loss is not above the irreducible loss E (or is not finite).
    #[error("target loss {target} is not reachable: it must be finite and above E = {irreducible}")]
    UnreachableLoss { target: f64, irreducible: f64 },
}

/// The parameters of Chinchilla's parametric loss L(N, D) = E + A/N^α + B/D^β: `e` is the
/// irreducible loss E (nats per token), `a` and `alpha` the model-size term, `b` and `beta`
/// the data term.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChinchillaParams {
    pub e: f64,
    pub a: f64,
    pub b: f64,
    pub alpha: f64,
    pub beta: f64,
}

impl ChinchillaParams {
    /// Hoffmann et al. 2022, Approach 3, as printed in the paper body (rounded).
    ///
    /// Provided: not part of the exercise.
    pub const HOFFMANN_2022: Self = Self {
        e: 1.69,
        a: 406.4,
        b: 410.7,
        alpha: 0.34,
        beta: 0.28,
    };
    /// Besiroglu et al. 2024 ("Chinchilla Scaling: A replication attempt") re-fit, as reported
    /// there.
    ///
    /// Provided: not part of the exercise.
    pub const BESIROGLU_2024: Self = Self {
        e: 1.8172,
        a: 482.01,
        b: 2085.43,
        alpha: 0.3478,
        beta: 0.3658,
    };
}

/// A training (and serving) plan: `n_params` = N, `n_tokens` = D (training tokens), `loss` =
/// L(N, D), `train_flops` = 6·N·D and `total_flops` = training plus inference FLOPs.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    pub n_params: f64,
    pub n_tokens: f64,
    pub loss: f64,
    pub train_flops: f64,
    pub total_flops: f64,
}

/// y = coefficient · x^(−exponent).
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerLaw {
    pub coefficient: f64,
    pub exponent: f64,
}

/// Chinchilla's parametric loss L(N, D) = E + A·N^(−α) + B·D^(−β), in nats per token.
///
/// Parameter validation (every function taking `p`): e ≥ 0, a > 0, b > 0, α > 0, β > 0, all
/// finite; otherwise `InvalidParams`. N and D must be > 0 and not NaN; +∞ is allowed and its
/// term is 0. Otherwise `NonPositive { name: "n_params" | "n_tokens", value }`.
///
/// Validation order: `p`, then `n_params`, then `n_tokens`.
///
/// Expected: O(1). Tolerance: rtol 1e-12.
pub fn chinchilla_loss(n_params: f64, n_tokens: f64, p: &ChinchillaParams) -> Result<f64, Error> {
    todo!()
}

/// The allocation that minimises L(N, D) subject to 6·N·D = C.
///
/// C > 0 and finite, otherwise `NonPositive { name: "compute_flops", value }`. With
/// G = (αA/(βB))^(1/(α+β)), a = β/(α+β) and b = α/(α+β): N = G·(C/6)^a,
/// D = (C/6)/N (equivalently G⁻¹(C/6)^b; compute D this way so that 6ND = C to rounding).
/// loss = L(N, D), train_flops = total_flops = 6·N·D.
///
/// Validation order: `p`, then `compute_flops`.
///
/// Expected: O(1). Tolerance: rtol 1e-12 on every field.
pub fn compute_optimal(compute_flops: f64, p: &ChinchillaParams) -> Result<Allocation, Error> {
    todo!()
}

/// Kaplan et al. 2020, eq. (1.5): L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^(α_D), with the joint
/// fit of their Table 2: N_c = 6.4e13, α_N = 0.076, D_c = 1.8e13, α_D = 0.103. N is the
/// number of non-embedding parameters, D the number of tokens, the loss is in nats.
///
/// N and D are > 0 and not NaN, otherwise `NonPositive { name: "n_params" | "n_tokens",
/// value }` (validated in that order); +∞ is allowed (both infinite give 0).
///
/// Expected: O(1). Tolerance: rtol 1e-12.
pub fn kaplan_loss(n_params: f64, n_tokens: f64) -> Result<f64, Error> {
    todo!()
}

/// Ordinary least squares of ln y on ln x: ln y = ln(coefficient) − exponent·ln x.
///
/// Validation, in this order: equal lengths (`LengthMismatch { x: x.len(), y: y.len() }`),
/// n ≥ 2 (`TooFewPoints { n }`), every value > 0 and finite — all of x first, then all of y,
/// the first offending value in index order (`NonPositive { name: "x" | "y", value }`) —,
/// and not all x equal (`DegenerateX`).
///
/// Expected: O(n). Tolerance: rtol 1e-10 on coefficient and exponent.
pub fn fit_power_law(x: &[f64], y: &[f64]) -> Result<PowerLaw, Error> {
    todo!()
}

/// The cheapest model that reaches the target loss ℓ when training costs 6·N·D FLOPs and
/// serving costs 2·N FLOPs per inference token (Sardana & Frankle 2023).
///
/// Minimise total(N) = 6·N·D(N) + 2·N·D_inf subject to L(N, D(N)) = ℓ, where
/// D(N) = (B/(ℓ − E − A·N^(−α)))^(1/β) for N > N_min = (A/(ℓ − E))^(1/α). ln total is
/// strictly convex in u = ln N, so the minimiser is unique.
///
/// Validation, in this order: `p` (`InvalidParams`); ℓ ≤ E or not finite →
/// `UnreachableLoss { target: ℓ, irreducible: E }`; D_inf < 0 or not finite →
/// `NonPositive { name: "inference_tokens", value }`. D_inf = 0 is allowed.
///
/// Returns N and D with L(N, D) = ℓ (rtol 1e-12), total_flops within rtol 1e-9 of the
/// optimum, N and D within rtol 1e-4 of the optimiser (the optimum is flat), loss = L(N, D),
/// train_flops = 6·N·D and total_flops = train_flops + 2·N·D_inf.
///
/// Expected: O(number of iterations of your 1-D search), about 100 to 200.
pub fn inference_aware_optimum(
    target_loss: f64,
    inference_tokens: f64,
    p: &ChinchillaParams,
) -> Result<Allocation, Error> {
    todo!()
}
