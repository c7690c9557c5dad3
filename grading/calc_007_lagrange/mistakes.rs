//! One test per classic mistake of the statement, on the input that exposes it, plus the
//! elimination without row exchanges. Each failure message names the mistake.

use crate::fixtures::SVM_CASES;
use crate::{
    KKT_ATOL, KKT_RTOL, OBJ_ATOL, OBJ_RTOL, QP_ATOL, QP_RTOL, RECOVER_ATOL, RECOVER_RTOL, mat,
    residuals, solve_qp,
};
use calc_007_lagrange::{svm_primal_objective, svm_recover_primal};
use grading_support::{assert_all_close, assert_close};
use ndarray::{Array2, array};

#[test]
fn multiplier_sign_follows_l_equals_f_plus_lambda_times_constraint() {
    let s = solve_qp(
        &Array2::eye(2),
        &[0.0, 0.0],
        &array![[1.0, 1.0]],
        &[1.0],
        "QP min 1/2 ||x||^2 s.t. x1 + x2 = 1",
    );
    assert_all_close(
        "QP min 1/2 ||x||^2 s.t. x1 + x2 = 1: lambda",
        s.lambda.as_slice().unwrap(),
        &[-0.5],
        QP_RTOL,
        QP_ATOL,
        "multiplier sign flipped: with L = f + lambda^T (A x - b) stationarity is \
         x + A^T lambda = 0, so lambda = -0.5 (and dp*/db = +0.5 = -lambda); +0.5 comes from \
         L = f - lambda^T (A x - b), i.e. -A^T in the top-right block of K",
    );
}

#[test]
fn kkt_matrix_has_a_transpose_in_the_top_right_block() {
    // min ½‖x‖² s.t. x₁ + 2x₂ + 3x₃ = 14: x = Aᵀ(14/14) = (1, 2, 3), λ = −1.
    let s = solve_qp(
        &Array2::eye(3),
        &[0.0, 0.0, 0.0],
        &array![[1.0, 2.0, 3.0]],
        &[14.0],
        "QP n = 3, m = 1, A = [[1, 2, 3]], b = [14]",
    );
    let likely = "the top-right block of K = [[Q, A^T], [A, 0]] is A^T (n x m), not A (m x n): \
                  with m != n, A does not even fit there";
    assert_all_close(
        "QP min 1/2 ||x||^2 s.t. x1 + 2 x2 + 3 x3 = 14: x",
        s.x.as_slice().unwrap(),
        &[1.0, 2.0, 3.0],
        QP_RTOL,
        QP_ATOL,
        likely,
    );
    assert_all_close(
        "QP min 1/2 ||x||^2 s.t. x1 + 2 x2 + 3 x3 = 14: lambda",
        s.lambda.as_slice().unwrap(),
        &[-1.0],
        QP_RTOL,
        QP_ATOL,
        likely,
    );
}

#[test]
fn kkt_elimination_needs_row_exchanges() {
    // K[0][0] = 0 (Q₀₀ = 0), although Q is positive definite on null(A) = span(e₂, e₃).
    let q = array![[0.0, 1.0, 0.0], [1.0, 2.0, 0.0], [0.0, 0.0, 1.0]];
    let s = solve_qp(
        &q,
        &[1.0, 1.0, 1.0],
        &array![[1.0, 0.0, 0.0]],
        &[2.0],
        "QP with Q_00 = 0, A = [[1, 0, 0]], b = [2]",
    );
    let likely = "Gaussian elimination without partial pivoting divides by the zero pivot K_00 = 0; \
                  swap in the row with the largest |entry| of the column first";
    assert_all_close(
        "QP with Q_00 = 0: x",
        s.x.as_slice().unwrap(),
        &[2.0, -1.5, -1.0],
        QP_RTOL,
        QP_ATOL,
        likely,
    );
    assert_all_close(
        "QP with Q_00 = 0: lambda",
        s.lambda.as_slice().unwrap(),
        &[0.5],
        QP_RTOL,
        QP_ATOL,
        likely,
    );
}

