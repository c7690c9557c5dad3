//! Every row of the statement's edge-input table, the validation order of each function, and
//! the special values: −∞ log densities (rejected moves), NaN and +∞ (errors), divergent
//! trajectories, and chains that cannot be diagnosed.

use std::cell::{Cell, RefCell};

use grading_support::{assert_all_close, assert_close, ensure};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use prob_004_mcmc::{
    Error, HmcConfig, Proposal, autocorrelation, convergence_diagnostics, gibbs_bivariate_normal,
    hmc, leapfrog, metropolis_hastings,
};

use crate::{
    ACF_ATOL, ACF_RTOL, LEAPFROG_ATOL, LEAPFROG_RTOL, acf, diagnose, rng, run_hmc, run_leapfrog,
    run_mh, std_normal_grad, std_normal_log,
};

const RW: Proposal = Proposal::RandomWalk { scale: 1.0 };
const LOGNORMAL: Proposal = Proposal::MultiplicativeLogNormal { sigma: 0.5 };
const HMC_CONFIG: HmcConfig = HmcConfig {
    step_size: 0.3,
    n_leapfrog: 5,
    n_samples: 20,
};

fn view(x: &[f64]) -> ArrayView1<'_, f64> {
    ArrayView1::from(x)
}

/// A one-dimensional log density −x²/2 that returns `bad` at the `k`-th distinct proposal
/// (k = 0 is the first), whatever the order and number of calls: every argument other than
/// x0 is a new proposal the first time it is seen (a continuous proposal repeats a state
/// with probability 0), and a state seen before gets the value it got then.
struct BadAtProposal {
    x0: f64,
    k: usize,
    bad: f64,
    seen: RefCell<Vec<f64>>,
}

impl BadAtProposal {
    fn new(x0: f64, k: usize, bad: f64) -> Self {
        BadAtProposal {
            x0,
            k,
            bad,
            seen: RefCell::new(Vec::new()),
        }
    }

    fn log_density(&self, x: ArrayView1<f64>) -> f64 {
        let v = x[0];
        if v == self.x0 {
            return -0.5 * v * v;
        }
        let mut seen = self.seen.borrow_mut();
        let index = match seen.iter().position(|&s| s == v) {
            Some(i) => i,
            None => {
                seen.push(v);
                seen.len() - 1
            }
        };
        if index == self.k {
            self.bad
        } else {
            -0.5 * v * v
        }
    }
}

// ----- metropolis_hastings -----------------------------------------------------------------

#[test]
fn mh_with_an_empty_state_is_an_error() {
    let r = metropolis_hastings(std_normal_log, RW, view(&[]), 10, &mut rng(1));
    ensure(
        matches!(r, Err(Error::EmptyInput)),
        || format!("metropolis_hastings(x0 = []): expected Err(EmptyInput), got {r:?}"),
        "d = x0.len() must be at least 1",
    );
}

#[test]
fn mh_with_zero_samples_returns_an_empty_chain() {
    for (proposal, x0) in [(RW, vec![0.5, -1.0, 2.0]), (LOGNORMAL, vec![1.0, 3.0])] {
        let chain = run_mh(std_normal_log, proposal, &x0, 0, 1);
        ensure(
            chain.n_accepted == 0,
            || {
                format!(
                    "metropolis_hastings({proposal:?}, n_samples = 0).n_accepted: expected 0, \
                     got {}",
                    chain.n_accepted
                )
            },
            "no iterations, no accepts",
        );
    }
}

