//! `dateline export`: an index as an engine's definition, NDJSON bulk files of at most
//! [`MAX_FILE_BYTES`], and a manifest that names and hashes every file.
//!
//! The folder holds, once an export is complete:
//! - `definition.json`: the engine's index definition (see [`super::definition`]);
//! - `documents-00001.ndjson`, ...: the documents of every article, the article's own first,
//!   articles in the order of their ids, and last the commit document (which local commit the
//!   documents come from: what answers from the engine cite); for Quickwit one document per line (the body of
//!   `POST /api/v1/<index>/ingest`), for OpenSearch each after its action line
//!   `{"index":{"_id":...}}` (the body of `POST /<index>/_bulk`). An article's documents are
//!   kept in one file unless they alone are larger than a file may be;
//! - `manifest.json`, written last: the schema version, the index's fingerprint and commit
//!   time, the counts, and each file with its size, documents and SHA-256.
//!
//! An export goes into a new or empty folder, or replaces an earlier export in its folder
//! (a folder that holds only an export's files); a folder with anything else in it is refused.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::document::{commit_document, documents, Document};
use super::{definition, Engine};
use crate::error::{Error, Result};
use crate::search::Index;

/// The largest bulk file an export writes: 8 MiB. A single document larger than that (the
/// words of an article of several megabytes) is written alone in a larger file.
pub const MAX_FILE_BYTES: u64 = 8 << 20;

/// The file that lists an export's files.
pub const MANIFEST: &str = "manifest.json";
/// The file that holds the engine's index definition.
pub const DEFINITION: &str = "definition.json";

/// What an export wrote: `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Manifest {
    /// `dateline-export`.
    pub format: String,
    /// The version of this layout (1).
    pub format_version: u32,
    /// The engine the files are for.
    pub engine: Engine,
    /// The engine index the definition names.
    pub index_id: String,
    /// The schema version of the index exported (and of the definition).
    pub schema_version: u32,
    /// The fingerprint of the corpus content the index reflects.
    pub index_fingerprint: String,
    /// When the exported commit was made.
    pub committed_at: String,
    /// Articles exported.
    pub articles: u64,
    /// Passages exported.
    pub passages: u64,
    /// Documents in all: one per article, one per passage, and the commit document (see
    /// [`commit_document`]).
    pub documents: u64,
    /// `definition.json`.
    pub definition: ExportFile,
    /// The bulk files, in order.
    pub files: Vec<ExportFile>,
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExportFile {
    /// Its name in the export folder.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Documents in it (0 for the definition).
    pub documents: u64,
    /// SHA-256 of its content, as 64 hex digits.
    pub sha256: String,
}

/// Exports `index` for `engine` into the folder `dir`, for an engine index called `index_id`.
/// `progress` is called with the number of articles written so far, after each file.
pub fn export(
    index: &Index,
    engine: Engine,
    index_id: &str,
    dir: &Path,
    mut progress: impl FnMut(u64),
) -> Result<Manifest> {
    super::url::check_index_name(engine, index_id)
        .map_err(|reason| Error::BadIndexName { name: index_id.to_string(), reason })?;
    prepare(dir)?;
    let info = index.info();
    let definition =
        serde_json::to_vec_pretty(&definition::definition(engine, index_id)).expect("a definition serializes");
    let definition = write_file(dir, DEFINITION, &definition, 0)?;
    let mut bulk = Bulk { dir, files: Vec::new(), pending: Vec::new(), pending_documents: 0 };
    let (mut articles, mut passages) = (0u64, 0u64);
    let line = |doc: &Document| {
        let mut line = Vec::new();
        if engine == Engine::OpenSearch {
            let id = doc.get("doc_id").cloned().unwrap_or_default();
            serde_json::to_writer(&mut line, &serde_json::json!({ "index": { "_id": id } }))
                .expect("an action serializes");
            line.push(b'\n');
        }
        serde_json::to_writer(&mut line, doc).expect("a document serializes");
        line.push(b'\n');
        line
    };
    index.for_each_article(|article| {
        let docs = documents(&article);
        bulk.add(docs.iter().map(line).collect())?;
        articles += 1;
        passages += docs.len() as u64 - 1;
        if bulk.pending.is_empty() {
            progress(articles);
        }
        Ok(())
    })?;
    // Last, the record of the commit the documents come from, which answers cite.
    bulk.add(vec![line(&commit_document(info))])?;
    bulk.flush()?;
    progress(articles);
    let manifest = Manifest {
        format: "dateline-export".to_string(),
        format_version: 1,
        engine,
        index_id: index_id.to_string(),
        schema_version: info.schema_version,
        index_fingerprint: info.fingerprint.clone(),
        committed_at: info.committed_at.clone(),
        articles,
        passages,
        documents: articles + passages + 1,
        definition,
        files: bulk.files,
    };
    let json = serde_json::to_vec_pretty(&manifest).expect("a manifest serializes");
    write_file(dir, MANIFEST, &json, 0)?;
    Ok(manifest)
}

