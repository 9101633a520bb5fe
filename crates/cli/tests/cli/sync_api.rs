//! `intercom sync` (the queries it sends), `intercom api`, `intercom data-export`.

use crate::common::*;
use intercom_api::v2_14::MockIntercom;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_sync() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let out = dir.path().join("out");
    let contact = example(&mock, "/contacts/1").await;
    mock.on("list_contacts")
        .pages(records(&contact, "c", 120), 50);
    mock.on("search_contacts")
        .pages(records(&contact, "c", 7), 50);
    let args = [
        "--quiet",
        "sync",
        "--state",
        state.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--streams",
        "contacts,tickets,tags",
        "--lookback",
        "5m",
    ];
    let before = chrono::Utc::now().timestamp();
    intercom(Some(&mock), &args).await.ok();
    let after = chrono::Utc::now().timestamp();
    // The first run: contacts listed whole, tickets (no list in 2.14) searched from 0.
    assert_eq!(lines(&out.join("contacts.jsonl")).len(), 120);
    assert!(mock.requests("search_contacts").is_empty());
    let tickets: Value = mock.requests("search_tickets")[0].body().unwrap();
    assert_eq!(
        tickets["query"],
        json!({"field": "updated_at", "operator": ">", "value": 0})
    );
    let tags = lines(&out.join("tags.jsonl")).len();
    let st: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let cursor = st["streams"]["contacts"]["updated_since"].as_i64().unwrap();
    assert!((before..=after).contains(&cursor), "{st}");
    assert!(st["streams"]["contacts"].get("run").is_none(), "{st}");
    assert!(st["streams"]["tags"].get("updated_since").is_none(), "{st}");

    // The second: what changed since the first run's start, less the lookback, appended.
    intercom(Some(&mock), &args).await.ok();
    let searched = mock.requests("search_contacts");
    assert_eq!(searched.len(), 1);
    let body: Value = searched[0].body().unwrap();
    assert_eq!(
        body["query"],
        json!({"field": "updated_at", "operator": ">", "value": cursor - 300})
    );
    let tickets: Value = mock.requests("search_tickets")[1].body().unwrap();
    let ticket_cursor = st["streams"]["tickets"]["updated_since"].as_i64().unwrap();
    assert_eq!(tickets["query"]["value"], json!(ticket_cursor - 300));
    assert_eq!(
        lines(&out.join("contacts.jsonl")).len(),
        127,
        "appended: upsert by id"
    );
    assert_eq!(
        lines(&out.join("tags.jsonl")).len(),
        tags,
        "refreshed whole"
    );
    let st2: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert!(
        st2["streams"]["contacts"]["updated_since"]
            .as_i64()
            .unwrap()
            >= cursor
    );
}

