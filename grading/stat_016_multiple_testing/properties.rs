//! The statement's properties, with proptest (256 cases, fixed seed); the ones with a
//! statistical flavour (Monte-Carlo p-values) run on the deterministic runner.

use grading_support::{deterministic_runner, ensure, proptest_config, same_bits};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rand::SeedableRng;
use rand::rngs::StdRng;
use stat_016_multiple_testing::{
    Arm, BetaPrior, Correction, SpendingFunction, permutation_test_exact,
    permutation_test_monte_carlo, prob_b_beats_a,
};

use crate::{ALL_METHODS, adjust, binomial, spend};

/// p-values with ties, zeros and ones: a continuous draw, or a multiple of 1/20.
fn p_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..=1.0f64,
        2 => (0u32..=20).prop_map(|k| f64::from(k) / 20.0),
        1 => (0u32..=1000).prop_map(|k| f64::from(k) * 1e-5),
        1 => Just(0.0),
        1 => Just(1.0),
    ]
}

fn p_values(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(p_value(), 1..=max_len)
}

fn method() -> impl Strategy<Value = Correction> {
    prop::sample::select(ALL_METHODS.to_vec())
}

/// Integer-valued samples: every mean is then exact enough that ties are unambiguous.
fn integer_sample(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((-20i32..=20).prop_map(f64::from), 1..=max_len)
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Property 1: p_i <= adj_i <= 1, monotone in p, ties bitwise equal.
    #[test]
    fn adjusted_values_are_bounded_monotone_and_equal_on_ties(
        p in p_values(40), method in method(), alpha in 0.001..0.5f64,
    ) {
        let out = adjust(&p, alpha, method);
        for i in 0..p.len() {
            let adj = out.adjusted[i];
            // One ulp of slack below p, for products formed as (m * p) / j.
            ensure(
                adj <= 1.0 && adj >= p[i] * (1.0 - f64::EPSILON),
                || format!("multiple_test({p:?}, {alpha}, {method:?}).adjusted[{i}]: expected a value in [p_i, 1] = [{}, 1], got {adj:?}", p[i]),
                "adjusted p-values are never below the raw p-value and are capped at 1",
            );
            ensure(
                out.reject[i] == (adj <= alpha),
                || format!("multiple_test({p:?}, {alpha}, {method:?}).reject[{i}]: expected {} (adjusted {adj:?}), got {}", adj <= alpha, out.reject[i]),
                "reject[i] is exactly adjusted[i] <= alpha",
            );
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    ensure(
                        out.adjusted[i] <= out.adjusted[j],
                        || format!("multiple_test({p:?}, {alpha}, {method:?}): p[{i}] = {} <= p[{j}] = {}, expected adjusted[{i}] <= adjusted[{j}], got {:?} > {:?}", p[i], p[j], out.adjusted[i], out.adjusted[j]),
                        "Holm needs the running maximum, BH/BY the running minimum from the top, and the values must go back to the caller's order",
                    );
                }
                if p[i] == p[j] {
                    ensure(
                        same_bits(out.adjusted[i], out.adjusted[j]),
                        || format!("multiple_test({p:?}, {alpha}, {method:?}): tied p[{i}] = p[{j}], expected bitwise equal adjusted values, got {:?} and {:?}", out.adjusted[i], out.adjusted[j]),
                        "tied p-values must get identical adjusted values (running max / min over the sorted list)",
                    );
                }
            }
        }
    }

    /// Property 2: permutation equivariance, bitwise.
    #[test]
    fn multiple_test_commutes_with_permutations(
        (p, shuffled) in p_values(50).prop_flat_map(|p| {
            let idx: Vec<usize> = (0..p.len()).collect();
            (Just(p), Just(idx).prop_shuffle())
        }),
        method in method(),
    ) {
        let out = adjust(&p, 0.05, method);
        let q: Vec<f64> = shuffled.iter().map(|&i| p[i]).collect();
        let out_q = adjust(&q, 0.05, method);
        for (k, &i) in shuffled.iter().enumerate() {
            ensure(
                same_bits(out_q.adjusted[k], out.adjusted[i]) && out_q.reject[k] == out.reject[i],
                || format!("multiple_test(permuted p, {method:?}): position {k} holds p[{i}] = {}; expected adjusted {:?} (reject {}) as for the unpermuted input, got {:?} (reject {})", p[i], out.adjusted[i], out.reject[i], out_q.adjusted[k], out_q.reject[k]),
                "results must be returned in the caller's order, and must not depend on the input order",
            );
        }
    }

    /// Property 3: BH <= Holm <= Bonferroni and BH <= BY elementwise, hence nested rejections.
    #[test]
    fn bh_is_below_holm_below_bonferroni_and_below_by(p in p_values(40), alpha in 0.001..0.5f64) {
        let bonf = adjust(&p, alpha, Correction::Bonferroni);
        let holm = adjust(&p, alpha, Correction::Holm);
        let bh = adjust(&p, alpha, Correction::BenjaminiHochberg);
        let by = adjust(&p, alpha, Correction::BenjaminiYekutieli);
        for i in 0..p.len() {
            let slack = 1e-15;
            ensure(
                bh.adjusted[i] <= holm.adjusted[i] + slack
                    && holm.adjusted[i] <= bonf.adjusted[i] + slack
                    && bh.adjusted[i] <= by.adjusted[i] + slack,
                || format!("p = {p:?}, index {i}: expected BH <= Holm <= Bonferroni and BH <= BY, got BH {:?}, Holm {:?}, Bonferroni {:?}, BY {:?}", bh.adjusted[i], holm.adjusted[i], bonf.adjusted[i], by.adjusted[i]),
                "check the multipliers: Bonferroni m, Holm m - j + 1, BH m / j, BY c_m m / j with c_m = H_m >= 1",
            );
            ensure(
                (!bonf.reject[i] || holm.reject[i]) && (!holm.reject[i] || bh.reject[i]),
                || format!("p = {p:?}, alpha {alpha}, index {i}: expected rejections of BH to contain Holm's and Holm's to contain Bonferroni's, got Bonferroni {}, Holm {}, BH {}", bonf.reject[i], holm.reject[i], bh.reject[i]),
                "reject[i] is adjusted[i] <= alpha, and the adjusted values are ordered",
            );
        }
    }

    /// Property 4: exact permutation p in [1/C, 1]; symmetric in (a, b); invariant under
    /// adding an integer and doubling (integer data, bitwise).
    #[test]
    fn exact_permutation_p_is_bounded_symmetric_and_invariant(
        a in integer_sample(6), b in integer_sample(6), c in -50i32..=50,
    ) {
        let p = permutation_test_exact(&a, &b).map_err(|e| TestCaseError::fail(format!("permutation_test_exact({a:?}, {b:?}): expected Ok, got Err({e:?})")))?;
        let splits = binomial((a.len() + b.len()) as u64, a.len() as u64) as f64;
        ensure(
            (1.0 / splits..=1.0).contains(&p) && (p * splits - (p * splits).round()).abs() < 1e-9,
            || format!("permutation_test_exact({a:?}, {b:?}): expected k / {splits} with 1 <= k <= {splits}, got {p:?}"),
            "p is (number of splits at least as extreme) / C(n, n_a), and the observed split always counts",
        );
        let swapped = permutation_test_exact(&b, &a);
        ensure(
            matches!(swapped, Ok(q) if same_bits(q, p)),
            || format!("permutation_test_exact(b, a) with a = {a:?}, b = {b:?}: expected {p:?} as for (a, b), got {swapped:?}"),
            "the two-sided test through |T| does not care which group is called A",
        );
        let shift = f64::from(c);
        let a_shift: Vec<f64> = a.iter().map(|x| x + shift).collect();
        let b_shift: Vec<f64> = b.iter().map(|x| x + shift).collect();
        let shifted = permutation_test_exact(&a_shift, &b_shift);
        ensure(
            matches!(shifted, Ok(q) if same_bits(q, p)),
            || format!("permutation_test_exact(a + {c}, b + {c}) with a = {a:?}, b = {b:?}: expected {p:?}, got {shifted:?}"),
            "a difference of means does not change when every value moves by the same amount",
        );
        let a2: Vec<f64> = a.iter().map(|x| 2.0 * x).collect();
        let b2: Vec<f64> = b.iter().map(|x| 2.0 * x).collect();
        let doubled = permutation_test_exact(&a2, &b2);
        ensure(
            matches!(doubled, Ok(q) if same_bits(q, p)),
            || format!("permutation_test_exact(2 a, 2 b) with a = {a:?}, b = {b:?}: expected {p:?}, got {doubled:?}"),
            "scaling all values scales every |T| alike; use a relative tie tolerance, not an absolute one",
        );
    }

    /// Property 6: spending is non-decreasing in t, ends at alpha, and OBF < Pocock inside (0, 1).
    #[test]
    fn spending_is_monotone_ends_at_alpha_and_obf_is_below_pocock(
        alpha in 0.001..=0.2f64,
        gaps in prop::collection::vec(0.001..0.3f64, 1..8),
        end_at_one in any::<bool>(),
    ) {
        // Strictly increasing fractions in [0.001, 0.9999], optionally followed by t = 1.
        let mut t: Vec<f64> = Vec::new();
        let mut acc = 0.0;
        for g in gaps {
            acc += g;
            if acc > 0.9999 { break; }
            t.push(acc);
        }
        if t.is_empty() { t.push(0.5); }
        if end_at_one { t.push(1.0); }
        let obf = spend(&t, alpha, SpendingFunction::OBrienFleming);
        let poc = spend(&t, alpha, SpendingFunction::Pocock);
        ensure(
            obf.len() == t.len() && poc.len() == t.len(),
            || format!("alpha_spending({t:?}, {alpha}): expected {} values, got {} (OBF) and {} (Pocock)", t.len(), obf.len(), poc.len()),
            "one cumulative value per information fraction",
        );
        for k in 0..t.len() {
            for (name, v) in [("O'Brien-Fleming", &obf), ("Pocock", &poc)] {
                ensure(
                    v[k] >= 0.0 && v[k] <= alpha * (1.0 + 1e-12) && (k == 0 || v[k] >= v[k - 1] * (1.0 - 1e-12)),
                    || format!("{name} alpha_spending({t:?}, {alpha}): expected non-decreasing values in [0, alpha], got {v:?}"),
                    "alpha*(t) is a cumulative amount: it starts near 0 and grows to alpha at t = 1",
                );
            }
            if t[k] == 1.0 {
                ensure(
                    (obf[k] - alpha).abs() <= 1e-12 && (poc[k] - alpha).abs() <= 1e-12,
                    || format!("alpha_spending(.., {alpha}) at t = 1: expected alpha (atol 1e-12), got {:?} (OBF) and {:?} (Pocock)", obf[k], poc[k]),
                    "all of alpha is spent at t = 1; return alpha itself there",
                );
            } else {
                ensure(
                    obf[k] < poc[k],
                    || format!("alpha_spending at t = {}, alpha = {alpha}: expected O'Brien-Fleming < Pocock, got {:?} >= {:?}", t[k], obf[k], poc[k]),
                    "O'Brien-Fleming spends almost nothing early: 2 - 2 Phi(z_{1 - alpha/2} / sqrt(t)), with alpha/2 in the quantile",
                );
            }
        }
    }

    /// Property 7: P(B > A) + P(A > B) = 1, and P(B > A) increases with s_B.
    #[test]
    fn bayes_is_complementary_and_increasing_in_successes_of_b(
        (n_a, s_a) in (0u64..=60).prop_flat_map(|n| (Just(n), 0..=n)),
        (n_b, s_b) in (1u64..=60).prop_flat_map(|n| (Just(n), 0..n)),
        prior_alpha in 1u64..=5, prior_beta in 1u64..=5,
    ) {
        let a = Arm { successes: s_a, trials: n_a };
        let b = Arm { successes: s_b, trials: n_b };
        let b_up = Arm { successes: s_b + 1, trials: n_b };
        let prior = BetaPrior { alpha: prior_alpha, beta: prior_beta };
        let fail = |e| TestCaseError::fail(format!("prob_b_beats_a: expected Ok for valid counts, got Err({e:?})"));
        let p_ba = prob_b_beats_a(a, b, prior).map_err(fail)?;
        let p_ab = prob_b_beats_a(b, a, prior).map_err(fail)?;
        let p_up = prob_b_beats_a(a, b_up, prior).map_err(fail)?;
        ensure(
            (p_ba + p_ab - 1.0).abs() <= 1e-9 && (0.0..=1.0).contains(&p_ba),
            || format!("A = {a:?}, B = {b:?}, {prior:?}: expected P(B > A) + P(A > B) = 1 (atol 1e-9), got {p_ba:?} + {p_ab:?}"),
            "ties have probability 0, so the two orders are complementary; check the posterior parameters and the number of terms",
        );
        let interior = |p: f64| (1e-9..=1.0 - 1e-9).contains(&p);
        let ok = if interior(p_ba) && interior(p_up) { p_up > p_ba } else { p_up >= p_ba - 1e-12 };
        ensure(
            ok,
            || format!("A = {a:?}, {prior:?}: expected P(B > A) to increase from s_B = {s_b} to {}, got {p_ba:?} then {p_up:?}", s_b + 1),
            "one more success for B shifts its posterior up: check that alpha_B = prior.alpha + s_B and beta_B = prior.beta + n_B - s_B",
        );
    }
}

