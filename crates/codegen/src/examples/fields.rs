//! The fields of a struct an example builds: `.field(value)…` for its
//! required fields (a nested object in a closure over its builder, a list
//! of objects as an array of builders or of ids) and, at the top, a few
//! optional scalars the example sets.

use super::values::{fallback_text, named, object, same_name, short_scalar, Ctx};
use crate::model::Shape;
use crate::passes::resolve;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// Optional fields of a body shown beside its required ones (short scalars
/// the spec's example sets).
const OPTIONAL_SHOWN: usize = 2;

impl Ctx<'_> {
    /// The setter calls (`.field(value)…`) of a struct built with its
    /// builder: its required fields and, at the top (`top`), a few optional
    /// scalars the example sets.
    pub fn setters(
        &self,
        ty: &str,
        ex: Option<&Value>,
        schema: Option<&Value>,
        top: bool,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        let Some(fields) = self.model(ty).and_then(|m| m.fields.get(ty)) else {
            return out;
        };
        let (props, required) = schema.map(|s| object(self.doc, s)).unwrap_or_default();
        let props = (!props.is_empty()).then_some(&props);
        let mut optional = 0;
        let shown = if top { OPTIONAL_SHOWN } else { 1 };
        for (field, shape) in fields {
            let key = |k: &&String| same_name(k, field);
            let json_key = props.and_then(|p| p.keys().find(key)).or_else(|| {
                ex.and_then(Value::as_object)
                    .and_then(|o| o.keys().find(key))
            });
            let is_required = match (json_key, props) {
                (Some(k), Some(_)) => required.contains(k),
                _ => !matches!(shape, Shape::Option(_)),
            };
            let field_ex = json_key.and_then(|k| ex.and_then(|e| e.get(k)));
            let field_schema = json_key.and_then(|k| props.and_then(|p| p.get(k)));
            if named(&self.normal(shape)).is_some_and(|n| self.is_tag(n)) {
                continue;
            }
            // A struct is built in a closure over its builder
            // (`.visitor_map(|b| b.id(…))`): no type name at the call.
            if let Some(n) = named(&self.normal(shape)).filter(|n| self.is_struct(n)) {
                if is_required {
                    let schema = field_schema.map(|s| resolve(self.doc, s));
                    let inner = self.setters(n, field_ex, schema, false);
                    let f = format_ident!("{}", crate::setters::map_setter(field));
                    out.extend(quote!(.#f(|b| b #inner)));
                }
                continue;
            }
            // A required list of "an id or an object": an array of one id.
            if let Shape::Vec(inner) = self.normal(shape) {
                if named(&inner).is_some_and(|n| self.takes_ids(n)) {
                    if is_required {
                        let first = field_ex.and_then(Value::as_array).and_then(|a| a.first());
                        let id = first
                            .and_then(|v| v.as_str().or_else(|| v["id"].as_str()))
                            .map_or_else(|| fallback_text("id"), str::to_string);
                        let f = format_ident!("{}", field);
                        out.extend(quote!(.#f([#id])));
                    }
                    continue;
                }
            }
            // A required list of structs: an array of one builder.
            if let Shape::Vec(inner) = self.normal(shape) {
                if let Some(n) = named(&inner).filter(|n| self.is_struct(n)) {
                    if is_required {
                        let first = field_ex.and_then(Value::as_array).and_then(|a| a.first());
                        let items = field_schema
                            .map(|s| resolve(self.doc, s))
                            .and_then(|s| s.get("items"))
                            .map(|s| resolve(self.doc, s));
                        let item = self.built(n, first, items, false);
                        let f = format_ident!("{}", field);
                        out.extend(quote!(.#f([#item])));
                    }
                    continue;
                }
            }
            let value = if is_required {
                self.value(shape, field_ex, field_schema, field)
            } else if optional < shown
                && field_ex.is_some_and(short_scalar)
                && self.takes_text(shape)
            {
                optional += 1;
                self.value(shape, field_ex, field_schema, field)
            } else {
                None
            };
            if let Some(v) = value {
                let f = format_ident!("{}", field);
                out.extend(quote!(.#f(#v)));
            }
        }
        out
    }
}
