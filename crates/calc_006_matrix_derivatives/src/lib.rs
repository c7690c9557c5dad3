//! # calc_006_matrix_derivatives: matrix calculus
//!
//! Gradients, Jacobians and Hessians by central differences; Hessian-vector products without
//! the Hessian; the vector-Jacobian product of a matrix multiplication (the core of
//! backprop); matrix gradients by the trace trick; and the classification of a critical point
//! by the eigenvalues of its Hessian, with a cyclic Jacobi eigen-solver you write yourself.
//!
//! The statement is `README.md` beside this file. Replace every `todo!()`; the items marked
//! "Provided: not part of the exercise" are already complete. Check your work with
//! `cargo test -p calc_006_matrix_derivatives` (visible examples) and `cargo xtask grade`.
//!
//! Conventions used throughout: the Jacobian is in numerator layout (J[i][j] = ∂f_i/∂x_j,
//! m × n); a gradient has the shape of its variable; "flattened" means logical row-major
//! order, whatever the memory layout of a view. No function may panic on any input its types
//! allow, NaN and infinities included.

// The stubs below do not use their parameters yet; this keeps the crate free of warnings.
#![allow(unused_variables)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// `x` (or, in `classify_critical_point`, the Hessian) has no entries.
    #[error("empty input: there is nothing to differentiate")]
    EmptyInput,
    /// A finite-difference step that is not finite and > 0.
    #[error("invalid step h = {h}: it must be finite and > 0")]
    InvalidStep { h: f64 },
    /// The first non-finite input entry (flattened row-major; see each function for offsets).
    #[error("input entry {index} is NaN or infinite")]
    NonFiniteInput { index: usize },
    /// The function (or gradient) that was supplied returned a NaN or an infinity.
    #[error("the function returned a non-finite value")]
    NonFiniteOutput,
    /// The function returned `got` values at some point but `expected` at the centre x.
    #[error("the function returned {got} values, but {expected} at x")]
    OutputLengthChanged { expected: usize, got: usize },
    /// An argument of the wrong size; `what` names the argument.
    #[error("dimension mismatch in {what}: expected {expected}, got {got}")]
    DimensionMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// A Hessian that is not square.
    #[error("the Hessian is {rows} x {cols}, not square")]
    NotSquare { rows: usize, cols: usize },
    /// The first pair (row, col), row < col, where the Hessian is not symmetric.
    #[error("the Hessian is not symmetric: H[{row}][{col}] != H[{col}][{row}]")]
    NotSymmetric { row: usize, col: usize },
    /// The first target that is negative, NaN or infinite.
    #[error("target ({row}, {col}) is negative or not finite")]
    InvalidTarget { row: usize, col: usize },
    /// A classification tolerance that is not finite and > 0.
    #[error("invalid tolerance {tol}: it must be finite and > 0")]
    InvalidTolerance { tol: f64 },
}

// ------------------------------------------------------------------ finite differences

/// The central-difference Jacobian J ∈ ℝ^{m×n} of f: ℝⁿ → ℝᵐ at x:
/// J[i][j] = (f(x + h e_j)_i − f(x − h e_j)_i) / (2h).
///
/// Validates in this order: `x.len() == 0` → `EmptyInput`; non-finite `x[i]` (the first) →
/// `NonFiniteInput { index: i }`; `h` not finite or `h ≤ 0` → `InvalidStep { h }`. It then
/// evaluates `f(x)`; m = its length, and m = 0 is allowed (the result is then 0 × n). The
/// evaluations happen in the order x, x + h e_0, x − h e_0, x + h e_1, x − h e_1, …, and the
/// first bad evaluation decides the error: a length other than m →
/// `OutputLengthChanged { expected: m, got }` (the length is checked before the values); a
/// non-finite value → `NonFiniteOutput`. The centre evaluation is checked like the others.
///
/// Expected: 2n + 1 evaluations of f. Error: O(h²) truncation (h²/6 · f''') plus about ε|f|/h
/// rounding. Tolerance: h = 1e-6, rtol = atol = 1e-6 against the analytic Jacobian.
pub fn numerical_jacobian(
    f: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: ArrayView1<f64>,
    h: f64,
) -> Result<Array2<f64>, Error> {
    todo!()
}

