//! Rendering search results: text for people (colour on a terminal, `**markers**` otherwise)
//! and JSON Lines, JSON or tables (CSV, TSV) for scripts.
//!
//! JSON Lines records (one object per line, `type` first):
//! - `{"type":"hit", "rank", "score", "article_id", "date", "title", "path", "line", "source",
//!   "url", "countries", "speakers", "passage", "byte_range": {"start","end"},
//!   "passage_speakers", "text", "highlights": [{"start","end"}, ...], "more_passages": [...],
//!   "other_matching_passages", "cluster", "copies"}` — `cluster` (the id of the earliest article
//!   of the hit's cluster of near-duplicates) only for an article that has copies, `copies`
//!   (the other matching articles of its story) only with `--dedup`; highlight ranges are byte offsets in `text`; `byte_range` is
//!   the passage's place in the article body; `more_passages` holds the further passages shown
//!   (`--passages N`), each with `passage`, `byte_range`, `passage_speakers`, `text` and
//!   `highlights`;
//! - then one `{"type":"summary", "query", "index": {"fingerprint", "committed_at",
//!   "schema_version"}, "scope", "per_article", "counts", "total", "offset", "returned",
//!   "facets"}`, where `counts` is `"stories"` with `--dedup` (each cluster of near-duplicates
//!   counted once) and `"articles"` without.
//!
//! `--format json` writes the same as one document: `{"summary": {...}, "hits": [...]}`.
//!
//! Tables (`--format csv|tsv`) have one row per shown passage (so one per hit unless
//! `--passages N`; the passages of one hit share its rank) and the columns of
//! [`TABLE_COLUMNS`]; lists (countries, speakers) are joined with `"; "`, and each row carries
//! the index's fingerprint so that a saved result set names the index state that produced it.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Style};
use dateline::{snippet, Facets, Hit, PassageText, Scope, SearchRequest, SearchResults};
use serde::Serialize;

use super::format::{JsonLines, Output, Table};

/// How many bytes of a passage the text output shows around the matches.
const SNIPPET_BYTES: usize = 360;

/// Escapes control and bidirectional-override characters so untrusted text cannot move the
/// cursor, change colours or reorder what the terminal shows. Newlines and tabs are kept.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi =
            matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}');
        if (c.is_control() && c != '\n' && c != '\t') || bidi {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether text output is coloured for a `--color` choice: `auto` means stdout is a terminal,
/// `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
pub fn colored(choice: anstream::ColorChoice) -> bool {
    match choice {
        anstream::ColorChoice::Auto => anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never,
        choice => choice != anstream::ColorChoice::Never,
    }
}

pub const RANK: Style = Style::new().bold();
pub const DATE: Style = AnsiColor::Green.on_default();
pub const ID: Style = AnsiColor::Magenta.on_default().bold();
pub const LABEL: Style = Style::new().dimmed();
pub const MATCH: Style = AnsiColor::Red.on_default().bold();
pub const HEADING: Style = Style::new().bold().underline();

/// Styles text for a terminal, or leaves it plain; every view of results uses one.
#[derive(Debug, Clone, Copy)]
pub struct Styler {
    pub colored: bool,
}

impl Styler {
    /// `text` in `style` when colouring, else as it is.
    pub fn styled(&self, style: Style, text: &str) -> String {
        if self.colored {
            format!("{}{}{}", style.render(), text, style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// A match: in colour, or between `**` when not coloured.
    pub fn matched(&self, text: &str) -> String {
        if self.colored {
            self.styled(MATCH, text)
        } else {
            format!("**{text}**")
        }
    }

    /// The text with its highlights marked (colour, or `**` when not coloured), sanitized.
    pub fn marked(&self, text: &str, highlights: &[Range<usize>]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for range in highlights {
            out.push_str(&sanitize(&text[at..range.start]));
            out.push_str(&self.matched(&sanitize(&text[range.clone()])));
            at = range.end;
        }
        out.push_str(&sanitize(&text[at..]));
        out
    }
}

/// Search results (of `search` or `similar`) as every format prints them.
pub struct SearchOutput<'a> {
    /// The request, for the query, the offset and the summary.
    pub request: &'a SearchRequest,
    pub results: &'a SearchResults,
    pub info: &'a dateline::IndexInfo,
    /// The key terms a `similar` search used, printed after the text.
    pub key_terms: Option<&'a [String]>,
}

impl Output for SearchOutput<'_> {
    const COLUMNS: &'static [&'static str] = &TABLE_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        TextPrinter { out, style }.print(self.request, self.results)?;
        match self.key_terms {
            Some([]) => writeln!(out, "key terms: none (no word of the article qualifies: see --help)"),
            Some(terms) => writeln!(out, "key terms: {}", sanitize(&terms.join(", "))),
            None => Ok(()),
        }
    }

    /// The hits, then the summary.
    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        for hit in &self.results.hits {
            lines.record(&Record::Hit(hit))?;
        }
        lines.record(&self.summary())
    }

    /// `{"summary": {...}, "hits": [...]}`.
    fn json(&self) -> impl Serialize + '_ {
        serde_json::json!({ "summary": self.summary(), "hits": self.results.hits })
    }

    /// One row per shown passage (the passages of a hit share its rank, best first).
    /// `highlights` lists the match ranges in `text` as `start-end` byte offsets joined with
    /// `"; "`.
    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for hit in &self.results.hits {
            for passage in hit.shown_passages() {
                table.row([
                    hit.rank.to_string(),
                    hit.score.to_string(),
                    hit.article.id.clone(),
                    hit.article.date.to_string(),
                    passage.passage.to_string(),
                    passage.byte_range.start.to_string(),
                    passage.byte_range.end.to_string(),
                    hit.article.title.clone().unwrap_or_default(),
                    hit.article.path.display().to_string(),
                    hit.article.line.map(|l| l.to_string()).unwrap_or_default(),
                    hit.article.countries.join("; "),
                    hit.article.speakers.join("; "),
                    passage.passage_speakers.join("; "),
                    passage.text,
                    ranges(&passage.highlights),
                    self.info.fingerprint.clone(),
                    hit.other_matching_passages.to_string(),
                ])?;
            }
        }
        Ok(())
    }
}

