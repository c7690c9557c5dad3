//! Hidden tests of `linalg_009_tsne_umap`, compiled against the learner's crate (or the
//! reference solution): golden values from scikit-learn and a float64 bisection, every edge
//! input of the statement, its properties, statistical checks of the sparse random
//! projection, and one test per classic mistake.

mod edge_inputs;
mod golden;
mod mistakes;
mod properties;
mod statistical;

/// The golden values, written by `fixtures/linalg_009_tsne_umap/generate.py`.
#[allow(
    dead_code,
    clippy::approx_constant,
    clippy::excessive_precision,
    clippy::unreadable_literal,
    clippy::type_complexity
)]
mod fixtures {
    include!("../../fixtures/linalg_009_tsne_umap/golden.rs");
}

use linalg_009_tsne_umap::{Affinities, tsne_affinities, tsne_kl_gradient, trustworthiness};
use ndarray::{Array2, ArrayView2};

/// Tolerances of the statement.
const P_ATOL: f64 = 1e-6;
const BETA_RTOL: f64 = 1e-6;
const ENTROPY_ATOL: f64 = 1e-9;
const ROW_SUM_ATOL: f64 = 1e-12;
const KL_RTOL: f64 = 1e-9;
const KL_ATOL: f64 = 1e-12;
const TRUST_RTOL: f64 = 1e-12;

/// A row-major slice as an n×m matrix.
fn matrix(values: &[f64], rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_vec((rows, cols), values.to_vec()).expect("fixture shape")
}

/// Squared Euclidean distances between the rows of `x` (the tests' own arithmetic).
fn sq_dists(x: ArrayView2<f64>) -> Array2<f64> {
    let n = x.nrows();
    Array2::from_shape_fn((n, n), |(i, j)| {
        x.row(i).iter().zip(x.row(j)).map(|(a, b)| (a - b) * (a - b)).sum()
    })
}

/// Entropy in nats of row i of `conditional`, the diagonal excluded.
fn row_entropy(conditional: ArrayView2<f64>, i: usize) -> f64 {
    -conditional
        .row(i)
        .iter()
        .enumerate()
        .filter(|&(j, &p)| j != i && p > 0.0)
        .map(|(_, &p)| p * p.ln())
        .sum::<f64>()
}

/// `tsne_affinities` that must succeed.
#[track_caller]
fn affinities(d: ArrayView2<f64>, perp: f64) -> Affinities {
    match tsne_affinities(d, perp) {
        Ok(a) => {
            let n = d.nrows();
            assert_eq!(
                (a.conditional.dim(), a.joint.dim(), a.betas.len()),
                ((n, n), (n, n), n),
                "tsne_affinities(n = {n}, perp = {perp}): wrong output shapes"
            );
            a
        }
        Err(e) => panic!(
            "tsne_affinities(n = {}, perp = {perp}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid input (finite non-negative distances, perp in (1, n-1])",
            d.nrows()
        ),
    }
}

/// `tsne_kl_gradient` that must succeed.
#[track_caller]
fn kl_gradient(p: ArrayView2<f64>, y: ArrayView2<f64>) -> (f64, Array2<f64>) {
    match tsne_kl_gradient(p, y) {
        Ok((kl, g)) => {
            assert_eq!(g.dim(), y.dim(), "tsne_kl_gradient: the gradient must have the shape of y");
            (kl, g)
        }
        Err(e) => panic!(
            "tsne_kl_gradient(n = {}, d = {}): expected Ok, got Err({e:?}).\n\
             Likely mistake: rejecting a valid joint P (symmetric, zero diagonal, sums to 1)",
            y.nrows(),
            y.ncols()
        ),
    }
}

/// `trustworthiness` that must succeed.
#[track_caller]
fn trust(x: ArrayView2<f64>, y: ArrayView2<f64>, k: usize) -> f64 {
    trustworthiness(x, y, k).unwrap_or_else(|e| {
        panic!(
            "trustworthiness(n = {}, k = {k}): expected Ok, got Err({e:?}).\n\
             Likely mistake: the neighbour condition is 1 <= k and 2k < n",
            x.nrows()
        )
    })
}
