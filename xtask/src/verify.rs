//! `cargo xtask verify`, the maintainer's proof that every task's hidden tests can be trusted:
//! the reference passes every hidden and visible test, the stub passes no hidden test (and
//! fails each one on a `todo!()`), and every mutant fails each test named in its `caught_by`.
//!
//! Stubs and mutants are built as packages of a scratch workspace under the target directory,
//! sharing the main workspace's lock file, profiles and compiled dependencies.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::cargo_build::{self, BuildOutput, Targets};
use crate::curriculum::Task;
use crate::error::{Error, Result};
use crate::grade::{self, Status, TaskResult, run_parallel};
use crate::mutants::{Mutant, MutantsFile};
use crate::workspace::Workspace;

/// One verdict line of the verify report.
#[derive(Debug)]
pub struct Check {
    pub task: String,
    pub what: String,
    pub ok: bool,
    pub detail: String,
}

/// A package of the scratch workspace: the stub or one mutant of a task.
struct Variant<'a> {
    task: &'a Task,
    /// `None` for the stub.
    mutant: Option<Mutant>,
    dir: PathBuf,
}

impl Variant<'_> {
    fn package_name(&self) -> String {
        match &self.mutant {
            None => format!("stub-{}", self.task.id),
            Some(m) => format!("mutant-{}-{}", self.task.id, m.name),
        }
    }
}

pub fn verify(ws: &Workspace, tasks: &[&Task]) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    for task in tasks {
        check_layout(ws, task, &mut checks);
    }
    let references = check_references(ws, tasks, &mut checks)?;

    // The scratch sources live under this workspace's own folder, so two workspaces sharing one
    // CARGO_TARGET_DIR never verify in each other's scratch; only the build output is shared.
    // A verify of one task has its own scratch, so verifies of different tasks can run at once.
    let selection = match tasks {
        [one] => one.id.as_str(),
        _ => "all",
    };
    let scratch = ws.root.join("target").join("xtask-verify").join(selection);
    let variants = write_scratch_workspace(ws, tasks, &scratch)?;
    let packages: Vec<String> = variants.iter().map(Variant::package_name).collect();
    let build = cargo_build::build_tests(
        &scratch,
        &packages,
        Targets::Hidden,
        Some(&ws.target_dir()),
        true,
    )?;
    let runs = run_parallel(variants.iter().collect(), |v| run_variant(v, &build));
    for (variant, result) in variants.iter().zip(runs) {
        let reference = references.iter().find(|r| r.id == variant.task.id);
        checks.push(judge_variant(variant, &result, reference));
    }
    // Group the report by task, in curriculum order; within a task, checks keep their order.
    checks.sort_by_key(|c| tasks.iter().position(|t| t.id == c.task));
    Ok(checks)
}

fn check_layout(ws: &Workspace, task: &Task, checks: &mut Vec<Check>) {
    let places = [
        ws.statement(&task.id),
        ws.learner_source(&task.id),
        ws.task_crate(&task.id).join("tests").join("examples.rs"),
        ws.hidden_tests(&task.id).join("main.rs"),
        ws.reference_source(&task.id),
        ws.mutants_file(&task.id),
    ];
    let missing: Vec<String> = places
        .iter()
        .filter(|p| !p.is_file())
        .map(|p| ws.relative(p).display().to_string())
        .collect();
    let hints_ok = task.hints.len() >= 2 && !task.hints.iter().any(|h| h.starts_with("TODO"));
    checks.push(Check {
        task: task.id.clone(),
        what: "has its statement, stubs, examples, hidden tests, reference, mutants, >= 2 hints"
            .into(),
        ok: missing.is_empty() && hints_ok,
        detail: if !missing.is_empty() {
            format!("missing: {}", missing.join(", "))
        } else if !hints_ok {
            "curriculum.toml gives it fewer than 2 hints, or hints still marked TODO".into()
        } else {
            String::new()
        },
    });
}

/// Builds and runs every test target of each `<id>_reference` package; each must pass all.
fn check_references(
    ws: &Workspace,
    tasks: &[&Task],
    checks: &mut Vec<Check>,
) -> Result<Vec<TaskResult>> {
    let packages: Vec<String> = tasks
        .iter()
        .map(|t| format!("{}_reference", t.id))
        .collect();
    let build = cargo_build::build_tests(&ws.root, &packages, Targets::AllTests, None, true)?;
    let mut hidden_results = Vec::new();
    for task in tasks {
        let manifest = ws.solution(&task.id).join("Cargo.toml");
        for target in ["hidden", "examples"] {
            let result = grade::run_built(&build, &manifest, target, task.time_limit());
            let ok = result.status == Status::Solved && result.total > 0;
            checks.push(Check {
                task: task.id.clone(),
                what: format!("reference passes every {target} test"),
                ok,
                detail: if ok {
                    format!("{} tests", result.total)
                } else {
                    describe(&result)
                },
            });
            if target == "hidden" {
                hidden_results.push(TaskResult {
                    id: task.id.clone(),
                    ..result
                });
            }
        }
    }
    Ok(hidden_results)
}

