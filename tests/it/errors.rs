//! Errors that name the failure, and what a program needs around the calls
//! (issue #32, the runtime's side): transport failures' first lines, the
//! whole `error.list`, `is_connect` / `is_retryable` / `retry_after`, the
//! deadline, base URL schemes, region names, raw requests, the observer,
//! streamed answers, the job wait and Messenger security. Against wiremock
//! or a local `TcpListener` on 127.0.0.1; the version is v2_14 (the runtime
//! is shared).

#![cfg(feature = "v2_14")]

use intercom_api::jobs::{self, JobOutcome, JobStatus, Wait};
use intercom_api::v2_14::Client;
use intercom_api::{
    CallOptions, Error, Event, Outcome, RateLimitCause, Region, RetryPolicy, TransportKind,
};
use reqwest::Method;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn quick() -> RetryPolicy {
    super::client::quick_retries()
}

fn client_at(url: &str) -> Client {
    Client::builder()
        .token("tok_secret_123")
        .base_url(url)
        .retry(quick())
        .build()
        .unwrap()
}

/// A listener on 127.0.0.1 that accepts connections and answers with
/// `reply` (nothing: never answers), holding each connection open for a
/// while; it counts connections and stops by itself.
fn listener(reply: Option<Vec<Vec<u8>>>, pause: Duration) -> (String, Arc<Mutex<usize>>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let count = Arc::new(Mutex::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for stream in l.incoming().take(10) {
            let Ok(mut s) = stream else { break };
            *c.lock().unwrap() += 1;
            let reply = reply.clone();
            std::thread::spawn(move || {
                let _ = s.set_read_timeout(Some(Duration::from_millis(300)));
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf);
                match reply {
                    Some(parts) => {
                        for part in parts {
                            if s.write_all(&part).and_then(|_| s.flush()).is_err() {
                                return;
                            }
                            std::thread::sleep(pause);
                        }
                    }
                    None => std::thread::sleep(Duration::from_secs(5)),
                }
            });
        }
    });
    (format!("{addr}"), count)
}

/// The first line of `e`'s message (printed: what a user reads).
fn first_line(e: &Error) -> String {
    let line = e.to_string().lines().next().unwrap_or_default().to_string();
    println!("{line}");
    line
}

#[tokio::test]
async fn connection_refused_names_itself() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err: Error = c.list_tags().send().await.unwrap_err().into();
    assert_eq!(
        err.transport_kind(),
        Some(TransportKind::ConnectionRefused),
        "{err:?}"
    );
    assert!(
        first_line(&err).starts_with(&format!("connection refused (127.0.0.1:{port})")),
        "{err}"
    );
    assert!(err.is_connect() && err.is_retryable() && !err.is_timeout());
}

#[tokio::test]
async fn a_silent_server_times_out_by_name() {
    let (addr, _) = listener(None, Duration::ZERO);
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err: Error = c.list_tags().send().await.unwrap_err().into();
    assert_eq!(
        err.transport_kind(),
        Some(TransportKind::Timeout),
        "{err:?}"
    );
    assert!(
        first_line(&err).starts_with("timed out (127.0.0.1:"),
        "{err}"
    );
    assert!(err.is_timeout() && err.is_retryable() && !err.is_connect());
}

#[tokio::test]
async fn an_unknown_host_is_a_dns_failure() {
    let c = Client::builder()
        .token("t")
        .base_url("http://intercom-api-test.invalid")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = c.request(Method::GET, "/me").send().await.unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Dns), "{err:?}");
    assert!(
        first_line(&err).starts_with("DNS lookup failed (intercom-api-test.invalid)"),
        "{err}"
    );
    assert!(err.is_connect());
}

