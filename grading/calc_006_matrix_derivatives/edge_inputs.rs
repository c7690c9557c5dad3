//! Every row of the statement's edge-input table, then the other edge cases its contracts
//! spell out: validation order, the evaluation order of the Jacobian, error payloads that
//! the statement fixes (indices, `what`, `NotSymmetric`), zero-sized shapes and strided
//! views.

use crate::{assert_matrix_close, assert_vector_close, first_asymmetry};
use calc_006_matrix_derivatives::{
    CriticalPoint, Error, MatrixFn, classify_critical_point, hessian_vector_product, matmul_vjp,
    matrix_fn_value_and_grad, numerical_hessian, numerical_jacobian,
};
use grading_support::{assert_close, ensure};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, array};

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

fn sum_squares(x: ArrayView1<f64>) -> f64 {
    x.iter().map(|v| v * v).sum()
}

fn identity_map(x: ArrayView1<f64>) -> Array1<f64> {
    x.to_owned()
}

// ---------------------------------------------------------------- empty x, m = 0, n = 1

#[test]
fn empty_x_is_an_error_for_all_three_finite_difference_functions() {
    let x = Array1::<f64>::zeros(0);
    let j = numerical_jacobian(identity_map, x.view(), 1e-6);
    let h = numerical_hessian(sum_squares, x.view(), 1e-3);
    let v = hessian_vector_product(identity_map, x.view(), x.view(), 1e-5);
    ensure(
        matches!(j, Err(Error::EmptyInput))
            && matches!(h, Err(Error::EmptyInput))
            && matches!(v, Err(Error::EmptyInput)),
        || {
            format!(
                "x = []: expected Err(EmptyInput) from numerical_jacobian, numerical_hessian and \
                 hessian_vector_product; got {j:?}, {h:?}, {v:?}"
            )
        },
        "check x.len() == 0 first, before the step and before calling f",
    );
}

#[test]
fn empty_x_is_reported_before_an_invalid_step() {
    let x = Array1::<f64>::zeros(0);
    let j = numerical_jacobian(identity_map, x.view(), -1.0);
    let h = numerical_hessian(sum_squares, x.view(), NAN);
    let v = hessian_vector_product(identity_map, x.view(), x.view(), 0.0);
    ensure(
        matches!(j, Err(Error::EmptyInput))
            && matches!(h, Err(Error::EmptyInput))
            && matches!(v, Err(Error::EmptyInput)),
        || format!("x = [] with an invalid h: expected Err(EmptyInput), got {j:?}, {h:?}, {v:?}"),
        "the validation order is EmptyInput, NonFiniteInput, (DimensionMismatch,) InvalidStep",
    );
}

#[test]
fn a_function_with_no_outputs_gives_a_0_by_n_jacobian() {
    let got = numerical_jacobian(|_| Array1::zeros(0), array![1.0, 2.0, 3.0].view(), 1e-6);
    ensure(
        matches!(&got, Ok(j) if j.dim() == (0, 3)),
        || format!("f: R^3 -> R^0: expected Ok with shape (0, 3), got {got:?}"),
        "m = 0 is allowed: the Jacobian is m x n = 0 x 3, not an error and not 3 x 0",
    );
}

#[test]
fn n_equal_1_gives_a_1_by_1_jacobian_and_hessian() {
    // f(x) = x^3 at x = 2: f' = 12 and f'' = 12. Central differences are exact for cubics
    // up to rounding (h^2/6 f''' = 1e-12 for the first derivative at h = 1e-6).
    let x = array![2.0];
    let j = numerical_jacobian(|x| array![x[0].powi(3)], x.view(), 1e-6)
        .unwrap_or_else(|e| panic!("numerical_jacobian(x^3, [2]): got Err({e:?})"));
    assert_matrix_close(
        "numerical_jacobian([x^3], x = [2], h = 1e-6)",
        &j,
        &array![[12.0]],
        1e-6,
        1e-6,
        "a scalar function of one variable has a 1 x 1 Jacobian [f'(x)]",
    );
    let h = numerical_hessian(|x| x[0].powi(3), x.view(), 1e-3)
        .unwrap_or_else(|e| panic!("numerical_hessian(x^3, [2]): got Err({e:?})"));
    assert_matrix_close(
        "numerical_hessian(x^3, x = [2], h = 1e-3)",
        &h,
        &array![[12.0]],
        1e-6,
        1e-6,
        "H_00 = (f(x+h) - 2 f(x) + f(x-h)) / h^2",
    );
}

#[test]
fn classify_works_for_1_by_1_hessians() {
    for (lambda, want) in [
        (3.0, CriticalPoint::LocalMin),
        (-0.5, CriticalPoint::LocalMax),
        (0.0, CriticalPoint::Degenerate),
        (1e-9, CriticalPoint::Degenerate),
    ] {
        let got = classify_critical_point(array![0.0].view(), array![[lambda]].view(), 1e-6);
        ensure(
            matches!(got, Ok(c) if c == want),
            || {
                format!(
                    "classify([0], [[{lambda:e}]], tol 1e-6): expected Ok({want:?}), got {got:?}"
                )
            },
            "a 1 x 1 Hessian is its own eigenvalue; |λ| <= tol is Degenerate",
        );
    }
}

