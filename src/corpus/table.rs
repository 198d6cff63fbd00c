//! CSV and TSV files (`.csv`, `.tsv`): one article per row, under a header row that names the
//! columns.
//!
//! Columns are recognised by their common names, in any case: the id (`id`), the date (`date`,
//! `publish_date`, `published`, `pubdate`), the text (`body`, `text`, `content`), the headline
//! (`title`, `headline`), `country`, `speaker`, the publisher (`source`, `media_name`) and
//! `url`; other columns are ignored. [`Columns`] gives other names for them
//! (`dateline index --csv-columns date=pub_dt,body=article_text`). Quoted fields may hold
//! delimiters and line breaks. A row without a date or text is skipped with the file and its
//! line, as a JSON Lines record is; a row without an id gets `path:line`, the line its row
//! starts on.

use std::io::Read;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::article::Article;
use crate::corpus::{split_names, FileSummary, ReadLimits, Skip, SkipReason};
use crate::date::Date;

/// The fields an article takes from a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// The article id.
    Id,
    /// The publication date: `YYYY-MM-DD`, or a timestamp that starts with it.
    Date,
    /// The article text.
    Body,
    /// The headline.
    Title,
    /// Countries, comma- or semicolon-separated.
    Country,
    /// Speakers, comma- or semicolon-separated.
    Speaker,
    /// The publisher or wire.
    Source,
    /// The address of the original.
    Url,
}

impl Column {
    const ALL: [Column; 8] = [
        Column::Id,
        Column::Date,
        Column::Body,
        Column::Title,
        Column::Country,
        Column::Speaker,
        Column::Source,
        Column::Url,
    ];

    /// The name this field is given by in `--csv-columns` (`date=pub_dt`).
    pub fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Date => "date",
            Column::Body => "body",
            Column::Title => "title",
            Column::Country => "country",
            Column::Speaker => "speaker",
            Column::Source => "source",
            Column::Url => "url",
        }
    }

    /// The header names recognised for this field, lower-case.
    fn common_names(self) -> &'static [&'static str] {
        match self {
            Column::Id => &["id"],
            Column::Date => &["date", "publish_date", "published", "pubdate"],
            Column::Body => &["body", "text", "content"],
            Column::Title => &["title", "headline"],
            Column::Country => &["country", "countries"],
            Column::Speaker => &["speaker", "speakers"],
            Column::Source => &["source", "media_name"],
            Column::Url => &["url"],
        }
    }
}

/// Header names given for fields, beyond the common names: `date=pub_dt,body=article_text`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    names: Vec<(Column, String)>,
}

impl std::str::FromStr for Columns {
    type Err = String;

    fn from_str(text: &str) -> Result<Columns, String> {
        let mut names = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|pair| !pair.is_empty()) {
            let Some((field, header)) = pair.split_once('=') else {
                return Err(format!("`{pair}` is not FIELD=COLUMN (for example date=pub_dt)"));
            };
            let field = field.trim().to_ascii_lowercase();
            let Some(column) = Column::ALL.into_iter().find(|c| c.name() == field) else {
                let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
                return Err(format!("`{field}` is not a field: give one of {}", known.join(", ")));
            };
            names.push((column, header.trim().to_string()));
        }
        Ok(Columns { names })
    }
}

impl Columns {
    /// Where each field is in a header row: the header given for it, else its first common name.
    fn positions(&self, header: &csv::StringRecord) -> [Option<usize>; 8] {
        let find = |wanted: &str| header.iter().position(|name| name.trim().eq_ignore_ascii_case(wanted));
        Column::ALL.map(|column| match self.names.iter().find(|(c, _)| *c == column) {
            Some((_, header)) => find(header),
            None => column.common_names().iter().find_map(|name| find(name)),
        })
    }

