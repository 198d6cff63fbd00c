//! Filters kept as bitsets, for a program that searches one index many times.
//!
//! A filter (a date range, a country, a speaker, the kind of document) is checked once per
//! candidate of the query's words: for a common word with a date range at 100,000 articles,
//! 84,000 reads of the date column, half the search. A program that searches again (a server,
//! a script through the library) mostly asks with the same few filters, so from a filter's
//! second search on, its documents in each segment are kept as a bitset, and a candidate costs
//! one bit. The first search of a filter pays nothing extra, so a search from the terminal (one
//! per process) is unchanged.
//!
//! A segment never changes once written (deletions are applied by the collectors, not the
//! filters), so a bitset is valid as long as its segment exists; the cache holds at most
//! [`FilterCache::MAX_BYTES`] and forgets the least recently used first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    BitSet, DocId, DocSet, Score, SeekDangerResult, SegmentReader, TantivyError, COLLECT_BLOCK_BUFFER_LEN, TERMINATED,
};

/// How many searches ask for a filter before its bitsets are kept.
const USES_BEFORE_CACHING: u32 = 2;
/// Filters whose uses are counted, at most; beyond, the counts start again.
const MAX_COUNTED: usize = 4096;

/// The bitsets of the filters searched with more than once, by segment.
#[derive(Debug, Default)]
pub(crate) struct FilterCache {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// How many searches have asked for each filter.
    uses: HashMap<String, u32>,
    bitsets: HashMap<(SegmentId, String), Cached>,
    bytes: usize,
    /// Counts lookups, to find the least recently used bitset.
    clock: u64,
}

#[derive(Debug)]
struct Cached {
    docs: Arc<BitSet>,
    used: u64,
}

impl FilterCache {
    /// The most the bitsets may take together: about 45 filters of a million articles.
    pub const MAX_BYTES: usize = 64 << 20;

    /// Counts a search asking for the filter `key` (once per search, however many times it
    /// runs the query); whether it is now asked for often enough to keep.
    fn asked(&self, key: &str) -> bool {
        let mut state = self.lock();
        if state.uses.len() >= MAX_COUNTED && !state.uses.contains_key(key) {
            state.uses.clear();
        }
        let uses = state.uses.entry(key.to_string()).or_insert(0);
        *uses = uses.saturating_add(1);
        *uses >= USES_BEFORE_CACHING
    }

    fn get(&self, segment: SegmentId, key: &str) -> Option<Arc<BitSet>> {
        let mut state = self.lock();
        state.clock += 1;
        let now = state.clock;
        let cached = state.bitsets.get_mut(&(segment, key.to_string()))?;
        cached.used = now;
        Some(Arc::clone(&cached.docs))
    }

    fn insert(&self, segment: SegmentId, key: &str, docs: Arc<BitSet>) {
        let size = bitset_bytes(&docs);
        if size > Self::MAX_BYTES {
            return;
        }
        let mut state = self.lock();
        while state.bytes + size > Self::MAX_BYTES {
            let Some(oldest) = state.bitsets.iter().min_by_key(|(_, cached)| cached.used).map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(evicted) = state.bitsets.remove(&oldest) {
                state.bytes -= bitset_bytes(&evicted.docs);
            }
        }
        state.clock += 1;
        let used = state.clock;
        if let Some(replaced) = state.bitsets.insert((segment, key.to_string()), Cached { docs, used }) {
            state.bytes -= bitset_bytes(&replaced.docs);
        }
        state.bytes += size;
    }

    /// The bytes the kept bitsets take.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is consistent after every statement: a panic elsewhere leaves it usable.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn bitset_bytes(docs: &BitSet) -> usize {
    (docs.max_value() as usize).div_ceil(64) * 8
}

/// A filter that is kept as bitsets once it has been searched with before. Its documents
/// score 0: it only filters.
pub(crate) struct CachedFilter {
    filter: Box<dyn Query>,
    /// What identifies the filter: its query, printed.
    key: String,
    cache: Arc<FilterCache>,
    /// Whether the bitsets this search has to make are kept.
    keep: bool,
}

/// Shows the filter, not the cache (whose bitsets would fill the screen).
impl std::fmt::Debug for CachedFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedFilter").field("filter", &self.filter).field("keep", &self.keep).finish()
    }
}

impl Clone for CachedFilter {
    fn clone(&self) -> CachedFilter {
        let (key, cache) = (self.key.clone(), Arc::clone(&self.cache));
        CachedFilter { filter: self.filter.box_clone(), key, cache, keep: self.keep }
    }
}

impl CachedFilter {
    /// `filter` for one search, kept in `cache` if it has been searched with before. Two
    /// filters are the same when their queries print the same.
    pub fn new(filter: Box<dyn Query>, cache: Arc<FilterCache>) -> CachedFilter {
        let key = format!("{filter:?}");
        let keep = cache.asked(&key);
        CachedFilter { filter, key, cache, keep }
    }
}

