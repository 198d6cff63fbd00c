//! `dateline index`: build the index from a corpus folder.

use std::path::{Path, PathBuf};

use anyhow::Context;
use dateline::{IndexObserver, Indexer, Skip};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{IndexLocation, EXIT_OK};

/// Index a folder of articles (dated text, front matter, JSON Lines).
///
/// Files that cannot be read as articles are skipped with a warning naming the file, the line
/// and the reason; the run goes on and ends with one summary line. The index is replaced in
/// one commit: searches running meanwhile see the previous index until it is done.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The folder holding the articles.
    #[arg(value_name = "CORPUS_DIR")]
    corpus: PathBuf,

    #[command(flatten)]
    location: IndexLocation,

    /// Memory for the index writer, in MB.
    #[arg(long, value_name = "MB", default_value_t = 256, value_parser = clap::value_parser!(u64).range(32..))]
    memory: u64,
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
        self.bar.suspend(|| eprintln!("dateline: warning: skipped {}", super::print::sanitize(&skip.to_string())));
    }

    fn committing(&mut self) {
        self.bar.set_message("committing");
    }
}

pub fn run(args: &IndexArgs) -> anyhow::Result<u8> {
    let index_dir = args.location.path();
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files  {per_sec}  eta {eta}  {msg}")
            .expect("the progress template is valid"),
    );
    let mut progress = Progress { bar };
    let indexer = Indexer::new(&index_dir).memory_budget(args.memory as usize * 1024 * 1024);
    let report = indexer
        .run(&args.corpus, &mut progress)
        .with_context(|| format!("indexing {} into {}", args.corpus.display(), index_dir.display()))?;
    progress.bar.finish_and_clear();
    let plural = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "dateline: indexed {} ({}) from {} into {}; skipped {}; {:.2} s",
        plural(report.articles, "article"),
        plural(report.passages, "passage"),
        plural(report.files as u64, "file"),
        index_dir.display(),
        report.skipped.len(),
        report.elapsed.as_secs_f64()
    );
    Ok(EXIT_OK)
}