impl SearchOutput<'_> {
    fn summary(&self) -> Record<'_> {
        let (request, results) = (self.request, self.results);
        Record::Summary {
            query: &request.query,
            index: IndexRef::of(self.info),
            scope: results.scope,
            per_article: results.per_article,
            counts: counts(results.dedup),
            total: results.total,
            offset: request.offset,
            returned: results.hits.len(),
            facets: results.facets.as_ref(),
        }
    }
}

/// Writes results as text.
struct TextPrinter<'w> {
    out: &'w mut dyn Write,
    style: Styler,
}

impl TextPrinter<'_> {
    fn styled(&self, style: Style, text: &str) -> String {
        self.style.styled(style, text)
    }

    fn print(&mut self, request: &SearchRequest, results: &SearchResults) -> io::Result<()> {
        for hit in &results.hits {
            self.print_hit(hit)?;
        }
        let unit = match results.scope {
            Scope::Article => "article",
            Scope::Passage => "passage",
        };
        let plural = if results.total == 1 { "" } else { "s" };
        let shown = match results.hits.len() {
            0 => String::new(),
            n => format!(", showing {}-{}", request.offset + 1, request.offset + n),
        };
        if results.dedup {
            let stories = if results.total == 1 { "story" } else { "stories" };
            let of = match (results.scope, results.per_article) {
                (Scope::Passage, false) => format!(" ({} passage{plural})", results.total),
                _ => String::new(),
            };
            let (total, scope) = (results.total, if results.per_article { "passage, per article" } else { unit });
            let stories = if of.is_empty() { format!("{total} {stories}") } else { format!("passages of stories{of}") };
            writeln!(self.out, "{stories} match (scope: {scope}, copies counted once{shown})")?;
        } else if results.per_article {
            let articles = if results.total == 1 { "article" } else { "articles" };
            writeln!(self.out, "{} {articles} match (scope: passage, per article{shown})", results.total)?;
        } else {
            writeln!(self.out, "{} {unit}{plural} match (scope: {unit}{shown})", results.total)?;
        }
        if let Some(facets) = &results.facets {
            self.print_facets(facets)?;
        }
        Ok(())
    }

    fn print_hit(&mut self, hit: &Hit) -> io::Result<()> {
        let rank = self.styled(RANK, &format!("{}.", hit.rank));
        let date = self.styled(DATE, &hit.article.date.to_string());
        let id = self.styled(ID, &sanitize(&hit.article.id));
        writeln!(self.out, "{rank} {date}  {id}  passage {}", hit.passage)?;
        if let Some(title) = &hit.article.title {
            writeln!(self.out, "   {}", sanitize(title))?;
        }
        let mut labels = Vec::new();
        if !hit.article.countries.is_empty() {
            labels.push(format!(
                "{} {}",
                self.styled(LABEL, "countries:"),
                sanitize(&hit.article.countries.join(", "))
            ));
        }
        if !hit.article.speakers.is_empty() {
            labels.push(format!("{} {}", self.styled(LABEL, "speakers:"), sanitize(&hit.article.speakers.join(", "))));
        }
        if !labels.is_empty() {
            writeln!(self.out, "   {}", labels.join("  "))?;
        }
        if !hit.passage_speakers.is_empty() {
            writeln!(
                self.out,
                "   {} {}",
                self.styled(LABEL, "quoted here:"),
                sanitize(&hit.passage_speakers.join(", "))
            )?;
        }
        self.print_snippet(&hit.text, &hit.highlights)?;
        for passage in &hit.more_passages {
            self.print_more(passage)?;
        }
        if hit.other_matching_passages > 0 {
            let n = hit.other_matching_passages;
            let plural = if n == 1 { "" } else { "s" };
            writeln!(self.out, "   {}", self.styled(LABEL, &format!("(+{n} other matching passage{plural})")))?;
        }
        if !hit.copies.is_empty() {
            let n = hit.copies.len();
            let copies = if n == 1 { "copy" } else { "copies" };
            let ids = sanitize(&hit.copies.join(", "));
            writeln!(self.out, "   {}", self.styled(LABEL, &format!("(+{n} {copies}: {ids})")))?;
        }
        writeln!(self.out)
    }

    /// A further passage of a hit: its number and speakers, then its snippet.
    fn print_more(&mut self, passage: &PassageText) -> io::Result<()> {
        writeln!(self.out)?;
        let mut label = format!("   {}", self.styled(LABEL, &format!("passage {}", passage.passage)));
        if !passage.passage_speakers.is_empty() {
            let speakers = sanitize(&passage.passage_speakers.join(", "));
            label.push_str(&format!("  {} {speakers}", self.styled(LABEL, "quoted here:")));
        }
        writeln!(self.out, "{label}")?;
        self.print_snippet(&passage.text, &passage.highlights)
    }

    fn print_snippet(&mut self, text: &str, highlights: &[Range<usize>]) -> io::Result<()> {
        let snippet = snippet(text, highlights, SNIPPET_BYTES);
        let body = self.style.marked(&snippet.text, &snippet.highlights);
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            writeln!(self.out, "   {line}")?;
        }
        Ok(())
    }

    fn print_facets(&mut self, facets: &Facets) -> io::Result<()> {
        const TOP: usize = 10;
        let groups = [("countries", &facets.countries), ("speakers", &facets.speakers), ("years", &facets.years)];
        for (name, counts) in groups {
            let heading = self.styled(LABEL, &format!("{name}:"));
            if counts.is_empty() {
                writeln!(self.out, "{heading} none")?;
                continue;
            }
            let shown: Vec<String> = counts
                .iter()
                .take(if name == "years" { usize::MAX } else { TOP })
                .map(|c| format!("{} {}", sanitize(&c.value), c.count))
                .collect();
            let more = counts.len().saturating_sub(shown.len());
            let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
            writeln!(self.out, "{heading} {}{more}", shown.join(", "))?;
        }
        Ok(())
    }
}

