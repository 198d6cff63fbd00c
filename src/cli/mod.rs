//! Command-line parsing and dispatch. Each subcommand parses its arguments, calls the
//! library and prints; errors are printed once, here, with the program name.

mod archive;
mod chart;
mod collocates;
mod completions;
mod duplicates;
mod errors;
mod export;
mod extract;
mod facets;
mod format;
mod index;
mod keywords;
mod kwic;
mod man;
mod pager;
mod print;
mod push;
mod search;
mod show;
mod similar;
mod status;
mod timeline;
mod words;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

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
  dateline show 2019/geneva-water-talks.txt water
  dateline kwic ceasefire --sort left
  dateline facets drought --field country
  dateline search 'negotiat* \"ceasefire talks\"~5 date:2019..2021'
  dateline similar 2019/geneva-water-talks.txt
  dateline extract sample-corpus/2019/geneva-water-talks.txt --passages
  dateline timeline drought --by year --split-by country --png drought.png
  dateline timeline drought --by month --dedup            (wire copies counted once)
  dateline duplicates 'harbour strike' --from 2021
  dateline collocates refugees --by year --stopwords en
  dateline keywords refugees --from 2022 --to 2022 --reference-from 2015 --reference-to 2015
  dateline completions bash > ~/.local/share/bash-completion/completions/dateline
  dateline man | man -l -

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

    /// When to page text output: auto means on a terminal, with $DATELINE_PAGER, else $PAGER,
    /// else `less -FRX`; never for json, jsonl, csv or tsv.
    #[arg(long, value_enum, default_value_t = pager::Paging::Auto, global = true)]
    paging: pager::Paging,

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
    Show(show::ShowArgs),
    Kwic(kwic::KwicArgs),
    Facets(facets::FacetsArgs),
    Timeline(timeline::TimelineArgs),
    Duplicates(duplicates::DuplicatesArgs),
    Collocates(collocates::CollocatesArgs),
    Keywords(keywords::KeywordsArgs),
    Export(export::ExportArgs),
    Push(push::PushArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// The commands whose text output is for reading, and goes through a pager on a terminal
/// (see [`pager`]): one line here opts a command in.
const PAGED: &[&str] =
    &["search", "timeline", "show", "kwic", "facets", "similar", "duplicates", "collocates", "keywords"];

/// Where the index is: `--index`, else `$DATELINE_INDEX`, else the user's data directory.
#[derive(Debug, clap::Args)]
pub struct IndexLocation {
    /// The index directory [default: $DATELINE_INDEX, else ~/.local/share/dateline/index]
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
}

impl IndexLocation {
    fn path(&self) -> PathBuf {
        self.index.clone().unwrap_or_else(default_index_dir)
    }

    /// Whether `--index` was given.
    fn given(&self) -> bool {
        self.index.is_some()
    }
}

/// The default index directory: `$DATELINE_INDEX` when set, otherwise `dateline/index` in the
/// user's data directory (`~/.local/share/dateline/index` on Linux), otherwise
/// `.dateline-index` in the current directory. (The library reads no environment: a program
/// that embeds it says where its index is.)
fn default_index_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DATELINE_INDEX").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map_or_else(|| PathBuf::from(".dateline-index"), |d| d.join("dateline").join("index"))
}

/// Whether an error is a closed pipe (`dateline search x | head`), which is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// An error with its causes, each said once: a cause that a message already quotes (an I/O
/// error inside "cannot read X: ...") is not repeated after it.
fn report(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = match cause.downcast_ref::<dateline::Error>() {
            Some(error) => errors::describe(error),
            None => cause.to_string(),
        };
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Parses the command line, runs the command and turns its outcome into an exit status.
pub fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    // Decided on the real stdout, before a pager takes its place.
    let colored = match cli.color {
        ColorWhen::Auto => anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never,
        ColorWhen::Always => true,
        ColorWhen::Never => false,
    };
    let color = if colored { anstream::ColorChoice::Always } else { anstream::ColorChoice::Never };
    let _pager = match matches.subcommand() {
        Some((name, args))
            if PAGED.contains(&name)
                && pager::should_page(cli.paging, io::stdout().is_terminal(), format::FormatArg::of(args)) =>
        {
            let variable = |name| std::env::var(name).ok();
            pager::pager_command(cli.paging, variable("DATELINE_PAGER").as_deref(), variable("PAGER").as_deref())
                .and_then(|command| pager::Pager::start(&command))
        }
        _ => None,
    };
    let outcome = match &cli.command {
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args, color),
        Command::Similar(args) => similar::run(args, color),
        Command::Status(args) => status::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Show(args) => show::run(args, color),
        Command::Kwic(args) => kwic::run(args, color),
        Command::Facets(args) => facets::run(args, color),
        Command::Timeline(args) => timeline::run(args, colored),
        Command::Duplicates(args) => duplicates::run(args, color),
        Command::Collocates(args) => collocates::run(args, color),
        Command::Keywords(args) => keywords::run(args, color),
        Command::Export(args) => export::run(args),
        Command::Push(args) => push::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(error) if is_broken_pipe(&error) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("dateline: error: {}", report(&error));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
