//! A deterministic generator of synthetic news archives, shared by `examples/gen_corpus.rs` and
//! the benches: 300-800 words in 5-15 paragraphs, words drawn from a Zipf-distributed
//! vocabulary, dates over 25 years, country names, aliases and demonyms, and a quote attributed
//! to a named speaker ("X said", "said X", "according to X") in about a third of the paragraphs.

use std::fmt::Write as _;
use std::path::Path;

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};
use rand_pcg::Pcg64Mcg;

/// Syllables from which the vocabulary is built: pronounceable, not English, deterministic.
const SYLLABLES: &[&str] = &[
    "ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "va", "we", "xi", "yo",
    "za", "bra", "cle", "dri", "flo", "gru", "pla", "tre", "str", "ment", "tion", "ar", "en", "or", "ul",
];
/// Common function words, so that phrases with stop words exist.
const FUNCTION_WORDS: &[&str] =
    &["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "as", "by", "at", "from", "was", "were", "is"];
const COUNTRIES: &[&str] = &[
    "Armenia", "Azerbaijan", "Kenya", "Ethiopia", "Brazil", "the United States", "US", "Britain", "Germany", "France",
    "Turkish", "Ukrainian", "Russian", "Chinese", "Indian", "Nigeria", "Ghana", "Peru", "Chile", "Japan",
    "South Korea", "Egypt", "Sudan", "Norwegian", "Dutch", "Mexico", "Canada", "Australia", "Indonesia", "Vietnam",
];
const GIVEN: &[&str] = &[
    "Ingrid", "Tomas", "Amina", "Rafael", "Mei-Ling", "Kwame", "Ursula", "Omar", "Nadia", "Priya", "Sipho", "Elena",
    "Jonas", "Lucia", "Haruto", "Farah", "Mateo", "Olena", "Tariq", "Sofia",
];
const FAMILY: &[&str] = &[
    "Solberg", "Varga", "Odhiambo", "Quintero", "Chao", "Mensah", "Stein", "Rashid", "Haddad", "Raghavan", "Dlamini",
    "Marchetti", "Lindqvist", "Paredes", "Sato", "Karimi", "Ortiz", "Kovalenko", "Aziz", "Brunner",
];
const TITLES: &[&str] = &["Foreign Minister", "President", "Spokesperson", "Ambassador", "Dr", "Governor"];

/// Writes synthetic articles; the same seed always gives the same articles.
pub struct Generator {
    rng: Pcg64Mcg,
    vocabulary: Vec<String>,
    zipf: Zipf<f64>,
    /// Every how many joins between sentences the space is lost (`said.The`), as in text
    /// scraped from web pages; `None` keeps every space. Counted, not drawn, so the articles'
    /// words are the same either way.
    glue_every: Option<usize>,
    joins: usize,
}

impl Generator {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Generator {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut vocabulary: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        while vocabulary.len() < 50_000 {
            let syllables = rng.random_range(1..=4);
            let word: String = (0..syllables).map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())]).collect();
            vocabulary.push(word);
        }
        let zipf = Zipf::new(vocabulary.len() as f64, 1.07).expect("valid Zipf parameters");
        Generator { rng, vocabulary, zipf, glue_every: None, joins: 0 }
    }

    /// The same generator, losing the space after every `every`-th sentence.
    #[allow(dead_code)] // Only gen_corpus glues.
    pub fn glued(self, every: Option<usize>) -> Generator {
        Generator { glue_every: every.filter(|&every| every > 0), ..self }
    }

    fn word(&mut self) -> &str {
        let rank = self.zipf.sample(&mut self.rng) as usize;
        &self.vocabulary[rank.clamp(1, self.vocabulary.len()) - 1]
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    fn sentence(&mut self, out: &mut String) {
        let words = self.rng.random_range(8..22);
        for i in 0..words {
            let word = self.word().to_string();
            if i == 0 {
                let mut chars = word.chars();
                out.extend(chars.next().into_iter().flat_map(char::to_uppercase).chain(chars));
            } else {
                out.push(' ');
                if self.rng.random_bool(0.04) {
                    out.push_str(self.pick(COUNTRIES));
                    continue;
                }
                out.push_str(&word);
            }
        }
        out.push('.');
    }

    /// The text of article number `n`.
    pub fn article(&mut self, n: usize) -> String {
        let year = 2000 + self.rng.random_range(0..25);
        let (month, day) = (self.rng.random_range(1..=12), self.rng.random_range(1..=28));
        let mut text = format!("date {year:04}-{month:02}-{day:02} ");
        let speaker = format!("{} {}", self.pick(GIVEN), self.pick(FAMILY));
        let surname = speaker.split(' ').nth(1).unwrap_or("").to_string();
        let target_words = self.rng.random_range(300..=800);
        let paragraphs = self.rng.random_range(5..=15);
        let per_paragraph = target_words / paragraphs;
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            let start = text.len();
            while text[start..].split(' ').count() < per_paragraph {
                self.sentence(&mut text);
                self.joins += 1;
                if self.glue_every.is_none_or(|every| self.joins % every != 0) {
                    text.push(' ');
                }
            }
            text.truncate(text.trim_end().len());
            if self.rng.random_bool(0.33) {
                let quote_words: Vec<String> =
                    (0..self.rng.random_range(6..14)).map(|_| self.word().to_string()).collect();
                let quote = quote_words.join(" ");
                let title = self.pick(TITLES);
                match self.rng.random_range(0..3) {
                    0 => write!(text, " {title} {speaker} said the {quote}."),
                    1 => write!(text, " \"The {quote},\" said {surname}."),
                    _ => write!(text, " According to {speaker}, the {quote}."),
                }
                .expect("writing to a String");
            }
        }
        text.push_str(&format!("\n\nReference {n}.\n"));
        text
    }
}

/// Writes `count` articles under `out` (100 per folder); returns the bytes written.
#[allow(dead_code)] // gen_corpus writes through write_corpus_with.
pub fn write_corpus(out: &Path, count: usize, seed: u64) -> std::io::Result<usize> {
    write_corpus_with(out, count, Generator::new(seed))
}

/// [`write_corpus`] with `generator`.
pub fn write_corpus_with(out: &Path, count: usize, mut generator: Generator) -> std::io::Result<usize> {
    let mut bytes = 0;
    for n in 0..count {
        let dir = out.join(format!("{:05}", n / 100));
        if n % 100 == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        let text = generator.article(n);
        bytes += text.len();
        std::fs::write(dir.join(format!("{n:07}.txt")), text)?;
    }
    Ok(bytes)
}

/// Writes `count` articles as one JSON Lines file at `path` (`id`, `date` and `body` per line,
/// the same articles as [`write_corpus`] writes for the same seed); returns the bytes written.
#[allow(dead_code)] // Only gen_corpus writes JSON Lines.
pub fn write_json_lines(path: &Path, count: usize, mut generator: Generator) -> std::io::Result<usize> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut bytes = 0;
    for n in 0..count {
        let text = generator.article(n);
        let (date, body) = text.strip_prefix("date ").and_then(|rest| rest.split_once(' ')).expect("a dated article");
        let line = serde_json::json!({ "id": format!("g{n:07}"), "date": date, "body": body }).to_string();
        bytes += line.len() + 1;
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(bytes)
}
