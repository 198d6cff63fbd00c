//! Command-line parsing and dispatch. Each subcommand parses its arguments, calls the
//! library and prints; errors are printed once, here, with the program name.

mod extract;
mod format;
mod index;
mod print;
mod search;
mod similar;
mod status;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status: success (for `search`: something matched).
pub const EXIT_OK: u8 = 0;
/// Exit status of `search` when nothing matched.
pub const EXIT_NO_MATCH: u8 = 1;
/// Exit status for any error.
pub const EXIT_ERROR: u8 = 2;
/// Exit status of `index --strict` when files or records were skipped.
pub const EXIT_SKIPPED: u8 = 3;
/// Exit status of an interrupted `index` (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

const AFTER_HELP: &str = "\
Examples:
  dateline index sample-corpus
  dateline status sample-corpus || dateline index sample-corpus    (nightly, from cron)
  dateline search ceasefire --speaker Solberg
  dateline search '\"grain exports\" -Ukraine' --from 2020 --to 2023-06 --facets
  dateline search drought --country Kenya --json
  dateline search 'negotiat* \"ceasefire talks\"~5 date:2019..2021'
  dateline similar 2019/geneva-water-talks.txt
  dateline extract sample-corpus/2019/geneva-water-talks.txt --passages

The index lives in $DATELINE_INDEX, or ~/.local/share/dateline/index; --index overrides both.
Exit status: 0 success (search: matches found; status: up to date), 1 search found nothing
(status: stale), 2 error, 3 index --strict skipped files, 130 index interrupted.";

/// Search archives of dated news articles for ranked, highlighted passages.
#[derive(Debug, Parser)]
#[command(name = "dateline", version, about, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// When to colour the output: auto means on a terminal, unless NO_COLOR is set or TERM is dumb.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
}

/// The `--color` choices.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    Index(index::IndexArgs),
    Search(search::SearchArgs),
    Similar(similar::SimilarArgs),
    Status(status::StatusArgs),
    Extract(extract::ExtractArgs),
}

/// Where the index is: `--index`, else `$DATELINE_INDEX`, else the user's data directory.
#[derive(Debug, clap::Args)]
pub struct IndexLocation {
    /// The index directory [default: $DATELINE_INDEX, else ~/.local/share/dateline/index]
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
}

impl IndexLocation {
    fn path(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(dateline::default_index_dir)
    }
}

/// Whether an error is a closed pipe (`dateline search x | head`), which is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Parses the command line, runs the command and turns its outcome into an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    let outcome = match &cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args, color),
        Command::Similar(args) => similar::run(args, color),
        Command::Status(args) => status::run(args),
        Command::Extract(args) => extract::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) if is_broken_pipe(&error) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("dateline: error: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
