//! Calendar dates of articles, and the date bounds of `--from`/`--to` filters.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The first year whose dates dateline reads and stores.
///
/// The index keeps a date as its day number (days since 1970-01-01, negative before), so the
/// bounds are those of four-digit years, not of tantivy's nanosecond date type (1678-2261).
pub const MIN_YEAR: i32 = 1000;
/// The last year whose dates dateline reads and stores.
pub const MAX_YEAR: i32 = 9999;

/// The publication date of an article: a valid calendar day between [`MIN_YEAR`] and [`MAX_YEAR`].
///
/// Written and parsed as `YYYY-MM-DD`; serialized as that string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

/// The Julian day number of 1970-01-01, from which the index counts its day numbers.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The first and last days dateline stores.
const FIRST: Date = Date(time::macros::date!(1000 - 01 - 01));
const LAST: Date = Date(time::macros::date!(9999 - 12 - 31));

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
    /// A real day outside the four-digit years dateline stores.
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

    /// The day number: days since 1970-01-01 (negative before it), as the index stores a date.
    pub(crate) fn day_number(self) -> i64 {
        i64::from(self.0.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    }

    /// The day of a day number (see [`Date::day_number`]). A number outside
    /// [`MIN_YEAR`]..=[`MAX_YEAR`], which dateline never stores, is taken as the nearest bound.
    pub(crate) fn from_day_number(number: i64) -> Date {
        let (first, last) = (FIRST.day_number(), LAST.day_number());
        let julian = number.clamp(first, last) + i64::from(UNIX_EPOCH_JULIAN_DAY);
        let julian = i32::try_from(julian).expect("a clamped day number is small");
        Date(time::Date::from_julian_day(julian).expect("a day number in range is a calendar day"))
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
        assert!(matches!("0999-12-31".parse::<Date>(), Err(DateError::OutOfRange(_))));
        assert_eq!("1000-01-01".parse::<Date>().unwrap().to_string(), "1000-01-01");
        assert_eq!("9999-12-31".parse::<Date>().unwrap().to_string(), "9999-12-31");
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
    fn day_numbers_count_from_1970_and_round_trip() {
        assert_eq!("1970-01-01".parse::<Date>().unwrap().day_number(), 0);
        assert_eq!("1969-12-31".parse::<Date>().unwrap().day_number(), -1);
        assert_eq!("2000-03-01".parse::<Date>().unwrap().day_number(), 11_017);
        for text in ["1000-01-01", "1665-09-02", "1702-03-11", "1999-12-31", "2262-04-12", "9999-12-31"] {
            let d: Date = text.parse().unwrap();
            assert_eq!(Date::from_day_number(d.day_number()), d, "{text}");
        }
        assert_eq!(Date::from_day_number(i64::MIN), FIRST);
        assert_eq!(Date::from_day_number(i64::MAX), LAST);
    }
}
