//! # stat_017_time_series: reference solution
//!
//! Differencing, the biased ACF and the Durbin–Levinson PACF, Yule–Walker AR fitting, the ADF
//! and KPSS statistics with fixed lags, and the Engle–Granger cointegration statistic. The
//! conventions are those of statsmodels 0.14 (`acf(..., adjusted=False)`, `pacf(method='ldb')`,
//! `yule_walker(method='mle')`, `adfuller(..., autolag=None)`, `kpss`, `coint(..., autolag=None)`).

/// Everything that can go wrong.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("the input is empty")]
    EmptyInput,
    #[error("the input has a non-finite value at index {index}")]
    NonFinite { index: usize },
    #[error("lag {lag} is not allowed here")]
    InvalidLag { lag: usize },
    #[error("{n} observations are too few: at least {required} are needed")]
    TooShort { n: usize, required: usize },
    #[error("the series (or its residuals) has zero variance")]
    ZeroVariance,
    #[error("y has {y} observations but x has {x}")]
    LengthMismatch { y: usize, x: usize },
    #[error("the regressors are linearly dependent (X^T X is singular)")]
    SingularDesign,
    #[error("y is a perfect linear function of x (R^2 = 1)")]
    PerfectFit,
}

/// The sample autocorrelations and partial autocorrelations at lags 0..=nlags.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Correlogram {
    /// acf[k] = γ_k / γ_0 (biased, demeaned); acf[0] = 1.
    pub acf: Vec<f64>,
    /// pacf[k] = φ_kk from Durbin–Levinson; pacf[0] = 1.
    pub pacf: Vec<f64>,
}

/// A Yule–Walker AR(p) fit.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct ArFit {
    /// (φ_1, …, φ_p) of x_t − x̄ = Σ_j φ_j (x_{t−j} − x̄) + ε_t.
    pub phi: Vec<f64>,
    /// The innovation variance v_p = γ_0 − Σ_j φ_j γ_j (a variance, not a standard deviation).
    pub sigma2: f64,
}

/// The deterministic terms of the ADF regression.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deterministic {
    /// No deterministic term (statsmodels `regression='n'`).
    None,
    /// A constant (`'c'`).
    Constant,
    /// A constant and a linear trend t = 1..nobs (`'ct'`).
    ConstantTrend,
}

/// The ADF t-ratio and the number of regression rows.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdfResult {
    pub statistic: f64,
    pub nobs: usize,
}

/// The null hypothesis of KPSS.
///
/// Provided: not part of the exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpssNull {
    /// Stationary around a level (statsmodels `regression='c'`).
    Level,
    /// Stationary around a linear trend (`'ct'`).
    Trend,
}

/// Relative size below which deviations count as zero ("constant series", "zero residuals").
const ZERO_REL: f64 = 1e-12;
/// Pivot threshold of the unit-diagonal (scaled) normal equations.
const SINGULAR_PIVOT: f64 = 1e-10;

/// The index of the first non-finite value, as an error.
fn check_finite(x: &[f64]) -> Result<(), Error> {
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(Error::NonFinite { index }),
        None => Ok(()),
    }
}

fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// True when every |e_t| is at most 1e-12 · max|scale_t| (an all-zero `scale` makes only
/// all-zero `e` count). The relative threshold matters: the mean of [0.1, 0.1, 0.1] is
/// 0.10000000000000002, so "x − x̄ is exactly zero" misses constant series.
fn negligible(e: &[f64], scale: &[f64]) -> bool {
    let s = scale.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    e.iter().all(|v| v.abs() <= ZERO_REL * s)
}

fn is_constant(x: &[f64]) -> bool {
    let m = mean(x);
    let d: Vec<f64> = x.iter().map(|v| v - m).collect();
    negligible(&d, x)
}

