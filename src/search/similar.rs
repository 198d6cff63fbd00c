//! More like this: the articles most similar to a given one, ranked and shown like search hits.

use std::collections::{BTreeMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query as TantivyQuery};
use tantivy::schema::OwnedValue;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::Index;
use super::{filter, term_query, text_value, Compiled, Scope, SearchRequest, SearchResults};
use crate::analysis;
use crate::error::{Error, Result};
use crate::index::schema::{KIND_ARTICLE, KIND_PASSAGE};
use crate::search::query::{Query, QueryField};

/// English function words (and the commonest reporting words of news text), left out of the
/// key terms: they say nothing about what an article is about.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "also", "although", "am", "among",
    "an", "and", "another", "any", "are", "around", "as", "at", "be", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
    "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "itself", "just", "last", "least", "less", "like", "made", "make", "many", "may",
    "me", "might", "more", "most", "much", "must", "my", "myself", "neither", "never", "new", "next", "no", "nor",
    "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "our", "ours",
    "ourselves", "out", "over", "own", "per", "put", "rather", "said", "same", "say", "saying", "says", "see",
    "seen", "several", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus",
    "to", "told", "too", "two", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "year", "years", "yet", "you", "your", "yours", "yourself", "yourselves",
];

/// A request for the articles most similar to one article: the article, the filters and
/// paging of a search, and how its key terms are chosen.
///
/// The article's text (title and body) is reduced to its **key terms**, the words that say
/// most about it:
///
/// 1. every word of the text, analyzed as the index analyzes it ;
/// 2. leaving out English function words (a list of about 200, analyzed the same way), words
///    shorter than [`SimilarRequest::min_word_chars`] and words without a letter (numbers);
/// 3. keeping the words used at least [`SimilarRequest::min_term_freq`] times in the article,
///    found in at least [`SimilarRequest::min_doc_freq`] articles of the index (the article
///    itself included, so 2 means at least one other), and in at most
///    [`SimilarRequest::max_doc_share`] of all articles (words that most articles use say
///    little);
/// 4. ranked by tf·idf, their count in the article times their BM25 inverse document frequency
///    among articles (ties by the word), and the best [`SimilarRequest::max_terms`] kept.
///
/// The key terms, each as often as the article uses it, become tantivy's
/// [`MoreLikeThisQuery`]: any of the terms, each boosted by its tf·idf relative to the
/// strongest. It runs in article scope with the request's filters (dates, countries, speakers),
/// the article itself excluded, and articles are ranked by BM25 among articles. Each hit is
/// shown by its passage with the most key terms, the key terms highlighted.
///
/// ```no_run
/// use dateline::{Index, SearchRequest, SimilarRequest};
///
/// let index = Index::open("my-index")?;
/// let filters = SearchRequest::default().from("2018".parse()?).country("Ethiopia").limit(5);
/// let similar = index.similar(&SimilarRequest::new("2019/geneva-water-talks.txt").search(filters))?;
/// println!("key terms: {}", similar.terms.join(", "));
/// for hit in similar.results.hits {
///     println!("{} {} {}", hit.rank, hit.article.date, hit.article.id);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SimilarRequest {
    /// The article to find others like, by its id.
    pub article_id: String,
    /// The filters (dates, countries, speakers), paging and facets of the search for similar
    /// articles. Its query and scope are not used: the key terms are searched in article scope.
    pub search: SearchRequest,
    /// The most key terms to search with (default 25).
    pub max_terms: usize,
    /// The fewest times a word must occur in the article to be a key term (default 1).
    pub min_term_freq: usize,
    /// The fewest articles of the index, the article itself included, that must use a word
    /// for it to be a key term (default 2: at least one other article).
    pub min_doc_freq: u64,
    /// The largest share of the index's articles that may use a key term (default 0.5).
    pub max_doc_share: f64,
    /// The fewest characters a key term must have (default 3).
    pub min_word_chars: usize,
}

