//! Handing an index to Quickwit or OpenSearch: the definitions and a sample of the documents
//! are pinned by golden files (rewrite them with `DATELINE_BLESS=1` after an intended change),
//! and an export of the sample corpus is checked whole: every field the definitions declare is
//! filled and no other, the counts are the index's, every file is within the size limit and has
//! the hash the manifest gives.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dateline::engine::{definition, document, export, Engine};
use dateline::{Index, Indexer};
use sha2::{Digest, Sha256};

/// Compares `built` with the golden file `name`, rewriting it first under `DATELINE_BLESS`.
fn golden(name: &str, built: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/engine").join(name);
    if std::env::var_os("DATELINE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, built).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} exists", path.display()));
    assert!(built == golden, "{name} changed; if intended, rerun with DATELINE_BLESS=1.\n--- built ---\n{built}");
}

/// The sample corpus, indexed.
fn sample_index() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus");
    Indexer::new(dir.path()).run(&corpus, &mut ()).unwrap();
    let index = Index::open(dir.path()).unwrap();
    (dir, index)
}

#[test]
fn the_definitions_are_generated_from_the_schema() {
    for engine in [Engine::Quickwit, Engine::OpenSearch] {
        let built = serde_json::to_string_pretty(&definition::definition(engine, "news")).unwrap() + "\n";
        golden(&format!("{engine}-definition.json"), &built);
    }
    // Every engine field of index-schema/schema.toml is in both definitions.
    let names = definition::field_names();
    assert!(names.contains(&"text_words".to_string()) && names.contains(&"source".to_string()), "{names:?}");
    let quickwit = definition::definition(Engine::Quickwit, "news");
    let declared: Vec<&str> = quickwit["doc_mapping"]["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(declared, names);
    let opensearch = definition::definition(Engine::OpenSearch, "news");
    let properties: BTreeSet<&str> =
        opensearch["mappings"]["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(properties, names.iter().map(String::as_str).collect());
}

#[test]
fn an_export_holds_every_article_with_every_declared_field() {
    let (_dir, index) = sample_index();
    let names: BTreeSet<String> = definition::field_names().into_iter().collect();
    for engine in [Engine::Quickwit, Engine::OpenSearch] {
        let out = tempfile::tempdir().unwrap();
        let mut reported = Vec::new();
        let manifest = export::export(&index, engine, "news", out.path(), |n| reported.push(n)).unwrap();
        assert_eq!(manifest.articles, index.info().articles);
        assert_eq!(manifest.passages, index.info().passages);
        assert_eq!(manifest.schema_version, index.info().schema_version);
        assert_eq!(manifest.index_fingerprint, index.info().fingerprint);
        assert_eq!(reported.last(), Some(&manifest.articles));
        assert_eq!(export::read_manifest(out.path()).unwrap(), manifest);

        let mut seen = BTreeSet::new();
        let (mut documents, mut articles) = (0, BTreeSet::new());
        for file in std::iter::once(&manifest.definition).chain(&manifest.files) {
            let bytes = std::fs::read(out.path().join(&file.name)).unwrap();
            assert_eq!(bytes.len() as u64, file.bytes, "{}", file.name);
            assert!(file.bytes <= export::MAX_FILE_BYTES);
            let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(sha, file.sha256, "{}", file.name);
        }
        for file in &manifest.files {
            let text = std::fs::read_to_string(out.path().join(&file.name)).unwrap();
            let mut lines = text.lines();
            let mut in_file = 0;
            while let Some(line) = lines.next() {
                let doc: serde_json::Value = if engine == Engine::OpenSearch {
                    let action: serde_json::Value = serde_json::from_str(line).unwrap();
                    let doc: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
                    assert_eq!(action["index"]["_id"], doc["doc_id"]);
                    doc
                } else {
                    serde_json::from_str(line).unwrap()
                };
                seen.extend(doc.as_object().unwrap().keys().cloned());
                if doc["kind"] == "article" {
                    articles.insert(doc["article_id"].as_str().unwrap().to_string());
                }
                in_file += 1;
            }
            assert_eq!(in_file, file.documents);
            documents += in_file;
        }
        assert_eq!(documents, manifest.documents);
        assert_eq!(articles.len() as u64, manifest.articles);
        assert_eq!(seen, names, "{engine}: the documents fill exactly the declared fields");
    }
}

#[test]
fn the_documents_of_an_article_are_pinned() {
    let (_dir, index) = sample_index();
    let mut sample = String::new();
    index
        .for_each_article(|article| {
            if ["wire-2022-0002", "2015/kenya-borehole-dispute.txt"].contains(&article.meta.id.as_str()) {
                for doc in document::documents(&article) {
                    sample.push_str(&serde_json::to_string(&doc).unwrap());
                    sample.push('\n');
                }
            }
            Ok(())
        })
        .unwrap();
    golden("documents-sample.ndjson", &sample);
}

#[test]
fn an_export_replaces_an_earlier_one_and_refuses_other_folders() {
    let (_dir, index) = sample_index();
    let out = tempfile::tempdir().unwrap();
    export::export(&index, Engine::Quickwit, "news", out.path(), |_| {}).unwrap();
    let second = export::export(&index, Engine::OpenSearch, "news", out.path(), |_| {}).unwrap();
    assert_eq!(export::read_manifest(out.path()).unwrap().engine, Engine::OpenSearch);
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), second.files.len() + 2);

    let notes = tempfile::tempdir().unwrap();
    std::fs::write(notes.path().join("notes.txt"), "keep me").unwrap();
    let error = export::export(&index, Engine::Quickwit, "news", notes.path(), |_| {}).unwrap_err();
    assert!(matches!(error, dateline::Error::OutputNotEmpty { ref found, .. } if found == "notes.txt"), "{error:?}");
    assert_eq!(std::fs::read_to_string(notes.path().join("notes.txt")).unwrap(), "keep me");
    assert_eq!(std::fs::read_dir(notes.path()).unwrap().count(), 1, "nothing was written");
}

