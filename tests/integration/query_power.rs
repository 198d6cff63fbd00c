//! The query language's power tools: prefixes, proximity, fuzzy words, `date:` filters in the
//! query, and `dateline similar`, each on articles written here so the answers are known.

use std::collections::BTreeSet;

use predicates::str::contains;

use crate::util::{highlighted, hits, ids, summary, TestEnv};

/// Fictional articles, each there to be found by one feature and missed by another.
const ARTICLES: &[(&str, &str)] = &[
    // Prefixes: negotiat* finds the first two, never the third.
    (
        "2019/vienna-negotiators.txt",
        "date 2019-05-02 Negotiators met in Vienna on Thursday. The negotiations stalled over water rights.",
    ),
    ("2020/spring-round.txt", "date 2020-03-10 Both delegations agreed to negotiate again in the spring."),
    ("2021/contract-negation.txt", "date 2021-06-01 The negation of the contract surprised the lawyers."),
    // Proximity: "ceasefire talks" with 2, 9 and (swapped) 2 words between, and across passages.
    ("2018/near.txt", "date 2018-01-15 The ceasefire held while talks continued in the capital."),
    ("2018/far.txt", "date 2018-02-15 The ceasefire was signed on a cold morning before the long talks in the valley."),
    ("2018/swapped.txt", "date 2018-03-15 Talks on a ceasefire began in the port city."),
    ("2018/apart.txt", "date 2018-04-15 The two sides agreed a ceasefire.\n\nTalks follow in the new year."),
    // Fuzzy: the real name, and a spelling two edits from `Guteres`.
    ("2022/guterres.txt", "date 2022-01-05 Secretary-General Antonio Guterres said the talks would resume in Geneva."),
    ("2022/guterras.txt", "date 2022-02-05 The harbour master, Paulo Guterras, said the ferry would sail at dawn."),
    // Similar: two articles on coral bleaching, two on a rail strike.
    (
        "topics/reef-bleaching.md",
        "---\ndate: 2023-04-02\ntitle: Coral reef bleaching spreads around Tavuki atoll\n---\n\
         Marine biologists said coral bleaching had spread across the reef around Tavuki atoll after \
         a marine heatwave pushed lagoon temperatures to a record.\n\n\
         Divers surveying the reef found bleached coral at every site, and the atoll's fishing families \
         fear the reef fish will leave the lagoon.",
    ),
    (
        "topics/reef-heatwave.md",
        "---\ndate: 2023-09-20\ntitle: Heatwave bleaches coral on a second reef\n---\n\
         A second marine heatwave has bleached coral on the outer reef, marine biologists reported, \
         months after the lagoon reef of Tavuki atoll turned white.\n\n\
         Divers said the bleached coral could recover if lagoon temperatures fall before the summer.",
    ),
    (
        "topics/rail-strike.txt",
        "date 2023-05-11 Rail workers walked out over pay, halting trains across the northern network. \
         The rail union said the strike would last until the railway company improved its offer.",
    ),
    (
        "topics/rail-strike-day-two.txt",
        "date 2024-05-12 The rail strike entered a second day with no trains on the northern network, \
         and the railway company said it would meet the union on pay.",
    ),
];

fn corpus() -> TestEnv {
    let env = TestEnv::new();
    for (path, text) in ARTICLES {
        env.write(path, text);
    }
    env.index_ok();
    env
}

fn set(ids: Vec<String>) -> BTreeSet<String> {
    ids.into_iter().collect()
}

