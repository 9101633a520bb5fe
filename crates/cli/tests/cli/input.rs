//! Bad input: each its exit status and a clear message; the token never printed.

use crate::common::*;
use intercom_api::v2_14::MockIntercom;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_exit_codes() {
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();

    let r = intercom(Some(&mock), &["export", "leads"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("invalid value 'leads'") && r.stderr.contains("contacts"),
        "{}",
        r.stderr
    );

    let r = intercom(
        Some(&mock),
        &["export", "contacts", "--since", "last tuesday"],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is not a date"), "{}", r.stderr);

    let r = intercom(None, &["export", "contacts"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("no access token"), "{}", r.stderr);

    let r = intercom(
        Some(&mock),
        &[
            "export",
            "contacts",
            "--out",
            "/nonexistent-dir/contacts.jsonl",
        ],
    )
    .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot open /nonexistent-dir/contacts.jsonl.partial"),
        "{}",
        r.stderr
    );

    let r = intercom(Some(&mock), &["export", "contacts", "--resume"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--resume needs --out FILE"),
        "{}",
        r.stderr
    );

    let out = dir.path().join("x.jsonl");
    let r = intercom(
        Some(&mock),
        &[
            "export",
            "contacts",
            "--resume",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("nothing to resume"), "{}", r.stderr);

    let r = intercom(Some(&mock), &["--region", "mars", "export", "admins"]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown Intercom region `mars`"),
        "{}",
        r.stderr
    );

    // Intercom refuses the token: auth, and the token is not in the message
    // (`intercom()` checks every output for it).
    mock.on("list_admins").once().respond_error(401);
    let r = intercom(Some(&mock), &["export", "admins"]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);

    // Still 429 when the retries are spent.
    mock.on("list_teams")
        .times(2)
        .rate_limited(Duration::from_millis(10));
    let r = intercom(Some(&mock), &["--max-retries", "1", "export", "teams"]).await;
    assert_eq!(r.code, 4, "{}", r.stderr);

    // Other API errors.
    mock.on("list_tags").once().respond_error(404);
    let r = intercom(Some(&mock), &["export", "tags"]).await;
    assert_eq!(r.code, 5, "{}", r.stderr);

    let help = intercom(None, &["--help"]).await;
    assert!(
        help.stdout.contains("Exit status:") && help.stdout.contains("4    rate limit"),
        "{}",
        help.stdout
    );
}

/// A token file others can read works, with a warning.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let mock = MockIntercom::start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_intercom"));
    cmd.args([
        "--token-file",
        file.to_str().unwrap(),
        "--base-url",
        &mock.uri(),
        "export",
        "admins",
    ])
    .env_remove("INTERCOM_ACCESS_TOKEN");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("can be read by others (mode 644)"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
    let auth = mock.requests("list_admins")[0].headers()["authorization"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(auth, format!("Bearer {TOKEN}"));
}
