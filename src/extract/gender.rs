//! A person's grammatical gender, as an article shows it: by a title (`Mrs`, `Sir`), by a
//! given name that marks it (`given-names.txt`: `Victoria`, `Kofi`), or by a pronoun already
//! resolved to them. Pronoun attributions (`she said`) use it to find whom they refer to.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Given names and the gender they usually mark; names given to both are not listed.
const GIVEN_NAMES: &str = include_str!("given-names.txt");

/// A person's grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The gender of a pronoun attribution's pronoun (`he`, `she`).
    pub(crate) fn of_pronoun(pronoun: &str) -> Option<Gender> {
        match pronoun {
            "he" | "him" => Some(Gender::Male),
            "she" | "her" => Some(Gender::Female),
            _ => None,
        }
    }

    /// The gender a title before or at the start of a name mention gives ("Mrs Okafor",
    /// "Sir Malcolm Reid").
    pub(crate) fn of_title(body: &str, range: &Range<usize>) -> Option<Gender> {
        // The word before the mention (a title outside the name's run) and the mention's own.
        let mut from = range.start.saturating_sub(12);
        while !body.is_char_boundary(from) {
            from += 1;
        }
        let before = body[from..range.start].split_whitespace().last().unwrap_or("");
        let words = std::iter::once(before).chain(body[range.clone()].split_whitespace());
        words.map(|w| w.trim_end_matches('.')).find_map(|word| match word {
            "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Father" | "Brother" | "Baron" | "Congressman" | "Chairman"
            | "Businessman" | "Grandfather" | "Widower" | "Fisherman" | "Fr" | "Ayatollah" | "Sheikh" | "Imam"
            | "Mufti" | "Emir" | "Rabbi" | "Alhaji" | "Herr" | "Shri" | "Datuk" | "Tun" | "Haji" | "Ratu" => {
                Some(Gender::Male)
            }
            "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" | "Sister" | "Baroness"
            | "Congresswoman" | "Chairwoman" | "Businesswoman" | "Grandmother" | "Widow" | "Actress" | "Landlady"
            | "Smt" | "Shrimati" | "Frau" | "Datin" | "Hajah" | "Puan" | "Alhaja" | "Hajia" => Some(Gender::Female),
            _ => None,
        })
    }

    /// The gender the first word of a full name marks, when it is a given name that marks one
    /// ("Victoria Lang-Mortimer", "Kofi Mensah-Bright"; not "Alex Moreno").
    pub(crate) fn of_given_name(name: &str) -> Option<Gender> {
        // A full name only: one word may be a surname ("Rose", "Florence").
        let (first, _) = name.split_once(' ')?;
        given_names().get(first).copied()
    }
}

/// Whether a word is a given name of the lexicon ("Luc", "Victoria"), whatever its gender.
pub(crate) fn is_given_name(word: &str) -> bool {
    given_names().contains_key(word)
}

/// The lexicon of `given-names.txt`, read once.
fn given_names() -> &'static HashMap<&'static str, Gender> {
    static NAMES: OnceLock<HashMap<&'static str, Gender>> = OnceLock::new();
    NAMES.get_or_init(|| {
        GIVEN_NAMES
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| match line.split_once(' ')? {
                ("f", name) => Some((name.trim(), Gender::Female)),
                ("m", name) => Some((name.trim(), Gender::Male)),
                _ => None,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_given_names_mark_gender() {
        let body = "Sir Malcolm Reid met Mrs Okafor.";
        assert_eq!(Gender::of_title(body, &(4..17)), Some(Gender::Male));
        assert_eq!(Gender::of_title(body, &(25..31)), Some(Gender::Female));
        assert_eq!(Gender::of_given_name("Victoria Lang-Mortimer"), Some(Gender::Female));
        assert_eq!(Gender::of_given_name("Kofi Mensah-Bright"), Some(Gender::Male));
        // A surname alone, and given names of both genders, mark nothing.
        assert_eq!(Gender::of_given_name("Victoria"), None);
        assert_eq!(Gender::of_given_name("Alex Moreno"), None);
        assert_eq!(Gender::of_given_name("Jean Dupont"), None);
    }

    #[test]
    fn the_list_is_well_formed_and_leaves_out_names_of_both_genders() {
        let mut seen = std::collections::HashSet::new();
        for (number, line) in GIVEN_NAMES.lines().enumerate().filter(|(_, l)| !l.starts_with('#')) {
            let (gender, name) = line.split_once(' ').unwrap_or_else(|| panic!("line {}: {line:?}", number + 1));
            assert!(matches!(gender, "f" | "m"), "line {}: {line:?}", number + 1);
            assert!(name.starts_with(char::is_uppercase) && !name.contains(' '), "line {}: {line:?}", number + 1);
            assert!(seen.insert(name), "line {}: {name} is listed twice", number + 1);
        }
        for both in ["Alex", "Sam", "Jordan", "Jamie", "Kim", "Jean", "Andrea", "Nicola", "Sasha", "Ali", "Joan"] {
            assert!(!seen.contains(both), "{both} is given to both genders");
        }
    }
}
