//! Deriving an article's countries and speakers, and the speakers of each passage, with the
//! evidence for every label.
//!
//! Metadata wins: when the file declares countries or speakers, those are the article's
//! labels (countries mapped to the gazetteer's canonical names). What is not declared is
//! derived from the text: countries from [`country`] mentions in the title and body, speakers
//! from [`speaker`] attributions.
//!
//! Each passage carries the speakers whose words it reports:
//! - the people attributed inside it (`NAME said`, `said NAME`, `according to NAME`);
//! - a pronoun attribution (`he said`, `", she added`) resolved to the last person named
//!   before it (in full, or by the surname of someone named in full), when that mention is in
//!   the same passage or one of the two before ([`Rule::Pronoun`]);
//! - the previous passage's last speaker, when the passage is a quotation with no attribution
//!   of its own: it opens with a quotation mark and ends at the end of a quotation or inside
//!   one (a multi-paragraph quote, [`Rule::QuoteContinuation`]).
//!
//! When the file declares speakers, a passage's speakers are the declared ones its
//! attributions name (by full name or surname), so passage speakers are always among the
//! article's.

pub mod country;
mod reporting;
pub mod speaker;
mod words;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::passage::Passage;

/// The rule that produced a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// Declared in the file's metadata.
    Metadata,
    /// A name, alias or demonym of the country gazetteer.
    Gazetteer,
    /// `NAME said`.
    NameVerb,
    /// `"...," said NAME`.
    VerbName,
    /// `according to NAME`.
    AccordingTo,
    /// `he said`, resolved to the last named speaker.
    Pronoun,
    /// A paragraph continuing a quotation opened in the previous one.
    QuoteContinuation,
}

/// Which text a span is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextField {
    /// The headline.
    Title,
    /// The article body.
    Body,
}

/// A stretch of the article's text that supports a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text it is in.
    pub field: TextField,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// The text itself.
    pub text: String,
}

/// Why a label is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The rule that produced it.
    pub rule: Rule,
    /// The text that triggered the rule; `None` for metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A country or speaker, with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// The canonical country name, or the speaker's fullest name.
    pub name: String,
    /// For a country the gazetteer knows: its ISO 3166-1 alpha-2 code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Every place that supports the label, in text order.
    pub evidence: Vec<Evidence>,
}

/// The labels of one article and its passages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    /// Countries, in order of first mention (or as declared).
    pub countries: Vec<Label>,
    /// Speakers, in order of first attribution (or as declared).
    pub speakers: Vec<Label>,
    /// For each passage, in order: the speakers whose words it reports.
    pub passage_speakers: Vec<Vec<Label>>,
}

impl Labels {
    /// The country names.
    pub fn country_names(&self) -> Vec<&str> {
        self.countries.iter().map(|l| l.name.as_str()).collect()
    }

    /// The speaker names.
    pub fn speaker_names(&self) -> Vec<&str> {
        self.speakers.iter().map(|l| l.name.as_str()).collect()
    }
}

/// Adds evidence to the label called `name`, creating it at the end if it is new.
fn add(labels: &mut Vec<Label>, name: &str, evidence: Evidence) {
    match labels.iter_mut().find(|l| l.name == name) {
        Some(label) => label.evidence.push(evidence),
        None => labels.push(Label { name: name.to_string(), code: None, evidence: vec![evidence] }),
    }
}

fn span(field: TextField, text: &str, range: Range<usize>) -> Option<Span> {
    Some(Span { field, text: text[range.clone()].to_string(), start: range.start, end: range.end })
}

/// The last word of a name, lower-cased: how a surname-only mention refers to it.
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or(name).to_lowercase()
}

/// Whether `word` occurs in `text` as a whole word after a word or a comma (not opening a sentence).
fn capitalised_mid_sentence(text: &str, word: &str) -> bool {
    !word.is_empty()
        && memchr::memmem::find_iter(text.as_bytes(), word).any(|at| {
            let after = text[at + word.len()..].chars().next();
            let before = text[..at].trim_end().chars().next_back();
            let whole = !after.is_some_and(char::is_alphanumeric) && !text[..at].ends_with(char::is_alphanumeric);
            whole && before.is_some_and(|c| c.is_alphanumeric() || c == ',')
        })
}

