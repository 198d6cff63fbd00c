//! Applying a plan: one run of the indexer, which owns its writer and what it has done so far.
//! Files are read, split and labelled in parallel (rayon) in batches bounded in bytes; JSON
//! Lines files are streamed in chunks of records. Each file's documents are replaced only if
//! its content changed; its manifest entry always is. The run ends with one commit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use tantivy::indexer::LogMergePolicy;
use tantivy::{IndexWriter, ReloadPolicy, Searcher, Term};

use crate::analysis::pairs::{PhraseWords, PhraseWordsCell};
use crate::corpus::{self, Format, ReadOptions, Skip, SkipReason};
use crate::duplicates::{self, Item};
use crate::error::{Error, Result};
use crate::index::manifest::{hash_file, FileCounts, FileEntry, FileStamp, Manifest};
use crate::index::queue::{Queue, Queued};
use crate::index::schema::{schema_version, Fields, KIND_ARTICLE, KIND_PASSAGE};
use crate::index::{copies, count, IndexInfo};

use super::documents::{prepare, write_article, Prepared};
use super::folder::OpenedForWriting;
use super::ids::ArticleIds;
use super::merge::{finish_merges, RunMergePolicy};
use super::plan::Plan;
use super::{IndexObserver, IndexReport};

/// Files read and labelled together before their documents are written, at most.
const BATCH_FILES: usize = 256;
/// Bytes read and labelled together before their documents are written, at most.
const BATCH_BYTES: u64 = 32 << 20;
/// The text queued for tantivy's indexing threads is held to this fraction of the memory budget.
const QUEUE_SHARE_OF_BUDGET: usize = 4;

/// What a run reads, and when it stops.
pub(super) struct Settings<'a> {
    pub(super) root: &'a Path,
    /// How files are read (limits, table columns, encodings).
    pub(super) read: &'a ReadOptions,
    pub(super) memory_budget: usize,
    /// The copy threshold to cluster with, when set (else the index's, else the default).
    pub(super) copy_threshold: Option<f32>,
    /// Set to stop the run before its commit.
    pub(super) cancel: &'a AtomicBool,
    pub(super) started: Instant,
}

/// A corpus file read in this run.
struct ReadFile {
    relative: String,
    stamp: FileStamp,
    hash: u64,
    /// Its articles, to write (empty when `streamed`).
    prepared: Vec<Prepared>,
    skipped: Vec<Skip>,
    /// Whether its documents were already replaced while it was read (JSON Lines).
    streamed: bool,
    /// The encoding it was decoded from, when it was read and was not UTF-8.
    decoded_from: Option<&'static str>,
    /// The format it was read in, when known.
    format: Option<Format>,
}

/// What the index holds when a run starts.
pub(super) struct Held {
    pub(super) manifest: Manifest,
    pub(super) ids: ArticleIds,
    /// Its last commit (none for the new folder of a rebuild): the articles the run keeps are
    /// clustered from their signatures there.
    pub(super) previous: Option<Searcher>,
}

/// One run of the indexer over an open index folder.
pub(super) struct Run<'a> {
    settings: Settings<'a>,
    index: &'a tantivy::Index,
    fields: &'a Fields,
    writer: IndexWriter<Queued>,
    observer: &'a mut dyn IndexObserver,
    /// What is queued for tantivy's indexing threads.
    queue: Arc<Queue>,
    manifest: Manifest,
    ids: ArticleIds,
    /// The index's last commit, and its record.
    previous: Option<Searcher>,
    previous_info: Option<IndexInfo>,
    /// The files whose articles the run deleted (removed or replaced).
    replaced: HashSet<String>,
    /// The articles the run wrote that may have copies, with their signatures.
    signed: Vec<Item<String>>,
    /// The phrase words passages are indexed with: set from the index's commit record, or
    /// chosen before the first passage of this run is written.
    phrase_words: PhraseWordsCell,
    /// Set when the run commits, for the merge policy's end-of-run rule.
    ending: Arc<AtomicBool>,
    skipped: Vec<Skip>,
    /// The files whose articles this run read and wrote, by format, compression and encoding.
    read: FileCounts,
    added: usize,
    changed: usize,
    unchanged: usize,
    articles_written: u64,
}

