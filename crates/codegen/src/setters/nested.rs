//! A field that holds a struct with a builder also takes a closure over that
//! builder: `.visitor_map(|v| v.user_id("1"))` beside `.visitor(value)`, as
//! progenitor's `body_map` does for a whole body, so no nested type's name
//! is needed at the call site.

use super::field_types;
use quote::format_ident;
use std::collections::BTreeSet;
use syn::parse_quote;

/// Adds `<field>_map` to every struct builder of `builder` (typify's
/// `types::builder`) for each field holding a struct of `builders` (the
/// names with a builder), required or optional. The closure gets the
/// field's current value as a builder (a new one when the field is unset
/// or holds an error) and its result is checked as the field's own setter
/// checks a value. Skipped where the builder already has a member of that
/// name. Returns how many were added.
pub fn map_setters(builder: &mut [syn::Item], builders: &BTreeSet<String>) -> usize {
    let fields = field_types(builder);
    let mut n = 0;
    for item in builder.iter_mut() {
        let syn::Item::Impl(imp) = item else {
            continue;
        };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(owner) = crate::syntax::last_ident(&imp.self_ty).map(|i| i.to_string()) else {
            continue;
        };
        let Some(types) = fields.get(&owner) else {
            continue;
        };
        let mut added: Vec<syn::ImplItem> = Vec::new();
        for (field, ty) in types {
            let Some(held) = crate::syntax::unwrap(ty, "Result") else {
                continue;
            };
            let (inner, optional) = match crate::syntax::unwrap(held, "Option") {
                Some(inner) => (inner, true),
                None => (held, false),
            };
            let Some(name) = crate::syntax::last_ident(inner) else {
                continue;
            };
            if !builders.contains(&name.to_string()) || !is_super_path(inner) {
                continue;
            }
            let Ok(field) = syn::parse_str::<syn::Ident>(field) else {
                continue;
            };
            let method = format_ident!("{}", map_setter(&field.to_string()));
            let taken = imp
                .items
                .iter()
                .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == method));
            if types.contains_key(&method.to_string()) || taken {
                continue;
            }
            let plain = field.to_string().trim_start_matches("r#").to_string();
            let what = format!("error converting supplied value for {plain}: {{e}}");
            let doc = format!(
                " Sets `{plain}` with its builder: `f` gets the current value's \
                 builder (a new one when unset) and returns it changed."
            );
            let (current, wrap): (syn::Expr, syn::Expr) = if optional {
                (
                    parse_quote!(match self.#field {
                        Ok(Some(v)) => ::std::convert::From::from(v),
                        _ => ::std::default::Default::default(),
                    }),
                    parse_quote!(Some(v)),
                )
            } else {
                (
                    parse_quote!(match self.#field {
                        Ok(v) => ::std::convert::From::from(v),
                        Err(_) => ::std::default::Default::default(),
                    }),
                    parse_quote!(v),
                )
            };
            added.push(parse_quote! {
                #[doc = #doc]
                pub fn #method<F>(mut self, f: F) -> Self
                where
                    F: ::std::ops::FnOnce(#name) -> #name,
                {
                    let current: #name = #current;
                    self.#field = ::std::convert::TryInto::<#inner>::try_into(f(current))
                        .map(|v| #wrap)
                        .map_err(|e| format!(#what));
                    self
                }
            });
        }
        n += added.len();
        imp.items.extend(added);
    }
    n
}

/// The closure setter's name for a field (`visitor` → `visitor_map`,
/// `type_` → `type_map`).
pub fn map_setter(field: &str) -> String {
    let plain = field.trim_start_matches("r#").trim_end_matches('_');
    format!("{plain}_map")
}

/// `super::X` (a type of `types`, seen from `types::builder`).
fn is_super_path(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.qself.is_none()
        && p.path.segments.len() == 2
        && p.path.segments[0].ident == "super")
}

/// Every struct builder of `builder` (one defined there, not re-exported)
/// whose struct is an item of a list some builder of `builder` holds
/// converts into it (`::intercom_api::setters::IntoValue`), so a list field
/// takes an array of builders: `.attributes([types::Attr::builder().name("a")])`.
/// Returns how many conversions were added.
pub fn list_item_builders(builder: &mut Vec<syn::Item>) -> usize {
    let fields = field_types(builder);
    let items: BTreeSet<String> = fields
        .values()
        .flat_map(|f| f.values())
        .filter_map(|ty| {
            let held = crate::syntax::unwrap(ty, "Result")?;
            let held = crate::syntax::unwrap(held, "Option").unwrap_or(held);
            let item = crate::syntax::unwrap(held, "Vec")?;
            is_super_path(item).then(|| crate::syntax::last_ident(item))?
        })
        .map(|i| i.to_string())
        .collect();
    let mut out: Vec<syn::Item> = Vec::new();
    for name in items.iter().filter(|n| fields.contains_key(*n)) {
        let name = format_ident!("{name}");
        out.push(parse_quote! {
            impl ::intercom_api::setters::IntoValue<super::#name> for #name {
                fn into_value(self) -> ::std::result::Result<super::#name, ::std::string::String> {
                    ::std::convert::TryInto::<super::#name>::try_into(self).map_err(|e| e.to_string())
                }
            }
        });
    }
    let n = out.len();
    builder.extend(out);
    n
}
