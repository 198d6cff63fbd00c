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
//! - a pronoun attribution (`he said`, `", she added`) resolved to the subject of the nearest
//!   sentence before it that names someone who may be meant, in gender as the article shows it
//!   (a title, a given name, an earlier pronoun), within two passages, or six for someone shown
//!   to agree ([`Rule::Pronoun`]);
//! - a description (`the senator said`, `said the 24-year-old`, `his widow said`) resolved to
//!   the last person the article describes so, and a wire lead (`A senior official said`) to
//!   the person the second passage names in apposition to it (`The official, NAME, told`)
//!   ([`Rule::Description`]);
//! - the previous passage's last speaker, when the passage is a quotation with no attribution
//!   of its own: it opens with a quotation mark and ends at the end of a quotation or inside
//!   one (a multi-paragraph quote, [`Rule::QuoteContinuation`]).
//!
//! When the file declares speakers, a passage's speakers are the declared ones its
//! attributions name (by full name or surname), so passage speakers are always among the
//! article's.

pub mod country;
mod gender;
mod reporting;
pub mod speaker;
mod words;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use self::gender::Gender;
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
    /// `he said`, resolved to the person the nearest sentence before it makes its subject.
    Pronoun,
    /// `the senator said`, `said the 24-year-old`, `his widow said`: resolved to the last
    /// person the article describes so (`Senator NAME`, `NAME, 24,`, `his widow, NAME,`); and a
    /// wire lead's `A senior official said`, resolved to `The official, NAME,` opening the
    /// second passage.
    Description,
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

/// Whether the words next to a person's mention at `at` describe them by `noun`: the mention
/// itself or the three words before it (`Senator Jacqui Hale`, `the senator, Jacqui Hale`),
/// or the apposition after it (`Jacqui Hale, the senator,`; `Jacqui Hale, 24,` for
/// `24-year-old`).
fn describes(body: &str, at: &Range<usize>, noun: &str) -> bool {
    let is_noun = |word: &str| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        word.eq_ignore_ascii_case(noun) || word.to_lowercase() == noun
    };
    let before = body[..at.start].trim_end().trim_end_matches(',');
    // (After the mark, which may be more than one byte.)
    let from = before
        .rfind(['.', ';', '\n', '"', '\u{201d}'])
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let before = &before[from..];
    let nearby = before.split_whitespace().rev().take(3).chain(body[at.clone()].split_whitespace());
    if nearby.into_iter().any(is_noun) {
        return true;
    }
    let Some(after) = body[at.end..].strip_prefix(", ") else { return false };
    let apposition = &after[..after.find([',', '.', ';', '\n']).unwrap_or(after.len())];
    speaker::age_of(noun).is_some_and(|age| apposition == age) || apposition.split_whitespace().any(is_noun)
}

/// A person a pronoun may refer to: a mention of them, and whether it stands where a
/// sentence's subject does.
struct Referent {
    name: String,
    range: Range<usize>,
    subject: bool,
    /// The quotation it is in, if any (see [`Quotations::find`]): only a pronoun in the same
    /// quotation may refer to it ("'Orloff was specific. He said to me ...'").
    quotation: Option<usize>,
}

/// Where each sentence of `body` starts, in order: the body's start, each paragraph, and after
/// a full stop, question or exclamation mark that a space follows.
fn sentence_starts(body: &str) -> Vec<usize> {
    let bytes = body.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let ends = match b {
            b'\n' => bytes.get(i + 1).is_some_and(|&next| next != b'\n'),
            // Not after an initial: "Harold T. Brennan".
            b' ' => {
                let initial =
                    i >= 3 && bytes[i - 1] == b'.' && bytes[i - 2].is_ascii_uppercase() && bytes[i - 3] == b' ';
                i > 0 && matches!(bytes[i - 1], b'.' | b'?' | b'!') && !initial
            }
            _ => false,
        };
        if ends {
            starts.push(i + 1);
        }
    }
    starts
}

/// The sentence that byte `at` is in, as an index into [`sentence_starts`].
fn sentence_of(sentences: &[usize], at: usize) -> usize {
    sentences.partition_point(|&start| start <= at).saturating_sub(1)
}

