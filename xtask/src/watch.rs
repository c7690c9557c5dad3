//! `cargo xtask watch [<id>]`: grade a task each time one of its files is saved, show the next
//! failing check and a hint, and move on to the next task in suggested order once it is solved.
//!
//! Changes are found by polling modification times, which works the same in every editor,
//! container and network file system. Ctrl-C stops the grader together with the cargo and test
//! processes it started (they share its process group); the progress file is only ever
//! replaced whole, so stopping at any moment loses nothing.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use crate::clock;
use crate::curriculum::{Curriculum, Task};
use crate::error::Result;
use crate::grade::{self, GradeOptions, Status};
use crate::progress::Progress;
use crate::render::{self, Style};
use crate::workspace::Workspace;

/// How often modification times are compared. A snapshot is about a hundred `stat` calls, so
/// polling this often costs nothing noticeable and keeps a save's wait short.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// How long a change is left to settle before grading: editors often write a file in two
/// steps. A save that lands later still differs from the snapshot taken before the grade, so it
/// is graded next; this only avoids grading a half-written file first.
const SETTLE: Duration = Duration::from_millis(50);

/// Files by task whose changes re-grade that task: the learner's crate, and for maintainers
/// the hidden tests and fixtures.
type Snapshot = BTreeMap<PathBuf, (SystemTime, u64)>;

pub fn watch(
    ws: &Workspace,
    curriculum: &Curriculum,
    start: Option<&str>,
    style: Style,
) -> Result<()> {
    let progress = Progress::load(&ws.progress_file())?;
    let mut current = match start {
        Some(id) => curriculum.task(id)?,
        None => match render::next_task(curriculum, &progress) {
            Some(task) => task,
            None => {
                println!("Every task is solved. `cargo xtask watch <id>` watches one anyway.");
                return Ok(());
            }
        },
    };
    let mut pending = vec![current];
    loop {
        // Taken before grading, so a save made while a grade runs is graded next.
        let before = snapshot(ws, curriculum);
        for task in pending {
            let solved = grade_and_show(ws, task, style)?;
            if solved && task.id == current.id {
                match advance(ws, curriculum, style)? {
                    Some(next) => current = next,
                    None => return Ok(()),
                }
            }
        }
        println!("\n{}", style.dim("Watching for saves... (Ctrl-C to quit)"));
        let now = wait_for_change(ws, curriculum, &before);
        pending = changed_tasks(curriculum, &before, &now);
    }
}

/// Grades the next unsolved task in suggested order, and the ones after it while they are
/// solved already; `None` when every task is solved.
fn advance<'a>(
    ws: &Workspace,
    curriculum: &'a Curriculum,
    style: Style,
) -> Result<Option<&'a Task>> {
    loop {
        let progress = Progress::load(&ws.progress_file())?;
        let Some(next) = render::next_task(curriculum, &progress) else {
            println!("\nEvery task is solved. Well done.");
            return Ok(None);
        };
        println!(
            "\nNext task: {} ({}). Statement: crates/{}/README.md",
            next.id, next.title, next.id
        );
        if !grade_and_show(ws, next, style)? {
            return Ok(Some(next));
        }
    }
}

/// Polls until a file of some task differs from `before`; returns the new snapshot.
fn wait_for_change(ws: &Workspace, curriculum: &Curriculum, before: &Snapshot) -> Snapshot {
    loop {
        std::thread::sleep(POLL_INTERVAL);
        if snapshot(ws, curriculum) != *before {
            std::thread::sleep(SETTLE);
            return snapshot(ws, curriculum);
        }
    }
}

/// Grades one task, records it, and shows the result; true when it is solved.
fn grade_and_show(ws: &Workspace, task: &Task, style: Style) -> Result<bool> {
    let path = ws.progress_file();
    let mut progress = Progress::load(&path)?;
    let options = GradeOptions {
        time_limit: None,
        force: false,
        show_progress: true,
    };
    let graded = grade::grade(ws, &[task], &options, &progress)?;
    let g = graded.into_iter().next().expect("one task graded");
    if !g.result.cached {
        progress.record(&g.result, &g.fingerprint, &clock::now_rfc3339());
    }
    let r = &g.result;
    let hint = if r.status == Status::Solved {
        None
    } else {
        Some(unlocked_hint(&mut progress, task))
    };
    progress.save(&path)?;

    if style.is_terminal() {
        print!("\x1b[2J\x1b[H");
    }
    println!(
        "{} {}  {}/{}  {}",
        style.status(r.status),
        task.id,
        r.passed,
        r.total,
        r.status.label()
    );
    match r.status {
        Status::Solved => println!("\nSolved: every hidden check passes."),
        Status::Failing => {
            if let Some(f) = r.failures.first() {
                println!(
                    "\nNext failing check ({} of {} failing): {}",
                    1,
                    r.failures.len(),
                    f.test
                );
                println!("{}", f.message);
            }
        }
        Status::NotStarted => println!(
            "\nFill in the todo!() bodies of crates/{}/src/lib.rs.",
            task.id
        ),
        _ => println!("\n{}", r.detail.as_deref().unwrap_or("")),
    }
    if let Some((n, text)) = hint {
        println!(
            "\n{} {text}",
            style.bold(&format!("Hint {n} of {}:", task.hints.len()))
        );
        if n < task.hints.len() {
            println!(
                "{}",
                style.dim(&format!(
                    "(`cargo xtask hint {}` shows the next one)",
                    task.id
                ))
            );
        }
    }
    Ok(r.status == Status::Solved)
}

/// The last hint the learner has unlocked, unlocking the first one if none was.
fn unlocked_hint<'t>(progress: &mut Progress, task: &'t Task) -> (usize, &'t str) {
    let entry = progress.task_mut(&task.id);
    entry.hints_shown = entry.hints_shown.clamp(1, task.hints.len());
    (entry.hints_shown, &task.hints[entry.hints_shown - 1])
}

fn snapshot(ws: &Workspace, curriculum: &Curriculum) -> Snapshot {
    let mut files = BTreeMap::new();
    for task in &curriculum.tasks {
        for dir in [
            ws.task_crate(&task.id),
            ws.hidden_tests(&task.id),
            ws.root.join("fixtures").join(&task.id),
        ] {
            record_dir(&dir, &mut files);
        }
    }
    files
}

fn record_dir(dir: &std::path::Path, files: &mut Snapshot) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            if !entry.file_name().to_string_lossy().starts_with('.') {
                record_dir(&path, files);
            }
        } else if let Ok(modified) = meta.modified() {
            files.insert(path, (modified, meta.len()));
        }
    }
}

/// The tasks owning a file that was added, removed or modified, in curriculum order.
fn changed_tasks<'a>(
    curriculum: &'a Curriculum,
    before: &Snapshot,
    now: &Snapshot,
) -> Vec<&'a Task> {
    let differs = |path: &PathBuf| before.get(path) != now.get(path);
    let changed: Vec<&PathBuf> = before
        .keys()
        .chain(now.keys())
        .filter(|p| differs(p))
        .collect();
    curriculum
        .tasks
        .iter()
        .filter(|t| {
            changed
                .iter()
                .any(|p| p.components().any(|c| c.as_os_str() == t.id.as_str()))
        })
        .collect()
}
