//! The index layout, built from the declarative description in `index-schema/schema.toml`.

use std::sync::OnceLock;

use serde::Deserialize;
use tantivy::schema::{
    BytesOptions, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::pairs::PAIRS_ANALYZER;
use crate::analysis::ANALYZER;

/// The description, embedded at build time.
const SCHEMA_TOML: &str = include_str!("../../index-schema/schema.toml");

/// The version of the index layout this build of dateline reads and writes.
pub fn schema_version() -> u32 {
    description().version
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(feature = "engine"), allow(dead_code))]
struct Description {
    version: u32,
    field: Vec<FieldDescription>,
    /// Fields only the engines have.
    #[serde(default)]
    engine_field: Vec<EngineFieldDescription>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(feature = "engine"), allow(dead_code))]
struct FieldDescription {
    name: String,
    #[serde(rename = "type")]
    kind: FieldKind,
    #[serde(default)]
    indexed: bool,
    #[serde(default)]
    stored: bool,
    #[serde(default)]
    fast: bool,
    /// Whether a text field records positions (for phrases); only text fields may say no.
    #[serde(default = "yes")]
    positions: bool,
    /// How a text field is analyzed.
    #[serde(default)]
    analyzer: Analyzer,
    /// Whether a document may hold several values (facets always may).
    #[serde(default)]
    multiple: bool,
    /// How the engines hold the field; local only when absent.
    #[serde(default)]
    engine: Option<EngineKind>,
    /// What the field holds, for readers of the file and of the engines' definitions.
    doc: String,
}

/// A field only the engines have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(feature = "engine"), allow(dead_code))]
struct EngineFieldDescription {
    name: String,
    engine: EngineKind,
    doc: String,
}

/// How an engine (Quickwit, OpenSearch) holds a field: see `index-schema/schema.toml`.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(not(feature = "engine"), allow(dead_code))]
pub(crate) enum EngineKind {
    /// Exact values, filtered and counted as they are.
    Keyword,
    /// A whole number (an i64), filtered by range and counted in histograms.
    Number,
    /// dateline's analyzed words, in `<name>_words`.
    Words,
    /// As `Words`, and the original text in `<name>`, stored and not searched.
    Text,
    /// Held to be read back, neither searched nor counted.
    Stored,
}

/// A field of the engines' documents, as `index-schema/schema.toml` describes it.
#[cfg(feature = "engine")]
#[derive(Debug, Clone, Copy)]
pub(crate) struct EngineField {
    pub name: &'static str,
    pub kind: EngineKind,
    /// Whether a document may hold several values.
    pub multiple: bool,
    pub doc: &'static str,
}

/// The fields the engines' documents have, in the order of the description: the local fields
/// an engine holds, then the engine's own.
#[cfg(feature = "engine")]
pub(crate) fn engine_fields() -> Vec<EngineField> {
    let description = description();
    let local = description.field.iter().filter_map(|field| {
        let kind = field.engine?;
        let multiple = field.multiple || matches!(field.kind, FieldKind::Facet);
        Some(EngineField { name: &field.name, kind, multiple, doc: &field.doc })
    });
    let own = description.engine_field.iter().map(|field| EngineField {
        name: &field.name,
        kind: field.engine,
        multiple: false,
        doc: &field.doc,
    });
    local.chain(own).collect()
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum FieldKind {
    String,
    Text,
    Date,
    U64,
    Facet,
    Bytes,
}

/// The analyzers a text field may name.
#[derive(Deserialize, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Analyzer {
    /// dateline's words (see `crate::analysis`).
    #[default]
    Words,
    /// Pairs of adjacent phrase words (see `crate::analysis::pairs`).
    Pairs,
}

fn yes() -> bool {
    true
}

/// The parsed description, parsed once per process.
fn description() -> &'static Description {
    static DESCRIPTION: OnceLock<Description> = OnceLock::new();
    DESCRIPTION
        .get_or_init(|| toml::from_str(SCHEMA_TOML).expect("index-schema/schema.toml is valid (checked by tests)"))
}

