//! What a search asks for: the query, its scope, filters and how many hits.

use serde::{Deserialize, Serialize};

use crate::date::Period;
use crate::error::{Error, Result};
use crate::index::schema::{KIND_ARTICLE, KIND_PASSAGE};
use crate::search::query::{self, Query, QueryError};

/// What a query matches and what the results count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Every word anywhere in the article; one hit per article, shown by its best passage.
    #[default]
    Article,
    /// The whole query inside one passage; hits are passages, several per article possible.
    Passage,
}

impl Scope {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Scope::Article => KIND_ARTICLE,
            Scope::Passage => KIND_PASSAGE,
        }
    }
}

/// A search: the query, its scope, filters, paging and whether to count facets.
///
/// ```no_run
/// use dateline::{Index, Scope, SearchRequest};
///
/// let index = Index::open("my-index")?;
/// let request = SearchRequest::new("ceasefire").speaker("Solberg").from("2019".parse()?).limit(5);
/// for hit in index.search(&request)?.hits {
///     println!("{} {} {}", hit.article.date, hit.article.id, hit.text);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SearchRequest {
    /// The query, in dateline's query language (see [`query`](super::query)).
    pub query: String,
    /// Article or passage scope.
    pub scope: Scope,
    /// Keep articles dated on or after the first day of this period.
    pub from: Option<Period>,
    /// Keep articles dated on or before the last day of this period.
    pub to: Option<Period>,
    /// Keep articles with any of these countries (any alias or ISO code, any case).
    pub countries: Vec<String>,
    /// Keep passages (and articles) where any of these speakers is quoted (full name or surname).
    pub speakers: Vec<String>,
    /// How many hits to return.
    pub limit: usize,
    /// How many of the best hits to skip.
    pub offset: usize,
    /// Whether to count countries, speakers and years over the whole result set.
    pub facets: bool,
    /// How many passages to show per article hit, best first (at least 1; default 1). In
    /// passage scope more than one needs [`per_article`](Self::per_article).
    pub passages: usize,
    /// Passage scope: one hit per article, shown by its best matching passages (up to
    /// [`passages`](Self::passages)); `total` then counts articles. No effect in article scope,
    /// whose hits are articles already.
    pub per_article: bool,
    /// Whether every word outside quotes matches with edits, as if written `word~N` (see
    /// [`Query::with_auto_fuzzy`](super::query::Query::with_auto_fuzzy)).
    pub fuzzy: bool,
    /// Whether to count stories rather than articles: one hit per cluster of near-duplicates
    /// (the best-ranked matching member, with the other matching members in
    /// [`Hit::copies`](super::Hit::copies)), and totals and facets counting each story once, by
    /// its earliest matching article (see [`crate::duplicates`]).
    pub dedup: bool,
}

impl Default for SearchRequest {
    /// An empty query in article scope, the first 10 hits, no filters: a start for the
    /// filters and paging of requests that bring their own query (see [`SimilarRequest`](crate::SimilarRequest)).
    fn default() -> SearchRequest {
        SearchRequest::new("")
    }
}

/// What every way of running a request (the local index, an engine) reads from it alike.
impl SearchRequest {
    /// The query parsed, its words made fuzzy when the request asks for it.
    pub(crate) fn tree(&self) -> Result<Query> {
        let tree = query::parse(&self.query)?;
        Ok(if self.fuzzy { tree.with_auto_fuzzy() } else { tree })
    }

    /// The error for a query with nothing to search (only punctuation).
    pub(crate) fn nothing_searchable(&self) -> Error {
        let message = "the query has no searchable words: give letters or digits".to_string();
        Error::Query(QueryError { query: self.query.clone(), column: 0, message })
    }

    /// Refuses a date range that ends before it starts.
    pub(crate) fn check_dates(&self) -> Result<()> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from.first > to.last => {
                Err(Error::EmptyDateRange { from: from.first, to: to.last })
            }
            _ => Ok(()),
        }
    }
}

impl SearchRequest {
    /// A request for `query` in article scope, the first 10 hits, no filters.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            scope: Scope::Article,
            from: None,
            to: None,
            countries: Vec::new(),
            speakers: Vec::new(),
            limit: 10,
            offset: 0,
            facets: false,
            passages: 1,
            per_article: false,
            fuzzy: false,
            dedup: false,
        }
    }

    /// Sets the scope.
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// Keeps articles from the start of `period` on.
    pub fn from(mut self, period: Period) -> Self {
        self.from = Some(period);
        self
    }

    /// Keeps articles up to the end of `period`.
    pub fn to(mut self, period: Period) -> Self {
        self.to = Some(period);
        self
    }

    /// Adds a country filter (several are alternatives).
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.countries.push(country.into());
        self
    }

    /// Adds a speaker filter (several are alternatives).
    pub fn speaker(mut self, speaker: impl Into<String>) -> Self {
        self.speakers.push(speaker.into());
        self
    }

    /// Sets how many hits to return.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Sets how many of the best hits to skip.
    pub fn offset(mut self, offset: usize) -> Self {
        self.offset = offset;
        self
    }

    /// Asks for facet counts.
    pub fn facets(mut self, facets: bool) -> Self {
        self.facets = facets;
        self
    }

    /// Sets how many passages to show per article hit.
    pub fn passages(mut self, passages: usize) -> Self {
        self.passages = passages;
        self
    }

    /// In passage scope, keeps one hit per article (see [`SearchRequest::per_article`]).
    pub fn per_article(mut self, per_article: bool) -> Self {
        self.per_article = per_article;
        self
    }

    /// Whether hits are articles: always in article scope, with `per_article` in passage scope.
    pub(super) fn grouped(&self) -> bool {
        self.scope == Scope::Article || self.per_article
    }
    /// Makes every word outside quotes fuzzy (`--fuzzy`).
    pub fn fuzzy(mut self, fuzzy: bool) -> Self {
        self.fuzzy = fuzzy;
        self
    }

    /// Counts stories rather than articles (see [`SearchRequest::dedup`]).
    pub fn dedup(mut self, dedup: bool) -> Self {
        self.dedup = dedup;
        self
    }
}
