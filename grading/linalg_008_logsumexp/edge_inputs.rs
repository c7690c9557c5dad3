//! Every row of the statement's edge-input table, then the other edge cases its contracts
//! spell out (validation order, exact error payloads, overflow-safe norms, special floats).

use crate::{bit_patterns, tensors};
use grading_support::{assert_all_close, assert_close, assert_same_bits, ensure};
use linalg_008_logsumexp::{
    ClipMode, DynamicLossScaler, Error, FloatFormat, StepOutcome, clip_gradients, log_softmax,
    logsumexp, round_to_format, softmax,
};
use ndarray::{Array1, ArrayView1};
use std::f64::consts::FRAC_1_SQRT_2;

const INF: f64 = f64::INFINITY;
const NEG_INF: f64 = f64::NEG_INFINITY;

// ---------------------------------------------------------------- logsumexp

#[test]
fn logsumexp_of_empty_is_minus_infinity() {
    assert_same_bits(
        "logsumexp([])",
        logsumexp(&[]),
        NEG_INF,
        "the empty sum is 0 and ln 0 = -inf; do not index x[0] or return NaN",
    );
}

#[test]
fn logsumexp_of_all_minus_infinity_is_minus_infinity_not_nan() {
    for x in [&[NEG_INF, NEG_INF][..], &[NEG_INF][..]] {
        assert_same_bits(
            &format!("logsumexp({x:?})"),
            logsumexp(x),
            NEG_INF,
            "with m = -inf, x_i - m = -inf - (-inf) = NaN: handle the all-masked case before \
             shifting",
        );
    }
}

#[test]
fn logsumexp_with_plus_infinity_is_plus_infinity() {
    for x in [&[INF, NEG_INF][..], &[1.0, INF, 2.0][..], &[INF, INF][..]] {
        assert_same_bits(
            &format!("logsumexp({x:?})"),
            logsumexp(x),
            INF,
            "an +inf entry makes the sum infinite; with m = +inf, x_i - m is NaN, so test for \
             +inf before shifting",
        );
    }
}

#[test]
fn logsumexp_with_nan_is_nan_even_beside_plus_infinity() {
    for x in [
        &[f64::NAN, INF][..],
        &[INF, f64::NAN][..],
        &[0.0, f64::NAN][..],
    ] {
        let got = logsumexp(x);
        ensure(
            got.is_nan(),
            || format!("logsumexp({x:?}): expected NaN, got {got:?}"),
            "the rules apply in order: any NaN gives NaN before the +inf rule; note that \
             f64::max ignores NaN, so a max-based scan alone misses it",
        );
    }
}

#[test]
fn logsumexp_of_two_minus_1000_is_minus_999_3068528194401() {
    assert_close(
        "logsumexp([-1000, -1000])",
        logsumexp(&[-1000.0, -1000.0]),
        -999.3068528194401,
        1e-13,
        1e-13,
        "exp(-1000) underflows to 0; shift by m = max x_i: -1000 + ln 2",
    );
}

// ---------------------------------------------------------------- softmax, log_softmax

fn sm(x: &[f64]) -> Result<Array1<f64>, Error> {
    softmax(ArrayView1::from(x))
}

fn lsm(x: &[f64]) -> Result<Array1<f64>, Error> {
    log_softmax(ArrayView1::from(x))
}

#[test]
fn softmax_of_a_masked_entry_is_exactly_zero() {
    let s = sm(&[0.0, NEG_INF]).unwrap_or_else(|e| panic!("softmax([0, -inf]): got Err({e:?})"));
    let l =
        lsm(&[0.0, NEG_INF]).unwrap_or_else(|e| panic!("log_softmax([0, -inf]): got Err({e:?})"));
    let likely = "a -inf entry is a masked position: exp(-inf - m) = 0 exactly; m is the max of \
                  the finite entries";
    ensure(
        s.len() == 2 && l.len() == 2,
        || "expected 2 outputs".to_string(),
        likely,
    );
    assert_same_bits("softmax([0, -inf])[0]", s[0], 1.0, likely);
    assert_same_bits("softmax([0, -inf])[1]", s[1], 0.0, likely);
    assert_close("log_softmax([0, -inf])[0]", l[0], 0.0, 1e-12, 1e-12, likely);
    assert_same_bits("log_softmax([0, -inf])[1]", l[1], NEG_INF, likely);
}

