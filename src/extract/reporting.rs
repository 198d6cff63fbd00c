//! Reporting verbs: the verbs and verb phrases by which news reports what someone said, in
//! every form (`warn`, `warns`, `warned`, `warning`), and what each needs after it to report
//! speech rather than an act.
//!
//! Three kinds:
//! - **speech verbs** report speech whatever follows (`said`, `told`, `warned`, `denied`,
//!   `criticised`);
//! - **stance verbs** report speech only with a reported clause or a quotation after them
//!   (`confirmed that ...`, `revealed: "..."`, `described the plan as ...`, `expects that ...`):
//!   `confirmed his place in the final` and `revealed a new kit` are acts;
//! - **phrasal verbs** need their particle (`called for`, `hit back`, `played down`,
//!   `spoke out`, `made clear`, `pointed out`; `called` also a quotation of what it names,
//!   `called the plan "a disgrace"`), and verbs of giving need a noun of speech (`gave the same
//!   message`, `issued a warning`, `voiced concern`, `read a statement`).
//!
//! The subject side (auxiliaries, passives, negation) is the caller's: see
//! [`crate::extract::speaker`].

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a verb needs after it to report speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Nothing: it reports speech whatever follows.
    Nothing,
    /// A reported clause or a quotation (`that`, `:`, a quotation mark) within a few words;
    /// or one of `next` right after it (`wrote to the minister`), or of `within` among those
    /// words (`described the plan as ...`).
    Clause {
        /// Words that report speech right after the verb.
        next: &'static [&'static str],
        /// Words that report speech within the verb's few words.
        within: &'static [&'static str],
    },
    /// One of these particles right after it (`called for`, `hit back`).
    Particle(&'static [&'static str]),
    /// One of these particles right after it, or a quotation within a few words (`called for`,
    /// `called the plan "a disgrace"`).
    ParticleOrQuote(&'static [&'static str]),
    /// A noun of speech within a few words (`gave the same message`).
    SpeechNoun,
    /// Anything but one of these objects (`defended the decision`, not `defended her title`).
    NotObject(&'static [&'static str]),
}

/// The grammatical form of a verb token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `say`, `tell`: after an auxiliary (`will say`) or a plural subject.
    Base,
    /// `says`, `tells`.
    Present,
    /// `said`, `told`: a past tense, or (after `has`, `was`) a participle.
    Past,
    /// `saying`, `telling`: after a form of `be`.
    Ing,
}

/// One form of a reporting verb.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verb {
    pub(crate) form: Form,
    pub(crate) needs: Needs,
    /// Whether this verb puts its speaker after it in quotation inversion (`", said NAME`).
    pub(crate) inverts: bool,
}

