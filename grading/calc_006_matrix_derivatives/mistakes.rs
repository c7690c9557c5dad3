//! One test per classic mistake of the statement, on the input that exposes it. Each failure
//! message names the mistake.

use crate::assert_matrix_close;
use calc_006_matrix_derivatives::{
    CriticalPoint, MatrixFn, classify_critical_point, matrix_fn_value_and_grad, numerical_jacobian,
};
use grading_support::{assert_close, ensure};
use ndarray::{Array2, array};

#[test]
fn jacobian_uses_a_central_difference() {
    // f(x) = x^3 at x = 1 with h = 1e-3: the central difference is 3 + h^2 = 3.000001, the
    // forward difference 3 + 3h + h^2 = 3.003001. The analytic value is 3.
    let got = numerical_jacobian(|x| array![x[0].powi(3)], array![1.0].view(), 1e-3)
        .unwrap_or_else(|e| panic!("numerical_jacobian([x^3], x = [1], h = 1e-3): got Err({e:?})"));
    assert_matrix_close(
        "numerical_jacobian([x^3], x = [1], h = 1e-3)",
        &got,
        &array![[3.0]],
        1e-5,
        1e-5,
        "forward difference (f(x + h) - f(x)) / h, whose error 3h = 3e-3 is O(h); the central \
         difference (f(x + h) - f(x - h)) / (2h) has error h^2 f'''/6 = 1e-6",
    );
}

#[test]
fn jacobian_is_outputs_by_inputs() {
    // f(x) = [x0 + 2 x1, 3 x0 + 4 x1]: J = [[1, 2], [3, 4]].
    let f = |x: ndarray::ArrayView1<f64>| array![x[0] + 2.0 * x[1], 3.0 * x[0] + 4.0 * x[1]];
    let got = numerical_jacobian(f, array![0.5, -1.5].view(), 1e-2)
        .unwrap_or_else(|e| panic!("numerical_jacobian([x0 + 2x1, 3x0 + 4x1]): got Err({e:?})"));
    let likely = "transposed Jacobian (n x m): J[i][j] = df_i/dx_j, so row i belongs to output i \
                  and column j to input j (numerator layout)";
    assert_matrix_close(
        "numerical_jacobian([x0 + 2x1, 3x0 + 4x1], x = [0.5, -1.5], h = 1e-2)",
        &got,
        &array![[1.0, 2.0], [3.0, 4.0]],
        1e-8,
        1e-8,
        likely,
    );
    // f: R^2 -> R^3 must give a 3 x 2 Jacobian.
    let g = |x: ndarray::ArrayView1<f64>| array![x[0], x[1], x[0] - x[1]];
    let got = numerical_jacobian(g, array![1.0, 2.0].view(), 1e-2)
        .unwrap_or_else(|e| panic!("numerical_jacobian([x0, x1, x0 - x1]): got Err({e:?})"));
    assert_matrix_close(
        "numerical_jacobian([x0, x1, x0 - x1], x = [1, 2], h = 1e-2)",
        &got,
        &array![[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]],
        1e-8,
        1e-8,
        likely,
    );
}

#[test]
fn quadratic_form_gradient_is_a_plus_a_transpose_times_x() {
    let f = MatrixFn::QuadraticForm {
        a: array![[0.0, 1.0], [0.0, 0.0]],
    };
    let (value, grad) = matrix_fn_value_and_grad(&f, array![[1.0], [1.0]].view())
        .unwrap_or_else(|e| panic!("QuadraticForm(A = [[0, 1], [0, 0]]): got Err({e:?})"));
    let likely = "grad tr(X^T A X) = 2 A X, which holds only for symmetric A: \
                  d tr(X^T A X) = tr(dX^T A X) + tr(X^T A dX) gives (A + A^T) X";
    assert_close(
        "tr(X^T A X) with A = [[0, 1], [0, 0]], X = [[1], [1]]: value",
        value,
        1.0,
        0.0,
        0.0,
        likely,
    );
    assert_matrix_close(
        "grad tr(X^T A X) with A = [[0, 1], [0, 0]], X = [[1], [1]]",
        &grad,
        &array![[1.0], [1.0]],
        0.0,
        0.0,
        likely,
    );
}

