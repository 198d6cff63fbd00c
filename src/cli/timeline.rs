//! `dateline timeline`: matching articles per year, month or ISO week, as a bar chart in the
//! terminal, a table or JSON for plotting elsewhere, and SVG or PNG charts for a paper.
//!
//! Tables (`--format csv|tsv`) have the columns of [`COLUMNS`], one row per series and bucket;
//! JSON Lines has one `{"type":"point", ...}` record per row (the same fields, without the
//! fingerprint) and then one `{"type":"summary", ...}` record; `--format json` is one document
//! `{"summary": {...}, "points": [...]}`.

use std::io::{self, Write};
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use anyhow::Context;
use dateline::{Interval, Point, Scope, SplitBy, Timeline, TimelineRequest};
use serde::Serialize;

use super::chart::{self, ChartSize, Metric};
use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{counts, sanitize, IndexRef, Styler};
use super::search::QueryArgs;
use super::{EXIT_NO_MATCH, EXIT_OK};

/// The columns of `timeline --format csv|tsv`, in order.
pub const COLUMNS: [&str; 8] =
    ["bucket", "start", "end", "series", "articles", "bucket_articles", "per_1000", "index_fingerprint"];

/// What `per_1000` divides by, said once in every output.
const DENOMINATOR: &str =
    "per_1000 = articles / bucket_articles * 1000; bucket_articles = all articles of the archive dated from start to end";

const EXAMPLES: &str = "\
Examples:
  dateline timeline drought --by year
  dateline timeline ceasefire --by month --from 2020 --to 2021-06 --country Armenia
  dateline timeline '\"grain exports\"' --by year --split-by country --top 3
  dateline timeline drought --by week --from 2023-01 --to 2023-03 --format csv > drought.csv
  dateline timeline drought --split-by speaker --svg drought.svg --png drought.png --size 1600x800
  dateline timeline drought --metric articles --format json | jq '.points[] | [.bucket, .articles]'

Counts ARTICLES (in passage scope: articles with a passage holding the whole query). per 1,000
is per 1,000 articles of the whole archive dated in the bucket, whatever the query, --country,
--speaker and --split-by: a growing archive does not look like growing attention, and split
series are comparable. Every bucket from the first to the last is shown, zeros included.
Weeks are ISO 8601 weeks (Monday to Sunday; 2021-01-01 is in 2020-W53).
Columns of --format csv|tsv: bucket, start, end, series, articles, bucket_articles, per_1000,
index_fingerprint (per_1000 is empty when the archive has no article in the bucket).
Exit status: 0 when some article matches, 1 when none does, 2 on error.";

/// Count matching articles per year, month or ISO week, normalised per 1,000 articles of the
/// archive in the same bucket, and draw them.
///
/// The text output is one row per bucket: its label, the matching articles, all articles of
/// the archive in the bucket, matches per 1,000 of those, and a bar. --split-by draws one
/// block per country or speaker: the --top values with the most matches, and `other` for the
/// matching articles with none of them (an article with several values counts in each).
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXAMPLES)]
pub struct TimelineArgs {
    /// The query and the filters, as for `dateline search`; --from and --to also give the
    /// first and last buckets [default: those of the first and last match].
    #[command(flatten)]
    selection: QueryArgs,

    /// The bucket width: calendar year, calendar month, or ISO 8601 week (Monday to Sunday).
    #[arg(long, value_enum, default_value_t = IntervalArg::Month)]
    by: IntervalArg,

    /// One series per country or per speaker of the matching articles.
    #[arg(long, value_enum, value_name = "FACET")]
    split_by: Option<SplitArg>,

    /// With --split-by: how many values get a series (those with the most matching articles).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..), requires = "split_by")]
    top: u64,

    /// With --split-by: leave out the series `other` (matching articles with none of the top values).
    #[arg(long, requires = "split_by")]
    no_other: bool,

    /// What the bars and charts draw: per-1000 (matches per 1,000 articles of the archive in
    /// the bucket) or articles (raw counts). Tables always give both.
    #[arg(long, value_enum, default_value_t = Metric::Per1000)]
    metric: Metric,

    #[command(flatten)]
    output: FormatArg,

    /// Also draw the chart as SVG into FILE.
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,

    /// Also draw the chart as PNG into FILE.
    #[arg(long, value_name = "FILE")]
    png: Option<PathBuf>,

    /// The size of the --svg and --png charts, in pixels.
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "1200x600")]
    size: ChartSize,

    /// The title of the --svg and --png charts [default: the query, the metric and the interval].
    #[arg(long)]
    title: Option<String>,
}

/// `--by`: a calendar interval.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum IntervalArg {
    Year,
    Month,
    Week,
}