pub fn difference(x: &[f64], order: usize, lag: usize) -> Result<Vec<f64>, Error> {
    if lag == 0 {
        return Err(Error::InvalidLag { lag });
    }
    check_finite(x)?;
    let n = x.len();
    // order · lag can only overflow for absurd arguments; saturate so the check still refuses.
    let removed = order.saturating_mul(lag);
    if order >= 1 && n <= removed {
        return Err(Error::TooShort { n, required: removed.saturating_add(1) });
    }
    let mut y = x.to_vec();
    let step = lag;
    // Each pass is one application of (1 − B^lag); `order` passes give (1 − B^lag)^order.
    for _ in 0..order {
        y = (step..y.len()).map(|t| y[t] - y[t - step]).collect();
    }
    Ok(y)
}

/// Biased, demeaned autocovariances γ_0..γ_K: γ_k = (1/n) Σ_{t=0}^{n−1−k} d_t d_{t+k}.
fn autocovariances(x: &[f64], nlags: usize) -> Vec<f64> {
    let n = x.len();
    let m = mean(x);
    let d: Vec<f64> = x.iter().map(|v| v - m).collect();
    (0..=nlags)
        .map(|k| (0..n - k).map(|t| d[t] * d[t + k]).sum::<f64>() / n as f64)
        .collect()
}

/// Durbin–Levinson on γ_0..γ_K. Returns (φ_11, …, φ_KK), the last coefficient vector
/// (φ_K1, …, φ_KK) and the innovation variance v_K.
fn durbin_levinson(gamma: &[f64], order: usize) -> (Vec<f64>, Vec<f64>, f64) {
    let mut partial = Vec::with_capacity(order);
    let mut phi: Vec<f64> = Vec::with_capacity(order);
    let mut v = gamma[0];
    for k in 1..=order {
        // φ_kk = (γ_k − Σ_{j=1}^{k−1} φ_{k−1,j} γ_{k−j}) / v_{k−1}; phi[j−1] holds φ_{k−1,j}.
        let num = gamma[k] - (1..k).map(|j| phi[j - 1] * gamma[k - j]).sum::<f64>();
        let phi_kk = num / v;
        // φ_kj = φ_{k−1,j} − φ_kk φ_{k−1,k−j}, all from the previous vector.
        let mut next: Vec<f64> = (1..k).map(|j| phi[j - 1] - phi_kk * phi[k - j - 1]).collect();
        next.push(phi_kk);
        phi = next;
        v *= 1.0 - phi_kk * phi_kk;
        partial.push(phi_kk);
    }
    (partial, phi, v)
}

pub fn acf_pacf(x: &[f64], nlags: usize) -> Result<Correlogram, Error> {
    let n = x.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_finite(x)?;
    if n < 2 {
        return Err(Error::TooShort { n, required: 2 });
    }
    if nlags == 0 || nlags > n / 2 {
        return Err(Error::InvalidLag { lag: nlags });
    }
    if is_constant(x) {
        return Err(Error::ZeroVariance);
    }
    let gamma = autocovariances(x, nlags);
    // One denominator, γ_0, at every lag.
    let acf: Vec<f64> = gamma.iter().map(|g| g / gamma[0]).collect();
    let (partial, _, _) = durbin_levinson(&gamma, nlags);
    let mut pacf = vec![1.0];
    pacf.extend(partial);
    Ok(Correlogram { acf, pacf })
}

pub fn yule_walker(x: &[f64], order: usize) -> Result<ArFit, Error> {
    let n = x.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_finite(x)?;
    if order == 0 || order > n - 1 {
        return Err(Error::InvalidLag { lag: order });
    }
    if is_constant(x) {
        return Err(Error::ZeroVariance);
    }
    let gamma = autocovariances(x, order);
    let (_, phi, v) = durbin_levinson(&gamma, order);
    // v_p = γ_0 Π (1 − φ_kk²) = γ_0 − Σ_j φ_pj γ_j: the innovation VARIANCE.
    Ok(ArFit { phi, sigma2: v })
}

/// An OLS fit: coefficients, residual sum of squares and [(XᵀX)⁻¹]_{00}.
struct Ols {
    beta: Vec<f64>,
    rss: f64,
    inv00: f64,
}

