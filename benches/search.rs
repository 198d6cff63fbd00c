//! In-process search latency through the library API: top 10 with highlights, on an index of
//! generated articles built once at start (10,000 by default; `DATELINE_BENCH_ARTICLES` sets
//! another number). Run with `cargo bench --bench search`; divan reports time per query.

#[path = "support/generator.rs"]
mod generator;

use std::sync::OnceLock;

use dateline::{Index, Indexer, Scope, SearchRequest};

fn main() {
    index(); // Built before timing starts.
    divan::main();
}

/// The index, built once for every bench.
fn index() -> &'static Index {
    static INDEX: OnceLock<(tempfile::TempDir, Index)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let articles = std::env::var("DATELINE_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
            let dir = tempfile::tempdir().expect("a temporary folder");
            let corpus = dir.path().join("corpus");
            generator::write_corpus(&corpus, articles, 7).expect("the corpus is written");
            let index_dir = dir.path().join("index");
            Indexer::new(&index_dir).run(&corpus, &mut ()).expect("the index is built");
            let index = Index::open(&index_dir).expect("the index opens");
            (dir, index)
        })
        .1
}

/// A fixed query mix: common and rare words, AND, OR, phrases with and without stop words,
/// names, and the same with a date range and a country filter.
const QUERIES: &[&str] =
    &["the", "ba", "flotion", "ba di", "ba OR di", "\"the ba\"", "\"ba di\"", "Solberg", "Varga -the"];

#[divan::bench(args = QUERIES)]
fn article_scope(query: &str) -> usize {
    index().search(&SearchRequest::new(query).limit(10)).map(|r| r.hits.len()).unwrap_or(0)
}

#[divan::bench(args = QUERIES)]
fn passage_scope(query: &str) -> usize {
    index().search(&SearchRequest::new(query).scope(Scope::Passage).limit(10)).map(|r| r.hits.len()).unwrap_or(0)
}

#[divan::bench(args = QUERIES)]
fn filtered(query: &str) -> usize {
    let request = SearchRequest::new(query)
        .from("2010".parse().expect("a year"))
        .to("2019".parse().expect("a year"))
        .country("Kenya")
        .limit(10);
    index().search(&request).map(|r| r.hits.len()).unwrap_or(0)
}

#[divan::bench(args = QUERIES)]
fn with_facets(query: &str) -> usize {
    index().search(&SearchRequest::new(query).limit(10).facets(true)).map(|r| r.hits.len()).unwrap_or(0)
}
