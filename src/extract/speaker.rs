//! Speakers: the people whose words a text reports, found from attribution patterns.
//!
//! Patterns (English news style):
//! - `NAME said` and every other reporting verb in every form (`extract/reporting.rs` says which verbs
//!   need what after them: `confirmed that`, `called for`, `gave the same message`), with
//!   adverbs and auxiliaries between (`NAME has also told`), passives and negations refused
//!   (`NAME was told`, `NAME did not say`), and descriptions between commas skipped (`NAME, the
//!   foreign minister, said`); a verb joined to an earlier one takes the sentence's subject
//!   (`NAME welcomed it but said`, `NAME replied, saying`), and so does a verb after `to` that
//!   a verb of moving leads (`NAME intervened to say`) or an `-ing` form after `with NAME`;
//! - `said NAME` right after a quote or a comma (`"...," said Foreign Minister NAME`);
//! - `according to NAME`, and wire quotations (`NAME was quoted as saying`, `quoted NAME as
//!   saying`, `quoted him as urging`).
//!
//! A name is a run of capitalised words (with particles such as `von`, `bin`, `de`); titles
//! before it (`Secretary-General`, `Detective Sergeant`, `Dr`) and letters after it (`QC`) are
//! dropped. Possessives (`Guterres's spokesman said`), unnamed speakers (`a spokesman`,
//! `officials`), the principals they speak for (`a spokesman for Minister NAME`), pronouns,
//! countries and bodies (`Turkey said`, `the Ministry of Defence said`, and names the text calls
//! a body) give no speaker. Surname-only mentions are resolved to the full
//! name used elsewhere in the same article by [`resolve_name`].

use std::ops::Range;

use crate::extract::country::gazetteer;
use crate::extract::reporting::{self, Form, Needs, Verb};
use crate::extract::words::WordList;
use crate::extract::Rule;

/// Pronouns that continue the last named speaker ("he said"); "they" is left out (groups).
static PRONOUNS: WordList = WordList::new(&["he", "she", "He", "She"]);

/// A reported speaker found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The name as written, titles removed; for [`Rule::Pronoun`], the pronoun (`he`, or `him`
    /// in "quoted him as saying").
    pub name: String,
    /// The pattern that found it.
    pub rule: Rule,
    /// The span of text that attributes the words: name and verb.
    pub range: Range<usize>,
    /// Whether the name starts a sentence, where any word is capitalised.
    pub sentence_initial: bool,
    /// Whether the context says the name is a person's: a title, a role or a description
    /// comes with it (`Mr Haddad`, `the forestry minister, Soeharjo,`, `Suryadi, an
    /// economist,`), as [`NameMention::described`] says of a mention.
    pub described: bool,
}

impl Attribution {
    /// Whether it names its speaker; a pronoun or a description (`the senator`) refers to
    /// someone named elsewhere.
    pub fn names(&self) -> bool {
        !matches!(self.rule, Rule::Pronoun | Rule::Description)
    }
}

/// Lower-case nouns that describe a person named elsewhere in the article when they head a
/// definite subject (`the midfielder said`), besides the titles of [`TITLES`].
static ROLE_NOUNS: WordList = WordList::new(&[
    "boss", "winger", "forward", "midfielder", "defender", "keeper", "goalkeeper", "striker", "bowler", "batter",
    "batsman", "opener", "all-rounder", "teenager", "youngster", "veteran", "champion", "challenger", "favourite",
    "favorite", "incumbent", "candidate", "frontrunner", "defendant", "witness", "claimant", "plaintiff",
    "complainant", "accused", "victim", "survivor", "mother", "father", "widow", "widower", "skipper", "chief",
    "lawmaker", "legislator", "senator", "congressman", "congresswoman", "councillor", "envoy", "diplomat",
    "economist", "analyst", "scientist", "researcher", "professor", "author", "coach", "manager", "captain", "referee",
    "judge", "prosecutor", "detective", "inspector", "officer", "minister", "premier", "president", "governor",
    "mayor", "chancellor", "secretary", "director", "chairman", "chairwoman", "chair", "founder", "owner", "farmer",
    "nurse", "doctor", "teacher", "driver", "rider", "pilot", "priest", "bishop", "archbishop", "imam", "rabbi",
    "pastor", "ambassador", "general", "colonel", "commander", "superintendent", "coroner", "magistrate", "sheriff",
    "barrister", "solicitor", "lawyer", "attorney", "activist", "campaigner", "mp", "mep", "senator-elect",
    "president-elect", "leader", "executive", "son", "daughter", "wife", "husband", "brother", "sister", "grandmother",
    "grandfather", "granddaughter", "grandson", "uncle", "aunt", "niece", "nephew", "cousin", "fiancée", "fiancé",
    "counsel",
]);

/// Where a definite description of a person ends its subject run before token `end` (`the
/// shadow chancellor said`, `the 24-year-old added`): the token of its head noun, when the
/// run is `the`, at most two lower-case modifiers and a noun of [`ROLE_NOUNS`] or an age.
fn description_before(tokens: &[Tok], end: usize) -> Option<usize> {
    let head = end.checked_sub(1)?;
    let noun = &tokens[head];
    if !noun.is_word() || noun.is_capitalised() || !is_role_noun(noun.text) {
        return None;
    }
    let mut k = head;
    while k > 0 && head - k < 3 {
        let t = &tokens[k - 1];
        // "the senator", or a possessive: "his widow", "Luis Alberto's mother".
        let possessive = matches!(t.text, "his" | "His" | "her" | "Her" | "their" | "Their")
            || (t.is_capitalised() && possessor(t.text).is_some());
        if matches!(t.text, "the" | "The") || possessive {
            return Some(head);
        }
        if !t.is_word() || t.is_capitalised() || CLAUSE_WORDS.contains(t.text) || PREPOSITIONS.contains(t.text) {
            return None;
        }
        k -= 1;
    }
    None
}

/// Whether `word` can head a description of a named person: a role or an age (`24-year-old`).
pub(crate) fn is_role_noun(word: &str) -> bool {
    ROLE_NOUNS.contains(word) || age_of(word).is_some()
}

/// The age a description such as `24-year-old` gives.
pub(crate) fn age_of(word: &str) -> Option<&str> {
    word.strip_suffix("-year-old").filter(|age| !age.is_empty() && age.bytes().all(|b| b.is_ascii_digit()))
}

/// Words that open a description after a name ("NAME, who ...", "NAME, a farmer ...").
static RELATIVE_OPENERS: WordList = WordList::new(&["who", "whose", "a", "an", "the"]);

/// The most tokens an apposition between commas may have ("NAME, who runs ..., said").
const MAX_APPOSITION: usize = 30;

/// Words that start a reported clause, not a description of the speaker ("warned that ...").
static CLAUSE_WORDS: WordList =
    WordList::new(&["that", "if", "whether", "when", "how", "why", "it", "they", "we", "there", "this", "and"]);

/// The most lower-case words between `said` and the name ("said county elections director NAME").
const MAX_DESCRIPTION: usize = 5;

/// Verbs after which `to` and a reporting verb report their subject's words: "NAME intervened
/// to say", "NAME rose to ask", "NAME went on to say" (not "NAME refused to say").
static LEADING_VERBS: WordList = WordList::new(&[
    "intervened", "intervenes", "rose", "rises", "stood", "stands", "went", "goes", "paused", "pauses", "stopped",
    "stops", "returned", "returns", "hastened", "hastens", "moved", "moves", "wrote", "writes", "called", "calls",
    "took", "takes", "used", "uses", "seized", "seizes",
]);

/// The most tokens of a name with its titles ("Public Health Engineering Minister Shri NAME").
const MAX_NAME: usize = 10;

/// How many tokens a sentence is searched for its end.
const MAX_SENTENCE: usize = 80;

/// Adverbs that may stand between a name and its verb (`NAME also said`, `NAME on Monday warned`).
static ADVERBS: WordList = WordList::new(&[
    "also", "later", "then", "previously", "again", "once", "recently", "earlier", "separately", "privately",
    "publicly", "further", "repeatedly", "subsequently", "already", "quickly", "reportedly", "himself", "herself",
    "on", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "last", "night", "week",
    "yesterday", "today", "tonight", "now", "still", "even", "first", "immediately", "angrily", "firmly", "flatly",
    "strongly", "openly", "bluntly", "frankly", "calmly", "simply", "just", "since", "always", "often", "recently",
    "briefly", "herself", "themselves", "personally", "formally", "officially", "directly", "specifically",
]);

/// Auxiliaries between a name and its verb (`NAME has told`, `NAME is defending`).
static AUXILIARIES: WordList = WordList::new(&[
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "may", "might", "must", "shall",
    "should", "did", "does", "do", "been", "be", "being",
]);

/// Forms of `be`: before a past participle they make a passive (`NAME was told`), before an
/// `-ing` form a progressive (`NAME is warning`).
static BE: WordList = WordList::new(&["is", "are", "was", "were", "been", "be", "being"]);

/// Words that deny the verb (`NAME did not say`, `NAME has never told`).
static NEGATIONS: WordList = WordList::new(&[
    "not", "never", "didn't", "doesn't", "don't", "wouldn't", "won't", "hasn't", "haven't", "hadn't", "isn't",
    "wasn't", "weren't", "couldn't", "cannot", "refused", "declined",
]);

/// Lower-case nouns before `for` or `of` that speak for someone else: in `a spokesman for
/// Minister NAME said`, NAME is the principal, not the speaker.
static AGENTS: WordList = WordList::new(&[
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "aide", "aides", "adviser", "advisers", "advisor",
    "advisors", "lawyer", "lawyers", "attorney", "attorneys", "solicitor", "barrister", "counsel", "representative",
    "representatives", "official", "officials", "source", "sources", "friend", "friends", "office", "team", "campaign",
    "family", "relatives", "secretary", "assistant", "agent", "staff", "allies", "ally", "deputy", "statement",
    "letter",
]);

/// Lower-case nouns that name a body: before a name (`the charity Hartley Brooks said`) or
/// heading an apposition (`Hartley Brooks, the engineering firm, said`), they make it no person.
static BODY_NOUNS: WordList = WordList::new(&[
    "company", "firm", "group", "charity", "organisation", "organization", "agency", "bank", "lender", "insurer",
    "airline", "carrier", "club", "side", "team", "band", "militia", "faction", "movement", "party", "union",
    "network", "broadcaster", "newspaper", "manufacturer", "carmaker", "consultancy", "startup", "start-up",
    "conglomerate", "chain", "supermarket", "brand", "label", "fund", "trust", "foundation", "association",
    "federation", "council", "committee", "command", "brigade", "brigades", "regiment", "battalion", "unit", "outfit",
    "institute", "think-tank", "thinktank", "pollster", "brokerage", "exchange", "utility", "partnership", "practice",
    "studio", "school", "college", "university", "hospital", "clinic", "church", "ministry", "department", "regulator",
    "watchdog", "authority", "body", "coalition", "alliance", "collective", "cooperative", "co-operative", "society",
    "league", "franchise", "squad", "ensemble", "orchestra", "choir", "subsidiary", "meatpacker", "refiner",
    "shipbuilder", "automaker", "drugmaker", "chipmaker", "steelmaker", "bottler", "shipyard", "giant",
    "manufacturers", "insurers", "lenders", "banks", "companies", "firms",
]);

