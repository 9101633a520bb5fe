//! Search conversations with AND / OR filters: open ones updated since a date,
//! assigned to either of two teams.
//!
//! `INTERCOM_ACCESS_TOKEN=… cargo run --example search_conversations`

use futures::TryStreamExt;
use intercom_api::v2_14::{types, Client};
use intercom_api::SearchOperator;

fn filter(
    field: &str,
    operator: SearchOperator,
    value: impl Into<types::SingleFilterSearchRequestValue>,
) -> types::SingleFilterSearchRequest {
    types::SingleFilterSearchRequest {
        field: Some(field.into()),
        operator: Some(operator),
        value: Some(value.into()),
    }
}

#[tokio::main]
async fn main() -> intercom_api::Result<()> {
    let client = Client::from_env()?;
    // (open = true AND updated_at > 2026-01-01) — the spec nests either filters or groups per level.
    let recent_open = types::MultipleFilterSearchRequest {
        operator: Some(types::MultipleFilterSearchRequestOperator::And),
        value: Some(
            vec![
                filter("open", SearchOperator::Equals, true),
                filter("updated_at", SearchOperator::GreaterThan, 1_767_225_600i64),
            ]
            .into(),
        ),
    };
    // … OR assigned to team 5017 or 5018.
    let teams = types::MultipleFilterSearchRequest {
        operator: Some(types::MultipleFilterSearchRequestOperator::Or),
        value: Some(
            vec![
                filter(
                    "team_assignee_id",
                    SearchOperator::Equals,
                    types::SingleFilterSearchRequestValue::String("5017".into()),
                ),
                filter(
                    "team_assignee_id",
                    SearchOperator::Equals,
                    types::SingleFilterSearchRequestValue::String("5018".into()),
                ),
            ]
            .into(),
        ),
    };
    let query = types::MultipleFilterSearchRequest {
        operator: Some(types::MultipleFilterSearchRequestOperator::Or),
        value: Some(vec![recent_open, teams].into()),
    };
    let body = types::SearchRequest {
        query: query.into(),
        pagination: Some(types::StartingAfterPaging {
            per_page: Some(50),
            starting_after: None,
        }),
    };
    let found: Vec<_> = client
        .search_conversations()
        .body(body)
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
