//! The statement's properties: proptest with the curriculum's fixed-seed configuration and
//! bounded strategies, the exhaustive fixed-point checks of all 65,536 binary16 and bfloat16
//! patterns, and agreement with the `half` crate on over a million random f32 patterns.

use crate::{bit_patterns, flatten, format_parameters};
use grading_support::{assert_same_bits, close, proptest_config, same_bits};
use linalg_008_logsumexp::{
    ClipMode, DynamicLossScaler, FloatFormat, StepOutcome, clip_gradients, log_softmax, logsumexp,
    round_to_format, softmax,
};
use ndarray::{Array1, ArrayView1};
use proptest::collection::vec;
use proptest::prelude::*;

// ---------------------------------------------------------------- strategies

/// 1 to 50 logits in [-1000, 1000].
fn logits() -> impl Strategy<Value = Vec<f64>> {
    vec(-1e3..1e3f64, 1..=50)
}

/// 1 to 50 logits in [-1000, 1000], about a quarter of them masked with -inf, at least one
/// left finite.
fn masked_logits() -> impl Strategy<Value = Vec<f64>> {
    vec((-1e3..1e3f64, prop::bool::weighted(0.25)), 1..=50).prop_map(|v| {
        let mut x: Vec<f64> = v
            .iter()
            .map(|&(x, m)| if m { f64::NEG_INFINITY } else { x })
            .collect();
        if x.iter().all(|&v| v == f64::NEG_INFINITY) {
            x[0] = v[0].0;
        }
        x
    })
}

/// 0 to 5 tensors of 0 to 20 entries in [-10, 10].
fn gradient_lists() -> impl Strategy<Value = Vec<Vec<f64>>> {
    vec(vec(-10.0..10.0f64, 0..20), 0..6)
}

/// Any non-NaN f32, with extra weight on the ranges where binary16 and bfloat16 round.
fn any_ordered_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<u32>().prop_map(f32::from_bits),
        -70000.0f32..70000.0f32,
        -1e-3f32..1e-3f32,
        -1e-6f32..1e-6f32,
    ]
    .prop_filter("NaN has no order", |x| !x.is_nan())
}

fn formats() -> impl Strategy<Value = FloatFormat> {
    prop_oneof![Just(FloatFormat::F16), Just(FloatFormat::BF16)]
}

fn owned(ts: &[Vec<f64>]) -> Vec<Array1<f64>> {
    ts.iter().map(|t| Array1::from(t.clone())).collect()
}

/// The plain Euclidean norm: fine for the bounded entries of these strategies.
fn plain_norm(values: &[f64]) -> f64 {
    values.iter().map(|v| v * v).sum::<f64>().sqrt()
}

fn sm(x: &[f64]) -> Vec<f64> {
    softmax(ArrayView1::from(x))
        .expect("softmax of a valid input")
        .to_vec()
}

fn lsm(x: &[f64]) -> Vec<f64> {
    log_softmax(ArrayView1::from(x))
        .expect("log_softmax of a valid input")
        .to_vec()
}

/// The weight of the last bit that `format` keeps at the magnitude of the finite `x`.
fn target_ulp(x: f32, format: FloatFormat) -> f64 {
    let p = format_parameters(format);
    let biased = ((x.to_bits() >> 23) & 0xFF) as i32;
    let exponent = if biased == 0 { -127 } else { biased - 127 }; // f32 subnormals: below -126
    2f64.powi(exponent.max(p.min_exponent) - p.fraction_bits)
}