/// The central-difference Hessian of f: ℝⁿ → ℝ at x, **exactly (bitwise) symmetric**.
///
/// Diagonal: H_ii = (f(x + h e_i) − 2 f(x) + f(x − h e_i)) / h². Off-diagonal, computed for
/// i < j and mirrored: H_ij = (f(x+he_i+he_j) − f(x+he_i−he_j) − f(x−he_i+he_j) +
/// f(x−he_i−he_j)) / (4h²). Any other O(h²)-accurate formula passes too, as long as the output
/// is exactly symmetric.
///
/// Validates as [`numerical_jacobian`]: `EmptyInput`, then `NonFiniteInput { index }`, then
/// `InvalidStep`. Any evaluation of f that is NaN or ±∞ → `NonFiniteOutput`.
///
/// Expected: 2n² + 1 evaluations of f. Tolerance: polynomials of degree ≤ 3 with h = 1e-3 at
/// rtol = atol = 1e-6; smooth non-polynomials with h = 1e-4 at rtol = atol = 1e-4.
pub fn numerical_hessian(
    f: impl Fn(ArrayView1<f64>) -> f64,
    x: ArrayView1<f64>,
    h: f64,
) -> Result<Array2<f64>, Error> {
    todo!()
}

/// The Hessian-vector product Hv ≈ (g(x + h v) − g(x − h v)) / (2h), where g is the supplied
/// gradient and v is used as given (not normalised). The Hessian is never formed.
///
/// Validation order: `x.len() == 0` → `EmptyInput`; `NonFiniteInput` (x first, index i; then
/// v, with the index offset by n: index n + i); `v.len() != n` →
/// `DimensionMismatch { what: "v", expected: n, got: v.len() }`; `h` not finite or ≤ 0 →
/// `InvalidStep`. Then a gradient output of length ≠ n →
/// `DimensionMismatch { what: "grad", expected: n, got }`, and a non-finite gradient output
/// → `NonFiniteOutput`. v = 0 gives exactly 0.
///
/// Expected: 2 gradient evaluations. Tolerance: h = 1e-5 on quadratic and cubic f,
/// rtol = atol = 1e-7.
pub fn hessian_vector_product(
    grad: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: ArrayView1<f64>,
    v: ArrayView1<f64>,
    h: f64,
) -> Result<Array1<f64>, Error> {
    todo!()
}

// ------------------------------------------------------------------ reverse mode

/// The gradients of a scalar loss with respect to both factors of Y = X W.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct MatmulGrads {
    /// ∂L/∂X = G Wᵀ, the shape of X (b × n).
    pub dx: Array2<f64>,
    /// ∂L/∂W = Xᵀ G, the shape of W (n × m).
    pub dw: Array2<f64>,
}

/// The vector-Jacobian product (reverse mode) of Y = X W with X ∈ ℝ^{b×n}, W ∈ ℝ^{n×m}, given
/// G = ∂L/∂Y ∈ ℝ^{b×m}: returns dX = G Wᵀ (b × n) and dW = Xᵀ G (n × m).
///
/// Validation order: `x.ncols() != w.nrows()` →
/// `DimensionMismatch { what: "w", expected: x.ncols(), got: w.nrows() }`;
/// `grad_out.dim() != (b, m)` → `DimensionMismatch { what: "grad_out", .. }` (rows first:
/// expected b, got its rows; then columns: expected m, got its columns); then a non-finite
/// entry → `NonFiniteInput { index }`, checking x, then w, then grad_out, with the index into
/// the first offending array, flattened row-major (no offset). Zero-sized dimensions are
/// allowed: for example b = 0 gives dX of shape 0 × n and dW = 0 of shape n × m. Views may be
/// strided (for example a transpose).
///
/// Expected: O(b·n·m). Tolerance: rtol = atol = 1e-12; integer inputs must match exactly.
pub fn matmul_vjp(
    x: ArrayView2<f64>,
    w: ArrayView2<f64>,
    grad_out: ArrayView2<f64>,
) -> Result<MatmulGrads, Error> {
    todo!()
}

// ------------------------------------------------------------------ matrix functions

/// Four scalar functions of a matrix X ∈ ℝ^{r×c}.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub enum MatrixFn {
    /// f(X) = tr(A X B), with A: p × r and B: c × p.
    TraceAXB { a: Array2<f64>, b: Array2<f64> },
    /// f(X) = tr(Xᵀ A X), with A: r × r (A need not be symmetric).
    QuadraticForm { a: Array2<f64> },
    /// f(X) = ‖A X − B‖_F², with A: p × r and B: p × c.
    LeastSquares { a: Array2<f64>, b: Array2<f64> },
    /// f(X) = −Σ_i Σ_j y_ij · log_softmax(X_i·)_j, with targets Y: r × c, y_ij ≥ 0.
    SoftmaxCrossEntropy { targets: Array2<f64> },
}

