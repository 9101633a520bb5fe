//! Wire facts that hold for every answer of every version (Intercom's SDK
//! overlays, and what the live API sends), as passes.

use super::walk::{for_each_answer_schema, for_each_schema, is_scalar_schema};
use serde_json::{json, Map, Value};

/// The `x-rust-type` that makes a schema the hand-written `intercom_api::Avatar`.
fn avatar_type() -> Value {
    json!({
        "x-rust-type": {"crate": "intercom-api", "version": "*", "path": "intercom_api::Avatar"},
        "nullable": true,
        "description": "The avatar: an image URL, or an object with `image_url` (the live API sends either, whatever the spec says)."
    })
}

/// Every answer-side `avatar` property decodes from either shape Intercom
/// sends: a plain URL (contacts, in lists and alone) or an object with
/// `image_url` (admins, teammates, visitors), whatever one spec says at one
/// place. Returns how many properties it replaced.
pub fn avatars_either_shape(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let Some(avatar) = s
            .get_mut("properties")
            .and_then(Value::as_object_mut)
            .and_then(|p| p.get_mut("avatar"))
        else {
            return;
        };
        let shape = avatar.get("type").and_then(Value::as_str);
        if avatar.get("x-rust-type").is_none() && matches!(shape, Some("string" | "object")) {
            *avatar = avatar_type();
            n += 1;
        }
    });
    n
}

/// Every answer-side paging `next` that the spec types as the cursor object
/// (`starting_after_paging`, or an object with `starting_after`) decodes from
/// either shape Intercom sends: that object (cursor lists) or the next
/// page's URL (page-numbered lists, Intercom's classic paging), as the
/// hand-written `intercom_api::PagesNext`. Returns how many it replaced.
pub fn paging_next_either_shape(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let Some(next) = s
            .get_mut("properties")
            .and_then(Value::as_object_mut)
            .and_then(|p| p.get_mut("next"))
        else {
            return;
        };
        let by_ref = next
            .get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|r| r == "#/components/schemas/starting_after_paging");
        let inline = next.get("type").and_then(Value::as_str) == Some("object")
            && next.pointer("/properties/starting_after").is_some();
        if by_ref || inline {
            *next = json!({
                "x-rust-type": {"crate": "intercom-api", "version": "*", "path": "intercom_api::PagesNext"},
                "nullable": true,
                "description": "Where the next page is: a cursor object (`starting_after`) on cursor lists, the next page's URL on page-numbered lists (the live API sends either)."
            });
            n += 1;
        }
    });
    n
}

/// Answer-side numbers declared `format: float` (percentages, rates) become
/// `f64`: typify makes `f32` of them, which cannot hold what Intercom sends
/// (`33.33333333333333` came back as `33.333332`), so the value was lost.
/// Requests keep their declared type. Returns how many schemas changed.
pub fn answer_floats_as_f64(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let is_number = s.get("type").and_then(Value::as_str) == Some("number");
        if is_number && s.get("format").and_then(Value::as_str) == Some("float") {
            s.insert("format".into(), json!("double"));
            n += 1;
        }
    });
    n
}

/// Dates written as text in answers (`format: date-time` / `date`, ISO 8601:
/// 2.16's macros) stay text: typed, a value in a form the parser does not
/// expect (no zone, another precision) would fail the whole answer, and
/// re-encoding would not give back what Intercom sent (`.000Z`). Requests
/// keep their typed dates. Returns how many schemas changed.
pub fn text_dates(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let is_text = s.get("type").and_then(Value::as_str) == Some("string");
        let format = s.get("format").and_then(Value::as_str);
        if is_text && matches!(format, Some("date-time" | "date")) {
            s.remove("format");
            n += 1;
        }
    });
    n
}

