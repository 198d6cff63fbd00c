//! Searching an index: a [`SearchRequest`] in, ranked [`Hit`]s with highlights and facet counts out.
//!
//! The search path, file by file:
//! 1. `request` holds what a search asks for ([`SearchRequest`], [`Scope`]);
//! 2. [`query`] parses the query text into a tree of words, phrases, prefixes and operators;
//! 3. `compile` turns the tree and the request's filters into the tantivy query of the scope
//!    (with `pairs` for phrases of common words, `articles` for article-scope phrases, and
//!    `filter_cache` for filters searched with again);
//! 4. `statistics` gives BM25 the statistics of the scope's documents only, so articles are
//!    ranked among articles and passages among passages;
//! 5. `cost` estimates the postings a query reads, and runs heavy queries on several threads;
//! 6. `hits` collects the top documents and builds each hit: in article scope, the article's
//!    best passages (the ones that score highest for the query's words and phrases, and with a
//!    speaker filter, one where that speaker is quoted), with [`highlight`]s;
//! 7. `facets` counts countries, speakers, years and months over every match, into
//!    `results` ([`SearchResults`]).
//!
//! The other views of a result set reuse steps 1 to 5: [`kwic`] (concordances), [`show`] (one
//! article whole), [`similar`] (more like this), [`timeline`] (counts over time), and the word
//! statistics [`collocates`] and [`keywords`], which count words exactly with `vocabulary`
//! (the archive's word frequencies, from the postings) and leave out [`stopwords`] on request.

mod articles;
pub mod collocates;
pub(crate) mod compile;
mod copies;
mod cost;
pub(crate) mod facets;
pub(crate) mod filter_cache;
mod grouping;
pub mod highlight;
mod hits;
mod index;
pub mod keywords;
pub mod kwic;
mod pairs;
pub mod query;
mod request;
mod results;
pub mod show;
pub mod similar;
mod statistics;
pub mod stopwords;
pub(crate) mod stories;
#[cfg(test)]
mod tests;
pub mod timeline;
mod vocabulary;

pub use copies::{ClustersRequest, CopyCluster, CopyMember};
pub use index::Index;
pub use request::{Scope, SearchRequest};
pub use results::{FacetCount, FacetField, Facets, Hit, PassageText, SearchResults};

// What the views of a result set (kwic, show, similar, timeline) share with search.
use compile::{filter, term_query, Compiled};
use facets::{add_counts, sum_counts, DayCounts};
use hits::{text_value, u64_value};
use statistics::ScopeStatistics;
