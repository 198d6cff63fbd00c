//! Speakers: the people whose words a text reports, found from attribution patterns.
//!
//! Patterns (English news style):
//! - `NAME said` and other reporting verbs (`says`, `told`, `added`, `warned`, `announced`,
//!   `expressed`, ...), with adverbs between allowed (`NAME also said`, `NAME has said`) and
//!   an apposition skipped (`NAME, the foreign minister, said`);
//! - `said NAME` right after a quote or a comma (`"...," said Foreign Minister NAME`);
//! - `according to NAME`.
//!
//! A name is a run of capitalised words (with particles such as `von`, `bin`, `de`); titles
//! before it are dropped (`Secretary-General`, `Spokesperson`, `President`, `Dr`). Possessives
//! (`Guterres's spokesman said`), unnamed speakers (`a spokesman`, `officials`), pronouns,
//! countries and bodies (`Turkey said`, `the Ministry of Defence said`) give no speaker.
//! Surname-only mentions are resolved to the full name used elsewhere in the same article by
//! [`resolve_name`].

use std::ops::Range;

use crate::extract::country::gazetteer;
use crate::extract::words::WordList;
use crate::extract::Rule;

/// Pronouns that continue the last named speaker ("he said"); "they" is left out (groups).
const PRONOUNS: WordList = WordList::new(&["he", "she", "He", "She"]);

/// A reported speaker found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The name as written, titles removed; for [`Rule::Pronoun`], the pronoun.
    pub name: String,
    /// The pattern that found it.
    pub rule: Rule,
    /// The span of text that attributes the words: name and verb.
    pub range: Range<usize>,
    /// Whether the name starts a sentence, where any word is capitalised.
    pub sentence_initial: bool,
}

/// Verbs that report speech, after the speaker (`NAME said`).
const VERBS_AFTER_NAME: WordList = WordList::new(&[
    "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "noted", "notes", "warned", "warns",
    "announced", "announces", "insisted", "insists", "explained", "explains", "expressed", "asked", "asks", "urged",
    "urges", "stressed", "stresses", "argued", "argues", "declared", "declares", "claimed", "claims", "condemned",
    "condemns", "acknowledged", "admitted", "replied", "replies", "confirmed", "confirms", "emphasised", "emphasized",
    "pledged", "vowed", "cautioned", "recalled", "responded", "remarked", "reiterated", "conceded", "countered",
    "predicted", "suggested", "tweeted", "continued",
]);

/// Verbs that report speech before the speaker (`said NAME`).
const VERBS_BEFORE_NAME: WordList = WordList::new(&[
    "said", "says", "added", "adds", "asked", "continued", "explained", "noted", "insisted", "warned", "replied",
]);

/// Words that open a description after a name ("NAME, who ...", "NAME, a farmer ...").
const RELATIVE_OPENERS: WordList = WordList::new(&["who", "whose", "a", "an", "the"]);

/// The most tokens an apposition between commas may have ("NAME, who runs ..., said").
const MAX_APPOSITION: usize = 30;

/// Words that start a reported clause, not a description of the speaker ("warned that ...").
const CLAUSE_WORDS: WordList =
    WordList::new(&["that", "if", "whether", "when", "how", "why", "it", "they", "we", "there", "this", "and"]);

/// The most lower-case words between `said` and the name ("said county elections director NAME").
const MAX_DESCRIPTION: usize = 5;

/// Words that may stand between a name and its verb.
const ADVERBS: WordList = WordList::new(&[
    "also", "later", "then", "previously", "again", "once", "recently", "earlier", "separately", "privately",
    "publicly", "further", "has", "had", "have", "would", "will", "repeatedly", "subsequently", "already", "quickly",
    "reportedly", "himself", "herself", "on", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday",
]);

