//! The on-disk index: its layout, how it is opened and checked, and how it is built.
//!
//! An index is a tantivy index directory whose commit payload is an [`IndexInfo`] record. A
//! folder dateline creates is marked (`dateline-index.json`) before anything is written, so a
//! first build that was stopped before its commit is known as dateline's and finished by the
//! next run. A folder that is not dateline's, or whose layout differs from this build's, is
//! refused rather than guessed at; an error met in the files of one that is, is told as damage
//! naming the file.

pub(crate) mod copies;
#[cfg(test)]
mod crash_tests;
mod directory;
#[cfg(test)]
mod fault;
pub(crate) mod keys;
pub mod manifest;
mod queue;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexReader, ReloadPolicy, Searcher, Term};

use crate::analysis::pairs::PhraseWords;
use crate::analysis::{analyzer, ANALYZER};
use crate::article::ArticleMeta;
use crate::date::Date;
use crate::error::{Error, Result};
pub(crate) use directory::{IndexDirectory, Wrap};
use schema::{build_schema, schema_version, Fields};

/// What an index holds, recorded atomically with each commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
    /// Those files by format, compression and the encoding they were decoded from.
    #[serde(flatten)]
    pub file_counts: manifest::FileCounts,
    /// Fingerprint of the corpus content the index reflects (XXH3-64 over every file's
    /// path and content hash): equal fingerprints mean the same files with the same bytes.
    pub fingerprint: String,
    /// Files or records skipped in the run that made the commit.
    pub skipped: u64,
    /// The words whose adjacent pairs the index holds as terms of their own, for fast phrases
    /// (see ARCHITECTURE.md): chosen from the first passages the index was given,
    /// most frequent first; empty while it has none.
    #[serde(default)]
    pub phrase_words: Vec<String>,
    /// The containment from which two articles are copies of one story (see
    /// [`crate::duplicates`]): the index's clusters were made with it.
    #[serde(default = "default_copy_threshold")]
    pub copy_threshold: f32,
    /// Clusters of near-duplicate articles (stories with more than one article).
    #[serde(default)]
    pub copy_clusters: u64,
    /// Articles in those clusters, their representatives included.
    #[serde(default)]
    pub copy_articles: u64,
    /// Articles in the index (counted when the index is opened; not part of the commit record).
    #[serde(skip_serializing, default)]
    pub articles: u64,
    /// Passages in the index (counted when the index is opened; not part of the commit record).
    #[serde(skip_serializing, default)]
    pub passages: u64,
}

fn default_copy_threshold() -> f32 {
    crate::duplicates::DEFAULT_THRESHOLD
}

/// An article's metadata as stored once per article, as JSON in the article document's
/// `record` field (passage documents store only their own text and place): the stored form of
/// [`ArticleMeta`], read into one with `into()` and nowhere else.
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

impl ArticleRecord {
    /// The record of an article, with the countries and speakers it is indexed under.
    pub(crate) fn new(article: &ArticleMeta, countries: Vec<String>, speakers: Vec<String>) -> ArticleRecord {
        ArticleRecord {
            id: article.id.clone(),
            path: article.path.to_string_lossy().into_owned(),
            line: article.line.map(|line| line as u64),
            date: article.date,
            title: article.title.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            countries,
            speakers,
        }
    }
}

impl From<ArticleRecord> for ArticleMeta {
    fn from(record: ArticleRecord) -> ArticleMeta {
        ArticleMeta {
            id: record.id,
            date: record.date,
            title: record.title,
            path: record.path.into(),
            line: record.line.map(|line| line as usize),
            source: record.source,
            url: record.url,
            countries: record.countries,
            speakers: record.speakers,
            cluster: None,
        }
    }
}

/// An open, checked index at one commit, for reading: the layer under
/// [`crate::search::Index`], which adds what searching keeps between searches.
pub(crate) struct Reader {
    pub(crate) path: PathBuf,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) info: IndexInfo,
    /// `info.phrase_words`, ready for the query compiler.
    pub(crate) phrase_words: PhraseWords,
    /// The segments of the commit.
    pub(crate) segments: usize,
    /// The commit's `meta.json`, to tell whether a reload finds another.
    meta: Vec<u8>,
}

