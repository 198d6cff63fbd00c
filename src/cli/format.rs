//! Output formats shared by every command that prints results: text for people, and for
//! scripts JSON, JSON Lines, CSV and TSV with stable, documented columns.
//!
//! Every command takes `--format FORMAT`; `--json` is kept as a short form of `--format jsonl`
//! where a command had it before. Tables (CSV and TSV) have one header row and are written
//! with the `csv` crate, so fields with separators, quotes or newlines are quoted correctly.

use std::io::Write;

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
        Some(csv::WriterBuilder::new().delimiter(delimiter).from_writer(out))
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
