//! The query mix of `benches/queries.txt`, shared by the benchmarks that run it.

use std::sync::OnceLock;

use dateline::{Period, SearchRequest};

/// One line of `queries.txt`: `LABEL | QUERY | FILTERS`.
pub struct MixQuery {
    pub label: &'static str,
    query: &'static str,
    from: Option<Period>,
    to: Option<Period>,
    countries: Vec<&'static str>,
}

/// The query mix: common and rare words, AND, OR, phrases with and without stop words, a
/// speaker's name, and the same with a date range and with a country filter.
pub fn mix() -> &'static [MixQuery] {
    static MIX: OnceLock<Vec<MixQuery>> = OnceLock::new();
    MIX.get_or_init(|| parse_mix(include_str!("../queries.txt")))
}

fn parse_mix(text: &'static str) -> Vec<MixQuery> {
    let mut mix = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |why: &str| -> ! { panic!("benches/queries.txt:{}: {why}: {line}", number + 1) };
        let mut columns = line.split('|').map(str::trim);
        let (Some(label), Some(query)) = (columns.next(), columns.next()) else {
            fail("expected LABEL | QUERY | FILTERS")
        };
        let mut entry = MixQuery { label, query, from: None, to: None, countries: Vec::new() };
        let mut filters = columns.next().unwrap_or("").split_whitespace();
        while let Some(flag) = filters.next() {
            let value = filters.next().unwrap_or_else(|| fail("a filter without a value"));
            match flag {
                "--from" => entry.from = Some(value.parse().unwrap_or_else(|_| fail("a bad --from"))),
                "--to" => entry.to = Some(value.parse().unwrap_or_else(|_| fail("a bad --to"))),
                "--country" => entry.countries.push(value),
                _ => fail("unknown filter (expected --from, --to or --country)"),
            }
        }
        if label.is_empty() || query.is_empty() || columns.next().is_some() {
            fail("expected LABEL | QUERY | FILTERS");
        }
        mix.push(entry);
    }
    mix
}

pub fn labels() -> Vec<&'static str> {
    mix().iter().map(|q| q.label).collect()
}

/// The request for the query labelled `label`, filters applied, top 10.
pub fn request(label: &str) -> SearchRequest {
    let entry = mix().iter().find(|q| q.label == label).expect("a label of the mix");
    let mut request = SearchRequest::new(entry.query).limit(10);
    if let Some(from) = entry.from {
        request = request.from(from);
    }
    if let Some(to) = entry.to {
        request = request.to(to);
    }
    for country in &entry.countries {
        request = request.country(*country);
    }
    request
}
