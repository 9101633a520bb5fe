//! `intercom demo …` (feature `demo`): any command against the library's
//! mock Intercom on 127.0.0.1, with no token and no network: several pages
//! of spec-shaped contacts, conversations, companies and notes.

use crate::cancel::Cancel;
use crate::config::Global;
use crate::error::{CliError, Result};
use clap::Parser;
use intercom_api::v2_14::MockIntercom;
use serde_json::{json, Value};

/// Run a command against a local mock Intercom (no token, no network).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The command and its arguments (default: `export contacts`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// `n` copies of the spec's example record `example`, each with its own id.
fn records(example: &Value, prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut r = example.clone();
            if let Some(o) = r.as_object_mut() {
                o.insert("id".into(), json!(format!("{prefix}{i}")));
                if o.contains_key("email") {
                    o.insert("email".into(), json!(format!("user{i}@example.com")));
                }
            }
            r
        })
        .collect()
}

pub async fn run(g: &Global, a: Args, cancel: &Cancel) -> Result<()> {
    let mock = MockIntercom::start().await;
    let client = mock.client();
    // The spec's example records (the lists' own examples are empty).
    let contact = client
        .show_contact()
        .contact_id("1")
        .send()
        .await?
        .into_inner();
    let contact = serde_json::to_value(contact).unwrap_or_default();
    let conversation = client
        .retrieve_conversation()
        .conversation_id("1")
        .send()
        .await?;
    let conversation = serde_json::to_value(conversation.into_inner()).unwrap_or_default();
    mock.on("list_contacts")
        .pages(records(&contact, "contact-", 420), 50);
    mock.on("search_contacts")
        .pages(records(&contact, "contact-", 120), 50);
    mock.on("list_conversations")
        .pages(records(&conversation, "conv-", 230), 50);
    mock.on("search_conversations")
        .pages(records(&conversation, "conv-", 60), 50);
    let mut argv = vec!["intercom".to_string()];
    argv.extend(match a.command.is_empty() {
        true => vec!["export".to_string(), "contacts".to_string()],
        false => a.command,
    });
    let mut cli = crate::Cli::try_parse_from(&argv).map_err(|e| CliError::usage(e.to_string()))?;
    cli.global.base_url = Some(mock.uri());
    cli.global.token = Some("demo-token".into());
    cli.global.quiet |= g.quiet;
    eprintln!(
        "offline: a mock Intercom at {} (no token, no network)",
        mock.uri()
    );
    crate::run(cli, cancel).await
}
