//! A directory that fails on purpose, for the crash and full-disk tests.
//!
//! Every change it is asked to make (a file opened for writing, each write, flush and close,
//! an atomic write, a delete, a directory sync) is counted. Two faults can be set:
//! - **kill** at change `n`: that change is cut short (a write lands half its bytes) and it and
//!   every later change fail, as if the process had died there: the disk keeps exactly what
//!   was written before. Reads still work; a dead process's reads change nothing.
//! - **full** after `n` bytes: writes beyond fail with `ENOSPC`, as on a full disk; deletes
//!   still work, as they do there.
//!
//! The test tells it which phase of the run is going on, so each kill can be reported by phase.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
};

use super::directory::Wrap;

/// The phases of a run a kill can land in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// Opening, reading the corpus and writing documents.
    Writing = 0,
    /// From the end of writing until the commit is made.
    Commit = 1,
    /// After the commit: the merges it started.
    Merge = 2,
}

/// The faults of one run, shared by the directory and the test.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    changes: AtomicU64,
    /// The change that kills, counting from 1; 0 for none.
    kill_at: AtomicU64,
    /// Bytes that may be written before the disk is full; 0 for no limit.
    full_after: AtomicU64,
    written: AtomicU64,
    dead: AtomicBool,
    phase: AtomicU8,
    /// The phase the kill landed in.
    killed_in: Mutex<Option<Phase>>,
    /// The phase of each change so far.
    phases: Mutex<Vec<Phase>>,
}

impl Faults {
    /// Faults that kill at change `n` (counting from 1).
    pub(crate) fn kill_at(n: u64) -> Arc<Faults> {
        let faults = Faults::default();
        faults.kill_at.store(n, Ordering::SeqCst);
        Arc::new(faults)
    }

    /// Faults that fill the disk after `bytes` bytes.
    pub(crate) fn full_after(bytes: u64) -> Arc<Faults> {
        let faults = Faults::default();
        faults.full_after.store(bytes, Ordering::SeqCst);
        Arc::new(faults)
    }

    /// No faults: counts changes only.
    pub(crate) fn none() -> Arc<Faults> {
        Arc::new(Faults::default())
    }

    /// The wrapper that puts these faults under an index folder.
    pub(crate) fn wrap(self: &Arc<Faults>) -> Wrap {
        let faults = self.clone();
        Wrap(Arc::new(move |inner| Box::new(FaultDirectory { inner, faults: faults.clone() })))
    }

    pub(crate) fn set_phase(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }

    /// The phase of a change made now: a change by one of tantivy's merge threads is a
    /// merge's, whenever it runs; any other is of the phase the run is in.
    fn phase(&self) -> Phase {
        if std::thread::current().name().is_some_and(|name| name.starts_with("merge_thread")) {
            return Phase::Merge;
        }
        match self.phase.load(Ordering::SeqCst) {
            0 => Phase::Writing,
            1 => Phase::Commit,
            _ => Phase::Merge,
        }
    }

    /// The phase of each change counted so far.
    pub(crate) fn phases(&self) -> Vec<Phase> {
        self.phases.lock().unwrap().clone()
    }

    /// Changes counted so far.
    pub(crate) fn changes(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    /// Where the kill landed, if it did.
    pub(crate) fn killed_in(&self) -> Option<Phase> {
        *self.killed_in.lock().unwrap()
    }

    /// Counts a change; `Err` if the process is dead by now. `Ok(true)` for the change that kills.
    fn change(&self) -> io::Result<bool> {
        if self.dead.load(Ordering::SeqCst) {
            return Err(io::Error::other("killed (injected)"));
        }
        let n = self.changes.fetch_add(1, Ordering::SeqCst) + 1;
        self.phases.lock().unwrap().push(self.phase());
        let kill_at = self.kill_at.load(Ordering::SeqCst);
        if kill_at != 0 && n >= kill_at {
            self.dead.store(true, Ordering::SeqCst);
            self.killed_in.lock().unwrap().get_or_insert(self.phase());
            return Ok(true);
        }
        Ok(false)
    }

    /// Takes `bytes` of the disk; `Err(ENOSPC)` when they do not fit.
    fn take(&self, bytes: u64) -> io::Result<()> {
        let limit = self.full_after.load(Ordering::SeqCst);
        if limit == 0 {
            return Ok(());
        }
        let before = self.written.fetch_add(bytes, Ordering::SeqCst);
        if before + bytes > limit {
            self.written.fetch_sub(bytes, Ordering::SeqCst);
            return Err(io::Error::from_raw_os_error(28));
        }
        Ok(())
    }
}

fn killed() -> io::Error {
    io::Error::other("killed (injected)")
}

#[derive(Debug, Clone)]
struct FaultDirectory {
    inner: Box<dyn Directory>,
    faults: Arc<Faults>,
}

impl Directory for FaultDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        match self.faults.change() {
            Ok(false) => self.inner.delete(path),
            _ => Err(DeleteError::IoError { io_error: Arc::new(killed()), filepath: path.to_path_buf() }),
        }
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        if !matches!(self.faults.change(), Ok(false)) {
            return Err(OpenWriteError::wrap_io_error(killed(), path.to_path_buf()));
        }
        let inner = self.inner.open_write(path)?;
        let inner =
            inner.into_inner().map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), path.to_path_buf()))?;
        Ok(BufWriter::new(Box::new(FaultWrite { inner, faults: self.faults.clone() })))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        // All or nothing: the temporary file may be left, the target is never half written.
        if self.faults.change()? {
            return Err(killed());
        }
        self.faults.take(data.len() as u64)?;
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        if self.faults.change()? {
            return Err(killed());
        }
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

struct FaultWrite {
    inner: Box<dyn TerminatingWrite + Send + Sync>,
    faults: Arc<Faults>,
}

impl Write for FaultWrite {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.faults.change()? {
            // A torn write: half of it reaches the file before the process dies.
            let half = &buf[..buf.len() / 2];
            self.inner.write_all(half)?;
            let _ = self.inner.flush();
            return Err(killed());
        }
        self.faults.take(buf.len() as u64)?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.faults.change()? {
            return Err(killed());
        }
        self.inner.flush()
    }
}

impl TerminatingWrite for FaultWrite {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        if self.faults.change()? {
            return Err(killed());
        }
        self.inner.terminate_ref(token)
    }
}
