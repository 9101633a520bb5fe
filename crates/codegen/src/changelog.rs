//! What a revised description changes for users, computed on models (both
//! descriptions patched and passed as the build does, `model`, then `diff`):
//! operations added and removed, changes to their parameters, body and
//! answer, component types added, removed and changed, and patches whose
//! outcome changed. Prose and examples are not compared. Used by `xtask`.

use crate::{passes, patches};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One patch entry's outcome on the old and on the new description.
pub struct PatchChange {
    pub entry: String,
    pub old: patches::Outcome,
    pub new: patches::Outcome,
}

/// A version's changes; `render` prints it.
#[derive(Default)]
pub struct Changelog {
    pub ops_added: Vec<String>,
    pub ops_removed: Vec<String>,
    /// `(operation, changes)`.
    pub ops_changed: Vec<(String, Vec<String>)>,
    pub types_added: Vec<String>,
    pub types_removed: Vec<String>,
    pub types_changed: Vec<(String, Vec<String>)>,
    pub patches: Vec<PatchChange>,
}

/// The model the build generates from: `doc` with the patches that reach
/// `version` (each whole or not at all) and every pass applied; returns it
/// with each entry's outcome (`file (reason)`).
pub fn model(
    mut doc: Value,
    version: &str,
    order: &[&str],
    entries: &[patches::PatchEntry],
) -> (Value, Vec<(String, patches::Outcome)>) {
    let outcomes = patches::apply_each(&mut doc, version, order, entries)
        .into_iter()
        .map(|(e, o)| (format!("{} ({})", e.file, e.reason), o))
        .collect();
    passes::run_all(&mut doc);
    (doc, outcomes)
}

/// Compares two models of one version (see [`model`]).
pub fn diff(
    old: &(Value, Vec<(String, patches::Outcome)>),
    new: &(Value, Vec<(String, patches::Outcome)>),
) -> Changelog {
    let mut log = Changelog::default();
    let (a, b) = (operations(&old.0), operations(&new.0));
    for (key, op) in &b {
        match a.get(key) {
            None => log.ops_added.push(op_name(key, op)),
            Some(was) => {
                let changes = operation_changes(was, op);
                if !changes.is_empty() {
                    log.ops_changed.push((op_name(key, op), changes));
                }
            }
        }
    }
    let removed = a.iter().filter(|(k, _)| !b.contains_key(*k));
    log.ops_removed = removed.map(|(k, op)| op_name(k, op)).collect();
    let (a, b) = (
        &old.0["components"]["schemas"],
        &new.0["components"]["schemas"],
    );
    let names = |v: &Value| -> BTreeSet<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (na, nb) = (names(a), names(b));
    log.types_added = nb.difference(&na).cloned().collect();
    log.types_removed = na.difference(&nb).cloned().collect();
    for name in na.intersection(&nb) {
        let mut changes = Vec::new();
        schema_changes("", &a[name], &b[name], &mut changes);
        if !changes.is_empty() {
            log.types_changed.push((name.clone(), changes));
        }
    }
    let was: BTreeMap<&String, &patches::Outcome> = old.1.iter().map(|(e, o)| (e, o)).collect();
    for (entry, now) in &new.1 {
        let before = was
            .get(entry)
            .map_or(patches::Outcome::Applied(0), |o| (*o).clone());
        let applied = |o: &patches::Outcome| matches!(o, patches::Outcome::Applied(_));
        if !(applied(&before) && applied(now)) && before != *now {
            let (entry, new) = (entry.clone(), now.clone());
            log.patches.push(PatchChange {
                entry,
                old: before,
                new,
            });
        }
    }
    log
}

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "patch", "head", "options"];

/// `METHOD /path` → operation.
fn operations(doc: &Value) -> BTreeMap<String, &Value> {
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if METHODS.contains(&method.as_str()) {
                ops.insert(format!("{} {path}", method.to_uppercase()), op);
            }
        }
    }
    ops
}

fn op_name(key: &str, op: &Value) -> String {
    match op["operationId"].as_str() {
        Some(id) => format!("`{key}` (`{id}`)"),
        None => format!("`{key}`"),
    }
}

