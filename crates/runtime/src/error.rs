//! The crate's one error type.

use crate::rate_limit::RateLimit;
use crate::runtime::RawBody;
use bytes::Bytes;
use reqwest::StatusCode;
use serde::Deserialize;
use std::fmt;

/// Everything that can go wrong, from building a client to decoding a reply.
///
/// Generated methods return `progenitor_client::Error`; `?` converts it into
/// this type (`From` is implemented for every version's error), so a caller
/// can write `client.identify_admin().send().await?` in a function returning
/// [`intercom_api::Result`](crate::Result).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Intercom answered with an error status; its `error.list` body is decoded.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// A success status the spec does not declare for the operation.
    #[error("Intercom answered {status}, which this operation does not declare ({} bytes of body kept)", body.len())]
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The raw body.
        body: Bytes,
    },

    /// The body did not decode into the operation's type (malformed or
    /// truncated JSON, or a shape the types do not expect).
    #[error("could not decode the response body at `{path}`{}: {source}", note.map(|n| format!(" ({n})")).unwrap_or_default())]
    Decode {
        /// The status, when known.
        status: Option<StatusCode>,
        /// Intercom's request id (`X-Request-Id`), when the answer had one.
        request_id: Option<Box<str>>,
        /// The answer's `Content-Type`, when it had one.
        content_type: Option<Box<str>>,
        /// Why the body could not be JSON, when that is known (an HTML page).
        note: Option<&'static str>,
        /// JSON path where decoding failed, e.g. `$.data[3].avatar`.
        path: String,
        /// The raw body.
        body: Bytes,
        /// The decoder's error.
        #[source]
        source: serde_json::Error,
    },

    /// The request could not be sent or its answer not received
    /// (connection refused or reset, timeout, broken body).
    #[error("HTTP request failed")]
    Http(#[source] reqwest::Error),

    /// A builder was given a value it could not use (e.g. a missing required
    /// parameter of an operation).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What was wrong.
        message: String,
    },

    /// No access token was given (`INTERCOM_ACCESS_TOKEN` or `.token(..)`), or it was empty.
    #[error(
        "no Intercom access token: set INTERCOM_ACCESS_TOKEN or call .token(..) on the builder"
    )]
    MissingToken,

    /// The token has characters an HTTP header cannot carry. (The token is not shown.)
    #[error("the access token contains characters that cannot be sent in an HTTP header")]
    InvalidToken,

    /// A region name other than `us`, `eu` or `au`.
    #[error("unknown Intercom region `{value}`: expected one of us, eu, au")]
    InvalidRegion {
        /// The value given.
        value: String,
    },

    /// A base URL that does not parse.
    #[error("invalid base URL `{url}`")]
    InvalidBaseUrl {
        /// The value given.
        url: String,
        /// The parser's error.
        #[source]
        source: url::ParseError,
    },

    /// A user agent an HTTP header cannot carry.
    #[error("invalid user agent `{value}`")]
    InvalidUserAgent {
        /// The value given.
        value: String,
    },

    /// A per-call header ([`CallOptions::header`](crate::CallOptions::header))
    /// that cannot be sent: an invalid name or value, or one the client sets
    /// itself, such as `authorization`. (The value is not shown.)
    #[error("cannot send the header `{name}` with a call: {reason}")]
    InvalidHeader {
        /// The header's name, as given.
        name: String,
        /// Why it was refused.
        reason: &'static str,
    },

    /// A webhook notification's signature was refused.
    #[cfg(feature = "webhooks")]
    #[error(transparent)]
    Webhook(#[from] crate::webhooks::WebhookError),

    /// A hook rejected the request.
    #[error("request hook failed: {message}")]
    Hook {
        /// The hook's message.
        message: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error answer from Intercom (`type: error.list`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Intercom's request id, to quote to Intercom's support.
    pub request_id: Option<String>,
    /// The listed errors (empty when the body was not an `error.list`).
    pub errors: Vec<ErrorDetail>,
    /// Rate-limit headers of this response.
    pub rate_limit: Option<RateLimit>,
    /// The raw body.
    pub body: Bytes,
}

/// One entry of an `error.list`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// Machine-readable code, e.g. `not_found`, `unauthorized`, `parameter_invalid`.
    #[serde(default)]
    pub code: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: Option<String>,
    /// The offending field, when Intercom names one.
    #[serde(default)]
    pub field: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intercom answered {}", self.status)?;
        if let Some(e) = self.errors.first() {
            write!(f, ": {}", e.code)?;
            if let Some(m) = &e.message {
                write!(f, " ({m})")?;
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request_id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Decodes an error answer; a body that is not an `error.list` keeps
    /// `errors` empty (the raw body is always kept).
    pub fn from_parts(
        status: StatusCode,
        headers: &reqwest::header::HeaderMap,
        body: Bytes,
    ) -> ApiError {
        #[derive(Deserialize)]
        struct List {
            #[serde(default)]
            request_id: Option<String>,
            #[serde(default)]
            errors: Vec<ErrorDetail>,
        }
        let list: Option<List> = serde_json::from_slice(&body).ok();
        let (request_id, errors) = list.map(|l| (l.request_id, l.errors)).unwrap_or_default();
        let request_id = request_id.or_else(|| {
            headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        });
        ApiError {
            status,
            request_id,
            errors,
            rate_limit: RateLimit::from_headers(headers),
            body,
        }
    }

    /// The first error's code, if any.
    pub fn code(&self) -> Option<&str> {
        self.errors.first().map(|e| e.code.as_str())
    }
}

impl Error {
    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Decode { status, .. } => *status,
            Error::Http(e) => e.status(),
            _ => None,
        }
    }

    /// The Intercom error answer, if this is one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The first `error.list` code (e.g. `not_found`).
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(ApiError::code)
    }

    /// Intercom's request id.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => self.api().and_then(|e| e.request_id.as_deref()),
        }
    }

    /// The raw response body, whenever there was one.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::UnexpectedStatus { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// 404, or an `error.list` whose code is `not_found`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
            || self.code().is_some_and(|c| c.ends_with("not_found"))
    }

    /// 401, or an `unauthorized` / `token_*` code.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
            || self
                .code()
                .is_some_and(|c| c == "unauthorized" || c.starts_with("token_"))
    }

    /// 429: the rate limit was hit (after retries, if any were allowed).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
            || self.code() == Some("rate_limit_exceeded")
    }

    /// The connection failed or timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Http(e) if e.is_timeout())
    }

    /// The rate-limit headers of the failed response.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.api().and_then(|e| e.rate_limit)
    }

    /// A decoding error for `body`, with the JSON path where it failed.
    pub fn decode(status: Option<StatusCode>, body: Bytes, source: serde_json::Error) -> Error {
        let path = json_path_at(&body, source.line(), source.column());
        Error::Decode {
            status,
            request_id: None,
            content_type: None,
            note: None,
            path,
            body,
            source,
        }
    }

    /// Classifies a response the runtime read in full.
    pub(crate) fn from_response(r: &reqwest::Response) -> Error {
        let body = r
            .extensions()
            .get::<RawBody>()
            .map(|b| b.0.clone())
            .unwrap_or_default();
        if r.status().is_success() {
            Error::UnexpectedStatus {
                status: r.status(),
                body,
            }
        } else {
            Error::Api(Box::new(ApiError::from_parts(
                r.status(),
                r.headers(),
                body,
            )))
        }
    }
}

