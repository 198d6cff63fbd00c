//! What the machine does to an index: a first build killed, a read-only archive, a full disk,
//! a second indexer, searches during an update. (Kills at exact points inside commits and
//! merges are the library's crash tests, `src/index/crash_tests.rs`.)
//!
//! The mount tests need root (CI runs as root); elsewhere they skip with a message.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dateline::{Error, Index, Indexer, SearchRequest};

use crate::util::TestEnv;

/// A generated article: a dated report that holds `word` once.
fn article(n: usize, word: &str) -> String {
    let topics = ["reservoir repairs", "tram extension", "school roofing", "harbour dredging", "library hours"];
    let topic = topics[n % topics.len()];
    format!(
        "date 20{:02}-{:02}-{:02} The regional council of Bramwell voted on the {word} plan for \
         district {n}, officials said on Thursday.\n\nCouncillor Ines Okafor said the vote on item {n} was close and \
         that the {topic} would go ahead in spring despite objections to the {topic}.\n\nResidents queued outside the town hall \
         to speak before the meeting ended late in the evening.\n",
        10 + n % 12,
        1 + n % 12,
        1 + n % 28
    )
}

fn write_articles(corpus: &Path, range: std::ops::Range<usize>, word: &str) {
    for n in range {
        let path = corpus.join(format!("{:02}/{n:05}.txt", n % 17));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, article(n, word)).unwrap();
    }
}

/// Runs `dateline ARGS`, returning its exit status and stderr.
fn run(env: &TestEnv, args: &[&str]) -> (Option<i32>, String) {
    let output = env.cmd().args(args).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The articles an index holds, by `dateline status --json`.
fn articles(env: &TestEnv, index: &Path) -> u64 {
    let output = env.cmd().args(["status", "--json", "--index"]).arg(index).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let status: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    status["articles"].as_u64().unwrap()
}

/// Every read command, run on the index at `index`: each must succeed.
fn read_commands(index: &Path) -> Vec<Vec<String>> {
    let id = "00/00000.txt".to_string();
    let index = index.display().to_string();
    [
        vec!["search", "budget"],
        vec!["show", &id],
        vec!["kwic", "budget"],
        vec!["facets", "--field", "country", "budget"],
        vec!["timeline", "budget"],
        vec!["similar", &id],
        vec!["status"],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).chain(["--index".to_string(), index.clone()]).collect())
    .collect()
}

#[test]
fn a_first_build_killed_before_its_commit_is_finished_by_the_next_run() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..1500, "harbour");
    let index = env.index_dir().join("new-index");
    let corpus = env.corpus.path().display().to_string();
    let index_arg = index.display().to_string();
    let mut refused_reads = 0;
    for delay in [30, 120, 400] {
        let _ = std::fs::remove_dir_all(&index);
        let mut child =
            env.process().args(["index", &corpus, "--index", &index_arg]).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        if !index.exists() {
            continue;
        }
        // A read says what is going on, and what to do.
        let (code, stderr) = run(&env, &["search", "harbour", "--index", &index_arg]);
        if code == Some(2) {
            assert!(stderr.contains("has no commit yet") && stderr.contains("dateline index"), "{stderr}");
            assert!(!stderr.contains("--rebuild") && !stderr.contains("not a dateline index"), "{stderr}");
            let (code, stderr) = run(&env, &["status", "--index", &index_arg]);
            assert_eq!(code, Some(2), "{stderr}");
            refused_reads += 1;
        } else {
            assert_eq!(code, Some(0), "{stderr}");
        }
        // The next run finishes the build.
        let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
        assert_eq!(code, Some(0), "the next run after a kill at {delay} ms: {stderr}");
        assert_eq!(articles(&env, &index), 1500);
    }
    assert!(refused_reads > 0, "no kill landed before the first commit");
}

#[test]
fn a_folder_that_is_not_an_index_is_still_refused_and_never_replaced() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..3, "harbour");
    let folder = env.index_dir().join("notes");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("thesis.md"), "chapter one").unwrap();
    let corpus = env.corpus.path().display().to_string();
    for args in [vec!["index", &corpus], vec!["index", &corpus, "--rebuild"]] {
        let (code, stderr) = run(&env, &[args, vec!["--index", folder.to_str().unwrap()]].concat());
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("is not a dateline index"), "{stderr}");
        assert_eq!(std::fs::read_to_string(folder.join("thesis.md")).unwrap(), "chapter one");
    }
}

/// A bind mount of `source` at `target`, read-only, undone on drop.
struct ReadOnlyMount {
    target: PathBuf,
}

