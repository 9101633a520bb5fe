//! Pins (`openapi/versions.json`), spec loading and sha256 verification.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One pinned upstream description.
pub struct Pin {
    pub version: String,
    pub feature: String,
    pub file: String,
    pub sha256: String,
}

impl Pin {
    /// `2.14` → `v2_14`, the module name.
    pub fn module(&self) -> &str {
        &self.feature
    }
}

pub fn read_pins(path: &Path) -> Result<Vec<Pin>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not valid JSON: {e}", path.display()))?;
    let list = doc["versions"]
        .as_array()
        .ok_or_else(|| format!("{}: `versions` must be a list", path.display()))?;
    list.iter()
        .map(|v| {
            let field = |k: &str| {
                v[k].as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}: a version entry lacks `{k}`", path.display()))
            };
            Ok(Pin {
                version: field("version")?,
                feature: field("feature")?,
                file: field("file")?,
                sha256: field("sha256")?,
            })
        })
        .collect()
}

fn how_to_get() -> &'static str {
    "Intercom's descriptions come from https://github.com/intercom/Intercom-OpenAPI (the pinned \
     commit is named in openapi/versions.json). Clone it, or place its `descriptions/` folder, \
     and point INTERCOM_OPENAPI_DIR at that folder's parent (default: ../shared/intercom-openapi \
     beside this repository, set in .cargo/config.toml)."
}

/// Reads the pinned file from `dir`, verifies its sha256 and parses it.
pub fn load(dir: &Path, pin: &Pin) -> Result<(PathBuf, Value), String> {
    if !dir.is_dir() {
        return Err(format!(
            "INTERCOM_OPENAPI_DIR={} is not a directory, so the Intercom {} description cannot be read.\n{}",
            dir.display(),
            pin.version,
            how_to_get()
        ));
    }
    let path = dir.join(&pin.file);
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "cannot read the Intercom {} description at {}: {e}.\nExpected sha256 {}.\n{}",
            pin.version,
            path.display(),
            pin.sha256,
            how_to_get()
        )
    })?;
    let actual = hex(&Sha256::digest(&bytes));
    if actual != pin.sha256 {
        return Err(format!(
            "the Intercom {} description at {} does not match its pin.\n  expected sha256 {}\n  found    sha256 {}\n\
             Use the unmodified upstream file; if Intercom republished it, review the change and update the pin in \
             openapi/versions.json (and the surface snapshots).\n{}",
            pin.version,
            path.display(),
            pin.sha256,
            actual,
            how_to_get()
        ));
    }
    let doc: Value = serde_yaml::from_slice(&bytes)
        .map_err(|e| format!("{}: not valid YAML: {e}", path.display()))?;
    Ok((path, doc))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