/// Counts the live documents of one kind.
pub(crate) fn count(searcher: &Searcher, fields: &Fields, kind: &str) -> Result<u64> {
    let query = TermQuery::new(Term::from_field_text(fields.kind, kind), IndexRecordOption::Basic);
    Ok(searcher.search(&query, &Count)? as u64)
}

/// Whether `path` is a directory with nothing in it.
fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

/// The file that marks a folder as a dateline index from the moment dateline creates it, before
/// its first commit: such a folder is never refused as someone else's.
pub(crate) const MARKER: &str = "dateline-index.json";

/// Writes the marker file into the index folder `dir`.
pub(crate) fn write_marker(dir: &Path) -> Result<()> {
    let marker = serde_json::json!({
        "what": "a dateline index: search it with `dateline search`, update it with `dateline index`",
        "created_by": concat!("dateline ", env!("CARGO_PKG_VERSION")),
    });
    let path = dir.join(MARKER);
    std::fs::write(&path, format!("{marker:#}\n")).map_err(|source| Error::Io { action: "write", path, source })
}

/// Whether the folder holds files of segments (named `<segment id>.<component>`).
fn has_segment_files(path: &Path) -> bool {
    let is_segment_file = |name: &str| {
        name.split_once('.').is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().any(|entry| is_segment_file(&entry.file_name().to_string_lossy())))
        .unwrap_or(false)
}

/// An index folder opened and checked: its layout is this build's, and it is dateline's.
pub(crate) struct Opened {
    pub(crate) index: tantivy::Index,
    pub(crate) directory: IndexDirectory,
    pub(crate) fields: Fields,
    /// The record of its last commit; `None` while it has none (a first build that is running
    /// or was interrupted).
    pub(crate) info: Option<IndexInfo>,
    /// The bytes of `meta.json` that `info` was read from.
    pub(crate) meta: Vec<u8>,
}

/// Opens the tantivy index at `path` and checks that it is a dateline index of this layout.
/// An index of dateline's without a commit yet is opened with no [`IndexInfo`].
///
/// A folder is dateline's when it holds the [`MARKER`], a commit record, or (for indexes whose
/// first build was interrupted before the marker existed) an uncommitted index of exactly this
/// layout. A folder that is not dateline's is refused as [`Error::NotAnIndex`], never called
/// damaged: the advice to rebuild would replace it.
pub(crate) fn open_index_dir(path: &Path, wrap: Option<&Wrap>) -> Result<Opened> {
    if !path.exists() || is_empty_dir(path) {
        return Err(Error::IndexMissing { path: path.to_path_buf() });
    }
    if !path.is_dir() {
        return Err(Error::NotAnIndex { path: path.to_path_buf(), reason: "it is a file".into() });
    }
    let marked = path.join(MARKER).exists();
    if !path.join("meta.json").exists() {
        if marked && has_segment_files(path) {
            let reason = "meta.json is missing".to_string();
            return Err(Error::Damaged { path: path.to_path_buf(), reason });
        }
        if marked {
            return Err(Error::NoCommit { path: path.to_path_buf() });
        }
        let reason = "it has files but no meta.json".to_string();
        return Err(Error::NotAnIndex { path: path.to_path_buf(), reason });
    }
    let unreadable = |error: tantivy::TantivyError| read_error(path, marked, error);
    let directory = IndexDirectory::open(path, wrap).map_err(|e| unreadable(e.into()))?;
    // Read before tantivy reads it: if it changes meanwhile, a reader compares and retries.
    let meta = read_meta(&directory).map_err(unreadable)?;
    let index = tantivy::Index::open(directory.clone()).map_err(unreadable)?;
    index.tokenizers().register(ANALYZER, analyzer());
    let metas = MetaSummary::of(&meta).map_err(unreadable)?;
    let same_layout = index.schema() == build_schema();
    let info = match metas.payload {
        Some(payload) => Some(commit_record(&payload, path, marked)?),
        // Segments are committed with a record; without one, meta.json was tampered with.
        None if metas.segments > 0 && (marked || same_layout) => {
            let reason = "meta.json lists segments but has no commit record".to_string();
            return Err(Error::Damaged { path: path.to_path_buf(), reason });
        }
        None if marked || same_layout => None,
        None => {
            let reason = "a tantivy index without dateline's commit record".to_string();
            return Err(Error::NotAnIndex { path: path.to_path_buf(), reason });
        }
    };
    if !same_layout {
        let expected = schema_version();
        let found = format!("{expected} with a different field layout");
        return Err(Error::IncompatibleSchema { path: path.to_path_buf(), found, expected });
    }
    let fields = Fields::new(&index.schema())
        .map_err(|reason| Error::Damaged { path: path.to_path_buf(), reason: format!("meta.json: {reason}") })?;
    Ok(Opened { index, directory, fields, info, meta })
}

