//! Collocations: the words that keep company with a node (a query's words and phrases) in the
//! articles a request selects, ranked by an association measure against the whole archive.
//!
//! For every occurrence of the node (found as the search highlights it: a phrase where its
//! words stand together, a prefix as each word it starts) the words within the window on each
//! side are counted, within the same passage or headline; the node's own words are not. Where
//! the windows of two occurrences overlap, each word in them counts once (as right of the
//! earlier occurrence when it is in both sides), so that the words in the windows are a sample
//! of the archive's words, as the measures assume (Evert 2008, section 3). Headlines are units
//! of their own in article scope, as the archive's words include them (see [`vocabulary`]).
//!
//! The collocate's frequency and the archive's size are exact counts over the whole archive,
//! whatever the request selects, so scores compare across periods (`by`) and filters.
//!
//! [`vocabulary`]: super::vocabulary

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tantivy::collector::DocSetCollector;
use tantivy::tokenizer::Token;
use tantivy::{DocAddress, TantivyDocument};

use super::compile::{any_of, Compiled, Compiler};
use super::highlight::Highlighter;
use super::stopwords::Stopwords;
use super::stories::Pick;
use super::timeline::Interval;
use super::vocabulary;
use super::{text_value, Index, Scope, SearchRequest};
use crate::analysis;
use crate::association::{Collocation, CollocationMeasure};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::index::schema::field;

/// Collocates of a node: which occurrences (a search request's words and phrases, in the
/// articles or passages it matches), how wide a window, which measure, how many.
///
/// ```no_run
/// use dateline::{CollocatesRequest, CollocationMeasure, Index, Interval, SearchRequest};
///
/// let index = Index::open("my-index")?;
/// let request = CollocatesRequest::new(SearchRequest::new("refugees").from("2015".parse()?))
///     .window(4)
///     .measure(CollocationMeasure::LogDice)
///     .by(Interval::Year);
/// let collocates = index.collocates(&request)?;
/// for period in &collocates.periods {
///     for c in &period.collocates {
///         println!("{} {} {} {:.2}", period.label, c.word, c.frequency, c.score);
///     }
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CollocatesRequest {
    /// The node (the query's words and phrases), the scope and the filters. Its limit, offset,
    /// facets and passages are not used; `dedup` reads one article per story.
    pub search: SearchRequest,
    /// Words counted before each occurrence (default 5).
    pub left: usize,
    /// Words counted after each occurrence (default 5).
    pub right: usize,
    /// How collocates are ranked (default logDice).
    pub measure: CollocationMeasure,
    /// Leave out collocates seen fewer times in the windows (default 3; at least 1).
    pub min_freq: u64,
    /// Keep the best `limit` collocates of each table; all when `None` (default 25).
    pub limit: Option<usize>,
    /// Also count each period of this length on its own.
    pub by: Option<Interval>,
    /// Leave these words out of the tables (they still count in the window sizes).
    pub stopwords: Option<Stopwords>,
}

impl CollocatesRequest {
    /// Collocates within 5 words on each side, by logDice, seen at least 3 times, the best 25.
    pub fn new(search: SearchRequest) -> CollocatesRequest {
        CollocatesRequest {
            search,
            left: 5,
            right: 5,
            measure: CollocationMeasure::default(),
            min_freq: 3,
            limit: Some(25),
            by: None,
            stopwords: None,
        }
    }

    /// Counts `words` on each side.
    pub fn window(mut self, words: usize) -> Self {
        self.left = words;
        self.right = words;
        self
    }

    /// Counts `left` words before and `right` words after each occurrence.
    pub fn sides(mut self, left: usize, right: usize) -> Self {
        self.left = left;
        self.right = right;
        self
    }

    /// Ranks by `measure`.
    pub fn measure(mut self, measure: CollocationMeasure) -> Self {
        self.measure = measure;
        self
    }

    /// Leaves out collocates seen fewer than `min_freq` times (at least 1).
    pub fn min_freq(mut self, min_freq: u64) -> Self {
        self.min_freq = min_freq;
        self
    }

    /// Keeps the best `limit` collocates of each table; `None` for all.
    pub fn limit(mut self, limit: Option<usize>) -> Self {
        self.limit = limit;
        self
    }

