//! Searching an index that an engine holds, with the same requests and results as the local
//! [`Index`](crate::Index): [`RemoteIndex`].
//!
//! The engine finds and counts: the request is translated to its query language
//! ([`super::translate`]) and its aggregations. dateline does the rest on the documents the
//! engine returns, with the same code as for the local index: hits are highlighted by dateline's
//! highlighter, concordance lines are cut by the same function, timelines put into calendar
//! buckets by the same function from the engine's counts per day, and facets' years and months
//! are summed from days (Quickwit's date histogram has fixed intervals only).
//!
//! **Same answers.** The articles a request matches, its totals, facet counts, timelines and
//! concordances equal the local index's (the live tests compare them). What differs:
//! - **ranking**: the engine ranks with its own BM25, whose statistics are those of each of
//!   its splits rather than of the whole index, so hits with close scores may come in another
//!   order, and an article may be shown by another of its matching passages;
//! - **deep pages**: the engines return at most the first 10,000 hits of a ranking, so a page
//!   past them, and one hit per article in passage scope (`per_article`) past 10,000 matching
//!   passages, is refused with [`Error::NotExact`];
//! - what an engine cannot match exactly (see [`super::translate`]) is refused with
//!   [`Error::NotExact`], never approximated; proximity in article scope, which Quickwit cannot
//!   match in one request, is matched in two (the passages holding the phrase give the
//!   articles).
//!
//! Article versions that a push asked the engine to remove and that it still holds are left out
//! of every query (see [`super::engine_index`]), so answers are exact as soon as a push ends.

use std::collections::{BTreeSet, HashMap};

use serde_json::{json, Value};

use super::client::Credentials;
use super::document::article_key;
use super::engine_index::{days_histogram, Answer, EngineIndex, MAX_PAGE, MAX_VALUES};
use super::translate::{any_atom, date_range, passage_filters, without_versions};
use super::{Engine, EngineUrl};
use crate::article::ArticleMeta;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::index::IndexInfo;
use crate::search::highlight::Highlighter;
use crate::search::kwic::{Lines, PassagePlace};
use crate::search::query;
use crate::search::timeline::{assemble, Counts};
use crate::{
    Concordance, ConcordanceRequest, Hit, IndexedArticle, PassageText, Scope, SearchRequest, SearchResults, SplitBy,
    Timeline, TimelineRequest,
};

/// The fields of an article's metadata, as every document of the article carries them.
const META_FIELDS: &[&str] =
    &["article_id", "article_key", "date", "title", "path", "line", "source", "url", "country", "speaker"];

/// The fields that show a passage.
const PASSAGE_FIELDS: &[&str] = &["article_key", "passage", "start", "end", "passage_speaker", "text"];

/// An index held by an engine, searched with the requests and results of the local
/// [`Index`](crate::Index).
///
/// ```no_run
/// use dateline::engine::RemoteIndex;
/// use dateline::SearchRequest;
///
/// let index = RemoteIndex::open("quickwit+http://127.0.0.1:7280/news".parse()?, None)?;
/// for hit in index.search(&SearchRequest::new("ceasefire").speaker("Solberg"))?.hits {
///     println!("{} {} {}", hit.article.date, hit.article.id, hit.text);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct RemoteIndex {
    engine: EngineIndex,
}

impl RemoteIndex {
    /// The engine's index that `url` names, with `credentials` sent with every request.
    ///
    /// Errors: [`Error::Engine`] when the engine cannot be reached or has no such index.
    pub fn open(url: EngineUrl, credentials: Option<Credentials>) -> Result<RemoteIndex> {
        let engine = EngineIndex::new(url, credentials);
        if !engine.exists()? {
            return Err(Error::Engine {
                request: engine.url().to_string(),
                reason: "the engine has no such index: push an index to it first".to_string(),
            });
        }
        Ok(RemoteIndex { engine })
    }

    /// The index's URL.
    pub fn url(&self) -> &EngineUrl {
        self.engine.url()
    }

