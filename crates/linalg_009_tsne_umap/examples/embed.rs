//! t-SNE from scratch with your own functions: three Gaussian blobs in 10-D (fixed seed) are
//! embedded in 2-D by gradient descent with momentum on KL(P‖Q), using YOUR
//! `tsne_affinities` (perplexity calibration) and `tsne_kl_gradient`, and the result is drawn
//! to an SVG with `plotters`.
//!
//!     cargo run -p linalg_009_tsne_umap --example embed [-- path/to/out.svg]
//!
//! Until the stubs are filled in, it stops with "not yet implemented".

use linalg_009_tsne_umap::{trustworthiness, tsne_affinities, tsne_kl_gradient};
use ndarray::Array2;
use plotters::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

const BLOBS: usize = 3;
const PER_BLOB: usize = 30;
const DIM: usize = 10;
const PERPLEXITY: f64 = 15.0;
const ITERATIONS: usize = 600;
const LEARNING_RATE: f64 = 100.0;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| {
        // <workspace>/target, from crates/<id> or solutions/<id>.
        format!("{}/../../target/linalg_009_tsne_umap_embed.svg", env!("CARGO_MANIFEST_DIR"))
    });
    println!(
        "embed: t-SNE of {BLOBS} Gaussian blobs ({PER_BLOB} points each, {DIM}-D) with perplexity \
         {PERPLEXITY}, using your tsne_affinities and tsne_kl_gradient."
    );
    println!("embed: (this panics with \"not yet implemented\" until you have written them)");

    // The data: blob centres 6 apart along different axes, unit noise.
    let mut rng = StdRng::seed_from_u64(2024);
    let noise = Normal::new(0.0, 1.0)?;
    let n = BLOBS * PER_BLOB;
    let x = Array2::from_shape_fn((n, DIM), |(i, j)| {
        let blob = i / PER_BLOB;
        let centre = if j == blob { 6.0 } else { 0.0 };
        centre + noise.sample(&mut rng)
    });
    let d = Array2::from_shape_fn((n, n), |(i, j)| {
        x.row(i).iter().zip(x.row(j)).map(|(a, b)| (a - b) * (a - b)).sum::<f64>()
    });

    let p = tsne_affinities(d.view(), PERPLEXITY)?.joint;

    // Gradient descent with momentum from a tiny random start (as in van der Maaten & Hinton).
    let small = Normal::new(0.0, 1e-2)?;
    let mut y = Array2::from_shape_fn((n, 2), |_| small.sample(&mut rng));
    let mut velocity = Array2::<f64>::zeros((n, 2));
    for it in 0..ITERATIONS {
        let (kl, grad) = tsne_kl_gradient(p.view(), y.view())?;
        let momentum = if it < 250 { 0.5 } else { 0.8 };
        velocity = velocity * momentum - grad * LEARNING_RATE;
        y += &velocity;
        if it % 100 == 0 || it + 1 == ITERATIONS {
            println!("embed: iteration {it:4}  KL(P||Q) = {kl:.5}");
        }
    }
    let t = trustworthiness(x.view(), y.view(), 5)?;
    println!("embed: trustworthiness (k = 5) = {t:.4}");

    // Draw.
    let (mut lo_x, mut hi_x, mut lo_y, mut hi_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for row in y.rows() {
        lo_x = lo_x.min(row[0]);
        hi_x = hi_x.max(row[0]);
        lo_y = lo_y.min(row[1]);
        hi_y = hi_y.max(row[1]);
    }
    let pad_x = 0.1 * (hi_x - lo_x).max(1e-9);
    let pad_y = 0.1 * (hi_y - lo_y).max(1e-9);
    let root = SVGBackend::new(&out, (720, 600)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(format!("t-SNE, perplexity {PERPLEXITY}: trustworthiness {t:.3}"), ("sans-serif", 22))
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .build_cartesian_2d((lo_x - pad_x)..(hi_x + pad_x), (lo_y - pad_y)..(hi_y + pad_y))?;
    chart.configure_mesh().x_desc("y1").y_desc("y2").draw()?;
    let colours = [RED, BLUE, GREEN];
    for (blob, colour) in colours.into_iter().enumerate() {
        let points = (blob * PER_BLOB..(blob + 1) * PER_BLOB).map(|i| (y[[i, 0]], y[[i, 1]]));
        chart
            .draw_series(points.map(|pt| Circle::new(pt, 4, colour.filled())))?
            .label(format!("blob {blob}"))
            .legend(move |(px, py)| Circle::new((px, py), 4, colour.filled()));
    }
    chart.configure_series_labels().background_style(WHITE.mix(0.8)).border_style(BLACK).draw()?;
    root.present()?;
    println!("embed: wrote {out}");
    Ok(())
}
