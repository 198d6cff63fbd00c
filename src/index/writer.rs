//! Building and updating an index from a corpus: walk, compare with the manifest, read what
//! changed, split, label, write, commit.
//!
//! A run is incremental: files the [`Manifest`] holds with the same size and modification time
//! are not read; files whose stamp changed are read and hashed, and their documents replaced
//! only if their content changed; files gone from the corpus have their documents removed.
//! Files are read, split and labelled in parallel (rayon) in batches bounded in bytes; JSON
//! Lines files are streamed in chunks of records, so memory stays bounded whatever the corpus.
//!
//! All changes of a run become visible together in one tantivy commit, whose payload records
//! what the index holds ([`IndexInfo`]); searches running meanwhile see the previous commit.
//! A run that is interrupted or killed leaves the previous commit whole, and the next run
//! removes the files it left behind. A second indexer on the same directory fails at once
//! with [`Error::IndexLocked`]. [`Indexer::rebuild`] builds a fresh index beside the old one
//! and swaps it in only when it is complete.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::collector::Count;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy, UserOperation};
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{IndexWriter, ReloadPolicy, Searcher, SegmentMeta, TantivyDocument, Term};

use crate::analysis::pairs::{pairs_analyzer, PhraseWords, PhraseWordsCell, PAIRS_ANALYZER};
use crate::analysis::{recording_analyzer, ANALYZER};
use crate::article::Article;
use crate::corpus::{self, ReadLimits, Skip, SkipReason};
use crate::error::{Error, Result};
use crate::extract::{self, Labels};
use crate::index::directory::{self, IndexDirectory, Wrap};
use crate::index::keys::{country_key, name_keys};
use crate::index::manifest::{column_strings, hash_file, live_docs_of_kind, FileEntry, FileStamp, Manifest};
use crate::index::queue::{Queue, Queued};
use crate::index::schema::{build_schema, schema_version, Fields, KIND_ARTICLE, KIND_PASSAGE};
use crate::index::{
    as_damage, commit_record, has_segment_files, io_error_of, is_empty_dir, open_index_dir, write_marker,
    ArticleRecord, IndexInfo, Opened, MARKER,
};
use crate::passage::{self, Passage};

/// Files read and labelled together before their documents are written, at most.
const BATCH_FILES: usize = 256;
/// Bytes read and labelled together before their documents are written, at most.
const BATCH_BYTES: u64 = 32 << 20;

/// The text queued for tantivy's indexing threads is held to this fraction of the memory budget.
const QUEUE_SHARE_OF_BUDGET: usize = 4;
/// What a queued document costs beyond its text (ids, labels, field entries), roughly.
const DOCUMENT_OVERHEAD: usize = 512;
/// The zstd level of the document store. Level 1 builds 100,000 articles about 4% faster than
/// level 3 for an index under 2% larger; reading is as fast.
const STORE_ZSTD_LEVEL: i32 = 1;
/// The size of a document store block before compression.
const STORE_BLOCK_BYTES: usize = 16_384;

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
    limits: ReadLimits,
    rebuild: bool,
    cancel: Arc<AtomicBool>,
    /// What the index folder is wrapped in (tests inject faults).
    wrap: Option<Wrap>,
}

/// One article, ready to write.
struct Prepared {
    article: Article,
    passages: Vec<Passage>,
    labels: Labels,
}

fn prepare(article: Article) -> Prepared {
    let passages = passage::split(&article.body);
    let labels = extract::label(&article, &passages);
    Prepared { article, passages, labels }
}

/// A corpus file read in this run.
struct ReadFile {
    relative: String,
    stamp: FileStamp,
    hash: u64,
    /// Its articles, to write (empty when `streamed`).
    prepared: Vec<Prepared>,
    skipped: Vec<Skip>,
    /// Whether its documents were already replaced while it was read (JSON Lines).
    streamed: bool,
}

/// The live articles of the index: where each id is (file, and line for JSON Lines), and the
/// ids of each file.
///
/// Held for every article of the index during a run, so kept small: the usual article, alone
/// in a file whose path is its id, is one boxed string; only the articles of other files (JSON
/// Lines, front matter with an `id`) record their place and are listed under their file.
#[derive(Default)]
struct ArticleIds {
    /// Each id, with its place when that is not the id itself.
    place_of: HashMap<Box<str>, Option<Box<str>>>,
    /// The ids of each file whose articles are not named by its path.
    ids_of: HashMap<Box<str>, Vec<Box<str>>>,
}

impl ArticleIds {
    fn load(searcher: &Searcher, fields: &Fields) -> Result<ArticleIds> {
        let mut ids = ArticleIds::default();
        for segment in searcher.segment_readers() {
            let docs = live_docs_of_kind(segment, fields, KIND_ARTICLE)?;
            let fast = segment.fast_fields();
            let (Some(id_column), Some(path_column)) = (fast.str("article_id")?, fast.str("path")?) else { continue };
            if docs.is_empty() {
                continue;
            }
            let (id_by_ord, path_by_ord) = (column_strings(&id_column)?, column_strings(&path_column)?);
            for doc in docs {
                let id = id_column.term_ords(doc).next().and_then(|ord| id_by_ord.get(ord as usize));
                let path = path_column.term_ords(doc).next().and_then(|ord| path_by_ord.get(ord as usize));
                if let (Some(id), Some(path)) = (id, path) {
                    ids.insert(id, path, path);
                }
            }
        }
        Ok(ids)
    }

