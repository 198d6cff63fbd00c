//! The index folder during a run: creating or opening it, its writer lock and the note of who
//! holds it, what a stopped run left there, and the folder beside it that `--rebuild` fills.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use tantivy::IndexWriter;

use crate::analysis::pairs::{pairs_analyzer, PhraseWordsCell, PAIRS_ANALYZER};
use crate::analysis::{recording_analyzer, ANALYZER};
use crate::error::{Error, Result};
use crate::index::directory::{self, IndexDirectory, Wrap};
use crate::index::queue::Queued;
use crate::index::schema::{build_schema, Fields};
use crate::index::{io_error_of, open_index_dir, write_marker, IndexInfo, Opened, MARKER};

/// The zstd level of the document store. Level 1 builds 100,000 articles about 4% faster than
/// level 3 for an index under 2% larger; reading is as fast.
const STORE_ZSTD_LEVEL: i32 = 1;
/// The size of a document store block before compression.
const STORE_BLOCK_BYTES: usize = 16_384;

/// The index directory's sibling used by `--rebuild` while it builds.
pub(super) fn rebuild_dir(index_dir: &Path) -> PathBuf {
    let mut name = index_dir.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "index".into());
    name.push(".rebuild");
    index_dir.with_file_name(name)
}

/// Exchanges two directories: atomically where the platform can (Linux `renameat2`), else by
/// two renames.
pub(super) fn swap_dirs(built: &Path, live: &Path) -> std::io::Result<()> {
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
pub(super) fn lock(index: &tantivy::Index, dir: &Path, budget: usize) -> Result<IndexWriter<Queued>> {
    let writer = index.writer(budget).map_err(|e| lock_error(dir, e))?;
    note_writer(dir);
    Ok(writer)
}

/// The writer lock of an index folder taken without opening its index, with the note of the
/// process holding it; both go when it is dropped.
pub(super) struct FolderLock {
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
pub(super) fn lock_folder(dir: &Path) -> Result<FolderLock> {
    let directory = IndexDirectory::open(dir, None).map_err(|e| lock_error(dir, e.into()))?;
    let lock = tantivy::directory::Directory::acquire_lock(&directory, &tantivy::directory::INDEX_WRITER_LOCK)
        .map_err(|e| lock_error(dir, tantivy::TantivyError::LockFailure(e, None)))?;
    note_writer(dir);
    Ok(FolderLock { dir: dir.to_path_buf(), _lock: lock })
}

/// Names this process as the one writing to the index folder `dir`, for the message of a second
/// run. Only a hint (the lock is what counts): a stale note of a killed run is overwritten here.
fn note_writer(dir: &Path) {
    let _ = std::fs::write(dir.join(WRITER_PID), format!("{}\n", std::process::id()));
}

/// Forgets the process named as writer (best effort: the lock, not this file, is what counts).
pub(super) fn unlock_note(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(WRITER_PID));
}

/// Removes what killed or interrupted runs left in the index folder `dir`: segment files no
/// commit refers to, the temporary file of a commit record being written, and an unfinished
/// `--rebuild` folder. Runs under the writer lock, so nothing else writes.
pub(super) fn clean_leftovers(writer: &IndexWriter<Queued>, dir: &Path) -> Result<()> {
    writer.garbage_collect_files().wait()?;
    remove_temporary_files(dir)?;
    let stale = rebuild_dir(dir);
    if stale.exists() {
        std::fs::remove_dir_all(&stale).map_err(|source| Error::Io {
            action: "remove the unfinished rebuild",
            path: stale,
            source,
        })?;
    }
    Ok(())
}

/// Opens the index at `dir`, or creates it there, with the pair analyzer registered for
/// phrase words not yet set (the caller sets them before any passage is written), and the
/// word analyzer that records each passage's words for it. A folder of dateline's without a
/// commit (a first build that was stopped) is opened to be finished.
pub(super) fn open_or_create(dir: &Path, wrap: Option<&Wrap>) -> Result<OpenedForWriting> {
    let (index, directory, fields, info) = match open_index_dir(dir, wrap) {
        Ok(Opened { index, directory, fields, info, .. }) => (index, directory, fields, info),
        // Nothing there yet, or a first build stopped before it wrote its meta.json.
        Err(Error::IndexMissing { .. } | Error::NoCommit { .. }) => create(dir, wrap)?,
        Err(error) => return Err(error),
    };
    let phrase_words = PhraseWordsCell::default();
    index.tokenizers().register(ANALYZER, recording_analyzer());
    index.tokenizers().register(PAIRS_ANALYZER, pairs_analyzer(phrase_words.clone()));
    Ok(OpenedForWriting { index, directory, fields, info, phrase_words, text_bytes: AtomicU64::new(0) })
}

/// Creates an index in the folder `dir` (made if missing), marked as dateline's first.
fn create(dir: &Path, wrap: Option<&Wrap>) -> Result<(tantivy::Index, IndexDirectory, Fields, Option<IndexInfo>)> {
    std::fs::create_dir_all(dir).map_err(|source| match directory::is_not_writable(&source) {
        true => Error::ReadOnly { path: dir.to_path_buf(), reason: source.to_string() },
        false => Error::Io { action: "create", path: dir.to_path_buf(), source },
    })?;
    // First the marker, so that a run stopped from here on leaves a folder of dateline's.
    if !dir.join(MARKER).exists() {
        write_marker(dir)?;
    }
    let folder = IndexDirectory::open(dir, wrap).map_err(|e| Error::Tantivy(e.into()))?;
    let index = tantivy::Index::create(folder.clone(), build_schema(), index_settings()).map_err(|e| {
        match Error::Tantivy(e) {
            // Nothing of the run's corpus is known yet: no estimate of the room it needs.
            error if ran_out_of_space(&folder, &error) => {
                let file = folder.out_of_space();
                Error::OutOfSpace { path: dir.to_path_buf(), file, needed: 0, text: 0, committed: false, cleaned: true }
            }
            Error::Tantivy(e) => lock_error(dir, e),
            other => other,
        }
    })?;
    let fields = Fields::new(&index.schema()).expect("the built schema has every field");
    Ok((index, folder, fields, None))
}

/// Whether `error`, met writing through `folder`, comes of a full disk.
pub(super) fn ran_out_of_space(folder: &IndexDirectory, error: &Error) -> bool {
    folder.out_of_space().is_some()
        || matches!(error, Error::Tantivy(e) if io_error_of(e).is_some_and(directory::is_out_of_space))
        || matches!(error, Error::Io { source, .. } if directory::is_out_of_space(source))
}

/// The error of a failed `--rebuild`, told of the live index: a full disk there leaves the live
/// index as it was, and the unfinished rebuild beside it is removed.
pub(super) fn rebuild_failure(error: Error, built: &Path, live: &Path) -> Error {
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
pub(super) struct OpenedForWriting {
    pub(super) index: tantivy::Index,
    pub(super) directory: IndexDirectory,
    pub(super) fields: Fields,
    /// The record of its last commit, if it has one.
    pub(super) info: Option<IndexInfo>,
    pub(super) phrase_words: PhraseWordsCell,
    /// Bytes of text the run reads (known once the corpus is walked).
    pub(super) text_bytes: AtomicU64,
}

/// Removes the files a failed run wrote: every index file no commit refers to.
pub(super) fn remove_uncommitted(dir: &Path) -> Result<()> {
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
