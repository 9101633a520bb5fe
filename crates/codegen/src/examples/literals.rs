//! Literals of the examples: grouped digits, fallback values after a
//! field's name, JSON as `serde_json::json!` tokens.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

/// `1700000000` → `1_700_000_000`.
pub fn group_digits(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
}

/// Text for a field without a usable example, after its name.
pub fn fallback_text(field: &str) -> String {
    let f = field.trim_end_matches('_');
    if f == "id" || f.ends_with("_id") || f.ends_with("_ids") {
        "123".into()
    } else if f.contains("email") {
        "jane@example.com".into()
    } else if f.contains("url") {
        "https://example.com".into()
    } else {
        "example".into()
    }
}

/// A number for a field without a usable example: a timestamp for `…_at`.
pub fn fallback_number(field: &str) -> i64 {
    if field.ends_with("_at") || field.contains("time") || field.starts_with("created") {
        1_700_000_000
    } else {
        1
    }
}

/// `serde_json::json!(…)` of a JSON value (`wrap`), built as tokens.
pub fn json(v: &Value, wrap: bool) -> TokenStream {
    let inner = match v {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Literal::i64_unsuffixed(i).into_token_stream(),
            (None, Some(f)) => Literal::f64_unsuffixed(f).into_token_stream(),
            _ => quote!(null),
        },
        Value::String(s) => Literal::string(s).into_token_stream(),
        Value::Array(a) => {
            let items = a.iter().map(|i| json(i, false));
            quote!([#(#items),*])
        }
        Value::Object(o) => {
            let items = o.iter().map(|(k, v)| {
                let (k, v) = (Literal::string(k), json(v, false));
                quote!(#k: #v)
            });
            quote!({#(#items),*})
        }
    };
    if wrap {
        quote!(serde_json::json!(#inner))
    } else {
        inner
    }
}
