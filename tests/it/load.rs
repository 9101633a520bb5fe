//! Load and faults together: a bulk job against a local server (127.0.0.1)
//! that enforces a rate limit with Intercom's headers (scaled down: 400
//! calls per 2-second window) and, from a fixed seed, answers some requests
//! with a 500, a 503, a connection reset before the answer, a truncated
//! body, a body slower than the client's timeout, or a 200 that is not JSON.
//!
//! The client sends 2,000 requests, half GET, half POST with unique ids,
//! 64 at a time, with a cap of 32 in flight. Asserted: every request ends
//! exactly once with a success or the typed error its fault calls for; no
//! POST reaches the handler twice; every GET whose faults a retry can cure
//! succeeds; the cap holds; the run ends (an overall bound, not a speed
//! target). Printed: throughput against the allowed rate, 429s per 1,000
//! requests, retries, errors by kind, memory.

#![cfg(feature = "v2_14")]

use futures::StreamExt;
use intercom_api::v2_14::Client;
use intercom_api::{Error, RetryPolicy};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const REQUESTS: usize = 2_000;
const CONCURRENCY: usize = 64;
const CAP: usize = 32;
const LIMIT: u64 = 400;
const WINDOW_SECS: u64 = 2;
const CLIENT_TIMEOUT: Duration = Duration::from_secs(4);
const SLOW: Duration = Duration::from_secs(6);
const SEED: u64 = 0x1c0f_fee5;

/// Held by each load test, so that neither measures the other's load.
static LOAD_TESTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    None,
    /// A 429 with Intercom's headers (only forced; the load run gets its
    /// 429s from the rate limit itself).
    RateLimited,
    Status500,
    Status503,
    Reset,
    Truncated,
    Slow,
    NotJson,
}

/// splitmix64: a fixed, dependency-free pseudo-random stream.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The fault for the `served`-th answer (1-based) to request `n`. A GET's
/// third answer onwards is clean, so six attempts (429s among them) can
/// always cure it,
/// unless the fault is one no retry cures (a 200 that is not JSON).
fn fault(n: u64, served: u32, get: bool) -> Fault {
    if get && served > 2 {
        return Fault::None;
    }
    match mix(SEED ^ (n << 8) ^ u64::from(served)) % 1000 {
        0..=29 => Fault::Status500,
        30..=59 => Fault::Status503,
        60..=79 => Fault::Reset,
        80..=99 => Fault::Truncated,
        100..=109 => Fault::Slow,
        110..=124 => Fault::NotJson,
        _ => Fault::None,
    }
}

