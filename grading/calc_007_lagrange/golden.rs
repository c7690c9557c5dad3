//! Golden values: numpy's solve of the KKT system, KKT residuals and SVM objectives
//! evaluated exactly on the stored inputs, and the exact optimum of each SVM fixture
//! (cross-checked in the generator with scikit-learn's `SVC` and cvxpy).

use crate::fixtures::{KKT_CASES, QP_CASES, SVM_CASES, SvmCase};
use crate::{
    KKT_ATOL, KKT_RTOL, OBJ_ATOL, OBJ_RTOL, QP_ATOL, QP_RTOL, RECOVER_ATOL, RECOVER_RTOL,
    SMO_B_ATOL, SMO_DUAL_RTOL, SMO_W_ATOL, dual_value, fit, mat, primal_value, residuals, solve_qp,
};
use calc_007_lagrange::{svm_dual_objective, svm_primal_objective, svm_recover_primal};
use grading_support::{assert_all_close, assert_close, ensure};
use ndarray::{Array1, Array2};

fn data(case: &SvmCase) -> Array2<f64> {
    mat(case.n, case.d, case.x)
}

#[test]
fn qp_solutions_match_numpy_solve_of_the_kkt_system() {
    for case in QP_CASES {
        let q = mat(case.n, case.n, case.q);
        let a = mat(case.m, case.n, case.a);
        let what = format!(
            "equality_constrained_qp({}, n = {}, m = {})",
            case.name, case.n, case.m
        );
        let s = solve_qp(&q, case.c, &a, case.b, &what);
        assert_all_close(
            &format!("{what}: x"),
            s.x.as_slice().unwrap(),
            case.x,
            QP_RTOL,
            QP_ATOL,
            "x must solve [[Q, A^T], [A, 0]] [x; lambda] = [-c; b]; check the assembly of the \
             blocks, the right-hand side -c (not c), and the back substitution",
        );
        assert_all_close(
            &format!("{what}: lambda"),
            s.lambda.as_slice().unwrap(),
            case.lambda,
            QP_RTOL,
            QP_ATOL,
            "lambda in the convention L = f + lambda^T (A x - b), i.e. Q x + c + A^T lambda = 0; \
             a flipped sign means the Lagrangian was written f - lambda^T (A x - b)",
        );
    }
}

#[test]
fn kkt_residuals_match_their_exact_values() {
    for case in KKT_CASES {
        let jac_g = mat(case.p, case.n, case.jac_g);
        let jac_h = mat(case.q, case.n, case.jac_h);
        let what = format!("kkt_residuals({})", case.name);
        let r = residuals(
            case.grad_f,
            case.g,
            &jac_g,
            case.h,
            &jac_h,
            case.mu,
            case.lambda,
            &what,
        );
        let got = [
            r.stationarity,
            r.primal_equality,
            r.primal_inequality,
            r.dual_feasibility,
            r.complementary_slackness,
        ];
        let names = [
            (
                "stationarity",
                "||grad f + J_g^T mu + J_h^T lambda||_inf: the Jacobians are transposed (one row \
                 per constraint), and both multiplier terms enter with a plus sign",
            ),
            (
                "primal_equality",
                "max_j |h_j|: the absolute value of every equality residual",
            ),
            (
                "primal_inequality",
                "max(0, max_i g_i): only positive g_i are violations",
            ),
            (
                "dual_feasibility",
                "max(0, max_i (-mu_i)): only negative multipliers violate mu >= 0",
            ),
            (
                "complementary_slackness",
                "max_i |mu_i g_i|, the absolute value of each product",
            ),
        ];
        for (k, (name, likely)) in names.iter().enumerate() {
            assert_close(
                &format!("{what}.{name}"),
                got[k],
                case.residuals[k],
                KKT_RTOL,
                KKT_ATOL,
                likely,
            );
        }
    }
}

