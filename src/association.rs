//! Association measures: how strongly two words keep company (collocations), and how much more
//! often a word occurs in one set of texts than in another (keywords).
//!
//! Every measure is computed from a 2×2 contingency table of observed frequencies `O11 .. O22`
//! with row sums `R1`, `R2`, column sums `C1`, `C2`, the sample size `N`, and the frequencies
//! expected if the two were independent, `Eij = Ri × Cj / N` (Evert 2008, section 4).
//!
//! **Collocations** ([`Collocation`]) count surface co-occurrence in a window around each
//! occurrence of a node (Evert 2008, section 3): `O11` is how often the collocate stands in a
//! window, `R1` the number of words in the windows, `C1` the collocate's frequency in the whole
//! archive and `N` the archive's size in words. So `E11 = R1 × C1 / N`:
//! - **MI**, pointwise mutual information (Church & Hanks 1990, in Evert's form): `log2(O11 / E11)`;
//! - **MI3** (Oakes 1998; Evert 2008): `log2(O11³ / E11)`, MI with less reward for rare pairs;
//! - **t-score** (Church et al. 1991; Evert 2008): `(O11 - E11) / sqrt(O11)`;
//! - **log-likelihood** G² (Dunning 1993): `2 Σ Oij ln(Oij / Eij)` over the four cells,
//!   negative when `O11 < E11` (a word that avoids the node), as Evert recommends for ranking;
//! - **logDice** (Rychlý 2008): `14 + log2(2 f(x,y) / (f(x) + f(y)))`, with `f(x,y) = O11`,
//!   `f(x)` the node's frequency and `f(y)` the collocate's. It does not depend on the
//!   archive's size, so it compares across archives and periods; at most 14.
//!
//! **Keywords** ([`Keyness`]) compare a word's frequency `a` in a target set of `c` words with
//! its frequency `b` in a reference set of `d` words (`O11 = a`, `O12 = b`, `O21 = c - a`,
//! `O22 = d - b`):
//! - **log-likelihood** G² (Dunning 1993; as used for keywords by Rayson & Garside 2000, but
//!   over all four cells);
//! - **chi-squared**, Pearson's `Σ (Oij - Eij)² / Eij` without continuity correction;
//! - **log ratio** (Hardie 2014): `log2((a / c) / (b / d))`, a frequency of 0 counted as 0.5, the
//!   binary log of how many times more frequent the word is in the target: an effect size,
//!   which the two tests above are not.
//!
//! References:
//! - Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
//!   lexicography. *Computational Linguistics* 16(1), 22-29.
//! - Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical analysis.
//!   In U. Zernik (ed.), *Lexical Acquisition*, 115-164.
//! - Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
//!   *Computational Linguistics* 19(1), 61-74.
//! - Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), *Corpus
//!   Linguistics. An International Handbook*, article 58. Mouton de Gruyter.
//! - Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for Corpus Approaches
//!   to Social Science (CASS), Lancaster University.
//! - Oakes, M. P. (1998). *Statistics for Corpus Linguistics*. Edinburgh University Press.
//! - Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. *Proceedings
//!   of the Workshop on Comparing Corpora*, ACL 2000, 1-6.
//! - Rychlý, P. (2008). A lexicographer-friendly association score. *Proceedings of Recent
//!   Advances in Slavonic Natural Language Processing (RASLAN)*, 6-9.

use serde::{Deserialize, Serialize};

/// A measure of collocation strength.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CollocationMeasure {
    /// logDice (Rychlý 2008), the default: at most 14, independent of the archive's size.
    #[default]
    LogDice,
    /// Pointwise mutual information (Church & Hanks 1990): favours rare, exclusive pairs.
    Mi,
    /// MI³ (Oakes 1998): mutual information with the co-occurrence frequency cubed.
    Mi3,
    /// t-score (Church et al. 1991): favours frequent pairs.
    T,
    /// Log-likelihood G² (Dunning 1993), negative for words that avoid the node.
    Ll,
}

impl CollocationMeasure {
    /// The measure's name as the command line and the output spell it.
    pub fn name(self) -> &'static str {
        match self {
            CollocationMeasure::LogDice => "logdice",
            CollocationMeasure::Mi => "mi",
            CollocationMeasure::Mi3 => "mi3",
            CollocationMeasure::T => "t",
            CollocationMeasure::Ll => "ll",
        }
    }
}

