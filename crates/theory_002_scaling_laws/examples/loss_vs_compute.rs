//! Loss against training compute, drawn with YOUR functions.
//!
//!     cargo run -p theory_002_scaling_laws --example loss_vs_compute [-- OUTPUT.svg]
//!
//! Left panel: for a few fixed model sizes N, the loss L(N, C/(6N)) a model reaches as its
//! training budget C grows (your `chinchilla_loss`), and the compute-optimal frontier L*(C)
//! that touches them from below (your `compute_optimal`), for the rounded Hoffmann et al.
//! 2022 constants. Right panel: the tokens per parameter D/N at the optimum against C, for
//! both fits, beside the "20 tokens per parameter" rule of thumb.
//!
//! It writes an SVG file (default: target/theory_002_scaling_laws/loss_vs_compute.svg) and
//! prints its path. Until `chinchilla_loss` and `compute_optimal` are written it stops with
//! "not yet implemented".

use std::path::PathBuf;

use plotters::prelude::*;
use theory_002_scaling_laws::{ChinchillaParams, chinchilla_loss, compute_optimal};

const C_MIN: f64 = 1e18;
const C_MAX: f64 = 1e26;
const L_MIN: f64 = 1.7;
const L_MAX: f64 = 4.5;
const POINTS: usize = 200;

fn default_output() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/theory_002_scaling_laws/loss_vs_compute.svg")
}

/// Compute budgets spaced evenly in log space over [C_MIN, C_MAX].
fn budgets() -> Vec<f64> {
    let (lo, hi) = (C_MIN.log10(), C_MAX.log10());
    (0..POINTS)
        .map(|i| 10_f64.powf(lo + (hi - lo) * i as f64 / (POINTS - 1) as f64))
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let output = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(default_output);
    println!(
        "loss_vs_compute: drawing L(N, D) and the compute-optimal frontier with your \
         chinchilla_loss and compute_optimal."
    );
    println!(
        "If this stops with \"not yet implemented\", write those two functions in \
         crates/theory_002_scaling_laws/src/lib.rs first."
    );

    // Everything the plot needs, computed by the learner's functions first.
    let h22 = ChinchillaParams::HOFFMANN_2022;
    let b24 = ChinchillaParams::BESIROGLU_2024;
    let cs = budgets();
    let model_sizes = [1e8, 1e9, 1e10, 1e11, 1e12];
    let mut fixed_size_curves = Vec::new();
    for &n in &model_sizes {
        let mut curve = Vec::new();
        for &c in &cs {
            let loss = chinchilla_loss(n, c / (6.0 * n), &h22)?;
            if loss <= L_MAX {
                curve.push((c, loss));
            }
        }
        fixed_size_curves.push((n, curve));
    }
    let mut frontier = Vec::new();
    let mut ratio_h22 = Vec::new();
    let mut ratio_b24 = Vec::new();
    for &c in &cs {
        let a = compute_optimal(c, &h22)?;
        frontier.push((c, a.loss));
        ratio_h22.push((c, a.n_tokens / a.n_params));
        let b = compute_optimal(c, &b24)?;
        ratio_b24.push((c, b.n_tokens / b.n_params));
    }

    if let Some(dir) = output.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let root = SVGBackend::new(&output, (1200, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(640);

    // Left: loss against compute.
    let mut chart = ChartBuilder::on(&left)
        .caption(
            "Loss vs training compute (Hoffmann et al. 2022, rounded)",
            ("sans-serif", 18),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((C_MIN..C_MAX).log_scale(), L_MIN..L_MAX)?;
    chart
        .configure_mesh()
        .x_desc("training compute C = 6ND (FLOPs)")
        .y_desc("loss (nats per token)")
        .x_label_formatter(&|c| format!("{c:.0e}"))
        .draw()?;
    for (i, (n, curve)) in fixed_size_curves.into_iter().enumerate() {
        let colour = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(curve, colour.stroke_width(1)))?
            .label(format!("N = {n:.0e}"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour));
    }
    chart
        .draw_series(LineSeries::new(frontier, BLACK.stroke_width(3)))?
        .label("compute-optimal frontier")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(3)));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;

    // Right: tokens per parameter at the optimum.
    let mut chart = ChartBuilder::on(&right)
        .caption("Tokens per parameter at the optimum", ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((C_MIN..C_MAX).log_scale(), 0.0..170.0)?;
    chart
        .configure_mesh()
        .x_desc("training compute C (FLOPs)")
        .y_desc("D / N")
        .x_label_formatter(&|c| format!("{c:.0e}"))
        .draw()?;
    chart
        .draw_series(LineSeries::new(ratio_h22, RED.stroke_width(2)))?
        .label("Hoffmann 2022 (rounded)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RED.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(ratio_b24, BLUE.stroke_width(2)))?
        .label("Besiroglu 2024 re-fit")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLUE.stroke_width(2)));
    chart
        .draw_series(DashedLineSeries::new(
            vec![(C_MIN, 20.0), (C_MAX, 20.0)],
            6,
            4,
            BLACK.stroke_width(1),
        ))?
        .label("20 tokens per parameter")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;

    root.present()?;
    let shown = output.canonicalize().unwrap_or_else(|_| output.clone());
    println!("wrote {}", shown.display());
    Ok(())
}
