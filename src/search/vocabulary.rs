//! Word counts read from the index: how many words the archive (or a set of its articles)
//! holds, and how often each word occurs in it. Collocations and keywords are scored with them.
//!
//! The archive's words are the terms of `article_text`, each article's headline and body as
//! analysed for search; the index keeps their frequency in each article (in the postings) and
//! each article's length in words (the `words` fast field), so every count here is exact and
//! leaves out deleted documents. Nothing is sampled or estimated.

use std::collections::HashMap;

use tantivy::postings::BlockSegmentPostings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{BitSet, DocAddress, DocId, Searcher, SegmentReader, Term};

use crate::error::{index_io, Result};
use crate::index::schema::field;

/// A set of article documents, one bitset per segment of a searcher.
pub(crate) struct ArticleSet {
    segments: Vec<BitSet>,
    len: usize,
}

impl ArticleSet {
    /// The set of `articles` (addresses in `searcher`).
    pub(crate) fn new(searcher: &Searcher, articles: impl IntoIterator<Item = DocAddress>) -> ArticleSet {
        let mut segments: Vec<BitSet> =
            searcher.segment_readers().iter().map(|reader| BitSet::with_max_value(reader.max_doc())).collect();
        let mut len = 0;
        for address in articles {
            if segments[address.segment_ord as usize].insert(address.doc_id) {
                len += 1;
            }
        }
        ArticleSet { segments, len }
    }

    /// How many articles the set holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Removes the articles of `other`.
    pub(crate) fn remove_all(&mut self, other: &ArticleSet) {
        for (mine, theirs) in self.segments.iter_mut().zip(&other.segments) {
            for doc in 0..theirs.max_value() {
                if theirs.contains(doc) && mine.contains(doc) {
                    mine.remove(doc);
                    self.len -= 1;
                }
            }
        }
    }
}

/// The words of the live articles of `searcher`, or of those in `set`.
pub(crate) fn words(searcher: &Searcher, set: Option<&ArticleSet>) -> Result<u64> {
    let mut total = 0;
    for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
        let column = reader.fast_fields().u64(field::WORDS)?;
        match (set, reader.alive_bitset()) {
            // Only article documents have a value, and no document is deleted: every value counts.
            (None, None) => total += column.values.iter().sum::<u64>(),
            (None, Some(alive)) => total += alive.iter_alive().filter_map(|doc| column.first(doc)).sum::<u64>(),
            (Some(set), _) => {
                let bits = &set.segments[ordinal];
                total += (0..reader.max_doc())
                    .filter(|&doc| bits.contains(doc))
                    .filter_map(|doc| column.first(doc))
                    .sum::<u64>();
            }
        }
    }
    Ok(total)
}

/// How often each of `terms` occurs in the live documents of `searcher`, in `field`.
pub(crate) fn frequencies(searcher: &Searcher, field: Field, terms: &[&str]) -> Result<Vec<u64>> {
    let mut counts = vec![0u64; terms.len()];
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        for (term, count) in terms.iter().zip(counts.iter_mut()) {
            let Some(info) = inverted.get_term_info(&Term::from_field_text(field, term)).map_err(index_io)? else {
                continue;
            };
            let mut postings =
                inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::WithFreqs).map_err(index_io)?;
            *count += live_frequency(reader, &mut postings);
        }
    }
    Ok(counts)
}

/// A word's frequency in two sets of articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TwoCounts {
    pub(crate) target: u64,
    pub(crate) reference: u64,
}

/// Every word of `field` with its frequency in `target` and in `reference` (every live
/// article outside `target` when `None`); words in neither are left out. One pass over all
/// of the field's postings.
pub(crate) fn compare(
    searcher: &Searcher,
    field: Field,
    target: &ArticleSet,
    reference: Option<&ArticleSet>,
) -> Result<HashMap<String, TwoCounts>> {
    let mut counts: HashMap<String, TwoCounts> = HashMap::new();
    for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
        let target = &target.segments[ordinal];
        let reference = reference.map(|set| &set.segments[ordinal]);
        let alive = reader.alive_bitset();
        let inverted = reader.inverted_index(field)?;
        let mut terms = inverted.terms().stream().map_err(index_io)?;
        while terms.advance() {
            let mut postings = inverted
                .read_block_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)
                .map_err(index_io)?;
            let mut found = TwoCounts::default();
            while !postings.docs().is_empty() {
                for (&doc, &freq) in postings.docs().iter().zip(postings.freqs()) {
                    if target.contains(doc) {
                        found.target += u64::from(freq);
                    } else if match reference {
                        Some(reference) => reference.contains(doc),
                        None => alive.is_none_or(|alive| alive.is_alive(doc)),
                    } {
                        found.reference += u64::from(freq);
                    }
                }
                postings.advance();
            }
            if found == TwoCounts::default() {
                continue;
            }
            let word = String::from_utf8_lossy(terms.key());
            match counts.get_mut(word.as_ref()) {
                Some(known) => {
                    known.target += found.target;
                    known.reference += found.reference;
                }
                None => {
                    counts.insert(word.into_owned(), found);
                }
            }
        }
    }
    Ok(counts)
}

/// The sum of the frequencies in `postings` over the live documents of `reader`.
fn live_frequency(reader: &SegmentReader, postings: &mut BlockSegmentPostings) -> u64 {
    let alive = reader.alive_bitset();
    let mut total = 0u64;
    while !postings.docs().is_empty() {
        match alive {
            None => total += postings.freqs().iter().map(|&f| u64::from(f)).sum::<u64>(),
            Some(alive) => {
                total += postings
                    .docs()
                    .iter()
                    .zip(postings.freqs())
                    .filter(|(&doc, _)| alive.is_alive(doc as DocId))
                    .map(|(_, &f)| u64::from(f))
                    .sum::<u64>()
            }
        }
        postings.advance();
    }
    total
}
