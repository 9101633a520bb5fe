//! Reply to a conversation as an admin. A reply is a POST: it is never sent
//! twice, even if the connection breaks or Intercom answers 5xx (only a 429
//! is retried, since Intercom did not process the request).
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example reply_to_conversation -- CONVERSATION_ID ADMIN_ID "text"`

use intercom_api::v2_14::{types, Client};

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(conversation), Some(admin), Some(text)) = (args.next(), args.next(), args.next())
    else {
        eprintln!("usage: reply_to_conversation CONVERSATION_ID ADMIN_ID TEXT");
        std::process::exit(2);
    };
    let client = Client::from_env()?;
    // A reply body is one of two shapes (admin or contact): pass the builder
    // of the one you mean. `type: "admin"` is filled in.
    let conversation = client
        .reply_conversation()
        .conversation_id(conversation)
        .body(
            types::AdminReplyConversationRequest::builder()
                .admin_id(admin)
                .message_type("comment")
                .body(text),
        )
        .send()
        .await?
        .into_inner();
    println!(
        "replied; conversation {} is {:?}",
        conversation.id.as_deref().unwrap_or("?"),
        conversation.state
    );
    Ok(())
}
