//! Archives as researchers have them: compressed files of any format read in place, CSV and TSV
//! exports, legacy encodings, dates before 1678, scraped text with glued words, and the counts
//! the summary line and `dateline status` give of them.

use std::io::Write;

use crate::util::{highlighted, ids, summary, TestEnv};

/// Three wire records as JSON Lines.
const WIRE: &str = concat!(
    r#"{"id":"harbour-01","date":"2021-02-03","title":"Port of Tema reopens","body":"The port of Tema reopened on Wednesday after a three-day strike by crane operators, the Ghana Ports Authority said."}"#,
    "\n",
    r#"{"id":"harbour-02","date":"2021-02-09","title":"Cocoa backlog clears","body":"Exporters said the cocoa backlog at Tema had cleared within a week of the strike ending."}"#,
    "\n",
    r#"{"date":"2021-03-15","body":"Dock workers in Takoradi voted to accept the new shift pattern."}"#,
    "\n",
);

fn gzip(text: &str) -> Vec<u8> {
    gzip_at(text, flate2::Compression::default())
}

fn gzip_at(text: &str, level: flate2::Compression) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

fn zstd(text: &str) -> Vec<u8> {
    zstd::encode_all(text.as_bytes(), 3).unwrap()
}

#[test]
fn gzip_and_zstd_json_lines_and_text_are_read_in_place_with_their_own_ids() {
    let env = TestEnv::new();
    env.write("dumps/wire.jsonl.gz", gzip(WIRE));
    env.write("dumps/wire-copy.ndjson.zst", zstd(&WIRE.replace("harbour-0", "copy-0")));
    env.write(
        "2021/takoradi-fishing.txt.gz",
        gzip("date 2021-04-01 Fishing crews in Takoradi said the strike had cost them a season of catches."),
    );
    env.write("2021/tema-rain.txt.zst", zstd("date 2021-04-02 Heavy rain flooded the approach roads to Tema."));
    let stderr = env.index_ok();
    assert!(stderr.contains("indexed 8 articles"), "{stderr}");

    let records = env.search_json(&["strike", "--limit", "20"]);
    let mut found = ids(&records);
    found.sort();
    assert_eq!(
        found,
        ["2021/takoradi-fishing.txt.gz", "copy-01", "copy-02", "harbour-01", "harbour-02"],
        "ids as uncompressed, under the file's own name"
    );
    let records = env.search_json(&["takoradi shift"]);
    let mut found = ids(&records);
    found.sort();
    assert_eq!(found, ["dumps/wire-copy.ndjson.zst:3", "dumps/wire.jsonl.gz:3"]);
    assert_eq!(summary(&records)["total"], 2);
    assert_eq!(ids(&env.search_json(&["flooded"])), ["2021/tema-rain.txt.zst"]);
}