/// Solves `a z = b` (a is k×k, row-major) by Gaussian elimination with partial pivoting.
/// `a` has unit diagonal (it is scaled), so an absolute pivot threshold is a relative one.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Result<Vec<f64>, Error> {
    let k = b.len();
    for col in 0..k {
        let p = (col..k)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        if a[p][col].abs() <= SINGULAR_PIVOT || a[p][col].is_nan() {
            return Err(Error::SingularDesign);
        }
        a.swap(col, p);
        b.swap(col, p);
        let pivot_row = a[col].clone();
        let pivot_b = b[col];
        for r in col + 1..k {
            let f = a[r][col] / pivot_row[col];
            for (v, pv) in a[r][col..].iter_mut().zip(&pivot_row[col..]) {
                *v -= f * pv;
            }
            b[r] -= f * pivot_b;
        }
    }
    let mut z = vec![0.0; k];
    for r in (0..k).rev() {
        let s: f64 = (r + 1..k).map(|c| a[r][c] * z[c]).sum();
        z[r] = (b[r] - s) / a[r][r];
    }
    Ok(z)
}

/// OLS of y on the columns `cols` by the normal equations. The columns are scaled to unit
/// length first (D⁻¹XᵀXD⁻¹ has unit diagonal): this makes the singularity threshold
/// scale-free and keeps a trend column of size n next to a constant well conditioned.
fn ols(y: &[f64], cols: &[Vec<f64>]) -> Result<Ols, Error> {
    let k = cols.len();
    let norms: Vec<f64> = cols.iter().map(|c| c.iter().map(|v| v * v).sum::<f64>().sqrt()).collect();
    if norms.iter().any(|&d| d <= 0.0 || !d.is_finite()) {
        return Err(Error::SingularDesign);
    }
    let xtx: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let dot: f64 = cols[i].iter().zip(&cols[j]).map(|(a, b)| a * b).sum();
                    dot / (norms[i] * norms[j])
                })
                .collect()
        })
        .collect();
    let xty: Vec<f64> = (0..k)
        .map(|i| cols[i].iter().zip(y).map(|(a, b)| a * b).sum::<f64>() / norms[i])
        .collect();
    let z = solve(xtx.clone(), xty)?;
    let beta: Vec<f64> = z.iter().zip(&norms).map(|(zi, d)| zi / d).collect();
    // [(XᵀX)⁻¹]_{00} = [(D⁻¹XᵀXD⁻¹)⁻¹]_{00} / d_0².
    let mut e0 = vec![0.0; k];
    e0[0] = 1.0;
    let w = solve(xtx, e0)?;
    let inv00 = w[0] / (norms[0] * norms[0]);
    // The residuals themselves, not yᵀy − βᵀXᵀy (which cancels badly).
    let rss: f64 = (0..y.len())
        .map(|t| {
            let fit: f64 = (0..k).map(|j| beta[j] * cols[j][t]).sum();
            (y[t] - fit).powi(2)
        })
        .sum();
    Ok(Ols { beta, rss, inv00 })
}

pub fn adf_statistic(x: &[f64], lags: usize, regression: Deterministic) -> Result<AdfResult, Error> {
    let n = x.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_finite(x)?;
    if is_constant(x) {
        return Err(Error::ZeroVariance);
    }
    let k_det = match regression {
        Deterministic::None => 0,
        Deterministic::Constant => 1,
        Deterministic::ConstantTrend => 2,
    };
    // statsmodels' limit lags ≤ ⌊n/2⌋ − k_det − 1, and a positive residual dof
    // nobs − k = (n − 1 − lags) − (1 + lags + k_det) > 0.
    let lag_limit = 2 * (lags + k_det + 1);
    let dof_limit = 2 * lags + k_det + 3;
    let required = lag_limit.max(dof_limit);
    if n < required {
        return Err(Error::TooShort { n, required });
    }
    let nobs = n - 1 - lags;
    let rows = lags + 1..n;
    let dx = |s: usize| x[s] - x[s - 1];
    let y: Vec<f64> = rows.clone().map(dx).collect();
    let mut cols: Vec<Vec<f64>> = vec![rows.clone().map(|s| x[s - 1]).collect()];
    for j in 1..=lags {
        cols.push(rows.clone().map(|s| dx(s - j)).collect());
    }
    if k_det >= 1 {
        cols.push(vec![1.0; nobs]);
    }
    if k_det == 2 {
        cols.push((1..=nobs).map(|t| t as f64).collect());
    }
    let k = cols.len();
    let fit = ols(&y, &cols)?;
    // Unbiased residual variance: divide by the residual degrees of freedom.
    let s2 = fit.rss / (nobs - k) as f64;
    let se = (s2 * fit.inv00).sqrt();
    Ok(AdfResult { statistic: fit.beta[0] / se, nobs })
}