impl Query for CachedFilter {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let unscored = match scoring.searcher() {
            Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
            None => EnableScoring::disabled_from_schema(scoring.schema()),
        };
        Ok(Box::new(CachedFilterWeight {
            filter: self.filter.weight(unscored)?,
            key: self.key.clone(),
            cache: Arc::clone(&self.cache),
            keep: self.keep,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.filter.query_terms(visitor);
    }
}

struct CachedFilterWeight {
    filter: Box<dyn Weight>,
    key: String,
    cache: Arc<FilterCache>,
    /// Whether this search keeps the bitsets it has to make.
    keep: bool,
}

impl Weight for CachedFilterWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let segment = reader.segment_id();
        if let Some(docs) = self.cache.get(segment, &self.key) {
            return Ok(Box::new(BitSetFilter::new(docs)));
        }
        if !self.keep {
            return Ok(Box::new(ConstScorer::new(self.filter.scorer(reader, boost)?, 0.0)));
        }
        let mut docs = BitSet::with_max_value(reader.max_doc());
        let mut filter = self.filter.scorer(reader, boost)?;
        let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
        loop {
            let filled = filter.fill_buffer(&mut buffer);
            for &doc in &buffer[..filled] {
                docs.insert(doc);
            }
            if filled < buffer.len() {
                break;
            }
        }
        let docs = Arc::new(docs);
        self.cache.insert(segment, &self.key, Arc::clone(&docs));
        Ok(Box::new(BitSetFilter::new(docs)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("document {doc} does not pass the filter")));
        }
        Ok(Explanation::new("passes the filter", 0.0))
    }
}

/// The documents of a kept bitset, in order.
struct BitSetFilter {
    docs: Arc<BitSet>,
    doc: DocId,
}

impl BitSetFilter {
    fn new(docs: Arc<BitSet>) -> BitSetFilter {
        let mut filter = BitSetFilter { docs, doc: 0 };
        filter.doc = filter.first_from(0);
        filter
    }

    /// The first document at or after `target`.
    fn first_from(&self, target: DocId) -> DocId {
        let max = self.docs.max_value();
        if target >= max {
            return TERMINATED;
        }
        // The rest of `target`'s bucket of 64, then the next bucket that has any.
        let bucket = target / 64;
        for doc in target..((bucket + 1) * 64).min(max) {
            if self.docs.contains(doc) {
                return doc;
            }
        }
        let Some(next) = self.docs.first_non_empty_bucket(bucket + 1) else { return TERMINATED };
        let mut set = self.docs.tinyset(next);
        next * 64 + set.pop_lowest().unwrap_or(0)
    }
}

impl DocSet for BitSetFilter {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.first_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = self.first_from(target);
        }
        self.doc
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target >= self.docs.max_value() {
            self.doc = TERMINATED;
            return SeekDangerResult::SeekLowerBound(TERMINATED);
        }
        if self.docs.contains(target) {
            self.doc = target;
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(target + 1)
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }

    /// A bit costs less to check than a posting to read, so the query's words lead and the
    /// filter is asked about their documents only.
    fn cost(&self) -> u64 {
        u64::from(self.docs.max_value()) * 2
    }
}

impl Scorer for BitSetFilter {
    fn score(&mut self) -> Score {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bitset(max: u32, docs: &[u32]) -> Arc<BitSet> {
        let mut set = BitSet::with_max_value(max);
        for &doc in docs {
            set.insert(doc);
        }
        Arc::new(set)
    }

    #[test]
    fn a_bitset_filter_walks_and_seeks_its_documents() {
        let docs = [0, 3, 63, 64, 65, 200, 1000, 1023];
        let mut filter = BitSetFilter::new(bitset(1024, &docs));
        let mut walked = vec![filter.doc()];
        while filter.advance() != TERMINATED {
            walked.push(filter.doc());
        }
        assert_eq!(walked, docs);
        for target in [0, 1, 4, 63, 64, 66, 199, 201, 1000, 1001, 1023] {
            let expected = docs.iter().copied().find(|&d| d >= target).unwrap_or(TERMINATED);
            assert_eq!(BitSetFilter::new(bitset(1024, &docs)).seek(target), expected, "seek {target}");
            let danger = BitSetFilter::new(bitset(1024, &docs)).seek_danger(target);
            let found = docs.contains(&target);
            assert_eq!(danger == SeekDangerResult::Found, found, "seek_danger {target}");
        }
        assert_eq!(BitSetFilter::new(bitset(1024, &docs)).seek(1024), TERMINATED);
        assert_eq!(BitSetFilter::new(bitset(70, &[])).doc(), TERMINATED);
    }

    #[test]
    fn a_filter_is_kept_from_its_second_search_and_the_oldest_goes_first() {
        let cache = FilterCache::default();
        assert!(!cache.asked("a"));
        assert!(cache.asked("a"));
        assert!(!cache.asked("b"));
        let segment = SegmentId::generate_random();
        let big = (FilterCache::MAX_BYTES / 3 * 8) as u32;
        cache.insert(segment, "a", bitset(big, &[1]));
        cache.insert(segment, "b", bitset(big, &[2]));
        assert!(cache.get(segment, "a").is_some());
        // A third does not fit: "b", used least recently, goes.
        cache.insert(segment, "c", bitset(big, &[3]));
        assert!(cache.get(segment, "b").is_none());
        assert!(cache.get(segment, "a").is_some() && cache.get(segment, "c").is_some());
        assert!(cache.bytes() <= FilterCache::MAX_BYTES);
        assert!(cache.get(SegmentId::generate_random(), "a").is_none());
    }
}
