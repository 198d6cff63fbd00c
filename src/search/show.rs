//! Showing one article whole: its metadata and every passage in order, with a query's matches
//! highlighted, from what the index stores (the corpus files are not read again).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::highlight::Highlighter;
use super::Index;
use super::{filter, query, term_query, PassageText};
use crate::article::ArticleMeta;
use crate::error::{Error, Result};
use crate::index::schema::KIND_ARTICLE;

/// How many ids an unknown-id error suggests at most.
const SUGGESTIONS: usize = 3;

/// An article as the index holds it: its metadata and all its passages, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndexedArticle {
    /// The article: id, date, headline, place in the corpus, source, countries and speakers.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// Every passage, in order; `highlights` mark the query's words and phrases when a query
    /// was given.
    pub passages: Vec<PassageText>,
}

impl IndexedArticle {
    /// The passages with at least one highlight.
    pub fn matching_passages(&self) -> impl Iterator<Item = &PassageText> {
        self.passages.iter().filter(|p| !p.highlights.is_empty())
    }
}

impl Index {
    /// The article with id `id`, with every passage; with a `query`, the query's words and
    /// phrases are highlighted as in search hits (excluded words and field terms such as
    /// `country:` are not highlighted).
    ///
    /// Errors: [`Error::ArticleNotFound`] when no article has this id, with the closest ids
    /// as suggestions; [`Error::Query`] for a malformed query.
    ///
    /// ```no_run
    /// let index = dateline::Index::open("my-index")?;
    /// let article = index.article("2019/geneva-talks.txt", Some("ceasefire"))?;
    /// for passage in article.matching_passages() {
    ///     println!("{} {:?}", passage.passage, passage.highlights);
    /// }
    /// # Ok::<(), dateline::Error>(())
    /// ```
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<IndexedArticle> {
        self.commit.reading(|| self.run_article(id, query))
    }

    /// [`Index::article`], with errors as tantivy reports them.
    fn run_article(&self, id: &str, query: Option<&str>) -> Result<IndexedArticle> {
        let highlighter = match query {
            Some(text) => Some(Highlighter::new(query::parse(text)?.positive_text_atoms())),
            None => None,
        };
        let searcher = self.commit.reader.searcher();
        let Some(address) = self.article_address(&searcher, id)? else {
            let suggestions = self.closest_ids(&searcher, id)?;
            return Err(Error::ArticleNotFound { id: id.to_string(), suggestions });
        };
        let record = self.record(&searcher, address)?;
        let mut passages = Vec::new();
        for passage in self.passages_of(&searcher, address)? {
            let doc: TantivyDocument = searcher.doc(passage)?;
            passages.push(self.passage_text(&doc, highlighter.as_ref()));
        }
        Ok(IndexedArticle { meta: record, passages })
    }

    /// Calls `each` with every article of the index, whole (metadata and passages, without
    /// highlights), in the order of their ids; stops at the first error `each` returns.
    ///
    /// ```no_run
    /// let index = dateline::Index::open("my-index")?;
    /// let mut passages = 0;
    /// index.for_each_article(|article| {
    ///     passages += article.passages.len();
    ///     Ok(())
    /// })?;
    /// # Ok::<(), dateline::Error>(())
    /// ```
    pub fn for_each_article(&self, mut each: impl FnMut(IndexedArticle) -> Result<()>) -> Result<()> {
        self.commit.reading(|| {
            let searcher = self.commit.reader.searcher();
            for (_, address) in self.articles_by_id(&searcher)? {
                let meta = self.record(&searcher, address)?;
                let mut passages = Vec::new();
                for passage in self.passages_of(&searcher, address)? {
                    let doc: TantivyDocument = searcher.doc(passage)?;
                    passages.push(self.passage_text(&doc, None));
                }
                each(IndexedArticle { meta, passages })?;
            }
            Ok(())
        })
    }

