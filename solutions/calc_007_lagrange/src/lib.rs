//! # calc_007_lagrange: reference solution
//!
//! Lagrange multipliers and KKT conditions, equality-constrained QPs through the KKT linear
//! system, the soft-margin SVM primal and dual, primal recovery, and SMO.
//!
//! Sign convention throughout: for min f(x) s.t. g(x) <= 0, h(x) = 0 the Lagrangian is
//! L(x, mu, lambda) = f(x) + mu^T g(x) + lambda^T h(x), so stationarity reads
//! grad f + J_g^T mu + J_h^T lambda = 0 and dual feasibility is mu >= 0.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

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

// ------------------------------------------------------------------ small helpers

/// `Err(NonFinite { what })` if any value is NaN or infinite.
fn require_finite<'a>(
    what: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), Error> {
    if values.into_iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(Error::NonFinite { what })
    }
}

fn require_len(what: &'static str, expected: usize, got: usize) -> Result<(), Error> {
    if expected == got {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what,
            expected,
            got,
        })
    }
}

/// The first label that is not exactly -1.0 or +1.0.
fn require_labels(y: &[f64]) -> Result<(), Error> {
    match y.iter().position(|&v| v != 1.0 && v != -1.0) {
        Some(index) => Err(Error::InvalidLabel {
            index,
            value: y[index],
        }),
        None => Ok(()),
    }
}

/// C must be > 0 and not NaN; +inf only where `allow_infinite`.
fn require_c(c: f64, allow_infinite: bool) -> Result<(), Error> {
    if c.is_nan() || c <= 0.0 || (c.is_infinite() && !allow_infinite) {
        Err(Error::InvalidC { value: c })
    } else {
        Ok(())
    }
}

// ------------------------------------------------------------------ equality-constrained QP

/// min ½xᵀQx + cᵀx s.t. Ax = b through the KKT system
/// [[Q, Aᵀ], [A, 0]] [x; λ] = [−c; b].
pub fn equality_constrained_qp(
    q: ArrayView2<f64>,
    c: ArrayView1<f64>,
    a: ArrayView2<f64>,
    b: ArrayView1<f64>,
) -> Result<QpSolution, Error> {
    let (rows, cols) = q.dim();
    if rows != cols {
        return Err(Error::NotSquare { rows, cols });
    }
    let n = rows;
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    require_len("c", n, c.len())?;
    require_len("a columns", n, a.ncols())?;
    let m = a.nrows();
    require_len("b", m, b.len())?;
    require_finite("q", q.iter())?;
    require_finite("c", c.iter())?;
    require_finite("a", a.iter())?;
    require_finite("b", b.iter())?;
    let q_scale = q.iter().fold(1.0_f64, |acc, v| acc.max(v.abs()));
    for i in 0..n {
        for j in (i + 1)..n {
            if (q[[i, j]] - q[[j, i]]).abs() > 1e-12 * q_scale {
                return Err(Error::NotSymmetric { row: i, col: j });
            }
        }
    }

    // Assemble K = [[Q, Aᵀ], [A, 0]] and the right-hand side [−c; b].
    let size = n + m;
    let mut k = Array2::<f64>::zeros((size, size));
    let mut rhs = Array1::<f64>::zeros(size);
    for i in 0..n {
        for j in 0..n {
            k[[i, j]] = q[[i, j]];
        }
        rhs[i] = -c[i];
    }
    for r in 0..m {
        for i in 0..n {
            // Top-right block: column n + r of K holds row r of A (that is, Aᵀ).
            k[[i, n + r]] = a[[r, i]];
            // Bottom-left block: A itself.
            k[[n + r, i]] = a[[r, i]];
        }
        rhs[n + r] = b[r];
    }

    let solution = solve_with_partial_pivoting(k, rhs)?;
    Ok(QpSolution {
        x: solution.slice(ndarray::s![..n]).to_owned(),
        lambda: solution.slice(ndarray::s![n..]).to_owned(),
    })
}