/// Titles and honorifics that come before a name and are not part of it.
const TITLES: WordList = WordList::new(&[
    "President", "Vice", "Prime", "Minister", "Secretary", "Secretary-General", "Under-Secretary-General",
    "Spokesperson", "Spokesman", "Spokeswoman", "Ambassador", "Chancellor", "Governor", "Senator", "Sen",
    "Representative", "Rep", "Mayor", "General", "Gen", "Colonel", "Col", "Lieutenant", "Lt", "Admiral", "Adm",
    "Commander", "Captain", "Capt", "Major", "Maj", "Sergeant", "Chief", "Director", "Director-General", "Chairman",
    "Chairwoman", "Chair", "Chairperson", "CEO", "Head", "Foreign", "Defence", "Defense", "Finance", "Interior",
    "Health", "Energy", "Trade", "Economy", "Agriculture", "Deputy", "Acting", "Former", "King", "Queen", "Prince",
    "Princess", "Crown", "Sheikh", "Emir", "Pope", "Judge", "Justice", "Professor", "Prof", "Dr", "Mr", "Mrs", "Ms",
    "Miss", "Sir", "Dame", "Lord", "Lady", "Rev", "Reverend", "Father", "Envoy", "Special", "Commissioner", "High",
    "Premier", "Speaker", "Leader", "Opposition", "Party", "State", "Economist", "Analyst", "Negotiator", "Officer",
    "Coordinator", "Adviser", "Advisor", "Counsellor", "Executive", "Managing", "Vice-President", "Mufti", "Imam",
    "Archbishop", "Bishop", "Cardinal", "Rabbi", "Dean", "Editor", "Attorney", "Auditor",
    // Portfolio words of ministerial titles ("Minister for Water Resources and Irrigation").
    "Affairs", "Policy", "Resources", "Irrigation", "Supply", "Development", "International", "Security", "Environment",
    "Planning", "Transport", "Infrastructure", "Mining", "Labour", "Labor", "Education", "Industry", "Commerce",
    "Tourism", "Culture", "Youth", "Communications", "Information", "Water", "Food", "Climate", "Relations",
    "Cooperation", "Mission", "Observation", "Delegation", "Observer", "Monitor", "Ports", "Works",
    // Occupations written before a name ("Helmsman Callum Ferris said", "Lawyer Fiona Hartley said").
    "Helmsman", "Skipper", "Coach", "Lawyer", "Farmer", "Historian", "Researcher", "Scientist", "Author", "Novelist",
    "Architect", "Curator", "Engineer", "Activist", "Campaigner", "Organiser", "Organizer", "Trader", "Nurse",
    "Doctor", "Pilot", "Teacher", "Principal", "Striker", "Goalkeeper", "Manager", "Driver", "Rider", "Founder",
    "Owner", "Student", "Resident", "Veteran", "Singer", "Actor", "Actress", "Commentator",
]);

/// Words after which a capitalised run names a place or a body, not the speaker.
const PREPOSITIONS: WordList =
    WordList::new(&["of", "in", "from", "at", "near", "for", "on", "across", "outside", "inside", "to", "by"]);

/// Tokens after which a new sentence (or quotation) starts.
const SENTENCE_OPENERS: WordList =
    WordList::new(&[".", "!", "?", "\"", "\u{201c}", "\u{201d}", ":", ";", "(", "\u{2014}"]);

/// Lower-case words that may sit inside a name.
const PARTICLES: WordList = WordList::new(&[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le", "bin", "bint", "ibn",
    "al", "el", "ter", "zu",
]);

/// Capitalised words that start a sentence or name a group, never a person.
const NOT_NAMES: WordList = WordList::new(&[
    "He", "She", "They", "It", "We", "I", "You", "This", "That", "These", "Those", "The", "A", "An", "Officials",
    "Police", "Analysts", "Residents", "Witnesses", "Critics", "Experts", "Sources", "Authorities", "Diplomats",
    "Observers", "Protesters", "Others", "Some", "Many", "Both", "Neither", "Each", "Everyone", "Nobody", "Who",
    "What", "Which", "When", "Where", "Why", "How", "There", "Here", "Meanwhile", "However", "But", "And", "Or", "Yet",
    "So", "Still", "Also", "Later", "Earlier", "Today", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December", "Washington", "Moscow", "Beijing", "Kremlin", "Pentagon",
    "Downing", "Brussels", "Tehran", "Kyiv", "Kiev", "Ankara", "London", "Paris", "Berlin", "Tokyo", "Delhi",
    "Reuters", "AFP", "AP", "BBC", "CNN", "UN", "NATO", "WHO", "IMF", "OPEC", "EU", "Statement", "Spokesman",
    "Spokesperson", "Spokeswoman", "Minister", "President", "Ministers", "Leaders", "Mr", "Mrs", "Ms", "Now", "Then",
    "Thus", "Instead", "Indeed",
]);

