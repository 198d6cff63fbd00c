//! Property-based tests: arbitrary and adversarial input for the corpus readers, the passage
//! splitter, extraction, text analysis, the query parser, highlighting and search. No input
//! may panic, and every offset that comes back must point into the text it came from.
//!
//! Bounded so that CI stays fast: 256 cases per property, 24 for the one that builds indexes.
//! Failing inputs are shrunk and printed but not written to a regressions file; the bugs these
//! properties found are kept as plain regression tests at the end of this module.

use std::ops::Range;
use std::path::Path;

use dateline::corpus::{self, dated, frontmatter, jsonl, FileArticles, ReadLimits, SkipReason};
use dateline::extract::{self, Span, TextField};
use dateline::internals::analysis::{self, MAX_TERM_BYTES};
use dateline::internals::Highlighter;
use dateline::passage;
use dateline::{query, snippet, Article, Error, Index, Indexer, Query, Scope, SearchRequest};
use proptest::prelude::*;
use proptest::sample::Index as Pick;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Map, Value};

use crate::fuzz::checks::ranges as check_ranges;

type Checked = Result<(), TestCaseError>;

/// `cases` cases, no regressions file, and a bound on shrinking so that a failure reports quickly.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, max_shrink_iters: 20_000, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Strategies (boxed: nested unboxed strategies overflow a test thread's stack in debug builds)

/// Pieces of text that the readers, the splitter, the extractors and the analyzer treat
/// specially: white space of every width, quotes, sentence ends, attributions, names, countries,
/// scripts whose case mapping or folding changes their length, and the syntax of the formats.
#[rustfmt::skip]
const FRAGMENTS: &[&str] = &[
    " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u{a0}", "\u{3000}", "\u{2028}", "\u{2029}", "\u{85}", "\u{feff}",
    "\u{200b}", "\u{200d}", ".", ". ", "! ", "? ", ",", ";", ":", "\"", "'", "\u{201c}", "\u{201d}", "\u{2018}",
    "\u{2019}", "\u{2026}", "(", ")", "-", "\u{2014}", "#", "said", " said ", "says", "told reporters", "added",
    "according to ", "he said", ", she added.", "They said", "Ingrid Solberg", "Solberg", "Foreign Minister ",
    "Dr. ", "Nadia Haddad", "Haddad", "Tomas Varga", "Kenya", "Kenyan", "C\u{f4}te d\u{2019}Ivoire",
    "United States", "U.S.", "Peru", "Chad", "ceasefire", "grain", "exports", "talks", "'s", "\u{2019}s",
    "Z\u{fc}rich", "\u{130}stanbul", "\u{130}\u{130}\u{130}", "\u{23a}\u{23e}", "\u{1e9e}", "\u{fb01}", "\u{216b}",
    "\u{bd}", "\u{5317}\u{4eac}\u{4f1a}\u{8c08}",
    "\u{41f}\u{435}\u{440}\u{435}\u{433}\u{43e}\u{432}\u{43e}\u{440}\u{44b}",
    "\u{645}\u{631}\u{62d}\u{628}\u{627}", "\u{1f642}", "e\u{301}", "\u{1f1f0}\u{1f1ea}", "date", "date ",
    "2020-02-29", "2021-02-29", "2020-13-01", "1600-01-01", "2020-1-1", "---", "---\n", "date: ", "title: ",
    "country: ", "speaker: ", "speakers:\n", "  - ", "{", "}", "[", "]", "\\", "\\u0000", "\0", "AND", "OR",
    "NOT", "country:", "speaker:", "title:", "id:", "*",
];

fn fragment() -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        3 => "[A-Za-z0-9]{1,10}",
        1 => any::<char>().prop_map(String::from),
    ]
    .boxed()
}

/// Text made of up to `max` fragments.
fn text(max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(fragment(), 0..max).prop_map(|pieces| pieces.concat()).boxed()
}

/// Words of news sentences: common words, titles, names (some of them countries) and verbs of saying.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "talks", "on", "Monday", "in", "of", "a", "grain", "ceasefire", "would", "hold", "officials", "met",
    "again", "and", "agreed", "to", "short", "statement", "Minister", "President", "Envoy", "Dr.", "Ingrid",
    "Solberg", "Nadia", "Haddad", "Tomas", "Varga", "Jordan", "Georgia", "Kenya", "Chad", "Peru", "Turkish",
    "said", "told", "added", "according", "he", "she", "they", "It", "We", "\u{201c}We", "ready,\u{201d}",
    "\"Yes,\"", "U.S.", "de-escalate", "2021", "Guterres's", "Z\u{fc}rich", "\u{130}stanbul",
];

/// A sentence of words with some ending (some of them odd).
fn sentence() -> BoxedStrategy<String> {
    let ends = prop::sample::select(
        &[". ", "? ", "! ", ".\n", ".\u{2028}", ".\u{2028}\u{2028}", " \u{3000}", ". \u{a0}", "\u{2026} ", ".\" ", " "]
            [..],
    );
    (prop::collection::vec(prop::sample::select(WORDS), 1..25), ends)
        .prop_map(|(words, end)| words.join(" ") + end)
        .boxed()
}

