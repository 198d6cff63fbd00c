//! The library's error type. Every message says what happened and what to do.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::date::Date;
use crate::search::query::QueryError;

/// A `Result` with dateline's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong opening, building or searching an index.
///
/// Problems with single corpus files are not errors: they are reported as
/// [`Skip`](crate::corpus::Skip)s and the run goes on.
///
/// A message is [what happened](Error::situation), then [what to do](Error::advice) in terms
/// of this library; a program with its own commands (the `dateline` binary names its own) can
/// put its advice after the situation instead.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No index where one was expected.
    IndexMissing {
        /// The index directory.
        path: PathBuf,
    },
    /// The directory exists and holds something that is not a dateline index.
    NotAnIndex {
        /// The directory.
        path: PathBuf,
        /// What was found there.
        reason: String,
    },
    /// The index was built by a dateline with another index layout.
    IncompatibleSchema {
        /// The index directory.
        path: PathBuf,
        /// The version the index was built with (or a description of the difference).
        found: String,
        /// The version this build reads.
        expected: u32,
    },
    /// The index files are damaged (truncated, missing or corrupt).
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// What tantivy reported.
        reason: String,
    },
    /// The index has no commit yet: its first build is running, or was interrupted.
    NoCommit {
        /// The index directory.
        path: PathBuf,
    },
    /// Another process is writing to the index.
    IndexLocked {
        /// The index directory.
        path: PathBuf,
        /// The process that holds it, when it said so.
        pid: Option<u32>,
    },
    /// The index cannot be written here (a read-only mount, a folder without write
    /// permission); reading it works.
    ReadOnly {
        /// The index directory.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// The device filled up during a run. The index is as it was at its last commit.
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
    Corpus {
        /// The corpus folder.
        path: PathBuf,
        /// Why (part of the message, so not also given as its source).
        source: io::Error,
    },
    /// A query that cannot be parsed.
    Query(QueryError),
    /// No article with this id in the index.
    ArticleNotFound {
        /// The id asked for.
        id: String,
        /// The indexed ids closest to it, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A date range that ends before it starts.
    EmptyDateRange {
        /// The first day of the range.
        from: Date,
        /// The last day of the range, before `from`.
        to: Date,
    },
    /// Text that names no interval of a timeline.
    UnknownInterval {
        /// The text given.
        text: String,
    },
    /// Text that names no stop-word list.
    UnknownStopwords {
        /// The text given.
        text: String,
    },
    /// A search asked for hits that show no passage
    /// ([`SearchRequest::passages`](crate::SearchRequest::passages) of 0).
    NoPassages,
    /// A search in passage scope asked for several passages per hit without grouping the
    /// passages by article ([`SearchRequest::per_article`](crate::SearchRequest::per_article)).
    PassagesNeedArticles,
    /// A concordance of a query with no word or phrase to show (only excluded words and field
    /// terms).
    NothingToShow {
        /// The query.
        query: String,
    },
    /// An engine (Quickwit, OpenSearch) refused a request or could not be reached.
    Engine {
        /// The request: method and address.
        request: String,
        /// What the engine answered, or why there was no answer.
        reason: String,
    },
    /// A copy threshold outside (0, 1].
    BadCopyThreshold {
        /// The threshold given.
        threshold: f32,
    },
    /// A request that an engine cannot answer exactly as the local index would.
    NotExact {
        /// The engine.
        engine: String,
        /// What it cannot do exactly.
        what: String,
    },
    /// A name that the engine does not accept for an index.
    BadIndexName {
        /// The name given.
        name: String,
        /// What the engine accepts.
        reason: String,
    },
    /// A folder for an export holds something other than an earlier export.
    OutputNotEmpty {
        /// The folder.
        path: PathBuf,
        /// A file or folder in it that an export does not write.
        found: String,
    },
    /// A folder that should hold an export has no readable manifest.
    NotAnExport {
        /// The folder.
        path: PathBuf,
        /// What is wrong with its manifest.
        reason: String,
    },
    /// A file-system operation on the index directory failed.
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// Why (part of the message, so not also given as its source).
        source: io::Error,
    },
    /// The run was interrupted (Ctrl-C) before its commit: the index is as it was.
    Interrupted,
    /// An error inside tantivy that none of the above describes.
    Tantivy(tantivy::TantivyError),
}