#[test]
fn softmax_of_all_masked_is_an_error() {
    for x in [&[NEG_INF, NEG_INF][..], &[NEG_INF][..]] {
        let (s, l) = (sm(x), lsm(x));
        ensure(
            matches!(s, Err(Error::AllMasked)) && matches!(l, Err(Error::AllMasked)),
            || format!("softmax / log_softmax({x:?}): expected Err(AllMasked), got {s:?} / {l:?}"),
            "when every entry is -inf there is no distribution: return Err(AllMasked), not NaN",
        );
    }
}

#[test]
fn softmax_reports_the_first_non_finite_index() {
    for (x, index) in [
        (&[1.0, f64::NAN, INF][..], 1),
        (&[0.0, 1.0, INF][..], 2),
        (&[INF, f64::NAN][..], 0),
        (&[NEG_INF, f64::NAN][..], 1),
    ] {
        for (name, r) in [("softmax", sm(x)), ("log_softmax", lsm(x))] {
            ensure(
                matches!(r, Err(Error::NonFinite { index: i, .. }) if i == index),
                || {
                    format!(
                        "{name}({x:?}): expected Err(NonFinite {{ index: {index}, .. }}), got {r:?}"
                    )
                },
                "scan in order and report the first NaN or +inf (-inf is a valid mask); the \
                 NonFinite check comes before the AllMasked check",
            );
        }
    }
}

#[test]
fn softmax_of_empty_is_an_error() {
    let (s, l) = (sm(&[]), lsm(&[]));
    ensure(
        matches!(s, Err(Error::EmptyInput)) && matches!(l, Err(Error::EmptyInput)),
        || format!("softmax / log_softmax([]): expected Err(EmptyInput), got {s:?} / {l:?}"),
        "check for an empty input first",
    );
}

#[test]
fn softmax_of_a_single_element_is_one() {
    for x in [3.5, -1e300, 1e300, 0.0, -745.5, 800.0] {
        let s = sm(&[x]).unwrap_or_else(|e| panic!("softmax([{x:e}]): got Err({e:?})"));
        let l = lsm(&[x]).unwrap_or_else(|e| panic!("log_softmax([{x:e}]): got Err({e:?})"));
        let likely = "with one entry, x - m = 0: softmax is [1] and log_softmax is [0] for any \
                      finite x, however large";
        assert_all_close(
            &format!("softmax([{x:e}])"),
            s.as_slice().unwrap(),
            &[1.0],
            1e-12,
            1e-15,
            likely,
        );
        assert_all_close(
            &format!("log_softmax([{x:e}])"),
            l.as_slice().unwrap(),
            &[0.0],
            1e-12,
            1e-12,
            likely,
        );
    }
}

// ---------------------------------------------------------------- clip_gradients

#[test]
fn clip_rejects_min_greater_than_max() {
    let mut grads = tensors(&[&[0.5, 2.0]]);
    let r = clip_gradients(&mut grads, ClipMode::Value { min: 1.0, max: 0.0 });
    ensure(
        matches!(r, Err(Error::InvalidBounds { .. })),
        || {
            format!(
                "clip_gradients(Value {{ min: 1, max: 0 }}): expected Err(InvalidBounds), got {r:?}"
            )
        },
        "min > max is an error (f64::clamp would panic)",
    );
    ensure(
        bit_patterns(&grads) == bit_patterns(&tensors(&[&[0.5, 2.0]])),
        || format!("after an error the gradients must be unmodified, got {grads:?}"),
        "validate before modifying anything",
    );
}

