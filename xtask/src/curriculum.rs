//! The catalogue of tasks, `curriculum.toml`: one entry per task, in suggested order.

use std::collections::HashSet;
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::workspace::{CURRICULUM_FILE, Workspace};

/// How long one task's hidden tests may run before the grader stops them, unless the task or
/// the command line says otherwise. The hidden suites are written to finish in about 2 s.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curriculum {
    pub schema_version: u32,
    #[serde(rename = "task")]
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub title: String,
    /// The subject area, as in the source document's coverage table (Calculus, Statistics, ...).
    pub category: String,
    /// Which gap of the source document the task fills, e.g. "8. Numerical stability".
    pub gap_topic: String,
    pub difficulty: Difficulty,
    /// Tasks to do first. Ids not in this workspace belong to the wider question bank.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    pub hints: Vec<String>,
    /// Overrides [`DEFAULT_TIME_LIMIT`] for this task's hidden tests.
    pub time_limit_secs: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

impl Task {
    pub fn time_limit(&self) -> Duration {
        self.time_limit_secs
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_TIME_LIMIT)
    }
}

const SCHEMA_VERSION: u32 = 1;

impl Curriculum {
    pub fn load(ws: &Workspace) -> Result<Self> {
        let path = ws.curriculum_file();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::msg(format!(
                "cannot read {}: {e}; restore it with `git checkout -- {CURRICULUM_FILE}`",
                path.display()
            ))
        })?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self> {
        let curriculum: Curriculum = toml::from_str(text).map_err(|e| {
            Error::msg(format!(
                "{CURRICULUM_FILE} is not valid: {}; restore it with `git checkout -- {CURRICULUM_FILE}`",
                e.message()
            ))
        })?;
        if curriculum.schema_version != SCHEMA_VERSION {
            return Err(Error::msg(format!(
                "{CURRICULUM_FILE} has schema_version {}, this grader reads {SCHEMA_VERSION}: \
                 update the checkout with `git pull`",
                curriculum.schema_version
            )));
        }
        let mut seen = HashSet::new();
        for task in &curriculum.tasks {
            if !seen.insert(task.id.as_str()) {
                return Err(Error::msg(format!(
                    "{CURRICULUM_FILE} lists task {} twice",
                    task.id
                )));
            }
            if task.hints.is_empty() {
                return Err(Error::msg(format!(
                    "{CURRICULUM_FILE}: task {} has no hints",
                    task.id
                )));
            }
        }
        Ok(curriculum)
    }

    pub fn task(&self, id: &str) -> Result<&Task> {
        self.tasks
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| self.unknown_task(id))
    }

    /// The tasks a command acts on: the one named, or all of them in suggested order.
    pub fn select(&self, id: Option<&str>) -> Result<Vec<&Task>> {
        match id {
            Some(id) => Ok(vec![self.task(id)?]),
            None => Ok(self.tasks.iter().collect()),
        }
    }

    fn unknown_task(&self, id: &str) -> Error {
        let suggestion = self
            .tasks
            .iter()
            .map(|t| &t.id)
            .find(|known| {
                known.contains(id) || id.contains(known.as_str()) || same_prefix(known, id)
            })
            .map(|known| format!("did you mean {known}? "))
            .unwrap_or_default();
        Error::msg(format!(
            "unknown task `{id}`: {suggestion}`cargo xtask list` shows every task id"
        ))
    }
}

/// `linalg_008` names `linalg_008_logsumexp`.
fn same_prefix(known: &str, id: &str) -> bool {
    let key = |s: &str| s.split('_').take(2).collect::<Vec<_>>().join("_");
    !id.is_empty() && key(known) == key(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
schema_version = 1
[[task]]
id = "linalg_008_logsumexp"
title = "Log-sum-exp"
category = "Linear Algebra"
gap_topic = "8. Numerical stability"
difficulty = "medium"
hints = ["one"]
"#;

    #[test]
    fn parses_and_suggests_ids() {
        let c = Curriculum::parse(SAMPLE).unwrap();
        assert_eq!(c.tasks[0].difficulty, Difficulty::Medium);
        assert_eq!(c.tasks[0].time_limit(), DEFAULT_TIME_LIMIT);
        let err = c.task("linalg_008").unwrap_err().to_string();
        assert!(err.contains("did you mean linalg_008_logsumexp?"), "{err}");
        let err = c.task("nope").unwrap_err().to_string();
        assert!(err.contains("cargo xtask list"), "{err}");
    }

    #[test]
    fn rejects_duplicates_unknown_fields_and_other_schemas() {
        let twice = format!("{SAMPLE}{}", &SAMPLE[SAMPLE.find("[[task]]").unwrap()..]);
        assert!(
            Curriculum::parse(&twice)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let extra = SAMPLE.replace("hints", "colour = \"red\"\nhints");
        assert!(Curriculum::parse(&extra).is_err());
        let newer = SAMPLE.replace("schema_version = 1", "schema_version = 2");
        assert!(
            Curriculum::parse(&newer)
                .unwrap_err()
                .to_string()
                .contains("git pull")
        );
    }
}
