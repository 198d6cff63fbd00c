//! Collocations and keywords: exact counts, checked against a brute-force count of the corpus
//! text (analysed as search analyses it), through the library and the command line.

use std::collections::HashMap;

use dateline::internals::analysis::terms;
use dateline::{
    CollocatesRequest, CollocationMeasure, Index, Interval, KeynessMeasure, KeywordsRequest, SearchRequest, Stopwords,
};

use crate::util::TestEnv;

/// Words the generated articles are made of: a harbour town's news.
const WORDS: &[&str] = &[
    "the", "harbour", "port", "authority", "said", "ships", "cargo", "strike", "union", "workers", "cranes", "berth",
    "fishing", "boats", "council", "mayor", "storm", "quay", "ferry", "passengers", "a", "of", "and", "in", "to", "on",
    "tides", "container", "dredging", "channel", "pilots", "customs", "exports", "timber", "grain", "Zürich",
    "insurers", "Harbour's", "warned", "agreed", "night", "week", "tonnes", "wharf", "lighthouse",
];

/// A small deterministic generator (xorshift), so the corpus is the same on every run.
struct Words(u64);

impl Words {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn sentence(&mut self) -> String {
        let length = 4 + self.next(12);
        let mut words: Vec<&str> = (0..length).map(|_| WORDS[self.next(WORDS.len())]).collect();
        // The phrase node, now and then.
        if self.next(4) == 0 {
            let at = self.next(words.len());
            words.splice(at..at, ["port", "authority"]);
        }
        let mut sentence = words.join(" ");
        sentence[..1].make_ascii_uppercase();
        sentence + "."
    }
}

/// One generated article: its file, date, headline and body.
struct Generated {
    path: String,
    date: String,
    title: String,
    body: String,
}

fn generate(count: usize, seed: u64) -> Vec<Generated> {
    let mut words = Words(seed);
    (0..count)
        .map(|i| {
            let paragraphs = 1 + words.next(4);
            let body = (0..paragraphs)
                .map(|_| (0..1 + words.next(4)).map(|_| words.sentence()).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n\n");
            let title = words.sentence().trim_end_matches('.').to_string();
            let date = format!("{}-{:02}-{:02}", 2019 + i % 4, 1 + i % 12, 1 + i % 28);
            Generated { path: format!("{}/article-{i:03}.md", 2019 + i % 4), date, title, body }
        })
        .collect()
}

fn write(env: &TestEnv, article: &Generated) {
    env.write(&article.path, format!("---\ndate: {}\ntitle: {}\n---\n{}\n", article.date, article.title, article.body));
}

/// The counting units of an article: its headline and its passages, as lists of terms.
fn units(article: &Generated) -> Vec<Vec<String>> {
    let mut units = vec![terms(&article.title)];
    for passage in dateline::passage::split(&article.body) {
        units.push(terms(&article.body[passage.range]));
    }
    units
}

/// Every word's frequency in `articles`, and their size in words.
fn frequencies<'a>(articles: impl IntoIterator<Item = &'a Generated>) -> (HashMap<String, u64>, u64) {
    let mut counts = HashMap::new();
    let mut total = 0;
    for article in articles {
        for word in units(article).into_iter().flatten() {
            *counts.entry(word).or_insert(0) += 1;
            total += 1;
        }
    }
    (counts, total)
}

/// Whether `article` matches the query of `node` as search matches it: a word anywhere in
/// the headline or body, a phrase within one passage.
fn matches(article: &Generated, node: &[&str]) -> bool {
    let holds = |unit: &Vec<String>| unit.windows(node.len()).any(|w| w.iter().zip(node).all(|(a, b)| a == b));
    let units = units(article);
    let searched = if node.len() == 1 { &units[..] } else { &units[1..] };
    searched.iter().any(holds)
}