// ---------------------------------------------------------------- proptest properties

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn logsumexp_shifts_with_its_input(x in logits(), c in -1e3..1e3f64) {
        let shifted: Vec<f64> = x.iter().map(|v| v + c).collect();
        let (got, want) = (logsumexp(&shifted), logsumexp(&x) + c);
        prop_assert!(
            close(got, want, 1e-12, 1e-12),
            "lse(x + c) = {got:?} but lse(x) + c = {want:?} (c = {c}).\nLikely mistake: \
             without the max shift exp(x_i) over- or underflows"
        );
    }

    #[test]
    fn logsumexp_lies_between_max_and_max_plus_ln_n(x in masked_logits()) {
        let got = logsumexp(&x);
        let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let upper = m + (x.len() as f64).ln();
        prop_assert!(
            m <= got + 1e-12 && got <= upper + 1e-12,
            "lse(x) = {got:?} is outside [max x, max x + ln n] = [{m:?}, {upper:?}].\n\
             Likely mistake: the sum of exp(x_i - m) lies in [1, n]; check the shift and the log"
        );
    }

    #[test]
    fn logsumexp_is_permutation_invariant(
        (x, y) in logits().prop_flat_map(|x| (Just(x.clone()), Just(x).prop_shuffle()))
    ) {
        let (a, b) = (logsumexp(&x), logsumexp(&y));
        prop_assert!(
            close(b, a, 1e-14, 1e-15),
            "lse of a permutation changed from {a:?} to {b:?}.\nLikely mistake: the max or \
             the sum depends on the position of the entries"
        );
    }

    #[test]
    fn logsumexp_ignores_a_minus_infinity_entry(x in masked_logits()) {
        let mut extended = x.clone();
        extended.push(f64::NEG_INFINITY);
        let (a, b) = (logsumexp(&x), logsumexp(&extended));
        prop_assert!(
            close(b, a, 1e-14, 1e-15),
            "lse(x ++ [-inf]) = {b:?} but lse(x) = {a:?}.\nLikely mistake: a -inf entry must \
             contribute exp(-inf) = 0 to the sum"
        );
    }

    #[test]
    fn softmax_is_a_probability_vector(x in masked_logits()) {
        let s = sm(&x);
        let total: f64 = s.iter().sum();
        prop_assert!(s.len() == x.len(), "softmax returned {} entries for {}", s.len(), x.len());
        prop_assert!(
            s.iter().all(|&p| (0.0..=1.0).contains(&p)) && (total - 1.0).abs() <= 1e-12,
            "softmax({x:?}) = {s:?} sums to {total:?} or leaves [0, 1].\nLikely mistake: \
             divide exp(x_i - m) by the sum of all of them; masked entries are 0"
        );
    }

    #[test]
    fn softmax_is_shift_invariant(x in masked_logits(), c in -1e3..1e3f64) {
        let shifted: Vec<f64> = x.iter().map(|v| v + c).collect();
        let (a, b) = (sm(&x), sm(&shifted));
        for (i, (&p, &q)) in a.iter().zip(&b).enumerate() {
            prop_assert!(
                close(q, p, 0.0, 1e-12),
                "softmax(x + {c})[{i}] = {q:?} but softmax(x)[{i}] = {p:?}.\nLikely mistake: \
                 without the max shift exp over- or underflows for large |x|"
            );
        }
    }

    #[test]
    fn softmax_preserves_order(x in masked_logits()) {
        let s = sm(&x);
        for i in 0..x.len() {
            for j in 0..x.len() {
                prop_assert!(
                    x[i] >= x[j] || s[i] <= s[j],
                    "x[{i}] = {} < x[{j}] = {} but softmax gives {} > {}.\nLikely mistake: \
                     the same shift and the same denominator must be used for every entry",
                    x[i], x[j], s[i], s[j]
                );
            }
        }
    }

    #[test]
    fn exp_of_log_softmax_is_softmax(x in masked_logits()) {
        let (s, l) = (sm(&x), lsm(&x));
        for (i, (&p, &lp)) in s.iter().zip(&l).enumerate() {
            prop_assert!(
                close(lp.exp(), p, 0.0, 1e-12),
                "exp(log_softmax(x)[{i}]) = {:?} but softmax(x)[{i}] = {p:?}.\nLikely mistake: \
                 log_softmax_i = (x_i - m) - ln(sum_j exp(x_j - m))", lp.exp()
            );
        }
    }

    #[test]
    fn log_softmax_is_never_positive(x in masked_logits()) {
        let l = lsm(&x);
        prop_assert!(
            l.iter().all(|&v| v <= 0.0),
            "log_softmax({x:?}) = {l:?} has a positive entry.\nLikely mistake: subtract \
             ln(sum_j exp(x_j - m)), which is >= 0, from x_i - m, which is <= 0"
        );
    }

    #[test]
    fn log_softmax_is_x_minus_logsumexp(x in masked_logits()) {
        let (l, lse) = (lsm(&x), logsumexp(&x));
        for (i, (&got, &xi)) in l.iter().zip(&x).enumerate() {
            prop_assert!(
                close(got, xi - lse, 1e-12, 1e-12),
                "log_softmax(x)[{i}] = {got:?} but x_i - lse(x) = {:?}.\nLikely mistake: \
                 log_softmax_i = (x_i - m) - ln(sum_j exp(x_j - m))", xi - lse
            );
        }
    }

    #[test]
    fn clipping_returns_the_global_norm_before_clipping(
        ts in gradient_lists(),
        max_norm in 0.01..50.0f64,
        bound in 0.0..5.0f64,
        which in 0..3usize,
    ) {
        let mode = [
            ClipMode::GlobalNorm { max_norm },
            ClipMode::PerTensorNorm { max_norm },
            ClipMode::Value { min: -bound, max: bound },
        ][which];
        let mut grads = owned(&ts);
        let want = plain_norm(&flatten(&grads));
        let g = clip_gradients(&mut grads, mode);
        prop_assert!(
            matches!(g, Ok(g) if close(g, want, 1e-12, 1e-300)),
            "clip_gradients({ts:?}, {mode:?}) returned {g:?}, expected Ok({want:?}).\nLikely \
             mistake: return sqrt of the sum of squares of all entries, computed before clipping"
        );
    }

    #[test]
    fn global_norm_clipping_bounds_the_norm_and_keeps_the_direction(
        ts in gradient_lists(), max_norm in 0.01..50.0f64
    ) {
        let mut grads = owned(&ts);
        let before = flatten(&grads);
        clip_gradients(&mut grads, ClipMode::GlobalNorm { max_norm }).expect("valid input");
        let after = flatten(&grads);
        let (n0, n1) = (plain_norm(&before), plain_norm(&after));
        prop_assert!(
            n1 <= max_norm * (1.0 + 1e-12),
            "after GlobalNorm {{ max_norm: {max_norm} }} the global norm is {n1:?}.\nLikely \
             mistake: scale every tensor by max_norm / G with G the global norm"
        );
        if n0 > 0.0 {
            let cos = before.iter().zip(&after).map(|(a, b)| a * b).sum::<f64>() / (n0 * n1);
            prop_assert!(
                cos >= 1.0 - 1e-12,
                "GlobalNorm clipping turned the gradient: cosine {cos:?}.\nLikely mistake: \
                 every tensor must be scaled by the same factor"
            );
        }
    }

    #[test]
    fn global_norm_clipping_is_idempotent(ts in gradient_lists(), max_norm in 0.01..50.0f64) {
        let mut once = owned(&ts);
        clip_gradients(&mut once, ClipMode::GlobalNorm { max_norm }).expect("valid input");
        let mut twice = once.clone();
        clip_gradients(&mut twice, ClipMode::GlobalNorm { max_norm }).expect("valid input");
        let (a, b) = (flatten(&once), flatten(&twice));
        for (i, (&p, &q)) in a.iter().zip(&b).enumerate() {
            prop_assert!(
                close(q, p, 1e-15, 1e-300),
                "clipping twice changed entry {i} from {p:?} to {q:?}.\nLikely mistake: after \
                 one clip the norm is max_norm, so a second clip must (nearly) do nothing"
            );
        }
    }

    #[test]
    fn clipping_below_the_threshold_changes_nothing(ts in gradient_lists(), per_tensor: bool) {
        let mut grads = owned(&ts);
        let before = bit_patterns(&grads);
        // A threshold just above the largest norm involved, so no tensor is clipped.
        let max_norm = plain_norm(&flatten(&grads)) * (1.0 + 1e-9) + 1e-3;
        let mode = if per_tensor {
            ClipMode::PerTensorNorm { max_norm }
        } else {
            ClipMode::GlobalNorm { max_norm }
        };
        clip_gradients(&mut grads, mode).expect("valid input");
        prop_assert!(
            bit_patterns(&grads) == before,
            "{mode:?} changed gradients whose norm is below max_norm.\nLikely mistake: rescale \
             only when the norm is greater than max_norm (min(1, max_norm / G))"
        );
    }

    #[test]
    fn per_tensor_clipping_bounds_each_tensor_norm(
        ts in gradient_lists(), max_norm in 0.01..50.0f64
    ) {
        let mut grads = owned(&ts);
        clip_gradients(&mut grads, ClipMode::PerTensorNorm { max_norm }).expect("valid input");
        for (t, (after, before)) in grads.iter().zip(&ts).enumerate() {
            let (n1, n0) = (plain_norm(after.as_slice().unwrap()), plain_norm(before));
            prop_assert!(
                n1 <= max_norm * (1.0 + 1e-12) && (n0 > max_norm || n1 == n0),
                "PerTensorNorm {{ max_norm: {max_norm} }}: tensor {t} had norm {n0:?}, now \
                 {n1:?}.\nLikely mistake: each tensor is scaled by max_norm / its own norm, \
                 and only if that norm exceeds max_norm"
            );
        }
    }

    #[test]
    fn value_clipping_stays_in_bounds(ts in gradient_lists(), a in -5.0..5.0f64, b in -5.0..5.0f64) {
        let (min, max) = (a.min(b), a.max(b));
        let mut grads = owned(&ts);
        clip_gradients(&mut grads, ClipMode::Value { min, max }).expect("valid input");
        for (after, before) in flatten(&grads).iter().zip(ts.iter().flatten()) {
            prop_assert!(
                *after == before.clamp(min, max),
                "Value {{ min: {min}, max: {max} }} turned {before} into {after}.\nLikely \
                 mistake: each entry becomes clamp(g, min, max)"
            );
        }
    }

    #[test]
    fn rounding_is_idempotent(x in any_ordered_f32(), format in formats()) {
        let r = round_to_format(x, format);
        let rr = round_to_format(r, format);
        prop_assert!(
            rr.to_bits() == r.to_bits(),
            "round({x:e}, {format:?}) = {r:e} but rounding that again gives {rr:e}.\nLikely \
             mistake: the result must be a value of the target format, which rounds to itself"
        );
    }

    #[test]
    fn rounding_is_monotone(a in any_ordered_f32(), b in any_ordered_f32(), format in formats()) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let (rl, rh) = (round_to_format(lo, format), round_to_format(hi, format));
        prop_assert!(
            rl <= rh,
            "{lo:e} <= {hi:e} but they round ({format:?}) to {rl:e} > {rh:e}.\nLikely mistake: \
             a carry out of the fraction must increment the exponent"
        );
    }

    #[test]
    fn rounding_is_odd(x in any_ordered_f32(), format in formats()) {
        let (r, rn) = (round_to_format(x, format), round_to_format(-x, format));
        prop_assert!(
            rn.to_bits() == (-r).to_bits(),
            "round({:e}) = {rn:e} but -round({x:e}) = {:e} ({format:?}).\nLikely mistake: round \
             the magnitude and keep the sign bit; ties go to even, not up", -x, -r
        );
    }

    #[test]
    fn rounding_is_within_half_an_ulp_and_overflows_at_the_threshold(
        x in any_ordered_f32(), format in formats()
    ) {
        prop_assume!(x.is_finite());
        let p = format_parameters(format);
        let r = round_to_format(x, format);
        let threshold = p.max_finite + 2f64.powi(p.max_exponent - p.fraction_bits) / 2.0;
        let overflows = f64::from(x).abs() >= threshold;
        prop_assert!(
            r.is_infinite() == overflows,
            "round({x:e}, {format:?}) = {r:e}, but |x| {} the overflow threshold {threshold:e}.\n\
             Likely mistake: overflow to infinity exactly from max + half an ulp of max",
            if overflows { "reaches" } else { "is below" }
        );
        if !overflows {
            let error = (f64::from(r) - f64::from(x)).abs();
            let half_ulp = target_ulp(x, format) / 2.0;
            prop_assert!(
                error <= half_ulp,
                "round({x:e}, {format:?}) = {r:e} is {error:e} away, more than half an ulp \
                 ({half_ulp:e}).\nLikely mistake: truncating instead of rounding to nearest, or \
                 flushing subnormals to zero"
            );
        }
    }

    #[test]
    fn scaler_scale_stays_a_power_of_two(
        flags in vec(any::<bool>(), 0..300), interval in 1..=20u32
    ) {
        let mut scaler = DynamicLossScaler::new(65536.0, 2.0, 0.5, interval).unwrap();
        for (i, &overflow) in flags.iter().enumerate() {
            let mut grads = if overflow { vec![1.0, f64::INFINITY] } else { vec![3.0, -1.5] };
            scaler.step(&mut grads);
            let s = scaler.scale();
            prop_assert!(
                s.is_normal() && s > 0.0 && s.to_bits() & ((1u64 << 52) - 1) == 0,
                "after step {i} the scale is {s:e}, not a power of two.\nLikely mistake: only \
                 ever multiply the scale by growth_factor (2) or backoff_factor (0.5)"
            );
        }
    }

    #[test]
    fn k_overflows_in_a_row_give_2_to_the_16_minus_k(k in 0..=60i32, interval in 1..=100u32) {
        let mut scaler = DynamicLossScaler::new(65536.0, 2.0, 0.5, interval).unwrap();
        for _ in 0..k {
            let outcome = scaler.step(&mut [f64::NAN, 1.0]);
            prop_assert!(outcome == StepOutcome::Skipped, "an overflow step returned {outcome:?}");
        }
        let want = 2f64.powi(16 - k);
        prop_assert!(
            scaler.scale().to_bits() == want.to_bits() && scaler.growth_tracker() == 0,
            "after {k} overflow steps: scale {:e}, tracker {}; expected 2^(16-{k}) = {want:e}, \
             tracker 0.\nLikely mistake: each overflow multiplies the scale by backoff_factor",
            scaler.scale(), scaler.growth_tracker()
        );
    }

    #[test]
    fn growth_interval_clean_steps_double_the_scale(interval in 1..=64u32) {
        let mut scaler = DynamicLossScaler::new(65536.0, 2.0, 0.5, interval).unwrap();
        for i in 1..interval {
            scaler.step(&mut [1.0]);
            prop_assert!(
                scaler.scale() == 65536.0 && scaler.growth_tracker() == i,
                "interval {interval}, after {i} clean steps: scale {:e}, tracker {}; expected \
                 65536 and {i}.\nLikely mistake: grow only when the tracker reaches the interval",
                scaler.scale(), scaler.growth_tracker()
            );
        }
        scaler.step(&mut [1.0]);
        prop_assert!(
            scaler.scale() == 131072.0 && scaler.growth_tracker() == 0,
            "interval {interval}, after {interval} clean steps: scale {:e}, tracker {}; \
             expected 131072 and 0.\nLikely mistake: when tracker == growth_interval, scale *= \
             growth_factor and tracker = 0", scaler.scale(), scaler.growth_tracker()
        );
    }

    #[test]
    fn applied_steps_divide_by_the_scale_exactly(
        backoffs in 0..40i32, grads in vec(-1e6..1e6f64, 0..30)
    ) {
        let mut scaler = DynamicLossScaler::new(65536.0, 2.0, 0.5, 1000).unwrap();
        for _ in 0..backoffs {
            scaler.step(&mut [f64::INFINITY]);
        }
        let scale = scaler.scale();
        let mut got = grads.clone();
        let outcome = scaler.step(&mut got);
        prop_assert!(outcome == StepOutcome::Applied, "a clean step returned {outcome:?}");
        for (i, (&g, &u)) in grads.iter().zip(&got).enumerate() {
            prop_assert!(
                u.to_bits() == (g / scale).to_bits(),
                "grad {i}: {g:e} at scale {scale:e} became {u:e}, expected {:e}.\nLikely mistake: \
                 unscale with the scale from before the update", g / scale
            );
        }
    }

    #[test]
    fn scaler_follows_the_update_rule(
        flags in vec(any::<bool>(), 0..200),
        interval in 1..=10u32,
        log2_init in -20..60i32,
        quadruple in any::<bool>(),
    ) {
        let (growth, backoff) = if quadruple { (4.0, 0.25) } else { (2.0, 0.5) };
        let init = 2f64.powi(log2_init);
        let mut scaler = DynamicLossScaler::new(init, growth, backoff, interval).unwrap();
        let (mut scale, mut tracker) = (init, 0u32);
        for (i, &overflow) in flags.iter().enumerate() {
            let outcome = scaler.step(&mut if overflow { vec![f64::NAN] } else { vec![0.25] });
            let want = if overflow {
                scale *= backoff;
                tracker = 0;
                StepOutcome::Skipped
            } else {
                tracker += 1;
                if tracker == interval {
                    if scale * growth <= f64::from(f32::MAX) {
                        scale *= growth;
                    }
                    tracker = 0;
                }
                StepOutcome::Applied
            };
            prop_assert!(
                outcome == want && scaler.scale() == scale && scaler.growth_tracker() == tracker,
                "step {i} (overflow = {overflow}, interval {interval}, factors {growth}/{backoff}): \
                 expected {want:?}, scale {scale:e}, tracker {tracker}; got {outcome:?}, scale \
                 {:e}, tracker {}.\nLikely mistake: see the update rule of DynamicLossScaler::step",
                scaler.scale(), scaler.growth_tracker()
            );
        }
    }
}