impl ReadOnlyMount {
    /// `None` (after saying why) where this process may not mount.
    fn new(source: &Path, target: &Path) -> Option<ReadOnlyMount> {
        std::fs::create_dir_all(target).unwrap();
        let ok = |args: &[&str]| {
            Command::new("mount").args(args).stderr(Stdio::null()).status().is_ok_and(|status| status.success())
        };
        if !ok(&["--bind", source.to_str().unwrap(), target.to_str().unwrap()]) {
            eprintln!("skipped: mounting is not permitted here (this test needs root, as CI has)");
            return None;
        }
        let mount = ReadOnlyMount { target: target.to_path_buf() };
        if !ok(&["-o", "remount,bind,ro", target.to_str().unwrap()]) {
            eprintln!("skipped: a bind mount could not be made read-only here");
            return None;
        }
        Some(mount)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.target).status();
    }
}

#[test]
fn every_read_command_works_on_a_read_only_mount_and_updates_are_refused_without_harm() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..40, "budget");
    let built = env.index_dir().join("built");
    Indexer::new(&built).run(env.corpus.path(), &mut ()).unwrap();
    // As a lab share is: the lock file a reader would create does not exist there.
    let _ = std::fs::remove_file(built.join(".tantivy-meta.lock"));
    let Some(mount) = ReadOnlyMount::new(&built, &env.index_dir().join("share")) else { return };
    for args in read_commands(&mount.target) {
        let output = env.cmd().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?} on a read-only mount: {stderr}");
        assert!(!output.stdout.is_empty(), "{args:?} printed nothing");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    let index = Index::open(&mount.target).unwrap();
    assert_eq!(index.search(&SearchRequest::new("budget")).unwrap().total, 40);

    let corpus = env.corpus.path().display().to_string();
    let target = mount.target.display().to_string();
    for extra in [None, Some("--rebuild")] {
        let args: Vec<&str> = ["index", corpus.as_str(), "--index", target.as_str()].into_iter().chain(extra).collect();
        let (code, stderr) = run(&env, &args);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("cannot write to the index") && stderr.contains("searching it works"), "{stderr}");
        assert!(!stderr.contains("damaged"), "a read-only index is not damaged: {stderr}");
    }
    assert_eq!(articles(&env, &mount.target), 40);
}

#[test]
fn a_user_who_cannot_write_the_folder_can_still_read_the_index() {
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() || !Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n")) {
        eprintln!("skipped: needs root and setpriv, to run dateline as another user");
        return;
    }
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..20, "budget");
    let shared = env.index_dir().join("lab");
    Indexer::new(&shared).run(env.corpus.path(), &mut ()).unwrap();
    let _ = std::fs::remove_file(shared.join(".tantivy-meta.lock"));
    // The folder and the path to it readable by all, writable by its owner (root) only.
    use std::os::unix::fs::PermissionsExt;
    for dir in [env.index_dir(), &shared] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let binary = assert_cmd::cargo::cargo_bin("dateline");
    let as_nobody = |args: &[String]| {
        Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&binary)
            .args(args)
            .env_remove("DATELINE_INDEX")
            .output()
            .unwrap()
    };
    if !as_nobody(&["--version".to_string()]).status.success() {
        eprintln!("skipped: the test binary cannot be run as another user here");
        return;
    }
    for args in read_commands(&shared) {
        let output = as_nobody(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?} as a user who cannot write the folder: {stderr}");
    }
    let index =
        ["index", &env.corpus.path().display().to_string(), "--index", &shared.display().to_string()].map(String::from);
    let output = as_nobody(&index);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to the index") && !stderr.contains("damaged"), "{stderr}");
}

/// A small tmpfs, undone on drop.
struct SmallDisk {
    path: PathBuf,
}

impl SmallDisk {
    fn new(path: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(path).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs", path.to_str().unwrap()])
            .stderr(Stdio::null())
            .status();
        if !status.is_ok_and(|status| status.success()) {
            eprintln!("skipped: mounting a tmpfs is not permitted here (this test needs root, as CI has)");
            return None;
        }
        Some(SmallDisk { path: path.to_path_buf() })
    }

    fn grow(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}"), self.path.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_stops_the_run_cleanly_and_the_next_run_after_space_is_freed_completes() {
    let env = TestEnv::new();
    let Some(disk) = SmallDisk::new(&env.index_dir().join("disk"), "256k") else { return };
    let index = disk.path.join("index");
    let (corpus, index_arg) = (env.corpus.path().display().to_string(), index.display().to_string());

