//! Inline alternatives of a request body's `oneOf` become named components,
//! so that each gets a name a user can guess and document, and a builder
//! (typify names inline alternatives `Variant0`, `Variant1`, as struct
//! variants without builders).

use serde_json::{json, Map, Value};

/// Every request body component whose `oneOf` alternatives are all inline
/// objects: each alternative becomes the component `<body>_<suffix>`, with
/// the body's own properties and requirements merged in, and the body a
/// `oneOf` of references to them. The suffix is, in this order: the value
/// of a one-value enum property each alternative has its own of
/// (`conversation_part`, `source`); `with_<p>` for a required property
/// only that alternative has, and `without_<p>` for the one alternative
/// left (`with_options`, `without_options`); else `variant<i>`.
pub fn name_body_alternatives(doc: &mut Value) -> usize {
    let mut bodies: Vec<String> = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for item in paths.values().filter_map(Value::as_object) {
            for op in item.values() {
                let content = &op["requestBody"]["content"];
                for media in content.as_object().into_iter().flat_map(|c| c.values()) {
                    if let Some(r) = media["schema"]["$ref"].as_str() {
                        if let Some(name) = r.strip_prefix("#/components/schemas/") {
                            bodies.push(name.to_string());
                        }
                    }
                }
            }
        }
    }
    bodies.sort();
    bodies.dedup();
    let mut n = 0;
    for body in bodies {
        let Some(schema) = doc["components"]["schemas"].get(&body).cloned() else {
            continue;
        };
        let Some(alternatives) = schema["oneOf"].as_array() else {
            continue;
        };
        let inline = alternatives.iter().all(|a| {
            a.as_object().is_some_and(|o| {
                ["$ref", "oneOf", "anyOf", "allOf"]
                    .iter()
                    .all(|k| !o.contains_key(*k))
            })
        });
        if alternatives.len() < 2 || !inline {
            continue;
        }
        let suffixes = suffixes(alternatives);
        let mut refs = Vec::new();
        for (alt, suffix) in alternatives.iter().zip(&suffixes) {
            let name = format!("{body}_{suffix}");
            let merged = merge(&schema, alt);
            doc["components"]["schemas"][&name] = merged;
            refs.push(json!({"$ref": format!("#/components/schemas/{name}")}));
            n += 1;
        }
        let mut replaced = Map::new();
        if let Some(d) = schema.get("description") {
            replaced.insert("description".into(), d.clone());
        }
        replaced.insert("oneOf".into(), Value::Array(refs));
        doc["components"]["schemas"][&body] = Value::Object(replaced);
    }
    n
}

/// The alternative `alt` of `base` as one object schema.
fn merge(base: &Value, alt: &Value) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    let description = alt.get("description").or_else(|| base.get("description"));
    if let Some(d) = description.filter(|d| d.as_str().is_some_and(|s| !s.is_empty())) {
        out.insert("description".into(), d.clone());
    }
    let mut properties = base["properties"].as_object().cloned().unwrap_or_default();
    for (k, v) in alt["properties"].as_object().into_iter().flatten() {
        let mut v = v.clone();
        // `{"enum": ["options"]}` alone: text.
        if v.get("type").is_none()
            && v["enum"]
                .as_array()
                .is_some_and(|e| e.iter().all(Value::is_string))
        {
            v["type"] = json!("string");
        }
        properties.insert(k.clone(), v);
    }
    out.insert("properties".into(), Value::Object(properties));
    let mut required: Vec<Value> = Vec::new();
    for r in [&base["required"], &alt["required"]] {
        for name in r.as_array().into_iter().flatten() {
            if !required.contains(name) {
                required.push(name.clone());
            }
        }
    }
    if !required.is_empty() {
        out.insert("required".into(), Value::Array(required));
    }
    if let Some(a) = alt.get("additionalProperties") {
        out.insert("additionalProperties".into(), a.clone());
    }
    Value::Object(out)
}

/// Each alternative's name suffix (see [`name_body_alternatives`]).
fn suffixes(alternatives: &[Value]) -> Vec<String> {
    // A one-value enum property, the same property in every alternative.
    let tag = |a: &Value, p: &str| -> Option<String> {
        let e = a["properties"][p]["enum"].as_array()?;
        match &e[..] {
            [one] => one.as_str().map(str::to_string),
            _ => None,
        }
    };
    let first = alternatives[0]["properties"].as_object();
    for p in first.into_iter().flat_map(|m| m.keys()) {
        let tags: Option<Vec<String>> = alternatives.iter().map(|a| tag(a, p)).collect();
        if let Some(tags) = tags {
            let mut unique = tags.clone();
            unique.sort();
            unique.dedup();
            if unique.len() == tags.len() {
                return tags;
            }
        }
    }
    // A required property no other alternative requires.
    let required = |a: &Value| -> Vec<String> {
        a["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let own: Vec<Option<String>> = alternatives
        .iter()
        .enumerate()
        .map(|(i, a)| {
            required(a).into_iter().find(|p| {
                alternatives
                    .iter()
                    .enumerate()
                    .all(|(j, b)| j == i || !required(b).contains(p))
            })
        })
        .collect();
    let left = own.iter().filter(|o| o.is_none()).count();
    if left <= 1 {
        let others: Vec<&str> = own.iter().flatten().map(String::as_str).collect();
        return own
            .iter()
            .map(|o| match o {
                Some(p) => format!("with_{p}"),
                None => format!("without_{}", others.join("_and_")),
            })
            .collect();
    }
    (0..alternatives.len())
        .map(|i| format!("variant{i}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: Value) -> Value {
        json!({
            "paths": {"/x": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/body"}}}}}}},
            "components": {"schemas": {"body": body}}
        })
    }

    #[test]
    fn tagged_alternatives_are_named_by_their_tag() {
        let mut d = doc(json!({"oneOf": [
            {"properties": {"type": {"type": "string", "enum": ["part"]}, "part_id": {"type": "string"}}, "required": ["type", "part_id"]},
            {"properties": {"type": {"type": "string", "enum": ["source"]}, "source_id": {"type": "string"}}, "required": ["type"]}
        ]}));
        assert_eq!(name_body_alternatives(&mut d), 2);
        let s = &d["components"]["schemas"];
        assert_eq!(
            s["body"]["oneOf"],
            json!([{"$ref": "#/components/schemas/body_part"}, {"$ref": "#/components/schemas/body_source"}])
        );
        assert_eq!(s["body_part"]["required"], json!(["type", "part_id"]));
        assert_eq!(name_body_alternatives(&mut d), 0, "named alternatives stay");
    }

    #[test]
    fn alternatives_told_apart_by_a_required_field_are_with_and_without_it() {
        let mut d = doc(json!({
            "type": "object",
            "properties": {"name": {"type": "string"}},
            "required": ["name"],
            "oneOf": [
                {"properties": {"data_type": {"enum": ["options"]}, "options": {"type": "array"}}, "required": ["options"]},
                {"properties": {"data_type": {"enum": ["string", "integer"]}}}
            ]
        }));
        assert_eq!(name_body_alternatives(&mut d), 2);
        let s = &d["components"]["schemas"];
        let with = &s["body_with_options"];
        assert_eq!(with["required"], json!(["name", "options"]));
        assert_eq!(with["properties"]["name"], json!({"type": "string"}));
        assert_eq!(with["properties"]["data_type"]["type"], "string");
        assert!(s["body_without_options"]["properties"]["data_type"].is_object());
    }
}
