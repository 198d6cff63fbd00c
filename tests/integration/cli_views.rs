//! Views of a result set beyond the ranked hits: several passages per article (`search
//! --passages`, `--per-article`), whole articles (`show`), concordances (`kwic`) and facet
//! counts (`facets`), on a corpus written for them whose every answer is counted by hand.

use std::collections::BTreeSet;

use dateline::{ConcordanceRequest, ConcordanceSort, Error, Index, Scope, SearchRequest};

use crate::util::{hits, summary, TestEnv};

/// `tariff` 4 times in passages 1, 2 and 3 (3 is a sub-heading and its paragraph); passage 4
/// without it. "grain tariff" once, in passage 1. Lena Okafor is quoted in passages 1 and 2.
const TALKS: &str = "date 2021-03-04 Trade Minister Lena Okafor said the grain tariff would be cut in Kenya.\n\n\
\"A tariff is a tax on bread,\" Okafor said.\n\n\
Port news\n\n\
Local farmers said the tariff debate was far from over, and another tariff on fertiliser loomed.\n\n\
The weather was mild.\n";

/// `tariff` once in passage 1 and twice in passage 2; "Grain tariff" once, "tariff on grain"
/// (not the phrase) once. Kofi Mensah is quoted in passage 2.
const BREAD: &str = "date 2019-11-20 Bread prices rose again in Ghana. Economists blamed the tariff on wheat.\n\n\
Kofi Mensah, a baker in Accra, said the tariff on grain was late. \"Grain tariff rules change every month,\" Mensah said.\n";

/// `tariff` once, in passage 1, after non-ASCII text; "grain" and "tariff" apart.
const HARVEST: &str = "---\ndate: 2023-08-15\ntitle: Harvest report\ncountry: France\n---\n\
The grain harvest at Château-Thélème was large this year, and no tariff applied to exports.\n\n\
Officials in Paris said storage was full.\n";

/// No `tariff` at all.
const RAIN: &str = "date 2020-05-05 Heavy rain fell on the grain fields of Kenya.\n";

const A: &str = "2021/tariff-talks.txt";
const B: &str = "2019/bread-prices.txt";
const C: &str = "feeds/harvest.md";

fn env() -> TestEnv {
    let env = TestEnv::new();
    env.write(A, TALKS);
    env.write(B, BREAD);
    env.write(C, HARVEST);
    env.write("2020/rain.txt", RAIN);
    env.index_ok();
    env
}

/// The article bodies, as the byte ranges of the index count them.
fn body(id: &str) -> &'static str {
    match id {
        A => &TALKS["date 2021-03-04 ".len()..],
        B => &BREAD["date 2019-11-20 ".len()..],
        C => HARVEST.splitn(3, "---\n").nth(2).unwrap(),
        other => panic!("no article {other}"),
    }
}

/// Runs `dateline ARGS --index INDEX --color never`: exit code, stdout, stderr.
fn run(env: &TestEnv, args: &[&str]) -> (i32, String, String) {
    let output = env.cmd().args(args).arg("--index").arg(env.index_dir()).args(["--color", "never"]).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
}

/// Runs a command that must succeed and returns its stdout.
fn ok(env: &TestEnv, args: &[&str]) -> String {
    let (code, out, err) = run(env, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(|line| serde_json::from_str(line).expect("every line is JSON")).collect()
}

/// The hit of article `id` in JSON search records.
fn hit_of<'a>(records: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    hits(records).into_iter().find(|h| h["article_id"] == id).unwrap_or_else(|| panic!("no hit for {id}"))
}

fn numbers(hit: &serde_json::Value) -> Vec<u64> {
    let mut shown = vec![hit["passage"].as_u64().unwrap()];
    shown.extend(hit["more_passages"].as_array().unwrap().iter().map(|p| p["passage"].as_u64().unwrap()));
    shown
}

