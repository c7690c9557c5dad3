//! The statement's properties, checked with proptest on bounded strategies
//! (`grading_support::proptest_config()`: 256 cases, fixed seed).

use grading_support::{ensure, proptest_config};
use ndarray::Array2;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use theory_001_vc_dimension::{
    HypothesisClass, PacSetting, count_dichotomies, empirical_rademacher, log_sauer_shelah,
    pac_sample_complexity, vc_generalization_bound,
};

use crate::{SAUER_RTOL, sauer_sum};

/// The VC dimension of each class.
fn vc_dim(class: HypothesisClass) -> u64 {
    match class {
        HypothesisClass::Thresholds1D => 1,
        HypothesisClass::Intervals1D => 2,
        HypothesisClass::AxisAlignedRectangles2D => 4,
    }
}

fn any_class() -> impl Strategy<Value = HypothesisClass> {
    prop_oneof![
        Just(HypothesisClass::Thresholds1D),
        Just(HypothesisClass::Intervals1D),
        Just(HypothesisClass::AxisAlignedRectangles2D),
    ]
}

/// Up to `max_n` points with small integer coordinates (many ties), as rows of two values;
/// the 1-D classes use the first coordinate only.
fn grid_points(max_n: usize) -> impl Strategy<Value = Vec<[f64; 2]>> {
    prop::collection::vec(
        (-6i32..=6, -6i32..=6).prop_map(|(a, b)| [f64::from(a), f64::from(b)]),
        0..=max_n,
    )
}

/// The matrix of `points` that `class` expects.
fn as_matrix(points: &[[f64; 2]], class: HypothesisClass) -> Array2<f64> {
    if class == HypothesisClass::AxisAlignedRectangles2D {
        Array2::from_shape_vec(
            (points.len(), 2),
            points.iter().flatten().copied().collect(),
        )
    } else {
        Array2::from_shape_vec((points.len(), 1), points.iter().map(|p| p[0]).collect())
    }
    .expect("shape")
}

fn count_of(points: &[[f64; 2]], class: HypothesisClass) -> Result<u64, TestCaseError> {
    count_dichotomies(as_matrix(points, class).view(), class).map_err(|e| {
        TestCaseError::fail(format!(
            "count_dichotomies({points:?}, {class:?}): expected Ok, got Err({e:?})"
        ))
    })
}

fn check_same_count(
    base: u64,
    points: &[[f64; 2]],
    transformed: &[[f64; 2]],
    class: HypothesisClass,
    how: &str,
    mistake: &str,
) -> Result<(), TestCaseError> {
    let got = count_of(transformed, class)?;
    ensure(
        got == base,
        || {
            format!(
                "count_dichotomies after {how}: {transformed:?} (from {points:?}), {class:?}: \
                 expected {base} as before, got {got}"
            )
        },
        mistake,
    );
    Ok(())
}

fn rademacher_of(h: &Array2<f64>) -> Result<f64, TestCaseError> {
    empirical_rademacher(h.view()).map_err(|e| {
        TestCaseError::fail(format!(
            "empirical_rademacher({h:?}): expected Ok, got Err({e:?})"
        ))
    })
}

/// A k × n matrix with 1 <= k <= 4, 1 <= n <= 6 and entries in [-2, 2].
fn predictions() -> impl Strategy<Value = Array2<f64>> {
    (1usize..=4, 1usize..=6).prop_flat_map(|(k, n)| {
        prop::collection::vec(-2.0..=2.0f64, k * n)
            .prop_map(move |v| Array2::from_shape_vec((k, n), v).expect("shape"))
    })
}

const RAD_PROP_ATOL: f64 = 1e-13;

