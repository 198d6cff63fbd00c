//! The query language: the [`Query`] tree a query string is parsed into (by `parse.rs`), with
//! errors that point at the column where the query goes wrong.
//!
#![doc = include_str!("../../../docs/src/query-syntax.md")]

use std::fmt;

use crate::analysis;
use crate::date::{DateError, Period};

mod parse;

use parse::error;
pub use parse::parse;

/// The largest `~N` of a phrase: how many words may stand between its words.
pub const MAX_SLOP: u32 = 100;
/// The largest edit distance of a fuzzy word (`Guteres~2`).
pub const MAX_EDIT_DISTANCE: u8 = 2;
/// The fewest letters or digits a prefix (`negotiat*`) may have.
pub const MIN_PREFIX_CHARS: usize = 2;
/// The most words of the index one prefix or fuzzy word may stand for.
pub const MAX_EXPANSIONS: usize = 1024;
/// The deepest a query may nest `( groups )` and `NOT`, `-` and `+` (each one level): deep
/// enough for any query a person writes, and far from what would exhaust the stack when the
/// query is parsed and searched.
pub const MAX_NESTING: usize = 64;

/// The fewest characters a word needs to be matched with `distance` edits: more than twice
/// the distance, so `~1` needs 3 and `~2` needs 5.
pub fn min_fuzzy_chars(distance: u8) -> usize {
    2 * usize::from(distance) + 1
}

/// The edit distance `--fuzzy` gives a word: none below 3 characters, 1 up to 5, 2 beyond.
pub fn auto_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// A field a term can be scoped to with `field:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryField {
    /// The article or passage text (the default).
    Text,
    /// The headline.
    Title,
    /// A country, by any name, alias, demonym or ISO code.
    Country,
    /// A speaker, by full name or surname.
    Speaker,
    /// An article id, exactly.
    Id,
    /// The article's date: a period or a range (parsed into [`Query::Date`]).
    Date,
}

impl QueryField {
    const NAMED: [(&'static str, QueryField); 6] = [
        ("text", QueryField::Text),
        ("title", QueryField::Title),
        ("country", QueryField::Country),
        ("speaker", QueryField::Speaker),
        ("id", QueryField::Id),
        ("date", QueryField::Date),
    ];

    fn from_name(name: &str) -> Option<QueryField> {
        Self::NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, f)| f)
    }

    /// Whether words of this field are analyzed text (so prefixes, fuzzy words and proximity apply).
    fn is_analyzed(self) -> bool {
        matches!(self, QueryField::Text | QueryField::Title)
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Query {
    /// A word, in a field. Several terms after analysis mean a phrase.
    Word {
        /// The field searched.
        field: QueryField,
        /// The word as typed.
        text: String,
    },
    /// Any word that starts with a prefix: `negotiat*`.
    Prefix {
        /// The field searched (text or title).
        field: QueryField,
        /// The prefix as typed, without the `*`.
        text: String,
    },
    /// Any word within some edits of a word: `Guteres~`, `Guteres~2`.
    Fuzzy {
        /// The field searched (text or title).
        field: QueryField,
        /// The word as typed, without the `~N`.
        text: String,
        /// How many edits are allowed: 1 or 2.
        distance: u8,
    },
    /// A quoted phrase, in a field. Its words may carry `*` and `~N` marks.
    Phrase {
        /// The field searched.
        field: QueryField,
        /// The words between the quotes.
        text: String,
        /// How many other words may stand between the phrase's words (`"a b"~5`); 0 for an
        /// exact phrase.
        slop: u32,
    },
    /// Articles dated within a range: `date:2019`, `date:2019-03..2020`, `date:2020..`.
    Date {
        /// From the first day of this period on, if bounded.
        from: Option<Period>,
        /// Up to the last day of this period, if bounded.
        to: Option<Period>,
    },
    /// All of these.
    And(Vec<Query>),
    /// Any of these.
    Or(Vec<Query>),
    /// Not this.
    Not(Box<Query>),
}

/// A query that cannot be parsed: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// The 0-based character column where the problem is.
    pub column: usize,
    /// What is wrong, and what to do.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "invalid query: {} (column {})", self.message, self.column + 1)?;
        writeln!(f, "  {}", self.query)?;
        write!(f, "  {}^", " ".repeat(self.column))
    }
}

impl QueryError {
    /// An error about `word`, placed where `word` first occurs in `query` (or at its start).
    pub(crate) fn about(query: &str, word: &str, message: impl Into<String>) -> QueryError {
        // Query words are analyzed (lower-cased), so look for them in any ASCII case.
        let byte = if word.is_empty() { None } else { query.to_ascii_lowercase().find(&word.to_ascii_lowercase()) };
        error(query, byte.unwrap_or(0), message)
    }
}

