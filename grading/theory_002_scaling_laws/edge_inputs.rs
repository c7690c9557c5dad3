//! Every row of the statement's edge-input table: reference values, infinities, and each
//! error with its validation order.

use crate::{
    b24, check_inference_allocation, h22, inference_row, optimal_row, params, tokens_for_loss,
};
use grading_support::{assert_close, ensure};
use theory_002_scaling_laws::{
    Allocation, ChinchillaParams, Error, chinchilla_loss, compute_optimal, fit_power_law,
    inference_aware_optimum, kaplan_loss,
};

/// Checks `r` is `NonPositive { name, value }` with that name and value (same bits, or NaN).
fn check_non_positive<T: std::fmt::Debug>(
    what: &str,
    r: Result<T, Error>,
    name: &str,
    value: f64,
    likely: &str,
) {
    let ok = match &r {
        Err(Error::NonPositive {
            name: got_name,
            value: got_value,
        }) => {
            *got_name == name
                && ((value.is_nan() && got_value.is_nan())
                    || got_value.to_bits() == value.to_bits())
        }
        _ => false,
    };
    ensure(
        ok,
        || {
            format!(
                "{what}: expected Err(NonPositive {{ name: {name:?}, value: {value:?} }}), got {r:?}"
            )
        },
        likely,
    );
}

fn check_invalid_params<T: std::fmt::Debug>(what: &str, r: Result<T, Error>, likely: &str) {
    ensure(
        matches!(r, Err(Error::InvalidParams)),
        || format!("{what}: expected Err(InvalidParams), got {r:?}"),
        likely,
    );
}

fn expect_ok<T>(what: &str, r: Result<T, Error>) -> T {
    r.unwrap_or_else(|e| panic!("{what}: expected Ok, got Err({e:?})"))
}

// ---------------------------------------------------------------- chinchilla_loss

#[test]
fn chinchilla_loss_of_infinite_model_and_data_is_the_irreducible_loss() {
    let p = h22();
    let inf = f64::INFINITY;
    let got = expect_ok(
        "chinchilla_loss(inf, inf, H22)",
        chinchilla_loss(inf, inf, &p),
    );
    assert_close(
        "chinchilla_loss(inf, inf, H22)",
        got,
        1.69,
        1e-12,
        0.0,
        "an infinite N or D contributes 0: inf^(-alpha) = 0",
    );
    let got = expect_ok(
        "chinchilla_loss(inf, 1e12, H22)",
        chinchilla_loss(inf, 1e12, &p),
    );
    assert_close(
        "chinchilla_loss(inf, 1e12, H22)",
        got,
        1.69 + 410.7 * 1e12_f64.powf(-0.28),
        1e-12,
        0.0,
        "only the data term is left",
    );
    let got = expect_ok(
        "chinchilla_loss(1e9, inf, H22)",
        chinchilla_loss(1e9, inf, &p),
    );
    assert_close(
        "chinchilla_loss(1e9, inf, H22)",
        got,
        1.69 + 406.4 * 1e9_f64.powf(-0.34),
        1e-12,
        0.0,
        "only the model-size term is left",
    );
}

#[test]
fn chinchilla_loss_rejects_sizes_that_are_not_positive() {
    let p = h22();
    let likely =
        "N and D must be > 0 and not NaN (+inf is allowed); test with !(v > 0.0) so NaN is caught";
    for n in [0.0, -0.0, -1e9, f64::NEG_INFINITY, f64::NAN] {
        check_non_positive(
            &format!("chinchilla_loss({n:?}, 1e9, H22)"),
            chinchilla_loss(n, 1e9, &p),
            "n_params",
            n,
            likely,
        );
    }
    for d in [0.0, -1.0, f64::NEG_INFINITY, f64::NAN] {
        check_non_positive(
            &format!("chinchilla_loss(1e9, {d:?}, H22)"),
            chinchilla_loss(1e9, d, &p),
            "n_tokens",
            d,
            likely,
        );
    }
    check_non_positive(
        "chinchilla_loss(0, -1, H22)",
        chinchilla_loss(0.0, -1.0, &p),
        "n_params",
        0.0,
        "n_params is validated before n_tokens",
    );
}

