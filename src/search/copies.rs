//! Listing the index's clusters of near-duplicates (stories told by several articles: wire
//! copies, reprints): all of them, or those with an article that matches a search.

use serde::{Deserialize, Serialize};
use tantivy::query::{BooleanQuery, Query as TantivyQuery};

use crate::article::ArticleMeta;
use crate::error::{Error, Result};

use super::request::{Scope, SearchRequest};
use super::stories::{ChooseMembers, Pick};
use super::Index;

/// A request for clusters of near-duplicates (see [`crate::duplicates`]).
///
/// ```no_run
/// use dateline::{ClustersRequest, Index, SearchRequest};
///
/// let index = Index::open("my-index")?;
/// let request = ClustersRequest::new(SearchRequest::new("harbour strike").from("2021".parse()?)).min_size(3);
/// for cluster in index.clusters(&request)? {
///     println!("{} articles, first {}", cluster.members.len(), cluster.id);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClustersRequest {
    /// Keeps the clusters with at least one article that this search matches (in article
    /// scope); an empty query with no filters keeps every cluster. Its paging is not used.
    pub search: SearchRequest,
    /// Keeps the clusters of at least this many articles (default 2: every cluster).
    pub min_size: usize,
    /// Returns at most this many clusters (`None`: all).
    pub limit: Option<usize>,
}

impl ClustersRequest {
    /// Every cluster with an article that `search` matches.
    pub fn new(search: SearchRequest) -> ClustersRequest {
        ClustersRequest { search, min_size: 2, limit: None }
    }

    /// Every cluster of the index.
    pub fn all() -> ClustersRequest {
        ClustersRequest::new(SearchRequest::default())
    }

    /// Keeps the clusters of at least `min_size` articles.
    pub fn min_size(mut self, min_size: usize) -> Self {
        self.min_size = min_size;
        self
    }

    /// Returns at most `limit` clusters.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// A cluster of near-duplicate articles: one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CopyCluster {
    /// The cluster's id: the id of its representative, its earliest article (by date, then id),
    /// as [`ArticleMeta::cluster`] names it.
    #[serde(rename = "cluster")]
    pub id: String,
    /// Its members, the representative first, then by date and id.
    pub members: Vec<CopyMember>,
    /// How many of them match the request (all of them without a query or filters).
    pub matching: usize,
}

/// One article of a cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CopyMember {
    /// The article.
    #[serde(flatten)]
    pub article: ArticleMeta,
    /// Its estimated containment against the representative, 0 to 1 (1 for the representative):
    /// the share of the shorter text's word sequences that the other holds.
    pub similarity: f32,
    /// Whether it matches the request.
    pub matches: bool,
}

impl Index {
    /// The clusters of near-duplicates that the request keeps, largest first (then by the
    /// representative's id).
    ///
    /// Errors: those of [`Index::search`] for the query and filters.
    pub fn clusters(&self, request: &ClustersRequest) -> Result<Vec<CopyCluster>> {
        self.commit.reading(|| self.run_clusters(request))
    }

    fn run_clusters(&self, request: &ClustersRequest) -> Result<Vec<CopyCluster>> {
        let search = SearchRequest { scope: Scope::Article, dedup: false, ..request.search.clone() };
        search.check_dates()?;
        let stories = self.stories()?;
        let searcher = self.commit.reader.searcher();
        let query: Box<dyn TantivyQuery> = if search.query.trim().is_empty() {
            Box::new(BooleanQuery::new(self.filters(&search, Scope::Article)?))
        } else {
            Box::new(self.compile(&search)?.query)
        };
        let chosen =
            self.collect(&searcher, &*query, &ChooseMembers { stories: stories.clone(), pick: Pick::Earliest }, None)?;
        let mut kept: Vec<(usize, Vec<usize>)> = (0..stories.clusters.len())
            .map(|c| (c, chosen.matching_members(c).collect::<Vec<_>>()))
            .filter(|(c, matching)| !matching.is_empty() && stories.clusters[*c].members.len() >= request.min_size)
            .collect();
        // Largest first; `clusters` is sorted by representative, and the sort is stable.
        kept.sort_by_key(|(c, _)| std::cmp::Reverse(stories.clusters[*c].members.len()));
        kept.truncate(request.limit.unwrap_or(usize::MAX));
        let mut clusters = Vec::with_capacity(kept.len());
        for (c, matching) in kept {
            let cluster = &stories.clusters[c];
            let mut members = Vec::with_capacity(cluster.members.len());
            for (rank, member) in cluster.members.iter().enumerate() {
                let address = self.article_address(&searcher, &member.key)?.ok_or_else(|| Error::Damaged {
                    path: self.commit.path.clone(),
                    reason: format!("the cluster of `{}` names an article it does not hold", member.key),
                })?;
                members.push(CopyMember {
                    article: self.record(&searcher, address)?,
                    similarity: member.similarity,
                    matches: matching.contains(&rank),
                });
            }
            clusters.push(CopyCluster { id: cluster.members[0].key.clone(), members, matching: matching.len() });
        }
        Ok(clusters)
    }
}
