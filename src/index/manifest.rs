//! The manifest: what the index last saw of each corpus file, kept in the index itself as one
//! `file` document per file (fast fields only), so it is committed atomically with the
//! articles and loads without reading stored documents.
//!
//! An incremental run compares the corpus with it: a file whose size and modification time
//! are unchanged is not read; one whose size or time changed is read and hashed, and replaced
//! only if its content changed; a file no longer in the corpus has its documents removed.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Searcher, SegmentReader, TantivyDocument, Term, TERMINATED};

use serde::{Deserialize, Serialize};

use crate::corpus::{Compression, Format};
use crate::error::{index_io, Result};
use crate::index::schema::{field, Fields, KIND_FILE};

/// The live (not deleted) documents of one `kind` in a segment, in doc id order.
pub(crate) fn live_docs_of_kind(segment: &SegmentReader, fields: &Fields, kind: &str) -> Result<Vec<DocId>> {
    let term = Term::from_field_text(fields.kind, kind);
    let mut docs = Vec::new();
    let postings =
        segment.inverted_index(fields.kind)?.read_postings(&term, IndexRecordOption::Basic).map_err(index_io)?;
    if let Some(mut postings) = postings {
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if !segment.is_deleted(doc) {
                docs.push(doc);
            }
            doc = postings.advance();
        }
    }
    Ok(docs)
}

/// Every string of a string column, by ordinal: reading the dictionary once in order is far
/// cheaper than looking up ordinals one by one (each lookup decompresses a block).
pub(crate) fn column_strings(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let dictionary = column.dictionary();
    let mut strings = Vec::with_capacity(dictionary.num_terms());
    let mut stream = dictionary.stream().map_err(index_io)?;
    while stream.advance() {
        strings.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(strings)
}

/// What the index holds for one corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEntry {
    /// Size in bytes when last read.
    pub size: u64,
    /// Modification time, nanoseconds since 1970, when last read.
    pub mtime: u64,
    /// XXH3-64 of the content when last read.
    pub hash: u64,
    /// Whether anything in it was skipped (such files are read again on every run).
    pub skipped: bool,
    /// The format it was read in (none when it could not be read as any: empty, binary).
    pub format: Option<Format>,
    /// The encoding it was decoded from, when it was not UTF-8 (`windows-1252`).
    pub decoded_from: Option<&'static str>,
}

/// How many corpus files there are of each format, compression and legacy encoding.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileCounts {
    /// Files by the format they were read in (`dated text`, `front matter`, `JSON Lines`,
    /// `CSV`, `TSV`), and `none` for those that could not be read as any.
    #[serde(default)]
    pub formats: BTreeMap<String, u64>,
    /// Compressed files by compression (`gzip`, `zstd`).
    #[serde(default)]
    pub compressed: BTreeMap<String, u64>,
    /// Files decoded from another encoding than UTF-8, by encoding (`windows-1252`).
    #[serde(default)]
    pub decoded: BTreeMap<String, u64>,
}

/// The name [`FileCounts::formats`] gives files read in no format.
pub const NO_FORMAT: &str = "none";

impl FileCounts {
    /// Counts the file at `path`, read in `format` and decoded from `decoded_from`.
    pub fn add(&mut self, path: &str, format: Option<Format>, decoded_from: Option<&str>) {
        *self.formats.entry(format.map_or(NO_FORMAT, Format::name).to_string()).or_default() += 1;
        if let Some(compression) = Compression::of(Path::new(path)).name() {
            *self.compressed.entry(compression.to_string()).or_default() += 1;
        }
        if let Some(encoding) = decoded_from {
            *self.decoded.entry(encoding.to_string()).or_default() += 1;
        }
    }

