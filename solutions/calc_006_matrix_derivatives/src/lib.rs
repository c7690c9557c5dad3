//! Reference solution of `calc_006_matrix_derivatives`: Jacobians, Hessians and
//! Hessian-vector products by central differences, the matmul VJP, matrix gradients by the
//! trace trick, and the classification of critical points by the inertia of the Hessian.
//! Read it after solving the task; the statement is
//! `crates/calc_006_matrix_derivatives/README.md`.
//!
//! The ideas, each in a few lines below:
//! * central differences (f(x + h) − f(x − h)) / 2h are O(h²) accurate, forward ones only O(h);
//! * the Jacobian is m × n (numerator layout): column j is the derivative along e_j;
//! * the Hessian's mixed entries are computed once for i < j and mirrored, so H is exactly
//!   symmetric;
//! * reverse mode through Y = X W: dX = G Wᵀ, dW = Xᵀ G (the shapes decide the transposes);
//! * d tr(A X B) = tr(B A dX) gives ∇ = (B A)ᵀ = Aᵀ Bᵀ, and d tr(Xᵀ A X) gives (A + Aᵀ) X;
//! * a critical point is classified by the signs of the Hessian's eigenvalues (cyclic Jacobi),
//!   never by its determinant or diagonal.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Zip};

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

/// The checks shared by the three finite-difference functions, in their order:
/// empty `x`, then the first non-finite `x[i]`, then the step.
fn check_point_and_step(x: ArrayView1<f64>, h: f64) -> Result<(), Error> {
    if x.is_empty() {
        return Err(Error::EmptyInput);
    }
    first_non_finite(x.iter())?;
    if !(h.is_finite() && h > 0.0) {
        return Err(Error::InvalidStep { h });
    }
    Ok(())
}

/// `Err(NonFiniteInput { index })` for the first NaN or ±∞ in iteration order. For a 2-D view
/// `iter()` is the logical row-major order, whatever the memory layout.
fn first_non_finite<'a>(values: impl Iterator<Item = &'a f64>) -> Result<(), Error> {
    match values.enumerate().find(|(_, v)| !v.is_finite()) {
        Some((index, _)) => Err(Error::NonFiniteInput { index }),
        None => Ok(()),
    }
}

/// Checks one evaluation of a vector function: its length first, then its values.
fn check_output(values: &Array1<f64>, expected: usize) -> Result<(), Error> {
    if values.len() != expected {
        return Err(Error::OutputLengthChanged {
            expected,
            got: values.len(),
        });
    }
    if values.iter().any(|v| !v.is_finite()) {
        return Err(Error::NonFiniteOutput);
    }
    Ok(())
}

/// Central-difference Jacobian J ∈ ℝ^{m×n}, J[i][j] = (f(x + h e_j)_i − f(x − h e_j)_i) / (2h).
///
/// Validation: empty `x` → `EmptyInput`; first non-finite `x[i]` → `NonFiniteInput { index: i }`;
/// `h` not finite or ≤ 0 → `InvalidStep`. Then f is evaluated at x (m = its length, m = 0 is
/// allowed), x + h e_0, x − h e_0, x + h e_1, …; the first evaluation whose length is not m
/// → `OutputLengthChanged`, or that holds a non-finite value → `NonFiniteOutput`.
/// Cost: 2n + 1 evaluations of f.
pub fn numerical_jacobian(
    f: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: ArrayView1<f64>,
    h: f64,
) -> Result<Array2<f64>, Error> {
    check_point_and_step(x, h)?;
    let n = x.len();
    let f0 = f(x);
    let m = f0.len();
    check_output(&f0, m)?;

    let mut jac = Array2::zeros((m, n));
    let mut shifted = x.to_owned();
    for j in 0..n {
        // Set the coordinate from x each time, so no rounding accumulates across steps.
        shifted[j] = x[j] + h;
        let plus = f(shifted.view());
        check_output(&plus, m)?;
        shifted[j] = x[j] - h;
        let minus = f(shifted.view());
        check_output(&minus, m)?;
        shifted[j] = x[j];
        // Column j is the directional derivative along e_j; the truncation error is
        // h²/6 · f''' and the rounding error about ε|f|/h.
        for i in 0..m {
            jac[[i, j]] = (plus[i] - minus[i]) / (2.0 * h);
        }
    }
    Ok(jac)
}