/// A measure of keyness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeynessMeasure {
    /// Log-likelihood G² (Dunning 1993), the default.
    #[default]
    Ll,
    /// Log ratio (Hardie 2014): the effect size itself.
    LogRatio,
    /// Pearson's chi-squared.
    Chi2,
}

impl KeynessMeasure {
    /// The measure's name as the command line and the output spell it.
    pub fn name(self) -> &'static str {
        match self {
            KeynessMeasure::Ll => "ll",
            KeynessMeasure::LogRatio => "logratio",
            KeynessMeasure::Chi2 => "chi2",
        }
    }
}

/// The counts behind a collocation's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collocation {
    /// How often the collocate stands in a window of the node (O11).
    pub together: u64,
    /// How often the node occurs (f(x), for logDice).
    pub node: u64,
    /// How many words the windows hold in all (R1).
    pub window: u64,
    /// The collocate's frequency in the archive (C1).
    pub collocate: u64,
    /// The archive's size in words (N).
    pub total: u64,
}

impl Collocation {
    /// The score of `measure`.
    pub fn score(&self, measure: CollocationMeasure) -> f64 {
        let o11 = self.together as f64;
        match measure {
            CollocationMeasure::LogDice => 14.0 + (2.0 * o11 / (self.node + self.collocate).max(1) as f64).log2(),
            CollocationMeasure::Mi => (o11 / self.expected()).log2(),
            CollocationMeasure::Mi3 => (o11.powi(3) / self.expected()).log2(),
            CollocationMeasure::T => (o11 - self.expected()) / o11.sqrt(),
            CollocationMeasure::Ll => {
                let table = Table::new(self.together, self.window, self.collocate, self.total);
                let g2 = table.log_likelihood();
                if o11 < self.expected() {
                    -g2
                } else {
                    g2
                }
            }
        }
    }

    /// E11 = R1 × C1 / N.
    fn expected(&self) -> f64 {
        self.window as f64 * self.collocate as f64 / self.total.max(1) as f64
    }
}

/// The counts behind a keyword's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyness {
    /// The word's frequency in the target set (a).
    pub target: u64,
    /// Its frequency in the reference set (b).
    pub reference: u64,
    /// The target set's size in words (c).
    pub target_words: u64,
    /// The reference set's size in words (d).
    pub reference_words: u64,
}

impl Keyness {
    /// The score of `measure`: G² and chi-squared are never negative (see
    /// [`Keyness::log_ratio`] for the direction), log ratio is.
    pub fn score(&self, measure: KeynessMeasure) -> f64 {
        let table = Table::new(self.target, self.target + self.reference, self.target_words, self.total());
        match measure {
            KeynessMeasure::Ll => table.log_likelihood(),
            KeynessMeasure::Chi2 => table.chi_squared(),
            KeynessMeasure::LogRatio => self.log_ratio(),
        }
    }

    /// log2 of the ratio of the word's relative frequencies (Hardie 2014): positive when it is
    /// more frequent in the target, a frequency of 0 counted as 0.5.
    pub fn log_ratio(&self) -> f64 {
        let share = |count: u64, size: u64| {
            let count = if count == 0 { 0.5 } else { count as f64 };
            count / size.max(1) as f64
        };
        (share(self.target, self.target_words) / share(self.reference, self.reference_words)).log2()
    }

    /// Whether the word is relatively more frequent in the target than in the reference.
    pub fn over(&self) -> bool {
        (self.target as f64) * (self.reference_words as f64) > (self.reference as f64) * (self.target_words as f64)
    }

    fn total(&self) -> u64 {
        self.target_words + self.reference_words
    }
}

/// A 2×2 contingency table given by O11, the first row's sum R1, the first column's sum C1
/// and N.
struct Table {
    observed: [f64; 4],
    expected: [f64; 4],
}

