//! Every row of the statement's edge-input table, and the validation of each function.

use crate::{affinities, matrix, row_entropy, trust};
use grading_support::{assert_close, ensure};
use linalg_009_tsne_umap::{
    Error, JlBound, hash_features, jl_min_dim, murmurhash3_x86_32, sparse_random_projection,
    trustworthiness, tsne_affinities, tsne_kl_gradient,
};
use ndarray::{Array2, array};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Squared distances of 5 points on a line at 0, 1, 3, 6, 10 (no ties).
fn line5() -> Array2<f64> {
    let x = [0.0, 1.0, 3.0, 6.0, 10.0_f64];
    Array2::from_shape_fn((5, 5), |(i, j)| (x[i] - x[j]).powi(2))
}

#[test]
fn affinities_of_a_two_point_matrix_are_too_few_points() {
    let r = tsne_affinities(array![[0.0, 1.0], [1.0, 0.0]].view(), 1.5);
    ensure(
        r == Err(Error::TooFewPoints { n: 2, min: 3 }),
        || format!("tsne_affinities(2x2, 1.5): expected Err(TooFewPoints {{ n: 2, min: 3 }}), got {r:?}"),
        "t-SNE affinities need n >= 3 (perplexity in (1, n-1] is empty for n = 2)",
    );
}

#[test]
fn affinities_validate_in_order() {
    let r = tsne_affinities(Array2::<f64>::zeros((2, 3)).view(), 2.0);
    ensure(matches!(r, Err(Error::NotSquare { rows: 2, cols: 3 })), || format!("2x3 matrix: expected NotSquare {{ rows: 2, cols: 3 }}, got {r:?}"), "check the shape first");
    // Not square AND too small: the shape wins.
    let r = tsne_affinities(Array2::<f64>::zeros((1, 2)).view(), 2.0);
    ensure(matches!(r, Err(Error::NotSquare { .. })), || format!("1x2 matrix: expected NotSquare, got {r:?}"), "NotSquare is checked before TooFewPoints");
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let mut d = line5();
        d[[2, 4]] = bad;
        let r = tsne_affinities(d.view(), 2.0);
        ensure(matches!(r, Err(Error::InvalidDistance { row: 2, col: 4 })), || format!("d[2][4] = {bad}: expected InvalidDistance {{ row: 2, col: 4 }}, got {r:?}"), "an off-diagonal squared distance must be finite and >= 0");
        // Together with a bad perplexity, the distance is reported first.
        let r = tsne_affinities(d.view(), 100.0);
        ensure(matches!(r, Err(Error::InvalidDistance { .. })), || format!("bad distance and perp 100: expected InvalidDistance, got {r:?}"), "distances are validated before the perplexity");
    }
    // The diagonal is ignored.
    let mut d = line5();
    d[[1, 1]] = f64::NAN;
    let a = affinities(d.view(), 2.0);
    ensure(a.conditional[[1, 1]] == 0.0 && a.conditional.iter().all(|v| v.is_finite()), || format!("NaN on the diagonal: expected finite P with a zero diagonal, got {:?}", a.conditional), "the diagonal of the distance matrix is ignored");
    for perp in [1.0, 0.5, 4.0 + 1e-9, 5.0, f64::NAN, f64::INFINITY, -3.0] {
        let r = tsne_affinities(line5().view(), perp);
        ensure(matches!(r, Err(Error::InvalidPerplexity { .. })), || format!("n = 5, perp = {perp}: expected InvalidPerplexity, got {r:?}"), "the perplexity must be finite and in (1, n - 1]");
    }
}

#[test]
fn perplexity_n_minus_one_gives_beta_zero_and_uniform_rows() {
    let a = affinities(line5().view(), 4.0);
    for i in 0..5 {
        assert_close(&format!("betas[{i}] at perp = n - 1"), a.betas[i], 0.0, 0.0, 1e-12, "perp = n - 1 is the uniform distribution: beta = 0");
        for j in 0..5 {
            let want = if i == j { 0.0 } else { 0.25 };
            assert_close(&format!("conditional[{i}][{j}] at perp = n - 1"), a.conditional[[i, j]], want, 0.0, 1e-12, "beta = 0 makes every P_{j|i} = 1/(n-1)");
        }
    }
}

