//! Types that several enabled versions define identically are one Rust type
//! (crates/generated/build/share.rs): a value from one version's answer or builder goes into
//! the other version's request with no conversion. (Request bodies
//! themselves stay per version, so that each keeps its `body_map`; what they
//! are built from is shared.)

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
    let assign = serde_json::json!(
        {"type": "admin", "message_type": "assignment", "admin_id": "1", "assignee_id": "2"}
    );
    Mock::given(method("GET"))
        .and(path("/tags"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
            {"type": "list", "data": [{"type": "tag", "id": "7", "name": "vip"}]}
        )))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/conversations/c1/parts"))
        .and(body_json(assign.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(
            {"type": "conversation", "id": "c1"}
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

    // What a body is built from, made with 2.13's types, is sent by 2.14's
    // client as it is.
    let part: v2_13::types::AssignConversationRequest = serde_json::from_value(assign).unwrap();
    new.manage_conversation()
        .conversation_id("c1")
        .body(same::<v2_14::types::AssignConversationRequest>(part))
        .send()
        .await
        .unwrap();
}