// ---------------------------------------------------------------- non-finite inputs

#[test]
fn non_finite_x_is_reported_with_its_index() {
    for (x, index) in [
        (array![1.0, NAN, 3.0], 1),
        (array![INF, 2.0, NAN], 0),
        (array![0.0, 1.0, -INF], 2),
    ] {
        let j = numerical_jacobian(identity_map, x.view(), 1e-6);
        let h = numerical_hessian(sum_squares, x.view(), 1e-3);
        let v = hessian_vector_product(identity_map, x.view(), array![1.0, 1.0, 1.0].view(), 1e-5);
        ensure(
            matches!(j, Err(Error::NonFiniteInput { index: i }) if i == index)
                && matches!(h, Err(Error::NonFiniteInput { index: i }) if i == index)
                && matches!(v, Err(Error::NonFiniteInput { index: i }) if i == index),
            || {
                format!(
                    "x = {x:?}: expected Err(NonFiniteInput {{ index: {index} }}) from all three; \
                     got {j:?}, {h:?}, {v:?}"
                )
            },
            "scan x in order and report the first NaN or infinity before calling f",
        );
    }
}

#[test]
fn non_finite_x_is_reported_before_an_invalid_step() {
    let x = array![1.0, NAN];
    let j = numerical_jacobian(identity_map, x.view(), 0.0);
    let h = numerical_hessian(sum_squares, x.view(), -1.0);
    ensure(
        matches!(j, Err(Error::NonFiniteInput { index: 1 }))
            && matches!(h, Err(Error::NonFiniteInput { index: 1 })),
        || {
            format!(
                "x = [1, NaN], invalid h: expected Err(NonFiniteInput {{ index: 1 }}), got {j:?}, {h:?}"
            )
        },
        "the validation order is EmptyInput, NonFiniteInput, InvalidStep",
    );
}

#[test]
fn hvp_reports_non_finite_v_with_the_index_offset_by_n() {
    let x = array![1.0, 2.0, 3.0];
    for (v, index) in [
        (array![0.0, NAN, 1.0], 4),
        (array![INF, 0.0, 0.0], 3),
        // v of the wrong length: NonFiniteInput comes before DimensionMismatch.
        (array![0.0, 0.0, 0.0, NAN], 6),
    ] {
        let got = hessian_vector_product(identity_map, x.view(), v.view(), 1e-5);
        ensure(
            matches!(got, Err(Error::NonFiniteInput { index: i }) if i == index),
            || {
                format!(
                    "hvp(x = {x:?}, v = {v:?}): expected Err(NonFiniteInput {{ index: {index} }}), got {got:?}"
                )
            },
            "check x first (index i), then v (index n + i), before the length of v",
        );
    }
    let got = hessian_vector_product(
        identity_map,
        array![1.0, NAN].view(),
        array![NAN, 0.0].view(),
        1e-5,
    );
    ensure(
        matches!(got, Err(Error::NonFiniteInput { index: 1 })),
        || {
            format!(
                "hvp(x = [1, NaN], v = [NaN, 0]): expected Err(NonFiniteInput {{ index: 1 }}), got {got:?}"
            )
        },
        "x is checked before v",
    );
}

// ---------------------------------------------------------------- non-finite outputs

#[test]
fn a_nan_value_of_f_at_a_shifted_point_is_an_error() {
    let x = array![1.0, 2.0];
    // NaN only at x + h e_1: f is fine at x itself.
    let f = |z: ArrayView1<f64>| {
        if z[1] > 2.0 {
            array![NAN, 0.0]
        } else {
            array![z[0], z[1]]
        }
    };
    let got = numerical_jacobian(f, x.view(), 1e-3);
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "numerical_jacobian with f(x + h e_1) = NaN: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "check every evaluation of f, not only the one at x",
    );
    let g = |z: ArrayView1<f64>| if z[0] < 1.0 { NAN } else { z[0] * z[1] };
    let got = numerical_hessian(g, x.view(), 1e-3);
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "numerical_hessian with f(x - h e_0) = NaN: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "check every evaluation of f, not only the one at x",
    );
    let g = |z: ArrayView1<f64>| {
        if z[0] > 1.0 && z[1] < 2.0 {
            INF
        } else {
            z[0] * z[1]
        }
    };
    let got = numerical_hessian(g, x.view(), 1e-3);
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "numerical_hessian with f(x + h e_0 - h e_1) = inf: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "the mixed-partial evaluations must be checked too",
    );
}

