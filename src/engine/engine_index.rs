//! An engine's index over its REST API, as a push and a remote search use it: Quickwit's
//! (`/api/v1/...`, searched through its Elasticsearch-compatible `/api/v1/_elastic`) or
//! OpenSearch's. Both are searched with Elasticsearch's query DSL and aggregations; they differ
//! in how documents arrive and leave.
//!
//! **Quickwit** has no document ids and no upsert, and a delete is a task by query that its
//! janitor applies to splits later (once they are mature): until then, searches still see the
//! deleted documents. So an article's older versions are removed by a delete task naming their
//! versions (`article_hash:IN [...]`), which never touches the version just sent, and until
//! the janitor has applied a task, every query dateline sends leaves out the versions it names
//! ([`EngineIndex::pending_removals`]): answers are exact from the moment a push ends.
//!
//! **OpenSearch** takes documents by id (`_bulk`, each document's `doc_id`), so a document sent
//! again replaces itself, and removes older versions at once (`_delete_by_query` naming their
//! versions, then a refresh): nothing is ever pending.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::client::{Credentials, Http};
use super::definition::definition;
use super::document::{commit_document, KIND_COMMIT};
use super::plan::RemoteVersions;
use super::translate::{request_query_with, without_versions};
use super::{Engine, EngineUrl};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::index::IndexInfo;
use crate::search::facets::{by_count, calendar};
use crate::search::{FacetCount, Facets, Scope, SearchRequest};

/// The most versions one delete task names.
pub const VERSIONS_PER_DELETE: usize = 1000;

/// An engine's index (Quickwit or OpenSearch), over HTTP.
pub struct EngineIndex {
    http: Http,
}

impl EngineIndex {
    /// The index `url` names, with `credentials` sent with every request.
    pub fn new(url: EngineUrl, credentials: Option<Credentials>) -> EngineIndex {
        EngineIndex { http: Http::new(url, credentials) }
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.http.url.engine
    }

    /// The path of the index's Elasticsearch-compatible API (`_search`, ...).
    fn elastic(&self) -> String {
        match self.engine() {
            Engine::Quickwit => format!("/api/v1/_elastic/{}", self.index()),
            Engine::OpenSearch => format!("/{}", self.index()),
        }
    }

    /// The index's URL.
    pub fn url(&self) -> &EngineUrl {
        &self.http.url
    }

    fn index(&self) -> &str {
        &self.http.url.index
    }

    /// Whether the index exists.
    pub fn exists(&self) -> Result<bool> {
        let path = match self.engine() {
            Engine::Quickwit => format!("/api/v1/indexes/{}", self.index()),
            Engine::OpenSearch => format!("/{}", self.index()),
        };
        let reply = self.http.send("GET", &path, None)?;
        match reply.status {
            200 => Ok(true),
            404 => Ok(false),
            _ => Err(Error::Engine { request: format!("GET {}{path}", self.http.url.base), reason: reply.message() }),
        }
    }

    /// Creates the index with dateline's definition.
    pub fn create(&self) -> Result<()> {
        let definition = definition(self.engine(), self.index());
        match self.engine() {
            Engine::Quickwit => self.http.json("POST", "/api/v1/indexes", Some(&definition))?,
            Engine::OpenSearch => self.http.json("PUT", &format!("/{}", self.index()), Some(&definition))?,
        };
        Ok(())
    }

    /// Ingests NDJSON `documents` (one per line, `count` of them), searchable before this
    /// returns when `commit`. Any document the index rejects is an error that quotes the
    /// engine's reason. Returns the bytes sent (to Quickwit zstd-compressed).
    pub fn ingest(&self, documents: &[u8], count: u64, commit: bool) -> Result<u64> {
        match self.engine() {
            Engine::Quickwit => self.ingest_quickwit(documents, count, commit),
            Engine::OpenSearch => self.bulk(documents, count, commit),
        }
    }