#[test]
fn mh_rejects_an_initial_state_of_zero_density() {
    let r = metropolis_hastings(
        |_: ArrayView1<f64>| f64::NEG_INFINITY,
        RW,
        view(&[0.0]),
        10,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::InvalidInitialState)),
        || {
            format!(
                "metropolis_hastings(log π(x0) = -inf): expected Err(InvalidInitialState), got {r:?}"
            )
        },
        "log π(x0) must be finite: a chain cannot start where the density is zero",
    );
    for bad in [f64::NAN, f64::INFINITY] {
        let r = metropolis_hastings(|_: ArrayView1<f64>| bad, RW, view(&[0.0]), 10, &mut rng(1));
        ensure(
            matches!(r, Err(Error::InvalidInitialState)),
            || {
                format!(
                    "metropolis_hastings(log π(x0) = {bad}): expected Err(InvalidInitialState), got {r:?}"
                )
            },
            "log π(x0) must be finite",
        );
    }
    for x0 in [[f64::NAN], [f64::INFINITY]] {
        let r = metropolis_hastings(|_: ArrayView1<f64>| 0.0, RW, view(&x0), 10, &mut rng(1));
        ensure(
            matches!(r, Err(Error::InvalidInitialState)),
            || {
                format!(
                    "metropolis_hastings(x0 = {x0:?}): expected Err(InvalidInitialState), got {r:?}"
                )
            },
            "every coordinate of x0 must be finite",
        );
    }
}

#[test]
fn mh_reports_a_nan_log_density_with_its_iteration() {
    for seed in [1, 2, 3] {
        let target = BadAtProposal::new(0.0, 7, f64::NAN);
        let r = metropolis_hastings(
            |x| target.log_density(x),
            RW,
            view(&[0.0]),
            50,
            &mut rng(seed),
        );
        ensure(
            matches!(r, Err(Error::InvalidLogDensity { iteration: 7, .. })),
            || {
                format!(
                    "metropolis_hastings with log π(x') = NaN at the proposal of iteration 7 \
                     (0-based, seed {seed}): expected Err(InvalidLogDensity {{ iteration: 7, .. }}), got {r:?}"
                )
            },
            "a NaN log density is a bug in the target, not a rejection: return the error with \
             the 0-based iteration of the proposal",
        );
    }
}

#[test]
fn mh_reports_a_positive_infinite_log_density() {
    let target = BadAtProposal::new(0.0, 3, f64::INFINITY);
    let r = metropolis_hastings(|x| target.log_density(x), RW, view(&[0.0]), 50, &mut rng(1));
    ensure(
        matches!(r, Err(Error::InvalidLogDensity { iteration: 3, value }) if value == f64::INFINITY),
        || {
            format!(
                "metropolis_hastings with log π(x') = +inf at iteration 3: expected \
                 Err(InvalidLogDensity {{ iteration: 3, value: inf }}), got {r:?}"
            )
        },
        "+inf is not a valid log density (it would always be accepted and never left)",
    );
}

#[test]
fn mh_rejects_moves_to_zero_density() {
    // Gamma(2, 1): log π = ln x − x for x > 0 and −inf otherwise; a random walk of scale 1
    // from x0 = 0.5 proposes negative values often.
    let gamma = |x: ArrayView1<f64>| {
        if x[0] > 0.0 {
            x[0].ln() - x[0]
        } else {
            f64::NEG_INFINITY
        }
    };
    for seed in [1, 2, 3] {
        let chain = run_mh(gamma, RW, &[0.5], 2000, seed);
        ensure(
            chain.samples.iter().all(|&v| v > 0.0),
            || {
                "metropolis_hastings(Gamma(2, 1), RandomWalk(1)): a sample <= 0, where the density is zero".into()
            },
            "log π(x') = -inf must reject the move: exp(-inf) = 0 and u < 0 never holds",
        );
    }
}

#[test]
fn multiplicative_proposal_needs_a_positive_start() {
    for x0 in [vec![-1.0], vec![2.0, 0.0]] {
        let r = metropolis_hastings(
            |_: ArrayView1<f64>| 0.0,
            LOGNORMAL,
            view(&x0),
            10,
            &mut rng(1),
        );
        ensure(
            matches!(r, Err(Error::InvalidInitialState)),
            || {
                format!(
                    "metropolis_hastings(MultiplicativeLogNormal, x0 = {x0:?}): expected Err(InvalidInitialState), got {r:?}"
                )
            },
            "x'_j = x_j exp(sigma z_j) keeps the sign of x_j: every x0_j must be > 0",
        );
    }
}