/// Words after which a name is an object, not a subject ("praise for Mensah-Bright",
/// "cross-examined by Victoria Hale").
const OBJECT_MARKERS: &[&str] = &[
    "by", "for", "to", "with", "from", "of", "at", "on", "in", "against", "about", "than", "over", "into", "towards",
    "toward", "behind", "after", "before", "under", "between", "among", "beside", "like", "including", "via", "named",
    "called", "replaced", "replacing", "succeeded", "succeeding", "defeated", "beat", "beating", "met", "meeting",
];

/// Whether a mention stands as its sentence's subject: the nearest lower-case word before it
/// in the sentence (if any) is not a preposition or a verb that takes it as object, and it is
/// no possessive ("Pennington's barrister ... argued" has the barrister for subject).
fn is_subject(body: &str, sentences: &[usize], at: &Range<usize>) -> bool {
    if body[at.end..].starts_with(['\'', '\u{2019}']) {
        return false;
    }
    let start = sentences[sentence_of(sentences, at.start)];
    let before = &body[start..at.start];
    // In apposition ("..., NAME"), the noun phrase before the comma decides: "Garmendia met the
    // head of the bank, NAME," is an object, "Labba said his son, NAME, had left" a subject.
    let determiner = |w: &str| {
        matches!(w, "the" | "The" | "a" | "A" | "an" | "An" | "his" | "His" | "her" | "Her" | "its" | "their" | "Their")
    };
    if let Some(phrase) = before.trim_end().strip_suffix(',') {
        let from = phrase.rfind(',').map_or(0, |i| i + 1);
        let words: Vec<&str> = phrase[from..].split_whitespace().collect();
        if let Some(k) = words.iter().position(|w| determiner(w)) {
            let previous = match k {
                0 => phrase[..from].split_whitespace().last(),
                _ => Some(words[k - 1]),
            };
            let previous = previous.map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
            return previous.is_none_or(|w| !OBJECT_MARKERS.contains(&w));
        }
    }
    let word = before
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .rev()
        .find(|w| w.starts_with(|c: char| c.is_lowercase()));
    word.is_none_or(|w| !OBJECT_MARKERS.contains(&w))
}

/// The stretches of a body inside quotation marks, where names are the quoted person's
/// words, not references a pronoun after them may take up.
struct Quotations(Vec<Range<usize>>);

impl Quotations {
    fn of(body: &str, passages: &[Passage]) -> Quotations {
        let mut ranges = Vec::new();
        for passage in passages {
            let mut open: Option<usize> = None;
            for (i, c) in body[passage.range.clone()].char_indices() {
                let at = passage.range.start + i;
                match (c, open) {
                    ('"', None) | ('\u{201c}', None) => open = Some(at),
                    ('"', Some(from)) | ('\u{201d}', Some(from)) => {
                        ranges.push(from..at);
                        open = None;
                    }
                    _ => {}
                }
            }
            if let Some(from) = open {
                ranges.push(from..passage.range.end);
            }
        }
        Quotations(ranges)
    }

    /// The index of the quotation that byte `at` is in.
    fn find(&self, at: usize) -> Option<usize> {
        let i = self.0.partition_point(|r| r.end <= at);
        self.0.get(i).is_some_and(|r| r.contains(&at)).then_some(i)
    }

    fn contains(&self, at: usize) -> bool {
        self.find(at).is_some()
    }

    /// The quotations an attribution at `attribution` speaks for: one that ends just before it
    /// (`"...," NAME said`) or starts just after it (`NAME said: "..."`), in the same sentence.
    fn attributed_by(&self, body: &str, attribution: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let gap = |text: &str| text.len() <= 3 && !text.contains(['.', '\n']);
        let before = self.0.iter().rposition(|q| q.end <= attribution.start);
        let after = self.0.iter().position(|q| q.start >= attribution.end);
        let ends_before =
            before.filter(|&i| gap(body[self.0[i].end..attribution.start].trim_matches(['"', '\u{201d}', ' '])));
        let starts_after = after.filter(|&i| gap(body[attribution.end..self.0[i].start].trim()));
        ends_before.into_iter().chain(starts_after)
    }
}

