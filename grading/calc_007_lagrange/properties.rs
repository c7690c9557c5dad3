//! The statement's properties, with proptest on the curriculum's fixed-seed configuration and
//! bounded strategies: the QP solution is feasible, stationary and optimal along feasible
//! directions; multipliers are sensitivities; KKT residuals do not depend on the order of the
//! constraints; weak duality for every feasible pair; strong duality, complementary slackness
//! and permutation invariance at the SMO solution; `svm_recover_primal` reproduces SMO's (w, b).

use crate::{SMO_MAX_ITER, SMO_TOL, dual_value, gram_of, primal_value, residuals, weights};
use calc_007_lagrange::{
    SvmModel, equality_constrained_qp, svm_dual_objective, svm_fit_smo, svm_primal_objective,
    svm_recover_primal,
};
use grading_support::proptest_config;
use ndarray::{Array1, Array2, ArrayView2};
use proptest::collection::vec;
use proptest::prelude::*;

// ---------------------------------------------------------------- strategies

/// min ½xᵀQx + cᵀx s.t. Ax = b with Q positive definite (eigenvalues ≥ 0.5) and A of full
/// row rank (diagonally dominant leading block): n in 1..=6, m in 0..n.
#[derive(Debug, Clone)]
struct Qp {
    q: Array2<f64>,
    c: Array1<f64>,
    a: Array2<f64>,
    b: Array1<f64>,
}

impl Qp {
    fn objective(&self, x: &Array1<f64>) -> f64 {
        0.5 * x.dot(&self.q.dot(x)) + self.c.dot(x)
    }
}

fn qps() -> impl Strategy<Value = Qp> {
    (1..=6usize)
        .prop_flat_map(|n| (Just(n), 0..n))
        .prop_flat_map(|(n, m)| {
            (
                Just((n, m)),
                vec(-1.0..1.0f64, n * n),
                vec(-5.0..5.0f64, n),
                vec(-1.0..1.0f64, m * n),
                vec(1.0..2.0f64, m),
                vec(-5.0..5.0f64, m),
            )
        })
        .prop_map(|((n, m), mm, c, a_raw, diag, b)| {
            let mm = Array2::from_shape_vec((n, n), mm).unwrap();
            let q = mm.t().dot(&mm) + Array2::<f64>::eye(n) * 0.5;
            // Symmetric to the last bit (mmᵀ·mm is, but be explicit).
            let q = (&q + &q.t()) * 0.5;
            let mut a = Array2::from_shape_vec((m, n), a_raw).unwrap();
            for r in 0..m {
                for j in 0..m {
                    a[[r, j]] = if r == j { diag[r] } else { 0.2 * a[[r, j]] };
                }
            }
            Qp {
                q,
                c: Array1::from(c),
                a,
                b: Array1::from(b),
            }
        })
}

/// A labelled data set: 2 ≤ n ≤ 16 points in [−3, 3]^d (d in 1..=3), labels from a noisy
/// linear rule, both classes present, and C in [0.1, 10].
#[derive(Debug, Clone)]
struct Svm {
    x: Array2<f64>,
    y: Vec<f64>,
    c: f64,
}

fn svms() -> impl Strategy<Value = Svm> {
    (2..=16usize, 1..=3usize)
        .prop_flat_map(|(n, d)| {
            (
                Just((n, d)),
                vec(-3.0..3.0f64, n * d),
                vec(-1.0..1.0f64, d),
                vec(-1.5..1.5f64, n),
                0.1..10.0f64,
            )
        })
        .prop_map(|((n, d), xs, u, noise, c)| {
            let x = Array2::from_shape_vec((n, d), xs).unwrap();
            let u = Array1::from(u);
            let mut y: Vec<f64> = (0..n)
                .map(|i| {
                    if x.row(i).dot(&u) + noise[i] > 0.0 {
                        1.0
                    } else {
                        -1.0
                    }
                })
                .collect();
            if y.iter().all(|&v| v == y[0]) {
                y[0] = -y[0];
            }
            Svm { x, y, c }
        })
}