#[test]
fn clip_rejects_nan_bounds_and_accepts_infinite_ones() {
    for (min, max) in [(f64::NAN, 1.0), (-1.0, f64::NAN), (f64::NAN, f64::NAN)] {
        let r = clip_gradients(&mut tensors(&[&[0.5]]), ClipMode::Value { min, max });
        ensure(
            matches!(r, Err(Error::InvalidBounds { .. })),
            || {
                format!(
                    "clip_gradients(Value {{ min: {min}, max: {max} }}): expected Err(InvalidBounds), got {r:?}"
                )
            },
            "a NaN bound is invalid (every comparison with NaN is false, so min > max misses it)",
        );
    }
    let mut grads = tensors(&[&[-3.0, 0.5, 7.0]]);
    let r = clip_gradients(
        &mut grads,
        ClipMode::Value {
            min: NEG_INF,
            max: 1.0,
        },
    );
    ensure(
        matches!(r, Ok(g) if (g - 58.25_f64.sqrt()).abs() <= 1e-12 * 58.25_f64.sqrt()),
        || {
            format!(
                "clip_gradients([-3, 0.5, 7], Value {{ min: -inf, max: 1 }}): expected Ok(sqrt(58.25)), got {r:?}"
            )
        },
        "infinite bounds are allowed: a one-sided clamp",
    );
    assert_all_close(
        "clamp to [-inf, 1]",
        grads[0].as_slice().unwrap(),
        &[-3.0, 0.5, 1.0],
        0.0,
        0.0,
        "clamp each entry",
    );
}

#[test]
fn clip_rejects_invalid_max_norm() {
    for max_norm in [0.0, -1.0, f64::NAN, INF, NEG_INF] {
        for mode in [
            ClipMode::GlobalNorm { max_norm },
            ClipMode::PerTensorNorm { max_norm },
        ] {
            let r = clip_gradients(&mut tensors(&[&[3.0, 4.0]]), mode);
            ensure(
                matches!(r, Err(Error::InvalidMaxNorm { .. })),
                || format!("clip_gradients({mode:?}): expected Err(InvalidMaxNorm), got {r:?}"),
                "max_norm must be finite and > 0 (NaN fails every comparison: test with \
                 !(max_norm.is_finite() && max_norm > 0.0))",
            );
        }
    }
}

#[test]
fn clip_at_exactly_max_norm_leaves_gradients_unchanged() {
    // The norms below are exact in floating point: sqrt(9 + 16) = 5.
    for input in [
        &[&[3.0, 4.0][..]][..],
        &[&[3.0][..], &[4.0][..]][..],
        &[&[-5.0][..]][..],
    ] {
        for mode in [
            ClipMode::GlobalNorm { max_norm: 5.0 },
            ClipMode::PerTensorNorm { max_norm: 5.0 },
        ] {
            let mut grads = tensors(input);
            let before = bit_patterns(&grads);
            let g = clip_gradients(&mut grads, mode)
                .unwrap_or_else(|e| panic!("clip_gradients({input:?}, {mode:?}): got Err({e:?})"));
            assert_same_bits(
                &format!("clip_gradients({input:?}, {mode:?}): G"),
                g,
                5.0,
                "G = sqrt(9 + 16) = 5",
            );
            ensure(
                bit_patterns(&grads) == before,
                || {
                    format!(
                        "clip_gradients({input:?}, {mode:?}): expected the gradients bitwise unchanged, got {grads:?}"
                    )
                },
                "clip only when the norm is strictly greater than max_norm; a norm equal to \
                 max_norm must not be multiplied by max_norm / norm",
            );
        }
    }
}

