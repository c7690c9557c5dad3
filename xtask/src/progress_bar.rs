//! A one-line progress bar for long builds, on stderr, only when stderr is a terminal.
//! It appears after a second, so a build with nothing to do never flickers.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How long a build runs before the bar appears.
pub const DELAY: Duration = Duration::from_secs(1);
const WIDTH: usize = 30;

pub struct ProgressBar {
    started: Instant,
    done: usize,
    /// An estimate of the units to build; the bar stops short of full until the build ends.
    total: Option<usize>,
    drawn: bool,
}

impl ProgressBar {
    /// `None` unless stderr is a terminal.
    pub fn on_terminal() -> Option<Self> {
        std::io::stderr().is_terminal().then(|| ProgressBar {
            started: Instant::now(),
            done: 0,
            total: None,
            drawn: false,
        })
    }

    pub fn set_total(&mut self, total: usize) {
        self.total = Some(total);
    }

    /// One more unit finished (`name` is the crate it belonged to).
    pub fn tick(&mut self, name: &str) {
        self.done += 1;
        if self.started.elapsed() < DELAY {
            return;
        }
        let line = match self.total {
            Some(total) => {
                let shown = self.done.min(total.saturating_sub(1));
                let filled = shown * WIDTH / total.max(1);
                format!(
                    "Building [{}>{}] {shown}/{total}: {name}",
                    "=".repeat(filled),
                    " ".repeat(WIDTH - filled)
                )
            }
            None => format!("Building: {} crates done: {name}", self.done),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clears the bar's line.
    pub fn finish(self) {
        if self.drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}
