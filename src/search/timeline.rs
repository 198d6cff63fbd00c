//! Timelines: how many articles match a query in each year, month or ISO week, next to how
//! many articles the archive holds in that bucket, so that a growing archive does not look
//! like growing attention.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::query::BooleanQuery;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::articles::{article_of, facet_values};
use super::stories::Pick;
use super::Index;
use super::{add_counts, sum_counts, Compiled, DayCounts, Scope, SearchRequest};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::index::schema::field;

/// The width of a timeline's buckets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar years, labelled `2020`.
    Year,
    /// Calendar months, labelled `2020-03`.
    #[default]
    Month,
    /// ISO 8601 weeks, Monday to Sunday, labelled `2020-W09` (ISO week-numbering year).
    Week,
}

impl Interval {
    /// The bucket holding `day`: its label, first and last day.
    pub fn bucket_of(self, day: Date) -> (String, Date, Date) {
        let d = to_time(day);
        match self {
            Interval::Year => {
                let (first, last) = (ymd(d.year(), 1, 1), ymd(d.year(), 12, 31));
                (format!("{:04}", d.year()), first, last)
            }
            Interval::Month => {
                let days = time::util::days_in_month(d.month(), d.year());
                let (first, last) = (ymd(d.year(), d.month() as u8, 1), ymd(d.year(), d.month() as u8, days));
                (format!("{:04}-{:02}", d.year(), d.month() as u8), first, last)
            }
            Interval::Week => {
                let (year, week, _) = d.to_iso_week_date();
                let monday = d - time::Duration::days(i64::from(d.weekday().number_days_from_monday()));
                let sunday = monday + time::Duration::days(6);
                (format!("{year:04}-W{week:02}"), from_time(monday), from_time(sunday))
            }
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Interval::Year => "year",
            Interval::Month => "month",
            Interval::Week => "week",
        })
    }
}

impl FromStr for Interval {
    type Err = Error;

    fn from_str(text: &str) -> Result<Interval> {
        match text.to_ascii_lowercase().as_str() {
            "year" => Ok(Interval::Year),
            "month" => Ok(Interval::Month),
            "week" => Ok(Interval::Week),
            _ => Err(Error::UnknownInterval { text: text.to_string() }),
        }
    }
}

/// What a split timeline draws one series for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SplitBy {
    /// The article's countries.
    Country,
    /// The article's speakers (everyone quoted in it, in both scopes).
    Speaker,
}

impl SplitBy {
    fn facet_field(self) -> &'static str {
        match self {
            SplitBy::Country => field::COUNTRY,
            SplitBy::Speaker => field::SPEAKER,
        }
    }
}

/// A timeline to draw: a query and filters as for a search, the bucket width, and an
/// optional split into one series per country or speaker.
///
/// ```no_run
/// use dateline::{Index, Interval, SearchRequest, SplitBy, TimelineRequest};
///
/// let index = Index::open("my-index")?;
/// let request = TimelineRequest::new(SearchRequest::new("drought")).by(Interval::Year).split_by(SplitBy::Country).top(3);
/// for point in index.timeline(&request)?.points() {
///     println!("{} {} {} {:?}", point.series, point.bucket.label, point.articles, point.per_1000);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TimelineRequest {
    /// The query, scope and filters that select the articles counted: article scope (every
    /// word anywhere in the article) or passage scope (the whole query in one passage), and
    /// articles are counted in both; `from` and `to` also give the first and last buckets.
    /// Its limit, offset, facets and passages are not used.
    pub search: SearchRequest,
    /// The bucket width.
    pub interval: Interval,
    /// One series per value of this facet, instead of one series `all`.
    pub split_by: Option<SplitBy>,
    /// With `split_by`: how many values get a series (those with the most matching articles,
    /// ties by name).
    pub top: usize,
    /// With `split_by`: whether to add a series `other` counting the matching articles that
    /// have none of the top values (including articles with no value at all).
    pub other: bool,
}

