//! Visible examples: `cargo test -p theory_001_vc_dimension`.
//!
//! The error messages are provided code, so that test passes from the start; every other test
//! fails with "not yet implemented" until you write the function it calls. The hidden tests
//! check much more: golden values from exact arithmetic, every edge case of the statement,
//! properties, and the classic mistakes.

use ndarray::{Array2, array};
use theory_001_vc_dimension::{
    Error, HypothesisClass, PacSetting, count_dichotomies, empirical_rademacher, log_sauer_shelah,
    pac_sample_complexity, rademacher_generalization_bound, vc_generalization_bound,
};

fn assert_close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs() + 1e-15,
        "{what}: expected {want:?}, got {got:?}"
    );
}

// ---------------------------------------------------------------- provided code

#[test]
fn error_messages_name_the_problem() {
    let e = Error::SampleSmallerThanVcDim { n: 3, d: 5 };
    assert_eq!(
        e.to_string(),
        "the sample size n = 3 is smaller than the VC dimension d = 5"
    );
    let e = Error::DimensionMismatch {
        expected_cols: 2,
        got: 1,
    };
    assert_eq!(
        e.to_string(),
        "this hypothesis class needs 2 column(s) per point, got 1"
    );
}

// ---------------------------------------------------------------- your code

#[test]
fn sauer_shelah_for_d_3_and_10_points() {
    // C(10,0) + C(10,1) + C(10,2) + C(10,3) = 1 + 10 + 45 + 120 = 176.
    assert_close(
        "log_sauer_shelah(3, 10)",
        log_sauer_shelah(3, 10),
        176.0_f64.ln(),
    );
    // n <= d: every labeling is allowed, 2^3.
    assert_close(
        "log_sauer_shelah(5, 3)",
        log_sauer_shelah(5, 3),
        3.0 * 2.0_f64.ln(),
    );
}

#[test]
fn intervals_on_three_points_and_with_a_duplicate() {
    let three = array![[1.0], [2.0], [3.0]];
    assert_eq!(
        count_dichotomies(three.view(), HypothesisClass::Intervals1D),
        Ok(7)
    );
    // The two copies of 0 always share a label.
    let dup = array![[0.0], [0.0], [1.0]];
    assert_eq!(
        count_dichotomies(dup.view(), HypothesisClass::Intervals1D),
        Ok(4)
    );
    assert_eq!(
        count_dichotomies(three.view(), HypothesisClass::Thresholds1D),
        Ok(4)
    );
}

#[test]
fn rectangles_shatter_the_diamond() {
    let diamond = array![[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, 0.0]];
    assert_eq!(
        count_dichotomies(diamond.view(), HypothesisClass::AxisAlignedRectangles2D),
        Ok(16)
    );
    let r = count_dichotomies(
        Array2::zeros((3, 1)).view(),
        HypothesisClass::AxisAlignedRectangles2D,
    );
    assert!(
        matches!(r, Err(Error::DimensionMismatch { .. })),
        "got {r:?}"
    );
}

#[test]
fn vc_bound_for_d_10_and_10000_examples() {
    // 0.05 + sqrt((10 (ln 2000 + 1) + ln 80) / 10000)
    let b = vc_generalization_bound(0.05, 10, 10_000, 0.05).unwrap();
    assert_close("vc_generalization_bound", b, 0.14507420850582703);
    let r = vc_generalization_bound(0.05, 10, 9, 0.05);
    assert!(
        matches!(r, Err(Error::SampleSmallerThanVcDim { .. })),
        "got {r:?}"
    );
}

#[test]
fn sample_complexities_for_a_million_hypotheses() {
    let ln_h = 1e6_f64.ln();
    let m = |s| pac_sample_complexity(ln_h, 0.1, 0.05, s);
    assert_eq!(m(PacSetting::Realizable), Ok(169));
    assert_eq!(m(PacSetting::UniformConvergence), Ok(876));
    assert_eq!(m(PacSetting::Agnostic), Ok(3501));
}

#[test]
fn rademacher_of_small_classes() {
    let one = array![[1.0, 1.0]];
    assert_close(
        "R([[1, 1]])",
        empirical_rademacher(one.view()).unwrap(),
        0.0,
    );
    let two = array![[1.0, 1.0], [-1.0, -1.0]];
    assert_close(
        "R([[1, 1], [-1, -1]])",
        empirical_rademacher(two.view()).unwrap(),
        0.5,
    );
    let b = rademacher_generalization_bound(0.1, 0.05, 1000, 0.05).unwrap();
    assert_close("rademacher bound", b, 0.32884082250402125);
}