/// A person's grammatical gender, as the article shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The gender of a pronoun attribution's pronoun (`he`, `she`).
    fn of_pronoun(pronoun: &str) -> Option<Gender> {
        match pronoun {
            "he" => Some(Gender::Male),
            "she" => Some(Gender::Female),
            _ => None,
        }
    }

    /// The gender a title before or at the start of a name mention gives ("Mrs Okafor",
    /// "Sir Malcolm Reid").
    fn of_title(body: &str, range: &Range<usize>) -> Option<Gender> {
        // The word before the mention (a title outside the name's run) and the mention's own.
        let mut from = range.start.saturating_sub(12);
        while !body.is_char_boundary(from) {
            from += 1;
        }
        let before = body[from..range.start].split_whitespace().last().unwrap_or("");
        let words = std::iter::once(before).chain(body[range.clone()].split_whitespace());
        words.map(|w| w.trim_end_matches('.')).find_map(|word| match word {
            "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Father" | "Brother" | "Baron" => Some(Gender::Male),
            "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" | "Sister" | "Baroness" => {
                Some(Gender::Female)
            }
            _ => None,
        })
    }
}

/// How many passages back a pronoun may look for the person it refers to.
const MAX_PRONOUN_DISTANCE: usize = 2;

/// Whether a quotation opened in `text` is still open at its end.
fn ends_inside_quote(text: &str) -> bool {
    let straight = text.matches('"').count();
    let opening = text.matches('\u{201c}').count();
    let closing = text.matches('\u{201d}').count();
    straight % 2 == 1 || opening > closing
}

/// A passage that is all quotation: it opens with a quotation mark and ends with one, or is
/// left open for the next paragraph to continue.
fn is_quotation(text: &str) -> bool {
    let text = text.trim();
    let closes = text.ends_with(['"', '\u{201d}']);
    text.starts_with(['"', '\u{201c}']) && (closes || ends_inside_quote(text))
}

/// People a pronoun may refer to, in text order: full names that are described as people or
/// attributed somewhere in the article, and the surnames (or first words) of those people,
/// each resolved to the full name.
fn person_mentions(
    body: &str,
    full_names: &[speaker::NameMention],
    known: &[String],
    attributed: &[String],
) -> Vec<(String, Range<usize>)> {
    let is_person =
        |name: &String| attributed.contains(name) || full_names.iter().any(|m| m.described && m.name == *name);
    let mut mentions: Vec<(String, Range<usize>)> =
        full_names.iter().filter(|m| is_person(&m.name)).map(|m| (m.name.clone(), m.range.clone())).collect();
    for name in known.iter().filter(|name| is_person(name)) {
        let words = name.split_whitespace();
        for part in [words.clone().last(), words.clone().next()].into_iter().flatten() {
            // memchr's search (SIMD) instead of `match_indices`: this runs over the whole body
            // for every name, and was a tenth of the labelling time.
            for at in memchr::memmem::find_iter(body.as_bytes(), part) {
                let end = at + part.len();
                let whole =
                    !body[..at].ends_with(char::is_alphanumeric) && !body[end..].starts_with(char::is_alphanumeric);
                let inside_full = full_names.iter().any(|m| m.range.contains(&at));
                if whole && !inside_full && speaker::resolve_name(part, known) == *name {
                    mentions.push((name.clone(), at..end));
                }
            }
        }
    }
    mentions.sort_by_key(|(_, range)| range.start);
    mentions.dedup_by(|a, b| a.1 == b.1);
    mentions
}

