//! Hidden tests of `calc_006_matrix_derivatives`, compiled against the learner's crate (or the
//! reference solution): golden values from JAX autodiff and numpy, every edge input of the
//! statement, its properties, and one test per classic mistake.
//!
//! The task has no randomness, so there is no statistical module.
//!
//! The finite-difference tolerances follow from the step and the test function (see the
//! header of `fixtures/calc_006_matrix_derivatives/generate.py`): every fixture's error bound
//! for any O(h²) central-difference formula is at most half the tolerance used here.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/calc_006_matrix_derivatives/generate.py`.
#[allow(
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal,
    clippy::type_complexity,
    dead_code
)]
mod fixtures {
    include!("../../fixtures/calc_006_matrix_derivatives/golden.rs");
}

use calc_006_matrix_derivatives::{CriticalPoint, MatrixFn};
use fixtures::Mat;
use grading_support::{assert_close, ensure};
use ndarray::{Array1, Array2, ArrayView1, array};

// ---------------------------------------------------------------- matrices

/// An owned matrix from a fixture.
fn mat(m: Mat) -> Array2<f64> {
    Array2::from_shape_vec((m.rows, m.cols), m.data.to_vec()).expect("fixture shape")
}

/// Checks the shape, then every entry at `close(got, want; rtol, atol)`.
#[track_caller]
fn assert_matrix_close(
    what: &str,
    got: &Array2<f64>,
    want: &Array2<f64>,
    rtol: f64,
    atol: f64,
    likely: &str,
) {
    ensure(
        got.dim() == want.dim(),
        || {
            format!(
                "{what}: expected shape {:?}, got shape {:?}",
                want.dim(),
                got.dim()
            )
        },
        likely,
    );
    for ((i, j), &w) in want.indexed_iter() {
        if !grading_support::close(got[[i, j]], w, rtol, atol) {
            assert_close(
                &format!("{what}: entry ({i}, {j})\n  expected {want:?}\n  got      {got:?}\n ",),
                got[[i, j]],
                w,
                rtol,
                atol,
                likely,
            );
        }
    }
}

/// Checks the length, then every entry at `close(got, want; rtol, atol)`.
#[track_caller]
fn assert_vector_close(
    what: &str,
    got: &Array1<f64>,
    want: &[f64],
    rtol: f64,
    atol: f64,
    likely: &str,
) {
    let got = got.to_vec();
    grading_support::assert_all_close(what, &got, want, rtol, atol, likely);
}

