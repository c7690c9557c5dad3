//! One test per classic mistake of the statement, on the input that exposes it. Each failure
//! message names the mistake.

use crate::{bit_patterns, tensors};
use grading_support::{assert_all_close, assert_close, assert_same_bits, ensure};
use linalg_008_logsumexp::{
    ClipMode, DynamicLossScaler, Error, FloatFormat, StepOutcome, clip_gradients, log_softmax,
    logsumexp, round_to_format, softmax,
};
use ndarray::array;

#[test]
fn softmax_of_large_logits_needs_the_max_shift() {
    let got = softmax(array![1000.0, 1000.0].view());
    let got = got.unwrap_or_else(|e| panic!("softmax([1000, 1000]): expected Ok, got Err({e:?})"));
    assert_all_close(
        "softmax([1000, 1000])",
        got.as_slice().unwrap(),
        &[0.5, 0.5],
        1e-12,
        1e-15,
        "exp(1000) overflows to inf and inf/inf = NaN: subtract m = max(x) before \
         exponentiating (softmax is shift-invariant)",
    );
}

#[test]
fn logsumexp_of_very_negative_inputs_needs_the_max_shift() {
    assert_close(
        "logsumexp([-1000, -1000])",
        logsumexp(&[-1000.0, -1000.0]),
        -999.3068528194401,
        1e-13,
        1e-13,
        "ln(sum exp(x_i)) without a shift: exp(-1000) underflows to 0 and ln 0 = -inf; compute \
         m + ln(sum exp(x_i - m)) with m = max x_i",
    );
}

#[test]
fn log_softmax_is_not_the_log_of_softmax() {
    let got = log_softmax(array![0.0, -1000.0].view());
    let got =
        got.unwrap_or_else(|e| panic!("log_softmax([0, -1000]): expected Ok, got Err({e:?})"));
    assert_all_close(
        "log_softmax([0, -1000])",
        got.as_slice().unwrap(),
        &[0.0, -1000.0],
        1e-12,
        1e-12,
        "ln(softmax(x)): softmax_1 = exp(-1000) underflows to 0 and ln 0 = -inf; compute \
         (x_i - m) - ln(sum_j exp(x_j - m)) directly",
    );
}

#[test]
fn softmax_of_plus_infinity_is_an_error_not_nan() {
    let x = array![f64::INFINITY, 0.0];
    for (name, r) in [
        ("softmax", softmax(x.view())),
        ("log_softmax", log_softmax(x.view())),
    ] {
        ensure(
            matches!(r, Err(Error::NonFinite { index: 0, .. })),
            || format!("{name}([+inf, 0]): expected Err(NonFinite {{ index: 0, .. }}), got {r:?}"),
            "returning NaN output instead of an error: with m = +inf, x_i - m is NaN; reject \
             NaN and +inf inputs first (only -inf is a valid mask)",
        );
    }
}

#[test]
fn global_norm_is_the_norm_of_all_entries_not_the_sum_of_norms() {
    let mut grads = tensors(&[&[3.0, 4.0], &[0.0, 12.0]]);
    let got = clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm: 5.0 });
    let g = got.unwrap_or_else(|e| {
        panic!("clip_gradients([[3, 4], [0, 12]], GlobalNorm 5): got Err({e:?})")
    });
    let likely = "global norm = sum of the tensors' norms (5 + 12 = 17): the global norm is the \
                  norm of all entries together, sqrt(9 + 16 + 0 + 144) = 13, and the factor is \
                  5/13";
    assert_close(
        "clip_gradients([[3, 4], [0, 12]], GlobalNorm 5): returned G",
        g,
        13.0,
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "clip_gradients([[3, 4], [0, 12]], GlobalNorm 5): tensor 0",
        grads[0].as_slice().unwrap(),
        &[15.0 / 13.0, 20.0 / 13.0],
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "clip_gradients([[3, 4], [0, 12]], GlobalNorm 5): tensor 1",
        grads[1].as_slice().unwrap(),
        &[0.0, 60.0 / 13.0],
        1e-12,
        1e-300,
        likely,
    );
}

