//! `cargo xtask verify` must fail when the hidden tests cannot be trusted: a mutant (a classic
//! mistake) that passes them, or a stub that passes one of them.

mod scratch;

use scratch::{ScratchWorkspace, TaskSpec};

const STUB: TaskSpec = TaskSpec {
    id: "v1_task",
    lib: "pub fn answer() -> u32 { todo!() }",
};
const REFERENCE: &str = "pub fn answer() -> u32 {\n    6 * 7\n}\n";
const CAUGHT: &str = r#"
[[mutant]]
name = "off_by_one"
mistake = "six times six"
caught_by = ["answer_is_42"]
[[mutant.edit]]
find = "6 * 7"
replace = "6 * 6"
"#;
const HARMLESS: &str = r#"
[[mutant]]
name = "same_value"
mistake = "a rewrite that is not a mistake"
caught_by = ["answer_is_42"]
[[mutant.edit]]
find = "6 * 7"
replace = "7 * 6"
"#;

fn verify(ws: &ScratchWorkspace) -> (Option<i32>, String) {
    let out = ws.xtask(&["verify"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn sound_task_passes_verify() {
    let ws =
        ScratchWorkspace::new("verify-sound", &[STUB]).with_solution(STUB.id, REFERENCE, CAUGHT);
    let (code, text) = verify(&ws);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("ok   mutant off_by_one (six times six) is caught"),
        "{text}"
    );
    assert!(
        text.contains("ok   stub fails every hidden test on todo!()"),
        "{text}"
    );
    assert!(text.contains("verify: 5 checks, 0 failed"), "{text}");
}

#[test]
fn a_mutant_that_passes_the_hidden_tests_fails_verify() {
    let mutants = format!("{CAUGHT}{HARMLESS}");
    let ws =
        ScratchWorkspace::new("verify-weak", &[STUB]).with_solution(STUB.id, REFERENCE, &mutants);
    let (code, text) = verify(&ws);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FAIL mutant same_value"), "{text}");
    assert!(text.contains("passes every hidden test"), "{text}");
}

#[test]
fn a_stub_that_passes_a_hidden_test_fails_verify() {
    let solved = TaskSpec {
        id: STUB.id,
        lib: "pub fn answer() -> u32 { 42 }",
    };
    let ws =
        ScratchWorkspace::new("verify-stub", &[solved]).with_solution(STUB.id, REFERENCE, CAUGHT);
    let (code, text) = verify(&ws);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FAIL stub fails every hidden test"), "{text}");
    assert!(
        text.contains("the stub passes 1 hidden tests (answer_is_42)"),
        "{text}"
    );
}

#[test]
fn a_mutant_edit_that_does_not_apply_is_an_error() {
    let stale = CAUGHT.replace("find = \"6 * 7\"", "find = \"6 * 9\"");
    let ws =
        ScratchWorkspace::new("verify-stale", &[STUB]).with_solution(STUB.id, REFERENCE, &stale);
    let (code, text) = verify(&ws);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("occurs 0 times in the reference"), "{text}");
}