/// Builds the tantivy schema that `index-schema/schema.toml` describes.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    for field in &description().field {
        let name = field.name.as_str();
        match field.kind {
            FieldKind::String => {
                let mut options = TextOptions::default();
                if field.indexed {
                    options = options.set_indexing_options(
                        TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::Basic),
                    );
                }
                if field.stored {
                    options = options.set_stored();
                }
                if field.fast {
                    options = options.set_fast("raw");
                }
                builder.add_text_field(name, options);
            }
            FieldKind::Text => {
                let record = if field.positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                };
                let analyzer = match field.analyzer {
                    Analyzer::Words => ANALYZER,
                    Analyzer::Pairs => PAIRS_ANALYZER,
                };
                let indexing = TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record);
                let mut options = TextOptions::default().set_indexing_options(indexing);
                if field.stored {
                    options = options.set_stored();
                }
                builder.add_text_field(name, options);
            }
            FieldKind::Date => {
                // A day number (see `Date::day_number`): every four-digit year, where tantivy's
                // nanosecond dates end at 1678 and 2261.
                let mut options = NumericOptions::default();
                if field.indexed {
                    options = options.set_indexed();
                }
                if field.stored {
                    options = options.set_stored();
                }
                if field.fast {
                    options = options.set_fast();
                }
                builder.add_i64_field(name, options);
            }
            FieldKind::U64 => {
                let mut options = NumericOptions::default();
                if field.indexed {
                    options = options.set_indexed();
                }
                if field.stored {
                    options = options.set_stored();
                }
                if field.fast {
                    options = options.set_fast();
                }
                builder.add_u64_field(name, options);
            }
            FieldKind::Facet => {
                let options = if field.stored { FacetOptions::default().set_stored() } else { FacetOptions::default() };
                builder.add_facet_field(name, options);
            }
            FieldKind::Bytes => {
                let mut options = BytesOptions::default();
                if field.fast {
                    options = options.set_fast();
                }
                if field.stored {
                    options = options.set_stored();
                }
                builder.add_bytes_field(name, options);
            }
        }
    }
    builder.build()
}

/// Handles to the fields of the schema, looked up once by name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub kind: Field,
    pub article_id: Field,
    pub path: Field,
    pub file_path: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
    pub file_skipped: Field,
    pub file_format: Field,
    pub file_encoding: Field,
    pub passage: Field,
    pub start: Field,
    pub end: Field,
    pub date: Field,
    pub title: Field,
    pub country: Field,
    pub country_key: Field,
    pub speaker: Field,
    pub speaker_key: Field,
    pub passage_speaker: Field,
    pub passage_speaker_key: Field,
    pub text: Field,
    pub text_pairs: Field,
    pub article_text: Field,
    pub words: Field,
    pub copy_signature: Field,
    pub copy_article: Field,
    pub copy_story: Field,
    pub copy_rank: Field,
    pub copy_similarity: Field,
    pub record: Field,
}

/// The names of the fields that code looks up by name (fast columns, facet collectors), so that
/// a name is written once; a test checks each is a field of the schema.
pub(crate) mod field {
    /// The article id of an article or passage document.
    pub(crate) const ARTICLE_ID: &str = "article_id";
    /// The corpus file of an article or passage document.
    pub(crate) const PATH: &str = "path";
    /// The corpus file of a manifest (file) document.
    pub(crate) const FILE_PATH: &str = "file_path";
    /// The encoding a corpus file was decoded from (manifest documents).
    pub(crate) const FILE_ENCODING: &str = "file_encoding";
    /// The article's date.
    pub(crate) const DATE: &str = "date";
    /// A passage's number in its article (1, 2, ...; 0 for article documents).
    pub(crate) const PASSAGE: &str = "passage";
    /// The article's countries (facet).
    pub(crate) const COUNTRY: &str = "country";
    /// The article's speakers (facet).
    pub(crate) const SPEAKER: &str = "speaker";
    /// The speakers quoted in a passage (facet).
    pub(crate) const PASSAGE_SPEAKER: &str = "passage_speaker";
    /// The number of words of an article document's headline and body.
    pub(crate) const WORDS: &str = "words";
    /// The near-duplicate signature of an article document.
    pub(crate) const COPY_SIGNATURE: &str = "copy_signature";
    /// The article of a copy document.
    pub(crate) const COPY_ARTICLE: &str = "copy_article";
    /// The representative of a copy document's cluster.
    pub(crate) const COPY_STORY: &str = "copy_story";
    /// A copy document's place in its cluster.
    pub(crate) const COPY_RANK: &str = "copy_rank";
    /// A copy document's similarity to its representative.
    pub(crate) const COPY_SIMILARITY: &str = "copy_similarity";
}