#[test]
fn trace_axb_gradient_is_a_transpose_b_transpose() {
    let f = MatrixFn::TraceAXB {
        a: array![[1.0, 2.0], [3.0, 4.0]],
        b: Array2::eye(2),
    };
    let (value, grad) = matrix_fn_value_and_grad(&f, Array2::<f64>::eye(2).view())
        .unwrap_or_else(|e| panic!("TraceAXB(A = [[1, 2], [3, 4]], B = I): got Err({e:?})"));
    let likely = "grad tr(A X B) without the transposes: d tr(A X B) = tr(B A dX) = <(BA)^T, dX>, \
                  so the gradient is A^T B^T, not A B or B A";
    assert_close(
        "tr(A X B) with A = [[1, 2], [3, 4]], B = X = I: value",
        value,
        5.0,
        0.0,
        0.0,
        likely,
    );
    assert_matrix_close(
        "grad tr(A X B) with A = [[1, 2], [3, 4]], B = X = I",
        &grad,
        &array![[1.0, 3.0], [2.0, 4.0]],
        0.0,
        0.0,
        likely,
    );
}

#[test]
fn cross_entropy_gradient_scales_softmax_by_the_target_sum() {
    let f = MatrixFn::SoftmaxCrossEntropy {
        targets: array![[2.0, 0.0]],
    };
    let (value, grad) =
        matrix_fn_value_and_grad(&f, array![[0.0, 0.0]].view()).unwrap_or_else(|e| {
            panic!("SoftmaxCrossEntropy(X = [[0, 0]], Y = [[2, 0]]): got Err({e:?})")
        });
    let likely = "softmax-CE gradient as softmax - y, which needs rows of y summing to 1: in \
                  general grad_ij = softmax(X_i)_j * (sum_l y_il) - y_ij";
    assert_close(
        "SoftmaxCrossEntropy(X = [[0, 0]], Y = [[2, 0]]): value = -2 ln(1/2)",
        value,
        2.0 * std::f64::consts::LN_2,
        1e-12,
        1e-12,
        likely,
    );
    assert_matrix_close(
        "SoftmaxCrossEntropy(X = [[0, 0]], Y = [[2, 0]]): gradient",
        &grad,
        &array![[-1.0, 1.0]],
        1e-12,
        1e-12,
        likely,
    );
}

#[test]
fn cross_entropy_uses_a_stable_log_softmax() {
    let f = MatrixFn::SoftmaxCrossEntropy {
        targets: array![[0.0, 1.0]],
    };
    let (value, grad) =
        matrix_fn_value_and_grad(&f, array![[1000.0, 0.0]].view()).unwrap_or_else(|e| {
            panic!("SoftmaxCrossEntropy(X = [[1000, 0]], Y = [[0, 1]]): got Err({e:?})")
        });
    let likely = "naive log(softmax): exp(1000) overflows to inf, inf/inf = NaN and log(0) = \
                  -inf; compute log_softmax_j = (x_j - m) - ln sum_k exp(x_k - m) with m = max x";
    assert_close(
        "SoftmaxCrossEntropy(X = [[1000, 0]], Y = [[0, 1]]): value",
        value,
        1000.0,
        1e-12,
        1e-12,
        likely,
    );
    assert_matrix_close(
        "SoftmaxCrossEntropy(X = [[1000, 0]], Y = [[0, 1]]): gradient",
        &grad,
        &array![[1.0, -1.0]],
        1e-12,
        1e-12,
        likely,
    );
}

#[test]
fn positive_determinant_does_not_mean_a_minimum() {
    let h = Array2::from_diag(&array![-1.0, -1.0, 1.0]);
    let got = classify_critical_point(array![0.0, 0.0, 0.0].view(), h.view(), 1e-6);
    ensure(
        matches!(got, Ok(CriticalPoint::Saddle)),
        || {
            format!(
                "classify(grad = 0, H = diag(-1, -1, 1), tol 1e-6): expected Ok(Saddle), got {got:?}"
            )
        },
        "\"det > 0 => minimum\": det = (-1)(-1)(1) = 1 > 0, but the eigenvalues have both \
         signs; the determinant test only works in 2-D (with H_00 > 0); use the inertia",
    );
}

#[test]
fn positive_semidefinite_is_degenerate_not_a_minimum() {
    let h = Array2::from_diag(&array![1.0, 0.0]);
    let got = classify_critical_point(array![0.0, 0.0].view(), h.view(), 1e-6);
    ensure(
        matches!(got, Ok(CriticalPoint::Degenerate)),
        || {
            format!(
                "classify(grad = 0, H = diag(1, 0), tol 1e-6): expected Ok(Degenerate), got {got:?}"
            )
        },
        "PSD treated as PD: an eigenvalue with |λ| <= tol makes the second-order test \
         inconclusive (x^4 and -x^4 both have f'' = 0); count λ > tol as positive, not λ >= 0",
    );
}
