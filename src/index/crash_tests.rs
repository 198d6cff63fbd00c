//! Crash and full-disk tests: runs killed at many points of a first build, an update and a
//! `--rebuild` (including inside the commit and the merges after it), and runs that meet a full
//! disk. After each: the index opens at its old or new commit (or says it has none yet), a
//! search answers from that commit, and the next run ends with exactly the corpus: no article
//! lost, none doubled, no file left that no commit uses.
//!
//! `DATELINE_KILL_POINTS` sets the kill points asked per kind of run (default 25: about 60 in
//! all, as a phase offers no more points than it makes changes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::fault::{Faults, Phase};
use super::manifest::{column_strings, live_docs_of_kind};
use super::schema::{field, KIND_ARTICLE};
use super::{open_index_dir, MARKER};
use crate::error::Error;
use crate::index::writer::IndexObserver;
use crate::{Index, Indexer, SearchRequest};

/// A word every article holds once.
const COMMON: &str = "harbour";

fn article(n: usize, version: &str) -> String {
    let places = ["Valdora", "Kestrel Bay", "Morrow Point", "the northern quay", "Lindhaven"];
    let place = places[n % places.len()];
    format!(
        "date 2021-{:02}-{:02} The {COMMON} authority in {place} reported record cargo volumes of \
         {} tonnes, officials said on {version} Tuesday.\n\nDeputy director Amara Velasquez said crews \
         worked through the night to clear berth {n}, and that tariff talks would resume.\n\n\
         Dockworkers told reporters the queue of vessels had shrunk to {} ships.\n",
        1 + n % 12,
        1 + n % 28,
        // A figure of its own: articles of one template whose figures differ are not copies.
        10_000 + 37 * n,
        n % 9 + 2,
    )
}

fn record(id: &str, n: usize) -> String {
    let body = format!(
        "Ferry crossings from the {COMMON} resumed after the storm, the operator said. Line {n} \
         runs twice daily.\n\nPassengers waited for hours at the terminal on Monday."
    );
    serde_json::json!({ "id": id, "date": format!("2022-03-{:02}", 1 + n % 28), "title": format!("Ferries {n}"), "body": body })
        .to_string()
}

/// Writes corpus version A or B into `dir` (B: some files removed, changed and added, a JSON
/// Lines file with a record removed, one changed and one added).
fn write_corpus(dir: &Path, b: bool) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("port")).unwrap();
    for n in 0..100 {
        if b && n % 25 == 0 {
            continue; // removed
        }
        let version = if b && n % 25 == 1 { "a revised" } else { "the first" };
        std::fs::write(dir.join(format!("port/{n:03}.txt")), article(n, version)).unwrap();
    }
    if b {
        for n in 100..103 {
            std::fs::write(dir.join(format!("port/{n:03}.txt")), article(n, "a new")).unwrap();
        }
    }
    let records: Vec<String> = (0..5)
        .filter(|n| !(b && *n == 3))
        .map(|n| record(&format!("ferry-{n}"), if b && n == 4 { 50 } else { n }))
        .chain(b.then(|| record("ferry-9", 9)))
        .collect();
    std::fs::write(dir.join("ferries.jsonl"), records.join("\n") + "\n").unwrap();
}

/// The article ids of every live article document, with repeats (a doubled article shows twice).
fn article_ids(dir: &Path) -> Vec<String> {
    let opened = open_index_dir(dir, None).unwrap();
    let searcher = opened.index.reader().unwrap().searcher();
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let docs = live_docs_of_kind(segment, &opened.fields, KIND_ARTICLE).unwrap();
        let Some(column) = segment.fast_fields().str(field::ARTICLE_ID).unwrap() else { continue };
        let names = column_strings(&column).unwrap();
        for doc in docs {
            ids.extend(column.term_ords(doc).map(|ord| names[ord as usize].clone()));
        }
    }
    ids.sort();
    ids
}

/// Files in the index folder that no commit uses (and an unfinished rebuild beside it).
fn orphans(dir: &Path) -> Vec<String> {
    let opened = open_index_dir(dir, None).unwrap();
    let used: BTreeSet<String> = ["meta.json", ".managed.json", MARKER, ".tantivy-writer.lock", ".tantivy-meta.lock"]
        .into_iter()
        .map(String::from)
        .collect();
    // A segment's files are named by its id: `<id>.<component>`, and `<id>.<opstamp>.del`.
    let segments: Vec<String> = opened
        .index
        .searchable_segment_metas()
        .unwrap()
        .iter()
        .map(|meta| format!("{}.", meta.id().uuid_string()))
        .collect();
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !used.contains(name) && !segments.iter().any(|id| name.starts_with(id.as_str())))
        .collect();
    let rebuild = dir.with_file_name(format!("{}.rebuild", dir.file_name().unwrap().to_string_lossy()));
    if rebuild.exists() {
        found.push(rebuild.display().to_string());
    }
    found
}

