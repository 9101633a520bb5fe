//! Build cost: what the generated code need not hold.
//!
//! Two passes over the generated Rust (after `open_enums`), each counted in
//! the fixes report:
//! - [`answer_builders`]: typify writes a struct builder for every type, but
//!   only what a request carries is built by users; answers are decoded. The
//!   builders of types no operation's body reaches are dropped (in 2.14,
//!   most of the generated lines).
//! - [`share_types`]: a type that is the same Rust in several enabled
//!   versions (same definition, same impls, same types behind it; docs may
//!   differ) is emitted once, in `crate::__shared::<first version>`, and each
//!   version's `types` module re-exports it. `v2_13::types::Tag` and
//!   `v2_14::types::Tag` are then one type.

use proc_macro2::{TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The items of the inline module `name` in `items`.
fn module_mut<'a>(items: &'a mut [syn::Item], name: &str) -> Option<&'a mut Vec<syn::Item>> {
    items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

fn module<'a>(items: &'a [syn::Item], name: &str) -> Option<&'a Vec<syn::Item>> {
    items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// The type an item defines or implements for (`impl X`, `impl T for super::X`).
fn owner(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The type of `names` an item belongs to: the one it defines or implements
/// for, or, for an impl on a foreign type (`impl From<X> for
/// serde_json::Value`), the first of `names` its trait names.
fn owner_in(item: &syn::Item, names: &BTreeSet<String>) -> Option<String> {
    let own = owner(item).filter(|o| names.contains(o));
    match item {
        syn::Item::Impl(i) if own.is_none() => {
            let (_, path, _) = i.trait_.as_ref()?;
            let mut all = Vec::new();
            idents(path.to_token_stream(), &mut all);
            all.into_iter().find(|i| names.contains(i))
        }
        _ => own,
    }
}

fn is_definition(item: &syn::Item) -> bool {
    matches!(
        item,
        syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Type(_)
    )
}

/// Every identifier in `tokens`, in order.
fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for t in tokens {
        match t {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

/// The types (of `names`) that `item` mentions.
fn mentions(item: &impl ToTokens, names: &BTreeSet<String>) -> BTreeSet<String> {
    let mut all = Vec::new();
    idents(item.to_token_stream(), &mut all);
    all.into_iter().filter(|i| names.contains(i)).collect()
}

/// `X` of every `types::builder::X` in `tokens`.
fn builder_paths(tokens: TokenStream, out: &mut BTreeSet<String>) {
    // Identifiers since the last token that is neither one nor a `:`.
    let mut run: Vec<String> = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Ident(i) => {
                run.push(i.to_string());
                if let [.., a, b, x] = run.as_slice() {
                    if a == "types" && b == "builder" {
                        out.insert(x.clone());
                    }
                }
            }
            TokenTree::Punct(p) if p.as_char() == ':' => {}
            TokenTree::Group(g) => {
                builder_paths(g.stream(), out);
                run.clear();
            }
            _ => run.clear(),
        }
    }
}

/// Drops the struct builders of types that no request body reaches (the
/// roots: every `types::builder::X` the client code names; then every type
/// their definitions mention, transitively). Returns how many were dropped.
pub fn answer_builders(file: &mut syn::File) -> usize {
    let mut roots = BTreeSet::new();
    for item in file
        .items
        .iter()
        .filter(|i| !matches!(i, syn::Item::Mod(m) if m.ident == "types"))
    {
        builder_paths(item.to_token_stream(), &mut roots);
    }
    let Some(types) = module_mut(&mut file.items, "types") else {
        return 0;
    };
    let names: BTreeSet<String> = types
        .iter()
        .filter(|i| is_definition(i))
        .filter_map(owner)
        .collect();
    let refs: HashMap<String, BTreeSet<String>> = types
        .iter()
        .filter(|i| is_definition(i))
        .filter_map(|i| Some((owner(i)?, mentions(i, &names))))
        .collect();
    let mut keep = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(t) = todo.pop() {
        if keep.insert(t.clone()) {
            todo.extend(refs.get(&t).into_iter().flatten().cloned());
        }
    }
    // `impl X { pub fn builder() -> builder::X }` of the others.
    for item in types.iter_mut() {
        if let syn::Item::Impl(i) = item {
            if i.trait_.is_none() && owner(item).is_some_and(|o| !keep.contains(&o)) {
                let syn::Item::Impl(i) = item else {
                    unreachable!()
                };
                i.items
                    .retain(|f| !matches!(f, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
            }
        }
    }
    types.retain(
        |item| !matches!(item, syn::Item::Impl(i) if i.items.is_empty() && i.trait_.is_none()),
    );
    let Some(builder) = module_mut(types, "builder") else {
        return 0;
    };
    let before = builder
        .iter()
        .filter(|i| matches!(i, syn::Item::Struct(_)))
        .count();
    builder.retain(|item| owner(item).is_none_or(|o| keep.contains(&o)));
    before
        - builder
            .iter()
            .filter(|i| matches!(i, syn::Item::Struct(_)))
            .count()
}

/// Removes `#[doc = …]` attributes, at any depth, so that two versions
/// whose descriptions differ only in prose share a type.
fn strip_docs(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut it = tokens.into_iter().peekable();
    while let Some(t) = it.next() {
        if let TokenTree::Punct(p) = &t {
            if p.as_char() == '#' {
                if let Some(TokenTree::Group(g)) = it.peek() {
                    let first = g.stream().into_iter().next();
                    if matches!(first, Some(TokenTree::Ident(i)) if i == "doc") {
                        it.next();
                        continue;
                    }
                }
            }
        }
        out.push(match t {
            TokenTree::Group(g) => {
                let mut n = proc_macro2::Group::new(g.delimiter(), strip_docs(g.stream()));
                n.set_span(g.span());
                TokenTree::Group(n)
            }
            t => t,
        });
    }
    out.into_iter().collect()
}

/// One generated type of one version: its items in `types` and in
/// `types::builder`.
struct Entry {
    version: usize,
    name: String,
    items: Vec<syn::Item>,
    builder: Vec<syn::Item>,
    refs: BTreeSet<String>,
}

/// What [`share_types`] did.
pub struct Shared {
    /// The module `crate::__shared` (one submodule per version that is the
    /// first of a shared type), as Rust.
    pub module: TokenStream,
    /// Per version (as given): the types it re-exports from another
    /// version's module, so that impls on them are written once (by the
    /// first version).
    pub elsewhere: Vec<BTreeSet<String>>,
    /// Per version: how many of its types are shared.
    pub counts: Vec<usize>,
}

/// Emits each type that several of `files` define identically once, and
/// re-exports it in each. `files` are in pin order with their module names.
pub fn share_types(files: &mut [(String, syn::File)]) -> Shared {
    let (entries, error_module) = collect(files);
    let class = classes(&entries);
    let home_of = homes(&entries, &class);
    let module = shared_module(files, &entries, &home_of, error_module.unwrap_or_default());
    let (elsewhere, counts) = reexport(files, &entries, &home_of);
    Shared {
        module,
        elsewhere,
        counts,
    }
}

/// Every type of every version, with its items; and typify's `error` module
/// (the same in every version).
fn collect(files: &mut [(String, syn::File)]) -> (Vec<Entry>, Option<Vec<syn::Item>>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut error_module = None;
    for (v, (_, file)) in files.iter_mut().enumerate() {
        let Some(types) = module_mut(&mut file.items, "types") else {
            continue;
        };
        let names: BTreeSet<String> = types
            .iter()
            .filter(|i| is_definition(i))
            .filter_map(owner)
            .collect();
        let mut by_name: BTreeMap<String, Entry> = BTreeMap::new();
        for item in types.iter() {
            if let Some(o) = owner_in(item, &names) {
                let e = by_name.entry(o.clone()).or_insert_with(|| Entry {
                    version: v,
                    name: o,
                    items: Vec::new(),
                    builder: Vec::new(),
                    refs: BTreeSet::new(),
                });
                e.refs.extend(mentions(item, &names));
                e.items.push(item.clone());
            }
        }
        if let Some(builder) = module(types, "builder") {
            for item in builder {
                if let Some(e) = owner_in(item, &names).and_then(|o| by_name.get_mut(&o)) {
                    e.refs.extend(mentions(item, &names));
                    e.builder.push(item.clone());
                }
            }
        }
        if error_module.is_none() {
            error_module = module(types, "error").cloned();
        }
        entries.extend(by_name.into_values());
    }

    (entries, error_module)
}

/// Where each entry stands: `(version, name)` → its index.
fn index_of(entries: &[Entry]) -> HashMap<(usize, &str), usize> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.version, e.name.as_str()), i))
        .collect()
}

