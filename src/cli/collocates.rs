//! `dateline collocates`: the words that keep company with a word or phrase, ranked by an
//! association measure against the whole archive, overall or period by period.

use std::io::{self, Write};

use dateline::{CollocateTable, Collocates, CollocatesRequest, CollocationMeasure};
use serde::Serialize;

use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, IndexRef, Styler, HEADING, LABEL};
use super::search::QueryArgs;
use super::timeline::IntervalArg;
use super::words::{counted, fit, grouped, StopwordsArg};
use super::{EXIT_NO_MATCH, EXIT_OK};

const AFTER_HELP: &str = "\
Examples:
  dateline collocates refugees
  dateline collocates refugees --from 2015 --to 2015 --measure mi3 --min-freq 5
  dateline collocates '\"peace talks\"' --window 3 --stopwords en
  dateline collocates drought --left 0 --right 4          (only the words after it)
  dateline collocates refugees --by year --top 10         (a collocate's rise and fall)
  dateline collocates ceasefire --country Sudan --format csv > ceasefire.csv

For every occurrence of the query's words and phrases in the matching articles (a phrase where
its words stand together, a prefix as each word it starts), the words within the window are
counted, within the same passage or headline; the node's own words are not, and a word in the
windows of two occurrences counts once. Collocates are ranked against the whole archive:
  logdice  14 + log2(2 O / (f(node) + f(collocate)))      (Rychly 2008; the default)
  mi       log2(O / E)                               (Church & Hanks 1990)
  mi3      log2(O^3 / E)                             (Oakes 1998)
  t        (O - E) / sqrt(O)                         (Church et al. 1991)
  ll       log-likelihood G2, negative when O < E    (Dunning 1993)
where O is how often the collocate stands in the windows and E = W x f(collocate) / N the
frequency expected by chance (W words in the windows, N in the archive; Evert 2008).
Counts are exact: words as search analyses them, the archive as indexed.

Columns of csv, tsv and jsonl (one row per collocate and period; period `all` without --by):
period, collocate, frequency, left, right, collocate_frequency, node_frequency, window_words,
archive_words, measure, score, index_fingerprint.
Exit status: 0 collocates found, 1 none, 2 error.";

/// Collocations: the words that stand near a word or phrase more often than chance, ranked
/// by an association measure against the whole archive.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct CollocatesArgs {
    #[command(flatten)]
    selection: QueryArgs,

    /// Words counted on each side of an occurrence.
    #[arg(long, short = 'w', value_name = "N", default_value_t = 5, conflicts_with_all = ["left", "right"])]
    window: usize,

    /// Words counted before an occurrence [default: --window]
    #[arg(long, value_name = "N")]
    left: Option<usize>,

    /// Words counted after an occurrence [default: --window]
    #[arg(long, value_name = "N")]
    right: Option<usize>,

    /// The association measure collocates are ranked by.
    #[arg(long, value_enum, default_value_t = MeasureArg::Logdice)]
    measure: MeasureArg,

    /// Leave out collocates seen fewer than N times in the windows.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
    min_freq: u64,

    /// Show the best N collocates (of each period with --by); 0 for all.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 25)]
    top: usize,

    /// Also count each period on its own.
    #[arg(long, value_enum, value_name = "PERIOD")]
    by: Option<IntervalArg>,

    #[command(flatten)]
    stopwords: StopwordsArg,

    #[command(flatten)]
    output: FormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MeasureArg {
    Logdice,
    Mi,
    Mi3,
    T,
    Ll,
}

impl From<MeasureArg> for CollocationMeasure {
    fn from(measure: MeasureArg) -> CollocationMeasure {
        match measure {
            MeasureArg::Logdice => CollocationMeasure::LogDice,
            MeasureArg::Mi => CollocationMeasure::Mi,
            MeasureArg::Mi3 => CollocationMeasure::Mi3,
            MeasureArg::T => CollocationMeasure::T,
            MeasureArg::Ll => CollocationMeasure::Ll,
        }
    }
}

pub const COLLOCATES_COLUMNS: [&str; 12] = [
    "period", "collocate", "frequency", "left", "right", "collocate_frequency", "node_frequency", "window_words",
    "archive_words", "measure", "score", "index_fingerprint",
];

struct CollocatesOutput<'a> {
    query: &'a str,
    collocates: &'a Collocates,
    info: &'a dateline::IndexInfo,
}

/// One collocate of one table, as the records and rows print it.
#[derive(Serialize)]
struct Row<'a> {
    period: &'a str,
    collocate: &'a str,
    frequency: u64,
    left: u64,
    right: u64,
    collocate_frequency: u64,
    node_frequency: u64,
    window_words: u64,
    archive_words: u64,
    measure: &'static str,
    score: f64,
    index_fingerprint: &'a str,
}

