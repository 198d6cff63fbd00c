//! `dateline facets`: how the matches of a query are spread over countries, speakers, years
//! or months.

use std::io::{self, Write};

use dateline::{FacetCount, FacetField, Scope};
use serde::Serialize;

use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, counts, sanitize, IndexRef, Styler, LABEL};
use super::search::QueryArgs;
use super::{EXIT_NO_MATCH, EXIT_OK};

const AFTER_HELP: &str = "\
Examples:
  dateline facets drought --field country
  dateline facets ceasefire --field speaker --scope passage    (who is quoted saying it)
  dateline facets '\"grain exports\"' --field year --from 2015
  dateline facets drought --field speaker --top 5 --format csv

Counts are of articles in article scope (the default) and of passages in passage scope. Speakers
are the article's speakers in article scope and the speakers quoted in each passage in passage
scope. Countries and speakers are listed most frequent first, years and months in date order;
--top N keeps the N most frequent values (in that order).

Columns of csv, tsv and jsonl: field, value, count, scope, total, index_fingerprint.
Exit status: 0 something matched, 1 nothing matched, 2 error.";

/// Count the matches of a query by country, speaker, year or month.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct FacetsArgs {
    #[command(flatten)]
    selection: QueryArgs,

    /// What to count by.
    #[arg(long, value_enum)]
    field: FieldArg,

    /// Show only the N most frequent values [default: all]
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    #[command(flatten)]
    output: FormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FieldArg {
    Country,
    Speaker,
    Year,
    Month,
}

impl FieldArg {
    fn field(self) -> FacetField {
        match self {
            FieldArg::Country => FacetField::Country,
            FieldArg::Speaker => FacetField::Speaker,
            FieldArg::Year => FacetField::Year,
            FieldArg::Month => FacetField::Month,
        }
    }

    fn name(self) -> &'static str {
        match self {
            FieldArg::Country => "country",
            FieldArg::Speaker => "speaker",
            FieldArg::Year => "year",
            FieldArg::Month => "month",
        }
    }
}

/// The columns of `facets --format csv|tsv|jsonl`, in order.
pub const FACET_COLUMNS: [&str; 6] = ["field", "value", "count", "scope", "total", "index_fingerprint"];

#[derive(Serialize)]
struct Row<'a> {
    field: &'a str,
    value: &'a str,
    count: u64,
    scope: Scope,
    total: u64,
    index_fingerprint: &'a str,
}

impl<'a> Row<'a> {
    fn of(field: &'a str, count: &'a FacetCount, scope: Scope, total: u64, index_fingerprint: &'a str) -> Self {
        Row { field, value: &count.value, count: count.count, scope, total, index_fingerprint }
    }
}

/// The counts of one facet as every format prints them.
struct FacetsOutput<'a> {
    query: &'a str,
    field: &'a str,
    scope: Scope,
    total: u64,
    /// The values shown, and how many more there are.
    counts: &'a [FacetCount],
    more: usize,
    info: &'a dateline::IndexInfo,
    /// Whether stories were counted (`--dedup`).
    dedup: bool,
}

impl FacetsOutput<'_> {
    fn row<'a>(&'a self, count: &'a FacetCount) -> Row<'a> {
        Row::of(self.field, count, self.scope, self.total, &self.info.fingerprint)
    }
}

impl Output for FacetsOutput<'_> {
    const COLUMNS: &'static [&'static str] = &FACET_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        print_text(out, self.field, (self.scope, self.dedup), self.total, self.counts, self.more, style)
    }

    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        self.counts.iter().try_for_each(|count| lines.record(&self.row(count)))
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: &'a str,
            field: &'a str,
            scope: Scope,
            total: u64,
            counts: &'static str,
            index: IndexRef<'a>,
            values: &'a [FacetCount],
            more_values: usize,
        }
        Document {
            query: self.query,
            field: self.field,
            scope: self.scope,
            total: self.total,
            counts: counts(self.dedup),
            index: IndexRef::of(self.info),
            values: self.counts,
            more_values: self.more,
        }
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        self.counts.iter().try_for_each(|count| table.serialize(&self.row(count)))
    }
}

pub fn run(args: &FacetsArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = args.selection.open()?;
    let request = args.selection.request().limit(0).facets(true);
    let results = index.search(&request)?;
    let facets = results.facets.unwrap_or_default();
    let field = args.field.field();
    let counts = facets.top(field, args.top);
    let output = FacetsOutput {
        query: &request.query,
        field: args.field.name(),
        scope: results.scope,
        total: results.total,
        counts: &counts,
        more: facets.get(field).len() - counts.len(),
        info: index.info(),
        dedup: results.dedup,
    };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if results.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Article => "article",
        Scope::Passage => "passage",
    }
}

/// The longest bar, in characters.
const BAR: usize = 40;

/// A heading with the total, then one aligned line per value: value, count, share of the
/// matches, and a bar proportional to the count.
fn print_text(
    out: &mut dyn Write,
    field: &str,
    (scope, dedup): (Scope, bool),
    total: u64,
    counts: &[FacetCount],
    more: usize,
    style: Styler,
) -> io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let unit = scope_name(scope);
    let (matching, once) = match (dedup, scope) {
        (true, Scope::Article) => {
            (format!("{total} matching {}", if total == 1 { "story" } else { "stories" }), ", copies counted once")
        }
        (true, Scope::Passage) => (plural(total as usize, "matching passage"), ", one article per story"),
        (false, _) => (plural(total as usize, &format!("matching {unit}")), ""),
    };
    let heading = format!("{field}: {} over {matching} (scope: {unit}{once})", plural(counts.len() + more, "value"));
    writeln!(out, "{}", style.styled(LABEL, &heading))?;
    let names: Vec<String> = counts.iter().map(|c| sanitize(&c.value)).collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let count_width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(0);
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0);
    for (count, name) in counts.iter().zip(&names) {
        let share = if total > 0 { count.count as f64 * 100.0 / total as f64 } else { 0.0 };
        let bar = if max > 0 { ((count.count as f64 / max as f64) * BAR as f64).round().max(1.0) as usize } else { 0 };
        writeln!(out, "{name:<name_width$}  {:>count_width$}  {share:>5.1}%  {}", count.count, "\u{2588}".repeat(bar))?;
    }
    if more > 0 {
        writeln!(out, "{}", style.styled(LABEL, &format!("(+{} not shown: raise --top)", plural(more, "value"))))?;
    }
    Ok(())
}