#[test]
fn a_non_finite_value_at_the_centre_is_an_error() {
    let got = numerical_jacobian(|z| array![z[0], INF], array![0.5].view(), 1e-3);
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "numerical_jacobian with f(x) = [0.5, inf]: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "f(x) itself is the first evaluation and is checked like the others",
    );
}

#[test]
fn jacobian_output_length_must_not_change() {
    let x = array![1.0, 2.0];
    let f = |z: ArrayView1<f64>| {
        if z[0] < 1.0 {
            Array1::zeros(3)
        } else {
            array![z[0], z[1]]
        }
    };
    let got = numerical_jacobian(f, x.view(), 1e-3);
    ensure(
        matches!(
            got,
            Err(Error::OutputLengthChanged {
                expected: 2,
                got: 3
            })
        ),
        || {
            format!(
                "f returns 2 values at x and 3 at x - h e_0: expected Err(OutputLengthChanged {{ expected: 2, got: 3 }}), got {got:?}"
            )
        },
        "m is the length of f(x); every other evaluation must have that length",
    );
}

#[test]
fn jacobian_errors_follow_the_evaluation_order() {
    // Order: x, x + h e_0, x - h e_0, x + h e_1, x - h e_1, ...; the first bad one decides.
    let x = array![1.0, 2.0];
    // NaN at x - h e_0 (3rd evaluation), wrong length at x + h e_1 (4th).
    let f = |z: ArrayView1<f64>| {
        if z[0] < 1.0 {
            array![NAN, 0.0]
        } else if z[1] > 2.0 {
            Array1::zeros(5)
        } else {
            array![z[0], z[1]]
        }
    };
    let got = numerical_jacobian(f, x.view(), 1e-3);
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "NaN at x - h e_0, wrong length at x + h e_1: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "evaluate x, then x + h e_0, x - h e_0, x + h e_1, x - h e_1, ... and stop at the first \
         bad evaluation",
    );
    // Wrong length at x + h e_1 (4th), NaN at x - h e_1 (5th).
    let f = |z: ArrayView1<f64>| {
        if z[1] > 2.0 {
            Array1::zeros(1)
        } else if z[1] < 2.0 {
            array![NAN, 0.0]
        } else {
            array![z[0], z[1]]
        }
    };
    let got = numerical_jacobian(f, x.view(), 1e-3);
    ensure(
        matches!(
            got,
            Err(Error::OutputLengthChanged {
                expected: 2,
                got: 1
            })
        ),
        || {
            format!(
                "wrong length at x + h e_1, NaN at x - h e_1: expected Err(OutputLengthChanged {{ expected: 2, got: 1 }}), got {got:?}"
            )
        },
        "evaluate x, then x + h e_0, x - h e_0, x + h e_1, x - h e_1, ... and stop at the first \
         bad evaluation",
    );
}

// ---------------------------------------------------------------- invalid steps

#[test]
fn zero_negative_and_non_finite_steps_are_rejected() {
    let x = array![1.0, 2.0];
    for h in [0.0, -0.0, -1e-3, NAN, INF, -INF] {
        let j = numerical_jacobian(identity_map, x.view(), h);
        let hs = numerical_hessian(sum_squares, x.view(), h);
        let v = hessian_vector_product(identity_map, x.view(), array![1.0, 0.0].view(), h);
        ensure(
            matches!(j, Err(Error::InvalidStep { .. }))
                && matches!(hs, Err(Error::InvalidStep { .. }))
                && matches!(v, Err(Error::InvalidStep { .. })),
            || {
                format!(
                    "h = {h:?}: expected Err(InvalidStep) from all three, got {j:?}, {hs:?}, {v:?}"
                )
            },
            "h must be finite and > 0: test !(h.is_finite() && h > 0.0), which also catches NaN",
        );
    }
}

// ---------------------------------------------------------------- Hessian-vector products

#[test]
fn hvp_checks_the_length_of_v_before_the_step() {
    let x = array![1.0, 2.0, 3.0];
    for h in [1e-5, 0.0] {
        let got = hessian_vector_product(identity_map, x.view(), array![1.0, 0.0].view(), h);
        ensure(
            matches!(got, Err(Error::DimensionMismatch { what: "v", .. })),
            || {
                format!(
                    "hvp with n = 3, v of length 2, h = {h:e}: expected Err(DimensionMismatch {{ what: \"v\", .. }}), got {got:?}"
                )
            },
            "v must have the length of x; this is checked after the non-finite checks and \
             before the step",
        );
    }
}