/// Nouns of a trade that heads a description of a firm or of a person ("the broker Crane
/// Fairley", "Kwame Asante, a wholesaler at the market"): a body's unless the name opens with a
/// given name.
static TRADE_NOUNS: WordList = WordList::new(&[
    "wholesaler", "broker", "contractor", "exporter", "importer", "supplier", "distributor", "shipper", "processor",
    "consultants", "maker", "retailer", "developer",
]);

/// Titles and honorifics that come before a name and are not part of it.
static TITLES: WordList = WordList::new(&[
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
    // Police and military ranks, parliamentary and church titles.
    "Inspector", "Insp", "Superintendent", "Supt", "Detective", "Det", "Constable", "PC", "DC", "DS", "DI", "DCI",
    "Sgt", "Brigadier", "Brig", "Corporal", "Cpl", "Pte", "Commodore", "Marshal", "Vice-Admiral", "Lieutenant-Colonel",
    "Lt-Col", "Major-General", "Lieutenant-General", "Warrant", "Trooper", "Officer", "Ensign", "Commandant",
    "Chief-Inspector", "Deputy-Chief", "Assistant", "Commissioner", "Sheriff", "Deputy-Sheriff", "Prosecutor",
    "Magistrate", "Coroner", "Counsel", "Solicitor", "Solicitor-General", "Attorney-General", "Barrister", "MP", "MPs",
    "MEP", "MSP", "MLA", "TD", "QC", "KC", "Congressman", "Congresswoman", "Assemblyman", "Assemblywoman",
    "Assemblymember", "Councillor", "Cllr", "Councilman", "Councilwoman", "Alderman", "Shadow", "Culture", "Justice",
    "Treasury", "Whip", "Backbencher", "Baroness", "Viscount", "Duchess", "Hon", "Honourable", "Honorable", "Vicar",
    "Pastor", "Monsignor", "Ayatollah", "Patriarch", "Metropolitan", "Chaplain", "Lord-Justice", "Referee", "Umpire",
    "Captain", "Midfielder", "Defender", "Batsman", "Datuk", "Dato", "Datin", "Seri", "Tun", "Tunku", "Tengku", "Haji",
    "Hajah", "Puan", "Encik", "Sister", "Brother", "Parent", "Pupil", "Headteacher", "Pensioner", "Shopkeeper",
    "Landlord", "Landlady", "Grandmother", "Grandfather", "Widow", "Widower", "Retiree", "Volunteer", "Businessman",
    "Businesswoman", "Publican", "Fisherman", "Midwife", "Paramedic", "Firefighter", "Carer", "Commuter", "Democrat",
    "Republican", "Conservative", "Liberal", "Tory", "Independent", "Nationalist", "Unionist", "Socialist", "Jockey",
    "Chairman", "President-elect", "Governor-General", "Mayor-elect", "Senator-elect",
    // Portfolio words of ministerial titles ("Minister for Water Resources and Irrigation").
    "Affairs", "Policy", "Resources", "Irrigation", "Supply", "Development", "International", "Security", "Environment",
    "Planning", "Transport", "Infrastructure", "Mining", "Labour", "Labor", "Education", "Industry", "Commerce",
    "Tourism", "Culture", "Youth", "Communications", "Information", "Water", "Food", "Climate", "Relations",
    "Cooperation", "Mission", "Observation", "Delegation", "Observer", "Monitor", "Ports", "Works", "Investment",
    "Fisheries", "Forestry", "Housing", "Employment", "Welfare", "Pensions", "Budget", "Revenue", "Customs", "Sport",
    "Sports", "Heritage", "Arts", "Science", "Technology", "Innovation", "Digital", "Rural", "Local", "Regional",
    "Home", "Legal", "Constitutional", "Parliamentary", "Public", "Services",
    // Occupations written before a name ("Helmsman Callum Ferris said", "Lawyer Fiona Hartley said").
    "Helmsman", "Skipper", "Coach", "Lawyer", "Farmer", "Historian", "Researcher", "Scientist", "Author", "Novelist",
    "Architect", "Curator", "Engineer", "Activist", "Campaigner", "Organiser", "Organizer", "Trader", "Nurse",
    "Doctor", "Pilot", "Teacher", "Principal", "Striker", "Goalkeeper", "Manager", "Driver", "Rider", "Founder",
    "Owner", "Student", "Resident", "Veteran", "Singer", "Actor", "Actress", "Commentator", "Seismologist",
    "Geologist", "Meteorologist", "Forecaster", "Epidemiologist", "Surgeon", "Physician", "Pharmacist", "Winger",
    "Forward", "Midfielder", "Boss", "Skipper", "Opener", "Bowler", "Goaltender", "Goalie", "Defenceman", "Defenseman",
    "Quarterback", "Pitcher", "Fullback", "Flanker", "Scrum-half", "Fly-half", "Wicketkeeper", "Sprinter", "Swimmer",
    "Cyclist", "Boxer", "Golfer", "Runner", "Trainer", "Rower", "Playmaker", "Batter",
    // Honorifics of South Asia, West Africa, the Philippines and Malaysia, and German ones.
    // (Not those that are also surnames, such as Obi, Eze, Tan, Yang or Sri.)
    "Shri", "Smt", "Shrimati", "Alhaji", "Alhaja", "Hajia", "Malam", "Mallam", "Advocate", "Adv", "Atty", "Engr", "YB",
    "Berhormat", "Herr", "Frau", "Aunty", "Auntie", "Uncle", "Fr", "Cr", "Reeve", "Ratu", "Roko",
]);

/// Letters written after a name, which are not part of it ("Amelia Strand QC").
static POSTNOMINALS: WordList = WordList::new(&[
    "MP", "MEP", "MSP", "MLA", "MS", "AM", "TD", "QC", "KC", "SC", "Jr", "Sr", "OBE", "MBE", "CBE", "KBE", "DBE",
    "PhD", "MD", "Esq", "II", "III",
]);

/// Words after which a capitalised run names a place or a body, not the speaker.
static PREPOSITIONS: WordList =
    WordList::new(&["of", "in", "from", "at", "near", "for", "on", "across", "outside", "inside", "to", "by"]);

/// Lower-case words that put a place after them ("in west Belfast", "rural Kansas").
static PLACE_ADJECTIVES: WordList = WordList::new(&[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "rural", "downtown",
    "inner", "outer", "upstate", "coastal", "neighbouring", "neighboring", "greater", "suburban",
]);

/// Tokens after which a new sentence (or quotation) starts.
static SENTENCE_OPENERS: WordList =
    WordList::new(&[".", "!", "?", "\"", "\u{201c}", "\u{201d}", ":", ";", "(", "\u{2014}"]);

/// Lower-case words that may sit inside a name.
static PARTICLES: WordList = WordList::new(&[
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le", "bin", "bint", "ibn",
    "al", "el", "ter", "zu", "ap", "ab", "ní", "nic", "ó", "ua", "ben", "bat", "abu", "y", "e", "van't", "op", "dela",
    "delos", "binti", "bte", "bt", "a/l", "a/p", "s/o", "d/o", "arap", "ten", "te",
]);

/// Capitalised words that start a sentence or name a group, never a person.
static NOT_NAMES: WordList = WordList::new(&[
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
    "Thus", "Instead", "Indeed", "Unions", "Farmers", "Workers", "Teachers", "Doctors", "Nurses", "Scientists",
    "Prosecutors", "Investigators", "Lawmakers", "Senators", "MPs", "TDs", "Councillors", "Scandinavian", "Malacañang",
    "Eurostat", "Families", "Parents", "Villagers", "Fishermen", "Traders", "Activists", "Campaigners", "Rescuers",
    "Our", "Their", "His", "Her", "Its", "My", "Your",
]);

