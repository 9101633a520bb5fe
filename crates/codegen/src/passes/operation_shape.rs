//! Passes over the shape of operations that progenitor cannot take as
//! Intercom writes them.

use super::naming::snake_case;
use super::walk::{for_each_operation, for_each_parameter, METHODS};
use serde_json::{json, Map, Value};

/// Parameters declared on a path item apply to each of its operations
/// (OpenAPI 3.0 §4.7.9); progenitor reads only the operation's own. Each
/// operation gets the path item's parameters it does not override (same
/// `name` and `in`), and the path item's list is removed. Returns how many
/// parameters were copied.
pub fn path_item_parameters(doc: &mut Value) -> usize {
    let mut n = 0;
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return 0;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        let Some(Value::Array(shared)) = item.remove("parameters") else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let own = op
                .entry("parameters")
                .or_insert_with(|| json!([]))
                .as_array_mut();
            let Some(own) = own else { continue };
            for p in &shared {
                let key = |q: &Value| {
                    (
                        q.get("name").cloned(),
                        q.get("in").cloned(),
                        q.get("$ref").cloned(),
                    )
                };
                if !own.iter().any(|q| key(q) == key(p)) {
                    own.push(p.clone());
                    n += 1;
                }
            }
        }
    }
    n
}

/// progenitor has no `multipart/form-data` bodies (Preview's catalog
/// upload). Such a body becomes raw bytes (`application/octet-stream`)
/// that the caller builds with `intercom_api::Multipart`, and the operation
/// is marked `x-intercom-multipart`, so that the runtime sends it with
/// `multipart/form-data` and the boundary the body starts with. The form's
/// fields stay in the description. Returns how many operations changed.
pub fn multipart_as_raw_body(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |_, _, op| {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let Some(form) = content.remove("multipart/form-data") else {
            return;
        };
        let fields: Vec<String> = form
            .pointer("/schema/properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(|k| format!("`{k}`")).collect())
            .unwrap_or_default();
        content.insert(
            "application/octet-stream".into(),
            json!({"schema": {"type": "string", "format": "binary"}}),
        );
        let note = format!(
            "The body is a `multipart/form-data` form (fields: {}): build it with `intercom_api::Multipart`.",
            fields.join(", ")
        );
        if let Some(body) = op.get_mut("requestBody").and_then(Value::as_object_mut) {
            let text = match body.get("description").and_then(Value::as_str) {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            };
            body.insert("description".into(), Value::String(text));
        }
        op.insert("x-intercom-multipart".into(), Value::Bool(true));
        n += 1;
    });
    n
}

/// progenitor takes one answer type for all success statuses. Where an
/// operation's 2xx answers have different JSON schemas (Preview's catalog
/// upload: 200 "part uploaded", 202 "sync started"), they become one
/// component `{operationId}_answer`, a `oneOf` of them, that every 2xx
/// answer names. Returns how many operations changed.
pub fn one_success_answer(doc: &mut Value) -> usize {
    let mut added = Vec::new();
    for_each_operation(doc, |_, _, op| {
        let name = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let schema_of = |r: &Value| r.pointer("/content/application~1json/schema").cloned();
        let mut schemas: Vec<Value> = Vec::new();
        for (status, r) in responses.iter() {
            if status.starts_with('2') {
                if let Some(s) = schema_of(r) {
                    if !schemas.contains(&s) {
                        schemas.push(s);
                    }
                }
            }
        }
        if schemas.len() < 2 || name.is_empty() {
            return;
        }
        let component = format!("{name}_answer");
        let reference = json!({"$ref": format!("#/components/schemas/{component}")});
        for (status, r) in responses.iter_mut() {
            if let Some(s) = r.pointer_mut("/content/application~1json/schema") {
                if status.starts_with('2') {
                    *s = reference.clone();
                }
            }
        }
        added.push((component, json!({
            "description": "One of this operation's success answers (each status has its own shape).",
            "oneOf": schemas
        })));
    });
    let n = added.len();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.extend(added);
    }
    n
}

