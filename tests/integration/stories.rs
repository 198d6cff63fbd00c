//! Wire copies in the index: clusters found while indexing, kept right by nightly runs (equal
//! to a fresh build's), and stories counted once with `--dedup` in every view.

use dateline::{
    ClustersRequest, CollocatesRequest, ConcordanceRequest, Index, Indexer, Interval, SearchRequest, SimilarRequest,
    TimelineRequest,
};

use crate::util::{hits, summary, TestEnv};

/// A wire story about a port strike: long enough for its copies to be recognised.
const HARBOUR: &str = "Crane operators at the eastern terminal of the port of Velmora ended their \
three-day strike on Tuesday after the ministry of transport offered a new shift pattern and a \
review of overtime rules. Exporters of cocoa and timber had warned that the backlog of containers \
would cost them dearly for every week the cranes stood idle.\n\nUnion leaders said talks on pay would \
go on into the new year and that their members would return to work on Wednesday morning. Harbour \
officials said dozens of ships were waiting at anchor outside the breakwater for a berth, and that \
clearing them would take most of the month.\n\nThe ministry said the review of overtime would report by \
the end of March, and that no worker would lose pay for the days of the strike.";

/// Another wire story, about a vaccination drive.
const CLINICS: &str = "Mobile clinics began a vaccination drive against measles in the northern \
hill districts on Monday, after health workers counted more than two hundred cases among children \
since the start of the rains. The teams travel by motorbike to villages that the roads do not reach, \
carrying vaccines in cool boxes packed with ice.\n\nDistrict nurses said mothers had queued since dawn \
at the first stops, and that the drive would go on for six weeks. The health office asked village \
elders to spread word of the dates, since many families have no radio and the mobile network is weak \
in the valleys.";

/// An article of its own.
const FLOODS: &str = "Heavy rain flooded the salt pans near the lagoon on Sunday, and farmers said \
the harvest expected this season was lost. The district office opened two shelters in schools and \
asked for tents and drinking water from the capital. Engineers inspected the river wall, which \
cracked in two places during the night, and said repairs would take weeks; a strike by contractors \
last year had delayed the work.";

fn article(date: &str, title: &str, body: &str) -> String {
    format!("---\ndate: {date}\ntitle: {title}\nsource: {}\n---\n{body}\n", "Wire")
}

/// The body with every `n`th word replaced: a copy edited that much.
fn edited(body: &str, n: usize) -> String {
    body.split(' ').enumerate().map(|(i, w)| if i % n == n - 1 { "altered" } else { w }).collect::<Vec<_>>().join(" ")
}

/// The corpus before the nightly changes.
fn first_corpus(env: &TestEnv) {
    env.write("wire/harbour.md", article("2021-03-02", "Port strike ends", HARBOUR));
    env.write("daily/harbour-reprint.md", article("2021-03-03", "Cranes turn again in Velmora", HARBOUR));
    let trimmed = &HARBOUR[..HARBOUR.find("\n\nThe ministry said").unwrap()];
    env.write("weekly/harbour-short.md", article("2021-03-05", "Strike over", trimmed));
    let local = format!("{HARBOUR}\n\nIn our town, hauliers said the first lorries had already left the depot.");
    env.write("town/harbour-local.md", article("2021-03-03", "Port strike ends, hauliers relieved", &local));
    env.write("wire/clinics.md", article("2021-05-10", "Measles drive starts", CLINICS));
    env.write("daily/clinics.md", article("2021-05-11", "Clinics on motorbikes", &edited(CLINICS, 25)));
    env.write("wire/floods.md", article("2021-03-04", "Salt pans flooded", FLOODS));
}

