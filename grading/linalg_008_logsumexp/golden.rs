//! Golden values from scipy.special, the TensorFlow clipping formulas, numpy / ml_dtypes
//! casts and torch's loss-scale update, at the statement's tolerances.

use crate::fixtures::{
    CLIP_GLOBAL_NORM, CLIP_PER_TENSOR_NORM, CLIP_VALUE, LOGSUMEXP, ROUND, SCALER_RUNS, SOFTMAX,
};
use crate::tensors;
use grading_support::{assert_all_close, assert_close, assert_same_bits, ensure};
use linalg_008_logsumexp::{
    ClipMode, DynamicLossScaler, FloatFormat, StepOutcome, clip_gradients, log_softmax, logsumexp,
    round_to_format, softmax,
};
use ndarray::ArrayView1;

#[test]
fn logsumexp_matches_scipy() {
    for &(name, x, want) in LOGSUMEXP {
        assert_close(
            &format!("logsumexp({name}), n = {}", x.len()),
            logsumexp(x),
            want,
            1e-13,
            1e-13,
            "compute m + ln(sum exp(x_i - m)) with m = max x_i; -inf entries contribute 0",
        );
    }
}

#[test]
fn softmax_matches_scipy() {
    for &(name, x, want, _) in SOFTMAX {
        let got = softmax(ArrayView1::from(x));
        let got = got.unwrap_or_else(|e| panic!("softmax({name}): expected Ok, got Err({e:?})"));
        assert_all_close(
            &format!("softmax({name})"),
            got.as_slice().unwrap(),
            want,
            1e-12,
            1e-15,
            "softmax_i = exp(x_i - m) / sum_j exp(x_j - m), m = max of the finite entries",
        );
    }
}

#[test]
fn log_softmax_matches_scipy() {
    for &(name, x, _, want) in SOFTMAX {
        let got = log_softmax(ArrayView1::from(x));
        let got =
            got.unwrap_or_else(|e| panic!("log_softmax({name}): expected Ok, got Err({e:?})"));
        assert_all_close(
            &format!("log_softmax({name})"),
            got.as_slice().unwrap(),
            want,
            1e-12,
            1e-12,
            "log_softmax_i = (x_i - m) - ln sum_j exp(x_j - m); never ln(softmax_i)",
        );
    }
}

/// Runs one clipping fixture and compares G and every clipped tensor.
fn check_clip(
    what: &str,
    input: &[&[f64]],
    mode: ClipMode,
    want_norm: f64,
    want: &[&[f64]],
    likely: &str,
) {
    let mut grads = tensors(input);
    let got = clip_gradients(&mut grads, mode);
    let g = got.unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
    assert_close(
        &format!("{what}: returned norm G"),
        g,
        want_norm,
        1e-12,
        1e-300,
        likely,
    );
    ensure(
        grads.len() == want.len(),
        || {
            format!(
                "{what}: expected {} tensors, got {}",
                want.len(),
                grads.len()
            )
        },
        "clip_gradients must not add or remove tensors",
    );
    for (t, (got_t, want_t)) in grads.iter().zip(want).enumerate() {
        assert_all_close(
            &format!("{what}: tensor {t}"),
            got_t.as_slice().unwrap(),
            want_t,
            1e-12,
            1e-300,
            likely,
        );
    }
}

#[test]
fn clip_global_norm_matches_tf_clip_by_global_norm() {
    for &(name, input, max_norm, g, want) in CLIP_GLOBAL_NORM {
        check_clip(
            &format!("clip_gradients({name}, GlobalNorm {{ max_norm: {max_norm:e} }})"),
            input,
            ClipMode::GlobalNorm { max_norm },
            g,
            want,
            "G is the norm of all entries together, computed by scaling with max|g| so that \
             it neither overflows nor underflows; scale by max_norm / G only when G > max_norm",
        );
    }
}