#[tokio::test]
async fn https_to_a_plain_server_is_a_tls_failure() {
    let (addr, _) = listener(
        Some(vec![
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".to_vec(),
        ]),
        Duration::ZERO,
    );
    let c = Client::builder()
        .token("t")
        .base_url(format!("https://{addr}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = c.request(Method::GET, "/me").send().await.unwrap_err();
    assert_eq!(err.transport_kind(), Some(TransportKind::Tls), "{err:?}");
    assert!(
        first_line(&err).starts_with("TLS handshake failed (127.0.0.1:"),
        "{err}"
    );
}

#[tokio::test]
async fn every_listed_error_is_shown_with_its_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(422).set_body_json(serde_json::json!({
            "type": "error.list",
            "request_id": "r-422",
            "errors": [
                {"code": "parameter_invalid", "message": "Email is invalid", "field": "email"},
                {"code": "parameter_missing", "message": "Name is required", "field": "name"}
            ]
        })))
        .mount(&server)
        .await;
    let err: Error = client_at(&server.uri())
        .list_tags()
        .send()
        .await
        .unwrap_err()
        .into();
    assert_eq!(
        err.to_string(),
        "Intercom answered 422 Unprocessable Entity: parameter_invalid on `email` (Email is invalid); \
         parameter_missing on `name` (Name is required) [request_id r-422]"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.retry_after(), None);
}

