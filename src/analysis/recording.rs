//! The words of the text an indexing thread analyzed last, so that the pair analyzer, given
//! the same passage text next, reads them instead of finding them again.
//!
//! tantivy analyzes a document's fields one after another in field order, each with its own
//! analyzer: a passage's `text` and then its `text_pairs`, on the same thread. An index
//! writer's word analyzer ([`super::recording_analyzer`]) keeps the words it gives, with the
//! text they came from, in a buffer of its thread; the pair analyzer replays them when its text
//! is that text, word for word. Anything else (another text, a recording cut short, a text
//! longer than a passage, another thread) finds the words again: the recording only saves
//! work, it never changes a term. It saves about 6% of a build's time.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The longest text recorded: twice the longest passage but for a single sentence longer.
const MAX_RECORDED_BYTES: usize = 2 * crate::passage::MAX_PASSAGE_BYTES;

thread_local! {
    /// This thread's last recording (its buffers are reused from text to text).
    static LAST: RefCell<Recording> = RefCell::default();
}

/// The words of one text, as an analyzer gave them.
#[derive(Default)]
pub(crate) struct Recording {
    text: String,
    /// Every word's term, one after another.
    terms: String,
    words: Vec<Word>,
    /// Whether the analyzer gave every word of `text`.
    complete: bool,
}

struct Word {
    /// Where the term ends in `terms` (it starts where the previous one ends).
    term_end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
}

impl Recording {
    /// Starts recording `text`; whether its words are recorded. Longer texts are not passages
    /// (an article's whole body): recording them costs more than it could save.
    fn start(&mut self, text: &str) -> bool {
        let recorded = text.len() <= MAX_RECORDED_BYTES;
        self.text.clear();
        if recorded {
            self.text.push_str(text);
        }
        self.terms.clear();
        self.words.clear();
        self.complete = false;
        recorded
    }

    fn push(&mut self, token: &Token) {
        self.terms.push_str(&token.text);
        let (offset_from, offset_to, position) = (token.offset_from, token.offset_to, token.position);
        self.words.push(Word { term_end: self.terms.len(), offset_from, offset_to, position });
    }
}

/// This thread's recording of `text`'s words, taken (it is given back when the returned
/// stream is dropped), if the last text analyzed on this thread was `text`, in full.
pub(crate) fn replay(text: &str) -> Option<Replay> {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        (last.complete && last.text == text).then(|| Replay::new(std::mem::take(&mut *last)))
    })
}

fn take() -> Recording {
    LAST.with(|last| std::mem::take(&mut *last.borrow_mut()))
}

fn give_back(recording: Recording) {
    LAST.with(|last| *last.borrow_mut() = recording);
}

/// The filter that records the words of the analyzer it ends.
#[derive(Clone, Copy)]
pub(crate) struct Record;

impl TokenFilter for Record {
    type Tokenizer<T: Tokenizer> = RecordTokenizer<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> RecordTokenizer<T> {
        RecordTokenizer(inner)
    }
}

/// The tokenizer [`Record`] wraps around another.
#[derive(Clone)]
pub(crate) struct RecordTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for RecordTokenizer<T> {
    type TokenStream<'a> = RecordStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let mut recording = take();
        let active = recording.start(text);
        RecordStream { inner: self.0.token_stream(text), recording, active }
    }
}

/// The token stream of [`Record`].
pub(crate) struct RecordStream<S> {
    inner: S,
    recording: Recording,
    /// Whether the words are recorded.
    active: bool,
}

impl<S: TokenStream> TokenStream for RecordStream<S> {
    fn advance(&mut self) -> bool {
        if self.inner.advance() {
            if self.active {
                self.recording.push(self.inner.token());
            }
            true
        } else {
            self.recording.complete = self.active;
            false
        }
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

impl<S> Drop for RecordStream<S> {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.recording));
    }
}

/// The recorded words of a text, as a token stream.
pub(crate) struct Replay {
    recording: Recording,
    next: usize,
    token: Token,
}

impl Replay {
    fn new(recording: Recording) -> Replay {
        Replay { recording, next: 0, token: Token::default() }
    }
}

impl TokenStream for Replay {
    fn advance(&mut self) -> bool {
        let Some(word) = self.recording.words.get(self.next) else { return false };
        let start = self.next.checked_sub(1).map_or(0, |previous| self.recording.words[previous].term_end);
        self.next += 1;
        self.token.text.clear();
        self.token.text.push_str(&self.recording.terms[start..word.term_end]);
        self.token.offset_from = word.offset_from;
        self.token.offset_to = word.offset_to;
        self.token.position = word.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.recording));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(stream: &mut dyn TokenStream) -> Vec<Token> {
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        tokens
    }

    #[test]
    fn the_last_text_analyzed_in_full_is_replayed_word_for_word() {
        let text = "Talks in Zürich’s old town: 2,500 délégués, U.S. envoys.";
        let mut recording = super::super::recording_analyzer();
        let recorded = all(&mut recording.token_stream(text));
        assert_eq!(recorded, super::super::tokens(text));
        let mut replayed = replay(text).expect("a recording of the text");
        assert_eq!(all(&mut replayed), recorded);
        drop(replayed);
        // Given back: the same text replays again; another does not.
        assert!(replay(text).is_some());
        assert!(replay("Talks in Zürich").is_none());
        // A text whose words were not all read is not replayed.
        let mut stream = recording.token_stream("one two three");
        assert!(stream.advance());
        drop(stream);
        assert!(replay("one two three").is_none());
        // Nor is a text longer than a passage (an article's body).
        let body = text.repeat(MAX_RECORDED_BYTES / text.len() + 1);
        let _ = all(&mut recording.token_stream(&body));
        assert!(replay(&body).is_none());
        // Nor is anything on another thread.
        let _ = all(&mut recording.token_stream(text));
        assert!(std::thread::spawn(move || replay(text).is_none()).join().unwrap());
    }
}