impl Error {
    /// What happened, without advice: the message up to [`Error::advice`].
    pub fn situation(&self) -> String {
        match self {
            Error::IndexMissing { path } => format!("no index at {}", path.display()),
            Error::NotAnIndex { path, reason } => format!("{} is not a dateline index ({reason})", path.display()),
            Error::IncompatibleSchema { path, found, expected } => format!(
                "index at {} was built with schema version {found}; this dateline reads version {expected}",
                path.display()
            ),
            Error::Damaged { path, reason } => format!("index at {} is damaged ({reason})", path.display()),
            Error::NoCommit { path } => format!(
                "index at {} has no commit yet: its first build is still running or was interrupted",
                path.display()
            ),
            Error::IndexLocked { path, pid } => match pid {
                Some(pid) => format!("another indexer (process {pid}) is writing to {}", path.display()),
                None => format!("another indexer is writing to {}", path.display()),
            },
            Error::ReadOnly { path, reason } => format!("cannot write to the index at {} ({reason})", path.display()),
            Error::OutOfSpace { path, file, needed, text, committed, cleaned } => {
                out_of_space(path, file.as_deref(), *needed, *text, *committed, *cleaned)
            }
            Error::Corpus { path, source } => format!("cannot read corpus folder {}: {source}", path.display()),
            Error::Query(error) => error.to_string(),
            Error::ArticleNotFound { id, .. } => format!("no article with id `{id}` in the index"),
            Error::EmptyDateRange { from, to } => {
                format!("the date range is empty: it starts on {from}, after its last day, {to}")
            }
            Error::UnknownInterval { text } => format!("`{text}` is not an interval"),
            Error::UnknownStopwords { text } => format!("`{text}` names no stop-word list"),
            Error::NoPassages => "a hit must show at least 1 passage".to_string(),
            Error::PassagesNeedArticles => "several passages per hit need hits that are articles".to_string(),
            Error::NothingToShow { query } => format!(
                "the query `{query}` has no word or phrase to show in context (excluded words and field \
                 terms such as country: are not shown)"
            ),
            Error::BadIndexName { reason, .. } => reason.clone(),
            Error::BadCopyThreshold { threshold } => {
                format!("the copy threshold {threshold} is not above 0 and at most 1")
            }
            Error::NotExact { engine, what } => {
                format!("{engine} cannot answer exactly as the local index does: {what}")
            }
            Error::Engine { request, reason } => format!("a request to the engine failed ({request}): {reason}"),
            Error::OutputNotEmpty { path, found } => {
                format!("{} holds `{found}`, which is not part of an export", path.display())
            }
            Error::NotAnExport { path, reason } => {
                format!("{} holds no export (its manifest.json: {reason})", path.display())
            }
            Error::Io { action, path, source } => format!("cannot {action} {}: {source}", path.display()),
            Error::Interrupted => {
                "interrupted: nothing was committed, and the index is as it was before this run".to_string()
            }
            Error::Tantivy(error) => format!("index error: {error}"),
        }
    }

    /// What to do about it, in terms of this library, where there is something to do.
    pub fn advice(&self) -> Option<String> {
        let advice = match self {
            Error::IndexMissing { .. } => "build one by indexing a corpus into that folder",
            Error::NotAnIndex { .. } => "choose an empty or new directory for the index",
            Error::IncompatibleSchema { .. } | Error::Damaged { .. } => "build it anew from its corpus",
            Error::NoCommit { .. } => "index its corpus into it again to finish it",
            Error::IndexLocked { .. } => "wait for it to finish, then run again",
            Error::ReadOnly { .. } => {
                "searching it works; to update it, index as a user and on a machine that can write \
                 there, or into a writable folder"
            }
            Error::OutOfSpace { .. } => "free some space or choose another index folder, then index again",
            Error::Corpus { .. } => "give the folder that holds the articles",
            Error::ArticleNotFound { suggestions, .. } => return Some(article_not_found(suggestions)),
            Error::UnknownInterval { .. } => "give year, month or week",
            Error::UnknownStopwords { .. } => "give en (English function words)",
            Error::NoPassages => "ask for 1 or more",
            Error::PassagesNeedArticles => {
                "in passage scope group the passages by article (one hit per article, shown by its best passages)"
            }
            Error::NothingToShow { .. } => "add the words to look for",
            Error::BadCopyThreshold { .. } => {
                "give the share of the shorter article's text that the longer must hold, such as 0.7 (the default)"
            }
            Error::NotExact { .. } => "search the local index for this query",
            Error::OutputNotEmpty { .. } => {
                "choose a new or empty folder (a folder that holds only an earlier export is replaced)"
            }
            Error::NotAnExport { .. } => "export the index into it first",
            Error::Query(_)
            | Error::BadIndexName { .. }
            | Error::Engine { .. }
            | Error::EmptyDateRange { .. }
            | Error::Io { .. }
            | Error::Interrupted
            | Error::Tantivy(_) => return None,
        };
        Some(advice.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.situation())?;
        match self.advice() {
            Some(advice) => write!(f, ": {advice}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The I/O errors and tantivy's are part of the message: a report of the whole chain
            // would print them twice.
            Error::Query(error) => std::error::Error::source(error),
            _ => None,
        }
    }
}

impl From<QueryError> for Error {
    fn from(error: QueryError) -> Error {
        Error::Query(error)
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Error {
        Error::Tantivy(error)
    }
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
    format!("no space left on the device of the index at {}{writing}: {state}{cleaned}{room}", path.display())
}

/// The advice for an unknown article id: the closest ids, if any, and what an id is.
fn article_not_found(suggestions: &[String]) -> String {
    let hint = match suggestions {
        [] => "search for words of the article to find its id".to_string(),
        [one] => format!("did you mean `{one}`?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            format!("did you mean one of {}?", quoted.join(", "))
        }
    };
    format!("{hint} (an id is the file's path in the corpus, or a JSON Lines record's id or `path:line`)")
}

/// An I/O error met while reading index files, as an index error.
pub(crate) fn index_io(error: std::io::Error) -> Error {
    Error::Tantivy(tantivy::TantivyError::from(error))
}
