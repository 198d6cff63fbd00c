//! `dateline show`: one article whole, every passage numbered, a query's matches highlighted.

use std::io::{self, Write};

use dateline::{ArticleMeta, IndexedArticle, PassageText};
use serde::Serialize;

use super::archive::ArchiveArgs;
use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, ranges, sanitize, IndexRef, Styler, DATE, HEADING, ID, LABEL};
use super::EXIT_OK;

const AFTER_HELP: &str = "\
Examples:
  dateline show 2019/geneva-water-talks.txt
  dateline show 2020/karabakh-truce-collapses.txt ceasefire      (matches highlighted)
  dateline show wire-2022-0004 '\"rainy season\" drought' --format json
  dateline show exports/briefs.ndjson:3 --format csv

ARTICLE_ID is the id search prints after the date: the file's path in the corpus, or a JSON
Lines record's id (or path:line). An unknown id is an error (exit 2) that names the closest ids.";

/// Print a whole article: its metadata, then every passage, numbered, with a query's matches
/// highlighted.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct ShowArgs {
    /// The article's id, as search shows it.
    #[arg(value_name = "ARTICLE_ID")]
    id: String,

    /// Highlight the words and phrases of this query (search's syntax).
    #[arg(allow_hyphen_values = true)]
    query: Option<String>,

    #[command(flatten)]
    location: ArchiveArgs,

    #[command(flatten)]
    output: FormatArg,
}

/// The columns of `show --format csv|tsv`: one row per passage.
pub const SHOW_COLUMNS: [&str; 9] = [
    "article_id", "date", "passage", "byte_start", "byte_end", "passage_speakers", "text", "highlights",
    "index_fingerprint",
];

/// One line of `show --format jsonl`: the article's metadata, then each passage.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record<'a> {
    Article {
        #[serde(flatten)]
        meta: &'a ArticleMeta,
        passages: usize,
        query: Option<&'a str>,
        index: IndexRef<'a>,
    },
    Passage {
        article_id: &'a str,
        #[serde(flatten)]
        passage: &'a PassageText,
    },
}

/// One article as every format prints it.
struct ShowOutput<'a> {
    article: &'a IndexedArticle,
    /// The query whose matches are highlighted, if any.
    query: Option<&'a str>,
    info: &'a dateline::IndexInfo,
}

impl Output for ShowOutput<'_> {
    const COLUMNS: &'static [&'static str] = &SHOW_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        print_text(out, self.article, self.query, style)
    }

    /// The article's metadata, then each passage.
    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        let article = self.article;
        let index = IndexRef::of(self.info);
        lines.record(&Record::Article {
            meta: &article.meta,
            passages: article.passages.len(),
            query: self.query,
            index,
        })?;
        for passage in &article.passages {
            lines.record(&Record::Passage { article_id: &article.meta.id, passage })?;
        }
        Ok(())
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: Option<&'a str>,
            index: IndexRef<'a>,
            article: &'a IndexedArticle,
        }
        Document { query: self.query, index: IndexRef::of(self.info), article: self.article }
    }

    /// One row per passage.
    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        let article = self.article;
        for passage in &article.passages {
            table.row([
                article.meta.id.clone(),
                article.meta.date.to_string(),
                passage.passage.to_string(),
                passage.byte_range.start.to_string(),
                passage.byte_range.end.to_string(),
                passage.passage_speakers.join("; "),
                passage.text.clone(),
                ranges(&passage.highlights),
                self.info.fingerprint.clone(),
            ])?;
        }
        Ok(())
    }
}

pub fn run(args: &ShowArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = args.location.open()?;
    let article = index.article(&args.id, args.query.as_deref())?;
    let output = ShowOutput { article: &article, query: args.query.as_deref(), info: index.info() };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(EXIT_OK)
}

/// The header (id, date, title, path, labels), then each passage numbered, its sub-heading
/// (bold on a terminal, `## ` before it otherwise) and its text with the matches marked.
fn print_text(out: &mut dyn Write, article: &IndexedArticle, query: Option<&str>, style: Styler) -> io::Result<()> {
    let label = |name: &str| style.styled(LABEL, &format!("{name:<10}"));
    writeln!(out, "{}", style.styled(ID, &sanitize(&article.meta.id)))?;
    writeln!(out, "{} {}", label("date:"), style.styled(DATE, &article.meta.date.to_string()))?;
    if let Some(title) = &article.meta.title {
        writeln!(out, "{} {}", label("title:"), sanitize(title))?;
    }
    let line = article.meta.line.map(|line| format!(" (line {line})")).unwrap_or_default();
    writeln!(out, "{} {}{line}", label("path:"), sanitize(&article.meta.path.to_string_lossy()))?;
    for (name, value) in [("source:", &article.meta.source), ("url:", &article.meta.url)] {
        if let Some(value) = value {
            writeln!(out, "{} {}", label(name), sanitize(value))?;
        }
    }
    for (name, values) in [("countries:", &article.meta.countries), ("speakers:", &article.meta.speakers)] {
        let values = if values.is_empty() { "none".to_string() } else { sanitize(&values.join(", ")) };
        writeln!(out, "{} {values}", label(name))?;
    }
    let count = article.passages.len();
    let mut passages = format!("{count} passage{}", if count == 1 { "" } else { "s" });
    if let Some(query) = query {
        let matching = article.matching_passages().count();
        passages.push_str(&format!(", {matching} with matches for `{}`", sanitize(query)));
    }
    writeln!(out, "{} {passages}", label("passages:"))?;
    for passage in &article.passages {
        writeln!(out)?;
        let mut head = style.styled(super::print::RANK, &format!("[{}]", passage.passage));
        if !passage.passage_speakers.is_empty() {
            let speakers = sanitize(&passage.passage_speakers.join(", "));
            head.push_str(&format!("  {} {speakers}", style.styled(LABEL, "quoted here:")));
        }
        writeln!(out, "{head}")?;
        let marked = style.marked(&passage.text, &passage.highlights);
        let mut lines = marked.lines().filter(|line| !line.trim().is_empty());
        if passage.heading().is_some() {
            if let Some(heading) = lines.next() {
                let heading = if style.colored {
                    style.styled(HEADING, heading.trim())
                } else {
                    format!("## {}", heading.trim())
                };
                writeln!(out, "    {heading}")?;
            }
        }
        for line in lines {
            writeln!(out, "    {}", line.trim_end())?;
        }
    }
    Ok(())
}
