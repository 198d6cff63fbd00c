//! `dateline push`: bring an engine's index to exactly the local index's articles, sending
//! only what changed since the engine was last brought up to date.
//!
//! 1. The engine's index is created when it does not exist.
//! 2. The local articles are read with their versions, and the engine's versions listed; the
//!    [plan](super::plan) says what to send and what to remove.
//! 3. If the engine holds an article twice (a request that reached it twice), the push asks
//!    for that version's removal and stops: the article is sent again by the next push, once
//!    the removal is applied, so that the removal cannot catch the new copy.
//! 4. The documents of the articles to send go in requests of at most 8 MiB, whole articles
//!    together.
//! 5. Older versions are removed by delete tasks that name them (never the versions sent).
//! 6. The engine's counts of articles and passages, leaving out the versions still being
//!    removed, must equal the local index's, once the engine's commits have caught up.
//! 7. The local commit (its fingerprint, time and versions) is recorded in the engine, the
//!    older record removed: what answers from the engine cite.

use std::collections::BTreeSet;

use super::document::{article_key, documents};
use super::plan::{plan, LocalArticle, PushPlan};
use serde_json::json;

use super::engine_index::EngineIndex;
use super::translate::without_versions;
use crate::error::{Error, Result};
use crate::search::{Index, Scope};

/// The largest request a push sends.
pub const MAX_REQUEST_BYTES: usize = 8 << 20;

/// How often the engine's counts are read while its commits catch up.
const COUNT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// How many readings in a row may find the counts unchanged before the push gives up waiting
/// (a minute: longer than the index's commit interval).
const COUNT_PATIENCE: u32 = 30;

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushReport {
    /// What it planned.
    pub plan: PushPlan,
    /// Whether it created the engine's index.
    pub created: bool,
    /// Documents sent.
    pub documents: u64,
    /// Bytes of documents sent (before compression).
    pub bytes: u64,
    /// Bytes sent (compressed).
    pub sent_bytes: u64,
    /// Requests that carried documents.
    pub requests: u64,
    /// Article versions it asked the engine to remove.
    pub removed_versions: u64,
    /// Articles in the engine at the end (equal to the local index's).
    pub articles: u64,
    /// Passages in the engine at the end.
    pub passages: u64,
}

/// Progress of a push, for a progress bar.
pub trait PushObserver {
    /// The plan is known: `articles` articles are to be sent.
    fn planned(&mut self, _plan: &PushPlan) {}
    /// `articles` more articles were sent.
    fn sent(&mut self, _articles: u64) {}
}

impl PushObserver for () {}

/// Pushes `index` to the engine's index `engine` (Quickwit or OpenSearch).
pub fn push(index: &Index, engine: &EngineIndex, observer: &mut dyn PushObserver) -> Result<PushReport> {
    let mut report = PushReport::default();
    if !engine.exists()? {
        engine.create()?;
        report.created = true;
    }
    let mut local = Vec::new();
    let (mut articles, mut passages) = (0u64, 0u64);
    index.for_each_article(|article| {
        let docs = documents(&article);
        let version = docs[0]["article_hash"].as_str().unwrap_or_default().to_string();
        local.push(LocalArticle { key: article_key(&article.meta.id), id: article.meta.id, version });
        articles += 1;
        passages += docs.len() as u64 - 1;
        Ok(())
    })?;
    let pending = engine.pending_removals()?;
    let mut remote = engine.versions()?;
    // Versions already being removed are as good as gone.
    for versions in remote.values_mut() {
        versions.retain(|version, _| !pending.contains(version));
    }
    remote.retain(|_, versions| !versions.is_empty());
    let plan = plan(local, &remote);
    observer.planned(&plan);

    if !plan.resend.is_empty() {
        // A doubled version must be removed whole before it is sent again, or its removal could
        // catch the new copy: ask for the removal, and leave the sending to the next push.
        let doubled: Vec<String> = plan
            .remove
            .iter()
            .filter(|(key, _)| plan.resend.iter().any(|id| article_key(id) == *key))
            .map(|(_, v)| v.clone())
            .collect();
        engine.remove_versions(&doubled)?;
        return Err(Error::Engine {
            request: format!("push to {}", engine.url()),
            reason: format!(
                "{} articles were held twice by the engine; their removal was asked for: run the push again once \
                 the engine has applied it",
                plan.resend.len()
            ),
        });
    }

    let wanted: BTreeSet<&str> = plan.send.iter().map(String::as_str).collect();
    let mut batch = Vec::new();
    let (mut batch_documents, mut batch_articles) = (0u64, 0u64);
    let mut send = |batch: &mut Vec<u8>, documents: &mut u64, articles: &mut u64, last: bool| -> Result<()> {
        if batch.is_empty() && !last {
            return Ok(());
        }
        if !batch.is_empty() {
            report.sent_bytes += engine.ingest(batch, *documents, last)?;
            report.requests += 1;
            report.documents += *documents;
            report.bytes += batch.len() as u64;
            observer.sent(*articles);
        }
        batch.clear();
        *documents = 0;
        *articles = 0;
        Ok(())
    };
    if !wanted.is_empty() {
        index.for_each_article(|article| {
            if !wanted.contains(article.meta.id.as_str()) {
                return Ok(());
            }
            let mut lines = Vec::new();
            let docs = documents(&article);
            for doc in &docs {
                serde_json::to_writer(&mut lines, doc).expect("a document serializes");
                lines.push(b'\n');
            }
            if !batch.is_empty() && batch.len() + lines.len() > MAX_REQUEST_BYTES {
                send(&mut batch, &mut batch_documents, &mut batch_articles, false)?;
            }
            batch.extend_from_slice(&lines);
            batch_documents += docs.len() as u64;
            batch_articles += 1;
            Ok(())
        })?;
        send(&mut batch, &mut batch_documents, &mut batch_articles, true)?;
    }

    let stale: Vec<String> = plan.remove.iter().map(|(_, version)| version.clone()).collect();
    engine.remove_versions(&stale)?;
    report.removed_versions = stale.len() as u64;

    let mut leave_out = engine.pending_removals()?;
    leave_out.extend(stale);
    let leave_out: Vec<String> = leave_out.into_iter().collect();
    let count =
        |kind: Scope| engine.count_dsl(&without_versions(json!({ "term": { "kind": kind.kind() } }), &leave_out));
    // Documents sent without a forced commit become searchable at the index's next commit
    // (every 15 seconds by dateline's definition): wait for them, as long as the counts grow.
    let expected = (articles, passages);
    let mut last = (u64::MAX, u64::MAX);
    let mut still = 0;
    loop {
        let now = (count(Scope::Article)?, count(Scope::Passage)?);
        if now == expected || now.0 > expected.0 || now.1 > expected.1 {
            (report.articles, report.passages) = now;
            break;
        }
        still = if now == last { still + 1 } else { 0 };
        if still >= COUNT_PATIENCE {
            (report.articles, report.passages) = now;
            break;
        }
        last = now;
        std::thread::sleep(COUNT_INTERVAL);
    }
    if (report.articles, report.passages) != expected {
        return Err(Error::Engine {
            request: format!("push to {}", engine.url()),
            reason: format!(
                "after the push the engine holds {} articles and {} passages where the index has {articles} and \
                 {passages}: run the push again to repair it",
                report.articles, report.passages
            ),
        });
    }
    // Last, the record of what the engine now holds, which answers from it cite.
    engine.record_commit(index.info())?;
    report.plan = plan;
    Ok(report)
}