/// Reads the manifest of the export in `dir`.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read(&path).map_err(|source| Error::Io { action: "read", path: path.clone(), source })?;
    serde_json::from_slice(&text).map_err(|e| Error::NotAnExport { path: dir.to_path_buf(), reason: e.to_string() })
}

/// The bulk files being written: whole files done, and the lines of the next.
struct Bulk<'a> {
    dir: &'a Path,
    files: Vec<ExportFile>,
    pending: Vec<u8>,
    pending_documents: u64,
}

impl Bulk<'_> {
    /// Adds the lines of one article's documents: to the file being filled when they fit, else
    /// to the next; split between files only when they alone are too large for one.
    fn add(&mut self, lines: Vec<Vec<u8>>) -> Result<()> {
        let bytes: u64 = lines.iter().map(|line| line.len() as u64).sum();
        if self.pending.len() as u64 + bytes > MAX_FILE_BYTES {
            self.flush()?;
        }
        for line in lines {
            if !self.pending.is_empty() && self.pending.len() as u64 + line.len() as u64 > MAX_FILE_BYTES {
                self.flush()?;
            }
            self.pending.extend_from_slice(&line);
            self.pending_documents += 1;
        }
        Ok(())
    }

    /// Writes the lines gathered so far as the next file.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let name = format!("documents-{:05}.ndjson", self.files.len() + 1);
        let file = write_file(self.dir, &name, &self.pending, self.pending_documents)?;
        self.files.push(file);
        self.pending.clear();
        self.pending_documents = 0;
        Ok(())
    }
}

/// Writes `content` to `dir/name`, synced, and describes it.
fn write_file(dir: &Path, name: &str, content: &[u8], documents: u64) -> Result<ExportFile> {
    let path = dir.join(name);
    let io = |source| Error::Io { action: "write", path: path.clone(), source };
    let mut out = BufWriter::new(File::create(&path).map_err(io)?);
    out.write_all(content).map_err(io)?;
    out.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    let sha256 = Sha256::digest(content).iter().map(|b| format!("{b:02x}")).collect();
    Ok(ExportFile { name: name.to_string(), bytes: content.len() as u64, documents, sha256 })
}

/// Whether a file name is one an export writes.
fn is_export_file(name: &str) -> bool {
    name == MANIFEST
        || name == DEFINITION
        || name
            .strip_prefix("documents-")
            .and_then(|rest| rest.strip_suffix(".ndjson"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Makes `dir` ready for an export: created when missing; an earlier export in it removed
/// (the manifest first, so that a half-removed export is never taken for a whole one);
/// refused when it holds anything else.
fn prepare(dir: &Path) -> Result<()> {
    let io = |action, path: PathBuf| move |source| Error::Io { action, path, source };
    std::fs::create_dir_all(dir).map_err(io("create", dir.to_path_buf()))?;
    let mut ours = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io("read", dir.to_path_buf()))? {
        let entry = entry.map_err(io("read", dir.to_path_buf()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_export_file(&name) || !entry.file_type().is_ok_and(|t| t.is_file()) {
            return Err(Error::OutputNotEmpty { path: dir.to_path_buf(), found: name });
        }
        ours.push(name);
    }
    ours.sort_by_key(|name| name != MANIFEST);
    for name in ours {
        let path = dir.join(&name);
        std::fs::remove_file(&path).map_err(io("remove", path.clone()))?;
    }
    Ok(())
}