impl TimelineRequest {
    /// A monthly timeline of the articles `search` selects, no split (top 5 and `other`
    /// when split).
    pub fn new(search: SearchRequest) -> TimelineRequest {
        TimelineRequest { search, interval: Interval::Month, split_by: None, top: 5, other: true }
    }

    /// Sets the bucket width.
    pub fn by(mut self, interval: Interval) -> Self {
        self.interval = interval;
        self
    }

    /// Splits the timeline into one series per country or speaker.
    pub fn split_by(mut self, split: SplitBy) -> Self {
        self.split_by = Some(split);
        self
    }

    /// Sets how many values of a split get a series.
    pub fn top(mut self, top: usize) -> Self {
        self.top = top;
        self
    }

    /// Sets whether a split adds the series `other`.
    pub fn other(mut self, other: bool) -> Self {
        self.other = other;
        self
    }
}

/// One bucket of a timeline: a year, month or ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Bucket {
    /// `2020`, `2020-03` or `2020-W09`.
    pub label: String,
    /// The first day counted: the bucket's first day, or `from` when it cuts the bucket.
    pub start: Date,
    /// The last day counted: the bucket's last day, or `to` when it cuts the bucket.
    pub end: Date,
    /// Matching articles in the bucket (each counted once, whatever the split).
    pub articles: u64,
    /// All articles of the archive dated between `start` and `end`: the denominator.
    pub bucket_articles: u64,
}

/// One line of a timeline: matching articles per bucket, aligned with [`Timeline::buckets`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Series {
    /// `all` without a split; else the country or speaker, or `other`.
    pub name: String,
    /// Whether this is the `other` series of a split.
    pub other: bool,
    /// Matching articles in this series over the whole timeline.
    pub total: u64,
    /// Matching articles per bucket.
    pub articles: Vec<u64>,
}

/// The answer to a [`TimelineRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Timeline {
    /// The bucket width.
    pub interval: Interval,
    /// What the series are split by, if anything.
    pub split_by: Option<SplitBy>,
    /// Matching articles in all (each counted once).
    pub total: u64,
    /// Every bucket from the first to the last, in order.
    pub buckets: Vec<Bucket>,
    /// The series: one (`all`) without a split; else the top values, most articles first,
    /// then `other` if asked for.
    pub series: Vec<Series>,
    /// Whether the counts are of stories ([`SearchRequest::dedup`]): each cluster of
    /// near-duplicates counted once, in the bucket of its earliest matching article, matches
    /// and `bucket_articles` alike.
    #[serde(default)]
    pub dedup: bool,
}

/// A value of a series in a bucket, as a table row has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point<'a> {
    /// The series' name.
    pub series: &'a str,
    /// The bucket.
    pub bucket: &'a Bucket,
    /// Matching articles of the series in the bucket.
    pub articles: u64,
    /// `articles` per 1,000 articles of the archive in the bucket; `None` when the archive has
    /// no article in the bucket.
    pub per_1000: Option<f64>,
}

/// `articles` per 1,000 of `of`; `None` when `of` is 0.
pub fn per_1000(articles: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| articles as f64 * 1000.0 / of as f64)
}

impl Timeline {
    /// Every point, series by series, buckets in order within each.
    pub fn points(&self) -> impl Iterator<Item = Point<'_>> {
        self.series.iter().flat_map(move |series| {
            self.buckets.iter().zip(&series.articles).map(move |(bucket, &articles)| Point {
                series: &series.name,
                bucket,
                articles,
                per_1000: per_1000(articles, bucket.bucket_articles),
            })
        })
    }
}

fn to_time(day: Date) -> time::Date {
    let month = time::Month::try_from(day.month()).expect("a Date's month is valid");
    time::Date::from_calendar_date(day.year(), month, day.day()).expect("a Date is a calendar day")
}

