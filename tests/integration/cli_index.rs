//! `dateline index`: reading all three formats, skipping bad files with clear warnings.

use std::path::Path;

use crate::util::{ids, summary, TestEnv};

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn malformed_files_are_skipped_with_their_file_line_and_reason() {
    let env = TestEnv::new();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed"), env.corpus.path());
    let stderr = env.index_ok();
    let expected = [
        "skipped no-date.txt:1: no date",
        "skipped impossible-date.txt:1: `2020-02-30` is not a day of the calendar",
        "skipped empty-body.txt:1: empty body",
        "skipped binary.txt: binary file",
        "skipped bad-front-matter.md:3: front matter: `title Missing colon` is not a `key: value` line",
        "skipped mixed.jsonl:2: JSON Lines record",
        "skipped far-past.txt:1: `0999-12-31` is outside the years 1000-9999",
        "skipped far-future.txt:1: `10000-01-01` is not a date of the form YYYY-MM-DD",
        "skipped empty.txt: empty file",
    ];
    for warning in expected {
        assert!(stderr.contains(&format!("dateline: warning: {warning}")), "missing `{warning}` in:\n{stderr}");
    }
    // A file in a legacy encoding is decoded, not skipped.
    assert!(stderr.contains("indexed 5 articles"), "{stderr}");
    assert!(stderr.contains("skipped 9; decoded 1 file from windows-1252"), "{stderr}");
    // Every good article around the bad ones is searchable.
    let records = env.search_json(&["strike OR Antwerp OR ministers OR nested"]);
    assert_eq!(summary(&records)["total"], 4);
    let all = ids(&env.search_json(&["deal OR strike OR Antwerp OR Ukraine"]));
    assert!(all.contains(&"nested/deeper/deep.txt".to_string()), "{all:?}");
    assert!(all.contains(&"ok-2".to_string()), "{all:?}");
}

#[test]
fn hidden_files_are_not_read_and_duplicate_ids_are_reported() {
    let env = TestEnv::new();
    env.write(".hidden/secret.txt", "date 2020-01-01 hidden ceasefire");
    env.write("a.jsonl", "{\"id\":\"x\",\"date\":\"2020-01-01\",\"body\":\"first ceasefire\"}\n");
    env.write("b.jsonl", "{\"id\":\"x\",\"date\":\"2020-01-02\",\"body\":\"second ceasefire\"}\n");
    let stderr = env.index_ok();
    assert!(stderr.contains("b.jsonl:1: duplicate article id `x` (first used by a.jsonl:1)"), "{stderr}");
    assert_eq!(stderr.matches("duplicate article id").count(), 1, "each skip is reported once: {stderr}");
    assert_eq!(summary(&env.search_json(&["ceasefire"]))["total"], 1);
}

#[test]
fn reindexing_replaces_the_index_without_duplicates() {
    let env = TestEnv::new();
    env.write("a.txt", "date 2020-01-01 The ceasefire held.");
    env.index_ok();
    env.write("b.txt", "date 2020-01-02 A second ceasefire.");
    env.index_ok();
    assert_eq!(summary(&env.search_json(&["ceasefire"]))["total"], 2);
    std::fs::remove_file(env.corpus.path().join("a.txt")).unwrap();
    env.index_ok();
    assert_eq!(ids(&env.search_json(&["ceasefire"])), ["b.txt"]);
}

#[test]
fn front_matter_metadata_wins_over_derivation() {
    let env = TestEnv::new();
    env.write(
        "f.md",
        "---\ndate: 2021-04-12\ntitle: Talks\ncountry: UK\nspeaker:\n  - Rosa Medina\n---\nMedina said Kenya and Peru agreed.\n",
    );
    env.index_ok();
    let records = env.search_json(&["agreed"]);
    let hit = &records[0];
    assert_eq!(hit["countries"], serde_json::json!(["United Kingdom"]));
    assert_eq!(hit["speakers"], serde_json::json!(["Rosa Medina"]));
    assert_eq!(hit["passage_speakers"], serde_json::json!(["Rosa Medina"]));
    assert_eq!(hit["title"], "Talks");
}

#[test]
fn missing_corpus_is_an_error() {
    let env = TestEnv::new();
    env.cmd()
        .args(["index", "/no/such/corpus", "--index"])
        .arg(env.index_dir())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read corpus folder /no/such/corpus"))
        // The cause, quoted in the message, is not repeated after it.
        .stderr(predicates::function::function(|stderr: &str| stderr.matches("os error 2").count() == 1));
}
