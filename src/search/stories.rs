//! Counting stories instead of articles (`--dedup`): one article per cluster of near-duplicates
//! (see [`crate::duplicates`]), chosen among the articles that match.
//!
//! A request is run twice. The first pass sees every match and chooses, for each cluster with a
//! matching article, the member that stands for the story: the best-ranked one for hits, the
//! earliest one for counts (so a timeline counts a story once, in the bucket of its earliest
//! matching article). The second pass runs the request's own collector through
//! [`OnePerStory`], which passes on only the documents of articles that are in no cluster or
//! that were chosen. Articles in no cluster are stories of their own and pass untouched, so
//! without clusters the answers are those of a search without `--dedup`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{Bm25StatisticsProvider, Query as TantivyQuery};
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::duplicates::Cluster;
use crate::error::Result;
use crate::index::copies::stored_clusters;
use crate::index::manifest::column_strings;
use crate::index::schema::{field, Fields};

use super::Index;

/// The (cluster, rank) of each `article_id` ordinal of a segment.
type Places = Arc<Vec<(u32, u32)>>;

/// No cluster (or no member chosen).
const NONE: u32 = u32::MAX;

/// The clusters of one commit, and where each clustered article is in them.
pub(crate) struct Stories {
    pub(crate) clusters: Vec<Cluster<String>>,
    /// Each clustered article's (cluster, rank): its cluster's index in `clusters`, and its
    /// place there (0 for the representative).
    place: HashMap<String, (u32, u32)>,
    /// Per segment, the place of each `article_id` ordinal (`(NONE, NONE)` for none).
    segments: Mutex<HashMap<SegmentId, Places>>,
}

impl Stories {
    /// Reads the clusters of the commit `searcher` reads.
    pub(crate) fn load(searcher: &Searcher, fields: &Fields) -> Result<Stories> {
        let clusters = stored_clusters(searcher, fields)?;
        let mut place = HashMap::new();
        for (c, cluster) in clusters.iter().enumerate() {
            for (rank, member) in cluster.members.iter().enumerate() {
                place.insert(member.key.clone(), (c as u32, rank as u32));
            }
        }
        Ok(Stories { clusters, place, segments: Mutex::default() })
    }

    /// Whether the commit has no clusters: every article is a story of its own.
    pub(crate) fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }

    /// The cluster and rank of the article `id`, if it has copies.
    pub(crate) fn place(&self, id: &str) -> Option<(usize, usize)> {
        self.place.get(id).map(|&(c, rank)| (c as usize, rank as usize))
    }

    /// The places of a segment's articles, by `article_id` ordinal (made once per segment).
    fn of_segment(&self, reader: &SegmentReader) -> tantivy::Result<SegmentStories> {
        let ids = reader.fast_fields().str(field::ARTICLE_ID)?;
        let key = reader.segment_id();
        let cached = self.segments.lock().expect("the segment cache is never poisoned").get(&key).cloned();
        let by_ord = match cached {
            Some(by_ord) => by_ord,
            None => {
                let by_ord = match &ids {
                    Some(ids) if !self.place.is_empty() => column_strings(ids)
                        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?
                        .iter()
                        .map(|id| self.place.get(id.as_str()).copied().unwrap_or((NONE, NONE)))
                        .collect(),
                    _ => Vec::new(),
                };
                let by_ord = Arc::new(by_ord);
                self.segments.lock().expect("the segment cache is never poisoned").insert(key, by_ord.clone());
                by_ord
            }
        };
        Ok(SegmentStories { ids, by_ord })
    }
}

/// Where a segment's documents (articles and passages alike) are in the clusters.
struct SegmentStories {
    ids: Option<StrColumn>,
    by_ord: Arc<Vec<(u32, u32)>>,
}

impl SegmentStories {
    /// The (cluster, rank) of the article of document `doc`, if it has copies.
    fn place(&self, doc: DocId) -> Option<(u32, u32)> {
        if self.by_ord.is_empty() {
            return None;
        }
        let ord = self.ids.as_ref()?.term_ords(doc).next()?;
        self.by_ord.get(ord as usize).copied().filter(|&(c, _)| c != NONE)
    }
}

/// Which matching member stands for its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// The one with the best-scoring document (ties: the earliest): what hits show.
    Best,
    /// The earliest (by date, then id): what counts count.
    Earliest,
}

/// The members chosen for each cluster with a match, and the matching members of each.
pub(crate) struct Chosen {
    /// Per cluster: the rank of the chosen member, or `NONE` when no member matches.
    member: Arc<Vec<u32>>,
    /// Per cluster: the ranks of its matching members, in rank order.
    matching: Vec<Vec<u32>>,
}

impl Chosen {
    /// The ranks of the matching members of cluster `c`.
    pub(crate) fn matching_members(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        self.matching[c].iter().map(|&rank| rank as usize)
    }

    /// The ranks of the matching members of cluster `c` other than the chosen one.
    pub(crate) fn others(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let chosen = self.member[c];
        self.matching[c].iter().filter(move |&&rank| rank != chosen).map(|&rank| rank as usize)
    }
}

/// The first pass: for each cluster, its matching members and the one chosen by `pick`.
pub(crate) struct ChooseMembers {
    pub(crate) stories: Arc<Stories>,
    pub(crate) pick: Pick,
}

pub(crate) struct SegmentChooseMembers {
    places: SegmentStories,
    /// Per cluster met: the best (score, rank), and every matching rank.
    found: HashMap<u32, ((Score, u32), Vec<u32>)>,
    pick: Pick,
}

/// Whether (score, rank) `a` is better than `b` for `pick`.
fn better(pick: Pick, a: (Score, u32), b: (Score, u32)) -> bool {
    match pick {
        Pick::Best => a.0 > b.0 || (a.0 == b.0 && a.1 < b.1),
        Pick::Earliest => a.1 < b.1,
    }
}

