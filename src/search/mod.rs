//! Searching an index: a [`SearchRequest`] in, ranked [`Hit`]s with highlights and facet counts out.
//!
//! The query is parsed ([`query`]), compiled to tantivy queries for the requested [`Scope`],
//! combined with the filters, and run with BM25 statistics of that scope's documents only
//! (articles are ranked among articles, passages among passages). In article scope each
//! matching article is then represented by its best passage: the passage of that article that
//! scores highest for the query's words and phrases (and, with a speaker filter, one where
//! that speaker is quoted).

mod articles;
pub(crate) mod filter_cache;
mod grouping;
pub mod highlight;
pub mod kwic;
mod pairs;
pub mod query;
pub mod show;
pub mod similar;
pub mod timeline;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::{Bound, Range};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, FacetCollector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    wildcard_query_to_regex_str, AllQuery, Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EmptyQuery,
    EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query as TantivyQuery, RangeQuery, RegexPhraseQuery, TermQuery,
    Weight,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use crate::analysis::pairs::PhraseWords;
use crate::date::{Date, Period};
use crate::error::{index_io, Error, Result};
use crate::extract::country::gazetteer;
use crate::index::schema::{Fields, KIND_ARTICLE, KIND_PASSAGE};
use crate::index::writer::{country_key, speaker_key};
use crate::index::{ArticleRecord, Index};
use articles::{ArticleFacetCounts, ArticlesOf, PassagesOf};
use filter_cache::CachedFilter;
use grouping::PassagesByArticle;
use highlight::Highlighter;
use pairs::PairPhraseQuery;
use query::{Atom, AtomTerm, Query, QueryError, QueryField};

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
    fn kind(self) -> &'static str {
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
///     println!("{} {} {}", hit.date, hit.article_id, hit.text);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query, in dateline's query language (see [`query`]).
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
    /// [`Query::with_auto_fuzzy`]).
    pub fuzzy: bool,
}

impl Default for SearchRequest {
    /// An empty query in article scope, the first 10 hits, no filters: a start for the
    /// filters and paging of requests that bring their own query (see [`SimilarRequest`](crate::SimilarRequest)).
    fn default() -> SearchRequest {
        SearchRequest::new("")
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
    fn grouped(&self) -> bool {
        self.scope == Scope::Article || self.per_article
    }
    /// Makes every word outside quotes fuzzy (`--fuzzy`).
    pub fn fuzzy(mut self, fuzzy: bool) -> Self {
        self.fuzzy = fuzzy;
        self
    }
}

/// One result: a passage, its article's metadata, and where the query matched in it.
///
/// The passage fields (`passage` to `highlights`) describe the hit's best passage. When more
/// passages per article were asked for ([`SearchRequest::passages`]), the next best are in
/// `more_passages`, and `other_matching_passages` counts the article's matching passages that
/// are not shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// BM25 score of the article (article scope) or passage (passage scope).
    pub score: f32,
    /// The article's id.
    pub article_id: String,
    /// The article's date.
    pub date: Date,
    /// The article's headline, if any.
    pub title: Option<String>,
    /// The file the article is in, relative to the corpus root.
    pub path: String,
    /// The line of the record, for JSON Lines.
    pub line: Option<u64>,
    /// The article's publisher, if given.
    pub source: Option<String>,
    /// The article's address, if given.
    pub url: Option<String>,
    /// The article's countries.
    pub countries: Vec<String>,
    /// The article's speakers.
    pub speakers: Vec<String>,
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
pub struct FacetCount {
    /// The value: a country, a speaker or a year.
    pub value: String,
    /// Results (articles or passages, per the scope) with that value.
    pub count: u64,
}

/// Counts over the whole result set, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// BM25 statistics restricted to one kind of document, so that articles are scored against
/// articles and passages against passages although both live in one index.
struct ScopeStatistics<'a> {
    searcher: &'a Searcher,
    docs: u64,
}

