//! What a query will cost (the postings it reads), and collection on several threads when that pays.

use tantivy::collector::Collector;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, EnableScoring, Occur, Query as TantivyQuery};
use tantivy::Searcher;

use super::Index;

/// Whether `query` reads more than `min_postings` postings (see [`postings_read`]).
pub(super) fn is_heavy(searcher: &Searcher, query: &dyn TantivyQuery, min_postings: u64) -> bool {
    postings_read(searcher, query).is_some_and(|postings| postings > min_postings)
}

/// About how many postings `query` reads, from its terms' document frequencies (a dictionary
/// lookup per term and segment), a posting read with its positions counting four times;
/// `None` for a query without terms (a date range, all documents), whose cost this cannot tell.
pub(super) fn postings_read(searcher: &Searcher, query: &dyn TantivyQuery) -> Option<u64> {
    reads(searcher, query).map(|reads| reads.postings.unwrap_or(0) + 4 * reads.with_positions)
}

/// The postings a query reads: see [`reads`].
#[derive(Clone, Copy)]
pub(super) struct Reads {
    /// Postings read without positions; `None` when the query has no such term.
    postings: Option<u64>,
    /// Postings read with their positions (phrases).
    with_positions: u64,
}

/// The postings `query` reads. An intersection reads about as many as its rarest required
/// part, since the others are only skipped through to its documents: a rare word filtered by
/// a common country reads little. But a phrase checks positions at every document that has
/// all its words, whatever drives the intersection (an article-scope phrase walks the passages
/// of every article it is asked about), so positions always count in full. A union reads all
/// its parts.
pub(super) fn reads(searcher: &Searcher, query: &dyn TantivyQuery) -> Option<Reads> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean.clauses();
        let parts = |occur: Occur| {
            clauses.iter().filter(move |(o, _)| *o == occur).filter_map(|(_, part)| reads(searcher, part.as_ref()))
        };
        let required: Vec<Reads> = parts(Occur::Must).collect();
        if !required.is_empty() {
            let postings = required.iter().filter_map(|part| part.postings).min();
            let with_positions = required.iter().map(|part| part.with_positions).sum();
            return Some(Reads { postings, with_positions });
        }
        return parts(Occur::Should).reduce(|a, b| Reads {
            postings: match (a.postings, b.postings) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            },
            with_positions: a.with_positions + b.with_positions,
        });
    }
    let mut found: Option<Reads> = None;
    query.query_terms(&mut |term, positions| {
        let docs = searcher.doc_freq(term).unwrap_or(0);
        let reads = found.get_or_insert(Reads { postings: None, with_positions: 0 });
        if positions {
            reads.with_positions += docs;
        } else {
            *reads.postings.get_or_insert(0) += docs;
        }
    });
    found
}

impl Index {
    /// Runs `collector` over the documents `query` matches, scored with `statistics` (or the
    /// searcher's own when `None`): on one thread per segment, up to one per core, when the
    /// query has many postings to read, else on the calling thread.
    pub(crate) fn collect<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        collector: &C,
        statistics: Option<&dyn Bm25StatisticsProvider>,
    ) -> tantivy::Result<C::Fruit> {
        let scoring = match statistics {
            Some(statistics) if collector.requires_scoring() => {
                EnableScoring::enabled_from_statistics_provider(statistics, searcher)
            }
            None if collector.requires_scoring() => EnableScoring::enabled_from_searcher(searcher),
            _ => EnableScoring::disabled_from_searcher(searcher),
        };
        let executor = self
            .parallel
            .executor_if(|min_postings| is_heavy(searcher, query, min_postings))
            .unwrap_or_else(|| searcher.index().search_executor());
        searcher.search_with_executor(query, collector, executor, scoring)
    }
}

/// How many postings a query may read before it starts the search threads (a posting read
/// with its positions counts four times). Below this a search takes about a millisecond, no
/// more than starting the threads costs: a search from the terminal, one per process, starts
/// them only when they pay for themselves.
const PARALLEL_POSTINGS: u64 = 150_000;

/// In a program that searches an index again (a server, a script through the library, one
/// search with facets), a query that reads more than
/// [`PARALLEL_POSTINGS`] divided by this uses them: their start is paid once over many
/// searches, and handing work to running threads costs little.
const WARM_DIVISOR: u64 = 5;

/// The threads a heavy search runs on, one per segment up to one per core: started on the
/// first search that needs them, since starting them costs about half a millisecond, more
/// than a light search takes.
pub(crate) struct Parallel {
    segments: usize,
    /// The postings above which a query is heavy enough to start the threads
    /// ([`PARALLEL_POSTINGS`]); after the first query, a [`WARM_DIVISOR`]th of this.
    pub(crate) min_postings: u64,
    /// Whether a query has asked before.
    asked: std::sync::atomic::AtomicBool,
    executor: std::sync::OnceLock<Option<tantivy::Executor>>,
}

impl Parallel {
    /// The threads for an index of `segments` segments.
    pub(crate) fn new(segments: usize) -> Parallel {
        Parallel {
            segments,
            min_postings: PARALLEL_POSTINGS,
            asked: std::sync::atomic::AtomicBool::new(false),
            executor: std::sync::OnceLock::new(),
        }
    }

    /// The executor of several threads for a query that `is_heavy` (given the postings above
    /// which a query is heavy: fewer after the first query), started on first use; `None` for
    /// a light query, one segment, one core, or threads that could not be started (which only
    /// costs speed).
    pub(crate) fn executor_if(&self, is_heavy: impl FnOnce(u64) -> bool) -> Option<&tantivy::Executor> {
        let again = self.asked.swap(true, std::sync::atomic::Ordering::Relaxed);
        let min_postings = if again { self.min_postings / WARM_DIVISOR } else { self.min_postings };
        if self.segments < 2 || !is_heavy(min_postings) {
            return None;
        }
        let start = || {
            // Asked here, not at open: it reads the process's CPU quota, which a light search need not.
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(self.segments);
            (threads > 1).then(|| tantivy::Executor::multi_thread(threads, "dateline-search-").ok()).flatten()
        };
        self.executor.get_or_init(start).as_ref()
    }
}