/// Words that make a capitalised run the name of a body, not a person.
static BODY_WORDS: WordList = WordList::new(&[
    "Ministry", "Department", "Government", "Office", "Council", "Agency", "Commission", "Committee", "Union", "Bank",
    "Party", "Army", "Police", "Court", "Parliament", "Assembly", "House", "Organization", "Organisation", "Authority",
    "Institute", "University", "Association", "Company", "Group", "Forces", "Embassy", "Service", "Fund", "Nations",
    "Board", "Bureau", "Corporation", "Inc", "Ltd", "Times", "News", "Post", "Federation", "Coalition", "Alliance",
    "Movement", "Front", "Centre", "Center", "Foundation", "Network", "Council", "Senate", "Congress", "Cabinet",
    "Administration", "Palace", "Secretariat", "Mission", "Programme", "Program", "Watch", "International", "Agency",
    "Press", "Media", "Television", "Radio", "Club", "League", "Team", "Airlines", "Community", "Bloc", "Tribunal",
    "Regulator", "Exchange", "Museum", "Command", "Brigade", "Brigades", "Battalion", "Regiment", "Division", "Corps",
    "Fleet", "Militia", "Partners", "Holdings", "Capital", "Ventures", "Trust", "Society", "Charity", "Relief",
    "Rescue", "Brothers", "Bros", "Sons", "Co", "LLP", "PLC", "plc", "GmbH", "AG", "Motors", "Airways", "Systems",
    "Solutions", "Technologies", "Industries", "Construction", "Logistics", "Insurance", "Securities", "FC", "United",
    "Rovers", "Athletic", "Wanderers", "Albion", "Hotspur", "Rangers", "Town", "Associates", "Consulting", "Group's",
    "Labs", "Laboratories", "Pharmaceuticals", "Energy", "Mining", "Oil", "Gas", "Shipping", "Lines", "Records",
    "Studios", "Pictures", "Foods", "Farms", "Estates", "Properties", "Realty", "Hospital", "Clinic", "School",
    "College", "Academy", "Cathedral", "Mosque", "Trust's", "Cross", "Crescent", "Democrats", "Republicans",
    "Conservatives", "Socialists", "Liberals", "Greens", "Nationalists", "Unionists", "Tories", "Communists",
    "Islamists", "Rebels", "Guard", "Guards", "Railway", "Railways", "Railroad", "Wire", // Places.
    "County", "Province", "District", "Region", "Mountain", "Mountains", "Sea", "Ocean", "River", "Island", "Islands",
    "Valley", "Desert", "Gulf", "Peninsula", "Airport", "Port", "Harbour", "Square", "Street", "Avenue", "Unit",
    "Observatory", "Rail", "Line", "Frontières", "Frontieres", "Bhd", "Berhad", "Sdn", "Tbk", "SA", "NV", "BV", "Pty",
    "Limited", "Cobre", "Flyers", "Bulls", "Lions", "Tigers", "Eagles", "Sharks", "Stormers", "Kings", "Giants",
    "Bears", "Raiders", "Warriors", "Chiefs", "Blues", "Reds", "Saints", "Falcons", "Panthers", "Palace", "Malacañang",
    "Eurostat", "Institute", "Laboratory", "Centre's", "Survey", "Monitor", "Observatory's", "Brands", "Beverages",
    "Breweries", "Brewery", "Distillery", "Textiles", "Chemicals", "Electronics", "Telecom", "Telecoms", "Airline",
    "Pharma", "Minerals", "Metals", "Petroleum", "Investments", "Financial", "Bancorp", "Stores", "Supermarkets",
    "Hotels", "Resorts", "Cement", "Automotive", "Aerospace", "Enterprises", "Trading", "Software", "Networks",
    "Utilities", "Healthcare", "Biotech", "Therapeutics", "Publishing", "Entertainment", "Productions", "Partnership",
    "Cooperative", "Co-operative", "Dairies", // Sports bodies ("Athletics Kenya").
    "Athletics", "Cycling", "Rugby", "Cricket", "Football", "Tennis", "Hockey", "Swimming", "Rowing", "Netball",
    "Basketball", "Volleyball", "Boxing", "Sailing", // Bodies named in Spanish, Portuguese and French.
    "Grupo", "Banco", "Minera", "Compañía", "Companhia", "Empresa", "Société", "Compagnie", "Industrias",
    "Corporación", "Instituto", "Fundación", "Asociación", "Partido", "Ministerio", "Universidad",
    // Venues, ensembles, prizes, publications and landmarks named after people.
    "Theatre", "Theater", "Orchestra", "Band", "Choir", "Ensemble", "Quartet", "Opera", "Ballet", "Gallery", "Library",
    "Stadium", "Arena", "Way", "Road", "Bridge", "Chapel", "Prize", "Award", "Awards", "Medal", "Cup", "Trophy",
    "Festival", "Journal", "Gazette", "Herald", "Tribune", "Chronicle", "Magazine", "Mount", "Engineering",
    "Renewables", "Developments", "Homes", "Builders", "Contractors", "Solar", "Aviation", "Marine", "Freight",
    "Consultants", "Brouwerij", "Brouwerijen", "Brauerei", "Groep", "Gruppe", "Groupe", "Gruppo",
]);

/// Words that end the name of a place or a body ("Carnegie Hall", "Lutheran Church") but are
/// also surnames ("Stuart Hall", "Charlotte Church"): a body's only as the last of two words or
/// more, the first not a given name.
static LAST_BODY_WORDS: WordList = WordList::new(&["Hall", "Church", "Temple", "Gardens", "Mills", "Steel"]);

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
        let possessive = possessor(text).is_some() || text.ends_with("s'");
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