    /// OpenSearch: the documents by their `doc_id`, in one `_bulk` request.
    fn bulk(&self, documents: &[u8], count: u64, commit: bool) -> Result<u64> {
        let path = format!("/{}/_bulk{}", self.index(), if commit { "?refresh=wait_for" } else { "" });
        let what = format!("POST {}{path}", self.http.url.base);
        let mut body = Vec::with_capacity(documents.len() + documents.len() / 8);
        for line in documents.split(|&b| b == b'\n').filter(|line| !line.is_empty()) {
            let doc: Value = serde_json::from_slice(line).map_err(|e| Error::Engine {
                request: what.clone(),
                reason: format!("a document to send is not JSON ({e})"),
            })?;
            serde_json::to_writer(&mut body, &json!({ "index": { "_id": doc["doc_id"] } }))
                .expect("an action serializes");
            body.push(b'\n');
            body.extend_from_slice(line);
            body.push(b'\n');
        }
        let reply = self.http.send("POST", &path, Some(("application/x-ndjson", &body)))?;
        if !(200..300).contains(&reply.status) {
            return Err(Error::Engine { request: what, reason: reply.message() });
        }
        let answer = reply.json(&what)?;
        let items = answer["items"].as_array().cloned().unwrap_or_default();
        let failed: Vec<&Value> = items.iter().filter_map(|item| item["index"].get("error")).collect();
        if answer["errors"].as_bool() == Some(true) || !failed.is_empty() {
            let first = failed.first().and_then(|e| e["reason"].as_str()).unwrap_or("no reason given");
            return Err(Error::Engine {
                request: what,
                reason: format!("{} of {count} documents were rejected; the first because: {first}", failed.len()),
            });
        }
        if items.len() as u64 != count {
            return Err(Error::Engine {
                request: what,
                reason: format!("{count} documents were sent and {} taken", items.len()),
            });
        }
        Ok(body.len() as u64)
    }

    /// Quickwit: the documents through its ingest API, zstd-compressed.
    fn ingest_quickwit(&self, documents: &[u8], count: u64, commit: bool) -> Result<u64> {
        let mode = if commit { "force" } else { "auto" };
        let path = format!("/api/v1/{}/ingest?commit={mode}&detailed_response=true", self.index());
        // News text compresses about fivefold; Quickwit reads zstd bodies.
        let compressed = zstd::encode_all(documents, 3).map_err(|source| Error::Engine {
            request: format!("POST {}{path}", self.http.url.base),
            reason: format!("cannot compress the documents: {source}"),
        })?;
        let reply = self.http.send_encoded("POST", &path, Some(("application/x-ndjson", &compressed)), Some("zstd"))?;
        let what = format!("POST {}{path}", self.http.url.base);
        if !(200..300).contains(&reply.status) {
            return Err(Error::Engine { request: what, reason: reply.message() });
        }
        let answer = reply.json(&what)?;
        let rejected = answer["num_rejected_docs"].as_u64().unwrap_or(0);
        if rejected > 0 {
            let first =
                answer.pointer("/parse_failures/0/message").and_then(Value::as_str).unwrap_or("no reason given");
            return Err(Error::Engine {
                request: what,
                reason: format!("{rejected} of {count} documents were rejected; the first because: {first}"),
            });
        }
        let ingested = answer["num_ingested_docs"].as_u64().or_else(|| answer["num_docs_for_processing"].as_u64());
        if ingested != Some(count) {
            return Err(Error::Engine {
                request: what,
                reason: format!(
                    "{count} documents were sent and {} taken",
                    ingested.map_or("an unknown number".into(), |n| n.to_string())
                ),
            });
        }
        Ok(compressed.len() as u64)
    }

    /// Runs a search body of Elasticsearch's DSL, the hits carrying the fields `includes`, with
    /// any split that fails to answer an error rather than a smaller answer.
    pub(crate) fn search_dsl(&self, body: &Value, includes: &[&str]) -> Result<Answer> {
        let mut path = format!("{}/_search?allow_partial_search_results=false", self.elastic());
        if !includes.is_empty() {
            path.push_str("&_source_includes=");
            path.push_str(&includes.join(","));
        }
        let json = self.http.json("POST", &path, Some(body))?;
        Ok(Answer { json, request: format!("POST {}{path}", self.http.url.base) })
    }

