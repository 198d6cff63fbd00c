//! `dateline push`: bring an engine's index (Quickwit or OpenSearch) to exactly the local index's articles.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use dateline::engine::client::Credentials;
use dateline::engine::engine_index::EngineIndex;
use dateline::engine::plan::PushPlan;
use dateline::engine::push::{push, PushObserver};
use dateline::engine::EngineUrl;
use dateline::Index;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{IndexLocation, EXIT_OK};

/// Send the index to an engine (Quickwit or OpenSearch): create its index if needed, send the articles it
/// lacks or holds in another version, remove the ones the local index no longer has, and check
/// its counts at the end.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Examples:
  dateline push --engine quickwit+http://127.0.0.1:7280/news
  DATELINE_ENGINE=quickwit+https://search.example.org/news dateline push     (after each nightly index)
  dateline push --engine opensearch+https://search.example.org:9200/news

The first push sends every article; later pushes send only the articles added or changed since
the engine was last brought up to date, and remove the ones changed or removed. The engine itself
is the record of what it holds (every document names its article's version), so an interrupted
push is finished by running it again.

Credentials never go on the command line: DATELINE_ENGINE_USER and DATELINE_ENGINE_PASSWORD,
or DATELINE_ENGINE_TOKEN (a bearer token), or DATELINE_ENGINE_CREDENTIALS naming a file whose
first line is `user:password` or `token TOKEN`.")]
pub struct PushArgs {
    #[command(flatten)]
    engine: EngineArg,

    #[command(flatten)]
    location: IndexLocation,
}

/// `--engine URL`, else `$DATELINE_ENGINE`.
#[derive(Debug, Clone, clap::Args)]
pub struct EngineArg {
    /// The engine's index, as quickwit+http://HOST:PORT/INDEX or opensearch+https://HOST:PORT/INDEX [env: DATELINE_ENGINE]
    #[arg(long = "engine", value_name = "URL")]
    url: Option<String>,
}

impl EngineArg {
    /// The engine URL given, if any.
    pub fn url(&self) -> anyhow::Result<Option<EngineUrl>> {
        match &self.url {
            Some(url) => Ok(Some(url.parse()?)),
            None => EngineArg::from_environment(),
        }
    }

    /// The engine URL `$DATELINE_ENGINE` gives, if any.
    pub fn from_environment() -> anyhow::Result<Option<EngineUrl>> {
        match std::env::var("DATELINE_ENGINE") {
            Ok(url) if !url.is_empty() => Ok(Some(url.parse().map_err(|e| anyhow::anyhow!("DATELINE_ENGINE: {e}"))?)),
            _ => Ok(None),
        }
    }
}

/// The credentials the environment gives, if any.
pub fn credentials() -> anyhow::Result<Option<Credentials>> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    if let Some(path) = var("DATELINE_ENGINE_CREDENTIALS") {
        return credentials_file(Path::new(&path)).map(Some);
    }
    if let Some(token) = var("DATELINE_ENGINE_TOKEN") {
        return Ok(Some(Credentials::Bearer(token)));
    }
    match (var("DATELINE_ENGINE_USER"), var("DATELINE_ENGINE_PASSWORD")) {
        (Some(user), Some(password)) => Ok(Some(Credentials::Basic { user, password })),
        (Some(_), None) => bail!("DATELINE_ENGINE_USER is set but DATELINE_ENGINE_PASSWORD is not: set both"),
        (None, Some(_)) => bail!("DATELINE_ENGINE_PASSWORD is set but DATELINE_ENGINE_USER is not: set both"),
        (None, None) => Ok(None),
    }
}

/// Reads `user:password` or `token TOKEN` from the first line of a file.
fn credentials_file(path: &Path) -> anyhow::Result<Credentials> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!("cannot read the credentials file {} (DATELINE_ENGINE_CREDENTIALS)", path.display())
    })?;
    let line = text.lines().next().unwrap_or("").trim();
    if let Some(token) = line.strip_prefix("token ") {
        return Ok(Credentials::Bearer(token.trim().to_string()));
    }
    match line.split_once(':') {
        Some((user, password)) if !user.is_empty() => {
            Ok(Credentials::Basic { user: user.to_string(), password: password.to_string() })
        }
        _ => bail!("{}:1: the credentials file's first line must be `user:password` or `token TOKEN`", path.display()),
    }
}

/// A progress bar of articles sent, on a terminal.
struct Progress {
    bar: ProgressBar,
}

impl PushObserver for Progress {
    fn planned(&mut self, plan: &PushPlan) {
        self.bar.set_length((plan.send.len() + plan.resend.len()) as u64);
    }

    fn sent(&mut self, articles: u64) {
        self.bar.inc(articles);
    }
}

pub fn run(args: &PushArgs) -> anyhow::Result<u8> {
    let Some(url) = args.engine.url()? else {
        bail!("name the engine's index with --engine URL or DATELINE_ENGINE (for example quickwit+http://127.0.0.1:7280/news)")
    };
    let index = Index::open(args.location.path())?;
    let engine = EngineIndex::new(url.clone(), credentials()?);
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles  {per_sec}  eta {eta}")
            .expect("the progress template is valid"),
    );
    let mut progress = Progress { bar };
    let started = Instant::now();
    let report = push(&index, &engine, &mut progress)?;
    progress.bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let plan = &report.plan;
    eprintln!(
        "dateline: pushed to {url}{}: {} added, {} changed, {} removed, {} unchanged; {} documents in {} request{} \
         ({:.1} MB, {:.1} MB compressed, {:.0} articles/s); the engine holds {} articles and {} passages, as the index does; {seconds:.1} s",
        if report.created { " (index created)" } else { "" },
        plan.added,
        plan.changed,
        plan.removed,
        plan.unchanged,
        report.documents,
        report.requests,
        if report.requests == 1 { "" } else { "s" },
        report.bytes as f64 / 1e6,
        report.sent_bytes as f64 / 1e6,
        (plan.added + plan.changed) as f64 / seconds.max(1e-9),
        report.articles,
        report.passages,
    );
    Ok(EXIT_OK)
}