#[test]
fn svm_dual_objective_matches_its_exact_value() {
    for case in SVM_CASES {
        let gram = mat(case.n, case.n, case.gram);
        for (label, alpha, want) in [
            ("the optimum", case.alpha, case.dual_at_solution),
            ("an arbitrary alpha", case.alpha_any, case.dual_any),
        ] {
            let got = svm_dual_objective(gram.view(), case.y, alpha).unwrap_or_else(|e| {
                panic!(
                    "svm_dual_objective({}, {label}): expected Ok, got Err({e:?})",
                    case.name
                )
            });
            assert_close(
                &format!("svm_dual_objective({}, {label})", case.name),
                got,
                want,
                OBJ_RTOL,
                OBJ_ATOL,
                "D(alpha) = sum_i alpha_i - 1/2 sum_ij alpha_i alpha_j y_i y_j K_ij: the labels \
                 enter the quadratic term, the linear term is the plain sum of alpha, and \
                 feasibility is not checked",
            );
        }
    }
}

#[test]
fn svm_primal_objective_matches_its_exact_value() {
    for case in SVM_CASES {
        let x = data(case);
        for (label, w, b, want) in [
            ("the optimum", case.w, case.b, case.primal_at_solution),
            (
                "an arbitrary (w, b)",
                case.w_any,
                case.b_any,
                case.primal_any,
            ),
        ] {
            let w = Array1::from(w.to_vec());
            let got =
                svm_primal_objective(x.view(), case.y, w.view(), b, case.c).unwrap_or_else(|e| {
                    panic!(
                        "svm_primal_objective({}, {label}): expected Ok, got Err({e:?})",
                        case.name
                    )
                });
            assert_close(
                &format!(
                    "svm_primal_objective({}, {label}, C = {})",
                    case.name, case.c
                ),
                got,
                want,
                OBJ_RTOL,
                OBJ_ATOL,
                "P(w, b) = 1/2 ||w||^2 + C sum_i max(0, 1 - y_i (w.x_i + b)): the hinge is \
                 clipped at 0 and multiplied by C, the regulariser has the factor 1/2",
            );
        }
    }
}

#[test]
fn strong_duality_holds_at_the_exact_optimum() {
    for case in SVM_CASES {
        let x = data(case);
        let gram = mat(case.n, case.n, case.gram);
        let w = Array1::from(case.w.to_vec());
        let p = svm_primal_objective(x.view(), case.y, w.view(), case.b, case.c);
        let d = svm_dual_objective(gram.view(), case.y, case.alpha);
        let (Ok(p), Ok(d)) = (&p, &d) else {
            panic!(
                "{}: expected both objectives to be Ok, got {p:?} and {d:?}",
                case.name
            )
        };
        assert_close(
            &format!("{}: P(w*, b*) - D(alpha*) (strong duality)", case.name),
            p - d,
            0.0,
            0.0,
            1e-12 * p.abs().max(1.0),
            "at the optimum of a convex problem that satisfies Slater's condition the duality \
             gap is 0; a nonzero gap at the exact optimum means one of the two objectives is \
             mis-specified",
        );
    }
}

#[test]
fn recover_primal_reproduces_the_exact_optimum() {
    for case in SVM_CASES {
        let x = data(case);
        let (w, b) =
            svm_recover_primal(x.view(), case.y, case.alpha, case.c, 1e-9).unwrap_or_else(|e| {
                panic!(
                    "svm_recover_primal({}, alpha*, tol 1e-9): expected Ok, got Err({e:?})",
                    case.name
                )
            });
        let what = format!(
            "svm_recover_primal({}, alpha*, C = {}, tol 1e-9; {} free SVs, {} at C)",
            case.name, case.c, case.n_free, case.n_at_c
        );
        assert_all_close(
            &format!("{what}: w"),
            w.as_slice().unwrap(),
            case.w,
            RECOVER_RTOL,
            RECOVER_ATOL,
            "w = sum_i alpha_i y_i x_i (with the labels)",
        );
        assert_close(
            &format!("{what}: b"),
            b,
            case.b,
            RECOVER_RTOL,
            RECOVER_ATOL,
            if case.n_free > 0 {
                "b = mean of y_i - w.x_i over the free SVs only (tol < alpha_i < C - tol): bound \
                 SVs (alpha_i = C) violate the margin and do not satisfy y_i f(x_i) = 1"
            } else {
                "with no free SV, b = (L + U)/2 where L and U are libsvm's lower and upper bounds \
                 from the points at alpha = 0 and alpha = C"
            },
        );
    }
}

