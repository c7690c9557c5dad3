//! # linalg_009_tsne_umap: t-SNE affinities and gradient, trustworthiness, random projections, feature hashing
//!
//! Perplexity calibration by binary search, the t-SNE KL(P‖Q) objective and its gradient with
//! the Student-t kernel, the trustworthiness of an embedding, the Johnson–Lindenstrauss
//! dimension, Achlioptas / Li very sparse random projections, and the signed hashing trick
//! exactly as scikit-learn does it.
//!
//! The statement is `README.md` beside this file. Replace every `todo!()`; the items marked
//! "Provided: not part of the exercise" are already complete. Check your work with
//! `cargo test -p linalg_009_tsne_umap` (visible examples), `cargo run -p linalg_009_tsne_umap
//! --example embed` (a picture of your t-SNE) and `cargo xtask grade`.

// The stubs below do not use their parameters yet; this keeps the crate free of warnings.
#![allow(unused_variables)]

use ndarray::{Array1, Array2, ArrayView2};
use rand::Rng;

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Fewer points than the function needs (3 for affinities, 2 for the KL gradient).
    #[error("too few points: {n} (need at least {min})")]
    TooFewPoints { n: usize, min: usize },
    /// A matrix that must be square is not.
    #[error("matrix is {rows}x{cols}, expected a square matrix")]
    NotSquare { rows: usize, cols: usize },
    /// Shapes that must agree do not (numbers of points, or an embedding dimension of 0).
    #[error("dimension mismatch: expected {expected}, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    /// An off-diagonal squared distance that is negative or not finite.
    #[error("squared distance ({row}, {col}) is negative or not finite")]
    InvalidDistance { row: usize, col: usize },
    /// A perplexity that is not finite or not in (1, n − 1].
    #[error("perplexity {value} must be finite and in (1, n - 1]")]
    InvalidPerplexity { value: f64 },
    /// Row `row` has at least `perplexity` tied nearest neighbours: H never gets down to ln perp.
    #[error("row {row}: the perplexity cannot be reached (too many tied nearest neighbours)")]
    PerplexityUnreachable { row: usize },
    /// The joint P of the KL gradient is not a valid symmetric distribution.
    #[error("the joint P must be finite, >= 0, symmetric, zero on the diagonal and sum to 1")]
    InvalidJointP,
    /// The first non-finite entry of a point matrix, in row-major order.
    #[error("entry ({row}, {col}) is not finite")]
    NonFinite { row: usize, col: usize },
    /// A number of neighbours outside 1 ≤ k, 2k < n.
    #[error("invalid number of neighbours k = {k} for n = {n} points (need 1 <= k and 2k < n)")]
    InvalidNeighbors { k: usize, n: usize },
    /// A Johnson–Lindenstrauss ε outside (0, 1).
    #[error("epsilon {value} must lie in (0, 1)")]
    InvalidEpsilon { value: f64 },
    /// A projection sparsity s that is not finite or below 1.
    #[error("sparsity s = {value} must be finite and >= 1")]
    InvalidSparsity { value: f64 },
    /// A size that must be at least 1 is 0.
    #[error("dimensions must be at least 1")]
    InvalidDimension,
    /// The first feature whose value is not finite.
    #[error("feature {index} has a non-finite value")]
    NonFiniteValue { index: usize },
}

/// The output of [`tsne_affinities`].
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Affinities {
    /// `conditional[i][j]` = P_{j|i}: zero diagonal, every row sums to 1.
    pub conditional: Array2<f64>,
    /// (P_cond + P_condᵀ) / (2n): symmetric, zero diagonal, sums to 1.
    pub joint: Array2<f64>,
    /// The calibrated precisions β_i (β_i = 1 / (2σ_i²)).
    pub betas: Array1<f64>,
}

// ------------------------------------------------------------------ t-SNE affinities