/// The bytes of the index's `meta.json`: which commit, and which segments, a reader sees.
fn read_meta(directory: &dyn tantivy::directory::Directory) -> tantivy::Result<Vec<u8>> {
    Ok(directory.atomic_read(Path::new("meta.json"))?)
}

/// What dateline reads of `meta.json` itself: the commit record and whether there are segments
/// (tantivy reads the rest; this parse skips the schema, which is most of the file).
#[derive(Deserialize)]
struct MetaSummary {
    #[serde(default)]
    payload: Option<String>,
    #[serde(default, deserialize_with = "count_items")]
    segments: usize,
}

impl MetaSummary {
    fn of(meta: &[u8]) -> tantivy::Result<MetaSummary> {
        serde_json::from_slice(meta).map_err(|e| {
            let corruption = tantivy::error::DataCorruption::new(PathBuf::from("meta.json"), e.to_string());
            tantivy::TantivyError::DataCorruption(corruption)
        })
    }
}

/// The number of items of a JSON array, without keeping them.
fn count_items<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<usize, D::Error> {
    Ok(Vec::<serde::de::IgnoredAny>::deserialize(deserializer)?.len())
}

/// The error for an index folder that tantivy could not read: permission to read it is the
/// user's to fix, anything else is damage to a folder of dateline's, or a folder that is not
/// dateline's at all.
pub(crate) fn read_error(path: &Path, dateline_s: bool, error: tantivy::TantivyError) -> Error {
    if let Some(io) = io_error_of(&error).filter(|io| io.kind() == std::io::ErrorKind::PermissionDenied) {
        let source = std::io::Error::new(io.kind(), io.to_string());
        return Error::Io { action: "read the index at", path: path.to_path_buf(), source };
    }
    if dateline_s {
        Error::Damaged { path: path.to_path_buf(), reason: damage(&error) }
    } else {
        Error::NotAnIndex { path: path.to_path_buf(), reason: damage(&error) }
    }
}

/// The I/O error inside a tantivy error, if there is one.
pub(crate) fn io_error_of(error: &tantivy::TantivyError) -> Option<&std::io::Error> {
    use tantivy::directory::error::{OpenDirectoryError, OpenReadError, OpenWriteError};
    use tantivy::TantivyError as T;
    match error {
        T::IoError(io) => Some(io),
        T::OpenReadError(OpenReadError::IoError { io_error, .. }) => Some(io_error),
        T::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => Some(io_error),
        T::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => Some(io_error),
        T::LockFailure(tantivy::directory::error::LockError::IoError(io), _) => Some(io),
        _ => None,
    }
}

/// What is wrong with an index's files, naming the file where tantivy says which.
pub(crate) fn damage(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    let name =
        |file: &Path| file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into());
    match error {
        T::OpenReadError(OpenReadError::FileDoesNotExist(file)) => format!("{} is missing", name(file)),
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => match io_error.kind() {
            // tantivy checks each file's footer as it opens it: a file cut short or overwritten
            // fails there.
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
                format!("{} is truncated or overwritten", name(filepath))
            }
            _ => format!("{} cannot be read: {io_error}", name(filepath)),
        },
        T::OpenReadError(OpenReadError::IncompatibleIndex(incompatibility)) => {
            format!("a file is not in tantivy's format ({incompatibility:?})")
        }
        // Its Debug form names the file: "Data corruption (in file `…`): …", and may go on
        // with the whole content of the file.
        T::DataCorruption(corruption) => {
            let text = format!("{corruption:?}");
            let text = text.split(" Content:").next().unwrap_or_default();
            text.chars().take(300).collect()
        }
        other => other.to_string(),
    }
}