#[tokio::test]
async fn retryable_statuses_and_the_wait_intercom_asks_for() {
    let server = MockServer::start().await;
    let reset = chrono::Utc::now().timestamp() + 40;
    Mock::given(path("/a"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "7"))
        .mount(&server)
        .await;
    Mock::given(path("/b"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(path("/c"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(path("/d"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .pace(false)
        .build()
        .unwrap();
    let a = c.request(Method::POST, "/a").send().await.unwrap_err();
    assert!(a.is_retryable() && a.is_rate_limited());
    assert_eq!(a.retry_after(), Some(Duration::from_secs(7)));
    let b = c.request(Method::GET, "/b").send().await.unwrap_err();
    let wait = b.retry_after().expect("a 429's reset is a wait");
    assert!(
        wait > Duration::from_secs(30) && wait <= Duration::from_secs(40),
        "{wait:?}"
    );
    let s = c.request(Method::POST, "/c").send().await.unwrap_err();
    assert!(s.is_retryable(), "a 5xx is transient, whatever the method");
    assert_eq!(s.retry_after(), None);
    let d = c.request(Method::GET, "/d").send().await.unwrap_err();
    assert!(!d.is_retryable() && !d.is_connect());
}

#[tokio::test]
async fn the_deadline_cuts_a_hung_get() {
    let (addr, _) = listener(None, Duration::ZERO);
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://{addr}"))
        .retry(quick())
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    // Through the generated call (the error is carried through progenitor's).
    let err: Error = c.list_tags().send().await.unwrap_err().into();
    match &err {
        Error::Deadline {
            limit,
            attempts,
            source,
        } => {
            assert_eq!(*limit, Duration::from_millis(300));
            assert_eq!(*attempts, 1);
            assert!(source.is_none(), "no attempt ended: {source:?}");
        }
        other => panic!("expected the deadline, got {other:?}"),
    }
    assert!(err.is_timeout() && err.is_retryable());
    // A call's own deadline, through a raw request.
    let (addr, _) = listener(None, Duration::ZERO);
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let quick = c.with_options(CallOptions::new().deadline(Duration::from_millis(200)));
    let err = quick.request(Method::GET, "/me").send().await.unwrap_err();
    assert!(matches!(err, Error::Deadline { .. }), "{err:?}");
}

#[tokio::test]
async fn a_deadline_that_a_wait_would_pass_ends_with_the_last_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let slow = RetryPolicy::default()
        .with_backoff(Duration::from_secs(5), Duration::from_secs(5))
        .with_jitter(false);
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(slow)
        .deadline(Duration::from_secs(2))
        .build()
        .unwrap();
    let err: Error = c.list_tags().send().await.unwrap_err().into();
    let Error::Deadline {
        source: Some(last), ..
    } = &err
    else {
        panic!("expected the deadline, got {err:?}")
    };
    assert_eq!(
        last.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    assert!(
        std::error::Error::source(&err).is_some(),
        "the last error is the source"
    );
}

#[test]
fn a_base_url_that_is_not_http_is_refused() {
    let err = Client::builder()
        .token("t")
        .base_url("ftp://files.example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedScheme { ref scheme, .. } if scheme == "ftp"),
        "{err:?}"
    );
    assert!(Client::builder()
        .token("t")
        .base_url("http://127.0.0.1:1")
        .build()
        .is_ok());
    assert!(Client::builder()
        .token("t")
        .base_url("HTTPS://api.intercom.io")
        .build()
        .is_ok());
}

#[test]
fn regions_parse_intercoms_names() {
    assert_eq!("Europe".parse::<Region>().unwrap(), Region::Eu);
    assert_eq!(" australia ".parse::<Region>().unwrap(), Region::Au);
    assert_eq!("United States".parse::<Region>().unwrap(), Region::Us);
    assert_eq!("UNITED STATES".parse::<Region>().unwrap(), Region::Us);
    assert!("United Kingdom".parse::<Region>().is_err());
    for r in Region::ALL {
        assert_eq!(r.name().parse::<Region>().unwrap(), r);
    }
}

#[tokio::test]
async fn a_raw_request_has_the_clients_headers_and_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .and(header("authorization", "Bearer tok_secret_123"))
        .and(header("intercom-version", "2.14"))
        .and(header("x-trace", "t-1"))
        .and(query_param("per_page", "5"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"type": "admin", "app": {"region": "Europe"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .and(header("intercom-version", "Preview"))
        .and(body_json(serde_json::json!({"a": 1})))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let c =
        client_at(&server.uri()).with_options(CallOptions::new().header("x-trace", "t-1").unwrap());
    let me = c
        .request(Method::GET, "/me")
        .query(&[("per_page", "5")])
        .send_json()
        .await
        .unwrap();
    assert_eq!(
        me["app"]["region"]
            .as_str()
            .unwrap()
            .parse::<Region>()
            .unwrap(),
        Region::Eu
    );
    let none = c
        .request(Method::POST, "things")
        .api_version("Preview")
        .json(&serde_json::json!({"a": 1}))
        .send_json()
        .await
        .unwrap();
    assert!(none.is_null());
}

#[tokio::test]
async fn raw_requests_retry_by_the_same_rule() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/y"))
        .respond_with(ResponseTemplate::new(500).set_body_string("maybe applied"))
        .expect(1)
        .mount(&server)
        .await;
    let c = client_at(&server.uri());
    let r = c.request(Method::GET, "/x").send().await.unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"ok");
    let err = c.request(Method::POST, "/y").send().await.unwrap_err();
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    );
    assert_eq!(err.body().unwrap().as_ref(), b"maybe applied");
}

#[tokio::test]
async fn the_observer_sees_retries_and_the_rate_limit_wait() {
    let server = MockServer::start().await;
    let reset = chrono::Utc::now().timestamp() + 1;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-ratelimit-reset", reset.to_string().as_str())
                .insert_header("x-ratelimit-remaining", "0"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"type": "list", "data": []})),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::<Event>::new()));
    let s = seen.clone();
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(quick())
        .on_event(move |e: &Event| s.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    c.list_tags().send().await.unwrap();
    let seen = seen.lock().unwrap();
    let waited = seen.iter().find_map(|e| match e {
        Event::RateLimitWait {
            operation,
            wait,
            cause: RateLimitCause::TooManyRequests,
            ..
        } => Some((*operation, *wait)),
        _ => None,
    });
    let (operation, wait) = waited.unwrap_or_else(|| panic!("no rate-limit wait in {seen:?}"));
    assert_eq!(operation, "list_tags");
    assert!(wait <= Duration::from_secs(1), "{wait:?}");
    assert!(
        seen.iter().any(
            |e| matches!(e, Event::Retry { reason: Outcome::Status(s), .. } if s.as_u16() == 503)
        ),
        "no retry after the 503 in {seen:?}"
    );
}

#[tokio::test]
async fn the_window_spent_is_told_before_the_wait() {
    let server = MockServer::start().await;
    let reset = chrono::Utc::now().timestamp() + 2;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"type": "list", "data": []}))
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", reset.to_string().as_str()),
        )
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::<Event>::new()));
    let s = seen.clone();
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .on_event(move |e: &Event| s.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    c.list_tags().send().await.unwrap();
    c.list_tags().send().await.unwrap();
    let seen = seen.lock().unwrap();
    println!("{seen:?}");
    assert!(
        seen.iter().any(|e| matches!(e, Event::RateLimitWait { cause: RateLimitCause::WindowSpent, wait, .. } if !wait.is_zero())),
        "no wait for the window in {seen:?}"
    );
}

