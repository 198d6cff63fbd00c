//! Near-duplicate articles: wire copies and reprints, found while indexing and grouped into
//! clusters (stories).
//!
//! **Signatures.** Each article's body (not its title: a reprint often has a new headline) is
//! cut into words (runs of letters and digits, lower-cased), and the words into overlapping
//! shingles of [`SHINGLE_WORDS`]. A [`Signature`] keeps a MinHash sketch of the shingles (Broder,
//! "On the resemblance and containment of documents", 1997), built by one-permutation hashing
//! into [`BINS`] bins with empty bins filled from their neighbours (Shrivastava & Li, 2014), each
//! bin's minimum kept in 16 bits (b-bit MinHash, Li & König, 2010); the number of shingles; and
//! the smallest hashes of the article's figures (words with a digit).
//!
//! **Candidates.** Two articles are compared when they agree on all the bins of at least one of
//! [`BANDS`] bands of [`ROWS`] bins (locality-sensitive hashing): pairs with a resemblance of 0.3
//! are found with a probability of 0.95, of 0.5 with 0.9998, while unrelated articles almost
//! never meet.
//!
//! **Copies.** A candidate pair is a copy when the estimated *containment* of the shorter in the
//! longer (the share of its shingles the other holds, derived from the estimated resemblance and
//! the two shingle counts) reaches the threshold ([`DEFAULT_THRESHOLD`]), so that a copy trimmed
//! to half its length still matches its original, and their figures agree: when both have
//! figures, at least half of the shorter list's must be in the other. That keeps apart templated
//! reports whose words are the same and whose figures differ (market summaries, weather).
//!
//! **Clusters.** Copies are joined into clusters (union-find: a copy of a copy is in the same
//! cluster). A cluster's representative is its earliest article (by date, then id), and each
//! member's similarity is its estimated containment against the representative.

use std::collections::HashMap;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// Bins of the MinHash sketch.
pub const BINS: usize = 64;
/// Bins per band.
pub const ROWS: usize = 2;
/// Bands: every bin is in one.
pub const BANDS: usize = BINS / ROWS;
/// The most figures kept per article (their smallest hashes).
pub const FIGURES: usize = 8;
/// The containment from which two articles are copies, unless set otherwise.
pub const DEFAULT_THRESHOLD: f32 = 0.7;
/// Articles with fewer shingles than this are never copies: a one-line brief shares its few
/// shingles with too many others for a match to mean anything.
pub const MIN_SHINGLES: u32 = 12;

/// The signature of an article body: see the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    bins: [u16; BINS],
    shingles: u32,
    /// The smallest hashes of its figures, sorted, at most [`FIGURES`].
    figures: Vec<u32>,
}