/// Each cluster as (representative, members), members by id.
fn clusters_of(index: &Index) -> Vec<(String, Vec<String>)> {
    let mut clusters: Vec<(String, Vec<String>)> = index
        .clusters(&ClustersRequest::all())
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.members.into_iter().map(|m| m.article.id).collect()))
        .collect();
    clusters.sort();
    clusters
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn copies_are_clustered_under_the_earliest_and_nightly_runs_equal_a_fresh_build() {
    let env = TestEnv::new();
    first_corpus(&env);
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    let index = Index::open(env.index_dir()).unwrap();
    assert_eq!(
        clusters_of(&index),
        vec![
            ("wire/clinics.md".into(), strings(&["wire/clinics.md", "daily/clinics.md"])),
            (
                "wire/harbour.md".into(),
                strings(&[
                    "wire/harbour.md", "daily/harbour-reprint.md", "town/harbour-local.md", "weekly/harbour-short.md"
                ])
            ),
        ],
        "a new headline, a trimmed end, an added paragraph and light edits are copies; floods is not"
    );
    assert_eq!((index.info().copy_clusters, index.info().copy_articles), (2, 6));
    let hit = index.search(&SearchRequest::new("hauliers")).unwrap().hits.remove(0);
    assert_eq!(hit.article.cluster.as_deref(), Some("wire/harbour.md"), "a hit names its cluster");
    assert_eq!(index.article("wire/floods.md", None).unwrap().meta.cluster, None);

    // The nightly run: a new copy joins, the representative is removed (the next earliest takes
    // its place), a copy is rewritten into another story and leaves.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("radio/harbour.md", article("2021-03-06", "Velmora port back at work", &edited(HARBOUR, 40)));
    std::fs::remove_file(env.corpus.path().join("wire/harbour.md")).unwrap();
    env.write("daily/clinics.md", article("2021-05-11", "Floods again", FLOODS));
    let report = Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    assert_eq!((report.added, report.changed, report.removed), (1, 1, 1));
    let mut index = Index::open(env.index_dir()).unwrap();
    let nightly = clusters_of(&index);
    assert_eq!(
        nightly,
        vec![
            (
                "daily/harbour-reprint.md".into(),
                strings(&[
                    "daily/harbour-reprint.md", "town/harbour-local.md", "weekly/harbour-short.md", "radio/harbour.md"
                ])
            ),
            ("wire/floods.md".into(), strings(&["wire/floods.md", "daily/clinics.md"])),
        ],
        "the rewritten copy now reprints the floods story, which is earlier"
    );
    let fresh = tempfile::tempdir().unwrap();
    Indexer::new(fresh.path()).run(env.corpus.path(), &mut ()).unwrap();
    let fresh = Index::open(fresh.path()).unwrap();
    assert_eq!(
        fresh.clusters(&ClustersRequest::all()).unwrap(),
        index.clusters(&ClustersRequest::all()).unwrap(),
        "members, order and similarities equal a fresh build's"
    );

    // A run that changes nothing keeps the clusters as they are.
    let before = index.info().clone();
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    index.reload().unwrap();
    assert_eq!(clusters_of(&index), nightly);
    assert_eq!((index.info().copy_clusters, index.info().copy_articles), (before.copy_clusters, before.copy_articles));
}

#[test]
fn the_threshold_is_kept_by_the_index_and_a_change_clusters_again() {
    let env = TestEnv::new();
    first_corpus(&env);
    Indexer::new(env.index_dir()).copy_threshold(0.95).run(env.corpus.path(), &mut ()).unwrap();
    let with =
        |index: &Index, id: &str| clusters_of(index).into_iter().any(|(_, members)| members.iter().any(|m| m == id));
    let mut index = Index::open(env.index_dir()).unwrap();
    assert_eq!(index.info().copy_threshold, 0.95);
    assert!(!with(&index, "daily/clinics.md"), "a copy with one word in 25 edited is below 0.95");
    assert!(with(&index, "daily/harbour-reprint.md"), "an exact reprint is above it");
    // No flag: the index's threshold stays.
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    index.reload().unwrap();
    assert_eq!(index.info().copy_threshold, 0.95);
    // A new threshold, with no file changed, clusters again.
    Indexer::new(env.index_dir()).copy_threshold(0.7).run(env.corpus.path(), &mut ()).unwrap();
    index.reload().unwrap();
    assert_eq!(index.info().copy_threshold, 0.7);
    assert!(with(&index, "daily/clinics.md"));
    let error = Indexer::new(env.index_dir()).copy_threshold(1.5).run(env.corpus.path(), &mut ()).unwrap_err();
    assert!(matches!(error, dateline::Error::BadCopyThreshold { .. }), "{error}");
}

