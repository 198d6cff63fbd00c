//! Building and updating an index from a corpus: walk, compare with the manifest, read what
//! changed, split, label, write, commit.
//!
//! A run is incremental: files the manifest holds with the same size and modification time are
//! not read; files whose stamp changed are read and hashed, and their documents replaced only if
//! their content changed; files gone from the corpus have their documents removed. Files are
//! read, split and labelled in parallel (rayon) in batches bounded in bytes; JSON Lines files
//! are streamed in chunks of records, so memory stays bounded whatever the corpus.
//!
//! All changes of a run become visible together in one tantivy commit, whose payload records
//! what the index holds ([`IndexInfo`]); searches running meanwhile see the previous commit.
//! A run that is interrupted or killed leaves the previous commit whole, and the next run
//! removes the files it left behind. A second indexer on the same directory fails at once
//! with [`Error::IndexLocked`]. [`Indexer::rebuild`] builds a fresh index beside the old one
//! and swaps it in only when it is complete.
//!
//! One run, file by file: `folder` opens or creates the index folder and takes its lock;
//! `plan` walks the corpus and compares it with the manifest (what to read, remove, leave);
//! `run` applies the plan, reading files into `documents` (an article and its passages) and
//! keeping the index's article `ids`, then commits; `merge` decides the merges and waits for
//! them.

mod documents;
mod folder;
mod ids;
mod merge;
mod plan;
mod run;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::{IndexWriter, ReloadPolicy, Searcher};

use crate::analysis::pairs::PhraseWords;
use crate::corpus::encoding::Decoding;
use crate::corpus::table::Columns;
use crate::corpus::{ReadOptions, Skip};
use crate::error::{Error, Result};
use crate::index::directory::Wrap;
use crate::index::manifest::Manifest;
use crate::index::queue::Queued;
use crate::index::schema::KIND_PASSAGE;
use crate::index::{as_damage, commit_record, count, is_empty_dir, open_index_dir, write_marker, IndexInfo, MARKER};
use folder::OpenedForWriting;
use ids::ArticleIds;
use run::{Held, Run, Settings};

/// The default memory budget of the index writer, in bytes.
pub const DEFAULT_MEMORY_BUDGET: usize = 256 * 1024 * 1024;

/// Receives news of an indexing run, for progress bars and warnings. Every method has an
/// empty default.
pub trait IndexObserver {
    /// The corpus has been compared with the index: `files` files will be read.
    fn started(&mut self, files: usize) {
        let _ = files;
    }
    /// One more file was read.
    fn file_done(&mut self, path: &Path) {
        let _ = path;
    }
    /// A file or record was skipped.
    fn skipped(&mut self, skip: &Skip) {
        let _ = skip;
    }
    /// All documents are written; the commit starts.
    fn committing(&mut self) {}
    /// The commit is made (searches see it); the segment merges it started are finishing.
    fn merging(&mut self) {}
}

/// An observer that ignores everything.
impl IndexObserver for () {}

/// What an indexing run did.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IndexReport {
    /// Files in the corpus.
    pub files: usize,
    /// Files new to the index, read and added.
    pub added: usize,
    /// Files whose content changed, read and replaced.
    pub changed: usize,
    /// Files gone from the corpus, removed from the index.
    pub removed: usize,
    /// Files left as they were (not read, or read and found identical).
    pub unchanged: usize,
    /// Articles written by this run.
    pub articles_written: u64,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Files and records skipped, with their reasons.
    pub skipped: Vec<Skip>,
    /// The files added or changed in this run (whose articles were read and written), by
    /// format, compression and the encoding they were decoded from, where not UTF-8.
    pub read: crate::index::manifest::FileCounts,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// What the index holds now.
    pub info: IndexInfo,
}

/// Builds or updates an index from a corpus folder.
///
/// ```no_run
/// let report = dateline::Indexer::new("my-index").run("my-corpus", &mut ())?;
/// println!("{} articles, {} files changed, {} skipped", report.articles, report.changed, report.skipped.len());
/// # Ok::<(), dateline::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Indexer {
    index_dir: PathBuf,
    memory_budget: usize,
    read: ReadOptions,
    rebuild: bool,
    /// The copy threshold to cluster with, when set; else the index's, else the default.
    copy_threshold: Option<f32>,
    cancel: Arc<AtomicBool>,
    /// What the index folder is wrapped in (tests inject faults).
    wrap: Option<Wrap>,
}

impl Indexer {
    /// An indexer writing to `index_dir` (created if missing).
    pub fn new(index_dir: impl Into<PathBuf>) -> Indexer {
        Indexer {
            index_dir: index_dir.into(),
            memory_budget: DEFAULT_MEMORY_BUDGET,
            read: ReadOptions::default(),
            rebuild: false,
            copy_threshold: None,
            cancel: Arc::new(AtomicBool::new(false)),
            wrap: None,
        }
    }

