//! The documentation: the user guide in `docs/` (an mdBook), `README.md` and `benches/README.md`.
//!
//! - every chapter listed in `docs/src/SUMMARY.md` exists, and every page of `docs/src` is listed;
//! - every relative link resolves, `#anchors` included, with mdBook's rule for heading ids; the
//!   guide's links stay inside `docs/src`, so that they also work in the built book;
//! - every operator of the short table in `dateline search --help` is on the query-syntax page,
//!   so that the two cannot drift apart;
//! - the README stays short and keeps the commands that work on a fresh machine.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use crate::util::TestEnv;

/// The most lines the README may have: details belong in the guide.
const README_MAX_LINES: usize = 200;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn book_src() -> PathBuf {
    repo().join("docs/src")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The Markdown files whose links are checked: the READMEs and every page of the guide.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md"), repo().join("benches/README.md")];
    files.extend(files_under(&book_src()).into_iter().filter(|p| is_markdown(p)));
    files
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The lines of a Markdown text that are prose: outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            lines.push(line);
        }
    }
    lines
}

/// The code spans of a prose line (`like this`), and the line with them blanked out.
fn split_code_spans(line: &str) -> (Vec<&str>, String) {
    let mut spans = Vec::new();
    let mut rest = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 1 {
            spans.push(part);
            rest.push(' ');
        } else {
            rest.push_str(part);
        }
    }
    (spans, rest)
}

/// mdBook's id for a heading: its text without markup, lower-cased, white space to `-`, and
/// every other character that is not alphanumeric, `-` or `_` dropped.
fn heading_id(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| !matches!(c, '`' | '*'))
        .collect::<String>()
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The ids of a page's headings; a repeated id gets `-1`, `-2`, ... as mdBook gives it.
fn heading_ids(text: &str) -> BTreeSet<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ids = BTreeSet::new();
    for line in prose_lines(text) {
        let Some(heading) = line.strip_prefix('#') else { continue };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let id = heading_id(heading);
        let count = seen.entry(id.clone()).or_insert(0);
        ids.insert(if *count == 0 { id } else { format!("{id}-{count}") });
        *count += 1;
    }
    ids
}

/// The targets of the inline links and images of a Markdown text (`[text](target)`), and of its
/// reference definitions (`[name]: target`), outside code.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose_lines(text) {
        let (_, line) = split_code_spans(line);
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            if let Some((_, target)) = trimmed.split_once("]: ") {
                targets.push(target.split_whitespace().next().unwrap_or("").to_string());
                continue;
            }
        }
        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            let after = &rest[start + 2..];
            let end = after.find(')').unwrap_or(after.len());
            let target = after[..end].split_whitespace().next().unwrap_or("");
            targets.push(target.trim_matches(|c| c == '<' || c == '>').to_string());
            rest = &after[end..];
        }
    }
    targets
}

fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:")
}