#[test]
fn clip_reports_the_first_non_finite_gradient_and_leaves_all_unchanged() {
    let nan = f64::NAN;
    let cases: [(&[&[f64]], usize, usize); 3] = [
        (&[&[1.0, 2.0], &[3.0, nan, INF]], 1, 1),
        (&[&[1.0], &[], &[2.0, 3.0, NEG_INF]], 2, 2),
        (&[&[INF, 2.0], &[nan]], 0, 0),
    ];
    for (input, tensor, index) in cases {
        for mode in [
            ClipMode::GlobalNorm { max_norm: 1.0 },
            ClipMode::PerTensorNorm { max_norm: 1.0 },
            ClipMode::Value {
                min: -1.0,
                max: 1.0,
            },
        ] {
            let mut grads = tensors(input);
            let before = bit_patterns(&grads);
            let r = clip_gradients(&mut grads, mode);
            ensure(
                matches!(r, Err(Error::NonFiniteGradient { tensor: t, index: i }) if t == tensor && i == index),
                || {
                    format!(
                        "clip_gradients({input:?}, {mode:?}): expected Err(NonFiniteGradient {{ tensor: {tensor}, index: {index} }}), got {r:?}"
                    )
                },
                "scan tensor by tensor, entry by entry, and report the first NaN or +-inf",
            );
            ensure(
                bit_patterns(&grads) == before,
                || {
                    format!(
                        "clip_gradients({input:?}, {mode:?}) returned an error but changed the gradients to {grads:?}"
                    )
                },
                "check every entry before modifying any tensor",
            );
        }
    }
}

#[test]
fn clip_validates_the_mode_before_the_gradients() {
    let input: &[&[f64]] = &[&[f64::NAN]];
    let r = clip_gradients(&mut tensors(input), ClipMode::Value { min: 1.0, max: 0.0 });
    ensure(
        matches!(r, Err(Error::InvalidBounds { .. })),
        || {
            format!(
                "clip_gradients([[NaN]], Value {{ min: 1, max: 0 }}): expected Err(InvalidBounds), got {r:?}"
            )
        },
        "the validation order is: bounds / max_norm first, then the gradients",
    );
    let r = clip_gradients(&mut tensors(input), ClipMode::GlobalNorm { max_norm: -1.0 });
    ensure(
        matches!(r, Err(Error::InvalidMaxNorm { .. })),
        || {
            format!(
                "clip_gradients([[NaN]], GlobalNorm {{ max_norm: -1 }}): expected Err(InvalidMaxNorm), got {r:?}"
            )
        },
        "the validation order is: bounds / max_norm first, then the gradients",
    );
}

#[test]
fn clip_of_nothing_has_norm_zero() {
    for input in [
        &[][..],
        &[&[][..]][..],
        &[&[][..], &[][..]][..],
        &[&[0.0, -0.0][..]][..],
    ] {
        for mode in [
            ClipMode::GlobalNorm { max_norm: 1.0 },
            ClipMode::PerTensorNorm { max_norm: 1.0 },
            ClipMode::Value {
                min: -1.0,
                max: 1.0,
            },
        ] {
            let mut grads = tensors(input);
            let before = bit_patterns(&grads);
            let r = clip_gradients(&mut grads, mode);
            ensure(
                matches!(r, Ok(g) if g == 0.0) && bit_patterns(&grads) == before,
                || {
                    format!(
                        "clip_gradients({input:?}, {mode:?}): expected Ok(0.0) and no change, got {r:?} and {grads:?}"
                    )
                },
                "an empty list, empty tensors and all-zero gradients have norm 0 (do not divide \
                 by a zero maximum)",
            );
        }
    }
}