impl Table {
    fn new(o11: u64, r1: u64, c1: u64, n: u64) -> Table {
        let (o11, r1, c1, n) = (o11 as f64, r1 as f64, c1 as f64, n as f64);
        let (r2, c2) = (n - r1, n - c1);
        // Counts from one archive cannot contradict each other; clamp in case rounding does.
        let observed = [o11, (r1 - o11).max(0.0), (c1 - o11).max(0.0), (n - r1 - c1 + o11).max(0.0)];
        let n = n.max(1.0);
        let expected = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n];
        Table { observed, expected }
    }

    /// G² = 2 Σ Oij ln(Oij / Eij), a term with Oij = 0 counting 0.
    fn log_likelihood(&self) -> f64 {
        let sum: f64 = self
            .observed
            .iter()
            .zip(&self.expected)
            .filter(|(o, e)| **o > 0.0 && **e > 0.0)
            .map(|(o, e)| o * (o / e).ln())
            .sum();
        (2.0 * sum).max(0.0)
    }

    /// X² = Σ (Oij - Eij)² / Eij.
    fn chi_squared(&self) -> f64 {
        self.observed.iter().zip(&self.expected).filter(|(_, e)| **e > 0.0).map(|(o, e)| (o - e).powi(2) / e).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6 * b.abs().max(1.0)
    }

    // A node in 2 windows of 10 words (R1 = 20), a collocate seen 5 times there and 50 times
    // in an archive of 10,000 words: E11 = 20 × 50 / 10,000 = 0.1.
    const PAIR: Collocation = Collocation { together: 5, node: 2, window: 20, collocate: 50, total: 10_000 };

    #[test]
    fn collocation_measures_follow_their_definitions() {
        assert!(close(PAIR.score(CollocationMeasure::Mi), (5.0f64 / 0.1).log2()));
        assert!(close(PAIR.score(CollocationMeasure::Mi3), (125.0f64 / 0.1).log2()));
        assert!(close(PAIR.score(CollocationMeasure::T), (5.0 - 0.1) / 5.0f64.sqrt()));
        assert!(close(PAIR.score(CollocationMeasure::LogDice), 14.0 + (10.0f64 / 52.0).log2()));
        // The four cells: O = 5, 15, 45, 9935; E = 0.1, 19.9, 49.9, 9930.1.
        let g2 = 2.0
            * (5.0 * (5.0f64 / 0.1).ln()
                + 15.0 * (15.0f64 / 19.9).ln()
                + 45.0 * (45.0f64 / 49.9).ln()
                + 9935.0 * (9935.0f64 / 9930.1).ln());
        assert!(close(PAIR.score(CollocationMeasure::Ll), g2), "{}", PAIR.score(CollocationMeasure::Ll));
    }

    #[test]
    fn log_likelihood_is_negative_for_a_word_that_avoids_the_node() {
        let avoided = Collocation { together: 1, node: 10, window: 100, collocate: 1_000, total: 10_000 };
        assert!(avoided.score(CollocationMeasure::Ll) < 0.0);
        assert!(avoided.score(CollocationMeasure::T) < 0.0);
    }

    #[test]
    fn keyness_follows_its_definitions() {
        // 30 in 1,000 target words against 10 in 9,000 reference words.
        let word = Keyness { target: 30, reference: 10, target_words: 1_000, reference_words: 9_000 };
        assert!(word.over());
        assert!(close(word.log_ratio(), ((30.0 / 1_000.0) / (10.0 / 9_000.0f64)).log2()));
        // E11 = 1,000 × 40 / 10,000 = 4; E12 = 9,000 × 40 / 10,000 = 36;
        // E21 = 1,000 × 9,960 / 10,000 = 996; E22 = 9,000 × 9,960 / 10,000 = 8,964.
        let cells = [(30.0, 4.0), (10.0, 36.0), (970.0, 996.0), (8990.0, 8964.0)];
        let g2 = 2.0 * cells.iter().map(|(o, e): &(f64, f64)| o * (o / e).ln()).sum::<f64>();
        let x2 = cells.iter().map(|(o, e): &(f64, f64)| (o - e).powi(2) / e).sum::<f64>();
        assert!(close(word.score(KeynessMeasure::Ll), g2));
        assert!(close(word.score(KeynessMeasure::Chi2), x2));
        assert!(close(word.score(KeynessMeasure::LogRatio), word.log_ratio()));
    }

    #[test]
    fn a_word_missing_from_one_side_counts_half() {
        let only_target = Keyness { target: 4, reference: 0, target_words: 100, reference_words: 100 };
        assert!(close(only_target.log_ratio(), 3.0));
        let only_reference = Keyness { target: 0, reference: 4, target_words: 100, reference_words: 100 };
        assert!(close(only_reference.log_ratio(), -3.0));
        assert!(!only_reference.over());
        assert!(only_reference.score(KeynessMeasure::Ll) > 0.0);
    }
}