#[test]
fn dedup_counts_each_story_once_in_every_view() {
    let env = TestEnv::new();
    first_corpus(&env);
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    let index = Index::open(env.index_dir()).unwrap();

    // Search: one hit per story, the best-ranked copy shown, the others named.
    let plain = index.search(&SearchRequest::new("strike").facets(true)).unwrap();
    assert_eq!(plain.total, 5, "four copies of the harbour story and the floods article");
    assert!(plain.hits.iter().all(|hit| hit.copies.is_empty()));
    let stories = index.search(&SearchRequest::new("strike").facets(true).dedup(true)).unwrap();
    assert!(stories.dedup);
    assert_eq!(stories.total, 2);
    assert_eq!(stories.hits.len(), 2);
    let harbour = stories.hits.iter().find(|hit| hit.article.cluster.is_some()).unwrap();
    let best = plain.hits.iter().find(|hit| hit.article.cluster.is_some()).unwrap();
    assert_eq!(harbour.article.id, best.article.id, "the best-ranked copy shows the story");
    let mut shown: Vec<&str> = harbour.copies.iter().map(String::as_str).collect();
    shown.push(&harbour.article.id);
    shown.sort();
    assert_eq!(
        shown,
        ["daily/harbour-reprint.md", "town/harbour-local.md", "weekly/harbour-short.md", "wire/harbour.md"]
    );
    let facets = stories.facets.unwrap();
    assert_eq!(facets.years.iter().map(|y| y.count).sum::<u64>(), 2);
    assert_eq!(facets.months.iter().map(|m| (m.value.as_str(), m.count)).collect::<Vec<_>>(), [("2021-03", 2)]);

    // A word only the local copy has: its story is that copy alone.
    let local = index.search(&SearchRequest::new("hauliers").dedup(true)).unwrap();
    assert_eq!((local.total, local.hits[0].copies.len()), (1, 0));

    // Passage scope: the passages of one article per story.
    let passages = SearchRequest::new("lose").scope(dateline::Scope::Passage);
    assert_eq!(index.search(&passages).unwrap().total, 3, "the trimmed copy lacks the passage");
    let deduped = index.search(&passages.clone().dedup(true)).unwrap();
    assert_eq!((deduped.total, deduped.hits[0].copies.len()), (1, 2));

    // Timeline: each story once, in the bucket of its earliest matching article.
    let days = |dedup: bool, from: Option<&str>| {
        let mut search = SearchRequest::new("strike OR measles").dedup(dedup);
        if let Some(from) = from {
            search = search.from(from.parse().unwrap());
        }
        let timeline = index.timeline(&TimelineRequest::new(search).by(Interval::Month)).unwrap();
        let points: Vec<(String, u64, u64)> =
            timeline.points().map(|p| (p.bucket.label.clone(), p.articles, p.bucket.bucket_articles)).collect();
        (timeline.total, points)
    };
    let march = |n, all| ("2021-03".to_string(), n, all);
    let april = ("2021-04".to_string(), 0, 0);
    let may = |n, all| ("2021-05".to_string(), n, all);
    assert_eq!(days(false, None), (7, vec![march(5, 5), april.clone(), may(2, 2)]));
    assert_eq!(days(true, None), (3, vec![march(2, 2), april.clone(), may(1, 1)]));
    // From 3 March the wire original is out of range: the story counts by its next copy.
    let (total, points) = days(true, Some("2021-03-03"));
    assert_eq!((total, &points[0]), (3, &march(2, 2)));

    // Concordance: the words of one article per story.
    let kwic = |dedup| index.concordance(&ConcordanceRequest::new(SearchRequest::new("lose").dedup(dedup))).unwrap();
    let (all, once) = (kwic(false), kwic(true));
    assert_eq!((all.total, all.articles), (3, 3));
    assert_eq!((once.total, once.articles), (1, 1));
    assert_eq!(once.lines[0].article_id, "wire/harbour.md", "the earliest copy is read");
    assert!(once.dedup && !all.dedup);

    // Collocates: the windows of one article per story.
    let collocates = |dedup| {
        let request = CollocatesRequest::new(SearchRequest::new("overtime").dedup(dedup)).min_freq(1);
        index.collocates(&request).unwrap()
    };
    let (all, once) = (collocates(false), collocates(true));
    assert_eq!((all.all.node_frequency, all.all.articles), (7, 4), "twice in each copy, once in the trimmed one");
    assert_eq!((once.all.node_frequency, once.all.articles), (2, 1));
    assert!(once.dedup && !all.dedup);

    // Similar: the article's own copies are the same story, not others like it.
    let similar = |dedup| {
        let request = SimilarRequest::new("wire/harbour.md").search(SearchRequest::default().dedup(dedup));
        index.similar(&request).unwrap().results.hits.into_iter().map(|hit| hit.article.id).collect::<Vec<_>>()
    };
    assert!(similar(false).contains(&"daily/harbour-reprint.md".to_string()));
    assert!(similar(true).iter().all(|id| !id.contains("harbour")), "{:?}", similar(true));
}

#[test]
fn the_duplicates_command_lists_clusters_in_every_format() {
    let env = TestEnv::new();
    first_corpus(&env);
    env.index_ok();
    let run = |args: &[&str]| {
        let output = env.cmd().arg("duplicates").args(args).arg("--index").arg(env.index_dir()).output().unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    let (code, jsonl) = run(&["--format", "jsonl"]);
    assert_eq!(code, Some(0));
    let records: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 2, "one record per cluster");
    assert_eq!(records[0]["cluster"], "wire/harbour.md", "largest first");
    assert_eq!(
        records[0]["articles"],
        serde_json::json!([
            "wire/harbour.md", "daily/harbour-reprint.md", "town/harbour-local.md", "weekly/harbour-short.md"
        ])
    );
    assert_eq!(records[0]["members"][0]["similarity"], 1.0);
    assert_eq!(records[0]["members"][1]["title"], "Cranes turn again in Velmora");
    let (_, jsonl) = run(&["measles", "--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 1, "only clusters with a matching article");
    let (code, _) = run(&["--min-size", "5"]);
    assert_eq!(code, Some(1), "no cluster of five");
    let (_, csv) = run(&["--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 6, "a header and one row per member");
    let (_, text) = run(&["--from", "2021-05", "--color", "never"]);
    assert!(text.contains("wire/clinics.md") && !text.contains("harbour"), "{text}");

    // The search summary says what its counts count.
    let plain = env.search_json(&["strike"]);
    assert_eq!(summary(&plain)["counts"], "articles");
    let stories = env.search_json(&["strike", "--dedup"]);
    assert_eq!(summary(&stories)["counts"], "stories");
    assert_eq!(summary(&stories)["total"], 2);
    assert_eq!(hits(&stories).iter().map(|h| h["copies"].as_array().map_or(0, Vec::len)).sum::<usize>(), 3);
    let text = env.search_text(&["strike", "--dedup"]);
    assert!(text.contains("(+3 copies: ") && text.contains("2 stories match"), "{text}");
}
