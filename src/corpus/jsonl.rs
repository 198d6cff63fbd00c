//! The JSON Lines format: one article per line.
//!
//! Keys: `id` (string or number; the article id), `date` (`YYYY-MM-DD`, or an RFC 3339
//! timestamp whose first ten characters are that), `body` (required), `title`, `source`,
//! `url`, `country` and `speaker` (each a string, comma-separated names, or a list of strings).
//! Blank lines are skipped. A record without `id` gets `path:line` as its id.

use std::path::Path;

use serde::Deserialize;

use crate::article::Article;
use std::io::BufRead;

use xxhash_rust::xxh3::Xxh3;

use crate::corpus::{split_names, FileArticles, FileSummary, ReadLimits, Skip, SkipReason, BINARY_SNIFF_BYTES};
use crate::date::Date;

#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    date: Option<String>,
    title: Option<String>,
    body: Option<String>,
    #[serde(alias = "countries")]
    country: Option<Names>,
    #[serde(alias = "speakers")]
    speaker: Option<Names>,
    source: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    fn into_vec(self) -> Vec<String> {
        match self {
            Names::One(value) => split_names(&value),
            Names::Many(values) => values.into_iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect(),
        }
    }
}

/// Reads every record of a JSON Lines text; bad records are skipped with their line.
pub fn read(text: &str, path: &Path, file_id: &str) -> FileArticles {
    let mut result = FileArticles::default();
    read_stream(text.as_bytes(), path, file_id, ReadLimits::default(), &mut |articles, skipped| {
        result.articles.extend(articles);
        result.skipped.extend(skipped);
    });
    result
}

/// Reads one line into `line`, up to `limit` bytes; the rest of a longer line is read past and
/// hashed but not kept. Returns the bytes read (0 at the end) and whether the line was too long.
fn read_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    limit: usize,
    hasher: &mut Xxh3,
) -> std::io::Result<(usize, bool)> {
    line.clear();
    let (mut total, mut content, mut too_long) = (0, 0, false);
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok((total, too_long));
        }
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        hasher.update(&available[..taken]);
        // The limit counts the record's bytes, not its newline.
        content += if done { taken - 1 } else { taken };
        if !too_long && content <= limit {
            line.extend_from_slice(&available[..taken]);
        } else if !too_long {
            too_long = true;
            line.clear();
        }
        input.consume(taken);
        total += taken;
        if done {
            return Ok((total, too_long));
        }
    }
}

/// Streams the records of a JSON Lines input to `chunk`, `limits.records_per_chunk` at a time.
pub fn read_stream(
    mut input: impl BufRead,
    path: &Path,
    file_id: &str,
    limits: ReadLimits,
    chunk: &mut dyn FnMut(Vec<Article>, Vec<Skip>),
) -> FileSummary {
    let mut hasher = Xxh3::new();
    let (mut articles, mut skipped) = (Vec::new(), Vec::new());
    let mut skip_count = 0;
    let mut line = Vec::new();
    let limit = usize::try_from(limits.max_article_bytes).unwrap_or(usize::MAX);
    let mut line_no = 0;
    loop {
        let (read, too_long) = match read_line(&mut input, &mut line, limit, &mut hasher) {
            Ok(result) => result,
            Err(error) => {
                skipped.push(Skip {
                    path: path.to_path_buf(),
                    line: Some(line_no + 1),
                    reason: SkipReason::Io(error.to_string()),
                });
                skip_count += 1;
                break;
            }
        };
        if read == 0 {
            break;
        }
        line_no += 1;
        let outcome = if too_long {
            Err(SkipReason::TooLarge { bytes: read as u64, limit: limits.max_article_bytes })
        } else if line_no == 1 && line[..line.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
            Err(SkipReason::Binary)
        } else {
            match std::str::from_utf8(&line) {
                Err(_) => Err(SkipReason::NotUtf8),
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => read_record(text.trim_start_matches('\u{feff}'), path, file_id, line_no),
            }
        };
        match outcome {
            Ok(article) => articles.push(article),
            Err(reason) => {
                skip_count += 1;
                skipped.push(Skip { path: path.to_path_buf(), line: Some(line_no), reason });
            }
        }
        if articles.len() + skipped.len() >= limits.records_per_chunk {
            chunk(std::mem::take(&mut articles), std::mem::take(&mut skipped));
        }
    }
    chunk(articles, skipped);
    FileSummary { hash: hasher.digest(), skipped: skip_count, ..FileSummary::default() }
}