/// base, third person, past, participle, -ing (`-` where the form is the past's).
type Forms = (&'static str, &'static str, &'static str, &'static str, &'static str);

/// Verbs that report speech whatever follows them.
const SPEECH: &[Forms] = &[
    ("say", "says", "said", "-", "saying"),
    ("tell", "tells", "told", "-", "telling"),
    ("add", "adds", "added", "-", "adding"),
    ("state", "states", "stated", "-", "stating"),
    ("note", "notes", "noted", "-", "noting"),
    ("warn", "warns", "warned", "-", "warning"),
    ("urge", "urges", "urged", "-", "urging"),
    ("insist", "insists", "insisted", "-", "insisting"),
    ("argue", "argues", "argued", "-", "arguing"),
    ("declare", "declares", "declared", "-", "declaring"),
    ("explain", "explains", "explained", "-", "explaining"),
    ("stress", "stresses", "stressed", "-", "stressing"),
    ("emphasise", "emphasises", "emphasised", "-", "emphasising"),
    ("emphasize", "emphasizes", "emphasized", "-", "emphasizing"),
    ("reiterate", "reiterates", "reiterated", "-", "reiterating"),
    ("remark", "remarks", "remarked", "-", "remarking"),
    ("reply", "replies", "replied", "-", "replying"),
    ("respond", "responds", "responded", "-", "responding"),
    ("retort", "retorts", "retorted", "-", "retorting"),
    ("counter", "counters", "countered", "-", "countering"),
    ("concede", "concedes", "conceded", "-", "conceding"),
    ("admit", "admits", "admitted", "-", "admitting"),
    ("acknowledge", "acknowledges", "acknowledged", "-", "acknowledging"),
    ("announce", "announces", "announced", "-", "announcing"),
    ("assert", "asserts", "asserted", "-", "asserting"),
    ("contend", "contends", "contended", "-", "contending"),
    ("predict", "predicts", "predicted", "-", "predicting"),
    ("suggest", "suggests", "suggested", "-", "suggesting"),
    ("tweet", "tweets", "tweeted", "-", "tweeting"),
    ("testify", "testifies", "testified", "-", "testifying"),
    ("allege", "alleges", "alleged", "-", "alleging"),
    ("vow", "vows", "vowed", "-", "vowing"),
    ("pledge", "pledges", "pledged", "-", "pledging"),
    ("complain", "complains", "complained", "-", "complaining"),
    ("lament", "laments", "lamented", "-", "lamenting"),
    ("joke", "jokes", "joked", "-", "joking"),
    ("quip", "quips", "quipped", "-", "quipping"),
    ("boast", "boasts", "boasted", "-", "boasting"),
    ("caution", "cautions", "cautioned", "-", "cautioning"),
    ("recall", "recalls", "recalled", "-", "recalling"),
    ("recount", "recounts", "recounted", "-", "recounting"),
    ("comment", "comments", "commented", "-", "commenting"),
    ("deny", "denies", "denied", "-", "denying"),
    ("criticise", "criticises", "criticised", "-", "criticising"),
    ("criticize", "criticizes", "criticized", "-", "criticizing"),
    ("condemn", "condemns", "condemned", "-", "condemning"),
    ("blame", "blames", "blamed", "-", "blaming"),
    ("ask", "asks", "asked", "-", "asking"),
    ("accuse", "accuses", "accused", "-", "accusing"),
    ("maintain", "maintains", "maintained", "-", "maintaining"),
    ("express", "expresses", "expressed", "-", "expressing"),
    ("continue", "continues", "continued", "-", "continuing"),
    ("observe", "observes", "observed", "-", "observing"),
    ("apologise", "apologises", "apologised", "-", "apologising"),
    ("apologize", "apologizes", "apologized", "-", "apologizing"),
    ("protest", "protests", "protested", "-", "protesting"),
    ("estimate", "estimates", "estimated", "-", "estimating"),
    ("forecast", "forecasts", "forecast", "-", "forecasting"),
    ("muse", "muses", "mused", "-", "musing"),
    ("concur", "concurs", "concurred", "-", "concurring"),
    ("assure", "assures", "assured", "-", "assuring"),
    ("reassure", "reassures", "reassured", "-", "reassuring"),
    ("inform", "informs", "informed", "-", "informing"),
    ("plead", "pleads", "pleaded", "-", "pleading"),
];

/// Verbs that report speech only with a reported clause or a quotation after them.
const STANCE: &[Forms] = &[
    ("confirm", "confirms", "confirmed", "-", "confirming"),
    ("reveal", "reveals", "revealed", "-", "revealing"),
    ("expect", "expects", "expected", "-", "expecting"),
    ("describe", "describes", "described", "-", "describing"),
    ("promise", "promises", "promised", "-", "promising"),
    ("hint", "hints", "hinted", "-", "hinting"),
    ("indicate", "indicates", "indicated", "-", "indicating"),
    ("signal", "signals", "signalled", "signaled", "signalling"),
    ("propose", "proposes", "proposed", "-", "proposing"),
    ("recommend", "recommends", "recommended", "-", "recommending"),
    ("demand", "demands", "demanded", "-", "demanding"),
    ("threaten", "threatens", "threatened", "-", "threatening"),
    ("welcome", "welcomes", "welcomed", "-", "welcoming"),
    ("praise", "praises", "praised", "-", "praising"),
    ("dismiss", "dismisses", "dismissed", "-", "dismissing"),
    ("reject", "rejects", "rejected", "-", "rejecting"),
    ("believe", "believes", "believed", "-", "believing"),
    ("rule", "rules", "ruled", "-", "ruling"),
    ("conclude", "concludes", "concluded", "-", "concluding"),
    ("agree", "agrees", "agreed", "-", "agreeing"),
    ("hope", "hopes", "hoped", "-", "hoping"),
    ("fear", "fears", "feared", "-", "fearing"),
    ("question", "questions", "questioned", "-", "questioning"),
    ("challenge", "challenges", "challenged", "-", "challenging"),
    ("announce", "announces", "announced", "-", "announcing"),
    ("advise", "advises", "advised", "-", "advising"),
    ("reckon", "reckons", "reckoned", "-", "reckoning"),
    ("think", "thinks", "thought", "-", "thinking"),
    ("accept", "accepts", "accepted", "-", "accepting"),
    ("write", "writes", "wrote", "written", "writing"),
    ("shout", "shouts", "shouted", "-", "shouting"),
    ("yell", "yells", "yelled", "-", "yelling"),
    ("scream", "screams", "screamed", "-", "screaming"),
    ("cry", "cries", "cried", "-", "crying"),
    ("report", "reports", "reported", "-", "reporting"),
];

/// Stance verbs that also report speech with other words after them: a verb's base form, the
/// words right after it, and the words among its next few.
const CLAUSE_WORDS: &[(&str, &[&str], &[&str])] = &[("write", &["to", "in", "on"], &[]), ("describe", &[], &["as"])];

/// Phrasal verbs: speech only with their particle right after them.
const PHRASAL: &[(Forms, &[&str])] = &[
    (("appeal", "appeals", "appealed", "-", "appealing"), &["for", "to"]),
    (("hit", "hits", "hit", "-", "hitting"), &["back", "out"]),
    (("play", "plays", "played", "-", "playing"), &["down"]),
    (("speak", "speaks", "spoke", "spoken", "speaking"), &["out", "up", "of", "about", "to", "against", "on", "for"]),
    (("make", "makes", "made", "-", "making"), &["clear", "plain"]),
    (("point", "points", "pointed", "-", "pointing"), &["out"]),
    (("weigh", "weighs", "weighed", "-", "weighing"), &["in"]),
    (("chime", "chimes", "chimed", "-", "chiming"), &["in"]),
    (("lash", "lashes", "lashed", "-", "lashing"), &["out"]),
    (("shoot", "shoots", "shot", "-", "shooting"), &["back"]),
    (("fire", "fires", "fired", "-", "firing"), &["back"]),
    (("open", "opens", "opened", "-", "opening"), &["up"]),
    (("sound", "sounds", "sounded", "-", "sounding"), &["the"]),
];

/// Phrasal verbs that also report a quotation of what they name (`called the reopening "a
/// comeback"`), not an act (`called the police`).
const NAMING: &[(Forms, &[&str])] = &[(("call", "calls", "called", "-", "calling"), &["for", "on"])];

/// What a sportsman or a soldier defends without a word: `defended her title`.
const DEFENDED_BY_ACTS: &[&str] = &[
    "title", "titles", "crown", "lead", "goal", "goals", "belt", "championship", "champion", "net", "wicket", "trophy",
    "cup", "medal", "border", "borders", "city", "town", "territory", "line", "lines", "position", "positions", "area",
    "ground", "base", "fort", "homeland", "country", "themselves", "himself", "herself",
];

/// What is claimed without a word: `claimed the title`, `claimed three wickets`.
const CLAIMED_BY_ACTS: &[&str] = &[
    "title", "titles", "victory", "win", "wins", "prize", "trophy", "crown", "medal", "gold", "silver", "bronze",
    "lives", "life", "seat", "seats", "place", "spot", "lead", "record", "points", "wickets", "wicket", "share",
    "stage", "pole", "scalp", "land", "territory", "asylum", "benefits", "compensation", "damages", "expenses",
];

/// Verbs that report speech unless their object is one of an act.
const UNLESS_OBJECT: &[(Forms, &[&str])] = &[
    (("defend", "defends", "defended", "-", "defending"), DEFENDED_BY_ACTS),
    (("claim", "claims", "claimed", "-", "claiming"), CLAIMED_BY_ACTS),
];

/// Verbs of giving that report speech with a noun of speech after them.
const GIVING: &[Forms] = &[
    ("give", "gives", "gave", "given", "giving"),
    ("issue", "issues", "issued", "-", "issuing"),
    ("deliver", "delivers", "delivered", "-", "delivering"),
    ("offer", "offers", "offered", "-", "offering"),
    ("voice", "voices", "voiced", "-", "voicing"),
    ("raise", "raises", "raised", "-", "raising"),
    ("send", "sends", "sent", "-", "sending"),
    ("repeat", "repeats", "repeated", "-", "repeating"),
    ("echo", "echoes", "echoed", "-", "echoing"),
    ("read", "reads", "read", "-", "reading"),
];

/// Nouns of speech, after a verb of giving (`issued a warning`, `voiced concern`).
pub(crate) const SPEECH_NOUNS: &[&str] = &[
    "message", "messages", "warning", "warnings", "assurance", "assurances", "statement", "statements", "speech",
    "address", "remarks", "comments", "comment", "promise", "promises", "pledge", "pledges", "concern", "concerns",
    "apology", "reassurance", "update", "account", "answer", "answers", "reply", "response", "explanation", "verdict",
    "views", "view", "sentiment", "sentiments", "call", "plea", "appeal", "denial", "rebuttal", "advice", "guarantee",
    "guarantees", "undertaking", "undertakings", "commitment", "commitments", "figure", "figures", "estimate",
    "estimates", "assessment",
];

/// Verbs that invert with their speaker after a quotation (`"...," warned NAME`).
const INVERTING: &[&str] = &[
    "say", "add", "ask", "continue", "explain", "note", "insist", "warn", "reply", "recall", "admit", "concede",
    "argue", "write", "declare", "observe", "counter", "remark", "suggest", "claim", "stress", "predict", "caution",
    "complain", "joke", "quip", "retort",
];

/// Every form of every reporting verb, by its text.
fn table() -> &'static HashMap<&'static str, Verb> {
    static TABLE: OnceLock<HashMap<&'static str, Verb>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        let mut add = |forms: &Forms, needs: Needs| {
            let (base, present, past, participle, ing) = *forms;
            // After a quotation any of these reports it (`"...," wrote NAME`), whatever it
            // needs elsewhere.
            let inverts = INVERTING.contains(&base);
            let mut put = |text: &'static str, form: Form| {
                // A form two verbs share keeps the first (the less demanding) reading.
                table.entry(text).or_insert(Verb { form, needs, inverts });
            };
            put(past, Form::Past);
            if participle != "-" {
                put(participle, Form::Past);
            }
            put(present, Form::Present);
            put(base, Form::Base);
            put(ing, Form::Ing);
        };
        for forms in SPEECH {
            add(forms, Needs::Nothing);
        }
        for forms in STANCE {
            let (next, within) = CLAUSE_WORDS
                .iter()
                .find(|(base, ..)| *base == forms.0)
                .map_or((&[][..], &[][..]), |(_, next, within)| (*next, *within));
            add(forms, Needs::Clause { next, within });
        }
        for (forms, particles) in PHRASAL {
            add(forms, Needs::Particle(particles));
        }
        for (forms, particles) in NAMING {
            add(forms, Needs::ParticleOrQuote(particles));
        }
        for forms in GIVING {
            add(forms, Needs::SpeechNoun);
        }
        for (forms, objects) in UNLESS_OBJECT {
            add(forms, Needs::NotObject(objects));
        }
        table
    })
}

