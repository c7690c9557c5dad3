//! `cargo xtask report`: completion per category and per gap topic of the source document,
//! in the form of its coverage table, as text or Markdown.

use std::fmt::Write as _;

use crate::curriculum::Curriculum;
use crate::progress::Progress;
use crate::render::{Completion, completion_by, solved_count};

fn coverage(row: &Completion) -> String {
    match row.solved * 100 / row.total.max(1) {
        100 => "complete".into(),
        0 => "not started".into(),
        p => format!("{p}%"),
    }
}

/// The report as Markdown tables: per category, per gap topic, and per task.
pub fn markdown(curriculum: &Curriculum, progress: &Progress) -> String {
    let mut out = String::from("# mlmath-gaps progress\n");
    let sections: [(&str, Vec<Completion>); 2] = [
        (
            "Category",
            completion_by(curriculum, progress, |t| t.category.as_str()),
        ),
        (
            "Gap topic",
            completion_by(curriculum, progress, |t| t.gap_topic.as_str()),
        ),
    ];
    for (title, rows) in &sections {
        let _ = write!(
            out,
            "\n| {title} | Tasks | Solved | Coverage |\n|---|---|---|---|\n"
        );
        for r in rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                r.name,
                r.total,
                r.solved,
                coverage(r)
            );
        }
    }
    out.push_str("\n| Task | Difficulty | Status | First solved |\n|---|---|---|---|\n");
    for task in &curriculum.tasks {
        let entry = progress.task(&task.id);
        let status = entry
            .and_then(|e| e.last_result.as_ref())
            .map_or("not graded", |r| r.status.label());
        let first = entry.and_then(|e| e.first_solved.as_deref()).unwrap_or("");
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            task.id,
            task.difficulty.as_str(),
            status,
            first
        );
    }
    let solved = solved_count(curriculum, progress);
    let _ = write!(
        out,
        "\nSolved {solved} of {} tasks.\n",
        curriculum.tasks.len()
    );
    out
}

/// The same tables as aligned text for a terminal.
pub fn text(curriculum: &Curriculum, progress: &Progress) -> String {
    let mut out = String::new();
    let sections: [(&str, Vec<Completion>); 2] = [
        (
            "Category",
            completion_by(curriculum, progress, |t| t.category.as_str()),
        ),
        (
            "Gap topic",
            completion_by(curriculum, progress, |t| t.gap_topic.as_str()),
        ),
    ];
    for (title, rows) in &sections {
        let width = rows
            .iter()
            .map(|r| r.name.len())
            .chain([title.len()])
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "{title:<width$}  Solved  Coverage");
        for r in rows {
            let _ = writeln!(
                out,
                "{:<width$}  {:>6}  {}",
                r.name,
                format!("{}/{}", r.solved, r.total),
                coverage(r)
            );
        }
        out.push('\n');
    }
    let solved = solved_count(curriculum, progress);
    let _ = writeln!(out, "Solved {solved} of {} tasks.", curriculum.tasks.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::{Status, TaskResult};

    #[test]
    fn tables_count_solved_tasks_per_category_and_gap_topic() {
        let curriculum = Curriculum::parse(
            r#"schema_version = 1
[[task]]
id = "a"
title = "A"
category = "Statistics"
gap_topic = "10. Advanced hypothesis testing"
difficulty = "medium"
hints = ["h"]
[[task]]
id = "b"
title = "B"
category = "Statistics"
gap_topic = "14. Time series"
difficulty = "hard"
hints = ["h"]
"#,
        )
        .unwrap();
        let mut progress = Progress::new();
        let solved = TaskResult {
            id: "a".into(),
            status: Status::Solved,
            passed: 1,
            passed_tests: Vec::new(),
            total: 1,
            failures: Vec::new(),
            detail: None,
            cached: false,
        };
        progress.record(&solved, "fp", "2026-11-29T00:00:00Z");
        let md = markdown(&curriculum, &progress);
        assert!(md.contains("| Statistics | 2 | 1 | 50% |"), "{md}");
        assert!(
            md.contains("| 10. Advanced hypothesis testing | 1 | 1 | complete |"),
            "{md}"
        );
        assert!(
            md.contains("| 14. Time series | 1 | 0 | not started |"),
            "{md}"
        );
        assert!(
            md.contains("| a | medium | solved | 2026-11-29T00:00:00Z |"),
            "{md}"
        );
        assert!(md.contains("| b | hard | not graded |  |"), "{md}");
        let txt = text(&curriculum, &progress);
        assert!(txt.contains("Statistics     1/2  50%"), "{txt}");
    }
}