/// Tells the faults which phase the run is in.
struct Phases(Arc<Faults>);

impl IndexObserver for Phases {
    fn committing(&mut self) {
        self.0.set_phase(Phase::Commit);
    }
    fn merging(&mut self) {
        self.0.set_phase(Phase::Merge);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    FirstBuild,
    Update,
    Rebuild,
}

struct Setup {
    _tmp: tempfile::TempDir,
    index: std::path::PathBuf,
    corpus: std::path::PathBuf,
}

/// An index folder in the state before the run of `kind`, and corpus B to run it on.
fn setup(kind: Kind) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let (index, corpus) = (tmp.path().join("idx"), tmp.path().join("corpus"));
    if kind != Kind::FirstBuild {
        // Corpus A in two runs, so that the index has a large segment and a small one, and the
        // run under test, adding another small one, ends with a merge.
        write_corpus(&corpus, false);
        let held_back: Vec<_> = (90..94).map(|n| corpus.join(format!("port/{n:03}.txt"))).collect();
        let texts: Vec<String> = held_back.iter().map(|path| std::fs::read_to_string(path).unwrap()).collect();
        held_back.iter().for_each(|path| std::fs::remove_file(path).unwrap());
        one_thread(Indexer::new(&index)).run(&corpus, &mut ()).unwrap();
        held_back.iter().zip(texts).for_each(|(path, text)| std::fs::write(path, text).unwrap());
        one_thread(Indexer::new(&index)).run(&corpus, &mut ()).unwrap();
    }
    write_corpus(&corpus, true);
    Setup { _tmp: tmp, index, corpus }
}

/// An indexer with one writing thread (a budget under twice tantivy's least per thread), so
/// that each run writes one segment and the changes of a run come in the same order each time.
fn one_thread(indexer: Indexer) -> Indexer {
    indexer.memory_budget(20_000_000)
}

fn indexer(setup: &Setup, kind: Kind) -> Indexer {
    one_thread(Indexer::new(&setup.index)).rebuild(kind == Kind::Rebuild)
}

/// The articles of corpus A and B, as a clean build indexes them.
fn expected() -> (Vec<String>, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let ids = |b| {
        let (index, corpus) = (tmp.path().join(format!("idx-{b}")), tmp.path().join(format!("corpus-{b}")));
        write_corpus(&corpus, b);
        Indexer::new(&index).run(&corpus, &mut ()).unwrap();
        article_ids(&index)
    };
    (ids(false), ids(true))
}

/// What the index answers now: `None` when it has no commit yet, else its article ids (checked
/// against a search for the word every article holds).
fn answers(dir: &Path) -> Option<Vec<String>> {
    match Index::open(dir) {
        Err(Error::NoCommit { .. }) => None,
        Err(error) => panic!("the index at {} does not open after a kill: {error}", dir.display()),
        Ok(index) => {
            let ids = article_ids(dir);
            let found = index.search(&SearchRequest::new(COMMON).limit(1)).unwrap();
            assert_eq!(found.total as usize, ids.len(), "a search counts what the commit holds");
            Some(ids)
        }
    }
}

/// Runs the next (fault-free) run and checks it ends with exactly corpus B.
fn check_recovers(setup: &Setup, b: &[String]) {
    let report = Indexer::new(&setup.index).run(&setup.corpus, &mut ()).unwrap();
    assert_eq!(report.articles as usize, b.len());
    assert_eq!(article_ids(&setup.index), b, "exactly the corpus: nothing lost, nothing doubled");
    assert_eq!(orphans(&setup.index), Vec::<String>::new(), "no file left that no commit uses");
}

/// Kill points per kind of run.
fn points_per_kind() -> usize {
    std::env::var("DATELINE_KILL_POINTS").ok().and_then(|v| v.parse().ok()).unwrap_or(25)
}

