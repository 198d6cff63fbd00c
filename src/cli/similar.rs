//! `dateline similar`: the articles most like a given one, shown like search hits.

use dateline::{Index, SearchRequest, SimilarRequest};

use super::format::{self, FormatArg};
use super::print::{colored, SearchOutput};
use super::search::{FilterArgs, PageArgs};
use super::{IndexLocation, EXIT_NO_MATCH, EXIT_OK};

const AFTER_HELP: &str = "\
How: the article's key terms are its words that are neither English function words nor numbers,
have at least 3 characters (--min-word-chars), occur at least once in it (--min-term-freq), in
at least one other article (--min-doc-freq 2 counts the article itself) and in at most half of
all articles (--max-doc-share 0.5). The strongest 25 by tf-idf (--terms) become a
more-like-this query; the article itself is never a hit. The text output ends with the key
terms; in JSON the summary's query lists them joined with OR.

Examples:
  dateline similar 2019/geneva-water-talks.txt
  dateline similar 2019/geneva-water-talks.txt --from 2020 --country Ethiopia -n 3
  dateline similar wire-2022-0005 --format jsonl
  dateline similar feeds/caucasus-ceasefire-monitors.md --terms 10 --min-term-freq 2

Exit status: 0 similar articles found, 1 none, 2 error (unknown article id, bad option, ...).";

/// Articles most similar to a given article (more like this), ranked and shown like search hits.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct SimilarArgs {
    /// The article's id, as `dateline search` shows it (a path like 2019/a.txt, or a JSON Lines id).
    article_id: String,

    #[command(flatten)]
    location: IndexLocation,

    #[command(flatten)]
    filters: FilterArgs,

    #[command(flatten)]
    page: PageArgs,

    /// Count each story once: the article's own copies (wire copies, reprints) are left out,
    /// and every other story is one hit, shown by its best-ranked copy with "(+N copies)".
    #[arg(long)]
    dedup: bool,

    /// The most key terms to search with.
    #[arg(long, value_name = "N", default_value_t = 25)]
    terms: usize,

    /// The fewest times a word must occur in the article to be a key term.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_term_freq: usize,

    /// The fewest articles (the article itself included) that must use a key term.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_doc_freq: u64,

    /// The largest share of all articles (0 to 1) that may use a key term.
    #[arg(long, value_name = "SHARE", default_value_t = 0.5, value_parser = parse_share)]
    max_doc_share: f64,

    /// The fewest characters a key term must have.
    #[arg(long, value_name = "N", default_value_t = 3)]
    min_word_chars: usize,

    #[command(flatten)]
    output: FormatArg,
}

/// A share between 0 and 1.
fn parse_share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("`{text}` is not a share between 0 and 1 (e.g. 0.5 for half of the articles)")),
    }
}

pub fn run(args: &SimilarArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = Index::open(args.location.path())?;
    let filters = args.filters.apply(args.page.apply(SearchRequest::default())).dedup(args.dedup);
    let request = SimilarRequest::new(args.article_id.clone())
        .search(filters)
        .max_terms(args.terms)
        .min_term_freq(args.min_term_freq)
        .min_doc_freq(args.min_doc_freq)
        .max_doc_share(args.max_doc_share)
        .min_word_chars(args.min_word_chars);
    let similar = index.similar(&request)?;
    let results = &similar.results;
    // The printers take a search request: article scope, the key terms as its query.
    let search = SearchRequest::new(similar.terms.join(" OR ")).offset(args.page.offset).limit(args.page.limit);
    let output = SearchOutput { request: &search, results, info: index.info(), key_terms: Some(&similar.terms) };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if results.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}
