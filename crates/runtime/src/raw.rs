//! Calls of endpoints (or versions) the crate does not type, with all that
//! typed calls get: the token, the region or base URL, the `Intercom-Version`
//! header, the call options, pacing, retries by the same rule (a write is
//! never sent again if it may have been applied), the deadline and the
//! observer. Every version's `Client` has `request(method, path)`.

use crate::runtime::{Extra, Runtime};
use crate::{Error, Result};
use reqwest::header::HeaderValue;
use reqwest::Method;
use std::time::Duration;

/// A request built by hand: `client.request(Method::GET, "/me")`.
///
/// (an example is in the [auth guide](https://docs.rs/intercom-api/latest/intercom_api/guide/auth/index.html))
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    runtime: Runtime,
    http: reqwest::Client,
    builder: reqwest::RequestBuilder,
    version: Option<String>,
    body_timeout: Option<Duration>,
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The builder's Debug would show the URL's query: values may be
        // personal (an email).
        f.debug_struct("RawRequest")
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// `client.request(method, path)` for every version's `Client` (see
/// `versions::version_support!`): `path` is joined to the client's base
/// URL (`/me` → `https://api.intercom.io/me`).
pub fn request(
    base_url: &str,
    http: &reqwest::Client,
    runtime: &Runtime,
    method: Method,
    path: &str,
) -> RawRequest {
    let slash = if path.starts_with('/') { "" } else { "/" };
    let url = format!("{}{slash}{path}", base_url.trim_end_matches('/'));
    RawRequest {
        runtime: runtime.clone(),
        http: http.clone(),
        builder: http.request(method, url),
        version: None,
        body_timeout: None,
    }
}

impl RawRequest {
    /// Query parameters (anything `serde_urlencoded` takes: a map, pairs,
    /// a struct), added to those already set.
    pub fn query<T: serde::Serialize + ?Sized>(mut self, query: &T) -> Self {
        self.builder = self.builder.query(query);
        self
    }

    /// A JSON body (and `Content-Type: application/json`).
    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.builder = self.builder.json(body);
        self
    }

    /// The `Intercom-Version` of this request, in place of the client's
    /// (e.g. `Preview`, or a version this build does not include).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// The limit of a streamed body ([`RawRequest::send_stream`]; default
    /// [`DOWNLOAD_TIMEOUT`](crate::runtime::DOWNLOAD_TIMEOUT)).
    pub fn body_timeout(mut self, limit: Duration) -> Self {
        self.body_timeout = Some(limit);
        self
    }

    /// Sends the request, and answers the response with its body read in
    /// full (`.bytes()`, `.text()` read it from memory). An error status
    /// is [`Error::Api`], as for typed calls.
    pub async fn send(self) -> Result<reqwest::Response> {
        self.go(false).await
    }

    /// Sends the request and decodes the answer's JSON (`null` for an
    /// empty body, e.g. a 204).
    pub async fn send_json(self) -> Result<serde_json::Value> {
        self.send_json_as().await
    }

    /// Sends the request and decodes the answer's JSON into `T`.
    pub async fn send_json_as<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        let r = self.go(false).await?;
        let status = r.status();
        let id = r
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = r.bytes().await?;
        let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &body
        };
        serde_json::from_slice(text)
            .map_err(|e| Error::decode(Some(status), body.clone(), e).with_request_id(id))
    }

    /// Sends the request and answers the response with its body unread, to
    /// be read as it comes (`.chunk()`): a download. The per-attempt
    /// timeout bounds the wait for the answer's head only, the body has
    /// [`RawRequest::body_timeout`], and nothing is retried once the head of
    /// a success has come. An error status is [`Error::Api`].
    pub async fn send_stream(self) -> Result<reqwest::Response> {
        self.go(true).await
    }

    async fn go(self, stream: bool) -> Result<reqwest::Response> {
        let request = self.builder.build().map_err(|e| Error::InvalidRequest {
            message: format!("could not build the request: {e}"),
        })?;
        let version = match &self.version {
            Some(v) => Some(HeaderValue::from_str(v).map_err(|_| Error::InvalidRequest {
                message: format!("`{v}` cannot be sent as Intercom-Version"),
            })?),
            None => None,
        };
        let call = crate::trace::Call {
            operation: "raw",
            path: "",
            multipart: false,
            stream,
        };
        let extra = Extra {
            version,
            body_timeout: self.body_timeout,
        };
        let r = self.runtime.send(&self.http, request, call, extra).await?;
        if r.status().is_client_error() || r.status().is_server_error() {
            return Err(Error::from_response(&r));
        }
        Ok(r)
    }
}
