//! Types that several enabled versions define identically are one Rust type
//! (build/share.rs): a value from one version's answer or builder goes into
//! the other version's request with no conversion.

#![cfg(all(feature = "v2_13", feature = "v2_14"))]

use intercom_api::{v2_13, v2_14};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Used where a value of one version must be the other's type: it
/// compiles only if they are one type.
fn same<T>(value: T) -> T {
    value
}

#[tokio::test]
async fn a_type_two_versions_define_alike_is_one_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
            {"type": "list", "data": [{"type": "tag", "id": "7", "name": "vip"}]}
        )))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/contacts"))
        .and(body_json(serde_json::json!({"email": "ada@example.com"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
            {"type": "contact", "id": "c1", "email": "ada@example.com"}
        )))
        .expect(1)
        .mount(&server)
        .await;
    let old = v2_13::Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    let new = v2_14::Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();

    // An answer decoded by 2.13 is 2.14's type.
    let tags: v2_14::types::TagList =
        same::<v2_13::types::TagList>(old.list_tags().send().await.unwrap().into_inner());
    assert_eq!(
        serde_json::to_value(&tags).unwrap()["data"][0]["name"],
        "vip"
    );

    // A body built with 2.13's types is sent by 2.14's client as it is.
    let body: v2_13::types::CreateContactRequest =
        serde_json::from_value(serde_json::json!({"email": "ada@example.com"})).unwrap();
    new.create_contact().body(body).send().await.unwrap();
}
