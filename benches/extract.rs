//! Speed of the per-article work on one core, over every article of the sample corpus and the
//! extraction development set: labelling (countries and speakers), passage splitting, and text
//! analysis (the tokenizer the index uses). Run with `cargo bench --bench extract`; divan
//! reports time per pass, articles per second and bytes per second.

use std::path::Path;

use dateline::corpus;
use dateline::Article;
use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use tantivy::tokenizer::TokenStream;

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

#[divan::bench]
fn analyze_text(bencher: Bencher) {
    let articles = articles();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let mut analyzer = dateline::internals::analysis::analyzer();
    bencher.counter(BytesCount::new(bytes)).bench_local(|| {
        for article in &articles {
            let mut stream = analyzer.token_stream(&article.body);
            while stream.advance() {
                divan::black_box(stream.token());
            }
        }
    });
}

/// The signature that finds wire copies (`dateline::duplicates`), computed once per article
/// while indexing.
#[divan::bench]
fn copy_signature(bencher: Bencher) {
    let articles = articles();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for article in &articles {
            divan::black_box(dateline::duplicates::Signature::of(&article.body));
        }
    });
}

/// The same text through the full UAX #29 segmentation, for comparison with the ASCII fast
/// path `analyze_text` takes on ASCII articles.
#[divan::bench]
fn segment_text_uax29(bencher: Bencher) {
    let articles = articles();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for article in &articles {
            for segment in unicode_segmentation::UnicodeSegmentation::split_word_bound_indices(article.body.as_str()) {
                divan::black_box(segment);
            }
        }
    });
}
