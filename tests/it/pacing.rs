//! Pacing to the rate-limit window, the cap on concurrent requests, the
//! retry budget, and retrying connections that were never made (the
//! runtime: crates/runtime/src/pacing.rs, crates/runtime/src/retry.rs). Load and faults together are in
//! `load.rs`.

use intercom_api::{
    __Pacer as Pacer, __Probe as Probe, __Take as Take, Outcome, RateLimit, RetryPolicy,
};
use reqwest::Method;
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

#[test]
fn a_connection_never_made_is_retried_for_every_method() {
    for m in [
        Method::GET,
        Method::POST,
        Method::PATCH,
        Method::PUT,
        Method::DELETE,
    ] {
        assert!(RetryPolicy::is_retryable(&m, Outcome::Connect), "{m}");
    }
    assert!(!RetryPolicy::is_retryable(
        &Method::POST,
        Outcome::Transport
    ));
    assert!(RetryPolicy::is_retryable(&Method::GET, Outcome::Transport));
    assert_eq!(
        Outcome::Status(reqwest::StatusCode::TOO_MANY_REQUESTS).retry_cost(),
        0
    );
    assert!(
        Outcome::Connect.retry_cost()
            > Outcome::Status(reqwest::StatusCode::BAD_GATEWAY).retry_cost()
    );
}

#[cfg(feature = "v2_14")]
mod with_client {
    use super::*;
    use crate::client::quick_retries;
    use intercom_api::v2_14::Client;
    use intercom_api::{Error, VersionClient};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn a_refused_connection_is_retried_for_a_post_and_it_arrives_once() {
        // A port nobody listens on yet; the server starts there after the
        // client's first attempts were refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}");
        let c = Client::builder()
            .token("t")
            .base_url(url)
            .retry(
                RetryPolicy::default()
                    .with_backoff(Duration::from_millis(150), Duration::from_millis(150))
                    .with_jitter(false)
                    .with_max_attempts(8),
            )
            .build()
            .unwrap();
        let late = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
            let server = MockServer::builder().listener(listener).start().await;
            Mock::given(method("POST"))
                .and(path("/contacts/c1/archive"))
                .respond_with(ResponseTemplate::new(200).set_body_json(
                    serde_json::json!({"type": "contact", "id": "c1", "archived": true}),
                ))
                .mount(&server)
                .await;
            tokio::time::sleep(Duration::from_secs(3)).await;
            server.received_requests().await.unwrap().len()
        });
        let archived = c.archive_contact().contact_id("c1").send().await;
        assert!(archived.is_ok(), "{:?}", archived.err());
        assert_eq!(late.await.unwrap(), 1, "the POST reached the server once");
    }

    #[tokio::test]
    async fn the_retry_budget_stops_retrying_a_failing_server_and_keeps_the_answer() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/tags"))
            .respond_with(ResponseTemplate::new(503).set_body_string("down"))
            .mount(&server)
            .await;
        // Two retries' worth of tokens (5 each), four attempts per request.
        let c = Client::builder()
            .token("t")
            .base_url(server.uri())
            .retry(quick_retries().with_max_attempts(4).with_retry_budget(10))
            .build()
            .unwrap();
        for _ in 0..3 {
            let err: Error = c.list_tags().send().await.unwrap_err().into();
            assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
            assert_eq!(err.body().unwrap().as_ref(), b"down");
        }
        // 1 + 2 retries, then one attempt each: the budget is shared.
        assert_eq!(server.received_requests().await.unwrap().len(), 5);
        assert_eq!(c.runtime().retry_budget_left(), 0);
        assert_eq!(
            c.clone().runtime().retry_budget_left(),
            0,
            "clones share it"
        );
    }

    #[tokio::test]
    async fn with_no_call_left_the_next_request_waits_for_the_window_before_it_is_sent() {
        let server = MockServer::start().await;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        Mock::given(method("GET"))
            .and(path("/tags"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-ratelimit-limit", "5")
                    .insert_header("x-ratelimit-remaining", "0")
                    .insert_header("x-ratelimit-reset", (now + 3).to_string().as_str())
                    .set_body_json(serde_json::json!({"type": "list", "data": []})),
            )
            .mount(&server)
            .await;
        let c = Client::builder()
            .token("t")
            .base_url(server.uri())
            .retry(quick_retries())
            .build()
            .unwrap();
        c.list_tags().send().await.unwrap();
        let start = std::time::Instant::now();
        c.list_tags().send().await.unwrap();
        // The reset was 2–3 s away when set (a busy machine may take a
        // second for the first request): the request waited for it, was
        // sent once and got no 429.
        assert!(
            start.elapsed() >= Duration::from_millis(900),
            "sent after {:?}",
            start.elapsed()
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 2);

        // With pacing off, a window that resets in a minute does not hold
        // the next request (with pacing on, it would wait that minute).
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/tags"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-ratelimit-remaining", "0")
                    .insert_header("x-ratelimit-reset", (now + 60).to_string().as_str())
                    .set_body_json(serde_json::json!({"type": "list", "data": []})),
            )
            .mount(&server)
            .await;
        let c = Client::builder()
            .token("t")
            .base_url(server.uri())
            .retry(RetryPolicy::default().with_max_rate_limit_wait(Duration::from_secs(120)))
            .pace(false)
            .build()
            .unwrap();
        c.list_tags().send().await.unwrap();
        let second = tokio::time::timeout(Duration::from_secs(20), c.list_tags().send()).await;
        assert!(
            second.is_ok_and(|r| r.is_ok()),
            "pacing off still waited for the window"
        );
    }
}
