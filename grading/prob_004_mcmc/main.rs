//! Hidden tests of `prob_004_mcmc`, compiled against the learner's crate (or the reference
//! solution): golden values (leapfrog against a numpy/mpmath loop, the ACF against
//! statsmodels, ESS and split-R̂ against ArviZ 0.23.4), every edge input of the statement,
//! its properties, statistical checks of the samplers and diagnostics on seeds 1..=5 with
//! tolerances of at least 6 σ from theory, and one test per classic mistake.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;
mod statistical;

/// The golden values and theoretical standard deviations, written by
/// `fixtures/prob_004_mcmc/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal
)]
mod fixtures {
    include!("../../fixtures/prob_004_mcmc/golden.rs");
}

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use prob_004_mcmc::{
    Chain, Diagnostics, HmcConfig, Proposal, autocorrelation, convergence_diagnostics,
    gibbs_bivariate_normal, hmc, leapfrog, metropolis_hastings,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Tolerances of the statement.
const LEAPFROG_RTOL: f64 = 1e-12;
const LEAPFROG_ATOL: f64 = 1e-14;
const ACF_RTOL: f64 = 1e-10;
const ACF_ATOL: f64 = 1e-12;
const DIAGNOSTICS_RTOL: f64 = 1e-8;

/// Every statistical tolerance is this many standard deviations (from theory) or more.
const SIGMAS: f64 = 6.0;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

// ----- targets ---------------------------------------------------------------------------

/// log π of N(0, I).
fn std_normal_log(x: ArrayView1<f64>) -> f64 {
    -0.5 * x.dot(&x)
}

fn std_normal_grad(x: ArrayView1<f64>) -> Array1<f64> {
    x.mapv(|v| -v)
}

/// log π and gradient of N(0, Σ) with Σ = [[1, 0.9], [0.9, 1]] (precision [[1, −0.9],
/// [−0.9, 1]] / 0.19).
fn correlated_log(x: ArrayView1<f64>) -> f64 {
    -0.5 * (x[0] * x[0] - 1.8 * x[0] * x[1] + x[1] * x[1]) / 0.19
}

fn correlated_grad(x: ArrayView1<f64>) -> Array1<f64> {
    Array1::from(vec![
        -(x[0] - 0.9 * x[1]) / 0.19,
        -(x[1] - 0.9 * x[0]) / 0.19,
    ])
}

/// ∇log π of the leapfrog fixtures' targets, by name (see `fixtures/.../golden.rs`).
fn fixture_gradient(target: &str) -> fn(ArrayView1<f64>) -> Array1<f64> {
    match target {
        "std_normal" => std_normal_grad,
        "correlated" => correlated_grad,
        "logcosh" => |x| x.mapv(|v| -v.tanh()),
        "banana" => |x| {
            Array1::from(vec![
                -x[0] + 2.0 * x[0] * (x[1] - x[0] * x[0]),
                -(x[1] - x[0] * x[0]),
            ])
        },
        other => panic!("unknown fixture target {other}"),
    }
}

// ----- calls that must succeed -------------------------------------------------------------

#[track_caller]
fn run_mh(
    log_target: impl Fn(ArrayView1<f64>) -> f64,
    proposal: Proposal,
    x0: &[f64],
    n: usize,
    seed: u64,
) -> Chain {
    match metropolis_hastings(
        log_target,
        proposal,
        ArrayView1::from(x0),
        n,
        &mut rng(seed),
    ) {
        Ok(chain) => {
            assert_eq!(
                chain.samples.dim(),
                (n, x0.len()),
                "metropolis_hastings({proposal:?}, x0 = {x0:?}, n_samples = {n}): expected \
                 samples of shape ({n}, {}), got {:?}.\nLikely mistake: one row per \
                 transition, x0 not included",
                x0.len(),
                chain.samples.dim()
            );
            chain
        }
        Err(e) => panic!(
            "metropolis_hastings({proposal:?}, x0 = {x0:?}, n_samples = {n}, seed {seed}): \
             expected Ok, got Err({e:?}).\nLikely mistake: rejecting a valid input, or \
             reporting a rejected move (log π = −inf) as an error"
        ),
    }
}

#[track_caller]
fn run_gibbs(rho: f64, y0: f64, n: usize, seed: u64) -> Array2<f64> {
    match gibbs_bivariate_normal(rho, y0, n, &mut rng(seed)) {
        Ok(s) => {
            assert_eq!(
                s.dim(),
                (n, 2),
                "gibbs_bivariate_normal({rho}, {y0}, {n}): expected shape ({n}, 2), got {:?}",
                s.dim()
            );
            s
        }
        Err(e) => panic!(
            "gibbs_bivariate_normal({rho}, {y0}, {n}, seed {seed}): expected Ok, got \
             Err({e:?}).\nLikely mistake: rejecting a valid |rho| < 1"
        ),
    }
}

#[track_caller]
fn run_hmc(
    log_target: impl Fn(ArrayView1<f64>) -> f64,
    grad: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x0: &[f64],
    config: HmcConfig,
    seed: u64,
) -> Chain {
    match hmc(
        log_target,
        grad,
        ArrayView1::from(x0),
        config,
        &mut rng(seed),
    ) {
        Ok(chain) => {
            assert_eq!(
                chain.samples.dim(),
                (config.n_samples, x0.len()),
                "hmc(x0 = {x0:?}, {config:?}): expected samples of shape ({}, {}), got {:?}",
                config.n_samples,
                x0.len(),
                chain.samples.dim()
            );
            chain
        }
        Err(e) => panic!(
            "hmc(x0 = {x0:?}, {config:?}, seed {seed}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input, or reporting a divergent trajectory as \
             an error instead of rejecting it"
        ),
    }
}

#[track_caller]
fn run_leapfrog(
    grad: impl Fn(ArrayView1<f64>) -> Array1<f64>,
    x: &[f64],
    p: &[f64],
    step_size: f64,
    n_steps: usize,
) -> (Vec<f64>, Vec<f64>) {
    match leapfrog(
        grad,
        ArrayView1::from(x),
        ArrayView1::from(p),
        step_size,
        n_steps,
    ) {
        Ok((x_out, p_out)) => {
            assert_eq!(
                (x_out.len(), p_out.len()),
                (x.len(), x.len()),
                "leapfrog(x = {x:?}, p = {p:?}): expected outputs of length {}",
                x.len()
            );
            (x_out.to_vec(), p_out.to_vec())
        }
        Err(e) => panic!(
            "leapfrog(x = {x:?}, p = {p:?}, step_size = {step_size}, n_steps = {n_steps}): \
             expected Ok, got Err({e:?})"
        ),
    }
}

#[track_caller]
fn acf(x: &[f64], max_lag: usize) -> Vec<f64> {
    match autocorrelation(x, max_lag) {
        Ok(r) => {
            assert_eq!(
                r.len(),
                max_lag + 1,
                "autocorrelation(n = {}, max_lag = {max_lag}): expected {} values (lags \
                 0..=max_lag), got {}",
                x.len(),
                max_lag + 1,
                r.len()
            );
            r
        }
        Err(e) => panic!(
            "autocorrelation(n = {}, max_lag = {max_lag}): expected Ok, got Err({e:?})",
            x.len()
        ),
    }
}

#[track_caller]
fn diagnose(chains: ArrayView2<f64>) -> Diagnostics {
    match convergence_diagnostics(chains) {
        Ok(d) => d,
        Err(e) => panic!(
            "convergence_diagnostics(M = {}, N = {}): expected Ok, got Err({e:?}).\nLikely \
             mistake: rejecting valid chains (M >= 1, N >= 10, finite, not constant)",
            chains.nrows(),
            chains.ncols()
        ),
    }
}

// ----- statistics of the test's own ------------------------------------------------------

fn mean(x: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = x.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    s / n as f64
}

/// Biased (1/n) covariance of two equally long sequences.
fn cov(a: &[f64], b: &[f64]) -> f64 {
    let ma = mean(a.iter().copied());
    let mb = mean(b.iter().copied());
    mean(a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)))
}

