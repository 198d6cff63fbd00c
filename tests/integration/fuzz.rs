//! The short fuzzing run that `cargo test` does: hostile input for the corpus readers (every
//! format, and files of any bytes read from disk), the passage splitter and extraction, and the
//! query parser, checked by the same invariants as the cargo-fuzz targets in `fuzz/` (their
//! checks are in `fuzz/src/checks.rs`, included here). The long runs are cargo-fuzz's: see
//! `fuzz/README.md`.
//!
//! Hostile means: random bytes, bytes that are not UTF-8 or are UTF-16, NUL bytes, byte-order
//! marks, CRLF and lone CR, very long lines, combining marks piled up, right-to-left text,
//! near-valid headers (`date 2021-13-40`), JSON with lone surrogates escaped, nesting past
//! serde_json's limit and numbers out of range, and queries with nested groups, quotes and
//! negations and numbers too large for their type.
//!
//! 256 cases per property unless PROPTEST_CASES says otherwise (`PROPTEST_CASES=5000 cargo
//! test --test integration fuzz::` for a longer run). Failing inputs are shrunk and printed
//! but not written to a regressions file.

use std::path::Path;

use dateline::corpus::{ReadLimits, DEFAULT_MAX_ARTICLE_BYTES};
use dateline::Article;
use proptest::prelude::*;
use proptest::sample::{select, Index as Pick};
use serde_json::{json, Value};

#[path = "../../fuzz/src/checks.rs"]
pub(crate) mod checks;

/// The cases from PROPTEST_CASES (256 without it), no regressions file, bounded shrinking.
fn config() -> ProptestConfig {
    ProptestConfig { failure_persistence: None, max_shrink_iters: 10_000, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Text

/// Pieces of hostile text: white space and line ends of every kind, NUL, BOMs, combining marks,
/// bidirectional controls and right-to-left scripts, joiners, letters whose case mapping changes
/// their length, the syntax of the formats and of attributions.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "\0", "\u{feff}", "\u{feff}\u{feff}", "\r\n", "\r", "\n", "\n\n", "\n \n", "\u{85}", "\u{2028}", "\u{2029}",
    "\u{a0}", "\u{3000}", "\t", " ", "\u{b}", "\u{c}", "\u{301}", "e\u{301}\u{301}\u{301}", "\u{202e}", "\u{202d}",
    "\u{2067}", "\u{200f}", "\u{200e}", "\u{5e9}\u{5dc}\u{5d5}\u{5dd}", "\u{627}\u{644}\u{633}\u{644}\u{627}\u{645}",
    "\u{fffd}", "\u{10ffff}", "\u{e000}", "\u{1f1fa}\u{1f1f8}", "\u{1f469}\u{200d}\u{1f52c}", "\u{200b}", "\u{200d}",
    "\u{130}", "\u{df}", "\u{fb03}", "\u{1e9e}", "\u{3a3}", "\u{4e2d}\u{6587}", "date", "date ", "date\t", "Date ",
    "dated ", "date:", "---", "---\n", " --- \r\n", "----", "2021-13-40", "2020-02-29", "title:", "country:",
    "speaker:", "speakers:\n  - ", "- ", "# ", ":", "\"", "'", "[", "]", ",", ";", "{", "}", "\\", ". ", "! ",
    "? ", "\u{2026}", "said", " said ", "according to ", "he said", ", she added.", "told reporters",
    "Ingrid Solberg", "Solberg", "Minister ", "Kenya", "Kenyan", "C\u{f4}te d\u{2019}Ivoire", "U.S.",
    "\u{201c}", "\u{201d}", "\u{2019}s", "In ", "of the ", " of ", ", who ", "with ", " intervened to say ", "Its ",
    " a/l ", "T. ", "D-Conn.", ", 61, ", "the senator", "Hall", "Foundation",
];

/// Runs of one piece: very long lines and words, and combining marks piled on one letter.
#[rustfmt::skip]
const RUNS: &[&str] = &[
    "a", "\u{301}", "e\u{301}", " ", "\u{5d0}", "Talks resumed. ", "x\u{200d}", "\u{202e}", "\u{fffd}", "(", "\"",
    "\u{1f642}", "-",
];

fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        12 => select(PIECES).prop_map(str::to_string),
        4 => "[A-Za-z0-9]{1,12}",
        2 => any::<char>().prop_map(String::from),
        1 => (select(RUNS), 50usize..1200).prop_map(|(run, n)| run.repeat(n)),
    ]
    .boxed()
}

