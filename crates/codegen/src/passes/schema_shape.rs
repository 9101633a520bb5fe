//! Schema shapes typify cannot take as Intercom writes them, made plain:
//! compositions, nullable objects, scalar unions, dates and ids.

use super::walk::{bodies_of, for_each_operation, for_each_schema, is_scalar_schema, resolve};
use serde_json::{json, Map, Value};

pub fn schemaless_media(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |_, _, op| {
        for body in bodies_of(op) {
            let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
                continue;
            };
            for (mime, media) in content.iter_mut() {
                if mime.contains("json") && media.is_object() && media.get("schema").is_none() {
                    media["schema"] = json!({});
                    n += 1;
                }
            }
        }
    });
    n
}

pub fn plain_object_components(doc: &mut Value) -> usize {
    let mut n = 0;
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for s in schemas.values_mut().filter_map(Value::as_object_mut) {
            let object = s.get("type").and_then(Value::as_str) == Some("object")
                || s.contains_key("properties");
            if object && s.remove("nullable").is_some() {
                n += 1;
            }
        }
    }
    n
}

/// Properties and required names of `schema`, with its `allOf` members merged in.
pub fn required_alternatives(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if !s.contains_key("properties") {
            return;
        }
        for key in ["anyOf", "oneOf"] {
            let Some(alts) = s.get(key).and_then(Value::as_array) else {
                continue;
            };
            let only_required = !alts.is_empty()
                && alts.iter().all(|a| {
                    a.as_object().is_some_and(|a| {
                        a.contains_key("required")
                            && a.keys()
                                .all(|k| matches!(k.as_str(), "required" | "title" | "description"))
                    })
                });
            if !only_required {
                continue;
            }
            let sets: Vec<Vec<String>> = alts
                .iter()
                .map(|a| {
                    a["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|r| r.as_str().map(str::to_string))
                        .collect()
                })
                .collect();
            let mut required: Vec<String> = s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect();
            for f in &sets[0] {
                if sets.iter().all(|set| set.contains(f)) && !required.contains(f) {
                    required.push(f.clone());
                }
            }
            let choices: Vec<String> = sets
                .iter()
                .map(|set| {
                    let extra: Vec<String> = set
                        .iter()
                        .filter(|f| !required.contains(f))
                        .map(|f| format!("`{f}`"))
                        .collect();
                    extra.join(" + ")
                })
                .filter(|c| !c.is_empty())
                .collect();
            s.remove(key);
            s.insert("required".into(), json!(required));
            if !choices.is_empty() {
                let note = format!("Also required, one of: {}.", choices.join("; "));
                let d = s
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let d = if d.is_empty() {
                    note
                } else {
                    format!("{d}\n\n{note}")
                };
                s.insert("description".into(), json!(d));
            }
            n += 1;
        }
    });
    n
}

pub fn merged_object(
    doc: &Value,
    schema: &Value,
    depth: usize,
) -> Option<(Map<String, Value>, Vec<Value>)> {
    if depth > 8 {
        return None;
    }
    let schema = resolve(doc, schema);
    let mut props = Map::new();
    let mut required: Vec<Value> = Vec::new();
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for m in members {
            let (p, r) = merged_object(doc, m, depth + 1)?;
            props.extend(p);
            required.extend(r);
        }
    } else if schema.get("properties").is_none() {
        return None; // not an object we can merge (a scalar, a oneOf…)
    }
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        props.extend(own.clone());
    }
    if let Some(r) = schema.get("required").and_then(Value::as_array) {
        required.extend(r.iter().cloned());
    }
    required.dedup();
    Some((props, required))
}

pub fn merge_all_of(doc: &mut Value) -> usize {
    // Find every schema to merge (by JSON pointer), computing from an unchanged copy.
    let snapshot = doc.clone();
    let mut targets: Vec<(String, Map<String, Value>, Vec<Value>)> = Vec::new();
    fn find(
        doc: &Value,
        v: &Value,
        at: &str,
        out: &mut Vec<(String, Map<String, Value>, Vec<Value>)>,
    ) {
        match v {
            Value::Object(map) => {
                let merge_worthy = map
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|m| m.len() > 1 || map.contains_key("properties"));
                if merge_worthy {
                    if let Some((p, r)) = merged_object(doc, v, 0) {
                        out.push((at.to_string(), p, r));
                    }
                }
                for (k, child) in map {
                    if k != "example" && k != "examples" {
                        find(
                            doc,
                            child,
                            &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                            out,
                        );
                    }
                }
            }
            Value::Array(list) => list
                .iter()
                .enumerate()
                .for_each(|(i, c)| find(doc, c, &format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    find(&snapshot, &snapshot, "", &mut targets);
    let n = targets.len();
    for (ptr, props, required) in targets {
        let Some(s) = doc.pointer_mut(&ptr).and_then(Value::as_object_mut) else {
            continue;
        };
        s.remove("allOf");
        s.insert("type".into(), json!("object"));
        s.insert("properties".into(), Value::Object(props));
        if required.is_empty() {
            s.remove("required");
        } else {
            s.insert("required".into(), Value::Array(required));
        }
    }
    n
}

pub fn scalar_any_of(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        let scalar = s
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().any(is_scalar_schema));
        if scalar && !s.contains_key("oneOf") {
            let members = s.remove("anyOf").expect("checked above");
            s.insert("oneOf".into(), members);
            n += 1;
        }
    });
    n
}

pub fn unix_timestamps(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if s.get("type").and_then(Value::as_str) == Some("integer")
            && s.get("format").and_then(Value::as_str) == Some("date-time")
        {
            s.insert("format".into(), json!("int64"));
            n += 1;
        }
    });
    n
}

pub fn lenient_uuids(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if s.get("format").and_then(Value::as_str) == Some("uuid") {
            s.remove("format");
            n += 1;
        }
    });
    n
}