impl SimilarRequest {
    /// A request for the 10 articles most like `article_id`, with the default key-term choice
    /// and no filters.
    pub fn new(article_id: impl Into<String>) -> SimilarRequest {
        SimilarRequest {
            article_id: article_id.into(),
            search: SearchRequest::default(),
            max_terms: 25,
            min_term_freq: 1,
            min_doc_freq: 2,
            max_doc_share: 0.5,
            min_word_chars: 3,
        }
    }

    /// Sets the filters, paging and facets (the query and scope of `search` are not used).
    pub fn search(mut self, search: SearchRequest) -> Self {
        self.search = search;
        self
    }

    /// Sets how many similar articles to return.
    pub fn limit(mut self, limit: usize) -> Self {
        self.search.limit = limit;
        self
    }

    /// Sets the most key terms to search with.
    pub fn max_terms(mut self, max_terms: usize) -> Self {
        self.max_terms = max_terms;
        self
    }

    /// Sets the fewest times a word must occur in the article to be a key term.
    pub fn min_term_freq(mut self, min_term_freq: usize) -> Self {
        self.min_term_freq = min_term_freq;
        self
    }

    /// Sets the fewest articles of the index that must use a word for it to be a key term.
    pub fn min_doc_freq(mut self, min_doc_freq: u64) -> Self {
        self.min_doc_freq = min_doc_freq;
        self
    }

    /// Sets the largest share of the index's articles that may use a key term (0 to 1).
    pub fn max_doc_share(mut self, max_doc_share: f64) -> Self {
        self.max_doc_share = max_doc_share;
        self
    }

    /// Sets the fewest characters a key term must have.
    pub fn min_word_chars(mut self, min_word_chars: usize) -> Self {
        self.min_word_chars = min_word_chars;
        self
    }

    /// The search this request runs: its filters and paging, the key terms as the query, in
    /// article scope.
    fn search_request(&self, terms: &[String]) -> SearchRequest {
        SearchRequest { query: terms.join(" OR "), scope: Scope::Article, ..self.search.clone() }
    }
}

/// The answer to a [`SimilarRequest`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Similar {
    /// The similar articles, best first, as search results in article scope (the article
    /// itself never among them).
    pub results: SearchResults,
    /// The key terms of the article the search used, strongest first (empty when the article
    /// has none, and then nothing is similar).
    pub terms: Vec<String>,
}