/// `svm_fit_smo` at the grader's tolerance; a failure is a property failure.
fn smo(s: &Svm) -> Result<SvmModel, TestCaseError> {
    svm_fit_smo(s.x.view(), &s.y, s.c, SMO_TOL, SMO_MAX_ITER).map_err(|e| {
        TestCaseError::fail(format!(
            "svm_fit_smo(n = {}, d = {}, C = {}): expected Ok, got Err({e:?}).\nLikely mistake: \
             an update that does not decrease the dual objective, or wrong I_up / I_low sets",
            s.x.nrows(),
            s.x.ncols(),
            s.c
        ))
    })
}

/// Solves the small SPD system M z = r (the tests' own elimination, for AAᵀ).
fn solve_small(mut m: Array2<f64>, mut r: Array1<f64>) -> Array1<f64> {
    let n = r.len();
    for col in 0..n {
        let p = (col..n)
            .max_by(|&i, &j| m[[i, col]].abs().total_cmp(&m[[j, col]].abs()))
            .unwrap();
        for j in 0..n {
            m.swap([col, j], [p, j]);
        }
        r.swap(col, p);
        for i in col + 1..n {
            let f = m[[i, col]] / m[[col, col]];
            for j in col..n {
                m[[i, j]] -= f * m[[col, j]];
            }
            r[i] -= f * r[col];
        }
    }
    let mut z = Array1::zeros(n);
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|j| m[[i, j]] * z[j]).sum();
        z[i] = (r[i] - s) / m[[i, i]];
    }
    z
}

/// The largest value of y_i (w·x_i + b) − 1 in absolute value, split by the kind of α_i.
fn margins(x: ArrayView2<f64>, y: &[f64], m: &SvmModel) -> Vec<f64> {
    (0..y.len())
        .map(|i| y[i] * (x.row(i).dot(&m.w) + m.b))
        .collect()
}