    /// Where the article `id` is (its file, and line for JSON Lines), if the index holds it.
    fn place(&self, id: &str) -> Option<&str> {
        self.place_of.get_key_value(id).map(|(id, place)| place.as_deref().unwrap_or(id))
    }

    fn insert(&mut self, id: &str, path: &str, place: &str) {
        if id == path && place == path {
            self.place_of.insert(id.into(), None);
        } else {
            self.ids_of.entry(path.into()).or_default().push(id.into());
            self.place_of.insert(id.into(), Some(place.into()));
        }
    }

    /// Forgets the articles of the file `path`.
    fn remove_file(&mut self, path: &str) {
        for id in self.ids_of.remove(path).unwrap_or_default() {
            self.place_of.remove(&id);
        }
        // The article named by the path itself, unless that id belongs to another file.
        if let Some(None) = self.place_of.get(path) {
            self.place_of.remove(path);
        }
    }
}

/// The index directory's sibling used by `--rebuild` while it builds.
fn rebuild_dir(index_dir: &Path) -> PathBuf {
    let mut name = index_dir.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "index".into());
    name.push(".rebuild");
    index_dir.with_file_name(name)
}

/// Exchanges two directories: atomically where the platform can (Linux `renameat2`), else by
/// two renames.
fn swap_dirs(built: &Path, live: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, built, CWD, live, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = live.with_extension("old");
    std::fs::rename(live, &old)?;
    std::fs::rename(built, live)?;
    std::fs::rename(&old, built)
}

/// The file in an index folder that names the process writing to it, while one does.
const WRITER_PID: &str = ".dateline-writer.pid";

/// The error for a writer lock that could not be taken.
fn lock_error(dir: &Path, error: tantivy::TantivyError) -> Error {
    use tantivy::directory::error::LockError;
    match error {
        tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
            let pid = std::fs::read_to_string(dir.join(WRITER_PID)).ok().and_then(|text| text.trim().parse().ok());
            Error::IndexLocked { path: dir.to_path_buf(), pid }
        }
        other => match io_error_of(&other) {
            Some(io) if directory::is_not_writable(io) => {
                Error::ReadOnly { path: dir.to_path_buf(), reason: io.to_string() }
            }
            _ => Error::Tantivy(other),
        },
    }
}

/// Takes the index's writer lock, and says which process holds it.
fn lock(index: &tantivy::Index, dir: &Path, budget: usize) -> Result<IndexWriter<Queued>> {
    let writer = index.writer(budget).map_err(|e| lock_error(dir, e))?;
    // Only a hint for the message of a second run: a stale one (a killed run) is overwritten here.
    let _ = std::fs::write(dir.join(WRITER_PID), format!("{}\n", std::process::id()));
    Ok(writer)
}

/// The writer lock of an index folder taken without opening its index, with the note of the
/// process holding it; both go when it is dropped.
struct FolderLock {
    dir: PathBuf,
    _lock: tantivy::directory::DirectoryLock,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        unlock_note(&self.dir);
    }
}

/// Takes the writer lock of the index folder `dir` without opening the index (which may be
/// damaged, or of another layout), for a `--rebuild` that replaces it.
fn lock_folder(dir: &Path) -> Result<FolderLock> {
    let directory = IndexDirectory::open(dir, None).map_err(|e| lock_error(dir, e.into()))?;
    let lock = tantivy::directory::Directory::acquire_lock(&directory, &tantivy::directory::INDEX_WRITER_LOCK)
        .map_err(|e| lock_error(dir, tantivy::TantivyError::LockFailure(e, None)))?;
    let _ = std::fs::write(dir.join(WRITER_PID), format!("{}\n", std::process::id()));
    Ok(FolderLock { dir: dir.to_path_buf(), _lock: lock })
}

/// Forgets the process named as writer (best effort: the lock, not this file, is what counts).
fn unlock_note(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(WRITER_PID));
}

/// Counts the live documents of one kind.
pub(crate) fn count(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    let query = TermQuery::new(Term::from_field_text(fields.kind, kind), IndexRecordOption::Basic);
    Ok(searcher.search(&query, &Count)? as u64)
}