#[test]
fn clip_norm_does_not_overflow() {
    // The true norm is sqrt(2)·1e200, far below f64::MAX, but 1e200² overflows.
    let mut grads = tensors(&[&[1e200, 1e200]]);
    let g =
        clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm: 1.0 }).unwrap_or_else(|e| {
            panic!("clip_gradients([[1e200, 1e200]], GlobalNorm 1): got Err({e:?})")
        });
    let likely = "sum of squares overflows: scale every entry by max|g| before squaring (or \
                  accumulate hypot-style)";
    assert_close(
        "clip_gradients([[1e200, 1e200]], GlobalNorm 1): G",
        g,
        1.414213562373095e200,
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "clip_gradients([[1e200, 1e200]], GlobalNorm 1): clipped",
        grads[0].as_slice().unwrap(),
        &[FRAC_1_SQRT_2, FRAC_1_SQRT_2],
        1e-12,
        1e-300,
        likely,
    );
    // Per-tensor norms must be safe too.
    let mut grads = tensors(&[&[3e300, -4e300], &[1.0]]);
    let g =
        clip_gradients(&mut grads, ClipMode::PerTensorNorm { max_norm: 1.0 }).unwrap_or_else(|e| {
            panic!("clip_gradients([[3e300, -4e300], [1]], PerTensorNorm 1): got Err({e:?})")
        });
    assert_close(
        "clip_gradients([[3e300, -4e300], [1]], PerTensorNorm 1): G",
        g,
        5e300,
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "... tensor 0",
        grads[0].as_slice().unwrap(),
        &[0.6, -0.8],
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "... tensor 1",
        grads[1].as_slice().unwrap(),
        &[1.0],
        0.0,
        0.0,
        likely,
    );
}

#[test]
fn clip_norm_does_not_underflow() {
    // 1e-200² underflows to 0, which would give G = 0 instead of 5e-200.
    let mut grads = tensors(&[&[3e-200], &[4e-200]]);
    let before = bit_patterns(&grads);
    let g =
        clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm: 1.0 }).unwrap_or_else(|e| {
            panic!("clip_gradients([[3e-200], [4e-200]], GlobalNorm 1): got Err({e:?})")
        });
    assert_close(
        "clip_gradients([[3e-200], [4e-200]], GlobalNorm 1): G",
        g,
        5e-200,
        1e-12,
        1e-300,
        "squares of tiny entries underflow to 0: scale by max|g| before squaring",
    );
    ensure(
        bit_patterns(&grads) == before,
        || format!("expected no change, got {grads:?}"),
        "G < max_norm",
    );
    let mut grads = tensors(&[&[3e-200, 4e-200]]);
    let g =
        clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm: 1e-200 }).unwrap_or_else(|e| {
            panic!("clip_gradients([[3e-200, 4e-200]], GlobalNorm 1e-200): got Err({e:?})")
        });
    let likely = "with G computed as 0 nothing is clipped; scale by max|g| before squaring";
    assert_close(
        "clip_gradients([[3e-200, 4e-200]], GlobalNorm 1e-200): G",
        g,
        5e-200,
        1e-12,
        1e-300,
        likely,
    );
    assert_all_close(
        "... clipped",
        grads[0].as_slice().unwrap(),
        &[6e-201, 8e-201],
        1e-12,
        1e-300,
        likely,
    );
}

// ---------------------------------------------------------------- round_to_format

fn check_round(x: f32, format: FloatFormat, want: f32, likely: &str) {
    assert_same_bits(
        &format!("round_to_format({x:e}, {format:?})"),
        f64::from(round_to_format(x, format)),
        f64::from(want),
        likely,
    );
}

#[test]
fn round_keeps_the_sign_of_zero() {
    for format in [FloatFormat::F16, FloatFormat::BF16] {
        check_round(
            -0.0,
            format,
            -0.0,
            "the sign bit is kept: -0.0 rounds to -0.0",
        );
        check_round(0.0, format, 0.0, "+0.0 rounds to +0.0");
        check_round(
            -1e-45,
            format,
            -0.0,
            "a negative number that underflows becomes -0.0",
        );
    }
}

#[test]
fn round_f16_overflows_at_65520() {
    let likely = "binary16 max is 65504 and its ulp is 32: values >= 65504 + 16 = 65520 round to \
                  infinity (the tie goes up because 65504 has an odd mantissa)";
    check_round(65519.0, FloatFormat::F16, 65504.0, likely);
    check_round(65520.0, FloatFormat::F16, f32::INFINITY, likely);
    check_round(1e5, FloatFormat::F16, f32::INFINITY, likely);
    check_round(-65519.0, FloatFormat::F16, -65504.0, likely);
    check_round(-65520.0, FloatFormat::F16, f32::NEG_INFINITY, likely);
    check_round(f32::MAX, FloatFormat::F16, f32::INFINITY, likely);
}