#[tokio::test]
async fn a_calls_observer_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/x"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let (client_seen, call_seen) = (
        Arc::new(Mutex::new(0)),
        Arc::new(Mutex::new(Vec::<Event>::new())),
    );
    let (a, b) = (client_seen.clone(), call_seen.clone());
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(quick())
        .on_event(move |_: &Event| *a.lock().unwrap() += 1)
        .build()
        .unwrap();
    let watched = c.with_options(
        CallOptions::new().on_event(move |e: &Event| b.lock().unwrap().push(e.clone())),
    );
    watched.request(Method::GET, "/x").send().await.unwrap();
    assert_eq!(*client_seen.lock().unwrap(), 0);
    let seen = call_seen.lock().unwrap();
    assert!(
        matches!(seen.as_slice(), [Event::Retry { operation: "raw", attempt: 1, reason: Outcome::Status(s), .. }] if s.as_u16() == 502),
        "{seen:?}"
    );
}

#[tokio::test]
async fn an_html_page_for_json_keeps_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<html><body>Maintenance</body></html>", "text/html")
                .insert_header("x-request-id", "r-html"),
        )
        .mount(&server)
        .await;
    let err = client_at(&server.uri())
        .request(Method::GET, "/me")
        .send_json()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.status(), Some(reqwest::StatusCode::OK));
    assert_eq!(err.request_id(), Some("r-html"));
    assert_eq!(
        err.body().unwrap().as_ref(),
        b"<html><body>Maintenance</body></html>"
    );
}

#[tokio::test]
async fn a_streamed_call_without_a_head_times_out() {
    let (addr, count) = listener(None, Duration::ZERO);
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .retry(quick().with_max_attempts(2))
        .build()
        .unwrap();
    let err = c
        .request(Method::GET, "/download")
        .send_stream()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::HeadTimeout { .. }), "{err:?}");
    assert!(first_line(&err).starts_with("timed out"), "{err}");
    assert!(err.is_timeout() && err.is_retryable());
    assert_eq!(
        *count.lock().unwrap(),
        2,
        "a GET without a head is tried again"
    );
}

/// A response whose head comes at once and whose body comes in slices,
/// 150 ms apart.
fn slow_body(parts: usize) -> Vec<Vec<u8>> {
    let mut out = vec![format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\n\r\n",
        parts * 4
    )
    .into_bytes()];
    out.extend((0..parts).map(|i| format!("{i:04}").into_bytes()));
    out
}

#[tokio::test]
async fn a_streamed_body_outlives_the_per_attempt_timeout() {
    let (addr, count) = listener(Some(slow_body(4)), Duration::from_millis(150));
    let c = Client::builder()
        .token("t")
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(200))
        .retry(quick())
        .build()
        .unwrap();
    let mut r = c
        .request(Method::GET, "/download/content/data/j1")
        .send_stream()
        .await
        .unwrap();
    let mut body = Vec::new();
    while let Some(chunk) = r.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, b"0000000100020003");
    assert_eq!(*count.lock().unwrap(), 1);
}

