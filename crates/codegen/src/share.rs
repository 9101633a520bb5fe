//! Which types several enabled versions define identically, decided on the
//! patched specs before any Rust is generated.
//!
//! A component schema is one type in two versions when its schema, without
//! prose (`description`, `example`, …), is equal and every component it
//! refers to is one type too: a fixpoint over (version, component), so
//! recursive types are handled (as async-stripe's deduplication does on its
//! own model). Each class of equal components in two or more versions has a
//! home, the first version of the class: its code is generated once, from the
//! newest member's schema (the newest docs), into `crate::__shared::<home>`,
//! and each member version's generator replaces the component with
//! `crate::<module>::types::<Name>`, which re-exports it (progenitor's
//! `with_replacement`). `v2_13::types::Tag` *is* `v2_14::types::Tag`.
//!
//! Request-body roots are never shared: progenitor gives a call builder
//! `body_map` (a builder of the body) only for a body type it generates
//! itself, so each version keeps its own. What they are built from is shared.

use crate::passes::{direct_refs, pascal_case, METHODS};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which components of which versions are shared, and where each lives.
#[derive(Debug, Default)]
pub struct Plan {
    /// Per version (in the order given): its shared components, each with
    /// its home (the index of the first version of its class).
    pub shared: Vec<BTreeMap<String, usize>>,
    /// Per home: the components it holds, each with the version whose
    /// schema is emitted (the newest of its class).
    pub homes: BTreeMap<usize, BTreeMap<String, usize>>,
}

/// Keys that are prose: they change docs, never the generated type.
const PROSE: &[&str] = &[
    "description",
    "example",
    "examples",
    "externalDocs",
    "title",
];

/// `schema` as text with its object keys sorted and prose left out (at any
/// depth, but never a property that happens to be named like prose).
pub fn canonical(schema: &Value) -> String {
    fn norm(v: &Value, names: bool) -> Value {
        match v {
            Value::Object(map) => {
                let sorted: BTreeMap<&String, Value> = map
                    .iter()
                    .filter(|(k, _)| names || !PROSE.contains(&k.as_str()))
                    .map(|(k, c)| (k, norm(c, !names && k == "properties")))
                    .collect();
                Value::Object(sorted.into_iter().map(|(k, c)| (k.clone(), c)).collect())
            }
            Value::Array(list) => Value::Array(list.iter().map(|c| norm(c, false)).collect()),
            other => other.clone(),
        }
    }
    norm(schema, false).to_string()
}

/// Components that are a request body's type (see the module docs): named
/// by the body's schema, directly or as the one member of a `oneOf` /
/// `anyOf` / `allOf` (which progenitor takes as that member).
pub fn body_roots(doc: &Value) -> BTreeSet<String> {
    fn root(schema: &Value) -> Option<&str> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return r.strip_prefix("#/components/schemas/");
        }
        ["oneOf", "anyOf", "allOf"].iter().find_map(|k| {
            match schema.get(*k)?.as_array()?.as_slice() {
                [only] => root(only),
                _ => None,
            }
        })
    }
    let mut out = BTreeSet::new();
    for item in doc["paths"].as_object().into_iter().flat_map(Map::values) {
        for op in METHODS.iter().filter_map(|m| item.get(*m)) {
            let content = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object);
            for media in content.into_iter().flat_map(Map::values) {
                if let Some(name) = media.get("schema").and_then(root) {
                    out.insert(name.to_string());
                }
            }
        }
    }
    out
}

/// One component of one version.
struct Entry {
    version: usize,
    name: String,
    refs: Vec<String>,
}

/// Decides what `docs` (patched specs, in pin order) share.
pub fn plan(docs: &[&Value]) -> Plan {
    let mut entries = Vec::new();
    let mut keys = Vec::new();
    for (version, doc) in docs.iter().enumerate() {
        let roots = body_roots(doc);
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        for (name, schema) in schemas.into_iter().flatten() {
            // A body root is a class of its own (never equal to another).
            let key = (!roots.contains(name)).then(|| (name.clone(), canonical(schema)));
            keys.push(key);
            entries.push(Entry {
                version,
                name: name.clone(),
                refs: direct_refs(schema).into_iter().collect(),
            });
        }
    }
    let index: HashMap<(usize, &str), usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.version, e.name.as_str()), i))
        .collect();
    let mut ids: HashMap<&(String, String), usize> = HashMap::new();
    let mut class: Vec<usize> = Vec::with_capacity(entries.len());
    for (i, key) in keys.iter().enumerate() {
        class.push(match key {
            Some(k) => {
                let n = ids.len() + entries.len();
                *ids.entry(k).or_insert(n)
            }
            None => i,
        });
    }
    // Refine until the classes of what each refers to agree too.
    loop {
        let mut next_ids: HashMap<(usize, Vec<usize>), usize> = HashMap::new();
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
                let n = next_ids.len();
                *next_ids.entry((class[i], behind)).or_insert(n)
            })
            .collect();
        let before = class.iter().collect::<BTreeSet<_>>().len();
        class = next;
        if next_ids.len() == before {
            break;
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        members.entry(*c).or_default().push(i);
    }
    let mut out = Plan {
        shared: vec![BTreeMap::new(); docs.len()],
        homes: BTreeMap::new(),
    };
    for list in members.values().filter(|m| m.len() > 1) {
        // Entries are in version order: the first is the home, the last the newest.
        let (first, last) = (&entries[list[0]], &entries[list[list.len() - 1]]);
        for &i in list {
            out.shared[entries[i].version].insert(entries[i].name.clone(), first.version);
        }
        out.homes
            .entry(first.version)
            .or_default()
            .insert(first.name.clone(), last.version);
    }
    out
}

/// The spec a home's code is generated from: its components (each from the
/// version that holds its newest schema) and, for the ones they refer to in
/// other homes, their schemas too, which the generator replaces rather than
/// generates.
pub fn home_spec(docs: &[&Value], plan: &Plan, home: usize) -> Value {
    let mut schemas = Map::new();
    for (name, &from) in plan.homes.get(&home).into_iter().flatten() {
        let doc = docs[from];
        let schema = &doc["components"]["schemas"][name];
        for r in direct_refs(schema) {
            if !schemas.contains_key(&r) {
                schemas.insert(r.clone(), doc["components"]["schemas"][&r].clone());
            }
        }
        schemas.insert(name.clone(), schema.clone());
    }
    let doc = docs[home];
    serde_json::json!({
        "openapi": doc["openapi"],
        "info": doc["info"],
        "paths": {},
        "components": { "schemas": schemas },
    })
}

/// The Rust name typify gives component `name`.
pub fn rust_name(name: &str) -> String {
    pascal_case(name)
}

/// The plan as text, one line per shared type with the versions that share
/// it (`share/snapshots`, pinned for every pin at once).
#[allow(dead_code)] // the tests
pub fn listing(plan: &Plan, versions: &[&str]) -> String {
    let mut by_type: BTreeMap<(String, usize), Vec<&str>> = BTreeMap::new();
    for (v, shared) in plan.shared.iter().enumerate() {
        for (name, &home) in shared {
            by_type
                .entry((rust_name(name), home))
                .or_default()
                .push(versions[v]);
        }
    }
    let mut out = String::new();
    for ((name, _), vs) in by_type {
        out.push_str(&format!("{name}: {}\n", vs.join(" ")));
    }
    out
}

#[cfg(test)]
mod tests;