proptest! {
    #![proptest_config(proptest_config())]

    // ----- property 1: log_sauer_shelah -----------------------------------------------------

    /// n <= d gives n ln 2.
    #[test]
    fn sauer_is_n_ln_2_when_n_is_at_most_d(d in 0u64..=20_000, frac in 0.0..=1.0f64) {
        let n = (d as f64 * frac) as u64;
        let got = log_sauer_shelah(d, n);
        let want = n as f64 * std::f64::consts::LN_2;
        ensure(
            (got - want).abs() <= SAUER_RTOL * want,
            || format!("log_sauer_shelah({d}, {n}): expected n ln 2 = {want:?} (rtol 1e-12), got {got:?}"),
            "for n <= d the sum is sum_(i <= n) C(n, i) = 2^n",
        );
    }

    /// ln sum_(i <= d) C(n, i) <= d ln(en/d) for n >= d >= 1.
    #[test]
    fn sauer_is_at_most_d_ln_en_over_d(d in 1u64..=1000, extra in 0u64..=1_000_000) {
        let n = d + extra;
        let got = log_sauer_shelah(d, n);
        let bound = d as f64 * ((n as f64 / d as f64).ln() + 1.0);
        ensure(
            got <= bound * (1.0 + 1e-12),
            || format!("log_sauer_shelah({d}, {n}) = {got:?}: expected at most d (ln(n/d) + 1) = {bound:?}"),
            "the sum is bounded by (en/d)^d; a larger value means extra terms or a wrong binomial",
        );
    }

    /// Non-decreasing in d and in n.
    #[test]
    fn sauer_is_non_decreasing_in_d_and_n(d in 0u64..=300, n in 0u64..=5000) {
        let base = log_sauer_shelah(d, n);
        let more_d = log_sauer_shelah(d + 1, n);
        let more_n = log_sauer_shelah(d, n + 1);
        ensure(
            more_d >= base * (1.0 - 1e-13) && more_n >= base * (1.0 - 1e-13),
            || format!(
                "log_sauer_shelah({d}, {n}) = {base:?}: expected at most ({}, {n}) = {more_d:?} and ({d}, {}) = {more_n:?}",
                d + 1, n + 1
            ),
            "adding a term (d + 1) or a point (C(n + 1, i) >= C(n, i)) never decreases the sum",
        );
    }

    // ----- property 2: count_dichotomies ----------------------------------------------------

    /// At most 2^n, and at most the Sauer–Shelah bound of the class's VC dimension.
    #[test]
    fn counts_are_at_most_2_to_the_n_and_the_sauer_bound(points in grid_points(9), class in any_class()) {
        let got = count_of(&points, class)?;
        let n = points.len() as u64;
        let d = vc_dim(class);
        let sauer = sauer_sum(d, n);
        ensure(
            got >= 1 && u128::from(got) <= sauer && got <= 1 << n,
            || format!(
                "count_dichotomies({points:?}, {class:?}) = {got}: expected between 1 and min(2^{n}, sum_(i <= {d}) C({n}, i) = {sauer})"
            ),
            "count distinct label vectors only; no class here can exceed the Sauer-Shelah bound of its VC dimension",
        );
        let lss = log_sauer_shelah(d, n);
        ensure(
            (got as f64).ln() <= lss + 1e-12 * lss.max(1.0),
            || format!(
                "ln count_dichotomies({points:?}, {class:?}) = ln {got}: expected at most log_sauer_shelah({d}, {n}) = {lss:?}"
            ),
            "log_sauer_shelah(VC, n) bounds the log of every count of a class of that VC dimension",
        );
    }

    /// Only the order of the coordinates matters: permuting the points, and strictly
    /// increasing maps of each coordinate, leave the count unchanged.
    #[test]
    fn counts_are_invariant_under_permutation_and_increasing_maps(
        (points, shuffled) in grid_points(8).prop_flat_map(|p| (Just(p.clone()), Just(p).prop_shuffle())),
        class in any_class(),
    ) {
        let base = count_of(&points, class)?;
        check_same_count(base, &points, &shuffled, class, "permuting the points",
            "the count is a property of the set of points, not of their order in the matrix")?;
        let affine: Vec<[f64; 2]> = points.iter().map(|p| [2.0 * p[0] + 1.0, 2.0 * p[1] + 1.0]).collect();
        check_same_count(base, &points, &affine, class, "x -> 2x + 1",
            "only the order of the coordinates matters; do not use fixed absolute tolerances or spacings")?;
        let cubed: Vec<[f64; 2]> = points.iter().map(|p| [p[0].powi(3), p[1].powi(3)]).collect();
        check_same_count(base, &points, &cubed, class, "x -> x^3",
            "only the order of the coordinates matters; do not use fixed absolute tolerances or spacings")?;
    }

    /// Appending a copy of an existing point leaves the count unchanged.
    #[test]
    fn appending_a_duplicate_point_changes_nothing(
        (points, which) in grid_points(8).prop_filter("non-empty", |p| !p.is_empty())
            .prop_flat_map(|p| { let n = p.len(); (Just(p), 0..n) }),
        class in any_class(),
    ) {
        let base = count_of(&points, class)?;
        let mut more = points.clone();
        more.push(points[which]);
        check_same_count(base, &points, &more, class, "appending a copy of a point",
            "a duplicate point always gets the same label as the original, so it adds no labeling")?;
    }

    /// No class shatters more points than its VC dimension (floats in general position).
    #[test]
    fn no_class_shatters_more_points_than_its_vc_dimension(
        class in any_class(),
        coords in prop::collection::vec((-10.0..10.0f64, -10.0..10.0f64), 5),
    ) {
        let d = vc_dim(class) as usize;
        let points: Vec<[f64; 2]> = coords[..=d].iter().map(|&(a, b)| [a, b]).collect();
        let got = count_of(&points, class)?;
        ensure(
            got < 1 << (d + 1),
            || format!(
                "count_dichotomies({points:?}, {class:?}) = {got}: expected fewer than 2^{} (the VC dimension is {d})",
                d + 1
            ),
            "a labeling is realizable only if the smallest hypothesis covering the positives covers no negative",
        );
    }

    // ----- property 3: the VC bound ---------------------------------------------------------

    /// Decreasing in n (n >= d), increasing in d, decreasing in delta.
    #[test]
    fn vc_bound_is_monotone(
        r in 0.0..=1.0f64,
        d in 1u64..=200,
        extra in 0u64..=10_000_000,
        more in 1u64..=1_000_000,
        delta in 1e-9..0.98f64,
        delta_factor in 1.001..1.02f64,
    ) {
        let n = d + extra;
        let call = |d: u64, n: u64, delta: f64| vc_generalization_bound(r, d, n, delta)
            .map_err(|e| TestCaseError::fail(format!("vc_generalization_bound({r}, {d}, {n}, {delta}): expected Ok, got Err({e:?})")));
        let base = call(d, n, delta)?;
        let bigger_n = call(d, n + more, delta)?;
        let bigger_d = call(d + 1, n + 1, delta)?;
        let same_n_bigger_d = if d < n { Some(call(d + 1, n, delta)?) } else { None };
        let bigger_delta = call(d, n, delta * delta_factor)?;
        ensure(
            bigger_n < base,
            || format!("vc_generalization_bound({r}, {d}, n, {delta}): expected a decrease from n = {n} ({base:?}) to {} ({bigger_n:?})", n + more),
            "(d (ln(2n/d) + 1) + ln(4/delta)) / n decreases in n for n >= d",
        );
        if let Some(b) = same_n_bigger_d {
            ensure(
                b > base,
                || format!("vc_generalization_bound({r}, d, {n}, {delta}): expected an increase from d = {d} ({base:?}) to {} ({b:?})", d + 1),
                "d (ln(2n/d) + 1) increases in d while d < 2n",
            );
        }
        ensure(
            bigger_d.is_finite() && bigger_delta < base,
            || format!(
                "vc_generalization_bound({r}, {d}, {n}, delta): expected a decrease from delta = {delta} ({base:?}) to {} ({bigger_delta:?})",
                delta * delta_factor
            ),
            "the confidence term ln(4/delta) decreases as delta grows",
        );
    }

    // ----- property 4: PAC sample complexities ----------------------------------------------

    /// Non-increasing in epsilon and delta; Agnostic >= UniformConvergence; Agnostic at eps
    /// is UniformConvergence at eps/2.
    #[test]
    fn pac_is_monotone_and_agnostic_needs_the_most(
        ln_h in 0.0..=100.0f64,
        eps in 0.001..0.99f64,
        eps_factor in 1.0..1.5f64,
        delta in 1e-9..0.99f64,
        delta_factor in 1.0..1.5f64,
    ) {
        let eps2 = (eps * eps_factor).min(0.999);
        let delta2 = (delta * delta_factor).min(0.999);
        let call = |eps: f64, delta: f64, s: PacSetting| pac_sample_complexity(ln_h, eps, delta, s)
            .map_err(|e| TestCaseError::fail(format!("pac_sample_complexity({ln_h}, {eps}, {delta}, {s:?}): expected Ok, got Err({e:?})")));
        for s in [PacSetting::Realizable, PacSetting::UniformConvergence, PacSetting::Agnostic] {
            let base = call(eps, delta, s)?;
            let at_eps2 = call(eps2, delta, s)?;
            let at_delta2 = call(eps, delta2, s)?;
            ensure(
                at_eps2 <= base && at_delta2 <= base,
                || format!(
                    "pac_sample_complexity({ln_h}, eps, delta, {s:?}): expected non-increasing, got {base} at ({eps}, {delta}), {at_eps2} at eps = {eps2}, {at_delta2} at delta = {delta2}"
                ),
                "a looser accuracy (bigger eps) or confidence (bigger delta) never needs more samples",
            );
            ensure(
                base >= 1,
                || format!("pac_sample_complexity({ln_h}, {eps}, {delta}, {s:?}): expected at least 1, got {base}"),
                "ln(1/delta) > 0, so the bound is positive and its ceiling at least 1",
            );
        }
        let uc = call(eps, delta, PacSetting::UniformConvergence)?;
        let agnostic = call(eps, delta, PacSetting::Agnostic)?;
        let uc_half = call(eps / 2.0, delta, PacSetting::UniformConvergence)?;
        ensure(
            agnostic >= uc && agnostic.abs_diff(uc_half) <= 1,
            || format!(
                "pac_sample_complexity({ln_h}, {eps}, {delta}): expected Agnostic ({agnostic}) >= UniformConvergence ({uc}) and equal (up to rounding) to UniformConvergence at eps/2 ({uc_half})"
            ),
            "agnostic learning is uniform convergence at eps/2: 2 (ln|H| + ln(2/delta)) / eps^2",
        );
    }

    // ----- property 5: empirical Rademacher complexity --------------------------------------

    /// In [0, max|H|], below Massart's bound, and never decreased by adding a row.
    #[test]
    fn rademacher_is_bounded_and_grows_with_the_class(h in predictions(), extra in prop::collection::vec(-2.0..=2.0f64, 6)) {
        let (k, n) = h.dim();
        let r = rademacher_of(&h)?;
        let max_abs = h.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        ensure(
            r >= -RAD_PROP_ATOL && r <= max_abs * (1.0 + 1e-12) + RAD_PROP_ATOL,
            || format!("empirical_rademacher({h:?}) = {r:?}: expected in [0, max|H| = {max_abs}]"),
            "R = E_sigma max_h (1/n) sum sigma_i H[h, i] is >= 0 (the max is >= any fixed row, whose mean is 0) and <= max|H|",
        );
        let max_norm = h.rows().into_iter().map(|row| row.dot(&row).sqrt()).fold(0.0f64, f64::max);
        let massart = max_norm * (2.0 * (k as f64).ln()).sqrt() / n as f64;
        ensure(
            r <= massart * (1.0 + 1e-12) + RAD_PROP_ATOL,
            || format!("empirical_rademacher({h:?}) = {r:?}: expected at most Massart's bound max ||h|| sqrt(2 ln k) / n = {massart:?}"),
            "average over all 2^n sign vectors, divide the correlation by n, and take no absolute value",
        );
        let mut bigger = h.clone();
        bigger.push_row(ndarray::ArrayView1::from(&extra[..n])).expect("row of length n");
        let r2 = rademacher_of(&bigger)?;
        ensure(
            r2 >= r - 1e-12 * r.abs() - RAD_PROP_ATOL,
            || format!("empirical_rademacher: adding the row {:?} to {h:?} changed {r:?} to {r2:?}; expected no decrease", &extra[..n]),
            "the max over a larger set of rows is at least as large for every sigma",
        );
    }

    /// R(cH) = c R(H) for c > 0, and adding the same vector to every row changes nothing.
    #[test]
    fn rademacher_scales_and_ignores_a_common_shift(h in predictions(), c in 0.1..=10.0f64, shift in prop::collection::vec(-2.0..=2.0f64, 6)) {
        let n = h.ncols();
        let r = rademacher_of(&h)?;
        let scaled = rademacher_of(&h.mapv(|v| c * v))?;
        ensure(
            (scaled - c * r).abs() <= 1e-12 * (c * r).abs() + RAD_PROP_ATOL * c.max(1.0),
            || format!("empirical_rademacher({c} H) = {scaled:?}: expected {c} * {r:?} = {:?} with H = {h:?}", c * r),
            "the max and the average are positively homogeneous: R(cH) = c R(H) for c > 0",
        );
        let v = ndarray::Array1::from(shift[..n].to_vec());
        let shifted = rademacher_of(&(&h + &v))?;
        ensure(
            (shifted - r).abs() <= 1e-12 * r.abs() + RAD_PROP_ATOL,
            || format!("empirical_rademacher(H + v) = {shifted:?} with v = {v:?}: expected {r:?} as for H = {h:?}"),
            "sigma . v does not depend on h, so it leaves the argmax alone and averages to 0 over sigma",
        );
    }
}