    /// The local index commit that the engine holds: the one its last complete push sent, to
    /// cite it by (fingerprint, time, schema version). `articles` and `passages` are counted
    /// in the engine.
    pub fn info(&self) -> Result<IndexInfo> {
        self.engine.commit()
    }

    /// Runs a search, as [`Index::search`](crate::Index::search) does.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        if request.passages == 0 {
            return Err(Error::NoPassages);
        }
        let grouped = request.scope == Scope::Article || request.per_article;
        if !grouped && request.passages > 1 {
            return Err(Error::PassagesNeedArticles);
        }
        refuse_dedup(self.engine.engine(), request)?;
        let pending = self.pending()?;
        let query = self.engine.request_query(request, &pending)?;
        let highlighter = Highlighter::new(request.tree()?.positive_text_atoms());
        let (hits, total) = match (request.scope, request.per_article) {
            (Scope::Article, _) => self.article_hits(request, &query, &pending, &highlighter)?,
            (Scope::Passage, false) => self.passage_hits(request, &query, &pending, &highlighter)?,
            (Scope::Passage, true) => self.passage_hits_per_article(request, &query, &pending, &highlighter)?,
        };
        let facets = if request.facets { Some(self.engine.facets_of(request, &query)?.1) } else { None };
        let per_article = request.scope == Scope::Passage && request.per_article;
        Ok(SearchResults { scope: request.scope, total, hits, facets, per_article, dedup: false })
    }

    /// Counts matching articles over time, as [`Index::timeline`](crate::Index::timeline) does.
    pub fn timeline(&self, request: &TimelineRequest) -> Result<Timeline> {
        let search = &request.search;
        refuse_dedup(self.engine.engine(), search)?;
        let pending = self.pending()?;
        let query = self.engine.request_query(search, &pending)?;
        let mut matches = Counts::default();
        // Each matching article, once, with its values of the split facet.
        let mut articles: Vec<(Date, Vec<String>)> = Vec::new();
        match (search.scope, request.split_by) {
            (Scope::Article, None) => {
                for (day, count) in self.days(&query)? {
                    matches.add(request.interval, day, None, count);
                }
            }
            (scope, split) => {
                let field = split.map(|split| match split {
                    SplitBy::Country => "country",
                    SplitBy::Speaker => "speaker",
                });
                let mut seen = BTreeSet::new();
                let mut fields = vec!["article_key", "date"];
                fields.extend(field);
                let mut failed = None;
                self.engine.scroll(&query, &fields, |source| {
                    let key = source["article_key"].as_str().unwrap_or_default();
                    if scope == Scope::Passage && !seen.insert(key.to_string()) {
                        return;
                    }
                    match day_of(source) {
                        Some(day) => articles.push((day, field.map(|f| strings(&source[f])).unwrap_or_default())),
                        None => failed = Some(key.to_string()),
                    }
                })?;
                if let Some(key) = failed {
                    return Err(self.unreadable(&format!("the document of article key {key} has no date")));
                }
                for (day, values) in &articles {
                    matches.add(request.interval, *day, split.map(|_| values.as_slice()), 1);
                }
            }
        }
        // The denominator: every article in the date range, whatever the query and the other filters.
        let mut filter = vec![json!({ "term": { "kind": Scope::Article.kind() } })];
        if search.from.is_some() || search.to.is_some() {
            filter.push(date_range(search.from, search.to));
        }
        let archive = without_versions(json!({ "bool": { "filter": filter } }), &pending);
        let archive_days = self.days(&archive)?;
        assemble(request, matches, archive_days, |_, top| {
            let top: BTreeSet<String> = top.into_iter().collect();
            let mut other: HashMap<Date, u64> = HashMap::new();
            for (day, values) in &articles {
                if !values.iter().any(|value| top.contains(value)) {
                    *other.entry(request.interval.bucket_of(*day).1).or_default() += 1;
                }
            }
            Ok(other)
        })
    }

    /// The article with id `id`, whole, as [`Index::article`](crate::Index::article) gives it.
    /// An unknown id is [`Error::ArticleNotFound`], without suggestions.
    pub fn article(&self, id: &str, query: Option<&str>) -> Result<IndexedArticle> {
        let highlighter = match query {
            Some(text) => Some(Highlighter::new(query::parse(text)?.positive_text_atoms())),
            None => None,
        };
        let pending = self.pending()?;
        let key = article_key(id);
        let found = self.article_metas(std::slice::from_ref(&key), &pending)?;
        let Some(meta) = found.get(&key).filter(|meta| meta.id == id).cloned() else {
            return Err(Error::ArticleNotFound { id: id.to_string(), suggestions: Vec::new() });
        };
        let filter = json!({ "bool": { "filter": [
            { "term": { "kind": Scope::Passage.kind() } },
            { "term": { "article_key": key } },
        ] } });
        let passages = self.passages(&without_versions(filter, &pending), false)?;
        let passages = passages.iter().map(|(source, _)| passage_text(source, highlighter.as_ref())).collect();
        Ok(IndexedArticle { meta, passages })
    }

    /// Every occurrence of the request's words and phrases, with context, as
    /// [`Index::concordance`](crate::Index::concordance) finds them.
    pub fn concordance(&self, request: &ConcordanceRequest) -> Result<Concordance> {
        refuse_dedup(self.engine.engine(), &request.search)?;
        let mut lines = Lines::new(request, &request.search.tree()?)?;
        let pending = self.pending()?;
        let query = self.engine.request_query(&request.search, &pending)?;
        let mut fields = vec!["article_id", "date"];
        fields.extend(PASSAGE_FIELDS);
        let mut passages = Vec::new();
        match request.search.scope {
            Scope::Passage => {
                self.engine.scroll(&query, &fields, |source| passages.push(source.clone()))?;
            }
            Scope::Article => {
                let mut keys = Vec::new();
                self.engine.scroll(&query, &["article_key"], |source| {
                    keys.extend(source["article_key"].as_str().map(str::to_string))
                })?;
                for batch in keys.chunks(KEYS_PER_REQUEST) {
                    let of_batch = json!({ "bool": { "filter": [
                        { "term": { "kind": Scope::Passage.kind() } },
                        { "terms": { "article_key": batch } },
                    ] } });
                    let of_batch = without_versions(of_batch, &pending);
                    self.engine.scroll(&of_batch, &fields, |source| passages.push(source.clone()))?;
                }
            }
        }
        for source in &passages {
            let text = source["text"].as_str().unwrap_or_default();
            let ranges = lines.occurrences(text);
            if ranges.is_empty() {
                continue;
            }
            let article_id = source["article_id"].as_str().unwrap_or_default();
            let date =
                day_of(source).ok_or_else(|| self.unreadable(&format!("a passage of {article_id} has no date")))?;
            let place = PassagePlace {
                article_id,
                date,
                passage: number(source, "passage") as u32,
                start: number(source, "start") as usize,
            };
            lines.add(&place, text, ranges);
        }
        Ok(lines.finish())
    }

    /// The versions every query leaves out: those whose removal the engine has not applied yet.
    fn pending(&self) -> Result<Vec<String>> {
        Ok(self.engine.pending_removals()?.into_iter().collect())
    }

    fn unreadable(&self, reason: &str) -> Error {
        Error::Engine { request: self.url().to_string(), reason: reason.to_string() }
    }

    /// Counts per day of the documents `query` matches.
    fn days(&self, query: &Value) -> Result<Vec<(Date, u64)>> {
        let aggs = json!({ "days": days_histogram() });
        self.engine.search_dsl(&json!({ "query": query, "size": 0, "aggs": aggs }), &[])?.days("days")
    }

    /// The best `request.limit` documents for `query` after `request.offset`, with the
    /// `fields`, and how many match in all.
    fn ranked(&self, request: &SearchRequest, query: &Value, fields: &[&str]) -> Result<Answer> {
        if (request.offset + request.limit) as u64 > MAX_PAGE {
            return Err(deep_page(self.engine.engine()));
        }
        let body = json!({
            "query": query, "from": request.offset, "size": request.limit,
            "sort": [{ "_score": { "order": "desc" } }], "track_total_hits": true,
        });
        self.engine.search_dsl(&body, fields)
    }

    /// The metadata of the articles `keys`, by key.
    fn article_metas(&self, keys: &[String], pending: &[String]) -> Result<HashMap<String, ArticleMeta>> {
        let mut metas = HashMap::new();
        for batch in keys.chunks(KEYS_PER_REQUEST) {
            let query = json!({ "bool": { "filter": [
                { "term": { "kind": Scope::Article.kind() } },
                { "terms": { "article_key": batch } },
            ] } });
            let body = json!({ "query": without_versions(query, pending), "size": batch.len() });
            let answer = self.engine.search_dsl(&body, META_FIELDS)?;
            for (source, _) in answer.hits() {
                let meta = self.meta(source)?;
                metas.insert(article_key(&meta.id), meta);
            }
        }
        Ok(metas)
    }

    /// An article's metadata from one of its documents.
    fn meta(&self, source: &Value) -> Result<ArticleMeta> {
        let id = source["article_id"].as_str().ok_or_else(|| self.unreadable("a document has no article_id"))?;
        let date = day_of(source).ok_or_else(|| self.unreadable(&format!("the article {id} has no date")))?;
        let text = |name: &str| source[name].as_str().map(str::to_string);
        let mut meta = ArticleMeta::new(id, text("path").unwrap_or_default(), date);
        meta.title = text("title");
        meta.line = source["line"].as_u64().map(|line| line as usize);
        meta.source = text("source");
        meta.url = text("url");
        meta.countries = strings(&source["country"]);
        meta.speakers = strings(&source["speaker"]);
        Ok(meta)
    }

    /// The passages `query` matches (at most 10,000), with their scores: ranked best first
    /// (equal scores in text order), or in text order.
    fn passages(&self, query: &Value, ranked: bool) -> Result<Vec<(Value, f32)>> {
        let answer = self.engine.search_dsl(&passages_search(query, ranked, MAX_PAGE), PASSAGE_FIELDS)?;
        Ok(ranked_passages(&answer))
    }

    /// Article scope: the page of best articles, each shown by its best passages, chosen as
    /// the local index chooses them: the passages holding any of the query's words and phrases
    /// (quoting the requested speaker, if any), best first; when none does, the first passage
    /// that quotes the speaker, else the first passage.
    fn article_hits(
        &self,
        request: &SearchRequest,
        query: &Value,
        pending: &[String],
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let answer = self.ranked(request, query, META_FIELDS)?;
        let total = answer.total()?;
        let any = any_atom(self.engine.engine(), &request.tree()?.positive_text_atoms());
        let mut articles = Vec::new();
        for (source, score) in answer.hits() {
            articles.push((self.meta(source)?, score));
        }
        let of_article = |meta: &ArticleMeta| json!({ "term": { "article_key": article_key(&meta.id) } });
        let allowed = |meta: &ArticleMeta| {
            let mut filter = passage_filters(request);
            filter.push(of_article(meta));
            filter
        };
        // Each article's passages with any of the query's words, best first: one request for all.
        let mut shown: Vec<Vec<Value>> = vec![Vec::new(); articles.len()];
        let mut matching = vec![0u64; articles.len()];
        if let Some(any) = &any {
            let searches: Vec<Value> = articles
                .iter()
                .map(|(meta, _)| {
                    let ranked = json!({ "bool": { "must": [any], "filter": allowed(meta) } });
                    passages_search(&without_versions(ranked, pending), true, request.passages as u64)
                })
                .collect();
            for (i, answer) in self.engine.msearch(&searches)?.iter().enumerate() {
                matching[i] = answer.total()?;
                shown[i].extend(ranked_passages(answer).into_iter().map(|(source, _)| source));
            }
        }
        // An article without such a passage is shown by its first allowed passage, else its first.
        for fallback in [true, false] {
            let rest: Vec<usize> = (0..articles.len()).filter(|&i| shown[i].is_empty()).collect();
            let searches: Vec<Value> = rest
                .iter()
                .map(|&i| {
                    let meta = &articles[i].0;
                    let filter = if fallback {
                        allowed(meta)
                    } else {
                        vec![json!({ "term": { "kind": Scope::Passage.kind() } }), of_article(meta)]
                    };
                    passages_search(&without_versions(json!({ "bool": { "filter": filter } }), pending), false, 1)
                })
                .collect();
            for (&i, answer) in rest.iter().zip(self.engine.msearch(&searches)?.iter()) {
                shown[i].extend(ranked_passages(answer).into_iter().map(|(source, _)| source));
            }
        }
        let mut hits = Vec::new();
        for (i, ((meta, score), shown)) in articles.into_iter().zip(shown).enumerate() {
            let other = matching[i].saturating_sub(shown.len() as u64);
            hits.push(hit(meta, &shown, request.offset + i + 1, score, highlighter, other));
        }
        Ok((hits, total))
    }

    /// Passage scope: the page of best passages; each counts the other passages of its
    /// article that match the request.
    fn passage_hits(
        &self,
        request: &SearchRequest,
        query: &Value,
        pending: &[String],
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let answer = self.ranked(request, query, PASSAGE_FIELDS)?;
        let total = answer.total()?;
        let found = answer.hits();
        let keys: Vec<String> =
            found.iter().filter_map(|(source, _)| source["article_key"].as_str().map(str::to_string)).collect();
        let metas = self.article_metas(&keys, pending)?;
        let matching = self.matching_passages(query, &keys)?;
        let mut hits = Vec::new();
        for (i, (source, score)) in found.into_iter().enumerate() {
            let key = source["article_key"].as_str().unwrap_or_default();
            let meta = metas.get(key).cloned().ok_or_else(|| self.unreadable(&format!("no article has key {key}")))?;
            let other = matching.get(key).copied().unwrap_or(1).saturating_sub(1);
            hits.push(hit(meta, std::slice::from_ref(source), request.offset + i + 1, score, highlighter, other));
        }
        Ok((hits, total))
    }

    /// Passage scope, one hit per article: articles ranked by their best matching passage,
    /// each shown by up to `request.passages` of its matching passages.
    fn passage_hits_per_article(
        &self,
        request: &SearchRequest,
        query: &Value,
        pending: &[String],
        highlighter: &Highlighter,
    ) -> Result<(Vec<Hit>, u64)> {
        let matching = self.matching_passages(query, &[])?;
        let total = matching.len() as u64;
        let wanted = (request.offset + request.limit).min(matching.len());
        let passages = self.passages(query, true)?;
        // Articles in the order of their best passage, each with its passages best first.
        let mut groups: Vec<(String, f32, Vec<Value>)> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for (source, score) in passages.iter() {
            let key = source["article_key"].as_str().unwrap_or_default().to_string();
            let group = *group_of.entry(key.clone()).or_insert_with(|| {
                groups.push((key, *score, Vec::new()));
                groups.len() - 1
            });
            groups[group].2.push(source.clone());
        }
        if groups.len() < wanted {
            return Err(deep_page(self.engine.engine()));
        }
        let page: Vec<_> = groups.into_iter().skip(request.offset).take(request.limit).collect();
        let keys: Vec<String> = page.iter().map(|(key, _, _)| key.clone()).collect();
        let metas = self.article_metas(&keys, pending)?;
        let mut hits = Vec::new();
        for (i, (key, score, passages)) in page.into_iter().enumerate() {
            let meta = metas.get(&key).cloned().ok_or_else(|| self.unreadable(&format!("no article has key {key}")))?;
            let shown: Vec<Value> = passages.into_iter().take(request.passages).collect();
            let other = matching.get(&key).copied().unwrap_or(0).saturating_sub(shown.len() as u64);
            hits.push(hit(meta, &shown, request.offset + i + 1, score, highlighter, other));
        }
        Ok((hits, total))
    }

    /// How many passages `query` matches per article, for the articles `keys` (all when
    /// empty); refused as not exact beyond the number of values an aggregation counts.
    fn matching_passages(&self, query: &Value, keys: &[String]) -> Result<HashMap<String, u64>> {
        let query = if keys.is_empty() {
            query.clone()
        } else {
            json!({ "bool": { "must": [query], "filter": [{ "terms": { "article_key": keys } }] } })
        };
        let aggs = json!({ "articles": { "terms": { "field": "article_key", "size": MAX_VALUES, "shard_size": MAX_VALUES } } });
        let answer = self.engine.search_dsl(&json!({ "query": query, "size": 0, "aggs": aggs }), &[])?;
        Ok(answer
            .value_counts("articles", "article_key")?
            .into_iter()
            .map(|count| (count.value, count.count))
            .collect())
    }
}

