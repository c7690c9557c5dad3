//! Reference solution of `theory_001_vc_dimension`.
//!
//! Read it after solving the task: every function follows the statement (`README.md` of the
//! learner's crate) and the comments say why each line is there.

use std::collections::HashSet;
use std::f64::consts::LN_2;

use ndarray::{ArrayView1, ArrayView2};

/// Everything that can go wrong. Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the prediction matrix is empty (no hypotheses or no points)")]
    EmptyInput,
    #[error("this hypothesis class needs {expected_cols} column(s) per point, got {got}")]
    DimensionMismatch { expected_cols: usize, got: usize },
    #[error("{n} points: at most 20 are supported")]
    TooManyPoints { n: usize },
    #[error("{k} hypotheses on {n} points: need n <= 20 and k * 2^n <= 2^28")]
    TooLarge { k: usize, n: usize },
    #[error("entry ({row}, {col}) is not finite")]
    NonFinite { row: usize, col: usize },
    #[error("risk {value} is not in [0, 1]")]
    InvalidRisk { value: f64 },
    #[error("the VC dimension must be at least 1")]
    InvalidVcDim,
    #[error("the sample size must be at least 1")]
    InvalidSampleSize,
    #[error("the sample size n = {n} is smaller than the VC dimension d = {d}")]
    SampleSmallerThanVcDim { n: u64, d: u64 },
    #[error("delta = {value} is not in the open interval (0, 1)")]
    InvalidDelta { value: f64 },
    #[error("epsilon = {value} is not in the open interval (0, 1)")]
    InvalidEpsilon { value: f64 },
    #[error("ln|H| = {ln_h} must be finite and >= 0")]
    InvalidHypothesisCount { ln_h: f64 },
    #[error("the Rademacher complexity {value} must be finite and >= 0")]
    InvalidComplexity { value: f64 },
    #[error("the sample complexity exceeds 2^53")]
    Overflow,
}

/// The three hypothesis classes of [`count_dichotomies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HypothesisClass {
    Thresholds1D,
    Intervals1D,
    AxisAlignedRectangles2D,
}

/// The three guarantees of [`pac_sample_complexity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacSetting {
    Realizable,
    UniformConvergence,
    Agnostic,
}

/// ln(e^a + e^b) without overflow: factor out the larger exponent.
fn log_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

/// ln Σ_{i=0}^{min(d,n)} C(n, i), the logarithm of the Sauer–Shelah bound on the growth
/// function. Total.
pub fn log_sauer_shelah(vc_dim: u64, n: u64) -> f64 {
    // One labeling (the empty sum has only the i = 0 term, C(n, 0) = 1): ln 1 = 0.
    if n == 0 || vc_dim == 0 {
        return 0.0;
    }
    // All C(n, i) are included: the sum is 2^n, and a class of VC dimension >= n may
    // shatter the n points.
    if n <= vc_dim {
        return n as f64 * LN_2;
    }
    // Here 1 <= d < n. Walk ln C(n, i) = ln C(n, i - 1) + ln(n - i + 1) - ln i upwards and
    // accumulate the logarithm of the running sum with log-add-exp: no term is ever formed
    // as a number (C(10^9, 10^4) has about 54 000 digits). The factors are exact integers
    // before the conversion to f64, so n near 2^64 does not overflow.
    //
    // Do not use ln Γ(n + 1) − ln Γ(i + 1) − ln Γ(n − i + 1): for n = 10^9 the first term
    // is about 2·10^10, and its rounding error (~10^-6) swamps a result of size ~200.
    let mut log_term = 0.0; // ln C(n, 0)
    let mut log_sum = 0.0; // ln Σ_{j <= i} C(n, j)
    for i in 1..=vc_dim {
        log_term += ((n - i + 1) as f64).ln() - (i as f64).ln();
        log_sum = log_add_exp(log_sum, log_term);
    }
    log_sum
}

