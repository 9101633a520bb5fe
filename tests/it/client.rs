//! The client layer against a local HTTP server (wiremock on 127.0.0.1):
//! regions, headers, retries, rate limits, timeouts, typed errors. Run for the
//! oldest and the newest version: the runtime is shared, the modules are not.

use intercom_api::{Error, Region, RetryPolicy};
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Fast retries for tests: no jitter, millisecond backoff.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_backoff(Duration::from_millis(5), Duration::from_millis(20))
        .with_jitter(false)
}

#[test]
fn regions_parse_and_map_to_hosts() {
    assert_eq!("us".parse::<Region>().unwrap(), Region::Us);
    assert_eq!("EU".parse::<Region>().unwrap(), Region::Eu);
    assert_eq!(" Au ".parse::<Region>().unwrap(), Region::Au);
    let err = "mars".parse::<Region>().unwrap_err();
    assert!(matches!(err, Error::InvalidRegion { ref value } if value == "mars"));
    assert!(err.to_string().contains("us, eu, au"), "{err}");
    assert_eq!(Region::Us.base_url(), "https://api.intercom.io");
    assert_eq!(Region::Eu.base_url(), "https://api.eu.intercom.io");
    assert_eq!(Region::Au.base_url(), "https://api.au.intercom.io");
    assert_eq!(Region::default(), Region::Us);
}

#[test]
fn json_path_points_at_the_failure() {
    let body = br#"{"type":"list","data":[{"id":"1"},{"id":2,"name":"x"}]}"#;
    let cut = br#"{"type":"list","data":[{"id":"1"},{"id":2,"#;
    let err = serde_json::from_slice::<serde_json::Value>(cut).unwrap_err();
    assert!(err.is_eof());
    assert_eq!(
        intercom_api::json_path_at(cut, err.line(), err.column()),
        "$.data[1]"
    );
    let cut = br#"{"type":"list","data":[{"id":"1"#;
    let err = serde_json::from_slice::<serde_json::Value>(cut).unwrap_err();
    assert_eq!(
        intercom_api::json_path_at(cut, err.line(), err.column()),
        "$.data[0].id"
    );
    // serde_json reports type errors just after the offending value.
    let at = body.iter().position(|&b| b == b'2').unwrap() + 1;
    assert_eq!(intercom_api::json_path_at(body, 1, at), "$.data[1].id");
    assert_eq!(
        intercom_api::json_path_at(b"{\"a b\": [1,", 1, 11),
        "$[\"a b\"][1]"
    );
}

