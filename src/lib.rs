//! # dateline
//!
//! Full-text search for archives of dated news articles. dateline reads a folder of articles
//! (dated text, front matter, JSON Lines), splits each into passages, labels them with date,
//! countries and speakers, and indexes them with [tantivy]. A search returns ranked passages
//! with the matches highlighted, filtered and counted by date, country and speaker.
//!
//! The path from a file on disk to a highlighted passage:
//! 1. [`corpus`] walks the folder and reads each file into [`Article`]s, skipping bad files
//!    with a [`Skip`] that names the file, the line and the reason;
//! 2. [`passage`] splits each article into passages (paragraphs, long ones cut at sentences);
//! 3. [`extract`] derives countries and speakers where the file does not declare them;
//! 4. [`Indexer`] writes articles and passages into an index laid out by `index-schema/`, in
//!    one atomic commit;
//! 5. [`Index::search`] parses the query ([`query`]), ranks articles or passages with BM25,
//!    and returns [`Hit`]s whose `highlights` are byte ranges in the passage text (with
//!    several passages per article on request) and facet counts ([`Facets`]);
//! 6. the same request gives other views of its result set: every occurrence in context
//!    ([`Index::concordance`]), and one article whole with its matches ([`Index::article`]).
//!
//! ```
//! use dateline::{Index, Indexer, SearchRequest};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let corpus = tempfile::tempdir()?;
//! std::fs::write(
//!     corpus.path().join("talks.txt"),
//!     "date 2021-03-04 Foreign Minister Ingrid Solberg said the ceasefire would hold.\n\n\
//!      Talks resume in Oslo next week.",
//! )?;
//! let index_dir = tempfile::tempdir()?;
//! let report = Indexer::new(index_dir.path()).run(corpus.path(), &mut ())?;
//! assert_eq!(report.articles, 1);
//!
//! let index = Index::open(index_dir.path())?;
//! let results = index.search(&SearchRequest::new("ceasefire").speaker("Solberg"))?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.article.speakers, ["Ingrid Solberg"]);
//! assert_eq!(&hit.text[hit.highlights[0].clone()], "ceasefire");
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

// The public modules: reading a corpus, deriving labels and passages, the query language,
// handing an index to a distributed engine.
pub mod association;
pub mod corpus;
pub mod duplicates;
#[cfg(feature = "engine")]
pub mod engine;
pub mod extract;
pub mod passage;

// Everything else is reached through the names re-exported below.
mod analysis;
mod article;
mod date;
mod error;
mod index;
mod search;

pub use article::{Article, ArticleMeta};
pub use association::{CollocationMeasure, KeynessMeasure};
pub use corpus::{Format, Skip, SkipReason};
pub use date::{Date, DateError, Period, MAX_YEAR, MIN_YEAR};
pub use error::{Error, Result};
pub use index::manifest::{Changes, FileCounts};
pub use index::writer::{IndexObserver, IndexReport, Indexer};
pub use index::IndexInfo;
pub use search::collocates::{Collocate, CollocateTable, Collocates, CollocatesRequest};
pub use search::highlight::{snippet, Snippet};
pub use search::keywords::{Keyword, Keywords, KeywordsRequest};
pub use search::kwic::{Concordance, ConcordanceLine, ConcordanceRequest, ConcordanceSort};
pub use search::query::{self, Query, QueryError};
pub use search::show::IndexedArticle;
pub use search::similar::{Similar, SimilarRequest};
pub use search::stopwords::Stopwords;
pub use search::timeline::{per_1000, Bucket, Interval, Point, Series, SplitBy, Timeline, TimelineRequest};
pub use search::{
    ClustersRequest, CopyCluster, CopyMember, FacetCount, FacetField, Facets, Hit, Index, PassageText, Scope,
    SearchRequest, SearchResults,
};

/// Internals that the project's own property tests, fuzzers and benchmarks check directly. Not
/// part of the API: they change without notice.
#[doc(hidden)]
pub mod internals {
    /// The analyzer: the words of a text as search finds them.
    pub mod analysis {
        pub use crate::analysis::{analyzer, terms, tokens, MAX_TERM_BYTES};
    }
    pub use crate::index::schema::{build_schema, schema_version};
    pub use crate::search::highlight::Highlighter;
}
