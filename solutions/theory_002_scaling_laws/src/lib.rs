//! # theory_002_scaling_laws: reference solution
//!
//! Chinchilla's parametric loss and its compute-optimal allocation under C = 6ND, Kaplan's
//! joint law, power-law fits in log-log space, and the inference-aware optimum of Sardana &
//! Frankle. Read it after solving the task: the comments explain why each line is the way it
//! is, not only what it does.

/// Everything that can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A size or budget out of range: `name` says which argument, `value` what it was.
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

/// The parameters of Chinchilla's parametric loss L(N, D) = E + A/N^α + B/D^β.
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
    pub const HOFFMANN_2022: Self = Self {
        e: 1.69,
        a: 406.4,
        b: 410.7,
        alpha: 0.34,
        beta: 0.28,
    };
    /// Besiroglu et al. 2024 ("Chinchilla Scaling: A replication attempt") re-fit, as reported
    /// there.
    pub const BESIROGLU_2024: Self = Self {
        e: 1.8172,
        a: 482.01,
        b: 2085.43,
        alpha: 0.3478,
        beta: 0.3658,
    };
}

/// A training (and serving) plan: model size, training tokens, the loss it reaches and what
/// it costs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    pub n_params: f64,
    pub n_tokens: f64,
    pub loss: f64,
    pub train_flops: f64,
    pub total_flops: f64,
}

/// y = coefficient · x^(−exponent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerLaw {
    pub coefficient: f64,
    pub exponent: f64,
}

// ------------------------------------------------------------------ validation helpers

/// e >= 0 and a, b, alpha, beta > 0, all finite. Written as positive comparisons so that a
/// NaN (for which every comparison is false) is rejected too.
fn check_params(p: &ChinchillaParams) -> Result<(), Error> {
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let ok = p.e.is_finite()
        && p.e >= 0.0
        && positive(p.a)
        && positive(p.b)
        && positive(p.alpha)
        && positive(p.beta);
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidParams)
    }
}

/// A model size or token count: > 0, +∞ allowed (its term of the loss is 0), NaN not.
/// `!(v > 0.0)` is true for NaN, which is the point.
fn check_size(name: &'static str, value: f64) -> Result<(), Error> {
    if value > 0.0 {
        Ok(())
    } else {
        Err(Error::NonPositive { name, value })
    }
}

/// L(N, D) once the inputs are known to be valid. N^(−α) of +∞ is exactly 0.
fn loss_unchecked(n_params: f64, n_tokens: f64, p: &ChinchillaParams) -> f64 {
    p.e + p.a * n_params.powf(-p.alpha) + p.b * n_tokens.powf(-p.beta)
}

// ------------------------------------------------------------------ Chinchilla

/// L(N, D) = E + A·N^(−α) + B·D^(−β) (Hoffmann et al. 2022, eq. 2).
///
/// Validation order: `p` (`InvalidParams`), then `n_params`, then `n_tokens`
/// (`NonPositive`, for a value that is ≤ 0 or NaN; +∞ is allowed).
pub fn chinchilla_loss(n_params: f64, n_tokens: f64, p: &ChinchillaParams) -> Result<f64, Error> {
    check_params(p)?;
    check_size("n_params", n_params)?;
    check_size("n_tokens", n_tokens)?;
    Ok(loss_unchecked(n_params, n_tokens, p))
}

/// The (N, D) that minimise L(N, D) subject to 6·N·D = C.
///
/// Lagrange: with ND = C/6, the stationarity condition is α·A·N^(−α) = β·B·D^(−β) (at the
/// optimum the two reducible terms are in the ratio β : α), which gives
/// N = G·(C/6)^(β/(α+β)) with G = (αA/(βB))^(1/(α+β)).
pub fn compute_optimal(compute_flops: f64, p: &ChinchillaParams) -> Result<Allocation, Error> {
    check_params(p)?;
    if !(compute_flops.is_finite() && compute_flops > 0.0) {
        return Err(Error::NonPositive {
            name: "compute_flops",
            value: compute_flops,
        });
    }
    let sum = p.alpha + p.beta;
    let g = (p.alpha * p.a / (p.beta * p.b)).powf(1.0 / sum);
    // 6 FLOPs per parameter per token: 2 forward (a multiply and an add per weight), 4
    // backward (gradients with respect to activations and to weights).
    let budget = compute_flops / 6.0;
    let n = g * budget.powf(p.beta / sum);
    // D from the constraint, not from its own power law: then 6·N·D = C to rounding.
    let d = budget / n;
    let train_flops = 6.0 * n * d;
    Ok(Allocation {
        n_params: n,
        n_tokens: d,
        loss: loss_unchecked(n, d, p),
        train_flops,
        total_flops: train_flops,
    })
}

// ------------------------------------------------------------------ Kaplan

/// Kaplan et al. 2020, eq. (1.5), with the joint L(N, D) fit of their Table 2.
const KAPLAN_N_C: f64 = 6.4e13;
const KAPLAN_ALPHA_N: f64 = 0.076;
const KAPLAN_D_C: f64 = 1.8e13;
const KAPLAN_ALPHA_D: f64 = 0.103;

/// L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^(α_D): one joint law whose two limits are the
/// single-variable laws (N_c/N)^(α_N) (infinite data) and (D_c/D)^(α_D) (infinite model).
///
/// Validation order: `n_params`, then `n_tokens` (`NonPositive` for ≤ 0 or NaN; +∞ allowed).
pub fn kaplan_loss(n_params: f64, n_tokens: f64) -> Result<f64, Error> {
    check_size("n_params", n_params)?;
    check_size("n_tokens", n_tokens)?;
    let params_term = (KAPLAN_N_C / n_params).powf(KAPLAN_ALPHA_N / KAPLAN_ALPHA_D);
    let data_term = KAPLAN_D_C / n_tokens;
    Ok((params_term + data_term).powf(KAPLAN_ALPHA_D))
}