    /// Also counts each period of length `interval` on its own.
    pub fn by(mut self, interval: Interval) -> Self {
        self.by = Some(interval);
        self
    }

    /// Leaves the words of `list` out of the tables.
    pub fn stopwords(mut self, list: Stopwords) -> Self {
        self.stopwords = Some(list);
        self
    }
}

/// One collocate of a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collocate {
    /// The word, as analysed for search (lower-cased, folded).
    pub word: String,
    /// How often it stands in a window of the node (O11).
    pub frequency: u64,
    /// How many of those are before an occurrence.
    pub left: u64,
    /// How many of those are after an occurrence.
    pub right: u64,
    /// Its frequency in the whole archive (C1).
    pub archive_frequency: u64,
    /// Its score by the request's measure.
    pub score: f64,
}

/// The collocates of a node in all the selected articles, or in one period of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CollocateTable {
    /// The period (`2015`, `2015-03`, `2015-W09`), or `all`.
    pub label: String,
    /// The period's first day (the first selected article's date for `all`).
    pub first: Option<Date>,
    /// The period's last day (the last selected article's date for `all`).
    pub last: Option<Date>,
    /// How often the node occurs (its frequency f(x)).
    pub node_frequency: u64,
    /// How many articles hold an occurrence.
    pub articles: usize,
    /// How many words the windows hold (R1).
    pub window_words: u64,
    /// How many collocates reach the minimum frequency (before the limit).
    pub candidates: usize,
    /// The best collocates, best first.
    pub collocates: Vec<Collocate>,
}

/// The answer to a [`CollocatesRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Collocates {
    /// The measure the scores are of.
    pub measure: CollocationMeasure,
    /// The window: words before and after.
    pub left: usize,
    /// See `left`.
    pub right: usize,
    /// The minimum co-occurrence frequency.
    pub min_freq: u64,
    /// The archive's size in words (N).
    pub archive_words: u64,
    /// All selected articles together.
    pub all: CollocateTable,
    /// One table per period with an occurrence, in order, when the request asked `by`.
    pub periods: Vec<CollocateTable>,
    /// Whether one article per story was read.
    pub dedup: bool,
}

/// Which side of an occurrence a word in a window is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// The words in the windows of one table, while counting.
#[derive(Default)]
struct Tally {
    first: Option<Date>,
    last: Option<Date>,
    node_frequency: u64,
    articles: HashSet<DocAddress>,
    window_words: u64,
    words: HashMap<String, [u64; 2]>,
}

impl Tally {
    fn see_unit(&mut self, article: DocAddress, date: Date, occurrences: usize) {
        self.node_frequency += occurrences as u64;
        self.articles.insert(article);
        self.first = Some(self.first.map_or(date, |d| d.min(date)));
        self.last = Some(self.last.map_or(date, |d| d.max(date)));
    }

    fn see_word(&mut self, word: &str, side: Side) {
        self.window_words += 1;
        let index = match side {
            Side::Left => 0,
            Side::Right => 1,
        };
        match self.words.get_mut(word) {
            Some(counts) => counts[index] += 1,
            None => {
                let mut counts = [0; 2];
                counts[index] = 1;
                self.words.insert(word.to_string(), counts);
            }
        }
    }
}

/// A unit whose words are counted: a passage's text or an article's headline.
struct Unit {
    article: DocAddress,
    date: Date,
    text: String,
}

impl Index {
    /// The collocates of the request's words and phrases in the articles (or passages) it
    /// selects, ranked by the request's measure against the whole archive.
    ///
    /// Errors: those of [`Index::search`] for the query and filters, and
    /// [`Error::NothingToShow`] for a query with no word or phrase (only excluded words or
    /// field terms such as `country:Kenya`).
    pub fn collocates(&self, request: &CollocatesRequest) -> Result<Collocates> {
        self.commit.reading(|| self.run_collocates(request))
    }

