//! Wire facts that hold for every answer of every version (Intercom's SDK
//! overlays, and what the live API sends), as passes.

use super::{for_each_answer_schema, json, Value};

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