/// Labels an article whose body has been split into `passages`.
pub fn label(article: &Article, passages: &[Passage]) -> Labels {
    let body = article.body.as_str();
    let countries = label_countries(article);

    let declared: Vec<String> = article.meta.speakers.iter().map(|s| s.trim().to_string()).collect();
    let speaker::Speech { attributions, full_names, unnamed, bodies } = speaker::speech(body);
    let mut known: Vec<String> = full_names.iter().map(|m| m.name.clone()).collect();
    known.extend(attributions.iter().filter(|a| a.rule != Rule::Pronoun).map(|a| a.name.clone()));
    known.extend(declared.iter().cloned());
    known.retain(|name| name.contains(' '));
    // "Van Wyk, who ..." (a particle capitalised at a sentence's start) is Johan van Wyk when
    // the article names him in full.
    let full_names: Vec<speaker::NameMention> = full_names
        .into_iter()
        .map(|mention| match speaker::starts_with_particle(&mention.name) {
            true => speaker::NameMention { name: speaker::resolve_name(&mention.name, &known), ..mention },
            false => mention,
        })
        .collect();

    let passage_of = |at: usize| passages.iter().position(|p| p.range.contains(&at));
    // Each named attribution resolved to the fullest form of its name (pronouns: `None`).
    // A surname goes first to someone attributed in full ("Ferrante" to Antonio Ferrante, not
    // to his restaurant, Casa Ferrante), then to anyone named in full.
    let attributed_in_full: Vec<String> = attributions
        .iter()
        .filter(|a| a.rule != Rule::Pronoun && a.name.contains(' '))
        .map(|a| speaker::resolve_name(&a.name, &known))
        .collect();
    let resolve = |name: &str| {
        let first = speaker::resolve_name(name, &attributed_in_full);
        if first != name {
            first
        } else {
            speaker::resolve_name(name, &known)
        }
    };
    let resolved: Vec<Option<String>> =
        attributions.iter().map(|a| (a.rule != Rule::Pronoun).then(|| resolve(&a.name))).collect();
    let attributed: Vec<String> = resolved.iter().flatten().cloned().collect();
    let mentions = person_mentions(body, &full_names, &known, &attributed);
    // What the article shows of each person's gender: a title ("Mrs", "Sir") or a pronoun
    // already resolved to them.
    let mut genders: std::collections::HashMap<String, Gender> =
        full_names.iter().filter_map(|m| Gender::of_title(body, &m.range).map(|g| (m.name.clone(), g))).collect();
    let mut speakers: Vec<Label> = Vec::new();
    let mut passage_speakers: Vec<Vec<Label>> = vec![Vec::new(); passages.len()];
    // The last named speaker: name, where the attribution ended, and its passage.
    let mut last: Option<(String, usize, usize)> = None;
    for (attribution, resolved) in attributions.iter().zip(&resolved) {
        let Some(passage) = passage_of(attribution.range.start) else { continue };
        let name = if let Some(name) = resolved {
            // "Hartley Brooks, the engineering group, said ... Hartley Brooks said": a body.
            if bodies.iter().any(|body| body == name || body == &attribution.name) {
                continue;
            }
            // "Economists said": a single capitalised word opening a sentence is a speaker only if
            // it names someone known in full, or is capitalised mid-sentence somewhere else.
            let single = !name.contains(' ');
            if single && attribution.sentence_initial && !capitalised_mid_sentence(body, name) {
                continue;
            }
            name.clone()
        } else {
            // A pronoun: the last person named before it, mentioned or attributed, whose
            // gender (when the article shows it) agrees with the pronoun's.
            let gender = Gender::of_pronoun(&attribution.name);
            let agrees = |name: &str| genders.get(name).is_none_or(|known| Some(*known) == gender);
            let mentioned = mentions.iter().rev().find(|(name, at)| at.end <= attribution.range.start && agrees(name));
            let last_agreeing = last.as_ref().filter(|(name, ..)| agrees(name));
            let (name, at) = match (mentioned, last_agreeing) {
                (Some((name, at)), Some((_, last_end, _))) if at.start >= *last_end => (name.clone(), at.start),
                (_, Some((name, last_end, _))) => (name.clone(), last_end - 1),
                (Some((name, at)), None) => (name.clone(), at.start),
                (None, None) => continue,
            };
            if passage_of(at).is_none_or(|p| p + MAX_PRONOUN_DISTANCE < passage) {
                continue;
            }
            // Unsafe when someone else is named in between: "Haddad spoke. Officials met Tomas
            // Varga. He said ..." is attributed to nobody.
            let between = at + 1..attribution.range.start;
            let someone_else =
                full_names.iter().any(|m| between.contains(&m.range.start) && m.name != name && agrees(&m.name));
            // Or when someone unnamed speaks in between: "A resident ... said ... 'Words,' she
            // said" is the resident's, not the last named speaker's. (A verb that also has a
            // named subject is that person's, and moved `last` already.)
            let named_verb = |at: usize| attributions.iter().any(|a| a.rule != Rule::Pronoun && a.range.contains(&at));
            let someone_unnamed = unnamed.iter().any(|&verb| between.contains(&verb) && !named_verb(verb));
            if someone_else || someone_unnamed {
                continue;
            }
            if let Some(gender) = gender {
                genders.entry(name.clone()).or_insert(gender);
            }
            name
        };
        let name = if declared.is_empty() {
            name
        } else {
            let matching = declared.iter().find(|d| d.eq_ignore_ascii_case(&name) || surname(d) == surname(&name));
            match matching {
                Some(declared_name) => declared_name.clone(),
                None => continue,
            }
        };
        last = Some((name.clone(), attribution.range.end, passage));
        let evidence =
            Evidence { rule: attribution.rule, span: span(TextField::Body, body, attribution.range.clone()) };
        if declared.is_empty() {
            add(&mut speakers, &name, evidence.clone());
        }
        add(&mut passage_speakers[passage], &name, evidence);
    }

    // Multi-paragraph quotes: a passage that is a quotation and attributes nobody continues
    // the previous passage's last speaker.
    for index in 1..passages.len() {
        let text = &body[passages[index].range.clone()];
        if passage_speakers[index].is_empty() && is_quotation(text) {
            if let Some(continued) = passage_speakers[index - 1].last().map(|l| l.name.clone()) {
                let start = passages[index].range.start + (text.len() - text.trim_start().len());
                let quote = start..start + text.trim_start().chars().next().map_or(0, char::len_utf8);
                let evidence = Evidence { rule: Rule::QuoteContinuation, span: span(TextField::Body, body, quote) };
                if declared.is_empty() {
                    add(&mut speakers, &continued, evidence.clone());
                }
                add(&mut passage_speakers[index], &continued, evidence);
            }
        }
    }
    if !declared.is_empty() {
        speakers = declared.iter().map(|d| Label { name: d.clone(), code: None, evidence: vec![metadata()] }).collect();
        speakers.dedup_by(|a, b| a.name == b.name);
    }
    Labels { countries, speakers, passage_speakers }
}

