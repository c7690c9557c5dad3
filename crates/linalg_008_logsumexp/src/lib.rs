//! # linalg_008_logsumexp: numerical stability
//!
//! Log-sum-exp, softmax and log-softmax without overflow; gradient clipping by value, by
//! per-tensor norm and by global norm; round-to-nearest-even into binary16 and bfloat16; and
//! the dynamic loss-scaling state machine of mixed-precision training.
//!
//! The statement is `README.md` beside this file. Replace every `todo!()`; the items marked
//! "Provided: not part of the exercise" are already complete. Check your work with
//! `cargo test -p linalg_008_logsumexp` (visible examples) and `cargo xtask grade`.

// The stubs below do not use their parameters yet; this keeps the crate free of warnings.
#![allow(unused_variables)]

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

/// ln Σ exp(x_i), computed without overflow or underflow. Total (no `Result`).
///
/// Rules, applied in this order: empty → −∞ (the empty sum is 0); any NaN → NaN; any +∞ →
/// +∞; all −∞ → −∞. Otherwise, with m = max x_i (finite), the result is
/// m + ln Σ_i exp(x_i − m). Using `ln_1p` for the sum without the max term is allowed but
/// not required.
///
/// Expected: O(n) time, O(1) extra memory. Tolerance: rtol 1e-13, atol 1e-13.
pub fn logsumexp(x: &[f64]) -> f64 {
    todo!()
}

/// softmax_i = exp(x_i − m) / S, with m = the max of the finite entries and
/// S = Σ_j exp(x_j − m).
///
/// A −∞ entry (a masked position) gives exactly 0.
///
/// Errors, validated in this order: empty → `EmptyInput`; the first index holding NaN or +∞
/// → `NonFinite { index, value }` (exact index); all −∞ → `AllMasked`.
///
/// Expected: O(n). Tolerance: rtol 1e-12, atol 1e-15.
pub fn softmax(x: ArrayView1<f64>) -> Result<Array1<f64>, Error> {
    todo!()
}

/// log_softmax_i = (x_i − m) − ln S, with m = the max of the finite entries and
/// S = Σ_j exp(x_j − m).
///
/// A −∞ entry gives exactly −∞. log_softmax must not be computed as ln(softmax).
///
/// Errors, validated in this order: empty → `EmptyInput`; the first index holding NaN or +∞
/// → `NonFinite { index, value }` (exact index); all −∞ → `AllMasked`.
///
/// Expected: O(n). Tolerance: rtol 1e-12, atol 1e-12.
pub fn log_softmax(x: ArrayView1<f64>) -> Result<Array1<f64>, Error> {
    todo!()
}

// ------------------------------------------------------------------ gradient clipping

/// How [`clip_gradients`] clips.
///
/// Provided: not part of the exercise.
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

/// Clips in place; returns the global L2 norm of all gradients BEFORE clipping.
///
/// Validation, in this order: for `Value`, NaN bounds or `min > max` → `InvalidBounds`
/// (±∞ bounds are allowed); for the norm modes, `max_norm` not finite or ≤ 0 →
/// `InvalidMaxNorm`; the first non-finite gradient entry (tensor-major order) →
/// `NonFiniteGradient { tensor, index }`, and then the gradients are left unmodified.
///
/// It computes G = sqrt(Σ_t Σ_i g_ti²) without overflow or underflow, by scaling with max|g|
/// or a hypot-style accumulation; G must be finite whenever the true norm is ≤ f64::MAX.
/// Then:
/// * `Value { min, max }`: g ← clamp(g, min, max) elementwise;
/// * `PerTensorNorm { max_norm }`: for each tensor t with n_t = ‖t‖₂ > max_norm,
///   t ← t · (max_norm / n_t). This is `tf.clip_by_norm`;
/// * `GlobalNorm { max_norm }`: if G > max_norm then every t ← t · (max_norm / G). This is
///   `tf.clip_by_global_norm`: t · clip / max(G, clip).
///
/// It returns G, the norm before clipping. An empty slice or empty tensors give G = 0 and no
/// change. If G ≤ max_norm, the gradients stay bitwise unchanged (and so does, in
/// `PerTensorNorm`, every tensor with n_t ≤ max_norm).
///
/// Expected: O(total number of entries). Tolerance: rtol 1e-12, atol 1e-300.
pub fn clip_gradients(grads: &mut [Array1<f64>], mode: ClipMode) -> Result<f64, Error> {
    todo!()
}

