//! Reference solution of `linalg_008_logsumexp`: numerical stability in the everyday
//! operations of deep learning. Read it after solving the task; the statement is
//! `crates/linalg_008_logsumexp/README.md`.
//!
//! The three ideas of the task, each in a few lines below:
//! * shift by the maximum before exponentiating (log-sum-exp, softmax, log-softmax);
//! * scale by the largest magnitude before squaring (the Euclidean norm of gradient clipping);
//! * round by integer arithmetic on the bit pattern (binary16 and bfloat16).

use ndarray::{Array1, ArrayView1};

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// `softmax` / `log_softmax` of an empty vector.
    #[error("empty input: softmax needs at least one entry")]
    EmptyInput,
    /// The first entry of a softmax input that is NaN or +∞.
    #[error("entry {index} is {value}, which is not a valid logit (NaN or +inf)")]
    NonFinite { index: usize, value: f64 },
    /// Every entry of a softmax input is −∞: there is no distribution to normalise.
    #[error("every entry is -inf (all positions masked)")]
    AllMasked,
    /// `ClipMode::Value` with a NaN bound or `min > max`.
    #[error("invalid clipping bounds: min {min}, max {max} (need min <= max, no NaN)")]
    InvalidBounds { min: f64, max: f64 },
    /// A norm-clipping threshold that is not finite and positive.
    #[error("invalid max_norm {value}: it must be finite and > 0")]
    InvalidMaxNorm { value: f64 },
    /// The first non-finite gradient entry, in tensor-major order.
    #[error("gradient entry {index} of tensor {tensor} is not finite")]
    NonFiniteGradient { tensor: usize, index: usize },
    /// A loss-scaler setting out of range; `field` names the parameter.
    #[error("invalid loss-scaler configuration: {field}")]
    InvalidScalerConfig { field: &'static str },
}

// ------------------------------------------------------------------ log-sum-exp, softmax

/// ln Σ exp(x_i), computed without overflow or underflow. Total.
///
/// Rules, in this order: empty → −∞ (the empty sum is 0); any NaN → NaN; any +∞ → +∞;
/// all −∞ → −∞. Otherwise, with m = max x_i (finite), the result is m + ln Σ exp(x_i − m).
/// O(n) time, O(1) extra memory.
pub fn logsumexp(x: &[f64]) -> f64 {
    if x.is_empty() {
        return f64::NEG_INFINITY;
    }
    if x.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    if x.contains(&f64::INFINITY) {
        return f64::INFINITY;
    }
    // `f64::max` of non-NaN values: the largest entry, −∞ only if every entry is −∞.
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    // Every exp(x_i − m) is in [0, 1] and the largest is exactly 1, so the sum is in [1, n]:
    // no overflow, and its logarithm is finite. (−∞ entries contribute exp(−∞) = 0.)
    let sum_exp: f64 = x.iter().map(|&v| (v - m).exp()).sum();
    m + sum_exp.ln()
}

/// Checks a softmax input and returns the shift m = the maximum of its finite entries.
///
/// Validation order: empty → `EmptyInput`; first NaN or +∞ → `NonFinite`; all −∞ →
/// `AllMasked`.
fn softmax_shift(x: ArrayView1<f64>) -> Result<f64, Error> {
    if x.is_empty() {
        return Err(Error::EmptyInput);
    }
    if let Some((index, &value)) = x
        .iter()
        .enumerate()
        .find(|(_, v)| v.is_nan() || **v == f64::INFINITY)
    {
        return Err(Error::NonFinite { index, value });
    }
    // No NaN and no +∞ remain, so this is the largest finite entry, or −∞ if there is none.
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return Err(Error::AllMasked);
    }
    Ok(m)
}

/// softmax_i = exp(x_i − m) / Σ_j exp(x_j − m), m = the maximum of the finite entries.
///
/// A −∞ entry (a masked position) gets exactly 0. Errors, in this order: empty →
/// `EmptyInput`; the first index holding NaN or +∞ → `NonFinite { index, value }`; all −∞ →
/// `AllMasked`. O(n).
pub fn softmax(x: ArrayView1<f64>) -> Result<Array1<f64>, Error> {
    let m = softmax_shift(x)?;
    // exp(x_i − m) ≤ 1 with equality at the maximum: the sum is in [1, n], never 0 or ∞.
    let unnormalised = x.mapv(|v| (v - m).exp());
    let total = unnormalised.sum();
    Ok(unnormalised / total)
}