#[test]
fn round_f16_underflow_and_subnormals() {
    let likely = "binary16 subnormals are multiples of 2^-24: round |x| / 2^-24 to the nearest \
                  integer, ties to even (2^-25 is a tie between 0 and 2^-24 and goes to 0)";
    check_round(2f32.powi(-25), FloatFormat::F16, 0.0, likely);
    check_round(
        3.0 * 2f32.powi(-26),
        FloatFormat::F16,
        2f32.powi(-24),
        likely,
    );
    check_round(1e-7, FloatFormat::F16, 1.1920928955078125e-7, likely);
    check_round(-2f32.powi(-25), FloatFormat::F16, -0.0, likely);
    check_round(f32::from_bits(1), FloatFormat::F16, 0.0, likely);
    check_round(-1e-30, FloatFormat::F16, -0.0, likely);
}

#[test]
fn round_bf16_of_f32_max_is_infinity() {
    let likely = "bfloat16 max is 0x7F7F = 3.3895313892515355e38; f32::MAX is above max + half \
                  an ulp, so it rounds to infinity";
    check_round(f32::MAX, FloatFormat::BF16, f32::INFINITY, likely);
    check_round(-f32::MAX, FloatFormat::BF16, f32::NEG_INFINITY, likely);
    check_round(
        3.3895313892515355e38,
        FloatFormat::BF16,
        3.3895313892515355e38,
        likely,
    );
}

#[test]
fn round_keeps_nan_and_infinities() {
    for format in [FloatFormat::F16, FloatFormat::BF16] {
        for x in [
            f32::NAN,
            -f32::NAN,
            f32::from_bits(0x7F80_0001),
            f32::from_bits(0xFFFF_FFFF),
        ] {
            let got = round_to_format(x, format);
            ensure(
                got.is_nan(),
                || {
                    format!(
                        "round_to_format(NaN with bits {:#010x}, {format:?}): expected NaN, got {got:e}",
                        x.to_bits()
                    )
                },
                "handle NaN before rounding the bit pattern: adding a rounding increment to a \
                 NaN payload can turn it into infinity",
            );
        }
        check_round(
            f32::INFINITY,
            format,
            f32::INFINITY,
            "infinity is its own rounding",
        );
        check_round(
            f32::NEG_INFINITY,
            format,
            f32::NEG_INFINITY,
            "infinity is its own rounding",
        );
    }
}

// ---------------------------------------------------------------- DynamicLossScaler::step

#[test]
fn scaler_skips_a_step_with_an_infinite_gradient() {
    let mut scaler = DynamicLossScaler::default();
    let mut grads = [1.0, INF];
    let outcome = scaler.step(&mut grads);
    let likely = "on any non-finite entry: leave the gradients alone, scale *= backoff_factor, \
                  tracker = 0, return Skipped";
    ensure(
        outcome == StepOutcome::Skipped,
        || format!("step([1, inf]): expected Skipped, got {outcome:?}"),
        likely,
    );
    assert_same_bits("step([1, inf]): grads[0] afterwards", grads[0], 1.0, likely);
    assert_same_bits("step([1, inf]): grads[1] afterwards", grads[1], INF, likely);
    assert_same_bits(
        "step([1, inf]): scale afterwards",
        scaler.scale(),
        32768.0,
        likely,
    );
    ensure(
        scaler.growth_tracker() == 0,
        || format!("expected tracker 0, got {}", scaler.growth_tracker()),
        likely,
    );
}

