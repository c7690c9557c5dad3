//! `cargo xtask new <id>`: the five places of a new task, laid out as
//! docs/authoring-a-task.md describes, with a `curriculum.toml` entry to fill in. `verify`
//! fails on the result until the task is written (it has no hidden test yet).

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Creates the task's files; refuses to touch any place that already exists. Returns the
/// files written, relative to the root.
pub fn new_task(ws: &Workspace, id: &str) -> Result<Vec<PathBuf>> {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && id.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid {
        return Err(Error::msg(format!(
            "`{id}` is not a task id: use lower-case letters, digits and underscores, e.g. calc_008_newton_lbfgs"
        )));
    }
    let dirs = [
        ws.task_crate(id),
        ws.hidden_tests(id),
        ws.solution(id),
        ws.root.join("fixtures").join(id),
    ];
    if let Some(taken) = dirs.iter().find(|d| d.exists()) {
        return Err(Error::msg(format!(
            "{} already exists: pick another id",
            ws.relative(taken).display()
        )));
    }
    let curriculum_path = ws.curriculum_file();
    let curriculum = std::fs::read_to_string(&curriculum_path)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", curriculum_path.display())))?;
    if curriculum.contains(&format!("id = \"{id}\"")) {
        return Err(Error::msg(format!(
            "curriculum.toml already has a task {id}"
        )));
    }

    let files: Vec<(PathBuf, String)> = vec![
        (ws.task_crate(id).join("Cargo.toml"), task_manifest(id)),
        (ws.statement(id), STATEMENT.replace("{id}", id)),
        (ws.learner_source(id), STUB.replace("{id}", id)),
        (
            ws.task_crate(id).join("tests").join("examples.rs"),
            EXAMPLES.replace("{id}", id),
        ),
        (
            ws.hidden_tests(id).join("main.rs"),
            HIDDEN.replace("{id}", id),
        ),
        (ws.solution(id).join("Cargo.toml"), reference_manifest(id)),
        (ws.reference_source(id), STUB.replace("{id}", id)),
        (ws.mutants_file(id), MUTANTS.to_string()),
        (
            ws.root.join("fixtures").join(id).join("generate.py"),
            GENERATOR.replace("{id}", id),
        ),
        (
            ws.root.join("fixtures").join(id).join("requirements.txt"),
            "numpy\n".to_string(),
        ),
    ];
    for (path, text) in &files {
        let dir = path.parent().expect("task files live in folders");
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))?;
    }
    let entry = ENTRY.replace("{id}", id);
    std::fs::write(
        &curriculum_path,
        format!("{}\n{entry}", curriculum.trim_end()),
    )
    .map_err(|e| Error::msg(format!("cannot write {}: {e}", curriculum_path.display())))?;
    let mut written: Vec<PathBuf> = files
        .into_iter()
        .map(|(p, _)| ws.relative(&p).to_path_buf())
        .collect();
    written.push(PathBuf::from("curriculum.toml"));
    Ok(written)
}

fn task_manifest(id: &str) -> String {
    format!(
        "[package]\nname = \"{id}\"\ndescription = \"TODO: one line\"\n{COMMON}\n[dependencies]\n{DEPS}\n\
         [dev-dependencies]\n{DEV_DEPS}\n\
         # The hidden tests. `test = false` keeps them out of `cargo test`; `cargo xtask grade` builds\n\
         # them on purpose (`--test hidden`).\n[[test]]\nname = \"hidden\"\npath = \"../../grading/{id}/main.rs\"\ntest = false\n"
    )
}

fn reference_manifest(id: &str) -> String {
    format!(
        "[package]\nname = \"{id}_reference\"\ndescription = \"Reference solution of {id}: the hidden and \
         visible tests compile against it unchanged\"\n{COMMON}\n[lib]\nname = \"{id}\"\n\n\
         [dependencies]\n{DEPS}\n[dev-dependencies]\n{DEV_DEPS}\n\
         [[test]]\nname = \"hidden\"\npath = \"../../grading/{id}/main.rs\"\n\n\
         [[test]]\nname = \"examples\"\npath = \"../../crates/{id}/tests/examples.rs\"\n"
    )
}

const COMMON: &str = "version.workspace = true\nedition.workspace = true\nrust-version.workspace = true\n\
                      publish.workspace = true\nlicense.workspace = true\n";
const DEPS: &str = "thiserror.workspace = true\n";
const DEV_DEPS: &str = "grading-support.workspace = true\nproptest.workspace = true\n";

const ENTRY: &str = r#"
[[task]]
id = "{id}"
title = "TODO: what the learner implements"
category = "TODO: Calculus, Linear Algebra, Probability, Statistics, Learning Theory, ..."
gap_topic = "TODO: the gap of the source analysis, e.g. 1. Advanced optimization"
difficulty = "medium"
prerequisites = []
related = []
hints = ["TODO: a nudge", "TODO: nearly the answer"]
"#;

const STATEMENT: &str = "# {id}: TODO title

## The idea, and why interviews ask it

## The mathematics

## What you implement

## Tolerances the grader uses

## A worked example by hand

## Interview questions this prepares you for

## Related tasks

## References
";

const STUB: &str = "//! {id}: see README.md for the statement.

// The stubs do not use their parameters yet; delete this line once they are filled in.
#![allow(unused_variables)]

/// Provided: not part of the exercise.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An input was empty.
    #[error(\"the input is empty\")]
    EmptyInput,
}
";

const EXAMPLES: &str = "//! Visible examples of {id}: `cargo test -p {id}`.
";

const HIDDEN: &str =
    "//! Hidden tests of {id}, compiled against the learner's crate (or the reference):
//! golden values, edge inputs, properties and one test per classic mistake. Add the modules
//! `golden`, `edge_inputs`, `properties`, `statistical` (if randomized) and `mistakes` here.
";

const MUTANTS: &str =
    "# One mutant per classic mistake: the reference with exactly that mistake, as text edits.
# [[mutant]]
# name = \"snake_case_name\"
# mistake = \"the mistake, in words\"
# caught_by = [\"mistakes::the_test_that_must_fail\"]
# [[mutant.edit]]
# find = \"text that occurs exactly once in src/lib.rs\"
# replace = \"the mistaken text\"
";

const GENERATOR: &str = "\"\"\"Golden values of {id}: writes golden.rs beside this file.

Record the Python and library versions and the exact call behind every constant, and write
floats with repr() (17 significant digits).
\"\"\"
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_ids_that_cannot_be_crate_names() {
        let ws = Workspace {
            root: std::env::temp_dir(),
        };
        for bad in ["", "Calc_008", "calc-008", "8_calc", "calc 008"] {
            assert!(
                new_task(&ws, bad)
                    .unwrap_err()
                    .to_string()
                    .contains("is not a task id"),
                "{bad}"
            );
        }
    }
}