#[test]
fn mh_rejects_invalid_proposal_parameters() {
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        for proposal in [
            Proposal::RandomWalk { scale: bad },
            Proposal::MultiplicativeLogNormal { sigma: bad },
        ] {
            let r = metropolis_hastings(std_normal_log, proposal, view(&[1.0]), 10, &mut rng(1));
            ensure(
                matches!(r, Err(Error::InvalidParameter { .. })),
                || {
                    format!(
                        "metropolis_hastings({proposal:?}): expected Err(InvalidParameter), got {r:?}"
                    )
                },
                "scale and sigma must be finite and > 0",
            );
        }
    }
}

#[test]
fn mh_validates_in_the_stated_order() {
    let r = metropolis_hastings(
        std_normal_log,
        Proposal::RandomWalk { scale: -1.0 },
        view(&[]),
        10,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::EmptyInput)),
        || {
            format!(
                "metropolis_hastings(x0 = [], scale = -1): expected Err(EmptyInput) (checked first), got {r:?}"
            )
        },
        "validation order: EmptyInput, then InvalidParameter, then InvalidInitialState",
    );
    let r = metropolis_hastings(
        std_normal_log,
        Proposal::MultiplicativeLogNormal { sigma: f64::NAN },
        view(&[-1.0]),
        10,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::InvalidParameter { .. })),
        || {
            format!(
                "metropolis_hastings(sigma = NaN, x0 = [-1]): expected Err(InvalidParameter) (checked before the state), got {r:?}"
            )
        },
        "validation order: EmptyInput, then InvalidParameter, then InvalidInitialState",
    );
}

// ----- gibbs_bivariate_normal ------------------------------------------------------------

#[test]
fn gibbs_rejects_rho_outside_the_open_interval() {
    for rho in [1.0, -1.0, 1.5, f64::NAN, f64::INFINITY] {
        let r = gibbs_bivariate_normal(rho, 0.0, 10, &mut rng(1));
        ensure(
            matches!(r, Err(Error::InvalidParameter { name: "rho", .. })),
            || {
                format!(
                    "gibbs_bivariate_normal(rho = {rho}): expected Err(InvalidParameter {{ name: \"rho\", .. }}), got {r:?}"
                )
            },
            "|rho| < 1 strictly (and NaN fails every comparison: test `rho.abs() < 1.0`, not \
             `rho.abs() >= 1.0`): at |rho| = 1 the conditional variance 1 - rho^2 is 0",
        );
    }
}

#[test]
fn gibbs_rejects_a_non_finite_start_after_rho() {
    for y0 in [f64::NAN, f64::NEG_INFINITY] {
        let r = gibbs_bivariate_normal(0.5, y0, 10, &mut rng(1));
        ensure(
            matches!(r, Err(Error::InvalidInitialState)),
            || {
                format!(
                    "gibbs_bivariate_normal(0.5, y0 = {y0}): expected Err(InvalidInitialState), got {r:?}"
                )
            },
            "y0 must be finite",
        );
    }
    let r = gibbs_bivariate_normal(f64::NAN, f64::NAN, 10, &mut rng(1));
    ensure(
        matches!(r, Err(Error::InvalidParameter { name: "rho", .. })),
        || {
            format!(
                "gibbs_bivariate_normal(NaN, NaN): expected Err(InvalidParameter {{ name: \"rho\", .. }}) (rho is checked first), got {r:?}"
            )
        },
        "validation order: rho, then y0",
    );
}

#[test]
fn gibbs_with_zero_samples_is_empty() {
    let out = crate::run_gibbs(0.3, 1.0, 0, 1);
    ensure(
        out.is_empty(),
        || "gibbs_bivariate_normal(n = 0): expected a 0 x 2 array".into(),
        "no iterations, no rows",
    );
}

// ----- leapfrog ----------------------------------------------------------------------------

