//! The query language: parsing a query string into a [`Query`] tree, with errors that point
//! at the column where the query goes wrong.
//!
#![doc = include_str!("../../docs/src/query-syntax.md")]

use std::fmt;
use std::ops::Range;

use crate::analysis;
use crate::date::{DateError, Period};

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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Open,
    Close,
    And,
    Or,
    Not,
    Minus,
    Plus,
    Field(QueryField),
    Word(String),
    /// The words between the quotes, and the `~N` after them (0 without).
    Phrase(String, u32),
}

#[derive(Debug, Clone)]
struct Token {
    lexeme: Lexeme,
    /// Byte range in the query.
    span: Range<usize>,
}

/// Parses a query string.
pub fn parse(query: &str) -> Result<Query, QueryError> {
    let tokens = lex(query)?;
    let mut parser = Parser { query, tokens, next: 0, depth: 0 };
    if parser.tokens.is_empty() {
        return Err(parser.error_at(0, "the query is empty: give one or more words"));
    }
    let tree = parser.or_expr()?;
    if let Some(token) = parser.tokens.get(parser.next) {
        let at = token.span.start;
        return Err(parser.error_at(at, "unmatched `)`: remove it or add a `(` before it"));
    }
    Ok(tree)
}

fn error(query: &str, byte: usize, message: impl Into<String>) -> QueryError {
    let mut byte = byte.min(query.len());
    while !query.is_char_boundary(byte) {
        byte -= 1;
    }
    QueryError { query: query.to_string(), column: query[..byte].chars().count(), message: message.into() }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}')
}

fn lex(query: &str) -> Result<Vec<Token>, QueryError> {
    let mut tokens = Vec::new();
    let mut chars = query.char_indices().peekable();
    // Whether the previous character separates tokens (so `-` there means exclusion).
    let mut at_boundary = true;
    while let Some(&(start, c)) = chars.peek() {
        let single = |lexeme| Token { lexeme, span: start..start + c.len_utf8() };
        match c {
            c if c.is_whitespace() => {
                chars.next();
                at_boundary = true;
                continue;
            }
            '(' => {
                chars.next();
                tokens.push(single(Lexeme::Open));
            }
            ')' => {
                chars.next();
                tokens.push(single(Lexeme::Close));
            }
            '-' | '+' if at_boundary => {
                chars.next();
                tokens.push(single(if c == '-' { Lexeme::Minus } else { Lexeme::Plus }));
                at_boundary = false;
                continue;
            }
            c if is_quote(c) => {
                chars.next();
                let mut end = None;
                for (i, c) in chars.by_ref() {
                    if is_quote(c) {
                        end = Some(i);
                        break;
                    }
                }
                let Some(end) = end else {
                    return Err(error(query, start, "this quote is never closed: add a closing `\"`"));
                };
                let text = query[start + c.len_utf8()..end].to_string();
                let mut span_end = end + 1;
                let mut slop = 0;
                match chars.peek() {
                    Some(&(tilde, '~')) => {
                        chars.next();
                        let mut digits_end = tilde + 1;
                        while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                            chars.next();
                            digits_end = i + d.len_utf8();
                        }
                        let digits = &query[tilde + 1..digits_end];
                        if digits.is_empty() {
                            let message = "`~` after a phrase needs a number: \"ceasefire talks\"~5 finds the words \
                                           with at most 5 other words between them";
                            return Err(error(query, tilde, message));
                        }
                        slop =
                            digits.parse::<u32>().ok().filter(|n| *n <= MAX_SLOP).ok_or_else(|| {
                                error(query, tilde + 1, format!("a phrase's `~N` is at most {MAX_SLOP}"))
                            })?;
                        span_end = digits_end;
                    }
                    Some(&(star, '*')) => {
                        let message =
                            "`*` after a phrase: put it on the word inside the quotes, like \"peace negotiat*\"";
                        return Err(error(query, star, message));
                    }
                    _ => {}
                }
                tokens.push(Token { lexeme: Lexeme::Phrase(text, slop), span: start..span_end });
            }
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')') || is_quote(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                    // `field:` ends the token so that `country:"United States"` works.
                    if c == ':' && is_field_name(&query[start..i]) {
                        break;
                    }
                }
                let word = &query[start..end];
                let lexeme = match word {
                    "AND" => Lexeme::And,
                    "OR" => Lexeme::Or,
                    "NOT" => Lexeme::Not,
                    _ => match word.strip_suffix(':').filter(|name| is_field_name(name)) {
                        Some(name) => match QueryField::from_name(name) {
                            Some(field) => Lexeme::Field(field),
                            None => {
                                let known = QueryField::NAMED.map(|(n, _)| n).join(", ");
                                let message = format!("unknown field `{name}`: use one of {known}");
                                return Err(error(query, start, message));
                            }
                        },
                        None => Lexeme::Word(word.to_string()),
                    },
                };
                tokens.push(Token { lexeme, span: start..end });
            }
        }
        at_boundary = matches!(tokens.last().map(|t| &t.lexeme), Some(Lexeme::Open | Lexeme::Field(_)));
    }
    Ok(tokens)
}