/// The `kind` of article documents.
pub(crate) const KIND_ARTICLE: &str = "article";
/// The `kind` of passage documents.
pub(crate) const KIND_PASSAGE: &str = "passage";
/// The `kind` of file (manifest) documents.
pub(crate) const KIND_FILE: &str = "file";
/// The `kind` of copy documents: an article's place in its cluster of near-duplicates.
pub(crate) const KIND_COPY: &str = "copy";

impl Fields {
    /// Looks every field up in `schema`; `Err` names the first one missing.
    pub fn new(schema: &Schema) -> Result<Fields, String> {
        let get = |name: &str| schema.get_field(name).map_err(|_| format!("field `{name}` is missing"));
        Ok(Fields {
            kind: get("kind")?,
            article_id: get(field::ARTICLE_ID)?,
            path: get(field::PATH)?,
            file_path: get(field::FILE_PATH)?,
            file_size: get("file_size")?,
            file_mtime: get("file_mtime")?,
            file_hash: get("file_hash")?,
            file_skipped: get("file_skipped")?,
            file_format: get("file_format")?,
            file_encoding: get(field::FILE_ENCODING)?,
            passage: get(field::PASSAGE)?,
            start: get("start")?,
            end: get("end")?,
            date: get(field::DATE)?,
            title: get("title")?,
            country: get(field::COUNTRY)?,
            country_key: get("country_key")?,
            speaker: get(field::SPEAKER)?,
            speaker_key: get("speaker_key")?,
            passage_speaker: get(field::PASSAGE_SPEAKER)?,
            passage_speaker_key: get("passage_speaker_key")?,
            text: get("text")?,
            text_pairs: get("text_pairs")?,
            article_text: get("article_text")?,
            words: get(field::WORDS)?,
            copy_signature: get(field::COPY_SIGNATURE)?,
            copy_article: get(field::COPY_ARTICLE)?,
            copy_story: get(field::COPY_STORY)?,
            copy_rank: get(field::COPY_RANK)?,
            copy_similarity: get(field::COPY_SIMILARITY)?,
            record: get("record")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_builds_every_field_the_code_uses() {
        let schema = build_schema();
        Fields::new(&schema).unwrap();
        assert_eq!(schema.fields().count(), description().field.len());
        let named = [
            field::ARTICLE_ID,
            field::PATH,
            field::FILE_PATH,
            field::FILE_ENCODING,
            field::DATE,
            field::PASSAGE,
            field::COUNTRY,
            field::SPEAKER,
            field::PASSAGE_SPEAKER,
            field::WORDS,
            field::COPY_SIGNATURE,
            field::COPY_ARTICLE,
            field::COPY_STORY,
            field::COPY_RANK,
            field::COPY_SIMILARITY,
        ];
        for name in named {
            assert!(schema.get_field(name).is_ok(), "field::{name} names a field of the schema");
        }
    }

    #[test]
    fn only_text_fields_may_go_without_positions_or_name_an_analyzer() {
        for field in &description().field {
            assert!(field.positions || matches!(field.kind, FieldKind::Text), "{} says positions = false", field.name);
            let words = field.analyzer == Analyzer::Words;
            assert!(words || matches!(field.kind, FieldKind::Text), "{} names an analyzer", field.name);
        }
    }
}
