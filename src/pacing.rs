//! Pacing to Intercom's rate limit, shared by every clone of a client.
//!
//! Intercom answers each request with `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the end of the current
//! window, in Unix seconds). When no call is left in the window, requests
//! wait for the reset *before* they are sent, instead of all getting a 429
//! and retrying together. Between answers, each request counts itself down
//! locally, so that many tasks started together do not all spend the last
//! calls of a window; when a window ends, the next starts from its limit.
//!
//! A cap on concurrent requests (`ClientBuilder::max_concurrency`) is a
//! semaphore held for one attempt at a time, never across a retry's wait.

use crate::rate_limit::RateLimit;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// What the client knows of the current rate-limit window.
#[derive(Debug, Default)]
struct Window {
    limit: Option<u64>,
    /// Calls left, counted down by each request sent; `None`: unknown.
    remaining: Option<u64>,
    reset: Option<SystemTime>,
}

/// Shared by the clones of one client (inside the runtime's `Arc`). Not
/// public API: this crate's tests reach it through the hidden
/// `__test-support` feature.
#[derive(Debug)]
pub struct Pacer {
    enabled: bool,
    /// The longest a request waits for a window to reset.
    max_wait: Duration,
    window: Mutex<Window>,
    concurrency: Option<tokio::sync::Semaphore>,
}

/// Held while one attempt is in flight (a permit of the concurrency cap).
pub struct Slot<'a> {
    _permit: Option<tokio::sync::SemaphorePermit<'a>>,
}

impl Pacer {
    /// A pacer (`enabled`: wait for the window) with at most `max_wait` per
    /// request and an optional cap on requests in flight.
    pub fn new(enabled: bool, max_wait: Duration, max_concurrency: Option<usize>) -> Self {
        Pacer {
            enabled,
            max_wait,
            window: Mutex::new(Window::default()),
            concurrency: max_concurrency.map(|n| tokio::sync::Semaphore::new(n.max(1))),
        }
    }

    /// Waits until a request may be sent: a concurrency slot, then a call
    /// left in the window. Returns the slot and how long the window made it
    /// wait.
    pub async fn admit(&self) -> (Slot<'_>, Duration) {
        let permit = match &self.concurrency {
            // The semaphore is never closed.
            Some(s) => s.acquire().await.ok(),
            None => None,
        };
        let mut waited = Duration::ZERO;
        if !self.enabled {
            return (Slot { _permit: permit }, waited);
        }
        loop {
            let wait = self.take(SystemTime::now());
            // Never wait past the cap in all; then send and learn.
            let wait = wait.min(self.max_wait.saturating_sub(waited));
            if wait.is_zero() {
                break;
            }
            tokio::time::sleep(wait).await;
            waited += wait;
        }
        (Slot { _permit: permit }, waited)
    }

    /// Takes one call of the window at `now`, or says how long to wait.
    pub fn take(&self, now: SystemTime) -> Duration {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        if w.reset.is_some_and(|r| r <= now) {
            // The window is over: the next one starts from the limit.
            w.reset = None;
            w.remaining = w.limit;
        }
        match w.remaining {
            None => Duration::ZERO,
            Some(0) => match w.reset {
                Some(reset) => reset.duration_since(now).unwrap_or_default(),
                // Nothing left and no reset known: we cannot know more than
                // the server will tell us on the next answer.
                None => {
                    w.remaining = None;
                    Duration::ZERO
                }
            },
            Some(n) => {
                w.remaining = Some(n - 1);
                Duration::ZERO
            }
        }
    }

    /// Learns from an answer's headers. A new window is believed as told;
    /// within the same window, the lower of the server's count and ours
    /// (ours already counts the requests still in flight).
    pub fn learn(&self, rl: &RateLimit) {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        let reset = rl.reset.map(SystemTime::from);
        if rl.limit.is_some() {
            w.limit = rl.limit;
        }
        let same_window = reset.is_some() && reset == w.reset;
        w.remaining = match (rl.remaining, same_window) {
            (Some(r), true) => Some(w.remaining.map_or(r, |mine| mine.min(r))),
            (Some(r), false) => Some(r),
            (None, _) => w.remaining,
        };
        if reset.is_some() {
            w.reset = reset;
        }
    }
}