fn invalid_parameter_sets() -> Vec<(&'static str, ChinchillaParams)> {
    let h = h22();
    vec![
        ("alpha = 0", ChinchillaParams { alpha: 0.0, ..h }),
        ("beta = -0.1", ChinchillaParams { beta: -0.1, ..h }),
        ("a = 0", ChinchillaParams { a: 0.0, ..h }),
        (
            "b = inf",
            ChinchillaParams {
                b: f64::INFINITY,
                ..h
            },
        ),
        ("e = -0.01", ChinchillaParams { e: -0.01, ..h }),
        ("e = NaN", ChinchillaParams { e: f64::NAN, ..h }),
        (
            "e = inf",
            ChinchillaParams {
                e: f64::INFINITY,
                ..h
            },
        ),
        (
            "alpha = NaN",
            ChinchillaParams {
                alpha: f64::NAN,
                ..h
            },
        ),
        (
            "beta = inf",
            ChinchillaParams {
                beta: f64::INFINITY,
                ..h
            },
        ),
    ]
}

#[test]
fn every_function_taking_params_rejects_invalid_ones() {
    let likely = "parameters need e >= 0 and a, b, alpha, beta > 0, all finite (NaN included)";
    for (label, p) in invalid_parameter_sets() {
        check_invalid_params(
            &format!("chinchilla_loss(1e9, 1e10, H22 with {label})"),
            chinchilla_loss(1e9, 1e10, &p),
            likely,
        );
        check_invalid_params(
            &format!("compute_optimal(1e21, H22 with {label})"),
            compute_optimal(1e21, &p),
            likely,
        );
        check_invalid_params(
            &format!("inference_aware_optimum(5.0, 0, H22 with {label})"),
            inference_aware_optimum(5.0, 0.0, &p),
            likely,
        );
    }
}

#[test]
fn zero_irreducible_loss_is_allowed() {
    let p = ChinchillaParams { e: 0.0, ..h22() };
    let got = expect_ok(
        "chinchilla_loss(1e9, 1e10, H22 with e = 0)",
        chinchilla_loss(1e9, 1e10, &p),
    );
    let want = 406.4 * 1e9_f64.powf(-0.34) + 410.7 * 1e10_f64.powf(-0.28);
    assert_close(
        "chinchilla_loss(1e9, 1e10, H22 with e = 0)",
        got,
        want,
        1e-12,
        0.0,
        "e >= 0 is allowed, e = 0 included",
    );
}

#[test]
fn params_are_validated_before_everything_else() {
    let bad = ChinchillaParams {
        alpha: -1.0,
        ..h22()
    };
    let likely = "validate the parameters first, then the other arguments";
    check_invalid_params(
        "chinchilla_loss(0, 0, invalid params)",
        chinchilla_loss(0.0, 0.0, &bad),
        likely,
    );
    check_invalid_params(
        "compute_optimal(-1, invalid params)",
        compute_optimal(-1.0, &bad),
        likely,
    );
    check_invalid_params(
        "inference_aware_optimum(1.0, -1, invalid params)",
        inference_aware_optimum(1.0, -1.0, &bad),
        likely,
    );
}

// ---------------------------------------------------------------- compute_optimal

fn check_optimal(name: &str, p: &ChinchillaParams, c: f64, want_ratio: f64) {
    let what = format!("compute_optimal({c:e}, {name})");
    let got: Allocation = expect_ok(&what, compute_optimal(c, p));
    let (n, d, l) = optimal_row(name, c);
    let likely =
        "N = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)), D = (C/6)/N";
    assert_close(
        &format!("{what}: n_params"),
        got.n_params,
        n,
        1e-12,
        0.0,
        likely,
    );
    assert_close(
        &format!("{what}: n_tokens"),
        got.n_tokens,
        d,
        1e-12,
        0.0,
        likely,
    );
    assert_close(
        &format!("{what}: loss"),
        got.loss,
        l,
        1e-12,
        0.0,
        "loss = L(N, D)",
    );
    // The statement's table quotes D/N to 4 significant digits.
    assert_close(
        &format!("{what}: D/N"),
        got.n_tokens / got.n_params,
        want_ratio,
        1e-3,
        0.0,
        likely,
    );
}

