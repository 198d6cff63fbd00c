//! From a search request to the query DSL of Elasticsearch, which both engines read (Quickwit's
//! `/api/v1/_elastic/<index>/_search`, OpenSearch's `/<index>/_search`), meaning exactly what
//! the local index would match.
//!
//! Words are analyzed by dateline before they are sent (the engine holds dateline's analyzed
//! words, split at white space: see [`super::document`]), so a word is an exact `term` and a
//! phrase a `match_phrase` with the `whitespace` analyzer. Filters become exact terms of the
//! filter keys dateline computes, in either scope, because every passage carries its article's
//! countries and speakers. Where an engine cannot match exactly what the local index matches,
//! the translation is refused with [`Error::NotExact`], never approximated:
//!
//! - fuzzy words (`Guteres~`, `--fuzzy`) in Quickwit, which has no fuzzy query;
//! - phrases whose words are prefixes or fuzzy words, except a prefix in the last position of
//!   an exact phrase (`"grain exp*"`), and that only in OpenSearch, which expands it to as many
//!   words as the local index does (1,024);
//! - proximity (`"a b"~N`) in article scope in Quickwit, in one request: an article's words are
//!   one value per passage, and Quickwit leaves one empty position between values, so a phrase
//!   with slop could run from one passage into the next. A [`RemoteIndex`](super::RemoteIndex)
//!   matches it exactly in two: the passages holding the phrase give the articles (OpenSearch
//!   is told to leave 1,000 positions, more than the largest slop dateline accepts).
//!
//! A prefix alone stands for every word of the engine's index that starts with it, where the
//! local index refuses a prefix that stands for more than 1,024 words: such a query has an
//! answer only in the engine.

use serde_json::{json, Value};

use super::document::{article_key, engine_word};
use super::Engine;
use crate::date::Period;
use crate::error::{Error, Result};
use crate::index::keys::speaker_key;
use crate::search::compile::resolve_country;
use crate::search::query::{self, Atom, AtomTerm, Query, QueryField, MAX_SLOP};
use crate::search::{Scope, SearchRequest};

/// The query that matches the documents of `request`'s scope that its query and filters match.
pub fn request_query(engine: Engine, request: &SearchRequest) -> Result<Value> {
    request_query_with(engine, request, None)
}

/// Turns a query of passages into a query of the articles that have a matching passage, by
/// asking the engine which articles those are.
pub(crate) type ArticlesOf<'a> = &'a dyn Fn(Value) -> Result<Value>;

/// [`request_query`], with what only a second request to the engine can match exactly (a
/// proximity phrase in article scope in Quickwit) matched through `articles_of`.
pub(crate) fn request_query_with(
    engine: Engine,
    request: &SearchRequest,
    articles_of: Option<ArticlesOf<'_>>,
) -> Result<Value> {
    let translator = Translator { engine, scope: request.scope, articles_of };
    let Some(user) = translator.query(&request.tree()?)? else { return Err(request.nothing_searchable()) };
    let mut filter = vec![json!({ "term": { "kind": request.scope.kind() } })];
    if request.from.is_some() || request.to.is_some() {
        request.check_dates()?;
        filter.push(date_range(request.from, request.to));
    }
    if !request.countries.is_empty() {
        let keys: Vec<String> = request.countries.iter().map(|c| resolve_country(c)).collect();
        filter.push(json!({ "terms": { "country_key": keys } }));
    }
    if !request.speakers.is_empty() {
        let keys: Vec<String> = request.speakers.iter().map(|s| speaker_key(s)).collect();
        filter.push(json!({ "terms": { translator.speaker_field(): keys } }));
    }
    Ok(json!({ "bool": { "must": [user], "filter": filter } }))
}

/// The passages that may show an article hit of `request`: with a speaker filter, only those
/// quoting a requested speaker (as the local index chooses them).
pub(crate) fn passage_filters(request: &SearchRequest) -> Vec<Value> {
    let mut filter = vec![json!({ "term": { "kind": Scope::Passage.kind() } })];
    if !request.speakers.is_empty() {
        let keys: Vec<String> = request.speakers.iter().map(|s| speaker_key(s)).collect();
        filter.push(json!({ "terms": { "passage_speaker_key": keys } }));
    }
    filter
}

/// The passages holding any of `atoms` (a query's positive words and phrases), or `None` when
/// none can be matched exactly: what ranks an article's passages to show it by.
pub(crate) fn any_atom(engine: Engine, atoms: &[Atom]) -> Option<Value> {
    let translator = Translator { engine, scope: Scope::Passage, articles_of: None };
    let should: Vec<Value> =
        atoms.iter().filter_map(|atom| translator.atom("text_words", atom).ok().flatten()).collect();
    (!should.is_empty()).then(|| json!({ "bool": { "should": should, "minimum_should_match": 1 } }))
}

/// `query` leaving out the documents of the article `versions` (those still being removed).
pub fn without_versions(query: Value, versions: &[String]) -> Value {
    if versions.is_empty() {
        return query;
    }
    json!({ "bool": { "must": [query], "must_not": [{ "terms": { "article_hash": versions } }] } })
}

/// Documents dated from the first day of `from` to the last day of `to`.
pub(crate) fn date_range(from: Option<Period>, to: Option<Period>) -> Value {
    let mut range = serde_json::Map::new();
    if let Some(from) = from {
        range.insert("gte".into(), from.first.day_number().into());
    }
    if let Some(to) = to {
        range.insert("lte".into(), to.last.day_number().into());
    }
    json!({ "range": { "day": range } })
}

struct Translator<'a> {
    engine: Engine,
    scope: Scope,
    articles_of: Option<ArticlesOf<'a>>,
}