#[test]
fn summary_lists_every_page_and_every_listed_page_exists() {
    let src = book_src();
    let summary = read(&src.join("SUMMARY.md"));
    let listed: BTreeSet<PathBuf> = link_targets(&summary)
        .iter()
        .filter(|target| !is_external(target))
        .map(|target| normalize(&src.join(target)))
        .collect();
    assert!(listed.len() >= 10, "SUMMARY.md lists only {listed:?}");
    for page in &listed {
        assert!(page.is_file(), "SUMMARY.md lists {}, which does not exist", page.display());
        assert!(is_markdown(page), "SUMMARY.md lists {}, which is not a .md page", page.display());
    }
    let pages: BTreeSet<PathBuf> = files_under(&src)
        .into_iter()
        .filter(|p| is_markdown(p) && p.file_name().is_some_and(|name| name != "SUMMARY.md"))
        .collect();
    let unlisted: Vec<_> = pages.difference(&listed).collect();
    assert!(unlisted.is_empty(), "pages of docs/src missing from SUMMARY.md: {unlisted:?}");
    assert!(src.parent().unwrap().join("book.toml").is_file(), "docs/book.toml is missing");
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let src = book_src();
    let mut ids_of: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut linked = BTreeSet::new();
    let mut broken = Vec::new();
    let files = markdown_files();
    assert!(files.len() >= 12, "too few Markdown files found: {files:?}");
    for file in &files {
        let text = read(file);
        let dir = file.parent().unwrap();
        for target in link_targets(&text) {
            if is_external(&target) {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let resolved = if path.is_empty() { file.clone() } else { normalize(&dir.join(path)) };
            let shown = format!("{}: ({target})", file.strip_prefix(repo()).unwrap().display());
            if !resolved.exists() {
                broken.push(format!("{shown}: no such file or folder"));
                continue;
            }
            if file.starts_with(&src) && !resolved.starts_with(&src) {
                broken.push(format!("{shown}: leaves docs/src, so it breaks in the built book"));
            }
            linked.insert(resolved.clone());
            if anchor.is_empty() {
                continue;
            }
            if !is_markdown(&resolved) {
                broken.push(format!("{shown}: an anchor into a file that is not Markdown"));
                continue;
            }
            let ids = ids_of.entry(resolved.clone()).or_insert_with(|| heading_ids(&read(&resolved)));
            if !ids.contains(anchor) {
                broken.push(format!("{shown}: no heading with id `{anchor}`; there are {ids:?}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // Images and other files of the book are there to be shown: each must be linked.
    let unused: Vec<_> = files_under(&src).into_iter().filter(|p| !is_markdown(p) && !linked.contains(p)).collect();
    assert!(unused.is_empty(), "files in docs/src that no page links to: {unused:?}");
}

#[test]
fn heading_ids_follow_mdbook() {
    assert_eq!(
        heading_id(" `dateline extract`: the evidence behind every label"),
        "dateline-extract-the-evidence-behind-every-label"
    );
    assert_eq!(heading_id(" What is skipped, and why"), "what-is-skipped-and-why");
    assert_eq!(heading_id(" Search and similar: CSV and TSV"), "search-and-similar-csv-and-tsv");
    let ids = heading_ids("# Title\n\n```text\n# not a heading\n```\n## Notes\n### Notes\n#hashtag\n");
    assert_eq!(ids, BTreeSet::from(["title".to_string(), "notes".to_string(), "notes-1".to_string()]));
    let targets = link_targets("See [a](a.md#x) and `[b](not-a-link.md)`, ![c](img/c.png \"C\").\n[d]: d.md\n");
    assert_eq!(targets, ["a.md#x", "img/c.png", "d.md"]);
}

/// The operators in the left column of the "Query syntax:" table that ends
/// `dateline search --help`.
fn help_operators(help: &str) -> Vec<String> {
    let table: Vec<&str> = help
        .lines()
        .skip_while(|line| line.trim() != "Query syntax:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .collect();
    assert!(!table.is_empty(), "no `Query syntax:` table in `dateline search --help`:\n{help}");
    // The meanings start in one column: where the first row's syntax is followed by two spaces.
    let first = table[0];
    let syntax_end = 2 + first[2..].find("  ").expect("the first row has a meaning");
    let meaning_col = syntax_end + first[syntax_end..].find(|c: char| c != ' ').unwrap();
    let mut operators = Vec::new();
    for line in table {
        if line.len() > meaning_col && line.get(..meaning_col).is_some_and(|left| left.trim().is_empty()) {
            continue; // a meaning continued from the row above
        }
        let syntax = match (line.get(..meaning_col), line.get(meaning_col..)) {
            (Some(left), Some(right)) if left.ends_with("  ") && !right.starts_with(' ') => left,
            _ => line,
        };
        operators.extend(syntax.split("  ").map(str::trim).filter(|s| !s.is_empty()).map(String::from));
    }
    operators
}

#[test]
fn every_operator_of_search_help_is_on_the_query_syntax_page() {
    let env = TestEnv::new();
    let output = env.cmd().args(["search", "--help"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let operators = help_operators(&String::from_utf8(output.stdout).unwrap());
    for expected in ["drought OR flood", "\"grain exports\"", "negotiat*", "Guteres~2", "-strike", "date:2019"] {
        assert!(operators.iter().any(|o| o == expected), "`{expected}` not read from the help table: {operators:?}");
    }

    let page = read(&book_src().join("query-syntax.md"));
    let spans: BTreeSet<&str> = prose_lines(&page).into_iter().flat_map(|line| split_code_spans(line).0).collect();
    let missing: Vec<&String> = operators.iter().filter(|o| !spans.contains(o.as_str())).collect();
    assert!(
        missing.is_empty(),
        "`dateline search --help` shows operators that docs/src/query-syntax.md does not \
         (as `code`): {missing:?}"
    );
}

#[test]
fn readme_is_short_and_keeps_the_fresh_machine_commands() {
    let readme = read(&repo().join("README.md"));
    let lines = readme.lines().count();
    assert!(lines <= README_MAX_LINES, "README.md has {lines} lines: move the details into docs/src");
    let index_and_search = "cargo run --release -- index sample-corpus --index ./dateline-index && \
                            cargo run --release -- search ceasefire --speaker Solberg --index ./dateline-index";
    assert!(readme.lines().any(|l| l == index_and_search), "README.md lost the quick-start command");

    // .ci/run runs the test command the README gives: the same line must be in both.
    let ci = read(&repo().join(".ci/run"));
    let test_command = ci.lines().rev().find(|l| l.starts_with("cargo test")).expect(".ci/run runs cargo test");
    assert!(
        readme.lines().any(|l| l == test_command),
        "README.md does not give the test command .ci/run runs (`{test_command}`)"
    );
}