/// An operation that declares no success answer at all (2.15 on:
/// `GET /fin_voice/phone_number/{phone_number}` lists only 401, 404 and an
/// error `default`) would hand its caller `()` and drop what Intercom sends.
/// It gets a 200 whose JSON is kept as it is (`serde_json::Value`).
/// Redirects (3xx) count as an answer. Returns how many operations changed.
pub fn missing_success_answer(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |_, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        if responses
            .keys()
            .any(|s| s.starts_with('2') || s.starts_with('3'))
        {
            return;
        }
        responses.insert(
            "200".into(),
            json!({
                "description": "Success. The spec declares no success answer: the JSON is kept as sent.",
                "content": {"application/json": {"schema": {}}}
            }),
        );
        n += 1;
    });
    n
}

pub fn strip_version_header(doc: &mut Value) -> usize {
    let mut n = 0;
    let is_version = |p: &Value| {
        p.get("in").and_then(Value::as_str) == Some("header")
            && p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("Intercom-Version"))
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let params = if key == "parameters" {
                    value.as_array_mut()
                } else if METHODS.contains(&key.as_str()) {
                    value.get_mut("parameters").and_then(Value::as_array_mut)
                } else {
                    None
                };
                if let Some(params) = params {
                    let before = params.len();
                    params.retain(|p| !is_version(p));
                    n += before - params.len();
                }
            }
        }
    }
    n
}

pub fn path_params_in_path(doc: &mut Value) -> usize {
    for_each_parameter(doc, |path, name, p| {
        let in_template = path.contains(&format!("{{{name}}}"));
        let change = in_template && p.get("in").and_then(Value::as_str) != Some("path");
        if change {
            p["in"] = json!("path");
            p["required"] = json!(true);
        }
        change
    })
}

pub fn string_path_ids(doc: &mut Value) -> usize {
    for_each_parameter(doc, |_, name, p| {
        let id = name == "id" || name.ends_with("_id");
        let integer = p.pointer("/schema/type").and_then(Value::as_str) == Some("integer");
        let change = id && integer && p.get("in").and_then(Value::as_str) == Some("path");
        if change {
            p["schema"] = json!({"type": "string"});
            if let Some(e) = p.get_mut("example").filter(|e| e.is_number()) {
                *e = json!(e.to_string());
            }
        }
        change
    })
}

/// Moves error answers out of the operations: the runtime decodes them
/// (error.list, raw body kept). Each removed JSON schema stays available to
/// the conformance tools: inline ones become components named
/// `{operationId}_{status}_error`, and the operation lists them in
/// `x-intercom-errors` (`{status: {$ref}}`).
pub fn errors_via_runtime(doc: &mut Value) -> usize {
    let mut n = 0;
    let mut new_components: Vec<(String, Value)> = Vec::new();
    for_each_operation(doc, |_, _, op| {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("operation")
            .to_string();
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let mut errors = Map::new();
        let statuses: Vec<String> = responses
            .keys()
            .filter(|s| !(s.starts_with('1') || s.starts_with('2') || s.starts_with('3')))
            .cloned()
            .collect();
        for status in statuses {
            let r = responses.remove(&status).expect("listed above");
            n += 1;
            let Some(schema) = r.pointer("/content/application~1json/schema") else {
                continue;
            };
            let reference = if schema.get("$ref").is_some() {
                schema.clone()
            } else {
                let name = format!("{}_{}_error", snake_case(&id), status);
                new_components.push((name.clone(), schema.clone()));
                json!({ "$ref": format!("#/components/schemas/{name}") })
            };
            errors.insert(status, reference);
        }
        if !errors.is_empty() {
            op.insert("x-intercom-errors".into(), Value::Object(errors));
        }
    });
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in new_components {
            schemas.entry(name).or_insert(schema);
        }
    }
    n
}