pub fn kpss_statistic(x: &[f64], lags: usize, null: KpssNull) -> Result<f64, Error> {
    let n = x.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_finite(x)?;
    if n < 3 {
        return Err(Error::TooShort { n, required: 3 });
    }
    if lags > n - 1 {
        return Err(Error::InvalidLag { lag: lags });
    }
    let nf = n as f64;
    let xm = mean(x);
    let e: Vec<f64> = match null {
        KpssNull::Level => x.iter().map(|v| v - xm).collect(),
        KpssNull::Trend => {
            // Simple regression on t (any origin): b = Σ(t − t̄)(x − x̄) / Σ(t − t̄)².
            let tm = (nf - 1.0) / 2.0;
            let sxy: f64 = x.iter().enumerate().map(|(t, v)| (t as f64 - tm) * (v - xm)).sum();
            let sxx: f64 = (0..n).map(|t| (t as f64 - tm).powi(2)).sum();
            let b = sxy / sxx;
            x.iter().enumerate().map(|(t, v)| v - xm - b * (t as f64 - tm)).collect()
        }
    };
    if negligible(&e, x) {
        return Err(Error::ZeroVariance);
    }
    let mut partial = 0.0;
    let mut eta = 0.0;
    for v in &e {
        partial += v;
        eta += partial * partial;
    }
    let eta = eta / (nf * nf);
    // Bartlett (Newey–West) long-run variance: weights 1 − s/(lags + 1).
    let mut lrv: f64 = e.iter().map(|v| v * v).sum();
    for s in 1..=lags {
        let w = 1.0 - s as f64 / (lags as f64 + 1.0);
        let c: f64 = (s..n).map(|t| e[t] * e[t - s]).sum();
        lrv += 2.0 * w * c;
    }
    let lrv = lrv / nf;
    Ok(eta / lrv)
}

pub fn engle_granger_statistic(y: &[f64], x: &[f64], lags: usize) -> Result<f64, Error> {
    if y.len() != x.len() {
        return Err(Error::LengthMismatch { y: y.len(), x: x.len() });
    }
    let n = y.len();
    if n == 0 {
        return Err(Error::EmptyInput);
    }
    check_finite(y)?;
    check_finite(x)?;
    // Step 1: the levels regression y = a + b x + u.
    let cols = vec![x.to_vec(), vec![1.0; n]];
    let fit = ols(y, &cols)?;
    let resid: Vec<f64> = (0..n).map(|t| y[t] - fit.beta[0] * x[t] - fit.beta[1]).collect();
    let ym = mean(y);
    let tss: f64 = y.iter().map(|v| (v - ym).powi(2)).sum();
    // R² ≥ 1 − 100√ε, written without dividing; residuals that are rounding noise of y (a
    // constant y, where TSS is rounding noise too) are a perfect fit as well.
    if fit.rss <= 100.0 * f64::EPSILON.sqrt() * tss || negligible(&resid, y) {
        return Err(Error::PerfectFit);
    }
    // Step 2: ADF on the residuals with NO deterministic terms (they have mean zero already).
    Ok(adf_statistic(&resid, lags, Deterministic::None)?.statistic)
}
