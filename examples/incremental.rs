//! Incremental indexing with a progress observer: a first build, a change to the corpus, and
//! a second run that reads only what changed, as a nightly job does.
//!
//! ```text
//! cargo run --example incremental
//! ```

use std::error::Error;
use std::path::Path;

use dateline::{Index, IndexObserver, Indexer, SearchRequest, Skip};

/// Receives news of a run. Every method has an empty default, so an observer implements only
/// what it shows: here a line per stage, and every skipped file.
struct Progress {
    done: usize,
    of: usize,
}

impl IndexObserver for Progress {
    fn started(&mut self, files: usize) {
        self.of = files;
        println!("  reading {files} changed or new files");
    }

    fn file_done(&mut self, _path: &Path) {
        self.done += 1;
    }

    fn skipped(&mut self, skip: &Skip) {
        println!("  skipped {skip}");
    }

    fn committing(&mut self) {
        println!("  read {} of {}; committing", self.done, self.of);
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let tmp = std::env::temp_dir().join(format!("dateline-incremental-{}", std::process::id()));
    let (corpus, index_dir) = (tmp.join("corpus"), tmp.join("index"));
    std::fs::create_dir_all(&corpus)?;
    // Dated text: the first line starts with `date YYYY-MM-DD`, the rest is the article.
    std::fs::write(
        corpus.join("harbour.txt"),
        "date 2024-05-02 The harbour authority in Valdora said dredging would start in June.",
    )?;
    std::fs::write(corpus.join("ferry.txt"), "date 2024-05-03 Ferry crossings resumed after the storm.")?;

    println!("first run:");
    let report = Indexer::new(&index_dir).run(&corpus, &mut Progress { done: 0, of: 0 })?;
    println!("  {} added; the index holds {} articles", report.added, report.articles);

    // The night's changes: one article corrected, one new, one withdrawn.
    std::fs::write(
        corpus.join("harbour.txt"),
        "date 2024-05-02 The harbour authority in Valdora said dredging would start in July.",
    )?;
    std::fs::write(corpus.join("tram.txt"), "date 2024-05-04 The tram extension opened to passengers.")?;
    std::fs::remove_file(corpus.join("ferry.txt"))?;

    println!("second run:");
    let report = Indexer::new(&index_dir).run(&corpus, &mut Progress { done: 0, of: 0 })?;
    println!(
        "  {} added, {} changed, {} removed, {} unchanged; the index holds {} articles",
        report.added, report.changed, report.removed, report.unchanged, report.articles
    );

    // A search sees the corrected text; the commit record says what the index reflects.
    let index = Index::open(&index_dir)?;
    println!("\"dredging July\": {} article", index.search(&SearchRequest::new("dredging July"))?.total);
    println!("fingerprint of the corpus indexed: {}", index.info().fingerprint);

    drop(index);
    std::fs::remove_dir_all(&tmp)?;
    Ok(())
}
