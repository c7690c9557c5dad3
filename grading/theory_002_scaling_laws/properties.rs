//! The statement's properties, on bounded random inputs (proptest, fixed seed, 256 cases).

use crate::{b24, describe, h22, loss, tokens_for_loss};
use grading_support::{assert_close, ensure, proptest_config};
use proptest::prelude::*;
use theory_002_scaling_laws::{
    ChinchillaParams, chinchilla_loss, compute_optimal, fit_power_law, inference_aware_optimum,
};

/// A random valid parameter set: E in [0, 3], A and B in [10, 10^3.5] (log-uniform), alpha and
/// beta in [0.2, 0.6].
fn any_params() -> impl Strategy<Value = ChinchillaParams> {
    (
        0.0..3.0_f64,
        1.0..3.5_f64,
        1.0..3.5_f64,
        0.2..0.6_f64,
        0.2..0.6_f64,
    )
        .prop_map(|(e, la, lb, alpha, beta)| ChinchillaParams {
            e,
            a: 10_f64.powf(la),
            b: 10_f64.powf(lb),
            alpha,
            beta,
        })
}

fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    (lo..hi).prop_map(|e| 10_f64.powf(e))
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Property 1: L decreases strictly in N and in D, and tends to E.
    #[test]
    fn loss_decreases_in_params_and_tokens_and_tends_to_e(
        p in any_params(), n in log_uniform(6.0, 13.0), d in log_uniform(8.0, 15.0), k in 1.01..100.0_f64,
    ) {
        let at = |n: f64, d: f64| chinchilla_loss(n, d, &p)
            .unwrap_or_else(|e| panic!("chinchilla_loss({n:e}, {d:e}, {}): got Err({e:?})", describe(&p)));
        let base = at(n, d);
        ensure(
            at(k * n, d) < base && at(n, k * d) < base,
            || format!("{}: L({n:e}, {d:e}) = {base}, L(kN, D) = {}, L(N, kD) = {} with k = {k}", describe(&p), at(k * n, d), at(n, k * d)),
            "L must fall as N or D grows: both exponents enter with a minus sign, N^(-alpha) and D^(-beta)",
        );
        ensure(base > p.e, || format!("{}: L({n:e}, {d:e}) = {base} <= E", describe(&p)), "both reducible terms are positive");
        assert_close("L(inf, inf)", at(f64::INFINITY, f64::INFINITY), p.e, 1e-12, 0.0, "the reducible terms vanish at infinity");
    }

    /// Property 2a: the optimum spends exactly the budget.
    #[test]
    fn compute_optimal_spends_exactly_the_budget(p in any_params(), c in log_uniform(15.0, 30.0)) {
        let what = format!("compute_optimal({c:e}, {})", describe(&p));
        let a = compute_optimal(c, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let likely = "C = 6 N D: compute D = (C/6) / N";
        assert_close(&format!("{what}: 6 N D"), 6.0 * a.n_params * a.n_tokens, c, 1e-12, 0.0, likely);
        assert_close(&format!("{what}: train_flops"), a.train_flops, c, 1e-12, 0.0, likely);
        assert_close(&format!("{what}: total_flops"), a.total_flops, c, 1e-12, 0.0, "without inference total = train");
        assert_close(&format!("{what}: loss"), a.loss, loss(&p, a.n_params, a.n_tokens), 1e-12, 0.0, "loss = L(N, D)");
    }

    /// Property 2b: no equal-compute allocation (k N, D / k) has a lower loss.
    #[test]
    fn compute_optimal_beats_every_equal_compute_allocation(p in any_params(), c in log_uniform(15.0, 30.0)) {
        let what = format!("compute_optimal({c:e}, {})", describe(&p));
        let a = compute_optimal(c, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let base = loss(&p, a.n_params, a.n_tokens);
        for k in [0.5, 0.9, 1.1, 2.0] {
            let other = loss(&p, k * a.n_params, a.n_tokens / k);
            ensure(
                other >= base * (1.0 - 1e-14),
                || format!("{what}: L(N, D) = {base} but L({k} N, D / {k}) = {other} is lower"),
                "at the optimum alpha A N^-alpha = beta B D^-beta; check G and the exponent beta/(alpha+beta)",
            );
        }
    }

    /// Property 2c: N(lambda C) / N(C) = lambda^(beta/(alpha+beta)), and D scales with the rest.
    #[test]
    fn compute_optimal_scales_as_a_power_of_compute(p in any_params(), c in log_uniform(15.0, 27.0), l in log_uniform(-3.0, 3.0)) {
        let what = format!("compute_optimal at C = {c:e} and {l:e} C, {}", describe(&p));
        let a = compute_optimal(c, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let b = compute_optimal(l * c, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let s = p.alpha + p.beta;
        assert_close(&format!("{what}: N ratio"), b.n_params / a.n_params, l.powf(p.beta / s), 1e-12, 0.0, "N grows as C^(beta/(alpha+beta))");
        assert_close(&format!("{what}: D ratio"), b.n_tokens / a.n_tokens, l.powf(p.alpha / s), 1e-12, 0.0, "D grows as C^(alpha/(alpha+beta))");
    }

    /// Property 3: the tokens-per-parameter ratio depends on the fit; 20 is not a constant.
    #[test]
    fn tokens_per_parameter_ratio_depends_on_the_fit(c in log_uniform(21.0, 25.0)) {
        for (name, p, lo, hi) in [("B24", b24(), 15.0, 25.0), ("H22", h22(), 45.0, 130.0)] {
            let a = compute_optimal(c, &p).unwrap_or_else(|e| panic!("compute_optimal({c:e}, {name}): got Err({e:?})"));
            let ratio = a.n_tokens / a.n_params;
            ensure(
                (lo..=hi).contains(&ratio),
                || format!("compute_optimal({c:e}, {name}): expected D/N in [{lo}, {hi}], got {ratio}"),
                "D/N follows from the fit, (C/6)^((alpha-beta)/(alpha+beta)) / G^2: it is not a hard-coded 20",
            );
        }
    }

    /// Property 4a: noise-free data y = a x^-alpha give back a and alpha.
    #[test]
    fn fit_power_law_recovers_noise_free_parameters(
        a in log_uniform(-3.0, 3.0),
        alpha in 0.01..2.0_f64,
        start in -2.0..6.0_f64,
        span in 2.0..8.0_f64,
        inner in proptest::collection::vec(0.0..1.0_f64, 0..28),
    ) {
        // log10 x: both ends of the span, then points in between (unsorted).
        let mut logs = vec![start, start + span];
        logs.extend(inner.iter().map(|t| start + t * span));
        let x: Vec<f64> = logs.iter().map(|l| 10_f64.powf(*l)).collect();
        let y: Vec<f64> = x.iter().map(|xi| a * xi.powf(-alpha)).collect();
        let what = format!("fit_power_law({} points of {a:e} x^-{alpha}, x from 1e{start:.2} over {span:.2} decades)", x.len());
        let fit = fit_power_law(&x, &y).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let likely = "fit a line to (ln x, ln y): exponent = -slope, coefficient = exp(intercept)";
        assert_close(&format!("{what}: coefficient"), fit.coefficient, a, 1e-10, 0.0, likely);
        assert_close(&format!("{what}: exponent"), fit.exponent, alpha, 1e-10, 0.0, likely);
    }

    /// Property 4b: the fit does not depend on the order of the points.
    #[test]
    fn fit_power_law_ignores_the_order_of_the_points(
        pts in proptest::collection::vec((-2.0..6.0_f64, -0.5..0.5_f64), 3..30),
        rotate in 0usize..30,
    ) {
        let x: Vec<f64> = pts.iter().map(|(l, _)| 10_f64.powf(*l)).collect();
        prop_assume!(x.iter().any(|&v| v != x[0]));
        let y: Vec<f64> = pts.iter().zip(&x).map(|((_, noise), xi)| 2.0 * xi.powf(-0.7) * noise.exp()).collect();
        let fit = fit_power_law(&x, &y).unwrap_or_else(|e| panic!("fit_power_law(n = {}): got Err({e:?})", x.len()));
        let mut order: Vec<usize> = (0..x.len()).rev().collect();
        let r = rotate % x.len();
        order.rotate_left(r);
        let xp: Vec<f64> = order.iter().map(|&i| x[i]).collect();
        let yp: Vec<f64> = order.iter().map(|&i| y[i]).collect();
        let other = fit_power_law(&xp, &yp).unwrap_or_else(|e| panic!("fit_power_law(permuted): got Err({e:?})"));
        let likely = "least squares treats the points as a set: pair x[i] with y[i] and use every point once";
        assert_close("fit_power_law(permuted points): coefficient", other.coefficient, fit.coefficient, 1e-12, 0.0, likely);
        assert_close("fit_power_law(permuted points): exponent", other.exponent, fit.exponent, 1e-12, 1e-12, likely);
    }

    /// Property 5a: without inference, the inference-aware optimum is the compute-optimal
    /// allocation of its own budget.
    #[test]
    fn inference_aware_without_inference_is_compute_optimal(p in any_params(), excess in 0.05..1.5_f64) {
        let target = p.e + excess;
        let what = format!("inference_aware_optimum({target}, 0, {})", describe(&p));
        let a = inference_aware_optimum(target, 0.0, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        let b = compute_optimal(a.total_flops, &p).unwrap_or_else(|e| panic!("compute_optimal({:e}): got Err({e:?})", a.total_flops));
        let likely = "with D_inf = 0 the cheapest way to reach a loss is the compute-optimal allocation: \
                      A N^-alpha = beta/(alpha+beta) (target - E)";
        assert_close(&format!("{what}: N vs compute_optimal(total)"), a.n_params, b.n_params, 1e-4, 0.0, likely);
        assert_close(&format!("{what}: D vs compute_optimal(total)"), a.n_tokens, b.n_tokens, 1e-4, 0.0, likely);
        assert_close(&format!("{what}: compute_optimal(total).loss"), b.loss, target, 1e-9, 0.0, likely);
    }

    /// Property 5b: the optimum reaches the target and no nearby model size is cheaper.
    #[test]
    fn inference_aware_reaches_the_target_at_least_cost(
        p in any_params(), excess in 0.05..1.5_f64, d_inf in prop_oneof![Just(0.0), log_uniform(8.0, 16.0)],
    ) {
        let target = p.e + excess;
        let what = format!("inference_aware_optimum({target}, {d_inf:e}, {})", describe(&p));
        let a = inference_aware_optimum(target, d_inf, &p).unwrap_or_else(|e| panic!("{what}: got Err({e:?})"));
        assert_close(&format!("{what}: L(N, D)"), loss(&p, a.n_params, a.n_tokens), target, 1e-12, 0.0,
            "the returned (N, D) must reach the target: D = (B / (target - E - A N^-alpha))^(1/beta)");
        assert_close(&format!("{what}: total_flops"), a.total_flops, 6.0 * a.n_params * a.n_tokens + 2.0 * a.n_params * d_inf, 1e-12, 0.0,
            "total = 6 N D + 2 N D_inf");
        for k in [0.5, 0.9, 1.1, 2.0] {
            let n = k * a.n_params;
            if let Some(d) = tokens_for_loss(&p, target, n) {
                let other = 6.0 * n * d + 2.0 * n * d_inf;
                ensure(
                    other >= a.total_flops * (1.0 - 1e-9),
                    || format!("{what}: total {:e} at N = {:e}, but N' = {k} N reaches the target for {other:e}", a.total_flops, a.n_params),
                    "minimise total(N) = 6 N D(N) + 2 N D_inf; ln total is convex in ln N, so search in ln N",
                );
            }
        }
    }

    /// Property 5c: more inference gives a smaller model trained on more tokens.
    #[test]
    fn inference_aware_model_shrinks_as_inference_grows(
        p in any_params(), excess in 0.05..1.5_f64, d1 in log_uniform(8.0, 15.0), factor in log_uniform(0.0, 2.0),
    ) {
        let target = p.e + excess;
        let d2 = d1 * factor;
        let at = |d_inf: f64| inference_aware_optimum(target, d_inf, &p)
            .unwrap_or_else(|e| panic!("inference_aware_optimum({target}, {d_inf:e}, {}): got Err({e:?})", describe(&p)));
        let (a, b) = (at(d1), at(d2));
        ensure(
            b.n_params <= a.n_params * (1.0 + 2e-4) && b.n_tokens >= a.n_tokens * (1.0 - 2e-4),
            || format!(
                "{}: target {target}: D_inf {d1:e} -> N {:e}, D {:e}; D_inf {d2:e} -> N {:e}, D {:e}",
                describe(&p), a.n_params, a.n_tokens, b.n_params, b.n_tokens
            ),
            "inference costs 2 N per token, so more inference favours a smaller N trained on more tokens",
        );
    }
}
