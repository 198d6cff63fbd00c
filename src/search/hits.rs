//! Running a search and building its hits: the top documents, each article's best passages, and
//! what each hit shows.

use std::ops::Range;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query as TantivyQuery, Weight};
use tantivy::schema::{Facet, Field, Value};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, TantivyDocument};

use crate::article::ArticleMeta;
use crate::error::{Error, Result};
use crate::index::schema::field;
use crate::index::ArticleRecord;

use super::Index;

use super::compile::{Compiled, Compiler};
use super::grouping::PassagesByArticle;
use super::highlight::Highlighter;
use super::query::Query;
use super::request::{Scope, SearchRequest};
use super::results::{Hit, PassageText, SearchResults};
use super::statistics::ScopeStatistics;
use super::stories::{Pick, StoryChoice};
use crate::index::copies::cluster_of;

/// A page of the best documents, how many match in all, and with `dedup` the stories' choice.
pub(super) type TopPage = (Vec<(Score, DocAddress)>, u64, Option<StoryChoice>);

/// What choosing the passages that show each article hit needs, built once per search: the
/// weights are made once, and for each hit only its own passages (the documents right after
/// the article's) are scored.
pub(super) struct PassageChoice {
    /// Passages that may show their article (a passage, quoting the requested speaker if any)
    /// and hold any of the query's positive words and phrases, scored among passages; `None`
    /// when the query has no such words.
    ranked: Option<Box<dyn Weight>>,
    /// Passages that may show their article.
    allowed: Box<dyn Weight>,
}

impl PassageChoice {
    pub(super) fn new(
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
pub(super) fn matches_in(
    weight: &dyn Weight,
    reader: &SegmentReader,
    docs: &Range<DocId>,
) -> Result<Vec<(Score, DocId)>> {
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

/// The values of a facet field in a stored document (the last path segment of each).
pub(super) fn facet_values(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|value| value.as_facet().and_then(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok()))
        .filter_map(|facet| facet.to_path().last().map(|s| s.to_string()))
        .collect()
}

pub(super) fn text_value(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

pub(super) fn u64_value(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|v| v.as_u64())
}

impl Index {
    /// Runs a search.
    ///
    /// Errors: [`Error::Query`] for a malformed query (with the column), [`Error::EmptyDateRange`]
    /// for a date range that ends before it starts, [`Error::NoPassages`] for `passages` of 0,
    /// [`Error::PassagesNeedArticles`] for more than 1 in passage scope without `per_article`.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.commit.reading(|| self.run_search(request))
    }

    /// [`Index::search`], with errors as tantivy reports them.
    pub(super) fn run_search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.passages == 0 {
            return Err(Error::NoPassages);
        }
        if !request.grouped() && request.passages > 1 {
            return Err(Error::PassagesNeedArticles);
        }
        let compiled = self.compile(request)?;
        self.results(request, compiled)
    }

    /// The results of a compiled request: its hits (ranked by the compiled query, shown by
    /// their passages, highlighted by its tree), its total and its facets.
    pub(crate) fn results(&self, request: &SearchRequest, compiled: Compiled) -> Result<SearchResults> {
        let Compiled { tree, query } = compiled;
        let searcher = self.commit.reader.searcher();
        let statistics = ScopeStatistics::new(&searcher, &self.commit.fields, request.scope)?;
        let highlighter = Highlighter::new(tree.positive_text_atoms());
        let (hits, total) = match (request.scope, request.per_article) {
            (Scope::Article, _) => self.article_hits(&searcher, request, &tree, &query, &statistics, &highlighter)?,
            (Scope::Passage, false) => self.passage_hits(&searcher, request, &query, &statistics, &highlighter)?,
            (Scope::Passage, true) => {
                self.passage_hits_per_article(&searcher, request, &query, &statistics, &highlighter)?
            }
        };
        let facets =
            if request.facets { Some(self.facets(&searcher, &query, request.scope, request.dedup)?) } else { None };
        let per_article = request.scope == Scope::Passage && request.per_article;
        Ok(SearchResults { scope: request.scope, total, hits, facets, per_article, dedup: request.dedup })
    }

    /// The requested page of the best documents for `query`, and how many match in all; with
    /// `dedup`, of the best-ranked article of each story, and the stories' choice.
    pub(super) fn top_docs(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        request: &SearchRequest,
    ) -> Result<TopPage> {
        let top =
            (request.limit > 0).then(|| TopDocs::with_limit(request.limit).and_offset(request.offset).order_by_score());
        let dedup = request.dedup.then_some(Pick::Best);
        let ((top, total), choice) = self.collect_stories(searcher, query, (top, Count), Some(statistics), dedup)?;
        Ok((top.unwrap_or_default(), total as u64, choice))
    }