impl CollocatesOutput<'_> {
    /// The tables shown: one per period with --by, else the one of all articles.
    fn tables(&self) -> &[CollocateTable] {
        match self.collocates.periods.is_empty() {
            true => std::slice::from_ref(&self.collocates.all),
            false => &self.collocates.periods,
        }
    }

    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let measure = self.collocates.measure.name();
        self.tables().iter().flat_map(move |table| {
            table.collocates.iter().map(move |c| Row {
                period: &table.label,
                collocate: &c.word,
                frequency: c.frequency,
                left: c.left,
                right: c.right,
                collocate_frequency: c.archive_frequency,
                node_frequency: table.node_frequency,
                window_words: table.window_words,
                archive_words: self.collocates.archive_words,
                measure,
                score: c.score,
                index_fingerprint: &self.info.fingerprint,
            })
        })
    }
}

impl Output for CollocatesOutput<'_> {
    const COLUMNS: &'static [&'static str] = &COLLOCATES_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        let c = self.collocates;
        let about = format!(
            "collocates of `{}`: {}; {} left, {} right; seen at least {} times",
            fit(self.query, 24),
            c.measure.name(),
            c.left,
            c.right,
            c.min_freq
        );
        writeln!(out, "{}", style.styled(LABEL, &about))?;
        let archive = format!("against an archive of {}", counted(c.archive_words, "word"));
        writeln!(out, "{}", style.styled(LABEL, &archive))?;
        for table in self.tables() {
            writeln!(out)?;
            if !c.periods.is_empty() {
                writeln!(out, "{}", style.styled(HEADING, &table.label))?;
            }
            for line in table_summary(table).lines() {
                writeln!(out, "{}", style.styled(LABEL, line))?;
            }
            if table.collocates.is_empty() {
                continue;
            }
            let header = format!(
                "{:<20}  {:>8}  {:>7}  {:>7}  {:>12}  {:>9}",
                "collocate",
                "freq",
                "left",
                "right",
                "in archive",
                c.measure.name()
            );
            writeln!(out, "{}", style.styled(LABEL, &header))?;
            for collocate in &table.collocates {
                writeln!(
                    out,
                    "{:<20}  {:>8}  {:>7}  {:>7}  {:>12}  {:>9.2}",
                    fit(&collocate.word, 20),
                    grouped(collocate.frequency),
                    grouped(collocate.left),
                    grouped(collocate.right),
                    grouped(collocate.archive_frequency),
                    collocate.score
                )?;
            }
        }
        if c.periods.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        let read = match (c.dedup, c.all.articles) {
            (false, n) => counted(n as u64, "article"),
            (true, 1) => "1 story".to_string(),
            (true, n) => format!("{} stories", grouped(n as u64)),
        };
        let all = format!("all periods: {} in {read}", counted(c.all.node_frequency, "occurrence"));
        writeln!(out, "{}", style.styled(LABEL, &all))
    }

    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        self.rows().try_for_each(|row| lines.record(&row))
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: &'a str,
            index: IndexRef<'a>,
            #[serde(flatten)]
            collocates: &'a Collocates,
        }
        Document { query: self.query, index: IndexRef::of(self.info), collocates: self.collocates }
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for row in self.rows() {
            table.serialize(&row)?;
        }
        Ok(())
    }
}

/// What a table counted: the occurrences and windows, then how many collocates (and shown).
fn table_summary(table: &CollocateTable) -> String {
    let mut summary = format!(
        "{} in {}, {} in the windows\n{}",
        counted(table.node_frequency, "occurrence"),
        counted(table.articles as u64, "article"),
        counted(table.window_words, "word"),
        counted(table.candidates as u64, "collocate"),
    );
    if table.collocates.len() < table.candidates {
        summary.push_str(&format!(", the best {} shown", table.collocates.len()));
    }
    summary
}

pub fn run(args: &CollocatesArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let archive = args.selection.open()?;
    let index = archive.word_statistics()?;
    let search = args.selection.request();
    let query = search.query.clone();
    let mut request = CollocatesRequest::new(search)
        .sides(args.left.unwrap_or(args.window), args.right.unwrap_or(args.window))
        .measure(args.measure.into())
        .min_freq(args.min_freq)
        .limit((args.top > 0).then_some(args.top));
    if let Some(by) = args.by {
        request = request.by(by.into());
    }
    if let Some(list) = args.stopwords.list() {
        request = request.stopwords(list);
    }
    let collocates = index.collocates(&request)?;
    let output = CollocatesOutput { query: &query, collocates: &collocates, info: index.info() };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if collocates.all.candidates > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}
