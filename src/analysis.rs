//! Text analysis: how article text and query words become index terms.
//!
//! Words are found by Unicode word segmentation (UAX #29), so text in any script is split
//! the way that script expects; a run of Han characters becomes one term per character.
//! Each word is lower-cased and folded to ASCII where it has an ASCII form (`Côte` → `cote`,
//! `Zürich` → `zurich`; Greek and Cyrillic keep their letters). A trailing English possessive
//! is dropped (`Guterres's` → `guterres`). Words are not stemmed.
//!
//! Text scraped from web pages and PDFs often loses the space after a full stop (`said.The
//! minister`, `others.Jobs for all`), and UAX #29 keeps such a run as one word. A word is cut
//! where a full stop or colon glues a lower-case letter to a capitalised word (see
//! [`glue_point`]), and its parts are words of their own, as if the space were there.
//! Abbreviations, decimals and addresses do not have that shape and stay whole (`U.S.`,
//! `3.5`, `example.com`, `Ph.D`).
//!
//! No word is dropped for its length: a word longer than [`MAX_TERM_BYTES`] is cut to that
//! length at a character boundary.
//!
//! The same analyzer is used for indexing, for parsing queries and for highlighting, so a
//! highlight is exactly where a term matched.
//!
//! Passage text is also indexed as pairs of adjacent common words, for fast phrases of them:
//! see [`pairs`].

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter, TokenStream, Tokenizer,
};
use unicode_segmentation::UnicodeSegmentation;

pub mod pairs;
pub(crate) mod recording;

/// The name under which the analyzer is registered with tantivy.
pub const ANALYZER: &str = "dateline";

/// The longest term kept, in bytes; longer words are truncated, never dropped.
pub const MAX_TERM_BYTES: usize = 255;

/// Builds dateline's text analyzer.
pub fn analyzer() -> TextAnalyzer {
    words().build()
}

/// dateline's text analyzer as an index writer uses it: the same words, also recorded for the
/// pair analyzer, which is given each passage's text next (see [`recording`]).
pub(crate) fn recording_analyzer() -> TextAnalyzer {
    words().filter(recording::Record).build()
}

fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(WordTokenizer).filter(LowerCaser).filter(AsciiFoldingFilter).filter(Truncate)
}

/// The terms of a piece of text, in order.
pub fn terms(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.text).collect()
}

/// The tokens of a piece of text, with their byte offsets, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// How many terms the analyzer makes of a piece of text: [`terms`]`(text).len()`, without
/// building them (no filter drops a word).
pub fn word_count(text: &str) -> u64 {
    let mut tokenizer = WordTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        count += 1;
    }
    count
}

/// Splits text into UAX #29 words that contain a letter or digit.
#[derive(Clone, Default)]
pub struct WordTokenizer;

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    words: Segments<'a>,
    /// What is left of a word cut at a glue point, and its offset: the next word.
    rest: Option<(usize, &'a str)>,
    token: Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        WordTokenStream { words: segments(text), rest: None, token: Token { position: usize::MAX, ..Token::default() } }
    }
}

/// The segments of a text that are not white space: words and single marks of punctuation, as
/// UAX #29 word segmentation splits them. The text is taken chunk by chunk between runs of
/// ASCII white space (where UAX #29 never joins a word): an ASCII chunk by the rules
/// specialised to ASCII (several times faster), any other chunk by the full rules, given
/// together with the white space before it (combining and format marks attach to a preceding
/// space). Tested to give exactly the segments of the full rules on the whole text.
pub(crate) fn segments(text: &str) -> Segments<'_> {
    Segments { text, at: 0, current: Chunk::Done, plain: false }
}

/// The iterator [`segments`] returns.
pub(crate) struct Segments<'a> {
    text: &'a str,
    /// Where the next chunk's search starts.
    at: usize,
    current: Chunk<'a>,
    /// Whether the last segment was a plain ASCII word (letters, digits, `_` only).
    plain: bool,
}

