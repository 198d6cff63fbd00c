//! Terminal manners: paging, shell completions, man pages and `--help` examples.

use std::process::Command;

use crate::util::TestEnv;

const COMMANDS: [&str; 7] = ["index", "search", "status", "extract", "timeline", "completions", "man"];

fn stdout(env: &TestEnv, args: &[&str]) -> String {
    let output = env.cmd().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_command_has_examples_in_its_long_help() {
    let env = TestEnv::new();
    for command in COMMANDS {
        let help = stdout(&env, &[command, "--help"]);
        assert!(help.contains("Examples:"), "{command} --help has no examples:\n{help}");
        assert!(help.contains(&format!("dateline {command}")), "{command}'s examples use it");
    }
    assert!(stdout(&env, &["--help"]).contains("Examples:"));
}

#[test]
fn completions_know_every_command() {
    let env = TestEnv::new();
    let bash = stdout(&env, &["completions", "bash"]);
    assert!(bash.contains("complete -F _dateline"), "{bash}");
    for command in COMMANDS {
        assert!(bash.contains(command), "bash completion lacks {command}");
    }
    assert!(bash.contains("--split-by") && bash.contains("--paging"), "flags are completed too");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&env, &["completions", shell]);
        assert!(script.contains("dateline") && script.contains("timeline"), "{shell}: {script}");
    }
    let output = env.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values: bash, elvish, fish, powershell, zsh"));
}

#[test]
fn man_pages_are_roff_and_name_the_commands() {
    let env = TestEnv::new();
    let page = stdout(&env, &["man"]);
    assert!(page.contains("\n.TH dateline 1 "), "{page}");
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS") && page.contains(".SH SUBCOMMANDS"), "{page}");
    for command in ["index", "search", "status", "extract", "timeline", "completions"] {
        assert!(page.contains(&format!("dateline\\-{command}(1)")), "dateline(1) does not name {command}");
    }
    let timeline = stdout(&env, &["man", "timeline"]);
    assert!(timeline.contains(".TH dateline-timeline 1 "), "{timeline}");
    assert!(timeline.contains("\\-\\-split\\-by") && timeline.contains("Examples:"), "{timeline}");

    let dir = tempfile::tempdir().unwrap();
    env.cmd().arg("man").arg("--dir").arg(dir.path()).assert().success();
    for name in ["dateline.1", "dateline-search.1", "dateline-timeline.1", "dateline-man.1"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(text.contains(".TH "), "{name}");
    }

    let output = env.cmd().args(["man", "serch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no command `serch`: give one of index, search"));
}

/// Runs `dateline ARGS` on a pseudo-terminal (util-linux `script`), so that stdout is a TTY,
/// with `$DATELINE_PAGER` set; returns what reached the terminal.
fn on_a_terminal(env: &TestEnv, pager: &str, args: &[&str]) -> (String, Option<i32>) {
    let binary = assert_cmd::cargo::cargo_bin("dateline");
    let mut line = shell_quote(binary.to_str().unwrap());
    for arg in args {
        line.push(' ');
        line.push_str(&shell_quote(arg));
    }
    line.push_str(" --index ");
    line.push_str(&shell_quote(env.index_dir().to_str().unwrap()));
    line.push_str("; echo \"exit=$?\"");
    let output = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("DATELINE_PAGER", pager)
        .env_remove("PAGER")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    (String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n"), output.status.code())
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[test]
fn text_on_a_terminal_goes_through_the_pager() {
    let env = TestEnv::indexed();
    // The "pager" marks every line it shows.
    let pager = "sed s/^/PAGED:/";
    let (screen, _) = on_a_terminal(&env, pager, &["search", "ceasefire", "--color", "never"]);
    assert!(screen.contains("PAGED:1. 2019-03-22  2019/geneva-talks.txt"), "{screen}");
    assert!(screen.contains("PAGED:3 articles match"), "{screen}");
    assert!(screen.contains("exit=0"), "{screen}");
    let (screen, _) = on_a_terminal(&env, pager, &["timeline", "ceasefire", "--by", "year", "--color", "never"]);
    assert!(screen.contains("PAGED:2019 "), "{screen}");

    // Never for output meant for scripts, nor with --paging never.
    let (screen, _) = on_a_terminal(&env, pager, &["search", "ceasefire", "--format", "csv"]);
    assert!(screen.contains("rank,score,article_id") && !screen.contains("PAGED:"), "{screen}");
    let (screen, _) = on_a_terminal(&env, pager, &["search", "ceasefire", "--json"]);
    assert!(!screen.contains("PAGED:"), "{screen}");
    let (screen, _) = on_a_terminal(&env, pager, &["search", "ceasefire", "--paging", "never"]);
    assert!(screen.contains("3 articles match") && !screen.contains("PAGED:"), "{screen}");
    // Commands that have not opted in are not paged.
    let (screen, _) = on_a_terminal(&env, pager, &["status"]);
    assert!(screen.contains("fingerprint:") && !screen.contains("PAGED:"), "{screen}");
}

#[test]
fn colour_survives_the_pager_and_a_closed_pager_is_not_an_error() {
    let env = TestEnv::indexed();
    // On a terminal with --color auto, the pager gets the colours (less -R shows them).
    let (screen, _) = on_a_terminal(&env, "sed s/^/PAGED:/", &["search", "ceasefire"]);
    assert!(screen.contains("PAGED:") && screen.contains("\u{1b}["), "{screen}");
    // A pager that quits after one line: dateline's writes hit a closed pipe, which is success.
    let (screen, _) = on_a_terminal(&env, "head -n 1", &["search", "ceasefire", "-n", "3", "--color", "never"]);
    assert!(screen.contains("exit=0"), "{screen}");
    assert!(!screen.contains("error"), "{screen}");
    // A pager that cannot start: the output is printed directly, with a warning.
    let (screen, _) = on_a_terminal(&env, "no-such-pager-here", &["search", "ceasefire", "--color", "never"]);
    assert!(screen.contains("cannot start the pager `no-such-pager-here`"), "{screen}");
    assert!(screen.contains("3 articles match") && screen.contains("exit=0"), "{screen}");
    // An empty DATELINE_PAGER (or cat) turns paging off.
    let (screen, _) = on_a_terminal(&env, "", &["search", "ceasefire", "--color", "never"]);
    assert!(screen.contains("3 articles match") && screen.contains("exit=0"), "{screen}");
}

#[test]
fn output_that_is_not_a_terminal_is_never_paged() {
    let env = TestEnv::indexed();
    let output = env
        .search(&["ceasefire", "--paging", "always", "--color", "never"])
        .env("DATELINE_PAGER", "sed s/^/PAGED:/")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("3 articles match") && !text.contains("PAGED:"), "{text}");
}
