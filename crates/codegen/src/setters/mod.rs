//! Request bodies that write themselves: rules applied to the generated
//! builders of every version (typify's struct builders in `types::builder`,
//! progenitor's operation builders in `builder`), decided on facts read from
//! typify's model (model.rs), emitted with `quote!`.
//!
//! - A required value that can take only one value (a one-value enum: the
//!   tag `type: "admin"`, the `accept: application/octet-stream` header) starts
//!   filled in: the builder never asks for it (it is still sent: the spec
//!   requires it).
//! - An optional field's setter takes what people pass (`::intercom_api::IntoOption`):
//!   the value, `Some`/`None`, `&str` for text, `&str` for a string enum
//!   (checked against its values), a JSON object or key/value pairs for a map
//!   (custom attributes); a value that does not fit is an error at send time
//!   naming the field, never a panic.
//! - A field holding a struct also takes a closure over its builder
//!   (`.visitor_map(|v| v.user_id("1"))`): no nested type's name at the call.
//! - A union body takes the builder of any of its alternatives, and an
//!   operation's union body setter keeps why a value did not fit.

use crate::syntax::{methods_mut, MethodMut};
use quote::format_ident;
use std::collections::{BTreeMap, BTreeSet};
use syn::parse_quote;

// The rules on progenitor's call builders (`builder`), in a file of their own.
mod calls;
// The rules on lists, maps, timestamps and ids, in a file of their own.
mod values;
// A union body's chooser (`body_map(|b| b.admin()…)`).
mod choose;
// A nested struct's setter with a closure (`.visitor_map(|v| v.user_id(…))`).
pub(crate) mod nested;
// A string enum's parse error lists the values allowed.
pub(crate) mod texts;
use calls::{crate_result, into_future, keep_the_reason, name_the_operation, union_body_setters};
pub use nested::map_setter;
use values::{id_items, is_timestamp, value_setters};

/// What the rules need to know of one generated module, from typify's model.
#[derive(Default)]
pub struct Facts {
    /// One-value enums this module names (its own and those it re-exports)
    /// → the variant.
    pub tags: BTreeMap<String, String>,
    /// String enums defined here that parse from text (`FromStr`).
    pub texts: BTreeSet<String>,
    /// Newtypes around a map defined here.
    pub maps: BTreeSet<String>,
    /// Unions defined here → their alternatives holding one named type
    /// (variant, type).
    pub unions: BTreeMap<String, Vec<(String, String)>>,
    /// Unions this module re-exports (defined in a shared home) → their
    /// alternatives holding one named type (for the choosers).
    pub shared_unions: BTreeMap<String, Vec<(String, String)>>,
    /// Structs defined here → their optional (`Option<…>`) fields.
    pub optional: BTreeMap<String, BTreeSet<String>>,
}

/// Counts of what each rule changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    pub tags: usize,
    pub setters: usize,
    pub conversions: usize,
    pub alternatives: usize,
    pub named: usize,
    /// Calls whose `send` returns the crate's `Result` and that are futures.
    pub calls: usize,
    /// Calls whose union body takes `body_map` with a chooser.
    pub choosers: usize,
}

/// Applies every rule to a generated file: its `types` module (and
/// `types::builder`), and progenitor's `builder` module if it has one.
pub fn apply(file: &mut syn::File, facts: &Facts) -> Applied {
    let mut out = Applied::default();
    let builders = crate::syntax::module(&file.items, "types")
        .map(|t| builder_names(t))
        .unwrap_or_default();
    let choices = choose::choices(facts, &builders);
    if let Some(ops) = crate::syntax::module_mut(&mut file.items, "builder") {
        out.tags += fill_tags(ops, facts, &|ty| {
            crate::syntax::unwrap(ty, "Result").cloned()
        });
        out.alternatives += union_body_setters(ops, facts);
        out.named += name_the_operation(ops);
        out.named += keep_the_reason(ops);
        out.calls += crate_result(ops);
        into_future(ops);
        out.choosers += choose::body_maps(ops, &choices);
    }
    let Some(types) = crate::syntax::module_mut(&mut file.items, "types") else {
        return out;
    };
    out.conversions += conversions(types, facts);
    out.conversions += texts::name_allowed_values(types);
    out.conversions += id_items(types);
    out.alternatives += alternative_builders(types, facts, &builders);
    choose::choosers(types, facts, &choices);
    if let Some(builder) = crate::syntax::module_mut(types, "builder") {
        out.tags += fill_tags(builder, facts, &|ty| {
            crate::syntax::unwrap(ty, "Result").cloned()
        });
        out.setters += optional_setters(builder, facts);
        out.setters += value_setters(builder, facts);
        out.setters += nested::map_setters(builder, &builders);
        out.conversions += nested::list_item_builders(builder);
    }
    out
}