macro_rules! client_tests {
    ($feature:literal, $module:ident, $version:literal, $contact_id:ident) => {
        #[cfg(feature = $feature)]
        mod $module {
            use super::*;
            use intercom_api::$module::Client;
            use progenitor_client::ClientInfo;

            fn client(server: &MockServer) -> Client {
                Client::builder().token("tok_secret_123").base_url(server.uri()).retry(quick_retries()).build().unwrap()
            }

            fn tag_list() -> ResponseTemplate {
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "list", "data": []}))
            }

            #[test]
            fn base_url_per_region_and_custom() {
                for (region, url) in [(Region::Us, "https://api.intercom.io"), (Region::Eu, "https://api.eu.intercom.io"), (Region::Au, "https://api.au.intercom.io")] {
                    let c = Client::builder().token("t").region(region).build().unwrap();
                    assert_eq!(c.baseurl(), url);
                }
                let c = Client::builder().token("t").region(Region::Eu).base_url("http://127.0.0.1:9/proxy/").build().unwrap();
                assert_eq!(c.baseurl(), "http://127.0.0.1:9/proxy");
                let err = Client::builder().token("t").base_url("not a url").build().unwrap_err();
                assert!(matches!(err, Error::InvalidBaseUrl { .. }), "{err:?}");
                assert!(matches!(Client::builder().build().unwrap_err(), Error::MissingToken));
                assert!(matches!(Client::builder().token("  ").build().unwrap_err(), Error::MissingToken));
            }

            #[test]
            fn the_token_is_never_printed() {
                let c = Client::builder().token("tok_secret_123").build().unwrap();
                let shown = format!("{c:?} {:?}", Client::builder().token("tok_secret_123"));
                assert!(!shown.contains("tok_secret_123"), "{shown}");
                assert!(shown.contains("redacted"), "{shown}");
                let err = Client::builder().token("bad\ntoken").build().unwrap_err();
                assert!(!format!("{err} {err:?}").contains("bad\ntoken"));
            }

            #[tokio::test]
            async fn sends_auth_version_and_user_agent() {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/tags"))
                    .and(header("authorization", "Bearer tok_secret_123"))
                    .and(header("intercom-version", $version))
                    .and(header("user-agent", intercom_api::DEFAULT_USER_AGENT))
                    .respond_with(tag_list())
                    .expect(1)
                    .mount(&server)
                    .await;
                let tags = client(&server).list_tags().send().await.unwrap();
                assert!(tags.into_inner().data.unwrap_or_default().is_empty());
                let sent = server.received_requests().await.unwrap();
                assert!(sent[0].headers.get("api-version").is_none(), "only Intercom's version header is sent");
                assert_eq!(intercom_api::$module::API_VERSION, $version);
            }

            #[tokio::test]
            async fn rate_limited_then_ok_waits_as_told_and_retries_once() {
                let server = MockServer::start().await;
                let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
                Mock::given(method("POST"))
                    .and(path("/contacts/c1/archive"))
                    .respond_with(
                        ResponseTemplate::new(429)
                            .insert_header("x-ratelimit-limit", "166")
                            .insert_header("x-ratelimit-remaining", "0")
                            .insert_header("x-ratelimit-reset", (now + 3).to_string().as_str())
                            .set_body_json(serde_json::json!({"type": "error.list", "errors": [{"code": "rate_limit_exceeded", "message": "Exceeded rate limit"}]})),
                    )
                    .up_to_n_times(1)
                    .expect(1)
                    .mount(&server)
                    .await;
                Mock::given(method("POST"))
                    .and(path("/contacts/c1/archive"))
                    .respond_with(
                        ResponseTemplate::new(200)
                            .insert_header("x-ratelimit-limit", "166")
                            .insert_header("x-ratelimit-remaining", "165")
                            .set_body_json(serde_json::json!({"type": "contact", "id": "c1", "archived": true})),
                    )
                    .expect(1)
                    .mount(&server)
                    .await;
                let c = client(&server);
                let start = Instant::now();
                // A POST: retried on 429 only, because Intercom did not process it.
                let archived = c.archive_contact().$contact_id("c1").send().await.unwrap();
                assert_eq!(serde_json::to_value(&*archived).unwrap()["id"], "c1");
                // The reset was 2–3 s away when set: the client waited for it rather than backing off (5 ms).
                assert!(start.elapsed() >= Duration::from_millis(1500), "waited only {:?}", start.elapsed());
                let rl = c.rate_limit().expect("rate-limit headers are recorded");
                assert_eq!((rl.limit, rl.remaining), (Some(166), Some(165)));
            }

            #[tokio::test]
            async fn get_retries_5xx_until_success() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).expect(2).mount(&server).await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(tag_list()).expect(1).mount(&server).await;
                client(&server).list_tags().send().await.unwrap();
            }

            #[tokio::test]
            async fn post_is_never_sent_twice_on_5xx() {
                let server = MockServer::start().await;
                Mock::given(method("POST"))
                    .and(path("/contacts/c1/archive"))
                    .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
                    .expect(1)
                    .mount(&server)
                    .await;
                let err: Error = client(&server).archive_contact().$contact_id("c1").send().await.unwrap_err().into();
                assert_eq!(err.status(), Some(reqwest::StatusCode::SERVICE_UNAVAILABLE));
                assert_eq!(err.body().unwrap().as_ref(), b"upstream down");
            }

            #[tokio::test]
            async fn retries_give_up_after_max_attempts_and_keep_the_last_answer() {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/tags"))
                    .respond_with(ResponseTemplate::new(429).set_body_json(serde_json::json!({"type": "error.list", "request_id": "r-429", "errors": [{"code": "rate_limit_exceeded"}]})))
                    .expect(3)
                    .mount(&server)
                    .await;
                let c = Client::builder().token("t").base_url(server.uri()).retry(quick_retries().with_max_attempts(3)).build().unwrap();
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                assert!(err.is_rate_limited());
                assert_eq!(err.request_id(), Some("r-429"));
            }

            #[tokio::test]
            async fn retries_can_be_turned_off() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(ResponseTemplate::new(500)).expect(1).mount(&server).await;
                let c = Client::builder().token("t").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                assert_eq!(err.status(), Some(reqwest::StatusCode::INTERNAL_SERVER_ERROR));
            }

            #[tokio::test]
            async fn a_slow_answer_times_out() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(tag_list().set_delay(Duration::from_secs(3))).mount(&server).await;
                let c = Client::builder()
                    .token("t")
                    .base_url(server.uri())
                    .timeout(Duration::from_millis(200))
                    .retry(RetryPolicy::none())
                    .build()
                    .unwrap();
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                assert!(err.is_timeout(), "{err:?}");
                assert!(matches!(err, Error::Http(_)));
            }

            #[tokio::test]
            async fn malformed_and_truncated_json_keep_body_and_path() {
                let server = MockServer::start().await;
                let truncated = r#"{"type":"list","data":[{"type":"tag","id":"1","#;
                Mock::given(method("GET")).and(path("/tags")).respond_with(ResponseTemplate::new(200).set_body_raw(truncated, "application/json")).up_to_n_times(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"type":"list","data":"nope"}"#, "application/json")).mount(&server).await;
                let c = client(&server);
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                match &err {
                    Error::Decode { path, body, .. } => {
                        assert_eq!(body.as_ref(), truncated.as_bytes());
                        assert_eq!(path, "$.data[0]");
                    }
                    other => panic!("expected a decode error, got {other:?}"),
                }
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                match &err {
                    Error::Decode { path, .. } => assert_eq!(path, "$.data"),
                    other => panic!("expected a decode error, got {other:?}"),
                }
                assert!(err.to_string().contains("$.data"), "{err}");
            }

            #[tokio::test]
            async fn error_list_404_is_typed() {
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/tags"))
                    .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
                        "type": "error.list",
                        "request_id": "b3e0c1f7-5e4a-4e2b-9f0d-0e0a1f1d2c3b",
                        "errors": [{"code": "not_found", "message": "Resource Not Found", "field": "id"}]
                    })))
                    .expect(1)
                    .mount(&server)
                    .await;
                let err: Error = client(&server).list_tags().send().await.unwrap_err().into();
                assert!(err.is_not_found());
                assert!(!err.is_unauthorized());
                assert_eq!(err.code(), Some("not_found"));
                assert_eq!(err.request_id(), Some("b3e0c1f7-5e4a-4e2b-9f0d-0e0a1f1d2c3b"));
                let api = err.api().unwrap();
                assert_eq!(api.errors[0].field.as_deref(), Some("id"));
                assert!(err.to_string().contains("not_found"), "{err}");
                assert!(!err.to_string().contains("tok_secret_123"));
            }

            #[tokio::test]
            async fn an_error_body_that_is_not_json_is_kept() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/tags")).respond_with(ResponseTemplate::new(401).set_body_string("<html>nope</html>")).mount(&server).await;
                let err: Error = client(&server).list_tags().send().await.unwrap_err().into();
                assert!(err.is_unauthorized());
                assert_eq!(err.code(), None);
                assert_eq!(err.body().unwrap().as_ref(), b"<html>nope</html>");
            }

            /// `GET /events` takes a `filter` object sent exploded (OpenAPI
            /// `style: form, explode: true`): `?user_id=…`, no `filter=`.
            /// (Prism cannot validate this one; see crates/codegen/openapi/example-fixes.json.)
            #[tokio::test]
            async fn event_filter_is_sent_exploded() {
                use wiremock::matchers::query_param;
                let server = MockServer::start().await;
                Mock::given(method("GET"))
                    .and(path("/events"))
                    .and(query_param("user_id", "314159"))
                    .and(query_param("type", "user"))
                    .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"type": "event.summary", "events": []})))
                    .expect(1)
                    .mount(&server)
                    .await;
                let filter = intercom_api::$module::types::LisDataEventsFilter::UserId("314159".into());
                client(&server).lis_data_events().filter(filter).type_("user").send().await.unwrap();
                let sent = server.received_requests().await.unwrap();
                assert_eq!(sent[0].url.query(), Some("user_id=314159&type=user"));
            }

            /// Redirects (the call recording answers 302 to a signed URL) are
            /// followed, and the token is not sent to the other host.
            #[tokio::test]
            async fn redirects_are_followed_without_the_token() {
                let api = MockServer::start().await;
                let elsewhere = MockServer::start().await;
                Mock::given(method("GET")).and(path("/tags"))
                    .respond_with(ResponseTemplate::new(302).insert_header("location", format!("{}/signed/tags", elsewhere.uri())))
                    .expect(1).mount(&api).await;
                Mock::given(method("GET")).and(path("/signed/tags")).respond_with(tag_list()).expect(1).mount(&elsewhere).await;
                client(&api).list_tags().send().await.unwrap();
                let sent = elsewhere.received_requests().await.unwrap();
                assert!(sent[0].headers.get("authorization").is_none(), "token sent to another host: {:?}", sent[0].headers);
            }

            #[tokio::test]
            async fn dead_connections_retry_gets_but_not_posts() {
                let (url, accepted) = super::dead_server();
                let c = Client::builder().token("t").base_url(url.clone()).retry(quick_retries().with_max_attempts(3)).build().unwrap();
                let err: Error = c.list_tags().send().await.unwrap_err().into();
                assert!(matches!(err, Error::Http(_)), "{err:?}");
                assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3, "GET tried 3 times");
                accepted.store(0, std::sync::atomic::Ordering::SeqCst);
                let err: Error = c.archive_contact().$contact_id("c1").send().await.unwrap_err().into();
                assert!(matches!(err, Error::Http(_)), "{err:?}");
                assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1, "POST sent once");
            }
        }
    };
}

