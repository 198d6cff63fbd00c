//! The on-disk index: its layout, how it is opened and checked, and how it is built.
//!
//! An index is a tantivy index directory whose commit payload is an [`IndexInfo`] record;
//! an index without one, or whose layout differs from this build's, is refused rather than
//! guessed at.

pub mod manifest;
mod queue;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::{IndexReader, ReloadPolicy};

use crate::analysis::pairs::PhraseWords;
use crate::analysis::{analyzer, ANALYZER};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::search::filter_cache::FilterCache;
use schema::{build_schema, schema_version, Fields};

/// What an index holds, recorded atomically with each commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInfo {
    /// The index layout version (see `index-schema/schema.toml`).
    pub schema_version: u32,
    /// The version of dateline that wrote the commit.
    pub dateline_version: String,
    /// The corpus folder that was indexed (absolute where it could be resolved).
    pub corpus_root: PathBuf,
    /// When the commit was made (RFC 3339, UTC).
    pub committed_at: String,
    /// Corpus files the index holds (its manifest).
    pub files: u64,
    /// Fingerprint of the corpus content the index reflects (see [`manifest::Manifest::fingerprint`]):
    /// equal fingerprints mean the same files with the same bytes.
    pub fingerprint: String,
    /// Files or records skipped in the run that made the commit.
    pub skipped: u64,
    /// The words whose adjacent pairs the index holds as terms of their own, for fast phrases
    /// (see [`crate::analysis::pairs`]): chosen from the first passages the index was given,
    /// most frequent first; empty while it has none.
    #[serde(default)]
    pub phrase_words: Vec<String>,
    /// Articles in the index (counted when the index is opened; not part of the commit record).
    #[serde(skip_serializing, default)]
    pub articles: u64,
    /// Passages in the index (counted when the index is opened; not part of the commit record).
    #[serde(skip_serializing, default)]
    pub passages: u64,
}

/// What a hit shows of its article, stored once per article, as JSON in the article
/// document's `record` field (passage documents store only their own text and place).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ArticleRecord {
    pub id: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub speakers: Vec<String>,
}

/// An open, checked index, ready to search.
pub struct Index {
    pub(crate) path: PathBuf,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    info: IndexInfo,
    /// `info.phrase_words`, ready for the query compiler.
    pub(crate) phrase_words: PhraseWords,
    pub(crate) parallel: Parallel,
    /// The filters searched with more than once, as bitsets.
    pub(crate) filters: Arc<FilterCache>,
}

/// How many postings a query may read before it starts the search threads (a posting read
/// with its positions counts four times). Below this a search takes about a millisecond, no
/// more than starting the threads costs: a search from the terminal, one per process, starts
/// them only when they pay for themselves.
const PARALLEL_POSTINGS: u64 = 150_000;

/// In a program that searches an index again (a server, a script through the library, one
/// search with facets), a query that reads more than
/// [`PARALLEL_POSTINGS`] divided by this uses them: their start is paid once over many
/// searches, and handing work to running threads costs little.
const WARM_DIVISOR: u64 = 5;

/// The threads a heavy search runs on, one per segment up to one per core: started on the
/// first search that needs them, since starting them costs about half a millisecond, more
/// than a light search takes.
pub(crate) struct Parallel {
    segments: usize,
    /// The postings above which a query is heavy enough to start the threads
    /// ([`PARALLEL_POSTINGS`]); after the first query, a [`WARM_DIVISOR`]th of this.
    pub(crate) min_postings: u64,
    /// Whether a query has asked before.
    asked: std::sync::atomic::AtomicBool,
    executor: std::sync::OnceLock<Option<tantivy::Executor>>,
}

impl Parallel {
    /// The threads for an index of `segments` segments.
    pub(crate) fn new(segments: usize) -> Parallel {
        Parallel {
            segments,
            min_postings: PARALLEL_POSTINGS,
            asked: std::sync::atomic::AtomicBool::new(false),
            executor: std::sync::OnceLock::new(),
        }
    }

    /// The executor of several threads for a query that `is_heavy` (given the postings above
    /// which a query is heavy: fewer after the first query), started on first use; `None` for
    /// a light query, one segment, one core, or threads that could not be started (which only
    /// costs speed).
    pub(crate) fn executor_if(&self, is_heavy: impl FnOnce(u64) -> bool) -> Option<&tantivy::Executor> {
        let again = self.asked.swap(true, std::sync::atomic::Ordering::Relaxed);
        let min_postings = if again { self.min_postings / WARM_DIVISOR } else { self.min_postings };
        if self.segments < 2 || !is_heavy(min_postings) {
            return None;
        }
        let start = || {
            // Asked here, not at open: it reads the process's CPU quota, which a light search need not.
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.segments);
            (threads > 1).then(|| tantivy::Executor::multi_thread(threads, "dateline-search-").ok()).flatten()
        };
        self.executor.get_or_init(start).as_ref()
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.path).field("info", &self.info).finish()
    }
}