fn run_variant(variant: &Variant, build: &BuildOutput) -> TaskResult {
    let manifest = variant.dir.join("Cargo.toml");
    grade::run_built(build, &manifest, "hidden", variant.task.time_limit())
}

fn judge_variant(variant: &Variant, result: &TaskResult, reference: Option<&TaskResult>) -> Check {
    let task = variant.task.id.clone();
    let reference_total = reference.map(|r| r.total).unwrap_or(0);
    match &variant.mutant {
        None => {
            let ok = result.status == Status::NotStarted && result.total == reference_total;
            let detail = if ok {
                format!("all {} fail on todo!()", result.total)
            } else if result.passed > 0 {
                format!(
                    "the stub passes {} hidden tests ({}): a test that passes without learner \
                     work checks nothing; if you solved this task, run verify on a clean checkout",
                    result.passed,
                    result.passed_tests.join(", ")
                )
            } else {
                describe(result)
            };
            Check {
                task,
                what: "stub fails every hidden test on todo!()".into(),
                ok,
                detail,
            }
        }
        Some(m) => {
            let failed: Vec<&str> = result.failures.iter().map(|f| f.test.as_str()).collect();
            let known = |t: &String| reference.is_none_or(|r| r.passed_tests.contains(t));
            let unknown: Vec<&String> = m.caught_by.iter().filter(|t| !known(t)).collect();
            let missed: Vec<&String> = m
                .caught_by
                .iter()
                .filter(|t| !failed.contains(&t.as_str()))
                .collect();
            let ok = result.status == Status::Failing && missed.is_empty();
            let detail = if ok {
                format!("caught by {}", m.caught_by.join(", "))
            } else if result.status == Status::CompileError {
                format!(
                    "the mutant does not compile: {}",
                    result.detail.as_deref().unwrap_or("")
                )
            } else if !unknown.is_empty() {
                format!("caught_by names tests the reference does not have: {unknown:?}")
            } else if result.status == Status::Solved {
                "passes every hidden test: the hidden tests do not catch this mistake".into()
            } else if !missed.is_empty() {
                format!("not caught by {missed:?} (it fails only {failed:?})")
            } else {
                describe(result)
            };
            Check {
                task,
                what: format!("mutant {} ({}) is caught", m.name, m.mistake),
                ok,
                detail,
            }
        }
    }
}

fn describe(result: &TaskResult) -> String {
    if result.total == 0 && result.status == Status::Solved {
        return "no test ran: the target has no tests yet".into();
    }
    let mut s = format!(
        "{} ({}/{} passed)",
        result.status.label(),
        result.passed,
        result.total
    );
    if let Some(d) = &result.detail {
        let _ = write!(s, ": {d}");
    }
    for f in result.failures.iter().take(3) {
        let _ = write!(
            s,
            "\n  x {}: {}",
            f.test,
            f.message.lines().next().unwrap_or("")
        );
    }
    s
}

