//! Handing an index to a distributed search engine: [Quickwit](https://quickwit.io) or
//! OpenSearch (and Elasticsearch, which reads the same definitions).
//!
//! dateline does not distribute anything itself. When an archive outgrows one machine, its
//! index is handed over as documents that the engine indexes and searches, and dateline keeps
//! what makes it dateline (passages, derived countries and speakers, highlights) on top:
//!
//! - [`definition`]: the engine's index definition, generated from `index-schema/schema.toml`
//!   (its `engine` keys), so a field added there appears in every engine's definition;
//! - [`document`]: an article's documents for the engine: the article's and one per passage,
//!   with the metadata both carry;
//! - [`export`]: the definition, the documents as NDJSON bulk files of at most 8 MiB, and a
//!   manifest that names and hashes every file (`dateline export`);
//! - [`url`]: an engine's index named by one URL, `quickwit+http://127.0.0.1:7280/news`;
//! - [`plan`]: what an incremental push sends and removes, planned from the versions the
//!   engine holds;
//! - [`retry`]: which failed requests are tried again, and after how long.
//!
//! **Words mean the same on both sides by construction.** An engine's own analyzers differ
//! from dateline's (which lower-cases, folds accents, strips possessives and keeps long words),
//! so the engine is given dateline's analyzed words, separated by spaces, and told to split
//! at white space only. A query is analyzed by dateline before it is sent, so a word matches
//! in the engine exactly where it matches in the local index.

pub mod client;
pub mod definition;
pub mod document;
pub mod engine_index;
pub mod export;
pub mod plan;
pub mod push;
pub mod remote;
pub mod retry;
pub mod translate;
pub mod url;

pub use remote::RemoteIndex;
pub use url::{EngineUrl, EngineUrlError};

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The engines dateline can hand an index to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// Quickwit (tested against Quickwit 0.9).
    Quickwit,
    /// OpenSearch 2 (Elasticsearch 8 reads the same definitions and bulk files).
    OpenSearch,
}

impl Engine {
    /// The engine's name as dateline writes it: `quickwit` or `opensearch`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Quickwit => "quickwit",
            Engine::OpenSearch => "opensearch",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Engine {
    type Err = String;

    fn from_str(text: &str) -> Result<Engine, String> {
        match text.to_ascii_lowercase().as_str() {
            "quickwit" => Ok(Engine::Quickwit),
            "opensearch" | "elasticsearch" => Ok(Engine::OpenSearch),
            _ => Err(format!("`{text}` is not an engine: give quickwit or opensearch")),
        }
    }
}