// ------------------------------------------------------------------ power-law fit

/// Ordinary least squares of ln y on ln x: ln y = ln(coefficient) − exponent·ln x.
///
/// Validation order: equal lengths, n ≥ 2, every x then every y > 0 and finite, not all x
/// equal.
pub fn fit_power_law(x: &[f64], y: &[f64]) -> Result<PowerLaw, Error> {
    if x.len() != y.len() {
        return Err(Error::LengthMismatch {
            x: x.len(),
            y: y.len(),
        });
    }
    let n = x.len();
    if n < 2 {
        return Err(Error::TooFewPoints { n });
    }
    for (name, values) in [("x", x), ("y", y)] {
        if let Some(&value) = values.iter().find(|v| !(v.is_finite() && **v > 0.0)) {
            return Err(Error::NonPositive { name, value });
        }
    }
    // A power law is a straight line in log-log space.
    let u: Vec<f64> = x.iter().map(|v| v.ln()).collect();
    let w: Vec<f64> = y.iter().map(|v| v.ln()).collect();
    // Equal x give equal logs; so do distinct x whose logs round to the same value. Either
    // way there is no slope to fit.
    if u.iter().all(|&v| v == u[0]) {
        return Err(Error::DegenerateX);
    }
    // The centred formulas: the raw sums Σu² − n·ū² cancel catastrophically when the logs
    // are large and close together.
    let count = n as f64;
    let u_mean = u.iter().sum::<f64>() / count;
    let w_mean = w.iter().sum::<f64>() / count;
    let sxx: f64 = u.iter().map(|&ui| (ui - u_mean) * (ui - u_mean)).sum();
    let sxy: f64 = u
        .iter()
        .zip(&w)
        .map(|(&ui, &wi)| (ui - u_mean) * (wi - w_mean))
        .sum();
    let slope = sxy / sxx;
    let intercept = w_mean - slope * u_mean;
    Ok(PowerLaw {
        coefficient: intercept.exp(),
        exponent: -slope,
    })
}

// ------------------------------------------------------------------ inference-aware optimum

/// softplus(z) = ln(1 + e^z), without overflow for large z.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// The cheapest (N, D) that reach `target_loss`, counting 6·N·D training FLOPs plus 2·N FLOPs
/// for each of `inference_tokens` tokens served (Sardana & Frankle 2023).
///
/// Validation order: `p`, then the target (`UnreachableLoss` unless finite and > E), then
/// `inference_tokens` (`NonPositive` unless finite and ≥ 0).
///
/// Method. Write the reducible loss c = ℓ − E as the sum of the parameter term
/// s = A·N^(−α) and the data term d = B·D^(−β). Every point of the constraint is one split
/// of c, and we parametrise it by w = ln(s/d) ∈ ℝ:
///   s = c/(1 + e^(−w)),  d = c/(1 + e^w),  ln N = (ln A − ln s)/α,  ln D = (ln B − ln d)/β.
/// Differentiating total = 6ND + 2N·D_inf along the constraint gives the optimality condition
///   α·s/(β·d) = 1 + D_inf/(3D),   i.e.   F(w) = w + ln(α/β) − ln(1 + D_inf/(3·D(w))) = 0.
/// F is strictly increasing (D grows with w), F(ln(β/α)) ≤ 0, and F ≥ 0 at
/// ln(β/α) + ln(1 + D_inf/(3·D(ln(β/α)))), so bisection on that bracket finds the unique
/// root to full precision. Because N and D are built from s and d with s + d = c, the
/// constraint L(N, D) = ℓ holds to rounding whatever w is.
pub fn inference_aware_optimum(
    target_loss: f64,
    inference_tokens: f64,
    p: &ChinchillaParams,
) -> Result<Allocation, Error> {
    check_params(p)?;
    if !(target_loss.is_finite() && target_loss > p.e) {
        return Err(Error::UnreachableLoss {
            target: target_loss,
            irreducible: p.e,
        });
    }
    if !(inference_tokens.is_finite() && inference_tokens >= 0.0) {
        return Err(Error::NonPositive {
            name: "inference_tokens",
            value: inference_tokens,
        });
    }
    // The loss budget above the irreducible loss, shared by the two reducible terms.
    let reducible = target_loss - p.e;
    let ln_c = reducible.ln();
    let ln_n = |w: f64| (p.a.ln() - (ln_c - softplus(-w))) / p.alpha;
    let ln_d = |w: f64| (p.b.ln() - (ln_c - softplus(w))) / p.beta;
    // D_inf / (3D), in log space so that a huge D underflows to 0 instead of overflowing.
    let inference_share = |w: f64| {
        if inference_tokens == 0.0 {
            0.0
        } else {
            (inference_tokens.ln() - 3.0_f64.ln() - ln_d(w)).exp()
        }
    };
    let foc = |w: f64| w + (p.alpha / p.beta).ln() - inference_share(w).ln_1p();

    // Without inference the root is w = ln(β/α): the compute-optimal split s : d = β : α.
    let w_lo = (p.beta / p.alpha).ln();
    let w_hi = w_lo + inference_share(w_lo).ln_1p();
    let (mut lo, mut hi) = (w_lo, w_hi);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break; // the bracket is as narrow as f64 allows
        }
        if foc(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let w = 0.5 * (lo + hi);

    let n = ln_n(w).exp();
    let d = ln_d(w).exp();
    let train_flops = 6.0 * n * d;
    Ok(Allocation {
        n_params: n,
        n_tokens: d,
        loss: loss_unchecked(n, d, p),
        train_flops,
        total_flops: train_flops + 2.0 * n * inference_tokens,
    })
}
