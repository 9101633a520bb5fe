//! Queries on the syntax tree progenitor emits, for what only the client
//! code knows (its request builders' fields). Types are read from typify's
//! model (model.rs), not from here.

use quote::ToTokens;
use std::collections::HashMap;

/// Struct name → its fields (name, type).
pub type Fields = HashMap<String, Vec<(String, syn::Type)>>;

/// The items of the inline module `name` in `items`.
pub fn module_mut<'a>(items: &'a mut [syn::Item], name: &str) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// The items of the inline module `name` in `items`.
pub fn module<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a Vec<syn::Item>> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// The request builders' fields (e.g. `body`): the structs of progenitor's
/// `builder` module.
pub fn builder_fields(file: &syn::File) -> Fields {
    let mut out = Fields::new();
    for it in module(&file.items, "builder").into_iter().flatten() {
        if let syn::Item::Struct(s) = it {
            let fields = s
                .fields
                .iter()
                .filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone())))
                .collect();
            out.insert(s.ident.to_string(), fields);
        }
    }
    out
}

/// `Option<T>` / `Vec<T>` / `Result<T, _>` → `T`.
pub fn unwrap<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// A path's identifiers as text (`crate::types::X` → `["crate", "types", "X"]`).
pub fn path_names(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// The last identifier of a path type (`types::builder::X` → `X`).
pub fn last_ident(ty: &syn::Type) -> Option<&syn::Ident> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// A method of an impl block, read.
pub struct Method<'a> {
    pub imp: &'a syn::ItemImpl,
    /// The impl's self type name (`impl<'a> Foo<'a>` → `Foo`).
    pub owner: &'a syn::Ident,
    pub f: &'a syn::ImplItemFn,
}

/// A method of an impl block, to rewrite.
pub struct MethodMut<'a> {
    /// The impl's self type name (`impl<'a> Foo<'a>` → `Foo`).
    pub owner: &'a syn::Ident,
    /// The trait the impl implements (`impl Default for Foo` → `Default`).
    pub trait_: Option<&'a syn::Path>,
    pub f: &'a mut syn::ImplItemFn,
}

/// Every method of the impl blocks of `items` whose self type is a path.
pub fn methods(items: &[syn::Item]) -> impl Iterator<Item = Method<'_>> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(imp) => Some((imp, last_ident(&imp.self_ty)?)),
            _ => None,
        })
        .flat_map(|(imp, owner)| {
            imp.items.iter().filter_map(move |f| match f {
                syn::ImplItem::Fn(f) => Some(Method { imp, owner, f }),
                _ => None,
            })
        })
}

/// Every method of the impl blocks of `items` whose self type is a path,
/// to rewrite.
pub fn methods_mut(items: &mut [syn::Item]) -> impl Iterator<Item = MethodMut<'_>> {
    items
        .iter_mut()
        .filter_map(|item| match item {
            syn::Item::Impl(syn::ItemImpl {
                self_ty,
                trait_,
                items,
                ..
            }) => Some((
                last_ident(self_ty)?,
                trait_.as_ref().map(|(_, p, _)| p),
                items,
            )),
            _ => None,
        })
        .flat_map(|(owner, trait_, items)| {
            items.iter_mut().filter_map(move |f| match f {
                syn::ImplItem::Fn(f) => Some(MethodMut { owner, trait_, f }),
                _ => None,
            })
        })
}

/// A type as the public surface shows it:
/// a type of that version (its `types`, `types::builder`, `builder`) or a
/// common std or serde_json type by its name, any other path in full, with
/// generic arguments shown the same way
/// (`::std::option::Option<crate::types::Tag>` → `Option<Tag>`,
/// `::std::num::NonZeroU64` as it is).
pub fn type_text(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let segments: Vec<String> = p.path.segments.iter().map(segment_text).collect();
            match (by_name(&p.path), p.path.leading_colon) {
                (true, _) => segments.last().cloned().unwrap_or_default(),
                (false, Some(_)) => format!("::{}", segments.join("::")),
                (false, None) => segments.join("::"),
            }
        }
        syn::Type::Tuple(t) if t.elems.len() == 1 => {
            format!("({},)", type_text(&t.elems[0]))
        }
        syn::Type::Tuple(t) => {
            let elems: Vec<String> = t.elems.iter().map(type_text).collect();
            format!("({})", elems.join(", "))
        }
        syn::Type::Reference(r) => {
            let lifetime = r.lifetime.as_ref().map(|l| format!("{l} "));
            let mutability = if r.mutability.is_some() { "mut " } else { "" };
            let elem = type_text(&r.elem);
            format!("&{}{mutability}{elem}", lifetime.unwrap_or_default())
        }
        syn::Type::Slice(s) => format!("[{}]", type_text(&s.elem)),
        syn::Type::Paren(p) => type_text(&p.elem),
        syn::Type::Group(g) => type_text(&g.elem),
        other => other.to_token_stream().to_string(),
    }
}

/// One path segment with its generic arguments: `Vec<Tag>`.
fn segment_text(segment: &syn::PathSegment) -> String {
    let syn::PathArguments::AngleBracketed(args) = &segment.arguments else {
        return segment.ident.to_string();
    };
    let args: Vec<String> = args
        .args
        .iter()
        .map(|a| match a {
            syn::GenericArgument::Type(t) => type_text(t),
            syn::GenericArgument::Lifetime(l) => l.to_string(),
            other => other.to_token_stream().to_string(),
        })
        .collect();
    format!("{}<{}>", segment.ident, args.join(", "))
}

/// Whether the surface names the type at `path` by its name alone: the
/// version's own types and call builders (`types::X`, `builder::X`,
/// `types::builder::X`, `crate::types::X`, or no module) and
/// `::std::{collections, string, vec, option}::X`, `::serde_json::X`.
fn by_name(path: &syn::Path) -> bool {
    let modules = path.segments.len().saturating_sub(1);
    let homes: Vec<String> = path
        .segments
        .iter()
        .take(modules)
        .map(|s| s.ident.to_string())
        .collect();
    let homes: Vec<&str> = homes.iter().map(String::as_str).collect();
    if path.leading_colon.is_some() {
        return matches!(
            homes[..],
            ["std", "collections" | "string" | "vec" | "option"] | ["serde_json"]
        );
    }
    // Each version is a crate of its own: `crate::types::X` is its own type.
    let local = match homes[..] {
        ["crate", ref rest @ ..] => rest,
        ref all => all,
    };
    matches!(local, [] | ["types"] | ["builder"] | ["types", "builder"])
}

/// The answer type of a call builder's `send`:
/// `Result<ResponseValue<T>, Error<E>>` → `T`.
pub fn ok_type(send: &syn::Type) -> Option<&syn::Type> {
    unwrap(unwrap(send, "Result")?, "ResponseValue")
}

/// A call builder's field as a parameter: `Result<T, String>` → (`T`,
/// required), `Result<Option<T>, String>` → (`T`, optional).
pub fn param_type(field: &syn::Type) -> (&syn::Type, bool) {
    let held = unwrap(field, "Result").unwrap_or(field);
    match unwrap(held, "Option") {
        Some(t) => (t, true),
        None => (held, false),
    }
}

#[cfg(test)]
mod tests;