impl<'a> ScopeStatistics<'a> {
    fn new(searcher: &'a Searcher, fields: &Fields, scope: Scope) -> Result<ScopeStatistics<'a>> {
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

/// What choosing the passages that show each article hit needs, built once per search: the
/// weights are made once, and for each hit only its own passages (the documents right after
/// the article's) are scored.
struct PassageChoice {
    /// Passages that may show their article (a passage, quoting the requested speaker if any)
    /// and hold any of the query's positive words and phrases, scored among passages; `None`
    /// when the query has no such words.
    ranked: Option<Box<dyn Weight>>,
    /// Passages that may show their article.
    allowed: Box<dyn Weight>,
}

impl PassageChoice {
    fn new(
        searcher: &Searcher,
        statistics: &ScopeStatistics,
        filters: Vec<(Occur, Box<dyn TantivyQuery>)>,
        any_atom: Option<Box<dyn TantivyQuery>>,
    ) -> Result<PassageChoice> {
        let ranked = match any_atom {
            Some(atom) => {
                let mut clauses: Vec<_> = filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
                clauses.push((Occur::Must, atom));
                let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
                Some(BooleanQuery::new(clauses).weight(scoring)?)
            }
            None => None,
        };
        let allowed = BooleanQuery::new(filters).weight(EnableScoring::disabled_from_searcher(searcher))?;
        Ok(PassageChoice { ranked, allowed })
    }
}

/// The documents in `docs` (of the segment `reader`) that `weight` matches, with their scores:
/// how the passages of one article are scored in place, next to their article document.
fn matches_in(weight: &dyn Weight, reader: &SegmentReader, docs: &Range<DocId>) -> Result<Vec<(Score, DocId)>> {
    let mut found = Vec::new();
    if docs.is_empty() {
        return Ok(found);
    }
    let mut scorer = weight.scorer(reader, 1.0)?;
    let mut doc = scorer.doc();
    if doc < docs.start {
        doc = scorer.seek(docs.start);
    }
    while doc < docs.end {
        found.push((scorer.score(), doc));
        doc = scorer.advance();
    }
    Ok(found)
}

fn filter(query: Box<dyn TantivyQuery>) -> (Occur, Box<dyn TantivyQuery>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn term_query(field: Field, text: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
}

fn any_of(queries: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// A filter keeping the documents of `scope`'s kind.
fn kind_filter(fields: &Fields, scope: Scope) -> (Occur, Box<dyn TantivyQuery>) {
    filter(term_query(fields.kind, scope.kind()))
}

/// A filter keeping documents that quote any of `speakers` (keys in `field`).
fn speaker_filter(field: Field, speakers: &[String]) -> (Occur, Box<dyn TantivyQuery>) {
    filter(any_of(speakers.iter().map(|s| term_query(field, &speaker_key(s))).collect()))
}

/// A request compiled for an index: the parsed query and the tantivy query that matches the
/// request's documents (its query and filters, restricted to the documents of its scope).
pub(crate) struct Compiled {
    /// The parsed query, for highlighting.
    pub tree: Query,
    /// Matches the documents of the request's scope that pass its query and filters.
    pub query: BooleanQuery,
}

/// Compiles query trees to tantivy queries for one scope.
struct Compiler<'a> {
    fields: &'a Fields,
    /// The words whose pairs the index holds, for phrases of them.
    phrase_words: &'a PhraseWords,
    scope: Scope,
    /// The index as searched, for expanding prefixes and fuzzy words into its words.
    searcher: &'a Searcher,
    /// The query as typed, for errors.
    query: &'a str,
}

/// Matches documents dated from the first day of `from` to the last day of `to` (either
/// side open when `None`).
fn date_range(field: Field, from: Option<Period>, to: Option<Period>) -> Box<dyn TantivyQuery> {
    let bound = |date: Date| Term::from_field_date_for_search(field, date.to_tantivy());
    let lower = from.map_or(Bound::Unbounded, |p| Bound::Included(bound(p.first)));
    let upper = match to {
        None => Bound::Unbounded,
        Some(p) => p.end_exclusive().map_or(Bound::Included(bound(p.last)), |d| Bound::Excluded(bound(d))),
    };
    Box::new(RangeQuery::new(lower, upper))
}

/// The text of a word or phrase node, as typed.
fn node_text(query: &Query) -> &str {
    match query {
        Query::Word { text, .. }
        | Query::Prefix { text, .. }
        | Query::Fuzzy { text, .. }
        | Query::Phrase { text, .. } => text,
        _ => "",
    }
}

impl<'a> Compiler<'a> {
    fn new(index: &'a Index, scope: Scope, searcher: &'a Searcher, query: &'a str) -> Compiler<'a> {
        Compiler { fields: &index.fields, phrase_words: &index.phrase_words, scope, searcher, query }
    }

    fn text_field(&self) -> Field {
        match self.scope {
            Scope::Article => self.fields.article_text,
            Scope::Passage => self.fields.text,
        }
    }

    fn speaker_field(&self) -> Field {
        match self.scope {
            Scope::Article => self.fields.speaker_key,
            Scope::Passage => self.fields.passage_speaker_key,
        }
    }

    /// The words of `field` in the index that one position stands for: the term itself, or
    /// every word a prefix or fuzzy word matches (sorted). More than
    /// [`query::MAX_EXPANSIONS`] is a query error.
    fn expand(&self, field: Field, position: &AtomTerm) -> Result<Vec<String>> {
        let mut found = BTreeSet::new();
        let too_many = |typed: String, advice: &str| {
            let limit = query::MAX_EXPANSIONS;
            let message = format!("`{typed}` stands for more than {limit} different words in this index: {advice}");
            Error::Query(QueryError::about(self.query, position.text(), message))
        };
        match position {
            AtomTerm::Exact(term) => return Ok(vec![term.clone()]),
            AtomTerm::Prefix(prefix) => {
                for reader in self.searcher.segment_readers() {
                    let inverted = reader.inverted_index(field)?;
                    let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream().map_err(index_io)?;
                    while stream.advance() && stream.key().starts_with(prefix.as_bytes()) {
                        found.insert(String::from_utf8_lossy(stream.key()).into_owned());
                        if found.len() > query::MAX_EXPANSIONS {
                            return Err(too_many(format!("{prefix}*"), "give a longer prefix"));
                        }
                    }
                }
            }
            AtomTerm::Fuzzy { term, distance } => {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, term), *distance, true);
                for reader in self.searcher.segment_readers() {
                    let inverted = reader.inverted_index(field)?;
                    let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream().map_err(index_io)?;
                    while stream.advance() {
                        found.insert(String::from_utf8_lossy(stream.key()).into_owned());
                        if found.len() > query::MAX_EXPANSIONS {
                            return Err(too_many(
                                format!("{term}~{distance}"),
                                "allow fewer edits or give a longer word",
                            ));
                        }
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// A word, prefix, fuzzy word or phrase in an analyzed field (with positions if the atom
    /// has several); `None` when it has no searchable term.
    ///
    /// One position is a term query, or any of the words it expands to (each scored by BM25).
    /// Several exact positions are a phrase query (with the atom's slop); in passage text, an
    /// exact phrase of phrase words is read from their pairs instead (see
    /// [`crate::analysis::pairs`]) and scored as the phrase of words would be.
    /// Several positions of which some are prefixes or fuzzy words are a regex phrase query, a
    /// prefix becoming `prefix.*` and a fuzzy word the alternation of the words it expands to.
    fn atom_query(&self, field: Field, atom: &Atom) -> Result<Option<Box<dyn TantivyQuery>>> {
        if atom.is_empty() {
            return Ok(None);
        }
        let expanded = atom.terms.iter().map(|position| self.expand(field, position)).collect::<Result<Vec<_>>>()?;
        if expanded.iter().any(Vec::is_empty) {
            return Ok(Some(Box::new(EmptyQuery)));
        }
        let term = |text: &str| Term::from_field_text(field, text);
        if let [alternatives] = expanded.as_slice() {
            let mut queries: Vec<Box<dyn TantivyQuery>> = alternatives
                .iter()
                .map(|t| Box::new(TermQuery::new(term(t), IndexRecordOption::WithFreqs)) as Box<dyn TantivyQuery>)
                .collect();
            return Ok(Some(if queries.len() == 1 { queries.remove(0) } else { any_of(queries) }));
        }
        if let Some(exact) = atom.exact_terms() {
            let pairs =
                (field == self.fields.text && atom.slop == 0).then(|| self.phrase_words.pairs(&exact)).flatten();
            if let Some(pairs) = pairs {
                let words = exact.iter().map(|word| term(word)).collect();
                let pairs = pairs.iter().map(|pair| Term::from_field_text(self.fields.text_pairs, pair)).collect();
                return Ok(Some(Box::new(PairPhraseQuery::new(words, pairs))));
            }
            let mut phrase = PhraseQuery::new(exact.into_iter().map(term).collect());
            phrase.set_slop(atom.slop);
            return Ok(Some(Box::new(phrase)));
        }
        let patterns = atom
            .terms
            .iter()
            .zip(&expanded)
            .map(|(position, words)| match position {
                AtomTerm::Exact(t) => wildcard_query_to_regex_str(t),
                AtomTerm::Prefix(prefix) => format!("{}.*", wildcard_query_to_regex_str(prefix)),
                _ => format!(
                    "(?:{})",
                    words.iter().map(|w| wildcard_query_to_regex_str(w)).collect::<Vec<_>>().join("|")
                ),
            })
            .enumerate()
            .collect();
        Ok(Some(Box::new(RegexPhraseQuery::new_with_offset_and_slop(field, patterns, atom.slop))))
    }

    /// Words or a phrase of the body text. In article scope a phrase is matched in passages
    /// (`article_text` has no positions) and the articles of those passages are returned.
    fn text(&self, atom: &Atom) -> Result<Option<Box<dyn TantivyQuery>>> {
        if self.scope == Scope::Article && atom.terms.len() > 1 {
            let Some(in_passages) = self.atom_query(self.fields.text, atom)? else { return Ok(None) };
            return Ok(Some(Box::new(ArticlesOf::new(in_passages, *self.fields))));
        }
        self.atom_query(self.text_field(), atom)
    }

    /// `None` when the query has nothing searchable (only punctuation). Errors: a prefix or
    /// fuzzy word that stands for too many words of the index.
    fn compile(&self, query: &Query) -> Result<Option<Box<dyn TantivyQuery>>> {
        Ok(match query {
            Query::Word { field, .. }
            | Query::Prefix { field, .. }
            | Query::Fuzzy { field, .. }
            | Query::Phrase { field, .. } => {
                let text = node_text(query);
                let atom = || query.atom().unwrap_or(Atom { terms: Vec::new(), slop: 0 });
                match field {
                    QueryField::Text => self.text(&atom())?,
                    QueryField::Title => self.atom_query(self.fields.title, &atom())?,
                    QueryField::Country => Some(filter(country_query(self.fields, self.scope, [text])).1),
                    QueryField::Speaker => {
                        let key = speaker_key(text);
                        Some(filter(term_query(self.speaker_field(), &key)).1)
                    }
                    QueryField::Id => Some(filter(term_query(self.fields.article_id, text.trim())).1),
                    // The parser turns `date:` into `Query::Date`; a hand-built date word searches nothing.
                    _ => None,
                }
            }
            Query::Date { from, to } => Some(filter(date_range(self.fields.date, *from, *to)).1),
            Query::And(parts) => {
                let mut clauses = Vec::new();
                for part in parts {
                    match part {
                        Query::Not(inner) => clauses.extend(self.compile(inner)?.map(|q| (Occur::MustNot, q))),
                        other => clauses.extend(self.compile(other)?.map(|q| (Occur::Must, q))),
                    }
                }
                if clauses.is_empty() {
                    return Ok(None);
                }
                if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    clauses.push(filter(Box::new(AllQuery)));
                }
                Some(Box::new(BooleanQuery::new(clauses)))
            }
            Query::Or(parts) => {
                let mut alternatives = Vec::new();
                for part in parts {
                    alternatives.extend(self.compile(part)?);
                }
                (!alternatives.is_empty()).then(|| any_of(alternatives))
            }
            Query::Not(inner) => match self.compile(inner)? {
                None => None,
                Some(excluded) => {
                    Some(Box::new(BooleanQuery::new(vec![filter(Box::new(AllQuery)), (Occur::MustNot, excluded)])))
                }
            },
        })
    }

    /// Whether every document the compiled `query` matches is of the scope's kind, so that no
    /// kind filter is needed. Only article documents hold `article_text`, countries and
    /// `speaker_key`; only passages hold `text`, its pairs and `passage_speaker_key`; article
    /// scope matches a phrase in passages and returns their articles, and passage scope a
    /// country in articles and returns their passages. Titles, ids and dates are on both kinds
    /// (and `AllQuery` matches file documents too), so they do not confine a query. False when
    /// in doubt: the filter is then kept.
    fn confined(&self, query: &Query) -> bool {
        match query {
            Query::Word { field, .. }
            | Query::Prefix { field, .. }
            | Query::Fuzzy { field, .. }
            | Query::Phrase { field, .. } => {
                let searchable = query.atom().is_some_and(|atom| !atom.is_empty());
                match field {
                    QueryField::Text => searchable,
                    QueryField::Country | QueryField::Speaker => true,
                    _ => false,
                }
            }
            Query::And(parts) => parts.iter().any(|part| !matches!(part, Query::Not(_)) && self.confined(part)),
            Query::Or(parts) => !parts.is_empty() && parts.iter().all(|part| self.confined(part)),
            Query::Date { .. } | Query::Not(_) => false,
        }
    }

    /// Any of the query's positive words and phrases: what makes a passage the best of its article.
    fn any_atom(&self, atoms: &[Atom]) -> Option<Box<dyn TantivyQuery>> {
        let field = self.fields.text;
        let queries: Vec<_> = atoms.iter().filter_map(|atom| self.atom_query(field, atom).ok().flatten()).collect();
        (!queries.is_empty()).then(|| any_of(queries))
    }
}

/// The documents of `scope` whose article has any of `countries` (by any name the gazetteer
/// knows). Only article documents carry countries; a passage has its article's.
fn country_query<S: AsRef<str>>(
    fields: &Fields,
    scope: Scope,
    countries: impl IntoIterator<Item = S>,
) -> Box<dyn TantivyQuery> {
    let any = countries.into_iter().map(|c| term_query(fields.country_key, &resolve_country(c.as_ref()))).collect();
    match scope {
        Scope::Article => any_of(any),
        Scope::Passage => Box::new(PassagesOf::new(any_of(any))),
    }
}

/// The filter key of a country as a user typed it: the canonical name when the gazetteer
/// knows it, otherwise the text itself.
fn resolve_country(text: &str) -> String {
    country_key(&gazetteer().resolve(text).map_or_else(|| text.trim().to_string(), |c| c.name.clone()))
}

/// The values of a facet field in a stored document (the last path segment of each).
fn facet_values(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| value.as_facet().and_then(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok()))
        .filter_map(|facet| facet.to_path().last().map(|s| s.to_string()))
        .collect()
}

fn text_value(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

fn u64_value(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|v| v.as_u64())
}

/// Facet values and their counts, most frequent first (then by value).
fn by_count(mut values: Vec<FacetCount>) -> Vec<FacetCount> {
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values
}

/// Whether `query` reads more than `min_postings` postings (see [`postings_read`]).
fn is_heavy(searcher: &Searcher, query: &dyn TantivyQuery, min_postings: u64) -> bool {
    postings_read(searcher, query).is_some_and(|postings| postings > min_postings)
}

/// About how many postings `query` reads, from its terms' document frequencies (a dictionary
/// lookup per term and segment), a posting read with its positions counting four times;
/// `None` for a query without terms (a date range, all documents), whose cost this cannot tell.
fn postings_read(searcher: &Searcher, query: &dyn TantivyQuery) -> Option<u64> {
    reads(searcher, query).map(|reads| reads.postings.unwrap_or(0) + 4 * reads.with_positions)
}

/// The postings a query reads: see [`reads`].
#[derive(Clone, Copy)]
struct Reads {
    /// Postings read without positions; `None` when the query has no such term.
    postings: Option<u64>,
    /// Postings read with their positions (phrases).
    with_positions: u64,
}

/// The postings `query` reads. An intersection reads about as many as its rarest required
/// part, since the others are only skipped through to its documents: a rare word filtered by
/// a common country reads little. But a phrase checks positions at every document that has
/// all its words, whatever drives the intersection (an article-scope phrase walks the passages
/// of every article it is asked about), so positions always count in full. A union reads all
/// its parts.
fn reads(searcher: &Searcher, query: &dyn TantivyQuery) -> Option<Reads> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean.clauses();
        let parts = |occur: Occur| {
            clauses.iter().filter(move |(o, _)| *o == occur).filter_map(|(_, part)| reads(searcher, part.as_ref()))
        };
        let required: Vec<Reads> = parts(Occur::Must).collect();
        if !required.is_empty() {
            let postings = required.iter().filter_map(|part| part.postings).min();
            let with_positions = required.iter().map(|part| part.with_positions).sum();
            return Some(Reads { postings, with_positions });
        }
        return parts(Occur::Should).reduce(|a, b| Reads {
            postings: match (a.postings, b.postings) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            },
            with_positions: a.with_positions + b.with_positions,
        });
    }
    let mut found: Option<Reads> = None;
    query.query_terms(&mut |term, positions| {
        let docs = searcher.doc_freq(term).unwrap_or(0);
        let reads = found.get_or_insert(Reads { postings: None, with_positions: 0 });
        if positions {
            reads.with_positions += docs;
        } else {
            *reads.postings.get_or_insert(0) += docs;
        }
    });
    found
}

impl Index {
    /// Runs `collector` over the documents `query` matches, scored with `statistics` (or the
    /// searcher's own when `None`): on one thread per segment, up to one per core, when the
    /// query has many postings to read, else on the calling thread.
    pub(crate) fn collect<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        collector: &C,
        statistics: Option<&dyn Bm25StatisticsProvider>,
    ) -> tantivy::Result<C::Fruit> {
        let scoring = match statistics {
            Some(statistics) if collector.requires_scoring() => {
                EnableScoring::enabled_from_statistics_provider(statistics, searcher)
            }
            None if collector.requires_scoring() => EnableScoring::enabled_from_searcher(searcher),
            _ => EnableScoring::disabled_from_searcher(searcher),
        };
        let executor = self
            .parallel
            .executor_if(|min_postings| is_heavy(searcher, query, min_postings))
            .unwrap_or_else(|| searcher.index().search_executor());
        searcher.search_with_executor(query, collector, executor, scoring)
    }
}

impl Index {
    /// Runs a search.
    ///
    /// Errors: [`Error::Query`] for a malformed query (with the column), [`Error::Filter`] for
    /// a date range that ends before it starts, [`Error::Request`] for `passages` of 0, or above
    /// 1 in passage scope without `per_article`.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.reading(|| self.run_search(request))
    }

    /// [`Index::search`], with errors as tantivy reports them.
    fn run_search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.passages == 0 {
            return Err(Error::Request("--passages must be at least 1".into()));
        }
        if !request.grouped() && request.passages > 1 {
            return Err(Error::Request(
                "several passages per hit need hits that are articles: in passage scope add --per-article \
                 (one hit per article, shown by its best passages)"
                    .into(),
            ));
        }
        let compiled = self.compile(request)?;
        self.results(request, compiled)
    }

