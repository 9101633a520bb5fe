//! The twelve everyday tasks of issue #21, written as a user would with the
//! typed `v2_14` API (the README's "Common tasks" shows the same calls).
//! Each task's statement sits between `// task` and `// end` for counting.
#![cfg(feature = "v2_14")]
#![allow(dead_code)]

use intercom_api::v2_14::{types, Client};
use intercom_api::{Error, Result, RetryPolicy};
use serde_json::json;
use std::time::Duration;

async fn create_contact(client: &Client) -> Result<()> {
    // task
    let contact = client
        .create_contact()
        .body_map(|b| b.email(Some("joe@example.com".to_string())))
        .send()
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
        .body_map(|b| b.body("Called about renewal").admin_id(Some("123".to_string())))
        .send()
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
        .send()
        .await?;
    // end
    Ok(())
}

async fn reply_as_admin(client: &Client) -> Result<()> {
    // task
    let reply = types::AdminReplyConversationRequest {
        admin_id: "123".to_string(),
        body: Some("Thanks, on it".to_string()),
        message_type: types::AdminReplyConversationRequestMessageType::Comment,
        type_: types::AdminReplyConversationRequestType::Admin,
        attachment_files: vec![],
        attachment_urls: vec![],
        created_at: None,
        reply_options: vec![],
    };
    client
        .reply_conversation()
        .conversation_id("123456")
        .body(reply)
        .send()
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
                .user_id(Some("314159".to_string()))
        })
        .send()
        .await?;
    // end
    Ok(())
}

async fn create_ticket(client: &Client) -> Result<()> {
    // task
    let body: types::CreateTicketBody = serde_json::from_value(json!({
        "ticket_type_id": "1234",
        "contacts": [{"id": "6762f0ad1bb69f9f2193bb8b"}],
        "ticket_attributes": {"_default_title_": "Printer on fire"}
    }))
    .map_err(|e| Error::InvalidRequest { message: e.to_string() })?;
    client.create_ticket().body(body).send().await?;
    // end
    Ok(())
}

async fn set_custom_attribute(client: &Client) -> Result<()> {
    // task
    let mut attributes = serde_json::Map::new();
    attributes.insert("plan".to_string(), json!("pro"));
    client
        .update_contact()
        .contact_id("6762f0ad1bb69f9f2193bb8b")
        .body_map(|b| b.custom_attributes(Some(attributes)))
        .send()
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
        .send()
        .await?;
    // end
    println!("{:?}", contact.email);
    Ok(())
}

async fn handle_not_found(client: &Client) -> Result<()> {
    // task
    let answer = client.show_contact().contact_id("nope").send().await;
    match answer.map_err(Error::from) {
        Ok(contact) => println!("{:?}", contact.email),
        Err(e) if e.is_not_found() => println!("no such contact"),
        Err(e) => return Err(e),
    }
    // end
    Ok(())
}

async fn own_timeout_no_retries(token: &str) -> Result<()> {
    // task
    let quick = Client::builder()
        .token(token)
        .timeout(Duration::from_secs(2))
        .retry(RetryPolicy::none())
        .build()?;
    let admin = quick.identify_admin().send().await?;
    // end
    let _ = admin;
    Ok(())
}

async fn request_id_beside_answer(client: &Client) -> Result<()> {
    // task
    let answer = client.identify_admin().send().await?;
    let request_id = answer.headers().get("x-request-id").cloned();
    let admin = answer.into_inner();
    // end
    let _ = (request_id, admin);
    Ok(())
}