/// A sync stopped by an error keeps the run in the state; the next continues it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interrupted_sync_continues() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let out = dir.path().join("out");
    let contact = example(&mock, "/contacts/1").await;
    let items = records(&contact, "c", 130);
    mock.on("list_contacts").once().pages(items.clone(), 50);
    mock.on("list_contacts").once().respond_error(500);
    mock.on("list_contacts").pages(items, 50);
    let args = [
        "--quiet",
        "--max-retries",
        "0",
        "sync",
        "--state",
        state.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--streams",
        "contacts",
    ];
    let r = intercom(Some(&mock), &args).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    let st: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(
        st["streams"]["contacts"]["run"]["point"]["next"],
        json!({"cursor": "mock-50"}),
        "{st}"
    );
    assert!(st["streams"]["contacts"].get("updated_since").is_none());
    intercom(Some(&mock), &args).await.ok();
    let ids = unique_ids(&lines(&out.join("contacts.jsonl")));
    assert_eq!(ids.len(), 130);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_round_trips() {
    let mock = MockIntercom::start().await;
    let r = intercom(Some(&mock), &["api", "GET", "/me"]).await;
    r.ok();
    let me: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(me["type"], "admin");
    let sent = &mock.requests("identify_admin")[0];
    assert_eq!(sent.headers()["intercom-version"], "2.14");

    let r = intercom(
        Some(&mock),
        &[
            "api",
            "post",
            "/contacts",
            "--data",
            r#"{"email": "ada@example.com"}"#,
        ],
    )
    .await;
    r.ok();
    let body: Value = mock.requests("create_contact")[0].body().unwrap();
    assert_eq!(body, json!({"email": "ada@example.com"}));
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap()["type"],
        "contact"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("body.json");
    std::fs::write(&file, r#"{"name": "VIP"}"#).unwrap();
    let at = format!("@{}", file.display());
    intercom(Some(&mock), &["api", "POST", "/tags", "-d", &at])
        .await
        .ok();
    let body: Value = mock.requests("create_tag")[0].body().unwrap();
    assert_eq!(body, json!({"name": "VIP"}));

    // A 404: its error.list on stdout, exit 5.
    mock.on("show_contact").once().respond_error(404);
    let r = intercom(Some(&mock), &["api", "GET", "/contacts/nope"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).unwrap()["type"],
        "error.list"
    );
    // A 503 on a GET is retried by the library's runtime.
    mock.on("list_admins").once().respond_error(503);
    intercom(Some(&mock), &["api", "GET", "/admins"]).await.ok();
    assert_eq!(mock.requests("list_admins").len(), 2);
    // Another version's header.
    intercom(Some(&mock), &["api", "GET", "/me", "--api-version", "2.13"]).await;
    let last = mock.requests("identify_admin").pop().unwrap();
    assert_eq!(last.headers()["intercom-version"], "2.13");

    let r = intercom(
        Some(&mock),
        &["api", "POST", "/contacts", "--data", "{not json"],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--data is not JSON"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_export_job() {
    let mock = MockIntercom::start().await;
    mock.on("create_data_export")
        .respond(json!({"job_identifier": "job-1", "status": "pending"}));
    mock.on("get_data_export")
        .once()
        .respond(json!({"job_identifier": "job-1", "status": "in_progress"}));
    mock.on("get_data_export")
        .respond(json!({"job_identifier": "job-1", "status": "completed"}));
    let payload: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    wiremock::Mock::given(wiremock::matchers::path("/download/content/data/job-1"))
        .and(wiremock::matchers::header(
            "accept",
            "application/octet-stream",
        ))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_bytes(payload.clone()))
        .mount(mock.server())
        .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.csv.gz");
    let r = intercom(
        Some(&mock),
        &[
            "data-export",
            "--from",
            "2024-01-01",
            "--to",
            "2024-02-01",
            "--out",
            out.to_str().unwrap(),
            "--poll",
            "0",
        ],
    )
    .await;
    r.ok();
    assert!(
        r.stderr.contains("job: pending") && r.stderr.contains("job: completed"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&out).unwrap(), payload);
    let body: Value = mock.requests("create_data_export")[0].body().unwrap();
    assert_eq!(
        body,
        json!({"created_at_after": 1704067200, "created_at_before": 1706745600})
    );
    assert_eq!(mock.requests("get_data_export").len(), 2);
}

/// A nested stream resumes inside its parent: notes of the second contact,
/// from its second page, and the file is the same as an uninterrupted run's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_resume_inside_their_contact() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let contact = example(&mock, "/contacts/1").await;
    let note = example(&mock, "/notes/1").await;
    mock.on("list_contacts").pages(records(&contact, "c", 3), 2);
    mock.on("list_notes").pages(records(&note, "n", 25), 20);
    let whole = dir.path().join("whole.jsonl");
    intercom(
        Some(&mock),
        &["-q", "export", "notes", "--out", whole.to_str().unwrap()],
    )
    .await
    .ok();

    let out = dir.path().join("notes.jsonl");
    let args = [
        "-q",
        "--max-retries",
        "1",
        "export",
        "notes",
        "--out",
        out.to_str().unwrap(),
    ];
    mock.on("list_notes")
        .times(3)
        .pages(records(&note, "n", 25), 20);
    mock.on("list_notes").times(2).respond_error(503);
    let r = intercom(Some(&mock), &args).await;
    assert_eq!(r.code, 5, "{}", r.stderr);
    let cp: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("notes.jsonl.checkpoint.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cp["point"]["parent"], json!({"index": 1}), "{cp}");
    assert_eq!(cp["point"]["next"], json!({"page": 2}), "{cp}");
    let mut resumed = args.to_vec();
    resumed.push("--resume");
    intercom(Some(&mock), &resumed).await.ok();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&whole).unwrap());
    assert_eq!(lines(&out).len(), 75);
}
