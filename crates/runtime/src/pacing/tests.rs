//! The pacer's rules, one answer at a time (times are given, not read
//! from the clock), and its concurrency cap.

use super::{Pacer, Probe, Take};
use crate::rate_limit::RateLimit;
use std::time::{Duration, SystemTime};

fn at(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

fn rl(limit: u64, remaining: u64, reset: i64) -> RateLimit {
    RateLimit {
        limit: Some(limit),
        remaining: Some(remaining),
        reset: chrono::DateTime::from_timestamp(reset, 0),
    }
}

const GO: Take = Take::Send(Probe::No);

fn secs(s: u64) -> Take {
    Take::Wait(Duration::from_secs(s))
}

/// The answer to an attempt sent at `sent` and answered at `now`.
fn answer(p: &Pacer, rl: RateLimit, sent: SystemTime, now: SystemTime, probe: Probe) {
    p.learn_at(Some(&rl), false, sent, now, probe);
    p.done(probe);
}

#[test]
fn the_pacer_starts_slow_counts_down_and_waits_past_the_reset() {
    let p = Pacer::new(true, Duration::from_secs(60), None);
    // Nothing known yet: one request goes alone, the others wait for it.
    assert_eq!(p.take(at(100)), Take::Send(Probe::First));
    assert!(matches!(p.take(at(100)), Take::Wait(w) if w <= Duration::from_millis(50)));
    answer(&p, rl(10, 2, 110), at(100), at(101), Probe::First);
    assert_eq!(p.take(at(101)), GO);
    assert_eq!(p.take(at(101)), GO);
    // Both calls left are spent (counted locally, before any answer): wait
    // for the reset.
    assert_eq!(p.take(at(101)), secs(9));
    // A late answer of the same window cannot raise the count.
    p.learn_at(Some(&rl(10, 1, 110)), false, at(101), at(102), Probe::No);
    assert_eq!(p.take(at(105)), secs(5));
    p.done(Probe::No);
    p.done(Probe::No);
    // At the reset, once, one request goes alone: the server's window is
    // still on (the reset was truncated), so it meets a 429 and the margin
    // stays: the reset is whole seconds, the window is over a second after.
    assert_eq!(p.take(at(110)), Take::Send(Probe::Edge));
    p.learn_at(Some(&rl(10, 0, 110)), true, at(110), at(110), Probe::Edge);
    p.done(Probe::Edge);
    assert_eq!(p.take(at(110)), secs(1));
    // After the margin, the next window starts from the limit...
    for _ in 0..10 {
        assert_eq!(p.take(at(111)), GO);
    }
    // ...which its first answer can only lower (it has not seen the other
    // nine yet)...
    p.learn_at(Some(&rl(10, 9, 120)), false, at(111), at(111), Probe::No);
    assert_eq!(p.take(at(111)), secs(10));
    // ...and an answer of the window before says nothing of this one.
    p.learn_at(Some(&rl(10, 5, 110)), false, at(109), at(111), Probe::No);
    assert_eq!(p.take(at(112)), secs(9));
    for _ in 0..8 {
        p.done(Probe::No);
    }
    // A window the server began before the client's edge is believed, less
    // the request still in flight that it has not seen; and since the
    // window of 120 ended before this answer came, the margin shrinks to
    // half a second.
    let half = at(120) + Duration::from_millis(500);
    p.learn_at(Some(&rl(10, 7, 130)), false, at(120), half, Probe::No);
    p.done(Probe::No);
    for _ in 0..6 {
        assert_eq!(p.take(half), GO);
    }
    assert_eq!(p.take(half), secs(10));
}

#[test]
fn an_edge_probe_in_the_new_window_shrinks_the_margin_and_a_429_grows_it() {
    let p = Pacer::new(true, Duration::from_secs(60), None);
    assert_eq!(p.take(at(100)), Take::Send(Probe::First));
    answer(&p, rl(10, 0, 110), at(100), at(100), Probe::First);
    assert_eq!(p.take(at(105)), secs(5));
    // The reset was rounded up: at 110 the server's window is new.
    assert_eq!(p.take(at(110)), Take::Send(Probe::Edge));
    let ms = |m: u64| at(110) + Duration::from_millis(m);
    answer(&p, rl(10, 9, 120), ms(0), ms(20), Probe::Edge);
    for _ in 0..9 {
        assert_eq!(p.take(ms(20)), GO);
    }
    // The next window is over 20 ms after its reset, not a second.
    assert_eq!(
        p.take(ms(20)),
        Take::Wait(Duration::from_millis(9_980 + 20))
    );
    for _ in 0..9 {
        p.done(Probe::No);
    }
    // A 429 sent after the edge: the server's clock is behind ours.
    assert_eq!(p.take(at(121)), GO);
    let late = at(121) + Duration::from_millis(500);
    p.learn_at(Some(&rl(10, 0, 120)), true, late, late, Probe::No);
    p.done(Probe::No);
    assert_eq!(p.take(late), Take::Wait(Duration::from_millis(50)));
}

#[test]
fn an_answer_of_the_old_window_to_a_request_sent_after_the_edge_moves_the_edge() {
    let p = Pacer::new(true, Duration::from_secs(60), None);
    assert_eq!(p.take(at(100)), Take::Send(Probe::First));
    answer(&p, rl(10, 0, 110), at(100), at(100), Probe::First);
    // The edge probe finds the new window: the margin shrinks to 0.
    assert_eq!(p.take(at(110)), Take::Send(Probe::Edge));
    answer(&p, rl(10, 0, 120), at(110), at(110), Probe::Edge);
    // At 120 the client begins the next window; the server is not there
    // yet (its windows vary): a request sent at 120.2 is counted in the
    // window of 120, with 3 calls left there.
    let t = at(120) + Duration::from_millis(200);
    assert_eq!(p.take(t), GO);
    assert_eq!(p.take(t), GO);
    p.learn_at(Some(&rl(10, 3, 120)), false, t, t, Probe::No);
    p.done(Probe::No);
    // Back to that window: 3 left, less the request still in flight.
    assert_eq!(p.take(t), GO);
    assert_eq!(p.take(t), GO);
    // Then wait past its reset by more than before (0.25 s).
    assert_eq!(p.take(t), Take::Wait(Duration::from_millis(50)));
    // With nothing in flight and nothing known, one request goes alone.
    let q = Pacer::new(true, Duration::from_secs(60), None);
    assert_eq!(q.take(at(100)), Take::Send(Probe::First));
    answer(&q, rl(2, 1, 110), at(100), at(100), Probe::First);
    assert_eq!(q.take(at(112)), GO);
    assert_eq!(q.take(at(112)), GO);
    assert_eq!(q.take(at(112)), Take::Wait(Duration::from_millis(50)));
}

#[test]
fn without_rate_limit_headers_the_slow_start_ends_and_nothing_waits() {
    let p = Pacer::new(true, Duration::from_secs(60), None);
    assert_eq!(p.take(at(100)), Take::Send(Probe::First));
    // The probe failed without an answer: the next request tries.
    p.done(Probe::First);
    assert_eq!(p.take(at(100)), Take::Send(Probe::First));
    p.learn_at(None, false, at(100), at(100), Probe::First);
    p.done(Probe::First);
    for _ in 0..100 {
        assert_eq!(p.take(at(100)), GO);
    }
}

#[tokio::test]
async fn a_disabled_pacer_never_waits_and_a_capped_one_never_exceeds_its_cap() {
    let p = Pacer::new(false, Duration::from_secs(60), None);
    let now = SystemTime::now();
    p.learn_at(
        Some(&rl(10, 0, i64::from(u32::MAX))),
        false,
        now,
        now,
        Probe::No,
    );
    let (_, waited) = p.admit().await;
    assert_eq!(waited, Duration::ZERO);

    // Two slots: a third admission waits until one is given back.
    let p = Pacer::new(true, Duration::from_secs(60), Some(2));
    let a = p.admit().await;
    // An answer without rate-limit headers ends the slow start: the second
    // request goes at once.
    a.0.learn(None, false);
    let _b = p.admit().await;
    let third = tokio::time::timeout(Duration::from_millis(50), p.admit()).await;
    assert!(
        third.is_err(),
        "a third request got a slot while two were in flight"
    );
    drop(a);
    let third = tokio::time::timeout(Duration::from_secs(5), p.admit()).await;
    assert!(third.is_ok(), "a freed slot was not handed on");
}

#[tokio::test]
async fn the_wait_cap_sends_anyway_and_a_slot_tells_the_pacer_its_answer() {
    // No wait allowed: while the first request is out alone (slow start),
    // the second goes anyway instead of waiting for its answer.
    let p = Pacer::new(true, Duration::ZERO, None);
    let (first, waited) = p.admit().await;
    assert_eq!(waited, Duration::ZERO);
    let (second, waited) = p.admit().await;
    assert_eq!(waited, Duration::ZERO);
    drop(second);
    // The first answer, through its slot: no call left in a window that
    // resets in an hour. The next request would wait, but the cap is 0.
    let reset = SystemTime::now() + Duration::from_secs(3600);
    let reset = reset
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    first.learn(Some(&rl(10, 0, reset as i64)), false);
    drop(first);
    assert!(matches!(p.take(SystemTime::now()), Take::Wait(w) if w > Duration::from_secs(3000)));
    let (_third, waited) = p.admit().await;
    assert_eq!(waited, Duration::ZERO);
}
