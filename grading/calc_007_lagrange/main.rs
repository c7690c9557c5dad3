//! Hidden tests of `calc_007_lagrange`, compiled against the learner's crate (or the
//! reference solution): golden values (numpy KKT solves, exactly evaluated KKT residuals and
//! SVM objectives, exact SVM optima cross-checked with scikit-learn's `SVC`), every edge input
//! of the statement, its properties (weak and strong duality among them), and one test per
//! classic mistake.
//!
//! The task has no randomness (SMO is deterministic), so there is no statistical module. SMO is
//! graded only by what every correct solver must satisfy, never by its iteration path.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/calc_007_lagrange/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/calc_007_lagrange/golden.rs");
}

use calc_007_lagrange::{
    KktResiduals, QpSolution, SvmModel, equality_constrained_qp, kkt_residuals, svm_fit_smo,
};
use ndarray::{Array1, Array2, ArrayView2};

/// Tolerances of the statement.
const QP_RTOL: f64 = 1e-9;
const QP_ATOL: f64 = 1e-10;
const KKT_RTOL: f64 = 1e-12;
const KKT_ATOL: f64 = 1e-14;
const OBJ_RTOL: f64 = 1e-12;
const OBJ_ATOL: f64 = 1e-14;
const RECOVER_RTOL: f64 = 1e-10;
const RECOVER_ATOL: f64 = 1e-12;
/// SMO is run at this stopping tolerance, with this many updates allowed.
const SMO_TOL: f64 = 1e-10;
const SMO_MAX_ITER: usize = 1_000_000;
/// SMO against the exact optimum.
const SMO_W_ATOL: f64 = 1e-6;
const SMO_B_ATOL: f64 = 1e-6;
const SMO_DUAL_RTOL: f64 = 1e-9;

/// A row-major matrix.
fn mat(rows: usize, cols: usize, data: &[f64]) -> Array2<f64> {
    assert_eq!(rows * cols, data.len(), "test data: bad matrix shape");
    Array2::from_shape_vec((rows, cols), data.to_vec()).expect("test data: bad matrix shape")
}

/// `equality_constrained_qp` that must succeed.
#[track_caller]
fn solve_qp(q: &Array2<f64>, c: &[f64], a: &Array2<f64>, b: &[f64], what: &str) -> QpSolution {
    let c = Array1::from(c.to_vec());
    let b = Array1::from(b.to_vec());
    match equality_constrained_qp(q.view(), c.view(), a.view(), b.view()) {
        Ok(s) => {
            assert!(
                s.x.len() == q.nrows() && s.lambda.len() == a.nrows(),
                "{what}: expected x of length {} and lambda of length {}, got {} and {}",
                q.nrows(),
                a.nrows(),
                s.x.len(),
                s.lambda.len()
            );
            s
        }
        Err(e) => panic!(
            "{what}: expected Ok, got Err({e:?}).\nLikely mistake: rejecting a valid, \
             well-conditioned KKT system (check the pivot search and the singularity threshold \
             1e-12 * max|K_ij|)"
        ),
    }
}

/// `kkt_residuals` that must succeed.
#[allow(clippy::too_many_arguments)]
#[track_caller]
fn residuals(
    grad_f: &[f64],
    g: &[f64],
    jac_g: &Array2<f64>,
    h: &[f64],
    jac_h: &Array2<f64>,
    mu: &[f64],
    lambda: &[f64],
    what: &str,
) -> KktResiduals {
    let r = kkt_residuals(
        Array1::from(grad_f.to_vec()).view(),
        Array1::from(g.to_vec()).view(),
        jac_g.view(),
        Array1::from(h.to_vec()).view(),
        jac_h.view(),
        Array1::from(mu.to_vec()).view(),
        Array1::from(lambda.to_vec()).view(),
    );
    r.unwrap_or_else(|e| {
        panic!(
            "{what}: expected Ok, got Err({e:?}).\nLikely mistake: a shape check that rejects \
             valid input (jac_g is p x n, jac_h is q x n, 0 x n when p or q is 0)"
        )
    })
}

/// `svm_fit_smo` at the grader's tolerance, which must succeed.
#[track_caller]
fn fit(x: ArrayView2<f64>, y: &[f64], c: f64, what: &str) -> SvmModel {
    match svm_fit_smo(x, y, c, SMO_TOL, SMO_MAX_ITER) {
        Ok(m) => {
            assert!(
                m.alpha.len() == x.nrows() && m.w.len() == x.ncols(),
                "{what}: expected alpha of length {} and w of length {}, got {} and {}",
                x.nrows(),
                x.ncols(),
                m.alpha.len(),
                m.w.len()
            );
            m
        }
        Err(e) => panic!(
            "{what}: svm_fit_smo(C = {c}, tol = {SMO_TOL:e}, max_iter = {SMO_MAX_ITER}): \
             expected Ok, got Err({e:?}).\nLikely mistake: an update that does not decrease \
             the objective (check the sign of the step along y_i e_i - y_j e_j, the gradient \
             update, and the I_up / I_low membership rules)"
        ),
    }
}

/// The Gram matrix X Xᵀ, computed by the tests themselves.
fn gram_of(x: ArrayView2<f64>) -> Array2<f64> {
    x.dot(&x.t())
}

/// D(α) = Σα − ½ Σ α_i α_j y_i y_j x_i·x_j: the tests' own evaluation.
fn dual_value(x: ArrayView2<f64>, y: &[f64], alpha: &[f64]) -> f64 {
    let w = weights(x, y, alpha);
    alpha.iter().sum::<f64>() - 0.5 * w.dot(&w)
}

/// P(w, b) for finite C: the tests' own evaluation.
fn primal_value(x: ArrayView2<f64>, y: &[f64], w: &Array1<f64>, b: f64, c: f64) -> f64 {
    let hinge: f64 = (0..y.len())
        .map(|i| (1.0 - y[i] * (x.row(i).dot(w) + b)).max(0.0))
        .sum();
    0.5 * w.dot(w) + c * hinge
}

/// Σ α_i y_i x_i: the tests' own evaluation.
fn weights(x: ArrayView2<f64>, y: &[f64], alpha: &[f64]) -> Array1<f64> {
    let mut w = Array1::zeros(x.ncols());
    for i in 0..y.len() {
        w.scaled_add(alpha[i] * y[i], &x.row(i));
    }
    w
}
