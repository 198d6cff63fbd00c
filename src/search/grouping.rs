//! Grouping passage matches by article: what a passage-scope search with
//! [`per_article`](super::SearchRequest::per_article) ranks.
//!
//! An article's passages follow its article document in the same segment, and passage
//! document `d` belongs to the article document `d - passage` (see `index-schema/schema.toml`),
//! so matches are grouped without reading any stored document.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::schema::field;

/// The matching passages of one article.
#[derive(Debug, Clone)]
pub(crate) struct ArticleGroup {
    /// The segment of the article and its passages.
    pub segment: SegmentOrdinal,
    /// The article document.
    pub article: DocId,
    /// How many of its passages match.
    pub matching: u64,
    /// Its best matching passages, best first: (score, passage document).
    pub best: Vec<(Score, DocId)>,
}

impl ArticleGroup {
    /// The article's score: that of its best passage.
    pub fn score(&self) -> Score {
        self.best.first().map_or(0.0, |&(score, _)| score)
    }
}

/// Collects every matching passage into groups by article, keeping the `keep` best passages
/// of each. The fruit is sorted best article first (ties in document order).
pub(crate) struct PassagesByArticle {
    keep: usize,
}

impl PassagesByArticle {
    /// Keeps the `keep` best passages of each article (at least one).
    pub fn new(keep: usize) -> PassagesByArticle {
        PassagesByArticle { keep: keep.max(1) }
    }
}

pub(crate) struct SegmentPassagesByArticle {
    segment: SegmentOrdinal,
    numbers: Column<u64>,
    keep: usize,
    groups: HashMap<DocId, ArticleGroup>,
}

/// Best first; ties in document order, so results are stable.
fn by_score(a: &(Score, DocId), b: &(Score, DocId)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

impl Collector for PassagesByArticle {
    type Fruit = Vec<ArticleGroup>;
    type Child = SegmentPassagesByArticle;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let numbers = reader.fast_fields().u64(field::PASSAGE)?;
        Ok(SegmentPassagesByArticle { segment, numbers, keep: self.keep, groups: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<ArticleGroup>>) -> tantivy::Result<Vec<ArticleGroup>> {
        let mut all: Vec<ArticleGroup> = fruits.into_iter().flatten().collect();
        all.sort_by(|a, b| {
            b.score().total_cmp(&a.score()).then(a.segment.cmp(&b.segment)).then(a.article.cmp(&b.article))
        });
        Ok(all)
    }
}

impl SegmentCollector for SegmentPassagesByArticle {
    type Fruit = Vec<ArticleGroup>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let number = self.numbers.first(doc).unwrap_or(0);
        let article = doc.saturating_sub(number as DocId);
        let segment = self.segment;
        let group = self.groups.entry(article).or_insert_with(|| ArticleGroup {
            segment,
            article,
            matching: 0,
            best: Vec::new(),
        });
        group.matching += 1;
        let at = group.best.partition_point(|kept| by_score(kept, &(score, doc)).is_lt());
        if at < self.keep {
            group.best.insert(at, (score, doc));
            group.best.truncate(self.keep);
        }
    }

    fn harvest(self) -> Vec<ArticleGroup> {
        self.groups.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_are_ordered_best_first_then_in_document_order() {
        let mut kept = vec![(2.0, 5), (1.0, 3)];
        let at = kept.partition_point(|k| by_score(k, &(1.0, 2)).is_lt());
        kept.insert(at, (1.0, 2));
        assert_eq!(kept, [(2.0, 5), (1.0, 2), (1.0, 3)]);
    }
}