#[test]
fn leapfrog_one_step_by_hand() {
    let (x, p) = run_leapfrog(std_normal_grad, &[1.0], &[0.0], 0.5, 1);
    let mistake = "p = 0 + 0.25 (-1) = -0.25; x = 1 + 0.5 (-0.25) = 0.875; p = -0.25 + 0.25 \
                   (-0.875) = -0.46875: a half step of momentum at both ends";
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
    let h = 0.5 * x[0] * x[0] + 0.5 * p[0] * p[0];
    assert_close(
        "H(x_L, p_L) = -log π + p²/2 after the step (from 0.5)",
        h,
        0.49267578125,
        1e-12,
        1e-14,
        mistake,
    );
}

#[test]
fn leapfrog_with_zero_steps_returns_its_input() {
    let calls = Cell::new(0usize);
    let grad = |x: ArrayView1<f64>| {
        calls.set(calls.get() + 1);
        std_normal_grad(x)
    };
    let (x, p) = run_leapfrog(grad, &[0.3, -2.0], &[1.5, 0.25], 0.1, 0);
    ensure(
        x == [0.3, -2.0] && p == [1.5, 0.25] && calls.get() == 0,
        || {
            format!(
                "leapfrog(L = 0): expected (x, p) = ([0.3, -2.0], [1.5, 0.25]) unchanged with \
                 no gradient evaluation, got ({x:?}, {p:?}) after {} evaluations",
                calls.get()
            )
        },
        "with L = 0 there is no step at all, not even the opening half step",
    );
}

#[test]
fn leapfrog_evaluates_the_gradient_l_plus_one_times() {
    for n_steps in [1usize, 2, 7] {
        let calls = Cell::new(0usize);
        let grad = |x: ArrayView1<f64>| {
            calls.set(calls.get() + 1);
            std_normal_grad(x)
        };
        run_leapfrog(grad, &[0.3], &[1.0], 0.1, n_steps);
        ensure(
            calls.get() == n_steps + 1,
            || {
                format!(
                    "leapfrog(L = {n_steps}): expected {} gradient evaluations, got {}",
                    n_steps + 1,
                    calls.get()
                )
            },
            "the gradient at the end of one step is the gradient at the start of the next: \
             fuse the two half steps into one full step (L + 1 evaluations, not 2L)",
        );
    }
}

#[test]
fn leapfrog_checks_lengths_and_the_step_size() {
    let r = leapfrog(std_normal_grad, view(&[]), view(&[]), 0.1, 3);
    ensure(
        matches!(r, Err(Error::EmptyInput)),
        || format!("leapfrog(x = []): expected Err(EmptyInput), got {r:?}"),
        "d = x.len() must be at least 1",
    );
    for step_size in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        let r = leapfrog(std_normal_grad, view(&[1.0]), view(&[0.0]), step_size, 3);
        ensure(
            matches!(r, Err(Error::InvalidParameter { .. })),
            || {
                format!(
                    "leapfrog(step_size = {step_size}): expected Err(InvalidParameter), got {r:?}"
                )
            },
            "step_size must be finite and > 0",
        );
    }
    let r = leapfrog(
        std_normal_grad,
        view(&[1.0, 2.0]),
        view(&[0.0, 1.0, 2.0]),
        0.1,
        3,
    );
    ensure(
        matches!(r, Err(Error::DimensionMismatch { .. })),
        || {
            format!(
                "leapfrog(x of length 2, p of length 3): expected Err(DimensionMismatch), got {r:?}"
            )
        },
        "p must have the length of x",
    );
    let short = |_: ArrayView1<f64>| Array1::from(vec![1.0]);
    let r = leapfrog(short, view(&[1.0, 2.0]), view(&[0.0, 1.0]), 0.1, 3);
    ensure(
        matches!(r, Err(Error::DimensionMismatch { .. })),
        || {
            format!(
                "leapfrog with a gradient of length 1 for d = 2: expected Err(DimensionMismatch), got {r:?}"
            )
        },
        "check the length of every gradient before using it (ndarray would panic on the \
         mismatched addition)",
    );
}