impl Collector for ChooseMembers {
    type Fruit = Chosen;
    type Child = SegmentChooseMembers;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentChooseMembers> {
        Ok(SegmentChooseMembers { places: self.stories.of_segment(reader)?, found: HashMap::new(), pick: self.pick })
    }

    fn requires_scoring(&self) -> bool {
        self.pick == Pick::Best
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<u32, ((Score, u32), Vec<u32>)>>) -> tantivy::Result<Chosen> {
        let n = self.stories.clusters.len();
        let mut best: Vec<Option<(Score, u32)>> = vec![None; n];
        let mut matching: Vec<Vec<u32>> = vec![Vec::new(); n];
        for fruit in fruits {
            for (c, (candidate, ranks)) in fruit {
                let slot = &mut best[c as usize];
                if slot.is_none_or(|kept| better(self.pick, candidate, kept)) {
                    *slot = Some(candidate);
                }
                matching[c as usize].extend(ranks);
            }
        }
        for ranks in &mut matching {
            ranks.sort_unstable();
            ranks.dedup();
        }
        let member = Arc::new(best.into_iter().map(|b| b.map_or(NONE, |(_, rank)| rank)).collect());
        Ok(Chosen { member, matching })
    }
}

impl SegmentCollector for SegmentChooseMembers {
    type Fruit = HashMap<u32, ((Score, u32), Vec<u32>)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some((c, rank)) = self.places.place(doc) else { return };
        let pick = self.pick;
        let entry = self.found.entry(c).or_insert_with(|| ((score, rank), Vec::new()));
        if better(pick, (score, rank), entry.0) {
            entry.0 = (score, rank);
        }
        if entry.1.last() != Some(&rank) {
            entry.1.push(rank);
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.found
    }
}

/// The second pass: `inner`, given only the documents of articles in no cluster and of the
/// chosen members.
pub(crate) struct OnePerStory<'a, C> {
    pub(crate) inner: C,
    pub(crate) stories: &'a Stories,
    pub(crate) chosen: &'a Chosen,
}

pub(crate) struct SegmentOnePerStory<C> {
    inner: C,
    places: SegmentStories,
    member: Arc<Vec<u32>>,
}

impl<C: Collector> Collector for OnePerStory<'_, C> {
    type Fruit = C::Fruit;
    type Child = SegmentOnePerStory<C::Child>;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentOnePerStory {
            inner: self.inner.for_segment(segment, reader)?,
            places: self.stories.of_segment(reader)?,
            member: self.chosen.member.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(&self, fruits: Vec<<C::Child as SegmentCollector>::Fruit>) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(fruits)
    }
}

impl<C: SegmentCollector> SegmentCollector for SegmentOnePerStory<C> {
    type Fruit = C::Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some((c, rank)) = self.places.place(doc) {
            if self.member[c as usize] != rank {
                return;
            }
        }
        self.inner.collect(doc, score);
    }

    fn harvest(self) -> C::Fruit {
        self.inner.harvest()
    }
}

/// The stories of a request's matches: the clusters, and the member chosen for each.
pub(crate) struct StoryChoice {
    pub(crate) stories: Arc<Stories>,
    pub(crate) chosen: Chosen,
}

impl StoryChoice {
    /// The ids of the other matching members of the story of article `id`, earliest first.
    pub(crate) fn copies(&self, id: &str) -> Vec<String> {
        let Some((c, _)) = self.stories.place(id) else { return Vec::new() };
        let members = &self.stories.clusters[c].members;
        self.chosen.others(c).map(|rank| members[rank].key.clone()).collect()
    }
}

impl Index {
    /// Runs `collector` over the matches of `query`; with `dedup`, over one article per story,
    /// chosen by that pick in a first pass, whose choice is returned with the fruit. An index
    /// without clusters needs no first pass.
    pub(crate) fn collect_stories<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        collector: C,
        statistics: Option<&dyn Bm25StatisticsProvider>,
        dedup: Option<Pick>,
    ) -> Result<(C::Fruit, Option<StoryChoice>)> {
        let Some(pick) = dedup else { return Ok((self.collect(searcher, query, &collector, statistics)?, None)) };
        let stories = self.stories()?;
        if stories.is_empty() {
            let chosen = Chosen { member: Arc::new(Vec::new()), matching: Vec::new() };
            return Ok((self.collect(searcher, query, &collector, statistics)?, Some(StoryChoice { stories, chosen })));
        }
        let chosen = self.collect(searcher, query, &ChooseMembers { stories: stories.clone(), pick }, statistics)?;
        let choice = StoryChoice { stories, chosen };
        let fruit = self.collect_chosen(searcher, query, collector, statistics, Some(&choice))?;
        Ok((fruit, Some(choice)))
    }

    /// Runs `collector` over the matches of `query` with the stories' `choice` that
    /// [`Index::collect_stories`] made for the same query (none: every match): a further pass
    /// over the same matches does not choose again.
    pub(crate) fn collect_chosen<C: Collector>(
        &self,
        searcher: &Searcher,
        query: &dyn TantivyQuery,
        collector: C,
        statistics: Option<&dyn Bm25StatisticsProvider>,
        choice: Option<&StoryChoice>,
    ) -> Result<C::Fruit> {
        Ok(match choice.filter(|choice| !choice.stories.is_empty()) {
            Some(StoryChoice { stories, chosen }) => {
                self.collect(searcher, query, &OnePerStory { inner: collector, stories, chosen }, statistics)?
            }
            None => self.collect(searcher, query, &collector, statistics)?,
        })
    }
}
