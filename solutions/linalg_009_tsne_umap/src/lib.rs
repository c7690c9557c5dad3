//! # linalg_009_tsne_umap: reference solution
//!
//! t-SNE affinities by perplexity calibration, the t-SNE KL objective and its gradient,
//! trustworthiness, the Johnson–Lindenstrauss dimension, very sparse random projections and
//! the signed hashing trick. Read it after solving the task; the statement is
//! `crates/linalg_009_tsne_umap/README.md`.

use ndarray::{Array1, Array2, ArrayView2};
use rand::{Rng, RngExt};

/// Everything that can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("too few points: {n} (need at least {min})")]
    TooFewPoints { n: usize, min: usize },
    #[error("matrix is {rows}x{cols}, expected a square matrix")]
    NotSquare { rows: usize, cols: usize },
    #[error("dimension mismatch: expected {expected}, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    #[error("squared distance ({row}, {col}) is negative or not finite")]
    InvalidDistance { row: usize, col: usize },
    #[error("perplexity {value} must be finite and in (1, n - 1]")]
    InvalidPerplexity { value: f64 },
    #[error("row {row}: the perplexity cannot be reached (too many tied nearest neighbours)")]
    PerplexityUnreachable { row: usize },
    #[error("the joint P must be finite, >= 0, symmetric, zero on the diagonal and sum to 1")]
    InvalidJointP,
    #[error("entry ({row}, {col}) is not finite")]
    NonFinite { row: usize, col: usize },
    #[error("invalid number of neighbours k = {k} for n = {n} points (need 1 <= k and 2k < n)")]
    InvalidNeighbors { k: usize, n: usize },
    #[error("epsilon {value} must lie in (0, 1)")]
    InvalidEpsilon { value: f64 },
    #[error("sparsity s = {value} must be finite and >= 1")]
    InvalidSparsity { value: f64 },
    #[error("dimensions must be at least 1")]
    InvalidDimension,
    #[error("feature {index} has a non-finite value")]
    NonFiniteValue { index: usize },
}

/// The output of [`tsne_affinities`].
#[derive(Debug, Clone, PartialEq)]
pub struct Affinities {
    /// `conditional[i][j]` = P_{j|i}; zero diagonal, rows sum to 1.
    pub conditional: Array2<f64>,
    /// (P_cond + P_condᵀ) / (2n): symmetric, zero diagonal, sums to 1.
    pub joint: Array2<f64>,
    /// The calibrated precisions β_i.
    pub betas: Array1<f64>,
}

// ------------------------------------------------------------------ t-SNE affinities

/// Fills `p` (length n, p[i] = 0) with exp(−β d̃_ij)/S and returns the entropy in nats,
/// H = ln S + β Σ_j P_j d̃_j (from ln P_j = −β d̃_j − ln S). `shifted` holds d̃ with the
/// diagonal entry ignored.
fn row_distribution(shifted: &[f64], i: usize, beta: f64, p: &mut [f64]) -> f64 {
    let mut sum = 0.0;
    for (j, (&d, pj)) in shifted.iter().zip(p.iter_mut()).enumerate() {
        // The shift makes the largest term exp(0) = 1, so `sum` >= 1: no 0/0.
        *pj = if j == i { 0.0 } else { (-beta * d).exp() };
        sum += *pj;
    }
    let mut mean_d = 0.0;
    for (&d, pj) in shifted.iter().zip(p.iter_mut()) {
        *pj /= sum;
        mean_d += *pj * d;
    }
    sum.ln() + beta * mean_d
}

