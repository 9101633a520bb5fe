//! Requests carry exactly what the caller set. For every operation of every
//! compiled version that takes a JSON body, a body holding only its required
//! fields is sent through the typed builder (`__invoke`, the same path as a
//! user's `.body(…)`) to a local server, and what arrives must be that body:
//! no `default:` filled in, no field lost by a union.

use serde_json::{json, Map, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn resolve<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(&r[1..]).map_or(s, |t| resolve(doc, t)),
        None => s,
    }
}

/// A value of `schema` with only its required fields.
pub(crate) fn minimal(doc: &Value, schema: &Value, depth: usize) -> Value {
    let s = resolve(doc, schema);
    if depth > 8 {
        return json!({});
    }
    if let Some(first) = s.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    // A union: its first alternative, plus the fields required beside it.
    let alternative = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| s.get(*k).and_then(|l| l.get(0)))
        .map(|first| resolve(doc, first));
    if let Some(first) = alternative {
        if s.get("properties").is_none() {
            return minimal(doc, first, depth + 1);
        }
        let mut merged = s.as_object().cloned().unwrap_or_default();
        merged.remove("oneOf");
        merged.remove("anyOf");
        let mut props = merged["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        props.extend(first["properties"].as_object().cloned().unwrap_or_default());
        let mut required = merged
            .get("required")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        required.extend(first["required"].as_array().cloned().unwrap_or_default());
        merged.insert("properties".into(), Value::Object(props));
        merged.insert("required".into(), Value::Array(required));
        return minimal(doc, &Value::Object(merged), depth + 1);
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        let mut out = Map::new();
        for member in all {
            if let Value::Object(m) = minimal(doc, member, depth + 1) {
                out.extend(m);
            }
        }
        return Value::Object(out);
    }
    match s.get("type").and_then(Value::as_str) {
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => json!([minimal(doc, &s["items"], depth + 1)]),
        Some("string") => match s.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-01-01T00:00:00Z"),
            Some("date") => json!("2024-01-01"),
            _ => {
                let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(1);
                json!("x".repeat(min as usize))
            }
        },
        _ => {
            let mut out = Map::new();
            let props = s.get("properties").and_then(Value::as_object);
            for name in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let prop = props.and_then(|p| p.get(name)).unwrap_or(&Value::Null);
                out.insert(name.to_string(), minimal(doc, prop, depth + 1));
            }
            Value::Object(out)
        }
    }
}

async fn check_version(data: &intercom_api::VersionData) -> (usize, Vec<String>) {
    let (doc, _) = crate::prism::servable_spec(data.version);
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let mut checked = 0;
    let mut failures = Vec::new();
    for o in data.operations {
        let item = &doc["paths"][o.path];
        let op = &item[o.method.to_lowercase()];
        let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
            continue;
        };
        let (mut args, _) = crate::prism::spec_args(&doc, item, op);
        let body = minimal(&doc, schema, 0);
        args.insert("body".into(), body.clone());
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let result = (data.invoke)(&server.uri(), o.name, &args)
            .await
            .expect("a known operation");
        let received = server.received_requests().await.unwrap_or_default();
        let Some(request) = received.first() else {
            failures.push(format!(
                "{} {} ({}): not sent: {:?}",
                o.method,
                o.path,
                o.name,
                result.err()
            ));
            continue;
        };
        let sent: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        checked += 1;
        if sent != body {
            failures.push(format!(
                "{} {} ({}):\n    set  {body}\n    sent {sent}",
                o.method, o.path, o.name
            ));
        }
    }
    (checked, failures)
}

/// Every compiled version: a new version is covered without test code.
#[test]
fn every_request_body_carries_only_what_was_set() {
    // A thread with room for the invoker's large future (debug builds).
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(every_request_body())
        })
        .unwrap()
        .join()
        .unwrap();
}

async fn every_request_body() {
    let mut all = Vec::new();
    for data in intercom_api::VERSION_DATA {
        let (checked, failures) = check_version(data).await;
        eprintln!(
            "{}: {checked} request bodies sent with only their required fields, {} differ",
            data.version,
            failures.len()
        );
        assert!(checked > 0, "{}: no request body checked", data.version);
        all.extend(
            failures
                .into_iter()
                .map(|f| format!("{}: {f}", data.version)),
        );
    }
    assert!(
        all.is_empty(),
        "{} request bodies differ from what was set:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// Renaming a ticket type sends its new name and nothing else: the spec's
/// defaults for `icon` and `is_internal` would reset them.
#[cfg(feature = "v2_14")]
#[tokio::test]
async fn update_ticket_type_with_only_a_name_sends_only_the_name() {
    use intercom_api::v2_14::{types, Client};
    use wiremock::matchers::{method, path};
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/ticket_types/42"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"type": "ticket_type", "id": "42"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .token("t")
        .base_url(server.uri())
        .build()
        .unwrap();
    client
        .update_ticket_type()
        .ticket_type_id("42")
        .body(types::UpdateTicketTypeRequest::builder().name("Bug".to_string()))
        .send()
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body, json!({"name": "Bug"}));
}

/// A request union built from JSON keeps every field it is given: tagging
/// companies is not taken for "create a tag" (which would drop `companies`).
#[cfg(feature = "v2_14")]
#[test]
fn request_unions_keep_richer_bodies() {
    use intercom_api::v2_14::types::CreateTagBody;
    for body in [
        json!({"name": "vip"}),
        json!({"name": "vip", "companies": [{"id": "531ee472cce572a6ec000006"}]}),
        json!({"name": "vip", "companies": [{"id": "531ee472cce572a6ec000006", "untag": true}]}),
        json!({"name": "vip", "users": [{"id": "5f7f0d217289f8d2f4262080"}]}),
    ] {
        let typed: CreateTagBody = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), body, "{typed:?}");
    }
}