#[test]
fn hvp_checks_the_gradient_it_is_given() {
    let x = array![1.0, 2.0];
    let v = array![0.5, -1.0];
    let got = hessian_vector_product(|z| array![z[0], z[1], 0.0], x.view(), v.view(), 1e-5);
    ensure(
        matches!(got, Err(Error::DimensionMismatch { what: "grad", .. })),
        || {
            format!(
                "hvp with a gradient of length 3 for n = 2: expected Err(DimensionMismatch {{ what: \"grad\", .. }}), got {got:?}"
            )
        },
        "a gradient of f: R^n -> R has n entries; check the length of every evaluation",
    );
    let got = hessian_vector_product(
        |z| {
            if z[1] < 2.0 {
                array![z[0], INF]
            } else {
                z.to_owned()
            }
        },
        x.view(),
        v.view(),
        1e-5,
    );
    ensure(
        matches!(got, Err(Error::NonFiniteOutput)),
        || {
            format!(
                "hvp with an infinite gradient at x + h v: expected Err(NonFiniteOutput), got {got:?}"
            )
        },
        "check that every gradient evaluation is finite",
    );
}

#[test]
fn hvp_with_v_zero_is_exactly_zero() {
    let got = hessian_vector_product(
        |z| array![3.0 * z[0] * z[0] + z[1].sin(), z[0] * z[1].cos()],
        array![0.7, -1.3].view(),
        array![0.0, 0.0].view(),
        1e-5,
    )
    .unwrap_or_else(|e| panic!("hvp with v = 0: expected Ok, got Err({e:?})"));
    ensure(
        got.len() == 2 && got.iter().all(|&g| g == 0.0),
        || format!("hvp with v = [0, 0]: expected exactly [0, 0], got {got:?}"),
        "use v as given: x + h·0 = x - h·0 = x, so the difference is exactly 0 (do not \
         normalise v, which divides by ||v|| = 0)",
    );
}

// ---------------------------------------------------------------- matmul_vjp

#[test]
fn matmul_vjp_rejects_mismatched_shapes() {
    let x = Array2::<f64>::ones((2, 3));
    let cases: [(Array2<f64>, Array2<f64>, &str); 4] = [
        (Array2::ones((4, 2)), Array2::ones((2, 2)), "w"),
        (Array2::ones((3, 2)), Array2::ones((3, 2)), "grad_out"),
        (Array2::ones((3, 2)), Array2::ones((2, 3)), "grad_out"),
        // Both wrong: w is checked first.
        (Array2::ones((2, 2)), Array2::ones((5, 5)), "w"),
    ];
    for (w, g, what) in cases {
        let got = matmul_vjp(x.view(), w.view(), g.view());
        ensure(
            matches!(&got, Err(Error::DimensionMismatch { what: wh, .. }) if *wh == what),
            || {
                format!(
                    "matmul_vjp(X {:?}, W {:?}, G {:?}): expected Err(DimensionMismatch {{ what: \"{what}\", .. }}), got {got:?}",
                    x.dim(),
                    w.dim(),
                    g.dim()
                )
            },
            "X is b x n, W must be n x m (what = \"w\") and G must be b x m (what = \"grad_out\")",
        );
    }
}

#[test]
fn matmul_vjp_reports_the_index_into_the_first_offending_array() {
    let x = array![[1.0, 2.0], [3.0, 4.0]];
    let w = array![[1.0, 0.0, 2.0], [NAN, 1.0, 1.0]];
    let g = array![[1.0, INF, 0.0], [0.0, 1.0, 1.0]];
    let got = matmul_vjp(x.view(), w.view(), g.view());
    ensure(
        matches!(got, Err(Error::NonFiniteInput { index: 3 })),
        || {
            format!(
                "matmul_vjp with W[1][0] = NaN and G[0][1] = inf: expected Err(NonFiniteInput {{ index: 3 }}), got {got:?}"
            )
        },
        "check X, then W, then G; the index is into the first offending array, flattened \
         row-major (W[1][0] of a 2 x 3 W is 3), without an offset",
    );
    let got = matmul_vjp(x.view(), w.view(), array![[1.0, 2.0], [3.0, 4.0]].view());
    ensure(
        matches!(
            got,
            Err(Error::DimensionMismatch {
                what: "grad_out",
                ..
            })
        ),
        || {
            format!(
                "matmul_vjp with a NaN in W and G of the wrong shape: expected Err(DimensionMismatch {{ what: \"grad_out\", .. }}), got {got:?}"
            )
        },
        "shapes are checked before finiteness",
    );
}

