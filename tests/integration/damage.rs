//! Damaged index files: every kind of file an index holds, cut short, overwritten with zeros or
//! deleted. Every command says the index is damaged, names the file and says to rebuild, with
//! exit status 2 and no panic; `dateline index --rebuild` then recovers.

use std::path::{Path, PathBuf};

use crate::util::{copy_dir, TestEnv, ARTICLES};

/// How a file is damaged.
#[derive(Debug, Clone, Copy)]
enum Harm {
    Truncate,
    Zero,
    Delete,
}

fn harm(file: &Path, how: Harm) {
    match how {
        Harm::Truncate => {
            let len = std::fs::metadata(file).unwrap().len();
            std::fs::OpenOptions::new().write(true).open(file).unwrap().set_len(len / 2).unwrap();
        }
        Harm::Zero => {
            let len = std::fs::metadata(file).unwrap().len() as usize;
            std::fs::write(file, vec![0u8; len]).unwrap();
        }
        Harm::Delete => std::fs::remove_file(file).unwrap(),
    }
}

/// Damages the index at a path.
type Damage = dyn Fn(&Path);

/// The files of the index with this name or extension (a segment's component).
fn files(index: &Path, kind: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name == kind || path.extension().is_some_and(|ext| ext == kind)
        })
        .collect();
    found.sort();
    found
}

/// Rewrites the commit record in meta.json.
fn set_payload(index: &Path, payload: Option<&str>) {
    let path = index.join("meta.json");
    let mut meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    match payload {
        Some(payload) => meta["payload"] = payload.into(),
        None => {
            meta.as_object_mut().unwrap().remove("payload");
        }
    }
    std::fs::write(path, meta.to_string()).unwrap();
}

#[test]
fn every_damaged_index_file_is_named_and_a_rebuild_recovers() {
    let env = TestEnv::indexed();
    let good = env.index_dir();
    let articles = ARTICLES.len() as u64 + 1; // the JSON Lines file holds two
    let corpus = env.corpus.path().display().to_string();
    // Each case: what it is, how it damages an index, and what the message must name.
    let mut cases: Vec<(String, Box<Damage>, &str)> = Vec::new();
    for component in ["term", "idx", "pos", "store", "fast", "fieldnorm"] {
        for how in [Harm::Truncate, Harm::Zero, Harm::Delete] {
            let label = format!("{component} {how:?}");
            let damage = move |index: &Path| files(index, component).iter().for_each(|file| harm(file, how));
            cases.push((label, Box::new(damage), component));
        }
    }
    for how in [Harm::Truncate, Harm::Zero, Harm::Delete] {
        cases.push((
            format!("meta.json {how:?}"),
            Box::new(move |index| harm(&index.join("meta.json"), how)),
            "meta.json",
        ));
    }
    for how in [Harm::Truncate, Harm::Zero] {
        let damage = move |index: &Path| harm(&index.join(".managed.json"), how);
        cases.push((format!(".managed.json {how:?}"), Box::new(damage), ".managed.json"));
    }
    cases.push((
        "commit record garbled".into(),
        Box::new(|index| set_payload(index, Some("{\"schema"))),
        "commit record",
    ));
    cases.push(("commit record removed".into(), Box::new(|index| set_payload(index, None)), "commit record"));

    let copies = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (label, damage, named) in &cases {
        let index = copies.path().join(format!("case-{checked}"));
        let _ = std::fs::remove_dir_all(&index);
        copy_dir(good, &index);
        damage(&index);
        let index_arg = index.display().to_string();
        let commands: [&[&str]; 8] = [
            &["search", "ceasefire"],
            &["show", "2019/geneva-talks.txt"],
            &["kwic", "ceasefire"],
            &["facets", "--field", "country", "ceasefire"],
            &["timeline", "ceasefire"],
            &["similar", "2019/geneva-talks.txt"],
            &["status"],
            &["index", &corpus],
        ];
        for args in commands {
            let output = env.cmd().args(args).args(["--index", &index_arg]).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let what = format!("{label}, `dateline {}`: {stderr}", args.join(" "));
            assert_eq!(output.status.code(), Some(2), "{what}");
            assert!(!stderr.contains("panicked"), "{what}");
            assert!(stderr.contains("is damaged") && stderr.contains("dateline index --rebuild"), "{what}");
            assert!(stderr.contains(named), "the message names {named}: {what}");
            assert!(output.stdout.is_empty(), "no answer from a damaged index: {what}");
        }
        let output = env.cmd().args(["index", &corpus, "--rebuild", "--index", &index_arg]).output().unwrap();
        assert!(output.status.success(), "{label}: --rebuild: {}", String::from_utf8_lossy(&output.stderr));
        let index = dateline::Index::open(&index).unwrap();
        assert_eq!(index.info().articles, articles, "{label}: rebuilt");
        checked += 1;
    }
    eprintln!("{checked} kinds of damage, each checked with 8 commands and recovered by --rebuild");
    assert_eq!(checked, 25);
}
