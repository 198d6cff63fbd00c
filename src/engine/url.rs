//! Naming an engine's index: one URL that carries the engine's kind, its address and the
//! index, the same for `dateline push` and every read command:
//!
//! ```text
//! quickwit+http://127.0.0.1:7280/news
//! opensearch+https://search.example.org:9200/news
//! opensearch+https://gateway.example.org/search/news     (behind a path prefix)
//! ```
//!
//! Credentials never go in the URL (it is shown in messages and kept in shell histories):
//! a URL with a user or password is refused. The program that opens the engine passes them
//! separately (the `dateline` binary reads them from the environment or a file).

use std::fmt;
use std::str::FromStr;

use super::Engine;

/// An engine's index, named by a URL such as `quickwit+http://127.0.0.1:7280/news`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EngineUrl {
    /// The engine.
    pub engine: Engine,
    /// The engine's base address, `http://host:port` with any path prefix, without a trailing `/`.
    pub base: String,
    /// The index.
    pub index: String,
}

/// Why a text is not an engine URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{url}` is not an engine URL: {reason} (for example quickwit+http://127.0.0.1:7280/news or opensearch+https://search.example.org:9200/news)")]
pub struct EngineUrlError {
    /// The text given.
    pub url: String,
    /// What is wrong.
    pub reason: String,
}

impl FromStr for EngineUrl {
    type Err = EngineUrlError;

    fn from_str(text: &str) -> Result<EngineUrl, EngineUrlError> {
        let fail = |reason: &str| EngineUrlError { url: redacted(text), reason: reason.to_string() };
        let (kind, rest) =
            text.split_once('+').ok_or_else(|| fail("it does not start with quickwit+ or opensearch+"))?;
        let engine: Engine = kind.parse().map_err(|_| fail("it does not start with quickwit+ or opensearch+"))?;
        let (scheme, address) = rest.split_once("://").ok_or_else(|| fail("it has no http:// or https://"))?;
        if scheme != "http" && scheme != "https" {
            return Err(fail("the scheme after + must be http or https"));
        }
        let address = address.trim_end_matches('/');
        let (host, path) = address.split_once('/').ok_or_else(|| fail("it names no index after the address"))?;
        if host.contains('@') {
            return Err(fail(
                "credentials do not go in the URL: give them in DATELINE_ENGINE_USER and DATELINE_ENGINE_PASSWORD, \
                 DATELINE_ENGINE_TOKEN, or a file named by DATELINE_ENGINE_CREDENTIALS",
            ));
        }
        if host.is_empty() || host.contains(['?', '#']) {
            return Err(fail("it has no host"));
        }
        let (prefix, index) = match path.rsplit_once('/') {
            Some((prefix, index)) => (format!("/{prefix}"), index),
            None => (String::new(), path),
        };
        if let Err(reason) = check_index_name(engine, index) {
            return Err(fail(&format!("{reason} (the index is the last part of the path)")));
        }
        Ok(EngineUrl { engine, base: format!("{scheme}://{host}{prefix}"), index: index.to_string() })
    }
}

/// Whether `name` is a valid index name for `engine`: for Quickwit 3 to 255 letters, digits,
/// `-`, `_` and `.`, starting with a letter; for OpenSearch lower-case letters, digits, `-`,
/// `_` and `.`, not starting with `-`, `_` or `.`, at most 255.
pub fn check_index_name(engine: Engine, name: &str) -> Result<(), String> {
    let allowed = |c: char| match engine {
        Engine::Quickwit => c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
        Engine::OpenSearch => c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'),
    };
    let first_ok = match engine {
        Engine::Quickwit => name.starts_with(|c: char| c.is_ascii_alphabetic()),
        Engine::OpenSearch => !name.starts_with(['-', '_', '.']),
    };
    let min = if engine == Engine::Quickwit { 3 } else { 1 };
    if (min..=255).contains(&name.len()) && first_ok && name.chars().all(allowed) {
        return Ok(());
    }
    Err(match engine {
        Engine::Quickwit => format!(
            "`{name}` is not a Quickwit index name: 3 to 255 letters, digits, -, _ and ., \
             starting with a letter"
        ),
        Engine::OpenSearch => format!(
            "`{name}` is not an OpenSearch index name: lower-case letters, digits, -, _ \
             and ., not starting with -, _ or ."
        ),
    })
}

/// The URL with any user and password replaced by `***`, so that a message never shows them.
fn redacted(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else { return text.to_string() };
    let host_end = rest.find('/').unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{scheme}://***@{}", &rest[at + 1..]),
        None => text.to_string(),
    }
}

impl fmt::Display for EngineUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}+{}/{}", self.engine, self.base, self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_engine_the_address_and_the_index() {
        let url: EngineUrl = "quickwit+http://127.0.0.1:7280/news".parse().unwrap();
        assert_eq!(
            url,
            EngineUrl { engine: Engine::Quickwit, base: "http://127.0.0.1:7280".into(), index: "news".into() }
        );
        assert_eq!(url.to_string(), "quickwit+http://127.0.0.1:7280/news");
        let url: EngineUrl = "opensearch+https://gateway.example.org/search/news-2024/".parse().unwrap();
        assert_eq!(url.engine, Engine::OpenSearch);
        assert_eq!(url.base, "https://gateway.example.org/search");
        assert_eq!(url.index, "news-2024");
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        for (text, reason) in [
            ("http://127.0.0.1:7280/news", "quickwit+ or opensearch+"),
            ("solr+http://127.0.0.1:7280/news", "quickwit+ or opensearch+"),
            ("quickwit+ftp://127.0.0.1/news", "http or https"),
            ("quickwit+http://127.0.0.1:7280", "names no index"),
            ("quickwit+http://127.0.0.1:7280/", "names no index"),
            ("opensearch+https://admin:secret@search.example.org/news", "credentials do not go in the URL"),
            ("quickwit+http://127.0.0.1:7280/new s", "not a Quickwit index name"),
            ("quickwit+http://127.0.0.1:7280/7news", "not a Quickwit index name"),
            ("opensearch+http://127.0.0.1:9200/News", "not an OpenSearch index name"),
        ] {
            let error = text.parse::<EngineUrl>().unwrap_err();
            assert!(error.to_string().contains(reason), "{text}: {error}");
            assert!(!error.to_string().contains("secret"), "{error}");
        }
    }
}
