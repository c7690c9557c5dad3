//! Golden values: the statement's formulas evaluated in 50-digit arithmetic (mpmath),
//! numpy.polyfit for the power-law fits, and a high-precision optimiser (cross-checked with
//! scipy.optimize.minimize_scalar) for the inference-aware optimum, at the statement's
//! tolerances.

use crate::fixtures::{
    CHINCHILLA_LOSS, COMPUTE_OPTIMAL, INFERENCE_AWARE, KAPLAN_LOSS, POWER_LAW_FITS,
};
use crate::{check_inference_allocation, describe, params};
use grading_support::assert_close;
use theory_002_scaling_laws::{
    chinchilla_loss, compute_optimal, fit_power_law, inference_aware_optimum, kaplan_loss,
};

#[test]
fn chinchilla_loss_matches_high_precision_values() {
    for &(name, v, n, d, want) in CHINCHILLA_LOSS {
        let p = params(v);
        let got = chinchilla_loss(n, d, &p).unwrap_or_else(|e| {
            panic!("chinchilla_loss({n:e}, {d:e}, {name}): expected Ok, got Err({e:?})")
        });
        assert_close(
            &format!("chinchilla_loss({n:e}, {d:e}, {name} {})", describe(&p)),
            got,
            want,
            1e-12,
            0.0,
            "L = E + A * N^(-alpha) + B * D^(-beta): mind the minus signs of the exponents",
        );
    }
}

#[test]
fn compute_optimal_matches_the_closed_form() {
    for &(name, v, c, want_n, want_d, want_loss) in COMPUTE_OPTIMAL {
        let p = params(v);
        let what = format!("compute_optimal({c:e}, {name} {})", describe(&p));
        let got = compute_optimal(c, &p)
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        let likely = "N = G (C/6)^(beta/(alpha+beta)) with G = (alpha A / (beta B))^(1/(alpha+beta)), \
                      and D = (C/6) / N";
        assert_close(
            &format!("{what}: n_params"),
            got.n_params,
            want_n,
            1e-12,
            0.0,
            likely,
        );
        assert_close(
            &format!("{what}: n_tokens"),
            got.n_tokens,
            want_d,
            1e-12,
            0.0,
            likely,
        );
        assert_close(
            &format!("{what}: loss"),
            got.loss,
            want_loss,
            1e-12,
            0.0,
            "loss = L(N, D) at the optimum",
        );
        assert_close(
            &format!("{what}: train_flops"),
            got.train_flops,
            c,
            1e-12,
            0.0,
            "train_flops = 6 N D = C",
        );
        assert_close(
            &format!("{what}: total_flops"),
            got.total_flops,
            c,
            1e-12,
            0.0,
            "without inference, total_flops = train_flops = 6 N D = C",
        );
    }
}

#[test]
fn kaplan_loss_matches_high_precision_values() {
    for &(n, d, want) in KAPLAN_LOSS {
        let got = kaplan_loss(n, d)
            .unwrap_or_else(|e| panic!("kaplan_loss({n:e}, {d:e}): expected Ok, got Err({e:?})"));
        assert_close(
            &format!("kaplan_loss({n:e}, {d:e})"),
            got,
            want,
            1e-12,
            0.0,
            "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D with the joint fit N_c = 6.4e13, \
             alpha_N = 0.076, D_c = 1.8e13, alpha_D = 0.103",
        );
    }
}

#[test]
fn fit_power_law_matches_numpy_polyfit() {
    for &(name, x, y, want_coefficient, want_exponent) in POWER_LAW_FITS {
        let what = format!("fit_power_law({name}, n = {})", x.len());
        let got =
            fit_power_law(x, y).unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        let likely = "ordinary least squares of ln y on ln x: slope = S_uv / S_uu with centred sums, \
                      exponent = -slope, coefficient = exp(mean(ln y) - slope * mean(ln x))";
        assert_close(
            &format!("{what}: coefficient"),
            got.coefficient,
            want_coefficient,
            1e-10,
            0.0,
            likely,
        );
        assert_close(
            &format!("{what}: exponent"),
            got.exponent,
            want_exponent,
            1e-10,
            0.0,
            likely,
        );
    }
}

#[test]
fn inference_aware_optimum_matches_the_high_precision_optimiser() {
    for &(name, v, target, d_inf, want_n, want_d, want_total) in INFERENCE_AWARE {
        let p = params(v);
        let what = format!(
            "inference_aware_optimum({target}, {d_inf:e}, {name} {})",
            describe(&p)
        );
        let got = inference_aware_optimum(target, d_inf, &p)
            .unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"));
        check_inference_allocation(
            &what,
            &got,
            &p,
            target,
            d_inf,
            (want_n, want_d, want_total),
            "minimise 6 N D(N) + 2 N D_inf over N > N_min; at the optimum \
             alpha A N^-alpha / (beta B D^-beta) = 1 + D_inf / (3 D)",
        );
    }
}
