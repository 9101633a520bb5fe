//! Create a ticket of a given type for a contact.
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example create_ticket -- TICKET_TYPE_ID CONTACT_ID "title"`

use intercom_api::v2_14::{types, Client};

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(ticket_type), Some(contact), Some(title)) = (args.next(), args.next(), args.next())
    else {
        eprintln!("usage: create_ticket TICKET_TYPE_ID CONTACT_ID TITLE");
        std::process::exit(2);
    };
    let client = Client::from_env()?;
    let ticket = client
        .create_ticket()
        .body_map(|b| {
            b.ticket_type_id(ticket_type)
                .contacts(vec![types::CreateTicketBodyContactsItem::Id(contact)])
                .ticket_attributes(serde_json::json!({
                    "_default_title_": title,
                    "_default_description_": "Created with intercom-api"
                }))
        })
        .send()
        .await?
        .into_inner();
    println!(
        "ticket {} created",
        ticket.ticket_id.as_deref().unwrap_or("?")
    );
    Ok(())
}