#[test]
fn two_tied_nearest_neighbours_make_perplexity_two_unreachable() {
    // Row 2 (x = 2) has two nearest neighbours at squared distance 1 (x = 1 and x = 3): its
    // entropy never drops below ln 2. Rows 0 and 1 are fine.
    let x = [0.0, 1.0, 2.0, 3.0, 7.0_f64];
    let d = Array2::from_shape_fn((5, 5), |(i, j)| (x[i] - x[j]).powi(2));
    let r = tsne_affinities(d.view(), 2.0);
    ensure(
        r == Err(Error::PerplexityUnreachable { row: 1 }) || r == Err(Error::PerplexityUnreachable { row: 2 }),
        || format!("points 0,1,2,3,7, perp = 2: expected Err(PerplexityUnreachable {{ row: 1 }}) (rows 1 and 2 each have two tied nearest neighbours), got {r:?}"),
        "with m_i tied nearest neighbours H decreases only to ln m_i: perp <= m_i (and perp < n-1) cannot be reached",
    );
    ensure(r == Err(Error::PerplexityUnreachable { row: 1 }), || format!("expected the FIRST unreachable row (1), got {r:?}"), "report the first row that cannot be calibrated");
    // Just above the tie count it is reachable.
    let a = affinities(d.view(), 2.2);
    assert_close("entropy of row 1 at perp 2.2", row_entropy(a.conditional.view(), 1), 2.2f64.ln(), 0.0, 1e-9, "perp just above the tie count is reachable with a large beta");
}

#[test]
fn a_far_point_does_not_underflow() {
    let d = array![
        [0.0, 1000.0, 1001.0, 1002.0],
        [1000.0, 0.0, 1.0, 4.0],
        [1001.0, 1.0, 0.0, 2.5],
        [1002.0, 4.0, 2.5, 0.0]
    ];
    let a = affinities(d.view(), 2.0);
    ensure(a.conditional.iter().chain(a.joint.iter()).all(|v| v.is_finite()), || format!("row [0, 1000, 1001, 1002], perp 2: expected finite P, got {:?}", a.conditional.row(0)), "exp(-beta * 1000) underflows: subtract the row minimum before exponentiating");
    assert_close("entropy of row 0", row_entropy(a.conditional.view(), 0), 2f64.ln(), 0.0, 1e-9, "shift by the row minimum; P is unchanged by the shift");
    let off: Vec<f64> = (1..4).map(|j| a.conditional[[0, j]]).collect();
    ensure(off[0] > off[1] && off[1] > off[2] && off[2] > 1e-3, || format!("row 0 = [0, 1000, 1001, 1002], perp 2: expected P decreasing in the distance and all > 1e-3 (about [0.749, 0.199, 0.053]), got {off:?}"), "exp(-beta * 1000) underflows: subtract the row minimum before exponentiating");
}

#[test]
fn trustworthiness_of_x_against_itself_is_one() {
    let x = matrix(&[0.0, 0.0, 1.0, 0.5, 2.0, 3.0, -1.0, 4.0, 5.0, -2.0, 0.3, 0.9, 7.0, 1.0], 7, 2);
    for k in 1..=3 {
        let t = trust(x.view(), x.view(), k);
        assert_close(&format!("trustworthiness(x, x, {k})"), t, 1.0, 1e-12, 0.0, "an embedding identical to the input has no intruders: the penalty is 0");
    }
}

#[test]
fn trustworthiness_rejects_k_of_half_n() {
    let x = Array2::from_shape_fn((10, 2), |(i, j)| (i * i + 3 * j) as f64);
    let r = trustworthiness(x.view(), x.view(), 5);
    ensure(r == Err(Error::InvalidNeighbors { k: 5, n: 10 }), || format!("k = 5, n = 10: expected Err(InvalidNeighbors {{ k: 5, n: 10 }}), got {r:?}"), "sklearn requires n_neighbors < n_samples / 2, i.e. 2k < n");
    let r = trustworthiness(x.view(), x.view(), 0);
    ensure(matches!(r, Err(Error::InvalidNeighbors { k: 0, n: 10 })), || format!("k = 0: expected InvalidNeighbors, got {r:?}"), "k >= 1");
    let t = trust(x.view(), x.view(), 4);
    assert_close("trustworthiness(x, x, 4) with n = 10", t, 1.0, 1e-12, 0.0, "2k < n: k = 4 is valid for n = 10");
}

#[test]
fn trustworthiness_validates_in_order() {
    let x = Array2::from_shape_fn((6, 3), |(i, j)| (i + j * j) as f64);
    let y = Array2::<f64>::zeros((5, 2));
    let r = trustworthiness(x.view(), y.view(), 1);
    ensure(matches!(r, Err(Error::DimensionMismatch { .. })), || format!("6 vs 5 rows: expected DimensionMismatch, got {r:?}"), "x and y must have the same number of points");
    let mut y = Array2::from_shape_fn((6, 2), |(i, j)| (i * 2 + j) as f64);
    y[[3, 1]] = f64::NAN;
    let r = trustworthiness(x.view(), y.view(), 10);
    ensure(matches!(r, Err(Error::NonFinite { row: 3, col: 1 })), || format!("y[3][1] = NaN with k = 10: expected NonFinite {{ row: 3, col: 1 }}, got {r:?}"), "finiteness is checked before k");
}