/// The value f(X) and the gradient ∇f(X) (of the shape of X, r × c) of a [`MatrixFn`]:
///
/// * `TraceAXB { a: p×r, b: c×p }`: f = tr(A X B), ∇ = Aᵀ Bᵀ.
/// * `QuadraticForm { a: r×r }`: f = tr(Xᵀ A X), ∇ = (A + Aᵀ) X.
/// * `LeastSquares { a: p×r, b: p×c }`: f = ‖A X − B‖_F², ∇ = 2 Aᵀ (A X − B).
/// * `SoftmaxCrossEntropy { targets: r×c }` with targets ≥ 0 (finite; rows need **not** sum to
///   1): f = −Σ_i Σ_j y_ij ℓ_ij, where ℓ_i = log_softmax(X_i·) is computed stably (max shift),
///   and a term with y_ij = 0 contributes 0. ∇_ij = softmax(X_i·)_j · (Σ_l y_il) − y_ij.
///
/// Validation order: shapes first → `DimensionMismatch` with `what` naming the argument
/// ("a", "b" or "targets"; for `TraceAXB` the checks are A's columns = r, B's rows = c, B's
/// columns = A's rows; for `LeastSquares` A's columns = r, B's rows = A's rows, B's
/// columns = c); then the first non-finite entry of X → `NonFiniteInput { index }` (flattened
/// row-major); then the parameters: a non-finite entry of A, then of B →
/// `NonFiniteInput { index }` (into that matrix); the first target in row-major order that is
/// negative or not finite → `InvalidTarget { row, col }`. Zero-sized shapes are allowed: the
/// value is then 0 and the gradient has the shape of X.
///
/// Expected: a few matrix products. Tolerance: rtol = atol = 1e-12; integer fixtures of the
/// first three functions must match exactly.
pub fn matrix_fn_value_and_grad(
    f: &MatrixFn,
    x: ArrayView2<f64>,
) -> Result<(f64, Array2<f64>), Error> {
    todo!()
}

// ------------------------------------------------------------------ critical points

/// The nature of a point x given ∇f(x) and ∇²f(x).
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriticalPoint {
    /// ‖∇f‖_∞ > tol: not a critical point.
    NotCritical,
    /// Every eigenvalue of the Hessian is > tol.
    LocalMin,
    /// Every eigenvalue of the Hessian is < −tol.
    LocalMax,
    /// Eigenvalues > tol and < −tol both occur.
    Saddle,
    /// No eigenvalue of the other sign, but some |λ| ≤ tol: the second-order test is
    /// inconclusive.
    Degenerate,
}

/// Classifies a point from its gradient and Hessian by the inertia (the signs of the
/// eigenvalues) of the Hessian, never by its diagonal or determinant.
///
/// Validates in this order: `tol` not finite or ≤ 0 → `InvalidTolerance { tol }`; H not square
/// → `NotSquare { rows, cols }`; n = 0 → `EmptyInput`; `grad.len() != n` →
/// `DimensionMismatch { what: "grad", expected: n, got }`; non-finite entries →
/// `NonFiniteInput { index }` (grad first, index i; then H, index n + i·n + j); the first
/// pair i < j (row-major) with |H_ij − H_ji| > 1e-9 · max(1, max|H|) →
/// `NotSymmetric { row: i, col: j }`. Then ‖grad‖_∞ > tol → `NotCritical`.
///
/// Otherwise compute the eigenvalues of (H + Hᵀ)/2 with absolute error
/// ≤ 1e-10 · max(1, ‖H‖_F); cyclic Jacobi is recommended (write it yourself). Let
/// pos = #{λ > tol}, neg = #{λ < −tol} and zero = the rest. The result is **Saddle** if
/// pos > 0 and neg > 0; otherwise **Degenerate** if zero > 0; otherwise **LocalMin** if
/// neg = 0, else **LocalMax**. An inconclusive second-order test is Degenerate, even when
/// all the nonzero eigenvalues have the same sign.
///
/// Expected: O(n³) per Jacobi sweep and a handful of sweeps (n ≤ 50 in the tests).
/// Tolerance: the exact variant.
pub fn classify_critical_point(
    grad: ArrayView1<f64>,
    hessian: ArrayView2<f64>,
    tol: f64,
) -> Result<CriticalPoint, Error> {
    todo!()
}
