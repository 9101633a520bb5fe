//! The data the docs are built from besides the specs, read with
//! `deny_unknown_fields`: `openapi/example-fixes.json` (example corrections
//! with their reasons), `openapi/operation-aliases.json` (corrected spellings
//! of operationIds with typos) and `openapi/sdk/` (Intercom's Fern overlays,
//! unmodified: the TypeScript SDK's `group.method` names).

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// One correction of an operation's example.
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct ExampleFix {
    /// The generated method's name (stable across versions).
    pub operation: String,
    pub reason: String,
    /// The versions it applies to (all when absent).
    #[serde(default)]
    pub versions: Option<Vec<String>>,
    /// Whole arguments by setter name (`body`, `contact_id`).
    #[serde(default)]
    pub args: Map<String, Value>,
    /// Not yet accepted (the reason says why): no arguments replaced.
    #[serde(default)]
    pub open: bool,
}

impl ExampleFix {
    pub fn applies(&self, version: &str) -> bool {
        self.versions
            .as_ref()
            .is_none_or(|v| v.iter().any(|x| x == version))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleFixes {
    #[allow(dead_code)]
    about: String,
    fixes: Vec<ExampleFix>,
}

/// Corrected spellings of one operationId.
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    pub operation: String,
    pub aliases: Vec<String>,
    #[allow(dead_code)]
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Aliases {
    #[allow(dead_code)]
    about: String,
    aliases: Vec<Alias>,
}

/// Everything read.
#[derive(Default)]
pub struct DocData {
    pub fixes: Vec<ExampleFix>,
    pub aliases: Vec<Alias>,
    /// Version (`2.14`, `Preview`) → `(METHOD, path)` → `group.method`.
    pub sdk: BTreeMap<String, BTreeMap<(String, String), String>>,
}

/// The overlay files of `openapi/sdk/` and the version each names.
const OVERLAYS: &[(&str, &str)] = &[
    ("2.14", "fern-openapi-overrides-2.14.yml"),
    ("Preview", "fern-preview-openapi-overrides.yml"),
];

impl DocData {
    /// Reads the files under `openapi` (this crate's folder).
    pub fn read(openapi: &Path) -> Result<DocData, String> {
        let read = |name: &str| {
            let p = openapi.join(name);
            std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
        };
        let fixes: ExampleFixes = serde_json::from_str(&read("example-fixes.json")?)
            .map_err(|e| format!("example-fixes.json: {e}"))?;
        let aliases: Aliases = serde_json::from_str(&read("operation-aliases.json")?)
            .map_err(|e| format!("operation-aliases.json: {e}"))?;
        let mut sdk = BTreeMap::new();
        for (version, file) in OVERLAYS {
            let doc: Value = yaml_serde::from_str(&read(&format!("sdk/{file}"))?)
                .map_err(|e| format!("sdk/{file}: {e}"))?;
            sdk.insert(version.to_string(), sdk_names(&doc));
        }
        Ok(DocData {
            fixes: fixes.fixes,
            aliases: aliases.aliases,
            sdk,
        })
    }

    /// The TypeScript SDK's name of an operation: the version's own overlay,
    /// else 2.14's (the SDK's names follow the path, not the version).
    pub fn sdk_name(&self, version: &str, method: &str, path: &str) -> Option<&str> {
        let key = (method.to_uppercase(), path.to_string());
        [version, "2.14"]
            .iter()
            .find_map(|v| self.sdk.get(*v)?.get(&key))
            .map(String::as_str)
    }
}

/// `(METHOD, path)` → `group.method` (camel case, as the SDK writes it).
pub fn sdk_names(overlay: &Value) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for (path, item) in overlay["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let groups: Vec<String> = op["x-fern-sdk-group-name"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(camel)
                .collect();
            let Some(name) = op["x-fern-sdk-method-name"].as_str() else {
                continue;
            };
            if groups.is_empty() {
                continue;
            }
            let key = (method.to_uppercase(), path.clone());
            out.insert(key, format!("{}.{name}", groups.join(".")));
        }
    }
    out
}

/// `data-export` / `data_export` → `dataExport`.
fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '-' || c == '_' || c == ' ' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_read_and_name_the_sdk_methods() {
        let d = DocData::read(&crate::root().join("openapi")).unwrap();
        assert!(d.fixes.iter().any(|f| f.operation == "create_note"));
        assert!(d.aliases.iter().any(|a| a.operation == "lisDataAttributes"));
        let attach = d.sdk_name("2.14", "post", "/contacts/{contact_id}/companies");
        assert_eq!(attach, Some("companies.attachContact"));
        // Preview's overlay names only its new operations; the rest are 2.14's.
        assert!(d.sdk_name("Preview", "get", "/me").is_some());
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = r#"{"operation": "x", "reason": "y", "arg": {}}"#;
        assert!(serde_json::from_str::<ExampleFix>(text).is_err());
    }

    #[test]
    fn group_names_are_camel_case() {
        assert_eq!(camel("data-export"), "dataExport");
        assert_eq!(camel("contacts"), "contacts");
    }
}
