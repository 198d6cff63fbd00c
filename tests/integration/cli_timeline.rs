//! `dateline timeline`: counts per year, month and ISO week on a corpus with known dates,
//! per-1,000 normalisation, splits, filters, every output format, and SVG and PNG charts.

use std::collections::BTreeMap;

use crate::util::TestEnv;

/// Ten articles; "drought" is in #1, #3, #6, #7, #9 and #10.
///
/// | # | date       | drought | countries       | speakers                       |
/// |---|------------|---------|-----------------|--------------------------------|
/// | 1 | 2020-01-10 | yes     | Kenya           | Amina Odhiambo                 |
/// | 2 | 2020-01-20 | no      | Kenya           |                                |
/// | 3 | 2020-03-05 | yes (2) | Ethiopia, Kenya | Amina Odhiambo, Tesfaye Bekele |
/// | 4 | 2020-03-06 | no      | Ethiopia        |                                |
/// | 5 | 2020-03-07 | no      | Somalia         |                                |
/// | 6 | 2020-03-08 | yes     | Somalia         |                                |
/// | 7 | 2021-06-01 | yes     | Kenya           | Amina Odhiambo                 |
/// | 8 | 2021-06-02 | no      | Kenya           |                                |
/// | 9 | 2019-12-31 | yes     | Ethiopia        | Tesfaye Bekele                 |
/// |10 | 2021-01-01 | yes     | none            |                                |
///
/// 2019-12-31 is in ISO week 2020-W01; 2021-01-01 is in 2020-W53.
fn corpus() -> TestEnv {
    let env = TestEnv::new();
    let article = |name: &str, date: &str, countries: &str, speakers: &str, body: &str| {
        let mut header = format!("---\ndate: {date}\n");
        if !countries.is_empty() {
            header.push_str(&format!("country: {countries}\n"));
        }
        if !speakers.is_empty() {
            header.push_str(&format!("speaker: {speakers}\n"));
        }
        env.write(name, format!("{header}---\n{body}\n"));
    };
    article("01.md", "2020-01-10", "Kenya", "Amina Odhiambo", "The drought deepened across the northern plains.");
    article("02.md", "2020-01-20", "Kenya", "", "Rain returned to the coast after a dry month.");
    article(
        "03.md",
        "2020-03-05",
        "Ethiopia, Kenya",
        "Amina Odhiambo; Tesfaye Bekele",
        "Herders crossed the border as the drought spread.\n\nA second year of drought emptied the wells.",
    );
    article("04.md", "2020-03-06", "Ethiopia", "", "The coffee harvest was the largest in a decade.");
    article("05.md", "2020-03-07", "Somalia", "", "Markets in the capital reopened on Saturday.");
    article("06.md", "2020-03-08", "Somalia", "", "Aid agencies warned that the drought would last.");
    article("07.md", "2021-06-01", "Kenya", "Amina Odhiambo", "The drought is over, the county office announced.");
    article("08.md", "2021-06-02", "Kenya", "", "Schools reopened after the long holiday.");
    article("09.md", "2019-12-31", "Ethiopia", "Tesfaye Bekele", "Officials counted the cattle lost to drought.");
    article("10.md", "2021-01-01", "", "", "The drought in the valley continued into the new year.");
    env.index_ok();
    env
}

/// `dateline timeline ARGS --index INDEX`.
fn timeline(env: &TestEnv, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.arg("timeline").args(args).arg("--index").arg(env.index_dir());
    cmd
}

/// The CSV rows of a timeline, as maps from column to value.
fn csv_rows(env: &TestEnv, args: &[&str]) -> Vec<BTreeMap<String, String>> {
    let output = timeline(env, args).args(["--format", "csv"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        ["bucket", "start", "end", "series", "articles", "bucket_articles", "per_1000", "index_fingerprint"]
    );
    lines.map(|line| header.iter().map(|h| h.to_string()).zip(line.split(',').map(str::to_string)).collect()).collect()
}

/// (bucket, articles, bucket_articles, per_1000) of each row.
fn counts(rows: &[BTreeMap<String, String>]) -> Vec<(String, u64, u64, String)> {
    rows.iter()
        .map(|r| {
            (
                r["bucket"].clone(),
                r["articles"].parse().unwrap(),
                r["bucket_articles"].parse().unwrap(),
                r["per_1000"].clone(),
            )
        })
        .collect()
}

fn row(bucket: &str, articles: u64, of: u64, per_1000: &str) -> (String, u64, u64, String) {
    (bucket.to_string(), articles, of, per_1000.to_string())
}

fn per_1000(value: &str) -> f64 {
    value.parse().unwrap()
}

#[test]
fn yearly_counts_are_normalised_by_all_articles_of_the_year() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "year"]);
    assert_eq!(counts(&rows)[0], row("2019", 1, 1, "1000"));
    assert_eq!(counts(&rows)[1], row("2020", 3, 6, "500"));
    assert_eq!((rows[2]["articles"].as_str(), rows[2]["bucket_articles"].as_str()), ("2", "3"));
    assert!((per_1000(&rows[2]["per_1000"]) - 666.667).abs() < 0.001);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["series"] == "all"));
    assert_eq!((rows[1]["start"].as_str(), rows[1]["end"].as_str()), ("2020-01-01", "2020-12-31"));
}

