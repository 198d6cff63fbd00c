//! `dateline export`: the index as an engine's definition and bulk files, for Quickwit or
//! OpenSearch.

use std::path::PathBuf;

use dateline::engine::{export, Engine};
use dateline::Index;

use super::{IndexLocation, EXIT_OK};

/// Write the index as an engine's index definition, NDJSON bulk files of at most 8 MiB and a
/// manifest, for Quickwit or OpenSearch.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  dateline export --engine quickwit exports/quickwit
  dateline export --engine opensearch --name news exports/opensearch

The folder gets definition.json (Quickwit's index configuration, or OpenSearch's settings and
mappings), documents-00001.ndjson ... (for Quickwit the body of POST /api/v1/<index>/ingest,
for OpenSearch the body of POST /<index>/_bulk) and manifest.json (counts, the index's
fingerprint, and each file's size and SHA-256). An earlier export in the folder is replaced;
a folder with anything else in it is refused.")]
pub struct ExportArgs {
    /// The engine the files are for: quickwit or opensearch.
    #[arg(long, value_name = "ENGINE")]
    engine: Engine,

    /// The name of the engine's index, in the definition.
    #[arg(long, value_name = "NAME", default_value = "dateline")]
    name: String,

    /// The folder to write into (created if missing).
    #[arg(value_name = "OUT_DIR")]
    out: PathBuf,

    #[command(flatten)]
    location: IndexLocation,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<u8> {
    let index = Index::open(args.location.path())?;
    let manifest = export::export(&index, args.engine, &args.name, &args.out, |_| {})?;
    let bytes: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    eprintln!(
        "dateline: exported {} articles ({} passages, {} documents) for {} index `{}` into {}: \
         {} file{}, {:.1} MB",
        manifest.articles,
        manifest.passages,
        manifest.documents,
        manifest.engine,
        manifest.index_id,
        args.out.display(),
        manifest.files.len(),
        if manifest.files.len() == 1 { "" } else { "s" },
        bytes as f64 / 1e6,
    );
    Ok(EXIT_OK)
}