/// Does the model have a support vector well inside (0, C)? Then b is unique.
fn has_interior_free_sv(m: &SvmModel, c: f64) -> bool {
    m.alpha
        .iter()
        .any(|&a| a > 1e-3 * c && a < c * (1.0 - 1e-3))
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Property 1: ‖Ax − b‖_∞ ≤ 1e-9 and the stationarity residual of the QP's own KKT point
    /// (computed by `kkt_residuals` with h = Ax − b, J_h = A) is ≤ 1e-9.
    #[test]
    fn qp_solution_is_feasible_and_stationary(p in qps()) {
        let s = equality_constrained_qp(p.q.view(), p.c.view(), p.a.view(), p.b.view())
            .map_err(|e| TestCaseError::fail(format!("equality_constrained_qp({p:?}): expected Ok, got Err({e:?})")))?;
        let h = p.a.dot(&s.x) - &p.b;
        let infeasibility = h.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
        prop_assert!(
            infeasibility <= 1e-9,
            "QP {p:?}: ||A x - b||_inf = {infeasibility:e} > 1e-9.\nLikely mistake: the bottom \
             block rows of K must be [A, 0] with right-hand side b"
        );
        let grad = p.q.dot(&s.x) + &p.c;
        let n = p.q.nrows();
        let r = residuals(
            grad.as_slice().unwrap(), &[], &Array2::zeros((0, n)),
            h.as_slice().unwrap(), &p.a, &[], s.lambda.as_slice().unwrap(),
            "kkt_residuals at the QP solution",
        );
        prop_assert!(
            r.stationarity <= 1e-9,
            "QP {p:?}: stationarity ||Q x + c + A^T lambda||_inf = {:e} > 1e-9 (x = {}, lambda = {}).\n\
             Likely mistake: lambda in another sign convention (L = f - lambda^T h), or \
             kkt_residuals forgetting the J_h^T lambda term",
            r.stationarity, s.x, s.lambda
        );
    }

    /// Property 1 (optimality): f(x + d) ≥ f(x) − 1e-12 for directions d with Ad = 0, built
    /// as d = r − Aᵀ(AAᵀ)⁻¹Ar.
    #[test]
    fn qp_solution_minimises_along_feasible_directions(
        p in qps(),
        rs in vec(vec(-1.0..1.0f64, 6), 3),
    ) {
        let s = equality_constrained_qp(p.q.view(), p.c.view(), p.a.view(), p.b.view())
            .map_err(|e| TestCaseError::fail(format!("equality_constrained_qp: expected Ok, got Err({e:?})")))?;
        let n = p.q.nrows();
        let m = p.a.nrows();
        let fx = p.objective(&s.x);
        for r in rs {
            let r = Array1::from(r[..n].to_vec());
            let d = if m == 0 {
                r
            } else {
                let aat = p.a.dot(&p.a.t());
                let z = solve_small(aat, p.a.dot(&r));
                &r - &p.a.t().dot(&z)
            };
            let moved = &s.x + &d;
            let fd = p.objective(&moved);
            prop_assert!(
                fd >= fx - 1e-12,
                "QP {p:?}: f(x + d) = {fd} < f(x) = {fx} for the feasible direction d = {d} \
                 (A d = {}).\nLikely mistake: x is not the constrained minimiser; check the \
                 assembly [[Q, A^T], [A, 0]] and the right-hand side [-c; b]",
                p.a.dot(&d)
            );
        }
    }

    /// Property 2: (p*(b + εe_k) − p*(b − εe_k)) / (2ε) = −λ_k (ε = 1e-5, rtol 1e-5,
    /// atol 1e-7).
    #[test]
    fn qp_multipliers_are_sensitivities_of_the_optimal_value(p in qps()) {
        let s = equality_constrained_qp(p.q.view(), p.c.view(), p.a.view(), p.b.view())
            .map_err(|e| TestCaseError::fail(format!("equality_constrained_qp: expected Ok, got Err({e:?})")))?;
        let eps = 1e-5;
        for k in 0..p.a.nrows() {
            let mut value = [0.0; 2];
            for (slot, sign) in [(0, 1.0), (1, -1.0)] {
                let mut b = p.b.clone();
                b[k] += sign * eps;
                let sk = equality_constrained_qp(p.q.view(), p.c.view(), p.a.view(), b.view())
                    .map_err(|e| TestCaseError::fail(format!("equality_constrained_qp: expected Ok, got Err({e:?})")))?;
                value[slot] = p.objective(&sk.x);
            }
            let slope = (value[0] - value[1]) / (2.0 * eps);
            let want = -s.lambda[k];
            prop_assert!(
                (slope - want).abs() <= 1e-7 + 1e-5 * want.abs(),
                "QP {p:?}: dp*/db_{k} = {slope} by central differences, but -lambda_{k} = {want}.\n\
                 Likely mistake: the multiplier sign; with L = f + lambda^T (A x - b) the optimal \
                 value moves by -lambda_k per unit of b_k",
            );
        }
    }

    /// Property 3: permuting the constraints together with their multipliers leaves the
    /// residuals unchanged (rtol 1e-12, atol 1e-13: the summation order changes).
    #[test]
    fn kkt_residuals_do_not_depend_on_the_order_of_constraints(
        (n, p, q, grad, g, jg, h, jh, mu, lam, perm_g, perm_h) in
            (1..=4usize, 0..=4usize, 0..=3usize).prop_flat_map(|(n, p, q)| (
                Just(n), Just(p), Just(q),
                vec(-5.0..5.0f64, n), vec(-2.0..2.0f64, p), vec(-2.0..2.0f64, p * n),
                vec(-2.0..2.0f64, q), vec(-2.0..2.0f64, q * n),
                vec(-1.0..3.0f64, p), vec(-3.0..3.0f64, q),
                Just((0..p).collect::<Vec<_>>()).prop_shuffle(),
                Just((0..q).collect::<Vec<_>>()).prop_shuffle(),
            ))
    ) {
        let jg = Array2::from_shape_vec((p, n), jg).unwrap();
        let jh = Array2::from_shape_vec((q, n), jh).unwrap();
        let base = residuals(&grad, &g, &jg, &h, &jh, &mu, &lam, "kkt_residuals");
        let g2: Vec<f64> = perm_g.iter().map(|&i| g[i]).collect();
        let mu2: Vec<f64> = perm_g.iter().map(|&i| mu[i]).collect();
        let jg2 = jg.select(ndarray::Axis(0), &perm_g);
        let h2: Vec<f64> = perm_h.iter().map(|&i| h[i]).collect();
        let lam2: Vec<f64> = perm_h.iter().map(|&i| lam[i]).collect();
        let jh2 = jh.select(ndarray::Axis(0), &perm_h);
        let permuted = residuals(&grad, &g2, &jg2, &h2, &jh2, &mu2, &lam2, "kkt_residuals (permuted)");
        for (name, a, b) in [
            ("stationarity", base.stationarity, permuted.stationarity),
            ("primal_equality", base.primal_equality, permuted.primal_equality),
            ("primal_inequality", base.primal_inequality, permuted.primal_inequality),
            ("dual_feasibility", base.dual_feasibility, permuted.dual_feasibility),
            ("complementary_slackness", base.complementary_slackness, permuted.complementary_slackness),
        ] {
            prop_assert!(
                (a - b).abs() <= 1e-13 + 1e-12 * a.abs(),
                "kkt_residuals: {name} is {a:e} for the constraints in order and {b:e} after \
                 permuting them (g by {perm_g:?}, h by {perm_h:?}).\nLikely mistake: pairing \
                 the multiplier of one constraint with another constraint's row of the Jacobian",
            );
        }
    }

    /// Property 3: flipping the sign of a positive μ_i (all others ≥ 0) raises
    /// dual_feasibility to |μ_i|.
    #[test]
    fn a_negative_multiplier_is_a_dual_infeasibility(
        (n, grad, g, jg, mu, i) in (1..=4usize, 1..=4usize).prop_flat_map(|(n, p)| (
            Just(n), vec(-5.0..5.0f64, n), vec(-2.0..2.0f64, p), vec(-2.0..2.0f64, p * n),
            vec(0.01..3.0f64, p), 0..p,
        ))
    ) {
        let p = g.len();
        let jg = Array2::from_shape_vec((p, n), jg).unwrap();
        let jh = Array2::zeros((0, n));
        let before = residuals(&grad, &g, &jg, &[], &jh, &mu, &[], "kkt_residuals");
        prop_assert!(
            before.dual_feasibility == 0.0,
            "kkt_residuals with mu = {mu:?} >= 0: dual_feasibility = {:e}, expected 0.\nLikely \
             mistake: nonnegative multipliers are dual feasible", before.dual_feasibility
        );
        let mut flipped = mu.clone();
        flipped[i] = -mu[i];
        let after = residuals(&grad, &g, &jg, &[], &jh, &flipped, &[], "kkt_residuals");
        prop_assert!(
            (after.dual_feasibility - mu[i]).abs() <= 1e-12 * mu[i],
            "kkt_residuals with mu = {flipped:?}: dual_feasibility = {:e}, expected |mu_{i}| = {}.\n\
             Likely mistake: dual feasibility is max(0, max_i(-mu_i)); it must see the sign",
            after.dual_feasibility, mu[i]
        );
    }

    /// Property 4 (weak duality): for α built from (+1, −1) pairs with α_i = α_j = t ∈ [0, C]
    /// and any (w, b) in [−3, 3]^(d+1), D(α) ≤ P(w, b) + 1e-9.
    #[test]
    fn weak_duality_holds_for_every_feasible_pair(
        s in svms(),
        ts in vec(0.0..1.0f64, 16),
        wb in vec(-3.0..3.0f64, 4),
    ) {
        let n = s.y.len();
        let d = s.x.ncols();
        let pos: Vec<usize> = (0..n).filter(|&i| s.y[i] > 0.0).collect();
        let neg: Vec<usize> = (0..n).filter(|&i| s.y[i] < 0.0).collect();
        let mut alpha = vec![0.0; n];
        for (k, (&i, &j)) in pos.iter().zip(&neg).enumerate() {
            alpha[i] = ts[k] * s.c;
            alpha[j] = ts[k] * s.c;
        }
        let gram = gram_of(s.x.view());
        let dual = svm_dual_objective(gram.view(), &s.y, &alpha)
            .map_err(|e| TestCaseError::fail(format!("svm_dual_objective: expected Ok, got Err({e:?})")))?;
        let w = Array1::from(wb[..d].to_vec());
        let b = wb[3];
        let primal = svm_primal_objective(s.x.view(), &s.y, w.view(), b, s.c)
            .map_err(|e| TestCaseError::fail(format!("svm_primal_objective: expected Ok, got Err({e:?})")))?;
        prop_assert!(
            dual <= primal + 1e-9,
            "weak duality fails: D(alpha) = {dual} > P(w, b) = {primal} for the feasible alpha = \
             {alpha:?}, w = {w}, b = {b}, C = {} on {:?}.\nLikely mistake: one of the objectives \
             is wrong (the hinge max(0, 1 - y f), the factor 1/2, or the labels in the quadratic \
             term of D)", s.c, s
        );
    }

    /// Properties 5 and 6: at the SMO solution the box holds exactly, yᵀα ≈ 0, the duality
    /// gap is in [−1e-12, 1e-6]·max(1, |P|), and complementary slackness holds to 1e-6.
    #[test]
    fn smo_solution_satisfies_strong_duality_and_complementary_slackness(s in svms()) {
        let m = smo(&s)?;
        let alpha = m.alpha.as_slice().unwrap();
        prop_assert!(
            alpha.iter().all(|&a| (0.0..=s.c).contains(&a)),
            "svm_fit_smo on {s:?}: alpha = {alpha:?} leaves the box [0, C].\nLikely mistake: the \
             step is not clipped to both boxes"
        );
        let balance: f64 = alpha.iter().zip(&s.y).map(|(a, y)| a * y).sum();
        let total: f64 = alpha.iter().sum();
        prop_assert!(
            balance.abs() <= 1e-10 * total,
            "svm_fit_smo on {s:?}: |y^T alpha| = {:e} > 1e-10 * {total}.\nLikely mistake: the \
             pair update must change alpha_i by +y_i t and alpha_j by -y_j t", balance.abs()
        );
        let w_from_alpha = weights(s.x.view(), &s.y, alpha);
        let w_err = (&m.w - &w_from_alpha).iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
        prop_assert!(
            w_err <= 1e-9,
            "svm_fit_smo on {s:?}: w = {} but sum alpha_i y_i x_i = {w_from_alpha}.\nLikely \
             mistake: w must be computed from the returned alpha, with the labels", m.w
        );
        let p = primal_value(s.x.view(), &s.y, &m.w, m.b, s.c);
        let d = dual_value(s.x.view(), &s.y, alpha);
        let scale = p.abs().max(1.0);
        prop_assert!(
            p - d >= -1e-12 * scale && p - d <= 1e-6 * scale,
            "svm_fit_smo on {s:?}: P - D = {:e} (P = {p}, D = {d}), expected in [-1e-12, 1e-6] * \
             {scale}.\nLikely mistake: SMO stopped before m - M <= tol, or b does not come from \
             the free SVs", p - d
        );
        for (i, yf) in margins(s.x.view(), &s.y, &m).into_iter().enumerate() {
            let a = alpha[i];
            let (ok, rule) = if a == 0.0 {
                (yf >= 1.0 - 1e-6, "alpha_i = 0 needs y_i f(x_i) >= 1")
            } else if a == s.c {
                (yf <= 1.0 + 1e-6, "alpha_i = C needs y_i f(x_i) <= 1")
            } else {
                ((yf - 1.0).abs() <= 1e-6, "0 < alpha_i < C needs y_i f(x_i) = 1")
            };
            prop_assert!(
                ok,
                "svm_fit_smo on {s:?}: complementary slackness fails at point {i}: alpha = {a:?}, \
                 y f(x) = {yf}; {rule}.\nLikely mistake: bound values not set exactly to 0 or C, \
                 or the intercept not taken from the free SVs"
            );
        }
    }

    /// Property 7: permuting the training points permutes α and leaves w and b unchanged
    /// (atol 1e-6; b only where a free SV makes it unique), and the optimal value is the same.
    #[test]
    fn smo_does_not_depend_on_the_order_of_the_points(
        (s, perm) in svms().prop_flat_map(|s| {
            let n = s.y.len();
            (Just(s), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        })
    ) {
        let m = smo(&s)?;
        let shuffled = Svm {
            x: s.x.select(ndarray::Axis(0), &perm),
            y: perm.iter().map(|&i| s.y[i]).collect(),
            c: s.c,
        };
        let mp = smo(&shuffled)?;
        // α itself need not be unique (duplicate points share their weight arbitrarily), so
        // the permuted run must reach the same optimal value; on the fixtures, where α is
        // unique, the golden tests compare α itself.
        let d = dual_value(s.x.view(), &s.y, m.alpha.as_slice().unwrap());
        let dp = dual_value(shuffled.x.view(), &shuffled.y, mp.alpha.as_slice().unwrap());
        prop_assert!(
            (d - dp).abs() <= 1e-9 * d.abs().max(1.0),
            "svm_fit_smo on {s:?}: D(alpha) = {d} in the original order and {dp} after permuting \
             the points by {perm:?}.\nLikely mistake: SMO stopped far from the optimum in one of \
             the runs"
        );
        for t in 0..s.x.ncols() {
            prop_assert!(
                (mp.w[t] - m.w[t]).abs() <= 1e-6,
                "svm_fit_smo on {s:?}: w = {} in the original order and {} after permuting the \
                 points by {perm:?}.\nLikely mistake: SMO stopped far from the optimum", m.w, mp.w
            );
        }
        if has_interior_free_sv(&m, s.c) {
            prop_assert!(
                (mp.b - m.b).abs() <= 1e-6,
                "svm_fit_smo on {s:?}: b = {} in the original order and {} after permuting the \
                 points by {perm:?}.\nLikely mistake: b must be the mean over all free SVs, not \
                 taken from one of them", m.b, mp.b
            );
        }
    }

    /// Property 7: `svm_recover_primal(x, y, model.alpha, C, 1e-9)` reproduces model.w and,
    /// when a free SV lies well inside (tol, C − tol), model.b (atol 1e-6).
    #[test]
    fn recover_primal_reproduces_the_smo_model(s in svms()) {
        let m = smo(&s)?;
        let (w, b) = svm_recover_primal(s.x.view(), &s.y, m.alpha.as_slice().unwrap(), s.c, 1e-9)
            .map_err(|e| TestCaseError::fail(format!(
                "svm_recover_primal(model.alpha, tol 1e-9) on {s:?}: expected Ok, got Err({e:?})")))?;
        for t in 0..s.x.ncols() {
            prop_assert!(
                (w[t] - m.w[t]).abs() <= 1e-6,
                "svm_recover_primal on {s:?}: w = {w}, but the SMO model has w = {}.\nLikely \
                 mistake: w = sum alpha_i y_i x_i in both places", m.w
            );
        }
        if has_interior_free_sv(&m, s.c) {
            prop_assert!(
                (b - m.b).abs() <= 1e-6,
                "svm_recover_primal on {s:?}: b = {b}, but the SMO model has b = {}.\nLikely \
                 mistake: both must use the free SVs (mean of y_i - w.x_i)", m.b
            );
        }
    }
}