#[derive(Default)]
struct Server {
    /// The fault matrix: this fault on each request's first answer, none after.
    forced: Option<Fault>,
    /// Requests received per id, 429s included.
    seen: Mutex<HashMap<u64, u32>>,
    /// (window number, calls in it)
    window: Mutex<(u64, u64)>,
    /// Calls answered (not 429) per window.
    per_window: Mutex<BTreeMap<u64, u64>>,
    /// Requests answered (not 429) per id, and the last fault of each.
    served: Mutex<HashMap<u64, (u32, Fault)>>,
    /// Times the POST handler ran per id.
    handled: Mutex<HashMap<u64, u32>>,
    received: AtomicUsize,
    limited: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

fn now_secs() -> u64 {
    epoch() as u64
}

impl Server {
    async fn start(forced: Option<Fault>) -> (String, Arc<Server>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = Arc::new(Server {
            forced,
            ..Server::default()
        });
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.connection(stream).await });
            }
        });
        (url, server)
    }

    async fn connection(&self, mut stream: TcpStream) {
        let Some((method, path)) = read_request(&mut stream).await else {
            return;
        };
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        self.answer(&mut stream, &method, &path).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
    }

    async fn answer(&self, stream: &mut TcpStream, method: &str, path: &str) {
        self.received.fetch_add(1, Ordering::SeqCst);
        // /contacts/{n}/tags (GET) or /contacts/{n}/archive (POST)
        let n: u64 = path
            .split('/')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(u64::MAX);
        let get = method == "GET";
        let seen = {
            let mut seen = self.seen.lock().unwrap();
            let e = seen.entry(n).or_default();
            *e += 1;
            *e
        };
        let forced_429 = self.forced == Some(Fault::RateLimited) && seen == 1;
        let (remaining, reset, limited) = {
            let mut w = self.window.lock().unwrap();
            let id = now_secs() / WINDOW_SECS;
            if w.0 != id {
                *w = (id, 0);
            }
            let limited = w.1 >= LIMIT || forced_429;
            if !limited {
                w.1 += 1;
                *self.per_window.lock().unwrap().entry(id).or_default() += 1;
            }
            let reset = if forced_429 {
                now_secs() + 1
            } else {
                (id + 1) * WINDOW_SECS
            };
            (if limited { 0 } else { LIMIT - w.1 }, reset, limited)
        };
        let rl = format!(
            "X-RateLimit-Limit: {LIMIT}\r\nX-RateLimit-Remaining: {remaining}\r\nX-RateLimit-Reset: {reset}\r\n"
        );
        if limited {
            self.limited.fetch_add(1, Ordering::SeqCst);
            let body = r#"{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit"}]}"#;
            let _ = write(stream, 429, "application/json", &rl, body, body.len()).await;
            return;
        }
        let f = {
            let mut served = self.served.lock().unwrap();
            let e = served.entry(n).or_insert((0, Fault::None));
            e.0 += 1;
            e.1 = match self.forced {
                Some(Fault::RateLimited) => Fault::None,
                Some(f) if e.0 == 1 => f,
                Some(_) => Fault::None,
                None => fault(n, e.0, get),
            };
            e.1
        };
        if !get {
            // The handler acts before any fault shows: a POST that breaks
            // may still have happened, which is why it is never resent.
            *self.handled.lock().unwrap().entry(n).or_default() += 1;
        }
        let body = if get {
            r#"{"type":"list","data":[]}"#.to_string()
        } else {
            format!(r#"{{"type":"contact","id":"{n}","archived":true}}"#)
        };
        let error =
            r#"{"type":"error.list","errors":[{"code":"server_error","message":"injected"}]}"#;
        let _ = match f {
            Fault::None | Fault::RateLimited => {
                write(stream, 200, "application/json", &rl, &body, body.len()).await
            }
            Fault::Status500 => {
                write(stream, 500, "application/json", &rl, error, error.len()).await
            }
            Fault::Status503 => {
                write(stream, 503, "application/json", &rl, error, error.len()).await
            }
            Fault::NotJson => write(stream, 200, "text/html", &rl, "<html>busy</html>", 17).await,
            Fault::Truncated => {
                write(
                    stream,
                    200,
                    "application/json",
                    &rl,
                    &body[..body.len() / 2],
                    body.len(),
                )
                .await
            }
            Fault::Reset => {
                // A zero linger resets at once (it blocks only for a non-zero one).
                #[allow(deprecated)]
                let _ = stream.set_linger(Some(Duration::ZERO));
                Ok(())
            }
            Fault::Slow => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{rl}\r\n{}",
                    body.len(),
                    &body[..3]
                );
                let _ = stream.write_all(head.as_bytes()).await;
                tokio::time::sleep(SLOW).await;
                stream.write_all(&body.as_bytes()[3..]).await
            }
        };
    }
}

async fn write(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    headers: &str,
    body: &str,
    length: usize,
) -> std::io::Result<()> {
    let text = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n{headers}\r\n{body}"
    );
    stream.write_all(text.as_bytes()).await?;
    stream.flush().await
}

/// Reads one request: its method and path (the body, if any, is skipped).
async fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let mut words = head.split_whitespace();
    Some((words.next()?.to_string(), words.next()?.to_string()))
}

/// What a request ended with, by kind.
/// Request `n` of a job: even ones a GET, odd ones a POST (which must never
/// reach the server twice).
async fn half_get_half_post(c: &Client, n: u64) -> Result<(), Error> {
    let id = n.to_string();
    if n.is_multiple_of(2) {
        c.list_tags_for_a_contact()
            .contact_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(Error::from)
    } else {
        c.archive_contact()
            .contact_id(id)
            .send()
            .await
            .map(|_| ())
            .map_err(Error::from)
    }
}