/// The default index directory: `$DATELINE_INDEX` when set, otherwise `dateline/index` in the
/// user's data directory (`~/.local/share/dateline/index` on Linux), otherwise
/// `.dateline-index` in the current directory.
pub fn default_index_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DATELINE_INDEX").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map_or_else(|| PathBuf::from(".dateline-index"), |d| d.join("dateline").join("index"))
}

/// Whether `path` is a directory with nothing in it.
fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// Opens the tantivy index at `path` and checks that it is a dateline index of this layout.
pub(crate) fn open_checked(path: &Path) -> Result<(tantivy::Index, Fields, IndexInfo)> {
    if !path.exists() || is_empty_dir(path) {
        return Err(Error::IndexMissing { path: path.to_path_buf() });
    }
    if !path.is_dir() {
        return Err(Error::NotAnIndex { path: path.to_path_buf(), reason: "it is a file".into() });
    }
    if !path.join("meta.json").exists() {
        let reason = "it has files but no meta.json".to_string();
        return Err(Error::NotAnIndex { path: path.to_path_buf(), reason });
    }
    let damaged = |e: &dyn std::fmt::Display| Error::Damaged { path: path.to_path_buf(), reason: e.to_string() };
    let index = tantivy::Index::open_in_dir(path).map_err(|e| damaged(&e))?;
    index.tokenizers().register(ANALYZER, analyzer());
    let info = commit_record(&index, path)?;
    let expected = schema_version();
    if index.schema() != build_schema() {
        let found = format!("{expected} with a different field layout");
        return Err(Error::IncompatibleSchema { path: path.to_path_buf(), found, expected });
    }
    let fields = Fields::new(&index.schema()).map_err(|e| damaged(&e))?;
    Ok((index, fields, info))
}

/// The commit record of the index at `path`, checked to be of this build's layout version.
pub(crate) fn commit_record(index: &tantivy::Index, path: &Path) -> Result<IndexInfo> {
    let damaged = |e: &dyn std::fmt::Display| Error::Damaged { path: path.to_path_buf(), reason: e.to_string() };
    let metas = index.load_metas().map_err(|e| damaged(&e))?;
    let Some(payload) = metas.payload else {
        let reason = "a tantivy index without dateline's commit record".to_string();
        return Err(Error::NotAnIndex { path: path.to_path_buf(), reason });
    };
    #[derive(Deserialize)]
    struct VersionOnly {
        schema_version: u32,
    }
    let version: VersionOnly = serde_json::from_str(&payload).map_err(|e| damaged(&format!("commit record: {e}")))?;
    let expected = schema_version();
    if version.schema_version != expected {
        let found = version.schema_version.to_string();
        return Err(Error::IncompatibleSchema { path: path.to_path_buf(), found, expected });
    }
    serde_json::from_str(&payload).map_err(|e| damaged(&format!("commit record: {e}")))
}

impl Index {
    /// Opens the index at `path` for searching. A search that has many postings to read (a
    /// phrase of common words, say) runs over the index's segments on up to one thread per core.
    ///
    /// Fails with [`Error::IndexMissing`], [`Error::NotAnIndex`], [`Error::IncompatibleSchema`]
    /// or [`Error::Damaged`] rather than opening something it cannot trust.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        let path = path.as_ref();
        let (index, fields, info) = open_checked(path)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::Damaged { path: path.to_path_buf(), reason: e.to_string() })?;
        let searcher = reader.searcher();
        let count = |kind| writer::count(&searcher, &fields, kind);
        let info = IndexInfo { articles: count(schema::KIND_ARTICLE)?, passages: count(schema::KIND_PASSAGE)?, ..info };
        let parallel = Parallel::new(searcher.segment_readers().len());
        drop(searcher);
        let phrase_words = PhraseWords::new(info.phrase_words.clone());
        Ok(Index { path: path.to_path_buf(), reader, fields, info, phrase_words, parallel, filters: Arc::default() })
    }

    /// The index directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the index holds, as of the commit it was opened at.
    pub fn info(&self) -> &IndexInfo {
        &self.info
    }

    /// How the corpus under `corpus_root` differs from what the index holds: files added,
    /// changed (by content) and removed since the last run. Empty when the index is up to date.
    pub fn changes(&self, corpus_root: impl AsRef<Path>) -> Result<manifest::Changes> {
        let root = corpus_root.as_ref();
        std::fs::read_dir(root).map_err(|source| Error::Corpus { path: root.to_path_buf(), source })?;
        let manifest = manifest::Manifest::load(&self.reader.searcher(), &self.fields)?;
        Ok(manifest::compare(&manifest, root))
    }
}
