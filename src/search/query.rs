//! The query language: parsing a query string into a [`Query`] tree, with errors that point
//! at the column where the query goes wrong.
//!
//! | syntax | meaning |
//! |---|---|
//! | `drought water` | both words (AND is the default) |
//! | `drought AND water` | the same, written out |
//! | `drought OR flood` | either word |
//! | `"grain exports"` | the exact phrase |
//! | `-strike`, `NOT strike` | without the word |
//! | `(drought OR flood) -Kenya` | grouping |
//! | `title:talks`, `country:France`, `speaker:Solberg`, `id:2019/a.txt` | field-scoped term |
//!
//! `AND`, `OR` and `NOT` are operators only in capitals; `AND` binds tighter than `OR`.
//! Words are analyzed like the text (see [`crate::analysis`]), so a word that analyzes to
//! several terms (`de-escalate`, `北京`) is searched as a phrase.

use std::fmt;
use std::ops::Range;

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
}

impl QueryField {
    const NAMED: [(&'static str, QueryField); 5] = [
        ("text", QueryField::Text),
        ("title", QueryField::Title),
        ("country", QueryField::Country),
        ("speaker", QueryField::Speaker),
        ("id", QueryField::Id),
    ];

    fn from_name(name: &str) -> Option<QueryField> {
        Self::NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, f)| f)
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
    /// A quoted phrase, in a field.
    Phrase {
        /// The field searched.
        field: QueryField,
        /// The words between the quotes.
        text: String,
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
    Phrase(String),
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
    let mut parser = Parser { query, tokens, next: 0 };
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
    QueryError {
        query: query.to_string(),
        column: query[..byte.min(query.len())].chars().count(),
        message: message.into(),
    }
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
            '"' | '\u{201c}' | '\u{201d}' => {
                chars.next();
                let mut end = None;
                for (i, c) in chars.by_ref() {
                    if matches!(c, '"' | '\u{201c}' | '\u{201d}') {
                        end = Some(i);
                        break;
                    }
                }
                let Some(end) = end else {
                    return Err(error(query, start, "this quote is never closed: add a closing `\"`"));
                };
                let text = query[start + c.len_utf8()..end].to_string();
                tokens.push(Token { lexeme: Lexeme::Phrase(text), span: start..end + 1 });
            }
            _ => {
                let mut end = start;
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\u{201c}' | '\u{201d}') {
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
                self.next += 1;
                Ok(Query::Not(Box::new(self.unary()?)))
            }
            Some(Lexeme::Plus) => {
                self.next += 1;
                self.unary()
            }
            _ => self.primary(),
        }
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
            Lexeme::Word(text) => Ok(Query::Word { field: QueryField::Text, text }),
            Lexeme::Phrase(text) => Ok(Query::Phrase { field: QueryField::Text, text }),
            Lexeme::Open => {
                if self.peek() == Some(&Lexeme::Close) {
                    return Err(self.error_at(at, "empty group `()`: put words inside or remove it"));
                }
                let inner = self.or_expr()?;
                if self.peek() != Some(&Lexeme::Close) {
                    return Err(self.error_at(at, "this `(` is never closed: add a `)`"));
                }
                self.next += 1;
                Ok(inner)
            }
            Lexeme::Field(field) => match self.tokens.get(self.next).map(|t| t.lexeme.clone()) {
                Some(Lexeme::Word(text)) => {
                    self.next += 1;
                    Ok(Query::Word { field, text })
                }
                Some(Lexeme::Phrase(text)) => {
                    self.next += 1;
                    Ok(Query::Phrase { field, text })
                }
                _ => {
                    let name = &self.query[token.span];
                    Err(self.error_at(
                        at,
                        format!("`{name}` needs a value right after it, like {name}word or {name}\"two words\""),
                    ))
                }
            },
            Lexeme::Close => Err(self.error_at(at, "unexpected `)`: there is nothing to close")),
            Lexeme::And | Lexeme::Or => {
                let operator = &self.query[token.span];
                Err(self.error_at(at, format!("`{operator}` must stand between two words, phrases or groups")))
            }
            Lexeme::Not | Lexeme::Minus | Lexeme::Plus => unreachable!("handled by unary"),
        }
    }
}

impl Query {
    /// The words and phrases of the text field that a matching passage contains, as term
    /// sequences: what gets highlighted. Excluded terms (under `NOT`/`-`) are left out.
    pub fn positive_text_atoms(&self) -> Vec<Vec<String>> {
        let mut atoms = Vec::new();
        self.collect_atoms(true, &mut atoms);
        atoms
    }

    fn collect_atoms(&self, positive: bool, atoms: &mut Vec<Vec<String>>) {
        match self {
            Query::Word { field: QueryField::Text, text } | Query::Phrase { field: QueryField::Text, text } => {
                let terms = crate::analysis::terms(text);
                if positive && !terms.is_empty() && !atoms.contains(&terms) {
                    atoms.push(terms);
                }
            }
            Query::Word { .. } | Query::Phrase { .. } => {}
            Query::And(parts) | Query::Or(parts) => parts.iter().for_each(|p| p.collect_atoms(positive, atoms)),
            Query::Not(inner) => inner.collect_atoms(!positive, atoms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Query {
        Query::Word { field: QueryField::Text, text: text.into() }
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
                Query::Phrase { field: QueryField::Country, text: "United States".into() },
                Query::Word { field: QueryField::Speaker, text: "Solberg".into() },
            ])
        );
        assert_eq!(parse("at 10:30").unwrap(), Query::And(vec![word("at"), word("10:30")]));
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
        ];
        for (query, column) in cases {
            let error = parse(query).unwrap_err();
            assert_eq!(error.column, column, "{query}: {}", error.message);
        }
        assert!(parse("talks \"open").unwrap_err().to_string().contains("\n        ^"));
    }

    #[test]
    fn atoms_leave_out_excluded_and_field_terms() {
        let query = parse("\"grain exports\" -strike title:port NOT (a -b)").unwrap();
        assert_eq!(query.positive_text_atoms(), vec![vec!["grain".to_string(), "exports".into()], vec!["b".into()]]);
    }
}
