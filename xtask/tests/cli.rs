//! The grader's commands on bad input and across runs: one-line errors that say what to do,
//! a progress file that is never lost, hints that are remembered.

mod scratch;

use scratch::{ScratchWorkspace, TaskSpec};

const SOLVED: TaskSpec = TaskSpec {
    id: "t1_solved",
    lib: "pub fn answer() -> u32 { 42 }",
};
const TODO: TaskSpec = TaskSpec {
    id: "t2_todo",
    lib: "pub fn answer() -> u32 { todo!() }",
};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn unknown_task_is_a_one_line_error_with_a_way_out() {
    let ws = ScratchWorkspace::new("cli-unknown", &[SOLVED]);
    for args in [&["grade", "t1"][..], &["hint", "nope"], &["show", "nope"]] {
        let out = ws.xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("cargo xtask list"), "{err}");
    }
    assert!(stderr(&ws.xtask(&["grade", "t1"])).contains("did you mean t1_solved?"));
    assert!(
        !ws.progress_path().exists(),
        "nothing was graded, nothing is written"
    );
}

#[test]
fn missing_curriculum_says_where_to_run_from() {
    let ws = ScratchWorkspace::new("cli-missing", &[SOLVED]);
    std::fs::remove_file(ws.root.join("curriculum.toml")).unwrap();
    let out = ws.xtask(&["grade"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no curriculum.toml found at the root"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn damaged_progress_file_is_reported_kept_and_only_replaced_on_request() {
    let ws = ScratchWorkspace::new("cli-damaged", &[SOLVED]);
    let damaged = "{\"schema_version\": 1, \"tasks\": {\"t1_solved\": {\"first_sol";
    std::fs::write(ws.progress_path(), damaged).unwrap();
    for args in [&["grade"][..], &["list"], &["hint", "t1_solved"]] {
        let out = ws.xtask(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("mlmath-progress.json is damaged"), "{err}");
        assert!(err.contains("--reset-progress"), "{err}");
        assert_eq!(
            std::fs::read_to_string(ws.progress_path()).unwrap(),
            damaged
        );
    }

    let out = ws.xtask(&["grade", "--reset-progress"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("moved to"), "{}", stderr(&out));
    let backups: Vec<_> = std::fs::read_dir(&ws.root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("mlmath-progress.json.bak-")
        })
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), damaged);
    assert_eq!(
        ws.progress()["tasks"]["t1_solved"]["last_result"]["status"],
        "solved"
    );
}

