//! `dateline extract`: the countries and speakers dateline derives, with the evidence.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{EXIT_ERROR, EXIT_OK};

/// Show the countries and speakers derived for articles, with the evidence for each label.
///
/// Prints one JSON object per article (JSON Lines): id, date, title, countries (with ISO
/// codes), speakers, and for each label its evidence: the rule that produced it and the text
/// span (field, byte offsets, text). --passages adds every passage with its speakers.
/// Exit status: 0 when every file was read, 2 when any could not be (each is reported).
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  dateline extract sample-corpus/2019/geneva-water-talks.txt
  dateline extract sample-corpus/2019/geneva-water-talks.txt --passages
  dateline extract sample-corpus/exports/*.jsonl | jq -c '{id, countries: [.countries[].name]}'
  dateline extract sample-corpus/2020/*.txt | jq -r '.speakers[].name' | sort | uniq -c")]
pub struct ExtractArgs {
    /// Article files (dated text, front matter or JSON Lines).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,

    /// Also list each passage with the speakers it quotes.
    #[arg(long)]
    passages: bool,
}

/// One output line: the extraction, without passages unless asked.
#[derive(Serialize)]
struct Record<'a> {
    path: &'a Path,
    line: Option<usize>,
    #[serde(flatten)]
    extraction: &'a dateline::extract::Extraction,
}

pub fn run(args: &ExtractArgs) -> anyhow::Result<u8> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for path in &args.files {
        let file = dateline::corpus::read_file(Path::new(""), path);
        for skip in &file.skipped {
            eprintln!("dateline: warning: skipped {}", super::print::sanitize(&super::errors::describe_skip(skip)));
            failed = true;
        }
        for article in &file.articles {
            let mut extraction = dateline::extract::extract(article);
            if !args.passages {
                extraction.passages.clear();
            }
            let record = Record { path: &article.meta.path, line: article.meta.line, extraction: &extraction };
            serde_json::to_writer(&mut out, &record)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if failed { EXIT_ERROR } else { EXIT_OK })
}