/// A pronoun that attributes words: where it is, the gender it marks, and whether it is an
/// object ("quoted him as saying"), which may refer to someone in its own clause.
#[derive(Clone, Copy)]
struct Pronoun<'a> {
    range: &'a Range<usize>,
    gender: Option<Gender>,
    object: bool,
}

/// The person a pronoun attribution at `pronoun` refers to. Sentences are searched back from
/// the pronoun's own, as far as [`MAX_PRONOUN_DISTANCE`] passages (then on to
/// [`MAX_SHOWN_PRONOUN_DISTANCE`] for someone shown to agree): the first with a person whose
/// gender may agree decides. Its subject wins ("Lusted praised Mensah-Bright. He said");
/// failing that, one whose gender the article shows to agree ("questioned by Victoria Hale.
/// She said"); otherwise the pronoun is ambiguous and refers to nobody.
fn refer<'a>(
    pronoun: &Pronoun,
    referents: &[&'a Referent],
    quoted: &Quotations,
    genders: &std::collections::HashMap<String, Gender>,
    sentences: &[usize],
    passage_of: impl Fn(usize) -> Option<usize>,
) -> Option<&'a Referent> {
    let Pronoun { range: pronoun, gender, object } = *pronoun;
    let here = sentence_of(sentences, pronoun.start);
    let passage = passage_of(pronoun.start)?;
    let agrees = |name: &str| may_be(genders, name, gender);
    let shown = |name: &str| gender.is_some() && genders.get(name).copied() == gender;
    let quotation = quoted.find(pronoun.start);
    let before: Vec<&Referent> = referents
        .iter()
        .copied()
        .filter(|r| r.range.end <= pronoun.start && (r.quotation.is_none() || r.quotation == quotation))
        .collect();
    for sentence in (0..=here).rev() {
        let start = sentences[sentence];
        let far = match passage_of(start) {
            Some(p) if p + MAX_SHOWN_PRONOUN_DISTANCE < passage => return None,
            Some(p) => p + MAX_PRONOUN_DISTANCE < passage,
            None => continue,
        };
        let end = sentences.get(sentence + 1).copied().unwrap_or(usize::MAX);
        let mut candidates: Vec<&Referent> =
            before.iter().copied().filter(|r| (start..end).contains(&r.range.start) && agrees(&r.name)).collect();
        candidates.sort_by_key(|r| r.range.start);
        if far {
            // Further back, only someone the article shows to agree, and only when nobody else
            // might.
            return match candidates.iter().all(|r| shown(&r.name)) {
                true if !candidates.is_empty() => candidates.iter().find(|r| r.subject).or(candidates.last()).copied(),
                true => continue,
                false => None,
            };
        }
        if let Some(subject) = candidates.iter().find(|r| r.subject) {
            return Some(subject);
        }
        if sentence == here && !object {
            continue; // "Questioned by Hale, he said": not the pronoun's own objects.
        }
        if let Some(known) = candidates.iter().rev().find(|r| shown(&r.name)) {
            return Some(known);
        }
        if !candidates.is_empty() {
            return None;
        }
    }
    None
}

/// Whether a pronoun of `gender` may refer to `name`: the article shows no gender for them, or
/// the same one.
fn may_be(genders: &std::collections::HashMap<String, Gender>, name: &str, gender: Option<Gender>) -> bool {
    genders.get(name).is_none_or(|known| Some(*known) == gender)
}

/// How many passages back a pronoun may look for someone whose gender the article shows to
/// agree with it, when nobody else in between might be meant.
const MAX_SHOWN_PRONOUN_DISTANCE: usize = 6;

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

