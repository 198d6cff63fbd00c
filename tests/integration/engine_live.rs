//! Against a real Quickwit cluster: two nodes on loopback, started from `QUICKWIT_BIN` (ingest
//! through one, query through the other). Opt-in: without `QUICKWIT_BIN` the tests say so and
//! pass without running. Quickwit is on no package registry: get a Quickwit 0.9 binary as
//! Quickwit's own documentation says, and run
//! `QUICKWIT_BIN=/path/to/quickwit cargo test --test integration engine_live -- --nocapture`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dateline::engine::client::Credentials;
use dateline::engine::engine_index::EngineIndex;
use dateline::engine::push::push;
use dateline::engine::{EngineUrl, RemoteIndex};
use dateline::{
    ConcordanceRequest, ConcordanceSort, Index, Indexer, Interval, Scope, SearchRequest, SplitBy, TimelineRequest,
};

/// A two-node Quickwit cluster on loopback, stopped when dropped.
struct Cluster {
    nodes: Vec<Child>,
    /// REST ports of the two nodes: the first runs the metastore, control plane and janitor.
    ports: [u16; 2],
    _dir: tempfile::TempDir,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            let _ = node.kill();
            let _ = node.wait();
        }
    }
}

/// A free TCP port on loopback whose neighbour (Quickwit's gRPC port) is free too.
fn free_port_pair() -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if port < 65000 && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

