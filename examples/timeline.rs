//! A timeline: how many articles matched a query each year, next to how many the archive holds
//! that year, as a share per 1,000 articles (so a growing archive does not look like a trend).
//!
//! ```text
//! cargo run --example timeline -- sample-corpus "drought OR water"
//! ```

use std::error::Error;

use dateline::per_1000;
use dateline::{Index, Indexer, Interval, SearchRequest, TimelineRequest};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "sample-corpus".to_string());
    let query = args.next().unwrap_or_else(|| "drought OR water".to_string());

    // An index in a temporary folder (a real program keeps it, and updates it nightly).
    let index_dir = std::env::temp_dir().join(format!("dateline-timeline-{}", std::process::id()));
    Indexer::new(&index_dir).run(&corpus, &mut ())?;
    let index = Index::open(&index_dir)?;

    // The request is a search request (query, filters) plus the bucket width. Every article
    // that matches counts once in the bucket of its date.
    let request = TimelineRequest::new(SearchRequest::new(&query)).by(Interval::Year);
    let timeline = index.timeline(&request)?;

    println!("{} articles match {query:?}", timeline.total);
    for (bucket, articles) in timeline.buckets.iter().zip(&timeline.series[0].articles) {
        // `bucket_articles` is every article of the archive in that year, matching or not.
        let share = per_1000(*articles, bucket.bucket_articles).map_or("-".to_string(), |v| format!("{v:.0}"));
        println!("{}  {articles:>3} of {:>3}  {share:>4} per 1,000", bucket.label, bucket.bucket_articles);
    }

    drop(index);
    std::fs::remove_dir_all(&index_dir)?;
    Ok(())
}