#[tokio::test]
async fn a_streamed_body_that_breaks_is_not_retried() {
    let head = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst bytes".to_vec();
    let (addr, count) = listener(Some(vec![head]), Duration::ZERO);
    let c = client_at(&format!("http://{addr}"));
    let mut r = c
        .request(Method::GET, "/download")
        .send_stream()
        .await
        .unwrap();
    let mut failed = None;
    loop {
        match r.chunk().await {
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => {
                failed = Some(Error::from(e));
                break;
            }
        }
    }
    let failed = failed.expect("a body cut short is an error");
    assert_eq!(
        failed.transport_kind(),
        Some(TransportKind::Body),
        "{failed:?}"
    );
    assert!(
        first_line(&failed).starts_with("the answer's body could not be read"),
        "{failed}"
    );
    assert_eq!(
        *count.lock().unwrap(),
        1,
        "nothing is sent again after the first byte"
    );
}

/// A poll function that answers `script` one status at a time.
fn scripted(
    script: &[&str],
) -> impl FnMut() -> std::future::Ready<intercom_api::Result<JobStatus<u32>>> {
    let mut steps: Vec<String> = script.iter().rev().map(|s| s.to_string()).collect();
    move || {
        std::future::ready(Ok(JobStatus::from_status(
            &steps.pop().unwrap_or_else(|| "pending".into()),
            7,
        )))
    }
}

fn quick_wait() -> Wait {
    Wait::new()
        .interval(Duration::from_millis(1), Duration::from_millis(4))
        .limit(Duration::from_secs(30))
}

#[tokio::test]
async fn a_job_wait_ends_with_a_typed_outcome() {
    let mut seen = Vec::new();
    let done = jobs::wait(
        scripted(&["pending", "in_progress", "completed"]),
        quick_wait(),
        |p| seen.push((p.polls, p.status.clone(), p.next_poll.is_some())),
    )
    .await
    .unwrap();
    assert_eq!(done, JobOutcome::Completed(7));
    assert_eq!(
        seen,
        vec![
            (1, "pending".into(), true),
            (2, "in_progress".into(), true),
            (3, "completed".into(), false)
        ]
    );
    let none = jobs::wait(scripted(&["pending", "no_data"]), quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(none, JobOutcome::NoData);
    let failed = jobs::wait(scripted(&["FAILED"]), quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(failed, JobOutcome::Failed(None));
    let canceled = jobs::wait(scripted(&["pending", "cancelled"]), quick_wait(), |_| {})
        .await
        .unwrap();
    assert_eq!(canceled, JobOutcome::Canceled);
}

#[tokio::test]
async fn a_job_wait_has_a_limit_and_stops_on_errors() {
    let err = jobs::wait(
        scripted(&[]),
        quick_wait().limit(Duration::from_millis(20)),
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::JobWait { ref status, .. } if status == "pending"),
        "{err:?}"
    );
    let mut polls = 0;
    let err = jobs::wait(
        || {
            polls += 1;
            std::future::ready(if polls < 2 {
                Ok(JobStatus::<()>::Running("pending".into()))
            } else {
                Err(Error::MissingToken)
            })
        },
        quick_wait(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::MissingToken));
    assert_eq!(polls, 2);
}

#[cfg(feature = "identity")]
#[test]
fn messenger_security_matches_known_vectors() {
    // python3: hmac.new(b"s3cr3t-key", b"user-42", hashlib.sha256).hexdigest()
    assert_eq!(
        intercom_api::identity::user_hash("s3cr3t-key", "user-42"),
        "6a7144a99c88f3e78073f04aa1599d43ad3687d3da997d63e4cefa3f399f9b19"
    );
    assert_eq!(
        intercom_api::identity::user_hash("", "ada@example.com"),
        "d81616e4fa6f72dc5b5bcc747198d188e1481357ad12eaa77ab07e9948eb4394"
    );
    // python3: base64url(header) . base64url(payload) . base64url(HMAC-SHA256), unpadded.
    let jwt = intercom_api::identity::messenger_jwt(
        "s3cr3t-key",
        &serde_json::json!({"user_id": "user-42"}),
    )
    .unwrap();
    assert_eq!(jwt, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoidXNlci00MiJ9.OKrh50_wQTsmYs61DgchLqHcZyACSaruc5V2KXaGCvs");
    assert!(
        intercom_api::identity::messenger_jwt("k", &serde_json::json!({"email": "a@b.c"})).is_err()
    );
}
