//! `dateline index`: build or update the index from a corpus folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use dateline::corpus::encoding::Decoding;
use dateline::corpus::table::Columns;
use dateline::{Error, IndexObserver, Indexer, Skip};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{IndexLocation, EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED};

/// Index a folder of articles (dated text, front matter, JSON Lines, CSV and TSV, each also
/// gzip- or zstd-compressed), or bring the index up to date with it.
///
/// A run is incremental: unchanged files are not read again, changed files are replaced, and
/// removed files are dropped, all in one commit; searches meanwhile see the previous state.
/// Files that cannot be read as articles are skipped with a warning naming the file, the line
/// and the reason; the run goes on and ends with one summary line. Exit status: 0 when the
/// index was committed (even with skipped files, unless --strict), 3 with --strict when
/// anything was skipped, 130 when interrupted (nothing committed), 2 on error.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  dateline index sample-corpus                           into $DATELINE_INDEX or ~/.local/share/dateline/index
  dateline index /data/archive --index /data/idx         build, or bring up to date (incremental)
  dateline index /data/archive --index /data/idx --strict   exit 3 when anything was skipped (cron)
  dateline index /data/archive --index /data/idx --rebuild  build anew beside the old index, then swap
  dateline index /data/archive --memory 1024 --max-article-size 64
  dateline index /data/exports --csv-columns date=pub_dt,body=article_text

Every skipped file is reported on stderr with its line and the reason; the run ends with one
summary line.")]
pub struct IndexArgs {
    /// The folder holding the articles.
    #[arg(value_name = "CORPUS_DIR")]
    corpus: PathBuf,

    #[command(flatten)]
    location: IndexLocation,

    /// Build a fresh index beside the old one and swap it in when complete (after an upgrade
    /// of the index layout, or to start clean). The old index serves searches until then.
    #[arg(long)]
    rebuild: bool,

    /// Exit with status 3 when any file or record was skipped (for cron jobs that must notice).
    #[arg(long)]
    strict: bool,

    /// Memory for the index writer, in MB.
    #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(32..))]
    memory: u64,

    /// The largest article read, in MB; larger files and JSON Lines records are skipped.
    #[arg(long, value_name = "MB", default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..))]
    max_article_size: u64,

    /// The columns of CSV and TSV files, where their names are not the common ones: FIELD=COLUMN
    /// pairs, for example date=pub_dt,body=article_text (fields: id, date, body, title,
    /// country, speaker, source, url). After changing them, index with --rebuild.
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    csv_columns: Option<Columns>,

    /// Read every file in this encoding (windows-1252, latin1, utf-16le, ...) instead of
    /// detecting each file's; a file with a byte-order mark is read as the mark says.
    #[arg(long, value_name = "NAME", value_parser = Decoding::forced)]
    encoding: Option<Decoding>,

    /// The share of the shorter article's 4-word sequences that the longer must hold for the
    /// two to be copies of one story (wire copies, reprints), above 0 and at most 1. The index
    /// keeps it, and a change clusters the whole index again [default: the index's, else 0.7]
    #[arg(long, value_name = "SHARE", value_parser = parse_threshold)]
    copy_threshold: Option<f32>,
}

/// A copy threshold: above 0, at most 1.
fn parse_threshold(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err(format!("`{text}` is not a share above 0 and at most 1 (e.g. 0.7, the default)")),
    }
}

/// Shows a progress bar on a terminal (hidden otherwise) and prints skip warnings.
struct Progress {
    bar: ProgressBar,
}

impl IndexObserver for Progress {
    fn started(&mut self, files: usize) {
        self.bar.set_length(files as u64);
    }

    fn file_done(&mut self, _path: &Path) {
        self.bar.inc(1);
    }

    fn skipped(&mut self, skip: &Skip) {
        self.bar.suspend(|| {
            eprintln!("dateline: warning: skipped {}", super::print::sanitize(&super::errors::describe_skip(skip)))
        });
    }

    fn committing(&mut self) {
        self.bar.set_message("committing");
    }

    fn merging(&mut self) {
        self.bar.set_message("committed; merging segments");
    }
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn run(args: &IndexArgs) -> anyhow::Result<u8> {
    let index_dir = args.location.path();
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  eta {eta}  {msg}")
            .expect("the progress template is valid"),
    );
    let mut progress = Progress { bar };
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&interrupted);
    // A second Ctrl-C while the run winds down is ignored: the run stops at its next check.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let mut indexer = Indexer::new(&index_dir)
        .memory_budget(args.memory as usize * 1024 * 1024)
        .max_article_bytes(args.max_article_size * 1024 * 1024)
        .csv_columns(args.csv_columns.clone().unwrap_or_default())
        .decoding(args.encoding.unwrap_or_default())
        .rebuild(args.rebuild)
        .cancel_flag(interrupted);
    if let Some(threshold) = args.copy_threshold {
        indexer = indexer.copy_threshold(threshold);
    }
    let outcome = indexer.run(&args.corpus, &mut progress);
    progress.bar.finish_and_clear();
    let report = match outcome {
        Err(Error::Interrupted) => {
            eprintln!("dateline: {}", Error::Interrupted);
            return Ok(EXIT_INTERRUPTED);
        }
        other => other.with_context(|| format!("indexing {} into {}", args.corpus.display(), index_dir.display()))?,
    };
    // What was read, by format, and what was decoded from legacy encodings: once per run,
    // not once per file.
    let formats = report.read.describe_formats();
    let read = if formats.is_empty() { String::new() } else { format!("; read {formats}") };
    let decoded = report.read.describe_decoded();
    let decoded = if decoded.is_empty() { String::new() } else { format!("; decoded {decoded}") };
    let copies = match report.info.copy_clusters {
        0 => String::new(),
        n => format!("; {} in {} of copies", plural(report.info.copy_articles, "article"), plural(n, "cluster")),
    };
    eprintln!(
        "dateline: indexed {} ({}) from {} into {}: {} added, {} changed, {} removed, {} unchanged{read}; skipped {}{decoded}{copies}; {:.2} s",
        plural(report.articles, "article"),
        plural(report.passages, "passage"),
        plural(report.files as u64, "file"),
        index_dir.display(),
        report.added,
        report.changed,
        report.removed,
        report.unchanged,
        report.skipped.len(),
        report.elapsed.as_secs_f64()
    );
    Ok(if args.strict && !report.skipped.is_empty() { EXIT_SKIPPED } else { EXIT_OK })
}
