//! The mock Intercom's per-version parts (feature `mock`, the runtime's
//! `mock/`), emitted into the version's file only when the feature is on:
//!
//! - the data (`MOCK`'s JSON): per operation, read from the patched spec:
//!   its success status, its default answer (the spec's response example, or
//!   the least JSON its schema allows when it has none), how it paginates
//!   (`passes::paginated_operations`), its query parameters and request body;
//! - `__mock_validate`, which decodes a body of each operation into its
//!   request body type, so the mock checks bodies with the same types the
//!   client sends.

use crate::generate::OperationInfo;
use crate::passes;
use serde_json::{json, Map, Value};

/// Both parts for one version: the data (JSON text) and the validator.
pub fn parts(
    file: &syn::File,
    ops: &[OperationInfo],
    doc: &Value,
) -> Result<(String, proc_macro2::TokenStream), String> {
    Ok((tables(ops, doc)?, validator(file, ops)))
}

/// `{"operations": [...]}`, one entry per operation, in the order of `ops`.
fn tables(ops: &[OperationInfo], doc: &Value) -> Result<String, String> {
    let paginated = passes::paginated_operations(doc);
    let mut rows = Vec::new();
    for o in ops {
        let op = doc
            .pointer(&passes::operation_pointer(&o.path, &o.method))
            .ok_or_else(|| format!("mock: {} {} is not in the spec", o.method, o.path))?;
        let pages = paginated
            .iter()
            .find(|p| p.method.eq_ignore_ascii_case(&o.method) && p.path == o.path)
            .map(|p| json!({"kind": p.kind.name(), "items": p.items}));
        let (status, answer, example) = answer(doc, op);
        rows.push(json!({
            "name": o.fn_name,
            "status": status,
            "answer": answer,
            "example": example,
            "pages": pages,
            "query": query_params(doc, op),
            "body": body_kind(op),
        }));
    }
    serde_json::to_string(&json!({ "operations": rows })).map_err(|e| e.to_string())
}

/// The success status, the default answer, and where its example came from
/// (`spec`, `schema`: the least JSON the schema allows, or `none`).
fn answer(doc: &Value, op: &Value) -> (u16, Value, &'static str) {
    let responses = op.get("responses").and_then(Value::as_object);
    let mut codes: Vec<(u16, &Value)> = responses
        .into_iter()
        .flatten()
        .filter_map(|(s, r)| Some((s.parse().ok()?, r)))
        .collect();
    codes.sort_by_key(|(s, _)| *s);
    let success = codes.iter().find(|(s, _)| (200..300).contains(s));
    let Some(&(status, response)) = success else {
        // No success answer: a redirect (2.14's call recording) is followed
        // to the mock's own stand-in for the signed URL.
        return match codes.iter().find(|(s, _)| (300..400).contains(s)) {
            Some(&(status, _)) => (status, json!("redirect"), "none"),
            None => (200, json!("empty"), "none"),
        };
    };
    let content = response.get("content").and_then(Value::as_object);
    let Some(content) = content.filter(|c| !c.is_empty()) else {
        return (status, json!("empty"), "none");
    };
    if let Some(media) = content.get("application/json") {
        return match example_of(media) {
            Some(v) => (status, json!({ "json": v }), "spec"),
            None => {
                let schema = media.get("schema").unwrap_or(&Value::Null);
                (status, json!({ "json": least(doc, schema, 0) }), "schema")
            }
        };
    }
    // Another media type (a transcript as text): its example as text.
    let (content_type, media) = content.iter().next().expect("not empty");
    let body = match example_of(media) {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let source = if body.is_empty() { "none" } else { "spec" };
    (
        status,
        json!({ "text": { "content_type": content_type, "body": body } }),
        source,
    )
}

/// The media's `example`, else its first named example (the places
/// `tests/it/examples.rs` looks).
fn example_of(media: &Value) -> Option<Value> {
    media.get("example").cloned().or_else(|| {
        media
            .get("examples")
            .and_then(Value::as_object)
            .and_then(|e| e.values().find_map(|x| x.get("value").cloned()))
    })
}

/// The least JSON a schema allows: its example if it has one, else its
/// first enum value or alternative, else an object of its required
/// properties, an empty list, `""`, `0` or `false`.
fn least(doc: &Value, schema: &Value, depth: usize) -> Value {
    let s = passes::resolve(doc, schema);
    if depth > 12 {
        return Value::Null;
    }
    if let Some(e) = s.get("example") {
        return e.clone();
    }
    if let Some(e) = s.get("enum").and_then(|e| e.get(0)) {
        return e.clone();
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(first) = s.get(key).and_then(|a| a.get(0)) {
            return least(doc, first, depth + 1);
        }
    }
    let ty = s.get("type").and_then(Value::as_str);
    if ty == Some("object") || s.get("properties").is_some() {
        let mut out = Map::new();
        let required = s.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            if let Some(p) = s.pointer(&format!("/properties/{name}")) {
                out.insert(name.to_string(), least(doc, p, depth + 1));
            }
        }
        return Value::Object(out);
    }
    match ty {
        Some("array") => json!([]),
        Some("string") => json!(""),
        Some("integer" | "number") => json!(0),
        Some("boolean") => json!(false),
        _ => json!({}),
    }
}

