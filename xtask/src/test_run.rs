//! Runs one test executable in its own process, with a time limit and a cap on what it may
//! print, so that no learner code can hang or flood the grader.

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// At most this much of each output stream is kept (its head and its tail); the middle is
/// read and dropped.
pub const OUTPUT_CAP: usize = 256 * 1024;

/// The address space one test process may use. The hidden tests need far less; learner code
/// that allocates without bound then fails its allocation (and aborts) instead of pushing the
/// machine into swap before the time limit stops it.
pub const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;

#[derive(Debug)]
pub struct RunOutput {
    pub stdout: String,
    pub stderr: String,
    /// `None` when the process was stopped for running past its time limit.
    pub status: Option<ExitStatus>,
    /// True when an output stream passed [`OUTPUT_CAP`] and its middle was dropped.
    pub truncated: bool,
    pub elapsed: Duration,
}

impl RunOutput {
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }

    /// The signal that ended the process (stack overflow aborts with SIGABRT, for example).
    pub fn signal(&self) -> Option<i32> {
        use std::os::unix::process::ExitStatusExt;
        self.status.and_then(|s| s.signal())
    }
}

/// Runs `exe` with `args` and stops it after `limit`, under [`MEMORY_LIMIT_KIB`] of address
/// space (set by the shell's `ulimit` just before it becomes the test process). Backtraces are
/// off so failure messages stay short.
pub fn run_with_limit(exe: &Path, args: &[&str], limit: Duration) -> std::io::Result<RunOutput> {
    let started = Instant::now();
    let mut child = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(exe)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("RUST_BACKTRACE", "0")
        .env_remove("RUST_TEST_THREADS")
        // It stays in the grader's process group, so Ctrl-C on a terminal stops it too.
        .spawn()?;
    let stdout = capped_reader(child.stdout.take().expect("stdout is piped"));
    let stderr = capped_reader(child.stderr.take().expect("stderr is piped"));

    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (stdout, cut_out) = stdout.join().unwrap_or_default();
    let (stderr, cut_err) = stderr.join().unwrap_or_default();
    Ok(RunOutput {
        stdout,
        stderr,
        status,
        truncated: cut_out || cut_err,
        elapsed: started.elapsed(),
    })
}

/// Reads `stream` to its end, keeping its first and last `OUTPUT_CAP / 2` bytes: the head
/// names the tests, the tail holds libtest's failure messages and closing line.
fn capped_reader(
    mut stream: impl Read + Send + 'static,
) -> std::thread::JoinHandle<(String, bool)> {
    std::thread::spawn(move || {
        let half = OUTPUT_CAP / 2;
        let mut head = Vec::new();
        let mut tail = std::collections::VecDeque::new();
        let mut dropped = 0usize;
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let to_head = n.min(half - head.len());
                    head.extend_from_slice(&buf[..to_head]);
                    tail.extend(&buf[to_head..n]);
                    let excess = tail.len().saturating_sub(half);
                    tail.drain(..excess);
                    dropped += excess;
                }
            }
        }
        let mut text = String::from_utf8_lossy(&head).into_owned();
        if dropped > 0 {
            text.push_str(&format!("\n[... {dropped} bytes of output dropped ...]\n"));
        }
        text.push_str(&String::from_utf8_lossy(tail.make_contiguous()));
        (text, dropped > 0)
    })
}