/// Text of up to `max` hostile pieces.
fn hostile_text(max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(piece(), 0..max).prop_map(|pieces| pieces.concat()).boxed()
}

/// Dates as they might be written: impossible, out of range, in other digits, with a time.
#[rustfmt::skip]
const DATES: &[&str] = &[
    "2021-13-40", "2021-02-29", "2020-02-29", "0000-00-00", "0999-12-31", "1000-01-01", "1677-12-31", "2262-01-01", "9999-12-31",
    "9999-99-99", "99999-01-01", "2021-1-1", "2021-01-1", "2021-01-01T", "2021-01-01T10:00:00Z", "2021-01-01x",
    "\u{ff12}\u{ff10}\u{ff12}\u{ff11}-\u{ff10}\u{ff11}-\u{ff10}\u{ff11}",
    "\u{662}\u{660}\u{662}\u{661}-\u{660}\u{661}-\u{660}\u{661}", "+2021-01-01", "-2021-01-01",
    "2021\u{2013}01\u{2013}01", "2021/01/01", "18446744073709551616-01-01", "2021-01-01\u{301}", "",
];

fn date() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(DATES).prop_map(str::to_string),
        3 => (1000i32..=9999, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => (0u32..100_000, 0u32..1000, 0u32..1000).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ]
    .boxed()
}

/// A dated-text file, near the format: odd leading white space, keyword, gap and date.
fn dated_text() -> BoxedStrategy<String> {
    let lead = select(&["", "", " ", "\n\n", "\u{feff}", "\r\n", "\u{a0}", "\u{3000}", "\0", "\u{85}", "\u{202e}"][..]);
    let keyword = select(&["date", "date", "date", "Date", "DATE", "dated", "date:", "d\u{430}te"][..]);
    let gap = select(&[" ", " ", "\t", " \t ", "", "\n", "\u{a0}", "\u{3000}", "\r"][..]);
    let after = select(&[" ", "\n", "\r\n", "", "\u{2028}", "\u{85}", "\u{301}", "\0"][..]);
    (lead, keyword, gap, date(), after, hostile_text(40))
        .prop_map(|(lead, keyword, gap, date, after, body)| format!("{lead}{keyword}{gap}{date}{after}{body}"))
        .boxed()
}

/// A line of a front-matter header: keys right and wrong, values hostile.
fn header_line() -> BoxedStrategy<String> {
    let value = || hostile_text(6).prop_map(|t| t.replace('\n', " "));
    prop_oneof![
        3 => date().prop_map(|d| format!("date: {d}")),
        1 => date().prop_map(|d| format!("Date: \"{d}\"")),
        1 => date().prop_map(|d| format!("DATE:'{d}'")),
        2 => value().prop_map(|v| format!("title: {v}")),
        1 => value().prop_map(|v| format!("source: \"{v}\"")),
        2 => value().prop_map(|v| format!("country: {v}")),
        1 => value().prop_map(|v| format!("speakers: [{v}]")),
        1 => Just("speaker:".to_string()),
        1 => Just("countries:".to_string()),
        2 => value().prop_map(|v| format!("  - {v}")),
        1 => Just("# a comment".to_string()),
        1 => Just(String::new()),
        1 => value(),
        1 => (select(RUNS), 500usize..2000).prop_map(|(run, n)| format!("title: {}", run.repeat(n))),
    ]
    .boxed()
}

