//! Files that download (the data export's content, streamed, with the
//! `Accept` Intercom requires filled in) and the content data export in one
//! call, against a local server scripted as Intercom answers.

#![cfg(feature = "v2_14")]

use futures::TryStreamExt;
use intercom_api::export;
use intercom_api::jobs::{JobOutcome, Wait};
use intercom_api::v2_14::Client;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client_at(url: &str) -> Client {
    Client::builder()
        .token("test-token")
        .base_url(url)
        .build()
        .unwrap()
}

/// A gzipped CSV's worth of bytes, larger than one chunk.
fn file_bytes() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

async fn save(file: intercom_api::ByteStream, to: &std::path::Path) -> u64 {
    let mut stream = file.into_inner();
    let mut out = std::fs::File::create(to).unwrap();
    let mut n = 0;
    while let Some(chunk) = stream.try_next().await.unwrap() {
        std::io::Write::write_all(&mut out, &chunk).unwrap();
        n += chunk.len() as u64;
    }
    n
}

#[tokio::test]
async fn a_download_streams_to_a_file_with_the_accept_intercom_requires() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download/content/data/job-1"))
        .and(header("accept", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(file_bytes()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_at(&server.uri());
    // The `accept` header is filled in: only the job is given.
    let file = client
        .download_data_export()
        .job_identifier("job-1")
        .send()
        .await
        .map_err(intercom_api::Error::from)
        .unwrap()
        .into_inner();
    let dir = std::env::temp_dir().join(format!("intercom-download-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let to = dir.join("export.csv.gz");
    assert_eq!(save(file, &to).await, 200_000);
    assert_eq!(std::fs::read(&to).unwrap(), file_bytes());
    std::fs::remove_dir_all(&dir).unwrap();
    let op = intercom_api::v2_14::OPERATIONS
        .iter()
        .find(|o| o.name == "download_data_export")
        .unwrap();
    assert!(op.stream, "the download is marked as a streamed file");
}

/// Scripts `POST /export/content/data` (answering `created`) and then
/// `GET /export/content/data/{id}` answering each status of `then` once,
/// the last one from then on.
async fn export_server(created: &str, then: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let job = |status: &str| {
        serde_json::json!({"job_identifier": "job-7", "status": status,
            "download_url": "", "download_expires_at": ""})
    };
    Mock::given(method("POST"))
        .and(path("/export/content/data"))
        .and(body_json(
            serde_json::json!({"created_at_after": 1_717_200_000, "created_at_before": 1_719_792_000}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(job(created)))
        .expect(1)
        .mount(&server)
        .await;
    for (i, status) in then.iter().enumerate() {
        let mock = Mock::given(method("GET"))
            .and(path("/export/content/data/job-7"))
            .respond_with(ResponseTemplate::new(200).set_body_json(job(status)));
        let mock = if i + 1 < then.len() {
            mock.up_to_n_times(1).with_priority(1)
        } else {
            mock.with_priority(2)
        };
        mock.mount(&server).await;
    }
    Mock::given(method("GET"))
        .and(path("/download/content/data/job-7"))
        .and(header("accept", "application/octet-stream"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(file_bytes()))
        .mount(&server)
        .await;
    server
}

fn quick() -> Wait {
    Wait::new().interval(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn a_data_export_completes_and_its_file_downloads() {
    let server = export_server("pending", &["in_progress", "completed"]).await;
    let client = client_at(&server.uri());
    let mut seen = Vec::new();
    let outcome = export::content_data(&client, 1_717_200_000, 1_719_792_000, quick(), |p| {
        seen.push(p.status.clone())
    })
    .await
    .unwrap();
    assert_eq!(seen, ["pending", "in_progress", "completed"]);
    let JobOutcome::Completed(file) = outcome else {
        panic!("{:?}", outcome.map(|_| ()))
    };
    let to = std::env::temp_dir().join(format!("intercom-export-{}.gz", std::process::id()));
    assert_eq!(save(file, &to).await, 200_000);
    std::fs::remove_file(&to).unwrap();
}

#[tokio::test]
async fn a_data_export_without_data_or_that_fails_says_so() {
    for (then, expected) in [
        ("no_data", JobOutcome::NoData),
        ("failed", JobOutcome::Failed(None)),
        ("canceled", JobOutcome::Canceled),
    ] {
        let server = export_server("pending", &[then]).await;
        let client = client_at(&server.uri());
        let outcome = export::content_data(&client, 1_717_200_000, 1_719_792_000, quick(), |_| {})
            .await
            .unwrap();
        assert_eq!(outcome.map(|_| ()), expected, "a job that ends `{then}`");
        // Nothing was downloaded.
        let downloads = server
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.url.path().starts_with("/download"))
            .count();
        assert_eq!(downloads, 0);
    }
}

#[tokio::test]
async fn a_data_export_that_never_ends_stops_at_its_limit() {
    let server = export_server("pending", &["in_progress"]).await;
    let client = client_at(&server.uri());
    let wait = quick().limit(Duration::from_millis(60));
    let Err(err) = export::content_data(&client, 1_717_200_000, 1_719_792_000, wait, |_| {}).await
    else {
        panic!("the wait ended without its limit");
    };
    assert!(
        matches!(err, intercom_api::Error::JobWait { .. }),
        "{err:?}"
    );
}