#[test]
fn leapfrog_propagates_non_finite_values() {
    // eps = 3 on N(0, 1) is far past the stability limit eps < 2: |x| grows by about 6.9 per
    // step and overflows within 500 steps.
    let r = leapfrog(std_normal_grad, view(&[1.0]), view(&[0.5]), 3.0, 500);
    ensure(
        matches!(&r, Ok((x, p)) if !(x[0].is_finite() && p[0].is_finite())),
        || {
            format!(
                "leapfrog(eps = 3, L = 500, N(0, 1)): expected Ok with a non-finite state, got {r:?}"
            )
        },
        "leapfrog propagates overflow to inf/NaN without an error; hmc rejects such a \
         trajectory as divergent",
    );
}

// ----- hmc -----------------------------------------------------------------------------------

#[test]
fn hmc_checks_its_inputs_in_order() {
    let r = hmc(
        std_normal_log,
        std_normal_grad,
        view(&[]),
        HMC_CONFIG,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::EmptyInput)),
        || format!("hmc(x0 = []): expected Err(EmptyInput), got {r:?}"),
        "d must be at least 1",
    );
    for step_size in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let config = HmcConfig {
            step_size,
            ..HMC_CONFIG
        };
        let r = hmc(
            std_normal_log,
            std_normal_grad,
            view(&[0.0]),
            config,
            &mut rng(1),
        );
        ensure(
            matches!(r, Err(Error::InvalidParameter { .. })),
            || format!("hmc(step_size = {step_size}): expected Err(InvalidParameter), got {r:?}"),
            "step_size must be finite and > 0",
        );
    }
    let config = HmcConfig {
        n_leapfrog: 0,
        ..HMC_CONFIG
    };
    let r = hmc(
        std_normal_log,
        std_normal_grad,
        view(&[0.0]),
        config,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::InvalidParameter { .. })),
        || format!("hmc(n_leapfrog = 0): expected Err(InvalidParameter), got {r:?}"),
        "n_leapfrog must be at least 1 (with L = 0 every proposal is the current state)",
    );
    let r = hmc(
        |_: ArrayView1<f64>| f64::NEG_INFINITY,
        std_normal_grad,
        view(&[0.0]),
        HMC_CONFIG,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::InvalidInitialState)),
        || format!("hmc(log π(x0) = -inf): expected Err(InvalidInitialState), got {r:?}"),
        "log π(x0) must be finite",
    );
    let config = HmcConfig {
        n_leapfrog: 0,
        ..HMC_CONFIG
    };
    let r = hmc(
        |_: ArrayView1<f64>| f64::NAN,
        std_normal_grad,
        view(&[0.0]),
        config,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::InvalidParameter { .. })),
        || {
            format!(
                "hmc(n_leapfrog = 0, log π(x0) = NaN): expected Err(InvalidParameter) (parameters first), got {r:?}"
            )
        },
        "validation order: EmptyInput, step_size, n_leapfrog, then the initial state",
    );
    let short = |_: ArrayView1<f64>| Array1::from(vec![1.0]);
    let r = hmc(
        std_normal_log,
        short,
        view(&[0.0, 0.0]),
        HMC_CONFIG,
        &mut rng(1),
    );
    ensure(
        matches!(r, Err(Error::DimensionMismatch { .. })),
        || {
            format!(
                "hmc with a gradient of length 1 for d = 2: expected Err(DimensionMismatch), got {r:?}"
            )
        },
        "the leapfrog's DimensionMismatch is returned by hmc",
    );
}

#[test]
fn hmc_with_zero_samples_returns_an_empty_chain() {
    let config = HmcConfig {
        n_samples: 0,
        ..HMC_CONFIG
    };
    let chain = run_hmc(std_normal_log, std_normal_grad, &[0.5, 1.0], config, 1);
    ensure(
        chain.n_accepted == 0,
        || {
            format!(
                "hmc(n_samples = 0).n_accepted: expected 0, got {}",
                chain.n_accepted
            )
        },
        "no iterations, no accepts",
    );
}

