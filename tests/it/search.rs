//! `intercom_api::search`: the JSON a query sends, Intercom's limits checked
//! before sending, and `.query(q)` on every search operation, paged.

use intercom_api::search::{field, Query, MAX_GROUP_LEN};
use intercom_api::Error;
use serde_json::{json, Value};

/// The spec's own search example (2.9–2.16, every search operation), built
/// with the query builder, gives the same body.
#[test]
fn the_specs_search_example_is_what_the_builder_sends() {
    for version in ["2.9", "2.14"] {
        let text = std::fs::read_to_string(format!(
            "{}/descriptions/{version}/api.intercom.io.yaml",
            std::env::var("INTERCOM_OPENAPI_DIR").unwrap()
        ))
        .unwrap();
        let doc: Value = yaml_serde::from_str(&text).unwrap();
        let example = doc
            .pointer("/paths/~1contacts~1search/post/requestBody/content/application~1json/examples/successful/value")
            .unwrap();
        let query = Query::all([field("created_at").gt("1306054154")]).per_page(5);
        let body = json!({"query": query, "pagination": {"per_page": 5}});
        assert_eq!(&body, example, "{version}");
    }
}

#[test]
fn every_operator_and_value_type_has_its_wire_form() {
    let at = chrono::DateTime::parse_from_rfc3339("2020-01-01T09:00:00Z").unwrap();
    let q = Query::any([
        field("a").eq("x"),
        field("b").ne(3),
        field("c").is_in(["x", "y"]),
        field("d").not_in([1, 2]),
        field("e").lt(at),
        field("f").le(5i64),
        field("g").gt(true),
        field("h").ge(0),
        field("i").contains("@acme.com"),
        field("j").not_contains("spam"),
        field("k").starts_with("Ada"),
        field("l").ends_with(".io"),
        field("m").eq(None::<String>),
    ]);
    let ops: Vec<(Value, Value)> = serde_json::to_value(&q).unwrap()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["operator"].clone(), f["value"].clone()))
        .collect();
    assert_eq!(
        ops,
        vec![
            (json!("="), json!("x")),
            (json!("!="), json!(3)),
            (json!("IN"), json!(["x", "y"])),
            (json!("NIN"), json!([1, 2])),
            (json!("<"), json!(1577869200)),
            (json!("<="), json!(5)),
            (json!(">"), json!(true)),
            (json!(">="), json!(0)),
            (json!("~"), json!("@acme.com")),
            (json!("!~"), json!("spam")),
            (json!("^"), json!("Ada")),
            (json!("$"), json!(".io")),
            (json!("="), Value::Null),
        ]
    );
}

fn message(r: intercom_api::Result<()>) -> String {
    match r {
        Err(Error::InvalidRequest { message }) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[test]
fn queries_over_intercoms_limits_are_refused_naming_the_limit() {
    let filters = |n: usize| (0..n).map(|i| field("email").eq(format!("{i}@x.io")));
    assert!(Query::all(filters(MAX_GROUP_LEN)).validate().is_ok());
    let m = message(Query::all(filters(16)).validate());
    assert!(m.contains("16 filters") && m.contains("at most 15"), "{m}");
    // A group nested inside is checked too.
    let m = message(Query::all([field("a").eq(1), Query::any(filters(20))]).validate());
    assert!(m.contains("20 filters"), "{m}");
    // (1 OR 2) AND (3 OR 4): two levels, allowed.
    let two = Query::all([
        Query::any([field("a").eq(1), field("a").eq(2)]),
        Query::any([field("b").eq(3), field("b").eq(4)]),
    ]);
    assert_eq!(two.depth(), 2);
    assert!(two.validate().is_ok());
    let three = Query::all([Query::any([Query::all([field("a").eq(1)])])]);
    let m = message(three.validate());
    assert!(m.contains("3 levels") && m.contains("at most 2"), "{m}");
    let m = message(Query::any([]).validate());
    assert!(m.contains("empty"), "{m}");
}

macro_rules! search_tests {
    ($feature:literal, $module:ident) => {
        #[cfg(feature = $feature)]
        mod $module {
            use super::*;
            use futures::TryStreamExt;
            use intercom_api::$module::Client;
            use wiremock::matchers::{body_partial_json, method, path};
            use wiremock::{Mock, MockServer, ResponseTemplate};

            fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
                let data: Vec<Value> = ids.iter().map(|id| json!({"type": "contact", "id": id})).collect();
                let mut pages = json!({"type": "pages", "page": 1, "per_page": 2, "total_pages": 2});
                if let Some(n) = next {
                    pages["next"] = json!({"per_page": 2, "starting_after": n});
                }
                ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": data, "total_count": 3, "pages": pages}))
            }

            /// `.query(q)` on the builder; `.stream()` pages with the same
            /// query and `per_page`, only the cursor added.
            #[tokio::test]
            async fn search_takes_a_query_and_streams_every_page() {
                let server = MockServer::start().await;
                let query = Query::all([
                    field("email").contains("@acme.com"),
                    Query::any([field("role").eq("user"), field("role").eq("lead")]),
                ])
                .per_page(2);
                let sent_query = serde_json::to_value(&query).unwrap();
                Mock::given(method("POST")).and(path("/contacts/search"))
                    .and(body_partial_json(json!({"pagination": {"starting_after": "cur2"}})))
                    .respond_with(page(&["c3"], None)).expect(1).mount(&server).await;
                Mock::given(method("POST")).and(path("/contacts/search"))
                    .respond_with(page(&["c1", "c2"], Some("cur2"))).expect(1).mount(&server).await;
                let client = Client::builder().token("t").base_url(server.uri()).build().unwrap();
                let found: Vec<_> = client.search_contacts().query(query).stream().try_collect().await.unwrap();
                assert_eq!(found.len(), 3);
                let sent = server.received_requests().await.unwrap();
                let bodies: Vec<Value> = sent.iter().map(|r| serde_json::from_slice(&r.body).unwrap()).collect();
                assert_eq!(bodies[0], json!({"query": sent_query, "pagination": {"per_page": 2}}));
                assert_eq!(bodies[1], json!({"query": sent_query, "pagination": {"per_page": 2, "starting_after": "cur2"}}));
            }

            /// A query over the limits never leaves the client.
            #[tokio::test]
            async fn a_query_over_the_limits_is_not_sent() {
                let server = MockServer::start().await;
                let client = Client::builder().token("t").base_url(server.uri()).build().unwrap();
                let too_many = Query::any((0..16).map(|i| field("id").eq(i)));
                let err: Error = client.search_conversations().query(too_many).send().await.unwrap_err().into();
                assert!(matches!(&err, Error::InvalidRequest { message } if message.contains("at most 15")), "{err}");
                assert!(server.received_requests().await.unwrap().is_empty());
            }
        }
    };
}

search_tests!("v2_9", v2_9);
search_tests!("v2_14", v2_14);
