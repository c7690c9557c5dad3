//! Visible examples: `cargo test -p calc_006_matrix_derivatives`.
//!
//! The test of the provided `Error` messages passes from the start; every other test fails
//! with "not yet implemented" until you write the function it calls. The hidden tests check
//! much more: golden values from JAX autodiff and numpy, every edge case of the statement,
//! properties, and the classic mistakes.

use calc_006_matrix_derivatives::{
    CriticalPoint, Error, MatrixFn, classify_critical_point, hessian_vector_product, matmul_vjp,
    matrix_fn_value_and_grad, numerical_hessian, numerical_jacobian,
};
use ndarray::{Array2, ArrayView1, array};

fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * (1.0 + want.abs()),
        "{what}: expected {want:?}, got {got:?}"
    );
}

// ---------------------------------------------------------------- provided code

#[test]
fn error_messages_name_the_problem() {
    assert_eq!(
        Error::InvalidStep { h: 0.0 }.to_string(),
        "invalid step h = 0: it must be finite and > 0"
    );
    assert_eq!(
        Error::DimensionMismatch {
            what: "v",
            expected: 3,
            got: 2
        }
        .to_string(),
        "dimension mismatch in v: expected 3, got 2"
    );
    assert_eq!(
        Error::NotSymmetric { row: 0, col: 2 }.to_string(),
        "the Hessian is not symmetric: H[0][2] != H[2][0]"
    );
}

// ---------------------------------------------------------------- your code

#[test]
fn jacobian_of_a_product_and_a_sum() {
    // f(x) = [x0 x1, x0 + x1]: J = [[x1, x0], [1, 1]] = [[3, 2], [1, 1]] at (2, 3).
    let f = |x: ArrayView1<f64>| array![x[0] * x[1], x[0] + x[1]];
    let j = numerical_jacobian(f, array![2.0, 3.0].view(), 1e-6).unwrap();
    assert_eq!(j.dim(), (2, 2), "J is m x n");
    for (got, want) in j.iter().zip([3.0, 2.0, 1.0, 1.0]) {
        assert_close("J", *got, want, 1e-6);
    }
}

#[test]
fn hessian_of_x0_squared_x1_is_exactly_symmetric() {
    // f = x0² x1: H = [[2 x1, 2 x0], [2 x0, 0]] = [[4, 2], [2, 0]] at (1, 2).
    let h = numerical_hessian(|x| x[0] * x[0] * x[1], array![1.0, 2.0].view(), 1e-3).unwrap();
    for (got, want) in h.iter().zip([4.0, 2.0, 2.0, 0.0]) {
        assert_close("H", *got, want, 1e-6);
    }
    assert_eq!(
        h[[0, 1]].to_bits(),
        h[[1, 0]].to_bits(),
        "H must be exactly symmetric"
    );
}

#[test]
fn hvp_of_a_quadratic_is_a_times_v() {
    // g(x) = A x with A = [[2, 1], [1, 3]]: H = A, so Hv = A v = [1, 3] for v = [0, 1].
    let g = |x: ArrayView1<f64>| array![2.0 * x[0] + x[1], x[0] + 3.0 * x[1]];
    let hv =
        hessian_vector_product(g, array![5.0, -1.0].view(), array![0.0, 1.0].view(), 1e-5).unwrap();
    assert_close("Hv[0]", hv[0], 1.0, 1e-7);
    assert_close("Hv[1]", hv[1], 3.0, 1e-7);
}

#[test]
fn matmul_vjp_of_small_integer_matrices() {
    let x = array![[1.0, 2.0], [3.0, 4.0]];
    let w = array![[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]];
    let g = array![[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]];
    let grads = matmul_vjp(x.view(), w.view(), g.view()).unwrap();
    assert_eq!(grads.dx, g.dot(&w.t())); // [[1, 2], [-1, 0]]
    assert_eq!(grads.dw, x.t().dot(&g)); // [[1, 0, 3], [2, 0, 4]]
    assert_eq!(grads.dx, array![[1.0, 2.0], [-1.0, 0.0]]);
}

#[test]
fn trace_trick_worked_example() {
    // The worked example of the statement: tr(A X B) with A = [[1, 2]], B = [[3], [4]].
    let f = MatrixFn::TraceAXB {
        a: array![[1.0, 2.0]],
        b: array![[3.0], [4.0]],
    };
    let x = array![[1.0, 0.0], [0.0, 1.0]];
    let (value, grad) = matrix_fn_value_and_grad(&f, x.view()).unwrap();
    assert_eq!(value, 11.0); // A B = 1·3 + 2·4
    assert_eq!(grad, array![[3.0, 4.0], [6.0, 8.0]]); // Aᵀ Bᵀ
}

#[test]
fn saddle_of_x_squared_minus_y_squared() {
    let h = array![[2.0, 0.0], [0.0, -2.0]];
    let got = classify_critical_point(array![0.0, 0.0].view(), h.view(), 1e-8).unwrap();
    assert_eq!(got, CriticalPoint::Saddle);
    let got = classify_critical_point(array![0.0, 0.0].view(), Array2::eye(2).view(), 1e-8);
    assert_eq!(got, Ok(CriticalPoint::LocalMin));
}