    /// The formats in a phrase, in the order of [`Format::ALL`], and the compressed files:
    /// `5 dated text, 2 JSON Lines, 1 CSV; 3 compressed (2 gzip, 1 zstd)`. Files read in no
    /// format are left out (see [`FileCounts::in_no_format`]).
    pub fn describe_formats(&self) -> String {
        let known = Format::ALL.iter().filter_map(|format| {
            let name = format.name();
            self.formats.get(name).map(|count| format!("{count} {name}"))
        });
        // A name this build does not know (a later version's format) is still counted.
        let unknown = self
            .formats
            .iter()
            .filter(|(name, _)| Format::named(name).is_none() && name.as_str() != NO_FORMAT)
            .map(|(name, count)| format!("{count} {name}"));
        let mut phrase = known.chain(unknown).collect::<Vec<_>>().join(", ");
        if !self.compressed.is_empty() {
            let total: u64 = self.compressed.values().sum();
            let each: Vec<String> = self.compressed.iter().map(|(name, count)| format!("{count} {name}")).collect();
            phrase.push_str(&format!("; {total} compressed ({})", each.join(", ")));
        }
        phrase
    }

    /// How many files could be read in no format (empty, binary, or unreadable).
    pub fn in_no_format(&self) -> u64 {
        self.formats.get(NO_FORMAT).copied().unwrap_or(0)
    }

    /// The legacy encodings in a phrase: `1 file from UTF-16LE, 3 files from windows-1252`.
    pub fn describe_decoded(&self) -> String {
        let files = |count: u64| if count == 1 { "1 file".to_string() } else { format!("{count} files") };
        self.decoded.iter().map(|(name, count)| format!("{} from {name}", files(*count))).collect::<Vec<_>>().join(", ")
    }
}

/// The size and modification time of a file on disk: the cheap check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970 (0 when the platform gives none).
    pub mtime: u64,
}

impl FileStamp {
    /// The stamp of the file at `path`, following symbolic links.
    pub fn of(path: &Path) -> std::io::Result<FileStamp> {
        let metadata = std::fs::metadata(path)?;
        let mtime = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Ok(FileStamp { size: metadata.len(), mtime })
    }
}

/// Every corpus file the index holds, by path relative to the corpus root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// Reads the manifest of the commit `searcher` sees.
    pub(crate) fn load(searcher: &Searcher, fields: &Fields) -> Result<Manifest> {
        let mut files = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let docs = live_docs_of_kind(segment, fields, KIND_FILE)?;
            let fast = segment.fast_fields();
            let Some(paths) = fast.str(field::FILE_PATH)?.filter(|_| !docs.is_empty()) else { continue };
            let paths_by_ord = column_strings(&paths)?;
            let (size, mtime, hash, skipped) =
                (fast.u64("file_size")?, fast.u64("file_mtime")?, fast.u64("file_hash")?, fast.u64("file_skipped")?);
            let format = fast.u64("file_format")?;
            let encodings = fast.str(field::FILE_ENCODING)?;
            let encodings_by_ord = encodings.as_ref().map(column_strings).transpose()?.unwrap_or_default();
            for doc in docs {
                if let Some(path) = paths.term_ords(doc).next().and_then(|ord| paths_by_ord.get(ord as usize)) {
                    let entry = FileEntry {
                        size: size.first(doc).unwrap_or(0),
                        mtime: mtime.first(doc).unwrap_or(0),
                        hash: hash.first(doc).unwrap_or(0),
                        skipped: skipped.first(doc).unwrap_or(0) != 0,
                        format: format.first(doc).and_then(format_of_code),
                        decoded_from: encodings
                            .as_ref()
                            .and_then(|column| column.term_ords(doc).next())
                            .and_then(|ord| encodings_by_ord.get(ord as usize))
                            .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes()))
                            .map(encoding_rs::Encoding::name),
                    };
                    files.insert(path.clone(), entry);
                }
            }
        }
        Ok(Manifest { files })
    }

    /// The entry of a file.
    pub fn get(&self, path: &str) -> Option<&FileEntry> {
        self.files.get(path)
    }

    /// Records a file as read.
    pub fn insert(&mut self, path: String, entry: FileEntry) {
        self.files.insert(path, entry);
    }

    /// Forgets a file.
    pub fn remove(&mut self, path: &str) -> Option<FileEntry> {
        self.files.remove(path)
    }

    /// The files, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FileEntry)> {
        self.files.iter().map(|(path, entry)| (path.as_str(), entry))
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// How many of its files are of each format, compression and legacy encoding.
    pub fn counts(&self) -> FileCounts {
        let mut counts = FileCounts::default();
        for (path, entry) in &self.files {
            counts.add(path, entry.format, entry.decoded_from);
        }
        counts
    }

    /// A fingerprint of the corpus content the index reflects: XXH3-64 over every path and
    /// content hash, in path order, as 16 hex digits. Equal fingerprints mean the same files
    /// with the same bytes.
    pub fn fingerprint(&self) -> String {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (path, entry) in &self.files {
            hasher.update(path.as_bytes());
            hasher.update(&[0]);
            hasher.update(&entry.hash.to_le_bytes());
        }
        format!("{:016x}", hasher.digest())
    }

    /// The manifest document of a file.
    pub(crate) fn document(fields: &Fields, path: &str, entry: &FileEntry) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.kind, KIND_FILE);
        doc.add_text(fields.file_path, path);
        doc.add_u64(fields.file_size, entry.size);
        doc.add_u64(fields.file_mtime, entry.mtime);
        doc.add_u64(fields.file_hash, entry.hash);
        doc.add_u64(fields.file_skipped, u64::from(entry.skipped));
        doc.add_u64(fields.file_format, entry.format.map_or(0, format_code));
        if let Some(encoding) = entry.decoded_from {
            doc.add_text(fields.file_encoding, encoding);
        }
        doc
    }
}

