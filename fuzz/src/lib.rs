//! The checks the fuzz targets run (see `checks`), and how a target turns its input bytes into
//! the parameters of a read.

pub mod checks;

use std::path::PathBuf;
use std::sync::OnceLock;

use dateline::corpus::ReadLimits;

/// A number from the input's bytes (FNV-1a), to pick parameters that vary with the input
/// while the input stays plain text (so that any text file is a seed).
fn pick(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The ways a target reads one JSON Lines input: as the indexer does (default limits, a
/// file's 8 KiB blocks), in tiny blocks and small chunks, and with the article limit at the
/// length of one of the input's lines (give or take two bytes).
pub fn jsonl_reads(data: &[u8]) -> [(usize, ReadLimits); 3] {
    let hash = pick(data);
    let lines: Vec<usize> = data.split(|&b| b == b'\n').map(<[u8]>::len).collect();
    let line = lines[(hash % lines.len() as u64) as usize] as u64;
    let near = (line + (hash >> 8) % 5).saturating_sub(2);
    [
        (8192, ReadLimits::default()),
        (
            1 + (hash >> 16) as usize % 7,
            ReadLimits { records_per_chunk: 1 + (hash >> 24) as usize % 3, ..ReadLimits::default() },
        ),
        (1 + (hash >> 32) as usize % 64, ReadLimits { max_article_bytes: near, records_per_chunk: 2 }),
    ]
}

/// A folder of this process's own for the files `read_any` writes (under the system's
/// temporary folder; it is left there, holding the last input, when the fuzzer stops).
pub fn scratch_folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let folder = std::env::temp_dir().join(format!("dateline-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a scratch folder");
        folder
    })
}

/// The ways `read_any` reads one input as a corpus file: as dated text or front matter
/// (`.txt`, and an extension-less name in a subfolder), as JSON Lines (by either extension, in
/// any case), and as a one-article file just over or under the size limit.
pub fn any_file_reads(data: &[u8]) -> [(&'static str, ReadLimits); 4] {
    let hash = pick(data);
    let size = data.len() as u64;
    let tight = ReadLimits { max_article_bytes: (size + hash % 3).saturating_sub(1), records_per_chunk: 3 };
    let jsonl = if hash & 1 == 0 { "b.jsonl" } else { "B.NDJSON" };
    let text = if hash & 2 == 0 { "a.txt" } else { "sub/notes" };
    [(text, ReadLimits::default()), (jsonl, ReadLimits::default()), ("c.md", tight), ("d.ndjson", tight)]
}
