//! Parsing a query string: the lexer (words, phrases, operators, fields) and a recursive-descent
//! parser into a [`Query`] tree, with errors that point at the column where the query goes wrong.

use std::ops::Range;

use super::{
    parse_date_range, phrase_chunks, split_marker, Marker, Query, QueryError, QueryField, MAX_NESTING, MAX_SLOP,
};

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

pub(super) fn error(query: &str, byte: usize, message: impl Into<String>) -> QueryError {
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
