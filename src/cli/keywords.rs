//! `dateline keywords`: the words over- or under-represented in a set of articles against a
//! reference set, with both frequencies, rates per million words, a score and an effect size.

use std::io::{self, Write};

use dateline::{KeynessMeasure, Keywords, KeywordsRequest, SearchRequest};
use serde::Serialize;

use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, IndexRef, Styler, LABEL};
use super::search::FilterArgs;
use super::words::{counted, fit, grouped, StopwordsArg};
use super::{IndexLocation, EXIT_NO_MATCH, EXIT_OK};
use dateline::Period;

const AFTER_HELP: &str = "\
Examples:
  dateline keywords refugees --from 2022 --to 2022                 (against the rest)
  dateline keywords refugees --from 2022 --to 2022 --reference-from 2015 --reference-to 2015
  dateline keywords 'country:Sudan' --reference 'country:Chad' --stopwords en
  dateline keywords drought --negative                             (what drought coverage lacks)
  dateline keywords ceasefire --measure logratio --min-freq 10 --format csv > keywords.csv

The target is the articles matching QUERY and the filters. The reference is the rest of the
archive, or the articles matching the same request with the --reference query and/or the
--reference-from/--reference-to period in place of the target's (less the target's articles:
no article is on both sides). A word's frequency is how often it occurs in the sets' headlines
and bodies, as search analyses words; per million words normalises by each set's size.
  ll        log-likelihood G2 over the 2x2 table          (Dunning 1993; the default)
  chi2      Pearson's chi-squared, no continuity correction
  logratio  log2 of the ratio of relative frequencies, 0 counted as 0.5   (Hardie 2014)
log_ratio is always given as the effect size: +1 is twice as frequent in the target.
Counts are exact: the archive as indexed, not a sample.

Columns of csv, tsv and jsonl: keyword, target_frequency, reference_frequency,
target_per_million, reference_per_million, measure, score, log_ratio, target_words,
reference_words, index_fingerprint.
Exit status: 0 keywords found, 1 none, 2 error.";

/// Keywords: the words over-represented in the articles matching a query against a reference
/// set (the rest of the archive, another query or another period).
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct KeywordsArgs {
    /// The target set: articles matching this query (the syntax of `search`).
    #[arg(allow_hyphen_values = true)]
    query: String,

    #[command(flatten)]
    location: IndexLocation,

    #[command(flatten)]
    filters: FilterArgs,

    /// The reference set: articles matching this query instead of the target's (with the
    /// same filters) [default: the rest of the archive]
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    reference: Option<String>,

    /// The reference set: dated on or after this instead of --from.
    #[arg(long, value_name = "DATE")]
    reference_from: Option<Period>,

    /// The reference set: dated on or before this instead of --to.
    #[arg(long, value_name = "DATE")]
    reference_to: Option<Period>,

    /// The measure keywords are ranked by.
    #[arg(long, value_enum, default_value_t = MeasureArg::Ll)]
    measure: MeasureArg,

    /// List the words under-represented in the target instead.
    #[arg(long)]
    negative: bool,

    /// Leave out words seen fewer than N times on the side they are over-represented in.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    min_freq: u64,

    /// Show the best N keywords; 0 for all.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 25)]
    top: usize,

    #[command(flatten)]
    stopwords: StopwordsArg,

    #[command(flatten)]
    output: FormatArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MeasureArg {
    Ll,
    Logratio,
    Chi2,
}

impl From<MeasureArg> for KeynessMeasure {
    fn from(measure: MeasureArg) -> KeynessMeasure {
        match measure {
            MeasureArg::Ll => KeynessMeasure::Ll,
            MeasureArg::Logratio => KeynessMeasure::LogRatio,
            MeasureArg::Chi2 => KeynessMeasure::Chi2,
        }
    }
}

pub const KEYWORDS_COLUMNS: [&str; 11] = [
    "keyword", "target_frequency", "reference_frequency", "target_per_million", "reference_per_million", "measure",
    "score", "log_ratio", "target_words", "reference_words", "index_fingerprint",
];

struct KeywordsOutput<'a> {
    query: &'a str,
    /// The target set, as the text output names it.
    target: String,
    /// The reference set, as the text output names it.
    reference: String,
    keywords: &'a Keywords,
    info: &'a dateline::IndexInfo,
}

#[derive(Serialize)]
struct Row<'a> {
    keyword: &'a str,
    target_frequency: u64,
    reference_frequency: u64,
    target_per_million: f64,
    reference_per_million: f64,
    measure: &'static str,
    score: f64,
    log_ratio: f64,
    target_words: u64,
    reference_words: u64,
    index_fingerprint: &'a str,
}