    /// Runs several search bodies in one request (`_msearch`), their answers in order; any
    /// search that fails, or that a split or shard fails to answer, is an error.
    pub(crate) fn msearch(&self, bodies: &[Value]) -> Result<Vec<Answer>> {
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        let path = match self.engine() {
            Engine::Quickwit => "/api/v1/_elastic/_msearch",
            Engine::OpenSearch => "/_msearch",
        };
        let what = format!("POST {}{path}", self.http.url.base);
        let mut lines = Vec::new();
        for body in bodies {
            serde_json::to_writer(&mut lines, &json!({ "index": self.index() })).expect("a header serializes");
            lines.push(b'\n');
            serde_json::to_writer(&mut lines, body).expect("a search serializes");
            lines.push(b'\n');
        }
        let reply = self.http.send("POST", path, Some(("application/x-ndjson", &lines)))?;
        if !(200..300).contains(&reply.status) {
            return Err(Error::Engine { request: what, reason: reply.message() });
        }
        let answer = reply.json(&what)?;
        let responses = answer["responses"].as_array().cloned().unwrap_or_default();
        if responses.len() != bodies.len() {
            return Err(Error::Engine {
                request: what,
                reason: format!("{} searches were sent and {} answered", bodies.len(), responses.len()),
            });
        }
        responses
            .into_iter()
            .map(|json| {
                let failed = json.pointer("/_shards/failed").and_then(Value::as_u64).unwrap_or(0);
                if let Some(error) = json.get("error") {
                    let reason = error["reason"].as_str().map_or_else(|| error.to_string(), str::to_string);
                    return Err(Error::Engine { request: what.clone(), reason });
                }
                if failed > 0 {
                    return Err(Error::Engine {
                        request: what.clone(),
                        reason: format!("{failed} splits or shards failed to answer: try again"),
                    });
                }
                Ok(Answer { json, request: what.clone() })
            })
            .collect()
    }

    /// How many documents match a query of Elasticsearch's DSL (see [`super::translate`]),
    /// counted exactly.
    pub fn count_dsl(&self, query: &Value) -> Result<u64> {
        self.search_dsl(&json!({ "query": query, "size": 0, "track_total_hits": true }), &[])?.total()
    }

    /// The total and the facet counts (countries, speakers, years, months) of a search
    /// request, counted by the engine exactly as the local index counts them, leaving out the
    /// article versions still being removed, in one search.
    ///
    /// Countries and speakers are terms aggregations as large as Quickwit allows, with each
    /// split counting all its values, so the counts are exact; more values than that is an
    /// error rather than a cut list. Years and calendar months are summed from the counts per
    /// day (a histogram of the `day` field, which holds day numbers).
    pub fn facets(&self, request: &SearchRequest) -> Result<(u64, Facets)> {
        let pending: Vec<String> = self.pending_removals()?.into_iter().collect();
        self.facets_of(request, &self.request_query(request, &pending)?)
    }

    /// [`EngineIndex::facets`] of `request`, whose query (see [`EngineIndex::request_query`])
    /// is `query`.
    pub(crate) fn facets_of(&self, request: &SearchRequest, query: &Value) -> Result<(u64, Facets)> {
        let speaker_field = match request.scope {
            Scope::Article => "speaker",
            Scope::Passage => "passage_speaker",
        };
        let terms = |field: &str| json!({ "terms": { "field": field, "size": MAX_VALUES, "shard_size": MAX_VALUES } });
        let aggs = json!({
            "countries": terms("country"),
            "speakers": terms(speaker_field),
            "days": days_histogram(),
        });
        let answer =
            self.search_dsl(&json!({ "query": query, "size": 0, "track_total_hits": true, "aggs": aggs }), &[])?;
        let (years, months) = calendar(answer.days("days")?);
        let facets = Facets {
            countries: answer.value_counts("countries", "country")?,
            speakers: answer.value_counts("speakers", speaker_field)?,
            years,
            months,
        };
        Ok((answer.total()?, facets))
    }

    /// The query of `request` (see [`super::translate`]), leaving out the `pending` versions,
    /// with what needs a second request (proximity in article scope) matched through
    /// [`EngineIndex::articles_of`].
    pub(crate) fn request_query(&self, request: &SearchRequest, pending: &[String]) -> Result<Value> {
        let articles_of = |passages: Value| self.articles_of(passages, pending);
        Ok(without_versions(request_query_with(self.engine(), request, Some(&articles_of))?, pending))
    }

