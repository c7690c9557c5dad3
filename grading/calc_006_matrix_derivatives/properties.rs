//! The statement's seven properties, with proptest under the curriculum's fixed-seed
//! configuration and bounded strategies. Each tolerance is derived in the statement from the
//! step and the ranges below.

use crate::first_asymmetry;
use calc_006_matrix_derivatives::{
    CriticalPoint, MatrixFn, classify_critical_point, hessian_vector_product, matmul_vjp,
    matrix_fn_value_and_grad, numerical_hessian, numerical_jacobian,
};
use grading_support::{close, proptest_config};
use ndarray::{Array1, Array2, ArrayView1};
use proptest::collection::vec;
use proptest::prelude::*;

// ---------------------------------------------------------------- strategies

/// An r x c matrix with entries in `range`.
fn matrix(r: usize, c: usize, range: std::ops::Range<f64>) -> impl Strategy<Value = Array2<f64>> {
    vec(range, r * c).prop_map(move |d| Array2::from_shape_vec((r, c), d).unwrap())
}

/// f(x) = 1/2 x^T Q x + c^T x + sum sin x_i with |Q_ij|, |c_i|, |x_i| <= 3 and n <= 6.
#[derive(Debug, Clone)]
struct QuadSin {
    q: Array2<f64>,
    c: Array1<f64>,
    x: Array1<f64>,
}

impl QuadSin {
    fn value(&self, x: ArrayView1<f64>) -> f64 {
        0.5 * x.dot(&self.q.dot(&x)) + self.c.dot(&x) + x.iter().map(|v| v.sin()).sum::<f64>()
    }

    /// 1/2 (Q + Q^T) x + c + cos x.
    fn gradient(&self, x: ArrayView1<f64>) -> Array1<f64> {
        0.5 * (&self.q + &self.q.t()).dot(&x) + &self.c + x.mapv(f64::cos)
    }
}

fn quad_sin() -> impl Strategy<Value = QuadSin> {
    (1..=6usize).prop_flat_map(|n| {
        (
            matrix(n, n, -3.0..3.0),
            vec(-3.0..3.0f64, n),
            vec(-3.0..3.0f64, n),
        )
            .prop_map(|(q, c, x)| QuadSin {
                q,
                c: Array1::from(c),
                x: Array1::from(x),
            })
    })
}

