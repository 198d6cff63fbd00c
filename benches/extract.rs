//! Extraction speed on one core: countries and speakers for every article of the sample corpus
//! and the extraction development set, per iteration. Run with `cargo bench --bench extract`;
//! divan reports time per pass and articles per second.

use std::path::Path;

use dateline::corpus;
use dateline::Article;
use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;

fn main() {
    divan::main();
}

/// Every article under the given folders of the repository.
fn articles() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut articles = Vec::new();
    for folder in ["sample-corpus", "tests/extraction/dev"] {
        let folder = root.join(folder);
        for path in corpus::walk(&folder).flatten() {
            articles.extend(corpus::read_file(&folder, &path).articles);
        }
    }
    articles
}

#[divan::bench]
fn label_articles(bencher: Bencher) {
    let articles = articles();
    let passages: Vec<_> = articles.iter().map(|a| dateline::passage::split(&a.body)).collect();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    bencher.counter(ItemsCount::new(articles.len())).counter(BytesCount::new(bytes)).bench(|| {
        for (article, passages) in articles.iter().zip(&passages) {
            divan::black_box(dateline::extract::label(article, passages));
        }
    });
}

#[divan::bench]
fn split_passages(bencher: Bencher) {
    let articles = articles();
    bencher.counter(ItemsCount::new(articles.len())).bench(|| {
        for article in &articles {
            divan::black_box(dateline::passage::split(&article.body));
        }
    });
}
