//! The statement's properties, with proptest (256 cases, fixed seed) on bounded strategies.

use crate::{ENTROPY_ATOL, P_ATOL, ROW_SUM_ATOL, affinities, kl_gradient, row_entropy, sq_dists, trust};
use grading_support::{close, ensure, proptest_config, same_bits};
use linalg_009_tsne_umap::{JlBound, hash_features, jl_min_dim, sparse_random_projection};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use ndarray::Array2;

/// n points in `dim` dimensions with coordinates in [-3, 3], row-major.
fn points(n: std::ops::RangeInclusive<usize>, dim: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Array2<f64>> {
    (n, dim).prop_flat_map(|(n, d)| {
        prop::collection::vec(-3.0..3.0f64, n * d)
            .prop_map(move |v| Array2::from_shape_vec((n, d), v).unwrap())
    })
}

/// Points plus a perplexity in [1.5, n - 1.5] (away from both ends, where beta is
/// ill-conditioned as a function of H), n in 4..=9.
fn points_and_perplexity() -> impl Strategy<Value = (Array2<f64>, f64)> {
    (points(4..=9, 1..=3), 0.0..=1.0f64).prop_map(|(x, f)| {
        let n = x.nrows() as f64;
        let perp = 1.5 + f * (n - 3.0);
        (x, perp)
    })
}

/// A valid joint P: random positive weights, symmetrised, zero diagonal, normalised.
fn joint_p(n: usize) -> impl Strategy<Value = Array2<f64>> {
    prop::collection::vec(0.01..1.0f64, n * n).prop_map(move |w| {
        let mut p = Array2::from_shape_fn((n, n), |(i, j)| if i == j { 0.0 } else { w[i * n + j] + w[j * n + i] });
        let s = p.sum();
        p.mapv_inplace(|v| v / s);
        p
    })
}

fn p_and_y() -> impl Strategy<Value = (Array2<f64>, Array2<f64>)> {
    (2usize..=7, 1usize..=3).prop_flat_map(|(n, d)| {
        (joint_p(n), prop::collection::vec(-3.0..3.0f64, n * d).prop_map(move |v| Array2::from_shape_vec((n, d), v).unwrap()))
    })
}

/// Borrowed pairs for `hash_features`.
fn refs(v: &[(String, f64)]) -> Vec<(&str, f64)> {
    v.iter().map(|(s, x)| (s.as_str(), *x)).collect()
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Property 1: rows sum to 1, entropy = ln perp, joint symmetric and summing to 1.
    #[test]
    fn affinities_are_calibrated_distributions((x, perp) in points_and_perplexity()) {
        let n = x.nrows();
        let a = affinities(sq_dists(x.view()).view(), perp);
        for i in 0..n {
            let h = row_entropy(a.conditional.view(), i);
            ensure(close(h, perp.ln(), 0.0, ENTROPY_ATOL), || format!("n = {n}, perp = {perp}: entropy of row {i}: expected ln perp = {}, got {h}", perp.ln()), "entropy in nats, target ln(perp)");
            let s = a.conditional.row(i).sum();
            ensure(close(s, 1.0, 0.0, ROW_SUM_ATOL) && a.conditional[[i, i]] == 0.0, || format!("row {i}: sum {s}, diagonal {}", a.conditional[[i, i]]), "rows sum to 1 with a zero diagonal");
            for j in 0..n {
                ensure(a.joint[[i, j]] == a.joint[[j, i]] && a.joint[[i, j]] >= 0.0, || format!("joint[{i}][{j}] = {} vs joint[{j}][{i}] = {}", a.joint[[i, j]], a.joint[[j, i]]), "joint = (P + P^T) / (2n) is exactly symmetric");
            }
        }
        ensure(close(a.joint.sum(), 1.0, 0.0, 1e-12), || format!("sum of joint: expected 1, got {}", a.joint.sum()), "divide P + P^T by 2n");
    }

    /// Property 1: scaling every squared distance by c gives beta / c and the same P.
    #[test]
    fn scaling_distances_scales_beta_inversely((x, perp) in points_and_perplexity(), c in 0.1..10.0f64) {
        let d = sq_dists(x.view());
        let a = affinities(d.view(), perp);
        let b = affinities(d.mapv(|v| v * c).view(), perp);
        for i in 0..x.nrows() {
            ensure(close(b.betas[i], a.betas[i] / c, 1e-4, 1e-12), || format!("distances x {c}: beta[{i}] expected {} / c = {}, got {}", a.betas[i], a.betas[i] / c, b.betas[i]), "P depends on beta * d only, so beta scales as 1/c");
            for j in 0..x.nrows() {
                ensure(close(b.conditional[[i, j]], a.conditional[[i, j]], 0.0, P_ATOL), || format!("distances x {c}: P[{i}][{j}] expected {}, got {}", a.conditional[[i, j]], b.conditional[[i, j]]), "P is invariant under scaling the distances");
            }
        }
    }

    /// Property 1: relabelling the points permutes everything consistently (reversal).
    #[test]
    fn relabelling_points_permutes_the_affinities((x, perp) in points_and_perplexity()) {
        let n = x.nrows();
        let d = sq_dists(x.view());
        let rev = Array2::from_shape_fn((n, n), |(i, j)| d[[n - 1 - i, n - 1 - j]]);
        let a = affinities(d.view(), perp);
        let b = affinities(rev.view(), perp);
        for i in 0..n {
            ensure(close(b.betas[i], a.betas[n - 1 - i], 1e-6, 1e-12), || format!("reversed labels: beta[{i}] expected {}, got {}", a.betas[n - 1 - i], b.betas[i]), "each row's beta depends only on that row's distances");
            for j in 0..n {
                ensure(close(b.joint[[i, j]], a.joint[[n - 1 - i, n - 1 - j]], 0.0, P_ATOL), || format!("reversed labels: joint[{i}][{j}]"), "relabelling permutes P");
            }
        }
    }

    /// Property 2: KL >= 0, the gradient sums to 0, KL is invariant under translation and a
    /// 90-degree rotation.
    #[test]
    fn kl_is_nonnegative_and_invariant((p, y) in p_and_y(), shift in -5.0..5.0f64) {
        let (n, d) = y.dim();
        let (kl, grad) = kl_gradient(p.view(), y.view());
        ensure(kl >= -1e-15, || format!("n = {n}, d = {d}: KL = {kl} < 0"), "KL(P||Q) >= 0 when both P and Q sum to 1 (normalise Q over ALL pairs)");
        for c in 0..d {
            let s: f64 = grad.column(c).sum();
            ensure(s.abs() <= 1e-12, || format!("sum over points of gradient column {c}: expected 0, got {s}"), "translation invariance: the pair terms (y_i - y_j) cancel");
        }
        let (kl_t, _) = kl_gradient(p.view(), y.mapv(|v| v + shift).view());
        ensure(close(kl_t, kl, 1e-12, 1e-13), || format!("KL after translating by {shift}: expected {kl}, got {kl_t}"), "KL depends on distances only");
        if d >= 2 {
            let mut r = y.clone();
            for i in 0..n {
                r[[i, 0]] = -y[[i, 1]];
                r[[i, 1]] = y[[i, 0]];
            }
            let (kl_r, _) = kl_gradient(p.view(), r.view());
            ensure(close(kl_r, kl, 1e-12, 1e-13), || format!("KL after a 90-degree rotation: expected {kl}, got {kl_r}"), "KL depends on distances only");
        }
    }

    /// Property 2: the gradient matches central finite differences (h = 1e-6).
    #[test]
    fn kl_gradient_matches_finite_differences((p, y) in p_and_y()) {
        let (n, d) = y.dim();
        let (_, grad) = kl_gradient(p.view(), y.view());
        let h = 1e-6;
        for i in 0..n {
            for c in 0..d {
                let mut plus = y.clone();
                plus[[i, c]] += h;
                let mut minus = y.clone();
                minus[[i, c]] -= h;
                let fd = (kl_gradient(p.view(), plus.view()).0 - kl_gradient(p.view(), minus.view()).0) / (2.0 * h);
                ensure(close(grad[[i, c]], fd, 1e-5, 1e-8), || format!("dKL/dy[{i}][{c}] (n = {n}, d = {d}): finite difference {fd}, got {}", grad[[i, c]]), "the gradient is 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j): factor 4, Student-t w_ij, global Z");
            }
        }
    }

    /// Property 3: T in [0, 1]; T = 1 for y = 2x + c and for a permutation of the axes. Integer
    /// coordinates, so that ties occur and must be broken the same way in both spaces.
    #[test]
    fn trustworthiness_bounds_and_invariances(
        (n, d, xs, ys) in (5usize..=12, 1usize..=4).prop_flat_map(|(n, d)| (Just(n), Just(d), prop::collection::vec(-20i32..=20, n * d), prop::collection::vec(-20i32..=20, n * 2))),
        k_frac in 0.0..1.0f64, c in -50i32..=50,
    ) {
        let x = Array2::from_shape_vec((n, d), xs.iter().map(|&v| f64::from(v)).collect()).unwrap();
        let y = Array2::from_shape_vec((n, 2), ys.iter().map(|&v| f64::from(v)).collect()).unwrap();
        let k_max = (n - 1) / 2;
        let k = 1 + ((k_frac * k_max as f64) as usize).min(k_max - 1);
        let t = trust(x.view(), y.view(), k);
        ensure((0.0..=1.0).contains(&t), || format!("trustworthiness (n = {n}, k = {k}) = {t}: expected a value in [0, 1]"), "the normaliser is 2/(n k (2n - 3k - 1)) and ranks start at 1");
        let scaled = x.mapv(|v| 2.0 * v + f64::from(c));
        let t2 = trust(x.view(), scaled.view(), k);
        ensure(t2 == 1.0, || format!("trustworthiness(x, 2x + {c}, {k}): expected 1, got {t2}"), "a similarity keeps every neighbourhood; break distance ties by the lower index in both spaces");
        let mut perm = x.clone();
        for col in 0..d {
            perm.column_mut(col).assign(&x.column(d - 1 - col));
        }
        let t3 = trust(x.view(), perm.view(), k);
        ensure(t3 == 1.0, || format!("trustworthiness(x, x with reversed axes, {k}): expected 1, got {t3}"), "permuting coordinates keeps every distance");
    }

    /// Property 4: monotone in eps and n; DasguptaGupta >= Simple.
    #[test]
    fn jl_min_dim_is_monotone(n in 1usize..1_000_000, m in 1usize..1_000_000, e1 in 0.01..0.99f64, e2 in 0.01..0.99f64) {
        let (n_lo, n_hi) = (n.min(m), n.max(m));
        let (e_lo, e_hi) = (e1.min(e2), e1.max(e2));
        for bound in [JlBound::DasguptaGupta, JlBound::Simple] {
            let a = jl_min_dim(n_lo, e_hi, bound).unwrap();
            let b = jl_min_dim(n_hi, e_hi, bound).unwrap();
            let c = jl_min_dim(n_lo, e_lo, bound).unwrap();
            ensure(a <= b && a <= c, || format!("{bound:?}: k({n_lo}, {e_hi}) = {a}, k({n_hi}, {e_hi}) = {b}, k({n_lo}, {e_lo}) = {c}"), "k grows with ln n and shrinks with eps");
        }
        let dg = jl_min_dim(n, e1, JlBound::DasguptaGupta).unwrap();
        let simple = jl_min_dim(n, e1, JlBound::Simple).unwrap();
        ensure(dg >= simple, || format!("jl_min_dim({n}, {e1}): DG {dg} < Simple {simple}"), "4/(eps^2/2 - eps^3/3) >= 8/eps^2 for eps in (0, 1)");
    }

    /// Property 5: same seed, same matrix; every entry is 0 or +-sqrt(s/k).
    #[test]
    fn sparse_projection_is_deterministic_with_the_right_support(f in 1usize..=30, k in 1usize..=12, s in 1.0..8.0f64, seed in 0u64..1000) {
        let a = sparse_random_projection(f, k, s, &mut StdRng::seed_from_u64(seed)).unwrap();
        let b = sparse_random_projection(f, k, s, &mut StdRng::seed_from_u64(seed)).unwrap();
        ensure(a.dim() == (k, f), || format!("shape: expected ({k}, {f}), got {:?}", a.dim()), "R is n_components x n_features");
        ensure(a.iter().zip(b.iter()).all(|(x, y)| same_bits(*x, *y)), || format!("two calls with seed {seed} differ"), "draw every random number from the rng argument");
        let v = (s / k as f64).sqrt();
        ensure(a.iter().all(|&x| x == 0.0 || x == v || x == -v), || format!("s = {s}, k = {k}: expected entries in {{0, +-{v}}}, got {a:?}"), "nonzero entries are +-sqrt(s / n_components)");
    }

    /// Property 6: hashing is linear and does not depend on the order of the pairs.
    #[test]
    fn hashing_is_linear_and_order_free(
        a in prop::collection::vec(("[a-z]{0,5}", -100i32..=100), 0..12),
        b in prop::collection::vec(("[a-z]{0,5}", -100i32..=100), 0..12),
        m in 1usize..=40, c_exp in -3i32..=3,
    ) {
        let to_pairs = |v: &[(String, i32)]| -> Vec<(String, f64)> { v.iter().map(|(s, x)| (s.clone(), f64::from(*x))).collect() };
        let pa = to_pairs(&a);
        let pb = to_pairs(&b);
        let ha = hash_features(&refs(&pa), m).unwrap();
        let hb = hash_features(&refs(&pb), m).unwrap();
        let mut ab = pa.clone();
        ab.extend(pb.iter().cloned());
        let hab = hash_features(&refs(&ab), m).unwrap();
        ensure(hab == &ha + &hb, || format!("hash(a ++ b) = {hab:?}, hash(a) + hash(b) = {:?}", &ha + &hb), "every pair adds sign * value to its bucket");
        let mut rev = ab.clone();
        rev.reverse();
        let hrev = hash_features(&refs(&rev), m).unwrap();
        ensure(hrev == hab, || format!("reversed pairs: {hrev:?} vs {hab:?}"), "the result must not depend on the order of the pairs");
        let c = 2f64.powi(c_exp);
        let scaled: Vec<(String, f64)> = pa.iter().map(|(s, x)| (s.clone(), x * c)).collect();
        let hs = hash_features(&refs(&scaled), m).unwrap();
        ensure(hs == ha.mapv(|v| v * c), || format!("values x {c}: {hs:?} vs {:?}", ha.mapv(|v| v * c)), "hashing is linear in the values");
    }
}
