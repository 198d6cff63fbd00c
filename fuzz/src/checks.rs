//! What must hold for any input to the corpus readers, the passage splitter, extraction and the
//! query parser: no panic, and every result consistent with its input.
//!
//! Shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and by the short proptest run in
//! `cargo test` (`tests/integration/fuzz.rs`, which includes this file). Every check fails
//! by panicking, which libFuzzer reports as a crash and proptest as a failing case.

use std::collections::BTreeSet;
use std::io::BufReader;
use std::ops::Range;
use std::path::Path;

use dateline::corpus::encoding::{self, Decoding};
use dateline::corpus::{self, dated, frontmatter, jsonl, FileSummary, Format, ReadLimits, Skip, SkipReason};
use dateline::internals::analysis::MAX_TERM_BYTES;
use dateline::internals::Highlighter;
use dateline::query::{self, Atom, AtomTerm};
use dateline::{extract, passage, snippet, Article, Query};
use dateline::{MAX_YEAR, MIN_YEAR};
use encoding_rs::Encoding;

/// What a one-article reader (dated text, front matter) returns.
type OneArticle = Result<Article, (Option<usize>, SkipReason)>;

/// How many bytes at the start of a file (or of a JSON Lines file's first line) are looked at
/// for a NUL byte, the mark of a binary file (`BINARY_SNIFF_BYTES` in src/corpus/mod.rs).
const BINARY_SNIFF_BYTES: usize = 8192;
/// The file name and article id the one-article checks read their text as.
const NAME: &str = "a.txt";
/// The file name and file id the JSON Lines checks read their bytes as.
const JSONL_NAME: &str = "a.jsonl";

// ---------------------------------------------------------------------------------------------
// Texts and ranges

/// Ranges that are non-empty, inside `text`, on character boundaries, sorted and disjoint.
pub fn ranges(text: &str, ranges: &[Range<usize>], what: &str) {
    let mut previous_end = 0;
    for range in ranges {
        assert!(range.start < range.end, "{what}: empty or reversed range {range:?}");
        assert!(range.end <= text.len(), "{what}: {range:?} is past the end of {} bytes", text.len());
        assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{what}: {range:?} is not on character boundaries of {text:?}"
        );
        assert!(range.start >= previous_end, "{what}: {range:?} overlaps or precedes the range before it");
        previous_end = range.end;
    }
}

/// The passages of a body: numbered 1..=n, non-blank, in order, and holding every
/// non-white-space character of the body.
pub fn passages(body: &str) -> Vec<passage::Passage> {
    let passages = passage::split(body);
    let spans: Vec<Range<usize>> = passages.iter().map(|p| p.range.clone()).collect();
    ranges(body, &spans, "passages");
    let mut covered = String::new();
    for (i, passage) in passages.iter().enumerate() {
        assert_eq!(passage.number as usize, i + 1, "passages are numbered 1..=n");
        let text = &body[passage.range.clone()];
        assert!(!text.trim().is_empty(), "passage {} is blank: {text:?}", passage.number);
        covered.extend(text.chars().filter(|c| !c.is_whitespace()));
    }
    let expected: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(covered, expected, "the passages hold every non-white-space character of the body");
    passages
}

/// Extraction of an article: its passages are the splitter's, every piece of evidence quotes
/// the text it points into, passage speakers are article speakers, and countries are unique.
pub fn extraction(article: &Article) {
    let passages = passages(&article.body);
    let extraction = extract::extract(article);
    assert_eq!(extraction.passages.len(), passages.len());
    for (labels, passage) in extraction.passages.iter().zip(&passages) {
        assert_eq!(labels.number, passage.number);
        assert_eq!(labels.byte_range, passage.range);
    }
    let labels = extract::label(article, &passages);
    assert_eq!(labels.countries, extraction.countries, "`label` and `extract` agree");
    assert_eq!(labels.speakers, extraction.speakers, "`label` and `extract` agree");
    let article_speakers: Vec<&str> = extraction.speakers.iter().map(|l| l.name.as_str()).collect();
    let passage_labels = extraction.passages.iter().flat_map(|p| &p.speakers);
    for label in extraction.countries.iter().chain(&extraction.speakers).chain(passage_labels.clone()) {
        assert!(!label.name.trim().is_empty(), "a blank label in {extraction:?}");
        assert!(!label.evidence.is_empty(), "label {:?} has no evidence", label.name);
        for span in label.evidence.iter().filter_map(|e| e.span.as_ref()) {
            let text = match span.field {
                extract::TextField::Title => article.meta.title.as_deref().unwrap_or(""),
                extract::TextField::Body => article.body.as_str(),
            };
            assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} out of bounds");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span {span:?} is not on character boundaries"
            );
            assert_eq!(&text[span.start..span.end], span.text, "a span quotes its text");
        }
    }
    for label in passage_labels {
        assert!(
            article_speakers.contains(&label.name.as_str()),
            "passage speaker {:?} is not an article speaker {article_speakers:?}",
            label.name
        );
    }
    let countries: BTreeSet<&str> = extraction.countries.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(countries.len(), extraction.countries.len(), "country labels are unique");
}

