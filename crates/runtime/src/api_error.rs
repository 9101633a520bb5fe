//! Intercom's error answers (`type: error.list`).

use crate::rate_limit::RateLimit;
use bytes::Bytes;
use reqwest::StatusCode;
use serde::Deserialize;
use std::fmt;
use std::time::Duration;

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
    /// The `Retry-After` header, in seconds, when the answer had one.
    pub retry_after_header: Option<Duration>,
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
    /// One line with every listed error and its field: `Intercom answered
    /// 422 Unprocessable Entity: parameter_invalid on `email` (Email is
    /// invalid); parameter_missing on `name` [request_id r-1]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Intercom answered {}", self.status)?;
        for (i, e) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            f.write_str(if e.code.is_empty() { "error" } else { &e.code })?;
            if let Some(field) = &e.field {
                write!(f, " on `{field}`")?;
            }
            if let Some(m) = e.message.as_deref().filter(|m| !m.is_empty()) {
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
            retry_after_header: headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        }
    }

    /// How long Intercom asked to wait before sending again: the
    /// `Retry-After` header, else, on a 429, the time left until the
    /// rate-limit window resets (`X-RateLimit-Reset`, from now).
    pub fn retry_after(&self) -> Option<Duration> {
        if self.retry_after_header.is_some() {
            return self.retry_after_header;
        }
        if self.status != StatusCode::TOO_MANY_REQUESTS {
            return None;
        }
        let reset = self.rate_limit?.reset?;
        let left = reset.signed_duration_since(chrono::Utc::now());
        Some(left.to_std().unwrap_or(Duration::ZERO))
    }

    /// The first error's code, if any.
    pub fn code(&self) -> Option<&str> {
        self.errors.first().map(|e| e.code.as_str())
    }
}
