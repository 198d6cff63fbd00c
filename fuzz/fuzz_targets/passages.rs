//! The passage splitter and extraction (countries, speakers, evidence) on any article body.
//! Input: any bytes, as UTF-8 (lossily); the first line, if the input has several, is the
//! title.
#![no_main]

use dateline::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let date = "2021-03-04".parse().expect("a date");
    let mut article = Article::new("a.txt", "a.txt", date, text.as_ref());
    if let Some((title, body)) = text.split_once('\n') {
        if !body.trim().is_empty() {
            article.meta.title = Some(title.to_string());
            article.body = body.to_string();
        }
    }
    dateline_fuzz::checks::extraction(&article);
});
