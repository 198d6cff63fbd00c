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
    /// Bit `256 * a + b` is set when some pattern starts with the bytes `a b` (or is the one
    /// byte `a`): most capitalised words ("The", "He", "Minister") fail this test too.
    first_pairs: Box<[u64; 1024]>,
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
        // Mentions start at a word start, so only patterns starting with a word character count.
        let (mut first_bytes, mut first_pairs) = ([false; 256], Box::new([0u64; 1024]));
        for pattern in patterns.iter().filter(|p| p.chars().next().is_some_and(is_word_char)) {
            let bytes = pattern.as_bytes();
            first_bytes[usize::from(bytes[0])] = true;
            let seconds = match bytes.get(1) {
                Some(&second) => second..=second,
                None => 0..=u8::MAX,
            };
            for second in seconds {
                let bit = usize::from(bytes[0]) << 8 | usize::from(second);
                first_pairs[bit / 64] |= 1 << (bit % 64);
            }
        }
        Gazetteer { countries, pattern_country, patterns, first_bytes, first_pairs, matcher: OnceLock::new(), lookup }
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

    /// Whether `text` is exactly a country name, alias or demonym (case-sensitive); not a
    /// phrase the gazetteer lists as no country ("Michael Jordan").
    pub fn is_country_word(&self, text: &str) -> bool {
        let input = Input::new(text).anchored(Anchored::Yes);
        self.matcher()
            .find(input)
            .is_some_and(|m| m.end() == text.len() && self.pattern_country[m.pattern().as_usize()].is_some())
    }

    /// Every country mention in `text`, in order of position: at each word start, the longest
    /// pattern that ends at a word end; the words it covers are passed over.
    pub fn mentions(&'static self, text: &str) -> Vec<CountryMention> {
        let mut found = Vec::new();
        let mut position = 0;
        while let Some(start) = self.next_candidate(text, position) {
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            match self.matcher().find(input) {
                Some(hit) if is_word_end(text, hit.end()) => {
                    if let Some(country) = self.pattern_country[hit.pattern().as_usize()] {
                        let range = hit.start()..hit.end();
                        if !is_other_sense(text, range.clone()) {
                            found.push(CountryMention { country: &self.countries[country].name, range });
                        }
                    }
                    position = hit.end();
                }
                _ => position = start + 1,
            }
        }
        found
    }

    /// The first word start at or after `from` where a pattern may start: its first two bytes
    /// begin some pattern. One table lookup per byte; the bytes around a candidate are decoded
    /// only when they are not ASCII.
    fn next_candidate(&self, text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        (from..bytes.len()).find(|&at| {
            let first = bytes[at];
            if !self.first_bytes[usize::from(first)] {
                return false;
            }
            let second = bytes.get(at + 1).copied();
            let bit = usize::from(first) << 8 | usize::from(second.unwrap_or(0));
            let pair = second.is_none() || self.first_pairs[bit / 64] >> (bit % 64) & 1 == 1;
            let word_char =
                first.is_ascii() || (text.is_char_boundary(at) && text[at..].chars().next().is_some_and(is_word_char));
            let after_word = match at.checked_sub(1).map(|before| bytes[before]) {
                None => false,
                Some(before) if before.is_ascii() => before.is_ascii_alphanumeric(),
                Some(_) => text[..at].chars().next_back().is_some_and(is_word_char),
            };
            pair && word_char && !after_word
        })
    }
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

    /// The mentions as defined: every word start found by testing every character, the
    /// automaton run at each, the words of a mention passed over.
    fn mentions_by_characters(text: &str) -> Vec<CountryMention> {
        let g = gazetteer();
        let mut found = Vec::new();
        let mut position = 0;
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|&(at, c)| is_word_char(c) && !text[..at].chars().next_back().is_some_and(is_word_char))
            .map(|(at, _)| at)
            .collect();
        for start in starts {
            if start < position {
                continue;
            }
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            if let Some(hit) = g.matcher().find(input).filter(|hit| is_word_end(text, hit.end())) {
                let range = hit.start()..hit.end();
                if let Some(country) = g.pattern_country[hit.pattern().as_usize()] {
                    if !is_other_sense(text, range.clone()) {
                        found.push(CountryMention { country: &g.countries[country].name, range });
                    }
                }
                position = hit.end();
            }
        }
        found
    }

    /// The byte-wise scan for candidates (first byte, first two bytes, word start) finds what
    /// running the automaton at every word start finds.
    #[test]
    fn the_candidate_scan_finds_what_every_word_start_finds() {
        let texts = [
            "Kenya's talks, in C\u{f4}te d'Ivoire (2021) -- S\u{e3}o Tom\u{e9}! US-led, UKraine, xKenya, Kenyax",
            "  \u{201c}Ellada\u{201d} and \u{e9}Kenya; \u{65e5}Japan, Japan\u{65e5}, \u{e9}\u{301}Chad. U",
            "",
            "...K",
            "mid\u{a0}Niger Nigeria Nigerian Papua New Guinea Guinea-Bissau Guinea South Sudan Sudanese",
            "The Dutch and the French met Armenian, Azerbaijani and Turkish envoys; the U.S. and the UK agreed. USA",
        ];
        for text in texts {
            assert_eq!(gazetteer().mentions(text), mentions_by_characters(text), "{text:?}");
        }
        let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/dev");
        let mut files = 0;
        for entry in std::fs::read_dir(dev).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(gazetteer().mentions(&text), mentions_by_characters(&text));
            files += 1;
        }
        assert!(files > 10);
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
