//! `dateline search`: ranking scopes, filters, facets, highlights and both output formats.

use crate::util::{highlighted, hits, ids, summary, TestEnv};

#[test]
fn text_output_shows_date_id_labels_and_marked_matches() {
    let env = TestEnv::indexed();
    let out = env.search_text(&["ceasefire", "--speaker", "Solberg"]);
    assert!(out.contains("1. 2019-03-22  2019/geneva-talks.txt  passage"), "{out}");
    assert!(out.contains("countries: Armenia, Azerbaijan"), "{out}");
    assert!(out.contains("speakers: Ingrid Solberg"), "{out}");
    assert!(out.contains("**ceasefire**"), "{out}");
    assert!(out.contains("1 article match (scope: article, showing 1-1)"), "{out}");
}

#[test]
fn json_records_carry_highlight_ranges_and_a_summary() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["ceasefire"]);
    let found = hits(&records);
    assert_eq!(found.len(), 3);
    for hit in &found {
        let words = highlighted(hit);
        assert!(!words.is_empty());
        assert!(words.iter().all(|w| w.eq_ignore_ascii_case("ceasefire")), "{words:?}");
        let range = &hit["byte_range"];
        assert!(range["end"].as_u64() > range["start"].as_u64());
    }
    let summary = summary(&records);
    assert_eq!(summary["total"], 3);
    assert_eq!(summary["scope"], "article");
    assert_eq!(summary["returned"], 3);
    // The same hits deserialize into the library's own type.
    let hit: dateline::Hit = serde_json::from_value(found[0].clone()).unwrap();
    assert_eq!(&hit.text[hit.highlights[0].clone()].to_lowercase(), "ceasefire");
}

#[test]
fn phrases_are_highlighted_whole_and_match_only_together() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["\"grain exports\""]);
    // Not port-strike.txt, which has "Exports of grain". (Ranked by the passage that holds the
    // phrase: geneva-talks's is the shorter.)
    assert_eq!(ids(&records), ["2019/geneva-talks.txt", "2022/grain-corridor.txt"]);
    for hit in hits(&records) {
        assert_eq!(highlighted(hit).iter().map(|s| s.to_lowercase()).collect::<Vec<_>>(), ["grain exports"]);
    }
    let text = env.search_text(&["\"grain exports\""]);
    assert!(text.contains("**grain exports**"), "{text}");
}

#[test]
fn excluded_terms_exclude_and_are_not_highlighted() {
    let env = TestEnv::indexed();
    for query in ["ceasefire -Armenia", "ceasefire AND NOT Armenia", "ceasefire NOT armenia"] {
        let records = env.search_json(&[query]);
        let found = ids(&records);
        assert_eq!(found.len(), 2, "{query}: {found:?}");
        assert!(!found.contains(&"2019/geneva-talks.txt".to_string()), "{query}");
        for hit in hits(&records) {
            assert!(highlighted(hit).iter().all(|w| w.eq_ignore_ascii_case("ceasefire")), "{query}");
        }
    }
    let only_negative = env.search_json(&["-ceasefire"]);
    assert_eq!(summary(&only_negative)["total"], 3, "articles without the word");
}

#[test]
fn or_and_groups() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["(drought OR strike) -Kenya"]);
    assert_eq!(summary(&records)["total"], 0, "both mention Kenya");
    let records = env.search_json(&["drought OR strike"]);
    assert_eq!(summary(&records)["total"], 2);
}

#[test]
fn article_scope_matches_words_across_passages_and_passage_scope_does_not() {
    let env = TestEnv::indexed();
    // "Rotterdam" is in the first paragraph, "Varga" in the third.
    let article = env.search_json(&["Rotterdam Varga"]);
    assert_eq!(ids(&article), ["2020/port-strike.txt"]);
    let passage = env.search_json(&["Rotterdam Varga", "--scope", "passage"]);
    assert_eq!(summary(&passage)["total"], 0);
    assert_eq!(summary(&passage)["scope"], "passage");
    // Passage scope may return several passages of one article.
    let grain = env.search_json(&["grain", "--scope", "passage"]);
    let port = ids(&grain).iter().filter(|id| *id == "2020/port-strike.txt").count();
    assert_eq!(port, 2);
}

