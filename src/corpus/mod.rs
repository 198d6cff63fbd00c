//! Reading a corpus: walking its folder and turning each file into articles.
//!
//! A corpus is a folder of files in four formats, told apart per file:
//! - `.jsonl` / `.ndjson`: JSON Lines, one article per line ([`jsonl`]);
//! - `.csv` / `.tsv`: a table with a header row, one article per row ([`table`]);
//! - any other file whose first line is `---`: a front-matter header, then the body ([`frontmatter`]);
//! - any other file: dated text, `date YYYY-MM-DD` then the body ([`dated`]).
//!
//! Any of them may be compressed, with gzip (`.gz`) or zstd (`.zst`): `articles.jsonl.gz` is
//! read as JSON Lines, streamed through the decompressor in the same bounded memory as a plain
//! file, and its articles have the ids they would have uncompressed, under the file's own name
//! (`articles.jsonl.gz:12`).
//!
//! Reading never stops at a bad file: each problem becomes a [`Skip`] naming the file, the
//! line where it is known, and the reason, and the walk goes on.

pub mod dated;
pub mod encoding;
pub mod frontmatter;
pub mod jsonl;
pub mod table;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::date::DateError;

/// How many bytes at the start of a file are checked for NUL bytes to tell binary files apart.
pub(crate) const BINARY_SNIFF_BYTES: usize = 8192;

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

impl Skip {
    /// Where: the file, and its line when known (`exports/a.jsonl:12`).
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.reason)
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
    /// A file with nothing in it but white space.
    #[error("empty file: remove it, or write the article into it")]
    EmptyFile,
    /// Nothing but white space after the date or header.
    #[error("empty body: the article has a date but no text")]
    EmptyBody,
    /// A front-matter header that is not closed or has a malformed line.
    #[error("front matter: {0}")]
    FrontMatter(String),
    /// A JSON Lines record that is not valid JSON or lacks a required key.
    #[error("JSON Lines record: {0}")]
    Json(String),
    /// A CSV or TSV file or row that cannot be read as articles.
    #[error("table: {0}")]
    Table(String),
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
    /// An article (a one-article file or a JSON Lines line) over the size limit.
    #[error(
        "{bytes} bytes is more than the {limit}-byte limit for one article: split it, or raise the limit (ReadLimits::max_article_bytes)"
    )]
    TooLarge {
        /// Its size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
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

/// The article id of a file, and its key in the index manifest: its path relative to the
/// corpus root, with `/` separators.
pub(crate) fn file_id(relative: &Path) -> String {
    let id = relative.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        id.into_owned()
    } else {
        id.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Limits that keep memory bounded whatever the corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// The largest article read, in bytes: a larger one-article file is skipped without being
    /// read, and a longer JSON Lines line is skipped without being held in memory.
    pub max_article_bytes: u64,
    /// How many JSON Lines records are handed over at a time.
    pub records_per_chunk: usize,
}

/// The default largest article: 16 MiB, far above any news article.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 << 20;

impl Default for ReadLimits {
    fn default() -> ReadLimits {
        ReadLimits { max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES, records_per_chunk: 1000 }
    }
}

/// What reading one corpus file gave, beyond its articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// XXH3-64 of the file's bytes as read.
    pub hash: u64,
    /// How many records or files were skipped.
    pub skipped: usize,
    /// The encoding the file was decoded from, when it was not UTF-8 (`windows-1252`).
    pub decoded_from: Option<&'static str>,
    /// The format it was read in, once that is known (not for a file that could not be
    /// opened, or is empty or binary).
    pub format: Option<Format>,
}

/// The format a corpus file is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `date YYYY-MM-DD`, then the body ([`dated`]).
    DatedText,
    /// A `---` header of `key: value` lines, then the body ([`frontmatter`]).
    FrontMatter,
    /// One JSON record per line ([`jsonl`]).
    JsonLines,
    /// Comma-separated values with a header row ([`table`]).
    Csv,
    /// Tab-separated values with a header row ([`table`]).
    Tsv,
}

impl Format {
    /// Every format, in the order they are listed.
    pub const ALL: [Format; 5] = [Format::DatedText, Format::FrontMatter, Format::JsonLines, Format::Csv, Format::Tsv];

