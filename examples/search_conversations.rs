//! Search conversations with AND / OR filters: open ones updated since a date,
//! or assigned to either of two teams.
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example search_conversations`

use futures::TryStreamExt;
use intercom_api::search::{field, Query};
use intercom_api::v2_14::Client;

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let client = Client::from_env()?;
    let since = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").expect("a date");
    // (open AND updated since) OR team 5017 OR team 5018; checked against
    // Intercom's limits before it is sent.
    let query = Query::any([
        Query::all([field("open").eq(true), field("updated_at").gt(since)]),
        field("team_assignee_id").is_in(["5017", "5018"]),
    ])
    .per_page(50);
    let found: Vec<_> = client
        .search_conversations()
        .query(query)
        .stream()
        .try_collect()
        .await?;
    for c in &found {
        println!(
            "#{} {:?} {}",
            c.id.as_deref().unwrap_or("?"),
            c.state,
            c.title.as_deref().unwrap_or("")
        );
    }
    println!("{} conversations", found.len());
    Ok(())
}
