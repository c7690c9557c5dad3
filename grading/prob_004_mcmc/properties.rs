//! The statement's properties, with proptest on the curriculum's fixed-seed configuration and
//! bounded strategies:
//! * leapfrog is reversible (negate the final momentum and integrate again), preserves volume
//!   (det of the Jacobian of (x, p) ↦ (x_L, p_L) is 1), keeps the energy error small at a
//!   small step and blows up past the stability limit ε = 2 of N(0, 1);
//! * the biased ACF has ρ̂_0 = 1 and |ρ̂_k| ≤ 1, is invariant under x ↦ a + b·x, and its lags
//!   −(n−1)..n−1 sum to 0;
//! * ESS is positive and at most M'N'·log₁₀(M'N'), R̂ is positive, both are unchanged when the
//!   chains are reordered, and R̂ = sqrt((N'−1)/N') when every split chain has the same mean.

use grading_support::{close, proptest_config};
use ndarray::{Array1, Array2, ArrayView1};
use proptest::collection::vec;
use proptest::prelude::*;

use crate::{acf, diagnose, run_leapfrog};

// ---------------------------------------------------------------- targets and strategies

/// log π = −½ xᵀAx with A = diag(a) plus a coupling c between coordinates 0 and 1
/// (|c| ≤ ½ sqrt(a0 a1), so A is positive definite with eigenvalues ≤ 6).
#[derive(Debug, Clone)]
struct Quadratic {
    a: Vec<f64>,
    c: f64,
}

impl Quadratic {
    fn grad(&self, x: ArrayView1<f64>) -> Array1<f64> {
        let mut g: Array1<f64> = x.iter().zip(&self.a).map(|(xi, ai)| -ai * xi).collect();
        if x.len() >= 2 {
            g[0] -= self.c * x[1];
            g[1] -= self.c * x[0];
        }
        g
    }
}

fn quadratic(d: usize) -> impl Strategy<Value = Quadratic> {
    (vec(0.2..4.0f64, d), -1.0..1.0f64).prop_map(|(a, t)| {
        let c = if a.len() >= 2 {
            0.5 * t * (a[0] * a[1]).sqrt()
        } else {
            0.0
        };
        Quadratic { a, c }
    })
}

/// A quadratic target with a start (x, p) in [−3, 3]^(2d), a step size ≤ 0.5 and L ≤ 20.
fn reversible_case() -> impl Strategy<Value = (Quadratic, Vec<f64>, Vec<f64>, f64, usize)> {
    (1usize..=3).prop_flat_map(|d| {
        (
            quadratic(d),
            vec(-3.0..3.0f64, d),
            vec(-3.0..3.0f64, d),
            0.01..0.5f64,
            1usize..=20,
        )
    })
}

/// Points (x, p) of R^(2d), d = 1..=4, with norm in [lo, hi].
fn phase_point(lo: f64, hi: f64) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..=4).prop_flat_map(move |d| {
        (vec(-1.0..1.0f64, 2 * d), lo..hi).prop_filter_map("direction too short", move |(v, r)| {
            let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
            if norm < 1e-3 {
                return None;
            }
            let scaled: Vec<f64> = v.iter().map(|a| a * r / norm).collect();
            Some((scaled[..d].to_vec(), scaled[d..].to_vec()))
        })
    })
}

fn energy_std_normal(x: &[f64], p: &[f64]) -> f64 {
    0.5 * x.iter().chain(p).map(|v| v * v).sum::<f64>()
}

/// Determinant by Gaussian elimination with partial pivoting (the test's own).
fn determinant(mut m: Vec<Vec<f64>>) -> f64 {
    let n = m.len();
    let mut det = 1.0;
    for k in 0..n {
        let pivot = (k..n)
            .max_by(|&i, &j| m[i][k].abs().total_cmp(&m[j][k].abs()))
            .expect("non-empty");
        if m[pivot][k] == 0.0 {
            return 0.0;
        }
        if pivot != k {
            m.swap(pivot, k);
            det = -det;
        }
        det *= m[k][k];
        let pivot_row = m[k].clone();
        for row in m.iter_mut().skip(k + 1) {
            let f = row[k] / pivot_row[k];
            for (a, b) in row.iter_mut().zip(&pivot_row).skip(k) {
                *a -= f * b;
            }
        }
    }
    det
}

