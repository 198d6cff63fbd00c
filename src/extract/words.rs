//! Fixed word lists that the extractors test every token against, with a test that rejects
//! most tokens before comparing any string.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A fixed list of words. `contains` first checks bitmaps of (first byte, length) and (last
/// byte, length) shapes built at compile time: a token whose shapes no word has is rejected
/// with two lookups. The rest are looked up in a hash set (FNV-1a: the words are short) made on
/// first use.
pub(crate) struct WordList {
    words: &'static [&'static str],
    /// Bit `n` of `shapes[b]` is set when a word of `n` bytes (n < 64) starts with byte `b`.
    shapes: [u64; 256],
    /// Bit `n` of `ends[b]` is set when a word of `n` bytes (n < 64) ends with byte `b`.
    ends: [u64; 256],
    set: OnceLock<HashSet<&'static str, BuildHasherDefault<Fnv>>>,
}

impl WordList {
    /// The list of `words`.
    pub(crate) const fn new(words: &'static [&'static str]) -> WordList {
        let mut shapes = [0u64; 256];
        let mut ends = [0u64; 256];
        let mut i = 0;
        while i < words.len() {
            let bytes = words[i].as_bytes();
            if !bytes.is_empty() && bytes.len() < 64 {
                shapes[bytes[0] as usize] |= 1 << bytes.len();
                ends[bytes[bytes.len() - 1] as usize] |= 1 << bytes.len();
            }
            i += 1;
        }
        WordList { words, shapes, ends, set: OnceLock::new() }
    }

    /// Whether `word` is in the list (exactly, case included).
    pub(crate) fn contains(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        let possible = match (bytes.first(), bytes.last()) {
            (Some(&first), Some(&last)) if bytes.len() < 64 => {
                self.shapes[usize::from(first)] >> bytes.len() & 1 == 1
                    && self.ends[usize::from(last)] >> bytes.len() & 1 == 1
            }
            (Some(_), _) => true,
            (None, _) => false,
        };
        possible && self.set.get_or_init(|| self.words.iter().copied().collect()).contains(word)
    }
}

/// The FNV-1a hash, for short words.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: WordList = WordList::new(&["said", "says", "according", "\u{201c}", ""]);

    #[test]
    fn contains_exactly_the_words() {
        for word in ["said", "says", "according", "\u{201c}"] {
            assert!(LIST.contains(word), "{word}");
        }
        for word in ["", "sad", "Said", "saidx", "sai", "s", "\u{201d}", &"s".repeat(80)] {
            assert!(!LIST.contains(word), "{word}");
        }
    }
}
