//! `dateline man`: manual pages (roff) generated from the command-line definition.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

const EXAMPLES: &str = "\
Examples:
  dateline man | man -l -                              read dateline(1) now
  dateline man timeline | man -l -                     read dateline-timeline(1)
  dateline man --dir ~/.local/share/man/man1           install every page (then `man dateline-search`)
  sudo dateline man --dir /usr/local/share/man/man1    install for all users";

/// Print the manual page of dateline (or of one command) in roff, or write every page to a
/// folder.
///
/// The pages are generated from the same definitions as --help: dateline(1) lists the
/// commands, and each command has its own page, dateline-COMMAND(1).
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub struct ManArgs {
    /// The command whose page to print (e.g. search); without it, dateline(1).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    command: Option<String>,

    /// Write dateline.1 and one dateline-COMMAND.1 per command into this folder instead.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: &ManArgs) -> anyhow::Result<u8> {
    let mut root = super::Cli::command().disable_help_subcommand(true);
    root.build();
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        clap_mangen::generate_to(root, dir)
            .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
        eprintln!("dateline: wrote the manual pages into {}", dir.display());
        return Ok(super::EXIT_OK);
    }
    let page = match &args.command {
        None => root,
        Some(name) => root.find_subcommand(name).cloned().with_context(|| {
            let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
            format!("there is no command `{name}`: give one of {}", names.join(", "))
        })?,
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush()?;
    Ok(super::EXIT_OK)
}
