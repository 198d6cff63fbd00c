//! Splitting an article into passages: the units that are searched, ranked and shown.
//!
//! A passage is a paragraph (text between blank lines). A paragraph longer than
//! [`MAX_PASSAGE_BYTES`] is cut at sentence boundaries (Unicode UAX #29) into pieces of
//! roughly equal length, none longer than the bound unless one sentence is. A sub-heading
//! (a single short line with no closing punctuation, followed by a paragraph) is not a passage
//! of its own: it is joined to the paragraph it heads.
//!
//! Every passage is a contiguous byte range of the article body, so `&body[passage.range]`
//! is its text and a hit can be cited by article id and range.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The longest paragraph kept whole, in bytes; longer ones are cut at sentence boundaries.
pub const MAX_PASSAGE_BYTES: usize = 1000;

/// The most words a sub-heading may have.
const MAX_HEADING_WORDS: usize = 12;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 1-based position in the article.
    pub number: u32,
    /// Byte range in the article body.
    pub range: Range<usize>,
}

/// Splits an article body into passages, in order. A body of only white space has none.
pub fn split(body: &str) -> Vec<Passage> {
    let paragraphs = paragraphs(body);
    let mut ranges = Vec::new();
    let mut heading: Option<usize> = None;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let text = &body[paragraph.clone()];
        if index + 1 < paragraphs.len() && heading.is_none() && is_heading(text) {
            heading = Some(paragraph.start);
            continue;
        }
        let mut pieces = sentence_pieces(body, paragraph.clone());
        if let Some(start) = heading.take() {
            pieces[0].start = start;
        }
        ranges.extend(pieces);
    }
    ranges.into_iter().enumerate().map(|(i, range)| Passage { number: i as u32 + 1, range }).collect()
}

/// Byte ranges of the paragraphs: runs of non-blank lines, trimmed of surrounding white space.
fn paragraphs(body: &str) -> Vec<Range<usize>> {
    let mut result = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            result.extend(current.take());
            continue;
        }
        let content_start = start + (line.len() - line.trim_start().len());
        let content_end = start + line.trim_end().len();
        match &mut current {
            Some(range) => range.end = content_end,
            None => current = Some(content_start..content_end),
        }
    }
    result.extend(current);
    result
}

/// A sub-heading: one short line that does not end like a sentence. The cheap tests come
/// first, and words are counted only up to the bound: most paragraphs end with a full stop,
/// and segmenting every paragraph into words made splitting ten times slower (15 µs of an
/// article's 84 µs of splitting and labelling).
fn is_heading(text: &str) -> bool {
    let closing = ['.', '!', '?', ':', ';', ',', '"', '\'', '\u{201d}', '\u{2019}', '\u{2026}', ')'];
    !text.ends_with(closing)
        && !text.contains('\n')
        && text.unicode_words().take(MAX_HEADING_WORDS + 1).count() <= MAX_HEADING_WORDS
}

/// Cuts a paragraph longer than [`MAX_PASSAGE_BYTES`] into sentence-aligned pieces of similar size.
fn sentence_pieces(body: &str, paragraph: Range<usize>) -> Vec<Range<usize>> {
    let length = paragraph.len();
    if length <= MAX_PASSAGE_BYTES {
        return vec![paragraph];
    }
    let target = length / length.div_ceil(MAX_PASSAGE_BYTES);
    let mut pieces = Vec::new();
    let mut piece_start = paragraph.start;
    let mut end = paragraph.start;
    for (offset, sentence) in body[paragraph.clone()].split_sentence_bound_indices() {
        // A "sentence" of white space only (after a lone `\r` or a line separator) neither
        // starts a piece nor ends one: a piece would be blank.
        if sentence.trim().is_empty() {
            continue;
        }
        let sentence_start = paragraph.start + offset;
        let sentence_end = sentence_start + sentence.trim_end().len();
        if sentence_start > piece_start && sentence_end - piece_start > MAX_PASSAGE_BYTES.min(target + target / 4) {
            pieces.push(piece_start..end);
            piece_start = sentence_start;
        }
        end = sentence_end.max(end);
    }
    pieces.push(piece_start..end);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        split(body).iter().map(|p| &body[p.range.clone()]).collect()
    }

    #[test]
    fn paragraphs_are_passages_and_headings_join_the_next_one() {
        let body = "Lead paragraph here.\n\n  Second one,\nwrapped.\n\nTalks resume in the capital\n\nThird paragraph.\n\nTrailing heading";
        assert_eq!(
            texts(body),
            [
                "Lead paragraph here.",
                "Second one,\nwrapped.",
                "Talks resume in the capital\n\nThird paragraph.",
                "Trailing heading"
            ]
        );
        let numbers: Vec<u32> = split(body).iter().map(|p| p.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentences_within_the_bound() {
        let sentence = "The delegates met again on Tuesday and agreed on a short statement. ";
        let body = sentence.repeat(40);
        let pieces = texts(&body);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        for piece in &pieces {
            assert!(piece.len() <= MAX_PASSAGE_BYTES, "{}", piece.len());
            assert!(piece.ends_with("statement."));
        }
        assert_eq!(pieces.concat().len() + pieces.len() - 1, body.trim_end().len());
    }

    #[test]
    fn empty_body_has_no_passages() {
        assert!(split(" \n\n ").is_empty());
    }
}
