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
    patterns: Vec<String>,
    /// Whether some pattern starts with this byte: a word starting with any other byte cannot
    /// start a mention, so most words are passed over without running the automaton.
    first_bytes: [bool; 256],
    /// Built on first use: looking up what a user typed (a search's `--country`) does not need
    /// it, and building it is most of a search process's start-up otherwise.
    matcher: OnceLock<AhoCorasick>,
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
        let mut first_bytes = [false; 256];
        for pattern in &patterns {
            if let Some(&byte) = pattern.as_bytes().first() {
                first_bytes[usize::from(byte)] = true;
            }
        }
        Gazetteer { countries, pattern_country, patterns, first_bytes, matcher: OnceLock::new(), lookup }
    }

    fn matcher(&self) -> &AhoCorasick {
        self.matcher.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(&self.patterns)
                .expect("the gazetteer patterns build an automaton")
        })
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
        self.matcher().find(input).is_some_and(|m| m.end() == text.len())
    }

    /// Every country mention in `text`, in order of position.
    pub fn mentions(&'static self, text: &str) -> Vec<CountryMention> {
        let mut found = Vec::new();
        let mut position = 0;
        while let Some(start) = next_word_start(text, position) {
            if self.first_bytes[usize::from(text.as_bytes()[start])] {
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                if let Some(hit) = self.matcher().find(input) {
                    if is_word_end(text, hit.end()) {
                        if let Some(country) = self.pattern_country[hit.pattern().as_usize()] {
                            let range = hit.start()..hit.end();
                            if !is_other_sense(text, range.clone()) {
                                found.push(CountryMention { country: &self.countries[country].name, range });
                            }
                        }
                        position = hit.end();
                        continue;
                    }
                }
            }
            position = word_end(text, start);
        }
        found
    }
}

/// The start of the first word at or after `from`, where `from` is not inside a word.
fn next_word_start(text: &str, from: usize) -> Option<usize> {
    find_char(text, from, true)
}

/// Where the word starting at `start` ends.
fn word_end(text: &str, start: usize) -> usize {
    find_char(text, start, false).unwrap_or(text.len())
}

/// The first character at or after `from` that is (`word`) or is not a word character. ASCII
/// bytes are tested as bytes; only other characters are decoded.
fn find_char(text: &str, from: usize, word: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() == word {
                return Some(at);
            }
            at += 1;
        } else {
            let c = text[at..].chars().next()?;
            if is_word_char(c) == word {
                return Some(at);
            }
            at += c.len_utf8();
        }
    }
    None
}

/// Words that, right after a country name or demonym, make it the name of an event:
/// "US Open", "French Open", "Dutch Grand Prix", "Boston Marathon" is not affected.
const EVENT_WORDS: &[&str] = &[
    "Open", "Grand Prix", "Masters", "Marathon", "Rally", "Championship", "Championships", "Classic", "Invitational",
    "Derby",
];

/// Country names that are also given names or surnames ("Jordan Smith", "Chad Williams",
/// "Michael Jordan", "India Clarke").
const ALSO_PERSONAL_NAMES: &[&str] = &["Jordan", "Chad", "Georgia", "India", "Israel", "Kenya", "Chelsea"];

/// Capitalised words after a country name that keep it a place ("Jordan River", "Chad Basin").
const PLACE_WORDS: &[&str] = &[
    "River", "Valley", "Basin", "Sea", "Lake", "Delta", "Gulf", "Rift", "Desert", "Mountains", "Republic", "Kingdom",
    "Government", "Army", "Embassy", "Ministry", "National", "State", "Foreign", "Prime", "President", "King", "Queen",
    "Crown", "Central", "Bank", "Airways", "Airlines", "Police", "Parliament", "Senate",
];

/// Lower-case function words; a capitalised one only opens a sentence ("In Jordan").
const FUNCTION_WORDS: &[&str] = &[
    "in", "to", "from", "of", "and", "or", "the", "with", "for", "at", "on", "by", "across", "than", "like", "as",
    "about", "between", "into", "over", "under", "after", "before", "while", "when", "where", "both", "but", "if", "a",
    "an", "that", "this", "neighbouring", "neighboring", "visiting", "said", "says",
];

/// Words in the same sentence that make "Georgia" the US state.
const US_STATE_CUES: &[&str] = &[
    "Atlanta", "Savannah", "Augusta", "Macon", "Peach", "governor", "Governor", "county", "County", "legislature",
    "statehouse", "Senate", "senator", "Senator", "Bulldogs", "Braves", "Alabama", "Florida", "Carolina", "Tennessee",
    "Texas", "Ohio", "Arizona", "Michigan", "Pennsylvania", "Wisconsin", "Nevada", "Republican", "Republicans",
    "Democrat", "Democrats", "Democratic", "midterm", "midterms", "Braves",
];

