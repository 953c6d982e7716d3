//! Whether to colour output: `--color auto|always|never`, and in `auto` the conventions users
//! bring — `NO_COLOR` (any value) turns colour off, `CLICOLOR_FORCE` (not `0`) turns it on, else
//! colour only on a terminal.

use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Set once, from the command line.
pub fn set(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether output to a stream that is (or is not) a terminal gets colour.
pub fn enabled(terminal: bool) -> bool {
    decide(
        CHOICE.get().copied().unwrap_or_default(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0"),
        terminal,
    )
}

fn decide(choice: ColorChoice, no_color: bool, force: bool, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if no_color => false,
        ColorChoice::Auto => force || terminal,
    }
}

/// Whether standard output gets colour.
pub fn stdout() -> bool {
    enabled(std::io::stdout().is_terminal())
}

/// Errors, removed lines.
pub const RED: anstyle::Style = anstyle::AnsiColor::Red.on_default();
/// Warnings.
pub const YELLOW: anstyle::Style = anstyle::AnsiColor::Yellow.on_default();
/// Added lines.
pub const GREEN: anstyle::Style = anstyle::AnsiColor::Green.on_default();

/// `text` in `style` when `on`.
pub fn paint(text: &str, style: anstyle::Style, on: bool) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_no_color_then_clicolor_force_then_the_terminal() {
        assert!(decide(ColorChoice::Always, true, false, false));
        assert!(!decide(ColorChoice::Never, false, true, true));
        assert!(!decide(ColorChoice::Auto, true, true, true));
        assert!(decide(ColorChoice::Auto, false, true, false));
        assert!(decide(ColorChoice::Auto, false, false, true));
        assert!(!decide(ColorChoice::Auto, false, false, false));
    }
}