/// The names `types::builder` holds: its structs and its re-exports.
fn builder_names(types: &[syn::Item]) -> BTreeSet<String> {
    fn uses(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => uses(&p.tree, out),
            syn::UseTree::Name(n) => {
                out.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                out.insert(r.rename.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| uses(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    let mut out = BTreeSet::new();
    for item in crate::syntax::module(types, "builder")
        .into_iter()
        .flatten()
    {
        match item {
            syn::Item::Struct(s) => {
                out.insert(s.ident.to_string());
            }
            syn::Item::Use(u) => uses(&u.tree, &mut out),
            _ => {}
        }
    }
    out
}

/// Struct name → its fields' types, for the structs of `items`.
pub(crate) fn field_types(items: &[syn::Item]) -> BTreeMap<String, BTreeMap<String, syn::Type>> {
    items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some((
                s.ident.to_string(),
                s.fields
                    .iter()
                    .filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone())))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// A builder's field of a one-value enum starts as that value: in every
/// `fn default()` / `fn new(…)` of `items` that returns the struct literal,
/// `field: Err("… not initialized / no value supplied …")` becomes
/// `field: Ok(Enum::Variant)` where `held(field type)` is a tag.
pub fn fill_tags(
    items: &mut [syn::Item],
    facts: &Facts,
    held: &dyn Fn(&syn::Type) -> Option<syn::Type>,
) -> usize {
    let fields = field_types(items);
    let mut n = 0;
    for MethodMut { owner, f, .. } in methods_mut(items) {
        let Some(types) = fields.get(&owner.to_string()) else {
            continue;
        };
        if f.sig.ident != "default" && f.sig.ident != "new" {
            continue;
        }
        let Some(syn::Stmt::Expr(syn::Expr::Struct(lit), None)) = f.block.stmts.last_mut() else {
            continue;
        };
        for fv in lit.fields.iter_mut() {
            let syn::Member::Named(field) = &fv.member else {
                continue;
            };
            let Some(syn::Type::Path(p)) = types.get(&field.to_string()).and_then(held) else {
                continue;
            };
            let Some(variant) = p
                .path
                .segments
                .last()
                .and_then(|s| facts.tags.get(&s.ident.to_string()))
            else {
                continue;
            };
            let is_err = matches!(&fv.expr, syn::Expr::Call(c)
                if matches!(&*c.func, syn::Expr::Path(e) if e.path.is_ident("Err")));
            if !is_err {
                continue;
            }
            let mut path = p.path.clone();
            path.segments.push(format_ident!("{variant}").into());
            fv.expr = parse_quote!(Ok(#path));
            n += 1;
        }
    }
    n
}

/// The setter of every optional field of a struct builder takes any
/// `::intercom_api::IntoOption` of the value: `T`, `Option<T>`, `&str` for text,
/// and the conversions [`conversions`] adds.
pub fn optional_setters(builder: &mut [syn::Item], facts: &Facts) -> usize {
    let fields = field_types(builder);
    let mut n = 0;
    for m in methods_mut(builder).filter(|m| m.trait_.is_none()) {
        let name = m.owner.to_string();
        let (Some(optional), Some(types)) = (facts.optional.get(&name), fields.get(&name)) else {
            continue;
        };
        let field = m.f.sig.ident.clone();
        if !optional.contains(&field.to_string()) {
            continue;
        }
        let Some(inner) = types
            .get(&field.to_string())
            .and_then(|t| crate::syntax::unwrap(t, "Result"))
            .and_then(|t| crate::syntax::unwrap(t, "Option"))
        else {
            continue;
        };
        let attrs = &m.f.attrs;
        let what = format!("error converting supplied value for {field}: {{e}}");
        if is_timestamp(&field.to_string(), inner) {
            *m.f = parse_quote! {
                #(#attrs)*
                pub fn #field<T>(mut self, value: T) -> Self
                where
                    T: ::intercom_api::IntoOption<::intercom_api::setters::UnixTime>,
                {
                    self.#field = ::intercom_api::setters::unix_seconds(value).map_err(|e| format!(#what));
                    self
                }
            };
            n += 1;
            continue;
        }
        *m.f = parse_quote! {
            #(#attrs)*
            pub fn #field<T>(mut self, value: T) -> Self
            where
                T: ::intercom_api::IntoOption<#inner>,
            {
                self.#field = ::intercom_api::IntoOption::into_option(value).map_err(|e| format!(#what));
                self
            }
        };
        n += 1;
    }
    n
}

/// Conversions for the setters, on the types defined in `types`: a string
/// enum from `&str` (checked: an unknown value is an error); a map newtype
/// (custom attributes) from a JSON object (`json!({…})`) or key/value pairs,
/// an error when the value is not an object or a value does not fit.
pub fn conversions(types: &mut Vec<syn::Item>, facts: &Facts) -> usize {
    let mut out: Vec<syn::Item> = Vec::new();
    for e in &facts.texts {
        let e = format_ident!("{e}");
        out.push(parse_quote! {
            impl ::intercom_api::IntoOption<#e> for &str {
                fn into_option(self) -> ::std::result::Result<::std::option::Option<#e>, ::std::string::String> {
                    self.parse::<#e>().map(Some).map_err(|e| e.to_string())
                }
            }
        });
    }
    for m in &facts.maps {
        let m = format_ident!("{m}");
        out.extend::<[syn::Item; 5]>([
            parse_quote! {
                impl ::std::convert::TryFrom<::serde_json::Value> for #m {
                    type Error = self::error::ConversionError;
                    fn try_from(value: ::serde_json::Value) -> ::std::result::Result<Self, self::error::ConversionError> {
                        ::intercom_api::setters::json_object(value).map_err(::std::convert::From::from)
                    }
                }
            },
            parse_quote! {
                impl<K: ::std::convert::Into<::std::string::String>, V: ::serde::Serialize, const N: usize>
                    ::std::convert::TryFrom<[(K, V); N]> for #m
                {
                    type Error = self::error::ConversionError;
                    fn try_from(pairs: [(K, V); N]) -> ::std::result::Result<Self, self::error::ConversionError> {
                        ::intercom_api::setters::json_object(::intercom_api::setters::pairs(pairs)?).map_err(::std::convert::From::from)
                    }
                }
            },
            parse_quote! {
                impl ::intercom_api::setters::IntoValue<#m> for ::serde_json::Value {
                    fn into_value(self) -> ::std::result::Result<#m, ::std::string::String> {
                        ::intercom_api::setters::json_object(self)
                    }
                }
            },
            parse_quote! {
                impl ::intercom_api::IntoOption<#m> for ::serde_json::Value {
                    fn into_option(self) -> ::std::result::Result<::std::option::Option<#m>, ::std::string::String> {
                        ::intercom_api::setters::json_object(self).map(Some)
                    }
                }
            },
            parse_quote! {
                impl<K: ::std::convert::Into<::std::string::String>, V: ::serde::Serialize, const N: usize>
                    ::intercom_api::IntoOption<#m> for [(K, V); N]
                {
                    fn into_option(self) -> ::std::result::Result<::std::option::Option<#m>, ::std::string::String> {
                        ::intercom_api::setters::json_object(::intercom_api::setters::pairs(self)?).map(Some)
                    }
                }
            },
        ]);
    }
    let n = out.len();
    types.extend(out);
    n
}

/// A union takes the builder of each alternative it holds once (when that
/// builder exists): `.body(AdminReplyConversationRequest::builder()…)`.
pub fn alternative_builders(
    types: &mut Vec<syn::Item>,
    facts: &Facts,
    builders: &BTreeSet<String>,
) -> usize {
    let mut out: Vec<syn::Item> = Vec::new();
    for (union, alternatives) in &facts.unions {
        let union = format_ident!("{union}");
        for (variant, ty) in alternatives {
            let once = alternatives.iter().filter(|(_, t)| t == ty).count() == 1;
            if !once || !builders.contains(ty) {
                continue;
            }
            let (variant, ty) = (format_ident!("{variant}"), format_ident!("{ty}"));
            out.push(parse_quote! {
                impl ::std::convert::TryFrom<builder::#ty> for #union {
                    type Error = self::error::ConversionError;
                    fn try_from(value: builder::#ty) -> ::std::result::Result<Self, self::error::ConversionError> {
                        Ok(Self::#variant(::std::convert::TryInto::try_into(value)?))
                    }
                }
            });
        }
    }
    let n = out.len();
    types.extend(out);
    n
}

#[cfg(test)]
mod tests;