/// Solves K z = rhs by Gaussian elimination with partial pivoting. A pivot with
/// |pivot| <= 1e-12 · max|K_ij| (of the original K) means K is singular.
fn solve_with_partial_pivoting(
    mut k: Array2<f64>,
    mut rhs: Array1<f64>,
) -> Result<Array1<f64>, Error> {
    let size = rhs.len();
    let threshold = 1e-12 * k.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    for col in 0..size {
        // Partial pivoting: bring the largest |entry| of this column (on or below the
        // diagonal) to the diagonal. The zero block of K makes this necessary, not optional.
        let mut pivot_row = col;
        for r in (col + 1)..size {
            if k[[r, col]].abs() > k[[pivot_row, col]].abs() {
                pivot_row = r;
            }
        }
        if k[[pivot_row, col]].abs() <= threshold {
            return Err(Error::SingularKkt);
        }
        if pivot_row != col {
            for j in 0..size {
                k.swap([col, j], [pivot_row, j]);
            }
            rhs.swap(col, pivot_row);
        }
        let pivot = k[[col, col]];
        for r in (col + 1)..size {
            let factor = k[[r, col]] / pivot;
            if factor != 0.0 {
                for j in col..size {
                    k[[r, j]] -= factor * k[[col, j]];
                }
                rhs[r] -= factor * rhs[col];
            }
        }
    }
    // Back substitution on the upper-triangular system.
    let mut z = Array1::<f64>::zeros(size);
    for i in (0..size).rev() {
        let mut s = rhs[i];
        for j in (i + 1)..size {
            s -= k[[i, j]] * z[j];
        }
        z[i] = s / k[[i, i]];
    }
    Ok(z)
}

// ------------------------------------------------------------------ KKT residuals

/// The four KKT conditions (stationarity, primal feasibility for g and h, dual feasibility,
/// complementary slackness) measured at one point.
pub fn kkt_residuals(
    grad_f: ArrayView1<f64>,
    g: ArrayView1<f64>,
    jac_g: ArrayView2<f64>,
    h: ArrayView1<f64>,
    jac_h: ArrayView2<f64>,
    mu: ArrayView1<f64>,
    lambda: ArrayView1<f64>,
) -> Result<KktResiduals, Error> {
    let n = grad_f.len();
    let p = g.len();
    let q = h.len();
    require_len("jac_g rows", p, jac_g.nrows())?;
    require_len("jac_g columns", n, jac_g.ncols())?;
    require_len("jac_h rows", q, jac_h.nrows())?;
    require_len("jac_h columns", n, jac_h.ncols())?;
    require_len("mu", p, mu.len())?;
    require_len("lambda", q, lambda.len())?;
    require_finite("grad_f", grad_f.iter())?;
    require_finite("g", g.iter())?;
    require_finite("jac_g", jac_g.iter())?;
    require_finite("h", h.iter())?;
    require_finite("jac_h", jac_h.iter())?;
    require_finite("mu", mu.iter())?;
    require_finite("lambda", lambda.iter())?;

    // ∇f + J_gᵀ μ + J_hᵀ λ, one coordinate at a time.
    let mut stationarity = 0.0_f64;
    for k in 0..n {
        let mut s = grad_f[k];
        for i in 0..p {
            s += jac_g[[i, k]] * mu[i];
        }
        for j in 0..q {
            s += jac_h[[j, k]] * lambda[j];
        }
        stationarity = stationarity.max(s.abs());
    }
    let primal_equality = h.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    let primal_inequality = g.iter().fold(0.0_f64, |acc, &v| acc.max(v));
    // μ ≥ 0 is the requirement, so a negative μ_i is the violation −μ_i.
    let dual_feasibility = mu.iter().fold(0.0_f64, |acc, &m| acc.max(-m));
    let complementary_slackness = mu
        .iter()
        .zip(g.iter())
        .fold(0.0_f64, |acc, (&m, &gi)| acc.max((m * gi).abs()));
    Ok(KktResiduals {
        stationarity,
        primal_equality,
        primal_inequality,
        dual_feasibility,
        complementary_slackness,
    })
}

// ------------------------------------------------------------------ SVM primal and dual

/// D(α) = Σ α_i − ½ Σ_ij α_i α_j y_i y_j K_ij.
pub fn svm_dual_objective(gram: ArrayView2<f64>, y: &[f64], alpha: &[f64]) -> Result<f64, Error> {
    let (rows, cols) = gram.dim();
    if rows != cols {
        return Err(Error::NotSquare { rows, cols });
    }
    let n = rows;
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    require_len("y", n, y.len())?;
    require_len("alpha", n, alpha.len())?;
    require_labels(y)?;
    require_finite("gram", gram.iter())?;
    require_finite("alpha", alpha.iter())?;

    let linear: f64 = alpha.iter().sum();
    let mut quadratic = 0.0;
    for i in 0..n {
        let mut row = 0.0;
        for j in 0..n {
            row += alpha[j] * y[j] * gram[[i, j]];
        }
        quadratic += alpha[i] * y[i] * row;
    }
    Ok(linear - 0.5 * quadratic)
}