#[test]
fn compute_optimal_at_chinchilla_budget_with_rounded_hoffmann_constants() {
    // N = 3.218985915e10, D = 2.982305687e12, D/N = 92.65, L = 1.93074810173.
    check_optimal("H22", &h22(), 5.76e23, 92.65);
    let got = expect_ok(
        "compute_optimal(5.76e23, H22)",
        compute_optimal(5.76e23, &h22()),
    );
    assert_close(
        "compute_optimal(5.76e23, H22): loss",
        got.loss,
        1.93074810173,
        1e-11,
        0.0,
        "loss = L(N, D)",
    );
}

#[test]
fn compute_optimal_at_1e24_with_rounded_hoffmann_constants() {
    // N = 4.129670242e10, D = 4.03583475e12, L = 1.91119541991.
    check_optimal("H22", &h22(), 1e24, 97.73);
}

#[test]
fn compute_optimal_at_chinchilla_budget_with_the_besiroglu_refit() {
    // N = 7.22487025e10, D = 1.328743585e12, D/N = 18.39.
    check_optimal("B24", &b24(), 5.76e23, 18.39);
}

#[test]
fn compute_optimal_at_1e21_with_the_besiroglu_refit() {
    // N = 2.778459463e9, D/N = 21.59.
    check_optimal("B24", &b24(), 1e21, 21.59);
}

#[test]
fn compute_optimal_rejects_budgets_that_are_not_positive_and_finite() {
    let p = h22();
    for c in [0.0, -0.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
        check_non_positive(
            &format!("compute_optimal({c:?}, H22)"),
            compute_optimal(c, &p),
            "compute_flops",
            c,
            "C must be > 0 and finite (an infinite budget has no optimum)",
        );
    }
}

#[test]
fn compute_optimal_spends_tiny_and_huge_budgets_exactly() {
    let p = h22();
    for c in [1e-300, 1.0, 1e300] {
        let got = expect_ok(
            &format!("compute_optimal({c:e}, H22)"),
            compute_optimal(c, &p),
        );
        assert_close(
            &format!("compute_optimal({c:e}, H22): 6 N D"),
            6.0 * got.n_params * got.n_tokens,
            c,
            1e-12,
            0.0,
            "compute D = (C/6) / N from the constraint, so 6 N D = C to rounding at every scale",
        );
    }
}

// ---------------------------------------------------------------- kaplan_loss

#[test]
fn kaplan_loss_at_the_reference_point() {
    let got = expect_ok("kaplan_loss(1.5e9, 2.5e10)", kaplan_loss(1.5e9, 2.5e10));
    assert_close(
        "kaplan_loss(1.5e9, 2.5e10)",
        got,
        2.3056342508482777,
        1e-12,
        0.0,
        "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D with N_c = 6.4e13, alpha_N = 0.076, \
         D_c = 1.8e13, alpha_D = 0.103",
    );
}

#[test]
fn kaplan_loss_at_infinity_reduces_to_the_single_variable_limits() {
    let inf = f64::INFINITY;
    let got = expect_ok("kaplan_loss(inf, inf)", kaplan_loss(inf, inf));
    assert_close(
        "kaplan_loss(inf, inf)",
        got,
        0.0,
        0.0,
        0.0,
        "Kaplan's law has no irreducible term: both infinite give exactly 0",
    );
    let got = expect_ok("kaplan_loss(inf, 1e10)", kaplan_loss(inf, 1e10));
    assert_close(
        "kaplan_loss(inf, 1e10)",
        got,
        1800_f64.powf(0.103),
        1e-12,
        0.0,
        "with N infinite, L = (D_c/D)^alpha_D",
    );
    let got = expect_ok("kaplan_loss(1e9, inf)", kaplan_loss(1e9, inf));
    assert_close(
        "kaplan_loss(1e9, inf)",
        got,
        64000_f64.powf(0.076),
        1e-12,
        0.0,
        "with D infinite, L = (N_c/N)^alpha_N",
    );
}

