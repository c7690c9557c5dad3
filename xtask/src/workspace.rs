//! Where things are: the workspace root and the five places of a task.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file that marks the workspace root; it is also the catalogue of tasks.
pub const CURRICULUM_FILE: &str = "curriculum.toml";
/// The learner's progress, one file at the workspace root.
pub const PROGRESS_FILE: &str = "mlmath-progress.json";

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// The root is the cargo workspace around the current directory (the nearest ancestor
    /// whose Cargo.toml has a `[workspace]` table), so every command works from any folder of
    /// the project; it must hold `curriculum.toml`.
    pub fn discover() -> Result<Self> {
        let start = std::env::current_dir()
            .map_err(|e| Error::msg(format!("cannot read the current directory: {e}")))?;
        let is_workspace_root = |dir: &Path| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
        };
        let root = start.ancestors().find(|dir| is_workspace_root(dir));
        match root {
            Some(root) if root.join(CURRICULUM_FILE).is_file() => Ok(Workspace {
                root: root.to_path_buf(),
            }),
            _ => Err(Error::msg(format!(
                "no {CURRICULUM_FILE} found at the root of the cargo workspace around {}: run \
                 this from inside the mlmath-gaps checkout (`git checkout -- {CURRICULUM_FILE}` \
                 restores a deleted one)",
                start.display()
            ))),
        }
    }

    pub fn curriculum_file(&self) -> PathBuf {
        self.root.join(CURRICULUM_FILE)
    }
    pub fn progress_file(&self) -> PathBuf {
        self.root.join(PROGRESS_FILE)
    }
    pub fn task_crate(&self, id: &str) -> PathBuf {
        self.root.join("crates").join(id)
    }
    pub fn learner_source(&self, id: &str) -> PathBuf {
        self.task_crate(id).join("src").join("lib.rs")
    }
    pub fn statement(&self, id: &str) -> PathBuf {
        self.task_crate(id).join("README.md")
    }
    pub fn hidden_tests(&self, id: &str) -> PathBuf {
        self.root.join("grading").join(id)
    }
    pub fn solution(&self, id: &str) -> PathBuf {
        self.root.join("solutions").join(id)
    }
    pub fn reference_source(&self, id: &str) -> PathBuf {
        self.solution(id).join("src").join("lib.rs")
    }
    pub fn mutants_file(&self, id: &str) -> PathBuf {
        self.solution(id).join("mutants.toml")
    }
    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join("target"))
    }

    /// The path relative to the root, for messages.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}