/// The search for the first `size` passages `query` matches, counting them all: best first
/// (equal scores in text order), or in text order.
fn passages_search(query: &Value, ranked: bool, size: u64) -> Value {
    let in_order = json!({ "passage": { "order": "asc" } });
    let sort = if ranked { json!([{ "_score": { "order": "desc" } }, in_order]) } else { json!([in_order]) };
    json!({ "query": query, "size": size, "sort": sort, "track_total_hits": true })
}

/// The passages of an answer to [`passages_search`], in its order, with their scores.
fn ranked_passages(answer: &Answer) -> Vec<(Value, f32)> {
    answer.hits().into_iter().map(|(source, score)| (source.clone(), score)).collect()
}

/// How many article keys one request names.
const KEYS_PER_REQUEST: usize = 1000;

/// Refuses to count stories: an engine's index holds no clusters of near-duplicates (they are
/// made, and rewritten, by each local run).
fn refuse_dedup(engine: Engine, search: &SearchRequest) -> Result<()> {
    match search.dedup {
        true => Err(Error::NotExact {
            engine: engine.to_string(),
            what: "its index holds no clusters of near-duplicates, so it cannot count stories (--dedup)".to_string(),
        }),
        false => Ok(()),
    }
}

fn deep_page(engine: Engine) -> Error {
    Error::NotExact {
        engine: engine.to_string(),
        what: format!(
            "it returns only the first {MAX_PAGE} hits of a ranking (ask for an earlier page or narrow the query)"
        ),
    }
}