impl Cluster {
    /// Starts the cluster, or `None` when `QUICKWIT_BIN` is not set.
    fn start() -> Option<Cluster> {
        let Some(bin) = std::env::var_os("QUICKWIT_BIN").map(PathBuf::from) else {
            eprintln!("skipped: set QUICKWIT_BIN to a Quickwit 0.9 binary to run the live engine tests");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir_all(&shared).unwrap();
        let ports = [free_port_pair(), free_port_pair()];
        let mut nodes = Vec::new();
        for (n, port) in ports.iter().enumerate() {
            let services =
                if n == 0 { "[metastore, control_plane, janitor, indexer, searcher]" } else { "[indexer, searcher]" };
            let config = format!(
                "version: 0.8\ncluster_id: dateline-test\nnode_id: node-{n}\nenabled_services: {services}\n\
                 listen_address: 127.0.0.1\nadvertise_address: 127.0.0.1\nrest:\n  listen_port: {port}\n\
                 grpc_listen_port: {}\ngossip_listen_port: {port}\npeer_seeds: [\"127.0.0.1:{}\", \"127.0.0.1:{}\"]\n\
                 data_dir: {}\nmetastore_uri: file://{}\ndefault_index_root_uri: file://{}\n\
                 indexer:\n  enable_otlp_endpoint: false\n",
                port + 1,
                ports[0],
                ports[1],
                dir.path().join(format!("node-{n}")).display(),
                shared.join("indexes").display(),
                shared.join("indexes").display(),
            );
            std::fs::create_dir_all(dir.path().join(format!("node-{n}"))).unwrap();
            let path = dir.path().join(format!("node-{n}.yaml"));
            std::fs::write(&path, config).unwrap();
            let log = std::fs::File::create(dir.path().join(format!("node-{n}.log"))).unwrap();
            let child = Command::new(&bin)
                .arg("run")
                .arg("--config")
                .arg(&path)
                .env("QW_DISABLE_TELEMETRY", "1")
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("QUICKWIT_BIN runs");
            nodes.push(child);
        }
        let cluster = Cluster { nodes, ports, _dir: dir };
        for port in ports {
            cluster.wait_ready(port);
        }
        Some(cluster)
    }

    fn wait_ready(&self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        while Instant::now() < deadline {
            if let Ok(response) = agent.get(format!("http://127.0.0.1:{port}/health/readyz")).call() {
                if response.status() == 200 {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        panic!("Quickwit on port {port} was not ready within 2 minutes; see {}", self._dir.path().display());
    }

    fn url(&self, n: usize, name: &str) -> EngineUrl {
        format!("quickwit+http://127.0.0.1:{}/{name}", self.ports[n]).parse().unwrap()
    }

    /// The index `name` through node `n`.
    fn engine(&self, n: usize, name: &str) -> EngineIndex {
        EngineIndex::new(self.url(n, name), None)
    }

    /// The index `name` through node `n`, searched as the local index is.
    fn remote(&self, n: usize, name: &str) -> RemoteIndex {
        RemoteIndex::open(self.url(n, name), None).unwrap()
    }
}

/// An article of the generated corpus: its number gives its words, country and speaker.
fn article(n: usize, edit: &str) -> String {
    const COUNTRIES: [&str; 5] = ["Kenya", "Chile", "Norway", "Vietnam", "Ghana"];
    const PEOPLE: [&str; 4] = ["Amara Diallo", "Jonas Berg", "Lucia Ferreira", "Tran Minh"];
    const TOPICS: [&str; 6] =
        ["grain exports", "water rights", "port strike", "drought relief", "rail tariffs", "fishing quotas"];
    let day = 1 + n % 28;
    let month = 1 + n % 12;
    // One in 25 from the 1600s and 1700s, which tantivy's and Quickwit's own dates cannot hold.
    let year = if n % 25 == 7 { 1600 + n % 150 } else { 2015 + n % 8 };
    format!(
        "date {year}-{month:02}-{day:02} Officials in {country} met on {topic} {edit}.\n\n\
         \"We will not wait for the rain,\" {person} said of the {topic} talks.\n\n\
         Article {n} closes with a note on {other}.",
        country = COUNTRIES[n % 5],
        topic = TOPICS[n % 6],
        person = PEOPLE[n % 4],
        other = TOPICS[(n / 6) % 6],
    )
}

fn write(corpus: &Path, n: usize, edit: &str) {
    std::fs::write(corpus.join(format!("a{n:04}.txt")), article(n, edit)).unwrap();
}

#[test]
fn a_push_and_an_incremental_push_leave_quickwit_equal_to_the_index() {
    let Some(cluster) = Cluster::start() else { return };
    incremental(&cluster.engine(0, "news"), || cluster.remote(1, "news"));
}

#[test]
fn a_push_and_an_incremental_push_leave_opensearch_equal_to_the_index() {
    let Some(opensearch) = OpenSearch::new("news") else { return };
    incremental(&opensearch.engine(), || opensearch.remote());
}

/// Pushes a generated corpus through `ingest`, then edits, adds and removes articles, indexes
/// and pushes again, and after each push compares a query mix through the index `remote` opens
/// (the same, through another node where the engine has several).
fn incremental(ingest: &EngineIndex, remote: impl Fn() -> RemoteIndex) {
    let corpus = tempfile::tempdir().unwrap();
    let index_dir = tempfile::tempdir().unwrap();
    for n in 0..300 {
        write(corpus.path(), n, "");
    }
    Indexer::new(index_dir.path()).run(corpus.path(), &mut ()).unwrap();
    let index = Index::open(index_dir.path()).unwrap();
    let first = push(&index, ingest, &mut ()).unwrap();
    assert!(first.created);
    assert_eq!((first.plan.added, first.plan.unchanged), (300, 0));
    assert_eq!((first.articles, first.passages), (index.info().articles, index.info().passages));
    // Through the other node, the same articles for every query.
    let remote = remote();
    compare_generated(&index, &remote);

    let again = push(&index, ingest, &mut ()).unwrap();
    assert_eq!((again.plan.unchanged, again.documents), (300, 0), "nothing changed, nothing sent");

    // Edit 3, add 2, remove 4, then push again.
    for n in [5, 50, 250] {
        write(corpus.path(), n, "and on fertiliser prices");
    }
    for n in [300, 301] {
        write(corpus.path(), n, "");
    }
    for n in [10, 11, 12, 13] {
        std::fs::remove_file(corpus.path().join(format!("a{n:04}.txt"))).unwrap();
    }
    Indexer::new(index_dir.path()).run(corpus.path(), &mut ()).unwrap();
    let index = Index::open(index_dir.path()).unwrap();
    let third = push(&index, ingest, &mut ()).unwrap();
    let plan = &third.plan;
    assert_eq!((plan.added, plan.changed, plan.removed, plan.unchanged), (2, 3, 4, 293), "{plan:?}");
    assert_eq!((third.articles, third.passages), (298, index.info().passages));
    // Versions still being removed (Quickwit removes late) are left out of every answer.
    compare_generated(&index, &remote);
    let fertiliser = SearchRequest::new("fertiliser").limit(0);
    assert_eq!(remote.search(&fertiliser).unwrap().total, 3);
    let fourth = push(&index, ingest, &mut ()).unwrap();
    assert_eq!((fourth.plan.unchanged, fourth.documents), (298, 0));
}

#[test]
fn quickwit_answers_every_query_as_the_index_does() {
    let Some(cluster) = Cluster::start() else { return };
    same_answers(&cluster.engine(0, "sample"), &cluster.engine(1, "sample"), &cluster.url(1, "sample"));
}

#[test]
fn opensearch_answers_every_query_as_the_index_does() {
    let Some(opensearch) = OpenSearch::new("sample") else { return };
    same_answers(&opensearch.engine(), &opensearch.engine(), &opensearch.url);
}

/// Pushes the sample corpus through `ingest` and requires the same answers through `engine`
/// (at `url`) as from the index, for the query mix: counts and facets, then hits, timelines,
/// concordances, articles and the command line's output.
fn same_answers(ingest: &EngineIndex, engine: &EngineIndex, url: &EngineUrl) {
    let index_dir = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus");
    Indexer::new(index_dir.path()).run(&corpus, &mut ()).unwrap();
    let index = Index::open(index_dir.path()).unwrap();
    push(&index, ingest, &mut ()).unwrap();
    let mut compared = 0;
    for (name, request) in crate::engine::query_mix() {
        let local = index.search(&request.clone().limit(0).facets(true));
        match dateline::engine::translate::request_query(engine.engine(), &request) {
            Ok(query) => {
                let local = local.unwrap();
                let remote = engine.count_dsl(&query).unwrap();
                assert_eq!(remote, local.total, "{name}: {}", request.query);
                // Facet counts: countries, speakers (of the article in article scope, quoted in
                // the passage in passage scope), years and calendar months.
                let facets = local.facets.unwrap();
                let (total, remote_facets) = engine.facets(&request).unwrap();
                assert_eq!(total, local.total, "{name}");
                assert_eq!(remote_facets, facets, "{name}: {}", request.query);
                println!(
                    "{name:<45} {remote:>4} documents, {} countries, {} speakers, {} months: as the index counts",
                    facets.countries.len(),
                    facets.speakers.len(),
                    facets.months.len()
                );
                compared += 1;
            }
            Err(error) => println!("{name:<45} refused: {error}"),
        }
    }
    assert!(compared >= 20, "{compared} queries compared");

    // The same commands through the engine: hits, timelines, concordances and whole articles.
    let remote = RemoteIndex::open(url.clone(), None).unwrap();
    assert_eq!(remote.info().unwrap().fingerprint, index.info().fingerprint, "answers cite the pushed commit");
    let mut compared = 0;
    for (name, request) in crate::engine::query_mix() {
        let all = request.clone().limit(10_000).facets(true);
        let Ok(local) = index.search(&all) else { continue };
        let found = match remote.search(&all) {
            Ok(found) => found,
            Err(dateline::Error::NotExact { .. }) => continue,
            Err(error) => panic!("{name}: {error}"),
        };
        assert_eq!(found.total, local.total, "{name}");
        assert_eq!(found.facets, local.facets, "{name}");
        assert_eq!(shown(&found), shown(&local), "{name}: the same articles (and passages) with the same metadata");
        if request.scope == Scope::Passage {
            let per_article = request.clone().per_article(true).passages(2).limit(10_000);
            let (local, found) = (index.search(&per_article).unwrap(), remote.search(&per_article).unwrap());
            assert_eq!(found.total, local.total, "{name}, per article");
            assert_eq!(shown(&found), shown(&local), "{name}, per article");
        }
        for timeline in [
            TimelineRequest::new(request.clone()).by(Interval::Month),
            TimelineRequest::new(request.clone()).by(Interval::Year).split_by(SplitBy::Country).top(2),
            TimelineRequest::new(request.clone()).by(Interval::Week).split_by(SplitBy::Speaker).top(3).other(false),
        ] {
            assert_eq!(remote.timeline(&timeline).unwrap(), index.timeline(&timeline).unwrap(), "{name}: {timeline:?}");
        }
        let kwic = ConcordanceRequest::new(request.clone()).sort(ConcordanceSort::Left);
        match index.concordance(&kwic) {
            Ok(lines) => assert_eq!(remote.concordance(&kwic).unwrap(), lines, "{name}: concordance"),
            Err(dateline::Error::NothingToShow { .. }) => {
                assert!(matches!(remote.concordance(&kwic), Err(dateline::Error::NothingToShow { .. })))
            }
            Err(error) => panic!("{name}: {error}"),
        }
        if let Some(hit) = local.hits.first() {
            let id = &hit.article.id;
            assert_eq!(
                remote.article(id, Some(&request.query)).unwrap(),
                index.article(id, Some(&request.query)).unwrap()
            );
        }
        println!("{name:<45} {:>4} hits, facets, timelines, concordance, article: as the index answers", found.total);
        compared += 1;
    }
    assert!(compared >= 20, "{compared} queries compared through the remote index");

    // The commands print the same through the engine, citing the same commit.
    let index_arg = index_dir.path().to_str().unwrap().to_string();
    let engine_arg = url.to_string();
    for args in [
        &["facets", "drought", "--field", "country"][..],
        &["facets", "ceasefire", "--field", "month", "--format", "jsonl"],
        &["timeline", "drought", "--by", "year", "--split-by", "country"],
        &["timeline", "ceasefire", "--format", "csv"],
        &["kwic", "ceasefire", "--sort", "left"],
        &["kwic", "\"grain exports\"", "--format", "jsonl"],
        &["show", "2019/geneva-water-talks.txt", "water"],
        &["show", "2019/geneva-water-talks.txt", "water", "--format", "jsonl"],
        &["search", "drought", "--country", "Kenya", "--limit", "0", "--facets", "--format", "json"],
    ] {
        let run = |place: &[&str]| {
            let output = Command::new(env!("CARGO_BIN_EXE_dateline")).args(args).args(place).output().unwrap();
            assert!(output.status.success(), "{args:?} {place:?}: {}", String::from_utf8_lossy(&output.stderr));
            String::from_utf8(output.stdout).unwrap()
        };
        assert_eq!(run(&["--engine", &engine_arg]), run(&["--index", &index_arg]), "{args:?}");
    }
    assert!(matches!(remote.article("no/such/article.txt", None), Err(dateline::Error::ArticleNotFound { .. })));
}

/// Compares, for the generated corpus, a query mix through `remote` with the index: totals,
/// the articles (or passages) found with their metadata, and facet counts.
fn compare_generated(index: &Index, remote: &RemoteIndex) {
    assert_eq!(remote.info().unwrap().fingerprint, index.info().fingerprint);
    let mix = [
        SearchRequest::new("rain"),
        SearchRequest::new("grain exports"),
        SearchRequest::new("drought OR strike"),
        SearchRequest::new("officials -kenya"),
        SearchRequest::new("\"grain exports\""),
        SearchRequest::new("\"wait for the rain\"").scope(Scope::Passage),
        SearchRequest::new("fish*"),
        SearchRequest::new("\"rail talks\"~3"),
        SearchRequest::new("\"rail talks\"~3").scope(Scope::Passage),
        SearchRequest::new("tariffs date:2017..2019"),
        SearchRequest::new("quotas").from("2016".parse().unwrap()).to("2018-06".parse().unwrap()),
        SearchRequest::new("rights").country("Ghana").country("CL"),
        SearchRequest::new("talks").speaker("Berg").scope(Scope::Passage),
        SearchRequest::new("note country:Norway speaker:Ferreira"),
        SearchRequest::new("fertiliser"),
        SearchRequest::new("officials").from("1600".parse().unwrap()).to("1700".parse().unwrap()),
        SearchRequest::new("rain date:..1750"),
    ];
    for request in mix {
        let request = request.limit(10_000).facets(true);
        let (local, found) = (index.search(&request).unwrap(), remote.search(&request).unwrap());
        assert_eq!(found.total, local.total, "{}", request.query);
        assert_eq!(found.facets, local.facets, "{}", request.query);
        assert_eq!(shown(&found), shown(&local), "{}", request.query);
    }
    // A timeline by year across the centuries.
    let timeline = TimelineRequest::new(SearchRequest::new("officials").to("1800".parse().unwrap())).by(Interval::Year);
    assert_eq!(remote.timeline(&timeline).unwrap(), index.timeline(&timeline).unwrap());
}

/// An OpenSearch (or Elasticsearch) cluster named by `DATELINE_TEST_OPENSEARCH`
/// (`opensearch+http://127.0.0.1:9200`, with DATELINE_ENGINE_USER and DATELINE_ENGINE_PASSWORD
/// when it needs them); the test's index is deleted when dropped.
struct OpenSearch {
    url: EngineUrl,
}

impl OpenSearch {
    fn new(name: &str) -> Option<OpenSearch> {
        let Some(base) = std::env::var("DATELINE_TEST_OPENSEARCH").ok().filter(|v| !v.is_empty()) else {
            eprintln!(
                "skipped: set DATELINE_TEST_OPENSEARCH to an OpenSearch cluster (opensearch+http://127.0.0.1:9200) \
                 to run the live OpenSearch tests"
            );
            return None;
        };
        let url = format!("{}/dateline-test-{name}-{}", base.trim_end_matches('/'), std::process::id());
        let opensearch = OpenSearch { url: url.parse().unwrap() };
        opensearch.delete();
        Some(opensearch)
    }

    fn credentials() -> Option<Credentials> {
        let user = std::env::var("DATELINE_ENGINE_USER").ok()?;
        let password = std::env::var("DATELINE_ENGINE_PASSWORD").ok()?;
        Some(Credentials::Basic { user, password })
    }

    fn engine(&self) -> EngineIndex {
        EngineIndex::new(self.url.clone(), OpenSearch::credentials())
    }

    fn remote(&self) -> RemoteIndex {
        RemoteIndex::open(self.url.clone(), OpenSearch::credentials()).unwrap()
    }

    fn delete(&self) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut request = agent.delete(format!("{}/{}", self.url.base, self.url.index));
        if let Some(Credentials::Basic { user, password }) = OpenSearch::credentials() {
            use base64::Engine as _;
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            request = request.header("Authorization", format!("Basic {token}"));
        }
        let _ = request.call();
    }
}

impl Drop for OpenSearch {
    fn drop(&mut self) {
        self.delete();
    }
}

/// What a result set shows, in a comparable order: each hit's article metadata and, in passage
/// scope, its passages with their highlights and how many other passages match.
fn shown(results: &dateline::SearchResults) -> Vec<String> {
    let mut shown: Vec<String> = results
        .hits
        .iter()
        .map(|hit| match results.scope {
            Scope::Article => {
                format!("{:?} other {}", hit.article, hit.other_matching_passages + hit.more_passages.len() as u64)
            }
            Scope::Passage => format!(
                "{:?} {:?} other {}",
                hit.article,
                hit.shown_passages().collect::<Vec<_>>(),
                hit.other_matching_passages
            ),
        })
        .collect();
    shown.sort();
    shown
}
