//! The on-disk layout is pinned: any change to `index-schema/schema.toml` shows up as a diff of
//! `tests/golden/schema.json`. After an intended change, bump the schema version and run the
//! tests with `DATELINE_BLESS=1` to rewrite the golden file.

use std::path::Path;

#[test]
fn built_schema_matches_the_golden_file() {
    let schema = dateline::internals::build_schema();
    let built = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let golden_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/schema.json");
    if std::env::var_os("DATELINE_BLESS").is_some() {
        std::fs::write(&golden_path, &built).unwrap();
    }
    let golden = std::fs::read_to_string(&golden_path).expect("tests/golden/schema.json exists");
    assert!(
        built == golden,
        "the index schema changed. If this is intended, bump `version` in index-schema/schema.toml and \
         rerun with DATELINE_BLESS=1.\n--- built ---\n{built}"
    );
    assert_eq!(dateline::internals::schema_version(), 8);
}
