//! Tracing of requests (feature `tracing`): one span per attempt, named
//! `intercom.request`, with the operation, method, path *template* (never the
//! filled-in path, which holds ids), attempt number, then the status and
//! Intercom's request id; each retry wait, each wait for the rate-limit
//! window and each retry the budget refused is an event. The token, bodies and
//! query values never appear. Without the feature these are no-ops.

/// What the runtime knows about the call it sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Call {
    /// The operation (the client method's name), e.g. `search_contacts`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub operation: &'static str,
    /// The path template, e.g. `/contacts/{contact_id}`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub path: &'static str,
    /// The body is a multipart form (see `Multipart`).
    pub multipart: bool,
    /// The answer is a file, streamed: the runtime does not read its body
    /// (the caller does), the per-attempt timeout bounds the wait for its
    /// head only (the body has [`DOWNLOAD_TIMEOUT`](crate::runtime::DOWNLOAD_TIMEOUT)),
    /// and nothing is retried once the head of a success has come.
    pub stream: bool,
}

#[cfg(feature = "tracing")]
mod imp {
    use super::Call;
    use std::future::Future;
    use tracing::Instrument;

    pub type Span = tracing::Span;

    pub fn attempt(call: Call, method: &reqwest::Method, attempt: u32) -> Span {
        tracing::info_span!(
            "intercom.request",
            operation = call.operation,
            method = %method,
            path = call.path,
            attempt,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        )
    }

    pub fn answered(span: &Span, r: &reqwest::Response) {
        span.record("status", r.status().as_u16());
        if let Some(id) = r
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
        {
            span.record("request_id", id);
        }
    }

    pub fn retrying(span: &Span, wait: std::time::Duration, why: &str) {
        span.in_scope(|| {
            tracing::info!(wait_ms = wait.as_millis() as u64, reason = why, "retrying")
        });
    }

    pub fn paced(span: &Span, wait: std::time::Duration) {
        span.in_scope(|| {
            tracing::info!(
                wait_ms = wait.as_millis() as u64,
                "waited for the rate-limit window"
            )
        });
    }

    pub fn budget_spent(span: &Span, tokens_left: u32) {
        span.in_scope(|| tracing::warn!(tokens_left, "retry budget spent: not retrying"));
    }

    pub fn within<F: Future>(span: &Span, f: F) -> impl Future<Output = F::Output> {
        f.instrument(span.clone())
    }
}

#[cfg(not(feature = "tracing"))]
mod imp {
    use super::Call;
    use std::future::Future;

    #[derive(Clone, Copy)]
    pub struct Span;

    pub fn attempt(_: Call, _: &reqwest::Method, _: u32) -> Span {
        Span
    }
    pub fn answered(_: &Span, _: &reqwest::Response) {}
    pub fn retrying(_: &Span, _: std::time::Duration, _: &str) {}
    pub fn paced(_: &Span, _: std::time::Duration) {}
    pub fn budget_spent(_: &Span, _: u32) {}
    pub fn within<F: Future>(_: &Span, f: F) -> F {
        f
    }
}

pub(crate) use imp::{answered, attempt, budget_spent, paced, retrying, within, Span};