fn kind(r: &Result<(), Error>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(Error::Api(_)) => "api error (status)",
        Err(Error::Decode { .. }) => "decode (not JSON)",
        Err(Error::Http(e)) if e.is_timeout() => "http: timeout",
        Err(Error::Http(_)) => "http: connection or body",
        Err(_) => "other",
    }
}

fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_job_under_rate_limits_and_faults() {
    let _alone = LOAD_TESTS.lock().await;
    let (url, server) = Server::start(None).await;
    let client = Client::builder()
        .token("t")
        .base_url(url)
        .timeout(CLIENT_TIMEOUT)
        .max_concurrency(CAP)
        // No budget here, so that every curable GET must succeed; the
        // budget has its own test (pacing.rs).
        .retry(
            RetryPolicy::default()
                .with_backoff(Duration::from_millis(20), Duration::from_millis(200))
                // Two faults and a 429 or two can meet one GET.
                .with_max_attempts(6)
                .with_retry_budget(0),
        )
        .build()
        .unwrap();
    let rss_before = resident_mb();
    let start = Instant::now();
    let run = futures::stream::iter(0..REQUESTS as u64)
        .map(|n| {
            let c = client.clone();
            async move { (n, half_get_half_post(&c, n).await) }
        })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<_>>();
    let results = tokio::time::timeout(Duration::from_secs(240), run)
        .await
        .expect("the bulk job hung");
    let elapsed = start.elapsed();
    let rss_after = resident_mb();

    // Every request ended exactly once.
    assert_eq!(results.len(), REQUESTS);
    let mut ends: BTreeMap<u64, &Result<(), Error>> = BTreeMap::new();
    for (n, r) in &results {
        assert!(ends.insert(*n, r).is_none(), "request {n} ended twice");
    }

    let served = server.served.lock().unwrap().clone();
    let handled = server.handled.lock().unwrap().clone();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for (n, r) in &ends {
        *by_kind.entry(kind(r)).or_default() += 1;
        let (_, last) = served.get(n).copied().unwrap_or((0, Fault::None));
        let get = n % 2 == 0;
        if get {
            // Six attempts cure every fault but a 200 that is not JSON.
            match last {
                Fault::NotJson => assert!(
                    matches!(r, Err(Error::Decode { body, .. }) if body.as_ref() == b"<html>busy</html>"),
                    "GET {n}: {r:?}"
                ),
                _ => assert!(
                    r.is_ok(),
                    "GET {n} could succeed but ended with {r:?} (last fault {last:?})"
                ),
            }
        } else {
            assert!(
                handled.get(n).copied().unwrap_or(0) <= 1,
                "POST {n} reached the handler twice"
            );
            let typed = match last {
                Fault::None | Fault::RateLimited => r.is_ok(),
                Fault::Status500 | Fault::Status503 => {
                    matches!(r, Err(e @ Error::Api(_)) if e.status().is_some_and(|s| s.is_server_error()) && !e.body().unwrap().is_empty())
                }
                Fault::NotJson => {
                    matches!(r, Err(Error::Decode { body, .. }) if body.as_ref() == b"<html>busy</html>")
                }
                Fault::Reset | Fault::Truncated | Fault::Slow => matches!(r, Err(Error::Http(_))),
            };
            assert!(typed, "POST {n}: fault {last:?} ended with {r:?}");
        }
    }
    let max_in_flight = server.max_in_flight.load(Ordering::SeqCst);
    assert!(
        max_in_flight <= CAP,
        "{max_in_flight} requests in flight, cap {CAP}"
    );

    let received = server.received.load(Ordering::SeqCst);
    let limited = server.limited.load(Ordering::SeqCst);
    let answered = received - limited;
    let rate = answered as f64 / elapsed.as_secs_f64();
    let allowed = LIMIT as f64 / WINDOW_SECS as f64;
    // While the job had a backlog: the windows after the first (which began
    // before the job did) up to the last that took at least half the limit
    // (after it, only the slowest requests were left), that one excluded
    // too (the backlog ran out within it).
    let windows: Vec<u64> = server
        .per_window
        .lock()
        .unwrap()
        .values()
        .copied()
        .collect();
    let busy = windows.iter().rposition(|&n| n >= LIMIT / 2).unwrap_or(0);
    let inner = if busy >= 2 {
        &windows[1..busy]
    } else {
        &windows[..]
    };
    let window_use = inner.iter().sum::<u64>() as f64 / (inner.len().max(1) as u64 * LIMIT) as f64;
    let mut faults: BTreeMap<String, usize> = BTreeMap::new();
    for (_, (_, f)) in served.iter() {
        *faults.entry(format!("{f:?}")).or_default() += 1;
    }
    println!(
        "load: {REQUESTS} requests ({} GET, {} POST), {CONCURRENCY} at a time, cap {CAP}, in {:.1} s",
        REQUESTS / 2,
        REQUESTS / 2,
        elapsed.as_secs_f64()
    );
    println!(
        "load: {rate:.0} answered requests/s against {allowed:.0} allowed ({:.2}x); {:.1} 429s per 1,000 requests; {} retries ({} sent in all)",
        rate / allowed,
        limited as f64 * 1000.0 / REQUESTS as f64,
        received - REQUESTS,
        received
    );
    println!(
        "load: calls answered per {WINDOW_SECS}-s window: {windows:?}; the windows wholly within the job's backlog used {:.0}% of the {LIMIT} calls allowed (goal: 90%; the whole run's rate above also counts the tail of its slowest requests, e.g. a body slower than the timeout, then retried)",
        window_use * 100.0
    );
    println!("load: last fault per request: {faults:?}");
    println!("load: ends by kind: {by_kind:?}; max in flight {max_in_flight}");
    if let (Some(b), Some(a)) = (rss_before, rss_after) {
        println!("load: resident memory {b} MB before, {a} MB after (the test binary, all tests)");
        assert!(a < b + 512, "memory grew from {b} MB to {a} MB");
    }
}