/// P(w, b) = ½‖w‖² + C Σ max(0, 1 − y_i(w·x_i + b)); C = +∞ is the hard margin.
pub fn svm_primal_objective(
    x: ArrayView2<f64>,
    y: &[f64],
    w: ArrayView1<f64>,
    b: f64,
    c: f64,
) -> Result<f64, Error> {
    let (n, d) = x.dim();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    require_len("y", n, y.len())?;
    require_len("w", d, w.len())?;
    require_labels(y)?;
    require_c(c, true)?;
    require_finite("x", x.iter())?;
    require_finite("w", w.iter())?;
    require_finite("b", [b].iter())?;

    let regulariser = 0.5 * w.dot(&w);
    let mut hinge_sum = 0.0;
    for (row, &yi) in x.rows().into_iter().zip(y) {
        let margin = yi * (row.dot(&w) + b);
        hinge_sum += (1.0 - margin).max(0.0);
    }
    if c.is_infinite() {
        // Hard margin: every constraint y_i f(x_i) >= 1 must hold (∞ · 0 would be NaN).
        Ok(if hinge_sum > 0.0 {
            f64::INFINITY
        } else {
            regulariser
        })
    } else {
        Ok(regulariser + c * hinge_sum)
    }
}

/// w = Σ α_i y_i x_i.
fn weights_from_alpha(x: ArrayView2<f64>, y: &[f64], alpha: &[f64]) -> Array1<f64> {
    let mut w = Array1::<f64>::zeros(x.ncols());
    for (i, row) in x.rows().into_iter().enumerate() {
        let coef = alpha[i] * y[i];
        w.scaled_add(coef, &row);
    }
    w
}

/// libsvm's intercept rule. Free SVs (tol < α_i < C − tol) lie exactly on the margin, so
/// b = y_i − w·x_i for each of them; average those. Without a free SV, the KKT conditions only
/// bound b: L ≤ b ≤ U, and b is the midpoint (or the one finite bound).
fn intercept(
    x: ArrayView2<f64>,
    y: &[f64],
    alpha: &[f64],
    w: &Array1<f64>,
    c: f64,
    tol: f64,
) -> f64 {
    let mut free_sum = 0.0;
    let mut free_count = 0usize;
    let mut lower: Option<f64> = None;
    let mut upper: Option<f64> = None;
    for (i, (&yi, &a)) in y.iter().zip(alpha).enumerate() {
        let residual = yi - x.row(i).dot(w);
        if tol < a && a < c - tol {
            free_sum += residual;
            free_count += 1;
            continue;
        }
        let at_zero = a <= tol;
        let at_c = a >= c - tol;
        // α_i = 0 needs y_i f(x_i) ≥ 1; α_i = C needs y_i f(x_i) ≤ 1. Each is a one-sided
        // bound on b: a lower bound for (α = 0, y = +1) and (α = C, y = −1), an upper bound
        // for the other two.
        let is_lower = (at_zero && yi > 0.0) || (at_c && yi < 0.0);
        let is_upper = (at_zero && yi < 0.0) || (at_c && yi > 0.0);
        if is_lower {
            lower = Some(lower.map_or(residual, |l| l.max(residual)));
        }
        if is_upper {
            upper = Some(upper.map_or(residual, |u| u.min(residual)));
        }
    }
    if free_count > 0 {
        return free_sum / free_count as f64;
    }
    match (lower, upper) {
        (Some(l), Some(u)) => 0.5 * (l + u),
        (Some(l), None) => l,
        (None, Some(u)) => u,
        // Unreachable for n >= 1: every point that is not free bounds b on one side.
        (None, None) => 0.0,
    }
}

/// (w, b) from a dual solution α, with libsvm's rule for b.
pub fn svm_recover_primal(
    x: ArrayView2<f64>,
    y: &[f64],
    alpha: &[f64],
    c: f64,
    tol: f64,
) -> Result<(Array1<f64>, f64), Error> {
    let n = x.nrows();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    require_len("y", n, y.len())?;
    require_len("alpha", n, alpha.len())?;
    require_labels(y)?;
    require_c(c, true)?;
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(Error::InvalidTolerance { value: tol });
    }
    require_finite("x", x.iter())?;
    require_finite("alpha", alpha.iter())?;
    if let Some(i) = alpha.iter().position(|&a| a < -tol || a > c + tol) {
        return Err(Error::InfeasibleDual { index: Some(i) });
    }
    let balance: f64 = alpha.iter().zip(y).map(|(a, yi)| a * yi).sum();
    let total: f64 = alpha.iter().sum();
    if balance.abs() > tol * total.max(1.0) {
        return Err(Error::InfeasibleDual { index: None });
    }
    if y.iter().all(|&v| v == y[0]) {
        return Err(Error::SingleClass);
    }
    let w = weights_from_alpha(x, y, alpha);
    let b = intercept(x, y, alpha, &w, c, tol);
    Ok((w, b))
}