#[test]
fn smo_reaches_the_exact_optimum() {
    for case in SVM_CASES {
        let x = data(case);
        let what = format!("svm_fit_smo({}, C = {})", case.name, case.c);
        let model = fit(x.view(), case.y, case.c, &what);
        let alpha = model.alpha.as_slice().unwrap();
        for (i, &a) in alpha.iter().enumerate() {
            ensure(
                (0.0..=case.c).contains(&a),
                || format!("{what}: alpha[{i}] = {a:e} is outside [0, {}]", case.c),
                "the two-variable step must be clipped to the box 0 <= alpha <= C",
            );
        }
        let balance: f64 = alpha.iter().zip(case.y).map(|(a, y)| a * y).sum();
        let total: f64 = alpha.iter().sum();
        ensure(
            balance.abs() <= 1e-10 * total,
            || {
                format!(
                    "{what}: |sum alpha_i y_i| = {:e}, expected <= 1e-10 * {total:e}",
                    balance.abs()
                )
            },
            "each update must move alpha_i by +y_i t and alpha_j by -y_j t so that y^T alpha \
             stays 0",
        );
        // Strict complementarity with margin 1e-3 holds at every fixture's optimum, so every
        // correct solver identifies the same support vectors, with exact bound values.
        for (i, &exact) in case.alpha.iter().enumerate() {
            let (ok, kind) = if exact == 0.0 {
                (alpha[i] == 0.0, "exactly 0 (not a support vector)")
            } else if exact == case.c {
                (
                    alpha[i] == case.c,
                    "exactly C (a bound SV, margin violator)",
                )
            } else {
                (
                    alpha[i] > 0.0 && alpha[i] < case.c,
                    "strictly inside (0, C) (a free SV)",
                )
            };
            ensure(
                ok,
                || {
                    format!(
                        "{what}: alpha[{i}] = {:?}, expected {kind}; exact value {exact:?}",
                        alpha[i]
                    )
                },
                "bound values must be set exactly to 0 or C when a step is clipped, and the solver \
                 must run until m(alpha) - M(alpha) <= tol",
            );
        }
        assert_all_close(
            &format!("{what}: w"),
            model.w.as_slice().unwrap(),
            case.w,
            0.0,
            SMO_W_ATOL,
            "w = sum alpha_i y_i x_i at the converged alpha; if alpha is right, check the labels",
        );
        assert_close(
            &format!("{what}: b"),
            model.b,
            case.b,
            0.0,
            SMO_B_ATOL,
            "b from the free SVs (0 < alpha < C) only, or the midpoint (L + U)/2 when none is free",
        );
        assert_close(
            &format!("{what}: D(alpha) at the returned alpha"),
            dual_value(x.view(), case.y, alpha),
            case.dual,
            SMO_DUAL_RTOL,
            0.0,
            "SMO stopped early or converged to a wrong point; stop only when m - M <= tol",
        );
        let p = primal_value(x.view(), case.y, &model.w, model.b, case.c);
        let d = dual_value(x.view(), case.y, alpha);
        let scale = p.abs().max(1.0);
        ensure(
            p - d >= -1e-12 * scale && p - d <= 1e-6 * scale,
            || {
                format!(
                    "{what}: duality gap P - D = {:e}, expected in [-1e-12, 1e-6] * {scale}",
                    p - d
                )
            },
            "(w, b) must come from the returned alpha, and alpha must be optimal",
        );
    }
}

