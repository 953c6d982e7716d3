//! What a long run shows: on a terminal, which migration is running, for how long (ticking
//! every second: an index build can take minutes) and how many are left (on stderr); always,
//! one line per finished migration (on stdout, for logs).

use std::io::{IsTerminal, Write};
use std::time::Duration;

pub struct Progress {
    total: usize,
    /// What a finished step did: "applied", "rolled back".
    verb: &'static str,
    terminal: bool,
    /// `--format json`: nothing printed; the finished steps are kept for the report.
    quiet: bool,
    done: std::cell::RefCell<Vec<(String, f64)>>,
    /// The ticker of the step running, stopped when it finishes.
    ticker: std::cell::RefCell<Option<Ticker>>,
}

/// A thread that rewrites the progress line every second with the time elapsed.
struct Ticker {
    stop: std::sync::mpsc::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Progress {
    pub fn new(total: usize, verb: &'static str) -> Self {
        Progress {
            total,
            verb,
            terminal: std::io::stderr().is_terminal(),
            quiet: false,
            done: Default::default(),
            ticker: Default::default(),
        }
    }

    /// Prints nothing; the run reports the finished steps itself (`finished`).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self.terminal = false;
        self
    }

    /// The steps that finished, with their seconds.
    pub fn finished(&self) -> Vec<(String, f64)> {
        self.done.borrow().clone()
    }

    pub fn start(&self, index: usize, label: &str) {
        if !self.terminal {
            return;
        }
        let left = self.total - index;
        let line = format!("[{index}/{}] {label} ({left} left after it)", self.total);
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let started = std::time::Instant::now();
        let thread = std::thread::spawn(move || {
            // Stopped, or its sender gone with the run: the loop ends either way.
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(Duration::from_secs(1))
            {
                eprint!(
                    "\r\x1b[2K{line} — running for {}s",
                    started.elapsed().as_secs()
                );
                let _ = std::io::stderr().flush();
            }
        });
        *self.ticker.borrow_mut() = Some(Ticker { stop, thread });
    }

    pub fn finish(&self, label: &str, took: Duration, ok: bool) {
        if let Some(t) = self.ticker.borrow_mut().take() {
            let _ = t.stop.send(());
            let _ = t.thread.join();
        }
        if self.terminal {
            eprint!("\r\x1b[2K");
        }
        if ok {
            self.done
                .borrow_mut()
                .push((label.to_string(), took.as_secs_f64()));
            if !self.quiet {
                println!("{} {label} ({:.2} s)", self.verb, took.as_secs_f64());
            }
        }
    }
}
