//! Answers: what a test scripts ([`Reply`]) and how every answer is written
//! (Intercom's headers, its `error.list` shape).

use serde::Serialize;
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wiremock::ResponseTemplate;

/// One scripted answer: a status, a body, extra headers, a delay.
///
/// [`On::respond`](super::On::respond) and the other `On` methods build the
/// common ones; `Reply` is for the rest (a header, a delay, a body the
/// operation would not send).
#[derive(Debug, Clone)]
pub struct Reply {
    pub(super) status: u16,
    pub(super) body: Body,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    reset_in: Option<Duration>,
}

#[derive(Debug, Clone)]
pub(super) enum Body {
    Json(Value),
    Text {
        content_type: String,
        body: String,
    },
    Error {
        code: String,
        message: String,
        field: Option<String>,
    },
    Empty,
}

impl Reply {
    /// `value` as the JSON body, with status 200 (or, through
    /// [`On::reply`](super::On::reply), whatever [`Reply::status`] sets).
    ///
    /// Panics when `value` cannot be serialized (a test set-up error).
    pub fn json(value: impl Serialize) -> Reply {
        let value = serde_json::to_value(value)
            .unwrap_or_else(|e| panic!("intercom_api::mock: the answer does not serialize: {e}"));
        Reply::with_body(200, Body::Json(value))
    }

    /// Intercom's error answer for `status`: an `error.list` with the code
    /// and message Intercom uses for it (`404` → `not_found`, "Resource Not
    /// Found"; `401` → `unauthorized`; `429` → `rate_limit_exceeded`; `500`
    /// → `server_error`; …).
    pub fn error(status: u16) -> Reply {
        let (code, message) = error_text(status);
        Reply::error_with(status, code, message)
    }

    /// An `error.list` with your own code and message.
    pub fn error_with(status: u16, code: impl Into<String>, message: impl Into<String>) -> Reply {
        Reply::with_body(
            status,
            Body::Error {
                code: code.into(),
                message: message.into(),
                field: None,
            },
        )
    }

    /// `429 rate_limit_exceeded` with `X-RateLimit-Remaining: 0` and
    /// `X-RateLimit-Reset` `reset_in` from when the request arrives (Unix
    /// seconds, rounded up), as Intercom answers a spent window.
    pub fn rate_limited(reset_in: Duration) -> Reply {
        let mut r = Reply::error(429);
        r.reset_in = Some(reset_in);
        r
    }

    /// No body, with `status`.
    pub fn empty(status: u16) -> Reply {
        Reply::with_body(status, Body::Empty)
    }

    /// A body that is not JSON (`text/plain`, a truncated document, …).
    pub fn text(status: u16, content_type: &str, body: impl Into<String>) -> Reply {
        Reply::with_body(
            status,
            Body::Text {
                content_type: content_type.to_string(),
                body: body.into(),
            },
        )
    }

    /// Sets the status.
    pub fn status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// Adds a header (after Intercom's usual ones, which it may replace).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Answers after `delay` (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = Some(delay);
        self
    }

    pub(super) fn with_body(status: u16, body: Body) -> Reply {
        Reply {
            status,
            body,
            headers: Vec::new(),
            delay: None,
            reset_in: None,
        }
    }

    /// The wire answer, with Intercom's headers and `request_id`.
    pub(super) fn render(&self, request_id: &str, limits: Limits) -> ResponseTemplate {
        let mut t = ResponseTemplate::new(self.status)
            .insert_header("x-request-id", request_id)
            .insert_header("x-ratelimit-limit", limits.limit.to_string());
        let now = unix_now();
        t = match self.reset_in {
            Some(d) => t.insert_header("x-ratelimit-remaining", "0").insert_header(
                "x-ratelimit-reset",
                (now + d.as_secs_f64().ceil() as u64).to_string(),
            ),
            None => t
                .insert_header("x-ratelimit-remaining", limits.remaining.to_string())
                .insert_header("x-ratelimit-reset", limits.reset.to_string()),
        };
        t = match &self.body {
            Body::Json(v) => t.set_body_raw(serde_json::to_vec(v).unwrap_or_default(), JSON),
            Body::Error {
                code,
                message,
                field,
            } => t.set_body_raw(
                error_list(request_id, code, message, field.as_deref()),
                JSON,
            ),
            Body::Text { content_type, body } => t.set_body_raw(body.clone(), content_type),
            Body::Empty => t,
        };
        for (k, v) in &self.headers {
            t = t.insert_header(k.as_str(), v.as_str());
        }
        match self.delay {
            Some(d) => t.set_delay(d),
            None => t,
        }
    }
}

const JSON: &str = "application/json; charset=utf-8";

/// The rate-limit headers of an answer that is not a 429.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub limit: u64,
    pub remaining: u64,
    pub reset: u64,
}

pub(super) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Intercom's `error.list` body.
pub(super) fn error_list(
    request_id: &str,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> Vec<u8> {
    let mut error = json!({ "code": code, "message": message });
    if let Some(f) = field {
        error["field"] = json!(f);
    }
    serde_json::to_vec(&json!({
        "type": "error.list",
        "request_id": request_id,
        "errors": [error],
    }))
    .unwrap_or_default()
}

/// The code and message Intercom sends with a status.
fn error_text(status: u16) -> (&'static str, &'static str) {
    match status {
        400 => ("parameter_invalid", "Bad Request"),
        401 => ("unauthorized", "Access Token Invalid"),
        403 => ("forbidden", "Forbidden"),
        404 => ("not_found", "Resource Not Found"),
        409 => ("conflict", "Conflict"),
        422 => ("unprocessable_entity", "Unprocessable Entity"),
        429 => ("rate_limit_exceeded", "Exceeded rate limit"),
        500 => ("server_error", "Server Error"),
        502 => ("bad_gateway", "Bad Gateway"),
        503 => ("service_unavailable", "Service Unavailable"),
        504 => ("gateway_timeout", "Gateway Timeout"),
        _ => ("error", "Error"),
    }
}
