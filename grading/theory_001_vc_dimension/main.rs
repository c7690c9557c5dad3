//! Hidden tests of `theory_001_vc_dimension`, compiled against the learner's crate (or the
//! reference solution): golden values from exact integer and rational arithmetic (Python's
//! `math.comb`, `fractions`, mpmath), every edge input of the statement, its properties, and
//! one test per classic mistake. Nothing here is random, so there is no statistical module.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/theory_001_vc_dimension/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/theory_001_vc_dimension/golden.rs");
}

use ndarray::Array2;
use theory_001_vc_dimension::{
    HypothesisClass, PacSetting, count_dichotomies, empirical_rademacher, pac_sample_complexity,
    rademacher_generalization_bound, vc_generalization_bound,
};

/// Tolerances of the statement.
const SAUER_RTOL: f64 = 1e-12; // n <= 10^4
const SAUER_RTOL_LARGE_N: f64 = 1e-10; // n > 10^4
const BOUND_RTOL: f64 = 1e-12;
const RAD_RTOL: f64 = 1e-12; // n <= 12
const RAD_RTOL_LARGE_N: f64 = 1e-9; // n > 12: a sum of 2^n terms
const RAD_ATOL: f64 = 1e-15;

/// The statement's tolerance for `log_sauer_shelah(_, n)`.
fn sauer_rtol(n: u64) -> f64 {
    if n <= 10_000 {
        SAUER_RTOL
    } else {
        SAUER_RTOL_LARGE_N
    }
}

const ALL_CLASSES: [HypothesisClass; 3] = [
    HypothesisClass::Thresholds1D,
    HypothesisClass::Intervals1D,
    HypothesisClass::AxisAlignedRectangles2D,
];

const ALL_SETTINGS: [PacSetting; 3] = [
    PacSetting::Realizable,
    PacSetting::UniformConvergence,
    PacSetting::Agnostic,
];

/// n points on the line as an (n, 1) matrix.
fn line(x: &[f64]) -> Array2<f64> {
    Array2::from_shape_vec((x.len(), 1), x.to_vec()).expect("an (n, 1) shape")
}

/// n points in the plane as an (n, 2) matrix.
fn plane(p: &[[f64; 2]]) -> Array2<f64> {
    Array2::from_shape_vec((p.len(), 2), p.iter().flatten().copied().collect())
        .expect("an (n, 2) shape")
}

/// A k × n matrix from its rows.
fn matrix(rows: &[&[f64]]) -> Array2<f64> {
    let n = rows.first().map_or(0, |r| r.len());
    Array2::from_shape_vec(
        (rows.len(), n),
        rows.iter().flat_map(|r| r.iter().copied()).collect(),
    )
    .expect("rows of equal length")
}

/// `count_dichotomies` that must succeed; an error is a failure that names the call.
#[track_caller]
fn count(points: &Array2<f64>, class: HypothesisClass) -> u64 {
    count_dichotomies(points.view(), class).unwrap_or_else(|e| {
        panic!(
            "count_dichotomies({:?} points of shape {:?}, {class:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (finite coordinates, the right number of \
             columns, at most 20 points)",
            points.as_slice().unwrap_or(&[]),
            points.dim()
        )
    })
}

/// `count_dichotomies` on points of the line for a 1-D class.
#[track_caller]
fn count_line(x: &[f64], class: HypothesisClass) -> u64 {
    count(&line(x), class)
}

/// `empirical_rademacher` that must succeed.
#[track_caller]
fn rademacher(h: &Array2<f64>) -> f64 {
    empirical_rademacher(h.view()).unwrap_or_else(|e| {
        panic!(
            "empirical_rademacher({h:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (finite entries, k >= 1, 1 <= n <= 20, \
             k 2^n <= 2^28)"
        )
    })
}

/// `vc_generalization_bound` that must succeed.
#[track_caller]
fn vc(train_error: f64, d: u64, n: u64, delta: f64) -> f64 {
    vc_generalization_bound(train_error, d, n, delta).unwrap_or_else(|e| {
        panic!(
            "vc_generalization_bound({train_error}, {d}, {n}, {delta}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (R_emp in [0, 1], 1 <= d <= n, delta in (0, 1))"
        )
    })
}

/// `pac_sample_complexity` that must succeed.
#[track_caller]
fn pac(ln_h: f64, epsilon: f64, delta: f64, setting: PacSetting) -> u64 {
    pac_sample_complexity(ln_h, epsilon, delta, setting).unwrap_or_else(|e| {
        panic!(
            "pac_sample_complexity({ln_h}, {epsilon}, {delta}, {setting:?}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (ln|H| finite and >= 0, epsilon and delta \
             in (0, 1), result <= 2^53)"
        )
    })
}

/// `rademacher_generalization_bound` that must succeed.
#[track_caller]
fn rad_bound(train_loss: f64, rad: f64, n: u64, delta: f64) -> f64 {
    rademacher_generalization_bound(train_loss, rad, n, delta).unwrap_or_else(|e| {
        panic!(
            "rademacher_generalization_bound({train_loss}, {rad}, {n}, {delta}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (loss in [0, 1], Rademacher finite and \
             >= 0, n >= 1, delta in (0, 1))"
        )
    })
}

/// The fixture's spelling of a setting.
fn setting_named(name: &str) -> PacSetting {
    match name {
        "Realizable" => PacSetting::Realizable,
        "UniformConvergence" => PacSetting::UniformConvergence,
        "Agnostic" => PacSetting::Agnostic,
        other => panic!("unknown setting {other:?} in the fixture"),
    }
}

/// Σ_{i <= min(d, n)} C(n, i) in exact integers (small n only: the tests' own arithmetic).
fn sauer_sum(d: u64, n: u64) -> u128 {
    let mut c: u128 = 1;
    let mut s: u128 = 1;
    for i in 1..=d.min(n) {
        c = c * u128::from(n - i + 1) / u128::from(i);
        s += c;
    }
    s
}
