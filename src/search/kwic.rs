//! Concordances (keyword in context): every occurrence of a query's words and phrases in the
//! result set of a request, with the text on either side, for reading how a word is used.
//!
//! The request is compiled exactly as a search compiles it: in passage scope the
//! occurrences come from the passages that match the whole request, in article scope from
//! every passage of the matching articles. Occurrences are found with the search highlighter,
//! so they are what a search highlights: a phrase only where its words stand together,
//! excluded words never, and words matched through the same analysis as the index
//! (`Guterres's` for `guterres`).

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::{DocAddress, TantivyDocument};

use super::highlight::Highlighter;
use super::query::Query;
use super::stories::Pick;
use super::Index;
use super::{text_value, u64_value, Compiled, SearchRequest};
use crate::analysis;
use crate::date::Date;
use crate::error::{Error, Result};

/// How many words on each side break ties when sorting by context.
const SORT_WORDS: usize = 8;

/// How concordance lines are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConcordanceSort {
    /// Chronologically, then by article id, then by position in the article.
    #[default]
    Date,
    /// By the words before the match, nearest first (read right to left, as corpus
    /// linguists sort a concordance), then chronologically.
    Left,
    /// By the words after the match, nearest first, then chronologically.
    Right,
}

/// A concordance: which occurrences (a search request's query, scope and filters), how much
/// context, in what order, and how many lines.
///
/// ```no_run
/// use dateline::{ConcordanceRequest, ConcordanceSort, Index, SearchRequest};
///
/// let index = Index::open("my-index")?;
/// let request = ConcordanceRequest::new(SearchRequest::new("\"grain exports\"").from("2020".parse()?))
///     .width(30)
///     .sort(ConcordanceSort::Left);
/// for line in index.concordance(&request)?.lines {
///     println!("{} {:>30} [{}] {}", line.date, line.left, line.matched, line.right);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConcordanceRequest {
    /// The query, scope and filters. Its limit, offset, facets and passages are not used.
    pub search: SearchRequest,
    /// Characters of context on each side of a match (default 40).
    pub width: usize,
    /// The order of the lines.
    pub sort: ConcordanceSort,
    /// Keep only the first lines (in `sort` order); all when `None`.
    pub limit: Option<usize>,
}

impl ConcordanceRequest {
    /// Every occurrence for `search`, 40 characters each side, in date order.
    pub fn new(search: SearchRequest) -> ConcordanceRequest {
        ConcordanceRequest { search, width: 40, sort: ConcordanceSort::Date, limit: None }
    }

    /// Sets the characters of context on each side.
    pub fn width(mut self, width: usize) -> Self {
        self.width = width;
        self
    }

    /// Sets the order of the lines.
    pub fn sort(mut self, sort: ConcordanceSort) -> Self {
        self.sort = sort;
        self
    }

    /// Keeps only the first `limit` lines.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// One occurrence and its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConcordanceLine {
    /// The article's id.
    pub article_id: String,
    /// The article's date.
    pub date: Date,
    /// The 1-based number of the passage holding the match.
    pub passage: u32,
    /// The match's byte range in the article body, for citing it.
    pub byte_range: Range<usize>,
    /// Up to `width` characters before the match, within its passage; runs of white space
    /// (newlines included) are shown as one space.
    pub left: String,
    /// The matched text (white space shown the same way).
    #[serde(rename = "match")]
    pub matched: String,
    /// Up to `width` characters after the match, within its passage.
    pub right: String,
}

/// The answer to a [`ConcordanceRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Concordance {
    /// Occurrences in all (before the limit).
    pub total: usize,
    /// Passages holding at least one occurrence.
    pub passages: usize,
    /// Articles holding at least one occurrence.
    pub articles: usize,
    /// The lines, in the requested order, at most `limit`.
    pub lines: Vec<ConcordanceLine>,
    /// Whether only one article per story was read ([`SearchRequest::dedup`](super::SearchRequest::dedup)):
    /// the earliest matching article of each cluster of near-duplicates, so a wire story's
    /// words are shown once, not once per reprint.
    #[serde(default)]
    pub dedup: bool,
}

impl Index {
    /// Every occurrence of the request's words and phrases in the passages it selects, with
    /// context: a keyword-in-context concordance.
    ///
    /// Errors: those of [`Index::search`] for the query and filters, and [`Error::NothingToShow`]
    /// for a query with no word or phrase to find (only excluded words or field terms such as
    /// `country:Kenya`).
    pub fn concordance(&self, request: &ConcordanceRequest) -> Result<Concordance> {
        self.commit.reading(|| self.run_concordance(request))
    }

    /// [`Index::concordance`], with errors as tantivy reports them.
    fn run_concordance(&self, request: &ConcordanceRequest) -> Result<Concordance> {
        let Compiled { tree, query } = self.compile(&request.search)?;
        let mut lines = Lines::new(request, &tree)?;
        let searcher = self.commit.reader.searcher();
        let dedup = request.search.dedup.then_some(Pick::Earliest);
        let (matched, _) = self.collect_stories(&searcher, &query, DocSetCollector, None, dedup)?;
        let mut matched: Vec<DocAddress> = matched.into_iter().collect();
        matched.sort();
        let passages = match request.search.scope {
            super::Scope::Passage => matched,
            super::Scope::Article => {
                let mut passages = Vec::new();
                for article in matched {
                    passages.extend(self.passages_of(&searcher, article)?);
                }
                passages
            }
        };

        let mut articles: HashMap<DocAddress, (String, Date)> = HashMap::new();
        for address in passages {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = text_value(&doc, self.commit.fields.text).unwrap_or_default();
            let ranges = lines.occurrences(&text);
            if ranges.is_empty() {
                continue;
            }
            let article = self.article_of(&doc, address)?;
            let (id, date) = match articles.entry(article) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(new) => {
                    let record = self.record(&searcher, article)?;
                    new.insert((record.id, record.date))
                }
            };
            let place = PassagePlace {
                article_id: id,
                date: *date,
                passage: u64_value(&doc, self.commit.fields.passage).unwrap_or(0) as u32,
                start: u64_value(&doc, self.commit.fields.start).unwrap_or(0) as usize,
            };
            lines.add(&place, &text, ranges);
        }
        Ok(Concordance { dedup: request.search.dedup, ..lines.finish() })
    }
}

