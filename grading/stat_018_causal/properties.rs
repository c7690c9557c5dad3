//! The statement's properties, with proptest (256 cases, fixed seed, bounded strategies).

use grading_support::{close, ensure, proptest_config};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use stat_018_causal::Estimand;

use crate::fixtures::{D1_PLUS_10_ATC_HT, D1_PLUS_10_ATE_HT, D1_PLUS_10_ATT_HT};
use crate::{D1_E, D1_T, D1_Y, did, ipw, matching, rdd, tsls, wald};

const ESTIMANDS: [Estimand; 3] = [Estimand::Ate, Estimand::Att, Estimand::Atc];

/// Outcomes, treatment flags with both groups present, propensities in [0.05, 0.95].
fn ipw_data() -> impl Strategy<Value = (Vec<f64>, Vec<bool>, Vec<f64>)> {
    (2usize..=30).prop_flat_map(|n| {
        (
            prop::collection::vec(-10.0..10.0f64, n),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(0.05..0.95f64, n),
        )
            .prop_map(|(y, mut t, e)| {
                t[0] = true;
                t[1] = false;
                (y, t, e)
            })
    })
}

fn naive_difference(y: &[f64], t: &[bool]) -> f64 {
    let m = |g: bool| {
        let v: Vec<f64> = y.iter().zip(t).filter(|(_, tt)| **tt == g).map(|(yy, _)| *yy).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    m(true) - m(false)
}

#[track_caller]
fn check(what: String, got: f64, want: f64, rtol: f64, atol: f64, mistake: &str) -> Result<(), TestCaseError> {
    ensure(
        close(got, want, rtol, atol),
        || format!("{what}: expected {want:?}, got {got:?} (rtol {rtol:e}, atol {atol:e})"),
        mistake,
    );
    Ok(())
}

#[test]
fn horvitz_thompson_is_not_shift_invariant_but_hajek_is() {
    let y10 = D1_Y.map(|v| v + 10.0);
    for (estimand, want) in [
        (Estimand::Ate, D1_PLUS_10_ATE_HT),
        (Estimand::Att, D1_PLUS_10_ATT_HT),
        (Estimand::Atc, D1_PLUS_10_ATC_HT),
    ] {
        let got = ipw(&y10, &D1_T, &D1_E, estimand, false);
        ensure(
            close(got, want, 1e-10, 1e-12),
            || format!("ipw_estimate(D1 with y + 10, {estimand:?}, HT): expected {want:?}, got {got:?}"),
            "HT divides by n (or n1, n0), not by the sum of the weights: on D1 + 10 the ATT moves \
             from 23/9 to -17/9 and the ATC from 17/9 to 19/3 (the ATE stays 20/9 only because \
             sum_T 1/e = sum_C 1/(1-e) = 22/3 on D1)",
        );
        let h0 = ipw(&D1_Y, &D1_T, &D1_E, estimand, true);
        let h10 = ipw(&y10, &D1_T, &D1_E, estimand, true);
        ensure(
            close(h10, h0, 1e-10, 1e-12),
            || format!("ipw_estimate(D1 with y + 10, {estimand:?}, Hajek): expected {h0:?} (as without the shift), got {h10:?}"),
            "Hajek normalises each group's weights to sum to one, so adding a constant to y cancels",
        );
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Property 1: constant propensities reduce IPW to the naive difference of means.
    #[test]
    fn constant_propensity_gives_the_naive_difference((y, t, _) in ipw_data(), e in 0.05..0.95f64) {
        let n = y.len();
        let n1 = t.iter().filter(|&&b| b).count();
        let naive = naive_difference(&y, &t);
        let share = n1 as f64 / n as f64;
        if share < 1.0 {
            let ht = ipw(&y, &t, &vec![share; n], Estimand::Ate, false);
            check(format!("ipw_estimate(y = {y:?}, e = n1/n = {share}, Ate, HT)"), ht, naive, 1e-12, 1e-11,
                "with e = n1/n the HT ATE is sum_T y / n1 - sum_C y / n0, the naive difference")?;
        }
        for estimand in ESTIMANDS {
            let h = ipw(&y, &t, &vec![e; n], estimand, true);
            check(format!("ipw_estimate(y = {y:?}, constant e = {e}, {estimand:?}, Hajek)"), h, naive, 1e-12, 1e-11,
                "with a constant propensity every Hajek estimand is the naive difference of group means")?;
        }
    }

    /// Property 2: Hajek is invariant under y -> y + c.
    #[test]
    fn hajek_is_shift_invariant((y, t, e) in ipw_data(), c in -100.0..100.0f64) {
        let ys: Vec<f64> = y.iter().map(|v| v + c).collect();
        for estimand in ESTIMANDS {
            let a = ipw(&y, &t, &e, estimand, true);
            let b = ipw(&ys, &t, &e, estimand, true);
            check(format!("ipw_estimate(y + {c}, {estimand:?}, Hajek) vs ipw_estimate(y, ...) = {a}"), b, a, 1e-9, 1e-9,
                "Hajek: sum w (y + c) / sum w = (sum w y / sum w) + c in each group, and the c cancels")?;
        }
    }

    /// Property 3a: exact matches with outcome difference delta give ATT = delta.
    #[test]
    fn exact_matches_give_the_outcome_difference(
        base in prop::collection::vec(-10.0..10.0f64, 1..=10),
        extra in prop::collection::vec((0usize..20, -10.0..10.0f64), 0..=6),
        delta in -5.0..5.0f64,
        order in any::<u64>(),
    ) {
        // Treated unit k has score k; its control has score k and outcome y - delta. Extra
        // controls sit at half-integer scores, strictly farther away.
        let mut units: Vec<(f64, bool, f64)> = vec![];
        for (k, &yk) in base.iter().enumerate() {
            units.push((yk, true, k as f64));
            units.push((yk - delta, false, k as f64));
        }
        for &(k, yk) in &extra {
            units.push((yk, false, k as f64 + 0.5));
        }
        // A deterministic shuffle of the input order.
        let mut s = order | 1;
        for i in (1..units.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            units.swap(i, (s >> 33) as usize % (i + 1));
        }
        let y: Vec<f64> = units.iter().map(|u| u.0).collect();
        let t: Vec<bool> = units.iter().map(|u| u.1).collect();
        let sc: Vec<f64> = units.iter().map(|u| u.2).collect();
        let got = matching(&y, &t, &sc);
        check(format!("matching_att(y = {y:?}, treated = {t:?}, score = {sc:?})"), got, delta, 1e-10, 1e-10,
            "every treated unit has a control at distance 0 whose outcome is y - delta")?;
    }

    /// Property 3b: matching is invariant under y -> y + c.
    #[test]
    fn matching_is_shift_invariant(
        (y, t, _) in ipw_data(),
        scores in prop::collection::vec(0u32..16, 30),
        c in -100.0..100.0f64,
    ) {
        let s: Vec<f64> = scores[..y.len()].iter().map(|&k| f64::from(k) / 16.0).collect();
        let ys: Vec<f64> = y.iter().map(|v| v + c).collect();
        let a = matching(&y, &t, &s);
        let b = matching(&ys, &t, &s);
        check(format!("matching_att(y + {c}) vs matching_att(y) = {a}"), b, a, 1e-9, 1e-9,
            "each matched difference (y_i + c) - (y_m + c) does not depend on c")?;
    }

    /// Property 4a: Wald = 2SLS with X = [1, T], Z = [1, Z].
    #[test]
    fn wald_equals_two_stage_least_squares_with_a_binary_instrument(
        rows in prop::collection::vec((-10.0..10.0f64, 0.0..1.0f64, any::<bool>()), 4..=40),
    ) {
        let mut rows = rows;
        rows[0].2 = true;
        rows[1].2 = false;
        let y: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let t: Vec<f64> = rows.iter().map(|r| r.1 + if r.2 { 2.0 } else { 0.0 }).collect();
        let z: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let zf: Vec<f64> = z.iter().map(|&b| if b { 1.0 } else { 0.0 }).collect();
        let one = vec![1.0; y.len()];
        let w = wald(&y, &t, &z);
        let b = tsls(&y, &[&one, &t], &[&one, &zf]);
        check(format!("two_stage_least_squares(y, [1, T], [1, Z])[1] vs wald_estimate = {w}"), b[1], w, 1e-10, 1e-10,
            "with a binary instrument the 2SLS slope is cov(y, Z) / cov(T, Z), the Wald ratio")?;
    }

    /// Property 4b: 2SLS with Z = X is OLS: exact on exact data, orthogonal residuals otherwise.
    #[test]
    fn two_stage_least_squares_with_z_equal_to_x_is_ols(
        k in 1usize..=4,
        data in prop::collection::vec(prop::collection::vec(-1.0..1.0f64, 5), 12..=30),
        beta0 in prop::collection::vec(-3.0..3.0f64, 4),
    ) {
        let n = data.len();
        let cols: Vec<Vec<f64>> = (0..k).map(|j| if j == 0 { vec![1.0; n] } else { data.iter().map(|r| r[j]).collect() }).collect();
        let xs: Vec<&[f64]> = cols.iter().map(|c| c.as_slice()).collect();
        let fit: Vec<f64> = (0..n).map(|i| (0..k).map(|j| cols[j][i] * beta0[j]).sum()).collect();
        let b = tsls(&fit, &xs, &xs);
        for j in 0..k {
            check(format!("two_stage_least_squares(y = X beta0, X, Z = X)[{j}]"), b[j], beta0[j], 1e-8, 1e-8,
                "with Z = X the projection leaves X unchanged and 2SLS is OLS, exact on noiseless data")?;
        }
        let y: Vec<f64> = (0..n).map(|i| fit[i] + data[i][0] * 2.0).collect();
        let b = tsls(&y, &xs, &xs);
        let ynorm = y.iter().map(|v| v * v).sum::<f64>().sqrt();
        for j in 0..k {
            let dot: f64 = (0..n).map(|i| cols[j][i] * (y[i] - (0..k).map(|m| cols[m][i] * b[m]).sum::<f64>())).sum();
            let xnorm = cols[j].iter().map(|v| v * v).sum::<f64>().sqrt();
            ensure(dot.abs() <= 1e-8 * xnorm * ynorm,
                || format!("two_stage_least_squares(y, X, Z = X): X^T residual [{j}] = {dot:e}, expected 0"),
                "OLS residuals are orthogonal to every column of X");
        }
    }

    /// Property 5: DiD is invariant under group and period constants.
    #[test]
    fn did_ignores_group_and_period_constants(
        rows in prop::collection::vec((-10.0..10.0f64, any::<bool>(), any::<bool>()), 4..=40),
        a in -50.0..50.0f64,
        b in -50.0..50.0f64,
    ) {
        let mut rows = rows;
        for (i, (tc, pc)) in [(false, false), (false, true), (true, false), (true, true)].into_iter().enumerate() {
            rows[i].1 = tc;
            rows[i].2 = pc;
        }
        let y: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let t: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let p: Vec<bool> = rows.iter().map(|r| r.2).collect();
        let shifted: Vec<f64> = rows.iter().map(|r| r.0 + if r.1 { a } else { 0.0 } + if r.2 { b } else { 0.0 }).collect();
        let d0 = did(&y, &t, &p);
        let d1 = did(&shifted, &t, &p);
        check(format!("difference_in_differences(y + {a} 1[treated] + {b} 1[post]) vs {d0}"), d1, d0, 1e-9, 1e-9,
            "a group constant cancels in each group's before-after change, a period constant in the difference of changes")?;
    }

    /// Property 6a: adding a + b x (continuous at c) leaves tau unchanged.
    #[test]
    fn rdd_ignores_a_global_line(
        u in prop::collection::vec(-1.0..1.0f64, 6..=40),
        ys in prop::collection::vec(-5.0..5.0f64, 40),
        c in -1.0..1.0f64,
        h in 0.6..2.0f64,
        a in -10.0..10.0f64,
        b in -10.0..10.0f64,
    ) {
        let mut u = u;
        u[..4].copy_from_slice(&[-0.5, -0.25, 0.25, 0.5]);
        let x: Vec<f64> = u.iter().map(|v| c + v).collect();
        let y = &ys[..x.len()];
        let y2: Vec<f64> = x.iter().zip(y).map(|(xi, yi)| yi + a + b * xi).collect();
        let r0 = rdd(y, &x, c, h);
        let r1 = rdd(&y2, &x, c, h);
        check(format!("sharp_rdd(y + {a} + {b} x, c = {c}, h = {h}).tau vs {}", r0.tau), r1.tau, r0.tau, 1e-9, 1e-9,
            "a line continuous at c is fitted exactly by both local linear fits and adds the same value to both intercepts")?;
    }

    /// Property 6b: exact piecewise-linear data give the exact jump.
    #[test]
    fn rdd_recovers_an_exact_jump(
        u in prop::collection::vec(-1.0..1.0f64, 6..=40),
        c in -1.0..1.0f64,
        h in 0.6..2.0f64,
        coef in prop::array::uniform4(-5.0..5.0f64),
    ) {
        let [al, bl, ar, br] = coef;
        let mut u = u;
        u[..4].copy_from_slice(&[-0.5, -0.25, 0.25, 0.5]);
        let x: Vec<f64> = u.iter().map(|v| c + v).collect();
        let y: Vec<f64> = x.iter().map(|&xi| if xi >= c { ar + br * (xi - c) } else { al + bl * (xi - c) }).collect();
        let r = rdd(&y, &x, c, h);
        check(format!("sharp_rdd(piecewise linear, c = {c}, h = {h}).tau"), r.tau, ar - al, 1e-9, 1e-9,
            "with separate slopes each side's fit is exact, and tau is the jump of the intercepts at c")?;
        check(format!("sharp_rdd(piecewise linear, c = {c}, h = {h}).intercept_left"), r.intercept_left, al, 1e-9, 1e-9,
            "the intercept is the fitted value at x = c (regress on x - c)")?;
    }
}
