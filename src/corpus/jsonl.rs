//! The JSON Lines format: one article per line.
//!
//! Keys: `id` (string or number; the article id), `date` (`YYYY-MM-DD`, or an RFC 3339
//! timestamp whose first ten characters are that), `body` (required), `title`, `source`,
//! `url`, `country` and `speaker` (each a string, comma-separated names, or a list of strings).
//! Blank lines are skipped. A record without `id` gets `path:line` as its id.

use std::path::Path;

use serde::Deserialize;

use crate::article::Article;
use crate::corpus::{split_names, FileArticles, Skip, SkipReason};
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

/// Reads every record of a JSON Lines file; bad records are skipped with their line.
pub fn read(text: &str, path: &Path, file_id: &str) -> FileArticles {
    let mut result = FileArticles::default();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        match read_record(line, path, file_id, line_no) {
            Ok(article) => result.articles.push(article),
            Err(reason) => result.skipped.push(Skip { path: path.to_path_buf(), line: Some(line_no), reason }),
        }
    }
    result
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
    article.line = Some(line_no);
    article.title = record.title.filter(|t| !t.trim().is_empty());
    article.source = record.source.filter(|t| !t.trim().is_empty());
    article.url = record.url.filter(|t| !t.trim().is_empty());
    article.countries = record.country.map(Names::into_vec).unwrap_or_default();
    article.speakers = record.speaker.map(Names::into_vec).unwrap_or_default();
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(read.articles[0].countries, ["Peru", "Chile"]);
        assert_eq!(read.articles[0].speakers, ["Ana Ruiz", "Li Wei"]);
        assert_eq!(read.articles[1].id, "x.jsonl:4");
        assert_eq!(read.articles[1].line, Some(4));
        let lines: Vec<_> = read.skipped.iter().map(|s| s.line.unwrap()).collect();
        assert_eq!(lines, [2, 5]);
    }
}