    /// The results of a compiled request: its hits (ranked by the compiled query, shown by
    /// their passages, highlighted by its tree), its total and its facets.
    pub(crate) fn results(&self, request: &SearchRequest, compiled: Compiled) -> Result<SearchResults> {
        let Compiled { tree, query } = compiled;
        let searcher = self.reader.searcher();
        let statistics = ScopeStatistics::new(&searcher, &self.fields, request.scope)?;
        let highlighter = Highlighter::new(tree.positive_text_atoms());
        let (hits, total) = match (request.scope, request.per_article) {
            (Scope::Article, _) => self.article_hits(&searcher, request, &tree, &query, &statistics, &highlighter)?,
            (Scope::Passage, false) => self.passage_hits(&searcher, request, &query, &statistics, &highlighter)?,
            (Scope::Passage, true) => {
                self.passage_hits_per_article(&searcher, request, &query, &statistics, &highlighter)?
            }
        };
        let facets = if request.facets { Some(self.facets(&searcher, &query, request.scope)?) } else { None };
        let per_article = request.scope == Scope::Passage && request.per_article;
        Ok(SearchResults { scope: request.scope, total, hits, facets, per_article })
    }

    /// The requested page of the best documents for `query`, and how many match in all.
    fn top_docs(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        request: &SearchRequest,
    ) -> Result<(Vec<(Score, DocAddress)>, u64)> {
        let top =
            (request.limit > 0).then(|| TopDocs::with_limit(request.limit).and_offset(request.offset).order_by_score());
        let (top, total) = self.collect(searcher, query, &(top, Count), Some(statistics))?;
        Ok((top.unwrap_or_default(), total as u64))
    }

