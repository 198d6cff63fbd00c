//! The library's error type. Every message says what happened and what to do.

use std::io;
use std::path::PathBuf;

use crate::search::query::QueryError;

/// A `Result` with dateline's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong opening, building or searching an index.
///
/// Problems with single corpus files are not errors: they are reported as
/// [`Skip`](crate::corpus::Skip)s and the run goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No index where one was expected.
    #[error("no index at {}: build one with `dateline index CORPUS_DIR --index {}`", path.display(), path.display())]
    IndexMissing {
        /// The index directory.
        path: PathBuf,
    },
    /// The directory exists and holds something that is not a dateline index.
    #[error("{} is not a dateline index ({reason}): choose an empty or new directory for the index", path.display())]
    NotAnIndex {
        /// The directory.
        path: PathBuf,
        /// What was found there.
        reason: String,
    },
    /// The index was built by a dateline with another index layout.
    #[error(
        "index at {} was built with schema version {found}; this dateline reads version {expected}: \
         run `dateline index --rebuild` to build it anew", path.display()
    )]
    IncompatibleSchema {
        /// The index directory.
        path: PathBuf,
        /// The version the index was built with (or a description of the difference).
        found: String,
        /// The version this build reads.
        expected: u32,
    },
    /// The index files are damaged (truncated, missing or corrupt).
    #[error("index at {} is damaged ({reason}): run `dateline index --rebuild` to build it anew", path.display())]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What tantivy reported.
        reason: String,
    },
    /// Another process is writing to the index.
    #[error("another `dateline index` is writing to {}: wait for it to finish, then run again", path.display())]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
    },
    /// The corpus folder cannot be read.
    #[error("cannot read corpus folder {}: {source}: give the folder that holds the articles", path.display())]
    Corpus {
        /// The corpus folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A query that cannot be parsed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// No article with this id in the index.
    #[error("no article `{id}` in the index: give an article id as `dateline search` shows it (e.g. 2019/geneva-water-talks.txt)")]
    UnknownArticle {
        /// The id asked for.
        id: String,
    },
    /// A filter value that cannot be understood (a date that is not `YYYY[-MM[-DD]]`).
    #[error("{0}")]
    Filter(String),
    /// Options of a request that do not fit together (e.g. several passages per hit in
    /// passage scope without grouping by article).
    #[error("{0}")]
    Request(String),
    /// No article with this id in the index.
    #[error("{}", article_not_found(id, suggestions))]
    ArticleNotFound {
        /// The id asked for.
        id: String,
        /// The indexed ids closest to it, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A file-system operation on the index directory failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The run was interrupted (Ctrl-C) before its commit: the index is as it was.
    #[error("interrupted: nothing was committed, and the index is as it was before this run")]
    Interrupted,
    /// An error inside tantivy that none of the above describes.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

fn article_not_found(id: &str, suggestions: &[String]) -> String {
    let hint = match suggestions {
        [] => "find an article's id with `dateline search WORDS` (ids follow the dates)".to_string(),
        [one] => format!("did you mean `{one}`?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            format!("did you mean one of {}?", quoted.join(", "))
        }
    };
    format!(
        "no article with id `{id}` in the index: {hint} (an id is the file's path in the corpus, \
         or a JSON Lines record's id or `path:line`)"
    )
}

/// An I/O error met while reading index files, as an index error.
pub(crate) fn index_io(error: std::io::Error) -> Error {
    Error::Tantivy(tantivy::TantivyError::from(error))
}
