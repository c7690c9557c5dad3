//! One test per classic mistake of the statement, on the input that exposes it. The
//! randomized ones run on seeds 1..=5 with tolerances of at least 6 σ (see statistical.rs);
//! the mistake moves the statistic many times further.

use grading_support::{STATISTICAL_SEEDS, assert_all_close, assert_close, ensure};
use ndarray::{ArrayView1, ArrayView2};
use prob_004_mcmc::{HmcConfig, Proposal};

use crate::fixtures::*;
use crate::statistical::gamma_log;
use crate::{
    DIAGNOSTICS_RTOL, LEAPFROG_ATOL, LEAPFROG_RTOL, SIGMAS, column, diagnose, mean, run_gibbs,
    run_hmc, run_leapfrog, run_mh, std_normal_grad, std_normal_log,
};

#[test]
fn multiplicative_proposal_needs_the_hastings_correction() {
    // Without the term the chain targets pi(x)/x = Exp(1), mean 1.
    let n = 10_000;
    let tol = SIGMAS * (GAMMA_AVAR_X / n as f64).sqrt();
    for seed in STATISTICAL_SEEDS {
        let chain = run_mh(
            gamma_log,
            Proposal::MultiplicativeLogNormal { sigma: 0.5 },
            &[1.0],
            n,
            seed,
        );
        let got = mean(column(&chain.samples, 0).into_iter());
        ensure(
            (got - 2.0).abs() <= tol,
            || {
                format!(
                    "metropolis_hastings(Gamma(2, 1), MultiplicativeLogNormal(0.5), {n} samples, seed {seed}): expected mean 2 +- {tol:.3}, got {got:.4}"
                )
            },
            "the proposal x' = x exp(sigma z) is not symmetric: q(x | x')/q(x' | x) = x'/x, so \
             add the Hastings term sum_j (ln x'_j - ln x_j) to log alpha (without it the chain \
             samples pi(x)/x = Exp(1), mean 1)",
        );
    }
}

#[test]
fn acceptance_is_computed_in_log_space() {
    // log pi = -(x - 100)^2 / 2 from x0 = 50: pi(x0) = exp(-1250) underflows to 0, so a ratio
    // of densities is 0/0 = NaN and never accepts. In log space the chain walks to 100 within
    // a few hundred steps. The last 2500 of 5000 draws: sd of their mean
    // sqrt(RW1_AVAR_X / 2500) = 0.058, and 0.5 is 8.7 sigma.
    let target = |x: ArrayView1<f64>| -0.5 * (x[0] - 100.0).powi(2);
    let tol = 0.5_f64.max(SIGMAS * (RW1_AVAR_X / 2500.0).sqrt());
    for seed in STATISTICAL_SEEDS {
        let chain = run_mh(
            target,
            Proposal::RandomWalk { scale: 1.0 },
            &[50.0],
            5000,
            seed,
        );
        let x = column(&chain.samples, 0);
        let got = mean(x[2500..].iter().copied());
        ensure(
            (got - 100.0).abs() <= tol,
            || {
                format!(
                    "metropolis_hastings(log pi = -(x - 100)^2/2, x0 = 50, RandomWalk(1), 5000 samples, seed {seed}): expected the last 2500 draws to average 100 +- {tol}, got {got:.4}"
                )
            },
            "never form pi(x')/pi(x): exp(-1250) = 0 in f64, and 0/0 = NaN is never accepted, \
             so the chain sticks at 50; use exp(log pi(x') - log pi(x))",
        );
    }
}

#[test]
fn gibbs_conditional_variance_is_one_minus_rho_squared() {
    // With variance 1 - rho the stationary variance of x is 0.2 (1 + rho^2) / (1 - rho^4)
    // = 0.556 at rho = 0.8.
    let n = 10_000;
    let tol = SIGMAS * (GIBBS_AVAR_VAR_X / n as f64).sqrt();
    for seed in STATISTICAL_SEEDS {
        let s = run_gibbs(0.8, 0.0, n, seed);
        let x = column(&s, 0);
        let m = mean(x.iter().copied());
        let var = mean(x.iter().map(|v| (v - m) * (v - m)));
        ensure(
            (var - 1.0).abs() <= tol,
            || {
                format!(
                    "gibbs_bivariate_normal(rho = 0.8, {n} samples, seed {seed}): expected var(x) = 1 +- {tol:.3}, got {var:.4}"
                )
            },
            "x | y ~ N(rho y, 1 - rho^2): the noise sd is sqrt(1 - rho^2) = 0.6, not \
             sqrt(1 - rho) (which gives var(x) = 0.556)",
        );
    }
}

