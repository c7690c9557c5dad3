//! A task's fingerprint: one hash of everything its verdict depends on. When it matches the
//! fingerprint of the last grade, that grade still holds and nothing is built or run.

use std::path::{Path, PathBuf};

use crate::workspace::Workspace;

/// Bump when the grader starts judging differently, so old verdicts are re-checked.
const GRADER_GENERATION: &str = "1";

/// The inputs of a task's grade: its crate, its hidden tests and fixtures, the shared grading
/// helpers, the dependency versions and build settings, and the time limit.
pub fn task_fingerprint(ws: &Workspace, id: &str, time_limit_secs: u64) -> String {
    let mut files = Vec::new();
    for dir in [
        ws.task_crate(id),
        ws.hidden_tests(id),
        ws.root.join("fixtures").join(id),
        ws.root.join("grading").join("support"),
    ] {
        collect_files(&dir, &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock", ".cargo/config.toml"] {
        files.push(ws.root.join(file));
    }
    files.sort();
    let mut hash = Fnv1a::new();
    hash.write(GRADER_GENERATION.as_bytes());
    hash.write(&time_limit_secs.to_le_bytes());
    for file in files {
        hash.write(ws.relative(&file).to_string_lossy().as_bytes());
        match std::fs::read(&file) {
            Ok(bytes) => {
                hash.write(&(bytes.len() as u64).to_le_bytes());
                hash.write(&bytes);
            }
            Err(_) => hash.write(b"<unreadable>"),
        }
    }
    format!("{:016x}", hash.finish())
}

/// Every regular file under `dir`, skipping hidden entries and build output.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect_files(&entry.path(), out),
            Ok(t) if t.is_file() => out.push(entry.path()),
            _ => {}
        }
    }
}

/// 64-bit FNV-1a: stable across Rust releases, unlike `DefaultHasher`.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprint_changes_with_the_learner_source_only() {
        let root = std::env::temp_dir().join(format!("xtask-fp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("crates/t/src")).unwrap();
        std::fs::create_dir_all(root.join("crates/u/src")).unwrap();
        std::fs::write(root.join("crates/t/src/lib.rs"), "todo").unwrap();
        let ws = Workspace { root: root.clone() };
        let before = task_fingerprint(&ws, "t", 10);
        assert_eq!(before, task_fingerprint(&ws, "t", 10));
        std::fs::write(root.join("crates/u/src/lib.rs"), "other task").unwrap();
        assert_eq!(before, task_fingerprint(&ws, "t", 10));
        std::fs::write(root.join("crates/t/src/lib.rs"), "done").unwrap();
        assert_ne!(before, task_fingerprint(&ws, "t", 10));
        assert_ne!(
            task_fingerprint(&ws, "t", 10),
            task_fingerprint(&ws, "t", 11)
        );
    }
}
