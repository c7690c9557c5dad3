//! `cargo xtask bench`: how fast grading feels on this machine, each figure next to the plain
//! cargo command a learner would otherwise run, measured in the same run on a scratch copy of
//! the project (the learner's own files and progress are never touched).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::curriculum::Curriculum;
use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Repetitions of the warm measurements; the median is reported.
const RUNS: usize = 5;

struct Bench {
    project: PathBuf,
    grade_target: PathBuf,
    cargo_target: PathBuf,
}

impl Bench {
    /// Runs `program args` in the scratch project with `target` as its target directory and
    /// returns the wall time. The exit status is ignored: stubs fail their tests by design.
    fn time(&self, target: &Path, program: &str, args: &[&str]) -> Result<Duration> {
        let started = Instant::now();
        Command::new(program)
            .args(args)
            .current_dir(&self.project)
            .env("CARGO_TARGET_DIR", target)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| Error::msg(format!("cannot run {program}: {e}")))?;
        Ok(started.elapsed())
    }

    fn cargo(&self, target: &Path, args: &[&str]) -> Result<Duration> {
        self.time(target, "cargo", args)
    }

    fn median(&self, mut each: impl FnMut(usize) -> Result<Duration>) -> Result<Duration> {
        let mut times = (0..RUNS).map(&mut each).collect::<Result<Vec<_>>>()?;
        times.sort();
        Ok(times[RUNS / 2])
    }

    /// Appends a comment to a task's source: an edit that changes nothing but its content.
    fn edit(&self, id: &str, n: usize) -> Result<()> {
        let path = self
            .project
            .join("crates")
            .join(id)
            .join("src")
            .join("lib.rs");
        let mut text = std::fs::read_to_string(&path).map_err(|e| Error::msg(format!("{e}")))?;
        let _ = writeln!(text, "// bench edit {n}");
        std::fs::write(&path, text).map_err(|e| Error::msg(format!("{e}")))
    }
}

pub fn bench(ws: &Workspace, curriculum: &Curriculum) -> Result<String> {
    let root = ws.target_dir().join("xtask-bench");
    let _ = std::fs::remove_dir_all(&root);
    let b = Bench {
        project: root.join("project"),
        grade_target: root.join("target-grade"),
        cargo_target: root.join("target-cargo"),
    };
    copy_project(&ws.root, &b.project)?;
    let _ = std::fs::remove_file(b.project.join(crate::workspace::PROGRESS_FILE));
    let ids: Vec<&str> = curriculum.tasks.iter().map(|t| t.id.as_str()).collect();
    let edited = ids
        .first()
        .copied()
        .ok_or_else(|| Error::msg("the curriculum has no task"))?;
    let mut hidden_all = vec!["test", "--no-fail-fast", "--test", "hidden"];
    for id in &ids {
        hidden_all.extend(["-p", id]);
    }
    let (gt, ct) = (b.grade_target.clone(), b.cargo_target.clone());
    let mut rows: Vec<(String, Duration, String, Duration)> = Vec::new();

    eprintln!("bench: cold builds (a few minutes on 2 cores)...");
    let cold_grade = b.cargo(&gt, &["xtask", "grade"])?;
    let cold_cargo = b.cargo(&ct, &hidden_all)?;
    rows.push((
        "cold full grade (builds xtask too)".into(),
        cold_grade,
        hidden_all.join(" "),
        cold_cargo,
    ));

    eprintln!("bench: nothing changed...");
    let unchanged = b.median(|_| b.cargo(&gt, &["xtask", "grade"]))?;
    let mut build_all = vec!["build", "--test", "hidden"];
    for id in &ids {
        build_all.extend(["-p", id]);
    }
    let noop_build = b.median(|_| b.cargo(&ct, &build_all))?;
    rows.push((
        "no-change grade".into(),
        unchanged,
        build_all.join(" "),
        noop_build,
    ));
    let noop_test = b.median(|_| b.cargo(&ct, &hidden_all))?;
    rows.push((
        "no-change grade".into(),
        unchanged,
        hidden_all.join(" "),
        noop_test,
    ));

    eprintln!("bench: one task edited...");
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    let grade_edit = b.median(|_| {
        b.edit(edited, next())?;
        b.cargo(&gt, &["xtask", "grade", edited])
    })?;
    let test_edit = b.median(|_| {
        b.edit(edited, next())?;
        b.cargo(&ct, &["test", "-p", edited])
    })?;
    rows.push((
        format!("edit, grade {edited}"),
        grade_edit,
        format!("edit, cargo test -p {edited}"),
        test_edit,
    ));
    let hidden_edit = b.median(|_| {
        b.edit(edited, next())?;
        b.cargo(&ct, &["test", "-p", edited, "--test", "hidden"])
    })?;
    rows.push((
        format!("edit, grade {edited}"),
        grade_edit,
        format!("edit, cargo test -p {edited} --test hidden"),
        hidden_edit,
    ));

    let mut out = String::from(
        "| measurement | grader | plain cargo | cargo command | ratio |\n|---|---|---|---|---|\n",
    );
    for (what, grader, command, cargo) in rows {
        let _ = writeln!(
            out,
            "| {what} | {:.2} s | {:.2} s | `{command}` | {:.2} |",
            grader.as_secs_f64(),
            cargo.as_secs_f64(),
            grader.as_secs_f64() / cargo.as_secs_f64().max(1e-9)
        );
    }
    let _ = write!(
        out,
        "\nWarm figures are medians of {RUNS} runs; the tasks are as they are in this checkout.\n"
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