    /// Wraps the index folder's directory (the crash tests inject faults with it).
    #[cfg(test)]
    pub(crate) fn wrap_directory(mut self, wrap: Wrap) -> Indexer {
        self.wrap = Some(wrap);
        self
    }

    /// Sets the writer's memory budget in bytes (at least 15 MB per writer thread).
    pub fn memory_budget(mut self, bytes: usize) -> Indexer {
        self.memory_budget = bytes;
        self
    }

    /// Sets the largest article read, in bytes (see [`ReadLimits::max_article_bytes`](crate::corpus::ReadLimits::max_article_bytes)).
    pub fn max_article_bytes(mut self, bytes: u64) -> Indexer {
        self.read.limits.max_article_bytes = bytes;
        self
    }

    /// Names the columns of CSV and TSV files that their common names do not find (see
    /// [`corpus::table`](crate::corpus::table)).
    pub fn csv_columns(mut self, columns: Columns) -> Indexer {
        self.read.columns = columns;
        self
    }

    /// Reads every file in this encoding, except one with a byte-order mark (see
    /// [`corpus::encoding`](crate::corpus::encoding)); by default each file's encoding is
    /// detected.
    pub fn decoding(mut self, decoding: Decoding) -> Indexer {
        self.read.decoding = decoding;
        self
    }

    /// Builds a fresh index beside the existing one and swaps it in when complete, instead of
    /// updating in place. Needed after a change of schema version.
    pub fn rebuild(mut self, rebuild: bool) -> Indexer {
        self.rebuild = rebuild;
        self
    }

    /// Sets the containment from which two articles are copies of one story (0 to 1; see
    /// [`crate::duplicates`]). The index keeps it: later runs cluster with it until it is set
    /// again, and a run that changes it clusters the whole index again. By default, the
    /// index's, or [`DEFAULT_THRESHOLD`](crate::duplicates::DEFAULT_THRESHOLD) for a new index.
    ///
    /// Errors: [`Error::BadCopyThreshold`] (when the run starts) for a value outside (0, 1].
    pub fn copy_threshold(mut self, threshold: f32) -> Indexer {
        self.copy_threshold = Some(threshold);
        self
    }

    /// A flag that, once set (from a Ctrl-C handler, say), stops the run before its commit:
    /// the run returns [`Error::Interrupted`] and the index stays as it was.
    pub fn cancel_flag(mut self, flag: Arc<AtomicBool>) -> Indexer {
        self.cancel = flag;
        self
    }

    /// Brings the index up to date with the corpus under `corpus_root`, in one commit.
    ///
    /// Whatever stops a run (an error, a full disk, Ctrl-C, a kill), the index stays at its last
    /// commit, and the next run removes what the stopped one left and finishes the work; that
    /// holds for a first build too.
    pub fn run(&self, corpus_root: impl AsRef<Path>, observer: &mut dyn IndexObserver) -> Result<IndexReport> {
        let started = Instant::now();
        let root = corpus_root.as_ref();
        if let Some(threshold) = self.copy_threshold.filter(|t| !(*t > 0.0 && *t <= 1.0)) {
            return Err(Error::BadCopyThreshold { threshold });
        }
        std::fs::read_dir(root).map_err(|source| Error::Corpus { path: root.to_path_buf(), source })?;
        if self.rebuild {
            return self.run_rebuild(root, observer, started);
        }
        let dir = &self.index_dir;
        let opened = folder::open_or_create(dir, self.wrap.as_ref())?;
        let writer = folder::lock(&opened.index, dir, self.memory_budget)?;
        let result = self.update(&opened, writer, root, observer, started);
        folder::unlock_note(dir);
        result.map_err(|error| self.failure(error, &opened, dir))
    }

    /// Updates the open index folder under its lock: cleans what a stopped run left, reads what
    /// the index holds, plans the run and applies it.
    fn update(
        &self,
        opened: &OpenedForWriting,
        writer: IndexWriter<Queued>,
        root: &Path,
        observer: &mut dyn IndexObserver,
        started: Instant,
    ) -> Result<IndexReport> {
        let OpenedForWriting { index, fields, phrase_words, .. } = opened;
        let dir = &self.index_dir;
        if !dir.join(MARKER).exists() {
            write_marker(dir)?;
        }
        folder::clean_leftovers(&writer, dir)?;
        // Read under the lock: what the index holds, and the words every passage of the index
        // was indexed with (an index without passages chooses them from this run's first ones).
        let read = || -> Result<(Manifest, ArticleIds, Option<Vec<String>>, Searcher)> {
            let searcher = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?.searcher();
            let manifest = Manifest::load(&searcher, fields)?;
            let ids = ArticleIds::load(&searcher, fields)?;
            if count(&searcher, fields, KIND_PASSAGE)? == 0 {
                return Ok((manifest, ids, None, searcher));
            }
            let payload = index.load_metas()?.payload.unwrap_or_default();
            Ok((manifest, ids, Some(commit_record(&payload, dir, true)?.phrase_words), searcher))
        };
        let (manifest, ids, words, previous) = read().map_err(|error| as_damage(dir, index, error))?;
        if let Some(words) = words {
            phrase_words.set(PhraseWords::new(words)).expect("the phrase words are set once");
        }
        let held = Held { manifest, ids, previous: Some(previous) };
        self.plan_and_apply(opened, writer, held, self.settings(root, started), observer)
    }

