//! An article as read from the corpus, before it is split into passages.

use std::path::PathBuf;

use crate::date::Date;

/// One dated news article, with the metadata its file gave (if any).
///
/// `countries` and `speakers` hold what the file *declared*; when they are empty,
/// dateline derives them from the text (see [`crate::extract`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identifier: the path relative to the corpus root, or for JSON Lines the
    /// record's `id` (or `path:line` when it has none).
    pub id: String,
    /// The file the article came from, relative to the corpus root.
    pub path: PathBuf,
    /// The line of the record, for JSON Lines; `None` for one-article files.
    pub line: Option<usize>,
    /// Publication date.
    pub date: Date,
    /// Headline, where the file gives one.
    pub title: Option<String>,
    /// The article text. Passage byte ranges are offsets into this string.
    pub body: String,
    /// Publisher or wire, where given.
    pub source: Option<String>,
    /// Address of the original, where given.
    pub url: Option<String>,
    /// Countries declared by the file's metadata.
    pub countries: Vec<String>,
    /// Speakers declared by the file's metadata.
    pub speakers: Vec<String>,
}

impl Article {
    /// An article with the given identity, date and body and no metadata.
    pub fn new(id: impl Into<String>, path: impl Into<PathBuf>, date: Date, body: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            path: path.into(),
            line: None,
            date,
            title: None,
            body: body.into(),
            source: None,
            url: None,
            countries: Vec::new(),
            speakers: Vec::new(),
        }
    }
}
