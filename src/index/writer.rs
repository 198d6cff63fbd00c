//! Building an index from a corpus: walk, read, split, label, write, commit.
//!
//! Files are read, split into passages and labelled in parallel (rayon), in batches, and
//! written in walk order. The whole run becomes visible in one tantivy commit, whose payload
//! records what the index holds ([`IndexInfo`]); searches running meanwhile see the previous
//! commit. A second indexer on the same directory fails at once with [`Error::IndexLocked`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument};

use crate::analysis::{analyzer, terms, ANALYZER};
use crate::article::Article;
use crate::corpus::{self, Skip, SkipReason};
use crate::error::{Error, Result};
use crate::extract::{self, Labels};
use crate::index::schema::{build_schema, schema_version, Fields, KIND_ARTICLE, KIND_PASSAGE};
use crate::index::{is_empty_dir, open_checked, IndexInfo};
use crate::passage::{self, Passage};

/// Files read and labelled together before their documents are written.
const BATCH_FILES: usize = 256;

/// The default memory budget of the index writer, in bytes.
pub const DEFAULT_MEMORY_BUDGET: usize = 256 * 1024 * 1024;

/// Receives news of an indexing run, for progress bars and warnings. Every method has an
/// empty default.
pub trait IndexObserver {
    /// The walk is done: `files` files will be read.
    fn started(&mut self, files: usize) {
        let _ = files;
    }
    /// One more file was read.
    fn file_done(&mut self, path: &Path) {
        let _ = path;
    }
    /// A file or record was skipped.
    fn skipped(&mut self, skip: &Skip) {
        let _ = skip;
    }
    /// All documents are written; the commit starts.
    fn committing(&mut self) {}
}

/// An observer that ignores everything.
impl IndexObserver for () {}

/// What an indexing run did.
#[derive(Debug, Clone)]
pub struct IndexReport {
    /// Files read.
    pub files: usize,
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Files and records skipped, with their reasons.
    pub skipped: Vec<Skip>,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// What the index holds now.
    pub info: IndexInfo,
}

/// Builds an index from a corpus folder.
///
/// ```no_run
/// let report = dateline::Indexer::new("my-index").run("my-corpus", &mut ())?;
/// println!("{} articles, {} skipped", report.articles, report.skipped.len());
/// # Ok::<(), dateline::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Indexer {
    index_dir: PathBuf,
    memory_budget: usize,
}

/// One article, ready to write.
struct Prepared {
    article: Article,
    passages: Vec<Passage>,
    labels: Labels,
}

impl Indexer {
    /// An indexer writing to `index_dir` (created if missing).
    pub fn new(index_dir: impl Into<PathBuf>) -> Indexer {
        Indexer { index_dir: index_dir.into(), memory_budget: DEFAULT_MEMORY_BUDGET }
    }

    /// Sets the writer's memory budget in bytes (at least 15 MB per writer thread).
    pub fn memory_budget(mut self, bytes: usize) -> Indexer {
        self.memory_budget = bytes;
        self
    }

    /// Indexes every article under `corpus_root`, replacing what the index held, in one commit.
    pub fn run(&self, corpus_root: impl AsRef<Path>, observer: &mut dyn IndexObserver) -> Result<IndexReport> {
        let started = Instant::now();
        let root = corpus_root.as_ref();
        std::fs::read_dir(root).map_err(|source| Error::Corpus { path: root.to_path_buf(), source })?;
        let (index, fields) = self.open_or_create()?;
        let mut writer: IndexWriter<TantivyDocument> = index.writer(self.memory_budget).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => Error::IndexLocked { path: self.index_dir.clone() },
            other => Error::Tantivy(other),
        })?;
        writer.delete_all_documents()?;

        let mut skipped = Vec::new();
        let mut files = Vec::new();
        for entry in corpus::walk(root) {
            match entry {
                Ok(path) => files.push(path),
                Err(skip) => {
                    observer.skipped(&skip);
                    skipped.push(skip);
                }
            }
        }
        observer.started(files.len());

        let (mut articles, mut passages) = (0u64, 0u64);
        let mut first_use: HashMap<String, String> = HashMap::new();
        for batch in files.chunks(BATCH_FILES) {
            let read: Vec<(Vec<Prepared>, Vec<Skip>)> = batch
                .par_iter()
                .map(|path| {
                    let file = corpus::read_file(root, path);
                    let prepared = file.articles.into_iter().map(prepare).collect();
                    (prepared, file.skipped)
                })
                .collect();
            for (path, (prepared, file_skips)) in batch.iter().zip(read) {
                for skip in file_skips {
                    observer.skipped(&skip);
                    skipped.push(skip);
                }
                for item in prepared {
                    let place = location(&item.article);
                    if let Some(first) = first_use.get(&item.article.id) {
                        let reason = SkipReason::DuplicateId { id: item.article.id.clone(), first: first.clone() };
                        let skip = Skip { path: item.article.path.clone(), line: item.article.line, reason };
                        observer.skipped(&skip);
                        skipped.push(skip);
                        continue;
                    }
                    first_use.insert(item.article.id.clone(), place);
                    passages += write_article(&writer, &fields, &item)?;
                    articles += 1;
                }
                observer.file_done(path);
            }
        }

        observer.committing();
        let info = IndexInfo {
            schema_version: schema_version(),
            dateline_version: env!("CARGO_PKG_VERSION").to_string(),
            corpus_root: root.to_path_buf(),
            committed_at: now_rfc3339(),
            articles,
            passages,
            skipped: skipped.len() as u64,
        };
        let payload = serde_json::to_string(&info).expect("IndexInfo serializes");
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        writer.wait_merging_threads()?;
        Ok(IndexReport { files: files.len(), articles, passages, skipped, elapsed: started.elapsed(), info })
    }

    fn open_or_create(&self) -> Result<(tantivy::Index, Fields)> {
        let dir = &self.index_dir;
        if dir.join("meta.json").exists() {
            let (index, fields, _) = open_checked(dir)?;
            return Ok((index, fields));
        }
        if dir.exists() && !is_empty_dir(dir) {
            let reason = "it has files but no meta.json".to_string();
            return Err(Error::NotAnIndex { path: dir.clone(), reason });
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { action: "create", path: dir.clone(), source })?;
        let index = tantivy::Index::create_in_dir(dir, build_schema())?;
        index.tokenizers().register(ANALYZER, analyzer());
        let fields = Fields::new(&index.schema()).expect("the built schema has every field");
        Ok((index, fields))
    }
}

