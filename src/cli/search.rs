//! `dateline search`: ranked, highlighted passages. Also the query and filter arguments that
//! every command viewing a result set shares (`search`, `kwic`, `facets`).

use dateline::{Period, Scope, SearchRequest};

use super::archive::{Archive, ArchiveArgs};

use super::format::{self, FormatArg};
use super::print::{colored, SearchOutput};
use super::{EXIT_NO_MATCH, EXIT_OK};

/// The query, the index, the scope and the filters: what selects a result set.
#[derive(Debug, clap::Args)]
pub struct QueryArgs {
    /// The query, e.g. 'ceasefire "peace talks" -Syria'. May start with `-` (`-ceasefire`).
    #[arg(allow_hyphen_values = true)]
    query: String,

    #[command(flatten)]
    location: ArchiveArgs,

    /// article: every word anywhere in the article, one hit per article; passage: the whole
    /// query inside one passage.
    #[arg(long, value_enum, default_value_t = ScopeArg::Article)]
    scope: ScopeArg,

    #[command(flatten)]
    filters: FilterArgs,

    /// Count each story once: wire copies and reprints (a cluster of near-duplicates, found
    /// when indexing) are one hit, shown by the best-ranked copy with "(+N copies)", and totals,
    /// facets, timelines and concordances count stories, each by its earliest matching article.
    #[arg(long)]
    dedup: bool,
}

/// Which page of hits to show, and whether to count facets: shared by `search` and `similar`.
#[derive(Debug, clap::Args)]
pub struct PageArgs {
    /// How many hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,

    /// How many of the best hits to skip.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,

    /// Count countries, speakers and years over all matches.
    #[arg(long)]
    facets: bool,
}

impl PageArgs {
    /// `request` with this page and facet choice.
    pub fn apply(&self, request: SearchRequest) -> SearchRequest {
        request.limit(self.limit).offset(self.offset).facets(self.facets)
    }
}

/// The date, country and speaker filters, shared by every command that selects articles.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Articles dated on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Option<Period>,

    /// Articles dated on or before (YYYY, YYYY-MM or YYYY-MM-DD; a year or month includes all of it).
    #[arg(long, value_name = "DATE")]
    to: Option<Period>,

    /// Only articles about this country (any name, alias, demonym or ISO code); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    country: Vec<String>,

    /// Only passages (in article scope: articles) quoting this speaker (full name or surname);
    /// repeat for any of several.
    #[arg(long, value_name = "NAME")]
    speaker: Vec<String>,
}

impl FilterArgs {
    /// `request` with these filters.
    pub fn apply(&self, mut request: SearchRequest) -> SearchRequest {
        request.from = self.from;
        request.to = self.to;
        request.countries = self.country.clone();
        request.speakers = self.speaker.clone();
        request
    }
}

impl QueryArgs {
    /// The request these arguments describe, with the library's defaults for the rest.
    pub fn request(&self) -> SearchRequest {
        self.filters
            .apply(SearchRequest::new(self.query.clone()).scope(match self.scope {
                ScopeArg::Article => Scope::Article,
                ScopeArg::Passage => Scope::Passage,
            }))
            .dedup(self.dedup)
    }

    /// Opens the index these arguments name, local or an engine's.
    pub fn open(&self) -> anyhow::Result<Archive> {
        self.location.open()
    }
}

/// Search the index: ranked passages with the matches highlighted.
///
/// Query syntax: words (all must match), "exact phrases", OR, -word or NOT word, ( groups ),
/// prefixes negotiat*, fuzzy words Guteres~ or Guteres~2, proximity "ceasefire talks"~5,
/// field-scoped terms title:, country:, speaker:, id:, and dates date:2019, date:2019-03..2020.
#[derive(Debug, clap::Args)]
#[command(after_long_help = QUERY_HELP)]
pub struct SearchArgs {
    #[command(flatten)]
    selection: QueryArgs,

    #[command(flatten)]
    page: PageArgs,

    /// Show up to N passages of each article, best first, with a count of its other matching
    /// passages. In passage scope this needs --per-article.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    passages: u32,

    /// Passage scope: one hit per article, shown by its best matching passage(s); the total
    /// then counts articles that have a matching passage.
    #[arg(long)]
    per_article: bool,

    /// Match every word outside quotes with edits, for misspelt names: 1 edit for words of
    /// 3-5 characters, 2 for longer ones (as if written word~1, word~2).
    #[arg(long)]
    fuzzy: bool,

    #[command(flatten)]
    output: FormatArg,
}

const QUERY_HELP: &str = "\
Query syntax:
  drought water              both words (AND is the default; AND, OR, NOT only in capitals)
  drought OR flood           either word
  \"grain exports\"            the exact phrase, within one passage
  \"ceasefire talks\"~5        both words in that order with at most 5 words between them
                             (a swap costs 2; with 3+ words, 5 is shared by the gaps; N <= 100)
  negotiat*                  words starting with negotiat (at least 2 characters; at most 1024
                             different words of the index, else an error asks for a longer prefix)
  Guteres~  Guteres~2        words within 1 (2) edits of guteres: insert, delete, replace, or swap
                             two neighbours; ~1 needs 3+ characters, ~2 needs 5+; --fuzzy does
                             this for every word outside quotes
  \"peace negotiat*\"          * and ~ work on the words of a phrase too
  -strike  NOT strike        without the word
  (drought OR flood) -Kenya  grouping
  title:talks  country:PT  speaker:Solberg  id:2019/a.txt
  date:2019  date:2019-03..2020  date:2020..  date:..2019-06-30  -date:2020
                             dated in a period (YYYY, YYYY-MM, YYYY-MM-DD) or range; combines
                             with --from/--to by AND

Examples:
  dateline search ceasefire --speaker Solberg
  dateline search '\"grain exports\" -Ukraine' --from 2020 --to 2023-06 --facets
  dateline search drought --passages 3                  (up to 3 passages of each article)
  dateline search ceasefire --scope passage --per-article
  dateline search drought --country Kenya --format csv > drought.csv
  dateline search ceasefire --json | jq -r 'select(.type == \"hit\") | .article_id'
  dateline search '\"talks Almaty\"~1 date:2020..'
  dateline search 'negotiat* -date:2015' --facets
  dateline search 'Solbreg~ ceasefire' --scope passage
  dateline search 'Odhiambo drought' --fuzzy

Exit status: 0 matches found, 1 nothing matched, 2 error (bad query, bad option, no index).";

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ScopeArg {
    Article,
    Passage,
}

pub fn run(args: &SearchArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = args.selection.open()?;
    let request = args
        .page
        .apply(args.selection.request())
        .passages(args.passages as usize)
        .per_article(args.per_article)
        .fuzzy(args.fuzzy);
    let results = index.search(&request)?;
    let output = SearchOutput { request: &request, results: &results, info: index.info(), key_terms: None };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if results.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}
