//! One test per classic mistake of the statement, on the input that exposes it. Each failure
//! message names the mistake.

use crate::{b24, h22, inference_row, loss, optimal_row};
use grading_support::assert_close;
use theory_002_scaling_laws::{
    compute_optimal, fit_power_law, inference_aware_optimum, kaplan_loss,
};

#[test]
fn compute_optimal_counts_six_flops_per_parameter_per_token() {
    let got = compute_optimal(1e24, &h22())
        .unwrap_or_else(|e| panic!("compute_optimal(1e24, H22): expected Ok, got Err({e:?})"));
    let likely = "C = 2 N D (forward pass only): training costs 6 FLOPs per parameter per token, 2 \
                  forward and 4 backward, so N D = C/6, not C/2";
    assert_close(
        "compute_optimal(1e24, H22): 6 N D",
        6.0 * got.n_params * got.n_tokens,
        1e24,
        1e-12,
        0.0,
        likely,
    );
    assert_close(
        "compute_optimal(1e24, H22): n_params",
        got.n_params,
        optimal_row("H22", 1e24).0,
        1e-12,
        0.0,
        likely,
    );
}

#[test]
fn compute_optimal_gives_n_the_exponent_beta_over_alpha_plus_beta() {
    let p = h22();
    let at = |c: f64| {
        compute_optimal(c, &p)
            .unwrap_or_else(|e| panic!("compute_optimal({c:e}, H22): expected Ok, got Err({e:?})"))
    };
    let likely = "exponents a and b swapped: N = G (C/6)^(beta/(alpha+beta)) = G (C/6)^0.4516 for H22, \
                  D = (C/6)/N grows as C^(alpha/(alpha+beta)) = C^0.5484";
    assert_close(
        "compute_optimal(1e24, H22): n_params",
        at(1e24).n_params,
        optimal_row("H22", 1e24).0,
        1e-12,
        0.0,
        likely,
    );
    assert_close(
        "N(1e25) / N(1e24) with H22",
        at(1e25).n_params / at(1e24).n_params,
        10_f64.powf(0.28 / 0.62),
        1e-12,
        0.0,
        likely,
    );
}

#[test]
fn compute_optimal_is_not_twenty_tokens_per_parameter() {
    let likely = "a hard-coded D = 20 N: the ratio D/N follows from the fitted constants. The rounded \
                  Hoffmann approach-3 constants give about 93 tokens per parameter at 5.76e23 FLOPs, the \
                  Besiroglu re-fit about 18";
    for (name, p) in [("H22", h22()), ("B24", b24())] {
        let got = compute_optimal(5.76e23, &p).unwrap_or_else(|e| {
            panic!("compute_optimal(5.76e23, {name}): expected Ok, got Err({e:?})")
        });
        let (n, d, _) = optimal_row(name, 5.76e23);
        assert_close(
            &format!("compute_optimal(5.76e23, {name}): D/N"),
            got.n_tokens / got.n_params,
            d / n,
            1e-11,
            0.0,
            likely,
        );
    }
}

#[test]
fn kaplan_loss_is_one_joint_law_not_a_sum_of_two() {
    let got = kaplan_loss(1.5e9, 2.5e10)
        .unwrap_or_else(|e| panic!("kaplan_loss(1.5e9, 2.5e10): expected Ok, got Err({e:?})"));
    assert_close(
        "kaplan_loss(1.5e9, 2.5e10)",
        got,
        2.3056342508482777,
        1e-12,
        0.0,
        "Kaplan as a sum of two separate power laws, (N_c/N)^alpha_N + (D_c/D)^alpha_D (= 4.22 here): \
         eq. (1.5) is one law, [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D",
    );
}

#[test]
fn kaplan_loss_uses_the_joint_fit_constants() {
    let got = kaplan_loss(f64::INFINITY, 1e10)
        .unwrap_or_else(|e| panic!("kaplan_loss(inf, 1e10): expected Ok, got Err({e:?})"));
    assert_close(
        "kaplan_loss(inf, 1e10)",
        got,
        1800_f64.powf(0.103),
        1e-12,
        0.0,
        "the single-variable fit L(D) = (5.4e13/D)^0.095 mixed into the joint law: eq. (1.5) uses its own \
         fit (Table 2), D_c = 1.8e13 and alpha_D = 0.103, N_c = 6.4e13 and alpha_N = 0.076",
    );
}

