//! Deriving an article's countries and speakers, and the speakers of each passage.
//!
//! Metadata wins: when the file declares countries or speakers, those are the article's
//! labels (countries mapped to the gazetteer's canonical names). What is not declared is
//! derived from the text: countries from [`country`] mentions in the title and body, speakers
//! from [`speaker`] attributions. Each passage carries the speakers attributed inside it; when
//! the file declares speakers, a passage's speakers are the declared ones its attributions
//! name (by full name or surname), so passage speakers are always among the article's.

pub mod country;
pub mod speaker;

use crate::article::Article;
use crate::passage::Passage;

/// The labels of one article and its passages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// Canonical country names, in order of first mention (or as declared).
    pub countries: Vec<String>,
    /// Speaker names, in order of first attribution (or as declared).
    pub speakers: Vec<String>,
    /// For each passage, in order: the speakers whose words it reports.
    pub passage_speakers: Vec<Vec<String>>,
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The last word of a name, lower-cased: how a surname-only mention refers to it.
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_lowercase()
}

/// Whether `word` occurs in `text` as a whole word after a word or a comma (not opening a sentence).
fn capitalised_mid_sentence(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let after = text[at + word.len()..].chars().next();
        let before = text[..at].trim_end().chars().next_back();
        let whole = !after.is_some_and(char::is_alphanumeric) && !text[..at].ends_with(char::is_alphanumeric);
        whole && before.is_some_and(|c| c.is_alphanumeric() || c == ',')
    })
}

/// Labels an article whose body has been split into `passages`.
pub fn label(article: &Article, passages: &[Passage]) -> Labels {
    let gazetteer = country::gazetteer();
    let mut countries = Vec::new();
    if article.countries.is_empty() {
        let title = article.title.as_deref().unwrap_or("");
        for text in [title, &article.body] {
            for mention in gazetteer.mentions(text) {
                push_unique(&mut countries, mention.country.to_string());
            }
        }
    } else {
        for name in &article.countries {
            push_unique(&mut countries, gazetteer.canonical(name));
        }
    }

    let attributions = speaker::attributions(&article.body);
    let declared: Vec<String> = article.speakers.iter().map(|s| s.trim().to_string()).collect();
    let mut known = speaker::full_names(&article.body);
    known.extend(attributions.iter().map(|a| a.name.clone()).filter(|n| n.contains(' ')));
    known.extend(declared.iter().filter(|d| d.contains(' ')).cloned());
    let mut speakers = declared.clone();
    let mut passage_speakers = vec![Vec::new(); passages.len()];
    for attribution in &attributions {
        let name = speaker::resolve_name(&attribution.name, &known);
        // "Economists said": a single capitalised word opening a sentence is a speaker only if
        // it names someone known in full, or is capitalised mid-sentence somewhere else.
        let single = !name.contains(' ');
        if single && attribution.sentence_initial && !capitalised_mid_sentence(&article.body, &name) {
            continue;
        }
        let name = if declared.is_empty() {
            push_unique(&mut speakers, name.clone());
            name
        } else {
            let matching = declared.iter().find(|d| d.eq_ignore_ascii_case(&name) || surname(d) == surname(&name));
            match matching {
                Some(declared_name) => declared_name.clone(),
                None => continue,
            }
        };
        let at = attribution.range.start;
        if let Some(index) = passages.iter().position(|p| p.range.contains(&at)) {
            push_unique(&mut passage_speakers[index], name);
        }
    }
    Labels { countries, speakers, passage_speakers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passage;

    fn labels_of(article: &Article) -> Labels {
        label(article, &passage::split(&article.body))
    }

    const BODY: &str = "Foreign Minister Lena Marchetti of Italy said talks would resume.\n\n\
        \"We are ready,\" Marchetti told reporters in Kenya.\n\n\
        Her spokesman said the Kenyan delegation agreed.";

    #[test]
    fn derives_countries_and_resolves_surnames_per_passage() {
        let article = Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), BODY);
        let labels = labels_of(&article);
        assert_eq!(labels.countries, ["Italy", "Kenya"]);
        assert_eq!(labels.speakers, ["Lena Marchetti"]);
        assert_eq!(
            labels.passage_speakers,
            [vec!["Lena Marchetti".to_string()], vec!["Lena Marchetti".into()], vec![]]
        );
    }

    #[test]
    fn declared_metadata_wins_and_bounds_passage_speakers() {
        let mut article = Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), BODY);
        article.countries = vec!["UK".into(), "Atlantis".into()];
        article.speakers = vec!["L. Marchetti".into()];
        let labels = labels_of(&article);
        assert_eq!(labels.countries, ["United Kingdom", "Atlantis"]);
        assert_eq!(labels.speakers, ["L. Marchetti"]);
        assert_eq!(labels.passage_speakers[1], ["L. Marchetti"]);
    }

    #[test]
    fn sentence_initial_common_nouns_are_not_speakers() {
        let body =
            "Economists said rates would rise. Prices fell.\n\nOn Monday Haddad said it was over. Haddad added more.";
        let article = Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), body);
        assert_eq!(labels_of(&article).speakers, ["Haddad"]);
    }
}
