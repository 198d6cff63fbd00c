//! Block joins between articles and their passages.
//!
//! An article's passages follow its article document directly in the same segment, and each
//! passage stores its number as a fast field, so the article of passage document `d` is
//! `d - passage` (see `index-schema/schema.toml`). Two queries use this:
//! - [`ArticlesOf`], from passages to their articles. Article scope uses it for phrases:
//!   `article_text` keeps no positions, and a phrase matches an article when one of its
//!   passages holds the phrase.
//! - [`PassagesOf`], from articles to their passages. Passage scope uses it for what only the
//!   article document carries: a passage matches `country:Kenya` when its article does.
//!
//! [`ArticleFacetCounts`] counts matches by a facet of their articles the same way.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Facet;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyError, TERMINATED};

use super::{sum_counts, Scope, ScopeStatistics};
use crate::index::schema::{field, Fields};

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
        let numbers = reader.fast_fields().u64(field::PASSAGE)?;
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

/// Matches the passages of the articles that `articles` matches (a filter: every passage
/// scores 1). `articles` must match article documents only.
#[derive(Debug)]
pub(crate) struct PassagesOf {
    articles: Box<dyn Query>,
}

impl Clone for PassagesOf {
    fn clone(&self) -> PassagesOf {
        PassagesOf { articles: self.articles.box_clone() }
    }
}

impl PassagesOf {
    /// The passages of the articles that `articles` matches.
    pub fn new(articles: Box<dyn Query>) -> PassagesOf {
        PassagesOf { articles }
    }
}

impl Query for PassagesOf {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // A filter: the articles are only matched, never scored.
        let unscored = match scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(scoring.schema()),
        };
        Ok(Box::new(PassagesOfWeight { articles: self.articles.weight(unscored)? }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.articles.query_terms(visitor);
    }
}

struct PassagesOfWeight {
    articles: Box<dyn Weight>,
}

impl Weight for PassagesOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let articles = self.articles.scorer(reader, boost)?;
        let numbers = reader.fast_fields().u64(field::PASSAGE)?;
        Ok(Box::new(PassagesOfScorer::new(articles, numbers, reader.max_doc())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is not a passage of a matching article"
            )));
        }
        Ok(Explanation::new("a passage of a matching article", 1.0))
    }
}

/// Walks the passages of the matching articles in document order: after each matching article
/// document, the documents numbered 1, 2, ... that follow it.
struct PassagesOfScorer {
    articles: Box<dyn Scorer>,
    /// Each passage document's number: its distance from its article document.
    numbers: Column<u64>,
    max_doc: DocId,
    /// The current passage, or `TERMINATED`.
    doc: DocId,
}

impl PassagesOfScorer {
    fn new(articles: Box<dyn Scorer>, numbers: Column<u64>, max_doc: DocId) -> PassagesOfScorer {
        let mut scorer = PassagesOfScorer { articles, numbers, max_doc, doc: 0 };
        scorer.first_passage();
        scorer
    }

    /// Whether document `doc` is passage `number` of its article.
    fn is_passage(&self, doc: DocId, number: DocId) -> bool {
        doc < self.max_doc && self.numbers.first(doc) == Some(u64::from(number))
    }

    /// Moves to the first passage of the current article, or of the next matching article that
    /// has passages.
    fn first_passage(&mut self) -> DocId {
        let mut article = self.articles.doc();
        while article != TERMINATED && !self.is_passage(article + 1, 1) {
            article = self.articles.advance();
        }
        self.doc = if article == TERMINATED { TERMINATED } else { article + 1 };
        self.doc
    }
}

impl DocSet for PassagesOfScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.doc + 1;
        if self.is_passage(next, next - self.articles.doc()) {
            self.doc = next;
            return next;
        }
        self.articles.advance();
        self.first_passage()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        // The article that `target` belongs to, or `target` itself when it is no passage.
        let number = self.numbers.first(target).unwrap_or(0);
        let article = target.saturating_sub(u32::try_from(number).unwrap_or(0));
        if self.articles.doc() < article {
            self.articles.seek(article);
        }
        if number > 0 && self.articles.doc() == article {
            self.doc = target;
            return target;
        }
        // The first passage after `target`: of `target` itself when it is a matching article,
        // else of the next matching article.
        self.first_passage()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.articles.size_hint().saturating_mul(PASSAGES_PER_ARTICLE)
    }
}

impl Scorer for PassagesOfScorer {
    fn score(&mut self) -> Score {
        1.0
    }
}

/// About how many passages an article has, for the cost of [`PassagesOf`].
const PASSAGES_PER_ARTICLE: u32 = 10;

/// The article document of passage document `doc`, from the passages' `numbers`; `None` for a
/// document that is no passage.
pub(crate) fn article_of(numbers: &Column<u64>, doc: DocId) -> Option<DocId> {
    numbers.first(doc).and_then(|n| doc.checked_sub(u32::try_from(n).ok()?))
}

/// Counts matches by the values of a one-level facet (`/Kenya`) of their articles: an article
/// match counts its own values, a passage match its article's. A match counts once per value.
pub(crate) struct ArticleFacetCounts {
    field: &'static str,
    scope: Scope,
}

impl ArticleFacetCounts {
    /// Counts by `field`, a facet of article documents, for matches of `scope`'s kind.
    pub fn new(field: &'static str, scope: Scope) -> ArticleFacetCounts {
        ArticleFacetCounts { field, scope }
    }
}

