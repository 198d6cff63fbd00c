//! Tests of the search path as a whole.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, PhraseQuery, Query as TantivyQuery};
use tantivy::{DocAddress, Term};

use super::Index;
use crate::analysis;
use crate::date::Period;
use crate::index::schema::{KIND_ARTICLE, KIND_PASSAGE};
use crate::{ConcordanceRequest, Indexer, TimelineRequest};

use super::compile::{kind_filter, Compiler};
use super::cost::{postings_read, Parallel};
use super::pairs::PairPhraseQuery;
use super::query::Atom;
use super::request::{Scope, SearchRequest};
use super::statistics::ScopeStatistics;

/// An index built by three runs over a growing corpus, so it has several segments.
fn several_segments() -> (tempfile::TempDir, tempfile::TempDir) {
    let corpus = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let places = ["Kenya", "Chile", "Norway", "Japan"];
    for run in 0..3 {
        for i in 0..4 {
            let place = places[(run + i) % places.len()];
            let text = format!(
                "date 202{run}-0{}-1{i} Ceasefire talks in {place} went on, Ingrid Solberg said.\n\n\
                 The ceasefire talks were the {i}th round; a ceasefire held in {place}.\n\n\
                 Observers expect more talks next year.",
                i + 1
            );
            std::fs::write(corpus.path().join(format!("run{run}-{i}.txt")), text).unwrap();
        }
        Indexer::new(index.path()).run(corpus.path(), &mut ()).unwrap();
    }
    (corpus, index)
}

/// A phrase of phrase words is read from the word pairs, and finds and scores exactly what
/// the phrase of words does, in every segment of an index built by several runs (which
/// index their passages with the phrase words the first run chose).
#[test]
fn phrases_of_phrase_words_find_and_score_what_word_phrases_do() {
    let (_corpus, dir) = several_segments();
    let index = Index::open(dir.path()).unwrap();
    assert_eq!(index.info().phrase_words, index.commit.phrase_words.words());
    for word in ["talks", "ceasefire", "the", "in", "were", "observers", "next", "year"] {
        assert!(index.commit.phrase_words.contains(word), "{word} in {:?}", index.commit.phrase_words);
    }
    // Each place is in a sixth of the first run's passages, under a fifth.
    assert!(!index.commit.phrase_words.contains("kenya"));
    let searcher = index.commit.reader.searcher();
    let statistics = ScopeStatistics::new(&searcher, &index.commit.fields, Scope::Passage).unwrap();
    let all = TopDocs::with_limit(1000).order_by_score();
    let compiler = Compiler::new(&index, Scope::Passage, &searcher, "");
    let phrases = [
        ("ceasefire talks", 24),
        ("the ceasefire talks", 12),
        ("ceasefire talks were the", 12),
        ("talks next year", 12),
        ("observers expect more talks next year", 12),
        ("the ceasefire", 12),
        ("talks ceasefire", 0),
        ("year observers", 0), // across a paragraph break
        ("talks talks", 0),
    ];
    for (phrase, expected) in phrases {
        let atom = Atom::from(analysis::terms(phrase));
        let pairs = compiler.atom_query(index.commit.fields.text, &atom).unwrap().unwrap();
        assert!(pairs.downcast_ref::<PairPhraseQuery>().is_some(), "{phrase} is read from pairs");
        let words: Vec<Term> =
            analysis::terms(phrase).iter().map(|w| Term::from_field_text(index.commit.fields.text, w)).collect();
        let by_words = PhraseQuery::new(words);
        let found = |query: &dyn TantivyQuery| {
            let mut hits = searcher.search_with_statistics_provider(query, &all, &statistics).unwrap();
            hits.sort_by_key(|(_, address)| *address);
            hits
        };
        let (from_pairs, from_words) = (found(pairs.as_ref()), found(&by_words));
        assert_eq!(from_pairs.len(), expected, "{phrase}");
        assert_eq!(from_pairs.len(), from_words.len(), "{phrase}");
        for ((a, at), (b, bt)) in from_pairs.iter().zip(&from_words) {
            assert_eq!(at, bt, "{phrase}");
            assert!((a - b).abs() < 1e-5, "{phrase}: {a} from pairs, {b} from words");
        }
    }
    // A phrase with a word that is not a phrase word is a phrase of words.
    let atom = Atom::from(analysis::terms("talks in Kenya"));
    let query = compiler.atom_query(index.commit.fields.text, &atom).unwrap().unwrap();
    assert!(query.downcast_ref::<PhraseQuery>().is_some());
}