// ---------------------------------------------------------------- exhaustive and oracle checks

#[test]
fn every_f16_value_is_a_fixed_point() {
    for bits in 0..=u16::MAX {
        let x = half::f16::from_bits(bits).to_f32();
        let got = round_to_format(x, FloatFormat::F16);
        if x.is_nan() || same_bits(f64::from(got), f64::from(x)) {
            continue;
        }
        assert_same_bits(
            &format!("round_to_format({x:e}, F16) for the binary16 pattern {bits:#06x}"),
            f64::from(got),
            f64::from(x),
            "a value that binary16 represents (normal or subnormal, either sign) must round to \
             itself",
        );
    }
}

#[test]
fn every_bf16_value_is_a_fixed_point() {
    for bits in 0..=u16::MAX {
        let x = f32::from_bits(u32::from(bits) << 16);
        let got = round_to_format(x, FloatFormat::BF16);
        if x.is_nan() || same_bits(f64::from(got), f64::from(x)) {
            continue;
        }
        assert_same_bits(
            &format!("round_to_format({x:e}, BF16) for the bfloat16 pattern {bits:#06x}"),
            f64::from(got),
            f64::from(x),
            "a value that bfloat16 represents (normal or subnormal, either sign) must round to \
             itself",
        );
    }
}

/// The splitmix64 generator: a fixed, well-mixed stream of test inputs.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 2^20 draws, two f32 patterns each: one uniform over all 2^32 patterns, one uniform over
/// the binades `exponents` (biased) with a random sign and fraction.
fn oracle_check(format: FloatFormat, exponents: std::ops::RangeInclusive<u32>, seed: u64) {
    let oracle = |x: f32| match format {
        FloatFormat::F16 => half::f16::from_f32(x).to_f32(),
        FloatFormat::BF16 => half::bf16::from_f32(x).to_f32(),
    };
    let span = u64::from(exponents.end() - exponents.start() + 1);
    let mut state = seed;
    for _ in 0..1 << 20 {
        let u = splitmix64(&mut state);
        let targeted = (((u >> 32) & 1) as u32) << 31
            | (exponents.start() + ((u >> 33) % span) as u32) << 23
            | ((u >> 41) as u32 & 0x007F_FFFF);
        for bits in [u as u32, targeted] {
            let x = f32::from_bits(bits);
            let (got, want) = (round_to_format(x, format), oracle(x));
            if same_bits(f64::from(got), f64::from(want)) {
                continue; // the message below is only built for a failure
            }
            assert_same_bits(
                &format!("round_to_format({x:e}, {format:?}) (f32 bits {bits:#010x})"),
                f64::from(got),
                f64::from(want),
                "round to nearest, ties to even, once, on the exact f32 value; keep subnormals; \
                 overflow to infinity; NaN stays NaN",
            );
        }
    }
}

#[test]
fn f16_agrees_with_the_half_crate_on_random_f32_patterns() {
    // Biased f32 exponents 100..=143: from below 2^-25 (rounds to 0) to above 65520 (to inf).
    oracle_check(FloatFormat::F16, 100..=143, 0x6631_3620);
}

#[test]
fn bf16_agrees_with_the_half_crate_on_random_f32_patterns() {
    // The whole exponent range but NaN / inf: bfloat16 keeps the f32 range.
    oracle_check(FloatFormat::BF16, 0..=254, 0x6266_3136);
}
