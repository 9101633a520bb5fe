//! Ten tasks the README does not show (issue #31), each against the mock,
//! each call one statement `client.<op>()….await?`, each asserting the
//! exact body and query the mock received. Each task's statements sit
//! between `// task` and `// end` for counting, as in common_tasks.rs.
#![cfg(all(feature = "v2_14", feature = "mock"))]

use chrono::{Duration, TimeZone, Utc};
use futures::TryStreamExt;
use intercom_api::search::{field, Query};
use intercom_api::v2_14::{ops, types, Client, MockIntercom};
use intercom_api::Result;
use serde_json::{json, Value};

/// The one request `op` received: its body as JSON and its query.
fn sent(mock: &MockIntercom, op: intercom_api::Operation) -> (Value, Vec<(String, String)>) {
    let requests = mock.requests(op);
    assert_eq!(requests.len(), 1, "{}", op.name);
    let body = requests[0].body::<Value>().unwrap_or(Value::Null);
    (body, requests[0].query().to_vec())
}

async fn archive_then_unarchive(client: &Client, id: &str) -> Result<()> {
    // task
    client.archive_contact().contact_id(id).await?;
    client.unarchive_contact().contact_id(id).await?;
    // end
    Ok(())
}

async fn merge_lead_into_user(client: &Client, lead: &str, user: &str) -> Result<()> {
    // task
    client
        .merge_contact()
        .body_map(|b| b.from(lead).into(user))
        .await?;
    // end
    Ok(())
}

async fn snooze_until_tomorrow_nine(client: &Client, id: &str, admin: &str) -> Result<()> {
    // task
    let tomorrow = (Utc::now() + Duration::days(1)).date_naive();
    let until = Utc.from_utc_datetime(&tomorrow.and_hms_opt(9, 0, 0).unwrap_or_default());
    client
        .manage_conversation()
        .conversation_id(id)
        .body_map(|b| b.snooze().admin_id(admin).snoozed_until(until))
        .await?;
    // end
    Ok(())
}

async fn tag_three_companies(client: &Client, companies: [&str; 3]) -> Result<()> {
    // task
    client
        .create_tag()
        .body_map(|b| b.create_or_update_tag().name("vip"))
        .await?;
    client
        .create_tag()
        .body_map(|b| b.tag_company().name("vip").companies(companies))
        .await?;
    // end
    Ok(())
}

async fn ticket_type_with_text_attribute(client: &Client) -> Result<()> {
    // task
    let ticket_type = client
        .create_ticket_type()
        .body_map(|b| b.name("Bug"))
        .await?;
    client
        .create_ticket_type_attribute()
        .ticket_type_id(ticket_type.id.as_ref().map_or("", |i| i.as_str()))
        .body_map(|b| {
            b.name("Steps")
                .description("How to reproduce")
                .data_type("string")
        })
        .await?;
    // end
    Ok(())
}

async fn print_away_admins(client: &Client) -> Result<()> {
    // task
    let admins = client.list_admins().await?;
    for admin in admins
        .admins
        .iter()
        .flatten()
        .filter(|a| a.away_mode_enabled == Some(true))
    {
        println!("{:?} is away", admin.name);
    }
    // end
    Ok(())
}

async fn convert_visitor(client: &Client, visitor: &str, user: &str) -> Result<()> {
    // task
    client
        .convert_visitor()
        .body_map(|b| {
            b.type_("user")
                .visitor_map(|v| v.user_id(visitor))
                .user_map(|u| u.id(user))
        })
        .await?;
    // end
    Ok(())
}

async fn set_away_with_reason(client: &Client, admin: &str) -> Result<()> {
    // task
    let reasons = client.list_away_status_reasons().await?;
    let reason = reasons
        .iter()
        .find(|r| r.label.as_deref() == Some("On a break"));
    client
        .set_away_admin()
        .admin_id(admin)
        .body_map(|b| {
            b.away_mode_enabled(true)
                .away_mode_reassign(false)
                .away_status_reason_id(reason.and_then(|r| r.id.as_ref()?.as_i64()))
        })
        .await?;
    // end
    Ok(())
}

async fn search_recent_example_contacts(client: &Client) -> Result<Vec<types::Contact>> {
    // task
    let since = Utc::now() - Duration::days(7);
    let query = Query::all([
        field("email").ends_with("@example.com"),
        field("created_at").gt(since),
    ]);
    let contacts: Vec<_> = client
        .search_contacts()
        .query(query.per_page(50))
        .stream()
        .try_collect()
        .await?;
    // end
    Ok(contacts)
}

async fn contact_with_custom_attribute(client: &Client) -> Result<()> {
    // task
    let signed_up = Utc.with_ymd_and_hms(2024, 5, 1, 12, 0, 0).unwrap();
    client
        .create_contact()
        .body_map(|b| {
            b.email("ada@example.com")
                .signed_up_at(signed_up)
                .custom_attributes(json!({"plan": "pro"}))
        })
        .await?;
    // end
    Ok(())
}

