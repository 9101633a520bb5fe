//! Spec walking, in one place: operations, parameters, schemas (outermost
//! first), descriptions, references, and which schemas requests and answers
//! reach. Every pass walks the spec through these.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The JSON pointer of an operation: `/paths/~1contacts~1{id}/get`.
pub fn operation_pointer(path: &str, method: &str) -> String {
    format!(
        "/paths/{}/{}",
        path.replace('~', "~0").replace('/', "~1"),
        method.to_lowercase()
    )
}

/// Calls `f(path, method, operation)` for every operation.
pub fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Map<String, Value>)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            if let Some(op) = op.as_object_mut() {
                f(path, method, op);
            }
        }
    }
}

/// Calls `f` on every schema object of the document, outermost first:
/// component schemas, and the schemas of parameters, bodies and responses,
/// recursing through properties, items, compositions and additionalProperties.
/// Examples, defaults and enum values are never visited.
pub fn for_each_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for s in schemas.values_mut() {
            walk_schema(s, f);
        }
    }
    for_each_operation(doc, |_, _, op| {
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            for p in params {
                if let Some(s) = p.get_mut("schema") {
                    walk_schema(s, f);
                }
            }
        }
        for body in bodies_of(op) {
            if let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) {
                for media in content.values_mut() {
                    if let Some(s) = media.get_mut("schema") {
                        walk_schema(s, f);
                    }
                }
            }
        }
    });
}

/// The request body and every response of an operation.
pub fn bodies_of(op: &mut Map<String, Value>) -> impl Iterator<Item = &mut Value> {
    let (body, responses): (Option<&mut Value>, Option<&mut Value>) = {
        let mut body = None;
        let mut responses = None;
        for (k, v) in op.iter_mut() {
            match k.as_str() {
                "requestBody" => body = Some(v),
                "responses" => responses = Some(v),
                _ => {}
            }
        }
        (body, responses)
    };
    body.into_iter().chain(
        responses
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|r| r.values_mut()),
    )
}

pub fn walk_schema(schema: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    f(obj);
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            walk_schema(p, f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(s) = obj.get_mut(key) {
            walk_schema(s, f);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for s in list {
                walk_schema(s, f);
            }
        }
    }
}

/// Calls `f(path, name, parameter)` for every named parameter of every
/// operation; `f` says whether it changed the parameter. Returns how many did.
pub fn for_each_parameter(
    doc: &mut Value,
    mut f: impl FnMut(&str, &str, &mut Value) -> bool,
) -> usize {
    let mut n = 0;
    for_each_operation(doc, |path, _, op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for p in params {
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            if f(path, &name, p) {
                n += 1;
            }
        }
    });
    n
}

/// Calls `f` on every `description` string of the document (operations,
/// parameters, responses, schemas), never inside examples, defaults or enums.
pub fn for_each_description(v: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match (k.as_str(), child) {
                    ("description" | "summary", Value::String(s)) => f(s),
                    ("example" | "examples" | "default" | "enum" | "x-rust-type", _) => {}
                    (_, child) => for_each_description(child, f),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|c| for_each_description(c, f)),
        _ => {}
    }
}

pub fn resolve<'a>(doc: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(r) = s.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match r
            .strip_prefix("#/")
            .and_then(|p| doc.pointer(&format!("/{p}")))
        {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

pub fn props<'a>(doc: &'a Value, s: &'a Value) -> Option<&'a Map<String, Value>> {
    resolve(doc, s).get("properties").and_then(Value::as_object)
}

/// The component schemas `v` refers to directly: the `$ref`s anywhere
/// inside it (outside examples), without following them.
pub fn direct_refs(v: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.insert(name.to_string());
                }
                map.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "example" | "examples"))
                    .for_each(|(_, c)| walk(c, out));
            }
            Value::Array(list) => list.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, &mut out);
    out
}

/// Names of the component schemas reachable from `roots`, transitively.
pub fn reachable(doc: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut acc = BTreeSet::new();
    let mut todo: Vec<String> = roots.iter().flat_map(|r| direct_refs(r)).collect();
    while let Some(name) = todo.pop() {
        if !acc.insert(name.clone()) {
            continue;
        }
        if let Some(s) = doc.pointer(&format!("/components/schemas/{name}")) {
            todo.extend(direct_refs(s));
        }
    }
    acc
}

/// Request-side and answer-side roots of every operation.
pub fn directions(doc: &Value) -> (Vec<Value>, Vec<Value>) {
    let mut requests = Vec::new();
    let mut answers = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                requests.extend(op.get("parameters").cloned());
                requests.extend(op.get("requestBody").cloned());
                answers.extend(op.get("responses").cloned());
                answers.extend(op.get("x-intercom-errors").cloned());
            }
        }
    }
    (requests, answers)
}

/// Calls `f` on every answer-side schema: components only answers use
/// (shared ones stay as declared, so requests stay strict) and the inline
/// schemas of answers, recursively.
pub fn for_each_answer_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let (requests, answers) = directions(doc);
    let request_side = reachable(doc, &requests.iter().collect::<Vec<_>>());
    let answer_side = reachable(doc, &answers.iter().collect::<Vec<_>>());
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if answer_side.contains(name) && !request_side.contains(name) {
                walk_schema(schema, f);
            }
        }
    }
    for_each_operation(doc, |_, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        for r in responses.values_mut() {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                for media in content.values_mut() {
                    if let Some(s) = media.get_mut("schema") {
                        walk_schema(s, f);
                    }
                }
            }
        }
    });
}

/// A schema of a scalar type (string, number, integer, boolean).
pub fn is_scalar_schema(s: &Value) -> bool {
    matches!(
        s.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    )
}
