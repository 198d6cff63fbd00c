//! An evaluation set for wire-copy detection, with known answers: stories, copies made from
//! them the ways newspapers reprint wire stories, and hard non-copies. Shared by the duplicates
//! test (`tests/integration/duplicates.rs`) and `benches/duplicates.rs`.
//!
//! Copies of a story are made by: an exact reprint; a new headline and lead paragraph; trimmed to
//! 50-80% of its paragraphs; a local paragraph added; light word edits (one word in 30 changed);
//! punctuation changed (commas dropped, quotes and dashes changed). Hard non-copies: a follow-up
//! story on the same event that repeats one background paragraph; two stories sharing a long
//! quote; templated daily reports (markets, weather) whose words are the same and whose figures
//! differ.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::generator::Generator;

/// One article of the set.
pub struct EvalArticle {
    /// Its id.
    pub id: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    pub body: String,
    /// The story it belongs to: articles with the same story are copies of each other.
    pub story: usize,
    /// How it was made (`original`, `reprint`, `new-lead`, `trimmed`, `local-paragraph`,
    /// `word-edits`, `punctuation`, `follow-up`, `shared-quote`, `template`).
    pub kind: &'static str,
}

const COPY_KINDS: [&str; 6] = ["reprint", "new-lead", "trimmed", "local-paragraph", "word-edits", "punctuation"];

/// The body of a generated article: its text after the date, without the closing reference line.
fn body(generator: &mut Generator, n: usize) -> (String, String) {
    let text = generator.article(n);
    let (date, rest) = text.strip_prefix("date ").and_then(|rest| rest.split_once(' ')).expect("a dated article");
    let body = rest.rsplit_once("\n\nReference").map_or(rest, |(body, _)| body);
    (date.to_string(), body.to_string())
}

fn paragraphs(body: &str) -> Vec<String> {
    body.split("\n\n").map(str::to_string).collect()
}

