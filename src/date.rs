//! Calendar dates of articles, and the date bounds of `--from`/`--to` filters.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The first year whose dates tantivy can store (its dates are i64 nanoseconds since 1970).
pub const MIN_YEAR: i32 = 1678;
/// The last year whose dates tantivy can store.
pub const MAX_YEAR: i32 = 2261;

/// The publication date of an article: a valid calendar day between [`MIN_YEAR`] and [`MAX_YEAR`].
///
/// Written and parsed as `YYYY-MM-DD`; serialized as that string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// Why a string is not a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("`{0}` is not a date of the form YYYY-MM-DD")]
    Form(String),
    /// The form is right but the day does not exist (2020-02-30).
    #[error("`{0}` is not a day of the calendar")]
    Impossible(String),
    /// A real day that tantivy's date type cannot hold.
    #[error("`{0}` is outside the years {MIN_YEAR}-{MAX_YEAR} that the index can store")]
    OutOfRange(String),
}

impl Date {
    /// Builds a date from its parts, checking that the day exists and is in range.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        let shown = format!("{year:04}-{month:02}-{day:02}");
        let month_ = time::Month::try_from(month).map_err(|_| DateError::Impossible(shown.clone()))?;
        let date =
            time::Date::from_calendar_date(year, month_, day).map_err(|_| DateError::Impossible(shown.clone()))?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::OutOfRange(shown));
        }
        Ok(Date(date))
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        u8::from(self.0.month())
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Midnight UTC of this day as a tantivy date.
    pub(crate) fn to_tantivy(self) -> tantivy::DateTime {
        let secs = self.0.midnight().assume_utc().unix_timestamp();
        tantivy::DateTime::from_timestamp_secs(secs)
    }

    /// The day of a tantivy date (its UTC calendar day).
    pub(crate) fn from_tantivy(value: tantivy::DateTime) -> Date {
        Date(value.into_utc().date())
    }

    fn next_day(self) -> Option<Date> {
        self.0.next_day().map(Date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

/// Splits `text` at `-` into numeric parts of the given digit counts.
fn numeric_parts(text: &str, widths: &[usize]) -> Option<Vec<u32>> {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() != widths.len() {
        return None;
    }
    parts
        .iter()
        .zip(widths)
        .map(|(part, &width)| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten()
        })
        .collect()
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let parts = numeric_parts(text, &[4, 2, 2]).ok_or_else(|| DateError::Form(text.to_string()))?;
        Date::from_ymd(parts[0] as i32, parts[1] as u8, parts[2] as u8)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A period named by `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as `--from` and `--to` take it.
///
/// `--from 2020` means from 2020-01-01; `--to 2020-02` means up to and including 2020-02-29.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day of the period.
    pub first: Date,
    /// The last day of the period.
    pub last: Date,
}

impl Period {
    /// The day after the period, if it is representable.
    pub(crate) fn end_exclusive(self) -> Option<Date> {
        self.last.next_day()
    }
}

impl FromStr for Period {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Period, DateError> {
        let form = || DateError::Form(text.to_string());
        if let Some(p) = numeric_parts(text, &[4]) {
            let year = p[0] as i32;
            return Ok(Period { first: Date::from_ymd(year, 1, 1)?, last: Date::from_ymd(year, 12, 31)? });
        }
        if let Some(p) = numeric_parts(text, &[4, 2]) {
            let (year, month) = (p[0] as i32, p[1] as u8);
            let first = Date::from_ymd(year, month, 1)?;
            let days = time::util::days_in_month(first.0.month(), year);
            return Ok(Period { first, last: Date::from_ymd(year, month, days)? });
        }
        if numeric_parts(text, &[4, 2, 2]).is_some() {
            let day: Date = text.parse()?;
            return Ok(Period { first: day, last: day });
        }
        Err(form())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_days_and_refuses_impossible_ones() {
        assert_eq!("2020-02-29".parse::<Date>().unwrap().to_string(), "2020-02-29");
        assert!(matches!("2021-02-29".parse::<Date>(), Err(DateError::Impossible(_))));
        assert!(matches!("2020-13-01".parse::<Date>(), Err(DateError::Impossible(_))));
        assert!(matches!("2020-1-01".parse::<Date>(), Err(DateError::Form(_))));
        assert!(matches!("1200-01-01".parse::<Date>(), Err(DateError::OutOfRange(_))));
    }

    #[test]
    fn periods_cover_whole_years_and_months() {
        let p: Period = "2020-02".parse().unwrap();
        assert_eq!((p.first.to_string(), p.last.to_string()), ("2020-02-01".into(), "2020-02-29".into()));
        let y: Period = "2019".parse().unwrap();
        assert_eq!(y.end_exclusive().unwrap().to_string(), "2020-01-01");
        assert!("20".parse::<Period>().is_err());
    }

    #[test]
    fn tantivy_round_trip_keeps_the_day() {
        let d: Date = "1999-12-31".parse().unwrap();
        assert_eq!(Date::from_tantivy(d.to_tantivy()), d);
    }
}
