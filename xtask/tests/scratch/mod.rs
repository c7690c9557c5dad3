//! Scratch workspaces for the grader's integration tests: a curriculum of tiny tasks under
//! the target directory, graded by the real `xtask` binary. Each workspace builds into its own
//! `target/`: cargo names the artifacts of path packages by their path relative to the
//! workspace, so two scratch workspaces sharing a target directory would overwrite each
//! other's test binaries while the tests run in parallel.

#![allow(dead_code)] // each test file uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

#[derive(Clone, Copy)]
pub struct TaskSpec {
    pub id: &'static str,
    /// The learner's `src/lib.rs`; the hidden test checks `answer() == 42`.
    pub lib: &'static str,
}

pub struct ScratchWorkspace {
    pub root: PathBuf,
    /// A target directory kept across test runs, for workspaces with real dependencies.
    target: Option<PathBuf>,
}

const HIDDEN_TEST: &str = "#[test]\nfn answer_is_42() {\n    assert_eq!(TASK::answer(), 42, \"answer() must be 42\");\n}\n";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/xtask-tests")
}

impl ScratchWorkspace {
    pub fn new(name: &str, tasks: &[TaskSpec]) -> Self {
        let root = tests_dir().join(name);
        let _ = std::fs::remove_dir_all(&root);
        let write = |path: PathBuf, text: &str| {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            root.join("Cargo.toml"),
            "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
        );
        let mut curriculum = String::from("schema_version = 1\n");
        for t in tasks {
            curriculum.push_str(&format!(
                "\n[[task]]\nid = \"{id}\"\ntitle = \"Task {id}\"\ncategory = \"Tests\"\n\
                 gap_topic = \"0. Grader\"\ndifficulty = \"easy\"\nhints = [\"first\", \"second\"]\n",
                id = t.id
            ));
            let dir = root.join("crates").join(t.id);
            write(
                dir.join("Cargo.toml"),
                &format!(
                    "[package]\nname = \"{id}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                     [[test]]\nname = \"hidden\"\npath = \"../../grading/{id}/main.rs\"\ntest = false\n",
                    id = t.id
                ),
            );
            write(dir.join("src/lib.rs"), t.lib);
            write(dir.join("README.md"), &format!("# {}\n", t.id));
            write(
                root.join("grading").join(t.id).join("main.rs"),
                &HIDDEN_TEST.replace("TASK", t.id),
            );
        }
        write(root.join("curriculum.toml"), &curriculum);
        ScratchWorkspace { root, target: None }
    }

    /// Adds a reference solution, visible examples and mutants to task `id`, as `verify`
    /// expects them.
    pub fn with_solution(self, id: &str, reference: &str, mutants_toml: &str) -> Self {
        let dir = self.root.join("solutions").join(id);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let members = "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\", \"solutions/*\"]\n";
        std::fs::write(self.root.join("Cargo.toml"), members).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{id}_reference\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
                 [lib]\nname = \"{id}\"\n\n\
                 [[test]]\nname = \"hidden\"\npath = \"../../grading/{id}/main.rs\"\n\n\
                 [[test]]\nname = \"examples\"\npath = \"../../crates/{id}/tests/examples.rs\"\n"
            ),
        )
        .unwrap();
        std::fs::write(dir.join("src/lib.rs"), reference).unwrap();
        std::fs::write(dir.join("mutants.toml"), mutants_toml).unwrap();
        let examples = self.root.join("crates").join(id).join("tests");
        std::fs::create_dir_all(&examples).unwrap();
        std::fs::write(
            examples.join("examples.rs"),
            format!("#[test]\nfn answer_is_positive() {{\n    assert!({id}::answer() > 0);\n}}\n"),
        )
        .unwrap();
        self
    }

    /// A copy of this project as a fresh clone has it: sources, no target, no progress.
    pub fn copy_of_project(name: &str) -> Self {
        let project = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf();
        let root = tests_dir().join(name);
        let _ = std::fs::remove_dir_all(&root);
        let files = ["Cargo.toml", "Cargo.lock", "curriculum.toml"];
        let dirs = [
            ".cargo",
            "crates",
            "grading",
            "solutions",
            "fixtures",
            "xtask",
        ];
        std::fs::create_dir_all(&root).unwrap();
        for f in files {
            std::fs::copy(project.join(f), root.join(f)).unwrap();
        }
        for d in dirs {
            copy_dir(&project.join(d), &root.join(d));
        }
        // Outside the copy, so that a re-run does not compile every dependency again.
        let target = Some(tests_dir().join(format!("{name}-target")));
        ScratchWorkspace { root, target }
    }

    pub fn xtask(&self, args: &[&str]) -> Output {
        self.xtask_command(args).output().expect("xtask runs")
    }

    /// The `xtask` binary, run in this workspace with a shared target directory.
    pub fn xtask_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
        cmd.args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        match &self.target {
            Some(target) => cmd.env("CARGO_TARGET_DIR", target),
            None => cmd.env_remove("CARGO_TARGET_DIR"),
        };
        cmd
    }

    pub fn progress_path(&self) -> PathBuf {
        self.root.join("mlmath-progress.json")
    }

    pub fn progress(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(self.progress_path()).unwrap()).unwrap()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
