//! A simulation of confounding (seeds 1..=5, n = 200 000): the naive difference is biased,
//! Hajek IPW with the true propensity recovers the effect.
//!
//! X ~ N(0, 1), e(X) = 1 / (1 + exp(-X)), T ~ Bernoulli(e(X)), Y = 2T + 3X + N(0, 1).
//! The Hajek ATE with the true e has asymptotic variance
//! E[(3X + eps)^2 / e(X)] + E[(3X + eps)^2 / (1 - e(X))] = 2 (10 + 19 e^{1/2}) = 82.65,
//! so sigma = sqrt(82.65 / 200 000) = 0.0203 and 5.5 sigma = 0.112.

use grading_support::{STATISTICAL_SEEDS, ensure};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use stat_018_causal::Estimand;

use crate::ipw;

const N: usize = 200_000;
const TOL: f64 = 0.112;

fn simulate(seed: u64) -> (Vec<f64>, Vec<bool>, Vec<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut y, mut t, mut e) = (Vec::with_capacity(N), Vec::with_capacity(N), Vec::with_capacity(N));
    for _ in 0..N {
        let x: f64 = rng.sample(StandardNormal);
        let p = 1.0 / (1.0 + (-x).exp());
        let ti = rng.random::<f64>() < p;
        let eps: f64 = rng.sample(StandardNormal);
        y.push(2.0 * f64::from(u8::from(ti)) + 3.0 * x + eps);
        t.push(ti);
        e.push(p);
    }
    (y, t, e)
}

#[test]
fn hajek_ipw_removes_confounding_that_biases_the_naive_difference() {
    for seed in STATISTICAL_SEEDS {
        let (y, t, e) = simulate(seed);
        // The naive difference is Hajek with a constant propensity: about 2 + 3 * 1.13 = 5.4.
        let naive = ipw(&y, &t, &vec![0.5; N], Estimand::Ate, true);
        ensure(
            (naive - 2.0).abs() > 1.0,
            || format!("seed {seed}: naive difference (constant e = 0.5): expected far from 2 (about 5.4), got {naive}"),
            "with a constant propensity every unit has the same weight within its group",
        );
        let hajek = ipw(&y, &t, &e, Estimand::Ate, true);
        ensure(
            (hajek - 2.0).abs() <= TOL,
            || format!("seed {seed}: Hajek ATE with the true propensity: expected 2 +- {TOL} (5.5 sigma), got {hajek} (naive {naive})"),
            "treated units are weighted by 1/e and controls by 1/(1 - e), and each group's weighted mean \
             is divided by that group's sum of weights",
        );
    }
}
