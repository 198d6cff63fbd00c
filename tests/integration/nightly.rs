//! Nightly runs: incremental updates, status, rebuild, crash safety, interruption, hostile
//! input and damaged indexes.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use dateline::{Index, Indexer, SearchRequest};
use predicates::str::contains;

use crate::util::{copy_dir, ids, summary, TestEnv};

/// A small article about `topic` with a unique marker word.
fn article(date: &str, n: usize, topic: &str) -> String {
    format!(
        "date {date} Minister Ana Ruiz said the {topic} talks in Peru would resume, marker{n}.\n\n\
         Delegates from Chile met on Monday. \"We are ready,\" Ruiz told reporters.\n\n\
         The {topic} question will return next week."
    )
}

fn write_corpus(env: &TestEnv, range: std::ops::Range<usize>, topic: &str) {
    for n in range {
        env.write(&format!("{:02}/{n:05}.txt", n % 37), article("2021-05-06", n, topic));
    }
}

fn report(env: &TestEnv) -> dateline::IndexReport {
    Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap()
}

#[test]
fn reruns_read_only_what_changed_and_keep_the_index_exact() {
    let env = TestEnv::new();
    write_corpus(&env, 0..40, "water");
    env.write("wire.jsonl", "{\"id\":\"w1\",\"date\":\"2022-01-01\",\"body\":\"Grain talks in Kenya.\"}\n");
    let first = report(&env);
    assert_eq!((first.added, first.changed, first.removed, first.unchanged), (41, 0, 0, 0));
    assert_eq!(first.articles, 41);

    let again = report(&env);
    assert_eq!((again.added, again.changed, again.removed, again.unchanged), (0, 0, 0, 41));
    assert_eq!(again.articles_written, 0);
    assert_eq!(again.info.fingerprint, first.info.fingerprint);

    // Add one, change one, remove one, touch one (same bytes, new mtime), change the JSON Lines file.
    env.write("new/extra.txt", article("2023-01-01", 999, "grain"));
    env.write("03/00003.txt", article("2021-05-06", 3, "drought"));
    std::fs::remove_file(env.corpus.path().join("05/00005.txt")).unwrap();
    let touched = env.corpus.path().join("07/00007.txt");
    let bytes = std::fs::read(&touched).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&touched, bytes).unwrap();
    env.write("wire.jsonl", "{\"id\":\"w1\",\"date\":\"2022-01-01\",\"body\":\"Grain talks in Ghana.\"}\n{\"id\":\"w2\",\"date\":\"2022-01-02\",\"body\":\"More grain.\"}\n");
    let update = report(&env);
    assert_eq!((update.added, update.changed, update.removed), (1, 2, 1));
    assert_eq!(update.unchanged, 38, "39 stamps unchanged or same bytes, minus the two changed");
    assert_eq!(update.articles_written, 1 + 1 + 2);
    assert_eq!(update.articles, 42);

    // Nothing twice, nothing stale, nothing lost.
    let index = Index::open(env.index_dir()).unwrap();
    let count = |q: &str| index.search(&SearchRequest::new(q).limit(0)).unwrap().total;
    assert_eq!(count("marker3"), 1);
    assert_eq!(count("marker3 drought"), 1);
    assert_eq!(count("marker3 water"), 0);
    assert_eq!(count("marker5"), 0);
    assert_eq!(count("marker999"), 1);
    assert_eq!(count("Kenya"), 0);
    assert_eq!(count("grain Ghana"), 1);
    assert_eq!(count("talks"), 40 + 1, "40 text articles (one removed, one added) and the JSON Lines w1");

    // The result equals a fresh build of the same corpus.
    let fresh = tempfile::tempdir().unwrap();
    let rebuilt = Indexer::new(fresh.path()).run(env.corpus.path(), &mut ()).unwrap();
    assert_eq!(rebuilt.info.fingerprint, update.info.fingerprint);
    assert_eq!((rebuilt.articles, rebuilt.passages), (update.articles, update.passages));
}

#[test]
fn a_file_that_cannot_be_read_now_keeps_what_the_index_holds() {
    let env = TestEnv::new();
    write_corpus(&env, 0..3, "water");
    report(&env);
    // Replace a file by a dangling link: the walk reports it, and its article stays.
    let path = env.corpus.path().join("01/00001.txt");
    std::fs::remove_file(&path).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/file.txt", &path).unwrap();
    let again = Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    assert_eq!(again.skipped.len(), 1, "{:?}", again.skipped);
    assert_eq!(again.articles, 3, "the unreadable file's article is kept");
    let index = Index::open(env.index_dir()).unwrap();
    assert_eq!(index.search(&SearchRequest::new("marker1").limit(0)).unwrap().total, 1);
}