/// Classes of equal types: equal text without docs, then refined until the
/// types behind each are in equal classes too (a fixpoint, so recursive
/// types are handled).
fn classes(entries: &[Entry]) -> Vec<usize> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut class: Vec<usize> = entries
        .iter()
        .map(|e| {
            let mut t = TokenStream::new();
            for i in e.items.iter().chain(&e.builder) {
                i.to_tokens(&mut t);
            }
            let text = strip_docs(t).to_string();
            let n = ids.len();
            *ids.entry(text).or_insert(n)
        })
        .collect();
    let index = index_of(entries);
    loop {
        let mut ids: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
        let next: Vec<usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let behind = e
                    .refs
                    .iter()
                    .map(|r| {
                        index
                            .get(&(e.version, r.as_str()))
                            .map_or(usize::MAX, |&j| class[j])
                    })
                    .collect();
                let n = ids.len();
                *ids.entry((class[i], behind)).or_insert(n)
            })
            .collect();
        let before = class.iter().collect::<BTreeSet<_>>().len();
        class = next;
        if ids.len() == before {
            break;
        }
    }
    class
}

/// Classes present in two or more versions are shared: entry → its home,
/// the first version of its class.
fn homes(entries: &[Entry], class: &[usize]) -> HashMap<usize, usize> {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        members.entry(*c).or_default().push(i);
    }
    let mut home_of: HashMap<usize, usize> = HashMap::new(); // entry -> home version
    for m in members.values().filter(|m| m.len() > 1) {
        let home = m.iter().map(|&i| entries[i].version).min().unwrap();
        for &i in m {
            home_of.insert(i, home);
        }
    }
    home_of
}