/// Text long enough to be cut into several passages at sentence boundaries.
fn long_text() -> BoxedStrategy<String> {
    prop::collection::vec(prop_oneof![4 => sentence(), 1 => fragment()], 0..60)
        .prop_map(|pieces| pieces.concat())
        .boxed()
}

/// Words long enough to be truncated: of letters whose case mapping or folding changes their
/// length (after folding only `İ` grows, to `i` and a combining dot), of Han characters (a term
/// each), or ASCII with a possessive.
fn long_word() -> BoxedStrategy<String> {
    prop_oneof![
        2 => "[a\u{c0}\u{130}\u{23a}\u{23e}\u{1e9e}\u{fb01}\u{3a3}]{100,300}",
        2 => "[a-z\u{130}]{120,300}",
        1 => "[\u{4e00}-\u{9fff}]{50,150}",
        1 => "[a-z]{250,300}('s)?",
    ]
    .boxed()
}

/// Any text: arbitrary characters, adversarial fragments, long paragraphs or long words.
fn any_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => text(60),
        2 => long_text(),
        2 => any::<String>(),
        1 => (text(10), long_word(), text(10)).prop_map(|(a, b, c)| a + &b + &c),
    ]
    .boxed()
}

fn valid_date() -> BoxedStrategy<String> {
    (1000i32..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")).boxed()
}

/// A date as it might be written: valid, impossible, out of range, malformed.
fn date_text() -> BoxedStrategy<String> {
    prop_oneof![
        4 => valid_date(),
        1 => (0u32..10000, 0u32..100, 0u32..100).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => text(4),
    ]
    .boxed()
}

/// A dated-text file: mostly well formed, with odd white space and bodies.
fn dated_file() -> BoxedStrategy<String> {
    let lead = prop::sample::select(&["", " ", "\n\n", "\t ", "\u{feff}", "\u{a0}", "\u{3000}"][..]);
    let keyword = prop::sample::select(&["date", "date", "date", "Date", "dated", "date:"][..]);
    let gap = prop::sample::select(&[" ", "\t", "  ", "", "\n", "\u{a0}"][..]);
    let after = prop::sample::select(&[" ", "\n", "\n\n", "", "\u{3000}", "\t"][..]);
    (lead, keyword, gap, date_text(), after, any_text())
        .prop_map(|(lead, keyword, gap, date, after, body)| format!("{lead}{keyword}{gap}{date}{after}{body}"))
        .boxed()
}

fn name() -> BoxedStrategy<String> {
    prop_oneof![
        "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?",
        prop::sample::select(&["Kenya", "UK", "Atlantis", "C\u{f4}te d'Ivoire", "Ingrid Solberg", "Solberg"][..])
            .prop_map(str::to_string),
    ]
    .boxed()
}

/// One line of a front-matter header.
fn header_line() -> BoxedStrategy<String> {
    let names = || prop::collection::vec(name(), 0..4);
    let separator = || prop::sample::select(&[", ", ";", ","][..]);
    prop_oneof![
        3 => date_text().prop_map(|d| format!("date: {d}")),
        1 => date_text().prop_map(|d| format!("Date: \"{d}\"")),
        2 => text(6).prop_map(|t| format!("title: {}", t.replace('\n', " "))),
        2 => (names(), separator()).prop_map(|(n, s)| format!("country: {}", n.join(s))),
        2 => (names(), separator()).prop_map(|(n, s)| format!("speakers: [{}]", n.join(s))),
        1 => Just("speaker:".to_string()),
        1 => Just("countries:".to_string()),
        2 => name().prop_map(|n| format!("  - {n}")),
        1 => Just("# a comment".to_string()),
        1 => Just(String::new()),
        1 => text(6).prop_map(|t| t.replace('\n', " ")),
    ]
    .boxed()
}

/// A front-matter file: a header (closed or not), then a body.
fn frontmatter_file() -> BoxedStrategy<String> {
    let open = prop::sample::select(&["---\n", " ---\n", "\n---  \n", "\u{feff}---\n", "---\r\n"][..]);
    let close = prop::sample::select(&["---\n", "---", " --- \n", "---\r\n", "", "----\n"][..]);
    (open, prop::collection::vec(header_line(), 0..8), close, any_text())
        .prop_map(|(open, lines, close, body)| format!("{open}{}\n{close}{body}", lines.join("\n")))
        .boxed()
}

/// A JSON value of any shape, for keys that expect something else.
fn json_value() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text(6).prop_map(Value::from),
        prop::collection::vec(text(3), 0..3).prop_map(Value::from),
        Just(json!({"nested": [1, "two"]})),
    ]
    .boxed()
}