/// log_softmax_i = (x_i − m) − ln Σ_j exp(x_j − m), never ln(softmax_i).
///
/// A −∞ entry gets exactly −∞. Same errors and order as [`softmax`]. O(n).
pub fn log_softmax(x: ArrayView1<f64>) -> Result<Array1<f64>, Error> {
    let m = softmax_shift(x)?;
    let log_total = x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
    // ln(softmax_i) would be ln(0) = −∞ as soon as softmax_i underflows (x_i − m < −745),
    // while the true value x_i − m − ln S is a perfectly ordinary number.
    Ok(x.mapv(|v| (v - m) - log_total))
}

// ------------------------------------------------------------------ gradient clipping

/// How [`clip_gradients`] clips.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ClipMode {
    /// Clamp every entry to [min, max] (`tf.clip_by_value`).
    Value { min: f64, max: f64 },
    /// Rescale each tensor whose L2 norm exceeds `max_norm` to norm `max_norm`
    /// (`tf.clip_by_norm`).
    PerTensorNorm { max_norm: f64 },
    /// Rescale all tensors together when their joint L2 norm exceeds `max_norm`
    /// (`tf.clip_by_global_norm`).
    GlobalNorm { max_norm: f64 },
}

/// The Euclidean norm sqrt(Σ v²) without overflow or underflow.
///
/// Dividing by s = max |v| first puts every term in [0, 1] with at least one equal to 1, so
/// the sum of squares lies in [1, n]; the norm is then s · sqrt(Σ (v/s)²). The naive
/// sqrt(Σ v²) overflows to ∞ once an entry exceeds about 1.3e154 and underflows to 0 below
/// about 1.5e-162.
fn euclidean_norm(values: impl Iterator<Item = f64> + Clone) -> f64 {
    let s = values.clone().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    if s == 0.0 {
        return 0.0;
    }
    let sum_of_squares: f64 = values
        .map(|v| {
            let r = v / s;
            r * r
        })
        .sum();
    s * sum_of_squares.sqrt()
}

/// Clips in place; returns the global L2 norm of all gradients BEFORE clipping.
///
/// Validation, in this order: for `Value`, a NaN bound or `min > max` → `InvalidBounds` (±∞
/// bounds are allowed); for the norm modes, `max_norm` not finite or ≤ 0 → `InvalidMaxNorm`;
/// then the first non-finite gradient entry in tensor-major order →
/// `NonFiniteGradient { tensor, index }`. On any error the gradients are left unmodified.
///
/// G = sqrt(Σ_t Σ_i g_ti²) is computed without overflow or underflow. Then:
/// * `Value { min, max }`: g ← clamp(g, min, max) elementwise;
/// * `PerTensorNorm { max_norm }`: each tensor with n_t = ‖t‖₂ > max_norm becomes
///   t · (max_norm / n_t);
/// * `GlobalNorm { max_norm }`: if G > max_norm, every tensor becomes t · (max_norm / G).
///
/// A tensor (or, for `GlobalNorm`, the whole list) whose norm is ≤ max_norm stays bitwise
/// unchanged. Empty slices and empty tensors give G = 0. O(total number of entries).
pub fn clip_gradients(grads: &mut [Array1<f64>], mode: ClipMode) -> Result<f64, Error> {
    match mode {
        ClipMode::Value { min, max } => {
            if min.is_nan() || max.is_nan() || min > max {
                return Err(Error::InvalidBounds { min, max });
            }
        }
        ClipMode::PerTensorNorm { max_norm } | ClipMode::GlobalNorm { max_norm } => {
            if !(max_norm.is_finite() && max_norm > 0.0) {
                return Err(Error::InvalidMaxNorm { value: max_norm });
            }
        }
    }
    for (tensor, t) in grads.iter().enumerate() {
        if let Some(index) = t.iter().position(|g| !g.is_finite()) {
            return Err(Error::NonFiniteGradient { tensor, index });
        }
    }

    // The norm of the concatenation of all tensors, not the sum of the tensors' norms.
    let global = euclidean_norm(grads.iter().flat_map(|t| t.iter().copied()));

    match mode {
        ClipMode::Value { min, max } => {
            for t in grads.iter_mut() {
                t.mapv_inplace(|g| g.clamp(min, max));
            }
        }
        ClipMode::PerTensorNorm { max_norm } => {
            for t in grads.iter_mut() {
                let n = euclidean_norm(t.iter().copied());
                if n > max_norm {
                    let factor = max_norm / n;
                    t.mapv_inplace(|g| g * factor);
                }
            }
        }
        ClipMode::GlobalNorm { max_norm } => {
            // Only shrink: gradients already inside the ball are not touched at all.
            if global > max_norm {
                let factor = max_norm / global;
                for t in grads.iter_mut() {
                    t.mapv_inplace(|g| g * factor);
                }
            }
        }
    }
    Ok(global)
}

