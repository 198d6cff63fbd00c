//! Stop-word lists that collocation and keyword tables can leave out. Nothing is left out
//! unless asked: a researcher sees every word by default.
//!
//! Leaving a word out of a table does not change any count: it still stands in windows, in
//! the archive's size and in the sets' sizes, so the other words' scores are the same with or
//! without the list.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A stop-word list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stopwords {
    /// English function words (`src/search/stopwords-en.txt`, about 200 words): articles,
    /// pronouns, determiners, prepositions, conjunctions, auxiliary and modal verbs.
    En,
}

const ENGLISH: &str = include_str!("stopwords-en.txt");

impl Stopwords {
    /// Whether `word` (as analysed for search) is on the list.
    pub fn contains(self, word: &str) -> bool {
        static ENGLISH_WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
        match self {
            Stopwords::En => ENGLISH_WORDS.get_or_init(|| words(ENGLISH).collect()).contains(word),
        }
    }

    /// The words on the list, in the order of its file.
    pub fn words(self) -> impl Iterator<Item = &'static str> {
        match self {
            Stopwords::En => words(ENGLISH),
        }
    }
}

fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

impl fmt::Display for Stopwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stopwords::En => "en",
        })
    }
}

impl FromStr for Stopwords {
    type Err = Error;

    fn from_str(text: &str) -> Result<Stopwords> {
        match text.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Stopwords::En),
            _ => Err(Error::UnknownStopwords { text: text.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_list_holds_analysed_function_words_only() {
        let list = Stopwords::En;
        assert!(list.contains("the") && list.contains("don't") && list.contains("would"));
        assert!(!list.contains("said") && !list.contains("minister") && !list.contains("The"));
        for word in list.words() {
            assert_eq!(crate::analysis::terms(word), [word], "`{word}` is written as the analyzer makes it");
        }
        assert_eq!("EN".parse::<Stopwords>().unwrap(), Stopwords::En);
        assert!("klingon".parse::<Stopwords>().is_err());
    }
}