/// A front-matter file: a header opened and closed (or not) in odd ways, then a body.
fn frontmatter_text() -> BoxedStrategy<String> {
    let open = select(&["---\n", "---\r\n", " --- \n", "\u{feff}---\n", "\n\n---\n", "---", "----\n", "---\u{85}"][..]);
    let close = select(&["---\n", "---", " --- \n", "---\r\n", "", "----\n", "--- x\n", "\r---\r\n"][..]);
    let end = select(&["\n", "\r\n", "\r"][..]);
    (open, prop::collection::vec(header_line(), 0..8), end, close, hostile_text(30))
        .prop_map(|(open, lines, end, close, body)| format!("{open}{}{end}{close}{body}", lines.join(end)))
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

/// JSON values for keys that expect something else, or are out of range for serde_json.
#[rustfmt::skip]
const RAW_VALUES: &[&str] = &[
    "null", "true", "7", "-0", "1.5", "1e999", "-1e999", "18446744073709551616", "[]", "{}", "\"\"", "\"  \"",
    "[\"a\", 1]", "{\"nested\": [1, \"two\"]}", "\"2021-01-01\"",
];

/// The inside of a JSON string as written in a file: escapes, lone surrogates, raw control
/// characters (not allowed in JSON), invalid escapes.
#[rustfmt::skip]
const RAW_STRING_PIECES: &[&str] = &[
    "\\ud800", "\\udc00", "\\udc00\\ud800", "\\ud83d\\ude00", "\\u0000", "\\uFEFF", "\\u202e", "\\n\\n", "\\r\\n",
    "\\\"", "\\\\", "\\/", "\\x41", "\\u12", "\t", "\u{1}", "plain text", " said ", "Ingrid Solberg", "Kenya", " ",
    "\u{301}", "\u{5d0}",
];

/// A JSON Lines record written by hand: keys right, wrong or missing, repeated or aliased,
/// strings with raw escapes, nesting past serde_json's recursion limit.
fn raw_record() -> BoxedStrategy<String> {
    let string =
        || prop::collection::vec(select(RAW_STRING_PIECES), 0..6).prop_map(|pieces| format!("\"{}\"", pieces.concat()));
    let value = || prop_oneof![3 => string(), 1 => select(RAW_VALUES).prop_map(str::to_string)];
    let date = prop_oneof![4 => date().prop_map(|d| format!("\"{d}\"")), 1 => value()];
    let key = select(&["id", "title", "source", "url", "country", "countries", "speaker", "speakers", "body", "x"][..]);
    let extra = prop_oneof![
        3 => (key, value()).prop_map(|(key, value)| format!(",\"{key}\":{value}")),
        1 => (100usize..300).prop_map(|n| format!(",\"deep\":{}{}", "[".repeat(n), "]".repeat(n))),
        1 => prop::collection::vec(string(), 0..3).prop_map(|names| format!(",\"speakers\":[{}]", names.join(","))),
    ];
    (prop::option::weighted(0.9, date), prop::option::weighted(0.9, value()), prop::collection::vec(extra, 0..3))
        .prop_map(|(date, body, extras)| {
            let mut fields = Vec::new();
            fields.extend(date.map(|d| format!("\"date\":{d}")));
            fields.extend(body.map(|b| format!("\"body\":{b}")));
            format!("{{{}{}}}", fields.join(","), extras.concat()).replace("{,", "{")
        })
        .boxed()
}

/// A JSON Lines record written by serde_json: well formed, with hostile text in its strings.
fn json_record() -> BoxedStrategy<String> {
    let names = prop_oneof![
        hostile_text(4).prop_map(Value::from),
        prop::collection::vec(hostile_text(3), 0..3).prop_map(Value::from),
    ];
    (prop::option::of(hostile_text(3)), date(), hostile_text(30), prop::option::of(hostile_text(5)), names)
        .prop_map(|(id, date, body, title, names)| {
            json!({"id": id, "date": date, "body": body, "title": title, "country": names}).to_string()
        })
        .boxed()
}

/// A JSON Lines file: records, blank and broken lines, BOMs, CRLF, a very long line.
fn jsonl_text() -> BoxedStrategy<String> {
    let line = prop_oneof![
        4 => json_record(),
        4 => raw_record(),
        1 => Just(String::new()),
        1 => Just(" \t\u{feff}".to_string()),
        1 => hostile_text(8).prop_map(|t| t.replace('\n', " ")),
        1 => raw_record().prop_map(|r| r.chars().take(r.chars().count() / 2).collect()),
        1 => raw_record().prop_map(|r| format!("\u{feff}{r}")),
        1 => (select(RUNS), 1000usize..3000).prop_map(|(run, n)| {
            format!("{{\"date\":\"2021-01-01\",\"body\":\"{}\"}}", run.replace('"', "'").repeat(n))
        }),
    ];
    let end = select(&["\n", "\r\n", "\n\n"][..]);
    (prop::collection::vec(line, 0..8), end, any::<bool>())
        .prop_map(|(lines, end, last)| lines.join(end) + if last { end } else { "" })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Bytes

/// Byte sequences that are not UTF-8 (a lone continuation byte, a cut sequence, an encoded
/// surrogate, an overlong NUL, past U+10FFFF), NUL, and a UTF-8 BOM.
#[rustfmt::skip]
const BAD_BYTES: &[&[u8]] = &[
    b"\x00", b"\x80", b"\xc3", b"\xe2\x80", b"\xff", b"\xfe", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\x80",
    b"\xf4\x90\x80\x80", b"\xef\xbb\xbf", b"\n", b"\r",
];

/// Bytes of a file: random, a text of each format (perhaps with bad bytes put in, cut short,
/// or in UTF-16), or only white space.
fn file_bytes() -> BoxedStrategy<Vec<u8>> {
    let text = || prop_oneof![dated_text(), frontmatter_text(), jsonl_text()].prop_map(String::into_bytes);
    prop_oneof![
        2 => prop::collection::vec(any::<u8>(), 0..512),
        4 => text(),
        2 => (text(), prop::collection::vec((any::<Pick>(), select(BAD_BYTES)), 1..4)).prop_map(|(mut bytes, bad)| {
            for (at, insert) in bad {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, insert.iter().copied());
            }
            bytes
        }),
        1 => (text(), any::<Pick>()).prop_map(|(mut bytes, at)| {
            bytes.truncate(at.index(bytes.len() + 1));
            bytes
        }),
        1 => (prop_oneof![dated_text(), frontmatter_text()], any::<bool>()).prop_map(|(text, big_endian)| {
            let units = text.encode_utf16();
            let mut bytes = if big_endian { vec![0xfe, 0xff] } else { vec![0xff, 0xfe] };
            for unit in units {
                bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
            }
            bytes
        }),
        1 => prop::collection::vec(select(&[b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c][..]), 0..20),
    ]
    .boxed()
}

/// Read limits: the default, a small one, or one within two bytes of the length of one of the
/// input's lines (so that lines meet the limit at its edge).
fn limits_for(bytes: &[u8], limit: Result<(Pick, i64), u64>, records_per_chunk: usize) -> ReadLimits {
    let max_article_bytes = match limit {
        Err(bytes) => bytes,
        Ok((pick, delta)) => {
            let lengths: Vec<usize> = bytes.split(|&b| b == b'\n').map(<[u8]>::len).collect();
            (lengths[pick.index(lengths.len())] as i64 + delta).max(0) as u64
        }
    };
    ReadLimits { max_article_bytes, records_per_chunk }
}

fn limit() -> BoxedStrategy<Result<(Pick, i64), u64>> {
    prop_oneof![
        2 => Just(Err(DEFAULT_MAX_ARTICLE_BYTES)),
        1 => (0u64..300).prop_map(Err),
        2 => (any::<Pick>(), -2i64..=2).prop_map(Ok),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Queries

/// Query syntax and words: operators, fields, marks, dates, numbers too large for their type.
#[rustfmt::skip]
const QUERY_PIECES: &[&str] = &[
    "grain", "talks", "Solberg's", "de-escalate", "10:30", "U.S.", "a", "\u{5317}\u{4eac}", "C\u{f4}te",
    "\u{130}stanbul", "e\u{301}\u{301}", "\u{202e}abc", "\u{5e9}\u{5dc}\u{5d5}\u{5dd}", "\0", "\u{feff}", "\"", "\"",
    "\u{201c}", "\u{201d}",
    "(", "(", ")", ")", "-", "+", "AND", "OR", "NOT", "and", "country:", "speaker:", "title:", "id:", "text:",
    "date:", "DATE:", "bogus:", "_:", ":", "*", "**", "~", "~0", "~1", "~2", "~3", "~255", "~256",
    "~18446744073709551616", "~99999999999999999999", "\"a b\"~100", "\"a b\"~101", "\"a b\"~4294967296",
    "\"a b\"~0000000000000000005", "negotiat*", "n*", "Guteres~2", "2019", "2019-03", "2020-02-29", "2019-02-29",
    "99999", "2019-99", "..", "2019..2020", "2021..2019", "..2019-06-30", "1677..2262", "0999..1000", "0000..9999", " ", "  ",
    "\t", "\n", "\r\n", "\u{3000}", "\u{a0}",
];

/// Pieces of hostile text for a query: those of [`piece`], with runs that do not nest (a run
/// of `(` nests, and is [`nested_query`]'s).
fn query_text_piece() -> BoxedStrategy<String> {
    let runs = select(RUNS).prop_filter("a run that does not nest", |run| *run != "(");
    prop_oneof![
        12 => select(PIECES).prop_map(str::to_string),
        4 => "[A-Za-z0-9]{1,12}",
        2 => any::<char>().prop_map(String::from),
        1 => (runs, 50usize..1200).prop_map(|(run, n)| run.repeat(n)),
    ]
    .boxed()
}

/// A query of pieces, with or without spaces between them.
fn query_soup() -> BoxedStrategy<String> {
    let token = prop_oneof![
        6 => select(QUERY_PIECES).prop_map(str::to_string),
        2 => query_text_piece(),
        1 => "[a-z]{1,6}",
    ];
    prop::collection::vec((token, select(&[" ", " ", "", "  "][..])), 0..16)
        .prop_map(|parts| parts.into_iter().flat_map(|(token, sep)| [token, sep.to_string()]).collect())
        .boxed()
}

/// Nested groups, quotes and negations, balanced or not. Bounded: the parser recurses once a
/// level, and a debug build's test thread (2 MiB of stack) overflows at about 430 levels of
/// `(` (see `deeply_nested_queries_do_not_overflow_the_stack` below).
fn nested_query() -> BoxedStrategy<String> {
    let inner = prop_oneof![query_soup(), select(QUERY_PIECES).prop_map(str::to_string)];
    let shape = select(&["(", "NOT ", "- ", "-(", "(a OR ", "title:(", "\"(", "(\"", "+", "(-"][..]);
    let close = select(&[")", "", "\"", ") OR b", ")))"][..]);
    (shape, 1usize..=100, inner, close, 0usize..=100)
        .prop_map(|(open, depth, inner, close, closes)| {
            format!("{}{inner}{}", open.repeat(depth), close.repeat(closes))
        })
        .boxed()
}

fn hostile_query() -> BoxedStrategy<String> {
    let text = prop::collection::vec(query_text_piece(), 0..10).prop_map(|pieces| pieces.concat());
    prop_oneof![4 => query_soup(), 2 => nested_query(), 1 => any::<String>(), 1 => text].boxed()
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn dated_reader_on_hostile_text(
        text in prop_oneof![3 => dated_text(), 1 => hostile_text(40), 1 => frontmatter_text()],
    ) {
        checks::dated(&text);
    }

    #[test]
    fn frontmatter_reader_on_hostile_text(
        text in prop_oneof![3 => frontmatter_text(), 1 => hostile_text(40), 1 => dated_text()],
    ) {
        checks::frontmatter(&text);
    }

    #[test]
    fn jsonl_reader_on_hostile_bytes(
        bytes in prop_oneof![3 => jsonl_text().prop_map(String::into_bytes), 1 => file_bytes()],
        capacity in prop_oneof![1usize..8, 8usize..100, Just(8192)],
        limit in limit(),
        records_per_chunk in 0usize..5,
    ) {
        checks::jsonl(&bytes, capacity, limits_for(&bytes, limit, records_per_chunk));
    }

    #[test]
    fn any_file_is_read_as_its_format_says(
        bytes in file_bytes(),
        name in select(&["a.txt", "b.md", "c.jsonl", "d.NDJSON", "no-extension", "sub/e.txt", ".jsonl.txt"][..]),
        limit in limit(),
        records_per_chunk in 1usize..5,
    ) {
        let root = tempfile::tempdir().unwrap();
        checks::any_file(root.path(), name, &bytes, limits_for(&bytes, limit, records_per_chunk));
    }

    #[test]
    fn passages_and_labels_of_hostile_bodies(body in hostile_text(60), title in prop::option::of(hostile_text(8))) {
        let mut article = Article::new("a.txt", Path::new("a.txt"), "2021-03-04".parse().unwrap(), body);
        article.meta.title = title;
        checks::extraction(&article);
    }

    #[test]
    fn query_parser_on_hostile_queries(input in hostile_query()) {
        checks::query(&input);
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed cases: the edges named in the issue, each once.

#[test]
fn near_valid_headers() {
    for date in DATES {
        for text in [format!("date {date} Body."), format!("\u{feff}date\t{date}\r\nBody.\r\n")] {
            checks::dated(&text);
        }
        checks::frontmatter(&format!("---\ndate: {date}\n---\nBody."));
        checks::frontmatter(&format!("---\r\ndate: \"{date}\"\r\n---\r\nBody.\r\n"));
        let record = format!("{{\"date\":\"{date}\",\"body\":\"x\"}}\n");
        checks::jsonl(record.as_bytes(), 3, ReadLimits::default());
    }
}

#[test]
fn json_escapes_numbers_and_nesting() {
    let lines = [
        r#"{"date":"2021-01-01","body":"\ud800"}"#,
        r#"{"date":"2021-01-01","body":"\udc00\ud800 x"}"#,
        r#"{"date":"2021-01-01","body":"\ud83d\ude00 ok"}"#,
        r#"{"date":"2021-01-01","body":"nul \u0000 inside"}"#,
        r#"{"date":"2021-01-01","body":"x","extra":1e999}"#,
        r#"{"date":"2021-01-01","body":"x","id":18446744073709551616}"#,
        r#"{"date":"2021-01-01","body":"x","id":-0}"#,
        r#"{"date":"2021-01-01","body":"a","body":"b"}"#,
        r#"{"date":"2021-01-01","body":"x","country":"Kenya","countries":"Peru"}"#,
    ];
    let deep = format!("{{\"date\":\"2021-01-01\",\"body\":\"x\",\"deep\":{}{}}}", "[".repeat(5000), "]".repeat(5000));
    let text = lines.join("\r\n") + "\n" + &deep + "\n";
    for capacity in [1, 7, 8192] {
        checks::jsonl(text.as_bytes(), capacity, ReadLimits::default());
    }
}

#[test]
fn long_lines_and_piled_up_marks() {
    let marks = format!("a{}", "\u{301}".repeat(20_000));
    let line = "Talks resumed on Monday and went on. ".repeat(3000);
    for body in [marks.as_str(), line.as_str(), &"\u{202e}\u{5d0}".repeat(5000), &"x".repeat(100_000)] {
        checks::dated(&format!("date 2021-03-04 {body}"));
        checks::frontmatter(&format!("---\ndate: 2021-03-04\ntitle: {body}\n---\n{body}"));
        let record = json!({"date": "2021-03-04", "body": body}).to_string();
        checks::jsonl(record.as_bytes(), 4096, ReadLimits::default());
        checks::query(&body.chars().take(1000).collect::<String>());
    }
}

#[test]
fn queries_with_huge_numbers_and_moderate_nesting() {
    for piece in QUERY_PIECES {
        checks::query(piece);
        checks::query(&format!("talks {piece}"));
    }
    // Within what a debug build's test thread holds (see the ignored test below).
    for depth in [1, 10, 100, 200] {
        checks::query(&format!("{}a{}", "(".repeat(depth), ")".repeat(depth)));
        checks::query(&format!("{}a", "NOT ".repeat(depth)));
        checks::query(&format!("{}a", "- ".repeat(depth)));
        checks::query(&format!("{}z{}", "(a OR ".repeat(depth), ")".repeat(depth)));
        checks::query(&"(".repeat(depth));
        checks::query(&"\"(".repeat(depth));
    }
}

// ---------------------------------------------------------------------------------------------
// Regression: what the fuzzing found, kept as its minimal input until it is fixed.

/// The queries that overflow the stack: `query::parse` recurses once per `(` and once per
/// `NOT`, `-` or `+` (`or_expr` → `and_expr` → `unary` → `primary` → `or_expr`, and `unary` →
/// `unary`, in src/search/query/parse.rs) with no bound, and a search recurses once per nesting level
/// again in tantivy's `BooleanWeight::scorer`. A stack overflow is not a panic: the process
/// aborts (the `dateline search` binary, a test binary, a library user's server).
fn deep_queries() -> Vec<String> {
    let depth = 100_000;
    vec![
        format!("{}talks{}", "(".repeat(depth), ")".repeat(depth)),
        "(".repeat(depth),
        format!("{}talks", "NOT ".repeat(depth)),
        format!("{}talks", "- ".repeat(depth)),
        format!("{}talks{}", "(talks OR ".repeat(depth), ")".repeat(depth)),
    ]
}

/// Found by hand while fuzzing: the parser and the search recursed once per level of nesting,
/// and a deep enough query overflowed the stack, aborting the process. The parser now refuses
/// queries nested deeper than `query::MAX_NESTING`.
#[test]
fn deeply_nested_queries_do_not_overflow_the_stack() {
    // In a child process: a stack overflow aborts the whole process, which here would end every
    // test of this binary with it.
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "fuzz::deep_queries_in_this_process", "--ignored", "--nocapture", "--test-threads=1"])
        .env("DATELINE_DEEP_QUERIES", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(
        child.status.success(),
        "deeply nested queries crashed the process ({}): {}",
        child.status,
        stderr.lines().filter(|l| l.contains("overflow") || l.contains("panicked")).collect::<Vec<_>>().join("; ")
    );
}

#[test]
#[ignore = "run by deeply_nested_queries_do_not_overflow_the_stack, in a child process"]
fn deep_queries_in_this_process() {
    if std::env::var_os("DATELINE_DEEP_QUERIES").is_none() {
        return;
    }
    // On 8 MiB of stack, as the `dateline` binary's main thread has: 8,429 nested `(` (a
    // 16,863-byte query) overflow there in `query::parse`, 943 `- ` (1,891 bytes) in a search.
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "date 2021-03-04 Talks resumed in Oslo.").unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    dateline::Indexer::new(index_dir.path()).run(corpus.path(), &mut ()).unwrap();
    let index_path = index_dir.path().to_path_buf();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let index = dateline::Index::open(&index_path).unwrap();
            for query in deep_queries() {
                checks::query(&query);
                let _ = index.search(&dateline::SearchRequest::new(query.as_str()));
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// Found by this module's `passages_and_labels_of_hostile_bodies`: a paragraph longer than
/// `MAX_PASSAGE_BYTES` is cut at sentence boundaries (src/passage.rs, `sentence_pieces`), and
/// where the cut falls at a sentence of white space only (after a `\r`, U+0085, U+2028 or U+2029
/// inside the paragraph, as in a file with old Mac line ends), the piece from there to the next
/// cut was blank. The splitter now passes over blank sentences.
#[test]
fn no_blank_passage_where_a_long_paragraph_is_cut_at_a_blank_sentence() {
    let (a, b) = ("a".repeat(1100), "b".repeat(1100));
    for separator in ["\r\r", "\r\r\r", "\u{2029}\u{2029}", "\u{85}\u{85}", ".\u{2028} \u{2028}\u{2028}"] {
        let body = format!("{a}{separator}{b}");
        let passages = dateline::passage::split(&body);
        let blank: Vec<_> = passages.iter().filter(|p| body[p.range.clone()].trim().is_empty()).collect();
        assert!(blank.is_empty(), "{separator:?}: blank passages {blank:?}");
    }
}