/// What one request ended with, in a word, for the fault table.
fn word(r: &Result<(), Error>) -> String {
    match r {
        Ok(()) => "ok".into(),
        Err(e @ Error::Api(_)) => format!("`Error::Api` {}", e.status().map_or(0, |s| s.as_u16())),
        Err(Error::Decode { .. }) => "`Error::Decode`, body kept".into(),
        Err(Error::Http(e)) if e.is_timeout() => "`Error::Http` (timeout)".into(),
        Err(Error::Http(_)) => "`Error::Http`".into(),
        Err(e) => format!("{e:?}"),
    }
}

/// Each fault alone, for a GET and a POST: what the client does. Printed as
/// the table the errors guide (docs/guide/errors.md) quotes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix() {
    let policy = RetryPolicy::default()
        .with_backoff(Duration::from_millis(100), Duration::from_millis(100))
        .with_jitter(false)
        .with_max_attempts(4);
    let mut table = vec![
        "| fault (first answer only) | GET | POST |".to_string(),
        "|---|---|---|".to_string(),
    ];
    let faults = [
        (Fault::RateLimited, "429 with `X-RateLimit-Reset`"),
        (Fault::Status500, "500"),
        (Fault::Status503, "503"),
        (Fault::Reset, "connection reset before the answer"),
        (Fault::Truncated, "truncated body"),
        (Fault::Slow, "body slower than the timeout"),
        (Fault::NotJson, "200 that is not JSON"),
    ];
    for (fault, label) in faults {
        let (url, server) = Server::start(Some(fault)).await;
        let c = Client::builder()
            .token("t")
            .base_url(url)
            .timeout(Duration::from_secs(1))
            .retry(policy.clone())
            .build()
            .unwrap();
        let get: Result<(), Error> = c
            .list_tags_for_a_contact()
            .contact_id("2")
            .send()
            .await
            .map(|_| ())
            .map_err(Error::from);
        let post: Result<(), Error> = c
            .archive_contact()
            .contact_id("3")
            .send()
            .await
            .map(|_| ())
            .map_err(Error::from);
        let seen = server.seen.lock().unwrap().clone();
        let handled = server.handled.lock().unwrap().get(&3).copied().unwrap_or(0);
        let (get_sent, post_sent) = (seen[&2], seen[&3]);
        // A 429 is retried for both; a GET is retried after every fault a
        // retry can cure; a POST that may have arrived is never resent.
        match fault {
            Fault::RateLimited => {
                assert!(get.is_ok() && post.is_ok(), "{get:?} {post:?}");
                assert_eq!((get_sent, post_sent, handled), (2, 2, 1));
            }
            Fault::NotJson => {
                assert!(
                    matches!(get, Err(Error::Decode { .. }))
                        && matches!(post, Err(Error::Decode { .. }))
                );
                assert_eq!((get_sent, post_sent, handled), (1, 1, 1));
            }
            _ => {
                assert!(get.is_ok(), "{fault:?}: GET {get:?}");
                assert!(post.is_err(), "{fault:?}: POST {post:?}");
                assert_eq!((get_sent, post_sent, handled), (2, 1, 1), "{fault:?}");
            }
        }
        let times = |n: u32| {
            if n == 1 {
                "sent once".to_string()
            } else {
                format!("sent {n} times")
            }
        };
        let what = |r: &Result<(), Error>, n: u32| {
            let how = if n > 1 {
                "retried"
            } else if r.is_ok() {
                ""
            } else {
                "returned"
            };
            format!("{how} {}, {}", word(r), times(n))
                .trim()
                .to_string()
        };
        table.push(format!(
            "| {label} | {} | {} |",
            what(&get, get_sent),
            what(&post, post_sent)
        ));
    }

    // A connection that could not be made: the server starts listening only
    // after the first attempts were refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(policy.clone().with_max_attempts(10))
        .build()
        .unwrap();
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let server = Arc::new(Server::default());
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.connection(stream).await });
            }
        });
        server
    });
    // Both at once, while nothing listens yet.
    let (get, post) = tokio::join!(
        async {
            c.list_tags_for_a_contact()
                .contact_id("2")
                .send()
                .await
                .map(|_| ())
                .map_err(Error::from)
        },
        async {
            c.archive_contact()
                .contact_id("3")
                .send()
                .await
                .map(|_| ())
                .map_err(Error::from)
        },
    );
    let (get, post): (Result<(), Error>, Result<(), Error>) = (get, post);
    let server = late.await.unwrap();
    let seen = server.seen.lock().unwrap().clone();
    assert!(get.is_ok() && post.is_ok(), "{get:?} {post:?}");
    assert_eq!((seen[&2], seen[&3]), (1, 1), "each arrived once");
    table.push(
        "| connection refused (nothing listening yet) | retried until it connects, ok, arrived once | retried until it connects, ok, arrived once |"
            .to_string(),
    );
    println!("fault matrix (tests/it/load.rs):\n{}", table.join("\n"));
}

