//! The project's fixes at named places of a spec, kept as data in
//! `openapi/patches/*.json`. Each file is a list of entries:
//!
//! ```json
//! { "reason": "one line: why", "versions": ["2.9", "2.10"],
//!   "patch": [ { "op": "add", "path": "/components/schemas/x", "value": {} } ] }
//! ```
//!
//! `versions` is optional (all versions). Operations are RFC 6902 `add`,
//! `replace`, `remove` and `merge` (RFC 7386 merge of `value` into the target).
//! A patch whose target is missing fails the build: patches never rot silently.

use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct PatchEntry {
    pub file: String,
    pub reason: String,
    pub versions: Option<Vec<String>>,
    pub ops: Vec<Value>,
}

impl PatchEntry {
    pub fn applies_to(&self, version: &str) -> bool {
        self.versions
            .as_ref()
            .is_none_or(|v| v.iter().any(|x| x == version))
    }
}

pub fn patch_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub fn read_all(dir: &Path) -> Result<Vec<PatchEntry>, String> {
    let mut out = Vec::new();
    for path in patch_files(dir) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        let list: Vec<Value> =
            serde_json::from_str(&text).map_err(|e| format!("openapi/patches/{name}: {e}"))?;
        for entry in list {
            let reason = entry["reason"].as_str().filter(|r| !r.trim().is_empty());
            let reason = reason
                .ok_or_else(|| format!("openapi/patches/{name}: every entry needs a `reason`"))?;
            let versions = match &entry["versions"] {
                Value::Null => None,
                Value::Array(v) => Some(
                    v.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect(),
                ),
                _ => {
                    return Err(format!(
                        "openapi/patches/{name}: `versions` must be a list of strings"
                    ))
                }
            };
            let ops = entry["patch"]
                .as_array()
                .cloned()
                .ok_or_else(|| format!("openapi/patches/{name}: `patch` must be a list"))?;
            out.push(PatchEntry {
                file: name.clone(),
                reason: reason.to_string(),
                versions,
                ops,
            });
        }
    }
    Ok(out)
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn split_pointer(ptr: &str) -> Result<(String, String), String> {
    let idx = ptr
        .rfind('/')
        .ok_or_else(|| format!("`{ptr}` is not a JSON pointer"))?;
    Ok((ptr[..idx].to_string(), unescape(&ptr[idx + 1..])))
}

/// RFC 7386 JSON merge patch.
pub fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let t = target.as_object_mut().expect("made an object above");
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// Applies one operation; errors name the pointer that failed.
pub fn apply_op(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = op["op"].as_str().ok_or("an operation lacks `op`")?;
    let path = op["path"].as_str().ok_or("an operation lacks `path`")?;
    let value = || {
        op.get("value")
            .cloned()
            .ok_or_else(|| format!("`{kind} {path}` lacks `value`"))
    };
    match kind {
        "merge" => {
            let target = doc
                .pointer_mut(path)
                .ok_or_else(|| format!("merge: `{path}` does not exist"))?;
            merge(target, &value()?);
        }
        "replace" => {
            let target = doc
                .pointer_mut(path)
                .ok_or_else(|| format!("replace: `{path}` does not exist"))?;
            *target = value()?;
        }
        "add" | "remove" => {
            let (parent, key) = split_pointer(path)?;
            let target = doc
                .pointer_mut(&parent)
                .ok_or_else(|| format!("{kind}: parent of `{path}` does not exist"))?;
            match (kind, target) {
                ("add", Value::Object(map)) => {
                    map.insert(key, value()?);
                }
                ("add", Value::Array(list)) if key == "-" => list.push(value()?),
                ("add", Value::Array(list)) => {
                    let i: usize = key
                        .parse()
                        .map_err(|_| format!("add: bad index in `{path}`"))?;
                    if i > list.len() {
                        return Err(format!("add: index out of range in `{path}`"));
                    }
                    list.insert(i, value()?);
                }
                ("remove", Value::Object(map)) => {
                    map.remove(&key)
                        .ok_or_else(|| format!("remove: `{path}` does not exist"))?;
                }
                ("remove", Value::Array(list)) => {
                    let i: usize = key
                        .parse()
                        .map_err(|_| format!("remove: bad index in `{path}`"))?;
                    if i >= list.len() {
                        return Err(format!("remove: `{path}` does not exist"));
                    }
                    list.remove(i);
                }
                _ => return Err(format!("{kind}: parent of `{path}` is not a container")),
            }
        }
        other => return Err(format!("unknown patch op `{other}` at `{path}`")),
    }
    Ok(())
}

/// Applies every entry that targets `version`; returns `(file, reason, ops)` applied.
pub fn apply_all(
    doc: &mut Value,
    version: &str,
    entries: &[PatchEntry],
) -> Result<Vec<(String, String, usize)>, String> {
    let mut applied = Vec::new();
    for e in entries.iter().filter(|e| e.applies_to(version)) {
        for op in &e.ops {
            apply_op(doc, op).map_err(|m| {
                format!(
                    "openapi/patches/{} ({}), version {version}: {m}",
                    e.file, e.reason
                )
            })?;
        }
        applied.push((e.file.clone(), e.reason.clone(), e.ops.len()));
    }
    Ok(applied)
}
