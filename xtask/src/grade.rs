//! Grading: build every selected task's hidden tests in one cargo run, run each test binary
//! in its own process with a time limit, and turn what happened into a verdict per task.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cargo_build::{self, BuildOutput, Targets};
use crate::curriculum::Task;
use crate::error::Result;
use crate::fingerprint;
use crate::libtest::{self, Failure, TestReport};
use crate::progress::Progress;
use crate::test_run::{self, RunOutput};
use crate::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every hidden test passed.
    Solved,
    /// Some hidden test failed.
    Failing,
    /// Every hidden test failed on a `todo!()`.
    NotStarted,
    /// The learner's crate, or the hidden tests against it, did not compile.
    CompileError,
    /// The test process died (stack overflow, abort, out of memory) before finishing.
    Crashed,
    /// The test process ran past its time limit and was stopped.
    TimedOut,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Solved => "solved",
            Status::Failing => "failing",
            Status::NotStarted => "not started",
            Status::CompileError => "does not compile",
            Status::Crashed => "crashed",
            Status::TimedOut => "timed out",
        }
    }
}

#[derive(Debug, Clone)]
pub struct TaskResult {
    pub id: String,
    pub status: Status,
    pub passed: usize,
    /// Names of the tests that passed (empty for a verdict restored from the progress file).
    pub passed_tests: Vec<String>,
    /// Tests run, or announced when the run did not finish.
    pub total: usize,
    pub failures: Vec<Failure>,
    /// For compile errors, crashes and time-outs: a short excerpt of what went wrong.
    pub detail: Option<String>,
    /// True when the task was unchanged since its last grade, which was reused.
    pub cached: bool,
}

impl TaskResult {
    fn new(status: Status, detail: Option<String>) -> Self {
        TaskResult {
            id: String::new(),
            status,
            passed: 0,
            passed_tests: Vec::new(),
            total: 0,
            failures: Vec::new(),
            detail,
            cached: false,
        }
    }
}

/// How many lines of a compiler error or crash output a verdict keeps.
const EXCERPT_LINES: usize = 30;

pub struct GradeOptions {
    /// Overrides every task's own time limit.
    pub time_limit: Option<Duration>,
    /// Grade even the tasks whose inputs did not change since their last grade.
    pub force: bool,
    /// Draw a progress bar during long builds (on a terminal only).
    pub show_progress: bool,
}

/// A task's verdict with the fingerprint of the inputs it was reached on.
pub struct Graded {
    pub result: TaskResult,
    pub fingerprint: String,
}

/// Grades `tasks`, in the order given. A task whose fingerprint matches its last grade keeps
/// that grade (unless it crashed or timed out, which may depend on the machine's load); the
/// others are built in one cargo run and their hidden tests run in parallel.
pub fn grade(
    ws: &Workspace,
    tasks: &[&Task],
    options: &GradeOptions,
    progress: &Progress,
) -> Result<Vec<Graded>> {
    let limits: Vec<Duration> = tasks
        .iter()
        .map(|t| options.time_limit.unwrap_or_else(|| t.time_limit()))
        .collect();
    let fingerprint_all = || -> Vec<String> {
        tasks
            .iter()
            .zip(&limits)
            .map(|(t, limit)| fingerprint::task_fingerprint(ws, &t.id, limit.as_secs()))
            .collect()
    };
    let fingerprints = fingerprint_all();
    let cached: Vec<Option<TaskResult>> = tasks
        .iter()
        .zip(&fingerprints)
        .map(|(t, fp)| {
            if options.force {
                None
            } else {
                cached_result(progress, &t.id, fp)
            }
        })
        .collect();

    // A task whose crate is gone would make cargo reject the whole build: leave it out, so
    // that it alone is reported and every other task is still graded.
    let stale: Vec<String> = tasks
        .iter()
        .zip(&cached)
        .filter(|(t, c)| c.is_none() && ws.task_crate(&t.id).join("Cargo.toml").is_file())
        .map(|(t, _)| t.id.clone())
        .collect();
    let (build, fingerprints) = if stale.is_empty() {
        (BuildOutput::default(), fingerprints)
    } else {
        let build = cargo_build::build_tests(
            &ws.root,
            &stale,
            Targets::Hidden,
            None,
            options.show_progress,
        )?;
        // What the grade was reached on: the build may have written Cargo.lock.
        (build, fingerprint_all())
    };
    let jobs: Vec<Job> = tasks
        .iter()
        .zip(cached)
        .zip(&limits)
        .map(|((task, cached), limit)| {
            if let Some(result) = cached {
                return Job::Done(result);
            }
            let manifest = ws.task_crate(&task.id).join("Cargo.toml");
            if !manifest.is_file() {
                let why = format!(
                    "crates/{id}/Cargo.toml is missing: restore the task with `git checkout -- crates/{id}`",
                    id = task.id
                );
                return Job::Done(TaskResult::new(Status::CompileError, Some(why)));
            }
            match build.executable(&manifest, "hidden") {
                Some(exe) => Job::Run {
                    exe: exe.clone(),
                    limit: *limit,
                },
                None => Job::Done(compile_failure(&manifest, &build)),
            }
        })
        .collect();
    let results = run_parallel(jobs, |job| match job {
        Job::Done(result) => result,
        Job::Run { exe, limit } => run_tests(&exe, limit),
    });
    Ok(tasks
        .iter()
        .zip(results)
        .zip(fingerprints)
        .map(|((task, r), fingerprint)| Graded {
            result: TaskResult {
                id: task.id.clone(),
                ..r
            },
            fingerprint,
        })
        .collect())
}

