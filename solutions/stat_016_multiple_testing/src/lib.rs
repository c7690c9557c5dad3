//! Reference solution of `stat_016_multiple_testing`.
//!
//! Read it after solving the task: every function follows the statement (`README.md` of the
//! learner's crate) and the comments say why each line is there.

use rand::Rng;
use rand::seq::SliceRandom;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::ln_gamma;

/// Which of the two samples (or arms) an error or a count is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    A,
    B,
}

/// Everything that can go wrong. Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    #[error("p[{index}] = {value} is not a probability in [0, 1]")]
    NotAProbability { index: usize, value: f64 },
    #[error("alpha = {value} is not in the open interval (0, 1)")]
    InvalidAlpha { value: f64 },
    #[error("the input is empty")]
    EmptyInput,
    #[error("group {group:?} is empty")]
    EmptyGroup { group: Group },
    #[error("group {group:?} has a non-finite value at index {index}")]
    NonFinite { group: Group, index: usize },
    #[error(
        "C({n_a} + {n_b}, {n_a}) exceeds 2 000 000 splits; use the Monte-Carlo permutation test"
    )]
    TooManyPermutations { n_a: usize, n_b: usize },
    #[error("n_resamples must be at least 1")]
    InvalidResamples,
    #[error("information fraction {index} is not in (0, 1] or not larger than the one before")]
    InvalidInformationFractions { index: usize },
    #[error("arm {arm:?}: {successes} successes out of {trials} trials is impossible")]
    InvalidCounts {
        arm: Group,
        successes: u64,
        trials: u64,
    },
    #[error("the Beta prior needs alpha > 0 and beta > 0")]
    InvalidPrior,
}

/// The four adjustments of `multiple_test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Correction {
    Bonferroni,
    Holm,
    BenjaminiHochberg,
    BenjaminiYekutieli,
}

/// Decisions and adjusted p-values, both in the caller's order.
#[derive(Debug, Clone, PartialEq)]
pub struct TestOutcome {
    pub reject: Vec<bool>,
    pub adjusted: Vec<f64>,
}

/// Adjusted p-values of Bonferroni, Holm, Benjamini–Hochberg or Benjamini–Yekutieli, in the
/// caller's order, and `reject[i] = adjusted[i] <= alpha`.
pub fn multiple_test(p: &[f64], alpha: f64, method: Correction) -> Result<TestOutcome, Error> {
    // Validation order: alpha first, then the first p-value that is not a probability.
    // Written as a positive test so that NaN fails it.
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::InvalidAlpha { value: alpha });
    }
    if let Some((index, &value)) = p
        .iter()
        .enumerate()
        .find(|&(_, &v)| !(0.0..=1.0).contains(&v))
    {
        return Err(Error::NotAProbability { index, value });
    }

    let m = p.len();
    let mf = m as f64;
    // `order[k]` is the caller's index of the (k+1)-th smallest p-value: p_(j) with j = k + 1.
    // Ties may come out in any order; tied inputs get equal adjusted values anyway.
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &l| p[i].total_cmp(&p[l]));
    let sorted_p: Vec<f64> = order.iter().map(|&i| p[i]).collect();

    let mut adjusted_sorted = vec![0.0; m];
    match method {
        Correction::Bonferroni => {
            // Single step: every hypothesis is tested at alpha / m.
            for k in 0..m {
                adjusted_sorted[k] = (mf * sorted_p[k]).min(1.0);
            }
        }
        Correction::Holm => {
            // Step-down: p_(j) meets the threshold alpha / (m - j + 1). The running maximum
            // makes the adjusted values monotone, which is the "stop at the first failure" rule.
            let mut largest = 0.0_f64;
            for k in 0..m {
                let j = k + 1;
                let multiplier = (m - j + 1) as f64;
                let raw = multiplier * sorted_p[k];
                largest = largest.max(raw);
                adjusted_sorted[k] = largest.min(1.0);
            }
        }
        Correction::BenjaminiHochberg | Correction::BenjaminiYekutieli => {
            // BY is BH run at level alpha / c_m, which makes it valid under any dependence.
            let c_m = if method == Correction::BenjaminiYekutieli {
                harmonic_number(m)
            } else {
                1.0
            };
            // Step-up: walk down from the largest p-value keeping the running minimum, so
            // every hypothesis below the largest accepted k* is rejected too. The product is
            // formed as p * (m / j): the factor is >= 1 in floating point, so adjusted >= p.
            let mut smallest = f64::INFINITY;
            for k in (0..m).rev() {
                let j = (k + 1) as f64;
                let raw = sorted_p[k] * (c_m * (mf / j));
                smallest = smallest.min(raw);
                adjusted_sorted[k] = smallest.min(1.0);
            }
        }
    }

    // Back to the caller's order.
    let mut adjusted = vec![0.0; m];
    for (k, &i) in order.iter().enumerate() {
        adjusted[i] = adjusted_sorted[k];
    }
    let reject = adjusted.iter().map(|&q| q <= alpha).collect();
    Ok(TestOutcome { reject, adjusted })
}

