//! What the word-statistics commands (`collocates`, `keywords`) share: the stop-word flag and
//! how their tables fit words and numbers into 80 columns.

use dateline::Stopwords;

/// `--stopwords LIST`.
#[derive(Debug, clap::Args)]
pub struct StopwordsArg {
    /// Leave a documented list of words out of the table: en (English function words). They
    /// still count in window and set sizes. Nothing is left out by default.
    #[arg(long = "stopwords", value_enum, value_name = "LIST")]
    list: Option<ListArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ListArg {
    En,
}

impl StopwordsArg {
    /// The list asked for.
    pub fn list(&self) -> Option<Stopwords> {
        self.list.map(|list| match list {
            ListArg::En => Stopwords::En,
        })
    }
}

/// `text` in at most `width` characters: cut with `…` when longer, control characters shown
/// as escapes.
pub fn fit(text: &str, width: usize) -> String {
    let text = super::print::sanitize(text);
    if text.chars().count() <= width {
        return text;
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `n` with its digits grouped by thousands: `12,345`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `n` and a noun, plural unless `n` is 1: `1 article`, `1,204 articles`.
pub fn counted(n: u64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{} {noun}s", grouped(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_words_fit() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(38_123_456), "38,123,456");
        assert_eq!(counted(1, "article"), "1 article");
        assert_eq!(counted(1204, "article"), "1,204 articles");
        assert_eq!(fit("refugees", 20), "refugees");
        assert_eq!(fit("internationalisation", 10), "internati…");
    }
}
