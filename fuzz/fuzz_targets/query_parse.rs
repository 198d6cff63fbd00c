//! The query parser, and what a parsed query goes through before it meets an index: its
//! atoms, its `--fuzzy` form, and highlighting. Input: any bytes, as UTF-8 (lossily).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dateline_fuzz::checks::query(&String::from_utf8_lossy(data));
});