impl Indexer {
    /// An indexer writing to `index_dir` (created if missing).
    pub fn new(index_dir: impl Into<PathBuf>) -> Indexer {
        Indexer {
            index_dir: index_dir.into(),
            memory_budget: DEFAULT_MEMORY_BUDGET,
            limits: ReadLimits::default(),
            rebuild: false,
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

    /// Sets the largest article read, in bytes (see [`ReadLimits::max_article_bytes`]).
    pub fn max_article_bytes(mut self, bytes: u64) -> Indexer {
        self.limits.max_article_bytes = bytes;
        self
    }

    /// Builds a fresh index beside the existing one and swaps it in when complete, instead of
    /// updating in place. Needed after a change of schema version.
    pub fn rebuild(mut self, rebuild: bool) -> Indexer {
        self.rebuild = rebuild;
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
        std::fs::read_dir(root).map_err(|source| Error::Corpus { path: root.to_path_buf(), source })?;
        if self.rebuild {
            return self.run_rebuild(root, observer, started);
        }
        let opened = self.open_or_create(&self.index_dir)?;
        let mut writer = lock(&opened.index, &self.index_dir, self.memory_budget)?;
        let result = self.run_locked(&opened, &mut writer, root, observer, started);
        let result = match result {
            Ok(report) => finish_merges(writer, report, started, observer),
            Err(error) => {
                drop(writer);
                Err(self.failure(error, &opened, &self.index_dir))
            }
        };
        unlock_note(&self.index_dir);
        result
    }

    fn run_locked(
        &self,
        opened: &OpenedForWriting,
        writer: &mut IndexWriter<Queued>,
        root: &Path,
        observer: &mut dyn IndexObserver,
        started: Instant,
    ) -> Result<IndexReport> {
        let OpenedForWriting { index, fields, phrase_words, .. } = opened;
        if !self.index_dir.join(MARKER).exists() {
            write_marker(&self.index_dir)?;
        }
        self.clean_leftovers(writer)?;
        // Read under the lock: what the index holds, and the words every passage of the index
        // was indexed with (an index without passages chooses them from this run's first ones).
        let read = || -> Result<(Manifest, ArticleIds, Option<Vec<String>>)> {
            let searcher = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?.searcher();
            let manifest = Manifest::load(&searcher, fields)?;
            let ids = ArticleIds::load(&searcher, fields)?;
            if count(&searcher, fields, KIND_PASSAGE)? == 0 {
                return Ok((manifest, ids, None));
            }
            let payload = index.load_metas()?.payload.unwrap_or_default();
            Ok((manifest, ids, Some(commit_record(&payload, &self.index_dir, true)?.phrase_words)))
        };
        let (manifest, ids, words) = read().map_err(|error| as_damage(&self.index_dir, index, error))?;
        if let Some(words) = words {
            phrase_words.set(PhraseWords::new(words)).expect("the phrase words are set once");
        }
        self.update(opened, writer, manifest, ids, root, observer, started)
    }

    /// The error a failed run reports. A full disk is told as such, with what was being written
    /// and roughly the room needed, after the files the run wrote are removed to give the space
    /// back (the next run would remove them too).
    fn failure(&self, error: Error, opened: &OpenedForWriting, dir: &Path) -> Error {
        let file = opened.directory.out_of_space();
        let full = file.is_some()
            || matches!(&error, Error::Tantivy(e) if io_error_of(e).is_some_and(directory::is_out_of_space))
            || matches!(&error, Error::Io { source, .. } if directory::is_out_of_space(source));
        if !full {
            return error;
        }
        // Without the test's faults: on a real disk, the deletes make the room to record them.
        let cleaned = remove_uncommitted(dir).is_ok();
        let text = opened.text_bytes.load(Ordering::Relaxed);
        let committed = opened.info.is_some();
        // An index takes about 1.2 bytes per byte of text, and merges write segments anew
        // before the old ones go.
        let needed = text.saturating_mul(12) / 10 * 2;
        Error::OutOfSpace { path: dir.to_path_buf(), file, needed, text, committed, cleaned }
    }

    /// Removes what killed or interrupted runs left: segment files no commit refers to, the
    /// temporary file of a commit record being written, and an unfinished `--rebuild` directory.
    /// Runs under the writer lock, so nothing else writes.
    fn clean_leftovers(&self, writer: &IndexWriter<Queued>) -> Result<()> {
        writer.garbage_collect_files().wait()?;
        remove_temporary_files(&self.index_dir)?;
        let stale = rebuild_dir(&self.index_dir);
        if stale.exists() {
            std::fs::remove_dir_all(&stale).map_err(|source| Error::Io {
                action: "remove the unfinished rebuild",
                path: stale,
                source,
            })?;
        }
        Ok(())
    }

    fn run_rebuild(&self, root: &Path, observer: &mut dyn IndexObserver, started: Instant) -> Result<IndexReport> {
        let live = &self.index_dir;
        // Only a folder of dateline's is replaced (a damaged one, or one of another layout, is).
        if let Err(error @ Error::NotAnIndex { .. }) = open_index_dir(live, None) {
            return Err(error);
        }
        // Hold the live index's lock for the whole rebuild, so no other run writes meanwhile.
        let live_lock = if live.is_dir() && !is_empty_dir(live) { Some(lock_folder(live)?) } else { None };
        let built = rebuild_dir(live);
        if built.exists() {
            std::fs::remove_dir_all(&built).map_err(|source| Error::Io {
                action: "remove the unfinished rebuild",
                path: built.clone(),
                source,
            })?;
        }
        let opened = match self.open_or_create(&built) {
            Ok(opened) => opened,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&built);
                return Err(rebuild_failure(error, &built, live));
            }
        };
        let mut writer = lock(&opened.index, &built, self.memory_budget)?;
        let report =
            self.update(&opened, &mut writer, Manifest::default(), ArticleIds::default(), root, observer, started);
        let report = match report {
            Ok(report) => finish_merges(writer, report, started, observer)?,
            Err(error) => {
                drop(writer);
                let error = rebuild_failure(self.failure(error, &opened, &built), &built, live);
                // The unfinished rebuild goes: it may hold as much as the live index.
                drop(opened);
                let _ = std::fs::remove_dir_all(&built);
                return Err(error);
            }
        };
        unlock_note(&built);
        if live.exists() {
            swap_dirs(&built, live).map_err(|source| Error::Io {
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

    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        opened: &OpenedForWriting,
        writer: &mut IndexWriter<Queued>,
        mut manifest: Manifest,
        mut ids: ArticleIds,
        root: &Path,
        observer: &mut dyn IndexObserver,
        started: Instant,
    ) -> Result<IndexReport> {
        // Compare the corpus with the manifest as it is walked (the cheap check), keeping only
        // the files to read: a million-file corpus is never held in memory as a list of paths.
        let mut skipped = Vec::new();
        let mut to_read: Vec<(PathBuf, String, FileStamp)> = Vec::new();
        // A path the walk could not enter (a dangling link, a folder without permission) keeps
        // what the index holds for it: it is not taken for a removal.
        let mut unreachable: Vec<String> = Vec::new();
        let mut unseen: std::collections::HashSet<&str> = manifest.iter().map(|(path, _)| path).collect();
        let (mut files, mut unchanged) = (0, 0);
        for entry in corpus::walk(root) {
            let path = match entry {
                Ok(path) => path,
                Err(skip) => {
                    observer.skipped(&skip);
                    unreachable.push(corpus::file_id(&skip.path));
                    skipped.push(skip);
                    continue;
                }
            };
            files += 1;
            let relative = corpus::file_id(&corpus::relative(root, &path));
            unseen.remove(relative.as_str());
            match FileStamp::of(&path) {
                Ok(stamp) => match manifest.get(&relative) {
                    Some(entry) if !entry.skipped && entry.size == stamp.size && entry.mtime == stamp.mtime => {
                        unchanged += 1;
                    }
                    _ => to_read.push((path, relative, stamp)),
                },
                Err(error) => {
                    // Unreadable now: report it and keep what the index holds for it.
                    let skip =
                        Skip { path: PathBuf::from(&relative), line: None, reason: SkipReason::Io(error.to_string()) };
                    observer.skipped(&skip);
                    skipped.push(skip);
                }
            }
        }
        let under_unreachable = |path: &str| {
            unreachable.iter().any(|u| path == u || path.strip_prefix(u.as_str()).is_some_and(|r| r.starts_with('/')))
        };
        let mut removed: Vec<String> =
            unseen.into_iter().filter(|p| !under_unreachable(p)).map(str::to_string).collect();
        removed.sort_unstable();
        let OpenedForWriting { index, fields, phrase_words, .. } = opened;
        opened.text_bytes.store(to_read.iter().map(|(_, _, stamp)| stamp.size).sum(), Ordering::Relaxed);
        for path in &removed {
            writer.delete_term(Term::from_field_text(fields.path, path));
            writer.delete_term(Term::from_field_text(fields.file_path, path));
            ids.remove_file(path);
            manifest.remove(path);
        }
        observer.started(to_read.len());

        let ending = Arc::new(AtomicBool::new(false));
        writer.set_merge_policy(Box::new(RunMergePolicy { log: LogMergePolicy::default(), ending: ending.clone() }));
        let queue = Queue::new(self.memory_budget / QUEUE_SHARE_OF_BUDGET);
        let mut state = RunState {
            manifest,
            ids,
            skipped,
            added: 0,
            changed: 0,
            unchanged,
            articles_written: 0,
            queue,
            phrase_words: phrase_words.clone(),
        };
        for batch in batches(&to_read) {
            if self.cancel.load(Ordering::SeqCst) {
                return Err(Error::Interrupted);
            }
            if let [(path, relative, stamp)] = batch {
                if corpus::is_json_lines(path) {
                    let read =
                        self.read_json_lines(root, path, relative, *stamp, writer, fields, &mut state, observer)?;
                    state.record(read, writer, fields, observer)?;
                    observer.file_done(path);
                    continue;
                }
            }
            let limits = self.limits;
            let read: Vec<ReadFile> = batch
                .par_iter()
                .map(|(path, relative, stamp)| {
                    let mut prepared = Vec::new();
                    let mut skips = Vec::new();
                    let summary = corpus::read_file_chunked(root, path, limits, &mut |articles, file_skips| {
                        prepared.extend(articles.into_iter().map(prepare));
                        skips.extend(file_skips);
                    });
                    let relative = relative.clone();
                    ReadFile { relative, stamp: *stamp, hash: summary.hash, prepared, skipped: skips, streamed: false }
                })
                .collect();
            // The whole batch, not its first file, is the sample the phrase words are chosen from.
            choose_phrase_words(&state.phrase_words, read.iter().flat_map(|file| &file.prepared));
            for ((path, _, _), read) in batch.iter().zip(read) {
                state.record(read, writer, fields, observer)?;
                observer.file_done(path);
            }
        }
        if self.cancel.load(Ordering::SeqCst) {
            return Err(Error::Interrupted);
        }

        observer.committing();
        ending.store(true, Ordering::SeqCst);
        let info = IndexInfo {
            schema_version: schema_version(),
            dateline_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            committed_at: now_rfc3339(),
            files: state.manifest.len() as u64,
            fingerprint: state.manifest.fingerprint(),
            skipped: state.skipped.len() as u64,
            phrase_words: state.phrase_words.get().map(|words| words.words().to_vec()).unwrap_or_default(),
            articles: 0,
            passages: 0,
        };
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&info).expect("IndexInfo serializes"));
        commit.commit()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher = reader.searcher();
        let (articles, passages) = (count(&searcher, fields, KIND_ARTICLE)?, count(&searcher, fields, KIND_PASSAGE)?);
        let info = IndexInfo { articles, passages, ..info };
        Ok(IndexReport {
            files,
            added: state.added,
            changed: state.changed,
            removed: removed.len(),
            unchanged: state.unchanged,
            articles_written: state.articles_written,
            articles,
            passages,
            skipped: state.skipped,
            elapsed: started.elapsed(),
            info,
        })
    }

    /// Reads a JSON Lines file in chunks of records, writing each chunk as it is labelled. A
    /// file with an earlier version in the index is hashed first and left alone if unchanged.
    #[allow(clippy::too_many_arguments)]
    fn read_json_lines(
        &self,
        root: &Path,
        path: &Path,
        relative: &str,
        stamp: FileStamp,
        writer: &mut IndexWriter<Queued>,
        fields: &Fields,
        state: &mut RunState,
        observer: &mut dyn IndexObserver,
    ) -> Result<ReadFile> {
        let read = |hash, skipped| ReadFile {
            relative: relative.to_string(),
            stamp,
            hash,
            prepared: Vec::new(),
            skipped,
            streamed: true,
        };
        if let Some(old) = state.manifest.get(relative).copied() {
            if !old.skipped && hash_file(path).is_ok_and(|hash| hash == old.hash) {
                return Ok(read(old.hash, Vec::new()));
            }
            // Changed: its old documents go before the new ones are written.
            writer.delete_term(Term::from_field_text(fields.path, relative));
            state.ids.remove_file(relative);
        }
        let mut skips = Vec::new();
        let mut failure = None;
        let summary = corpus::read_file_chunked(root, path, self.limits, &mut |articles, chunk_skips| {
            let prepared: Vec<Prepared> = articles.into_par_iter().map(prepare).collect();
            if failure.is_none() {
                let (queue, ids, phrase_words) = (&state.queue, &mut state.ids, &state.phrase_words);
                match write_articles(writer, fields, queue, phrase_words, ids, prepared, &mut skips, observer) {
                    Ok(written) => state.articles_written += written,
                    Err(error) => failure = Some(error),
                }
            }
            skips.extend(chunk_skips);
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(read(summary.hash, skips)),
        }
    }

    /// Opens the index at `dir`, or creates it there, with the pair analyzer registered for
    /// phrase words not yet set (the caller sets them before any passage is written), and the
    /// word analyzer that records each passage's words for it. A folder of dateline's without a
    /// commit (a first build that was stopped) is opened to be finished.
    fn open_or_create(&self, dir: &Path) -> Result<OpenedForWriting> {
        let wrap = self.wrap.as_ref();
        let (index, directory, fields, info) = if dir.join("meta.json").exists() {
            let Opened { index, directory, fields, info } = open_index_dir(dir, wrap)?;
            (index, directory, fields, info)
        } else {
            let marked = dir.join(MARKER).exists();
            if marked && has_segment_files(dir) {
                let reason = "meta.json is missing".to_string();
                return Err(Error::Damaged { path: dir.to_path_buf(), reason });
            }
            if dir.exists() && !is_empty_dir(dir) && !marked {
                let reason = "it has files but no meta.json".to_string();
                return Err(Error::NotAnIndex { path: dir.to_path_buf(), reason });
            }
            std::fs::create_dir_all(dir).map_err(|source| match directory::is_not_writable(&source) {
                true => Error::ReadOnly { path: dir.to_path_buf(), reason: source.to_string() },
                false => Error::Io { action: "create", path: dir.to_path_buf(), source },
            })?;
            // First the marker, so that a run stopped from here on leaves a folder of dateline's.
            if !marked {
                write_marker(dir)?;
            }
            let directory = IndexDirectory::open(dir, wrap).map_err(|e| Error::Tantivy(e.into()))?;
            let index = tantivy::Index::create(directory.clone(), build_schema(), index_settings())
                .map_err(|e| self.failure_to_create(e, &directory, dir))?;
            let fields = Fields::new(&index.schema()).expect("the built schema has every field");
            (index, directory, fields, None)
        };
        let phrase_words = PhraseWordsCell::default();
        index.tokenizers().register(ANALYZER, recording_analyzer());
        index.tokenizers().register(PAIRS_ANALYZER, pairs_analyzer(phrase_words.clone()));
        Ok(OpenedForWriting { index, directory, fields, info, phrase_words, text_bytes: AtomicU64::new(0) })
    }

    /// The error for an index that could not be created in `dir`.
    fn failure_to_create(&self, error: tantivy::TantivyError, directory: &IndexDirectory, dir: &Path) -> Error {
        let full = directory.out_of_space().is_some() || io_error_of(&error).is_some_and(directory::is_out_of_space);
        if full {
            let file = directory.out_of_space();
            return Error::OutOfSpace {
                path: dir.to_path_buf(),
                file,
                needed: 0,
                text: 0,
                committed: false,
                cleaned: true,
            };
        }
        lock_error(dir, error)
    }
}

/// The error of a failed `--rebuild`, told of the live index: a full disk there leaves the live
/// index as it was, and the unfinished rebuild beside it is removed.
fn rebuild_failure(error: Error, built: &Path, live: &Path) -> Error {
    match error {
        Error::OutOfSpace { file, needed, text, .. } => {
            let file = file.map(|file| Path::new(built.file_name().unwrap_or_default()).join(file));
            let committed = live.join("meta.json").exists();
            Error::OutOfSpace { path: live.to_path_buf(), file, needed, text, committed, cleaned: true }
        }
        other => other,
    }
}

/// An index folder opened for a run.
struct OpenedForWriting {
    index: tantivy::Index,
    directory: IndexDirectory,
    fields: Fields,
    /// The record of its last commit, if it has one.
    info: Option<IndexInfo>,
    phrase_words: PhraseWordsCell,
    /// Bytes of text the run reads (known once the corpus is walked).
    text_bytes: AtomicU64,
}

/// Removes the files a failed run wrote: every index file no commit refers to.
fn remove_uncommitted(dir: &Path) -> Result<()> {
    let directory = IndexDirectory::open(dir, None).map_err(|e| Error::Tantivy(e.into()))?;
    let index = tantivy::Index::open(directory)?;
    let writer: IndexWriter = index.writer(MIN_WRITER_BUDGET).map_err(|e| lock_error(dir, e))?;
    writer.garbage_collect_files().wait()?;
    drop(writer);
    remove_temporary_files(dir)
}

/// The smallest budget tantivy accepts for a writer of one thread, for runs that only clean.
const MIN_WRITER_BUDGET: usize = 15_000_000;

/// Removes the temporary files of commit records that were being written when a run stopped
/// (tantivy writes `meta.json` to a `.tmp…` file first, then renames it).
fn remove_temporary_files(dir: &Path) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).map_err(|source| Error::Io { action: "list", path: dir.to_path_buf(), source })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(".tmp") && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            std::fs::remove_file(&path).map_err(|source| Error::Io { action: "remove", path, source })?;
        }
    }
    Ok(())
}

