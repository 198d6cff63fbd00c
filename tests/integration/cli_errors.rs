//! Errors: malformed queries, missing or foreign indexes, incompatible schemas.

use crate::util::TestEnv;
use predicates::str::contains;

#[test]
fn malformed_queries_show_where_they_are_wrong() {
    let env = TestEnv::indexed();
    let cases = [
        ("(ceasefire OR", "column 14"),
        ("ceasefire \"talks", "never closed"),
        ("speakr:Solberg", "unknown field `speakr`: use one of text, title, country, speaker, id"),
        ("ceasefire)", "unmatched `)`"),
        ("OR", "must stand between"),
        ("", "the query is empty"),
        ("—", "no searchable words"),
    ];
    for (query, message) in cases {
        env.search(&[query])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains("dateline: error: invalid query"))
            .stderr(contains(message));
    }
    env.search(&["(ceasefire OR"]).assert().stderr(contains("  (ceasefire OR\n               ^"));
}

#[test]
fn a_missing_index_says_how_to_build_one() {
    let env = TestEnv::new();
    let missing = env.index_dir().join("nothing-here");
    env.cmd()
        .args(["search", "ceasefire", "--index"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(contains("no index at").and(contains("build one with `dateline index CORPUS_DIR --index")));
}

#[test]
fn the_default_index_location_comes_from_the_environment() {
    let env = TestEnv::new();
    env.write("a.txt", "date 2020-01-01 The ceasefire held.");
    env.cmd().arg("index").arg(env.corpus.path()).env("DATELINE_INDEX", env.index_dir()).assert().success();
    env.cmd().args(["search", "ceasefire"]).env("DATELINE_INDEX", env.index_dir()).assert().code(0);
}

#[test]
fn a_folder_that_is_not_an_index_is_refused_not_overwritten() {
    let env = TestEnv::new();
    env.write("a.txt", "date 2020-01-01 The ceasefire held.");
    std::fs::write(env.index_dir().join("notes.txt"), "my notes").unwrap();
    env.cmd()
        .arg("index")
        .arg(env.corpus.path())
        .arg("--index")
        .arg(env.index_dir())
        .assert()
        .code(2)
        .stderr(contains("is not a dateline index"));
    assert_eq!(std::fs::read_to_string(env.index_dir().join("notes.txt")).unwrap(), "my notes");
    env.search(&["ceasefire"]).assert().code(2).stderr(contains("is not a dateline index"));
}

#[test]
fn an_index_of_another_schema_version_is_refused_with_a_rebuild_message() {
    let env = TestEnv::indexed();
    let meta_path = env.index_dir().join("meta.json");
    let mut meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let mut payload: serde_json::Value = serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["schema_version"] = 999.into();
    meta["payload"] = serde_json::Value::String(payload.to_string());
    std::fs::write(&meta_path, serde_json::to_string(&meta).unwrap()).unwrap();
    env.search(&["ceasefire"])
        .assert()
        .code(2)
        .stderr(contains("was built with schema version 999; this dateline reads version 8"))
        .stderr(contains("run `dateline index --rebuild`"));
}

#[test]
fn a_damaged_index_is_reported_not_guessed_at() {
    let env = TestEnv::indexed();
    std::fs::write(env.index_dir().join("meta.json"), "{ this is not json").unwrap();
    env.search(&["ceasefire"]).assert().code(2).stderr(contains("is damaged"));
}

#[test]
fn an_empty_date_range_is_an_error() {
    let env = TestEnv::indexed();
    env.search(&["ceasefire", "--from", "2022", "--to", "2021"])
        .assert()
        .code(2)
        .stderr(contains("the date range is empty"));
    env.search(&["ceasefire", "--from", "2022-13"]).assert().code(2).stderr(contains("not a day of the calendar"));
}

#[test]
fn help_lists_examples_and_exit_codes() {
    let env = TestEnv::new();
    env.cmd().arg("--help").assert().success().stdout(contains("Examples:").and(contains("Exit status")));
}

use predicates::prelude::PredicateBooleanExt;
