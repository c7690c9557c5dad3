//! The learner's progress: one JSON file at the workspace root, kept across weeks.
//!
//! It is read before anything is graded and written atomically (a temporary file renamed over
//! the old one), so a crash or Ctrl-C never leaves half a file. A file this grader cannot read
//! (damaged, truncated, written by a newer version) stops the command with an error naming
//! it; it is never replaced unless the learner asks with `--reset-progress`, and then the old
//! file is kept beside it as a backup.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::grade::{Status, TaskResult};
use crate::libtest::Failure;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub schema_version: u32,
    /// By task id. Entries of tasks no longer in the curriculum are kept, not dropped.
    pub tasks: BTreeMap<String, TaskProgress>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskProgress {
    /// When the task was first graded as solved (UTC, RFC 3339); never cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_solved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_result: Option<LastResult>,
    /// How many hints `cargo xtask hint` has shown.
    #[serde(default)]
    pub hints_shown: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastResult {
    pub status: Status,
    pub passed: usize,
    pub total: usize,
    pub graded_at: String,
    /// The failing checks, so an unchanged task can be reported without running it again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<Failure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The task's inputs when it was graded (see `fingerprint.rs`).
    #[serde(default)]
    pub fingerprint: String,
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            schema_version: SCHEMA_VERSION,
            tasks: BTreeMap::new(),
        }
    }

    /// Reads the file; a missing file is an empty progress.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::new()),
            Err(e) => return Err(Error::msg(format!("cannot read {}: {e}", path.display()))),
        };
        Self::parse(&text).map_err(|why| {
            Error::msg(format!(
                "{} {why}; it was left untouched. Fix or move it, or run again with \
                 --reset-progress to start afresh (the old file is kept as a backup)",
                path.display()
            ))
        })
    }

    fn parse(text: &str) -> std::result::Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("is damaged ({e})"))?;
        match value.get("schema_version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(format!(
                    "was written by a newer grader (schema {v}, this one reads {SCHEMA_VERSION}): \
                     update with `git pull`"
                ));
            }
            _ => return Err("is not a progress file of this grader (no schema_version 1)".into()),
        }
        serde_json::from_value(value).map_err(|e| format!("is damaged ({e})"))
    }

    /// Loads, or with `reset` moves an unreadable file aside and starts afresh.
    /// Returns the progress and the backup's path when one was made.
    pub fn load_or_reset(path: &Path, reset: bool) -> Result<(Self, Option<PathBuf>)> {
        match Self::load(path) {
            Ok(progress) if !reset => Ok((progress, None)),
            Err(e) if !reset => Err(e),
            _ if !path.exists() => Ok((Self::new(), None)),
            _ => {
                let backup = backup_path(path);
                std::fs::rename(path, &backup).map_err(|e| {
                    Error::msg(format!("cannot move {} aside: {e}", path.display()))
                })?;
                Ok((Self::new(), Some(backup)))
            }
        }
    }

    /// Writes atomically: the new content goes to a temporary file beside the old one, which
    /// is then renamed over it.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("progress serializes");
        text.push('\n');
        let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
        let written = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::msg(format!(
                "cannot write {}: {e}; the previous file is unchanged",
                path.display()
            ))
        })
    }

    pub fn task(&self, id: &str) -> Option<&TaskProgress> {
        self.tasks.get(id)
    }

    pub fn task_mut(&mut self, id: &str) -> &mut TaskProgress {
        self.tasks.entry(id.to_string()).or_default()
    }

    /// Records a grade; the first solve keeps its date forever.
    pub fn record(&mut self, result: &TaskResult, fingerprint: &str, now: &str) {
        let entry = self.task_mut(&result.id);
        if result.status == Status::Solved && entry.first_solved.is_none() {
            entry.first_solved = Some(now.to_string());
        }
        entry.last_result = Some(LastResult {
            status: result.status,
            passed: result.passed,
            total: result.total,
            graded_at: now.to_string(),
            failures: result.failures.clone(),
            detail: result.detail.clone(),
            fingerprint: fingerprint.to_string(),
        });
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let stamp = crate::clock::now_rfc3339().replace(':', "");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-{stamp}"));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("xtask-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("mlmath-progress.json")
    }

    fn result(status: Status, passed: usize) -> TaskResult {
        TaskResult {
            id: "a".into(),
            status,
            passed,
            passed_tests: Vec::new(),
            total: 3,
            failures: Vec::new(),
            detail: None,
            cached: false,
        }
    }

    #[test]
    fn round_trips_and_keeps_first_solved() {
        let path = scratch("roundtrip");
        let mut p = Progress::load(&path).unwrap();
        p.record(&result(Status::Solved, 3), "f1", "2026-01-01T00:00:00Z");
        p.record(&result(Status::Failing, 2), "f2", "2026-01-02T00:00:00Z");
        p.record(&result(Status::Solved, 3), "f3", "2026-01-03T00:00:00Z");
        p.save(&path).unwrap();
        let back = Progress::load(&path).unwrap();
        assert_eq!(back, p);
        let a = back.task("a").unwrap();
        assert_eq!(a.first_solved.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(
            a.last_result.as_ref().unwrap().graded_at,
            "2026-01-03T00:00:00Z"
        );
    }

    #[test]
    fn damaged_file_is_reported_and_left_alone() {
        let path = scratch("damaged");
        std::fs::write(&path, "{\"schema_version\": 1, \"tasks\": {").unwrap();
        let err = Progress::load(&path).unwrap_err().to_string();
        assert!(
            err.contains("is damaged") && err.contains("--reset-progress"),
            "{err}"
        );
        assert!(Progress::load_or_reset(&path, false).is_err());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"schema_version\": 1, \"tasks\": {"
        );
    }

    #[test]
    fn newer_and_foreign_files_are_refused() {
        let path = scratch("newer");
        std::fs::write(&path, r#"{"schema_version": 7, "tasks": {}}"#).unwrap();
        assert!(
            Progress::load(&path)
                .unwrap_err()
                .to_string()
                .contains("newer grader")
        );
        std::fs::write(&path, r#"[1, 2, 3]"#).unwrap();
        assert!(
            Progress::load(&path)
                .unwrap_err()
                .to_string()
                .contains("not a progress file")
        );
    }

    #[test]
    fn reset_keeps_the_old_file_as_a_backup() {
        let path = scratch("reset");
        std::fs::write(&path, "garbage").unwrap();
        let (p, backup) = Progress::load_or_reset(&path, true).unwrap();
        assert!(p.tasks.is_empty());
        let backup = backup.expect("a backup was made");
        assert_eq!(std::fs::read_to_string(backup).unwrap(), "garbage");
        assert!(!path.exists());
    }
}