/// Lag-1 biased autocorrelation, computed here (not with the learner's function).
fn lag1(x: &[f64]) -> f64 {
    let m = mean(x.iter().copied());
    let den: f64 = x.iter().map(|v| (v - m).powi(2)).sum();
    let num: f64 = x.windows(2).map(|w| (w[0] - m) * (w[1] - m)).sum();
    num / den
}

/// Column j of the samples.
fn column(samples: &Array2<f64>, j: usize) -> Vec<f64> {
    samples.column(j).to_vec()
}

/// Number of rows that differ from the row before (row −1 being x0): with a continuous
/// proposal, exactly the number of accepted moves.
fn moves(samples: &Array2<f64>, x0: &[f64]) -> usize {
    let mut previous = ArrayView1::from(x0);
    let mut count = 0;
    for row in samples.rows() {
        if row != previous {
            count += 1;
        }
        previous = row;
    }
    count
}

/// M chains of N draws of an AR(1) with coefficient phi and unit stationary variance,
/// started from its stationary distribution; the test's own random numbers.
fn ar1_chains(m: usize, n: usize, phi: f64, seed: u64) -> Array2<f64> {
    use rand::RngExt;
    use rand_distr::StandardNormal;
    let mut r = rng(seed);
    let innovation = (1.0 - phi * phi).sqrt();
    let mut out = Array2::zeros((m, n));
    for c in 0..m {
        let mut x: f64 = r.sample(StandardNormal);
        for t in 0..n {
            x = phi * x + innovation * r.sample::<f64, _>(StandardNormal);
            out[[c, t]] = x;
        }
    }
    out
}