/// How a new index stores documents: zstd blocks, which hold passage text in about half the
/// space of tantivy's default lz4 and still decompress in microseconds.
fn index_settings() -> tantivy::IndexSettings {
    let zstd = tantivy::store::ZstdCompressor { compression_level: Some(STORE_ZSTD_LEVEL) };
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(zstd),
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    }
}

/// What a run has done so far.
struct RunState {
    /// What is queued for tantivy's indexing threads.
    queue: Arc<Queue>,
    manifest: Manifest,
    ids: ArticleIds,
    skipped: Vec<Skip>,
    added: usize,
    changed: usize,
    unchanged: usize,
    articles_written: u64,
    /// The phrase words passages are indexed with: set from the index's commit record, or
    /// chosen before the first passage of this run is written.
    phrase_words: PhraseWordsCell,
}

impl RunState {
    /// Records a file read in this run: replaces its documents if its content changed, and
    /// its manifest entry always (the stamp may have changed).
    fn record(
        &mut self,
        read: ReadFile,
        writer: &mut IndexWriter<Queued>,
        fields: &Fields,
        observer: &mut dyn IndexObserver,
    ) -> Result<()> {
        for skip in &read.skipped {
            observer.skipped(skip);
        }
        let entry = FileEntry {
            size: read.stamp.size,
            mtime: read.stamp.mtime,
            hash: read.hash,
            skipped: !read.skipped.is_empty(),
        };
        let previous = self.manifest.get(&read.relative).copied();
        // A file the index holds that cannot be read now (permissions, vanished mid-run) keeps
        // its documents; it is marked to be read again on the next run.
        let unreadable = !read.streamed
            && read.prepared.is_empty()
            && read.skipped.iter().any(|skip| matches!(skip.reason, SkipReason::Io(_)));
        if let (true, Some(old)) = (unreadable, previous) {
            self.unchanged += 1;
            self.skipped.extend(read.skipped);
            writer.delete_term(Term::from_field_text(fields.file_path, &read.relative));
            let kept = FileEntry { skipped: true, ..old };
            writer.add_document(Queued::untracked(Manifest::document(fields, &read.relative, &kept)))?;
            self.manifest.insert(read.relative, kept);
            return Ok(());
        }
        let same_content = previous.is_some_and(|old| old.hash == entry.hash && !old.skipped && !entry.skipped);
        // A file new to the index has no documents to replace; a delete would only be kept in
        // tantivy's delete queue until the commit (a fresh build of a million files would hold
        // a million of them).
        if previous.is_some() {
            writer.delete_term(Term::from_field_text(fields.file_path, &read.relative));
        }
        if same_content {
            self.unchanged += 1;
        } else {
            if previous.is_some() {
                self.changed += 1;
            } else {
                self.added += 1;
            }
            if !read.streamed {
                if previous.is_some() {
                    writer.delete_term(Term::from_field_text(fields.path, &read.relative));
                    self.ids.remove_file(&read.relative);
                }
                self.articles_written += write_articles(
                    writer, fields, &self.queue, &self.phrase_words, &mut self.ids, read.prepared, &mut self.skipped,
                    observer,
                )?;
            }
        }
        self.skipped.extend(read.skipped);
        writer.add_document(Queued::untracked(Manifest::document(fields, &read.relative, &entry)))?;
        self.manifest.insert(read.relative, entry);
        Ok(())
    }
}