#[test]
fn monthly_timelines_have_every_month_including_empty_ones() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "month"]);
    // From the first match (2019-12) to the last (2021-06): 19 months.
    assert_eq!(rows.len(), 19);
    let found = counts(&rows);
    assert_eq!(found[0], row("2019-12", 1, 1, "1000"));
    assert_eq!(found[1], row("2020-01", 1, 2, "500"));
    // No article at all in February 2020: the rate is undefined, not zero.
    assert_eq!(found[2], row("2020-02", 0, 0, ""));
    assert_eq!(found[3], row("2020-03", 2, 4, "500"));
    assert_eq!(found[4], row("2020-04", 0, 0, ""));
    assert_eq!(found[13], row("2021-01", 1, 1, "1000"));
    assert_eq!(found[18], row("2021-06", 1, 2, "500"));
    assert_eq!((rows[2]["start"].as_str(), rows[2]["end"].as_str()), ("2020-02-01", "2020-02-29"));
    let articles: u64 = found.iter().map(|r| r.1).sum();
    assert_eq!(articles, 6);
}

#[test]
fn weeks_are_iso_weeks_from_monday_to_sunday() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "week", "--from", "2019-12-30", "--to", "2020-03-08"]);
    let labels: Vec<&str> = rows.iter().map(|r| r["bucket"].as_str()).collect();
    assert_eq!(
        labels,
        [
            "2020-W01", "2020-W02", "2020-W03", "2020-W04", "2020-W05", "2020-W06", "2020-W07", "2020-W08", "2020-W09",
            "2020-W10"
        ]
    );
    let found = counts(&rows);
    assert_eq!(found[0], row("2020-W01", 1, 1, "1000"), "2019-12-31 is in the first ISO week of 2020");
    assert_eq!((rows[0]["start"].as_str(), rows[0]["end"].as_str()), ("2019-12-30", "2020-01-05"));
    assert_eq!(found[1], row("2020-W02", 1, 1, "1000"));
    assert_eq!(found[2], row("2020-W03", 0, 0, ""));
    assert_eq!(found[3], row("2020-W04", 0, 1, "0"), "article 2 is in this week, but not about drought");
    assert_eq!(found[9], row("2020-W10", 2, 4, "500"));
    assert_eq!((rows[9]["start"].as_str(), rows[9]["end"].as_str()), ("2020-03-02", "2020-03-08"));

    let rows = csv_rows(&env, &["drought", "--by", "week", "--from", "2021-01-01", "--to", "2021-01-01"]);
    assert_eq!(counts(&rows), [row("2020-W53", 1, 1, "1000")]);
    // A bucket cut by --from/--to counts only the days inside, matches and denominator alike.
    assert_eq!((rows[0]["start"].as_str(), rows[0]["end"].as_str()), ("2021-01-01", "2021-01-01"));
}

#[test]
fn from_and_to_set_the_first_and_last_bucket_and_cut_the_denominator() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "year", "--from", "2018", "--to", "2020-01"]);
    // 2018 has no article; 2020 counts January only (articles 1 and 2).
    assert_eq!(counts(&rows), [row("2018", 0, 0, ""), row("2019", 1, 1, "1000"), row("2020", 1, 2, "500")]);
    assert_eq!((rows[2]["start"].as_str(), rows[2]["end"].as_str()), ("2020-01-01", "2020-01-31"));
}