/// Words in the same sentence that make "Georgia" the country.
const GEORGIA_COUNTRY_CUES: &[&str] = &["Tbilisi", "Georgian", "Georgians", "Caucasus", "Abkhazia", "Ossetia"];

/// The word before `at` (skipping white space), if it is separated by spaces only.
fn previous_word(text: &str, at: usize) -> Option<&str> {
    let before = &text[..at];
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.len() == before.len() {
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[start..];
    (!word.is_empty()).then_some(word)
}

/// The word after `at` (skipping white space), if it is separated by spaces only.
fn next_word(text: &str, at: usize) -> Option<&str> {
    let after = &text[at..];
    let trimmed = after.trim_start_matches([' ', '\t']);
    if trimmed.len() == after.len() {
        return None;
    }
    let end = trimmed.find(|c: char| !c.is_alphanumeric() && c != '-').unwrap_or(trimmed.len());
    let word = &trimmed[..end];
    (!word.is_empty()).then_some(word)
}

/// The sentence around `range`: from the previous sentence end to the next one.
fn sentence_around(text: &str, range: Range<usize>) -> &str {
    let start = text[..range.start].rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let end = text[range.end..].find(['.', '!', '?', '\n']).map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the country name at `range` means something else here: an event ("US Open"), a
/// person ("Jordan Smith", "Michael Jordan"), or, for Georgia, the US state.
fn is_other_sense(text: &str, range: Range<usize>) -> bool {
    let name = &text[range.clone()];
    let after = text[range.end..].trim_start_matches([' ', '\t']);
    let touching = after.len() < text.len() - range.end;
    if touching && EVENT_WORDS.iter().any(|event| after.starts_with(event) && is_word_end(after, event.len())) {
        return true;
    }
    if ALSO_PERSONAL_NAMES.contains(&name) {
        let possessive = text[range.end..].starts_with(['\'', '\u{2019}']);
        let next = next_word(text, range.end).filter(|w| is_capitalised(w) && !possessive);
        if next.is_some_and(|w| !PLACE_WORDS.contains(&w) && !gazetteer().is_country_word(w)) {
            return true; // "Jordan Smith said"
        }
        let previous = previous_word(text, range.start).filter(|w| is_capitalised(w));
        if previous
            .is_some_and(|w| !FUNCTION_WORDS.contains(&w.to_lowercase().as_str()) && !gazetteer().is_country_word(w))
        {
            return true; // "Michael Jordan"
        }
    }
    if name == "Georgia" {
        let sentence = sentence_around(text, range);
        let words: Vec<&str> = sentence.split(|c: char| !c.is_alphanumeric()).collect();
        let state = words.iter().any(|w| US_STATE_CUES.contains(w)) || sentence.contains("state of Georgia");
        let country = words.iter().any(|w| GEORGIA_COUNTRY_CUES.contains(w));
        return state && !country;
    }
    false
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_word_end(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-wise word scan finds the same word boundaries as testing every character.
    #[test]
    fn word_scan_agrees_with_a_scan_by_characters() {
        let by_chars = |text: &str, from: usize, word: bool| {
            text[from..].char_indices().find(|&(_, c)| is_word_char(c) == word).map(|(at, _)| from + at)
        };
        let texts = [
            "Kenya's talks, in Côte d'Ivoire (2021) -- São Tomé!",
            "  \u{201c}Ελλάδα\u{201d} и Россия; 日本と中国。 x",
            "",
            "...",
            "mid\u{00a0}word 42nd",
        ];
        for text in texts {
            for from in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                for word in [true, false] {
                    assert_eq!(find_char(text, from, word), by_chars(text, from, word), "{text:?} from {from}");
                }
            }
        }
    }

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
    fn events_people_and_the_us_state_are_not_countries() {
        assert!(names("She won the US Open and the French Open; the Dutch Grand Prix was wet.").is_empty());
        assert_eq!(names("the Dutch government and the U.S. Open"), ["Netherlands"]);
        assert!(names("Jordan Smith scored. Chad Williams and Michael Jordan watched.").is_empty());
        assert_eq!(
            names("Jordan's king met Chad Foreign Minister Ali in Jordan. In Chad, rains came."),
            ["Jordan", "Chad", "Jordan", "Chad"]
        );
        assert!(names("Voters in Atlanta, Georgia, lined up; Georgia's governor spoke.").is_empty());
        assert_eq!(names("Georgia's parliament in Tbilisi voted."), ["Georgia"]);
        assert!(names("South Australian growers and New South Wales farmers").is_empty());
        // A multi-byte mark before the name must not be cut in half.
        assert_eq!(names("talks\u{2014}Jordan hosted them"), ["Jordan"]);
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
