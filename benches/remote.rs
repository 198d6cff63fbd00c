//! Search latency through an engine next to the local index, for the query mix of
//! `benches/queries.txt`: the median and 95th percentile of `search` (top 10, article and
//! passage scope) and of facet counts, each request run in turn on both sides.
//!
//! Opt-in, as it needs an engine: push an index, then name both,
//!
//! ```text
//! DATELINE_BENCH_INDEX=DIR DATELINE_BENCH_ENGINE=quickwit+http://127.0.0.1:7280/news cargo bench --bench remote
//! ```
//!
//! `DATELINE_BENCH_RUNS` sets the runs per request (default 20). Every answer's total is
//! checked to be the same on both sides before it is timed.

#[path = "support/mix.rs"]
mod mix;

use std::time::{Duration, Instant};

use dateline::engine::RemoteIndex;
use dateline::{Index, Scope, SearchResults};

fn main() {
    let (Some(dir), Some(url)) = (variable("DATELINE_BENCH_INDEX"), variable("DATELINE_BENCH_ENGINE")) else {
        eprintln!(
            "skipped: set DATELINE_BENCH_INDEX to an index and DATELINE_BENCH_ENGINE to the engine it was pushed to"
        );
        return;
    };
    let runs: usize = variable("DATELINE_BENCH_RUNS").and_then(|n| n.parse().ok()).unwrap_or(20);
    let local = Index::open(&dir).unwrap_or_else(|e| panic!("DATELINE_BENCH_INDEX={dir}: {e}"));
    let url = url.parse().unwrap_or_else(|e| panic!("DATELINE_BENCH_ENGINE: {e}"));
    let remote = RemoteIndex::open(url, None).unwrap_or_else(|e| panic!("DATELINE_BENCH_ENGINE: {e}"));
    println!("{} articles; {runs} runs per request; milliseconds (median / 95th percentile)", local.info().articles);
    println!("{:<20} {:<8} {:>9} {:>17} {:>17}", "query", "what", "matches", "local", "engine");
    let (mut all_local, mut all_remote) = (Vec::new(), Vec::new());
    for label in mix::labels() {
        let base = mix::request(label);
        for (what, request) in [
            ("article", base.clone()),
            ("passage", base.clone().scope(Scope::Passage)),
            ("facets", base.clone().limit(0).facets(true)),
        ] {
            let local_total = local.search(&request).expect("the local search runs").total;
            let remote_total = remote.search(&request).expect("the engine's search runs").total;
            assert_eq!(remote_total, local_total, "{label} {what}: the engine finds another number");
            let local_times = time(runs, || local.search(&request));
            let remote_times = time(runs, || remote.search(&request));
            println!(
                "{label:<20} {what:<8} {local_total:>9} {:>17} {:>17}",
                summary(&local_times),
                summary(&remote_times)
            );
            all_local.extend(local_times);
            all_remote.extend(remote_times);
        }
    }
    println!("{:<20} {:<8} {:>9} {:>17} {:>17}", "all", "", "", summary(&all_local), summary(&all_remote));
}

fn variable(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The times of `runs` runs of `search`.
fn time(runs: usize, search: impl Fn() -> dateline::Result<SearchResults>) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            search().expect("the search runs");
            started.elapsed()
        })
        .collect()
}

/// `median / p95` in milliseconds.
fn summary(times: &[Duration]) -> String {
    let mut sorted = times.to_vec();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!("{:.1} / {:.1}", ms(at(0.5)), ms(at(0.95)))
}