#[test]
fn matmul_vjp_accepts_strided_views() {
    // X is passed as the transpose of a 3 x 2 array: a view that is not in standard layout.
    let x_t = array![[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]];
    let x: ArrayView2<f64> = x_t.t();
    let w = array![[1.0, -1.0], [0.0, 2.0], [3.0, 1.0]];
    let g = array![[1.0, 0.0], [-2.0, 3.0]];
    let got = matmul_vjp(x, w.view(), g.view()).unwrap_or_else(|e| {
        panic!("matmul_vjp with a transposed X view: expected Ok, got Err({e:?})")
    });
    assert_matrix_close(
        "matmul_vjp(X = a transposed view): dX",
        &got.dx,
        &array![[1.0, 0.0, 3.0], [-5.0, 6.0, -3.0]],
        0.0,
        0.0,
        "dX = G W^T; index the views by (i, j) or use ndarray's dot, not as_slice() of the \
         memory",
    );
    assert_matrix_close(
        "matmul_vjp(X = a transposed view): dW",
        &got.dw,
        &array![[-7.0, 12.0], [-8.0, 15.0], [-9.0, 18.0]],
        0.0,
        0.0,
        "dW = X^T G",
    );
    let x_nan = array![[0.0, NAN], [1.0, 1.0], [1.0, 1.0]];
    let got = matmul_vjp(x_nan.t(), w.view(), g.view());
    ensure(
        matches!(got, Err(Error::NonFiniteInput { index: 3 })),
        || {
            format!(
                "matmul_vjp with X = [[0, 1, 1], [NaN, 1, 1]] given as a transposed view: expected Err(NonFiniteInput {{ index: 3 }}), got {got:?}"
            )
        },
        "the index is in the logical row-major order of X, whatever the memory layout",
    );
}

// ---------------------------------------------------------------- matrix functions

fn expect_mismatch(f: &MatrixFn, x: ArrayView2<f64>, what: &str, case: &str) {
    let got = matrix_fn_value_and_grad(f, x);
    ensure(
        matches!(&got, Err(Error::DimensionMismatch { what: wh, .. }) if *wh == what),
        || {
            format!(
                "matrix_fn_value_and_grad({case}): expected Err(DimensionMismatch {{ what: \"{what}\", .. }}), got {got:?}"
            )
        },
        "X is r x c; TraceAXB needs A p x r, B c x p; QuadraticForm A r x r; LeastSquares \
         A p x r, B p x c; SoftmaxCrossEntropy targets r x c",
    );
}

#[test]
fn matrix_fn_rejects_inconsistent_shapes() {
    let x = Array2::<f64>::ones((3, 2));
    let m = |r, c| Array2::<f64>::ones((r, c));
    let trace = |a, b| MatrixFn::TraceAXB { a, b };
    expect_mismatch(
        &trace(m(4, 2), m(2, 4)),
        x.view(),
        "a",
        "TraceAXB, A 4x2 for X 3x2",
    );
    expect_mismatch(
        &trace(m(4, 3), m(3, 4)),
        x.view(),
        "b",
        "TraceAXB, B 3x4 for X 3x2",
    );
    expect_mismatch(
        &trace(m(4, 3), m(2, 5)),
        x.view(),
        "b",
        "TraceAXB, A 4x3 and B 2x5",
    );
    let quad = |a| MatrixFn::QuadraticForm { a };
    expect_mismatch(
        &quad(m(3, 2)),
        x.view(),
        "a",
        "QuadraticForm, A 3x2 for X 3x2",
    );
    expect_mismatch(
        &quad(m(2, 2)),
        x.view(),
        "a",
        "QuadraticForm, A 2x2 for X 3x2",
    );
    let ls = |a, b| MatrixFn::LeastSquares { a, b };
    expect_mismatch(
        &ls(m(5, 2), m(5, 2)),
        x.view(),
        "a",
        "LeastSquares, A 5x2 for X 3x2",
    );
    expect_mismatch(
        &ls(m(5, 3), m(4, 2)),
        x.view(),
        "b",
        "LeastSquares, A 5x3, B 4x2",
    );
    expect_mismatch(
        &ls(m(5, 3), m(5, 3)),
        x.view(),
        "b",
        "LeastSquares, A 5x3, B 5x3",
    );
    let ce = |targets| MatrixFn::SoftmaxCrossEntropy { targets };
    expect_mismatch(
        &ce(m(2, 2)),
        x.view(),
        "targets",
        "SoftmaxCrossEntropy, Y 2x2 for X 3x2",
    );
    expect_mismatch(
        &ce(m(3, 3)),
        x.view(),
        "targets",
        "SoftmaxCrossEntropy, Y 3x3 for X 3x2",
    );
}

#[test]
fn matrix_fn_rejects_non_finite_x_with_its_index() {
    let x = array![[0.0, 1.0], [2.0, NAN], [INF, 0.0]];
    let fns = [
        MatrixFn::TraceAXB {
            a: Array2::ones((2, 3)),
            b: Array2::ones((2, 2)),
        },
        MatrixFn::QuadraticForm {
            a: Array2::ones((3, 3)),
        },
        MatrixFn::LeastSquares {
            a: Array2::ones((4, 3)),
            b: Array2::ones((4, 2)),
        },
        // X is checked before the targets (here one is negative).
        MatrixFn::SoftmaxCrossEntropy {
            targets: array![[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]],
        },
    ];
    for f in &fns {
        let got = matrix_fn_value_and_grad(f, x.view());
        ensure(
            matches!(got, Err(Error::NonFiniteInput { index: 3 })),
            || {
                format!(
                    "matrix_fn_value_and_grad({f:?}, X with NaN at (1, 1)): expected Err(NonFiniteInput {{ index: 3 }}), got {got:?}"
                )
            },
            "after the shapes, scan X in row-major order and report the first NaN or \
             infinity; X comes before the targets",
        );
    }
}

