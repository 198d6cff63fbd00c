//! An article: its metadata ([`ArticleMeta`]), the one description of an article that every
//! part of dateline shares, and its text ([`Article`]).
//!
//! The same [`ArticleMeta`] is what the corpus reader fills from a file, what the index stores
//! for each article, and what a search [`Hit`](crate::Hit) and a shown article
//! ([`IndexedArticle`](crate::IndexedArticle)) carry; in their JSON its fields sit at the top
//! level, the id as `article_id`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// Who an article is, when and where it was published, and what it is about.
///
/// Read from a file, `countries` and `speakers` hold what the file *declared*; in the index
/// (and so on a hit) they hold the declared values, or where there were none, those dateline
/// derived from the text (see [`crate::extract`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ArticleMeta {
    /// Stable identifier: the path relative to the corpus root, or for JSON Lines the
    /// record's `id` (or `path:line` when it has none).
    #[serde(rename = "article_id")]
    pub id: String,
    /// Publication date.
    pub date: Date,
    /// Headline, where the file gives one.
    pub title: Option<String>,
    /// The file the article came from, relative to the corpus root.
    pub path: PathBuf,
    /// The line of the record, for JSON Lines; `None` for one-article files.
    pub line: Option<usize>,
    /// Publisher or wire, where given.
    pub source: Option<String>,
    /// Address of the original, where given.
    pub url: Option<String>,
    /// The article's countries.
    pub countries: Vec<String>,
    /// The article's speakers.
    pub speakers: Vec<String>,
    /// In an index, the cluster of near-duplicates (wire copies, reprints) the article is in,
    /// named by its representative's id (see [`crate::duplicates`]); `None` for an article
    /// without copies, and for an article read from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

impl ArticleMeta {
    /// The metadata of an article with the given identity and date, and nothing else.
    pub fn new(id: impl Into<String>, path: impl Into<PathBuf>, date: Date) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            date,
            title: None,
            path: path.into(),
            line: None,
            source: None,
            url: None,
            countries: Vec::new(),
            speakers: Vec::new(),
            cluster: None,
        }
    }
}

/// One dated news article as read from the corpus, before it is split into passages: its
/// metadata, with what its file gave, and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Id, date, place in the corpus and the metadata the file declared.
    pub meta: ArticleMeta,
    /// The article text. Passage byte ranges are offsets into this string.
    pub body: String,
}

impl Article {
    /// An article with the given identity, date and body and no metadata.
    pub fn new(id: impl Into<String>, path: impl Into<PathBuf>, date: Date, body: impl Into<String>) -> Article {
        Article { meta: ArticleMeta::new(id, path, date), body: body.into() }
    }
}