/// A JSON Lines record: the keys dateline reads, each right, wrong or missing.
fn json_record() -> BoxedStrategy<String> {
    let id =
        prop_oneof![3 => text(4).prop_map(Value::from), 1 => any::<u32>().prop_map(Value::from), 1 => json_value()];
    let date = prop_oneof![
        4 => valid_date().prop_map(Value::from),
        1 => valid_date().prop_map(|d| Value::from(format!("{d}T10:00:00Z"))),
        1 => date_text().prop_map(Value::from),
        1 => json_value(),
    ];
    let body = prop_oneof![5 => any_text().prop_map(Value::from), 1 => json_value()];
    let names = prop_oneof![
        prop::collection::vec(name(), 0..3).prop_map(|n| Value::from(n.join(", "))),
        prop::collection::vec(name(), 0..3).prop_map(Value::from),
        json_value(),
    ];
    let key = prop::sample::select(&["country", "countries", "speaker", "speakers"][..]);
    (
        prop::option::weighted(0.7, id),
        prop::option::weighted(0.9, date),
        prop::option::weighted(0.9, body),
        prop::option::of(text(6)),
        prop::option::of((key, names)),
    )
        .prop_map(|(id, date, body, title, names)| {
            let mut record = Map::new();
            let fields = [("id", id), ("date", date), ("body", body), ("title", title.map(Value::from))];
            for (key, value) in fields {
                if let Some(value) = value {
                    record.insert(key.to_string(), value);
                }
            }
            if let Some((key, value)) = names {
                record.insert(key.to_string(), value);
            }
            Value::Object(record).to_string()
        })
        .boxed()
}

/// A JSON Lines file: records, blank lines and broken lines.
fn jsonl_file() -> BoxedStrategy<String> {
    let line = prop_oneof![
        6 => json_record(),
        1 => Just(String::new()),
        1 => Just("  \t".to_string()),
        1 => text(8).prop_map(|t| t.replace('\n', " ")),
        1 => json_record().prop_map(|r| r.chars().take(r.chars().count() / 2).collect()),
        1 => json_record().prop_map(|r| format!("\u{feff}{r}")),
    ];
    let end = prop::sample::select(&["\n", "\r\n"][..]);
    (prop::collection::vec(line, 0..6), end, any::<bool>())
        .prop_map(|(lines, end, last)| lines.join(end) + if last { end } else { "" })
        .boxed()
}

/// Bytes of any file: arbitrary, or a well-formed file of each format, perhaps corrupted.
fn file_bytes() -> BoxedStrategy<Vec<u8>> {
    let text = || prop_oneof![dated_file(), frontmatter_file(), jsonl_file()].prop_map(String::into_bytes);
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..300),
        4 => text(),
        1 => (text(), any::<Pick>(), prop::sample::select(&[0u8, 0x80, 0xc3, 0xff, b'\n'][..]))
            .prop_map(|(mut bytes, at, byte)| {
                let at = at.index(bytes.len() + 1);
                bytes.insert(at, byte);
                bytes
            }),
        1 => (text(), any::<Pick>()).prop_map(|(mut bytes, at)| {
            bytes.truncate(at.index(bytes.len() + 1));
            bytes
        }),
    ]
    .boxed()
}

/// Query syntax and words, to reach every branch of the parser rather than only its errors.
#[rustfmt::skip]
const QUERY_TOKENS: &[&str] = &[
    "grain", "exports", "ceasefire", "Kenya", "solberg", "Solberg's", "de-escalate", "10:30", "U.S.", "a",
    "\u{5317}\u{4eac}", "Z\u{fc}rich", "C\u{f4}te", "d\u{2019}Ivoire", "\u{130}stanbul", "\u{1f642}", "e\u{301}",
    "\"", "\"", "\u{201c}", "\u{201d}", "(", "(", ")", ")", "-", "+", "AND", "OR", "NOT", "and", "or",
    "country:", "speaker:", "title:", "id:", "text:", "TITLE:", "bogus:", "_:", ":", "::", "*", "?", "\\", "'s",
    "f0.txt", "f1.md", "f2.jsonl:1", " ", "  ", "\t", "\n", "\u{3000}", "\u{a0}",
    "gr*", "ceasef*", "Solbreg~", "Guteres~2", "~", "~1", "~3", "~101", "**", "date:", "DATE:", "2019", "2019-03",
    "2020-02-30", "..", "2019..2020", "2021..2019", "..2019-06-30",
];