/// A date inside the range the index can store, as every date derived from a stored one is
/// (the week of 1000-01-01 starts in 999, which is clamped).
fn from_time(day: time::Date) -> Date {
    let clamped = day.clamp(to_time(ymd(crate::date::MIN_YEAR, 1, 1)), to_time(ymd(crate::date::MAX_YEAR, 12, 31)));
    Date::from_ymd(clamped.year(), clamped.month() as u8, clamped.day()).expect("a clamped day is in range")
}

fn ymd(year: i32, month: u8, day: u8) -> Date {
    Date::from_ymd(year, month, day).expect("a bucket bound is a day in range")
}

impl Index {
    /// Counts the articles matching a request per year, month or ISO week, next to all the
    /// archive's articles in each bucket, so that a growing archive does not look like growing
    /// attention.
    ///
    /// A [`TimelineRequest`] is compiled like a search, so the articles a
    /// timeline counts are exactly the articles `dateline search` finds for the same query and
    /// filters. Counting reads the `date` fast field (and, for a split, the `country` or `speaker`
    /// facet column) of every match; no document is loaded. A split's `other` series, when there
    /// are more values than the top ones, is counted in a second pass over the matches, once the
    /// top values are known.
    ///
    /// **What is counted.** Articles, in both scopes: in passage scope an article counts once when
    /// any of its passages matches the whole query.
    ///
    /// **The denominator.** `bucket_articles` is the number of *all* articles of the archive dated
    /// in the bucket, whatever the query, `countries`, `speakers` and `split_by` (only the date
    /// range applies: a bucket cut by `from`/`to` counts the days inside the range, the same
    /// days as its matches). So `per_1000` is the share of the whole archive's coverage in that
    /// bucket that matches: series of a split are comparable with each other and with the unsplit
    /// timeline.
    ///
    /// **Buckets** run from the bucket of `from` (else of the first matching article) to the
    /// bucket of `to` (else of the last matching article), every bucket in between included, with
    /// zeros where nothing matches. Weeks are ISO 8601 weeks: Monday to Sunday, numbered within
    /// the ISO week-numbering year (`2021-01-01` is in `2020-W53`).
    ///
    /// ```
    /// use dateline::{Index, Indexer, Interval, SearchRequest, TimelineRequest};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let corpus = tempfile::tempdir()?;
    /// std::fs::write(corpus.path().join("a.txt"), "date 2020-03-02 The drought deepened.")?;
    /// std::fs::write(corpus.path().join("b.txt"), "date 2020-05-20 Rain at last.")?;
    /// std::fs::write(corpus.path().join("c.txt"), "date 2020-05-21 The drought is over.")?;
    /// let index_dir = tempfile::tempdir()?;
    /// dateline::Indexer::new(index_dir.path()).run(corpus.path(), &mut ())?;
    ///
    /// let index = Index::open(index_dir.path())?;
    /// let timeline = index.timeline(&TimelineRequest::new(SearchRequest::new("drought")).by(Interval::Month))?;
    /// let rows: Vec<_> = timeline
    ///     .points()
    ///     .map(|p| (p.bucket.label.as_str(), p.articles, p.bucket.bucket_articles, p.per_1000))
    ///     .collect();
    /// assert_eq!(
    ///     rows,
    ///     [("2020-03", 1, 1, Some(1000.0)), ("2020-04", 0, 0, None), ("2020-05", 1, 2, Some(500.0))]
    /// );
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// Errors: [`Error::Query`] for a malformed query, [`Error::EmptyDateRange`] for a date range
    /// that ends before it starts, [`Error::Damaged`] when the index cannot be read.
    pub fn timeline(&self, request: &TimelineRequest) -> Result<Timeline> {
        self.commit.reading(|| self.run_timeline(request))
    }

