//! Word pairs: a second index of passage text that makes phrases of common words fast.
//!
//! A phrase is matched by reading the positions of its words in every passage that holds
//! them all. For words that most passages hold ("of the", or any two of a corpus's most
//! frequent words) that is most of the index: at 100,000 articles the phrase `"cle gru"` checks
//! 210,000 passages to find 5,800. So each index chooses its [`PhraseWords`], the words of at
//! least a fifth of the passages it first receives (at most [`PhraseWords::MAX`]), and indexes
//! every two adjacent phrase words of a passage as one term, `first second`, in a field of its
//! own (`text_pairs`, at the position of the first word). A phrase made only of phrase words
//! is then read from the postings of its pairs: one term for two words, pairs one after another
//! for more. It finds exactly what the phrase of words finds, and is scored as it would be (see
//! `crate::search::pairs`).
//!
//! The words are chosen once, from the first batch of passages an index without passages is
//! given, and kept in the commit record: every passage of an index is indexed with the same
//! words, which is what makes the rewrite exact. `--rebuild` chooses them again.

use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name under which the pair analyzer is registered with tantivy.
pub const PAIRS_ANALYZER: &str = "dateline-pairs";

/// The words whose adjacent pairs an index holds as terms of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhraseWords {
    /// Most frequent first.
    words: Vec<String>,
    set: FxHashSet<String>,
}

impl PhraseWords {
    /// The most words chosen. Each more word indexes more pairs: at 32 the pairs are about a
    /// fifth as many as the words of a passage.
    pub const MAX: usize = 32;
    /// The least share of passages a chosen word occurs in.
    pub const MIN_SHARE: f64 = 0.2;

    /// These words (as index terms), in this order.
    pub fn new(words: Vec<String>) -> PhraseWords {
        let set = words.iter().cloned().collect();
        PhraseWords { words, set }
    }

    /// The words of at least [`Self::MIN_SHARE`] of `passages`, most frequent first (ties in
    /// alphabetical order), at most [`Self::MAX`] of them.
    pub fn choose<'a>(passages: impl IntoIterator<Item = &'a str>) -> PhraseWords {
        let mut counts: FxHashMap<String, u64> = FxHashMap::default();
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut total = 0u64;
        for passage in passages {
            total += 1;
            seen.clear();
            for term in super::terms(passage) {
                if !seen.contains(&term) {
                    *counts.entry(term.clone()).or_default() += 1;
                    seen.insert(term);
                }
            }
        }
        let least = (total as f64 * Self::MIN_SHARE).ceil().max(1.0) as u64;
        let mut frequent: Vec<(String, u64)> = counts.into_iter().filter(|(_, count)| *count >= least).collect();
        frequent.sort_unstable_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
        PhraseWords::new(frequent.into_iter().take(Self::MAX).map(|(word, _)| word).collect())
    }

    /// The words, most frequent first.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether `term` is one of the words.
    pub fn contains(&self, term: &str) -> bool {
        self.set.contains(term)
    }

    /// The pair terms that stand for the phrase `terms` (consecutive index terms): one per
    /// two adjacent terms, when there are at least two terms and every one is a phrase word.
    pub fn pairs(&self, terms: &[&str]) -> Option<Vec<String>> {
        if terms.len() < 2 || !terms.iter().all(|term| self.contains(term)) {
            return None;
        }
        Some(terms.windows(2).map(|two| pair_term(two[0], two[1])).collect())
    }
}

/// The term of two adjacent words. Index terms never hold white space, so the space keeps
/// pairs apart from words and from one another.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut pair = String::with_capacity(first.len() + 1 + second.len());
    pair.push_str(first);
    pair.push(' ');
    pair.push_str(second);
    pair
}

/// The phrase words of an index as the pair analyzer sees them: set once, before the first
/// passage is indexed (an index's tantivy segments may be opened before the words are chosen).
pub type PhraseWordsCell = Arc<OnceLock<PhraseWords>>;

/// The pair analyzer: dateline's words (see [`super::analyzer`]), of which each two adjacent
/// phrase words become one term `first second` at the position of the first. Until `words`
/// is set it gives no terms.
pub fn pairs_analyzer(words: PhraseWordsCell) -> TextAnalyzer {
    TextAnalyzer::builder(PairTokenizer { words: super::analyzer(), phrase_words: words }).build()
}

/// The tokenizer of [`pairs_analyzer`].
#[derive(Clone)]
struct PairTokenizer {
    words: TextAnalyzer,
    phrase_words: PhraseWordsCell,
}

