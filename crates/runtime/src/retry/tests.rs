//! The retry rules, the waits and the retry budget.

use super::*;
use reqwest::header::HeaderValue;

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PATCH,
    Method::PUT,
    Method::DELETE,
];

#[test]
fn a_connection_never_made_is_retried_for_every_method() {
    for m in METHODS {
        assert!(RetryPolicy::is_retryable(&m, Outcome::Connect), "{m}");
    }
    assert!(!RetryPolicy::is_retryable(
        &Method::POST,
        Outcome::Transport
    ));
    assert!(RetryPolicy::is_retryable(&Method::GET, Outcome::Transport));
    assert_eq!(
        Outcome::Status(StatusCode::TOO_MANY_REQUESTS).retry_cost(),
        0
    );
    assert!(Outcome::Connect.retry_cost() > Outcome::Status(StatusCode::BAD_GATEWAY).retry_cost());
}

#[test]
fn a_write_is_never_sent_twice_if_it_may_have_arrived() {
    for m in METHODS {
        let idempotent = !matches!(m, Method::POST | Method::PATCH);
        // Intercom did not process a 429: every method goes again.
        let limited = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
        assert!(RetryPolicy::is_retryable(&m, limited), "{m} 429");
        for s in [
            StatusCode::REQUEST_TIMEOUT,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::BAD_GATEWAY,
            StatusCode::SERVICE_UNAVAILABLE,
        ] {
            let retried = RetryPolicy::is_retryable(&m, Outcome::Status(s));
            assert_eq!(retried, idempotent, "{m} {s}");
        }
        // A client error is the request's fault: never sent again.
        for s in [
            StatusCode::BAD_REQUEST,
            StatusCode::UNAUTHORIZED,
            StatusCode::NOT_FOUND,
            StatusCode::CONFLICT,
            StatusCode::UNPROCESSABLE_ENTITY,
        ] {
            assert!(
                !RetryPolicy::is_retryable(&m, Outcome::Status(s)),
                "{m} {s}"
            );
        }
    }
}

#[test]
fn the_backoff_doubles_up_to_its_cap_and_jitter_keeps_half_of_it() {
    let p = RetryPolicy::default()
        .with_backoff(Duration::from_millis(100), Duration::from_millis(350))
        .with_jitter(false);
    let ms: Vec<u128> = (1..=5).map(|r| p.backoff(r).as_millis()).collect();
    assert_eq!(ms, [100, 200, 350, 350, 350]);
    // A huge retry number saturates instead of overflowing.
    assert_eq!(p.backoff(u32::MAX), Duration::from_millis(350));
    let jittered = p.clone().with_jitter(true);
    for _ in 0..200 {
        let d = jittered.backoff(2);
        assert!(
            d >= Duration::from_millis(100) && d <= Duration::from_millis(200),
            "{d:?}"
        );
    }
    // The cap is never below the first backoff.
    let p = RetryPolicy::default().with_backoff(Duration::from_secs(2), Duration::from_secs(1));
    assert_eq!(p.max_backoff, Duration::from_secs(2));
}

#[test]
fn the_delay_stops_after_the_last_attempt_and_follows_what_a_429_asks() {
    let p = RetryPolicy::default()
        .with_max_attempts(3)
        .with_backoff(Duration::from_millis(10), Duration::from_secs(1))
        .with_max_rate_limit_wait(Duration::from_secs(30))
        .with_jitter(false);
    let get = Method::GET;
    let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        p.delay(&get, unavailable, None, 1),
        Some(Duration::from_millis(10))
    );
    assert_eq!(
        p.delay(&get, unavailable, None, 2),
        Some(Duration::from_millis(20))
    );
    // Three attempts in all: no third retry.
    assert_eq!(p.delay(&get, unavailable, None, 3), None);
    // Not retryable: no delay at all.
    let post = Method::POST;
    assert_eq!(p.delay(&post, unavailable, None, 1), None);

    let limited = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
    let mut h = HeaderMap::new();
    h.insert("retry-after", HeaderValue::from_static(" 7 "));
    assert_eq!(
        p.delay(&post, limited, Some(&h), 1),
        Some(Duration::from_secs(7))
    );
    // Capped by `max_rate_limit_wait`.
    h.insert("retry-after", HeaderValue::from_static("3600"));
    assert_eq!(
        p.delay(&post, limited, Some(&h), 1),
        Some(Duration::from_secs(30))
    );
    // An unreadable header falls back to the backoff.
    h.insert("retry-after", HeaderValue::from_static("soon"));
    assert_eq!(
        p.delay(&post, limited, Some(&h), 1),
        Some(Duration::from_millis(10))
    );
    // `X-RateLimit-Reset`: Unix seconds; a reset in the past waits 0.
    let mut h = HeaderMap::new();
    h.insert("x-ratelimit-reset", HeaderValue::from_static("1"));
    assert_eq!(requested_wait(&h), Some(Duration::ZERO));
    let later = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 100;
    h.insert("x-ratelimit-reset", HeaderValue::from(later));
    let wait = requested_wait(&h).unwrap();
    assert!(
        wait > Duration::from_secs(90) && wait <= Duration::from_secs(100),
        "{wait:?}"
    );
    assert_eq!(requested_wait(&HeaderMap::new()), None);
}

#[test]
fn no_retries_means_one_attempt() {
    assert_eq!(RetryPolicy::none().max_attempts, 1);
    assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
    let p = RetryPolicy::none();
    let outcome = Outcome::Status(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(p.delay(&Method::GET, outcome, None, 1), None);
}

#[test]
fn the_budget_pays_for_retries_until_it_is_spent_and_successes_refill_it() {
    let b = Budget::new(12);
    assert!(b.spend(RETRY_COST));
    assert!(b.spend(RETRY_COST));
    assert_eq!(b.left(), 2);
    // Too little left: refused, and nothing is taken.
    assert!(!b.spend(RETRY_COST));
    assert_eq!(b.left(), 2);
    // A free retry (after a 429) is always paid.
    assert!(b.spend(Outcome::Status(StatusCode::TOO_MANY_REQUESTS).retry_cost()));
    for _ in 0..3 {
        b.earn();
    }
    assert_eq!(b.left(), 5);
    assert!(b.spend(RETRY_COST));
    // Earning stops at the capacity.
    for _ in 0..100 {
        b.earn();
    }
    assert_eq!(b.left(), 12);
    assert!(!b.spend(13));
    // A budget of 0 is no budget: every retry is paid.
    let none = Budget::new(0);
    for _ in 0..10 {
        assert!(none.spend(CONNECTION_RETRY_COST));
    }
}
