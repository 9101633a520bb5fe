//! The crate's one error type.

use crate::api_error::ApiError;
use crate::json_path::json_path_at;
#[cfg(feature = "conformance")]
pub(crate) use crate::json_path::push_key;
use crate::rate_limit::RateLimit;
use crate::runtime::RawBody;
use crate::transport::TransportKind;
use bytes::Bytes;
use reqwest::StatusCode;
use std::time::Duration;

/// Everything that can go wrong, from building a client to decoding a reply.
///
/// Every call answers it: `client.identify_admin().await?` (and
/// `.send().await?`) in a function returning
/// [`intercom_api::Result`](crate::Result). Progenitor's own error still
/// converts into it (`From`), for code written against it.
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

    /// The request could not be sent or its answer not received. The first
    /// words name the failure ([`TransportKind`]): `timed out`, `connection
    /// refused`, `DNS lookup failed`, `TLS handshake failed`, `could not
    /// connect`, `the answer's body could not be read`…, then the host and
    /// the innermost cause.
    #[error("{}", crate::transport::describe(.0))]
    Http(#[source] reqwest::Error),

    /// A streamed call (a download) had no answer's head within the
    /// per-attempt timeout. (Other calls time out as [`Error::Http`].)
    #[error("timed out: no answer within {limit:?}")]
    HeadTimeout {
        /// The per-attempt timeout.
        limit: Duration,
    },

    /// The call's deadline ([`CallOptions::deadline`](crate::CallOptions::deadline),
    /// [`ClientBuilder::deadline`](crate::ClientBuilder::deadline)) passed,
    /// retries and waits included; the last attempt's error, if one
    /// ended, is the source.
    #[error("deadline of {limit:?} passed ({attempts} attempt(s) begun)")]
    Deadline {
        /// The deadline.
        limit: Duration,
        /// Attempts begun.
        attempts: u32,
        /// The last attempt's error, when one had ended.
        #[source]
        source: Option<Box<Error>>,
    },

    /// An asynchronous job (see [`jobs::wait`](crate::jobs::wait)) was
    /// still running when the wait's limit passed.
    #[error("the job was still `{status}` when the wait's limit of {limit:?} passed")]
    JobWait {
        /// The wait's limit.
        limit: Duration,
        /// The job's last status.
        status: String,
    },

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

    /// A region name other than `us`, `eu`, `au` (or `United States`,
    /// `Europe`, `Australia`).
    #[error("unknown Intercom region `{value}`: expected one of us, eu, au (or United States, Europe, Australia)")]
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

    /// A base URL whose scheme is not `http` or `https`.
    #[error("base URL `{url}` is not http(s) (scheme `{scheme}`)")]
    UnsupportedScheme {
        /// The value given.
        url: String,
        /// Its scheme.
        scheme: String,
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

impl Error {
    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Decode { status, .. } => *status,
            Error::Http(e) => e.status(),
            Error::Deadline {
                source: Some(last), ..
            } => last.status(),
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
            Error::Deadline {
                source: Some(last), ..
            } => last.request_id(),
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

    /// An attempt timed out (also a connect timeout), or the call's
    /// deadline passed.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Http(e) => TransportKind::of(e) == TransportKind::Timeout,
            Error::HeadTimeout { .. } | Error::Deadline { .. } => true,
            _ => false,
        }
    }

    /// No connection could be made (refused, DNS, TLS, unreachable, connect
    /// timeout): no byte of the request reached Intercom.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Http(e) if e.is_connect())
    }

    /// What failed on the wire, for a transport failure.
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            Error::Http(e) => Some(TransportKind::of(e)),
            Error::HeadTimeout { .. } => Some(TransportKind::Timeout),
            _ => None,
        }
    }

    /// A transient failure, which may pass if the call is sent again later:
    /// a transport failure, a timeout or deadline, a 408, a 429 or a 5xx.
    /// This says nothing of whether sending again is *safe*: the client's
    /// retries send a write (POST) again only when it cannot have been
    /// applied (see [`RetryPolicy`](crate::RetryPolicy)); a caller that retries a
    /// POST after a 5xx or a broken connection may apply it twice.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Http(e) => !e.is_builder() && !e.is_redirect(),
            Error::HeadTimeout { .. } | Error::Deadline { .. } => true,
            _ => self.status().is_some_and(|s| {
                s == StatusCode::TOO_MANY_REQUESTS
                    || s == StatusCode::REQUEST_TIMEOUT
                    || s.is_server_error()
            }),
        }
    }

    /// How long Intercom asked to wait before sending again: `Retry-After`,
    /// or the time left until the rate-limit window resets on a 429 (see
    /// [`ApiError::retry_after`]). For a deadline, that of its last error.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after(),
            Error::Deadline {
                source: Some(last), ..
            } => last.retry_after(),
            _ => None,
        }
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

    /// A decode error that names Intercom's request id.
    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Error {
        if let Error::Decode { request_id, .. } = &mut self {
            *request_id = id.map(String::into_boxed_str);
        }
        self
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
                Error::from(e)
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
    /// `Error::Http`, or the error the runtime carried through a
    /// `reqwest::Error` (see `crate::carry`).
    fn from(e: reqwest::Error) -> Self {
        crate::carry::unwrap(e)
    }
}
