//! Golden values from JAX autodiff (jacfwd, hessian, jvp of grad, vjp, value_and_grad) and
//! numpy.linalg.eigvalsh, at the statement's tolerances.

use crate::fixtures::{
    CLASSIFY, HESSIAN_POLY, HESSIAN_SMOOTH, HVP, JACOBIAN, MATMUL_VJP, MATRIX_FN,
};
use crate::{
    CLASSIFY_RULE, assert_matrix_close, assert_vector_close, critical_point, first_asymmetry,
    gradient_function, jacobian_function, mat, matrix_fn, scalar_function,
};
use calc_006_matrix_derivatives::{
    classify_critical_point, hessian_vector_product, matmul_vjp, matrix_fn_value_and_grad,
    numerical_hessian, numerical_jacobian,
};
use grading_support::{assert_close, assert_same_bits, ensure};
use ndarray::{Array2, ArrayView1};

#[test]
fn jacobian_matches_jax_jacfwd() {
    for &(name, x, want) in JACOBIAN {
        let f = jacobian_function(name);
        let got = numerical_jacobian(f, ArrayView1::from(x), 1e-6).unwrap_or_else(|e| {
            panic!("numerical_jacobian({name}, x = {x:?}, h = 1e-6): expected Ok, got Err({e:?})")
        });
        assert_matrix_close(
            &format!("numerical_jacobian({name}, x = {x:?}, h = 1e-6)"),
            &got,
            &mat(want),
            1e-6,
            1e-6,
            "J is m x n with J[i][j] = (f(x + h e_j)_i - f(x - h e_j)_i) / (2h): rows are \
             outputs, columns are inputs, and the difference is central",
        );
    }
}

fn check_hessians(table: &[(&str, &[f64], crate::fixtures::Mat)], h: f64, tol: f64) {
    for &(name, x, want) in table {
        let f = scalar_function(name);
        let what = format!("numerical_hessian({name}, x = {x:?}, h = {h:e})");
        let got = numerical_hessian(f, ArrayView1::from(x), h)
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        assert_matrix_close(
            &what,
            &got,
            &mat(want),
            tol,
            tol,
            "H_ii = (f(x+he_i) - 2f(x) + f(x-he_i)) / h^2 and, for i < j, H_ij = (f(++) - \
             f(+-) - f(-+) + f(--)) / (4h^2) with steps h e_i and h e_j",
        );
        if let Some((i, j)) = first_asymmetry(&got) {
            assert_same_bits(
                &format!("{what}: H[{i}][{j}] against H[{j}][{i}]"),
                got[[i, j]],
                got[[j, i]],
                "compute each mixed entry once (i < j) and write it to both places",
            );
        }
    }
}

#[test]
fn hessian_of_cubics_matches_jax_hessian() {
    // Central formulas are exact for polynomials of degree <= 3, up to rounding (~eps|f|/h^2).
    check_hessians(HESSIAN_POLY, 1e-3, 1e-6);
}

#[test]
fn hessian_of_smooth_functions_matches_jax_hessian() {
    check_hessians(HESSIAN_SMOOTH, 1e-4, 1e-4);
}

#[test]
fn hvp_matches_jax_jvp_of_grad() {
    for &(name, x, v, want) in HVP {
        let g = gradient_function(name);
        let what = format!("hessian_vector_product({name}, x = {x:?}, v = {v:?}, h = 1e-5)");
        let got = hessian_vector_product(g, ArrayView1::from(x), ArrayView1::from(v), 1e-5)
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        assert_vector_close(
            &what,
            &got,
            want,
            1e-7,
            1e-7,
            "Hv = (g(x + h v) - g(x - h v)) / (2h) with v used as given (not normalised); \
             g is the supplied gradient",
        );
    }
}

#[test]
fn matmul_vjp_matches_jax_vjp() {
    for &(name, x, w, g, dx, dw) in MATMUL_VJP {
        let (x, w, g) = (mat(x), mat(w), mat(g));
        let what = format!(
            "matmul_vjp({name}: X {:?}, W {:?}, G {:?})",
            x.dim(),
            w.dim(),
            g.dim()
        );
        let got = matmul_vjp(x.view(), w.view(), g.view())
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        // Integer fixtures have exact sums: they must match bit for bit.
        let tol = if name.starts_with("integer") {
            0.0
        } else {
            1e-12
        };
        assert_matrix_close(
            &format!("{what}: dX"),
            &got.dx,
            &mat(dx),
            tol,
            tol,
            "dX = G W^T (the shape of X, b x n)",
        );
        assert_matrix_close(
            &format!("{what}: dW"),
            &got.dw,
            &mat(dw),
            tol,
            tol,
            "dW = X^T G (the shape of W, n x m)",
        );
    }
}

#[test]
fn matrix_fn_matches_jax_value_and_grad() {
    for &(name, kind, x, p1, p2, value, grad) in MATRIX_FN {
        let f = matrix_fn(kind, p1, p2);
        let x: Array2<f64> = mat(x);
        let what = format!("matrix_fn_value_and_grad({name}: {kind}, X {:?})", x.dim());
        let (got_value, got_grad) = matrix_fn_value_and_grad(&f, x.view())
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        let likely = match kind {
            "TraceAXB" => "f = tr(A X B) and grad = A^T B^T",
            "QuadraticForm" => "f = tr(X^T A X) and grad = (A + A^T) X (A is not symmetric)",
            "LeastSquares" => "f = ||A X - B||_F^2 and grad = 2 A^T (A X - B)",
            _ => {
                "f = -sum y_ij log_softmax(X_i)_j with the max shift, and grad_ij = \
                 softmax(X_i)_j * (sum_l y_il) - y_ij (rows of targets need not sum to 1)"
            }
        };
        let tol = if name.ends_with("integer") {
            0.0
        } else {
            1e-12
        };
        assert_close(
            &format!("{what}: value"),
            got_value,
            value,
            tol,
            tol,
            likely,
        );
        assert_matrix_close(
            &format!("{what}: gradient"),
            &got_grad,
            &mat(grad),
            tol,
            tol,
            likely,
        );
    }
}

#[test]
fn classification_matches_the_eigenvalues_from_numpy() {
    for &(name, grad, h, tol, want, eigenvalues) in CLASSIFY {
        let h = mat(h);
        let want = critical_point(want);
        let got = classify_critical_point(ArrayView1::from(grad), h.view(), tol);
        ensure(
            matches!(got, Ok(c) if c == want),
            || {
                format!(
                    "classify_critical_point({name}: n = {}, tol = {tol:e}, ||grad||_inf = {:e}): \
                     expected Ok({want:?}), got {got:?}; numpy.linalg.eigvalsh gives {eigenvalues:?}",
                    h.nrows(),
                    grad.iter().fold(0.0_f64, |m, g| m.max(g.abs()))
                )
            },
            CLASSIFY_RULE,
        );
    }
}