#[test]
fn hmc_reports_a_nan_log_density_with_its_iteration() {
    for seed in [1, 2, 3] {
        let target = BadAtProposal::new(0.25, 7, f64::NAN);
        let r = hmc(
            |x| target.log_density(x),
            std_normal_grad,
            view(&[0.25]),
            HmcConfig {
                n_samples: 50,
                ..HMC_CONFIG
            },
            &mut rng(seed),
        );
        ensure(
            matches!(r, Err(Error::InvalidLogDensity { iteration: 7, .. })),
            || {
                format!(
                    "hmc with log π(x*) = NaN at the proposal of iteration 7 (seed {seed}): expected Err(InvalidLogDensity {{ iteration: 7, .. }}), got {r:?}"
                )
            },
            "a NaN log density at a finite x* is an error with the 0-based iteration, not a rejection",
        );
    }
}

#[test]
fn hmc_rejects_divergent_trajectories() {
    // eps = 3 is unstable for N(0, 1): every trajectory of 500 steps overflows.
    let config = HmcConfig {
        step_size: 3.0,
        n_leapfrog: 500,
        n_samples: 20,
    };
    let chain = run_hmc(std_normal_log, std_normal_grad, &[0.7], config, 1);
    ensure(
        chain.n_accepted == 0 && chain.samples.iter().all(|&v| v == 0.7),
        || {
            format!(
                "hmc(eps = 3, L = 500, N(0, 1), x0 = 0.7): expected every move rejected (n_accepted 0, every sample 0.7), got n_accepted {} and samples {:?}",
                chain.n_accepted,
                chain.samples.column(0).to_vec()
            )
        },
        "a trajectory whose x* or p* is not finite is divergent: reject it without evaluating \
         log π there (log π of NaN is NaN, which would otherwise be reported as an error)",
    );
}

#[test]
fn hmc_rejects_proposals_of_zero_density() {
    // Half-normal: log π = -x²/2 for x > 0, -inf otherwise.
    let half = |x: ArrayView1<f64>| {
        if x[0] > 0.0 {
            -0.5 * x[0] * x[0]
        } else {
            f64::NEG_INFINITY
        }
    };
    let config = HmcConfig {
        step_size: 0.3,
        n_leapfrog: 5,
        n_samples: 500,
    };
    for seed in [1, 2, 3] {
        let chain = run_hmc(half, std_normal_grad, &[0.5], config, seed);
        ensure(
            chain.samples.iter().all(|&v| v > 0.0) && chain.n_accepted > 0,
            || {
                format!(
                    "hmc(half-normal, seed {seed}): expected only positive samples and some accepts, got n_accepted {}",
                    chain.n_accepted
                )
            },
            "log π(x*) = -inf is a rejection (H = +inf), not an error",
        );
    }
}

// ----- autocorrelation ------------------------------------------------------------------------

#[test]
fn autocorrelation_of_one_to_five() {
    assert_all_close(
        "autocorrelation([1, 2, 3, 4, 5], 2)",
        &acf(&[1.0, 2.0, 3.0, 4.0, 5.0], 2),
        &[1.0, 0.4, -0.1],
        ACF_RTOL,
        ACF_ATOL,
        "deviations -2..2, sum of squares 10; lag 1: (2 + 0 + 0 + 2)/10 = 0.4; lag 2: (0 - 1 + 0)/10 = -0.1. Dividing lag k by n - k instead (the adjusted estimator) gives 0.5 and -0.1667",
    );
}