/// Changes at which to kill a run of `kind`: spread over the changes of each phase (writing,
/// commit, merges) of a fault-free run, so that each phase gets its share.
fn kill_points(kind: Kind, points: usize) -> Vec<u64> {
    let setup = setup(kind);
    let faults = Faults::none();
    indexer(&setup, kind).wrap_directory(faults.wrap()).run(&setup.corpus, &mut Phases(faults.clone())).unwrap();
    let phases = faults.phases();
    let by_phase: Vec<Vec<u64>> = [Phase::Writing, Phase::Commit, Phase::Merge]
        .into_iter()
        .map(|phase| (1..=phases.len() as u64).filter(|&n| phases[n as usize - 1] == phase).collect::<Vec<u64>>())
        .filter(|changes| !changes.is_empty())
        .collect();
    let mut chosen = BTreeSet::new();
    for (i, changes) in by_phase.iter().enumerate() {
        let share = (points / by_phase.len() + usize::from(i < points % by_phase.len())).min(changes.len());
        chosen.extend((0..share).map(|k| changes[k * changes.len() / share]));
    }
    chosen.into_iter().collect()
}

#[test]
fn killed_runs_leave_an_index_that_opens_and_the_next_run_finishes() {
    let (a, b) = expected();
    let mut landed: BTreeMap<(Kind, Phase), usize> = BTreeMap::new();
    let points = points_per_kind();
    let mut chosen = 0;
    for kind in [Kind::FirstBuild, Kind::Update, Kind::Rebuild] {
        let kills = kill_points(kind, points);
        chosen += kills.len();
        for point in kills {
            let setup = setup(kind);
            let faults = Faults::kill_at(point);
            let mut phases = Phases(faults.clone());
            // Whatever the run returns, the process is taken to have died at the kill.
            let _ = indexer(&setup, kind).wrap_directory(faults.wrap()).run(&setup.corpus, &mut phases);
            let Some(phase) = faults.killed_in() else {
                eprintln!("{kind:?}: kill at {point} did not land ({} changes)", faults.changes());
                continue;
            };
            *landed.entry((kind, phase)).or_default() += 1;
            match (kind, answers(&setup.index)) {
                (Kind::FirstBuild, None) => {}
                (_, Some(ids)) if ids == b || (kind != Kind::FirstBuild && ids == a) => {}
                (_, other) => panic!("{kind:?} killed at change {point} ({phase:?}): the index holds {other:?}"),
            }
            check_recovers(&setup, &b);
        }
    }
    let total: usize = landed.values().sum();
    eprintln!("{total} of {chosen} kill points landed, by run and phase: {landed:?}");
    // A phase offers as many points as it makes changes; each run makes its changes in the
    // same order (one writing thread), so every chosen point lands.
    assert!(total >= chosen * 9 / 10, "most kill points landed: {landed:?}");
    assert!(total >= 50.min(3 * points), "at least 50 kill points in all: {landed:?}");
    for kind in [Kind::FirstBuild, Kind::Update, Kind::Rebuild] {
        assert!(landed.get(&(kind, Phase::Commit)).is_some_and(|n| *n > 0), "{kind:?}: kills inside the commit");
    }
    assert!(landed.get(&(Kind::Update, Phase::Merge)).is_some_and(|n| *n > 0), "kills inside the update's merges");
}

#[test]
fn a_full_disk_stops_the_run_with_its_file_and_the_next_run_finishes() {
    let (a, b) = expected();
    for kind in [Kind::FirstBuild, Kind::Update, Kind::Rebuild] {
        for limit in [2_000, 60_000, 250_000] {
            let setup = setup(kind);
            let faults = Faults::full_after(limit);
            let outcome = indexer(&setup, kind).wrap_directory(faults.wrap()).run(&setup.corpus, &mut ());
            let Err(error) = outcome else { continue };
            let Error::OutOfSpace { ref path, ref file, committed, cleaned, needed, .. } = error else {
                panic!("{kind:?} with {limit} bytes of room: {error:?}");
            };
            let message = error.to_string();
            assert!(message.contains("no space left") && message.contains("then index again"), "{message}");
            assert!(file.is_some(), "the file being written is named: {message}");
            // Only a run that could not even create the index knows nothing of its corpus yet.
            let creating = file.as_ref().is_some_and(|file| file.ends_with("meta.json"));
            assert!(needed > 0 || creating, "{message}");
            assert_eq!(committed, kind != Kind::FirstBuild, "{kind:?}: {message}");
            assert!(cleaned, "{message}");
            assert_eq!(path, &setup.index, "{message}");
            match answers(&setup.index) {
                None => assert_eq!(kind, Kind::FirstBuild),
                Some(ids) => assert_eq!(ids, a, "the index stays at its last commit"),
            }
            if kind != Kind::FirstBuild || setup.index.join("meta.json").exists() {
                assert_eq!(orphans(&setup.index), Vec::<String>::new(), "the failed run's files are removed");
            }
            check_recovers(&setup, &b);
        }
    }
}
