//! BM25 statistics of one scope: articles are ranked among articles, passages among passages.

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::error::Result;
use crate::index::schema::Fields;

use super::request::Scope;

/// BM25 statistics restricted to one kind of document, so that articles are scored against
/// articles and passages against passages although both live in one index.
pub(super) struct ScopeStatistics<'a> {
    searcher: &'a Searcher,
    docs: u64,
}

impl<'a> ScopeStatistics<'a> {
    pub(super) fn new(searcher: &'a Searcher, fields: &Fields, scope: Scope) -> Result<ScopeStatistics<'a>> {
        let docs = searcher.doc_freq(&Term::from_field_text(fields.kind, scope.kind()))?;
        Ok(ScopeStatistics { searcher, docs: docs.max(1) })
    }
}

impl Bm25StatisticsProvider for ScopeStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_tokens(self.searcher, field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        // Text terms live in one kind only; fields on both kinds (title) are clamped.
        Ok(self.searcher.doc_freq(term)?.min(self.docs))
    }
}
