//! The index folder as tantivy sees it: tantivy's memory-mapped directory, with two things
//! added that make accidents survivable.
//!
//! - **Reading needs no write.** tantivy takes a lock file (`.tantivy-meta.lock`) whenever a
//!   reader opens or reloads, which fails on a read-only mount or in a folder the user cannot
//!   write (a lab's shared archive). The lock keeps a writer's clean-up from removing files a
//!   reader is about to open; where this process cannot create it, the reader goes on without
//!   it, and [`crate::Index::open`] retries an open that lost such a race.
//! - **A full disk is remembered.** The first write that fails for lack of space records the
//!   file it was writing, so that the run can say what it was writing instead of an error that
//!   tantivy's threads may have turned into text.
//!
//! Tests can put a fault-injecting directory underneath (see `fault` in the tests below).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr, META_LOCK,
};

/// Whether an I/O error means the device has no room left (full, or over the user's quota).
pub(crate) fn is_out_of_space(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded)
}

/// Whether an I/O error means this process may not write there (a read-only mount, a folder
/// without write permission).
pub(crate) fn is_not_writable(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied)
}

/// Puts a directory around another.
type WrapFn = dyn Fn(Box<dyn Directory>) -> Box<dyn Directory> + Send + Sync;

/// Wraps the directory underneath an [`IndexDirectory`] (tests inject faults this way).
#[derive(Clone)]
pub(crate) struct Wrap(pub(crate) Arc<WrapFn>);

impl std::fmt::Debug for Wrap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Wrap(..)")
    }
}

/// An index folder opened for tantivy.
#[derive(Clone, Debug)]
pub(crate) struct IndexDirectory {
    inner: Box<dyn Directory>,
    /// The folder, when `inner` is the plain memory-mapped directory (not wrapped by a test).
    plain: Option<PathBuf>,
    /// The file whose write first failed for lack of space, shared by every clone.
    out_of_space: Arc<Mutex<Option<PathBuf>>>,
}

impl IndexDirectory {
    /// Opens the folder at `path`, which must exist.
    pub(crate) fn open(path: &Path, wrap: Option<&Wrap>) -> Result<IndexDirectory, OpenDirectoryError> {
        let mmap: Box<dyn Directory> = Box::new(MmapDirectory::open(path)?);
        let (inner, plain) = match wrap {
            Some(wrap) => ((wrap.0)(mmap), None),
            None => (mmap, Some(path.to_path_buf())),
        };
        Ok(IndexDirectory { inner, plain, out_of_space: Arc::default() })
    }

    /// The file whose write first failed for lack of space, if one did.
    pub(crate) fn out_of_space(&self) -> Option<PathBuf> {
        self.out_of_space.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn note(&self, path: &Path, error: &io::Error) {
        note_out_of_space(&self.out_of_space, path, error);
    }
}

fn note_out_of_space(slot: &Mutex<Option<PathBuf>>, path: &Path, error: &io::Error) {
    if is_out_of_space(error) {
        slot.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(|| path.to_path_buf());
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let inner = self.inner.open_write(path).inspect_err(|e| {
            if let OpenWriteError::IoError { io_error, .. } = e {
                self.note(path, io_error);
            }
        })?;
        let inner =
            inner.into_inner().map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), path.to_path_buf()))?;
        let watched = WatchedWrite { inner, path: path.to_path_buf(), out_of_space: self.out_of_space.clone() };
        Ok(BufWriter::new(Box::new(watched)))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    /// As tantivy's: a temporary file, synced, renamed over the target, the folder synced. But
    /// the file gets the permissions any new file of the folder gets (tantivy's temporary files
    /// are readable by their owner only, which locks other users out of a shared index).
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let Some(folder) = &self.plain else {
            return self.inner.atomic_write(path, data).inspect_err(|e| self.note(path, e));
        };
        let write = || -> io::Result<()> {
            let mut builder = tempfile::Builder::new();
            // What `File::create` asks for; the process's umask takes its part.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let mut file = builder.tempfile_in(folder)?;
            file.write_all(data)?;
            file.flush()?;
            file.as_file().sync_data()?;
            file.persist(folder.join(path)).map_err(|e| e.error)?;
            self.inner.sync_directory()
        };
        write().inspect_err(|e| self.note(path, e))
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    /// The writer's lock as tantivy takes it. The readers' lock is skipped where this process
    /// cannot create its file: no writer can be working through this process's view of the
    /// folder, and [`crate::Index::open`] retries the rare open that a writer elsewhere raced.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(error)) if lock.filepath == META_LOCK.filepath && is_not_writable(&error) => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file being written, whose first out-of-space failure is recorded.
struct WatchedWrite {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    path: PathBuf,
    out_of_space: Arc<Mutex<Option<PathBuf>>>,
}

impl WatchedWrite {
    fn watch<T>(&self, result: io::Result<T>) -> io::Result<T> {
        result.inspect_err(|e| note_out_of_space(&self.out_of_space, &self.path, e))
    }
}

impl Write for WatchedWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let result = self.inner.write_all(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

impl TerminatingWrite for WatchedWrite {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        let result = self.inner.terminate_ref(token);
        self.watch(result)
    }
}