// ------------------------------------------------------------------ binary16 and bfloat16

/// The 16-bit formats of mixed-precision training.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatFormat {
    /// IEEE 754 binary16: 1 sign, 5 exponent, 10 fraction bits.
    F16,
    /// bfloat16: 1 sign, 8 exponent, 7 fraction bits (the top half of an f32).
    BF16,
}

/// total: the f32 value of round_to_nearest_even(x) in the target format.
///
/// F16 is IEEE binary16: 1 sign, 5 exponent and 10 mantissa bits, bias 15, max 65504, min
/// normal 2⁻¹⁴, min subnormal 2⁻²⁴. BF16 is 1/8/7, max 0x7F7F = 3.3895313892515355e38, min
/// subnormal 2⁻¹³³. Rounding is round-to-nearest, ties-to-even, applied once to the exact
/// f32 value. Overflow goes to ±∞: anything ≥ max + ½ulp(max) becomes ±∞, and the tie goes
/// to ∞ because max has an odd mantissa. Underflow below half the minimum subnormal goes to a
/// signed zero, and the tie at exactly half goes to 0. Subnormals are kept (no
/// flush-to-zero). NaN → any NaN; ±0 → ±0 with the sign preserved; ±∞ → ±∞.
///
/// Implement it with bit manipulation (`f32::to_bits` / `f32::from_bits`). Expected: O(1).
/// Tolerance: exact (bitwise; NaN checked with `is_nan`).
pub fn round_to_format(x: f32, format: FloatFormat) -> f32 {
    todo!()
}

// ------------------------------------------------------------------ dynamic loss scaling

/// What [`DynamicLossScaler::step`] did with the gradients.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// All gradients were finite: they were unscaled and the optimiser may step.
    Applied,
    /// A gradient overflowed: the step is skipped and the scale backs off.
    Skipped,
}

/// The dynamic loss scaling of mixed-precision training (torch `GradScaler`).
///
/// Provided: not part of the exercise (except [`DynamicLossScaler::step`]).
// `step`, which you write, is what reads the three configuration fields.
#[allow(dead_code)]
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
    /// `InvalidScalerConfig { field }` (exact payload) unless `init_scale` is finite and > 0
    /// ("init_scale"), `growth_factor` is finite and > 1 ("growth_factor"),
    /// 0 < `backoff_factor` < 1 ("backoff_factor"), and `growth_interval` ≥ 1
    /// ("growth_interval"), checked in that order.
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
    /// Total; follows torch `GradScaler` / `_amp_update_scale_`. If any entry of
    /// `scaled_grads` is non-finite: scale ← scale · backoff_factor, tracker ← 0, the
    /// gradients stay untouched, and the result is `Skipped`. Otherwise: every
    /// g ← g · (1/scale), using the scale from before the update; tracker += 1; if
    /// tracker == growth_interval then, if scale · growth_factor ≤ f32::MAX (the scale is
    /// stored as f32 in torch), scale ← scale · growth_factor, and tracker ← 0 either way.
    /// The result is `Applied`. An empty slice counts as finite.
    ///
    /// Expected: O(n). Tolerance: exact (bitwise).
    pub fn step(&mut self, scaled_grads: &mut [f64]) -> StepOutcome {
        todo!()
    }
}

impl Default for DynamicLossScaler {
    /// torch `GradScaler()` defaults: init scale 2^16 = 65536, growth 2, backoff 0.5,
    /// interval 2000.
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
