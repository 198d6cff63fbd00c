//! In-process search latency through the library API: top 10 with highlights, for each query of
//! the mix in `benches/queries.txt` (the mix `benches/compare.sh` runs from the terminal), with
//! its date and country filters.
//!
//! The index is built once at start from generated articles (10,000 by default;
//! `DATELINE_BENCH_ARTICLES` sets another number), or, when `DATELINE_BENCH_INDEX=DIR` is set,
//! that existing index is opened instead (`benches/compare.sh` points it at the index it built).
//! Run with `cargo bench --bench search`; divan reports time per query, named by its label.
//! `cargo bench --bench search -- article_scope` runs one group.
//!
//! The index stays open for every run, as in a program that searches: search threads are
//! started once, and a filter is read from the bitsets kept from its second search on (see
//! docs/src/embedding.md). This measures that steady state, not a first search.

#[path = "support/generator.rs"]
mod generator;
#[path = "support/mix.rs"]
mod mix;

use std::sync::OnceLock;

use dateline::{Index, Indexer, Scope};
use mix::{labels, mix, request};

fn main() {
    mix(); // A malformed queries.txt fails before anything else.
    index(); // Built or opened before timing starts.
    divan::main();
}

/// The index, built or opened once for every bench.
fn index() -> &'static Index {
    static INDEX: OnceLock<(Option<tempfile::TempDir>, Index)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            if let Some(dir) = std::env::var_os("DATELINE_BENCH_INDEX").filter(|d| !d.is_empty()) {
                let index =
                    Index::open(&dir).unwrap_or_else(|e| panic!("DATELINE_BENCH_INDEX={}: {e}", dir.to_string_lossy()));
                return (None, index);
            }
            let articles = std::env::var("DATELINE_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
            let dir = tempfile::tempdir().expect("a temporary folder");
            let corpus = dir.path().join("corpus");
            generator::write_corpus(&corpus, articles, 7).expect("the corpus is written");
            let index_dir = dir.path().join("index");
            Indexer::new(&index_dir).run(&corpus, &mut ()).expect("the index is built");
            let index = Index::open(&index_dir).expect("the index opens");
            (Some(dir), index)
        })
        .1
}

#[divan::bench(args = labels())]
fn article_scope(bencher: divan::Bencher, label: &str) {
    let request = request(label);
    bencher.bench(|| index().search(&request).map(|r| r.hits.len()).unwrap_or(0));
}

#[divan::bench(args = labels())]
fn passage_scope(bencher: divan::Bencher, label: &str) {
    let request = request(label).scope(Scope::Passage);
    bencher.bench(|| index().search(&request).map(|r| r.hits.len()).unwrap_or(0));
}

#[divan::bench(args = labels())]
fn with_facets(bencher: divan::Bencher, label: &str) {
    let request = request(label).facets(true);
    bencher.bench(|| index().search(&request).map(|r| r.hits.len()).unwrap_or(0));
}
