//! The index as searching sees it: the open index at one commit, and what searching keeps
//! from one search to the next (the threads for heavy queries, the filters searched again).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::error::Result;
use crate::index::{manifest, IndexInfo, Reader};

use super::cost::Parallel;
use super::filter_cache::FilterCache;
use super::stories::Stories;

/// An open, checked index, ready to search. It can be shared by threads (`Send + Sync`).
pub struct Index {
    /// The open index at its commit.
    pub(crate) commit: Reader,
    /// The threads a heavy search runs on.
    pub(crate) parallel: Parallel,
    /// The filters searched with more than once, as bitsets.
    pub(crate) filters: Arc<FilterCache>,
    /// The commit's clusters of near-duplicates, read when a request first counts stories.
    pub(crate) stories: OnceLock<Arc<Stories>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("path", &self.commit.path).field("info", &self.commit.info).finish()
    }
}

impl Index {
    /// Opens the index at `path` for searching. A search that has many postings to read (a
    /// phrase of common words, say) runs over the index's segments on up to one thread per core.
    ///
    /// Opening writes nothing, so an index on a read-only mount or in a folder the user cannot
    /// write opens as any other. It sees the index's last commit; a run of `dateline index`
    /// meanwhile is seen after [`Index::reload`].
    ///
    /// Fails with [`Error::IndexMissing`](crate::Error::IndexMissing),
    /// [`Error::NotAnIndex`](crate::Error::NotAnIndex), [`Error::NoCommit`](crate::Error::NoCommit),
    /// [`Error::IncompatibleSchema`](crate::Error::IncompatibleSchema) or
    /// [`Error::Damaged`](crate::Error::Damaged) rather than opening something it cannot trust.
    pub fn open(path: impl AsRef<Path>) -> Result<Index> {
        let reader = Reader::open(path.as_ref())?;
        let parallel = Parallel::new(reader.segments);
        Ok(Index { commit: reader, parallel, filters: Arc::default(), stories: OnceLock::new() })
    }

    /// Moves to the index's newest commit, for a program that keeps an index open while
    /// `dateline index` updates it: searches from then on see what that run wrote. Searches
    /// running meanwhile finish on the commit they started with. Returns whether there was a
    /// newer commit.
    ///
    /// Fails as [`Index::open`] does when the index was replaced by one this build cannot read
    /// (a `--rebuild` by another version of dateline); the index stays as it was then.
    pub fn reload(&mut self) -> Result<bool> {
        let newer = self.commit.reload()?;
        self.parallel = Parallel::new(self.commit.segments);
        self.stories = OnceLock::new();
        Ok(newer)
    }

    /// The index directory.
    pub fn path(&self) -> &Path {
        &self.commit.path
    }

    /// What the index holds, as of the commit it was opened at.
    pub fn info(&self) -> &IndexInfo {
        &self.commit.info
    }

    /// The commit's clusters of near-duplicates (read once).
    pub(crate) fn stories(&self) -> Result<Arc<Stories>> {
        if let Some(stories) = self.stories.get() {
            return Ok(stories.clone());
        }
        let loaded =
            Arc::new(self.commit.reading(|| Stories::load(&self.commit.reader.searcher(), &self.commit.fields))?);
        Ok(self.stories.get_or_init(|| loaded).clone())
    }

    /// How the corpus under `corpus_root` differs from what the index holds: files added,
    /// changed (by content) and removed since the last run. Empty when the index is up to date.
    pub fn changes(&self, corpus_root: impl AsRef<Path>) -> Result<manifest::Changes> {
        self.commit.changes(corpus_root.as_ref())
    }
}