/// How one word of a query position matches the words of the text, after analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AtomTerm {
    /// Exactly this term.
    Exact(String),
    /// Any term that starts with this.
    Prefix(String),
    /// Any term within `distance` edits (Damerau-Levenshtein, a swap costing 1) of this.
    Fuzzy {
        /// The term.
        term: String,
        /// At most this many edits.
        distance: u8,
    },
}

impl AtomTerm {
    /// The term or prefix.
    pub fn text(&self) -> &str {
        match self {
            AtomTerm::Exact(term) | AtomTerm::Prefix(term) | AtomTerm::Fuzzy { term, .. } => term,
        }
    }
}

/// A word or phrase of a query as the text must contain it: a sequence of word positions,
/// and how many other words may stand between them (`slop`, 0 for adjacent words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    /// The positions, in order.
    pub terms: Vec<AtomTerm>,
    /// How many other words may stand between the positions (see the module docs).
    pub slop: u32,
}

impl Atom {
    /// Whether it has no position (a word of punctuation only).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The exact terms of each position, when no position is a prefix or fuzzy.
    pub fn exact_terms(&self) -> Option<Vec<&str>> {
        self.terms
            .iter()
            .map(|t| match t {
                AtomTerm::Exact(term) => Some(term.as_str()),
                _ => None,
            })
            .collect()
    }
}

impl From<Vec<String>> for Atom {
    /// An exact phrase of these terms (one term: a word).
    fn from(terms: Vec<String>) -> Atom {
        Atom { terms: terms.into_iter().map(AtomTerm::Exact).collect(), slop: 0 }
    }
}

/// How a word of the query is to match: exactly, as a prefix or with edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Exact,
    Prefix,
    Fuzzy(u8),
}

/// The positions of a marked word: its terms after analysis, the prefix mark on the last,
/// the fuzzy mark on each term long enough for it.
fn marked_terms(text: &str, marker: Marker) -> Vec<AtomTerm> {
    let terms = analysis::terms(text);
    let last = terms.len().saturating_sub(1);
    terms
        .into_iter()
        .enumerate()
        .map(|(i, term)| match marker {
            Marker::Prefix if i == last => AtomTerm::Prefix(term),
            Marker::Fuzzy(distance) if distance > 0 && term.chars().count() >= min_fuzzy_chars(distance) => {
                AtomTerm::Fuzzy { term, distance }
            }
            _ => AtomTerm::Exact(term),
        })
        .collect()
}

/// Splits the `*` or `~N` mark off a word. Errors give the byte offset in the word.
fn split_marker(word: &str) -> Result<(&str, Marker), (usize, String)> {
    if let Some(stem) = word.strip_suffix('*') {
        if let Some(at) = stem.find('*') {
            return Err((
                at,
                "only one `*`, at the end of a word: negotiat* finds the words that start with negotiat".into(),
            ));
        }
        if !stem.chars().any(char::is_alphanumeric) {
            return Err((stem.len(), "`*` needs the start of a word before it, like negotiat*".into()));
        }
        let last = analysis::terms(stem).pop().unwrap_or_default();
        if last.chars().count() < MIN_PREFIX_CHARS {
            return Err((
                0,
                format!(
                    "the prefix `{word}` is too short: give at least {MIN_PREFIX_CHARS} letters or digits before `*`"
                ),
            ));
        }
        return Ok((stem, Marker::Prefix));
    }
    if let Some(at) = word.find('*') {
        return Err((at, "`*` goes at the end of a word: negotiat* finds the words that start with negotiat".into()));
    }
    if let Some(tilde) = word.rfind('~') {
        let (stem, digits) = (&word[..tilde], &word[tilde + 1..]);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err((tilde, "`~` after a word takes an edit distance: Guteres~ (1 edit) or Guteres~2".into()));
        }
        if !stem.chars().any(char::is_alphanumeric) {
            return Err((
                tilde,
                "`~` needs a word before it, like Guteres~ (a phrase takes a number: \"a b\"~5)".into(),
            ));
        }
        let distance = match digits {
            "" => 1,
            _ => digits.parse::<u8>().ok().filter(|d| *d <= MAX_EDIT_DISTANCE).ok_or_else(|| {
                (tilde + 1, format!("a fuzzy word allows at most {MAX_EDIT_DISTANCE} edits: use ~1 or ~2"))
            })?,
        };
        let longest = analysis::terms(stem).iter().map(|t| t.chars().count()).max().unwrap_or(0);
        if distance > 0 && longest < min_fuzzy_chars(distance) {
            let message = format!(
                "`{word}` is too short for {distance} edit{}: ~1 needs a word of at least {} characters, ~2 at least {}",
                if distance == 1 { "" } else { "s" },
                min_fuzzy_chars(1),
                min_fuzzy_chars(2)
            );
            return Err((0, message));
        }
        return Ok((stem, Marker::Fuzzy(distance)));
    }
    Ok((word, Marker::Exact))
}

