//! Planning an incremental push: what the engine must be sent and what it must drop so that
//! it holds exactly the local index's articles, none lost, none doubled.
//!
//! The engine itself is the record of what was pushed: every document carries its article's
//! key and version (`article_key`, `article_hash`, see [`super::document`]), so a push lists
//! the engine's article documents and compares them with the local articles. Nothing is kept
//! on the side that could drift from the engine (a push that was interrupted, a push from
//! another machine, documents loaded by hand are all seen as they are).
//!
//! Per article key, with the local version `v` (if the article is local) and the versions the
//! engine holds (each with how many article documents carry it):
//!
//! | local | engine | plan |
//! |---|---|---|
//! | `v` | `v` once, nothing else | unchanged |
//! | `v` | nothing | send (added) |
//! | `v` | other versions, not `v` | send, remove the other versions (changed) |
//! | `v` | `v` once, and other versions | remove the other versions (a change whose removal did not finish) |
//! | `v` | `v` more than once | remove `v` and every other version, then send again (doubled: a request that was sent twice) |
//! | none | any | remove every version (removed) |
//!
//! Removing by version is safe whatever the order: a removal names the versions to drop, so
//! the documents of the version being sent are never caught by it. Only a doubled version is
//! removed and sent again, and the sending must wait until the removal is done.

use std::collections::{BTreeMap, BTreeSet};

/// A local article, as a push sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalArticle {
    /// Its id.
    pub id: String,
    /// Its key in the engine (`article_key`).
    pub key: String,
    /// Its version (`article_hash`).
    pub version: String,
}

/// The versions of one article the engine holds: for each, how many article documents carry
/// it (1 when all is well).
pub type RemoteVersions = BTreeMap<String, u64>;

/// What a push does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushPlan {
    /// Ids of the articles whose documents are sent now.
    pub send: Vec<String>,
    /// Ids of the articles whose documents are sent again once `remove` is done (they were
    /// doubled in the engine).
    pub resend: Vec<String>,
    /// The versions to remove: article key and version.
    pub remove: Vec<(String, String)>,
    /// Articles the engine did not have.
    pub added: u64,
    /// Articles the engine had in another version.
    pub changed: u64,
    /// Articles the engine had that the index no longer has.
    pub removed: u64,
    /// Articles the engine held doubled.
    pub doubled: u64,
    /// Articles the engine holds as they are.
    pub unchanged: u64,
}

impl PushPlan {
    /// Whether the engine already holds exactly the local articles.
    pub fn is_empty(&self) -> bool {
        self.send.is_empty() && self.resend.is_empty() && self.remove.is_empty()
    }
}