#[test]
fn kaplan_loss_rejects_sizes_that_are_not_positive() {
    let likely = "N and D must be > 0 and not NaN (+inf is allowed)";
    for n in [0.0, -1.0, f64::NEG_INFINITY, f64::NAN] {
        check_non_positive(
            &format!("kaplan_loss({n:?}, 1e10)"),
            kaplan_loss(n, 1e10),
            "n_params",
            n,
            likely,
        );
    }
    for d in [0.0, -1.0, f64::NAN] {
        check_non_positive(
            &format!("kaplan_loss(1e9, {d:?})"),
            kaplan_loss(1e9, d),
            "n_tokens",
            d,
            likely,
        );
    }
    check_non_positive(
        "kaplan_loss(0, 0)",
        kaplan_loss(0.0, 0.0),
        "n_params",
        0.0,
        "n_params is validated before n_tokens",
    );
}

// ---------------------------------------------------------------- fit_power_law

#[test]
fn fit_power_law_through_exact_points() {
    let fit = expect_ok(
        "fit_power_law([1, 2, 4], [8, 4, 2])",
        fit_power_law(&[1.0, 2.0, 4.0], &[8.0, 4.0, 2.0]),
    );
    let likely = "least squares of ln y on ln x; coefficient = exp(intercept), exponent = -slope";
    assert_close(
        "fit_power_law([1, 2, 4], [8, 4, 2]): coefficient",
        fit.coefficient,
        8.0,
        1e-10,
        0.0,
        likely,
    );
    assert_close(
        "fit_power_law([1, 2, 4], [8, 4, 2]): exponent",
        fit.exponent,
        1.0,
        1e-10,
        0.0,
        likely,
    );
    let fit = expect_ok(
        "fit_power_law([1, 2], [5, 5])",
        fit_power_law(&[1.0, 2.0], &[5.0, 5.0]),
    );
    assert_close(
        "fit_power_law([1, 2], [5, 5]): coefficient",
        fit.coefficient,
        5.0,
        1e-10,
        0.0,
        likely,
    );
    assert_close(
        "fit_power_law([1, 2], [5, 5]): exponent",
        fit.exponent,
        0.0,
        0.0,
        1e-12,
        "a constant y has exponent 0",
    );
}

#[test]
fn fit_power_law_rejects_mismatched_and_short_inputs() {
    let r = fit_power_law(&[1.0, 2.0], &[1.0, 2.0, 3.0]);
    ensure(
        matches!(r, Err(Error::LengthMismatch { x: 2, y: 3 })),
        || {
            format!(
                "fit_power_law(x of 2, y of 3): expected Err(LengthMismatch {{ x: 2, y: 3 }}), got {r:?}"
            )
        },
        "x.len() != y.len() is the first check, with both lengths",
    );
    let r = fit_power_law(&[1.0], &[]);
    ensure(
        matches!(r, Err(Error::LengthMismatch { x: 1, y: 0 })),
        || {
            format!(
                "fit_power_law([1], []): expected Err(LengthMismatch {{ x: 1, y: 0 }}), got {r:?}"
            )
        },
        "the length check comes before the n >= 2 check",
    );
    let r = fit_power_law(&[1.0], &[1.0]);
    ensure(
        matches!(r, Err(Error::TooFewPoints { n: 1 })),
        || format!("fit_power_law([1], [1]): expected Err(TooFewPoints {{ n: 1 }}), got {r:?}"),
        "a line needs at least 2 points",
    );
    let r = fit_power_law(&[], &[]);
    ensure(
        matches!(r, Err(Error::TooFewPoints { n: 0 })),
        || format!("fit_power_law([], []): expected Err(TooFewPoints {{ n: 0 }}), got {r:?}"),
        "a line needs at least 2 points",
    );
    let r = fit_power_law(&[0.0], &[0.0]);
    ensure(
        matches!(r, Err(Error::TooFewPoints { n: 1 })),
        || format!("fit_power_law([0], [0]): expected Err(TooFewPoints {{ n: 1 }}), got {r:?}"),
        "the n >= 2 check comes before the value checks",
    );
}