/// A 64-bit finalizer (splitmix64): spreads the bits of a hash.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hands `each` the words of a text for signatures: runs of letters and digits (figures with
/// their decimal points and separators), lower-cased, each as a hash, with whether it holds a
/// digit. Simpler and faster than the search analyzer;
/// signatures only need to cut every text the same way.
fn words(text: &str, mut each: impl FnMut(u64, bool)) {
    let bytes = text.as_bytes();
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut digit = false;
    let mut flush = |word: &mut Vec<u8>, digit: &mut bool| {
        if !word.is_empty() {
            each(xxhash_rust::xxh3::xxh3_64(word), *digit);
            word.clear();
            *digit = false;
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte.is_ascii() {
            // A figure keeps its decimal point and thousands separators (`7,412.5`).
            let in_figure = matches!(byte, b'.' | b',')
                && word.last().is_some_and(u8::is_ascii_digit)
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if byte.is_ascii_alphanumeric() || in_figure {
                word.push(byte.to_ascii_lowercase());
                digit |= byte.is_ascii_digit();
            } else {
                flush(&mut word, &mut digit);
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        if c.is_alphanumeric() {
            let mut buffer = [0u8; 4];
            for lower in c.to_lowercase() {
                word.extend_from_slice(lower.encode_utf8(&mut buffer).as_bytes());
            }
        } else {
            flush(&mut word, &mut digit);
        }
        i += c.len_utf8();
    }
    flush(&mut word, &mut digit);
}

impl Signature {
    /// The signature of an article body.
    pub fn of(body: &str) -> Signature {
        let mut figures = Vec::new();
        let mut window = [0u64; SHINGLE_WORDS];
        let mut seen = 0usize;
        let mut mins = [u64::MAX; BINS];
        let mut shingles = 0u32;
        let mut add = |hash: u64| {
            let hash = mix(hash);
            let bin = (hash >> 58) as usize; // the top 6 bits choose one of 64 bins
            let value = hash & ((1 << 58) - 1);
            if value < mins[bin] {
                mins[bin] = value;
            }
        };
        words(body, |word, digit| {
            if digit {
                figures.push(word as u32);
            }
            window[seen % SHINGLE_WORDS] = word;
            seen += 1;
            if seen >= SHINGLE_WORDS {
                // The words in order (the oldest is at `seen % SHINGLE_WORDS`), each rotated by
                // its place so that the order counts; `add` mixes the result.
                let mut hash = 0u64;
                for i in 0..SHINGLE_WORDS {
                    hash ^= window[(seen + i) % SHINGLE_WORDS].rotate_left(17 * i as u32);
                }
                add(hash);
                shingles += 1;
            }
        });
        if seen > 0 && seen < SHINGLE_WORDS {
            // A text shorter than a shingle is one shingle.
            let hash = window[..seen].iter().fold(0, |hash, &word| mix(hash ^ word));
            add(hash);
            shingles = 1;
        }
        figures.sort_unstable();
        figures.dedup();
        figures.truncate(FIGURES);
        Signature { bins: densify(&mins), shingles, figures }
    }

    /// How many shingles the body has.
    pub fn shingles(&self) -> u32 {
        self.shingles
    }

    /// The estimated resemblance (Jaccard similarity of the shingle sets), 0 to 1.
    pub fn resemblance(&self, other: &Signature) -> f32 {
        let equal = self.bins.iter().zip(&other.bins).filter(|(a, b)| a == b).count() as f32 / BINS as f32;
        // Two different minimums agree in 16 bits one time in 65,536.
        let chance = 1.0 / 65_536.0;
        ((equal - chance) / (1.0 - chance)).max(0.0)
    }

    /// The estimated containment of the shorter body in the longer: the share of the shorter's
    /// shingles that the longer holds, 0 to 1.
    pub fn containment(&self, other: &Signature) -> f32 {
        let resemblance = self.resemblance(other);
        let (a, b) = (self.shingles as f32, other.shingles as f32);
        let shared = resemblance * (a + b) / (1.0 + resemblance);
        (shared / a.min(b).max(1.0)).min(1.0)
    }

    /// Whether the figures of the two agree: when both have some, at least half of the shorter
    /// list is in the other (figures are compared by their smallest hashes, so a list cut at
    /// [`FIGURES`] is compared on what both kept).
    pub fn figures_agree(&self, other: &Signature) -> bool {
        let (short, long) = if self.figures.len() <= other.figures.len() {
            (&self.figures, &other.figures)
        } else {
            (&other.figures, &self.figures)
        };
        if short.is_empty() {
            return true;
        }
        // Only the hashes below the longer list's largest can be compared when it was cut.
        let limit = if long.len() == FIGURES { long[FIGURES - 1] } else { u32::MAX };
        let comparable: Vec<u32> = short.iter().copied().filter(|&h| h <= limit).collect();
        if comparable.is_empty() {
            return false;
        }
        let shared = comparable.iter().filter(|h| long.binary_search(h).is_ok()).count();
        shared * 2 >= comparable.len()
    }

    /// Whether `self` and `other` are copies at `threshold` (see the module documentation).
    pub fn is_copy(&self, other: &Signature, threshold: f32) -> bool {
        self.shingles >= MIN_SHINGLES
            && other.shingles >= MIN_SHINGLES
            && self.containment(other) >= threshold
            && self.figures_agree(other)
    }

    /// The band keys: each band's bins as one number.
    fn bands(&self) -> [u64; BANDS] {
        let mut keys = [0u64; BANDS];
        for (band, key) in keys.iter_mut().enumerate() {
            let rows = &self.bins[band * ROWS..(band + 1) * ROWS];
            *key = rows.iter().fold(band as u64, |key, &bin| (key << 16) | u64::from(bin));
        }
        keys
    }

    /// The signature as bytes, for the index: the shingle count, the bins, the figures (all
    /// little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 + 2 * BINS + 4 * self.figures.len());
        bytes.extend(self.shingles.to_le_bytes());
        bytes.extend(self.bins.iter().flat_map(|bin| bin.to_le_bytes()));
        bytes.extend(self.figures.iter().flat_map(|figure| figure.to_le_bytes()));
        bytes
    }

    /// The signature [`Signature::to_bytes`] wrote, or `None` for bytes of another form.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        let head = 4 + 2 * BINS;
        if bytes.len() < head || (bytes.len() - head) % 4 != 0 || (bytes.len() - head) / 4 > FIGURES {
            return None;
        }
        let shingles = u32::from_le_bytes(bytes[..4].try_into().ok()?);
        let mut bins = [0u16; BINS];
        for (bin, pair) in bins.iter_mut().zip(bytes[4..head].chunks_exact(2)) {
            *bin = u16::from_le_bytes([pair[0], pair[1]]);
        }
        let figures = bytes[head..].chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        Some(Signature { bins, shingles, figures })
    }
}

/// Fills each empty bin from the next non-empty one (circularly), shifted by the distance so
/// that two sketches agree on a filled bin only when they agree on its source (densified
/// one-permutation hashing); keeps the low 16 bits of each minimum.
fn densify(mins: &[u64; BINS]) -> [u16; BINS] {
    let mut bins = [0u16; BINS];
    if mins.iter().all(|&m| m == u64::MAX) {
        return bins;
    }
    for (i, bin) in bins.iter_mut().enumerate() {
        let mut distance = 0;
        while mins[(i + distance) % BINS] == u64::MAX {
            distance += 1;
        }
        let source = mins[(i + distance) % BINS];
        *bin = mix(source ^ (distance as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) as u16;
    }
    bins
}

/// An article as clustering sees it.
#[derive(Debug, Clone)]
pub struct Item<K> {
    /// Its key (the caller's: an article id).
    pub key: K,
    /// Its date, as a day number or anything that orders by time.
    pub day: i64,
    /// Its signature.
    pub signature: Signature,
}

/// One member of a cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<K> {
    /// The article's key.
    pub key: K,
    /// Its estimated containment against the representative (1 for the representative).
    pub similarity: f32,
}

/// A cluster of copies: its members, the representative (the earliest) first, then by date
/// and key.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster<K> {
    /// The members, the representative first.
    pub members: Vec<Member<K>>,
}