/// The forward-compatibility rule for one answer-side schema: fields the spec
/// calls required may be missing (but `type` and `id`), lists, maps and
/// defaulted fields may be `null`, and fields the spec does not know are kept
/// in a map (`extra`).
pub fn loosen(s: &mut Map<String, Value>) -> usize {
    let mut n = 0;
    if let Some(req) = s.get_mut("required").and_then(Value::as_array_mut) {
        let before = req.len();
        req.retain(|r| r == "type" || r == "id");
        n += before - req.len();
        if req.is_empty() {
            s.remove("required");
        }
    }
    if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            let Some(p) = p.as_object_mut() else { continue };
            if p.contains_key("$ref") {
                continue;
            }
            let list_or_map = matches!(p.get("type").and_then(Value::as_str), Some("array"))
                || (p.get("type").and_then(Value::as_str) == Some("object")
                    && !p.contains_key("properties"));
            if p.remove("default").is_some() {
                n += 1;
            }
            if list_or_map && p.get("nullable") != Some(&Value::Bool(true)) {
                p.insert("nullable".into(), Value::Bool(true));
                n += 1;
            }
        }
        let open = matches!(
            s.get("additionalProperties"),
            None | Some(Value::Bool(true))
        );
        if open {
            s.insert("additionalProperties".into(), json!({}));
            n += 1;
        }
    }
    n
}

pub fn lenient_answers(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| n += loosen(s));
    n
}

/// Answer-side identifiers (`id`, `*_id`) decode from a string or a number:
/// Intercom sends ids as strings where its spec says integer and the reverse
/// (admin ids, conversation part ids). They become `intercom_api::Id`.
pub fn flexible_ids(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (name, p) in props.iter_mut() {
            let Some(p) = p.as_object_mut() else { continue };
            // Lists of ids (`team_ids`, `admin_ids`): their items.
            let p = if name.ends_with("_ids")
                && p.get("type").and_then(Value::as_str) == Some("array")
            {
                match p.get_mut("items").and_then(Value::as_object_mut) {
                    Some(items) => items,
                    None => continue,
                }
            } else if name == "id" || name.ends_with("_id") {
                p
            } else {
                continue;
            };
            let scalar = matches!(
                p.get("type").and_then(Value::as_str),
                Some("string" | "integer")
            );
            if scalar && !p.contains_key("enum") && !p.contains_key("x-rust-type") {
                p.insert(
                    "x-rust-type".into(),
                    json!({"crate": "intercom-api", "version": "*", "path": "intercom_api::Id"}),
                );
                n += 1;
            }
        }
    });
    n
}

pub fn free_form_custom_attributes(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        let Some(ca) = s
            .get_mut("properties")
            .and_then(|p| p.get_mut("custom_attributes"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if ca.get("additionalProperties").is_some_and(is_scalar_schema) {
            ca.insert("additionalProperties".into(), json!({}));
            n += 1;
        }
    });
    n
}

/// List answers the live API is reported to send as a bare array where a
/// description says Intercom's list wrapper, or the other way round:
/// `(method, path, item component)`. `GET /away_status_reasons`: the live
/// API answers the wrapper (Intercom-OpenAPI PR #558, intercom-node #520,
/// today's descriptions), older descriptions and SDK wire tests built from
/// them a bare array.
const EITHER_SHAPE_LISTS: &[(&str, &str, &str)] =
    &[("get", "/away_status_reasons", "away_status_reason")];

/// The 200 answer of each operation of [`EITHER_SHAPE_LISTS`] becomes the
/// hand-written `intercom_api::List<Item>`, which decodes the wrapper and a
/// bare array alike, whatever this description says the answer is. Returns
/// how many answers it replaced.
pub fn lists_either_shape(doc: &mut Value) -> usize {
    let mut n = 0;
    for (method, path, item) in EITHER_SHAPE_LISTS {
        if doc
            .pointer(&format!("/components/schemas/{item}"))
            .is_none()
        {
            continue;
        }
        let ptr = super::walk::operation_pointer(path, method)
            + "/responses/200/content/application~1json/schema";
        if let Some(schema) = doc.pointer_mut(&ptr) {
            if schema.pointer("/x-rust-type/path") == Some(&json!("intercom_api::List")) {
                continue;
            }
            let item = json!({"$ref": format!("#/components/schemas/{item}")});
            // The schema validators and mock servers read; the type is the
            // hand-written one.
            *schema = json!({
                "x-rust-type": {
                    "crate": "intercom-api", "version": "*", "path": "intercom_api::List",
                    "parameters": [item]
                },
                "description": "The list: Intercom's list wrapper or a bare array (the live API has been reported to send either).",
                "oneOf": [
                    // Already as lenient as `loosen` makes answers.
                    {"type": "object", "additionalProperties": {}, "properties": {
                        "type": {"type": "string"},
                        "data": {"type": "array", "nullable": true, "items": item}}},
                    {"type": "array", "items": item}
                ]
            });
            n += 1;
        }
    }
    n
}