    /// Article scope: the page of best articles, each shown by its best passages.
    pub(super) fn article_hits(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        tree: &Query,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let (top, total, stories) = self.top_docs(searcher, query, statistics, request)?;
        // What choosing an article's best passages needs, the same for every hit.
        let compiler = Compiler::new(self, Scope::Article, searcher, &request.query);
        let choice = PassageChoice::new(
            searcher,
            &ScopeStatistics::new(searcher, &self.commit.fields, Scope::Passage)?,
            self.passage_filters(request),
            compiler.any_atom(&tree.positive_text_atoms()),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, address)) in top.into_iter().enumerate() {
            let record = self.record(searcher, address)?;
            let (passages, matching) = self.best_passages(searcher, &choice, address, request.passages)?;
            let docs = passages.iter().map(|&a| searcher.doc(a)).collect::<tantivy::Result<Vec<TantivyDocument>>>()?;
            let other = matching.saturating_sub(docs.len() as u64);
            hits.push(self.hit(record, &docs, request.offset + i + 1, score, highlighter, other, stories.as_ref()));
        }
        Ok((hits, total))
    }

    /// Passage scope: the page of best passages; each counts the other passages of its
    /// article that match the request.
    pub(super) fn passage_hits(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: &BooleanQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let (top, total, choice) = self.top_docs(searcher, query, statistics, request)?;
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
            let other = matching.saturating_sub(1);
            hits.push(self.hit(record, &[passage], rank, score, highlighter, other, choice.as_ref()));
        }
        Ok((hits, total))
    }

    /// Passage scope, one hit per article: articles ranked by their best matching passage,
    /// each shown by up to `request.passages` of its matching passages.
    pub(super) fn passage_hits_per_article(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        query: &dyn TantivyQuery,
        statistics: &ScopeStatistics,
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let collector = PassagesByArticle::new(request.passages);
        let dedup = request.dedup.then_some(Pick::Best);
        let (groups, choice) = self.collect_stories(searcher, query, collector, Some(statistics), dedup)?;
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
            let rank = request.offset + i + 1;
            hits.push(self.hit(record, &docs, rank, group.score(), highlighter, other, choice.as_ref()));
        }
        Ok((hits, total))
    }

    /// The address of the article document of the passage document `passage` at `address`.
    pub(super) fn article_of(&self, passage: &TantivyDocument, address: DocAddress) -> Result<DocAddress> {
        let doc = u64_value(passage, self.commit.fields.passage)
            .and_then(|n| address.doc_id.checked_sub(u32::try_from(n).ok()?))
            .ok_or_else(|| self.damaged("a stored passage has no number"))?;
        Ok(DocAddress::new(address.segment_ord, doc))
    }

    /// The addresses of the passage documents of the article document at `article`, in order:
    /// they follow it directly in its segment, numbered from 1 (see `index-schema/schema.toml`).
    pub(super) fn passages_of(&self, searcher: &Searcher, article: DocAddress) -> Result<Vec<DocAddress>> {
        let segment = searcher.segment_reader(article.segment_ord);
        let numbers = segment.fast_fields().u64(field::PASSAGE)?;
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
    pub(super) fn best_passages(
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

    pub(super) fn damaged(&self, reason: &str) -> Error {
        Error::Damaged { path: self.commit.path.clone(), reason: reason.to_string() }
    }

    /// The metadata of the article document at `address`, read from its stored record, with
    /// its cluster of near-duplicates.
    pub(super) fn record(&self, searcher: &Searcher, address: DocAddress) -> Result<ArticleMeta> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = text_value(&doc, self.commit.fields.record)
            .ok_or_else(|| self.damaged("an article has no stored record"))?;
        let record: ArticleRecord = serde_json::from_str(&json)
            .map_err(|e| self.damaged(&format!("an article's stored record is unreadable: {e}")))?;
        let mut meta = ArticleMeta::from(record);
        if self.commit.info.copy_clusters > 0 {
            meta.cluster = cluster_of(searcher, &self.commit.fields, &meta.id)?;
        }
        Ok(meta)
    }

    /// A passage document as shown: its number, place, speakers, text and highlights.
    pub(super) fn passage_text(&self, doc: &TantivyDocument, highlighter: Option<&Highlighter>) -> PassageText {
        let fields = &self.commit.fields;
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
    /// an article without text); with the stories' `choice`, the other matching articles of its
    /// story.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hit(
        &self,
        record: ArticleMeta,
        passages: &[TantivyDocument],
        rank: usize,
        score: f32,
        highlighter: &Highlighter,
        other_matching_passages: u64,
        choice: Option<&StoryChoice>,
    ) -> Hit {
        let copies = choice.map(|choice| choice.copies(&record.id)).unwrap_or_default();
        let mut shown = passages.iter().map(|doc| self.passage_text(doc, Some(highlighter)));
        let best = shown.next().unwrap_or_else(PassageText::empty);
        Hit {
            rank,
            score,
            article: record,
            passage: best.passage,
            byte_range: best.byte_range,
            passage_speakers: best.passage_speakers,
            text: best.text,
            highlights: best.highlights,
            more_passages: shown.collect(),
            other_matching_passages,
            copies,
        }
    }
}