// ---------------------------------------------------------------------------------------------
// One-article files: dated text and front matter

/// What every reader promises of an article: a trimmed, non-empty body, a date the index can
/// store, and trimmed, non-empty names.
fn article(article: &Article) {
    assert!(!article.body.is_empty(), "an empty body: {article:?}");
    assert_eq!(article.body.trim(), article.body, "the body is trimmed");
    assert!((MIN_YEAR..=MAX_YEAR).contains(&article.meta.date.year()), "date {} out of range", article.meta.date);
    for name in article.meta.countries.iter().chain(&article.meta.speakers) {
        assert!(!name.is_empty() && name.trim() == name, "name {name:?} is blank or not trimmed in {article:?}");
    }
}

/// What a one-article reader promises: an article of the file whose body is a part of its
/// text, or a reason on one of its lines.
fn one_article(text: &str, read: &OneArticle) {
    match read {
        Ok(read) => {
            article(read);
            assert_eq!(read.meta.id, NAME);
            assert_eq!(read.meta.path, Path::new(NAME));
            assert_eq!(read.meta.line, None);
            assert!(text.contains(&read.body), "the body is a part of the file");
        }
        Err((line, _)) => {
            let lines = text.split('\n').count();
            assert!(line.is_none_or(|line| (1..=lines).contains(&line)), "line {line:?} of {lines}");
        }
    }
}

/// Reads `text` as dated text and checks the result against the format: `date`, a space or
/// tab, `YYYY-MM-DD`, white space, the body.
pub fn dated(text: &str) {
    let read = dated::read(text, Path::new(NAME), NAME);
    one_article(text, &read);
    let after_keyword = text.trim_start().strip_prefix("date").filter(|rest| rest.starts_with([' ', '\t']));
    let after_date = |date: &str| {
        let after = after_keyword.expect("`date` and a space or tab").trim_start_matches([' ', '\t']);
        assert!(after.starts_with(date), "the date {date} is not the one after `date` in {text:?}");
        let tail = &after[date.len()..];
        assert!(tail.is_empty() || tail.starts_with(char::is_whitespace), "the date {date} is not a whole token");
        tail.trim()
    };
    match &read {
        Ok(read) => {
            assert_eq!(read.body, after_date(&read.meta.date.to_string()), "the body is everything after the date");
            extraction(read);
        }
        Err((_, SkipReason::NoDate)) => assert!(after_keyword.is_none(), "`date ` is there: {text:?}"),
        Err((_, SkipReason::BadDate(_))) => assert!(after_keyword.is_some(), "no `date ` but a bad date: {text:?}"),
        Err((_, SkipReason::EmptyBody)) => {
            let after = after_keyword.expect("an empty body after `date `").trim_start_matches([' ', '\t']);
            let token = after.split(char::is_whitespace).next().unwrap_or("");
            assert!(token.parse::<dateline::Date>().is_ok(), "an empty body after the bad date {token:?}");
            assert!(after[token.len()..].trim().is_empty(), "a body after {token:?} in {text:?}");
        }
        Err((_, other)) => panic!("dated::read gave {other:?} for {text:?}"),
    }
}