impl From<IntervalArg> for Interval {
    fn from(interval: IntervalArg) -> Interval {
        match interval {
            IntervalArg::Year => Interval::Year,
            IntervalArg::Month => Interval::Month,
            IntervalArg::Week => Interval::Week,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    Country,
    Speaker,
}

pub fn run(args: &TimelineArgs, colored: bool) -> anyhow::Result<u8> {
    let index = args.selection.open()?;
    let mut request = TimelineRequest::new(args.selection.request()).by(args.by.into());
    request.split_by = args.split_by.map(|s| match s {
        SplitArg::Country => SplitBy::Country,
        SplitArg::Speaker => SplitBy::Speaker,
    });
    request.top = usize::try_from(args.top).unwrap_or(usize::MAX);
    request.other = !args.no_other;
    let timeline = index.timeline(&request)?;

    let title =
        args.title.clone().unwrap_or_else(|| chart::default_title(&request.search.query, &timeline, args.metric));
    for (path, kind) in [(&args.svg, chart::Kind::Svg), (&args.png, chart::Kind::Png)] {
        if let Some(path) = path {
            chart::draw(kind, path, args.size, &title, &timeline, args.metric)
                .with_context(|| format!("cannot draw the chart into {}", path.display()))?;
            eprintln!("dateline: wrote {}", path.display());
        }
    }

    let output = TimelineOutput { request: &request, timeline: &timeline, info: index.info(), metric: args.metric };
    format::emit(&output, args.output.format(), colored)?;
    Ok(if timeline.total > 0 { EXIT_OK } else { EXIT_NO_MATCH })
}

/// A timeline as every format prints it.
struct TimelineOutput<'a> {
    request: &'a TimelineRequest,
    timeline: &'a Timeline,
    info: &'a dateline::IndexInfo,
    /// What the text chart's bars show.
    metric: Metric,
}

impl Output for TimelineOutput<'_> {
    const COLUMNS: &'static [&'static str] = &COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        TextChart { out, style, metric: self.metric }.print(self.request, self.timeline, self.info)
    }

    /// One record per point, then the summary.
    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        for point in self.timeline.points() {
            lines.record(&Record::Point(Row::from(point)))?;
        }
        lines.record(&Record::Summary(Summary::new(self.request, self.timeline, IndexRef::of(self.info))))
    }

    fn json(&self) -> impl Serialize + '_ {
        let points: Vec<Row> = self.timeline.points().map(Row::from).collect();
        let summary = Summary::new(self.request, self.timeline, IndexRef::of(self.info));
        serde_json::json!({ "summary": summary, "points": points })
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for point in self.timeline.points() {
            table.row([
                point.bucket.label.clone(),
                point.bucket.start.to_string(),
                point.bucket.end.to_string(),
                point.series.to_string(),
                point.articles.to_string(),
                point.bucket.bucket_articles.to_string(),
                point.per_1000.map(|v| v.to_string()).unwrap_or_default(),
                self.info.fingerprint.clone(),
            ])?;
        }
        Ok(())
    }
}

/// One point of JSON output: a table row without the fingerprint (which is in the summary).
#[derive(Serialize)]
struct Row<'a> {
    bucket: &'a str,
    start: String,
    end: String,
    series: &'a str,
    articles: u64,
    bucket_articles: u64,
    per_1000: Option<f64>,
}

impl<'a> From<Point<'a>> for Row<'a> {
    fn from(point: Point<'a>) -> Row<'a> {
        Row {
            bucket: &point.bucket.label,
            start: point.bucket.start.to_string(),
            end: point.bucket.end.to_string(),
            series: point.series,
            articles: point.articles,
            bucket_articles: point.bucket.bucket_articles,
            per_1000: point.per_1000,
        }
    }
}

#[derive(Serialize)]
struct SeriesSummary<'a> {
    name: &'a str,
    other: bool,
    total: u64,
}

#[derive(Serialize)]
struct Summary<'a> {
    query: &'a str,
    scope: Scope,
    interval: Interval,
    split_by: Option<SplitBy>,
    /// Matching articles in all, each counted once.
    total: u64,
    buckets: usize,
    series: Vec<SeriesSummary<'a>>,
    denominator: &'static str,
    counts: &'static str,
    index: IndexRef<'a>,
}

impl<'a> Summary<'a> {
    fn new(request: &'a TimelineRequest, timeline: &'a Timeline, index: IndexRef<'a>) -> Summary<'a> {
        Summary {
            query: &request.search.query,
            scope: request.search.scope,
            interval: timeline.interval,
            split_by: timeline.split_by,
            total: timeline.total,
            buckets: timeline.buckets.len(),
            series: timeline
                .series
                .iter()
                .map(|s| SeriesSummary { name: &s.name, other: s.other, total: s.total })
                .collect(),
            denominator: DENOMINATOR,
            counts: counts(timeline.dedup),
            index,
        }
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Point(Row<'a>),
    Summary(Summary<'a>),
}

/// The bar chart for the terminal: one row per bucket, readable at 80 columns.
struct TextChart<'w> {
    out: &'w mut dyn Write,
    style: Styler,
    metric: Metric,
}

/// Columns left of the bar: label 8, articles 9, archive 9, per 1,000 11, and two spaces.
const BAR_WIDTH: usize = 38;
const BAR: Style = AnsiColor::Cyan.on_default();
const HEADING: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// A bar of `value / max` of `width` cells, with eighth blocks for the last cell.
fn bar(value: f64, max: f64, width: usize) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (width * 8) as f64).round().max(1.0) as usize;
    let mut bar = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    bar.push_str(PARTS[eighths % 8]);
    bar
}

fn per_1000_text(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.1}"))
}