/// H_m = 1 + 1/2 + ... + 1/m, summed from the small terms up for accuracy.
fn harmonic_number(m: usize) -> f64 {
    (1..=m).rev().map(|i| 1.0 / i as f64).sum()
}

/// Relative tolerance under which two |T| count as tied: absorbs rounding in the means.
const TIE_RTOL: f64 = 1e-12;

/// The exact test enumerates at most this many splits.
const MAX_SPLITS: u64 = 2_000_000;

/// Checks shared by both permutation tests: empty groups, then non-finite values (A first).
fn validate_samples(a: &[f64], b: &[f64]) -> Result<(), Error> {
    if a.is_empty() {
        return Err(Error::EmptyGroup { group: Group::A });
    }
    if b.is_empty() {
        return Err(Error::EmptyGroup { group: Group::B });
    }
    for (group, xs) in [(Group::A, a), (Group::B, b)] {
        if let Some(index) = xs.iter().position(|x| !x.is_finite()) {
            return Err(Error::NonFinite { group, index });
        }
    }
    Ok(())
}

/// C(n, k) when it is at most `limit`, `None` otherwise. No overflow: after step i the value
/// is C(n - k + i, i), which grows with i, so we stop as soon as it passes the limit, and the
/// product of a value <= limit with a usize fits in u128. Each division is exact.
fn binomial_at_most(n: usize, k: usize, limit: u64) -> Option<u64> {
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 1..=k {
        c = c * (n - k + i) as u128 / i as u128;
        if c > limit as u128 {
            return None;
        }
    }
    Some(c as u64)
}

/// Calls `visit(sum of z over S)` for every k-subset S of the indices of `z`, exactly once
/// each, in lexicographic order. The prefix sums are recomputed from the first index that
/// changed, so every sum is the plain left-to-right sum of its values (no drift).
fn for_each_subset_sum(z: &[f64], k: usize, mut visit: impl FnMut(f64)) {
    let n = z.len();
    let mut idx: Vec<usize> = (0..k).collect();
    let mut prefix = vec![0.0; k + 1];
    for d in 0..k {
        prefix[d + 1] = prefix[d] + z[idx[d]];
    }
    loop {
        visit(prefix[k]);
        // The rightmost position that can still move right.
        let Some(d) = (0..k).rev().find(|&d| idx[d] < n - k + d) else {
            return;
        };
        idx[d] += 1;
        prefix[d + 1] = prefix[d] + z[idx[d]];
        for e in d + 1..k {
            idx[e] = idx[e - 1] + 1;
            prefix[e + 1] = prefix[e] + z[idx[e]];
        }
    }
}