#[tokio::test]
async fn the_ten_tasks_send_exactly_what_they_mean() -> Result<()> {
    let mock = MockIntercom::start().await;
    let client = mock.client();
    archive_then_unarchive(&client, "c1").await?;
    assert_eq!(sent(&mock, ops::ARCHIVE_CONTACT), (Value::Null, vec![]));
    assert_eq!(
        mock.requests(ops::UNARCHIVE_CONTACT)[0].path(),
        "/contacts/c1/unarchive"
    );

    merge_lead_into_user(&client, "lead1", "user1").await?;
    assert_eq!(
        sent(&mock, ops::MERGE_CONTACT).0,
        json!({"from": "lead1", "into": "user1"})
    );

    snooze_until_tomorrow_nine(&client, "215", "991").await?;
    let (body, _) = sent(&mock, ops::MANAGE_CONVERSATION);
    let until = body["snoozed_until"].as_i64().unwrap_or_default();
    assert_eq!(until % 86_400, 9 * 3600, "{body}");
    assert_eq!(
        body,
        json!({"message_type": "snoozed", "admin_id": "991", "snoozed_until": until})
    );

    tag_three_companies(&client, ["a", "b", "c"]).await?;
    let tags = mock.requests(ops::CREATE_TAG);
    assert_eq!(tags[0].body::<Value>().ok(), Some(json!({"name": "vip"})));
    let companies = json!([{"id": "a"}, {"id": "b"}, {"id": "c"}]);
    assert_eq!(
        tags[1].body::<Value>().ok(),
        Some(json!({"name": "vip", "companies": companies}))
    );

    ticket_type_with_text_attribute(&client).await?;
    assert_eq!(
        sent(&mock, ops::CREATE_TICKET_TYPE).0,
        json!({"name": "Bug"})
    );
    let (body, _) = sent(&mock, ops::CREATE_TICKET_TYPE_ATTRIBUTE);
    assert_eq!(
        body,
        json!({"name": "Steps", "description": "How to reproduce", "data_type": "string"})
    );

    print_away_admins(&client).await?;
    assert_eq!(sent(&mock, ops::LIST_ADMINS), (Value::Null, vec![]));

    convert_visitor(&client, "v1", "u1").await?;
    let expected = json!({"type": "user", "visitor": {"user_id": "v1"}, "user": {"id": "u1"}});
    assert_eq!(sent(&mock, ops::CONVERT_VISITOR).0, expected);

    mock.on(ops::LIST_AWAY_STATUS_REASONS).respond(json!([
        {"type": "away_status_reason", "id": "6", "label": "On holiday"},
        {"type": "away_status_reason", "id": "7", "label": "On a break"}
    ]));
    set_away_with_reason(&client, "991").await?;
    let (body, _) = sent(&mock, ops::SET_AWAY_ADMIN);
    let expected =
        json!({"away_mode_enabled": true, "away_mode_reassign": false, "away_status_reason_id": 7});
    assert_eq!(body, expected);
    assert_eq!(
        mock.requests(ops::SET_AWAY_ADMIN)[0].path(),
        "/admins/991/away"
    );

    mock.on(ops::SEARCH_CONTACTS).pages(
        (0..3).map(|i| json!({"type": "contact", "id": format!("c{i}")})),
        2,
    );
    let contacts = search_recent_example_contacts(&client).await?;
    assert_eq!(contacts.len(), 3);
    let first = &mock.requests(ops::SEARCH_CONTACTS)[0];
    let body = first.body::<Value>().unwrap_or_default();
    let since = body["query"]["value"][1]["value"]
        .as_i64()
        .unwrap_or_default();
    let week_ago = (Utc::now() - Duration::days(7)).timestamp();
    assert!((week_ago - 60..=week_ago).contains(&since), "{body}");
    let expected = json!({
        "query": {"operator": "AND", "value": [
            {"field": "email", "operator": "$", "value": "@example.com"},
            {"field": "created_at", "operator": ">", "value": since}
        ]},
        "pagination": {"per_page": 50}
    });
    assert_eq!(body, expected);
    assert!(first.query().is_empty());

    contact_with_custom_attribute(&client).await?;
    let body: types::CreateContactRequest = mock.requests(ops::CREATE_CONTACT)[0].body().unwrap();
    let expected = types::CreateContactRequest::builder()
        .email("ada@example.com")
        .signed_up_at(1_714_564_800)
        .custom_attributes(json!({"plan": "pro"}));
    assert_eq!(
        Some(body),
        types::CreateContactRequest::try_from(expected).ok()
    );
    Ok(())
}