client_tests!("v2_9", v2_9, "2.9", id);
client_tests!("v2_14", v2_14, "2.14", contact_id);

/// A server on 127.0.0.1 that accepts connections, reads the request and
/// closes without answering; it counts connections and stops by itself.
pub fn dead_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let c = count.clone();
    listener.set_nonblocking(false).unwrap();
    std::thread::spawn(move || {
        // Bounded: at most 20 connections.
        for stream in listener.incoming().take(20) {
            let Ok(mut s) = stream else { break };
            c.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            drop(s);
        }
    });
    (url, count)
}

#[cfg(feature = "v2_14")]
#[tokio::test]
async fn from_env_reads_token_region_and_base_url() {
    use intercom_api::v2_14::Client;
    use progenitor_client::ClientInfo;
    // The only test that touches these variables.
    std::env::remove_var("INTERCOM_ACCESS_TOKEN");
    std::env::remove_var("INTERCOM_BASE_URL");
    std::env::remove_var("INTERCOM_REGION");
    assert!(matches!(
        Client::from_env().unwrap_err(),
        Error::MissingToken
    ));
    std::env::set_var("INTERCOM_ACCESS_TOKEN", "");
    assert!(matches!(
        Client::from_env().unwrap_err(),
        Error::MissingToken
    ));
    std::env::set_var("INTERCOM_ACCESS_TOKEN", "tok");
    assert_eq!(
        Client::from_env().unwrap().baseurl(),
        "https://api.intercom.io"
    );
    std::env::set_var("INTERCOM_REGION", "Eu");
    assert_eq!(
        Client::from_env().unwrap().baseurl(),
        "https://api.eu.intercom.io"
    );
    std::env::set_var("INTERCOM_REGION", "moon");
    assert!(matches!(
        Client::from_env().unwrap_err(),
        Error::InvalidRegion { .. }
    ));
    std::env::set_var("INTERCOM_BASE_URL", "http://127.0.0.1:1");
    std::env::set_var("INTERCOM_REGION", "au");
    assert_eq!(Client::from_env().unwrap().baseurl(), "http://127.0.0.1:1");
    for k in [
        "INTERCOM_ACCESS_TOKEN",
        "INTERCOM_BASE_URL",
        "INTERCOM_REGION",
    ] {
        std::env::remove_var(k);
    }
}
