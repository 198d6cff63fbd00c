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
    assert_eq!(hit.article_id, "2019/geneva-talks.txt");
    assert_eq!(hit.date.to_string(), "2019-03-22");
    assert_eq!(hit.speakers, ["Ingrid Solberg"]);
    assert!(hit.highlights.iter().all(|r| hit.text[r.clone()].eq_ignore_ascii_case("ceasefire")));
    let facets = results.facets.unwrap();
    assert_eq!(facets.years[0].value, "2019");
}

#[test]
fn passages_cite_their_place_in_the_article() {
    let (env, index) = indexed();
    let results = index.search(&SearchRequest::new("\"told reporters\"").scope(Scope::Passage)).unwrap();
    let hit = &results.hits[0];
    assert_eq!(hit.passage, 2);
    let file = std::fs::read_to_string(env.corpus.path().join(&hit.path)).unwrap();
    let article = dateline::corpus::dated::read(&file, hit.path.as_ref(), &hit.article_id).unwrap();
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
    assert!(error.to_string().contains("another `dateline index` is writing"));
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
        let mut ids: Vec<String> = index.search(&request).unwrap().hits.into_iter().map(|h| h.article_id).collect();
        ids.sort();
        ids.dedup();
        ids
    };
    for round in 0..4 {
        for n in 0..40 {
            match (n + round) % 7 {
                0 if round > 0 => {
                    let _ = std::fs::remove_file(env.corpus.path().join(format!("{n:03}.txt")));
                }
                1 | 2 => {
                    env.write(&format!("{n:03}.txt"), article(n, round));
                }
                _ if round == 0 => {
                    env.write(&format!("{n:03}.txt"), article(n, round));
                }
                _ => {}
            }
        }
        Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
        let index = Index::open(env.index_dir()).unwrap();
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
