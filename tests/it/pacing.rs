//! Pacing to the rate-limit window, the retry budget, and retrying
//! connections that were never made, through a generated client. The
//! pacer's and the retry rules' own tests are unit tests of the runtime
//! crate; load and faults together are in `load.rs`.

use intercom_api::RetryPolicy;
use std::time::{Duration, SystemTime};

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