/// Parameters (by place and name), body and answer of one operation.
fn operation_changes(old: &Value, new: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if old["operationId"] != new["operationId"] {
        out.push(format!(
            "renamed from `{}`",
            old["operationId"].as_str().unwrap_or("?")
        ));
    }
    let params = |op: &Value| -> BTreeMap<String, Value> {
        let list = op["parameters"].as_array().into_iter().flatten();
        list.map(|p| {
            let key = format!(
                "{} parameter `{}`",
                p["in"].as_str().unwrap_or("?"),
                p["name"].as_str().unwrap_or("?")
            );
            (key, p.clone())
        })
        .collect()
    };
    let (a, b) = (params(old), params(new));
    for (k, p) in &b {
        match a.get(k) {
            None => out.push(format!("{k} added ({})", describe(p))),
            Some(q) if describe(q) != describe(p) => {
                out.push(format!("{k}: {} → {}", describe(q), describe(p)))
            }
            Some(q) => schema_changes(&format!("{k}: "), &q["schema"], &p["schema"], &mut out),
        }
    }
    out.extend(
        a.keys()
            .filter(|k| !b.contains_key(*k))
            .map(|k| format!("{k} removed")),
    );
    body_changes("body", &old["requestBody"], &new["requestBody"], &mut out);
    body_changes("answer", &success(old), &success(new), &mut out);
    if old["deprecated"] != new["deprecated"] && new["deprecated"] == true {
        out.push("now deprecated".into());
    }
    out
}

/// The operation's 2xx answer (one after the passes).
fn success(op: &Value) -> Value {
    let answers = op["responses"].as_object().into_iter().flatten();
    answers
        .filter(|(status, _)| status.starts_with('2'))
        .map(|(_, r)| r.clone())
        .next()
        .unwrap_or(Value::Null)
}

/// A body or answer: its media types and their schemas.
fn body_changes(what: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    let media = |v: &Value| -> BTreeMap<String, Value> {
        let content = v["content"].as_object().into_iter().flatten();
        content
            .map(|(m, c)| (m.clone(), c["schema"].clone()))
            .collect()
    };
    let (a, b) = (media(old), media(new));
    if a.is_empty() != b.is_empty() {
        let has = |m: &BTreeMap<String, Value>| match m.values().next() {
            Some(s) => ty(s),
            None => "none".into(),
        };
        out.push(format!("{what}: {} → {}", has(&a), has(&b)));
        return;
    }
    for (m, s) in &b {
        match a.get(m) {
            None => out.push(format!("{what}: `{m}` added ({})", ty(s))),
            Some(t) => schema_changes(&format!("{what}: "), t, s, out),
        }
    }
    for m in a.keys().filter(|m| !b.contains_key(*m)) {
        out.push(format!("{what}: `{m}` removed"));
    }
}

/// A parameter: its type, and whether it is required.
fn describe(p: &Value) -> String {
    let required = if p["required"] == true {
        ", required"
    } else {
        ""
    };
    format!("{}{required}", ty(&p["schema"]))
}

/// A schema's type in a few words: a component by name, inline ones by shape.
pub fn ty(s: &Value) -> String {
    let null = if s["nullable"] == true {
        " or null"
    } else {
        ""
    };
    if let Some(r) = s["$ref"].as_str() {
        return format!("`{}`{null}", r.rsplit('/').next().unwrap_or(r));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = s[key].as_array() {
            if let ([one], "allOf") = (list.as_slice(), key) {
                return format!("{}{null}", ty(one)); // a `$ref` with siblings
            }
            let parts: Vec<String> = list.iter().map(ty).collect();
            return format!("{key}({}){null}", parts.join(" | "));
        }
    }
    let t = match &s["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if s.get("properties").is_some() => "object".into(),
        _ => "any".into(),
    };
    match (t.as_str(), s["format"].as_str()) {
        ("array", _) => format!("array of {}{null}", ty(&s["items"])),
        ("object", _) if s.get("properties").is_none() && s["additionalProperties"].is_object() => {
            format!("map of {}{null}", ty(&s["additionalProperties"]))
        }
        (_, Some(f)) => format!("{t} ({f}){null}"),
        _ => format!("{t}{null}"),
    }
}