/// How the scenario server writes `X-RateLimit-Reset`: the window's end in
/// whole Unix seconds, truncated (as `Time#to_i` does) or rounded up.
#[derive(Clone, Copy, Debug)]
enum Rounding {
    Down,
    Up,
}

/// One pacing scenario: `limit` calls per `window`, the server's windows
/// starting `phase` after a whole second, `concurrency` tasks sharing one
/// client, `requests` in all (half GET, half POST).
#[derive(Clone, Copy, Debug)]
struct Scenario {
    window: Duration,
    limit: u64,
    concurrency: usize,
    requests: usize,
    rounding: Rounding,
    /// 429s per 1,000 requests the scenario must stay within.
    bound: f64,
}

/// The time an answer of the scenario server takes to come back (the
/// network's, as far as the client can tell): the first answers arrive
/// after a burst of many tasks has left, as they would from Intercom.
const LATENCY: Duration = Duration::from_millis(50);

/// A server that only enforces a rate limit with Intercom's headers, in
/// windows of a fixed length that do not start on a whole second.
struct Windowed {
    s: Scenario,
    /// Where window 0 starts (Unix seconds, fractional).
    origin: f64,
    /// (window number, calls answered in it)
    count: Mutex<BTreeMap<i64, u64>>,
    /// (window number, 429s in it)
    refused: Mutex<BTreeMap<i64, u64>>,
    /// Times each POST's handler ran, and requests received per id.
    handled: Mutex<HashMap<u64, u32>>,
    received: AtomicUsize,
    limited: AtomicUsize,
}

fn epoch() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

