//! `dateline completions SHELL`: a completion script generated from the command-line
//! definition, so it always knows every command and flag of this build.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

const EXAMPLES: &str = "\
Examples:
  dateline completions bash > ~/.local/share/bash-completion/completions/dateline
  dateline completions zsh > ~/.zfunc/_dateline        (with fpath+=~/.zfunc before compinit)
  dateline completions fish > ~/.config/fish/completions/dateline.fish
  dateline completions elvish >> ~/.config/elvish/rc.elv
  dateline completions powershell >> $PROFILE";

/// Print a shell completion script for dateline to stdout.
///
/// Install it where your shell looks for completions (see the examples), then open a new shell.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "dateline", &mut out);
    out.flush()?;
    Ok(super::EXIT_OK)
}