/// Words that make a capitalised run the name of a body, not a person.
const BODY_WORDS: WordList = WordList::new(&[
    "Ministry", "Department", "Government", "Office", "Council", "Agency", "Commission", "Committee", "Union", "Bank",
    "Party", "Army", "Police", "Court", "Parliament", "Assembly", "House", "Organization", "Organisation", "Authority",
    "Institute", "University", "Association", "Company", "Group", "Forces", "Embassy", "Service", "Fund", "Nations",
    "Board", "Bureau", "Corporation", "Inc", "Ltd", "Times", "News", "Post", "Federation", "Coalition", "Alliance",
    "Movement", "Front", "Centre", "Center", "Foundation", "Network", "Council", "Senate", "Congress", "Cabinet",
    "Administration", "Palace", "Secretariat", "Mission", "Programme", "Program", "Watch", "International", "Agency",
    "Press", "Media", "Television", "Radio", "Club", "League", "Team", "Airlines", "Community", "Bloc", "Tribunal",
    "Regulator", "Exchange", "Museum", // Places.
    "County", "Province", "District", "Region", "Mountain", "Mountains", "Sea", "Ocean", "River", "Island", "Islands",
    "Valley", "Desert", "Gulf", "Peninsula", "Airport", "Port", "Harbour", "Square", "Street", "Avenue",
]);

/// A word or punctuation mark of the text, with its byte range and what the extractors ask of
/// it, found once when the text is lexed (they ask several times per token).
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// It starts with a letter or digit.
    word: bool,
    /// It starts with an upper-case letter.
    capitalised: bool,
    /// It may be part of a person's name (see [`is_name_word`]).
    name_word: bool,
}

impl<'a> Tok<'a> {
    fn new(text: &'a str, start: usize) -> Tok<'a> {
        let first = text.chars().next();
        let word = first.is_some_and(char::is_alphanumeric);
        let capitalised = first.is_some_and(char::is_uppercase);
        let possessive = text.ends_with("'s") || text.ends_with("\u{2019}s") || text.ends_with("s'");
        // "al-Nimri", "el-Sayed": a particle joined to a capitalised name.
        let particle_joined = || {
            text.as_bytes().contains(&b'-')
                && text.split_once('-').is_some_and(|(particle, rest)| {
                    PARTICLES.contains(particle) && rest.starts_with(char::is_uppercase)
                })
        };
        let name_word = word && (capitalised || particle_joined()) && !possessive;
        Tok { text, start, end: start + text.len(), word, capitalised, name_word }
    }

    fn is_word(&self) -> bool {
        self.word
    }

    fn is_capitalised(&self) -> bool {
        self.capitalised
    }
}

/// Splits text into words and punctuation; hyphenated words (`Secretary-General`) stay whole.
fn lex(text: &str) -> Vec<Tok<'_>> {
    let mut tokens: Vec<Tok> = Vec::new();
    for (start, piece) in crate::analysis::segments(text) {
        let end = start + piece.len();
        // Join `word-word` written without spaces into one token.
        if let [.., before, hyphen] = tokens.as_slice() {
            let joinable = hyphen.text == "-" && hyphen.start == before.end && hyphen.end == start;
            if joinable && before.is_word() && piece.chars().next().is_some_and(char::is_alphanumeric) {
                let joined_start = before.start;
                tokens.truncate(tokens.len() - 2);
                tokens.push(Tok::new(&text[joined_start..end], joined_start));
                continue;
            }
        }
        tokens.push(Tok::new(piece, start));
    }
    tokens
}

/// Whether a token may be part of a person's name: a capitalised word, or a particle joined to
/// one ("al-Nimri"), and not a possessive.
fn is_name_word(tok: &Tok) -> bool {
    tok.name_word
}