/// Where a passage is, for citing its occurrences.
pub(crate) struct PassagePlace<'a> {
    pub(crate) article_id: &'a str,
    pub(crate) date: Date,
    /// The passage's 1-based number.
    pub(crate) passage: u32,
    /// The passage's first byte in the article body.
    pub(crate) start: usize,
}

/// A concordance being gathered, passage by passage, from wherever the passages come from
/// (the local index or an engine).
pub(crate) struct Lines<'a> {
    request: &'a ConcordanceRequest,
    highlighter: Highlighter,
    lines: Vec<(Vec<String>, ConcordanceLine)>,
    passages: usize,
    articles: HashSet<String>,
}

impl<'a> Lines<'a> {
    /// Lines for `request`, whose query is `tree`; refused with [`Error::NothingToShow`] when
    /// the query has no word or phrase to find.
    pub(crate) fn new(request: &'a ConcordanceRequest, tree: &Query) -> Result<Lines<'a>> {
        let atoms = tree.positive_text_atoms();
        if atoms.is_empty() {
            return Err(Error::NothingToShow { query: request.search.query.clone() });
        }
        let highlighter = Highlighter::new(atoms);
        Ok(Lines { request, highlighter, lines: Vec::new(), passages: 0, articles: HashSet::new() })
    }

    /// The occurrences in a passage's text, as byte ranges.
    pub(crate) fn occurrences(&self, text: &str) -> Vec<Range<usize>> {
        self.highlighter.highlight(text)
    }

    /// Adds the lines of the occurrences `ranges` (see [`Lines::occurrences`]) of the passage
    /// `text` at `place`.
    pub(crate) fn add(&mut self, place: &PassagePlace<'_>, text: &str, ranges: Vec<Range<usize>>) {
        if ranges.is_empty() {
            return;
        }
        self.passages += 1;
        if !self.articles.contains(place.article_id) {
            self.articles.insert(place.article_id.to_string());
        }
        let tokens = analysis::tokens(text);
        for range in ranges {
            let key = match self.request.sort {
                ConcordanceSort::Date => Vec::new(),
                ConcordanceSort::Left => {
                    let before = tokens.partition_point(|t| t.offset_to <= range.start);
                    tokens[..before].iter().rev().take(SORT_WORDS).map(|t| t.text.clone()).collect()
                }
                ConcordanceSort::Right => {
                    let after = tokens.partition_point(|t| t.offset_from < range.end);
                    tokens[after..].iter().take(SORT_WORDS).map(|t| t.text.clone()).collect()
                }
            };
            let line = ConcordanceLine {
                article_id: place.article_id.to_string(),
                date: place.date,
                passage: place.passage,
                byte_range: place.start + range.start..place.start + range.end,
                left: left_context(&text[..range.start], self.request.width),
                matched: one_line(&text[range.clone()]),
                right: right_context(&text[range.end..], self.request.width),
            };
            self.lines.push((key, line));
        }
    }

    /// The concordance: every line in the requested order, up to the limit.
    pub(crate) fn finish(self) -> Concordance {
        let mut lines = self.lines;
        lines.sort_by(|(a_key, a), (b_key, b)| {
            a_key
                .cmp(b_key)
                .then(a.date.cmp(&b.date))
                .then_with(|| a.article_id.cmp(&b.article_id))
                .then(a.byte_range.start.cmp(&b.byte_range.start))
        });
        let total = lines.len();
        lines.truncate(self.request.limit.unwrap_or(usize::MAX));
        Concordance {
            total,
            passages: self.passages,
            articles: self.articles.len(),
            lines: lines.into_iter().map(|(_, line)| line).collect(),
            dedup: false,
        }
    }
}

/// Characters with each run of white space (newlines, tabs) as one space.
fn spaced(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut after_space = false;
    chars.filter_map(move |c| {
        let space = c.is_whitespace();
        let keep = !(space && after_space);
        after_space = space;
        keep.then_some(if space { ' ' } else { c })
    })
}

/// The last `width` characters of `text`, white space shown as single spaces.
fn left_context(text: &str, width: usize) -> String {
    let mut kept: Vec<char> = spaced(text.chars().rev()).take(width).collect();
    kept.reverse();
    kept.into_iter().collect()
}

/// The first `width` characters of `text`, white space shown as single spaces.
fn right_context(text: &str, width: usize) -> String {
    spaced(text.chars()).take(width).collect()
}

/// `text` on one line, white space shown as single spaces.
fn one_line(text: &str) -> String {
    spaced(text.chars()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts_count_characters_and_show_newlines_as_spaces() {
        assert_eq!(left_context("Genève\n\nsaid the", 10), "e said the");
        assert_eq!(left_context("ab", 10), "ab");
        assert_eq!(right_context(" über\n\tdie Grenze", 9), " über die");
        assert_eq!(one_line("Heading\n\nFirst"), "Heading First");
        assert_eq!(left_context("北京的天气", 2), "天气");
    }
}