// ------------------------------------------------------------------ binary16 and bfloat16

/// The 16-bit formats of mixed-precision training.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatFormat {
    /// IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits.
    F16,
    /// bfloat16: 1 sign, 8 exponent, 7 fraction bits (the top half of an f32).
    BF16,
}

/// `n / 2^shift` rounded to the nearest integer, ties to the even one.
fn shift_right_round_even(n: u32, shift: u32) -> u32 {
    if shift >= 32 {
        // The callers pass n < 2^24 ≤ 2^(shift − 1): less than half, so it rounds to 0.
        return 0;
    }
    let quotient = n >> shift;
    let remainder = n & ((1u32 << shift) - 1);
    let half = 1u32 << (shift - 1);
    // Above half: up. Exactly half: up only if that makes the quotient even.
    let round_up = remainder > half || (remainder == half && quotient & 1 == 1);
    quotient + u32::from(round_up)
}

/// 2^e as an f32, for the exponents of normal f32 numbers (−126 ≤ e ≤ 127).
fn pow2(e: i32) -> f32 {
    f32::from_bits(((e + 127) as u32) << 23)
}

/// binary16 rounding of a finite or infinite, non-NaN `x`.
fn round_to_f16(x: f32) -> f32 {
    const FRACTION_BITS: i32 = 10;
    const MIN_EXPONENT: i32 = -14; // the exponent of the smallest normal number, 2^-14
    const MAX_FINITE: f32 = 65504.0; // (2 − 2^-10) · 2^15

    let bits = x.to_bits();
    let sign = bits & 0x8000_0000;
    let magnitude_bits = bits & 0x7FFF_FFFF;
    if magnitude_bits == 0 || magnitude_bits == 0x7F80_0000 {
        return x; // ±0 and ±∞ are their own roundings, sign included
    }
    // |x| = significand · 2^(exponent − 23) with an integer significand < 2^24.
    let biased = (magnitude_bits >> 23) as i32;
    let fraction = magnitude_bits & 0x007F_FFFF;
    let (significand, exponent) = if biased == 0 {
        (fraction, -126) // f32 subnormal: no implicit leading 1
    } else {
        (fraction | 0x0080_0000, biased - 127)
    };
    // The weight of the last bit binary16 keeps at this magnitude: 2^(e − 10) for normal
    // numbers and 2^-24 throughout the subnormal range (gradual underflow).
    let kept_lsb = exponent.max(MIN_EXPONENT) - FRACTION_BITS;
    let shift = (kept_lsb - (exponent - 23)) as u32; // at least 13
    let units = shift_right_round_even(significand, shift);
    // units · 2^kept_lsb is exact in f32. A carry may give the next power of two, which is
    // still right, unless it passes the largest finite binary16 number: then it is ∞.
    let rounded = units as f32 * pow2(kept_lsb);
    let rounded = if rounded > MAX_FINITE {
        f32::INFINITY
    } else {
        rounded
    };
    f32::from_bits(rounded.to_bits() | sign)
}

/// bfloat16 rounding of a non-NaN `x`.
fn round_to_bf16(x: f32) -> f32 {
    // bfloat16 is the upper half of an f32 with the same exponent range, so rounding to it
    // is rounding the bit pattern at bit 16. Adding 0x7FFF rounds a remainder above half up;
    // adding the kept last bit as well makes an exact half round up only when that bit is
    // odd (ties to even). A carry runs into the exponent, which is correct, and from the
    // largest finite value into the infinity pattern 0x7F80_0000. Subnormals need nothing
    // special: both formats keep them at the same scale. (NaN must not get here: its
    // payload could carry into the pattern of ∞.)
    let bits = x.to_bits();
    let lsb = (bits >> 16) & 1;
    f32::from_bits((bits + 0x7FFF + lsb) & 0xFFFF_0000)
}

/// total: the f32 value of round_to_nearest_even(x) in the target format.
///
/// F16 is IEEE binary16 (bias 15, max 65504, min normal 2⁻¹⁴, min subnormal 2⁻²⁴); BF16 is
/// 1/8/7 (max 0x7F7F = 3.3895313892515355e38, min subnormal 2⁻¹³³). Rounding is
/// round-to-nearest, ties-to-even, applied once to the exact f32 value. Overflow goes to ±∞
/// (anything ≥ max + ½ulp(max), the tie included); underflow below half the minimum
/// subnormal goes to a signed zero (the tie at exactly half included); subnormals are kept.
/// NaN → a NaN; ±0 → ±0; ±∞ → ±∞. O(1).
pub fn round_to_format(x: f32, format: FloatFormat) -> f32 {
    if x.is_nan() {
        return x;
    }
    match format {
        FloatFormat::F16 => round_to_f16(x),
        FloatFormat::BF16 => round_to_bf16(x),
    }
}

