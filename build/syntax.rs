//! Queries on the syntax tree progenitor emits, for what only the client
//! code knows (its request builders' fields). Types are read from typify's
//! model (build/model.rs), not from here.

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

/// The last identifier of a path type (`types::builder::X` → `X`).
pub fn last_ident(ty: &syn::Type) -> Option<&syn::Ident> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| &s.ident),
        _ => None,
    }
}

/// A method of an impl block, to rewrite.
pub struct MethodMut<'a> {
    /// The impl's self type name (`impl<'a> Foo<'a>` → `Foo`).
    pub owner: &'a syn::Ident,
    /// The trait the impl implements (`impl Default for Foo` → `Default`).
    pub trait_: Option<&'a syn::Path>,
    pub f: &'a mut syn::ImplItemFn,
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
