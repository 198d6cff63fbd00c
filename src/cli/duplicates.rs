//! `dateline duplicates`: the clusters of near-duplicate articles (wire copies, reprints) that
//! indexing found, with each member's similarity to the cluster's earliest article.

use std::io::{self, Write};

use dateline::{ClustersRequest, CopyCluster, Index, SearchRequest};
use serde::Serialize;

use super::format::{self, FormatArg, JsonLines, Output, Table};
use super::print::{colored, sanitize, IndexRef, Styler, DATE, ID, LABEL};
use super::search::FilterArgs;
use super::{IndexLocation, EXIT_NO_MATCH, EXIT_OK};

const AFTER_HELP: &str = "\
Examples:
  dateline duplicates                                  every cluster, largest first
  dateline duplicates 'harbour strike' --from 2021     clusters with an article that matches
  dateline duplicates --min-size 5 --format jsonl      one record per cluster

A cluster is one story told by several articles: a wire story and its reprints, with a new
headline, a trimmed end or an added paragraph. Its first article (the earliest, then by id)
is its representative and names it; similarity is the share of the shorter text's 4-word
sequences that the other holds (1.00 for the representative). `dateline index
--copy-threshold` sets the share from which two articles are copies (default 0.7).

jsonl: one record per cluster: cluster, size, matching, articles (the member ids, earliest
first), members (article_id, date, title, source, path, similarity, matches),
index_fingerprint. Columns of csv and tsv (one row per member): cluster, size, rank,
article_id, date, title, source, path, similarity, matches, index_fingerprint.
Exit status: 0 clusters found, 1 none, 2 error.";

/// List the clusters of near-duplicate articles (wire copies, reprints) found when indexing:
/// all of them, or those with an article that matches a query and filters.
#[derive(Debug, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct DuplicatesArgs {
    /// Only clusters with an article matching this query (the syntax of `search`); every
    /// cluster when omitted.
    #[arg(allow_hyphen_values = true)]
    query: Option<String>,

    #[command(flatten)]
    location: IndexLocation,

    #[command(flatten)]
    filters: FilterArgs,

    /// Only clusters of at least N articles.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u64).range(2..))]
    min_size: u64,

    /// Show at most N clusters, largest first [default: all]
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,

    #[command(flatten)]
    output: FormatArg,
}

pub const DUPLICATES_COLUMNS: [&str; 11] = [
    "cluster", "size", "rank", "article_id", "date", "title", "source", "path", "similarity", "matches",
    "index_fingerprint",
];

struct DuplicatesOutput<'a> {
    query: &'a str,
    clusters: &'a [CopyCluster],
    info: &'a dateline::IndexInfo,
}

/// One cluster as a JSON Lines record.
#[derive(Serialize)]
struct Record<'a> {
    cluster: &'a str,
    size: usize,
    matching: usize,
    articles: Vec<&'a str>,
    members: Vec<Member<'a>>,
    index_fingerprint: &'a str,
}

#[derive(Serialize)]
struct Member<'a> {
    article_id: &'a str,
    date: String,
    title: Option<&'a str>,
    source: Option<&'a str>,
    path: String,
    similarity: f32,
    matches: bool,
}

impl<'a> Record<'a> {
    fn of(cluster: &'a CopyCluster, index_fingerprint: &'a str) -> Record<'a> {
        Record {
            cluster: &cluster.id,
            size: cluster.members.len(),
            matching: cluster.matching,
            articles: cluster.members.iter().map(|m| m.article.id.as_str()).collect(),
            members: cluster
                .members
                .iter()
                .map(|m| Member {
                    article_id: &m.article.id,
                    date: m.article.date.to_string(),
                    title: m.article.title.as_deref(),
                    source: m.article.source.as_deref(),
                    path: m.article.path.display().to_string(),
                    similarity: rounded(m.similarity),
                    matches: m.matches,
                })
                .collect(),
            index_fingerprint,
        }
    }
}

