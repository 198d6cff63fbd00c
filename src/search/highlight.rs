//! Highlighting: where a query's words and phrases occur in a passage, and trimming a long
//! passage to a snippet around them.
//!
//! Matching uses the same analyzer as the index, so `Guterres's` is highlighted for the query
//! `guterres` and `Côte` for `cote`. A phrase is highlighted as one range from its first word
//! to its last, and only where its words stand together; excluded words are not highlighted.
//! A prefix (`negotiat*`) highlights each whole word that starts with it, a fuzzy word
//! (`Guteres~`) each word within its edits (by the same Levenshtein automaton the search
//! uses), and a proximity phrase (`"ceasefire talks"~5`) each of its words where they stand
//! within the allowed distance of one another (the words between are not highlighted).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::Token;

use crate::analysis;
use crate::search::query::{Atom, AtomTerm, MAX_EDIT_DISTANCE};

/// Finds the byte ranges of query atoms (words and phrases, see [`Atom`]) in text.
#[derive(Clone)]
pub struct Highlighter {
    atoms: Vec<Matcher>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").field("atoms", &self.atoms.iter().map(|m| &m.atom).collect::<Vec<_>>()).finish()
    }
}

/// An atom ready to match tokens: the fuzzy positions with their automata built.
#[derive(Clone)]
struct Matcher {
    atom: Atom,
    /// One automaton per fuzzy position (`None` for the others).
    automata: Vec<Option<Arc<DFA>>>,
}

/// The automaton builder for `distance` edits, a swap of two neighbours costing one (as
/// tantivy's `FuzzyTermQuery` with `transposition_cost_one`), built once per process.
fn automaton_builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<LevenshteinAutomatonBuilder>; MAX_EDIT_DISTANCE as usize + 1] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let distance = distance.min(MAX_EDIT_DISTANCE);
    BUILDERS[usize::from(distance)].get_or_init(|| LevenshteinAutomatonBuilder::new(distance, true))
}

impl Matcher {
    fn new(atom: Atom) -> Matcher {
        let automata = atom
            .terms
            .iter()
            .map(|term| match term {
                AtomTerm::Fuzzy { term, distance } => Some(Arc::new(automaton_builder(*distance).build_dfa(term))),
                _ => None,
            })
            .collect();
        Matcher { atom, automata }
    }

    /// Whether the term at `position` matches the token text `token`.
    fn matches(&self, position: usize, token: &str) -> bool {
        match &self.atom.terms[position] {
            AtomTerm::Exact(term) => token == term,
            AtomTerm::Prefix(prefix) => token.starts_with(prefix.as_str()),
            AtomTerm::Fuzzy { distance, .. } => match self.automata[position].as_ref().map(|dfa| dfa.eval(token)) {
                Some(Distance::Exact(edits)) => edits <= *distance,
                _ => false,
            },
        }
    }
}

impl Highlighter {
    /// A highlighter for the given atoms (see [`crate::Query::positive_text_atoms`]); a list
    /// of terms (`Vec<String>`) is an exact phrase.
    pub fn new<A: Into<Atom>>(atoms: impl IntoIterator<Item = A>) -> Highlighter {
        Highlighter { atoms: atoms.into_iter().map(Into::into).filter(|a| !a.is_empty()).map(Matcher::new).collect() }
    }