    /// [`Index::timeline`], with errors as tantivy reports them.
    fn run_timeline(&self, request: &TimelineRequest) -> Result<Timeline> {
        let search = &request.search;
        let Compiled { query, .. } = self.compile(search)?;
        let searcher = self.commit.reader.searcher();
        let counting = MatchCounts { scope: search.scope, split: request.split_by, interval: request.interval };
        let dedup = search.dedup.then_some(Pick::Earliest);
        let (matches, choice) = self.collect_stories(&searcher, &query, counting, None, dedup)?;

        // The denominator: every article (or story) in the date range, whatever the query and
        // the other filters.
        let everything = SearchRequest { countries: Vec::new(), speakers: Vec::new(), ..search.clone() };
        let archive = BooleanQuery::new(self.filters(&everything, Scope::Article)?);
        let (archive_days, _) = self.collect_stories(&searcher, &archive, DayCounts, None, dedup)?;
        let archive_days = archive_days.into_iter().map(|(day, count)| (Date::from_day_number(day), count));
        let timeline = assemble(request, matches, archive_days, |split, top| {
            let counting = OtherCounts { scope: search.scope, split, interval: request.interval, top };
            self.collect_chosen(&searcher, &query, counting, None, choice.as_ref())
        })?;
        Ok(Timeline { dedup: search.dedup, ..timeline })
    }
}

/// A timeline from its counts: the matching articles' (`matches`), all the archive's articles
/// per day in the date range (`archive_days`), and, when a split has more values than its
/// top ones, the `other` series counted by `other_counts` from the top values. The local
/// index and the engines count differently and assemble alike.
pub(crate) fn assemble(
    request: &TimelineRequest,
    matches: Counts,
    archive_days: impl IntoIterator<Item = (Date, u64)>,
    other_counts: impl FnOnce(SplitBy, Vec<String>) -> Result<HashMap<Date, u64>>,
) -> Result<Timeline> {
    let first = request.search.from.map(|p| p.first).or_else(|| matches.first.map(Date::from_day_number));
    let last = request.search.to.map(|p| p.last).or_else(|| matches.last.map(Date::from_day_number));
    let mut buckets = Vec::new();
    let mut index_of: BTreeMap<Date, usize> = BTreeMap::new(); // bucket start -> position
    if let (Some(first), Some(last)) = (first, last) {
        let mut day = first;
        while day <= last {
            let (label, start, end) = request.interval.bucket_of(day);
            index_of.insert(start, buckets.len());
            // Cut by --from/--to only: without them a bucket is the whole year, month or week.
            let start = request.search.from.map_or(start, |from| start.max(from.first));
            let end_counted = request.search.to.map_or(end, |to| end.min(to.last));
            buckets.push(Bucket { label, start, end: end_counted, articles: 0, bucket_articles: 0 });
            match to_time(end).next_day() {
                Some(next) if end < last => day = from_time(next),
                _ => break,
            }
        }
    }
    let mut bucket_of_day = BucketOfDay::new(request.interval);
    for (day, count) in archive_days {
        if let Some(&i) = index_of.get(&bucket_of_day.start_of(day)) {
            buckets[i].bucket_articles += count;
        }
    }
    // Counts per bucket start, into the buckets' positions.
    let positions = buckets.len();
    let spread = |counts: &HashMap<Date, u64>| {
        let mut spread = vec![0; positions];
        for (start, count) in counts {
            if let Some(&i) = index_of.get(start) {
                spread[i] += count;
            }
        }
        spread
    };
    let articles = spread(&matches.articles);
    for (bucket, &articles) in buckets.iter_mut().zip(&articles) {
        bucket.articles = articles;
    }
    let total = matches.articles.values().sum();

    // Series totals first, to choose the top values.
    let mut totals = vec![0; matches.values.len()];
    for (&(value, _), count) in &matches.by_value {
        totals[value] += count;
    }
    let mut ranked: Vec<(usize, u64)> = totals.into_iter().enumerate().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| matches.values[a.0].cmp(&matches.values[b.0])));
    let top: Vec<(usize, u64)> = ranked.iter().copied().take(request.top).collect();
    let mut series: Vec<Series> = match request.split_by {
        None => vec![Series { name: "all".into(), other: false, total, articles }],
        Some(_) => top
            .iter()
            .map(|&(value, total)| Series {
                name: matches.values[value].clone(),
                other: false,
                total,
                articles: vec![0; buckets.len()],
            })
            .collect(),
    };
    let series_of: HashMap<usize, usize> = top.iter().enumerate().map(|(s, &(value, _))| (value, s)).collect();
    for (&(value, start), count) in &matches.by_value {
        if let (Some(&s), Some(&i)) = (series_of.get(&value), index_of.get(&start)) {
            series[s].articles[i] += count;
        }
    }
    if let (Some(split), true) = (request.split_by, request.other) {
        // Articles with none of the top values: when every value is in the top, those with
        // no value at all; otherwise counted in a second pass that knows the top values.
        let other = if ranked.len() <= request.top {
            spread(&matches.valueless)
        } else {
            let top = top.iter().map(|&(value, _)| matches.values[value].clone()).collect();
            spread(&other_counts(split, top)?)
        };
        let total = other.iter().sum();
        series.push(Series { name: "other".into(), other: true, total, articles: other });
    }
    Ok(Timeline { interval: request.interval, split_by: request.split_by, total, buckets, series, dedup: false })
}

