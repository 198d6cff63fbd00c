//! The dated-text reader (`date YYYY-MM-DD`, then the body), and the passages and labels of
//! what it reads. Input: any bytes, as UTF-8 (lossily); `read_any` covers other bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    dateline_fuzz::checks::dated(&String::from_utf8_lossy(data));
});
