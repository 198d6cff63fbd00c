//! Keywords: the words over-represented (or, asked for, under-represented) in a target set of
//! articles against a reference set, with exact frequencies from the index.
//!
//! The target is the articles a request matches; the reference is the rest of the archive, or
//! the articles another request matches (less those in the target, so that no article is on
//! both sides). A word's frequency in a set is its number of occurrences in the headlines and
//! bodies of the set's articles, as analysed for search; a set's size is the number of words
//! they hold. Both come from one pass over the index's postings (see [`vocabulary`]).
//!
//! [`vocabulary`]: super::vocabulary

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector};

use super::compile::term_query;
use super::stopwords::Stopwords;
use super::vocabulary::{self, ArticleSet, TwoCounts};
use super::{Compiled, Index, Scope, SearchRequest};
use crate::association::{Keyness, KeynessMeasure};
use crate::error::Result;
use crate::index::schema::KIND_ARTICLE;

/// Keywords of a target set against a reference set.
///
/// ```no_run
/// use dateline::{Index, KeynessMeasure, KeywordsRequest, SearchRequest};
///
/// let index = Index::open("my-index")?;
/// // What marks 2022's coverage of refugees against 2015's?
/// let target = SearchRequest::new("refugees").from("2022".parse()?).to("2022".parse()?);
/// let reference = SearchRequest::new("refugees").from("2015".parse()?).to("2015".parse()?);
/// let request = KeywordsRequest::new(target).reference(reference).measure(KeynessMeasure::Ll);
/// for k in index.keywords(&request)?.keywords {
///     println!("{} {} {} {:.1} {:.2}", k.word, k.target_frequency, k.reference_frequency, k.score, k.log_ratio);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct KeywordsRequest {
    /// The target set: the articles this request matches (always in article scope; its
    /// limit, offset, facets, passages and `dedup` are not used).
    pub target: SearchRequest,
    /// The reference set: the articles this request matches, less the target's; the rest of
    /// the archive when `None`.
    pub reference: Option<SearchRequest>,
    /// How keywords are ranked (default log-likelihood).
    pub measure: KeynessMeasure,
    /// Leave out words seen fewer times on the side they are over-represented in (default 5;
    /// at least 1).
    pub min_freq: u64,
    /// Keep the best `limit` keywords; all when `None` (default 25).
    pub limit: Option<usize>,
    /// List the words under-represented in the target instead.
    pub negative: bool,
    /// Leave these words out of the table (they still count in the sets' sizes).
    pub stopwords: Option<Stopwords>,
}

impl KeywordsRequest {
    /// The keywords of `target` against the rest of the archive, by log-likelihood, seen at
    /// least 5 times, the best 25.
    pub fn new(target: SearchRequest) -> KeywordsRequest {
        KeywordsRequest {
            target,
            reference: None,
            measure: KeynessMeasure::default(),
            min_freq: 5,
            limit: Some(25),
            negative: false,
            stopwords: None,
        }
    }

    /// Compares with the articles `reference` matches (less the target's).
    pub fn reference(mut self, reference: SearchRequest) -> Self {
        self.reference = Some(reference);
        self
    }

    /// Ranks by `measure`.
    pub fn measure(mut self, measure: KeynessMeasure) -> Self {
        self.measure = measure;
        self
    }

    /// Leaves out words seen fewer than `min_freq` times (at least 1).
    pub fn min_freq(mut self, min_freq: u64) -> Self {
        self.min_freq = min_freq;
        self
    }

    /// Keeps the best `limit` keywords; `None` for all.
    pub fn limit(mut self, limit: Option<usize>) -> Self {
        self.limit = limit;
        self
    }

    /// Lists the under-represented words instead.
    pub fn negative(mut self, negative: bool) -> Self {
        self.negative = negative;
        self
    }

    /// Leaves the words of `list` out of the table.
    pub fn stopwords(mut self, list: Stopwords) -> Self {
        self.stopwords = Some(list);
        self
    }
}

/// One keyword.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Keyword {
    /// The word, as analysed for search.
    pub word: String,
    /// Its frequency in the target set.
    pub target_frequency: u64,
    /// Its frequency in the reference set.
    pub reference_frequency: u64,
    /// Its frequency per million words of the target set.
    pub target_per_million: f64,
    /// Its frequency per million words of the reference set.
    pub reference_per_million: f64,
    /// Its score by the request's measure.
    pub score: f64,
    /// The effect size: log2 of the ratio of its relative frequencies (Hardie 2014), positive
    /// when it is more frequent in the target.
    pub log_ratio: f64,
}