/// Plans a push of the `local` articles to an engine holding `remote` (versions by article
/// key). The plan lists articles in the order of `local`, and removals by key and version.
pub fn plan(local: impl IntoIterator<Item = LocalArticle>, remote: &BTreeMap<String, RemoteVersions>) -> PushPlan {
    let mut plan = PushPlan::default();
    let mut seen = BTreeSet::new();
    for article in local {
        seen.insert(article.key.clone());
        let none = RemoteVersions::new();
        let versions = remote.get(&article.key).unwrap_or(&none);
        let others = versions.keys().filter(|v| **v != article.version);
        let remove_others = |plan: &mut PushPlan| {
            for version in others.clone() {
                plan.remove.push((article.key.clone(), version.clone()));
            }
        };
        match versions.get(&article.version).copied().unwrap_or(0) {
            0 => {
                if versions.is_empty() {
                    plan.added += 1;
                } else {
                    plan.changed += 1;
                    remove_others(&mut plan);
                }
                plan.send.push(article.id);
            }
            1 => {
                if versions.len() == 1 {
                    plan.unchanged += 1;
                } else {
                    plan.changed += 1;
                    remove_others(&mut plan);
                }
            }
            _ => {
                plan.doubled += 1;
                plan.remove.push((article.key.clone(), article.version.clone()));
                remove_others(&mut plan);
                plan.resend.push(article.id);
            }
        }
    }
    for (key, versions) in remote {
        if !seen.contains(key) {
            plan.removed += 1;
            plan.remove.extend(versions.keys().map(|version| (key.clone(), version.clone())));
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(id: &str, version: &str) -> LocalArticle {
        LocalArticle { id: id.to_string(), key: format!("k-{id}"), version: version.to_string() }
    }

    fn remote(entries: &[(&str, &[(&str, u64)])]) -> BTreeMap<String, RemoteVersions> {
        entries
            .iter()
            .map(|(id, versions)| {
                (format!("k-{id}"), versions.iter().map(|(v, n)| (v.to_string(), *n)).collect::<RemoteVersions>())
            })
            .collect()
    }

    fn pair(id: &str, version: &str) -> (String, String) {
        (format!("k-{id}"), version.to_string())
    }

    #[test]
    fn a_first_push_sends_everything_and_a_second_nothing() {
        let articles = [local("a", "1"), local("b", "2")];
        let first = plan(articles.clone(), &BTreeMap::new());
        assert_eq!(first.send, ["a", "b"]);
        assert_eq!((first.added, first.unchanged), (2, 0));
        assert!(first.remove.is_empty() && first.resend.is_empty());
        let second = plan(articles, &remote(&[("a", &[("1", 1)]), ("b", &[("2", 1)])]));
        assert!(second.is_empty(), "{second:?}");
        assert_eq!(second.unchanged, 2);
    }

    #[test]
    fn changed_added_and_removed_articles_are_planned_by_version() {
        let engine = remote(&[("a", &[("1", 1)]), ("b", &[("2", 1)]), ("gone", &[("9", 1)])]);
        let plan = plan([local("a", "1"), local("b", "3"), local("new", "4")], &engine);
        assert_eq!(plan.send, ["b", "new"]);
        assert_eq!(plan.remove, [pair("b", "2"), pair("gone", "9")]);
        assert_eq!((plan.unchanged, plan.changed, plan.added, plan.removed), (1, 1, 1, 1));
        assert!(plan.resend.is_empty());
    }

    #[test]
    fn an_unfinished_removal_is_finished_without_sending_again() {
        // The new version arrived, the removal of the old one did not.
        let plan = plan([local("a", "2")], &remote(&[("a", &[("1", 1), ("2", 1)])]));
        assert!(plan.send.is_empty() && plan.resend.is_empty());
        assert_eq!(plan.remove, [pair("a", "1")]);
        assert_eq!(plan.changed, 1);
    }

    #[test]
    fn a_doubled_article_is_removed_whole_and_sent_again() {
        let plan = plan([local("a", "2")], &remote(&[("a", &[("1", 1), ("2", 2)])]));
        assert!(plan.send.is_empty());
        assert_eq!(plan.resend, ["a"]);
        assert_eq!(plan.remove, [pair("a", "2"), pair("a", "1")]);
        assert_eq!(plan.doubled, 1);
    }

    #[test]
    fn after_the_plan_the_engine_holds_each_local_article_once() {
        // Apply plans to a simulated engine for random local and remote states: afterwards
        // the engine holds exactly the local versions, once each.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..500 {
            let ids = ["a", "b", "c", "d", "e"];
            let mut local_articles = Vec::new();
            for id in ids {
                if next(4) > 0 {
                    local_articles.push(local(id, &next(3).to_string()));
                }
            }
            let local = local_articles;
            let mut engine: BTreeMap<String, RemoteVersions> = BTreeMap::new();
            for id in ids {
                for version in 0..3 {
                    let copies = [0, 0, 1, 1, 2][next(5) as usize];
                    if copies > 0 {
                        engine.entry(format!("k-{id}")).or_default().insert(version.to_string(), copies);
                    }
                }
            }
            let plan = plan(local.clone(), &engine);
            for (key, version) in &plan.remove {
                let versions = engine.get_mut(key).unwrap();
                versions.remove(version);
            }
            engine.retain(|_, versions| !versions.is_empty());
            for id in plan.send.iter().chain(&plan.resend) {
                let article = local.iter().find(|a| &a.id == id).unwrap();
                *engine.entry(article.key.clone()).or_default().entry(article.version.clone()).or_default() += 1;
            }
            let expected: BTreeMap<String, RemoteVersions> =
                local.iter().map(|a| (a.key.clone(), [(a.version.clone(), 1)].into_iter().collect())).collect();
            assert_eq!(engine, expected, "{plan:?}");
        }
    }
}