    /// The address of every article document, sorted by article id.
    fn articles_by_id(&self, searcher: &Searcher) -> Result<Vec<(String, DocAddress)>> {
        let articles = term_query(self.commit.fields.kind, KIND_ARTICLE);
        let mut found = Vec::new();
        for address in searcher.search(&*articles, &DocSetCollector)? {
            let segment = searcher.segment_reader(address.segment_ord);
            let ids = segment
                .fast_fields()
                .str(crate::index::schema::field::ARTICLE_ID)?
                .ok_or_else(|| self.damaged("the article ids have no column"))?;
            let mut id = String::new();
            match ids.term_ords(address.doc_id).next() {
                Some(ord) => ids.ord_to_str(ord, &mut id).map_err(crate::error::index_io)?,
                None => return Err(self.damaged("an article has no id")),
            };
            found.push((id, address));
        }
        found.sort();
        Ok(found)
    }

    /// The address of the article document with this id, if there is one.
    pub(super) fn article_address(&self, searcher: &Searcher, id: &str) -> Result<Option<DocAddress>> {
        let query = BooleanQuery::new(vec![
            filter(term_query(self.commit.fields.kind, KIND_ARTICLE)),
            filter(term_query(self.commit.fields.article_id, id)),
        ]);
        Ok(searcher.search(&query, &DocSetCollector)?.into_iter().min())
    }

    /// The indexed article ids closest to `id`, best first: ids that contain it (a file name
    /// without its folder, say), then ids that are spelled alike.
    pub(super) fn closest_ids(&self, searcher: &Searcher, id: &str) -> Result<Vec<String>> {
        let wanted = id.trim().to_lowercase();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        // Best score per id; the dictionaries may hold ids of deleted articles, checked below.
        let mut scored: BTreeMap<String, f64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let ids = segment.inverted_index(self.commit.fields.article_id)?;
            let mut terms = ids.terms().stream().map_err(crate::error::index_io)?;
            while terms.advance() {
                let Ok(candidate) = std::str::from_utf8(terms.key()) else { continue };
                if scored.contains_key(candidate) {
                    continue;
                }
                let score = likeness(&wanted, candidate);
                if score >= 0.7 {
                    scored.insert(candidate.to_string(), score);
                }
            }
        }
        let mut ranked: Vec<(String, f64)> = scored.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut found = Vec::new();
        for (candidate, _) in ranked {
            let alive = BooleanQuery::new(vec![(Occur::Must, term_query(self.commit.fields.article_id, &candidate))]);
            if searcher.search(&alive, &Count)? > 0 {
                found.push(candidate);
                if found.len() == SUGGESTIONS {
                    break;
                }
            }
        }
        Ok(found)
    }
}

/// How much an indexed id looks like the (lower-cased) id asked for, from 0 to 2: an id that
/// contains it scores above 1 (more the closer their lengths), others their normalized
/// Damerau-Levenshtein similarity (a swap of two letters is one edit), of the whole id or of
/// its file name.
fn likeness(wanted: &str, candidate: &str) -> f64 {
    let candidate = candidate.to_lowercase();
    if candidate.contains(wanted) {
        return 1.0 + wanted.len() as f64 / candidate.len() as f64;
    }
    let name = candidate.rsplit('/').next().unwrap_or(&candidate);
    let similarity = strsim::normalized_damerau_levenshtein;
    similarity(wanted, &candidate).max(similarity(wanted, name))
}

#[cfg(test)]
mod tests {
    use super::likeness;

    #[test]
    fn ids_containing_the_request_rank_first_then_near_spellings() {
        let asked = "geneva-talks.txt";
        assert!(likeness(asked, "2019/geneva-talks.txt") > 1.0);
        let typo = likeness("2019/geneva-tlaks.txt", "2019/geneva-talks.txt");
        assert!((0.8..1.0).contains(&typo), "{typo}");
        assert!(likeness(asked, "2020/port-strike.txt") < 0.7);
    }
}
