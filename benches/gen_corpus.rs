//! A deterministic generator of synthetic news archives, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR N [SEED] [--glue-every K]
//! cargo run --release --example gen_corpus -- OUT.jsonl N [SEED] [--glue-every K]
//! ```
//!
//! Writes N articles in the dated-text format under OUT_DIR (100 per folder), or as one JSON
//! Lines file when the name ends in `.jsonl`: 300-800 words in
//! 5-15 paragraphs, words drawn from a Zipf-distributed vocabulary, dates over 25 years, country
//! names, aliases and demonyms in about half the paragraphs, and a quote attributed to a named
//! speaker ("X said", "said X", "according to X") in about a third. The same N and SEED always
//! give the same bytes. With `--glue-every K`, every K-th space between two sentences is lost
//! (`...cle.Gru...`), as in text scraped from web pages (`benches/whole_words.py` counts what
//! that does to search); the words are the same as without it.

#[path = "support/generator.rs"]
mod generator;

use std::path::PathBuf;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let glue_every = match args.iter().position(|arg| arg == "--glue-every") {
        Some(at) => {
            let every = args.get(at + 1).and_then(|k| k.parse().ok()).unwrap_or_else(|| usage());
            args.drain(at..at + 2);
            Some(every)
        }
        None => None,
    };
    let mut args = args.into_iter();
    let (Some(out), Some(count)) = (args.next(), args.next()) else { usage() };
    let out = PathBuf::from(out);
    let count: usize = count.parse().expect("N is a number");
    let seed: u64 = args.next().map_or(7, |s| s.parse().expect("SEED is a number"));
    let generator = generator::Generator::new(seed).glued(glue_every);
    let bytes = if out.extension().is_some_and(|e| e == "jsonl") {
        generator::write_json_lines(&out, count, generator).expect("can write the corpus")
    } else {
        generator::write_corpus_with(&out, count, generator).expect("can write the corpus")
    };
    eprintln!("wrote {count} articles, {:.1} MB, to {}", bytes as f64 / 1e6, out.display());
}

fn usage() -> ! {
    eprintln!("usage: gen_corpus OUT_DIR|OUT.jsonl N [SEED] [--glue-every K]");
    std::process::exit(2);
}