    /// Plans a run against what the index holds, and applies it.
    fn plan_and_apply(
        &self,
        opened: &OpenedForWriting,
        writer: IndexWriter<Queued>,
        held: Held,
        settings: Settings,
        observer: &mut dyn IndexObserver,
    ) -> Result<IndexReport> {
        let mut plan = plan::plan(settings.root, &held.manifest, observer);
        opened.text_bytes.store(plan.text_bytes(), Ordering::Relaxed);
        let mut run = Run::new(settings, opened, writer, held, observer);
        run.apply(&mut plan)?;
        run.finish(&plan)
    }

    /// What a run over the corpus under `root`, started at `started`, reads and when it stops.
    fn settings<'a>(&'a self, root: &'a Path, started: Instant) -> Settings<'a> {
        Settings {
            root,
            read: &self.read,
            memory_budget: self.memory_budget,
            copy_threshold: self.copy_threshold,
            cancel: &self.cancel,
            started,
        }
    }

    /// The error a failed run reports. A full disk is told as such, with what was being written
    /// and roughly the room needed, after the files the run wrote are removed to give the space
    /// back (the next run would remove them too).
    fn failure(&self, error: Error, opened: &OpenedForWriting, dir: &Path) -> Error {
        if !folder::ran_out_of_space(&opened.directory, &error) {
            return error;
        }
        let file = opened.directory.out_of_space();
        // Without the test's faults: on a real disk, the deletes make the room to record them.
        let cleaned = folder::remove_uncommitted(dir).is_ok();
        let text = opened.text_bytes.load(Ordering::Relaxed);
        let committed = opened.info.is_some();
        // An index takes about 1.2 bytes per byte of text, and merges write segments anew
        // before the old ones go.
        let needed = text.saturating_mul(12) / 10 * 2;
        Error::OutOfSpace { path: dir.to_path_buf(), file, needed, text, committed, cleaned }
    }

    fn run_rebuild(&self, root: &Path, observer: &mut dyn IndexObserver, started: Instant) -> Result<IndexReport> {
        let live = &self.index_dir;
        // Only a folder of dateline's is replaced (a damaged one, or one of another layout, is).
        if let Err(error @ Error::NotAnIndex { .. }) = open_index_dir(live, None) {
            return Err(error);
        }
        // Hold the live index's lock for the whole rebuild, so no other run writes meanwhile.
        let live_lock = if live.is_dir() && !is_empty_dir(live) { Some(folder::lock_folder(live)?) } else { None };
        let built = folder::rebuild_dir(live);
        if built.exists() {
            std::fs::remove_dir_all(&built).map_err(|source| Error::Io {
                action: "remove the unfinished rebuild",
                path: built.clone(),
                source,
            })?;
        }
        let opened = match folder::open_or_create(&built, self.wrap.as_ref()) {
            Ok(opened) => opened,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&built);
                return Err(folder::rebuild_failure(error, &built, live));
            }
        };
        let writer = folder::lock(&opened.index, &built, self.memory_budget)?;
        let held = Held { manifest: Manifest::default(), ids: ArticleIds::default(), previous: None };
        let report = self.plan_and_apply(&opened, writer, held, self.settings(root, started), observer);
        let report = match report {
            Ok(report) => report,
            Err(error) => {
                let error = folder::rebuild_failure(self.failure(error, &opened, &built), &built, live);
                // The unfinished rebuild goes: it may hold as much as the live index.
                drop(opened);
                let _ = std::fs::remove_dir_all(&built);
                return Err(error);
            }
        };
        folder::unlock_note(&built);
        if live.exists() {
            folder::swap_dirs(&built, live).map_err(|source| Error::Io {
                action: "swap in the rebuilt index",
                path: live.clone(),
                source,
            })?;
            drop(live_lock);
            std::fs::remove_dir_all(&built).map_err(|source| Error::Io {
                action: "remove the old index",
                path: built.clone(),
                source,
            })?;
        } else {
            drop(live_lock);
            std::fs::rename(&built, live).map_err(|source| Error::Io {
                action: "move the rebuilt index to",
                path: live.clone(),
                source,
            })?;
        }
        Ok(report)
    }
}