/// The answer to a [`KeywordsRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Keywords {
    /// The measure the scores are of.
    pub measure: KeynessMeasure,
    /// Whether these are the under-represented words.
    pub negative: bool,
    /// The minimum frequency.
    pub min_freq: u64,
    /// How many articles the target set holds.
    pub target_articles: usize,
    /// How many words they hold.
    pub target_words: u64,
    /// How many articles the reference set holds.
    pub reference_articles: usize,
    /// How many words they hold.
    pub reference_words: u64,
    /// How many words reach the minimum frequency on their side (before the limit).
    pub candidates: usize,
    /// The keywords, strongest first.
    pub keywords: Vec<Keyword>,
}

impl Index {
    /// The words over-represented (or, with `negative`, under-represented) in the articles
    /// the request's target matches, against its reference set.
    ///
    /// Errors: those of [`Index::search`] for either request's query and filters.
    pub fn keywords(&self, request: &KeywordsRequest) -> Result<Keywords> {
        self.commit.reading(|| self.run_keywords(request))
    }

    fn run_keywords(&self, request: &KeywordsRequest) -> Result<Keywords> {
        let searcher = self.commit.reader.searcher();
        let fields = &self.commit.fields;
        let target = self.article_set(&request.target)?;
        let target_words = vocabulary::words(&searcher, Some(&target))?;
        let (reference, reference_articles, reference_words) = match &request.reference {
            Some(reference) => {
                let mut set = self.article_set(reference)?;
                set.remove_all(&target);
                let words = vocabulary::words(&searcher, Some(&set))?;
                let articles = set.len();
                (Some(set), articles, words)
            }
            None => {
                let articles = searcher.search(&*term_query(fields.kind, KIND_ARTICLE), &Count)?;
                let words = vocabulary::words(&searcher, None)?;
                (None, articles - target.len(), words - target_words)
            }
        };
        let counts = vocabulary::compare(&searcher, fields.article_text, &target, reference.as_ref())?;

        let min_freq = request.min_freq.max(1);
        let mut keywords: Vec<Keyword> = counts
            .into_iter()
            .filter(|(word, _)| !request.stopwords.is_some_and(|list| list.contains(word)))
            .filter_map(|(word, TwoCounts { target, reference })| {
                let counts = Keyness { target, reference, target_words, reference_words };
                let side = if request.negative { reference } else { target };
                (counts.over() != request.negative && side >= min_freq).then(|| Keyword {
                    word,
                    target_frequency: target,
                    reference_frequency: reference,
                    target_per_million: per_million(target, target_words),
                    reference_per_million: per_million(reference, reference_words),
                    score: counts.score(request.measure),
                    log_ratio: counts.log_ratio(),
                })
            })
            .collect();
        // Strongest first: the highest score, or for log ratio the largest ratio either way.
        let strength = |k: &Keyword| match request.measure {
            KeynessMeasure::LogRatio => k.score.abs(),
            _ => k.score,
        };
        keywords.sort_by(|a, b| {
            strength(b)
                .total_cmp(&strength(a))
                .then((b.target_frequency + b.reference_frequency).cmp(&(a.target_frequency + a.reference_frequency)))
                .then_with(|| a.word.cmp(&b.word))
        });
        let candidates = keywords.len();
        keywords.truncate(request.limit.unwrap_or(usize::MAX));
        Ok(Keywords {
            measure: request.measure,
            negative: request.negative,
            min_freq,
            target_articles: target.len(),
            target_words,
            reference_articles,
            reference_words,
            candidates,
            keywords,
        })
    }

    /// The articles `request` matches (in article scope).
    fn article_set(&self, request: &SearchRequest) -> Result<ArticleSet> {
        let request = SearchRequest { scope: Scope::Article, ..request.clone() };
        let Compiled { query, .. } = self.compile(&request)?;
        let searcher = self.commit.reader.searcher();
        let matched = searcher.search(&query, &DocSetCollector)?;
        Ok(ArticleSet::new(&searcher, matched))
    }
}

/// Occurrences per million words.
fn per_million(count: u64, words: u64) -> f64 {
    if words == 0 {
        0.0
    } else {
        count as f64 * 1e6 / words as f64
    }
}