/// A query-like string: syntax tokens and words, with or without spaces between them.
fn query_text() -> BoxedStrategy<String> {
    let token = prop_oneof![
        6 => prop::sample::select(QUERY_TOKENS).prop_map(str::to_string),
        1 => "[a-z]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    let separator = prop::sample::select(&[" ", " ", "", "  "][..]);
    prop::collection::vec((token, separator), 0..12)
        .prop_map(|parts| parts.into_iter().flat_map(|(token, sep)| [token, sep.to_string()]).collect())
        .boxed()
}

fn any_query() -> BoxedStrategy<String> {
    prop_oneof![4 => query_text(), 1 => any::<String>(), 1 => text(10)].boxed()
}

/// A corpus file for the end-to-end property: its extension and bytes.
fn corpus_file() -> BoxedStrategy<(&'static str, Vec<u8>)> {
    prop_oneof![
        3 => dated_file().prop_map(|t| ("txt", t.into_bytes())),
        2 => frontmatter_file().prop_map(|t| ("md", t.into_bytes())),
        2 => jsonl_file().prop_map(|t| ("jsonl", t.into_bytes())),
        1 => file_bytes().prop_map(|b| ("txt", b)),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Checks

/// What every reader promises of an article it returns.
fn check_article(article: &Article, text: Option<&str>) -> Checked {
    prop_assert!(!article.body.is_empty(), "empty body: {article:?}");
    prop_assert_eq!(article.body.trim(), article.body.as_str(), "the body is trimmed");
    if let Some(text) = text {
        prop_assert!(text.contains(&article.body), "the body is a part of the file");
    }
    for name in article.meta.countries.iter().chain(&article.meta.speakers) {
        prop_assert!(!name.trim().is_empty(), "blank name in {article:?}");
    }
    Ok(())
}

/// What a one-article reader (dated text, front matter) promises: an article, or a reason on a
/// line of the file.
fn check_one_article(text: &str, read: &Result<Article, (Option<usize>, SkipReason)>) -> Checked {
    match read {
        Ok(article) => {
            prop_assert_eq!(&article.meta.id, "a.txt");
            prop_assert_eq!(article.meta.path.as_path(), Path::new("a.txt"));
            prop_assert_eq!(article.meta.line, None);
            check_article(article, Some(text))?;
        }
        Err((line, _reason)) => {
            let lines = text.split('\n').count();
            prop_assert!(line.is_none_or(|line| (1..=lines).contains(&line)), "line {line:?} of {lines}");
        }
    }
    Ok(())
}

/// What a JSON Lines read promises: articles and skips on lines of the file, in order.
fn check_jsonl(text: &str, read: &FileArticles, max_article_bytes: u64) -> Checked {
    let lines = text.split('\n').count();
    let mut previous = 0;
    for article in &read.articles {
        check_article(article, None)?;
        let line = article.meta.line.expect("a JSON Lines article has its line");
        prop_assert!(line > previous && line <= lines, "article line {line} after {previous}, of {lines}");
        previous = line;
        prop_assert!(!article.meta.id.is_empty());
    }
    let mut previous = 0;
    for skip in &read.skipped {
        let line = skip.line.expect("a JSON Lines skip has its line");
        prop_assert!(line > previous && line <= lines, "skip line {line} after {previous}, of {lines}");
        previous = line;
    }
    // Blank lines are not records, unless too long to be held (and then skipped as too large).
    let records =
        text.split('\n').filter(|line| !line.trim().is_empty() || line.len() as u64 > max_article_bytes).count();
    prop_assert!(read.articles.len() + read.skipped.len() <= records);
    Ok(())
}

fn check_passages(body: &str) -> Checked {
    let passages = passage::split(body);
    let ranges: Vec<Range<usize>> = passages.iter().map(|p| p.range.clone()).collect();
    check_ranges(body, &ranges, "passages");
    let mut covered = String::new();
    for (i, passage) in passages.iter().enumerate() {
        prop_assert_eq!(passage.number as usize, i + 1, "passages are numbered 1..=n");
        let text = &body[passage.range.clone()];
        prop_assert!(!text.trim().is_empty(), "passage {} is blank: {:?}", passage.number, text);
        covered.extend(text.chars().filter(|c| !c.is_whitespace()));
    }
    let expected: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    prop_assert_eq!(covered, expected, "the passages hold every non-white-space character of the body");
    Ok(())
}

fn check_span(article: &Article, span: &Span) -> Checked {
    let text = match span.field {
        TextField::Title => article.meta.title.as_deref().unwrap_or(""),
        TextField::Body => article.body.as_str(),
    };
    prop_assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} out of bounds");
    prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} off boundaries");
    prop_assert_eq!(&text[span.start..span.end], span.text.as_str());
    Ok(())
}

fn check_extraction(article: &Article) -> Checked {
    let extraction = extract::extract(article);
    let passages = passage::split(&article.body);
    prop_assert_eq!(extraction.passages.len(), passages.len());
    for (labels, passage) in extraction.passages.iter().zip(&passages) {
        prop_assert_eq!(labels.number, passage.number);
        prop_assert_eq!(&labels.byte_range, &passage.range);
    }
    let article_speakers: Vec<&str> = extraction.speakers.iter().map(|l| l.name.as_str()).collect();
    let passage_labels = extraction.passages.iter().flat_map(|p| &p.speakers);
    for label in extraction.countries.iter().chain(&extraction.speakers).chain(passage_labels.clone()) {
        prop_assert!(!label.evidence.is_empty(), "label {:?} has no evidence", label.name);
        for evidence in &label.evidence {
            if let Some(span) = &evidence.span {
                check_span(article, span)?;
            }
        }
    }
    for label in passage_labels {
        prop_assert!(
            article_speakers.contains(&label.name.as_str()),
            "passage speaker {:?} is not an article speaker {article_speakers:?}",
            label.name
        );
    }
    let mut countries: Vec<&str> = extraction.countries.iter().map(|l| l.name.as_str()).collect();
    countries.sort_unstable();
    let before = countries.len();
    countries.dedup();
    prop_assert_eq!(countries.len(), before, "country labels are unique");
    Ok(())
}

fn check_tokens(text: &str) -> Checked {
    let tokens = analysis::tokens(text);
    let ranges: Vec<Range<usize>> = tokens.iter().map(|t| t.offset_from..t.offset_to).collect();
    check_ranges(text, &ranges, "tokens");
    for (i, token) in tokens.iter().enumerate() {
        prop_assert_eq!(token.position, i);
        prop_assert!(!token.text.is_empty(), "empty term at {:?}", token.offset_from..token.offset_to);
        prop_assert!(
            token.text.len() <= MAX_TERM_BYTES,
            "term of {} bytes (limit {MAX_TERM_BYTES}) from {:?}",
            token.text.len(),
            &text[token.offset_from..token.offset_to]
        );
    }
    let terms: Vec<String> = tokens.into_iter().map(|t| t.text).collect();
    prop_assert_eq!(analysis::terms(text), terms);
    Ok(())
}

/// What a parse promises: a well-formed tree of the query's own words, or an error that points
/// into the query.
fn check_parse(input: &str) -> Checked {
    match query::parse(input) {
        Ok(tree) => {
            check_tree(input, &tree)?;
            for atom in tree.positive_text_atoms() {
                prop_assert!(!atom.is_empty());
            }
        }
        Err(error) => {
            prop_assert_eq!(&error.query, input);
            prop_assert!(error.column <= input.chars().count(), "column {} of {:?}", error.column, input);
            prop_assert!(!error.message.is_empty());
            let shown = error.to_string();
            prop_assert!(shown.contains(input), "{shown:?} does not show {input:?}");
        }
    }
    Ok(())
}

fn check_tree(input: &str, tree: &Query) -> Checked {
    match tree {
        Query::Word { text, .. } => {
            prop_assert!(!text.is_empty() && !text.contains(char::is_whitespace), "word {text:?}");
            prop_assert!(input.contains(text.as_str()));
        }
        Query::Prefix { text, .. } | Query::Fuzzy { text, .. } => {
            prop_assert!(!text.is_empty() && !text.contains(char::is_whitespace), "prefix or fuzzy word {text:?}");
            prop_assert!(input.contains(text.as_str()));
        }
        Query::Phrase { text, slop, .. } => {
            prop_assert!(input.contains(text.as_str()));
            prop_assert!(*slop <= query::MAX_SLOP);
        }
        Query::Date { from, to } => {
            prop_assert!(from.is_some() || to.is_some(), "an unbounded date range");
            if let (Some(from), Some(to)) = (from, to) {
                prop_assert!(from.first <= to.last, "an empty date range {from:?}..{to:?}");
            }
        }
        Query::And(parts) | Query::Or(parts) => {
            prop_assert!(parts.len() >= 2, "a group of {} in {tree:?}", parts.len());
            for part in parts {
                check_tree(input, part)?;
            }
        }
        Query::Not(inner) => check_tree(input, inner)?,
        other => prop_assert!(false, "unknown query node {other:?}"),
    }
    Ok(())
}

/// Highlights of `atoms` in `text`: valid ranges, and every single-word atom's occurrences covered.
fn check_highlights(text: &str, atoms: &[Vec<String>]) -> Result<Vec<Range<usize>>, TestCaseError> {
    let ranges = Highlighter::new(atoms.to_vec()).highlight(text);
    check_ranges(text, &ranges, "highlights");
    for token in analysis::tokens(text) {
        if atoms.iter().any(|atom| atom.len() == 1 && atom[0] == token.text) {
            let covered = ranges.iter().any(|r| r.start <= token.offset_from && token.offset_to <= r.end);
            prop_assert!(covered, "{:?} matches an atom but is not highlighted", token.text);
        }
    }
    Ok(ranges)
}

fn check_snippet(text: &str, highlights: &[Range<usize>], max_bytes: usize) -> Checked {
    let snippet = snippet(text, highlights, max_bytes);
    check_ranges(&snippet.text, &snippet.highlights, "snippet highlights");
    if text.len() <= max_bytes {
        prop_assert_eq!(&snippet.text, text);
        prop_assert_eq!(&snippet.highlights, &highlights.to_vec());
    } else {
        // About `max_bytes`: the window widens to character boundaries at either end (at most
        // 3 bytes each) and gains an ellipsis at either end.
        let bound = max_bytes + 2 * 3 + 2 * '\u{2026}'.len_utf8();
        prop_assert!(snippet.text.len() <= bound, "{} bytes for max_bytes {max_bytes}", snippet.text.len());
    }
    let originals: Vec<&str> = highlights.iter().map(|r| &text[r.clone()]).collect();
    for range in &snippet.highlights {
        prop_assert!(originals.contains(&&snippet.text[range.clone()]), "{range:?} is not one of the highlights");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn dated_reader_never_panics(text in prop_oneof![dated_file(), any_text(), frontmatter_file()]) {
        let read = dated::read(&text, Path::new("a.txt"), "a.txt");
        check_one_article(&text, &read)?;
    }

    #[test]
    fn dated_reader_reads_what_it_is_given(
        lead in "[ \t\n]{0,3}",
        date in valid_date(),
        gap in "[ \t]{1,3}",
        body in any_text(),
    ) {
        let text = format!("{lead}date{gap}{date} {body}");
        let read = dated::read(&text, Path::new("a.txt"), "a.txt");
        match read.as_ref().map_err(|e| &e.1) {
            Ok(article) => {
                prop_assert_eq!(article.meta.date.to_string(), date);
                prop_assert_eq!(article.body.as_str(), body.trim());
            }
            Err(SkipReason::EmptyBody) => prop_assert!(body.trim().is_empty()),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn frontmatter_reader_never_panics(text in prop_oneof![frontmatter_file(), any_text(), dated_file()]) {
        let read = frontmatter::read(&text, Path::new("a.txt"), "a.txt");
        check_one_article(&text, &read)?;
    }

    #[test]
    fn frontmatter_reader_reads_what_it_is_given(
        date in valid_date(),
        title in "[A-Za-z0-9 ]{0,20}",
        countries in prop::collection::vec("[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", 0..4),
        speakers in prop::collection::vec("[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}", 0..4),
        body in any_text(),
    ) {
        let items: String = speakers.iter().map(|s| format!("  - {s}\n")).collect();
        let countries_line = countries.join(", ");
        let header = format!("date: {date}\ntitle: {title}\ncountry: {countries_line}\nspeaker:\n{items}");
        let text = format!("---\n{header}---\n{body}");
        match frontmatter::read(&text, Path::new("a.txt"), "a.txt") {
            Ok(article) => {
                prop_assert_eq!(article.meta.date.to_string(), date);
                prop_assert_eq!(article.meta.title.as_deref(), Some(title.trim()).filter(|t| !t.is_empty()));
                prop_assert_eq!(&article.meta.countries, &countries);
                prop_assert_eq!(&article.meta.speakers, &speakers);
                prop_assert_eq!(article.body.as_str(), body.trim());
            }
            Err((_, SkipReason::EmptyBody)) => prop_assert!(body.trim().is_empty()),
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    #[test]
    fn jsonl_reader_never_panics(text in prop_oneof![3 => jsonl_file(), 1 => any_text()]) {
        let read = jsonl::read(&text, Path::new("a.jsonl"), "a.jsonl");
        check_jsonl(&text, &read, corpus::DEFAULT_MAX_ARTICLE_BYTES)?;
    }

    #[test]
    fn jsonl_reader_reads_every_good_record(
        records in prop::collection::vec(("[a-z0-9]{1,8}", valid_date(), any_text()), 0..6),
    ) {
        let lines: Vec<String> = records
            .iter()
            .map(|(id, date, body)| json!({"id": id, "date": date, "body": body}).to_string())
            .collect();
        let text = lines.join("\n");
        let read = jsonl::read(&text, Path::new("a.jsonl"), "a.jsonl");
        let good: Vec<_> = records.iter().enumerate().filter(|(_, (_, _, body))| !body.trim().is_empty()).collect();
        prop_assert_eq!(read.articles.len(), good.len(), "skipped: {:?}", read.skipped);
        for (article, (index, (id, date, body))) in read.articles.iter().zip(good) {
            prop_assert_eq!(&article.meta.id, id);
            prop_assert_eq!(article.meta.line, Some(index + 1));
            prop_assert_eq!(article.meta.date.to_string(), date.as_str());
            prop_assert_eq!(article.body.as_str(), body.trim());
        }
        prop_assert!(read.skipped.iter().all(|s| s.reason == SkipReason::EmptyBody));
    }

    #[test]
    fn jsonl_streaming_agrees_with_reading_whole(
        bytes in prop_oneof![jsonl_file().prop_map(String::into_bytes), file_bytes()],
        limit in prop_oneof![
            1 => Just(Err(corpus::DEFAULT_MAX_ARTICLE_BYTES)),
            1 => (0u64..400).prop_map(Err),
            2 => (any::<Pick>(), -2i64..=2).prop_map(Ok),
        ],
        records_per_chunk in 1usize..5,
    ) {
        // The limit: the default, any, or next to the length of one of the lines (so that
        // every line, the last included, is tried at the edge of the limit).
        let max_article_bytes = match limit {
            Err(bytes) => bytes,
            Ok((pick, delta)) => {
                let lengths: Vec<usize> = bytes.split(|&b| b == b'\n').map(<[u8]>::len).collect();
                (lengths[pick.index(lengths.len())] as i64 + delta).max(0) as u64
            }
        };
        let path = Path::new("a.jsonl");
        let read = |limits: ReadLimits| {
            let (mut articles, mut skipped, mut chunks) = (Vec::new(), Vec::new(), Vec::new());
            let summary = jsonl::read_stream(bytes.as_slice(), path, "a.jsonl", limits, &mut |a, s| {
                chunks.push(a.len() + s.len());
                articles.extend(a);
                skipped.extend(s);
            });
            (articles, skipped, chunks, summary)
        };
        let whole = read(ReadLimits { max_article_bytes, records_per_chunk: usize::MAX });
        let chunked = read(ReadLimits { max_article_bytes, records_per_chunk });
        prop_assert_eq!(&whole.0, &chunked.0, "the same articles, however chunked");
        prop_assert_eq!(&whole.1, &chunked.1, "the same skips, however chunked");
        prop_assert_eq!(whole.3, chunked.3);
        prop_assert_eq!(chunked.3.hash, xxhash_rust::xxh3::xxh3_64(&bytes), "the hash is of every byte");
        prop_assert_eq!(chunked.3.skipped, chunked.1.len());
        prop_assert!(chunked.2.iter().all(|&n| n <= records_per_chunk), "chunks {:?}", chunked.2);
        for article in &chunked.0 {
            prop_assert!(article.body.len() as u64 <= max_article_bytes, "{} bytes", article.body.len());
        }
        // A line (without its newline) longer than the limit is skipped as too large; no other line is.
        let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        for (index, line) in lines.iter().enumerate() {
            let too_large = chunked.1.iter().any(|s| {
                s.line == Some(index + 1) && matches!(s.reason, SkipReason::TooLarge { .. })
            });
            prop_assert_eq!(
                too_large,
                line.len() as u64 > max_article_bytes,
                "line {} of {} bytes, limit {}",
                index + 1,
                line.len(),
                max_article_bytes
            );
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let read = FileArticles { articles: chunked.0.clone(), skipped: chunked.1.clone() };
            check_jsonl(text, &read, max_article_bytes)?;
            if max_article_bytes == corpus::DEFAULT_MAX_ARTICLE_BYTES {
                let read = jsonl::read(text, path, "a.jsonl");
                prop_assert_eq!(&read.articles, &chunked.0);
                prop_assert_eq!(&read.skipped, &chunked.1);
            }
        }
    }

    #[test]
    fn reading_any_file_never_panics(
        bytes in file_bytes(),
        name in prop::sample::select(
            &["a.txt", "b.md", "c.jsonl", "d.ndjson", "E.JSONL", "no-extension", "sub/f.txt"][..]
        ),
    ) {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        let read = corpus::read_file(root.path(), &path);
        for skip in &read.skipped {
            prop_assert_eq!(skip.path.as_path(), Path::new(name));
            prop_assert!(!skip.to_string().is_empty());
        }
        for article in &read.articles {
            prop_assert_eq!(article.meta.path.as_path(), Path::new(name));
            check_article(article, None)?;
        }
        if corpus::is_json_lines(&path) {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                check_jsonl(text, &read, corpus::DEFAULT_MAX_ARTICLE_BYTES)?;
            }
        } else {
            prop_assert_eq!(read.articles.len() + read.skipped.len(), 1, "one article or one skip per file");
            if let Some(article) = read.articles.first() {
                prop_assert_eq!(&article.meta.id, name);
                // The body is a part of the file's text, decoded from its encoding.
                let (text, _) = dateline::corpus::encoding::Decoding::default().decode(&bytes);
                prop_assert!(text.contains(&article.body));
            }
        }
    }

    #[test]
    fn passages_cover_the_body_in_order(body in any_text()) {
        check_passages(&body)?;
    }

    #[test]
    fn extraction_evidence_points_into_the_text(
        body in any_text(),
        title in prop::option::of(text(12)),
        countries in prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(name(), 1..3)],
        speakers in prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(name(), 1..3)],
    ) {
        let mut article = Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), body);
        article.meta.title = title;
        article.meta.countries = countries;
        article.meta.speakers = speakers;
        check_extraction(&article)?;
    }

    #[test]
    fn extraction_of_articles_as_read(text in prop_oneof![dated_file(), frontmatter_file()]) {
        let read = if frontmatter::is_front_matter(&text) {
            frontmatter::read(&text, Path::new("a.txt"), "a.txt")
        } else {
            dated::read(&text, Path::new("a.txt"), "a.txt")
        };
        if let Ok(article) = read {
            check_extraction(&article)?;
        }
    }

    #[test]
    fn tokens_point_into_the_text_and_respect_the_term_limit(text in any_text()) {
        check_tokens(&text)?;
    }

    #[test]
    fn query_parser_never_panics(input in any_query()) {
        check_parse(&input)?;
    }

    #[test]
    fn plain_words_always_parse(words in prop::collection::vec("[a-z\u{e0}-\u{ff}]{1,8}", 1..6)) {
        let input = words.join(" ");
        let tree = query::parse(&input);
        prop_assert!(tree.is_ok(), "{:?}", tree);
        check_parse(&input)?;
    }

    #[test]
    fn highlights_are_sorted_disjoint_and_cover_every_match(
        text in any_text(),
        queries in prop::collection::vec(any_query(), 0..3),
        picks in prop::collection::vec((any::<Pick>(), 1usize..4), 0..4),
    ) {
        let mut atoms: Vec<Vec<String>> = queries.iter().map(|q| analysis::terms(q)).collect();
        let terms = analysis::terms(&text);
        if !terms.is_empty() {
            for (pick, len) in picks {
                let start = pick.index(terms.len());
                atoms.push(terms[start..(start + len).min(terms.len())].to_vec());
            }
        }
        check_highlights(&text, &atoms)?;
    }

    #[test]
    fn snippets_keep_their_highlights_on_boundaries(
        text in any_text(),
        picks in prop::collection::vec(any::<Pick>(), 0..4),
        max_bytes in prop_oneof![0usize..40, 0usize..400],
    ) {
        let terms = analysis::terms(&text);
        let atoms: Vec<Vec<String>> = match terms.len() {
            0 => Vec::new(),
            n => picks.iter().map(|p| vec![terms[p.index(n)].clone()]).collect(),
        };
        let highlights = check_highlights(&text, &atoms)?;
        check_snippet(&text, &highlights, max_bytes)?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn search_never_panics_and_highlights_point_into_hits(
        files in prop::collection::vec(corpus_file(), 1..=3),
        queries in prop::collection::vec((any_query(), any::<bool>(), 0usize..3, any::<bool>()), 1..6),
    ) {
        let corpus = tempfile::tempdir().unwrap();
        for (i, (extension, bytes)) in files.iter().enumerate() {
            let path = corpus.path().join(format!("f{i}.{extension}"));
            std::fs::write(&path, bytes).unwrap();
        }
        let index_dir = tempfile::tempdir().unwrap();
        let report = Indexer::new(index_dir.path()).run(corpus.path(), &mut ());
        prop_assert!(report.is_ok(), "indexing failed: {:?}", report.err());
        let index = Index::open(index_dir.path()).unwrap();
        for (input, passages, offset, fuzzy) in queries {
            let scope = if passages { Scope::Passage } else { Scope::Article };
            let request =
                SearchRequest::new(input.as_str()).scope(scope).offset(offset).limit(5).facets(true).fuzzy(fuzzy);
            match index.search(&request) {
                Ok(results) => {
                    prop_assert!(results.hits.len() <= 5);
                    prop_assert!(results.hits.len() as u64 <= results.total.saturating_sub(offset as u64));
                    for (i, hit) in results.hits.iter().enumerate() {
                        prop_assert_eq!(hit.rank, offset + i + 1);
                        prop_assert!(hit.passage >= 1);
                        prop_assert_eq!(hit.byte_range.len(), hit.text.len(), "{:?}", hit);
                        check_ranges(&hit.text, &hit.highlights, "hit highlights");
                    }
                }
                Err(Error::Query(error)) => {
                    prop_assert_eq!(&error.query, &input);
                    prop_assert!(error.column <= input.chars().count());
                }
                Err(other) => prop_assert!(false, "{input:?}: {other}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regression tests: failures the properties above found, as their minimal inputs.

#[test]
fn snippet_cut_after_wide_white_space() {
    // Found by proptest: `snippet` cut one byte after the white space it cut at, inside U+00A0.
    check_snippet("ab\u{a0}cd", std::slice::from_ref(&(4..6)), 3).unwrap();
    // The same through `dateline search`: words joined by no-break spaces, a match far in.
    let text = format!("{}needle {}", "word\u{a0}".repeat(120), "filler ".repeat(100));
    let highlights = Highlighter::new(vec![vec!["needle".to_string()]]).highlight(&text);
    check_snippet(&text, &highlights, 360).unwrap();
}

#[test]
fn jsonl_last_line_one_byte_over_the_limit_is_too_large() {
    // Found by proptest: a last line without a newline was allowed one byte over the limit.
    let record = r#"{"date":"2020-01-01","body":"x"}"#;
    let limits = ReadLimits { max_article_bytes: record.len() as u64 - 1, records_per_chunk: 1000 };
    for input in [format!("{record}\n"), record.to_string()] {
        let (mut articles, mut skipped) = (Vec::new(), Vec::new());
        jsonl::read_stream(input.as_bytes(), Path::new("a.jsonl"), "a.jsonl", limits, &mut |a, s| {
            articles.extend(a);
            skipped.extend(s);
        });
        let limit = limits.max_article_bytes;
        assert!(articles.is_empty(), "{input:?}: a {}-byte line is read with a {limit}-byte limit", record.len());
        assert!(matches!(skipped[0].reason, SkipReason::TooLarge { .. }), "{input:?}: {skipped:?}");
    }
}

#[test]
fn terms_stay_within_the_limit_after_lower_casing() {
    // Found by proptest: words were truncated before lower-casing, which lengthens some letters.
    // 255 bytes, so not truncated; `İ` (2 bytes) lower-cases to `i̇` (3 bytes).
    let word = format!("\u{130}{}", "a".repeat(253));
    for term in analysis::terms(&word) {
        assert!(term.len() <= MAX_TERM_BYTES, "a term of {} bytes", term.len());
    }
    // Truncated before lower-casing, 127 × `İ` (254 bytes) gave a 381-byte term.
    let longest = analysis::terms(&"\u{130}".repeat(200)).into_iter().map(|t| t.len()).max();
    assert!(longest <= Some(MAX_TERM_BYTES), "a term of {longest:?} bytes");
}

#[test]
fn extraction_after_wide_punctuation() {
    // Found by proptest: `previous_word` in src/extract/country.rs cut one byte after a
    // multi-byte non-word character, and `dateline index` on the second body panicked. The last
    // one reached it through speaker extraction, which joins "A\u{feff}" and "Kenya".
    let bodies = [
        "\u{3347a}date Chad",
        "Aid to \u{2018}Team Kenya\u{2019} grew.",
        "Talks\u{2014}Minister India said",
        "A\u{feff}\nKenya\u{16eb}",
    ];
    for body in bodies {
        let article = Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), body);
        check_extraction(&article).unwrap();
    }
}
