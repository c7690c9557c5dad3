//! Hidden tests of `theory_002_scaling_laws`, compiled against the learner's crate (or the
//! reference solution): golden values computed in 50-digit arithmetic, every edge input of
//! the statement, its properties, and one test per classic mistake.
//!
//! The task has no randomness, so there is no statistical module. The parameter sets are
//! built from the statement's numbers (the fixture's arrays), not from the crate's provided
//! constants, so every value checked here follows from the statement alone.

// Golden values are written with all 17 significant digits.
#![allow(clippy::excessive_precision)]

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/theory_002_scaling_laws/generate.py`.
#[allow(
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal,
    clippy::type_complexity,
    dead_code
)]
mod fixtures {
    include!("../../fixtures/theory_002_scaling_laws/golden.rs");
}

use theory_002_scaling_laws::ChinchillaParams;

/// A parameter set from a fixture array [e, a, b, alpha, beta].
pub fn params(v: [f64; 5]) -> ChinchillaParams {
    ChinchillaParams {
        e: v[0],
        a: v[1],
        b: v[2],
        alpha: v[3],
        beta: v[4],
    }
}

/// Hoffmann et al. 2022, approach 3, rounded: (1.69, 406.4, 410.7, 0.34, 0.28).
pub fn h22() -> ChinchillaParams {
    params(fixtures::HOFFMANN_2022)
}

/// Besiroglu et al. 2024 re-fit: (1.8172, 482.01, 2085.43, 0.3478, 0.3658).
pub fn b24() -> ChinchillaParams {
    params(fixtures::BESIROGLU_2024)
}

/// The tests' own L(N, D) = E + A N^-alpha + B D^-beta.
pub fn loss(p: &ChinchillaParams, n: f64, d: f64) -> f64 {
    p.e + p.a * n.powf(-p.alpha) + p.b * d.powf(-p.beta)
}

/// The tests' own D(N) on the constraint L(N, D) = target, or None when N <= N_min.
pub fn tokens_for_loss(p: &ChinchillaParams, target: f64, n: f64) -> Option<f64> {
    let left = target - p.e - p.a * n.powf(-p.alpha);
    (left > 0.0).then(|| (p.b / left).powf(1.0 / p.beta))
}

/// A short description of a parameter set for failure messages.
pub fn describe(p: &ChinchillaParams) -> String {
    format!(
        "(E {}, A {}, B {}, alpha {}, beta {})",
        p.e, p.a, p.b, p.alpha, p.beta
    )
}

/// The golden compute-optimal row of a parameter set and budget.
pub fn optimal_row(name: &str, compute: f64) -> (f64, f64, f64) {
    let row = fixtures::COMPUTE_OPTIMAL
        .iter()
        .find(|r| r.0 == name && r.2 == compute)
        .unwrap_or_else(|| panic!("no golden compute-optimal row for {name} at {compute:e}"));
    (row.3, row.4, row.5)
}

/// The golden inference-aware row: (N*, D*, total).
pub fn inference_row(name: &str, target: f64, d_inf: f64) -> (f64, f64, f64) {
    let row = fixtures::INFERENCE_AWARE
        .iter()
        .find(|r| r.0 == name && r.2 == target && r.3 == d_inf)
        .unwrap_or_else(|| panic!("no golden inference-aware row for {name}, {target}, {d_inf:e}"));
    (row.4, row.5, row.6)
}

/// Checks an inference-aware allocation against its golden optimum at the statement's
/// tolerances: L(N, D) = target (rtol 1e-12, the tests' own L), loss = target (rtol 1e-12),
/// train_flops = 6ND and total_flops = train_flops + 2 N D_inf (rtol 1e-12), total_flops
/// within rtol 1e-9 of the optimum, and N, D within rtol 1e-4 of the optimiser.
#[allow(clippy::too_many_arguments)]
pub fn check_inference_allocation(
    what: &str,
    got: &theory_002_scaling_laws::Allocation,
    p: &ChinchillaParams,
    target: f64,
    d_inf: f64,
    want: (f64, f64, f64),
    likely: &str,
) {
    use grading_support::assert_close;
    let (n, d) = (got.n_params, got.n_tokens);
    assert_close(
        &format!("{what}: L(N, D) at the returned N = {n:e}, D = {d:e}"),
        loss(p, n, d),
        target,
        1e-12,
        0.0,
        &format!(
            "the returned (N, D) must reach the target loss exactly: D(N) = (B / (target - E - \
             A N^-alpha))^(1/beta). {likely}"
        ),
    );
    assert_close(
        &format!("{what}: loss field"),
        got.loss,
        target,
        1e-12,
        0.0,
        "loss = L(N, D)",
    );
    assert_close(
        &format!("{what}: train_flops"),
        got.train_flops,
        6.0 * n * d,
        1e-12,
        0.0,
        "train_flops = 6 N D",
    );
    assert_close(
        &format!("{what}: total_flops"),
        got.total_flops,
        got.train_flops + 2.0 * n * d_inf,
        1e-12,
        0.0,
        "total_flops = 6 N D + 2 N D_inf (2 FLOPs per parameter per inference token)",
    );
    assert_close(
        &format!("{what}: total_flops at the optimum"),
        got.total_flops,
        want.2,
        1e-9,
        0.0,
        likely,
    );
    assert_close(
        &format!("{what}: N at the optimum"),
        n,
        want.0,
        1e-4,
        0.0,
        likely,
    );
    assert_close(
        &format!("{what}: D at the optimum"),
        d,
        want.1,
        1e-4,
        0.0,
        likely,
    );
}