#[test]
fn matrix_fn_rejects_non_finite_parameters() {
    let x = Array2::<f64>::ones((2, 2));
    let fns = [
        MatrixFn::TraceAXB {
            a: array![[1.0, NAN]],
            b: Array2::ones((2, 1)),
        },
        MatrixFn::TraceAXB {
            a: Array2::ones((1, 2)),
            b: array![[1.0], [INF]],
        },
        MatrixFn::QuadraticForm {
            a: array![[1.0, 0.0], [-INF, 1.0]],
        },
        MatrixFn::LeastSquares {
            a: array![[NAN, 0.0]],
            b: Array2::ones((1, 2)),
        },
        MatrixFn::LeastSquares {
            a: Array2::ones((1, 2)),
            b: array![[0.0, NAN]],
        },
    ];
    for f in &fns {
        let got = matrix_fn_value_and_grad(f, x.view());
        ensure(
            matches!(got, Err(Error::NonFiniteInput { .. })),
            || {
                format!(
                    "matrix_fn_value_and_grad({f:?}): expected Err(NonFiniteInput), got {got:?}"
                )
            },
            "a NaN or infinite entry of A or B is an error, not a NaN result",
        );
    }
}

#[test]
fn cross_entropy_rejects_invalid_targets_with_their_position() {
    let x = Array2::<f64>::zeros((2, 3));
    for (targets, row, col) in [
        (array![[1.0, 0.0, 0.0], [0.0, -0.5, 2.0]], 1, 1),
        (array![[1.0, NAN, 0.0], [-1.0, 0.0, 0.0]], 0, 1),
        (array![[1.0, 0.0, 0.0], [0.0, 0.0, INF]], 1, 2),
    ] {
        let f = MatrixFn::SoftmaxCrossEntropy {
            targets: targets.clone(),
        };
        let got = matrix_fn_value_and_grad(&f, x.view());
        ensure(
            matches!(got, Err(Error::InvalidTarget { row: r, col: c }) if r == row && c == col),
            || {
                format!(
                    "SoftmaxCrossEntropy with targets {targets:?}: expected Err(InvalidTarget {{ row: {row}, col: {col} }}), got {got:?}"
                )
            },
            "targets must be finite and >= 0 (rows need not sum to 1); report the first bad \
             one in row-major order",
        );
    }
}

#[test]
fn matrix_fn_of_zero_sized_matrices_is_zero() {
    let cases: [(MatrixFn, (usize, usize)); 8] = [
        (
            MatrixFn::TraceAXB {
                a: Array2::ones((2, 0)),
                b: Array2::ones((3, 2)),
            },
            (0, 3),
        ),
        (
            MatrixFn::TraceAXB {
                a: Array2::ones((2, 3)),
                b: Array2::ones((0, 2)),
            },
            (3, 0),
        ),
        (
            MatrixFn::QuadraticForm {
                a: Array2::ones((0, 0)),
            },
            (0, 2),
        ),
        (
            MatrixFn::QuadraticForm {
                a: Array2::ones((2, 2)),
            },
            (2, 0),
        ),
        (
            MatrixFn::LeastSquares {
                a: Array2::ones((3, 0)),
                b: Array2::zeros((3, 2)),
            },
            (0, 2),
        ),
        (
            MatrixFn::LeastSquares {
                a: Array2::ones((3, 2)),
                b: Array2::zeros((3, 0)),
            },
            (2, 0),
        ),
        (
            MatrixFn::SoftmaxCrossEntropy {
                targets: Array2::ones((0, 3)),
            },
            (0, 3),
        ),
        (
            MatrixFn::SoftmaxCrossEntropy {
                targets: Array2::ones((2, 0)),
            },
            (2, 0),
        ),
    ];
    for (f, shape) in &cases {
        let x = Array2::<f64>::zeros(*shape);
        let got = matrix_fn_value_and_grad(f, x.view());
        ensure(
            matches!(&got, Ok((v, g)) if *v == 0.0 && g.dim() == *shape),
            || {
                format!(
                    "matrix_fn_value_and_grad({f:?}, X of shape {shape:?}): expected Ok((0.0, a {shape:?} gradient)), got {got:?}"
                )
            },
            "empty sums are 0 and the gradient has the shape of X; an empty row has no \
             maximum to take (do not unwrap one)",
        );
    }
}