/// The article of each match, once: in passage scope the article of a passage (`doc -
/// passage`), counted at its first matching passage only.
struct ArticleOfMatch {
    /// Passage scope: each passage's number.
    passages: Option<Column<u64>>,
    /// Passage scope: the articles already counted in this segment.
    seen: HashSet<DocId>,
}

impl ArticleOfMatch {
    fn new(scope: Scope, reader: &SegmentReader) -> tantivy::Result<ArticleOfMatch> {
        let passages = match scope {
            Scope::Article => None,
            Scope::Passage => Some(reader.fast_fields().u64(field::PASSAGE)?),
        };
        Ok(ArticleOfMatch { passages, seen: HashSet::new() })
    }

    /// The article document of match `doc`, or `None` when it was counted already.
    fn article(&mut self, doc: DocId) -> Option<DocId> {
        let Some(numbers) = &self.passages else { return Some(doc) };
        let article = article_of(numbers, doc)?;
        self.seen.insert(article).then_some(article)
    }
}

/// The bucket (its first day) of each day met, worked out once per day.
struct BucketOfDay {
    interval: Interval,
    known: HashMap<i64, Date>,
}

impl BucketOfDay {
    fn new(interval: Interval) -> BucketOfDay {
        BucketOfDay { interval, known: HashMap::new() }
    }

    fn start(&mut self, day: i64) -> Date {
        let interval = self.interval;
        *self.known.entry(day).or_insert_with(|| interval.bucket_of(Date::from_day_number(day)).1)
    }

    fn start_of(&mut self, day: Date) -> Date {
        self.start(day.day_number())
    }
}

/// Counts matching articles by bucket and, for a split, by bucket and value of the split facet.
struct MatchCounts {
    scope: Scope,
    split: Option<SplitBy>,
    interval: Interval,
}

/// What [`MatchCounts`] counts, buckets named by their first day.
#[derive(Default)]
pub(crate) struct Counts {
    /// The first and last day (day numbers) of a matching article.
    first: Option<i64>,
    last: Option<i64>,
    /// Matching articles per bucket.
    articles: HashMap<Date, u64>,
    /// Split: matching articles without any value, per bucket.
    valueless: HashMap<Date, u64>,
    /// Split: the values met.
    values: Vec<String>,
    /// Split: matching articles per value (an index into `values`) and bucket.
    by_value: HashMap<(usize, Date), u64>,
    /// Split, counted by [`Counts::add`]: the number of each value in `values`.
    #[cfg(feature = "engine")]
    numbers: HashMap<String, usize>,
}