/// Turns a run of capitalised tokens into a person's name, or `None` when it is not one.
fn person_name(run: &[Tok]) -> Option<String> {
    // Drop everything up to the last title: "US State Department Spokesperson Morgan Ortagus".
    let after_title = run.iter().rposition(|t| TITLES.contains(t.text.trim_end_matches('.'))).map_or(0, |i| i + 1);
    let mut words: Vec<&Tok> = run[after_title..].iter().filter(|t| t.is_word()).collect();
    // A run ending in a country is a place ("Mali and Burkina Faso have warned").
    let joined = words.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
    if gazetteer().mentions(&joined).last().is_some_and(|m| m.range.end == joined.len()) {
        return None;
    }
    // Drop leading country words ("Kenyan Amina Odhiambo", but not "Jordan Whitlock", which the
    // gazetteer reads as a person), prepositions and dates ("On Monday").
    while let Some(first) = words.first() {
        let rest = words.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
        let country = gazetteer().mentions(&rest).first().is_some_and(|m| m.range == (0..first.text.len()));
        let noise = NOT_NAMES.contains(first.text) || PREPOSITIONS.contains(first.text.to_lowercase().as_str());
        if !country && !noise {
            break;
        }
        words.remove(0);
    }
    if words.len() > 4 {
        words.drain(..words.len() - 4);
    }
    let first = words.first()?;
    let capitalised = words.iter().any(|t| t.is_capitalised());
    if !capitalised || words.iter().any(|t| BODY_WORDS.contains(t.text)) {
        return None;
    }
    if words.len() == 1 && (NOT_NAMES.contains(first.text) || gazetteer().is_country_word(first.text)) {
        return None;
    }
    if words.iter().all(|t| t.text.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())) && words.len() == 1 {
        return None; // an acronym such as "UNICEF"
    }
    if words.iter().any(|t| t.text == "I") {
        return None; // "Now I said"
    }
    let name = words.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
    if gazetteer().is_country_word(&name) {
        return None;
    }
    Some(name)
}

/// The capitalised run (with particles and initials) that ends just before token `end`.
fn run_before(tokens: &[Tok], end: usize) -> usize {
    let mut start = end;
    while start > 0 {
        let tok = &tokens[start - 1];
        let particle = PARTICLES.contains(tok.text) && start < end;
        let initial = tok.text == "." && start >= 2 && tokens[start - 2].text.len() == 1 && start < end;
        if is_name_word(tok) || particle || initial {
            start -= 1;
        } else {
            break;
        }
    }
    // A run may start with a particle ("von Stein said") but not with a full stop.
    while start < end && !tokens[start].is_word() {
        start += 1;
    }
    start
}

/// Whether the run `start..end` stands where a place or a body does: after a preposition or
/// `the` ("farmers in Andalusia and Catalonia warned", "the Northern Territory said"), and
/// holds no title (unlike "the Armenian Prime Minister Nikol Pashinyan said").
fn is_place_like(tokens: &[Tok], start: usize, end: usize) -> bool {
    if tokens[start..end].iter().any(|t| TITLES.contains(t.text)) {
        return false;
    }
    let mut before = start;
    // Step back over coordinated runs: "in Andalusia and Catalonia".
    while before >= 2 && matches!(tokens[before - 1].text, "and" | "or") && is_name_word(&tokens[before - 2]) {
        before = run_before(tokens, before - 1);
    }
    before >= 1 && {
        let word = tokens[before - 1].text;
        PREPOSITIONS.contains(word) || word == "the" || word == "The"
    }
}

/// The capitalised run (titles included) that starts at token `start`.
fn run_after(tokens: &[Tok], start: usize) -> usize {
    let mut end = start;
    while end < tokens.len() {
        let tok = &tokens[end];
        let particle = PARTICLES.contains(tok.text) && end > start;
        let abbreviation = tok.text == "." && end > start && TITLES.contains(tokens[end - 1].text);
        if is_name_word(tok) || particle || abbreviation {
            end += 1;
        } else {
            break;
        }
    }
    while end > start && !is_name_word(&tokens[end - 1]) {
        end -= 1;
    }
    end
}

/// Every attribution in `text`, in order of position.
pub fn attributions(text: &str) -> Vec<Attribution> {
    attributions_in(&lex(text))
}

/// What one pass of the lexer over an article body finds: attributions, full names, and
/// where unnamed people are reported speaking.
pub(crate) struct Speech {
    pub attributions: Vec<Attribution>,
    pub full_names: Vec<NameMention>,
    /// Where a reporting verb has an unnamed person for its subject (see [`unnamed_speakers_in`]).
    pub unnamed: Vec<usize>,
}

/// The attributions, full names and unnamed speakers of `text`, from one pass of the lexer.
pub(crate) fn speech(text: &str) -> Speech {
    let tokens = lex(text);
    Speech {
        attributions: attributions_in(&tokens),
        full_names: full_names_in(&tokens),
        unnamed: unnamed_speakers_in(&tokens),
    }
}