fn read_record(line: &str, path: &Path, file_id: &str, line_no: usize) -> Result<Article, SkipReason> {
    let record: Record = serde_json::from_str(line).map_err(|e| SkipReason::Json(e.to_string()))?;
    let date = record.date.ok_or(SkipReason::NoDate)?;
    let day = date.get(..10).filter(|_| date.len() == 10 || date[10..].starts_with('T')).unwrap_or(&date);
    let date: Date = day.parse().map_err(SkipReason::BadDate)?;
    let body = record
        .body
        .ok_or_else(|| SkipReason::Json("no `body` key: every record needs the article text in `body`".into()))?;
    let body = body.trim();
    if body.is_empty() {
        return Err(SkipReason::EmptyBody);
    }
    let id = match record.id {
        Some(serde_json::Value::String(id)) if !id.trim().is_empty() => id.trim().to_string(),
        Some(serde_json::Value::Number(id)) => id.to_string(),
        None | Some(serde_json::Value::Null) => format!("{file_id}:{line_no}"),
        Some(other) => return Err(SkipReason::Json(format!("`id` must be a string or a number, not {other}"))),
    };
    let mut article = Article::new(id, path, date, body);
    article.meta.line = Some(line_no);
    article.meta.title = record.title.filter(|t| !t.trim().is_empty());
    article.meta.source = record.source.filter(|t| !t.trim().is_empty());
    article.meta.url = record.url.filter(|t| !t.trim().is_empty());
    article.meta.countries = record.country.map(Names::into_vec).unwrap_or_default();
    article.meta.speakers = record.speaker.map(Names::into_vec).unwrap_or_default();
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_skipped_without_being_kept_and_the_rest_read() {
        let long = format!("{{\"id\":\"big\",\"date\":\"2022-03-01\",\"body\":\"{}\"}}", "x".repeat(5000));
        let text = format!("{long}\n{{\"id\":\"ok\",\"date\":\"2022-03-01\",\"body\":\"fine\"}}\n");
        let limits = ReadLimits { max_article_bytes: 1000, records_per_chunk: 1 };
        let (mut articles, mut skips, mut chunks) = (Vec::new(), Vec::new(), 0);
        let summary = read_stream(text.as_bytes(), Path::new("x.jsonl"), "x.jsonl", limits, &mut |a, s| {
            chunks += 1;
            articles.extend(a);
            skips.extend(s);
        });
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].meta.id, "ok");
        assert!(matches!(skips[0].reason, SkipReason::TooLarge { .. }));
        assert_eq!(skips[0].line, Some(1));
        assert_eq!(summary.skipped, 1);
        assert!(chunks >= 2);
        assert_eq!(summary.hash, xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
    }

    #[test]
    fn the_limit_counts_record_bytes_with_or_without_a_final_newline() {
        let record = r#"{"date":"2020-01-01","body":"x"}"#;
        let limits = ReadLimits { max_article_bytes: record.len() as u64 - 1, records_per_chunk: 10 };
        for text in [record.to_string(), format!("{record}\n")] {
            let mut skips = Vec::new();
            read_stream(text.as_bytes(), Path::new("x.jsonl"), "x.jsonl", limits, &mut |_, s| skips.extend(s));
            assert!(matches!(skips[0].reason, SkipReason::TooLarge { .. }), "{text:?}");
        }
    }

    #[test]
    fn reads_records_and_skips_broken_lines() {
        let text = concat!(
            r#"{"id":"a1","date":"2022-03-01","body":"One.","country":["Peru","Chile"],"speaker":"Ana Ruiz, Li Wei"}"#,
            "\n",
            "{broken\n",
            "\n",
            r#"{"date":"2022-03-02T10:00:00Z","body":"Two."}"#,
            "\n",
            r#"{"id":"a3","date":"2022-02-30","body":"Three."}"#,
            "\n",
        );
        let read = read(text, Path::new("x.jsonl"), "x.jsonl");
        assert_eq!(read.articles.len(), 2);
        assert_eq!(read.articles[0].meta.countries, ["Peru", "Chile"]);
        assert_eq!(read.articles[0].meta.speakers, ["Ana Ruiz", "Li Wei"]);
        assert_eq!(read.articles[1].meta.id, "x.jsonl:4");
        assert_eq!(read.articles[1].meta.line, Some(4));
        let lines: Vec<_> = read.skipped.iter().map(|s| s.line.unwrap()).collect();
        assert_eq!(lines, [2, 5]);
    }
}