/// A similarity to two decimals (the estimate is no finer).
fn rounded(similarity: f32) -> f32 {
    (similarity * 100.0).round() / 100.0
}

impl Output for DuplicatesOutput<'_> {
    const COLUMNS: &'static [&'static str] = &DUPLICATES_COLUMNS;

    fn text(&self, out: &mut dyn Write, style: Styler) -> io::Result<()> {
        for cluster in self.clusters {
            let size = cluster.members.len();
            let heading = format!("{size} articles, {} matching", cluster.matching);
            writeln!(out, "{}  {}", style.styled(ID, &sanitize(&cluster.id)), style.styled(LABEL, &heading))?;
            let ids: Vec<String> = cluster.members.iter().map(|m| sanitize(&m.article.id)).collect();
            let width = ids.iter().map(|id| id.chars().count()).max().unwrap_or(0);
            for (member, id) in cluster.members.iter().zip(&ids) {
                let mark = if member.matches { "*" } else { " " };
                let about = member.article.title.as_deref().or(member.article.source.as_deref()).unwrap_or("");
                writeln!(
                    out,
                    "  {mark} {}  {id:<width$}  {:.2}  {}",
                    style.styled(DATE, &member.article.date.to_string()),
                    member.similarity,
                    sanitize(about),
                )?;
            }
            writeln!(out)?;
        }
        let articles: usize = self.clusters.iter().map(|c| c.members.len()).sum();
        let clusters = match self.clusters.len() {
            1 => "1 cluster".to_string(),
            n => format!("{n} clusters"),
        };
        let line = format!(
            "{clusters} of {articles} articles (* matches; similarity to the first article; threshold {:.2})",
            self.info.copy_threshold
        );
        writeln!(out, "{}", style.styled(LABEL, &line))
    }

    fn json_lines(&self, lines: &mut JsonLines<'_>) -> io::Result<()> {
        self.clusters.iter().try_for_each(|cluster| lines.record(&Record::of(cluster, &self.info.fingerprint)))
    }

    fn json(&self) -> impl Serialize + '_ {
        #[derive(Serialize)]
        struct Document<'a> {
            query: &'a str,
            index: IndexRef<'a>,
            copy_threshold: f32,
            clusters: Vec<Record<'a>>,
        }
        Document {
            query: self.query,
            index: IndexRef::of(self.info),
            copy_threshold: self.info.copy_threshold,
            clusters: self.clusters.iter().map(|cluster| Record::of(cluster, &self.info.fingerprint)).collect(),
        }
    }

    fn rows(&self, table: &mut Table<'_>) -> io::Result<()> {
        for cluster in self.clusters {
            for (rank, member) in cluster.members.iter().enumerate() {
                table.row([
                    cluster.id.clone(),
                    cluster.members.len().to_string(),
                    rank.to_string(),
                    member.article.id.clone(),
                    member.article.date.to_string(),
                    member.article.title.clone().unwrap_or_default(),
                    member.article.source.clone().unwrap_or_default(),
                    member.article.path.display().to_string(),
                    format!("{:.2}", member.similarity),
                    member.matches.to_string(),
                    self.info.fingerprint.clone(),
                ])?;
            }
        }
        Ok(())
    }
}

pub fn run(args: &DuplicatesArgs, color: anstream::ColorChoice) -> anyhow::Result<u8> {
    let index = Index::open(args.location.path())?;
    let query = args.query.clone().unwrap_or_default();
    let search = args.filters.apply(SearchRequest::new(query.clone()));
    let mut request = ClustersRequest::new(search).min_size(args.min_size as usize);
    request.limit = args.limit;
    let clusters = index.clusters(&request)?;
    let output = DuplicatesOutput { query: &query, clusters: &clusters, info: index.info() };
    format::emit(&output, args.output.format(), colored(color))?;
    Ok(if clusters.is_empty() { EXIT_NO_MATCH } else { EXIT_OK })
}
