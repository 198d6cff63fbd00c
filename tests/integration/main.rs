//! dateline's integration tests: one binary, a small harness ([`util`]), and a module per area.

mod accidents;
mod archives;
mod cli_errors;
mod cli_extract;
mod cli_index;
mod cli_manners;
mod cli_search;
mod cli_timeline;
mod cli_views;
mod damage;
mod docs;
mod duplicates;
mod engine;
mod engine_live;
mod extraction;
mod fuzz;
mod library;
mod nightly;
mod properties;
mod query_power;
mod schema;
mod stories;
mod util;
mod word_statistics;