/// Waits for the segment merges the commit started, so that they land instead of being
/// abandoned when the writer closes: without this, every run would leave its segments unmerged
/// and searches would slow down night after night. The run's time includes the wait.
fn finish_merges(
    writer: IndexWriter<Queued>,
    report: IndexReport,
    started: Instant,
    observer: &mut dyn IndexObserver,
) -> Result<IndexReport> {
    observer.merging();
    writer.wait_merging_threads()?;
    Ok(IndexReport { elapsed: started.elapsed(), ..report })
}

/// tantivy's log merge policy, which merges segments of about the same size once there are
/// eight, and, from the commit that ends a run, one more rule: the segments under half the
/// size of the largest are merged into one when there are two or more. Each run leaves a small
/// segment per indexing thread (what each held at the commit), and a search pays for every
/// segment (on this machine about 0.15 ms each from the terminal): without the rule, nightly
/// runs of small changes would pile up to eight small segments per size before any merge.
/// Applied only at the end of a run, it never merges a large build's segments early.
#[derive(Debug)]
struct RunMergePolicy {
    log: LogMergePolicy,
    /// Set when the run commits.
    ending: Arc<AtomicBool>,
}

impl MergePolicy for RunMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut candidates = self.log.compute_merge_candidates(segments);
        if !self.ending.load(Ordering::SeqCst) {
            return candidates;
        }
        let taken: std::collections::HashSet<_> = candidates.iter().flat_map(|c| c.0.iter().copied()).collect();
        let largest = segments.iter().map(SegmentMeta::num_docs).max().unwrap_or(0);
        let small: Vec<_> = segments
            .iter()
            .filter(|segment| !taken.contains(&segment.id()) && segment.num_docs() < largest / 2)
            .map(SegmentMeta::id)
            .collect();
        if small.len() >= 2 {
            candidates.push(MergeCandidate(small));
        }
        candidates
    }
}