#[test]
fn fit_power_law_rejects_values_that_are_not_positive_and_finite() {
    let likely = "every x and y must be > 0 and finite (their logs are taken); x is checked before y, \
                  each in index order";
    check_non_positive(
        "fit_power_law([1, 0, -1], [1, 1, 1])",
        fit_power_law(&[1.0, 0.0, -1.0], &[1.0, 1.0, 1.0]),
        "x",
        0.0,
        likely,
    );
    check_non_positive(
        "fit_power_law([1, 2], [1, -3])",
        fit_power_law(&[1.0, 2.0], &[1.0, -3.0]),
        "y",
        -3.0,
        likely,
    );
    check_non_positive(
        "fit_power_law([1, inf], [1, 1])",
        fit_power_law(&[1.0, f64::INFINITY], &[1.0, 1.0]),
        "x",
        f64::INFINITY,
        likely,
    );
    check_non_positive(
        "fit_power_law([NaN, 1], [1, 1])",
        fit_power_law(&[f64::NAN, 1.0], &[1.0, 1.0]),
        "x",
        f64::NAN,
        likely,
    );
    check_non_positive(
        "fit_power_law([1, 2], [1, NaN])",
        fit_power_law(&[1.0, 2.0], &[1.0, f64::NAN]),
        "y",
        f64::NAN,
        likely,
    );
    check_non_positive(
        "fit_power_law([1, -1], [0, 1])",
        fit_power_law(&[1.0, -1.0], &[0.0, 1.0]),
        "x",
        -1.0,
        likely,
    );
}

#[test]
fn fit_power_law_rejects_equal_x() {
    let r = fit_power_law(&[3.0, 3.0, 3.0], &[1.0, 2.0, 3.0]);
    ensure(
        matches!(r, Err(Error::DegenerateX)),
        || format!("fit_power_law([3, 3, 3], [1, 2, 3]): expected Err(DegenerateX), got {r:?}"),
        "with all x equal S_uu = 0 and the slope is undefined; check before dividing",
    );
    check_non_positive(
        "fit_power_law([2, 2], [-1, 1])",
        fit_power_law(&[2.0, 2.0], &[-1.0, 1.0]),
        "y",
        -1.0,
        "the value checks come before the DegenerateX check",
    );
}

// ---------------------------------------------------------------- inference_aware_optimum

fn check_inference_row(target: f64, d_inf: f64) {
    let p = h22();
    let what = format!("inference_aware_optimum({target}, {d_inf:e}, H22)");
    let got = expect_ok(&what, inference_aware_optimum(target, d_inf, &p));
    check_inference_allocation(
        &what,
        &got,
        &p,
        target,
        d_inf,
        inference_row("H22", target, d_inf),
        "minimise 6 N D(N) + 2 N D_inf over N > N_min, D(N) = (B / (target - E - A N^-alpha))^(1/beta)",
    );
}

#[test]
fn inference_aware_at_loss_2_without_inference() {
    // N = 1.5303168e10, D = 1.2089644e12, total = 1.110059145e23.
    check_inference_row(2.0, 0.0);
}

#[test]
fn inference_aware_at_loss_2_with_1e12_inference_tokens() {
    // N = 1.1516973e10, D = 1.6510299e12, total = 1.371231537e23.
    check_inference_row(2.0, 1e12);
}

#[test]
fn inference_aware_at_loss_2_with_1e13_inference_tokens() {
    // N = 6.487107e9, D = 3.8893917e12, total = 2.811275399e23.
    check_inference_row(2.0, 1e13);
}