fn metadata() -> Evidence {
    Evidence { rule: Rule::Metadata, span: None }
}

fn label_countries(article: &Article) -> Vec<Label> {
    let gazetteer = country::gazetteer();
    let mut countries = Vec::new();
    if !article.meta.countries.is_empty() {
        for name in &article.meta.countries {
            add(&mut countries, &gazetteer.canonical(name), metadata());
        }
        return countries;
    }
    let title = article.meta.title.as_deref().unwrap_or("");
    for (field, text) in [(TextField::Title, title), (TextField::Body, article.body.as_str())] {
        for mention in gazetteer.mentions(text) {
            let evidence = Evidence { rule: Rule::Gazetteer, span: span(field, text, mention.range) };
            add(&mut countries, mention.country, evidence);
        }
    }
    for label in &mut countries {
        label.code = gazetteer.resolve(&label.name).map(|c| c.code.clone());
    }
    countries
}

/// The labels of one passage, for [`Extraction`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageLabels {
    /// 1-based number of the passage.
    pub number: u32,
    /// Its byte range in the article body.
    pub byte_range: Range<usize>,
    /// The speakers whose words it reports, with evidence.
    pub speakers: Vec<Label>,
}

/// What dateline derives for one article, with the evidence for every label: the record
/// `dateline extract` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// The article id.
    pub id: String,
    /// The article's date.
    pub date: crate::date::Date,
    /// The headline, if any.
    pub title: Option<String>,
    /// Countries, with ISO codes and evidence.
    pub countries: Vec<Label>,
    /// Speakers, with evidence.
    pub speakers: Vec<Label>,
    /// Every passage and its speakers (left out of the JSON when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<PassageLabels>,
}