/// Perplexity-calibrated t-SNE affinities from a matrix of SQUARED distances.
///
/// Validation, in this order: not square → `NotSquare`; n < 3 → `TooFewPoints { n, min: 3 }`;
/// an off-diagonal entry negative or non-finite → `InvalidDistance { row, col }` (the first in
/// row-major order; the diagonal is ignored); perplexity not finite, or ∉ (1, n−1] →
/// `InvalidPerplexity`.
///
/// For each row i, with d_ij the squared distances (j ≠ i), d̃_ij = d_ij − min_{j≠i} d_ij and
/// P_{j|i}(β) = exp(−β·d̃_ij) / Σ_{l≠i} exp(−β·d̃_il), the entropy is
/// H_i(β) = −Σ_j P_{j|i} ln P_{j|i}, in **nats**; the target is ln(perplexity). Find β_i ≥ 0
/// with |H_i(β_i) − ln perp| ≤ 1e-10 (bisection). H_i is strictly decreasing unless the row is
/// constant, so β_i is unique. If perp = n − 1, then β_i = 0 (uniform). Let m_i be the number
/// of off-diagonal entries tied at the row minimum: if perp ≤ m_i and perp < n − 1 →
/// `PerplexityUnreachable { row: i }` (the first such row), because H → ln m_i as β → ∞.
///
/// Outputs: `conditional[i][j]` = P_{j|i} with a zero diagonal and rows summing to 1;
/// `joint` = (P_cond + P_condᵀ)/(2n), symmetric, zero diagonal, sums to 1; and `betas`.
/// The shift by the row minimum is mandatory for stability; it does not change P.
///
/// Expected: O(n² · bisection steps). Tolerance: P atol 1e-6, β rtol 1e-6; the grader also
/// checks |H_i − ln perp| ≤ 1e-9 and row sums within 1e-12.
pub fn tsne_affinities(sq_distances: ArrayView2<f64>, perplexity: f64) -> Result<Affinities, Error> {
    todo!()
}

// ------------------------------------------------------------------ t-SNE KL and gradient

/// Returns (KL(P‖Q), ∂KL/∂Y) for the t-SNE objective with the Student-t (one degree of
/// freedom) kernel.
///
/// Validation, in this order: P not square → `NotSquare`; n < 2 → `TooFewPoints { n, min: 2 }`;
/// y with a number of rows ≠ n → `DimensionMismatch { expected: n, got: rows }`; y with d = 0
/// columns → `DimensionMismatch { expected: 1, got: 0 }`; P not finite, negative somewhere, with
/// a nonzero diagonal, asymmetric by more than 1e-12, or summing to 1 ± more than 1e-9 →
/// `InvalidJointP`; the first non-finite entry of y (row-major) → `NonFinite { row, col }`.
///
/// With w_ij = (1 + ‖y_i − y_j‖²)⁻¹ for i ≠ j, Z = Σ_{k≠l} w_kl (a GLOBAL normaliser) and
/// q_ij = w_ij / Z: KL = Σ_{i≠j, p_ij>0} p_ij ln(p_ij / q_ij), and
/// ∂KL/∂y_i = 4 Σ_j (p_ij − q_ij) · w_ij · (y_i − y_j).
///
/// Expected: O(n² d). Tolerance: rtol 1e-9, atol 1e-12 (KL and every gradient entry).
pub fn tsne_kl_gradient(p_joint: ArrayView2<f64>, y: ArrayView2<f64>) -> Result<(f64, Array2<f64>), Error> {
    todo!()
}

// ------------------------------------------------------------------ trustworthiness

/// Trustworthiness of the embedding y (n×d) of x (n×D), as `sklearn.manifold.trustworthiness`.
///
/// Validation, in this order: x and y with different numbers of rows →
/// `DimensionMismatch { expected: x rows, got: y rows }`; the first non-finite entry of x, then
/// of y → `NonFinite { row, col }`; k = 0 or 2k ≥ n → `InvalidNeighbors { k, n }`.
///
/// Distances are Euclidean. r(i, j) ∈ {1..n−1} is the rank of j by input distance from i (ties
/// to the lower index), and N_i^k is the set of the k nearest j ≠ i in y (ties to the lower
/// index). T = 1 − 2/(n·k·(2n − 3k − 1)) · Σ_i Σ_{j∈N_i^k} max(0, r(i, j) − k).
///
/// Expected: O(n² (D + d + log n)). Tolerance: rtol 1e-12.
pub fn trustworthiness(x: ArrayView2<f64>, y: ArrayView2<f64>, k: usize) -> Result<f64, Error> {
    todo!()
}

