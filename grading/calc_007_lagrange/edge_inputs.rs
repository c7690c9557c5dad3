//! Every row of the statement's edge-input table, the corrected `SingleClass` row, and the
//! errors of each function with their validation order.

use crate::{
    KKT_ATOL, KKT_RTOL, OBJ_ATOL, OBJ_RTOL, QP_ATOL, QP_RTOL, RECOVER_ATOL, RECOVER_RTOL,
    SMO_B_ATOL, SMO_W_ATOL, fit, mat, residuals, solve_qp,
};
use calc_007_lagrange::{
    Error, equality_constrained_qp, kkt_residuals, svm_dual_objective, svm_fit_smo,
    svm_primal_objective, svm_recover_primal,
};
use grading_support::{assert_all_close, assert_close, ensure};
use ndarray::{Array1, Array2, array};

/// The two-point set of the statement: x₁ = (1, 1) with y = +1, x₂ = (−1, −1) with y = −1.
fn two_points() -> (Array2<f64>, [f64; 2]) {
    (array![[1.0, 1.0], [-1.0, -1.0]], [1.0, -1.0])
}

// ------------------------------------------------------------------ QP

#[test]
fn qp_min_half_norm_on_the_line_x1_plus_x2_equals_1() {
    let s = solve_qp(
        &Array2::eye(2),
        &[0.0, 0.0],
        &array![[1.0, 1.0]],
        &[1.0],
        "QP Q = I, A = [[1, 1]], b = [1]",
    );
    assert_all_close(
        "QP min 1/2 ||x||^2 s.t. x1 + x2 = 1: x",
        s.x.as_slice().unwrap(),
        &[0.5, 0.5],
        QP_RTOL,
        QP_ATOL,
        "the closest point of the line to the origin is (0.5, 0.5)",
    );
    assert_all_close(
        "QP min 1/2 ||x||^2 s.t. x1 + x2 = 1: lambda",
        s.lambda.as_slice().unwrap(),
        &[-0.5],
        QP_RTOL,
        QP_ATOL,
        "stationarity x + A^T lambda = 0 gives lambda = -0.5; +0.5 means the Lagrangian was \
         written f - lambda^T (A x - b)",
    );
}

#[test]
fn qp_without_constraints_is_minus_q_inverse_c() {
    let s = solve_qp(
        &Array2::eye(2),
        &[1.0, -2.0],
        &Array2::zeros((0, 2)),
        &[],
        "QP m = 0, Q = I, c = (1, -2)",
    );
    assert_all_close(
        "QP m = 0, Q = I, c = (1, -2): x",
        s.x.as_slice().unwrap(),
        &[-1.0, 2.0],
        QP_RTOL,
        QP_ATOL,
        "with no constraints the KKT system is Q x = -c",
    );
    ensure(
        s.lambda.is_empty(),
        || format!("QP m = 0: expected an empty lambda, got {}", s.lambda),
        "lambda has one entry per constraint",
    );
}

#[test]
fn qp_with_duplicate_constraint_rows_is_singular() {
    let q = Array2::<f64>::eye(2);
    let a = array![[1.0, 1.0], [2.0, 2.0]];
    let r = equality_constrained_qp(
        q.view(),
        array![0.0, 0.0].view(),
        a.view(),
        array![1.0, 2.0].view(),
    );
    ensure(
        matches!(r, Err(Error::SingularKkt)),
        || {
            format!(
                "QP with A = [[1, 1], [2, 2]], b = [1, 2]: expected Err(SingularKkt), got {r:?}"
            )
        },
        "a pivot |p| <= 1e-12 * max|K_ij| must be reported, not divided by: dependent rows of A \
         make the KKT matrix singular",
    );
}

#[test]
fn qp_with_zero_q_and_fewer_constraints_than_variables_is_singular() {
    let q = Array2::<f64>::zeros((2, 2));
    let a = array![[1.0, 1.0]];
    let r = equality_constrained_qp(
        q.view(),
        array![1.0, 0.0].view(),
        a.view(),
        array![1.0].view(),
    );
    ensure(
        matches!(r, Err(Error::SingularKkt)),
        || format!("QP with Q = 0, A = [[1, 1]]: expected Err(SingularKkt), got {r:?}"),
        "Q = 0 with m < n leaves directions in null(A) without curvature: the KKT matrix is \
         singular",
    );
}

