//! The filter keys of countries and speakers: the forms the index stores in its `country_key`,
//! `speaker_key` and `passage_speaker_key` fields, and a `--country` or `--speaker` filter looks
//! up. The writer and the query compiler both make them here, so they cannot drift apart.

use crate::analysis::terms;

/// The filter keys of a name: its analyzed full form and surname (`antonio guterres`, `guterres`).
pub(crate) fn name_keys(name: &str) -> Vec<String> {
    let full = speaker_key(name);
    let surname = name.split_whitespace().last().map(speaker_key).unwrap_or_default();
    let mut keys = vec![full];
    if !surname.is_empty() && !keys.contains(&surname) {
        keys.push(surname);
    }
    keys
}

/// The filter key of a speaker's name as written (`Antonio Guterres` → `antonio guterres`,
/// `Mensah-Boateng` → `mensah boateng`): what the index stores and a `--speaker` filter looks up.
pub(crate) fn speaker_key(name: &str) -> String {
    terms(name).join(" ")
}

/// The filter key of a country name.
pub(crate) fn country_key(name: &str) -> String {
    name.trim().to_lowercase()
}
