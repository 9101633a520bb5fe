//! Per-call options (`Client::with_options`) and response metadata
//! (`ResponseExt`): an option applies to the handle's calls only, while the
//! handle shares the client's token, connections, rate-limit window and
//! retry budget.

#![cfg(feature = "v2_14")]

use crate::client::quick_retries;
use intercom_api::v2_14::Client;
use intercom_api::{CallOptions, Error, ResponseExt, RetryPolicy, VersionClient};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(uri: &str) -> Client {
    Client::builder()
        .token("tok_secret_123")
        .base_url(uri)
        .retry(quick_retries())
        .build()
        .unwrap()
}

fn tag_list() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "list", "data": []}))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn extra_headers_arrive_on_the_handles_calls_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(tag_list())
        .expect(3)
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let traced = c.with_options(
        CallOptions::new()
            .header("X-Trace-Id", "job-42")
            .unwrap()
            .header("accept-language", "fr")
            .unwrap(),
    );
    // A handle of a handle keeps the first one's headers and adds its own.
    let both = traced.with_options(CallOptions::new().header("x-other", "2").unwrap());
    traced.list_tags().send().await.unwrap();
    c.list_tags().send().await.unwrap();
    both.list_tags().send().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    let h = |i: usize, n: &str| {
        sent[i]
            .headers
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(h(0, "x-trace-id").as_deref(), Some("job-42"));
    assert_eq!(h(0, "accept-language").as_deref(), Some("fr"));
    assert_eq!(
        h(1, "x-trace-id"),
        None,
        "the client's own calls are unchanged"
    );
    assert_eq!(h(1, "accept-language"), None);
    assert_eq!(h(2, "x-trace-id").as_deref(), Some("job-42"));
    assert_eq!(h(2, "x-other").as_deref(), Some("2"));
    for i in 0..3 {
        // The token and version are the client's on every call.
        assert_eq!(
            h(i, "authorization").as_deref(),
            Some("Bearer tok_secret_123")
        );
        assert_eq!(h(i, "intercom-version").as_deref(), Some("2.14"));
    }
}

