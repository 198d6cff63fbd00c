//! The JSON Lines reader, streaming from bytes as the indexer streams a file: any bytes, read
//! three ways (see `jsonl_reads`), each checked against reading them at once and against
//! what each line's JSON says.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (capacity, limits) in dateline_fuzz::jsonl_reads(data) {
        dateline_fuzz::checks::jsonl(data, capacity, limits);
    }
});