/// The evaluation set of `stories` stories (about half of them copied 1 to 4 times) with
/// `stories / 10` of each kind of hard non-copy, from `seed`.
pub fn evaluation_set(stories: usize, seed: u64) -> Vec<EvalArticle> {
    let mut generator = Generator::new(seed);
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    let mut out = Vec::new();
    let mut next_story = 0;
    let mut n = 0;
    let mut fresh = |generator: &mut Generator| {
        n += 1;
        body(generator, n)
    };
    for s in 0..stories {
        let story = next_story;
        next_story += 1;
        let (date, original) = fresh(&mut generator);
        let title = format!("Story {s}");
        out.push(EvalArticle {
            id: format!("s{s:05}-0"),
            date: date.clone(),
            title: title.clone(),
            body: original.clone(),
            story,
            kind: "original",
        });
        if s % 2 == 1 {
            continue;
        }
        let copies = rng.random_range(1..=4);
        for c in 1..=copies {
            let kind = COPY_KINDS[rng.random_range(0..COPY_KINDS.len())];
            let mut parts = paragraphs(&original);
            let (title, body) = match kind {
                "reprint" => (title.clone(), original.clone()),
                "new-lead" => {
                    let (_, other) = fresh(&mut generator);
                    parts[0] = paragraphs(&other)[0].clone();
                    (format!("Local view: story {s}"), parts.join("\n\n"))
                }
                "trimmed" => {
                    let share = rng.random_range(0.5..=0.8);
                    let words: Vec<&str> = original.split(' ').collect();
                    let keep = ((words.len() as f64) * share) as usize;
                    (title.clone(), words[..keep.max(1)].join(" "))
                }
                "local-paragraph" => {
                    let (_, other) = fresh(&mut generator);
                    let at = rng.random_range(1..=parts.len());
                    parts.insert(at, paragraphs(&other)[0].clone());
                    (title.clone(), parts.join("\n\n"))
                }
                "word-edits" => {
                    let (_, other) = fresh(&mut generator);
                    let replacements: Vec<&str> = other.split(' ').collect();
                    let edited: Vec<String> = original
                        .split(' ')
                        .enumerate()
                        .map(|(i, word)| {
                            if rng.random_range(0..30) == 0 {
                                replacements[i % replacements.len()].to_string()
                            } else {
                                word.to_string()
                            }
                        })
                        .collect();
                    (title.clone(), edited.join(" "))
                }
                _ => (title.clone(), original.replace(", ", " ").replace('"', "\u{201c}").replace(" - ", " \u{2013} ")),
            };
            // Copies appear on the day or up to a week later.
            let day: u32 = date[8..].parse::<u32>().expect("a day") + rng.random_range(0..=7);
            let date = format!("{}-{:02}", &date[..7], day.min(28));
            out.push(EvalArticle { id: format!("s{s:05}-{c}"), date, title, body, story, kind });
        }
    }
    let negatives = (stories / 10).max(1);
    // A follow-up on the same event: new text, one background paragraph of the original repeated.
    for f in 0..negatives {
        let original = &out.iter().filter(|a| a.kind == "original").nth(f * 7 % stories).expect("an original").body;
        let background = paragraphs(original).last().cloned().unwrap_or_default();
        let (date, mut body) = fresh(&mut generator);
        body.push_str("\n\n");
        body.push_str(&background);
        out.push(EvalArticle {
            id: format!("follow-{f:04}"),
            date,
            title: format!("Follow-up {f}"),
            body,
            story: next_story,
            kind: "follow-up",
        });
        next_story += 1;
    }
    // Two different stories sharing a long quote (about 40 words).
    for q in 0..negatives {
        let (_, source) = fresh(&mut generator);
        let words: Vec<&str> = source.split(' ').take(40).collect();
        let quote = format!("\"{}\"", words.join(" "));
        for side in 0..2 {
            let (date, body) = fresh(&mut generator);
            let mut parts = paragraphs(&body);
            let at = parts.len() / 2;
            parts.insert(at, format!("The minister told reporters: {quote}"));
            out.push(EvalArticle {
                id: format!("quote-{q:04}-{side}"),
                date,
                title: format!("Quoted {q}"),
                body: parts.join("\n\n"),
                story: next_story,
                kind: "shared-quote",
            });
            next_story += 1;
        }
    }
    // Templated daily reports: the same sentences, other figures, each day its own story.
    for t in 0..negatives {
        let day = 1 + t % 28;
        let month = 1 + (t / 28) % 12;
        let figure = |rng: &mut Pcg64Mcg, low: f64, high: f64| format!("{:.1}", rng.random_range(low..high));
        let body = if t % 2 == 0 {
            format!(
                "The main share index closed {} percent higher at {} points, as banks and miners gained \
                 and the currency held steady at {} to the dollar. Trading volume was {} million shares, \
                 near the average of the past month, dealers said.\n\nBond yields eased to {} percent \
                 and gold traded at {} dollars an ounce. Oil was quoted at {} dollars a barrel in \
                 late trade, and the volatility gauge stood at {}.",
                figure(&mut rng, 0.1, 3.0),
                figure(&mut rng, 6000.0, 8000.0),
                figure(&mut rng, 10.0, 20.0),
                figure(&mut rng, 200.0, 400.0),
                figure(&mut rng, 2.0, 6.0),
                figure(&mut rng, 1500.0, 2500.0),
                figure(&mut rng, 60.0, 110.0),
                figure(&mut rng, 10.0, 40.0),
            )
        } else {
            format!(
                "The weather service expects a high of {} degrees in the capital and {} on the coast, with \
                 winds of {} kilometres an hour from the north and a {} percent chance of rain by the \
                 evening.\n\nThe night will be clear in the hills, with a low of {} degrees, and the \
                 pollen count will stay at {} grains. Sunrise is at {} and sunset at {}.",
                figure(&mut rng, 15.0, 35.0),
                figure(&mut rng, 15.0, 35.0),
                figure(&mut rng, 5.0, 60.0),
                figure(&mut rng, 0.0, 100.0),
                figure(&mut rng, 0.0, 15.0),
                figure(&mut rng, 10.0, 90.0),
                figure(&mut rng, 5.0, 7.0),
                figure(&mut rng, 18.0, 21.0),
            )
        };
        out.push(EvalArticle {
            id: format!("template-{t:04}"),
            date: format!("2021-{month:02}-{day:02}"),
            title: if t % 2 == 0 { "Markets".into() } else { "Weather".into() },
            body,
            story: next_story,
            kind: "template",
        });
        next_story += 1;
    }
    out
}

/// Pair precision and recall of `found` (a story label per article, from a clustering) against
/// the set's stories: a pair of articles is predicted when both have the same label, true when
/// both have the same story.
pub fn pair_scores(set: &[EvalArticle], found: &[usize]) -> (f64, f64, usize, usize) {
    use std::collections::HashMap;
    // Pairs within each group: n (n - 1) / 2 for a group of n.
    fn pairs<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> usize {
        let mut sizes: HashMap<K, usize> = HashMap::new();
        for key in keys {
            *sizes.entry(key).or_default() += 1;
        }
        sizes.values().map(|&n| n * (n - 1) / 2).sum()
    }
    let predicted = pairs(found.iter());
    let true_pairs = pairs(set.iter().map(|article| article.story));
    let correct = pairs(set.iter().zip(found).map(|(article, label)| (article.story, label)));
    let precision = if predicted == 0 { 1.0 } else { correct as f64 / predicted as f64 };
    let recall = if true_pairs == 0 { 1.0 } else { correct as f64 / true_pairs as f64 };
    (precision, recall, predicted, true_pairs)
}