/// A symmetric H = Q^T diag(lambda) Q with Q a product of Givens rotations and every
/// eigenvalue either exactly 0 or of magnitude in [0.5, 10]: far from any tol we use.
fn spectrum_and_hessian() -> impl Strategy<Value = (Vec<f64>, Array2<f64>, Vec<usize>)> {
    (1..=6usize).prop_flat_map(|n| {
        let eigenvalue = prop_oneof![Just(0.0), 0.5..10.0f64, -10.0..-0.5f64];
        (
            vec(eigenvalue, n),
            vec(0.0..std::f64::consts::TAU, n * (n - 1) / 2),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
            .prop_map(move |(lambda, angles, perm)| {
                let mut q = Array2::<f64>::eye(n);
                let mut k = 0;
                for p in 0..n {
                    for r in (p + 1)..n {
                        let (s, c) = angles[k].sin_cos();
                        k += 1;
                        for col in 0..n {
                            let (a, b) = (q[[p, col]], q[[r, col]]);
                            q[[p, col]] = c * a - s * b;
                            q[[r, col]] = s * a + c * b;
                        }
                    }
                }
                let d = Array2::from_diag(&Array1::from(lambda.clone()));
                let h = q.t().dot(&d).dot(&q);
                // Symmetrise exactly: the rounding of the products may differ in the last bit.
                let h = Array2::from_shape_fn((n, n), |(i, j)| 0.5 * h[[i, j]] + 0.5 * h[[j, i]]);
                (lambda, h, perm)
            })
    })
}

/// The statement's rule applied to known eigenvalues.
fn expected_class(lambda: &[f64], tol: f64) -> CriticalPoint {
    let pos = lambda.iter().filter(|&&l| l > tol).count();
    let neg = lambda.iter().filter(|&&l| l < -tol).count();
    let zero = lambda.len() - pos - neg;
    if pos > 0 && neg > 0 {
        CriticalPoint::Saddle
    } else if zero > 0 {
        CriticalPoint::Degenerate
    } else if neg == 0 {
        CriticalPoint::LocalMin
    } else {
        CriticalPoint::LocalMax
    }
}

fn mirrored(c: CriticalPoint) -> CriticalPoint {
    match c {
        CriticalPoint::LocalMin => CriticalPoint::LocalMax,
        CriticalPoint::LocalMax => CriticalPoint::LocalMin,
        other => other,
    }
}

/// A `MatrixFn` with its X and a direction D. Entries in [-1, 1] (X of the cross-entropy in
/// [-3, 3]), targets in [0, 3] and unnormalised, A not symmetric; r, c, p in 1..=4.
fn matrix_fn_case() -> impl Strategy<Value = (MatrixFn, Array2<f64>, Array2<f64>)> {
    (1..=4usize, 1..=4usize, 1..=4usize, 0..4usize).prop_flat_map(|(r, c, p, kind)| {
        let x_range = if kind == 3 { -3.0..3.0 } else { -1.0..1.0 };
        let (a_shape, b_shape) = match kind {
            0 => ((p, r), (c, p)),
            1 => ((r, r), (0, 0)),
            2 => ((p, r), (p, c)),
            _ => ((r, c), (0, 0)),
        };
        let a_range = if kind == 3 { 0.0..3.0 } else { -1.0..1.0 };
        (
            matrix(a_shape.0, a_shape.1, a_range),
            matrix(b_shape.0, b_shape.1, -1.0..1.0),
            matrix(r, c, x_range),
            matrix(r, c, -1.0..1.0),
        )
            .prop_map(move |(a, b, x, d)| {
                let f = match kind {
                    0 => MatrixFn::TraceAXB { a, b },
                    1 => MatrixFn::QuadraticForm { a },
                    2 => MatrixFn::LeastSquares { a, b },
                    _ => MatrixFn::SoftmaxCrossEntropy { targets: a },
                };
                (f, x, d)
            })
    })
}

/// The shapes and entries of a VJP duality case: b, n, m in 0..=5, entries in [-3, 3].
#[allow(clippy::type_complexity)]
fn vjp_case() -> impl Strategy<Value = [Array2<f64>; 5]> {
    (0..=5usize, 0..=5usize, 0..=5usize).prop_flat_map(|(b, n, m)| {
        (
            matrix(b, n, -3.0..3.0),
            matrix(n, m, -3.0..3.0),
            matrix(b, m, -3.0..3.0),
            matrix(b, n, -3.0..3.0),
            matrix(n, m, -3.0..3.0),
        )
            .prop_map(|(x, w, g, ex, ew)| [x, w, g, ex, ew])
    })
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(proptest_config())]

    /// 1. A linear map has no truncation error, so with h = 1e-2 the rounding error
    /// (about eps |f| / h <= 1e-11) is all that is left.
    #[test]
    fn jacobian_of_a_linear_map_is_the_matrix(
        (a, x) in (1..=6usize, 1..=6usize).prop_flat_map(|(m, n)| {
            (matrix(m, n, -10.0..10.0), vec(-10.0..10.0f64, n))
        })
    ) {
        let x = Array1::from(x);
        let got = numerical_jacobian(|v| a.dot(&v), x.view(), 1e-2);
        prop_assert!(got.is_ok(), "numerical_jacobian(A v) returned {got:?}");
        let got = got.unwrap();
        prop_assert!(
            got.dim() == a.dim(),
            "f(v) = A v with A of shape {:?}: the Jacobian has shape {:?}.\nLikely mistake: \
             J is m x n (rows = outputs, columns = inputs)", a.dim(), got.dim()
        );
        for ((i, j), &want) in a.indexed_iter() {
            prop_assert!(
                close(got[[i, j]], want, 1e-8, 1e-8),
                "f(v) = A v, x = {x:?}: J[{i}][{j}] = {:?}, expected A[{i}][{j}] = {want:?} \
                 (rtol = atol = 1e-8).\nA = {a:?}\nLikely mistake: J[i][j] = (f(x + h e_j)_i - \
                 f(x - h e_j)_i) / (2h)", got[[i, j]]
            );
        }
    }

    /// 2. The Jacobian of the gradient is the Hessian.
    #[test]
    fn jacobian_of_the_gradient_is_the_hessian(case in quad_sin()) {
        let j = numerical_jacobian(|x| case.gradient(x), case.x.view(), 1e-6);
        let h = numerical_hessian(|x| case.value(x), case.x.view(), 1e-3);
        prop_assert!(j.is_ok() && h.is_ok(), "got {j:?} and {h:?}");
        let (j, h) = (j.unwrap(), h.unwrap());
        prop_assert!(j.dim() == h.dim(), "shapes {:?} and {:?}", j.dim(), h.dim());
        for ((r, c), &want) in h.indexed_iter() {
            prop_assert!(
                close(j[[r, c]], want, 0.0, 1e-4),
                "f = 1/2 x^T Q x + c^T x + sum sin x_i at x = {:?}: Jacobian of grad f gives \
                 {:?} at ({r}, {c}), numerical_hessian gives {want:?} (atol 1e-4).\nLikely \
                 mistake: both are central differences; J[i][j] = d grad_i / dx_j, and \
                 H_ij uses steps h e_i and h e_j", case.x, j[[r, c]]
            );
        }
    }

    /// 3. The Hessian is exactly symmetric, for any f and any step.
    #[test]
    fn hessian_is_exactly_symmetric(
        (w, x) in (1..=6usize).prop_flat_map(|n| (vec(-2.0..2.0f64, 3 * n + 3), vec(-5.0..5.0f64, n))),
        log_h in -6.0..-1.0f64,
    ) {
        let n = x.len();
        let f = |z: ArrayView1<f64>| {
            let a: f64 = (0..n).map(|i| w[i] * z[i]).sum();
            let b: f64 = (0..n).map(|i| w[n + i] * z[i] * z[(i + 1) % n]).sum();
            let c: f64 = (0..n).map(|i| w[2 * n + i] * z[i]).sum();
            (a + w[3 * n]).sin() * (0.3 * c).exp() + b * b * w[3 * n + 1] + (c * w[3 * n + 2]).tanh()
        };
        let h = 10f64.powf(log_h);
        let got = numerical_hessian(f, ArrayView1::from(&x), h);
        prop_assert!(got.is_ok(), "numerical_hessian returned {got:?}");
        let got = got.unwrap();
        if let Some((i, j)) = first_asymmetry(&got) {
            prop_assert!(
                false,
                "numerical_hessian at x = {x:?}, h = {h:e}: H[{i}][{j}] = {:?} but H[{j}][{i}] = \
                 {:?}.\nLikely mistake: compute each mixed entry once (i < j) and write it to \
                 both places", got[[i, j]], got[[j, i]]
            );
        }
    }

    /// 4. The HVP agrees with the Hessian times v, and is linear in v.
    #[test]
    fn hvp_is_the_hessian_times_v_and_linear_in_v(
        (case, v) in quad_sin().prop_flat_map(|c| {
            let n = c.x.len();
            (Just(c), vec(-1.0..1.0f64, n))
        })
    ) {
        let v = Array1::from(v);
        let hv = hessian_vector_product(|x| case.gradient(x), case.x.view(), v.view(), 1e-5);
        let h = numerical_hessian(|x| case.value(x), case.x.view(), 1e-3);
        let v2 = 2.0 * &v;
        let hv2 = hessian_vector_product(|x| case.gradient(x), case.x.view(), v2.view(), 1e-5);
        prop_assert!(hv.is_ok() && h.is_ok() && hv2.is_ok(), "got {hv:?}, {h:?}, {hv2:?}");
        let (hv, h, hv2) = (hv.unwrap(), h.unwrap(), hv2.unwrap());
        let want = h.dot(&v);
        prop_assert!(hv.len() == want.len(), "hvp has length {}, expected {}", hv.len(), want.len());
        for i in 0..want.len() {
            prop_assert!(
                close(hv[i], want[i], 0.0, 1e-4),
                "x = {:?}, v = {v:?}: hvp[{i}] = {:?}, numerical_hessian(f) v = {:?} (atol \
                 1e-4).\nLikely mistake: Hv = (g(x + h v) - g(x - h v)) / (2h), v as given",
                case.x, hv[i], want[i]
            );
            prop_assert!(
                close(hv2[i], 2.0 * hv[i], 0.0, 1e-6),
                "x = {:?}, v = {v:?}: hvp(2v)[{i}] = {:?} but 2 hvp(v)[{i}] = {:?} (atol 1e-6).\n\
                 Likely mistake: normalising v, or a step that does not scale with v",
                case.x, hv2[i], 2.0 * hv[i]
            );
        }
    }

    /// 5. VJP duality: <dX, E_x> + <dW, E_w> = <G, E_x W + X E_w>, exact for a bilinear map
    /// up to rounding.
    #[test]
    fn vjp_is_dual_to_the_jvp([x, w, g, ex, ew] in vjp_case()) {
        let got = matmul_vjp(x.view(), w.view(), g.view());
        prop_assert!(got.is_ok(), "matmul_vjp returned {got:?}");
        let got = got.unwrap();
        prop_assert!(
            got.dx.dim() == x.dim() && got.dw.dim() == w.dim(),
            "X {:?}, W {:?}: dX has shape {:?} and dW {:?}.\nLikely mistake: each gradient has \
             the shape of its variable", x.dim(), w.dim(), got.dx.dim(), got.dw.dim()
        );
        let lhs = (&got.dx * &ex).sum() + (&got.dw * &ew).sum();
        let jvp = ex.dot(&w) + x.dot(&ew);
        let rhs = (&g * &jvp).sum();
        // Rounding is at most a few eps times the sum of |terms|.
        let scale = (g.mapv(f64::abs) * (ex.mapv(f64::abs).dot(&w.mapv(f64::abs))
            + x.mapv(f64::abs).dot(&ew.mapv(f64::abs)))).sum();
        prop_assert!(
            close(lhs, rhs, 1e-10, 1e-12 * scale),
            "X {:?}, W {:?}: <dX, E_x> + <dW, E_w> = {lhs:?} but <G, E_x W + X E_w> = {rhs:?}.\n\
             Likely mistake: dX = G W^T and dW = X^T G", x.dim(), w.dim()
        );
    }

    /// 6. Each matrix gradient matches the central difference of its own value along D.
    #[test]
    fn matrix_gradients_match_directional_differences((f, x, d) in matrix_fn_case()) {
        let t = 1e-5;
        let at = |x: &Array2<f64>| matrix_fn_value_and_grad(&f, x.view());
        let centre = at(&x);
        let plus = at(&(&x + &(t * &d)));
        let minus = at(&(&x - &(t * &d)));
        prop_assert!(centre.is_ok() && plus.is_ok() && minus.is_ok(),
            "{f:?} at X = {x:?}: got {centre:?}, {plus:?}, {minus:?}");
        let (_, grad) = centre.unwrap();
        prop_assert!(grad.dim() == x.dim(), "{f:?}: gradient of shape {:?} for X {:?}",
            grad.dim(), x.dim());
        let directional = (plus.unwrap().0 - minus.unwrap().0) / (2.0 * t);
        let inner = (&grad * &d).sum();
        prop_assert!(
            close(inner, directional, 1e-5, 1e-6),
            "{f:?}\nX = {x:?}\nD = {d:?}\n<grad f, D> = {inner:?} but (f(X + tD) - f(X - tD)) / \
             (2t) = {directional:?} (t = 1e-5, rtol 1e-5, atol 1e-6).\nLikely mistake: tr(AXB) \
             -> A^T B^T; tr(X^T A X) -> (A + A^T) X; ||AX - B||^2 -> 2 A^T (AX - B); \
             cross-entropy -> softmax * (row sum of y) - y"
        );
    }

    /// 7. The class is invariant under P^T H P and under scaling by 0.5, 2 and 4; negating H
    /// swaps LocalMin and LocalMax.
    #[test]
    fn classification_is_invariant_and_mirrors_under_negation(
        (lambda, h, perm) in spectrum_and_hessian()
    ) {
        let n = lambda.len();
        let tol = 1e-6;
        let want = expected_class(&lambda, tol);
        let zero = Array1::<f64>::zeros(n);
        let classify = |m: &Array2<f64>| classify_critical_point(zero.view(), m.view(), tol);
        let got = classify(&h);
        prop_assert!(
            matches!(got, Ok(c) if c == want),
            "H = Q^T diag({lambda:?}) Q = {h:?}: expected Ok({want:?}), got {got:?}.\nLikely \
             mistake: classify by the signs of the eigenvalues of (H + H^T)/2"
        );
        let permuted = Array2::from_shape_fn((n, n), |(i, j)| h[[perm[i], perm[j]]]);
        let got = classify(&permuted);
        prop_assert!(
            matches!(got, Ok(c) if c == want),
            "P^T H P with permutation {perm:?} of H = Q^T diag({lambda:?}) Q: expected \
             Ok({want:?}), got {got:?}.\nLikely mistake: relabelling the coordinates does not \
             change the eigenvalues"
        );
        for c in [0.5, 2.0, 4.0] {
            let got = classify(&(c * &h));
            prop_assert!(
                matches!(got, Ok(k) if k == want),
                "{c} H with H = Q^T diag({lambda:?}) Q: expected Ok({want:?}), got {got:?}.\n\
                 Likely mistake: positive scaling keeps the signs of the eigenvalues"
            );
        }
        let got = classify(&(-&h));
        prop_assert!(
            matches!(got, Ok(k) if k == mirrored(want)),
            "-H with H = Q^T diag({lambda:?}) Q: expected Ok({:?}), got {got:?}.\nLikely \
             mistake: negating H negates every eigenvalue", mirrored(want)
        );
    }
}
