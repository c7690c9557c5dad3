//! One `cargo build` for many packages that keeps going past the ones that do not compile,
//! and tells, per package, which test executables it produced and which errors it hit.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::progress_bar::{self, ProgressBar};

/// Which test targets to build in each selected package.
#[derive(Debug, Clone, Copy)]
pub enum Targets {
    /// Only the hidden tests (`--test hidden`), as grading needs.
    Hidden,
    /// Every test target, `test = false` ones included (`--tests --test hidden`).
    AllTests,
}

#[derive(Debug, Default)]
pub struct BuildOutput {
    /// Test executables by the manifest path of their package, then by target name.
    pub executables: HashMap<PathBuf, HashMap<String, PathBuf>>,
    /// Rendered compiler errors by the manifest path of the package they occurred in.
    pub errors: HashMap<PathBuf, Vec<String>>,
    /// What cargo itself printed, for failures that are no package's (a broken manifest).
    pub cargo_stderr: String,
}

impl BuildOutput {
    pub fn executable(&self, manifest: &Path, target: &str) -> Option<&PathBuf> {
        self.executables
            .get(manifest)
            .and_then(|by_target| by_target.get(target))
    }

    pub fn first_error(&self, manifest: &Path) -> Option<&str> {
        self.errors
            .get(manifest)
            .and_then(|e| e.first())
            .map(String::as_str)
    }
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    manifest_path: Option<PathBuf>,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
}

/// Builds the test targets of `packages` in the workspace at `root`, drawing a progress bar
/// when `show_progress` is set and stderr is a terminal.
pub fn build_tests(
    root: &Path,
    packages: &[String],
    targets: Targets,
    target_dir: Option<&Path>,
    show_progress: bool,
) -> Result<BuildOutput> {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root)
        .args(["build", "--message-format", "json", "--keep-going"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("CARGO_TERM_COLOR", "never")
        .env("CARGO_TERM_PROGRESS_WHEN", "never");
    match targets {
        Targets::Hidden => cmd.args(["--test", "hidden"]),
        Targets::AllTests => cmd.args(["--tests", "--test", "hidden"]),
    };
    for package in packages {
        cmd.args(["--package", package]);
    }
    if let Some(dir) = target_dir {
        cmd.arg("--target-dir").arg(dir);
    }
    let mut child = cmd.spawn().map_err(|e| {
        Error::msg(format!(
            "cannot run cargo: {e}; is the Rust toolchain installed?"
        ))
    })?;

    let stderr = child.stderr.take().expect("stderr is piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = BufReader::new(stderr).read_to_string(&mut all);
        all
    });
    let mut bar = if show_progress {
        ProgressBar::on_terminal()
    } else {
        None
    };
    // The bar's total comes from `cargo metadata`, asked only once the build has lasted as long
    // as the bar waits before it appears: a quick re-grade never pays for it (on two cores it
    // would compete with rustc).
    let (build_ended, build_ended_rx) = mpsc::channel::<()>();
    let mut estimate = bar.as_ref().map(|_| {
        let (root, packages) = (root.to_path_buf(), packages.to_vec());
        std::thread::spawn(
            move || match build_ended_rx.recv_timeout(progress_bar::DELAY) {
                Err(RecvTimeoutError::Timeout) => estimate_units(&root, &packages),
                _ => None,
            },
        )
    });
    let mut out = BuildOutput::default();
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        let Some(manifest) = msg.manifest_path else {
            continue;
        };
        match msg.reason.as_str() {
            "compiler-artifact" => {
                if let Some(bar) = bar.as_mut() {
                    if estimate.as_ref().is_some_and(|h| h.is_finished())
                        && let Some(Some(total)) = estimate.take().map(|h| h.join().ok().flatten())
                    {
                        bar.set_total(total);
                    }
                    let name = msg.target.as_ref().map_or("", |t| t.name.as_str());
                    bar.tick(name);
                }
                if let (Some(exe), Some(target)) = (msg.executable, msg.target) {
                    out.executables
                        .entry(manifest)
                        .or_default()
                        .insert(target.name, exe);
                }
            }
            "compiler-message" => {
                if let Some(d) = msg.message.filter(|d| d.level == "error") {
                    let rendered = d.rendered.unwrap_or_default();
                    // "aborting due to N previous errors" repeats what came before.
                    if !rendered.starts_with("error: aborting due to") {
                        out.errors.entry(manifest).or_default().push(rendered);
                    }
                }
            }
            _ => {}
        }
    }
    let _ = child.wait();
    drop(build_ended);
    if let Some(bar) = bar {
        bar.finish();
    }
    out.cargo_stderr = stderr_reader.join().unwrap_or_default();
    Ok(out)
}

/// How many packages the build of `packages` involves (their dependency closure), from
/// `cargo metadata`: an estimate of the units cargo will report, for the progress bar.
fn estimate_units(root: &Path, packages: &[String]) -> Option<usize> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args(["metadata", "--format-version", "1"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let name_of = |id: &str| {
        meta["packages"]
            .as_array()?
            .iter()
            .find(|p| p["id"] == id)?["name"]
            .as_str()
            .map(str::to_string)
    };
    let nodes = meta["resolve"]["nodes"].as_array()?;
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<&str> = nodes
        .iter()
        .filter_map(|n| n["id"].as_str())
        .filter(|id| name_of(id).is_some_and(|name| packages.contains(&name)))
        .collect();
    while let Some(id) = stack.pop() {
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let node = nodes.iter().find(|n| n["id"] == id)?;
        stack.extend(
            node["dependencies"]
                .as_array()?
                .iter()
                .filter_map(|d| d.as_str()),
        );
    }
    Some(seen.len())
}
