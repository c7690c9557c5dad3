//! Trace plots and autocorrelation plots of your own samplers, as one SVG file.
//!
//! ```text
//! cargo run -p prob_004_mcmc --example trace_plot            # writes target/prob_004_mcmc/trace_plot.svg
//! cargo run -p prob_004_mcmc --example trace_plot -- out.svg # or wherever you like
//! ```
//!
//! It samples N(0, 1) three ways with the functions of `src/lib.rs`: random-walk Metropolis
//! with a step that is too small (scale 0.25), random-walk Metropolis near the optimal scale
//! (2.4), and HMC (step 0.2, 10 leapfrog steps). For each it draws the first 500 states (the
//! trace) and the autocorrelation at lags 0..=40 (your `autocorrelation`), and prints the
//! acceptance rate and the ESS from your `convergence_diagnostics`. A sticky trace, a slowly
//! decaying ACF and a small ESS are the same fact seen three ways.
//!
//! Until the stubs are filled in, it stops with "not yet implemented".

use std::error::Error;
use std::path::{Path, PathBuf};

use ndarray::{Array1, ArrayView1, ArrayView2, array};
use plotters::prelude::*;
use prob_004_mcmc::{
    HmcConfig, Proposal, autocorrelation, convergence_diagnostics, hmc, metropolis_hastings,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

const N_SAMPLES: usize = 5000;
const TRACE_LEN: usize = 500;
const MAX_LAG: usize = 40;

fn log_target(x: ArrayView1<f64>) -> f64 {
    -0.5 * x[0] * x[0]
}

fn grad_log_target(x: ArrayView1<f64>) -> Array1<f64> {
    array![-x[0]]
}

/// One sampler's output: its name, its draws, its acceptance rate, its ACF and its ESS.
struct Run {
    name: String,
    draws: Vec<f64>,
    acceptance: f64,
    acf: Vec<f64>,
    ess: f64,
}

fn summarise(name: &str, draws: Vec<f64>, n_accepted: usize) -> Result<Run, Box<dyn Error>> {
    let acf = autocorrelation(&draws, MAX_LAG)?;
    let one_chain = ArrayView2::from_shape((1, draws.len()), &draws)?;
    let ess = convergence_diagnostics(one_chain)?.ess;
    Ok(Run {
        name: name.to_string(),
        acceptance: n_accepted as f64 / draws.len() as f64,
        draws,
        acf,
        ess,
    })
}

fn output_path() -> PathBuf {
    if let Some(arg) = std::env::args().nth(1) {
        return PathBuf::from(arg);
    }
    // The workspace's target directory: two levels above this crate, unless redirected.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| workspace.map(|w| w.join("target")))
        .unwrap_or_else(|| PathBuf::from("target"));
    target.join("prob_004_mcmc").join("trace_plot.svg")
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = output_path();
    println!(
        "trace_plot: sampling N(0, 1) with your metropolis_hastings and hmc, then calling your \
         autocorrelation and convergence_diagnostics (src/lib.rs).\n\
         If this stops with \"not yet implemented\", fill in the todo!() bodies first.\n\
         Output: {}",
        path.display()
    );

    let mut rng = StdRng::seed_from_u64(2024);
    let x0 = array![3.0];
    let mut runs = Vec::new();
    for scale in [0.25, 2.4] {
        let chain = metropolis_hastings(
            log_target,
            Proposal::RandomWalk { scale },
            x0.view(),
            N_SAMPLES,
            &mut rng,
        )?;
        let draws = chain.samples.column(0).to_vec();
        runs.push(summarise(
            &format!("random-walk MH, scale {scale}"),
            draws,
            chain.n_accepted,
        )?);
    }
    let config = HmcConfig {
        step_size: 0.2,
        n_leapfrog: 10,
        n_samples: N_SAMPLES,
    };
    let chain = hmc(log_target, grad_log_target, x0.view(), config, &mut rng)?;
    let draws = chain.samples.column(0).to_vec();
    runs.push(summarise("HMC, eps 0.2, L 10", draws, chain.n_accepted)?);

    for run in &runs {
        println!(
            "{:<28} acceptance {:.3}   lag-1 ACF {:+.3}   ESS {:>7.1} of {N_SAMPLES}",
            run.name, run.acceptance, run.acf[1], run.ess
        );
    }

    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    draw(&path, &runs)?;
    println!("wrote {}", path.display());
    Ok(())
}

fn draw(path: &Path, runs: &[Run]) -> Result<(), Box<dyn Error>> {
    let root = SVGBackend::new(path, (1100, 300 * runs.len() as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let rows = root.split_evenly((runs.len(), 2));
    let colors = [RED, BLUE, RGBColor(0, 128, 0)];
    for (i, run) in runs.iter().enumerate() {
        let color = colors[i % colors.len()];

        // The trace: the first TRACE_LEN states, starting from x0 = 3 (in the tail).
        let mut chart = ChartBuilder::on(&rows[2 * i])
            .caption(
                format!("{}: trace (acceptance {:.2})", run.name, run.acceptance),
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(35)
            .build_cartesian_2d(0f64..TRACE_LEN as f64, -4f64..4f64)?;
        chart.configure_mesh().x_desc("iteration").draw()?;
        chart.draw_series(LineSeries::new(
            run.draws
                .iter()
                .take(TRACE_LEN)
                .enumerate()
                .map(|(t, &x)| (t as f64, x.clamp(-4.0, 4.0))),
            &color,
        ))?;

        // The autocorrelation: one stem per lag, with the ±2/sqrt(n) band of white noise.
        let lowest = run.acf.iter().copied().fold(-0.2, f64::min);
        let mut chart = ChartBuilder::on(&rows[2 * i + 1])
            .caption(
                format!("{}: autocorrelation (ESS {:.0})", run.name, run.ess),
                ("sans-serif", 16),
            )
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size(35)
            .build_cartesian_2d(-0.5f64..MAX_LAG as f64 + 0.5, lowest - 0.1..1.05f64)?;
        chart.configure_mesh().x_desc("lag").draw()?;
        let band = 2.0 / (run.draws.len() as f64).sqrt();
        for level in [band, -band, 0.0] {
            chart.draw_series(LineSeries::new(
                [(-0.5, level), (MAX_LAG as f64 + 0.5, level)],
                &BLACK.mix(0.4),
            ))?;
        }
        chart.draw_series(run.acf.iter().enumerate().map(|(k, &r)| {
            PathElement::new(vec![(k as f64, 0.0), (k as f64, r)], color.stroke_width(2))
        }))?;
        chart.draw_series(
            run.acf
                .iter()
                .enumerate()
                .map(|(k, &r)| Circle::new((k as f64, r), 3, color.filled())),
        )?;
    }
    root.present()?;
    Ok(())
}