/// A field name: ASCII letters and `_`, as in `country:`.
fn is_field_name(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
}

struct Parser<'q> {
    query: &'q str,
    tokens: Vec<Token>,
    next: usize,
    /// How deep the parser is in groups and unary operators.
    depth: usize,
}

impl Parser<'_> {
    fn error_at(&self, byte: usize, message: impl Into<String>) -> QueryError {
        error(self.query, byte, message)
    }

    fn peek(&self) -> Option<&Lexeme> {
        self.tokens.get(self.next).map(|t| &t.lexeme)
    }

    /// Where the next token starts (or the end of the query).
    fn here(&self) -> usize {
        self.tokens.get(self.next).map_or(self.query.len(), |t| t.span.start)
    }

    fn or_expr(&mut self) -> Result<Query, QueryError> {
        let mut alternatives = vec![self.and_expr()?];
        while self.peek() == Some(&Lexeme::Or) {
            self.next += 1;
            alternatives.push(self.and_expr()?);
        }
        Ok(if alternatives.len() == 1 { alternatives.pop().expect("one") } else { Query::Or(alternatives) })
    }

    fn and_expr(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Lexeme::Or | Lexeme::Close) => break,
                Some(Lexeme::And) => {
                    self.next += 1;
                    parts.push(self.unary()?);
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 { parts.pop().expect("one") } else { Query::And(parts) })
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        match self.peek() {
            Some(Lexeme::Not | Lexeme::Minus) => {
                let at = self.here();
                self.next += 1;
                Ok(Query::Not(Box::new(self.nested(at, Self::unary)?)))
            }
            Some(Lexeme::Plus) => {
                let at = self.here();
                self.next += 1;
                self.nested(at, Self::unary)
            }
            _ => self.primary(),
        }
    }

    /// Parses one level deeper with `parse`, refusing to go past [`MAX_NESTING`] (the operator
    /// or group that would is at byte `at`).
    fn nested(&mut self, at: usize, parse: fn(&mut Self) -> Result<Query, QueryError>) -> Result<Query, QueryError> {
        if self.depth >= MAX_NESTING {
            let message = format!("the query nests groups and NOT, - or + more than {MAX_NESTING} deep: simplify it");
            return Err(self.error_at(at, message));
        }
        self.depth += 1;
        let parsed = parse(self);
        self.depth -= 1;
        parsed
    }

    /// A word of `field` that starts at byte `start`: a plain word, a prefix or a fuzzy word.
    fn word(&self, field: QueryField, text: String, start: usize) -> Result<Query, QueryError> {
        if !field.is_analyzed() {
            if field != QueryField::Id && (text.contains('*') || text.contains('~')) {
                let at = start + text.find(['*', '~']).unwrap_or(0);
                let message = "`*` and `~` work on words of the text and the title: give the whole name";
                return Err(self.error_at(at, message));
            }
            return Ok(Query::Word { field, text });
        }
        match split_marker(&text) {
            Err((at, message)) => Err(self.error_at(start + at, message)),
            Ok((_, Marker::Exact)) => Ok(Query::Word { field, text }),
            Ok((stem, Marker::Prefix)) => Ok(Query::Prefix { field, text: stem.to_string() }),
            Ok((stem, Marker::Fuzzy(0))) => Ok(Query::Word { field, text: stem.to_string() }),
            Ok((stem, Marker::Fuzzy(distance))) => Ok(Query::Fuzzy { field, text: stem.to_string(), distance }),
        }
    }

    /// A phrase of `field` whose token spans `span`, its words' marks checked.
    fn phrase(&self, field: QueryField, text: String, slop: u32, span: Range<usize>) -> Result<Query, QueryError> {
        if !field.is_analyzed() {
            if slop > 0 {
                let at = span.start + self.query[span.clone()].rfind('~').unwrap_or(0);
                return Err(self.error_at(at, "`~N` works on phrases of the text and the title"));
            }
            let text_start = span.start + self.query[span.start..].chars().next().map_or(1, char::len_utf8);
            return match self.word(field, text, text_start)? {
                Query::Word { field, text } => Ok(Query::Phrase { field, text, slop: 0 }),
                other => Ok(other),
            };
        }
        // The text starts after the opening quote, which may be one or three bytes.
        let text_start = span.start + self.query[span.start..].chars().next().map_or(1, char::len_utf8);
        for (offset, chunk) in phrase_chunks(&text) {
            if let Err((at, message)) = split_marker(chunk) {
                return Err(self.error_at(text_start + offset + at, message));
            }
        }
        Ok(Query::Phrase { field, text, slop })
    }

    fn primary(&mut self) -> Result<Query, QueryError> {
        let at = self.here();
        let Some(token) = self.tokens.get(self.next).cloned() else {
            let previous = self.tokens[self.next - 1].span.clone();
            let operator = &self.query[previous];
            return Err(self.error_at(at, format!("`{operator}` needs a word, a \"phrase\" or a ( group ) after it")));
        };
        self.next += 1;
        match token.lexeme {
            Lexeme::Word(text) => self.word(QueryField::Text, text, token.span.start),
            Lexeme::Phrase(text, slop) => self.phrase(QueryField::Text, text, slop, token.span),
            Lexeme::Open => {
                if self.peek() == Some(&Lexeme::Close) {
                    return Err(self.error_at(at, "empty group `()`: put words inside or remove it"));
                }
                let inner = self.nested(at, Self::or_expr)?;
                if self.peek() != Some(&Lexeme::Close) {
                    return Err(self.error_at(at, "this `(` is never closed: add a `)`"));
                }
                self.next += 1;
                Ok(inner)
            }
            Lexeme::Field(field) => {
                let value = self.tokens.get(self.next).cloned();
                match value.map(|t| (t.lexeme, t.span)) {
                    Some((Lexeme::Word(text), span)) if field == QueryField::Date => {
                        self.next += 1;
                        self.date(&text, span.start)
                    }
                    Some((Lexeme::Phrase(text, _), span)) if field == QueryField::Date => {
                        self.next += 1;
                        let start = span.start + self.query[span.start..].chars().next().map_or(1, char::len_utf8);
                        let trimmed = text.trim_start();
                        self.date(trimmed.trim_end(), start + text.len() - trimmed.len())
                    }
                    Some((Lexeme::Word(text), span)) => {
                        self.next += 1;
                        self.word(field, text, span.start)
                    }
                    Some((Lexeme::Phrase(text, slop), span)) => {
                        self.next += 1;
                        self.phrase(field, text, slop, span)
                    }
                    _ => {
                        let name = &self.query[token.span];
                        Err(self.error_at(
                            at,
                            format!("`{name}` needs a value right after it, like {name}word or {name}\"two words\""),
                        ))
                    }
                }
            }
            Lexeme::Close => Err(self.error_at(at, "unexpected `)`: there is nothing to close")),
            Lexeme::And | Lexeme::Or => {
                let operator = &self.query[token.span];
                Err(self.error_at(at, format!("`{operator}` must stand between two words, phrases or groups")))
            }
            Lexeme::Not | Lexeme::Minus | Lexeme::Plus => unreachable!("handled by unary"),
        }
    }

    /// The value of `date:` that starts at byte `start`.
    fn date(&self, text: &str, start: usize) -> Result<Query, QueryError> {
        match parse_date_range(text) {
            Ok((from, to)) => Ok(Query::Date { from, to }),
            Err((at, message)) => Err(self.error_at(start + at, message)),
        }
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
mod tests {
    use super::*;

    fn word(text: &str) -> Query {
        Query::Word { field: QueryField::Text, text: text.into() }
    }

    fn phrase(text: &str, slop: u32) -> Query {
        Query::Phrase { field: QueryField::Text, text: text.into(), slop }
    }

    #[test]
    fn parses_operators_with_and_binding_tighter() {
        assert_eq!(parse("a b OR c").unwrap(), Query::Or(vec![Query::And(vec![word("a"), word("b")]), word("c")]));
        assert_eq!(parse("a AND NOT b").unwrap(), Query::And(vec![word("a"), Query::Not(Box::new(word("b")))]));
        assert_eq!(
            parse("-(a OR b) de-escalate").unwrap(),
            Query::And(vec![Query::Not(Box::new(Query::Or(vec![word("a"), word("b")]))), word("de-escalate"),])
        );
    }

    #[test]
    fn parses_fields_and_phrases() {
        assert_eq!(
            parse("country:\"United States\" speaker:Solberg").unwrap(),
            Query::And(vec![
                Query::Phrase { field: QueryField::Country, text: "United States".into(), slop: 0 },
                Query::Word { field: QueryField::Speaker, text: "Solberg".into() },
            ])
        );
        assert_eq!(parse("at 10:30").unwrap(), Query::And(vec![word("at"), word("10:30")]));
    }

    #[test]
    fn parses_prefixes_fuzzy_words_and_proximity() {
        assert_eq!(parse("negotiat*").unwrap(), Query::Prefix { field: QueryField::Text, text: "negotiat".into() });
        assert_eq!(
            parse("title:Guteres~2").unwrap(),
            Query::Fuzzy { field: QueryField::Title, text: "Guteres".into(), distance: 2 }
        );
        assert_eq!(
            parse("Guteres~").unwrap(),
            Query::Fuzzy { field: QueryField::Text, text: "Guteres".into(), distance: 1 }
        );
        assert_eq!(parse("Guterres~0").unwrap(), word("Guterres"));
        assert_eq!(
            parse("\"ceasefire talks\"~5 x").unwrap(),
            Query::And(vec![phrase("ceasefire talks", 5), word("x")])
        );
        assert_eq!(parse("\u{201c}peace negotiat*\u{201d}").unwrap(), phrase("peace negotiat*", 0));
    }

    #[test]
    fn parses_date_ranges() {
        let period = |text: &str| Some(text.parse::<Period>().unwrap());
        assert_eq!(parse("date:2019").unwrap(), Query::Date { from: period("2019"), to: period("2019") });
        assert_eq!(parse("date:2019-03..2020").unwrap(), Query::Date { from: period("2019-03"), to: period("2020") });
        assert_eq!(parse("date:2020..").unwrap(), Query::Date { from: period("2020"), to: None });
        assert_eq!(parse("DATE:..2019-06-30").unwrap(), Query::Date { from: None, to: period("2019-06-30") });
        assert_eq!(
            parse("-date:\"2020\"").unwrap(),
            Query::Not(Box::new(Query::Date { from: period("2020"), to: period("2020") }))
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("", 0),
            ("talks \"open", 6),
            ("(talks OR", 9),
            ("talks)", 5),
            ("OR talks", 0),
            ("speakr:Guterres", 0),
            ("talks country:", 6),
            ("a ()", 2),
            ("NOT", 3),
            ("talks *", 6),
            ("ne*go*", 2),
            ("neg*ate", 3),
            ("a n*", 2),
            ("talks ~", 6),
            ("Guteres~3", 8),
            ("Guteres~x", 7),
            ("ab~", 0),
            ("abcd~2", 0),
            ("\"ceasefire talks\"~", 17),
            ("\"ceasefire talks\"~101", 18),
            ("\"grain exp\"*", 11),
            ("\"peace n*\"", 7),
            ("country:Ken*", 11),
            ("date:2019-02-30", 5),
            ("date:2019..20x", 11),
            ("x date:..", 7),
            ("date:2021..2020", 5),
            ("date:", 0),
        ];
        for (query, column) in cases {
            let error = parse(query).unwrap_err();
            assert_eq!(error.column, column, "{query}: {}", error.message);
        }
        assert!(parse("talks \"open").unwrap_err().to_string().contains("\n        ^"));
        assert!(parse("date:2019-13").unwrap_err().message.contains("YYYY-MM"));
        assert!(parse("id:notes~").is_ok());
    }

    #[test]
    fn atoms_leave_out_excluded_and_field_terms() {
        let query = parse("\"grain exports\" -strike title:port NOT (a -b)").unwrap();
        let exact = |terms: &[&str]| Atom::from(terms.iter().map(|t| t.to_string()).collect::<Vec<_>>());
        assert_eq!(query.positive_text_atoms(), vec![exact(&["grain", "exports"]), exact(&["b"])]);
    }

    #[test]
    fn atoms_carry_marks_and_slop() {
        let atoms = parse("\"Antonio Guteres~\"~2 De-Esc* date:2020").unwrap().positive_text_atoms();
        let fuzzy = AtomTerm::Fuzzy { term: "guteres".into(), distance: 1 };
        assert_eq!(atoms[0], Atom { terms: vec![AtomTerm::Exact("antonio".into()), fuzzy], slop: 2 });
        assert_eq!(
            atoms[1],
            Atom { terms: vec![AtomTerm::Exact("de".into()), AtomTerm::Prefix("esc".into())], slop: 0 }
        );
        assert_eq!(atoms.len(), 2);
    }

    #[test]
    fn auto_fuzzy_leaves_short_words_phrases_and_fields_alone() {
        let tree = parse("Guteres in talks \"Guteres said\" country:Kenya").unwrap().with_auto_fuzzy();
        let Query::And(parts) = tree else { panic!("an AND") };
        assert_eq!(parts[0], Query::Fuzzy { field: QueryField::Text, text: "Guteres".into(), distance: 2 });
        assert_eq!(parts[1], word("in"));
        assert_eq!(parts[2], Query::Fuzzy { field: QueryField::Text, text: "talks".into(), distance: 1 });
        assert_eq!(parts[3], phrase("Guteres said", 0));
        assert_eq!(parts[4], Query::Word { field: QueryField::Country, text: "Kenya".into() });
    }

    #[test]
    fn nesting_is_bounded_with_a_clear_error() {
        let grouped = |n: usize| format!("{}talks{}", "(".repeat(n), ")".repeat(n));
        assert!(parse(&grouped(MAX_NESTING)).is_ok());
        let error = parse(&grouped(MAX_NESTING + 1)).unwrap_err();
        assert!(error.message.contains("more than 64 deep"), "{error}");
        assert_eq!(error.column, MAX_NESTING, "the group that goes too deep (0-based): {error}");
        assert!(parse(&format!("{}talks", "NOT ".repeat(MAX_NESTING))).is_ok());
        assert!(parse(&format!("{}talks", "- ".repeat(MAX_NESTING + 1))).is_err());
        assert!(parse(&format!("{}talks", "+ ".repeat(10_000))).is_err());
    }
}
