//! When and how long to wait before sending a request again.
//!
//! The rule: a request is sent again only when doing so cannot repeat a write.
//! A 429 means Intercom did not process the request, so every method is
//! retried. A connection that could not be made (refused, DNS, TLS, connect
//! timeout) carried no byte of the request, so every method is retried too.
//! A 408, a 5xx or a connection that broke after it was made may come after
//! the server acted, so only idempotent methods (GET, HEAD, PUT, DELETE,
//! OPTIONS) are retried. A POST is never sent twice if it may have arrived.
//!
//! Retries also spend a budget shared by the clones of a client (a token
//! bucket, as in aws-sdk-rust's standard retry mode), so that a failing
//! server is not hammered: see [`RetryPolicy::retry_budget`].

use reqwest::{header::HeaderMap, Method, StatusCode};
use std::time::{Duration, SystemTime};

/// How requests are retried. `RetryPolicy::default()` makes up to 4 attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before the first retry; doubled each time.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff.
    pub max_backoff: Duration,
    /// Upper bound of a wait that Intercom asked for on a 429
    /// (`Retry-After` / `X-RateLimit-Reset`).
    pub max_rate_limit_wait: Duration,
    /// Randomise each backoff (equal jitter: a wait between half and all of it).
    pub jitter: bool,
    /// Tokens of the retry budget, shared by the clones of a client. A retry
    /// after a 5xx or 408 costs [`RETRY_COST`], after a broken or refused
    /// connection [`CONNECTION_RETRY_COST`]; a retry after a 429 is free
    /// (Intercom asked for it, and the client waits as told). Each request
    /// that succeeds earns one token back, up to this many. When the
    /// budget cannot pay for a retry, the last answer (or connection error)
    /// is returned at once. 0 turns the budget off.
    pub retry_budget: u32,
}

/// Budget tokens a retry after a 5xx or 408 costs.
pub const RETRY_COST: u32 = 5;
/// Budget tokens a retry after a connection failure costs.
pub const CONNECTION_RETRY_COST: u32 = 10;

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_rate_limit_wait: Duration::from_secs(30),
            jitter: true,
            retry_budget: 500,
        }
    }
}

/// What happened to one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The server answered with this status.
    Status(StatusCode),
    /// No connection could be made: no byte of the request was sent.
    Connect,
    /// The connection timed out or broke after it was made, before a full
    /// answer: the server may have acted.
    Transport,
}

impl Outcome {
    /// The outcome of a request that failed with `e`.
    pub fn of_error(e: &reqwest::Error) -> Outcome {
        if e.is_connect() {
            Outcome::Connect
        } else {
            Outcome::Transport
        }
    }

    /// Budget tokens a retry after this outcome costs.
    pub fn retry_cost(self) -> u32 {
        match self {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => 0,
            Outcome::Status(_) => RETRY_COST,
            Outcome::Connect | Outcome::Transport => CONNECTION_RETRY_COST,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts in all (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the first backoff and its cap.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Caps the wait Intercom may ask for on a 429.
    pub fn with_max_rate_limit_wait(mut self, max: Duration) -> Self {
        self.max_rate_limit_wait = max;
        self
    }

    /// Sets the retry budget (see [`RetryPolicy::retry_budget`]; 0: no budget).
    pub fn with_retry_budget(mut self, tokens: u32) -> Self {
        self.retry_budget = tokens;
        self
    }

    /// Turns jitter on or off (off makes waits predictable, e.g. in tests).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Whether `method` may be sent again after `outcome`, by the rule above.
    pub fn is_retryable(method: &Method, outcome: Outcome) -> bool {
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        match outcome {
            Outcome::Status(StatusCode::TOO_MANY_REQUESTS) => true,
            Outcome::Status(s) => {
                idempotent && (s == StatusCode::REQUEST_TIMEOUT || s.is_server_error())
            }
            Outcome::Connect => true,
            Outcome::Transport => idempotent,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry), or
    /// `None` when no attempt is left or the outcome is not retryable.
    pub fn delay(
        &self,
        method: &Method,
        outcome: Outcome,
        headers: Option<&HeaderMap>,
        retry: u32,
    ) -> Option<Duration> {
        if retry >= self.max_attempts || !Self::is_retryable(method, outcome) {
            return None;
        }
        if outcome == Outcome::Status(StatusCode::TOO_MANY_REQUESTS) {
            if let Some(wait) = headers.and_then(requested_wait) {
                return Some(wait.min(self.max_rate_limit_wait));
            }
        }
        Some(self.backoff(retry))
    }

    /// Exponential backoff for retry number `retry`, capped, with jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = 2u32.saturating_pow(retry.saturating_sub(1));
        let base = self
            .initial_backoff
            .saturating_mul(exp)
            .min(self.max_backoff);
        if !self.jitter || base.is_zero() {
            return base;
        }
        // Equal jitter: uniform in [base/2, base].
        let half = base / 2;
        half + Duration::from_nanos(fastrand::u64(..=half.as_nanos() as u64))
    }
}

/// The wait a 429 asks for: `Retry-After` (seconds or HTTP date is not used by
/// Intercom; seconds only), else `X-RateLimit-Reset` (Unix seconds) from now.
pub fn requested_wait(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(secs) = header("retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    let reset = header("x-ratelimit-reset")?.parse::<u64>().ok()?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    Some(Duration::from_secs(reset).saturating_sub(now))
}

/// The retry budget's tokens, shared by the clones of a client.
#[derive(Debug)]
pub(crate) struct Budget {
    capacity: u32,
    tokens: std::sync::atomic::AtomicU32,
}

impl Budget {
    pub(crate) fn new(capacity: u32) -> Self {
        Budget {
            capacity,
            tokens: std::sync::atomic::AtomicU32::new(capacity),
        }
    }

    /// Spends `cost` tokens if there are that many (always, without a budget).
    pub(crate) fn spend(&self, cost: u32) -> bool {
        use std::sync::atomic::Ordering;
        self.capacity == 0
            || self
                .tokens
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
                .is_ok()
    }

    /// One token back for a request that succeeded at once.
    pub(crate) fn earn(&self) {
        use std::sync::atomic::Ordering;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < self.capacity).then_some(t + 1)
            });
    }

    /// Tokens left.
    pub(crate) fn left(&self) -> u32 {
        self.tokens.load(std::sync::atomic::Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests;