fn location(article: &Article) -> String {
    match article.line {
        Some(line) => format!("{}:{line}", article.path.display()),
        None => article.path.display().to_string(),
    }
}

fn prepare(article: Article) -> Prepared {
    let passages = passage::split(&article.body);
    let labels = extract::label(&article, &passages);
    Prepared { article, passages, labels }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "unknown".to_string())
}

/// The filter keys of a name: its analyzed full form and surname (`antonio guterres`, `guterres`).
pub(crate) fn name_keys(name: &str) -> Vec<String> {
    let full = terms(name).join(" ");
    let surname = name.split_whitespace().last().map(|s| terms(s).join(" ")).unwrap_or_default();
    let mut keys = vec![full];
    if !surname.is_empty() && !keys.contains(&surname) {
        keys.push(surname);
    }
    keys
}

/// The filter key of a country name.
pub(crate) fn country_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Adds the fields every document of an article carries: identity, date and labels.
fn article_fields(doc: &mut TantivyDocument, fields: &Fields, article: &Article, labels: &Labels) {
    doc.add_text(fields.article_id, &article.id);
    doc.add_text(fields.path, article.path.to_string_lossy());
    if let Some(line) = article.line {
        doc.add_u64(fields.line, line as u64);
    }
    doc.add_date(fields.date, article.date.to_tantivy());
    let month = format!("/{:04}/{:02}", article.date.year(), article.date.month());
    doc.add_facet(fields.month, Facet::from(month.as_str()));
    for (field, value) in [(fields.title, &article.title), (fields.source, &article.source), (fields.url, &article.url)]
    {
        if let Some(value) = value {
            doc.add_text(field, value);
        }
    }
    for country in labels.country_names() {
        doc.add_facet(fields.country, Facet::from_path([country]));
        doc.add_text(fields.country_key, country_key(country));
    }
    for speaker in labels.speaker_names() {
        doc.add_facet(fields.speaker, Facet::from_path([speaker]));
        for key in name_keys(speaker) {
            doc.add_text(fields.speaker_key, key);
        }
    }
}

/// Writes the article document and one document per passage; returns the passage count.
fn write_article(writer: &IndexWriter<TantivyDocument>, fields: &Fields, item: &Prepared) -> Result<u64> {
    let Prepared { article, passages, labels } = item;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.kind, KIND_ARTICLE);
    article_fields(&mut doc, fields, article, labels);
    if let Some(title) = &article.title {
        doc.add_text(fields.article_text, title);
    }
    doc.add_text(fields.article_text, &article.body);
    writer.add_document(doc)?;

    for (passage, speakers) in passages.iter().zip(&labels.passage_speakers) {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.kind, KIND_PASSAGE);
        article_fields(&mut doc, fields, article, labels);
        doc.add_u64(fields.passage, u64::from(passage.number));
        doc.add_u64(fields.start, passage.range.start as u64);
        doc.add_u64(fields.end, passage.range.end as u64);
        doc.add_text(fields.text, &article.body[passage.range.clone()]);
        for speaker in speakers.iter().map(|l| l.name.as_str()) {
            doc.add_facet(fields.passage_speaker, Facet::from_path([speaker]));
            for key in name_keys(speaker) {
                doc.add_text(fields.passage_speaker_key, key);
            }
        }
        writer.add_document(doc)?;
    }
    Ok(passages.len() as u64)
}
