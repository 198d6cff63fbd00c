//! From a parsed query and a request's filters to the tantivy query of its scope.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{
    wildcard_query_to_regex_str, AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query as TantivyQuery, RangeQuery, RegexPhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::Index;
use crate::analysis::pairs::PhraseWords;
use crate::date::{Date, Period};
use crate::error::{index_io, Error, Result};
use crate::extract::country::gazetteer;
use crate::index::keys::{country_key, speaker_key};
use crate::index::schema::{Fields, KIND_PASSAGE};

use super::articles::{ArticlesOf, PassagesOf};
use super::filter_cache::CachedFilter;
use super::pairs::PairPhraseQuery;
use super::query::{self, Atom, AtomTerm, Query, QueryError, QueryField};
use super::request::{Scope, SearchRequest};

pub(super) fn filter(query: Box<dyn TantivyQuery>) -> (Occur, Box<dyn TantivyQuery>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

pub(super) fn term_query(field: Field, text: &str) -> Box<dyn TantivyQuery> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
}

pub(super) fn any_of(queries: Vec<Box<dyn TantivyQuery>>) -> Box<dyn TantivyQuery> {
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// A filter keeping the documents of `scope`'s kind.
pub(super) fn kind_filter(fields: &Fields, scope: Scope) -> (Occur, Box<dyn TantivyQuery>) {
    filter(term_query(fields.kind, scope.kind()))
}

/// A filter keeping documents that quote any of `speakers` (keys in `field`).
pub(super) fn speaker_filter(field: Field, speakers: &[String]) -> (Occur, Box<dyn TantivyQuery>) {
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
pub(super) struct Compiler<'a> {
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
pub(super) fn date_range(field: Field, from: Option<Period>, to: Option<Period>) -> Box<dyn TantivyQuery> {
    let bound = |date: Date| Term::from_field_i64(field, date.day_number());
    let lower = from.map_or(Bound::Unbounded, |p| Bound::Included(bound(p.first)));
    let upper = match to {
        None => Bound::Unbounded,
        Some(p) => p.end_exclusive().map_or(Bound::Included(bound(p.last)), |d| Bound::Excluded(bound(d))),
    };
    Box::new(RangeQuery::new(lower, upper))
}

/// The text of a word or phrase node, as typed.
pub(super) fn node_text(query: &Query) -> &str {
    match query {
        Query::Word { text, .. }
        | Query::Prefix { text, .. }
        | Query::Fuzzy { text, .. }
        | Query::Phrase { text, .. } => text,
        _ => "",
    }
}

impl<'a> Compiler<'a> {
    pub(super) fn new(index: &'a Index, scope: Scope, searcher: &'a Searcher, query: &'a str) -> Compiler<'a> {
        Compiler { fields: &index.commit.fields, phrase_words: &index.commit.phrase_words, scope, searcher, query }
    }

    pub(super) fn text_field(&self) -> Field {
        match self.scope {
            Scope::Article => self.fields.article_text,
            Scope::Passage => self.fields.text,
        }
    }

    pub(super) fn speaker_field(&self) -> Field {
        match self.scope {
            Scope::Article => self.fields.speaker_key,
            Scope::Passage => self.fields.passage_speaker_key,
        }
    }

    /// The words of `field` in the index that one position stands for: the term itself, or
    /// every word a prefix or fuzzy word matches (sorted). More than
    /// [`query::MAX_EXPANSIONS`] is a query error.
    pub(super) fn expand(&self, field: Field, position: &AtomTerm) -> Result<Vec<String>> {
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
    pub(super) fn atom_query(&self, field: Field, atom: &Atom) -> Result<Option<Box<dyn TantivyQuery>>> {
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
    pub(super) fn text(&self, atom: &Atom) -> Result<Option<Box<dyn TantivyQuery>>> {
        if self.scope == Scope::Article && atom.terms.len() > 1 {
            let Some(in_passages) = self.atom_query(self.fields.text, atom)? else { return Ok(None) };
            return Ok(Some(Box::new(ArticlesOf::new(in_passages, *self.fields))));
        }
        self.atom_query(self.text_field(), atom)
    }

    /// `None` when the query has nothing searchable (only punctuation). Errors: a prefix or
    /// fuzzy word that stands for too many words of the index.
    pub(super) fn compile(&self, query: &Query) -> Result<Option<Box<dyn TantivyQuery>>> {
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
    pub(super) fn confined(&self, query: &Query) -> bool {
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
    pub(super) fn any_atom(&self, atoms: &[Atom]) -> Option<Box<dyn TantivyQuery>> {
        let field = self.fields.text;
        let queries: Vec<_> = atoms.iter().filter_map(|atom| self.atom_query(field, atom).ok().flatten()).collect();
        (!queries.is_empty()).then(|| any_of(queries))
    }
}

/// The documents of `scope` whose article has any of `countries` (by any name the gazetteer
/// knows). Only article documents carry countries; a passage has its article's.
pub(super) fn country_query<S: AsRef<str>>(
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
pub(crate) fn resolve_country(text: &str) -> String {
    country_key(&gazetteer().resolve(text).map_or_else(|| text.trim().to_string(), |c| c.name.clone()))
}

impl Index {
    /// Parses a request's query and compiles it, with the request's filters, to the tantivy
    /// query that matches the documents of the request's scope: what ranking, counting and
    /// every other view of a result set (facets, timelines, concordances) run.
    pub(crate) fn compile(&self, request: &SearchRequest) -> Result<Compiled> {
        let tree = request.tree()?;
        let searcher = self.commit.reader.searcher();
        let compiler = Compiler::new(self, request.scope, &searcher, &request.query);
        let Some(user_query) = compiler.compile(&tree)? else { return Err(request.nothing_searchable()) };
        let mut clauses = vec![(Occur::Must, user_query)];
        // The kind filter is a long posting list to intersect with (a term of every article or
        // passage): left out when the query can only match documents of the scope's kind anyway.
        if !compiler.confined(&tree) {
            clauses.push(self.cached(kind_filter(&self.commit.fields, request.scope)));
        }
        clauses.extend(self.request_filters(request, request.scope)?);
        Ok(Compiled { tree, query: BooleanQuery::new(clauses) })
    }

    /// The filters that choose among an article hit's passages.
    pub(super) fn passage_filters(&self, request: &SearchRequest) -> Vec<(Occur, Box<dyn TantivyQuery>)> {
        let fields = &self.commit.fields;
        let mut clauses = vec![filter(term_query(fields.kind, KIND_PASSAGE))];
        if !request.speakers.is_empty() {
            clauses.push(speaker_filter(fields.passage_speaker_key, &request.speakers));
        }
        clauses
    }

    /// The filters of a request, for documents of `scope`'s kind.
    pub(super) fn filters(&self, request: &SearchRequest, scope: Scope) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let mut clauses = vec![self.cached(kind_filter(&self.commit.fields, scope))];
        clauses.extend(self.request_filters(request, scope)?);
        Ok(clauses)
    }

    /// A filter kept as bitsets from its second search on (see [`filter_cache`]).
    pub(super) fn cached(&self, (occur, filter): (Occur, Box<dyn TantivyQuery>)) -> (Occur, Box<dyn TantivyQuery>) {
        (occur, Box::new(CachedFilter::new(filter, Arc::clone(&self.filters))))
    }

    /// The date, country and speaker filters of a request, without the kind filter.
    pub(super) fn request_filters(
        &self,
        request: &SearchRequest,
        scope: Scope,
    ) -> Result<Vec<(Occur, Box<dyn TantivyQuery>)>> {
        let fields = &self.commit.fields;
        let mut clauses = Vec::new();
        if request.from.is_some() || request.to.is_some() {
            request.check_dates()?;
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
}