#[test]
fn leapfrog_takes_half_momentum_steps_at_both_ends() {
    let (x, p) = run_leapfrog(std_normal_grad, &[1.0], &[0.0], 0.5, 1);
    let mistake = "the momentum gets a half step (eps/2) before the first position step and \
                   after the last one; full steps at both ends give (0.75, -0.875)";
    assert_all_close(
        "leapfrog(x = [1], p = [0], eps = 0.5, L = 1, grad = -x).x",
        &x,
        &[0.875],
        LEAPFROG_RTOL,
        LEAPFROG_ATOL,
        mistake,
    );
    assert_all_close(
        "leapfrog(x = [1], p = [0], eps = 0.5, L = 1, grad = -x).p",
        &p,
        &[-0.46875],
        LEAPFROG_RTOL,
        LEAPFROG_ATOL,
        mistake,
    );
}

#[test]
fn hmc_hamiltonian_is_minus_log_density_plus_kinetic_energy() {
    // N(0, 1), eps 0.5, L 3, 1000 draws: mean(x^2) = 1 with sd HMC1_SD_M2 = 0.046. With
    // H = +log pi + p^2/2 the chain prefers low density and drifts into the tails
    // (mean(x^2) about 10 in simulation, never below 4).
    let config = HmcConfig {
        step_size: 0.5,
        n_leapfrog: 3,
        n_samples: 1000,
    };
    let tol = SIGMAS * HMC1_SD_M2 + HMC1_BIAS_M2;
    for seed in STATISTICAL_SEEDS {
        let chain = run_hmc(std_normal_log, std_normal_grad, &[0.0], config, seed);
        let got = mean(chain.samples.iter().map(|v| v * v));
        ensure(
            (got - 1.0).abs() <= tol,
            || {
                format!(
                    "hmc(N(0, 1), eps 0.5, L 3, 1000 samples, seed {seed}): expected mean(x^2) = 1 +- {tol:.3}, got {got:.4}"
                )
            },
            "H(x, p) = -log pi(x) + p'p/2 (potential energy is minus the log density) and \
             accept iff u < exp(H(x, p) - H(x*, p*)); with +log pi the chain is pushed into the tails",
        );
    }
}

fn fixture(name: &str) -> (&'static DiagnosticsCase, ArrayView2<'static, f64>) {
    let case = DIAGNOSTICS
        .iter()
        .find(|c| c.name == name)
        .expect("fixture case");
    let view = ArrayView2::from_shape((case.m, case.n), case.chains).expect("fixture shape");
    (case, view)
}

#[test]
fn ess_truncates_the_autocorrelation_sum() {
    // Summing rho_t over every lag: the biased autocovariances of a centred chain sum to
    // gamma(0)/2 over lags 0..N'-1, so the all-lags tau reduces to
    // -1 + (2 N' s^2(means) - gamma(0) (N'+1)/(N'-1)) / var+, a function of the scatter of the
    // M' split-chain means alone: ESS 5.8 instead of 7.0 on the first fixture, 405 instead of
    // 60 on the second.
    for name in ["two_chains_ar1", "long_ar1"] {
        let (case, chains) = fixture(name);
        let d = diagnose(chains);
        assert_close(
            &format!(
                "convergence_diagnostics(case {name}, M = {}, N = {}).ess (ArviZ)",
                case.m, case.n
            ),
            d.ess,
            case.ess,
            DIAGNOSTICS_RTOL,
            0.0,
            "stop summing at Geyer's initial positive sequence: the first pair (rho_{t+1}, \
             rho_{t+2}), t odd, with a negative sum ends the scan. Summed over every lag, the \
             biased autocorrelations cancel (a single chain's sum to -1/2 over t >= 1), and what \
             is left measures only how far apart the chain means happen to be",
        );
    }
}

#[test]
fn rhat_splits_each_chain_in_halves() {
    // Every chain: first half mean 0, second half mean 1. Split-R-hat (ArviZ) is 1.14; on
    // the unsplit chains, whose means are all 0.5, R-hat is 1.0006.
    let (case, chains) = fixture("trend_within_chains");
    let d = diagnose(chains);
    ensure(
        d.rhat > 1.1,
        || {
            format!(
                "convergence_diagnostics(4 chains of 400 with a trend).rhat: expected {} (> 1.1), got {}",
                case.rhat, d.rhat
            )
        },
        "split each chain into its first and last halves before computing R-hat: a trend \
         inside every chain is invisible to the whole-chain means",
    );
    assert_close(
        "convergence_diagnostics(4 chains of 400 with a trend).rhat (ArviZ)",
        d.rhat,
        case.rhat,
        DIAGNOSTICS_RTOL,
        0.0,
        "R-hat on the 2M split chains of length floor(N/2)",
    );
}