#[test]
fn filters_narrow_the_matches_but_not_the_denominator() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "year", "--country", "Kenya"]);
    // Articles 1 and 3 in 2020, 7 in 2021, out of all 6 and 3 articles of those years.
    let found = counts(&rows);
    assert_eq!((found[0].0.as_str(), found[0].1, found[0].2), ("2020", 2, 6));
    assert_eq!((found[1].0.as_str(), found[1].1, found[1].2), ("2021", 1, 3));
    assert!((per_1000(&found[0].3) - 333.333).abs() < 0.001);
    assert_eq!(found.len(), 2, "buckets run from the first to the last match");

    let rows = csv_rows(&env, &["drought", "--by", "year", "--speaker", "Bekele"]);
    assert_eq!(counts(&rows), [row("2019", 1, 1, "1000"), row("2020", 1, 6, "166.66666666666666")]);
}

#[test]
fn split_by_country_gives_the_top_series_and_other() {
    let env = corpus();
    let rows = csv_rows(&env, &["drought", "--by", "year", "--split-by", "country", "--top", "2"]);
    let series = |name: &str| -> Vec<(String, u64, u64, String)> {
        counts(&rows.iter().filter(|r| r["series"] == name).cloned().collect::<Vec<_>>())
    };
    assert_eq!(series("Kenya").iter().map(|r| r.1).collect::<Vec<_>>(), [0, 2, 1]);
    assert_eq!(series("Ethiopia").iter().map(|r| r.1).collect::<Vec<_>>(), [1, 1, 0]);
    // Somalia (article 6) and no country (article 10) make `other`.
    assert_eq!(series("other").iter().map(|r| r.1).collect::<Vec<_>>(), [0, 1, 1]);
    assert!(series("Somalia").is_empty());
    // Series come in order: most articles first, then other.
    let order: Vec<&str> = rows.iter().map(|r| r["series"].as_str()).step_by(3).collect();
    assert_eq!(order, ["Kenya", "Ethiopia", "other"]);
    // Each series is normalised by all articles of the bucket.
    assert!((per_1000(&series("Kenya")[1].3) - 333.333).abs() < 0.001);
    assert_eq!(series("Ethiopia")[0].3, "1000");

    let rows = csv_rows(&env, &["drought", "--by", "year", "--split-by", "country", "--top", "2", "--no-other"]);
    assert!(rows.iter().all(|r| r["series"] != "other"));
    assert_eq!(rows.len(), 6);
}

#[test]
fn split_by_speaker_and_the_jsonl_summary() {
    let env = corpus();
    let output =
        timeline(&env, &["drought", "--by", "year", "--split-by", "speaker", "--top", "1", "--format", "jsonl"])
            .output()
            .unwrap();
    assert!(output.status.success());
    let records: Vec<serde_json::Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["total"], 6);
    assert_eq!(summary["interval"], "year");
    assert_eq!(summary["split_by"], "speaker");
    assert_eq!(summary["series"][0]["name"], "Amina Odhiambo");
    assert_eq!(summary["series"][0]["total"], 3);
    assert_eq!(summary["series"][1]["name"], "other");
    assert_eq!(summary["series"][1]["total"], 3, "articles 6, 9 and 10 quote no Amina Odhiambo");
    assert_eq!(summary["index"]["fingerprint"].as_str().unwrap().len(), 16);
    assert!(summary["denominator"].as_str().unwrap().contains("all articles of the archive"));
    let points: Vec<&serde_json::Value> = records.iter().filter(|r| r["type"] == "point").collect();
    assert_eq!(points.len(), 6);
    let amina_2020 = points.iter().find(|p| p["series"] == "Amina Odhiambo" && p["bucket"] == "2020").unwrap();
    assert_eq!((amina_2020["articles"].as_u64(), amina_2020["bucket_articles"].as_u64()), (Some(2), Some(6)));
}

#[test]
fn passage_scope_counts_each_article_once() {
    let env = corpus();
    // Article 3 has "drought" in both of its passages.
    let rows = csv_rows(&env, &["drought", "--by", "year", "--scope", "passage"]);
    assert_eq!(counts(&rows)[1], row("2020", 3, 6, "500"));
    // The whole query in one passage: only article 3 has "drought" and "wells" together.
    let rows = csv_rows(&env, &["drought wells", "--by", "year", "--scope", "passage"]);
    assert_eq!(counts(&rows), [row("2020", 1, 6, "166.66666666666666")]);
}

#[test]
fn json_document_tsv_and_the_index_fingerprint() {
    let env = corpus();
    let output = timeline(&env, &["drought", "--by", "year", "--format", "json"]).output().unwrap();
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["points"].as_array().unwrap().len(), 3);
    assert_eq!(document["points"][0]["per_1000"], 1000.0);
    let fingerprint = document["summary"]["index"]["fingerprint"].as_str().unwrap().to_string();
    let status = env.cmd().args(["status", "--json", "--index"]).arg(env.index_dir()).output().unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["fingerprint"], fingerprint.as_str());

    let output = timeline(&env, &["drought", "--by", "year", "--format", "tsv"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "bucket\tstart\tend\tseries\tarticles\tbucket_articles\tper_1000\tindex_fingerprint");
    assert_eq!(lines[1], format!("2019\t2019-01-01\t2019-12-31\tall\t1\t1\t1000\t{fingerprint}"));
}