    /// The header name looked for for `column`, for messages.
    fn wanted(&self, column: Column) -> String {
        match self.names.iter().find(|(c, _)| *c == column) {
            Some((_, header)) => format!("`{header}`"),
            None => column.common_names().iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
        }
    }
}

/// Whether a file is read as a table, and with which delimiter (by its extension, `csv` or
/// `tsv`).
pub(crate) fn delimiter(extension: &str) -> Option<u8> {
    match extension {
        "csv" => Some(b','),
        "tsv" => Some(b'\t'),
        _ => None,
    }
}

/// Hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Xxh3,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..read]);
        Ok(read)
    }
}

/// Streams the rows of a table to `chunk`, `limits.records_per_chunk` at a time.
pub fn read_stream(
    input: impl Read,
    delimiter: u8,
    columns: &Columns,
    path: &Path,
    file_id: &str,
    limits: ReadLimits,
    chunk: &mut dyn FnMut(Vec<Article>, Vec<Skip>),
) -> FileSummary {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(Hashing { inner: input, hasher: Xxh3::new() });
    let skip = |line: Option<usize>, reason| Skip { path: path.to_path_buf(), line, reason };
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(error) => {
            chunk(Vec::new(), vec![skip(Some(1), table_error(&error))]);
            return FileSummary { hash: 0, skipped: 1, ..FileSummary::default() };
        }
    };
    let positions = columns.positions(&header);
    for column in [Column::Date, Column::Body] {
        if positions[column as usize].is_none() {
            let found: Vec<String> = header.iter().map(|name| format!("`{}`", name.trim())).collect();
            let reason = SkipReason::Table(format!(
                "no {} column: the header has {}; name it {} or give --csv-columns {}=COLUMN",
                column.name(),
                found.join(", "),
                columns.wanted(column),
                column.name()
            ));
            chunk(Vec::new(), vec![skip(Some(1), reason)]);
            return FileSummary { hash: reader.into_inner().hasher.digest(), skipped: 1, ..FileSummary::default() };
        }
    }
    let (mut articles, mut skipped) = (Vec::new(), Vec::new());
    let mut skip_count = 0;
    let mut row = csv::ByteRecord::new();
    loop {
        let line = reader.position().line() as usize;
        let outcome = match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) if row.as_slice().len() as u64 > limits.max_article_bytes => {
                Err(SkipReason::TooLarge { bytes: row.as_slice().len() as u64, limit: limits.max_article_bytes })
            }
            Ok(true) if row.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) => continue,
            Ok(true) => article(&row, &positions, path, file_id, line),
            Err(error) => {
                let stop = !matches!(error.kind(), csv::ErrorKind::UnequalLengths { .. });
                skip_count += 1;
                skipped.push(skip(Some(line), table_error(&error)));
                if stop {
                    break;
                }
                continue;
            }
        };
        match outcome {
            Ok(article) => articles.push(article),
            Err(reason) => {
                skip_count += 1;
                skipped.push(skip(Some(line), reason));
            }
        }
        if articles.len() + skipped.len() >= limits.records_per_chunk {
            chunk(std::mem::take(&mut articles), std::mem::take(&mut skipped));
        }
    }
    chunk(articles, skipped);
    FileSummary { hash: reader.into_inner().hasher.digest(), skipped: skip_count, ..FileSummary::default() }
}

fn table_error(error: &csv::Error) -> SkipReason {
    match error.kind() {
        csv::ErrorKind::Io(error) => SkipReason::Io(error.to_string()),
        _ => SkipReason::Table(error.to_string()),
    }
}