/// People a pronoun may refer to, in text order: full names of people (attributed somewhere
/// in the article, described as people, with a given name that marks a gender, or described
/// where named by surname), and the surnames, first words and first surnames of two of those
/// people, each resolved to the full name.
fn person_mentions(
    body: &str,
    full_names: &[speaker::NameMention],
    names: &speaker::Names,
    attributed: &[String],
) -> Vec<(String, Range<usize>)> {
    let is_person = |name: &str| {
        attributed.iter().any(|a| a == name)
            || Gender::of_given_name(name).is_some()
            || full_names.iter().any(|m| m.described && m.name == name)
            || described_by_surname(body, name)
    };
    // Each name is judged once, however often it is mentioned (the surname test scans the body).
    let mut candidates: Vec<&str> =
        full_names.iter().map(|m| m.name.as_str()).chain(names.known().iter().map(String::as_str)).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let persons: std::collections::HashSet<&str> = candidates.into_iter().filter(|name| is_person(name)).collect();
    let mut mentions: Vec<(String, Range<usize>)> = full_names
        .iter()
        .filter(|m| persons.contains(m.name.as_str()))
        .map(|m| (m.name.clone(), m.range.clone()))
        .collect();
    for name in names.known().iter().filter(|name| persons.contains(name.as_str())) {
        // The surname, the given name, and a first surname of two ("Garmendia" for Rodolfo
        // Esteban Garmendia Ocampo).
        let words: Vec<&str> = name.split_whitespace().collect();
        let first_surname =
            (words.len() >= 3).then(|| words[words.len() - 2]).filter(|w| w.starts_with(char::is_uppercase));
        for part in [words.last().copied(), words.first().copied(), first_surname].into_iter().flatten() {
            // (Whether the part stands for this name is the same at every occurrence.)
            if names.resolve(part) != *name {
                continue;
            }
            // memchr's search (SIMD) instead of `match_indices`: this runs over the whole body
            // for every name, and was a tenth of the labelling time.
            for at in memchr::memmem::find_iter(body.as_bytes(), part) {
                let end = at + part.len();
                let whole =
                    !body[..at].ends_with(char::is_alphanumeric) && !body[end..].starts_with(char::is_alphanumeric);
                let inside_full = full_names.iter().any(|m| m.range.contains(&at));
                if whole && !inside_full {
                    mentions.push((name.clone(), at..end));
                }
            }
        }
    }
    mentions.sort_by_key(|(_, range)| range.start);
    mentions.dedup_by(|a, b| a.1 == b.1);
    mentions
}

/// Whether the article describes someone as a person where it names them by surname:
/// "Whitaker, a junior from Baton Rouge,", "Ashcroft, 51,", "Okafor, who".
fn described_by_surname(body: &str, name: &str) -> bool {
    let Some((_, surname)) = name.rsplit_once(' ') else { return false };
    memchr::memmem::find_iter(body.as_bytes(), surname).any(|at| {
        let rest = &body[at + surname.len()..];
        !body[..at].ends_with(char::is_alphanumeric)
            && rest.strip_prefix(", ").is_some_and(|after| {
                after.starts_with(|c: char| c.is_ascii_digit())
                    || ["a ", "an ", "the ", "who ", "whose "].iter().any(|opener| after.starts_with(opener))
            })
    })
}