/// The distinct values of a column, sorted. Duplicate points must get the same label under
/// every hypothesis, so they count once; `dedup` compares with `==`, which also merges
/// −0.0 and 0.0 (the same real number; `total_cmp` puts them next to each other).
fn distinct_values(column: ArrayView1<f64>) -> Vec<f64> {
    let mut values: Vec<f64> = column.to_vec();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

/// The number of distinct labelings (h(x_1), …, h(x_n)) ∈ {0,1}^n realized by the class on
/// the rows of `points`.
pub fn count_dichotomies(points: ArrayView2<f64>, class: HypothesisClass) -> Result<u64, Error> {
    // Validation order: shape, then size, then the first non-finite entry in row-major order.
    let expected_cols = match class {
        HypothesisClass::Thresholds1D | HypothesisClass::Intervals1D => 1,
        HypothesisClass::AxisAlignedRectangles2D => 2,
    };
    if points.ncols() != expected_cols {
        return Err(Error::DimensionMismatch {
            expected_cols,
            got: points.ncols(),
        });
    }
    let n = points.nrows();
    if n > 20 {
        return Err(Error::TooManyPoints { n });
    }
    for ((row, col), v) in points.indexed_iter() {
        if !v.is_finite() {
            return Err(Error::NonFinite { row, col });
        }
    }

    match class {
        HypothesisClass::Thresholds1D => {
            // With k distinct values v_1 < … < v_k, a threshold t can sit below v_1
            // (all ones), between v_j and v_{j+1}, or above v_k (all zeros): k + 1 cuts.
            // For n = 0, k = 0 and the single (empty) labeling is counted.
            let k = distinct_values(points.column(0)).len() as u64;
            Ok(k + 1)
        }
        HypothesisClass::Intervals1D => {
            // A non-empty labeling is a contiguous block v_a..=v_b of the sorted distinct
            // values: k(k+1)/2 blocks, plus the all-zero labeling (an interval away from
            // every point, or the empty hypothesis).
            let k = distinct_values(points.column(0)).len() as u64;
            Ok(k * (k + 1) / 2 + 1)
        }
        HypothesisClass::AxisAlignedRectangles2D => Ok(count_rectangle_labelings(points)),
    }
}

/// Rectangles by enumeration. A non-empty positive set S is realizable iff the bounding box
/// of S contains no other point, and that bounding box has its sides at coordinates of the
/// points. So it suffices to try every rectangle [a1, b1] × [a2, b2] with a1 ≤ b1 among the
/// distinct x values and a2 ≤ b2 among the distinct y values, and to collect the label
/// vectors as bit masks. O(k_x² k_y² n) ≤ 20⁵ steps.
fn count_rectangle_labelings(points: ArrayView2<f64>) -> u64 {
    let n = points.nrows();
    let xs = distinct_values(points.column(0));
    let ys = distinct_values(points.column(1));
    let mut labelings: HashSet<u32> = HashSet::new();
    labelings.insert(0); // the empty hypothesis (and the only labeling when n = 0)
    for (ia, &a1) in xs.iter().enumerate() {
        for &b1 in &xs[ia..] {
            // The points whose x lies in [a1, b1], as a mask: checked once per x-range.
            let in_x: u32 = (0..n)
                .filter(|&i| a1 <= points[[i, 0]] && points[[i, 0]] <= b1)
                .fold(0, |m, i| m | 1 << i);
            for (ja, &a2) in ys.iter().enumerate() {
                for &b2 in &ys[ja..] {
                    let mask = (0..n)
                        .filter(|&i| in_x >> i & 1 == 1)
                        .filter(|&i| a2 <= points[[i, 1]] && points[[i, 1]] <= b2)
                        .fold(0, |m, i| m | 1 << i);
                    labelings.insert(mask);
                }
            }
        }
    }
    labelings.len() as u64
}

/// Vapnik's VC bound (Burges 1998, eq. 3):
/// R_emp + sqrt((d (ln(2n/d) + 1) + ln(4/δ)) / n).
pub fn vc_generalization_bound(
    train_error: f64,
    vc_dim: u64,
    n: u64,
    delta: f64,
) -> Result<f64, Error> {
    // Positive range tests, so that NaN fails them.
    if !(0.0..=1.0).contains(&train_error) {
        return Err(Error::InvalidRisk { value: train_error });
    }
    if vc_dim == 0 {
        return Err(Error::InvalidVcDim);
    }
    if n == 0 {
        return Err(Error::InvalidSampleSize);
    }
    if n < vc_dim {
        return Err(Error::SampleSmallerThanVcDim { n, d: vc_dim });
    }
    if !(delta > 0.0 && delta < 1.0) {
        return Err(Error::InvalidDelta { value: delta });
    }
    let (d, n) = (vc_dim as f64, n as f64);
    // The capacity term: d (ln(2n/d) + 1) is ln of the Sauer bound (2en/d)^d on the growth
    // function at 2n points (the ghost sample doubles the sample).
    let capacity = d * ((2.0 * n / d).ln() + 1.0);
    let confidence = (4.0 / delta).ln();
    Ok(train_error + ((capacity + confidence) / n).sqrt())
}

/// Sample complexity of a finite class with ln|H| = `ln_hypotheses` (natural log), rounded up.
pub fn pac_sample_complexity(
    ln_hypotheses: f64,
    epsilon: f64,
    delta: f64,
    setting: PacSetting,
) -> Result<u64, Error> {
    if !(ln_hypotheses.is_finite() && ln_hypotheses >= 0.0) {
        return Err(Error::InvalidHypothesisCount {
            ln_h: ln_hypotheses,
        });
    }
    if !(epsilon > 0.0 && epsilon < 1.0) {
        return Err(Error::InvalidEpsilon { value: epsilon });
    }
    if !(delta > 0.0 && delta < 1.0) {
        return Err(Error::InvalidDelta { value: delta });
    }
    let unrounded = match setting {
        // Union bound over the bad hypotheses: |H| (1 − ε)^m ≤ |H| e^{−εm} ≤ δ.
        PacSetting::Realizable => (ln_hypotheses + (1.0 / delta).ln()) / epsilon,
        // Hoeffding (two-sided, 2 e^{−2mε²}) for each h, then a union bound over H.
        PacSetting::UniformConvergence => {
            (ln_hypotheses + (2.0 / delta).ln()) / (2.0 * epsilon * epsilon)
        }
        // ERM on an ε/2-representative sample has excess risk ≤ ε: uniform convergence at ε/2.
        PacSetting::Agnostic => 2.0 * (ln_hypotheses + (2.0 / delta).ln()) / (epsilon * epsilon),
    };
    // A sample size is a whole number of examples: the smallest m ≥ the bound.
    let m = unrounded.ceil();
    // Beyond 2^53 not every integer is an f64, so the answer would not be exact. +∞ (ε²
    // underflowing to 0) is caught too; NaN cannot occur after the validation above.
    if m > 9_007_199_254_740_992.0 {
        return Err(Error::Overflow);
    }
    Ok(m as u64)
}

/// Exact empirical Rademacher complexity of the k × n matrix of predictions:
/// 2^{−n} Σ_σ max_h (1/n) Σ_i σ_i H[h, i].
pub fn empirical_rademacher(predictions: ArrayView2<f64>) -> Result<f64, Error> {
    let (k, n) = predictions.dim();
    if k == 0 || n == 0 {
        return Err(Error::EmptyInput);
    }
    // n is checked first so that the shift below cannot overflow; u128 holds k · 2^20.
    if n > 20 || ((k as u128) << n) > 1u128 << 28 {
        return Err(Error::TooLarge { k, n });
    }
    for ((row, col), v) in predictions.indexed_iter() {
        if !v.is_finite() {
            return Err(Error::NonFinite { row, col });
        }
    }
    // σ is encoded as the bits of an integer s: bit i set means σ_i = +1. Split the points
    // into a low half (bits 0..b) and a high half (bits b..n). The correlation of row h with
    // σ is then lo[h][low bits of s] + hi[h][high bits of s], two partial sums looked up in
    // tables of 2^b and 2^(n−b) entries. The definition is unchanged (every σ is visited
    // exactly once and each partial sum is computed directly, so no rounding error builds
    // up), but the 2^n loop does k additions instead of k·n: n = 20 stays fast.
    let b = n / 2;
    let rows: Vec<Vec<f64>> = predictions.rows().into_iter().map(|r| r.to_vec()).collect();
    let lo: Vec<Vec<f64>> = rows.iter().map(|r| signed_partial_sums(&r[..b])).collect();
    let hi: Vec<Vec<f64>> = rows.iter().map(|r| signed_partial_sums(&r[b..])).collect();
    let low_mask = (1usize << b) - 1;
    let mut total = 0.0;
    for s in 0..1usize << n {
        let (s_lo, s_hi) = (s & low_mask, s >> b);
        let mut best = f64::NEG_INFINITY;
        for (lo_h, hi_h) in lo.iter().zip(&hi) {
            best = best.max(lo_h[s_lo] + hi_h[s_hi]);
        }
        // No absolute value: max_h Σ σ_i h_i, as in Shalev-Shwartz & Ben-David and Mohri et al.
        total += best;
    }
    // The average over 2^n sign vectors and the 1/n of the correlation, divided out once.
    Ok(total / (n as f64 * (1u64 << n) as f64))
}

/// For every sign pattern `mask` over the m = `values.len()` entries (bit i set: σ_i = +1),
/// the sum Σ_i σ_i values[i]. O(m·2^m).
fn signed_partial_sums(values: &[f64]) -> Vec<f64> {
    (0..1usize << values.len())
        .map(|mask| {
            values
                .iter()
                .enumerate()
                .map(|(i, &v)| if mask >> i & 1 == 1 { v } else { -v })
                .sum()
        })
        .collect()
}

/// Mohri et al. (2018), Thm 3.3, data-dependent form:
/// train_loss + 2 R̂ + 3 sqrt(ln(2/δ) / (2n)).
pub fn rademacher_generalization_bound(
    train_loss: f64,
    rademacher: f64,
    n: u64,
    delta: f64,
) -> Result<f64, Error> {
    if !(0.0..=1.0).contains(&train_loss) {
        return Err(Error::InvalidRisk { value: train_loss });
    }
    if !(rademacher.is_finite() && rademacher >= 0.0) {
        return Err(Error::InvalidComplexity { value: rademacher });
    }
    if n == 0 {
        return Err(Error::InvalidSampleSize);
    }
    if !(delta > 0.0 && delta < 1.0) {
        return Err(Error::InvalidDelta { value: delta });
    }
    // 2R̂ from symmetrization; the 3 = 1 + 2 and the 2/δ come from two McDiarmid steps
    // (one for the sup of the deviation, one to replace R_n by R̂_S), each at δ/2.
    let confidence = 3.0 * ((2.0 / delta).ln() / (2.0 * n as f64)).sqrt();
    Ok(train_loss + 2.0 * rademacher + confidence)
}