#[test]
fn cross_entropy_zero_targets_contribute_nothing() {
    // log_softmax of the second entry is -1e308 - 1e308 - 0 = -inf in floating point; with
    // y = 0 it must contribute 0 (the convention 0 * log 0 = 0), not 0 * (-inf) = NaN.
    let f = MatrixFn::SoftmaxCrossEntropy {
        targets: array![[1.0, 0.0]],
    };
    let x = array![[1e308, -1e308]];
    let (value, grad) = matrix_fn_value_and_grad(&f, x.view())
        .unwrap_or_else(|e| panic!("SoftmaxCrossEntropy(X = [[1e308, -1e308]]): got Err({e:?})"));
    let likely = "skip terms with y_ij = 0 (0 log 0 = 0), or compute f_i = (sum_j y_ij)(m_i + \
                  ln S_i) - sum_j y_ij x_ij, which never forms 0 * (-inf)";
    assert_close(
        "SoftmaxCrossEntropy(X = [[1e308, -1e308]], Y = [[1, 0]]): value",
        value,
        0.0,
        1e-12,
        1e-12,
        likely,
    );
    assert_matrix_close(
        "SoftmaxCrossEntropy(X = [[1e308, -1e308]], Y = [[1, 0]]): gradient",
        &grad,
        &array![[0.0, 0.0]],
        1e-12,
        1e-12,
        likely,
    );
}

// ---------------------------------------------------------------- classify_critical_point

fn expect_classify_err(
    grad: ArrayView1<f64>,
    h: ArrayView2<f64>,
    tol: f64,
    check: impl Fn(&Result<CriticalPoint, Error>) -> bool,
    want: &str,
    likely: &str,
) {
    let got = classify_critical_point(grad, h, tol);
    ensure(
        check(&got),
        || {
            format!(
                "classify_critical_point(grad {grad:?}, H {h:?}, tol {tol:e}): expected {want}, got {got:?}"
            )
        },
        likely,
    );
}

#[test]
fn classify_rejects_invalid_tolerances_first() {
    for tol in [0.0, -1e-6, NAN, INF] {
        // The Hessian is not square as well: the tolerance is checked first.
        expect_classify_err(
            array![0.0].view(),
            Array2::zeros((1, 2)).view(),
            tol,
            |r| matches!(r, Err(Error::InvalidTolerance { .. })),
            "Err(InvalidTolerance)",
            "tol must be finite and > 0, and it is checked before anything else",
        );
    }
}

#[test]
fn classify_validates_in_the_documented_order() {
    let z2 = Array2::<f64>::zeros((2, 2));
    expect_classify_err(
        array![0.0, 0.0].view(),
        Array2::zeros((2, 3)).view(),
        1e-6,
        |r| matches!(r, Err(Error::NotSquare { rows: 2, cols: 3 })),
        "Err(NotSquare { rows: 2, cols: 3 })",
        "H must be n x n",
    );
    expect_classify_err(
        Array1::zeros(0).view(),
        Array2::zeros((0, 0)).view(),
        1e-6,
        |r| matches!(r, Err(Error::EmptyInput)),
        "Err(EmptyInput)",
        "a 0 x 0 Hessian has nothing to classify",
    );
    expect_classify_err(
        array![0.0, 0.0, NAN].view(),
        z2.view(),
        1e-6,
        |r| matches!(r, Err(Error::DimensionMismatch { what: "grad", .. })),
        "Err(DimensionMismatch { what: \"grad\", .. })",
        "grad must have n entries; the length is checked before finiteness",
    );
    expect_classify_err(
        array![0.0, NAN].view(),
        array![[0.0, INF], [0.0, 0.0]].view(),
        1e-6,
        |r| matches!(r, Err(Error::NonFiniteInput { index: 1 })),
        "Err(NonFiniteInput { index: 1 })",
        "non-finite entries: grad first (index i), then H (index n + row-major index)",
    );
    expect_classify_err(
        array![0.0, 0.0].view(),
        array![[0.0, 1.0], [NAN, 0.0]].view(),
        1e-6,
        |r| matches!(r, Err(Error::NonFiniteInput { index: 4 })),
        "Err(NonFiniteInput { index: 4 })",
        "an entry H[i][j] is reported as index n + i*n + j (here 2 + 2 = 4)",
    );
    // Asymmetric H and a large gradient: symmetry is checked before NotCritical.
    expect_classify_err(
        array![1.0, 1.0].view(),
        array![[1.0, 2.0], [0.0, 1.0]].view(),
        1e-6,
        |r| matches!(r, Err(Error::NotSymmetric { row: 0, col: 1 })),
        "Err(NotSymmetric { row: 0, col: 1 })",
        "the symmetry check is part of validation and comes before the gradient test",
    );
}