#[test]
fn search_shows_several_passages_per_article_and_counts_the_others() {
    let env = env();
    let one = json_lines(&ok(&env, &["search", "tariff", "--json"]));
    assert_eq!(summary(&one)["total"], 3);
    let other = |records: &[serde_json::Value], id| hit_of(records, id)["other_matching_passages"].as_u64().unwrap();
    assert_eq!((other(&one, A), other(&one, B), other(&one, C)), (2, 1, 0));
    assert!(hits(&one).iter().all(|h| h["more_passages"].as_array().unwrap().is_empty()));

    let two = json_lines(&ok(&env, &["search", "tariff", "--passages", "2", "--json"]));
    assert_eq!((other(&two, A), other(&two, B), other(&two, C)), (1, 0, 0));
    let a = numbers(hit_of(&two, A));
    assert_eq!(a.len(), 2);
    assert!(a.iter().all(|n| [1, 2, 3].contains(n)) && a[0] != a[1], "{a:?}");
    assert_eq!(BTreeSet::from_iter(numbers(hit_of(&two, B))), BTreeSet::from([1, 2]));
    assert_eq!(numbers(hit_of(&two, C)), [1]);
    // Every shown passage is highlighted and cites its place in the article.
    for hit in hits(&two) {
        let id = hit["article_id"].as_str().unwrap();
        let mut passages = vec![hit];
        passages.extend(hit["more_passages"].as_array().unwrap());
        for passage in passages {
            let range = &passage["byte_range"];
            let (start, end) = (range["start"].as_u64().unwrap() as usize, range["end"].as_u64().unwrap() as usize);
            assert_eq!(&body(id)[start..end], passage["text"]);
            assert!(!passage["highlights"].as_array().unwrap().is_empty());
        }
    }
    // The library's type reads the new fields back.
    let hit: dateline::Hit = serde_json::from_value(hit_of(&two, A).clone()).unwrap();
    assert_eq!(hit.shown_passages().count(), 2);

    let all = json_lines(&ok(&env, &["search", "tariff", "--passages", "5", "--json"]));
    assert_eq!(BTreeSet::from_iter(numbers(hit_of(&all, A))), BTreeSet::from([1, 2, 3]));
    assert_eq!(other(&all, A), 0);

    let text = ok(&env, &["search", "tariff", "--passages", "2", "--country", "Kenya"]);
    assert!(text.contains("(+1 other matching passage)"), "{text}");
    assert!(text.matches("**tariff**").count() >= 2, "{text}");
    assert!(text.lines().filter(|l| l.trim_start().starts_with("passage ")).count() == 1, "{text}");
}

