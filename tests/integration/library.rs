//! The library API, used without the CLI.

use dateline::{Error, Index, Indexer, Scope, SearchRequest};

use crate::util::{TestEnv, ARTICLES};

fn indexed() -> (TestEnv, Index) {
    let env = TestEnv::new();
    for (path, text) in ARTICLES {
        env.write(path, text);
    }
    let report = Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    assert_eq!(report.articles, 6);
    assert!(report.skipped.is_empty());
    assert_eq!(report.info.articles, 6);
    let index = Index::open(env.index_dir()).unwrap();
    (env, index)
}

#[test]
fn search_returns_typed_hits_with_highlights_and_facets() {
    let (_env, index) = indexed();
    let results = index.search(&SearchRequest::new("ceasefire").country("Armenia").facets(true)).unwrap();
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.article.id, "2019/geneva-talks.txt");
    assert_eq!(hit.article.date.to_string(), "2019-03-22");
    assert_eq!(hit.article.speakers, ["Ingrid Solberg"]);
    assert!(hit.highlights.iter().all(|r| hit.text[r.clone()].eq_ignore_ascii_case("ceasefire")));
    let facets = results.facets.unwrap();
    assert_eq!(facets.years[0].value, "2019");
}

/// One open index serves a program's threads: a server shares it, and the filters it keeps
/// as bitsets are behind a lock. Searches from several threads at once find what one finds.
#[test]
fn an_open_index_is_shared_by_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Index>();
    shareable::<Indexer>();
    let (_env, index) = indexed();
    let request = SearchRequest::new("ceasefire OR drought").from("2020".parse().unwrap()).limit(3);
    let alone = index.search(&request).unwrap();
    assert!(alone.total > 0);
    std::thread::scope(|threads| {
        let searches: Vec<_> = (0..4).map(|_| threads.spawn(|| index.search(&request).unwrap())).collect();
        for search in searches {
            assert_eq!(search.join().unwrap(), alone);
        }
    });
}

#[test]
fn passages_cite_their_place_in_the_article() {
    let (env, index) = indexed();
    let results = index.search(&SearchRequest::new("\"told reporters\"").scope(Scope::Passage)).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.passage, 2);
    let file = std::fs::read_to_string(env.corpus.path().join(&hit.article.path)).unwrap();
    let article = dateline::corpus::dated::read(&file, hit.article.path.as_ref(), &hit.article.id).unwrap();
    assert_eq!(&article.body[hit.byte_range.clone()], hit.text);
}

#[test]
fn errors_are_typed() {
    let (env, index) = indexed();
    let error = index.search(&SearchRequest::new("a \"b")).unwrap_err();
    match error {
        Error::Query(query) => assert_eq!(query.column, 2),
        other => panic!("expected a query error, got {other:?}"),
    }
    let missing = Index::open(env.index_dir().join("missing")).unwrap_err();
    assert!(matches!(missing, Error::IndexMissing { .. }), "{missing:?}");
}

#[test]
fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
    let (env, _index) = indexed();
    let index = tantivy::Index::open_in_dir(env.index_dir()).unwrap();
    let _writer: tantivy::IndexWriter = index.writer(20_000_000).unwrap();
    let error = Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap_err();
    assert!(matches!(error, Error::IndexLocked { .. }), "{error:?}");
    assert!(error.to_string().contains("another indexer is writing"));
}

/// One round of changes to a corpus of `files` articles (`000.txt` ...), then an incremental
/// run: round 0 writes every file; later rounds remove one file in `period`, rewrite two in
/// `period` with `article(n, round)` and leave the others. Returns the index after the run.
fn churn(env: &TestEnv, round: usize, files: usize, period: usize, article: impl Fn(usize, usize) -> String) -> Index {
    for n in 0..files {
        let name = format!("{n:03}.txt");
        match (n + round) % period {
            0 if round > 0 => {
                let _ = std::fs::remove_file(env.corpus.path().join(&name));
            }
            1 | 2 => {
                env.write(&name, article(n, round));
            }
            _ if round == 0 => {
                env.write(&name, article(n, round));
            }
            _ => {}
        }
    }
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    Index::open(env.index_dir()).unwrap()
}

