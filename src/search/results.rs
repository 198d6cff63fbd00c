//! What a search answers: hits with their passages and highlights, totals and facet counts.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::article::ArticleMeta;

use super::request::Scope;

/// One result: a passage, its article's metadata, and where the query matched in it.
///
/// The passage fields (`passage` to `highlights`) describe the hit's best passage. When more
/// passages per article were asked for ([`SearchRequest::passages`](super::SearchRequest::passages)), the next best are in
/// `more_passages`, and `other_matching_passages` counts the article's matching passages that
/// are not shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// BM25 score of the article (article scope) or passage (passage scope).
    pub score: f32,
    /// The article: id, date, headline, place in the corpus, source, countries and speakers.
    #[serde(flatten)]
    pub article: ArticleMeta,
    /// The passage's 1-based number in the article.
    pub passage: u32,
    /// The passage's byte range in the article body.
    pub byte_range: Range<usize>,
    /// The speakers quoted in this passage.
    pub passage_speakers: Vec<String>,
    /// The passage text.
    pub text: String,
    /// Byte ranges of the matches in `text`.
    pub highlights: Vec<Range<usize>>,
    /// Further passages of the same article, best first, when more than one per article was
    /// asked for; empty otherwise.
    #[serde(default)]
    pub more_passages: Vec<PassageText>,
    /// How many other passages of the article match, beyond those shown in this hit. In article
    /// scope a passage matches when it holds any of the query's words or phrases (and quotes
    /// the requested speaker, if any); in passage scope, when it matches the whole request.
    #[serde(default)]
    pub other_matching_passages: u64,
    /// With [`SearchRequest::dedup`](super::SearchRequest::dedup): the other articles of this
    /// hit's story (its cluster of near-duplicates) that match the request, by id, earliest
    /// first. A story is one hit, shown by its best-ranked matching article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

impl Hit {
    /// The passages this hit shows, best first: its own passage, then `more_passages`.
    pub fn shown_passages(&self) -> impl Iterator<Item = PassageText> + '_ {
        let first = PassageText {
            passage: self.passage,
            byte_range: self.byte_range.clone(),
            passage_speakers: self.passage_speakers.clone(),
            text: self.text.clone(),
            highlights: self.highlights.clone(),
        };
        std::iter::once(first).chain(self.more_passages.iter().cloned())
    }
}

/// One passage of an article, with the query's matches in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PassageText {
    /// The passage's 1-based number in the article.
    pub passage: u32,
    /// The passage's byte range in the article body.
    pub byte_range: Range<usize>,
    /// The speakers quoted in this passage.
    pub passage_speakers: Vec<String>,
    /// The passage text. A sub-heading that heads the passage is its first line, followed by
    /// a blank line (see [`PassageText::heading`]).
    pub text: String,
    /// Byte ranges of the matches in `text` (empty without a query).
    pub highlights: Vec<Range<usize>>,
}

impl PassageText {
    /// No passage: what shows an article without text.
    pub(crate) fn empty() -> PassageText {
        PassageText {
            passage: 0,
            byte_range: 0..0,
            passage_speakers: Vec::new(),
            text: String::new(),
            highlights: Vec::new(),
        }
    }

    /// The sub-heading that opens this passage, if any: passages are paragraphs, and only a
    /// sub-heading is joined to the paragraph below it, across a blank line.
    pub fn heading(&self) -> Option<&str> {
        let (first, rest) = self.text.split_once('\n')?;
        let blank = rest.lines().next().is_some_and(|line| line.trim().is_empty());
        (blank && !first.trim().is_empty()).then_some(first)
    }
}

/// A facet value and how many results have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FacetCount {
    /// The value: a country, a speaker or a year.
    pub value: String,
    /// Results (articles or passages, per the scope) with that value.
    pub count: u64,
}

/// Counts over the whole result set, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Facets {
    /// By country of the article.
    pub countries: Vec<FacetCount>,
    /// By speaker: of the article in article scope, of the passage in passage scope.
    pub speakers: Vec<FacetCount>,
    /// By year of the article's date, in year order.
    pub years: Vec<FacetCount>,
    /// By month of the article's date (`YYYY-MM`), in month order.
    pub months: Vec<FacetCount>,
}

/// A facet: what results can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetField {
    /// The article's countries.
    Country,
    /// The article's speakers (article scope) or the passage's quoted speakers (passage scope).
    Speaker,
    /// The year of the article's date.
    Year,
    /// The month of the article's date (`YYYY-MM`).
    Month,
}

impl Facets {
    /// The counts of one facet: most frequent first for countries and speakers, in date
    /// order for years and months.
    pub fn get(&self, field: FacetField) -> &[FacetCount] {
        match field {
            FacetField::Country => &self.countries,
            FacetField::Speaker => &self.speakers,
            FacetField::Year => &self.years,
            FacetField::Month => &self.months,
        }
    }

    /// The `n` most frequent values of `field` (ties broken by value), kept in the order of
    /// [`Facets::get`]; all of them when `n` is `None`.
    pub fn top(&self, field: FacetField, n: Option<usize>) -> Vec<FacetCount> {
        let all = self.get(field);
        let Some(n) = n.filter(|&n| n < all.len()) else { return all.to_vec() };
        let mut by_count: Vec<&FacetCount> = all.iter().collect();
        by_count.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        let kept: std::collections::HashSet<&str> = by_count[..n].iter().map(|c| c.value.as_str()).collect();
        all.iter().filter(|c| kept.contains(c.value.as_str())).cloned().collect()
    }
}

/// The answer to a [`SearchRequest`](super::SearchRequest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SearchResults {
    /// The scope of the search: what `total` and the facets count.
    pub scope: Scope,
    /// How many articles (or passages) match in all: articles in article scope and with
    /// `per_article`, passages otherwise.
    pub total: u64,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// The facet counts, when asked for. They count what the scope matches (passages in
    /// passage scope, with `per_article` too).
    pub facets: Option<Facets>,
    /// Whether a passage-scope search kept one hit per article (and `total` counts articles).
    #[serde(default)]
    pub per_article: bool,
    /// Whether the search counted stories ([`SearchRequest::dedup`](super::SearchRequest::dedup)):
    /// then `total` and the facets count each cluster of near-duplicates once.
    #[serde(default)]
    pub dedup: bool,
}