/// Central-difference Hessian of f: ℝⁿ → ℝ, exactly symmetric.
///
/// H_ii = (f(x + h e_i) − 2 f(x) + f(x − h e_i)) / h²; for i < j,
/// H_ij = H_ji = (f(x+he_i+he_j) − f(x+he_i−he_j) − f(x−he_i+he_j) + f(x−he_i−he_j)) / (4h²).
/// Validation as in [`numerical_jacobian`]; any non-finite value of f → `NonFiniteOutput`.
/// Cost: 2n² + 1 evaluations of f.
pub fn numerical_hessian(
    f: impl Fn(ArrayView1<f64>) -> f64,
    x: ArrayView1<f64>,
    h: f64,
) -> Result<Array2<f64>, Error> {
    check_point_and_step(x, h)?;
    let n = x.len();
    let mut point = x.to_owned();
    // f at x + Σ s_k h e_k for the (index, sign) pairs given, with point restored afterwards.
    let mut eval = |moves: &[(usize, f64)]| -> Result<f64, Error> {
        for &(k, sign) in moves {
            point[k] = x[k] + sign * h;
        }
        let value = f(point.view());
        for &(k, _) in moves {
            point[k] = x[k];
        }
        if value.is_finite() {
            Ok(value)
        } else {
            Err(Error::NonFiniteOutput)
        }
    };

    let f0 = eval(&[])?;
    let mut hess = Array2::zeros((n, n));
    for i in 0..n {
        let plus = eval(&[(i, 1.0)])?;
        let minus = eval(&[(i, -1.0)])?;
        hess[[i, i]] = (plus - 2.0 * f0 + minus) / (h * h);
        for j in (i + 1)..n {
            let pp = eval(&[(i, 1.0), (j, 1.0)])?;
            let pm = eval(&[(i, 1.0), (j, -1.0)])?;
            let mp = eval(&[(i, -1.0), (j, 1.0)])?;
            let mm = eval(&[(i, -1.0), (j, -1.0)])?;
            // Computed once and written twice: the output is symmetric bit for bit.
            let mixed = (pp - pm - mp + mm) / (4.0 * h * h);
            hess[[i, j]] = mixed;
            hess[[j, i]] = mixed;
        }
    }
    Ok(hess)
}