    /// Article scope: the page of best articles, each shown by its best passages.
    fn article_hits(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        tree: &Query,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let (top, total) = self.top_docs(searcher, query, statistics, request)?;
        // What choosing an article's best passages needs, the same for every hit.
        let compiler = Compiler::new(self, Scope::Article, searcher, &request.query);
        let choice = PassageChoice::new(
            searcher,
            &ScopeStatistics::new(searcher, &self.fields, Scope::Passage)?,
            self.passage_filters(request),
            compiler.any_atom(&tree.positive_text_atoms()),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, address)) in top.into_iter().enumerate() {
            let record = self.record(searcher, address)?;
            let (passages, matching) = self.best_passages(searcher, &choice, address, request.passages)?;
            let docs = passages.iter().map(|&a| searcher.doc(a)).collect::<tantivy::Result<Vec<TantivyDocument>>>()?;
            let other = matching.saturating_sub(docs.len() as u64);
            hits.push(self.hit(record, &docs, request.offset + i + 1, score, highlighter, other));
        }
        Ok((hits, total))
    }

    /// Passage scope: the page of best passages; each counts the other passages of its
    /// article that match the request.
    fn passage_hits(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: &BooleanQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let (top, total) = self.top_docs(searcher, query, statistics, request)?;
        // Counts the matching passages of a hit's article among its passages, in place.
        let matches = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, address)) in top.into_iter().enumerate() {
            let passage: TantivyDocument = searcher.doc(address)?;
            let article = self.article_of(&passage, address)?;
            let record = self.record(searcher, article)?;
            let passages = self.passages_of(searcher, article)?;
            let range = passages.first().zip(passages.last()).map_or(0..0, |(a, b)| a.doc_id..b.doc_id + 1);
            let reader = searcher.segment_reader(article.segment_ord);
            let matching = matches_in(matches.as_ref(), reader, &range)?.len() as u64;
            let rank = request.offset + i + 1;
            hits.push(self.hit(record, &[passage], rank, score, highlighter, matching.saturating_sub(1)));
        }
        Ok((hits, total))
    }

    /// Passage scope, one hit per article: articles ranked by their best matching passage,
    /// each shown by up to `request.passages` of its matching passages.
    fn passage_hits_per_article(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let collector = PassagesByArticle::new(request.passages);
        let groups = self.collect(searcher, query, &collector, Some(statistics))?;
        let total = groups.len() as u64;
        let mut hits = Vec::new();
        for (i, group) in groups.into_iter().skip(request.offset).take(request.limit).enumerate() {
            let record = self.record(searcher, DocAddress::new(group.segment, group.article))?;
            let docs = group
                .best
                .iter()
                .map(|&(_, doc)| searcher.doc(DocAddress::new(group.segment, doc)))
                .collect::<tantivy::Result<Vec<TantivyDocument>>>()?;
            let other = group.matching.saturating_sub(docs.len() as u64);
            hits.push(self.hit(record, &docs, request.offset + i + 1, group.score(), highlighter, other));
        }
        Ok((hits, total))
    }

    /// The address of the article document of the passage document `passage` at `address`.
    fn article_of(&self, passage: &TantivyDocument, address: DocAddress) -> Result<DocAddress> {
        let doc = u64_value(passage, self.fields.passage)
            .and_then(|n| address.doc_id.checked_sub(u32::try_from(n).ok()?))
            .ok_or_else(|| self.damaged("a stored passage has no number"))?;
        Ok(DocAddress::new(address.segment_ord, doc))
    }

    /// Parses a request's query and compiles it, with the request's filters, to the tantivy
    /// query that matches the documents of the request's scope: what ranking, counting and
    /// every other view of a result set (facets, timelines, concordances) run.
    pub(crate) fn compile(&self, request: &SearchRequest) -> Result<Compiled> {
        let mut tree = query::parse(&request.query)?;
        if request.fuzzy {
            tree = tree.with_auto_fuzzy();
        }
        let searcher = self.reader.searcher();
        let compiler = Compiler::new(self, request.scope, &searcher, &request.query);
        let Some(user_query) = compiler.compile(&tree)? else {
            let message = "the query has no searchable words: give letters or digits".to_string();
            return Err(Error::Query(QueryError { query: request.query.clone(), column: 0, message }));
        };
        let mut clauses = vec![(Occur::Must, user_query)];
        // The kind filter is a long posting list to intersect with (a term of every article or
        // passage): left out when the query can only match documents of the scope's kind anyway.
        if !compiler.confined(&tree) {
            clauses.push(self.cached(kind_filter(&self.fields, request.scope)));
        }
        clauses.extend(self.request_filters(request, request.scope)?);
        Ok(Compiled { tree, query: BooleanQuery::new(clauses) })
    }

    /// The filters that choose among an article hit's passages.
    fn passage_filters(&self, request: &SearchRequest) -> Vec<(Occur, Box<dyn TantivyQuery>)> {
        let fields = &self.fields;
        let mut clauses = vec![filter(term_query(fields.kind, KIND_PASSAGE))];
        if !request.speakers.is_empty() {
            clauses.push(speaker_filter(fields.passage_speaker_key, &request.speakers));
        }
        clauses
    }

    /// The filters of a request, for documents of `scope`'s kind.
    fn filters(&self, request: &SearchRequest, scope: Scope) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let mut clauses = vec![self.cached(kind_filter(&self.fields, scope))];
        clauses.extend(self.request_filters(request, scope)?);
        Ok(clauses)
    }

    /// A filter kept as bitsets from its second search on (see [`filter_cache`]).
    fn cached(&self, (occur, filter): (Occur, Box<dyn TantivyQuery>)) -> (Occur, Box<dyn TantivyQuery>) {
        (occur, Box::new(CachedFilter::new(filter, Arc::clone(&self.filters))))
    }

    /// The date, country and speaker filters of a request, without the kind filter.
    fn request_filters(&self, request: &SearchRequest, scope: Scope) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let fields = &self.fields;
        let mut clauses = Vec::new();
        if request.from.is_some() || request.to.is_some() {
            if let (Some(from), Some(to)) = (request.from, request.to) {
                if from.first > to.last {
                    return Err(Error::Filter(format!(
                        "the date range is empty: --from {} is after --to {}",
                        from.first, to.last
                    )));
                }
            }
            clauses.push(self.cached(filter(date_range(fields.date, request.from, request.to))));
        }
        if !request.countries.is_empty() {
            clauses.push(self.cached(filter(country_query(fields, scope, &request.countries))));
        }
        if !request.speakers.is_empty() {
            let field = match scope {
                Scope::Article => fields.speaker_key,
                Scope::Passage => fields.passage_speaker_key,
            };
            clauses.push(self.cached(speaker_filter(field, &request.speakers)));
        }
        Ok(clauses)
    }

    /// The addresses of the passage documents of the article document at `article`, in order:
    /// they follow it directly in its segment, numbered from 1 (see `index-schema/schema.toml`).
    fn passages_of(&self, searcher: &Searcher, article: DocAddress) -> Result<Vec<DocAddress>> {
        let segment = searcher.segment_reader(article.segment_ord);
        let numbers = segment.fast_fields().u64("passage")?;
        let mut passages = Vec::new();
        for number in 1u32.. {
            let Some(doc) = article.doc_id.checked_add(number).filter(|&doc| doc < segment.max_doc()) else { break };
            if numbers.first(doc) != Some(u64::from(number)) {
                break;
            }
            passages.push(DocAddress::new(article.segment_ord, doc));
        }
        Ok(passages)
    }

    /// The addresses of the (up to) `n` passages that best represent the article at `article`
    /// for this request, best first, and how many of its passages match: those with any of
    /// the query's words or phrases (and the speaker) are ranked by BM25. When none has, the
    /// article is shown by its first passage that passes the filters (with the speaker), else
    /// by its first passage, and no passage counts as matching.
    fn best_passages(
        &self,
        searcher: &Searcher,
        choice: &PassageChoice,
        article: DocAddress,
        n: usize,
    ) -> Result<(Vec<DocAddress>, u64)> {
        let reader = searcher.segment_reader(article.segment_ord);
        let passages = self.passages_of(searcher, article)?;
        let range = match (passages.first(), passages.last()) {
            (Some(first), Some(last)) => first.doc_id..last.doc_id + 1,
            _ => return Ok((Vec::new(), 0)),
        };
        let address = |doc| DocAddress::new(article.segment_ord, doc);
        if let Some(ranked) = &choice.ranked {
            let mut found = matches_in(ranked.as_ref(), reader, &range)?;
            if !found.is_empty() {
                // Best first; equal scores in text order.
                found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let matching = found.len() as u64;
                return Ok((found.into_iter().take(n).map(|(_, doc)| address(doc)).collect(), matching));
            }
        }
        let allowed = matches_in(choice.allowed.as_ref(), reader, &range)?;
        let first = allowed.first().map_or(range.start, |&(_, doc)| doc);
        Ok((vec![address(first)], 0))
    }

    fn damaged(&self, reason: &str) -> Error {
        Error::Damaged { path: self.path.clone(), reason: reason.to_string() }
    }

    /// The stored record of the article document at `address`.
    fn record(&self, searcher: &Searcher, address: DocAddress) -> Result<ArticleRecord> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json =
            text_value(&doc, self.fields.record).ok_or_else(|| self.damaged("an article has no stored record"))?;
        serde_json::from_str(&json).map_err(|e| self.damaged(&format!("an article's stored record is unreadable: {e}")))
    }

    /// A passage document as shown: its number, place, speakers, text and highlights.
    fn passage_text(&self, doc: &TantivyDocument, highlighter: Option<&Highlighter>) -> PassageText {
        let fields = &self.fields;
        let text = text_value(doc, fields.text).unwrap_or_default();
        let number = |field| u64_value(doc, field).unwrap_or(0);
        PassageText {
            passage: number(fields.passage) as u32,
            byte_range: number(fields.start) as usize..number(fields.end) as usize,
            passage_speakers: facet_values(doc, fields.passage_speaker),
            highlights: highlighter.map(|h| h.highlight(&text)).unwrap_or_default(),
            text,
        }
    }

    /// A hit: the article's record, and the passages that show it, best first (none only for
    /// an article without text).
    fn hit(
        &self,
        record: ArticleRecord,
        passages: &[TantivyDocument],
        rank: usize,
        score: f32,
        highlighter: &Highlighter,
        other_matching_passages: u64,
    ) -> Hit {
        let mut shown = passages.iter().map(|doc| self.passage_text(doc, Some(highlighter)));
        let best = shown.next().unwrap_or(PassageText {
            passage: 0,
            byte_range: 0..0,
            passage_speakers: Vec::new(),
            text: String::new(),
            highlights: Vec::new(),
        });
        Hit {
            rank,
            score,
            article_id: record.id,
            date: record.date,
            title: record.title,
            path: record.path,
            line: record.line,
            source: record.source,
            url: record.url,
            countries: record.countries,
            speakers: record.speakers,
            passage: best.passage,
            byte_range: best.byte_range,
            passage_speakers: best.passage_speakers,
            text: best.text,
            highlights: best.highlights,
            more_passages: shown.collect(),
            other_matching_passages,
        }
    }

    /// Counts countries, speakers, years and months over every match, in one pass.
    fn facets(&self, searcher: &Searcher, query: &dyn TantivyQuery, scope: Scope) -> Result<Facets> {
        let collector = |name: &str| {
            let mut collector = FacetCollector::for_field(name);
            collector.add_facet(Facet::root());
            collector
        };
        let speaker_field = match scope {
            Scope::Article => "speaker",
            Scope::Passage => "passage_speaker",
        };
        let countries = ArticleFacetCounts::new("country", scope);
        let (countries, speakers, days) =
            self.collect(searcher, query, &(countries, collector(speaker_field), DayCounts), None)?;
        let mut months: BTreeMap<(i32, u8), u64> = BTreeMap::new();
        for (day, count) in days {
            let date = Date::from_tantivy(tantivy::DateTime::from_timestamp_nanos(day));
            *months.entry((date.year(), date.month())).or_default() += count;
        }
        let mut years: BTreeMap<i32, u64> = BTreeMap::new();
        for ((year, _), count) in &months {
            *years.entry(*year).or_default() += count;
        }
        Ok(Facets {
            countries: by_count(countries.into_iter().map(|(value, count)| FacetCount { value, count }).collect()),
            speakers: by_count(
                speakers
                    .get("/")
                    .map(|(facet, count)| FacetCount {
                        value: facet.to_path().last().map_or_else(String::new, |s| s.to_string()),
                        count,
                    })
                    .collect(),
            ),
            years: years.into_iter().map(|(year, count)| FacetCount { value: format!("{year:04}"), count }).collect(),
            months: months
                .into_iter()
                .map(|((year, month), count)| FacetCount { value: format!("{year:04}-{month:02}"), count })
                .collect(),
        })
    }
}