/// The article of one row, which starts on line `line`.
fn article(
    row: &csv::ByteRecord,
    positions: &[Option<usize>; 8],
    path: &Path,
    file_id: &str,
    line: usize,
) -> Result<Article, SkipReason> {
    let mut fields: [Option<&str>; 8] = [None; 8];
    for (column, position) in positions.iter().enumerate() {
        if let Some(bytes) = position.and_then(|p| row.get(p)) {
            fields[column] = Some(std::str::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)?.trim());
        }
    }
    let field = |column: Column| fields[column as usize].filter(|value| !value.is_empty());
    let date = field(Column::Date)
        .ok_or_else(|| SkipReason::Table("no date in the row's date column: fill it in or remove the row".into()))?;
    let day = date.get(..10).filter(|_| date.len() == 10 || date[10..].starts_with(['T', ' '])).unwrap_or(date);
    let date: Date = day.parse().map_err(SkipReason::BadDate)?;
    let body = field(Column::Body).ok_or(SkipReason::EmptyBody)?;
    let id = field(Column::Id).map_or_else(|| format!("{file_id}:{line}"), str::to_string);
    let mut article = Article::new(id, path, date, body);
    article.meta.line = Some(line);
    article.meta.title = field(Column::Title).map(str::to_string);
    article.meta.source = field(Column::Source).map(str::to_string);
    article.meta.url = field(Column::Url).map(str::to_string);
    article.meta.countries = field(Column::Country).map(split_names).unwrap_or_default();
    article.meta.speakers = field(Column::Speaker).map(split_names).unwrap_or_default();
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, delimiter: u8, columns: &str) -> (Vec<Article>, Vec<Skip>) {
        let (mut articles, mut skips) = (Vec::new(), Vec::new());
        let columns: Columns = columns.parse().unwrap();
        let limits = ReadLimits { max_article_bytes: 1000, records_per_chunk: 2 };
        read_stream(text.as_bytes(), delimiter, &columns, Path::new("t.csv"), "t.csv", limits, &mut |a, s| {
            articles.extend(a);
            skips.extend(s);
        });
        (articles, skips)
    }

    #[test]
    fn rows_become_articles_with_quoted_line_breaks_and_common_names() {
        let text = "ID,Publish_Date,Headline,Content,Countries,media_name,extra\n\
                    w1,2022-05-01,Rains return,\"The rains returned,\nat last.\",\"Kenya; Uganda\",Wire,x\n\
                    ,2022-05-02T08:00:00Z,,Second article,,,\n\
                    w3,,No date,Text,,,\n\
                    w4,2022-05-04,No text,,,,\n";
        let (articles, skips) = read(text, b',', "");
        assert_eq!(articles.len(), 2);
        assert_eq!(articles[0].meta.id, "w1");
        assert_eq!(articles[0].body, "The rains returned,\nat last.");
        assert_eq!(articles[0].meta.countries, ["Kenya", "Uganda"]);
        assert_eq!(articles[0].meta.source.as_deref(), Some("Wire"));
        assert_eq!(articles[0].meta.title.as_deref(), Some("Rains return"));
        // The second row starts on line 4, after the first row's two lines.
        assert_eq!(articles[1].meta.id, "t.csv:4");
        let skipped: Vec<_> = skips.iter().map(|s| (s.line, s.reason.clone())).collect();
        assert_eq!(skipped[1], (Some(6), SkipReason::EmptyBody));
        assert_eq!(skipped[0].0, Some(5));
        assert!(skipped[0].1.to_string().contains("no date in the row's date column"));
    }

    #[test]
    fn other_names_are_given_and_a_missing_column_is_named() {
        let text = "pub_dt\tarticle_text\n2021-01-02\tA tab-separated article.\n";
        let (articles, _) = read(text, b'\t', "date=pub_dt, body=article_text");
        assert_eq!(articles[0].body, "A tab-separated article.");
        let (articles, skips) = read(text, b'\t', "");
        assert!(articles.is_empty());
        let message = skips[0].reason.to_string();
        assert!(message.contains("no date column") && message.contains("`pub_dt`"), "{message}");
        assert!(message.contains("--csv-columns date=COLUMN"), "{message}");
        assert!("when=pub_dt".parse::<Columns>().unwrap_err().contains("not a field"));
    }
}
