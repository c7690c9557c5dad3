//! What every hidden test shares: the tolerance rule of the curriculum (§0.3), failure
//! messages that teach (expected, got, the likely mistake), and the property-test settings
//! (§0.5).
//!
//! Every check panics with a message in the same shape, so the grader can show the learner
//! the first line that matters:
//!
//! ```text
//! softmax([1000, 1000])[0]: expected 0.5, got NaN (rtol 1e-12, atol 1e-15).
//! Likely mistake: exp(1000) overflows; subtract max(x) before exponentiating.
//! ```

use proptest::test_runner::{Config, RngSeed, TestRng, TestRunner};

/// `|got - want| <= atol + rtol * |want|`, the `numpy.isclose` rule with `want` as the
/// reference. NaN is close to nothing; an infinity only to the same infinity.
pub fn close(got: f64, want: f64, rtol: f64, atol: f64) -> bool {
    if got.is_nan() || want.is_nan() {
        return false;
    }
    if got.is_infinite() || want.is_infinite() {
        return got == want;
    }
    (got - want).abs() <= atol + rtol * want.abs()
}

/// Bitwise equality of two floats of either width, with every NaN equal to every NaN: what
/// "exact" means in the curriculum. The sign of zero counts.
pub fn same_bits(got: f64, want: f64) -> bool {
    (got.is_nan() && want.is_nan()) || got.to_bits() == want.to_bits()
}

/// Panics unless `close(got, want, rtol, atol)`, naming what was computed and the likely
/// mistake.
#[track_caller]
pub fn assert_close(what: &str, got: f64, want: f64, rtol: f64, atol: f64, likely_mistake: &str) {
    if !close(got, want, rtol, atol) {
        panic!(
            "{what}: expected {want:?}, got {got:?} (rtol {rtol:e}, atol {atol:e}).\n\
             Likely mistake: {likely_mistake}"
        );
    }
}

/// Elementwise [`assert_close`]; a length mismatch is a failure of its own.
#[track_caller]
pub fn assert_all_close(
    what: &str,
    got: &[f64],
    want: &[f64],
    rtol: f64,
    atol: f64,
    likely_mistake: &str,
) {
    if got.len() != want.len() {
        panic!(
            "{what}: expected {} values, got {}.\nLikely mistake: {likely_mistake}",
            want.len(),
            got.len()
        );
    }
    if let Some(i) = (0..got.len()).find(|&i| !close(got[i], want[i], rtol, atol)) {
        // Long vectors are shown around the first difference only.
        let window = i.saturating_sub(3)..(i + 4).min(got.len());
        let (from, to) = (window.start, window.end);
        let elided = if got.len() > window.len() {
            format!(" (entries {from}..{to} of {})", got.len())
        } else {
            String::new()
        };
        panic!(
            "{what}: at index {i} expected {:?}, got {:?} (rtol {rtol:e}, atol {atol:e}).\n\
             expected{elided} {:?}\n     got{elided} {:?}\nLikely mistake: {likely_mistake}",
            want[i],
            got[i],
            &want[window.clone()],
            &got[window]
        );
    }
}

/// Panics unless `got` and `want` are bitwise equal (see [`same_bits`]).
#[track_caller]
pub fn assert_same_bits(what: &str, got: f64, want: f64, likely_mistake: &str) {
    if !same_bits(got, want) {
        panic!(
            "{what}: expected exactly {want:?} (bits {:#018x}), got {got:?} (bits {:#018x}).\n\
             Likely mistake: {likely_mistake}",
            want.to_bits(),
            got.to_bits()
        );
    }
}

/// Panics with the likely mistake unless `condition` holds; `what` says what was expected
/// and what came back.
#[track_caller]
pub fn ensure(condition: bool, what: impl FnOnce() -> String, likely_mistake: &str) {
    if !condition {
        panic!("{}.\nLikely mistake: {likely_mistake}", what());
    }
}

/// The curriculum's property-test settings (§0.5): 256 cases, nothing written to disk, and a
/// fixed seed, so the same code always meets the same cases and gets the same grade.
/// Use with `proptest! { #![proptest_config(grading_support::proptest_config())] ... }`.
pub fn proptest_config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x6d6c_6d61_7468),
        ..Config::default()
    }
}

/// A runner with the settings above and proptest's deterministic generator, for properties
/// with a statistical flavour (§0.5) written with `runner.run(&strategy, |x| ...)`.
pub fn deterministic_runner() -> TestRunner {
    let config = proptest_config();
    let rng = TestRng::deterministic_rng(config.rng_algorithm);
    TestRunner::new_with_rng(config, rng)
}

/// The seeds every statistical test runs on (§0.4).
pub const STATISTICAL_SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_follows_numpy_isclose() {
        assert!(close(1.0 + 1e-13, 1.0, 1e-12, 0.0));
        assert!(!close(1.0 + 1e-11, 1.0, 1e-12, 0.0));
        assert!(close(1e-16, 0.0, 0.0, 1e-15));
        assert!(!close(f64::NAN, f64::NAN, 1.0, 1.0));
        assert!(close(f64::INFINITY, f64::INFINITY, 0.0, 0.0));
        assert!(!close(f64::INFINITY, f64::NEG_INFINITY, 1.0, 1.0));
        assert!(!close(f64::MAX, f64::INFINITY, 1.0, 1.0));
    }

    #[test]
    fn same_bits_distinguishes_signed_zero_and_equates_nans() {
        assert!(same_bits(f64::NAN, -f64::NAN));
        assert!(!same_bits(0.0, -0.0));
        assert!(same_bits(-0.0, -0.0));
    }

    #[test]
    #[should_panic(
        expected = "expected (entries 7..14 of 100) [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]"
    )]
    fn long_vectors_are_shown_around_the_first_difference() {
        let want = vec![0.0; 100];
        let mut got = want.clone();
        got[10] = f64::NAN;
        let mut want = want;
        want[10] = 1.0;
        assert_all_close("v", &got, &want, 0.0, 0.0, "none");
    }

    #[test]
    #[should_panic(expected = "Likely mistake: no max shift")]
    fn failure_message_names_the_mistake() {
        assert_all_close("softmax", &[f64::NAN], &[1.0], 1e-12, 0.0, "no max shift");
    }
}