// ------------------------------------------------------------------ dynamic loss scaling

/// What [`DynamicLossScaler::step`] did with the gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// All gradients were finite: they were unscaled and the optimiser may step.
    Applied,
    /// A gradient overflowed: the step is skipped and the scale backs off.
    Skipped,
}

/// The dynamic loss scaling of mixed-precision training (torch `GradScaler`).
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicLossScaler {
    scale: f64,
    growth_factor: f64,
    backoff_factor: f64,
    growth_interval: u32,
    growth_tracker: u32,
}

impl DynamicLossScaler {
    /// A scaler with the given configuration and a growth tracker at 0.
    ///
    /// `InvalidScalerConfig { field }` unless, checked in this order, `init_scale` is finite
    /// and > 0 ("init_scale"), `growth_factor` is finite and > 1 ("growth_factor"),
    /// 0 < `backoff_factor` < 1 ("backoff_factor") and `growth_interval` ≥ 1
    /// ("growth_interval").
    ///
    /// Provided: not part of the exercise.
    pub fn new(
        init_scale: f64,
        growth_factor: f64,
        backoff_factor: f64,
        growth_interval: u32,
    ) -> Result<Self, Error> {
        if !(init_scale.is_finite() && init_scale > 0.0) {
            return Err(Error::InvalidScalerConfig {
                field: "init_scale",
            });
        }
        if !(growth_factor.is_finite() && growth_factor > 1.0) {
            return Err(Error::InvalidScalerConfig {
                field: "growth_factor",
            });
        }
        if !(backoff_factor > 0.0 && backoff_factor < 1.0) {
            return Err(Error::InvalidScalerConfig {
                field: "backoff_factor",
            });
        }
        if growth_interval < 1 {
            return Err(Error::InvalidScalerConfig {
                field: "growth_interval",
            });
        }
        Ok(Self {
            scale: init_scale,
            growth_factor,
            backoff_factor,
            growth_interval,
            growth_tracker: 0,
        })
    }

    /// The current loss scale.
    ///
    /// Provided: not part of the exercise.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The number of consecutive clean steps since the last growth or overflow.
    ///
    /// Provided: not part of the exercise.
    pub fn growth_tracker(&self) -> u32 {
        self.growth_tracker
    }

    /// Unscales `scaled_grads` in place if they are all finite, then updates the scale.
    ///
    /// Total. If any entry is non-finite: scale ← scale · backoff_factor, tracker ← 0, the
    /// gradients stay untouched, and the result is `Skipped`. Otherwise every g ← g · (1/scale)
    /// with the scale from before the update; tracker += 1; if tracker == growth_interval,
    /// then scale ← scale · growth_factor if that is ≤ f32::MAX, and tracker ← 0 either way;
    /// the result is `Applied`. An empty slice counts as finite. O(n).
    pub fn step(&mut self, scaled_grads: &mut [f64]) -> StepOutcome {
        // Check everything before touching anything: an overflowed step is thrown away.
        if scaled_grads.iter().any(|g| !g.is_finite()) {
            self.scale *= self.backoff_factor;
            self.growth_tracker = 0;
            return StepOutcome::Skipped;
        }
        let inv_scale = 1.0 / self.scale;
        for g in scaled_grads.iter_mut() {
            *g *= inv_scale;
        }
        self.growth_tracker += 1;
        if self.growth_tracker == self.growth_interval {
            let grown = self.scale * self.growth_factor;
            // torch keeps the scale in f32: a scale that f32 cannot hold is not taken.
            if grown <= f64::from(f32::MAX) {
                self.scale = grown;
            }
            self.growth_tracker = 0;
        }
        StepOutcome::Applied
    }
}

impl Default for DynamicLossScaler {
    /// torch `GradScaler()` defaults: init scale 2^16, growth 2, backoff 0.5, interval 2000.
    ///
    /// Provided: not part of the exercise.
    fn default() -> Self {
        Self {
            scale: 65536.0,
            growth_factor: 2.0,
            backoff_factor: 0.5,
            growth_interval: 2000,
            growth_tracker: 0,
        }
    }
}