/// The kind filter is left out only where it changes nothing: every query below matches
/// the same documents with the filter added back, in both scopes, and the filter is left
/// out of the queries that need it least (a word or phrase of the text).
#[test]
fn queries_confined_to_their_kind_match_what_they_match_with_the_kind_filter() {
    let (_corpus, dir) = several_segments();
    let index = Index::open(dir.path()).unwrap();
    let searcher = index.commit.reader.searcher();
    let docs = |query: &dyn TantivyQuery| {
        let mut found: Vec<DocAddress> = searcher
            .search(query, &TopDocs::with_limit(10_000).order_by_score())
            .unwrap()
            .into_iter()
            .map(|(_, address)| address)
            .collect();
        found.sort();
        found
    };
    let queries = [
        ("ceasefire", true),
        ("\"ceasefire talks\"", true),
        ("\"talks in kenya\"", true),
        ("ceasefire OR kenya", true),
        ("ceasefire -kenya", true),
        ("-kenya", false),
        ("observers OR date:2020", false),
        ("date:2021", false),
        ("date:2021 ceasefire", true),
        ("ceasefire OR date:2021", false),
        ("country:Kenya", true),
        ("speaker:Solberg", true),
        ("id:run1-2.txt", false),
        ("id:run1-2.txt OR observers", false),
        ("talk* country:Chile", true),
        ("ceasfire~1", true),
        ("\"ceasefire held\"~3", true),
        ("\"ceasefire held\" OR title:talks", false),
    ];
    for scope in [Scope::Article, Scope::Passage] {
        for (text, confined) in queries {
            let request = SearchRequest::new(text).scope(scope);
            let compiled = index.compile(&request).unwrap();
            let has_kind_filter = compiled.query.clauses().len() > 1;
            assert_eq!(has_kind_filter, !confined, "{text} in {scope:?}");
            let mut clauses: Vec<_> = compiled.query.clauses().iter().map(|(o, q)| (*o, q.box_clone())).collect();
            clauses.push(kind_filter(&index.commit.fields, scope));
            let with_filter = BooleanQuery::new(clauses);
            let found = docs(&compiled.query);
            assert!(!found.is_empty(), "{text} in {scope:?} finds nothing");
            assert_eq!(found, docs(&with_filter), "{text} in {scope:?}");
        }
    }
}

/// From its second search on, a filter is read from bitsets kept for each segment: every
/// later search gives exactly what the first gave (hits, scores, totals, facets), in both
/// scopes. A single search keeps nothing.
#[test]
fn filters_searched_with_again_are_kept_and_find_what_they_found() {
    let (_corpus, dir) = several_segments();
    let from = |year: &str| year.parse::<Period>().unwrap();
    let requests = [
        SearchRequest::new("ceasefire").from(from("2021")).to(from("2022")),
        SearchRequest::new("talks").country("Kenya").speaker("Solberg").facets(true),
        SearchRequest::new("\"ceasefire talks\"").from(from("2020-02")).country("Chile"),
        SearchRequest::new("-kenya").to(from("2021")).facets(true),
        SearchRequest::new("observers OR date:2022").country("Norway").limit(3),
    ];
    for scope in [Scope::Article, Scope::Passage] {
        for request in &requests {
            let request = request.clone().scope(scope);
            let index = Index::open(dir.path()).unwrap();
            let first = index.search(&request).unwrap();
            assert!(first.total > 0, "{request:?}");
            assert_eq!(index.filters.bytes(), 0, "one search keeps nothing: {request:?}");
            for _ in 0..3 {
                assert_eq!(index.search(&request).unwrap(), first, "{request:?}");
            }
            assert!(index.filters.bytes() > 0, "{request:?}");
        }
    }
}