#[test]
fn status_reports_the_commit_and_whether_the_corpus_changed() {
    use predicates::prelude::PredicateBooleanExt;
    let env = TestEnv::new();
    write_corpus(&env, 0..5, "water");
    env.index_ok();
    let status = |extra: &[&str]| {
        let mut cmd = env.cmd();
        cmd.arg("status").arg(env.corpus.path()).arg("--index").arg(env.index_dir()).args(extra);
        cmd
    };
    status(&[]).assert().code(0).stdout(contains("up to date: 0 added, 0 changed, 0 removed, 5 unchanged"));
    status(&[]).assert().stdout(contains("phrases:     word pairs of ").and(contains(" common words (")));
    env.write("01/00001.txt", article("2021-05-06", 1, "grain"));
    env.write("zz.txt", article("2021-05-06", 77, "grain"));
    let output = status(&["--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "stale");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["changes"]["added"], serde_json::json!(["zz.txt"]));
    assert_eq!(json["changes"]["changed"], serde_json::json!(["01/00001.txt"]));
    assert_eq!(json["articles"], 5);
    assert_eq!(json["schema_version"], 8);
    assert_eq!(json["fingerprint"].as_str().unwrap().len(), 16);
    // The JSON search summary names the commit that answered.
    let records = env.search_json(&["talks"]);
    assert_eq!(summary(&records)["index"]["fingerprint"], json["fingerprint"]);
}

#[test]
fn rebuild_swaps_in_a_fresh_index_while_the_old_one_serves() {
    let env = TestEnv::new();
    write_corpus(&env, 0..10, "water");
    env.index_ok();
    let before = Index::open(env.index_dir()).unwrap();
    write_corpus(&env, 10..12, "grain");
    env.cmd()
        .arg("index")
        .arg(env.corpus.path())
        .arg("--index")
        .arg(env.index_dir())
        .arg("--rebuild")
        .assert()
        .success();
    // The index opened before the swap still answers from its commit.
    assert_eq!(before.search(&SearchRequest::new("talks").limit(0)).unwrap().total, 10);
    let after = Index::open(env.index_dir()).unwrap();
    assert_eq!(after.search(&SearchRequest::new("talks").limit(0)).unwrap().total, 12);
    assert!(!env
        .index_dir()
        .with_file_name(format!("{}.rebuild", env.index_dir().file_name().unwrap().to_string_lossy()))
        .exists());
}

#[test]
fn strict_makes_skipped_files_an_error_for_cron() {
    let env = TestEnv::new();
    write_corpus(&env, 0..2, "water");
    env.write("bad.txt", "no date here");
    let index = |strict: bool| {
        let mut cmd = env.cmd();
        cmd.arg("index").arg(env.corpus.path()).arg("--index").arg(env.index_dir());
        if strict {
            cmd.arg("--strict");
        }
        cmd
    };
    index(false).assert().code(0).stderr(contains("skipped bad.txt:1: no date"));
    index(true).assert().code(3).stderr(contains("skipped bad.txt:1: no date"));
    // A skipped file is read again on every run, so it keeps being reported until fixed.
    index(false).assert().code(0).stderr(contains("skipped bad.txt:1"));
    env.write("bad.txt", article("2021-01-01", 5, "fixed"));
    index(true).assert().code(0);
}

/// Files in the index directory that no commit refers to.
fn orphans(dir: &Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let segments: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| !name.starts_with('.') && name != "meta.json" && name != "dateline-index.json")
        .filter(|name| !segments.iter().any(|s| name.starts_with(s.as_str())))
        .collect()
}

/// Kills the indexer (SIGKILL) at many points of an update run and checks after each kill that
/// the index opens and holds exactly its previous commit or the new one, and that the next run
/// completes it to exactly the corpus, leaving no stray files.
#[test]
fn killing_the_indexer_at_any_point_loses_nothing_and_duplicates_nothing() {
    let env = TestEnv::new();
    write_corpus(&env, 0..600, "water");
    let base = report(&env);
    let snapshot = tempfile::tempdir().unwrap();
    copy_dir(env.index_dir(), snapshot.path());
    // The nightly change: 600 new files, 100 changed, 50 removed.
    write_corpus(&env, 600..1200, "grain");
    write_corpus(&env, 0..100, "drought");
    for n in 100..150 {
        std::fs::remove_file(env.corpus.path().join(format!("{:02}/{n:05}.txt", n % 37))).unwrap();
    }
    let expected = Indexer::new(tempfile::tempdir().unwrap().path()).run(env.corpus.path(), &mut ()).unwrap();

    let index_dir = tempfile::tempdir().unwrap();
    let run_dir = index_dir.path().join("index");
    let spawn = || {
        env.process()
            .arg("index")
            .arg(env.corpus.path())
            .arg("--index")
            .arg(&run_dir)
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long an uninterrupted update takes.
    copy_dir(snapshot.path(), &run_dir);
    let started = Instant::now();
    assert!(spawn().wait().unwrap().success());
    let full = started.elapsed();

    let points = 24;
    let (mut before_commit, mut after_commit) = (0, 0);
    for point in 0..points {
        std::fs::remove_dir_all(&run_dir).unwrap();
        copy_dir(snapshot.path(), &run_dir);
        let mut child = spawn();
        std::thread::sleep(full.mul_f64(point as f64 / points as f64 * 1.1));
        let _ = child.kill();
        let _ = child.wait();

        let index =
            Index::open(&run_dir).unwrap_or_else(|e| panic!("kill point {point}: the index does not open: {e}"));
        let info = index.info().clone();
        if info.fingerprint == base.info.fingerprint {
            assert_eq!((info.articles, info.passages), (base.articles, base.passages), "kill point {point}");
            before_commit += 1;
        } else {
            assert_eq!(info.fingerprint, expected.info.fingerprint, "kill point {point}: a half commit");
            assert_eq!((info.articles, info.passages), (expected.articles, expected.passages), "kill point {point}");
            after_commit += 1;
        }
        let total = index.search(&SearchRequest::new("talks").limit(0)).unwrap().total;
        assert_eq!(total, info.articles, "kill point {point}: every article once");
        drop(index);

        // The next run completes it, and cleans up what the killed one left.
        let done = Indexer::new(&run_dir).run(env.corpus.path(), &mut ()).unwrap();
        assert_eq!(done.info.fingerprint, expected.info.fingerprint, "kill point {point}");
        assert_eq!((done.articles, done.passages), (expected.articles, expected.passages), "kill point {point}");
        assert_eq!(orphans(&run_dir), Vec::<String>::new(), "kill point {point}: leftover files");
    }
    println!("{points} kill points over {full:?}: {before_commit} before the commit, {after_commit} after");
    assert!(before_commit > 0, "no kill landed before the commit");
}

#[test]
fn ctrl_c_stops_before_the_commit_with_status_130() {
    let env = TestEnv::new();
    write_corpus(&env, 0..300, "water");
    let base = report(&env);
    // Enough to take several times the 300 ms before the signal (about 1.2 s in a debug build):
    // a signal that lands during the commit is too late to stop it.
    write_corpus(&env, 300..6000, "grain");
    let child = env
        .process()
        .arg("index")
        .arg(env.corpus.path())
        .arg("--index")
        .arg(env.index_dir())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let sent = std::process::Command::new("kill").arg("-INT").arg(child.id().to_string()).status().unwrap();
    assert!(sent.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted: nothing was committed"), "{stderr}");
    let index = Index::open(env.index_dir()).unwrap();
    assert_eq!(index.info().fingerprint, base.info.fingerprint);
    assert_eq!(index.info().articles, 300);
}

#[test]
fn hostile_files_are_reported_and_everything_around_them_indexed() {
    let env = TestEnv::new();
    write_corpus(&env, 0..3, "water");
    // Too large for --max-article-size 1 (MB), and a 2 MB JSON Lines line with no newline.
    env.write("huge.txt", format!("date 2021-01-01 {}", "word ".repeat(300_000)));
    env.write(
        "long-line.jsonl",
        format!("{{\"id\":\"fine\",\"date\":\"2021-01-01\",\"body\":\"ok\"}}\n{}", "x".repeat(2_000_000)),
    );
    // Deeply nested, a symbolic link loop, a dangling link, a file name that is not UTF-8.
    let deep = (0..40).map(|i| format!("d{i}")).collect::<Vec<_>>().join("/");
    env.write(&format!("{deep}/deep.txt"), article("2021-01-01", 900, "deep"));
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink(env.corpus.path(), env.corpus.path().join("loop")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/file.txt", env.corpus.path().join("dangling.txt")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(env.corpus.path().join(name), article("2021-01-01", 901, "latin1 name")).unwrap();
    }
    // A file unreadable for its permissions. Root reads it anyway, so this part only runs for
    // other users; as root the same path (a read that fails) is taken by the dangling link.
    let unreadable = env.write("locked.txt", article("2021-01-01", 902, "locked"));
    let root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    #[cfg(unix)]
    if !root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let output = env.index_with(&["--max-article-size", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    if !root {
        assert!(stderr.contains("skipped locked.txt: cannot read the file: Permission denied"), "{stderr}");
    }
    for expected in [
        "skipped huge.txt: 1500016 bytes is more than the 1048576-byte limit",
        "skipped long-line.jsonl:2: 2000000 bytes is more than the 1048576-byte limit",
        "symbolic link loop",
        "dangling.txt",
    ] {
        assert!(stderr.contains(expected), "missing `{expected}` in:\n{stderr}");
    }
    let found = ids(&env.search_json(&["talks OR ok", "-n", "50"]));
    for id in ["00/00000.txt", "fine", &format!("{deep}/deep.txt"), "caf\u{fffd}.txt"] {
        assert!(found.iter().any(|f| f == id), "missing {id} in {found:?}");
    }
}

#[test]
fn damaged_indexes_are_reported_not_guessed_at() {
    let env = TestEnv::indexed();
    // A deleted segment file.
    let victim = std::fs::read_dir(env.index_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .unwrap();
    std::fs::remove_file(&victim).unwrap();
    env.search(&["ceasefire"])
        .assert()
        .code(2)
        .stderr(contains("is damaged").and(contains("dateline index --rebuild")));

    // A truncated segment file: an error, never a panic.
    let env = TestEnv::indexed();
    for entry in std::fs::read_dir(env.index_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pos" || e == "store") {
            let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.set_len(file.metadata().unwrap().len() / 2).unwrap();
        }
    }
    let output = env.search(&["ceasefire"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

use predicates::prelude::PredicateBooleanExt;

/// Each run adds a segment; the merges its commit starts must land, or the segments of every
/// night would pile up.
#[test]
fn nightly_runs_merge_their_segments() {
    let env = TestEnv::new();
    let segments = || {
        std::fs::read_dir(env.index_dir())
            .unwrap()
            .filter(|entry| entry.as_ref().unwrap().path().extension().is_some_and(|e| e == "idx"))
            .count()
    };
    for night in 0..12 {
        env.write(&format!("night-{night:02}.txt"), article("2021-05-06", night, "grain"));
        Indexer::new(env.index_dir()).run(env.corpus.path(), &mut ()).unwrap();
    }
    assert!(segments() <= 8, "{} segments after 12 runs", segments());
    let index = Index::open(env.index_dir()).unwrap();
    assert_eq!(index.search(&SearchRequest::new("grain").limit(0)).unwrap().total, 12);
}

/// Each run leaves a small segment per indexing thread; runs of small changes merge them, so a
/// search does not pay for a pile of small segments after weeks of nightly runs.
#[test]
fn nightly_runs_of_small_changes_do_not_pile_up_segments() {
    let env = TestEnv::new();
    write_corpus(&env, 0..400, "water");
    report(&env);
    let segments = || tantivy::Index::open_in_dir(env.index_dir()).unwrap().searchable_segment_ids().unwrap().len();
    let after_build = segments();
    for night in 0..10 {
        write_corpus(&env, night * 7..night * 7 + 7, &format!("grain{night}"));
        env.write(&format!("new/{night}.txt"), article("2021-06-01", 1000 + night, "grain"));
        let report = report(&env);
        assert_eq!((report.changed, report.added), (7, 1));
        // The run's small segments are merged into one at its commit, with the segment the
        // earlier nights merged, until that one holds half as many live documents as the
        // largest (which lose theirs as articles change): from then the run's new segment
        // stays beside it, and the next night's joins it. The count stays bounded.
        assert!(segments() <= after_build + 2, "night {night}: {} segments, {after_build} after the build", segments());
    }
    assert_eq!(dateline::Index::open(env.index_dir()).unwrap().info().articles, 410);
}