/// Groups `items` into clusters of copies at `threshold`; articles without a copy are in none.
/// The result depends only on the items, not on their order: the clusters are sorted by their
/// representative.
pub fn clusters<K: Ord + Clone>(items: &[Item<K>], threshold: f32) -> Vec<Cluster<K>> {
    // Items in a fixed order (date, key), so that the result does not depend on the input's.
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| (items[a].day, &items[a].key).cmp(&(items[b].day, &items[b].key)));
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let eligible: Vec<usize> = order.iter().copied().filter(|&i| items[i].signature.shingles >= MIN_SHINGLES).collect();
    let bands: Vec<[u64; BANDS]> = eligible.iter().map(|&i| items[i].signature.bands()).collect();
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(eligible.len());
    for band in 0..BANDS {
        keyed.clear();
        keyed.extend(eligible.iter().zip(&bands).map(|(&i, keys)| (keys[band], i)));
        keyed.sort_unstable();
        for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() < 2 {
                continue;
            }
            // Small buckets: every pair. Large ones (a shared boilerplate shingle, or a story
            // reprinted many times): each member against its neighbours in date order, which
            // still joins every copy of a story reprinted verbatim.
            let members: Vec<usize> = bucket.iter().map(|&(_, i)| i).collect();
            let pairs: Vec<(usize, usize)> = if members.len() <= 16 {
                (0..members.len()).flat_map(|a| (a + 1..members.len()).map(move |b| (a, b))).collect()
            } else {
                (0..members.len()).flat_map(|a| (a + 1..members.len().min(a + 5)).map(move |b| (a, b))).collect()
            };
            for (a, b) in pairs {
                let (a, b) = (members[a], members[b]);
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb && items[a].signature.is_copy(&items[b].signature, threshold) {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in &order {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut clusters: Vec<Cluster<K>> = groups
        .into_values()
        .filter(|group| group.len() > 1)
        .map(|group| {
            // `order` is by date and key, so the first is the earliest.
            let representative = &items[group[0]].signature;
            let members = group
                .iter()
                .enumerate()
                .map(|(n, &i)| Member {
                    key: items[i].key.clone(),
                    similarity: if n == 0 { 1.0 } else { items[i].signature.containment(representative) },
                })
                .collect();
            Cluster { members }
        })
        .collect();
    clusters.sort_by(|a, b| {
        let first = |c: &Cluster<K>| c.members[0].key.clone();
        first(a).cmp(&first(b))
    });
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The port authority said on Tuesday that crane operators at the eastern terminal \
        had ended their three-day strike after the ministry offered a new shift pattern. Exporters \
        of cocoa and timber had warned that the backlog would cost them 12 million dollars a week. \
        Union leaders said talks on pay would go on into the new year, and that the crane operators \
        would return to work on Wednesday morning. The ministry said 41 ships were waiting offshore.";

    #[test]
    fn a_copy_matches_and_an_unrelated_text_does_not() {
        let original = Signature::of(STORY);
        let reprint = Signature::of(&format!("{STORY} Our correspondent adds that the harbour was quiet."));
        assert!(original.is_copy(&reprint, DEFAULT_THRESHOLD));
        let trimmed = Signature::of(&STORY[..STORY.len() / 2]);
        assert!(original.containment(&trimmed) > 0.8, "{}", original.containment(&trimmed));
        let other = Signature::of(
            "Heavy rain flooded the salt pans near the lagoon on Sunday, and farmers said the \
             harvest of 2,000 tonnes expected this season was lost. The district office opened two \
             shelters in schools and asked for tents and drinking water from the capital.",
        );
        assert!(original.resemblance(&other) < 0.1);
        assert!(!original.is_copy(&other, DEFAULT_THRESHOLD));
    }

    #[test]
    fn the_same_words_with_other_figures_are_not_copies() {
        let report = |a: &str, b: &str, c: &str| {
            Signature::of(&format!(
                "The main share index closed {a} percent higher at {b} points on Monday, as banks and \
                 miners gained and the currency held steady against the dollar. Trading volume was \
                 {c} million shares, near the average of the past month, dealers in the city said."
            ))
        };
        let monday = report("1.2", "7,412", "310");
        let tuesday = report("0.4", "7,381", "295");
        assert!(monday.resemblance(&tuesday) > 0.3);
        assert!(!monday.figures_agree(&tuesday));
        assert!(!monday.is_copy(&tuesday, DEFAULT_THRESHOLD));
        assert!(monday.is_copy(&report("1.2", "7,412", "310"), DEFAULT_THRESHOLD));
    }

    #[test]
    fn signatures_survive_their_bytes() {
        let signature = Signature::of(STORY);
        assert_eq!(Signature::from_bytes(&signature.to_bytes()), Some(signature));
        assert_eq!(Signature::from_bytes(b"short"), None);
    }

    #[test]
    fn clusters_join_copies_of_copies_under_the_earliest() {
        let item = |key: &str, day: i64, text: &str| Item { key: key.to_string(), day, signature: Signature::of(text) };
        let items = vec![
            item("c-copy", 3, &format!("Updated. {STORY}")),
            item("a-original", 1, STORY),
            item("z-other", 1, "A short note on the weather, which was mild and dry for the whole week in the hills."),
            item("b-reprint", 2, &format!("{STORY} Reporting by our staff.")),
        ];
        let found = clusters(&items, DEFAULT_THRESHOLD);
        assert_eq!(found.len(), 1);
        let keys: Vec<&str> = found[0].members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["a-original", "b-reprint", "c-copy"]);
        assert_eq!(found[0].members[0].similarity, 1.0);
        // The order of the input does not matter.
        let reversed: Vec<Item<String>> = items.into_iter().rev().collect();
        assert_eq!(clusters(&reversed, DEFAULT_THRESHOLD), found);
    }
}