/// Splits the files to read into batches bounded in count and bytes; a JSON Lines file is a
/// batch of its own (it is streamed).
fn batches(files: &[(PathBuf, String, FileStamp)]) -> Vec<&[(PathBuf, String, FileStamp)]> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, (path, _, stamp)) in files.iter().enumerate() {
        if corpus::is_json_lines(path) {
            if start < i {
                batches.push(&files[start..i]);
            }
            batches.push(&files[i..i + 1]);
            start = i + 1;
            bytes = 0;
            continue;
        }
        if i > start && (i - start >= BATCH_FILES || bytes + stamp.size > BATCH_BYTES) {
            batches.push(&files[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += stamp.size;
    }
    if start < files.len() {
        batches.push(&files[start..]);
    }
    batches
}

/// Chooses the phrase words from the passages of `prepared` (see `crate::analysis::pairs`),
/// unless they are set; there must be passages to choose from.
fn choose_phrase_words<'a>(phrase_words: &PhraseWordsCell, prepared: impl IntoIterator<Item = &'a Prepared>) {
    if phrase_words.get().is_some() {
        return;
    }
    let passages: Vec<&str> = prepared
        .into_iter()
        .flat_map(|item| item.passages.iter().map(|passage| &item.article.body[passage.range.clone()]))
        .collect();
    if !passages.is_empty() {
        // Only this run writes the index (it holds the lock), and only this thread sets the words.
        let _ = phrase_words.set(PhraseWords::choose(passages));
    }
}

/// Writes prepared articles, skipping ids the index already holds; returns how many were written.
/// The phrase words are chosen from them first if they are not yet, so no passage is ever
/// indexed without them.
#[allow(clippy::too_many_arguments)]
fn write_articles(
    writer: &IndexWriter<Queued>,
    fields: &Fields,
    queue: &Arc<Queue>,
    phrase_words: &PhraseWordsCell,
    ids: &mut ArticleIds,
    prepared: Vec<Prepared>,
    skipped: &mut Vec<Skip>,
    observer: &mut dyn IndexObserver,
) -> Result<u64> {
    choose_phrase_words(phrase_words, &prepared);
    let mut written = 0;
    for item in prepared {
        let path = corpus::file_id(&item.article.path);
        if let Some(first) = ids.place(&item.article.id) {
            let first = first.to_string();
            let reason = SkipReason::DuplicateId { id: item.article.id.clone(), first };
            let skip = Skip { path: item.article.path.clone(), line: item.article.line, reason };
            observer.skipped(&skip);
            skipped.push(skip);
            continue;
        }
        queue.wait_for_room();
        write_article(writer, fields, queue, &item)?;
        let place = match item.article.line {
            Some(line) => format!("{path}:{line}"),
            None => path.clone(),
        };
        ids.insert(&item.article.id, &path, &place);
        written += 1;
    }
    Ok(written)
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Adds the fields both an article's document and its passages' documents carry, for
/// deletes and filters in either scope: identity, date and title. (Countries are the article
/// document's only: passage scope reaches them through the passage's article.)
fn shared_fields(doc: &mut TantivyDocument, fields: &Fields, article: &Article) {
    doc.add_text(fields.article_id, &article.id);
    doc.add_text(fields.path, article.path.to_string_lossy());
    doc.add_date(fields.date, article.date.to_tantivy());
    if let Some(title) = &article.title {
        doc.add_text(fields.title, title);
    }
}

/// The article document: the shared fields, the article's countries and speakers, its whole
/// text (for article scope) and its stored record.
fn article_document(fields: &Fields, article: &Article, labels: &Labels) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.kind, KIND_ARTICLE);
    shared_fields(&mut doc, fields, article);
    for country in labels.country_names() {
        doc.add_facet(fields.country, Facet::from_path([country]));
        doc.add_text(fields.country_key, country_key(country));
    }
    for speaker in labels.speaker_names() {
        doc.add_facet(fields.speaker, Facet::from_path([speaker]));
        for key in name_keys(speaker) {
            doc.add_text(fields.speaker_key, key);
        }
    }
    if let Some(title) = &article.title {
        doc.add_text(fields.article_text, title);
    }
    doc.add_text(fields.article_text, &article.body);
    let record = ArticleRecord {
        id: article.id.clone(),
        path: article.path.to_string_lossy().into_owned(),
        line: article.line.map(|line| line as u64),
        date: article.date,
        title: article.title.clone(),
        source: article.source.clone(),
        url: article.url.clone(),
        countries: labels.country_names().into_iter().map(str::to_string).collect(),
        speakers: labels.speaker_names().into_iter().map(str::to_string).collect(),
    };
    doc.add_text(fields.record, serde_json::to_string(&record).expect("an article record serializes"));
    doc
}

