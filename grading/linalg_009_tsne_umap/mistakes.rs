//! One test per classic mistake of the statement, on the input that exposes it.

use crate::fixtures::KL;
use crate::{KL_ATOL, KL_RTOL, affinities, kl_gradient, matrix, row_entropy};
use grading_support::{assert_all_close, assert_close, ensure};
use linalg_009_tsne_umap::{JlBound, hash_features, jl_min_dim, sparse_random_projection};
use ndarray::{Array2, array};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, StandardNormal};

#[test]
fn entropy_target_is_ln_perplexity_in_nats() {
    // 8 points on a line; perp = 5. log2(5) = 2.32 is even above ln 7 = 1.95, the largest
    // entropy a row of 7 neighbours can have.
    let x = [0.0, 0.5, 1.7, 2.0, 3.1, 4.4, 6.0, 9.0_f64];
    let d = Array2::from_shape_fn((8, 8), |(i, j)| (x[i] - x[j]).powi(2));
    let a = affinities(d.view(), 5.0);
    for i in 0..8 {
        assert_close(
            &format!("entropy (nats) of row {i} at perp = 5"),
            row_entropy(a.conditional.view(), i),
            5f64.ln(),
            0.0,
            1e-9,
            "the entropy is in nats (natural log), so the target is ln(perp) = 1.609, not log2(perp) = 2.322",
        );
    }
}

#[test]
fn affinities_shift_by_the_row_minimum() {
    let d = array![
        [0.0, 1000.0, 1001.0, 1002.0],
        [1000.0, 0.0, 1.0, 4.0],
        [1001.0, 1.0, 0.0, 2.5],
        [1002.0, 4.0, 2.5, 0.0]
    ];
    let a = affinities(d.view(), 2.0);
    // Row 0 has shifted distances [0, 1, 2] to points 1..3; the calibrated beta is 1.326.
    let want = [0.0, 0.74851346485089, 0.19872595453252642, 0.05276058061658368];
    assert_all_close(
        "tsne_affinities(row 0 = [0, 1000, 1001, 1002], perp 2).conditional row 0",
        a.conditional.row(0).as_slice().unwrap(),
        &want,
        0.0,
        1e-6,
        "exp(-beta * 1000) underflows to 0 and the row becomes 0/0 = NaN: subtract the row's \
         smallest off-diagonal distance before exponentiating (P does not change)",
    );
}

#[test]
fn kl_gradient_has_the_factor_four() {
    let &(name, n, d, p, y, _, grad_want) = &KL[0];
    let (_, grad) = kl_gradient(matrix(p, n, n).view(), matrix(y, n, d).view());
    let ratio = grad_want[0] / grad[[0, 0]];
    assert_all_close(
        &format!("tsne_kl_gradient({name}) gradient (expected / got for entry 0 = {ratio:.4})"),
        grad.as_slice().unwrap(),
        grad_want,
        KL_RTOL,
        KL_ATOL,
        "dKL/dy_i = 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j): a ratio of 4 means the factor 4 is \
         missing; w_ij is the Student-t kernel 1/(1 + |y_i - y_j|^2), not a Gaussian",
    );
}

#[test]
fn q_is_normalised_over_all_pairs() {
    for &(name, n, d, p, y, kl_want, _) in KL.iter().take(4) {
        let (kl, _) = kl_gradient(matrix(p, n, n).view(), matrix(y, n, d).view());
        assert_close(
            &format!("tsne_kl_gradient({name}) KL"),
            kl,
            kl_want,
            KL_RTOL,
            KL_ATOL,
            "t-SNE's Q is joint: q_ij = w_ij / Z with Z = sum over ALL pairs k != l; normalising \
             each row separately gives conditional q's and a different KL",
        );
    }
}

#[test]
fn jl_min_dim_takes_the_ceiling_not_the_floor() {
    let got = jl_min_dim(1000, 0.1, JlBound::DasguptaGupta);
    ensure(
        got == Ok(5921),
        || format!("jl_min_dim(1000, 0.1, DasguptaGupta): expected Ok(5921), got {got:?}"),
        "4 ln 1000 / (0.005 - 0.000333) = 5920.4: a dimension that guarantees the bound is the \
         CEILING; sklearn's johnson_lindenstrauss_min_dim truncates to 5920",
    );
}

#[test]
fn sparse_projection_is_scaled_by_sqrt_s_over_k() {
    // One seed of the statistical norm check (6.7 sigma).
    let (dim, n_points, k) = (1000, 50, jl_min_dim(50, 0.5, JlBound::DasguptaGupta).unwrap());
    let mut data_rng = StdRng::seed_from_u64(77);
    let x = Array2::from_shape_fn((dim, n_points), |_| StandardNormal.sample(&mut data_rng));
    let r = sparse_random_projection(dim, k, 3.0, &mut StdRng::seed_from_u64(1)).unwrap();
    let rx = r.dot(&x);
    let ratio = rx.iter().map(|v| v * v).sum::<f64>() / x.iter().map(|v| v * v).sum::<f64>();
    ensure(
        (ratio - 1.0).abs() <= 0.1,
        || format!("k = {k}, s = 3: sum ||Rx||^2 / sum ||x||^2 expected 1 +- 0.1, got {ratio}"),
        "the nonzero entries are +-sqrt(s/k), so that E||Rx||^2 = ||x||^2; with +-1 the ratio is about k/s",
    );
}

#[test]
fn hashing_uses_the_alternate_sign() {
    let out = hash_features(&[("dog", 0.5)], 16).expect("valid input");
    ensure(
        out[5] == -0.5,
        || format!("hash_features([(\"dog\", 0.5)], 16)[5]: expected -0.5, got {}", out[5]),
        "murmurhash3(\"dog\") as i32 is negative, so the value enters with sign -1 (alternate_sign=True)",
    );
}

#[test]
fn hash_collisions_add_up() {
    let out = hash_features(&[("hello", 1.0), ("cat", 2.0)], 16).expect("valid input");
    ensure(
        out[7] == 3.0,
        || format!("hash_features([(\"hello\", 1.0), (\"cat\", 2.0)], 16)[7]: expected 3.0, got {}", out[7]),
        "\"hello\" and \"cat\" collide in bucket 7: out[index] += sign * v, never =",
    );
}