#[test]
fn inference_aware_allows_negative_zero_inference_tokens() {
    let p = h22();
    let got = expect_ok(
        "inference_aware_optimum(2.0, -0.0, H22)",
        inference_aware_optimum(2.0, -0.0, &p),
    );
    check_inference_allocation(
        "inference_aware_optimum(2.0, -0.0, H22)",
        &got,
        &p,
        2.0,
        0.0,
        inference_row("H22", 2.0, 0.0),
        "-0.0 >= 0: no inference",
    );
}

#[test]
fn inference_aware_rejects_unreachable_targets() {
    let p = h22();
    let likely = "a target loss must be finite and strictly above the irreducible loss E";
    for target in [1.69, 1.5, 0.0, f64::NEG_INFINITY, f64::INFINITY] {
        let r = inference_aware_optimum(target, 0.0, &p);
        ensure(
            matches!(r, Err(Error::UnreachableLoss { target: t, irreducible: 1.69 }) if t.to_bits() == target.to_bits()),
            || {
                format!(
                    "inference_aware_optimum({target:?}, 0, H22): expected Err(UnreachableLoss {{ target: {target:?}, irreducible: 1.69 }}), got {r:?}"
                )
            },
            likely,
        );
    }
    let r = inference_aware_optimum(f64::NAN, 0.0, &p);
    ensure(
        matches!(r, Err(Error::UnreachableLoss { target: t, irreducible: 1.69 }) if t.is_nan()),
        || {
            format!(
                "inference_aware_optimum(NaN, 0, H22): expected Err(UnreachableLoss {{ target: NaN, irreducible: 1.69 }}), got {r:?}"
            )
        },
        likely,
    );
    let r = inference_aware_optimum(1.69, -1.0, &p);
    ensure(
        matches!(r, Err(Error::UnreachableLoss { .. })),
        || {
            format!(
                "inference_aware_optimum(1.69, -1, H22): expected Err(UnreachableLoss), got {r:?}"
            )
        },
        "the target is validated before inference_tokens",
    );
}

#[test]
fn inference_aware_rejects_bad_inference_tokens() {
    let p = h22();
    for d_inf in [-1.0, f64::NEG_INFINITY, f64::INFINITY, f64::NAN] {
        check_non_positive(
            &format!("inference_aware_optimum(2.0, {d_inf:?}, H22)"),
            inference_aware_optimum(2.0, d_inf, &p),
            "inference_tokens",
            d_inf,
            "inference_tokens must be finite and >= 0 (0 is allowed)",
        );
    }
}

#[test]
fn inference_aware_just_above_the_irreducible_loss() {
    // A target 0.001 nats above E needs an enormous model and dataset, but they are finite
    // and reach the target.
    for (label, p) in [
        ("H22", h22()),
        ("B24", b24()),
        ("SYN", params(crate::fixtures::SYNTHETIC)),
    ] {
        let target = p.e + 1e-3;
        for d_inf in [0.0, 1e15] {
            let what = format!("inference_aware_optimum(E + 1e-3, {d_inf:e}, {label})");
            let got = expect_ok(&what, inference_aware_optimum(target, d_inf, &p));
            ensure(
                got.n_params.is_finite() && got.n_tokens.is_finite() && got.total_flops.is_finite(),
                || format!("{what}: expected finite N, D and total, got {got:?}"),
                "search in log space (u = ln N) so that huge N and D stay finite",
            );
            assert_close(
                &format!("{what}: L(N, D)"),
                crate::loss(&p, got.n_params, got.n_tokens),
                target,
                1e-12,
                0.0,
                "the returned (N, D) must reach the target loss",
            );
            ensure(
                tokens_for_loss(&p, target, got.n_params).is_some(),
                || format!("{what}: N = {:e} is not above N_min", got.n_params),
                "N must exceed N_min = (A / (target - E))^(1/alpha)",
            );
        }
    }
}
