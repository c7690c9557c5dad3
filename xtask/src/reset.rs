//! `cargo xtask reset <id>`: put back the stub a task shipped with, after saving the learner's
//! file beside it. Work is never deleted.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Restores `crates/<id>/src/lib.rs` from the checkout's last commit. Returns the backup of
/// the learner's file, or `None` when the file already was the stub.
pub fn reset_task(ws: &Workspace, id: &str) -> Result<Option<PathBuf>> {
    let source = ws.learner_source(id);
    let relative = ws.relative(&source).display().to_string();
    let out = Command::new("git")
        .args(["show", &format!("HEAD:{relative}")])
        .current_dir(&ws.root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::msg(format!(
                "cannot run git ({e}): reset needs git and a git checkout"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::msg(format!(
            "git has no committed {relative}: reset needs the git checkout the project came in"
        )));
    }
    let stub = String::from_utf8_lossy(&out.stdout).into_owned();
    if !stub.contains("todo!()") {
        return Err(Error::msg(format!(
            "the committed {relative} has no todo!(), so it is your own work, not the stub; \
             `git log -- {relative}` shows the commit that has the stub"
        )));
    }
    let current = std::fs::read_to_string(&source).unwrap_or_default();
    if current == stub {
        return Ok(None);
    }
    let stamp = crate::clock::now_rfc3339().replace(':', "");
    let backup = source.with_file_name(format!("lib.rs.{stamp}.bak"));
    if source.exists() {
        std::fs::copy(&source, &backup).map_err(|e| {
            Error::msg(format!(
                "cannot back up {relative}: {e}; nothing was changed"
            ))
        })?;
    }
    std::fs::write(&source, stub).map_err(|e| {
        Error::msg(format!(
            "cannot write {relative}: {e}; your file is at {}",
            backup.display()
        ))
    })?;
    Ok(Some(backup))
}
