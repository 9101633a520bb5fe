//! Stream every contact of an EU workspace, lazily, 150 per page.
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example stream_contacts`

use futures::TryStreamExt;
use intercom_api::{v2_14::Client, Region};

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let token =
        std::env::var("INTERCOM_ACCESS_TOKEN").map_err(|_| intercom_api::Error::MissingToken)?;
    let client = Client::builder().token(token).region(Region::Eu).build()?;
    let mut contacts = std::pin::pin!(client.list_contacts().per_page(150).stream());
    let mut n = 0;
    while let Some(contact) = contacts.try_next().await? {
        n += 1;
        println!(
            "{} {}",
            contact.id.as_deref().unwrap_or("?"),
            contact.email.as_deref().unwrap_or("")
        );
    }
    println!("{n} contacts");
    Ok(())
}