/// Field by field: added, removed, type changed, required or not, enum
/// values; inline objects and arrays are followed (`a.b`), components are
/// compared under their own name.
fn schema_changes(prefix: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    let (ta, tb) = (ty(old), ty(new));
    if ta != tb {
        out.push(format!("{prefix}type {ta} → {tb}"));
        return;
    }
    if old.get("$ref").is_some() {
        return;
    }
    let values = |s: &Value| -> BTreeSet<String> {
        let list = s["enum"].as_array().into_iter().flatten();
        list.map(|v| {
            v.as_str()
                .map_or_else(|| v.to_string(), |s| format!("`{s}`"))
        })
        .collect()
    };
    let (va, vb) = (values(old), values(new));
    let list = |s: BTreeSet<&String>| s.into_iter().cloned().collect::<Vec<_>>().join(", ");
    if !vb.is_empty() && vb.difference(&va).next().is_some() {
        out.push(format!(
            "{prefix}values added: {}",
            list(vb.difference(&va).collect())
        ));
    }
    if !va.is_empty() && va.difference(&vb).next().is_some() {
        out.push(format!(
            "{prefix}values removed: {}",
            list(va.difference(&vb).collect())
        ));
    }
    if ta.starts_with("array of") {
        return schema_changes(prefix, &old["items"], &new["items"], out);
    }
    let props = |s: &Value| s["properties"].as_object().cloned().unwrap_or_default();
    let required = |s: &Value| -> BTreeSet<String> {
        let list = s["required"].as_array().into_iter().flatten();
        list.filter_map(|v| v.as_str().map(String::from)).collect()
    };
    let (pa, pb, ra, rb) = (props(old), props(new), required(old), required(new));
    let dot = |f: &str| match prefix.strip_suffix(": ") {
        Some(p) if p.ends_with('`') => format!("{}.{f}`", &p[..p.len() - 1]),
        _ => format!("{prefix}field `{f}`"),
    };
    for (f, s) in &pb {
        match pa.get(f) {
            None => out.push(format!("{} added ({})", dot(f), ty(s))),
            Some(t) => schema_changes(&format!("{}: ", dot(f)), t, s, out),
        }
        if pa.contains_key(f) && ra.contains(f) != rb.contains(f) {
            let now = if rb.contains(f) {
                "now required"
            } else {
                "now optional"
            };
            out.push(format!("{} {now}", dot(f)));
        }
    }
    out.extend(
        pa.keys()
            .filter(|f| !pb.contains_key(*f))
            .map(|f| format!("{} removed", dot(f))),
    );
}

impl Changelog {
    pub fn is_empty(&self) -> bool {
        self.ops_added.is_empty()
            && self.ops_removed.is_empty()
            && self.ops_changed.is_empty()
            && self.types_added.is_empty()
            && self.types_removed.is_empty()
            && self.types_changed.is_empty()
            && self.patches.is_empty()
    }

    /// Patches that fail on the new description (the build stops there).
    pub fn broken_patches(&self) -> impl Iterator<Item = &PatchChange> {
        self.patches
            .iter()
            .filter(|p| !matches!(p.new, patches::Outcome::Applied(_)))
    }

    /// Markdown, one section per kind of change (for a CHANGELOG entry).
    pub fn render(&self, title: &str) -> String {
        let mut s = format!("### {title}\n");
        if self.is_empty() {
            s.push_str("\nNothing a caller sees changed (descriptions and examples only).\n");
        }
        let mut list = |head: &str, items: &[String]| {
            if !items.is_empty() {
                let _ = writeln!(s, "\n{head} ({}):", items.len());
                s.extend(items.iter().map(|i| format!("- {i}\n")));
            }
        };
        list("Operations added", &self.ops_added);
        list("Operations removed", &self.ops_removed);
        let joined = |v: &[(String, Vec<String>)]| -> Vec<String> {
            v.iter()
                .map(|(n, c)| format!("{n}: {}", c.join("; ")))
                .collect()
        };
        list("Operations changed", &joined(&self.ops_changed));
        let ticked = |v: &[String]| -> Vec<String> { v.iter().map(|n| format!("`{n}`")).collect() };
        list("Types added", &ticked(&self.types_added));
        list("Types removed", &ticked(&self.types_removed));
        let types: Vec<(String, Vec<String>)> = self
            .types_changed
            .iter()
            .map(|(n, c)| (format!("`{n}`"), c.clone()))
            .collect();
        list("Types changed", &joined(&types));
        let patches: Vec<String> = self.patches.iter().map(patch_line).collect();
        list("Patches (openapi/patches)", &patches);
        s
    }
}

/// What became of a patch, and what README says to do about it.
fn patch_line(p: &PatchChange) -> String {
    use patches::Outcome::*;
    let todo = "README, \"Adding a new API version\": check the new description, then narrow the \
                entry's range (`versions`/`except`), or add an entry for the new place; this tool \
                never edits patches";
    match (&p.old, &p.new) {
        (_, Fixed(m)) => format!("{}: no longer needed, {m}. {todo}", p.entry),
        (_, Missing(m)) => format!(
            "{}: no longer applies, target missing: {m}. {todo}",
            p.entry
        ),
        (Fixed(m), Applied(_)) => format!("{}: needed again (on the old file: {m})", p.entry),
        (Missing(m), Applied(_)) => format!("{}: applies again (on the old file: {m})", p.entry),
        (Applied(_), Applied(_)) => format!("{}: unchanged", p.entry),
    }
}

#[cfg(test)]
mod tests;
