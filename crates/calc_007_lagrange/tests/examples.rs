//! Visible examples: run them with `cargo test -p calc_007_lagrange`. The hidden tests check
//! much more (golden values, every edge input, properties such as weak and strong duality,
//! the classic mistakes); these show the conventions on inputs you can check by hand.

use calc_007_lagrange::{
    Error, KktResiduals, equality_constrained_qp, kkt_residuals, svm_dual_objective, svm_fit_smo,
    svm_primal_objective, svm_recover_primal,
};
use ndarray::{Array2, array};

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * (1.0 + want.abs())
}

// ---------------------------------------------------------------- provided code

#[test]
fn kkt_residuals_max_is_the_largest_field() {
    let r = KktResiduals {
        stationarity: 0.1,
        primal_equality: 0.0,
        primal_inequality: 0.3,
        dual_feasibility: 0.2,
        complementary_slackness: 0.0,
    };
    assert_eq!(r.max(), 0.3);
}

#[test]
fn errors_describe_themselves() {
    let e = Error::InvalidLabel {
        index: 3,
        value: 0.0,
    };
    assert_eq!(e.to_string(), "label 3 is 0; labels must be -1.0 or +1.0");
    assert_eq!(
        Error::InfeasibleDual { index: None }.to_string(),
        "alpha is not dual feasible (index None)"
    );
}

// ---------------------------------------------------------------- your code

/// min ½‖x‖² s.t. x₁ + x₂ = 1: the closest point of the line to the origin.
#[test]
fn qp_on_a_line() {
    let q = Array2::<f64>::eye(2);
    let s = equality_constrained_qp(
        q.view(),
        array![0.0, 0.0].view(),
        array![[1.0, 1.0]].view(),
        array![1.0].view(),
    )
    .expect("a well-posed QP");
    assert!(
        close(s.x[0], 0.5, 1e-9) && close(s.x[1], 0.5, 1e-9),
        "x = {}",
        s.x
    );
    // L = f + λ(x₁ + x₂ − 1): stationarity x + λ(1, 1) = 0 gives λ = −0.5.
    assert!(close(s.lambda[0], -0.5, 1e-9), "lambda = {}", s.lambda);
}

/// Dependent constraint rows make the KKT matrix singular.
#[test]
fn qp_with_dependent_constraints() {
    let q = Array2::<f64>::eye(2);
    let r = equality_constrained_qp(
        q.view(),
        array![0.0, 0.0].view(),
        array![[1.0, 1.0], [2.0, 2.0]].view(),
        array![1.0, 2.0].view(),
    );
    assert!(matches!(r, Err(Error::SingularKkt)), "got {r:?}");
}

/// min x² s.t. 1 − x ≤ 0, at x = 1 with μ = 2: a KKT point.
#[test]
fn kkt_point_of_a_one_dimensional_problem() {
    let r = kkt_residuals(
        array![2.0].view(),
        array![0.0].view(),
        array![[-1.0]].view(),
        array![].view(),
        Array2::zeros((0, 1)).view(),
        array![2.0].view(),
        array![].view(),
    )
    .expect("valid shapes");
    assert_eq!(r.max(), 0.0, "{r:?}");
}

/// The two-point set: D(α*) = P(w*, b*) = 0.25, and (w, b) recovered from α.
#[test]
fn two_point_svm_by_hand() {
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let y = [1.0, -1.0];
    let gram = x.dot(&x.t());
    let d = svm_dual_objective(gram.view(), &y, &[0.25, 0.25]).unwrap();
    let p = svm_primal_objective(x.view(), &y, array![0.5, 0.5].view(), 0.0, 10.0).unwrap();
    assert!(
        close(d, 0.25, 1e-12) && close(p, 0.25, 1e-12),
        "D = {d}, P = {p}"
    );
    let (w, b) = svm_recover_primal(x.view(), &y, &[0.25, 0.25], 10.0, 1e-9).unwrap();
    assert!(
        close(w[0], 0.5, 1e-10) && close(w[1], 0.5, 1e-10) && close(b, 0.0, 1e-10),
        "w = {w}, b = {b}"
    );
}

/// SMO solves the two-point set in one step.
#[test]
fn smo_on_two_points() {
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let m = svm_fit_smo(x.view(), &[1.0, -1.0], 10.0, 1e-10, 1000).unwrap();
    assert!(
        close(m.alpha[0], 0.25, 1e-9) && close(m.alpha[1], 0.25, 1e-9),
        "alpha = {}",
        m.alpha
    );
    assert!(close(m.w[0], 0.5, 1e-6) && close(m.w[1], 0.5, 1e-6) && close(m.b, 0.0, 1e-6));
}

/// Labels are exactly −1.0 and +1.0.
#[test]
fn zero_one_labels_are_rejected() {
    let x = array![[1.0, 1.0], [-1.0, -1.0]];
    let r = svm_fit_smo(x.view(), &[1.0, 0.0], 10.0, 1e-10, 1000);
    assert!(
        matches!(r, Err(Error::InvalidLabel { index: 1, .. })),
        "got {r:?}"
    );
}