// ------------------------------------------------------------------ Johnson–Lindenstrauss

/// Which Johnson–Lindenstrauss bound [`jl_min_dim`] uses.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JlBound {
    /// k = ⌈4 ln n / (ε²/2 − ε³/3)⌉ (Dasgupta & Gupta; scikit-learn's formula, with a ceiling).
    DasguptaGupta,
    /// k = ⌈8 ln n / ε²⌉.
    Simple,
}

/// The smallest target dimension the Johnson–Lindenstrauss bound guarantees for n_samples points
/// and distortion ε.
///
/// Validation, in this order: n_samples = 0 → `InvalidDimension`; ε ∉ (0, 1) (NaN included) →
/// `InvalidEpsilon { value: eps }`.
///
/// DasguptaGupta: k = ⌈4 ln n / (ε²/2 − ε³/3)⌉. Simple: k = ⌈8 ln n / ε²⌉. n = 1 gives 0.
/// scikit-learn's `johnson_lindenstrauss_min_dim` truncates instead of taking the ceiling
/// (5920 instead of 5921 for n = 1000, ε = 0.1): the ceiling is the right answer here.
///
/// Expected: O(1). Tolerance: exact.
pub fn jl_min_dim(n_samples: usize, eps: f64, bound: JlBound) -> Result<usize, Error> {
    todo!()
}

// ------------------------------------------------------------------ sparse random projection

/// A very sparse random projection matrix R (n_components × n_features).
///
/// Validation, in this order: n_features = 0 or n_components = 0 → `InvalidDimension`; s not
/// finite or s < 1 → `InvalidSparsity { value: s }`.
///
/// With k = n_components, each entry of R is independently +sqrt(s/k) with probability 1/(2s),
/// −sqrt(s/k) with probability 1/(2s), and 0 otherwise; s = 1 gives dense Rademacher, s = 3
/// Achlioptas, s = √n_features Li, Hastie & Church. Suggested implementation: entries in
/// row-major order, each draws u = U(); u < 1/(2s) → +, else u < 1/s → −, else 0. Any other
/// order of draws is fine: the grader checks the distribution and that the same seed gives
/// the same matrix.
///
/// Expected: O(k · n_features). Checked statistically at ≥ 5.5σ on seeds 1..=5.
pub fn sparse_random_projection(
    n_features: usize,
    n_components: usize,
    s: f64,
    rng: &mut impl Rng,
) -> Result<Array2<f64>, Error> {
    todo!()
}

// ------------------------------------------------------------------ feature hashing

/// The signed hashing trick, exactly as `sklearn.feature_extraction.FeatureHasher(n_features,
/// input_type='pair', alternate_sign=True)`.
///
/// Validation, in this order: n_features = 0 → `InvalidDimension`; the first pair with a
/// non-finite value → `NonFiniteValue { index }` (its position in `features`).
///
/// For each (name, v): h = murmurhash3_x86_32(name as UTF-8, seed 0) read as i32;
/// index = (|h| as u64) mod n_features, which is also well defined for h = i32::MIN;
/// sign = +1 if h ≥ 0, else −1; out[index] += sign·v. Collisions **add up**.
///
/// Expected: O(n_features + total length of the names). Tolerance: exact.
pub fn hash_features(features: &[(&str, f64)], n_features: usize) -> Result<Array1<f64>, Error> {
    todo!()
}

/// MurmurHash3_x86_32 (Austin Appleby, public domain), as in `sklearn.utils.murmurhash3_32`
/// (which returns it as an i32 unless `positive=True`).
///
/// Provided: not part of the exercise.
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
