//! # calc_007_lagrange: Lagrange multipliers, KKT, duality, the SVM dual and SMO
//!
//! Equality-constrained quadratic programs solved through the KKT linear system (with your
//! own Gaussian elimination), the residuals of the four KKT conditions, the soft-margin SVM
//! primal and dual objectives, recovery of (w, b) from a dual solution, and SMO, the solver
//! behind libsvm.
//!
//! One sign convention throughout: for min f(x) s.t. g(x) ≤ 0, h(x) = 0 the Lagrangian is
//! L(x, μ, λ) = f(x) + μᵀg(x) + λᵀh(x).
//!
//! The statement is `README.md` beside this file. Replace every `todo!()`; the items marked
//! "Provided: not part of the exercise" are already complete. Check your work with
//! `cargo test -p calc_007_lagrange` (visible examples) and `cargo xtask grade`.

// The stubs below do not use their parameters yet; this keeps the crate free of warnings.
#![allow(unused_variables)]

use ndarray::{Array1, ArrayView1, ArrayView2};

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// No variables (QP) or no training points (SVM).
    #[error("empty input")]
    EmptyInput,
    /// An input whose length or shape does not fit the others; `what` names it.
    #[error("dimension mismatch in {what}: expected {expected}, got {got}")]
    DimensionMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// A matrix that must be square is not.
    #[error("matrix is not square: {rows} x {cols}")]
    NotSquare { rows: usize, cols: usize },
    /// Q is not symmetric: |Q[row][col] - Q[col][row]| exceeds the tolerance.
    #[error("matrix is not symmetric at ({row}, {col})")]
    NotSymmetric { row: usize, col: usize },
    /// A NaN or infinite entry in the input named `what`.
    #[error("non-finite entry in {what}")]
    NonFinite { what: &'static str },
    /// A pivot of the KKT elimination was (numerically) zero.
    #[error("the KKT matrix is singular")]
    SingularKkt,
    /// A label that is not exactly -1.0 or +1.0.
    #[error("label {index} is {value}; labels must be -1.0 or +1.0")]
    InvalidLabel { index: usize, value: f64 },
    /// A box constant C that is NaN, <= 0, or +inf where a finite C is required.
    #[error("invalid C = {value}")]
    InvalidC { value: f64 },
    /// A tolerance that is NaN, infinite, negative, or (for SMO) zero.
    #[error("invalid tolerance {value}")]
    InvalidTolerance { value: f64 },
    /// alpha is not dual feasible: `Some(i)` if alpha_i leaves [-tol, C + tol], `None` if
    /// sum alpha_i y_i is not 0 within tol.
    #[error("alpha is not dual feasible (index {index:?})")]
    InfeasibleDual { index: Option<usize> },
    /// Every label is the same.
    #[error("only one class is present")]
    SingleClass,
    /// SMO did not reach its stopping tolerance within `max_iter` updates.
    #[error("SMO did not converge within {iterations} iterations")]
    NotConverged { iterations: usize },
}

/// The KKT point of an equality-constrained QP: x and the multipliers lambda (one per row
/// of A) in the convention L = f + lambda^T (A x - b).
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct QpSolution {
    pub x: Array1<f64>,
    pub lambda: Array1<f64>,
}

/// How far a point and its multipliers are from satisfying the KKT conditions; each field
/// is >= 0 and all are 0 at a KKT point.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KktResiduals {
    pub stationarity: f64,
    pub primal_equality: f64,
    pub primal_inequality: f64,
    pub dual_feasibility: f64,
    pub complementary_slackness: f64,
}

impl KktResiduals {
    /// The largest of the five residuals.
    ///
    /// Provided: not part of the exercise.
    pub fn max(&self) -> f64 {
        [
            self.stationarity,
            self.primal_equality,
            self.primal_inequality,
            self.dual_feasibility,
            self.complementary_slackness,
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }
}

/// A linear-kernel C-SVM trained by SMO: the dual solution alpha, the primal (w, b) and the
/// number of two-variable updates performed.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct SvmModel {
    pub alpha: Array1<f64>,
    pub w: Array1<f64>,
    pub b: f64,
    pub iterations: usize,
}

// ------------------------------------------------------------------ equality-constrained QP

