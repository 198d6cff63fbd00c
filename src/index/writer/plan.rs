//! Planning a run: the corpus walked and compared with the manifest (the cheap check: size and
//! modification time), giving what to read, what to remove and what is unchanged. Nothing is
//! written here.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::corpus::{self, Skip, SkipReason};
use crate::index::manifest::{FileStamp, Manifest};

use super::IndexObserver;

/// What a run will do.
pub(super) struct Plan {
    /// Files in the corpus.
    pub(super) files: usize,
    /// The files to read (new, or with a changed stamp), with their ids and stamps. Only these
    /// are held: a million-file corpus is never held in memory as a list of paths.
    pub(super) to_read: Vec<(PathBuf, String, FileStamp)>,
    /// The files the index holds that are gone from the corpus, sorted.
    pub(super) removed: Vec<String>,
    /// Files with the stamp the manifest holds: not read.
    pub(super) unchanged: usize,
    /// Paths that could not be walked or stamped (their documents are kept).
    pub(super) skipped: Vec<Skip>,
}

impl Plan {
    /// Bytes of text the run reads.
    pub(super) fn text_bytes(&self) -> u64 {
        self.to_read.iter().map(|(_, _, stamp)| stamp.size).sum()
    }
}

/// Walks the corpus under `root` and compares it with `manifest`, reporting what cannot be
/// reached to `observer`.
pub(super) fn plan(root: &Path, manifest: &Manifest, observer: &mut dyn IndexObserver) -> Plan {
    let mut skipped = Vec::new();
    let mut to_read: Vec<(PathBuf, String, FileStamp)> = Vec::new();
    // A path the walk could not enter (a dangling link, a folder without permission) keeps
    // what the index holds for it: it is not taken for a removal.
    let mut unreachable: Vec<String> = Vec::new();
    let mut unseen: HashSet<&str> = manifest.iter().map(|(path, _)| path).collect();
    let (mut files, mut unchanged) = (0, 0);
    for entry in corpus::walk(root) {
        let path = match entry {
            Ok(path) => path,
            Err(skip) => {
                observer.skipped(&skip);
                unreachable.push(corpus::file_id(&skip.path));
                skipped.push(skip);
                continue;
            }
        };
        files += 1;
        let relative = corpus::file_id(&corpus::relative(root, &path));
        unseen.remove(relative.as_str());
        match FileStamp::of(&path) {
            Ok(stamp) => match manifest.get(&relative) {
                Some(entry) if !entry.skipped && entry.size == stamp.size && entry.mtime == stamp.mtime => {
                    unchanged += 1;
                }
                _ => to_read.push((path, relative, stamp)),
            },
            Err(error) => {
                // Unreadable now: report it and keep what the index holds for it.
                let skip =
                    Skip { path: PathBuf::from(&relative), line: None, reason: SkipReason::Io(error.to_string()) };
                observer.skipped(&skip);
                skipped.push(skip);
            }
        }
    }
    let under_unreachable = |path: &str| {
        unreachable.iter().any(|u| path == u || path.strip_prefix(u.as_str()).is_some_and(|r| r.starts_with('/')))
    };
    let mut removed: Vec<String> = unseen.into_iter().filter(|p| !under_unreachable(p)).map(str::to_string).collect();
    removed.sort_unstable();
    Plan { files, to_read, removed, unchanged, skipped }
}
