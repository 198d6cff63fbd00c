//! Tests of the query language: parsing, errors and the atoms a query highlights.

use super::*;

fn word(text: &str) -> Query {
    Query::Word { field: QueryField::Text, text: text.into() }
}

fn phrase(text: &str, slop: u32) -> Query {
    Query::Phrase { field: QueryField::Text, text: text.into(), slop }
}

#[test]
fn parses_operators_with_and_binding_tighter() {
    assert_eq!(parse("a b OR c").unwrap(), Query::Or(vec![Query::And(vec![word("a"), word("b")]), word("c")]));
    assert_eq!(parse("a AND NOT b").unwrap(), Query::And(vec![word("a"), Query::Not(Box::new(word("b")))]));
    assert_eq!(
        parse("-(a OR b) de-escalate").unwrap(),
        Query::And(vec![Query::Not(Box::new(Query::Or(vec![word("a"), word("b")]))), word("de-escalate"),])
    );
}

#[test]
fn parses_fields_and_phrases() {
    assert_eq!(
        parse("country:\"United States\" speaker:Solberg").unwrap(),
        Query::And(vec![
            Query::Phrase { field: QueryField::Country, text: "United States".into(), slop: 0 },
            Query::Word { field: QueryField::Speaker, text: "Solberg".into() },
        ])
    );
    assert_eq!(parse("at 10:30").unwrap(), Query::And(vec![word("at"), word("10:30")]));
}

#[test]
fn parses_prefixes_fuzzy_words_and_proximity() {
    assert_eq!(parse("negotiat*").unwrap(), Query::Prefix { field: QueryField::Text, text: "negotiat".into() });
    assert_eq!(
        parse("title:Guteres~2").unwrap(),
        Query::Fuzzy { field: QueryField::Title, text: "Guteres".into(), distance: 2 }
    );
    assert_eq!(
        parse("Guteres~").unwrap(),
        Query::Fuzzy { field: QueryField::Text, text: "Guteres".into(), distance: 1 }
    );
    assert_eq!(parse("Guterres~0").unwrap(), word("Guterres"));
    assert_eq!(parse("\"ceasefire talks\"~5 x").unwrap(), Query::And(vec![phrase("ceasefire talks", 5), word("x")]));
    assert_eq!(parse("\u{201c}peace negotiat*\u{201d}").unwrap(), phrase("peace negotiat*", 0));
}

#[test]
fn parses_date_ranges() {
    let period = |text: &str| Some(text.parse::<Period>().unwrap());
    assert_eq!(parse("date:2019").unwrap(), Query::Date { from: period("2019"), to: period("2019") });
    assert_eq!(parse("date:2019-03..2020").unwrap(), Query::Date { from: period("2019-03"), to: period("2020") });
    assert_eq!(parse("date:2020..").unwrap(), Query::Date { from: period("2020"), to: None });
    assert_eq!(parse("DATE:..2019-06-30").unwrap(), Query::Date { from: None, to: period("2019-06-30") });
    assert_eq!(
        parse("-date:\"2020\"").unwrap(),
        Query::Not(Box::new(Query::Date { from: period("2020"), to: period("2020") }))
    );
}

#[test]
fn errors_point_at_the_problem() {
    let cases = [
        ("", 0),
        ("talks \"open", 6),
        ("(talks OR", 9),
        ("talks)", 5),
        ("OR talks", 0),
        ("speakr:Guterres", 0),
        ("talks country:", 6),
        ("a ()", 2),
        ("NOT", 3),
        ("talks *", 6),
        ("ne*go*", 2),
        ("neg*ate", 3),
        ("a n*", 2),
        ("talks ~", 6),
        ("Guteres~3", 8),
        ("Guteres~x", 7),
        ("ab~", 0),
        ("abcd~2", 0),
        ("\"ceasefire talks\"~", 17),
        ("\"ceasefire talks\"~101", 18),
        ("\"grain exp\"*", 11),
        ("\"peace n*\"", 7),
        ("country:Ken*", 11),
        ("date:2019-02-30", 5),
        ("date:2019..20x", 11),
        ("x date:..", 7),
        ("date:2021..2020", 5),
        ("date:", 0),
    ];
    for (query, column) in cases {
        let error = parse(query).unwrap_err();
        assert_eq!(error.column, column, "{query}: {}", error.message);
    }
    assert!(parse("talks \"open").unwrap_err().to_string().contains("\n        ^"));
    assert!(parse("date:2019-13").unwrap_err().message.contains("YYYY-MM"));
    assert!(parse("id:notes~").is_ok());
}

#[test]
fn atoms_leave_out_excluded_and_field_terms() {
    let query = parse("\"grain exports\" -strike title:port NOT (a -b)").unwrap();
    let exact = |terms: &[&str]| Atom::from(terms.iter().map(|t| t.to_string()).collect::<Vec<_>>());
    assert_eq!(query.positive_text_atoms(), vec![exact(&["grain", "exports"]), exact(&["b"])]);
}

#[test]
fn atoms_carry_marks_and_slop() {
    let atoms = parse("\"Antonio Guteres~\"~2 De-Esc* date:2020").unwrap().positive_text_atoms();
    let fuzzy = AtomTerm::Fuzzy { term: "guteres".into(), distance: 1 };
    assert_eq!(atoms[0], Atom { terms: vec![AtomTerm::Exact("antonio".into()), fuzzy], slop: 2 });
    assert_eq!(atoms[1], Atom { terms: vec![AtomTerm::Exact("de".into()), AtomTerm::Prefix("esc".into())], slop: 0 });
    assert_eq!(atoms.len(), 2);
}

#[test]
fn auto_fuzzy_leaves_short_words_phrases_and_fields_alone() {
    let tree = parse("Guteres in talks \"Guteres said\" country:Kenya").unwrap().with_auto_fuzzy();
    let Query::And(parts) = tree else { panic!("an AND") };
    assert_eq!(parts[0], Query::Fuzzy { field: QueryField::Text, text: "Guteres".into(), distance: 2 });
    assert_eq!(parts[1], word("in"));
    assert_eq!(parts[2], Query::Fuzzy { field: QueryField::Text, text: "talks".into(), distance: 1 });
    assert_eq!(parts[3], phrase("Guteres said", 0));
    assert_eq!(parts[4], Query::Word { field: QueryField::Country, text: "Kenya".into() });
}

#[test]
fn nesting_is_bounded_with_a_clear_error() {
    let grouped = |n: usize| format!("{}talks{}", "(".repeat(n), ")".repeat(n));
    assert!(parse(&grouped(MAX_NESTING)).is_ok());
    let error = parse(&grouped(MAX_NESTING + 1)).unwrap_err();
    assert!(error.message.contains("more than 64 deep"), "{error}");
    assert_eq!(error.column, MAX_NESTING, "the group that goes too deep (0-based): {error}");
    assert!(parse(&format!("{}talks", "NOT ".repeat(MAX_NESTING))).is_ok());
    assert!(parse(&format!("{}talks", "- ".repeat(MAX_NESTING + 1))).is_err());
    assert!(parse(&format!("{}talks", "+ ".repeat(10_000))).is_err());
}