#[test]
fn dual_feasibility_sees_the_sign_of_the_multiplier() {
    let r = residuals(
        &[0.0],
        &[0.0],
        &array![[1.0]],
        &[],
        &Array2::zeros((0, 1)),
        &[-1.0],
        &[],
        "kkt_residuals(mu = [-1], g = [0])",
    );
    assert_close(
        "kkt_residuals(mu = [-1], g = [0]).dual_feasibility",
        r.dual_feasibility,
        1.0,
        KKT_RTOL,
        KKT_ATOL,
        "dual feasibility ignores the sign: the requirement is mu >= 0, so the violation is \
         max(0, max_i(-mu_i)) = 1, not max(0, max_i mu_i) = 0",
    );
}

#[test]
fn primal_weights_carry_the_labels() {
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let r = svm_recover_primal(x.view(), &[1.0, -1.0], &[0.25, 0.25], 10.0, 1e-9);
    let (w, _) =
        r.unwrap_or_else(|e| panic!("svm_recover_primal(two points): expected Ok, got Err({e:?})"));
    assert_all_close(
        "svm_recover_primal(X = [[1, 1], [-1, -1]], y = [1, -1], alpha = (0.25, 0.25)): w",
        w.as_slice().unwrap(),
        &[0.5, 0.5],
        RECOVER_RTOL,
        RECOVER_ATOL,
        "labels forgotten: w = sum alpha_i y_i x_i (stationarity of the Lagrangian in w), not \
         sum alpha_i x_i, which gives (0, 0) here",
    );
}

#[test]
fn intercept_averages_only_free_support_vectors() {
    let case = SVM_CASES
        .iter()
        .find(|c| c.name == "OVERLAP_20")
        .expect("fixture OVERLAP_20");
    let x = mat(case.n, case.d, case.x);
    let r = svm_recover_primal(x.view(), case.y, case.alpha, case.c, 1e-9);
    let (_, b) =
        r.unwrap_or_else(|e| panic!("svm_recover_primal(OVERLAP_20): expected Ok, got Err({e:?})"));
    assert_close(
        &format!(
            "svm_recover_primal(OVERLAP_20, alpha*, C = {}; {} free SVs, {} at C): b",
            case.c, case.n_free, case.n_at_c
        ),
        b,
        case.b,
        RECOVER_RTOL,
        RECOVER_ATOL,
        &format!(
            "b averaged over all SVs, bound ones included (that gives {:?}): a bound SV \
             (alpha = C) violates the margin, y f(x) < 1, so y_i - w.x_i is not b for it; \
             average over the free SVs (tol < alpha < C - tol) only",
            case.b_all_sv
        ),
    );
}

#[test]
fn intercept_without_free_support_vectors_is_the_midpoint() {
    let case = SVM_CASES
        .iter()
        .find(|c| c.name == "ALL_BOUND")
        .expect("fixture ALL_BOUND");
    let x = mat(case.n, case.d, case.x);
    let r = svm_recover_primal(x.view(), case.y, case.alpha, case.c, 1e-9);
    let (_, b) =
        r.unwrap_or_else(|e| panic!("svm_recover_primal(ALL_BOUND): expected Ok, got Err({e:?})"));
    assert_close(
        &format!(
            "svm_recover_primal(ALL_BOUND, every alpha_i = C = {}): b",
            case.c
        ),
        b,
        case.b,
        RECOVER_RTOL,
        RECOVER_ATOL,
        &format!(
            "b from a single SV: with no free SV the KKT conditions only give L <= b <= U \
             (here L = {:?}, U = {:?}); libsvm's rule takes the midpoint (L + U)/2, not the \
             value y_i - w.x_i of one SV",
            case.lower, case.upper
        ),
    );
}

#[test]
fn hinge_is_clipped_at_zero() {
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let r = svm_primal_objective(x.view(), &[1.0, -1.0], array![1.0, 1.0].view(), 0.0, 1.0);
    let p = r.unwrap_or_else(|e| {
        panic!("svm_primal_objective(two points, w = (1, 1)): expected Ok, got Err({e:?})")
    });
    assert_close(
        "svm_primal_objective(two points, w = (1, 1), b = 0, C = 1)",
        p,
        1.0,
        OBJ_RTOL,
        OBJ_ATOL,
        "both margins y f = 2 exceed 1, so both hinge terms max(0, 1 - y f) are 0 and P = \
         1/2 ||w||^2 = 1; max(0, y f) gives 5, and 1 - y f without the max gives -1",
    );
}
