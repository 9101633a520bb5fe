//! `intercom export`: every stream, losslessly; a resume after a failure.

use crate::common::*;
use intercom_api::conformance::{decode_answer, Verdict};
use intercom_api::v2_14::MockIntercom;
use serde_json::{json, Value};

/// Each stream: its name, the operation answering its items, where the items
/// are in that answer, how many the mock serves (None: the spec example's),
/// and where the spec has an example record.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<usize>,
    &'static str,
);
const STREAMS: &[Row] = &[
    (
        "contacts",
        "GET",
        "/contacts",
        "/data",
        Some(230),
        "/contacts/1",
    ),
    (
        "companies",
        "GET",
        "/companies/scroll",
        "/data",
        Some(120),
        "/companies/1",
    ),
    (
        "conversations",
        "GET",
        "/conversations",
        "/conversations",
        Some(130),
        "/conversations/1",
    ),
    (
        "tickets",
        "POST",
        "/tickets/search",
        "/tickets",
        Some(70),
        "/tickets/1",
    ),
    ("admins", "GET", "/admins", "/admins", Some(3), "/admins/1"),
    ("teams", "GET", "/teams", "/teams", Some(3), "/teams/1"),
    ("tags", "GET", "/tags", "/data", Some(3), "/tags/1"),
    (
        "segments",
        "GET",
        "/segments",
        "/segments",
        Some(3),
        "/segments/1",
    ),
    (
        "data-attributes",
        "GET",
        "/data_attributes",
        "/data",
        None,
        "",
    ),
    (
        "articles",
        "GET",
        "/articles",
        "/data",
        Some(60),
        "/articles/1",
    ),
    (
        "collections",
        "GET",
        "/help_center/collections",
        "/data",
        Some(45),
        "/help_center/collections/1",
    ),
    (
        "help-centers",
        "GET",
        "/help_center/help_centers",
        "/data",
        Some(25),
        "/help_center/help_centers/1",
    ),
    (
        "notes",
        "GET",
        "/contacts/1/notes",
        "/data",
        None,
        "/notes/1",
    ),
];

/// Every stream exports every record the mock serves, over several pages,
/// each line the typed record re-serialised with nothing lost: the values
/// the mock sent (an unknown field included) are in the line, and the lines
/// decode again into the operation's answer type with nothing lost (the
/// crate's conformance checker).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_every_stream() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let ops = [
        ("contacts", "list_contacts"),
        ("companies", "scroll_over_all_companies"),
        ("conversations", "list_conversations"),
        ("tickets", "search_tickets"),
        ("articles", "list_articles"),
        ("collections", "list_all_collections"),
        ("help-centers", "list_help_centers"),
    ];
    let mut served = std::collections::HashMap::new();
    for (stream, _, _, _, n, at) in STREAMS {
        let Some(n) = n else { continue };
        let example = example(&mock, at).await;
        let items = records(&example, &format!("{stream}-"), *n);
        match ops.iter().find(|(s, _)| s == stream) {
            Some((_, op)) => mock.on(op).pages(items.clone(), 20),
            // Lists Intercom sends whole.
            None => {
                let (_, _, _, key, _, _) = STREAMS.iter().find(|s| s.0 == *stream).unwrap();
                let op = format!("list_{stream}");
                mock.on(&op)
                    .respond(json!({"type": "list", key.trim_start_matches('/'): items}));
            }
        }
        served.insert(*stream, items);
    }
    // Notes: 3 contacts, 25 notes each (2 pages per contact).
    let contact = example(&mock, "/contacts/1").await;
    let note = example(&mock, "/notes/1").await;
    let notes = records(&note, "note-", 25);
    for (stream, _, _, _, n, _) in STREAMS {
        let out = dir.path().join(format!("{stream}.jsonl"));
        if *stream == "notes" {
            mock.on("list_contacts")
                .pages(records(&contact, "c-", 3), 2);
            mock.on("list_notes").pages(notes.clone(), 20);
        }
        intercom(
            Some(&mock),
            &["--quiet", "export", stream, "--out", out.to_str().unwrap()],
        )
        .await
        .ok();
        let got = lines(&out);
        match (n, *stream) {
            (Some(n), _) => assert_eq!(got.len(), *n, "{stream}"),
            (None, "notes") => assert_eq!(got.len(), 75, "{stream}"),
            (None, _) => assert!(!got.is_empty(), "{stream}: no record"),
        }
        if let Some(items) = served.get(stream) {
            unique_ids(&got);
            for (sent, written) in items.iter().zip(&got) {
                assert_eq!(
                    lost(sent, written, "$"),
                    None,
                    "{stream}: a value sent is not in the line"
                );
            }
        }
        check_conformance(stream, &got);
        assert!(!dir.path().join(format!("{stream}.jsonl.partial")).exists());
        assert!(!dir
            .path()
            .join(format!("{stream}.jsonl.checkpoint.json"))
            .exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{stream}: the output is readable by others");
        }
    }
    // Several pages each: 230 contacts at 20 a page, then 2 pages for notes' contacts.
    assert_eq!(mock.requests("list_contacts").len(), 12 + 2);
    assert_eq!(mock.requests("list_notes").len(), 6);
}

