//! The twelve everyday tasks of issue #21, written as a user would with the
//! typed `v2_14` API (the guide `intercom_api::guide::common_tasks`,
//! docs/guide/common_tasks.md, shows the same calls).
//! Each task's statement sits between `// task` and `// end` for counting
//! (82 lines before #21's setters, in this file's history). Tasks 1–7 run
//! against a local server, which checks the body each one sends.
#![cfg(feature = "v2_14")]
#![allow(dead_code)]

use intercom_api::v2_14::{types, Client};
use intercom_api::{CallOptions, Error, ResponseExt, Result, RetryPolicy};
use serde_json::json;
use std::time::Duration;

async fn create_contact(client: &Client) -> Result<()> {
    // task
    let contact = client
        .create_contact()
        .body_map(|b| b.email("joe@example.com"))
        .await?;
    // end
    let _ = contact;
    Ok(())
}

async fn note_on_contact(client: &Client) -> Result<()> {
    // task
    client
        .create_note()
        .contact_id("6762f0ad1bb69f9f2193bb8b")
        .body_map(|b| b.body("Called about renewal").admin_id("123"))
        .await?;
    // end
    Ok(())
}

async fn tag_contact(client: &Client) -> Result<()> {
    // task
    client
        .attach_tag_to_contact()
        .contact_id("6762f0ad1bb69f9f2193bb8b")
        .body_map(|b| b.id("7522907"))
        .await?;
    // end
    Ok(())
}

async fn reply_as_admin(client: &Client) -> Result<()> {
    // task
    client
        .reply_conversation()
        .conversation_id("123456")
        .body_map(|b| {
            b.admin()
                .admin_id("123")
                .message_type("comment")
                .body("Thanks, on it")
        })
        .await?;
    // end
    Ok(())
}

async fn submit_event(client: &Client) -> Result<()> {
    // task
    client
        .create_data_event()
        .body_map(|b| {
            b.event_name("ordered-item")
                .created_at(1_700_000_000)
                .user_id("314159")
        })
        .await?;
    // end
    Ok(())
}

async fn create_ticket(client: &Client) -> Result<()> {
    // task
    client
        .create_ticket()
        .body_map(|b| {
            b.ticket_type_id("1234")
                .contacts(["6762f0ad1bb69f9f2193bb8b"])
                .ticket_attributes(json!({"_default_title_": "Printer on fire"}))
        })
        .await?;
    // end
    Ok(())
}

async fn set_custom_attribute(client: &Client) -> Result<()> {
    // task
    client
        .update_contact()
        .contact_id("6762f0ad1bb69f9f2193bb8b")
        .body_map(|b| b.custom_attributes(json!({"plan": "pro"})))
        .await?;
    // end
    Ok(())
}

async fn iterate_conversations(client: &Client) -> Result<()> {
    // task
    use futures::TryStreamExt;
    let mut conversations = std::pin::pin!(client.list_conversations().stream());
    while let Some(conversation) = conversations.try_next().await? {
        println!("{:?}", conversation.id);
    }
    // end
    Ok(())
}

async fn get_contact(client: &Client) -> Result<()> {
    // task
    let contact = client
        .show_contact()
        .contact_id("6762f0ad1bb69f9f2193bb8b")
        .await?;
    // end
    println!("{:?}", contact.email);
    Ok(())
}

async fn handle_not_found(client: &Client) -> Result<()> {
    // task
    match client.show_contact().contact_id("nope").await {
        Ok(contact) => println!("{:?}", contact.email),
        Err(e) if e.is_not_found() => println!("no such contact"),
        Err(e) => return Err(e),
    }
    // end
    Ok(())
}

async fn own_timeout_no_retries(client: &Client) -> Result<()> {
    // task
    let quick = CallOptions::new()
        .timeout(Duration::from_secs(2))
        .max_retries(0);
    let admin = client.with_options(quick).identify_admin().await?;
    // end
    let _ = admin;
    Ok(())
}

async fn request_id_beside_answer(client: &Client) -> Result<()> {
    // task
    let answer = client.identify_admin().send().await?;
    let request_id = answer.request_id().map(str::to_owned);
    let admin = answer.into_inner();
    // end
    let _ = (request_id, admin);
    Ok(())
}

