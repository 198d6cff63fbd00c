//! Output formats shared by every command that prints results: text for people, and for
//! scripts JSON, JSON Lines, CSV and TSV with stable, documented columns.
//!
//! Every command takes `--format FORMAT`; `--json` is kept as a short form of `--format jsonl`
//! where a command had it before. A command describes its results once, as an [`Output`], and
//! [`emit`] writes them in the chosen format. Tables (CSV and TSV) have one header row and are
//! written with the `csv` crate, so fields with separators, quotes or newlines are quoted
//! correctly.

use std::io::{self, Write};

use serde::Serialize;

use super::print::Styler;

/// How a command writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: aligned, coloured on a terminal.
    Text,
    /// One JSON document.
    Json,
    /// JSON Lines: one object per line.
    Jsonl,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
}

/// The `--format` flag, with `--json` as the older short form of `--format jsonl`.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArg {
    /// Output format: text, json, jsonl, csv or tsv.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
    format: Option<Format>,

    /// Short for --format jsonl.
    #[arg(long)]
    json: bool,
}

impl FormatArg {
    /// The chosen format; text unless asked otherwise.
    pub fn format(&self) -> Format {
        match (self.format, self.json) {
            (Some(format), _) => format,
            (None, true) => Format::Jsonl,
            (None, false) => Format::Text,
        }
    }
}

impl FormatArg {
    /// The format chosen on a command line already parsed, for any command: text when the
    /// command has no --format flag (used before the command runs, to decide on paging).
    pub fn of(matches: &clap::ArgMatches) -> Format {
        let format = matches.try_get_one::<Format>("format").ok().flatten().copied();
        let json = matches.try_get_one::<bool>("json").ok().flatten().copied().unwrap_or(false);
        FormatArg { format, json }.format()
    }
}

impl Format {
    /// A table writer for CSV or TSV; `None` for the other formats.
    pub fn table<W: Write>(self, out: W) -> Option<csv::Writer<W>> {
        let delimiter = match self {
            Format::Csv => b',',
            Format::Tsv => b'\t',
            _ => return None,
        };
        Some(csv::WriterBuilder::new().delimiter(delimiter).has_headers(false).from_writer(out))
    }
}

/// What a command prints, described once for every format.
pub trait Output {
    /// The header row of the CSV and TSV tables.
    const COLUMNS: &'static [&'static str];

    /// Text for people, coloured when `style` says so.
    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()>;

    /// JSON Lines: the records, in order.
    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()>;

    /// The one JSON document of `--format json`.
    fn json(&self) -> impl Serialize + '_;

    /// The rows of the tables, one per call of [`Table::row`] or [`Table::serialize`], in the
    /// order of [`Output::COLUMNS`].
    fn rows(&self, table: &mut Table<'_>) -> io::Result<()>;
}

/// Writes `output` to stdout in `format`, coloured text when `colored`.
pub fn emit(output: &impl Output, format: Format, colored: bool) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write(&mut out, output, format, colored)?;
    out.flush()
}

/// Writes `output` in `format` to `out`.
fn write<O: Output>(out: &mut dyn Write, output: &O, format: Format, colored: bool) -> io::Result<()> {
    match format {
        Format::Text => output.text(out, Styler { colored }),
        Format::Jsonl => output.json_lines(&mut JsonLines(out)),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &output.json())?;
            writeln!(out)
        }
        Format::Csv | Format::Tsv => {
            let mut table = Table(format.table(out).expect("csv and tsv are tables"));
            table.row(O::COLUMNS)?;
            output.rows(&mut table)?;
            table.0.flush()
        }
    }
}

/// Where an [`Output`] writes its JSON Lines records.
pub struct JsonLines<'a>(&'a mut dyn Write);

impl JsonLines<'_> {
    /// Writes one record, on a line of its own.
    pub fn record(&mut self, record: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut *self.0, record)?;
        writeln!(self.0)
    }
}

/// Where an [`Output`] writes its table rows.
pub struct Table<'a>(csv::Writer<&'a mut dyn Write>);

impl Table<'_> {
    /// Writes one row of fields.
    pub fn row<T: AsRef<[u8]>>(&mut self, fields: impl IntoIterator<Item = T>) -> io::Result<()> {
        Ok(self.0.write_record(fields)?)
    }

    /// Writes one row from a record whose fields are the columns, in order.
    pub fn serialize(&mut self, record: &impl Serialize) -> io::Result<()> {
        Ok(self.0.serialize(record)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_quote_separators_and_newlines() {
        let mut out = Vec::new();
        {
            let mut table = Format::Csv.table(&mut out).unwrap();
            table.write_record(["id", "text"]).unwrap();
            table.write_record(["a,b", "line one\nline \"two\""]).unwrap();
            table.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "id,text\n\"a,b\",\"line one\nline \"\"two\"\"\"\n");
        let mut out = Vec::new();
        {
            let mut table = Format::Tsv.table(&mut out).unwrap();
            table.write_record(["a", "b c"]).unwrap();
            table.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "a\tb c\n");
        assert!(Format::Json.table(Vec::new()).is_none());
    }
}