/// The token stream of [`PairTokenizer`].
struct PairStream<'a> {
    words: BoxTokenStream<'a>,
    phrase_words: Option<&'a PhraseWords>,
    /// The last word's start and position, when it is a phrase word (its text is `previous_text`).
    previous: Option<(usize, usize)>,
    previous_text: String,
    token: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        // In an index writer, the words of this passage were just found for its `text` field.
        let words = match super::recording::replay(text) {
            Some(replay) => BoxTokenStream::new(replay),
            None => self.words.token_stream(text),
        };
        PairStream {
            words,
            phrase_words: self.phrase_words.get(),
            previous: None,
            previous_text: String::new(),
            token: Token::default(),
        }
    }
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(phrase_words) = self.phrase_words else { return false };
        while self.words.advance() {
            let word = self.words.token();
            if !phrase_words.contains(&word.text) {
                self.previous = None;
                continue;
            }
            let previous = self.previous.replace((word.offset_from, word.position));
            let paired = previous.filter(|(_, position)| position + 1 == word.position);
            if let Some((start, position)) = paired {
                self.token.text.clear();
                self.token.text.push_str(&self.previous_text);
                self.token.text.push(' ');
                self.token.text.push_str(&word.text);
                self.token.offset_from = start;
                self.token.offset_to = word.offset_to;
                self.token.position = position;
                self.token.position_length = 1;
            }
            self.previous_text.clear();
            self.previous_text.push_str(&word.text);
            if paired.is_some() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(words: &[&str], text: &str) -> Vec<(String, usize, String)> {
        let cell: PhraseWordsCell = Arc::default();
        cell.set(PhraseWords::new(words.iter().map(|w| w.to_string()).collect())).unwrap();
        let mut analyzer = pairs_analyzer(cell);
        let mut stream = analyzer.token_stream(text);
        let mut found = Vec::new();
        while stream.advance() {
            let token = stream.token();
            found.push((token.text.clone(), token.position, text[token.offset_from..token.offset_to].to_string()));
        }
        found
    }

    #[test]
    fn adjacent_phrase_words_become_pairs_at_the_first_word() {
        let found = pairs(&["of", "the", "in"], "Talks of the envoys in The Hague, of, the end.");
        assert_eq!(
            found,
            [
                ("of the".to_string(), 1, "of the".to_string()),
                ("in the".to_string(), 4, "in The".to_string()),
                // Punctuation is no word: `of, the` stand together as words.
                ("of the".to_string(), 7, "of, the".to_string()),
            ]
        );
        // Runs of three give two overlapping pairs; a word outside the list breaks the run.
        let run: Vec<String> = pairs(&["of", "the", "in"], "in the of the x the in").into_iter().map(|p| p.0).collect();
        assert_eq!(run, ["in the", "the of", "of the", "the in"]);
    }

    #[test]
    fn no_pairs_until_the_words_are_set() {
        let cell: PhraseWordsCell = Arc::default();
        let mut analyzer = pairs_analyzer(cell.clone());
        assert!(!analyzer.token_stream("of the").advance());
        cell.set(PhraseWords::new(vec!["of".into(), "the".into()])).unwrap();
        // An analyzer made before the words were chosen sees them once they are.
        assert!(analyzer.token_stream("of the").advance());
    }

    #[test]
    fn the_words_of_a_fifth_of_the_passages_are_chosen_most_frequent_first() {
        let mut passages = vec!["the cat and the hat"; 3];
        passages.extend(["the dog", "a cat", "Cat, cat, cat and a dog", "x", "y", "z", "w"]);
        // 10 passages, so at least 2 each: cat 5 (counted once a passage), and 4, the 4, hat 3,
        // a 2, dog 2; x, y, z and w 1.
        let chosen = PhraseWords::choose(passages);
        assert_eq!(chosen.words(), ["cat", "and", "the", "hat", "a", "dog"]);
        assert!(PhraseWords::choose(Vec::<&str>::new()).words().is_empty());
        let many: Vec<String> = (0..100).map(|i| format!("w{i:03}")).collect();
        let text = many.join(" ");
        assert_eq!(PhraseWords::choose([text.as_str()]).words().len(), PhraseWords::MAX);
    }

    #[test]
    fn a_phrase_of_phrase_words_is_its_pairs() {
        let words = PhraseWords::new(vec!["cle".into(), "the".into(), "gru".into()]);
        assert_eq!(words.pairs(&["cle", "gru"]), Some(vec!["cle gru".to_string()]));
        assert_eq!(words.pairs(&["cle", "the", "gru"]), Some(vec!["cle the".to_string(), "the gru".to_string()]));
        assert_eq!(words.pairs(&["cle", "kenya"]), None);
        assert_eq!(words.pairs(&["cle"]), None);
    }
}