/// The word a singular possessive is made from: "Bouchard" for "Bouchard's" (or "Bouchard’s").
fn possessor(text: &str) -> Option<&str> {
    text.strip_suffix("'s").or_else(|| text.strip_suffix("\u{2019}s"))
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
        // "Muthusamy a/l Krishnan": the Malaysian particles `a/l`, `a/p` (and `s/o`, `d/o`)
        // stay whole.
        if let [.., letter, slash] = tokens.as_slice() {
            let adjacent = letter.end == slash.start && slash.end == start && slash.text == "/";
            if adjacent && PARTICLES.contains(&text[letter.start..end]) {
                let joined_start = letter.start;
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
    // Drop letters after the name: "Amelia Strand QC", "Tim Rowntree MP".
    let kept = run.iter().rposition(|t| t.is_word() && !POSTNOMINALS.contains(t.text)).map_or(0, |i| i + 1);
    let run = &run[..kept];
    // Drop everything up to the last title: "US State Department Spokesperson Morgan Ortagus".
    let after_title = run.iter().rposition(|t| TITLES.contains(t.text.trim_end_matches('.'))).map_or(0, |i| i + 1);
    let mut words: Vec<&Tok> = run[after_title..].iter().filter(|t| t.is_word()).collect();
    // A run ending in a country's name is a place or a body ("Mali and Burkina Faso have
    // warned", "Tennis Australia said"), unless it opens with a given name ("Michael Jordan").
    let joined = words.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
    let ends_in_country = gazetteer().mentions(&joined).last().is_some_and(|m| m.range.end == joined.len())
        || (words.len() > 1 && words.last().is_some_and(|t| gazetteer().is_country_word(t.text)));
    let given = words.len() > 1 && super::gender::is_given_name(words[0].text);
    let ends_in_body = words.len() > 1 && words.last().is_some_and(|t| LAST_BODY_WORDS.contains(t.text));
    if (ends_in_country || ends_in_body) && !given {
        return None;
    }
    // Drop leading country words ("Kenyan Amina Odhiambo", but not "Jordan Whitlock", which the
    // gazetteer reads as a person), prepositions and dates ("On Monday").
    while let Some(first) = words.first() {
        let rest = words.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
        // "South Korean Park Ji-hoon": a country's name or demonym of one or more words.
        let country = gazetteer()
            .mentions(&rest)
            .first()
            .filter(|m| m.range.start == 0 && rest[m.range.end..].starts_with(' ') && m.range.end >= first.text.len())
            .map(|m| rest[..m.range.end].split(' ').count());
        let noise = NOT_NAMES.contains(first.text) || PREPOSITIONS.contains(first.text.to_lowercase().as_str());
        if country.is_none() && !noise {
            break;
        }
        // All the words of a country's name ("South African").
        words.drain(..country.unwrap_or(1));
    }
    // At most four words besides particles ("Luis Fernando de la Cruz").
    let mut kept = 0;
    let mut from = words.len();
    while from > 0 && (kept < 4 || PARTICLES.contains(words[from - 1].text)) {
        from -= 1;
        kept += usize::from(!PARTICLES.contains(words[from].text));
    }
    if from > 0 && PARTICLES.contains(words[from].text) {
        from += 1;
    }
    words.drain(..from);
    // "Auctioneer Vernon Hadley said": a capitalised occupation the titles lack (by its ending),
    // before a given name.
    let occupation = |word: &str| {
        // (Not -ian or -ent, which end given names: Christian, Vincent.)
        const ENDINGS: [&str; 5] = ["eer", "ier", "ist", "ant", "ess"];
        word.len() > 5 && ENDINGS.iter().any(|e| word.ends_with(e)) && !super::gender::is_given_name(word)
    };
    if words.len() >= 3 && occupation(words[0].text) && super::gender::is_given_name(words[1].text) {
        words.remove(0);
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
    // Initials keep their full stop ("Harold T. Brennan"); the last word is no initial.
    let initial =
        |t: &Tok| t.text.len() == 1 && t.is_capitalised() && run.iter().any(|n| n.text == "." && n.start == t.end);
    let last = words.len() - 1;
    let name = words
        .iter()
        .enumerate()
        .map(|(k, t)| if k < last && initial(t) { format!("{}.", t.text) } else { t.text.to_string() })
        .collect::<Vec<_>>()
        .join(" ");
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
    // A run may start with a particle ("von Stein said") but not with a full stop, nor with a
    // particle that is also an English or Spanish word ("ten Mexican senators", "y").
    while start < end && (!tokens[start].is_word() || matches!(tokens[start].text, "ten" | "te" | "y" | "e" | "op")) {
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
    // "the Australian Grant Pettifer": a demonym before a person's full name.
    if gazetteer().is_country_word(tokens[start].text)
        && person_name(&tokens[start..end]).is_some_and(|n| n.contains(' '))
    {
        return false;
    }
    // "In Wajir": a capitalised preposition opening the sentence starts the run.
    if tokens[start].is_capitalised() && PREPOSITIONS.contains(&tokens[start].text.to_lowercase()) {
        return true;
    }
    let mut before = start;
    // Step back over coordinated runs: "in Andalusia and Catalonia".
    while before >= 2 && matches!(tokens[before - 1].text, "and" | "or") && is_name_word(&tokens[before - 2]) {
        before = run_before(tokens, before - 1);
    }
    before >= 1 && {
        let word = tokens[before - 1].text;
        // "In Wajir, ...": a preposition opening the sentence is capitalised.
        let preposition = PREPOSITIONS.contains(word)
            || (word.starts_with(char::is_uppercase) && PREPOSITIONS.contains(&word.to_lowercase()));
        preposition
            || word == "the"
            || word == "The"
            || PLACE_ADJECTIVES.contains(word)
            || preposition_before(tokens, before - 1).is_some_and(|_| names_a_body(&tokens[before - 1..before]))
    }
}

/// The `of`, `from` or `at` that a few lower-case words before token `at` (itself included)
/// follow: "NAME of the Atlantic Council", "NAME of the law firm Bindle Marsh".
fn preposition_before(tokens: &[Tok], at: usize) -> Option<usize> {
    let mut k = at;
    while k > 0
        && at - k < 4
        && tokens[k].is_word()
        && !tokens[k].is_capitalised()
        && !PREPOSITIONS.contains(tokens[k].text)
    {
        k -= 1;
    }
    matches!(tokens[k].text, "of" | "from" | "at").then_some(k)
}

/// The capitalised run (titles included) that starts at token `start`.
fn run_after(tokens: &[Tok], start: usize) -> usize {
    let mut end = start;
    while end < tokens.len() {
        let tok = &tokens[end];
        let particle = PARTICLES.contains(tok.text) && end > start;
        // "Sen.", and an initial's full stop before the rest of the name ("Harold T. Brennan").
        let abbreviation = tok.text == "."
            && end > start
            && (TITLES.contains(tokens[end - 1].text)
                || (tokens[end - 1].text.len() == 1
                    && tokens[end - 1].is_capitalised()
                    && tokens.get(end + 1).is_some_and(is_name_word)));
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
    /// Names the text gives to bodies (see [`bodies_in`]): never a speaker, wherever they are.
    pub bodies: Vec<String>,
}

/// The attributions, full names and unnamed speakers of `text`, from one pass of the lexer.
pub(crate) fn speech(text: &str) -> Speech {
    let tokens = lex(text);
    Speech {
        attributions: attributions_in(&tokens),
        full_names: full_names_in(&tokens),
        unnamed: unnamed_speakers_in(&tokens),
        bodies: bodies_in(&tokens),
    }
}

/// Names that the text says are bodies: after a noun such as `firm` or `militia` ("the broker
/// Crane Fairley", "the militia, Kata'ib al-Fajr,"), or with one heading a description after
/// them ("Hartley Brooks, the British engineering group,").
fn bodies_in(tokens: &[Tok]) -> Vec<String> {
    let mut bodies = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_word(&tokens[i]) {
            i += 1;
            continue;
        }
        let end = run_after(tokens, i);
        let before = |k: usize| i.checked_sub(k).map(|at| &tokens[at]);
        // "the militia, Kata'ib al-Fajr,": the phrase before the comma is headed by a body
        // noun (not "the head of the regulator, NAME,").
        let phrase_before = || {
            let comma = i - 1;
            let from = previous_comma(tokens, comma).map_or_else(|| sentence_start(tokens, comma), |c| c + 1);
            describe_a_body(&tokens[from..comma], &tokens[i..end])
        };
        let noun_before = before(1).is_some_and(|t| describe_a_body(std::slice::from_ref(t), &tokens[i..end]))
            || (before(1).is_some_and(|t| t.text == ",") && phrase_before());
        let described_after = tokens.get(end).is_some_and(|t| t.text == ",")
            && tokens.get(end + 1).is_some_and(|t| matches!(t.text, "the" | "a" | "an"))
            && {
                let part_end = (end + 1..tokens.len().min(end + 1 + MAX_APPOSITION))
                    .find(|&k| tokens[k].text == "," || SENTENCE_OPENERS.contains(tokens[k].text))
                    .unwrap_or(end + 1);
                describe_a_body(&tokens[end + 1..part_end], &tokens[i..end])
            };
        // "Morgan Whitfield, which is based in Ohio,": people take "who".
        let which =
            tokens.get(end).is_some_and(|t| t.text == ",") && tokens.get(end + 1).is_some_and(|t| t.text == "which");
        // "Goldberg Reyes said in a note ... Its economist wrote": a subject the next sentence
        // takes up with "Its".
        let its_next = || {
            // The sentence's subject, or in apposition to it ("The mine's owner, NAME, said").
            let between_commas =
                before(1).is_some_and(|t| t.text == ",") && tokens.get(end).is_some_and(|t| t.text == ",");
            // (The scan for the next sentence only for a run that opens its own.)
            let opens = between_commas || i == sentence_start(tokens, i);
            opens && {
                let stop =
                    (end..tokens.len().min(end + MAX_SENTENCE)).find(|&k| matches!(tokens[k].text, "." | "!" | "?"));
                let next = stop.and_then(|k| tokens[k + 1..].iter().find(|t| t.is_word()));
                next.is_some_and(|t| t.text == "Its") && person_name(&tokens[i..end]).is_some()
            }
        };
        if noun_before || described_after || which || its_next() {
            let words: Vec<&str> = tokens[i..end].iter().filter(|t| t.is_word()).map(|t| t.text).collect();
            bodies.push(words.join(" "));
        }
        // "Brennan Ó Dálaigh Engineering ... Brennan Ó Dálaigh said": a body's name without the
        // words that make it one is the body's too, unless it opens with a given name ("the
        // Eleanor Cormier Foundation" is named after a person who may speak).
        // (Most runs hold no body word: they are looked at no further.)
        if tokens[i..end].iter().any(|t| BODY_WORDS.contains(t.text)) {
            let words: Vec<&Tok> =
                tokens[i..end].iter().filter(|t| t.is_word()).skip_while(|t| NOT_NAMES.contains(t.text)).collect();
            if let Some(body_word) = words.iter().position(|t| BODY_WORDS.contains(t.text)) {
                let short = &words[..body_word];
                let given = short.first().is_some_and(|t| super::gender::is_given_name(t.text));
                if short.len() >= 2 && !given && short.iter().all(|t| t.is_capitalised() || PARTICLES.contains(t.text))
                {
                    bodies.push(short.iter().map(|t| t.text).collect::<Vec<_>>().join(" "));
                }
            }
        }
        i = end.max(i + 1);
    }
    bodies
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
                .find(|t| reporting::verb(t.text).is_some_and(|v| v.needs == Needs::Nothing));
            if let Some(verb) = verb {
                found.push(verb.start);
            }
        }
        i += 1;
    }
    found
}

/// Whether the verb at token `i` reports speech here: it needs nothing after it, or what it
/// needs follows (a reported clause or quotation, its particle, a noun of speech).
fn reports_speech(tokens: &[Tok], i: usize, verb: &Verb) -> bool {
    let next = |k: usize| tokens.get(i + k).map_or("", |t| t.text);
    match verb.needs {
        Needs::Nothing => true,
        Needs::Particle(particles) => particles.contains(&next(1)) || (next(1) == "it" && particles.contains(&next(2))),
        Needs::ParticleOrQuote(particles) => {
            particles.contains(&next(1))
                || (next(1) == "it" && particles.contains(&next(2)))
                || (1..=6)
                    .map(next)
                    .take_while(|t| !matches!(*t, "." | "!" | "?" | ";" | ""))
                    .any(|t| matches!(t, "\"" | "\u{201c}" | "'" | "\u{2018}"))
        }
        Needs::NotObject(objects) => {
            // The object's noun among the next few words ("defended her title", "claimed three
            // wickets").
            !(1..=3)
                .map_while(|k| tokens.get(i + k).filter(|t| t.is_word() && !t.is_capitalised()))
                .any(|t| objects.contains(&t.text))
        }
        Needs::SpeechNoun => (1..=4)
            .map_while(|k| tokens.get(i + k).filter(|t| t.is_word() && !t.is_capitalised()))
            .any(|t| reporting::SPEECH_NOUNS.contains(&t.text)),
        Needs::Clause { next: after, within } => {
            // "wrote to the minister", "wrote in a letter".
            if after.contains(&next(1)) {
                return true;
            }
            // "confirmed that", "revealed: ...", "defended the plan, saying", "described it as".
            let mut k = 1;
            while let Some(t) = tokens.get(i + k).filter(|_| k <= 8) {
                match t.text {
                    "that" | ":" | "\"" | "\u{201c}" => return true,
                    "." | "!" | "?" | ";" | "\u{201d}" => return false,
                    word if within.contains(&word) => return true,
                    _ => k += 1,
                }
            }
            false
        }
    }
}

/// Where the subject of the verb at `i` ends: before the adverbs and auxiliaries that stand
/// between them. `None` when the verb does not report the subject's words here: a passive
/// (`NAME was told`, `NAME is expected to`), a negation (`NAME did not say`), an `-ing` form
/// without a form of `be` (`NAME, speaking ...`), or a bare form with nothing to carry it.
fn subject_end(tokens: &[Tok], i: usize, verb: &Verb) -> Option<usize> {
    let mut end = i;
    // "NAME intervened to say", "NAME rose to ask whether": the subject is the leading verb's.
    if verb.form == Form::Base && i >= 2 && tokens[i - 1].text == "to" {
        let lead = if matches!(tokens[i - 2].text, "up" | "on") { i - 2 } else { i - 1 };
        if lead >= 1 && LEADING_VERBS.contains(tokens[lead - 1].text) {
            end = lead - 1;
        }
    }
    let mut nearest: Option<&str> = None;
    while end > 0 {
        let word = tokens[end - 1].text;
        if NEGATIONS.contains(word) {
            return None;
        }
        if AUXILIARIES.contains(word) {
            nearest.get_or_insert(word);
        } else if !ADVERBS.contains(word) {
            break;
        }
        end -= 1;
    }
    let be = nearest.is_some_and(|word| BE.contains(word));
    let ok = match verb.form {
        Form::Ing => be || after_with(tokens, end),
        Form::Past => !be,
        Form::Present | Form::Base => !be,
    };
    ok.then_some(end)
}

/// Whether the name that ends before token `end` follows `with`: "with Sen. NAME accusing the
/// agency of ...", where an `-ing` form reports the name's words without a form of `be`.
fn after_with(tokens: &[Tok], end: usize) -> bool {
    let start = (end.saturating_sub(MAX_NAME)..end)
        .rev()
        .take_while(|&k| is_name_word(&tokens[k]) || PARTICLES.contains(tokens[k].text) || tokens[k].text == ".")
        .last();
    start.is_some_and(|s| s > 0 && tokens[s - 1].text == "with" && tokens[s..end].iter().any(|t| t.is_word()))
}

/// The person a wire report quotes, for the `as` at token `as_at` before an `-ing` form: the
/// subject of `was quoted ... as` (`NAME, the spokesman, was quoted by PAP as saying`), or the
/// object of `quoted ... as` (`PAP quoted the spokesman, NAME, as saying`; `quoted him as`).
fn quoted_as(tokens: &[Tok], as_at: usize) -> Option<(usize, usize, Rule)> {
    let from = sentence_start(tokens, as_at);
    let quoted = (from..as_at).rev().find(|&k| matches!(tokens[k].text, "quoted" | "quotes" | "quoting"))?;
    if quoted >= 1 && matches!(tokens[quoted - 1].text, "was" | "were" | "is" | "are" | "been") {
        // The subject, before the auxiliary (and any description between commas).
        let mut end = quoted - 1;
        while end >= 1 && matches!(tokens[end - 1].text, "been" | "has" | "have" | "had") {
            end -= 1;
        }
        if end >= 1 && tokens[end - 1].text == "," {
            // "NAME, the chairman, was quoted"; or "The chairman, NAME, was quoted".
            let comma = previous_comma(tokens, end - 1)?;
            end = match is_description(&tokens[comma + 1..end - 1]) {
                true => comma,
                false => end - 1,
            };
        }
        let start = run_before(tokens, end);
        let pronoun = end >= 1 && PRONOUNS.contains(tokens[end - 1].text);
        return match pronoun {
            true => Some((end - 1, end, Rule::Pronoun)),
            false => (start < end && !is_place_like(tokens, start, end)).then_some((start, end, Rule::NameVerb)),
        };
    }
    // The object, right before "as" (after a description and a comma).
    let end = if tokens[as_at - 1].text == "," { as_at - 1 } else { as_at };
    if matches!(tokens[end - 1].text, "him" | "her") && end - 1 == quoted + 1 {
        return Some((end - 1, end, Rule::Pronoun));
    }
    let start = run_before(tokens, end);
    (start < end && start > quoted).then_some((start, end, Rule::NameVerb))
}

/// Where the name starts in a run `start..end` that follows a title and a preposition
/// ("MP for Leeds East Jane Hollis", "Minister of State Aruna Devi"): its last two words (three
/// with a particle), when the run has at least three. `None` otherwise.
fn name_after_place(tokens: &[Tok], start: usize, end: usize) -> Option<usize> {
    let titled = start >= 2
        && matches!(tokens[start - 1].text, "for" | "of")
        && TITLES.contains(tokens[start - 2].text.trim_end_matches('.'));
    let words: Vec<usize> = (start..end).filter(|&k| tokens[k].is_word()).collect();
    if !titled || words.len() < 3 {
        return None;
    }
    let first = words[words.len() - 2];
    Some(if first > start && PARTICLES.contains(tokens[first - 1].text) { first - 1 } else { first })
}

/// The first token of the sentence that token `at` is in (after the last full stop,
/// quotation mark or colon before it), looking back at most [`MAX_APPOSITION`] tokens.
fn sentence_start(tokens: &[Tok], at: usize) -> usize {
    let floor = at.saturating_sub(MAX_APPOSITION);
    (floor..at)
        .rev()
        .find(|&j| SENTENCE_OPENERS.contains(tokens[j].text) && !abbreviates(tokens, j))
        .map_or(floor, |j| j + 1)
}

/// Whether the full stop at token `j` ends an abbreviation or an initial, not a sentence:
/// "Sen. NAME", "Thomas J. Vandersloot", "D-Conn., asked".
fn abbreviates(tokens: &[Tok], j: usize) -> bool {
    let before = j.checked_sub(1).map(|b| &tokens[b]);
    let after = tokens.get(j + 1);
    tokens[j].text == "."
        && (after.is_some_and(|t| t.text == "," || (t.is_word() && !t.is_capitalised()))
            || before.is_some_and(|t| (t.text.len() == 1 && t.is_capitalised()) || TITLES.contains(t.text)))
}

/// The subject of the sentence that token `at` is in: its first run that names a person (not
/// after a preposition: "In Kampala, Rose Nakato, ..."), or a pronoun opening it. Returns the
/// run and whether it is a pronoun; `None` when the sentence names nobody before `at`.
fn sentence_subject(tokens: &[Tok], at: usize) -> Option<(usize, usize, bool)> {
    // Back over quotations inside the sentence: `NAME praised her for "holding the town
    // together", and said ...`.
    let mut start = sentence_start(tokens, at);
    let quote = |t: &Tok| matches!(t.text, "\"" | "\u{201c}" | "\u{201d}");
    let continues = |t: &Tok| t.text == "," || (t.is_word() && !t.is_capitalised());
    while start > 0 && quote(&tokens[start - 1]) && tokens.get(start).is_some_and(continues) {
        start = sentence_start(tokens, start - 1);
    }
    if PRONOUNS.contains(tokens[start].text) {
        return Some((start, start + 1, true));
    }
    // "Answering questions later, he rejected the criticism, saying": a pronoun after an
    // opening phrase of lower-case words.
    let opening = (start + 1..at).find(|&k| tokens[k].text == ",").filter(|&comma| {
        tokens[start + 1..comma].iter().all(|t| !t.is_word() || !t.is_capitalised() || ADVERBS.contains(t.text))
    });
    if let Some(comma) = opening {
        if tokens.get(comma + 1).is_some_and(|t| PRONOUNS.contains(t.text)) {
            return Some((comma + 1, comma + 2, true));
        }
    }
    let mut k = start;
    let mut bracketed = false;
    while k < at {
        match tokens[k].text {
            "(" => bracketed = true,
            ")" => bracketed = false,
            _ => {}
        }
        if bracketed || !is_name_word(&tokens[k]) {
            k += 1;
            continue;
        }
        let end = run_after(tokens, k).min(at);
        // "A spokesman for NAME said ... and urged": the subject is unnamed.
        if speaks_for_someone(tokens, k) {
            return None;
        }
        // "Henley Point's coach, NAME, praised": a possessive only determines the subject.
        let possessive = tokens.get(end).is_some_and(|t| t.is_capitalised() && possessor(t.text).is_some());
        // "The Argentine, who had beaten NAME, complained ..., saying": a demonym is the subject.
        let words: Vec<&str> =
            tokens[k..end].iter().filter(|t| t.is_word() && !NOT_NAMES.contains(t.text)).map(|t| t.text).collect();
        let the = matches!(tokens[k].text, "The" | "the") || (k > 0 && matches!(tokens[k - 1].text, "The" | "the"));
        if the && !words.is_empty() && gazetteer().is_country_word(&words.join(" ")) {
            return None;
        }
        if end > k && !possessive && !is_place_like(tokens, k, end) {
            if person_name(&tokens[k..end]).is_some() {
                return Some((k, end, false));
            }
            // The subject is a body: "Hartley Brooks, the engineering group, said ...,
            // describing".
            let described = tokens.get(end).is_some_and(|t| t.text == ",") && {
                let stop = (end + 1..at).find(|&j| tokens[j].text == ",").unwrap_or(at);
                names_a_body(&tokens[end + 1..stop])
            };
            if described || tokens[k..end].iter().any(|t| BODY_WORDS.contains(t.text)) {
                return None;
            }
        }
        k = end.max(k + 1);
    }
    None
}

/// The comma before token `at` in the same sentence, within [`MAX_APPOSITION`] tokens.
fn previous_comma(tokens: &[Tok], at: usize) -> Option<usize> {
    (sentence_start(tokens, at)..at).rev().find(|&j| tokens[j].text == ",")
}

/// Whether the tokens between two commas describe someone rather than name them: they hold a
/// lower-case word (not a particle), or are an age ("45").
fn is_description(part: &[Tok]) -> bool {
    // A US legislator's party and state: "NAME, D-Conn., asked".
    let words: Vec<&Tok> = part.iter().filter(|t| t.is_word()).collect();
    if let [word] = words.as_slice() {
        if word.text.len() > 2 && ["D-", "R-", "I-"].iter().any(|party| word.text.starts_with(party)) {
            return true;
        }
    }
    // Not a name after an article and a demonym: "Bangladesh's coach, the Australian Grant
    // Pettifer, said".
    if let Some(last) = part.last().filter(|t| is_name_word(t)) {
        let name = run_before(part, part.len());
        let only_article = part[..name].iter().all(|t| matches!(t.text, "the" | "a" | "an"));
        if last.is_word()
            && name < part.len()
            && only_article
            && person_name(&part[name..]).is_some_and(|n| n.contains(' '))
        {
            return false;
        }
    }
    // Not a person's name and where they are from: "Hiroshi Tanabe of Kyoto University".
    let name = part.iter().take_while(|t| is_name_word(t) || PARTICLES.contains(t.text)).count();
    let from = part.get(name).is_some_and(|t| PREPOSITIONS.contains(t.text));
    if name >= 2 && from && person_name(&part[..name]).is_some() {
        return false;
    }
    part.iter().any(|t| t.is_word() && !t.is_capitalised() && !is_name_word(t) && !PARTICLES.contains(t.text))
}

/// Whether the part `start..end` between commas is a description that ends in the person's
/// name: "Her rival, the businessman and former teacher NAME, told": it opens with a
/// determiner, and a lower-case noun (not a preposition) stands right before the name.
fn ends_in_described_name(tokens: &[Tok], start: usize, end: usize) -> bool {
    let name = run_before(tokens, end);
    name > start + 1
        && name < end
        && matches!(tokens[start].text, "the" | "a" | "an" | "The" | "A" | "An")
        && tokens[name - 1].is_word()
        && !tokens[name - 1].is_capitalised()
        && !PREPOSITIONS.contains(tokens[name - 1].text)
        && !matches!(tokens[name - 1].text, "and" | "or" | "who" | "whose" | "which")
        // Not the object of a preposition: "a partner at the Tallinn law firm NAME".
        && !tokens[start..name].iter().any(|t| PREPOSITIONS.contains(t.text))
        && !is_place_like(tokens, name, end)
        && person_name(&tokens[name..end]).is_some()
}

/// Whether the name starting at token `start` follows someone who speaks for it: `a
/// spokesman for Minister NAME`, `lawyers for NAME`, `an aide to NAME`.
fn speaks_for_someone(tokens: &[Tok], start: usize) -> bool {
    // Back over the rest of the principal's title: "a spokeswoman for Police and Crime
    // Commissioner NAME".
    let mut k = start;
    while k > 0 && start - k < 8 && (is_name_word(&tokens[k - 1]) || matches!(tokens[k - 1].text, "and" | "of" | "the"))
    {
        k -= 1;
    }
    // Perhaps after an adjective or two: "a spokeswoman for provincial Culture Minister NAME".
    let adjective = |t: &Tok| t.is_word() && !t.is_capitalised() && reporting::verb(t.text).is_none();
    for skipped in 0..=2 {
        let Some(j) = k.checked_sub(skipped) else { break };
        if j >= 2
            && tokens[j..k].iter().all(adjective)
            && matches!(tokens[j - 1].text, "for" | "of" | "to")
            && AGENTS.contains(tokens[j - 2].text)
        {
            return true;
        }
    }
    // "A spokesman for the trust's chairman, Sir NAME, said": the principal in apposition, a
    // role (not "A lawyer for the families, NAME, said", where NAME is the lawyer).
    k >= 2 && tokens[k - 1].text == "," && is_role_noun(tokens[k - 2].text) && {
        let from = sentence_start(tokens, k - 1);
        let phrase = &tokens[from..k - 1];
        phrase.iter().take(3).position(|t| AGENTS.contains(t.text)).is_some_and(|agent| {
            agent + 2 < phrase.len()
                && matches!(phrase[agent + 1].text, "for" | "of" | "to")
                && !phrase.iter().any(|t| t.text == ",")
        })
    }
}

/// Whether `words` (an apposition, or the word before a name) name a body: their head, the
/// last word before any preposition or relative clause, is a noun such as `firm`, `charity`
/// or `command` ("the engineering firm", "a charity that ..."; not "a member of the council").
fn names_a_body(words: &[Tok]) -> bool {
    head_noun(words).is_some_and(|head| BODY_NOUNS.contains(head))
}

/// Whether `words` describe the body named by `name`: headed by a body noun, or by a trade's
/// when the name does not open with a given name ("the broker Crane Fairley", not "Kwame
/// Asante, a wholesaler").
fn describe_a_body(words: &[Tok], name: &[Tok]) -> bool {
    let trade = || head_noun(words).is_some_and(|head| TRADE_NOUNS.contains(head));
    names_a_body(words) || (trade() && !opens_with_given_name(name))
}

/// Whether a run of name words opens with a given name of the lexicon ("Kwame Asante").
fn opens_with_given_name(name: &[Tok]) -> bool {
    name.iter().find(|t| t.is_word()).is_some_and(|t| super::gender::is_given_name(t.text))
}

/// The lower-case word that heads a noun phrase (its last before a preposition or a clause).
fn head_noun<'a>(words: &[Tok<'a>]) -> Option<&'a str> {
    // Up to a preposition, a relative clause or a participle ("the law firm representing
    // former employees", "the group based in Ohio").
    let head = words
        .iter()
        .enumerate()
        .take_while(|&(k, t)| {
            let participle = k > 1 && (t.text.ends_with("ing") || t.text == "based");
            !participle && !PREPOSITIONS.contains(t.text) && !matches!(t.text, "who" | "which" | "that" | "whose" | ",")
        })
        .map(|(_, t)| t)
        .filter(|t| t.is_word())
        .last();
    head.filter(|t| !t.is_capitalised()).map(|t| t.text)
}