/// A search's postings are estimated by what drives it: a rare word with a common filter
/// reads little, a union reads all its parts, and a part without terms is not counted.
#[test]
fn postings_read_follow_the_rarest_required_part_and_every_phrase() {
    let (_corpus, dir) = several_segments();
    let index = Index::open(dir.path()).unwrap();
    let searcher = index.commit.reader.searcher();
    let docs = |word: &str| searcher.doc_freq(&Term::from_field_text(index.commit.fields.article_text, word)).unwrap();
    let estimate = |request: SearchRequest| postings_read(&searcher, &index.compile(&request).unwrap().query);
    let (rare, other, common) = (docs("0th"), docs("1th"), docs("ceasefire"));
    let articles = searcher.doc_freq(&Term::from_field_text(index.commit.fields.kind, KIND_ARTICLE)).unwrap();
    assert!(rare < articles && common == articles, "{rare} {common} {articles}");

    assert_eq!(estimate(SearchRequest::new("0th")), Some(rare));
    assert_eq!(estimate(SearchRequest::new("0th").country("Kenya").from("2021".parse().unwrap())), Some(rare));
    assert_eq!(estimate(SearchRequest::new("0th ceasefire")), Some(rare));
    assert_eq!(estimate(SearchRequest::new("0th OR 1th")), Some(rare + other));
    assert_eq!(estimate(SearchRequest::new("date:2021")), Some(articles));
    // A phrase reads the positions of its words in full, whatever else limits the search.
    // It needs no kind filter in either scope (passage text is only in passages, and
    // article scope returns the articles of the passages that hold it).
    let passages = |word: &str| searcher.doc_freq(&Term::from_field_text(index.commit.fields.text, word)).unwrap();
    let phrase = 4 * (passages("0th") + passages("round"));
    assert_eq!(estimate(SearchRequest::new("\"0th round\"").scope(Scope::Passage)), Some(phrase));
    assert_eq!(estimate(SearchRequest::new("\"0th round\"")), Some(phrase));
    assert_eq!(estimate(SearchRequest::new("\"0th round\" 1th")), Some(other + phrase));
    // A date alone is on every kind of document: the kind filter is what limits it.
    let all = searcher.doc_freq(&Term::from_field_text(index.commit.fields.kind, KIND_PASSAGE)).unwrap();
    assert_eq!(estimate(SearchRequest::new("date:2021").scope(Scope::Passage)), Some(all));
}

#[test]
fn several_threads_give_what_one_gives() {
    let (_corpus, dir) = several_segments();
    let mut one = Index::open(dir.path()).unwrap();
    let mut many = Index::open(dir.path()).unwrap();
    let segments = many.commit.reader.searcher().segment_readers().len();
    assert!(segments >= 3, "{segments} segments");
    // Every query is heavy, and runs on one thread per segment.
    many.parallel = Parallel::new(segments);
    many.parallel.min_postings = 0;
    one.parallel = Parallel::new(segments);
    one.parallel.min_postings = u64::MAX;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(many.parallel.executor_if(|_| true).is_some(), cores > 1);
    // The first query starts the threads only when heavy; a lighter one uses them after that.
    let mut again = Index::open(dir.path()).unwrap();
    again.parallel = Parallel::new(segments);
    again.parallel.min_postings = 1_000;
    let reads_500 = |min_postings: u64| 500 > min_postings;
    assert!(again.parallel.executor_if(reads_500).is_none());
    assert_eq!(again.parallel.executor_if(reads_500).is_some(), cores > 1);

    let requests = [
        SearchRequest::new("ceasefire talks").facets(true),
        SearchRequest::new("\"ceasefire talks\"").facets(true).limit(3).offset(1),
        SearchRequest::new("ceasefire OR observers").scope(Scope::Passage).facets(true),
        SearchRequest::new("talks").scope(Scope::Passage).per_article(true).passages(2),
        SearchRequest::new("ceasefire").country("Kenya").speaker("Solberg"),
    ];
    for request in requests {
        let expected = one.search(&request).unwrap();
        assert!(expected.total > 0, "{}", request.query);
        assert_eq!(many.search(&request).unwrap(), expected, "{}", request.query);
        let timeline = TimelineRequest::new(request.clone());
        assert_eq!(many.timeline(&timeline).unwrap(), one.timeline(&timeline).unwrap());
        let concordance = ConcordanceRequest::new(request.clone());
        assert_eq!(many.concordance(&concordance).unwrap(), one.concordance(&concordance).unwrap());
    }
}