    /// A query of the articles that have a passage matching `passages` (leaving out the
    /// `pending` versions): their keys, counted exactly by a terms aggregation.
    fn articles_of(&self, passages: Value, pending: &[String]) -> Result<Value> {
        let query = without_versions(passages, pending);
        let aggs = json!({ "articles": { "terms": { "field": "article_key", "size": MAX_VALUES, "shard_size": MAX_VALUES } } });
        let answer = self.search_dsl(&json!({ "query": query, "size": 0, "aggs": aggs }), &[])?;
        let keys: Vec<String> =
            answer.value_counts("articles", "article_key")?.into_iter().map(|count| count.value).collect();
        // No key is empty, so an empty list matches nothing.
        Ok(if keys.is_empty() {
            json!({ "term": { "article_key": "" } })
        } else {
            json!({ "terms": { "article_key": keys } })
        })
    }

    /// The local commit that the engine's index holds (see [`commit_document`]), with the
    /// engine's counts of articles and passages; the latest, should an interrupted push have
    /// left two.
    pub fn commit(&self) -> Result<IndexInfo> {
        let pending: Vec<String> = self.pending_removals()?.into_iter().collect();
        self.commit_leaving_out(&pending)
    }

    fn commit_leaving_out(&self, pending: &[String]) -> Result<IndexInfo> {
        let commits = self.commits(pending)?;
        let Some((_, mut info)) = commits.into_iter().max_by(|a, b| a.1.committed_at.cmp(&b.1.committed_at)) else {
            return Err(Error::Engine {
                request: self.url().to_string(),
                reason: "the engine's index has no record of a complete push: push to it again".to_string(),
            });
        };
        let count = |kind: &str| self.count_dsl(&without_versions(json!({ "term": { "kind": kind } }), pending));
        info.articles = count(Scope::Article.kind())?;
        info.passages = count(Scope::Passage.kind())?;
        Ok(info)
    }

    /// The commit documents the index holds, with their versions.
    fn commits(&self, pending: &[String]) -> Result<Vec<(String, IndexInfo)>> {
        let query = without_versions(json!({ "term": { "kind": KIND_COMMIT } }), pending);
        let answer = self.search_dsl(&json!({ "query": query, "size": 100 }), &["commit", "article_hash"])?;
        let mut commits = Vec::new();
        for (source, _) in answer.hits() {
            let info = source["commit"].as_str().and_then(|json| serde_json::from_str::<IndexInfo>(json).ok());
            let (Some(info), Some(hash)) = (info, source["article_hash"].as_str()) else {
                return Err(answer.missing("readable commit record"));
            };
            commits.push((hash.to_string(), info));
        }
        Ok(commits)
    }

    /// Records `info` as the commit the index holds, and removes any other record.
    pub fn record_commit(&self, info: &IndexInfo) -> Result<()> {
        let pending: Vec<String> = self.pending_removals()?.into_iter().collect();
        let document = commit_document(info);
        let version = document["article_hash"].as_str().unwrap_or_default().to_string();
        let held = self.commits(&pending)?;
        if !held.iter().any(|(hash, _)| *hash == version) {
            let mut line = serde_json::to_vec(&document).expect("a document serializes");
            line.push(b'\n');
            self.ingest(&line, 1, true)?;
        }
        let older: Vec<String> = held.into_iter().map(|(hash, _)| hash).filter(|hash| *hash != version).collect();
        self.remove_versions(&older)?;
        Ok(())
    }

    /// The versions of every article the index holds, by article key, with how many article
    /// documents carry each.
    pub fn versions(&self) -> Result<BTreeMap<String, RemoteVersions>> {
        let mut versions: BTreeMap<String, RemoteVersions> = BTreeMap::new();
        let articles = json!({ "term": { "kind": "article" } });
        self.scroll(&articles, &["article_key", "article_hash"], |source| {
            if let (Some(key), Some(hash)) = (source["article_key"].as_str(), source["article_hash"].as_str()) {
                *versions.entry(key.to_string()).or_default().entry(hash.to_string()).or_default() += 1;
            }
        })?;
        Ok(versions)
    }