impl KeywordsOutput<'_> {
    fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        let k = self.keywords;
        k.keywords.iter().map(move |word| Row {
            keyword: &word.word,
            target_frequency: word.target_frequency,
            reference_frequency: word.reference_frequency,
            target_per_million: word.target_per_million,
            reference_per_million: word.reference_per_million,
            measure: k.measure.name(),
            score: word.score,
            log_ratio: word.log_ratio,
            target_words: k.target_words,
            reference_words: k.reference_words,
            index_fingerprint: &self.info.fingerprint,
        })
    }
}

impl Output for KeywordsOutput<'_> {
    const COLUMNS: &'static [&'static str] = &KEYWORDS_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        let k = self.keywords;
        let direction = if k.negative { "words under-represented" } else { "keywords" };
        let about = format!("{direction} by {}, seen at least {} times", k.measure.name(), k.min_freq);
        writeln!(out, "{}", style.styled(LABEL, &about))?;
        let sets = [
            ("target", &self.target, k.target_articles, k.target_words),
            ("reference", &self.reference, k.reference_articles, k.reference_words),
        ];
        for (side, description, articles, words) in sets {
            writeln!(out, "{}", style.styled(LABEL, &format!("{side:<10} {description}")))?;
            let size = format!("{:<10} {}, {}", "", counted(articles as u64, "article"), counted(words, "word"));
            writeln!(out, "{}", style.styled(LABEL, &size))?;
        }
        if !k.keywords.is_empty() {
            writeln!(out)?;
            let header = format!(
                "{:<18}  {:>9}  {:>8}  {:>10}  {:>8}  {:>9}  {:>5}",
                "keyword",
                "target",
                "per mil",
                "reference",
                "per mil",
                k.measure.name(),
                "log r"
            );
            writeln!(out, "{}", style.styled(LABEL, &header))?;
            for word in &k.keywords {
                writeln!(
                    out,
                    "{:<18}  {:>9}  {:>8.1}  {:>10}  {:>8.1}  {:>9.2}  {:>5.2}",
                    fit(&word.word, 18),
                    grouped(word.target_frequency),
                    word.target_per_million,
                    grouped(word.reference_frequency),
                    word.reference_per_million,
                    word.score,
                    word.log_ratio
                )?;
            }
        }
        writeln!(out)?;
        let shown = if k.keywords.len() < k.candidates {
            format!(", the best {} shown", k.keywords.len())
        } else {
            String::new()
        };
        let found = match (k.negative, k.candidates) {
            (false, 1) => "1 keyword".to_string(),
            (false, n) => format!("{} keywords", grouped(n as u64)),
            (true, 1) => "1 word under-represented".to_string(),
            (true, n) => format!("{} words under-represented", grouped(n as u64)),
        };
        let line = format!("{found}{shown}");
        writeln!(out, "{}", style.styled(LABEL, &line))
    }

    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        self.rows().try_for_each(|row| lines.record(&row))
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: &'a str,
            reference: &'a str,
            index: IndexRef<'a>,
            #[serde(flatten)]
            keywords: &'a Keywords,
        }
        Document {
            query: self.query,
            reference: &self.reference,
            index: IndexRef::of(self.info),
            keywords: self.keywords,
        }
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for row in self.rows() {
            table.serialize(&row)?;
        }
        Ok(())
    }
}

pub fn run(args: &KeywordsArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = dateline::Index::open(args.location.path())?;
    let target = args.filters.apply(SearchRequest::new(args.query.clone()));
    let mut request = KeywordsRequest::new(target.clone())
        .measure(args.measure.into())
        .min_freq(args.min_freq)
        .limit((args.top > 0).then_some(args.top))
        .negative(args.negative);
    let mut reference = "the rest of the archive".to_string();
    if args.reference.is_some() || args.reference_from.is_some() || args.reference_to.is_some() {
        let mut other = target;
        if let Some(query) = &args.reference {
            other.query = query.clone();
        }
        if args.reference_from.is_some() || args.reference_to.is_some() {
            other.from = args.reference_from;
            other.to = args.reference_to;
        }
        reference = describe(&other);
        request = request.reference(other);
    }
    if let Some(list) = args.stopwords.list() {
        request = request.stopwords(list);
    }
    let keywords = index.keywords(&request)?;
    let output = KeywordsOutput {
        query: &args.query,
        target: describe(&request.target),
        reference,
        keywords: &keywords,
        info: index.info(),
    };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if keywords.keywords.is_empty() { EXIT_NO_MATCH } else { EXIT_OK })
}

/// A reference request in a few words: its query and period.
fn describe(request: &SearchRequest) -> String {
    let period = match (request.from, request.to) {
        (None, None) => String::new(),
        (Some(from), None) => format!(" from {}", from.first),
        (None, Some(to)) => format!(" to {}", to.last),
        (Some(from), Some(to)) => format!(" {}..{}", from.first, to.last),
    };
    format!("`{}`{period}", fit(&request.query, 30))
}
