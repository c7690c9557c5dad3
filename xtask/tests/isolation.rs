//! The grader against learner code that misbehaves in every way it can: a scratch workspace
//! of tiny tasks, each with one hidden test `answer_is_42`, graded by the real `xtask` binary.

mod scratch;

use scratch::{ScratchWorkspace, TaskSpec};

const TASKS: &[TaskSpec] = &[
    TaskSpec {
        id: "t1_correct",
        lib: "pub fn answer() -> u32 { 42 }",
    },
    TaskSpec {
        id: "t2_broken",
        lib: "pub fn answer() -> u32 { \"forty-two\" }",
    },
    TaskSpec {
        id: "t3_endless",
        lib: "pub fn answer() -> u32 { loop { std::hint::spin_loop() } }",
    },
    TaskSpec {
        id: "t4_deep",
        lib: "pub fn answer() -> u32 { depth(std::hint::black_box(0)) as u32 }\n\
              fn depth(n: u64) -> u64 { let pad = std::hint::black_box([n; 64]); depth(n + 1) + pad[1] }",
    },
    TaskSpec {
        id: "t5_panics",
        lib: "pub fn answer() -> u32 { panic!(\"the learner's panic\") }",
    },
    TaskSpec {
        id: "t6_todo",
        lib: "pub fn answer() -> u32 { todo!() }",
    },
    TaskSpec {
        id: "t7_hungry",
        lib: "pub fn answer() -> u32 { let mut v: Vec<Vec<u8>> = Vec::new(); \
              loop { v.push(vec![0u8; 1 << 26]); std::hint::black_box(&v); } }",
    },
    TaskSpec {
        id: "t9_signature",
        lib: "pub fn answer(seed: u32) -> u32 { seed }",
    },
    TaskSpec {
        id: "t8_chatty",
        lib: "pub fn answer() -> u32 { for i in 0..400_000 { println!(\"line {i} of chatter\"); } 41 }",
    },
];

fn status_of(json: &serde_json::Value, id: &str) -> (String, String) {
    let task = json["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap();
    let detail = task["detail"].as_str().unwrap_or("").to_string();
    let failures = task["failures"].to_string();
    (
        task["status"].as_str().unwrap().to_string(),
        format!("{detail} {failures}"),
    )
}

#[test]
fn every_misbehaviour_is_reported_as_itself_and_the_rest_is_still_graded() {
    let ws = ScratchWorkspace::new("isolation", TASKS);
    let started = std::time::Instant::now();
    let out = ws.xtask(&["grade", "--json", "--time-limit", "3"]);
    assert!(
        out.status.success(),
        "grade failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("grade --json is JSON");
    assert_eq!(json["schema_version"], 1);

    let expect = [
        ("t1_correct", "solved", ""),
        ("t2_broken", "compile_error", "mismatched types"),
        ("t3_endless", "timed_out", "stopped after"),
        ("t4_deep", "crashed", "overflowed its stack"),
        ("t5_panics", "failing", "the learner's panic"),
        ("t6_todo", "not_started", ""),
        ("t7_hungry", "crashed", "memory allocation"),
        ("t8_chatty", "failing", "middle of it was dropped"),
        (
            "t9_signature",
            "compile_error",
            "This error is in the hidden tests",
        ),
    ];
    for (id, status, says) in expect {
        let (got, detail) = status_of(&json, id);
        assert_eq!(got, status, "{id}: {detail}");
        assert!(
            detail.contains(says),
            "{id} should mention {says:?}: {detail}"
        );
    }
    assert_eq!(json["summary"]["solved"], 1);
    assert_eq!(json["summary"]["total"], TASKS.len());
    // Two cores: the endless task's 3 s limit and a build, not a hang.
    assert!(
        started.elapsed().as_secs() < 120,
        "grading took {:?}",
        started.elapsed()
    );

    let progress = ws.progress();
    assert!(progress["tasks"]["t1_correct"]["first_solved"].is_string());
    assert_eq!(
        progress["tasks"]["t3_endless"]["last_result"]["status"],
        "timed_out"
    );
}

#[test]
fn check_flag_gates_on_every_selected_task() {
    let ws = ScratchWorkspace::new("check", &TASKS[..1]);
    assert_eq!(ws.xtask(&["grade", "--check"]).status.code(), Some(0));
    let ws = ScratchWorkspace::new("check-failing", &[TASKS[0], TASKS[4]]);
    let out = ws.xtask(&["grade", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Solved 1 of 2 tasks"), "{text}");
    assert!(text.contains("the learner's panic"), "{text}");
    assert_eq!(
        ws.xtask(&["grade", "t1_correct", "--check"]).status.code(),
        Some(0)
    );
}