#[test]
fn classify_reports_the_first_asymmetric_pair_in_row_major_order() {
    let h = array![[1.0, 0.0, 5.0], [0.0, 1.0, 7.0], [0.0, 0.0, 1.0]];
    expect_classify_err(
        array![0.0, 0.0, 0.0].view(),
        h.view(),
        1e-6,
        |r| matches!(r, Err(Error::NotSymmetric { row: 0, col: 2 })),
        "Err(NotSymmetric { row: 0, col: 2 })",
        "scan pairs i < j row by row: (0,1), (0,2), (1,2); (0,2) is the first bad one",
    );
    // 1e-8 > 1e-9 max(1, max|H|) = 1e-9: not symmetric.
    expect_classify_err(
        array![0.0, 0.0].view(),
        array![[1.0, 1.0 + 1e-8], [1.0, 1.0]].view(),
        1e-6,
        |r| matches!(r, Err(Error::NotSymmetric { row: 0, col: 1 })),
        "Err(NotSymmetric { row: 0, col: 1 })",
        "the symmetry tolerance is 1e-9 * max(1, max|H_ij|)",
    );
    // 1e-4 <= 1e-9 * 1e6 = 1e-3: symmetric enough; (H + H^T)/2 is classified.
    let got = classify_critical_point(
        array![0.0, 0.0].view(),
        array![[1e6, 1e6 + 1e-4], [1e6, 2e6]].view(),
        1e-6,
    );
    ensure(
        matches!(got, Ok(CriticalPoint::LocalMin)),
        || {
            format!(
                "classify(H = [[1e6, 1e6 + 1e-4], [1e6, 2e6]]): expected Ok(LocalMin), got {got:?}"
            )
        },
        "the symmetry tolerance scales with max|H|: 1e-9 * 1e6 = 1e-3 here",
    );
}

#[test]
fn classify_zero_hessian_is_degenerate() {
    for n in [1, 2, 5] {
        let got =
            classify_critical_point(Array1::zeros(n).view(), Array2::zeros((n, n)).view(), 1e-6);
        ensure(
            matches!(got, Ok(CriticalPoint::Degenerate)),
            || format!("classify(grad = 0, H = 0 ({n}x{n})): expected Ok(Degenerate), got {got:?}"),
            "all eigenvalues are 0, inside [-tol, tol]: the second-order test is inconclusive",
        );
    }
}

#[test]
fn classify_uses_the_max_norm_of_the_gradient() {
    let h = array![[2.0, 0.0], [0.0, 3.0]];
    for (grad, want) in [
        (array![0.0, 2e-6], CriticalPoint::NotCritical),
        (array![-2e-6, 0.0], CriticalPoint::NotCritical),
        (array![0.9e-6, -0.9e-6], CriticalPoint::LocalMin),
    ] {
        let got = classify_critical_point(grad.view(), h.view(), 1e-6);
        ensure(
            matches!(got, Ok(c) if c == want),
            || {
                format!(
                    "classify(grad {grad:?}, H = diag(2, 3), tol 1e-6): expected Ok({want:?}), got {got:?}"
                )
            },
            "NotCritical exactly when max_i |grad_i| > tol (the infinity norm, not the 2-norm: \
             ||[0.9e-6, -0.9e-6]||_2 = 1.27e-6)",
        );
    }
}

#[test]
fn hessian_is_bitwise_symmetric_even_for_a_wild_function() {
    let f = |x: ArrayView1<f64>| {
        (x[0] * 3.7).sin() * x[1].exp() + x[2].powi(3) * x[0] - (x[1] * x[2]).tanh()
    };
    for h in [1e-1, 1e-3, 1e-5, 1e-7] {
        let got = numerical_hessian(f, array![0.3, -1.2, 2.5].view(), h)
            .unwrap_or_else(|e| panic!("numerical_hessian at h = {h:e}: got Err({e:?})"));
        if let Some((i, j)) = first_asymmetry(&got) {
            panic!(
                "numerical_hessian at h = {h:e}: H[{i}][{j}] = {:?} but H[{j}][{i}] = {:?}.\n\
                 Likely mistake: compute each mixed entry once (i < j) and copy it to (j, i)",
                got[[i, j]],
                got[[j, i]]
            );
        }
    }
}

#[test]
fn hvp_of_a_quadratic_needs_no_normalisation_of_v() {
    // g(x) = A x with A = [[2, 1], [1, 4]]: Hv = A v for any v, large or small.
    let g = |x: ArrayView1<f64>| array![2.0 * x[0] + x[1], x[0] + 4.0 * x[1]];
    for v in [array![3.0, -4.0], array![1e-3, 2e-3], array![-20.0, 50.0]] {
        let got = hessian_vector_product(g, array![1.0, -2.0].view(), v.view(), 1e-5)
            .unwrap_or_else(|e| panic!("hvp(v = {v:?}): got Err({e:?})"));
        let want = [2.0 * v[0] + v[1], v[0] + 4.0 * v[1]];
        assert_vector_close(
            &format!("hessian_vector_product(A x, v = {v:?}, h = 1e-5)"),
            &got,
            &want,
            1e-7,
            1e-7,
            "Hv = (g(x + h v) - g(x - h v)) / (2h) with v as given: the result scales with v",
        );
    }
}