/// Article-scope phrases are matched in passages and mapped to their articles by position in
/// the segment (see `index-schema/schema.toml`); that must hold after incremental runs that
/// add, change and remove files, with several segments and deletions in them.
#[test]
fn article_scope_phrases_find_the_articles_of_matching_passages_after_updates() {
    let env = TestEnv::new();
    let words = ["grain", "talks", "ceasefire", "ports", "monitors", "harvest"];
    let article = |n: usize, round: usize| {
        let mut text = format!("date 2020-01-{:02} Lead paragraph number {n}.", n % 28 + 1);
        for p in 0..(n % 5 + 1) {
            let (a, b) = (words[(n + p + round) % words.len()], words[(n * 3 + p) % words.len()]);
            text.push_str(&format!("\n\nParagraph {p} mentions {a} {b} and the {b} of {a}."));
        }
        text
    };
    let ids_of = |index: &Index, query: &str, scope: Scope| {
        let request = SearchRequest::new(query).scope(scope).limit(1000);
        let mut ids: Vec<String> = index.search(&request).unwrap().hits.into_iter().map(|h| h.article.id).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    for round in 0..4 {
        let index = churn(&env, round, 40, 7, article);
        for a in words {
            for b in words {
                let phrase = format!("\"{a} {b}\"");
                let in_articles = ids_of(&index, &phrase, Scope::Article);
                assert_eq!(in_articles, ids_of(&index, &phrase, Scope::Passage), "{phrase} in round {round}");
                // An article matched by a phrase also matches both its words.
                let both = ids_of(&index, &format!("{a} {b}"), Scope::Article);
                assert!(in_articles.iter().all(|id| both.contains(id)), "{phrase} in round {round}");
            }
        }
    }
}

/// Only article documents carry countries; passage scope reaches them through the passage's
/// article (see `index-schema/schema.toml`). A country filter or `country:` term in passage
/// scope must keep exactly the passages whose article has the country, and facet counts must
/// count every matching passage by its article's countries, after incremental runs too.
#[test]
fn passage_scope_filters_and_counts_by_the_countries_of_each_passage_article() {
    let env = TestEnv::new();
    let countries = ["Kenya", "Peru", "Norway", "Japan"];
    let article = |n: usize, round: usize| {
        // Articles 5, 12, 19, ... name no country; the others one or two, in any paragraph.
        let mut text = format!("date 2021-02-{:02} Opening paragraph {n} on the harvest.", n % 28 + 1);
        for p in 0..(n % 4 + 1) {
            let named = match (n % 7, p) {
                (5, _) => String::new(),
                (_, 0) => format!(" Officials in {} spoke.", countries[(n + round) % 4]),
                (k, 1) if k % 2 == 0 => format!(" Traders from {} waited.", countries[(n + 1) % 4]),
                _ => String::new(),
            };
            text.push_str(&format!("\n\nParagraph {p} on the harvest and grain.{named}"));
        }
        text
    };
    let passages = |index: &Index, request: SearchRequest| {
        let mut hits: Vec<(String, u32, Vec<String>)> = index
            .search(&request.scope(Scope::Passage).limit(10_000))
            .unwrap()
            .hits
            .into_iter()
            .map(|h| (h.article.id, h.passage, h.article.countries))
            .collect();
        hits.sort();
        hits
    };
    for round in 0..3 {
        let index = churn(&env, round, 30, 6, article);
        // Every passage has one of these words; a filter alone walks the join by itself.
        let every = passages(&index, SearchRequest::new("opening OR paragraph"));
        for country in countries {
            let expected: Vec<_> = every.iter().filter(|(_, _, c)| c.iter().any(|c| c == country)).cloned().collect();
            assert_eq!(passages(&index, SearchRequest::new(format!("country:{country}"))), expected);
        }
        for query in ["harvest", "grain", "paragraph", "\"the harvest\"", "spoke OR waited"] {
            let all = passages(&index, SearchRequest::new(query));
            assert!(all.len() > 20, "{query}: {} passages", all.len());
            let facets = index
                .search(&SearchRequest::new(query).scope(Scope::Passage).facets(true))
                .unwrap()
                .facets
                .unwrap()
                .countries;
            for country in countries {
                let expected: Vec<_> = all.iter().filter(|(_, _, c)| c.iter().any(|c| c == country)).cloned().collect();
                assert!(!expected.is_empty(), "{query} / {country} in round {round}");
                let filtered = passages(&index, SearchRequest::new(query).country(country));
                assert_eq!(filtered, expected, "{query} --country {country} in round {round}");
                let term = passages(&index, SearchRequest::new(format!("({query}) country:{country}")));
                assert_eq!(term, expected, "{query} country:{country} in round {round}");
                let excluded = passages(&index, SearchRequest::new(format!("({query}) -country:{country}")));
                assert_eq!(excluded.len() + expected.len(), all.len(), "{query} -country:{country} in round {round}");
                let counted = facets.iter().find(|f| f.value == country).map_or(0, |f| f.count);
                assert_eq!(counted, expected.len() as u64, "{query}: count of {country} in round {round}");
            }
        }
    }
}

/// An index chooses its phrase words (whose word pairs make phrases of them fast) from the
/// first passages it is given and keeps them: a run without passages does not choose, a run
/// that brings other words does not change them, since every passage of an index must be
/// indexed with the same words; `--rebuild` chooses again. Phrases find the same either way.
#[test]
fn phrase_words_are_chosen_from_the_first_passages_and_kept_until_a_rebuild() {
    let env = TestEnv::new();
    let run = |rebuild: bool| {
        Indexer::new(env.index_dir()).rebuild(rebuild).run(env.corpus.path(), &mut ()).unwrap();
        Index::open(env.index_dir()).unwrap()
    };
    let phrase_total = |index: &Index, phrase: &str| {
        index.search(&SearchRequest::new(format!("\"{phrase}\"")).scope(Scope::Passage)).unwrap().total
    };
    env.write("notes.txt", "no date line, so no article\n");
    assert!(run(false).info().phrase_words.is_empty());

    for n in 0..4 {
        let text = format!("date 2020-01-0{} Grain exports rose in week {n}.\n\nThe grain exports went by sea.", n + 1);
        env.write(&format!("grain-{n}.txt"), &text);
    }
    let index = run(false);
    let chosen = index.info().phrase_words.clone();
    for word in ["grain", "exports", "the", "by", "sea"] {
        assert!(chosen.iter().any(|w| w == word), "{word} in {chosen:?}");
    }
    assert_eq!(phrase_total(&index, "grain exports"), 8);
    assert_eq!(phrase_total(&index, "the grain exports went"), 4);

    for n in 0..12 {
        let text = format!("date 2021-02-{:02} Harbour cranes stood idle.\n\nHarbour cranes and grain exports.", n + 1);
        env.write(&format!("port-{n:02}.txt"), &text);
    }
    let index = run(false);
    assert_eq!(index.info().phrase_words, chosen, "kept while the index has passages");
    assert_eq!(phrase_total(&index, "grain exports"), 20);
    assert_eq!(phrase_total(&index, "harbour cranes"), 24);

    let index = run(true);
    let rechosen = &index.info().phrase_words;
    assert!(rechosen.iter().any(|w| w == "harbour") && rechosen.iter().any(|w| w == "cranes"), "{rechosen:?}");
    assert_eq!(phrase_total(&index, "grain exports"), 20);
    assert_eq!(phrase_total(&index, "harbour cranes"), 24);
}