impl Counts {
    /// Widens the first and last day of a matching article to take in `day` (a day number).
    fn see(&mut self, day: i64) {
        self.first = Some(self.first.map_or(day, |first| first.min(day)));
        self.last = Some(self.last.map_or(day, |last| last.max(day)));
    }
}

#[cfg(feature = "engine")]
impl Counts {
    /// Counts `count` matching articles dated `day`, with the `values` of the split facet (none
    /// without a split): how an engine's matches are counted, article by article.
    pub(crate) fn add(&mut self, interval: Interval, day: Date, values: Option<&[String]>, count: u64) {
        self.see(day.day_number());
        let bucket = interval.bucket_of(day).1;
        *self.articles.entry(bucket).or_default() += count;
        let Some(values) = values else { return };
        if values.is_empty() {
            *self.valueless.entry(bucket).or_default() += count;
        }
        for value in values.iter().collect::<BTreeSet<_>>() {
            let next = self.values.len();
            let number = *self.numbers.entry(value.clone()).or_insert(next);
            if number == next {
                self.values.push(value.clone());
            }
            *self.by_value.entry((number, bucket)).or_default() += count;
        }
    }
}

struct SegmentMatchCounts {
    dates: Column<i64>,
    articles_of: ArticleOfMatch,
    buckets: BucketOfDay,
    values: Option<FacetReader>,
    /// One article's facet ordinals (a buffer reused from article to article).
    ords: Vec<u64>,
    /// Split: matching articles per facet ordinal and bucket.
    by_ord: HashMap<(u64, Date), u64>,
    counts: Counts,
}

