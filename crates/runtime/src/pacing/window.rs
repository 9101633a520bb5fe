//! What the pacer knows of the rate-limit window, and how an answer
//! changes it (the rules are in the parent module's docs).

use super::{EDGE_MARGIN, POLL};
use crate::rate_limit::RateLimit;
use std::time::{Duration, SystemTime};
/// Whether the edge probe was sent (see [`Probe::Edge`](super::Probe::Edge)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EdgeProbe {
    Untried,
    InFlight,
    /// Answered: the margin is as small as one answer can show.
    Done,
}

/// What the client knows of the first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// No answer yet: one request at a time goes out to learn the window
    /// (`Some`: since when one is on its way).
    Unknown(Option<SystemTime>),
    /// An answer had rate-limit headers.
    Known,
    /// An answer came without them: nothing to pace by.
    Headerless,
}

/// What the client knows of the current rate-limit window.
#[derive(Debug)]
pub(super) struct Window {
    pub(super) start: Start,
    pub(super) limit: Option<u64>,
    /// Calls left, counted down by each request sent; `None`: unknown.
    pub(super) remaining: Option<u64>,
    /// The reset of the window being counted; `None` after the client began
    /// a window itself and before an answer named it.
    pub(super) reset: Option<SystemTime>,
    /// The latest reset any answer gave.
    pub(super) latest: Option<SystemTime>,
    /// How long after its reset a window is over (see [`EDGE_MARGIN`]), in
    /// milliseconds; below zero when resets are late (rounded up).
    pub(super) margin: i64,
    /// Attempts admitted and not yet over.
    pub(super) in_flight: u64,
    pub(super) edge_probe: EdgeProbe,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            start: Start::Unknown(None),
            limit: None,
            remaining: None,
            reset: None,
            latest: None,
            margin: millis(EDGE_MARGIN),
            in_flight: 0,
            edge_probe: EdgeProbe::Untried,
        }
    }
}

pub(super) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// `a - b` in milliseconds, below zero when `a` is earlier.
fn signed_millis(a: SystemTime, b: SystemTime) -> i64 {
    match a.duration_since(b) {
        Ok(d) => millis(d),
        Err(e) => -millis(e.duration()),
    }
}

impl Window {
    /// When the window that resets at `reset` is over for the client.
    pub(super) fn edge(&self, reset: SystemTime) -> SystemTime {
        let m = Duration::from_millis(self.margin.unsigned_abs());
        if self.margin >= 0 {
            reset + m
        } else {
            reset.checked_sub(m).unwrap_or(reset)
        }
    }
}

pub(super) fn learn(
    w: &mut Window,
    rl: &RateLimit,
    limited: bool,
    sent: SystemTime,
    now: SystemTime,
) {
    if rl.limit.is_some() {
        w.limit = rl.limit;
    }
    w.start = Start::Known;
    let told = if limited { Some(0) } else { rl.remaining };
    let Some(reset) = rl.reset.map(SystemTime::from) else {
        // No reset: all we can do is not count more than the server.
        if let (Some(r), Some(mine)) = (told, w.remaining) {
            w.remaining = Some(mine.min(r));
        }
        return;
    };
    // Sent when the client thought this window over.
    let past_edge = w.edge(reset) <= sent;
    if limited && past_edge {
        // The server still counted a window the client thought over: its
        // clock is behind ours, or its windows vary. Wait longer.
        w.margin = signed_millis(sent, reset) + millis(POLL);
    }
    if let Some(latest) = w.latest.filter(|&l| l < reset) {
        // A newer window than any seen: the one that reset at `latest`
        // ended before this answer came, which bounds the margin.
        // (Before it: resets are rounded up, windows end before them.)
        w.margin = w.margin.min(signed_millis(now, latest));
    }
    let others = w.in_flight.saturating_sub(1);
    match (w.reset, w.latest) {
        // An answer of an older window than the latest seen: it says
        // nothing of this one.
        (_, Some(latest)) if reset < latest => {}
        // The window being counted: the lower of the two counts (ours
        // already counts the requests still in flight).
        (Some(current), _) if current == reset => {
            if let Some(r) = told {
                w.remaining = Some(w.remaining.map_or(r, |mine| mine.min(r)));
            }
        }
        // The window the client already ended, after it began the next:
        // the answer to a request sent before the edge is stale; one sent
        // after it says the server's window is still on (its clock is
        // behind, or its windows vary): back to that window, and wait
        // longer after each reset from now on.
        (None, Some(latest)) if latest == reset => {
            if past_edge {
                w.margin = w.margin.max(signed_millis(sent, reset) + millis(POLL));
                w.reset = Some(reset);
                w.remaining = told.map(|r| r.saturating_sub(others));
            }
        }
        // The first answer of the window the client began itself: the
        // client has counted every request it sent in it; the server, only
        // those it has seen.
        (None, Some(_)) => {
            w.reset = Some(reset);
            if let Some(r) = told {
                w.remaining = Some(w.remaining.map_or(r, |mine| mine.min(r)));
            }
        }
        // A window the client did not know (the first answer, or the
        // server began it before the client's edge): believed, less the
        // requests on their way that the server has not seen yet.
        _ => {
            w.reset = Some(reset);
            w.remaining = told.map(|r| r.saturating_sub(others));
        }
    }
    if w.latest.is_none_or(|l| l < reset) {
        w.latest = Some(reset);
    }
}