pub(crate) struct SegmentArticleFacetCounts {
    values: FacetReader,
    /// Passage scope: each passage's number, to find its article (`doc - passage`).
    numbers: Option<Column<u64>>,
    /// Matches per facet ordinal of the segment.
    counts: Vec<u64>,
}

impl Collector for ArticleFacetCounts {
    /// Matches per value (the facet's last part).
    type Fruit = HashMap<String, u64>;
    type Child = SegmentArticleFacetCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentArticleFacetCounts> {
        let values = reader.facet_reader(self.field)?;
        let numbers = match self.scope {
            Scope::Article => None,
            Scope::Passage => Some(reader.fast_fields().u64(field::PASSAGE)?),
        };
        Ok(SegmentArticleFacetCounts { counts: vec![0; values.num_facets()], values, numbers })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<HashMap<String, u64>> {
        Ok(sum_counts(fruits))
    }
}

impl SegmentCollector for SegmentArticleFacetCounts {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let article = match &self.numbers {
            None => doc,
            Some(numbers) => match article_of(numbers, doc) {
                Some(article) => article,
                None => return,
            },
        };
        for ord in self.values.facet_ords(article) {
            if let Some(count) = self.counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        let ords: Vec<u64> = (0..self.counts.len() as u64).filter(|&ord| self.counts[ord as usize] > 0).collect();
        let mut named = HashMap::new();
        for (ord, value) in facet_values(&self.values, &ords) {
            *named.entry(value).or_default() += self.counts[ord as usize];
        }
        named
    }
}

/// The values (last parts) of the facets at sorted ordinals `ords` of a segment, with their
/// ordinals, read in one pass over its facet dictionary: looking each one up on its own
/// decompresses a dictionary block per value, which took 40% of a facet count over 85,000
/// articles. An ordinal the dictionary cannot name is left out.
pub(crate) fn facet_values(reader: &FacetReader, ords: &[u64]) -> Vec<(u64, String)> {
    let last_part = |facet: &Facet| facet.to_path().last().map_or_else(String::new, |s| s.to_string());
    let mut values = Vec::with_capacity(ords.len());
    let all_found = reader.facet_dict().sorted_ords_to_term_cb(ords, |bytes| {
        let facet = Facet::from_encoded(bytes.to_vec()).unwrap_or_else(|_| Facet::root());
        values.push(last_part(&facet));
    });
    if matches!(all_found, Ok(true)) {
        return ords.iter().copied().zip(values).collect();
    }
    // Some could not be read (a damaged index): name those that can be, one at a time.
    let mut facet = Facet::root();
    ords.iter()
        .filter_map(|&ord| reader.facet_from_ord(ord, &mut facet).ok().map(|()| (ord, last_part(&facet))))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    use tantivy::Term;

    use super::*;
    use crate::{Index, Indexer};

    /// A walk of [`PassagesOf`] by `advance`, and a `seek` to every document, give exactly the
    /// passages that follow a matching article, in every segment of an index built in several
    /// runs (articles of 1 to 4 passages, some without the country).
    #[test]
    fn passages_of_walks_and_seeks_to_the_passages_of_matching_articles() {
        let corpus = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for run in 0..3 {
            for i in 0..6 {
                let place = ["Kenya", "Chile", "Norway"][(run + i) % 3];
                let mut text = format!("date 2020-01-1{i} Talks opened in {place}.");
                for p in 0..(run + i) % 4 {
                    text.push_str(&format!("\n\nParagraph {p} of the talks."));
                }
                std::fs::write(corpus.path().join(format!("{run}-{i}.txt")), text).unwrap();
            }
            Indexer::new(dir.path()).run(corpus.path(), &mut ()).unwrap();
        }
        let index = Index::open(dir.path()).unwrap();
        let searcher = index.commit.reader.searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let kenya = Term::from_field_text(index.commit.fields.country_key, "kenya");
        let articles = TermQuery::new(kenya, IndexRecordOption::Basic);
        let weight = PassagesOf::new(Box::new(articles.clone()))
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .unwrap();
        let article_weight = articles.weight(EnableScoring::disabled_from_searcher(&searcher)).unwrap();
        let mut passages_seen = 0;
        for reader in searcher.segment_readers() {
            let numbers = reader.fast_fields().u64(field::PASSAGE).unwrap();
            let mut matching = HashSet::new();
            article_weight.for_each_no_score(reader, &mut |docs| matching.extend(docs.iter().copied())).unwrap();
            let expected: Vec<DocId> = (0..reader.max_doc())
                .filter(|&doc| {
                    let number = numbers.first(doc).unwrap_or(0) as DocId;
                    number > 0 && matching.contains(&(doc - number))
                })
                .collect();
            passages_seen += expected.len();

            let mut scorer = weight.scorer(reader, 1.0).unwrap();
            let mut walked = Vec::new();
            while scorer.doc() != TERMINATED {
                walked.push(scorer.doc());
                scorer.advance();
            }
            assert_eq!(walked, expected);
            for target in 0..=reader.max_doc() {
                let mut scorer = weight.scorer(reader, 1.0).unwrap();
                let next = expected.iter().copied().find(|&doc| doc >= target).unwrap_or(TERMINATED);
                assert_eq!(scorer.seek(target), next, "seek({target})");
                if next != TERMINATED {
                    let after = expected.iter().copied().find(|&doc| doc > next).unwrap_or(TERMINATED);
                    assert_eq!(scorer.advance(), after, "advance after seek({target})");
                }
            }
        }
        assert!(passages_seen > 6, "{passages_seen} passages of matching articles");
    }
}