/// Exact two-sided permutation test of T = mean(a) − mean(b), compared through |T|.
pub fn permutation_test_exact(a: &[f64], b: &[f64]) -> Result<f64, Error> {
    validate_samples(a, b)?;
    let (n_a, n_b) = (a.len(), b.len());
    let n = n_a + n_b;
    let Some(splits) = binomial_at_most(n, n_a, MAX_SPLITS) else {
        return Err(Error::TooManyPermutations { n_a, n_b });
    };

    let z: Vec<f64> = a.iter().chain(b).copied().collect();
    let total: f64 = z.iter().sum();
    // Enumerate the smaller side: C(n, n_a) = C(n, n_b), and short subsets are cheap to
    // step through. `statistic` turns the sum over the enumerated side into T = mean_A - mean_B.
    let enumerate_a = n_a <= n_b;
    let k = if enumerate_a { n_a } else { n_b };
    let statistic = |s: f64| {
        if enumerate_a {
            s / n_a as f64 - (total - s) / n_b as f64
        } else {
            (total - s) / n_a as f64 - s / n_b as f64
        }
    };
    // The observed split is one of the enumerated subsets; computing T_obs through the same
    // function from the same left-to-right sum makes it match itself bitwise, so it is
    // always counted and p >= 1 / C.
    let observed_sum: f64 = if enumerate_a {
        a.iter().sum()
    } else {
        b.iter().sum()
    };
    let t_obs = statistic(observed_sum);
    let threshold = t_obs.abs() * (1.0 - TIE_RTOL);

    let mut count: u64 = 0;
    for_each_subset_sum(&z, k, |s| {
        if statistic(s).abs() >= threshold {
            count += 1;
        }
    });
    Ok(count as f64 / splits as f64)
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Monte-Carlo permutation test with the +1 correction: p = (c + 1) / (B + 1).
pub fn permutation_test_monte_carlo(
    a: &[f64],
    b: &[f64],
    n_resamples: usize,
    rng: &mut impl Rng,
) -> Result<f64, Error> {
    validate_samples(a, b)?;
    if n_resamples == 0 {
        return Err(Error::InvalidResamples);
    }
    let n_a = a.len();
    let threshold = (mean(a) - mean(b)).abs() * (1.0 - TIE_RTOL);

    // Shuffling the pooled sample cumulatively is fine: every shuffle is a uniform
    // permutation whatever the starting order.
    let mut z: Vec<f64> = a.iter().chain(b).copied().collect();
    let mut hits: usize = 0;
    for _ in 0..n_resamples {
        z.shuffle(rng);
        let t = mean(&z[..n_a]) - mean(&z[n_a..]);
        if t.abs() >= threshold {
            hits += 1;
        }
    }
    // Counting the observed data as one of the resamples (Phipson & Smyth 2010) keeps the
    // test valid: P(p <= u) <= u under the null, and p is never 0.
    Ok((hits as f64 + 1.0) / (n_resamples as f64 + 1.0))
}

/// The two Lan–DeMets spending functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpendingFunction {
    OBrienFleming,
    Pocock,
}

/// Cumulative alpha spent at each information fraction.
pub fn alpha_spending(
    info_fractions: &[f64],
    alpha: f64,
    kind: SpendingFunction,
) -> Result<Vec<f64>, Error> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::InvalidAlpha { value: alpha });
    }
    if info_fractions.is_empty() {
        return Err(Error::EmptyInput);
    }
    for (index, &t) in info_fractions.iter().enumerate() {
        let in_range = t > 0.0 && t <= 1.0;
        let increasing = index == 0 || t > info_fractions[index - 1];
        if !(in_range && increasing) {
            return Err(Error::InvalidInformationFractions { index });
        }
    }

    let normal = Normal::standard();
    let z = normal.inverse_cdf(1.0 - alpha / 2.0);
    let spent = info_fractions
        .iter()
        .map(|&t| {
            if t == 1.0 {
                // Both functions equal alpha at t = 1 exactly; the approximations in
                // inverse_cdf/cdf (about 1e-11 relative) would otherwise show there.
                return alpha;
            }
            match kind {
                // 2 - 2 Phi(x) = 2 Phi(-x): no cancellation for the tiny early values.
                SpendingFunction::OBrienFleming => 2.0 * normal.cdf(-z / t.sqrt()),
                // ln(1 + (e - 1) t), written with ln_1p for accuracy at small t.
                SpendingFunction::Pocock => alpha * ((std::f64::consts::E - 1.0) * t).ln_1p(),
            }
        })
        .collect();
    Ok(spent)
}