/// Counts matches per day of the `date` fast field (keyed by nanoseconds since 1970), from
/// which years and months are summed.
struct DayCounts;

struct SegmentDayCounts {
    dates: Column<tantivy::DateTime>,
    counts: HashMap<i64, u64>,
}

impl Collector for DayCounts {
    type Fruit = HashMap<i64, u64>;
    type Child = SegmentDayCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentDayCounts> {
        Ok(SegmentDayCounts { dates: reader.fast_fields().date("date")?, counts: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<i64, u64>>) -> tantivy::Result<HashMap<i64, u64>> {
        Ok(sum_counts(fruits))
    }
}

/// Adds the counts of `from` to those of `to`, key by key: how the counting collectors merge
/// their segments' counts.
fn add_counts<K: std::hash::Hash + Eq>(to: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
    for (key, count) in from {
        *to.entry(key).or_default() += count;
    }
}

/// The counts of all `fruits`, key by key.
fn sum_counts<K: std::hash::Hash + Eq>(fruits: Vec<HashMap<K, u64>>) -> HashMap<K, u64> {
    let mut all = HashMap::new();
    for fruit in fruits {
        add_counts(&mut all, fruit);
    }
    all
}

impl SegmentCollector for SegmentDayCounts {
    type Fruit = HashMap<i64, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(date) = self.dates.first(doc) {
            *self.counts.entry(date.into_timestamp_nanos()).or_default() += 1;
        }
    }

    fn harvest(self) -> HashMap<i64, u64> {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::index::Parallel;
    use crate::{ConcordanceRequest, Indexer, TimelineRequest};

    /// An index built by three runs over a growing corpus, so it has several segments.
    fn several_segments() -> (tempfile::TempDir, tempfile::TempDir) {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        let places = ["Kenya", "Chile", "Norway", "Japan"];
        for run in 0..3 {
            for i in 0..4 {
                let place = places[(run + i) % places.len()];
                let text = format!(
                    "date 202{run}-0{}-1{i} Ceasefire talks in {place} went on, Ingrid Solberg said.\n\n\
                     The ceasefire talks were the {i}th round; a ceasefire held in {place}.\n\n\
                     Observers expect more talks next year.",
                    i + 1
                );
                std::fs::write(corpus.path().join(format!("run{run}-{i}.txt")), text).unwrap();
            }
            Indexer::new(index.path()).run(corpus.path(), &mut ()).unwrap();
        }
        (corpus, index)
    }

    /// A phrase of phrase words is read from the word pairs, and finds and scores exactly what
    /// the phrase of words does, in every segment of an index built by several runs (which
    /// index their passages with the phrase words the first run chose).
    #[test]
    fn phrases_of_phrase_words_find_and_score_what_word_phrases_do() {
        let (_corpus, dir) = several_segments();
        let index = Index::open(dir.path()).unwrap();
        assert_eq!(index.info().phrase_words, index.phrase_words.words());
        for word in ["talks", "ceasefire", "the", "in", "were", "observers", "next", "year"] {
            assert!(index.phrase_words.contains(word), "{word} in {:?}", index.phrase_words);
        }
        // Each place is in a sixth of the first run's passages, under a fifth.
        assert!(!index.phrase_words.contains("kenya"));
        let searcher = index.reader.searcher();
        let statistics = ScopeStatistics::new(&searcher, &index.fields, Scope::Passage).unwrap();
        let all = TopDocs::with_limit(1000).order_by_score();
        let compiler = Compiler::new(&index, Scope::Passage, &searcher, "");
        let phrases = [
            ("ceasefire talks", 24),
            ("the ceasefire talks", 12),
            ("ceasefire talks were the", 12),
            ("talks next year", 12),
            ("observers expect more talks next year", 12),
            ("the ceasefire", 12),
            ("talks ceasefire", 0),
            ("year observers", 0), // across a paragraph break
            ("talks talks", 0),
        ];
        for (phrase, expected) in phrases {
            let atom = Atom::from(analysis::terms(phrase));
            let pairs = compiler.atom_query(index.fields.text, &atom).unwrap().unwrap();
            assert!(pairs.downcast_ref::<PairPhraseQuery>().is_some(), "{phrase} is read from pairs");
            let words: Vec<Term> =
                analysis::terms(phrase).iter().map(|w| Term::from_field_text(index.fields.text, w)).collect();
            let by_words = PhraseQuery::new(words);
            let found = |query: &dyn TantivyQuery| {
                let mut hits = searcher.search_with_statistics_provider(query, &all, &statistics).unwrap();
                hits.sort_by_key(|(_, address)| *address);
                hits
            };
            let (from_pairs, from_words) = (found(pairs.as_ref()), found(&by_words));
            assert_eq!(from_pairs.len(), expected, "{phrase}");
            assert_eq!(from_pairs.len(), from_words.len(), "{phrase}");
            for ((a, at), (b, bt)) in from_pairs.iter().zip(&from_words) {
                assert_eq!(at, bt, "{phrase}");
                assert!((a - b).abs() < 1e-5, "{phrase}: {a} from pairs, {b} from words");
            }
        }
        // A phrase with a word that is not a phrase word is a phrase of words.
        let atom = Atom::from(analysis::terms("talks in Kenya"));
        let query = compiler.atom_query(index.fields.text, &atom).unwrap().unwrap();
        assert!(query.downcast_ref::<PhraseQuery>().is_some());
    }

    /// The kind filter is left out only where it changes nothing: every query below matches
    /// the same documents with the filter added back, in both scopes, and the filter is left
    /// out of the queries that need it least (a word or phrase of the text).
    #[test]
    fn queries_confined_to_their_kind_match_what_they_match_with_the_kind_filter() {
        let (_corpus, dir) = several_segments();
        let index = Index::open(dir.path()).unwrap();
        let searcher = index.reader.searcher();
        let docs = |query: &dyn TantivyQuery| {
            let mut found: Vec<DocAddress> = searcher
                .search(query, &TopDocs::with_limit(10_000).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(_, address)| address)
                .collect();
            found.sort();
            found
        };
        let queries = [
            ("ceasefire", true),
            ("\"ceasefire talks\"", true),
            ("\"talks in kenya\"", true),
            ("ceasefire OR kenya", true),
            ("ceasefire -kenya", true),
            ("-kenya", false),
            ("observers OR date:2020", false),
            ("date:2021", false),
            ("date:2021 ceasefire", true),
            ("ceasefire OR date:2021", false),
            ("country:Kenya", true),
            ("speaker:Solberg", true),
            ("id:run1-2.txt", false),
            ("id:run1-2.txt OR observers", false),
            ("talk* country:Chile", true),
            ("ceasfire~1", true),
            ("\"ceasefire held\"~3", true),
            ("\"ceasefire held\" OR title:talks", false),
        ];
        for scope in [Scope::Article, Scope::Passage] {
            for (text, confined) in queries {
                let request = SearchRequest::new(text).scope(scope);
                let compiled = index.compile(&request).unwrap();
                let has_kind_filter = compiled.query.clauses().len() > 1;
                assert_eq!(has_kind_filter, !confined, "{text} in {scope:?}");
                let mut clauses: Vec<_> = compiled.query.clauses().iter().map(|(o, q)| (*o, q.box_clone())).collect();
                clauses.push(kind_filter(&index.fields, scope));
                let with_filter = BooleanQuery::new(clauses);
                let found = docs(&compiled.query);
                assert!(!found.is_empty(), "{text} in {scope:?} finds nothing");
                assert_eq!(found, docs(&with_filter), "{text} in {scope:?}");
            }
        }
    }

    /// From its second search on, a filter is read from bitsets kept for each segment: every
    /// later search gives exactly what the first gave (hits, scores, totals, facets), in both
    /// scopes. A single search keeps nothing.
    #[test]
    fn filters_searched_with_again_are_kept_and_find_what_they_found() {
        let (_corpus, dir) = several_segments();
        let from = |year: &str| year.parse::<Period>().unwrap();
        let requests = [
            SearchRequest::new("ceasefire").from(from("2021")).to(from("2022")),
            SearchRequest::new("talks").country("Kenya").speaker("Solberg").facets(true),
            SearchRequest::new("\"ceasefire talks\"").from(from("2020-02")).country("Chile"),
            SearchRequest::new("-kenya").to(from("2021")).facets(true),
            SearchRequest::new("observers OR date:2022").country("Norway").limit(3),
        ];
        for scope in [Scope::Article, Scope::Passage] {
            for request in &requests {
                let request = request.clone().scope(scope);
                let index = Index::open(dir.path()).unwrap();
                let first = index.search(&request).unwrap();
                assert!(first.total > 0, "{request:?}");
                assert_eq!(index.filters.bytes(), 0, "one search keeps nothing: {request:?}");
                for _ in 0..3 {
                    assert_eq!(index.search(&request).unwrap(), first, "{request:?}");
                }
                assert!(index.filters.bytes() > 0, "{request:?}");
            }
        }
    }

    /// A search's postings are estimated by what drives it: a rare word with a common filter
    /// reads little, a union reads all its parts, and a part without terms is not counted.
    #[test]
    fn postings_read_follow_the_rarest_required_part_and_every_phrase() {
        let (_corpus, dir) = several_segments();
        let index = Index::open(dir.path()).unwrap();
        let searcher = index.reader.searcher();
        let docs = |word: &str| searcher.doc_freq(&Term::from_field_text(index.fields.article_text, word)).unwrap();
        let estimate = |request: SearchRequest| postings_read(&searcher, &index.compile(&request).unwrap().query);
        let (rare, other, common) = (docs("0th"), docs("1th"), docs("ceasefire"));
        let articles = searcher.doc_freq(&Term::from_field_text(index.fields.kind, KIND_ARTICLE)).unwrap();
        assert!(rare < articles && common == articles, "{rare} {common} {articles}");

        assert_eq!(estimate(SearchRequest::new("0th")), Some(rare));
        assert_eq!(estimate(SearchRequest::new("0th").country("Kenya").from("2021".parse().unwrap())), Some(rare));
        assert_eq!(estimate(SearchRequest::new("0th ceasefire")), Some(rare));
        assert_eq!(estimate(SearchRequest::new("0th OR 1th")), Some(rare + other));
        assert_eq!(estimate(SearchRequest::new("date:2021")), Some(articles));
        // A phrase reads the positions of its words in full, whatever else limits the search.
        // It needs no kind filter in either scope (passage text is only in passages, and
        // article scope returns the articles of the passages that hold it).
        let passages = |word: &str| searcher.doc_freq(&Term::from_field_text(index.fields.text, word)).unwrap();
        let phrase = 4 * (passages("0th") + passages("round"));
        assert_eq!(estimate(SearchRequest::new("\"0th round\"").scope(Scope::Passage)), Some(phrase));
        assert_eq!(estimate(SearchRequest::new("\"0th round\"")), Some(phrase));
        assert_eq!(estimate(SearchRequest::new("\"0th round\" 1th")), Some(other + phrase));
        // A date alone is on every kind of document: the kind filter is what limits it.
        let all = searcher.doc_freq(&Term::from_field_text(index.fields.kind, KIND_PASSAGE)).unwrap();
        assert_eq!(estimate(SearchRequest::new("date:2021").scope(Scope::Passage)), Some(all));
    }

    #[test]
    fn several_threads_give_what_one_gives() {
        let (_corpus, dir) = several_segments();
        let mut one = Index::open(dir.path()).unwrap();
        let mut many = Index::open(dir.path()).unwrap();
        let segments = many.reader.searcher().segment_readers().len();
        assert!(segments >= 3, "{segments} segments");
        // Every query is heavy, and runs on one thread per segment.
        many.parallel = Parallel::new(segments);
        many.parallel.min_postings = 0;
        one.parallel = Parallel::new(segments);
        one.parallel.min_postings = u64::MAX;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(many.parallel.executor_if(|_| true).is_some(), cores > 1);
        // The first query starts the threads only when heavy; a lighter one uses them after that.
        let mut again = Index::open(dir.path()).unwrap();
        again.parallel = Parallel::new(segments);
        again.parallel.min_postings = 1_000;
        let reads_500 = |min_postings: u64| 500 > min_postings;
        assert!(again.parallel.executor_if(reads_500).is_none());
        assert_eq!(again.parallel.executor_if(reads_500).is_some(), cores > 1);

        let requests = [
            SearchRequest::new("ceasefire talks").facets(true),
            SearchRequest::new("\"ceasefire talks\"").facets(true).limit(3).offset(1),
            SearchRequest::new("ceasefire OR observers").scope(Scope::Passage).facets(true),
            SearchRequest::new("talks").scope(Scope::Passage).per_article(true).passages(2),
            SearchRequest::new("ceasefire").country("Kenya").speaker("Solberg"),
        ];
        for request in requests {
            let expected = one.search(&request).unwrap();
            assert!(expected.total > 0, "{}", request.query);
            assert_eq!(many.search(&request).unwrap(), expected, "{}", request.query);
            let timeline = TimelineRequest::new(request.clone());
            assert_eq!(many.timeline(&timeline).unwrap(), one.timeline(&timeline).unwrap());
            let concordance = ConcordanceRequest::new(request.clone());
            assert_eq!(many.concordance(&concordance).unwrap(), one.concordance(&concordance).unwrap());
        }
    }
}