/// Writes the scratch workspace: one package per stub and per mutant, each a copy of the
/// task crate's manifest with its library pointed at the variant's source.
fn write_scratch_workspace<'a>(
    ws: &Workspace,
    tasks: &[&'a Task],
    scratch: &Path,
) -> Result<Vec<Variant<'a>>> {
    let io = |what: &str, path: &Path, e: std::io::Error| {
        Error::msg(format!("cannot {what} {}: {e}", path.display()))
    };
    let _ = std::fs::remove_dir_all(scratch);
    let mut variants = Vec::new();
    for task in tasks {
        let reference_path = ws.reference_source(&task.id);
        let reference =
            std::fs::read_to_string(&reference_path).map_err(|e| io("read", &reference_path, e))?;
        let mutants_path = ws.mutants_file(&task.id);
        let mutants = match std::fs::read_to_string(&mutants_path) {
            Ok(text) => {
                MutantsFile::parse(&text, &ws.relative(&mutants_path).display().to_string())?
                    .mutants
            }
            Err(_) => Vec::new(), // reported by the layout check
        };
        let stub_path = ws.learner_source(&task.id);
        let stub = std::fs::read_to_string(&stub_path).map_err(|e| io("read", &stub_path, e))?;
        let manifest_path = ws.task_crate(&task.id).join("Cargo.toml");
        let manifest =
            std::fs::read_to_string(&manifest_path).map_err(|e| io("read", &manifest_path, e))?;

        let mut add = |mutant: Option<Mutant>, source: String| -> Result<()> {
            let dir = scratch
                .join(&task.id)
                .join(mutant.as_ref().map_or("stub", |m| m.name.as_str()));
            let variant = Variant { task, mutant, dir };
            std::fs::create_dir_all(&variant.dir).map_err(|e| io("create", &variant.dir, e))?;
            let package_manifest = variant_manifest(
                &manifest,
                &variant.package_name(),
                &task.id,
                &ws.task_crate(&task.id),
            )?;
            let files = [("Cargo.toml", package_manifest), ("lib.rs", source)];
            for (name, text) in files {
                let path = variant.dir.join(name);
                std::fs::write(&path, text).map_err(|e| io("write", &path, e))?;
            }
            variants.push(variant);
            Ok(())
        };
        add(None, stub)?;
        for mutant in mutants {
            let source = mutant
                .apply(&reference)
                .map_err(|e| Error::msg(format!("{}: {e}", task.id)))?;
            add(Some(mutant), source)?;
        }
    }
    let members: Vec<String> = variants
        .iter()
        .map(|v| {
            v.dir
                .strip_prefix(scratch)
                .expect("inside scratch")
                .display()
                .to_string()
        })
        .collect();
    let root_manifest = scratch_root_manifest(ws, &members)?;
    let files = [("Cargo.toml", root_manifest)];
    for (name, text) in files {
        let path = scratch.join(name);
        std::fs::write(&path, text).map_err(|e| io("write", &path, e))?;
    }
    let lock = ws.root.join("Cargo.lock");
    if lock.is_file() {
        std::fs::copy(&lock, scratch.join("Cargo.lock")).map_err(|e| io("copy", &lock, e))?;
    }
    Ok(variants)
}

/// The scratch root: the main workspace's package defaults, dependencies and profiles, with
/// path dependencies made absolute.
fn scratch_root_manifest(ws: &Workspace, members: &[String]) -> Result<String> {
    let path = ws.root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    let mut root: toml::Table = text
        .parse()
        .map_err(|e| Error::msg(format!("Cargo.toml: {e}")))?;
    let mut workspace = root
        .remove("workspace")
        .and_then(|w| w.as_table().cloned())
        .unwrap_or_default();
    workspace.remove("default-members");
    workspace.insert(
        "members".into(),
        toml::Value::Array(members.iter().cloned().map(toml::Value::String).collect()),
    );
    if let Some(toml::Value::Table(deps)) = workspace.get_mut("dependencies") {
        for (_, dep) in deps.iter_mut() {
            absolutize_path(dep, &ws.root);
        }
    }
    let mut out = toml::Table::new();
    out.insert("workspace".into(), toml::Value::Table(workspace));
    if let Some(profile) = root.remove("profile") {
        out.insert("profile".into(), profile);
    }
    Ok(out.to_string())
}

/// The task crate's manifest renamed to `package`, with its library source `lib.rs` beside
/// it and its test paths made absolute.
fn variant_manifest(
    task_manifest: &str,
    package: &str,
    lib_name: &str,
    crate_dir: &Path,
) -> Result<String> {
    let mut m: toml::Table = task_manifest
        .parse()
        .map_err(|e| Error::msg(format!("{lib_name}/Cargo.toml: {e}")))?;
    if let Some(toml::Value::Table(p)) = m.get_mut("package") {
        p.insert("name".into(), toml::Value::String(package.into()));
    }
    let mut lib = toml::Table::new();
    lib.insert("name".into(), toml::Value::String(lib_name.into()));
    lib.insert("path".into(), toml::Value::String("lib.rs".into()));
    m.insert("lib".into(), toml::Value::Table(lib));
    if let Some(toml::Value::Array(tests)) = m.get_mut("test") {
        for test in tests {
            absolutize_path(test, crate_dir);
        }
    }
    Ok(m.to_string())
}

fn absolutize_path(value: &mut toml::Value, base: &Path) {
    if let Some(toml::Value::String(p)) = value.as_table_mut().and_then(|t| t.get_mut("path")) {
        *p = base.join(&*p).display().to_string();
    }
}

/// The verify report, one line per check, failures with their detail.
pub fn render(checks: &[Check]) -> String {
    let mut out = String::new();
    let mut current = "";
    for c in checks {
        if c.task != current {
            current = &c.task;
            let _ = writeln!(out, "{current}");
        }
        let mark = if c.ok { "ok  " } else { "FAIL" };
        let _ = writeln!(out, "  {mark} {}", c.what);
        if !c.ok {
            for line in c.detail.lines() {
                let _ = writeln!(out, "         {line}");
            }
        }
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    let _ = writeln!(out, "\nverify: {} checks, {} failed", checks.len(), failed);
    out
}
