//! Statistical checks of `sparse_random_projection` on the fixed seeds 1..=5, each at >= 5.5
//! sigma with sigma from theory, never depending on the order or number of random draws; and
//! determinism (same seed, bitwise-identical matrix).

use grading_support::{STATISTICAL_SEEDS, ensure, same_bits};
use linalg_009_tsne_umap::{JlBound, jl_min_dim, sparse_random_projection};
use ndarray::Array2;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};

const Z: f64 = 5.5;

/// 100 x 200 = 20 000 entries: the nonzero count is Binomial(20 000, 1/s), and given it the
/// number of positive entries is Binomial(nonzeros, 1/2).
#[test]
fn sparse_projection_has_density_one_over_s_and_symmetric_signs() {
    let (k, f) = (100usize, 200usize);
    let entries = (k * f) as f64;
    for s in [1.0, 3.0, (f as f64).sqrt(), 10.0] {
        for seed in STATISTICAL_SEEDS {
            let r = sparse_random_projection(f, k, s, &mut StdRng::seed_from_u64(seed)).unwrap();
            let nonzero = r.iter().filter(|&&v| v != 0.0).count() as f64;
            let plus = r.iter().filter(|&&v| v > 0.0).count() as f64;
            let density = 1.0 / s;
            let sigma = (density * (1.0 - density) / entries).sqrt();
            ensure(
                (nonzero / entries - density).abs() <= Z * sigma + 1e-12,
                || format!("s = {s}, seed {seed}: fraction of nonzeros expected {density} +- {}, got {}", Z * sigma, nonzero / entries),
                "each entry is nonzero with probability 1/s (+ with 1/(2s), - with 1/(2s))",
            );
            let sigma_sign = (0.25 / nonzero).sqrt();
            ensure(
                (plus / nonzero - 0.5).abs() <= Z * sigma_sign,
                || format!("s = {s}, seed {seed}: fraction of + among nonzeros expected 0.5 +- {}, got {}", Z * sigma_sign, plus / nonzero),
                "+ and - are equally likely: u < 1/(2s) gives +, 1/(2s) <= u < 1/s gives -",
            );
        }
    }
}

/// 50 Gaussian points in R^1000, k = jl_min_dim(50, 0.5, DG) = 188 components, s = 3.
/// For a fixed unit x, ||Rx||^2 has mean 1 and variance (2 + (s - 3) sum x_j^4) / k = 2/k; the
/// points share R, which adds Var(||R||_F^2 / D) = s (1 - 1/s) / (k D) to the mean. sigma of the
/// mean over the points = sqrt(2/(50 k) + 2/(k D)) = 0.0150, so 0.1 is 6.7 sigma.
#[test]
fn sparse_projection_preserves_squared_norms_on_average() {
    let d = 1000;
    let n_points = 50;
    let k = jl_min_dim(50, 0.5, JlBound::DasguptaGupta).unwrap();
    for seed in STATISTICAL_SEEDS {
        let mut data_rng = StdRng::seed_from_u64(1000 + seed);
        let x = Array2::from_shape_fn((d, n_points), |_| StandardNormal.sample(&mut data_rng));
        let r = sparse_random_projection(d, k, 3.0, &mut StdRng::seed_from_u64(seed)).unwrap();
        let rx = r.dot(&x);
        let mean_ratio = (0..n_points)
            .map(|j| rx.column(j).iter().map(|v| v * v).sum::<f64>() / x.column(j).iter().map(|v| v * v).sum::<f64>())
            .sum::<f64>()
            / n_points as f64;
        ensure(
            (mean_ratio - 1.0).abs() <= 0.1,
            || format!("seed {seed}, k = {k}, s = 3: mean ||Rx||^2/||x||^2 expected 1 +- 0.1 (6.7 sigma), got {mean_ratio}"),
            "scale the nonzero entries by sqrt(s / n_components): then E||Rx||^2 = ||x||^2 (without it the ratio is about k/s)",
        );
    }
}

#[test]
fn sparse_projection_is_deterministic_for_a_seed() {
    for seed in STATISTICAL_SEEDS {
        let a = sparse_random_projection(300, 40, 5.0, &mut StdRng::seed_from_u64(seed)).unwrap();
        let b = sparse_random_projection(300, 40, 5.0, &mut StdRng::seed_from_u64(seed)).unwrap();
        ensure(
            a.iter().zip(b.iter()).all(|(x, y)| same_bits(*x, *y)),
            || format!("seed {seed}: two calls with the same seed gave different matrices"),
            "draw all randomness from the rng argument (no thread_rng, no clock)",
        );
    }
}
