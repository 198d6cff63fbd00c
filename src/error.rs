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
    /// The index has no commit yet: its first build is running, or was interrupted.
    #[error(
        "index at {} has no commit yet: its first build is still running or was interrupted: \
         run `dateline index CORPUS_DIR --index {}` to finish it", path.display(), path.display()
    )]
    NoCommit {
        /// The index directory.
        path: PathBuf,
    },
    /// Another process is writing to the index.
    #[error("{}", index_locked(path, *pid))]
    IndexLocked {
        /// The index directory.
        path: PathBuf,
        /// The process that holds it, when it said so.
        pid: Option<u32>,
    },
    /// The index cannot be written here (a read-only mount, a folder without write
    /// permission); reading it works.
    #[error(
        "cannot write to the index at {} ({reason}): searching it works; to update it, run \
         `dateline index` as a user and on a machine that can write there, or give a writable \
         folder with --index", path.display()
    )]
    ReadOnly {
        /// The index directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The device filled up during a run. The index is as it was at its last commit.
    #[error("{}", out_of_space(path, file.as_deref(), *needed, *text, *committed, *cleaned))]
    OutOfSpace {
        /// The index directory.
        path: PathBuf,
        /// The index file being written when the space ran out, when known.
        file: Option<PathBuf>,
        /// Roughly how many bytes the run needs free.
        needed: u64,
        /// Bytes of text the run reads.
        text: u64,
        /// Whether the index has a commit (and so stays searchable as it was).
        committed: bool,
        /// Whether the files the failed run wrote were removed.
        cleaned: bool,
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
    Tantivy(tantivy::TantivyError),
}

// Not `#[from]`: that would make the tantivy error the source too, and a report of the whole
// chain would print it twice.
impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Error {
        Error::Tantivy(error)
    }
}

fn index_locked(path: &std::path::Path, pid: Option<u32>) -> String {
    let holder = match pid {
        Some(pid) => format!("another `dateline index` (process {pid})"),
        None => "another `dateline index`".to_string(),
    };
    format!("{holder} is writing to {}: wait for it to finish, then run again", path.display())
}

/// Bytes as the messages show them.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb < 10.0 {
        format!("{mb:.1} MB")
    } else {
        format!("{mb:.0} MB")
    }
}

fn out_of_space(
    path: &std::path::Path,
    file: Option<&std::path::Path>,
    needed: u64,
    text: u64,
    committed: bool,
    cleaned: bool,
) -> String {
    let writing = match file {
        // A rebuild's file is in the folder beside the index.
        Some(file) if file.components().count() > 1 => {
            format!(" while writing {}", path.with_file_name(file).display())
        }
        Some(file) => format!(" while writing {}", path.join(file).display()),
        None => String::new(),
    };
    let state = if committed {
        "the index is as it was at its last commit, and searches still work"
    } else {
        "the index has no commit yet"
    };
    let cleaned = if cleaned { "; the files this run wrote were removed" } else { "" };
    let room = match needed {
        0 => String::new(),
        _ => format!(
            ". This run needs roughly {} free there (it reads {} of text; an index takes about 1.2 \
             times its text, and up to twice that while its segments merge)",
            megabytes(needed),
            megabytes(text)
        ),
    };
    format!(
        "no space left on the device of the index at {}{writing}: {state}{cleaned}{room}: free some \
         space or give another --index, then run `dateline index` again",
        path.display(),
    )
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
