//! Every response example of every spec decodes into the generated type for
//! its operation and status, and nothing in it is lost. Generated from the
//! specs (read from INTERCOM_OPENAPI_DIR), not written per operation.

use intercom_api::conformance;
use serde_json::Value;

/// `(method, path, status, example name, JSON)`.
type Example = (String, String, String, String, Value);

/// `(method, path, status, example name, JSON)` for every JSON response
/// example (2.14's one plain-text example, a call transcript, is not JSON).
pub fn response_examples(version: &str) -> Vec<Example> {
    let file = crate::versions::spec_file(version);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let doc: Value = yaml_serde::from_str(&text).unwrap();
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(Value::as_object) else {
                continue;
            };
            for (status, r) in responses {
                let Some(media) = r.pointer("/content/application~1json") else {
                    continue;
                };
                if let Some(examples) = media.get("examples").and_then(Value::as_object) {
                    for (name, ex) in examples {
                        if let Some(v) = ex.get("value") {
                            out.push((
                                method.to_uppercase(),
                                path.clone(),
                                status.clone(),
                                name.clone(),
                                v.clone(),
                            ));
                        }
                    }
                }
                if let Some(v) = media.get("example") {
                    out.push((
                        method.to_uppercase(),
                        path.clone(),
                        status.clone(),
                        "example".into(),
                        v.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// Decodes every JSON response example of `version`; returns how many were
/// decoded and how many the spec has.
fn check_version(version: &str) -> (usize, usize) {
    let (ops, decode) = conformance::version(version).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    let examples = response_examples(version);
    for (method, path, status, name, value) in &examples {
        let op = ops
            .iter()
            .find(|o| o.method == method && o.path == path)
            .unwrap_or_else(|| panic!("{method} {path} not generated"));
        let status_code: u16 = status.parse().unwrap_or(0);
        let body = serde_json::to_vec(value).unwrap();
        match decode(op.name, status_code, &body) {
            None => {} // no JSON answer type for this status (e.g. an empty 204)
            Some(Ok(())) => checked += 1,
            Some(Err(f)) => {
                checked += 1;
                failures.push(format!(
                    "{version} {method} {path} ({}) {status} example {name:?}: at {}: {}",
                    op.name, f.path, f.reason
                ));
            }
        }
    }
    eprintln!(
        "{version}: {} of {checked} response examples decode losslessly ({} in the spec)",
        checked - failures.len(),
        examples.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (checked, examples.len())
}

/// Every compiled version (from the build's table: a new version is checked
/// without a line of test code): every JSON response example decodes.
#[test]
fn every_response_example_decodes() {
    for d in intercom_api::VERSION_DATA {
        let (checked, total) = check_version(d.version);
        assert_eq!(
            checked, total,
            "{}: every JSON example has an answer type",
            d.version
        );
    }
}

#[test]
fn paths_match_the_most_literal_template() {
    const OPS: &[intercom_api::Operation] = &[
        intercom_api::Operation {
            method: "GET",
            path: "/contacts/{contact_id}",
            name: "show",
            multipart: false,
            stream: false,
        },
        intercom_api::Operation {
            method: "GET",
            path: "/contacts/search",
            name: "search",
            multipart: false,
            stream: false,
        },
        intercom_api::Operation {
            method: "GET",
            path: "/contacts",
            name: "list",
            multipart: false,
            stream: false,
        },
    ];
    let m = |p| conformance::match_operation(OPS, "get", p).map(|o| o.name);
    assert_eq!(m("/contacts/search"), Some("search"));
    assert_eq!(m("/contacts/6762f0ad1bb69f9f2193bb8b"), Some("show"));
    assert_eq!(m("/contacts?per_page=5"), Some("list"));
    assert_eq!(m("/contacts/"), Some("list"));
    assert_eq!(m("/admins"), None);
}

/// Realistic answers (shapes as the live API sends them, per Intercom's SDK
/// overlay: string avatars, string admin ids, numeric custom attributes,
/// `teammates.admins`, fields the spec does not know) all decode.
#[cfg(all(feature = "v2_9", feature = "v2_14"))]
#[test]
fn realistic_payloads_decode() {
    use intercom_api::conformance::{check_line, Verdict};
    let text = include_str!("../fixtures/realistic.jsonl");
    let mut passed = 0;
    let mut unmatched = 0;
    for (n, line) in text.lines().enumerate() {
        match check_line(line) {
            Verdict::Passed(_) => passed += 1,
            Verdict::Unmatched(_) => unmatched += 1,
            Verdict::Failed(op, f) => panic!("line {}: {op}: at {}: {}", n + 1, f.path, f.reason),
        }
    }
    assert_eq!((passed, unmatched), (8, 1));
}

#[cfg(feature = "v2_14")]
#[test]
fn the_checker_reports_operation_path_and_reason() {
    use intercom_api::conformance::{check_line, Verdict};
    let line = r#"{"version": "2.14", "method": "GET", "path": "/contacts/1", "status": 200, "body": {"type": "contact", "id": "1", "tags": {"data": "oops"}}}"#;
    match check_line(line) {
        Verdict::Failed(op, f) => {
            assert_eq!(op, "show_contact");
            assert_eq!(f.path, "$.tags.data");
            assert!(f.reason.contains("invalid type"), "{}", f.reason);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(check_line("not json"), Verdict::Unmatched(_)));
    assert!(matches!(
        check_line(
            r#"{"version": "1.0", "method": "GET", "path": "/me", "status": 200, "body": {}}"#
        ),
        Verdict::Unmatched(_)
    ));
}