/// Property 5: the Monte-Carlo p-value lies in [1/(B+1), 1], and the same seed gives the same p.
#[test]
fn monte_carlo_p_is_bounded_and_reproducible() {
    let mut runner = deterministic_runner();
    let strategy = (
        integer_sample(8),
        integer_sample(8),
        1usize..=200,
        any::<u64>(),
    );
    runner
        .run(&strategy, |(a, b, n_resamples, seed)| {
            let run = |seed| {
                permutation_test_monte_carlo(&a, &b, n_resamples, &mut StdRng::seed_from_u64(seed))
            };
            let p = run(seed).map_err(|e| {
                TestCaseError::fail(format!("permutation_test_monte_carlo({a:?}, {b:?}, {n_resamples}): expected Ok, got Err({e:?})"))
            })?;
            let lowest = 1.0 / (n_resamples as f64 + 1.0);
            ensure(
                p >= lowest * (1.0 - 1e-12) && p <= 1.0,
                || format!("permutation_test_monte_carlo({a:?}, {b:?}, B = {n_resamples}): expected p in [1/(B+1), 1] = [{lowest}, 1], got {p:?}"),
                "p = (c + 1) / (B + 1): count the observed data as one resample (Phipson & Smyth)",
            );
            let again = run(seed);
            ensure(
                matches!(again, Ok(q) if same_bits(q, p)),
                || format!("permutation_test_monte_carlo({a:?}, {b:?}, B = {n_resamples}) twice with seed {seed}: expected {p:?} both times, got {again:?}"),
                "draw all randomness from the rng argument (no thread_rng, no global state)",
            );
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
}