/// min ½xᵀQx + cᵀx  s.t.  A x = b   (A: m×n, m may be 0).
///
/// Validates in this order: Q not square → `NotSquare { rows, cols }`; n = 0 →
/// `EmptyInput`; the lengths of c (n), the columns of A (n; A is m×n, also when m = 0) and
/// the length of b (m) → `DimensionMismatch`; a non-finite entry (Q, c, A, b in that order)
/// → `NonFinite { what }`; |Q_ij − Q_ji| > 1e-12·max(1, max|Q|) → `NotSymmetric`.
///
/// It solves the (n+m)×(n+m) system [[Q, Aᵀ], [A, 0]]·[x; λ] = [−c; b] by Gaussian
/// elimination with partial pivoting, which gives stationarity Qx + c + Aᵀλ = 0 (the
/// Lagrangian is L = f + λᵀ(Ax − b)). If any pivot has |pivot| ≤ 1e-12·max_ij|K_ij| →
/// `SingularKkt`, for example with duplicate constraint rows, or Q = 0 with m < n. The result
/// is the KKT point; it is the minimiser when Q is positive definite on null(A). With m = 0
/// the result is x = −Q⁻¹c and λ is empty.
///
/// Expected: O((n+m)³). Tolerance: x and λ at rtol 1e-9, atol 1e-10.
pub fn equality_constrained_qp(
    q: ArrayView2<f64>,
    c: ArrayView1<f64>,
    a: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<QpSolution, Error> {
    todo!()
}

// ------------------------------------------------------------------ KKT residuals

/// The KKT residuals of min f(x) s.t. g(x) ≤ 0 (p constraints), h(x) = 0 (q constraints),
/// all evaluated at one x: n = grad_f.len(), p = g.len(), q = h.len(); jac_g is p×n and
/// jac_h is q×n (0×n when p or q is 0); mu has p entries and lambda q.
///
/// Returns
/// * stationarity = ‖∇f + J_gᵀμ + J_hᵀλ‖_∞ (0 if n = 0)
/// * primal_equality = max_j |h_j| (0 if q = 0)
/// * primal_inequality = max(0, max_i g_i) (0 if p = 0)
/// * dual_feasibility = max(0, max_i (−μ_i)) (0 if p = 0)
/// * complementary_slackness = max_i |μ_i·g_i| (0 if p = 0)
///
/// Validates in this order: `DimensionMismatch` for the rows of jac_g (p), its columns (n),
/// the rows of jac_h (q), its columns (n), the length of mu (p), the length of lambda (q);
/// then `NonFinite { what }` for grad_f, g, jac_g, h, jac_h, mu, lambda in that order.
///
/// Expected: O(n(p + q)). Tolerance: rtol 1e-12, atol 1e-14.
pub fn kkt_residuals(
    grad_f: ArrayView1<f64>,
    g: ArrayView1<f64>,
    jac_g: ArrayView2<f64>,
    h: ArrayView1<f64>,
    jac_h: ArrayView2<f64>,
    mu: ArrayView1<f64>,
    lambda: ArrayView1<f64>,
) -> Result<KktResiduals, Error> {
    todo!()
}

// ------------------------------------------------------------------ SVM primal and dual

/// D(α) = Σ_i α_i − ½ Σ_ij α_i α_j y_i y_j K_ij, for any α (feasibility is not checked).
/// The Gram matrix is used as given (not checked for symmetry).
///
/// Validates in this order: gram not square → `NotSquare`; n = 0 → `EmptyInput`; y or alpha
/// not of length n → `DimensionMismatch`; the first label not exactly −1.0 or +1.0 →
/// `InvalidLabel { index, value }`; a non-finite entry of gram, then of alpha → `NonFinite`.
///
/// Expected: O(n²). Tolerance: rtol 1e-12, atol 1e-14.
pub fn svm_dual_objective(gram: ArrayView2<f64>, y: &[f64], alpha: &[f64]) -> Result<f64, Error> {
    todo!()
}

/// P(w, b) = ½‖w‖² + C Σ_i max(0, 1 − y_i(w·x_i + b)), x an n×d matrix (one point per row).
/// With C = +∞ (hard margin) it is ½‖w‖² if every margin y_i(w·x_i + b) is ≥ 1, and +∞
/// otherwise (never NaN).
///
/// Validates in this order: n = 0 → `EmptyInput`; y not of length n or w not of length d →
/// `DimensionMismatch`; the first label not exactly −1.0 or +1.0 → `InvalidLabel`; C NaN or
/// ≤ 0 → `InvalidC` (+∞ is allowed); a non-finite entry of x, w, then b → `NonFinite`.
///
/// Expected: O(nd). Tolerance: rtol 1e-12, atol 1e-14.
pub fn svm_primal_objective(
    x: ArrayView2<f64>,
    y: &[f64],
    w: ArrayView1<f64>,
    b: f64,
    c: f64,
) -> Result<f64, Error> {
    todo!()
}

/// Returns (w, b) from a dual solution α: w = Σ α_i y_i x_i, and b by libsvm's rule.
///
/// The free set is F = {i : tol < α_i < C − tol} (with C = ∞: α_i > tol). If F ≠ ∅,
/// b = mean_{i∈F}(y_i − w·x_i). Otherwise let
/// L = max(y_i − w·x_i) over {α_i ≤ tol, y_i = +1} ∪ {α_i ≥ C − tol, y_i = −1} and
/// U = min(y_i − w·x_i) over {α_i ≤ tol, y_i = −1} ∪ {α_i ≥ C − tol, y_i = +1};
/// then b = (L + U)/2, or the single finite bound if the other set is empty.
///
/// Validates in this order: n = 0 → `EmptyInput`; y or alpha not of length n →
/// `DimensionMismatch`; the first invalid label → `InvalidLabel`; C NaN or ≤ 0 → `InvalidC`
/// (+∞, the hard margin, is allowed); tol NaN, infinite or < 0 → `InvalidTolerance`; a
/// non-finite entry of x, then alpha → `NonFinite`; the first i with α_i ∉ [−tol, C + tol] →
/// `InfeasibleDual { index: Some(i) }`; |Σ α_i y_i| > tol·max(1, Σ α_i) →
/// `InfeasibleDual { index: None }`; only one class present → `SingleClass`.
///
/// Expected: O(nd). Tolerance: rtol 1e-10, atol 1e-12.
pub fn svm_recover_primal(
    x: ArrayView2<f64>,
    y: &[f64],
    alpha: &[f64],
    c: f64,
    tol: f64,
) -> Result<(Array1<f64>, f64), Error> {
    todo!()
}

// ------------------------------------------------------------------ SMO

/// Linear-kernel C-SVM trained by SMO.
///
/// Solves min_α ½αᵀQα − 1ᵀα with Q_ij = y_i y_j x_i·x_j, s.t. 0 ≤ α ≤ C and yᵀα = 0,
/// starting from α = 0, and keeps the gradient ∇f = Qα − 1 up to date.
///
/// Working-set selection (WSS1, libsvm's first order rule):
/// I_up = {t : (y_t = +1 ∧ α_t < C) ∨ (y_t = −1 ∧ α_t > 0)},
/// I_low = {t : (y_t = +1 ∧ α_t > 0) ∨ (y_t = −1 ∧ α_t < C)};
/// i = argmax_{I_up} −y_t∇f_t and j = argmin_{I_low} −y_t∇f_t, ties to the smallest index.
/// With m(α) = −y_i∇f_i and M(α) = −y_j∇f_j, stop when m(α) − M(α) ≤ tol. The two-variable
/// subproblem is solved analytically and clipped to the box, so bound values are exactly 0
/// or C. If η = K_ii + K_jj − 2K_ij ≤ 0, use η = 1e-12.
///
/// The stopping test is made before every update and once after the last; at most
/// `max_iter` updates are performed, and a test that still fails after them →
/// `NotConverged { iterations: max_iter }` (so `max_iter = 0` gives
/// `NotConverged { iterations: 0 }`). `SvmModel::iterations` is the number of updates made.
///
/// Then w = Σ α_i y_i x_i and b by the rule of [`svm_recover_primal`], with free meaning
/// 0 < α < C exactly; the feasibility checks of that function are not applied, since Σαy = 0
/// holds only up to rounding.
///
/// Validates in this order: n = 0 → `EmptyInput`; y not of length n → `DimensionMismatch`;
/// the first invalid label → `InvalidLabel`; C NaN, ≤ 0 or +∞ → `InvalidC`; tol NaN,
/// infinite or ≤ 0 → `InvalidTolerance`; a non-finite entry of x → `NonFinite`; only one
/// class → `SingleClass`.
///
/// Expected: O(n) per update after an O(n²d) kernel matrix. Graded on the solution only:
/// α ∈ [0, C] exactly, |Σα_i y_i| ≤ 1e-10·Σα_i, w and b within 1e-6 of the exact optimum,
/// the dual objective within rtol 1e-9, and the KKT conditions.
pub fn svm_fit_smo(
    x: ArrayView2<f64>,
    y: &[f64],
    c: f64,
    tol: f64,
    max_iter: usize,
) -> Result<SvmModel, Error> {
    todo!()
}