#[test]
fn smo_agrees_with_scikit_learn_svc() {
    for case in SVM_CASES {
        let x = data(case);
        let what = format!(
            "svm_fit_smo({}, C = {}) vs sklearn SVC(kernel='linear')",
            case.name, case.c
        );
        let model = fit(x.view(), case.y, case.c, &what);
        let likely =
            "libsvm solves the same dual; agreement to 1e-4 is expected of any correct solver";
        assert_all_close(
            &format!("{what}: w"),
            model.w.as_slice().unwrap(),
            case.sk_w,
            0.0,
            1e-4,
            likely,
        );
        assert_close(&format!("{what}: b"), model.b, case.sk_b, 0.0, 1e-4, likely);
        assert_all_close(
            &format!("{what}: alpha"),
            model.alpha.as_slice().unwrap(),
            case.sk_alpha,
            0.0,
            1e-4,
            likely,
        );
    }
}

#[test]
fn smo_decision_function_agrees_away_from_the_boundary() {
    for case in SVM_CASES {
        let x = data(case);
        let what = format!("svm_fit_smo({}, C = {})", case.name, case.c);
        let model = fit(x.view(), case.y, case.c, &what);
        let queries = mat(case.decision.len(), case.d, case.queries);
        for (k, q) in queries.rows().into_iter().enumerate() {
            let f = q.dot(&model.w) + model.b;
            let want = case.decision[k];
            let scale = 1.0 + q.iter().map(|v| v.abs()).sum::<f64>();
            ensure(
                f.signum() == want.signum() && (f - want).abs() <= 1e-6 * scale,
                || {
                    format!(
                        "{what}: decision function at query {k} {q}: expected {want:?} (class {}), got {f:?}",
                        want.signum()
                    )
                },
                "the decision function is f(x) = w.x + b with the sign convention \
                 f > 0 <=> class +1",
            );
        }
    }
}

#[test]
fn smo_alpha_matches_the_unique_optimum_in_any_point_order() {
    // On every fixture the optimal alpha is unique (strict complementarity and a nonsingular
    // active-set system), so alpha itself is determined, whatever the order of the points.
    for case in SVM_CASES {
        let x = data(case);
        let what = format!("svm_fit_smo({}, C = {})", case.name, case.c);
        let model = fit(x.view(), case.y, case.c, &what);
        assert_all_close(
            &format!("{what}: alpha"),
            model.alpha.as_slice().unwrap(),
            case.alpha,
            0.0,
            1e-6 * case.c.max(1.0),
            "alpha must be the optimum of the dual; check the step (m - M)/eta and its clipping",
        );
        let reversed: Vec<usize> = (0..case.n).rev().collect();
        let xr = x.select(ndarray::Axis(0), &reversed);
        let yr: Vec<f64> = reversed.iter().map(|&i| case.y[i]).collect();
        let want: Vec<f64> = reversed.iter().map(|&i| case.alpha[i]).collect();
        let what = format!(
            "svm_fit_smo({} with the points in reverse order, C = {})",
            case.name, case.c
        );
        let model = fit(xr.view(), &yr, case.c, &what);
        assert_all_close(
            &format!("{what}: alpha"),
            model.alpha.as_slice().unwrap(),
            &want,
            0.0,
            1e-6 * case.c.max(1.0),
            "reordering the points must reorder alpha and change nothing else",
        );
        assert_all_close(
            &format!("{what}: w"),
            model.w.as_slice().unwrap(),
            case.w,
            0.0,
            SMO_W_ATOL,
            "w does not depend on the order of the points",
        );
        assert_close(
            &format!("{what}: b"),
            model.b,
            case.b,
            0.0,
            SMO_B_ATOL,
            "b does not depend on the order of the points",
        );
    }
}
