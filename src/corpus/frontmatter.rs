//! The front-matter format: a header of `key: value` lines between two `---` lines, then the body.
//!
//! ```text
//! ---
//! date: 2021-04-12
//! title: Talks resume in Nairobi
//! country: Kenya, Ethiopia
//! speaker:
//!   - Amina Odhiambo
//! ---
//! Body paragraphs separated by blank lines.
//! ```
//! Rules:
//! - The first line of the file is `---` (white space around it is allowed); the header ends at
//!   the next line that is `---`.
//! - Keys are case-insensitive: `date` (required, `YYYY-MM-DD`), `title`, `source`, `url`,
//!   `country`/`countries`, `speaker`/`speakers`. Other keys are ignored; blank lines and lines
//!   starting with `#` are skipped.
//! - `country` and `speaker` hold several values separated by `,` or `;`, or as `[a, b]`, or as
//!   `- item` lines below the key. A repeated key adds values. Quotes around values are removed.

use std::path::Path;

use crate::article::Article;
use crate::corpus::{split_names, SkipReason};
use crate::date::Date;

/// Whether the text starts with a front-matter header.
pub fn is_front_matter(text: &str) -> bool {
    text.trim_start().lines().next().is_some_and(|line| line.trim() == "---")
}

/// Reads one front-matter article. On failure returns the line of the problem and its reason.
pub fn read(text: &str, path: &Path, id: &str) -> Result<Article, (Option<usize>, SkipReason)> {
    let (mut date, mut title, mut source, mut url) = (None, None, None, None);
    let (mut countries, mut speakers) = (Vec::new(), Vec::new());
    let mut list_key: Option<&str> = None;
    let mut opening_line = None;
    let mut body_start = None;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        offset += raw.len();
        let line = raw.trim();
        if opening_line.is_none() {
            if line == "---" {
                opening_line = Some(line_no);
            }
            continue; // white space before the opening `---`
        }
        if line == "---" {
            body_start = Some(offset);
            break;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad_line = |message: String| (Some(line_no), SkipReason::FrontMatter(message));
        if let Some(item) = line.strip_prefix('-') {
            let Some(key) = list_key else {
                return Err(bad_line(format!("list item `{line}` has no `country:` or `speaker:` key above it")));
            };
            let target = if key == "country" { &mut countries } else { &mut speakers };
            target.extend(split_names(item));
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(bad_line(format!("`{line}` is not a `key: value` line")));
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        let text_value = || Some(value.trim_matches(['"', '\'']).trim().to_string()).filter(|v| !v.is_empty());
        list_key = None;
        match key.as_str() {
            "date" => {
                let day: Date =
                    value.trim_matches(['"', '\'']).parse().map_err(|e| (Some(line_no), SkipReason::BadDate(e)))?;
                date = Some(day);
            }
            "title" => title = text_value(),
            "source" => source = text_value(),
            "url" => url = text_value(),
            "country" | "countries" => {
                countries.extend(split_names(value));
                list_key = value.is_empty().then_some("country");
            }
            "speaker" | "speakers" => {
                speakers.extend(split_names(value));
                list_key = value.is_empty().then_some("speaker");
            }
            _ => {}
        }
    }
    let Some(body_start) = body_start else {
        let message = "the header opened with `---` is never closed by a `---` line".to_string();
        return Err((opening_line, SkipReason::FrontMatter(message)));
    };
    let Some(date) = date else {
        return Err((opening_line, SkipReason::NoDate));
    };
    let body = text[body_start..].trim();
    if body.is_empty() {
        return Err((None, SkipReason::EmptyBody));
    }
    let mut article = Article::new(id, path, date, body);
    article.meta.title = title;
    article.meta.source = source;
    article.meta.url = url;
    article.meta.countries = countries;
    article.meta.speakers = speakers;
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Article, (Option<usize>, SkipReason)> {
        read(text, Path::new("a.md"), "a.md")
    }

    #[test]
    fn reads_header_values_and_lists() {
        let text = "---\ndate: 2021-04-12\nTitle: \"Talks\"\ncountry: Kenya; Ethiopia\nspeaker:\n  - Amina Odhiambo\n  - Li Wei\nextra: ignored\n---\n\nBody one.\n\nBody two.\n";
        let article = read_str(text).unwrap();
        assert_eq!(article.meta.date.to_string(), "2021-04-12");
        assert_eq!(article.meta.title.as_deref(), Some("Talks"));
        assert_eq!(article.meta.countries, ["Kenya", "Ethiopia"]);
        assert_eq!(article.meta.speakers, ["Amina Odhiambo", "Li Wei"]);
        assert_eq!(article.body, "Body one.\n\nBody two.");
    }

    #[test]
    fn problems_name_their_line() {
        assert_eq!(read_str("---\ntitle: x\n---\nbody").unwrap_err(), (Some(1), SkipReason::NoDate));
        assert!(matches!(
            read_str("---\ndate: 2021-04-12\ntitle x\n---\nbody").unwrap_err(),
            (Some(3), SkipReason::FrontMatter(_))
        ));
        assert!(matches!(read_str("---\ndate: 2021-04-31\n---\nbody").unwrap_err(), (Some(2), SkipReason::BadDate(_))));
        assert!(matches!(read_str("---\ndate: 2021-04-12\nbody").unwrap_err().1, SkipReason::FrontMatter(_)));
        assert_eq!(read_str("---\ndate: 2021-04-12\n---\n  \n").unwrap_err().1, SkipReason::EmptyBody);
    }
}