impl Windowed {
    async fn start(s: Scenario) -> (String, Arc<Windowed>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let w = s.window.as_secs_f64();
        // Windows start 0.37 s after a whole second, and the job starts
        // with about a fifth of a window left (so that every run meets the
        // same edges, soon).
        let origin = epoch().floor() + 0.37 - 0.8 * w;
        let server = Arc::new(Windowed {
            s,
            origin,
            count: Mutex::default(),
            refused: Mutex::default(),
            handled: Mutex::default(),
            received: AtomicUsize::new(0),
            limited: AtomicUsize::new(0),
        });
        let srv = server.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let srv = srv.clone();
                tokio::spawn(async move {
                    if let Some((method, path)) = read_request(&mut stream).await {
                        srv.answer(&mut stream, &method, &path).await;
                    }
                });
            }
        });
        (url, server)
    }

    async fn answer(&self, stream: &mut TcpStream, method: &str, path: &str) {
        self.received.fetch_add(1, Ordering::SeqCst);
        let n: u64 = path
            .split('/')
            .nth(2)
            .and_then(|s| s.parse().ok())
            .unwrap_or(u64::MAX);
        let w = self.s.window.as_secs_f64();
        let now = epoch();
        let id = ((now - self.origin) / w).floor() as i64;
        let end = self.origin + (id + 1) as f64 * w;
        let reset = match self.s.rounding {
            Rounding::Down => end.floor(),
            Rounding::Up => end.ceil(),
        } as u64;
        let (limited, remaining) = {
            let mut count = self.count.lock().unwrap();
            let c = count.entry(id).or_default();
            if *c >= self.s.limit {
                (true, 0)
            } else {
                *c += 1;
                (false, self.s.limit - *c)
            }
        };
        // Counted on arrival, answered after the network's latency.
        tokio::time::sleep(LATENCY).await;
        let limit = self.s.limit;
        let rl = format!(
            "X-RateLimit-Limit: {limit}\r\nX-RateLimit-Remaining: {remaining}\r\nX-RateLimit-Reset: {reset}\r\n"
        );
        if limited {
            self.limited.fetch_add(1, Ordering::SeqCst);
            *self.refused.lock().unwrap().entry(id).or_default() += 1;
            let body = r#"{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit"}]}"#;
            let _ = write(stream, 429, "application/json", &rl, body, body.len()).await;
            return;
        }
        let body = if method == "GET" {
            r#"{"type":"list","data":[]}"#.to_string()
        } else {
            *self.handled.lock().unwrap().entry(n).or_default() += 1;
            format!(r#"{{"type":"contact","id":"{n}","archived":true}}"#)
        };
        let _ = write(stream, 200, "application/json", &rl, &body, body.len()).await;
    }
}