/// Hv ≈ (g(x + h v) − g(x − h v)) / (2h), with g the supplied gradient: the Hessian-vector
/// product in two gradient evaluations, without forming H.
///
/// Validation: `EmptyInput`; `NonFiniteInput` (x first, then v with the index offset by n);
/// `DimensionMismatch { what: "v" }`; `InvalidStep`. Then a gradient of length ≠ n →
/// `DimensionMismatch { what: "grad" }`, a non-finite gradient → `NonFiniteOutput`.
pub fn hessian_vector_product(
    grad: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: ArrayView1<f64>,
    v: ArrayView1<f64>,
    h: f64,
) -> Result<Array1<f64>, Error> {
    let n = x.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    first_non_finite(x.iter().chain(v.iter()))?;
    if v.len() != n {
        return Err(Error::DimensionMismatch {
            what: "v",
            expected: n,
            got: v.len(),
        });
    }
    if !(h.is_finite() && h > 0.0) {
        return Err(Error::InvalidStep { h });
    }
    let eval = |point: Array1<f64>| -> Result<Array1<f64>, Error> {
        let g = grad(point.view());
        if g.len() != n {
            return Err(Error::DimensionMismatch {
                what: "grad",
                expected: n,
                got: g.len(),
            });
        }
        if g.iter().any(|value| !value.is_finite()) {
            return Err(Error::NonFiniteOutput);
        }
        Ok(g)
    };
    // d/dt ∇f(x + t v) at t = 0 is H v; v is used as given, not normalised. For v = 0 both
    // points are x and the result is exactly 0.
    let plus = eval(&x + &(h * &v))?;
    let minus = eval(&x - &(h * &v))?;
    Ok((plus - minus) / (2.0 * h))
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

/// The vector-Jacobian product of Y = X W: given G = ∂L/∂Y (b × m), returns dX = G Wᵀ (b × n)
/// and dW = Xᵀ G (n × m).
///
/// Validation: `x.ncols() != w.nrows()` → `DimensionMismatch { what: "w" }`;
/// `grad_out.dim() != (b, m)` → `DimensionMismatch { what: "grad_out" }`; then the first
/// non-finite entry of x, then of w, then of grad_out → `NonFiniteInput` (index into that
/// array, flattened row-major). Zero-sized dimensions are allowed. Cost: O(b·n·m).
pub fn matmul_vjp(
    x: ArrayView2<f64>,
    w: ArrayView2<f64>,
    grad_out: ArrayView2<f64>,
) -> Result<MatmulGrads, Error> {
    let (b, n) = x.dim();
    let m = w.ncols();
    if w.nrows() != n {
        return Err(Error::DimensionMismatch {
            what: "w",
            expected: n,
            got: w.nrows(),
        });
    }
    if grad_out.nrows() != b {
        return Err(Error::DimensionMismatch {
            what: "grad_out",
            expected: b,
            got: grad_out.nrows(),
        });
    }
    if grad_out.ncols() != m {
        return Err(Error::DimensionMismatch {
            what: "grad_out",
            expected: m,
            got: grad_out.ncols(),
        });
    }
    first_non_finite(x.iter())?;
    first_non_finite(w.iter())?;
    first_non_finite(grad_out.iter())?;
    // dL = ⟨G, dX W + X dW⟩ = ⟨G Wᵀ, dX⟩ + ⟨Xᵀ G, dW⟩. Each gradient has the shape of its
    // variable, which is how to remember where the transposes go.
    Ok(MatmulGrads {
        dx: grad_out.dot(&w.t()),
        dw: x.t().dot(&grad_out),
    })
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

/// `DimensionMismatch { what, .. }` unless `got == expected`.
fn expect_len(what: &'static str, expected: usize, got: usize) -> Result<(), Error> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what,
            expected,
            got,
        })
    }
}

/// f(X) and ∇f(X) (the shape of X) for one of the four matrix functions.
///
/// Validation: shapes (→ `DimensionMismatch` naming "a", "b" or "targets"), then the first
/// non-finite X entry (→ `NonFiniteInput`, flattened row-major), then the parameters: a
/// non-finite entry of A, then of B → `NonFiniteInput` (index into that matrix); a negative
/// or non-finite target → `InvalidTarget { row, col }`.
pub fn matrix_fn_value_and_grad(
    f: &MatrixFn,
    x: ArrayView2<f64>,
) -> Result<(f64, Array2<f64>), Error> {
    let (r, c) = x.dim();
    match f {
        MatrixFn::TraceAXB { a, b } => {
            expect_len("a", r, a.ncols())?;
            expect_len("b", c, b.nrows())?;
            expect_len("b", a.nrows(), b.ncols())?;
            first_non_finite(x.iter())?;
            first_non_finite(a.iter())?;
            first_non_finite(b.iter())?;
            // f = tr(A X B) = Σ_ij (A X)_ij B_ji.
            let ax = a.dot(&x);
            let value: f64 = Zip::from(&ax).and(b.t()).fold(0.0, |s, &p, &q| s + p * q);
            // df = tr(A dX B) = tr(B A dX) = ⟨(B A)ᵀ, dX⟩, so ∇ = (B A)ᵀ = Aᵀ Bᵀ.
            let grad = a.t().dot(&b.t());
            Ok((value, grad))
        }
        MatrixFn::QuadraticForm { a } => {
            expect_len("a", r, a.nrows())?;
            expect_len("a", r, a.ncols())?;
            first_non_finite(x.iter())?;
            first_non_finite(a.iter())?;
            // f = tr(Xᵀ A X) = Σ_ij X_ij (A X)_ij.
            let ax = a.dot(&x);
            let value: f64 = Zip::from(x).and(&ax).fold(0.0, |s, &p, &q| s + p * q);
            // df = tr(dXᵀ A X) + tr(Xᵀ A dX) = ⟨A X, dX⟩ + ⟨Aᵀ X, dX⟩: ∇ = (A + Aᵀ) X, which is
            // 2 A X only when A is symmetric.
            let grad = (a + &a.t()).dot(&x);
            Ok((value, grad))
        }
        MatrixFn::LeastSquares { a, b } => {
            expect_len("a", r, a.ncols())?;
            expect_len("b", a.nrows(), b.nrows())?;
            expect_len("b", c, b.ncols())?;
            first_non_finite(x.iter())?;
            first_non_finite(a.iter())?;
            first_non_finite(b.iter())?;
            // With R = A X − B: df = 2 ⟨R, A dX⟩ = ⟨2 Aᵀ R, dX⟩.
            let residual = a.dot(&x) - b;
            let value: f64 = residual.iter().map(|v| v * v).sum();
            let grad = 2.0 * a.t().dot(&residual);
            Ok((value, grad))
        }
        MatrixFn::SoftmaxCrossEntropy { targets } => {
            expect_len("targets", r, targets.nrows())?;
            expect_len("targets", c, targets.ncols())?;
            first_non_finite(x.iter())?;
            if let Some(((row, col), _)) = targets
                .indexed_iter()
                .find(|(_, y)| !(y.is_finite() && **y >= 0.0))
            {
                return Err(Error::InvalidTarget { row, col });
            }
            softmax_cross_entropy(x, targets.view())
        }
    }
}