impl Collector for MatchCounts {
    type Fruit = Counts;
    type Child = SegmentMatchCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentMatchCounts> {
        Ok(SegmentMatchCounts {
            dates: reader.fast_fields().i64(field::DATE)?,
            articles_of: ArticleOfMatch::new(self.scope, reader)?,
            buckets: BucketOfDay::new(self.interval),
            values: self.split.map(|split| reader.facet_reader(split.facet_field())).transpose()?,
            ords: Vec::new(),
            by_ord: HashMap::new(),
            counts: Counts::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        let mut numbers: HashMap<String, usize> = HashMap::new();
        for fruit in fruits {
            all.first = match (all.first, fruit.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            all.last = all.last.max(fruit.last);
            add_counts(&mut all.articles, fruit.articles);
            add_counts(&mut all.valueless, fruit.valueless);
            let renumbered: Vec<usize> = fruit
                .values
                .into_iter()
                .map(|value| {
                    let next = numbers.len();
                    *numbers.entry(value).or_insert(next)
                })
                .collect();
            for ((value, bucket), count) in fruit.by_value {
                *all.by_value.entry((renumbered[value], bucket)).or_default() += count;
            }
        }
        all.values = vec![String::new(); numbers.len()];
        for (value, number) in numbers {
            all.values[number] = value;
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatchCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(article) = self.articles_of.article(doc) else { return };
        let Some(day) = self.dates.first(article) else { return };
        let counts = &mut self.counts;
        counts.see(day);
        let bucket = self.buckets.start(day);
        *counts.articles.entry(bucket).or_default() += 1;
        let Some(values) = &self.values else { return };
        self.ords.clear();
        self.ords.extend(values.facet_ords(article));
        self.ords.sort_unstable();
        self.ords.dedup();
        if self.ords.is_empty() {
            *counts.valueless.entry(bucket).or_default() += 1;
        }
        for &ord in &self.ords {
            *self.by_ord.entry((ord, bucket)).or_default() += 1;
        }
    }

    fn harvest(self) -> Counts {
        let mut counts = self.counts;
        if let Some(reader) = &self.values {
            let ords: BTreeSet<u64> = self.by_ord.keys().map(|&(ord, _)| ord).collect();
            let named = facet_values(reader, &ords.into_iter().collect::<Vec<_>>());
            let number: HashMap<u64, usize> = named.iter().enumerate().map(|(i, &(ord, _))| (ord, i)).collect();
            counts.values = named.into_iter().map(|(_, value)| value).collect();
            counts.by_value = self
                .by_ord
                .into_iter()
                .filter_map(|((ord, bucket), count)| Some(((*number.get(&ord)?, bucket), count)))
                .collect();
        }
        counts
    }
}

/// Counts, per bucket, the matching articles that have none of the `top` values of the split
/// facet: the `other` series, once the top values are known.
struct OtherCounts {
    scope: Scope,
    split: SplitBy,
    interval: Interval,
    top: Vec<String>,
}

struct SegmentOtherCounts {
    dates: Column<i64>,
    articles_of: ArticleOfMatch,
    buckets: BucketOfDay,
    values: FacetReader,
    /// The segment's ordinals of the top values, sorted.
    top: Vec<u64>,
    counts: HashMap<Date, u64>,
}

impl Collector for OtherCounts {
    type Fruit = HashMap<Date, u64>;
    type Child = SegmentOtherCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentOtherCounts> {
        let values = reader.facet_reader(self.split.facet_field())?;
        let mut top = Vec::new();
        for value in &self.top {
            top.extend(values.facet_dict().term_ord(Facet::from_path([value]).encoded_str())?);
        }
        top.sort_unstable();
        Ok(SegmentOtherCounts {
            dates: reader.fast_fields().i64(field::DATE)?,
            articles_of: ArticleOfMatch::new(self.scope, reader)?,
            buckets: BucketOfDay::new(self.interval),
            values,
            top,
            counts: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<Date, u64>>) -> tantivy::Result<HashMap<Date, u64>> {
        Ok(sum_counts(fruits))
    }
}

impl SegmentCollector for SegmentOtherCounts {
    type Fruit = HashMap<Date, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(article) = self.articles_of.article(doc) else { return };
        let Some(date) = self.dates.first(article) else { return };
        if self.values.facet_ords(article).any(|ord| self.top.binary_search(&ord).is_ok()) {
            return;
        }
        *self.counts.entry(self.buckets.start(date)).or_default() += 1;
    }

    fn harvest(self) -> HashMap<Date, u64> {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn buckets_are_calendar_years_months_and_iso_weeks() {
        let of = |interval: Interval, d: &str| {
            let (label, start, end) = interval.bucket_of(day(d));
            (label, start.to_string(), end.to_string())
        };
        assert_eq!(of(Interval::Year, "2020-07-04"), ("2020".into(), "2020-01-01".into(), "2020-12-31".into()));
        assert_eq!(of(Interval::Month, "2020-02-10"), ("2020-02".into(), "2020-02-01".into(), "2020-02-29".into()));
        // 2021-01-01 is a Friday in ISO week 53 of 2020.
        assert_eq!(of(Interval::Week, "2021-01-01"), ("2020-W53".into(), "2020-12-28".into(), "2021-01-03".into()));
        assert_eq!(of(Interval::Week, "2021-01-04"), ("2021-W01".into(), "2021-01-04".into(), "2021-01-10".into()));
        // 2019-12-30 (a Monday) starts ISO week 1 of 2020.
        assert_eq!(of(Interval::Week, "2019-12-31"), ("2020-W01".into(), "2019-12-30".into(), "2020-01-05".into()));
    }

    #[test]
    fn intervals_parse_and_refuse_others() {
        assert_eq!("Week".parse::<Interval>().unwrap(), Interval::Week);
        let error = "fortnight".parse::<Interval>().unwrap_err().to_string();
        assert!(error.contains("year, month or week"), "{error}");
    }

    #[test]
    fn per_1000_is_undefined_for_an_empty_bucket() {
        assert_eq!(per_1000(1, 4), Some(250.0));
        assert_eq!(per_1000(0, 0), None);
    }
}