/// Successes out of trials of one arm of an A/B test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arm {
    pub successes: u64,
    pub trials: u64,
}

/// A Beta(alpha, beta) prior on a conversion rate, with integer pseudo-counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetaPrior {
    pub alpha: u64,
    pub beta: u64,
}

/// P(p_B > p_A) under independent Beta posteriors, by Evan Miller's closed form.
pub fn prob_b_beats_a(a: Arm, b: Arm, prior: BetaPrior) -> Result<f64, Error> {
    for (arm, counts) in [(Group::A, a), (Group::B, b)] {
        if counts.successes > counts.trials {
            return Err(Error::InvalidCounts {
                arm,
                successes: counts.successes,
                trials: counts.trials,
            });
        }
    }
    if prior.alpha == 0 || prior.beta == 0 {
        return Err(Error::InvalidPrior);
    }
    // Posterior parameters, in f64 so that huge counts cannot overflow u64.
    let alpha_a = prior.alpha as f64 + a.successes as f64;
    let beta_a = prior.beta as f64 + (a.trials - a.successes) as f64;
    let alpha_b = prior.alpha as f64 + b.successes as f64;
    let beta_b = prior.beta as f64 + (b.trials - b.successes) as f64;

    // The sum has alpha_B terms; P(B > A) = 1 - P(A > B) (ties have probability 0), and the
    // swapped sum has alpha_A terms. Sum the shorter one.
    if alpha_b <= alpha_a {
        Ok(miller_sum(alpha_a, beta_a, alpha_b, beta_b))
    } else {
        Ok(1.0 - miller_sum(alpha_b, beta_b, alpha_a, beta_a))
    }
}

/// P(X_B > X_A) for X_A ~ Beta(alpha_a, beta_a), X_B ~ Beta(alpha_b, beta_b), alpha_b an
/// integer:
///
/// sum_{i=0}^{alpha_b - 1} B(alpha_a + i, beta_a + beta_b)
///                         / ((beta_b + i) B(1 + i, beta_b) B(alpha_a, beta_a)).
///
/// Each term is formed in log space. With ln B(x, y) = lnΓ(x) + lnΓ(y) − lnΓ(x + y) and
/// (beta_b + i) Γ(beta_b + i) = Γ(1 + i + beta_b), the log of term i is
/// lnΓ(alpha_a + i) − lnΓ(alpha_a + beta_a + beta_b + i) + lnΓ(beta_b + i) − lnΓ(1 + i)
/// plus a part that does not depend on i.
fn miller_sum(alpha_a: f64, beta_a: f64, alpha_b: f64, beta_b: f64) -> f64 {
    let ln_beta_fn = |x: f64, y: f64| ln_gamma(x) + ln_gamma(y) - ln_gamma(x + y);
    let constant = ln_gamma(beta_a + beta_b) - ln_gamma(beta_b) - ln_beta_fn(alpha_a, beta_a);
    let n_terms = alpha_b as u64;
    let mut total = 0.0;
    for i in 0..n_terms {
        let i = i as f64;
        let log_term = ln_gamma(alpha_a + i) - ln_gamma(alpha_a + beta_a + beta_b + i)
            + ln_gamma(beta_b + i)
            - ln_gamma(1.0 + i)
            + constant;
        // Every term is a probability mass (<= 1); those below 1e-308 underflow harmlessly.
        total += log_term.exp();
    }
    // Rounding can push a sum of masses a hair past 1.
    total.min(1.0)
}
