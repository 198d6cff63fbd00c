//! A deterministic generator of synthetic news archives, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR N [SEED]
//! cargo run --release --example gen_corpus -- OUT.jsonl N [SEED]
//! ```
//!
//! Writes N articles in the dated-text format under OUT_DIR (100 per folder), or as one JSON
//! Lines file when the name ends in `.jsonl`: 300-800 words in
//! 5-15 paragraphs, words drawn from a Zipf-distributed vocabulary, dates over 25 years, country
//! names, aliases and demonyms in about half the paragraphs, and a quote attributed to a named
//! speaker ("X said", "said X", "according to X") in about a third. The same N and SEED always
//! give the same bytes.

#[path = "support/generator.rs"]
mod generator;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(out), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_corpus OUT_DIR|OUT.jsonl N [SEED]");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    let count: usize = count.parse().expect("N is a number");
    let seed: u64 = args.next().map_or(7, |s| s.parse().expect("SEED is a number"));
    let bytes = if out.extension().is_some_and(|e| e == "jsonl") {
        generator::write_json_lines(&out, count, seed).expect("can write the corpus")
    } else {
        generator::write_corpus(&out, count, seed).expect("can write the corpus")
    };
    eprintln!("wrote {count} articles, {:.1} MB, to {}", bytes as f64 / 1e6, out.display());
}
