//! What a long run shows: on a terminal, which migration is running and how many are left
//! (on stderr); always, one line per finished migration (on stdout, for logs).

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
}

impl Progress {
    pub fn new(total: usize, verb: &'static str) -> Self {
        Progress {
            total,
            verb,
            terminal: std::io::stderr().is_terminal(),
            quiet: false,
            done: Default::default(),
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
        if self.terminal {
            let left = self.total - index;
            eprint!(
                "\r\x1b[2K[{index}/{}] {label} ({left} left after it)",
                self.total
            );
            let _ = std::io::stderr().flush();
        }
    }

    pub fn finish(&self, label: &str, took: Duration, ok: bool) {
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
