//! Reading a corpus: walking its folder and turning each file into articles.
//!
//! A corpus is a folder of files in three formats, told apart per file:
//! - `.jsonl` / `.ndjson`: JSON Lines, one article per line ([`jsonl`]);
//! - any other file whose first line is `---`: a front-matter header, then the body ([`frontmatter`]);
//! - any other file: dated text, `date YYYY-MM-DD` then the body ([`dated`]).
//!
//! Reading never stops at a bad file: each problem becomes a [`Skip`] naming the file, the
//! line where it is known, and the reason, and the walk goes on.

pub mod dated;
pub mod frontmatter;
pub mod jsonl;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::date::DateError;

/// How many bytes at the start of a file are checked for NUL bytes to tell binary files apart.
const BINARY_SNIFF_BYTES: usize = 8192;

/// A file or record that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The file, relative to the corpus root (or as given when outside it).
    pub path: PathBuf,
    /// The 1-based line the problem is on, where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub reason: SkipReason,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a file or record could not be read as an article. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A NUL byte near the start: not a text file.
    #[error("binary file, not text: remove it from the corpus or ignore this warning")]
    Binary,
    /// Bytes that are not UTF-8.
    #[error("not valid UTF-8: convert the file to UTF-8 (e.g. with iconv)")]
    NotUtf8,
    /// No `date YYYY-MM-DD` where one is required.
    #[error("no date: a text article must start with `date YYYY-MM-DD` (front matter needs a `date:` line)")]
    NoDate,
    /// A date that is malformed, impossible or out of range.
    #[error("{0}: fix the date")]
    BadDate(DateError),
    /// Nothing but white space after the date or header.
    #[error("empty body: the article has a date but no text")]
    EmptyBody,
    /// A front-matter header that is not closed or has a malformed line.
    #[error("front matter: {0}")]
    FrontMatter(String),
    /// A JSON Lines record that is not valid JSON or lacks a required key.
    #[error("JSON Lines record: {0}")]
    Json(String),
    /// A JSON Lines `id` already used by an earlier article.
    #[error("duplicate article id `{id}` (first used by {first}): give each record its own id")]
    DuplicateId {
        /// The id used twice.
        id: String,
        /// Where it was first used.
        first: String,
    },
    /// A problem met while walking the folder (a symlink loop, a permission denied).
    #[error("cannot walk: {0}")]
    Walk(String),
}

/// What reading one corpus file gave: its articles and its problems.
#[derive(Debug, Default)]
pub struct FileArticles {
    /// The articles read, in file order.
    pub articles: Vec<Article>,
    /// The records or the file that were skipped.
    pub skipped: Vec<Skip>,
}

/// The files of a corpus folder, in a stable order (sorted by name, depth first).
///
/// Hidden files and folders (names starting with `.`) are left out. Symbolic links are
/// followed; a link loop is reported as a [`Skip`] and not followed again.
pub fn walk(root: &Path) -> impl Iterator<Item = Result<PathBuf, Skip>> + '_ {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |entry| match entry {
            Ok(entry) if entry.file_type().is_file() => Some(Ok(entry.into_path())),
            Ok(_) => None,
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                let path = relative(root, &path);
                let reason = match error.loop_ancestor() {
                    Some(ancestor) => format!("symbolic link loop back to {}", ancestor.display()),
                    None => error.io_error().map(|e| e.to_string()).unwrap_or_else(|| error.to_string()),
                };
                Some(Err(Skip { path, line: None, reason: SkipReason::Walk(reason) }))
            }
        })
}

/// `path` relative to `root`, or `path` itself when it is not under `root`.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// The article id of a file: its path relative to the corpus root, with `/` separators.
fn file_id(relative: &Path) -> String {
    let id = relative.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        id.into_owned()
    } else {
        id.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Reads one corpus file (at `root/relative`) into articles, choosing the format by name and content.
pub fn read_file(root: &Path, path: &Path) -> FileArticles {
    let relative = relative(root, path);
    let skip = |reason| FileArticles {
        articles: Vec::new(),
        skipped: vec![Skip { path: relative.clone(), line: None, reason }],
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return skip(SkipReason::Io(error.to_string())),
    };
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return skip(SkipReason::Binary);
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(error) => {
            let line = 1 + bytes[..error.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
            return FileArticles {
                articles: Vec::new(),
                skipped: vec![Skip { path: relative, line: Some(line), reason: SkipReason::NotUtf8 }],
            };
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let id = file_id(&relative);
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if extension == "jsonl" || extension == "ndjson" {
        return jsonl::read(text, &relative, &id);
    }
    let result = if frontmatter::is_front_matter(text) {
        frontmatter::read(text, &relative, &id)
    } else {
        dated::read(text, &relative, &id)
    };
    match result {
        Ok(article) => FileArticles { articles: vec![article], skipped: Vec::new() },
        Err((line, reason)) => {
            FileArticles { articles: Vec::new(), skipped: vec![Skip { path: relative, line, reason }] }
        }
    }
}

/// The 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Splits a metadata value holding several names (`a, b; c`) into trimmed, non-empty names.
pub(crate) fn split_names(value: &str) -> Vec<String> {
    let value = value.trim();
    let value = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(value);
    value
        .split([',', ';'])
        .map(|name| name.trim().trim_matches(|c| c == '"' || c == '\'').trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}