#[test]
fn newer_progress_file_is_refused_untouched() {
    let ws = ScratchWorkspace::new("cli-newer", &[SOLVED]);
    let newer = r#"{"schema_version": 9, "tasks": {}}"#;
    std::fs::write(ws.progress_path(), newer).unwrap();
    let out = ws.xtask(&["grade"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer grader"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(ws.progress_path()).unwrap(), newer);
}

#[test]
fn progress_survives_runs_and_first_solved_is_kept() {
    let ws = ScratchWorkspace::new("cli-progress", &[SOLVED, TODO]);
    let out = ws.xtask(&["grade"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Solved 1 of 2 tasks (50%)"), "{text}");
    assert!(
        text.contains("t2_todo") && text.contains("not started"),
        "{text}"
    );
    assert!(text.contains("Next: t2_todo"), "{text}");
    let first = ws.progress()["tasks"]["t1_solved"]["first_solved"].clone();
    assert!(first.is_string());

    std::thread::sleep(std::time::Duration::from_millis(1100));
    let edited = format!("{}\n// tidied up\n", SOLVED.lib);
    std::fs::write(ws.root.join("crates/t1_solved/src/lib.rs"), edited).unwrap();
    assert!(ws.xtask(&["grade", "t1_solved"]).status.success());
    let progress = ws.progress();
    assert_eq!(progress["tasks"]["t1_solved"]["first_solved"], first);
    assert_ne!(
        progress["tasks"]["t1_solved"]["last_result"]["graded_at"],
        first
    );
    assert_eq!(
        progress["tasks"]["t2_todo"]["last_result"]["status"],
        "not_started"
    );

    let list = stdout(&ws.xtask(&["list"]));
    assert!(
        list.contains("t1_solved") && list.contains("solved"),
        "{list}"
    );
    assert!(list.contains("not started"), "{list}");
}

#[test]
fn hints_come_one_at_a_time_and_are_remembered() {
    let ws = ScratchWorkspace::new("cli-hints", &[TODO]);
    let first = stdout(&ws.xtask(&["hint", "t2_todo"]));
    assert!(
        first.contains("Hint 1 of 2: first") && !first.contains("second"),
        "{first}"
    );
    let second = stdout(&ws.xtask(&["hint", "t2_todo"]));
    assert!(
        second.contains("Hint 2 of 2: second") && second.contains("last hint"),
        "{second}"
    );
    let again = stdout(&ws.xtask(&["hint", "t2_todo"]));
    assert!(again.contains("Hint 2 of 2"), "{again}");
    assert_eq!(ws.progress()["tasks"]["t2_todo"]["hints_shown"], 2);
}

#[test]
fn show_prints_the_statement_and_the_task_links() {
    let ws = ScratchWorkspace::new("cli-show", &[SOLVED]);
    let out = ws.xtask(&["show", "t1_solved"]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with("# t1_solved"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Prerequisites: none"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn unchanged_tasks_are_not_graded_again_until_they_change() {
    let ws = ScratchWorkspace::new("cli-cache", &[SOLVED, TODO]);
    let first = ws.xtask(&["grade", "--json"]);
    let first: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(first["tasks"][0]["cached"], false);

    let again: serde_json::Value =
        serde_json::from_slice(&ws.xtask(&["grade", "--json"]).stdout).unwrap();
    assert_eq!(again["tasks"][0]["cached"], true);
    assert_eq!(again["tasks"][0]["status"], "solved");
    assert_eq!(again["tasks"][1]["cached"], true);
    assert_eq!(again["tasks"][1]["status"], "not_started");

    std::fs::write(
        ws.root.join("crates/t2_todo/src/lib.rs"),
        "pub fn answer() -> u32 { 42 }",
    )
    .unwrap();
    let edited: serde_json::Value =
        serde_json::from_slice(&ws.xtask(&["grade", "--json"]).stdout).unwrap();
    assert_eq!(edited["tasks"][0]["cached"], true);
    assert_eq!(edited["tasks"][1]["cached"], false);
    assert_eq!(edited["tasks"][1]["status"], "solved");

    let forced: serde_json::Value =
        serde_json::from_slice(&ws.xtask(&["grade", "--json", "--force"]).stdout).unwrap();
    assert_eq!(forced["tasks"][0]["cached"], false);
}

fn git(ws: &ScratchWorkspace, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(&ws.root)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn reset_restores_the_stub_and_keeps_the_learners_file() {
    let ws = ScratchWorkspace::new("cli-reset", &[TODO]);
    git(&ws, &["init", "-q"]);
    git(&ws, &["add", "-A"]);
    git(&ws, &["commit", "-qm", "shipped"]);
    let source = ws.root.join("crates/t2_todo/src/lib.rs");
    let work = "pub fn answer() -> u32 { 41 } // my attempt";
    std::fs::write(&source, work).unwrap();

    let out = ws.xtask(&["reset", "t2_todo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&source).unwrap(), TODO.lib);
    let backups: Vec<_> = std::fs::read_dir(source.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bak"))
        .collect();
    assert_eq!(backups.len(), 1, "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), work);

    let again = ws.xtask(&["reset", "t2_todo"]);
    assert!(
        stdout(&again).contains("already is the stub"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn watch_regrades_on_save_and_stops_when_everything_is_solved() {
    use std::io::Read;
    let ws = ScratchWorkspace::new("cli-watch", &[SOLVED, TODO]);
    /// Stops the watcher even when an assertion fails, so no process outlives the test.
    struct KillOnDrop(std::process::Child);
    impl Drop for KillOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let child = ws
        .xtask_command(&["watch"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let mut stdout = child.0.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            let _ = tx.send(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    });
    let mut seen = String::new();
    let wait_for = |seen: &mut String, needle: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        while !seen.contains(needle) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match rx.recv_timeout(left) {
                Ok(chunk) => seen.push_str(&chunk),
                Err(_) => panic!("watch never printed {needle:?}; it printed:\n{seen}"),
            }
        }
    };
    wait_for(&mut seen, "Watching for saves");
    assert!(
        seen.contains("t2_todo") && seen.contains("not started"),
        "{seen}"
    );
    assert!(seen.contains("Hint 1 of 2: first"), "{seen}");

    std::fs::write(
        ws.root.join("crates/t2_todo/src/lib.rs"),
        "pub fn answer() -> u32 { 42 }",
    )
    .unwrap();
    wait_for(&mut seen, "Every task is solved");
    let status = child.0.wait().unwrap();
    assert!(status.success());
    assert_eq!(
        ws.progress()["tasks"]["t2_todo"]["last_result"]["status"],
        "solved"
    );
}

#[test]
fn report_writes_the_coverage_tables_as_markdown() {
    let ws = ScratchWorkspace::new("cli-report", &[SOLVED, TODO]);
    assert!(ws.xtask(&["grade"]).status.success());
    let out = ws.xtask(&["report", "--markdown", "progress.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Solved 1 of 2 tasks."),
        "{}",
        stdout(&out)
    );
    let md = std::fs::read_to_string(ws.root.join("progress.md")).unwrap();
    assert!(md.contains("| Tests | 2 | 1 | 50% |"), "{md}");
    assert!(md.contains("| 0. Grader | 2 | 1 | 50% |"), "{md}");
}

#[test]
fn a_missing_task_crate_is_reported_alone_and_the_rest_is_graded() {
    let ws = ScratchWorkspace::new("cli-missing-crate", &[SOLVED, TODO]);
    std::fs::remove_dir_all(ws.root.join("crates/t2_todo")).unwrap();
    let out = ws.xtask(&["grade", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tasks"][0]["status"], "solved", "{json}");
    assert_eq!(json["tasks"][1]["status"], "compile_error", "{json}");
    let detail = json["tasks"][1]["detail"].as_str().unwrap();
    assert!(
        detail.contains("git checkout -- crates/t2_todo"),
        "{detail}"
    );
}

#[test]
fn new_lays_out_a_task_and_refuses_to_overwrite_one() {
    let ws = ScratchWorkspace::new("cli-new", &[SOLVED]);
    let out = ws.xtask(&["new", "calc_008_newton_lbfgs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "crates/calc_008_newton_lbfgs/Cargo.toml",
        "crates/calc_008_newton_lbfgs/README.md",
        "crates/calc_008_newton_lbfgs/src/lib.rs",
        "crates/calc_008_newton_lbfgs/tests/examples.rs",
        "grading/calc_008_newton_lbfgs/main.rs",
        "solutions/calc_008_newton_lbfgs/Cargo.toml",
        "solutions/calc_008_newton_lbfgs/src/lib.rs",
        "solutions/calc_008_newton_lbfgs/mutants.toml",
        "fixtures/calc_008_newton_lbfgs/generate.py",
    ] {
        assert!(ws.root.join(file).is_file(), "{file} was not written");
    }
    let list = stdout(&ws.xtask(&["list"]));
    assert!(list.contains("calc_008_newton_lbfgs"), "{list}");

    let curriculum = std::fs::read_to_string(ws.root.join("curriculum.toml")).unwrap();
    let again = ws.xtask(&["new", "calc_008_newton_lbfgs"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(ws.root.join("curriculum.toml")).unwrap(),
        curriculum
    );
}
