//! `cargo xtask grade --json`: the machine-readable grade, documented in docs/grade-json.md.
//! Bump [`SCHEMA_VERSION`] on any change that removes or renames a field.

use serde::Serialize;

use crate::curriculum::Curriculum;
use crate::grade::{Status, TaskResult};
use crate::progress::Progress;
use crate::render::{completion_by, solved_count};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct GradeJson<'a> {
    pub schema_version: u32,
    pub tasks: Vec<TaskJson<'a>>,
    pub summary: Summary<'a>,
}

#[derive(Serialize)]
pub struct TaskJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    pub gap_topic: &'a str,
    pub difficulty: &'a str,
    pub status: Status,
    pub passed: usize,
    pub total: usize,
    pub failures: Vec<FailureJson<'a>>,
    pub detail: Option<&'a str>,
    pub first_solved: Option<&'a str>,
    pub cached: bool,
}

#[derive(Serialize)]
pub struct FailureJson<'a> {
    pub test: &'a str,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct Summary<'a> {
    pub solved: usize,
    pub total: usize,
    pub categories: Vec<CategoryJson<'a>>,
}

#[derive(Serialize)]
pub struct CategoryJson<'a> {
    pub category: &'a str,
    pub solved: usize,
    pub total: usize,
}

pub fn grade_json(curriculum: &Curriculum, results: &[TaskResult], progress: &Progress) -> String {
    let tasks = results
        .iter()
        .filter_map(|r| {
            let task = curriculum.task(&r.id).ok()?;
            Some(TaskJson {
                id: &task.id,
                title: &task.title,
                category: &task.category,
                gap_topic: &task.gap_topic,
                difficulty: task.difficulty.as_str(),
                status: r.status,
                passed: r.passed,
                total: r.total,
                failures: r
                    .failures
                    .iter()
                    .map(|f| FailureJson {
                        test: &f.test,
                        message: &f.message,
                    })
                    .collect(),
                detail: r.detail.as_deref(),
                first_solved: progress.task(&r.id).and_then(|t| t.first_solved.as_deref()),
                cached: r.cached,
            })
        })
        .collect();
    let solved = solved_count(curriculum, progress);
    let total = curriculum.tasks.len();
    let categories = completion_by(curriculum, progress, |t| t.category.as_str())
        .into_iter()
        .map(|c| CategoryJson {
            category: c.name,
            solved: c.solved,
            total: c.total,
        })
        .collect();
    let json = GradeJson {
        schema_version: SCHEMA_VERSION,
        tasks,
        summary: Summary {
            solved,
            total,
            categories,
        },
    };
    serde_json::to_string_pretty(&json).expect("grade serializes")
}
