//! Wire copies: the detection measured on an evaluation set with known answers (see
//! `benches/support/copies.rs`), with floors set from the measurement.

#[path = "../../benches/support/generator.rs"]
#[allow(dead_code)]
mod generator;

#[path = "../../benches/support/copies.rs"]
#[allow(dead_code)]
mod copies;

use dateline::duplicates::{clusters, Item, Signature, DEFAULT_THRESHOLD};

/// Pair precision and recall must stay at or above these. Measured on this set (400 stories,
/// seed 11): 1.0 and 1.0; the targets are 0.98 and 0.95.
const PRECISION_FLOOR: f64 = 0.99;
const RECALL_FLOOR: f64 = 0.98;

/// A number that orders `YYYY-MM-DD` dates.
fn day(date: &str) -> i64 {
    let parts: Vec<i64> = date.split('-').map(|p| p.parse().unwrap()).collect();
    parts[0] * 372 + parts[1] * 31 + parts[2]
}

#[test]
fn copies_are_found_and_hard_non_copies_kept_apart() {
    let set = copies::evaluation_set(400, 11);
    let items: Vec<Item<usize>> = set
        .iter()
        .enumerate()
        .map(|(i, article)| Item { key: i, day: day(&article.date), signature: Signature::of(&article.body) })
        .collect();
    let found = clusters(&items, DEFAULT_THRESHOLD);
    // Every article its own label, then one per cluster.
    let mut label: Vec<usize> = (0..set.len()).map(|i| set.len() + i).collect();
    for (c, cluster) in found.iter().enumerate() {
        for member in &cluster.members {
            label[member.key] = c;
        }
    }
    let (precision, recall, predicted, true_pairs) = copies::pair_scores(&set, &label);
    println!(
        "{} articles, {} true pairs, {predicted} predicted: precision {precision:.4}, recall {recall:.4}",
        set.len(),
        true_pairs
    );
    // Recall by the way each copy was made: is it in its original's cluster?
    let original_of = |story: usize| set.iter().position(|a| a.story == story && a.kind == "original").unwrap();
    let mut kinds: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (i, article) in set.iter().enumerate() {
        let entry = kinds.entry(article.kind).or_default();
        entry.1 += 1;
        let joined = match article.kind {
            "original" | "follow-up" | "shared-quote" | "template" => {
                // Non-copies: counted as right when they are in no cluster with another story.
                set.iter().enumerate().all(|(j, other)| j == i || label[j] != label[i] || other.story == article.story)
            }
            _ => label[i] == label[original_of(article.story)],
        };
        entry.0 += joined as usize;
    }
    for (kind, (right, all)) in &kinds {
        println!("  {kind:<16} {right}/{all}");
    }
    assert!(precision >= PRECISION_FLOOR, "precision {precision:.4} below {PRECISION_FLOOR}");
    assert!(recall >= RECALL_FLOOR, "recall {recall:.4} below {RECALL_FLOOR}");
}