#[test]
fn global_norm_clipping_never_scales_small_gradients_up() {
    let mut grads = tensors(&[&[0.3, 0.4]]);
    let before = bit_patterns(&grads);
    let got = clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm: 1.0 });
    let g = got
        .unwrap_or_else(|e| panic!("clip_gradients([[0.3, 0.4]], GlobalNorm 1): got Err({e:?})"));
    assert_close(
        "clip_gradients([[0.3, 0.4]], GlobalNorm 1): returned G",
        g,
        0.5,
        1e-12,
        1e-300,
        "G = sqrt(0.09 + 0.16) = 0.5",
    );
    ensure(
        bit_patterns(&grads) == before,
        || {
            format!(
                "clip_gradients([[0.3, 0.4]], GlobalNorm 1): expected [[0.3, 0.4]] unchanged, got {grads:?}"
            )
        },
        "rescaling even when G < max_norm: the factor is min(1, max_norm / G); gradients inside \
         the ball are left bitwise unchanged",
    );
}

fn check_round(x: f32, format: FloatFormat, want: f32, likely: &str) {
    assert_same_bits(
        &format!("round_to_format({x:?}, {format:?})"),
        f64::from(round_to_format(x, format)),
        f64::from(want),
        likely,
    );
}

#[test]
fn f16_rounds_to_nearest_not_by_truncation() {
    // 1 + 3·2^-12 lies 3/4 of the way from 1 to the next binary16 number 1 + 2^-10.
    check_round(
        1.000732421875,
        FloatFormat::F16,
        1.0009765625,
        "truncation instead of round-to-nearest-even: the dropped bits 0b1100.. are more than \
         half an ulp, so round up",
    );
    check_round(
        -1.000732421875,
        FloatFormat::F16,
        -1.0009765625,
        "round the magnitude, keep the sign",
    );
}

#[test]
fn f16_ties_round_to_even() {
    let likely = "round-half-up (or half-down) instead of ties-to-even: an exact half goes to the \
                  neighbour whose last kept bit is 0";
    // 1 + 2^-11 is halfway between 1 (even) and 1 + 2^-10 (odd).
    check_round(1.00048828125, FloatFormat::F16, 1.0, likely);
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    check_round(1.00146484375, FloatFormat::F16, 1.001953125, likely);
    check_round(-1.00048828125, FloatFormat::F16, -1.0, likely);
    check_round(-1.00146484375, FloatFormat::F16, -1.001953125, likely);
}

#[test]
fn f16_keeps_subnormals() {
    check_round(
        1e-7,
        FloatFormat::F16,
        1.1920928955078125e-7,
        "flush-to-zero: below 2^-14 binary16 has subnormals, multiples of 2^-24; 1e-7 is \
         1.68·2^-24 and rounds to 2·2^-24",
    );
}

#[test]
fn bf16_rounds_to_nearest_even_not_by_dropping_bits() {
    let likely = "bf16 by dropping the low 16 bits of the f32 (truncation): round the bit \
                  pattern to nearest, ties to even (add 0x7FFF plus the last kept bit, then mask)";
    // 1 + 3·2^-9: the dropped part is 3/4 of an ulp (2^-7).
    check_round(1.005859375, FloatFormat::BF16, 1.0078125, likely);
    // Ties: 1 + 2^-8 goes down to 1 (even), 1 + 3·2^-8 up to 1 + 2^-6 (even).
    check_round(1.00390625, FloatFormat::BF16, 1.0, likely);
    check_round(1.01171875, FloatFormat::BF16, 1.015625, likely);
}

#[test]
fn scaler_skips_an_overflow_step_without_touching_the_gradients() {
    let mut scaler = DynamicLossScaler::default();
    let mut grads = [1.0, f64::INFINITY];
    let outcome = scaler.step(&mut grads);
    let likely = "the scaler unscales or applies on an overflow step: check every gradient \
                  first; if any is non-finite return Skipped with the gradients untouched (and \
                  back off the scale)";
    ensure(
        outcome == StepOutcome::Skipped,
        || format!("step([1, inf]): expected Skipped, got {outcome:?}"),
        likely,
    );
    assert_same_bits("step([1, inf]): grads[0] afterwards", grads[0], 1.0, likely);
    assert_same_bits(
        "step([1, inf]): grads[1] afterwards",
        grads[1],
        f64::INFINITY,
        likely,
    );
    assert_same_bits(
        "step([1, inf]): scale afterwards",
        scaler.scale(),
        32768.0,
        likely,
    );
}
