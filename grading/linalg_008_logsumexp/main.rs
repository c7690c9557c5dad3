//! Hidden tests of `linalg_008_logsumexp`, compiled against the learner's crate (or the
//! reference solution): golden values from scipy, numpy and ml_dtypes, every edge input of
//! the statement, its properties, and one test per classic mistake.
//!
//! The task has no randomness, so there is no statistical module.

// The statement's test values (1.000732421875 = 1 + 3·2^-12, ...) are exact binary fractions
// written in decimal, as the statement writes them.
#![allow(clippy::excessive_precision)]

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;

/// The golden values, written by `fixtures/linalg_008_logsumexp/generate.py`.
#[allow(
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal,
    clippy::type_complexity
)]
mod fixtures {
    include!("../../fixtures/linalg_008_logsumexp/golden.rs");
}

use ndarray::Array1;

/// Owned gradient tensors from a fixture's nested slices.
fn tensors(ts: &[&[f64]]) -> Vec<Array1<f64>> {
    ts.iter().map(|t| Array1::from(t.to_vec())).collect()
}

/// All entries of a list of tensors, tensor-major.
fn flatten(ts: &[Array1<f64>]) -> Vec<f64> {
    ts.iter().flat_map(|t| t.iter().copied()).collect()
}

/// The bit patterns of all entries (to check "bitwise unchanged").
fn bit_patterns(ts: &[Array1<f64>]) -> Vec<u64> {
    ts.iter()
        .flat_map(|t| t.iter().map(|v| v.to_bits()))
        .collect()
}

/// A 16-bit format described for the tests' own arithmetic.
struct FormatParameters {
    /// Stored fraction bits (10 for binary16, 7 for bfloat16).
    fraction_bits: i32,
    /// Exponent of the smallest normal number.
    min_exponent: i32,
    /// Exponent of the largest finite number.
    max_exponent: i32,
    /// The largest finite number.
    max_finite: f64,
}

fn format_parameters(format: linalg_008_logsumexp::FloatFormat) -> FormatParameters {
    match format {
        linalg_008_logsumexp::FloatFormat::F16 => FormatParameters {
            fraction_bits: 10,
            min_exponent: -14,
            max_exponent: 15,
            max_finite: 65504.0,
        },
        linalg_008_logsumexp::FloatFormat::BF16 => FormatParameters {
            fraction_bits: 7,
            min_exponent: -126,
            max_exponent: 127,
            max_finite: 3.3895313892515355e38,
        },
    }
}