/// BM25's inverse document frequency of a term used by `doc_freq` of `docs` documents.
fn idf(doc_freq: u64, docs: u64) -> f64 {
    let (df, n) = (doc_freq as f64, docs as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

impl Index {
    /// The articles most similar to the article `request.article_id`: its key terms, and the
    /// articles that share them, ranked and shown like [`Index::search`] hits in article scope.
    ///
    /// Errors: [`Error::ArticleNotFound`] when the index has no article with that id (with the
    /// closest ids as suggestions), [`Error::EmptyDateRange`] for a date range that ends before
    /// it starts.
    pub fn similar(&self, request: &SimilarRequest) -> Result<Similar> {
        self.commit.reading(|| self.run_similar(request))
    }

    /// [`Index::similar`], with errors as tantivy reports them.
    fn run_similar(&self, request: &SimilarRequest) -> Result<Similar> {
        let searcher = self.commit.reader.searcher();
        let id = request.article_id.as_str();
        let text = self.article_text(&searcher, id)?;
        let terms = self.key_terms(&searcher, request, &text)?;
        let names: Vec<String> = terms.iter().map(|(term, _)| term.clone()).collect();
        let search = request.search_request(&names);
        if terms.is_empty() {
            // Nothing to compare: still check the filters, so a bad range is reported.
            self.filters(&search, Scope::Article)?;
            let facets = request.search.facets.then(super::Facets::default);
            let results = SearchResults {
                scope: Scope::Article,
                total: 0,
                hits: Vec::new(),
                facets,
                per_article: false,
                dedup: request.search.dedup,
            };
            return Ok(Similar { results, terms: names });
        }
        // The key terms as a document: each term as often as the article uses it, so that
        // MoreLikeThis weighs them as it would the whole text.
        let document: Vec<&str> =
            terms.iter().flat_map(|(term, count)| std::iter::repeat_n(term.as_str(), *count)).collect();
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_min_term_frequency(1)
            .with_max_query_terms(terms.len())
            .with_boost_factor(1.0)
            .with_document_fields(vec![(self.commit.fields.article_text, vec![OwnedValue::Str(document.join(" "))])]);
        let mut clauses: Vec<(Occur, Box<dyn TantivyQuery>)> =
            vec![(Occur::Must, Box::new(like)), (Occur::MustNot, term_query(self.commit.fields.article_id, id))];
        if request.search.dedup {
            // The article's own copies are the same story, not another like it.
            let stories = self.stories()?;
            if let Some((c, _)) = stories.place(id) {
                for member in &stories.clusters[c].members {
                    clauses.push((Occur::MustNot, term_query(self.commit.fields.article_id, &member.key)));
                }
            }
        }
        clauses.extend(self.filters(&search, Scope::Article)?);
        let words: Vec<Query> =
            names.iter().map(|term| Query::Word { field: QueryField::Text, text: term.clone() }).collect();
        let tree = if words.len() == 1 { words.into_iter().next().expect("one") } else { Query::Or(words) };
        let results = self.results(&search, Compiled { tree, query: BooleanQuery::new(clauses) })?;
        Ok(Similar { results, terms: names })
    }

    /// The title and body of article `id`, as its title and its passages in order.
    fn article_text(&self, searcher: &Searcher, id: &str) -> Result<Vec<String>> {
        let fields = &self.commit.fields;
        let of_kind = |kind| {
            BooleanQuery::new(vec![filter(term_query(fields.kind, kind)), filter(term_query(fields.article_id, id))])
        };
        let article = searcher.search(&of_kind(KIND_ARTICLE), &DocSetCollector)?;
        let Some(&address) = article.iter().next() else {
            let suggestions = self.closest_ids(searcher, id)?;
            return Err(Error::ArticleNotFound { id: id.to_string(), suggestions });
        };
        let mut text: Vec<String> = self.record(searcher, address)?.title.into_iter().collect();
        let mut passages: Vec<DocAddress> =
            searcher.search(&of_kind(KIND_PASSAGE), &DocSetCollector)?.into_iter().collect();
        passages.sort();
        for passage in passages {
            let doc: TantivyDocument = searcher.doc(passage)?;
            text.extend(text_value(&doc, fields.text));
        }
        Ok(text)
    }

    /// The key terms of a text and how often the text uses each, strongest first.
    fn key_terms(
        &self,
        searcher: &Searcher,
        request: &SimilarRequest,
        text: &[String],
    ) -> Result<Vec<(String, usize)>> {
        let stop: HashSet<String> = STOP_WORDS.iter().flat_map(|word| analysis::terms(word)).collect();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for piece in text {
            for term in analysis::terms(piece) {
                if term.chars().count() >= request.min_word_chars
                    && term.chars().any(char::is_alphabetic)
                    && !stop.contains(&term)
                {
                    *counts.entry(term).or_default() += 1;
                }
            }
        }
        let articles = searcher.doc_freq(&Term::from_field_text(self.commit.fields.kind, KIND_ARTICLE))?.max(1);
        let max_doc_freq = (request.max_doc_share * articles as f64).floor() as u64;
        let mut scored = Vec::new();
        for (term, count) in counts {
            if count < request.min_term_freq {
                continue;
            }
            let doc_freq = searcher.doc_freq(&Term::from_field_text(self.commit.fields.article_text, &term))?;
            if doc_freq < request.min_doc_freq.max(1) || doc_freq > max_doc_freq {
                continue;
            }
            let weight = count as f64 * idf(doc_freq, articles);
            scored.push((weight, term, count));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(scored.into_iter().take(request.max_terms).map(|(_, term, count)| (term, count)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_their_own_terms() {
        for word in STOP_WORDS {
            assert_eq!(analysis::terms(word), [*word], "{word} is changed by the analyzer");
        }
    }

    #[test]
    fn rare_terms_weigh_more() {
        assert!(idf(1, 100) > idf(10, 100));
        assert!(idf(50, 100) > 0.0);
    }
}