impl Translator<'_> {
    fn text_field(&self) -> &'static str {
        match self.scope {
            Scope::Article => "article_text_words",
            Scope::Passage => "text_words",
        }
    }

    fn speaker_field(&self) -> &'static str {
        match self.scope {
            Scope::Article => "speaker_key",
            Scope::Passage => "passage_speaker_key",
        }
    }

    /// `None` when the query has nothing searchable (only punctuation), as in the local index.
    fn query(&self, query: &Query) -> Result<Option<Value>> {
        Ok(match query {
            Query::Word { field, text }
            | Query::Prefix { field, text }
            | Query::Phrase { field, text, .. }
            | Query::Fuzzy { field, text, .. } => {
                let atom = query.atom().unwrap_or(Atom { terms: Vec::new(), slop: 0 });
                match field {
                    QueryField::Text => self.atom(self.text_field(), &atom)?,
                    QueryField::Title => self.atom("title_words", &atom)?,
                    QueryField::Country => Some(json!({ "term": { "country_key": resolve_country(text) } })),
                    QueryField::Speaker => Some(json!({ "term": { self.speaker_field(): speaker_key(text) } })),
                    QueryField::Id => Some(json!({ "term": { "article_key": article_key(text.trim()) } })),
                    _ => None,
                }
            }
            Query::Date { from, to } => Some(date_range(*from, *to)),
            Query::And(parts) => {
                let (mut must, mut must_not) = (Vec::new(), Vec::new());
                for part in parts {
                    match part {
                        Query::Not(inner) => must_not.extend(self.query(inner)?),
                        other => must.extend(self.query(other)?),
                    }
                }
                if must.is_empty() && must_not.is_empty() {
                    return Ok(None);
                }
                if must.is_empty() {
                    must.push(json!({ "match_all": {} }));
                }
                Some(json!({ "bool": { "must": must, "must_not": must_not } }))
            }
            Query::Or(parts) => {
                let mut should = Vec::new();
                for part in parts {
                    should.extend(self.query(part)?);
                }
                (!should.is_empty()).then(|| json!({ "bool": { "should": should, "minimum_should_match": 1 } }))
            }
            Query::Not(inner) => self
                .query(inner)?
                .map(|excluded| json!({ "bool": { "must": [{ "match_all": {} }], "must_not": [excluded] } })),
        })
    }

    /// A word, prefix, fuzzy word or phrase of analyzed words in `field`.
    fn atom(&self, field: &str, atom: &Atom) -> Result<Option<Value>> {
        if atom.is_empty() {
            return Ok(None);
        }
        if let [position] = atom.terms.as_slice() {
            return Ok(Some(match position {
                AtomTerm::Exact(term) => json!({ "term": { field: engine_word(term) } }),
                AtomTerm::Prefix(prefix) => json!({ "prefix": { field: engine_word(prefix) } }),
                AtomTerm::Fuzzy { term, distance } => self.fuzzy(field, term, *distance)?,
            }));
        }
        let words = |terms: &[AtomTerm]| -> Option<Vec<String>> {
            terms
                .iter()
                .map(|t| match t {
                    AtomTerm::Exact(term) => Some(engine_word(term).into_owned()),
                    _ => None,
                })
                .collect()
        };
        if let Some(exact) = words(&atom.terms) {
            debug_assert!(atom.slop <= MAX_SLOP);
            let mut phrase = json!({ "query": exact.join(" "), "analyzer": "whitespace" });
            if atom.slop > 0 {
                phrase["slop"] = atom.slop.into();
            }
            if atom.slop > 0
                && self.scope == Scope::Article
                && field == "article_text_words"
                && self.engine == Engine::Quickwit
            {
                // Quickwit leaves one position between values, so a phrase with ~N could run
                // from one passage into the next: match it in the passages instead.
                let Some(articles_of) = self.articles_of else {
                    return Err(Error::NotExact {
                        engine: self.engine.to_string(),
                        what: "a phrase with ~N in article scope, in one request (search it in passage scope)"
                            .to_string(),
                    });
                };
                let in_passages = json!({ "bool": {
                    "must": [{ "match_phrase": { "text_words": phrase } }],
                    "filter": [{ "term": { "kind": Scope::Passage.kind() } }],
                } });
                return articles_of(in_passages).map(Some);
            }
            return Ok(Some(json!({ "match_phrase": { field: phrase } })));
        }
        let (last, head) = atom.terms.split_last().expect("an atom with several positions");
        // Quickwit expands the prefix to at most `max_expansions` words of each split, silently,
        // and sets aside room for that many at once: no number is both exact and safe.
        if let (AtomTerm::Prefix(prefix), Some(head), Engine::OpenSearch, 0) =
            (last, words(head), self.engine, atom.slop)
        {
            let query = format!("{} {}", head.join(" "), engine_word(prefix));
            return Ok(Some(
                json!({ "match_phrase_prefix": { field: { "query": query, "analyzer": "whitespace", "max_expansions": query::MAX_EXPANSIONS } } }),
            ));
        }
        Err(Error::NotExact {
            engine: self.engine.to_string(),
            what: "a phrase with prefixes or fuzzy words in it".to_string(),
        })
    }

    fn fuzzy(&self, field: &str, term: &str, distance: u8) -> Result<Value> {
        match self.engine {
            Engine::Quickwit => Err(Error::NotExact {
                engine: self.engine.to_string(),
                what: "fuzzy words (`word~`, --fuzzy)".to_string(),
            }),
            Engine::OpenSearch => Ok(json!({ "fuzzy": { field: {
                "value": engine_word(term),
                "fuzziness": distance,
                "transpositions": true,
                "prefix_length": 0,
                "max_expansions": query::MAX_EXPANSIONS,
            } } })),
        }
    }
}
