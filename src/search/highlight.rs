//! Highlighting: where a query's words and phrases occur in a passage, and trimming a long
//! passage to a snippet around them.
//!
//! Matching uses the same analyzer as the index, so `Guterres's` is highlighted for the query
//! `guterres` and `Côte` for `cote`. A phrase is highlighted as one range from its first word
//! to its last, and only where its words stand together; excluded words are not highlighted.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::analysis;

/// Finds the byte ranges of query atoms (words and phrases, as term sequences) in text.
#[derive(Debug, Clone)]
pub struct Highlighter {
    atoms: Vec<Vec<String>>,
}

impl Highlighter {
    /// A highlighter for the given term sequences (see [`crate::Query::positive_text_atoms`]).
    pub fn new(atoms: Vec<Vec<String>>) -> Highlighter {
        Highlighter { atoms: atoms.into_iter().filter(|a| !a.is_empty()).collect() }
    }

    /// The sorted, non-overlapping byte ranges of every occurrence in `text`.
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        let tokens = analysis::tokens(text);
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for start in 0..tokens.len() {
            for atom in &self.atoms {
                let window = tokens.get(start..start + atom.len());
                if window.is_some_and(|w| w.iter().zip(atom).all(|(token, term)| token.text == *term)) {
                    ranges.push(tokens[start].offset_from..tokens[start + atom.len() - 1].offset_to);
                }
            }
        }
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let mut merged: Vec<Range<usize>> = Vec::new();
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        merged
    }
}

/// A stretch of a passage with its highlights, for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// The text, with `…` where it was cut.
    pub text: String,
    /// Byte ranges of the highlights in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// The ellipsis marking a cut.
const ELLIPSIS: &str = "\u{2026}";

/// Trims `text` to about `max_bytes` around the window holding the most highlights,
/// cutting at white space and marking cuts with `…`. Text that fits is returned whole.
pub fn snippet(text: &str, highlights: &[Range<usize>], max_bytes: usize) -> Snippet {
    if text.len() <= max_bytes {
        return Snippet { text: text.to_string(), highlights: highlights.to_vec() };
    }
    // Start the window a little before a highlight; keep the start that covers the most.
    let context = max_bytes / 5;
    let candidates = highlights.iter().map(|h| h.start.saturating_sub(context)).chain(std::iter::once(0));
    let covered = |start: usize| highlights.iter().filter(|h| h.start >= start && h.end <= start + max_bytes).count();
    let best = candidates.max_by_key(|&start| (covered(start), std::cmp::Reverse(start))).unwrap_or(0);
    let mut start = best.min(text.len().saturating_sub(max_bytes));
    let mut end = (start + max_bytes).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Cut at white space so no word is broken.
    if start > 0 {
        if let Some((space, c)) = text[start..end].char_indices().find(|(_, c)| c.is_whitespace()) {
            start += space + c.len_utf8();
        }
    }
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(char::is_whitespace) {
            end = start + space;
        }
    }
    while let Some(c) = text[start..end].chars().next().filter(|c| c.is_whitespace()) {
        start += c.len_utf8();
    }
    while let Some(c) = text[start..end].chars().next_back().filter(|c| c.is_whitespace()) {
        end -= c.len_utf8();
    }
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < text.len() { ELLIPSIS } else { "" };
    let shift = prefix.len();
    let kept = highlights
        .iter()
        .filter(|h| h.start >= start && h.end <= end)
        .map(|h| h.start - start + shift..h.end - start + shift)
        .collect();
    Snippet { text: format!("{prefix}{}{suffix}", &text[start..end]), highlights: kept }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, ranges: &[Range<usize>]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for r in ranges {
            out.push_str(&text[at..r.start]);
            out.push('[');
            out.push_str(&text[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&text[at..]);
        out
    }

    fn atoms(list: &[&str]) -> Vec<Vec<String>> {
        list.iter().map(|a| analysis::terms(a)).collect()
    }

    #[test]
    fn phrases_are_highlighted_whole_and_only_together() {
        let text = "Grain exports rose; exports of grain fell. GRAIN EXPORTS!";
        let ranges = Highlighter::new(atoms(&["grain exports"])).highlight(text);
        assert_eq!(marked(text, &ranges), "[Grain exports] rose; exports of grain fell. [GRAIN EXPORTS]!");
    }

    #[test]
    fn words_match_through_analysis() {
        let text = "Guterres's envoy reached Côte d’Ivoire.";
        let ranges = Highlighter::new(atoms(&["guterres", "cote", "d'ivoire"])).highlight(text);
        assert_eq!(marked(text, &ranges), "[Guterres]'s envoy reached [Côte] [d’Ivoire].");
    }

    #[test]
    fn snippets_keep_the_highlights_and_mark_cuts() {
        let text = format!("{} drought struck {}", "word ".repeat(100), "more ".repeat(100));
        let start = text.find("drought").unwrap();
        let highlights: Vec<Range<usize>> = std::iter::once(start..start + 7).collect();
        let snippet = snippet(&text, &highlights, 120);
        assert!(snippet.text.starts_with('…') && snippet.text.ends_with('…'));
        assert!(snippet.text.len() <= 120 + 2 * ELLIPSIS.len());
        assert_eq!(&snippet.text[snippet.highlights[0].clone()], "drought");
    }

    #[test]
    fn cuts_at_wide_white_space_without_splitting_it() {
        let text = format!("{}\u{a0}drought\u{a0}{}", "word".repeat(50), "more".repeat(50));
        let start = text.find("drought").unwrap();
        let highlights: Vec<Range<usize>> = std::iter::once(start..start + 7).collect();
        let cut = snippet(&text, &highlights, 60);
        assert!(cut.highlights.iter().all(|h| cut.text.is_char_boundary(h.start) && cut.text.is_char_boundary(h.end)));
    }
}