/// Reads `text` as front matter and checks the result: metadata values trimmed and non-empty,
/// the date among the header's lines, the body after a closing `---`.
pub fn frontmatter(text: &str) {
    let read = frontmatter::read(text, Path::new(NAME), NAME);
    one_article(text, &read);
    let is_front_matter = frontmatter::is_front_matter(text);
    match &read {
        Ok(read) => {
            for value in [&read.meta.title, &read.meta.source, &read.meta.url].into_iter().flatten() {
                assert!(!value.is_empty() && value.trim() == value, "value {value:?} is blank or not trimmed");
            }
            assert!(text.contains(&read.meta.date.to_string()), "the date {} is not in the header", read.meta.date);
            let fences = text.split('\n').filter(|line| line.trim() == "---").count();
            assert!(fences >= 2, "an article without a header opened and closed by `---`: {text:?}");
            extraction(read);
        }
        Err((line, reason)) => {
            let known = matches!(reason, SkipReason::FrontMatter(_) | SkipReason::NoDate | SkipReason::BadDate(_));
            assert!(known || *reason == SkipReason::EmptyBody, "frontmatter::read gave {reason:?} for {text:?}");
            if is_front_matter && known {
                assert!(line.is_some(), "{reason:?} without its line in {text:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

/// Everything one read of a JSON Lines input handed over.
#[derive(Debug)]
struct Streamed {
    articles: Vec<Article>,
    skipped: Vec<Skip>,
    chunks: Vec<usize>,
    summary: FileSummary,
}

fn stream(input: impl std::io::BufRead, path: &Path, file_id: &str, limits: ReadLimits) -> Streamed {
    let (mut articles, mut skipped, mut chunks) = (Vec::new(), Vec::new(), Vec::new());
    let summary = jsonl::read_stream(input, path, file_id, limits, &mut |a, s| {
        chunks.push(a.len() + s.len());
        articles.extend(a);
        skipped.extend(s);
    });
    Streamed { articles, skipped, chunks, summary }
}

/// The string value of a JSON object's key.
fn string_at<'v>(record: &'v serde_json::Value, key: &str) -> Option<&'v str> {
    record.get(key).and_then(serde_json::Value::as_str)
}

/// Reads `bytes` as JSON Lines, through a reader that hands over at most `capacity` bytes at
/// a time (as a file read in blocks does), and checks the result: the same as reading all the
/// bytes at once, whatever the chunking; one outcome per non-blank line, in order, on its
/// line; a line over the limit skipped as too large and no other; each article what its
/// line's JSON says.
pub fn jsonl(bytes: &[u8], capacity: usize, limits: ReadLimits) {
    let path = Path::new(JSONL_NAME);
    let whole = stream(bytes, path, JSONL_NAME, ReadLimits { records_per_chunk: usize::MAX, ..limits });
    let read = stream(BufReader::with_capacity(capacity.max(1), bytes), path, JSONL_NAME, limits);
    assert_eq!(read.articles, whole.articles, "the same articles, however the input is chunked");
    assert_eq!(read.skipped, whole.skipped, "the same skips, however the input is chunked");
    assert_eq!(read.summary, whole.summary);
    assert_eq!(read.summary.hash, xxhash_rust::xxh3::xxh3_64(bytes), "the hash is of every byte");
    assert_eq!(read.summary.skipped, read.skipped.len());
    let per_chunk = limits.records_per_chunk.max(1);
    if let Some((last, full)) = read.chunks.split_last() {
        assert!(full.iter().all(|&n| n == per_chunk) && *last <= per_chunk, "chunks {:?} of {per_chunk}", read.chunks);
    }
    assert!(read.skipped.iter().all(|skip| skip.path == path));

    // The lines as the reader sees them: split at `\n`, without a last empty one.
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if bytes.is_empty() || bytes.ends_with(b"\n") {
        lines.pop();
    }
    let mut outcomes: Vec<Option<Result<&Article, &Skip>>> = vec![None; lines.len()];
    for article in &read.articles {
        let line = article.meta.line.expect("a JSON Lines article has its line");
        assert!((1..=lines.len()).contains(&line), "article on line {line} of {}", lines.len());
        assert!(outcomes[line - 1].is_none(), "two outcomes on line {line}");
        outcomes[line - 1] = Some(Ok(article));
    }
    for skip in &read.skipped {
        let line = skip.line.expect("a JSON Lines skip has its line");
        assert!((1..=lines.len()).contains(&line), "skip on line {line} of {}", lines.len());
        assert!(outcomes[line - 1].is_none(), "two outcomes on line {line}");
        outcomes[line - 1] = Some(Err(skip));
    }
    let article_lines: Vec<usize> = read.articles.iter().filter_map(|a| a.meta.line).collect();
    assert!(article_lines.is_sorted(), "articles out of order: {article_lines:?}");
    let skip_lines: Vec<usize> = read.skipped.iter().filter_map(|s| s.line).collect();
    assert!(skip_lines.is_sorted(), "skips out of order: {skip_lines:?}");

    for (index, (line, outcome)) in lines.iter().zip(outcomes).enumerate() {
        let number = index + 1;
        let too_large = line.len() as u64 > limits.max_article_bytes;
        let reason = outcome.and_then(Result::err).map(|skip| &skip.reason);
        if too_large {
            let expected = SkipReason::TooLarge {
                bytes: line.len() as u64 + u64::from(number < lines.len() || bytes.ends_with(b"\n")),
                limit: limits.max_article_bytes,
            };
            assert_eq!(reason, Some(&expected), "line {number} of {} bytes", line.len());
            continue;
        }
        if number == 1 && line[..line.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
            assert_eq!(reason, Some(&SkipReason::Binary), "line 1 holds a NUL byte");
            continue;
        }
        let Ok(text) = std::str::from_utf8(line) else {
            assert_eq!(reason, Some(&SkipReason::NotUtf8), "line {number} is not UTF-8");
            continue;
        };
        if text.trim().is_empty() {
            assert!(outcome.is_none(), "blank line {number} gave {outcome:?}");
            continue;
        }
        let outcome = outcome.unwrap_or_else(|| panic!("no article or skip for line {number}: {text:?}"));
        let record = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'));
        match outcome {
            Ok(read) => {
                article(read);
                assert_eq!(read.meta.path, path);
                // serde_json's `Value` refuses a little that a record's keys ignore (a number
                // out of range, deep nesting): then only the checks above.
                let Ok(record) = record else { continue };
                let body = string_at(&record, "body").expect("an article has a `body`");
                assert_eq!(read.body, body.trim());
                let date = string_at(&record, "date").expect("an article has a `date`");
                assert_eq!(read.meta.date.to_string(), date[..10], "line {number}");
                let id = match record.get("id") {
                    None | Some(serde_json::Value::Null) => format!("{JSONL_NAME}:{number}"),
                    Some(serde_json::Value::String(id)) => id.trim().to_string(),
                    Some(serde_json::Value::Number(id)) => id.to_string(),
                    Some(other) => panic!("line {number} read with the id {other}"),
                };
                assert_eq!(read.meta.id, id, "line {number}");
                for (key, value) in
                    [("title", &read.meta.title), ("source", &read.meta.source), ("url", &read.meta.url)]
                {
                    let given = string_at(&record, key).filter(|v| !v.trim().is_empty());
                    assert_eq!(value.as_deref(), given, "`{key}` of line {number}");
                }
            }
            Err(skip) => {
                let expected = matches!(
                    skip.reason,
                    SkipReason::Json(_) | SkipReason::NoDate | SkipReason::BadDate(_) | SkipReason::EmptyBody
                );
                assert!(expected, "line {number} skipped as {:?}", skip.reason);
                // (When serde_json's `Value` reads the line; see above.)
                if let (SkipReason::EmptyBody, Ok(record)) = (&skip.reason, &record) {
                    let body = string_at(record, "body");
                    assert!(body.is_some_and(|b| b.trim().is_empty()), "line {number}: the body is not empty");
                }
            }
        }
    }

    if let Ok(text) = std::str::from_utf8(bytes) {
        if limits.max_article_bytes == corpus::DEFAULT_MAX_ARTICLE_BYTES {
            let read = jsonl::read(text, path, JSONL_NAME);
            assert_eq!(read.articles, whole.articles, "jsonl::read agrees with jsonl::read_stream");
            assert_eq!(read.skipped, whole.skipped, "jsonl::read agrees with jsonl::read_stream");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Any file, as the indexer reads it

/// Writes `bytes` to `root/name` and reads it as the indexer does (`read_file_chunked`), then
/// checks the result against the readers of each format given the same bytes: JSON Lines by
/// extension, one article or one skip for any other file (too large, empty, binary, or what
/// the front-matter or dated-text reader says of the text, decoded, without its BOM).
pub fn any_file(root: &Path, name: &str, bytes: &[u8], limits: ReadLimits) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("a folder for the file");
    std::fs::write(&path, bytes).expect("the file written");
    let read = stream_file(root, &path, limits);
    let name_path = Path::new(name);
    assert!(read.skipped.iter().all(|skip| skip.path == name_path), "skips name the file");
    assert!(read.articles.iter().all(|article| article.meta.path == name_path), "articles name the file");
    if corpus::is_json_lines(&path) {
        // A file whose start is UTF-8 without a byte-order mark (or binary) is read as its
        // bytes are; any other is decoded first.
        let sample = &bytes[..bytes.len().min(encoding::SAMPLE_BYTES)];
        let as_is = encoding::is_binary(sample)
            || (Encoding::for_bom(sample).is_none() && Decoding::default().detect(sample, false) == encoding_rs::UTF_8);
        if as_is {
            let direct = stream(bytes, name_path, name, limits);
            assert_eq!(read.articles, direct.articles, "a JSON Lines file is read as its bytes are");
            assert_eq!(read.skipped, direct.skipped, "a JSON Lines file is read as its bytes are");
            assert_eq!(read.summary, FileSummary { format: Some(Format::JsonLines), ..direct.summary });
        } else {
            let detected = match Encoding::for_bom(sample) {
                Some((encoding, _)) => encoding,
                None => Decoding::default().detect(sample, false),
            };
            let reported = (detected != encoding_rs::UTF_8).then(|| detected.name());
            assert_eq!(read.summary.decoded_from, reported, "a file that is not UTF-8 is decoded");
        }
        return;
    }
    assert_eq!(read.articles.len() + read.skipped.len(), 1, "one article or one skip per file");
    assert_eq!(read.summary.skipped, read.skipped.len());
    let outcome = match (read.articles.first(), read.skipped.first()) {
        (Some(article), _) => Ok(article.clone()),
        (None, Some(skip)) => Err((skip.line, skip.reason.clone())),
        (None, None) => unreachable!("one article or one skip"),
    };
    let size = bytes.len() as u64;
    if size > limits.max_article_bytes {
        assert_eq!(outcome, Err((None, SkipReason::TooLarge { bytes: size, limit: limits.max_article_bytes })));
        assert_eq!(read.summary, FileSummary { hash: 0, skipped: 1, decoded_from: None, format: None });
        return;
    }
    assert_eq!(read.summary.hash, xxhash_rust::xxh3::xxh3_64(bytes), "the hash is of every byte");
    let expected = if bytes.iter().all(u8::is_ascii_whitespace) {
        Err((None, SkipReason::EmptyFile))
    } else if encoding::is_binary(&bytes[..bytes.len().min(BINARY_SNIFF_BYTES)]) {
        Err((None, SkipReason::Binary))
    } else {
        // Any other file is decoded: as UTF-8 when it is UTF-8, else as its byte-order mark
        // says, else as detected.
        let (text, detected) = Decoding::default().decode(bytes);
        let reported = (detected != encoding_rs::UTF_8).then(|| detected.name());
        assert_eq!(read.summary.decoded_from, reported, "the encoding read is the one reported");
        let text = text.as_ref();
        let format = if frontmatter::is_front_matter(text) { Format::FrontMatter } else { Format::DatedText };
        assert_eq!(read.summary.format, Some(format), "the format read is the one reported");
        let read = if frontmatter::is_front_matter(text) {
            frontmatter::read(text, name_path, name)
        } else {
            dated::read(text, name_path, name)
        };
        if let Ok(read) = &read {
            article(read);
            assert!(text.contains(&read.body), "the body is a part of the file");
        }
        read
    };
    if matches!(expected, Err((None, SkipReason::EmptyFile | SkipReason::Binary))) {
        assert_eq!(read.summary.format, None, "an empty or binary file is read in no format");
    }
    assert_eq!(outcome, expected, "{name} is read as the reader of its format reads its text");
}

fn stream_file(root: &Path, path: &Path, limits: ReadLimits) -> Streamed {
    let (mut articles, mut skipped, mut chunks) = (Vec::new(), Vec::new(), Vec::new());
    let summary = corpus::read_file_chunked(root, path, limits, &mut |a, s| {
        chunks.push(a.len() + s.len());
        articles.extend(a);
        skipped.extend(s);
    });
    Streamed { articles, skipped, chunks, summary }
}

// ---------------------------------------------------------------------------------------------
// Queries

/// Parses `input` and checks the result: a well-formed tree of the query's own words, whose
/// atoms, auto-fuzzy form and highlights are well-formed too; or an error that points into the
/// query and shows it.
pub fn query(input: &str) {
    let tree = match query::parse(input) {
        Ok(tree) => tree,
        Err(error) => {
            assert_eq!(error.query, input);
            assert!(error.column <= input.chars().count(), "column {} of {input:?}", error.column);
            assert!(!error.message.is_empty());
            let shown = error.to_string();
            assert!(shown.contains(input), "{shown:?} does not show {input:?}");
            return;
        }
    };
    query_tree(input, &tree);
    let atoms = tree.positive_text_atoms();
    query_atoms(&atoms);

    let fuzzy = tree.clone().with_auto_fuzzy();
    query_tree(input, &fuzzy);
    assert_eq!(fuzzy.clone().with_auto_fuzzy(), fuzzy, "with_auto_fuzzy is idempotent");
    let fuzzy_atoms = fuzzy.positive_text_atoms();
    query_atoms(&fuzzy_atoms);
    let texts = |atoms: &[Atom]| -> BTreeSet<Vec<String>> {
        atoms.iter().map(|atom| atom.terms.iter().map(|t| t.text().to_string()).collect()).collect()
    };
    assert_eq!(texts(&atoms), texts(&fuzzy_atoms), "with_auto_fuzzy keeps the terms");

    // Highlight the query's own text, which holds every word of the query.
    for atoms in [atoms, fuzzy_atoms] {
        let highlights = Highlighter::new(atoms).highlight(input);
        ranges(input, &highlights, "highlights");
        for max_bytes in [0, 16, input.len() / 2] {
            let snippet = snippet(input, &highlights, max_bytes);
            ranges(&snippet.text, &snippet.highlights, "snippet highlights");
            let originals: Vec<&str> = highlights.iter().map(|r| &input[r.clone()]).collect();
            for range in &snippet.highlights {
                assert!(originals.contains(&&snippet.text[range.clone()]), "{range:?} is not one of the highlights");
            }
        }
    }
}

fn query_tree(input: &str, tree: &Query) {
    match tree {
        Query::Word { text, .. } | Query::Prefix { text, .. } => {
            assert!(!text.is_empty() && !text.contains(char::is_whitespace), "word {text:?}");
            assert!(input.contains(text.as_str()), "word {text:?} is not in {input:?}");
        }
        Query::Fuzzy { text, distance, .. } => {
            assert!(!text.is_empty() && !text.contains(char::is_whitespace), "fuzzy word {text:?}");
            assert!(input.contains(text.as_str()), "fuzzy word {text:?} is not in {input:?}");
            assert!((1..=query::MAX_EDIT_DISTANCE).contains(distance), "{distance} edits");
        }
        Query::Phrase { text, slop, .. } => {
            assert!(input.contains(text.as_str()), "phrase {text:?} is not in {input:?}");
            assert!(*slop <= query::MAX_SLOP);
        }
        Query::Date { from, to } => {
            assert!(from.is_some() || to.is_some(), "an unbounded date range");
            if let (Some(from), Some(to)) = (from, to) {
                assert!(from.first <= to.last, "an empty date range {from:?}..{to:?}");
            }
        }
        Query::And(parts) | Query::Or(parts) => {
            assert!(parts.len() >= 2, "a group of {} in {tree:?}", parts.len());
            parts.iter().for_each(|part| query_tree(input, part));
        }
        Query::Not(inner) => query_tree(input, inner),
        other => panic!("an unknown query node {other:?}"),
    }
}

fn query_atoms(atoms: &[Atom]) {
    for (i, atom) in atoms.iter().enumerate() {
        assert!(!atom.is_empty(), "an empty atom");
        assert!(!atoms[..i].contains(atom), "atom {atom:?} twice");
        assert!(atom.slop <= query::MAX_SLOP);
        assert!(atom.terms.len() > 1 || atom.slop == 0, "a slop on one word: {atom:?}");
        let exact = atom.terms.iter().all(|t| matches!(t, AtomTerm::Exact(_)));
        assert_eq!(atom.exact_terms().is_some(), exact, "{atom:?}");
        for term in &atom.terms {
            let text = term.text();
            assert!(!text.is_empty() && text.len() <= MAX_TERM_BYTES, "term {text:?}");
            if let AtomTerm::Fuzzy { distance, .. } = term {
                assert!((1..=query::MAX_EDIT_DISTANCE).contains(distance), "{distance} edits");
                assert!(text.chars().count() >= query::min_fuzzy_chars(*distance), "{text:?} for {distance} edits");
            }
        }
    }
}