#[test]
fn scaler_skips_on_nan_and_resets_the_tracker() {
    let mut scaler = DynamicLossScaler::new(1024.0, 2.0, 0.5, 10).unwrap();
    for _ in 0..3 {
        scaler.step(&mut [2.0, 4.0]);
    }
    ensure(
        scaler.growth_tracker() == 3,
        || {
            format!(
                "after 3 clean steps: expected tracker 3, got {}",
                scaler.growth_tracker()
            )
        },
        "tracker += 1 on every clean step",
    );
    let mut grads = [f64::NAN, 4.0];
    let outcome = scaler.step(&mut grads);
    ensure(
        outcome == StepOutcome::Skipped
            && scaler.growth_tracker() == 0
            && scaler.scale() == 512.0
            && grads[1] == 4.0,
        || {
            format!(
                "step([NaN, 4]): expected Skipped, tracker 0, scale 512, grads untouched; got {outcome:?}, tracker {}, scale {}, grads {grads:?}",
                scaler.growth_tracker(),
                scaler.scale()
            )
        },
        "NaN counts as an overflow too: test !g.is_finite(), not g.is_infinite()",
    );
}

#[test]
fn scaler_treats_an_empty_step_as_clean() {
    let mut scaler = DynamicLossScaler::new(8.0, 2.0, 0.5, 2).unwrap();
    let first = scaler.step(&mut []);
    let second = scaler.step(&mut []);
    ensure(
        first == StepOutcome::Applied
            && second == StepOutcome::Applied
            && scaler.scale() == 16.0
            && scaler.growth_tracker() == 0,
        || {
            format!(
                "two empty steps with interval 2: expected Applied twice, scale 16, tracker 0; got {first:?}, {second:?}, scale {}, tracker {}",
                scaler.scale(),
                scaler.growth_tracker()
            )
        },
        "an empty slice has no non-finite entry: it is a clean step",
    );
}

#[test]
fn scaler_growth_stops_below_f32_max() {
    // 2^127 · 2 = 2^128 > f32::MAX: torch's f32 scale would become inf, so it is not taken.
    let top = 2f64.powi(127);
    let mut scaler = DynamicLossScaler::new(top, 2.0, 0.5, 1).unwrap();
    let mut grads = [top, -2.0 * top];
    let outcome = scaler.step(&mut grads);
    ensure(
        outcome == StepOutcome::Applied
            && grads == [1.0, -2.0]
            && scaler.scale() == top
            && scaler.growth_tracker() == 0,
        || {
            format!(
                "step at scale 2^127, interval 1: expected Applied, grads [1, -2], scale 2^127, tracker 0; got {outcome:?}, grads {grads:?}, scale {:e}, tracker {}",
                scaler.scale(),
                scaler.growth_tracker()
            )
        },
        "grow only if scale * growth_factor <= f32::MAX, and reset the tracker either way",
    );
    let mut scaler = DynamicLossScaler::new(1.5 * 2f64.powi(126), 1.5, 0.5, 1).unwrap();
    scaler.step(&mut [1.0]);
    assert_same_bits(
        "scale 1.5·2^126 with growth 1.5: scale after a clean step (2.25·2^126 <= f32::MAX)",
        scaler.scale(),
        2.25 * 2f64.powi(126),
        "the cap is f32::MAX = (2 - 2^-23)·2^127, not 2^127",
    );
}

#[test]
fn scaler_unscales_with_the_scale_before_the_update() {
    let mut scaler = DynamicLossScaler::new(4.0, 2.0, 0.5, 1).unwrap();
    let mut grads = [8.0, -2.0, 0.5];
    let outcome = scaler.step(&mut grads);
    ensure(
        outcome == StepOutcome::Applied && grads == [2.0, -0.5, 0.125] && scaler.scale() == 8.0,
        || {
            format!(
                "step([8, -2, 0.5]) at scale 4, interval 1: expected Applied, grads [2, -0.5, 0.125], scale 8; got {outcome:?}, grads {grads:?}, scale {}",
                scaler.scale()
            )
        },
        "unscale first with the current scale, then grow it",
    );
}
