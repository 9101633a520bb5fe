//! Pacing to Intercom's rate limit, shared by every clone of a client.
//!
//! Intercom answers each request with `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining` and `X-RateLimit-Reset` (the end of the current
//! window, in whole Unix seconds). The client spends a window's calls
//! itself, counting each request down before it is sent, and when none is
//! left, requests wait for the next window *before* they are sent, instead
//! of all getting a 429 and retrying together. The rules, each against a
//! 429 that pacing can avoid:
//!
//! - **Slow start**: until an answer has told the limit, one request is sent
//!   alone and the others wait for its answer (at most [`SLOW_START_WAIT`]),
//!   so that a burst from many tasks does not overrun a window whose size
//!   nobody knows yet. It costs one round trip, once per client.
//! - **The edge**: a reset given in whole seconds may be up to a second
//!   early (the server's window need not start on a whole second; a
//!   truncated `12.6` reads `12`), so a window is over for the client
//!   [`EDGE_MARGIN`] after its reset, not at it. While the client waits,
//!   that is one second of a window's length; once it has spent a window's
//!   calls at its start, the next window's calls go out as one burst too,
//!   so the throughput is the same. A 429 that shows the server's clock
//!   behind ours widens the margin.
//! - **One count per window**: when the client starts a window itself,
//!   requests still in flight count against it, and the first answer of
//!   the new window can only lower the count (it does not yet know of the
//!   requests sent after it). Answers of an older window are ignored. A
//!   window the server began before the client did is believed, less the
//!   requests in flight that it has not seen yet.
//!
//! A cap on concurrent requests (`ClientBuilder::max_concurrency`) is a
//! semaphore held for one attempt at a time, never across a retry's wait.

#[cfg(test)]
mod tests;
mod window;

use crate::rate_limit::RateLimit;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use window::{learn, EdgeProbe, Start, Window};

/// How long after its `X-RateLimit-Reset` a window is over for the client:
/// the reset is whole seconds, the server's window end may lie up to a
/// second later.
pub const EDGE_MARGIN: Duration = Duration::from_secs(1);

/// The longest the first requests wait for the first answer (slow start);
/// after it, they are sent unpaced.
pub const SLOW_START_WAIT: Duration = Duration::from_secs(2);

/// How often a request waiting for an answer (not for a time) looks again,
/// at most; it is woken at once when an answer arrives.
const POLL: Duration = Duration::from_millis(50);

/// Why an attempt went out alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// Not alone: counted in the window.
    No,
    /// The slow start's request: the first, to learn the window.
    First,
    /// Sent at a window's reset, before the margin is known to be needed.
    Edge,
}
/// Shared by the clones of one client (inside the runtime's `Arc`).
#[derive(Debug)]
pub struct Pacer {
    enabled: bool,
    /// The longest a request waits for a window to reset.
    max_wait: Duration,
    window: Mutex<Window>,
    /// Woken when an answer or the end of an attempt may let requests go.
    changed: tokio::sync::Notify,
    concurrency: Option<tokio::sync::Semaphore>,
}

/// Held while one attempt is in flight (a permit of the concurrency cap):
/// dropping it tells the pacer the attempt is over.
pub struct Slot<'a> {
    pacer: &'a Pacer,
    /// When the pacer let the attempt go (`None`: pacing is off).
    sent: Option<SystemTime>,
    probe: Probe,
    _permit: Option<tokio::sync::SemaphorePermit<'a>>,
}

impl Slot<'_> {
    /// Learns from the answer to this attempt: its rate-limit headers (if
    /// any) and whether it was a 429.
    pub fn learn(&self, rl: Option<&RateLimit>, limited: bool) {
        if let Some(sent) = self.sent {
            self.pacer
                .learn_at(rl, limited, sent, SystemTime::now(), self.probe);
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if self.sent.is_some() {
            self.pacer.done(self.probe);
        }
    }
}

/// What [`Pacer::take`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Send now (alone, to learn the window, unless `Probe::No`).
    Send(Probe),
    /// Wait this long, or until an answer arrives.
    Wait(Duration),
}

impl Pacer {
    /// A pacer (`enabled`: wait for the window) with at most `max_wait` per
    /// request and an optional cap on requests in flight.
    pub fn new(enabled: bool, max_wait: Duration, max_concurrency: Option<usize>) -> Self {
        Pacer {
            enabled,
            max_wait,
            window: Mutex::new(Window::default()),
            changed: tokio::sync::Notify::new(),
            concurrency: max_concurrency.map(|n| tokio::sync::Semaphore::new(n.max(1))),
        }
    }

    /// Waits until a request may be sent: a concurrency slot, then a call
    /// left in the window. Returns the slot and how long the window made it
    /// wait.
    #[cfg(test)]
    pub async fn admit(&self) -> (Slot<'_>, Duration) {
        self.admit_with(&|_| {}).await
    }

