//! Does this crate decode what Intercom really sends? Tools to check captured
//! answers (and the specs' own examples) against the generated types.
//!
//! The repository's [`conformance` example](https://github.com/intercom-api-rs/intercom-api/blob/main/examples/conformance.rs)
//! runs [`check_line`] over a JSON Lines file of captured traffic, and this
//! crate's tests run [`decode_answer`] over every response example of every
//! spec. The [forward compatibility guide](crate::guide::forward_compat)
//! says how to check your own traffic.

#[doc(inline)]
pub use intercom_api_runtime::conformance::{decode, match_operation, Decoder, Failure, Verdict};
use serde_json::Value;

/// The operations and answer decoder of a compiled version, e.g. `"2.14"`.
pub fn version(version: &str) -> Option<(&'static [crate::Operation], Decoder)> {
    crate::DECODERS
        .iter()
        .find(|(v, _, _)| *v == version)
        .map(|&(_, ops, decode)| (ops, decode))
}

/// Decodes an answer of `version` to `method` `path` with `status`.
pub fn decode_answer(version: &str, method: &str, path: &str, status: u16, body: &[u8]) -> Verdict {
    let Some((ops, decoder)) = self::version(version) else {
        return Verdict::Unmatched(format!("version {version} is not compiled in"));
    };
    let Some(op) = match_operation(ops, method, path) else {
        return Verdict::Unmatched(format!("no operation {method} {path}"));
    };
    match decoder(op.name, status, body) {
        None => Verdict::Unmatched(format!(
            "{} declares no answer for status {status}",
            op.name
        )),
        Some(Ok(())) => Verdict::Passed(op.name),
        Some(Err(f)) => Verdict::Failed(op.name, f),
    }
}

/// Checks one JSON Lines record:
/// `{"version": "2.14", "method": "GET", "path": "/contacts/1", "status": 200, "body": {...}}`.
pub fn check_line(line: &str) -> Verdict {
    let rec: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Verdict::Unmatched(format!("not a JSON record: {e}")),
    };
    let field = |k: &str| {
        rec.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let status = rec.get("status").and_then(Value::as_u64).unwrap_or(0) as u16;
    let body = serde_json::to_vec(rec.get("body").unwrap_or(&Value::Null)).unwrap_or_default();
    decode_answer(
        &field("version"),
        &field("method"),
        &field("path"),
        status,
        &body,
    )
}
