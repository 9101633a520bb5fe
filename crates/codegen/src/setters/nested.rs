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

/// A generated type as a builder's field names it: `super::X` (one of this
/// module's `types`) or `crate::types::X` (one a shared home defines, which
/// this module re-exports with its builder).
fn is_super_path(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else {
        return false;
    };
    let names = crate::syntax::path_names(&p.path);
    p.qself.is_none()
        && match &names[..] {
            [first, _] => first == "super",
            [.., module, _] => module == "types",
            _ => false,
        }
}

/// Every struct builder defined in `builder` (not re-exported) converts
/// into its struct (`::intercom_api::setters::IntoValue`), so a list field
/// takes an array of builders: `.attributes([types::Attr::builder().name("a")])`.
/// All of them, not only the list items of this module: a shared home's
/// structs are list items in the versions that re-export them, and the
/// conversion can only live where the builder is defined. Returns how many
/// conversions were added.
pub fn list_item_builders(builder: &mut Vec<syn::Item>) -> usize {
    let defined: Vec<syn::Ident> = builder
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.clone()),
            _ => None,
        })
        .collect();
    let mut out: Vec<syn::Item> = Vec::new();
    for name in defined {
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
