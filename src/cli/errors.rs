//! The library's errors and skips worded for the command line: where the library says what to
//! do in its own terms ("build it anew from its corpus"), the binary names its commands and
//! flags (`dateline index --rebuild`).

use dateline::{Error, Skip, SkipReason};

/// An error of the library as the binary says it.
pub fn describe(error: &Error) -> String {
    let advice = match error {
        Error::IndexMissing { path } => {
            format!("build one with `dateline index CORPUS_DIR --index {}`", path.display())
        }
        Error::IncompatibleSchema { .. } | Error::Damaged { .. } => {
            "run `dateline index --rebuild` to build it anew".to_string()
        }
        Error::NoCommit { path } => format!("run `dateline index CORPUS_DIR --index {}` to finish it", path.display()),
        Error::IndexLocked { path, pid } => {
            let holder = match pid {
                Some(pid) => format!("another `dateline index` (process {pid})"),
                None => "another `dateline index`".to_string(),
            };
            return format!("{holder} is writing to {}: wait for it to finish, then run again", path.display());
        }
        Error::ReadOnly { .. } => "searching it works; to update it, run `dateline index` as a user and on a \
                                   machine that can write there, or give a writable folder with --index"
            .to_string(),
        Error::OutOfSpace { .. } => {
            "free some space or give another --index, then run `dateline index` again".to_string()
        }
        Error::ArticleNotFound { suggestions, .. } if suggestions.is_empty() => {
            "find an article's id with `dateline search WORDS` (ids follow the dates) (an id is the file's \
             path in the corpus, or a JSON Lines record's id or `path:line`)"
                .to_string()
        }
        Error::EmptyDateRange { from, to } => {
            return format!("the date range is empty: --from {from} is after --to {to}");
        }
        Error::NoPassages => return "--passages must be at least 1".to_string(),
        Error::NotExact { .. } => {
            "search the local index for this query: give --index DIR instead of --engine (or unset \
             DATELINE_ENGINE)"
                .to_string()
        }
        Error::PassagesNeedArticles => {
            "in passage scope add --per-article (one hit per article, shown by its best passages)".to_string()
        }
        _ => return error.to_string(),
    };
    format!("{}: {advice}", error.situation())
}

/// A skipped file or record as the binary says it: where, and why.
pub fn describe_skip(skip: &Skip) -> String {
    match &skip.reason {
        SkipReason::TooLarge { bytes, limit } => format!(
            "{}: {bytes} bytes is more than the {limit}-byte limit for one article: split it, or raise \
             --max-article-size",
            skip.location()
        ),
        _ => skip.to_string(),
    }
}
