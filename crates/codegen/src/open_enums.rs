//! Forward compatibility for enums, applied to the generated code: every
//! string enum gains `Unknown(String)`, an untagged catch-all that keeps a
//! value the spec does not list (an answer must still decode when Intercom
//! adds one, or sends a custom object's own name where the spec says
//! `"list"`). Its `Display` writes the kept value back; `FromStr` stays
//! strict, so what a caller builds from text matches the spec.
//!
//! One exception: a one-value enum that tells the alternatives of an
//! untagged union apart (`type: "admin"` beside `type: "user"`) stays
//! closed, or the first alternative would swallow every other one. Those
//! are found in the generated code itself: the one-value enums that type a
//! field of an alternative of an `#[serde(untagged)]` enum (through nested
//! unions too).

use crate::syntax::methods_mut;
use std::collections::{BTreeMap, BTreeSet};
use syn::parse_quote;

/// A string enum (unit variants only).
fn is_string_enum(e: &syn::ItemEnum) -> bool {
    !e.variants.is_empty()
        && e.variants
            .iter()
            .all(|v| matches!(v.fields, syn::Fields::Unit))
}

/// Whether `attrs` hold `#[serde(untagged)]`.
fn is_untagged(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("serde")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|list| list.iter().any(|m| m.path().is_ident("untagged")))
    })
}

/// Every identifier in a type's path segments and generic arguments
/// (`Option<Vec<Foo>>` → `Option`, `Vec`, `Foo`).
fn idents_of(ty: &syn::Type, out: &mut BTreeSet<String>) {
    match ty {
        syn::Type::Path(p) => {
            for seg in &p.path.segments {
                out.insert(seg.ident.to_string());
                if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                    for a in &args.args {
                        if let syn::GenericArgument::Type(t) = a {
                            idents_of(t, out);
                        }
                    }
                }
            }
        }
        syn::Type::Reference(r) => idents_of(&r.elem, out),
        syn::Type::Paren(p) => idents_of(&p.elem, out),
        _ => {}
    }
}

/// The one-value enums that tell the alternatives of an untagged union
/// apart: those typing a field of an alternative (a struct, a struct-like
/// variant, or the alternatives of a nested untagged union).
pub fn discriminators<'a>(items: impl IntoIterator<Item = &'a syn::Item>) -> BTreeSet<String> {
    // By name, across modules: one name may stand for a type of each
    // module, so every type of that name is followed (closing more tags is
    // the safe side).
    let mut structs: BTreeMap<String, Vec<&syn::ItemStruct>> = BTreeMap::new();
    let mut enums: BTreeMap<String, Vec<&syn::ItemEnum>> = BTreeMap::new();
    for it in items {
        match it {
            syn::Item::Struct(s) => structs.entry(s.ident.to_string()).or_default().push(s),
            syn::Item::Enum(e) => enums.entry(e.ident.to_string()).or_default().push(e),
            _ => {}
        }
    }
    let one_value = |name: &String| {
        enums.get(name).is_some_and(|es| {
            es.iter()
                .any(|e| is_string_enum(e) && e.variants.len() == 1)
        })
    };
    // The types of the fields of every alternative.
    let mut fields = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut unions: Vec<&syn::ItemEnum> = enums
        .values()
        .flatten()
        .copied()
        .filter(|e| is_untagged(&e.attrs))
        .collect();
    while let Some(u) = unions.pop() {
        if !seen.insert(u as *const syn::ItemEnum) {
            continue;
        }
        for v in &u.variants {
            match &v.fields {
                syn::Fields::Named(named) => {
                    for f in &named.named {
                        idents_of(&f.ty, &mut fields);
                    }
                }
                syn::Fields::Unnamed(unnamed) => {
                    let mut payload = BTreeSet::new();
                    for f in &unnamed.unnamed {
                        idents_of(&f.ty, &mut payload);
                    }
                    for name in payload {
                        for s in structs.get(&name).into_iter().flatten() {
                            for f in &s.fields {
                                idents_of(&f.ty, &mut fields);
                            }
                        }
                        for e in enums.get(&name).into_iter().flatten() {
                            if is_untagged(&e.attrs) {
                                unions.push(e);
                            }
                        }
                        fields.insert(name);
                    }
                }
                syn::Fields::Unit => {}
            }
        }
    }
    fields.into_iter().filter(one_value).collect()
}