/// The first file of the index's segments that is missing or whose footer is not tantivy's
/// (cut short or overwritten), for an error that did not say which file it met.
fn find_damaged_file(index: &tantivy::Index) -> Option<String> {
    const COMPONENTS: [&str; 6] = ["term", "idx", "pos", "store", "fast", "fieldnorm"];
    let metas = index.searchable_segment_metas().ok()?;
    for meta in metas {
        for component in COMPONENTS {
            let file = PathBuf::from(format!("{}.{component}", meta.id().uuid_string()));
            if let Err(error) = tantivy::directory::Directory::open_read(index.directory(), &file) {
                return Some(damage(&error.into()));
            }
        }
    }
    None
}

/// An error met reading the index at `path`, told as damage, with the file where it can be
/// found, when tantivy met it in the index's files.
pub(crate) fn as_damage(path: &Path, index: &tantivy::Index, error: Error) -> Error {
    match error {
        Error::Tantivy(error) if is_damage(&error) => match find_damaged_file(index) {
            Some(reason) => Error::Damaged { path: path.to_path_buf(), reason },
            None => read_error(path, true, error),
        },
        other => other,
    }
}

impl Reader {
    /// Runs a read of the index, telling an error that tantivy met in its files as damage.
    pub(crate) fn reading<T>(&self, read: impl FnOnce() -> Result<T>) -> Result<T> {
        read().map_err(|error| as_damage(&self.path, self.reader.searcher().index(), error))
    }
}

/// Whether a tantivy error met while reading means the index's files are not as written.
fn is_damage(error: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError as T;
    matches!(error, T::DataCorruption(_) | T::OpenReadError(_) | T::IoError(_) | T::IncompatibleIndex(_))
}

/// How often opening or reloading an index is tried when a run of `dateline index` changed it
/// underneath (a commit between reading its record and opening its segments, or a clean-up that
/// removed a segment just listed).
const OPEN_ATTEMPTS: u32 = 5;

/// Runs `open` (which opens a reader on the index's segments) until the segments it opened are
/// those of one commit: `meta.json` is the same before and after, and no segment file vanished
/// on the way. `known` is `meta.json` as read before the index was opened, if it was. Returns
/// what `open` returned and the `meta.json` it saw.
fn retry_raced<T>(
    path: &Path,
    index: &tantivy::Index,
    mut known: Option<Vec<u8>>,
    mut open: impl FnMut() -> tantivy::Result<T>,
) -> Result<(T, Vec<u8>)> {
    let meta = || read_meta(index.directory());
    let mut attempt = 1;
    loop {
        // The first time, `meta.json` as read just before the index was opened, if known.
        let result = known.take().map_or_else(meta, Ok).and_then(|before| {
            let value = open()?;
            let after = meta()?;
            Ok((value, before == after, after))
        });
        match result {
            Ok((value, true, after)) => return Ok((value, after)),
            Ok((_, false, _)) if attempt < OPEN_ATTEMPTS => {}
            Err(error) if attempt < OPEN_ATTEMPTS && is_missing_file(&error) => {}
            Ok((value, false, after)) => return Ok((value, after)),
            Err(error) => return Err(read_error(path, true, error)),
        }
        attempt += 1;
        std::thread::sleep(std::time::Duration::from_millis(20 * u64::from(attempt)));
    }
}

/// Whether tantivy failed because a file it was told of is not there.
fn is_missing_file(error: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::OpenReadError;
    matches!(error, tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_)))
        || io_error_of(error).is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

/// The commit record in the payload of the index at `path`, checked to be of this build's
/// layout version. A payload that is not a commit record of dateline's makes the folder
/// damaged when it is `marked` as dateline's, and not an index of dateline's otherwise.
pub(crate) fn commit_record(payload: &str, path: &Path, marked: bool) -> Result<IndexInfo> {
    let damaged = |e: &dyn std::fmt::Display| Error::Damaged { path: path.to_path_buf(), reason: e.to_string() };
    #[derive(Deserialize)]
    struct VersionOnly {
        schema_version: u32,
    }
    let version: VersionOnly = match serde_json::from_str(payload) {
        Ok(version) => version,
        Err(e) if marked => return Err(damaged(&format!("commit record in meta.json: {e}"))),
        Err(_) => {
            let reason = "a tantivy index without dateline's commit record".to_string();
            return Err(Error::NotAnIndex { path: path.to_path_buf(), reason });
        }
    };
    let expected = schema_version();
    if version.schema_version != expected {
        let found = version.schema_version.to_string();
        return Err(Error::IncompatibleSchema { path: path.to_path_buf(), found, expected });
    }
    serde_json::from_str(payload).map_err(|e| damaged(&format!("commit record in meta.json: {e}")))
}