    /// Its name as dateline prints it: `dated text`, `front matter`, `JSON Lines`, `CSV`, `TSV`.
    pub fn name(self) -> &'static str {
        match self {
            Format::DatedText => "dated text",
            Format::FrontMatter => "front matter",
            Format::JsonLines => "JSON Lines",
            Format::Csv => "CSV",
            Format::Tsv => "TSV",
        }
    }

    /// The format of that name (see [`Format::name`]).
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }

    /// The format a streamed file (see [`is_streamed`]) is read in, by its name.
    fn of_streamed(path: &Path) -> Format {
        match table_delimiter(path) {
            Some(b'\t') => Format::Tsv,
            Some(_) => Format::Csv,
            None => Format::JsonLines,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How corpus files are read: size limits, table columns, encodings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The limits that keep memory bounded.
    pub limits: ReadLimits,
    /// The names of CSV and TSV columns beyond the common ones.
    pub columns: table::Columns,
    /// The encoding files are read in, when not their own.
    pub decoding: encoding::Decoding,
}

/// How a corpus file is compressed, by its last extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), one member or several.
    Gzip,
    /// zstd (`.zst`, `.zstd`).
    Zstd,
}

impl Compression {
    /// Its name (`gzip`, `zstd`), or `None` when the file is not compressed.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            Compression::Gzip => Some("gzip"),
            Compression::Zstd => Some("zstd"),
        }
    }

    /// The compression of the file at `path`, by its name.
    pub fn of(path: &Path) -> Compression {
        match extension(path).as_str() {
            "gz" => Compression::Gzip,
            "zst" | "zstd" => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// The file's last extension, lower-cased.
fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// The file's name without its compression extension: `articles.jsonl` for `articles.jsonl.gz`.
fn uncompressed_name(path: &Path) -> &Path {
    match Compression::of(path) {
        Compression::None => path,
        _ => path.file_stem().map_or(path, Path::new),
    }
}

/// Whether the file is read as JSON Lines (by its extension, under any compression).
pub fn is_json_lines(path: &Path) -> bool {
    matches!(extension(uncompressed_name(path)).as_str(), "jsonl" | "ndjson")
}

/// The delimiter of a table file (CSV or TSV, under any compression), or `None`.
fn table_delimiter(path: &Path) -> Option<u8> {
    table::delimiter(&extension(uncompressed_name(path)))
}

/// Whether the file is streamed in chunks of records (JSON Lines, CSV, TSV) rather than read
/// whole as one article.
pub fn is_streamed(path: &Path) -> bool {
    is_json_lines(path) || table_delimiter(path).is_some()
}

/// The file's bytes as a stream, decompressed on the fly.
pub(crate) fn open(path: &Path) -> std::io::Result<Box<dyn std::io::BufRead>> {
    use std::io::BufReader;
    // Large enough to hold the sample that tells the encoding (see encoding::Decoding::stream).
    let capacity = encoding::SAMPLE_BYTES;
    let file = std::fs::File::open(path)?;
    Ok(match Compression::of(path) {
        Compression::None => Box::new(BufReader::with_capacity(capacity, file)),
        Compression::Gzip => {
            Box::new(BufReader::with_capacity(capacity, flate2::read::MultiGzDecoder::new(BufReader::new(file))))
        }
        Compression::Zstd => Box::new(BufReader::with_capacity(capacity, zstd::stream::read::Decoder::new(file)?)),
    })
}

/// A compressed one-article file's bytes, decompressed, or why not: its size beyond `limit`
/// is known once `limit + 1` bytes are read, without holding more.
fn read_compressed(path: &Path, limit: u64) -> Result<Vec<u8>, SkipReason> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let stream = open(path).map_err(|error| SkipReason::Io(error.to_string()))?;
    stream
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| SkipReason::Io(format!("cannot decompress it ({error}): check that it is whole")))?;
    if bytes.len() as u64 > limit {
        return Err(SkipReason::TooLarge { bytes: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Reads one corpus file (at `root/relative`) into articles, choosing the format by name and content.
pub fn read_file(root: &Path, path: &Path) -> FileArticles {
    let mut result = FileArticles::default();
    read_file_chunked(root, path, ReadLimits::default(), &mut |articles, skipped| {
        result.articles.extend(articles);
        result.skipped.extend(skipped);
    });
    result
}

/// Reads one corpus file and hands its articles and skips to `chunk` as they are read: all at
/// once for a one-article file, `records_per_chunk` at a time for JSON Lines and tables, so
/// that memory stays bounded for files of any size. Returns the file's hash and skip count.
pub fn read_file_chunked(
    root: &Path,
    path: &Path,
    limits: ReadLimits,
    chunk: &mut dyn FnMut(Vec<Article>, Vec<Skip>),
) -> FileSummary {
    read_file_with(root, path, &ReadOptions { limits, ..ReadOptions::default() }, chunk)
}

/// [`read_file_chunked`], read as `options` say (table columns, encodings).
pub fn read_file_with(
    root: &Path,
    path: &Path,
    options: &ReadOptions,
    chunk: &mut dyn FnMut(Vec<Article>, Vec<Skip>),
) -> FileSummary {
    let (limits, columns, decoding) = (options.limits, &options.columns, options.decoding);
    let relative = relative(root, path);
    let mut skip = |line, reason| {
        chunk(Vec::new(), vec![Skip { path: relative.clone(), line, reason }]);
        FileSummary { hash: 0, skipped: 1, ..FileSummary::default() }
    };
    let size = match std::fs::metadata(path) {
        Ok(metadata) => metadata.len(),
        Err(error) => return skip(None, SkipReason::Io(error.to_string())),
    };
    if is_streamed(path) {
        let (stream, encoding, decoded) = match open(path).and_then(|stream| decoding.stream(stream)) {
            Ok(opened) => opened,
            Err(error) => return skip(None, SkipReason::Io(error.to_string())),
        };
        let id = file_id(&relative);
        let mut summary = match table_delimiter(path) {
            Some(delimiter) => table::read_stream(stream, delimiter, columns, &relative, &id, limits, chunk),
            None => jsonl::read_stream(stream, &relative, &id, limits, chunk),
        };
        summary.decoded_from = decoded_from(encoding);
        summary.format = Some(Format::of_streamed(path));
        if decoded {
            // The readers hash what they read, here the decoded text; the nightly check hashes
            // the file's content as stored (`index::manifest::hash_file`), so this is that.
            if let Ok(hash) = crate::index::manifest::hash_file(path) {
                summary.hash = hash;
            }
        }
        return summary;
    }
    let read = if Compression::of(path) == Compression::None {
        if size > limits.max_article_bytes {
            return skip(None, SkipReason::TooLarge { bytes: size, limit: limits.max_article_bytes });
        }
        std::fs::read(path).map_err(|error| SkipReason::Io(error.to_string()))
    } else {
        read_compressed(path, limits.max_article_bytes)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(reason) => return skip(None, reason),
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let mut summary = FileSummary { hash, skipped: 1, ..FileSummary::default() };
    let reason = match parse_article(&bytes, &relative, decoding, &mut summary) {
        Ok(article) => {
            summary.skipped = 0;
            chunk(vec![article], Vec::new());
            return summary;
        }
        Err(reason) => reason,
    };
    chunk(Vec::new(), vec![Skip { path: relative, line: reason.0, reason: reason.1 }]);
    summary
}

/// The encoding to report a file as decoded from: any but UTF-8.
fn decoded_from(encoding: &'static encoding_rs::Encoding) -> Option<&'static str> {
    (encoding != encoding_rs::UTF_8).then(|| encoding::name(encoding))
}

/// Parses the bytes of a one-article file (dated text or front matter), decoded as
/// `decoding` says; the encoding it was decoded from, if not UTF-8, and its format go into
/// `summary`.
fn parse_article(
    bytes: &[u8],
    relative: &Path,
    decoding: encoding::Decoding,
    summary: &mut FileSummary,
) -> Result<Article, (Option<usize>, SkipReason)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((None, SkipReason::EmptyFile));
    }
    if encoding::is_binary(&bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]) {
        return Err((None, SkipReason::Binary));
    }
    let (text, encoding) = decoding.decode(bytes);
    summary.decoded_from = decoded_from(encoding);
    let text = text.as_ref();
    let id = file_id(relative);
    if frontmatter::is_front_matter(text) {
        summary.format = Some(Format::FrontMatter);
        frontmatter::read(text, relative, &id)
    } else {
        summary.format = Some(Format::DatedText);
        dated::read(text, relative, &id)
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