#[test]
fn kl_gradient_validates_in_order() {
    let p = array![[0.0, 0.25, 0.25], [0.25, 0.0, 0.0], [0.25, 0.0, 0.0]];
    let y = array![[0.0], [1.0], [3.0]];
    let r = tsne_kl_gradient(Array2::<f64>::zeros((2, 3)).view(), y.view());
    ensure(matches!(r, Err(Error::NotSquare { .. })), || format!("2x3 P: expected NotSquare, got {r:?}"), "P must be square");
    let r = tsne_kl_gradient(array![[1.0]].view(), array![[0.0]].view());
    ensure(matches!(r, Err(Error::TooFewPoints { n: 1, min: 2 })), || format!("1x1 P: expected TooFewPoints {{ n: 1, min: 2 }}, got {r:?}"), "the KL gradient needs n >= 2");
    let r = tsne_kl_gradient(p.view(), array![[0.0], [1.0]].view());
    ensure(matches!(r, Err(Error::DimensionMismatch { .. })), || format!("3x3 P, 2 rows of y: expected DimensionMismatch, got {r:?}"), "y must have one row per point");
    let r = tsne_kl_gradient(p.view(), Array2::<f64>::zeros((3, 0)).view());
    ensure(matches!(r, Err(Error::DimensionMismatch { .. })), || format!("y with 0 columns: expected DimensionMismatch, got {r:?}"), "the embedding dimension must be >= 1");
    let bad_ps = [
        ("asymmetric", array![[0.0, 0.3, 0.2], [0.2, 0.0, 0.0], [0.3, 0.0, 0.0]]),
        ("nonzero diagonal", array![[0.1, 0.2, 0.25], [0.2, 0.0, 0.0], [0.25, 0.0, 0.0]]),
        ("sums to 1.1", array![[0.0, 0.3, 0.25], [0.3, 0.0, 0.0], [0.25, 0.0, 0.0]]),
        ("negative", array![[0.0, 0.75, -0.25], [0.75, 0.0, 0.0], [-0.25, 0.0, 0.0]]),
        ("NaN", array![[0.0, f64::NAN, 0.25], [f64::NAN, 0.0, 0.0], [0.25, 0.0, 0.0]]),
    ];
    for (what, bad) in bad_ps {
        let r = tsne_kl_gradient(bad.view(), array![[0.0], [1.0], [f64::NAN]].view());
        ensure(matches!(r, Err(Error::InvalidJointP)), || format!("P {what} (and a NaN in y): expected InvalidJointP, got {r:?}"), "P must be finite, >= 0, symmetric, zero on the diagonal and sum to 1; it is checked before y");
    }
    let r = tsne_kl_gradient(p.view(), array![[0.0], [f64::INFINITY], [3.0]].view());
    ensure(matches!(r, Err(Error::NonFinite { row: 1, col: 0 })), || format!("y[1][0] = inf: expected NonFinite {{ row: 1, col: 0 }}, got {r:?}"), "y must be finite");
}

#[test]
fn jl_min_dim_statement_values() {
    for (n, eps, dg, simple) in [(1000, 0.1, 5921, 5527), (100, 0.5, 222, 148), (10000, 0.2, 2126, 1843)] {
        for (bound, want) in [(JlBound::DasguptaGupta, dg), (JlBound::Simple, simple)] {
            let got = jl_min_dim(n, eps, bound);
            ensure(got == Ok(want), || format!("jl_min_dim({n}, {eps}, {bound:?}): expected Ok({want}), got {got:?}"), "ceil of 4 ln n/(eps^2/2 - eps^3/3) (DG) or 8 ln n/eps^2 (Simple), natural log");
        }
    }
    for bound in [JlBound::DasguptaGupta, JlBound::Simple] {
        let got = jl_min_dim(1, 0.5, bound);
        ensure(got == Ok(0), || format!("jl_min_dim(1, 0.5, {bound:?}): expected Ok(0), got {got:?}"), "ln 1 = 0: one point needs no dimensions");
        let got = jl_min_dim(0, 0.5, bound);
        ensure(got == Err(Error::InvalidDimension), || format!("jl_min_dim(0, ..): expected InvalidDimension, got {got:?}"), "n_samples >= 1");
        let got = jl_min_dim(0, 2.0, bound);
        ensure(got == Err(Error::InvalidDimension), || format!("jl_min_dim(0, 2.0): expected InvalidDimension (checked first), got {got:?}"), "n_samples is checked before eps");
        for eps in [0.0, 1.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            let got = jl_min_dim(10, eps, bound);
            ensure(matches!(got, Err(Error::InvalidEpsilon { .. })), || format!("jl_min_dim(10, {eps}): expected InvalidEpsilon, got {got:?}"), "eps must lie in the open interval (0, 1)");
        }
    }
}