fn strings(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// `dateline similar ID ARGS --index INDEX`.
fn similar(env: &TestEnv, id: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.args(["similar", id]).args(args).arg("--index").arg(env.index_dir());
    cmd
}

fn similar_json(env: &TestEnv, id: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let output = similar(env, id, args).args(["--format", "jsonl"]).output().unwrap();
    assert!(output.status.code() != Some(2), "similar failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

#[test]
fn a_prefix_finds_every_word_it_starts_and_highlights_whole_words() {
    let env = corpus();
    for scope in ["article", "passage"] {
        let records = env.search_json(&["negotiat*", "--scope", scope]);
        assert_eq!(
            set(ids(&records)),
            strings(&["2019/vienna-negotiators.txt", "2020/spring-round.txt"]),
            "scope {scope}"
        );
    }
    let records = env.search_json(&["Negotiat*", "--scope", "passage"]);
    let vienna = hits(&records).into_iter().find(|h| h["article_id"] == "2019/vienna-negotiators.txt").unwrap();
    assert_eq!(highlighted(vienna), ["Negotiators", "negotiations"]);
    // Inside a phrase, the prefix is one of its words.
    let records = env.search_json(&["\"the negotiat*\""]);
    assert_eq!(ids(&records), ["2019/vienna-negotiators.txt"]);
    assert_eq!(highlighted(hits(&records)[0]), ["The negotiations"]);
    // Analyzed like the text: upper case makes no difference; title: takes prefixes too.
    assert_eq!(
        set(ids(&env.search_json(&["title:BLEACH*"]))),
        strings(&["topics/reef-bleaching.md", "topics/reef-heatwave.md"])
    );
    let text = env.search_text(&["negotiat*", "--scope", "passage"]);
    assert!(text.contains("**Negotiators** met") && text.contains("**negotiate** again"), "{text}");
}

#[test]
fn a_prefix_that_is_too_short_or_too_common_is_refused_with_advice() {
    let env = TestEnv::new();
    let many: Vec<String> = (0..1100).map(|i| format!("zq{i:04}")).collect();
    env.write("many.txt", format!("date 2020-01-01 {}", many.join(" ")));
    env.index_ok();
    env.search(&["n*"]).assert().code(2).stderr(contains("too short")).stderr(contains("column 1"));
    env.search(&["talks zq*"])
        .assert()
        .code(2)
        .stderr(contains("`zq*` stands for more than 1024 different words"))
        .stderr(contains("give a longer prefix"))
        .stderr(contains("column 7"));
    // A longer prefix that stands for fewer words is fine.
    let records = env.search_json(&["zq00*"]);
    assert_eq!(summary(&records)["total"], 1);
    assert_eq!(highlighted(hits(&records)[0]).len(), 100);
}

#[test]
fn proximity_finds_words_within_n_and_not_beyond() {
    let env = corpus();
    let found = |query: &str| set(ids(&env.search_json(&[query])));
    // near.txt has 2 words between, in order; swapped.txt has them swapped with 2 between
    // (costing 4); far.txt has 9 between; apart.txt has them in two passages.
    assert!(found("\"ceasefire talks\"").is_empty());
    assert!(found("\"ceasefire talks\"~1").is_empty());
    assert_eq!(found("\"ceasefire talks\"~2"), strings(&["2018/near.txt"]));
    assert_eq!(found("\"ceasefire talks\"~3"), strings(&["2018/near.txt"]));
    assert_eq!(found("\"ceasefire talks\"~4"), strings(&["2018/near.txt", "2018/swapped.txt"]));
    assert_eq!(found("\"ceasefire talks\"~8"), strings(&["2018/near.txt", "2018/swapped.txt"]));
    assert_eq!(found("\"ceasefire talks\"~9"), strings(&["2018/near.txt", "2018/swapped.txt", "2018/far.txt"]));
    assert_eq!(found("\"ceasefire talks\"~100").len(), 3, "never across passages: not 2018/apart.txt");
    // The same in passage scope, and the words (not those between) are highlighted.
    let records = env.search_json(&["\"ceasefire talks\"~2", "--scope", "passage"]);
    assert_eq!(ids(&records), ["2018/near.txt"]);
    assert_eq!(highlighted(hits(&records)[0]), ["ceasefire", "talks"]);
    let records = env.search_json(&["\"ceasefire talks\"~4"]);
    let swapped = hits(&records).into_iter().find(|h| h["article_id"] == "2018/swapped.txt").unwrap();
    assert_eq!(highlighted(swapped), ["Talks", "ceasefire"]);
}

#[test]
fn proximity_needs_a_number_within_bounds() {
    let env = corpus();
    env.search(&["\"ceasefire talks\"~"])
        .assert()
        .code(2)
        .stderr(contains("needs a number"))
        .stderr(contains("column 18"));
    env.search(&["\"ceasefire talks\"~101"]).assert().code(2).stderr(contains("at most 100"));
    env.search(&["\"ceasefire talks\"*"]).assert().code(2).stderr(contains("put it on the word inside the quotes"));
}

#[test]
fn fuzzy_words_find_misspelt_names_only_when_asked() {
    let env = corpus();
    // Misspelt, and not asked for: nothing.
    env.search(&["Guteres"]).assert().code(1);
    let records = env.search_json(&["Guteres~"]);
    assert_eq!(ids(&records), ["2022/guterres.txt"]);
    assert_eq!(highlighted(hits(&records)[0]), ["Guterres"]);
    assert_eq!(set(ids(&env.search_json(&["Guteres~2"]))), strings(&["2022/guterres.txt", "2022/guterras.txt"]));
    assert_eq!(ids(&env.search_json(&["\"Antonio Guteres~\""])), ["2022/guterres.txt"]);
    // --fuzzy: 2 edits for a word of 6 or more characters, every word outside quotes.
    let records = env.search_json(&["Guteres", "--fuzzy"]);
    assert_eq!(set(ids(&records)), strings(&["2022/guterres.txt", "2022/guterras.txt"]));
    let guterras = hits(&records).into_iter().find(|h| h["article_id"] == "2022/guterras.txt").unwrap();
    assert_eq!(highlighted(guterras), ["Guterras"]);
    env.search(&["\"Guteres\"", "--fuzzy"]).assert().code(1);
}

#[test]
fn fuzzy_limits_are_errors_with_the_column() {
    let env = corpus();
    env.search(&["talks ab~"]).assert().code(2).stderr(contains("too short")).stderr(contains("column 7"));
    env.search(&["Guteres~3"]).assert().code(2).stderr(contains("at most 2 edits")).stderr(contains("column 9"));
    env.search(&["~"]).assert().code(2).stderr(contains("needs a word before it"));
    env.search(&["*"]).assert().code(2).stderr(contains("needs the start of a word"));
    env.search(&["country:Ken*"]).assert().code(2).stderr(contains("work on words of the text and the title"));
}

#[test]
fn date_filters_in_the_query_equal_the_flags() {
    let env = corpus();
    let found = |args: &[&str]| set(ids(&env.search_json(&[args, &["-n", "100"]].concat())));
    let cases: [(&str, &[&str]); 6] = [
        ("the date:2018", &["--from", "2018", "--to", "2018"]),
        ("the date:2018-02..2020", &["--from", "2018-02", "--to", "2020"]),
        ("the date:2020..", &["--from", "2020"]),
        ("the date:..2018-03-15", &["--to", "2018-03-15"]),
        ("the DATE:2023-04-02", &["--from", "2023-04-02", "--to", "2023-04-02"]),
        ("the date:\"2022\"", &["--from", "2022", "--to", "2022"]),
    ];
    for (query, flags) in cases {
        let in_query = found(&[query]);
        assert!(!in_query.is_empty(), "{query}");
        assert_eq!(in_query, found(&[&["the"][..], flags].concat()), "{query} vs {flags:?}");
        assert_eq!(
            set(ids(&env.search_json(&[query, "--scope", "passage", "-n", "100"]))),
            set(ids(&env.search_json(&[&["the", "--scope", "passage", "-n", "100"][..], flags].concat()))),
            "{query} in passage scope"
        );
    }
    assert_eq!(found(&["the date:..2018-03-15"]), strings(&["2018/near.txt", "2018/far.txt", "2018/swapped.txt"]));
    // With flags, by AND; excluded with `-`.
    assert_eq!(found(&["the date:2018..2020", "--from", "2019"]), found(&["the", "--from", "2019", "--to", "2020"]));
    let all = found(&["the"]);
    let not_2018: BTreeSet<String> = all.difference(&found(&["the date:2018"])).cloned().collect();
    assert_eq!(found(&["the -date:2018"]), not_2018);
    assert!(found(&["the date:2019 date:2020"]).is_empty());
}

#[test]
fn a_malformed_date_in_the_query_is_an_error_at_its_column() {
    let env = corpus();
    env.search(&["the date:2019-02-30"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("not a day of the calendar"))
        .stderr(contains("column 10"));
    env.search(&["the date:2019..20x"])
        .assert()
        .code(2)
        .stderr(contains("`20x` is not a date"))
        .stderr(contains("column 16"));
    env.search(&["date:2021..2019"]).assert().code(2).stderr(contains("the date range is empty"));
    env.search(&["date:"]).assert().code(2).stderr(contains("needs a value"));
}

#[test]
fn similar_ranks_the_article_on_the_same_topic_first_and_never_the_article_itself() {
    let env = corpus();
    for (article, twin) in [
        ("topics/reef-bleaching.md", "topics/reef-heatwave.md"),
        ("topics/reef-heatwave.md", "topics/reef-bleaching.md"),
        ("topics/rail-strike.txt", "topics/rail-strike-day-two.txt"),
        ("topics/rail-strike-day-two.txt", "topics/rail-strike.txt"),
    ] {
        let records = similar_json(&env, article, &["-n", "100"]);
        let found = ids(&records);
        assert_eq!(found.first().map(String::as_str), Some(twin), "{article}: {found:?}");
        assert!(!found.contains(&article.to_string()), "{article} is similar to itself");
        assert_eq!(summary(&records)["scope"], "article");
    }
    // The best passage is shown, with the key terms highlighted.
    let records = similar_json(&env, "topics/reef-bleaching.md", &["-n", "1"]);
    let words: Vec<String> = highlighted(hits(&records)[0]).iter().map(|w| w.to_lowercase()).collect();
    assert!(words.contains(&"coral".to_string()) && words.contains(&"reef".to_string()), "{words:?}");
    // The text output ends with the key terms.
    let output = similar(&env, "topics/rail-strike.txt", &["--color", "never"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("1. 2024-05-12  topics/rail-strike-day-two.txt"), "{text}");
    let terms = text.lines().last().unwrap();
    assert!(terms.starts_with("key terms: ") && terms.contains("rail") && terms.contains("strike"), "{terms}");
}

#[test]
fn similar_takes_the_search_filters_and_formats() {
    let env = corpus();
    // The twin is from 2023: a filter from 2024 leaves it out.
    let found = ids(&similar_json(&env, "topics/reef-bleaching.md", &["--from", "2024", "-n", "100"]));
    assert!(!found.contains(&"topics/reef-heatwave.md".to_string()), "{found:?}");
    let found = ids(&similar_json(&env, "topics/rail-strike.txt", &["--to", "2023", "-n", "100"]));
    assert!(!found.contains(&"topics/rail-strike-day-two.txt".to_string()), "{found:?}");
    // Paging.
    let all = ids(&similar_json(&env, "topics/reef-bleaching.md", &["-n", "100"]));
    let second = ids(&similar_json(&env, "topics/reef-bleaching.md", &["-n", "1", "--offset", "1"]));
    assert_eq!(second, all[1..2]);
    // CSV: the shared header, one row per hit.
    let output = similar(&env, "topics/rail-strike.txt", &["--format", "csv", "-n", "1"]).output().unwrap();
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.starts_with("rank,score,article_id,"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains("topics/rail-strike-day-two.txt"), "{csv}");
    // Nothing similar under the filters: exit 1.
    similar(&env, "topics/rail-strike.txt", &["--country", "Iceland"]).assert().code(1);
}

#[test]
fn similar_refuses_an_unknown_article_and_shows_examples_in_help() {
    let env = corpus();
    similar(&env, "topics/no-such-article.txt", &[])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("no article with id `topics/no-such-article.txt` in the index"));
    similar(&env, "topics/rail-strike.txt", &["--from", "2024", "--to", "2023"])
        .assert()
        .code(2)
        .stderr(contains("the date range is empty"));
    env.cmd()
        .args(["similar", "--help"])
        .assert()
        .success()
        .stdout(contains("Examples:"))
        .stdout(contains("dateline similar 2019/"));
    env.cmd()
        .args(["search", "--help"])
        .assert()
        .success()
        .stdout(contains("negotiat*"))
        .stdout(contains("\"ceasefire talks\"~5"));
}

#[test]
fn the_library_returns_the_key_terms_with_the_results() {
    let env = corpus();
    let index = dateline::Index::open(env.index_dir()).unwrap();
    let similar = index.similar(&dateline::SimilarRequest::new("topics/reef-heatwave.md").max_terms(5)).unwrap();
    assert_eq!(similar.terms.len(), 5);
    assert!(similar.terms.iter().any(|t| t == "coral" || t == "reef" || t == "bleached"), "{:?}", similar.terms);
    assert_eq!(similar.results.hits[0].article.id, "topics/reef-bleaching.md");
    match index.similar(&dateline::SimilarRequest::new("nope")) {
        Err(dateline::Error::ArticleNotFound { id, .. }) => assert_eq!(id, "nope"),
        other => panic!("expected an unknown article, got {other:?}"),
    }
}
