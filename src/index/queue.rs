//! Back-pressure between reading the corpus and tantivy's indexing threads.
//!
//! tantivy queues documents for its indexing threads in a channel bounded in *count* (10,000
//! groups), not in bytes: a run that reads and labels faster than tantivy indexes could hold
//! hundreds of megabytes of queued text. So every document sent to the writer is a [`Queued`]
//! document carrying a share of a byte count: the share is given back when tantivy drops the
//! document (once it is indexed), and [`Queue::wait_for_room`] holds the reader back while more
//! than the limit is queued.

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
    bytes: Mutex<usize>,
    drained: Condvar,
    limit: usize,
}

impl Queue {
    /// A queue that holds the reader back beyond `limit` bytes.
    pub fn new(limit: usize) -> Arc<Queue> {
        Arc::new(Queue { bytes: Mutex::new(0), drained: Condvar::new(), limit })
    }

    /// Wraps `doc`, counting `bytes` as queued until tantivy drops it.
    pub fn track(self: &Arc<Queue>, doc: TantivyDocument, bytes: usize) -> Queued {
        *self.bytes.lock().unwrap_or_else(|e| e.into_inner()) += bytes;
        Queued { doc, _share: Some(Share { bytes, queue: Arc::clone(self) }) }
    }

    /// Waits until no more than the limit is queued (or [`LONGEST_WAIT`] has passed).
    pub fn wait_for_room(&self) {
        let queued = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self.drained.wait_timeout_while(queued, LONGEST_WAIT, |bytes| *bytes > self.limit);
    }

    /// Bytes queued now.
    #[cfg(test)]
    fn queued(&self) -> usize {
        *self.bytes.lock().unwrap()
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
        let mut queued = self.queue.bytes.lock().unwrap_or_else(|e| e.into_inner());
        *queued = queued.saturating_sub(self.bytes);
        self.queue.drained.notify_all();
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
