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

/// The path by which a version names its shared type `name`: each version
/// is a crate of its own, whose `types` re-exports it.
pub fn version_path(name: &str) -> String {
    format!("crate::types::{name}")
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
/// body builders the client code names; then every type behind them, across
/// the shared homes) and drops the others, in every version and home.
/// Returns, per version, how many of its types' builders are dropped.
pub fn builders(
    versions: &mut [Module],
    homes: &mut BTreeMap<usize, Generated>,
    reexported: &[BTreeMap<String, usize>],
) -> Result<Vec<usize>, String> {
    let names: Vec<String> = versions.iter().map(|v| v.name.clone()).collect();
    let home_builders: BTreeMap<usize, BTreeSet<String>> = homes
        .iter()
        .map(|(h, g)| (*h, builder_structs(&g.file)))
        .collect();
    let mut home_keep: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut keeps = Vec::new();
    let mut dropped = Vec::new();
    for (v, m) in versions.iter().enumerate() {
        let roots = builder_fields(&m.code.file)
            .into_values()
            .flatten()
            .filter(|(n, _)| n == "body")
            .filter_map(|(_, ty)| Some(last_ident(unwrap(&ty, "Result")?)?.to_string()));
        let reached = reach(roots, &m.code.model, homes, &reexported[v], &names);
        let mut keep = BTreeSet::new();
        for (home, n) in &reached {
            match home {
                None => keep.insert(n.clone()),
                Some(h) => home_keep.entry(*h).or_default().insert(n.clone()),
            };
        }
        // This version's struct builders as typify emitted them, its own
        // and those of the types it re-exports.
        let universe = builder_structs(&m.code.file)
            .into_iter()
            .map(|n| (None, n))
            .chain(
                reexported[v]
                    .iter()
                    .filter(|(n, h)| home_builders.get(h).is_some_and(|b| b.contains(*n)))
                    .map(|(n, h)| (Some(*h), n.clone())),
            );
        dropped.push(universe.filter(|s| !reached.contains(s)).count());
        keeps.push(keep);
    }
    for (v, keep) in versions.iter_mut().zip(&keeps) {
        prune_builders(types_of(&v.name, &mut v.code.file)?, keep);
    }
    for (h, home) in homes.iter_mut() {
        let keep = home_keep.remove(h).unwrap_or_default();
        prune_builders(types_of("shared types", &mut home.file)?, &keep);
    }
    Ok(dropped)
}

/// The struct builders typify emitted in a module (`types::builder`).
fn builder_structs(file: &syn::File) -> BTreeSet<String> {
    let types = module(&file.items, "types").map_or(&[][..], |t| t);
    module(types, "builder")
        .into_iter()
        .flatten()
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// A type where it is generated: `None` for version `v`'s own module, or
/// the shared home's index.
type Place = (Option<usize>, String);

/// The types reachable from `roots` (types of one version), following its
/// shared types into their homes.
fn reach(
    roots: impl Iterator<Item = String>,
    own: &crate::model::TypeModel,
    homes: &BTreeMap<usize, Generated>,
    reexported: &BTreeMap<String, usize>,
    names: &[String],
) -> BTreeSet<Place> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<Place> = roots.map(|n| (None, n)).collect();
    while let Some((at, name)) = todo.pop() {
        // A re-exported name is the home's type.
        let place = match (at, reexported.get(&name)) {
            (None, Some(&h)) if !own.refs.contains_key(&name) => (Some(h), name),
            _ => (at, name),
        };
        let model = match place.0 {
            None => own,
            Some(h) => match homes.get(&h) {
                Some(g) => &g.model,
                None => continue,
            },
        };
        let Some(refs) = model.refs.get(&place.1) else {
            continue;
        };
        if !seen.insert(place.clone()) {
            continue;
        }
        for r in refs {
            let own_path = r.strip_prefix("crate::types::");
            let home_path = names.iter().enumerate().find_map(|(h, m)| {
                r.strip_prefix(&format!("crate::__shared::{m}::"))
                    .map(|n| (h, n))
            });
            todo.push(match (own_path, home_path) {
                (Some(n), _) => (None, n.to_string()),
                (None, Some((h, n))) => (Some(h), n.to_string()),
                (None, None) => (place.0, r.clone()),
            });
        }
    }
    seen
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
    match error {
        Some(items) => Ok(items),
        None if versions.is_empty() => Ok(Vec::new()),
        None => Err("no generated module has typify's `error` module".to_string()),
    }
}

/// What setters.rs needs of a module, from typify's model: `others`
/// are the models whose one-value enums this module may name.
fn setter_facts<'a>(
    own: &crate::model::TypeModel,
    others: impl Iterator<Item = (&'a String, &'a crate::model::TypeModel)>,
) -> crate::setters::Facts {
    use crate::model::Shape;
    let mut tags = BTreeMap::new();
    let mut shared_unions = BTreeMap::new();
    for (name, model) in others {
        if let Some(v) = model.tags.get(name) {
            tags.insert(name.clone(), v.clone());
        }
        if let Some(u) = model.unions.get(name) {
            shared_unions.insert(name.clone(), u.clone());
        }
    }
    tags.extend(own.tags.clone());
    crate::setters::Facts {
        tags,
        texts: own
            .texts
            .keys()
            .filter(|e| {
                own.impls
                    .get(*e)
                    .is_some_and(|i| i.contains(&progenitor::TypeImpl::FromStr))
            })
            .cloned()
            .collect(),
        maps: own.maps.clone(),
        unions: own.unions.clone(),
        shared_unions,
        optional: own
            .fields
            .iter()
            .map(|(s, fields)| {
                let optional = fields
                    .iter()
                    .filter(|(_, shape)| matches!(shape, Shape::Option(_)))
                    .map(|(f, _)| f.clone());
                (s.clone(), optional.collect())
            })
            .collect(),
    }
}

/// Applies setters.rs to every version and home (after [`link`]:
/// the builders each keeps are known and re-exported). Returns, per version,
/// what it changed.
pub fn setters(
    versions: &mut [Module],
    homes: &mut BTreeMap<usize, Generated>,
    reexported: &[BTreeMap<String, usize>],
) -> Vec<crate::setters::Applied> {
    let mut applied = Vec::new();
    for (v, m) in versions.iter_mut().enumerate() {
        let facts = {
            let others: Vec<(&String, &crate::model::TypeModel)> = reexported[v]
                .iter()
                .filter_map(|(n, h)| Some((n, &homes.get(h)?.model)))
                .collect();
            setter_facts(&m.code.model, others.into_iter())
        };
        applied.push(crate::setters::apply(&mut m.code.file, &facts));
    }
    let keys: Vec<usize> = homes.keys().copied().collect();
    for h in keys {
        let facts = {
            let others: Vec<(&String, &crate::model::TypeModel)> = homes
                .iter()
                .filter(|(o, _)| **o != h)
                .flat_map(|(_, g)| g.model.tags.keys().map(move |n| (n, &g.model)))
                .collect();
            setter_facts(&homes[&h].model, others.into_iter())
        };
        if let Some(home) = homes.get_mut(&h) {
            crate::setters::apply(&mut home.file, &facts);
        }
    }
    applied
}
