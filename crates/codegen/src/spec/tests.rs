//! Loading and pinning specs.

use crate::spec;

#[test]
fn a_missing_or_altered_spec_fails_with_a_message_that_says_what_to_do() {
    let pin = spec::Pin {
        version: "9.9".into(),
        feature: "v9_9".into(),
        file: "descriptions/9.9/api.intercom.io.yaml".into(),
        sha256: "0".repeat(64),
    };
    let nowhere = std::path::Path::new("/nonexistent/intercom-openapi");
    let err = spec::load(nowhere, &pin).err().unwrap();
    assert!(
        err.contains("INTERCOM_OPENAPI_DIR=/nonexistent/intercom-openapi"),
        "{err}"
    );
    assert!(
        err.contains("Intercom-OpenAPI"),
        "says where to get it: {err}"
    );

    let dir = std::env::temp_dir().join(format!("intercom-spec-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("descriptions/9.9")).unwrap();
    let err = spec::load(&dir, &pin).err().unwrap();
    assert!(
        err.contains("cannot read") && err.contains(&pin.sha256),
        "names the file and the expected hash: {err}"
    );

    std::fs::write(dir.join(&pin.file), "openapi: 3.0.1\n").unwrap();
    let err = spec::load(&dir, &pin).err().unwrap();
    assert!(
        err.contains("does not match its pin") && err.contains(&"0".repeat(64)),
        "{err}"
    );

    // The right hash of the same bytes loads.
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(b"openapi: 3.0.1\n")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(spec::load(
        &dir,
        &spec::Pin {
            sha256: hash,
            ..pin
        }
    )
    .is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

/// A packaged crate reads the descriptions it carries; a checkout without
/// them reads INTERCOM_OPENAPI_DIR (set by .cargo/config.toml here).
#[test]
fn the_packaged_copy_is_preferred_when_it_has_the_file() {
    let pin = spec::Pin {
        version: "9.9".into(),
        feature: "v9_9".into(),
        file: "descriptions/9.9/api.intercom.io.yaml".into(),
        sha256: "0".repeat(64),
    };
    let root = std::env::temp_dir().join(format!("intercom-pkg-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let from_env = spec::descriptions_dir(&root, &pin).unwrap();
    let configured = std::env::var("INTERCOM_OPENAPI_DIR").unwrap();
    assert!(
        from_env.ends_with(configured.trim_start_matches("../"))
            || from_env == std::path::Path::new(&configured),
        "{from_env:?}"
    );
    let packaged = root.join(spec::PACKAGED);
    std::fs::create_dir_all(packaged.join("descriptions/9.9")).unwrap();
    assert_ne!(
        spec::descriptions_dir(&root, &pin).unwrap(),
        packaged,
        "no file for this pin yet"
    );
    std::fs::write(packaged.join(&pin.file), "x").unwrap();
    assert_eq!(spec::descriptions_dir(&root, &pin).unwrap(), packaged);
    std::fs::remove_dir_all(&root).unwrap();
}
