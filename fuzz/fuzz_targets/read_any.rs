//! Reading a corpus file from disk as the indexer does (`read_file_chunked`): any bytes (not
//! UTF-8, NUL bytes, BOMs, over the size limit), written under several names (see
//! `any_file_reads`), each read checked against the reader of its format.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = dateline_fuzz::scratch_folder();
    for (name, limits) in dateline_fuzz::any_file_reads(data) {
        dateline_fuzz::checks::any_file(root, name, data, limits);
    }
});