pub fn tsne_affinities(sq_distances: ArrayView2<f64>, perplexity: f64) -> Result<Affinities, Error> {
    let (rows, cols) = sq_distances.dim();
    if rows != cols {
        return Err(Error::NotSquare { rows, cols });
    }
    let n = rows;
    if n < 3 {
        return Err(Error::TooFewPoints { n, min: 3 });
    }
    for ((row, col), &d) in sq_distances.indexed_iter() {
        if row != col && !(d.is_finite() && d >= 0.0) {
            return Err(Error::InvalidDistance { row, col });
        }
    }
    let uniform_perp = (n - 1) as f64;
    if !perplexity.is_finite() || perplexity <= 1.0 || perplexity > uniform_perp {
        return Err(Error::InvalidPerplexity { value: perplexity });
    }

    let target = perplexity.ln(); // entropy in nats: the target is ln(perp), not log2(perp)
    let mut conditional = Array2::<f64>::zeros((n, n));
    let mut betas = Array1::<f64>::zeros(n);
    let mut shifted = vec![0.0; n];
    let mut p = vec![0.0; n];

    for i in 0..n {
        // Shift by the row minimum (off the diagonal): P is unchanged, nothing underflows.
        let row_min = (0..n).filter(|&j| j != i).map(|j| sq_distances[[i, j]]).fold(f64::INFINITY, f64::min);
        let ties = (0..n).filter(|&j| j != i && sq_distances[[i, j]] == row_min).count();
        for j in 0..n {
            shifted[j] = if j == i { 0.0 } else { sq_distances[[i, j]] - row_min };
        }

        let beta = if perplexity == uniform_perp {
            0.0 // H(0) = ln(n - 1): the uniform distribution is the answer
        } else if perplexity <= ties as f64 {
            // H decreases to ln(ties) as β → ∞, never below: the target is out of reach.
            return Err(Error::PerplexityUnreachable { row: i });
        } else {
            // H is strictly decreasing in β here, from ln(n-1) to ln(ties) < target.
            // Bracket: double `hi` until H(hi) < target, then bisect.
            let mut lo = 0.0_f64;
            let mut hi = 1.0_f64;
            let mut steps = 0;
            while row_distribution(&shifted, i, hi, &mut p) > target && steps < 2100 {
                lo = hi;
                hi *= 2.0;
                steps += 1;
            }
            let mut beta = 0.5 * (lo + hi);
            for _ in 0..200 {
                beta = 0.5 * (lo + hi);
                let h = row_distribution(&shifted, i, beta, &mut p);
                if (h - target).abs() <= 1e-13 || beta <= lo || beta >= hi {
                    break;
                }
                if h > target {
                    lo = beta; // entropy too high: sharpen (larger β)
                } else {
                    hi = beta;
                }
            }
            beta
        };
        row_distribution(&shifted, i, beta, &mut p);
        betas[i] = beta;
        for j in 0..n {
            conditional[[i, j]] = p[j];
        }
    }

    let scale = 1.0 / (2.0 * n as f64);
    let joint = Array2::from_shape_fn((n, n), |(i, j)| (conditional[[i, j]] + conditional[[j, i]]) * scale);
    Ok(Affinities { conditional, joint, betas })
}

// ------------------------------------------------------------------ t-SNE KL and gradient

pub fn tsne_kl_gradient(p_joint: ArrayView2<f64>, y: ArrayView2<f64>) -> Result<(f64, Array2<f64>), Error> {
    let (rows, cols) = p_joint.dim();
    if rows != cols {
        return Err(Error::NotSquare { rows, cols });
    }
    let n = rows;
    if n < 2 {
        return Err(Error::TooFewPoints { n, min: 2 });
    }
    let (y_rows, d) = y.dim();
    if y_rows != n {
        return Err(Error::DimensionMismatch { expected: n, got: y_rows });
    }
    if d == 0 {
        return Err(Error::DimensionMismatch { expected: 1, got: 0 });
    }
    let mut total = 0.0;
    for i in 0..n {
        for j in 0..n {
            let v = p_joint[[i, j]];
            let bad = !v.is_finite()
                || v < 0.0
                || (i == j && v != 0.0)
                || (v - p_joint[[j, i]]).abs() > 1e-12;
            if bad {
                return Err(Error::InvalidJointP);
            }
            total += v;
        }
    }
    if (total - 1.0).abs() > 1e-9 {
        return Err(Error::InvalidJointP);
    }
    if let Some(((row, col), _)) = y.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFinite { row, col });
    }

    // Student-t kernel w_ij = 1 / (1 + |y_i - y_j|^2) and its GLOBAL normaliser Z.
    let mut w = Array2::<f64>::zeros((n, n));
    let mut z = 0.0;
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let dist2: f64 = (0..d).map(|c| (y[[i, c]] - y[[j, c]]).powi(2)).sum();
                w[[i, j]] = 1.0 / (1.0 + dist2);
                z += w[[i, j]];
            }
        }
    }

    let mut kl = 0.0;
    let mut grad = Array2::<f64>::zeros((n, d));
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let p = p_joint[[i, j]];
            let q = w[[i, j]] / z;
            if p > 0.0 {
                kl += p * (p / q).ln();
            }
            // dKL/dy_i = 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j)
            let coeff = 4.0 * (p - q) * w[[i, j]];
            for c in 0..d {
                grad[[i, c]] += coeff * (y[[i, c]] - y[[j, c]]);
            }
        }
    }
    Ok((kl, grad))
}

// ------------------------------------------------------------------ trustworthiness

/// Squared Euclidean distances between the rows of `x`.
fn sq_dists(x: ArrayView2<f64>) -> Array2<f64> {
    let n = x.nrows();
    Array2::from_shape_fn((n, n), |(i, j)| x.row(i).iter().zip(x.row(j)).map(|(a, b)| (a - b) * (a - b)).sum())
}

/// The other points ordered by distance from i, ties to the lower index.
fn neighbour_order(dist: &Array2<f64>, i: usize) -> Vec<usize> {
    let mut others: Vec<usize> = (0..dist.nrows()).filter(|&j| j != i).collect();
    // A stable sort keeps equal distances in index order.
    others.sort_by(|&a, &b| dist[[i, a]].total_cmp(&dist[[i, b]]));
    others
}