/// Bit `n` of `shapes()[b]` is set when a form of `n` bytes (n < 64) starts with byte `b`:
/// most tokens are rejected by one lookup before any hashing.
fn shapes() -> &'static [u64; 256] {
    static SHAPES: OnceLock<[u64; 256]> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = [0u64; 256];
        for form in table().keys() {
            if form.len() < 64 {
                shapes[usize::from(form.as_bytes()[0])] |= 1 << form.len();
            }
        }
        shapes
    })
}

/// The reporting verb `word` is a form of, if any.
pub(crate) fn verb(word: &str) -> Option<Verb> {
    // Every form is lower case, three letters or more.
    let bytes = word.as_bytes();
    if bytes.len() < 3 || bytes.len() >= 64 || !bytes[0].is_ascii_lowercase() {
        return None;
    }
    if shapes()[usize::from(bytes[0])] >> bytes.len() & 1 == 0 {
        return None;
    }
    table().get(word).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_is_found_with_what_it_needs() {
        assert_eq!(verb("told").map(|v| (v.form, v.needs)), Some((Form::Past, Needs::Nothing)));
        assert_eq!(verb("defending").map(|v| v.form), Some(Form::Ing));
        assert!(matches!(verb("defended").map(|v| v.needs), Some(Needs::NotObject(_))));
        assert_eq!(verb("confirmed").map(|v| v.needs), Some(Needs::Clause { next: &[], within: &[] }));
        assert!(matches!(verb("wrote").map(|v| v.needs), Some(Needs::Clause { next: ["to", "in", "on"], .. })));
        assert!(matches!(verb("describing").map(|v| v.needs), Some(Needs::Clause { within: ["as"], .. })));
        assert!(matches!(verb("called").map(|v| v.needs), Some(Needs::ParticleOrQuote(["for", "on"]))));
        assert_eq!(verb("gave").map(|v| v.needs), Some(Needs::SpeechNoun));
        assert!(verb("said").is_some_and(|v| v.inverts) && !verb("confirmed").is_some_and(|v| v.inverts));
        assert!(verb("won").is_none() && verb("Said").is_none() && verb("resigned").is_none());
    }
}