/// The words of a phrase with their byte offsets in it.
fn phrase_chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

/// The positions of a phrase's text: its words' terms, with their marks.
fn phrase_terms(text: &str) -> Vec<AtomTerm> {
    let words: Vec<(&str, Marker)> =
        phrase_chunks(text).map(|(_, chunk)| split_marker(chunk).unwrap_or((chunk, Marker::Exact))).collect();
    if words.iter().all(|(_, marker)| *marker == Marker::Exact) {
        // Unmarked: the phrase as one text, exactly as the text was analyzed.
        return marked_terms(text, Marker::Exact);
    }
    words.into_iter().flat_map(|(word, marker)| marked_terms(word, marker)).collect()
}

/// Parses the value of `date:`: a period, or a range `FROM..TO` with either side open.
/// Errors give the byte offset in the value.
fn parse_date_range(text: &str) -> Result<(Option<Period>, Option<Period>), (usize, String)> {
    const FORMS: &str = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range like 2019-03..2020, 2020.. or ..2019-06-30";
    let period = |part: &str, at: usize| -> Result<Option<Period>, (usize, String)> {
        if part.is_empty() {
            return Ok(None);
        }
        part.parse::<Period>().map(Some).map_err(|e| match e {
            DateError::Form(_) => (at, format!("`{part}` is not a date: {FORMS}")),
            other => (at, format!("{other}: {FORMS}")),
        })
    };
    let (from, to) = match text.find("..") {
        Some(dots) => (period(&text[..dots], 0)?, period(&text[dots + 2..], dots + 2)?),
        None => {
            let one = period(text, 0)?;
            (one, one)
        }
    };
    match (from, to) {
        (None, None) => Err((0, format!("`date:` needs a date: {FORMS}"))),
        (Some(from), Some(to)) if from.first > to.last => {
            Err((0, format!("the date range is empty: {} is after {}", from.first, to.last)))
        }
        range => Ok(range),
    }
}

impl Query {
    /// The words and phrases of the text field that a matching passage contains: what gets
    /// highlighted. Excluded words (under `NOT`/`-`) are left out.
    pub fn positive_text_atoms(&self) -> Vec<Atom> {
        let mut atoms = Vec::new();
        self.collect_atoms(true, &mut atoms);
        atoms
    }

    fn collect_atoms(&self, positive: bool, atoms: &mut Vec<Atom>) {
        match self {
            Query::Word { field: QueryField::Text, .. }
            | Query::Prefix { field: QueryField::Text, .. }
            | Query::Fuzzy { field: QueryField::Text, .. }
            | Query::Phrase { field: QueryField::Text, .. } => {
                if let Some(atom) = self.atom().filter(|atom| positive && !atom.is_empty()) {
                    if !atoms.contains(&atom) {
                        atoms.push(atom);
                    }
                }
            }
            Query::Word { .. } | Query::Prefix { .. } | Query::Fuzzy { .. } | Query::Phrase { .. } => {}
            Query::Date { .. } => {}
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.collect_atoms(positive, atoms)),
            Query::Not(inner) => inner.collect_atoms(!positive, atoms),
        }
    }

    /// What a word, prefix, fuzzy word or phrase matches, in whatever field, as positions
    /// after analysis; `None` for other nodes.
    pub fn atom(&self) -> Option<Atom> {
        let (terms, slop) = match self {
            Query::Word { text, .. } => (marked_terms(text, Marker::Exact), 0),
            Query::Prefix { text, .. } => (marked_terms(text, Marker::Prefix), 0),
            Query::Fuzzy { text, distance, .. } => (marked_terms(text, Marker::Fuzzy(*distance)), 0),
            Query::Phrase { text, slop, .. } => (phrase_terms(text), *slop),
            _ => return None,
        };
        let slop = if terms.len() > 1 { slop } else { 0 };
        Some(Atom { terms, slop })
    }

    /// The query with every plain word of the text and title (outside quotes) made fuzzy,
    /// with the distance [`auto_distance`] gives its longest term: what `--fuzzy` does.
    pub fn with_auto_fuzzy(self) -> Query {
        match self {
            Query::Word { field, text } if field.is_analyzed() => {
                let longest = analysis::terms(&text).into_iter().max_by_key(|t| t.chars().count()).unwrap_or_default();
                match auto_distance(&longest) {
                    0 => Query::Word { field, text },
                    distance => Query::Fuzzy { field, text, distance },
                }
            }
            Query::And(parts) => Query::And(parts.into_iter().map(Query::with_auto_fuzzy).collect()),
            Query::Or(parts) => Query::Or(parts.into_iter().map(Query::with_auto_fuzzy).collect()),
            Query::Not(inner) => Query::Not(Box::new(inner.with_auto_fuzzy())),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests;
