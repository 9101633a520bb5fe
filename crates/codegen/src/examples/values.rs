//! A value of a call's argument as the example writes it, decided on
//! typify's model (`Shape`), the spec's schema and its example: text and
//! string enums as `"…"`, numbers and booleans as literals, a nested object
//! through its type's `::builder()`, a map or free JSON through
//! `serde_json::json!`. Where the example is missing or does not fit the
//! type, a fallback (`"123"` for ids, `1_700_000_000` for timestamps, …).

use super::literals::group_digits;
pub use super::literals::{fallback_number, fallback_text, json};
use crate::model::{Shape, TypeModel};
use crate::passes::{resolve, snake_case};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};
use serde_json::Value;

/// Where a generated type's model lives (its version's or a shared home's).
pub type ModelOf<'a> = dyn Fn(&str) -> Option<&'a TypeModel> + 'a;

/// What the values are decided on.
pub struct Ctx<'a> {
    pub doc: &'a Value,
    pub model_of: &'a ModelOf<'a>,
}

impl Ctx<'_> {
    pub(super) fn model(&self, name: &str) -> Option<&TypeModel> {
        (self.model_of)(name)
    }

    /// Whether a list of `name` takes plain ids.
    pub(super) fn takes_ids(&self, name: &str) -> bool {
        self.model(name).is_some_and(|m| m.ids.contains(name))
    }

    /// Whether `name` is a struct (it has a builder).
    pub(super) fn is_struct(&self, name: &str) -> bool {
        self.model(name)
            .is_some_and(|m| m.fields.contains_key(name))
    }

    /// Whether `name` is a one-value enum (a tag: the builder fills it in).
    pub fn is_tag(&self, name: &str) -> bool {
        self.model(name).is_some_and(|m| m.tags.contains_key(name))
    }

    /// `shape` with the types it names by path that are generated types (a
    /// type shared with other versions, named in its home) named.
    pub(super) fn normal(&self, shape: &Shape) -> Shape {
        match shape {
            Shape::Option(i) => Shape::Option(Box::new(self.normal(i))),
            Shape::Vec(i) => Shape::Vec(Box::new(self.normal(i))),
            Shape::Path(p) => {
                let last = p.rsplit("::").next().unwrap_or(p);
                match self.model(last) {
                    Some(_) => Shape::Named(last.to_string()),
                    None => shape.clone(),
                }
            }
            _ => shape.clone(),
        }
    }

    /// Whether an optional field's setter takes the example's scalar as
    /// written: a builtin, or a string enum (`&str`, checked).
    pub(super) fn takes_text(&self, shape: &Shape) -> bool {
        named(&self.normal(shape))
            .is_none_or(|n| self.model(n).is_some_and(|m| m.texts.contains_key(n)))
    }

    /// A value of `shape`, from the example `ex` where it fits, else from
    /// the schema (its example, its first enum value), else a fallback
    /// named after the field; `None` where no value can be written.
    pub fn value(
        &self,
        shape: &Shape,
        ex: Option<&Value>,
        schema: Option<&Value>,
        field: &str,
    ) -> Option<TokenStream> {
        let shape = &self.normal(shape);
        let schema = schema.map(|s| resolve(self.doc, s));
        let ex = ex.or_else(|| schema.and_then(|s| s.get("example")));
        // A text the schema limits to some values takes one of them.
        let listed = schema.and_then(|s| s["enum"].as_array());
        let ex = match listed {
            Some(values) if !ex.is_some_and(|e| values.contains(e)) => values.first().or(ex),
            _ => ex,
        };
        match shape {
            Shape::Option(inner) => self.value(inner, ex, schema, field),
            Shape::Vec(inner) => {
                // A list of objects would need each item converted: left out.
                if let Shape::Named(n) = &**inner {
                    if self.model(n).is_some_and(|m| m.fields.contains_key(n)) {
                        return None;
                    }
                }
                let first = ex.and_then(Value::as_array).and_then(|a| a.first());
                let items = schema.and_then(|s| s.get("items"));
                if let Shape::Named(n) = &**inner {
                    // A list of string enums holds their variants.
                    if let Some(variants) = self.model(n).and_then(|m| m.texts.get(n)) {
                        let v = self.named(n, first, items.map(|s| resolve(self.doc, s)))?;
                        let text = v.to_string();
                        let text = text.trim_matches('"');
                        let variant = variants
                            .iter()
                            .find(|x| snake_case(x) == snake_case(text))
                            .or(variants.first())?;
                        let (t, variant) = (format_ident!("{}", n), format_ident!("{}", variant));
                        return Some(quote!(vec![types::#t::#variant]));
                    }
                }
                let v = self.value(inner, first, items, field)?;
                // A list of text holds `String`s: `&str` does not convert.
                let text = matches!(&**inner, Shape::Other(_) | Shape::Path(_))
                    && v.to_string().starts_with('"');
                Some(if text {
                    quote!(vec![#v.to_string()])
                } else {
                    quote!(vec![#v])
                })
            }
            Shape::Path(p) => builtin(p, ex, field),
            Shape::Named(n) => self.named(n, ex, schema),
            Shape::Other(t) if t.to_string().contains("Map") => {
                Some(json(ex.unwrap_or(&Value::Null), true))
            }
            // Text (typify's `String`) and other builtins it names in full.
            Shape::Other(t) => builtin(&t.to_string().replace(' ', ""), ex, field),
        }
    }

    fn named(&self, n: &str, ex: Option<&Value>, schema: Option<&Value>) -> Option<TokenStream> {
        let m = self.model(n)?;
        if let Some(variants) = m.texts.get(n) {
            let listed: Vec<&str> = schema
                .and_then(|s| s["enum"].as_array())
                .map(|e| e.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fits = |v: &&str| {
                if listed.is_empty() {
                    variants.iter().any(|x| snake_case(x) == snake_case(v))
                } else {
                    listed.contains(v)
                }
            };
            let chosen = ex
                .and_then(Value::as_str)
                .filter(fits)
                .map(str::to_string)
                .or_else(|| listed.first().map(|s| s.to_string()))
                .or_else(|| variants.first().map(|v| snake_case(v)))?;
            return Some(Literal::string(&chosen).into_token_stream());
        }
        if m.maps.contains(n) {
            return Some(json(ex.unwrap_or(&Value::Object(Default::default())), true));
        }
        if let Some(alternatives) = m.unions.get(n) {
            let alts = schema.and_then(|s| s["oneOf"].as_array().or(s["anyOf"].as_array()));
            let keys: Vec<&String> = ex
                .and_then(Value::as_object)
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            // The alternative the example fits best: all its required names
            // given, most of the example's names its own.
            let best = alternatives
                .iter()
                .enumerate()
                .filter(|(_, (_, ty))| self.model(ty).is_some_and(|m| m.fields.contains_key(ty)))
                .map(|(i, (_, ty))| {
                    let alt = alts.and_then(|a| alt_schema(self.doc, a, ty, i));
                    let (props, required) = alt.map(|s| object(self.doc, s)).unwrap_or_default();
                    let fits = required.iter().all(|r| keys.contains(&r));
                    let known = keys
                        .iter()
                        .filter(|k| props.contains_key(k.as_str()))
                        .count();
                    ((fits, known, usize::MAX - i), ty, alt)
                })
                .max_by_key(|(score, _, _)| *score)?;
            return Some(self.built(best.1, ex, best.2, false));
        }
        if m.fields.contains_key(n) {
            return Some(self.built(n, ex, schema, false));
        }
        if m.texts_wrapped.contains(n) {
            let text = ex
                .and_then(Value::as_str)
                .map_or_else(|| fallback_text(&snake_case(n)), str::to_string);
            return Some(Literal::string(&text).into_token_stream());
        }
        // Unions of tagged objects: left out (the caller's example fails
        // where one is required).
        None
    }

    /// `types::T::builder().field(value)…`.
    pub fn built(
        &self,
        ty: &str,
        ex: Option<&Value>,
        schema: Option<&Value>,
        top: bool,
    ) -> TokenStream {
        let t = format_ident!("{}", ty);
        let setters = self.setters(ty, ex, schema, top);
        quote!(types::#t::builder() #setters)
    }
}

/// A call builder's parameter type as a shape: `types::X` is named,
/// `Option`/`Vec` wrap, anything else is a path.
pub fn shape_of(ty: &syn::Type) -> Shape {
    if let Some(inner) = crate::syntax::unwrap(ty, "Option") {
        return Shape::Option(Box::new(shape_of(inner)));
    }
    if let Some(inner) = crate::syntax::unwrap(ty, "Vec") {
        return Shape::Vec(Box::new(shape_of(inner)));
    }
    if let syn::Type::Path(p) = ty {
        let names = crate::syntax::path_names(&p.path);
        if let [.., m, t] = &names[..] {
            if m == "types" {
                return Shape::Named(t.clone());
            }
        }
    }
    Shape::Path(ty.to_token_stream().to_string().replace(' ', ""))
}

/// The schema of union alternative `ty` among `alts`: the one referring to
/// the component typify named `ty`, else the `i`th.
fn alt_schema<'a>(doc: &'a Value, alts: &'a [Value], ty: &str, i: usize) -> Option<&'a Value> {
    let named = alts.iter().find(|a| {
        a["$ref"]
            .as_str()
            .and_then(|r| r.rsplit('/').next())
            .is_some_and(|c| crate::share::rust_name(c) == ty)
    });
    let _ = doc;
    named.or_else(|| alts.get(i))
}

/// An object schema's properties and required names, through `allOf` (merged)
/// and a `oneOf`/`anyOf` of one.
pub fn object(doc: &Value, s: &Value) -> (serde_json::Map<String, Value>, Vec<String>) {
    let s = resolve(doc, s);
    let mut props = s["properties"].as_object().cloned().unwrap_or_default();
    let mut required: Vec<String> = s["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some(r.as_str()?.to_string()))
        .collect();
    let one = |k: &str| s[k].as_array().filter(|a| a.len() == 1);
    let parts = s["allOf"]
        .as_array()
        .or_else(|| one("oneOf"))
        .or_else(|| one("anyOf"));
    for part in parts.into_iter().flatten() {
        let (p, r) = object(doc, part);
        props.extend(p);
        required.extend(r);
    }
    (props, required)
}

/// The named type a shape holds, through `Option`.
pub fn named(shape: &Shape) -> Option<&str> {
    match shape {
        Shape::Named(n) => Some(n),
        Shape::Option(inner) => named(inner),
        _ => None,
    }
}

/// Whether a JSON key names the Rust field (typify's names: snake case, a
/// trailing `_` after a keyword).
pub fn same_name(key: &str, field: &str) -> bool {
    let field = field.trim_start_matches("r#").trim_end_matches('_');
    snake_case(key) == field || key == field
}

/// A short scalar worth showing as an optional field.
pub(super) fn short_scalar(v: &Value) -> bool {
    match v {
        Value::String(s) => s.len() <= 40 && !s.contains('\n'),
        Value::Number(_) | Value::Bool(_) => true,
        _ => false,
    }
}

/// A builtin type's value (`String`, integers, floats, `bool`, JSON).
pub fn builtin(path: &str, ex: Option<&Value>, field: &str) -> Option<TokenStream> {
    let last = path.rsplit("::").next().unwrap_or(path).trim();
    let t = match last {
        "String" | "str" => {
            let text = match ex {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => fallback_text(field),
            };
            Literal::string(&text).into_token_stream()
        }
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "NonZeroU64" => {
            let n = ex
                .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
                .filter(|n| !last.starts_with('u') || *n >= 0)
                .unwrap_or_else(|| fallback_number(field));
            if n >= 1_000_000_000 && n % 1000 == 0 {
                // Timestamps read better grouped.
                return syn::parse_str::<TokenStream>(&group_digits(n)).ok();
            }
            Literal::i64_unsuffixed(n).into_token_stream()
        }
        "f32" | "f64" => {
            Literal::f64_unsuffixed(ex.and_then(Value::as_f64).unwrap_or(1.0)).into_token_stream()
        }
        "bool" => {
            let b = ex.and_then(Value::as_bool).unwrap_or(true);
            quote!(#b)
        }
        "Value" => json(ex.unwrap_or(&Value::Null), true),
        // A date-time (`chrono::DateTime<Utc>`): now.
        _ if path.contains("DateTime") => quote!(chrono::Utc::now()),
        // A date (`chrono::NaiveDate`): 1970-01-01.
        _ if path.contains("NaiveDate") => quote!(chrono::NaiveDate::default()),
        _ => return None,
    };
    Some(t)
}
