//! `cargo xtask bench`: how fast grading feels on this machine, each figure next to the plain
//! cargo commands a learner would otherwise run, measured in the same run on a scratch copy of
//! the project (the learner's own files and progress are never touched).
//!
//! Warm measurements interleave the commands they compare (edit, grade; edit, cargo test; ...)
//! so that a machine that speeds up or slows down during the run affects each alike.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Repetitions of each warm measurement; the median is reported.
const RUNS: usize = 9;

struct Bench {
    /// The scratch copy of the project.
    project: Workspace,
    /// One target directory per side, so that neither side ever finds the other's work done.
    grade_target: PathBuf,
    cargo_target: PathBuf,
}

/// One command being timed, the target directory it builds in, and how the table shows it.
struct Timed<'a> {
    target: &'a Path,
    args: Vec<String>,
    shown: String,
}

impl<'a> Timed<'a> {
    fn new(target: &'a Path, args: &[&str]) -> Self {
        Timed {
            target,
            args: strings(args),
            shown: format!("cargo {}", args.join(" ")),
        }
    }

    /// The command with `-p <id>` for every task; shown as `-p <every task>`.
    fn every_task(target: &'a Path, args: &[&str], ids: &[&str]) -> Self {
        let mut timed = Timed::new(target, args);
        for id in ids {
            timed.args.extend(strings(&["-p", id]));
        }
        timed.shown.push_str(" -p <every task>");
        timed
    }
}

struct Row {
    what: String,
    grader: Duration,
    command: String,
    cargo: Duration,
}

