//! Matching on errors: a 404, a 429 that outlived its retries, anything else.
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example errors -- CONTACT_ID`

use intercom_api::{v2_14::Client, Error, RetryPolicy};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let id = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "does-not-exist".into());
    let client = match Client::builder()
        .token(std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default())
        // Wait at most 10 s for a rate-limit window, at most 3 attempts in all.
        .retry(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_max_rate_limit_wait(Duration::from_secs(10)),
        )
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot build a client: {e}");
            std::process::exit(2);
        }
    };
    match client.show_contact().contact_id(id.as_str()).await {
        Ok(contact) => println!("found {}", contact.email.as_deref().unwrap_or("?")),
        Err(e) if e.is_not_found() => println!("no contact {id} (request id {:?})", e.request_id()),
        Err(e) if e.is_rate_limited() => {
            let reset = e.rate_limit().and_then(|r| r.reset);
            println!("still rate limited after retries; the window resets at {reset:?}");
        }
        Err(e) if e.is_unauthorized() => println!("the token was refused: {e}"),
        Err(Error::Decode { path, body, .. }) => println!(
            "unexpected answer shape at {path}: {}",
            String::from_utf8_lossy(&body)
        ),
        Err(e) => println!("failed: {e}"),
    }
}