impl TextChart<'_> {
    fn styled(&self, style: Style, text: &str) -> String {
        self.style.styled(style, text)
    }

    fn value(&self, point: &Point) -> f64 {
        match self.metric {
            Metric::Per1000 => point.per_1000.unwrap_or(0.0),
            Metric::Articles => point.articles as f64,
        }
    }

    fn print(self, request: &TimelineRequest, timeline: &Timeline, info: &dateline::IndexInfo) -> io::Result<()> {
        let unit = match timeline.interval {
            Interval::Year => "year",
            Interval::Month => "month",
            Interval::Week => "ISO week",
        };
        if timeline.buckets.is_empty() {
            writeln!(self.out, "no article matches \"{}\"", sanitize(&request.search.query))?;
            return Ok(());
        }
        let max = timeline.points().map(|p| self.value(&p)).fold(0.0, f64::max);
        let (first, last) = (&timeline.buckets[0], &timeline.buckets[timeline.buckets.len() - 1]);
        let drawn = match self.metric {
            Metric::Per1000 => format!("per 1,000 archive articles (full bar {max:.1})"),
            Metric::Articles => format!("matching articles (full bar {max})"),
        };
        let heading = format!("\"{}\" by {unit}, {} to {}", sanitize(&request.search.query), first.label, last.label);
        writeln!(self.out, "{}", self.styled(HEADING, &heading))?;
        writeln!(self.out, "{}", self.styled(DIM, &format!("bars: {drawn}")))?;
        if timeline.dedup {
            let note = "copies counted once: each story in the bucket of its earliest matching article";
            writeln!(self.out, "{}", self.styled(DIM, note))?;
        }
        for series in &timeline.series {
            if timeline.split_by.is_some() {
                writeln!(self.out)?;
                let plural = if series.total == 1 { "" } else { "s" };
                let name = format!("{}: {} matching article{plural}", sanitize(&series.name), series.total);
                writeln!(self.out, "{}", self.styled(HEADING, &name))?;
            }
            let header = format!(
                "{:<8} {:>8} {:>8} {:>10}  {}",
                unit.trim_start_matches("ISO "),
                "articles",
                "archive",
                "per 1,000",
                ""
            );
            writeln!(self.out, "{}", self.styled(DIM, header.trim_end()))?;
            for (bucket, &articles) in timeline.buckets.iter().zip(&series.articles) {
                let point = Point {
                    series: &series.name,
                    bucket,
                    articles,
                    per_1000: dateline::per_1000(articles, bucket.bucket_articles),
                };
                let bar = bar(self.value(&point), max, BAR_WIDTH);
                let row = format!(
                    "{:<8} {:>8} {:>8} {:>10}  ",
                    point.bucket.label,
                    point.articles,
                    point.bucket.bucket_articles,
                    per_1000_text(point.per_1000)
                );
                if bar.is_empty() {
                    writeln!(self.out, "{}", row.trim_end())?;
                } else {
                    writeln!(self.out, "{row}{}", self.styled(BAR, &bar))?;
                }
            }
        }
        writeln!(self.out)?;
        let plural = if timeline.total == 1 { "" } else { "s" };
        let archive: u64 = timeline.buckets.iter().map(|b| b.bucket_articles).sum();
        writeln!(
            self.out,
            "{} matching article{plural} of {archive} in the archive, {} to {}",
            timeline.total, first.start, last.end
        )?;
        writeln!(self.out, "per 1,000 = matching articles per 1,000 archive articles dated in the bucket")?;
        if timeline.split_by.is_some() {
            writeln!(self.out, "an article counts in each of its values; other = none of the top values")?;
        }
        writeln!(self.out, "index {}, committed {}", info.fingerprint, info.committed_at)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_maximum_with_eighths() {
        assert_eq!(bar(10.0, 10.0, 4), "████");
        assert_eq!(bar(5.0, 10.0, 4), "██");
        assert_eq!(bar(1.0, 8.0, 1), "▏");
        assert_eq!(bar(0.0, 10.0, 4), "");
        assert_eq!(bar(0.001, 10.0, 4), "▏", "a non-zero value is never invisible");
    }
}
