//! `dateline search`: ranked, highlighted passages.

use std::io::Write;

use dateline::{Index, Period, Scope, SearchRequest};

use super::format::{Format, FormatArg};
use super::print::{JsonPrinter, TablePrinter, TextPrinter};
use super::{IndexLocation, EXIT_NO_MATCH, EXIT_OK};

/// Search the index: ranked passages with the matches highlighted.
///
/// Query syntax: words (all must match), "exact phrases", OR, -word or NOT word, ( groups ),
/// and field-scoped terms title:, country:, speaker:, id:.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query, e.g. 'ceasefire "peace talks" -Syria'. May start with `-` (`-ceasefire`).
    #[arg(allow_hyphen_values = true)]
    query: String,

    #[command(flatten)]
    location: IndexLocation,

    /// article: every word anywhere in the article, one hit per article; passage: the whole
    /// query inside one passage.
    #[arg(long, value_enum, default_value_t = ScopeArg::Article)]
    scope: ScopeArg,

    /// Articles dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<Period>,

    /// Articles dated on or before (YYYY, YYYY-MM or YYYY-MM-DD; a year or month includes all of it).
    #[arg(long, value_name = "DATE")]
    to: Option<Period>,

    /// Only articles about this country (any name, alias, demonym or ISO code); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    country: Vec<String>,

    /// Only passages quoting this speaker (full name or surname); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    speaker: Vec<String>,

    /// How many hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,

    /// How many of the best hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,

    /// Count countries, speakers and years over all matches.
    #[arg(long)]
    facets: bool,

    /// Match every word outside quotes with edits, for misspelt names: 1 edit for words of
    /// 3-5 characters, 2 for longer ones (as if written word~1, word~2).
    #[arg(long)]
    fuzzy: bool,

    #[command(flatten)]
    output: FormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ScopeArg {
    Article,
    Passage,
}

pub fn run(args: &SearchArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = Index::open(args.location.path())?;
    let request = SearchRequest {
        query: args.query.clone(),
        scope: match args.scope {
            ScopeArg::Article => Scope::Article,
            ScopeArg::Passage => Scope::Passage,
        },
        from: args.from,
        to: args.to,
        countries: args.country.clone(),
        speakers: args.speaker.clone(),
        limit: args.limit,
        offset: args.offset,
        facets: args.facets,
        fuzzy: args.fuzzy,
    };
    let results = index.search(&request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.output.format() {
        Format::Text => {
            let colored = match color {
                anstream::ColorChoice::Auto => {
                    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
                }
                choice => choice != anstream::ColorChoice::Never,
            };
            TextPrinter::new(&mut out, colored).print(&request, &results)?;
        }
        Format::Jsonl => JsonPrinter::new(&mut out, index.info()).print(&request, &results)?,
        Format::Json => JsonPrinter::new(&mut out, index.info()).print_document(&request, &results)?,
        format @ (Format::Csv | Format::Tsv) => {
            let table = format.table(&mut out).expect("csv and tsv are tables");
            TablePrinter::new(table, index.info()).print(&results)?;
        }
    }
    out.flush()?;
    Ok(if results.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}
