//! The dated-text format: `date YYYY-MM-DD`, then the article.
//!
//! ```text
//!  date 2020-09-28 The lead paragraph starts on the date line.
//!
//! Further paragraphs are separated by blank lines.
//! ```
//! White space before `date` is allowed. The body is everything after the date and the
//! white space that follows it; the lead paragraph may start on the same line.

use std::path::Path;

use crate::article::Article;
use crate::corpus::{line_of, SkipReason};
use crate::date::Date;

/// Reads one dated-text article. On failure returns the line of the problem and its reason.
pub fn read(text: &str, path: &Path, id: &str) -> Result<Article, (Option<usize>, SkipReason)> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let line = Some(line_of(text, start));
    let Some(after) = rest.strip_prefix("date") else {
        return Err((line, SkipReason::NoDate));
    };
    if !after.starts_with([' ', '\t']) {
        return Err((line, SkipReason::NoDate));
    }
    let after = after.trim_start_matches([' ', '\t']);
    let token_end = after.find(char::is_whitespace).unwrap_or(after.len());
    let date: Date = after[..token_end].parse().map_err(|e| (line, SkipReason::BadDate(e)))?;
    let body = after[token_end..].trim();
    if body.is_empty() {
        return Err((line, SkipReason::EmptyBody));
    }
    Ok(Article::new(id, path, date, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Result<Article, (Option<usize>, SkipReason)> {
        read(text, Path::new("a.txt"), "a.txt")
    }

    #[test]
    fn lead_paragraph_on_the_date_line() {
        let article = read_str("  date 2020-09-28 Lead here.\n\nSecond.\n").unwrap();
        assert_eq!(article.meta.date.to_string(), "2020-09-28");
        assert_eq!(article.body, "Lead here.\n\nSecond.");
    }

    #[test]
    fn problems_name_their_line() {
        assert_eq!(read_str("\n\nhello").unwrap_err(), (Some(3), SkipReason::NoDate));
        assert!(matches!(read_str("date 2020-02-30 x").unwrap_err().1, SkipReason::BadDate(_)));
        assert_eq!(read_str("date 2020-02-03   \n\n").unwrap_err().1, SkipReason::EmptyBody);
        assert_eq!(read_str("dated 2020-02-03 x").unwrap_err().1, SkipReason::NoDate);
    }
}