impl Reader {
    /// Opens the index at `path` at its last commit (see [`crate::Index::open`]).
    pub(crate) fn open(path: &Path) -> Result<Reader> {
        let Opened { index, fields, info, meta, .. } = open_index_dir(path, None)?;
        let info = info.ok_or_else(|| Error::NoCommit { path: path.to_path_buf() })?;
        let open = || index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into();
        let (reader, seen): (IndexReader, _) = retry_raced(path, &index, Some(meta.clone()), open)?;
        let mut opened = Reader {
            path: path.to_path_buf(),
            reader,
            fields,
            phrase_words: PhraseWords::new(Vec::new()),
            info,
            segments: 0,
            meta: Vec::new(),
        };
        // The record read on opening is the reader's unless a commit came in between.
        let known = (seen == meta).then_some(opened.info.clone());
        opened.take_commit(seen, known)?;
        Ok(opened)
    }

    /// Moves to the index's newest commit (see [`crate::Index::reload`]); whether there was one.
    pub(crate) fn reload(&mut self) -> Result<bool> {
        let index = self.reader.searcher().index().clone();
        let ((), seen) = retry_raced(&self.path, &index, None, || self.reader.reload())?;
        if seen == self.meta {
            return Ok(false);
        }
        let before = (self.info.committed_at.clone(), self.info.fingerprint.clone());
        self.take_commit(seen, None)?;
        Ok((self.info.committed_at.clone(), self.info.fingerprint.clone()) != before)
    }

    /// Takes what the reader's commit (whose `meta.json` is `meta`) holds: its record (`known`,
    /// or read here), its counts and its phrase words.
    fn take_commit(&mut self, meta: Vec<u8>, known: Option<IndexInfo>) -> Result<()> {
        let (info, segments) = self.reading(|| self.read_commit(&meta, known))?;
        self.segments = segments;
        self.phrase_words = PhraseWords::new(info.phrase_words.clone());
        self.info = info;
        self.meta = meta;
        Ok(())
    }

    /// The reader's commit record with its counts, and its number of segments.
    fn read_commit(&self, meta: &[u8], known: Option<IndexInfo>) -> Result<(IndexInfo, usize)> {
        let searcher = self.reader.searcher();
        let info = match known {
            Some(info) => info,
            None => {
                // Another commit: perhaps of another layout (a --rebuild by another version).
                let unreadable = |error| read_error(&self.path, true, error);
                if searcher.index().load_metas().map_err(unreadable)?.schema != build_schema() {
                    let expected = schema_version();
                    let found = format!("{expected} with a different field layout");
                    return Err(Error::IncompatibleSchema { path: self.path.clone(), found, expected });
                }
                let payload = MetaSummary::of(meta).map_err(unreadable)?.payload;
                let payload = payload.ok_or_else(|| Error::NoCommit { path: self.path.clone() })?;
                commit_record(&payload, &self.path, true)?
            }
        };
        let count = |kind| count(&searcher, &self.fields, kind);
        let (articles, passages) = (count(schema::KIND_ARTICLE)?, count(schema::KIND_PASSAGE)?);
        Ok((IndexInfo { articles, passages, ..info }, searcher.segment_readers().len()))
    }

    /// How the corpus under `root` differs from what the index holds (see
    /// [`crate::Index::changes`]).
    pub(crate) fn changes(&self, root: &Path) -> Result<manifest::Changes> {
        std::fs::read_dir(root).map_err(|source| Error::Corpus { path: root.to_path_buf(), source })?;
        let manifest = self.reading(|| manifest::Manifest::load(&self.reader.searcher(), &self.fields))?;
        Ok(manifest::compare(&manifest, root))
    }
}
