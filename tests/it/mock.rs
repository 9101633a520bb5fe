//! The mock Intercom (feature `mock`): one test per capability, through the
//! crate's real clients, and every operation of every compiled version
//! answered by the mock with its default and decoded by the client.

use intercom_api::mock::MockIntercom;
use serde_json::{json, Value};

/// The `id`s of items, read from their JSON form (ids are `String` or `Id`).
#[allow(dead_code)]
fn ids<T: serde::Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        .map(|i| match &serde_json::to_value(i).unwrap()["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// Every operation of every compiled version (from the build's tables: a
/// new version is covered with no test code), sent through its typed builder
/// with the spec's example arguments (and the Prism test's corrections of
/// broken ones), is accepted by the mock's checks and its default answer
/// decodes through the client.
#[test]
fn every_operation_answers_its_default_and_the_client_decodes_it() {
    std::thread::Builder::new()
        .name("mock walk".into())
        // The invoker's future for 200+ operations is large in debug builds.
        .stack_size(64 << 20)
        .spawn(walk_every_version)
        .unwrap()
        .join()
        .unwrap();
}

/// Arguments for operations whose spec example cannot be sent and that
/// crates/codegen/openapi/example-fixes.json leaves `open` (Prism cannot check them).
type Args = fn() -> Value;

const ARGS: &[(&str, Args)] = &[
    // The spec's example `filter` is no alternative of its `oneOf`; this is
    // what tests/it/client.rs `event_filter_is_sent_exploded` sends.
    (
        "lis_data_events",
        || json!({"filter": {"user_id": "314159"}, "type": "user"}),
    ),
    // A multipart form (Preview's catalog upload), as `Multipart` builds it.
    ("upload_ecommerce_catalog", || {
        let form = intercom_api::Multipart::new().file(
            "catalog",
            "c.json",
            "application/json",
            b"[]".to_vec(),
        );
        json!({"id": "c1", "body": String::from_utf8(form.into_bytes()).unwrap()})
    }),
];

fn walk_every_version() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let fixes = crate::prism::example_fixes();
    assert!(!intercom_api::MOCK_VERSIONS.is_empty());
    for mv in intercom_api::MOCK_VERSIONS {
        let version = mv.version();
        let data = intercom_api::VERSION_DATA
            .iter()
            .find(|d| d.version == version)
            .unwrap();
        let (doc, _) = crate::prism::servable_spec(version);
        let mock = rt.block_on(MockIntercom::start_version(mv));
        let mut failures = Vec::new();
        for o in data.operations {
            let item = &doc["paths"][o.path];
            let op = &item[o.method.to_lowercase()];
            let (mut args, _) = crate::prism::spec_args(&doc, item, op);
            let fix = crate::prism::fix_for(&fixes, version, o.name);
            let ours = ARGS
                .iter()
                .find(|(name, _)| *name == o.name)
                .map(|(_, a)| a());
            if let Some(given) = fix.and_then(|f| f.get("args")).cloned().or(ours) {
                for (k, v) in given.as_object().unwrap() {
                    args.insert(k.clone(), v.clone());
                }
            }
            let result = rt
                .block_on((data.invoke)(&mock.uri(), o.name, &args))
                .expect("a known operation");
            let recorded = mock.requests(o.name);
            let last = recorded.last().map(|r| r.status());
            match result {
                Ok(()) if recorded.len() == 1 && last.is_some_and(|s| s < 400) => {}
                Ok(()) => failures.push(format!(
                    "{} {} ({}): {} requests recorded, last answered {last:?}",
                    o.method,
                    o.path,
                    o.name,
                    recorded.len()
                )),
                Err(e) => failures.push(format!(
                    "{} {} ({}): {e}: {}",
                    o.method,
                    o.path,
                    o.name,
                    e.body()
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default()
                )),
            }
        }
        let without = mv.answers_without_example();
        eprintln!(
            "{version}: {} of {} operations answered by the mock and decoded; {} answer the least \
             JSON their schema allows (no example in the spec): {}",
            data.operations.len() - failures.len(),
            data.operations.len(),
            without.len(),
            without.join(", ")
        );
        assert!(
            failures.is_empty(),
            "{version}: {} operations failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// An unknown operation name is a set-up error, named with the version.
#[cfg(feature = "v2_14")]
#[tokio::test]
#[should_panic(expected = "`reply_conversatoin` is not an operation of Intercom API 2.14")]
async fn an_unknown_operation_name_panics_at_set_up() {
    let mock = intercom_api::v2_14::MockIntercom::start().await;
    mock.on("reply_conversatoin").respond_error(404);
}

#[cfg(feature = "v2_14")]
mod v2_14 {
    use super::*;
    use futures::TryStreamExt;
    use intercom_api::mock::Reply;
    use intercom_api::v2_14::{types, MockIntercom};
    use intercom_api::{Error, RetryPolicy};
    use std::time::Duration;

    /// The spec's example for `GET /me` (the raw spec, read by the test).
    fn me_example() -> Value {
        crate::examples::response_examples("2.14")
            .into_iter()
            .find(|(m, p, s, _, _)| m == "GET" && p == "/me" && s == "200")
            .map(|(.., v)| v)
            .unwrap()
    }

    #[tokio::test]
    async fn default_answer_is_the_spec_example_with_intercoms_headers() {
        let mock = MockIntercom::start().await;
        let client = mock.client();
        let me = client.identify_admin().send().await.unwrap();
        let example = me_example();
        assert_eq!(me.email.as_deref(), example["email"].as_str());
        assert_eq!(me.name.as_deref(), example["name"].as_str());
        let headers = me.headers();
        assert_eq!(headers["x-ratelimit-limit"], "10000");
        assert!(headers["x-request-id"]
            .to_str()
            .unwrap()
            .starts_with("mock-"));
        let rl = client.rate_limit().expect("rate-limit headers");
        assert_eq!(rl.limit, Some(10_000));
        assert!(rl.remaining.unwrap() < 10_000);
        assert!(rl.reset.unwrap() > chrono::Utc::now() - chrono::Duration::seconds(1));
        // The request as sent.
        let sent = mock.requests("identify_admin");
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].method(), "GET");
        assert_eq!(sent[0].path(), "/me");
        assert_eq!(sent[0].headers()["intercom-version"], "2.14");
        assert!(
            !format!("{:?}", sent[0]).contains("mock-token"),
            "token redacted"
        );
    }

    #[tokio::test]
    async fn scripted_typed_answer() {
        let mock = MockIntercom::start().await;
        let mut contact: types::Contact = serde_json::from_value(
            json!({"type": "contact", "id": "c-1", "role": "user", "name": "Ada"}),
        )
        .unwrap();
        contact.email = Some("ada@example.com".into());
        mock.on("show_contact").respond(&contact);
        let got = mock
            .client()
            .show_contact()
            .contact_id("c-1")
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.email.as_deref(), Some("ada@example.com"));
        assert_eq!(got.name.as_deref(), Some("Ada"));
        // Other operations keep their default.
        let me = mock.client().identify_admin().send().await.unwrap();
        assert_eq!(me.email.as_deref(), me_example()["email"].as_str());
        // `reset` brings the example back.
        mock.on("show_contact").reset();
        let again = mock.client().show_contact().contact_id("c-1").send().await;
        assert_ne!(again.unwrap().email.as_deref(), Some("ada@example.com"));
    }

    #[tokio::test]
    async fn intercom_errors() {
        let mock = MockIntercom::start().await;
        let client = mock.client();
        mock.on("show_contact").respond_error(404);
        let e = Error::from(
            client
                .show_contact()
                .contact_id("nope")
                .send()
                .await
                .unwrap_err(),
        );
        assert!(e.is_not_found(), "{e}");
        assert_eq!(e.code(), Some("not_found"));
        assert!(e.request_id().unwrap().starts_with("mock-"));
        let body: Value = serde_json::from_slice(e.body().unwrap()).unwrap();
        assert_eq!(body["type"], "error.list");
        assert_eq!(body["request_id"], e.request_id().unwrap());

        mock.on("identify_admin").respond_error(401);
        let e = Error::from(client.identify_admin().send().await.unwrap_err());
        assert!(e.is_unauthorized(), "{e}");

        // A POST is not retried after a 500.
        mock.on("create_contact").respond_error(500);
        let e = Error::from(
            client
                .create_contact()
                .body_map(|b| b.email("a@example.com".to_string()))
                .send()
                .await
                .unwrap_err(),
        );
        assert_eq!(e.status().map(|s| s.as_u16()), Some(500));
        assert_eq!(e.code(), Some("server_error"));
        assert_eq!(mock.requests("create_contact").len(), 1);

        // A custom code and message.
        mock.on("delete_contact")
            .reply(Reply::error_with(409, "conflict", "contact is merging"));
        let e = Error::from(
            client
                .delete_contact()
                .contact_id("c")
                .send()
                .await
                .unwrap_err(),
        );
        assert_eq!(
            e.api().unwrap().errors[0].message.as_deref(),
            Some("contact is merging")
        );
    }

    #[tokio::test]
    async fn rate_limited_then_answered_after_the_reset() {
        let mock = MockIntercom::start().await;
        mock.on("list_tags")
            .once()
            .rate_limited(Duration::from_secs(1));
        let client = mock.client_builder().pace(false).build().unwrap();
        let tags = client.list_tags().send().await.unwrap();
        assert!(
            tags.data.as_ref().is_some_and(|d| !d.is_empty()),
            "the example after the 429"
        );
        let sent = mock.requests("list_tags");
        let statuses: Vec<u16> = sent.iter().map(|r| r.status()).collect();
        assert_eq!(statuses, [429, 200]);

        // Without retries the 429 reaches the caller, with its reset ahead.
        mock.on("list_tags")
            .once()
            .rate_limited(Duration::from_secs(30));
        let no_retry = mock
            .client_builder()
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let e = Error::from(no_retry.list_tags().send().await.unwrap_err());
        assert!(e.is_rate_limited());
        let rl = e.rate_limit().unwrap();
        assert_eq!(rl.remaining, Some(0));
        assert!(rl.reset.unwrap() >= chrono::Utc::now() + chrono::Duration::seconds(28));
    }

    #[tokio::test]
    async fn sequence_first_503_then_the_answer() {
        let mock = MockIntercom::start().await;
        mock.on("show_contact").once().respond_error(503);
        mock.on("show_contact")
            .respond(json!({"type": "contact", "id": "c-9", "name": "Grace"}));
        let client = mock
            .client_builder()
            .retry(
                RetryPolicy::default()
                    .with_backoff(Duration::from_millis(10), Duration::from_millis(50)),
            )
            .build()
            .unwrap();
        let c = client
            .show_contact()
            .contact_id("c-9")
            .send()
            .await
            .unwrap();
        assert_eq!(c.name.as_deref(), Some("Grace"));
        let statuses: Vec<u16> = mock
            .requests("show_contact")
            .iter()
            .map(|r| r.status())
            .collect();
        assert_eq!(statuses, [503, 200], "one retry");
        // `times(n)`: n answers, then the standing one.
        mock.on("show_contact").times(2).respond_error(404);
        for expected in [404, 404, 200] {
            let r = mock
                .client_builder()
                .retry(RetryPolicy::none())
                .build()
                .unwrap();
            let status = match r.show_contact().contact_id("c-9").send().await {
                Ok(v) => v.status().as_u16(),
                Err(e) => Error::from(e).status().unwrap().as_u16(),
            };
            assert_eq!(status, expected);
        }
    }

    fn items(kind: &str, n: usize) -> Vec<Value> {
        (1..=n)
            .map(|i| json!({"type": kind, "id": format!("{kind}-{i}")}))
            .collect()
    }

    fn expected_ids(kind: &str, n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("{kind}-{i}")).collect()
    }

    /// How many requests the operation received, and what each carried.
    fn pages_sent(mock: &MockIntercom, op: &str) -> Vec<intercom_api::mock::Recorded> {
        let sent = mock.requests(op);
        assert!(sent.iter().all(|r| r.status() == 200), "{sent:?}");
        sent
    }

    #[tokio::test]
    async fn pages_by_cursor() {
        let mock = MockIntercom::start().await;
        mock.on("list_contacts").pages(items("contact", 7), 3);
        let got: Vec<types::Contact> = mock
            .client()
            .list_contacts()
            .per_page(3)
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&got), expected_ids("contact", 7));
        let sent = pages_sent(&mock, "list_contacts");
        let cursors: Vec<_> = sent
            .iter()
            .map(|r| r.query_param("starting_after"))
            .collect();
        assert_eq!(cursors, [None, Some("mock-3"), Some("mock-6")]);
        assert!(sent.iter().all(|r| r.query_param("per_page") == Some("3")));
    }

    #[tokio::test]
    async fn pages_by_body_cursor() {
        use intercom_api::search::field;
        let mock = MockIntercom::start().await;
        mock.on("search_contacts").pages(items("contact", 5), 2);
        let got: Vec<types::Contact> = mock
            .client()
            .search_contacts()
            .query(field("role").eq("user").per_page(2))
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&got), expected_ids("contact", 5));
        let sent = pages_sent(&mock, "search_contacts");
        let cursors: Vec<Value> = sent
            .iter()
            .map(|r| r.body::<Value>().unwrap()["pagination"]["starting_after"].clone())
            .collect();
        assert_eq!(cursors, [Value::Null, json!("mock-2"), json!("mock-4")]);
        // The query is kept on every page.
        assert!(sent
            .iter()
            .all(|r| r.body::<Value>().unwrap()["query"]["field"] == "role"));
    }

    #[tokio::test]
    async fn pages_by_page_number() {
        let mock = MockIntercom::start().await;
        mock.on("list_articles").pages(items("article", 7), 3);
        let got: Vec<types::ArticleListItem> = mock
            .client()
            .list_articles()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&got), expected_ids("article", 7));
        let sent = pages_sent(&mock, "list_articles");
        let pages: Vec<_> = sent.iter().map(|r| r.query_param("page")).collect();
        assert_eq!(pages, [None, Some("2"), Some("3")]);
    }

    #[tokio::test]
    async fn pages_by_scroll() {
        let mock = MockIntercom::start().await;
        mock.on("scroll_over_all_companies")
            .pages(items("company", 5), 2);
        let got: Vec<types::Company> = mock
            .client()
            .scroll_over_all_companies()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&got), expected_ids("company", 5));
        let sent = pages_sent(&mock, "scroll_over_all_companies");
        let params: Vec<_> = sent.iter().map(|r| r.query_param("scroll_param")).collect();
        // Three pages, then the empty one that ends a scroll.
        assert_eq!(
            params,
            [None, Some("mock-2"), Some("mock-4"), Some("mock-5")]
        );
    }

    #[tokio::test]
    async fn pages_until_empty() {
        let mock = MockIntercom::start().await;
        mock.on("list_help_centers")
            .pages(items("help_center", 4), 2);
        let got: Vec<types::HelpCenter> = mock
            .client()
            .list_help_centers()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids(&got), expected_ids("help_center", 4));
        let sent = pages_sent(&mock, "list_help_centers");
        let pages: Vec<_> = sent.iter().map(|r| r.query_param("page")).collect();
        assert_eq!(pages, [None, Some("2"), Some("3")]);
    }

    #[tokio::test]
    #[should_panic(expected = "`identify_admin` does not paginate in Intercom API 2.14")]
    async fn pages_of_an_operation_that_does_not_paginate_panic() {
        let mock = MockIntercom::start().await;
        mock.on("identify_admin").pages(items("admin", 1), 1);
    }

    /// A request the typed client could not send, from plain reqwest.
    async fn raw(
        mock: &MockIntercom,
        method: reqwest::Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut r = reqwest::Client::new().request(method, format!("{}{path}", mock.uri()));
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        if let Some(b) = body {
            r = r
                .header("content-type", "application/json")
                .body(serde_json::to_vec(&b).unwrap());
        }
        let answer = r.send().await.unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap())
    }

    const AUTH: (&str, &str) = ("authorization", "Bearer t");
    const VERSION: (&str, &str) = ("intercom-version", "2.14");

    #[tokio::test]
    async fn requests_are_checked_as_intercom_would() {
        use reqwest::Method;
        let mock = MockIntercom::start().await;
        // A body that does not decode into ReplyConversationRequest.
        let (status, body) = raw(
            &mock,
            Method::POST,
            "/conversations/123/reply",
            &[AUTH, VERSION],
            Some(json!({"message_type": "comment", "type": "admin", "admin_id": 5})),
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(body["type"], "error.list");
        assert_eq!(body["errors"][0]["code"], "parameter_invalid");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("does not match the request type"),
            "{message}"
        );
        // No body at all where one is required.
        let (status, body) = raw(
            &mock,
            Method::POST,
            "/export/reporting_data/enqueue",
            &[AUTH, VERSION],
            None,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(body["errors"][0]["code"], "parameter_not_found");
        // No token.
        let (status, body) = raw(&mock, Method::GET, "/me", &[VERSION], None).await;
        assert_eq!(status, 401);
        assert_eq!(body["errors"][0]["code"], "unauthorized");
        // Another version's header.
        let (status, body) = raw(
            &mock,
            Method::GET,
            "/me",
            &[AUTH, ("intercom-version", "2.9")],
            None,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(body["errors"][0]["code"], "intercom_version_invalid");
        assert_eq!(body["errors"][0]["field"], "Intercom-Version");
        // A query parameter of the wrong type.
        let (status, body) = raw(
            &mock,
            Method::GET,
            "/contacts?per_page=many",
            &[AUTH, VERSION],
            None,
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(body["errors"][0]["field"], "per_page");
        // A path no operation has.
        let (status, body) = raw(&mock, Method::GET, "/nothing/here", &[AUTH, VERSION], None).await;
        assert_eq!(
            (status, body["errors"][0]["code"].clone()),
            (404, json!("not_found"))
        );
        // Refused requests are recorded with their status.
        let statuses: Vec<u16> = mock
            .requests("reply_conversation")
            .iter()
            .map(|r| r.status())
            .collect();
        assert_eq!(statuses, [400]);
        assert_eq!(mock.requests("identify_admin").len(), 2);
        assert_eq!(mock.all_requests().len(), 6);
        // What the client sends passes the same checks.
        let reply = mock
            .client()
            .reply_conversation()
            .conversation_id("123")
            .body(admin_reply("5", "hi"))
            .send()
            .await;
        assert!(reply.is_ok(), "{:?}", reply.err());
    }

    fn admin_reply(admin: &str, text: &str) -> types::ReplyConversationRequest {
        types::ReplyConversationRequest::AdminReplyConversationRequest(
            types::AdminReplyConversationRequest {
                admin_id: admin.into(),
                body: Some(text.into()),
                message_type: types::AdminReplyConversationRequestMessageType::Comment,
                type_: types::AdminReplyConversationRequestType::Admin,
                attachment_files: vec![],
                attachment_urls: vec![],
                created_at: None,
                reply_options: vec![],
            },
        )
    }

    #[tokio::test]
    async fn recorded_requests_decode_into_their_types() {
        let mock = MockIntercom::start().await;
        let client = mock.client();
        client
            .reply_conversation()
            .conversation_id("215")
            .body(admin_reply("991267459", "Thanks!"))
            .send()
            .await
            .unwrap();
        client.list_contacts().per_page(5).send().await.unwrap();
        let replies = mock.requests("reply_conversation");
        assert_eq!(replies.len(), 1, "exactly one reply");
        assert_eq!(replies[0].path(), "/conversations/215/reply");
        match replies[0]
            .body::<types::ReplyConversationRequest>()
            .unwrap()
        {
            types::ReplyConversationRequest::AdminReplyConversationRequest(r) => {
                assert_eq!(r.admin_id, "991267459");
                assert_eq!(r.body.as_deref(), Some("Thanks!"));
                assert_eq!(
                    r.message_type,
                    types::AdminReplyConversationRequestMessageType::Comment
                );
            }
            other => panic!("{other:?}"),
        }
        let lists = mock.requests("list_contacts");
        assert_eq!(
            lists[0].query(),
            [("per_page".to_string(), "5".to_string())]
        );
        assert!(mock.requests("create_contact").is_empty());
    }
}

/// A multipart operation (Preview's catalog upload) needs a form: JSON is refused.
#[cfg(feature = "preview")]
#[tokio::test]
async fn a_multipart_operation_refuses_a_body_that_is_not_a_form() {
    let mock = intercom_api::preview::MockIntercom::start().await;
    let answer = reqwest::Client::new()
        .post(format!("{}/ecommerce/connectors/c1/catalog", mock.uri()))
        .header("authorization", "Bearer t")
        .header("intercom-version", "Preview")
        .header("content-type", "application/json")
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 400);
    let body: Value = answer.json().await.unwrap();
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("multipart/form-data"), "{message}");
    // The client's form passes.
    let form = intercom_api::Multipart::new().file(
        "catalog",
        "c.json",
        "application/json",
        b"[]".to_vec(),
    );
    mock.client()
        .upload_ecommerce_catalog()
        .id("c1")
        .body(form.into_bytes())
        .send()
        .await
        .unwrap();
    let statuses: Vec<u16> = mock
        .requests("upload_ecommerce_catalog")
        .iter()
        .map(|r| r.status())
        .collect();
    assert_eq!(statuses[0], 400);
    assert!(statuses[1] < 300, "{statuses:?}");
}