#[test]
fn passage_scope_per_article_counts_articles_and_keeps_their_best_passages() {
    let env = env();
    let passages = json_lines(&ok(&env, &["search", "tariff", "--scope", "passage", "--json"]));
    assert_eq!(summary(&passages)["total"], 6);
    assert_eq!(summary(&passages)["per_article"], false);
    for hit in hits(&passages) {
        let expected = match hit["article_id"].as_str().unwrap() {
            A => 2,
            B => 1,
            _ => 0,
        };
        assert_eq!(hit["other_matching_passages"], expected, "{hit}");
    }

    let grouped = json_lines(&ok(&env, &["search", "tariff", "--scope", "passage", "--per-article", "--json"]));
    assert_eq!(summary(&grouped)["total"], 3, "articles, not passages");
    assert_eq!(summary(&grouped)["per_article"], true);
    let ids: BTreeSet<&str> = hits(&grouped).iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids, BTreeSet::from([A, B, C]));
    assert_eq!(hit_of(&grouped, A)["other_matching_passages"], 2);
    let ranks: Vec<u64> = hits(&grouped).iter().map(|h| h["rank"].as_u64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3]);

    let three = json_lines(&ok(
        &env,
        &["search", "tariff", "--scope", "passage", "--per-article", "--passages", "3", "--json"],
    ));
    assert_eq!(BTreeSet::from_iter(numbers(hit_of(&three, A))), BTreeSet::from([1, 2, 3]));
    assert_eq!(hit_of(&three, A)["other_matching_passages"], 0);

    // With a speaker, only the passages quoting her match: passages 1 and 2 of A.
    let quoted = json_lines(&ok(
        &env,
        &[
            "search", "tariff", "--scope", "passage", "--per-article", "--speaker", "Okafor", "--passages", "3",
            "--json",
        ],
    ));
    assert_eq!(summary(&quoted)["total"], 1);
    assert_eq!(BTreeSet::from_iter(numbers(hit_of(&quoted, A))), BTreeSet::from([1, 2]));

    let paged = json_lines(&ok(
        &env,
        &["search", "tariff", "--scope", "passage", "--per-article", "-n", "1", "--offset", "2", "--json"],
    ));
    assert_eq!(hits(&paged).len(), 1);
    assert_eq!(hits(&paged)[0]["rank"], 3);

    let text = ok(&env, &["search", "tariff", "--scope", "passage", "--per-article"]);
    assert!(text.contains("3 articles match (scope: passage, per article, showing 1-3)"), "{text}");

    let (code, _, err) = run(&env, &["search", "tariff", "--scope", "passage", "--passages", "2"]);
    assert_eq!(code, 2);
    assert!(err.contains("--per-article"), "{err}");
    let (code, _, err) = run(&env, &["search", "tariff", "--passages", "0"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn search_tables_have_a_row_per_shown_passage_with_the_article_rank() {
    let env = env();
    let tsv = ok(&env, &["search", "tariff", "--passages", "2", "--format", "tsv"]);
    let mut reader = csv::ReaderBuilder::new().delimiter(b'\t').has_headers(false).from_reader(tsv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let rows: Vec<Vec<&str>> = records.iter().map(|r| r.iter().collect()).collect();
    assert_eq!(rows[0].last(), Some(&"other_matching_passages"));
    assert_eq!(rows.len(), 1 + 2 + 2 + 1, "{tsv}");
    for row in &rows[1..] {
        let (rank, id, other) = (row[0], row[2], row[16]);
        let same: Vec<&Vec<&str>> = rows[1..].iter().filter(|r| r[2] == id).collect();
        assert!(same.iter().all(|r| r[0] == rank), "one rank per article: {tsv}");
        let expected = if id == A { "1" } else { "0" };
        assert_eq!(other, expected, "{tsv}");
        let (start, end) = (row[5].parse::<usize>().unwrap(), row[6].parse::<usize>().unwrap());
        assert_eq!(&body(id)[start..end], row[13]);
    }
    let ranks: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(ranks, sorted, "rows in rank order");
}

#[test]
fn show_prints_the_whole_article_numbered_with_highlights_and_headings() {
    let env = env();
    let text = ok(&env, &["show", A, "tariff"]);
    assert!(text.starts_with(&format!("{A}\n")), "{text}");
    assert!(text.contains("date:      2021-03-04"), "{text}");
    assert!(text.contains("countries: Kenya"), "{text}");
    assert!(text.contains("speakers:  Lena Okafor"), "{text}");
    assert!(text.contains("4 passages, 3 with matches for `tariff`"), "{text}");
    for number in 1..=4 {
        assert!(text.contains(&format!("\n[{number}]")), "{text}");
    }
    assert!(text.contains("[1]  quoted here: Lena Okafor"), "{text}");
    assert!(text.contains("    ## Port news\n    Local farmers said the **tariff** debate"), "{text}");
    assert!(text.contains("and another **tariff** on fertiliser"), "{text}");
    assert!(text.contains("    The weather was mild."), "{text}");
    assert_eq!(text.matches("**").count(), 2 * 4, "four matches: {text}");

    // Phrases are highlighted whole and only where their words stand together.
    let phrase = ok(&env, &["show", B, "\"grain tariff\""]);
    assert!(phrase.contains("**Grain tariff**"), "{phrase}");
    assert!(phrase.contains("the tariff on grain was late"), "{phrase}");

    let plain = ok(&env, &["show", C]);
    assert!(plain.contains("title:     Harvest report") && !plain.contains("**"), "{plain}");

    let json: serde_json::Value = serde_json::from_str(&ok(&env, &["show", A, "tariff", "--format", "json"])).unwrap();
    let article: dateline::IndexedArticle = serde_json::from_value(json["article"].clone()).unwrap();
    assert_eq!(article.passages.len(), 4);
    assert_eq!(article.matching_passages().count(), 3);
    for passage in &article.passages {
        assert_eq!(&body(A)[passage.byte_range.clone()], passage.text);
        assert!(passage.highlights.iter().all(|r| passage.text[r.clone()].eq_ignore_ascii_case("tariff")));
    }
    assert_eq!(article.passages[2].heading(), Some("Port news"));
    assert_eq!(article.passages[0].passage_speakers, ["Lena Okafor"]);
    assert!(json["index"]["fingerprint"].is_string());

    let lines = json_lines(&ok(&env, &["show", A, "--format", "jsonl"]));
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["type"], "article");
    assert_eq!(lines[0]["passages"], 4);
    assert!(lines[1..].iter().all(|l| l["type"] == "passage" && l["article_id"] == A));

    let csv = ok(&env, &["show", B, "--format", "csv"]);
    assert!(csv.starts_with(
        "article_id,date,passage,byte_start,byte_end,passage_speakers,text,highlights,index_fingerprint\n"
    ));
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn show_refuses_an_unknown_id_and_names_the_closest() {
    let env = env();
    let (code, out, err) = run(&env, &["show", "2021/tarif-talks.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no article with id `2021/tarif-talks.txt`"), "{err}");
    assert!(err.contains("did you mean `2021/tariff-talks.txt`?"), "{err}");
    // A file name without its folder is found by containment.
    let (code, _, err) = run(&env, &["show", "harvest.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("`feeds/harvest.md`"), "{err}");
    // Nothing alike: how to find ids instead.
    let (_, _, err) = run(&env, &["show", "zzzzzzzzzzzz"]);
    assert!(err.contains("dateline search"), "{err}");
    // A malformed highlighting query is an error too.
    let (code, _, err) = run(&env, &["show", A, "(tariff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("invalid query"), "{err}");
}

/// The (article, byte start) of every `needle` in the bodies of the articles, case-insensitive.
fn occurrences(needle: &str) -> BTreeSet<(String, usize)> {
    let mut found = BTreeSet::new();
    for id in [A, B, C] {
        let lower = body(id).to_lowercase();
        assert_eq!(lower.len(), body(id).len());
        found.extend(lower.match_indices(needle).map(|(at, _)| (id.to_string(), at)));
    }
    found
}

fn kwic(env: &TestEnv, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["kwic"];
    all.extend(args);
    all.extend(["--format", "jsonl"]);
    json_lines(&ok(env, &all))
}

fn line_ids(lines: &[serde_json::Value]) -> Vec<&str> {
    lines.iter().map(|l| l["article_id"].as_str().unwrap()).collect()
}

#[test]
fn kwic_lists_every_occurrence_with_its_citation() {
    let env = env();
    let lines = kwic(&env, &["tariff"]);
    assert_eq!(lines.len(), 8);
    let cited: BTreeSet<(String, usize)> = lines
        .iter()
        .map(|l| (l["article_id"].as_str().unwrap().to_string(), l["byte_start"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(cited, occurrences("tariff"));
    for line in &lines {
        let id = line["article_id"].as_str().unwrap();
        let (start, end) = (line["byte_start"].as_u64().unwrap() as usize, line["byte_end"].as_u64().unwrap() as usize);
        assert_eq!(body(id)[start..end].to_lowercase(), "tariff");
        assert_eq!(line["match"].as_str().unwrap().to_lowercase(), "tariff");
        // The context is the text on either side of the match, white space as single spaces.
        let before: String = body(id)[..start].split_whitespace().collect::<Vec<_>>().join(" ");
        let left = line["left"].as_str().unwrap();
        assert!(!left.contains('\n') && !line["right"].as_str().unwrap().contains('\n'));
        assert!(format!("{before} ").ends_with(left) || before.ends_with(left), "{left:?} / {before:?}");
        assert!(line["index_fingerprint"].is_string());
    }
    // Two in one passage are two lines; passage 3 of A opens with its sub-heading.
    let a3: Vec<&serde_json::Value> = lines.iter().filter(|l| l["article_id"] == A && l["passage"] == 3).collect();
    assert_eq!(a3.len(), 2);
    assert_eq!(a3[0]["left"], "Port news Local farmers said the ");

    let text = ok(&env, &["kwic", "tariff"]);
    assert!(text.ends_with("8 occurrences in 6 passages of 3 articles\n"), "{text}");
    let limited = ok(&env, &["kwic", "tariff", "-n", "3"]);
    assert!(limited.ends_with("8 occurrences in 6 passages of 3 articles, showing 3\n"), "{limited}");
    assert_eq!(limited.lines().count(), 4);

    // Passage scope and the speaker filter: only passages that quote Okafor (1 and 2 of A).
    let quoted = kwic(&env, &["tariff", "--scope", "passage", "--speaker", "Okafor"]);
    assert_eq!(line_ids(&quoted), [A, A]);
    let passages: Vec<u64> = quoted.iter().map(|l| l["passage"].as_u64().unwrap()).collect();
    assert_eq!(passages, [1, 2]);
    // Date and country filters.
    assert_eq!(line_ids(&kwic(&env, &["tariff", "--from", "2021", "--to", "2021"])), [A; 4]);
    assert_eq!(line_ids(&kwic(&env, &["tariff", "--country", "France"])), [C]);

    let (code, out, _) = run(&env, &["kwic", "tariff", "--from", "2024"]);
    assert_eq!((code, out.as_str()), (1, "0 occurrences in 0 passages of 0 articles\n"));
    let (code, _, err) = run(&env, &["kwic", "country:Kenya"]);
    assert_eq!(code, 2);
    assert!(err.contains("no word or phrase"), "{err}");
}

#[test]
fn kwic_phrases_are_exact() {
    let env = env();
    let lines = kwic(&env, &["\"grain tariff\""]);
    assert_eq!(line_ids(&lines), [B, A], "not the harvest article, where the words stand apart");
    let matches: Vec<String> = lines.iter().map(|l| l["match"].as_str().unwrap().to_lowercase()).collect();
    assert_eq!(matches, ["grain tariff", "grain tariff"]);
    let expected = occurrences("grain tariff");
    let cited: BTreeSet<(String, usize)> = lines
        .iter()
        .map(|l| (l["article_id"].as_str().unwrap().to_string(), l["byte_start"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(cited, expected);
    // "tariff on grain" and "grain harvest ... tariff" are not the phrase.
    assert!(lines.iter().all(|l| l["byte_end"].as_u64().unwrap() - l["byte_start"].as_u64().unwrap() == 12));
}

#[test]
fn kwic_sorts_by_left_words_right_to_left_by_right_words_and_by_date() {
    let env = env();
    // Left: a, another, grain·late, grain·the, no, the·blamed, the·said·accra, the·said·farmers.
    assert_eq!(line_ids(&kwic(&env, &["tariff", "--sort", "left"])), [A, A, B, A, C, B, B, A]);
    // Right: applied, debate, is, on·fertiliser, on·grain, on·wheat, rules, would.
    assert_eq!(line_ids(&kwic(&env, &["tariff", "--sort", "right"])), [C, A, A, A, B, B, B, A]);
    let by_date = kwic(&env, &["tariff", "--sort", "date"]);
    assert_eq!(line_ids(&by_date), [B, B, B, A, A, A, A, C]);
    let starts: Vec<u64> = by_date.iter().map(|l| l["byte_start"].as_u64().unwrap()).collect();
    assert!(starts[..3].is_sorted() && starts[3..7].is_sorted(), "{starts:?}");
    assert_eq!(line_ids(&kwic(&env, &["tariff"])), line_ids(&by_date), "date is the default");
    let left = kwic(&env, &["tariff", "--sort", "left"]);
    assert_eq!(left[0]["left"], "\"A ");
    assert_eq!(left[1]["left"].as_str().unwrap().trim_end().rsplit(' ').next(), Some("another"));
}

#[test]
fn kwic_width_counts_characters_and_tables_have_stable_columns() {
    let env = env();
    let lines = kwic(&env, &["tariff", "--width", "40", "--country", "France"]);
    let left = lines[0]["left"].as_str().unwrap();
    let before = &body(C)[..body(C).find("tariff").unwrap()];
    let last_40: String = before.chars().skip(before.chars().count() - 40).collect();
    assert_eq!(left, last_40);
    assert!(left.contains("Thélème") && left.len() > 40, "more bytes than characters: {left}");
    assert_eq!(lines[0]["right"], " applied to exports.", "the passage ends before the width");

    // Text output: the keyword column is aligned.
    let text = ok(&env, &["kwic", "tariff", "--width", "20"]);
    let columns: BTreeSet<usize> =
        text.lines().filter(|l| l.contains("**")).map(|l| l[..l.find("**").unwrap()].chars().count()).collect();
    assert_eq!(columns.len(), 1, "{text}");
    assert!(text.contains("¶3"), "{text}");

    let csv = ok(&env, &["kwic", "tariff", "--format", "csv", "--sort", "date"]);
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("article_id,date,passage,byte_start,byte_end,left,match,right,index_fingerprint"));
    assert!(rows.next().unwrap().starts_with(&format!("{B},2019-11-20,1,")), "{csv}");
    let tsv = ok(&env, &["kwic", "tariff", "--format", "tsv"]);
    let cells: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(cells.len(), 9);
    assert!(cells.iter().all(|row| row.len() == 9), "{tsv}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["kwic", "tariff", "--format", "json", "-n", "2"])).unwrap();
    assert_eq!((json["total"].as_u64(), json["returned"].as_u64()), (Some(8), Some(2)));
    assert_eq!(json["lines"][0]["byte_start"], cells[1][3].parse::<u64>().unwrap());
}

/// `(value, count)` pairs of `facets --format jsonl`.
fn facet_counts(env: &TestEnv, args: &[&str]) -> Vec<(String, u64)> {
    let mut all = vec!["facets"];
    all.extend(args);
    all.extend(["--format", "jsonl"]);
    json_lines(&ok(env, &all))
        .iter()
        .map(|row| (row["value"].as_str().unwrap().to_string(), row["count"].as_u64().unwrap()))
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, c)| (v.to_string(), *c)).collect()
}

#[test]
fn facets_count_articles_or_passages() {
    let env = env();
    let countries = facet_counts(&env, &["tariff", "--field", "country"]);
    assert_eq!(countries, pairs(&[("France", 1), ("Ghana", 1), ("Kenya", 1)]));
    let countries = facet_counts(&env, &["tariff", "--field", "country", "--scope", "passage"]);
    assert_eq!(countries, pairs(&[("Kenya", 3), ("Ghana", 2), ("France", 1)]));
    // Article level: the article's speakers; passage level: those quoted in each passage.
    let speakers = facet_counts(&env, &["tariff", "--field", "speaker"]);
    assert_eq!(speakers, pairs(&[("Kofi Mensah", 1), ("Lena Okafor", 1)]));
    let speakers = facet_counts(&env, &["tariff", "--field", "speaker", "--scope", "passage"]);
    assert_eq!(speakers, pairs(&[("Lena Okafor", 2), ("Kofi Mensah", 1)]));
    let years = facet_counts(&env, &["grain", "--field", "year"]);
    assert_eq!(years, pairs(&[("2019", 1), ("2020", 1), ("2021", 1), ("2023", 1)]));
    let months = facet_counts(&env, &["grain", "--field", "month", "--from", "2021"]);
    assert_eq!(months, pairs(&[("2021-03", 1), ("2023-08", 1)]));
    // --top keeps the most frequent, in the field's order.
    let top = facet_counts(&env, &["tariff", "--field", "country", "--scope", "passage", "--top", "2"]);
    assert_eq!(top, pairs(&[("Kenya", 3), ("Ghana", 2)]));

    let text = ok(&env, &["facets", "tariff", "--field", "country", "--scope", "passage", "--top", "2"]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("country: 3 values over 6 matching passages (scope: passage)"));
    let kenya = lines.next().unwrap();
    let ghana = lines.next().unwrap();
    assert!(kenya.starts_with("Kenya  3   50.0%  ") && ghana.starts_with("Ghana  2   33.3%  "), "{text}");
    assert_eq!(kenya.matches('\u{2588}').count(), 40);
    assert_eq!(ghana.matches('\u{2588}').count(), 27);
    assert_eq!(lines.next(), Some("(+1 value not shown: raise --top)"));

    let csv = ok(&env, &["facets", "tariff", "--field", "speaker", "--scope", "passage", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "field,value,count,scope,total,index_fingerprint");
    assert!(rows[1].starts_with("speaker,Lena Okafor,2,passage,6,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&env, &["facets", "tariff", "--field", "year", "--format", "json"])).unwrap();
    assert_eq!((json["total"].as_u64(), json["scope"].as_str()), (Some(3), Some("article")));
    assert_eq!(json["values"][0], serde_json::json!({"value": "2019", "count": 1}));

    let (code, out, _) = run(&env, &["facets", "nothinglikethis", "--field", "country"]);
    assert_eq!(code, 1);
    assert_eq!(out, "country: 0 values over 0 matching articles (scope: article)\n");
}

#[test]
fn every_new_command_has_examples_in_its_long_help() {
    let env = env();
    for command in ["search", "show", "kwic", "facets"] {
        let help = ok(&env, &[command, "--help"]);
        assert!(help.contains("Examples:") && help.contains(&format!("dateline {command} ")), "{command}: {help}");
    }
}

#[test]
fn the_library_shows_articles_and_builds_concordances() {
    let env = env();
    let index = Index::open(env.index_dir()).unwrap();
    let article = index.article(B, Some("\"grain tariff\" -wheat")).unwrap();
    assert_eq!(article.meta.date.to_string(), "2019-11-20");
    assert_eq!(article.meta.countries, ["Ghana"]);
    let highlighted: Vec<(u32, &str)> = article
        .passages
        .iter()
        .flat_map(|p| p.highlights.iter().map(move |r| (p.passage, &p.text[r.clone()])))
        .collect();
    assert_eq!(highlighted, [(2, "Grain tariff")]);
    match index.article("nope", None).unwrap_err() {
        Error::ArticleNotFound { id, suggestions } => {
            assert_eq!(id, "nope");
            assert!(suggestions.is_empty(), "{suggestions:?}");
        }
        other => panic!("expected ArticleNotFound, got {other:?}"),
    }

    let request = ConcordanceRequest::new(SearchRequest::new("tariff OR harvest").scope(Scope::Passage))
        .width(12)
        .sort(ConcordanceSort::Right)
        .limit(3);
    let concordance = index.concordance(&request).unwrap();
    assert_eq!((concordance.total, concordance.passages, concordance.articles), (9, 6, 3));
    assert_eq!(concordance.lines.len(), 3);
    assert_eq!(concordance.lines[0].matched, "tariff");
    assert_eq!(concordance.lines[0].right, " applied to ");
    assert_eq!(concordance.lines[1].matched, "harvest");
    assert!(concordance.lines.iter().all(|l| l.left.chars().count() <= 12));

    let results = index.search(&SearchRequest::new("tariff").passages(3).facets(true)).unwrap();
    let a = results.hits.iter().find(|h| h.article.id == A).unwrap();
    assert_eq!(a.shown_passages().map(|p| p.passage).collect::<BTreeSet<_>>(), BTreeSet::from([1, 2, 3]));
    let top = results.facets.unwrap().top(dateline::FacetField::Country, Some(1));
    assert_eq!(top.len(), 1);
}
