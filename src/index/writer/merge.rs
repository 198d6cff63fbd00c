//! Segment merges: which segments a run merges, and waiting for them at its end.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::{IndexWriter, SegmentMeta};

use crate::error::Result;
use crate::index::queue::Queued;

use super::{IndexObserver, IndexReport};

/// Waits for the segment merges the commit started, so that they land instead of being
/// abandoned when the writer closes: without this, every run would leave its segments unmerged
/// and searches would slow down night after night. The run's time includes the wait.
pub(super) fn finish_merges(
    writer: IndexWriter<Queued>,
    report: IndexReport,
    started: Instant,
    observer: &mut dyn IndexObserver,
) -> Result<IndexReport> {
    observer.merging();
    writer.wait_merging_threads()?;
    Ok(IndexReport { elapsed: started.elapsed(), ..report })
}

/// tantivy's log merge policy, which merges segments of about the same size once there are
/// eight, and, from the commit that ends a run, one more rule: the segments under half the
/// size of the largest are merged into one when there are two or more. Each run leaves a small
/// segment per indexing thread (what each held at the commit), and a search pays for every
/// segment (on this machine about 0.15 ms each from the terminal): without the rule, nightly
/// runs of small changes would pile up to eight small segments per size before any merge.
/// Applied only at the end of a run, it never merges a large build's segments early.
#[derive(Debug)]
pub(super) struct RunMergePolicy {
    pub(super) log: LogMergePolicy,
    /// Set when the run commits.
    pub(super) ending: Arc<AtomicBool>,
}

impl MergePolicy for RunMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut candidates = self.log.compute_merge_candidates(segments);
        if !self.ending.load(Ordering::SeqCst) {
            return candidates;
        }
        let taken: std::collections::HashSet<_> = candidates.iter().flat_map(|c| c.0.iter().copied()).collect();
        let largest = segments.iter().map(SegmentMeta::num_docs).max().unwrap_or(0);
        let small: Vec<_> = segments
            .iter()
            .filter(|segment| !taken.contains(&segment.id()) && segment.num_docs() < largest / 2)
            .map(SegmentMeta::id)
            .collect();
        if small.len() >= 2 {
            candidates.push(MergeCandidate(small));
        }
        candidates
    }
}
