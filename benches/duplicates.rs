//! Wire-copy detection at scale, on the evaluation set of `benches/support/copies.rs`: the time
//! to compute every article's signature and to cluster them, and the pair precision and recall.
//!
//! ```text
//! cargo bench --bench duplicates            # 10,000 stories (about 26,000 articles)
//! DATELINE_BENCH_STORIES=40000 cargo bench --bench duplicates
//! ```

#[path = "support/generator.rs"]
#[allow(dead_code)]
mod generator;

#[path = "support/copies.rs"]
#[allow(dead_code)]
mod copies;

use std::time::Instant;

use dateline::duplicates::{clusters, Item, Signature, DEFAULT_THRESHOLD};

fn main() {
    let stories: usize = std::env::var("DATELINE_BENCH_STORIES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let started = Instant::now();
    let set = copies::evaluation_set(stories, 11);
    let bytes: usize = set.iter().map(|article| article.body.len()).sum();
    println!(
        "{} articles ({:.1} MB of text) from {stories} stories, generated in {:.1} s",
        set.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let signatures: Vec<Signature> = set.iter().map(|article| Signature::of(&article.body)).collect();
    let signing = started.elapsed().as_secs_f64();
    println!(
        "signatures: {signing:.2} s on one core ({:.0} MB/s, {:.0} articles/s)",
        bytes as f64 / 1e6 / signing,
        set.len() as f64 / signing
    );

    let items: Vec<Item<usize>> = signatures
        .into_iter()
        .enumerate()
        .map(|(key, signature)| {
            let date = &set[key].date;
            let day = date[..4].parse::<i64>().unwrap() * 372
                + date[5..7].parse::<i64>().unwrap() * 31
                + date[8..].parse::<i64>().unwrap();
            Item { key, day, signature }
        })
        .collect();
    let started = Instant::now();
    let found = clusters(&items, DEFAULT_THRESHOLD);
    println!("clusters: {:.2} s, {} clusters", started.elapsed().as_secs_f64(), found.len());

    let mut label: Vec<usize> = (0..set.len()).map(|i| set.len() + i).collect();
    for (c, cluster) in found.iter().enumerate() {
        for member in &cluster.members {
            label[member.key] = c;
        }
    }
    let (precision, recall, predicted, true_pairs) = copies::pair_scores(&set, &label);
    println!("pairs: {true_pairs} true, {predicted} predicted; precision {precision:.4}, recall {recall:.4}");
}
