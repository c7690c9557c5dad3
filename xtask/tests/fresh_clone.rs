//! The learner's first day and last day, on a copy of this project: every task starts "not
//! started", and with every reference solution copied over the learner's crate, every task is
//! solved and the progress file remembers when.

mod scratch;

use scratch::ScratchWorkspace;

fn grade(ws: &ScratchWorkspace) -> serde_json::Value {
    let out = ws.xtask(&["grade", "--json"]);
    assert!(
        out.status.success(),
        "grade failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("grade --json prints JSON")
}

#[test]
fn fresh_clone_grades_none_solved_and_references_grade_all_solved() {
    let ws = ScratchWorkspace::copy_of_project("fresh-clone");
    let json = grade(&ws);
    let tasks = json["tasks"].as_array().unwrap();
    assert!(!tasks.is_empty());
    for task in tasks {
        assert_eq!(task["status"], "not_started", "{}", task);
        assert!(task["total"].as_u64().unwrap() > 0, "{}", task);
    }
    assert_eq!(json["summary"]["solved"], 0);

    for task in tasks {
        let id = task["id"].as_str().unwrap();
        std::fs::copy(
            ws.root.join("solutions").join(id).join("src/lib.rs"),
            ws.root.join("crates").join(id).join("src/lib.rs"),
        )
        .unwrap();
    }
    let json = grade(&ws);
    for task in json["tasks"].as_array().unwrap() {
        assert_eq!(task["status"], "solved", "{}", task);
        assert!(task["first_solved"].is_string(), "{}", task);
    }
    assert_eq!(json["summary"]["solved"], json["summary"]["total"]);
    let progress = ws.progress();
    for task in tasks {
        let id = task["id"].as_str().unwrap();
        assert!(
            progress["tasks"][id]["first_solved"].is_string(),
            "{id} not recorded"
        );
    }
}