fn attributions_in(tokens: &[Tok]) -> Vec<Attribution> {
    let mut found = Vec::new();
    // Records the person named by tokens `start..end`, attributed by `verb`.
    let mut push = |start: usize, end: usize, verb: &Tok, rule: Rule| {
        let run = &tokens[start..end];
        let name = match rule {
            Rule::Pronoun => Some(run[0].text.to_lowercase()),
            Rule::Description => Some(run[run.len() - 1].text.to_lowercase()),
            _ => person_name(run),
        };
        if let Some(name) = name {
            let range = run[0].start.min(verb.start)..run[run.len() - 1].end.max(verb.end);
            let before = start.checked_sub(1).map(|i| tokens[i].text);
            let sentence_initial = before.is_none_or(|t| SENTENCE_OPENERS.contains(t));
            // A title, a role before the name ("the forestry minister, Soeharjo, has said",
            // "Committee chairman Darmawan said") or a description after it ("Suryadi, an
            // economist at the University of Indonesia, said").
            let role = |t: &Tok| is_role_noun(t.text) || (!t.is_capitalised() && TITLES.contains(&capitalise(t.text)));
            let role_before = (start >= 1 && role(&tokens[start - 1]))
                || (start >= 2 && tokens[start - 1].text == "," && role(&tokens[start - 2]));
            let described_after = tokens.get(end).is_some_and(|t| t.text == ",")
                && tokens.get(end + 1).is_some_and(|t| {
                    matches!(t.text, "a" | "an" | "the") || t.text.bytes().all(|b| b.is_ascii_digit())
                });
            let described =
                role_before || described_after || run.iter().any(|t| TITLES.contains(t.text.trim_end_matches('.')));
            found.push(Attribution { name, rule, range, sentence_initial, described });
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
        let verb = reporting::verb(lower);
        // "NAME was quoted as saying", "the agency quoted NAME as saying", "quoted him as urging".
        if verb.is_some_and(|v| v.form == Form::Ing) && i >= 2 && tokens[i - 1].text == "as" {
            if let Some((start, end, rule)) = quoted_as(tokens, i - 1) {
                push(start, end, tok, rule);
                continue;
            }
        }
        if let Some(verb) = verb.filter(|verb| reports_speech(tokens, i, verb)) {
            // Walk left over adverbs and auxiliaries ("NAME has also told"), then an
            // apposition ("NAME, the foreign minister, said").
            // "NAME welcomed the pledge but said ...", "NAME congratulated him, writing that
            // ...": the verb's subject is the sentence's.
            let mut bare = i;
            while bare > 0 && ADVERBS.contains(tokens[bare - 1].text) {
                bare -= 1;
            }
            let coordinated = bare > 0
                && match tokens[bare - 1].text {
                    "and" | "but" => matches!(verb.form, Form::Past | Form::Present),
                    "," => verb.form == Form::Ing,
                    _ => false,
                };
            if coordinated {
                match sentence_subject(tokens, bare - 1) {
                    Some((start, subject_end, true)) => push(start, subject_end, tok, Rule::Pronoun),
                    Some((start, subject_end, false)) => push(start, subject_end, tok, Rule::NameVerb),
                    None => {}
                }
                continue;
            }
            let Some(mut end) = subject_end(tokens, i, &verb) else { continue };
            if end > 0 && PRONOUNS.contains(tokens[end - 1].text) {
                push(end - 1, end, tok, Rule::Pronoun);
                continue;
            }
            // "spoken with NAME, who had promised him that": a relative clause's verb is the
            // name's before the comma.
            let relative = end >= 2 && tokens[end - 1].text == "who" && tokens[end - 2].text == ",";
            if relative {
                let mut name_end = end - 2;
                // "NAME, 61, who has pleaded", "NAME, a women's rights activist, who said": an
                // age or a description between.
                if let Some(comma) = previous_comma(tokens, name_end) {
                    let part = &tokens[comma + 1..name_end];
                    let age = part.len() == 1 && part[0].text.bytes().all(|b| b.is_ascii_digit());
                    if (age || is_description(part)) && !names_a_body(part) && run_before(tokens, name_end) == name_end
                    {
                        name_end = comma;
                    }
                }
                let start = run_before(tokens, name_end);
                // ("who" makes a full name a person's even after a preposition: "the trial of NAME,
                // who has pleaded".)
                let person = name_end - start >= 2 && person_name(&tokens[start..name_end]).is_some();
                let place = !person && is_place_like(tokens, start, name_end);
                if start < name_end && !place && !speaks_for_someone(tokens, start) {
                    push(start, name_end, tok, Rule::NameVerb);
                }
                continue;
            }
            let (mut body, mut trade) = (false, false);
            if end > 0 && tokens[end - 1].text == "," {
                // Step back over descriptions between commas ("NAME, 45, a docker from Varna,
                // said"; "NAME, a fund manager at X, which owns Y, said").
                let mut cursor = end - 1;
                while let Some(comma) = previous_comma(tokens, cursor) {
                    let part = &tokens[comma + 1..cursor];
                    if !is_description(part) || ends_in_described_name(tokens, comma + 1, cursor) {
                        break;
                    }
                    // "NAME, the engineering firm, said": a body, not a person.
                    body |= names_a_body(part);
                    trade |= head_noun(part).is_some_and(|head| TRADE_NOUNS.contains(head));
                    cursor = comma;
                }
                if cursor < end - 1 {
                    end = cursor;
                } else if let Some(comma) = previous_comma(tokens, end - 1) {
                    // "Their skipper, NAME, insisted": the name is between the commas, unless it
                    // ends a longer description ("NAME, who farms near Ames, Iowa, says").
                    let sentence = sentence_start(tokens, comma);
                    // (The description must end in a place: not "In Juba, the spokeswoman,
                    // NAME, insisted".)
                    let clause = (sentence..comma).rev().find(|&j| {
                        tokens[j].text == ","
                            && j > 0
                            && is_name_word(&tokens[j - 1])
                            && !is_place_like(tokens, run_before(tokens, j), j)
                            && tokens.get(j + 1).is_some_and(|t| RELATIVE_OPENERS.contains(t.text))
                            && tokens[j + 1..comma].iter().any(|t| PREPOSITIONS.contains(t.text))
                    });
                    end = clause.unwrap_or(end - 1);
                } else {
                    end -= 1;
                }
            }
            if body {
                continue;
            }
            let mut start = run_before(tokens, end);
            if start == end {
                // "the senator said": someone the article has named, described.
                if let Some(head) = description_before(tokens, end) {
                    push(head, head + 1, tok, Rule::Description);
                    continue;
                }
            }
            // After a preposition the run is a place ("a resident of Martuni said", "officials
            // in Astana said"); the speaker is a name before it ("Lena Marchetti of Italy said"), if any.
            if start < end && is_place_like(tokens, start, end) {
                // "Labour MP for Leeds East Jane Hollis said": a title's place, then the name.
                if let Some(name) = name_after_place(tokens, start, end) {
                    push(name, end, tok, Rule::NameVerb);
                    continue;
                }
                // ("In Wajir said ..." opening the text: a place, and nobody before it.)
                if start == 0 {
                    continue;
                }
                end = start - 1;
                // "NAME of the Atlantic Fisheries Council warned", "NAME of the firm Bindle
                // Marsh said": step back to the preposition.
                end = preposition_before(tokens, end).unwrap_or(end);
                // "NAME of Tilbury, near London, says": a place and where it is.
                start = run_before(tokens, end);
                if start < end && is_place_like(tokens, start, end) {
                    continue;
                }
            }
            if start < end
                && !speaks_for_someone(tokens, start)
                && !describe_a_body(&tokens[start.saturating_sub(1)..start], &tokens[start..end])
                // "NAME, a wholesaler at the market, said": a trade is a person's with a given name.
                && (!trade || opens_with_given_name(&tokens[start..end]))
            {
                push(start, end, tok, Rule::NameVerb);
                // "NAME and NAME said": both (not "Avon and Somerset Police said").
                let person = person_name(&tokens[start..end]).is_some();
                if person && start >= 2 && tokens[start - 1].text == "and" {
                    let other = run_before(tokens, start - 1);
                    if other < start - 1 && !is_place_like(tokens, other, start - 1) {
                        push(other, start - 1, tok, Rule::NameVerb);
                    }
                }
                continue;
            }
        }
        if verb.is_some_and(|verb| verb.inverts && verb.form != Form::Ing) {
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
                let description_end = start;
                if start > i + 1 && tokens.get(start).is_some_and(|t| t.text == ",") {
                    start += 1;
                }
                let end = run_after(tokens, start);
                if end > start {
                    push(start, end, tok, Rule::VerbName);
                } else if let Some(head) = description_before(tokens, description_end) {
                    // "said the 24-year-old", with no name after it.
                    push(head, head + 1, tok, Rule::Description);
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
            // "MP for Leeds East Jane Hollis": the name is the run's end.
            i = name_after_place(tokens, i, end).unwrap_or(i);
            // A full name needs two words; most runs are one capitalised word opening a sentence.
            let words = tokens[i..end].iter().filter(|t| t.is_word()).take(2).count();
            let name = if words < 2 { None } else { person_name(&tokens[i..end]) };
            // "Ellen Bouchard's sugarhouse": a possessive surname ends a name too.
            let possessive = tokens.get(end).filter(|t| t.is_capitalised() && t.start == tokens[end - 1].end + 1);
            let mut range_end = tokens[end - 1].end;
            let name = name.or_else(|| {
                let surname = possessor(possessive?.text)?;
                let given = person_name(&tokens[i..end])?;
                // The mention runs to the surname, before its "'s".
                range_end = possessive?.start + surname.len();
                (!given.contains(' ') && !TITLES.contains(&given)).then(|| format!("{given} {surname}"))
            });
            if let Some(name) = name.filter(|n| n.contains(' ')) {
                let titled = tokens[i..end].iter().any(|t| TITLES.contains(t.text.trim_end_matches('.')));
                let before = i.checked_sub(1).map(|b| &tokens[b]);
                // "dairy farmer Gerrit Wouda", "barge captain Stefan Kohler": an occupation in lower case.
                let described_before =
                    before.is_some_and(|t| t.is_word() && !t.is_capitalised() && TITLES.contains(&capitalise(t.text)));
                let after = |k: usize| tokens.get(end + k).map(|t| t.text);
                let described_after = after(0) == Some(",")
                    && after(1).is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) || RELATIVE_OPENERS.contains(w));
                // "The youth team coach, NAME,": a description opening the sentence, before the
                // comma (not "Ouma said his nephew, NAME,").
                let described_apposition = before.is_some_and(|t| t.text == ",")
                    && i >= 2
                    && tokens[i - 2].is_word()
                    && !tokens[i - 2].is_capitalised()
                    && {
                        // The phrase before the comma opens with a determiner ("the head
                        // teacher, NAME,").
                        let from =
                            previous_comma(tokens, i - 1).map_or_else(|| sentence_start(tokens, i - 1), |c| c + 1);
                        matches!(
                            tokens[from].text,
                            "The" | "A" | "An" | "Its" | "Their" | "His" | "Her" | "Our" | "the" | "a" | "an"
                        )
                    };
                let described = titled || described_before || described_after || described_apposition;
                names.push(NameMention { name, range: tokens[i].start..range_end, described });
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    names
}

/// The person a wire story's second paragraph names in apposition to the description its first
/// gave: "The official, NAME, told ..." after "A senior official said ...". `opening` is the
/// second paragraph; returns the description's head noun ("official", "head" for "The head of
/// the board, NAME,") and the name.
pub(crate) fn named_in_apposition(opening: &str) -> Option<(String, String)> {
    if !opening.starts_with("The ") {
        return None;
    }
    let tokens = lex(opening);
    if tokens.first()?.text != "The" {
        return None;
    }
    let comma = tokens.iter().take(MAX_APPOSITION).position(|t| t.text == ",")?;
    let phrase = &tokens[1..comma];
    // Lower-case words, or a head with its "of" phrase ("The head of the board").
    let of = phrase.iter().position(|t| t.text == "of");
    let described = &phrase[..of.unwrap_or(phrase.len())];
    if described.is_empty() || described.iter().any(|t| t.is_capitalised() || !t.is_word()) {
        return None;
    }
    let head = described.last()?;
    // The name ends the apposition ("The official, Water and Energy Minister NAME,").
    let end = (comma + 1..tokens.len().min(comma + 1 + MAX_APPOSITION)).find(|&k| tokens[k].text == ",")?;
    let start = run_before(&tokens, end);
    let name = person_name(&tokens[start..end]).filter(|n| n.contains(' '))?;
    Some((head.text.to_string(), name))
}

/// Where a first paragraph reports the words of someone it only describes by `head`: the head
/// noun and, at most seven words on in the same sentence, a verb reporting speech ("A senior
/// official said", "the head of the state cocoa board said", "a senior politician saying"). The
/// range runs from the noun to the verb.
pub(crate) fn described_speech(lede: &str, head: &str) -> Option<Range<usize>> {
    let tokens = lex(lede);
    tokens.iter().enumerate().filter(|(_, t)| t.text == head).find_map(|(k, noun)| {
        let verb = (k + 1..tokens.len().min(k + 8))
            .take_while(|&j| !SENTENCE_OPENERS.contains(tokens[j].text))
            .find(|&j| reporting::verb(tokens[j].text).is_some_and(|v| reports_speech(&tokens, j, &v)))?;
        Some(noun.start..tokens[verb].end)
    })
}

/// A word with its first letter in upper case ("chairman" → "Chairman").
fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().into_iter().flat_map(char::to_uppercase).chain(chars).collect()
}

/// Resolves a name to the fullest form among `known` that ends with it (`Guterres` →
/// `Antonio Guterres`); a name with no such form, or with two different ones, stays as it is.
/// (To resolve many names against the same list, make [`Names`] once.)
pub fn resolve_name(name: &str, known: &[String]) -> String {
    Names::new(known).resolve(name)
}

/// The full names an article gives, lower-cased once, to resolve shorter forms against.
pub struct Names {
    known: Vec<String>,
    lowered: Vec<String>,
}

impl Names {
    /// The names of `known`, each once, in their first order.
    pub fn new(known: &[String]) -> Names {
        let mut seen = std::collections::HashSet::new();
        let known: Vec<String> = known.iter().filter(|k| seen.insert(k.as_str())).cloned().collect();
        let lowered = known.iter().map(|k| k.to_lowercase()).collect();
        Names { known, lowered }
    }

    /// The names, each once.
    pub fn known(&self) -> &[String] {
        &self.known
    }

    /// The fullest form of `name` among the names (see [`resolve_name`]).
    pub fn resolve(&self, name: &str) -> String {
        if self.known.is_empty() {
            return name.to_string();
        }
        let lower = name.to_lowercase();
        let (suffix, prefix, inner) = (format!(" {lower}"), format!("{lower} "), format!(" {lower} "));
        let lowered = &self.lowered;
        let pick =
            |keep: &dyn Fn(&str) -> bool| -> Vec<usize> { (0..lowered.len()).filter(|&i| keep(&lowered[i])).collect() };
        let mut fuller = pick(&|k| k.ends_with(&suffix));
        if fuller.is_empty() {
            // Surname first ("Wang" for Wang Lihua) or a given name ("Sir Malcolm", "Azlan").
            fuller = pick(&|k| k.starts_with(&prefix));
        }
        if fuller.is_empty() {
            // A first surname of two ("Medina" for Rafael Medina Castañeda).
            fuller = pick(&|k| k.split_whitespace().count() >= 3 && k.contains(&inner));
        }
        if fuller.is_empty() && !lower.contains([' ', '-']) {
            // The first part of a hyphenated given name ("Luc" for Luc-Étienne Bergeron).
            let hyphened = format!("{lower}-");
            fuller = pick(&|k| k.starts_with(&hyphened) && k.contains(' '));
        }
        let Some(&longest) = fuller.iter().max_by_key(|&&i| self.known[i].len()) else {
            return name.to_string();
        };
        // Two different people with that surname: leave the mention as written.
        let all_agree = fuller.iter().all(|&i| lowered[longest].ends_with(&lowered[i]));
        if all_agree {
            self.known[longest].clone()
        } else {
            name.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        attributions(text).into_iter().filter(|a| a.names()).map(|a| a.name).collect()
    }

    #[test]
    fn names_in_appositions_relative_clauses_and_after_honorifics() {
        // Surnames that are also titles elsewhere stay names; joined particles are no description.
        assert_eq!(names("A local teacher, Mary Obi, said the school was closed."), ["Mary Obi"]);
        assert_eq!(names("A military spokesman, Yahya al-Hamdani, said it would respond."), ["Yahya al-Hamdani"]);
        // A description that ends in the name.
        assert_eq!(
            names("Her rival, the businessman and former teacher Stephen Kilonzo Mwangangi, told reporters so."),
            ["Stephen Kilonzo Mwangangi"]
        );
        // A relative clause's verb is the name's before the comma.
        assert_eq!(
            names("He had spoken with Almonte, who had promised him that no guest would be harmed."),
            ["Almonte"]
        );
        // Not a place before the comma: "near Carletonville, a winch operator ..., NAME, said".
        assert_eq!(
            names("At a hostel near Carletonville, a winch operator from Lesotho, Teboho Molapo, said he was paid."),
            ["Teboho Molapo"]
        );
        for (text, name) in [
            ("Shri Gopal Ram Choudhary said the canal was late.", "Gopal Ram Choudhary"),
            ("Alhaji Abubakar Danladi said traders had lost everything.", "Abubakar Danladi"),
            ("Advocate Thandiwe Mkhize told the inquiry it was so.", "Thandiwe Mkhize"),
            ("Political analyst Teresita dela Paz said the ranks were angry.", "Teresita dela Paz"),
            ("In second place was South African Werner du Plessis, who said he was pleased.", "Werner du Plessis"),
        ] {
            assert_eq!(names(text), [name], "{text}");
        }
    }

    #[test]
    fn descriptions_and_pronouns_after_an_opening_phrase_are_found_for_the_caller() {
        let found = attributions("\"I didn't see it,\" said the 20-year-old. The shadow chancellor said no.");
        let described: Vec<(Rule, &str)> = found.iter().map(|a| (a.rule, a.name.as_str())).collect();
        assert_eq!(described, [(Rule::Description, "20-year-old"), (Rule::Description, "chancellor")]);
        // Not a body's or an unnamed agent's noun: "the spokesman said" refers to nobody named.
        assert!(attributions("The spokesman said no.").is_empty());
        let found =
            attributions("Answering questions later on Tuesday, he rejected the criticism, saying it was wrong.");
        assert_eq!(found.iter().map(|a| (a.rule, a.name.as_str())).collect::<Vec<_>>(), [(Rule::Pronoun, "he")]);
        // A stance verb after a quotation inverts too.
        assert_eq!(
            names("\"I found out from a login screen,\" wrote Priya Venkataraman, a designer."),
            ["Priya Venkataraman"]
        );
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
    fn reporting_verbs_in_every_tense_but_not_acts_passives_or_negations() {
        assert_eq!(names("Defence Secretary Alan Pryce has told MPs the fleet is ready."), ["Alan Pryce"]);
        assert_eq!(names("Inspector Ravi Patel is defending the decision to close the road."), ["Ravi Patel"]);
        assert_eq!(names("Rosa Delgado had revealed that the deal was off."), ["Rosa Delgado"]);
        assert_eq!(names("Martin Kline will argue that the case is weak."), ["Martin Kline"]);
        assert_eq!(names("Brigadier Samuel Okafor played down the threat."), ["Samuel Okafor"]);
        assert_eq!(names("The Reverend Thomas Ashby called for calm."), ["Thomas Ashby"]);
        assert_eq!(
            names("Elena Sokolova said Viktor Orlan had given the same message."),
            ["Elena Sokolova", "Viktor Orlan"]
        );
        // An `-ing` form after "with NAME" reports without a form of `be`.
        assert_eq!(
            names("Senators grilled officials, with Sen. Rosario Abad-Tiongco accusing the agency of sleeping."),
            ["Rosario Abad-Tiongco"]
        );
        for acts in [
            "Tomas Rieder won the match. Ana Pires was arrested. Oskar Lind resigned.",
            "Priya Nair was told to wait. Lee Wong is expected to sign. Jo Hart did not say.",
            "Carla Mendes defended her title. Ravi Shah confirmed his place in the final.",
            "Lehtinen wrote more than 200 works. Dana Cole claimed three wickets.",
            "Rain fell, with Mark Lowe watching from the stand. Tim Reyes, speaking little English, nodded.",
        ] {
            assert!(names(acts).is_empty(), "{acts}: {:?}", names(acts));
        }
    }

    #[test]
    fn initials_places_and_bodies_after_a_name_and_appositions_after_a_place() {
        assert_eq!(names("Judge Harold T. Brennan told jurors it would last weeks."), ["Harold T. Brennan"]);
        assert_eq!(
            names("Sen. Thomas J. Vandersloot, D-Conn., asked whether it was ready."),
            ["Thomas J. Vandersloot"]
        );
        assert_eq!(
            names("At the trial of Francis X. Moriarty, 61, who has pleaded not guilty, a clerk spoke."),
            ["Francis X. Moriarty"]
        );
        assert_eq!(
            names("In Wajir, the county's head of agriculture, Abdirahman Farah Warsame, says pastures are gone."),
            ["Abdirahman Farah Warsame"]
        );
        // A place opening the text, with nobody before it; a one-word part of letters and marks
        // (found by the fuzz test).
        assert!(names("In Wajir said the rains failed.").is_empty());
        assert!(names(",e\u{301}e\u{301},said").is_empty());
        assert_eq!(
            names("His lawyer, Helena Achterberg of the firm Bindle Marsh, said it opens the door."),
            ["Helena Achterberg"]
        );
        assert_eq!(
            names("His supervisor, Hiroshi Tanabe of Kyoto University, said in an email that she was stubborn."),
            ["Hiroshi Tanabe"]
        );
        assert_eq!(
            names("Vandersloot said Galvin-Roth had given the same figure in January."),
            ["Vandersloot", "Galvin-Roth"]
        );
        assert!(names("The developer, Vandermeer Whitlock Renewables of Des Moines, said work would begin.").is_empty());
    }

    #[test]
    fn wire_quotations_relative_clauses_after_descriptions_and_described_single_names() {
        assert_eq!(
            names("Senator Horacio Pereyra was quoted by a daily as saying that it was over."),
            ["Horacio Pereyra"]
        );
        assert_eq!(
            names("The PAP agency quoted the spokesman, Ryszard Majewski, as saying that strikes would hurt."),
            ["Ryszard Majewski"]
        );
        let found = attributions("In Najaf, aides to Ayatollah Ali al-Ghurayfi quoted him as urging calm.");
        assert!(found.iter().any(|a| a.name == "him" && a.rule == Rule::Pronoun), "{found:?}");
        assert!(names("Police quoted the report as saying the road was closed.").is_empty());
        assert_eq!(
            names("It was criticised by Raja Ben Slimane, a women's rights activist, who said it was wrong."),
            ["Raja Ben Slimane"]
        );
        assert_eq!(names("Amadou Konate read a statement on state television."), ["Amadou Konate"]);
        // Single names with a role before or a description after them; titles and particles.
        for (text, name) in [
            ("Committee chairman Darmawan said the figures were poor.", "Darmawan"),
            ("Suryadi, an economist at the university, said it would be judged.", "Suryadi"),
        ] {
            let found = attributions(text);
            assert!(found.iter().any(|a| a.name == name && a.described), "{found:?}");
        }
        assert_eq!(names("Fr Padraig Dolan and Reeve Marcel Gagnon said so."), ["Marcel Gagnon", "Padraig Dolan"]);
        assert_eq!(names("Willem ten Brink, a dairy farmer, said he had moved his cows."), ["Willem ten Brink"]);
        assert!(names("He met ten Mexican Senators said no.").is_empty());
        assert_eq!(
            names("The chairman, Benson Ndeti, was quoted by a newspaper as saying he did not know."),
            ["Benson Ndeti"]
        );
    }

    #[test]
    fn a_joined_verb_takes_the_subject_across_quotations_but_not_principals_possessives_or_demonyms() {
        assert_eq!(
            names("Fr Padraig Dolan, the parish priest, thanked her for \"holding the town together\", and said he would pray."),
            ["Padraig Dolan"]
        );
        for text in [
            "A spokesman for Transport Secretary Graham Kettle said it was \"monitored\" and urged calm.",
            "The Argentine, who had beaten Thijs Verhoeven before, complained it had \"changed the match\", saying so.",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        assert_eq!(
            names("Henley Point's coach, Mick Lorimer, praised the side and said it was good."),
            ["Mick Lorimer"]
        );
    }

    #[test]
    fn naming_reporting_leading_verbs_and_roles_in_apposition() {
        // "call" reports a quotation of what it names, not an act.
        assert_eq!(names("The critic Jean-Marc Kouassi called the film \"too long\"."), ["Jean-Marc Kouassi"]);
        assert!(names("Jean-Marc Kouassi called the police at once.").is_empty());
        // "report" with a reported clause; a verb leading "to say" or "to ask".
        assert_eq!(names("Our correspondent Frances Milburn reports that the mood is bitter."), ["Frances Milburn"]);
        assert_eq!(
            names("Dr Wilberforce Otieno Ochieng intervened to say that fuel was smuggled."),
            ["Wilberforce Otieno Ochieng"]
        );
        assert!(names("Ann Lee refused to say whether she would stand.").is_empty());
        // A single name in apposition to a role is a person's.
        let found = attributions("In Jakarta, the forestry minister, Soeharjo, has said licences will go.");
        assert!(found.iter().any(|a| a.name == "Soeharjo" && a.described), "{found:?}");
        // Particles and portfolio words.
        assert_eq!(
            names("The Majority Leader, Samuel Kiprono arap Chelimo, argued it was fair."),
            ["Samuel Kiprono arap Chelimo"]
        );
        assert_eq!(
            names("Deputy Minister of Planning and Investment Tran Thi Mai Huong said so."),
            ["Tran Thi Mai Huong"]
        );
        // An adjective before the principal's title; a firm after a preposition in the description.
        assert!(names("A spokeswoman for provincial Culture Minister Jacques Theriault said no.").is_empty());
        assert_eq!(
            names("Rasmus Ojasoo, a partner at the Tallinn law firm Ojasoo Lepik, said it was a warning."),
            ["Rasmus Ojasoo"]
        );
        // An article and a demonym before the name, after a possessive description.
        assert_eq!(names("Bangladesh's coach, the Australian Grant Pettifer, said he was calm."), ["Grant Pettifer"]);
    }

    #[test]
    fn descriptions_places_and_titles_between_name_and_verb() {
        assert_eq!(names("Mary O'Brien of Tilbury, near London, says the tide came in."), ["Mary O'Brien"]);
        assert_eq!(names("Ivan Petrov, 45, a docker from Varna, said he was worried."), ["Ivan Petrov"]);
        assert_eq!(
            names("Graham Ince, a fund manager at Lindqvist Ince, which owns shares, said so."),
            ["Graham Ince"]
        );
        assert_eq!(names("His barrister, Amelia Strand QC, told the court it was wrong."), ["Amelia Strand"]);
        assert_eq!(names("Labour MP for Leeds East Jane Hollis hit back at critics."), ["Jane Hollis"]);
        assert_eq!(names("Health Minister Datuk Seri Azlan bin Harun told parliament so."), ["Azlan bin Harun"]);
        assert_eq!(names("Ana Ruiz welcomed the pledge but said more was needed."), ["Ana Ruiz"]);
    }

    #[test]
    fn principals_bodies_and_demonyms_are_not_speakers() {
        for text in [
            "A spokesman for Minister Karl Weiss said the plan was sound.",
            "A spokeswoman for Police and Crime Commissioner Mark Penrose said he would act.",
            "Hartley Brooks, the engineering firm, said profits fell.",
            "Central Command said the strike hit. The Germans argued for delay. The Red Cross said so.",
            "Avon and Somerset Police said drugs were seized.",
            // A name ending in a country's; a trade's, without a given name.
            "Tennis Australia said it would appeal. Athletics Kenya says it has a policy.",
            "The broker Crane Fairley said the shares were cheap.",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
        // A subject that the next sentence takes up with "Its" is a body (which the caller drops).
        for (text, body) in [
            ("Goldberg Reyes said in a note that prices would rise. Its economist agreed.", "Goldberg Reyes"),
            ("The mine's owner, Alvarado Quispe, said it would dig. Its manager was on site.", "Alvarado Quispe"),
        ] {
            assert_eq!(speech(text).bodies, [body]);
        }
        // A body's name without the words that make it one (not when it opens with a given name).
        let text = "The manufacturer, Brennan Dalaigh Engineering, was late. The Eleanor Cormier Foundation said so.";
        assert_eq!(speech(text).bodies, ["Brennan Dalaigh Engineering", "Brennan Dalaigh"]);
        // A person: a given name before a trade, and a name the gazetteer lists as no country.
        assert_eq!(names("Kwame Asante, a wholesaler at the market, said prices rose."), ["Kwame Asante"]);
        assert_eq!(names("Michael Jordan said he would appeal."), ["Michael Jordan"]);
        // Venues and surnames: "Carnegie Hall said", but "Stuart Hall said" and "Park Ji-hoon said".
        assert!(names("Carnegie Hall said the concert was off. The Linacre Theatre said so too.").is_empty());
        assert_eq!(names("Stuart Hall said so. Park Ji-hoon said so."), ["Stuart Hall", "Park Ji-hoon"]);
        // The principal in apposition is a role; the agent's own name is not.
        assert!(names("A spokesman for the trust's chairman, Sir Roderick Penhaligon, said it would pay.").is_empty());
        assert_eq!(names("A lawyer for the families, Wambui Githinji, said they would appeal."), ["Wambui Githinji"]);
        // A description's head comes before a participle: "the law firm representing employees".
        assert!(names("Goldberg Reyes, the law firm representing former employees who say they were misled, said so.")
            .is_empty());
        // An occupation the titles lack, before a given name.
        assert_eq!(names("Auctioneer Vernon Hadley said the bidding was slow."), ["Vernon Hadley"]);
    }

    #[test]
    fn surnames_resolve_to_the_full_name() {
        let known = vec!["Antonio Guterres".to_string(), "Morgan Ortagus".to_string()];
        assert_eq!(resolve_name("Guterres", &known), "Antonio Guterres");
        assert_eq!(resolve_name("Aliyev", &known), "Aliyev");
        let known = vec!["Ursula von Stein".to_string()];
        assert_eq!(resolve_name("Von Stein", &known), "Ursula von Stein");
        assert_eq!(names("Later, von Stein said so."), ["von Stein"]);
        // The first part of a hyphenated given name; a Malaysian `a/l` stays in the name.
        assert_eq!(resolve_name("Luc", &["Luc-Étienne Bergeron".to_string()]), "Luc-Étienne Bergeron");
        assert_eq!(names("Driver Muthusamy a/l Krishnan, 45, said so."), ["Muthusamy a/l Krishnan"]);
        let names = |text| full_names(text).into_iter().map(|m| (m.name, m.described)).collect::<Vec<_>>();
        assert_eq!(names("as Prime Minister Nikol Pashinyan arrived"), [("Nikol Pashinyan".to_string(), true)]);
        assert_eq!(names("the Samoan negotiator Tavita Leaupepe came"), [("Tavita Leaupepe".to_string(), true)]);
        assert_eq!(
            names("Gerrit Wouda, 58, drove in El Paso"),
            [("Gerrit Wouda".into(), true), ("El Paso".into(), false)]
        );
    }
}