#[test]
fn engine_words_keep_a_word_whole_for_a_white_space_tokenizer() {
    assert_eq!(document::engine_words("Côte d'Ivoire's 1\u{202f}000 Farmers"), "cote d'ivoire 1\u{2060}000 farmers");
    for word in document::engine_words("Grain. EXPORTS, from Odesa!").split(' ') {
        assert!(!word.is_empty() && !word.chars().any(char::is_whitespace));
    }
    assert_eq!(
        document::doc_id("wire-2022-0002", 3),
        format!("{:016x}-3", xxhash_rust::xxh3::xxh3_64(b"wire-2022-0002"))
    );
}

#[test]
fn the_cli_exports_and_names_what_it_wrote() {
    let env = crate::util::TestEnv::indexed();
    let out = env.corpus.path().parent().unwrap().join("export-out");
    let output = env
        .cmd()
        .args(["export", "--engine", "opensearch", "--name", "news"])
        .arg(&out)
        .arg("--index")
        .arg(env.index_dir())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("for opensearch index `news`"), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["engine"], "opensearch");
    let output = env
        .cmd()
        .args(["export", "--engine", "opensearch", "--name", "News"])
        .arg(&out)
        .arg("--index")
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an OpenSearch index name"));
    let output = env.cmd().args(["export", "--engine", "solr", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("give quickwit or opensearch"));
}

/// Each article's documents, by article id, from a fresh look at the index in `dir`.
fn documents_by_article(dir: &Path) -> BTreeMap<String, Vec<document::Document>> {
    let index = Index::open(dir).unwrap();
    let mut all = BTreeMap::new();
    index
        .for_each_article(|article| {
            all.insert(article.meta.id.clone(), document::documents(&article));
            Ok(())
        })
        .unwrap();
    all
}

#[test]
fn the_article_hash_names_the_version_of_an_article_on_each_of_its_documents() {
    let corpus = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "date 2021-03-04 Talks resumed in Geneva.\n\nMore rain fell.").unwrap();
    std::fs::write(corpus.path().join("b.txt"), "date 2021-03-05 The harvest was late.").unwrap();
    Indexer::new(index.path()).run(corpus.path(), &mut ()).unwrap();
    let before = documents_by_article(index.path());
    for docs in before.values() {
        let hashes: BTreeSet<&str> = docs.iter().map(|d| d["article_hash"].as_str().unwrap()).collect();
        assert_eq!(hashes.len(), 1, "one version per article: {docs:?}");
    }
    std::fs::write(corpus.path().join("a.txt"), "date 2021-03-04 Talks resumed in Geneva.\n\nLess rain fell.").unwrap();
    Indexer::new(index.path()).run(corpus.path(), &mut ()).unwrap();
    let after = documents_by_article(index.path());
    let hash = |docs: &BTreeMap<String, Vec<document::Document>>, id: &str| docs[id][0]["article_hash"].clone();
    assert_ne!(hash(&before, "a.txt"), hash(&after, "a.txt"), "an edited article is a new version");
    assert_eq!(hash(&before, "b.txt"), hash(&after, "b.txt"), "an untouched article keeps its version");
}

/// Queries of every kind, with the scopes and filters they are asked in.
pub(crate) fn query_mix() -> Vec<(&'static str, dateline::SearchRequest)> {
    use dateline::{Scope, SearchRequest};
    let request = |query: &str| SearchRequest::new(query);
    vec![
        ("a word", request("drought")),
        ("a word, passage scope", request("drought").scope(Scope::Passage)),
        ("AND", request("drought Kenya")),
        ("OR", request("drought OR flood")),
        ("NOT", request("drought -Kenya")),
        ("only NOT", request("-drought")),
        ("a phrase", request("\"grain exports\"")),
        ("a phrase of common words, passage scope", request("\"of the\"").scope(Scope::Passage)),
        ("a prefix", request("negotiat*")),
        ("a phrase ending in a prefix", request("\"grain exp*\"").scope(Scope::Passage)),
        ("proximity, passage scope", request("\"interest rate\"~2").scope(Scope::Passage)),
        ("proximity, article scope", request("\"interest rate\"~2")),
        ("a date range", request("ceasefire date:2019..2021")),
        ("filters", request("ceasefire").from("2015".parse().unwrap()).to("2022-06".parse().unwrap())),
        ("a country filter", request("drought").country("Kenya")),
        ("a country filter, passage scope", request("drought").country("KE").scope(Scope::Passage)),
        ("a speaker filter", request("ceasefire").speaker("Solberg")),
        ("a speaker filter, passage scope", request("ceasefire").speaker("Solberg").scope(Scope::Passage)),
        ("field terms", request("country:Kenya speaker:Odhiambo")),
        ("a title", request("title:drought")),
        ("an id", request("id:2015/kenya-borehole-dispute.txt")),
        ("a fuzzy word", request("Guteres~")),
        ("a word with an apostrophe", request("Mensah-Boateng's")),
    ]
}

#[test]
fn query_translations_are_pinned() {
    use dateline::engine::translate::request_query;
    let mut pinned = String::new();
    for engine in [Engine::Quickwit, Engine::OpenSearch] {
        for (name, request) in query_mix() {
            let translated = match request_query(engine, &request) {
                Ok(query) => serde_json::to_string(&query).unwrap(),
                Err(error) => format!("refused: {error}"),
            };
            pinned.push_str(&format!("{engine} | {name} | {}\n{translated}\n\n", request.query));
        }
    }
    golden("queries.txt", &pinned);
}