/// Brute-force collocates: for each occurrence of `node` (a phrase of terms), the words within
/// `left` and `right` words in the same unit, each word once (on the right when it is right
/// of an earlier occurrence), the node's words left out. Returns (node occurrences, window
/// words, word -> (left, right)).
fn brute_collocates<'a>(
    articles: impl IntoIterator<Item = &'a Generated>,
    node: &[&str],
    left: usize,
    right: usize,
) -> (u64, u64, HashMap<String, (u64, u64)>) {
    let (mut occurrences, mut window) = (0, 0);
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    for unit in articles.into_iter().flat_map(units) {
        let starts: Vec<usize> = (0..unit.len())
            .filter(|&i| i + node.len() <= unit.len() && (0..node.len()).all(|k| unit[i + k] == node[k]))
            .collect();
        occurrences += starts.len() as u64;
        for (i, word) in unit.iter().enumerate() {
            let in_node = starts.iter().any(|&s| i >= s && i < s + node.len());
            let is_right = starts.iter().any(|&s| i >= s + node.len() && i < s + node.len() + right);
            let is_left = starts.iter().any(|&s| i < s && i + left >= s);
            if in_node || !(is_right || is_left) {
                continue;
            }
            window += 1;
            let entry = counts.entry(word.clone()).or_default();
            if is_right {
                entry.1 += 1;
            } else {
                entry.0 += 1;
            }
        }
    }
    (occurrences, window, counts)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn collocates_equal_a_brute_force_count_of_the_corpus() {
    let env = TestEnv::new();
    let mut articles = generate(48, 0x5eed_cafe);
    for article in &articles {
        write(&env, article);
    }
    env.index_ok();
    // A nightly run that rewrites one article and removes another: their old documents are
    // deleted in their segment, and must not be counted.
    articles[3].body = "The harbour was quiet and the harbour master said the ferry sailed.".to_string();
    write(&env, &articles[3]);
    let removed = articles.remove(7);
    std::fs::remove_file(env.corpus.path().join(&removed.path)).unwrap();
    env.index_ok();

    let index = Index::open(env.index_dir()).unwrap();
    let (archive, archive_words) = frequencies(&articles);
    for (query, node, left, right) in
        [("harbour", vec!["harbour"], 5, 5), ("\"port authority\"", vec!["port", "authority"], 2, 4)]
    {
        let request = CollocatesRequest::new(SearchRequest::new(query)).sides(left, right).min_freq(1).limit(None);
        let found = index.collocates(&request).unwrap();
        let selected: Vec<&Generated> = articles.iter().filter(|a| matches(a, &node)).collect();
        let (occurrences, window, expected) = brute_collocates(selected, &node, left, right);
        assert!(occurrences > 20, "the corpus has {occurrences} occurrences of {query}");
        assert_eq!(found.archive_words, archive_words);
        assert_eq!(found.all.node_frequency, occurrences, "{query}");
        assert_eq!(found.all.window_words, window, "{query}");
        assert_eq!(found.all.candidates, expected.len(), "{query}");
        for collocate in &found.all.collocates {
            let (l, r) = expected[&collocate.word];
            assert_eq!((collocate.left, collocate.right), (l, r), "{query}: {}", collocate.word);
            assert_eq!(collocate.frequency, l + r);
            assert_eq!(collocate.archive_frequency, archive[&collocate.word], "{}", collocate.word);
            // logDice from the brute-force counts (Rychlý 2008).
            let dice = 14.0 + (2.0 * (l + r) as f64 / (occurrences + archive[&collocate.word]) as f64).log2();
            assert!(close(collocate.score, dice), "{}: {} against {dice}", collocate.word, collocate.score);
        }
        // Ranked best first.
        assert!(found.all.collocates.windows(2).all(|w| w[0].score >= w[1].score));
    }
    // In passage scope only the passages that match count: not the headlines.
    let in_passages = CollocatesRequest::new(SearchRequest::new("harbour").scope(dateline::Scope::Passage)).min_freq(1);
    let found = index.collocates(&in_passages).unwrap();
    let bodies: Vec<Generated> = articles
        .iter()
        .map(|a| Generated { path: a.path.clone(), date: a.date.clone(), title: String::new(), body: a.body.clone() })
        .collect();
    let (occurrences, window, _) = brute_collocates(&bodies, &["harbour"], 5, 5);
    assert_eq!((found.all.node_frequency, found.all.window_words), (occurrences, window));
    // A prefix is each word it starts: here only `harbour` (and `Harbour's`, the same word).
    let by_prefix = |query: &str| {
        let request = CollocatesRequest::new(SearchRequest::new(query)).min_freq(1).limit(None);
        let found = index.collocates(&request).unwrap();
        (found.all.node_frequency, found.all.window_words, found.all.collocates)
    };
    assert_eq!(by_prefix("harb*"), by_prefix("harbour"));
    // The analysis folds and drops possessives as search does: `Zürich` is `zurich`, and
    // `Harbour's` is an occurrence of `harbour`.
    assert!(archive.contains_key("zurich") && !archive.contains_key("harbour's"));

    // Filters and periods: only 2020's articles, year by year, against the whole archive.
    let request =
        CollocatesRequest::new(SearchRequest::new("harbour").from("2020".parse().unwrap()).to("2021".parse().unwrap()))
            .min_freq(2)
            .measure(CollocationMeasure::Mi)
            .by(Interval::Year)
            .limit(None);
    let found = index.collocates(&request).unwrap();
    assert_eq!(found.periods.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(), ["2020", "2021"]);
    for period in &found.periods {
        let year = &period.label;
        let selected: Vec<&Generated> =
            articles.iter().filter(|a| a.date.starts_with(year.as_str()) && matches(a, &["harbour"])).collect();
        let (occurrences, window, expected) = brute_collocates(selected, &["harbour"], 5, 5);
        assert_eq!((period.node_frequency, period.window_words), (occurrences, window), "{year}");
        let kept = expected.values().filter(|(l, r)| l + r >= 2).count();
        assert_eq!(period.candidates, kept, "{year}");
        for collocate in &period.collocates {
            let (l, r) = expected[&collocate.word];
            assert_eq!(collocate.frequency, l + r);
            let e = window as f64 * archive[&collocate.word] as f64 / archive_words as f64;
            assert!(close(collocate.score, ((l + r) as f64 / e).log2()), "{year} {}", collocate.word);
        }
    }
    let both: u64 = found.periods.iter().map(|p| p.node_frequency).sum();
    assert_eq!(found.all.node_frequency, both);

    // Stop words leave the table, not the counts.
    let plain = index.collocates(&CollocatesRequest::new(SearchRequest::new("harbour")).limit(None)).unwrap();
    let listed = index
        .collocates(&CollocatesRequest::new(SearchRequest::new("harbour")).limit(None).stopwords(Stopwords::En))
        .unwrap();
    assert!(plain.all.collocates.iter().any(|c| c.word == "the"));
    assert!(listed.all.collocates.iter().all(|c| !Stopwords::En.contains(&c.word)));
    assert_eq!(plain.all.window_words, listed.all.window_words);
    let score_of = |table: &dateline::Collocates, word: &str| {
        table.all.collocates.iter().find(|c| c.word == word).map(|c| c.score)
    };
    assert_eq!(score_of(&plain, "cargo"), score_of(&listed, "cargo"));
}

#[test]
fn keywords_equal_a_brute_force_count_of_the_corpus() {
    let env = TestEnv::new();
    let mut articles = generate(40, 0xfeed_beef);
    // Give 2022's articles words of their own, so they have clear keywords.
    for article in articles.iter_mut().filter(|a| a.date.starts_with("2022")) {
        article.body.push_str("\n\nSilt barges moved silt.");
    }
    for article in &articles {
        write(&env, article);
    }
    env.index_ok();
    let index = Index::open(env.index_dir()).unwrap();

    let target: Vec<&Generated> = articles.iter().filter(|a| a.date.starts_with("2022")).collect();
    let rest: Vec<&Generated> = articles.iter().filter(|a| !a.date.starts_with("2022")).collect();
    let early: Vec<&Generated> = articles.iter().filter(|a| a.date.starts_with("2019")).collect();

    // Everything in 2022 against the rest, then against 2019 alone.
    let target_request = SearchRequest::new("date:2022");
    let cases = [(None, rest.clone()), (Some(SearchRequest::new("date:2019")), early.clone())];
    for (reference, reference_articles) in cases {
        let (t, t_words) = frequencies(target.iter().copied());
        let (r, r_words) = frequencies(reference_articles.iter().copied());
        for negative in [false, true] {
            for measure in [KeynessMeasure::Ll, KeynessMeasure::LogRatio, KeynessMeasure::Chi2] {
                let mut request = KeywordsRequest::new(target_request.clone())
                    .measure(measure)
                    .min_freq(2)
                    .limit(None)
                    .negative(negative);
                if let Some(reference) = &reference {
                    request = request.reference(reference.clone());
                }
                let found = index.keywords(&request).unwrap();
                assert_eq!((found.target_articles, found.target_words), (target.len(), t_words));
                assert_eq!((found.reference_articles, found.reference_words), (reference_articles.len(), r_words));
                // Every word over- (or under-) represented and seen twice on its side.
                let mut expected: Vec<&String> = t
                    .keys()
                    .chain(r.keys())
                    .filter(|w| {
                        let (a, b) = (t.get(*w).copied().unwrap_or(0), r.get(*w).copied().unwrap_or(0));
                        let over = a as f64 * r_words as f64 > b as f64 * t_words as f64;
                        over != negative && if negative { b >= 2 } else { a >= 2 }
                    })
                    .collect();
                expected.sort();
                expected.dedup();
                let mut listed: Vec<&String> = found.keywords.iter().map(|k| &k.word).collect();
                listed.sort();
                assert_eq!(listed, expected, "{measure:?} negative {negative}");
                for keyword in &found.keywords {
                    let a = t.get(&keyword.word).copied().unwrap_or(0);
                    let b = r.get(&keyword.word).copied().unwrap_or(0);
                    assert_eq!((keyword.target_frequency, keyword.reference_frequency), (a, b), "{}", keyword.word);
                    assert!(close(keyword.target_per_million, a as f64 * 1e6 / t_words as f64));
                    let half = |n: u64| if n == 0 { 0.5 } else { n as f64 };
                    let ratio = ((half(a) / t_words as f64) / (half(b) / r_words as f64)).log2();
                    assert!(close(keyword.log_ratio, ratio), "{}", keyword.word);
                }
                if !negative && measure == KeynessMeasure::Ll {
                    let best: Vec<&str> = found.keywords.iter().take(3).map(|k| k.word.as_str()).collect();
                    assert!(best.contains(&"silt"), "the word added to 2022 is among the best: {best:?}");
                }
            }
        }
    }

    // The reference loses the target's articles: a reference query that takes in the target
    // compares with the rest of it only.
    let overlapping = KeywordsRequest::new(target_request.clone()).reference(SearchRequest::new("date:2019..2022"));
    let found = index.keywords(&overlapping).unwrap();
    assert_eq!(found.reference_articles, rest.len());
}

#[test]
fn the_commands_print_every_format_and_fit_80_columns() {
    let env = TestEnv::new();
    for article in generate(30, 0xabcd_1234) {
        write(&env, &article);
    }
    env.index_ok();
    let run = |args: &[&str]| {
        let output =
            env.cmd().args(args).arg("--index").arg(env.index_dir()).args(["--color", "never"]).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };

    let text = run(&["collocates", "harbour", "--by", "year", "--top", "5"]);
    assert!(text.contains("collocates of `harbour`: logdice"), "{text}");
    assert!(text.contains("\n2020\n"), "{text}");
    let text_keywords = run(&["keywords", "harbour", "--from", "2021", "--stopwords", "en", "--min-freq", "1"]);
    for line in text.lines().chain(text_keywords.lines()) {
        assert!(line.chars().count() <= 80, "longer than 80 columns: {line}");
    }
    assert!(text_keywords.lines().all(|line| !line.starts_with("the ")), "{text_keywords}");

    let jsonl = run(&["collocates", "\"port authority\"", "--measure", "t", "--format", "jsonl"]);
    let records: Vec<serde_json::Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!records.is_empty());
    for record in &records {
        assert_eq!(record["period"], "all");
        assert_eq!(record["measure"], "t");
        assert!(record["index_fingerprint"].as_str().is_some_and(|f| f.len() == 16));
        assert_ne!(record["collocate"], "port");
    }
    let csv = run(&["keywords", "harbour", "--from", "2021", "--negative", "--format", "csv"]);
    assert!(csv.starts_with(
        "keyword,target_frequency,reference_frequency,target_per_million,reference_per_million,measure,score,\
         log_ratio,target_words,reference_words,index_fingerprint\n"
    ));
    let json = run(&[
        "keywords", "harbour", "--from", "2021", "--reference-from", "2019", "--reference-to", "2019", "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["measure"], "ll");
    assert!(json["index"]["fingerprint"].is_string() && json["keywords"].is_array());
    assert!(json["reference"].as_str().unwrap().contains("2019-01-01..2019-12-31"));

    // A query with no word to count around is refused with advice.
    env.cmd()
        .args(["collocates", "country:Kenya", "--index"])
        .arg(env.index_dir())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("has no word or phrase"));
}