#[test]
fn a_changed_or_removed_compressed_file_is_read_again_or_removed_by_the_next_run() {
    let env = TestEnv::new();
    env.write("wire.jsonl.gz", gzip(WIRE));
    env.write("brief.txt.zst", zstd("date 2021-05-05 The ferry service to Ada resumed."));
    env.index_ok();
    // A record edited, a record removed, the text file removed.
    let edited = WIRE.replace("three-day strike", "four-day strike").replace(
        concat!(
            r#"{"date":"2021-03-15","body":"Dock workers in Takoradi voted to accept the new shift pattern."}"#,
            "\n"
        ),
        "",
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("wire.jsonl.gz", gzip(&edited));
    std::fs::remove_file(env.corpus.path().join("brief.txt.zst")).unwrap();
    let stderr = env.index_ok();
    assert!(stderr.contains("1 changed") && stderr.contains("1 removed"), "{stderr}");
    assert_eq!(ids(&env.search_json(&["four-day"])), ["harbour-01"]);
    assert!(ids(&env.search_json(&["three-day"])).is_empty());
    assert!(ids(&env.search_json(&["takoradi"])).is_empty());
    assert!(ids(&env.search_json(&["ferry"])).is_empty());
    // Nothing changed: nothing read, even when the file is compressed again, into other bytes.
    assert!(env.index_ok().contains("1 unchanged"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = gzip_at(&edited, flate2::Compression::fast());
    assert_ne!(again, gzip(&edited));
    env.write("wire.jsonl.gz", again);
    let stderr = env.index_ok();
    assert!(stderr.contains("0 changed") && stderr.contains("1 unchanged"), "{stderr}");
}

#[test]
fn a_broken_compressed_file_is_skipped_with_its_name_and_the_rest_indexed() {
    let env = TestEnv::new();
    let mut broken = gzip(WIRE);
    broken.truncate(broken.len() / 2);
    env.write("broken.jsonl.gz", broken);
    env.write("bad.txt.zst", b"this is not zstd at all");
    env.write("good.txt", "date 2021-06-01 The lighthouse at Cape Three Points was repainted.");
    let output = env.index_with(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.jsonl.gz:"), "{stderr}");
    assert!(stderr.contains("bad.txt.zst"), "{stderr}");
    assert_eq!(ids(&env.search_json(&["lighthouse"])), ["good.txt"]);
}

/// A database export: quoted fields with commas, quotes and line breaks.
const EXPORT: &str = "\
id,publish_date,headline,text,media_name,countries
cw-1,2020-11-03,\"Ferry strike ends, talks go on\",\"The ferry strike on the Volta ended on Tuesday.

Union leaders said talks on pay would \"\"go on into the new year\"\".\",Coastal Wire,Ghana
cw-2,2020-11-05,Salt pans flood,Heavy rain flooded the salt pans near Ada.,Coastal Wire,\"Ghana, Togo\"
cw-3,,Undated,A row without a date.,Coastal Wire,
";

#[test]
fn csv_and_tsv_rows_are_articles_with_quoted_line_breaks_and_named_columns() {
    let env = TestEnv::new();
    env.write("exports/coastal.csv", EXPORT);
    env.write(
        "exports/legacy.tsv.gz",
        gzip("pub_dt\tarticle_text\n2019-07-01\tNets were mended on the beach at Elmina.\n"),
    );
    let output = env.index_with(&[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("exports/coastal.csv:6: table: no date in the row"), "the row's file and line: {stderr}");
    assert!(stderr.contains("exports/legacy.tsv.gz:1: table: no date column"), "{stderr}");
    assert!(stderr.contains("--csv-columns date=COLUMN"), "{stderr}");

    let records = env.search_json(&["\"go on into the new year\""]);
    assert_eq!(ids(&records), ["cw-1"]);
    let hit = &records[0];
    assert_eq!(hit["title"], "Ferry strike ends, talks go on");
    assert_eq!(hit["source"], "Coastal Wire");
    assert_eq!(hit["line"], 2);
    assert_eq!(ids(&env.search_json(&["flooded", "--country", "Togo"])), ["cw-2"]);

    // The renamed columns, given.
    env.index_ok_with(&["--rebuild", "--csv-columns", "date=pub_dt,body=article_text"]);
    assert_eq!(ids(&env.search_json(&["elmina"])), ["exports/legacy.tsv.gz:2"]);
}

#[test]
fn a_changed_row_is_read_again_and_a_removed_row_removed() {
    // A plain table and a compressed one, edited the same way.
    let plain = |text: &str| text.as_bytes().to_vec();
    for (name, write) in [("coastal.csv", plain as fn(&str) -> Vec<u8>), ("coastal.csv.zst", zstd)] {
        let env = TestEnv::new();
        env.write(name, write(EXPORT));
        env.index_ok();
        assert_eq!(ids(&env.search_json(&["salt"])), ["cw-2"], "{name}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let edited = EXPORT.replace("ended on Tuesday", "ended on Wednesday").replace(
            "cw-2,2020-11-05,Salt pans flood,Heavy rain flooded the salt pans near Ada.,Coastal Wire,\"Ghana, Togo\"\n",
            "",
        );
        env.write(name, write(&edited));
        assert!(env.index_ok().contains("1 changed"), "{name}");
        assert_eq!(ids(&env.search_json(&["wednesday"])), ["cw-1"], "{name}");
        assert!(ids(&env.search_json(&["tuesday"])).is_empty(), "{name}");
        assert!(ids(&env.search_json(&["salt"])).is_empty(), "{name}");
    }
}

/// `text` in Windows-1252 (every character here has a byte of its own there).
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn files_in_legacy_encodings_are_decoded_found_and_counted_once() {
    let env = TestEnv::new();
    env.write(
        "1998/monaco-budget.txt",
        windows_1252(
            "date 1998-11-20 The Monégasque government said its budget would be balanced. \
             « Nous ne creuserons pas la dette », a déclaré le ministre d'État devant le Conseil national.",
        ),
    );
    // Latin-1: the same bytes as Windows-1252 for these letters.
    env.write(
        "1999/zurich-banks.txt",
        windows_1252("date 1999-02-02 Les banques de Zürich ont publié leurs résultats."),
    );
    env.write("2000/bom.txt", "\u{feff}date 2000-01-03 A file that starts with a byte-order mark: Kraków.");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("date 2001-05-06 Ein Bericht aus Köln über die Brücke.".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    env.write("2001/koeln.txt", utf16);
    env.write(
        "feeds/legacy.jsonl",
        windows_1252(
            "{\"id\":\"leg-1\",\"date\":\"1997-03-04\",\"body\":\"Le Conseil a adopté la réforme à l'unanimité.\"}\n",
        ),
    );
    env.write("images/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");

    let stderr = env.index_ok();
    assert!(stderr.contains("indexed 5 articles"), "{stderr}");
    assert!(stderr.contains("decoded 1 file from UTF-16LE, 3 files from windows-1252"), "once per run: {stderr}");
    assert!(stderr.contains("images/photo.txt: binary file"), "{stderr}");

    // Found by their words, accents folded, and a demonym with an accent gives the country.
    assert_eq!(ids(&env.search_json(&["declare budget"])), ["1998/monaco-budget.txt"]);
    assert_eq!(ids(&env.search_json(&["budget", "--country", "Monaco"])), ["1998/monaco-budget.txt"]);
    assert_eq!(ids(&env.search_json(&["zurich"])), ["1999/zurich-banks.txt"]);
    assert_eq!(ids(&env.search_json(&["krakow"])), ["2000/bom.txt"]);
    assert_eq!(ids(&env.search_json(&["brucke"])), ["2001/koeln.txt"]);
    assert_eq!(ids(&env.search_json(&["reforme"])), ["leg-1"]);
    // What is shown and highlighted is the decoded text.
    let hit = &env.search_json(&["monégasque"])[0];
    assert!(hit["text"].as_str().unwrap().contains("The Monégasque government"), "{hit}");
}

#[test]
fn an_encoding_can_be_forced() {
    let env = TestEnv::new();
    // Too short for a detector to be sure: forced, it is Latin-1.
    env.write("a.txt", windows_1252("date 2002-02-02 Café crème."));
    env.index_ok_with(&["--encoding", "latin1"]);
    let hit = &env.search_json(&["creme"])[0];
    assert_eq!(hit["text"], "Café crème.");
    let output = env.index_with(&["--encoding", "klingon"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an encoding"));
}

#[test]
fn articles_of_the_1600s_are_filtered_counted_and_faceted_by_their_dates() {
    let env = TestEnv::new();
    env.write(
        "gazette/1665-09-02.txt",
        "date 1665-09-02 Letters from the city report that the sickness has abated in the western \
         parishes, and the weekly bill of mortality fell by some hundreds.",
    );
    env.write(
        "gazette/1666-09-10.md",
        "---\ndate: 1666-09-10\ntitle: The great fire\n---\nThe fire that began in a bakery has burned \
         for four days; the mayor said the sickness of last year is forgotten in the ruin.",
    );
    env.write(
        "courant/1702.jsonl",
        "{\"id\":\"courant-1702-03-11\",\"date\":\"1702-03-11\",\"body\":\"Advices from abroad say the \
         sickness has returned to the garrison towns.\"}\n",
    );
    env.write("modern/2020.txt", "date 2020-04-01 Hospitals said the sickness was spreading fast.");
    env.write("far/2480.txt", "date 2480-01-01 A date far ahead, as a typo might give it: sickness.");
    let stderr = env.index_ok();
    assert!(stderr.contains("indexed 5 articles"), "{stderr}");

    let mut found = ids(&env.search_json(&["sickness", "--from", "1600", "--to", "1700"]));
    found.sort();
    assert_eq!(found, ["gazette/1665-09-02.txt", "gazette/1666-09-10.md"]);
    assert_eq!(ids(&env.search_json(&["sickness", "--from", "1701", "--to", "1999"])), ["courant-1702-03-11"]);
    let hit = &env.search_json(&["garrison"])[0];
    assert_eq!(hit["date"], "1702-03-11");

    // A timeline by year over the centuries, every year in between present.
    let output = env
        .cmd()
        .args(["timeline", "sickness", "--by", "year", "--from", "1660", "--to", "1705", "--format", "csv"])
        .arg("--index")
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|line| line.split(',').collect()).collect();
    assert_eq!(rows.len(), 46, "1660 to 1705: {text}");
    let articles = |year: &str| rows.iter().find(|row| row[0] == year).map(|row| row[4]).unwrap();
    assert_eq!((articles("1665"), articles("1666"), articles("1702"), articles("1700")), ("1", "1", "1", "0"));
    assert_eq!((rows[0][1], rows[0][2]), ("1660-01-01", "1660-12-31"));

    // Facets and the date query field too.
    let records = env.search_json(&["sickness", "--facets"]);
    let years: Vec<String> = summary(&records)["facets"]["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|facet| facet["value"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(years, ["1665", "1666", "1702", "2020", "2480"]);
    assert_eq!(ids(&env.search_json(&["sickness date:1665"])), ["gazette/1665-09-02.txt"]);
}

#[test]
fn the_summary_and_status_count_files_by_format_compression_and_encoding() {
    let env = TestEnv::new();
    env.write("a.txt", "date 2021-01-01 The ferry to Ada left on time.");
    env.write("b.md", "---\ndate: 2021-01-02\ntitle: Ferries\n---\nThe ferry timetable changed.");
    env.write("c.jsonl.gz", gzip(WIRE));
    env.write("d.csv.zst", zstd(EXPORT));
    env.write("e.tsv", "date\tbody\n2021-01-03\tA row about the ferry.\n");
    env.write(
        "f.txt",
        windows_1252(
            "date 1998-11-20 Le gouvernement monégasque a déclaré que le budget serait équilibré \
             et que la réforme des ferries était prête.",
        ),
    );
    env.write("g.txt", b"\x00\x01\x02 not text");
    let stderr = env.index_ok();
    assert!(
        stderr.contains(
            "7 added, 0 changed, 0 removed, 0 unchanged; read 2 dated text, 1 front matter, 1 JSON Lines, 1 CSV, \
             1 TSV; 2 compressed (1 gzip, 1 zstd); skipped 2; decoded 1 file from windows-1252;"
        ),
        "{stderr}"
    );

    // A later run says what it read (the CSV again, as one of its rows was skipped); the
    // status counts every file the index holds.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write("e.tsv", "date\tbody\n2021-01-03\tA row about the ferry, corrected.\n");
    let stderr = env.index_ok();
    assert!(stderr.contains("; read 1 CSV, 1 TSV; 1 compressed (1 zstd); skipped 2; 0."), "{stderr}");
    let status = |json: bool| {
        let mut cmd = env.cmd();
        cmd.arg("status").arg("--index").arg(env.index_dir());
        if json {
            cmd.arg("--json");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let text = status(false);
    assert!(
        text.contains(
            "formats:     2 dated text, 1 front matter, 1 JSON Lines, 1 CSV, 1 TSV; 2 compressed (1 gzip, 1 zstd); \
             1 in no format"
        ),
        "{text}"
    );
    assert!(text.contains("decoded:     1 file from windows-1252\n"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&status(true)).unwrap();
    assert_eq!(
        json["formats"],
        serde_json::json!({"dated text": 2, "front matter": 1, "JSON Lines": 1, "CSV": 1, "TSV": 1, "none": 1})
    );
    assert_eq!(json["compressed"], serde_json::json!({"gzip": 1, "zstd": 1}));
    assert_eq!(json["decoded"], serde_json::json!({"windows-1252": 1}));
    assert_eq!(json["files"], 7);
}

#[test]
fn words_glued_by_a_lost_space_are_found_shown_and_counted_by_themselves() {
    let env = TestEnv::new();
    // Scraped: the space after a full stop, and between a sentence and a heading, is lost.
    env.write(
        "scraped/budget.txt",
        "date 2023-05-02 The plan would cost more than it saves, the treasury said.The minister \
         disagreed and promised help for the unemployed and others.Jobs for those who can work \
         would come first, she said.\n\nThe U.S. embassy and example.com reported 3.5 percent growth.",
    );
    env.write("plain/jobs.txt", "date 2023-05-03 Jobs for young people were the first item on the agenda.");
    env.index_ok();

    let mut found = ids(&env.search_json(&["jobs"]));
    found.sort();
    assert_eq!(found, ["plain/jobs.txt", "scraped/budget.txt"]);
    // Phrases run through the glue point as through a space.
    assert_eq!(ids(&env.search_json(&["\"the minister disagreed\""])), ["scraped/budget.txt"]);
    assert_eq!(ids(&env.search_json(&["\"treasury said\""])), ["scraped/budget.txt"]);
    assert_eq!(ids(&env.search_json(&["\"jobs for those\""])), ["scraped/budget.txt"]);
    // Typed glued, a query finds the glued text and the spaced one alike.
    assert_eq!(ids(&env.search_json(&["said.The minister"])), ["scraped/budget.txt"]);
    // Abbreviations, addresses and decimals are found as before.
    for whole in ["U.S.", "example.com", "3.5"] {
        assert_eq!(ids(&env.search_json(&[whole])), ["scraped/budget.txt"], "{whole}");
    }
    assert!(ids(&env.search_json(&["example"])).is_empty(), "an address stays one word");

    // The highlight is the word itself, and a concordance line cites its bytes.
    let hit = &env.search_json(&["jobs", "--scope", "passage", "--from", "2023-05-02", "--to", "2023-05-02"])[0];
    assert_eq!(highlighted(hit), ["Jobs"]);
    let output = env.cmd().args(["kwic", "minister", "--format", "jsonl"]).arg("--index").arg(env.index_dir()).output();
    let output = output.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8(output.stdout).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(line["match"], "minister");
    assert!(line["left"].as_str().unwrap().ends_with("the treasury said.The "), "{line}");
}
