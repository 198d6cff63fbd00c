//! The articles an index holds, by id, kept in memory during a run: to refuse an id that another
//! file already uses, and to forget a file's articles when it changes or goes.

use std::collections::HashMap;

use tantivy::Searcher;

use crate::error::Result;
use crate::index::manifest::{column_strings, live_docs_of_kind};
use crate::index::schema::{field, Fields, KIND_ARTICLE};

/// The live articles of the index: where each id is (file, and line for JSON Lines), and the
/// ids of each file.
///
/// Held for every article of the index during a run, so kept small: the usual article, alone
/// in a file whose path is its id, is one boxed string; only the articles of other files (JSON
/// Lines, front matter with an `id`) record their place and are listed under their file.
#[derive(Default)]
pub(super) struct ArticleIds {
    /// Each id, with its place when that is not the id itself.
    place_of: HashMap<Box<str>, Option<Box<str>>>,
    /// The ids of each file whose articles are not named by its path.
    ids_of: HashMap<Box<str>, Vec<Box<str>>>,
}

impl ArticleIds {
    pub(super) fn load(searcher: &Searcher, fields: &Fields) -> Result<ArticleIds> {
        let mut ids = ArticleIds::default();
        for segment in searcher.segment_readers() {
            let docs = live_docs_of_kind(segment, fields, KIND_ARTICLE)?;
            let fast = segment.fast_fields();
            let (Some(id_column), Some(path_column)) = (fast.str(field::ARTICLE_ID)?, fast.str(field::PATH)?) else {
                continue;
            };
            if docs.is_empty() {
                continue;
            }
            let (id_by_ord, path_by_ord) = (column_strings(&id_column)?, column_strings(&path_column)?);
            for doc in docs {
                let id = id_column.term_ords(doc).next().and_then(|ord| id_by_ord.get(ord as usize));
                let path = path_column.term_ords(doc).next().and_then(|ord| path_by_ord.get(ord as usize));
                if let (Some(id), Some(path)) = (id, path) {
                    ids.insert(id, path, path);
                }
            }
        }
        Ok(ids)
    }

    /// Where the article `id` is (its file, and line for JSON Lines), if the index holds it.
    pub(super) fn place(&self, id: &str) -> Option<&str> {
        self.place_of.get_key_value(id).map(|(id, place)| place.as_deref().unwrap_or(id))
    }

    pub(super) fn insert(&mut self, id: &str, path: &str, place: &str) {
        if id == path && place == path {
            self.place_of.insert(id.into(), None);
        } else {
            self.ids_of.entry(path.into()).or_default().push(id.into());
            self.place_of.insert(id.into(), Some(place.into()));
        }
    }

    /// Forgets the articles of the file `path`.
    pub(super) fn remove_file(&mut self, path: &str) {
        for id in self.ids_of.remove(path).unwrap_or_default() {
            self.place_of.remove(&id);
        }
        // The article named by the path itself, unless that id belongs to another file.
        if let Some(None) = self.place_of.get(path) {
            self.place_of.remove(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ArticleIds;

    #[test]
    fn article_ids_know_places_and_forget_files() {
        let mut ids = ArticleIds::default();
        // A text file's one article, named by its path.
        ids.insert("a/1.txt", "a/1.txt", "a/1.txt");
        // A JSON Lines file's articles, placed by line; one is named like the text file below.
        ids.insert("wire-7", "feed.jsonl", "feed.jsonl:3");
        ids.insert("b/2.txt", "feed.jsonl", "feed.jsonl:4");
        assert_eq!(ids.place("a/1.txt"), Some("a/1.txt"));
        assert_eq!(ids.place("wire-7"), Some("feed.jsonl:3"));
        assert_eq!(ids.place("b/2.txt"), Some("feed.jsonl:4"));
        assert_eq!(ids.place("missing"), None);

        // Forgetting the file b/2.txt must not forget the JSON Lines article of that id.
        ids.remove_file("b/2.txt");
        assert_eq!(ids.place("b/2.txt"), Some("feed.jsonl:4"));

        ids.remove_file("a/1.txt");
        assert_eq!(ids.place("a/1.txt"), None);
        ids.remove_file("feed.jsonl");
        assert_eq!(ids.place("wire-7"), None);
        assert_eq!(ids.place("b/2.txt"), None);
        assert!(ids.place_of.is_empty() && ids.ids_of.is_empty());
    }
}