#[test]
fn text_output_is_a_bar_chart_that_fits_80_columns() {
    let env = corpus();
    let output = timeline(&env, &["drought", "--by", "month", "--color", "never"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\"drought\" by month, 2019-12 to 2021-06"), "{text}");
    assert!(text.contains("month    articles  archive  per 1,000"), "{text}");
    // The largest value (1000 per 1,000) gets the full bar; February 2020 has no article.
    let full = "█".repeat(38);
    assert!(text.lines().any(|l| l.starts_with("2019-12") && l.ends_with(&full)), "{text}");
    assert!(text.lines().any(|l| l.starts_with("2020-01") && l.ends_with(&"█".repeat(19))), "{text}");
    assert!(text.lines().any(|l| l.split_whitespace().collect::<Vec<_>>() == ["2020-02", "0", "0", "-"]), "{text}");
    assert!(text.contains("6 matching articles of 10 in the archive, 2019-12-01 to 2021-06-30"), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    assert!(!text.contains('\u{1b}'), "no colour with --color never");

    let split =
        timeline(&env, &["drought", "--by", "year", "--split-by", "country", "--metric", "articles"]).output().unwrap();
    let text = String::from_utf8(split.stdout).unwrap();
    assert!(text.contains("Kenya: 3 matching articles"), "{text}");
    assert!(text.contains("other: 1 matching article\n"), "{text}");
    assert!(text.contains("bars: matching articles (full bar 2)"), "{text}");
    assert!(text.lines().all(|line| line.chars().count() <= 80), "{text}");
}

#[test]
fn svg_chart_parses_and_carries_title_axes_labels_and_legend() {
    let env = corpus();
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("drought.svg");
    let path = svg.to_str().unwrap();
    timeline(
        &env,
        &["drought", "--by", "year", "--split-by", "country", "--top", "2", "--svg", path, "--size", "800x400"],
    )
    .assert()
    .success();
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).expect("the SVG is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!((root.attribute("width"), root.attribute("height")), (Some("800"), Some("400")));
    let texts: Vec<String> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect();
    for expected in [
        "\u{201c}drought\u{201d}: matching articles per 1,000, by year",
        "2019",
        "2020",
        "2021",
        "year",
        "matching articles per 1,000 articles in the archive",
        "Kenya (3)",
        "Ethiopia (2)",
        "other (2)",
    ] {
        assert!(texts.iter().any(|t| t == expected), "no `{expected}` in {texts:?}");
    }
}

#[test]
fn png_chart_is_a_png_of_the_asked_size() {
    let env = corpus();
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("chart.image");
    timeline(&env, &["drought", "--by", "month", "--png", png.to_str().unwrap(), "--size", "640x360"])
        .assert()
        .success();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let info = reader.info();
    assert_eq!((info.width, info.height), (640, 360));
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).expect("valid PNG data");
    // Not blank: white background, dark text and axes, and the bars' colour.
    assert!(pixels.chunks(3).any(|p| p == [255, 255, 255]));
    assert!(pixels.chunks(3).any(|p| p[0] < 60 && p[1] < 60 && p[2] < 60), "text and axes");
    assert!(pixels.chunks(3).any(|p| p == [0, 114, 178]), "bars");
}

#[test]
fn no_match_bad_options_and_bad_queries() {
    let env = corpus();
    let output = timeline(&env, &["monsoon", "--by", "year"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("no article matches \"monsoon\""));

    let output = timeline(&env, &["drought", "--by", "decade"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values: year, month, week"));

    let output = timeline(&env, &["drought", "--top", "3"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "--top means nothing without --split-by");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--split-by <FACET>"));

    let output = timeline(&env, &["drought", "--from", "2021", "--to", "2020"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--from 2021-01-01 is after --to 2020-12-31"));

    let output = timeline(&env, &["drought", "--png", "x.png", "--size", "big"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("give WIDTHxHEIGHT"));

    let output = timeline(&env, &["\"drought", "--by", "year"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("dateline: error:"));

    let output = timeline(&env, &["drought", "--svg", "/nonexistent-dir/x.svg"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot draw the chart into /nonexistent-dir/x.svg"));
}