/// Bitwise symmetry: H[i][j] and H[j][i] have the same bits.
fn first_asymmetry(h: &Array2<f64>) -> Option<(usize, usize)> {
    let n = h.nrows();
    (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .find(|&(i, j)| h[[i, j]].to_bits() != h[[j, i]].to_bits())
}

// ---------------------------------------------------------------- test functions

/// ln Σ exp(x_i), with the max shift.
fn lse(x: ArrayView1<f64>) -> f64 {
    let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    m + x.iter().map(|&v| (v - m).exp()).sum::<f64>().ln()
}

const TANH_W: [[f64; 4]; 3] = [
    [0.5, -1.0, 0.25, 2.0],
    [1.5, 0.3, -0.7, 0.0],
    [-0.2, 0.8, 1.1, -0.6],
];
const TANH_B: [f64; 3] = [0.1, -0.3, 0.05];

/// The vector functions of the JACOBIAN fixtures (the same formulas as generate.py).
fn jacobian_function(name: &str) -> fn(ArrayView1<f64>) -> Array1<f64> {
    match name {
        "polar" => |x| array![x[0] * x[1].cos(), x[0] * x[1].sin()],
        "spherical" => |x| {
            array![
                x[0] * x[1].sin() * x[2].cos(),
                x[0] * x[1].sin() * x[2].sin(),
                x[0] * x[1].cos()
            ]
        },
        "softmax3" => |x| {
            let m = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e = x.mapv(|v| (v - m).exp());
            let s = e.sum();
            e / s
        },
        "tanh_layer" => |x| {
            Array1::from_shape_fn(3, |i| {
                let z: f64 = (0..4).map(|j| TANH_W[i][j] * x[j]).sum::<f64>() + TANH_B[i];
                z.tanh()
            })
        },
        "r2_to_r3" => |x| array![x[0] * x[0], x[0] * x[1], x[1].sin()],
        "scalar_to_r2" => |x| array![x[0].powi(3) / 10.0, (x[0] / 5.0).exp()],
        "logsumexp_to_r1" => |x| array![lse(x)],
        "mixed_r3_to_r2" => |x| {
            array![
                x[0] * x[1] * x[2],
                (0.3 * x[0]).exp() + x[2] * x[2] * x[1].sin()
            ]
        },
        "rational" => |x| {
            array![
                x[0] / (1.0 + x[1] * x[1]),
                (1.0 + x[0] * x[0] + x[1] * x[1]).ln()
            ]
        },
        other => panic!("unknown Jacobian test function {other}"),
    }
}

/// Q of `quadratic_4d`; deliberately not symmetric.
const QUAD_Q: [[f64; 4]; 4] = [
    [4.0, 1.0, -2.0, 0.5],
    [3.0, 5.0, 1.0, -1.0],
    [0.0, -1.0, 6.0, 2.0],
    [1.5, 0.0, 1.0, 3.0],
];
const QUAD_C: [f64; 4] = [1.0, -2.0, 0.5, 3.0];

fn cubic6_a(i: usize) -> f64 {
    (i + 1) as f64 / 6.0 * if i.is_multiple_of(2) { 1.0 } else { -1.0 }
}

fn cubic6_b(i: usize, j: usize) -> f64 {
    0.1 * (i + 2 * j) as f64 - 0.5
}

const LOGISTIC_A: [[f64; 3]; 4] = [
    [1.0, -0.5, 2.0],
    [0.3, 1.2, -1.0],
    [-1.5, 0.4, 0.7],
    [0.8, -2.0, -0.3],
];
const LOGISTIC_Y: [f64; 4] = [1.0, -1.0, 1.0, -1.0];

/// The scalar functions of the HESSIAN_POLY and HESSIAN_SMOOTH fixtures.
fn scalar_function(name: &str) -> fn(ArrayView1<f64>) -> f64 {
    match name {
        "cubic_2d" => |x| x[0].powi(3) - 3.0 * x[0] * x[1] * x[1] + 2.0 * x[0] * x[1] + x[1] * x[1],
        "quadratic_4d" => |x| {
            let mut total = 0.0;
            for i in 0..4 {
                for j in 0..4 {
                    total += 0.5 * x[i] * QUAD_Q[i][j] * x[j];
                }
                total += QUAD_C[i] * x[i];
            }
            total
        },
        "cubic_3d" => {
            |x| x[0] * x[1] * x[2] + x[0].powi(3) / 3.0 - x[1] * x[1] * x[2] + 2.0 * x[2] * x[2]
        }
        "cubic_1d" => |x| 2.0 * x[0].powi(3) - x[0] * x[0] + 5.0,
        "cubic_6d" => |x| {
            let mut total = 0.0;
            for i in 0..6 {
                total += cubic6_a(i) * x[i].powi(3);
            }
            for i in 0..6 {
                for j in (i + 1)..6 {
                    total += cubic6_b(i, j) * x[i] * x[j];
                }
            }
            total
        },
        "logsumexp_3" => lse,
        "exp_sin" => |x| (0.5 * x[0]).exp() * x[1].sin() + (x[0] * x[2]).cos(),
        "rosenbrock" => |x| 100.0 * (x[1] - x[0] * x[0]).powi(2) + (1.0 - x[0]).powi(2),
        "logistic_loss" => |x| {
            let mut total = 0.0;
            for k in 0..4 {
                let z = -LOGISTIC_Y[k] * (0..3).map(|j| LOGISTIC_A[k][j] * x[j]).sum::<f64>();
                // ln(1 + e^z) without overflow
                total += z.max(0.0) + (-z.abs()).exp().ln_1p();
            }
            total + 0.05 * x.dot(&x)
        },
        other => panic!("unknown scalar test function {other}"),
    }
}

/// Hand-written gradients of the HVP fixtures' functions.
fn gradient_function(name: &str) -> fn(ArrayView1<f64>) -> Array1<f64> {
    match name {
        "quadratic_4d" => |x| {
            Array1::from_shape_fn(4, |i| {
                (0..4)
                    .map(|j| 0.5 * (QUAD_Q[i][j] + QUAD_Q[j][i]) * x[j])
                    .sum::<f64>()
                    + QUAD_C[i]
            })
        },
        "cubic_3d" => |x| {
            array![
                x[1] * x[2] + x[0] * x[0],
                x[0] * x[2] - 2.0 * x[1] * x[2],
                x[0] * x[1] - x[1] * x[1] + 4.0 * x[2]
            ]
        },
        "cubic_2d" => |x| {
            array![
                3.0 * x[0] * x[0] - 3.0 * x[1] * x[1] + 2.0 * x[1],
                -6.0 * x[0] * x[1] + 2.0 * x[0] + 2.0 * x[1]
            ]
        },
        "cubic_6d" => |x| {
            Array1::from_shape_fn(6, |i| {
                let mut g = 3.0 * cubic6_a(i) * x[i] * x[i];
                for j in 0..6 {
                    if j != i {
                        g += cubic6_b(i.min(j), i.max(j)) * x[j];
                    }
                }
                g
            })
        },
        other => panic!("unknown gradient test function {other}"),
    }
}

// ---------------------------------------------------------------- matrix functions, classes

/// The `MatrixFn` of a MATRIX_FN fixture row.
fn matrix_fn(kind: &str, p1: Mat, p2: Mat) -> MatrixFn {
    match kind {
        "TraceAXB" => MatrixFn::TraceAXB {
            a: mat(p1),
            b: mat(p2),
        },
        "QuadraticForm" => MatrixFn::QuadraticForm { a: mat(p1) },
        "LeastSquares" => MatrixFn::LeastSquares {
            a: mat(p1),
            b: mat(p2),
        },
        "SoftmaxCrossEntropy" => MatrixFn::SoftmaxCrossEntropy { targets: mat(p1) },
        other => panic!("unknown MatrixFn kind {other}"),
    }
}

fn critical_point(name: &str) -> CriticalPoint {
    match name {
        "NotCritical" => CriticalPoint::NotCritical,
        "LocalMin" => CriticalPoint::LocalMin,
        "LocalMax" => CriticalPoint::LocalMax,
        "Saddle" => CriticalPoint::Saddle,
        "Degenerate" => CriticalPoint::Degenerate,
        other => panic!("unknown class {other}"),
    }
}

/// The statement's rule from eigenvalues: what a classification must return.
const CLASSIFY_RULE: &str = "pos = #{λ > tol}, neg = #{λ < −tol}, zero = the rest; Saddle if \
                             pos > 0 and neg > 0, else Degenerate if zero > 0, else LocalMin if \
                             neg = 0, else LocalMax (after NotCritical when ‖grad‖_∞ > tol)";
