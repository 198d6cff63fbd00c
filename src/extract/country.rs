//! Countries mentioned in a text, found with a gazetteer.
//!
//! The gazetteer (`countries.tsv`, embedded) lists every sovereign state plus Palestine,
//! Kosovo, Taiwan, Vatican City and the European Union, each with one canonical English name,
//! its ISO 3166-1 alpha-2 code, aliases and demonyms. Matching is case-sensitive (so "turkey"
//! the bird and "china" the porcelain are not countries), on whole words, and the longest
//! name wins ("Papua New Guinea" is not Guinea). Phrases in `not-countries.txt` ("South
//! America", "New Mexico", "America's Cup") are matched too and produce no country.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

const COUNTRIES_TSV: &str = include_str!("countries.tsv");
const NOT_COUNTRIES: &str = include_str!("not-countries.txt");

/// One entry of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// The canonical English short name, used as the facet value.
    pub name: String,
    /// ISO 3166-1 alpha-2 code (`EU` for the European Union, `XK` for Kosovo).
    pub code: String,
    /// Other names, abbreviations and former names.
    pub aliases: Vec<String>,
    /// Adjectives and nationality nouns.
    pub demonyms: Vec<String>,
}

/// A country mention found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryMention {
    /// The canonical name of the country.
    pub country: &'static str,
    /// Where the mention is, in bytes.
    pub range: Range<usize>,
}

/// The gazetteer and its matcher, built once.
pub struct Gazetteer {
    countries: Vec<Country>,
    /// For each pattern of the matcher: the index of its country, or `None` for a blocking phrase.
    pattern_country: Vec<Option<usize>>,
    matcher: AhoCorasick,
    /// Lower-cased names, aliases, demonyms and codes, for looking up what a user typed.
    lookup: HashMap<String, usize>,
}

/// The embedded gazetteer.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| Gazetteer::parse(COUNTRIES_TSV, NOT_COUNTRIES))
}

fn list(column: &str) -> Vec<String> {
    column.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl Gazetteer {
    fn parse(tsv: &str, blockers: &str) -> Gazetteer {
        let countries: Vec<Country> = tsv
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|line| {
                let columns: Vec<&str> = line.split('\t').collect();
                assert!(columns.len() == 4, "countries.tsv: `{line}` does not have 4 columns");
                Country {
                    name: columns[0].trim().to_string(),
                    code: columns[1].trim().to_string(),
                    aliases: list(columns[2]),
                    demonyms: list(columns[3]),
                }
            })
            .collect();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_country = Vec::new();
        let mut lookup = HashMap::new();
        for (index, country) in countries.iter().enumerate() {
            let names = std::iter::once(&country.name).chain(&country.aliases).chain(&country.demonyms);
            for name in names {
                patterns.push(name.clone());
                pattern_country.push(Some(index));
                lookup.insert(name.to_lowercase(), index);
            }
            lookup.insert(country.code.to_lowercase(), index);
        }
        for phrase in blockers.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            patterns.push(phrase.to_string());
            pattern_country.push(None);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .expect("the gazetteer patterns build an automaton");
        Gazetteer { countries, pattern_country, matcher, lookup }
    }

    /// Every entry of the gazetteer.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The country a user means by a name, alias, demonym or ISO code, in any case.
    pub fn resolve(&self, name: &str) -> Option<&Country> {
        let key = name.trim().trim_start_matches("the ").to_lowercase();
        self.lookup.get(&key).or_else(|| self.lookup.get(key.trim_start_matches("the "))).map(|&i| &self.countries[i])
    }

    /// The canonical name for a country given in metadata: the gazetteer's name when it knows
    /// the value, otherwise the value as given.
    pub fn canonical(&self, name: &str) -> String {
        self.resolve(name).map_or_else(|| name.trim().to_string(), |c| c.name.clone())
    }

    /// Whether `text` is exactly a country name, alias or demonym (case-sensitive).
    pub fn is_country_word(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(Anchored::Yes);
        self.matcher.find(input).is_some_and(|m| m.end() == text.len())
    }

    /// Every country mention in `text`, in order of position.
    pub fn mentions(&'static self, text: &str) -> Vec<CountryMention> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut position = 0;
        while position < text.len() {
            let at_word_start = is_word_start(text, position);
            if at_word_start {
                let input = Input::new(text).range(position..).anchored(Anchored::Yes);
                if let Some(hit) = self.matcher.find(input) {
                    if is_word_end(text, hit.end()) {
                        if let Some(country) = self.pattern_country[hit.pattern().as_usize()] {
                            found.push(CountryMention {
                                country: &self.countries[country].name,
                                range: hit.start()..hit.end(),
                            });
                        }
                        position = hit.end();
                        continue;
                    }
                }
            }
            // Move to the start of the next word.
            position += text[position..].chars().next().map_or(1, char::len_utf8);
            while position < bytes.len() && !text.is_char_boundary(position) {
                position += 1;
            }
        }
        found
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_word_start(text: &str, at: usize) -> bool {
    let starts_word = text[at..].chars().next().is_some_and(is_word_char);
    starts_word && !text[..at].chars().next_back().is_some_and(is_word_char)
}

fn is_word_end(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        gazetteer().mentions(text).into_iter().map(|m| m.country).collect()
    }

    #[test]
    fn names_aliases_and_demonyms_map_to_one_canonical_name() {
        assert_eq!(
            names("US officials and America's allies met Armenian and British envoys in the U.S. capital."),
            ["United States", "United States", "Armenia", "United Kingdom", "United States"]
        );
    }

    #[test]
    fn longest_match_and_blocking_phrases_win() {
        assert_eq!(names("Papua New Guinea and Guinea-Bissau"), ["Papua New Guinea", "Guinea-Bissau"]);
        assert_eq!(names("fans of the America's Cup in South America and New Mexico"), Vec::<&str>::new());
        assert_eq!(names("a turkey from china"), Vec::<&str>::new());
        assert_eq!(names("Niger and Nigeria"), ["Niger", "Nigeria"]);
    }

    #[test]
    fn resolves_what_a_user_types() {
        let g = gazetteer();
        assert_eq!(g.resolve("usa").unwrap().name, "United States");
        assert_eq!(g.resolve("AM").unwrap().name, "Armenia");
        assert_eq!(g.resolve("armenian").unwrap().name, "Armenia");
        assert_eq!(g.canonical("Atlantis"), "Atlantis");
        assert!(g.is_country_word("Azerbaijan"));
        assert!(!g.is_country_word("Azerbaijani villagers"));
    }
}