    fn run_collocates(&self, request: &CollocatesRequest) -> Result<Collocates> {
        let Compiled { tree, query } = self.compile(&request.search)?;
        let atoms = tree.positive_text_atoms();
        if atoms.is_empty() {
            return Err(Error::NothingToShow { query: request.search.query.clone() });
        }
        let highlighter = Highlighter::new(atoms.clone());
        let searcher = self.commit.reader.searcher();
        let dedup = request.search.dedup.then_some(Pick::Earliest);
        let (matched, _) = self.collect_stories(&searcher, &query, DocSetCollector, None, dedup)?;
        let units = self.units(&searcher, request.search.scope, &atoms, &matched)?;

        let mut all = Tally::default();
        let mut periods: BTreeMap<Date, (String, Date, Tally)> = BTreeMap::new();
        for unit in units {
            let tokens = analysis::tokens(&unit.text);
            let spans = highlighter.spans(&tokens);
            if spans.is_empty() {
                continue;
            }
            let mut period = request.by.map(|interval| {
                let (label, first, last) = interval.bucket_of(unit.date);
                &mut periods.entry(first).or_insert_with(|| (label, last, Tally::default())).2
            });
            all.see_unit(unit.article, unit.date, spans.len());
            if let Some(tally) = period.as_mut() {
                tally.see_unit(unit.article, unit.date, spans.len());
            }
            windows(&tokens, &spans, request.left, request.right, |word, side| {
                all.see_word(word, side);
                if let Some(tally) = period.as_mut() {
                    tally.see_word(word, side);
                }
            });
        }

        let min_freq = request.min_freq.max(1);
        let listed = |word: &str, counts: &[u64; 2]| {
            counts[0] + counts[1] >= min_freq && !request.stopwords.is_some_and(|list| list.contains(word))
        };
        let mut candidates: Vec<&str> =
            all.words.iter().filter(|(w, c)| listed(w, c)).map(|(w, _)| w.as_str()).collect();
        candidates.sort_unstable();
        let archive = vocabulary::frequencies(&searcher, self.commit.fields.article_text, &candidates)?;
        let archive: HashMap<&str, u64> = candidates.into_iter().zip(archive).collect();
        let archive_words = vocabulary::words(&searcher, None)?;

        let table = |label: String, tally: &Tally, first: Option<Date>, last: Option<Date>| {
            let mut collocates: Vec<Collocate> = tally
                .words
                .iter()
                .filter(|(word, counts)| listed(word, counts))
                .map(|(word, &[left, right])| {
                    let archive_frequency = archive.get(word.as_str()).copied().unwrap_or(0);
                    let counts = Collocation {
                        together: left + right,
                        node: tally.node_frequency,
                        window: tally.window_words,
                        collocate: archive_frequency,
                        total: archive_words,
                    };
                    let score = counts.score(request.measure);
                    Collocate { word: word.clone(), frequency: left + right, left, right, archive_frequency, score }
                })
                .collect();
            collocates.sort_by(|a, b| {
                b.score.total_cmp(&a.score).then(b.frequency.cmp(&a.frequency)).then_with(|| a.word.cmp(&b.word))
            });
            let candidates = collocates.len();
            collocates.truncate(request.limit.unwrap_or(usize::MAX));
            CollocateTable {
                label,
                first,
                last,
                node_frequency: tally.node_frequency,
                articles: tally.articles.len(),
                window_words: tally.window_words,
                candidates,
                collocates,
            }
        };
        let periods = periods
            .iter()
            .map(|(first, (label, last, tally))| table(label.clone(), tally, Some(*first), Some(*last)))
            .collect();
        Ok(Collocates {
            measure: request.measure,
            left: request.left,
            right: request.right,
            min_freq,
            archive_words,
            all: table("all".to_string(), &all, all.first, all.last),
            periods,
            dedup: request.search.dedup,
        })
    }