    /// [`Pacer::admit`], telling `before_wait` each wait for the window
    /// before it begins.
    pub(crate) async fn admit_with(
        &self,
        before_wait: &(dyn Fn(Duration) + Sync),
    ) -> (Slot<'_>, Duration) {
        let permit = match &self.concurrency {
            // The semaphore is never closed.
            Some(s) => s.acquire().await.ok(),
            None => None,
        };
        let mut waited = Duration::ZERO;
        if !self.enabled {
            let slot = Slot {
                pacer: self,
                sent: None,
                probe: Probe::No,
                _permit: permit,
            };
            return (slot, waited);
        }
        let probe = loop {
            // Registered before looking, so that no answer is missed.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            let wait = match self.take(SystemTime::now()) {
                Take::Send(probe) => break probe,
                Take::Wait(wait) => wait,
            };
            // Never wait past the cap in all; then send and learn.
            let wait = wait.min(self.max_wait.saturating_sub(waited));
            if wait.is_zero() {
                self.force();
                break Probe::No;
            }
            before_wait(wait);
            let began = tokio::time::Instant::now();
            // Woken by an answer, or the wait is over.
            let _ = tokio::time::timeout(wait, changed).await;
            waited += began.elapsed();
        };
        let slot = Slot {
            pacer: self,
            sent: Some(SystemTime::now()),
            probe,
            _permit: permit,
        };
        (slot, waited)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes one call of the window at `now` (the caller then sends, and
    /// calls [`Pacer::done`] when the attempt is over), or says how long to
    /// wait.
    pub fn take(&self, now: SystemTime) -> Take {
        let mut w = self.lock();
        if let Some(reset) = w.reset {
            if w.edge(reset) <= now {
                // The window is over: the next one starts from the limit,
                // less the requests still on their way.
                w.reset = None;
                w.remaining = w.limit.map(|l| l.saturating_sub(w.in_flight));
            }
        }
        match w.start {
            Start::Unknown(None) => {
                w.start = Start::Unknown(Some(now));
                w.in_flight += 1;
                return Take::Send(Probe::First);
            }
            Start::Unknown(Some(since)) => {
                let waited = now.duration_since(since).unwrap_or_default();
                if waited < SLOW_START_WAIT {
                    return Take::Wait((SLOW_START_WAIT - waited).min(POLL));
                }
                // The first answer is slow: do not hold everyone for it.
            }
            Start::Known | Start::Headerless => {}
        }
        match w.remaining {
            Some(0) => match w.reset {
                // At the reset, once: one request goes out alone. If the
                // server's window is over, its answer shows how early the
                // next can begin (and the margin shrinks); if not, it meets
                // the one 429 that tells the margin is needed.
                Some(reset) if reset <= now && w.edge_probe == EdgeProbe::Untried => {
                    w.edge_probe = EdgeProbe::InFlight;
                    w.in_flight += 1;
                    Take::Send(Probe::Edge)
                }
                Some(reset) => {
                    let edge = if w.edge_probe == EdgeProbe::Untried {
                        reset
                    } else {
                        w.edge(reset)
                    };
                    Take::Wait(edge.duration_since(now).unwrap_or(POLL))
                }
                // Spent by requests still in flight in a window no answer
                // named yet: the next answer tells.
                None if w.in_flight > 0 => Take::Wait(POLL),
                // Nothing in flight and nothing known: one request goes to
                // learn (the others wait for its answer).
                None => {
                    w.in_flight += 1;
                    Take::Send(Probe::No)
                }
            },
            Some(n) => {
                w.remaining = Some(n - 1);
                w.in_flight += 1;
                Take::Send(Probe::No)
            }
            None => {
                w.in_flight += 1;
                Take::Send(Probe::No)
            }
        }
    }

    /// Sends without a call of the window (the wait cap is reached).
    fn force(&self) {
        self.lock().in_flight += 1;
    }

    /// An attempt admitted by [`Pacer::take`] is over.
    pub fn done(&self, probe: Probe) {
        {
            let mut w = self.lock();
            w.in_flight = w.in_flight.saturating_sub(1);
            // A probe that ended without an answer: the next request tries.
            if probe == Probe::First && matches!(w.start, Start::Unknown(_)) {
                w.start = Start::Unknown(None);
            }
            if probe == Probe::Edge && w.edge_probe == EdgeProbe::InFlight {
                w.edge_probe = EdgeProbe::Untried;
            }
        }
        self.changed.notify_waiters();
    }

    /// Learns from the answer to an attempt sent at `sent` and answered at
    /// `now` (`limited`: a 429; `probe`: why it went out alone).
    pub fn learn_at(
        &self,
        rl: Option<&RateLimit>,
        limited: bool,
        sent: SystemTime,
        now: SystemTime,
        probe: Probe,
    ) {
        {
            let mut w = self.lock();
            if probe == Probe::Edge {
                w.edge_probe = EdgeProbe::Done;
            }
            match rl {
                Some(rl) => learn(&mut w, rl, limited, sent, now),
                None if probe == Probe::First && matches!(w.start, Start::Unknown(_)) => {
                    w.start = Start::Headerless;
                }
                None => {}
            }
        }
        self.changed.notify_waiters();
    }
}
