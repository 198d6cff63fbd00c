//! The engines' index definitions, generated from `index-schema/schema.toml`: every field with
//! an `engine` key, and every `[[engine_field]]`, in the order of the file.
//!
//! | `engine` | Quickwit | OpenSearch |
//! |---|---|---|
//! | keyword | `text` (`array<text>` when several values), raw tokenizer, fast | `keyword` |
//! | number | `u64`, fast | `long` |
//! | date | `datetime` read as `%Y-%m-%d`, fast, to the day | `date`, `strict_date` |
//! | words | `<name>_words`: `text`, whitespace tokenizer, with positions | `text` with a whitespace analyzer, with positions |
//! | text | as words, and `<name>`: stored, not indexed | as words, and `<name>`: not indexed |
//! | stored | `text`, stored, not indexed | `text`, not indexed |

use serde_json::{json, Value};

use super::Engine;
use crate::index::schema::{engine_fields, schema_version, EngineField, EngineKind};

/// The positions OpenSearch leaves between two values of a field.
const POSITION_GAP: u32 = 10 * crate::search::query::MAX_SLOP;

/// The name of the white-space analyzer in OpenSearch definitions.
const OPENSEARCH_ANALYZER: &str = "dateline_words";

/// The definition of an index called `index_id` for `engine`: for Quickwit its index
/// configuration (JSON for `POST /api/v1/indexes`), for OpenSearch the body of
/// `PUT /<index_id>` (settings and mappings).
pub fn definition(engine: Engine, index_id: &str) -> Value {
    match engine {
        Engine::Quickwit => quickwit(index_id),
        Engine::OpenSearch => opensearch(),
    }
}

/// The names of the fields an engine's documents have, in order.
pub fn field_names() -> Vec<String> {
    engine_fields().iter().flat_map(|field| names(field).into_iter().map(|(name, _)| name)).collect()
}

/// The engine fields a schema field becomes: for words its `_words` field, for text the
/// original beside it. Each with whether it is the searched words.
fn names(field: &EngineField) -> Vec<(String, bool)> {
    match field.kind {
        EngineKind::Words => vec![(format!("{}_words", field.name), true)],
        EngineKind::Text => vec![(field.name.to_string(), false), (format!("{}_words", field.name), true)],
        _ => vec![(field.name.to_string(), false)],
    }
}

fn quickwit(index_id: &str) -> Value {
    let mut mappings = Vec::new();
    for field in engine_fields() {
        for (name, searched) in names(&field) {
            let array = |kind: &str| if field.multiple { format!("array<{kind}>") } else { kind.to_string() };
            let mapping = match field.kind {
                EngineKind::Keyword => json!({
                    "name": name, "type": array("text"), "tokenizer": "raw", "record": "basic",
                    "stored": true, "fast": true, "description": field.doc,
                }),
                EngineKind::Number => json!({
                    "name": name, "type": array("i64"), "indexed": true, "stored": true, "fast": true,
                    "description": field.doc,
                }),
                EngineKind::Words | EngineKind::Text if searched => json!({
                    "name": name, "type": array("text"), "tokenizer": "whitespace",
                    // Positions always: in an engine, article-scope phrases are matched in the
                    // article's words (one value per passage) rather than in its passages.
                    "record": "position",
                    "fieldnorms": true, "stored": false, "description": field.doc,
                }),
                EngineKind::Words | EngineKind::Text | EngineKind::Stored => json!({
                    "name": name, "type": "text", "indexed": false, "stored": true, "description": field.doc,
                }),
            };
            mappings.push(mapping);
        }
    }
    json!({
        "version": "0.9",
        "index_id": index_id,
        "doc_mapping": {
            "mode": "strict",
            "field_mappings": mappings,
            "store_source": false,
        },
        // Pushed documents become searchable within 15 seconds (Quickwit's default is 60).
        "indexing_settings": { "commit_timeout_secs": 15 },
        "search_settings": { "default_search_fields": [] },
    })
}

fn opensearch() -> Value {
    let mut properties = serde_json::Map::new();
    for field in engine_fields() {
        for (name, searched) in names(&field) {
            let mapping = match field.kind {
                EngineKind::Keyword => json!({ "type": "keyword" }),
                EngineKind::Number => json!({ "type": "long" }),
                EngineKind::Words | EngineKind::Text if searched => json!({
                    "type": "text",
                    "analyzer": OPENSEARCH_ANALYZER,
                    "index_options": "positions",
                    // Far more than the largest ~N, so no phrase runs from one value into the next.
                    "position_increment_gap": POSITION_GAP,
                }),
                EngineKind::Words | EngineKind::Text | EngineKind::Stored => json!({ "type": "text", "index": false }),
            };
            properties.insert(name, mapping);
        }
    }
    json!({
        "settings": {
            "analysis": {
                "analyzer": { OPENSEARCH_ANALYZER: { "type": "custom", "tokenizer": "whitespace" } },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": { "dateline_schema_version": schema_version() },
            "properties": properties,
        },
    })
}