/// f = −Σ_i Σ_j y_ij ℓ_ij with ℓ_i = log_softmax(X_i·), and ∇_ij = p_ij · (Σ_l y_il) − y_ij.
fn softmax_cross_entropy(
    x: ArrayView2<f64>,
    y: ArrayView2<f64>,
) -> Result<(f64, Array2<f64>), Error> {
    let mut value = 0.0;
    let mut grad = Array2::zeros(x.dim());
    for (i, row) in x.outer_iter().enumerate() {
        // The max shift: every exp(x_ij − m) ≤ 1 and one of them is 1, so the sum is in
        // [1, c] and its logarithm finite (an empty row has no terms at all).
        let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let log_sum = row.iter().map(|&v| (v - m).exp()).sum::<f64>().ln();
        let total: f64 = y.row(i).sum();
        for (j, &x_ij) in row.iter().enumerate() {
            let y_ij = y[[i, j]];
            let log_p = (x_ij - m) - log_sum;
            // A zero target contributes nothing, even where ℓ_ij underflows to −∞.
            if y_ij != 0.0 {
                value -= y_ij * log_p;
            }
            // ∂/∂x_ij of Σ_k y_ik (lse(x_i) − x_ik) = (Σ_k y_ik) p_ij − y_ij: the familiar
            // p − y only when the row of targets sums to 1.
            let p = log_p.exp();
            grad[[i, j]] = p * total - y_ij;
        }
    }
    Ok((value, grad))
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

/// Classifies x from its gradient and Hessian, with the tolerance `tol` for "zero".
///
/// Validation: `tol` not finite or ≤ 0 → `InvalidTolerance`; H not square → `NotSquare`;
/// n = 0 → `EmptyInput`; `grad.len() != n` → `DimensionMismatch { what: "grad" }`;
/// non-finite entries → `NonFiniteInput` (grad first, then H with the index offset by n);
/// the first pair i < j (row-major) with |H_ij − H_ji| > 1e-9·max(1, max|H|) →
/// `NotSymmetric { row: i, col: j }`. Then ‖grad‖_∞ > tol → `NotCritical`; otherwise the
/// inertia of (H + Hᵀ)/2 decides. Cost: O(n³) per Jacobi sweep, a handful of sweeps.
pub fn classify_critical_point(
    grad: ArrayView1<f64>,
    hessian: ArrayView2<f64>,
    tol: f64,
) -> Result<CriticalPoint, Error> {
    if !(tol.is_finite() && tol > 0.0) {
        return Err(Error::InvalidTolerance { tol });
    }
    let (rows, cols) = hessian.dim();
    if rows != cols {
        return Err(Error::NotSquare { rows, cols });
    }
    let n = rows;
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    if grad.len() != n {
        return Err(Error::DimensionMismatch {
            what: "grad",
            expected: n,
            got: grad.len(),
        });
    }
    first_non_finite(grad.iter().chain(hessian.iter()))?;
    let scale = hessian.iter().fold(1.0_f64, |s, v| s.max(v.abs()));
    for i in 0..n {
        for j in (i + 1)..n {
            if (hessian[[i, j]] - hessian[[j, i]]).abs() > 1e-9 * scale {
                return Err(Error::NotSymmetric { row: i, col: j });
            }
        }
    }
    if grad.iter().any(|g| g.abs() > tol) {
        return Ok(CriticalPoint::NotCritical);
    }

    // Symmetrise (halves first, so that huge entries cannot overflow) and diagonalise.
    let sym = Array2::from_shape_fn((n, n), |(i, j)| {
        0.5 * hessian[[i, j]] + 0.5 * hessian[[j, i]]
    });
    let eigenvalues = symmetric_eigenvalues(sym);

    // The inertia: how many eigenvalues are clearly positive, clearly negative, or "zero".
    let positive = eigenvalues.iter().filter(|&&l| l > tol).count();
    let negative = eigenvalues.iter().filter(|&&l| l < -tol).count();
    let zero = n - positive - negative;
    Ok(if positive > 0 && negative > 0 {
        // Directions of ascent and descent: a saddle, whatever the other eigenvalues are.
        CriticalPoint::Saddle
    } else if zero > 0 {
        // f could go either way along a flat direction: the second-order test says nothing.
        CriticalPoint::Degenerate
    } else if negative == 0 {
        CriticalPoint::LocalMin
    } else {
        CriticalPoint::LocalMax
    })
}

/// The eigenvalues of a symmetric matrix by the cyclic Jacobi method.
///
/// Each rotation J in the (p, q) plane is chosen so that (Jᵀ A J)_pq = 0; the off-diagonal
/// mass Σ_{i≠j} a_ij² strictly decreases and converges quadratically once small. A sweep
/// visits every pair p < q in row order; we stop after a sweep in which every |a_pq| was
/// already below ε‖A‖_F / n, so that the dropped off-diagonal part perturbs the eigenvalues
/// by at most ‖off(A)‖_F ≤ ε‖A‖_F (Weyl), far inside the required 1e-10·max(1, ‖H‖_F).
fn symmetric_eigenvalues(mut a: Array2<f64>) -> Vec<f64> {
    let n = a.nrows();
    let threshold = f64::EPSILON * frobenius_norm(&a) / n as f64;
    for _sweep in 0..100 {
        let mut rotated = false;
        for p in 0..n {
            for q in (p + 1)..n {
                let apq = a[[p, q]];
                if apq.abs() <= threshold {
                    continue;
                }
                rotated = true;
                // The classic stable choice (Golub & Van Loan, Algorithm 8.5.1): with
                // τ = (a_qq − a_pp) / (2 a_pq), t = tan θ is the smaller root of
                // t² + 2τt − 1 = 0, so |θ| ≤ π/4.
                let tau = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let t = if tau.abs() > 1e150 {
                    0.5 / tau // τ² would overflow; t ≈ 1/(2τ)
                } else {
                    tau.signum() / (tau.abs() + (1.0 + tau * tau).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = t * c;
                // A ← A J (columns p and q), then A ← Jᵀ A (rows p and q).
                for k in 0..n {
                    let (akp, akq) = (a[[k, p]], a[[k, q]]);
                    a[[k, p]] = c * akp - s * akq;
                    a[[k, q]] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[[p, k]], a[[q, k]]);
                    a[[p, k]] = c * apk - s * aqk;
                    a[[q, k]] = s * apk + c * aqk;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    a.diag().to_vec()
}

/// ‖A‖_F without overflow or underflow: scale by the largest magnitude first.
fn frobenius_norm(a: &Array2<f64>) -> f64 {
    let big = a.iter().fold(0.0_f64, |s, v| s.max(v.abs()));
    if big == 0.0 {
        return 0.0;
    }
    big * a.iter().map(|v| (v / big) * (v / big)).sum::<f64>().sqrt()
}
