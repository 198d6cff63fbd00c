//! A test environment: a temporary corpus and index, and the real `dateline` binary run with a
//! hermetic environment.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// Copies the files of the folder `from` (an index: no subfolders) into `to`, made if missing.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The articles most search tests run against: their answers are known.
pub const ARTICLES: &[(&str, &str)] = &[
    (
        "2019/geneva-talks.txt",
        "date 2019-03-22 Foreign Minister Ingrid Solberg said the ceasefire between Armenia and Azerbaijan \
         must be monitored.\n\n\"A ceasefire without observers is a wish,\" Solberg told reporters in Geneva.\n\n\
         Grain exports through the Black Sea were not discussed.",
    ),
    (
        "2020/port-strike.txt",
        " date 2020-07-02 Dockworkers in Rotterdam walked out on Monday, halting grain shipments.\n\n\
         Union leader Marieke de Vries said the strike would last a week. The Dutch government said little.\n\n\
         Exports of grain to Kenya were delayed, according to Tomas Varga.",
    ),
    (
        "2022/grain-corridor.txt",
        "date 2022-08-01 The first ship left Odesa under the new corridor deal, carrying grain exports \
         for Lebanon.\n\nUkrainian Minister Olena Kovalenko said the ceasefire at sea was holding.\n\n\
         Turkish officials said inspections would continue.",
    ),
    (
        "feeds/drought.md",
        "---\ndate: 2021-04-12\ntitle: Drought deepens in the Horn of Africa\ncountry: Kenya, Ethiopia\n\
         speaker: Amina Odhiambo\n---\nBoreholes are failing across northern Kenya.\n\n\
         \u{201c}We need water now,\u{201d} said Amina Odhiambo, the regional governor.\n",
    ),
    (
        "exports/wire.jsonl",
        concat!(
            r#"{"id":"wire-1","date":"2023-05-10","title":"Sudan talks","body":"Envoy Nadia Haddad said a ceasefire in Sudan was close.\n\nRefugees crossed into Chad.","country":["Sudan","Chad"]}"#,
            "\n",
            r#"{"date":"2024-01-15","body":"Central bank governor Kwame Mensah-Boateng said rates would fall in Ghana."}"#,
            "\n"
        ),
    ),
];

/// Variables that change dateline's output, removed for every test run.
const HERMETIC: [&str; 6] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "DATELINE_INDEX", "TERM", "COLUMNS"];

/// A temporary corpus folder and index folder.
pub struct TestEnv {
    pub corpus: TempDir,
    pub index: TempDir,
}

impl TestEnv {
    /// An empty corpus and no index yet.
    pub fn new() -> TestEnv {
        TestEnv { corpus: TempDir::new().unwrap(), index: TempDir::new().unwrap() }
    }

    /// A corpus holding [`ARTICLES`], indexed.
    pub fn indexed() -> TestEnv {
        let env = TestEnv::new();
        for (path, text) in ARTICLES {
            env.write(path, text);
        }
        env.index_ok();
        env
    }

    /// Writes a corpus file, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn index_dir(&self) -> &Path {
        self.index.path()
    }

    /// The `dateline` binary with nothing from the caller's environment that changes output.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// The same, as a plain process to spawn and signal.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("dateline"));
        for var in HERMETIC {
            cmd.env_remove(var);
        }
        cmd
    }

    /// `dateline index CORPUS --index INDEX`, which must succeed.
    pub fn index_ok(&self) -> String {
        self.index_ok_with(&[])
    }

    /// `dateline index CORPUS --index INDEX ARGS`, which must succeed; its stderr.
    pub fn index_ok_with(&self, args: &[&str]) -> String {
        let output = self.index_with(args);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(output.status.success(), "index failed: {stderr}");
        stderr
    }

    /// `dateline index CORPUS --index INDEX ARGS`, whatever its outcome.
    pub fn index_with(&self, args: &[&str]) -> std::process::Output {
        self.cmd()
            .arg("index")
            .arg(self.corpus.path())
            .arg("--index")
            .arg(self.index_dir())
            .args(args)
            .output()
            .unwrap()
    }

    /// `dateline search ARGS --index INDEX`.
    pub fn search(&self, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("search").args(args).arg("--index").arg(self.index_dir());
        cmd
    }

    /// Runs a search with `--json` and returns the parsed records.
    pub fn search_json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let output = self.search(args).arg("--json").output().unwrap();
        assert!(output.status.code() != Some(2), "search failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).expect("every line is a JSON object"))
            .collect()
    }

    /// Runs a search with `--color never` and returns stdout.
    pub fn search_text(&self, args: &[&str]) -> String {
        let output = self.search(args).args(["--color", "never"]).output().unwrap();
        assert!(output.status.code() != Some(2), "search failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }
}

/// The hit records of a JSON search.
pub fn hits(records: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    records.iter().filter(|r| r["type"] == "hit").collect()
}

/// The summary record of a JSON search.
pub fn summary(records: &[serde_json::Value]) -> &serde_json::Value {
    let last = records.last().expect("at least the summary");
    assert_eq!(last["type"], "summary");
    last
}

/// The highlighted strings of a JSON hit.
pub fn highlighted(hit: &serde_json::Value) -> Vec<String> {
    let text = hit["text"].as_str().unwrap();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| text[r["start"].as_u64().unwrap() as usize..r["end"].as_u64().unwrap() as usize].to_string())
        .collect()
}

/// The article ids of a JSON search's hits, in rank order.
pub fn ids(records: &[serde_json::Value]) -> Vec<String> {
    hits(records).iter().map(|h| h["article_id"].as_str().unwrap().to_string()).collect()
}