#[test]
fn qp_validation_errors_in_the_stated_order() {
    let eye = Array2::<f64>::eye(2);
    let a = array![[1.0, 1.0]];
    let c = array![0.0, 0.0];
    let b = array![1.0];
    let run = |q: Array2<f64>, c: Array1<f64>, a: Array2<f64>, b: Array1<f64>| {
        equality_constrained_qp(q.view(), c.view(), a.view(), b.view())
    };
    let checks: Vec<(&str, String, bool)> = vec![
        {
            let r = run(Array2::zeros((2, 3)), c.clone(), a.clone(), b.clone());
            (
                "Q 2x3: expected Err(NotSquare ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::NotSquare { .. })),
            )
        },
        {
            let r = run(
                Array2::zeros((0, 0)),
                array![],
                Array2::zeros((0, 0)),
                array![],
            );
            (
                "Q 0x0: expected Err(EmptyInput)",
                format!("{r:?}"),
                matches!(r, Err(Error::EmptyInput)),
            )
        },
        {
            let r = run(
                Array2::zeros((0, 1)),
                array![],
                Array2::zeros((0, 0)),
                array![],
            );
            (
                "Q 0x1 (not square and empty): expected Err(NotSquare ..) first",
                format!("{r:?}"),
                matches!(r, Err(Error::NotSquare { .. })),
            )
        },
        {
            let r = run(eye.clone(), array![0.0, 0.0, 0.0], a.clone(), b.clone());
            (
                "c of length 3: expected Err(DimensionMismatch ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::DimensionMismatch { .. })),
            )
        },
        {
            let r = run(eye.clone(), c.clone(), array![[1.0, 1.0, 1.0]], b.clone());
            (
                "A with 3 columns: expected Err(DimensionMismatch ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::DimensionMismatch { .. })),
            )
        },
        {
            let r = run(eye.clone(), c.clone(), a.clone(), array![1.0, 2.0]);
            (
                "b of length 2 for one constraint: expected Err(DimensionMismatch ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::DimensionMismatch { .. })),
            )
        },
        {
            let r = run(
                array![[1.0, 0.0], [0.0, f64::NAN]],
                c.clone(),
                a.clone(),
                b.clone(),
            );
            (
                "NaN in Q: expected Err(NonFinite ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
        {
            let r = run(
                eye.clone(),
                array![f64::INFINITY, 0.0],
                a.clone(),
                b.clone(),
            );
            (
                "+inf in c: expected Err(NonFinite ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
        {
            let r = run(eye.clone(), c.clone(), a.clone(), array![f64::NAN]);
            (
                "NaN in b: expected Err(NonFinite ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
        {
            let r = run(
                array![[1.0, 5.0], [0.0, f64::NAN]],
                c.clone(),
                a.clone(),
                b.clone(),
            );
            (
                "NaN in an asymmetric Q: expected Err(NonFinite ..) before NotSymmetric",
                format!("{r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
        {
            let r = run(
                array![[1.0, 1e-9], [0.0, 1.0]],
                c.clone(),
                a.clone(),
                b.clone(),
            );
            (
                "Q = [[1, 1e-9], [0, 1]]: expected Err(NotSymmetric ..)",
                format!("{r:?}"),
                matches!(r, Err(Error::NotSymmetric { .. })),
            )
        },
    ];
    for (what, got, ok) in checks {
        ensure(
            ok,
            || format!("equality_constrained_qp with {what}, got {got}"),
            "validate in the stated order: square Q, n > 0, the shapes of c, A and b, finite \
             entries, symmetry of Q",
        );
    }
}

#[test]
fn qp_accepts_q_that_is_symmetric_up_to_rounding() {
    // |Q_01 - Q_10| = 1e-13 <= 1e-12 * max(1, max|Q|) = 1e-12.
    let q = array![[2.0, 0.5 + 1e-13], [0.5, 1.0]];
    let s = solve_qp(
        &q,
        &[1.0, 1.0],
        &Array2::zeros((0, 2)),
        &[],
        "QP with |Q_01 - Q_10| = 1e-13",
    );
    ensure(
        s.x.iter().all(|v| v.is_finite()),
        || {
            format!(
                "QP with a nearly symmetric Q: expected a finite x, got {}",
                s.x
            )
        },
        "the symmetry tolerance is 1e-12 * max(1, max|Q_ij|), not exact equality",
    );
}

// ------------------------------------------------------------------ KKT residuals

#[test]
fn kkt_of_min_x_squared_subject_to_x_at_least_1_is_zero_at_the_optimum() {
    // f = x², g = 1 − x ≤ 0, at x = 1 with μ = 2: ∇f = 2, g = 0, J_g = [[−1]].
    let r = residuals(
        &[2.0],
        &[0.0],
        &array![[-1.0]],
        &[],
        &Array2::zeros((0, 1)),
        &[2.0],
        &[],
        "kkt_residuals(min x^2 s.t. 1 - x <= 0, x = 1, mu = 2)",
    );
    for (name, v) in [
        ("stationarity", r.stationarity),
        ("primal_equality", r.primal_equality),
        ("primal_inequality", r.primal_inequality),
        ("dual_feasibility", r.dual_feasibility),
        ("complementary_slackness", r.complementary_slackness),
    ] {
        assert_close(
            &format!("kkt_residuals(min x^2 s.t. 1 - x <= 0 at x = 1, mu = 2).{name}"),
            v,
            0.0,
            KKT_RTOL,
            KKT_ATOL,
            "stationarity is grad f + J_g^T mu = 2 + (-1)(2) = 0; every other residual is 0 at \
             this KKT point",
        );
    }
}

#[test]
fn kkt_without_constraints_is_only_the_gradient_norm() {
    let r = residuals(
        &[0.5, -3.0, 2.0],
        &[],
        &Array2::zeros((0, 3)),
        &[],
        &Array2::zeros((0, 3)),
        &[],
        &[],
        "kkt_residuals(p = q = 0)",
    );
    assert_close(
        "kkt_residuals(grad f = (0.5, -3, 2), p = q = 0).stationarity",
        r.stationarity,
        3.0,
        KKT_RTOL,
        KKT_ATOL,
        "stationarity is the max-norm ||grad f||_inf (not the Euclidean norm)",
    );
    for (name, v) in [
        ("primal_equality", r.primal_equality),
        ("primal_inequality", r.primal_inequality),
        ("dual_feasibility", r.dual_feasibility),
        ("complementary_slackness", r.complementary_slackness),
    ] {
        assert_close(
            &format!("kkt_residuals(p = q = 0).{name}"),
            v,
            0.0,
            0.0,
            0.0,
            "a maximum over no constraints is 0 (start the running maximum at 0, not -inf)",
        );
    }
}

#[test]
fn kkt_validation_errors() {
    let jg = array![[1.0, 0.0]];
    let jh = array![[0.0, 1.0]];
    let v2 = array![1.0, 2.0];
    let v1 = array![0.5];
    let cases = [
        (
            "jac_g with 3 columns for n = 2",
            kkt_residuals(
                v2.view(),
                v1.view(),
                array![[1.0, 0.0, 0.0]].view(),
                v1.view(),
                jh.view(),
                v1.view(),
                v1.view(),
            ),
            true,
        ),
        (
            "jac_g with 2 rows for p = 1",
            kkt_residuals(
                v2.view(),
                v1.view(),
                array![[1.0, 0.0], [0.0, 1.0]].view(),
                v1.view(),
                jh.view(),
                v1.view(),
                v1.view(),
            ),
            true,
        ),
        (
            "jac_h with 0 rows for q = 1",
            kkt_residuals(
                v2.view(),
                v1.view(),
                jg.view(),
                v1.view(),
                Array2::zeros((0, 2)).view(),
                v1.view(),
                v1.view(),
            ),
            true,
        ),
        (
            "mu of length 2 for p = 1",
            kkt_residuals(
                v2.view(),
                v1.view(),
                jg.view(),
                v1.view(),
                jh.view(),
                v2.view(),
                v1.view(),
            ),
            true,
        ),
        (
            "lambda of length 2 for q = 1",
            kkt_residuals(
                v2.view(),
                v1.view(),
                jg.view(),
                v1.view(),
                jh.view(),
                v1.view(),
                v2.view(),
            ),
            true,
        ),
        (
            "NaN in grad_f",
            kkt_residuals(
                array![f64::NAN, 0.0].view(),
                v1.view(),
                jg.view(),
                v1.view(),
                jh.view(),
                v1.view(),
                v1.view(),
            ),
            false,
        ),
        (
            "+inf in jac_h",
            kkt_residuals(
                v2.view(),
                v1.view(),
                jg.view(),
                v1.view(),
                array![[f64::INFINITY, 0.0]].view(),
                v1.view(),
                v1.view(),
            ),
            false,
        ),
        (
            "NaN in mu",
            kkt_residuals(
                v2.view(),
                v1.view(),
                jg.view(),
                v1.view(),
                jh.view(),
                array![f64::NAN].view(),
                v1.view(),
            ),
            false,
        ),
    ];
    for (what, r, shape) in cases {
        let ok = if shape {
            matches!(r, Err(Error::DimensionMismatch { .. }))
        } else {
            matches!(r, Err(Error::NonFinite { .. }))
        };
        ensure(
            ok,
            || {
                format!(
                    "kkt_residuals with {what}: expected Err({} ..), got {r:?}",
                    if shape {
                        "DimensionMismatch"
                    } else {
                        "NonFinite"
                    }
                )
            },
            "jac_g must be p x n and jac_h q x n, mu of length p and lambda of length q; every \
             entry must be finite",
        );
    }
}

// ------------------------------------------------------------------ SVM objectives

#[test]
fn dual_objective_of_the_two_point_set() {
    let (x, y) = two_points();
    let gram = x.dot(&x.t());
    let got = svm_dual_objective(gram.view(), &y, &[0.25, 0.25]);
    let got = got.unwrap_or_else(|e| {
        panic!("svm_dual_objective(two points, alpha = (0.25, 0.25)): got Err({e:?})")
    });
    assert_close(
        "svm_dual_objective(X = [[1, 1], [-1, -1]], y = [1, -1], alpha = (0.25, 0.25))",
        got,
        0.25,
        OBJ_RTOL,
        OBJ_ATOL,
        "D = sum alpha - 1/2 sum alpha_i alpha_j y_i y_j K_ij = 0.5 - 1/2 * 0.5 = 0.25",
    );
}

#[test]
fn primal_objective_of_the_two_point_set_equals_the_dual() {
    let (x, y) = two_points();
    let got = svm_primal_objective(x.view(), &y, array![0.5, 0.5].view(), 0.0, 10.0);
    let got = got.unwrap_or_else(|e| panic!("svm_primal_objective(two points): got Err({e:?})"));
    assert_close(
        "svm_primal_objective(two points, w = (0.5, 0.5), b = 0, C = 10)",
        got,
        0.25,
        OBJ_RTOL,
        OBJ_ATOL,
        "both margins are exactly 1, so the hinge terms are 0 and P = 1/2 ||w||^2 = 0.25 = D \
         (strong duality)",
    );
}

#[test]
fn hard_margin_primal_is_half_norm_or_infinity_never_nan() {
    let (x, y) = two_points();
    let at =
        |w: Array1<f64>, b: f64| svm_primal_objective(x.view(), &y, w.view(), b, f64::INFINITY);
    let r = at(array![0.5, 0.5], 0.0);
    ensure(
        matches!(r, Ok(v) if (v - 0.25).abs() <= OBJ_ATOL + OBJ_RTOL * 0.25),
        || {
            format!(
                "svm_primal_objective(two points, w = (0.5, 0.5), b = 0, C = inf): expected Ok(0.25), got {r:?}"
            )
        },
        "with C = inf and every margin >= 1 the objective is 1/2 ||w||^2 (inf * 0 is NaN: do not \
         multiply C by a zero hinge sum)",
    );
    let r = at(array![0.25, 0.25], 0.0);
    ensure(
        matches!(r, Ok(v) if v == f64::INFINITY),
        || {
            format!(
                "svm_primal_objective(two points, w = (0.25, 0.25), b = 0, C = inf): expected Ok(inf), got {r:?}"
            )
        },
        "with C = inf a margin below 1 makes the hard-margin objective +inf",
    );
}

#[test]
fn svm_objectives_validation_errors() {
    let (x, y) = two_points();
    let gram = x.dot(&x.t());
    let w = array![0.5, 0.5];
    let checks: Vec<(String, bool, &str)> = vec![
        {
            let r = svm_dual_objective(Array2::zeros((2, 3)).view(), &y, &[0.1, 0.1]);
            (
                format!("svm_dual_objective(gram 2x3): expected Err(NotSquare ..), got {r:?}"),
                matches!(r, Err(Error::NotSquare { .. })),
                "the Gram matrix is n x n",
            )
        },
        {
            let r = svm_dual_objective(Array2::zeros((0, 0)).view(), &[], &[]);
            (
                format!("svm_dual_objective(n = 0): expected Err(EmptyInput), got {r:?}"),
                matches!(r, Err(Error::EmptyInput)),
                "n = 0 is EmptyInput",
            )
        },
        {
            let r = svm_dual_objective(gram.view(), &y, &[0.1]);
            (
                format!(
                    "svm_dual_objective(alpha of length 1): expected Err(DimensionMismatch ..), got {r:?}"
                ),
                matches!(r, Err(Error::DimensionMismatch { .. })),
                "alpha has one entry per point",
            )
        },
        {
            let r = svm_dual_objective(gram.view(), &y, &[0.1, f64::NAN]);
            (
                format!("svm_dual_objective(NaN in alpha): expected Err(NonFinite ..), got {r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
                "reject non-finite alpha",
            )
        },
        {
            let r = svm_primal_objective(Array2::zeros((0, 2)).view(), &[], w.view(), 0.0, 1.0);
            (
                format!("svm_primal_objective(n = 0): expected Err(EmptyInput), got {r:?}"),
                matches!(r, Err(Error::EmptyInput)),
                "n = 0 is EmptyInput",
            )
        },
        {
            let r = svm_primal_objective(x.view(), &y, array![0.5].view(), 0.0, 1.0);
            (
                format!(
                    "svm_primal_objective(w of length 1 for d = 2): expected Err(DimensionMismatch ..), got {r:?}"
                ),
                matches!(r, Err(Error::DimensionMismatch { .. })),
                "w has one entry per feature",
            )
        },
        {
            let r = svm_primal_objective(x.view(), &y, w.view(), 0.0, 0.0);
            (
                format!("svm_primal_objective(C = 0): expected Err(InvalidC ..), got {r:?}"),
                matches!(r, Err(Error::InvalidC { .. })),
                "C must be > 0",
            )
        },
        {
            let r = svm_primal_objective(x.view(), &y, w.view(), 0.0, f64::NAN);
            (
                format!("svm_primal_objective(C = NaN): expected Err(InvalidC ..), got {r:?}"),
                matches!(r, Err(Error::InvalidC { .. })),
                "C = NaN is invalid",
            )
        },
        {
            let r = svm_primal_objective(x.view(), &y, w.view(), f64::NAN, 1.0);
            (
                format!("svm_primal_objective(b = NaN): expected Err(NonFinite ..), got {r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
                "b must be finite",
            )
        },
        {
            let r = svm_primal_objective(x.view(), &[1.0, 0.0], w.view(), 0.0, f64::NAN);
            (
                format!(
                    "svm_primal_objective(label 0 and C = NaN): expected Err(InvalidLabel ..) first, got {r:?}"
                ),
                matches!(r, Err(Error::InvalidLabel { .. })),
                "labels are checked before C",
            )
        },
    ];
    for (what, ok, likely) in checks {
        ensure(ok, || what, likely);
    }
}

// ------------------------------------------------------------------ recover_primal

#[test]
fn recover_primal_of_the_two_point_set() {
    let (x, y) = two_points();
    let r = svm_recover_primal(x.view(), &y, &[0.25, 0.25], 10.0, 1e-9);
    let (w, b) = r.unwrap_or_else(|e| {
        panic!("svm_recover_primal(two points, alpha = (0.25, 0.25)): got Err({e:?})")
    });
    assert_all_close(
        "svm_recover_primal(two points, alpha = (0.25, 0.25), C = 10): w",
        w.as_slice().unwrap(),
        &[0.5, 0.5],
        RECOVER_RTOL,
        RECOVER_ATOL,
        "w = sum alpha_i y_i x_i = 0.25 (1, 1) - 0.25 (-1, -1)",
    );
    assert_close(
        "svm_recover_primal(two points, alpha = (0.25, 0.25), C = 10): b",
        b,
        0.0,
        RECOVER_RTOL,
        RECOVER_ATOL,
        "both points are free SVs: b = mean(y_i - w.x_i) = mean(1 - 1, -1 + 1) = 0",
    );
}

#[test]
fn recover_primal_with_one_class_is_single_class() {
    let (x, _) = two_points();
    let r = svm_recover_primal(x.view(), &[1.0, 1.0], &[0.0, 0.0], 10.0, 1e-9);
    ensure(
        matches!(r, Err(Error::SingleClass)),
        || {
            format!(
                "svm_recover_primal(y = [1, 1], alpha = [0, 0]): expected Err(SingleClass), got {r:?}"
            )
        },
        "with one class there is no separating hyperplane to recover",
    );
}

#[test]
fn recover_primal_checks_the_balance_constraint() {
    let (x, y) = two_points();
    let r = svm_recover_primal(x.view(), &y, &[0.3, 0.1], 10.0, 1e-9);
    ensure(
        matches!(r, Err(Error::InfeasibleDual { index: None })),
        || {
            format!(
                "svm_recover_primal(alpha = [0.3, 0.1]): expected Err(InfeasibleDual {{ index: None }}), got {r:?}"
            )
        },
        "sum alpha_i y_i = 0.2 != 0 violates the equality constraint y^T alpha = 0 of the dual",
    );
}

#[test]
fn recover_primal_checks_the_box_before_the_balance_and_the_classes() {
    let (x, y) = two_points();
    let r = svm_recover_primal(x.view(), &y, &[0.25, 10.5], 10.0, 1e-9);
    ensure(
        matches!(r, Err(Error::InfeasibleDual { index: Some(1) })),
        || {
            format!(
                "svm_recover_primal(alpha = [0.25, 10.5], C = 10): expected Err(InfeasibleDual {{ index: Some(1) }}), got {r:?}"
            )
        },
        "alpha_1 = 10.5 > C + tol: the box check comes first and names the index",
    );
    let r = svm_recover_primal(x.view(), &y, &[-0.5, 0.25], 10.0, 1e-9);
    ensure(
        matches!(r, Err(Error::InfeasibleDual { index: Some(0) })),
        || {
            format!(
                "svm_recover_primal(alpha = [-0.5, 0.25]): expected Err(InfeasibleDual {{ index: Some(0) }}), got {r:?}"
            )
        },
        "alpha_0 < -tol violates alpha >= 0",
    );
    // Correction of the statement: α = (0.25, 0.25) with one class fails the balance first.
    let r = svm_recover_primal(x.view(), &[1.0, 1.0], &[0.25, 0.25], 10.0, 1e-9);
    ensure(
        matches!(r, Err(Error::InfeasibleDual { index: None })),
        || {
            format!(
                "svm_recover_primal(y = [1, 1], alpha = (0.25, 0.25)): expected Err(InfeasibleDual {{ index: None }}), got {r:?}"
            )
        },
        "the balance check |sum alpha_i y_i| <= tol max(1, sum alpha_i) comes before SingleClass",
    );
}

#[test]
fn recover_primal_balance_tolerance_is_relative_to_sum_alpha() {
    // |Σαy| = 1e-8 ≤ tol · max(1, Σα) = 1e-9 · 20.00000001: accepted.
    let (x, y) = two_points();
    let r = svm_recover_primal(x.view(), &y, &[10.0, 10.0 - 1e-8], 10.0, 1e-9);
    ensure(
        r.is_ok(),
        || {
            format!(
                "svm_recover_primal(alpha = [10, 10 - 1e-8], C = 10, tol 1e-9): expected Ok, got {r:?}"
            )
        },
        "the balance tolerance is tol * max(1, sum alpha_i), relative to the size of alpha",
    );
}

#[test]
fn recover_primal_validation_errors() {
    let (x, y) = two_points();
    let a = [0.25, 0.25];
    let checks: Vec<(String, bool)> = vec![
        {
            let r = svm_recover_primal(Array2::zeros((0, 2)).view(), &[], &[], 1.0, 1e-9);
            (
                format!("n = 0: expected Err(EmptyInput), got {r:?}"),
                matches!(r, Err(Error::EmptyInput)),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &[0.25], 1.0, 1e-9);
            (
                format!("alpha of length 1: expected Err(DimensionMismatch ..), got {r:?}"),
                matches!(r, Err(Error::DimensionMismatch { .. })),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &a, -1.0, 1e-9);
            (
                format!("C = -1: expected Err(InvalidC ..), got {r:?}"),
                matches!(r, Err(Error::InvalidC { .. })),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &a, 10.0, -1e-9);
            (
                format!("tol = -1e-9: expected Err(InvalidTolerance ..), got {r:?}"),
                matches!(r, Err(Error::InvalidTolerance { .. })),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &a, 10.0, f64::NAN);
            (
                format!("tol = NaN: expected Err(InvalidTolerance ..), got {r:?}"),
                matches!(r, Err(Error::InvalidTolerance { .. })),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &a, 10.0, f64::INFINITY);
            (
                format!("tol = inf: expected Err(InvalidTolerance ..), got {r:?}"),
                matches!(r, Err(Error::InvalidTolerance { .. })),
            )
        },
        {
            let r = svm_recover_primal(x.view(), &y, &[0.25, f64::NAN], 10.0, 1e-9);
            (
                format!("NaN in alpha: expected Err(NonFinite ..), got {r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
    ];
    for (what, ok) in checks {
        ensure(
            ok,
            || format!("svm_recover_primal with {what}"),
            "validate in the stated order: n > 0, lengths, labels, C (> 0, +inf allowed), tol \
             (finite, >= 0), finite entries, the box, the balance, two classes",
        );
    }
}

#[test]
fn recover_primal_accepts_the_hard_margin() {
    let (x, y) = two_points();
    let r = svm_recover_primal(x.view(), &y, &[0.25, 0.25], f64::INFINITY, 1e-9);
    let (w, b) = r.unwrap_or_else(|e| {
        panic!("svm_recover_primal(two points, C = inf): expected Ok, got Err({e:?})")
    });
    assert_all_close(
        "svm_recover_primal(two points, alpha = (0.25, 0.25), C = inf): w",
        w.as_slice().unwrap(),
        &[0.5, 0.5],
        RECOVER_RTOL,
        RECOVER_ATOL,
        "C = inf is the hard margin: the box is alpha >= 0 only",
    );
    assert_close(
        "svm_recover_primal(two points, alpha = (0.25, 0.25), C = inf): b",
        b,
        0.0,
        RECOVER_RTOL,
        RECOVER_ATOL,
        "with C = inf every alpha_i > tol is free",
    );
}

// ------------------------------------------------------------------ SMO

#[test]
fn smo_on_the_two_point_set() {
    let (x, y) = two_points();
    let m = fit(x.view(), &y, 10.0, "svm_fit_smo(two points, C = 10)");
    assert_all_close(
        "svm_fit_smo(two points, C = 10): alpha",
        m.alpha.as_slice().unwrap(),
        &[0.25, 0.25],
        0.0,
        1e-9,
        "one SMO step from alpha = 0 moves along (y_0, -y_1) by (m - M)/eta = 2/8 = 0.25",
    );
    assert_all_close(
        "svm_fit_smo(two points, C = 10): w",
        m.w.as_slice().unwrap(),
        &[0.5, 0.5],
        0.0,
        SMO_W_ATOL,
        "w = sum alpha_i y_i x_i",
    );
    assert_close(
        "svm_fit_smo(two points, C = 10): b",
        m.b,
        0.0,
        0.0,
        SMO_B_ATOL,
        "both SVs are free: b = 0",
    );
}

#[test]
fn smo_with_zero_iterations_does_not_converge() {
    let (x, y) = two_points();
    let r = svm_fit_smo(x.view(), &y, 10.0, 1e-10, 0);
    ensure(
        matches!(r, Err(Error::NotConverged { iterations: 0 })),
        || {
            format!(
                "svm_fit_smo(two points, max_iter = 0): expected Err(NotConverged {{ iterations: 0 }}), got {r:?}"
            )
        },
        "alpha = 0 is not optimal (m - M = 2 > tol) and no update is allowed",
    );
}

#[test]
fn smo_reports_non_convergence() {
    let ov = crate::fixtures::SVM_CASES
        .iter()
        .find(|c| c.name == "OVERLAP_20")
        .expect("fixture");
    let x = mat(ov.n, ov.d, ov.x);
    let r = svm_fit_smo(x.view(), ov.y, ov.c, 1e-10, 1);
    ensure(
        matches!(r, Err(Error::NotConverged { .. })),
        || {
            format!(
                "svm_fit_smo(OVERLAP_20, max_iter = 1): expected Err(NotConverged ..), got {r:?}"
            )
        },
        "one update cannot solve a 20-point problem with 3 free and 3 bound SVs; stop with \
         NotConverged when max_iter updates are used up and m - M > tol",
    );
}

#[test]
fn smo_validation_errors() {
    let (x, y) = two_points();
    let checks: Vec<(String, bool)> = vec![
        {
            let r = svm_fit_smo(Array2::zeros((0, 2)).view(), &[], 1.0, 1e-3, 10);
            (
                format!("n = 0: expected Err(EmptyInput), got {r:?}"),
                matches!(r, Err(Error::EmptyInput)),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &[1.0], 1.0, 1e-3, 10);
            (
                format!(
                    "y of length 1 for 2 points: expected Err(DimensionMismatch ..), got {r:?}"
                ),
                matches!(r, Err(Error::DimensionMismatch { .. })),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &y, f64::INFINITY, 1e-3, 10);
            (
                format!("C = inf: expected Err(InvalidC ..), got {r:?}"),
                matches!(r, Err(Error::InvalidC { .. })),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &y, -1.0, 1e-3, 10);
            (
                format!("C = -1: expected Err(InvalidC ..), got {r:?}"),
                matches!(r, Err(Error::InvalidC { .. })),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &y, 1.0, 0.0, 10);
            (
                format!("tol = 0: expected Err(InvalidTolerance ..), got {r:?}"),
                matches!(r, Err(Error::InvalidTolerance { .. })),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &y, 1.0, f64::NAN, 10);
            (
                format!("tol = NaN: expected Err(InvalidTolerance ..), got {r:?}"),
                matches!(r, Err(Error::InvalidTolerance { .. })),
            )
        },
        {
            let r = svm_fit_smo(
                array![[1.0, f64::NAN], [-1.0, -1.0]].view(),
                &y,
                1.0,
                1e-3,
                10,
            );
            (
                format!("NaN in x: expected Err(NonFinite ..), got {r:?}"),
                matches!(r, Err(Error::NonFinite { .. })),
            )
        },
        {
            let r = svm_fit_smo(x.view(), &[-1.0, -1.0], 1.0, 1e-3, 10);
            (
                format!("one class: expected Err(SingleClass), got {r:?}"),
                matches!(r, Err(Error::SingleClass)),
            )
        },
    ];
    for (what, ok) in checks {
        ensure(
            ok,
            || format!("svm_fit_smo with {what}"),
            "validate in the stated order: n > 0, lengths, labels, C (finite, > 0), tol (finite, \
             > 0), finite x, two classes",
        );
    }
}

// ------------------------------------------------------------------ labels

#[test]
fn every_svm_function_rejects_the_label_zero() {
    let (x, _) = two_points();
    let y = [1.0, 0.0];
    let gram = x.dot(&x.t());
    let results = [
        (
            "svm_dual_objective",
            svm_dual_objective(gram.view(), &y, &[0.25, 0.25]).map(|_| ()),
        ),
        (
            "svm_primal_objective",
            svm_primal_objective(x.view(), &y, array![0.5, 0.5].view(), 0.0, 10.0).map(|_| ()),
        ),
        (
            "svm_recover_primal",
            svm_recover_primal(x.view(), &y, &[0.25, 0.25], 10.0, 1e-9).map(|_| ()),
        ),
        (
            "svm_fit_smo",
            svm_fit_smo(x.view(), &y, 10.0, 1e-10, 1000).map(|_| ()),
        ),
    ];
    for (name, r) in results {
        ensure(
            matches!(r, Err(Error::InvalidLabel { .. })),
            || {
                format!(
                    "{name} with y = [1, 0]: expected Err(InvalidLabel {{ index: 1, value: 0.0 }}), got {r:?}"
                )
            },
            "labels must be exactly -1.0 or +1.0; 0/1 labels (as in logistic regression) break \
             every formula with y_i",
        );
    }
}
