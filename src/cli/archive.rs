//! Where a read command's answers come from: the local index, or an engine's index that a push
//! filled (`--engine URL`, else `$DATELINE_ENGINE` when no `--index` is given). Both answer the
//! same requests with the same results, so each command is written once.

use dateline::engine::RemoteIndex;
use dateline::{
    Concordance, ConcordanceRequest, Index, IndexInfo, IndexedArticle, SearchRequest, SearchResults, Timeline,
    TimelineRequest,
};

use super::push::{credentials, EngineArg};
use super::IndexLocation;

/// `--index DIR` or `--engine URL`.
#[derive(Debug, clap::Args)]
pub struct ArchiveArgs {
    #[command(flatten)]
    location: IndexLocation,

    /// Search an engine's index instead of the local one, as `dateline push` filled it:
    /// quickwit+http://HOST:PORT/INDEX or opensearch+https://HOST:PORT/INDEX [env:
    /// DATELINE_ENGINE, used when --index is not given]
    #[arg(long = "engine", value_name = "URL", conflicts_with = "index")]
    engine: Option<String>,
}

/// An index to read: local, or held by an engine.
pub enum Archive {
    Local(Index),
    Remote { index: RemoteIndex, info: IndexInfo },
}

impl ArchiveArgs {
    /// Opens the index these arguments name.
    pub fn open(&self) -> anyhow::Result<Archive> {
        let engine = match &self.engine {
            Some(url) => Some(url.parse()?),
            None if !self.location.given() => EngineArg::from_environment()?,
            None => None,
        };
        Ok(match engine {
            Some(url) => {
                let index = RemoteIndex::open(url, credentials()?)?;
                let info = index.info()?;
                Archive::Remote { index, info }
            }
            None => Archive::Local(Index::open(self.location.path())?),
        })
    }
}

impl Archive {
    /// The commit the answers come from, to cite.
    pub fn info(&self) -> &IndexInfo {
        match self {
            Archive::Local(index) => index.info(),
            Archive::Remote { info, .. } => info,
        }
    }

    pub fn search(&self, request: &SearchRequest) -> dateline::Result<SearchResults> {
        match self {
            Archive::Local(index) => index.search(request),
            Archive::Remote { index, .. } => index.search(request),
        }
    }

    pub fn timeline(&self, request: &TimelineRequest) -> dateline::Result<Timeline> {
        match self {
            Archive::Local(index) => index.timeline(request),
            Archive::Remote { index, .. } => index.timeline(request),
        }
    }

    pub fn article(&self, id: &str, query: Option<&str>) -> dateline::Result<IndexedArticle> {
        match self {
            Archive::Local(index) => index.article(id, query),
            Archive::Remote { index, .. } => index.article(id, query),
        }
    }

    /// The local index, for word statistics (collocates, keywords): an engine's index holds
    /// neither the archive's word frequencies nor each article's length in words.
    pub fn word_statistics(&self) -> dateline::Result<&Index> {
        match self {
            Archive::Local(index) => Ok(index),
            Archive::Remote { index, .. } => Err(dateline::Error::NotExact {
                engine: index.url().engine.to_string(),
                what: "its index holds no counts of words per article or in the archive, which collocations and \
                       keywords are scored with"
                    .to_string(),
            }),
        }
    }

    pub fn concordance(&self, request: &ConcordanceRequest) -> dateline::Result<Concordance> {
        match self {
            Archive::Local(index) => index.concordance(request),
            Archive::Remote { index, .. } => index.concordance(request),
        }
    }
}
