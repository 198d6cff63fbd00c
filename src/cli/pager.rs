//! Paging long text output, by bat's rules.
//!
//! `--paging auto` (the default) pages text output when stdout is a terminal; `always` pages
//! it on a terminal even when it fits one screen; `never` prints directly. Output for
//! scripts (json, jsonl, csv, tsv) and output that is not going to a terminal are never
//! paged. The pager is `$DATELINE_PAGER`, else `$PAGER`, else `less -FRX` (`-F` quits at once
//! when the output fits one screen, `-R` shows colours, `-X` leaves the text on the screen);
//! a bare `less` gets the same flags. A variable that is set but empty, or `cat`, turns
//! paging off. When the pager cannot start, the output is printed directly.
//!
//! On Unix the process's stdout is handed to the pager (the pager's stdin takes the place of
//! file descriptor 1), so every command prints as usual and opts in to paging with one line
//! in [`super::main`]. Quitting the pager early (`q`) closes the pipe, which the commands
//! treat as success.

use super::format::Format;

/// The `--paging` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Paging {
    /// Page text output on a terminal; `less` quits at once when it fits one screen.
    Auto,
    /// Page text output on a terminal, even when it fits one screen.
    Always,
    /// Never page.
    Never,
}

/// Whether output in `format` goes through a pager.
pub fn should_page(paging: Paging, stdout_is_terminal: bool, format: Format) -> bool {
    paging != Paging::Never && stdout_is_terminal && format == Format::Text
}

/// The pager to run, as program and arguments, from the values of `$DATELINE_PAGER` and
/// `$PAGER`; `None` when paging is turned off (a variable set but empty, or `cat`) or the
/// variable cannot be split into words.
pub fn pager_command(paging: Paging, dateline_pager: Option<&str>, pager: Option<&str>) -> Option<Vec<String>> {
    let chosen = dateline_pager.or(pager).unwrap_or("less");
    let mut words = shell_words::split(chosen).ok()?;
    let program = words.first()?;
    let name = std::path::Path::new(program).file_name().and_then(|n| n.to_str()).unwrap_or(program);
    if name == "cat" {
        return None;
    }
    if name == "less" && words.len() == 1 {
        words.push(if paging == Paging::Always { "-RX" } else { "-FRX" }.to_string());
    }
    Some(words)
}

/// A running pager that holds the process's stdout; dropping it closes the pipe and waits for
/// the reader to quit.
pub struct Pager {
    #[cfg(unix)]
    child: std::process::Child,
    #[cfg(unix)]
    terminal: std::os::fd::OwnedFd,
}

impl Pager {
    /// Starts the pager and sends stdout to it; `None` (print directly) when it cannot start.
    #[cfg(unix)]
    pub fn start(command: &[String]) -> Option<Pager> {
        use std::io::Write;
        use std::process::{Command, Stdio};

        let (program, args) = command.split_first()?;
        let mut child = Command::new(program)
            .args(args)
            .env("LESSCHARSET", "UTF-8")
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| eprintln!("dateline: warning: cannot start the pager `{}`: {e}", command.join(" ")))
            .ok()?;
        let stdin = child.stdin.take()?;
        std::io::stdout().flush().ok()?;
        let terminal = rustix::io::dup(std::io::stdout()).ok()?;
        if rustix::stdio::dup2_stdout(&stdin).is_err() {
            drop(stdin);
            let _ = child.wait();
            return None;
        }
        // Ctrl-C in the pager reaches dateline too (one process group): dateline must not die
        // and hand the shell back while the pager still reads the terminal. It goes on until
        // the pager quits, which closes the pipe.
        let _ = ctrlc::set_handler(|| {});
        // fd 1 now holds the pipe; `stdin`'s own descriptor is closed here.
        Some(Pager { child, terminal })
    }

    /// Paging needs Unix file descriptors; elsewhere output is printed directly.
    #[cfg(not(unix))]
    pub fn start(_command: &[String]) -> Option<Pager> {
        None
    }
}

#[cfg(unix)]
impl Drop for Pager {
    fn drop(&mut self) {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        // Giving fd 1 back to the terminal closes the pipe: the pager sees the end of its input.
        let _ = rustix::stdio::dup2_stdout(&self.terminal);
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_only_text_on_a_terminal_unless_told_never() {
        assert!(should_page(Paging::Auto, true, Format::Text));
        assert!(should_page(Paging::Always, true, Format::Text));
        assert!(!should_page(Paging::Never, true, Format::Text));
        assert!(!should_page(Paging::Auto, false, Format::Text), "not a terminal");
        assert!(!should_page(Paging::Always, false, Format::Text), "not a terminal, even with always");
        for format in [Format::Json, Format::Jsonl, Format::Csv, Format::Tsv] {
            assert!(!should_page(Paging::Always, true, format), "{format:?} is for scripts");
        }
    }

    #[test]
    fn the_pager_is_dateline_pager_then_pager_then_less() {
        let words = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(pager_command(Paging::Auto, None, None), Some(words(&["less", "-FRX"])));
        assert_eq!(pager_command(Paging::Always, None, None), Some(words(&["less", "-RX"])));
        assert_eq!(pager_command(Paging::Auto, None, Some("more")), Some(words(&["more"])));
        assert_eq!(pager_command(Paging::Auto, Some("most -s"), Some("more")), Some(words(&["most", "-s"])));
        // A less with its own flags keeps them; a bare less (with a path) gets ours.
        assert_eq!(pager_command(Paging::Auto, None, Some("less -S")), Some(words(&["less", "-S"])));
        assert_eq!(pager_command(Paging::Auto, None, Some("/usr/bin/less")), Some(words(&["/usr/bin/less", "-FRX"])));
        assert_eq!(pager_command(Paging::Auto, Some("'my pager' --flag"), None), Some(words(&["my pager", "--flag"])));
    }

    #[test]
    fn an_empty_variable_or_cat_turns_paging_off() {
        assert_eq!(pager_command(Paging::Auto, Some(""), Some("less")), None);
        assert_eq!(pager_command(Paging::Auto, None, Some("")), None);
        assert_eq!(pager_command(Paging::Auto, None, Some("cat")), None);
        assert_eq!(pager_command(Paging::Auto, Some("/bin/cat"), None), None);
        assert_eq!(pager_command(Paging::Auto, None, Some("less 'unclosed")), None);
    }
}