/// One line of `--json` output.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Hit(&'a Hit),
    Summary {
        query: &'a str,
        index: IndexRef<'a>,
        scope: Scope,
        per_article: bool,
        counts: &'static str,
        total: u64,
        offset: usize,
        returned: usize,
        facets: Option<&'a Facets>,
    },
}

/// What a result's counts count, as JSON summaries say (`"counts"`): stories with `--dedup`
/// (each cluster of near-duplicates once), else articles (or, in passage scope, passages).
pub fn counts(dedup: bool) -> &'static str {
    if dedup {
        "stories"
    } else {
        "articles"
    }
}

/// Which commit of which index answered: enough to reproduce a result set.
#[derive(Clone, Copy, Serialize)]
pub struct IndexRef<'a> {
    pub fingerprint: &'a str,
    pub committed_at: &'a str,
    pub schema_version: u32,
}

impl<'a> IndexRef<'a> {
    /// The reference to the commit `info` describes.
    pub fn of(info: &'a dateline::IndexInfo) -> Self {
        IndexRef {
            fingerprint: &info.fingerprint,
            committed_at: &info.committed_at,
            schema_version: info.schema_version,
        }
    }
}

/// The columns of `search --format csv|tsv`, in order. `other_matching_passages` (the
/// article's matching passages not shown in its hit) comes last so that the earlier columns
/// keep their places.
pub const TABLE_COLUMNS: [&str; 17] = [
    "rank", "score", "article_id", "date", "passage", "byte_start", "byte_end", "title", "path", "line", "countries",
    "speakers", "passage_speakers", "text", "highlights", "index_fingerprint", "other_matching_passages",
];

/// Byte ranges as `start-end`, joined with `"; "`: how tables list highlights.
pub fn ranges(ranges: &[Range<usize>]) -> String {
    ranges.iter().map(|r| format!("{}-{}", r.start, r.end)).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls_and_bidi_but_keeps_newlines() {
        assert_eq!(sanitize("a\u{1b}[31mb\u{202e}c\nd"), "a\\u{1b}[31mb\\u{202e}c\nd");
    }
}