/// The exported lines, put back in their operation's answer, decode with
/// nothing lost: `intercom_api::conformance`.
fn check_conformance(stream: &str, lines: &[Value]) {
    let (_, method, path, key, _, _) = STREAMS.iter().find(|s| s.0 == stream).unwrap();
    let mut answer = json!({});
    let keys: Vec<&str> = key.trim_start_matches('/').split('/').collect();
    answer[keys[0]] = Value::Array(lines.to_vec());
    let body = serde_json::to_vec(&answer).unwrap();
    match decode_answer("2.14", method, path, 200, &body) {
        Verdict::Passed(_) => {}
        other => panic!("{stream}: exported lines do not decode losslessly: {other:?}"),
    }
}

/// A failure that outlasts the client's retries at page 3 stops the export
/// with its pages 1–2 kept and checkpointed; `--resume` truncates what
/// followed the checkpoint (here a torn line) and continues at page 3: every
/// record once, none missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_after_a_failure_at_page_3() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("contacts.jsonl");
    let out_s = out.to_str().unwrap();
    let example = example(&mock, "/contacts/1").await;
    let items = records(&example, "c", 250);
    mock.on("list_contacts").times(2).pages(items.clone(), 50);
    mock.on("list_contacts").times(2).respond_error(503);
    mock.on("list_contacts").pages(items.clone(), 50);

    let first = intercom(
        Some(&mock),
        &["--max-retries", "1", "export", "contacts", "--out", out_s],
    )
    .await;
    assert_eq!(first.code, 5, "an API error: {}", first.stderr);
    assert!(first.stderr.contains("--resume"), "{}", first.stderr);
    assert!(
        !out.exists(),
        "an incomplete export is not under its final name"
    );
    let partial = dir.path().join("contacts.jsonl.partial");
    assert_eq!(lines(&partial).len(), 100);
    let cp: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("contacts.jsonl.checkpoint.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cp["point"]["next"], json!({"cursor": "mock-100"}));
    assert_eq!(
        cp["bytes"].as_u64(),
        Some(std::fs::metadata(&partial).unwrap().len())
    );
    // A crash in the middle of a line, after the checkpoint.
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(&partial)
        .unwrap()
        .write_all(b"{\"id\":\"c100\",\"ema")
        .unwrap();

    let again = intercom(
        Some(&mock),
        &["--max-retries", "1", "export", "contacts", "--out", out_s],
    )
    .await;
    assert_eq!(
        again.code, 2,
        "a second export over a checkpoint is refused"
    );
    assert!(again.stderr.contains("--resume"), "{}", again.stderr);

    intercom(
        Some(&mock),
        &["export", "contacts", "--out", out_s, "--resume"],
    )
    .await
    .ok();
    let got = lines(&out);
    let ids = unique_ids(&got);
    let want: std::collections::HashSet<String> = (0..250).map(|i| format!("c{i}")).collect();
    assert_eq!(ids, want);
    let asked: Vec<_> = mock
        .requests("list_contacts")
        .iter()
        .map(|r| r.query_param("starting_after").map(str::to_string))
        .collect();
    // Pages 1, 2, page 3 twice (failed), then the resume from page 3.
    assert_eq!(asked[4], Some("mock-100".into()), "{asked:?}");
    assert_eq!(asked.len(), 4 + 3);
    assert!(!partial.exists());
}

/// `--since` searches updated_at, and is refused, naming the streams that
/// have it, on the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_searches_updated_at() {
    let mock = MockIntercom::start().await;
    intercom(
        Some(&mock),
        &[
            "export",
            "conversations",
            "--since",
            "2024-05-01",
            "--quiet",
        ],
    )
    .await
    .ok();
    let sent: Value = mock.requests("search_conversations")[0].body().unwrap();
    assert_eq!(
        sent["query"],
        json!({"field": "updated_at", "operator": ">", "value": 1714521600})
    );
    let refused = intercom(
        Some(&mock),
        &["export", "companies", "--since", "2024-05-01"],
    )
    .await;
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("contacts, conversations, tickets"),
        "{}",
        refused.stderr
    );
}

/// Ctrl-C while a page is on its way: the export stops at once with what it
/// had checkpointed (exit 130), and `--resume` finishes it.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_checkpoints_and_exits() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("contacts.jsonl");
    let example = example(&mock, "/contacts/1").await;
    mock.on("list_contacts")
        .pages(records(&example, "c", 200), 50);
    // Page 3 takes a minute to come (once).
    wiremock::Mock::given(wiremock::matchers::query_param(
        "starting_after",
        "mock-100",
    ))
    .respond_with(
        wiremock::ResponseTemplate::new(500).set_delay(std::time::Duration::from_secs(60)),
    )
    .up_to_n_times(1)
    .mount(mock.server())
    .await;
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_intercom"))
        .args([
            "--quiet",
            "export",
            "contacts",
            "--out",
            out.to_str().unwrap(),
        ])
        .env("INTERCOM_BASE_URL", mock.uri())
        .env("INTERCOM_ACCESS_TOKEN", TOKEN)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let cp = dir.path().join("contacts.jsonl.checkpoint.json");
    let mut waited = 0;
    while !std::fs::read_to_string(&cp)
        .unwrap_or_default()
        .contains("mock-100")
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
        assert!(waited < 600, "no checkpoint after page 2");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(lines(&dir.path().join("contacts.jsonl.partial")).len(), 100);
    intercom(
        Some(&mock),
        &[
            "--quiet",
            "export",
            "contacts",
            "--out",
            out.to_str().unwrap(),
            "--resume",
        ],
    )
    .await
    .ok();
    assert_eq!(unique_ids(&lines(&out)).len(), 200);
}