#[test]
fn fit_power_law_regresses_log_y_on_log_x() {
    // y = 5 x^-0.7 on four decades.
    let x = [1.0, 10.0, 100.0, 1000.0, 10000.0];
    let y: Vec<f64> = x.iter().map(|v: &f64| 5.0 * v.powf(-0.7)).collect();
    let got = fit_power_law(&x, &y)
        .unwrap_or_else(|e| panic!("fit_power_law(5 x^-0.7): expected Ok, got Err({e:?})"));
    let likely = "power law fitted in linear space: a power law is a straight line only in log-log \
                  space, ln y = ln(coefficient) - exponent ln x; regress ln y on ln x";
    assert_close(
        "fit_power_law(x = 1..1e4, y = 5 x^-0.7): exponent",
        got.exponent,
        0.7,
        1e-10,
        0.0,
        likely,
    );
    assert_close(
        "fit_power_law(x = 1..1e4, y = 5 x^-0.7): coefficient",
        got.coefficient,
        5.0,
        1e-10,
        0.0,
        likely,
    );
}

#[test]
fn fit_power_law_returns_the_coefficient_not_its_log() {
    let got = fit_power_law(&[1.0, 2.0, 4.0], &[8.0, 4.0, 2.0]).unwrap_or_else(|e| {
        panic!("fit_power_law([1, 2, 4], [8, 4, 2]): expected Ok, got Err({e:?})")
    });
    assert_close(
        "fit_power_law([1, 2, 4], [8, 4, 2]): coefficient",
        got.coefficient,
        8.0,
        1e-10,
        0.0,
        "intercept not exponentiated: the intercept of the log-log line is ln(coefficient) = ln 8 = \
         2.079; return exp(intercept)",
    );
}

#[test]
fn inference_aware_optimum_meets_the_target_loss() {
    let p = h22();
    let got = inference_aware_optimum(2.0, 0.0, &p).unwrap_or_else(|e| {
        panic!("inference_aware_optimum(2.0, 0, H22): expected Ok, got Err({e:?})")
    });
    let likely = "D(N) with the wrong sign, (B / (target + E - A N^-alpha))^(1/beta): the loss left for the \
                  data term is target - E - A N^-alpha";
    assert_close(
        &format!(
            "inference_aware_optimum(2.0, 0, H22): L(N, D) at N = {:e}, D = {:e}",
            got.n_params, got.n_tokens
        ),
        loss(&p, got.n_params, got.n_tokens),
        2.0,
        1e-12,
        0.0,
        likely,
    );
    assert_close(
        "inference_aware_optimum(2.0, 0, H22): n_params",
        got.n_params,
        inference_row("H22", 2.0, 0.0).0,
        1e-4,
        0.0,
        likely,
    );
}

#[test]
fn inference_tokens_shrink_the_optimal_model() {
    let p = h22();
    let got = inference_aware_optimum(2.0, 1e13, &p).unwrap_or_else(|e| {
        panic!("inference_aware_optimum(2.0, 1e13, H22): expected Ok, got Err({e:?})")
    });
    let (n, d, total) = inference_row("H22", 2.0, 1e13);
    let likely = "inference cost ignored in the optimisation (the Chinchilla optimum for the target, \
                  N = 1.53e10): serving 1e13 tokens costs 2 N D_inf, which makes a smaller model (6.49e9) \
                  trained on more tokens cheaper overall";
    assert_close(
        "inference_aware_optimum(2.0, 1e13, H22): total_flops",
        got.total_flops,
        total,
        1e-9,
        0.0,
        likely,
    );
    assert_close(
        "inference_aware_optimum(2.0, 1e13, H22): n_params",
        got.n_params,
        n,
        1e-4,
        0.0,
        likely,
    );
    assert_close(
        "inference_aware_optimum(2.0, 1e13, H22): n_tokens",
        got.n_tokens,
        d,
        1e-4,
        0.0,
        likely,
    );
}
