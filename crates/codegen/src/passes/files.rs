//! Which answers are files, and how they come back.
//!
//! **The rule.** An operation answers a *file* when one of these holds:
//!
//! 1. a success answer declares a media type that is not JSON or text
//!    (`application/octet-stream`, `application/gzip`, `text/csv`, `application/zip`,
//!    `application/pdf`, …), or a string schema with `format: binary`;
//! 2. it declares an `Accept` header parameter whose only value is such a
//!    type (`GET /download/reporting_data/{job_identifier}`);
//! 3. its description says the header `Accept: application/octet-stream`
//!    is required (`GET /download/content/data/{job_identifier}`, whose
//!    answer the spec leaves without content: "a gzipped CSV").
//!
//! Such an answer becomes `application/octet-stream` bytes (progenitor's
//! `ByteStream`), the operation is marked `x-intercom-stream` (the runtime
//! then does not buffer the body, no per-attempt timeout cuts it and
//! nothing is retried after its first byte), and where it declares no
//! `Accept` parameter one is added, with that one value, which the builder
//! fills in. An answer whose only media type is `text/plain` is *text*
//! (`GET /calls/{id}/transcript`): marked `x-intercom-text`.

use super::walk::for_each_operation;
use serde_json::{json, Map, Value};

const OCTET: &str = "application/octet-stream";

/// Whether `media` names a file type (not JSON, not plain text).
fn is_file_type(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    !(m.is_empty()
        || m == "application/json"
        || m.ends_with("+json")
        || m == "text/plain"
        || m == "*/*")
}

/// Whether the description requires `Accept: application/octet-stream`.
fn prose_requires_octet(op: &Map<String, Value>) -> bool {
    let text = op
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('`', "")
        .to_ascii_lowercase();
    text.contains("accept: application/octet-stream")
}

/// The `Accept` header parameter and the file types it allows, if any.
fn accept_param(op: &Map<String, Value>) -> Option<Vec<String>> {
    let params = op.get("parameters")?.as_array()?;
    let accept = params.iter().find(|p| {
        p["in"] == "header"
            && p["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("accept"))
    })?;
    let values = accept
        .pointer("/schema/enum")
        .and_then(Value::as_array)
        .map(|e| {
            e.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    Some(values)
}

fn success_answers(op: &mut Map<String, Value>) -> Vec<&mut Map<String, Value>> {
    op.get_mut("responses")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|r| r.iter_mut())
        .filter(|(status, _)| status.starts_with('2'))
        .filter_map(|(_, r)| r.as_object_mut())
        .collect()
}

/// The pass: file answers become streamed bytes with their `Accept`; text
/// answers are marked. Returns how many operations it changed.
pub fn file_answers(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |_, _, op| {
        if op.contains_key("x-intercom-stream") || op.contains_key("x-intercom-text") {
            return;
        }
        let declared = success_answers(op).iter().any(|r| {
            r.get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| {
                    c.iter().any(|(media, m)| {
                        is_file_type(media) || m.pointer("/schema/format") == Some(&json!("binary"))
                    })
                })
        });
        let accept = accept_param(op);
        let by_accept = accept
            .as_ref()
            .is_some_and(|v| !v.is_empty() && v.iter().all(|m| is_file_type(m)));
        if declared || by_accept || prose_requires_octet(op) {
            for r in success_answers(op) {
                r.insert(
                    "content".into(),
                    json!({ OCTET: {"schema": {"type": "string", "format": "binary"}} }),
                );
            }
            if accept.is_none() {
                let params = op
                    .entry("parameters")
                    .or_insert_with(|| json!([]))
                    .as_array_mut();
                if let Some(params) = params {
                    params.push(json!({
                        "name": "Accept", "in": "header", "required": true,
                        "description": "The file's type: Intercom requires it (filled in).",
                        "schema": {"type": "string", "enum": [OCTET]}
                    }));
                }
            }
            op.insert("x-intercom-stream".into(), Value::Bool(true));
            n += 1;
            return;
        }
        let text = success_answers(op).iter().any(|r| {
            r.get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| !c.is_empty() && c.keys().all(|m| m.starts_with("text/plain")))
        });
        if text {
            op.insert("x-intercom-text".into(), Value::Bool(true));
            n += 1;
        }
    });
    n
}
