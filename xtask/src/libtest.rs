//! Reads the plain output of a libtest binary: which tests passed, which failed and why.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    pub passed: Vec<String>,
    pub failed: Vec<Failure>,
    /// True when libtest printed its closing `test result:` line, i.e. the run finished.
    pub finished: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    pub test: String,
    /// The panic message, without the `thread ... panicked at` line and the backtrace note.
    pub message: String,
}

/// What `todo!()` panics with: a failure with only this message is work not started.
pub const TODO_MESSAGE: &str = "not yet implemented";

impl TestReport {
    pub fn total(&self) -> usize {
        self.passed.len() + self.failed.len()
    }

    /// Every check failed on a `todo!()`: the learner has not started.
    pub fn all_todo(&self) -> bool {
        self.passed.is_empty()
            && !self.failed.is_empty()
            && self.failed.iter().all(|f| f.message.contains(TODO_MESSAGE))
    }
}

pub fn parse(stdout: &str) -> TestReport {
    let mut passed = Vec::new();
    let mut failed_names = Vec::new();
    let mut finished = false;
    for line in stdout.lines() {
        if line.starts_with("test result: ") {
            finished = true;
        } else if let Some(rest) = line.strip_prefix("test ") {
            if let Some(name) = rest.strip_suffix(" ... ok") {
                passed.push(name.to_string());
            } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
                failed_names.push(name.to_string());
            }
        }
    }
    let failed = failed_names
        .into_iter()
        .map(|test| {
            let message = failure_message(stdout, &test).unwrap_or_default();
            Failure { test, message }
        })
        .collect();
    TestReport {
        passed,
        failed,
        finished,
    }
}

/// The captured output of one failed test is printed after all tests ran, between
/// `---- NAME stdout ----` and the next such header or the closing `failures:` list.
fn failure_message(stdout: &str, test: &str) -> Option<String> {
    let header = format!("---- {test} stdout ----\n");
    let start = stdout.find(&header)? + header.len();
    let section = &stdout[start..];
    let end = ["\n---- ", "\nfailures:\n"]
        .iter()
        .filter_map(|marker| section.find(marker))
        .min()
        .unwrap_or(section.len());
    let lines: Vec<&str> = section[..end]
        .lines()
        .filter(|l| !l.starts_with("note: run with `RUST_BACKTRACE=1`"))
        // `thread 'NAME' panicked at FILE:LINE:COL:` (newer toolchains add the thread id).
        .filter(|l| !(l.starts_with("thread '") && l.contains(" panicked at ")))
        .collect();
    Some(lines.join("\n").trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 3 tests\n\
test golden::lse ... ok\n\
test mistakes::shift ... FAILED\n\
test edge::empty ... FAILED\n\
\n\
failures:\n\
\n\
---- mistakes::shift stdout ----\n\
\n\
thread 'mistakes::shift' (6929) panicked at grading/x/mistakes.rs:10:5:\n\
softmax([1000, 1000]): expected 0.5, got NaN.\n\
Likely mistake: subtract the max first\n\
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
\n\
---- edge::empty stdout ----\n\
\n\
thread 'edge::empty' panicked at crates/x/src/lib.rs:3:5:\n\
not yet implemented\n\
\n\
\n\
failures:\n\
    edge::empty\n\
    mistakes::shift\n\
\n\
test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n";

    #[test]
    fn reads_results_and_messages() {
        let r = parse(OUTPUT);
        assert!(r.finished);
        assert_eq!(r.passed, vec!["golden::lse"]);
        assert_eq!(r.total(), 3);
        assert_eq!(r.failed[0].test, "mistakes::shift");
        assert_eq!(
            r.failed[0].message,
            "softmax([1000, 1000]): expected 0.5, got NaN.\nLikely mistake: subtract the max first"
        );
        assert_eq!(r.failed[1].message, TODO_MESSAGE);
        assert!(!r.all_todo());
    }

    #[test]
    fn all_todo_needs_every_failure_to_be_a_todo_and_no_pass() {
        let r = parse(&OUTPUT.replace("test golden::lse ... ok\n", "").replace(
            "softmax([1000, 1000]): expected 0.5, got NaN.\nLikely mistake: subtract the max first",
            "not yet implemented",
        ));
        assert!(r.all_todo());
    }

    #[test]
    fn an_unfinished_run_is_not_finished() {
        let r = parse("running 2 tests\ntest a ... ok\n");
        assert!(!r.finished);
        assert_eq!(r.passed, vec!["a"]);
    }
}
