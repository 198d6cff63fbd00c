//! `dateline kwic`: a concordance, every occurrence of the query's words and phrases with its
//! context, aligned on the match.

use std::io::{self, Write};

use dateline::{Concordance, ConcordanceLine, ConcordanceRequest, ConcordanceSort};
use serde::Serialize;

use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, counts, sanitize, IndexRef, Styler, DATE, LABEL};
use super::search::QueryArgs;
use super::{EXIT_NO_MATCH, EXIT_OK};

const AFTER_HELP: &str = "\
Examples:
  dateline kwic ceasefire
  dateline kwic ceasefire --sort left --width 30            (grouped by the words before it)
  dateline kwic '\"grain exports\"' --from 2020 --sort date
  dateline kwic drought --scope passage --speaker Odhiambo  (only passages quoting her)
  dateline kwic monitors --format csv > monitors.csv

Every occurrence is a line, several per passage if need be. In article scope (the default) the
occurrences come from every passage of the matching articles; in passage scope from the
passages that match the whole query. A phrase matches only where its words stand together.
--sort left orders by the words before the match read right to left (nearest first), right by
the words after it, date chronologically (then article and position).

Columns of csv, tsv and jsonl: article_id, date, passage, byte_start, byte_end (the match in the
article body), left, match, right, index_fingerprint.
Exit status: 0 occurrences found, 1 none, 2 error.";

/// Concordance (keyword in context): every occurrence of the query's words and phrases, with
/// the text around it, aligned on the match.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct KwicArgs {
    #[command(flatten)]
    selection: QueryArgs,

    /// Characters of context on each side of the match.
    #[arg(long, value_name = "N", default_value_t = 40)]
    width: usize,

    /// Order of the lines: date, left (words before the match, nearest first) or right (words after).
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    sort: SortArg,

    /// Show at most N lines, after sorting [default: all]
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,

    #[command(flatten)]
    output: FormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Date,
    Left,
    Right,
}

/// The columns of `kwic --format csv|tsv|jsonl`, in order.
pub const KWIC_COLUMNS: [&str; 9] =
    ["article_id", "date", "passage", "byte_start", "byte_end", "left", "match", "right", "index_fingerprint"];

/// One concordance line as the tables and JSON print it: [`KWIC_COLUMNS`].
#[derive(Serialize)]
struct Row<'a> {
    article_id: &'a str,
    date: String,
    passage: u32,
    byte_start: usize,
    byte_end: usize,
    left: &'a str,
    #[serde(rename = "match")]
    matched: &'a str,
    right: &'a str,
    index_fingerprint: &'a str,
}

impl<'a> Row<'a> {
    fn of(line: &'a ConcordanceLine, fingerprint: &'a str) -> Self {
        Row {
            article_id: &line.article_id,
            date: line.date.to_string(),
            passage: line.passage,
            byte_start: line.byte_range.start,
            byte_end: line.byte_range.end,
            left: &line.left,
            matched: &line.matched,
            right: &line.right,
            index_fingerprint: fingerprint,
        }
    }
}

/// A concordance as every format prints it.
struct KwicOutput<'a> {
    request: &'a ConcordanceRequest,
    concordance: &'a Concordance,
    info: &'a dateline::IndexInfo,
    /// Characters of context on each side, in text.
    width: usize,
}

impl Output for KwicOutput<'_> {
    const COLUMNS: &'static [&'static str] = &KWIC_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        print_text(out, self.concordance, self.width, style)
    }

    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        for line in &self.concordance.lines {
            lines.record(&Row::of(line, &self.info.fingerprint))?;
        }
        Ok(())
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: &'a str,
            index: IndexRef<'a>,
            total: usize,
            passages: usize,
            articles: usize,
            counts: &'static str,
            returned: usize,
            lines: Vec<Row<'a>>,
        }
        let concordance = self.concordance;
        let rows: Vec<Row> = concordance.lines.iter().map(|line| Row::of(line, &self.info.fingerprint)).collect();
        Document {
            query: &self.request.search.query,
            index: IndexRef::of(self.info),
            total: concordance.total,
            passages: concordance.passages,
            articles: concordance.articles,
            counts: counts(concordance.dedup),
            returned: rows.len(),
            lines: rows,
        }
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for line in &self.concordance.lines {
            table.serialize(&Row::of(line, &self.info.fingerprint))?;
        }
        Ok(())
    }
}

pub fn run(args: &KwicArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = args.selection.open()?;
    let mut request = ConcordanceRequest::new(args.selection.request()).width(args.width).sort(match args.sort {
        SortArg::Date => ConcordanceSort::Date,
        SortArg::Left => ConcordanceSort::Left,
        SortArg::Right => ConcordanceSort::Right,
    });
    request.limit = args.limit;
    let concordance = index.concordance(&request)?;
    let output = KwicOutput { request: &request, concordance: &concordance, info: index.info(), width: args.width };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if concordance.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}

/// One line per occurrence: date, article id and passage (`¶N`), then the left context
/// right-aligned to `width` characters so that every match starts in the same column, the
/// match (coloured, or between `**`), and the right context. A summary line ends the output.
fn print_text(out: &mut dyn Write, concordance: &Concordance, width: usize, style: Styler) -> io::Result<()> {
    let ids: Vec<String> = concordance.lines.iter().map(|line| sanitize(&line.article_id)).collect();
    let id_width = ids.iter().map(|id| id.chars().count()).max().unwrap_or(0);
    let places: Vec<String> = concordance.lines.iter().map(|line| format!("¶{}", line.passage)).collect();
    let place_width = places.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    for ((line, id), place) in concordance.lines.iter().zip(&ids).zip(&places) {
        // Pad before styling: escape codes have no width on screen.
        let id = style.styled(LABEL, &format!("{id:<id_width$}"));
        writeln!(
            out,
            "{}  {id}  {place:<place_width$}  {:>width$}{}{}",
            style.styled(DATE, &line.date.to_string()),
            sanitize(&line.left),
            style.matched(&sanitize(&line.matched)),
            sanitize(&line.right),
        )?;
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let shown = if concordance.lines.len() < concordance.total {
        format!(", showing {}", concordance.lines.len())
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} in {} of {}{shown}",
        plural(concordance.total, "occurrence"),
        plural(concordance.passages, "passage"),
        match concordance.dedup {
            true => format!(
                "{} (one article each)",
                match concordance.articles {
                    1 => "1 story".to_string(),
                    n => format!("{n} stories"),
                }
            ),
            false => plural(concordance.articles, "article"),
        },
    )
}