/// The last grade of a task, if its inputs are unchanged since and it was a clean verdict.
fn cached_result(progress: &Progress, id: &str, fingerprint: &str) -> Option<TaskResult> {
    let last = progress.task(id)?.last_result.as_ref()?;
    let reusable = !matches!(last.status, Status::Crashed | Status::TimedOut);
    (reusable && last.fingerprint == fingerprint).then(|| TaskResult {
        id: id.to_string(),
        status: last.status,
        passed: last.passed,
        passed_tests: Vec::new(),
        total: last.total,
        failures: last.failures.clone(),
        detail: last.detail.clone(),
        cached: true,
    })
}

enum Job {
    Run { exe: PathBuf, limit: Duration },
    Done(TaskResult),
}

/// Runs `f` over `items` on as many threads as the machine has cores, keeping the order.
pub fn run_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue lock").next();
                    let Some((i, item)) = next else { break };
                    let r = f(item);
                    results.lock().expect("results lock").push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("results lock");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Runs one libtest executable under `limit` and judges what it printed.
pub fn run_tests(exe: &Path, limit: Duration) -> TaskResult {
    verdict(test_run::run_with_limit(exe, &["--color", "never"], limit))
}

/// Runs the test target `target` of the package at `manifest` from `build`, or reports why
/// it was not built.
pub fn run_built(
    build: &BuildOutput,
    manifest: &Path,
    target: &str,
    limit: Duration,
) -> TaskResult {
    match build.executable(manifest, target) {
        Some(exe) => run_tests(exe, limit),
        None => compile_failure(manifest, build),
    }
}

/// The verdict on a package whose test executable was not built.
fn compile_failure(manifest: &Path, build: &BuildOutput) -> TaskResult {
    let detail = match build.first_error(manifest) {
        Some(error) => {
            // The hidden tests are reached through the crate's folder: show their own path.
            let crate_dir = manifest
                .parent()
                .and_then(Path::file_name)
                .unwrap_or_default();
            let error = error.replace(
                &format!("crates/{}/../../", crate_dir.to_string_lossy()),
                "",
            );
            if error.contains("grading/") {
                format!(
                    "{}\nThis error is in the hidden tests: they call the public API as shipped, \
                     so keep the stub's names, signatures and types.",
                    excerpt(&error)
                )
            } else {
                excerpt(&error)
            }
        }
        // No error of its own: cargo stopped before compiling it (a broken manifest, a
        // dependency that failed). Its own output says why.
        None => excerpt(build.cargo_stderr.trim()),
    };
    TaskResult::new(Status::CompileError, Some(detail))
}

/// The verdict on one finished (or stopped) test process.
fn verdict(run: std::io::Result<RunOutput>) -> TaskResult {
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            let why = format!("the test binary could not be started: {e}");
            return TaskResult::new(Status::Crashed, Some(why));
        }
    };
    let mut report = libtest::parse(&run.stdout);
    // The classic-mistake checks teach the most: show them first (the sort is stable).
    report
        .failed
        .sort_by_key(|f| !f.test.starts_with("mistakes::"));
    let (status, detail) = if run.timed_out() {
        let running = still_running(&run.stdout, &report);
        let which = if running.is_empty() {
            String::new()
        } else {
            format!(" (still running: {})", running.join(", "))
        };
        let secs = run.elapsed.as_secs_f64();
        (
            Status::TimedOut,
            Some(format!(
                "stopped after {secs:.1} s{which}: an endless loop, or far too slow"
            )),
        )
    } else if !report.finished {
        (Status::Crashed, Some(crash_excerpt(&run)))
    } else if report.failed.is_empty() && run.status.is_some_and(|s| s.success()) {
        (Status::Solved, None)
    } else if report.all_todo() {
        (Status::NotStarted, None)
    } else {
        (Status::Failing, None)
    };
    let detail = match (detail, run.truncated) {
        (d, true) => Some(format!(
            "{}the tests printed more than {} KiB; the middle of it was dropped",
            d.map(|d| format!("{d}\n")).unwrap_or_default(),
            test_run::OUTPUT_CAP / 1024
        )),
        (d, false) => d,
    };
    TaskResult {
        id: String::new(),
        status,
        total: report.total().max(started_count(&run.stdout)),
        passed: report.passed.len(),
        passed_tests: report.passed,
        failures: report.failed,
        detail,
        cached: false,
    }
}

/// libtest announces `running N tests` before it starts.
fn started_count(stdout: &str) -> usize {
    stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("running ")?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Tests announced by `test NAME ...` without a result yet (single-threaded runs), else none.
fn still_running(stdout: &str, report: &TestReport) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test ")?.strip_suffix(" ... "))
        .filter(|name| !report.passed.iter().any(|p| p == name))
        .map(str::to_string)
        .collect()
}

fn crash_excerpt(run: &RunOutput) -> String {
    let how = match (run.signal(), run.status.and_then(|s| s.code())) {
        (Some(6), _) => "aborted (SIGABRT)".to_string(),
        (Some(9), _) => "killed (SIGKILL, often out of memory)".to_string(),
        (Some(11), _) => "crashed (SIGSEGV)".to_string(),
        (Some(sig), _) => format!("killed by signal {sig}"),
        (None, Some(code)) => format!("exited with code {code} before finishing"),
        (None, None) => "ended before finishing".to_string(),
    };
    let stderr = run.stderr.trim();
    if stderr.is_empty() {
        how
    } else {
        format!("{how}:\n{}", excerpt(stderr))
    }
}

/// The first lines of `text`, marked when cut.
pub fn excerpt(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= EXCERPT_LINES {
        text.to_string()
    } else {
        format!(
            "{}\n... ({} more lines)",
            lines[..EXCERPT_LINES].join("\n"),
            lines.len() - EXCERPT_LINES
        )
    }
}