#[test]
fn headers_the_client_sets_are_refused_and_values_never_printed() {
    for name in [
        "Authorization",
        "intercom-version",
        "Host",
        "content-length",
    ] {
        let err = CallOptions::new()
            .header(name, "Bearer other_token")
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidHeader { name: n, .. } if n == name),
            "{err:?}"
        );
        assert!(!format!("{err} {err:?}").contains("other_token"));
    }
    assert!(matches!(
        CallOptions::new().header("bad name", "v").unwrap_err(),
        Error::InvalidHeader { .. }
    ));
    assert!(matches!(
        CallOptions::new().header("x-ok", "bad\nvalue").unwrap_err(),
        Error::InvalidHeader { .. }
    ));
    let options = CallOptions::new().header("x-api-key", "sekrit").unwrap();
    let handle = Client::builder()
        .token("tok_secret_123")
        .build()
        .unwrap()
        .with_options(options.clone());
    let shown = format!("{options:?} {handle:?}");
    assert!(shown.contains("x-api-key"), "{shown}");
    assert!(
        !shown.contains("sekrit") && !shown.contains("tok_secret_123"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_per_call_timeout_fires_where_the_default_would_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(tag_list().set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let hurried = c.with_options(
        CallOptions::new()
            .timeout(Duration::from_millis(100))
            .max_retries(0),
    );
    let err: Error = hurried.list_tags().send().await.unwrap_err().into();
    assert!(err.is_timeout(), "{err:?}");
    // The default (20 s) lets the same answer arrive.
    c.list_tags().send().await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_none_sends_once_while_the_client_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let sent = || async { server.received_requests().await.unwrap().len() };

    let once = c.with_options(CallOptions::new().retry(RetryPolicy::none()));
    let err: Error = once.list_tags().send().await.unwrap_err().into();
    assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(sent().await, 1);
    assert_eq!(once.runtime().retry_policy().max_attempts, 1);

    // A handle of that handle keeps its policy.
    let still_once = once.with_options(CallOptions::new().timeout(Duration::from_secs(5)));
    still_once.list_tags().send().await.unwrap_err();
    assert_eq!(sent().await, 2);

    let twice = c.with_options(CallOptions::new().max_retries(1));
    twice.list_tags().send().await.unwrap_err();
    assert_eq!(sent().await, 4);

    // The client keeps its own policy: 4 attempts.
    c.list_tags().send().await.unwrap_err();
    assert_eq!(sent().await, 8);
    assert_eq!(c.runtime().retry_policy().max_attempts, 4);
}

#[tokio::test]
async fn a_retry_budget_spent_by_a_handle_is_spent_for_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    // Two retries' worth of tokens (5 each).
    let c = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(quick_retries().with_max_attempts(4).with_retry_budget(10))
        .build()
        .unwrap();
    let handle = c.with_options(CallOptions::new().header("x-job", "1").unwrap());
    handle.list_tags().send().await.unwrap_err();
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "1 + 2 retries"
    );
    assert_eq!(c.runtime().retry_budget_left(), 0);
    // The client has nothing left to retry with: one attempt.
    c.list_tags().send().await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn the_rate_limit_window_learned_by_a_handle_holds_the_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(
            tag_list()
                .insert_header("x-ratelimit-limit", "5")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", (now() + 3600).to_string().as_str()),
        )
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let handle = c.with_options(CallOptions::new().timeout(Duration::from_secs(5)));
    handle.list_tags().send().await.unwrap();
    assert_eq!(c.rate_limit().and_then(|r| r.remaining), Some(0));
    // No call is left in the window the handle learned: the client's next
    // request waits (here cut short) instead of being sent.
    let held = tokio::time::timeout(Duration::from_millis(300), c.list_tags().send()).await;
    assert!(held.is_err(), "the request was not held");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// An HTTP/1.1 server that keeps connections alive and counts them.
fn keep_alive_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let c = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(10) {
            let Ok(mut s) = stream else { break };
            c.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::spawn(move || {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let body = br#"{"type":"list","data":[]}"#;
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Bounded: at most 20 requests per connection.
                for _ in 0..20 {
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match s.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    buf.drain(..end);
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    if s.write_all(head.as_bytes())
                        .and_then(|_| s.write_all(body))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_handle_uses_the_clients_connections() {
    let (url, connections) = keep_alive_server();
    let c = client(&url);
    let handle = c.with_options(CallOptions::new().max_retries(0));
    c.list_tags().send().await.unwrap();
    handle.list_tags().send().await.unwrap();
    c.list_tags().send().await.unwrap();
    handle.list_tags().send().await.unwrap();
    let shared = connections.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(
        shared, 1,
        "one pooled connection for the client and its handle"
    );
    // A client built anew has a pool of its own.
    client(&url).list_tags().send().await.unwrap();
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_successful_answer_tells_its_status_request_id_and_rate_limit() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .and(header("authorization", "Bearer tok_secret_123"))
        .respond_with(
            tag_list()
                .insert_header("x-request-id", "req-0042")
                .insert_header("x-ratelimit-limit", "10000")
                .insert_header("x-ratelimit-remaining", "9998")
                .insert_header("x-ratelimit-reset", "1767225600"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(tag_list())
        .mount(&server)
        .await;
    let c = client(&server.uri());
    let answer = c.list_tags().send().await.unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    assert_eq!(answer.request_id(), Some("req-0042"));
    let rl = answer.rate_limit().unwrap();
    assert_eq!((rl.limit, rl.remaining), (Some(10000), Some(9998)));
    assert_eq!(rl.reset.unwrap().timestamp(), 1_767_225_600);
    assert_eq!(answer.headers()["x-request-id"], "req-0042");
    assert!(answer.into_inner().data.unwrap_or_default().is_empty());

    let bare = c.list_tags().send().await.unwrap();
    assert_eq!(bare.request_id(), None);
    assert_eq!(bare.rate_limit(), None);
}
