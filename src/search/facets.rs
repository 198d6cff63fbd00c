//! Facet counts over every match: countries, speakers, years and months.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, FacetCollector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::Index;
use crate::date::Date;
use crate::error::Result;
use crate::index::schema::field;

use super::articles::ArticleFacetCounts;
use super::request::Scope;
use super::results::{FacetCount, Facets};
use super::stories::Pick;

/// Facet values and their counts, most frequent first (then by value).
pub(crate) fn by_count(mut values: Vec<FacetCount>) -> Vec<FacetCount> {
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values
}

impl Index {
    /// Counts countries, speakers, years and months over every match, in one pass; with `dedup`,
    /// over the earliest matching article of each story.
    pub(super) fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        scope: Scope,
        dedup: bool,
    ) -> Result<Facets> {
        let collector = |name: &str| {
            let mut collector = FacetCollector::for_field(name);
            collector.add_facet(Facet::root());
            collector
        };
        let speaker_field = match scope {
            Scope::Article => field::SPEAKER,
            Scope::Passage => field::PASSAGE_SPEAKER,
        };
        let countries = ArticleFacetCounts::new(field::COUNTRY, scope);
        let collector = (countries, collector(speaker_field), DayCounts);
        let ((countries, speakers, days), _) =
            self.collect_stories(searcher, query, collector, None, dedup.then_some(Pick::Earliest))?;
        let (years, months) = calendar(days.into_iter().map(|(day, count)| (Date::from_day_number(day), count)));
        Ok(Facets {
            countries: by_count(countries.into_iter().map(|(value, count)| FacetCount { value, count }).collect()),
            speakers: by_count(
                speakers
                    .get("/")
                    .map(|(facet, count)| FacetCount {
                        value: facet.to_path().last().map_or_else(String::new, |s| s.to_string()),
                        count,
                    })
                    .collect(),
            ),
            years,
            months,
        })
    }
}

/// The year and calendar-month facets (`2021`, `2021-03`, in date order) of counts per day.
pub(crate) fn calendar(days: impl IntoIterator<Item = (Date, u64)>) -> (Vec<FacetCount>, Vec<FacetCount>) {
    let mut months: BTreeMap<(i32, u8), u64> = BTreeMap::new();
    for (date, count) in days {
        *months.entry((date.year(), date.month())).or_default() += count;
    }
    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    for ((year, _), count) in &months {
        *years.entry(*year).or_default() += count;
    }
    let years = years.into_iter().map(|(year, count)| FacetCount { value: format!("{year:04}"), count }).collect();
    let months = months
        .into_iter()
        .map(|((year, month), count)| FacetCount { value: format!("{year:04}-{month:02}"), count })
        .collect();
    (years, months)
}

/// Counts matches per day of the `date` fast field (keyed by day number), from
/// which years and months are summed.
pub(super) struct DayCounts;

pub(super) struct SegmentDayCounts {
    dates: Column<i64>,
    counts: HashMap<i64, u64>,
}

impl Collector for DayCounts {
    type Fruit = HashMap<i64, u64>;
    type Child = SegmentDayCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentDayCounts> {
        Ok(SegmentDayCounts { dates: reader.fast_fields().i64(field::DATE)?, counts: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<i64, u64>>) -> tantivy::Result<HashMap<i64, u64>> {
        Ok(sum_counts(fruits))
    }
}

/// Adds the counts of `from` to those of `to`, key by key: how the counting collectors merge
/// their segments' counts.
pub(super) fn add_counts<K: std::hash::Hash + Eq>(to: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
    for (key, count) in from {
        *to.entry(key).or_default() += count;
    }
}

/// The counts of all `fruits`, key by key.
pub(super) fn sum_counts<K: std::hash::Hash + Eq>(fruits: Vec<HashMap<K, u64>>) -> HashMap<K, u64> {
    let mut all = HashMap::new();
    for fruit in fruits {
        add_counts(&mut all, fruit);
    }
    all
}

impl SegmentCollector for SegmentDayCounts {
    type Fruit = HashMap<i64, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(date) = self.dates.first(doc) {
            *self.counts.entry(date).or_default() += 1;
        }
    }

    fn harvest(self) -> HashMap<i64, u64> {
        self.counts
    }
}
