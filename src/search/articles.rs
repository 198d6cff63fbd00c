//! From passages to their articles: a query that matches the article documents having at least
//! one passage that matches an inner query (a block join).
//!
//! An article's passages follow its article document directly in the same segment, and each
//! passage stores its number as a fast field, so the article of passage document `d` is
//! `d - passage` (see `index-schema/schema.toml`). Article scope uses this for phrases:
//! `article_text` keeps no positions, and a phrase matches an article when one of its passages
//! holds the phrase.

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TantivyError, TERMINATED};

use super::{Scope, ScopeStatistics};
use crate::index::schema::Fields;

/// Matches the articles that have a passage matching `passages`; an article scores the sum of
/// its matching passages' scores, computed with the BM25 statistics of passages.
#[derive(Debug)]
pub(crate) struct ArticlesOf {
    passages: Box<dyn Query>,
    fields: Fields,
}

impl Clone for ArticlesOf {
    fn clone(&self) -> ArticlesOf {
        ArticlesOf { passages: self.passages.box_clone(), fields: self.fields }
    }
}

impl ArticlesOf {
    /// The articles of the passages that `passages` matches.
    pub fn new(passages: Box<dyn Query>, fields: Fields) -> ArticlesOf {
        ArticlesOf { passages, fields }
    }

    fn passage_weight(&self, searcher: &Searcher) -> tantivy::Result<Box<dyn Weight>> {
        let statistics = ScopeStatistics::new(searcher, &self.fields, Scope::Passage)
            .map_err(|error| TantivyError::InternalError(error.to_string()))?;
        self.passages.weight(EnableScoring::enabled_from_statistics_provider(&statistics, searcher))
    }
}

impl Query for ArticlesOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let passages = match scoring.searcher() {
            Some(searcher) if scoring.is_scoring_enabled() => self.passage_weight(searcher)?,
            _ => self.passages.weight(scoring)?,
        };
        Ok(Box::new(ArticlesOfWeight { passages }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.passages.query_terms(visitor);
    }
}

struct ArticlesOfWeight {
    passages: Box<dyn Weight>,
}

impl Weight for ArticlesOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let passages = self.passages.scorer(reader, boost)?;
        let numbers = reader.fast_fields().u64("passage")?;
        Ok(Box::new(ArticlesOfScorer::new(passages, numbers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} has no matching passage")));
        }
        Ok(Explanation::new("sum of the scores of the article's matching passages", scorer.score()))
    }
}

/// Walks the matching passages in document order, one article at a time.
struct ArticlesOfScorer {
    passages: Box<dyn Scorer>,
    /// Each passage document's number: its distance from its article document.
    numbers: Column<u64>,
    doc: DocId,
    score: Score,
}

impl ArticlesOfScorer {
    fn new(passages: Box<dyn Scorer>, numbers: Column<u64>) -> ArticlesOfScorer {
        let mut scorer = ArticlesOfScorer { passages, numbers, doc: 0, score: 0.0 };
        scorer.gather();
        scorer
    }

    /// The article document of a passage document.
    fn article_of(&self, passage: DocId) -> DocId {
        let number = self.numbers.first(passage).unwrap_or(0);
        passage.saturating_sub(number as DocId)
    }

    /// Moves to the article of the current passage, consuming all of that article's matching
    /// passages and summing their scores.
    fn gather(&mut self) -> DocId {
        let first = self.passages.doc();
        if first == TERMINATED {
            self.doc = TERMINATED;
            return TERMINATED;
        }
        let article = self.article_of(first);
        let mut score = 0.0;
        let mut passage = first;
        while passage != TERMINATED && self.article_of(passage) == article {
            score += self.passages.score();
            passage = self.passages.advance();
        }
        self.doc = article;
        self.score = score;
        article
    }
}

impl DocSet for ArticlesOfScorer {
    fn advance(&mut self) -> DocId {
        self.gather()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        // The passages of an article at or after `target` come after `target`.
        if self.passages.doc() < target {
            self.passages.seek(target);
        }
        while self.gather() < target {}
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.passages.size_hint()
    }
}

impl Scorer for ArticlesOfScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}
