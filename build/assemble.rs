//! Puts the generated modules together once every one is generated: which
//! struct builders each keeps (decided on typify's model), the re-exports of
//! the shared types each version's `types` holds, and one `ConversionError`
//! for all of them.

use crate::generate::Generated;
use crate::model::prune_builders;
use crate::share::{rust_name, Plan};
use crate::syntax::{builder_fields, last_ident, module, module_mut, unwrap};
use quote::format_ident;
use std::collections::{BTreeMap, BTreeSet};

/// A version's generated module and its name (`v2_14`).
pub struct Module {
    pub name: String,
    pub code: Generated,
}

/// The path by which version `module` names its shared type `name`.
pub fn version_path(module: &str, name: &str) -> String {
    format!("crate::{module}::types::{name}")
}

/// The path by which the home `home` holds shared type `name`.
pub fn home_path(home: &str, name: &str) -> String {
    format!("crate::__shared::{home}::{name}")
}

fn types_of<'a>(label: &str, file: &'a mut syn::File) -> Result<&'a mut Vec<syn::Item>, String> {
    module_mut(&mut file.items, "types")
        .ok_or_else(|| format!("{label}: the generated code has no `types` module"))
}

/// Keeps the struct builders that a request body reaches (the roots: the
/// body builders the client code names) and drops the others, in every
/// version and home. A version reaching a shared type marks it in its home;
/// homes are done newest first, since a home only refers to earlier ones.
pub fn builders(
    versions: &mut [Module],
    homes: &mut BTreeMap<usize, Generated>,
    reexported: &[BTreeMap<String, usize>],
) -> Result<(), String> {
    let mut home_roots: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let names: Vec<String> = versions.iter().map(|v| v.name.clone()).collect();
    let mut keeps = Vec::new();
    for v in versions.iter() {
        let roots = builder_fields(&v.code.file)
            .into_values()
            .flatten()
            .filter(|(n, _)| n == "body")
            .filter_map(|(_, ty)| Some(last_ident(unwrap(&ty, "Result")?)?.to_string()));
        let keep = v.code.model.reachable(roots);
        mark(&keep, &names, reexported, &mut home_roots);
        keeps.push(keep);
    }
    for (v, keep) in versions.iter_mut().zip(&keeps) {
        prune_builders(types_of(&v.name, &mut v.code.file)?, keep);
    }
    let homes_newest_first: Vec<usize> = homes.keys().rev().copied().collect();
    for h in homes_newest_first {
        let Some(home) = homes.get_mut(&h) else {
            continue;
        };
        let roots = home_roots.remove(&h).unwrap_or_default();
        let keep = home.model.reachable(roots);
        mark(&keep, &names, reexported, &mut home_roots);
        prune_builders(types_of("shared types", &mut home.file)?, &keep);
    }
    Ok(())
}

/// Per version: every type it re-exports from a home (its shared components
/// and the types generated inside them, e.g. `ArticleSearchResponseData`),
/// with that home.
pub fn reexports(plan: &Plan, homes: &BTreeMap<usize, Generated>) -> Vec<BTreeMap<String, usize>> {
    plan.shared
        .iter()
        .map(|shared| {
            let mut out = BTreeMap::new();
            for (component, &h) in shared {
                let Some(home) = homes.get(&h) else { continue };
                for n in home.model.reachable([rust_name(component)]) {
                    if home.model.refs.contains_key(&n) {
                        out.insert(n, h);
                    }
                }
            }
            out
        })
        .collect()
}

/// Marks the shared types among `seen` (paths of a version's or a home's
/// replaced types) as builder roots of their homes.
fn mark(
    seen: &BTreeSet<String>,
    names: &[String],
    reexported: &[BTreeMap<String, usize>],
    home_roots: &mut BTreeMap<usize, BTreeSet<String>>,
) {
    for path in seen {
        for (v, m) in names.iter().enumerate() {
            if let Some(n) = path.strip_prefix(&format!("crate::{m}::types::")) {
                if let Some(&h) = reexported[v].get(n) {
                    home_roots.entry(h).or_default().insert(n.to_string());
                }
            } else if let Some(n) = path.strip_prefix(&format!("crate::__shared::{m}::")) {
                home_roots.entry(v).or_default().insert(n.to_string());
            }
        }
    }
}

/// Each version's `types` re-exports its shared types (and their builders)
/// from their homes; every module's `error` is the one in `crate::__shared`.
/// Returns that one `error` module's items.
pub fn link(
    versions: &mut [Module],
    homes: &mut BTreeMap<usize, Generated>,
    reexported: &[BTreeMap<String, usize>],
) -> Result<Vec<syn::Item>, String> {
    let mut error = None;
    let one_error: syn::Item = syn::parse_quote!(
        pub use crate::__shared::error::*;
    );
    let mut unify = |label: &str, file: &mut syn::File| -> Result<(), String> {
        let types = types_of(label, file)?;
        if let Some(items) = module_mut(types, "error") {
            error.get_or_insert_with(|| items.clone());
            *items = vec![one_error.clone()];
        }
        Ok(())
    };
    for home in homes.values_mut() {
        unify("shared types", &mut home.file)?;
    }
    let home_names: Vec<String> = versions.iter().map(|v| v.name.clone()).collect();
    for (v, m) in versions.iter_mut().enumerate() {
        unify(&m.name, &mut m.code.file)?;
        let mut uses: BTreeMap<usize, Vec<syn::Ident>> = BTreeMap::new();
        let mut builder_uses: BTreeMap<usize, Vec<syn::Ident>> = BTreeMap::new();
        for (name, &h) in &reexported[v] {
            let home = homes
                .get(&h)
                .ok_or_else(|| format!("{}: no home generated for {name}", m.name))?;
            let has_builder = module(
                module(&home.file.items, "types").map_or(&[][..], |t| t),
                "builder",
            )
            .is_some_and(|b| {
                b.iter()
                    .any(|i| matches!(i, syn::Item::Struct(s) if s.ident == name))
            });
            if has_builder {
                builder_uses
                    .entry(h)
                    .or_default()
                    .push(format_ident!("{name}"));
            }
            uses.entry(h).or_default().push(format_ident!("{name}"));
        }
        let types = types_of(&m.name, &mut m.code.file)?;
        for (h, names) in &uses {
            let h = format_ident!("{}", home_names[*h]);
            types.push(syn::parse_quote!(pub use crate::__shared::#h::{#(#names),*};));
        }
        if !builder_uses.is_empty() {
            if module(types, "builder").is_none() {
                types.push(syn::parse_quote!(
                    /// Types for composing complex structures.
                    pub mod builder {}
                ));
            }
            let builder = module_mut(types, "builder")
                .ok_or_else(|| format!("{}: no `types::builder` module", m.name))?;
            for (h, names) in &builder_uses {
                let h = format_ident!("{}", home_names[*h]);
                builder
                    .push(syn::parse_quote!(pub use crate::__shared::#h::builder::{#(#names),*};));
            }
        }
    }
    error.ok_or_else(|| "no generated module has typify's `error` module".to_string())
}
