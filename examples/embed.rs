//! Embedding dateline: index a corpus folder and ask "what did a speaker say about a topic",
//! using only the library.
//!
//! ```text
//! cargo run --example embed -- sample-corpus ceasefire Solberg
//! ```

use std::error::Error;

use dateline::{snippet, Index, Indexer, Scope, SearchRequest};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "sample-corpus".to_string());
    let topic = args.next().unwrap_or_else(|| "ceasefire".to_string());
    let speaker = args.next().unwrap_or_else(|| "Solberg".to_string());

    // Build an index in a temporary folder. Skipped files come back in the report.
    let index_dir = std::env::temp_dir().join(format!("dateline-embed-{}", std::process::id()));
    let report = Indexer::new(&index_dir).run(&corpus, &mut ())?;
    println!("indexed {} articles ({} passages), skipped {}", report.articles, report.passages, report.skipped.len());
    for skip in &report.skipped {
        println!("  skipped {skip}");
    }

    // Passages where the speaker is quoted, mentioning the topic, with counts by year.
    let index = Index::open(&index_dir)?;
    let request = SearchRequest::new(&topic).speaker(&speaker).scope(Scope::Passage).facets(true);
    let results = index.search(&request)?;
    println!("{} passages quote {speaker} on {topic}:", results.total);
    for hit in &results.hits {
        let short = snippet(&hit.text, &hit.highlights, 160);
        println!("{}. {} {} (passage {}): {}", hit.rank, hit.article.date, hit.article.id, hit.passage, short.text);
    }
    if let Some(facets) = &results.facets {
        let years: Vec<String> = facets.years.iter().map(|y| format!("{} {}", y.value, y.count)).collect();
        println!("by year: {}", years.join(", "));
    }
    drop(index);
    std::fs::remove_dir_all(&index_dir)?;
    Ok(())
}
