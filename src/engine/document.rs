//! The documents an engine holds for one article: the article's own, then one per passage,
//! each with the fields `index-schema/schema.toml` gives the engines.
//!
//! Both kinds carry the article's metadata (id, file, date, title, countries, speakers, source,
//! address) and the version of the article (`article_hash`), so that every filter and count
//! works on either without a join; only the article document carries `article_text_words`,
//! only a passage its number, byte range, speakers and text.

use std::borrow::Cow;

use serde_json::{Map, Value};
use xxhash_rust::xxh3::xxh3_64;

use crate::analysis::terms;
use crate::index::keys::{country_key, name_keys};
use crate::index::IndexInfo;
use crate::search::show::IndexedArticle;

/// One document for an engine: its fields, as JSON.
pub type Document = Map<String, Value>;

/// The engine's form of one of dateline's words: the word, with any white-space character in
/// it (Unicode word segmentation keeps a narrow no-break space inside `1 000`) replaced by
/// U+2060 WORD JOINER, so that the engine's white-space tokenizer keeps the word whole.
/// Queries are translated with the same function.
pub fn engine_word(term: &str) -> Cow<'_, str> {
    if term.chars().any(char::is_whitespace) {
        Cow::Owned(term.chars().map(|c| if c.is_whitespace() { '\u{2060}' } else { c }).collect())
    } else {
        Cow::Borrowed(term)
    }
}

/// dateline's analyzed words of `text`, in the engine's form, separated by single spaces.
pub fn engine_words(text: &str) -> String {
    let mut words = String::with_capacity(text.len());
    for term in terms(text) {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(&engine_word(&term));
    }
    words
}

/// The key of an article in the engine: 16 hex digits of XXH3-64 of its id. Short and of one
/// alphabet whatever the id, as engines' exact values and ids must be.
pub fn article_key(article_id: &str) -> String {
    format!("{:016x}", xxh3_64(article_id.as_bytes()))
}

/// The id of a document in the engine: its article's key, `-`, and the passage number (0 for
/// the article's own document).
pub fn doc_id(article_id: &str, passage: u32) -> String {
    format!("{}-{passage}", article_key(article_id))
}

/// The documents of an article: its own, then one per passage in order.
pub fn documents(article: &IndexedArticle) -> Vec<Document> {
    let meta = &article.meta;
    let mut shared = Document::new();
    insert(&mut shared, "article_id", meta.id.as_str());
    insert(&mut shared, "article_key", article_key(&meta.id));
    insert(&mut shared, "path", meta.path.to_string_lossy().as_ref());
    insert(&mut shared, "date", meta.date.to_string());
    insert(&mut shared, "day", meta.date.day_number());
    if let Some(title) = &meta.title {
        insert(&mut shared, "title", title.as_str());
        insert(&mut shared, "title_words", engine_words(title));
    }
    insert_list(&mut shared, "country", meta.countries.iter().cloned());
    insert_list(&mut shared, "country_key", meta.countries.iter().map(|c| country_key(c)));
    insert_list(&mut shared, "speaker", meta.speakers.iter().cloned());
    insert_list(&mut shared, "speaker_key", keys(&meta.speakers));
    if let Some(line) = meta.line {
        insert(&mut shared, "line", line as u64);
    }
    if let Some(source) = &meta.source {
        insert(&mut shared, "source", source.as_str());
    }
    if let Some(url) = &meta.url {
        insert(&mut shared, "url", url.as_str());
    }

    let mut own = shared.clone();
    insert(&mut own, "doc_id", doc_id(&meta.id, 0));
    insert(&mut own, "kind", "article");
    insert(&mut own, "passage", 0u64);
    // One value per passage, so that no exact phrase runs from one passage into the next: as in
    // the local index, where an article-scope phrase matches when one of its passages holds it.
    // The title's words count as the article's words, each a value of its own, so that no
    // phrase matches in the title, which is no passage. (Phrases with ~N can still run from
    // one value into the next: the translation matches them in the passages.)
    let title = meta.title.iter().flat_map(|title| terms(title)).map(|term| engine_word(&term).into_owned());
    let passages = article.passages.iter().map(|p| engine_words(&p.text));
    insert_list(&mut own, "article_text_words", title.chain(passages));

    let mut documents = vec![own];
    for passage in &article.passages {
        let mut doc = shared.clone();
        insert(&mut doc, "doc_id", doc_id(&meta.id, passage.passage));
        insert(&mut doc, "kind", "passage");
        insert(&mut doc, "passage", u64::from(passage.passage));
        insert(&mut doc, "start", passage.byte_range.start as u64);
        insert(&mut doc, "end", passage.byte_range.end as u64);
        insert_list(&mut doc, "passage_speaker", passage.passage_speakers.iter().cloned());
        insert_list(&mut doc, "passage_speaker_key", keys(&passage.passage_speakers));
        insert(&mut doc, "text", passage.text.as_str());
        insert(&mut doc, "text_words", engine_words(&passage.text));
        documents.push(doc);
    }
    // Every document names the version of its article, so that a push can remove an article's
    // older documents by query without touching the new ones.
    let hash = article_hash(&documents);
    for doc in &mut documents {
        insert(doc, "article_hash", hash.as_str());
    }
    documents
}

/// The document that tells what the engine holds: the local index's commit, as JSON in
/// `commit`, with a version of its own (`article_hash`), by which an older one is removed.
pub fn commit_document(info: &IndexInfo) -> Document {
    let mut doc = Document::new();
    insert(&mut doc, "doc_id", "commit");
    insert(&mut doc, "kind", KIND_COMMIT);
    insert(&mut doc, "commit", serde_json::to_string(info).expect("a commit record serializes"));
    let hash = article_hash(std::slice::from_ref(&doc));
    insert(&mut doc, "article_hash", hash);
    doc
}

/// The kind of the commit document.
pub const KIND_COMMIT: &str = "commit";

/// XXH3-64 of the documents as JSON, as 16 hex digits: equal when nothing exported changed.
fn article_hash(documents: &[Document]) -> String {
    let json = serde_json::to_vec(documents).expect("documents serialize");
    format!("{:016x}", xxh3_64(&json))
}

/// The filter keys of speakers' names: full names and surnames, each once.
fn keys(names: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for key in names.iter().flat_map(|name| name_keys(name)) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

fn insert(doc: &mut Document, name: &str, value: impl Into<Value>) {
    doc.insert(name.to_string(), value.into());
}

/// Inserts a list of values, or nothing when it is empty.
fn insert_list(doc: &mut Document, name: &str, values: impl IntoIterator<Item = impl Into<Value>>) {
    let values: Vec<Value> = values.into_iter().map(Into::into).collect();
    if !values.is_empty() {
        doc.insert(name.to_string(), Value::Array(values));
    }
}
