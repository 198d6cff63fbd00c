//! From an article to its documents: the article document (whole text, countries, speakers,
//! stored record) and one document per passage, written as one group.

use std::sync::Arc;

use tantivy::indexer::UserOperation;
use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument};

use crate::analysis;
use crate::article::Article;
use crate::duplicates::Signature;
use crate::error::Result;
use crate::extract::{self, Labels};
use crate::index::copies::signature_bytes;
use crate::index::keys::{country_key, name_keys};
use crate::index::queue::{Queue, Queued};
use crate::index::schema::{Fields, KIND_ARTICLE, KIND_PASSAGE};
use crate::index::ArticleRecord;
use crate::passage::{self, Passage};

/// What a queued document costs beyond its text (ids, labels, field entries), roughly.
const DOCUMENT_OVERHEAD: usize = 512;

/// One article, ready to write.
pub(super) struct Prepared {
    pub(super) article: Article,
    pub(super) passages: Vec<Passage>,
    pub(super) labels: Labels,
    /// Its near-duplicate signature.
    pub(super) signature: Signature,
    /// The words of its headline and body (what `article_text` indexes).
    pub(super) words: u64,
}

pub(super) fn prepare(article: Article) -> Prepared {
    let passages = passage::split(&article.body);
    let labels = extract::label(&article, &passages);
    let signature = Signature::of(&article.body);
    let words = article.meta.title.as_deref().map_or(0, analysis::word_count) + analysis::word_count(&article.body);
    Prepared { article, passages, labels, signature, words }
}

/// Adds the fields both an article's document and its passages' documents carry, for
/// deletes and filters in either scope: identity, date and title. (Countries are the article
/// document's only: passage scope reaches them through the passage's article.)
fn shared_fields(doc: &mut TantivyDocument, fields: &Fields, article: &Article) {
    doc.add_text(fields.article_id, &article.meta.id);
    doc.add_text(fields.path, article.meta.path.to_string_lossy());
    doc.add_i64(fields.date, article.meta.date.day_number());
    if let Some(title) = &article.meta.title {
        doc.add_text(fields.title, title);
    }
}

/// The article document: the shared fields, the article's countries and speakers, its whole
/// text (for article scope), its near-duplicate signature and its stored record.
fn article_document(fields: &Fields, item: &Prepared) -> TantivyDocument {
    let Prepared { article, labels, signature, words, .. } = item;
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.kind, KIND_ARTICLE);
    shared_fields(&mut doc, fields, article);
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
    if let Some(title) = &article.meta.title {
        doc.add_text(fields.article_text, title);
    }
    doc.add_text(fields.article_text, &article.body);
    doc.add_u64(fields.words, *words);
    if let Some(bytes) = signature_bytes(signature) {
        doc.add_bytes(fields.copy_signature, &bytes);
    }
    let record = ArticleRecord::new(
        &article.meta,
        labels.country_names().into_iter().map(str::to_string).collect(),
        labels.speaker_names().into_iter().map(str::to_string).collect(),
    );
    doc.add_text(fields.record, serde_json::to_string(&record).expect("an article record serializes"));
    doc
}

/// Writes the article document and one document per passage, as one group: the passages
/// follow their article directly in one segment (see `index-schema/schema.toml`). Returns the
/// passage count.
pub(super) fn write_article(
    writer: &IndexWriter<Queued>,
    fields: &Fields,
    queue: &Arc<Queue>,
    item: &Prepared,
) -> Result<u64> {
    let Prepared { article, passages, labels, .. } = item;
    let mut group = Vec::with_capacity(passages.len() + 1);
    let article_bytes = article.body.len() + article.meta.title.as_ref().map_or(0, String::len) + DOCUMENT_OVERHEAD;
    group.push(UserOperation::Add(queue.track(article_document(fields, item), article_bytes)));
    for (passage, speakers) in passages.iter().zip(&labels.passage_speakers) {
        let mut doc = TantivyDocument::new();
        doc.add_text(fields.kind, KIND_PASSAGE);
        shared_fields(&mut doc, fields, article);
        doc.add_u64(fields.passage, u64::from(passage.number));
        doc.add_u64(fields.start, passage.range.start as u64);
        doc.add_u64(fields.end, passage.range.end as u64);
        let text = &article.body[passage.range.clone()];
        doc.add_text(fields.text, text);
        doc.add_text(fields.text_pairs, text);
        for speaker in speakers.iter().map(|l| l.name.as_str()) {
            doc.add_facet(fields.passage_speaker, Facet::from_path([speaker]));
            for key in name_keys(speaker) {
                doc.add_text(fields.passage_speaker_key, key);
            }
        }
        group.push(UserOperation::Add(queue.track(doc, passage.range.len() + DOCUMENT_OVERHEAD)));
    }
    writer.run(group)?;
    Ok(passages.len() as u64)
}
