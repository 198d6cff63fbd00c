//! Talking to an engine over HTTP (TLS by rustls): every request tried again by
//! [`super::retry::Retry`], every answer checked, credentials sent with every request
//! and never shown.

use std::time::Duration;

use serde_json::Value;

use super::retry::{Answer, Retry};
use super::EngineUrl;
use crate::error::{Error, Result};

/// How to prove who is asking, for an engine that wants to know.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// HTTP basic authentication.
    Basic {
        /// The user.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (`Authorization: Bearer ...`), or an OpenSearch API key given as one.
    Bearer(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Basic { user, .. } => write!(f, "Basic {{ user: {user:?}, password: *** }}"),
            Credentials::Bearer(_) => write!(f, "Bearer(***)"),
        }
    }
}

impl Credentials {
    fn header(&self) -> String {
        match self {
            Credentials::Basic { user, password } => {
                use base64::Engine as _;
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
            }
            Credentials::Bearer(token) => format!("Bearer {token}"),
        }
    }
}

/// An HTTP answer: its status and body.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON, or an error that names the request.
    pub(crate) fn json(&self, what: &str) -> Result<Value> {
        serde_json::from_slice(&self.body)
            .map_err(|e| Error::Engine { request: what.to_string(), reason: format!("its answer is not JSON ({e})") })
    }

    /// The engine's own message in an error answer, shortened.
    pub(crate) fn message(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let message = serde_json::from_slice::<Value>(&self.body)
            .ok()
            .and_then(|v| {
                v.get("message").or_else(|| v.pointer("/error/reason")).and_then(Value::as_str).map(str::to_string)
            })
            .unwrap_or_else(|| text.trim().to_string());
        let mut short: String = message.chars().take(300).collect();
        if short.len() < message.len() {
            short.push('…');
        }
        format!("HTTP {}: {short}", self.status)
    }
}

/// An HTTP connection to one engine.
pub(crate) struct Http {
    pub url: EngineUrl,
    agent: ureq::Agent,
    credentials: Option<Credentials>,
    pub retry: Retry,
}

impl Http {
    pub(crate) fn new(url: EngineUrl, credentials: Option<Credentials>) -> Http {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(600)))
            .user_agent(concat!("dateline/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Http { url, agent, credentials, retry: Retry::default() }
    }

    /// Sends a request to `path` (after the base address), with a JSON or NDJSON body, tried
    /// again while the engine sheds load; returns the final answer, whatever its status.
    pub(crate) fn send(&self, method: &str, path: &str, body: Option<(&str, &[u8])>) -> Result<Reply> {
        self.send_encoded(method, path, body, None)
    }

    /// [`Http::send`], with the body in `encoding` (`zstd`, say) when given.
    pub(crate) fn send_encoded(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        encoding: Option<&str>,
    ) -> Result<Reply> {
        let address = format!("{}{path}", self.url.base);
        let mut attempt = 1;
        loop {
            let answer = self.send_once(method, &address, body, encoding);
            let outcome = match &answer {
                Ok(reply) => Answer::Status(reply.status),
                Err(_) => Answer::NoConnection,
            };
            match self.retry.after(attempt, outcome, jitter()) {
                Some(wait) => std::thread::sleep(wait),
                None => {
                    return answer.map_err(|reason| Error::Engine {
                        request: format!("{method} {address}"),
                        reason: format!("no answer after {attempt} tries ({reason})"),
                    });
                }
            }
            attempt += 1;
        }
    }

    fn send_once(
        &self,
        method: &str,
        address: &str,
        body: Option<(&str, &[u8])>,
        encoding: Option<&str>,
    ) -> std::result::Result<Reply, String> {
        let mut request = ureq::http::Request::builder().method(method).uri(address);
        if let Some(encoding) = encoding {
            request = request.header("Content-Encoding", encoding);
        }
        let request = match &self.credentials {
            Some(credentials) => request.header("Authorization", credentials.header()),
            None => request,
        };
        let response = match body {
            Some((content_type, bytes)) => {
                let request =
                    request.header("Content-Type", content_type).body(bytes.to_vec()).map_err(|e| e.to_string())?;
                self.agent.run(request)
            }
            None => {
                let request = request.body(()).map_err(|e| e.to_string())?;
                self.agent.run(request)
            }
        };
        let mut response = response.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(256 << 20).read_to_vec().map_err(|e| e.to_string())?;
        Ok(Reply { status, body })
    }

    /// Sends a request and requires a 2xx answer; returns its JSON.
    pub(crate) fn json(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("a request body serializes"));
        let reply = self.send(method, path, bytes.as_deref().map(|b| ("application/json", b)))?;
        let what = format!("{method} {}{path}", self.url.base);
        if !(200..300).contains(&reply.status) {
            return Err(Error::Engine { request: what, reason: reply.message() });
        }
        reply.json(&what)
    }
}

/// A number in `[0, 1)` that differs between calls and processes, to spread retries.
fn jitter() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mixed = xxhash_rust::xxh3::xxh3_64(&[nanos.to_le_bytes(), std::process::id().to_le_bytes()].concat());
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_and_never_printed() {
        let credentials = Credentials::Basic { user: "admin".into(), password: "s3cret!".into() };
        assert_eq!(credentials.header(), "Basic YWRtaW46czNjcmV0IQ==");
        assert!(!format!("{credentials:?}").contains("s3cret"));
        assert!(!format!("{:?}", Credentials::Bearer("tok-123".into())).contains("tok-123"));
    }

    #[test]
    fn jitter_stays_in_range() {
        for _ in 0..100 {
            assert!((0.0..1.0).contains(&jitter()));
        }
    }
}