#[test]
fn autocorrelation_rejects_short_input_and_large_lags() {
    for (x, lag) in [(vec![], 0usize), (vec![1.0], 0), (vec![1.0], 5)] {
        let n = x.len();
        let r = autocorrelation(&x, lag);
        ensure(
            r == Err(Error::TooShort { n }),
            || {
                format!(
                    "autocorrelation(n = {n}, max_lag = {lag}): expected Err(TooShort {{ n: {n} }}), got {r:?}"
                )
            },
            "n >= 2 is checked first",
        );
    }
    let r = autocorrelation(&[1.0, 2.0, 4.0, 8.0, 16.0], 5);
    ensure(
        r == Err(Error::InvalidLag { max_lag: 5, n: 5 }),
        || {
            format!(
                "autocorrelation(n = 5, max_lag = 5): expected Err(InvalidLag {{ max_lag: 5, n: 5 }}), got {r:?}"
            )
        },
        "lags run up to n - 1",
    );
    let r = autocorrelation(&[1.0, f64::NAN, 4.0], 3);
    ensure(
        matches!(r, Err(Error::InvalidLag { .. })),
        || {
            format!(
                "autocorrelation([1, NaN, 4], 3): expected Err(InvalidLag) (checked before the values), got {r:?}"
            )
        },
        "validation order: TooShort, InvalidLag, NonFinite, ZeroVariance",
    );
    let all = acf(&[3.0, -1.0, 4.0, 1.0], 3);
    ensure(
        all.len() == 4,
        || "autocorrelation(n = 4, max_lag = 3)".into(),
        "max_lag = n - 1 is allowed",
    );
}

#[test]
fn autocorrelation_rejects_non_finite_values() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let r = autocorrelation(&[1.0, 1.0, bad, 1.0], 1);
        ensure(
            matches!(r, Err(Error::NonFinite { draw: 2, .. })),
            || {
                format!(
                    "autocorrelation([1, 1, {bad}, 1], 1): expected Err(NonFinite {{ chain: 0, draw: 2 }}), got {r:?}"
                )
            },
            "report the first non-finite value (before the zero-variance check: the finite values here are constant)",
        );
    }
}

#[test]
fn autocorrelation_of_a_constant_series_is_an_error() {
    for x in [vec![2.0; 6], vec![0.1; 3], vec![-7.25, -7.25]] {
        let r = autocorrelation(&x, 1);
        ensure(
            r == Err(Error::ZeroVariance),
            || format!("autocorrelation({x:?}, 1): expected Err(ZeroVariance), got {r:?}"),
            "compare the values, not the computed sum of squares: the computed mean of \
             [0.1, 0.1, 0.1] is 0.10000000000000002, so the sum of squared deviations is \
             about 6e-34, not 0",
        );
    }
}

// ----- convergence_diagnostics -------------------------------------------------------------

fn chains(m: usize, n: usize, values: Vec<f64>) -> Array2<f64> {
    Array2::from_shape_vec((m, n), values).expect("shape")
}

#[test]
fn diagnostics_of_constant_chains_is_an_error() {
    let r = convergence_diagnostics(Array2::from_elem((3, 12), 0.1).view());
    ensure(
        r == Err(Error::ZeroVariance),
        || {
            format!(
                "convergence_diagnostics(3 x 12 chains, all 0.1): expected Err(ZeroVariance), got {r:?}"
            )
        },
        "every value equal: nothing to diagnose (W = B = 0 would give 0/0)",
    );
}

#[test]
fn diagnostics_when_only_the_dropped_middle_draw_varies_is_an_error() {
    let mut x = Array2::zeros((2, 11));
    x[[0, 5]] = 1.0;
    let r = convergence_diagnostics(x.view());
    ensure(
        r == Err(Error::ZeroVariance),
        || {
            format!(
                "convergence_diagnostics(2 x 11 zeros except the middle draw of chain 0): expected Err(ZeroVariance), got {r:?}"
            )
        },
        "for odd N the middle draw is dropped by the split, so every value that is used is equal",
    );
}

#[test]
fn diagnostics_need_ten_draws() {
    let x = Array2::from_shape_fn((2, 9), |(c, t)| (c * 9 + t) as f64);
    let r = convergence_diagnostics(x.view());
    ensure(
        r == Err(Error::TooFewDraws { n: 9, min: 10 }),
        || {
            format!(
                "convergence_diagnostics(2 x 9): expected Err(TooFewDraws {{ n: 9, min: 10 }}), got {r:?}"
            )
        },
        "N >= 10 draws per chain",
    );
    let r = convergence_diagnostics(ArrayView2::from_shape((0, 20), &[]).unwrap());
    ensure(
        r == Err(Error::EmptyInput),
        || format!("convergence_diagnostics(0 x 20): expected Err(EmptyInput), got {r:?}"),
        "M >= 1 chains",
    );
    let r = convergence_diagnostics(ArrayView2::from_shape((0, 5), &[]).unwrap());
    ensure(
        r == Err(Error::EmptyInput),
        || {
            format!(
                "convergence_diagnostics(0 x 5): expected Err(EmptyInput) (checked before N), got {r:?}"
            )
        },
        "validation order: EmptyInput, TooFewDraws, NonFinite, ZeroVariance",
    );
}