    /// The passages and headlines to count in, in index order: in passage scope the matching
    /// passages; in article scope the passages and headlines of the matching articles that
    /// hold any of the node's `atoms` (the others hold no occurrence).
    fn units(
        &self,
        searcher: &tantivy::Searcher,
        scope: Scope,
        atoms: &[super::query::Atom],
        matched: &HashSet<DocAddress>,
    ) -> Result<Vec<Unit>> {
        let fields = &self.commit.fields;
        // Each segment's passage numbers and dates, read once.
        let readers = searcher.segment_readers();
        let numbers =
            readers.iter().map(|r| r.fast_fields().u64(field::PASSAGE)).collect::<tantivy::Result<Vec<_>>>()?;
        let dates = readers.iter().map(|r| r.fast_fields().i64(field::DATE)).collect::<tantivy::Result<Vec<_>>>()?;
        let article_of = |passage: DocAddress| {
            super::articles::article_of(&numbers[passage.segment_ord as usize], passage.doc_id)
                .map(|doc| DocAddress::new(passage.segment_ord, doc))
        };
        let mut passages: Vec<(DocAddress, DocAddress)> = Vec::new();
        let mut headlines: Vec<DocAddress> = Vec::new();
        match scope {
            Scope::Passage => {
                for &passage in matched {
                    let article =
                        article_of(passage).ok_or_else(|| self.damaged("a matching passage has no number"))?;
                    passages.push((passage, article));
                }
            }
            Scope::Article => {
                let compiler = Compiler::new(self, Scope::Passage, searcher, "");
                if let Some(node) = compiler.any_atom(atoms) {
                    for passage in searcher.search(&*node, &DocSetCollector)? {
                        let Some(article) = article_of(passage) else { continue };
                        if matched.contains(&article) {
                            passages.push((passage, article));
                        }
                    }
                }
                let in_titles: Vec<_> =
                    atoms.iter().filter_map(|atom| compiler.atom_query(fields.title, atom).ok().flatten()).collect();
                if !in_titles.is_empty() {
                    let in_titles = any_of(in_titles);
                    headlines = searcher
                        .search(&*in_titles, &DocSetCollector)?
                        .into_iter()
                        .filter(|address| matched.contains(address))
                        .collect();
                }
            }
        }
        passages.sort_unstable();
        headlines.sort_unstable();
        let mut units = Vec::with_capacity(passages.len() + headlines.len());
        for (passage, article) in passages {
            let doc: TantivyDocument = searcher.doc(passage)?;
            let date = dates[passage.segment_ord as usize]
                .first(passage.doc_id)
                .map(Date::from_day_number)
                .ok_or_else(|| self.damaged("a passage has no date"))?;
            units.push(Unit { article, date, text: text_value(&doc, fields.text).unwrap_or_default() });
        }
        for article in headlines {
            let record = self.record(searcher, article)?;
            if let Some(title) = record.title {
                units.push(Unit { article, date: record.date, text: title });
            }
        }
        Ok(units)
    }
}

/// Calls `see` with each word within `left` words before or `right` words after an occurrence
/// (`spans`, ranges of `tokens`), once per word however many windows it is in, leaving the
/// occurrences' own words out. A word after one occurrence and before the next is on the
/// right.
fn windows(tokens: &[Token], spans: &[Range<usize>], left: usize, right: usize, mut see: impl FnMut(&str, Side)) {
    let mut sides: Vec<Option<Side>> = vec![None; tokens.len()];
    let mut node = vec![false; tokens.len()];
    for span in spans {
        node[span.clone()].fill(true);
    }
    for span in spans {
        sides[span.end..(span.end + right).min(tokens.len())].fill(Some(Side::Right));
    }
    for span in spans {
        for side in &mut sides[span.start.saturating_sub(left)..span.start] {
            side.get_or_insert(Side::Left);
        }
    }
    for ((token, side), in_node) in tokens.iter().zip(sides).zip(node) {
        if let (Some(side), false) = (side, in_node) {
            see(&token.text, side);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(text: &str, node: &str, left: usize, right: usize) -> Vec<(String, Side)> {
        let tokens = analysis::tokens(text);
        let spans = Highlighter::new([crate::analysis::terms(node)]).spans(&tokens);
        let mut seen = Vec::new();
        windows(&tokens, &spans, left, right, |word, side| seen.push((word.to_string(), side)));
        seen
    }

    #[test]
    fn windows_count_each_word_once_and_leave_the_node_out() {
        use Side::{Left, Right};
        let seen = counted("a b talks c talks d e f", "talks", 2, 1);
        let words: Vec<(&str, Side)> = seen.iter().map(|(w, s)| (w.as_str(), *s)).collect();
        // `c` is right of the first occurrence and left of the second: counted once, as right.
        assert_eq!(words, [("a", Left), ("b", Left), ("c", Right), ("d", Right)]);
    }

    #[test]
    fn a_phrase_is_one_occurrence_and_its_words_are_not_counted() {
        let seen = counted("the peace talks resumed", "peace talks", 1, 1);
        let words: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["the", "resumed"]);
    }
}
