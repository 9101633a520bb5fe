//! Pins (`openapi/versions.json`), spec loading and sha256 verification.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// One pinned upstream description.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
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

    /// `v2_14` → `intercom_api_v2_14`: the version's crate (`crates/v2_14`,
    /// package `intercom-api-v2-14`), as the facade names it.
    pub fn crate_name(&self) -> String {
        format!("intercom_api_{}", self.feature)
    }
}

/// `openapi/versions.json`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Pins {
    #[serde(rename = "//")]
    _comment: Option<String>,
    #[serde(rename = "source")]
    _source: String,
    versions: Vec<Pin>,
}

/// The pins, oldest version first (the order `from` in patches counts in).
pub fn read_pins(path: &Path) -> Result<Vec<Pin>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let pins: Pins = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(pins.versions)
}

/// Where the packaged crate carries its descriptions (staged by
/// `scripts/package`; not in git).
pub const PACKAGED: &str = "openapi/upstream";

/// The folder holding `pin`'s `descriptions/<version>/api.intercom.io.yaml`:
/// the copy inside the package when it has that file (a user's build,
/// docs.rs), else `INTERCOM_OPENAPI_DIR` (this repository: `.cargo/config.toml`
/// sets it to `../shared/intercom-openapi`, made absolute). A relative path is
/// taken from `root`, the generator crate's folder (`crates/codegen` in
/// this repository): set an absolute one.
pub fn descriptions_dir(root: &Path, pin: &Pin) -> Result<PathBuf, String> {
    // (No rerun-if-changed on a folder that may not exist: cargo would then
    // rerun this script on every build. Either copy holds the same pinned,
    // sha256-checked bytes.)
    let packaged = root.join(PACKAGED);
    // An unpinned build reads the description the user points at, not the
    // packaged one.
    let user_dir = unpinned() && std::env::var_os("INTERCOM_OPENAPI_DIR").is_some();
    if packaged.join(&pin.file).is_file() && !user_dir {
        return Ok(packaged);
    }
    let dir = std::env::var_os("INTERCOM_OPENAPI_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "Intercom's OpenAPI descriptions were not found: this checkout has no packaged copy \
                 ({PACKAGED}/, which the published crate carries) and INTERCOM_OPENAPI_DIR is not set.\n{}",
                how_to_get()
            )
        })?;
    Ok(if dir.is_relative() {
        root.join(dir)
    } else {
        dir
    })
}

fn how_to_get() -> &'static str {
    "Intercom's descriptions come from https://github.com/intercom/Intercom-OpenAPI (the pinned \
     commit is named in openapi/versions.json). Clone it, or place its `descriptions/` folder, \
     and point INTERCOM_OPENAPI_DIR at that folder's parent (default: ../shared/intercom-openapi \
     beside this repository, set in .cargo/config.toml). A crate built by `scripts/package` carries \
     them and needs none of this."
}

/// Reads the pinned file from `dir`, verifies its sha256 and parses it
/// (scripts/update-specs, the tests; the build calls [`load_for_build`]).
#[allow(dead_code)]
pub fn load(dir: &Path, pin: &Pin) -> Result<(PathBuf, Value), String> {
    load_for_build(dir, pin, false).map(|(path, doc, _)| (path, doc))
}

/// `INTERCOM_API_UNPINNED` set (to anything but `0` or nothing): the user
/// opts in to a description newer than the pin (`INTERCOM_OPENAPI_DIR`).
pub fn unpinned() -> bool {
    std::env::var("INTERCOM_API_UNPINNED").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// [`load`]; with `unpinned`, a file that does not match its pin is read
/// anyway, and the warning to print (the file, its sha256, unpinned) comes
/// back with it.
pub fn load_for_build(
    dir: &Path,
    pin: &Pin,
    unpinned: bool,
) -> Result<(PathBuf, Value, Option<String>), String> {
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
    let actual = sha256(&bytes);
    let mut note = None;
    if actual != pin.sha256 && unpinned {
        note = Some(format!(
            "INTERCOM_API_UNPINNED: building Intercom {} from {} (sha256 {actual}), which is not \
             the pinned description (sha256 {}): an unreviewed surface; patches Intercom made \
             unnecessary are skipped",
            pin.version,
            path.display(),
            pin.sha256
        ));
    } else if actual != pin.sha256 {
        return Err(format!(
            "the Intercom {} description at {} does not match its pin.\n  expected sha256 {}\n  found    sha256 {}\n\
             Use the unmodified upstream file; if Intercom republished it, run `scripts/update-specs` \
             (README, \"Following Intercom's revisions\"), or set INTERCOM_API_UNPINNED=1 to build it unreviewed.\n{}",
            pin.version,
            path.display(),
            pin.sha256,
            actual,
            how_to_get()
        ));
    }
    let doc: Value = yaml_serde::from_slice(&bytes)
        .map_err(|e| format!("{}: not valid YAML: {e}", path.display()))?;
    Ok((path, doc, note))
}

/// The sha256 of `bytes`, in lower-case hex (as pinned).
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