/// Writes the article document and one document per passage, as one group: the passages
/// follow their article directly in one segment (see `index-schema/schema.toml`). Returns the
/// passage count.
fn write_article(writer: &IndexWriter<Queued>, fields: &Fields, queue: &Arc<Queue>, item: &Prepared) -> Result<u64> {
    let Prepared { article, passages, labels } = item;
    let mut group = Vec::with_capacity(passages.len() + 1);
    let article_bytes = article.body.len() + article.title.as_ref().map_or(0, String::len) + DOCUMENT_OVERHEAD;
    group.push(UserOperation::Add(queue.track(article_document(fields, article, labels), article_bytes)));
    for (passage, speakers) in passages.iter().zip(&labels.passage_speakers) {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.kind, KIND_PASSAGE);
        shared_fields(&mut doc, fields, article);
        doc.add_u64(fields.passage, u64::from(passage.number));
        doc.add_u64(fields.start, passage.range.start as u64);
        doc.add_u64(fields.end, passage.range.end as u64);
        let text = &article.body[passage.range.clone()];
        doc.add_text(fields.text, text);
        doc.add_text(fields.text_pairs, text);
        for speaker in speakers.iter().map(|l| l.name.as_str()) {
            doc.add_facet(fields.passage_speaker, Facet::from_path([speaker]));
            for key in name_keys(speaker) {
                doc.add_text(fields.passage_speaker_key, key);
            }
        }
        group.push(UserOperation::Add(queue.track(doc, passage.range.len() + DOCUMENT_OVERHEAD)));
    }
    writer.run(group)?;
    Ok(passages.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::ArticleIds;

    #[test]
    fn article_ids_know_places_and_forget_files() {
        let mut ids = ArticleIds::default();
        // A text file's one article, named by its path.
        ids.insert("a/1.txt", "a/1.txt", "a/1.txt");
        // A JSON Lines file's articles, placed by line; one is named like the text file below.
        ids.insert("wire-7", "feed.jsonl", "feed.jsonl:3");
        ids.insert("b/2.txt", "feed.jsonl", "feed.jsonl:4");
        assert_eq!(ids.place("a/1.txt"), Some("a/1.txt"));
        assert_eq!(ids.place("wire-7"), Some("feed.jsonl:3"));
        assert_eq!(ids.place("b/2.txt"), Some("feed.jsonl:4"));
        assert_eq!(ids.place("missing"), None);

        // Forgetting the file b/2.txt must not forget the JSON Lines article of that id.
        ids.remove_file("b/2.txt");
        assert_eq!(ids.place("b/2.txt"), Some("feed.jsonl:4"));

        ids.remove_file("a/1.txt");
        assert_eq!(ids.place("a/1.txt"), None);
        ids.remove_file("feed.jsonl");
        assert_eq!(ids.place("wire-7"), None);
        assert_eq!(ids.place("b/2.txt"), None);
        assert!(ids.place_of.is_empty() && ids.ids_of.is_empty());
    }
}