    /// Calls `each` with the fields `includes` of every document that `query` (of
    /// Elasticsearch's DSL) matches, read with a scroll, in no particular order. Quickwit's
    /// scroll allows partial results, so every page must report no failed split, and the
    /// documents read must be as many as an exact count finds.
    pub(crate) fn scroll(&self, query: &Value, includes: &[&str], mut each: impl FnMut(&Value)) -> Result<u64> {
        let expected = self.count_dsl(query)?;
        let first = format!("{}/_search?scroll=5m&_source_includes={}", self.elastic(), includes.join(","));
        let body = json!({ "query": query, "size": MAX_PAGE });
        let mut answer = self.http.json("POST", &first, Some(&body))?;
        let mut read = 0u64;
        loop {
            let failed = answer.pointer("/_shards/failed").and_then(Value::as_u64).unwrap_or(0);
            if failed > 0 {
                return Err(Error::Engine {
                    request: format!("POST {}{first}", self.http.url.base),
                    reason: format!("{failed} splits failed to answer while reading the matches"),
                });
            }
            let hits = answer.pointer("/hits/hits").and_then(Value::as_array).cloned().unwrap_or_default();
            if hits.is_empty() {
                break;
            }
            for hit in &hits {
                read += 1;
                each(&hit["_source"]);
            }
            let Some(scroll) = answer["_scroll_id"].as_str().map(str::to_string) else { break };
            let next = json!({ "scroll": "5m", "scroll_id": scroll });
            let path = match self.engine() {
                Engine::Quickwit => "/api/v1/_elastic/_search/scroll",
                Engine::OpenSearch => "/_search/scroll",
            };
            answer = self.http.json("POST", path, Some(&next))?;
        }
        if read != expected {
            return Err(Error::Engine {
                request: format!("POST {}{first}", self.http.url.base),
                reason: format!("reading the matches gave {read} of the {expected} the index counts: try again"),
            });
        }
        Ok(read)
    }