    /// The sorted, non-overlapping byte ranges of every occurrence in `text`.
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        let tokens = analysis::tokens(text);
        self.spans(&tokens)
            .into_iter()
            .map(|span| tokens[span.start].offset_from..tokens[span.end - 1].offset_to)
            .collect()
    }

    /// The sorted, non-overlapping ranges of `tokens` (a text's, in order) that every
    /// occurrence covers, as ranges of token indices.
    pub(crate) fn spans(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for matcher in &self.atoms {
            let positions = matcher.atom.terms.len();
            // matches[i][t]: whether position i of the atom matches token t.
            let matches: Vec<Vec<bool>> =
                (0..positions).map(|i| tokens.iter().map(|token| matcher.matches(i, &token.text)).collect()).collect();
            if positions == 1 || matcher.atom.slop == 0 {
                for start in 0..tokens.len().saturating_sub(positions - 1) {
                    if (0..positions).all(|i| matches[i][start + i]) {
                        ranges.push(start..start + positions);
                    }
                }
            } else {
                for (index, near) in within_slop(&matches, matcher.atom.slop).into_iter().enumerate() {
                    if near {
                        ranges.push(index..index + 1);
                    }
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

/// Which tokens take part in an occurrence of a proximity phrase: a choice of one token per
/// position, each matching its position, whose gaps cost at most `slop` in all. The gap from
/// token `q` (position `i - 1`) to token `p` (position `i`) costs `|p - q - 1|`: nothing for
/// neighbours in order, one per word between, two for a swapped pair (as tantivy counts).
/// `matches[i][t]` says whether position `i` matches token `t`. Dynamic programming forwards
/// and backwards: a token is used when the cheapest occurrence through it fits the budget.
fn within_slop(matches: &[Vec<bool>], slop: u32) -> Vec<bool> {
    const NONE: u32 = u32::MAX;
    let tokens = matches.first().map_or(0, Vec::len);
    let slop_width = slop as usize;
    // The cheapest cost of the gaps up to (forward) or from (backward) position i at token t.
    let mut forward = vec![vec![NONE; tokens]; matches.len()];
    let mut backward = vec![vec![NONE; tokens]; matches.len()];
    let gap = |from: usize, to: usize| (to as i64 - from as i64 - 1).unsigned_abs() as u32;
    for t in 0..tokens {
        if matches[0][t] {
            forward[0][t] = 0;
        }
        if matches[matches.len() - 1][t] {
            backward[matches.len() - 1][t] = 0;
        }
    }
    for i in 1..matches.len() {
        for p in (0..tokens).filter(|&p| matches[i][p]) {
            let window = p.saturating_sub(slop_width + 1)..(p + slop_width).min(tokens);
            let best = window
                .filter(|&q| forward[i - 1][q] != NONE)
                .map(|q| forward[i - 1][q] + gap(q, p))
                .filter(|&cost| cost <= slop)
                .min();
            forward[i][p] = best.unwrap_or(NONE);
        }
    }
    for i in (0..matches.len() - 1).rev() {
        for p in (0..tokens).filter(|&p| matches[i][p]) {
            let window = (p + 1).saturating_sub(slop_width)..(p + slop_width + 2).min(tokens);
            let best = window
                .filter(|&r| backward[i + 1][r] != NONE)
                .map(|r| backward[i + 1][r] + gap(p, r))
                .filter(|&cost| cost <= slop)
                .min();
            backward[i][p] = best.unwrap_or(NONE);
        }
    }
    (0..tokens)
        .map(|t| {
            (0..matches.len())
                .any(|i| forward[i][t] != NONE && backward[i][t] != NONE && forward[i][t] + backward[i][t] <= slop)
        })
        .collect()
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

    fn atom(query: &str) -> Vec<Atom> {
        crate::search::query::parse(query).unwrap().positive_text_atoms()
    }

    #[test]
    fn prefixes_highlight_whole_words() {
        let text = "Negotiators said negotiations on the negotiated deal would resume; a negation.";
        let ranges = Highlighter::new(atom("negotiat*")).highlight(text);
        assert_eq!(
            marked(text, &ranges),
            "[Negotiators] said [negotiations] on the [negotiated] deal would resume; a negation."
        );
    }

    #[test]
    fn fuzzy_words_highlight_within_their_edits() {
        let text = "Guterres met Gutteres and Guteres, not Gutterez or Guteras.";
        let one = Highlighter::new(atom("Guteres~")).highlight(text);
        assert_eq!(marked(text, &one), "[Guterres] met [Gutteres] and [Guteres], not Gutterez or [Guteras].");
        let two = Highlighter::new(atom("Guteres~2")).highlight(text);
        assert_eq!(marked(text, &two), "[Guterres] met [Gutteres] and [Guteres], not [Gutterez] or [Guteras].");
        // A swap of neighbours is one edit.
        assert_eq!(Highlighter::new(atom("Gutrees~")).highlight("Guteres"), vec![0..7usize]);
    }

    #[test]
    fn proximity_highlights_the_words_within_reach_only() {
        let text = "The ceasefire and the talks. Talks later; much later came a ceasefire.";
        // "ceasefire" .. "talks": two words between; "talks" .. "ceasefire" (swapped) is far.
        let near = Highlighter::new(atom("\"ceasefire talks\"~2")).highlight(text);
        assert_eq!(marked(text, &near), "The [ceasefire] and the [talks]. Talks later; much later came a ceasefire.");
        assert!(Highlighter::new(atom("\"ceasefire talks\"~1")).highlight(text).is_empty());
        // Swapped neighbours cost 2.
        let swapped = "talks ceasefire";
        assert!(Highlighter::new(atom("\"ceasefire talks\"~1")).highlight(swapped).is_empty());
        assert_eq!(Highlighter::new(atom("\"ceasefire talks\"~2")).highlight(swapped), [0..5, 6..15]);
        // Three words share one budget.
        let three = "grain ships left the port";
        assert_eq!(Highlighter::new(atom("\"grain left port\"~2")).highlight(three).len(), 3);
        assert!(Highlighter::new(atom("\"grain left port\"~1")).highlight(three).is_empty());
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