impl<E> From<progenitor_client::Error<E>> for Error {
    fn from(e: progenitor_client::Error<E>) -> Self {
        use progenitor_client::Error as P;
        match e {
            P::InvalidRequest(message) => Error::InvalidRequest { message },
            P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => {
                Error::Http(e)
            }
            // The runtime decodes error answers (see the `errors_via_runtime` pass);
            // a typed error response only arises from a hand-made client.
            P::ErrorResponse(rv) => Error::Api(Box::new(ApiError::from_parts(
                rv.status(),
                rv.headers(),
                Bytes::new(),
            ))),
            P::InvalidResponsePayload(body, source) => Error::decode(None, body, source),
            P::UnexpectedResponse(r) => Error::from_response(&r),
            P::Custom(message) => Error::Hook { message },
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Http(e)
    }
}

/// Appends object key `key` to a JSON path: `.key`, or `["a key"]` when it
/// is not a plain name. The one path format of this crate (decode errors
/// here, located by position because the answer's type is not known at
/// this point; the conformance checker's, located by `serde_path_to_error`).
pub(crate) fn push_key(path: &mut String, key: &str) {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&serde_json::Value::from(key).to_string());
        path.push(']');
    }
}

/// The JSON path (`$.data[2].id`) of the position `line`:`column` (1-based,
/// as serde_json reports) in `body`: where a decoder stopped.
pub fn json_path_at(body: &[u8], line: usize, column: usize) -> String {
    // Byte offset of line:column.
    let mut offset = 0;
    let mut current = 1;
    while current < line && offset < body.len() {
        if body[offset] == b'\n' {
            current += 1;
        }
        offset += 1;
    }
    let end = (offset + column).min(body.len());

    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    if body[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        let raw = &body[start..i.min(body.len())];
                        let k = serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat())
                            .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned());
                        *key = Some(k);
                    }
                    expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => push_key(&mut path, k),
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}