#[test]
fn article_hits_show_the_best_passage() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["Rotterdam Varga"]);
    let hit = hits(&records)[0];
    // Both words are in different passages; the one shown has one of them highlighted.
    assert!(!highlighted(hit).is_empty());
    let records = env.search_json(&["strike"]);
    assert_eq!(hits(&records)[0]["passage"], 2, "the passage that mentions the strike");
}

#[test]
fn date_filters_take_years_months_and_days_inclusively() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["ceasefire", "--from", "2020", "--to", "2022-08"]);
    assert_eq!(ids(&records), ["2022/grain-corridor.txt"]);
    let records = env.search_json(&["ceasefire", "--to", "2019-03-22"]);
    assert_eq!(ids(&records), ["2019/geneva-talks.txt"]);
    let records = env.search_json(&["ceasefire", "--from", "2019-03-23", "--to", "2023"]);
    let mut found = ids(&records);
    found.sort();
    assert_eq!(found, ["2022/grain-corridor.txt", "wire-1"]);
}

#[test]
fn country_filter_takes_aliases_codes_and_any_case() {
    let env = TestEnv::indexed();
    for name in ["Netherlands", "the Netherlands", "holland", "NL", "Dutch"] {
        let records = env.search_json(&["grain", "--country", name]);
        assert_eq!(ids(&records), ["2020/port-strike.txt"], "{name}");
    }
    let records = env.search_json(&["ceasefire", "--country", "sudan", "--country", "AM"]);
    assert_eq!(ids(&records).len(), 2, "repeated filters are alternatives");
    let records = env.search_json(&["ceasefire country:Ukraine"]);
    assert_eq!(ids(&records), ["2022/grain-corridor.txt"], "derived from the demonym");
}

#[test]
fn speaker_filter_keeps_the_passages_that_quote_the_speaker() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["ceasefire", "--speaker", "solberg"]);
    assert_eq!(ids(&records), ["2019/geneva-talks.txt"]);
    // In passage scope, only the passages where Solberg is quoted.
    let records = env.search_json(&["ceasefire", "--speaker", "Ingrid Solberg", "--scope", "passage"]);
    for hit in hits(&records) {
        assert!(hit["passage_speakers"].as_array().unwrap().iter().any(|s| s == "Ingrid Solberg"));
    }
    assert_eq!(hits(&records).len(), 2);
    // The article's other passage does not quote her.
    let records = env.search_json(&["Grain", "--speaker", "Solberg", "--scope", "passage"]);
    assert_eq!(summary(&records)["total"], 0);
    // Article scope shows a passage that quotes the speaker.
    let records = env.search_json(&["Geneva", "--speaker", "Varga"]);
    assert_eq!(summary(&records)["total"], 0);
    let records = env.search_json(&["grain", "--speaker", "Varga"]);
    let hit = hits(&records)[0];
    assert_eq!(hit["passage_speakers"][0], "Tomas Varga");
}

#[test]
fn facets_count_the_whole_result_set() {
    let env = TestEnv::indexed();
    let records = env.search_json(&["ceasefire", "--facets", "--limit", "1"]);
    let facets = &summary(&records)["facets"];
    let count = |group: &str, value: &str| {
        facets[group].as_array().unwrap().iter().find(|f| f["value"] == value).map(|f| f["count"].as_u64().unwrap())
    };
    assert_eq!(count("years", "2019"), Some(1));
    assert_eq!(count("years", "2023"), Some(1));
    assert_eq!(count("countries", "Armenia"), Some(1));
    assert_eq!(count("countries", "Sudan"), Some(1));
    assert_eq!(count("speakers", "Olena Kovalenko"), Some(1));
    assert_eq!(count("months", "2022-08"), Some(1));
    assert_eq!(count("months", "2019-03"), Some(1));
    assert_eq!(facets["months"].as_array().unwrap().len(), 3);
    assert_eq!(hits(&records).len(), 1);
    let text = env.search_text(&["ceasefire", "--facets"]);
    assert!(text.contains("years: 2019 1, 2022 1, 2023 1"), "{text}");
}