/// The byte offsets of reporting verbs whose subject is an unnamed person described by an
/// indefinite noun phrase opening the sentence: "A resident of Martuni, reached by telephone,
/// said ...", "An aid worker in Goma told reporters ...". A pronoun after such a sentence refers
/// to that person, not to the last one named.
fn unnamed_speakers_in(tokens: &[Tok]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut sentence_start = true;
    let mut i = 0;
    while i < tokens.len() {
        let opens = sentence_start
            && matches!(tokens[i].text, "A" | "An")
            && tokens.get(i + 1).is_some_and(|t| t.is_word() && !t.is_capitalised());
        sentence_start = SENTENCE_OPENERS.contains(tokens[i].text);
        if opens {
            // The subject runs to the first reporting verb of the sentence, if it has one
            // before a quotation or the sentence's end.
            let verb = tokens[i + 1..]
                .iter()
                .take_while(|t| !SENTENCE_OPENERS.contains(t.text))
                .find(|t| VERBS_AFTER_NAME.contains(t.text));
            if let Some(verb) = verb {
                found.push(verb.start);
            }
        }
        i += 1;
    }
    found
}

fn attributions_in(tokens: &[Tok]) -> Vec<Attribution> {
    let mut found = Vec::new();
    // Records the person named by tokens `start..end`, attributed by `verb`.
    let mut push = |start: usize, end: usize, verb: &Tok, rule: Rule| {
        let run = &tokens[start..end];
        let name = if rule == Rule::Pronoun { Some(run[0].text.to_lowercase()) } else { person_name(run) };
        if let Some(name) = name {
            let range = run[0].start.min(verb.start)..run[run.len() - 1].end.max(verb.end);
            let before = start.checked_sub(1).map(|i| tokens[i].text);
            let sentence_initial = before.is_none_or(|t| SENTENCE_OPENERS.contains(t));
            found.push(Attribution { name, rule, range, sentence_initial });
        }
    };
    for (i, tok) in tokens.iter().enumerate() {
        let lower = tok.text;
        if lower.eq_ignore_ascii_case("according") && tokens.get(i + 1).is_some_and(|t| t.text == "to") {
            let end = run_after(tokens, i + 2);
            if end > i + 2 {
                push(i + 2, end, tok, Rule::AccordingTo);
            }
            continue;
        }
        if VERBS_AFTER_NAME.contains(lower) {
            // Walk left over adverbs and an apposition ("NAME, the minister, said").
            let mut end = i;
            while end > 0 && ADVERBS.contains(tokens[end - 1].text) {
                end -= 1;
            }
            if end > 0 && PRONOUNS.contains(tokens[end - 1].text) {
                push(end - 1, end, tok, Rule::Pronoun);
                continue;
            }
            if end > 0 && tokens[end - 1].text == "," {
                let earlier = (end.saturating_sub(MAX_APPOSITION)..end - 1).rev().find(|&j| tokens[j].text == ",");
                if let Some(comma) = earlier {
                    let apposition = &tokens[comma + 1..end - 1];
                    let descriptive =
                        apposition.iter().any(|t| t.is_word() && !t.is_capitalised() && !PARTICLES.contains(t.text));
                    // "NAME, the foreign minister, said" skips the description; in "Their skipper,
                    // NAME, insisted" the part between the commas is the name, unless it ends a
                    // longer description ("NAME, who farms near Ames, Iowa, says").
                    let clause = (end.saturating_sub(MAX_APPOSITION)..comma).rev().find(|&j| {
                        tokens[j].text == ","
                            && j > 0
                            && is_name_word(&tokens[j - 1])
                            && tokens.get(j + 1).is_some_and(|t| RELATIVE_OPENERS.contains(t.text))
                    });
                    end = match (descriptive, clause) {
                        (true, _) => comma,
                        (false, Some(outer)) => outer,
                        (false, None) => end - 1,
                    };
                }
            }
            let mut start = run_before(tokens, end);
            // After a preposition the run is a place ("a resident of Martuni said", "officials
            // in Astana said"); the speaker is a name before it ("Lena Marchetti of Italy said"), if any.
            if start < end && is_place_like(tokens, start, end) {
                end = start - 1;
                // "NAME of the Atlantic Fisheries Council warned": step over "of the".
                if end > 0 && matches!(tokens[end - 1].text, "of" | "from" | "at") && tokens[end].text == "the" {
                    end -= 1;
                }
                start = run_before(tokens, end);
                if start < end && is_place_like(tokens, start, end) {
                    continue;
                }
            }
            if start < end {
                push(start, end, tok, Rule::NameVerb);
                continue;
            }
        }
        if VERBS_BEFORE_NAME.contains(lower) {
            let after_quote = i > 0 && matches!(tokens[i - 1].text, "," | "\"" | "\u{201d}" | "\u{2019}" | "'");
            if after_quote {
                if tokens.get(i + 1).is_some_and(|t| PRONOUNS.contains(t.text)) {
                    push(i + 1, i + 2, tok, Rule::Pronoun);
                    continue;
                }
                // "said the winner, NAME" and "said county elections director NAME": a short
                // lower-case description (and a comma) may come before the name.
                let mut start = i + 1;
                while start < tokens.len()
                    && start < i + 1 + MAX_DESCRIPTION
                    && tokens[start].is_word()
                    && !tokens[start].is_capitalised()
                    && !PREPOSITIONS.contains(tokens[start].text)
                    && !CLAUSE_WORDS.contains(tokens[start].text)
                {
                    start += 1;
                }
                if start > i + 1 && tokens.get(start).is_some_and(|t| t.text == ",") {
                    start += 1;
                }
                let end = run_after(tokens, start);
                if end > start {
                    push(start, end, tok, Rule::VerbName);
                }
            }
        }
    }
    found
}