#[test]
fn clip_per_tensor_norm_matches_tf_clip_by_norm() {
    for &(name, input, max_norm, g, want) in CLIP_PER_TENSOR_NORM {
        check_clip(
            &format!("clip_gradients({name}, PerTensorNorm {{ max_norm: {max_norm:e} }})"),
            input,
            ClipMode::PerTensorNorm { max_norm },
            g,
            want,
            "each tensor with norm n_t > max_norm is multiplied by max_norm / n_t, the others \
             are left alone; the returned G is still the global norm before clipping",
        );
    }
}

#[test]
fn clip_value_matches_tf_clip_by_value() {
    for &(name, input, min, max, g, want) in CLIP_VALUE {
        check_clip(
            &format!("clip_gradients({name}, Value {{ min: {min:?}, max: {max:?} }})"),
            input,
            ClipMode::Value { min, max },
            g,
            want,
            "clamp each entry to [min, max]; the returned G is the global norm before clipping",
        );
    }
}

fn check_round(format: FloatFormat, pick: fn(&(f64, f64, f64)) -> f64, source: &str) {
    for row in ROUND {
        let x = row.0 as f32;
        let want = pick(row) as f32;
        let got = round_to_format(x, format);
        assert_same_bits(
            &format!(
                "round_to_format({x:e}, {format:?}) (f32 bits {:#010x})",
                x.to_bits()
            ),
            f64::from(got),
            f64::from(want),
            &format!(
                "round to nearest, ties to even, on the exact f32 value; keep subnormals, \
                 overflow to infinity at max + half an ulp, keep the sign of zero (reference: \
                 {source})"
            ),
        );
    }
}

#[test]
fn round_to_f16_matches_numpy_float16() {
    check_round(FloatFormat::F16, |r| r.1, "numpy float16");
}

#[test]
fn round_to_bf16_matches_ml_dtypes_bfloat16() {
    check_round(FloatFormat::BF16, |r| r.2, "ml_dtypes bfloat16");
}

#[test]
fn loss_scaler_matches_torch_amp_update_scale() {
    for &((init, growth, backoff, interval), steps) in SCALER_RUNS {
        let mut scaler = DynamicLossScaler::new(init, growth, backoff, interval).unwrap();
        let run = format!("scaler({init:e}, {growth}, {backoff}, {interval})");
        for (i, &(found_inf, grads_in, want_grads, want_scale, want_tracker)) in
            steps.iter().enumerate()
        {
            let scale_before = scaler.scale();
            let mut grads = grads_in;
            let outcome = scaler.step(&mut grads);
            let want_outcome = if found_inf {
                StepOutcome::Skipped
            } else {
                StepOutcome::Applied
            };
            ensure(
                outcome == want_outcome,
                || {
                    format!(
                        "{run}, step {i} with grads {grads_in:?} at scale {scale_before:e}: \
                         expected {want_outcome:?}, got {outcome:?}"
                    )
                },
                "a step is skipped exactly when some scaled gradient is NaN or infinite",
            );
            for (j, (&got, &want)) in grads.iter().zip(&want_grads).enumerate() {
                assert_same_bits(
                    &format!(
                        "{run}, step {i}: gradient {j} after the step (scale was {scale_before:e})"
                    ),
                    got,
                    want,
                    "finite gradients are multiplied by 1/scale with the scale from before the \
                     update; on an overflow step they are not touched",
                );
            }
            assert_same_bits(
                &format!("{run}, step {i} (found_inf = {found_inf}): scale after the step"),
                scaler.scale(),
                want_scale,
                "overflow: scale *= backoff_factor; after growth_interval clean steps in a row: \
                 scale *= growth_factor unless that exceeds f32::MAX",
            );
            ensure(
                scaler.growth_tracker() == want_tracker,
                || {
                    format!(
                        "{run}, step {i} (found_inf = {found_inf}): expected growth tracker \
                         {want_tracker}, got {}",
                        scaler.growth_tracker()
                    )
                },
                "the tracker counts clean steps since the last growth or overflow and is reset \
                 to 0 by both",
            );
        }
    }
}