/// What tasks 1–7 send: exactly the fields set, the one-value tag filled in,
/// custom attributes as the JSON object given.
#[tokio::test]
async fn the_first_seven_tasks_send_what_the_typescript_calls_send() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "contact", "id": "1"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    // Answers are not what these operations return everywhere: only the
    // requests matter here.
    let _ = create_contact(&client).await;
    let _ = note_on_contact(&client).await;
    let _ = tag_contact(&client).await;
    let _ = reply_as_admin(&client).await;
    let _ = submit_event(&client).await;
    let _ = create_ticket(&client).await;
    let _ = set_custom_attribute(&client).await;
    let sent: Vec<(String, serde_json::Value)> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!("{} {}", r.method, r.url.path()),
                serde_json::from_slice(&r.body).unwrap(),
            )
        })
        .collect();
    let contact = "6762f0ad1bb69f9f2193bb8b";
    assert_eq!(
        sent,
        vec![
            (
                "POST /contacts".to_string(),
                json!({"email": "joe@example.com"})
            ),
            (
                format!("POST /contacts/{contact}/notes"),
                json!({"body": "Called about renewal", "admin_id": "123"})
            ),
            (
                format!("POST /contacts/{contact}/tags"),
                json!({"id": "7522907"})
            ),
            (
                "POST /conversations/123456/reply".to_string(),
                json!({"message_type": "comment", "type": "admin", "body": "Thanks, on it", "admin_id": "123"})
            ),
            (
                "POST /events".to_string(),
                json!({"event_name": "ordered-item", "created_at": 1_700_000_000, "user_id": "314159"})
            ),
            (
                "POST /tickets".to_string(),
                json!({"ticket_type_id": "1234", "contacts": [{"id": contact}], "ticket_attributes": {"_default_title_": "Printer on fire"}})
            ),
            (
                format!("PUT /contacts/{contact}"),
                json!({"custom_attributes": {"plan": "pro"}})
            ),
        ]
    );
}

/// A value that does not fit is a typed error naming the field, at send
/// time, and nothing is sent; never a panic.
#[tokio::test]
async fn a_value_that_does_not_fit_is_an_invalid_request_naming_the_field() {
    use wiremock::MockServer;
    let server = MockServer::start().await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    let not_an_object = client
        .update_contact()
        .contact_id("1")
        .body_map(|b| b.custom_attributes(json!(["plan", "pro"])))
        .send()
        .await;
    match not_an_object {
        Err(Error::InvalidRequest { message }) => {
            assert!(message.contains("custom_attributes"), "{message}");
            assert!(
                message.contains("a JSON object was expected, not an array"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    let pairs = client
        .update_contact()
        .contact_id("1")
        .body_map(|b| b.custom_attributes([("plan", json!("pro")), ("seats", json!(3))]));
    let _ = pairs;
    let unknown_value = client
        .reply_conversation()
        .conversation_id("1")
        .body(
            types::AdminReplyConversationRequest::builder()
                .admin_id("1")
                .message_type("shout"),
        )
        .send()
        .await;
    // The error names the field, the value given and the values allowed.
    assert!(
        matches!(&unknown_value, Err(Error::InvalidRequest { message })
            if message.contains("message_type") && message.contains(r#""shout" is not one of "comment", "note""#)),
        "{unknown_value:?}"
    );
    let missing = client
        .reply_conversation()
        .conversation_id("1")
        .body(types::AdminReplyConversationRequest::builder().message_type("comment"))
        .send()
        .await;
    assert!(
        matches!(&missing, Err(Error::InvalidRequest { message }) if message.contains("admin_id")),
        "{missing:?}"
    );
    if let Err(Error::InvalidRequest { message }) = &missing {
        assert!(message.contains("ReplyConversation.body"), "{message}");
    }
    let missing = client
        .create_data_event()
        .body_map(|b| b.created_at(1))
        .send()
        .await;
    assert!(
        matches!(&missing, Err(Error::InvalidRequest { message })
            if message.contains("CreateDataEvent.body") && message.contains("event_name")),
        "{missing:?}"
    );
    let missing = client.show_contact().send().await;
    assert!(
        matches!(&missing, Err(Error::InvalidRequest { message })
            if message.contains("ShowContact: contact_id")),
        "{missing:?}"
    );
    let too_big = client.list_contacts().per_page(u64::MAX).await;
    assert!(
        matches!(&too_big, Err(Error::InvalidRequest { message })
            if message.starts_with("ListContacts.per_page: ") && message.contains("out of range")),
        "{too_big:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A header the client can set itself (the export download's only `accept`
/// value) is sent without being asked for.
#[tokio::test]
async fn a_one_value_header_is_sent_without_being_set() {
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("accept", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .get_download_reporting_data_by_job_identifier()
        .job_identifier("job_1")
        .app_id("app_1")
        .send()
        .await
        .unwrap();
}
