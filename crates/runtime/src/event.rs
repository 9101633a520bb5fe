//! What a program may watch of its calls without the `tracing` feature: each
//! retry and each wait for the rate limit, told before the wait begins.

use crate::retry::Outcome;
use std::sync::Arc;
use std::time::Duration;

/// An event of a call, given to the observer set with
/// [`ClientBuilder::on_event`](crate::ClientBuilder::on_event) or
/// [`CallOptions::on_event`](crate::CallOptions::on_event), before the wait
/// it announces:
///
/// (an example is in the [errors guide](https://docs.rs/intercom-api/latest/intercom_api/guide/errors/index.html#observing-retries-and-waits))
///
/// The observer runs on the call's task: keep it short (a counter, a
/// channel's `try_send`, a log line).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// An attempt failed, and the call is sent again after `wait` (by the
    /// [`RetryPolicy`](crate::RetryPolicy) rule). A 429 is told as
    /// [`Event::RateLimitWait`] instead.
    #[non_exhaustive]
    Retry {
        /// The operation (the client method's name; `raw` for
        /// [`RawRequest`](crate::raw::RawRequest)).
        operation: &'static str,
        /// The attempt that failed (1 for the first).
        attempt: u32,
        /// The wait before the next attempt.
        wait: Duration,
        /// How the attempt failed.
        reason: Outcome,
    },
    /// The call waits for Intercom's rate-limit window.
    #[non_exhaustive]
    RateLimitWait {
        /// The operation (as in [`Event::Retry`]).
        operation: &'static str,
        /// The wait (capped by
        /// [`RetryPolicy::max_rate_limit_wait`](crate::RetryPolicy::max_rate_limit_wait)).
        wait: Duration,
        /// Why.
        cause: RateLimitCause,
    },
}

/// Why a call waits for the rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitCause {
    /// Intercom said no call is left in the window: the call waits for it
    /// to reset before it is sent (pacing, [`ClientBuilder::pace`](crate::ClientBuilder::pace)).
    WindowSpent,
    /// Intercom answered 429: the call is sent again when Intercom said
    /// (`Retry-After` / `X-RateLimit-Reset`).
    TooManyRequests,
}

/// An observer of events.
pub(crate) type Observer = Arc<dyn Fn(&Event) + Send + Sync>;