// ------------------------------------------------------------------ SMO

/// Linear-kernel C-SVM by SMO with libsvm's first-order working-set selection (WSS1).
pub fn svm_fit_smo(
    x: ArrayView2<f64>,
    y: &[f64],
    c: f64,
    tol: f64,
    max_iter: usize,
) -> Result<SvmModel, Error> {
    let n = x.nrows();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    require_len("y", n, y.len())?;
    require_labels(y)?;
    require_c(c, false)?;
    if !(tol.is_finite() && tol > 0.0) {
        return Err(Error::InvalidTolerance { value: tol });
    }
    require_finite("x", x.iter())?;
    if y.iter().all(|&v| v == y[0]) {
        return Err(Error::SingleClass);
    }

    // Kernel matrix K_ij = x_i · x_j (Q_ij = y_i y_j K_ij is formed on the fly).
    let mut kernel = Array2::<f64>::zeros((n, n));
    for i in 0..n {
        for j in 0..=i {
            let v = x.row(i).dot(&x.row(j));
            kernel[[i, j]] = v;
            kernel[[j, i]] = v;
        }
    }

    // Start at α = 0, where ∇f = Qα − 1 = −1.
    let mut alpha = vec![0.0_f64; n];
    let mut grad = vec![-1.0_f64; n];
    let mut iterations = 0usize;
    loop {
        // WSS1: the maximal violating pair.
        //   i = argmax { −y_t ∇f_t : t ∈ I_up },  j = argmin { −y_t ∇f_t : t ∈ I_low }.
        // Strict comparisons keep the smallest index on ties.
        let mut i_best: Option<usize> = None;
        let mut j_best: Option<usize> = None;
        let mut m_up = f64::NEG_INFINITY;
        let mut m_low = f64::INFINITY;
        for t in 0..n {
            let v = -y[t] * grad[t];
            let in_up = if y[t] > 0.0 {
                alpha[t] < c
            } else {
                alpha[t] > 0.0
            };
            let in_low = if y[t] > 0.0 {
                alpha[t] > 0.0
            } else {
                alpha[t] < c
            };
            if in_up && v > m_up {
                m_up = v;
                i_best = Some(t);
            }
            if in_low && v < m_low {
                m_low = v;
                j_best = Some(t);
            }
        }
        let (Some(i), Some(j)) = (i_best, j_best) else {
            break; // one set is empty: nothing can move, α is optimal
        };
        if m_up - m_low <= tol {
            break;
        }
        if iterations == max_iter {
            return Err(Error::NotConverged { iterations });
        }

        // Move along d = y_i e_i − y_j e_j (keeps yᵀα fixed): f(α + s d) has slope
        // −(m_up − m_low) and curvature η = K_ii + K_jj − 2 K_ij.
        let mut eta = kernel[[i, i]] + kernel[[j, j]] - 2.0 * kernel[[i, j]];
        if eta <= 0.0 {
            eta = 1e-12;
        }
        let room_i = if y[i] > 0.0 { c - alpha[i] } else { alpha[i] };
        let room_j = if y[j] > 0.0 { alpha[j] } else { c - alpha[j] };
        let step = ((m_up - m_low) / eta).min(room_i).min(room_j);
        // A step that hits the box lands exactly on 0 or C.
        let new_i = if step == room_i {
            if y[i] > 0.0 { c } else { 0.0 }
        } else {
            (alpha[i] + y[i] * step).clamp(0.0, c)
        };
        let new_j = if step == room_j {
            if y[j] > 0.0 { 0.0 } else { c }
        } else {
            (alpha[j] - y[j] * step).clamp(0.0, c)
        };
        let delta_i = new_i - alpha[i];
        let delta_j = new_j - alpha[j];
        for t in 0..n {
            grad[t] += y[t] * (y[i] * kernel[[t, i]] * delta_i + y[j] * kernel[[t, j]] * delta_j);
        }
        alpha[i] = new_i;
        alpha[j] = new_j;
        iterations += 1;
    }

    let w = weights_from_alpha(x, y, &alpha);
    // Free means 0 < α < C exactly: the bounds are exact after clipping.
    let b = intercept(x, y, &alpha, &w, c, 0.0);
    Ok(SvmModel {
        alpha: Array1::from(alpha),
        w,
        b,
        iterations,
    })
}