/// `[{name, required, type}]` of the operation's query parameters.
fn query_params(doc: &Value, op: &Value) -> Vec<Value> {
    let params = op.get("parameters").and_then(Value::as_array);
    params
        .into_iter()
        .flatten()
        .map(|p| passes::resolve(doc, p))
        .filter(|p| p["in"] == "query")
        .map(|p| {
            let schema = passes::resolve(doc, &p["schema"]);
            let ty = schema
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("string");
            json!({"name": p["name"], "required": p["required"] == true, "type": ty})
        })
        .collect()
}

/// `none`, `json`, `json_optional`, or `other` (a form, raw bytes).
fn body_kind(op: &Value) -> &'static str {
    let Some(body) = op.get("requestBody") else {
        return "none";
    };
    match body.pointer("/content/application~1json") {
        Some(_) if body["required"] == true => "json",
        Some(_) => "json_optional",
        None => "other",
    }
}

/// `fn __mock_validate(name, body)`: decodes the body of each operation
/// whose body is a JSON type into that type (the body setter's
/// type as the generated builder takes it).
fn validator(file: &syn::File, ops: &[OperationInfo]) -> proc_macro2::TokenStream {
    use quote::quote;
    let builders = crate::syntax::builder_fields(file);
    let rows = ops.iter().filter_map(|o| {
        let (_, ty) = builders
            .get(&o.builder)?
            .iter()
            .find(|(n, _)| n == "body")?;
        let ty = body_type(ty)?;
        let name = &o.fn_name;
        Some(quote!(#name => Some(::intercom_api_mock::decode_body::<#ty>(body)),))
    });
    quote! {
        /// Decodes a request body of operation `name` into its request type.
        fn __mock_validate(name: &str, body: &[u8]) -> Option<Result<(), String>> {
            match name {
                #(#rows)*
                _ => None,
            }
        }
    }
}

/// `Result<types::builder::X, String>` → `types::X`; `Result<T, String>` →
/// `T`; a raw body (`reqwest::Body`) → none.
fn body_type(ty: &syn::Type) -> Option<proc_macro2::TokenStream> {
    use quote::{quote, ToTokens};
    let inner = crate::syntax::unwrap(ty, "Result")?;
    let syn::Type::Path(p) = inner else {
        return Some(inner.to_token_stream());
    };
    let segs = &p.path.segments;
    if segs.last()?.ident == "Body" {
        return None;
    }
    if segs.len() == 3 && segs[0].ident == "types" && segs[1].ident == "builder" {
        let x = &segs[2].ident;
        return Some(quote!(types::#x));
    }
    Some(inner.to_token_stream())
}