/// The strings of a value that is a string or a list of strings.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(values) => values.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

fn number(source: &Value, field: &str) -> u64 {
    source[field].as_u64().unwrap_or(0)
}

fn day_of(source: &Value) -> Option<Date> {
    source["date"].as_str()?.get(..10)?.parse().ok()
}

/// A passage document as shown, highlighted by `highlighter`.
fn passage_text(source: &Value, highlighter: Option<&Highlighter>) -> PassageText {
    let text = source["text"].as_str().unwrap_or_default().to_string();
    PassageText {
        passage: number(source, "passage") as u32,
        byte_range: number(source, "start") as usize..number(source, "end") as usize,
        passage_speakers: strings(&source["passage_speaker"]),
        highlights: highlighter.map(|h| h.highlight(&text)).unwrap_or_default(),
        text,
    }
}

/// A hit: the article's metadata and the passages that show it, best first.
fn hit(meta: ArticleMeta, shown: &[Value], rank: usize, score: f32, highlighter: &Highlighter, other: u64) -> Hit {
    let mut passages = shown.iter().map(|source| passage_text(source, Some(highlighter)));
    let best = passages.next().unwrap_or_else(PassageText::empty);
    Hit {
        rank,
        score,
        article: meta,
        passage: best.passage,
        byte_range: best.byte_range,
        passage_speakers: best.passage_speakers,
        text: best.text,
        highlights: best.highlights,
        more_passages: passages.collect(),
        other_matching_passages: other,
        copies: Vec::new(),
    }
}