impl Bench {
    /// Runs `cargo args` in the scratch project with `target` as its target directory and
    /// returns the wall time. The exit status is ignored: stubs fail their tests by design.
    fn time(&self, timed: &Timed) -> Result<Duration> {
        let started = Instant::now();
        Command::new("cargo")
            .args(&timed.args)
            .current_dir(&self.project.root)
            .env("CARGO_TARGET_DIR", timed.target)
            .env("NO_COLOR", "1")
            // The grader runs tests with RUST_BACKTRACE=0; plain cargo gets the same, or a
            // learner's RUST_BACKTRACE=1 would make every failing example look slower.
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| Error::msg(format!("cannot run cargo: {e}")))?;
        Ok(started.elapsed())
    }

    /// The median wall time of each command over `RUNS` rounds; in each round every command
    /// runs once, in turn, each after `before` (an edit, or nothing).
    fn interleaved(
        &self,
        commands: &[&Timed],
        mut before: impl FnMut() -> Result<()>,
    ) -> Result<Vec<Duration>> {
        let mut times = vec![Vec::with_capacity(RUNS); commands.len()];
        for _ in 0..RUNS {
            for (command, times) in commands.iter().zip(&mut times) {
                before()?;
                times.push(self.time(command)?);
            }
        }
        Ok(times
            .into_iter()
            .map(|mut t| {
                t.sort();
                t[RUNS / 2]
            })
            .collect())
    }

    /// Appends a comment to a task's source: an edit that changes nothing but its content.
    fn edit(&self, id: &str, n: usize) -> Result<()> {
        let path = self.project.learner_source(id);
        let mut text = std::fs::read_to_string(&path).map_err(|e| Error::msg(format!("{e}")))?;
        let _ = writeln!(text, "// bench edit {n}");
        std::fs::write(&path, text).map_err(|e| Error::msg(format!("{e}")))
    }

    /// The three edit-to-result measurements of one task in its current state.
    fn edited(&self, id: &str, state: &str, rows: &mut Vec<Row>) -> Result<()> {
        let grade = Timed::new(&self.grade_target, &["xtask", "grade", id]);
        let test = Timed::new(&self.cargo_target, &["test", "-p", id]);
        let test_hidden = Timed::new(&self.cargo_target, &["test", "-p", id, "--test", "hidden"]);
        // Both sides start from a warm build of this state.
        for warm in [&grade, &test, &test_hidden] {
            self.time(warm)?;
        }
        let mut n = 0;
        let times = self.interleaved(&[&grade, &test, &test_hidden], || {
            n += 1;
            self.edit(id, n)
        })?;
        for (command, cargo) in [(&test, times[1]), (&test_hidden, times[2])] {
            rows.push(Row {
                what: format!("{state}: edit, `cargo xtask grade {id}`"),
                grader: times[0],
                command: command.shown.clone(),
                cargo,
            });
        }
        Ok(())
    }
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Measures on a scratch copy of the project, editing `edited` (or the first task).
pub fn bench(ws: &Workspace, curriculum: &Curriculum, edited: Option<&str>) -> Result<String> {
    let ids: Vec<&str> = curriculum.tasks.iter().map(|t| t.id.as_str()).collect();
    let edited = match edited {
        Some(id) => curriculum.task(id)?.id.as_str(),
        None => ids
            .first()
            .copied()
            .ok_or_else(|| Error::msg("the curriculum has no task"))?,
    };
    let root = ws.target_dir().join("xtask-bench");
    let _ = std::fs::remove_dir_all(&root);
    let b = Bench {
        project: Workspace {
            root: root.join("project"),
        },
        grade_target: root.join("target-grade"),
        cargo_target: root.join("target-cargo"),
    };
    copy_project(&ws.root, &b.project.root)?;
    let _ = std::fs::remove_file(b.project.progress_file());
    let grade_all = Timed::new(&b.grade_target, &["xtask", "grade"]);
    let test_all = Timed::every_task(
        &b.cargo_target,
        &["test", "--no-fail-fast", "--test", "hidden"],
        &ids,
    );
    let build_all = Timed::every_task(&b.cargo_target, &["build", "--test", "hidden"], &ids);
    let mut rows = Vec::new();

    eprintln!("bench: cold builds (a few minutes on 2 cores)...");
    let cold_grade = b.time(&grade_all)?;
    let cold_cargo = b.time(&test_all)?;
    rows.push(Row {
        what: "cold: full grade (builds `xtask` too)".into(),
        grader: cold_grade,
        command: test_all.shown.clone(),
        cargo: cold_cargo,
    });

    eprintln!("bench: nothing changed...");
    let times = b.interleaved(&[&grade_all, &build_all, &test_all], || Ok(()))?;
    for (command, cargo) in [(&build_all, times[1]), (&test_all, times[2])] {
        rows.push(Row {
            what: "nothing changed: `cargo xtask grade`".into(),
            grader: times[0],
            command: command.shown.clone(),
            cargo,
        });
    }

    eprintln!("bench: {edited} edited, as shipped...");
    b.edited(edited, "stub", &mut rows)?;
    eprintln!("bench: {edited} edited, with its reference solution in place...");
    let reference = ws.reference_source(edited);
    std::fs::copy(&reference, b.project.learner_source(edited))
        .map_err(|e| Error::msg(format!("cannot copy {}: {e}", reference.display())))?;
    b.edited(edited, "working solution", &mut rows)?;

    let mut out = String::from(
        "| measurement | grader | plain cargo | cargo command | ratio |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {:.2} s | {:.2} s | `{}` | {:.2} |",
            row.what,
            row.grader.as_secs_f64(),
            row.cargo.as_secs_f64(),
            row.command,
            row.grader.as_secs_f64() / row.cargo.as_secs_f64().max(1e-9)
        );
    }
    let _ = write!(
        out,
        "\nWarm figures are medians of {RUNS} interleaved runs. \"stub\" is the task as shipped; \
         \"working solution\" has its reference solution copied in.\n"
    );
    let _ = std::fs::remove_dir_all(&root);
    Ok(out)
}

/// Copies what a clone of the project holds (no build output, no progress) to `to`.
fn copy_project(from: &Path, to: &Path) -> Result<()> {
    let skip = |name: &str| {
        matches!(name, "target" | ".git" | ".venv") || name.starts_with("mlmath-progress.json")
    };
    copy_dir(from, to, &skip)
        .map_err(|e| Error::msg(format!("cannot copy the project to {}: {e}", to.display())))
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&str) -> bool) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if skip(&name.to_string_lossy()) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(&name), skip)?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}
