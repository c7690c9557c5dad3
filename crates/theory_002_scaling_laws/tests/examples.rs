//! Visible examples: `cargo test -p theory_002_scaling_laws`.
//!
//! The tests of the provided constants and error messages pass from the start; every other
//! test fails with "not yet implemented" until you write the function it calls. The hidden
//! tests check much more: golden values computed in high precision, every edge input of the
//! statement, properties on random inputs, and the classic mistakes.

use theory_002_scaling_laws::{
    ChinchillaParams, Error, chinchilla_loss, compute_optimal, fit_power_law,
    inference_aware_optimum, kaplan_loss,
};

fn assert_close(what: &str, got: f64, want: f64, rtol: f64) {
    assert!(
        (got - want).abs() <= rtol * want.abs(),
        "{what}: expected {want:?}, got {got:?} (rtol {rtol:e})"
    );
}

const H22: ChinchillaParams = ChinchillaParams::HOFFMANN_2022;
const B24: ChinchillaParams = ChinchillaParams::BESIROGLU_2024;

// ---------------------------------------------------------------- provided code

#[test]
fn provided_constants_are_the_published_fits() {
    let h = ChinchillaParams {
        e: 1.69,
        a: 406.4,
        b: 410.7,
        alpha: 0.34,
        beta: 0.28,
    };
    let b = ChinchillaParams {
        e: 1.8172,
        a: 482.01,
        b: 2085.43,
        alpha: 0.3478,
        beta: 0.3658,
    };
    assert_eq!(H22, h);
    assert_eq!(B24, b);
}

#[test]
fn error_messages_name_the_problem() {
    let e = Error::NonPositive {
        name: "n_params",
        value: 0.0,
    };
    assert!(e.to_string().starts_with("n_params = 0"), "{e}");
    let e = Error::UnreachableLoss {
        target: 1.5,
        irreducible: 1.69,
    };
    assert!(e.to_string().contains("1.69"), "{e}");
}

// ---------------------------------------------------------------- your code

#[test]
fn infinite_model_and_data_leave_only_the_irreducible_loss() {
    assert_close(
        "chinchilla_loss(inf, inf, H22)",
        chinchilla_loss(f64::INFINITY, f64::INFINITY, &H22).unwrap(),
        1.69,
        1e-12,
    );
    let r = chinchilla_loss(0.0, 1e9, &H22);
    assert!(
        matches!(
            r,
            Err(Error::NonPositive {
                name: "n_params",
                ..
            })
        ),
        "got {r:?}"
    );
}

#[test]
fn chinchilla_budget_with_the_rounded_hoffmann_constants() {
    // Chinchilla's own budget: 5.76e23 FLOPs. The rounded approach-3 constants put the
    // optimum at about 93 tokens per parameter, not 20.
    let a = compute_optimal(5.76e23, &H22).unwrap();
    assert_close("N", a.n_params, 3.2189859151368168e10, 1e-12);
    assert_close("D", a.n_tokens, 2.982305686662804e12, 1e-12);
    assert_close("D/N", a.n_tokens / a.n_params, 92.6473667573052, 1e-12);
    assert_close("6ND", a.train_flops, 5.76e23, 1e-12);
}

#[test]
fn chinchilla_budget_with_the_besiroglu_refit() {
    // The re-fit gives about 18 tokens per parameter at the same budget.
    let a = compute_optimal(5.76e23, &B24).unwrap();
    assert_close("N", a.n_params, 7.224870250038242e10, 1e-12);
    assert_close("D/N", a.n_tokens / a.n_params, 18.39124495531415, 1e-12);
}

#[test]
fn kaplan_joint_law_at_one_point() {
    assert_close(
        "kaplan_loss(1.5e9, 2.5e10)",
        kaplan_loss(1.5e9, 2.5e10).unwrap(),
        2.3056342508482777,
        1e-12,
    );
}

#[test]
fn power_law_through_three_exact_points() {
    // y = 8 / x: coefficient 8, exponent 1.
    let fit = fit_power_law(&[1.0, 2.0, 4.0], &[8.0, 4.0, 2.0]).unwrap();
    assert_close("coefficient", fit.coefficient, 8.0, 1e-10);
    assert_close("exponent", fit.exponent, 1.0, 1e-10);
}

#[test]
fn inference_aware_without_inference_is_chinchilla_optimal() {
    // Loss 2.0 with H22 and no inference: N = 1.5303e10, D = 1.2090e12, total = 1.1101e23.
    let a = inference_aware_optimum(2.0, 0.0, &H22).unwrap();
    assert_close("N", a.n_params, 15303168616.95787, 1e-4);
    assert_close("D", a.n_tokens, 1208964379832.2239, 1e-4);
    assert_close("total FLOPs", a.total_flops, 1.1100591453881054e23, 1e-9);
    assert_close("loss", a.loss, 2.0, 1e-12);
}