#[test]
fn diagnostics_report_the_first_non_finite_value() {
    let mut x = Array2::from_shape_fn((3, 12), |(c, t)| ((c * 12 + t) as f64).sin());
    x[[1, 3]] = f64::NAN;
    let r = convergence_diagnostics(x.view());
    ensure(
        r == Err(Error::NonFinite { chain: 1, draw: 3 }),
        || {
            format!(
                "convergence_diagnostics with NaN at chain 1, draw 3: expected Err(NonFinite {{ chain: 1, draw: 3 }}), got {r:?}"
            )
        },
        "check every value is finite (NaN included) and report where",
    );
    let mut x = Array2::zeros((2, 10));
    x[[0, 9]] = f64::INFINITY;
    let r = convergence_diagnostics(x.view());
    ensure(
        r == Err(Error::NonFinite { chain: 0, draw: 9 }),
        || {
            format!(
                "convergence_diagnostics(zeros with +inf at chain 0, draw 9): expected Err(NonFinite {{ chain: 0, draw: 9 }}) (before ZeroVariance), got {r:?}"
            )
        },
        "validation order: EmptyInput, TooFewDraws, NonFinite, ZeroVariance",
    );
    let x = Array2::from_elem((1, 4), f64::NAN);
    let r = convergence_diagnostics(x.view());
    ensure(
        r == Err(Error::TooFewDraws { n: 4, min: 10 }),
        || {
            format!(
                "convergence_diagnostics(1 x 4 NaN): expected Err(TooFewDraws {{ n: 4, min: 10 }}), got {r:?}"
            )
        },
        "validation order: the shape before the values",
    );
}

#[test]
fn diagnostics_of_a_single_chain_are_allowed() {
    let x = chains(
        1,
        12,
        vec![
            0.3, -1.2, 0.8, 0.1, 1.9, -0.4, 0.0, 2.2, -0.7, 0.5, 1.1, -1.5,
        ],
    );
    let d = diagnose(x.view());
    ensure(
        d.ess.is_finite() && d.ess > 0.0 && d.rhat.is_finite() && d.rhat > 0.0,
        || {
            format!(
                "convergence_diagnostics(1 x 12): expected a finite positive ess and rhat, got {d:?}"
            )
        },
        "M = 1 is allowed: the split gives M' = 2 chains",
    );
}

#[test]
fn frozen_chains_have_infinite_rhat() {
    // Chain 0 is all 0 and chain 1 all 1: every split chain is constant (W = 0) but the means
    // differ (B > 0). rho_t = 1 at every lag: r = [1, 1, 1, 1, 0], max_t = 1,
    // tau = -1 + 2 (1 + 1) + 1 = 4, ess = 4 * 5 / 4 = 5 (ArviZ agrees; it also gives inf).
    let mut values = vec![0.0; 10];
    values.extend([1.0; 10]);
    let d = diagnose(chains(2, 10, values).view());
    ensure(
        d.rhat == f64::INFINITY,
        || {
            format!(
                "convergence_diagnostics(a chain of 0s and a chain of 1s).rhat: expected +inf, got {}",
                d.rhat
            )
        },
        "B / W with W = 0 < B is +inf: R-hat says the chains have not mixed at all",
    );
    assert_close(
        "convergence_diagnostics(a chain of 0s and a chain of 1s).ess",
        d.ess,
        5.0,
        1e-12,
        0.0,
        "rho_t = 1 - (W - 0)/var+ = 1 at every lag; the scan stops at t < N' - 3",
    );
}
