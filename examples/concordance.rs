//! A concordance (keyword in context): every occurrence of a query's words in the passages it
//! selects, with the words around it, sorted as a corpus linguist would read them.
//!
//! ```text
//! cargo run --example concordance -- sample-corpus ceasefire
//! ```

use std::error::Error;

use dateline::{ConcordanceRequest, ConcordanceSort, Index, Indexer, SearchRequest};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "sample-corpus".to_string());
    let query = args.next().unwrap_or_else(|| "ceasefire".to_string());

    let index_dir = std::env::temp_dir().join(format!("dateline-concordance-{}", std::process::id()));
    Indexer::new(&index_dir).run(&corpus, &mut ())?;
    let index = Index::open(&index_dir)?;

    // The same search request as for `search` chooses the passages (query, filters, dates);
    // the concordance shows 30 characters either side of each match, sorted by the word
    // to the right of the match, then by date.
    let request = ConcordanceRequest::new(SearchRequest::new(&query)).width(30).sort(ConcordanceSort::Right).limit(15);
    let concordance = index.concordance(&request)?;

    println!(
        "{} occurrences in {} passages of {} articles (showing {})",
        concordance.total,
        concordance.passages,
        concordance.articles,
        concordance.lines.len()
    );
    for line in &concordance.lines {
        // `left` and `right` are the context; `matched` is the text the query matched.
        println!("{:>30} [{}] {:<30}  {} {}", line.left, line.matched, line.right, line.date, line.article_id);
    }

    drop(index);
    std::fs::remove_dir_all(&index_dir)?;
    Ok(())
}
