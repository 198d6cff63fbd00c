//! `dateline status`: what the index holds and whether it is up to date with a corpus.

use std::io::Write;
use std::path::PathBuf;

use dateline::Index;
use serde::Serialize;

use super::{IndexLocation, EXIT_NO_MATCH, EXIT_OK};

/// Show what the index holds (the record of its last commit) and, given the corpus, how many
/// files were added, changed and removed since.
///
/// Exit status: 0 when the index is up to date with CORPUS_DIR (or none is given), 1 when it
/// is stale, 2 on error: `dateline status CORPUS || dateline index CORPUS` in a cron job.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  dateline status                                  what the index holds: commit time, counts, fingerprint
  dateline status sample-corpus                    and whether sample-corpus changed since (exit 1 if so)
  dateline status /data/archive --index /data/idx --json | jq .changes
  dateline status /data/archive || dateline index /data/archive    (update only when stale)")]
pub struct StatusArgs {
    /// The corpus to compare the index with.
    #[arg(value_name = "CORPUS_DIR")]
    corpus: Option<PathBuf>,

    #[command(flatten)]
    location: IndexLocation,

    /// Write one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Status<'a> {
    index: &'a std::path::Path,
    #[serde(flatten)]
    info: &'a dateline::IndexInfo,
    articles: u64,
    passages: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a dateline::Changes>,
}

pub fn run(args: &StatusArgs) -> anyhow::Result<u8> {
    let index = Index::open(args.location.path())?;
    let changes = args.corpus.as_ref().map(|corpus| index.changes(corpus)).transpose()?;
    let info = index.info();
    let mut out = std::io::stdout().lock();
    if args.json {
        let status = Status {
            index: index.path(),
            info,
            articles: info.articles,
            passages: info.passages,
            changes: changes.as_ref(),
        };
        serde_json::to_writer(&mut out, &status)?;
        writeln!(out)?;
    } else {
        writeln!(out, "index:       {}", index.path().display())?;
        writeln!(out, "corpus:      {}", info.corpus_root.display())?;
        writeln!(out, "committed:   {}", info.committed_at)?;
        writeln!(out, "holds:       {} articles, {} passages, {} files", info.articles, info.passages, info.files)?;
        writeln!(out, "formats:     {}", formats(&info.file_counts))?;
        let decoded = info.file_counts.describe_decoded();
        writeln!(out, "decoded:     {}", if decoded.is_empty() { "none (every file is UTF-8)" } else { &decoded })?;
        writeln!(
            out,
            "copies:      {} in {} (threshold {:.2})",
            plural(info.copy_articles, "article"),
            plural(info.copy_clusters, "cluster"),
            info.copy_threshold
        )?;
        writeln!(out, "fingerprint: {}", info.fingerprint)?;
        writeln!(out, "skipped:     {} in the last run", info.skipped)?;
        writeln!(out, "version:     schema {}, dateline {}", info.schema_version, info.dateline_version)?;
        writeln!(out, "phrases:     {}", phrase_words(&info.phrase_words))?;
        if let Some(changes) = &changes {
            let state = if changes.is_empty() { "up to date" } else { "stale" };
            writeln!(
                out,
                "corpus now:  {state}: {} added, {} changed, {} removed, {} unchanged",
                changes.added.len(),
                changes.changed.len(),
                changes.removed.len(),
                changes.unchanged
            )?;
        }
    }
    Ok(if changes.is_some_and(|c| !c.is_empty()) { EXIT_NO_MATCH } else { EXIT_OK })
}

/// The files of an index by format and compression, in a line.
fn formats(counts: &dateline::FileCounts) -> String {
    let mut line = counts.describe_formats();
    let none = counts.in_no_format();
    if none > 0 {
        if !line.is_empty() {
            line.push_str("; ");
        }
        line.push_str(&format!("{none} in no format (empty, binary or unreadable: see the warnings of the last run)"));
    }
    if line.is_empty() {
        line.push_str("no files");
    }
    line
}

/// The phrase words of an index, in a line: how many, and the first few.
fn phrase_words(words: &[String]) -> String {
    const SHOWN: usize = 8;
    if words.is_empty() {
        return "no word pairs indexed (no passages yet)".to_string();
    }
    let mut shown = words.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    if words.len() > SHOWN {
        shown.push_str(", ...");
    }
    format!("word pairs of {} common words ({shown})", words.len())
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
