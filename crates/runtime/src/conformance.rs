//! Does this crate decode what Intercom really sends? Tools to check captured
//! answers (and the specs' own examples) against the generated types.
//!
//! `intercom_api::conformance::check_line` checks a line of captured traffic
//! and `decode_answer` an answer of any compiled version; both are in the
//! facade, which knows the compiled versions; this half is theirs to share.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// Why an answer did not decode, or what decoding lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// JSON path, e.g. `$.data[3].avatar` (`$` for the whole body).
    pub path: String,
    /// What went wrong.
    pub reason: String,
}

/// The answer decoder of one API version: `(operation name, status, body)`.
pub type Decoder = fn(&str, u16, &[u8]) -> Option<Result<(), Failure>>;

/// Decodes `body` into `T`, then checks that nothing was lost: every
/// non-null value of the body must come back when `T` is serialized again.
pub fn decode<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<(), Failure> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let typed: T = serde_path_to_error::deserialize(&mut de).map_err(|e| Failure {
        path: format!("${}", display_path(e.path())),
        reason: e.inner().to_string(),
    })?;
    de.end().map_err(|e| Failure {
        path: "$".into(),
        reason: e.to_string(),
    })?;
    let original: Value = serde_json::from_slice(body).map_err(|e| Failure {
        path: "$".into(),
        reason: e.to_string(),
    })?;
    let again = serde_json::to_value(&typed).map_err(|e| Failure {
        path: "$".into(),
        reason: format!("cannot re-encode: {e}"),
    })?;
    match lost(&original, &again, "$") {
        Some(path) => Err(Failure {
            path,
            reason: "decoded, but this value was lost (the type has no place for it)".into(),
        }),
        None => Ok(()),
    }
}

fn display_path(p: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut s = String::new();
    for seg in p.iter() {
        match seg {
            Segment::Seq { index } => s.push_str(&format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                crate::error::push_key(&mut s, key)
            }
            Segment::Unknown => s.push_str(".?"),
        }
    }
    s
}

fn key_path(at: &str, key: &str) -> String {
    let mut path = at.to_string();
    crate::error::push_key(&mut path, key);
    path
}

/// The first path whose non-null value in `original` is missing or different in `again`.
fn lost(original: &Value, again: &Value, at: &str) -> Option<String> {
    match (original, again) {
        (Value::Null, _) => None,
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(k, v)| match b.get(k) {
            Some(w) => lost(v, w, &key_path(at, k)),
            None if empty(v) => None,
            None => Some(key_path(at, k)),
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| lost(v, w, &format!("{at}[{i}]"))),
        (Value::Number(a), Value::Number(b)) => (a.as_f64() != b.as_f64()).then(|| at.to_string()),
        // A value kept in another shape (e.g. an untagged enum) still counts as kept when equal.
        (a, b) => (a != b).then(|| at.to_string()),
    }
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.iter().all(empty) && a.is_empty(),
        Value::Object(o) => o.values().all(empty),
        _ => false,
    }
}

/// The operation whose path template matches `path` (query ignored), the most
/// literal match first (`/contacts/search` before `/contacts/{id}`).
pub fn match_operation<'a>(
    ops: &'a [crate::Operation],
    method: &str,
    path: &str,
) -> Option<&'a crate::Operation> {
    crate::route::match_operation(ops, method, path)
}

/// What `intercom_api::conformance::decode_answer` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Decoded, nothing lost.
    Passed(&'static str),
    /// Did not decode, or lost a value.
    Failed(&'static str, Failure),
    /// No operation (or no answer type) to check against.
    Unmatched(String),
}