/// Splits an article into passages and labels it, keeping the evidence.
pub fn extract(article: &Article) -> Extraction {
    let passages = crate::passage::split(&article.body);
    let labels = label(article, &passages);
    Extraction {
        id: article.meta.id.clone(),
        date: article.meta.date,
        title: article.meta.title.clone(),
        countries: labels.countries,
        speakers: labels.speakers,
        passages: passages
            .into_iter()
            .zip(labels.passage_speakers)
            .map(|(passage, speakers)| PassageLabels { number: passage.number, byte_range: passage.range, speakers })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passage;

    fn labels_of(article: &Article) -> Labels {
        label(article, &passage::split(&article.body))
    }

    fn passage_names(labels: &Labels) -> Vec<Vec<&str>> {
        labels.passage_speakers.iter().map(|p| p.iter().map(|l| l.name.as_str()).collect()).collect()
    }

    fn article(body: &str) -> Article {
        Article::new("a", "a.txt", "2020-01-02".parse().unwrap(), body)
    }

    const BODY: &str = "Foreign Minister Lena Marchetti of Italy said talks would resume.\n\n\
        \"We are ready,\" Marchetti told reporters in Kenya.\n\n\
        Her spokesman said the Kenyan delegation agreed.";

    #[test]
    fn derives_countries_and_resolves_surnames_per_passage() {
        let labels = labels_of(&article(BODY));
        assert_eq!(labels.country_names(), ["Italy", "Kenya"]);
        assert_eq!(labels.countries[0].code.as_deref(), Some("IT"));
        assert_eq!(labels.speaker_names(), ["Lena Marchetti"]);
        assert_eq!(passage_names(&labels), [vec!["Lena Marchetti"], vec!["Lena Marchetti"], vec![]]);
        let evidence = &labels.speakers[0].evidence[1];
        assert_eq!(evidence.rule, Rule::NameVerb);
        assert_eq!(evidence.span.as_ref().unwrap().text, "Marchetti told");
        assert_eq!(labels.countries[1].evidence[1].span.as_ref().unwrap().text, "Kenyan");
    }

    #[test]
    fn declared_metadata_wins_and_bounds_passage_speakers() {
        let mut article = article(BODY);
        article.meta.countries = vec!["UK".into(), "Atlantis".into()];
        article.meta.speakers = vec!["L. Marchetti".into()];
        let labels = labels_of(&article);
        assert_eq!(labels.country_names(), ["United Kingdom", "Atlantis"]);
        assert_eq!(labels.speaker_names(), ["L. Marchetti"]);
        assert_eq!(labels.speakers[0].evidence, [metadata()]);
        assert_eq!(passage_names(&labels)[1], ["L. Marchetti"]);
    }

    #[test]
    fn sentence_initial_common_nouns_are_not_speakers() {
        let body =
            "Economists said rates would rise. Prices fell.\n\nOn Monday Haddad said it was over. Haddad added more.";
        assert_eq!(labels_of(&article(body)).speaker_names(), ["Haddad"]);
    }

    #[test]
    fn pronouns_continue_the_last_named_speaker_when_safe() {
        let body = "Nadia Haddad said the corridor was open.\n\n\"We need more trucks,\" she added.\n\n\
            Officials met Tomas Varga later. He said nothing.\n\nThe weather was calm.\n\nRain fell.\n\n\
            Traffic moved.\n\nShe said more.";
        let labels = labels_of(&article(body));
        assert_eq!(labels.speaker_names(), ["Nadia Haddad"]);
        let expected: [Vec<&str>; 7] =
            [vec!["Nadia Haddad"], vec!["Nadia Haddad"], vec![], vec![], vec![], vec![], vec![]];
        assert_eq!(passage_names(&labels), expected);
        assert_eq!(labels.passage_speakers[1][0].evidence[0].rule, Rule::Pronoun);
    }

    #[test]
    fn a_pronoun_after_an_unnamed_speaker_is_attributed_to_nobody() {
        let body = "Tomas Varga said both sides had agreed.\n\nA resident of Martuni, reached by telephone, \
            said her family had stayed in the basement. \"It is a word on television,\" she said.\n\n\
            \"We will keep talking,\" he added.";
        let labels = labels_of(&article(body));
        // The resident's words are not Varga's; after someone else spoke, "he" is not safe either.
        assert_eq!(passage_names(&labels), [vec!["Tomas Varga"], vec![], vec![]]);
    }

    #[test]
    fn multi_paragraph_quotes_continue_their_speaker() {
        let body = "Ingrid Solberg said: \u{201c}We came to listen.\n\n\u{201c}And we will stay.\u{201d}\n\n\"Next,\" a guard said.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels), [vec!["Ingrid Solberg"], vec!["Ingrid Solberg"], vec![]]);
        assert_eq!(labels.passage_speakers[1][0].evidence[0].rule, Rule::QuoteContinuation);
    }
}