impl<'a> Run<'a> {
    /// A run over `opened`, whose index holds the files of `manifest` and the articles of `ids`.
    pub(super) fn new(
        settings: Settings<'a>,
        opened: &'a OpenedForWriting,
        writer: IndexWriter<Queued>,
        held: Held,
        observer: &'a mut dyn IndexObserver,
    ) -> Run<'a> {
        let Held { manifest, ids, previous } = held;
        let ending = Arc::new(AtomicBool::new(false));
        writer.set_merge_policy(Box::new(RunMergePolicy { log: LogMergePolicy::default(), ending: ending.clone() }));
        Run {
            queue: Queue::new(settings.memory_budget / QUEUE_SHARE_OF_BUDGET),
            settings,
            index: &opened.index,
            fields: &opened.fields,
            writer,
            observer,
            manifest,
            ids,
            previous,
            previous_info: opened.info.clone(),
            replaced: HashSet::new(),
            signed: Vec::new(),
            phrase_words: opened.phrase_words.clone(),
            ending,
            skipped: Vec::new(),
            read: FileCounts::default(),
            added: 0,
            changed: 0,
            unchanged: 0,
            articles_written: 0,
        }
    }

    /// Carries out `plan`: removes the files gone from the corpus and reads the others it
    /// names, up to the commit.
    pub(super) fn apply(&mut self, plan: &mut Plan) -> Result<()> {
        self.skipped.append(&mut plan.skipped);
        self.unchanged = plan.unchanged;
        for path in &plan.removed {
            self.writer.delete_term(Term::from_field_text(self.fields.path, path));
            self.writer.delete_term(Term::from_field_text(self.fields.file_path, path));
            self.ids.remove_file(path);
            self.manifest.remove(path);
            self.replaced.insert(path.clone());
        }
        self.observer.started(plan.to_read.len());
        for batch in batches(&plan.to_read) {
            self.check_cancel()?;
            if let [(path, relative, stamp)] = batch {
                if corpus::is_streamed(path) {
                    let read = self.read_json_lines(path, relative, *stamp)?;
                    self.record(read)?;
                    self.observer.file_done(path);
                    continue;
                }
            }
            let (root, options) = (self.settings.root, self.settings.read);
            let read: Vec<ReadFile> = batch
                .par_iter()
                .map(|(path, relative, stamp)| {
                    let mut prepared = Vec::new();
                    let mut skips = Vec::new();
                    let summary = corpus::read_file_with(root, path, options, &mut |articles, file_skips| {
                        prepared.extend(articles.into_iter().map(prepare));
                        skips.extend(file_skips);
                    });
                    let relative = relative.clone();
                    ReadFile {
                        relative,
                        stamp: *stamp,
                        hash: summary.hash,
                        prepared,
                        skipped: skips,
                        streamed: false,
                        decoded_from: summary.decoded_from,
                        format: summary.format,
                    }
                })
                .collect();
            // The whole batch, not its first file, is the sample the phrase words are chosen from.
            choose_phrase_words(&self.phrase_words, read.iter().flat_map(|file| &file.prepared));
            for ((path, _, _), read) in batch.iter().zip(read) {
                self.record(read)?;
                self.observer.file_done(path);
            }
        }
        self.check_cancel()
    }

    fn check_cancel(&self) -> Result<()> {
        match self.settings.cancel.load(Ordering::SeqCst) {
            true => Err(Error::Interrupted),
            false => Ok(()),
        }
    }

    /// Commits what the run wrote, with its record, and waits for the merges the commit starts.
    pub(super) fn finish(mut self, plan: &Plan) -> Result<IndexReport> {
        self.observer.committing();
        self.ending.store(true, Ordering::SeqCst);
        let root = self.settings.root;
        let threshold = self.settings.copy_threshold;
        let threshold = threshold.or(self.previous_info.as_ref().map(|info| info.copy_threshold));
        let copy_threshold = threshold.unwrap_or(duplicates::DEFAULT_THRESHOLD);
        let (copy_clusters, copy_articles) = self.cluster_copies(copy_threshold)?;
        let info = IndexInfo {
            schema_version: schema_version(),
            dateline_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            committed_at: now_rfc3339(),
            files: self.manifest.len() as u64,
            file_counts: self.manifest.counts(),
            fingerprint: self.manifest.fingerprint(),
            skipped: self.skipped.len() as u64,
            phrase_words: self.phrase_words.get().map(|words| words.words().to_vec()).unwrap_or_default(),
            copy_threshold,
            copy_clusters,
            copy_articles,
            articles: 0,
            passages: 0,
        };
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&info).expect("IndexInfo serializes"));
        commit.commit()?;
        let reader = self.index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher = reader.searcher();
        let fields = self.fields;
        let (articles, passages) = (count(&searcher, fields, KIND_ARTICLE)?, count(&searcher, fields, KIND_PASSAGE)?);
        let info = IndexInfo { articles, passages, ..info };
        let report = IndexReport {
            files: plan.files,
            added: self.added,
            changed: self.changed,
            removed: plan.removed.len(),
            unchanged: self.unchanged,
            articles_written: self.articles_written,
            articles,
            passages,
            skipped: self.skipped,
            read: self.read,
            elapsed: self.settings.started.elapsed(),
            info,
        };
        finish_merges(self.writer, report, self.settings.started, self.observer)
    }

    /// Clusters the index's articles into stories again when this run changed them or the
    /// threshold, and rewrites the copy documents of the articles whose place changed (see
    /// `crate::index::copies`); returns how many clusters there are and how many articles they
    /// hold.
    fn cluster_copies(&mut self, threshold: f32) -> Result<(u64, u64)> {
        let unchanged = self.replaced.is_empty() && self.signed.is_empty();
        if let Some(info) = self.previous_info.as_ref().filter(|info| unchanged && info.copy_threshold == threshold) {
            return Ok((info.copy_clusters, info.copy_articles));
        }
        let (mut items, old) = match &self.previous {
            Some(previous) => (
                copies::signed_articles(previous, self.fields, &self.replaced)?,
                copies::stored_clusters(previous, self.fields)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        items.append(&mut self.signed);
        let clusters = duplicates::clusters(&items, threshold);
        let (deletes, docs) = copies::copy_changes(self.fields, &old, &clusters);
        for term in deletes {
            self.writer.delete_term(term);
        }
        for doc in docs {
            self.writer.add_document(Queued::untracked(doc))?;
        }
        let articles = clusters.iter().map(|cluster| cluster.members.len() as u64).sum();
        Ok((clusters.len() as u64, articles))
    }

    /// Reads a JSON Lines file in chunks of records, writing each chunk as it is labelled. A
    /// file with an earlier version in the index is hashed first and left alone if unchanged.
    fn read_json_lines(&mut self, path: &Path, relative: &str, stamp: FileStamp) -> Result<ReadFile> {
        let read = |hash, skipped, decoded_from, format| ReadFile {
            relative: relative.to_string(),
            stamp,
            hash,
            prepared: Vec::new(),
            skipped,
            streamed: true,
            decoded_from,
            format,
        };
        if let Some(old) = self.manifest.get(relative).copied() {
            if !old.skipped && hash_file(path).is_ok_and(|hash| hash == old.hash) {
                return Ok(read(old.hash, Vec::new(), old.decoded_from, old.format));
            }
            // Changed: its old documents go before the new ones are written.
            self.writer.delete_term(Term::from_field_text(self.fields.path, relative));
            self.ids.remove_file(relative);
            self.replaced.insert(relative.to_string());
        }
        let mut skips = Vec::new();
        let mut failure = None;
        let (root, options) = (self.settings.root, self.settings.read);
        let summary = corpus::read_file_with(root, path, options, &mut |articles, chunk_skips| {
            let prepared: Vec<Prepared> = articles.into_par_iter().map(prepare).collect();
            if failure.is_none() {
                match self.write_articles(prepared) {
                    Ok(duplicates) => skips.extend(duplicates),
                    Err(error) => failure = Some(error),
                }
            }
            skips.extend(chunk_skips);
        });
        match failure {
            Some(error) => Err(error),
            None => Ok(read(summary.hash, skips, summary.decoded_from, summary.format)),
        }
    }

    /// Records a file read in this run: replaces its documents if its content changed, and
    /// its manifest entry always (the stamp may have changed).
    fn record(&mut self, read: ReadFile) -> Result<()> {
        for skip in &read.skipped {
            self.observer.skipped(skip);
        }
        let fields = self.fields;
        let entry = FileEntry {
            size: read.stamp.size,
            mtime: read.stamp.mtime,
            hash: read.hash,
            skipped: !read.skipped.is_empty(),
            format: read.format,
            decoded_from: read.decoded_from,
        };
        let previous = self.manifest.get(&read.relative).copied();
        // A file the index holds that cannot be read now (permissions, vanished mid-run) keeps
        // its documents; it is marked to be read again on the next run.
        let unreadable = !read.streamed
            && read.prepared.is_empty()
            && read.skipped.iter().any(|skip| matches!(skip.reason, SkipReason::Io(_)));
        if let (true, Some(old)) = (unreadable, previous) {
            self.unchanged += 1;
            self.skipped.extend(read.skipped);
            self.writer.delete_term(Term::from_field_text(fields.file_path, &read.relative));
            let kept = FileEntry { skipped: true, ..old };
            self.writer.add_document(Queued::untracked(Manifest::document(fields, &read.relative, &kept)))?;
            self.manifest.insert(read.relative, kept);
            return Ok(());
        }
        let same_content = previous.is_some_and(|old| old.hash == entry.hash && !old.skipped && !entry.skipped);
        // A file new to the index has no documents to replace; a delete would only be kept in
        // tantivy's delete queue until the commit (a fresh build of a million files would hold
        // a million of them).
        if previous.is_some() {
            self.writer.delete_term(Term::from_field_text(fields.file_path, &read.relative));
        }
        if same_content {
            self.unchanged += 1;
        } else {
            if previous.is_some() {
                self.changed += 1;
            } else {
                self.added += 1;
            }
            self.read.add(&read.relative, read.format, read.decoded_from);
            if !read.streamed {
                if previous.is_some() {
                    self.writer.delete_term(Term::from_field_text(fields.path, &read.relative));
                    self.ids.remove_file(&read.relative);
                    self.replaced.insert(read.relative.clone());
                }
                let duplicates = self.write_articles(read.prepared)?;
                for skip in &duplicates {
                    self.observer.skipped(skip);
                }
                self.skipped.extend(duplicates);
            }
        }
        self.skipped.extend(read.skipped);
        self.writer.add_document(Queued::untracked(Manifest::document(fields, &read.relative, &entry)))?;
        self.manifest.insert(read.relative, entry);
        Ok(())
    }

    /// Writes prepared articles, skipping ids the index already holds; returns the skips of
    /// those, for the caller to report with the file's other skips (each once). The phrase words
    /// are chosen from them first if they are not yet, so no passage is ever indexed without
    /// them.
    fn write_articles(&mut self, prepared: Vec<Prepared>) -> Result<Vec<Skip>> {
        choose_phrase_words(&self.phrase_words, &prepared);
        let mut duplicates = Vec::new();
        for item in prepared {
            let path = corpus::file_id(&item.article.meta.path);
            if let Some(first) = self.ids.place(&item.article.meta.id) {
                let first = first.to_string();
                let reason = SkipReason::DuplicateId { id: item.article.meta.id.clone(), first };
                duplicates.push(Skip { path: item.article.meta.path.clone(), line: item.article.meta.line, reason });
                continue;
            }
            self.queue.wait_for_room();
            write_article(&self.writer, self.fields, &self.queue, &item)?;
            let place = match item.article.meta.line {
                Some(line) => format!("{path}:{line}"),
                None => path.clone(),
            };
            self.ids.insert(&item.article.meta.id, &path, &place);
            self.articles_written += 1;
            if item.signature.shingles() >= duplicates::MIN_SHINGLES {
                let day = item.article.meta.date.day_number();
                self.signed.push(Item { key: item.article.meta.id, day, signature: item.signature });
            }
        }
        Ok(duplicates)
    }
}

/// Splits the files to read into batches bounded in count and bytes; a JSON Lines file is a
/// batch of its own (it is streamed).
fn batches(files: &[(PathBuf, String, FileStamp)]) -> Vec<&[(PathBuf, String, FileStamp)]> {
    let mut batches = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, (path, _, stamp)) in files.iter().enumerate() {
        if corpus::is_streamed(path) {
            if start < i {
                batches.push(&files[start..i]);
            }
            batches.push(&files[i..i + 1]);
            start = i + 1;
            bytes = 0;
            continue;
        }
        if i > start && (i - start >= BATCH_FILES || bytes + stamp.size > BATCH_BYTES) {
            batches.push(&files[start..i]);
            start = i;
            bytes = 0;
        }
        bytes += stamp.size;
    }
    if start < files.len() {
        batches.push(&files[start..]);
    }
    batches
}

/// Chooses the phrase words from the passages of `prepared` (see `crate::analysis::pairs`),
/// unless they are set; there must be passages to choose from.
fn choose_phrase_words<'a>(phrase_words: &PhraseWordsCell, prepared: impl IntoIterator<Item = &'a Prepared>) {
    if phrase_words.get().is_some() {
        return;
    }
    let passages: Vec<&str> = prepared
        .into_iter()
        .flat_map(|item| item.passages.iter().map(|passage| &item.article.body[passage.range.clone()]))
        .collect();
    if !passages.is_empty() {
        // Only this run writes the index (it holds the lock), and only this thread sets the words.
        let _ = phrase_words.set(PhraseWords::choose(passages));
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "unknown".to_string())
}