/// The Jacobian of (x, p) ↦ leapfrog(x, p) by central differences (step 1e-5).
fn leapfrog_jacobian(
    grad: &dyn Fn(ArrayView1<f64>) -> Array1<f64>,
    x: &[f64],
    p: &[f64],
    step_size: f64,
    n_steps: usize,
) -> Vec<Vec<f64>> {
    let d = x.len();
    let h = 1e-5;
    let state: Vec<f64> = x.iter().chain(p).copied().collect();
    let map = |s: &[f64]| {
        let (xo, po) = run_leapfrog(grad, &s[..d], &s[d..], step_size, n_steps);
        xo.into_iter().chain(po).collect::<Vec<f64>>()
    };
    let mut jac = vec![vec![0.0; 2 * d]; 2 * d];
    for j in 0..2 * d {
        let mut plus = state.clone();
        let mut minus = state.clone();
        plus[j] += h;
        minus[j] -= h;
        let (fp, fm) = (map(&plus), map(&minus));
        for i in 0..2 * d {
            jac[i][j] = (fp[i] - fm[i]) / (2.0 * h);
        }
    }
    jac
}

/// M chains of N draws, each an AR(1) path with coefficient phi driven by bounded noise.
fn chain_matrix() -> impl Strategy<Value = Array2<f64>> {
    (1usize..=4, 10usize..=60, -0.9..0.95f64).prop_flat_map(|(m, n, phi)| {
        vec(-1.0..1.0f64, m * n).prop_map(move |noise| {
            let mut out = Array2::zeros((m, n));
            for c in 0..m {
                let mut x = 0.0;
                for t in 0..n {
                    x = phi * x + noise[c * n + t];
                    out[[c, t]] = x;
                }
            }
            out
        })
    })
}

/// A series of 2 to 60 values in [−10, 10] whose sample variance is at least 0.25.
fn series() -> impl Strategy<Value = Vec<f64>> {
    vec(-10.0..10.0f64, 2..=60).prop_filter("spread out", |x| {
        let m = x.iter().sum::<f64>() / x.len() as f64;
        x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / x.len() as f64 >= 0.25
    })
}