enum Chunk<'a> {
    Done,
    /// An ASCII chunk, the position in it, and its offset in the text.
    Ascii(&'a str, usize, usize),
    /// Another chunk (with the white space before it) and its offset in the text.
    Unicode(unicode_segmentation::UWordBoundIndices<'a>, usize),
}

impl<'a> Segments<'a> {
    /// Moves to the next chunk; false at the end of the text.
    fn next_chunk(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let space_start = self.at;
        let mut start = self.at;
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        if start >= bytes.len() {
            return false;
        }
        let mut end = start;
        let mut ascii = true;
        loop {
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
                ascii &= bytes[end].is_ascii();
                end += 1;
            }
            // A chunk that ends in other white space (an en quad, an ideographic space) may
            // not end a segment: UAX #29 keeps horizontal spaces together, with any marks
            // after them (WB3d, WB4). Such a chunk runs on through the next one.
            let ends_in_space = !ascii && self.text[start..end].chars().next_back().is_some_and(char::is_whitespace);
            if !ends_in_space {
                break;
            }
            while end < bytes.len() && bytes[end].is_ascii_whitespace() {
                end += 1;
            }
            if end >= bytes.len() {
                break;
            }
        }
        self.at = end;
        self.current = if ascii {
            Chunk::Ascii(&self.text[start..end], 0, start)
        } else {
            Chunk::Unicode(self.text[space_start..end].split_word_bound_indices(), space_start)
        };
        true
    }

    /// The next chunk when it is one ASCII word (letters, digits, `_`) that white space or the
    /// end of the text ends: most chunks, found in one pass instead of a pass to find the chunk
    /// and another to cut it. Anything else is left to [`Segments::next_chunk`].
    fn plain_word(&mut self) -> Option<(usize, &'a str)> {
        let bytes = self.text.as_bytes();
        let mut start = self.at;
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        let mut end = start;
        while end < bytes.len() && is_ascii_word_byte(bytes[end]) {
            end += 1;
        }
        if end == start || bytes.get(end).is_some_and(|b| !b.is_ascii_whitespace()) {
            return None;
        }
        self.at = end;
        Some((start, &self.text[start..end]))
    }
}

/// A byte that UAX #29 joins with its neighbours of the same kind in ASCII text.
fn is_ascii_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

impl<'a> Iterator for Segments<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            let found = match &mut self.current {
                Chunk::Done => None,
                Chunk::Ascii(chunk, at, base) => (*at < chunk.len()).then(|| {
                    let start = *at;
                    *at = ascii_segment_end(chunk.as_bytes(), start);
                    (*base + start, &chunk[start..*at])
                }),
                Chunk::Unicode(words, base) => words
                    .find(|(_, segment)| !segment.trim().is_empty())
                    .map(|(offset, segment)| (*base + offset, segment)),
            };
            if found.is_some() {
                self.plain = false;
                return found;
            }
            self.current = Chunk::Done;
            if let Some(word) = self.plain_word() {
                self.plain = true;
                return Some(word);
            }
            if !self.next_chunk() {
                return None;
            }
        }
    }
}