/// A full name found anywhere in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMention {
    /// The name, titles removed.
    pub name: String,
    /// Where the name is (title excluded where it is not part of the run).
    pub range: Range<usize>,
    /// Whether the context says it is a person: a title or a lower-case description before it
    /// ("dairy farmer Gerrit Wouda"), or an age or description after it ("Morag Sinclair, the
    /// nurse,", "Gerrit Wouda, 58,").
    pub described: bool,
}

/// Full names (two words or more, titles removed) anywhere in `text`, such as "Nikol
/// Pashinyan" in "Prime Minister Nikol Pashinyan arrived": candidates for resolving surnames,
/// and (when [`NameMention::described`]) for the person a pronoun refers to.
pub fn full_names(text: &str) -> Vec<NameMention> {
    full_names_in(&lex(text))
}

fn full_names_in(tokens: &[Tok]) -> Vec<NameMention> {
    let mut names = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if is_name_word(&tokens[i]) {
            let end = run_after(tokens, i);
            // A full name needs two words; most runs are one capitalised word opening a sentence.
            let words = tokens[i..end].iter().filter(|t| t.is_word()).take(2).count();
            let name = if words < 2 { None } else { person_name(&tokens[i..end]) };
            if let Some(name) = name.filter(|n| n.contains(' ')) {
                let titled = tokens[i..end].iter().any(|t| TITLES.contains(t.text.trim_end_matches('.')));
                let before = i.checked_sub(1).map(|b| &tokens[b]);
                // "dairy farmer Gerrit Wouda", "barge captain Stefan Kohler": an occupation in lower case.
                let described_before = before.is_some_and(|t| {
                    let mut chars = t.text.chars();
                    let capitalised: String =
                        chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect();
                    t.is_word() && !t.is_capitalised() && TITLES.contains(capitalised.as_str())
                });
                let after = |k: usize| tokens.get(end + k).map(|t| t.text);
                let described_after = after(0) == Some(",")
                    && after(1).is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || RELATIVE_OPENERS.contains(w));
                let described = titled || described_before || described_after;
                names.push(NameMention { name, range: tokens[i].start..tokens[end - 1].end, described });
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    names
}

/// Resolves a name to the fullest form among `known` that ends with it (`Guterres` →
/// `Antonio Guterres`); a name with no such form, or with two different ones, stays as it is.
pub fn resolve_name(name: &str, known: &[String]) -> String {
    let lower = name.to_lowercase();
    let (suffix, prefix) = (format!(" {lower}"), format!("{lower} "));
    let mut fuller: Vec<&String> = known.iter().filter(|k| k.to_lowercase().ends_with(&suffix)).collect();
    if fuller.is_empty() {
        // Surname first ("Wang" for Wang Lihua) or a given name ("Sir Malcolm", "Azlan").
        fuller = known.iter().filter(|k| k.to_lowercase().starts_with(&prefix)).collect();
    }
    let Some(longest) = fuller.iter().max_by_key(|k| k.len()) else {
        return name.to_string();
    };
    // Two different people with that surname: leave the mention as written.
    let all_agree = fuller.iter().all(|k| longest.to_lowercase().ends_with(&k.to_lowercase()));
    if all_agree {
        longest.to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        attributions(text).into_iter().filter(|a| a.rule != Rule::Pronoun).map(|a| a.name).collect()
    }

    #[test]
    fn pronouns_are_found_for_the_caller_to_resolve() {
        let found = attributions("\"No,\" she said. He also told reporters so. They said yes.");
        let rules: Vec<(Rule, &str)> = found.iter().map(|a| (a.rule, a.name.as_str())).collect();
        assert_eq!(rules, [(Rule::Pronoun, "she"), (Rule::Pronoun, "he")]);
        let found = attributions("\"Never,\" said she.");
        assert_eq!(found[0].rule, Rule::Pronoun);
    }

    #[test]
    fn name_before_the_verb_with_titles_dropped() {
        assert_eq!(
            names("United Nations Secretary-General Antonio Guterres said that he was concerned."),
            ["Antonio Guterres"]
        );
        assert_eq!(
            names("US State Department Spokesperson Morgan Ortagus also condemned the clashes."),
            ["Morgan Ortagus"]
        );
        assert_eq!(names("Hours later Pashinyan said the war had begun."), ["Pashinyan"]);
        assert_eq!(names("Tomas Varga, the foreign minister, told reporters it was over."), ["Tomas Varga"]);
    }

    #[test]
    fn name_after_the_verb_and_according_to() {
        assert_eq!(
            names("\u{201c}We will not wait,\u{201d} said Foreign Minister Ingrid Solberg."),
            ["Ingrid Solberg"]
        );
        assert_eq!(names("\"Enough,\" says Dr. Kwame Mensah-Boateng."), ["Kwame Mensah-Boateng"]);
        assert_eq!(names("The talks failed, according to Ursula von Stein, an envoy."), ["Ursula von Stein"]);
    }

    #[test]
    fn unnamed_possessive_collective_and_country_speakers_are_not_speakers() {
        assert!(names("Guterres's spokesman said in a statement.").is_empty());
        assert!(names("A spokesman said officials said the ministry said.").is_empty());
        assert!(names("Turkey said it would help. He said so. The Ministry of Defence said no.").is_empty());
        assert!(names("Officials said nothing. Washington said little.").is_empty());
        assert!(names("A resident of Martuni, reached by telephone, said so. Officials in Astana said yes.").is_empty());
        assert_eq!(names("Lena Marchetti of Italy said no."), ["Lena Marchetti"]);
        assert!(names("farmers in Andalusia and Catalonia warned. In the Northern Territory said x.").is_empty());
        assert_eq!(names("Minister for International Development Eleanor Hartley said"), ["Eleanor Hartley"]);
        assert_eq!(names("the Armenian Prime Minister Nikol Pashinyan said"), ["Nikol Pashinyan"]);
    }

    #[test]
    fn surnames_resolve_to_the_full_name() {
        let known = vec!["Antonio Guterres".to_string(), "Morgan Ortagus".to_string()];
        assert_eq!(resolve_name("Guterres", &known), "Antonio Guterres");
        assert_eq!(resolve_name("Aliyev", &known), "Aliyev");
        let known = vec!["Ursula von Stein".to_string()];
        assert_eq!(resolve_name("Von Stein", &known), "Ursula von Stein");
        assert_eq!(names("Later, von Stein said so."), ["von Stein"]);
        let names = |text| full_names(text).into_iter().map(|m| (m.name, m.described)).collect::<Vec<_>>();
        assert_eq!(names("as Prime Minister Nikol Pashinyan arrived"), [("Nikol Pashinyan".to_string(), true)]);
        assert_eq!(names("the Samoan negotiator Tavita Leaupepe came"), [("Tavita Leaupepe".to_string(), true)]);
        assert_eq!(
            names("Gerrit Wouda, 58, drove in El Paso"),
            [("Gerrit Wouda".into(), true), ("El Paso".into(), false)]
        );
    }
}
