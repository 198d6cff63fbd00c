//! Back-pressure between reading the corpus and tantivy's indexing threads.
//!
//! tantivy queues documents for its indexing threads in a channel bounded in *count* (10,000
//! groups), not in bytes: a run that reads and labels faster than tantivy indexes could hold
//! hundreds of megabytes of queued text. So every document sent to the writer is a [`Queued`]
//! document carrying a share of a byte count: the share is given back when tantivy drops the
//! document (once it is indexed), and [`Queue::wait_for_room`] holds the reader back while more
//! than the limit is queued, until half of it has drained.
//!
//! The count is an atomic, and a waiting reader is woken once, when the queue drains below half
//! its limit: waking it for every indexed document (over a million times for 100,000 articles)
//! cost more in context switches than the waiting saved.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use tantivy::schema::document::Document;
use tantivy::TantivyDocument;

/// The longest the reader waits for room at a time: if the indexing threads have stopped
/// (failed), the next write reports their error instead of waiting forever.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// The bytes of document text waiting in tantivy's queue, and the limit.
#[derive(Debug)]
pub(crate) struct Queue {
    bytes: AtomicUsize,
    /// Held by a waiting reader while it checks the count, and by whoever wakes it.
    waiting: Mutex<()>,
    drained: Condvar,
    limit: usize,
}

impl Queue {
    /// A queue that holds the reader back beyond `limit` bytes.
    pub fn new(limit: usize) -> Arc<Queue> {
        Arc::new(Queue { bytes: AtomicUsize::new(0), waiting: Mutex::new(()), drained: Condvar::new(), limit })
    }

    /// Where a held-back reader may go on.
    fn low_water(&self) -> usize {
        self.limit / 2
    }

    /// Wraps `doc`, counting `bytes` as queued until tantivy drops it.
    pub fn track(self: &Arc<Queue>, doc: TantivyDocument, bytes: usize) -> Queued {
        self.bytes.fetch_add(bytes, Ordering::SeqCst);
        Queued { doc, _share: Some(Share { bytes, queue: Arc::clone(self) }) }
    }

    /// Returns at once while no more than the limit is queued; otherwise waits until no more
    /// than half the limit is (or [`LONGEST_WAIT`] has passed).
    pub fn wait_for_room(&self) {
        if self.queued() <= self.limit {
            return;
        }
        let guard = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self.drained.wait_timeout_while(guard, LONGEST_WAIT, |_| self.queued() > self.low_water());
    }

    /// Bytes queued now.
    fn queued(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }

    /// Gives back `bytes`, waking a waiting reader if that brings the queue to half its limit.
    fn give_back(&self, bytes: usize) {
        let before = self.bytes.fetch_sub(bytes, Ordering::SeqCst);
        let after = before.saturating_sub(bytes);
        if before > self.low_water() && after <= self.low_water() {
            // Taking the lock orders this wake-up after a waiter's check of the count.
            let _guard = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
            self.drained.notify_all();
        }
    }
}

/// A document on its way to tantivy, with its share of the queue's byte count.
#[derive(Debug)]
pub(crate) struct Queued {
    doc: TantivyDocument,
    /// Given back on drop.
    _share: Option<Share>,
}

impl Queued {
    /// A document not counted (small ones, such as manifest entries).
    pub fn untracked(doc: TantivyDocument) -> Queued {
        Queued { doc, _share: None }
    }
}

#[derive(Debug)]
struct Share {
    bytes: usize,
    queue: Arc<Queue>,
}

impl Drop for Share {
    fn drop(&mut self) {
        self.queue.give_back(self.bytes);
    }
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_return_when_documents_drop_and_waiters_wake() {
        let queue = Queue::new(100);
        let first = queue.track(TantivyDocument::new(), 80);
        let second = queue.track(TantivyDocument::new(), 50);
        assert_eq!(queue.queued(), 130);
        let waiter = {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                queue.wait_for_room();
                queue.queued()
            })
        };
        drop(first);
        assert!(waiter.join().unwrap() <= 100);
        drop(second);
        assert_eq!(queue.queued(), 0);
        drop(Queued::untracked(TantivyDocument::new()));
        assert_eq!(queue.queued(), 0);
    }
}
