//! `dateline extract`: derived labels with their evidence.

use crate::util::TestEnv;

fn extract(env: &TestEnv, args: &[&str]) -> Vec<serde_json::Value> {
    let output = env.cmd().current_dir(env.corpus.path()).arg("extract").args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn names(labels: &serde_json::Value) -> Vec<&str> {
    labels.as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap()).collect()
}

#[test]
fn prints_labels_with_codes_rules_and_spans() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "date 2021-06-01 Armenian officials met US envoys, and Foreign Minister Ingrid Solberg said the talks went well.\n\n\
         \u{201c}We will meet again,\u{201d} she added.\n\nGuterres's spokesman said nothing.",
    );
    let records = extract(&env, &["a.txt", "--passages"]);
    let article = &records[0];
    assert_eq!(article["id"], "a.txt");
    assert_eq!(names(&article["countries"]), ["Armenia", "United States"]);
    assert_eq!(article["countries"][0]["code"], "AM");
    assert_eq!(article["countries"][0]["evidence"][0]["rule"], "gazetteer");
    assert_eq!(article["countries"][0]["evidence"][0]["span"]["text"], "Armenian");
    assert_eq!(names(&article["speakers"]), ["Ingrid Solberg"]);
    let evidence = &article["speakers"][0]["evidence"];
    assert_eq!(evidence[0]["rule"], "name_verb");
    assert_eq!(evidence[0]["span"]["text"], "Foreign Minister Ingrid Solberg said");
    assert_eq!(evidence[1]["rule"], "pronoun");
    let passages = article["passages"].as_array().unwrap();
    assert_eq!(passages.len(), 3);
    assert_eq!(names(&passages[1]["speakers"]), ["Ingrid Solberg"]);
    assert!(passages[2]["speakers"].as_array().unwrap().is_empty());
}

#[test]
fn metadata_labels_say_so_and_jsonl_records_keep_their_line() {
    let env = TestEnv::new();
    env.write("w.jsonl", "{\"id\":\"w1\",\"date\":\"2022-01-01\",\"body\":\"Talks in Peru.\",\"country\":\"Chile\"}\n");
    let records = extract(&env, &["w.jsonl"]);
    assert_eq!(records[0]["line"], 1);
    assert_eq!(records[0]["countries"][0]["name"], "Chile");
    assert_eq!(records[0]["countries"][0]["evidence"][0], serde_json::json!({"rule": "metadata"}));
    assert!(records[0].get("passages").is_none(), "passages only with --passages");
}

#[test]
fn unreadable_files_are_reported_and_the_rest_printed() {
    let env = TestEnv::new();
    env.write("good.txt", "date 2021-06-01 Kenyan farmers said rain came.");
    env.write("bad.txt", "no date here");
    let output = env.cmd().current_dir(env.corpus.path()).args(["extract", "bad.txt", "good.txt"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("skipped bad.txt:1: no date"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"Kenya\""));
}