#[test]
fn limit_and_offset_page_through_hits() {
    let env = TestEnv::indexed();
    let all = ids(&env.search_json(&["ceasefire"]));
    let page = env.search_json(&["ceasefire", "--limit", "2", "--offset", "1"]);
    assert_eq!(ids(&page), all[1..3]);
    assert_eq!(hits(&page)[0]["rank"], 2);
    assert_eq!(summary(&page)["total"], 3);
}

#[test]
fn accents_case_and_possessives_match_as_researchers_expect() {
    let env = TestEnv::new();
    env.write("a.txt", "date 2020-11-02 Observers in Côte d’Ivoire praised Guterres's envoy in Zürich.");
    env.write("b.txt", "date 2020-11-03 Переговоры о прекращении огня начались в Женеве.");
    env.index_ok();
    for query in ["cote d'ivoire", "COTE", "zurich", "guterres", "\"Côte d'Ivoire\""] {
        assert_eq!(ids(&env.search_json(&[query])), ["a.txt"], "{query}");
    }
    assert_eq!(ids(&env.search_json(&["Переговоры"])), ["b.txt"]);
    assert_eq!(ids(&env.search_json(&["женеве"])), ["b.txt"]);
}

#[test]
fn colour_on_request_and_never_when_piped_or_no_color() {
    let env = TestEnv::indexed();
    let coloured = env.search(&["ceasefire", "--color", "always"]).output().unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains("\u{1b}["));
    let piped = env.search(&["ceasefire"]).output().unwrap();
    let piped = String::from_utf8_lossy(&piped.stdout).to_string();
    assert!(!piped.contains('\u{1b}') && piped.contains("**ceasefire**"));
    let no_color = env.search(&["ceasefire"]).env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8_lossy(&no_color.stdout).contains('\u{1b}'));
    let json = env.search(&["ceasefire", "--json", "--color", "always"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&json.stdout).contains('\u{1b}'));
}

#[test]
fn untrusted_text_is_escaped_for_the_terminal() {
    let env = TestEnv::new();
    env.write("evil.txt", "date 2021-01-01 The ceasefire \u{1b}[2J held \u{202e}reversed.");
    env.index_ok();
    let out = env.search_text(&["ceasefire"]);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{202e}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J") && out.contains("\\u{202e}"), "{out}");
}

#[test]
fn exit_status_is_zero_for_matches_and_one_for_none() {
    let env = TestEnv::indexed();
    env.search(&["ceasefire"]).assert().code(0);
    env.search(&["zeppelin"]).assert().code(1).stdout(predicates::str::contains("0 articles match"));
    env.search(&["zeppelin", "--json"]).assert().code(1);
}

#[test]
fn tables_and_json_documents_carry_the_citation_and_the_index_fingerprint() {
    let env = TestEnv::indexed();
    let jsonl = env.search_json(&["ceasefire"]);
    let fingerprint = summary(&jsonl)["index"]["fingerprint"].as_str().unwrap().to_string();
    let first = hits(&jsonl)[0].clone();

    let csv = env.search_text(&["ceasefire", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "rank,score,article_id,date,passage,byte_start,byte_end,title,path,line,countries,speakers,\
         passage_speakers,text,highlights,index_fingerprint,other_matching_passages"
    );
    let tsv = env.search_text(&["ceasefire", "--format", "tsv"]);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{tsv}");
    assert_eq!(rows[1][2], first["article_id"].as_str().unwrap());
    assert_eq!(rows[1][3], first["date"].as_str().unwrap());
    assert_eq!(rows[1][4], first["passage"].to_string());
    assert_eq!(rows[1][5], first["byte_range"]["start"].to_string());
    assert_eq!(rows[1][6], first["byte_range"]["end"].to_string());
    assert!(rows[1..].iter().all(|row| row[15] == fingerprint), "{tsv}");

    let out = env.search(&["ceasefire", "--format", "json"]).assert().success().get_output().stdout.clone();
    let document: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(document["summary"]["total"], 3);
    assert_eq!(document["hits"][0]["article_id"], first["article_id"]);

    env.search(&["ceasefire", "--format", "csv", "--json"]).assert().code(2);
}