    /// Removes the documents of the article versions `hashes`, at most [`VERSIONS_PER_DELETE`]
    /// per request: in Quickwit by delete tasks (applied later: see
    /// [`EngineIndex::pending_removals`]), in OpenSearch at once.
    pub fn remove_versions(&self, hashes: &[String]) -> Result<()> {
        for batch in hashes.chunks(VERSIONS_PER_DELETE) {
            match self.engine() {
                Engine::Quickwit => {
                    let path = format!("/api/v1/{}/delete-tasks", self.index());
                    let query = format!("article_hash:IN [{}]", batch.join(" "));
                    self.http.json("POST", &path, Some(&json!({ "query": query })))?;
                }
                Engine::OpenSearch => {
                    let path = format!("/{}/_delete_by_query?refresh=true&conflicts=proceed", self.index());
                    let query = json!({ "query": { "terms": { "article_hash": batch } } });
                    let answer = self.http.json("POST", &path, Some(&query))?;
                    let failures = answer["failures"].as_array().map_or(0, Vec::len);
                    if failures > 0 {
                        return Err(Error::Engine {
                            request: format!("POST {}{path}", self.http.url.base),
                            reason: format!("{failures} documents could not be removed: run the push again"),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The article versions named by delete tasks that Quickwit's janitor has not yet applied
    /// to every split: the versions every query must leave out until then (none in OpenSearch,
    /// which removes at once).
    pub fn pending_removals(&self) -> Result<BTreeSet<String>> {
        if self.engine() == Engine::OpenSearch {
            return Ok(BTreeSet::new());
        }
        let tasks = self.http.json("GET", &format!("/api/v1/{}/delete-tasks", self.index()), None)?;
        let tasks = tasks.as_array().cloned().unwrap_or_default();
        if tasks.is_empty() {
            return Ok(BTreeSet::new());
        }
        let applied = self.applied_opstamp()?;
        let mut pending = BTreeSet::new();
        for task in tasks {
            if task["opstamp"].as_u64().is_some_and(|opstamp| opstamp > applied) {
                let ast = task.pointer("/delete_query/query_ast").and_then(Value::as_str).unwrap_or("null");
                let ast: Value = serde_json::from_str(ast).unwrap_or(Value::Null);
                collect_versions(&ast, &mut pending);
            }
        }
        Ok(pending)
    }

    /// The opstamp of the last delete task applied to every published split.
    fn applied_opstamp(&self) -> Result<u64> {
        let path = format!("/api/v1/indexes/{}/splits?split_states=Published", self.index());
        let answer = self.http.json("GET", &path, None)?;
        let splits = answer["splits"].as_array().cloned().unwrap_or_default();
        Ok(splits.iter().filter_map(|split| split["delete_opstamp"].as_u64()).min().unwrap_or(u64::MAX))
    }
}

/// The most values of one field a facet counts: Quickwit's limit of aggregation buckets.
pub(crate) const MAX_VALUES: u64 = 65_000;

/// The most hits one search returns, and the deepest page it reaches (`from`): Quickwit's
/// limits.
pub(crate) const MAX_PAGE: u64 = 10_000;

/// An answer of Quickwit's Elasticsearch search, with the request it answers, for errors.
pub(crate) struct Answer {
    pub(crate) json: Value,
    request: String,
}

impl Answer {
    pub(crate) fn missing(&self, what: &str) -> Error {
        Error::Engine { request: self.request.clone(), reason: format!("the answer has no {what}") }
    }

    /// The hits: each one's `_source` and its score (when sorted by score).
    pub(crate) fn hits(&self) -> Vec<(&Value, f32)> {
        let hits = self.json.pointer("/hits/hits").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        hits.iter()
            .map(|hit| (&hit["_source"], hit.pointer("/sort/0").and_then(Value::as_f64).unwrap_or(0.0) as f32))
            .collect()
    }

    /// The counts per day of the aggregation `name`, a [`days_histogram`].
    pub(crate) fn days(&self, name: &str) -> Result<Vec<(Date, u64)>> {
        let mut days = Vec::new();
        for bucket in self.buckets(name)? {
            let (Some(day), Some(count)) = (bucket["key"].as_f64(), bucket["doc_count"].as_u64()) else { continue };
            days.push((Date::from_day_number(day as i64), count));
        }
        Ok(days)
    }

    /// The exact number of matching documents.
    pub(crate) fn total(&self) -> Result<u64> {
        self.json.pointer("/hits/total/value").and_then(Value::as_u64).ok_or_else(|| self.missing("hits.total"))
    }

    /// The buckets of the aggregation `name`.
    pub(crate) fn buckets(&self, name: &str) -> Result<Vec<Value>> {
        self.json
            .pointer(&format!("/aggregations/{name}/buckets"))
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| self.missing(&format!("aggregation {name}")))
    }

    /// The counts of the terms aggregation `name` over `field`, most frequent first; refused
    /// as not exact when Quickwit left values out or gives an error bound.
    pub(crate) fn value_counts(&self, name: &str, field: &str) -> Result<Vec<FacetCount>> {
        let aggregation = &self.json["aggregations"][name];
        let other = aggregation["sum_other_doc_count"].as_u64().unwrap_or(0);
        let error = aggregation["doc_count_error_upper_bound"].as_u64().unwrap_or(0);
        if other > 0 || error > 0 {
            return Err(Error::NotExact {
                engine: Engine::Quickwit.to_string(),
                what: format!("counts of more than {MAX_VALUES} values of {field}"),
            });
        }
        let counts = self
            .buckets(name)?
            .iter()
            .filter_map(|bucket| {
                Some(FacetCount { value: bucket["key"].as_str()?.to_string(), count: bucket["doc_count"].as_u64()? })
            })
            .collect();
        Ok(by_count(counts))
    }
}

/// An aggregation counting the matching documents per day (by day number, see the `day`
/// field), read back by [`Answer::days`].
pub(crate) fn days_histogram() -> Value {
    json!({ "histogram": { "field": "day", "interval": 1, "min_doc_count": 1 } })
}

/// Collects the versions a delete task's query names: the strings listed for `article_hash`
/// anywhere in its query tree.
fn collect_versions(ast: &Value, into: &mut BTreeSet<String>) {
    match ast {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "article_hash" {
                    match value {
                        Value::Array(values) => {
                            into.extend(values.iter().filter_map(Value::as_str).map(str::to_string))
                        }
                        Value::String(value) => {
                            into.insert(value.clone());
                        }
                        _ => {}
                    }
                } else {
                    collect_versions(value, into);
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|value| collect_versions(value, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_a_delete_task_names_are_found_in_its_query_tree() {
        let ast = json!({ "type": "term_set", "terms_per_field": { "article_hash": ["00aa", "00bb"] } });
        let mut found = BTreeSet::new();
        collect_versions(&ast, &mut found);
        assert_eq!(found, ["00aa".to_string(), "00bb".to_string()].into());
        let nested = json!({ "type": "bool", "must": [{ "type": "term", "field": "x", "article_hash": "00cc" }] });
        collect_versions(&nested, &mut found);
        assert!(found.contains("00cc"));
    }
}