proptest! {
    #![proptest_config(proptest_config())]

    // ------------------------------------------------------------------------ leapfrog

    #[test]
    fn leapfrog_is_reversible((target, x, p, step_size, n_steps) in reversible_case()) {
        let grad = |v: ArrayView1<f64>| target.grad(v);
        let (x1, p1) = run_leapfrog(grad, &x, &p, step_size, n_steps);
        let minus: Vec<f64> = p1.iter().map(|v| -v).collect();
        let (x2, p2) = run_leapfrog(grad, &x1, &minus, step_size, n_steps);
        for i in 0..x.len() {
            prop_assert!(
                (x2[i] - x[i]).abs() <= 1e-10 && (p2[i] + p[i]).abs() <= 1e-10,
                "leapfrog({x1:?}, -{p1:?}) should return (x, -p) = ({x:?}, -{p:?}), got \
                 ({x2:?}, {p2:?}) (eps {step_size}, L {n_steps}, {target:?}).\nLikely mistake: \
                 the leapfrog is reversible only with symmetric half steps of momentum at both \
                 ends and full steps in between"
            );
        }
    }

    #[test]
    fn leapfrog_preserves_volume(
        (target, x, p, step_size, n_steps) in reversible_case().prop_map(|(t, x, p, e, l)| (t, x, p, e, l.min(10))),
        nonlinear in any::<bool>(),
    ) {
        let quadratic_grad = |v: ArrayView1<f64>| target.grad(v);
        // −Σ log cosh(x_i) − ½ xᵀAx: a smooth non-quadratic potential.
        let logcosh_grad = |v: ArrayView1<f64>| target.grad(v) - v.mapv(f64::tanh);
        let grad: &dyn Fn(ArrayView1<f64>) -> Array1<f64> =
            if nonlinear { &logcosh_grad } else { &quadratic_grad };
        let jac = leapfrog_jacobian(grad, &x, &p, step_size, n_steps);
        let det = determinant(jac);
        prop_assert!(
            (det - 1.0).abs() <= 1e-6,
            "det of the Jacobian of (x, p) -> leapfrog(x, p) should be 1 (volume preserving), got \
             {det} (x {x:?}, p {p:?}, eps {step_size}, L {n_steps}, nonlinear {nonlinear}).\n\
             Likely mistake: each leapfrog sub-step is a shear (x += eps p, or p += w grad(x)) with \
             determinant 1; a step that updates x and p from the same old values is not"
        );
    }

    #[test]
    fn leapfrog_energy_error_is_small_at_eps_0_1((x, p) in phase_point(0.0, 3.0)) {
        let (x1, p1) = run_leapfrog(crate::std_normal_grad, &x, &p, 0.1, 10);
        let dh = energy_std_normal(&x1, &p1) - energy_std_normal(&x, &p);
        prop_assert!(
            dh.abs() <= 0.01,
            "N(0, I), eps 0.1, L 10, from x {x:?}, p {p:?} (|(x, p)| <= 3): expected |Delta H| \
             <= 0.01, got {dh}.\nLikely mistake: the leapfrog's energy error is O(eps^2) \
             (at most 0.00105 |(x, p)|^2 here); a first-order (Euler) update drifts far more"
        );
    }

    #[test]
    fn leapfrog_energy_blows_up_past_the_stability_limit((x, p) in phase_point(0.5, 3.0)) {
        let (x1, p1) = run_leapfrog(crate::std_normal_grad, &x, &p, 2.1, 50);
        let dh = energy_std_normal(&x1, &p1) - energy_std_normal(&x, &p);
        prop_assert!(
            dh.abs() > 10.0,
            "N(0, I), eps 2.1, L 50, from x {x:?}, p {p:?}: expected |Delta H| > 10 (the \
             leapfrog is unstable for eps > 2), got {dh}.\nLikely mistake: the leapfrog map of \
             N(0, 1) has trace 2 - eps^2; past eps = 2 one eigenvalue is below -1 (-1.88 here)"
        );
    }

    // ----------------------------------------------------------------- autocorrelation

    #[test]
    fn autocorrelation_starts_at_one_and_stays_in_range(x in series(), frac in 0.0..1.0f64) {
        let max_lag = ((x.len() - 1) as f64 * frac) as usize;
        let r = acf(&x, max_lag);
        prop_assert!(
            (r[0] - 1.0).abs() <= 1e-12,
            "autocorrelation(x, {max_lag})[0] should be 1, got {} for x = {x:?}.\nLikely \
             mistake: lag 0 divides the sum of squares by itself",
            r[0]
        );
        for (k, v) in r.iter().enumerate() {
            prop_assert!(
                v.abs() <= 1.0 + 1e-12,
                "|autocorrelation(x, {max_lag})[{k}]| should be <= 1, got {v} for x = {x:?}.\n\
                 Likely mistake: the biased estimator (same denominator, the full sum of \
                 squares, at every lag) is bounded by 1 by Cauchy-Schwarz; dividing by n - k \
                 is not"
            );
        }
    }

    #[test]
    fn autocorrelation_is_invariant_under_affine_maps(
        x in series(),
        a in -10.0..10.0f64,
        b in prop_oneof![0.5..5.0f64, -5.0..-0.5f64],
    ) {
        let max_lag = (x.len() - 1).min(10);
        let y: Vec<f64> = x.iter().map(|v| a + b * v).collect();
        let (rx, ry) = (acf(&x, max_lag), acf(&y, max_lag));
        for k in 0..=max_lag {
            prop_assert!(
                (rx[k] - ry[k]).abs() <= 1e-12,
                "autocorrelation of a + b x should equal that of x (a {a}, b {b}) at lag {k}: \
                 {} vs {}.\nLikely mistake: subtract the mean of the series before multiplying",
                ry[k], rx[k]
            );
        }
    }

    #[test]
    fn autocorrelation_over_all_lags_sums_to_zero(x in series()) {
        let r = acf(&x, x.len() - 1);
        let total = 1.0 + 2.0 * r[1..].iter().sum::<f64>();
        prop_assert!(
            total.abs() <= 1e-9,
            "sum of the biased ACF over lags -(n-1)..n-1 should be 0 (it is (sum of \
             deviations)^2 / sum of squares), got {total} for x = {x:?}.\nLikely mistake: \
             deviations from the mean sum to 0; this fails if the mean is not subtracted or \
             lags are divided by n - k"
        );
    }

    // ------------------------------------------------------------------ diagnostics

    #[test]
    fn ess_is_positive_and_capped_and_rhat_is_positive(chains in chain_matrix()) {
        let d = diagnose(chains.view());
        let (m, n) = chains.dim();
        let total = (2 * m * (n / 2)) as f64;
        let cap = total * total.log10();
        prop_assert!(
            d.ess > 0.0 && d.ess <= cap * (1.0 + 1e-12),
            "convergence_diagnostics(M = {m}, N = {n}).ess should be in (0, M'N' log10(M'N') = \
             {cap}], got {}.\nLikely mistake: tau is floored at 1/log10(M'N') (step 7)",
            d.ess
        );
        prop_assert!(
            d.rhat > 0.0 && d.rhat.is_finite(),
            "convergence_diagnostics(M = {m}, N = {n}).rhat should be finite and positive, got {}",
            d.rhat
        );
    }

    #[test]
    fn diagnostics_do_not_depend_on_the_order_of_the_chains(
        chains in chain_matrix(),
        order in Just((0usize..4).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let m = chains.nrows();
        let order: Vec<usize> = order.into_iter().filter(|&i| i < m).collect();
        let permuted = chains.select(ndarray::Axis(0), &order);
        let (a, b) = (diagnose(chains.view()), diagnose(permuted.view()));
        prop_assert!(
            close(b.ess, a.ess, 1e-12, 0.0) && close(b.rhat, a.rhat, 1e-12, 0.0),
            "convergence_diagnostics with the chains reordered as {order:?}: expected the same \
             ess and rhat, got {b:?} vs {a:?}.\nLikely mistake: every step averages over the \
             split chains symmetrically; nothing may depend on which chain comes first"
        );
    }

    #[test]
    fn rhat_is_sqrt_of_n_minus_one_over_n_when_all_split_means_agree(
        m in 1usize..=4,
        half in vec(-5.0..5.0f64, 5..=30),
    ) {
        // Every chain is `half` followed by `half` reversed: the split halves have one mean.
        let h = half.len();
        let chain: Vec<f64> = half.iter().chain(half.iter().rev()).copied().collect();
        let chains = Array2::from_shape_fn((m, 2 * h), |(_, t)| chain[t]);
        let d = diagnose(chains.view());
        let want = ((h as f64 - 1.0) / h as f64).sqrt();
        prop_assert!(
            close(d.rhat, want, 1e-12, 0.0),
            "rhat of {m} identical chains whose second half reverses the first (N' = {h}): \
             expected sqrt((N' - 1)/N') = {want} (B = 0), got {}.\nLikely mistake: \
             rhat = sqrt((B/W + N' - 1)/N') with W the mean of the unbiased (N' - 1) \
             within-chain variances",
            d.rhat
        );
    }
}
