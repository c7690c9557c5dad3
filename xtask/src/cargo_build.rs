//! One `cargo build` for many packages that keeps going past the ones that do not compile,
//! and tells, per package, which test executables it produced and which errors it hit.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::error::{Error, Result};

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
        self.executables.get(manifest).and_then(|by_target| by_target.get(target))
    }

    pub fn first_error(&self, manifest: &Path) -> Option<&str> {
        self.errors.get(manifest).and_then(|e| e.first()).map(String::as_str)
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

/// Builds the test targets of `packages` in the workspace at `root`.
pub fn build_tests(
    root: &Path,
    packages: &[String],
    targets: Targets,
    target_dir: Option<&Path>,
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
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::msg(format!("cannot run cargo: {e}; is the Rust toolchain installed?")))?;

    let stderr = child.stderr.take().expect("stderr is piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut all = String::new();
        let _ = BufReader::new(stderr).read_to_string(&mut all);
        all
    });
    let mut out = BuildOutput::default();
    let stdout = child.stdout.take().expect("stdout is piped");
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(msg) = serde_json::from_str::<Message>(&line) else { continue };
        let Some(manifest) = msg.manifest_path else { continue };
        match msg.reason.as_str() {
            "compiler-artifact" => {
                if let (Some(exe), Some(target)) = (msg.executable, msg.target) {
                    out.executables.entry(manifest).or_default().insert(target.name, exe);
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
    out.cargo_stderr = stderr_reader.join().unwrap_or_default();
    Ok(out)
}
