//! A filtered search with facet counts: passages quoting anyone on a topic in one country over
//! a few years, and who was quoted how often.
//!
//! ```text
//! cargo run --example facets -- sample-corpus "grain OR exports" Ukraine 2020 2024
//! ```

use std::error::Error;

use dateline::{FacetField, Index, Indexer, Period, Scope, SearchRequest};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let corpus = args.next().unwrap_or_else(|| "sample-corpus".to_string());
    let query = args.next().unwrap_or_else(|| "grain OR exports".to_string());
    let country = args.next().unwrap_or_else(|| "Ukraine".to_string());
    // Periods are a year, a month (2021-03) or a day (2021-03-04); `from` and `to` include them.
    let from: Period = args.next().unwrap_or_else(|| "2020".to_string()).parse()?;
    let to: Period = args.next().unwrap_or_else(|| "2024".to_string()).parse()?;

    let index_dir = std::env::temp_dir().join(format!("dateline-facets-{}", std::process::id()));
    Indexer::new(&index_dir).run(&corpus, &mut ())?;
    let index = Index::open(&index_dir)?;

    // Filters narrow what matches; facets count every match, not only the hits returned.
    // In passage scope, each passage is a result, and speakers are those quoted in it.
    let request =
        SearchRequest::new(&query).scope(Scope::Passage).country(&country).from(from).to(to).limit(3).facets(true);
    let results = index.search(&request)?;

    println!("{} passages match {query:?} in {country}, {} to {}", results.total, from.first, to.last);
    for hit in &results.hits {
        println!("  {}. {} {} passage {}", hit.rank, hit.article.date, hit.article.id, hit.passage);
    }
    if let Some(facets) = &results.facets {
        for (field, name) in [(FacetField::Speaker, "quoted"), (FacetField::Year, "by year")] {
            let counts: Vec<String> =
                facets.top(field, Some(5)).iter().map(|c| format!("{} {}", c.value, c.count)).collect();
            println!("{name}: {}", counts.join(", "));
        }
    }

    drop(index);
    std::fs::remove_dir_all(&index_dir)?;
    Ok(())
}