/// The number a format is kept as in `file_format` (0 for none).
fn format_code(format: Format) -> u64 {
    match format {
        Format::DatedText => 1,
        Format::FrontMatter => 2,
        Format::JsonLines => 3,
        Format::Csv => 4,
        Format::Tsv => 5,
    }
}

fn format_of_code(code: u64) -> Option<Format> {
    Format::ALL.into_iter().find(|&format| format_code(format) == code)
}

/// How the corpus differs from a manifest, by the cheap check and, where that differs, the hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Changes {
    /// Files in the corpus and not in the index.
    pub added: Vec<String>,
    /// Files whose content differs from what the index holds (or that had skipped parts).
    pub changed: Vec<String>,
    /// Files in the index and no longer in the corpus.
    pub removed: Vec<String>,
    /// Files the index holds as they are.
    pub unchanged: usize,
}

impl Changes {
    /// Whether the index reflects the corpus exactly.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares the corpus under `root` with `manifest`: size and modification time first, the
/// content hash where those differ. Files that had skipped parts count as changed.
pub fn compare(manifest: &Manifest, root: &Path) -> Changes {
    let mut changes = Changes::default();
    let mut seen = std::collections::HashSet::new();
    for path in crate::corpus::walk(root).flatten() {
        let key = crate::corpus::file_id(&crate::corpus::relative(root, &path));
        seen.insert(key.clone());
        let Some(entry) = manifest.get(&key) else {
            changes.added.push(key);
            continue;
        };
        let same_stamp = FileStamp::of(&path).is_ok_and(|s| s.size == entry.size && s.mtime == entry.mtime);
        let same = !entry.skipped && (same_stamp || hash_file(&path).is_ok_and(|hash| hash == entry.hash));
        if same {
            changes.unchanged += 1;
        } else {
            changes.changed.push(key);
        }
    }
    changes.removed = manifest.iter().map(|(p, _)| p.to_string()).filter(|p| !seen.contains(p)).collect();
    changes
}

/// XXH3-64 of a file's content (decompressed, for a compressed file), streamed.
pub(crate) fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    // A compressed file's content is what it holds decompressed, as reading it hashes it.
    let mut file = crate::corpus::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buffer[..read]);
    }
}
