//! Output for people: a line per task, the first failing checks, completion per category.
//! Colour only on a terminal and never when NO_COLOR is set.

use std::fmt::Write as _;
use std::io::IsTerminal;

use crate::curriculum::{Curriculum, Task};
use crate::grade::{Status, TaskResult};
use crate::progress::Progress;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
    terminal: bool,
}

impl Style {
    /// Colour when stdout is a terminal and NO_COLOR is unset or empty (no-color.org).
    pub fn detect() -> Self {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let terminal = std::io::stdout().is_terminal();
        Style {
            colour: !no_colour && terminal,
            terminal,
        }
    }

    pub fn is_terminal(self) -> bool {
        self.terminal
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn status(self, status: Status) -> String {
        let (code, mark) = match status {
            Status::Solved => ("32", "ok  "),
            Status::Failing => ("33", "FAIL"),
            Status::NotStarted => ("2", "todo"),
            Status::CompileError | Status::Crashed | Status::TimedOut => ("31", "ERR "),
        };
        self.paint(code, mark)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// How many failing checks a task's entry shows when many tasks are graded at once.
const FAILURES_SHOWN_IN_OVERVIEW: usize = 2;

/// The grade table. `detailed` (one task graded) shows every failing check.
pub fn grade_report(
    curriculum: &Curriculum,
    results: &[TaskResult],
    progress: &Progress,
    detailed: bool,
    style: Style,
) -> String {
    let mut out = String::new();
    let width = results.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in results {
        let counts = if r.total > 0 {
            format!("{:>3}/{:<3}", r.passed, r.total)
        } else {
            " ".repeat(7)
        };
        let unchanged = if r.cached {
            style.dim(" (unchanged since its last grade)")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{} {:<width$}  {}  {}{unchanged}",
            style.status(r.status),
            r.id,
            counts,
            r.status.label()
        );
        for line in task_details(r, detailed) {
            let _ = writeln!(out, "       {line}");
        }
    }
    out.push('\n');
    out.push_str(&completion_summary(curriculum, progress, style));
    if let Some(next) = next_task(curriculum, progress) {
        let _ = writeln!(
            out,
            "\nNext: {} ({}). Read `cargo xtask show {}`; stuck? `cargo xtask hint {}`.",
            next.id, next.title, next.id, next.id
        );
    }
    out
}

fn task_details(r: &TaskResult, detailed: bool) -> Vec<String> {
    let mut lines = Vec::new();
    match r.status {
        Status::Solved => {}
        Status::NotStarted => lines.push(format!(
            "fill in the todo!() bodies of crates/{}/src/lib.rs (statement: crates/{}/README.md)",
            r.id, r.id
        )),
        Status::Failing => {
            let shown = if detailed {
                r.failures.len()
            } else {
                FAILURES_SHOWN_IN_OVERVIEW
            };
            for f in r.failures.iter().take(shown) {
                lines.push(format!("x {}", f.test));
                lines.extend(f.message.lines().map(|l| format!("  {l}")));
            }
            if r.failures.len() > shown {
                lines.push(format!(
                    "... and {} more failing checks: `cargo xtask grade {}` shows them all",
                    r.failures.len() - shown,
                    r.id
                ));
            }
            lines.extend(r.detail.iter().flat_map(|d| d.lines().map(str::to_string)));
        }
        Status::CompileError | Status::Crashed | Status::TimedOut => {
            if let Some(detail) = &r.detail {
                lines.extend(detail.lines().map(str::to_string));
            }
        }
    }
    lines
}

/// "Solved 1 of 2 tasks (50%)" and one line per category, like the source document's
/// coverage table. Counts come from the progress file, so tasks not graded this run count too.
pub fn completion_summary(curriculum: &Curriculum, progress: &Progress, style: Style) -> String {
    let (solved, total) = (solved_count(curriculum, progress), curriculum.tasks.len());
    let headline = format!(
        "Solved {solved} of {total} tasks ({})",
        percent(solved, total)
    );
    let mut out = format!("{}\n", style.bold(&headline));
    let categories = completion_by(curriculum, progress, |t| t.category.as_str());
    let width = categories.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in categories {
        let _ = writeln!(
            out,
            "  {:<width$}  {}/{}  {}",
            c.name,
            c.solved,
            c.total,
            style.dim(&percent(c.solved, c.total))
        );
    }
    out
}

/// Solved and total tasks of one group (a category, a gap topic).
pub struct Completion<'a> {
    pub name: &'a str,
    pub solved: usize,
    pub total: usize,
}

/// Completion per group of tasks, `key` naming each task's group; groups in order of first
/// appearance, so reports follow the suggested order.
pub fn completion_by<'a>(
    curriculum: &'a Curriculum,
    progress: &Progress,
    key: impl Fn(&'a Task) -> &'a str,
) -> Vec<Completion<'a>> {
    let mut groups: Vec<Completion> = Vec::new();
    for task in &curriculum.tasks {
        let name = key(task);
        let solved = usize::from(is_solved(progress, &task.id));
        match groups.iter_mut().find(|g| g.name == name) {
            Some(group) => {
                group.total += 1;
                group.solved += solved;
            }
            None => groups.push(Completion {
                name,
                solved,
                total: 1,
            }),
        }
    }
    groups
}

/// How many tasks of the curriculum are solved.
pub fn solved_count(curriculum: &Curriculum, progress: &Progress) -> usize {
    curriculum
        .tasks
        .iter()
        .filter(|t| is_solved(progress, &t.id))
        .count()
}

/// A task counts as solved while its last grade says so.
pub fn is_solved(progress: &Progress, id: &str) -> bool {
    progress
        .task(id)
        .and_then(|t| t.last_result.as_ref())
        .is_some_and(|r| r.status == Status::Solved)
}

/// The first task in suggested order that is not solved.
pub fn next_task<'a>(curriculum: &'a Curriculum, progress: &Progress) -> Option<&'a Task> {
    curriculum
        .tasks
        .iter()
        .find(|t| !is_solved(progress, &t.id))
}

fn percent(part: usize, whole: usize) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or_else(|| "-".into(), |p| format!("{p}%"))
}

/// `cargo xtask list`: every task in suggested order with its last status.
pub fn task_list(curriculum: &Curriculum, progress: &Progress, style: Style) -> String {
    let width = curriculum
        .tasks
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(0);
    let category_width = curriculum
        .tasks
        .iter()
        .map(|t| t.category.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (i, task) in curriculum.tasks.iter().enumerate() {
        let status = progress
            .task(&task.id)
            .and_then(|t| t.last_result.as_ref())
            .map(|r| r.status.label())
            .unwrap_or("not graded");
        let _ = writeln!(
            out,
            "{:>2}. {:<width$}  {:<16}  {:<6}  {:<category_width$}  {}",
            i + 1,
            task.id,
            status,
            task.difficulty.as_str(),
            task.category,
            style.dim(&format!("({})", task.title))
        );
    }
    out
}