/// Labels an article whose body has been split into `passages`.
pub fn label(article: &Article, passages: &[Passage]) -> Labels {
    let body = article.body.as_str();
    let countries = label_countries(article);

    let declared: Vec<String> = article.meta.speakers.iter().map(|s| s.trim().to_string()).collect();
    let speaker::Speech { attributions, full_names, unnamed, bodies } = speaker::speech(body);
    let mut known: Vec<String> = full_names.iter().map(|m| m.name.clone()).collect();
    known.extend(attributions.iter().filter(|a| a.names()).map(|a| a.name.clone()));
    known.extend(declared.iter().cloned());
    // Full names only, and not of bodies: "Kask" is Kadri Kask, not her firm Lindholm Kask.
    known.retain(|name| name.contains(' ') && !bodies.contains(name));
    let names = speaker::Names::new(&known);
    // A shorter form of a name is the fullest the article gives: "Ferreyra Goñi" is Aníbal
    // Ferreyra Goñi, and "Van Wyk, who ..." (a particle capitalised at a sentence's start) is
    // Johan van Wyk.
    let full_names: Vec<speaker::NameMention> = full_names
        .into_iter()
        .map(|mention| speaker::NameMention { name: names.resolve(&mention.name), ..mention })
        .collect();

    let passage_of = |at: usize| passages.iter().position(|p| p.range.contains(&at));
    // Each named attribution resolved to the fullest form of its name (pronouns: `None`).
    // A surname goes first to someone attributed in full ("Ferrante" to Antonio Ferrante, not
    // to his restaurant, Casa Ferrante), then to anyone named in full.
    let attributed_in_full: Vec<String> = attributions
        .iter()
        .filter(|a| a.names() && a.name.contains(' ') && !bodies.contains(&a.name))
        .map(|a| names.resolve(&a.name))
        .collect();
    let attributed_in_full = speaker::Names::new(&attributed_in_full);
    let resolve = |name: &str| {
        let first = attributed_in_full.resolve(name);
        if first != name {
            first
        } else {
            names.resolve(name)
        }
    };
    let resolved: Vec<Option<String>> = attributions.iter().map(|a| a.names().then(|| resolve(&a.name))).collect();
    let attributed: Vec<String> = resolved.iter().flatten().cloned().collect();
    let mut mentions = person_mentions(body, &full_names, &names, &attributed);
    // A name the text calls a body is nobody a pronoun may refer to ("Hartley Brooks chief
    // executive Susan Achterberg told analysts ... she said").
    mentions.retain(|(name, _)| !bodies.contains(name));
    // What the article shows of each person's gender: a title ("Mrs", "Sir"), a given name
    // that marks it ("Victoria"), or a pronoun already resolved to them.
    let mut genders: std::collections::HashMap<String, Gender> = full_names
        .iter()
        .filter_map(|m| {
            let gender = Gender::of_title(body, &m.range).or_else(|| Gender::of_given_name(&m.name));
            gender.map(|g| (m.name.clone(), g))
        })
        .collect();
    let mut speakers: Vec<Label> = Vec::new();
    let mut passage_speakers: Vec<Vec<Label>> = vec![Vec::new(); passages.len()];
    // Whom a pronoun may refer to: every mention of a person (with the quotation it is in),
    // then each speaker where their words are attributed.
    let sentences = sentence_starts(body);
    let quoted = Quotations::of(body, passages);
    let mut referents: Vec<Referent> = mentions
        .iter()
        .map(|(name, at)| Referent {
            name: name.clone(),
            range: at.clone(),
            subject: is_subject(body, &sentences, at),
            quotation: quoted.find(at.start),
        })
        .collect();
    // Attributions outside quotations first, so that each quotation's speaker is known when a
    // pronoun inside it is resolved ("'The first thing he said was ...,' he said").
    let mut order: Vec<usize> = (0..attributions.len()).collect();
    order.sort_by_key(|&i| quoted.contains(attributions[i].range.start));
    let mut quotation_speakers: Vec<(usize, String)> = Vec::new();
    for (attribution, resolved) in order.iter().map(|&i| (&attributions[i], &resolved[i])) {
        let Some(passage) = passage_of(attribution.range.start) else { continue };
        let quotation = quoted.find(attribution.range.start);
        let name = match (resolved, attribution.rule) {
            (Some(name), _) => {
                // "Hartley Brooks, the engineering group, said ... Hartley Brooks said": a body.
                if bodies.iter().any(|body| body == name || body == &attribution.name) {
                    continue;
                }
                // "Economists said": a single capitalised word opening a sentence is a speaker only if
                // it names someone known in full, or is capitalised mid-sentence somewhere else.
                let single = !name.contains(' ');
                if single
                    && attribution.sentence_initial
                    && !attribution.described
                    && !capitalised_mid_sentence(body, name)
                {
                    continue;
                }
                // "said Assam had asked": a single word the article never gives as part of a
                // person's full name is a person's only with a title, a role or a description
                // ("Mr Haddad", "the forestry minister, Soeharjo,"; see `Attribution::described`)
                // or as a given name ("Luc said").
                if single && !attribution.described && !gender::is_given_name(name) {
                    continue;
                }
                name.clone()
            }
            (None, Rule::Description) => {
                // "the senator said": the last person the article describes so, or nobody.
                let described = mentions
                    .iter()
                    .rev()
                    .find(|(_, at)| at.end <= attribution.range.start && describes(body, at, &attribution.name));
                match described {
                    Some((name, _)) => name.clone(),
                    None => continue,
                }
            }
            (None, _) => {
                // A pronoun: the person the nearest sentence before it makes its subject.
                let gender = Gender::of_pronoun(&attribution.name);
                // "Aides to NAME quoted him as saying": an object pronoun may be its own clause's.
                let object = matches!(attribution.name.as_str(), "him" | "her");
                // Not the speaker of the quotation it is in: they would say "I".
                let speaker =
                    quotation_speakers.iter().find(|(q, _)| Some(*q) == quotation).map(|(_, name)| name.as_str());
                let others: Vec<&Referent> = referents.iter().filter(|r| Some(r.name.as_str()) != speaker).collect();
                let Some(referent) = refer(
                    &Pronoun { range: &attribution.range, gender, object },
                    &others,
                    &quoted,
                    &genders,
                    &sentences,
                    passage_of,
                ) else {
                    continue;
                };
                let (name, at) = (referent.name.clone(), referent.range.start);
                // Unsafe when a name not known as a person's stands in between (outside a quotation):
                // "Haddad spoke. Officials met Kim Varga. He said ..." is attributed to nobody.
                let between = at + 1..attribution.range.start;
                let person = |name: &str| referents.iter().any(|r| r.name == name);
                let someone_else = full_names.iter().any(|m| {
                    between.contains(&m.range.start)
                        && m.name != name
                        && may_be(&genders, &m.name, gender)
                        && !person(&m.name)
                        && !quoted.contains(m.range.start)
                });
                // Or when someone unnamed speaks in between: "A resident ... said ... 'Words,' she
                // said" is the resident's, not the last named speaker's. (A verb that also has a
                // named subject is that person's.)
                let named_verb = |at: usize| attributions.iter().any(|a| a.names() && a.range.contains(&at));
                let someone_unnamed = unnamed.iter().any(|&verb| between.contains(&verb) && !named_verb(verb));
                if someone_else || someone_unnamed {
                    continue;
                }
                if let Some(gender) = gender {
                    genders.entry(name.clone()).or_insert(gender);
                }
                name
            }
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
        referents.push(Referent { name: name.clone(), range: attribution.range.clone(), subject: true, quotation });
        if quotation.is_none() {
            quotation_speakers.extend(quoted.attributed_by(body, &attribution.range).map(|q| (q, name.clone())));
        }
        let evidence =
            Evidence { rule: attribution.rule, span: span(TextField::Body, body, attribution.range.clone()) };
        if declared.is_empty() {
            add(&mut speakers, &name, evidence.clone());
        }
        add(&mut passage_speakers[passage], &name, evidence);
    }
    // A wire story's lead: "A senior official said ..." in the first paragraph, and "The
    // official, NAME, told ..." in the second: the lead reports NAME's words.
    if declared.is_empty() && passages.len() >= 2 && passage_speakers[0].is_empty() {
        let lede = &body[passages[0].range.clone()];
        let named = speaker::named_in_apposition(body[passages[1].range.clone()].trim_start());
        let described = named.and_then(|(head, name)| Some((speaker::described_speech(lede, &head)?, name)));
        if let Some((range, name)) = described {
            let name = names.resolve(&name);
            let at = passages[0].range.start;
            let evidence = Evidence {
                rule: Rule::Description,
                span: span(TextField::Body, body, at + range.start..at + range.end),
            };
            add(&mut speakers, &name, evidence.clone());
            add(&mut passage_speakers[0], &name, evidence);
        }
    }

    // Back in text order: labels by their first evidence, evidence by position.
    let position = |e: &Evidence| e.span.as_ref().map_or(0, |s| s.start);
    for labels in std::iter::once(&mut speakers).chain(passage_speakers.iter_mut()) {
        for label in labels.iter_mut() {
            label.evidence.sort_by_key(position);
        }
        labels.sort_by_key(|l| l.evidence.first().map_or(0, position));
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
            "Economists said rates would rise. Prices fell.\n\nOn Monday Mr Haddad said it was over. Haddad added more.";
        assert_eq!(labels_of(&article(body)).speaker_names(), ["Haddad"]);
        // A single word never part of a person's full name is a place or a body, without a
        // title or a given name: "said Assam had asked" gives nobody but Prafulla Deka.
        let body = "The minister, Prafulla Deka, said Assam had asked for aid. Deka said Luc had warned them.";
        assert_eq!(labels_of(&article(body)).speaker_names(), ["Prafulla Deka", "Luc"]);
    }

    #[test]
    fn pronouns_continue_the_last_named_speaker_when_safe() {
        // Kim Varga, named in between, might be "he" or "she": the pronoun after is nobody's.
        // Seven passages on, even Nadia (a woman's name) is too far back for "she".
        let body = "Nadia Haddad said the corridor was open.\n\n\"We need more trucks,\" she added.\n\n\
            Officials met Kim Varga later. He said nothing.\n\nThe weather was calm.\n\nRain fell.\n\n\
            Traffic moved.\n\nShops opened.\n\nBuses ran.\n\nShe said more.";
        let labels = labels_of(&article(body));
        assert_eq!(labels.speaker_names(), ["Nadia Haddad"]);
        let mut expected = vec![vec![]; 9];
        expected[0] = vec!["Nadia Haddad"];
        expected[1] = vec!["Nadia Haddad"];
        assert_eq!(passage_names(&labels), expected);
        assert_eq!(labels.passage_speakers[1][0].evidence[0].rule, Rule::Pronoun);
    }

    #[test]
    fn a_pronoun_refers_to_the_subject_of_the_nearest_sentence_that_agrees() {
        // The subject, not the object: "Lusted praised Mensah-Bright. He said".
        let body = "Gary Lusted said the win mattered.\n\nLusted reserved praise for Kofi Mensah-Bright, who \
            scored. He said the striker had worked hard.\n\nMensah-Bright himself was modest. \"Joe put it \
            on a plate,\" he told the club's website.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels), [vec!["Gary Lusted"], vec!["Gary Lusted"], vec!["Kofi Mensah-Bright"]]);
        // An object whose given name agrees, when the subject does not: "she" is the barrister.
        let body = "Kevin Ashcroft told the jury he had warned his supervisors.\n\nUnder cross-examination by \
            Victoria Lang-Mortimer, he accepted that he had not refused. She suggested that he was \
            \"rewriting history\".";
        let labels = labels_of(&article(body));
        assert_eq!(labels.speaker_names(), ["Kevin Ashcroft", "Victoria Lang-Mortimer"]);
        assert_eq!(passage_names(&labels)[1], ["Kevin Ashcroft", "Victoria Lang-Mortimer"]);
        // A possessive is no subject: "he" is the barrister, not his client.
        let body = "Gary Pennington, 54, was convicted of fraud.\n\nPennington's barrister, Rupert Vaughan-Hale, \
            argued that his client was ill. He told the court that Pennington had repaid the money.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels)[1], ["Rupert Vaughan-Hale"]);
        // Nor a name in apposition to an object; a first surname of two is a mention too.
        let body = "Rodolfo Garmendia Ocampo told reporters the notes were legal.\n\nGarmendia met the head of the \
            bank, Ernesto Valdes, on Thursday. He said afterwards that the bank would accept them.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels)[1], ["Rodolfo Garmendia Ocampo"]);
        // Nor a possessive full name, which is the fullest form the article gives.
        let body = "Police held the student Emiliano Cruz Dominguez.\n\nCruz Dominguez's mother, Teresa Ruiz, \
            said she was not allowed to see him. \"He threw nothing,\" she said.";
        let labels = labels_of(&article(body));
        assert_eq!(labels.speaker_names(), ["Teresa Ruiz"]);
        // Nor is a body: "she" is the chief executive, not the firm named before her.
        let body = "Hartley Brooks, the engineering group, said it had rejected the bid.\n\nHartley Brooks \
            chief executive Susan Achterberg told analysts the vote was unanimous. \"We have a plan,\" she said.";
        let labels = labels_of(&article(body));
        assert_eq!(labels.speaker_names(), ["Susan Achterberg"]);
    }

    #[test]
    fn a_pronoun_may_reach_further_back_to_someone_shown_to_agree() {
        let body = "The mayor, Loretta Dubose, has been criticised by residents.\n\nWater was rationed.\n\n\
            Roads were closed.\n\nSchools shut.\n\n\"We have been waiting two days,\" she said.";
        assert_eq!(passage_names(&labels_of(&article(body)))[4], ["Loretta Dubose"]);
        // Not past someone who might be meant: "Kim Sorensen" could be "she" too.
        let body = "The mayor, Loretta Dubose, has been criticised by residents.\n\nWater was rationed.\n\n\
            Kim Sorensen chairs the board.\n\nSchools shut.\n\n\"We have been waiting two days,\" she said.";
        assert!(passage_names(&labels_of(&article(body)))[4].is_empty());
    }

    #[test]
    fn a_pronoun_in_a_quotation_is_not_its_speaker() {
        let body = "The engineer, Joost Hendriksen, was freed on Tuesday.\n\nHis brother, Pieter Hendriksen, told \
            television he had spoken to him. \"The first thing he said was, 'Has anyone fed my cat?' That's \
            Joost,\" he said.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels)[1], ["Pieter Hendriksen", "Joost Hendriksen"]);
        // Speakers stay in the order of their first evidence.
        assert_eq!(labels.speaker_names(), ["Pieter Hendriksen", "Joost Hendriksen"]);
    }

    #[test]
    fn descriptions_refer_to_the_person_described_so() {
        let body = "Senator Jacqui Nguyen-Walsh told the hearing the report was held back.\n\n\
            Martin Orloff, a former official, has not commented.\n\n\"He was very specific,\" the senator said.\n\n\
            Eoin Mulcahy, a 20-year-old student, scored the goal.\n\n\"I didn't see it,\" said the 20-year-old.\n\n\
            \"It was a fair result,\" the coroner said.";
        let labels = labels_of(&article(body));
        let names = passage_names(&labels);
        assert_eq!(names[2], ["Jacqui Nguyen-Walsh"]);
        assert_eq!(names[4], ["Eoin Mulcahy"]);
        // Nobody described as a coroner.
        assert!(names[5].is_empty());
        assert_eq!(labels.passage_speakers[2][0].evidence[0].rule, Rule::Description);
        // A possessive description: "Luis's mother said" is the person described as his mother.
        let body = "Among the rescued was Luis Contreras, whose mother, Rosa Elvira Contreras, waited at the gate.\n\n\
            \"I told him not to go back,\" Luis's mother said.";
        assert_eq!(passage_names(&labels_of(&article(body)))[1], ["Rosa Elvira Contreras"]);
        // A surname is a person's, not the firm's that shares it.
        let body = "The regulator fined the start-up Lindholm Kask, founded by Mart Lindholm and Kadri Kask.\n\n\
            Lindholm Kask said it accepted the findings. Kask, who left in 2020, said she had raised concerns.";
        assert_eq!(labels_of(&article(body)).speaker_names(), ["Kadri Kask"]);
        // A closing quotation mark of three bytes before the name (found by the fuzz test).
        let body = "\"Over,\u{201d}Jacqui Hale left.";
        assert!(!describes(body, &(9..20), "senator"));
    }

    #[test]
    fn a_wire_lead_reports_the_words_of_the_person_its_second_paragraph_names() {
        let body = "ACCRA (Wire) - Ghana raised the cocoa price, the head of the state cocoa board said.\n\n\
            The head of the board, Kwame Asante-Boateng, told a news conference that farmers would be paid.";
        let labels = labels_of(&article(body));
        assert_eq!(passage_names(&labels), [vec!["Kwame Asante-Boateng"], vec!["Kwame Asante-Boateng"]]);
        assert_eq!(labels.passage_speakers[0][0].evidence[0].rule, Rule::Description);
        // Not when the second paragraph names someone else, or describes nobody the lead did.
        for second in ["The minister, Kofi Mensah, said prices would rise.", "The head of the board resigned."] {
            let body = format!("ACCRA (Wire) - A senior official said the price would rise.\n\n{second}");
            assert!(passage_names(&labels_of(&article(&body)))[0].is_empty(), "{second}");
        }
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