    // A first build that does not fit.
    write_articles(env.corpus.path(), 0..2500, "budget");
    let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no space left on the device of the index at"), "{stderr}");
    assert!(stderr.contains("while writing") && stderr.contains("roughly"), "{stderr}");
    assert_eq!(stderr.matches("os error 28").count(), 0, "the cause is said once, in words: {stderr}");
    let (code, stderr) = run(&env, &["search", "budget", "--index", &index_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("has no commit yet"), "{stderr}");

    // Room made: the next run completes.
    disk.grow("64m");
    let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(articles(&env, &index), 2500);

    // An update that does not fit leaves the index at its last commit, searchable.
    let used: u64 = std::fs::read_dir(&index).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    disk.grow(&format!("{}k", used / 1024 + 200));
    write_articles(env.corpus.path(), 2500..6000, "harvest");
    let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no space left") && stderr.contains("as it was at its last commit"), "{stderr}");
    assert_eq!(articles(&env, &index), 2500);
    let (code, stderr) = run(&env, &["search", "budget", "--index", &index_arg]);
    assert_eq!(code, Some(0), "{stderr}");

    disk.grow("256m");
    let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(articles(&env, &index), 6000);
    let leftovers: Vec<String> = std::fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index")
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn a_second_indexer_is_told_which_process_holds_the_index() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..8000, "budget");
    let index = env.index_dir().join("busy");
    let (corpus, index_arg) = (env.corpus.path().display().to_string(), index.display().to_string());
    let mut first =
        env.process().args(["index", &corpus, "--index", &index_arg]).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    while !index.join(".dateline-writer.pid").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let (code, stderr) = run(&env, &["index", &corpus, "--index", &index_arg]);
    let finished_first = first.try_wait().unwrap().is_some();
    let _ = first.kill();
    let _ = first.wait();
    if finished_first {
        eprintln!("skipped: the first run ended before the second started");
        return;
    }
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("another `dateline index` (process {})", first.id())), "{stderr}");
}

#[test]
fn searches_answer_throughout_an_update_its_commit_and_its_merges() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..600, "budget");
    let dir = env.index_dir().to_path_buf();
    Indexer::new(&dir).run(env.corpus.path(), &mut ()).unwrap();
    let mut held = Index::open(&dir).unwrap();
    assert_eq!(held.search(&SearchRequest::new("budget")).unwrap().total, 600);

    // The nightly change: 900 new articles, 60 rewritten with another word.
    write_articles(env.corpus.path(), 600..1500, "budget");
    write_articles(env.corpus.path(), 0..60, "harvest");
    let done = Arc::new(AtomicBool::new(false));
    let searcher = {
        let (dir, done) = (dir.clone(), done.clone());
        std::thread::spawn(move || {
            let mut seen = std::collections::BTreeSet::new();
            let mut searches = 0;
            while !done.load(Ordering::SeqCst) || searches < 5 {
                // A fresh process's open, as `dateline search` does it.
                let index = Index::open(&dir).unwrap_or_else(|e| panic!("an open during the update failed: {e}"));
                let total = index.search(&SearchRequest::new("budget")).unwrap().total;
                seen.insert((index.info().articles, total));
                searches += 1;
            }
            (seen, searches)
        })
    };
    Indexer::new(&dir).run(env.corpus.path(), &mut ()).unwrap();
    done.store(true, Ordering::SeqCst);
    let (seen, searches) = searcher.join().unwrap();
    for (articles, total) in &seen {
        assert!(
            [(600, 600), (1500, 1440)].contains(&(*articles, *total)),
            "a search saw a state that no commit had: {articles} articles, {total} with the word"
        );
    }
    eprintln!("{searches} searches during the update, states seen: {seen:?}");

    // The reader held all along still answers from the old commit, then moves on with reload.
    assert_eq!(held.search(&SearchRequest::new("budget")).unwrap().total, 600);
    assert!(held.reload().unwrap(), "a newer commit is there");
    assert_eq!(held.info().articles, 1500);
    assert_eq!(held.search(&SearchRequest::new("budget")).unwrap().total, 1440);
    assert_eq!(held.search(&SearchRequest::new("harvest")).unwrap().total, 60);
    assert!(!held.reload().unwrap(), "nothing newer");
}

#[test]
fn a_held_reader_reloads_across_a_rebuild() {
    let env = TestEnv::new();
    write_articles(env.corpus.path(), 0..30, "budget");
    let dir = env.index_dir().to_path_buf();
    Indexer::new(&dir).run(env.corpus.path(), &mut ()).unwrap();
    let mut held = Index::open(&dir).unwrap();
    write_articles(env.corpus.path(), 30..45, "budget");
    Indexer::new(&dir).rebuild(true).run(env.corpus.path(), &mut ()).unwrap();
    assert_eq!(held.search(&SearchRequest::new("budget")).unwrap().total, 30);
    assert!(held.reload().unwrap());
    assert_eq!(held.search(&SearchRequest::new("budget")).unwrap().total, 45);
    let error = Index::open(dir.join("missing")).unwrap_err();
    assert!(matches!(error, Error::IndexMissing { .. }));
}