#[test]
fn murmurhash_statement_values_are_provided() {
    // Provided code; this is checked through the learner's hash_features too.
    ensure(murmurhash3_x86_32(b"hello", 0) == 0x248B_FA47 && murmurhash3_x86_32(b"", 0) == 0 && murmurhash3_x86_32(b"foo", 0) == 0xF6A5_C420, || "murmurhash3_x86_32 statement values".into(), "do not modify the provided hash");
    let out = hash_features(&[("", 2.0)], 7).expect("hash_features accepts an empty name");
    ensure(out[0] == 2.0, || format!("hash_features([(\"\", 2.0)], 7): murmur(\"\") = 0, so expected 2.0 at index 0, got {out:?}"), "h = 0 has sign +1 and index 0");
}

#[test]
fn hash_features_statement_example() {
    let out = hash_features(&[("hello", 1.0), ("cat", 2.0), ("dog", 0.5)], 16).expect("valid input");
    let mut want = [0.0; 16];
    want[7] = 3.0;
    want[5] = -0.5;
    ensure(out.as_slice() == Some(&want[..]), || format!("hash_features(hello 1, cat 2, dog 0.5; 16): expected {want:?}, got {out:?}"), "\"hello\" and \"cat\" both land in bucket 7 with sign +1 and add up; \"dog\" hashes negative: bucket 5, sign -1");
}

#[test]
fn hash_features_validates_in_order() {
    let r = hash_features(&[("a", 1.0)], 0);
    ensure(r == Err(Error::InvalidDimension), || format!("n_features = 0: expected InvalidDimension, got {r:?}"), "n_features >= 1");
    let r = hash_features(&[("a", f64::NAN)], 0);
    ensure(r == Err(Error::InvalidDimension), || format!("n_features = 0 and a NaN value: expected InvalidDimension, got {r:?}"), "n_features is checked first");
    let r = hash_features(&[("a", 1.0), ("b", f64::INFINITY), ("c", f64::NAN)], 8);
    ensure(r == Err(Error::NonFiniteValue { index: 1 }), || format!("values [1, inf, NaN]: expected NonFiniteValue {{ index: 1 }}, got {r:?}"), "report the first pair with a non-finite value");
    let r = hash_features(&[], 4);
    ensure(r.as_ref().map(|v| v.to_vec()) == Ok(vec![0.0; 4]), || format!("no features: expected four zeros, got {r:?}"), "an empty input hashes to the zero vector");
}

#[test]
fn sparse_projection_validates_in_order() {
    let mut rng = StdRng::seed_from_u64(1);
    for (f, c) in [(0, 5), (5, 0), (0, 0)] {
        let r = sparse_random_projection(f, c, 3.0, &mut rng);
        ensure(r == Err(Error::InvalidDimension), || format!("sparse_random_projection({f}, {c}, 3): expected InvalidDimension, got {r:?}"), "both sizes must be >= 1, checked before s");
    }
    let r = sparse_random_projection(0, 5, f64::NAN, &mut rng);
    ensure(r == Err(Error::InvalidDimension), || format!("n_features = 0 and s = NaN: expected InvalidDimension, got {r:?}"), "dimensions are checked before s");
    for s in [0.5, 0.0, -2.0, f64::NAN, f64::INFINITY] {
        let r = sparse_random_projection(5, 5, s, &mut rng);
        ensure(matches!(r, Err(Error::InvalidSparsity { .. })), || format!("s = {s}: expected InvalidSparsity, got {r:?}"), "s must be finite and >= 1");
    }
    // s = 1 is dense Rademacher: no zero at all.
    let r = sparse_random_projection(30, 4, 1.0, &mut rng).expect("s = 1 is valid");
    ensure(r.dim() == (4, 30) && r.iter().all(|&v| v == 0.5 || v == -0.5), || format!("s = 1, k = 4: expected a 4x30 matrix of +-sqrt(1/4) = +-0.5, got {r:?}"), "R is n_components x n_features; with s = 1 every entry is +-sqrt(s/k)");
}