/// Runs one scenario; returns its line of figures and its 429s per 1,000.
async fn run_scenario(name: &str, s: Scenario) -> (String, f64) {
    let (url, server) = Windowed::start(s).await;
    let client = Client::builder()
        .token("t")
        .base_url(url)
        .retry(
            RetryPolicy::default()
                .with_backoff(Duration::from_millis(20), Duration::from_millis(200))
                .with_max_attempts(20)
                .with_retry_budget(0)
                // A busy machine may stretch the job past the default cap
                // on a wait (30 s), after which requests go unpaced.
                .with_max_rate_limit_wait(Duration::from_secs(120)),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let results = futures::stream::iter(0..s.requests as u64)
        .map(|n| {
            let c = client.clone();
            async move { (n, half_get_half_post(&c, n).await) }
        })
        .buffer_unordered(s.concurrency)
        .collect::<Vec<_>>();
    let results = tokio::time::timeout(Duration::from_secs(120), results)
        .await
        .unwrap_or_else(|_| panic!("{name}: the job hung"));
    let elapsed = start.elapsed();

    // Every request ended once, and succeeded; no POST was handled twice.
    assert_eq!(results.len(), s.requests, "{name}");
    let mut ends = BTreeMap::new();
    for (n, r) in &results {
        assert!(
            ends.insert(*n, ()).is_none(),
            "{name}: request {n} ended twice"
        );
        assert!(r.is_ok(), "{name}: request {n} ended with {r:?}");
    }
    let handled = server.handled.lock().unwrap().clone();
    for n in (1..s.requests as u64).step_by(2) {
        assert_eq!(handled.get(&n), Some(&1), "{name}: POST {n} handled");
    }

    let limited = server.limited.load(Ordering::SeqCst);
    let per_1000 = limited as f64 * 1000.0 / s.requests as f64;
    // Calls answered per window, from the job's first to its last (the
    // windows the client let pass unused among them).
    let counts: Vec<u64> = {
        let count = server.count.lock().unwrap();
        let first = count.keys().next().copied().unwrap_or(0);
        let last = count.keys().last().copied().unwrap_or(0);
        (first..=last)
            .map(|k| count.get(&k).copied().unwrap_or(0))
            .collect()
    };
    let refused = server.refused.lock().unwrap().clone();
    // The windows wholly within the job: all but the first and the last.
    let inner = &counts[1.min(counts.len())..counts.len().saturating_sub(1).max(1)];
    let used = inner.iter().sum::<u64>() as f64 / (inner.len().max(1) as u64 * s.limit) as f64;
    let line = format!(
        "{name}: {} requests, {} at a time, {} per {} s ({:?} reset): {limited} 429s = {per_1000:.1} per 1,000 (bound {}); {:.1} s; calls per window {counts:?}, inner windows used {:.0}%; 429s by window {refused:?}",
        s.requests,
        s.concurrency,
        s.limit,
        s.window.as_secs(),
        s.rounding,
        s.bound,
        elapsed.as_secs_f64(),
        used * 100.0
    );
    println!("pacing: {line}");
    (line, per_1000)
}

/// Pacing at the edges of rate-limit windows: 1-second and 10-second
/// windows that start 0.37 s after a whole second, reset given in whole
/// seconds, concurrency below and above the limit. All scenarios run at
/// once (each its own server and client), so the test takes about as long
/// as the slowest (2.5 windows of 10 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pacing_at_window_edges() {
    // 429s per 1,000. At 10-second windows, the goal: 1% (2 in 250; one is
    // measured, the edge probe's). At 1-second windows, the slow start
    // leaves no unavoidable overflow and 0–1 is measured on an idle
    // machine; a machine busy with other tests delays a burst past a
    // 1-second window's end now and then, so the bound is 10% (the pacing
    // before this test measured 2,233 and 2,730 per 1,000 here).
    const ONE_S: f64 = 100.0;
    const TEN_S: f64 = 10.0;
    let _alone = LOAD_TESTS.lock().await;
    let one = Duration::from_secs(1);
    let ten = Duration::from_secs(10);
    let scenarios = [
        (
            "1 s, 64 tasks",
            Scenario {
                window: one,
                limit: 50,
                concurrency: 64,
                requests: 300,
                rounding: Rounding::Down,
                bound: ONE_S,
            },
        ),
        (
            "1 s, 256 tasks",
            Scenario {
                window: one,
                limit: 50,
                concurrency: 256,
                requests: 300,
                rounding: Rounding::Down,
                bound: ONE_S,
            },
        ),
        (
            "1 s, 64 tasks, reset rounded up",
            Scenario {
                window: one,
                limit: 50,
                concurrency: 64,
                requests: 300,
                rounding: Rounding::Up,
                bound: ONE_S,
            },
        ),
        (
            "10 s, 64 tasks",
            Scenario {
                window: ten,
                limit: 100,
                concurrency: 64,
                requests: 250,
                rounding: Rounding::Down,
                bound: TEN_S,
            },
        ),
        (
            "10 s, 256 tasks",
            Scenario {
                window: ten,
                limit: 100,
                concurrency: 256,
                requests: 250,
                rounding: Rounding::Down,
                bound: TEN_S,
            },
        ),
    ];
    let lines =
        futures::future::join_all(scenarios.iter().map(|(name, s)| run_scenario(name, *s))).await;
    let text: Vec<&str> = lines.iter().map(|(l, _)| l.as_str()).collect();
    println!("pacing at window edges:\n{}", text.join("\n"));
    for ((name, s), (line, per_1000)) in scenarios.iter().zip(&lines) {
        assert!(
            *per_1000 <= s.bound,
            "{name}: {per_1000:.1} 429s per 1,000, more than {}: {line}",
            s.bound
        );
    }
}