/// Where the UAX #29 segment that starts at `start` of an ASCII chunk without white space ends.
/// For ASCII the rules reduce to: letters, digits and `_` join (WB5, WB8-WB10, WB13a/b); `:`,
/// `.` and `'` join two letters (WB6/7); `.`, `,`, `;` and `'` join two digits (WB11/12); any
/// other mark is a segment of its own.
fn ascii_segment_end(bytes: &[u8], start: usize) -> usize {
    if !is_ascii_word_byte(bytes[start]) {
        return start + 1;
    }
    let mut end = start + 1;
    while end < bytes.len() {
        let (last, next) = (bytes[end - 1], bytes[end]);
        if is_ascii_word_byte(next) {
            end += 1;
            continue;
        }
        let after = bytes.get(end + 1).copied();
        let letters = last.is_ascii_alphabetic()
            && matches!(next, b':' | b'.' | b'\'')
            && after.is_some_and(|b| b.is_ascii_alphabetic());
        let digits = last.is_ascii_digit()
            && matches!(next, b'.' | b',' | b';' | b'\'')
            && after.is_some_and(|b| b.is_ascii_digit());
        if letters || digits {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// Top-level domains that follow a capitalised name in an address (`Amazon.Com`), where a full
/// stop between a lower-case letter and a capital glues no sentences.
const DOMAINS: &[&str] = &["com", "net", "org", "gov", "edu", "mil", "int", "info", "biz", "io", "co", "uk"];

/// Where a word of UAX #29 is two words glued by a lost space: the byte offset of the first
/// full stop or colon that has a lower-case letter before it and a capitalised word after it
/// (a capital, then a lower-case letter; or `A` or `I` ending the run), unless that word is a
/// top-level domain. So `said.The`, `a.Muwexiwe`, `said.A` and `others:Jobs` are cut; `U.S`,
/// `3.5`, `example.com`, `Ph.D`, `e.g` and `Amazon.Com` are not.
pub(crate) fn glue_point(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| b == b'.' || b == b':') {
        let at = from + found;
        from = at + 1;
        let Some(last) = word[..at].chars().next_back() else { continue };
        let after = &word[at + 1..];
        let mut right = after.chars();
        let capitalised = match (right.next(), right.next()) {
            (Some(capital), Some(second)) => capital.is_uppercase() && second.is_lowercase(),
            // The English words of one capital letter, ending the run: `said.A`, `said.I`.
            (Some(capital), None) => matches!(capital, 'A' | 'I'),
            _ => false,
        };
        if !(last.is_lowercase() && capitalised) {
            continue;
        }
        let next_word = after.split(['.', ':']).next().unwrap_or(after);
        if DOMAINS.iter().any(|domain| next_word.eq_ignore_ascii_case(domain)) {
            continue;
        }
        return Some(at);
    }
    None
}

/// Drops a trailing `'s` or `’s` (English possessive).
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    word
}

/// The longest prefix of `word` of at most `max` bytes that ends on a character boundary.
fn truncate(word: &str, max: usize) -> &str {
    if word.len() <= max {
        return word;
    }
    let mut end = max;
    while !word.is_char_boundary(end) {
        end -= 1;
    }
    &word[..end]
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            // Most words are plain ASCII words, which hold no mark to glue or cut at.
            let (offset, word, plain) = match self.rest.take() {
                Some((offset, rest)) => (offset, rest, false),
                None => match self.words.next() {
                    Some((offset, word)) => (offset, word, self.words.plain),
                    None => return false,
                },
            };
            let ascii = word.is_ascii();
            let wordlike = if ascii {
                word.bytes().any(|b| b.is_ascii_alphanumeric())
            } else {
                word.chars().any(char::is_alphanumeric)
            };
            if !wordlike {
                continue;
            }
            // Two words glued by a lost space: this one now, the rest next.
            let word = match if plain { None } else { glue_point(word) } {
                Some(at) => {
                    self.rest = Some((offset + at + 1, &word[at + 1..]));
                    &word[..at]
                }
                None => word,
            };
            let word = strip_possessive(word);
            self.token.text.clear();
            if ascii {
                self.token.text.push_str(word);
            } else {
                // One apostrophe for all: `d’Ivoire` and `d'Ivoire` are the same word.
                self.token.text.extend(word.chars().map(|c| if c == '\u{2019}' { '\'' } else { c }));
            }
            self.token.offset_from = offset;
            self.token.offset_to = offset + word.len();
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Cuts terms to [`MAX_TERM_BYTES`] at a character boundary. It runs last, because
/// lower-casing and folding can lengthen a term ("İ" lower-cases to two characters).
#[derive(Clone, Copy)]
pub struct Truncate;

impl TokenFilter for Truncate {
    type Tokenizer<T: Tokenizer> = TruncateTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> TruncateTokenizer<T> {
        TruncateTokenizer(inner)
    }
}

/// The tokenizer [`Truncate`] wraps around another.
#[derive(Clone)]
pub struct TruncateTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for TruncateTokenizer<T> {
    type TokenStream<'a> = TruncateStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TruncateStream(self.0.token_stream(text))
    }
}

/// The token stream of [`Truncate`].
pub struct TruncateStream<S>(S);

impl<S: TokenStream> TokenStream for TruncateStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        let kept = truncate(text, MAX_TERM_BYTES).len();
        text.truncate(kept);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_counts_the_terms() {
        for text in ["Guterres's spokesman, in Côte d’Ivoire", "said.The minister", "北京的天气 ok", "", " -- "]
        {
            assert_eq!(word_count(text), terms(text).len() as u64, "{text}");
        }
    }

    #[test]
    fn words_are_lowercased_folded_and_possessives_dropped() {
        assert_eq!(
            terms("Guterres's spokesman, in Côte d’Ivoire"),
            ["guterres", "spokesman", "in", "cote", "d'ivoire"]
        );
        assert_eq!(terms("U.S. de-escalate 2020"), ["u.s", "de", "escalate", "2020"]);
    }

    #[test]
    fn no_word_is_lost_for_its_length_or_script() {
        let long_greek = "Αντισυνταγματικότατος".repeat(3);
        assert_eq!(terms(&long_greek).len(), 1);
        assert_eq!(terms("Переговоры о прекращении огня"), ["переговоры", "о", "прекращении", "огня"]);
        assert_eq!(terms("北京会谈").len(), 4);
        let huge = "a".repeat(1000);
        assert_eq!(terms(&huge)[0].len(), MAX_TERM_BYTES);
        // Lower-casing lengthens "İ"; the limit holds after it.
        let dotted = "İ".repeat(MAX_TERM_BYTES / 2);
        assert!(terms(&dotted)[0].len() <= MAX_TERM_BYTES);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, failure_persistence: None, ..Default::default() })]

        /// The chunked segmentation with its ASCII fast path gives exactly the segments of the
        /// full UAX #29 rules on the whole text, whatever the script, marks and spaces.
        #[test]
        fn segments_agree_with_uax29(text in proptest::prop_oneof![
            "[aZq09_.:',;!\\- \n\"]{0,40}",
            "[a0_.:',\u{2019}\u{201c}é\u{301}\u{345}\u{ad}\u{200d}\u{a0}Ωж北 \t\r\n]{0,40}",
            proptest::prelude::any::<String>(),
        ]) {
            let chunked: Vec<(usize, &str)> = segments(&text).collect();
            let full: Vec<(usize, &str)> =
                text.split_word_bound_indices().filter(|(_, segment)| !segment.trim().is_empty()).collect();
            proptest::prop_assert_eq!(chunked, full);
        }
    }

    /// Inputs the property test once found: a space outside ASCII before an ASCII space and a
    /// mark, which UAX #29 keeps in one segment with the spaces before it.
    #[test]
    fn spaces_outside_ascii_stay_with_the_spaces_and_marks_after_them() {
        for text in ["\u{2000} \u{113e1}", "a\u{2000} \u{301}b", "x\u{3000}  \u{200d} y", "\u{2000}\n\u{301}"] {
            let chunked: Vec<(usize, &str)> = segments(text).collect();
            let full: Vec<(usize, &str)> =
                text.split_word_bound_indices().filter(|(_, segment)| !segment.trim().is_empty()).collect();
            assert_eq!(chunked, full, "{text:?}");
        }
    }

    #[test]
    fn words_glued_by_a_lost_space_are_words_of_their_own() {
        assert_eq!(terms("others.Jobs for those"), ["others", "jobs", "for", "those"]);
        assert_eq!(terms("he said.The minister"), ["he", "said", "the", "minister"]);
        assert_eq!(terms("Summary:Talks resumed"), ["summary", "talks", "resumed"]);
        assert_eq!(terms("won.Kenya's lead.Then"), ["won", "kenya", "lead", "then"]);
        assert_eq!(terms("a.b.c.Déjà vu"), ["a.b.c", "deja", "vu"]);
        assert_eq!(terms("São.Paulo"), ["sao", "paulo"]);
        assert_eq!(terms("i.e.The"), ["i.e", "the"]);
        assert_eq!(terms("a.Muwexiwe"), ["a", "muwexiwe"]);
        assert_eq!(terms("mentbaul.A plaxi"), ["mentbaul", "a", "plaxi"]);
        assert_eq!(terms("agreed.I"), ["agreed", "i"]);
        // Abbreviations, decimals, addresses, Swedish S:t keep their shape.
        for whole in ["U.S.", "3.5", "example.com", "Amazon.Com", "news.bbc.co.uk", "Ph.D", "e.g.", "S:t"] {
            assert_eq!(terms(whole).len(), 1, "{whole}: {:?}", terms(whole));
        }
        let text = "costs.Jobs fell";
        let spans: Vec<&str> = tokens(text).iter().map(|t| &text[t.offset_from..t.offset_to]).collect();
        assert_eq!(spans, ["costs", "Jobs", "fell"]);
        let positions: Vec<usize> = tokens(text).iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Talks in Zürich's old town";
        let spans: Vec<&str> = tokens(text).iter().map(|t| &text[t.offset_from..t.offset_to]).collect();
        assert_eq!(spans, ["Talks", "in", "Zürich", "old", "town"]);
    }
}
