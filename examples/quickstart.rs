//! The main job: who am I, how many contacts, which conversations are open.
//!
//! ```text
//! INTERCOM_ACCESS_TOKEN=… INTERCOM_REGION=eu cargo run --example quickstart
//! cargo run --example quickstart        # no token: offline, against a local server
//! ```
//!
//! With `INTERCOM_ACCESS_TOKEN` set it talks to the real API (region from
//! `INTERCOM_REGION`, default `us`). Without it, it starts a local server on
//! 127.0.0.1 that serves spec-shaped data over several pages, and says so.

use futures::TryStreamExt;
use intercom_api::search::field;
use intercom_api::v2_14::Client;
use std::io::Write;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        if let Some(body) = e.body() {
            eprintln!("body: {}", String::from_utf8_lossy(body));
        }
        std::process::exit(1);
    }
}

async fn run() -> intercom_api::Result<()> {
    let _offline_server;
    let client = if std::env::var("INTERCOM_ACCESS_TOKEN").is_ok_and(|t| !t.trim().is_empty()) {
        let region = std::env::var("INTERCOM_REGION").unwrap_or_else(|_| "us".into());
        println!(
            "online: Intercom API {} ({region} region)",
            intercom_api::v2_14::API_VERSION
        );
        Client::from_env()?
    } else {
        let server = offline::start().await;
        println!("offline: INTERCOM_ACCESS_TOKEN is not set, so this run talks to a local server");
        println!(
            "         on {} serving spec-shaped data (set the token to use the real API)",
            server.uri()
        );
        let client = Client::builder()
            .token("offline-token")
            .base_url(server.uri())
            .build()?;
        _offline_server = server;
        client
    };

    // 1. Who am I?
    let me = client.identify_admin().send().await?.into_inner();
    println!(
        "\nadmin: {} <{}> (id {})",
        me.name.as_deref().unwrap_or("?"),
        me.email.as_deref().unwrap_or("?"),
        me.id.as_deref().unwrap_or("?")
    );
    if let Some(app) = &me.app {
        println!(
            "workspace: {} ({})",
            app.name.as_deref().unwrap_or("?"),
            app.id_code.as_deref().unwrap_or("?")
        );
    }

    // 2. Stream every contact, a page at a time, showing progress.
    println!("\ncontacts:");
    let mut pages = std::pin::pin!(client.list_contacts().per_page(50).pages());
    let (mut total, mut page_no) = (0usize, 0usize);
    while let Some(page) = pages.try_next().await? {
        page_no += 1;
        total += page.data.as_ref().map_or(0, Vec::len);
        print!("\r  page {page_no}: {total} contacts so far");
        std::io::stdout().flush().ok();
    }
    println!("\n  {total} contacts in {page_no} pages");

    // 3. Open conversations, via search.
    let open: Vec<_> = client
        .search_conversations()
        .query(field("open").eq(true).per_page(20))
        .stream()
        .try_collect()
        .await?;
    println!("\nopen conversations: {}", open.len());
    for c in open.iter().take(5) {
        println!(
            "  #{} {}",
            c.id.as_deref().unwrap_or("?"),
            c.title.as_deref().unwrap_or("(no title)")
        );
    }
    if let Some(rl) = client.rate_limit() {
        println!(
            "\nrate limit: {:?} of {:?} calls left in this window",
            rl.remaining, rl.limit
        );
    }
    Ok(())
}

/// A local stand-in for Intercom: the same shapes as the spec's examples.
mod offline {
    use serde_json::{json, Value};
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    const CONTACTS: usize = 120;
    const PER_PAGE: usize = 50;

    fn contact(i: usize) -> Value {
        json!({
            "type": "contact", "id": format!("6762f0ad1bb69f9f2193{i:04}"), "workspace_id": "ecahpwf5",
            "external_id": format!("user-{i}"), "role": if i.is_multiple_of(3) { "lead" } else { "user" },
            "email": format!("person{i}@example.com"), "name": format!("Person {i}"),
            "avatar": "https://static.intercomassets.com/avatars/1/square_128/person.png",
            "created_at": 1734537000 + i, "updated_at": 1734538000 + i,
            "custom_attributes": {"plan": "pro", "monthly_spend": 10.5 * i as f64},
            "tags": {"type": "list", "data": [], "url": "/contacts/x/tags", "total_count": 0, "has_more": false}
        })
    }

    fn contact_page(page: usize) -> ResponseTemplate {
        let start = (page - 1) * PER_PAGE;
        let end = (start + PER_PAGE).min(CONTACTS);
        let total_pages = CONTACTS.div_ceil(PER_PAGE);
        let mut pages = json!({"type": "pages", "page": page, "per_page": PER_PAGE, "total_pages": total_pages});
        if page < total_pages {
            pages["next"] =
                json!({"per_page": PER_PAGE, "starting_after": format!("cursor-{}", page + 1)});
        }
        ResponseTemplate::new(200).set_body_json(json!({
            "type": "list", "data": (start..end).map(contact).collect::<Vec<_>>(), "total_count": CONTACTS, "pages": pages
        }))
    }

    pub async fn start() -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/me"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "type": "admin", "id": "991267459", "email": "ops@example.com", "name": "Ops Admin",
                "email_verified": true, "has_inbox_seat": true,
                "app": {"type": "app", "id_code": "ecahpwf5", "name": "Example Workspace", "created_at": 1734537243,
                        "secure": false, "identity_verification": false, "timezone": "Europe/Dublin", "region": "EU"}
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/contacts"))
            .and(query_param_is_missing("starting_after"))
            .respond_with(contact_page(1))
            .mount(&server)
            .await;
        for page in 2..=CONTACTS.div_ceil(PER_PAGE) {
            Mock::given(method("GET"))
                .and(path("/contacts"))
                .and(query_param("starting_after", format!("cursor-{page}")))
                .respond_with(contact_page(page))
                .mount(&server)
                .await;
        }
        let conversations: Vec<Value> = (1..=7)
            .map(|i| json!({"type": "conversation", "id": format!("{}", 140 + i), "title": format!("Question {i}"),
                            "created_at": 1734537460 + i, "updated_at": 1734537461 + i, "open": true, "state": "open",
                            "read": false, "admin_assignee_id": "991267459", "custom_attributes": {}}))
            .collect();
        Mock::given(method("POST"))
            .and(path("/conversations/search"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "type": "conversation.list", "conversations": conversations, "total_count": 7,
                "pages": {"type": "pages", "page": 1, "per_page": 20, "total_pages": 1}
            })))
            .mount(&server)
            .await;
        server
    }
}