/// The module `crate::__shared`: one submodule per home version, holding
/// each shared type once (the items of its newest version, for the newest
/// docs) and importing what they stand on from other homes.
fn shared_module(
    files: &[(String, syn::File)],
    entries: &[Entry],
    home_of: &HashMap<usize, usize>,
    error_items: Vec<syn::Item>,
) -> TokenStream {
    let index = index_of(entries);
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new(); // home -> entries
    for (&i, &home) in home_of {
        members.entry(home).or_default().push(i);
    }
    // One entry per class: its newest version's.
    let mut homes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (home, list) in members {
        let mut newest: BTreeMap<&str, usize> = BTreeMap::new();
        for i in list {
            let slot = newest.entry(entries[i].name.as_str()).or_insert(i);
            if entries[i].version > entries[*slot].version {
                *slot = i;
            }
        }
        homes.insert(home, newest.into_values().collect());
    }

    let mut submodules = Vec::new();
    for (home, list) in &homes {
        let home_mod = format_ident!("{}", files[*home].0);
        let mut items = Vec::new();
        let mut builders = Vec::new();
        let mut imports = BTreeMap::<String, BTreeSet<String>>::new();
        for &i in list {
            let e = &entries[i];
            items.extend(e.items.iter().cloned());
            builders.extend(e.builder.iter().cloned());
            for r in &e.refs {
                let j = index[&(e.version, r.as_str())];
                let h = home_of[&j];
                if h != *home {
                    imports
                        .entry(files[h].0.clone())
                        .or_default()
                        .insert(r.clone());
                }
            }
        }
        let imports = imports.iter().map(|(m, names)| {
            let m = format_ident!("{m}");
            let names = names.iter().map(|n| format_ident!("{n}"));
            quote!(#[allow(unused_imports)] use super::#m::{#(#names),*};)
        });
        submodules.push(quote! {
            pub mod #home_mod {
                #(#imports)*
                pub mod error {
                    pub use crate::__shared::error::*;
                }
                #(#items)*
                pub mod builder {
                    #(#builders)*
                }
            }
        });
    }
    quote! {
        /// Error types.
        pub mod error {
            #(#error_items)*
        }
        #(#submodules)*
    }
}

/// Each version re-exports what it shares, and one ConversionError. Returns,
/// per version, the shared types whose home is another version, and how
/// many types it shares.
fn reexport(
    files: &mut [(String, syn::File)],
    entries: &[Entry],
    home_of: &HashMap<usize, usize>,
) -> (Vec<BTreeSet<String>>, Vec<usize>) {
    let mut elsewhere = vec![BTreeSet::new(); files.len()];
    let mut counts = vec![0; files.len()];
    let mut moved: Vec<BTreeMap<String, (String, bool)>> = vec![BTreeMap::new(); files.len()];
    for (i, e) in entries.iter().enumerate() {
        if let Some(&h) = home_of.get(&i) {
            moved[e.version].insert(e.name.clone(), (files[h].0.clone(), !e.builder.is_empty()));
            counts[e.version] += 1;
            if h != e.version {
                elsewhere[e.version].insert(e.name.clone());
            }
        }
    }
    for (v, (_, file)) in files.iter_mut().enumerate() {
        let Some(types) = module_mut(&mut file.items, "types") else {
            continue;
        };
        let gone = &moved[v];
        let names: BTreeSet<String> = types
            .iter()
            .filter(|i| is_definition(i))
            .filter_map(owner)
            .collect();
        types.retain(|item| owner_in(item, &names).is_none_or(|o| !gone.contains_key(&o)));
        let mut uses: BTreeMap<&str, Vec<syn::Ident>> = BTreeMap::new();
        let mut builder_uses: BTreeMap<&str, Vec<syn::Ident>> = BTreeMap::new();
        for (name, (home, has_builder)) in gone {
            uses.entry(home).or_default().push(format_ident!("{name}"));
            if *has_builder {
                builder_uses
                    .entry(home)
                    .or_default()
                    .push(format_ident!("{name}"));
            }
        }
        for (home, names) in &uses {
            let h = format_ident!("{home}");
            types.push(syn::parse_quote!(pub use crate::__shared::#h::{#(#names),*};));
        }
        if let Some(builder) = module_mut(types, "builder") {
            builder.retain(|item| owner_in(item, &names).is_none_or(|o| !gone.contains_key(&o)));
            for (home, names) in &builder_uses {
                let h = format_ident!("{home}");
                builder
                    .push(syn::parse_quote!(pub use crate::__shared::#h::builder::{#(#names),*};));
            }
        }
        if let Some(error) = module_mut(types, "error") {
            *error = vec![syn::parse_quote!(
                pub use crate::__shared::error::*;
            )];
        }
    }
    (elsewhere, counts)
}
