//! Passes over the request side of a spec: what the client sends must be
//! exactly what the caller set, and a union of request shapes must keep every
//! field it is given.
//!
//! Request-side schemas are the component schemas reachable from any
//! operation's parameters or request body (whether or not answers use them
//! too), and the inline schemas of parameters and request bodies.

use super::walk::{directions, for_each_operation, reachable, resolve, walk_schema};
use serde_json::{Map, Value};

/// Calls `f` on every request-side schema, outermost first.
pub fn for_each_request_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let (requests, _) = directions(doc);
    let request_side = reachable(doc, &requests.iter().collect::<Vec<_>>());
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if request_side.contains(name) {
                walk_schema(schema, f);
            }
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
        if let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        {
            for media in content.values_mut() {
                if let Some(s) = media.get_mut("schema") {
                    walk_schema(s, f);
                }
            }
        }
    });
}

/// `default:` in a request schema documents what the *server* does when a
/// field is absent. typify turns it into a value the builder and serde fill
/// in, which is then sent: an update would reset fields the caller never
/// touched. The keyword is removed (the field becomes optional and is only
/// sent when set) and its value is kept in the field's documentation.
pub fn request_defaults(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_request_schema(doc, &mut |s| {
        let Some(default) = s.remove("default") else {
            return;
        };
        n += 1;
        let note = format!(
            "When not sent, Intercom uses `{}`.",
            serde_json::to_string(&default).unwrap_or_default()
        );
        let text = match s.get("description").and_then(Value::as_str) {
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{note}", d.trim_end()),
            _ => note,
        };
        s.insert("description".into(), Value::String(text));
    });
    n
}

/// How specific an alternative of a union is (after `$ref`, with `allOf`
/// members): how many fields it requires, then how many it declares.
fn specificity(doc: &Value, alt: &Value) -> (usize, usize) {
    let resolved = resolve(doc, alt);
    let count = |key: &str| {
        resolved.get(key).map_or(0, |v| match v {
            Value::Object(m) => m.len(),
            Value::Array(l) => l.len(),
            _ => 0,
        })
    };
    resolved
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|m| specificity(doc, m))
        .fold((count("required"), count("properties")), |a, b| {
            (a.0 + b.0, a.1 + b.1)
        })
}

/// An untagged union is decoded by trying its alternatives in order, so a
/// poorer alternative listed first (`{name}` before `{name, companies}`)
/// swallows a richer value and drops its extra fields when the body is built
/// from JSON. serde takes the first alternative whose *required* fields are
/// present, so in request unions the alternatives that require the most
/// fields come first, then those that declare the most (stable: equal ones
/// keep the spec's order). Returns how many unions were reordered.
pub fn specific_alternatives_first(doc: &mut Value) -> usize {
    let snapshot = doc.clone();
    let mut n = 0;
    for_each_request_schema(doc, &mut |s| {
        for key in ["oneOf", "anyOf"] {
            let Some(list) = s.get_mut(key).and_then(Value::as_array_mut) else {
                continue;
            };
            let counts: Vec<(usize, usize)> =
                list.iter().map(|a| specificity(&snapshot, a)).collect();
            let mut order: Vec<usize> = (0..list.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse(counts[i]));
            if order.iter().enumerate().any(|(i, &j)| i != j) {
                let old = std::mem::take(list);
                *list = order.into_iter().map(|i| old[i].clone()).collect();
                n += 1;
            }
        }
    });
    n
}

/// `additionalProperties: false` on every object schema in `s` that
/// declares properties and says nothing about others.
fn close(s: &mut Value) -> usize {
    let mut n = 0;
    walk_schema(s, &mut |o| {
        if o.contains_key("properties") && !o.contains_key("additionalProperties") {
            o.insert("additionalProperties".into(), Value::Bool(false));
            n += 1;
        }
    });
    n
}

/// Ordering cannot tell apart alternatives that differ only deeper down
/// (tagging companies vs untagging them: `companies[].untag`). Each
/// alternative of a request union, and what it contains, refuses fields it
/// does not declare (`deny_unknown_fields`), so serde moves on to the one
/// that declares them. Components that answers also use are left open:
/// answers must keep decoding fields Intercom adds, and so are unions with
/// properties beside them (typify merges those into every alternative).
/// Returns how many object
/// schemas were closed.
pub fn closed_request_alternatives(doc: &mut Value) -> usize {
    let (_, answers) = directions(doc);
    let answer_side = reachable(doc, &answers.iter().collect::<Vec<_>>());
    let mut n = 0;
    let mut alternatives = Vec::new();
    for_each_request_schema(doc, &mut |s| {
        // Properties beside the union are merged into each alternative by
        // typify: closing an alternative would refuse them.
        if s.contains_key("properties") {
            return;
        }
        for key in ["oneOf", "anyOf"] {
            let Some(list) = s.get_mut(key).and_then(Value::as_array_mut) else {
                continue;
            };
            if list.len() < 2 {
                continue;
            }
            for alt in list.iter_mut() {
                n += close(alt);
                alternatives.push(alt.clone());
            }
        }
    });
    // The components those alternatives name, transitively.
    let named = reachable(doc, &alternatives.iter().collect::<Vec<_>>());
    for name in named.difference(&answer_side) {
        if let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
            n += close(schema);
        }
    }
    n
}