/// Opens every string enum of the `types` module but those in `closed`
/// (the [`discriminators`] of every generated module: a union of one
/// module may stand on another's types, share.rs); returns their
/// names.
pub fn open_enums(file: &mut syn::File, closed: &BTreeSet<String>) -> BTreeSet<String> {
    let mut n = BTreeSet::new();
    for item in file.items.iter_mut() {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = m.content.as_mut() else {
            continue;
        };
        let mut opened = std::collections::BTreeMap::new();
        for it in items.iter_mut() {
            let syn::Item::Enum(e) = it else { continue };
            let tag = e.variants.len() == 1 && closed.contains(&e.ident.to_string());
            if !is_string_enum(e) || tag {
                continue;
            }
            drop_copy(&mut e.attrs);
            let name = catch_all_name(e);
            e.variants.push(parse_quote! {
                /// A value this version of the spec does not list, kept as received.
                #[serde(untagged)]
                #name(::std::string::String)
            });
            opened.insert(e.ident.to_string(), name);
            n.insert(e.ident.to_string());
        }
        for m in methods_mut(items) {
            let is_display = m
                .trait_
                .and_then(|p| p.segments.last())
                .is_some_and(|s| s.ident == "Display");
            let Some(name) = opened.get(&m.owner.to_string()).filter(|_| is_display) else {
                continue;
            };
            for stmt in m.f.block.stmts.iter_mut() {
                if let syn::Stmt::Expr(syn::Expr::Match(arms), _) = stmt {
                    arms.arms
                        .push(parse_quote! { Self::#name(ref value) => f.write_str(value), });
                }
            }
        }
    }
    n
}

/// `Unknown`, or `UnknownValue` when the spec itself lists a value
/// `unknown` (2.16 on), which typify names `Unknown`.
/// Opens the enums of every version and shared home, keeping closed the
/// tags that tell union alternatives apart. Each version's unions are read
/// over its whole type space (its own types and those it re-exports,
/// `reexported[v]`: name → home), so what stays closed does not depend on
/// which other versions are enabled; a shared type is closed in its home
/// when it is a tag in any version that uses it.
pub fn open_all(
    versions: &mut [crate::assemble::Module],
    homes: &mut BTreeMap<usize, crate::generate::Generated>,
    reexported: &[BTreeMap<String, usize>],
) {
    let mut closed_in_home: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut closed_in_version = Vec::new();
    for (v, m) in versions.iter().enumerate() {
        let own = crate::syntax::module(&m.code.file.items, "types")
            .into_iter()
            .flatten();
        let shared = homes.iter().flat_map(|(h, g)| {
            let names = &reexported[v];
            crate::syntax::module(&g.file.items, "types")
                .into_iter()
                .flatten()
                .filter(move |i| {
                    let name = match i {
                        syn::Item::Struct(s) => s.ident.to_string(),
                        syn::Item::Enum(e) => e.ident.to_string(),
                        _ => return false,
                    };
                    names.get(&name) == Some(h)
                })
        });
        let closed = discriminators(own.chain(shared));
        for (name, h) in &reexported[v] {
            if closed.contains(name) {
                closed_in_home.entry(*h).or_default().insert(name.clone());
            }
        }
        closed_in_version.push(closed);
    }
    for (h, g) in homes.iter_mut() {
        let closed = closed_in_home.remove(h).unwrap_or_default();
        g.opened = open_enums(&mut g.file, &closed);
    }
    for (m, closed) in versions.iter_mut().zip(&closed_in_version) {
        m.code.opened = open_enums(&mut m.code.file, closed);
    }
}

fn catch_all_name(e: &syn::ItemEnum) -> syn::Ident {
    let taken = |n: &str| e.variants.iter().any(|v| v.ident == n);
    let name = ["Unknown", "UnknownValue", "UnlistedValue"]
        .into_iter()
        .find(|n| !taken(n))
        .unwrap_or("UnlistedValue");
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

fn drop_copy(attrs: &mut [syn::Attribute]) {
    for a in attrs.iter_mut() {
        if !a.path().is_ident("derive") {
            continue;
        }
        let Ok(list) = a.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = list.iter().filter(|p| !p.is_ident("Copy")).collect();
        *a = parse_quote! { #[derive(#(#kept),*)] };
    }
}

#[cfg(test)]
mod tests;