fn first_non_finite(x: ArrayView2<f64>) -> Option<(usize, usize)> {
    x.indexed_iter().find(|(_, v)| !v.is_finite()).map(|(ij, _)| ij)
}

pub fn trustworthiness(x: ArrayView2<f64>, y: ArrayView2<f64>, k: usize) -> Result<f64, Error> {
    let n = x.nrows();
    if y.nrows() != n {
        return Err(Error::DimensionMismatch { expected: n, got: y.nrows() });
    }
    if let Some((row, col)) = first_non_finite(x).or_else(|| first_non_finite(y)) {
        return Err(Error::NonFinite { row, col });
    }
    if k < 1 || 2 * k >= n {
        return Err(Error::InvalidNeighbors { k, n });
    }
    let dx = sq_dists(x);
    let dy = sq_dists(y);
    let mut penalty = 0.0;
    let mut rank = vec![0usize; n];
    for i in 0..n {
        // rank[j] = r(i, j) in 1..n-1 by input distance
        for (r, &j) in neighbour_order(&dx, i).iter().enumerate() {
            rank[j] = r + 1;
        }
        for &j in neighbour_order(&dy, i).iter().take(k) {
            penalty += rank[j].saturating_sub(k) as f64;
        }
    }
    let (nf, kf) = (n as f64, k as f64);
    Ok(1.0 - 2.0 / (nf * kf * (2.0 * nf - 3.0 * kf - 1.0)) * penalty)
}

// ------------------------------------------------------------------ Johnson–Lindenstrauss

/// Which Johnson–Lindenstrauss bound [`jl_min_dim`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JlBound {
    /// k = ⌈4 ln n / (ε²/2 − ε³/3)⌉ (Dasgupta & Gupta; sklearn's formula, with a ceiling).
    DasguptaGupta,
    /// k = ⌈8 ln n / ε²⌉.
    Simple,
}

pub fn jl_min_dim(n_samples: usize, eps: f64, bound: JlBound) -> Result<usize, Error> {
    if n_samples < 1 {
        return Err(Error::InvalidDimension);
    }
    if !(eps > 0.0 && eps < 1.0) {
        return Err(Error::InvalidEpsilon { value: eps });
    }
    let log_n = (n_samples as f64).ln();
    let k = match bound {
        JlBound::DasguptaGupta => 4.0 * log_n / (eps * eps / 2.0 - eps * eps * eps / 3.0),
        JlBound::Simple => 8.0 * log_n / (eps * eps),
    };
    // The ceiling (sklearn truncates). `as usize` saturates, so a huge k cannot panic.
    Ok(k.ceil() as usize)
}

// ------------------------------------------------------------------ sparse random projection

pub fn sparse_random_projection(
    n_features: usize,
    n_components: usize,
    s: f64,
    rng: &mut impl Rng,
) -> Result<Array2<f64>, Error> {
    if n_features < 1 || n_components < 1 {
        return Err(Error::InvalidDimension);
    }
    if !(s.is_finite() && s >= 1.0) {
        return Err(Error::InvalidSparsity { value: s });
    }
    let value = (s / n_components as f64).sqrt();
    let half = 1.0 / (2.0 * s);
    let mut r = Array2::<f64>::zeros((n_components, n_features));
    for entry in r.iter_mut() {
        // Row-major: one uniform per entry.
        let u: f64 = rng.random();
        *entry = if u < half {
            value
        } else if u < 2.0 * half {
            -value
        } else {
            0.0
        };
    }
    Ok(r)
}

// ------------------------------------------------------------------ feature hashing

pub fn hash_features(features: &[(&str, f64)], n_features: usize) -> Result<Array1<f64>, Error> {
    if n_features < 1 {
        return Err(Error::InvalidDimension);
    }
    if let Some(index) = features.iter().position(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFiniteValue { index });
    }
    let mut out = Array1::<f64>::zeros(n_features);
    for &(name, v) in features {
        let h = murmurhash3_x86_32(name.as_bytes(), 0) as i32;
        // |i32::MIN| = 2^31 fits in u64; `unsigned_abs` never overflows.
        let index = (u64::from(h.unsigned_abs()) % n_features as u64) as usize;
        let sign = if h >= 0 { 1.0 } else { -1.0 };
        out[index] += sign * v; // collisions add up
    }
    Ok(out)
}

/// MurmurHash3_x86_32 (Austin Appleby, public domain), as in `sklearn.utils.murmurhash3_32`.
pub fn murmurhash3_x86_32(key: &[u8], seed: u32) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut blocks = key.chunks_exact(4);
    for block in &mut blocks {
        let mut k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        let mut k = 0u32;
        for (i, &b) in tail.iter().enumerate() {
            k |= u32::from(b) << (8 * i);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
    }
    h ^= key.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}
